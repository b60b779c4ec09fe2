//! Newsletter issues: types and rules, no SQL, no HTTP. An issue of a list is composed of
//! blocks; the blocks filled from Maillage's data are read when the issue is built (for the
//! preview, and once for all when the sending starts: what every recipient and the public
//! archive read is that frozen [`Content`]).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::events::model::EventKind;
use crate::ids::{IssueId, NewsListId, PlaceId, UserId};

/// Longest subject (characters), as the table's `CHECK` says.
pub const SUBJECT_MAX: usize = 200;
/// Most blocks in an issue.
pub const BLOCKS_MAX: usize = 20;
/// Longest free text of a block (bytes of HTML).
pub const TEXT_MAX: usize = 50_000;
/// The agenda block looks at most this far ahead (days).
pub const DAYS_MAX: i64 = 186;
/// Most entries a block filled from the data shows.
pub const COUNT_MAX: i64 = 30;
/// Entries shown when a block names no count.
pub const COUNT_DEFAULT: i64 = 5;
/// How far back the "new places" block looks when it names no period (days).
pub const PLACES_DAYS_DEFAULT: i64 = 62;
/// How long a claimed delivery is reserved for the node that claimed it; after that, another
/// node takes it over (the first one died).
pub const LEASE_MS: i64 = 2 * 60_000;
/// Most messages one run of the sending job hands to the relay.
pub const BATCH_MAX: i64 = 200;
/// Attempts before a delivery that meets temporary errors (`4xx`, no connection) is failed.
pub const ATTEMPTS_MAX: i32 = 5;

crate::choice! {
    /// An issue is a draft, scheduled (sent at `send_at`), being sent (built, its deliveries
    /// written), or sent (every delivery done).
    pub enum IssueStatus {
        Draft = "draft",
        Scheduled = "scheduled",
        Sending = "sending",
        Sent = "sent",
    }
}

crate::choice! {
    /// One recipient of an issue: waiting, claimed by a node (with a lease), sent, failed
    /// (refused by the relay), or skipped (left the list or suspended before its turn).
    pub enum DeliveryStatus {
        Pending = "pending",
        Sending = "sending",
        Sent = "sent",
        Failed = "failed",
        Skipped = "skipped",
    }
}

/// A block of an issue, as composed: free text, or a block filled from Maillage's data when
/// the issue is built.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Free text: rich text (HTML), sanitized (scripts, styles, images and event attributes
    /// are removed).
    Text { body: String },
    /// The agenda of the list's network (its events and its places') or place, over the next
    /// `days` days.
    Events {
        /// 1 to 186.
        days: i64,
        /// Only the events of this place (or held there).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place_id: Option<PlaceId>,
        /// Only events of this kind.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kind: Option<EventKind>,
    },
    /// The latest published news of the network and its places (or of the place).
    News {
        /// 1 to 30; 5 when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
    },
    /// The places that joined the network (on its map) over the last `days` days.
    Places {
        /// 1 to 186; 62 when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<i64>,
    },
    /// Public projects followed by the network that are still in the making (idea or in
    /// progress): those looking for participants.
    Projects {
        /// 1 to 30; 5 when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
    },
    /// Trainings of the network and its places with a session to come.
    Trainings {
        /// 1 to 30; 5 when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
    },
    /// The latest job and civic-service offers of the network and its places that are
    /// published and not expired.
    Jobs {
        /// 1 to 30; 5 when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
    },
}

impl Block {
    /// The text of its `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Block::Text { .. } => "text",
            Block::Events { .. } => "events",
            Block::News { .. } => "news",
            Block::Places { .. } => "places",
            Block::Projects { .. } => "projects",
            Block::Trainings { .. } => "trainings",
            Block::Jobs { .. } => "jobs",
        }
    }

    /// A new block of `kind` with its defaults (the form's « ajouter un bloc »).
    pub fn new_of(kind: &str) -> Option<Block> {
        Some(match kind {
            "text" => Block::Text {
                body: String::new(),
            },
            "events" => Block::Events {
                days: 31,
                place_id: None,
                kind: None,
            },
            "news" => Block::News { count: None },
            "places" => Block::Places { days: None },
            "projects" => Block::Projects { count: None },
            "trainings" => Block::Trainings { count: None },
            "jobs" => Block::Jobs { count: None },
            _ => return None,
        })
    }

    /// The block with its text sanitized and its numbers checked (errors keyed
    /// `blocks[i]`).
    fn checked(self, i: usize, errors: &mut FieldErrors) -> Block {
        let field = format!("blocks[{i}]");
        let count_ok = |c: Option<i64>| c.is_none_or(|c| (1..=COUNT_MAX).contains(&c));
        let days_ok = |d: i64| (1..=DAYS_MAX).contains(&d);
        match self {
            Block::Text { body } => {
                if body.len() > TEXT_MAX {
                    errors.add(field.clone(), "field-too-long");
                }
                Block::Text {
                    body: crate::text::sanitize_html(&body),
                }
            }
            Block::Events {
                days,
                place_id,
                kind,
            } => {
                if !days_ok(days) {
                    errors.add(field.clone(), "letters-days-invalid");
                }
                Block::Events {
                    days,
                    place_id,
                    kind,
                }
            }
            Block::Places { days } => {
                if !days.is_none_or(days_ok) {
                    errors.add(field.clone(), "letters-days-invalid");
                }
                Block::Places { days }
            }
            b @ (Block::News { count }
            | Block::Projects { count }
            | Block::Trainings { count }
            | Block::Jobs { count }) => {
                if !count_ok(count) {
                    errors.add(field.clone(), "letters-count-invalid");
                }
                b
            }
        }
    }
}

