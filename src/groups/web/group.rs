//! A group's page: its settings, members, meetings, actions and recurring slot.

use super::create::GroupForm;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::common::*;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::groups::model::{
    self, Group, GroupJoining, GroupKind, GroupMemberDecision, GroupMemberStatus, GroupRole,
};
use crate::groups::repo;
use crate::groups::service::{self, MeetingInput};
use crate::ids::{MeetingId, SpaceId};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub pending: bool,
    pub current: bool,
    pub mandate: String,
}

pub struct MeetingRow {
    pub id: MeetingId,
    pub title: String,
    pub when: String,
    pub room: String,
    pub has_public_minutes: bool,
    pub upcoming: bool,
}

#[derive(Template)]
#[template(path = "groups/group.html")]
pub(super) struct GroupTpl {
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
    spaces: Vec<(SpaceId, String)>,
    conflicts: Vec<(String, String)>,
    /// The slot's repetition as the picker shows it.
    pick: super::slot_picker::SlotPick,
}

// Long because the group page gathers members, meetings, actions, slot and forms in one view.
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
            Some(pid) => match crate::tenancy::service::project_scope(state, pid.get()).await? {
                Some(p) => (p.name, format!("/projets/{}", p.slug)),
                None => (String::new(), String::new()),
            },
            None => (String::new(), String::new()),
        },
    };
    let president = members
        .iter()
        .find(|m| m.role == GroupRole::President && m.is_current(now))
        .map(|m| m.display_name.clone());
    let interim = service::interim_president(state, &g, &members).await?;
    let uid = ctx.user_id();
    let is_member =
        uid.is_some_and(|u| members.iter().any(|m| m.user_id == u && m.is_current(now)));
    let pending = uid.is_some_and(|u| {
        members
            .iter()
            .any(|m| m.user_id == u && m.status == GroupMemberStatus::Pending)
    });
    let member_rows = if internal {
        members
            .iter()
            .filter(|m| m.status != GroupMemberStatus::Refused)
            .map(|m| MemberRow {
                id: m.id,
                name: m.display_name.clone(),
                role: role_label(&c, m.role),
                pending: m.status == GroupMemberStatus::Pending,
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
            has_public_minutes: m.minutes_public() && !m.minutes.is_empty(),
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
            "{}{}",
            slot_words(r, s, m, ctx.lang),
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
    let roles = GroupRole::ALL
        .iter()
        .map(|r| (r.to_string(), role_label(&c, *r)))
        .collect();
    let kinds = GroupKind::ALL
        .iter()
        .map(|k| (k.to_string(), kind_label(&c, *k)))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let pick = super::slot_picker::pick_of(g.slot_rrule.as_deref());
    render_status(
        status,
        &GroupTpl {
            kind: kind_label(&c, g.kind),
            can_join: uid.is_some()
                && !is_member
                && !pending
                && g.joining != GroupJoining::Invitation,
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
            pick,
        },
    )
}

pub(super) async fn group_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    group_view(&state, &ctx, &headers, &slug, FieldErrors::default(), "").await
}

pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<GroupForm>,
) -> AppResult<Response> {
    let (mut g, _, _) = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    let name = model::parse_name(&f.name, &mut errors);
    let (kind, vis, joining) =
        service::GroupInput::parse_choices(&f.kind, &f.visibility, &f.joining, &mut errors);
    let purpose = crate::form::parse::parse_rich(&f.purpose, "purpose", &mut errors);
    match (name, kind, vis, joining, errors.is_empty()) {
        (Some((name, _)), Some(kind), Some(vis), Some(joining), true) => {
            g.name = name;
            g.kind = kind;
            g.visibility = vis;
            g.joining = joining;
            g.purpose = purpose;
            g.autonomous = f.autonomous.is_some();
            match service::update_group(&state, &g).await {
                Ok(()) => Ok(redirect_flash(
                    &format!("/groupes/{}", g.slug),
                    "flash-group-saved",
                )),
                Err(AppError::Invalid(errors)) => {
                    group_view(&state, &ctx, &headers, &slug, errors, "edit").await
                }
                Err(e) => Err(e),
            }
        }
        _ => group_view(&state, &ctx, &headers, &slug, errors, "edit").await,
    }
}

