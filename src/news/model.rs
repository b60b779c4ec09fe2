//! News ("actualités"): types and rules, no SQL, no HTTP. A post belongs to one network, one
//! place or one project; it is shown to everyone once it is published and its publication
//! instant has passed, and only to those who may write in its scope before that.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{NetworkId, NewsId, PlaceId, ProjectId, UserId};

/// Longest title (characters), as the table's `CHECK` says.
pub const TITLE_MAX: usize = 300;
/// Posts a list page or a feed page shows.
pub const PER_PAGE: i64 = 20;
/// Posts shown on a network's or a place's page.
pub const LATEST_SHOWN: i64 = 3;

crate::choice! {
    /// A draft is seen only by those who may write in its scope; a published post by
    /// everyone once its publication instant (`publish_at`) has passed.
    pub enum NewsStatus {
        Draft = "draft",
        Published = "published",
    }
}

/// Where a post belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Network(NetworkId),
    Place(PlaceId),
    Project(ProjectId),
}

impl Scope {
    /// The integers of the columns `network_id`, `place_id`, `project_id`, one set.
    pub fn columns(self) -> [Option<i64>; 3] {
        match self {
            Scope::Network(id) => [Some(id.get()), None, None],
            Scope::Place(id) => [None, Some(id.get()), None],
            Scope::Project(id) => [None, None, Some(id.get())],
        }
    }

    /// The scope named by exactly one of the three ids; `None` for none or several.
    pub fn one(
        network_id: Option<NetworkId>,
        place_id: Option<PlaceId>,
        project_id: Option<ProjectId>,
    ) -> Option<Scope> {
        match (network_id, place_id, project_id) {
            (Some(n), None, None) => Some(Scope::Network(n)),
            (None, Some(p), None) => Some(Scope::Place(p)),
            (None, None, Some(p)) => Some(Scope::Project(p)),
            _ => None,
        }
    }

    /// The form field naming this scope and its id (`("place_id", 3)`).
    pub fn field(self) -> (&'static str, i64) {
        match self {
            Scope::Network(id) => ("network_id", id.get()),
            Scope::Place(id) => ("place_id", id.get()),
            Scope::Project(id) => ("project_id", id.get()),
        }
    }

    /// The path prefix of the scope's pages (`reseaux`, `lieux`, `projets`).
    pub fn section(self) -> &'static str {
        match self {
            Scope::Network(_) => "reseaux",
            Scope::Place(_) => "lieux",
            Scope::Project(_) => "projets",
        }
    }
}

/// A post as stored, with the name and slug of its scope (read in the same statement).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewsPost {
    pub id: NewsId,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub project_id: Option<ProjectId>,
    pub title: String,
    pub slug: String,
    pub body: String,
    pub tags: String,
    pub status: NewsStatus,
    pub publish_at: i64,
    pub author_id: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
    pub scope_name: String,
    pub scope_slug: String,
}

impl NewsPost {
    pub fn scope(&self) -> Scope {
        match (self.network_id, self.place_id, self.project_id) {
            (Some(n), ..) => Scope::Network(n),
            (_, Some(p), _) => Scope::Place(p),
            (.., Some(p)) => Scope::Project(p),
            // The table's CHECK makes this impossible.
            _ => Scope::Project(ProjectId(0)),
        }
    }

    /// Shown to everyone at `now`: published, and its publication instant has passed.
    pub fn is_public_at(&self, now: i64) -> bool {
        self.status == NewsStatus::Published && self.publish_at <= now
    }

    pub fn tag_list(&self) -> Vec<String> {
        split_tags(&self.tags)
    }

    /// The page of the post.
    pub fn path(&self) -> String {
        format!("/actualites/{}", self.slug)
    }

    /// The page of its scope (`/lieux/riez`).
    pub fn scope_path(&self) -> String {
        format!("/{}/{}", self.scope().section(), self.scope_slug)
    }

    /// The beginning of its text, without markup (cards, feeds, JSON-LD).
    pub fn excerpt(&self) -> String {
        crate::text::excerpt(&self.body, 280)
    }

    /// Its publication instant, RFC 3339 (`<time datetime>`).
    pub fn datetime(&self) -> String {
        crate::clock::rfc3339(self.publish_at)
    }

    /// The last change a reader sees: its publication or a later edit.
    pub fn updated(&self) -> i64 {
        self.updated_at.max(self.publish_at)
    }
}

pub fn split_tags(tags: &str) -> Vec<String> {
    tags.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Tags: trimmed, lower case, at most 10 of 50 characters, no commas, no duplicates; stored
/// comma-separated.
pub fn parse_tags<'a>(raw: impl IntoIterator<Item = &'a str>) -> String {
    let mut tags: Vec<String> = Vec::new();
    for t in raw.into_iter().flat_map(|t| t.split(',')) {
        let t: String = t.trim().to_lowercase().chars().take(50).collect();
        if !t.is_empty() && !t.chars().any(char::is_control) && !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags.truncate(10);
    tags.join(", ")
}

/// A title: 1 to [`TITLE_MAX`] characters, no control character; and its slug.
pub fn parse_title(raw: &str, errors: &mut FieldErrors) -> Option<(String, String)> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add("title", "field-required");
        return None;
    }
    if t.chars().count() > TITLE_MAX || t.chars().any(char::is_control) {
        errors.add("title", "news-title-invalid");
        return None;
    }
    let mut slug: String = slug::slugify(t).chars().take(80).collect();
    slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        slug = "actualite".into();
    }
    Some((t.to_string(), slug))
}

