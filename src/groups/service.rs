//! Use cases of groups shared by the HTML pages and the API: authorization targets, creation
//! with its checks, meetings with invitations (`.ics`), minutes publication, action reminders
//! and the meetings of a recurring slot.

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};

use super::model::{self, Group, Meeting, Membership};
use super::repo::{self, NewGroup, NewMeeting};
use crate::auth::policy::{authorize, Action, GroupTarget, Target};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ical::{Calendar, IcsEvent};
use crate::mail::{Attachment, Email};
use crate::state::AppState;
use crate::tenancy::repo as tenancy;

/// The network, place or project a group belongs to, as a policy target.
pub async fn parent_target(state: &AppState, g: &Group) -> AppResult<Option<Target>> {
    Ok(match (g.network_id, g.place_id, g.project_id) {
        (Some(n), _, _) => Some(Target::Network(n)),
        (None, Some(p), _) => Some(Target::Place {
            id: p,
            networks: tenancy::networks_of_place(&state.db, p).await?,
        }),
        (None, None, Some(pid)) => crate::tenancy::service::project_scope(state, pid)
            .await?
            .map(|p| p.target),
        _ => None,
    })
}

/// The policy's view of a group: its parent and who holds a current role now.
pub async fn target(state: &AppState, g: &Group) -> AppResult<Target> {
    let now = state.clock.now_ms();
    let members = repo::memberships(&state.db, g.id).await?;
    target_from(state, g, &members, now).await
}

pub async fn target_from(
    state: &AppState,
    g: &Group,
    members: &[Membership],
    now: i64,
) -> AppResult<Target> {
    let current: Vec<&Membership> = members.iter().filter(|m| m.is_current(now)).collect();
    Ok(Target::Group(GroupTarget {
        id: g.id,
        parent: parent_target(state, g).await?.map(Box::new),
        members: current.iter().map(|m| m.user_id).collect(),
        leaders: current
            .iter()
            .filter(|m| model::LEADER_ROLES.contains(&m.role.as_str()))
            .map(|m| m.user_id)
            .collect(),
        autonomous: g.autonomous,
    }))
}

/// May `who` see this group at all? Public groups: everyone; members-only: members and
/// managers (others get 404, the group does not exist for them).
pub fn may_see(who: Option<&Principal>, g: &Group, t: &Target) -> bool {
    g.is_public() || authorize(who, Action::ReadGroup, t).is_ok()
}

pub fn may_manage(who: Option<&Principal>, t: &Target) -> bool {
    authorize(who, Action::ManageGroup, t).is_ok()
}

/// Internal minutes, attendees and action items are for members and managers.
pub fn may_read_internal(who: Option<&Principal>, t: &Target) -> bool {
    authorize(who, Action::ReadGroup, t).is_ok()
}

pub struct GroupInput<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub purpose: &'a str,
    pub visibility: &'a str,
    pub joining: &'a str,
    pub autonomous: bool,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
    pub project_id: Option<i64>,
}

