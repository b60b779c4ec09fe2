//! The workspace of a project (`/projets/{slug}/espace`), for its holders and advisors only
//! (404 to anyone else): the project's groups and their next meetings, open next steps with
//! owners and due dates, documents, stakeholders, and the links to the timeline and members.
//! Groups are created from here in one click: the holders' group and a focus group per
//! planned use; their meetings, minutes, decisions and next steps live in the groups area.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::model::Project;
use super::{repo, service};
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::documents::model::Scope;
use crate::error::{ApiResult, AppError, AppResult};
use crate::form::Form;
use crate::groups::model::Group;
use crate::state::AppState;
use crate::web::{redirect_flash, render, Chrome};

/// The project when the caller holds or advises it; 404 for anyone else signed in (the
/// workspace does not exist for them), 401 for anonymous visitors.
pub async fn member_of(state: &AppState, ctx: &Ctx, p: Option<Project>) -> AppResult<Project> {
    let who = ctx.require_user()?;
    let p = p.ok_or(AppError::NotFound)?;
    let t = service::target(state, &p).await?;
    if !service::may_manage(Some(who), &t) {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

pub async fn member_area(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Project> {
    let p = repo::project_by_slug(&state.db, slug).await?;
    member_of(state, ctx, p).await
}

pub async fn member_api(state: &AppState, ctx: &Ctx, id: i64) -> ApiResult<Project> {
    api_user(ctx)?;
    let p = repo::project_by_id(&state.db, id).await?;
    Ok(member_of(state, ctx, p).await?)
}

/// The groups attached to a project, by name.
pub async fn groups_of(state: &AppState, project_id: i64) -> AppResult<Vec<Group>> {
    crate::groups::service::groups_of_project(&state.db, project_id).await
}

/// Keeps the holders' group in step with the holders: a new holder joins it, a removed one
/// leaves it (the membership is ended, kept for history).
pub async fn sync_holders_group(
    state: &AppState,
    project_id: i64,
    user_id: i64,
    holder: bool,
) -> AppResult<()> {
    for g in groups_of(state, project_id)
        .await?
        .into_iter()
        .filter(|g| g.kind == "holders")
    {
        if holder {
            crate::groups::service::ensure_member(state, g.id, user_id, "member").await?;
        } else {
            crate::groups::service::end_member(state, g.id, user_id).await?;
        }
    }
    Ok(())
}

/// The name of the focus group of a planned use.
pub fn focus_name(use_name: &str, project: &str) -> String {
    let full = format!("Usage « {use_name} » – {project}");
    full.chars().take(200).collect()
}

/// The name of the holders' group.
pub fn holders_name(project: &str) -> String {
    format!("Porteurs – {project}").chars().take(200).collect()
}

/// The purpose of the holders' group (to be sanitized).
pub fn holders_purpose(project: &str) -> String {
    format!("<p>Le groupe des porteurs du projet « {project} ».</p>")
}

/// Memberships of a project group just created: for the holders' group every holder (the
/// `animator` animates it, the others are members), for another group the animator alone.
pub async fn add_group_people(
    state: &AppState,
    g: &Group,
    project_id: i64,
    animator: i64,
) -> AppResult<()> {
    let people: Vec<(i64, &'static str)> = if g.kind == "holders" {
        repo::member_ids(&state.db, project_id)
            .await?
            .into_iter()
            .map(|u| (u, if u == animator { "animator" } else { "member" }))
            .collect()
    } else {
        vec![(animator, "animator")]
    };
    for (user_id, role) in people {
        crate::groups::service::ensure_member(state, g.id, user_id, role).await?;
    }
    Ok(())
}

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
            kind: c.t(&format!("groups-kind-{}", g.kind.replace('_', "-"))),
            next_meeting: next
                .as_ref()
                .map(|m| crate::clock::paris_display(m.starts_at))
                .unwrap_or_default(),
            next_meeting_id: next.map(|m| m.id).unwrap_or(0),
        });
        for a in crate::groups::service::actions_of_group(&state.db, g.id).await? {
            if a.status == "done" {
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
    let missing_holders = !groups.iter().any(|g| g.kind == "holders");
    let missing_uses = p
        .use_list()
        .into_iter()
        .filter(|u| {
            let name = focus_name(u, &p.name);
            !groups
                .iter()
                .any(|g| g.kind == "focus_group" && g.name == name)
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
        id: d.id,
        title: d.title,
        when: crate::clock::paris_display(d.updated_at),
    })
    .collect();
    let stakeholders = super::stakeholders::of_project(&state.db, p.id)
        .await?
        .into_iter()
        .map(|s| (s.name, s.role))
        .collect();
    let members = repo::members(&state.db, p.id)
        .await?
        .into_iter()
        .map(|m| m.1)
        .collect();
    render(&WorkspaceTpl {
        c,
        p,
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
/// (the person who clicks animates it), in one click.
pub async fn create_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<NewGroupForm>,
) -> AppResult<Response> {
    let p = member_area(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let existing = groups_of(&state, p.id).await?;
    let (name, kind, purpose) = match f.kind.as_str() {
        "holders" => (holders_name(&p.name), "holders", holders_purpose(&p.name)),
        "focus_group" => {
            let Some(u) = p.use_list().into_iter().find(|u| *u == f.use_name) else {
                return Err(AppError::NotFound);
            };
            (
                focus_name(&u, &p.name),
                "focus_group",
                format!(
                    "<p>Groupe de travail sur l'usage « {u} » du projet « {} ».</p>",
                    p.name
                ),
            )
        }
        _ => return Err(AppError::NotFound),
    };
    let purpose = crate::text::sanitize_html(&purpose);
    if let Some(g) = existing.iter().find(|g| g.kind == kind && g.name == name) {
        return Ok(redirect_flash(
            &format!("/groupes/{}", g.slug),
            "flash-group-exists",
        ));
    }
    let g = crate::groups::service::create_group(
        &state,
        who,
        crate::groups::service::GroupInput {
            name: &name,
            kind,
            purpose: &purpose,
            visibility: "members",
            joining: "invitation",
            autonomous: false,
            network_id: None,
            place_id: None,
            project_id: Some(p.id),
        },
    )
    .await?;
    add_group_people(&state, &g, p.id, who.user.id).await?;
    Ok(redirect_flash(
        &format!("/groupes/{}", g.slug),
        "flash-project-group-created",
    ))
}
