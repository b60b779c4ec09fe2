//! The public page of a project, `/projets/{slug}` (what the Buis-les-Baronnies site is
//! today): presentation, progress through the phases, next public meetings and workshops with
//! registration, published minutes, public documents, the team's contacts and « comment
//! participer ». Holders and advisors also see their private blocks (canvas, funding).
//!
//! Workshops are events of the agenda organized by the project (`events.project_id`): its
//! holders create them here, and the agenda's registration flow takes the registrations.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::model::{self, Phase, Project};
use super::repo;
use super::service;
use crate::auth::policy::{authorize, Action};
use crate::auth::{Ctx, Principal};
use crate::db::Db;
use crate::db_run;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{when_fr, Event, EventInput};
use crate::form::Form;
use crate::groups::model::{Group, Meeting};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/projets/{slug}/page-publique",
            get(edit_page).post(save_page),
        )
        .route(
            "/projets/{slug}/ateliers",
            get(new_workshop_page).post(create_workshop_page),
        )
}

// ---- the public page's own fields ----

/// Contacts of the team and « comment participer », edited by the holders.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct PublicPage {
    pub contact_email: String,
    pub contact_phone: String,
    pub contact_text: String,
    /// Sanitized rich text.
    pub participate: String,
}

impl PublicPage {
    pub fn has_contacts(&self) -> bool {
        !(self.contact_email.is_empty()
            && self.contact_phone.is_empty()
            && self.contact_text.is_empty())
    }
}

pub async fn page_of(db: &Db, project_id: i64) -> AppResult<PublicPage> {
    let row: Option<PublicPage> = db_run!(db, |p| {
        sqlx::query_as(
        "SELECT contact_email, contact_phone, contact_text, participate FROM project_public_pages WHERE project_id = $1"
    )
    .bind(project_id)
    .fetch_optional(p)
    .await
    })?;
    Ok(row.unwrap_or_default())
}

async fn store_page(
    db: &Db,
    project_id: i64,
    pg: &PublicPage,
    who: Option<i64>,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO project_public_pages (project_id, contact_email, contact_phone, contact_text, participate, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (project_id) DO UPDATE SET contact_email = $2, \
         contact_phone = $3, contact_text = $4, participate = $5, updated_by = $6, updated_at = $7"
    )
    .bind(project_id)
    .bind(&pg.contact_email)
    .bind(&pg.contact_phone)
    .bind(&pg.contact_text)
    .bind(&pg.participate)
    .bind(who)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Checks the fields: an email of the usual shape (or empty), a phone number
/// (`places::model::parse_phone`, or empty), a contact text of at most 2 000 characters, and « comment
/// participer » as rich text (sanitized).
pub fn check_page(
    email: &str,
    phone: &str,
    text: &str,
    participate: &str,
) -> AppResult<PublicPage> {
    let mut errors = FieldErrors::default();
    let contact_email = if email.trim().is_empty() {
        String::new()
    } else {
        match crate::accounts::model::normalize_email(email) {
            Ok(e) => e,
            Err(_) => {
                errors.add("contact_email", "field-email-invalid");
                String::new()
            }
        }
    };
    // Checked like every phone number of the application (French or `+…` international);
    // kept as typed, since it is shown as typed.
    let phone = phone.trim();
    if !phone.is_empty() {
        if let Err(k) = crate::places::model::parse_phone(phone) {
            errors.add("contact_phone", k);
        }
    }
    let text = text.trim().replace("\r\n", "\n");
    if text.chars().count() > 2000
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.add("contact_text", "field-too-long");
    }
    let participate =
        crate::form::parse::parse_rich(&participate.replace('\0', ""), "participate", &mut errors);
    errors.into_result()?;
    Ok(PublicPage {
        contact_email,
        contact_phone: phone.to_string(),
        contact_text: text,
        participate,
    })
}