/// Creates a group after validation and authorization: managers of the place create its
/// clubs, admins of the network its board and commissions, holders and advisors of a project
/// its groups (holders' group, a focus group per planned use…).
pub async fn create_group(
    state: &AppState,
    who: &Principal,
    input: GroupInput<'_>,
) -> AppResult<Group> {
    let mut errors = FieldErrors::default();
    let name = model::parse_name(input.name, &mut errors);
    let kind = crate::form::parse::parse_choice(input.kind, &model::KINDS, "kind", &mut errors);
    let visibility = crate::form::parse::parse_choice(
        input.visibility,
        &model::VISIBILITIES,
        "visibility",
        &mut errors,
    );
    let joining =
        crate::form::parse::parse_choice(input.joining, &model::JOININGS, "joining", &mut errors);
    let purpose = crate::form::parse::parse_rich(input.purpose, "purpose", &mut errors);
    let attached = [input.network_id, input.place_id, input.project_id]
        .iter()
        .filter(|x| x.is_some())
        .count();
    if attached != 1 {
        errors.add("place_id", "groups-attach-one");
    }
    let mut project_target = None;
    if let Some(pid) = input.project_id {
        match crate::tenancy::service::project_scope(state, pid).await? {
            Some(project) => {
                // A private project does not exist for outsiders.
                if !project.may_see(Some(who)) {
                    return Err(AppError::NotFound);
                }
                project_target = Some(project.target);
            }
            None => errors.add("project_id", "groups-unknown-parent"),
        }
    }
    if let Some(pid) = input.place_id {
        if tenancy::place_by_id(&state.db, pid).await?.is_none() {
            errors.add("place_id", "groups-unknown-parent");
        }
    }
    if let Some(nid) = input.network_id {
        if tenancy::network_by_id(&state.db, nid).await?.is_none() {
            errors.add("network_id", "groups-unknown-parent");
        }
    }
    errors.clone().into_result()?;
    // Authorization once the parent is known to exist.
    match (input.network_id, input.place_id) {
        (Some(n), _) => authorize(Some(who), Action::ManageNetwork, &Target::Network(n))?,
        (None, Some(p)) => {
            let t = Target::Place {
                id: p,
                networks: tenancy::networks_of_place(&state.db, p).await?,
            };
            authorize(Some(who), Action::ManagePlace, &t)?
        }
        _ => match &project_target {
            Some(t) => authorize(Some(who), Action::ManageProject, t)?,
            None => authorize(Some(who), Action::AdministerInstance, &Target::Instance)?,
        },
    }
    let (Some((name, slug)), Some(kind), Some(visibility), Some(joining)) =
        (name, kind, visibility, joining)
    else {
        return Err(AppError::Invalid(errors));
    };
    repo::insert_group(
        &state.db,
        NewGroup {
            name: &name,
            slug: &slug,
            kind,
            purpose: &purpose,
            visibility,
            joining,
            autonomous: input.autonomous,
            network_id: input.network_id,
            place_id: input.place_id,
            project_id: input.project_id,
            now: state.clock.now_ms(),
        },
    )
    .await
}

/// The name shown as president: the current président·e, or for a club without one, the place
/// ("Présidence par intérim : <lieu>").
pub async fn interim_president(
    state: &AppState,
    g: &Group,
    members: &[Membership],
) -> AppResult<Option<String>> {
    let now = state.clock.now_ms();
    if members
        .iter()
        .any(|m| m.role == "president" && m.is_current(now))
    {
        return Ok(None);
    }
    Ok(match g.place_id {
        Some(p) => tenancy::place_by_id(&state.db, p).await?.map(|p| p.name),
        None => None,
    })
}

pub struct MeetingInput<'a> {
    pub title: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub room: &'a str,
    pub online_url: &'a str,
    pub minutes: &'a str,
    pub minutes_visibility: &'a str,
    pub agenda: Vec<String>,
    /// A space of the group's place, booked (whole room) before the meeting is created.
    pub space_id: Option<i64>,
}

/// Validates the parts of a meeting that are not parsed from text already.
pub fn check_meeting(
    starts_at: Option<i64>,
    ends_at: Option<i64>,
    errors: &mut FieldErrors,
) -> Option<(i64, i64)> {
    match (starts_at, ends_at) {
        (Some(s), Some(e)) if e > s && e - s <= 24 * 3600 * 1000 => Some((s, e)),
        (Some(_), Some(_)) => {
            errors.add("ends_at", "groups-ends-before-start");
            None
        }
        _ => None,
    }
}

