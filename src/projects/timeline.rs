//! The timeline of a project (`/projets/{slug}/chronologie`, `GET
//! /api/v1/projects/{id}/timeline`): everything that happened, newest first, with who and
//! when (shown in Paris time). Changes that leave no trace of their own (phase progress,
//! funding applications and their status, budget lines, holders, stakeholders, the project's
//! description) are written to `project_events` in the same transaction as the change; the
//! rest is read from rows that already carry who and when: the project itself, canvas
//! versions, meetings held and minutes published in the project's groups, documents added to
//! the project's library and its groups' libraries.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::model::Project;
use super::repo;
use super::workspace::{groups_of, member_api, member_area};
use crate::auth::Ctx;
use crate::db::Db;
use crate::db_run;
use crate::documents::model::Scope;
use crate::error::{ApiResult, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::{render, Chrome};

type E = crate::error::ApiErrorBody;

/// One line of the timeline.
#[derive(Debug, Clone)]
pub struct Entry {
    pub at: i64,
    /// `project_created`, `phase_progress`, `canvas_version`, `funding_created`,
    /// `funding_status`, `funding_deleted`, `budget_added`, `budget_updated`,
    /// `budget_deleted`, `meeting_held`, `minutes_published`, `document_added`,
    /// `stakeholder_added`, `member_added`, `member_removed`, `project_updated`.
    pub kind: String,
    /// The sentence, in the reader's language.
    pub text: String,
    /// Who did it (empty when unknown).
    pub who: String,
    /// A page about it, when there is one.
    pub link: String,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    kind: String,
    label: String,
    actor: Option<String>,
    at: i64,
}

async fn events(db: &Db, project_id: i64) -> AppResult<Vec<EventRow>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, EventRow>(
        "SELECT e.kind, e.label, u.display_name AS actor, e.at FROM project_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.project_id = $1"
    )
    .bind(project_id)
    .fetch_all(p)
    .await)?)
}

async fn user_name(db: &Db, id: Option<i64>) -> AppResult<String> {
    Ok(match id {
        Some(id) => crate::accounts::repo::user_by_id(db, id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default(),
        None => String::new(),
    })
}

/// The sentence of a recorded event: its label holds one or two values, one per line.
fn event_text(lang: Lang, kind: &str, label: &str) -> String {
    let mut parts = label.splitn(2, '\n');
    let a = parts.next().unwrap_or("").to_string();
    let b = parts.next().unwrap_or("").to_string();
    let b = match kind {
        "funding_created" | "funding_status" => lang.t(&format!("projects-funding-status-{b}")),
        "budget_added" | "budget_updated" => {
            b.parse::<i64>().map(crate::money::format_eur).unwrap_or(b)
        }
        _ => b,
    };
    lang.ta(
        &format!("projects-event-{}", kind.replace('_', "-")),
        &[("a", &a), ("b", &b)],
    )
}

/// Everything that happened in the project, newest first.
pub async fn entries(
    state: &AppState,
    ctx: &Ctx,
    p: &Project,
    lang: Lang,
) -> AppResult<Vec<Entry>> {
    let db = &state.db;
    let now = state.clock.now_ms();
    let mut out = vec![Entry {
        at: p.created_at,
        kind: "project_created".into(),
        text: lang.ta("projects-event-project-created", &[("a", &p.name)]),
        who: user_name(db, p.created_by).await?,
        link: format!("/projets/{}", p.slug),
    }];
    for e in events(db, p.id).await? {
        out.push(Entry {
            at: e.at,
            text: event_text(lang, &e.kind, &e.label),
            kind: e.kind,
            who: e.actor.unwrap_or_default(),
            link: String::new(),
        });
    }
    for v in repo::canvas_versions(db, p.id).await? {
        out.push(Entry {
            at: v.created_at,
            kind: "canvas_version".into(),
            text: lang.ta("projects-event-canvas-version", &[("a", &v.id.to_string())]),
            who: v.author_name.unwrap_or_default(),
            link: format!("/projets/{}/canevas/versions", p.slug),
        });
    }
    let groups = groups_of(state, p.id).await?;
    for g in &groups {
        for m in crate::groups::service::meetings_of_group(db, g.id).await? {
            let title = crate::groups::service::meeting_title(g, &m);
            if m.starts_at <= now {
                out.push(Entry {
                    at: m.starts_at,
                    kind: "meeting_held".into(),
                    text: lang.ta("projects-event-meeting-held", &[("a", &title)]),
                    who: g.name.clone(),
                    link: format!("/reunions/{}", m.id),
                });
            }
            if let Some(at) = m.minutes_published_at {
                out.push(Entry {
                    at,
                    kind: "minutes_published".into(),
                    text: lang.ta("projects-event-minutes-published", &[("a", &title)]),
                    who: g.name.clone(),
                    link: format!("/reunions/{}", m.id),
                });
            }
        }
    }
    let mut scopes = vec![Scope::Project(p.id)];
    scopes.extend(groups.iter().map(|g| Scope::Group(g.id)));
    for scope in scopes {
        for d in
            crate::documents::service::readable(state, ctx.user.as_ref(), Some(scope), "").await?
        {
            out.push(Entry {
                at: d.created_at,
                kind: "document_added".into(),
                text: lang.ta("projects-event-document-added", &[("a", &d.title)]),
                who: user_name(db, d.created_by).await?,
                link: format!("/documents/{}", d.id),
            });
        }
    }
    // Newest first; at the same instant, the project's creation last.
    out.sort_by(|a, b| {
        b.at.cmp(&a.at)
            .then((a.kind == "project_created").cmp(&(b.kind == "project_created")))
    });
    Ok(out)
}

pub struct EntryView {
    pub when: String,
    pub iso: String,
    pub text: String,
    pub who: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "projects/workspace_timeline.html")]