pub async fn update_page(
    state: &AppState,
    who: &Principal,
    project: &Project,
    pg: &PublicPage,
) -> AppResult<()> {
    store_page(
        &state.db,
        project.id,
        pg,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await
}

// ---- what the page gathers ----

/// The phase in progress: the first one (in order) not complete; `None` when all are done.
pub fn current_phase(phases: &[Phase]) -> Option<&Phase> {
    phases.iter().find(|p| p.completion < 100)
}

/// Mean completion of the phases, in percent.
pub fn overall_completion(phases: &[Phase]) -> i64 {
    if phases.is_empty() {
        return 0;
    }
    phases.iter().map(|p| p.completion).sum::<i64>() / phases.len() as i64
}

/// A coming occurrence of a published event organized by the project.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Workshop {
    pub event_id: i64,
    pub occurrence_id: i64,
    pub title: String,
    pub kind: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub all_day: bool,
    pub location_kind: String,
    pub address: String,
    pub online_url: String,
    pub capacity: Option<i32>,
    pub approval: bool,
    pub questions: String,
    pub confirmed_seats: i64,
}

impl Workshop {
    /// Seats left (`None`: unlimited).
    pub fn seats_left(&self) -> Option<i64> {
        self.capacity
            .map(|c| (i64::from(c) - self.confirmed_seats).max(0))
    }
}

/// Occurrences not yet over of the project's published events, soonest first.
pub async fn upcoming_workshops(db: &Db, project_id: i64, now: i64) -> AppResult<Vec<Workshop>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Workshop>(
        "SELECT e.id AS event_id, o.id AS occurrence_id, e.title, e.kind, o.starts_at, o.ends_at, e.all_day, \
         e.location_kind, e.address, e.online_url, e.capacity, e.approval, e.questions, \
         COALESCE((SELECT SUM(1 + r.guests) FROM event_registrations r WHERE r.occurrence_id = o.id AND r.status = 'confirmed'), 0) AS confirmed_seats \
         FROM events e JOIN event_occurrences o ON o.event_id = e.id \
         WHERE e.project_id = $1 AND e.status = 'published' AND NOT o.cancelled AND o.ends_at >= $2 \
         ORDER BY o.starts_at, o.id LIMIT 30"
    )
    .bind(project_id)
    .bind(now)
    .fetch_all(p)
    .await
    })?)
}

/// Occurrences among `occurrence_ids` where `user_id` holds a live registration.
async fn my_registrations(db: &Db, user_id: i64, ws: &[Workshop]) -> AppResult<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for w in ws {
        let row: Option<(String,)> = db_run!(db, |p| sqlx::query_as(
            "SELECT status FROM event_registrations WHERE occurrence_id = $1 AND user_id = $2 \
             AND status IN ('confirmed', 'waitlisted', 'pending')"
        )
        .bind(w.occurrence_id)
        .bind(user_id)
        .fetch_optional(p)
        .await)?;
        if let Some((s,)) = row {
            out.push((w.occurrence_id, s));
        }
    }
    Ok(out)
}

/// Groups attached to the project (its holders' group, focus groups…).
pub async fn groups_of(db: &Db, project_id: i64) -> AppResult<Vec<Group>> {
    crate::groups::service::groups_of_project(db, project_id).await
}

/// Coming meetings of the project's public groups, and meetings whose minutes are published.
pub async fn meetings_of(
    db: &Db,
    project_id: i64,
    now: i64,
) -> AppResult<(Vec<(Group, Meeting)>, Vec<(Group, Meeting)>)> {
    let mut coming = Vec::new();
    let mut minutes = Vec::new();
    for g in groups_of(db, project_id).await? {
        if !g.is_public() {
            continue;
        }
        for m in crate::groups::service::meetings_of_group(db, g.id).await? {
            if m.ends_at >= now {
                coming.push((g.clone(), m.clone()));
            }
            if m.minutes_visibility == "public" && !m.minutes.trim().is_empty() {
                minutes.push((g.clone(), m));
            }
        }
    }
    coming.sort_by_key(|(_, m)| (m.starts_at, m.id));
    minutes.sort_by_key(|(_, m)| std::cmp::Reverse((m.starts_at, m.id)));
    Ok((coming, minutes))
}

/// Public documents of the project's library.
pub async fn public_documents(
    db: &Db,
    project_id: i64,
) -> AppResult<Vec<crate::documents::model::Document>> {
    Ok(crate::documents::service::documents_of(
        db,
        crate::documents::model::Scope::Project(project_id),
        "",
    )
    .await?
    .into_iter()
    .filter(|d| d.visibility == "public")
    .collect())
}

