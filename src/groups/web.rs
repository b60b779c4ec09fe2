//! Pages of groups: the list, a group (members, meetings, actions, slot), a meeting (agenda,
//! attendees, minutes, decisions, next steps), the register of decisions, "my actions".

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{self, ActionItem, AgendaItem, Attendee, Decision, Group, Meeting, Membership};
use super::repo;
use super::service::{self, GroupInput, MeetingInput};
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/groupes", get(list_page).post(create))
        .route("/groupes/nouveau", get(new_page))
        .route("/groupes/{slug}", get(group_page))
        .route("/groupes/{slug}/modifier", post(edit))
        .route("/groupes/{slug}/membres", post(add_member))
        .route("/groupes/{slug}/membres/{id}/{action}", post(member_action))
        .route("/groupes/{slug}/rejoindre", post(join))
        .route("/groupes/{slug}/reunions", post(create_meeting))
        .route("/groupes/{slug}/creneau", post(set_slot))
        .route("/reunions/{id}", get(meeting_page))
        .route("/reunions/{id}/ics", get(meeting_ics))
        .route("/reunions/{id}/compte-rendu", post(save_minutes))
        .route("/reunions/{id}/ordre-du-jour", post(add_agenda))
        .route("/reunions/{id}/decisions", post(add_decision))
        .route("/reunions/{id}/actions", post(add_action))
        .route("/reunions/{id}/presences", post(set_attendance))
        .route("/decisions", get(decisions_page))
        .route("/mes-actions", get(my_actions))
        .route("/actions/{id}/statut", post(action_status))
}

/// Labels of stored codes, in the page's language.
pub fn kind_label(c: &Chrome, kind: &str) -> String {
    c.t(&format!("groups-kind-{}", kind.replace('_', "-")))
}
pub fn role_label(c: &Chrome, role: &str) -> String {
    c.t(&format!("groups-role-{}", role.replace('_', "-")))
}
pub fn status_label(c: &Chrome, status: &str) -> String {
    c.t(&format!("groups-status-{status}"))
}

async fn load_group(state: &AppState, slug: &str) -> AppResult<(Group, Vec<Membership>, Target)> {
    let g = repo::group_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = repo::memberships(&state.db, g.id).await?;
    let t = service::target_from(state, &g, &members, state.clock.now_ms()).await?;
    Ok((g, members, t))
}

