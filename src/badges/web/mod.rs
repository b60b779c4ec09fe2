//! Badges pages: the learner's badges (`/mes-badges`), a credential's public verification page
//! (`/badges/{uid}`, its JSON with `Accept: application/json`, its download at
//! `/badges/{uid}.json`), an issuer's profile (`/badges/emetteurs/{issuer}`, JSON by content
//! negotiation: the controller document of its keys), an issuer's status lists
//! (`/badges/statuts/{id}`), and the forms of those who issue (`manage`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::model::{self, Achievement, Credential, IssuerKey, Verification};
use super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{render, Chrome};

mod manage;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/mes-badges", get(mine))
        .route("/badges/{credential}", get(credential_page))
        .route("/badges/{credential}/revoquer", post(manage::revoke))
        .route("/badges/statuts/{list}", get(status_list))
        .route("/badges/emetteurs/{issuer}", get(issuer_page))
        .route("/badges/emetteurs/{issuer}/cle", post(manage::rotate))
        .route("/badges/realisations", post(manage::create))
        .route("/badges/realisations/nouvelle", get(manage::new_form))
        .route("/badges/realisations/{id}", get(manage::achievement_page))
        .route("/badges/realisations/{id}/decerner", post(manage::award))
}

/// Does the request ask for JSON (`application/json`, `application/ld+json`, `…+json`)?
pub(super) fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| {
            a.split(',').any(|m| {
                let m = m.split(';').next().unwrap_or("").trim();
                m == "application/json" || m == "application/ld+json" || m.ends_with("+json")
            })
        })
}

/// A JSON-LD document as a response; `download` names the file to save it as.
pub(super) fn json_doc(v: &serde_json::Value, download: Option<String>) -> Response {
    let body = serde_json::to_string_pretty(v).unwrap_or_default();
    let mut res = (
        [(header::CONTENT_TYPE, "application/ld+json; charset=utf-8")],
        body,
    )
        .into_response();
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    if let Some(name) = download {
        if let Ok(v) = header::HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}

/// A credential in a list.
pub struct Card {
    pub name: String,
    pub path: String,
    pub issued: String,
    pub datetime: String,
    pub revoked: bool,
}

pub(super) fn card(c: &Chrome, cr: &Credential) -> Card {
    Card {
        name: cr.achievement_name.clone(),
        path: cr.path(),
        issued: c.when(&cr.issued_at),
        datetime: crate::clock::rfc3339(cr.issued_at),
        revoked: cr.revoked_at.is_some(),
    }
}

#[derive(Template)]
#[template(path = "badges/mine.html")]
struct MineTpl {
    c: Chrome,
    cards: Vec<(Card, String)>,
}

/// `GET /mes-badges`: the badges of the person signed in, each with its page and its JSON.
async fn mine(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let c = Chrome::new(&ctx, &headers, "badge-mine-title");
    let list = service::credentials_of_user(&state, who.user.id).await?;
    let mut cards = Vec::new();
    for cr in &list {
        let issuer = cr
            .json()
            .get("issuer")
            .and_then(|i| i.get("name"))
            .and_then(|n| n.as_str())
            .unwrap_or_default()
            .to_string();
        cards.push((card(&c, cr), issuer));
    }
    render(&MineTpl { c, cards })
}

#[derive(Template)]
#[template(path = "badges/credential.html")]
struct CredentialTpl {
    c: Chrome,
    cr: Credential,
    a: Achievement,
    v: Verification,
    issuer_path: String,
    issuer_profile: String,
    issued: String,
    datetime: String,
    can_revoke: bool,
}

/// `GET /badges/{uid}`: the public verification page of a credential (its JSON by content
/// negotiation; `/badges/{uid}.json` downloads it).
async fn credential_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    if let Some(uid) = uid.strip_suffix(".json") {
        let cr = service::credential_by_uid(&state, uid).await?;
        let name = format!("badge-{}.json", slug::slugify(&cr.achievement_name));
        return Ok(json_doc(&cr.json(), Some(name)));
    }
    let cr = service::credential_by_uid(&state, &uid).await?;
    if wants_json(&headers) {
        return Ok(json_doc(&cr.json(), None));
    }
    let a = service::achievement(&state, cr.achievement_id).await?;
    let mut c = Chrome::new(&ctx, &headers, "badge-credential-title");
    c.title = format!("{} – {}", cr.achievement_name, cr.holder_name);
    let v = service::verify(&state, c.lang, &cr.json()).await?;
    render(&CredentialTpl {
        can_revoke: cr.revoked_at.is_none()
            && service::may_issue(&state, ctx.user.as_ref(), a.issuer()).await?,
        issuer_path: a.issuer_path(),
        issuer_profile: model::issuer_url("", a.issuer()),
        issued: c.when(&cr.issued_at),
        datetime: crate::clock::rfc3339(cr.issued_at),
        c,
        v,
        cr,
        a,
    })
}

/// `GET /badges/statuts/{list}`: the signed `BitstringStatusListCredential` of a list.
async fn status_list(
    State(state): State<AppState>,
    Path(list): Path<String>,
) -> AppResult<Response> {
    let id: i64 = list.parse().map_err(|_| AppError::NotFound)?;
    let doc = service::status_list_credential(&state, id).await?;
    let mut res = json_doc(&doc, None);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    Ok(res)
}

/// A key as the issuer's page shows it.
pub struct KeyView {
    pub id: String,
    pub multibase: String,
    pub created: String,
    pub retired: Option<String>,
}

#[derive(Template)]
#[template(path = "badges/issuer.html")]
struct IssuerTpl {
    c: Chrome,
    name: String,
    page: String,
    profile_url: String,
    keys: Vec<KeyView>,
    achievements: Vec<Achievement>,
    can_issue: bool,
    new_path: String,
    rotate_action: String,
}

/// `GET /badges/emetteurs/{issuer}`: an issuer's profile: its keys and its achievements
/// (its profile and controller document as JSON-LD with `Accept: application/json`).
async fn issuer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let issuer = model::parse_issuer_key(&key).ok_or(AppError::NotFound)?;
    if wants_json(&headers) {
        return Ok(json_doc(&service::profile(&state, issuer).await?, None));
    }
    let (name, page) = service::issuer_names(&state, issuer).await?;
    let mut c = Chrome::new(&ctx, &headers, "badge-issuer-title");
    c.title = format!("{} – {name}", c.title);
    let base = state.config.base_url.trim_end_matches('/');
    let keys = service::keys_of(&state, issuer)
        .await?
        .iter()
        .map(|k: &IssuerKey| KeyView {
            id: model::key_url(base, issuer, k.position),
            multibase: k.public_key.clone(),
            created: c.when(&k.created_at),
            retired: k.retired_at.map(|r| c.when(&r)),
        })
        .collect();
    let (field, id) = issuer.field();
    render(&IssuerTpl {
        can_issue: service::may_issue(&state, ctx.user.as_ref(), issuer).await?,
        achievements: service::achievements_of(&state, issuer).await?,
        profile_url: model::issuer_url(base, issuer),
        new_path: format!("/badges/realisations/nouvelle?{field}={id}"),
        rotate_action: format!("/badges/emetteurs/{}/cle", model::issuer_key(issuer)),
        page: page.trim_start_matches(base).to_string(),
        keys,
        name,
        c,
    })
}
