//! News pages: the lists (the instance's, a network's, a place's, a project's), a post's page
//! with its `NewsArticle` JSON-LD, their Atom feeds (`feed`), and the forms to write, edit
//! and delete a post (`edit`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{self, NewsPost, NewsStatus, Scope};
use super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::ids::ProjectId;
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{render, render_status, Chrome};

mod edit;
mod feed;
mod lists;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actualites", get(instance_list).post(edit::create))
        .route("/actualites.atom", get(feed::instance_feed))
        .route("/actualites/nouvelle", get(edit::new_form))
        .route("/actualites/{slug}", get(post_page))
        .route(
            "/actualites/{slug}/modifier",
            get(edit::edit_form).post(edit::edit),
        )
        .route("/actualites/{slug}/supprimer", post(edit::delete))
        .route(
            "/actualites/{slug}/image",
            post(edit::image_post).layer(axum::extract::DefaultBodyLimit::max(
                crate::media::MAX_PHOTO_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/actualites/{slug}/image/supprimer",
            post(edit::image_delete),
        )
        .route("/listes/{id}/abonnement", post(lists::subscribe))
        .route(
            "/abonnements/confirmer/{token}",
            get(lists::confirm_page).post(lists::confirm),
        )
        .route("/abonnements", get(lists::subscriber_page))
        .route("/abonnements/desinscrire", post(lists::leave))
        .route("/reseaux/{slug}/actualites", get(network_list))
        .route("/reseaux/{slug}/actualites.atom", get(feed::network_feed))
        .route("/lieux/{slug}/actualites", get(place_list))
        .route("/lieux/{slug}/actualites.atom", get(feed::place_feed))
        .route("/projets/{slug}/actualites", get(project_list))
        .route("/projets/{slug}/actualites.atom", get(feed::project_feed))
}

/// A scope as its pages show it: the scope, its name and the path of its page.
pub(crate) struct ScopePage {
    pub scope: Scope,
    pub name: String,
    pub path: String,
}

/// The scope of `/{section}/{slug}/actualites`, if `who` sees it (404 otherwise).
pub(crate) async fn scope_by_slug(
    state: &AppState,
    who: Option<&crate::auth::Principal>,
    section: &str,
    slug: &str,
) -> AppResult<ScopePage> {
    Ok(match section {
        "reseaux" => {
            let n = crate::tenancy::repo::network_by_slug(&state.db, slug)
                .await?
                .ok_or(AppError::NotFound)?;
            ScopePage {
                scope: Scope::Network(n.id),
                path: format!("/reseaux/{}", n.slug),
                name: n.name,
            }
        }
        "lieux" => {
            let p = crate::tenancy::repo::place_by_slug(&state.db, slug)
                .await?
                .ok_or(AppError::NotFound)?;
            ScopePage {
                scope: Scope::Place(p.id),
                path: format!("/lieux/{}", p.slug),
                name: p.name,
            }
        }
        _ => {
            let p = crate::tenancy::service::project_scope_by_slug(state, slug)
                .await?
                .filter(|p| p.may_see(who))
                .ok_or(AppError::NotFound)?;
            ScopePage {
                scope: Scope::Project(ProjectId(p.id)),
                path: format!("/projets/{}", p.slug),
                name: p.name,
            }
        }
    })
}

/// A post in a list.
pub struct Card {
    pub title: String,
    pub path: String,
    pub when: String,
    pub datetime: String,
    pub scope_name: String,
    pub scope_path: String,
    pub excerpt: String,
    pub tags: Vec<String>,
    /// `news-draft`, `news-scheduled` or empty.
    pub state_key: &'static str,
    pub image: Option<crate::media::Photo>,
}

/// The badge of a post that others do not see yet.
fn state_key(p: &NewsPost, now: i64) -> &'static str {
    match p.status {
        NewsStatus::Draft => "news-draft",
        NewsStatus::Published if p.publish_at > now => "news-scheduled",
        NewsStatus::Published => "",
    }
}

pub fn card(p: &NewsPost, now: i64, image: Option<crate::media::Photo>) -> Card {
    Card {
        image,
        title: p.title.clone(),
        path: p.path(),
        when: crate::clock::paris_display(p.publish_at),
        datetime: crate::clock::rfc3339(p.publish_at),
        scope_name: p.scope_name.clone(),
        scope_path: p.scope_path(),
        excerpt: crate::text::excerpt(&p.body, 280),
        tags: p.tag_list(),
        state_key: state_key(p, now),
    }
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    tag: Option<String>,
}

