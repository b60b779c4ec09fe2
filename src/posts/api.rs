//! The posts ("annonces") in the API: `POST /api/v1/posts` (→ its matches), `GET
//! /api/v1/posts` (a board's filters, listed posts only), `GET`/`PATCH`/`DELETE
//! /api/v1/posts/{id}`, `GET /api/v1/posts/{id}/matches`, `POST …/renew` and `POST
//! …/report`. The rules are the pages' (one service).

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{Created, MatchOut, PostInput, PostKind, PostStatus, ReportReason};
use super::repo::Filter;
use super::service::{self, Card, Draft, Match};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::i18n::Lang;
use crate::ids::{ActorId, NetworkId, PlaceId, PostId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// A post as the API shows it (and, merged with a `PATCH`, reads back). Never its author's
/// email or phone.
#[derive(Serialize, ToSchema)]
pub struct PostOut {
    pub id: PostId,
    #[serde(rename = "type")]
    pub kind: PostKind,
    pub title: String,
    pub body: String,
    /// The category's slug.
    pub category: Option<String>,
    /// What it seeks (a need) or gives (otherwise); what an exchange teaches.
    pub skills: Vec<String>,
    /// What an exchange seeks to learn.
    pub wanted_skills: Vec<String>,
    pub place_id: Option<PlaceId>,
    pub network_id: Option<NetworkId>,
    /// The name of its place or network.
    pub board_name: String,
    pub actor_id: Option<ActorId>,
    /// Who signs it: the actor profile's name, else the author's display name.
    pub signed_by: String,
    pub city: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub expires_on: String,
    pub status: PostStatus,
    /// Past its last day: no longer listed until its author renews it.
    pub expired: bool,
    pub created_at: String,
    pub url: String,
}

fn out(state: &AppState, c: Card) -> PostOut {
    let today = service::today(state);
    let p = c.post;
    let names = |wanted: bool| {
        c.skills
            .iter()
            .filter(|s| s.wanted == wanted)
            .map(|s| s.name.clone())
            .collect()
    };
    PostOut {
        url: format!(
            "{}{}",
            state.config.base_url.trim_end_matches('/'),
            p.path()
        ),
        expired: p.expired(&today),
        signed_by: p.signed_by(),
        created_at: crate::clock::rfc3339(p.created_at),
        skills: names(false),
        wanted_skills: names(true),
        id: p.id,
        kind: p.kind,
        title: p.title,
        body: p.body,
        category: p.category_slug,
        place_id: p.place_id,
        network_id: p.network_id,
        board_name: p.board_name,
        actor_id: p.actor_id,
        city: Some(p.city).filter(|c| !c.is_empty()),
        latitude: p.latitude,
        longitude: p.longitude,
        expires_on: p.expires_on,
        status: p.status,
    }
}

fn draft(b: &PostInput) -> Draft {
    Draft {
        kind: Some(b.kind),
        title: b.title.clone(),
        body: b.body.clone(),
        category: b.category.clone().unwrap_or_default(),
        skills: b.skills.clone(),
        wanted_skills: b.wanted_skills.clone(),
        network_id: b.network_id,
        place_id: b.place_id,
        actor_id: b.actor_id,
        city: b.city.clone().unwrap_or_default(),
        latitude: b.latitude,
        longitude: b.longitude,
        expires_on: b.expires_on.clone().unwrap_or_default(),
        errors: FieldErrors::default(),
    }
}

fn match_out(state: &AppState, m: &Match, lang: Lang) -> MatchOut {
    MatchOut {
        post_id: m.post.as_ref().map(|p| p.id),
        actor_id: m.actor.as_ref().map(|a| a.actor.id),
        title: m.title(),
        url: format!(
            "{}{}",
            state.config.base_url.trim_end_matches('/'),
            m.path()
        ),
        score: m.scored.score,
        reasons: m.reasons(lang),
    }
}

/// Publishes a post on the board of a place or a network the caller belongs to (member,
/// manager, animator), listed until `expires_on` (30 days by default, 90 at most); answers
/// its matches, best first. The people it matches are told by email (their preference).
#[utoipa::path(
    post, path = "/api/v1/posts", tag = "annonces", operation_id = "create_post",
    request_body = PostInput,
    responses(
        (status = 201, description = "Annonce publiée, avec ses correspondances", body = Created),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Lieu ou réseau inconnu, ou dont on n'est pas membre", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_post(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<PostInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let who = api_user(&ctx)?;
    let p = service::create(&state, who, draft(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let c = service::card(&state, p).await?;
    let matches = service::matches(&state, &c).await?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: c.post.id,
            url: format!(
                "{}{}",
                state.config.base_url.trim_end_matches('/'),
                c.post.path()
            ),
            expires_on: c.post.expires_on.clone(),
            matches: matches
                .iter()
                .map(|m| match_out(&state, m, ctx.lang))
                .collect(),
        }),
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<PostKind>,
    /// The posts of this network and of its places.
    pub network_id: Option<NetworkId>,
    /// The posts of this place.
    pub place_id: Option<PlaceId>,
    /// A category slug.
    pub category: Option<String>,
    /// A skill (a synonym finds its skill).
    pub skill: Option<String>,
    /// A commune (accents and case aside).
    pub city: Option<String>,
    /// Words, each found in the title, text, commune, category or skills (accents aside).
    pub q: Option<String>,
    /// `lat,lon`: with `radius_km`, the posts within that distance.
    pub near: Option<String>,
    #[param(value_type = Option<f64>)]
    pub radius_km: Option<String>,
    /// From 1.
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
    /// 1 to 100 (default 20).
    #[param(value_type = Option<i64>)]
    pub per_page: Option<String>,
}

/// The listed posts (published, not expired), newest first, one page at a time;
/// `X-Total-Count` gives their number.
#[utoipa::path(
    get, path = "/api/v1/posts", tag = "annonces", operation_id = "list_posts",
    params(ListQuery),
    responses(
        (status = 200, description = "Une page d'annonces", body = [PostOut],
         headers(("X-Total-Count" = i64, description = "Nombre d'annonces"))),
        (status = 422, description = "Filtres invalides", body = E),
    )
)]
pub async fn list_posts(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<ListQuery>,
) -> ApiResult<(HeaderMap, Json<Vec<PostOut>>)> {
    let (page, per_page) =
        crate::form::parse::page_window(q.page.as_deref(), q.per_page.as_deref())
            .map_err(|e| ApiError(e, ctx.lang))?;
    let mut errors = FieldErrors::default();
    let near = match (q.near.as_deref(), q.radius_km.as_deref()) {
        (Some(n), r) if !n.trim().is_empty() => {
            let point = crate::actors::model::parse_near(n);
            let radius = match r.map(str::trim) {
                None | Some("") => Some(30.0),
                Some(r) => r.parse::<f64>().ok().filter(|r| *r > 0.0 && *r <= 500.0),
            };
            if point.is_none() {
                errors.add("near", "field-coordinate-invalid");
            }
            if radius.is_none() {
                errors.add("radius_km", "field-invalid-choice");
            }
            point.zip(radius).map(|((a, b), r)| (a, b, r))
        }
        _ => None,
    };
    errors.into_result().map_err(|e| ApiError(e, ctx.lang))?;
    let fold = |s: &Option<String>| {
        s.as_deref()
            .map(crate::text::fold_words)
            .filter(|c| !c.is_empty())
    };
    let f = Filter {
        network: q.network_id,
        place: q.place_id,
        kind: q.kind,
        category: q.category.clone().filter(|c| !c.trim().is_empty()),
        skill: fold(&q.skill),
        city: fold(&q.city),
        words: crate::db::search::words(q.q.as_deref().unwrap_or("")),
        near,
        listed_on: service::today(&state),
    };
    let (rows, total) = service::list(&state, &f, per_page, (page - 1) * per_page).await?;
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok((
        headers,
        Json(rows.into_iter().map(|c| out(&state, c)).collect()),
    ))
}

