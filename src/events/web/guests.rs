//! Guests' pages: registering without an account from an event's page, confirming by the
//! emailed link (a page with a button: no change on GET), and turning the registration into an
//! account. Cancelling uses the members' signed link page (`registrations`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::event::{event_view_with, GuestValues};
use crate::auth::{session, Ctx};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model;
use crate::events::{repo, service};
use crate::form::Form;
use crate::ids::EventId;
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

#[derive(Deserialize)]
pub(super) struct GuestForm {
    #[serde(default)]
    occurrence_id: Option<i64>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
}

#[derive(Template)]
#[template(path = "events/guest_message.html")]
struct MessageTpl {
    c: Chrome,
    heading: String,
    text: String,
    event_id: EventId,
    account_token: Option<String>,
}

fn message(
    ctx: &Ctx,
    headers: &HeaderMap,
    key: &str,
    event_id: EventId,
    account_token: Option<String>,
) -> AppResult<Response> {
    render(&MessageTpl {
        c: Chrome::new(ctx, headers, &format!("{key}-title")),
        heading: ctx.lang.t(&format!("{key}-title")),
        text: ctx.lang.t(&format!("{key}-text")),
        event_id,
        account_token,
    })
}

/// `POST /evenements/{id}/inscription-invitee`: the guest form of the event's page.
pub(super) async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
    Form(f): Form<GuestForm>,
) -> AppResult<Response> {
    let ev = service::visible_event(&state, ctx.user.as_ref(), id).await?;
    let typed = || GuestValues {
        name: f.name.clone(),
        email: f.email.clone(),
    };
    match service::guests::register_guest(&state, &ctx, &ev, f.occurrence_id, &f.name, &f.email)
        .await
    {
        Ok(()) => message(&ctx, &headers, "guest-check-email", id, None),
        Err(AppError::Invalid(errors)) => {
            event_view_with(&state, &ctx, &headers, id, errors, typed()).await
        }
        Err(AppError::Conflict(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("occurrence_id", "event-error-closed");
            event_view_with(&state, &ctx, &headers, id, errors, typed()).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "events/guest_confirm.html")]
struct ConfirmTpl {
    c: Chrome,
    token: String,
    title: String,
    when: String,
    name: String,
}

fn link_invalid(ctx: &Ctx, headers: &HeaderMap) -> AppResult<Response> {
    #[derive(Template)]
    #[template(path = "accounts/message.html")]
    struct Tpl {
        c: Chrome,
        heading: String,
        text: String,
    }
    render_status(
        StatusCode::NOT_FOUND,
        &Tpl {
            c: Chrome::new(ctx, headers, "link-invalid-title"),
            heading: ctx.lang.t("link-invalid-title"),
            text: ctx.lang.t("link-invalid-text"),
        },
    )
}

/// `GET /inscriptions-invitees/confirmer/{token}`: the registration to confirm and a button.
pub(super) async fn confirm_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let Ok(g) = service::guests::peek_confirmation(&state, &token).await else {
        return link_invalid(&ctx, &headers);
    };
    if g.status != "unconfirmed" {
        return message(&ctx, &headers, "guest-already", g.event_id, None);
    }
    let (Some(ev), Some(occ)) = (
        repo::event_by_id(&state.db, g.event_id).await?,
        repo::occurrence_by_id(&state.db, g.occurrence_id).await?,
    ) else {
        return link_invalid(&ctx, &headers);
    };
    render(&ConfirmTpl {
        c: Chrome::new(&ctx, &headers, "guest-confirm-title"),
        token,
        when: model::when(ctx.lang, occ.starts_at, occ.ends_at, ev.all_day),
        title: ev.title,
        name: g.name,
    })
}

/// `POST /inscriptions-invitees/confirmer/{token}`: confirms; the seat is taken or the date is
/// full.
pub(super) async fn confirm_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match service::guests::confirm_guest(&state, &token).await {
        Ok(out) => {
            let key = match out.guest.status.as_str() {
                "confirmed" if out.cancel_token.is_some() => "guest-confirmed",
                "full" => "guest-full",
                _ => "guest-already",
            };
            message(&ctx, &headers, key, out.guest.event_id, out.cancel_token)
        }
        Err(AppError::NotFound) => link_invalid(&ctx, &headers),
        Err(AppError::Conflict(_)) => {
            let g = service::guests::peek_confirmation(&state, &token).await?;
            message(&ctx, &headers, "guest-closed", g.event_id, None)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "events/guest_account.html")]
struct AccountTpl {
    c: Chrome,
    token: String,
    title: String,
    name: String,
    email: String,
    event_id: EventId,
    errors: FieldErrors,
}

async fn account_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    token: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let Ok(g) = service::guests::guest_for_account(state, &token).await else {
        return link_invalid(ctx, headers);
    };
    let title = repo::event_by_id(&state.db, g.event_id)
        .await?
        .map(|e| e.title)
        .unwrap_or_default();
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &AccountTpl {
            c: Chrome::new(ctx, headers, "guest-account-title"),
            token,
            title,
            name: g.name,
            email: g.email,
            event_id: g.event_id,
            errors,
        },
    )
}

/// `GET /inscriptions-invitees/compte/{token}`: the sign-up filled in from the registration.
pub(super) async fn account_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    account_view(&state, &ctx, &headers, token, FieldErrors::default()).await
}

#[derive(Deserialize)]
pub(super) struct AccountForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `POST /inscriptions-invitees/compte/{token}`: creates the account, attaches the
/// registration, signs in and goes to the event.
pub(super) async fn account_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(f): Form<AccountForm>,
) -> AppResult<Response> {
    match service::guests::account_from_guest(
        &state,
        &ctx,
        &token,
        &f.password,
        &f.password_confirm,
    )
    .await
    {
        Ok((_, session_token, _, event_id)) => {
            let mut res = redirect_flash(&format!("/evenements/{event_id}"), "flash-guest-account");
            session::set_cookie(res.headers_mut(), &state.config, &session_token);
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => account_view(&state, &ctx, &headers, token, errors).await,
        Err(AppError::NotFound) => link_invalid(&ctx, &headers),
        Err(e) => Err(e),
    }
}
