//! News in the API: `POST /api/v1/news`, `GET /api/v1/news` (filters, paged),
//! `GET`/`PATCH`/`DELETE /api/v1/news/{id}`. Drafts and scheduled posts answer 404 and are
//! left out of lists for everyone but the writers of their scope.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{Created, NewsInput, NewsPost, NewsStatus, Scope};
use super::service::{self, PostInput};
use crate::auth::{api_user, Ctx};
use crate::error::{ApiError, ApiResult, AppError, FieldErrors};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::{NetworkId, NewsId, PlaceId, ProjectId};
use crate::state::AppState;

type E = crate::error::ApiErrorBody;

/// A post as the API shows it (and, merged with a `PATCH`, reads back).
#[derive(Serialize, ToSchema)]
pub struct NewsOut {
    pub id: NewsId,
    pub slug: String,
    pub title: String,
    /// Sanitized HTML.
    pub body: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub project_id: Option<ProjectId>,
    /// The name of its network, place or project.
    pub scope_name: String,
    pub tags: Vec<String>,
    pub status: NewsStatus,
    /// RFC 3339: shown to everyone from this instant on once published.
    pub publish_at: String,
    pub updated_at: String,
    /// The post's page.
    pub url: String,
    /// Its image, if any (set by `POST /api/v1/news/{id}/image`).
    pub image: Option<crate::media::PhotoOut>,
}

fn out(state: &AppState, p: NewsPost, image: Option<&crate::media::Photo>) -> NewsOut {
    NewsOut {
        image: image.map(Into::into),
        url: format!(
            "{}{}",
            state.config.base_url.trim_end_matches('/'),
            p.path()
        ),
        tags: p.tag_list(),
        publish_at: crate::clock::rfc3339(p.publish_at),
        updated_at: crate::clock::rfc3339(p.updated_at),
        id: p.id,
        slug: p.slug,
        title: p.title,
        body: p.body,
        network_id: p.network_id,
        place_id: p.place_id,
        project_id: p.project_id,
        scope_name: p.scope_name,
        status: p.status,
    }
}

/// The service's input from the API's body: `publish_at` read as RFC 3339.
fn input(b: &NewsInput) -> PostInput<'_> {
    let mut errors = FieldErrors::default();
    let publish_at = match b.publish_at.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => match chrono::DateTime::parse_from_rfc3339(raw) {
            Ok(t) => Some(t.timestamp_millis()),
            Err(_) => {
                errors.add("publish_at", "news-publish-at-invalid");
                None
            }
        },
    };
    if b.tags.as_ref().is_some_and(|t| t.len() > 50) {
        errors.add("tags", "field-too-long");
    }
    PostInput {
        title: &b.title,
        body: &b.body,
        tags: b
            .tags
            .iter()
            .flatten()
            .take(50)
            .map(String::as_str)
            .collect(),
        network_id: b.network_id,
        place_id: b.place_id,
        project_id: b.project_id,
        publish_at,
        status: b.status,
        errors,
    }
}

