//! The census in the API: questionnaires, campaigns, a place's response (read pre-filled,
//! saved, submitted, reopened), reminders, and a campaign's aggregates.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::model::{GroupBy, Prefilled, Question, Questionnaire, ResponseStatus};
use super::service::{self, Aggregates, CampaignInput};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{CampaignId, NetworkId, PlaceId, QuestionnaireId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// A new questionnaire; without `questions`, the default census template.
#[derive(Deserialize, ToSchema)]
pub struct QuestionnaireIn {
    pub title: String,
    pub network_id: NetworkId,
    #[serde(default)]
    pub questions: Option<Vec<Question>>,
}

/// A questionnaire's change: the same questionnaire, or its next version when a campaign
/// already uses it.
#[derive(Deserialize, ToSchema)]
pub struct QuestionnaireChange {
    pub title: String,
    pub questions: Vec<Question>,
}

#[derive(Serialize, ToSchema)]
pub struct QuestionnaireOut {
    pub id: QuestionnaireId,
    pub network_id: NetworkId,
    pub title: String,
    pub version: i32,
    /// The questionnaire this one is the next version of.
    pub parent_id: Option<QuestionnaireId>,
    pub questions: Vec<Question>,
}

fn questionnaire_out(q: Questionnaire) -> QuestionnaireOut {
    QuestionnaireOut {
        id: q.id,
        network_id: q.network_id,
        title: q.title,
        version: q.version,
        parent_id: q.parent_id,
        questions: q.questions,
    }
}

#[derive(Serialize, ToSchema)]
pub struct CreatedId {
    pub id: i64,
}

/// Creates a questionnaire of a network (its animators).
#[utoipa::path(
    post, path = "/api/v1/questionnaires", tag = "recensement", operation_id = "create_questionnaire",
    request_body = QuestionnaireIn,
    responses(
        (status = 201, description = "Questionnaire créé", body = CreatedId),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux animateurs du réseau", body = E),
        (status = 404, description = "Réseau inconnu", body = E),
        (status = 422, description = "Questions invalides (le champ fautif est nommé)", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_questionnaire(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<QuestionnaireIn>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    let who = api_user(&ctx)?;
    let questions = b
        .questions
        .unwrap_or_else(super::template::default_questions);
    let id = service::create_questionnaire(&state, who, b.network_id, &b.title, questions)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: id.get() })))
}

