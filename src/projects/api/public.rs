//! The public page of a project in the API (by id or slug): what it shows, its own fields,
//! and the workshops the project organizes.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::Ctx;
use crate::db::Db;
use crate::error::AppResult;
use crate::events::model::EventInput;
use crate::groups::model::{Group, Meeting};
use crate::ids::{DocumentId, EventId, MeetingId, ProjectId};
use crate::projects::dto::{phase_out, PhaseOut};
use crate::projects::model::public::{Workshop, WorkshopKind};
use crate::projects::model::{self, Project, ProjectStatus};
use crate::projects::repo::{self, public as public_repo};
use crate::projects::service::{self, public as public_service};
use crate::state::AppState;

// ---- JSON ----

#[derive(Serialize, ToSchema)]
pub struct WorkshopOut {
    pub event_id: EventId,
    pub occurrence_id: i64,
    pub title: String,
    pub kind: WorkshopKind,
    pub starts_at: String,
    pub ends_at: String,
    pub all_day: bool,
    pub address: String,
    pub online_url: String,
    /// Seats left (absent: unlimited).
    pub seats_left: Option<i64>,
    /// The event page, where registration happens (`POST /api/v1/events/{id}/registrations`).
    pub url: String,
}

pub fn workshop_out(w: &Workshop) -> WorkshopOut {
    WorkshopOut {
        event_id: w.event_id,
        occurrence_id: w.occurrence_id,
        title: w.title.clone(),
        kind: w.kind,
        starts_at: crate::clock::rfc3339(w.starts_at),
        ends_at: crate::clock::rfc3339(w.ends_at),
        all_day: w.all_day,
        address: w.address.clone(),
        online_url: w.online_url.clone(),
        seats_left: w.seats_left(),
        url: format!("/evenements/{}", w.event_id),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PublicMeetingOut {
    pub id: MeetingId,
    pub title: String,
    pub group: String,
    pub starts_at: String,
    pub ends_at: String,
    /// Sanitized HTML; present in `published_minutes` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<String>,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct PublicDocumentOut {
    pub id: DocumentId,
    pub title: String,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct ContactsOut {
    pub email: String,
    pub phone: String,
    pub text: String,
}

/// What the public page shows, in JSON.
#[derive(Serialize, ToSchema)]
pub struct PublicProjectOut {
    pub id: ProjectId,
    pub name: String,
    pub slug: String,
    pub url: String,
    pub status: ProjectStatus,
    pub communes: String,
    pub epci: String,
    pub departement: String,
    pub holders: Vec<String>,
    pub uses: Vec<String>,
    /// Sanitized HTML.
    pub intent: String,
    pub phases: Vec<PhaseOut>,
    /// Position of the phase in progress (absent when every phase is done).
    pub current_phase: Option<i64>,
    /// Mean completion of the phases, 0–100.
    pub completion: i64,
    /// Coming occurrences of the workshops organized by the project.
    pub workshops: Vec<WorkshopOut>,
    /// Coming meetings of the project's public groups.
    pub meetings: Vec<PublicMeetingOut>,
    /// Meetings whose minutes are public, newest first.
    pub published_minutes: Vec<PublicMeetingOut>,
    /// Public documents of the project's library.
    pub documents: Vec<PublicDocumentOut>,
    pub contacts: ContactsOut,
    /// « Comment participer », sanitized HTML.
    pub participate: String,
}

fn meeting_out(g: &Group, m: &Meeting, with_minutes: bool) -> PublicMeetingOut {
    PublicMeetingOut {
        id: m.id,
        title: m.title.clone(),
        group: g.name.clone(),
        starts_at: crate::clock::rfc3339(m.starts_at),
        ends_at: crate::clock::rfc3339(m.ends_at),
        minutes: with_minutes.then(|| m.minutes.clone()),
        url: format!("/reunions/{}", m.id),
    }
}

pub async fn public_out(state: &AppState, p: Project) -> AppResult<PublicProjectOut> {
    let db = &state.db;
    let now = state.clock.now_ms();
    let phases = repo::phases(db, p.id).await?;
    let ws = public_repo::upcoming_workshops(db, p.id, now).await?;
    let (coming, published) = public_service::meetings_of(db, p.id, now).await?;
    let page = public_repo::page_of(db, p.id).await?;
    Ok(PublicProjectOut {
        url: format!("/projets/{}", p.slug),
        holders: p.holder_list(),
        uses: p.use_list(),
        current_phase: model::current_phase(&phases).map(|ph| ph.position),
        completion: model::overall_completion(&phases),
        phases: phases.into_iter().map(phase_out).collect(),
        workshops: ws.iter().map(workshop_out).collect(),
        meetings: coming
            .iter()
            .map(|(g, m)| meeting_out(g, m, false))
            .collect(),
        published_minutes: published
            .iter()
            .map(|(g, m)| meeting_out(g, m, true))
            .collect(),
        documents: public_service::public_documents(db, p.id)
            .await?
            .into_iter()
            .map(|d| PublicDocumentOut {
                url: format!("/documents/{}", d.id),
                id: d.id,
                title: d.title,
            })
            .collect(),
        contacts: ContactsOut {
            email: page.contact_email,
            phone: page.contact_phone,
            text: page.contact_text,
        },
        participate: page.participate,
        id: p.id,
        name: p.name,
        slug: p.slug,
        status: p.status,
        communes: p.communes,
        epci: p.epci,
        departement: p.departement,
        intent: p.intent,
    })
}

// ---- API ----

type E = crate::error::ApiErrorBody;

/// A project by its id or its slug.
async fn by_key(db: &Db, key: &str) -> AppResult<Option<Project>> {
    // A slug is short and printable (PostgreSQL refuses NUL in text).
    if key.chars().count() > 300 || key.chars().any(char::is_control) {
        return Ok(None);
    }
    match key.parse::<ProjectId>() {
        Ok(id) => repo::project_by_id(db, id).await,
        Err(_) => repo::project_by_slug(db, key).await,
    }
}

/// The public page of a project (by id or slug): presentation, phases and current phase, next
/// workshops and meetings, published minutes, public documents, contacts, « comment
/// participer ». A private project answers 404 to people outside it.
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/public", tag = "projets", operation_id = "projects_public_get",
    params(("id" = String, Path, description = "Identifiant ou slug du projet")),
    responses(
        (status = 200, description = "La page publique", body = PublicProjectOut),
        (status = 404, description = "Inconnu ou privé", body = E),
    )
)]
pub async fn get_public(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::ApiPath(key): crate::form::ApiPath<String>,
) -> crate::error::ApiResult<axum::Json<PublicProjectOut>> {
    let p = by_key(&state.db, &key).await?;
    let (p, _) = service::visible(&state, ctx.user.as_ref(), p).await?;
    Ok(axum::Json(public_out(&state, p).await?))
}

/// The team's contacts as `GET` shows them; a member left out is emptied.
#[derive(Deserialize, ToSchema)]
pub struct ContactsIn {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
}

/// The page's editable part. `contacts` is the object `GET` returns (so what `GET` returns,
/// `PUT` accepts); the flat `contact_*` fields, when sent, win over it.
#[derive(Deserialize, ToSchema)]
pub struct PublicPageIn {
    #[serde(default)]
    pub contacts: Option<ContactsIn>,
    /// Public contact email (empty: none).
    #[serde(default)]
    pub contact_email: Option<String>,
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// Names, roles, office hours (plain text, at most 2 000 characters).
    #[serde(default)]
    pub contact_text: Option<String>,
    /// « Comment participer »: HTML, sanitized.
    #[serde(default)]
    pub participate: Option<String>,
}

impl PublicPageIn {
    /// One contact field: the flat field, else the `contacts` object's (left out: empty),
    /// else (neither sent) the page's current value.
    fn contact<'a>(
        &'a self,
        flat: &'a Option<String>,
        member: fn(&ContactsIn) -> &Option<String>,
        old: &'a str,
    ) -> &'a str {
        match (flat, &self.contacts) {
            (Some(v), _) => v,
            (None, Some(c)) => member(c).as_deref().unwrap_or(""),
            (None, None) => old,
        }
    }
}