/// The group, when `ctx` may see it (404 otherwise).
async fn visible(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<(Group, Vec<Membership>, Target)> {
    let (g, m, t) = load_group(state, slug).await?;
    if !service::may_see(ctx.user.as_ref(), &g, &t) {
        return Err(AppError::NotFound);
    }
    Ok((g, m, t))
}

/// The group, when `ctx` manages it.
async fn managed(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<(Group, Vec<Membership>, Target)> {
    let (g, m, t) = visible(state, ctx, slug).await?;
    authorize(ctx.user.as_ref(), Action::ManageGroup, &t)?;
    Ok((g, m, t))
}

// ---- list and creation ----

pub struct GroupCard {
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub members_only: bool,
}

#[derive(Template)]
#[template(path = "groups/list.html")]
struct ListTpl {
    c: Chrome,
    groups: Vec<GroupCard>,
    can_create: bool,
}

async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let c = Chrome::new(&ctx, &headers, "groups-title");
    let mut groups = Vec::new();
    for g in repo::all_groups(&state.db).await? {
        let t = service::target(&state, &g).await?;
        if service::may_see(ctx.user.as_ref(), &g, &t) {
            groups.push(GroupCard {
                kind: kind_label(&c, &g.kind),
                members_only: !g.is_public(),
                name: g.name,
                slug: g.slug,
            });
        }
    }
    let can_create = match &ctx.user {
        Some(p) => !scopes(&state, p).await?.is_empty(),
        None => false,
    };
    render_status(
        StatusCode::OK,
        &ListTpl {
            c,
            groups,
            can_create,
        },
    )
}

/// Places and networks where `p` may create groups: `("place:3", "Tiers-lieu de Riez")`.
async fn scopes(state: &AppState, p: &Principal) -> AppResult<Vec<(String, String)>> {
    use crate::tenancy::repo as t;
    let mut out = Vec::new();
    for n in t::networks(&state.db).await? {
        if authorize(Some(p), Action::ManageNetwork, &Target::Network(n.id)).is_ok() {
            out.push((format!("network:{}", n.id), n.name));
        }
    }
    for pl in t::places(&state.db).await? {
        let target = Target::Place {
            id: pl.id,
            networks: t::networks_of_place(&state.db, pl.id).await?,
        };
        if authorize(Some(p), Action::ManagePlace, &target).is_ok() {
            out.push((format!("place:{}", pl.id), pl.name));
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "groups/new.html")]
struct NewTpl {
    c: Chrome,
    scopes: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    errors: FieldErrors,
    f: GroupForm,
}

#[derive(Deserialize, Default)]
struct GroupForm {
    #[serde(default)]
    scope: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    joining: String,
    #[serde(default)]
    autonomous: Option<String>,
}

async fn new_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    f: GroupForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let scopes = scopes(state, p).await?;
    if scopes.is_empty() {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(ctx, headers, "groups-new");
    let kinds = model::KINDS
        .iter()
        .map(|k| (k.to_string(), kind_label(&c, k)))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &NewTpl {
            c,
            scopes,
            kinds,
            errors,
            f,
        },
    )
}

#[derive(Deserialize)]
struct NewQuery {
    #[serde(default)]
    scope: String,
}

async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let f = GroupForm {
        scope: q.scope,
        kind: "club".into(),
        visibility: "public".into(),
        joining: "request".into(),
        ..Default::default()
    };
    new_view(&state, &ctx, &headers, f, FieldErrors::default()).await
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<GroupForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let (kind, id) = f.scope.split_once(':').unwrap_or(("", ""));
    let id: Option<i64> = id.parse().ok();
    let res = service::create_group(
        &state,
        p,
        GroupInput {
            name: &f.name,
            kind: &f.kind,
            purpose: &f.purpose,
            visibility: &f.visibility,
            joining: &f.joining,
            autonomous: f.autonomous.is_some(),
            network_id: if kind == "network" { id } else { None },
            place_id: if kind == "place" { id } else { None },
            project_id: None,
        },
    )
    .await;
    match res {
        Ok(g) => Ok(redirect_flash(
            &format!("/groupes/{}", g.slug),
            "flash-group-created",
        )),
        Err(AppError::Invalid(mut errors)) => {
            if errors.has("place_id") || errors.has("network_id") {
                errors.add("scope", "groups-attach-one");
            }
            new_view(&state, &ctx, &headers, f, errors).await
        }
        Err(e) => Err(e),
    }
}

// ---- a group ----

pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub status: String,
    pub pending: bool,
    pub current: bool,
    pub mandate: String,
}

pub struct MeetingRow {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub room: String,
    pub has_public_minutes: bool,
    pub upcoming: bool,
}

pub struct ActionRow {
    pub id: i64,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub status_label: String,
    pub group_name: String,
    pub can_update: bool,
}

fn action_row(c: &Chrome, a: ActionItem, can_update: bool) -> ActionRow {
    ActionRow {
        id: a.id,
        owner: a.owner_name.unwrap_or_else(|| "—".into()),
        due: a
            .due_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| "—".into()),
        status_label: status_label(c, &a.status),
        status: a.status,
        title: a.title,
        group_name: a.group_name,
        can_update,
    }
}

#[derive(Template)]
#[template(path = "groups/group.html")]
struct GroupTpl {
    c: Chrome,
    g: Group,
    kind: String,
    parent_name: String,
    parent_url: String,
    president: Option<String>,
    interim: Option<String>,
    members: Vec<MemberRow>,
    meetings: Vec<MeetingRow>,
    actions: Vec<ActionRow>,
    can_manage: bool,
    is_member: bool,
    can_join: bool,
    pending: bool,
    signed_in: bool,
    roles: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    slot_label: String,
    errors: FieldErrors,
    form: String,
    show_group: bool,
    spaces: Vec<(i64, String)>,
    conflicts: Vec<(String, String)>,
}

