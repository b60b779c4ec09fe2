//! Guests: a visitor without an account registers to an event open to the public with a name
//! and an email (issue 17 point 3). The registration waits until the emailed link confirms it;
//! confirming takes a seat under the same lock and count as the members' registrations
//! (`repo::guests::confirm_guest`); the confirmation email carries a signed cancellation link
//! (the same `/inscriptions/annuler/{token}` page as the members') and a link that turns the
//! registration into an account in one form (name and address filled in, a password to choose).

use super::{event_url, ics_for, notify_promoted, pick_occurrence};
use crate::accounts::model::{normalize_email, normalize_name, User};
use crate::auth::{password, ratelimit, secret, Ctx};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{when, Event, EventStatus, Registration};
use crate::events::repo::{self, guests::GuestRegistration};
use crate::i18n::Lang;
use crate::ids::EventId;
use crate::mail::{self, Email};
use crate::state::AppState;

/// How long a confirmation link is valid.
pub const CONFIRM_MS: i64 = 48 * 3_600_000;

/// Guest registrations one client IP may send per rate-limit window: three times the other
/// anonymous forms' limit, since a tiers-lieu's visitors share one address.
pub fn ip_limit(state: &AppState) -> i64 {
    state.config.rate_limit_attempts.saturating_mul(3)
}

/// Is the event open to guests? Published, without the organizer's approval, and not a
/// training session (whose sign-in sheets and badges need an account). Drafts and private
/// projects' events are already hidden by `visible_event`.
pub async fn open_to_guests(state: &AppState, ev: &Event) -> AppResult<bool> {
    Ok(ev.status == EventStatus::Published
        && !ev.approval
        && !repo::guests::is_training_session(&state.db, ev.id).await?)
}

/// A guest's name and address, checked.
pub fn parse_guest(name: &str, email: &str) -> Result<(String, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let name = normalize_name(name).map_err(|k| errors.add("name", k)).ok();
    let email = normalize_email(email)
        .map_err(|k| errors.add("email", k))
        .ok();
    match (name, email) {
        (Some(n), Some(e)) => Ok((n, e)),
        _ => Err(errors),
    }
}

/// Registers a guest: checks the event is open to guests and the occurrence still to come,
/// counts the attempt against the client's IP, stores the unconfirmed registration and emails
/// its confirmation link (through the job queue). The answer says nothing of the address.
pub async fn register_guest(
    state: &AppState,
    ctx: &Ctx,
    ev: &Event,
    occurrence_id: Option<i64>,
    name: &str,
    email: &str,
) -> AppResult<()> {
    if !open_to_guests(state, ev).await? {
        return Err(AppError::Conflict("event_not_open"));
    }
    let (name, email) = parse_guest(name, email).map_err(AppError::Invalid)?;
    let occ = pick_occurrence(state, ev, occurrence_id).await?;
    let now = state.clock.now_ms();
    if occ.ends_at < now || occ.cancelled {
        return Err(AppError::Conflict("event_over"));
    }
    let c = &state.config;
    let key = format!("guest_registration:{}", ctx.ip);
    if !ratelimit::hit(
        &state.db,
        &key,
        ip_limit(state),
        c.rate_limit_window_secs,
        now,
    )
    .await?
    {
        return Err(AppError::TooManyRequests);
    }
    let token = secret::random_token();
    // The cancellation link is made when confirming (`cancel_hash` is NOT NULL): until then
    // the column holds the hash of a random token that is thrown away, so no link cancels an
    // unconfirmed registration.
    let unheld_cancel_hash = secret::hash_token(&secret::random_token());
    repo::guests::insert_guest(
        &state.db,
        repo::guests::NewGuest {
            occurrence_id: occ.id,
            name: &name,
            email: &email,
            locale: ctx.lang.code(),
            confirm_hash: &secret::hash_token(&token),
            cancel_hash: &unheld_cancel_hash,
            now,
        },
    )
    .await?;
    let base = c.base_url.trim_end_matches('/');
    let lang = ctx.lang;
    let when = when(lang, occ.starts_at, occ.ends_at, ev.all_day);
    let args = [
        ("name", name.as_str()),
        ("title", ev.title.as_str()),
        ("when", when.as_str()),
        (
            "link",
            &format!("{base}/inscriptions-invitees/confirmer/{token}"),
        ),
    ];
    let mail = Email {
        to: email,
        subject: lang.ta("guest-mail-confirm-subject", &args),
        text: lang.ta("guest-mail-confirm-body", &args) + "\n",
        ..Default::default()
    };
    mail::enqueue(&state.db, now, &mail).await
}

