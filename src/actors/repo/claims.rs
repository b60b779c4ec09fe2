//! Queries of the claims on organisations' profiles, the accounts that run them, and the
//! skills vocabulary's curation (search, merge).

use super::{id_list, Arg, COLS};
use crate::actors::model::{Actor, Claim, Skill, SkillUse};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{ActorId, UserId};
use crate::{db_run, db_tx};

// --- Claims and the accounts that run an organisation's profile (issue 18 point 1) ---------

/// The accounts that run this organisation's profile (accepted claims), oldest first.
pub async fn managers_of(db: &Db, actor: ActorId) -> AppResult<Vec<UserId>> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT user_id FROM actor_managers WHERE actor_id = $1 ORDER BY created_at, user_id"
    )
    .bind(actor)
    .fetch_all(p)
    .await)?)
}

/// The organisations' profiles this account runs.
pub async fn managed_by(db: &Db, user: UserId) -> AppResult<Vec<Actor>> {
    let sql = format!(
        "SELECT {COLS} FROM actors a JOIN actor_managers m ON m.actor_id = a.id \
         WHERE m.user_id = $1 ORDER BY a.name, a.id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Actor>(&sql)
        .bind(user)
        .fetch_all(p)
        .await)?)
}

/// A new pending claim; `false` when this person already has one waiting for this profile.
pub async fn insert_claim(
    db: &Db,
    actor: ActorId,
    user: UserId,
    message: &str,
    now: i64,
) -> AppResult<bool> {
    let done = db_run!(db, |p| sqlx::query(
        "INSERT INTO actor_claims (actor_id, user_id, message, status, created_at) \
         VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT DO NOTHING"
    )
    .bind(actor)
    .bind(user)
    .bind(message)
    .bind(now)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

/// A claim, with its profile's and its author's names.
pub async fn claim(db: &Db, id: i64) -> AppResult<Option<Claim>> {
    let sql = format!("{CLAIM_SELECT} WHERE c.id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Claim>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

const CLAIM_SELECT: &str = "SELECT c.id, c.actor_id, a.name AS actor_name, a.slug AS actor_slug, \
     c.user_id, u.display_name AS user_name, c.message, c.status, c.created_at FROM actor_claims c \
     JOIN actors a ON a.id = c.actor_id JOIN users u ON u.id = c.user_id";

/// The oldest pending claims (at most `limit`) on the profiles attached to these places or
/// networks (all of them when `everything`), and how many wait in all.
pub async fn pending_claims(
    db: &Db,
    everything: bool,
    places: &[i64],
    networks: &[i64],
    limit: i64,
) -> AppResult<(Vec<Claim>, i64)> {
    let scope = if everything {
        "1 = 1".to_string()
    } else {
        let p = if places.is_empty() {
            "NULL".into()
        } else {
            id_list(places)
        };
        let n = if networks.is_empty() {
            "NULL".into()
        } else {
            id_list(networks)
        };
        format!(
            "(a.network_id IN ({n}) OR c.actor_id IN (SELECT ap.actor_id FROM actor_places ap \
             WHERE ap.place_id IN ({p}) OR ap.place_id IN \
             (SELECT np.place_id FROM network_places np WHERE np.network_id IN ({n}))))"
        )
    };
    let sql =
        format!("{CLAIM_SELECT} WHERE c.status = 'pending' AND {scope} ORDER BY c.created_at, c.id LIMIT {limit}");
    let count = format!(
        "SELECT COUNT(*) FROM actor_claims c JOIN actors a ON a.id = c.actor_id \
         WHERE c.status = 'pending' AND {scope}"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, Claim>(&sql).fetch_all(p).await)?;
    let total: i64 = db_run!(db, |p| sqlx::query_scalar(&count).fetch_one(p).await)?;
    Ok((rows, total))
}

/// Decides a pending claim; an accepted one makes its author run the profile. `false` when it
/// was no longer pending (decided meanwhile).
pub async fn decide_claim(db: &Db, id: i64, accept: bool, by: UserId, now: i64) -> AppResult<bool> {
    let status = if accept { "accepted" } else { "refused" };
    db_tx!(db, |tx| async {
        let row: Option<(ActorId, UserId)> = sqlx::query_as(
            "UPDATE actor_claims SET status = $1, decided_by = $2, decided_at = $3 \
             WHERE id = $4 AND status = 'pending' RETURNING actor_id, user_id",
        )
        .bind(status)
        .bind(by)
        .bind(now)
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((actor, user)) = row else {
            return Ok(false);
        };
        if accept {
            sqlx::query(
                "INSERT INTO actor_managers (actor_id, user_id, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(actor)
            .bind(user)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<bool, AppError>(true)
    })
}

/// This account no longer runs this profile.
pub async fn remove_manager(db: &Db, actor: ActorId, user: UserId) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "DELETE FROM actor_managers WHERE actor_id = $1 AND user_id = $2"
    )
    .bind(actor)
    .bind(user)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// This person's claims, for their personal-data export.
pub async fn claims_of_user(db: &Db, user: UserId) -> AppResult<Vec<Claim>> {
    let sql = format!("{CLAIM_SELECT} WHERE c.user_id = $1 ORDER BY c.created_at, c.id");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Claim>(&sql)
        .bind(user)
        .fetch_all(p)
        .await)?)
}

// --- The skills vocabulary, merged by an animator -------------------------------------------

/// One page of the canonical skills with their synonyms' names and how many profiles use them,
/// most used first (`words`: folded words each found in the name).
pub async fn skills_page(
    db: &Db,
    words: &[String],
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<SkillUse>, i64)> {
    let mut conds = vec!["k.canonical_id IS NULL".to_string()];
    for (i, _) in words.iter().enumerate() {
        conds.push(format!("k.folded LIKE ${}", i + 1));
    }
    let wh = conds.join(" AND ");
    let sql = format!(
        "SELECT k.id, k.name, k.folded, \
         (SELECT COUNT(*) FROM actor_skills s WHERE s.skill_id = k.id) AS uses, \
         '' AS synonyms FROM skills k WHERE {wh} ORDER BY uses DESC, k.folded \
         LIMIT {limit} OFFSET {offset}"
    );
    let count = format!("SELECT COUNT(*) FROM skills k WHERE {wh}");
    let args: Vec<Arg> = words.iter().map(|w| Arg::T(format!("%{w}%"))).collect();
    let mut rows = db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, SkillUse>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?;
    let total: i64 = db_run!(db, |p| bind_args!(sqlx::query_scalar(&count), &args)
        .fetch_one(p)
        .await)?;
    if !rows.is_empty() {
        let list = id_list(&rows.iter().map(|r| r.id).collect::<Vec<_>>());
        let sql = format!(
            "SELECT canonical_id, name FROM skills WHERE canonical_id IN ({list}) ORDER BY folded"
        );
        let synonyms: Vec<(i64, String)> =
            db_run!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
        for r in &mut rows {
            let names: Vec<&str> = synonyms
                .iter()
                .filter(|(c, _)| *c == r.id)
                .map(|(_, n)| n.as_str())
                .collect();
            r.synonyms = names.join(", ");
        }
    }
    Ok((rows, total))
}

/// A skill of the vocabulary.
pub async fn skill(db: &Db, id: i64) -> AppResult<Option<Skill>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Skill>(
        "SELECT id, name, folded FROM skills WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await)?)
}

/// The canonical skill of `id` (itself when it is one).
pub async fn canonical_of(db: &Db, id: i64) -> AppResult<Option<i64>> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT COALESCE(canonical_id, id) FROM skills WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(p)
    .await)?)
}

