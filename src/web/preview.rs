//! The rich-text editor's preview (`POST /apercu`, form field `text`): the text rendered as it
//! will be stored — Markdown (or HTML) through [`crate::text::sanitize_html`], ammonia having the
//! last word — and answered as an HTML fragment that `static/editor.js` shows under the
//! toolbar's "Aperçu" button. Signed-in people only (everyone who writes rich text is); it stores
//! nothing. Like every form, a cross-site request is refused by `auth::csrf`.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;

#[derive(Deserialize)]
pub struct PreviewForm {
    #[serde(default)]
    text: String,
}

pub async fn preview(ctx: Ctx, Form(f): Form<PreviewForm>) -> AppResult<Response> {
    ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let html = crate::form::parse::parse_rich(&f.text, "text", &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok((
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response())
}