/// A questionnaire (its network's animators).
#[utoipa::path(
    get, path = "/api/v1/questionnaires/{id}", tag = "recensement", operation_id = "get_questionnaire",
    params(("id" = i64, Path, description = "Identifiant du questionnaire")),
    responses(
        (status = 200, description = "Le questionnaire", body = QuestionnaireOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_questionnaire(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuestionnaireId>,
) -> ApiResult<Json<QuestionnaireOut>> {
    let who = api_user(&ctx)?;
    let q = service::questionnaire(&state, who, id).await?;
    Ok(Json(questionnaire_out(q)))
}

/// Changes a questionnaire: in place while no campaign uses it, otherwise as its next
/// version (a new questionnaire; the campaigns keep the version they were created with).
#[utoipa::path(
    put, path = "/api/v1/questionnaires/{id}", tag = "recensement", operation_id = "put_questionnaire",
    params(("id" = i64, Path, description = "Identifiant du questionnaire")),
    request_body = QuestionnaireChange,
    responses(
        (status = 200, description = "Le questionnaire modifié, ou sa nouvelle version", body = QuestionnaireOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu", body = E),
        (status = 422, description = "Questions invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn put_questionnaire(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<QuestionnaireId>,
    JsonIn(b): JsonIn<QuestionnaireChange>,
) -> ApiResult<Json<QuestionnaireOut>> {
    let who = api_user(&ctx)?;
    let id = service::update_questionnaire(&state, who, id, &b.title, b.questions)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let q = service::questionnaire(&state, who, id).await?;
    Ok(Json(questionnaire_out(q)))
}

/// A new campaign: days are `YYYY-MM-DD` (Paris); the period (both days included) is the one
/// whose data pre-fills the answers.
#[derive(Deserialize, ToSchema)]
pub struct CampaignIn {
    pub questionnaire_id: QuestionnaireId,
    pub network_id: NetworkId,
    /// The questionnaire's title when absent.
    #[serde(default)]
    pub title: Option<String>,
    pub opens_on: String,
    pub closes_on: String,
    pub period_start: String,
    pub period_end: String,
    /// Only the places of these departments (codes); every place of the network when empty.
    #[serde(default)]
    pub departments: Vec<String>,
    /// Its aggregates are on the network's public observatory.
    #[serde(default)]
    pub published: bool,
}

/// Opens a campaign to the network's places (its animators). Their managers are invited by
/// email on its first day, then reminded every week until they submit or it closes.
#[utoipa::path(
    post, path = "/api/v1/campaigns", tag = "recensement", operation_id = "create_campaign",
    request_body = CampaignIn,
    responses(
        (status = 201, description = "Campagne créée", body = CreatedId),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux animateurs du réseau", body = E),
        (status = 404, description = "Réseau inconnu", body = E),
        (status = 422, description = "Dates, questionnaire ou départements invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_campaign(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<CampaignIn>,
) -> ApiResult<(StatusCode, Json<CreatedId>)> {
    let who = api_user(&ctx)?;
    let title = match b.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => crate::census::repo::questionnaire_by_id(&state.db, b.questionnaire_id)
            .await?
            .map(|q| q.title)
            .unwrap_or_else(|| "Recensement".into()),
    };
    let id = service::create_campaign(
        &state,
        who,
        CampaignInput {
            network: b.network_id,
            questionnaire: b.questionnaire_id,
            title: &title,
            opens_on: &b.opens_on,
            closes_on: &b.closes_on,
            period_start: &b.period_start,
            period_end: &b.period_end,
            departments: b.departments,
            published: b.published,
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: id.get() })))
}

/// What can change of a campaign.
#[derive(Deserialize, ToSchema)]
pub struct CampaignChange {
    /// Show (or stop showing) its aggregates on the network's public observatory.
    pub published: bool,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignOut {
    pub id: CampaignId,
    pub network_id: NetworkId,
    pub questionnaire_id: QuestionnaireId,
    pub title: String,
    pub opens_on: String,
    pub closes_on: String,
    pub departments: Vec<String>,
    pub published: bool,
    /// Places the campaign is sent to, those that started and those that submitted.
    pub places: i64,
    pub started: i64,
    pub submitted: i64,
}

/// A campaign and its progress (its network's animators).
#[utoipa::path(
    patch, path = "/api/v1/campaigns/{id}", tag = "recensement", operation_id = "patch_campaign",
    params(("id" = i64, Path, description = "Identifiant de la campagne")),
    request_body = CampaignChange,
    responses(
        (status = 200, description = "La campagne", body = CampaignOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_campaign(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CampaignId>,
    JsonIn(b): JsonIn<CampaignChange>,
) -> ApiResult<Json<CampaignOut>> {
    let who = api_user(&ctx)?;
    service::set_published(&state, who, id, b.published)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    campaign_out(&state, who, id).await
}

async fn campaign_out(
    state: &AppState,
    who: &crate::auth::Principal,
    id: CampaignId,
) -> ApiResult<Json<CampaignOut>> {
    let (c, (places, started, submitted), _) = service::progress(state, who, id, 1).await?;
    Ok(Json(CampaignOut {
        departments: c.department_list(),
        id: c.id,
        network_id: c.network_id,
        questionnaire_id: c.questionnaire_id,
        title: c.title,
        opens_on: c.opens_on,
        closes_on: c.closes_on,
        published: c.published,
        places,
        started,
        submitted,
    }))
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}", tag = "recensement", operation_id = "get_campaign",
    params(("id" = i64, Path, description = "Identifiant de la campagne")),
    responses(
        (status = 200, description = "La campagne et où en sont les lieux", body = CampaignOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_campaign(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CampaignId>,
) -> ApiResult<Json<CampaignOut>> {
    let who = api_user(&ctx)?;
    campaign_out(&state, who, id).await
}

/// A place's response: its answers keyed by question `key` (pre-filled on the first read),
/// and what was pre-filled from where.
#[derive(Serialize, ToSchema)]
pub struct ResponseOut {
    pub campaign_id: CampaignId,
    pub place_id: PlaceId,
    pub status: ResponseStatus,
    /// The campaign is open today: answers can be saved and submitted.
    pub open: bool,
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
    /// Question key → the value Maillage proposed and its source (`events_count`…, or
    /// `previous` for the place's answer to the network's previous campaign).
    pub prefill: BTreeMap<String, Prefilled>,
    pub questions: Vec<Question>,
    pub submitted_at: Option<String>,
}

/// Answers to save, keyed by question `key` (`null` clears one).
#[derive(Deserialize, ToSchema)]
pub struct AnswersIn {
    #[schema(value_type = Object)]
    pub answers: BTreeMap<String, Value>,
}

fn response_out(s: service::Sheet) -> ResponseOut {
    ResponseOut {
        campaign_id: s.campaign.id,
        place_id: s.response.place_id,
        status: s.response.status,
        open: s.open,
        answers: s.response.answers,
        prefill: s.response.prefill,
        questions: s.questionnaire.questions,
        submitted_at: s.response.submitted_at.map(crate::clock::rfc3339),
    }
}

/// The response of a place (its managers and its networks' animators).
#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/places/{place_id}/response", tag = "recensement",
    operation_id = "get_response",
    params(
        ("id" = i64, Path, description = "Identifiant de la campagne"),
        ("place_id" = i64, Path, description = "Identifiant du lieu"),
    ),
    responses(
        (status = 200, description = "La réponse, pré-remplie", body = ResponseOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Campagne inconnue, ou lieu que vous ne gérez pas ou hors campagne", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_response(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, place)): ApiPath<(CampaignId, PlaceId)>,
) -> ApiResult<Json<ResponseOut>> {
    let who = api_user(&ctx)?;
    let s = service::sheet(&state, who, id, place).await?;
    Ok(Json(response_out(s)))
}

/// Saves the draft's answers (every answer the draft should hold: those absent are cleared).
#[utoipa::path(
    put, path = "/api/v1/campaigns/{id}/places/{place_id}/response", tag = "recensement",
    operation_id = "put_response",
    params(
        ("id" = i64, Path, description = "Identifiant de la campagne"),
        ("place_id" = i64, Path, description = "Identifiant du lieu"),
    ),
    request_body = AnswersIn,
    responses(
        (status = 200, description = "Brouillon enregistré", body = ResponseOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 409, description = "Campagne fermée, ou réponse déjà envoyée", body = E),
        (status = 422, description = "Réponses invalides (`answers.<clé>`)", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn put_response(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, place)): ApiPath<(CampaignId, PlaceId)>,
    JsonIn(b): JsonIn<AnswersIn>,
) -> ApiResult<Json<ResponseOut>> {
    let who = api_user(&ctx)?;
    service::save(&state, who, id, place, &b.answers, false)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let s = service::sheet(&state, who, id, place).await?;
    Ok(Json(response_out(s)))
}

/// Submits the draft as it is saved: every required question must be answered.
#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/places/{place_id}/response/submit", tag = "recensement",
    operation_id = "submit_response",
    params(
        ("id" = i64, Path, description = "Identifiant de la campagne"),
        ("place_id" = i64, Path, description = "Identifiant du lieu"),
    ),
    responses(
        (status = 200, description = "Réponse envoyée", body = ResponseOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 409, description = "Campagne fermée, ou réponse déjà envoyée", body = E),
        (status = 422, description = "Questions obligatoires sans réponse", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn submit_response(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, place)): ApiPath<(CampaignId, PlaceId)>,
) -> ApiResult<Json<ResponseOut>> {
    let who = api_user(&ctx)?;
    let s = service::sheet(&state, who, id, place).await?;
    service::save(&state, who, id, place, &s.response.answers, true)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let s = service::sheet(&state, who, id, place).await?;
    Ok(Json(response_out(s)))
}

/// Reopens a submitted response so that its place can correct it (the network's animators).
#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/places/{place_id}/response/reopen", tag = "recensement",
    operation_id = "reopen_response",
    params(
        ("id" = i64, Path, description = "Identifiant de la campagne"),
        ("place_id" = i64, Path, description = "Identifiant du lieu"),
    ),
    responses(
        (status = 204, description = "Réponse rouverte"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 409, description = "Réponse pas encore envoyée", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn reopen_response(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, place)): ApiPath<(CampaignId, PlaceId)>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::reopen(&state, who, id, place)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reminds now, by email, the managers of the places that have not submitted.
#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/reminders", tag = "recensement", operation_id = "remind_campaign",
    params(("id" = i64, Path, description = "Identifiant de la campagne")),
    responses(
        (status = 202, description = "Relances en cours d'envoi"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 409, description = "Campagne fermée", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn remind_campaign(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CampaignId>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::remind_now(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AggregatesQuery {
    /// How places are grouped (`all` when absent).
    #[serde(default)]
    pub by: Option<GroupBy>,
}

/// A campaign's figures grouped by department, region, typology or year: anyone for a
/// published campaign, the network's animators otherwise. A group or a figure drawn from
/// fewer places than the instance's threshold (3 by default) is marked `hidden` and has no
/// value, and one place's amount is never given alone.
#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/aggregates", tag = "recensement", operation_id = "campaign_aggregates",
    params(("id" = i64, Path, description = "Identifiant de la campagne"), AggregatesQuery),
    responses(
        (status = 200, description = "Les chiffres", body = Aggregates),
        (status = 404, description = "Inconnue, ou non publiée", body = E),
        (status = 422, description = "Regroupement inconnu", body = E),
    )
)]
pub async fn campaign_aggregates(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<CampaignId>,
    crate::form::Query(q): crate::form::Query<AggregatesQuery>,
) -> ApiResult<Json<Aggregates>> {
    let a = service::aggregates(
        &state,
        ctx.user.as_ref(),
        id,
        q.by.unwrap_or(GroupBy::All),
        false,
    )
    .await?;
    Ok(Json(a))
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/api/v1/questionnaires", post(create_questionnaire))
        .route(
            "/api/v1/questionnaires/{id}",
            get(get_questionnaire).put(put_questionnaire),
        )
        .route("/api/v1/campaigns", post(create_campaign))
        .route(
            "/api/v1/campaigns/{id}",
            get(get_campaign).patch(patch_campaign),
        )
        .route("/api/v1/campaigns/{id}/reminders", post(remind_campaign))
        .route(
            "/api/v1/campaigns/{id}/aggregates",
            get(campaign_aggregates),
        )
        .route(
            "/api/v1/campaigns/{id}/places/{place_id}/response",
            get(get_response).put(put_response),
        )
        .route(
            "/api/v1/campaigns/{id}/places/{place_id}/response/submit",
            post(submit_response),
        )
        .route(
            "/api/v1/campaigns/{id}/places/{place_id}/response/reopen",
            post(reopen_response),
        )
}
