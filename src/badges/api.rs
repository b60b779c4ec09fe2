//! Badges in the API: `POST /api/v1/achievements`, `GET /api/v1/achievements/{id}`,
//! `POST /api/v1/achievements/{id}/awards`, `GET /api/v1/credentials/{id}`,
//! `POST /api/v1/credentials/{id}/revoke`, `POST /api/v1/credentials/verify`,
//! `GET /api/v1/issuers/{issuer}` (the profile with its keys) and
//! `POST /api/v1/issuers/{issuer}/keys` (a rotation).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{self, Achievement, AchievementInput, Credential, Verification};
use super::service::{self, Draft, Recipient};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{AchievementId, CredentialId, NetworkId, PlaceId, UserId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

/// An achievement as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct AchievementOut {
    pub id: AchievementId,
    pub name: String,
    pub description: String,
    pub criteria: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub issuer_name: String,
    /// The issuer's profile (JSON with `Accept: application/json`).
    pub issuer_url: String,
    pub image_url: String,
    pub tags: Vec<String>,
    /// The aligned skill of the actors' vocabulary, if any.
    pub skill: Option<String>,
    /// Awarded automatically on completing this training, or this path.
    #[schema(value_type = Option<i64>)]
    pub training_id: Option<crate::ids::TrainingId>,
    #[schema(value_type = Option<i64>)]
    pub path_id: Option<crate::ids::PathId>,
    /// Its page, which is its `id` in the credentials.
    pub url: String,
}

fn achievement_out(state: &AppState, a: Achievement) -> AchievementOut {
    AchievementOut {
        issuer_url: model::issuer_url(base(state), a.issuer()),
        url: model::achievement_url(base(state), a.id),
        tags: a.tag_list(),
        id: a.id,
        name: a.name,
        description: a.description,
        criteria: a.criteria,
        network_id: a.network_id,
        place_id: a.place_id,
        issuer_name: a.issuer_name,
        image_url: a.image_url,
        skill: a.skill_name,
        training_id: a.training_id,
        path_id: a.path_id,
    }
}

#[derive(Serialize, ToSchema)]
pub struct AchievementCreated {
    pub id: AchievementId,
    pub url: String,
}

/// Defines an achievement of a network (its animators) or of a place (its managers and its
/// networks' animators); instance admins everywhere.
#[utoipa::path(
    post, path = "/api/v1/achievements", tag = "badges", operation_id = "create_achievement",
    request_body = AchievementInput,
    responses(
        (status = 201, description = "Réalisation créée", body = AchievementCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gérants du lieu ou aux animateurs du réseau", body = E),
        (status = 404, description = "Lieu ou réseau inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_achievement(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<AchievementInput>,
) -> ApiResult<(StatusCode, Json<AchievementCreated>)> {
    let who = api_user(&ctx)?;
    let a = service::create_achievement(
        &state,
        who,
        Draft {
            name: b.name,
            description: b.description,
            criteria: b.criteria,
            network_id: b.network_id,
            place_id: b.place_id,
            image_url: b.image_url.unwrap_or_default(),
            tags: b.tags.unwrap_or_default(),
            skill: b.skill.unwrap_or_default(),
            training_id: b.training_id,
            path_id: b.path_id,
            errors: FieldErrors::default(),
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(AchievementCreated {
            url: model::achievement_url(base(&state), a.id),
            id: a.id,
        }),
    ))
}

/// An achievement (public).
#[utoipa::path(
    get, path = "/api/v1/achievements/{id}", tag = "badges", operation_id = "get_achievement",
    params(("id" = i64, Path, description = "L'identifiant de la réalisation")),
    responses(
        (status = 200, description = "La réalisation", body = AchievementOut),
        (status = 404, description = "Réalisation inconnue", body = E),
    )
)]
pub async fn get_achievement(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AchievementId>,
) -> ApiResult<Json<AchievementOut>> {
    let a = service::achievement(&state, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(achievement_out(&state, a)))
}

