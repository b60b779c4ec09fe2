//! Groups, memberships, meetings, decisions and action items: types and rules (no SQL, no axum).

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::UserId;

/// Kinds of groups, stored in English, shown in French.
pub const KINDS: [&str; 6] = [
    "board",
    "commission",
    "working_group",
    "club",
    "holders",
    "focus_group",
];
pub const VISIBILITIES: [&str; 2] = ["public", "members"];
pub const JOININGS: [&str; 3] = ["open", "request", "invitation"];
pub const ROLES: [&str; 6] = [
    "president",
    "vice_president",
    "secretary",
    "treasurer",
    "animator",
    "member",
];
/// Roles that may run the group (with the managers of its network or place).
pub const LEADER_ROLES: [&str; 2] = ["president", "animator"];
pub const ATTENDANCE: [&str; 3] = ["invited", "present", "excused"];
pub const ACTION_STATUSES: [&str; 3] = ["todo", "doing", "done"];
pub const MINUTES_VISIBILITIES: [&str; 2] = ["internal", "public"];

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub purpose: String,
    pub visibility: String,
    pub joining: String,
    pub autonomous: bool,
    pub network_id: Option<i64>,
    pub place_id: Option<i64>,
    pub project_id: Option<i64>,
    pub slot_rrule: Option<String>,
    pub slot_start: Option<String>,
    pub slot_minutes: Option<i64>,
    pub slot_room: String,
    pub slot_space_id: Option<i64>,
    pub created_at: i64,
}

impl Group {
    pub fn is_public(&self) -> bool {
        self.visibility == "public"
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Membership {
    pub id: i64,
    pub group_id: i64,
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    pub role: String,
    pub status: String,
    pub mandate_start: Option<i64>,
    pub mandate_end: Option<i64>,
    pub created_at: i64,
}

impl Membership {
    /// Active, and within its mandate at `now` (a mandate without dates never ends).
    pub fn is_current(&self, now: i64) -> bool {
        self.status == "active"
            && self.mandate_start.is_none_or(|s| s <= now)
            && self.mandate_end.is_none_or(|e| e > now)
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Meeting {
    pub id: i64,
    pub group_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub room: String,
    pub space_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub online_url: String,
    pub minutes: String,
    pub minutes_visibility: String,
    pub minutes_published_at: Option<i64>,
    pub from_slot: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct AgendaItem {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Attendee {
    pub user_id: UserId,
    pub display_name: String,
    /// `invited`, `present` or `excused`.
    pub status: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Decision {
    pub id: i64,
    pub meeting_id: i64,
    pub group_id: i64,
    pub text: String,
    pub created_at: i64,
    pub meeting_starts_at: i64,
    pub group_name: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ActionItem {
    pub id: i64,
    pub group_id: i64,
    pub meeting_id: Option<i64>,
    pub title: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
    pub due_on: Option<String>,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub group_name: String,
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
    fn mandates() {
        let m = Membership {
            id: 1,
            group_id: 1,
            user_id: UserId(1),
            display_name: String::new(),
            email: String::new(),
            role: "president".into(),
            status: "active".into(),
            mandate_start: Some(100),
            mandate_end: Some(200),
            created_at: 0,
        };
        assert!(!m.is_current(99));
        assert!(m.is_current(150));
        assert!(!m.is_current(200));
    }
}