/// What confirming a guest registration gave.
pub struct GuestConfirmed {
    pub guest: GuestRegistration,
    /// The cancellation link's secret (also the account link's), when this confirmation
    /// took the seat.
    pub cancel_token: Option<String>,
}

/// The guest registration a confirmation link names, if the link is still valid.
pub async fn peek_confirmation(state: &AppState, token: &str) -> AppResult<GuestRegistration> {
    let g = repo::guests::guest_by_confirm_token(&state.db, token)
        .await?
        .ok_or(AppError::NotFound)?;
    if g.status == "unconfirmed" && g.created_at + CONFIRM_MS < state.clock.now_ms() {
        return Err(AppError::NotFound);
    }
    Ok(g)
}

/// Confirms a guest registration from its emailed link: a seat when one remains (then an
/// email with the `.ics`, the cancellation link and the account link), else `full`.
pub async fn confirm_guest(state: &AppState, token: &str) -> AppResult<GuestConfirmed> {
    let g = peek_confirmation(state, token).await?;
    if g.status != "unconfirmed" {
        return Ok(GuestConfirmed {
            guest: g,
            cancel_token: None,
        });
    }
    let now = state.clock.now_ms();
    let cancel = secret::random_token();
    let after =
        repo::guests::confirm_guest(&state.db, g.id, &secret::hash_token(&cancel), now).await?;
    if after.id != g.id || after.status != "confirmed" {
        return Ok(GuestConfirmed {
            guest: after,
            cancel_token: None,
        });
    }
    send_confirmed(state, &after, &cancel).await?;
    schedule_reminder(state, &after).await?;
    Ok(GuestConfirmed {
        guest: after,
        cancel_token: Some(cancel),
    })
}