/// Creates a meeting (the group's current members are invited) and emails each invitee the
/// invitation with an `.ics`. When created with public minutes, members are told.
pub async fn create_meeting(
    state: &AppState,
    who: &Principal,
    g: &Group,
    m: MeetingInput<'_>,
) -> AppResult<Meeting> {
    let now = state.clock.now_ms();
    let mut room = m.room.to_string();
    let mut booking_id = None;
    if let Some(sid) = m.space_id {
        let space = match crate::bookings::service::space(&state.db, sid).await? {
            Some(s) if Some(s.place_id) == g.place_id && s.active => s,
            _ => return Err(invalid("space_id", "groups-space-invalid")),
        };
        let booked = crate::bookings::service::book(
            state,
            who,
            &space,
            &crate::bookings::service::BookRequest {
                starts_at: m.starts_at,
                ends_at: m.ends_at,
                seats: space.capacity,
                for_user: None,
                series_id: None,
                note: format!("Réunion – {}", g.name),
            },
            false,
        )
        .await;
        match booked {
            Ok(b) => booking_id = Some(b.id),
            Err(AppError::Forbidden | AppError::NotFound | AppError::Unauthorized) => {
                return Err(invalid("space_id", "groups-conflict-rights-field"))
            }
            Err(AppError::Invalid(f)) => {
                let key = f.0.first().map(|(_, k)| *k).unwrap_or("error-invalid");
                return Err(invalid("space_id", key));
            }
            Err(e) => return Err(e),
        }
        room = space.name;
    }
    let meeting = repo::insert_meeting(
        &state.db,
        NewMeeting {
            group_id: g.id,
            title: m.title,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            room: &room,
            online_url: m.online_url,
            minutes: m.minutes,
            minutes_visibility: m.minutes_visibility,
            agenda: &m.agenda,
            from_slot: false,
            space_id: m.space_id,
            booking_id,
            now,
        },
    )
    .await?
    .ok_or(AppError::Conflict("meeting_exists"))?;
    if meeting.starts_at > now {
        send_invitations(state, g, &meeting).await?;
    }
    if meeting.minutes_published_at.is_some() {
        send_minutes_published(state, g, &meeting).await?;
    }
    Ok(meeting)
}

fn invalid(field: &'static str, key: &'static str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, key);
    AppError::Invalid(e)
}

pub fn meeting_title(g: &Group, m: &Meeting) -> String {
    if m.title.is_empty() {
        format!("Réunion – {}", g.name)
    } else {
        format!("{} – {}", m.title, g.name)
    }
}

fn meeting_path(m: &Meeting) -> String {
    format!("/reunions/{}", m.id)
}

/// The `.ics` of a meeting.
pub fn meeting_ics(state: &AppState, g: &Group, m: &Meeting, agenda: &[String]) -> String {
    let host = url::Url::parse(&state.config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "maillage".into());
    let mut cal = Calendar::new(&g.name);
    let location = if m.room.is_empty() {
        m.online_url.clone()
    } else {
        m.room.clone()
    };
    cal.push(IcsEvent {
        uid: format!("meeting-{}@{host}", m.id),
        summary: meeting_title(g, m),
        description: agenda
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{}. {a}", i + 1))
            .collect::<Vec<_>>()
            .join("\n"),
        location,
        url: format!("{}{}", state.config.base_url, meeting_path(m)),
        start: crate::clock::from_ms(m.starts_at),
        end: crate::clock::from_ms(m.ends_at),
        status: Some("CONFIRMED"),
        last_modified: crate::clock::from_ms(m.created_at),
        ..IcsEvent::default()
    });
    cal.render()
}

async fn current_member_emails(state: &AppState, g: &Group) -> AppResult<Vec<String>> {
    let now = state.clock.now_ms();
    let mut emails: Vec<String> = repo::memberships(&state.db, g.id)
        .await?
        .into_iter()
        .filter(|m| m.is_current(now))
        .map(|m| m.email)
        .collect();
    emails.sort();
    emails.dedup();
    Ok(emails)
}

pub async fn send_invitations(state: &AppState, g: &Group, m: &Meeting) -> AppResult<()> {
    let agenda: Vec<String> = repo::agenda(&state.db, m.id)
        .await?
        .into_iter()
        .map(|a| a.title)
        .collect();
    let ics = meeting_ics(state, g, m, &agenda);
    let lang = crate::i18n::Lang::Fr;
    let title = meeting_title(g, m);
    let mut place = String::new();
    if !m.room.is_empty() {
        place += &lang.ta("groups-mail-invitation-room", &[("room", &m.room)]);
    }
    if !m.online_url.is_empty() {
        place += &lang.ta("groups-mail-invitation-online", &[("link", &m.online_url)]);
    }
    let mut items = String::new();
    if !agenda.is_empty() {
        items = format!("\n{}\n", lang.t("groups-mail-invitation-agenda"));
        for (i, a) in agenda.iter().enumerate() {
            items.push_str(&format!("{}. {a}\n", i + 1));
        }
    }
    let text = lang.ta(
        "groups-mail-invitation-body",
        &[
            ("title", &title),
            ("when", &crate::clock::paris_display(m.starts_at)),
            ("where", &place),
            ("agenda", &items),
            (
                "link",
                &format!("{}{}", state.config.base_url, meeting_path(m)),
            ),
        ],
    ) + "\n";
    let subject = lang.ta("groups-mail-invitation-subject", &[("title", &title)]);
    let now = state.clock.now_ms();
    for to in current_member_emails(state, g).await? {
        crate::mail::enqueue(
            &state.db,
            now,
            &Email {
                to,
                subject: subject.clone(),
                text: text.clone(),
                attachments: vec![Attachment {
                    filename: "reunion.ics".into(),
                    content_type: format!("{}; method=PUBLISH", crate::ical::CONTENT_TYPE),
                    content: ics.clone(),
                }],
            },
        )
        .await?;
    }
    Ok(())
}