/// Who receives a badge: an account, by its id or its email address (one of the two).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AwardInput {
    pub user_id: Option<UserId>,
    pub email: Option<String>,
    /// The end of its validity (RFC 3339); none: it does not expire.
    pub valid_until: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AwardCreated {
    pub credential_id: CredentialId,
    /// The credential's public verification page, which is also its `id` (its JSON with
    /// `Accept: application/json`, or at `…json`).
    pub credential_url: String,
}

/// Awards an achievement to an account: issues a signed `OpenBadgeCredential` (the issuer's
/// writers). 409 `already_awarded` when the person holds it (and it is not revoked).
#[utoipa::path(
    post, path = "/api/v1/achievements/{id}/awards", tag = "badges", operation_id = "award_achievement",
    params(("id" = i64, Path, description = "L'identifiant de la réalisation")),
    request_body = AwardInput,
    responses(
        (status = 201, description = "Badge décerné", body = AwardCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui décernent les badges de l'émetteur", body = E),
        (status = 404, description = "Réalisation inconnue", body = E),
        (status = 409, description = "Déjà décerné à cette personne", body = E),
        (status = 422, description = "Compte inconnu ou champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn award(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<AchievementId>,
    JsonIn(b): JsonIn<AwardInput>,
) -> ApiResult<(StatusCode, Json<AwardCreated>)> {
    let who = api_user(&ctx)?;
    let err = |e| ApiError(e, ctx.lang);
    service::awardable(&state, who, id).await.map_err(err)?;
    let mut errors = FieldErrors::default();
    let to = match (b.user_id, b.email) {
        (Some(u), None) => Some(Recipient::User(u)),
        (None, Some(e)) => Some(Recipient::Email(e)),
        _ => {
            errors.add("email", "badge-error-recipient-one");
            None
        }
    };
    let until = match b.valid_until.as_deref() {
        None => None,
        Some(t) => match chrono::DateTime::parse_from_rfc3339(t) {
            Ok(d) => Some(d.timestamp_millis()),
            Err(_) => {
                errors.add("valid_until", "badge-error-valid-until");
                None
            }
        },
    };
    errors.into_result().map_err(err)?;
    let to = to.ok_or(AppError::NotFound).map_err(err)?;
    let c = service::award(&state, who, id, to, until)
        .await
        .map_err(err)?;
    Ok((
        StatusCode::CREATED,
        Json(AwardCreated {
            credential_url: model::credential_url(base(&state), &c.uid),
            credential_id: c.id,
        }),
    ))
}

/// The credential's JSON, signed, as issued (its holder, its issuer's writers; anyone at its
/// public URL).
#[utoipa::path(
    get, path = "/api/v1/credentials/{id}", tag = "badges", operation_id = "get_credential",
    params(("id" = i64, Path, description = "L'identifiant du badge décerné")),
    responses(
        (status = 200, description = "L'OpenBadgeCredential signé", body = Object),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Badge inconnu", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_credential(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CredentialId>,
) -> ApiResult<Json<serde_json::Value>> {
    let who = api_user(&ctx)?;
    let c = service::readable(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(c.json()))
}

#[derive(Serialize, ToSchema)]
pub struct Revoked {
    pub credential_id: CredentialId,
    /// When it was revoked (RFC 3339).
    pub revoked_at: String,
    /// The status list whose bit is now set.
    pub status_list_credential: String,
    pub status_list_index: i32,
}

fn revoked(state: &AppState, c: &Credential) -> Revoked {
    Revoked {
        credential_id: c.id,
        revoked_at: crate::clock::rfc3339(c.revoked_at.unwrap_or(c.issued_at)),
        status_list_credential: model::status_list_url(base(state), c.status_list_id),
        status_list_index: c.status_index,
    }
}

/// Revokes a credential (its issuer's writers): its bit of the status list is set, so every
/// verifier finds it revoked. Revoking twice keeps the first date.
#[utoipa::path(
    post, path = "/api/v1/credentials/{id}/revoke", tag = "badges", operation_id = "revoke_credential",
    params(("id" = i64, Path, description = "L'identifiant du badge décerné")),
    responses(
        (status = 200, description = "Badge révoqué", body = Revoked),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Badge inconnu", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CredentialId>,
) -> ApiResult<Json<Revoked>> {
    let who = api_user(&ctx)?;
    let c = service::revoke(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(revoked(&state, &c)))
}

/// Verifies a credential (the body): its `eddsa-rdfc-2022` proof, that the key is one of its
/// issuer's here, its revocation status and its validity period. Answers 200 in every case,
/// with `valid` and, when false, the `failure` and its reason.
#[utoipa::path(
    post, path = "/api/v1/credentials/verify", tag = "badges", operation_id = "verify_credential",
    request_body(content = Object, description = "Un OpenBadgeCredential signé"),
    responses(
        (status = 200, description = "Le résultat de la vérification", body = Verification),
        (status = 400, description = "Corps illisible", body = E),
    )
)]
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(doc): JsonIn<serde_json::Value>,
) -> ApiResult<Json<Verification>> {
    let v = service::verify(&state, ctx.lang, &doc)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(v))
}

