//! Writing, editing and deleting a post: one form for both (French, labelled, errors tied to
//! their fields), each write checked by the service.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::TimeZone;
use serde::Deserialize;

use super::super::model::{NewsPost, NewsStatus, Scope};
use super::super::service::{self, PostInput};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::ids::{NetworkId, PlaceId, ProjectId};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

/// The form's fields, as typed.
#[derive(Deserialize, Default, Clone)]
pub(super) struct PostForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    tags: String,
    /// Paris wall-clock `YYYY-MM-DDTHH:MM` (`datetime-local`); empty: now.
    #[serde(default)]
    publish_at: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    network_id: Option<NetworkId>,
    #[serde(default)]
    place_id: Option<PlaceId>,
    #[serde(default)]
    project_id: Option<ProjectId>,
}

/// A `datetime-local` value read as Paris time.
fn parse_local(raw: &str, errors: &mut FieldErrors) -> Option<i64> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    let naive = chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S"))
        .ok();
    match naive.and_then(|n| chrono_tz::Europe::Paris.from_local_datetime(&n).earliest()) {
        Some(d) => Some(d.timestamp_millis()),
        None => {
            errors.add("publish_at", "news-publish-at-invalid");
            None
        }
    }
}

/// An instant as a `datetime-local` value in Paris time.
fn local_value(ms: i64) -> String {
    crate::clock::from_ms(ms)
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

impl PostForm {
    fn input(&self) -> PostInput<'_> {
        let mut errors = FieldErrors::default();
        let publish_at = parse_local(&self.publish_at, &mut errors);
        let status = match self.status.trim() {
            "" => Some(NewsStatus::Published),
            s => parse_enum(s, "status", &mut errors),
        };
        PostInput {
            title: &self.title,
            body: &self.body,
            tags: vec![self.tags.as_str()],
            network_id: self.network_id,
            place_id: self.place_id,
            project_id: self.project_id,
            publish_at,
            status,
            errors,
        }
    }

    fn of(p: &NewsPost) -> PostForm {
        let [network_id, place_id, project_id] = p.scope().columns();
        PostForm {
            title: p.title.clone(),
            body: p.body.clone(),
            tags: p.tags.clone(),
            publish_at: local_value(p.publish_at),
            status: p.status.to_string(),
            network_id: network_id.map(NetworkId),
            place_id: place_id.map(PlaceId),
            project_id: project_id.map(ProjectId),
        }
    }
}

#[derive(Template)]
#[template(path = "news/form.html")]
struct FormTpl {
    c: Chrome,
    /// Where the form is sent.
    action: String,
    /// The post edited, if any (its page and its delete form).
    editing: Option<String>,
    scope_name: String,
    scope_path: String,
    scope_field: String,
    scope_id: i64,
    f: PostForm,
    errors: FieldErrors,
    /// The post's image, and the errors of its form.
    image: Option<crate::media::Photo>,
    image_errors: FieldErrors,
    alt: String,
}

#[allow(clippy::too_many_arguments)]
async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    scope: Scope,
    editing: Option<&NewsPost>,
    f: PostForm,
    (errors, image_errors, alt): (FieldErrors, FieldErrors, String),
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    if !service::may_write(state, Some(who), scope).await? {
        return Err(AppError::NotFound);
    }
    let (name, path) = scope_name(state, scope).await?;
    let mut c = Chrome::new(
        ctx,
        headers,
        if editing.is_some() {
            "news-edit"
        } else {
            "news-new"
        },
    );
    c.title = format!("{} – {name}", c.title);
    let (scope_field, scope_id) = scope.field();
    let image = match editing {
        Some(p) => service::image_of(state, p.id).await?,
        None => None,
    };
    let status = if errors.is_empty() && image_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            c,
            action: match editing {
                Some(p) => format!("{}/modifier", p.path()),
                None => "/actualites".into(),
            },
            editing: editing.map(|p| p.path()),
            scope_name: name,
            scope_path: path,
            scope_field: scope_field.into(),
            scope_id,
            f,
            errors,
            image,
            image_errors,
            alt,
        },
    )
}

fn no_errors() -> (FieldErrors, FieldErrors, String) {
    (
        FieldErrors::default(),
        FieldErrors::default(),
        String::new(),
    )
}

