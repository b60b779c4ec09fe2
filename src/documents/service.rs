//! Who may read and add documents, uploads (size, type by content), signed download links.

use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::model::{
    self, CreateFolder, CreateSheet, Document, DocumentKind, DocumentVisibility, Folder, Version,
};
use super::repo::{self, NewDocument, NewFile, Scope};
use crate::auth::policy::{authorize, may_read_document, Action, Target};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Upload;
use crate::ids::{DocumentId, GroupId, NetworkId, PlaceId, ProjectId};
use crate::state::AppState;

/// The policy target of a scope; `None` for a scope that does not exist.
pub async fn scope_target(state: &AppState, scope: Scope) -> AppResult<Option<Target>> {
    Ok(match scope {
        Scope::Network(n) => crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .map(|_| Target::Network(n.get())),
        Scope::Place(p) => match crate::tenancy::repo::place_by_id(&state.db, p).await? {
            Some(_) => Some(crate::tenancy::service::place_target(state, p).await?),
            None => None,
        },
        Scope::Group(g) => match crate::groups::service::group(&state.db, g).await? {
            Some(group) => Some(crate::groups::service::target(state, &group).await?),
            None => None,
        },
        Scope::Project(id) => crate::tenancy::service::project_scope(state, id.get())
            .await?
            .map(|p| p.target),
    })
}

/// May `who` add documents and folders to the scope? (Its managers; for a group, its leaders
/// and the managers of its place, network or project; for a project, its holders and advisors.)
pub async fn may_manage(
    state: &AppState,
    who: Option<&Principal>,
    scope: Scope,
) -> AppResult<bool> {
    let Some(t) = scope_target(state, scope).await? else {
        return Ok(false);
    };
    let action = match scope {
        Scope::Group(_) => Action::ManageGroup,
        Scope::Place(_) => Action::ManagePlace,
        Scope::Project(_) => Action::ManageProject,
        _ => Action::ManageNetwork,
    };
    Ok(authorize(who, action, &t).is_ok())
}

/// The answer to someone who may not add to `scope`: 404 when the scope does not exist for
/// them (unknown, or a private project they do not hold or advise), 403 otherwise.
pub async fn refusal(
    state: &AppState,
    who: Option<&Principal>,
    scope: Scope,
) -> AppResult<AppError> {
    let exists_for_who = match scope {
        // One read of the project answers both: does it exist, may `who` see it.
        Scope::Project(id) => crate::tenancy::service::project_scope(state, id.get())
            .await?
            .is_some_and(|p| p.may_see(who)),
        _ => scope_target(state, scope).await?.is_some(),
    };
    Ok(if exists_for_who {
        AppError::Forbidden
    } else {
        AppError::NotFound
    })
}

/// May `who` read this document?
pub async fn may_read(state: &AppState, who: Option<&Principal>, d: &Document) -> AppResult<bool> {
    let Some(t) = scope_target(state, Scope::of(d)).await? else {
        return Ok(false);
    };
    Ok(may_read_in(who, d.visibility, &t))
}

/// The reading rule of a document of visibility `vis` in the scope whose target is `t`.
fn may_read_in(who: Option<&Principal>, vis: DocumentVisibility, t: &Target) -> bool {
    // Never more visible than its scope (a private project, a members-only group, a group of
    // a private project), whatever its own visibility says: checked at every read, so what
    // was stored before the rule is covered too.
    crate::auth::policy::may_see_scope(who, t) && may_read_document(who, vis.policy(), t).is_ok()
}

/// The visibilities of the documents of `scope` that `who` may read (none for a scope that
/// does not exist or that they do not see): the documents of a scope share its target, so a
/// list of them is filtered in SQL by visibility, with no check per row.
async fn readable_visibilities(
    state: &AppState,
    who: Option<&Principal>,
    scope: Scope,
) -> AppResult<Vec<DocumentVisibility>> {
    let Some(t) = scope_target(state, scope).await? else {
        return Ok(Vec::new());
    };
    Ok(DocumentVisibility::ALL
        .iter()
        .copied()
        .filter(|v| may_read_in(who, *v, &t))
        .collect())
}