async fn group_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    slug: &str,
    errors: FieldErrors,
    form: &str,
) -> AppResult<Response> {
    let (g, members, t) = visible(state, ctx, slug).await?;
    let now = state.clock.now_ms();
    let who = ctx.user.as_ref();
    let can_manage = service::may_manage(who, &t);
    let internal = service::may_read_internal(who, &t);
    let mut c = Chrome::new(ctx, headers, "groups-title");
    c.title = g.name.clone();
    let (parent_name, parent_url) = match (g.place_id, g.network_id) {
        (Some(p), _) => match crate::tenancy::repo::place_by_id(&state.db, p).await? {
            Some(p) => (p.name, format!("/lieux/{}", p.slug)),
            None => (String::new(), String::new()),
        },
        (_, Some(n)) => match crate::tenancy::repo::network_by_id(&state.db, n).await? {
            Some(n) => (n.name, format!("/reseaux/{}", n.slug)),
            None => (String::new(), String::new()),
        },
        _ => match g.project_id {
            Some(pid) => match crate::tenancy::service::project_scope(state, pid).await? {
                Some(p) => (p.name, format!("/projets/{}", p.slug)),
                None => (String::new(), String::new()),
            },
            None => (String::new(), String::new()),
        },
    };
    let president = members
        .iter()
        .find(|m| m.role == "president" && m.is_current(now))
        .map(|m| m.display_name.clone());
    let interim = service::interim_president(state, &g, &members).await?;
    let uid = ctx.user_id();
    let is_member =
        uid.is_some_and(|u| members.iter().any(|m| m.user_id == u && m.is_current(now)));
    let pending = uid.is_some_and(|u| {
        members
            .iter()
            .any(|m| m.user_id == u && m.status == "pending")
    });
    let member_rows = if internal {
        members
            .iter()
            .filter(|m| m.status != "refused")
            .map(|m| MemberRow {
                id: m.id,
                name: m.display_name.clone(),
                role: role_label(&c, &m.role),
                status: m.status.clone(),
                pending: m.status == "pending",
                current: m.is_current(now),
                mandate: match (m.mandate_start, m.mandate_end) {
                    (None, None) => String::new(),
                    (s, e) => format!(
                        "{} → {}",
                        s.map(crate::clock::paris_display).unwrap_or_default(),
                        e.map(crate::clock::paris_display).unwrap_or_default()
                    ),
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    let meetings = repo::meetings_of_group(&state.db, g.id)
        .await?
        .into_iter()
        .map(|m| MeetingRow {
            id: m.id,
            title: if m.title.is_empty() {
                c.t("groups-meeting")
            } else {
                m.title.clone()
            },
            when: crate::clock::paris_display(m.starts_at),
            room: m.room.clone(),
            has_public_minutes: m.minutes_visibility == "public" && !m.minutes.is_empty(),
            upcoming: m.ends_at > now,
        })
        .collect();
    let actions = if internal {
        repo::actions(&state.db, Some(g.id), None, None)
            .await?
            .into_iter()
            .map(|a| {
                let can = can_manage || a.owner_id == uid;
                action_row(&c, a, can)
            })
            .collect()
    } else {
        Vec::new()
    };
    let slot_label = match (&g.slot_rrule, &g.slot_start, g.slot_minutes) {
        (Some(r), Some(s), Some(m)) => format!(
            "{r} · {s} · {m} min{}",
            if g.slot_room.is_empty() {
                String::new()
            } else {
                format!(" · {}", g.slot_room)
            }
        ),
        _ => String::new(),
    };
    let spaces = match (can_manage, g.place_id) {
        (true, Some(p)) => crate::bookings::service::spaces_of_place(&state.db, p)
            .await?
            .into_iter()
            .filter(|s| s.active && !s.is_equipment)
            .map(|s| (s.id, s.name))
            .collect(),
        _ => Vec::new(),
    };
    let conflicts = if can_manage {
        repo::slot_conflicts(&state.db, g.id, now)
            .await?
            .into_iter()
            .map(|c| (crate::clock::paris_display(c.starts_at), c.reason))
            .collect()
    } else {
        Vec::new()
    };
    let roles = model::ROLES
        .iter()
        .map(|r| (r.to_string(), role_label(&c, r)))
        .collect();
    let kinds = model::KINDS
        .iter()
        .map(|k| (k.to_string(), kind_label(&c, k)))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &GroupTpl {
            kind: kind_label(&c, &g.kind),
            can_join: uid.is_some() && !is_member && !pending && g.joining != "invitation",
            signed_in: uid.is_some(),
            c,
            g,
            parent_name,
            parent_url,
            president,
            interim,
            members: member_rows,
            meetings,
            actions,
            can_manage,
            is_member,
            pending,
            roles,
            kinds,
            slot_label,
            errors,
            form: form.to_string(),
            show_group: false,
            spaces,
            conflicts,
        },
    )
}

async fn group_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    group_view(&state, &ctx, &headers, &slug, FieldErrors::default(), "").await
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<GroupForm>,
) -> AppResult<Response> {
    let (mut g, _, _) = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    let name = model::parse_name(&f.name, &mut errors);
    let kind = crate::form::parse::parse_choice(&f.kind, &model::KINDS, "kind", &mut errors);
    let vis = crate::form::parse::parse_choice(
        &f.visibility,
        &model::VISIBILITIES,
        "visibility",
        &mut errors,
    );
    let joining =
        crate::form::parse::parse_choice(&f.joining, &model::JOININGS, "joining", &mut errors);
    let purpose = crate::form::parse::parse_rich(&f.purpose, "purpose", &mut errors);
    match (name, kind, vis, joining, errors.is_empty()) {
        (Some((name, _)), Some(kind), Some(vis), Some(joining), true) => {
            g.name = name;
            g.kind = kind.into();
            g.visibility = vis.into();
            g.joining = joining.into();
            g.purpose = purpose;
            g.autonomous = f.autonomous.is_some();
            repo::update_group(&state.db, &g).await?;
            Ok(redirect_flash(
                &format!("/groupes/{}", g.slug),
                "flash-group-saved",
            ))
        }
        _ => group_view(&state, &ctx, &headers, &slug, errors, "edit").await,
    }
}

#[derive(Deserialize)]
struct MemberForm {
    email: String,
    role: String,
    #[serde(default)]
    mandate_start: String,
    #[serde(default)]
    mandate_end: String,
}

fn paris_date(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<i64> {
    if raw.trim().is_empty() {
        return None;
    }
    model::parse_paris(raw, "00:00", field, errors)
}

async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<MemberForm>,
) -> AppResult<Response> {
    let (g, _, _) = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    let role = crate::form::parse::parse_choice(&f.role, &model::ROLES, "role", &mut errors);
    let start = paris_date(&f.mandate_start, "mandate_start", &mut errors);
    let end = paris_date(&f.mandate_end, "mandate_end", &mut errors);
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            errors.add("mandate_end", "groups-ends-before-start");
        }
    }
    let user = crate::accounts::repo::user_by_email(&state.db, &f.email).await?;
    if user.is_none() {
        errors.add("email", "groups-unknown-user");
    }
    match (user, role, errors.is_empty()) {
        (Some(u), Some(role), true) => {
            repo::insert_membership(
                &state.db,
                repo::NewMembership {
                    group_id: g.id,
                    user_id: u.id,
                    role,
                    status: "active",
                    mandate_start: start,
                    mandate_end: end,
                    now: state.clock.now_ms(),
                },
            )
            .await?;
            service::notify_member_added(&state, &g, &u.email, role).await?;
            repo::invite_to_upcoming(&state.db, g.id, u.id, state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/groupes/{}#membres", g.slug),
                "flash-member-added",
            ))
        }
        _ => group_view(&state, &ctx, &headers, &slug, errors, "member").await,
    }
}

