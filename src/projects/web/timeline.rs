//! The timeline page of a project (`/projets/{slug}/chronologie`), for its holders and
//! advisors, in Paris time.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::shared::member_area;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::projects::model::Project;
use crate::projects::service::timeline::entries;
use crate::state::AppState;
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
    let entries = entries(&state, ctx.user.as_ref(), &p, c.lang)
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
