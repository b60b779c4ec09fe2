//! Use cases of the agenda, shared by the HTML pages, the API and the CLI: creating events,
//! registering, cancelling, approving, cancelling an event, reminders, iCal rendering.

use serde::{Deserialize, Serialize};

use super::model::{
    occurrence_starts, when, Event, EventStatus, NewEvent, Occurrence, RegStatus, Registration,
};
use super::repo;
use crate::auth::policy::{authorize, Action};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::ids::{EventId, ProjectId, RegistrationId, UserId};
use crate::mail::{self, Email};
use crate::state::AppState;

pub mod digest;
pub mod guests;
mod listing;
pub mod publish;
pub mod vocabulary;

pub use listing::{
    delete_image, image_of, location_label, location_labels, pairs, set_image, upcoming_of_place,
    with_images, with_later_dates, IMAGE_KIND, LATER_SHOWN,
};
pub use publish::{organizer_target, Author};

/// May this person organize (edit, see attendees of) this event?
pub async fn can_organize(state: &AppState, who: Option<&Principal>, ev: &Event) -> bool {
    let by_tenant = match organizer_target(state, ev.network_id, ev.place_id).await {
        Ok(t) => authorize(who, Action::OrganizeEvents, &t).is_ok(),
        Err(_) => false,
    };
    // An event organized by a project: its holders and advisors organize it too.
    by_tenant || organized_by_project_of(state, who, ev.id).await
}

/// May `who` organize this event as a holder or advisor of the project that organizes it?
async fn organized_by_project_of(
    state: &AppState,
    who: Option<&Principal>,
    event_id: EventId,
) -> bool {
    if who.is_none() {
        return false;
    }
    match project_of(state, event_id).await {
        Ok(Some(p)) => p.may_manage(who),
        _ => false,
    }
}

/// The project that organizes an event, if any (as a tenancy scope).
pub async fn project_of(
    state: &AppState,
    event_id: EventId,
) -> AppResult<Option<crate::tenancy::service::ProjectScope>> {
    match super::repo::project_id_of(&state.db, event_id).await? {
        Some(pid) => crate::tenancy::service::project_scope(state, pid.get()).await,
        None => Ok(None),
    }
}

/// An event as seen by `who`: drafts exist only for their organizers (404 otherwise).
pub async fn visible_event(
    state: &AppState,
    who: Option<&Principal>,
    id: EventId,
) -> AppResult<Event> {
    let ev = repo::event_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if ev.status == EventStatus::Draft && !can_organize(state, who, &ev).await {
        return Err(AppError::NotFound);
    }
    // No more visible than a private project that organizes it (`repo::agenda` likewise).
    match project_of(state, ev.id).await? {
        Some(p) if !crate::auth::policy::may_see_scope(who, &p.target) => Err(AppError::NotFound),
        _ => Ok(ev),
    }
}

pub fn new_uid(state: &AppState) -> String {
    let host = url::Url::parse(&state.config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "maillage".into());
    format!(
        "{}@{host}",
        crate::auth::secret::random_token()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(24)
            .collect::<String>()
    )
}

fn starts_of(e: &NewEvent) -> AppResult<Vec<i64>> {
    occurrence_starts(e.starts_at, e.rrule.as_deref(), &e.exdates).map_err(|_| {
        let mut f = FieldErrors::default();
        f.add("rrule", "event-error-rrule");
        AppError::Invalid(f)
    })
}

// ---- one calendar per space: an event held in a space takes its seats ----

/// The owner of an event's holds in its space's calendar.
fn hold_owner(uid: &str) -> String {
    format!("event:{uid}")
}

/// What an event held in a space asks of its calendar, with the seats checked against the
/// space (422 on `space_seats` beyond its capacity; a whole-room space is taken whole).
struct SpaceClaim {
    space_id: Option<crate::ids::SpaceId>,
    seats: Option<i32>,
    title: String,
    intervals: Vec<(i64, i64)>,
}

