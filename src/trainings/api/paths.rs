//! Learning paths, the satisfaction questionnaire and its results in the API:
//! `POST /api/v1/training-paths`, `GET`/`PUT /api/v1/training-paths/{id}`,
//! `GET /api/v1/training-paths/{id}/progress` (the caller's), `PUT /api/v1/surveys/{token}`
//! (the learner's answers, with the token of their email and no login), and
//! `GET /api/v1/trainings/{id}/satisfaction` (the training's keepers).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{NetworkId, PathId, PlaceId, TrainingId};
use crate::state::AppState;
use crate::trainings::followup::{self, Answers, Results};
use crate::trainings::model::paths::{LearningPath, Progress, Step, StepInput};
use crate::trainings::service::{self, PathDraft};

type E = crate::error::ApiErrorBody;

/// A learning path to write.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PathInput {
    pub title: String,
    /// Rich text (sanitized).
    #[serde(default)]
    pub description: String,
    /// The provider, at creation (one of the two; ignored by `PUT`).
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    /// The steps, in order: each one training, or up to five to choose from.
    pub steps: Vec<StepInput>,
}

#[derive(Serialize, ToSchema)]
pub struct PathCreated {
    pub id: PathId,
    pub slug: String,
    pub url: String,
}

/// A learning path as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct PathOut {
    pub id: PathId,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub provider_name: String,
    pub url: String,
    pub steps: Vec<Step>,
}

async fn out(state: &AppState, p: LearningPath) -> Result<PathOut, AppError> {
    let steps = service::path_steps(state, p.id).await?;
    Ok(PathOut {
        url: format!(
            "{}{}",
            state.config.base_url.trim_end_matches('/'),
            p.path()
        ),
        id: p.id,
        slug: p.slug,
        title: p.title,
        description: p.description,
        network_id: p.network_id,
        place_id: p.place_id,
        provider_name: p.provider_name,
        steps,
    })
}

fn draft(b: PathInput) -> PathDraft {
    PathDraft {
        title: b.title,
        description: b.description,
        network_id: b.network_id,
        place_id: b.place_id,
        steps: b.steps,
        errors: FieldErrors::default(),
    }
}

/// Writes a learning path of a network (its animators) or of a place (its managers and its
/// networks' animators): its steps hold the provider's trainings (for a network, its
/// places' too; for a place, its networks' too).
#[utoipa::path(
    post, path = "/api/v1/training-paths", tag = "formations", operation_id = "create_training_path",
    request_body = PathInput,
    responses(
        (status = 201, description = "Parcours créé", body = PathCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gérants du lieu ou aux animateurs du réseau", body = E),
        (status = 404, description = "Lieu ou réseau inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_path(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<PathInput>,
) -> ApiResult<(StatusCode, Json<PathCreated>)> {
    let who = api_user(&ctx)?;
    let p = service::create_path(&state, who, draft(b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(PathCreated {
            url: format!(
                "{}{}",
                state.config.base_url.trim_end_matches('/'),
                p.path()
            ),
            id: p.id,
            slug: p.slug,
        }),
    ))
}

/// A learning path and its steps (public).
#[utoipa::path(
    get, path = "/api/v1/training-paths/{id}", tag = "formations", operation_id = "get_training_path",
    params(("id" = i64, Path, description = "Identifiant du parcours")),
    responses(
        (status = 200, description = "Le parcours", body = PathOut),
        (status = 404, description = "Inconnu", body = E),
    )
)]
pub async fn get_path(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<PathId>,
) -> ApiResult<Json<PathOut>> {
    let p = service::path_by_id(&state, id).await?;
    Ok(Json(out(&state, p).await?))
}

/// Rewrites a learning path (title, description, steps; its provider stays), checked as at
/// creation.
#[utoipa::path(
    put, path = "/api/v1/training-paths/{id}", tag = "formations", operation_id = "update_training_path",
    params(("id" = i64, Path, description = "Identifiant du parcours")),
    request_body = PathInput,
    responses(
        (status = 200, description = "Modifié", body = PathOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gérants du lieu ou aux animateurs du réseau", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn update_path(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PathId>,
    JsonIn(b): JsonIn<PathInput>,
) -> ApiResult<Json<PathOut>> {
    let who = api_user(&ctx)?;
    let p = service::update_path(&state, who, id, draft(b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(out(&state, p).await?))
}

/// Where the caller stands on a path: per step, the training that completed it (present
/// every half-day of a session of it that is over).
#[utoipa::path(
    get, path = "/api/v1/training-paths/{id}/progress", tag = "formations", operation_id = "get_training_path_progress",
    params(("id" = i64, Path, description = "Identifiant du parcours")),
    responses(
        (status = 200, description = "La progression", body = Progress),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn path_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PathId>,
) -> ApiResult<Json<Progress>> {
    let who = api_user(&ctx)?;
    let run = async {
        let p = service::path_by_id(&state, id).await?;
        let steps = service::path_steps(&state, p.id).await?;
        service::path_progress(&state, who.user.id, &steps).await
    };
    Ok(Json(run.await.map_err(|e| ApiError(e, ctx.lang))?))
}

/// Answers the satisfaction questionnaire of the email's link (its token; no login), or
/// changes the answers while it is open (60 days): each mark from 1 to 5, `recommend`, an
/// optional comment.
#[utoipa::path(
    put, path = "/api/v1/surveys/{token}", tag = "formations", operation_id = "answer_training_survey",
    params(("token" = String, Path, description = "Le jeton du lien reçu par courriel")),
    request_body = Answers,
    responses(
        (status = 204, description = "Réponses enregistrées"),
        (status = 404, description = "Questionnaire inconnu", body = E),
        (status = 409, description = "Questionnaire clos", body = E),
        (status = 422, description = "Champs invalides", body = E),
    )
)]
pub async fn answer_survey(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(token): ApiPath<String>,
    JsonIn(b): JsonIn<Answers>,
) -> ApiResult<StatusCode> {
    followup::answer(&state, &token, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The satisfaction of a training over its sessions: questionnaires sent and answered, mean
/// and spread of each mark, share who would recommend it, comments without names. For its
/// trainers and its provider's managers (404 for others).
#[utoipa::path(
    get, path = "/api/v1/trainings/{id}/satisfaction", tag = "formations", operation_id = "get_training_satisfaction",
    params(("id" = i64, Path, description = "Identifiant de la formation")),
    responses(
        (status = 200, description = "Les résultats", body = Results),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn satisfaction(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TrainingId>,
) -> ApiResult<Json<Results>> {
    let who = api_user(&ctx)?;
    let run = async {
        let t = service::by_id(&state, id).await?;
        if !crate::trainings::attendance::may_record(&state, who, &t).await? {
            return Err(AppError::NotFound);
        }
        followup::results(&state, t.id, None).await
    };
    Ok(Json(run.await.map_err(|e| ApiError(e, ctx.lang))?))
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/training-paths", post(create_path))
        .route(
            "/api/v1/training-paths/{id}",
            get(get_path).put(update_path),
        )
        .route("/api/v1/training-paths/{id}/progress", get(path_progress))
        .route("/api/v1/surveys/{token}", put(answer_survey))
        .route("/api/v1/trainings/{id}/satisfaction", get(satisfaction))
}
