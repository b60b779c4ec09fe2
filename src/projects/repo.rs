//! Queries on projects, members, phases, canvas versions, funding applications, budget lines.

use super::model::{BudgetLine, CanvasVersion, FundingApplication, Phase, Project};
use crate::db::dialect::is_unique_violation;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::{db_run, db_tx};

const PROJECT_COLS: &str = "id, name, slug, communes, epci, departement, holders, intent, uses, status, public, network_id, created_by, created_at";
const PHASE_COLS: &str =
    "id, project_id, position, title, objectives, starts_on, ends_on, completion, support_level";
const CANVAS_COLS: &str =
    "c.id, c.project_id, c.author_id, u.display_name AS author_name, c.blocks, c.created_at";
const FUNDING_COLS: &str = "id, project_id, funder, programme, amount_requested_cents, amount_granted_cents, status, deadline, created_at";
const BUDGET_COLS: &str = "id, project_id, kind, label, amount_cents, created_at";

pub struct NewProject<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub communes: &'a str,
    pub epci: &'a str,
    pub departement: &'a str,
    pub holders: &'a str,
    pub intent: &'a str,
    pub uses: &'a str,
    pub status: &'a str,
    pub public: bool,
    pub network_id: Option<i64>,
    pub created_by: Option<i64>,
    pub now: i64,
}

/// Inserts the project with the first free slug, its creator as member and the default
/// phases, in one transaction.
pub async fn insert_project(db: &Db, p: NewProject<'_>) -> AppResult<Project> {
    let sql = format!(
        "INSERT INTO projects (name, slug, communes, epci, departement, holders, intent, uses, status, public, network_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING {PROJECT_COLS}"
    );
    for n in 1..=100 {
        let candidate = if n == 1 {
            p.slug.to_string()
        } else {
            format!("{}-{n}", p.slug)
        };
        let res: Result<Project, sqlx::Error> = db_tx!(db, |tx| {
            async {
                let row = sqlx::query_as::<_, Project>(&sql)
                    .bind(p.name)
                    .bind(&candidate)
                    .bind(p.communes)
                    .bind(p.epci)
                    .bind(p.departement)
                    .bind(p.holders)
                    .bind(p.intent)
                    .bind(p.uses)
                    .bind(p.status)
                    .bind(p.public)
                    .bind(p.network_id)
                    .bind(p.created_by)
                    .bind(p.now)
                    .fetch_one(&mut *tx)
                    .await?;
                if let Some(uid) = p.created_by {
                    sqlx::query(
                        "INSERT INTO project_members (project_id, user_id, created_at) VALUES ($1, $2, $3)",
                    )
                    .bind(row.id)
                    .bind(uid)
                    .bind(p.now)
                    .execute(&mut *tx)
                    .await?;
                }
                for (i, (title, objectives)) in super::model::DEFAULT_PHASES.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO project_phases (project_id, position, title, objectives) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(row.id)
                    .bind(i as i64 + 1)
                    .bind(*title)
                    .bind(*objectives)
                    .execute(&mut *tx)
                    .await?;
                }
                Ok::<Project, sqlx::Error>(row)
            }
            .await
        });
        match res {
            Ok(project) => return Ok(project),
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("slug_taken"))
}

