//! Queries on the invitations to hold a project: sent to an address, used once, listed for the
//! person they name.

use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::{ProjectId, UserId};

/// A pending invitation: the project and the invited address.
#[derive(sqlx::FromRow)]
pub struct Invitation {
    pub project_id: ProjectId,
    pub email: String,
}

pub struct NewInvitation<'a> {
    pub project_id: ProjectId,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub invited_by: UserId,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_invitation(db: &Db, i: NewInvitation<'_>) -> AppResult<()> {
    db_run!(db, |pool| {
        sqlx::query(
        "INSERT INTO project_invitations (project_id, email, token_hash, invited_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(i.project_id)
    .bind(i.email)
    .bind(i.token_hash)
    .bind(i.invited_by)
    .bind(i.now)
    .bind(i.expires_at)
    .execute(pool)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// The invitation of this token hash, unused and not expired at `now`.
pub async fn live_invitation(db: &Db, token_hash: &str, now: i64) -> AppResult<Option<Invitation>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Invitation>(
        "SELECT project_id, email FROM project_invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2"
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(p)
    .await
    })?)
}

/// Marks the invitation used (a conditional update: `false` when already used or expired).
pub async fn use_invitation(db: &Db, token_hash: &str, now: i64) -> AppResult<bool> {
    let used = db_run!(db, |p| {
        sqlx::query(
        "UPDATE project_invitations SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1"
    )
    .bind(now)
    .bind(token_hash)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(used > 0)
}

/// An invitation waiting for the person it was sent to (their account's invitations page).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingInvitation {
    pub id: i64,
    pub project_id: ProjectId,
    pub project_name: String,
    pub invited_by: Option<String>,
}

/// The live invitations sent to this address, oldest first.
pub async fn invitations_for_email(
    db: &Db,
    email: &str,
    now: i64,
) -> AppResult<Vec<PendingInvitation>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_as::<_, PendingInvitation>(
            "SELECT i.id, i.project_id, p.name AS project_name, u.display_name AS invited_by \
             FROM project_invitations i JOIN projects p ON p.id = i.project_id \
             LEFT JOIN users u ON u.id = i.invited_by \
             WHERE i.email = $1 AND i.used_at IS NULL AND i.expires_at > $2 ORDER BY i.created_at, i.id",
        )
        .bind(email)
        .bind(now)
        .fetch_all(pool)
        .await
    })?)
}

/// Marks the invitation `id` sent to `email` used (accepted or declined): its project, or
/// `None` when it is not that address's, already used or expired (a conditional update).
pub async fn use_invitation_by_id(
    db: &Db,
    id: i64,
    email: &str,
    now: i64,
) -> AppResult<Option<ProjectId>> {
    Ok(db_run!(db, |pool| {
        sqlx::query_scalar::<_, ProjectId>(
            "UPDATE project_invitations SET used_at = $1 \
             WHERE id = $2 AND email = $3 AND used_at IS NULL AND expires_at > $1 RETURNING project_id",
        )
        .bind(now)
        .bind(id)
        .bind(email)
        .fetch_optional(pool)
        .await
    })?)
}

/// Addresses invited and not answered yet, oldest first.
pub async fn pending_invitations(
    db: &Db,
    project_id: ProjectId,
    now: i64,
) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = db_run!(db, |pool| {
        sqlx::query_as(
        "SELECT email FROM project_invitations WHERE project_id = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at"
    )
    .bind(project_id)
    .bind(now)
    .fetch_all(pool)
    .await
    })?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

// ---- documents attached to funding applications ----
