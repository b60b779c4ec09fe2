//! The timeline page of a project (`/projets/{slug}/chronologie`), for its holders and
//! advisors, in Paris time.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::shared::member_area;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::projects::model::Project;
use crate::projects::service::timeline;
use crate::state::AppState;
use crate::web::paging::PageQuery;
use crate::web::{render, Chrome};

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
    /// Links to the newer and the older page, when they exist.
    newer: Option<String>,
    older: Option<String>,
}

pub async fn timeline_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let mut c = Chrome::new(&ctx, &headers, "projects-timeline");
    c.title = format!("{} – {}", c.t("projects-timeline"), p.name);
    let page = q.number();
    let (entries, more) = timeline::page(&state, ctx.user.as_ref(), &p, c.lang, page).await?;
    let entries = entries
        .into_iter()
        .map(|e| EntryView {
            when: crate::clock::paris_display(e.at),
            iso: crate::clock::rfc3339(e.at),
            text: e.text,
            who: e.who,
            link: e.link,
        })
        .collect();
    let base = format!("/projets/{}/chronologie", p.slug);
    let newer = (page > 1).then(|| format!("{base}?page={}", page - 1));
    let older = more.then(|| format!("{base}?page={}", page + 1));
    render(&TimelineTpl {
        c,
        p,
        entries,
        newer,
        older,
    })
}
