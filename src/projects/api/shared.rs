//! What several files of the projects API use: the project of a path when the caller may see,
//! manage or work in it, and a project as JSON.

use std::collections::HashMap;

use crate::auth::policy::Target;
use crate::auth::{api_user, Ctx};
use crate::error::ApiResult;
use crate::ids::ProjectId;
use crate::projects::dto::{self, ProjectOut};
use crate::projects::model::{BudgetLine, FundingApplication, Phase, Project};
use crate::projects::{repo, service};
use crate::state::AppState;

/// Projects as JSON, their phases, applications and budget lines read in one statement each.
pub async fn projects_out(state: &AppState, projects: Vec<Project>) -> ApiResult<Vec<ProjectOut>> {
    let ids: Vec<ProjectId> = projects.iter().map(|p| p.id).collect();
    let (phases, apps, lines) = tokio::try_join!(
        repo::phases_of(&state.db, &ids),
        repo::fundings_of(&state.db, &ids),
        repo::budget_lines_of(&state.db, &ids),
    )?;
    let mut phases_by: HashMap<ProjectId, Vec<Phase>> = HashMap::new();
    for ph in phases {
        phases_by.entry(ph.project_id).or_default().push(ph);
    }
    let mut apps_by: HashMap<ProjectId, Vec<FundingApplication>> = HashMap::new();
    for a in apps {
        apps_by.entry(a.project_id).or_default().push(a);
    }
    let mut lines_by: HashMap<ProjectId, Vec<BudgetLine>> = HashMap::new();
    for l in lines {
        lines_by.entry(l.project_id).or_default().push(l);
    }
    Ok(projects
        .into_iter()
        .map(|p| {
            let phases = phases_by.remove(&p.id).unwrap_or_default();
            let apps = apps_by.remove(&p.id).unwrap_or_default();
            let lines = lines_by.remove(&p.id).unwrap_or_default();
            dto::project_out(p, phases, &apps, &lines)
        })
        .collect())
}

pub async fn project_out(state: &AppState, p: Project) -> ApiResult<ProjectOut> {
    let phases = repo::phases(&state.db, p.id).await?;
    let apps = repo::fundings(&state.db, p.id).await?;
    let lines = repo::budget_lines(&state.db, p.id).await?;
    Ok(dto::project_out(p, phases, &apps, &lines))
}

/// The project when the caller may see it (404 otherwise).
pub async fn visible(state: &AppState, ctx: &Ctx, id: ProjectId) -> ApiResult<(Project, Target)> {
    let p = repo::project_by_id(&state.db, id).await?;
    Ok(service::visible(state, ctx.user.as_ref(), p).await?)
}

/// The project when the caller manages it.
pub async fn managed(state: &AppState, ctx: &Ctx, id: ProjectId) -> ApiResult<Project> {
    api_user(ctx)?;
    let p = repo::project_by_id(&state.db, id).await?;
    Ok(service::managed(state, ctx.user.as_ref(), p).await?.0)
}

/// The project when the caller holds or advises it (404 for anyone else).
pub async fn member_api(state: &AppState, ctx: &Ctx, id: ProjectId) -> ApiResult<Project> {
    api_user(ctx)?;
    let p = repo::project_by_id(&state.db, id).await?;
    Ok(service::member_of(state, ctx.user.as_ref(), p).await?)
}
