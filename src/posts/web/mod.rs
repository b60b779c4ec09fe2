//! Pages of the posts ("annonces"): the boards of a place (`/lieux/{slug}/annonces`) and of
//! a network (`/reseaux/{slug}/annonces`, with its places' posts) with their filters and
//! Atom feeds, a post's page with its matches for its author; the forms, "mes annonces", the
//! author's and the moderators' buttons and the moderation queue are in `edit`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{self, Board, Post, PostKind, PostStatus, ReportReason};
use super::repo::Filter;
use super::service::{self, Card};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::ids::PostId;
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{render, Chrome};

mod edit;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/annonces", post(edit::create))
        .route("/annonces/nouvelle", get(edit::new_form))
        .route("/annonces/moderation", get(edit::queue))
        .route("/mes-annonces", get(edit::mine))
        .route("/annonces/{id}", get(post_page))
        .route(
            "/annonces/{id}/modifier",
            get(edit::edit_form).post(edit::edit),
        )
        .route("/annonces/{id}/renouveler", post(edit::renew))
        .route("/annonces/{id}/archiver", post(edit::archive))
        .route("/annonces/{id}/supprimer", post(edit::delete))
        .route("/annonces/{id}/signaler", post(edit::report))
        .route("/annonces/{id}/moderer", post(edit::moderate))
        .route("/lieux/{slug}/annonces", get(place_board))
        .route("/lieux/{slug}/annonces.atom", get(place_feed))
        .route("/reseaux/{slug}/annonces", get(network_board))
        .route("/reseaux/{slug}/annonces.atom", get(network_feed))
}

/// The label of a kind.
pub(super) fn kind_label(c: &Chrome, k: PostKind) -> String {
    c.t(&k.label_key())
}

/// A post in a list.
pub struct CardView {
    pub id: PostId,
    pub title: String,
    pub path: String,
    pub kind: String,
    pub kind_code: String,
    pub board_name: String,
    pub board_path: String,
    pub signed_by: String,
    pub category: String,
    pub skills: Vec<String>,
    pub wanted: Vec<String>,
    pub city: String,
    pub excerpt: String,
    pub expires: String,
    pub expires_on: String,
    pub status: String,
}

pub(super) fn card_view(c: &Chrome, card: &Card, today: &str) -> CardView {
    let p = &card.post;
    let status = if p.status == PostStatus::Published && p.expired(today) {
        c.t("posts-status-expired")
    } else {
        c.t(&format!("posts-status-{}", p.status))
    };
    CardView {
        id: p.id,
        title: p.title.clone(),
        path: p.path(),
        kind: kind_label(c, p.kind),
        kind_code: p.kind.to_string(),
        board_name: p.board_name.clone(),
        board_path: p.board_path(),
        signed_by: p.signed_by(),
        category: p.category_name.clone().unwrap_or_default(),
        skills: card
            .skills
            .iter()
            .filter(|s| !s.wanted)
            .map(|s| s.name.clone())
            .collect(),
        wanted: card
            .skills
            .iter()
            .filter(|s| s.wanted)
            .map(|s| s.name.clone())
            .collect(),
        city: p.city.clone(),
        excerpt: p.excerpt(),
        expires: model::day_fr(&p.expires_on),
        expires_on: p.expires_on.clone(),
        status,
    }
}

/// The board's filters as the form sends them (all text: a bad value is ignored and said).
#[derive(Deserialize, Default, Clone)]
pub(super) struct BoardQuery {
    #[serde(default)]
    pub(super) q: String,
    #[serde(rename = "type", default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) category: String,
    #[serde(default)]
    pub(super) skill: String,
    #[serde(default)]
    pub(super) city: String,
    #[serde(default)]
    pub(super) near: String,
    #[serde(default)]
    pub(super) radius_km: String,
    #[serde(default)]
    page: Option<String>,
}

