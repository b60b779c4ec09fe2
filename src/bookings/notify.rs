//! Booking emails (confirmation, pending, cancellation) with an `.ics` attachment, and the
//! iCalendar rendering shared with the per-space feed.

use super::model::{Booking, BookingStatus, Space};
use super::repo::{self, BookingRow};
use crate::accounts::repo as accounts;
use crate::clock::{from_ms, paris_display};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::ical::{Calendar, IcsEvent};
use crate::ids::BookingId;
use crate::mail::{self, Attachment, Email};
use crate::notifications::{self, Kind};
use crate::state::AppState;

fn uid(state: &AppState, id: BookingId) -> String {
    let host = url::Url::parse(&state.config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "maillage".into());
    format!("booking-{id}@{host}")
}

fn status_of(status: BookingStatus) -> Option<&'static str> {
    match status {
        BookingStatus::Confirmed => Some("CONFIRMED"),
        BookingStatus::Pending => Some("TENTATIVE"),
        BookingStatus::Cancelled | BookingStatus::Refused => Some("CANCELLED"),
    }
}

pub fn event(state: &AppState, space: &Space, b: &Booking, summary: &str) -> IcsEvent {
    IcsEvent {
        uid: uid(state, b.id),
        summary: summary.to_string(),
        description: String::new(),
        location: space.name.clone(),
        url: format!("{}/reservations", state.config.base_url),
        start: from_ms(b.starts_at),
        end: from_ms(b.ends_at),
        status: status_of(b.status),
        sequence: b.sequence,
        last_modified: from_ms(b.updated_at),
        ..Default::default()
    }
}

/// The public feed of a space: busy intervals, no names.
pub fn feed(state: &AppState, space: &Space, rows: &[BookingRow], lang: Lang) -> String {
    let mut cal = Calendar::new(&space.name);
    for r in rows {
        cal.push(IcsEvent {
            uid: uid(state, r.id),
            summary: lang.ta("booking-feed-summary", &[("seats", &r.seats.to_string())]),
            location: space.name.clone(),
            start: from_ms(r.starts_at),
            end: from_ms(r.ends_at),
            status: status_of(r.status),
            sequence: r.sequence,
            last_modified: from_ms(r.updated_at),
            ..Default::default()
        });
    }
    cal.render()
}

/// `by_self`: the booker did this (their receipt is transactional and always goes); otherwise
/// a manager decided, and the booker's email is a notification of kind `registrations`. The
/// managers' approval requests are always of that kind.
async fn send(
    state: &AppState,
    space: &Space,
    b: &Booking,
    subject_key: &str,
    text_key: &str,
    by_self: bool,
) -> AppResult<()> {
    let Some(user) = accounts::user_by_id(&state.db, b.user_id).await? else {
        return Ok(());
    };
    let lang = Lang::parse(&user.locale).unwrap_or_default();
    let when = format!(
        "{} – {}",
        paris_display(b.starts_at),
        from_ms(b.ends_at)
            .with_timezone(&chrono_tz::Europe::Paris)
            .format("%H:%M")
    );
    let mut cal = Calendar::new(&space.name);
    cal.push(event(state, space, b, &space.name));
    let text = lang.ta(text_key, &[("space", &space.name), ("when", &when)])
        + "\n\n"
        + &lang.ta(
            "booking-mail-footer",
            &[("link", &format!("{}/reservations", state.config.base_url))],
        );
    let email = with_ics(
        user.email.clone(),
        lang.ta(subject_key, &[("space", &space.name)]),
        text,
        format!("reservation-{}.ics", b.id),
        cal.render(),
    );
    let now = state.clock.now_ms();
    if by_self {
        mail::enqueue(&state.db, now, &email).await?;
    } else {
        notifications::notify(&state.db, now, Kind::Registrations, &email).await?;
    }
    if b.status == BookingStatus::Pending {
        for to in repo::manager_emails(&state.db, space.place_id).await? {
            let email = Email {
                to,
                subject: Lang::Fr.ta("booking-mail-approval-subject", &[("space", &space.name)]),
                text: Lang::Fr.ta(
                    "booking-mail-approval-text",
                    &[
                        ("space", &space.name),
                        ("when", &when),
                        ("who", &user.display_name),
                        (
                            "link",
                            &format!(
                                "{}/admin/lieux/{}/reservations",
                                state.config.base_url, space.place_id
                            ),
                        ),
                    ],
                ),
                ..Default::default()
            };
            notifications::notify(&state.db, now, Kind::Registrations, &email).await?;
        }
    }
    Ok(())
}

/// An email with an `.ics` attachment.
fn with_ics(to: String, subject: String, text: String, filename: String, ics: String) -> Email {
    Email {
        to,
        subject,
        text,
        attachments: vec![Attachment {
            filename,
            content_type: format!("{}; method=PUBLISH", crate::ical::CONTENT_TYPE),
            content: ics,
        }],
    }
}

/// The booking is made (or approved: `by_self` false).
pub async fn booked(state: &AppState, space: &Space, b: &Booking, by_self: bool) -> AppResult<()> {
    if b.status == BookingStatus::Pending {
        send(
            state,
            space,
            b,
            "booking-mail-pending-subject",
            "booking-mail-pending-text",
            by_self,
        )
        .await
    } else {
        send(
            state,
            space,
            b,
            "booking-mail-confirmed-subject",
            "booking-mail-confirmed-text",
            by_self,
        )
        .await
    }
}

/// The booking is cancelled, by the booker (`by_self`) or a manager.
pub async fn cancelled(
    state: &AppState,
    space: &Space,
    b: &Booking,
    by_self: bool,
) -> AppResult<()> {
    send(
        state,
        space,
        b,
        "booking-mail-cancelled-subject",
        "booking-mail-cancelled-text",
        by_self,
    )
    .await
}

/// One email for a whole series, with every occurrence in its `.ics`.
pub async fn series_booked(state: &AppState, space: &Space, booked: &[Booking]) -> AppResult<()> {
    let Some(first) = booked.first() else {
        return Ok(());
    };
    let Some(user) = accounts::user_by_id(&state.db, first.user_id).await? else {
        return Ok(());
    };
    let lang = Lang::parse(&user.locale).unwrap_or_default();
    let mut cal = Calendar::new(&space.name);
    let mut lines = Vec::new();
    for b in booked {
        cal.push(event(state, space, b, &space.name));
        lines.push(format!("- {}", paris_display(b.starts_at)));
    }
    let email = with_ics(
        user.email,
        lang.ta("booking-mail-series-subject", &[("space", &space.name)]),
        lang.ta(
            "booking-mail-series-text",
            &[
                ("space", &space.name),
                ("count", &booked.len().to_string()),
                ("list", &lines.join("\n")),
            ],
        ),
        "reservations.ics".into(),
        cal.render(),
    );
    mail::enqueue(&state.db, state.clock.now_ms(), &email).await
}
