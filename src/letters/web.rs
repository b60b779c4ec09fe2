//! Newsletter pages: a list's issues for its editors (figures, suspended addresses), the
//! composing form (blocks added, moved, removed without JavaScript), the preview (in the
//! browser, as the email renders, and its plain-text part), the test send and the sending or
//! scheduling; the public archive; the unsubscription link of every email (its page, and the
//! one-click `POST` of RFC 8058 that mail providers send without cookie or `Origin`).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{Block, Content, Figures, Issue, IssueStatus, Links};
use super::{render, repo, service};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::EventKind;
use crate::form::Form;
use crate::ids::{IssueId, NewsListId};
use crate::state::AppState;
use crate::web::{redirect, redirect_flash, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/listes/{id}/lettres", get(list_page).post(create))
        .route("/listes/{id}/archives", get(archives))
        .route(
            "/lettres/desinscription",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route("/lettres/{id}", get(archive_page))
        .route("/lettres/{id}/modifier", get(edit_page).post(edit))
        .route("/lettres/{id}/apercu", get(preview))
        .route("/lettres/{id}/apercu/courriel", get(preview_email))
        .route("/lettres/{id}/test", post(test_send))
        .route("/lettres/{id}/envoyer", post(send))
}

/// An issue in its list's page.
pub struct IssueRow {
    pub id: IssueId,
    pub subject: String,
    pub status_key: &'static str,
    pub when: String,
    pub figures: Option<Figures>,
}

fn status_key(s: IssueStatus) -> &'static str {
    match s {
        IssueStatus::Draft => "letters-status-draft",
        IssueStatus::Scheduled => "letters-status-scheduled",
        IssueStatus::Sending => "letters-status-sending",
        IssueStatus::Sent => "letters-status-sent",
    }
}

#[derive(Template)]
#[template(path = "letters/list.html")]
struct ListTpl {
    c: Chrome,
    list_id: NewsListId,
    subscribers: i64,
    issues: Vec<IssueRow>,
    suspended: Vec<repo::Suspended>,
    subject: String,
    errors: FieldErrors,
}

async fn list_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: NewsListId,
    subject: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (l, issues, suspended, subscribers) = service::issues_of(state, who, id).await?;
    let mut c = Chrome::new(ctx, headers, "letters-title");
    c.title = format!("{} – {}", c.title, l.name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &ListTpl {
            c,
            list_id: l.id,
            subscribers,
            issues: issues
                .into_iter()
                .map(|(i, figures)| IssueRow {
                    id: i.id,
                    subject: i.subject,
                    status_key: status_key(i.status),
                    when: crate::clock::paris_display(
                        i.sent_at.or(i.send_at).unwrap_or(i.updated_at),
                    ),
                    figures,
                })
                .collect(),
            suspended,
            subject,
            errors,
        },
    )
}

/// `GET /listes/{id}/lettres`: the issues of a list, for those who run it.
async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NewsListId>,
) -> AppResult<Response> {
    list_view(
        &state,
        &ctx,
        &headers,
        id,
        String::new(),
        FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize)]
struct NewForm {
    #[serde(default)]
    subject: String,
}

/// `POST /listes/{id}/lettres`: a new draft with a free text and the agenda of the month.
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NewsListId>,
    Form(f): Form<NewForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let blocks = ["text", "events"]
        .iter()
        .filter_map(|k| Block::new_of(k))
        .collect();
    match service::create(&state, who, id, &f.subject, blocks).await {
        Ok(i) => Ok(redirect(&format!("/lettres/{}/modifier", i.id))),
        Err(AppError::Invalid(errors)) => {
            list_view(&state, &ctx, &headers, id, f.subject, errors).await
        }
        Err(e) => Err(e),
    }
}

/// A block as the form shows it.
pub struct BlockRow {
    pub i: usize,
    pub kind: &'static str,
    pub body: String,
    pub days: String,
    pub count: String,
    pub place_id: String,
    pub event_kind: String,
}