/// Writes a post in a network (its animators), a place (its managers and its networks'
/// animators) or a project (its holders); instance admins everywhere. `status` is `published`
/// when absent, `publish_at` now: a published post with a future `publish_at` is scheduled.
#[utoipa::path(
    post, path = "/api/v1/news", tag = "actualites", operation_id = "create_news",
    request_body = NewsInput,
    responses(
        (status = 201, description = "Actualité créée", body = Created),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui écrivent pour ce réseau, lieu ou projet", body = E),
        (status = 404, description = "Réseau, lieu ou projet inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_news(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<NewsInput>,
) -> ApiResult<(StatusCode, Json<Created>)> {
    let who = api_user(&ctx)?;
    let p = service::create(&state, who, input(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: p.id,
            slug: p.slug,
        }),
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// The posts of this network only.
    pub network_id: Option<NetworkId>,
    /// The posts of this place only.
    pub place_id: Option<PlaceId>,
    /// The posts of this project only.
    pub project_id: Option<ProjectId>,
    /// The posts with this tag only.
    pub tag: Option<String>,
    /// From 1.
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
    /// 1 to 100 (default 20).
    #[param(value_type = Option<i64>)]
    pub per_page: Option<String>,
}

/// `(page, per_page)` of a list query; bad values are field errors (422).
fn window(q: &ListQuery) -> Result<(i64, i64), AppError> {
    crate::form::parse::page_window(q.page.as_deref(), q.per_page.as_deref())
}

/// Published posts, newest first (with one scope named: its drafts and scheduled posts too
/// for those who write in it), one page at a time; `X-Total-Count` gives their number.
#[utoipa::path(
    get, path = "/api/v1/news", tag = "actualites", operation_id = "list_news",
    params(ListQuery),
    responses(
        (status = 200, description = "Une page d'actualités", body = [NewsOut],
         headers(("X-Total-Count" = i64, description = "Nombre d'actualités"))),
        (status = 422, description = "Filtres invalides", body = E),
    )
)]
pub async fn list_news(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<ListQuery>,
) -> ApiResult<(HeaderMap, Json<Vec<NewsOut>>)> {
    let (page, per_page) = window(&q).map_err(|e| ApiError(e, ctx.lang))?;
    let named = [
        q.network_id.is_some(),
        q.place_id.is_some(),
        q.project_id.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if named > 1 {
        let e = AppError::Invalid(FieldErrors::one("network_id", "news-scope-one"));
        return Err(ApiError(e, ctx.lang));
    }
    let scope = Scope::one(q.network_id, q.place_id, q.project_id);
    let (rows, total) = service::list(
        &state,
        ctx.user.as_ref(),
        scope,
        q.tag.as_deref(),
        per_page,
        (page - 1) * per_page,
    )
    .await?;
    let mut headers = HeaderMap::new();
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok((
        headers,
        Json({
            let images = service::images_of(&state, &rows).await?;
            rows.into_iter()
                .map(|p| {
                    let image = images.get(&p.id);
                    out(&state, p, image)
                })
                .collect()
        }),
    ))
}

/// One post (404 for a draft or a scheduled post, except to the writers of its scope).
#[utoipa::path(
    get, path = "/api/v1/news/{id}", tag = "actualites", operation_id = "get_news",
    params(("id" = i64, Path, description = "Identifiant de l'actualité")),
    responses(
        (status = 200, description = "L'actualité", body = NewsOut),
        (status = 404, description = "Inconnue ou pas encore publiée", body = E),
    )
)]
pub async fn get_news(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NewsId>,
) -> ApiResult<Json<NewsOut>> {
    let p = service::readable(&state, ctx.user.as_ref(), id).await?;
    let image = service::image_of(&state, p.id).await?;
    Ok(Json(out(&state, p, image.as_ref())))
}