pub async fn send_minutes_published(state: &AppState, g: &Group, m: &Meeting) -> AppResult<()> {
    let now = state.clock.now_ms();
    let lang = crate::i18n::Lang::Fr;
    let title = meeting_title(g, m);
    let text = lang.ta(
        "groups-mail-minutes-body",
        &[
            ("title", &title),
            ("when", &crate::clock::paris_display(m.starts_at)),
            (
                "link",
                &format!("{}{}", state.config.base_url, meeting_path(m)),
            ),
        ],
    ) + "\n";
    let subject = lang.ta("groups-mail-minutes-subject", &[("title", &title)]);
    for to in current_member_emails(state, g).await? {
        crate::mail::enqueue(
            &state.db,
            now,
            &Email {
                to,
                subject: subject.clone(),
                text: text.clone(),
                attachments: vec![],
            },
        )
        .await?;
    }
    Ok(())
}

/// Saves minutes; going from internal to public emails the members once.
pub async fn save_minutes(
    state: &AppState,
    g: &Group,
    m: &Meeting,
    minutes: &str,
    visibility: &str,
) -> AppResult<Meeting> {
    let now = state.clock.now_ms();
    repo::save_minutes(&state.db, m.id, minutes, visibility, now).await?;
    let updated = repo::meeting_by_id(&state.db, m.id)
        .await?
        .ok_or(AppError::NotFound)?;
    if m.minutes_published_at.is_none() && updated.minutes_published_at.is_some() {
        send_minutes_published(state, g, &updated).await?;
    }
    Ok(updated)
}

// ---- action items and their reminders ----

pub const REMINDER_JOB: &str = "group_action_reminder";

#[derive(Serialize, Deserialize)]
struct ReminderPayload {
    action_id: i64,
    due_on: String,
}

/// 8:00 (Paris) the day before `due_on`.
pub fn reminder_at(due_on: &str) -> Option<i64> {
    let d = NaiveDate::parse_from_str(due_on, "%Y-%m-%d").ok()?;
    let local = (d - Duration::days(1)).and_hms_opt(8, 0, 0)?;
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.timestamp_millis())
}

/// Schedules the reminder of an action item with an owner and a due date.
pub async fn schedule_reminder(
    state: &AppState,
    action_id: i64,
    due_on: Option<&str>,
) -> AppResult<()> {
    let Some(due) = due_on else { return Ok(()) };
    let Some(at) = reminder_at(due) else {
        return Ok(());
    };
    let payload = serde_json::to_string(&ReminderPayload {
        action_id,
        due_on: due.to_string(),
    })
    .map_err(anyhow::Error::from)?;
    crate::jobs::enqueue_at(
        &state.db,
        REMINDER_JOB,
        &payload,
        at.max(state.clock.now_ms()),
    )
    .await
}

