//! A group's recurring slot ("every first Tuesday, 18:00–20:00"): its meetings are created
//! ahead, with their room booked, and conflicts reported to the group's leaders.

use chrono::Duration;
use chrono_tz::Europe::Paris;

use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::groups::model::{self, Group, GroupRole, MinutesVisibility};
use crate::groups::repo::{self, NewMeeting};
use crate::ids::SpaceId;
use crate::mail::Email;
use crate::state::AppState;

use super::meetings::*;

// ---- recurring slot ----

/// How far ahead a slot's meetings are created.
pub const SLOT_HORIZON_DAYS: i64 = 120;

/// The slot of a club, validated: an RRULE, a Paris start time, a duration, a room (free
/// text) or a space of the club's place to book.
pub struct Slot {
    pub rrule: String,
    pub start: String,
    pub minutes: i64,
    pub room: String,
    pub space_id: Option<SpaceId>,
}

pub fn parse_slot(
    rrule: &str,
    start: &str,
    end: &str,
    room: &str,
    space_id: Option<SpaceId>,
    errors: &mut FieldErrors,
) -> Option<Slot> {
    let rule = rrule.trim().to_string();
    if crate::recurrence::validate(&rule).is_err() {
        errors.add("slot_rrule", "groups-rrule-invalid");
    }
    let s = model::parse_time(start, "slot_start", errors);
    let e = model::parse_time(end, "slot_end", errors);
    let room = room.trim().chars().take(200).collect::<String>();
    let (s, e) = (s?, e?);
    let to_min = |t: &str| -> i64 {
        let (h, m) = t.split_once(':').unwrap_or(("0", "0"));
        h.parse::<i64>().unwrap_or(0) * 60 + m.parse::<i64>().unwrap_or(0)
    };
    let minutes = to_min(&e) - to_min(&s);
    if minutes <= 0 {
        errors.add("slot_end", "groups-ends-before-start");
        return None;
    }
    if !errors.is_empty() {
        return None;
    }
    Some(Slot {
        rrule: rule,
        start: s,
        minutes,
        room,
        space_id,
    })
}

/// What creating a slot's meetings did.
#[derive(Debug, Default)]
pub struct SlotReport {
    pub created: usize,
    pub conflicts: Vec<repo::SlotConflict>,
}

/// Saves the slot of `g` after checking that its space (if any) belongs to the group's place.
pub async fn set_slot(
    state: &AppState,
    who: &Principal,
    g: &mut Group,
    slot: Slot,
) -> AppResult<SlotReport> {
    if let Some(sid) = slot.space_id {
        match crate::bookings::service::space(&state.db, sid).await? {
            Some(space) if g.place_id.is_some_and(|p| p == space.place_id) && space.active => {}
            _ => {
                let mut e = FieldErrors::default();
                e.add("space_id", "groups-space-invalid");
                return Err(AppError::Invalid(e));
            }
        }
    }
    g.slot_rrule = Some(slot.rrule);
    g.slot_start = Some(slot.start);
    g.slot_minutes = Some(slot.minutes);
    g.slot_room = slot.room;
    g.slot_space_id = slot.space_id;
    repo::update_group(&state.db, g).await?;
    generate_slot_meetings(state, g, SLOT_HORIZON_DAYS, Some(who)).await
}