/// Changes only the fields sent (JSON Merge Patch, RFC 7396): the post as `GET` returns it,
/// the fields sent merged in, checked and saved like a new post. The rights are checked on the
/// post's scope, and on the new one when the patch moves it.
#[utoipa::path(
    patch, path = "/api/v1/news/{id}", tag = "actualites", operation_id = "patch_news",
    params(("id" = i64, Path, description = "Identifiant de l'actualité")),
    request_body(content = NewsInput, content_type = "application/merge-patch+json"),
    responses(
        (status = 200, description = "Modifiée", body = NewsOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui écrivent pour ce réseau, lieu ou projet", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn patch_news(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NewsId>,
    JsonIn(changes): JsonIn<serde_json::Value>,
) -> ApiResult<Json<NewsOut>> {
    let who = api_user(&ctx)?;
    let current = service::writable(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let image = service::image_of(&state, id).await?;
    let b: NewsInput = crate::form::patched(&out(&state, current, image.as_ref()), &changes)
        .map_err(|e| ApiError(e, ctx.lang))?;
    let p = service::update(&state, who, id, input(&b))
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(out(&state, p, image.as_ref())))
}

/// Deletes a post (the writers of its scope).
#[utoipa::path(
    delete, path = "/api/v1/news/{id}", tag = "actualites", operation_id = "delete_news",
    params(("id" = i64, Path, description = "Identifiant de l'actualité")),
    responses(
        (status = 204, description = "Supprimée"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui écrivent pour ce réseau, lieu ou projet", body = E),
        (status = 404, description = "Inconnue", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn delete_news(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NewsId>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    service::delete(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets or replaces the post's image (the writers of its scope): multipart fields `file`
/// (PNG, JPEG or WebP, 10 MiB at most) and `alt` (the text alternative, required). Stored
/// resized (1600 px) with a 480 px thumbnail, as JPEG without metadata.
#[utoipa::path(
    post, path = "/api/v1/news/{id}/image", tag = "actualites", operation_id = "set_news_image",
    params(("id" = i64, Path, description = "Identifiant de l'actualité")),
    request_body(content_type = "multipart/form-data", description = "Champs `file` et `alt`"),
    responses(
        (status = 201, description = "Image enregistrée", body = crate::media::PhotoOut),
        (status = 400, description = "Corps illisible", body = E),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui écrivent pour ce réseau, lieu ou projet", body = E),
        (status = 404, description = "Inconnue", body = E),
        (status = 422, description = "Pas une image, trop grande, ou texte alternatif manquant", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn set_news_image(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NewsId>,
    mp: axum::extract::Multipart,
) -> ApiResult<(StatusCode, Json<crate::media::PhotoOut>)> {
    let who = api_user(&ctx)?;
    service::writable(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    let up = crate::form::read_upload(mp)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    if up.too_large {
        let e = AppError::Invalid(FieldErrors::one("file", "photo-error-too-large"));
        return Err(ApiError(e, ctx.lang));
    }
    let photo = service::set_image(
        &state,
        who,
        id,
        up.file.as_ref().map(|(_, b)| b.as_slice()),
        up.get("alt"),
    )
    .await
    .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((StatusCode::CREATED, Json((&photo).into())))
}

/// Removes the post's image (the writers of its scope).
#[utoipa::path(
    delete, path = "/api/v1/news/{id}/image", tag = "actualites", operation_id = "delete_news_image",
    params(("id" = i64, Path, description = "Identifiant de l'actualité")),
    responses(
        (status = 204, description = "Image supprimée"),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui écrivent pour ce réseau, lieu ou projet", body = E),
        (status = 404, description = "Inconnue, ou sans image", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn delete_news_image(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<NewsId>,
) -> ApiResult<StatusCode> {
    let who = api_user(&ctx)?;
    if !service::delete_image(&state, who, id)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?
    {
        return Err(ApiError(AppError::NotFound, ctx.lang));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// The `201` answer of `POST /api/v1/lists`.
#[derive(Serialize, ToSchema)]
pub struct ListCreated {
    pub id: crate::ids::NewsListId,
    /// The consent text subscribers are shown and accept.
    pub consent_text: String,
}

/// Creates a list of a network (its animators) or a place (its managers and its networks'
/// animators); people subscribe to it with double opt-in.
#[utoipa::path(
    post, path = "/api/v1/lists", tag = "actualites", operation_id = "create_list",
    request_body = crate::news::model::CreateList,
    responses(
        (status = 201, description = "Liste créée", body = ListCreated),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui animent ce réseau ou gèrent ce lieu", body = E),
        (status = 404, description = "Réseau ou lieu inconnu", body = E),
        (status = 422, description = "Champs invalides", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn create_list(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(b): JsonIn<crate::news::model::CreateList>,
) -> ApiResult<(StatusCode, Json<ListCreated>)> {
    let who = api_user(&ctx)?;
    let l = service::create_list(&state, who, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::CREATED,
        Json(ListCreated {
            id: l.id,
            consent_text: l.consent_text,
        }),
    ))
}

/// The `202` answer of a subscription request: always the same.
#[derive(Serialize, ToSchema)]
pub struct SubscriptionAccepted {
    /// `confirmation_sent`: if the address is not yet on the list, it receives a link to
    /// confirm (valid 7 days).
    pub status: crate::news::model::SubscriptionAnswer,
    pub message: String,
}

/// Subscribes an address to a list, without an account (double opt-in): the address gets a
/// confirmation link valid 7 days; nothing is sent to it before it confirms. The answer is the
/// same whether the address is new, waiting or already subscribed. Callable without a token
/// and from other sites (it uses no session).
#[utoipa::path(
    post, path = "/api/v1/lists/{id}/subscriptions", tag = "actualites", operation_id = "subscribe_to_list",
    params(("id" = i64, Path, description = "Identifiant de la liste")),
    request_body = crate::news::model::Subscribe,
    responses(
        (status = 202, description = "Demande reçue (confirmation envoyée si besoin)", body = SubscriptionAccepted),
        (status = 404, description = "Liste inconnue", body = E),
        (status = 422, description = "Adresse invalide", body = E),
    )
)]
pub async fn subscribe_to_list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<crate::ids::NewsListId>,
    JsonIn(b): JsonIn<crate::news::model::Subscribe>,
) -> ApiResult<(StatusCode, Json<SubscriptionAccepted>)> {
    service::subscribe(&state, id, &b.email, crate::news::model::ConsentSource::Api)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SubscriptionAccepted {
            status: crate::news::model::SubscriptionAnswer::ConfirmationSent,
            message: "Si cette adresse n'est pas encore inscrite, elle reçoit un lien de confirmation valable 7 jours.".into(),
        }),
    ))
}

/// Imports subscribers from CSV (the list's writers): the basis of their consent is required
/// and stored with each one. Without `certify_prior_consent`, each address receives a
/// confirmation link and nothing else until it confirms; with it, the addresses are subscribed
/// at once and the certification (who, when, basis) is recorded. Addresses that left the list
/// are never subscribed again by an import.
#[utoipa::path(
    post, path = "/api/v1/lists/{id}/import", tag = "actualites", operation_id = "import_subscribers",
    params(("id" = i64, Path, description = "Identifiant de la liste")),
    request_body = crate::news::model::ImportSubscribers,
    responses(
        (status = 200, description = "Ce que l'import a fait", body = crate::news::model::ImportReport),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé à ceux qui animent ce réseau ou gèrent ce lieu", body = E),
        (status = 404, description = "Liste inconnue", body = E),
        (status = 422, description = "Base du consentement manquante, fichier trop long", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn import_subscribers(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<crate::ids::NewsListId>,
    JsonIn(b): JsonIn<crate::news::model::ImportSubscribers>,
) -> ApiResult<Json<crate::news::model::ImportReport>> {
    let who = api_user(&ctx)?;
    let report = service::import_subscribers(&state, who, id, &b)
        .await
        .map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(report))
}

pub fn routes() -> axum::Router<AppState> {
    use axum::extract::DefaultBodyLimit;
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/api/v1/news/{id}/image",
            post(set_news_image)
                .delete(delete_news_image)
                .layer(DefaultBodyLimit::max(
                    crate::media::MAX_PHOTO_BYTES + 64 * 1024,
                )),
        )
        .route("/api/v1/news", get(list_news).post(create_news))
        .route("/api/v1/lists", post(create_list))
        .route("/api/v1/lists/{id}/subscriptions", post(subscribe_to_list))
        .route(
            "/api/v1/lists/{id}/import",
            post(import_subscribers).layer(axum::extract::DefaultBodyLimit::max(1024 * 1024)),
        )
        .route(
            "/api/v1/news/{id}",
            get(get_news).patch(patch_news).delete(delete_news),
        )
}
