//! Applications (the form with a message and a CV, the employer's list, "mes candidatures",
//! the CV's download for its applicant and the offer's writers only) and saved searches (the
//! list, saving the board's filters, deleting, and the signed unsubscribe link that needs no
//! login).

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::model::{self, JobKind, Offer, SavedSearch};
use super::super::service::{self, SearchDraft};
use super::kind_label;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::{read_upload, Form};
use crate::ids::{JobApplicationId, JobSearchId, NetworkId};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

#[derive(Template)]
#[template(path = "employment/apply.html")]
struct ApplyTpl {
    c: Chrome,
    o: Offer,
    message: String,
    errors: FieldErrors,
}

fn apply_view(
    ctx: &Ctx,
    headers: &HeaderMap,
    o: Offer,
    message: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "job-apply");
    c.title = format!("{} – {}", c.title, o.title);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &ApplyTpl {
            c,
            o,
            message,
            errors,
        },
    )
}

/// The offer of `slug` if it takes in-app applications now (404 otherwise).
async fn open_offer(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Offer> {
    let who = ctx.require_user()?;
    let o = service::visible_by_slug(state, Some(who), slug).await?;
    if !o.listed(&service::today(state)) || !o.apply_url.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(o)
}

/// `GET /emplois/{slug}/candidater`: the form (signed-in people).
pub(super) async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let o = open_offer(&state, &ctx, &slug).await?;
    apply_view(&ctx, &headers, o, String::new(), FieldErrors::default())
}

/// `POST /emplois/{slug}/candidater` (multipart: `message`, `cv`): the application, or the
/// form again with its errors (422).
pub(super) async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    mp: Multipart,
) -> AppResult<Response> {
    let o = open_offer(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let up = read_upload(mp).await?;
    let message = up.get("message").to_string();
    let cv = up.file.as_ref().map(|(n, b)| (n.as_str(), b.as_slice()));
    match service::apply(&state, who, o.id, &message, cv, up.too_large).await {
        Ok(_) => Ok(redirect_flash("/emplois/candidatures", "flash-job-applied")),
        Err(AppError::Invalid(errors)) => apply_view(&ctx, &headers, o, message, errors),
        Err(e) => Err(e),
    }
}

/// An application as a list shows it.
pub struct AppView {
    pub id: JobApplicationId,
    pub offer_title: String,
    pub offer_path: String,
    pub applicant: String,
    pub email: String,
    pub message: String,
    pub when: String,
    pub cv_name: String,
    pub cv_size: String,
}

fn view(a: &model::Application) -> AppView {
    AppView {
        id: a.id,
        offer_title: a.offer_title.clone(),
        offer_path: format!("/emplois/{}", a.offer_slug),
        applicant: a.applicant_name.clone(),
        email: a.applicant_email.clone(),
        message: a.message.clone(),
        when: crate::clock::paris_display(a.created_at),
        cv_name: a.cv_filename.clone(),
        cv_size: format!("{} ko", (a.cv_size + 1023) / 1024),
    }
}

#[derive(Template)]
#[template(path = "employment/applications.html")]
struct ApplicationsTpl {
    c: Chrome,
    /// The offer (its writers' list), or `None` for "mes candidatures".
    offer: Option<(String, String)>,
    apps: Vec<AppView>,
}

/// `GET /emplois/{slug}/candidatures`: the offer's applications (its writers; 404 others).
pub(super) async fn of_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let o = service::visible_by_slug(&state, Some(who), &slug).await?;
    let (o, apps) = service::applications_of(&state, who, o.id).await?;
    let mut c = Chrome::new(&ctx, &headers, "job-applications");
    c.title = format!("{} – {}", c.title, o.title);
    render(&ApplicationsTpl {
        c,
        offer: Some((o.title.clone(), o.path())),
        apps: apps.iter().map(view).collect(),
    })
}

/// `GET /emplois/candidatures`: "mes candidatures".
pub(super) async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let apps = service::my_applications(&state, who).await?;
    let c = Chrome::new(&ctx, &headers, "job-my-applications");
    render(&ApplicationsTpl {
        c,
        offer: None,
        apps: apps.iter().map(view).collect(),
    })
}

/// `GET /emplois/candidatures/{id}/cv`: the CV as an attachment, never cached, never sniffed
/// (its applicant and the offer's writers; 404 for everyone else).
pub(super) async fn cv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let id = id
        .parse::<i64>()
        .map(JobApplicationId)
        .map_err(|_| AppError::NotFound)?;
    let (a, bytes) = service::cv(&state, who, id).await?;
    let mut res = (StatusCode::OK, bytes).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&a.cv_content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    let ascii: String = a
        .cv_filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\""))
            .unwrap_or(HeaderValue::from_static("attachment")),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}