async fn member_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, action)): Path<(String, i64, String)>,
) -> AppResult<Response> {
    let (g, members, t) = visible(&state, &ctx, &slug).await?;
    let m = members
        .iter()
        .find(|m| m.id == id)
        .ok_or(AppError::NotFound)?;
    let own = ctx.user_id() == Some(m.user_id);
    let manage = service::may_manage(ctx.user.as_ref(), &t);
    match action.as_str() {
        "valider" if manage => {
            repo::set_membership_status(&state.db, m.id, "active").await?;
            repo::invite_to_upcoming(&state.db, g.id, m.user_id, state.clock.now_ms()).await?;
        }
        "refuser" if manage => repo::set_membership_status(&state.db, m.id, "refused").await?,
        "retirer" if manage || own => {
            repo::end_membership(&state.db, m.id, state.clock.now_ms()).await?
        }
        "valider" | "refuser" | "retirer" => return Err(AppError::Forbidden),
        _ => return Err(AppError::NotFound),
    }
    Ok(redirect_flash(
        &format!("/groupes/{}#membres", g.slug),
        "flash-member-updated",
    ))
}

async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let (g, _, _) = visible(&state, &ctx, &slug).await?;
    let m = match service::join(&state, &g, p.user.id).await {
        Ok(m) => m,
        Err(AppError::Conflict(_)) => {
            return Ok(redirect_flash(
                &format!("/groupes/{}", g.slug),
                "flash-join-requested",
            ))
        }
        Err(e) => return Err(e),
    };
    let flash = if m.status == "active" {
        "flash-joined"
    } else {
        "flash-join-requested"
    };
    Ok(redirect_flash(&format!("/groupes/{}", g.slug), flash))
}

