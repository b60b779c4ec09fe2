//! Groups, memberships, meetings, decisions and action items: types and rules (no SQL, no axum).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{BookingId, GroupId, MeetingId, NetworkId, PlaceId, ProjectId, SpaceId, UserId};

crate::choice! {
    /// What a group is (stored in English, shown in French): a board (conseil
    /// d'administration, bureau), a commission, a working group, a club, a project's holders,
    /// a focus group.
    pub enum GroupKind {
        Board = "board",
        Commission = "commission",
        WorkingGroup = "working_group",
        Club = "club",
        Holders = "holders",
        FocusGroup = "focus_group",
    }
}

crate::choice! {
    /// Who sees a group: everyone, or its members (and its managers).
    pub enum GroupVisibility {
        Public = "public",
        Members = "members",
    }
}

crate::choice! {
    /// How one joins a group: at once, by a request its managers answer, or by invitation only.
    pub enum GroupJoining {
        Open = "open",
        Request = "request",
        Invitation = "invitation",
    }
}

crate::choice! {
    /// A member's role in a group.
    pub enum GroupRole {
        President = "president",
        VicePresident = "vice_president",
        Secretary = "secretary",
        Treasurer = "treasurer",
        Animator = "animator",
        Member = "member",
    }
}

impl GroupRole {
    /// May run the group (with the managers of its network or place): président·e and
    /// animateur·rice.
    pub fn leads(self) -> bool {
        matches!(self, GroupRole::President | GroupRole::Animator)
    }

    /// The Fluent key of its label (`groups-role-vice-president`).
    pub fn label_key(self) -> String {
        format!("groups-role-{}", self.as_str().replace('_', "-"))
    }
}

impl GroupKind {
    /// The Fluent key of its label (`groups-kind-working-group`).
    pub fn label_key(self) -> String {
        format!("groups-kind-{}", self.as_str().replace('_', "-"))
    }
}

crate::choice! {
    /// Where a membership stands: active, asked for (`pending`), invited, refused, or ended
    /// (`left`, kept for history).
    pub enum GroupMemberStatus {
        Active = "active",
        Pending = "pending",
        Invited = "invited",
        Refused = "refused",
        Left = "left",
    }
}

crate::choice! {
    /// A manager's answer to a membership: approve it (`active`) or refuse it.
    pub enum GroupMemberDecision {
        Active = "active",
        Refused = "refused",
    }
}

impl From<GroupMemberDecision> for GroupMemberStatus {
    fn from(d: GroupMemberDecision) -> GroupMemberStatus {
        match d {
            GroupMemberDecision::Active => GroupMemberStatus::Active,
            GroupMemberDecision::Refused => GroupMemberStatus::Refused,
        }
    }
}

crate::choice! {
    /// A person's attendance at a meeting.
    pub enum MeetingAttendance {
        Invited = "invited",
        Present = "present",
        Excused = "excused",
    }
}

crate::choice! {
    /// An action item's progress: à faire, en cours, fait.
    pub enum ActionItemStatus {
        Todo = "todo",
        Doing = "doing",
        Done = "done",
    }
}