// ---- workshops organized by the project ----

/// Creates an event organized by the project: its holders and advisors may; the event belongs
/// to the agenda of the network that follows the project (a project without network cannot
/// publish in the agenda yet).
pub async fn create_workshop(
    state: &AppState,
    who: &Principal,
    project: &Project,
    mut input: EventInput,
) -> AppResult<Event> {
    let t = service::target(state, project).await?;
    authorize(Some(who), Action::ManageProject, &t)?;
    input.network_id = project.network_id;
    input.place_id = None;
    let mut errors = FieldErrors::default();
    let parsed = input.parse(&mut errors);
    errors.0.retain(|(f, _)| *f != "organizer");
    if project.network_id.is_none() {
        errors.add("organizer", "projects-event-needs-network");
    }
    let (Some(e), true) = (parsed, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    insert_workshop(state, project, &e, Some(who.user.id)).await
}

/// Inserts a checked event as organized by the project.
async fn insert_workshop(
    state: &AppState,
    project: &Project,
    e: &crate::events::model::NewEvent,
    created_by: Option<i64>,
) -> AppResult<Event> {
    crate::events::service::create_for_project(state, project.id, e, created_by).await
}

/// Demonstration: the Buis page's contacts and « comment participer », and a public
/// workshop two weeks ahead (when the project has no coming workshop yet).
pub async fn demo(state: &AppState, project: &Project, holder: Option<i64>) -> AppResult<()> {
    let now = state.clock.now_ms();
    let pg = check_page(
        "tiers-lieu@buis-les-baronnies.example.org",
        "04 75 28 00 00",
        "Mairie de Buis-les-Baronnies — service développement local\nPermanence le mercredi matin",
        "<p>Le projet se construit avec les habitants : venez aux ateliers publics, rejoignez un \
         focus groupe sur un usage (coworking, café, fablab, jardin) ou écrivez-nous.</p>\
         <ul><li>ateliers ouverts à toutes et tous, sur inscription ;</li>\
         <li>comptes-rendus publiés après chaque réunion.</li></ul>",
    )?;
    store_page(&state.db, project.id, &pg, holder, now).await?;
    if !upcoming_workshops(&state.db, project.id, now)
        .await?
        .is_empty()
        || project.network_id.is_none()
    {
        return Ok(());
    }
    let day = state
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
        + chrono::Duration::days(14);
    let input = EventInput {
        title: "Atelier collectif : articuler les usages".into(),
        starts_at: format!("{day}T18:00"),
        ends_at: format!("{day}T20:00"),
        capacity: Some(30),
        network_id: project.network_id,
        kind: Some("atelier".into()),
        description: Some(
            "<p>Valider ensemble les propositions du groupe porteurs et des focus groupes, \
             articuler les usages entre eux et avec les espaces nécessaires.</p>"
                .into(),
        ),
        location_kind: Some("address".into()),
        address: Some("Salle des fêtes, Buis-les-Baronnies".into()),
        ..EventInput::default()
    };
    let mut errors = FieldErrors::default();
    let e = input.parse(&mut errors).ok_or(AppError::Invalid(errors))?;
    insert_workshop(state, project, &e, holder).await?;
    Ok(())
}

// ---- the page ----

pub struct PhaseView {
    pub position: i64,
    pub title: String,
    pub objectives: Vec<String>,
    pub dates: String,
    pub completion: i64,
    pub bar: String,
    pub done: bool,
    pub current: bool,
    pub support_level: String,
}

pub fn phase_dates(ph: &Phase) -> String {
    let fr = |s: &Option<String>| {
        s.as_deref()
            .and_then(|x| chrono::NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
            .map(|x| x.format("%d/%m/%Y").to_string())
    };
    match (fr(&ph.starts_on), fr(&ph.ends_on)) {
        (Some(s), Some(e)) => format!("{s} → {e}"),
        (Some(s), None) => format!("{s} →"),
        (None, Some(e)) => format!("→ {e}"),
        (None, None) => String::new(),
    }
}

pub struct WorkshopView {
    pub event_id: i64,
    pub occurrence_id: i64,
    pub title: String,
    pub kind: String,
    pub when: String,
    pub place: String,
    pub seats: String,
    pub full: bool,
    /// Questions or approval: registration happens on the event page.
    pub on_event_page: bool,
    /// The visitor's own registration status, translated.
    pub mine: String,
}

pub struct MeetingView {
    pub id: i64,
    pub title: String,
    pub group: String,
    pub group_slug: String,
    pub when: String,
    pub room: String,
    pub excerpt: String,
}

pub struct DocView {
    pub id: i64,
    pub title: String,
}

#[derive(Template)]
#[template(path = "projects/show.html")]
struct ShowTpl {
    c: Chrome,
    p: Project,
    status: String,
    holders: Vec<String>,
    uses: Vec<String>,
    phases: Vec<PhaseView>,
    current: String,
    overall: i64,
    step: String,
    workshops: Vec<WorkshopView>,
    meetings: Vec<MeetingView>,
    minutes: Vec<MeetingView>,
    documents: Vec<DocView>,
    page: PublicPage,
    private: bool,
    can_manage: bool,
    signed_in: bool,
    has_canvas: bool,
    funding: super::web::FundingView,
    json_ld: String,
}

fn meeting_view(g: &Group, m: &Meeting, c: &Chrome) -> MeetingView {
    MeetingView {
        id: m.id,
        title: if m.title.is_empty() {
            c.t("groups-meeting")
        } else {
            m.title.clone()
        },
        group: g.name.clone(),
        group_slug: g.slug.clone(),
        when: when_fr(m.starts_at, m.ends_at, false),
        room: m.room.clone(),
        excerpt: crate::text::excerpt(&m.minutes, 300),
    }
}

fn json_ld(state: &AppState, p: &Project, ws: &[Workshop]) -> String {
    let url = format!("{}/projets/{}", state.config.base_url, p.slug);
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Project",
        "name": p.name,
        "url": url,
    });
    if !p.intent.is_empty() {
        v["description"] = json!(crate::text::excerpt(&p.intent, 500));
    }
    if !p.communes.is_empty() {
        v["areaServed"] = json!(p.communes);
    }
    let holders = p.holder_list();
    if !holders.is_empty() {
        v["member"] = json!(holders
            .iter()
            .map(|h| json!({"@type": "Organization", "name": h}))
            .collect::<Vec<_>>());
    }
    if !ws.is_empty() {
        v["event"] = json!(ws
            .iter()
            .map(|w| json!({
                "@type": "Event",
                "name": w.title,
                "startDate": crate::clock::rfc3339(w.starts_at),
                "endDate": crate::clock::rfc3339(w.ends_at),
                "url": format!("{}/evenements/{}", state.config.base_url, w.event_id),
            }))
            .collect::<Vec<_>>());
    }
    // Safe inside <script type="application/ld+json">: no "<" can close the element.
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

pub async fn project_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = repo::project_by_slug(&state.db, &slug).await?;
    let (p, t) = service::visible(&state, ctx.user.as_ref(), p).await?;
    let who = ctx.user.as_ref();
    let private = authorize(who, Action::ReadProject, &t).is_ok();
    let can_manage = service::may_manage(who, &t);
    let mut c = Chrome::new(&ctx, &headers, "projects-title");
    c.title = p.name.clone();
    let now = state.clock.now_ms();
    let phases = repo::phases(&state.db, p.id).await?;
    let current_id = current_phase(&phases).map(|ph| ph.id);
    let (current, step) = match current_phase(&phases) {
        Some(ph) => (
            format!("{}. {} ({} %)", ph.position, ph.title, ph.completion),
            c.lang.ta(
                "projects-step",
                &[
                    ("n", &ph.position.to_string()),
                    ("total", &phases.len().to_string()),
                ],
            ),
        ),
        None => (c.t("projects-all-phases-done"), String::new()),
    };
    let overall = overall_completion(&phases);
    let phase_views = phases
        .iter()
        .map(|ph| PhaseView {
            dates: phase_dates(ph),
            objectives: model::lines(&ph.objectives),
            bar: model::bar_class(ph.completion, 100),
            done: ph.completion >= 100,
            current: Some(ph.id) == current_id,
            position: ph.position,
            title: ph.title.clone(),
            completion: ph.completion,
            support_level: ph.support_level.clone(),
        })
        .collect();
    let ws = upcoming_workshops(&state.db, p.id, now).await?;
    let mine = match who {
        Some(u) => my_registrations(&state.db, u.user.id, &ws).await?,
        None => Vec::new(),
    };
    let workshops = ws
        .iter()
        .map(|w| {
            let left = w.seats_left();
            WorkshopView {
                event_id: w.event_id,
                occurrence_id: w.occurrence_id,
                title: w.title.clone(),
                kind: c.t(&format!("event-kind-{}", w.kind)),
                when: when_fr(w.starts_at, w.ends_at, w.all_day),
                place: match w.location_kind.as_str() {
                    "online" => c.t("projects-online"),
                    _ => w.address.clone(),
                },
                seats: match left {
                    None => String::new(),
                    Some(0) => c.t("projects-workshop-full"),
                    Some(n) => c.ta("projects-seats-left", "n", &n.to_string()),
                },
                full: left == Some(0),
                on_event_page: w.approval || !w.questions.trim().is_empty(),
                mine: mine
                    .iter()
                    .find(|(o, _)| *o == w.occurrence_id)
                    .map(|(_, s)| c.t(&format!("projects-registration-{s}")))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let (coming, published) = meetings_of(&state.db, p.id, now).await?;
    let documents = public_documents(&state.db, p.id)
        .await?
        .into_iter()
        .map(|d| DocView {
            id: d.id,
            title: d.title,
        })
        .collect();
    let apps = repo::fundings(&state.db, p.id).await?;
    let lines = repo::budget_lines(&state.db, p.id).await?;
    let has_canvas = !repo::canvas_versions(&state.db, p.id).await?.is_empty();
    render(&ShowTpl {
        status: super::web::status_label(&c, &p.status),
        holders: p.holder_list(),
        uses: p.use_list(),
        phases: phase_views,
        current,
        overall,
        step,
        workshops,
        meetings: coming.iter().map(|(g, m)| meeting_view(g, m, &c)).collect(),
        minutes: published
            .iter()
            .map(|(g, m)| meeting_view(g, m, &c))
            .collect(),
        documents,
        page: page_of(&state.db, p.id).await?,
        private,
        can_manage,
        signed_in: who.is_some(),
        has_canvas,
        funding: super::web::funding_view(&c, &apps, &lines),
        json_ld: json_ld(&state, &p, &ws),
        p,
        c,
    })
}

// ---- editing the public page ----

#[derive(Deserialize, Default)]
pub struct PageForm {
    #[serde(default)]
    pub contact_email: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub contact_text: String,
    #[serde(default)]
    pub participate: String,
}

#[derive(Template)]
#[template(path = "projects/public_edit.html")]
struct EditTpl {
    c: Chrome,
    p: Project,
    f: PageForm,
    errors: FieldErrors,
}

async fn managed(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Project> {
    ctx.require_user()?;
    let p = repo::project_by_slug(&state.db, slug).await?;
    Ok(service::managed(state, ctx.user.as_ref(), p).await?.0)
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = managed(&state, &ctx, &slug).await?;
    let pg = page_of(&state.db, p.id).await?;
    render(&EditTpl {
        c: Chrome::new(&ctx, &headers, "projects-public-edit"),
        f: PageForm {
            contact_email: pg.contact_email,
            contact_phone: pg.contact_phone,
            contact_text: pg.contact_text,
            participate: pg.participate,
        },
        errors: FieldErrors::default(),
        p,
    })
}

async fn save_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<PageForm>,
) -> AppResult<Response> {
    let p = managed(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    match check_page(
        &f.contact_email,
        &f.contact_phone,
        &f.contact_text,
        &f.participate,
    ) {
        Ok(pg) => {
            update_page(&state, who, &p, &pg).await?;
            Ok(redirect_flash(
                &format!("/projets/{}", p.slug),
                "flash-project-page-saved",
            ))
        }
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EditTpl {
                c: Chrome::new(&ctx, &headers, "projects-public-edit"),
                f,
                errors,
                p,
            },
        ),
        Err(e) => Err(e),
    }
}

// ---- creating a workshop ----

#[derive(Deserialize, Default)]
pub struct WorkshopForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Template)]
#[template(path = "projects/workshop_new.html")]
struct WorkshopTpl {
    c: Chrome,
    p: Project,
    f: WorkshopForm,
    kinds: Vec<(&'static str, String)>,
    errors: FieldErrors,
}

fn workshop_view(
    ctx: &Ctx,
    headers: &HeaderMap,
    p: Project,
    f: WorkshopForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let c = Chrome::new(ctx, headers, "projects-workshop-new");
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &WorkshopTpl {
            kinds: crate::events::model::KINDS
                .iter()
                .map(|k| (*k, c.t(&format!("event-kind-{k}"))))
                .collect(),
            c,
            p,
            f,
            errors,
        },
    )
}

async fn new_workshop_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    if p.network_id.is_none() {
        errors.add("organizer", "projects-event-needs-network");
    }
    let f = WorkshopForm {
        kind: "atelier".into(),
        ..WorkshopForm::default()
    };
    let mut res = workshop_view(&ctx, &headers, p, f, errors)?;
    *res.status_mut() = StatusCode::OK;
    Ok(res)
}

