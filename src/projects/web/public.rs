//! The public page of a project, `/projets/{slug}` (what the Buis-les-Baronnies site is
//! today): presentation, progress through the phases, next public meetings and workshops with
//! registration, published minutes, public documents, the team's contacts and « comment
//! participer ». Holders and advisors also see their private blocks (canvas, funding), edit
//! the page's own fields and create workshops.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::shared::{funding_view, status_label, FundingView};
use crate::auth::policy::{authorize, Action};
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{when, Event, EventInput};
use crate::form::Form;
use crate::groups::model::{Group, Meeting};
use crate::ids::EventId;
use crate::projects::model::public::{PublicPage, Workshop, WorkshopKind, WorkshopLocationKind};
use crate::projects::model::{self, Project};
use crate::projects::repo::{self, public as public_repo};
use crate::projects::service::{self, public as public_service};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

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

pub struct WorkshopView {
    pub event_id: EventId,
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
    funding: FundingView,
    json_ld: String,
}

fn meeting_view(g: &Group, m: &Meeting, c: &Chrome) -> MeetingView {
    MeetingView {
        id: m.id.get(),
        title: if m.title.is_empty() {
            c.t("groups-meeting")
        } else {
            m.title.clone()
        },
        group: g.name.clone(),
        group_slug: g.slug.clone(),
        when: when(c.lang, m.starts_at, m.ends_at, false),
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
    let current_id = model::current_phase(&phases).map(|ph| ph.id);
    let (current, step) = match model::current_phase(&phases) {
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
    let overall = model::overall_completion(&phases);
    let phase_views = phases
        .iter()
        .map(|ph| PhaseView {
            dates: model::phase_dates(ph),
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
    let ws = public_repo::upcoming_workshops(&state.db, p.id, now).await?;
    let mine = match who {
        Some(u) => public_repo::my_registrations(&state.db, u.user.id, &ws).await?,
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
                when: when(c.lang, w.starts_at, w.ends_at, w.all_day),
                place: match w.location_kind {
                    WorkshopLocationKind::Online => c.t("projects-online"),
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
    let (coming, published) = public_service::meetings_of(&state.db, p.id, now).await?;
    let documents = public_service::public_documents(&state.db, p.id)
        .await?
        .into_iter()
        .map(|d| DocView {
            id: d.id.get(),
            title: d.title,
        })
        .collect();
    let apps = repo::fundings(&state.db, p.id).await?;
    let lines = repo::budget_lines(&state.db, p.id).await?;
    let has_canvas = repo::latest_canvas(&state.db, p.id).await?.is_some();
    render(&ShowTpl {
        status: status_label(&c, p.status),
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
        page: public_repo::page_of(&state.db, p.id).await?,
        private,
        can_manage,
        signed_in: who.is_some(),
        has_canvas,
        funding: funding_view(&c, &apps, &lines),
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
    Ok(super::shared::managed(state, ctx, slug).await?.0)
}

pub async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = managed(&state, &ctx, &slug).await?;
    let pg = public_repo::page_of(&state.db, p.id).await?;
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

pub async fn save_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<PageForm>,
) -> AppResult<Response> {
    let p = managed(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let saved = public_service::save_page(
        &state,
        who,
        &p,
        &f.contact_email,
        &f.contact_phone,
        &f.contact_text,
        &f.participate,
    )
    .await;
    match saved {
        Ok(()) => Ok(redirect_flash(
            &format!("/projets/{}", p.slug),
            "flash-project-page-saved",
        )),
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
            kinds: WorkshopKind::ALL
                .iter()
                .map(|k| (k.as_str(), c.t(&format!("event-kind-{k}"))))
                .collect(),
            c,
            p,
            f,
            errors,
        },
    )
}

pub async fn new_workshop_page(
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
    let kind = crate::events::model::parse_choice_field::<crate::events::model::EventKind>(
        &f.kind,
        "kind",
        "event-error-kind",
        &mut errors,
    );
    let (Some(date), Some(start), Some(end), true) = (date, start, end, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let online = !f.online_url.trim().is_empty();
    let input = EventInput {
        title: f.title.clone(),
        starts_at: format!("{date}T{start}"),
        ends_at: format!("{date}T{end}"),
        capacity,
        kind,
        description: Some(f.description.clone()),
        location_kind: Some(match (online, f.address.trim().is_empty()) {
            (true, false) => crate::events::model::LocationKind::Hybrid,
            (true, true) => crate::events::model::LocationKind::Online,
            _ => crate::events::model::LocationKind::Address,
        }),
        address: Some(f.address.clone()),
        online_url: Some(f.online_url.clone()),
        ..EventInput::default()
    };
    public_service::create_workshop(state, who, p, input).await
}

pub async fn create_workshop_page(
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