/// Readable documents of a scope (or everywhere), matching `query`, by title (the first 500).
/// A scope's: its target read once, the documents filtered by visibility in SQL. Everywhere:
/// the matching documents, each checked against its scope's target, read once per scope.
pub async fn readable(
    state: &AppState,
    who: Option<&Principal>,
    scope: Option<Scope>,
    query: &str,
) -> AppResult<Vec<Document>> {
    Ok(readable_with_targets(state, who, scope, query).await?.0)
}

/// The targets of the scopes a list of documents was read from, when it read them (the
/// list of every scope): they answer for the reader, and for a visitor too (a visitor's
/// rights never depend on who the members are), so the download links reuse them.
pub type Targets = std::collections::HashMap<Scope, Target>;

/// [`readable`], and the targets it read ([`Targets`]; none for one scope's list).
pub async fn readable_with_targets(
    state: &AppState,
    who: Option<&Principal>,
    scope: Option<Scope>,
    query: &str,
) -> AppResult<(Vec<Document>, Option<Targets>)> {
    if let Some(scope) = scope {
        let visibilities = readable_visibilities(state, who, scope).await?;
        let f = repo::DocFilter {
            scope: Some(scope),
            visibilities: Some(&visibilities),
            folder_id: None,
            query,
        };
        return Ok((
            repo::documents_page(&state.db, &f, 500, 0, false).await?.0,
            None,
        ));
    }
    let docs = repo::documents(&state.db, None, query).await?;
    let scopes: Vec<Scope> = docs.iter().map(Scope::of).collect();
    let targets = scope_targets(state, &scopes, Some(who.map(|p| p.user.id))).await?;
    let docs = docs
        .into_iter()
        .filter(|d| {
            targets
                .get(&Scope::of(d))
                .is_some_and(|t| may_read_in(who, d.visibility, t))
        })
        .collect();
    Ok((docs, Some(targets)))
}

/// The newest documents of `scopes` that `who` may read, at most `limit`, newest first (a
/// project's timeline: the project's library and its groups'): a constant number of
/// statements whatever the number of scopes and documents.
pub async fn readable_newest(
    state: &AppState,
    who: Option<&Principal>,
    scopes: &[Scope],
    limit: i64,
) -> AppResult<Vec<Document>> {
    let targets = scope_targets(state, scopes, Some(who.map(|p| p.user.id))).await?;
    let readable: Vec<(Scope, Vec<DocumentVisibility>)> = scopes
        .iter()
        .filter_map(|s| {
            let t = targets.get(s)?;
            let vs = DocumentVisibility::ALL
                .iter()
                .copied()
                .filter(|v| may_read_in(who, *v, t))
                .collect();
            Some((*s, vs))
        })
        .collect();
    repo::newest_in(&state.db, &readable, limit).await
}

