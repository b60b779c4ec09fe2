//! The workspace of a project (`/projets/{slug}/espace`), for its holders and advisors only
//! (404 to anyone else): the project's groups and their next meetings, open next steps with
//! owners and due dates, documents, stakeholders, and the links to the timeline and members.
//! Groups are created from here in one click.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::shared::member_area;
use crate::auth::Ctx;
use crate::documents::model::Scope;
use crate::error::AppResult;
use crate::form::Form;
use crate::projects::model::{self, Project};
use crate::projects::repo;
use crate::projects::service::workspace::{self as service, groups_of};
use crate::state::AppState;
use crate::web::{redirect_flash, render, Chrome};

pub struct GroupRow {
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub next_meeting: String,
    pub next_meeting_id: i64,
}

pub struct ActionRow {
    pub title: String,
    pub group: String,
    pub owner: String,
    pub due_on: String,
    pub overdue: bool,
    pub status: String,
}

pub struct DocRow {
    pub id: i64,
    pub title: String,
    pub when: String,
}

#[derive(Template)]
#[template(path = "projects/workspace.html")]
struct WorkspaceTpl {
    c: Chrome,
    p: Project,
    groups: Vec<GroupRow>,
    missing_holders: bool,
    missing_uses: Vec<String>,
    actions: Vec<ActionRow>,
    docs: Vec<DocRow>,
    stakeholders: Vec<(String, String)>,
    members: Vec<String>,
    /// Where the request to be followed by a network stands, in words (none without network).
    network_follow: Option<String>,
}

pub async fn workspace_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let mut c = Chrome::new(&ctx, &headers, "projects-workspace");
    c.title = format!("{} – {}", c.t("projects-workspace"), p.name);
    let now = state.clock.now_ms();
    let today = crate::clock::from_ms(now)
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%d")
        .to_string();
    let groups = groups_of(&state, p.id).await?;
    let mut rows = Vec::new();
    let mut actions = Vec::new();
    for g in &groups {
        let next = crate::groups::service::meetings_of_group(&state.db, g.id)
            .await?
            .into_iter()
            .filter(|m| m.starts_at > now)
            .min_by_key(|m| m.starts_at);
        rows.push(GroupRow {
            name: g.name.clone(),
            slug: g.slug.clone(),
            kind: c.t(&g.kind.label_key()),
            next_meeting: next
                .as_ref()
                .map(|m| crate::clock::paris_display(m.starts_at))
                .unwrap_or_default(),
            next_meeting_id: next.map(|m| m.id.get()).unwrap_or(0),
        });
        for a in crate::groups::service::actions_of_group(&state.db, g.id).await? {
            if a.status == crate::groups::model::ActionItemStatus::Done {
                continue;
            }
            actions.push(ActionRow {
                overdue: a.due_on.as_deref().is_some_and(|d| d < today.as_str()),
                status: c.t(&format!("groups-status-{}", a.status)),
                title: a.title,
                group: a.group_name,
                owner: a.owner_name.unwrap_or_default(),
                due_on: a.due_on.unwrap_or_default(),
            });
        }
    }
    actions.sort_by(|a, b| {
        (a.due_on.is_empty(), &a.due_on, &a.title).cmp(&(b.due_on.is_empty(), &b.due_on, &b.title))
    });
    let missing_holders = !groups
        .iter()
        .any(|g| g.kind == crate::groups::model::GroupKind::Holders);
    let missing_uses = p
        .use_list()
        .into_iter()
        .filter(|u| {
            let name = model::focus_name(u, &p.name);
            !groups
                .iter()
                .any(|g| g.kind == crate::groups::model::GroupKind::FocusGroup && g.name == name)
        })
        .collect();
    let docs = crate::documents::service::readable(
        &state,
        ctx.user.as_ref(),
        Some(Scope::Project(p.id)),
        "",
    )
    .await?
    .into_iter()
    .map(|d| DocRow {
        id: d.id.get(),
        title: d.title,
        when: crate::clock::paris_display(d.updated_at),
    })
    .collect();
    let stakeholders = repo::stakeholders::of_project(&state.db, p.id)
        .await?
        .into_iter()
        .map(|s| (s.name, s.role))
        .collect();
    let members = repo::members(&state.db, p.id)
        .await?
        .into_iter()
        .map(|m| m.1)
        .collect();
    let network_follow = match (p.network_id, p.network_status) {
        (Some(n), Some(status)) => crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .map(|net| {
                c.ta(
                    &format!("projects-network-follow-{status}"),
                    "network",
                    &net.name,
                )
            }),
        _ => None,
    };
    render(&WorkspaceTpl {
        c,
        p,
        network_follow,
        groups: rows,
        missing_holders,
        missing_uses,
        actions,
        docs,
        stakeholders,
        members,
    })
}

#[derive(Deserialize)]
pub struct NewGroupForm {
    /// `holders` or `focus_group`.
    pub kind: String,
    /// For a focus group: the planned use.
    #[serde(default, rename = "use")]
    pub use_name: String,
}

/// Creates the holders' group (every holder a member) or the focus group of a planned use
/// (the person who clicks animates it), in one click; an existing one is shown instead.
pub async fn create_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<NewGroupForm>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let (g, created) = service::create_group(&state, who, &p, &f.kind, &f.use_name).await?;
    Ok(redirect_flash(
        &format!("/groupes/{}", g.slug),
        if created {
            "flash-project-group-created"
        } else {
            "flash-group-exists"
        },
    ))
}
