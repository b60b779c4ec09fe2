//! Meetings: creation with its checks, invitations with an `.ics`, minutes and their
//! publication.

use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::groups::model::{Group, Meeting, MinutesVisibility};
use crate::groups::repo::{self, NewMeeting};
use crate::ical::{Calendar, IcsEvent};
use crate::ids::SpaceId;
use crate::mail::{Attachment, Email};
use crate::state::AppState;

pub struct MeetingInput<'a> {
    pub title: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub room: &'a str,
    pub online_url: &'a str,
    pub minutes: &'a str,
    pub minutes_visibility: MinutesVisibility,
    pub agenda: Vec<String>,
    /// A space of the group's place, booked (whole room) before the meeting is created.
    pub space_id: Option<SpaceId>,
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
            Some(s) if g.place_id.is_some_and(|p| p == s.place_id) && s.active => s,
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
        crate::notifications::notify(
            &state.db,
            now,
            crate::notifications::Kind::Groups,
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
        crate::notifications::notify(
            &state.db,
            now,
            crate::notifications::Kind::Groups,
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
    visibility: MinutesVisibility,
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