/// The claim of an event on its space: its occurrences still to come (the past holds nothing
/// a booking could want), none when it has no space or is cancelled.
async fn space_claim(
    state: &AppState,
    space_id: Option<crate::ids::SpaceId>,
    space_seats: Option<i32>,
    title: &str,
    status: EventStatus,
    occurrences: &[(i64, i64)],
) -> AppResult<SpaceClaim> {
    let now = state.clock.now_ms();
    let mut seats = None;
    if let (Some(sid), Some(n)) = (space_id, space_seats) {
        let space = crate::bookings::service::space(&state.db, sid)
            .await?
            .ok_or(AppError::NotFound)?;
        if n < 1 || n > space.capacity {
            let mut f = FieldErrors::default();
            f.add("space_seats", "event-error-space-seats");
            return Err(AppError::Invalid(f));
        }
        if space.mode != crate::bookings::model::SpaceMode::Room && n < space.capacity {
            seats = Some(n);
        }
    }
    let intervals = if space_id.is_none() || status == EventStatus::Cancelled {
        Vec::new()
    } else {
        occurrences
            .iter()
            .copied()
            .filter(|(s, e)| e > s && *e > now)
            .collect()
    };
    Ok(SpaceClaim {
        space_id,
        seats,
        title: title.to_string(),
        intervals,
    })
}

/// The claim of a new or edited event (`starts`: its occurrences).
async fn claim_of(state: &AppState, e: &NewEvent, starts: &[i64]) -> AppResult<SpaceClaim> {
    let d = e.ends_at - e.starts_at;
    let occ: Vec<(i64, i64)> = starts.iter().map(|s| (*s, *s + d)).collect();
    space_claim(state, e.space_id, e.space_seats, &e.title, e.status, &occ).await
}

/// The claim an event stored holds now (to put it back when an edit fails).
async fn claim_of_stored(state: &AppState, ev: &Event) -> AppResult<SpaceClaim> {
    let occ: Vec<(i64, i64)> = repo::occurrences_of(&state.db, ev.id)
        .await?
        .into_iter()
        .filter(|o| !o.cancelled)
        .map(|o| (o.starts_at, o.ends_at))
        .collect();
    space_claim(
        state,
        ev.space_id,
        ev.space_seats,
        &ev.title,
        ev.status,
        &occ,
    )
    .await
}

/// Takes the seats of `claim` in its space for the event `uid` (replacing what it held):
/// the bookings' serialized check, 409 `space_taken` naming the slot and what takes it.
async fn hold(state: &AppState, uid: &str, claim: &SpaceClaim) -> AppResult<()> {
    crate::bookings::service::hold_space(
        state,
        &crate::bookings::service::HoldRequest {
            owner: &hold_owner(uid),
            space_id: claim.space_id,
            label: &claim.title,
            intervals: &claim.intervals,
            seats: claim.seats,
        },
    )
    .await
}

/// Writes a new event once its space's seats are held; a failed write frees them.
async fn insert_holding(
    state: &AppState,
    e: &NewEvent,
    uid: &str,
    starts: &[i64],
    created_by: Option<UserId>,
    project_id: Option<ProjectId>,
) -> AppResult<Event> {
    if repo::event_by_uid(&state.db, uid).await?.is_some() {
        return Err(AppError::Conflict("uid_taken"));
    }
    hold(state, uid, &claim_of(state, e, starts).await?).await?;
    let now = state.clock.now_ms();
    match repo::insert_event(&state.db, e, uid, starts, created_by, project_id, now).await {
        Ok(ev) => Ok(ev),
        Err(err) => {
            crate::bookings::service::release_holds(state, &hold_owner(uid)).await?;
            Err(err)
        }
    }
}

/// Rewrites an event once its space's seats are held at its new dates (the same check as at
/// creation); a failed write puts back what it held before.
async fn update_holding(
    state: &AppState,
    ev: &Event,
    e: &NewEvent,
    starts: &[i64],
) -> AppResult<Event> {
    let before = claim_of_stored(state, ev).await?;
    hold(state, &ev.uid, &claim_of(state, e, starts).await?).await?;
    match repo::update_event(&state.db, ev.id, e, starts, state.clock.now_ms()).await {
        Ok(updated) => Ok(updated),
        Err(err) => {
            if let Err(again) = hold(state, &ev.uid, &before).await {
                tracing::warn!(event = ev.id.get(), error = %again, "event's seats not put back");
            }
            Err(err)
        }
    }
}

/// Creates an event organized by a place or a network: who may publish where is
/// [`publish::check`]; held in a space, it takes its seats on every coming date or is refused
/// (409 `space_taken`).
pub async fn create_event(state: &AppState, who: &Principal, e: NewEvent) -> AppResult<Event> {
    publish::check(state, Author::Organizer(who), &e, None).await?;
    let starts = starts_of(&e)?;
    let uid = e.uid.clone().unwrap_or_else(|| new_uid(state));
    insert_holding(state, &e, &uid, &starts, Some(who.user.id), None).await
}