fn rows(blocks: &[Block]) -> Vec<BlockRow> {
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut r = BlockRow {
                i,
                kind: b.kind(),
                body: String::new(),
                days: String::new(),
                count: String::new(),
                place_id: String::new(),
                event_kind: String::new(),
            };
            let opt = |v: &Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
            match b {
                Block::Text { body } => r.body = body.clone(),
                Block::Events {
                    days,
                    place_id,
                    kind,
                } => {
                    r.days = days.to_string();
                    r.place_id = place_id.map(|p| p.to_string()).unwrap_or_default();
                    r.event_kind = kind.map(|k| k.to_string()).unwrap_or_default();
                }
                Block::Places { days } => r.days = opt(days),
                Block::News { count }
                | Block::Projects { count }
                | Block::Trainings { count }
                | Block::Jobs { count } => r.count = opt(count),
            }
            r
        })
        .collect()
}

#[derive(Template)]
#[template(path = "letters/edit.html")]
struct EditTpl {
    c: Chrome,
    id: IssueId,
    list_id: NewsListId,
    list_name: String,
    subject: String,
    blocks: Vec<BlockRow>,
    /// The places offered by the agenda block's filter (those of a network's list).
    places: Vec<(String, String)>,
    kinds: Vec<&'static str>,
    block_kinds: Vec<&'static str>,
    errors: FieldErrors,
    send_at: String,
}

async fn edit_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: IssueId,
    form: Option<(String, Vec<Block>, FieldErrors)>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (issue, l) = service::writable(state, who, id).await?;
    if !issue.editable() {
        return Ok(redirect(&format!("/listes/{}/lettres", l.id)));
    }
    let (subject, blocks, errors) = form.unwrap_or_else(|| {
        (
            issue.subject.clone(),
            issue.block_list(),
            FieldErrors::default(),
        )
    });
    let places = match l.scope() {
        crate::news::model::ListScope::Network(n) => {
            crate::events::service::vocabulary::agenda_filters(state, Some(n))
                .await?
                .0
                .into_iter()
                .map(|p| (p.id.to_string(), p.name))
                .collect()
        }
        crate::news::model::ListScope::Place(_) => Vec::new(),
    };
    let mut c = Chrome::new(ctx, headers, "letters-edit");
    c.title = format!("{} – {}", c.title, issue.subject);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &EditTpl {
            c,
            id,
            list_id: l.id,
            list_name: l.name,
            subject,
            blocks: rows(&blocks),
            places,
            kinds: EventKind::TEXTS.to_vec(),
            block_kinds: vec![
                "text",
                "events",
                "news",
                "places",
                "projects",
                "trainings",
                "jobs",
            ],
            errors,
            send_at: issue
                .send_at
                .filter(|_| issue.status == IssueStatus::Scheduled)
                .map(local_value)
                .unwrap_or_default(),
        },
    )
}

/// An instant as a `datetime-local` value in Paris time.
fn local_value(ms: i64) -> String {
    crate::clock::from_ms(ms)
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// `GET /lettres/{id}/modifier`.
async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<IssueId>,
) -> AppResult<Response> {
    edit_view(&state, &ctx, &headers, id, None).await
}

/// The blocks of the form's fields `b{i}_type`, `b{i}_body`, `b{i}_days`, `b{i}_count`,
/// `b{i}_place`, `b{i}_kind` (a number that does not read is kept as 0, which the rules
/// refuse with a message on the block).
fn blocks_of(f: &HashMap<String, String>) -> Vec<Block> {
    let mut out = Vec::new();
    for i in 0..=super::model::BLOCKS_MAX {
        let field = |name: &str| f.get(&format!("b{i}_{name}")).map(|s| s.trim().to_string());
        let Some(kind) = field("type") else { break };
        let num = |name: &str| match field(name).as_deref() {
            None | Some("") => None,
            Some(v) => Some(v.parse::<i64>().unwrap_or(0)),
        };
        let block = match kind.as_str() {
            "text" => Block::Text {
                body: f.get(&format!("b{i}_body")).cloned().unwrap_or_default(),
            },
            "events" => Block::Events {
                days: num("days").unwrap_or(0),
                place_id: num("place").filter(|p| *p > 0).map(crate::ids::PlaceId),
                kind: field("kind").and_then(|k| EventKind::from_text(&k)),
            },
            "news" => Block::News {
                count: num("count"),
            },
            "places" => Block::Places { days: num("days") },
            "projects" => Block::Projects {
                count: num("count"),
            },
            "trainings" => Block::Trainings {
                count: num("count"),
            },
            "jobs" => Block::Jobs {
                count: num("count"),
            },
            _ => continue,
        };
        out.push(block);
    }
    out
}

