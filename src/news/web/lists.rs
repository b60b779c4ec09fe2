//! Lists and consent, the pages without an account: the subscribe form (on a network's or a
//! place's news page), the confirmation of the double opt-in, and the subscriber's page reached
//! by the signed link of every email, where they see and leave their lists.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::{ConsentSource, Subscription, SubscriptionStatus};
use super::super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::form::Form;
use crate::ids::NewsListId;
use crate::state::AppState;
use crate::web::{render_status, Chrome};

#[derive(Template)]
#[template(path = "news/message.html")]
struct MessageTpl {
    c: Chrome,
    /// Message keys: the heading and the text.
    heading: &'static str,
    text: &'static str,
    /// A link to follow, if any (`href`, message key).
    link: Option<(String, &'static str)>,
    /// A form to send (`action`, button's message key): the confirmation's button.
    form: Option<(String, &'static str)>,
}

fn message(
    ctx: &Ctx,
    headers: &HeaderMap,
    status: StatusCode,
    heading: &'static str,
    text: &'static str,
    link: Option<(String, &'static str)>,
    form: Option<(String, &'static str)>,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, heading);
    c.title = c.t(heading);
    render_status(
        status,
        &MessageTpl {
            c,
            heading,
            text,
            link,
            form,
        },
    )
}

#[derive(Deserialize)]
pub(super) struct SubscribeForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    back: String,
}

/// `POST /listes/{id}/abonnement`: the same page whatever the address's state.
pub(super) async fn subscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NewsListId>,
    Form(f): Form<SubscribeForm>,
) -> AppResult<Response> {
    let back = crate::web::safe_next(Some(&f.back));
    match service::subscribe(&state, id, &f.email, ConsentSource::Form).await {
        Ok(()) => message(
            &ctx,
            &headers,
            StatusCode::OK,
            "news-subscribe-sent-title",
            "news-subscribe-sent",
            Some((back, "news-back")),
            None,
        ),
        Err(AppError::Invalid(_)) => message(
            &ctx,
            &headers,
            StatusCode::UNPROCESSABLE_ENTITY,
            "news-subscribe-invalid-title",
            "news-subscribe-invalid",
            Some((back, "news-back")),
            None,
        ),
        Err(e) => Err(e),
    }
}

/// `GET /abonnements/confirmer/{token}`: a button, so that a mail scanner opening the link
/// does not confirm in the subscriber's place.
pub(super) async fn confirm_page(
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    message(
        &ctx,
        &headers,
        StatusCode::OK,
        "news-confirm-title",
        "news-confirm-text",
        None,
        Some((
            format!("/abonnements/confirmer/{}", urlencoding::encode(&token)),
            "news-confirm-button",
        )),
    )
}

/// `POST /abonnements/confirmer/{token}`: confirms, or says the link is unknown or expired.
pub(super) async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match service::confirm(&state, &token).await {
        Ok(s) => {
            let manage = service::manage_url(&state, &s.email).await?;
            let base = state.config.base_url.trim_end_matches('/');
            let manage = manage.strip_prefix(base).unwrap_or(&manage).to_string();
            message(
                &ctx,
                &headers,
                StatusCode::OK,
                "news-confirmed-title",
                "news-confirmed",
                Some((manage, "news-manage-link")),
                None,
            )
        }
        Err(AppError::NotFound) => message(
            &ctx,
            &headers,
            StatusCode::NOT_FOUND,
            "news-confirm-invalid-title",
            "news-confirm-invalid",
            None,
            None,
        ),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub(super) struct Signed {
    #[serde(default)]
    email: String,
    #[serde(default)]
    sig: String,
}

pub struct Row {
    pub list_id: NewsListId,
    pub name: String,
    pub status_key: &'static str,
    pub since: String,
    pub consent_text: String,
    pub active: bool,
}

fn row(s: Subscription) -> Row {
    Row {
        list_id: s.list_id,
        status_key: match s.status {
            SubscriptionStatus::Pending => "news-sub-pending",
            SubscriptionStatus::Confirmed => "news-sub-confirmed",
            SubscriptionStatus::Unsubscribed => "news-sub-left",
        },
        since: crate::clock::paris_display(s.confirmed_at.unwrap_or(s.requested_at)),
        active: s.status != SubscriptionStatus::Unsubscribed,
        name: s.list_name,
        consent_text: s.consent_text,
    }
}

#[derive(Template)]
#[template(path = "news/subscriber.html")]
struct SubscriberTpl {
    c: Chrome,
    email: String,
    sig: String,
    rows: Vec<Row>,
}

/// `GET /abonnements?email=…&sig=…`: the subscriber's lists (403 for a link not signed by
/// this instance for this address).
pub(super) async fn subscriber_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<Signed>,
) -> AppResult<Response> {
    let subs = service::subscriptions_of(&state, &q.email, &q.sig).await?;
    let c = Chrome::new(&ctx, &headers, "news-subscriber-title");
    let mut res = render_status(
        StatusCode::OK,
        &SubscriberTpl {
            c,
            email: q.email,
            sig: q.sig,
            rows: subs.into_iter().map(row).collect(),
        },
    )?;
    // The address and its signature are in the URL: not cached, not sent on as a referrer.
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        axum::http::header::REFERRER_POLICY,
        axum::http::HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub(super) struct LeaveForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    sig: String,
    #[serde(default)]
    list_id: Option<NewsListId>,
}

/// `POST /abonnements/desinscrire`: leaves one list at once, back to the subscriber's page.
pub(super) async fn leave(
    State(state): State<AppState>,
    Form(f): Form<LeaveForm>,
) -> AppResult<Response> {
    let list_id = f.list_id.ok_or(AppError::BadRequest("list_id".into()))?;
    service::unsubscribe(&state, &f.email, &f.sig, list_id).await?;
    let manage = service::manage_url(&state, &f.email).await?;
    let base = state.config.base_url.trim_end_matches('/');
    Ok(crate::web::redirect_flash(
        manage.strip_prefix(base).unwrap_or(&manage),
        "flash-news-unsubscribed",
    ))
}