struct TimelineTpl {
    c: Chrome,
    p: Project,
    entries: Vec<EntryView>,
}

pub async fn timeline_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let mut c = Chrome::new(&ctx, &headers, "projects-timeline");
    c.title = format!("{} – {}", c.t("projects-timeline"), p.name);
    let entries = entries(&state, &ctx, &p, c.lang)
        .await?
        .into_iter()
        .map(|e| EntryView {
            when: crate::clock::paris_display(e.at),
            iso: crate::clock::rfc3339(e.at),
            text: e.text,
            who: e.who,
            link: e.link,
        })
        .collect();
    render(&TimelineTpl { c, p, entries })
}

#[derive(Serialize, ToSchema)]
pub struct TimelineEntryOut {
    /// RFC 3339 (UTC).
    pub at: String,
    /// The same instant in Paris time, as shown on the page.
    pub at_paris: String,
    pub kind: String,
    pub text: String,
    pub who: String,
    pub url: Option<String>,
}

/// Everything that happened in a project, newest first (holders and advisors only).
#[utoipa::path(
    get, path = "/api/v1/projects/{id}/timeline", tag = "projets",
    operation_id = "projects_timeline",
    params(("id" = i64, Path, description = "Identifiant du projet")),
    responses(
        (status = 200, description = "La chronologie", body = [TimelineEntryOut]),
        (status = 404, description = "Inconnu ou hors de votre périmètre", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn api_timeline(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::ApiPath(id): crate::form::ApiPath<i64>,
) -> ApiResult<Json<Vec<TimelineEntryOut>>> {
    let p = member_api(&state, &ctx, id).await?;
    let all = entries(&state, &ctx, &p, ctx.lang).await?;
    Ok(Json(
        all.into_iter()
            .map(|e| TimelineEntryOut {
                at: crate::clock::rfc3339(e.at),
                at_paris: crate::clock::paris_display(e.at),
                kind: e.kind,
                // Without Fluent's bidi isolation marks, which only matter in HTML.
                text: e.text.replace(['\u{2068}', '\u{2069}'], ""),
                who: e.who,
                url: (!e.link.is_empty()).then_some(e.link),
            })
            .collect(),
    ))
}