/// `POST /lettres/{id}/modifier`: saves the subject and the blocks, after the form's
/// operation (`op`: `save`, `preview`, `add` with `add_kind`, `up-{i}`, `remove-{i}`).
async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<IssueId>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let subject = f.get("subject").cloned().unwrap_or_default();
    let mut blocks = blocks_of(&f);
    let op = f.get("op").map(String::as_str).unwrap_or("save");
    if op == "add" {
        if let Some(b) = f.get("add_kind").and_then(|k| Block::new_of(k)) {
            blocks.push(b);
        }
    } else if let Some(i) = op
        .strip_prefix("remove-")
        .and_then(|i| i.parse::<usize>().ok())
    {
        if i < blocks.len() {
            blocks.remove(i);
        }
    } else if let Some(i) = op.strip_prefix("up-").and_then(|i| i.parse::<usize>().ok()) {
        if i > 0 && i < blocks.len() {
            blocks.swap(i - 1, i);
        }
    }
    match service::update(&state, who, id, &subject, blocks.clone()).await {
        Ok(()) if op == "preview" => Ok(redirect(&format!("/lettres/{id}/apercu"))),
        Ok(()) if op == "save" => Ok(redirect_flash(
            &format!("/lettres/{id}/modifier"),
            "flash-letters-saved",
        )),
        Ok(()) => Ok(redirect(&format!("/lettres/{id}/modifier#blocs"))),
        Err(AppError::Invalid(errors)) => {
            edit_view(&state, &ctx, &headers, id, Some((subject, blocks, errors))).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "letters/preview.html")]
struct PreviewTpl {
    c: Chrome,
    id: IssueId,
    subject: String,
    content: Content,
    text: String,
    editable: bool,
}

/// The content of an issue for its editor: frozen once sent, built from the data otherwise;
/// with the links of the editor's own copy.
async fn editor_copy(
    state: &AppState,
    ctx: &Ctx,
    id: IssueId,
) -> AppResult<(Issue, Content, Links)> {
    let who = ctx.require_user()?;
    let (issue, l) = service::writable(state, who, id).await?;
    let content = match issue.frozen() {
        Some(c) => c,
        None => service::build(state, &l, &issue.block_list()).await?,
    };
    let links = service::Signer::new(state, l.id)
        .await?
        .links(issue.id, &who.user.email);
    Ok((issue, content, links))
}

/// `GET /lettres/{id}/apercu`: the issue as built now, in the browser, with its plain-text
/// part and a link to the email as it renders.
async fn preview(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<IssueId>,
) -> AppResult<Response> {
    let (issue, content, links) = editor_copy(&state, &ctx, id).await?;
    let mut c = Chrome::new(&ctx, &headers, "letters-preview");
    c.title = format!("{} – {}", c.title, issue.subject);
    render_status(
        StatusCode::OK,
        &PreviewTpl {
            c,
            id,
            text: render::text(&issue.subject, &content, &links),
            editable: issue.editable(),
            subject: issue.subject,
            content,
        },
    )
}

/// `GET /lettres/{id}/apercu/courriel`: the HTML part exactly as sent, under a policy that
/// allows its inline styles and nothing else.
async fn preview_email(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<IssueId>,
) -> AppResult<Response> {
    let (issue, content, links) = editor_copy(&state, &ctx, id).await?;
    let html = render::html(&issue.subject, &content, &links);
    let mut res = axum::response::Html(html).into_response();
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    Ok(res)
}

/// `POST /lettres/{id}/test`: a copy to oneself, through the queue.
async fn test_send(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<IssueId>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::test_send(&state, who, id).await?;
    Ok(redirect_flash(
        &format!("/lettres/{id}/apercu"),
        "flash-letters-test-sent",
    ))
}

#[derive(Deserialize)]
struct SendForm {
    #[serde(default)]
    send_at: String,
}

/// `POST /lettres/{id}/envoyer`: sends now, or at the Paris time given.
async fn send(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<IssueId>,
    Form(f): Form<SendForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let send_at = match f.send_at.trim() {
        "" => None,
        raw => match crate::events::model::parse_instant(raw) {
            Some((t, _)) => Some(t),
            None => {
                let (issue, _) = service::writable(&state, who, id).await?;
                let mut errors = FieldErrors::default();
                errors.add("send_at", "letters-send-at-invalid");
                return edit_view(
                    &state,
                    &ctx,
                    &headers,
                    id,
                    Some((issue.subject.clone(), issue.block_list(), errors)),
                )
                .await;
            }
        },
    };
    let issue = service::send(&state, who, id, send_at).await?;
    Ok(redirect_flash(
        &format!("/listes/{}/lettres", issue.list_id),
        if issue.status == IssueStatus::Scheduled {
            "flash-letters-scheduled"
        } else {
            "flash-letters-sending"
        },
    ))
}

