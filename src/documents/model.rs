//! Documents library: types, the file-type check by content, and signed expiring links.

use serde::{Deserialize, Serialize};
use sha2::Sha256;
use utoipa::ToSchema;

use crate::auth::policy::DocVisibility;
use crate::ids::{DocumentId, GroupId, NetworkId, PlaceId, ProjectId, UserId};

pub use crate::form::MAX_UPLOAD_BYTES;
/// How long a signed download link stays valid.
pub const LINK_TTL_MS: i64 = 60 * 60 * 1000;

crate::choice! {
    /// What a document of the library is: an uploaded file (with versions) or a toolkit sheet
    /// ("fiche thématique") written in rich text.
    pub enum DocumentKind {
        File = "file",
        Sheet = "sheet",
    }
}

crate::choice! {
    /// Who reads a document: everyone, the members of the network, the managers of its scope,
    /// or the members of its group.
    pub enum DocumentVisibility {
        Public = "public",
        Network = "network",
        Managers = "managers",
        Group = "group",
    }
}

impl DocumentVisibility {
    /// The policy's reading rule.
    pub fn policy(self) -> DocVisibility {
        match self {
            DocumentVisibility::Public => DocVisibility::Public,
            DocumentVisibility::Network => DocVisibility::NetworkMembers,
            DocumentVisibility::Managers => DocVisibility::Managers,
            DocumentVisibility::Group => DocVisibility::GroupMembers,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Document {
    pub id: DocumentId,
    pub group_id: Option<GroupId>,
    pub place_id: Option<PlaceId>,
    pub network_id: Option<NetworkId>,
    pub project_id: Option<ProjectId>,
    pub folder_id: Option<i64>,
    pub kind: DocumentKind,
    pub title: String,
    pub tags: String,
    pub body: String,
    pub visibility: DocumentVisibility,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Document {
    pub fn tag_list(&self) -> Vec<String> {
        self.tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Version {
    pub id: i64,
    pub document_id: DocumentId,
    pub version: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    #[serde(skip)]
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Folder {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
}

/// Tags: comma-separated, trimmed, lower case, at most 20 of 50 characters, without duplicates.
pub fn parse_tags(raw: &str) -> String {
    let mut tags: Vec<String> = Vec::new();
    for t in raw.split(',') {
        let t: String = t.trim().to_lowercase().chars().take(50).collect();
        if !t.is_empty() && !t.chars().any(char::is_control) && !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags.truncate(20);
    tags.join(", ")
}

/// The type of a file by its content (magic bytes), with the extension it is served under;
/// `None` for anything else (executables, HTML, SVG…).
pub fn detect_type(bytes: &[u8], filename: &str) -> Option<(&'static str, &'static str)> {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(b"%PDF-") {
        return Some(("application/pdf", "pdf"));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("image/png", "png"));
    }
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        return Some(("image/jpeg", "jpg"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        if bytes.len() > 38 && &bytes[30..38] == b"mimetype" {
            let rest = &bytes[38..bytes.len().min(120)];
            if rest.starts_with(b"application/vnd.oasis.opendocument.text") {
                return Some(("application/vnd.oasis.opendocument.text", "odt"));
            }
            if rest.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
                return Some(("application/vnd.oasis.opendocument.spreadsheet", "ods"));
            }
            if rest.starts_with(b"application/vnd.oasis.opendocument.presentation") {
                return Some(("application/vnd.oasis.opendocument.presentation", "odp"));
            }
        }
        if has(b"[Content_Types].xml") {
            if has(b"word/") {
                return Some((
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "docx",
                ));
            }
            if has(b"xl/") {
                return Some((
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "xlsx",
                ));
            }
        }
        return None;
    }
    // Text: valid UTF-8 without NUL, and not markup a browser would run.
    if !bytes.contains(&0) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let head = text.trim_start().to_ascii_lowercase();
            if head.starts_with('<') {
                return None;
            }
            let lower = filename.to_ascii_lowercase();
            if lower.ends_with(".csv") {
                return Some(("text/csv; charset=utf-8", "csv"));
            }
            if lower.ends_with(".md") || lower.ends_with(".markdown") {
                return Some(("text/markdown; charset=utf-8", "md"));
            }
            return Some(("text/plain; charset=utf-8", "txt"));
        }
    }
    None
}

/// A file name safe to store and send back: base name only, no control or quoting characters,
/// the extension of the detected type.
pub fn safe_filename(raw: &str, ext: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let stem = match base.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => base,
    };
    let clean: String = stem
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\'' | ';' | '<' | '>' | '\\' | '/'))
        .take(100)
        .collect();
    let clean = clean.trim();
    let stem = if clean.is_empty() { "document" } else { clean };
    format!("{stem}.{ext}")
}

/// HMAC-SHA256 (RFC 2104, crate `hmac`) of `msg` under `key`, hex.
pub fn hmac_hex(key: &[u8], msg: &[u8]) -> String {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The signed message of a download link.
pub fn link_message(document_id: DocumentId, version: i64, expires: i64) -> String {
    format!("document:{document_id}:version:{version}:expires:{expires}")
}

/// Constant-time comparison of two signatures (crate `subtle`).
pub fn same_signature(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

/// Where a document or folder belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Group(GroupId),
    Place(PlaceId),
    Network(NetworkId),
    Project(ProjectId),
}

impl Scope {
    /// The integers of the four scope columns (`group_id`, `place_id`, `network_id`,
    /// `project_id`), one set, as the queries bind them.
    pub fn columns(self) -> [Option<i64>; 4] {
        match self {
            Scope::Group(id) => [Some(id.get()), None, None, None],
            Scope::Place(id) => [None, Some(id.get()), None, None],
            Scope::Network(id) => [None, None, Some(id.get()), None],
            Scope::Project(id) => [None, None, None, Some(id.get())],
        }
    }
    pub fn of(d: &Document) -> Scope {
        match (d.group_id, d.place_id, d.network_id, d.project_id) {
            (Some(g), ..) => Scope::Group(g),
            (_, Some(p), ..) => Scope::Place(p),
            (_, _, Some(n), _) => Scope::Network(n),
            (.., Some(p)) => Scope::Project(p),
            _ => Scope::Project(ProjectId(0)),
        }
    }
    /// The scope a form or a body names: its first of `group_id`, `place_id`, `network_id`,
    /// `project_id`.
    pub fn first(
        group_id: Option<GroupId>,
        place_id: Option<PlaceId>,
        network_id: Option<NetworkId>,
        project_id: Option<ProjectId>,
    ) -> Option<Scope> {
        group_id
            .map(Scope::Group)
            .or(place_id.map(Scope::Place))
            .or(network_id.map(Scope::Network))
            .or(project_id.map(Scope::Project))
    }
    /// The form field naming this scope and its id (`("place_id", 3)`).
    pub fn field(self) -> (&'static str, i64) {
        match self {
            Scope::Group(id) => ("group_id", id.get()),
            Scope::Place(id) => ("place_id", id.get()),
            Scope::Network(id) => ("network_id", id.get()),
            Scope::Project(id) => ("project_id", id.get()),
        }
    }
}

/// A toolkit sheet ("fiche thématique") as the API writes it.
#[derive(Deserialize, ToSchema)]
pub struct CreateSheet {
    pub title: String,
    /// Rich text, sanitized.
    pub body: String,
    /// Comma-separated.
    #[serde(default)]
    pub tags: Option<String>,
    pub visibility: DocumentVisibility,
    #[serde(default)]
    pub folder_id: Option<i64>,
    #[serde(default)]
    pub group_id: Option<GroupId>,
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
}

/// A folder as the pages and the API create it.
#[derive(Deserialize, ToSchema)]
pub struct CreateFolder {
    pub name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub group_id: Option<GroupId>,
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_content_not_by_name() {
        assert_eq!(detect_type(b"%PDF-1.7 ...", "x.txt").unwrap().1, "pdf");
        assert_eq!(
            detect_type(b"\x89PNG\r\n\x1a\n....", "x.pdf").unwrap().1,
            "png"
        );
        assert_eq!(detect_type(b"a;b\n1;2\n", "t.csv").unwrap().1, "csv");
        assert_eq!(detect_type("# Fiche\n".as_bytes(), "f.md").unwrap().1, "md");
        assert!(detect_type(b"<html><script>", "page.txt").is_none());
        assert!(detect_type(b"MZ\x90\x00\x03", "setup.pdf").is_none());
        assert!(detect_type(b"PK\x03\x04random zip", "a.docx").is_none());
        let mut odt = b"PK\x03\x04".to_vec();
        odt.extend(std::iter::repeat_n(0u8, 26));
        odt.extend(b"mimetypeapplication/vnd.oasis.opendocument.text");
        assert_eq!(detect_type(&odt, "a.odt").unwrap().1, "odt");
    }

    #[test]
    fn names_and_tags() {
        assert_eq!(safe_filename("../../etc/pass\"wd.exe", "pdf"), "passwd.pdf");
        assert_eq!(safe_filename("", "txt"), "document.txt");
        assert_eq!(parse_tags(" Statuts, statuts ,  AG ,"), "statuts, ag");
    }

    #[test]
    fn kinds_visibilities_and_scopes() {
        // The texts of the CHECK constraints of migration 0005.
        assert_eq!(DocumentKind::TEXTS, &["file", "sheet"]);
        assert_eq!(
            DocumentVisibility::TEXTS,
            &["public", "network", "managers", "group"]
        );
        let rules: Vec<DocVisibility> =
            DocumentVisibility::ALL.iter().map(|v| v.policy()).collect();
        assert_eq!(
            rules,
            [
                DocVisibility::Public,
                DocVisibility::NetworkMembers,
                DocVisibility::Managers,
                DocVisibility::GroupMembers
            ]
        );
        assert_eq!(
            Scope::first(None, Some(PlaceId(3)), Some(NetworkId(4)), None),
            Some(Scope::Place(PlaceId(3)))
        );
        assert_eq!(Scope::first(None, None, None, None), None);
        assert_eq!(
            Scope::Group(GroupId(7)).columns(),
            [Some(7), None, None, None]
        );
        assert_eq!(Scope::Project(ProjectId(9)).field(), ("project_id", 9));
        assert_eq!(
            link_message(DocumentId(5), 2, 10),
            "document:5:version:2:expires:10"
        );
    }

    #[test]
    fn hmac_matches_rfc4231() {
        // RFC 4231 test case 2.
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(same_signature("abc", "abc"));
        assert!(!same_signature("abc", "abd"));
    }
}