async fn create_workshop_form(
    state: &AppState,
    who: &Principal,
    p: &Project,
    f: &WorkshopForm,
) -> AppResult<Event> {
    let mut errors = FieldErrors::default();
    if f.date.trim().is_empty() {
        errors.add("date", "field-required");
    }
    let date = crate::form::parse::parse_date(&f.date, "date", &mut errors);
    let start = crate::groups::model::parse_time(&f.start, "start", &mut errors);
    let end = crate::groups::model::parse_time(&f.end, "end", &mut errors);
    let capacity = if f.capacity.trim().is_empty() {
        None
    } else {
        match f.capacity.trim().parse::<i32>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(n),
            _ => {
                errors.add("capacity", "event-error-capacity");
                None
            }
        }
    };
    let (Some(date), Some(start), Some(end), true) = (date, start, end, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let online = !f.online_url.trim().is_empty();
    let input = EventInput {
        title: f.title.clone(),
        starts_at: format!("{date}T{start}"),
        ends_at: format!("{date}T{end}"),
        capacity,
        kind: Some(f.kind.clone()),
        description: Some(f.description.clone()),
        location_kind: Some(
            match (online, f.address.trim().is_empty()) {
                (true, false) => "hybrid",
                (true, true) => "online",
                _ => "address",
            }
            .into(),
        ),
        address: Some(f.address.clone()),
        online_url: Some(f.online_url.clone()),
        ..EventInput::default()
    };
    create_workshop(state, who, p, input).await
}