#[derive(Deserialize)]
struct MeetingForm {
    #[serde(default)]
    title: String,
    date: String,
    start: String,
    end: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    online_url: String,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    space_id: String,
}

async fn create_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<MeetingForm>,
) -> AppResult<Response> {
    let (g, _, _) = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    let s = model::parse_paris(&f.date, &f.start, "date", &mut errors);
    let e = model::parse_paris(&f.date, &f.end, "end", &mut errors);
    let times = service::check_meeting(s, e, &mut errors);
    let online = model::parse_url(&f.online_url, "online_url", &mut errors);
    let agenda: Vec<String> = f
        .agenda
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.chars().take(2000).collect())
        .take(100)
        .collect();
    match (times, errors.is_empty()) {
        (Some((starts_at, ends_at)), true) => {
            let p = ctx.require_user()?;
            let res = service::create_meeting(
                &state,
                p,
                &g,
                MeetingInput {
                    title: f.title.trim(),
                    starts_at,
                    ends_at,
                    room: f.room.trim(),
                    online_url: &online,
                    minutes: "",
                    minutes_visibility: "internal",
                    agenda,
                    space_id: f.space_id.trim().parse().ok(),
                },
            )
            .await;
            match res {
                Ok(m) => Ok(redirect_flash(
                    &format!("/reunions/{}", m.id),
                    "flash-meeting-created",
                )),
                Err(AppError::Invalid(errors)) => {
                    group_view(&state, &ctx, &headers, &slug, errors, "meeting").await
                }
                Err(AppError::Conflict(_)) => {
                    let mut errors = FieldErrors::default();
                    errors.add("space_id", "groups-conflict-full-field");
                    group_view(&state, &ctx, &headers, &slug, errors, "meeting").await
                }
                Err(e) => Err(e),
            }
        }
        _ => {
            if errors.has("end") {
                errors.add("date", "groups-instant-invalid");
            }
            group_view(&state, &ctx, &headers, &slug, errors, "meeting").await
        }
    }
}

#[derive(Deserialize)]
struct SlotForm {
    rrule: String,
    start: String,
    end: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    space_id: String,
}

async fn set_slot(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<SlotForm>,
) -> AppResult<Response> {
    let (mut g, _, _) = managed(&state, &ctx, &slug).await?;
    let p = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let space_id = f.space_id.trim().parse::<i64>().ok();
    match service::parse_slot(&f.rrule, &f.start, &f.end, &f.room, space_id, &mut errors) {
        Some(slot) => match service::set_slot(&state, p, &mut g, slot).await {
            Ok(report) => Ok(redirect_flash(
                &format!("/groupes/{}", g.slug),
                if report.conflicts.is_empty() {
                    "flash-slot-saved"
                } else {
                    "flash-slot-conflicts"
                },
            )),
            Err(AppError::Invalid(errors)) => {
                group_view(&state, &ctx, &headers, &slug, errors, "slot").await
            }
            Err(e) => Err(e),
        },
        None => group_view(&state, &ctx, &headers, &slug, errors, "slot").await,
    }
}

// ---- a meeting ----

#[derive(Template)]
#[template(path = "groups/meeting.html")]
struct MeetingTpl {
    c: Chrome,
    g: Group,
    m: Meeting,
    title: String,
    when: String,
    until: String,
    agenda: Vec<AgendaItem>,
    attendees: Vec<(Attendee, String)>,
    decisions: Vec<Decision>,
    actions: Vec<ActionRow>,
    members: Vec<(i64, String)>,
    show_minutes: bool,
    internal: bool,
    can_manage: bool,
    minutes_draft: String,
    errors: FieldErrors,
    form: String,
    show_group: bool,
}