/// The job: emails the owner if the action is still open and its due date unchanged.
pub async fn run_reminder(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: ReminderPayload = serde_json::from_str(payload)?;
    let Some(a) = repo::action_by_id(&state.db, p.action_id).await? else {
        return Ok(());
    };
    if a.status == "done" || a.due_on.as_deref() != Some(p.due_on.as_str()) {
        return Ok(());
    }
    let Some(owner) = a.owner_id else {
        return Ok(());
    };
    let Some(user) = crate::accounts::repo::user_by_id(&state.db, owner).await? else {
        return Ok(());
    };
    let due = NaiveDate::parse_from_str(&p.due_on, "%Y-%m-%d")?
        .format("%d/%m/%Y")
        .to_string();
    let lang = crate::i18n::Lang::Fr;
    crate::mail::enqueue(
        &state.db,
        state.clock.now_ms(),
        &Email {
            to: user.email,
            subject: lang.ta(
                "groups-mail-action-subject",
                &[("title", &a.title), ("due", &due)],
            ),
            text: lang.ta(
                "groups-mail-action-body",
                &[
                    ("name", &user.display_name),
                    ("title", &a.title),
                    ("group", &a.group_name),
                    ("due", &due),
                    ("link", &format!("{}/mes-actions", state.config.base_url)),
                ],
            ) + "\n",
            attachments: vec![],
        },
    )
    .await?;
    Ok(())
}

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
    pub space_id: Option<i64>,
}