fn issuer_of(key: &str) -> Result<model::Provider, AppError> {
    model::parse_issuer_key(key).ok_or(AppError::NotFound)
}

/// An issuer's profile and controller document: its `Multikey`s, retired ones included (also
/// at `/badges/emetteurs/{issuer}` with `Accept: application/json`).
#[utoipa::path(
    get, path = "/api/v1/issuers/{issuer}", tag = "badges", operation_id = "get_issuer",
    params(("issuer" = String, Path, description = "`reseau-{id}` ou `lieu-{id}`")),
    responses(
        (status = 200, description = "Le profil de l'émetteur", body = Object),
        (status = 404, description = "Émetteur inconnu", body = E),
    )
)]
pub async fn get_issuer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let err = |e| ApiError(e, ctx.lang);
    let issuer = issuer_of(&key).map_err(err)?;
    Ok(Json(service::profile(&state, issuer).await.map_err(err)?))
}

#[derive(Serialize, ToSchema)]
pub struct KeyOut {
    /// The verification method (`…#key-n`).
    pub id: String,
    pub public_key_multibase: String,
}

/// Rotates the issuer's key (its writers): a new key signs from now on; the retired one stays
/// published, so that what it signed still verifies.
#[utoipa::path(
    post, path = "/api/v1/issuers/{issuer}/keys", tag = "badges", operation_id = "rotate_issuer_key",
    params(("issuer" = String, Path, description = "`reseau-{id}` ou `lieu-{id}`")),
    responses(
        (status = 201, description = "Nouvelle clé", body = KeyOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui décernent les badges de l'émetteur", body = E),
        (status = 404, description = "Émetteur inconnu", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn rotate_key(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(key): ApiPath<String>,
) -> ApiResult<(StatusCode, Json<KeyOut>)> {
    let who = api_user(&ctx)?;
    let err = |e| ApiError(e, ctx.lang);
    let issuer = issuer_of(&key).map_err(err)?;
    let k = service::rotate_key(&state, who, issuer)
        .await
        .map_err(err)?;
    Ok((
        StatusCode::CREATED,
        Json(KeyOut {
            id: model::key_url(base(&state), issuer, k.position),
            public_key_multibase: k.public_key,
        }),
    ))
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/achievements", post(create_achievement))
        .route("/api/v1/achievements/{id}", get(get_achievement))
        .route("/api/v1/achievements/{id}/awards", post(award))
        .route("/api/v1/credentials/verify", post(verify))
        .route("/api/v1/credentials/{id}", get(get_credential))
        .route("/api/v1/credentials/{id}/revoke", post(revoke))
        .route("/api/v1/issuers/{issuer}", get(get_issuer))
        .route("/api/v1/issuers/{issuer}/keys", post(rotate_key))
}