async fn meeting_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    errors: FieldErrors,
    form: &str,
    draft: Option<String>,
) -> AppResult<Response> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let g = repo::group_by_id(&state.db, m.group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = repo::memberships(&state.db, g.id).await?;
    let now = state.clock.now_ms();
    let t = service::target_from(state, &g, &members, now).await?;
    let who = ctx.user.as_ref();
    if !service::may_see(who, &g, &t) {
        return Err(AppError::NotFound);
    }
    let internal = service::may_read_internal(who, &t);
    let can_manage = service::may_manage(who, &t);
    let show_minutes = internal || m.minutes_visibility == "public";
    let mut c = Chrome::new(ctx, headers, "groups-meeting");
    let title = if m.title.is_empty() {
        c.t("groups-meeting")
    } else {
        m.title.clone()
    };
    c.title = format!("{title} – {}", g.name);
    let attendees = if internal {
        repo::attendees(&state.db, m.id)
            .await?
            .into_iter()
            .map(|a| {
                let l = c.t(&format!("groups-attendance-{}", a.status));
                (a, l)
            })
            .collect()
    } else {
        Vec::new()
    };
    let uid = ctx.user_id();
    let actions = if internal {
        repo::actions(&state.db, None, None, Some(m.id))
            .await?
            .into_iter()
            .map(|a| {
                let can = can_manage || a.owner_id == uid;
                action_row(&c, a, can)
            })
            .collect()
    } else {
        Vec::new()
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &MeetingTpl {
            when: crate::clock::paris_display(m.starts_at),
            until: crate::clock::from_ms(m.ends_at)
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%H:%M")
                .to_string(),
            agenda: repo::agenda(&state.db, m.id).await?,
            decisions: if show_minutes {
                repo::decisions(&state.db, Some(m.id), None, "").await?
            } else {
                Vec::new()
            },
            members: members
                .iter()
                .filter(|x| x.is_current(now))
                .map(|x| (x.user_id, x.display_name.clone()))
                .collect(),
            minutes_draft: draft.unwrap_or_else(|| m.minutes.clone()),
            c,
            g,
            m,
            title,
            attendees,
            actions,
            show_minutes,
            internal,
            can_manage,
            errors,
            form: form.to_string(),
            show_group: false,
        },
    )
}

async fn meeting_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    meeting_view(&state, &ctx, &headers, id, FieldErrors::default(), "", None).await
}