/// A saved search as its page shows it.
pub struct SearchView {
    pub id: JobSearchId,
    pub summary: String,
    pub href: String,
    pub alerts: bool,
}

fn search_view(c: &Chrome, s: &SavedSearch, networks: &[(NetworkId, String)]) -> SearchView {
    let mut parts = Vec::new();
    if let Ok(k) = s.kind.parse::<JobKind>() {
        parts.push(kind_label(c, k));
    }
    if let Some(n) = s.network_id {
        if let Some((_, name)) = networks.iter().find(|(id, _)| *id == n) {
            parts.push(name.clone());
        }
    }
    if !s.department.is_empty() {
        parts.push(c.ta("job-department-n", "dep", &s.department));
    }
    if !s.city.is_empty() {
        parts.push(s.city.clone());
    }
    if !s.q.is_empty() {
        parts.push(format!("« {} »", s.q));
    }
    SearchView {
        id: s.id,
        summary: if parts.is_empty() {
            c.t("job-search-all")
        } else {
            parts.join(" · ")
        },
        href: format!("/emplois?{}", s.board_query()),
        alerts: s.email_alerts,
    }
}

#[derive(Template)]
#[template(path = "employment/searches.html")]
struct SearchesTpl {
    c: Chrome,
    searches: Vec<SearchView>,
    errors: FieldErrors,
}

async fn searches_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    errors: FieldErrors,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let mine = service::searches_of(state, who).await?;
    let networks: Vec<(NetworkId, String)> = crate::tenancy::repo::networks(&state.db)
        .await?
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect();
    let c = Chrome::new(ctx, headers, "job-searches");
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SearchesTpl {
            searches: mine.iter().map(|s| search_view(&c, s, &networks)).collect(),
            c,
            errors,
        },
    )
}

/// `GET /emplois/alertes`: the signed-in person's saved searches.
pub(super) async fn searches(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    searches_view(&state, &ctx, &headers, FieldErrors::default()).await
}

/// `POST /emplois/alertes`: saves the board's filters (sent by the board's button).
pub(super) async fn save_search(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(q): Form<super::BoardQuery>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let network_id = match q.network.trim() {
        "" => None,
        n => Some(NetworkId(n.parse::<i64>().unwrap_or(-1))),
    };
    let draft = SearchDraft {
        kind: q.kind.clone(),
        network_id,
        department: q.department.clone(),
        city: q.city.clone(),
        q: q.q.clone(),
    };
    match service::save_search(&state, who, draft).await {
        Ok(_) => Ok(redirect_flash("/emplois/alertes", "flash-job-search-saved")),
        Err(AppError::Invalid(errors)) => searches_view(&state, &ctx, &headers, errors).await,
        Err(e) => Err(e),
    }
}

fn search_id(raw: &str) -> AppResult<JobSearchId> {
    raw.parse::<i64>()
        .map(JobSearchId)
        .map_err(|_| AppError::NotFound)
}

/// `POST /emplois/alertes/{id}/supprimer`: deletes one's own saved search (404 another's).
pub(super) async fn delete_search(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::delete_search(&state, who, search_id(&id)?).await?;
    Ok(redirect_flash(
        "/emplois/alertes",
        "flash-job-search-deleted",
    ))
}

#[derive(Deserialize, Default)]
pub(super) struct SigQuery {
    #[serde(default)]
    sig: String,
}

#[derive(Template)]
#[template(path = "employment/unsubscribe.html")]
struct UnsubscribeTpl {
    c: Chrome,
    action: String,
    sig: String,
    done: bool,
}

/// `GET /emplois/alertes/{id}/desabonner?sig=…`: the page of an email's link, with its
/// button (no login; 403 for a wrong signature). A GET changes nothing.
pub(super) async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<SigQuery>,
) -> AppResult<Response> {
    let id = search_id(&id)?;
    let s = service::check_unsubscribe(&state, id, &q.sig).await?;
    render(&UnsubscribeTpl {
        c: Chrome::new(&ctx, &headers, "job-unsubscribe"),
        action: format!("/emplois/alertes/{id}/desabonner"),
        sig: q.sig,
        done: !s.email_alerts,
    })
}

/// `POST /emplois/alertes/{id}/desabonner` (`sig` in the form or the query, RFC 8058 style):
/// stops the emails of the search.
pub(super) async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<SigQuery>,
    Form(f): Form<SigQuery>,
) -> AppResult<Response> {
    let id = search_id(&id)?;
    let sig = if f.sig.is_empty() { q.sig } else { f.sig };
    service::unsubscribe(&state, id, &sig).await?;
    render(&UnsubscribeTpl {
        c: Chrome::new(&ctx, &headers, "job-unsubscribe"),
        action: format!("/emplois/alertes/{id}/desabonner"),
        sig,
        done: true,
    })
}
