//! The pages of the threads: writing to a profile (`/acteurs/{slug}/contacter`), the inbox
//! (`/messages`), a thread with its answer form, sharing, blocking and reporting buttons
//! (`/messages/{id}`), and the moderators' reports (`/messages/signalements`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{Message, Report, Side, Thread};
use super::service::{self, ThreadView};
use crate::actors::model::Actor;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/acteurs/{slug}/contacter",
            get(write_page).post(write_submit),
        )
        .route(
            "/annonces/{id}/contacter",
            get(post_write_page).post(post_write_submit),
        )
        .route("/messages", get(inbox))
        .route("/messages/signalements", get(reports))
        .route("/messages/{id}", get(thread_page).post(reply))
        .route("/messages/{id}/partager", post(share))
        .route("/messages/{id}/bloquer", post(block))
        .route("/messages/{id}/signaler", post(report))
        .route("/messages/{id}/moderer", post(moderate))
}

#[derive(Template)]
#[template(path = "contacts/write.html")]
struct WriteTpl {
    c: Chrome,
    /// Where the form posts, and the page it writes about (name, path).
    action: String,
    about: (String, String),
    message: String,
    errors: FieldErrors,
}

async fn actor(state: &AppState, slug: &str) -> AppResult<Actor> {
    crate::actors::service::by_slug(state, slug)
        .await?
        .ok_or(AppError::NotFound)
}

fn write_view(
    ctx: &Ctx,
    headers: &HeaderMap,
    (action, name, path): (String, String, String),
    message: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "contact-write-title");
    c.title = format!("{} – {}", c.title, name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &WriteTpl {
            c,
            action,
            about: (name, path),
            message,
            errors,
        },
    )
}

/// `GET /acteurs/{slug}/contacter`: the message form (signed-in people; 404 when nobody receives
/// this profile's messages, or for one's own profile).
async fn write_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let a = actor(&state, &slug).await?;
    if !service::reachable(&state, Some(who), &a).await? {
        return Err(AppError::NotFound);
    }
    write_view(
        &ctx,
        &headers,
        actor_about(&a),
        String::new(),
        FieldErrors::default(),
    )
}

fn actor_about(a: &Actor) -> (String, String, String) {
    (
        format!("/acteurs/{}/contacter", a.slug),
        a.name.clone(),
        format!("/acteurs/{}", a.slug),
    )
}

fn post_about(p: &crate::posts::model::Post) -> (String, String, String) {
    (
        format!("/annonces/{}/contacter", p.id),
        p.title.clone(),
        format!("/annonces/{}", p.id),
    )
}

/// `GET /annonces/{id}/contacter`: the message form to a post's author (signed-in people who
/// may see the post, its author aside).
async fn post_write_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<crate::ids::PostId>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = crate::posts::service::visible(&state, Some(who), id).await?;
    if p.author_id == who.user.id {
        return Err(AppError::NotFound);
    }
    write_view(
        &ctx,
        &headers,
        post_about(&p),
        String::new(),
        FieldErrors::default(),
    )
}