crate::choice! {
    /// Who reads a meeting's minutes: its group (`internal`) or everyone who sees the group.
    pub enum MinutesVisibility {
        Internal = "internal",
        Public = "public",
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub slug: String,
    pub kind: GroupKind,
    pub purpose: String,
    pub visibility: GroupVisibility,
    pub joining: GroupJoining,
    pub autonomous: bool,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub project_id: Option<ProjectId>,
    pub slot_rrule: Option<String>,
    pub slot_start: Option<String>,
    pub slot_minutes: Option<i64>,
    pub slot_room: String,
    pub slot_space_id: Option<SpaceId>,
    pub created_at: i64,
}

impl Group {
    pub fn is_public(&self) -> bool {
        self.visibility == GroupVisibility::Public
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Membership {
    pub id: i64,
    pub group_id: GroupId,
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    pub role: GroupRole,
    pub status: GroupMemberStatus,
    pub mandate_start: Option<i64>,
    pub mandate_end: Option<i64>,
    pub created_at: i64,
}

impl Membership {
    /// Active, and within its mandate at `now` (a mandate without dates never ends).
    pub fn is_current(&self, now: i64) -> bool {
        self.status == GroupMemberStatus::Active
            && self.mandate_start.is_none_or(|s| s <= now)
            && self.mandate_end.is_none_or(|e| e > now)
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Meeting {
    pub id: MeetingId,
    pub group_id: GroupId,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub room: String,
    pub space_id: Option<SpaceId>,
    pub booking_id: Option<BookingId>,
    pub online_url: String,
    pub minutes: String,
    pub minutes_visibility: MinutesVisibility,
    pub minutes_published_at: Option<i64>,
    pub from_slot: bool,
    pub created_at: i64,
}

impl Meeting {
    /// Are its minutes for everyone who sees the group?
    pub fn minutes_public(&self) -> bool {
        self.minutes_visibility == MinutesVisibility::Public
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct AgendaItem {
    pub id: i64,
    pub meeting_id: MeetingId,
    pub position: i64,
    pub title: String,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Attendee {
    pub user_id: UserId,
    pub display_name: String,
    pub status: MeetingAttendance,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Decision {
    pub id: i64,
    pub meeting_id: MeetingId,
    pub group_id: GroupId,
    pub text: String,
    pub created_at: i64,
    pub meeting_starts_at: i64,
    pub group_name: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActionItem {
    pub id: i64,
    pub group_id: GroupId,
    pub meeting_id: Option<MeetingId>,
    pub title: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
    pub due_on: Option<String>,
    pub status: ActionItemStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub group_name: String,
}

/// An open action item with a due date of one of a project's groups (the advisors'
/// dashboard), with the project and the group's slug.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProjectAction {
    pub project_id: ProjectId,
    pub group_slug: String,
    #[sqlx(flatten)]
    pub item: ActionItem,
}

/// A name: 1–200 characters, no control character; with its slug.
pub fn parse_name(raw: &str, errors: &mut FieldErrors) -> Option<(String, String)> {
    crate::tenancy::model::parse_name(raw, errors)
}

/// A short plain text (an agenda item, a decision, an action): 1–2 000 characters.
pub fn parse_line(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add(field, "field-required");
        return None;
    }
    if t.chars().count() > 2000 || t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        errors.add(field, "field-too-long");
        return None;
    }
    Some(t.to_string())
}

/// An online meeting link: empty, or an http(s) URL.
pub fn parse_url(raw: &str, field: &'static str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.is_empty() {
        return String::new();
    }
    match url::Url::parse(t) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && t.len() <= 500 => u.to_string(),
        _ => {
            errors.add(field, "groups-url-invalid");
            String::new()
        }
    }
}

/// An instant in RFC 3339 (API).
pub fn parse_instant(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<i64> {
    match DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(t) => Some(t.with_timezone(&Utc).timestamp_millis()),
        Err(_) => {
            errors.add(field, "groups-instant-invalid");
            None
        }
    }
}

/// A Paris wall-clock date and time from a form (`2026-12-03` + `09:00`), as UTC milliseconds.
pub fn parse_paris(
    date: &str,
    time: &str,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<i64> {
    use chrono::TimeZone;
    let joined = format!("{} {}", date.trim(), time.trim());
    let naive = chrono::NaiveDateTime::parse_from_str(&joined, "%Y-%m-%d %H:%M").ok();
    match naive.and_then(|n| chrono_tz::Europe::Paris.from_local_datetime(&n).earliest()) {
        Some(t) => Some(t.with_timezone(&Utc).timestamp_millis()),
        None => {
            errors.add(field, "groups-instant-invalid");
            None
        }
    }
}

/// A Paris wall-clock time `HH:MM`.
pub fn parse_time(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<String> {
    match chrono::NaiveTime::parse_from_str(raw.trim(), "%H:%M") {
        Ok(t) => Some(t.format("%H:%M").to_string()),
        Err(_) => {
            errors.add(field, "groups-instant-invalid");
            None
        }
    }
}

/// Plain text of sanitized HTML, for the search index.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// The one rule of a mandate's dates, wherever they are set (the page, the API, a later end):
/// when both are known, the end comes strictly after the start.
pub fn check_mandate(start: Option<i64>, end: Option<i64>, errors: &mut FieldErrors) -> bool {
    match (start, end) {
        (Some(s), Some(e)) if e <= s => {
            errors.add("mandate_end", "groups-mandate-end-before-start");
            false
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_parsing() {
        assert_eq!(
            crate::text::fold_words("Élection du Trésorier, l'œuvre!"),
            "election du tresorier l oeuvre"
        );
        let mut e = FieldErrors::default();
        assert_eq!(parse_url("javascript:alert(1)", "u", &mut e), "");
        assert!(e.has("u"));
        let mut e = FieldErrors::default();
        // 3 December 2026, 9:00 in Paris is 8:00 UTC (winter time).
        let t = parse_paris("2026-12-03", "09:00", "s", &mut e).unwrap();
        assert_eq!(crate::clock::rfc3339(t), "2026-12-03T08:00:00Z");
        assert_eq!(
            crate::form::parse::parse_date("2026-02-30", "d", &mut e),
            None
        );
        assert!(e.has("d"));
        assert_eq!(html_text("<p>a &amp; b</p><p>c</p>").trim(), "a & b  c");
    }

    #[test]
    fn closed_lists_keep_their_stored_texts() {
        // The texts of the CHECK constraints of migration 0005, in their order.
        assert_eq!(
            GroupKind::TEXTS,
            &[
                "board",
                "commission",
                "working_group",
                "club",
                "holders",
                "focus_group"
            ]
        );
        assert_eq!(GroupVisibility::TEXTS, &["public", "members"]);
        assert_eq!(GroupJoining::TEXTS, &["open", "request", "invitation"]);
        assert_eq!(
            GroupRole::TEXTS,
            &[
                "president",
                "vice_president",
                "secretary",
                "treasurer",
                "animator",
                "member"
            ]
        );
        assert_eq!(
            GroupMemberStatus::TEXTS,
            &["active", "pending", "invited", "refused", "left"]
        );
        assert_eq!(MeetingAttendance::TEXTS, &["invited", "present", "excused"]);
        assert_eq!(ActionItemStatus::TEXTS, &["todo", "doing", "done"]);
        assert_eq!(MinutesVisibility::TEXTS, &["internal", "public"]);
        assert_eq!(
            "working_group".parse::<GroupKind>().ok(),
            Some(GroupKind::WorkingGroup)
        );
        assert!("working-group".parse::<GroupKind>().is_err());
        assert_eq!(
            serde_json::to_string(&GroupRole::VicePresident).unwrap(),
            "\"vice_president\""
        );
    }

    #[test]
    fn roles_and_decisions() {
        let leaders: Vec<_> = GroupRole::ALL.iter().filter(|r| r.leads()).collect();
        assert_eq!(leaders, [&GroupRole::President, &GroupRole::Animator]);
        assert_eq!(
            GroupRole::VicePresident.label_key(),
            "groups-role-vice-president"
        );
        assert_eq!(GroupKind::FocusGroup.label_key(), "groups-kind-focus-group");
        // A manager only approves or refuses; each is a membership status.
        assert_eq!(GroupMemberDecision::TEXTS, &["active", "refused"]);
        for d in GroupMemberDecision::ALL {
            assert_eq!(GroupMemberStatus::from(*d).as_str(), d.as_str());
        }
        assert!("pending".parse::<GroupMemberDecision>().is_err());
    }

    #[test]
    fn mandates() {
        let m = Membership {
            id: 1,
            group_id: GroupId(1),
            user_id: UserId(1),
            display_name: String::new(),
            email: String::new(),
            role: GroupRole::President,
            status: GroupMemberStatus::Active,
            mandate_start: Some(100),
            mandate_end: Some(200),
            created_at: 0,
        };
        assert!(!m.is_current(99));
        assert!(m.is_current(150));
        assert!(!m.is_current(200));
    }
}
