//! A meeting's page: agenda, attendees, minutes, decisions, next steps, its `.ics`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::common::*;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::groups::model::{
    self, AgendaItem, Attendee, Decision, Group, Meeting, MeetingAttendance, MinutesVisibility,
};
use crate::groups::repo;
use crate::groups::service::{self};
use crate::ids::{MeetingId, UserId};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

#[derive(Template)]
#[template(path = "groups/meeting.html")]
pub(super) struct MeetingTpl {
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
    members: Vec<(UserId, String)>,
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
    id: MeetingId,
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
    let show_minutes = internal || m.minutes_public();
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

pub(super) async fn meeting_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
) -> AppResult<Response> {
    meeting_view(&state, &ctx, &headers, id, FieldErrors::default(), "", None).await
}

pub(super) async fn meeting_ics(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<MeetingId>,
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
pub(super) struct MinutesForm {
    minutes: String,
    minutes_visibility: String,
}

pub(super) async fn save_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Form(f): Form<MinutesForm>,
) -> AppResult<Response> {
    let (g, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let minutes = crate::form::parse::parse_rich(&f.minutes, "minutes", &mut errors);
    let vis = parse_enum(&f.minutes_visibility, "minutes_visibility", &mut errors);
    match (vis, errors.is_empty()) {
        (Some(vis), true) => {
            service::save_minutes(&state, &g, &m, &minutes, vis).await?;
            let flash = if vis == MinutesVisibility::Public {
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
pub(super) struct TextForm {
    text: String,
}

pub(super) async fn add_agenda(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Form(f): Form<TextForm>,
) -> AppResult<Response> {
    let (_, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    match model::parse_line(&f.text, "text", &mut errors) {
        Some(t) => {
            service::add_agenda_item(&state, &m, &t).await?;
            Ok(redirect_flash(
                &format!("/reunions/{}#ordre-du-jour", m.id),
                "flash-agenda-added",
            ))
        }
        None => meeting_view(&state, &ctx, &headers, id, errors, "agenda", None).await,
    }
}

pub(super) async fn add_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Form(f): Form<TextForm>,
) -> AppResult<Response> {
    let (_, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    match model::parse_line(&f.text, "decision", &mut errors) {
        Some(t) => {
            service::add_decision(&state, &m, &t).await?;
            Ok(redirect_flash(
                &format!("/reunions/{}#decisions", m.id),
                "flash-decision-added",
            ))
        }
        None => meeting_view(&state, &ctx, &headers, id, errors, "decision", None).await,
    }
}

#[derive(Deserialize)]
pub(super) struct ActionForm {
    title: String,
    #[serde(default)]
    owner_id: String,
    #[serde(default)]
    due_on: String,
}

pub(super) async fn add_action(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<MeetingId>,
    Form(f): Form<ActionForm>,
) -> AppResult<Response> {
    let (g, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let title = model::parse_line(&f.title, "action_title", &mut errors);
    let due = crate::form::parse::parse_date(&f.due_on, "due_on", &mut errors);
    let owner: Option<UserId> = f.owner_id.trim().parse().ok();
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
pub(super) struct AttendanceForm {
    user_id: UserId,
    status: String,
}

pub(super) async fn set_attendance(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<MeetingId>,
    Form(f): Form<AttendanceForm>,
) -> AppResult<Response> {
    let (_, m) = managed_meeting(&state, &ctx, id).await?;
    let mut errors = FieldErrors::default();
    let status: MeetingAttendance =
        parse_enum(&f.status, "status", &mut errors).ok_or(AppError::Invalid(errors))?;
    match service::set_attendance(&state, &m, f.user_id, status).await {
        // an unknown person with a valid status: not found, as before the merge
        Err(AppError::Invalid(_)) => return Err(AppError::NotFound),
        r => r?,
    }
    Ok(redirect_flash(
        &format!("/reunions/{}#participants", m.id),
        "flash-attendance-saved",
    ))
}