#[derive(Template)]
#[template(path = "news/list.html")]
struct ListTpl {
    c: Chrome,
    /// The scope's name and page; empty for the instance's list.
    scope_name: String,
    scope_path: String,
    /// Where "write a post" leads; empty for those who may not.
    new_href: String,
    feed: String,
    tag: String,
    cards: Vec<Card>,
    total: i64,
    pages: Vec<PageLink>,
    /// The lists of the network or place, offered to subscribe to.
    lists: Vec<super::model::NewsList>,
}

async fn list_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    scope: Option<ScopePage>,
    q: ListQuery,
) -> AppResult<Response> {
    let who = ctx.user.as_ref();
    let page = PageQuery {
        page: q.page.clone(),
    };
    let (limit, offset) = page.window(model::PER_PAGE);
    let tag = q
        .tag
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_string();
    let tag_filter = (!tag.is_empty()).then_some(tag.as_str());
    let (rows, total) = service::list(
        state,
        who,
        scope.as_ref().map(|s| s.scope),
        tag_filter,
        limit,
        offset,
    )
    .await?;
    let now = state.clock.now_ms();
    let mut c = Chrome::new(ctx, headers, "news-title");
    let (scope_name, scope_path, base, new_href) = match &scope {
        Some(s) => {
            c.title = format!("{} – {}", c.t("news-title"), s.name);
            let (field, id) = s.scope.field();
            let new_href = if service::may_write(state, who, s.scope).await? {
                format!("/actualites/nouvelle?{field}={id}")
            } else {
                String::new()
            };
            (
                s.name.clone(),
                s.path.clone(),
                format!("{}/actualites", s.path),
                new_href,
            )
        }
        None => (
            String::new(),
            String::new(),
            "/actualites".to_string(),
            String::new(),
        ),
    };
    let query = if tag.is_empty() {
        String::new()
    } else {
        serde_urlencoded::to_string([("tag", tag.as_str())]).unwrap_or_default()
    };
    let links = pages(&query, &base, page.number(), total, model::PER_PAGE);
    let lists = match &scope {
        Some(s) => service::lists_of(state, s.scope).await?,
        None => Vec::new(),
    };
    render(&ListTpl {
        lists,
        c,
        scope_name,
        scope_path,
        new_href,
        feed: format!("{base}.atom"),
        tag,
        cards: {
            let mut images = service::images_of(state, &rows).await?;
            rows.iter()
                .map(|p| card(p, now, images.remove(&p.id)))
                .collect()
        },
        total,
        pages: links,
    })
}

async fn instance_list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    list_view(&state, &ctx, &headers, None, q).await
}

async fn scoped_list(
    state: AppState,
    ctx: Ctx,
    headers: HeaderMap,
    section: &str,
    slug: &str,
    q: ListQuery,
) -> AppResult<Response> {
    let scope = scope_by_slug(&state, ctx.user.as_ref(), section, slug).await?;
    list_view(&state, &ctx, &headers, Some(scope), q).await
}

async fn network_list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    scoped_list(state, ctx, headers, "reseaux", &slug, q).await
}

async fn place_list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    scoped_list(state, ctx, headers, "lieux", &slug, q).await
}

async fn project_list(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    scoped_list(state, ctx, headers, "projets", &slug, q).await
}

#[derive(Template)]
#[template(path = "news/post.html")]
struct PostTpl {
    c: Chrome,
    p: NewsPost,
    scope_path: String,
    when: String,
    datetime: String,
    tags: Vec<String>,
    state_key: &'static str,
    can_write: bool,
    json_ld: String,
    image: Option<crate::media::Photo>,
}

async fn post_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let who = ctx.user.as_ref();
    let p = service::readable_by_slug(&state, who, &slug).await?;
    let mut c = Chrome::new(&ctx, &headers, "news-title");
    c.title = p.title.clone();
    let now = state.clock.now_ms();
    let image = service::image_of(&state, p.id).await?;
    render_status(
        StatusCode::OK,
        &PostTpl {
            can_write: service::may_write(&state, who, p.scope()).await?,
            json_ld: model::json_ld(
                &p,
                &state.config.base_url,
                &crate::text::excerpt(&p.body, 300),
                image.as_ref().map(|i| i.url()).as_deref(),
            ),
            image,
            scope_path: p.scope_path(),
            when: crate::clock::paris_display(p.publish_at),
            datetime: crate::clock::rfc3339(p.publish_at),
            tags: p.tag_list(),
            state_key: state_key(&p, now),
            c,
            p,
        },
    )
}