/// The meeting and its group, when `ctx` manages the group.
async fn managed_meeting(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<(Group, Meeting)> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let g = repo::group_by_id(&state.db, m.group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = service::target(state, &g).await?;
    if !service::may_see(ctx.user.as_ref(), &g, &t) {
        return Err(AppError::NotFound);
    }
    authorize(ctx.user.as_ref(), Action::ManageGroup, &t)?;
    Ok((g, m))
}

async fn meeting_ics(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let m = repo::meeting_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let g = repo::group_by_id(&state.db, m.group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = service::target(&state, &g).await?;
    if !service::may_see(ctx.user.as_ref(), &g, &t) {
        return Err(AppError::NotFound);
    }
    let agenda: Vec<String> = repo::agenda(&state.db, m.id)
        .await?
        .into_iter()
        .map(|a| a.title)
        .collect();
    let body = service::meeting_ics(&state, &g, &m, &agenda);
    Ok((
        [
            (CONTENT_TYPE, crate::ical::CONTENT_TYPE.to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"reunion-{}.ics\"", m.id),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
struct MinutesForm {
    minutes: String,
    minutes_visibility: String,
}

async fn save_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<MinutesForm>,
) -> AppResult<Response> {
    let (g, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let minutes = crate::form::parse::parse_rich(&f.minutes, "minutes", &mut errors);
    let vis = crate::form::parse::parse_choice(
        &f.minutes_visibility,
        &model::MINUTES_VISIBILITIES,
        "minutes_visibility",
        &mut errors,
    );
    match (vis, errors.is_empty()) {
        (Some(vis), true) => {
            service::save_minutes(&state, &g, &m, &minutes, vis).await?;
            let flash = if vis == "public" {
                "flash-minutes-published"
            } else {
                "flash-minutes-saved"
            };
            Ok(redirect_flash(&format!("/reunions/{}", m.id), flash))
        }
        _ => {
            meeting_view(
                &state,
                &ctx,
                &headers,
                id,
                errors,
                "minutes",
                Some(f.minutes),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
struct TextForm {
    text: String,
}

async fn add_agenda(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> AppResult<Response> {
    let (_, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    match model::parse_line(&f.text, "text", &mut errors) {
        Some(t) => {
            repo::add_agenda_item(&state.db, m.id, &t).await?;
            Ok(redirect_flash(
                &format!("/reunions/{}#ordre-du-jour", m.id),
                "flash-agenda-added",
            ))
        }
        None => meeting_view(&state, &ctx, &headers, id, errors, "agenda", None).await,
    }
}

async fn add_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<TextForm>,
) -> AppResult<Response> {
    let (_, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    match model::parse_line(&f.text, "decision", &mut errors) {
        Some(t) => {
            repo::insert_decision(&state.db, &m, &t, state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/reunions/{}#decisions", m.id),
                "flash-decision-added",
            ))
        }
        None => meeting_view(&state, &ctx, &headers, id, errors, "decision", None).await,
    }
}

#[derive(Deserialize)]
struct ActionForm {
    title: String,
    #[serde(default)]
    owner_id: String,
    #[serde(default)]
    due_on: String,
}

async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<ActionForm>,
) -> AppResult<Response> {
    let (g, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let title = model::parse_line(&f.title, "action_title", &mut errors);
    let due = crate::form::parse::parse_date(&f.due_on, "due_on", &mut errors);
    let owner: Option<i64> = f.owner_id.trim().parse().ok();
    if let Some(o) = owner {
        if crate::accounts::repo::user_by_id(&state.db, o)
            .await?
            .is_none()
        {
            errors.add("owner_id", "groups-unknown-user");
        }
    }
    match (title, errors.is_empty()) {
        (Some(t), true) => {
            service::create_action(&state, &g, &t, owner, due.as_deref(), Some(m.id)).await?;
            Ok(redirect_flash(
                &format!("/reunions/{}#actions", m.id),
                "flash-action-added",
            ))
        }
        _ => meeting_view(&state, &ctx, &headers, id, errors, "action", None).await,
    }
}

#[derive(Deserialize)]
struct AttendanceForm {
    user_id: i64,
    status: String,
}

async fn set_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<AttendanceForm>,
) -> AppResult<Response> {
    let (_, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let status =
        crate::form::parse::parse_choice(&f.status, &model::ATTENDANCE, "status", &mut errors)
            .ok_or(AppError::Invalid(errors))?;
    if crate::accounts::repo::user_by_id(&state.db, f.user_id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    repo::set_attendee(&state.db, m.id, f.user_id, status).await?;
    Ok(redirect_flash(
        &format!("/reunions/{}#participants", m.id),
        "flash-attendance-saved",
    ))
}

// ---- register of decisions, my actions ----

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "groups/decisions.html")]
struct DecisionsTpl {
    c: Chrome,
    q: String,
    decisions: Vec<(Decision, String)>,
}

async fn decisions_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let found = service::readable_decisions(&state, ctx.user.as_ref(), None, &q.q).await?;
    let decisions = found
        .into_iter()
        .map(|d| {
            let w = crate::clock::paris_display(d.meeting_starts_at);
            (d, w)
        })
        .collect();
    render_status(
        StatusCode::OK,
        &DecisionsTpl {
            c: Chrome::new(&ctx, &headers, "groups-decisions"),
            q: q.q,
            decisions,
        },
    )
}

#[derive(Template)]
#[template(path = "groups/my_actions.html")]
struct MyActionsTpl {
    c: Chrome,
    actions: Vec<ActionRow>,
    show_group: bool,
}

async fn my_actions(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let c = Chrome::new(&ctx, &headers, "groups-my-actions");
    let actions = repo::actions(&state.db, None, Some(p.user.id), None)
        .await?
        .into_iter()
        .map(|a| action_row(&c, a, true))
        .collect();
    render_status(
        StatusCode::OK,
        &MyActionsTpl {
            c,
            actions,
            show_group: true,
        },
    )
}

#[derive(Deserialize)]
struct StatusForm {
    status: String,
    #[serde(default)]
    next: Option<String>,
}

async fn action_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<StatusForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let a = repo::action_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let g = repo::group_by_id(&state.db, a.group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = service::target(&state, &g).await?;
    if !service::may_see(Some(p), &g, &t) {
        return Err(AppError::NotFound);
    }
    if !service::may_manage(Some(p), &t) && a.owner_id != Some(p.user.id) {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let status =
        crate::form::parse::parse_choice(&f.status, &model::ACTION_STATUSES, "status", &mut errors)
            .ok_or(AppError::Invalid(errors))?;
    service::update_action(&state, &g, &a, status, a.owner_id, a.due_on.as_deref()).await?;
    let next = crate::web::safe_next(f.next.as_deref());
    Ok(redirect_flash(&next, "flash-action-updated"))
}