/// The filter of a board's query; whether a value could not be read. `point` is the place's
/// own point (the centre of a distance when `near` is empty).
pub(super) fn filter(
    state: &AppState,
    q: &BoardQuery,
    board: Board,
    point: Option<(f64, f64)>,
) -> (Filter, bool) {
    let mut bad = false;
    let kind = match q.kind.trim() {
        "" => None,
        k => {
            let v = k.parse::<PostKind>().ok();
            bad |= v.is_none();
            v
        }
    };
    let near = match q.radius_km.trim() {
        "" => None,
        r => match r.parse::<f64>() {
            Ok(r) if r > 0.0 && r <= 500.0 => {
                let centre = match q.near.trim() {
                    "" => point,
                    n => {
                        let v = crate::actors::model::parse_near(n);
                        bad |= v.is_none();
                        v
                    }
                };
                bad |= centre.is_none();
                centre.map(|(a, b)| (a, b, r))
            }
            _ => {
                bad = true;
                None
            }
        },
    };
    let (network, place) = match board {
        Board::Network(n) => (Some(n), None),
        Board::Place(p) => (None, Some(p)),
    };
    let pick = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    (
        Filter {
            network,
            place,
            kind,
            category: pick(&q.category),
            skill: Some(crate::text::fold_words(&q.skill)).filter(|s| !s.is_empty()),
            city: Some(crate::text::fold_words(&q.city)).filter(|s| !s.is_empty()),
            words: crate::db::search::words(&q.q),
            near,
            listed_on: service::today(state),
        },
        bad,
    )
}

#[derive(Template)]
#[template(path = "posts/board.html")]
struct BoardTpl {
    c: Chrome,
    owner_name: String,
    owner_path: String,
    action: String,
    feed: String,
    new_href: String,
    showcase: String,
    f: BoardQuery,
    bad_filter: bool,
    kinds: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    radii: Vec<&'static str>,
    cards: Vec<CardView>,
    total: i64,
    pages: Vec<PageLink>,
    signed_in: bool,
}

/// A board: `(board, name, owner's path, point)`.
type Owner = (Board, String, String, Option<(f64, f64)>);

async fn place_owner(state: &AppState, slug: &str) -> AppResult<Owner> {
    let p = crate::tenancy::repo::place_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let point = super::repo::place_point(&state.db, p.id).await?;
    Ok((
        Board::Place(p.id),
        p.name,
        format!("/lieux/{}", p.slug),
        point,
    ))
}

async fn network_owner(state: &AppState, slug: &str) -> AppResult<Owner> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        Board::Network(n.id),
        n.name,
        format!("/reseaux/{}", n.slug),
        None,
    ))
}

async fn board_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    (board, name, owner_path, point): Owner,
    q: BoardQuery,
) -> AppResult<Response> {
    let page = PageQuery {
        page: q.page.clone(),
    };
    let (limit, offset) = page.window(model::PER_PAGE);
    let (f, bad_filter) = filter(state, &q, board, point);
    let (rows, total) = service::list(state, &f, limit, offset).await?;
    let mut c = Chrome::new(ctx, headers, "posts-board-title");
    c.title = format!("{} · {name}", c.title);
    let who = ctx.user.as_ref();
    let new_href = if service::may_post(state, who, board).await? {
        match board {
            Board::Place(p) => format!("/annonces/nouvelle?place_id={p}"),
            Board::Network(n) => format!("/annonces/nouvelle?network_id={n}"),
        }
    } else {
        String::new()
    };
    let action = format!("{owner_path}/annonces");
    let query = crate::web::paging::query_without_page(ctx.path.split_once('?').map(|x| x.1));
    let today = service::today(state);
    render(&BoardTpl {
        pages: pages(&query, &action, page.number(), total, model::PER_PAGE),
        kinds: PostKind::ALL
            .iter()
            .map(|k| (k.to_string(), kind_label(&c, *k)))
            .collect(),
        categories: crate::actors::service::categories(state)
            .await?
            .into_iter()
            .map(|x| (x.slug, x.name))
            .collect(),
        radii: vec!["5", "10", "20", "50"],
        cards: rows.iter().map(|x| card_view(&c, x, &today)).collect(),
        feed: format!("{action}.atom"),
        showcase: format!("{owner_path}/vitrine"),
        signed_in: who.is_some(),
        c,
        owner_name: name,
        owner_path,
        action,
        new_href,
        f: q,
        bad_filter,
        total,
    })
}

async fn place_board(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let owner = place_owner(&state, &slug).await?;
    board_view(&state, &ctx, &headers, owner, q).await
}

async fn network_board(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let owner = network_owner(&state, &slug).await?;
    board_view(&state, &ctx, &headers, owner, q).await
}

