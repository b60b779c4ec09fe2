//! Queries of the public page: its own fields, the coming workshops the project organizes
//! (events of the agenda with `events.project_id`) and a visitor's registrations to them.

use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::{ProjectId, UserId};
use crate::projects::model::public::{PublicPage, Workshop};

pub async fn page_of(db: &Db, project_id: ProjectId) -> AppResult<PublicPage> {
    let row: Option<PublicPage> = db_run!(db, |p| {
        sqlx::query_as(
        "SELECT contact_email, contact_phone, contact_text, participate FROM project_public_pages WHERE project_id = $1"
    )
    .bind(project_id)
    .fetch_optional(p)
    .await
    })?;
    Ok(row.unwrap_or_default())
}

pub async fn store_page(
    db: &Db,
    project_id: ProjectId,
    pg: &PublicPage,
    who: Option<UserId>,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO project_public_pages (project_id, contact_email, contact_phone, contact_text, participate, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (project_id) DO UPDATE SET contact_email = $2, \
         contact_phone = $3, contact_text = $4, participate = $5, updated_by = $6, updated_at = $7"
    )
    .bind(project_id)
    .bind(&pg.contact_email)
    .bind(&pg.contact_phone)
    .bind(&pg.contact_text)
    .bind(&pg.participate)
    .bind(who)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Occurrences not yet over of the project's published events, soonest first.
pub async fn upcoming_workshops(
    db: &Db,
    project_id: ProjectId,
    now: i64,
) -> AppResult<Vec<Workshop>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Workshop>(
        "SELECT e.id AS event_id, o.id AS occurrence_id, e.title, e.kind, o.starts_at, o.ends_at, e.all_day, \
         e.location_kind, e.address, e.online_url, e.capacity, e.approval, e.questions, \
         COALESCE((SELECT SUM(1 + r.guests) FROM event_registrations r WHERE r.occurrence_id = o.id AND r.status = 'confirmed'), 0) \
         + (SELECT COUNT(*) FROM event_guest_registrations g WHERE g.occurrence_id = o.id AND g.status = 'confirmed') AS confirmed_seats \
         FROM events e JOIN event_occurrences o ON o.event_id = e.id \
         WHERE e.project_id = $1 AND e.status = 'published' AND NOT o.cancelled AND o.ends_at >= $2 \
         ORDER BY o.starts_at, o.id LIMIT 30"
    )
    .bind(project_id)
    .bind(now)
    .fetch_all(p)
    .await
    })?)
}

/// Occurrences among `occurrence_ids` where `user_id` holds a live registration.
pub async fn my_registrations(
    db: &Db,
    user_id: UserId,
    ws: &[Workshop],
) -> AppResult<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for w in ws {
        let row: Option<(String,)> = db_run!(db, |p| sqlx::query_as(
            "SELECT status FROM event_registrations WHERE occurrence_id = $1 AND user_id = $2 \
             AND status IN ('confirmed', 'waitlisted', 'pending')"
        )
        .bind(w.occurrence_id)
        .bind(user_id)
        .fetch_optional(p)
        .await)?;
        if let Some((s,)) = row {
            out.push((w.occurrence_id, s));
        }
    }
    Ok(out)
}