async fn send_confirmed(state: &AppState, g: &GuestRegistration, cancel: &str) -> AppResult<()> {
    let (Some(ev), Some(occ)) = (
        repo::event_by_id(&state.db, g.event_id).await?,
        repo::occurrence_by_id(&state.db, g.occurrence_id).await?,
    ) else {
        return Ok(());
    };
    let lang = Lang::parse(&g.locale).unwrap_or_default();
    let base = state.config.base_url.trim_end_matches('/');
    let when = when(lang, occ.starts_at, occ.ends_at, ev.all_day);
    let args = [
        ("name", g.name.as_str()),
        ("title", ev.title.as_str()),
        ("when", when.as_str()),
        ("link", &event_url(state, ev.id)),
        ("cancel", &format!("{base}/inscriptions/annuler/{cancel}")),
        (
            "account",
            &format!("{base}/inscriptions-invitees/compte/{cancel}"),
        ),
    ];
    let email = Email {
        to: g.email.clone(),
        subject: lang.ta("event-mail-confirmed-subject", &args),
        text: lang.ta("guest-mail-confirmed-body", &args) + "\n",
        attachments: vec![mail::Attachment {
            filename: "evenement.ics".into(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            content: ics_for(state, &[(ev.clone(), occ.clone())], &ev.title).await?,
        }],
    };
    mail::enqueue(&state.db, state.clock.now_ms(), &email).await
}

/// The job kind of the reminder sent to a guest the day before the event.
pub const REMINDER_JOB: &str = "event_guest_reminder";

#[derive(serde::Serialize, serde::Deserialize)]
struct ReminderPayload {
    guest_id: i64,
    occurrence_starts_at: i64,
}

/// The guest's reminder, 24 h before the start, as members get theirs.
async fn schedule_reminder(state: &AppState, g: &GuestRegistration) -> AppResult<()> {
    let Some(occ) = repo::occurrence_by_id(&state.db, g.occurrence_id).await? else {
        return Ok(());
    };
    let run_at = occ.starts_at - 24 * 3_600_000;
    if run_at <= state.clock.now_ms() {
        return Ok(());
    }
    let payload = serde_json::to_string(&ReminderPayload {
        guest_id: g.id,
        occurrence_starts_at: occ.starts_at,
    })
    .map_err(anyhow::Error::from)?;
    crate::jobs::enqueue_at(&state.db, REMINDER_JOB, &payload, run_at).await
}

/// The guest reminder job: emails the guest if still confirmed, the event still published and
/// its date unchanged. The cancellation link is not repeated (only its hash is stored): the
/// email points to the confirmation email's.
pub async fn run_reminder(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: ReminderPayload = serde_json::from_str(payload)?;
    let Some(g) = repo::guests::guest_by_id(&state.db, p.guest_id).await? else {
        return Ok(());
    };
    let (Some(ev), Some(occ)) = (
        repo::event_by_id(&state.db, g.event_id).await?,
        repo::occurrence_by_id(&state.db, g.occurrence_id).await?,
    ) else {
        return Ok(());
    };
    if g.status != "confirmed"
        || occ.starts_at != p.occurrence_starts_at
        || occ.cancelled
        || ev.status != EventStatus::Published
    {
        return Ok(());
    }
    let lang = Lang::parse(&g.locale).unwrap_or_default();
    let when = when(lang, occ.starts_at, occ.ends_at, ev.all_day);
    let args = [
        ("name", g.name.as_str()),
        ("title", ev.title.as_str()),
        ("when", when.as_str()),
        ("link", &event_url(state, ev.id)),
    ];
    let email = Email {
        to: g.email.clone(),
        subject: lang.ta("event-mail-reminder-subject", &args),
        text: lang.ta("guest-mail-reminder-body", &args) + "\n",
        ..Default::default()
    };
    mail::enqueue(&state.db, state.clock.now_ms(), &email).await?;
    Ok(())
}

/// Cancels a guest registration from its signed link; the waiting members who now fit are
/// confirmed and told. Answers the event.
pub async fn cancel_guest(state: &AppState, g: &GuestRegistration) -> AppResult<EventId> {
    let now = state.clock.now_ms();
    let (_, freed) = repo::guests::cancel_guest(&state.db, g.id, now).await?;
    if freed {
        let promoted = repo::promote_waiting(&state.db, g.occurrence_id, now).await?;
        notify_promoted(state, &promoted).await?;
    }
    Ok(g.event_id)
}

/// The confirmed guest registration an account link names (the confirmation email's).
pub async fn guest_for_account(state: &AppState, token: &str) -> AppResult<GuestRegistration> {
    match repo::guests::guest_by_cancel_token(&state.db, token).await? {
        Some(g) if g.status == "confirmed" => Ok(g),
        _ => Err(AppError::NotFound),
    }
}

/// Turns a confirmed guest registration into an account: the account (its address proven by
/// the emailed link) is created confirmed with the guest's name and address and the chosen
/// password, the registration becomes a member's registration of it, and a session opens.
/// An address that already has an account is refused (`email`: sign in instead).
pub async fn account_from_guest(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    pw: &str,
    pw_confirm: &str,
) -> AppResult<(User, String, Option<Registration>, EventId)> {
    let g = guest_for_account(state, token).await?;
    if let Some(k) = password::check_new(pw, pw_confirm) {
        let mut f = FieldErrors::default();
        f.add("password", k);
        return Err(AppError::Invalid(f));
    }
    let user =
        match crate::accounts::service::create_confirmed_user(state, &g.email, &g.name, pw).await {
            Ok(u) => u,
            Err(AppError::Conflict(_)) => {
                let mut f = FieldErrors::default();
                f.add("email", "guest-account-exists");
                return Err(AppError::Invalid(f));
            }
            Err(e) => return Err(e),
        };
    crate::accounts::repo::set_locale(&state.db, user.id, &g.locale).await?;
    let now = state.clock.now_ms();
    let reg = repo::guests::attach_guest(&state.db, g.id, user.id, now).await?;
    let (user, session) = crate::accounts::service::login(state, ctx, &g.email, pw)
        .await
        .map_err(|e| match e {
            crate::accounts::service::LoginError::Other(e) => e,
            crate::accounts::service::LoginError::Throttled(_) => AppError::TooManyRequests,
            _ => AppError::Forbidden,
        })?;
    Ok((user, session, reg, g.event_id))
}
