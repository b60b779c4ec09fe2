//! `/compte/notifications`: the person chooses, per kind, how they receive notifications.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use super::model::{Cadence, Kind};
use super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

/// The form's fields are `kind-<kind>`: a control named after a kind would shadow the form's
/// own DOM properties (`form.matches` is `Element.matches`, which scripts call).
const FIELD_PREFIX: &str = "kind-";

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/compte/notifications",
        get(settings_page).post(settings_submit),
    )
}

/// One radio button.
struct Choice {
    value: &'static str,
    label: String,
    checked: bool,
}

/// One kind: a fieldset of radio buttons.
struct KindRow {
    kind: &'static str,
    label: String,
    hint: String,
    choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "notifications/settings.html")]
struct SettingsTpl {
    c: Chrome,
    rows: Vec<KindRow>,
    errors: FieldErrors,
    /// A kind the page does not know was sent.
    unknown_kind: bool,
}

async fn view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    errors: FieldErrors,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let prefs = service::preferences(&state.db, p.user.id).await?;
    let lang = ctx.lang;
    let rows = prefs
        .into_iter()
        .map(|(kind, current): (Kind, Cadence)| KindRow {
            kind: kind.as_str(),
            label: lang.t(kind.label_key()),
            hint: lang.t(kind.hint_key()),
            choices: kind
                .cadences()
                .iter()
                .map(|c| Choice {
                    value: c.as_str(),
                    label: lang.t(c.label_key()),
                    checked: *c == current,
                })
                .collect(),
        })
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let unknown_kind = errors.0.iter().any(|(f, _)| Kind::from_text(f).is_none());
    render_status(
        status,
        &SettingsTpl {
            c: Chrome::new(ctx, headers, "notif-title"),
            rows,
            errors,
            unknown_kind,
        },
    )
}

async fn settings_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    view(&state, &ctx, &headers, FieldErrors::default()).await
}

async fn settings_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let changes: Vec<(String, String)> = f
        .into_iter()
        .map(|(k, v)| {
            (
                k.strip_prefix(FIELD_PREFIX)
                    .map(str::to_string)
                    .unwrap_or(k),
                v,
            )
        })
        .collect();
    match service::set_preferences(&state, p.user.id, &changes).await {
        Ok(_) => Ok(redirect_flash(
            "/compte/notifications",
            "flash-notifications-saved",
        )),
        Err(AppError::Invalid(errors)) => view(&state, &ctx, &headers, errors).await,
        Err(e) => Err(e),
    }
}