/// A match as the post's page shows it.
pub struct MatchView {
    pub title: String,
    pub path: String,
    pub is_actor: bool,
    pub score: i64,
    pub reasons: String,
}

#[derive(Template)]
#[template(path = "posts/post.html")]
struct PostTpl {
    c: Chrome,
    v: CardView,
    body: String,
    p: Post,
    listed: bool,
    is_author: bool,
    can_moderate: bool,
    hidden: bool,
    signed_in: bool,
    matches: Vec<MatchView>,
    reasons: Vec<(String, String)>,
    actor_path: String,
}

/// `GET /annonces/{id}`: the post; its author sees its matches with their reasons and the
/// buttons to edit, renew, archive, delete; its moderators hide or restore it; a signed-in
/// reader may report it. Hidden, archived or expired: its author and moderators only.
async fn post_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id: PostId = id.parse().map_err(|_| AppError::NotFound)?;
    let who = ctx.user.as_ref();
    let p = service::visible(&state, who, id).await?;
    let is_author = service::is_author(who, &p);
    let can_moderate = service::may_moderate(&state, who, &p).await?;
    let today = service::today(&state);
    let card = service::card(&state, p.clone()).await?;
    let mut c = Chrome::new(&ctx, &headers, "posts-board-title");
    c.title = p.title.clone();
    let matches = if is_author {
        service::matches(&state, &card)
            .await?
            .iter()
            .map(|m| MatchView {
                title: m.title(),
                path: m.path(),
                is_actor: m.actor.is_some(),
                score: m.scored.score,
                reasons: model::reasons_line(&m.scored.reasons, c.lang),
            })
            .collect()
    } else {
        Vec::new()
    };
    render(&PostTpl {
        v: card_view(&c, &card, &today),
        reasons: ReportReason::ALL
            .iter()
            .map(|r| (r.to_string(), c.t(&r.label_key())))
            .collect(),
        signed_in: who.is_some(),
        listed: p.listed(&today),
        hidden: p.status == PostStatus::Hidden,
        body: p.body.clone(),
        actor_path: p
            .actor_slug
            .as_ref()
            .map(|s| format!("/acteurs/{s}"))
            .unwrap_or_default(),
        c,
        p,
        is_author,
        can_moderate,
        matches,
    })
}

#[derive(Template)]
#[template(path = "posts/feed.atom", escape = "xml")]
struct AtomTpl {
    title: String,
    html: String,
    this: String,
    updated: String,
    entries: Vec<Entry>,
}

struct Entry {
    id: String,
    title: String,
    published: String,
    updated: String,
    author: String,
    category: String,
    summary: String,
    content: String,
}

/// The Atom feed of a board: its 50 newest listed posts.
async fn feed(state: &AppState, (board, name, owner_path, _): Owner) -> AppResult<Response> {
    let f = Filter {
        network: match board {
            Board::Network(n) => Some(n),
            Board::Place(_) => None,
        },
        place: match board {
            Board::Place(p) => Some(p),
            Board::Network(_) => None,
        },
        listed_on: service::today(state),
        ..Default::default()
    };
    let (rows, _) = service::list(state, &f, 50, 0).await?;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let lang = crate::i18n::Lang::Fr;
    let entries = rows
        .iter()
        .map(|x| {
            let p = &x.post;
            Entry {
                id: format!("{base}{}", p.path()),
                title: format!("{} : {}", lang.t(&p.kind.label_key()), p.title),
                published: crate::clock::rfc3339(p.created_at),
                updated: crate::clock::rfc3339(p.updated_at),
                author: p.signed_by(),
                category: p.kind.to_string(),
                summary: p.excerpt(),
                content: p.body.clone(),
            }
        })
        .collect();
    let updated = rows.iter().map(|x| x.post.updated_at).max().unwrap_or(0);
    let body = AtomTpl {
        title: format!("{name} — annonces"),
        html: format!("{base}{owner_path}/annonces"),
        this: format!("{base}{owner_path}/annonces.atom"),
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

async fn place_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let owner = place_owner(&state, &slug).await?;
    feed(&state, owner).await
}

async fn network_feed(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let owner = network_owner(&state, &slug).await?;
    feed(&state, owner).await
}