/// Updates an event (its organizer does not change) by `who`, one of its organizers: the rule
/// of a creation ([`publish::check`]) for what changes, and a capacity never below the seats
/// already confirmed (422 on `capacity`, checked in the writing transaction); when its dates
/// change, every registrant is told.
pub async fn update_event(
    state: &AppState,
    who: &Principal,
    ev: &Event,
    mut e: NewEvent,
) -> AppResult<Event> {
    e.network_id = ev.network_id;
    e.place_id = ev.place_id;
    publish::check(state, Author::Organizer(who), &e, Some(ev)).await?;
    let starts = starts_of(&e)?;
    let before = repo::occurrences_of(&state.db, ev.id).await?;
    let updated = update_holding(state, ev, &e, &starts).await?;
    // More seats (or none any more): the waiting people who now fit are confirmed.
    if updated.capacity.is_none() || updated.capacity > ev.capacity {
        for occ in repo::occurrences_of(&state.db, ev.id).await? {
            let promoted = repo::promote_waiting(&state.db, occ.id, state.clock.now_ms()).await?;
            notify_promoted(state, &promoted).await?;
        }
    }
    let moved = ev.starts_at != updated.starts_at
        || ev.ends_at != updated.ends_at
        || ev.rrule != updated.rrule
        || ev.exdates != updated.exdates;
    if moved {
        // New reminders for the dates that moved (the old ones see the change and skip).
        let after = repo::occurrences_of(&state.db, ev.id).await?;
        for a in repo::attendees(&state.db, ev.id).await? {
            let Some(occ) = after.iter().find(|o| o.id == a.reg.occurrence_id) else {
                continue;
            };
            let was = before.iter().find(|o| o.id == occ.id).map(|o| o.starts_at);
            if a.reg.status == RegStatus::Confirmed && !occ.cancelled && was != Some(occ.starts_at)
            {
                schedule_reminder(state, &a.reg, occ).await?;
            }
        }
        for (to, lang) in repo::live_registrants(&state.db, ev.id).await? {
            let when = when(lang, updated.starts_at, updated.ends_at, updated.all_day);
            let recurring = if updated.rrule.is_some() { "yes" } else { "no" };
            let subject = lang.ta("event-mail-moved-subject", &[("title", &updated.title)]);
            let text = lang.ta(
                "event-mail-moved-body",
                &[
                    ("title", &updated.title),
                    ("when", &when),
                    ("recurring", recurring),
                    ("link", &event_url(state, ev.id)),
                ],
            ) + "\n";
            crate::notifications::notify(
                &state.db,
                state.clock.now_ms(),
                crate::notifications::Kind::Registrations,
                &Email {
                    to,
                    subject,
                    text,
                    ..Default::default()
                },
            )
            .await?;
        }
    }
    Ok(updated)
}

/// Creates, or updates when an event with the same UID exists (imports are idempotent), by
/// `who` (`None`: the command line and the demonstration, trusted) under the rule of
/// [`publish::check`]. Answers the event and whether it was created.
pub async fn upsert_by_uid(
    state: &AppState,
    e: NewEvent,
    who: Option<&Principal>,
) -> AppResult<(Event, bool)> {
    let by = who.map(|w| w.user.id);
    let author = who.map_or(Author::System, Author::Organizer);
    let starts = starts_of(&e)?;
    let uid = e.uid.clone().unwrap_or_else(|| new_uid(state));
    match repo::event_by_uid(&state.db, &uid).await? {
        Some(existing) => {
            if existing.network_id != e.network_id || existing.place_id != e.place_id {
                // Another organizer's event: never overwritten by an import.
                return Err(AppError::Conflict("uid_taken"));
            }
            let mut e = e;
            if e.space_id.is_none() && e.location_place_id == existing.location_place_id {
                // iCalendar knows no spaces: the one the organizer chose stays, with its seats.
                e.space_id = existing.space_id;
                e.space_seats = existing.space_seats;
            }
            publish::check(state, author, &e, Some(&existing)).await?;
            Ok((update_holding(state, &existing, &e, &starts).await?, false))
        }
        None => {
            publish::check(state, author, &e, None).await?;
            Ok((
                insert_holding(state, &e, &uid, &starts, by, None).await?,
                true,
            ))
        }
    }
}

