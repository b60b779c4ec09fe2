//! Queries on the stakeholders of a project.

use super::EVENT_SQL;
use crate::db::Db;
use crate::error::AppResult;
use crate::ids::{ProjectId, UserId};
use crate::projects::model::stakeholders::{CheckedStakeholder, Stakeholder};
use crate::projects::model::TimelineKind;
use crate::{db_run, db_tx};

const COLS: &str = "id, project_id, kind, name, organization, role, email, phone, address, consent_on, notes, created_by, created_at, updated_at";

pub async fn of_project(db: &Db, project_id: ProjectId) -> AppResult<Vec<Stakeholder>> {
    let sql =
        format!("SELECT {COLS} FROM project_stakeholders WHERE project_id = $1 ORDER BY name, id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Stakeholder>(&sql)
        .bind(project_id)
        .fetch_all(p)
        .await)?)
}

pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<Stakeholder>> {
    let sql = format!("SELECT {COLS} FROM project_stakeholders WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Stakeholder>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// Inserts a stakeholder and records it in the timeline, in one transaction.
pub async fn insert(
    db: &Db,
    project_id: ProjectId,
    c: &CheckedStakeholder,
    actor: Option<UserId>,
    now: i64,
) -> AppResult<Stakeholder> {
    let sql = format!(
        "INSERT INTO project_stakeholders (project_id, kind, name, organization, role, email, phone, address, consent_on, notes, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING {COLS}"
    );
    let res: Result<Stakeholder, sqlx::Error> = db_tx!(db, |tx| async {
        let row = sqlx::query_as::<_, Stakeholder>(&sql)
            .bind(project_id)
            .bind(c.kind)
            .bind(&c.name)
            .bind(&c.organization)
            .bind(&c.role)
            .bind(&c.email)
            .bind(&c.phone)
            .bind(&c.address)
            .bind(&c.consent_on)
            .bind(&c.notes)
            .bind(actor)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(EVENT_SQL)
            .bind(project_id)
            .bind(TimelineKind::StakeholderAdded)
            .bind(&c.name)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        Ok::<Stakeholder, sqlx::Error>(row)
    });
    Ok(res?)
}

pub async fn update(db: &Db, id: i64, c: &CheckedStakeholder, now: i64) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE project_stakeholders SET kind = $1, name = $2, organization = $3, role = $4, email = $5, \
         phone = $6, address = $7, consent_on = $8, notes = $9, updated_at = $10 WHERE id = $11"
    )
    .bind(c.kind)
    .bind(&c.name)
    .bind(&c.organization)
    .bind(&c.role)
    .bind(&c.email)
    .bind(&c.phone)
    .bind(&c.address)
    .bind(&c.consent_on)
    .bind(&c.notes)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

pub async fn delete(db: &Db, id: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM project_stakeholders WHERE id = $1"
    )
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
