//! Trainings in the API: `POST /api/v1/trainings`, `GET /api/v1/trainings` (the portal's
//! filters, paged), `GET`/`PATCH /api/v1/trainings/{id}`, and `POST
//! /api/v1/trainings/{id}/sessions` (a session is an agenda event of kind `formation`), and
//! `GET`/`PUT /api/v1/trainings/{id}/sessions/{event_id}/attendance` (the sign-in sheet).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{
    Certification, Created, FundingRoute, Modality, Trainer, Training, TrainingInput,
};
use super::repo::Filter;
use super::service::{self, Draft, SessionDraft};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, AppResult, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{EventId, NetworkId, PlaceId, TrainingId, UserId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

pub mod paths;

/// A session as the API shows it.
#[derive(Serialize, ToSchema)]
pub struct SessionOut {
    /// The agenda event (`GET /api/v1/events/{id}`; registrations through
    /// `POST /api/v1/events/{id}/registrations`).
    pub event_id: EventId,
    pub starts_at: String,
    pub ends_at: String,
    /// Seats; null: unlimited.
    pub capacity: Option<i32>,
    /// Seats confirmed.
    pub confirmed: i64,
    pub location: String,
    pub cancelled: bool,
    /// The event's page, where people register.
    pub url: String,
}

/// A training as the API shows it (and, merged with a `PATCH`, reads back).
#[derive(Serialize, ToSchema)]
pub struct TrainingOut {
    pub id: TrainingId,
    pub slug: String,
    pub title: String,
    pub objectives: String,
    pub duration_hours: f64,
    pub modality: Modality,
    /// Individual route, in cents; null: not offered.
    pub price_cents: Option<i64>,
    /// Employer or OPCO route, in cents; null: not offered.
    pub price_employer_cents: Option<i64>,
    /// Job seeker route, in cents; null: not offered.
    pub price_job_seeker_cents: Option<i64>,
    /// Free for whoever asks.
    pub free: bool,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    /// The name of its network or place.
    pub provider_name: String,
    /// The programme, sanitized HTML.
    pub programme_html: String,
    pub prerequisites: String,
    pub audience: String,
    pub accessibility: String,
    pub disability_referent: String,
    /// The code (`RNCP35185`, `RS5678`), empty without a certification.
    pub certification: String,
    pub certification_kind: Certification,
    pub qualiopi: bool,
    /// `YYYY-MM-DD` or empty.
    pub qualiopi_on: String,
    pub theme: String,
    pub trainer_ids: Vec<UserId>,
    pub trainers: Vec<Trainer>,
    pub trainer_actor_ids: Vec<crate::ids::ActorId>,
    /// Trainers from the showcase (`/acteurs/{slug}`).
    pub trainer_actors: Vec<super::model::TrainerActor>,
    pub document_ids: Vec<crate::ids::DocumentId>,
    /// Its public documents (`/documents/{id}`).
    pub documents: Vec<super::model::TrainingDocument>,
    /// Its sessions to come.
    pub sessions: Vec<SessionOut>,
    /// The training's page.
    pub url: String,
    pub updated_at: String,
}

fn base(state: &AppState) -> &str {
    state.config.base_url.trim_end_matches('/')
}

async fn out(
    state: &AppState,
    t: Training,
    with_sessions: bool,
) -> crate::error::AppResult<TrainingOut> {
    let trainers = service::trainers_of(state, t.id).await?;
    let trainer_actors = service::trainer_actors_of(state, t.id).await?;
    let documents = service::documents_of(state, t.id).await?;
    let sessions = if with_sessions {
        service::next_sessions(state, t.id)
            .await?
            .into_iter()
            .map(|s| SessionOut {
                url: format!("{}/evenements/{}", base(state), s.event_id),
                event_id: s.event_id,
                starts_at: crate::clock::rfc3339(s.starts_at),
                ends_at: crate::clock::rfc3339(s.ends_at),
                capacity: s.capacity,
                confirmed: s.confirmed,
                location: s.location,
                cancelled: s.cancelled,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(TrainingOut {
        url: format!("{}{}", base(state), t.path()),
        duration_hours: t.hours(),
        updated_at: crate::clock::rfc3339(t.updated_at),
        trainer_ids: trainers.iter().map(|t| t.id).collect(),
        trainers,
        trainer_actor_ids: trainer_actors.iter().map(|a| a.id).collect(),
        trainer_actors,
        document_ids: documents.iter().map(|d| d.id).collect(),
        documents,
        sessions,
        id: t.id,
        slug: t.slug,
        title: t.title,
        objectives: t.objectives,
        modality: t.modality,
        price_cents: t.price_individuel_cents,
        price_employer_cents: t.price_employeur_cents,
        price_job_seeker_cents: t.price_demandeur_cents,
        free: t.free_route,
        network_id: t.network_id,
        place_id: t.place_id,
        provider_name: t.provider_name,
        programme_html: t.programme,
        prerequisites: t.prerequisites,
        audience: t.audience,
        accessibility: t.accessibility,
        disability_referent: t.disability_referent,
        certification: t.certification_code,
        certification_kind: t.certification,
        qualiopi: t.qualiopi,
        qualiopi_on: t.qualiopi_on,
        theme: t.theme,
    })
}

/// The service's draft from the API's body.
fn draft(b: &TrainingInput) -> Draft {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    Draft {
        title: b.title.clone(),
        objectives: b.objectives.clone(),
        duration_hours: Some(b.duration_hours),
        modality: Some(b.modality),
        price_individuel_cents: b.price_cents,
        price_employeur_cents: b.price_employer_cents,
        price_demandeur_cents: b.price_job_seeker_cents,
        free_route: b.free.unwrap_or(false),
        network_id: b.network_id,
        place_id: b.place_id,
        programme: text(&b.programme_html),
        prerequisites: text(&b.prerequisites),
        audience: text(&b.audience),
        accessibility: text(&b.accessibility),
        disability_referent: text(&b.disability_referent),
        certification: text(&b.certification),
        qualiopi: b.qualiopi.unwrap_or(false),
        qualiopi_on: text(&b.qualiopi_on),
        theme: text(&b.theme),
        trainers: b.trainer_ids.clone().unwrap_or_default(),
        trainer_actors: b.trainer_actor_ids.clone().unwrap_or_default(),
        documents: b.document_ids.clone().unwrap_or_default(),
        errors: FieldErrors::default(),
    }
}

/// Writes a training of a place (its managers and its networks' animators) or of a network
/// (its animators); instance admins everywhere. A price is in cents per funding route; an
/// absent price means the route is not offered.
#[utoipa::path(
    post, path = "/api/v1/trainings", tag = "formations", operation_id = "create_training",
    request_body = TrainingInput,
    responses(
        (status = 201, description = "Formation créée", body = Created),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gérants du lieu ou aux animateurs du réseau", body = E),
        (status = 404, description = "Lieu ou réseau inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_training(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<TrainingInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let who = api_user(&ctx)?;
    let t = service::create(&state, who, draft(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: t.id,
            slug: t.slug,
        }),
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The trainings of this network and of its places.
    pub network_id: Option<NetworkId>,
    /// The trainings of this place.
    pub place_id: Option<PlaceId>,
    /// A theme (accents and case aside).
    pub theme: Option<String>,
    pub modality: Option<Modality>,
    /// A département code (`04`).
    pub department: Option<String>,
    /// Those offering this funding route.
    pub route: Option<FundingRoute>,
    pub certification: Option<Certification>,
    /// Only those with a session to come.
    pub next_session: Option<bool>,
    /// Words, each found in the title, theme, objectives, audience or programme (accents and
    /// case aside).
    pub q: Option<String>,
    /// From 1.
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
    /// 1 to 100 (default 20).
    #[param(value_type = Option<i64>)]
    pub per_page: Option<String>,
}

/// `(page, per_page)` of a list query; bad values are field errors (422).
fn window(q: &ListQuery) -> Result<(i64, i64), AppError> {
    crate::form::parse::page_window(q.page.as_deref(), q.per_page.as_deref())
}

/// Trainings, by title, one page at a time; `X-Total-Count` gives their number.
#[utoipa::path(
    get, path = "/api/v1/trainings", tag = "formations", operation_id = "list_trainings",
    params(ListQuery),
    responses(
        (status = 200, description = "Une page de formations", body = [TrainingOut],
         headers(("X-Total-Count" = i64, description = "Nombre de formations"))),
        (status = 422, description = "Filtres invalides", body = E),
    )
)]
pub async fn list_trainings(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<ListQuery>,
) -> ApiResult<(HeaderMap, Json<Vec<TrainingOut>>)> {
    let (page, per_page) = window(&q).map_err(|e| ApiError(e, ctx.lang))?;
    let fold = |s: &Option<String>| {
        s.as_deref()
            .map(crate::text::fold_words)
            .filter(|s| !s.is_empty())
    };
    let f = Filter {
        network: q.network_id,
        place: q.place_id,
        theme: fold(&q.theme),
        modality: q.modality,
        department: q
            .department
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        route: q.route,
        certification: q.certification,
        next_session: q.next_session.unwrap_or(false),
        words: fold(&q.q)
            .map(|w| w.split(' ').take(10).map(str::to_string).collect())
            .unwrap_or_default(),
        now: state.clock.now_ms(),
    };
    let (rows, total) = service::list(&state, &f, per_page, (page - 1) * per_page).await?;
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(total));
    let mut items = Vec::with_capacity(rows.len());
    for t in rows {
        items.push(out(&state, t, false).await?);
    }
    Ok((headers, Json(items)))
}

/// One training, with its sessions to come.
#[utoipa::path(
    get, path = "/api/v1/trainings/{id}", tag = "formations", operation_id = "get_training",
    params(("id" = i64, Path, description = "Identifiant de la formation")),
    responses(
        (status = 200, description = "La formation", body = TrainingOut),
        (status = 404, description = "Inconnue", body = E),
    )
)]
pub async fn get_training(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<TrainingId>,
) -> ApiResult<Json<TrainingOut>> {
    let t = service::by_id(&state, id).await?;
    Ok(Json(out(&state, t, true).await?))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396): the training as `GET` returns
