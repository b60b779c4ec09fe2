//! An organisation's photos page (`/acteurs/{slug}/photos`, its editors): the gallery with a
//! delete button per photo and the upload form (file and text alternative, required); the
//! first photo is the logo.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::actors::model::Actor;
use crate::actors::{photos, service};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::media::Photo;
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

#[derive(Template)]
#[template(path = "actors/photos.html")]
struct PhotosTpl {
    c: Chrome,
    a: Actor,
    photos: Vec<Photo>,
    max: usize,
    alt: String,
    errors: FieldErrors,
}

/// The profile of `slug` if `who` may edit it (404 otherwise).
async fn editable(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Actor> {
    let who = ctx.require_user()?;
    let a = service::by_slug(state, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_edit(state, Some(who), &a).await? {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

async fn view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    a: Actor,
    alt: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "actors-photos-title");
    c.title = format!("{} – {}", c.title, a.name);
    let photos = photos::of(state, &a).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &PhotosTpl {
            c,
            a,
            photos,
            max: photos::MAX_PHOTOS,
            alt,
            errors,
        },
    )
}

/// `GET /acteurs/{slug}/photos`.
pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let a = editable(&state, &ctx, &slug).await?;
    view(
        &state,
        &ctx,
        &headers,
        a,
        String::new(),
        FieldErrors::default(),
    )
    .await
}

/// `POST /acteurs/{slug}/photos` (multipart `file`, `alt`): adds one, or the page again (422).
pub(super) async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    mp: Multipart,
) -> AppResult<Response> {
    let a = editable(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let up = crate::form::read_upload(mp).await?;
    let alt = up.get("alt").to_string();
    let bytes = up.file.as_ref().map(|(_, b)| b.as_slice());
    match photos::add(&state, who, &a, bytes, up.too_large, &alt).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/acteurs/{}/photos", a.slug),
            "flash-actor-photo-added",
        )),
        Err(AppError::Invalid(errors)) => view(&state, &ctx, &headers, a, alt, errors).await,
        Err(e) => Err(e),
    }
}

/// `POST /acteurs/{slug}/photos/{pid}/supprimer`.
pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, pid)): Path<(String, i64)>,
) -> AppResult<Response> {
    let a = editable(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    photos::delete(&state, who, &a, pid).await?;
    Ok(redirect_flash(
        &format!("/acteurs/{}/photos", a.slug),
        "flash-actor-photo-deleted",
    ))
}