/// The name and page of a scope.
async fn scope_name(state: &AppState, scope: Scope) -> AppResult<(String, String)> {
    Ok(match scope {
        Scope::Network(id) => {
            let n = crate::tenancy::repo::network_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (n.name, format!("/reseaux/{}", n.slug))
        }
        Scope::Place(id) => {
            let p = crate::tenancy::repo::place_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (p.name, format!("/lieux/{}", p.slug))
        }
        Scope::Project(id) => {
            let p = crate::tenancy::service::project_scope(state, id.get())
                .await?
                .ok_or(AppError::NotFound)?;
            (p.name, format!("/projets/{}", p.slug))
        }
    })
}

#[derive(Deserialize, Default)]
pub(super) struct NewQuery {
    #[serde(default)]
    network_id: Option<String>,
    #[serde(default)]
    place_id: Option<String>,
    #[serde(default)]
    project_id: Option<String>,
}

/// `GET /actualites/nouvelle?place_id=3`: the empty form for a scope its writer names.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let scope = Scope::one(
        id(&q.network_id).map(NetworkId),
        id(&q.place_id).map(PlaceId),
        id(&q.project_id).map(ProjectId),
    )
    .ok_or(AppError::NotFound)?;
    let f = PostForm {
        status: NewsStatus::Published.to_string(),
        publish_at: local_value(state.clock.now_ms()),
        ..Default::default()
    };
    form_view(&state, &ctx, &headers, scope, None, f, no_errors()).await
}

/// `POST /actualites`: writes the post, or shows the form again with its errors (422).
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<PostForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    match service::create(&state, who, f.input()).await {
        Ok(p) => Ok(redirect_flash(&p.path(), "flash-news-saved")),
        Err(AppError::Invalid(errors)) => {
            let scope = Scope::one(f.network_id, f.place_id, f.project_id)
                .ok_or(AppError::Invalid(errors.clone()))?;
            form_view(
                &state,
                &ctx,
                &headers,
                scope,
                None,
                f,
                (errors, FieldErrors::default(), String::new()),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The post of `slug` if `ctx` may write it (404 for a draft they do not see, 403 for a
/// post they read but may not change).
async fn writable_by_slug(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<NewsPost> {
    let who = ctx.require_user()?;
    let p = service::readable_by_slug(state, Some(who), slug).await?;
    service::writable(state, who, p.id).await
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = writable_by_slug(&state, &ctx, &slug).await?;
    let f = PostForm::of(&p);
    form_view(&state, &ctx, &headers, p.scope(), Some(&p), f, no_errors()).await
}

/// `POST /actualites/{slug}/modifier`: the scope stays the post's (the form does not move a
/// post); the rights are checked again by the service.
pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(mut f): Form<PostForm>,
) -> AppResult<Response> {
    let p = writable_by_slug(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let [n, pl, pr] = p.scope().columns();
    f.network_id = n.map(NetworkId);
    f.place_id = pl.map(PlaceId);
    f.project_id = pr.map(ProjectId);
    match service::update(&state, who, p.id, f.input()).await {
        Ok(p) => Ok(redirect_flash(&p.path(), "flash-news-saved")),
        Err(AppError::Invalid(errors)) => {
            form_view(
                &state,
                &ctx,
                &headers,
                p.scope(),
                Some(&p),
                f,
                (errors, FieldErrors::default(), String::new()),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = writable_by_slug(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    service::delete(&state, who, p.id).await?;
    Ok(redirect_flash(
        &format!("{}/actualites", p.scope_path()),
        "flash-news-deleted",
    ))
}

/// `POST /actualites/{slug}/image` (multipart `file`, `alt`): sets or replaces the image; an
/// error shows the edit page again with the image form's messages (422).
pub(super) async fn image_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let p = writable_by_slug(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let up = crate::form::read_upload(mp).await?;
    let result = if up.too_large {
        Err(AppError::Invalid(FieldErrors::one(
            "file",
            "photo-error-too-large",
        )))
    } else {
        service::set_image(
            &state,
            who,
            p.id,
            up.file.as_ref().map(|(_, b)| b.as_slice()),
            up.get("alt"),
        )
        .await
    };
    match result {
        Ok(_) => Ok(redirect_flash(
            &format!("{}/modifier", p.path()),
            "flash-news-image-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            let f = PostForm::of(&p);
            let alt = up.get("alt").to_string();
            form_view(
                &state,
                &ctx,
                &headers,
                p.scope(),
                Some(&p),
                f,
                (FieldErrors::default(), errors, alt),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn image_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = writable_by_slug(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    service::delete_image(&state, who, p.id).await?;
    Ok(redirect_flash(
        &format!("{}/modifier", p.path()),
        "flash-news-image-deleted",
    ))
}