#[derive(Deserialize)]
pub(super) struct MemberForm {
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

pub(super) async fn add_member(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<MemberForm>,
) -> AppResult<Response> {
    let (g, _, _) = managed(&state, &ctx, &slug).await?;
    let mut errors = FieldErrors::default();
    let role = parse_enum(&f.role, "role", &mut errors);
    let start = paris_date(&f.mandate_start, "mandate_start", &mut errors);
    let end = paris_date(&f.mandate_end, "mandate_end", &mut errors);
    let new = service::NewMember {
        role,
        person: Some(service::MemberRef::Email(&f.email)),
        person_field: "email",
        mandate_start: start,
        mandate_end: end,
        errors,
    };
    match service::add_member(&state, &g, new).await {
        // The same answer whether or not an account has the address.
        Ok(_) => Ok(redirect_flash(
            &format!("/groupes/{}#membres", g.slug),
            "flash-member-invited",
        )),
        Err(AppError::Invalid(errors)) => {
            group_view(&state, &ctx, &headers, &slug, errors, "member").await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn member_action(
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
            service::update_member(&state, m, Some(GroupMemberDecision::Active), None).await?
        }
        "refuser" if manage => {
            service::update_member(&state, m, Some(GroupMemberDecision::Refused), None).await?
        }
        "retirer" if manage || own => service::remove_member(&state, m).await?,
        "valider" | "refuser" | "retirer" => return Err(AppError::Forbidden),
        _ => return Err(AppError::NotFound),
    }
    Ok(redirect_flash(
        &format!("/groupes/{}#membres", g.slug),
        "flash-member-updated",
    ))
}

pub(super) async fn join(
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
    let flash = if m.status == GroupMemberStatus::Active {
        "flash-joined"
    } else {
        "flash-join-requested"
    };
    Ok(redirect_flash(&format!("/groupes/{}", g.slug), flash))
}

#[derive(Deserialize)]
pub(super) struct MeetingForm {
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

pub(super) async fn create_meeting(
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
                    minutes_visibility: model::MinutesVisibility::Internal,
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
                Err(AppError::Conflict(_) | AppError::Taken(_)) => {
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
pub(super) struct SlotForm {
    /// The rule as text (the advanced field, or what `repeat` = `custom` uses).
    #[serde(default)]
    rrule: String,
    /// The picker: `weekly`, `biweekly`, `monthly` or `custom` (absent: the typed rule).
    #[serde(default)]
    repeat: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    position: String,
    start: String,
    end: String,
    #[serde(default)]
    room: String,
    #[serde(default)]
    space_id: String,
}

pub(super) async fn set_slot(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<SlotForm>,
) -> AppResult<Response> {
    let (mut g, _, _) = managed(&state, &ctx, &slug).await?;
    let p = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let space_id = f.space_id.trim().parse::<SpaceId>().ok();
    let rule = super::slot_picker::rule_of(&f.repeat, &f.day, &f.position, &f.rrule, &mut errors);
    if !errors.is_empty() {
        return group_view(&state, &ctx, &headers, &slug, errors, "slot").await;
    }
    match service::parse_slot(&rule, &f.start, &f.end, &f.room, space_id, &mut errors) {
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

/// A club's slot in words: « chaque premier jeudi du mois, 18:30–20:30 ». The slot's start
/// is a Paris time (`HH:MM`) or a local date-time; the day comes from the rule.
fn slot_words(rule: &str, start: &str, minutes: i64, lang: crate::i18n::Lang) -> String {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive();
    let local = chrono::NaiveDateTime::parse_from_str(start, "%Y-%m-%dT%H:%M")
        .ok()
        .or_else(|| {
            chrono::NaiveTime::parse_from_str(start, "%H:%M")
                .ok()
                .map(|t| today.and_time(t))
        });
    match local {
        Some(l) => crate::recurrence::describe(rule, l, Some(minutes), lang),
        None => format!("{rule} · {start} · {minutes} min"),
    }
}
