//! Queries on projects, members, phases, canvas versions, funding
//! applications and their documents, budget lines, and the timeline's recorded events.
//! Stakeholders, invitations, the public page (with the project's workshops) and the paged
//! lists of projects have their own files.

mod invitations;
mod lists;
pub mod public;
pub mod stakeholders;

pub use invitations::*;
pub use lists::*;

use super::model::{
    BudgetKind, BudgetLine, CanvasVersion, FundingApplication, FundingProgramme, FundingStatus,
    NetworkStatus, Phase, Project, ProjectStatus, TemplatePhase, TimelineKind,
};
use crate::db::dialect::is_unique_violation;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{DocumentId, NetworkId, ProjectId, UserId};
use crate::{db_run, db_tx};

const PROJECT_COLS: &str = "id, name, slug, communes, epci, departement, holders, intent, uses, status, public, network_id, created_by, created_at, network_status";
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
    pub status: ProjectStatus,
    pub public: bool,
    pub network_id: Option<NetworkId>,
    pub network_status: Option<NetworkStatus>,
    pub created_by: Option<UserId>,
    pub now: i64,
}

/// The SQL that records an event of the timeline (`project_events`), run inside the
/// transaction of the change it records: project, kind ([`TimelineKind`]), label, actor,
/// instant.
pub const EVENT_SQL: &str =
    "INSERT INTO project_events (project_id, kind, label, actor_id, at) VALUES ($1, $2, $3, $4, $5)";

