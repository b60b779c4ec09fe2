//! What several files of the projects API use: the project of a path when the caller may see,
//! manage or work in it, and a project as JSON.

use crate::auth::policy::Target;
use crate::auth::{api_user, Ctx};
use crate::error::ApiResult;
use crate::ids::ProjectId;
use crate::projects::dto::{self, ProjectOut};
use crate::projects::model::Project;
use crate::projects::{repo, service};
use crate::state::AppState;

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