/// Updates the team's contacts and « comment participer » (holders and advisors); absent
/// fields keep their value.
#[utoipa::path(
    put, path = "/api/v1/projects/{id}/public", tag = "projets", operation_id = "projects_public_put",
    params(("id" = String, Path, description = "Identifiant ou slug du projet")),
    request_body = PublicPageIn,
    responses(
        (status = 200, description = "La page publique", body = PublicProjectOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn put_public(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::ApiPath(key): crate::form::ApiPath<String>,
    crate::form::Json(b): crate::form::Json<PublicPageIn>,
) -> crate::error::ApiResult<axum::Json<PublicProjectOut>> {
    let who = crate::auth::api_user(&ctx)?;
    let p = by_key(&state.db, &key).await?;
    let (p, _) = service::managed(&state, Some(who), p).await?;
    let old = public_repo::page_of(&state.db, p.id).await?;
    public_service::save_page(
        &state,
        who,
        &p,
        b.contact(&b.contact_email, |c| &c.email, &old.contact_email),
        b.contact(&b.contact_phone, |c| &c.phone, &old.contact_phone),
        b.contact(&b.contact_text, |c| &c.text, &old.contact_text),
        b.participate.as_deref().unwrap_or(&old.participate),
    )
    .await
    .map_err(|e| crate::error::ApiError(e, ctx.lang))?;
    Ok(axum::Json(public_out(&state, p).await?))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396: a field set to `null` is
/// emptied): the page as `GET` returns it, the fields sent merged in, saved as a `PUT`.
#[utoipa::path(
    patch, path = "/api/v1/projects/{id}/public", tag = "projets", operation_id = "projects_public_patch",
    params(("id" = String, Path, description = "Identifiant ou slug du projet")),
    request_body(content = PublicPageIn, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "La page publique", body = PublicProjectOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_public(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::ApiPath(key): crate::form::ApiPath<String>,
    crate::form::Json(changes): crate::form::Json<serde_json::Value>,
) -> crate::error::ApiResult<axum::Json<PublicProjectOut>> {
    crate::auth::api_user(&ctx)?;
    let axum::Json(now) = get_public(
        State(state.clone()),
        ctx.clone(),
        crate::form::ApiPath(key.clone()),
    )
    .await?;
    let body = crate::form::patched(&now, &changes)?;
    put_public(
        State(state),
        ctx,
        crate::form::ApiPath(key),
        crate::form::Json(body),
    )
    .await
}

#[derive(Serialize, ToSchema)]
pub struct CreatedWorkshop {
    pub event_id: EventId,
    /// The event page (registration).
    pub url: String,
}

/// Creates an event organized by the project (holders and advisors): it appears on the public
/// page and in the agenda of the network that follows the project, and takes registrations
/// through `POST /api/v1/events/{id}/registrations`. `place_id` and `network_id` of the body
/// are ignored: the organizer is the project (with its network).
#[utoipa::path(
    post, path = "/api/v1/projects/{id}/events", tag = "projets", operation_id = "projects_create_event",
    params(("id" = String, Path, description = "Identifiant ou slug du projet")),
    request_body = EventInput,
    responses(
        (status = 201, description = "Atelier créé", body = CreatedWorkshop),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
        (status = 422, description = "Champs invalides (dont `organizer` : projet sans réseau)", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn post_event(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::ApiPath(key): crate::form::ApiPath<String>,
    crate::form::Json(b): crate::form::Json<EventInput>,
) -> crate::error::ApiResult<(StatusCode, axum::Json<CreatedWorkshop>)> {
    let who = crate::auth::api_user(&ctx)?;
    let p = by_key(&state.db, &key).await?;
    let (p, _) = service::managed(&state, Some(who), p).await?;
    let ev = public_service::create_workshop(&state, who, &p, b)
        .await
        .map_err(|e| crate::error::ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(CreatedWorkshop {
            url: format!("/evenements/{}", ev.id),
            event_id: ev.id,
        }),
    ))
}