/// The occurrence to register to: the one asked for (it must belong to the event), else the
/// next one not over and not cancelled.
pub async fn pick_occurrence(
    state: &AppState,
    ev: &Event,
    occurrence_id: Option<i64>,
) -> AppResult<Occurrence> {
    let occs = repo::occurrences_of(&state.db, ev.id).await?;
    let now = state.clock.now_ms();
    match occurrence_id {
        Some(id) => occs
            .into_iter()
            .find(|o| o.id == id)
            .ok_or(AppError::NotFound),
        None => occs
            .iter()
            .find(|o| o.ends_at >= now && !o.cancelled)
            .or(occs.last())
            .cloned()
            .ok_or(AppError::NotFound),
    }
}

pub struct RegisterOutcome {
    pub registration: Registration,
    pub created: bool,
}

/// Registers the person; emails a confirmation (with the `.ics` when confirmed) and schedules
/// the reminder. A repeated request answers the existing registration; with another number of
/// guests it changes it under the capacity rule of registering (409 `event_full` when a
/// confirmed person's new number does not fit; unchanged then).
pub async fn register(
    state: &AppState,
    who: &Principal,
    ev: &Event,
    occurrence_id: Option<i64>,
    guests: i32,
    answers: &[String],
) -> AppResult<RegisterOutcome> {
    if ev.status != EventStatus::Published {
        return Err(AppError::Conflict("event_not_open"));
    }
    if !(0..=20).contains(&guests) {
        let mut f = FieldErrors::default();
        f.add("guests", "event-error-guests");
        return Err(AppError::Invalid(f));
    }
    let occ = pick_occurrence(state, ev, occurrence_id).await?;
    if occ.ends_at < state.clock.now_ms() {
        return Err(AppError::Conflict("event_over"));
    }
    let questions = ev.question_list();
    let answers_text: String = questions
        .iter()
        .zip(answers.iter().chain(std::iter::repeat(&String::new())))
        .map(|(q, a)| {
            format!(
                "{q} : {}",
                super::model::clean(a)
                    .chars()
                    .take(1000)
                    .collect::<String>()
                    .replace('\n', " ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let now = state.clock.now_ms();
    let r = repo::register(&state.db, occ.id, who.user.id, guests, &answers_text, now).await?;
    if r.created {
        let key = match r.registration.status {
            RegStatus::Confirmed => StatusMail::Confirmed,
            RegStatus::Waitlisted => StatusMail::Waitlisted,
            _ => StatusMail::Pending,
        };
        send_status_email(
            state,
            &who.user.email,
            ev,
            &occ,
            key,
            r.cancel_token.as_deref(),
            lang_of(&who.user),
            None,
        )
        .await?;
        if r.registration.status == RegStatus::Confirmed {
            schedule_reminder(state, &r.registration, &occ).await?;
        }
    } else {
        // Fewer guests may have freed seats for the waiting list.
        let promoted = repo::promote_waiting(&state.db, occ.id, now).await?;
        notify_promoted(state, &promoted).await?;
    }
    Ok(RegisterOutcome {
        registration: r.registration,
        created: r.created,
    })
}

/// Cancels a registration (by its holder, the organizer or the signed link) and emails the
/// people promoted from the waitlist.
pub async fn cancel_registration(
    state: &AppState,
    reg_id: RegistrationId,
) -> AppResult<Registration> {
    let now = state.clock.now_ms();
    let (reg, promoted) = repo::cancel(&state.db, reg_id, now).await?;
    notify_promoted(state, &promoted).await?;
    Ok(reg)
}

/// Tells a person that the organizer cancelled their registration.
pub async fn tell_cancelled_by_organizer(
    state: &AppState,
    reg: &Registration,
    ev: &Event,
) -> AppResult<()> {
    let (Some(occ), Some(email)) = (
        repo::occurrence_by_id(&state.db, reg.occurrence_id).await?,
        user_email(state, reg.user_id).await?,
    ) else {
        return Ok(());
    };
    let lang = user_lang(state, reg.user_id).await?;
    let when = when(lang, occ.starts_at, occ.ends_at, ev.all_day);
    let subject = lang.ta("event-mail-dropped-subject", &[("title", &ev.title)]);
    let text = lang.ta(
        "event-mail-dropped-body",
        &[
            ("title", &ev.title),
            ("when", &when),
            ("link", &event_url(state, ev.id)),
        ],
    ) + "\n";
    crate::notifications::notify(
        &state.db,
        state.clock.now_ms(),
        crate::notifications::Kind::Registrations,
        &Email {
            to: email,
            subject,
            text,
            ..Default::default()
        },
    )
    .await
}

pub async fn decide_pending(
    state: &AppState,
    reg_id: RegistrationId,
    accept: bool,
) -> AppResult<Registration> {
    let now = state.clock.now_ms();
    let (reg, promoted) = repo::approve(&state.db, reg_id, accept, now).await?;
    let mut notify = promoted;
    if reg.status == RegStatus::Confirmed {
        notify.push(reg.clone());
    } else if let (Some(ev), Some(occ), Some(email)) = (
        repo::event_by_id(&state.db, reg.event_id).await?,
        repo::occurrence_by_id(&state.db, reg.occurrence_id).await?,
        user_email(state, reg.user_id).await?,
    ) {
        let key = if reg.status == RegStatus::Refused {
            StatusMail::Refused
        } else {
            StatusMail::Waitlisted
        };
        let lang = user_lang(state, reg.user_id).await?;
        let kind = Some(crate::notifications::Kind::Registrations);
        send_status_email(state, &email, &ev, &occ, key, None, lang, kind).await?;
    }
    notify_promoted(state, &notify).await?;
    Ok(reg)
}

/// The language of a person's emails: the one of their account (`users.locale`, set by the
/// language switch), French by default.
fn lang_of(user: &crate::accounts::model::User) -> Lang {
    Lang::parse(&user.locale).unwrap_or_default()
}

async fn user_lang(state: &AppState, user_id: UserId) -> AppResult<Lang> {
    Ok(crate::accounts::repo::user_by_id(&state.db, user_id)
        .await?
        .map(|u| lang_of(&u))
        .unwrap_or_default())
}

async fn user_email(state: &AppState, user_id: UserId) -> AppResult<Option<String>> {
    Ok(crate::accounts::repo::user_by_id(&state.db, user_id)
        .await?
        .map(|u| u.email))
}

async fn notify_promoted(state: &AppState, promoted: &[Registration]) -> AppResult<()> {
    for p in promoted {
        let (Some(ev), Some(occ), Some(email)) = (
            repo::event_by_id(&state.db, p.event_id).await?,
            repo::occurrence_by_id(&state.db, p.occurrence_id).await?,
            user_email(state, p.user_id).await?,
        ) else {
            continue;
        };
        let lang = user_lang(state, p.user_id).await?;
        let kind = Some(crate::notifications::Kind::Registrations);
        send_status_email(
            state,
            &email,
            &ev,
            &occ,
            StatusMail::Promoted,
            None,
            lang,
            kind,
        )
        .await?;
        schedule_reminder(state, p, &occ).await?;
    }
    Ok(())
}

/// Cancels an event: every registrant is told, with the reason.
pub async fn cancel_event(state: &AppState, ev: &Event, reason: &str) -> AppResult<()> {
    let reason: String = super::model::clean(reason).chars().take(2000).collect();
    if reason.is_empty() {
        let mut f = FieldErrors::default();
        f.add("reason", "field-required");
        return Err(AppError::Invalid(f));
    }
    let now = state.clock.now_ms();
    repo::set_status(&state.db, ev.id, EventStatus::Cancelled, &reason, now).await?;
    // A cancelled event frees its space.
    crate::bookings::service::release_holds(state, &hold_owner(&ev.uid)).await?;
    for (to, lang) in repo::live_registrants(&state.db, ev.id).await? {
        let subject = lang.ta("event-mail-cancelled-subject", &[("title", &ev.title)]);
        let text = lang.ta(
            "event-mail-cancelled-body",
            &[("title", &ev.title), ("reason", &reason)],
        ) + "\n";
        crate::notifications::notify(
            &state.db,
            now,
            crate::notifications::Kind::Registrations,
            &Email {
                to,
                subject,
                text,
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(())
}

pub fn event_url(state: &AppState, id: EventId) -> String {
    format!(
        "{}/evenements/{id}",
        state.config.base_url.trim_end_matches('/')
    )
}

/// The email telling a person where their registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StatusMail {
    Confirmed,
    Waitlisted,
    Pending,
    Refused,
    /// Confirmed from the waiting list.
    Promoted,
}

/// `kind`: `None` for the receipt of the person's own registration (transactional: it always
/// goes), `Some(Registrations)` for what the organizer or the waiting list decided.
#[allow(clippy::too_many_arguments)]
async fn send_status_email(
    state: &AppState,
    to: &str,
    ev: &Event,
    occ: &Occurrence,
    key: StatusMail,
    cancel_token: Option<&str>,
    lang: Lang,
    kind: Option<crate::notifications::Kind>,
) -> AppResult<()> {
    let when = when(lang, occ.starts_at, occ.ends_at, ev.all_day);
    let url = event_url(state, ev.id);
    let base = state.config.base_url.trim_end_matches('/');
    let args = [("title", ev.title.as_str()), ("when", &when)];
    let (subject, sentence) = match key {
        StatusMail::Confirmed => (
            lang.ta("event-mail-confirmed-subject", &args),
            lang.ta("event-mail-confirmed-text", &args),
        ),
        StatusMail::Waitlisted => (
            lang.ta("event-mail-waitlisted-subject", &args),
            lang.ta("event-mail-waitlisted-text", &args),
        ),
        StatusMail::Pending => (
            lang.ta("event-mail-pending-subject", &args),
            lang.ta("event-mail-pending-text", &args),
        ),
        StatusMail::Refused => (
            lang.ta("event-mail-refused-subject", &args),
            lang.ta("event-mail-refused-text", &args),
        ),
        StatusMail::Promoted => (
            lang.ta("event-mail-promoted-subject", &args),
            lang.ta("event-mail-promoted-text", &args),
        ),
    };
    let cancel = match cancel_token {
        Some(tok) => lang.ta(
            "event-mail-cancel-with-link",
            &[("link", &format!("{base}/inscriptions/annuler/{tok}"))],
        ),
        None => lang.ta(
            "event-mail-cancel",
            &[("link", &format!("{base}/mes-inscriptions"))],
        ),
    };
    let text = lang.ta(
        "event-mail-status-body",
        &[("text", &sentence), ("link", &url), ("cancel", &cancel)],
    ) + "\n";
    let attachments = if matches!(key, StatusMail::Confirmed | StatusMail::Promoted) {
        vec![mail::Attachment {
            filename: "evenement.ics".into(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            content: ics_for(state, &[(ev.clone(), occ.clone())], &ev.title).await?,
        }]
    } else {
        Vec::new()
    };
    let email = Email {
        to: to.to_string(),
        subject,
        text,
        attachments,
    };
    let now = state.clock.now_ms();
    match kind {
        None => mail::enqueue(&state.db, now, &email).await,
        Some(kind) => crate::notifications::notify(&state.db, now, kind, &email).await,
    }
}

#[derive(Serialize, Deserialize)]
struct ReminderPayload {
    registration_id: RegistrationId,
    occurrence_starts_at: i64,
}

/// The reminder, the day before (24 h before the start), through the job queue.
async fn schedule_reminder(
    state: &AppState,
    reg: &Registration,
    occ: &Occurrence,
) -> AppResult<()> {
    let run_at = occ.starts_at - 24 * 3600 * 1000;
    if run_at <= state.clock.now_ms() {
        return Ok(());
    }
    let payload = serde_json::to_string(&ReminderPayload {
        registration_id: reg.id,
        occurrence_starts_at: occ.starts_at,
    })
    .map_err(anyhow::Error::from)?;
    crate::jobs::enqueue_at(&state.db, REMINDER_JOB, &payload, run_at).await
}

/// The `event_reminder` job: emails the person if still confirmed and the date unchanged.
/// The job kind of the reminder sent the day before an event.
pub const REMINDER_JOB: &str = "event_reminder";

pub async fn run_reminder(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: ReminderPayload = serde_json::from_str(payload)?;
    let Some(reg) = repo::registration_by_id(&state.db, p.registration_id).await? else {
        return Ok(());
    };
    if reg.status != RegStatus::Confirmed {
        return Ok(());
    }
    let (Some(ev), Some(occ), Some(email)) = (
        repo::event_by_id(&state.db, reg.event_id).await?,
        repo::occurrence_by_id(&state.db, reg.occurrence_id).await?,
        user_email(state, reg.user_id).await?,
    ) else {
        return Ok(());
    };
    if occ.starts_at != p.occurrence_starts_at
        || occ.cancelled
        || ev.status != EventStatus::Published
    {
        return Ok(());
    }
    let lang = user_lang(state, reg.user_id).await?;
    let when = when(lang, occ.starts_at, occ.ends_at, ev.all_day);
    let base = state.config.base_url.trim_end_matches('/');
    let subject = lang.ta("event-mail-reminder-subject", &[("title", &ev.title)]);
    let text = lang.ta(
        "event-mail-reminder-body",
        &[
            ("title", &ev.title),
            ("when", &when),
            ("link", &event_url(state, ev.id)),
            ("cancel", &format!("{base}/mes-inscriptions")),
        ],
    ) + "\n";
    crate::notifications::notify(
        &state.db,
        state.clock.now_ms(),
        crate::notifications::Kind::Registrations,
        &Email {
            to: email,
            subject,
            text,
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

/// Renders occurrences as an iCalendar document (one VEVENT per occurrence).
pub async fn ics_for(
    state: &AppState,
    items: &[(Event, Occurrence)],
    name: &str,
) -> AppResult<String> {
    use crate::ical::{Calendar, IcsEvent};
    // Every location in two statements, whatever the number of events.
    let mut seen = std::collections::HashSet::new();
    let distinct: Vec<Event> = items
        .iter()
        .filter(|(ev, _)| seen.insert(ev.id))
        .map(|(ev, _)| ev.clone())
        .collect();
    let locations: std::collections::HashMap<EventId, String> = distinct
        .iter()
        .map(|e| e.id)
        .zip(location_labels(state, &distinct).await?)
        .collect();
    let mut cal = Calendar::new(name);
    for (ev, occ) in items {
        let recurring = ev.rrule.is_some();
        let uid = if recurring {
            let local = super::model::utc_to_paris(occ.starts_at);
            format!("{}-{}", local.format("%Y%m%dT%H%M%S"), ev.uid)
        } else {
            ev.uid.clone()
        };
        let location = locations.get(&ev.id).cloned().unwrap_or_default();
        cal.push(IcsEvent {
            uid,
            summary: ev.title.clone(),
            description: crate::text::excerpt(&ev.description, 2000),
            location,
            url: event_url(state, ev.id),
            start: crate::clock::from_ms(occ.starts_at),
            end: crate::clock::from_ms(occ.ends_at),
            all_day: ev.all_day,
            status: Some(if ev.status == EventStatus::Cancelled || occ.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }),
            sequence: ev.sequence,
            last_modified: crate::clock::from_ms(ev.updated_at),
            organizer: None,
            categories: ev.category_list(),
            rrule: None,
        });
    }
    Ok(cal.render())
}

/// Registers the events' reminders with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(REMINDER_JOB, |state, payload| {
        Box::pin(run_reminder(state, payload))
    });
    registry.register(guests::REMINDER_JOB, |state, payload| {
        Box::pin(guests::run_reminder(state, payload))
    });
}

/// Creates an event organized by a project (its holders publish a workshop in the agenda of
/// the network that follows the project, once the network accepted to follow it): the rule of
/// any event ([`publish::check`]: its host place and space) for `who` (`None`: the
/// demonstration), inserted with its project in one transaction.
pub async fn create_for_project(
    state: &AppState,
    who: Option<&Principal>,
    project_id: ProjectId,
    e: &NewEvent,
) -> AppResult<Event> {
    let author = who.map_or(Author::System, Author::ProjectHolder);
    publish::check(state, author, e, None).await?;
    let created_by = who.map(|w| w.user.id);
    let starts = starts_of(e)?;
    let uid = new_uid(state);
    insert_holding(state, e, &uid, &starts, created_by, Some(project_id)).await
}

// ---- writes of the pages: publishing a draft, the address of a personal feed ----
//
// The pages parse and check who may act; these apply the rule and the clock, then write.

/// Publishes a draft event; an event already published (or cancelled) stays as it is.
pub async fn publish_event(state: &AppState, ev: &Event) -> AppResult<()> {
    if ev.status == EventStatus::Draft {
        let now = state.clock.now_ms();
        repo::set_status(&state.db, ev.id, EventStatus::Published, "", now).await?;
    }
    Ok(())
}

/// A new secret address of a person's feed of registrations (the previous one stops working).
pub async fn renew_feed_token(state: &AppState, user_id: UserId) -> AppResult<String> {
    repo::renew_feed_token(&state.db, user_id, state.clock.now_ms()).await
}