pub async fn update_project(db: &Db, p: &Project) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "UPDATE projects SET name = $1, communes = $2, epci = $3, departement = $4, holders = $5, \
         intent = $6, uses = $7, status = $8, public = $9, network_id = $10 WHERE id = $11"
    )
    .bind(&p.name)
    .bind(&p.communes)
    .bind(&p.epci)
    .bind(&p.departement)
    .bind(&p.holders)
    .bind(&p.intent)
    .bind(&p.uses)
    .bind(&p.status)
    .bind(p.public)
    .bind(p.network_id)
    .bind(p.id)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn project_by_id(db: &Db, id: i64) -> AppResult<Option<Project>> {
    let sql = format!("SELECT {PROJECT_COLS} FROM projects WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Project>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn project_by_slug(db: &Db, slug: &str) -> AppResult<Option<Project>> {
    let sql = format!("SELECT {PROJECT_COLS} FROM projects WHERE slug = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Project>(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?)
}

pub async fn all_projects(db: &Db) -> AppResult<Vec<Project>> {
    let sql = format!("SELECT {PROJECT_COLS} FROM projects ORDER BY name, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Project>(&sql)
        .fetch_all(p)
        .await)?)
}

pub async fn member_ids(db: &Db, project_id: i64) -> AppResult<Vec<i64>> {
    let rows: Vec<(i64,)> = db_run!(db, |p| sqlx::query_as(
        "SELECT user_id FROM project_members WHERE project_id = $1 ORDER BY user_id"
    )
    .bind(project_id)
    .fetch_all(p)
    .await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn add_member(db: &Db, project_id: i64, user_id: i64, now: i64) -> AppResult<()> {
    let res = db_run!(db, |p| sqlx::query(
        "INSERT INTO project_members (project_id, user_id, created_at) VALUES ($1, $2, $3)"
    )
    .bind(project_id)
    .bind(user_id)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()));
    match res {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

pub async fn phases(db: &Db, project_id: i64) -> AppResult<Vec<Phase>> {
    let sql = format!(
        "SELECT {PHASE_COLS} FROM project_phases WHERE project_id = $1 ORDER BY position, id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Phase>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}

pub async fn update_phase(db: &Db, ph: &Phase) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE project_phases SET objectives = $1, starts_on = $2, ends_on = $3, completion = $4, \
         support_level = $5 WHERE id = $6"
    )
    .bind(&ph.objectives)
    .bind(&ph.starts_on)
    .bind(&ph.ends_on)
    .bind(ph.completion)
    .bind(&ph.support_level)
    .bind(ph.id)
    .execute(p)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn insert_canvas(
    db: &Db,
    project_id: i64,
    author_id: Option<i64>,
    blocks: &str,
    now: i64,
) -> AppResult<i64> {
    let row: (i64,) = db_run!(db, |p| {
        sqlx::query_as(
        "INSERT INTO canvas_versions (project_id, author_id, blocks, created_at) VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(project_id)
    .bind(author_id)
    .bind(blocks)
    .bind(now)
    .fetch_one(p)
    .await
    })?;
    Ok(row.0)
}

/// Versions of the canvas, newest first.
pub async fn canvas_versions(db: &Db, project_id: i64) -> AppResult<Vec<CanvasVersion>> {
    let sql = format!(
        "SELECT {CANVAS_COLS} FROM canvas_versions c LEFT JOIN users u ON u.id = c.author_id \
         WHERE c.project_id = $1 ORDER BY c.id DESC"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, CanvasVersion>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}

pub struct NewFunding<'a> {
    pub project_id: i64,
    pub funder: &'a str,
    pub programme: &'a str,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: &'a str,
    pub deadline: Option<&'a str>,
    pub now: i64,
}

pub async fn insert_funding(db: &Db, f: NewFunding<'_>) -> AppResult<FundingApplication> {
    let sql = format!(
        "INSERT INTO funding_applications (project_id, funder, programme, amount_requested_cents, amount_granted_cents, status, deadline, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {FUNDING_COLS}"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, FundingApplication>(
        &sql
    )
    .bind(f.project_id)
    .bind(f.funder)
    .bind(f.programme)
    .bind(f.amount_requested_cents)
    .bind(f.amount_granted_cents)
    .bind(f.status)
    .bind(f.deadline)
    .bind(f.now)
    .fetch_one(p)
    .await)?)
}

pub async fn update_funding(db: &Db, f: &FundingApplication) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE funding_applications SET funder = $1, programme = $2, amount_requested_cents = $3, \
         amount_granted_cents = $4, status = $5, deadline = $6 WHERE id = $7"
    )
    .bind(&f.funder)
    .bind(&f.programme)
    .bind(f.amount_requested_cents)
    .bind(f.amount_granted_cents)
    .bind(&f.status)
    .bind(&f.deadline)
    .bind(f.id)
    .execute(p)
    .await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn delete_funding(db: &Db, id: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM funding_applications WHERE id = $1"
    )
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn funding_by_id(db: &Db, id: i64) -> AppResult<Option<FundingApplication>> {
    let sql = format!("SELECT {FUNDING_COLS} FROM funding_applications WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, FundingApplication>(
        &sql
    )
    .bind(id)
    .fetch_optional(p)
    .await)?)
}

pub async fn fundings(db: &Db, project_id: i64) -> AppResult<Vec<FundingApplication>> {
    let sql = format!(
        "SELECT {FUNDING_COLS} FROM funding_applications WHERE project_id = $1 ORDER BY id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, FundingApplication>(
        &sql
    )
    .bind(project_id)
    .fetch_all(p)
    .await)?)
}

pub async fn insert_budget_line(
    db: &Db,
    project_id: i64,
    kind: &str,
    label: &str,
    amount_cents: i64,
    now: i64,
) -> AppResult<BudgetLine> {
    let sql = format!(
        "INSERT INTO budget_lines (project_id, kind, label, amount_cents, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {BUDGET_COLS}"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, BudgetLine>(&sql)
        .bind(project_id)
        .bind(kind)
        .bind(label)
        .bind(amount_cents)
        .bind(now)
        .fetch_one(p)
        .await)?)
}

pub async fn budget_lines(db: &Db, project_id: i64) -> AppResult<Vec<BudgetLine>> {
    let sql =
        format!("SELECT {BUDGET_COLS} FROM budget_lines WHERE project_id = $1 ORDER BY kind, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, BudgetLine>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}
