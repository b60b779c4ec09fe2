//! Writing and editing a post, its author's and moderators' buttons (renew, archive, delete,
//! hide, restore), reports, "mes annonces" and the moderation queue: French forms, labelled,
//! errors tied to their fields (422), each write checked by the service (the API's rules).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::{Board, Post, PostKind, ReportReason};
use super::super::service::{self, Draft};
use super::{card_view, kind_label, CardView};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::ids::{ActorId, NetworkId, PlaceId, PostId};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

/// The form's fields, as typed (skills separated by commas).
#[derive(Deserialize, Default, Clone)]
pub(super) struct PostForm {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    skills: String,
    #[serde(default)]
    wanted_skills: String,
    #[serde(default)]
    actor_id: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    expires_on: String,
    #[serde(default)]
    network_id: Option<NetworkId>,
    #[serde(default)]
    place_id: Option<PlaceId>,
}

fn split(raw: &str) -> Vec<String> {
    raw.split([',', ';', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

impl PostForm {
    fn draft(&self, point: Option<(f64, f64)>) -> Draft {
        let mut errors = FieldErrors::default();
        let kind = match self.kind.trim() {
            "" => {
                errors.add("type", "field-required");
                None
            }
            k => parse_enum::<PostKind>(k, "type", &mut errors),
        };
        let actor_id = match self.actor_id.trim() {
            "" => None,
            a => match a.parse::<i64>() {
                Ok(v) => Some(ActorId(v)),
                Err(_) => {
                    errors.add("actor_id", "posts-error-actor");
                    None
                }
            },
        };
        Draft {
            kind,
            title: self.title.clone(),
            body: self.body.clone(),
            category: self.category.clone(),
            skills: split(&self.skills),
            wanted_skills: split(&self.wanted_skills),
            network_id: self.network_id,
            place_id: self.place_id,
            actor_id,
            city: self.city.clone(),
            latitude: point.map(|p| p.0),
            longitude: point.map(|p| p.1),
            expires_on: self.expires_on.clone(),
            errors,
        }
    }

    fn of(card: &service::Card) -> PostForm {
        let p = &card.post;
        let names = |wanted: bool| {
            card.skills
                .iter()
                .filter(|s| s.wanted == wanted)
                .map(|s| s.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        PostForm {
            kind: p.kind.to_string(),
            title: p.title.clone(),
            body: p.body.clone(),
            category: p.category_slug.clone().unwrap_or_default(),
            skills: names(false),
            wanted_skills: names(true),
            actor_id: p.actor_id.map(|a| a.to_string()).unwrap_or_default(),
            city: p.city.clone(),
            expires_on: p.expires_on.clone(),
            network_id: p.network_id,
            place_id: p.place_id,
        }
    }
}

#[derive(Template)]
#[template(path = "posts/form.html")]
struct FormTpl {
    c: Chrome,
    action: String,
    editing: Option<String>,
    board_name: String,
    board_path: String,
    board_field: String,
    board_id: i64,
    kinds: Vec<(String, String)>,
    categories: Vec<(String, String)>,
    /// The profiles it may be posted for: `(id, name)`.
    actors: Vec<(String, String)>,
    f: PostForm,
    errors: FieldErrors,
}

async fn board_name(state: &AppState, b: Board) -> AppResult<(String, String)> {
    Ok(match b {
        Board::Network(id) => {
            let n = crate::tenancy::repo::network_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (n.name, format!("/reseaux/{}/annonces", n.slug))
        }
        Board::Place(id) => {
            let p = crate::tenancy::repo::place_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (p.name, format!("/lieux/{}/annonces", p.slug))
        }
    })
}

async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    board: Board,
    editing: Option<&Post>,
    f: PostForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    if editing.is_none() && !service::may_post(state, Some(who), board).await? {
        return Err(AppError::NotFound);
    }
    let (name, path) = board_name(state, board).await?;
    let mut c = Chrome::new(
        ctx,
        headers,
        if editing.is_some() {
            "posts-edit"
        } else {
            "posts-new"
        },
    );
    c.title = format!("{} · {name}", c.title);
    let (field, id) = match board {
        Board::Network(n) => ("network_id", n.get()),
        Board::Place(p) => ("place_id", p.get()),
    };
    let mut actors = Vec::new();
    if let Some(a) = crate::actors::service::of_user(state, who).await? {
        actors.push((a.id.to_string(), a.name));
    }
    if let Some(p) = editing {
        if let (Some(a), Some(n)) = (p.actor_id, &p.actor_name) {
            if !actors.iter().any(|(i, _)| *i == a.to_string()) {
                actors.push((a.to_string(), n.clone()));
            }
        }
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            kinds: PostKind::ALL
                .iter()
                .map(|k| (k.to_string(), kind_label(&c, *k)))
                .collect(),
            categories: crate::actors::service::categories(state)
                .await?
                .into_iter()
                .map(|x| (x.slug, x.name))
                .collect(),
            c,
            action: match editing {
                Some(p) => format!("{}/modifier", p.path()),
                None => "/annonces".into(),
            },
            editing: editing.map(Post::path),
            board_name: name,
            board_path: path,
            board_field: field.into(),
            board_id: id,
            actors,
            f,
            errors,
        },
    )
}

#[derive(Deserialize, Default)]
pub(super) struct NewQuery {
    #[serde(default)]
    network_id: Option<String>,
    #[serde(default)]
    place_id: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

/// `GET /annonces/nouvelle?place_id=1`: the empty form for a board its member names.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let board = Board::one(
        id(&q.network_id).map(NetworkId),
        id(&q.place_id).map(PlaceId),
    )
    .ok_or(AppError::NotFound)?;
    let f = PostForm {
        kind: q
            .kind
            .as_deref()
            .and_then(|k| k.parse::<PostKind>().ok())
            .unwrap_or(PostKind::Need)
            .to_string(),
        expires_on: super::super::model::default_expiry(crate::clock::paris_date(
            state.clock.now_ms(),
        )),
        ..Default::default()
    };
    form_view(
        &state,
        &ctx,
        &headers,
        board,
        None,
        f,
        FieldErrors::default(),
    )
    .await
}

/// `POST /annonces`: writes the post, or shows the form again with its errors (422).
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<PostForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    match service::create(&state, who, f.draft(None)).await {
        Ok(p) => Ok(redirect_flash(&p.path(), "flash-post-published")),
        Err(AppError::Invalid(errors)) => {
            let board =
                Board::one(f.network_id, f.place_id).ok_or(AppError::Invalid(errors.clone()))?;
            form_view(&state, &ctx, &headers, board, None, f, errors).await
        }
        Err(e) => Err(e),
    }
}

fn post_id(raw: &str) -> AppResult<PostId> {
    raw.parse().map_err(|_| AppError::NotFound)
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = service::writable(&state, who, post_id(&id)?).await?;
    let card = service::card(&state, p.clone()).await?;
    let f = PostForm::of(&card);
    form_view(
        &state,
        &ctx,
        &headers,
        p.board(),
        Some(&p),
        f,
        FieldErrors::default(),
    )
    .await
}

/// `POST /annonces/{id}/modifier`: the board stays the post's; the rules are the creation's,
/// checked again by the service.
pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(mut f): Form<PostForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = service::writable(&state, who, post_id(&id)?).await?;
    f.network_id = p.network_id;
    f.place_id = p.place_id;
    // The form has no point: the post keeps its own.
    match service::update(&state, who, p.id, f.draft(p.point())).await {
        Ok(p) => Ok(redirect_flash(&p.path(), "flash-post-saved")),
        Err(AppError::Invalid(errors)) => {
            form_view(&state, &ctx, &headers, p.board(), Some(&p), f, errors).await
        }
        Err(e) => Err(e),
    }
}