/// A post as the API writes it (`POST`, and `PATCH` merged into what `GET` returns).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewsInput {
    /// 1 to 300 characters.
    pub title: String,
    /// Rich text (HTML), sanitized: scripts, styles and event attributes are removed.
    pub body: String,
    /// Exactly one of `network_id`, `place_id`, `project_id`.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
    /// RFC 3339; now when absent. A published post is shown from this instant on.
    #[serde(default)]
    pub publish_at: Option<String>,
    /// At most 10 tags.
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// `published` when absent.
    #[serde(default)]
    pub status: Option<NewsStatus>,
}

/// The `201` answer of `POST /api/v1/news`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: NewsId,
    pub slug: String,
}

/// The schema.org `NewsArticle` of a post, safe inside `<script type="application/ld+json">`.
pub fn json_ld(p: &NewsPost, base_url: &str, excerpt: &str, image: Option<&str>) -> String {
    let base = base_url.trim_end_matches('/');
    let publisher_type = match p.scope() {
        Scope::Project(_) => "Project",
        Scope::Place(_) => "Place",
        Scope::Network(_) => "Organization",
    };
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": p.title,
        "url": format!("{base}{}", p.path()),
        "mainEntityOfPage": format!("{base}{}", p.path()),
        "datePublished": crate::clock::rfc3339(p.publish_at),
        "dateModified": crate::clock::rfc3339(p.updated()),
        "description": excerpt,
        "keywords": p.tag_list(),
        "inLanguage": "fr",
        "author": {
            "@type": publisher_type,
            "name": p.scope_name,
            "url": format!("{base}{}", p.scope_path()),
        },
        "publisher": {
            "@type": "Organization",
            "name": p.scope_name,
        },
    });
    if let Some(path) = image {
        v["image"] = serde_json::json!(format!("{base}{path}"));
    }
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

// ---- lists and consent (point 2) ----

/// How long a subscription waits for its confirmation.
pub const CONFIRM_TTL_MS: i64 = 7 * 86_400_000;
/// A pending subscription asked again within this delay sends no new email.
pub const RESEND_AFTER_MS: i64 = 10 * 60_000;

crate::choice! {
    /// A subscription waits for its confirmation (double opt-in), is confirmed, or was left.
    pub enum SubscriptionStatus {
        Pending = "pending",
        Confirmed = "confirmed",
        Unsubscribed = "unsubscribed",
    }
}

crate::choice! {
    /// The one answer to a subscription request, whatever the address's state.
    pub enum SubscriptionAnswer {
        ConfirmationSent = "confirmation_sent",
    }
}

crate::choice! {
    /// Where a subscriber gave their consent.
    pub enum ConsentSource {
        Form = "form",
        Api = "api",
        Import = "import",
    }
}

/// Where a list belongs: a network or a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListScope {
    Network(NetworkId),
    Place(PlaceId),
}

impl ListScope {
    pub fn columns(self) -> [Option<i64>; 2] {
        match self {
            ListScope::Network(id) => [Some(id.get()), None],
            ListScope::Place(id) => [None, Some(id.get())],
        }
    }
    /// The news scope of the same network or place.
    pub fn scope(self) -> Scope {
        match self {
            ListScope::Network(id) => Scope::Network(id),
            ListScope::Place(id) => Scope::Place(id),
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NewsList {
    pub id: crate::ids::NewsListId,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub name: String,
    pub consent_text: String,
    pub created_at: i64,
}

impl NewsList {
    pub fn scope(&self) -> ListScope {
        match (self.network_id, self.place_id) {
            (Some(n), _) => ListScope::Network(n),
            (_, Some(p)) => ListScope::Place(p),
            _ => ListScope::Place(PlaceId(0)),
        }
    }
}

/// A subscription, with its list's name (for the subscriber's page).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Subscription {
    pub id: i64,
    pub list_id: crate::ids::NewsListId,
    pub list_name: String,
    pub email: String,
    pub status: SubscriptionStatus,
    pub consent_source: ConsentSource,
    pub consent_text: String,
    pub requested_at: i64,
    pub confirmed_at: Option<i64>,
    pub expires_at: Option<i64>,
}

/// The text a subscriber accepts when a list's creator wrote none.
pub fn default_consent(list: &str, of: &str) -> String {
    format!(
        "J'accepte de recevoir « {list} » par e-mail de la part de {of}. Mon adresse ne sert qu'à cet envoi ; \
         je peux me désinscrire à tout moment par le lien présent dans chaque message."
    )
}

/// A list's name: 1 to 200 characters, no control character.
pub fn parse_list_name(raw: &str, errors: &mut FieldErrors) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add("name", "field-required");
        return None;
    }
    if t.chars().count() > 200 || t.chars().any(char::is_control) {
        errors.add("name", "field-name-invalid");
        return None;
    }
    Some(t.to_string())
}

