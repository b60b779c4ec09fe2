//! The thread, its messages and their rules: no SQL, no HTTP.

use serde::Serialize;
use utoipa::ToSchema;

use crate::ids::{ActorId, PostId, UserId};

/// Longest message, in characters.
pub const BODY_MAX: usize = 5_000;
/// Longest report reason, in characters.
pub const REASON_MAX: usize = 2_000;
/// New threads a person may open in 24 hours.
pub const NEW_THREADS_PER_DAY: i64 = 10;
/// Messages a person may write in one hour (all threads together).
pub const MESSAGES_PER_HOUR: i64 = 30;

/// What a thread is about: an actor profile or a post (annonce).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Actor(ActorId),
    Post(PostId),
}

impl About {
    pub fn columns(self) -> (Option<ActorId>, Option<PostId>) {
        match self {
            About::Actor(a) => (Some(a), None),
            About::Post(p) => (None, Some(p)),
        }
    }
}

/// A thread between the person who wrote first and the person behind a profile or a post.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Thread {
    pub id: i64,
    pub actor_id: Option<ActorId>,
    pub post_id: Option<PostId>,
    pub subject: String,
    pub sender_id: UserId,
    pub recipient_id: UserId,
    pub sender_shares: i32,
    pub recipient_shares: i32,
    pub sender_read_at: Option<i64>,
    pub recipient_read_at: Option<i64>,
    pub created_at: i64,
    pub last_message_at: i64,
    pub sender_name: String,
    pub recipient_name: String,
}

/// One of the two people of a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Sender,
    Recipient,
}

impl Side {
    /// The column prefix of this side.
    pub fn column(self) -> &'static str {
        match self {
            Side::Sender => "sender",
            Side::Recipient => "recipient",
        }
    }
}

impl Thread {
    /// Which side `user` is on, if any.
    pub fn side_of(&self, user: UserId) -> Option<Side> {
        if user == self.sender_id {
            Some(Side::Sender)
        } else if user == self.recipient_id {
            Some(Side::Recipient)
        } else {
            None
        }
    }

    /// The other person of `side`.
    pub fn other(&self, side: Side) -> (UserId, &str) {
        match side {
            Side::Sender => (self.recipient_id, &self.recipient_name),
            Side::Recipient => (self.sender_id, &self.sender_name),
        }
    }

    /// Does this side show its contact details?
    pub fn shares(&self, side: Side) -> bool {
        match side {
            Side::Sender => self.sender_shares == 1,
            Side::Recipient => self.recipient_shares == 1,
        }
    }

    /// Has this side messages it has not read?
    pub fn unread(&self, side: Side) -> bool {
        let read = match side {
            Side::Sender => self.sender_read_at,
            Side::Recipient => self.recipient_read_at,
        };
        read.is_none_or(|r| r < self.last_message_at)
    }
}

/// A message of a thread.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Message {
    pub id: i64,
    #[serde(skip)]
    pub thread_id: i64,
    #[serde(skip)]
    pub author_id: UserId,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

/// A report of a thread, as its moderators read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Report {
    pub id: i64,
    pub thread_id: i64,
    pub subject: String,
    pub reporter_name: String,
    pub reason: String,
    pub created_at: i64,
}

/// The text of a message or a reason, trimmed; the message key of what is wrong with it.
pub fn checked_text(s: &str, max: usize) -> Result<String, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        Err("contact-error-empty")
    } else if t.chars().count() > max {
        Err("contact-error-too-long")
    } else {
        Ok(t.replace("\r\n", "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_trimmed_and_bounded() {
        assert_eq!(checked_text("  Bonjour  ", 10), Ok("Bonjour".into()));
        assert_eq!(checked_text(" \n ", 10), Err("contact-error-empty"));
        assert_eq!(
            checked_text("ééééééééééé", 10),
            Err("contact-error-too-long")
        );
        assert_eq!(checked_text("éééééééééé", 10), Ok("éééééééééé".into()));
    }

    #[test]
    fn unread_is_what_came_after_the_last_reading() {
        let mut t = Thread {
            id: 1,
            actor_id: None,
            post_id: None,
            subject: "s".into(),
            sender_id: UserId(1),
            recipient_id: UserId(2),
            sender_shares: 0,
            recipient_shares: 1,
            sender_read_at: Some(10),
            recipient_read_at: None,
            created_at: 10,
            last_message_at: 10,
            sender_name: "A".into(),
            recipient_name: "B".into(),
        };
        assert!(!t.unread(Side::Sender));
        assert!(t.unread(Side::Recipient));
        t.last_message_at = 11;
        assert!(t.unread(Side::Sender));
        assert_eq!(t.side_of(UserId(2)), Some(Side::Recipient));
        assert_eq!(t.side_of(UserId(3)), None);
        assert!(t.shares(Side::Recipient) && !t.shares(Side::Sender));
        assert_eq!(t.other(Side::Recipient).0, UserId(1));
    }
}