pub fn parse_slot(
    rrule: &str,
    start: &str,
    end: &str,
    room: &str,
    space_id: Option<i64>,
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
            Some(space) if Some(space.place_id) == g.place_id && space.active => {}
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
                minutes_visibility: "internal",
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
        .filter(|m| m.role == "president" && m.is_current(now))
        .map(|m| m.email.clone())
        .collect();
    if to.is_empty() {
        to = members
            .iter()
            .filter(|m| m.role == "animator" && m.is_current(now))
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
        crate::mail::enqueue(
            &state.db,
            now,
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

/// Joins `g`: active at once when joining is open, a request (`pending`) otherwise;
/// invitation-only groups refuse (403). A second request while one is pending or active is a
/// conflict.
pub async fn join(state: &AppState, g: &Group, user_id: i64) -> AppResult<Membership> {
    let status = match g.joining.as_str() {
        "open" => "active",
        "request" => "pending",
        _ => return Err(AppError::Forbidden),
    };
    let now = state.clock.now_ms();
    let existing = repo::memberships(&state.db, g.id).await?;
    if existing
        .iter()
        .any(|m| m.user_id == user_id && (m.status == "pending" || m.is_current(now)))
    {
        return Err(AppError::Conflict("already_member"));
    }
    let id = repo::insert_membership(
        &state.db,
        repo::NewMembership {
            group_id: g.id,
            user_id,
            role: "member",
            status,
            mandate_start: None,
            mandate_end: None,
            now,
        },
    )
    .await?;
    if status == "active" {
        repo::invite_to_upcoming(&state.db, g.id, user_id, now).await?;
    }
    repo::membership_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Decisions matching `query` (all words, accents ignored) whose minutes `who` may read:
/// public minutes of visible groups, or any minutes of groups they belong to or manage.
pub async fn readable_decisions(
    state: &AppState,
    who: Option<&Principal>,
    group_id: Option<i64>,
    query: &str,
) -> AppResult<Vec<model::Decision>> {
    let found = repo::decisions(&state.db, None, group_id, query).await?;
    let mut out = Vec::new();
    let mut cache: std::collections::HashMap<i64, (Group, Target)> = Default::default();
    for d in found {
        if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(d.group_id) {
            let Some(g) = repo::group_by_id(&state.db, d.group_id).await? else {
                continue;
            };
            let t = target(state, &g).await?;
            e.insert((g, t));
        }
        let (g, t) = &cache[&d.group_id];
        if may_read_internal(who, t) {
            out.push(d);
            continue;
        }
        if !may_see(who, g, t) {
            continue;
        }
        if let Some(m) = repo::meeting_by_id(&state.db, d.meeting_id).await? {
            if m.minutes_visibility == "public" {
                out.push(d);
            }
        }
    }
    Ok(out)
}

pub async fn create_action(
    state: &AppState,
    g: &Group,
    title: &str,
    owner_id: Option<i64>,
    due_on: Option<&str>,
    meeting_id: Option<i64>,
) -> AppResult<model::ActionItem> {
    let id = repo::insert_action(
        &state.db,
        repo::NewAction {
            group_id: g.id,
            meeting_id,
            title,
            owner_id,
            due_on,
            now: state.clock.now_ms(),
        },
    )
    .await?;
    if owner_id.is_some() {
        schedule_reminder(state, id, due_on).await?;
    }
    repo::action_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn update_action(
    state: &AppState,
    _g: &Group,
    a: &model::ActionItem,
    status: &str,
    owner_id: Option<i64>,
    due_on: Option<&str>,
) -> AppResult<model::ActionItem> {
    repo::update_action(
        &state.db,
        a.id,
        status,
        owner_id,
        due_on,
        state.clock.now_ms(),
    )
    .await?;
    if owner_id.is_some()
        && status != "done"
        && (due_on != a.due_on.as_deref() || owner_id != a.owner_id)
    {
        schedule_reminder(state, a.id, due_on).await?;
    }
    repo::action_by_id(&state.db, a.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Tells a person they were added to a group, with their role.
pub async fn notify_member_added(
    state: &AppState,
    g: &Group,
    to: &str,
    role: &str,
) -> AppResult<()> {
    let lang = crate::i18n::Lang::Fr;
    let role = lang.t(&format!("groups-role-{}", role.replace('_', "-")));
    crate::mail::enqueue(
        &state.db,
        state.clock.now_ms(),
        &Email {
            to: to.to_string(),
            subject: lang.ta("groups-mail-added-subject", &[("group", &g.name)]),
            text: lang.ta(
                "groups-mail-added-body",
                &[
                    ("group", &g.name),
                    ("role", &role),
                    (
                        "link",
                        &format!("{}/groupes/{}", state.config.base_url, g.slug),
                    ),
                ],
            ) + "\n",
            attachments: vec![],
        },
    )
    .await
}
/// Registers the reminders of action items with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(REMINDER_JOB, |state, payload| {
        Box::pin(run_reminder(state, payload))
    });
}

// ---- what other areas read of groups ----

pub async fn group(db: &Db, id: i64) -> AppResult<Option<Group>> {
    repo::group_by_id(db, id).await
}

pub async fn group_by_slug(db: &Db, slug: &str) -> AppResult<Option<Group>> {
    repo::group_by_slug(db, slug).await
}

/// The groups attached to a project (its holders' group, focus groups…), by name.
pub async fn groups_of_project(db: &Db, project_id: i64) -> AppResult<Vec<Group>> {
    Ok(repo::all_groups(db)
        .await?
        .into_iter()
        .filter(|g| g.project_id == Some(project_id))
        .collect())
}

/// The meetings of a group, newest first.
pub async fn meetings_of_group(db: &Db, group_id: i64) -> AppResult<Vec<Meeting>> {
    repo::meetings_of_group(db, group_id).await
}

/// The action items of a group.
pub async fn actions_of_group(db: &Db, group_id: i64) -> AppResult<Vec<model::ActionItem>> {
    repo::actions(db, Some(group_id), None, None).await
}

/// Adds `user_id` to a group with `role` unless they already hold a current membership;
/// `false` when they did.
pub async fn ensure_member(
    state: &AppState,
    group_id: i64,
    user_id: i64,
    role: &'static str,
) -> AppResult<bool> {
    let now = state.clock.now_ms();
    let members = repo::memberships(&state.db, group_id).await?;
    if members
        .iter()
        .any(|m| m.user_id == user_id && m.is_current(now))
    {
        return Ok(false);
    }
    repo::insert_membership(
        &state.db,
        repo::NewMembership {
            group_id,
            user_id,
            role,
            status: "active",
            mandate_start: None,
            mandate_end: None,
            now,
        },
    )
    .await?;
    Ok(true)
}

/// Ends the current membership of `user_id` in a group (kept for history), if any.
pub async fn end_member(state: &AppState, group_id: i64, user_id: i64) -> AppResult<()> {
    let now = state.clock.now_ms();
    let members = repo::memberships(&state.db, group_id).await?;
    if let Some(m) = members
        .iter()
        .find(|m| m.user_id == user_id && m.is_current(now))
    {
        repo::end_membership(&state.db, m.id, now).await?;
    }
    Ok(())
}

// ---- the writes of the pages and the API: one path for both ----

/// Whom a manager adds: an account id (API) or an e-mail address (page, API).
pub enum MemberRef<'a> {
    Id(i64),
    Email(&'a str),
}

/// A member a manager adds, as read from a form or a JSON body.
pub struct NewMember<'a> {
    /// A role of [`model::ROLES`], unchecked.
    pub role: &'a str,
    pub person: Option<MemberRef<'a>>,
    /// The field an unknown person is reported on (`email` on the page, `user_id` in the API).
    pub person_field: &'static str,
    pub mandate_start: Option<i64>,
    pub mandate_end: Option<i64>,
    /// What went wrong reading the dates (their format is the caller's).
    pub date_errors: FieldErrors,
}

/// Adds a member to `g` (its managers; the caller checked): a known person, a known role, a
/// mandate following [`model::check_mandate`]. The membership is active at once and invited
/// to the meetings ahead (one transaction); the person is told by e-mail.
pub async fn add_member(state: &AppState, g: &Group, new: NewMember<'_>) -> AppResult<Membership> {
    let mut errors = FieldErrors::default();
    let role = crate::form::parse::parse_choice(new.role, &model::ROLES, "role", &mut errors);
    for (field, key) in new.date_errors.0 {
        errors.add(field, key);
    }
    model::check_mandate(new.mandate_start, new.mandate_end, &mut errors);
    let user = match new.person {
        Some(MemberRef::Id(id)) => crate::accounts::repo::user_by_id(&state.db, id).await?,
        Some(MemberRef::Email(e)) => crate::accounts::repo::user_by_email(&state.db, e).await?,
        None => None,
    };
    if user.is_none() {
        errors.add(new.person_field, "groups-unknown-user");
    }
    let (Some(user), Some(role), true) = (user, role, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let id = repo::insert_active_membership(
        &state.db,
        repo::NewMembership {
            group_id: g.id,
            user_id: user.id,
            role,
            status: "active",
            mandate_start: new.mandate_start,
            mandate_end: new.mandate_end,
            now: state.clock.now_ms(),
        },
    )
    .await?;
    notify_member_added(state, g, &user.email, role).await?;
    repo::membership_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A manager approves (`active`, invited to the meetings ahead) or refuses a membership,
/// and/or ends its mandate at `mandate_end` (after its start: [`model::check_mandate`]).
pub async fn update_member(
    state: &AppState,
    m: &Membership,
    status: Option<&str>,
    mandate_end: Option<i64>,
) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    if let Some(s) = status {
        if !["active", "refused"].contains(&s) {
            errors.add("status", "field-invalid-choice");
        }
    }
    model::check_mandate(m.mandate_start, mandate_end, &mut errors);
    errors.into_result()?;
    repo::change_membership(
        &state.db,
        repo::MembershipChange {
            id: m.id,
            group_id: m.group_id,
            user_id: m.user_id,
            status,
            mandate_end,
            now: state.clock.now_ms(),
        },
    )
    .await
}

/// Ends a membership (kept in the history as `left`, its mandate ended now).
pub async fn remove_member(state: &AppState, m: &Membership) -> AppResult<()> {
    repo::end_membership(&state.db, m.id, state.clock.now_ms()).await
}

/// Saves a group's edited settings (its managers; the caller checked).
pub async fn update_group(state: &AppState, g: &Group) -> AppResult<()> {
    repo::update_group(&state.db, g).await
}

/// Adds an item at the end of a meeting's agenda.
pub async fn add_agenda_item(state: &AppState, m: &Meeting, title: &str) -> AppResult<()> {
    repo::add_agenda_item(&state.db, m.id, title).await
}

/// Records a decision of a meeting in the register; its id.
pub async fn add_decision(state: &AppState, m: &Meeting, text: &str) -> AppResult<i64> {
    repo::insert_decision(&state.db, m, text, state.clock.now_ms()).await
}

/// Records whether a person was invited, present or excused: a status of
/// [`model::ATTENDANCE`] and a known person (`status`, `user_id` otherwise).
pub async fn set_attendance(
    state: &AppState,
    m: &Meeting,
    user_id: i64,
    status: &str,
) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    let status =
        crate::form::parse::parse_choice(status, &model::ATTENDANCE, "status", &mut errors);
    if crate::accounts::repo::user_by_id(&state.db, user_id)
        .await?
        .is_none()
    {
        errors.add("user_id", "groups-unknown-user");
    }
    let (Some(status), true) = (status, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    repo::set_attendee(&state.db, m.id, user_id, status).await
}