/// The message signed in a subscriber's link (HMAC-SHA256 under an instance secret).
pub fn subscriber_message(email: &str) -> String {
    format!("news-subscriber:{email}")
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`, hex.
pub fn hmac_hex(key: &[u8], msg: &[u8]) -> String {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Constant-time comparison of two signatures.
pub fn same_signature(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A list as the API creates it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateList {
    /// 1 to 200 characters (« Lettre mensuelle du réseau »).
    pub name: String,
    /// Exactly one of `network_id`, `place_id`.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    /// The consent text shown to subscribers (a default one names the list and its owner).
    #[serde(default)]
    pub consent_text: Option<String>,
}

/// Addresses imported into a list.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ImportSubscribers {
    /// CSV text: one address per line, in the first column (`,` or `;`); a header line and
    /// blank lines are skipped. At most 5 000 lines.
    pub csv: String,
    /// On what these people agreed to receive the list (« inscrits à l'atelier du 3 mai sur
    /// la feuille de présence »): stored with each subscription.
    pub consent_basis: String,
    /// The importer certifies the prior consent of these people: they are subscribed at once
    /// and receive no email. Otherwise each one receives a confirmation link and nothing else
    /// until they confirm.
    #[serde(default)]
    pub certify_prior_consent: bool,
}

/// What an import did.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ImportReport {
    /// Addresses subscribed at once (prior consent certified).
    pub subscribed: i64,
    /// Addresses sent a confirmation link.
    pub asked: i64,
    /// Addresses already on the list (or asked minutes ago): left as they were.
    pub unchanged: i64,
    /// Line numbers (from 1) that hold no valid address.
    pub invalid_lines: Vec<i64>,
}

/// The most lines one import reads.
pub const IMPORT_MAX_LINES: usize = 5000;

/// A subscription request (no account needed).
#[derive(Debug, Deserialize, ToSchema)]
pub struct Subscribe {
    pub email: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(status: NewsStatus, publish_at: i64) -> NewsPost {
        NewsPost {
            id: NewsId(1),
            network_id: None,
            place_id: Some(PlaceId(2)),
            project_id: None,
            title: "Portes ouvertes".into(),
            slug: "portes-ouvertes".into(),
            body: "<p>Venez</p>".into(),
            tags: "fête, riez".into(),
            status,
            publish_at,
            author_id: None,
            created_at: 0,
            updated_at: 0,
            scope_name: "Tiers-lieu de Riez </script>".into(),
            scope_slug: "tiers-lieu-de-riez".into(),
        }
    }

    #[test]
    fn visible_once_published_and_due() {
        assert!(post(NewsStatus::Published, 10).is_public_at(10));
        assert!(!post(NewsStatus::Published, 11).is_public_at(10));
        assert!(!post(NewsStatus::Draft, 0).is_public_at(10));
        assert_eq!(NewsStatus::TEXTS, &["draft", "published"]);
    }

    #[test]
    fn scopes_tags_titles() {
        assert_eq!(
            Scope::one(None, Some(PlaceId(3)), None),
            Some(Scope::Place(PlaceId(3)))
        );
        assert_eq!(Scope::one(Some(NetworkId(1)), Some(PlaceId(3)), None), None);
        assert_eq!(Scope::one(None, None, None), None);
        assert_eq!(
            post(NewsStatus::Draft, 0).scope_path(),
            "/lieux/tiers-lieu-de-riez"
        );
        assert_eq!(parse_tags([" Fête, fête ", "AG"]), "fête, ag");
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_title(" L'été à Riez ! ", &mut e).unwrap().1,
            "l-ete-a-riez"
        );
        assert!(parse_title("  ", &mut e).is_none());
        assert!(e.has("title"));
    }

    #[test]
    fn subscriber_links_are_signed() {
        assert_eq!(
            SubscriptionStatus::TEXTS,
            &["pending", "confirmed", "unsubscribed"]
        );
        // RFC 4231 test case 2.
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(same_signature("abc", "abc"));
        assert!(!same_signature("abc", "abd") && !same_signature("abc", "ab"));
        assert!(default_consent("Lettre", "Réseau Sud").contains("« Lettre »"));
    }

    #[test]
    fn json_ld_is_a_news_article_that_cannot_close_its_script() {
        let ld = json_ld(
            &post(NewsStatus::Published, 0),
            "https://x.fr/",
            "Venez",
            Some("/photos/1/ab.jpg"),
        );
        assert!(!ld.contains('<'));
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["@type"], "NewsArticle");
        assert_eq!(v["url"], "https://x.fr/actualites/portes-ouvertes");
        assert_eq!(v["author"]["@type"], "Place");
        assert_eq!(v["image"], "https://x.fr/photos/1/ab.jpg");
    }
}