/// Creates the meetings of the slot for the next `days` days (those already created are kept).
/// With a space, each meeting first books the whole room through the bookings' checked
/// transaction (capacity, opening hours, closures, the booker's rights); an occurrence that
/// cannot be booked gets no meeting, is recorded as a conflict (listed on the group page) and
/// reported by email to the president — never overbooked.
pub async fn generate_slot_meetings(
    state: &AppState,
    g: &Group,
    days: i64,
    who: Option<&Principal>,
) -> AppResult<SlotReport> {
    let mut report = SlotReport::default();
    let (Some(rule), Some(start), Some(minutes)) = (&g.slot_rrule, &g.slot_start, g.slot_minutes)
    else {
        return Ok(report);
    };
    let now = state.clock.now();
    let today = now.with_timezone(&Paris).date_naive();
    let time = chrono::NaiveTime::parse_from_str(start, "%H:%M")
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let horizon = now + Duration::days(days);
    let starts = crate::recurrence::expand(rule, today.and_time(time), &[], 400)
        .map_err(AppError::BadRequest)?;
    let space = match g.slot_space_id {
        Some(id) => crate::bookings::service::space(&state.db, id).await?,
        None => None,
    };
    let lang = crate::i18n::Lang::Fr;
    for s in starts.into_iter().filter(|s| *s > now && *s <= horizon) {
        let starts_at = s.timestamp_millis();
        let ends_at = starts_at + minutes * 60_000;
        if repo::slot_meeting_exists(&state.db, g.id, starts_at).await? {
            continue;
        }
        let mut booking_id = None;
        if let Some(space) = &space {
            let result = match who {
                Some(p) => {
                    crate::bookings::service::book(
                        state,
                        p,
                        space,
                        &crate::bookings::service::BookRequest {
                            starts_at,
                            ends_at,
                            seats: space.capacity,
                            for_user: None,
                            series_id: None,
                            note: format!("Réunion – {}", g.name),
                        },
                        false,
                    )
                    .await
                }
                None => Err(AppError::Unauthorized),
            };
            match result {
                Ok(b) => booking_id = Some(b.id),
                Err(e @ (AppError::Db(_) | AppError::Internal(_))) => return Err(e),
                Err(e) => {
                    let reason = match &e {
                        AppError::Conflict(_) => lang.t("groups-conflict-full"),
                        // Bookings took it: the usual words; an event: named.
                        AppError::Taken(t) if t.label.is_empty() => lang.t("groups-conflict-full"),
                        AppError::Taken(t) => t.message(lang),
                        AppError::Invalid(f) => {
                            lang.t(f.0.first().map(|(_, k)| *k).unwrap_or("error-invalid"))
                        }
                        _ => lang.t("groups-conflict-rights"),
                    };
                    report
                        .conflicts
                        .push(repo::SlotConflict { starts_at, reason });
                    continue;
                }
            }
        }
        let room = space
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_else(|| g.slot_room.clone());
        let made = repo::insert_meeting(
            &state.db,
            NewMeeting {
                group_id: g.id,
                title: "",
                starts_at,
                ends_at,
                room: &room,
                online_url: "",
                minutes: "",
                minutes_visibility: MinutesVisibility::Internal,
                agenda: &[],
                from_slot: true,
                space_id: space.as_ref().map(|s| s.id),
                booking_id,
                now: state.clock.now_ms(),
            },
        )
        .await?;
        if let Some(m) = made {
            report.created += 1;
            send_invitations(state, g, &m).await?;
        }
    }
    repo::set_slot_conflicts(&state.db, g.id, &report.conflicts, state.clock.now_ms()).await?;
    if !report.conflicts.is_empty() {
        report_conflicts(state, g, &report.conflicts).await?;
    }
    Ok(report)
}

/// Emails the president (or, without one, the animators, or else the place's managers) the
/// occurrences whose room could not be booked.
async fn report_conflicts(
    state: &AppState,
    g: &Group,
    conflicts: &[repo::SlotConflict],
) -> AppResult<()> {
    let now = state.clock.now_ms();
    let members = repo::memberships(&state.db, g.id).await?;
    let mut to: Vec<String> = members
        .iter()
        .filter(|m| m.role == GroupRole::President && m.is_current(now))
        .map(|m| m.email.clone())
        .collect();
    if to.is_empty() {
        to = members
            .iter()
            .filter(|m| m.role == GroupRole::Animator && m.is_current(now))
            .map(|m| m.email.clone())
            .collect();
    }
    if to.is_empty() {
        if let Some(p) = g.place_id {
            to = crate::bookings::service::manager_emails(&state.db, p).await?;
        }
    }
    let lang = crate::i18n::Lang::Fr;
    let mut dates = String::new();
    for c in conflicts {
        dates += &lang.ta(
            "groups-mail-slot-conflict-date",
            &[
                ("when", &crate::clock::paris_display(c.starts_at)),
                ("reason", &c.reason),
            ],
        );
        dates.push('\n');
    }
    let text = lang.ta(
        "groups-mail-slot-conflict-body",
        &[
            ("group", &g.name),
            ("dates", &dates),
            (
                "link",
                &format!("{}/groupes/{}", state.config.base_url, g.slug),
            ),
        ],
    ) + "\n";
    let subject = lang.ta("groups-mail-slot-conflict-subject", &[("group", &g.name)]);
    to.sort();
    to.dedup();
    for addr in to {
        crate::notifications::notify(
            &state.db,
            now,
            crate::notifications::Kind::Groups,
            &Email {
                to: addr,
                subject: subject.clone(),
                text: text.clone(),
                attachments: vec![],
            },
        )
        .await?;
    }
    Ok(())
}