#[derive(Template)]
#[template(path = "letters/archive.html")]
struct ArchiveTpl {
    c: Chrome,
    list_id: NewsListId,
    subject: String,
    when: String,
    content: Content,
}

/// `GET /lettres/{id}`: a sent issue, public, as its recipients read it (without their
/// personal links).
async fn archive_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<IssueId>,
) -> AppResult<Response> {
    let (issue, content) = service::archived(&state, id).await?;
    let mut c = Chrome::new(&ctx, &headers, "letters-archive");
    c.title = issue.subject.clone();
    render_status(
        StatusCode::OK,
        &ArchiveTpl {
            c,
            list_id: issue.list_id,
            when: crate::clock::paris_display(issue.built_at.unwrap_or(issue.updated_at)),
            subject: issue.subject,
            content,
        },
    )
}

#[derive(Template)]
#[template(path = "letters/archives.html")]
struct ArchivesTpl {
    c: Chrome,
    issues: Vec<(IssueId, String, String)>,
}

/// `GET /listes/{id}/archives`: the sent issues of a list, public.
async fn archives(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NewsListId>,
) -> AppResult<Response> {
    let l = crate::news::service::news_list(&state, id).await?;
    let issues = service::archive_of(&state, id).await?;
    let mut c = Chrome::new(&ctx, &headers, "letters-archives");
    c.title = format!("{} – {}", c.title, l.name);
    render_status(
        StatusCode::OK,
        &ArchivesTpl {
            c,
            issues: issues
                .into_iter()
                .map(|i| {
                    (
                        i.id,
                        i.subject,
                        crate::clock::paris_display(i.built_at.unwrap_or(i.updated_at)),
                    )
                })
                .collect(),
        },
    )
}

#[derive(Deserialize, Default)]
struct UnsubscribeQuery {
    #[serde(default)]
    liste: Option<NewsListId>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    sig: String,
}

#[derive(Template)]
#[template(path = "letters/unsubscribe.html")]
struct UnsubscribeTpl {
    c: Chrome,
    done: bool,
    action: String,
    list_name: String,
}

fn private(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// `GET /lettres/desinscription?liste=…&email=…&sig=…`: the link of the email's footer, a
/// button (a mail scanner opening the link does not unsubscribe anyone).
async fn unsubscribe_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<UnsubscribeQuery>,
) -> AppResult<Response> {
    let list = q.liste.ok_or(AppError::NotFound)?;
    service::check_link(&state, &q.email, &q.sig).await?;
    let l = crate::news::service::news_list(&state, list).await?;
    let query = serde_urlencoded::to_string([
        ("liste", list.to_string().as_str()),
        ("email", q.email.as_str()),
        ("sig", q.sig.as_str()),
    ])
    .map_err(|e| AppError::Internal(e.into()))?;
    let c = Chrome::new(&ctx, &headers, "letters-unsubscribe-title");
    Ok(private(render_status(
        StatusCode::OK,
        &UnsubscribeTpl {
            c,
            done: false,
            action: format!("/lettres/desinscription?{query}"),
            list_name: l.name,
        },
    )?))
}

/// `POST /lettres/desinscription?liste=…&email=…&sig=…`: the one-click unsubscription of RFC
/// 8058 (body `List-Unsubscribe=One-Click`, no cookie, no `Origin`) and the page's button:
/// the address leaves the list at once.
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<UnsubscribeQuery>,
) -> AppResult<Response> {
    let list = q.liste.ok_or(AppError::NotFound)?;
    let l = crate::news::service::news_list(&state, list).await?;
    service::unsubscribe(&state, list, &q.email, &q.sig).await?;
    let c = Chrome::new(&ctx, &headers, "letters-unsubscribed-title");
    Ok(private(render_status(
        StatusCode::OK,
        &UnsubscribeTpl {
            c,
            done: true,
            action: String::new(),
            list_name: l.name,
        },
    )?))
}