/// `POST /annonces/{id}/renouveler`: listed again for 30 days (its author).
pub(super) async fn renew(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = service::renew(&state, who, post_id(&id)?).await?;
    Ok(redirect_flash(&p.path(), "flash-post-renewed"))
}

/// `POST /annonces/{id}/archiver`: off the board (its author).
pub(super) async fn archive(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::archive(&state, who, post_id(&id)?).await?;
    Ok(redirect_flash("/mes-annonces", "flash-post-archived"))
}

/// `POST /annonces/{id}/supprimer`: its author or its moderators.
pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let id = post_id(&id)?;
    let p = service::visible(&state, Some(who), id).await?;
    let author = service::is_author(Some(who), &p);
    service::delete(&state, who, id).await?;
    let to = if author {
        "/mes-annonces".to_string()
    } else {
        "/annonces/moderation".to_string()
    };
    Ok(redirect_flash(&to, "flash-post-deleted"))
}

#[derive(Deserialize, Default)]
pub(super) struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    comment: String,
}

/// `POST /annonces/{id}/signaler`: any signed-in reader, once.
pub(super) async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<ReportForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let id = post_id(&id)?;
    let reason = f.reason.trim().parse::<ReportReason>().ok();
    match service::report(&state, who, id, reason, &f.comment).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/annonces/{id}"),
            "flash-post-reported",
        )),
        Err(AppError::Invalid(e)) if e.get("reason") == Some("posts-error-reported") => Ok(
            redirect_flash(&format!("/annonces/{id}"), "flash-post-already-reported"),
        ),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub(super) struct ModerateForm {
    #[serde(default)]
    decision: String,
}