/// The targets of the scopes among `scopes` that exist, as [`scope_target`] reads them one
/// by one, in a constant number of statements whatever their number and kind (networks;
/// places and their networks; groups, their memberships and parents; projects and their
/// members).
///
/// `viewer`: `Some(person)` when deciding what that person may read (`Some(None)`: a visitor),
/// the groups' targets then holding only that person's memberships
/// (`groups::service::targets_for`); `None`: targets for anyone.
pub async fn scope_targets(
    state: &AppState,
    scopes: &[Scope],
    viewer: Option<Option<crate::ids::UserId>>,
) -> AppResult<std::collections::HashMap<Scope, Target>> {
    let (mut networks, mut places, mut groups, mut projects) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for s in scopes {
        match *s {
            Scope::Network(n) => networks.push(n),
            Scope::Place(p) => places.push(p),
            Scope::Group(g) => groups.push(g),
            Scope::Project(p) => projects.push(p.get()),
        }
    }
    networks.sort();
    networks.dedup();
    places.sort();
    places.dedup();
    groups.sort();
    groups.dedup();
    projects.sort();
    projects.dedup();
    let mut out = std::collections::HashMap::new();
    for n in crate::tenancy::service::existing_networks(state, &networks).await? {
        out.insert(Scope::Network(n), Target::Network(n.get()));
    }
    for (p, t) in crate::tenancy::service::place_targets(state, &places).await? {
        out.insert(Scope::Place(p), t);
    }
    for (g, t) in crate::groups::service::targets_for(state, &groups, viewer).await? {
        out.insert(Scope::Group(g), t);
    }
    for (id, p) in crate::tenancy::service::project_scopes(state, &projects).await? {
        out.insert(Scope::Project(crate::ids::ProjectId(id)), p.target);
    }
    Ok(out)
}

/// One page of the documents of `scope` that `who` may read, by title, of `folder` only when
/// given, matching `query`, and their number: a constant number of statements (the scope's
/// target, the page, the count), whatever the size of the library.
pub async fn library(
    state: &AppState,
    who: Option<&Principal>,
    scope: Scope,
    folder: Option<i64>,
    query: &str,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Document>, i64)> {
    let visibilities = readable_visibilities(state, who, scope).await?;
    let f = repo::DocFilter {
        scope: Some(scope),
        visibilities: Some(&visibilities),
        folder_id: folder,
        query,
    };
    repo::documents_page(&state.db, &f, limit, offset, true).await
}

/// Checks an upload: not empty, not too large, a known type by content. Answers the type and
/// the safe name.
pub fn check_upload(
    bytes: &[u8],
    filename: &str,
    errors: &mut FieldErrors,
) -> Option<(&'static str, String)> {
    if bytes.is_empty() {
        errors.add("file", "documents-file-required");
        return None;
    }
    if bytes.len() > model::MAX_UPLOAD_BYTES {
        errors.add("file", "documents-file-too-large");
        return None;
    }
    match model::detect_type(bytes, filename) {
        Some((ct, ext)) => Some((ct, model::safe_filename(filename, ext))),
        None => {
            errors.add("file", "documents-file-type");
            None
        }
    }
}

/// A link to download `version` of `d`: plain for documents anyone may read, signed with the
/// instance secret and expiring in an hour otherwise (a members-only group's "public" files
/// included).
pub async fn download_url(state: &AppState, d: &Document, v: &Version) -> AppResult<String> {
    let mut urls = download_urls(state, &[(d, v)]).await?;
    Ok(urls.pop().unwrap_or_default())
}

/// The links of several documents' versions ([`download_url`] for each `(document,
/// version)`), in order: each scope's target read once, the instance secret once.
pub async fn download_urls(
    state: &AppState,
    items: &[(&Document, &Version)],
) -> AppResult<Vec<String>> {
    download_urls_in(state, items, None).await
}

/// [`download_urls`], with the targets of the documents' scopes when the caller already read
/// them ([`readable_with_targets`]); else they are read here.
pub async fn download_urls_in(
    state: &AppState,
    items: &[(&Document, &Version)],
    known: Option<&Targets>,
) -> AppResult<Vec<String>> {
    // Every scope's target at once (a constant number of statements, however many scopes).
    let scopes: Vec<Scope> = items.iter().map(|(d, _)| Scope::of(d)).collect();
    let read;
    let targets = match known.filter(|k| scopes.iter().all(|s| k.contains_key(s))) {
        Some(k) => k,
        None => {
            read = scope_targets(state, &scopes, Some(None)).await?;
            &read
        }
    };
    let mut key = None;
    let now = state.clock.now_ms();
    let mut out = Vec::with_capacity(items.len());
    for (d, v) in items {
        let anyone = targets
            .get(&Scope::of(d))
            .is_some_and(|t| may_read_in(None, d.visibility, t));
        let base = format!("/fichiers/{}/{}", d.id, v.version);
        if anyone {
            out.push(base);
            continue;
        }
        let key = match &key {
            Some(k) => k,
            None => key.insert(repo::instance_secret(&state.db, "download_links", now).await?),
        };
        let expires = now + model::LINK_TTL_MS;
        let sig = model::hmac_hex(
            key.as_bytes(),
            model::link_message(d.id, v.version, expires).as_bytes(),
        );
        out.push(format!("{base}?expires={expires}&sig={sig}"));
    }
    Ok(out)
}