/// Merges skill `from` into the canonical skill `into`: the profiles tagged `from` are tagged
/// `into` (once), `from` and its synonyms become synonyms of `into`, and the profiles' search
/// text gains `into`'s name. Returns how many profiles were retagged.
pub async fn merge_skill(db: &Db, from: i64, into: i64, into_folded: &str) -> AppResult<u64> {
    db_tx!(db, |tx| async {
        let moved: Vec<ActorId> =
            sqlx::query_scalar("SELECT actor_id FROM actor_skills WHERE skill_id = $1")
                .bind(from)
                .fetch_all(&mut *tx)
                .await?;
        sqlx::query(
            "INSERT INTO actor_skills (actor_id, skill_id) SELECT actor_id, $2 FROM actor_skills \
             WHERE skill_id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM actor_skills WHERE skill_id = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;
        // The posts (annonces) share the vocabulary: their links follow, as a foreign key's
        // cascade would.
        sqlx::query(
            "INSERT INTO post_skills (post_id, skill_id, wanted) SELECT post_id, $2, wanted \
             FROM post_skills WHERE skill_id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM post_skills WHERE skill_id = $1")
            .bind(from)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE skills SET canonical_id = $2 WHERE canonical_id = $1 OR id = $1")
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?;
        if !moved.is_empty() {
            let list = id_list(&moved);
            sqlx::query(&format!(
                "UPDATE actors SET search_text = search_text || ' ' || $1 WHERE id IN ({list})"
            ))
            .bind(into_folded)
            .execute(&mut *tx)
            .await?;
        }
        Ok::<u64, AppError>(moved.len() as u64)
    })
}