/// `POST /annonces/{id}/moderer`: `decision=masquer` or `retablir` (its moderators).
pub(super) async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(f): Form<ModerateForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let id = post_id(&id)?;
    let hide = match f.decision.as_str() {
        "masquer" => true,
        "retablir" => false,
        _ => {
            // The rights first: a decision that cannot be read is said to moderators only.
            let p = service::visible(&state, Some(who), id).await?;
            if !service::may_moderate(&state, Some(who), &p).await? {
                return Err(AppError::NotFound);
            }
            return Err(AppError::Invalid(FieldErrors::one(
                "decision",
                "field-invalid-choice",
            )));
        }
    };
    service::moderate(&state, who, id, hide).await?;
    Ok(redirect_flash(
        "/annonces/moderation",
        if hide {
            "flash-post-hidden"
        } else {
            "flash-post-restored"
        },
    ))
}

#[derive(Template)]
#[template(path = "posts/moderation.html")]
struct QueueTpl {
    c: Chrome,
    posts: Vec<(CardView, Vec<String>, bool)>,
}

/// `GET /annonces/moderation`: the hidden and reported posts of the boards the signed-in
/// person moderates.
pub(super) async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let queue = service::moderation_queue(&state, who).await?;
    let c = Chrome::new(&ctx, &headers, "posts-moderation");
    let today = service::today(&state);
    let mut posts = Vec::new();
    for (p, reports) in queue {
        let hidden = p.status == super::super::model::PostStatus::Hidden;
        let card = service::Card {
            post: p,
            skills: Vec::new(),
        };
        let lines = reports
            .iter()
            .map(|r| {
                let mut l = format!("{} — {}", c.t(&r.reason.label_key()), r.reporter);
                if !r.comment.is_empty() {
                    l.push_str(&format!(" : {}", r.comment));
                }
                l
            })
            .collect();
        posts.push((card_view(&c, &card, &today), lines, hidden));
    }
    render(&QueueTpl { c, posts })
}

#[derive(Template)]
#[template(path = "posts/mine.html")]
struct MineTpl {
    c: Chrome,
    posts: Vec<(CardView, bool)>,
    boards: Vec<(String, String)>,
}

/// `GET /mes-annonces`: every post of the signed-in person, whatever its status, with its
/// buttons; and where they may post.
pub(super) async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let cards = service::mine(&state, who).await?;
    let c = Chrome::new(&ctx, &headers, "posts-mine");
    let today = service::today(&state);
    let mut boards = Vec::new();
    for r in &who.roles {
        let (place, network) = (r.place_id, r.network_id);
        if let Some(id) = place {
            if let Some(p) = crate::tenancy::repo::place_by_id(&state.db, PlaceId(id)).await? {
                boards.push((p.name, format!("/annonces/nouvelle?place_id={id}")));
            }
        } else if let Some(id) = network {
            if let Some(n) = crate::tenancy::repo::network_by_id(&state.db, NetworkId(id)).await? {
                boards.push((n.name, format!("/annonces/nouvelle?network_id={id}")));
            }
        }
    }
    boards.dedup();
    render(&MineTpl {
        posts: cards
            .iter()
            .map(|x| (card_view(&c, x, &today), x.post.listed(&today)))
            .collect(),
        boards,
        c,
    })
}
