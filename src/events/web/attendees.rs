//! Organizers: the attendee list and its CSV, publishing a draft, cancelling an event.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::shared::organizer_event;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{Event, EventStatus, RegStatus};
use crate::events::{repo, service};
use crate::form::Form;
use crate::ids::{EventId, RegistrationId};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

#[derive(Template)]
#[template(path = "events/attendees.html")]
struct AttendeesTpl {
    c: Chrome,
    ev: Event,
    rows: Vec<AttendeeRow>,
    /// Confirmed guests (no account): date, name, address.
    guests: Vec<(String, String, String)>,
    is_cancelled: bool,
    errors: FieldErrors,
}

pub struct AttendeeRow {
    pub id: RegistrationId,
    pub name: String,
    pub email: String,
    pub when: String,
    pub status: String,
    pub live: bool,
    pub pending: bool,
    pub guests: i32,
    pub answers: String,
}

async fn attendees_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: EventId,
    errors: FieldErrors,
) -> AppResult<Response> {
    let ev = organizer_event(state, ctx, id).await?;
    let rows = repo::attendees(&state.db, ev.id)
        .await?
        .into_iter()
        .map(|a| AttendeeRow {
            id: a.reg.id,
            live: a.reg.status.is_live(),
            pending: a.reg.status == RegStatus::Pending,
            status: format!("reg-status-{}", a.reg.status),
            when: crate::clock::paris_display(a.occ_starts_at),
            name: a.display_name,
            email: a.email,
            guests: a.reg.guests,
            answers: a.reg.answers,
        })
        .collect();
    let occs = repo::occurrences_of(&state.db, ev.id).await?;
    let guests = repo::guests::guests_of_event(&state.db, ev.id)
        .await?
        .into_iter()
        .map(|g| {
            let when = occs
                .iter()
                .find(|o| o.id == g.occurrence_id)
                .map(|o| crate::clock::paris_display(o.starts_at))
                .unwrap_or_default();
            (when, g.name, g.email)
        })
        .collect();
    let mut c = Chrome::new(ctx, headers, "attendees-title");
    c.title = format!("{} — {}", ctx.lang.t("attendees-title"), ev.title);
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &AttendeesTpl {
            c,
            is_cancelled: ev.status == EventStatus::Cancelled,
            ev,
            rows,
            guests,
            errors,
        },
    )
}

pub(super) async fn attendees(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
) -> AppResult<Response> {
    attendees_view(&state, &ctx, &headers, id, FieldErrors::default()).await
}

/// A CSV cell, quoted, with formula-looking values neutralized for spreadsheets.
fn csv_cell(s: &str) -> String {
    let s = crate::text::csv_cell(s);
    format!("\"{}\"", s.replace('"', "\"\""))
}

pub(super) async fn attendees_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<EventId>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    // Members and confirmed guests (no account), by date; the last column tells them apart.
    let mut rows: Vec<(i64, [String; 8])> = repo::attendees(&state.db, ev.id)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.occ_starts_at,
                [
                    crate::clock::paris_display(a.occ_starts_at),
                    a.display_name,
                    a.email,
                    a.reg.status.to_string(),
                    a.reg.guests.to_string(),
                    a.reg.answers.replace('\n', " | "),
                    crate::clock::paris_display(a.reg.created_at),
                    "oui".to_string(),
                ],
            )
        })
        .collect();
    let occs = repo::occurrences_of(&state.db, ev.id).await?;
    for g in repo::guests::guests_of_event(&state.db, ev.id).await? {
        let starts = occs
            .iter()
            .find(|o| o.id == g.occurrence_id)
            .map_or(0, |o| o.starts_at);
        rows.push((
            starts,
            [
                crate::clock::paris_display(starts),
                g.name,
                g.email,
                g.status,
                "0".to_string(),
                String::new(),
                crate::clock::paris_display(g.created_at),
                "non (invité·e)".to_string(),
            ],
        ));
    }
    rows.sort_by_key(|(starts, _)| *starts);
    let mut out =
        String::from("\u{feff}date;nom;email;statut;accompagnants;réponses;inscrit_le;compte\r\n");
    for (_, row) in rows {
        out.push_str(
            &row.iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(";"),
        );
        out.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"inscrits-{}.csv\"", ev.id),
            ),
        ],
        out,
    )
        .into_response())
}

#[derive(Deserialize)]
pub(super) struct CancelEventForm {
    #[serde(default)]
    reason: String,
}

pub(super) async fn publish_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<EventId>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    service::publish_event(&state, &ev).await?;
    Ok(redirect_flash(
        &format!("/evenements/{id}"),
        "flash-event-published",
    ))
}

pub(super) async fn cancel_event(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
    Form(f): Form<CancelEventForm>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    match service::cancel_event(&state, &ev, &f.reason).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/evenements/{id}"),
            "flash-event-cancelled",
        )),
        Err(AppError::Invalid(errors)) => attendees_view(&state, &ctx, &headers, id, errors).await,
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_neutralized() {
        assert_eq!(csv_cell("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(csv_cell("Anne \"A\""), "\"Anne \"\"A\"\"\"");
    }
}