async fn create_workshop_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<WorkshopForm>,
) -> AppResult<Response> {
    let p = managed(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    match create_workshop_form(&state, who, &p, &f).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/projets/{}#workshops-h", p.slug),
            "flash-workshop-created",
        )),
        Err(AppError::Invalid(errors)) => workshop_view(&ctx, &headers, p, f, errors),
        Err(e) => Err(e),
    }
}

// ---- JSON ----

#[derive(Serialize, ToSchema)]
pub struct WorkshopOut {
    pub event_id: i64,
    pub occurrence_id: i64,
    pub title: String,
    pub kind: String,
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
        kind: w.kind.clone(),
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
pub struct MeetingOut {
    pub id: i64,
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
pub struct DocumentOut {
    pub id: i64,
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
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub url: String,
    pub status: String,
    pub communes: String,
    pub epci: String,
    pub departement: String,
    pub holders: Vec<String>,
    pub uses: Vec<String>,
    /// Sanitized HTML.
    pub intent: String,
    pub phases: Vec<super::api::PhaseOut>,
    /// Position of the phase in progress (absent when every phase is done).
    pub current_phase: Option<i64>,
    /// Mean completion of the phases, 0–100.
    pub completion: i64,
    /// Coming occurrences of the workshops organized by the project.
    pub workshops: Vec<WorkshopOut>,
    /// Coming meetings of the project's public groups.
    pub meetings: Vec<MeetingOut>,
    /// Meetings whose minutes are public, newest first.
    pub published_minutes: Vec<MeetingOut>,
    /// Public documents of the project's library.
    pub documents: Vec<DocumentOut>,
    pub contacts: ContactsOut,
    /// « Comment participer », sanitized HTML.
    pub participate: String,
}

fn meeting_out(g: &Group, m: &Meeting, with_minutes: bool) -> MeetingOut {
    MeetingOut {
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
    let ws = upcoming_workshops(db, p.id, now).await?;
    let (coming, published) = meetings_of(db, p.id, now).await?;
    let page = page_of(db, p.id).await?;
    Ok(PublicProjectOut {
        url: format!("/projets/{}", p.slug),
        holders: p.holder_list(),
        uses: p.use_list(),
        current_phase: current_phase(&phases).map(|ph| ph.position),
        completion: overall_completion(&phases),
        phases: phases.into_iter().map(super::api::phase_out).collect(),
        workshops: ws.iter().map(workshop_out).collect(),
        meetings: coming
            .iter()
            .map(|(g, m)| meeting_out(g, m, false))
            .collect(),
        published_minutes: published
            .iter()
            .map(|(g, m)| meeting_out(g, m, true))
            .collect(),
        documents: public_documents(db, p.id)
            .await?
            .into_iter()
            .map(|d| DocumentOut {
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
    match key.parse::<i64>() {
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

#[derive(Deserialize, ToSchema)]
pub struct PublicPageIn {
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
    let old = page_of(&state.db, p.id).await?;
    let pg = check_page(
        b.contact_email.as_deref().unwrap_or(&old.contact_email),
        b.contact_phone.as_deref().unwrap_or(&old.contact_phone),
        b.contact_text.as_deref().unwrap_or(&old.contact_text),
        b.participate.as_deref().unwrap_or(&old.participate),
    )
    .map_err(|e| crate::error::ApiError(e, ctx.lang))?;
    update_page(&state, who, &p, &pg).await?;
    Ok(axum::Json(public_out(&state, p).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CreatedWorkshop {
    pub event_id: i64,
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
    let ev = create_workshop(&state, who, &p, b)
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

pub fn api_routes() -> Router<AppState> {
    use axum::routing::post;
    Router::new()
        .route(
            "/api/v1/projects/{id}/public",
            get(get_public).put(put_public),
        )
        .route("/api/v1/projects/{id}/events", post(post_event))
        .route(
            "/api/v1/projects/dashboard",
            get(super::dashboard::dashboard_json),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(position: i64, completion: i64) -> Phase {
        Phase {
            id: position,
            project_id: 1,
            position,
            title: format!("Phase {position}"),
            objectives: String::new(),
            starts_on: Some("2025-07-01".into()),
            ends_on: None,
            completion,
            support_level: String::new(),
        }
    }

    #[test]
    fn current_phase_and_completion() {
        let phases = [phase(1, 100), phase(2, 60), phase(3, 0), phase(4, 0)];
        assert_eq!(current_phase(&phases).map(|p| p.position), Some(2));
        assert_eq!(overall_completion(&phases), 40);
        let done = [phase(1, 100), phase(2, 100)];
        assert!(current_phase(&done).is_none());
        assert_eq!(overall_completion(&[]), 0);
        assert_eq!(phase_dates(&phases[0]), "01/07/2025 →");
    }

    #[test]
    fn public_page_fields_are_checked() {
        let ok = check_page(
            " Contact@Buis.example.org ",
            "+33 (0)4 75-28.00.00",
            "Mairie\r\nPermanence",
            "<p onclick=\"x()\">Venez</p><script>alert(1)</script>",
        )
        .unwrap();
        assert_eq!(ok.contact_email, "contact@buis.example.org");
        assert_eq!(ok.contact_text, "Mairie\nPermanence");
        assert!(!ok.participate.contains("script") && !ok.participate.contains("onclick"));
        let Err(AppError::Invalid(e)) = check_page("x@", "appelez", "a\u{0}b", "") else {
            panic!("must fail")
        };
        assert!(e.has("contact_email") && e.has("contact_phone") && e.has("contact_text"));
        // Multi-byte input never panics and long input is refused by characters.
        assert!(check_page("", "", &"é".repeat(2001), "").is_err());
        assert!(check_page("", "", &"é".repeat(2000), "").is_ok());
        assert!(check_page("", "١٢٣٤", "", "").is_err(), "ASCII digits only");
    }
}