/// A subject: 1 to [`SUBJECT_MAX`] characters, no control character.
pub fn parse_subject(raw: &str, errors: &mut FieldErrors) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add("subject", "field-required");
        return None;
    }
    if t.chars().count() > SUBJECT_MAX || t.chars().any(char::is_control) {
        errors.add("subject", "letters-subject-invalid");
        return None;
    }
    Some(t.to_string())
}

/// The blocks, checked and their texts sanitized: at most [`BLOCKS_MAX`].
pub fn parse_blocks(blocks: Vec<Block>, errors: &mut FieldErrors) -> Vec<Block> {
    if blocks.len() > BLOCKS_MAX {
        errors.add("blocks", "letters-too-many-blocks");
    }
    blocks
        .into_iter()
        .take(BLOCKS_MAX)
        .enumerate()
        .map(|(i, b)| b.checked(i, errors))
        .collect()
}

/// An issue as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Issue {
    pub id: IssueId,
    pub list_id: NewsListId,
    pub subject: String,
    pub blocks: String,
    pub status: IssueStatus,
    pub send_at: Option<i64>,
    pub content: Option<String>,
    pub built_at: Option<i64>,
    pub sent_at: Option<i64>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Issue {
    /// Its blocks (an unreadable column reads as none).
    pub fn block_list(&self) -> Vec<Block> {
        serde_json::from_str(&self.blocks).unwrap_or_default()
    }

    /// Its frozen content, once the sending started.
    pub fn frozen(&self) -> Option<Content> {
        self.content
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
    }

    /// May it still be edited (not yet being sent)?
    pub fn editable(&self) -> bool {
        matches!(self.status, IssueStatus::Draft | IssueStatus::Scheduled)
    }

    /// Its public page (shown once it is being sent).
    pub fn path(&self) -> String {
        format!("/lettres/{}", self.id)
    }
}

/// An issue as built: what the email and the archive show.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Content {
    /// The list's name and its owner's (« Lettre mensuelle » de « Réseau Sud »).
    pub list_name: String,
    pub owner_name: String,
    pub sections: Vec<Section>,
}

/// One block as built.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The block's `type`.
    pub kind: String,
    /// A heading (« Agenda des 30 prochains jours »); empty for free text.
    pub heading: String,
    /// Sanitized HTML of a free text.
    pub html: String,
    pub entries: Vec<Entry>,
    /// Said when a block filled from the data found nothing.
    pub empty: String,
}

/// One entry of a block filled from the data: an event, a post, a place…
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub title: String,
    /// Absolute.
    pub url: String,
    /// When and where, or the town, in words.
    pub meta: String,
    /// A short plain text.
    pub text: String,
}

/// The links of one recipient's copy (absolute URLs).
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// The issue's public page.
    pub archive: String,
    /// One-click unsubscription from this list (RFC 8058), signed.
    pub unsubscribe: String,
    /// The subscriber's page (all their lists), signed.
    pub manage: String,
}

/// Delivery figures of an issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Figures {
    /// Recipients written when the sending started.
    pub recipients: i64,
    pub sent: i64,
    /// Refused by the relay (a hard bounce suspends the address).
    pub failed: i64,
    /// Left the list or suspended before their turn.
    pub skipped: i64,
    /// Not yet sent.
    pub pending: i64,
    /// Subscribers who left the list since the issue was sent.
    pub unsubscribed_since: i64,
}

/// An issue as the API creates it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IssueInput {
    /// 1 to 200 characters.
    pub subject: String,
    /// The blocks, in order (at most 20), each with its `type`.
    pub blocks: Vec<Block>,
}

/// The body of `POST /api/v1/issues/{id}/send` (may be empty).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SendInput {
    /// RFC 3339: send at this instant; now when absent or past.
    #[serde(default)]
    pub send_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_read_as_a_tagged_list() {
        let b: Vec<Block> = serde_json::from_str(
            r#"[{"type":"text","body":"<p>Bonjour<script>x</script></p>"},
                {"type":"events","days":30,"kind":"atelier"},
                {"type":"news"},{"type":"places","days":10},{"type":"projects","count":3}]"#,
        )
        .unwrap();
        assert_eq!(b[1].kind(), "events");
        let mut e = FieldErrors::default();
        let b = parse_blocks(b, &mut e);
        assert!(!e.has("blocks[0]"), "{e:?}");
        assert_eq!(
            b[0],
            Block::Text {
                body: "<p>Bonjour</p>".into()
            }
        );
        assert!(serde_json::from_str::<Block>(r#"{"type":"poll"}"#).is_err());
        let mut e = FieldErrors::default();
        parse_blocks(
            vec![
                Block::Events {
                    days: 0,
                    place_id: None,
                    kind: None,
                },
                Block::News { count: Some(31) },
            ],
            &mut e,
        );
        assert!(e.has("blocks[0]") && e.has("blocks[1]"));
        assert_eq!(Block::new_of("trainings").unwrap().kind(), "trainings");
        assert_eq!(Block::new_of("jobs").unwrap().kind(), "jobs");
        assert!(Block::new_of("x").is_none());
    }

    #[test]
    fn subjects() {
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_subject(" Lettre de mai ", &mut e).as_deref(),
            Some("Lettre de mai")
        );
        assert!(parse_subject("", &mut e).is_none());
        assert!(parse_subject(&"x".repeat(201), &mut e).is_none());
        assert_eq!(
            IssueStatus::TEXTS,
            &["draft", "scheduled", "sending", "sent"]
        );
    }
}
