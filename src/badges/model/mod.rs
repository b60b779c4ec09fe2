//! Open Badges 3.0: types and rules, no SQL, no HTTP. An achievement belongs to a network or a
//! place (its issuer, the same [`Provider`] as a training's); awarding it to a person issues an
//! `OpenBadgeCredential` ([`credential`]) signed by the issuer's current key ([`proof`]), with
//! an entry of the issuer's status list ([`status`]). See docs/badges.md.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{AchievementId, CredentialId, NetworkId, PathId, PlaceId, TrainingId, UserId};
pub use crate::trainings::model::Provider;
pub use status::LIST_SIZE;

pub mod credential;
pub mod proof;
pub mod status;

/// Longest name (characters), as the table's `CHECK` says.
pub const NAME_MAX: usize = 200;
/// Longest description or criteria.
pub const TEXT_MAX: usize = 5000;
/// At most this many tags, each at most [`TAG_MAX`] characters.
pub const TAGS_MAX: usize = 20;
pub const TAG_MAX: usize = 60;

/// An achievement as stored, with its issuer's name and slug and its skill's name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Achievement {
    pub id: AchievementId,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub name: String,
    pub description: String,
    pub criteria: String,
    pub image_url: String,
    pub tags: String,
    pub skill_id: Option<i64>,
    pub skill_name: Option<String>,
    pub issuer_name: String,
    pub issuer_slug: String,
    pub created_at: i64,
    /// Awarded automatically on completing this training, or this path.
    pub training_id: Option<TrainingId>,
    pub path_id: Option<PathId>,
}

impl Achievement {
    pub fn issuer(&self) -> Provider {
        match (self.network_id, self.place_id) {
            (Some(n), _) => Provider::Network(n),
            (None, Some(p)) => Provider::Place(p),
            (None, None) => unreachable!("the table's CHECK: one issuer"),
        }
    }

    pub fn tag_list(&self) -> Vec<String> {
        self.tags
            .lines()
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The issuer's page (`/reseaux/{slug}` or `/lieux/{slug}`).
    pub fn issuer_path(&self) -> String {
        format!("/{}/{}", self.issuer().section(), self.issuer_slug)
    }
}

/// The path segment naming an issuer in its profile's URL: `reseau-3`, `lieu-12`.
pub fn issuer_key(p: Provider) -> String {
    match p {
        Provider::Network(n) => format!("reseau-{n}"),
        Provider::Place(p) => format!("lieu-{p}"),
    }
}

/// The issuer named by [`issuer_key`]'s text.
pub fn parse_issuer_key(s: &str) -> Option<Provider> {
    if let Some(n) = s.strip_prefix("reseau-") {
        return n.parse().ok().map(|n| Provider::Network(NetworkId(n)));
    }
    s.strip_prefix("lieu-")?
        .parse()
        .ok()
        .map(|p| Provider::Place(PlaceId(p)))
}

/// The issuer profile's URL, which is also its controller document's id.
pub fn issuer_url(base: &str, p: Provider) -> String {
    format!(
        "{}/badges/emetteurs/{}",
        base.trim_end_matches('/'),
        issuer_key(p)
    )
}

/// The verification method of an issuer's key number `position`.
pub fn key_url(base: &str, p: Provider, position: i32) -> String {
    format!("{}#key-{position}", issuer_url(base, p))
}

/// A key of an issuer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IssuerKey {
    pub id: i64,
    pub position: i32,
    /// `publicKeyMultibase`.
    pub public_key: String,
    /// The Ed25519 seed, base64.
    pub secret_key: String,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

/// An issued credential.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credential {
    pub id: CredentialId,
    pub uid: String,
    pub achievement_id: AchievementId,
    pub user_id: UserId,
    pub status_list_id: i64,
    pub status_index: i32,
    pub document: String,
    pub issued_at: i64,
    pub valid_until: Option<i64>,
    pub revoked_at: Option<i64>,
    pub achievement_name: String,
    pub holder_name: String,
}

impl Credential {
    /// The public verification page.
    pub fn path(&self) -> String {
        format!("/badges/{}", self.uid)
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.document).unwrap_or(serde_json::Value::Null)
    }
}

/// A credential's URL, which is also its `id`.
pub fn credential_url(base: &str, uid: &str) -> String {
    format!("{}/badges/{uid}", base.trim_end_matches('/'))
}

/// A status list credential's URL.
pub fn status_list_url(base: &str, list: i64) -> String {
    format!("{}/badges/statuts/{list}", base.trim_end_matches('/'))
}

/// An achievement's URL (its page, and its `id` in credentials).
pub fn achievement_url(base: &str, id: AchievementId) -> String {
    format!("{}/badges/realisations/{id}", base.trim_end_matches('/'))
}