/// Inserts the project with the first free slug, its creator as member and the phases of its
/// network's template (the default four when the network has none), in one transaction.
pub async fn insert_project(db: &Db, p: NewProject<'_>) -> AppResult<Project> {
    let template: Vec<(String, String)> = match p.network_id {
        Some(n) => phase_template(db, n)
            .await?
            .into_iter()
            .map(|t| (t.title, t.objectives))
            .collect(),
        None => Vec::new(),
    };
    let phases: Vec<(String, String)> = if template.is_empty() {
        super::model::default_template()
    } else {
        template
    };
    let sql = format!(
        "INSERT INTO projects (name, slug, communes, epci, departement, holders, intent, uses, status, public, network_id, created_by, created_at, network_status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING {PROJECT_COLS}"
    );
    for n in 1..=100 {
        let candidate = if n == 1 {
            p.slug.to_string()
        } else {
            format!("{}-{n}", p.slug)
        };
        let res: Result<Project, sqlx::Error> = db_tx!(db, |tx| async {
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
                .bind(p.network_status)
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
            for (i, (title, objectives)) in phases.iter().enumerate() {
                sqlx::query(
                        "INSERT INTO project_phases (project_id, position, title, objectives) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(row.id)
                    .bind(i as i64 + 1)
                    .bind(title)
                    .bind(objectives)
                    .execute(&mut *tx)
                    .await?;
            }
            Ok::<Project, sqlx::Error>(row)
        });
        match res {
            Ok(project) => return Ok(project),
            Err(e) if is_unique_violation(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict("slug_taken"))
}

/// Saves the project's description and records it in the timeline (`label`: what changed).
pub async fn update_project(
    db: &Db,
    p: &Project,
    label: &str,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<()> {
    let res: Result<(), sqlx::Error> = db_tx!(db, |tx| async {
        sqlx::query(
                "UPDATE projects SET name = $1, communes = $2, epci = $3, departement = $4, holders = $5, \
                 intent = $6, uses = $7, status = $8, public = $9, network_id = $10, network_status = $12 WHERE id = $11",
            )
            .bind(&p.name)
            .bind(&p.communes)
            .bind(&p.epci)
            .bind(&p.departement)
            .bind(&p.holders)
            .bind(&p.intent)
            .bind(&p.uses)
            .bind(p.status)
            .bind(p.public)
            .bind(p.network_id)
            .bind(p.id)
            .bind(p.network_status)
            .execute(&mut *tx)
            .await?;
        sqlx::query(EVENT_SQL)
            .bind(p.id)
            .bind(TimelineKind::ProjectUpdated)
            .bind(label)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        Ok::<(), sqlx::Error>(())
    });
    Ok(res?)
}

pub async fn project_by_id(db: &Db, id: ProjectId) -> AppResult<Option<Project>> {
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

/// Records a network's answer to the request to follow a project (only while it still names
/// that network), with its timeline's event. `false` when the project names another network.
pub async fn set_network_status(
    db: &Db,
    id: ProjectId,
    network_id: NetworkId,
    status: NetworkStatus,
    label: &str,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<bool> {
    let res: Result<bool, sqlx::Error> = db_tx!(db, |tx| async {
        let n = sqlx::query(
            "UPDATE projects SET network_status = $1 WHERE id = $2 AND network_id = $3",
        )
        .bind(status)
        .bind(id)
        .bind(network_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            sqlx::query(EVENT_SQL)
                .bind(id)
                .bind(TimelineKind::ProjectUpdated)
                .bind(label)
                .bind(actor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<bool, sqlx::Error>(n == 1)
    });
    Ok(res?)
}

/// The holders and advisors of a project (the query tenancy answers project scopes with).
pub async fn member_ids(db: &Db, project_id: ProjectId) -> AppResult<Vec<UserId>> {
    crate::tenancy::repo::project_member_ids(db, project_id.get()).await
}

/// Adds a holder (nothing when already one) and records it in the timeline. `true` when added.
pub async fn add_member(
    db: &Db,
    project_id: ProjectId,
    user_id: UserId,
    label: &str,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<bool> {
    let res: Result<(), sqlx::Error> = db_tx!(db, |tx| async {
        sqlx::query(
            "INSERT INTO project_members (project_id, user_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(project_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(EVENT_SQL)
            .bind(project_id)
            .bind(TimelineKind::MemberAdded)
            .bind(label)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        Ok::<(), sqlx::Error>(())
    });
    match res {
        Ok(()) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Removes a holder unless they are the last one (one statement, so two concurrent removals
/// cannot leave the project without holders). `true` when removed.
pub async fn remove_member(
    db: &Db,
    project_id: ProjectId,
    user_id: UserId,
    label: &str,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<bool> {
    let res: Result<bool, sqlx::Error> = db_tx!(db, |tx| async {
        let n = sqlx::query(
            "DELETE FROM project_members WHERE project_id = $1 AND user_id = $2 \
                 AND (SELECT COUNT(*) FROM project_members WHERE project_id = $1) > 1",
        )
        .bind(project_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0 {
            sqlx::query(EVENT_SQL)
                .bind(project_id)
                .bind(TimelineKind::MemberRemoved)
                .bind(label)
                .bind(actor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<bool, sqlx::Error>(n > 0)
    });
    Ok(res?)
}

/// Holders with their name and email, in the order they joined.
pub async fn members(db: &Db, project_id: ProjectId) -> AppResult<Vec<(UserId, String, String)>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as(
        "SELECT u.id, u.display_name, u.email FROM project_members m JOIN users u ON u.id = m.user_id \
         WHERE m.project_id = $1 ORDER BY m.created_at, u.id"
    )
    .bind(project_id)
    .fetch_all(p)
    .await
    })?)
}

pub async fn phases(db: &Db, project_id: ProjectId) -> AppResult<Vec<Phase>> {
    let sql = format!(
        "SELECT {PHASE_COLS} FROM project_phases WHERE project_id = $1 ORDER BY position, id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Phase>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}

/// Saves a phase; a change of completion is recorded in the timeline in the same transaction.
pub async fn update_phase(
    db: &Db,
    ph: &Phase,
    old_completion: i64,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<()> {
    let label = format!("{}\n{}", ph.title, ph.completion);
    let res: Result<(), sqlx::Error> = db_tx!(db, |tx| async {
        sqlx::query(
            "UPDATE project_phases SET title = $1, objectives = $2, starts_on = $3, ends_on = $4, \
                 completion = $5, support_level = $6 WHERE id = $7",
        )
        .bind(&ph.title)
        .bind(&ph.objectives)
        .bind(&ph.starts_on)
        .bind(&ph.ends_on)
        .bind(ph.completion)
        .bind(&ph.support_level)
        .bind(ph.id)
        .execute(&mut *tx)
        .await?;
        if old_completion != ph.completion {
            sqlx::query(EVENT_SQL)
                .bind(ph.project_id)
                .bind(TimelineKind::PhaseProgress)
                .bind(&label)
                .bind(actor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<(), sqlx::Error>(())
    });
    Ok(res?)
}

/// Adds a phase at the end.
pub async fn insert_phase(
    db: &Db,
    project_id: ProjectId,
    title: &str,
    objectives: &str,
) -> AppResult<Phase> {
    let sql = format!(
        "INSERT INTO project_phases (project_id, position, title, objectives) \
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM project_phases WHERE project_id = $1), $2, $3) \
         RETURNING {PHASE_COLS}"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Phase>(&sql)
        .bind(project_id)
        .bind(title)
        .bind(objectives)
        .fetch_one(p)
        .await)?)
}

pub async fn delete_phase(db: &Db, project_id: ProjectId, phase_id: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| sqlx::query(
        "DELETE FROM project_phases WHERE id = $1 AND project_id = $2"
    )
    .bind(phase_id)
    .bind(project_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n > 0)
}

/// A network's phase template, in order (empty: the default four phases apply).
pub async fn phase_template(db: &Db, network_id: NetworkId) -> AppResult<Vec<TemplatePhase>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, TemplatePhase>(
        "SELECT id, network_id, position, title, objectives FROM network_phase_templates \
         WHERE network_id = $1 ORDER BY position, id"
    )
    .bind(network_id)
    .fetch_all(p)
    .await)?)
}

/// Replaces a network's phase template (title, objectives) in one transaction.
pub async fn replace_phase_template(
    db: &Db,
    network_id: NetworkId,
    phases: &[(String, String)],
) -> AppResult<()> {
    let res: Result<(), sqlx::Error> = db_tx!(db, |tx| async {
        sqlx::query("DELETE FROM network_phase_templates WHERE network_id = $1")
            .bind(network_id)
            .execute(&mut *tx)
            .await?;
        for (i, (title, objectives)) in phases.iter().enumerate() {
            sqlx::query(
                    "INSERT INTO network_phase_templates (network_id, position, title, objectives) VALUES ($1, $2, $3, $4)",
                )
                .bind(network_id)
                .bind(i as i64 + 1)
                .bind(title)
                .bind(objectives)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<(), sqlx::Error>(())
    });
    Ok(res?)
}

pub async fn insert_canvas(
    db: &Db,
    project_id: ProjectId,
    author_id: Option<UserId>,
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

/// The latest version of the canvas (one row, whatever the number of saves).
pub async fn latest_canvas(db: &Db, project_id: ProjectId) -> AppResult<Option<CanvasVersion>> {
    let sql = format!(
        "SELECT {CANVAS_COLS} FROM canvas_versions c LEFT JOIN users u ON u.id = c.author_id \
         WHERE c.project_id = $1 ORDER BY c.id DESC LIMIT 1"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, CanvasVersion>(&sql)
        .bind(project_id)
        .fetch_optional(p)
        .await)?)
}

/// Versions of the canvas, newest first.
pub async fn canvas_versions(db: &Db, project_id: ProjectId) -> AppResult<Vec<CanvasVersion>> {
    canvas_versions_newest(db, project_id, i64::MAX).await
}

/// The newest `limit` versions of a project's canvas, newest first.
pub async fn canvas_versions_newest(
    db: &Db,
    project_id: ProjectId,
    limit: i64,
) -> AppResult<Vec<CanvasVersion>> {
    let sql = format!(
        "SELECT {CANVAS_COLS} FROM canvas_versions c LEFT JOIN users u ON u.id = c.author_id \
         WHERE c.project_id = $1 ORDER BY c.id DESC LIMIT $2"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, CanvasVersion>(&sql)
        .bind(project_id)
        .bind(limit)
        .fetch_all(p)
        .await)?)
}

pub struct NewFunding<'a> {
    pub actor: Option<UserId>,
    pub project_id: ProjectId,
    pub funder: &'a str,
    pub programme: FundingProgramme,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: FundingStatus,
    pub deadline: Option<&'a str>,
    pub now: i64,
}

pub async fn insert_funding(db: &Db, f: NewFunding<'_>) -> AppResult<FundingApplication> {
    let sql = format!(
        "INSERT INTO funding_applications (project_id, funder, programme, amount_requested_cents, amount_granted_cents, status, deadline, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {FUNDING_COLS}"
    );
    let res: Result<FundingApplication, sqlx::Error> = db_tx!(db, |tx| async {
        let row = sqlx::query_as::<_, FundingApplication>(&sql)
            .bind(f.project_id)
            .bind(f.funder)
            .bind(f.programme)
            .bind(f.amount_requested_cents)
            .bind(f.amount_granted_cents)
            .bind(f.status)
            .bind(f.deadline)
            .bind(f.now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(EVENT_SQL)
            .bind(f.project_id)
            .bind(TimelineKind::FundingCreated)
            .bind(format!("{}\n{}", f.funder, f.status))
            .bind(f.actor)
            .bind(f.now)
            .execute(&mut *tx)
            .await?;
        Ok::<FundingApplication, sqlx::Error>(row)
    });
    Ok(res?)
}

/// Saves an application; a change of status is recorded in the timeline (same transaction).
pub async fn update_funding(
    db: &Db,
    f: &FundingApplication,
    old_status: FundingStatus,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<()> {
    let res: Result<(), sqlx::Error> = db_tx!(db, |tx| async {
        sqlx::query(
                "UPDATE funding_applications SET funder = $1, programme = $2, amount_requested_cents = $3, \
                 amount_granted_cents = $4, status = $5, deadline = $6 WHERE id = $7",
            )
            .bind(&f.funder)
            .bind(f.programme)
            .bind(f.amount_requested_cents)
            .bind(f.amount_granted_cents)
            .bind(f.status)
            .bind(&f.deadline)
            .bind(f.id)
            .execute(&mut *tx)
            .await?;
        if old_status != f.status {
            sqlx::query(EVENT_SQL)
                .bind(f.project_id)
                .bind(TimelineKind::FundingStatus)
                .bind(format!("{}\n{}", f.funder, f.status))
                .bind(actor)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        Ok::<(), sqlx::Error>(())
    });
    Ok(res?)
}

pub async fn delete_funding(
    db: &Db,
    f: &FundingApplication,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<()> {
    let res: Result<(), sqlx::Error> = db_tx!(db, |tx| async {
        sqlx::query("DELETE FROM funding_applications WHERE id = $1")
            .bind(f.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(EVENT_SQL)
            .bind(f.project_id)
            .bind(TimelineKind::FundingDeleted)
            .bind(&f.funder)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        Ok::<(), sqlx::Error>(())
    });
    Ok(res?)
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

pub async fn fundings(db: &Db, project_id: ProjectId) -> AppResult<Vec<FundingApplication>> {
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

#[allow(clippy::too_many_arguments)]
pub async fn insert_budget_line(
    db: &Db,
    project_id: ProjectId,
    kind: BudgetKind,
    label: &str,
    amount_cents: i64,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<BudgetLine> {
    let sql = format!(
        "INSERT INTO budget_lines (project_id, kind, label, amount_cents, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {BUDGET_COLS}"
    );
    let event = format!("{label}\n{amount_cents}");
    let res: Result<BudgetLine, sqlx::Error> = db_tx!(db, |tx| async {
        let row = sqlx::query_as::<_, BudgetLine>(&sql)
            .bind(project_id)
            .bind(kind)
            .bind(label)
            .bind(amount_cents)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(EVENT_SQL)
            .bind(project_id)
            .bind(TimelineKind::BudgetAdded)
            .bind(&event)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        Ok::<BudgetLine, sqlx::Error>(row)
    });
    Ok(res?)
}

pub async fn budget_line_by_id(db: &Db, id: i64) -> AppResult<Option<BudgetLine>> {
    let sql = format!("SELECT {BUDGET_COLS} FROM budget_lines WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, BudgetLine>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Saves (`Some`) or deletes (`None`) a budget line, recorded in the timeline.
pub async fn change_budget_line(
    db: &Db,
    line: &BudgetLine,
    deleted: bool,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<()> {
    let (kind, event) = if deleted {
        (TimelineKind::BudgetDeleted, line.label.clone())
    } else {
        (
            TimelineKind::BudgetUpdated,
            format!("{}\n{}", line.label, line.amount_cents),
        )
    };
    let res: Result<(), sqlx::Error> = db_tx!(db, |tx| async {
        if deleted {
            sqlx::query("DELETE FROM budget_lines WHERE id = $1")
                .bind(line.id)
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query(
                "UPDATE budget_lines SET kind = $1, label = $2, amount_cents = $3 WHERE id = $4",
            )
            .bind(line.kind)
            .bind(&line.label)
            .bind(line.amount_cents)
            .bind(line.id)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(EVENT_SQL)
            .bind(line.project_id)
            .bind(kind)
            .bind(&event)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        Ok::<(), sqlx::Error>(())
    });
    Ok(res?)
}

pub async fn budget_lines(db: &Db, project_id: ProjectId) -> AppResult<Vec<BudgetLine>> {
    let sql =
        format!("SELECT {BUDGET_COLS} FROM budget_lines WHERE project_id = $1 ORDER BY kind, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, BudgetLine>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}

// ---- invitations of holders ----

pub async fn attached_documents(db: &Db, funding_id: i64) -> AppResult<Vec<DocumentId>> {
    let rows: Vec<(DocumentId,)> = db_run!(db, |p| sqlx::query_as(
        "SELECT document_id FROM funding_documents WHERE funding_id = $1 ORDER BY document_id"
    )
    .bind(funding_id)
    .fetch_all(p)
    .await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn attach_document(db: &Db, funding_id: i64, document_id: DocumentId) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO funding_documents (funding_id, document_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
    )
    .bind(funding_id)
    .bind(document_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn detach_document(db: &Db, funding_id: i64, document_id: DocumentId) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM funding_documents WHERE funding_id = $1 AND document_id = $2"
    )
    .bind(funding_id)
    .bind(document_id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

// ---- the timeline's recorded events ----

/// An event of `project_events`, with the name of who did it.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub kind: TimelineKind,
    pub label: String,
    pub actor: Option<String>,
    pub at: i64,
}

pub async fn events(db: &Db, project_id: ProjectId, limit: i64) -> AppResult<Vec<EventRow>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, EventRow>(
        "SELECT e.kind, e.label, u.display_name AS actor, e.at FROM project_events e \
         LEFT JOIN users u ON u.id = e.actor_id WHERE e.project_id = $1 \
         ORDER BY e.at DESC, e.id DESC LIMIT $2"
    )
    .bind(project_id)
    .bind(limit)
    .fetch_all(p)
    .await)?)
}
