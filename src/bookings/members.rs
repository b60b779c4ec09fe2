//! Whom a manager books for (issue 16 point 4, issue 17 point 5): the members and managers of
//! the place found by a few letters of their name or address, ten at most — never a list of
//! every member. The booking forms' text field is resolved here (an address, a name matching
//! one person, or the candidates to choose from), and `GET /api/v1/places/{id}/members` feeds
//! the field's suggestions.

use serde::Serialize;
use utoipa::ToSchema;

use super::model::Space;
use super::repo;
use super::service::space_target;
use crate::auth::policy::may_book_for_others;
use crate::auth::Principal;
use crate::error::AppResult;
use crate::ids::{PlaceId, UserId};
use crate::state::AppState;

/// The most people a search answers (the suggestions, the candidates of an ambiguous name).
pub const SHOWN: i64 = 10;

/// A member (or manager) of the place.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Candidate {
    pub id: UserId,
    pub name: String,
    pub email: String,
}

/// The members of the place whose name or address contains `q` (letter case aside), by
/// name, [`SHOWN`] at most; nothing for fewer than 2 characters. The caller has checked that
/// `who` manages the place.
pub async fn search(state: &AppState, place_id: PlaceId, q: &str) -> AppResult<Vec<Candidate>> {
    matching(state, place_id, q, SHOWN).await
}

async fn matching(
    state: &AppState,
    place_id: PlaceId,
    q: &str,
    limit: i64,
) -> AppResult<Vec<Candidate>> {
    let q = q.trim().to_lowercase();
    if q.chars().count() < 2 || q.chars().count() > 200 {
        return Ok(Vec::new());
    }
    let like = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    Ok(repo::members_matching(&state.db, place_id, &like, limit)
        .await?
        .into_iter()
        .map(|(id, name, email)| Candidate { id, name, email })
        .collect())
}

/// What the booking form's member field names.
#[derive(Debug)]
pub enum Named {
    /// Nothing typed: the manager books for themself.
    Nobody,
    /// One person (an id picked among candidates, or the one person a name matches).
    One(UserId),
    /// An address: the service checks that its account is a member (no oracle of accounts).
    Email(String),
    /// No member matches the text.
    Unknown(String),
    /// Several members match: the form asks which one.
    Several(Vec<Candidate>),
}

/// Reads the member field (`text`, or `picked`: a candidate's id) of a booking form. The right
/// to book for others is checked first: someone without it learns nothing of the members.
pub async fn resolve(
    state: &AppState,
    who: &Principal,
    space: &Space,
    picked: Option<UserId>,
    text: &str,
) -> AppResult<Named> {
    let text = text.trim();
    if picked.is_none() && text.is_empty() {
        return Ok(Named::Nobody);
    }
    may_book_for_others(Some(who), &space_target(state, space).await?)?;
    if let Some(id) = picked {
        return Ok(Named::One(id));
    }
    if text.contains('@') {
        return Ok(Named::Email(text.to_string()));
    }
    let found = matching(state, space.place_id, text, SHOWN + 1).await?;
    let exact: Vec<&Candidate> = found
        .iter()
        .filter(|c| c.name.to_lowercase() == text.to_lowercase())
        .collect();
    Ok(match (found.len(), exact.as_slice()) {
        (0, _) => Named::Unknown(text.to_string()),
        (1, _) => Named::One(found[0].id),
        (_, [one]) => Named::One(one.id),
        _ => Named::Several(found.into_iter().take(SHOWN as usize).collect()),
    })
}