/// What `POST /api/v1/achievements` takes.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AchievementInput {
    pub name: String,
    pub description: String,
    /// What one does to earn it (Open Badges `criteria.narrative`).
    pub criteria: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    /// An https address of the badge's image.
    pub image_url: Option<String>,
    pub tags: Option<Vec<String>>,
    /// A skill of the actors' vocabulary (its name, accents and case aside): the badge's
    /// alignment.
    pub skill: Option<String>,
    /// Award it automatically to whoever completes this training (present every half-day of
    /// a session): the issuer's, or for a network one of its places'.
    #[schema(value_type = Option<i64>)]
    pub training_id: Option<TrainingId>,
    /// Award it automatically to whoever finishes this learning path (not with
    /// `training_id`).
    #[schema(value_type = Option<i64>)]
    pub path_id: Option<PathId>,
}

/// Text a person typed: trimmed, line ends as `\n`, tabs as spaces (so that the canonical
/// N-Quads escape the same characters in every implementation), `field-required` when empty
/// and required, `field-too-long` past `max` characters.
pub fn parse_text(
    raw: &str,
    field: &'static str,
    max: usize,
    required: bool,
    errors: &mut FieldErrors,
) -> String {
    let t: String = raw
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            '\r' => '\n',
            c if c.is_control() && c != '\n' => ' ',
            c => c,
        })
        .collect();
    let t = t.trim().to_string();
    if required && t.is_empty() {
        errors.add(field, "field-required");
    } else if t.chars().count() > max {
        errors.add(field, "field-too-long");
    }
    t
}

/// Tags: trimmed, one line each, duplicates dropped; at most [`TAGS_MAX`] of [`TAG_MAX`].
pub fn parse_tags<'a>(
    raw: impl IntoIterator<Item = &'a str>,
    errors: &mut FieldErrors,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in raw {
        let t = parse_text(&t.replace('\n', " "), "tags", TAG_MAX, false, errors);
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    if out.len() > TAGS_MAX {
        errors.add("tags", "field-too-long");
    }
    out
}

/// An image address: empty, or an absolute `https` URL.
pub fn parse_image(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.is_empty() {
        return String::new();
    }
    match url::Url::parse(t) {
        Ok(u) if u.scheme() == "https" && t.len() <= 1000 => u.to_string(),
        _ => {
            errors.add("image_url", "badge-error-image");
            String::new()
        }
    }
}

/// Why a credential does not verify, as `POST /api/v1/credentials/verify` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// Not a JSON object with the contexts and types of an Open Badges credential.
    Malformed,
    /// No Data Integrity proof of `eddsa-rdfc-2022`, or one that cannot be read.
    Proof,
    /// The proof's key is not a key of the credential's issuer published here.
    IssuerUnknown,
    /// The signature does not match the credential (it was changed after signing).
    Signature,
    /// The issuer revoked it (its bit is set in the status list).
    Revoked,
    /// Its `validUntil` is past.
    Expired,
    /// Its `validFrom` is still to come.
    NotYetValid,
}

impl Failure {
    /// Its message key (`badge-failure-…`).
    pub fn key(self) -> &'static str {
        match self {
            Failure::Malformed => "badge-failure-malformed",
            Failure::Proof => "badge-failure-proof",
            Failure::IssuerUnknown => "badge-failure-issuer-unknown",
            Failure::Signature => "badge-failure-signature",
            Failure::Revoked => "badge-failure-revoked",
            Failure::Expired => "badge-failure-expired",
            Failure::NotYetValid => "badge-failure-not-yet-valid",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_keys_read_back() {
        for p in [
            Provider::Network(NetworkId(3)),
            Provider::Place(PlaceId(12)),
        ] {
            assert_eq!(parse_issuer_key(&issuer_key(p)), Some(p));
        }
        assert_eq!(parse_issuer_key("reseau-x"), None);
        assert_eq!(parse_issuer_key("12"), None);
        assert_eq!(
            key_url("https://m.fr/", Provider::Network(NetworkId(3)), 2),
            "https://m.fr/badges/emetteurs/reseau-3#key-2"
        );
    }

    #[test]
    fn texts_lose_tabs_and_carriage_returns() {
        let mut e = FieldErrors::default();
        assert_eq!(parse_text(" a\tb\r\nc ", "x", 10, true, &mut e), "a b\nc");
        assert!(e.is_empty());
        parse_text("  ", "x", 10, true, &mut e);
        assert!(e.has("x"));
    }

    #[test]
    fn images_are_https() {
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_image("https://a.fr/b.png", &mut e),
            "https://a.fr/b.png"
        );
        parse_image("http://a.fr/b.png", &mut e);
        assert!(e.has("image_url"));
    }
}

/// What a verification found: valid, or the first reason it is not, with what could be read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Verification {
    pub valid: bool,
    /// The first check that failed; null when valid.
    pub failure: Option<Failure>,
    /// The reason in words (the request's language).
    pub message: String,
    /// What the cryptographic library said, when it said something (English).
    pub detail: Option<String>,
    /// The checks passed, in order: `proof`, `issuer`, `signature`, `status`, `validity`.
    pub checks: Vec<String>,
    pub issuer_id: Option<String>,
    pub issuer_name: Option<String>,
    pub achievement_name: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    /// The verification method that signed it.
    pub verification_method: Option<String>,
}