/// Is this signature valid and unexpired?
pub async fn check_signature(
    state: &AppState,
    d: &Document,
    version: i64,
    expires: i64,
    sig: &str,
) -> AppResult<bool> {
    let now = state.clock.now_ms();
    if expires < now {
        return Ok(false);
    }
    let key = repo::instance_secret(&state.db, "download_links", now).await?;
    let expected = model::hmac_hex(
        key.as_bytes(),
        model::link_message(d.id, version, expires).as_bytes(),
    );
    Ok(model::same_signature(&expected, sig))
}

/// The file as an attachment: never rendered by the browser, never sniffed.
pub async fn serve(state: &AppState, v: &Version) -> AppResult<Response> {
    let bytes = crate::media::blob(&state.db, &v.sha256)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(&v.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    let ascii: String = v
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        urlencoding::encode(&v.filename)
    );
    h.insert(
        CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// The version `n` of `d` (the latest when `None`).
pub async fn version_of(state: &AppState, d: &Document, n: Option<i64>) -> AppResult<Version> {
    let all = repo::versions(&state.db, d.id).await?;
    match n {
        Some(n) => all.into_iter().find(|v| v.version == n),
        None => all.into_iter().next(),
    }
    .ok_or(AppError::NotFound)
}

// ---- what other areas read of documents ----

pub async fn document(db: &Db, id: DocumentId) -> AppResult<Option<Document>> {
    repo::document_by_id(db, id).await
}

/// The documents of a scope matching `query` (all of them when it is empty).
pub async fn documents_of(db: &Db, scope: Scope, query: &str) -> AppResult<Vec<Document>> {
    repo::documents(db, Some(scope), query).await
}

// ---- writes shared by the pages and the API ----

/// One of `group_id`, `place_id`, `network_id`, `project_id`.
pub fn parse_scope(
    group_id: Option<GroupId>,
    place_id: Option<PlaceId>,
    network_id: Option<NetworkId>,
    project_id: Option<ProjectId>,
    errors: &mut FieldErrors,
) -> Option<Scope> {
    let scopes: Vec<Scope> = [
        group_id.map(Scope::Group),
        place_id.map(Scope::Place),
        network_id.map(Scope::Network),
        project_id.map(Scope::Project),
    ]
    .into_iter()
    .flatten()
    .collect();
    match scopes.as_slice() {
        [s] => Some(*s),
        _ => {
            errors.add("group_id", "documents-scope-one");
            None
        }
    }
}

/// Checks the title and folder of a new document (its visibility, `None` when its text was
/// not one of the list, was read by the caller); the title and the visibility when both are
/// known.
pub async fn check_common(
    state: &AppState,
    scope: Option<Scope>,
    title: &str,
    visibility: Option<DocumentVisibility>,
    folder_id: Option<i64>,
    errors: &mut FieldErrors,
) -> AppResult<Option<(String, DocumentVisibility)>> {
    let title = crate::groups::model::parse_line(title, "title", errors)
        .map(|t| t.chars().take(300).collect::<String>());
    if let (Some(s), Some(f)) = (scope, folder_id) {
        if repo::folder_in(&state.db, s, f).await?.is_none() {
            errors.add("folder_id", "groups-unknown-parent");
        }
    }
    // A public document in a scope anonymous visitors do not see would not be public: refused
    // with a clear error rather than stored with a visibility that is never applied.
    if let (Some(s), Some(DocumentVisibility::Public)) = (scope, visibility) {
        if let Some(t) = scope_target(state, s).await? {
            if !crate::auth::policy::may_see_scope(None, &t) {
                errors.add("visibility", "documents-visibility-capped");
            }
        }
    }
    Ok(title.zip(visibility))
}

/// Stores an uploaded file as a new document (shared by the API and the pages).
pub async fn store_upload(
    state: &AppState,
    who: &crate::auth::Principal,
    up: &Upload,
) -> AppResult<Document> {
    let mut errors = FieldErrors::default();
    let scope = parse_scope(
        up.id("group_id").map(GroupId),
        up.id("place_id").map(PlaceId),
        up.id("network_id").map(NetworkId),
        up.id("project_id").map(ProjectId),
        &mut errors,
    );
    let folder_id = up.id("folder_id");
    let visibility = match up.get("visibility") {
        "" => Some(DocumentVisibility::Managers),
        text => parse_enum(text, "visibility", &mut errors),
    };
    let common = check_common(
        state,
        scope,
        up.get("title"),
        visibility,
        folder_id,
        &mut errors,
    )
    .await?;
    let checked = checked_file(up, &mut errors);
    let scope = managed_scope(state, who, scope, &errors).await?;
    errors.clone().into_result()?;
    let (Some((title, vis)), Some((ct, filename)), Some((_, bytes))) = (common, checked, &up.file)
    else {
        return Err(AppError::Invalid(errors));
    };
    let tags = model::parse_tags(up.get("tags"));
    repo::insert_document(
        &state.db,
        NewDocument {
            scope,
            folder_id,
            kind: DocumentKind::File,
            title: &title,
            tags: &tags,
            body: "",
            visibility: vis,
            created_by: who.user.id,
            now: state.clock.now_ms(),
        },
        Some(NewFile {
            filename: &filename,
            content_type: ct,
            bytes,
        }),
    )
    .await
}

/// Adds a new version to a file document (managers of its scope).
pub async fn store_version(
    state: &AppState,
    who: &crate::auth::Principal,
    d: &Document,
    up: &Upload,
) -> AppResult<Version> {
    if !may_read(state, Some(who), d).await? {
        return Err(AppError::NotFound);
    }
    if d.kind != DocumentKind::File || !may_manage(state, Some(who), Scope::of(d)).await? {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let checked = checked_file(up, &mut errors);
    let (Some((ct, filename)), Some((_, bytes))) = (checked, &up.file) else {
        return Err(AppError::Invalid(errors));
    };
    repo::add_version(
        &state.db,
        d.id,
        NewFile {
            filename: &filename,
            content_type: ct,
            bytes,
        },
        who.user.id,
        state.clock.now_ms(),
    )
    .await
}

/// The uploaded file of a form, checked (type, name), or a field error on `file`.
fn checked_file(up: &Upload, errors: &mut FieldErrors) -> Option<(&'static str, String)> {
    match (&up.file, up.too_large) {
        (_, true) => {
            errors.add("file", "documents-file-too-large");
            None
        }
        (Some((name, bytes)), false) => check_upload(bytes, name, errors),
        (None, false) => {
            errors.add("file", "documents-file-required");
            None
        }
    }
}

/// The scope a new document goes to, once `who` may add to it: 422 without a scope, 404 or
/// 403 (see [`refusal`]) when they may not.
async fn managed_scope(
    state: &AppState,
    who: &crate::auth::Principal,
    scope: Option<Scope>,
    errors: &FieldErrors,
) -> AppResult<Scope> {
    let scope = scope.ok_or_else(|| AppError::Invalid(errors.clone()))?;
    if !may_manage(state, Some(who), scope).await? {
        return Err(refusal(state, Some(who), scope).await?);
    }
    Ok(scope)
}

/// A toolkit sheet to write, as the page or the API sends it. `visibility` is `None` when the
/// page's text was not one of the list: its error is in `errors`, reported with the others
/// once the writer may add to the scope.
pub struct SheetInput<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub tags: &'a str,
    pub visibility: Option<DocumentVisibility>,
    pub folder_id: Option<i64>,
    pub group_id: Option<GroupId>,
    pub place_id: Option<PlaceId>,
    pub network_id: Option<NetworkId>,
    pub project_id: Option<ProjectId>,
    /// What went wrong reading the fields at the edge.
    pub errors: FieldErrors,
}

impl<'a> From<&'a CreateSheet> for SheetInput<'a> {
    fn from(b: &'a CreateSheet) -> SheetInput<'a> {
        SheetInput {
            title: &b.title,
            body: &b.body,
            tags: b.tags.as_deref().unwrap_or(""),
            visibility: Some(b.visibility),
            folder_id: b.folder_id,
            group_id: b.group_id,
            place_id: b.place_id,
            network_id: b.network_id,
            project_id: b.project_id,
            errors: FieldErrors::default(),
        }
    }
}

/// Writes a toolkit sheet in a scope (managers of the scope).
pub async fn store_sheet(
    state: &AppState,
    who: &crate::auth::Principal,
    b: SheetInput<'_>,
) -> AppResult<Document> {
    let mut errors = FieldErrors::default();
    let scope = parse_scope(
        b.group_id,
        b.place_id,
        b.network_id,
        b.project_id,
        &mut errors,
    );
    for (field, key) in b.errors.0 {
        errors.add(field, key);
    }
    let common = check_common(
        state,
        scope,
        b.title,
        b.visibility,
        b.folder_id,
        &mut errors,
    )
    .await?;
    let body = crate::form::parse::parse_rich(b.body, "body", &mut errors);
    if body.is_empty() && !errors.has("body") {
        errors.add("body", "field-required");
    }
    let scope = managed_scope(state, who, scope, &errors).await?;
    errors.clone().into_result()?;
    let Some((title, vis)) = common else {
        return Err(AppError::Invalid(errors));
    };
    let tags = model::parse_tags(b.tags);
    repo::insert_document(
        &state.db,
        NewDocument {
            scope,
            folder_id: b.folder_id,
            kind: DocumentKind::Sheet,
            title: &title,
            tags: &tags,
            body: &body,
            visibility: vis,
            created_by: who.user.id,
            now: state.clock.now_ms(),
        },
        None,
    )
    .await
}

/// Creates a folder in a library (managers of the scope).
pub async fn store_folder(
    state: &AppState,
    who: &crate::auth::Principal,
    b: &CreateFolder,
) -> AppResult<Folder> {
    let mut errors = FieldErrors::default();
    let scope = parse_scope(
        b.group_id,
        b.place_id,
        b.network_id,
        b.project_id,
        &mut errors,
    );
    let name = crate::groups::model::parse_line(&b.name, "name", &mut errors)
        .map(|n| n.chars().take(200).collect::<String>());
    let scope = scope.ok_or_else(|| AppError::Invalid(errors.clone()))?;
    if !may_manage(state, Some(who), scope).await? {
        return Err(AppError::NotFound);
    }
    if let Some(p) = b.parent_id {
        if repo::folder_in(&state.db, scope, p).await?.is_none() {
            errors.add("parent_id", "groups-unknown-parent");
        }
    }
    errors.clone().into_result()?;
    let name = name.ok_or(AppError::Invalid(errors))?;
    repo::insert_folder(&state.db, scope, b.parent_id, &name, state.clock.now_ms()).await
}

/// The first `limit` public documents of a network's library, by title (its public page):
/// `visibility = public`, which everyone may read. One statement.
pub async fn public_of_network(
    db: &Db,
    network: crate::ids::NetworkId,
    limit: i64,
) -> AppResult<Vec<Document>> {
    repo::public_of_network(db, network, limit).await
}
