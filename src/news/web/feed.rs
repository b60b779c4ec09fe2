//! The Atom feeds of the news lists (RFC 4287), built like the agenda's (`/agenda.atom`): a
//! template escaped as XML, the published posts only, whoever asks, newest first, one page at
//! a time with `next`/`previous` links (RFC 5005 § 3).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::model::{self, Scope};
use super::super::service;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::paging::PageQuery;

#[derive(Template)]
#[template(path = "news/feed.atom", escape = "xml")]
struct AtomTpl {
    title: String,
    /// The list's page and the feed's own address (absolute).
    html: String,
    this: String,
    next: Option<String>,
    previous: Option<String>,
    updated: String,
    entries: Vec<Entry>,
}

struct Entry {
    id: String,
    title: String,
    url: String,
    published: String,
    updated: String,
    author: String,
    categories: Vec<String>,
    summary: String,
    /// Sanitized HTML, escaped once more by the template (`type="html"`).
    content: String,
}

#[derive(Deserialize, Default)]
pub(super) struct FeedQuery {
    #[serde(default)]
    page: Option<String>,
}

async fn feed(
    state: &AppState,
    scope: Option<Scope>,
    name: &str,
    path: &str,
    q: FeedQuery,
) -> AppResult<Response> {
    let page = PageQuery { page: q.page };
    let (limit, offset) = page.window(model::PER_PAGE);
    let (rows, total) = service::published(state, scope, limit, offset).await?;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let list = format!("{base}{path}");
    let n = page.number();
    let feed_page = |k: i64| {
        if k == 1 {
            format!("{list}.atom")
        } else {
            format!("{list}.atom?page={k}")
        }
    };
    let entries: Vec<Entry> = rows
        .iter()
        .map(|p| Entry {
            id: format!("{base}{}", p.path()),
            title: p.title.clone(),
            url: format!("{base}{}", p.path()),
            published: crate::clock::rfc3339(p.publish_at),
            updated: crate::clock::rfc3339(p.updated()),
            author: p.scope_name.clone(),
            categories: p.tag_list(),
            summary: p.excerpt(),
            content: p.body.clone(),
        })
        .collect();
    let updated = rows.iter().map(|p| p.updated()).max().unwrap_or(0);
    let body = AtomTpl {
        title: if name.is_empty() {
            "Maillage — actualités".to_string()
        } else {
            format!("{name} — actualités")
        },
        html: list.clone(),
        this: feed_page(n),
        next: (n * model::PER_PAGE < total).then(|| feed_page(n + 1)),
        previous: (n > 1).then(|| feed_page(n - 1)),
        updated: crate::clock::rfc3339(updated),
        entries,
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}

pub(super) async fn instance_feed(
    State(state): State<AppState>,
    Query(q): Query<FeedQuery>,
) -> AppResult<Response> {
    feed(&state, None, "", "/actualites", q).await
}

async fn scoped(state: AppState, section: &str, slug: &str, q: FeedQuery) -> AppResult<Response> {
    // A feed is read by anyone: the scope as an anonymous visitor sees it (a private project's
    // feed does not exist).
    let s = super::scope_by_slug(&state, None, section, slug).await?;
    feed(
        &state,
        Some(s.scope),
        &s.name,
        &format!("{}/actualites", s.path),
        q,
    )
    .await
}

pub(super) async fn network_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
) -> AppResult<Response> {
    scoped(state, "reseaux", &slug, q).await
}

pub(super) async fn place_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
) -> AppResult<Response> {
    scoped(state, "lieux", &slug, q).await
}

pub(super) async fn project_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<FeedQuery>,
) -> AppResult<Response> {
    scoped(state, "projets", &slug, q).await
}