/// One post: a listed one for everyone; a hidden, archived or expired one for its author and
/// moderators only.
#[utoipa::path(
    get, path = "/api/v1/posts/{id}", tag = "annonces", operation_id = "get_post",
    params(("id" = i64, Path, description = "Identifiant de l'annonce")),
    responses(
        (status = 200, description = "L'annonce", body = PostOut),
        (status = 404, description = "Inconnue", body = E),
    )
)]
pub async fn get_post(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PostId>,
) -> ApiResult<Json<PostOut>> {
    let p = service::visible(&state, ctx.user.as_ref(), id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let c = service::card(&state, p).await?;
    Ok(Json(out(&state, c)))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396): the post as `GET` returns it,
/// the fields sent merged in, checked like a new post (a new `expires_on` or `actor_id` is
/// checked again). Its author only; the board does not change.
#[utoipa::path(
    patch, path = "/api/v1/posts/{id}", tag = "annonces", operation_id = "patch_post",
    params(("id" = i64, Path, description = "Identifiant de l'annonce")),
    request_body(content = PostInput, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Modifiée", body = PostOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou réservée à son auteur", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_post(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PostId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<PostOut>> {
    let who = api_user(&ctx)?;
    let current = service::writable(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let current = out(&state, service::card(&state, current).await?);
    let b: PostInput =
        crate::form::patched(&current, &changes).map_err(|e| ApiError(e, ctx.lang))?;
    let p = service::update(&state, who, id, draft(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let c = service::card(&state, p).await?;
    Ok(Json(out(&state, c)))
}

/// Deletes a post: its author, or the moderators of its board (the place's managers and its
/// networks' animators, the network's animators).
#[utoipa::path(
    delete, path = "/api/v1/posts/{id}", tag = "annonces", operation_id = "delete_post",
    params(("id" = i64, Path, description = "Identifiant de l'annonce")),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou réservée à son auteur et ses modérateurs", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn delete_post(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PostId>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::delete(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The matches of a post, best first, with their score and reasons (its author only): the
/// listed posts of the opposite kinds and, for a need or an exchange, the actor profiles.
#[utoipa::path(
    get, path = "/api/v1/posts/{id}/matches", tag = "annonces", operation_id = "post_matches",
    params(("id" = i64, Path, description = "Identifiant de l'annonce")),
    responses(
        (status = 200, description = "Ses correspondances", body = [MatchOut]),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou réservée à son auteur", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn post_matches(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PostId>,
) -> ApiResult<Json<Vec<MatchOut>>> {
    let who = api_user(&ctx)?;
    let found = service::matches_for(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(
        found
            .iter()
            .map(|m| match_out(&state, m, ctx.lang))
            .collect(),
    ))
}

/// Lists the post again for 30 days from today (its author), an archived or expired one too.
#[utoipa::path(
    post, path = "/api/v1/posts/{id}/renew", tag = "annonces", operation_id = "renew_post",
    params(("id" = i64, Path, description = "Identifiant de l'annonce")),
    responses(
        (status = 200, description = "Renouvelée", body = PostOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue, ou réservée à son auteur", body = E),
        (status = 409, description = "Masquée par un modérateur", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn renew_post(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PostId>,
) -> ApiResult<Json<PostOut>> {
    let who = api_user(&ctx)?;
    let p = service::renew(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let c = service::card(&state, p).await?;
    Ok(Json(out(&state, c)))
}

/// A report ("signaler").
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReportInput {
    pub reason: ReportReason,
    /// At most 1 000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// Reports a post to its moderators (any signed-in person who sees it, once per post: 422 on
/// `reason` the second time).
#[utoipa::path(
    post, path = "/api/v1/posts/{id}/report", tag = "annonces", operation_id = "report_post",
    params(("id" = i64, Path, description = "Identifiant de l'annonce")),
    request_body = ReportInput,
    responses(
        (status = 202, description = "Signalement transmis aux modérateurs"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides, ou déjà signalée", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn report_post(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<PostId>,
    JsonIn(b): JsonIn<ReportInput>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::report(
        &state,
        who,
        id,
        Some(b.reason),
        b.comment.as_deref().unwrap_or(""),
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::ACCEPTED)
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/v1/posts", get(list_posts).post(create_post))
        .route(
            "/api/v1/posts/{id}",
            get(get_post).patch(patch_post).delete(delete_post),
        )
        .route("/api/v1/posts/{id}/matches", get(post_matches))
        .route("/api/v1/posts/{id}/renew", post(renew_post))
        .route("/api/v1/posts/{id}/report", post(report_post))
}
