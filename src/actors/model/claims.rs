//! A claim on an organisation's profile and a skill of the curated vocabulary.

use serde::Serialize;
use utoipa::ToSchema;

use crate::ids::{ActorId, UserId};

crate::choice! {
    /// Where a claim stands.
    pub enum ClaimStatus {
        Pending = "pending",
        Accepted = "accepted",
        Refused = "refused",
    }
}

/// A person's request to run an organisation's profile, with the names a moderator reads.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Claim {
    pub id: i64,
    pub actor_id: ActorId,
    pub actor_name: String,
    pub actor_slug: String,
    #[serde(skip)]
    pub user_id: UserId,
    pub user_name: String,
    pub message: String,
    pub status: ClaimStatus,
    pub created_at: i64,
}

/// Longest claim message.
pub const CLAIM_MESSAGE_MAX: usize = 2_000;

/// A canonical skill of the vocabulary, with its synonyms and how many profiles hold it.
#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct SkillUse {
    pub id: i64,
    pub name: String,
    #[serde(skip)]
    pub folded: String,
    /// Profiles tagged with it.
    pub uses: i64,
    /// Its synonyms' names, comma-separated.
    pub synonyms: String,
}