/// `POST /annonces/{id}/contacter`: sends, then shows the thread; or the form again (422).
async fn post_write_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<crate::ids::PostId>,
    Form(f): Form<MessageForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = crate::posts::service::visible(&state, Some(who), id).await?;
    match service::write_to_post(&state, who, p.id, &f.message).await {
        Ok(id) => Ok(redirect_flash(
            &format!("/messages/{id}"),
            "flash-contact-sent",
        )),
        Err(AppError::Invalid(errors)) => {
            write_view(&ctx, &headers, post_about(&p), f.message, errors)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MessageForm {
    message: String,
}

/// `POST /acteurs/{slug}/contacter`: sends, then shows the thread; or the form again (422).
async fn write_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<MessageForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let a = actor(&state, &slug).await?;
    match service::write_to_actor(&state, who, &a, &f.message).await {
        Ok(id) => Ok(redirect_flash(
            &format!("/messages/{id}"),
            "flash-contact-sent",
        )),
        Err(AppError::Invalid(errors)) => {
            write_view(&ctx, &headers, actor_about(&a), f.message, errors)
        }
        Err(AppError::Conflict(_)) => Err(AppError::NotFound),
        Err(e) => Err(e),
    }
}

/// A line of the inbox.
struct Line {
    id: i64,
    subject: String,
    with: String,
    unread: bool,
    when: String,
}

#[derive(Template)]
#[template(path = "contacts/inbox.html")]
struct InboxTpl {
    c: Chrome,
    lines: Vec<Line>,
    page: i64,
    pages: i64,
    moderates: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PageQuery {
    page: Option<i64>,
}

/// `GET /messages`: my threads, the latest first.
async fn inbox(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let page = q.page.unwrap_or(1).max(1);
    let (rows, total) = service::inbox(&state, who, page).await?;
    let lines = rows
        .iter()
        .filter_map(|t: &Thread| {
            let side = t.side_of(who.user.id)?;
            Some(Line {
                id: t.id,
                subject: t.subject.clone(),
                with: t.other(side).1.to_string(),
                unread: t.unread(side),
                when: crate::clock::paris_display(t.last_message_at),
            })
        })
        .collect();
    let moderates = who.is_instance_admin()
        || !who.managed_places().is_empty()
        || !who.admin_networks().is_empty();
    render(&InboxTpl {
        c: Chrome::new(&ctx, &headers, "contact-inbox-title"),
        lines,
        page,
        pages: ((total + service::PER_PAGE - 1) / service::PER_PAGE).max(1),
        moderates,
    })
}

#[derive(Template)]
#[template(path = "contacts/thread.html")]
struct ThreadTpl {
    c: Chrome,
    t: Thread,
    messages: Vec<Message>,
    /// `None`: a moderator reading a reported thread.
    mine: Option<bool>,
    with: String,
    i_share: bool,
    their_email: String,
    blocked: bool,
    reported: bool,
    message: String,
    errors: FieldErrors,
}

fn thread_view(
    ctx: &Ctx,
    headers: &HeaderMap,
    v: ThreadView,
    message: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "contact-thread-title");
    c.title = v.thread.subject.clone();
    let (with, i_share) = match v.side {
        Some(s) => (v.thread.other(s).1.to_string(), v.thread.shares(s)),
        None => (
            format!("{} · {}", v.thread.sender_name, v.thread.recipient_name),
            false,
        ),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let me = ctx.user_id();
    render_status(
        status,
        &ThreadTpl {
            c,
            mine: v.side.map(|s| s == Side::Sender),
            with,
            i_share,
            their_email: v.other_email.unwrap_or_default(),
            blocked: v.blocked,
            reported: v.reported,
            messages: v
                .messages
                .into_iter()
                .map(|mut m| {
                    // The reader's own messages are signed "Vous" by the template.
                    if Some(m.author_id) == me {
                        m.author_name.clear();
                    }
                    m
                })
                .collect(),
            t: v.thread,
            message,
            errors,
        },
    )
}

/// `GET /messages/{id}`: the thread (its two people; a moderator when it is reported).
async fn thread_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let v = service::view(&state, who, id).await?;
    thread_view(&ctx, &headers, v, String::new(), FieldErrors::default())
}

/// `POST /messages/{id}`: an answer.
async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<MessageForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    match service::reply(&state, who, id, &f.message).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/messages/{id}#last"),
            "flash-contact-sent",
        )),
        Err(AppError::Invalid(errors)) => {
            let v = service::view(&state, who, id).await?;
            thread_view(&ctx, &headers, v, f.message, errors)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Toggle {
    /// `1` to turn on, anything else to turn off.
    on: String,
}

/// `POST /messages/{id}/partager`: show (`on=1`) or hide my address in this thread.
async fn share(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Toggle>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let on = f.on == "1";
    service::share(&state, who, id, on).await?;
    Ok(redirect_flash(
        &format!("/messages/{id}"),
        if on {
            "flash-contact-shared"
        } else {
            "flash-contact-unshared"
        },
    ))
}

/// `POST /messages/{id}/bloquer`: block (`on=1`) or unblock the other person.
async fn block(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<Toggle>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let on = f.on == "1";
    service::block(&state, who, id, on).await?;
    Ok(redirect_flash(
        &format!("/messages/{id}"),
        if on {
            "flash-contact-blocked"
        } else {
            "flash-contact-unblocked"
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportForm {
    reason: String,
}

/// `POST /messages/{id}/signaler`: report the thread to its moderators.
async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<ReportForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    match service::report(&state, who, id, &f.reason).await {
        Ok(()) | Err(AppError::Conflict(_)) => Ok(redirect_flash(
            &format!("/messages/{id}"),
            "flash-contact-reported",
        )),
        Err(AppError::Invalid(errors)) => {
            let v = service::view(&state, who, id).await?;
            thread_view(&ctx, &headers, v, String::new(), errors)
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "contacts/reports.html")]
struct ReportsTpl {
    c: Chrome,
    reports: Vec<Report>,
}

/// `GET /messages/signalements`: the reports the person moderates (404 for others).
async fn reports(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let reports = service::reports(&state, who).await?;
    render(&ReportsTpl {
        c: Chrome::new(&ctx, &headers, "contact-reports-title"),
        reports,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ModerateForm {
    /// `keep` or `delete`.
    decision: String,
}

/// `POST /messages/{id}/moderer`: a moderator keeps the thread (closing its reports) or deletes
/// it.
async fn moderate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<ModerateForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::check_moderator(&state, who, id).await?;
    let delete = match f.decision.as_str() {
        "delete" => true,
        "keep" => false,
        _ => return Err(AppError::BadRequest("decision: keep ou delete".into())),
    };
    service::resolve(&state, who, id, delete).await?;
    Ok(redirect_flash(
        "/messages/signalements",
        "flash-contact-moderated",
    ))
}