/// it, the fields sent merged in, checked like a new training. The rights are checked on its
/// provider, and on the new one when the patch moves it.
#[utoipa::path(
    patch, path = "/api/v1/trainings/{id}", tag = "formations", operation_id = "patch_training",
    params(("id" = i64, Path, description = "Identifiant de la formation")),
    request_body(content = TrainingInput, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Modifiée", body = TrainingOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux gérants du lieu ou aux animateurs du réseau", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_training(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TrainingId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<TrainingOut>> {
    let who = api_user(&ctx)?;
    let current = service::writable(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let current = out(&state, current, false).await?;
    let b: TrainingInput =
        crate::form::patched(&current, &changes).map_err(|e| ApiError(e, ctx.lang))?;
    let t = service::update(&state, who, id, draft(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(out(&state, t, true).await?))
}

/// A session to add to a training.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SessionInput {
    /// RFC 3339 (`2026-12-03T09:00:00+01:00`) or a local Europe/Paris time (`2026-12-03T09:00`).
    pub starts_at: String,
    pub ends_at: String,
    /// Seats; absent or null: unlimited (registrations beyond go to the waiting list).
    #[serde(default)]
    pub capacity: Option<i32>,
    /// The place where it is held; the training's place when absent.
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    /// The address of a session followed at a distance.
    #[serde(default)]
    pub online_url: Option<String>,
    /// Registrations wait for the organizer's approval.
    #[serde(default)]
    pub approval: Option<bool>,
}

/// The `201` answer of `POST /api/v1/trainings/{id}/sessions`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionCreated {
    /// The agenda event of the session.
    pub id: EventId,
    pub url: String,
}

/// Adds a session: an agenda event of kind `formation` organized by the training's provider,
/// shown in the agenda and its iCal feeds, whose registrations follow the agenda's rules
/// (capacity, waiting list, approval).
#[utoipa::path(
    post, path = "/api/v1/trainings/{id}/sessions", tag = "formations", operation_id = "create_training_session",
    params(("id" = i64, Path, description = "Identifiant de la formation")),
    request_body = SessionInput,
    responses(
        (status = 201, description = "Session créée", body = SessionCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui écrivent la formation", body = E),
        (status = 404, description = "Formation inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_session(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<TrainingId>,
    JsonIn(b): JsonIn<SessionInput>,
) -> ApiResult<(StatusCode, Json<SessionCreated>)> {
    let who = api_user(&ctx)?;
    let ev = service::add_session(
        &state,
        who,
        id,
        SessionDraft {
            starts_at: b.starts_at,
            ends_at: b.ends_at,
            capacity: b.capacity,
            place_id: b.place_id,
            online_url: b.online_url.unwrap_or_default(),
            approval: b.approval.unwrap_or(false),
        },
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(SessionCreated {
            url: format!("{}/evenements/{}", base(&state), ev.id),
            id: ev.id,
        }),
    ))
}

/// One half-day of an occurrence on the sign-in sheet.
#[derive(Serialize, ToSchema)]
pub struct HalfDayOut {
    /// `YYYY-MM-DD` (Europe/Paris).
    pub day: String,
    /// `am` (before 13:00) or `pm`.
    pub half: String,
    pub minutes: i64,
}

/// What was recorded for one half-day.
#[derive(Serialize, ToSchema)]
pub struct MarkOut {
    pub day: String,
    pub half: String,
    pub present: bool,
}

/// A confirmed registration on the sheet.
#[derive(Serialize, ToSchema)]
pub struct LearnerOut {
    pub registration_id: i64,
    pub user_id: UserId,
    pub name: String,
    pub marks: Vec<MarkOut>,
}

/// One occurrence's sheet.
#[derive(Serialize, ToSchema)]
pub struct SheetOut {
    pub occurrence_id: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub half_days: Vec<HalfDayOut>,
    pub learners: Vec<LearnerOut>,
}

/// A session's attendance: its sheets and each learner's hours and completion.
#[derive(Serialize, ToSchema)]
pub struct AttendanceOut {
    pub sheets: Vec<SheetOut>,
    pub progress: Vec<super::attendance::Progress>,
}

/// Marks to record, all or none.
#[derive(Deserialize, ToSchema)]
pub struct AttendanceIn {
    pub marks: Vec<super::attendance::Mark>,
}

async fn attendance_out(state: &AppState, event: EventId) -> AppResult<AttendanceOut> {
    let sheets = super::attendance::sheets(state, event).await?;
    Ok(AttendanceOut {
        progress: super::attendance::progress(&sheets),
        sheets: sheets
            .iter()
            .map(|s| SheetOut {
                occurrence_id: s.occurrence_id,
                starts_at: crate::clock::rfc3339(s.starts_at),
                ends_at: crate::clock::rfc3339(s.ends_at),
                half_days: s
                    .halves
                    .iter()
                    .map(|h| HalfDayOut {
                        day: h.day.clone(),
                        half: h.half.to_string(),
                        minutes: h.minutes,
                    })
                    .collect(),
                learners: s
                    .learners
                    .iter()
                    .map(|l| LearnerOut {
                        registration_id: l.registration_id,
                        user_id: l.user_id,
                        name: l.name.clone(),
                        marks: s
                            .halves
                            .iter()
                            .filter_map(|h| {
                                l.present(&h.day, h.half).map(|present| MarkOut {
                                    day: h.day.clone(),
                                    half: h.half.to_string(),
                                    present,
                                })
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// The training `id` and its session `event`, if `who` keeps its sign-in sheet (404 otherwise).
async fn kept(
    state: &AppState,
    who: &crate::auth::Principal,
    id: TrainingId,
    event: EventId,
) -> AppResult<super::model::Training> {
    let t = service::by_id(state, id).await?;
    super::attendance::recordable(state, who, &t, event).await?;
    Ok(t)
}

/// A session's sign-in sheets and each learner's hours and completion (the training's
/// trainers and its provider's managers).
#[utoipa::path(
    get, path = "/api/v1/trainings/{id}/sessions/{event_id}/attendance", tag = "formations", operation_id = "get_training_attendance",
    params(("id" = i64, Path, description = "Identifiant de la formation"), ("event_id" = i64, Path, description = "La session (événement)")),
    responses(
        (status = 200, description = "Présences", body = AttendanceOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Session inconnue, ou réservée aux formateurs et gestionnaires", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn get_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, event)): ApiPath<(TrainingId, EventId)>,
) -> ApiResult<Json<AttendanceOut>> {
    let who = api_user(&ctx)?;
    kept(&state, who, id, event)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(
        attendance_out(&state, event)
            .await
            .map_err(|e| ApiError(e, ctx.lang))?,
    ))
}

/// Records presence (`present: true`) or absence per confirmed registration and half-day, all
/// or none: each mark must name a confirmed registration of the session and a half-day of its
/// date that has begun (422 with the faulty marks otherwise).
#[utoipa::path(
    put, path = "/api/v1/trainings/{id}/sessions/{event_id}/attendance", tag = "formations", operation_id = "put_training_attendance",
    params(("id" = i64, Path, description = "Identifiant de la formation"), ("event_id" = i64, Path, description = "La session (événement)")),
    request_body = AttendanceIn,
    responses(
        (status = 200, description = "Présences enregistrées", body = AttendanceOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Session inconnue, ou réservée aux formateurs et gestionnaires", body = E),
        (status = 422, description = "Marques invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn put_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, event)): ApiPath<(TrainingId, EventId)>,
    JsonIn(b): JsonIn<AttendanceIn>,
) -> ApiResult<Json<AttendanceOut>> {
    let who = api_user(&ctx)?;
    let run = async {
        let t = kept(&state, who, id, event).await?;
        let sheets = super::attendance::sheets(&state, event).await?;
        super::followup::record(&state, who, &t, event, &sheets, &b.marks).await?;
        attendance_out(&state, event).await
    };
    Ok(Json(run.await.map_err(|e| ApiError(e, ctx.lang))?))
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/api/v1/trainings",
            get(list_trainings).post(create_training),
        )
        .route(
            "/api/v1/trainings/{id}",
            get(get_training).patch(patch_training),
        )
        .route("/api/v1/trainings/{id}/sessions", post(create_session))
        .route(
            "/api/v1/trainings/{id}/sessions/{event_id}/attendance",
            get(get_attendance).put(put_attendance),
        )
        .merge(paths::routes())
}
