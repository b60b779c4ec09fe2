//! The queries of newsletter issues and their deliveries, and the lean reads of the blocks
//! filled from the data (news, places, projects, trainings of a network or a place).

use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::ids::{IssueId, NetworkId, NewsListId, PlaceId, UserId};

use super::model::{Figures, Issue};

const ISSUE_COLS: &str = "id, list_id, subject, blocks, status, send_at, content, built_at, \
sent_at, created_by, created_at, updated_at";

pub async fn insert_issue(
    db: &Db,
    list: NewsListId,
    subject: &str,
    blocks: &str,
    by: UserId,
    now: i64,
) -> AppResult<IssueId> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar(
        "INSERT INTO letter_issues (list_id, subject, blocks, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $5, $5) RETURNING id"
    )
    .bind(list)
    .bind(subject)
    .bind(blocks)
    .bind(by)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}

pub async fn issue_by_id(db: &Db, id: IssueId) -> AppResult<Option<Issue>> {
    let sql = format!("SELECT {ISSUE_COLS} FROM letter_issues WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Issue>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// The issues of a list, newest first (`sent_only`: those the archive shows).
pub async fn issues_of(db: &Db, list: NewsListId, sent_only: bool) -> AppResult<Vec<Issue>> {
    let filter = if sent_only {
        " AND status IN ('sending', 'sent')"
    } else {
        ""
    };
    let sql = format!(
        "SELECT {ISSUE_COLS} FROM letter_issues WHERE list_id = $1{filter} ORDER BY id DESC LIMIT 200"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Issue>(&sql)
        .bind(list)
        .fetch_all(p)
        .await)?)
}

/// Rewrites a draft or scheduled issue; false once its sending started.
pub async fn update_issue(
    db: &Db,
    id: IssueId,
    subject: &str,
    blocks: &str,
    now: i64,
) -> AppResult<bool> {
    let n = db_run!(db, |p| sqlx::query(
        "UPDATE letter_issues SET subject = $1, blocks = $2, updated_at = $3 \
         WHERE id = $4 AND status IN ('draft', 'scheduled')"
    )
    .bind(subject)
    .bind(blocks)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Schedules a draft (or moves a schedule); false once its sending started.
pub async fn schedule(db: &Db, id: IssueId, send_at: i64, now: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| sqlx::query(
        "UPDATE letter_issues SET status = 'scheduled', send_at = $1, updated_at = $2 \
         WHERE id = $3 AND status IN ('draft', 'scheduled')"
    )
    .bind(send_at)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Freezes the content of an issue and starts its sending: only the first caller wins (the
/// issue is no longer a draft or scheduled afterwards).
pub async fn freeze(db: &Db, id: IssueId, content: &str, now: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| {
        sqlx::query(
        "UPDATE letter_issues SET status = 'sending', content = $1, built_at = $2, updated_at = $2 \
         WHERE id = $3 AND status IN ('draft', 'scheduled')"
    )
    .bind(content)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// Writes one pending delivery per confirmed, not suspended subscriber of the list (again:
/// the unique `(issue_id, email)` keeps one row each), leaving out the addresses whose account
/// chose `never` for newsletters (docs/notifications.md).
pub async fn write_deliveries(db: &Db, id: IssueId, list: NewsListId) -> AppResult<u64> {
    Ok(db_run!(db, |p| sqlx::query(
        "INSERT INTO letter_deliveries (issue_id, email, status) \
         SELECT $1, email, 'pending' FROM news_subscriptions \
         WHERE list_id = $2 AND status = 'confirmed' AND suspended_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM users u JOIN notification_preferences np \
           ON np.user_id = u.id AND np.kind = 'newsletters' AND np.cadence = 'never' \
           WHERE u.email = news_subscriptions.email) \
         ON CONFLICT (issue_id, email) DO NOTHING"
    )
    .bind(id)
    .bind(list)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?)
}

/// Skips the pending deliveries of addresses that left the list or were suspended since the
/// issue was built, or whose account chose `never` for newsletters since: an unsubscription
/// takes effect before the next message.
pub async fn skip_departed(db: &Db, id: IssueId, list: NewsListId) -> AppResult<u64> {
    Ok(db_run!(db, |p| {
        sqlx::query(
        "UPDATE letter_deliveries SET status = 'skipped' \
         WHERE issue_id = $1 AND status = 'pending' AND NOT EXISTS (\
           SELECT 1 FROM news_subscriptions s WHERE s.list_id = $2 \
           AND s.email = letter_deliveries.email AND s.status = 'confirmed' AND s.suspended_at IS NULL) \
           OR (issue_id = $1 AND status = 'pending' AND EXISTS (SELECT 1 FROM users u \
           JOIN notification_preferences np ON np.user_id = u.id AND np.kind = 'newsletters' \
           AND np.cadence = 'never' WHERE u.email = letter_deliveries.email))"
    )
    .bind(id)
    .bind(list)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?)
}

/// Skips at once the pending deliveries of `email` for the issues of a list (it just left).
pub async fn skip_address(db: &Db, list: NewsListId, email: &str) -> AppResult<u64> {
    Ok(db_run!(db, |p| sqlx::query(
        "UPDATE letter_deliveries SET status = 'skipped' WHERE email = $1 AND status = 'pending' \
         AND issue_id IN (SELECT id FROM letter_issues WHERE list_id = $2)"
    )
    .bind(email)
    .bind(list)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?)
}

/// A claimed delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub email: String,
    pub attempts: i32,
}

/// Claims up to `n` deliveries of an issue: pending ones, and those whose lease ran out (the
/// node that claimed them died). The outer `WHERE` re-checks the state, so when two nodes race
/// for the same rows each row goes to one of them only (PostgreSQL re-reads a row updated
/// meanwhile; SQLite has one writer).
pub async fn claim(
    db: &Db,
    id: IssueId,
    now: i64,
    n: i64,
    lease_ms: i64,
) -> AppResult<Vec<Claimed>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Claimed>(
        "UPDATE letter_deliveries SET status = 'sending', claimed_at = $1, lease_until = $2, \
         attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM letter_deliveries WHERE issue_id = $3 \
           AND (status = 'pending' OR (status = 'sending' AND lease_until < $1)) ORDER BY id LIMIT $4) \
         AND (status = 'pending' OR (status = 'sending' AND lease_until < $1)) \
         RETURNING id, email, attempts"
    )
    .bind(now)
    .bind(now + lease_ms)
    .bind(id)
    .bind(n)
    .fetch_all(p)
    .await
    })?)
}

/// Ends a claimed delivery: `sent`, `failed` (with the error) or back to `pending` (a
/// temporary error, tried again by a later batch).
pub async fn settle(
    db: &Db,
    delivery: i64,
    status: super::model::DeliveryStatus,
    error: Option<&str>,
    now: i64,
) -> AppResult<()> {
    let sent_at = (status == super::model::DeliveryStatus::Sent).then_some(now);
    db_run!(db, |p| sqlx::query(
        "UPDATE letter_deliveries SET status = $1, lease_until = NULL, sent_at = $2, error = $3 \
         WHERE id = $4 AND status = 'sending'"
    )
    .bind(status)
    .bind(sent_at)
    .bind(error)
    .bind(delivery)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Suspends every confirmed subscription of an address the relay refused for good.
pub async fn suspend(db: &Db, email: &str, reason: &str, now: i64) -> AppResult<u64> {
    Ok(db_run!(db, |p| sqlx::query(
        "UPDATE news_subscriptions SET suspended_at = $1, suspended_reason = $2 \
         WHERE email = $3 AND suspended_at IS NULL"
    )
    .bind(now)
    .bind(reason)
    .bind(email)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?)
}

/// What is left to send: deliveries claimable now, and the end of the latest lease held by
/// another node (when some are being sent elsewhere).
pub async fn remaining(db: &Db, id: IssueId, now: i64) -> AppResult<(i64, Option<i64>)> {
    let (open, lease): (i64, Option<i64>) = db_run!(db, |p| sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM letter_deliveries WHERE issue_id = $1 \
              AND (status = 'pending' OR (status = 'sending' AND lease_until < $2))), \
           (SELECT MAX(lease_until) FROM letter_deliveries WHERE issue_id = $1 \
              AND status = 'sending' AND lease_until >= $2)"
    )
    .bind(id)
    .bind(now)
    .fetch_one(p)
    .await)?;
    Ok((open, lease))
}

/// Marks an issue sent once no delivery is pending or being sent.
pub async fn finish(db: &Db, id: IssueId, now: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| sqlx::query(
        "UPDATE letter_issues SET status = 'sent', sent_at = $1, updated_at = $1 \
         WHERE id = $2 AND status = 'sending' AND NOT EXISTS (SELECT 1 FROM letter_deliveries \
         WHERE issue_id = $2 AND status IN ('pending', 'sending'))"
    )
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// [`figures`] of several issues (those built), in one statement whatever their number.
pub async fn figures_of_many(
    db: &Db,
    issues: &[&Issue],
) -> AppResult<std::collections::HashMap<IssueId, Figures>> {
    let ids: Vec<i64> = issues
        .iter()
        .filter(|i| i.built_at.is_some())
        .map(|i| i.id.get())
        .collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "SELECT i.id, COUNT(d.issue_id), \
           COALESCE(SUM(CASE WHEN d.status = 'sent' THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN d.status = 'skipped' THEN 1 ELSE 0 END), 0), \
           COALESCE(SUM(CASE WHEN d.status IN ('pending', 'sending') THEN 1 ELSE 0 END), 0), \
           (SELECT COUNT(*) FROM news_subscriptions s WHERE s.list_id = i.list_id \
              AND s.status = 'unsubscribed' AND s.unsubscribed_at >= i.built_at) \
         FROM letter_issues i LEFT JOIN letter_deliveries d ON d.issue_id = i.id \
         WHERE i.id IN ({}) GROUP BY i.id, i.list_id, i.built_at",
        crate::db::id_list(&ids)
    );
    type Row = (IssueId, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = db_run!(db, |p| sqlx::query_as::<_, Row>(&sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.0,
                Figures {
                    recipients: r.1,
                    sent: r.2,
                    failed: r.3,
                    skipped: r.4,
                    pending: r.5,
                    unsubscribed_since: r.6,
                },
            )
        })
        .collect())
}

/// The delivery figures of an issue.
pub async fn figures(db: &Db, issue: &Issue) -> AppResult<Figures> {
    let since = issue.built_at.unwrap_or(i64::MAX);
    let (recipients, sent, failed, skipped, pending, unsub): (i64, i64, i64, i64, i64, i64) =
        db_run!(db, |p| sqlx::query_as(
            "SELECT COUNT(*), \
               COALESCE(SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END), 0), \
               COALESCE(SUM(CASE WHEN status IN ('pending', 'sending') THEN 1 ELSE 0 END), 0), \
               (SELECT COUNT(*) FROM news_subscriptions WHERE list_id = $2 \
                  AND status = 'unsubscribed' AND unsubscribed_at >= $3) \
             FROM letter_deliveries WHERE issue_id = $1"
        )
        .bind(issue.id)
        .bind(issue.list_id)
        .bind(since)
        .fetch_one(p)
        .await)?;
    Ok(Figures {
        recipients,
        sent,
        failed,
        skipped,
        pending,
        unsubscribed_since: unsub,
    })
}

/// A suspended subscription, for its list's editors.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Suspended {
    pub email: String,
    pub suspended_at: i64,
    pub suspended_reason: Option<String>,
}

pub async fn suspended_of(db: &Db, list: NewsListId) -> AppResult<Vec<Suspended>> {
    Ok(db_run!(db, |p| {
        sqlx::query_as::<_, Suspended>(
        "SELECT email, suspended_at, suspended_reason FROM news_subscriptions \
         WHERE list_id = $1 AND suspended_at IS NOT NULL ORDER BY suspended_at DESC, email LIMIT 500"
    )
    .bind(list)
    .fetch_all(p)
    .await
    })?)
}

/// Confirmed subscribers of a list (not suspended).
pub async fn subscriber_count(db: &Db, list: NewsListId) -> AppResult<i64> {
    Ok(db_run!(db, |p| sqlx::query_scalar(
        "SELECT COUNT(*) FROM news_subscriptions WHERE list_id = $1 AND status = 'confirmed' \
         AND suspended_at IS NULL"
    )
    .bind(list)
    .fetch_one(p)
    .await)?)
}

// ---- the blocks filled from the data ----

/// The network whose data a list's blocks read: the list's network, or the networks of its
/// place (`place`).
#[derive(Debug, Clone, Copy)]
pub enum Reach {
    Network(NetworkId),
    Place(PlaceId),
}

impl Reach {
    /// The SQL condition on a place id column `col` (`$1` is the reach's id), and the one on
    /// a network id column.
    fn places(self, col: &str) -> String {
        match self {
            Reach::Network(_) => {
                format!("{col} IN (SELECT place_id FROM network_places WHERE network_id = $1)")
            }
            Reach::Place(_) => format!("{col} = $1"),
        }
    }
    fn networks(self, col: &str) -> String {
        match self {
            Reach::Network(_) => format!("{col} = $1"),
            Reach::Place(_) => {
                format!("{col} IN (SELECT network_id FROM network_places WHERE place_id = $1)")
            }
        }
    }
    fn id(self) -> i64 {
        match self {
            Reach::Network(n) => n.get(),
            Reach::Place(p) => p.get(),
        }
    }
}

/// A row of a block: title, slug, text, an instant and a label.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub title: String,
    pub slug: String,
    pub text: String,
    pub at: i64,
    pub label: String,
}

async fn rows(db: &Db, sql: &str, reach: Reach, a: i64, b: i64) -> AppResult<Vec<Row>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, Row>(sql)
        .bind(reach.id())
        .bind(a)
        .bind(b)
        .fetch_all(p)
        .await)?)
}

/// The latest published news of the network (its own and its places') or of the place.
pub async fn latest_news(db: &Db, reach: Reach, now: i64, n: i64) -> AppResult<Vec<Row>> {
    let own = match reach {
        Reach::Network(_) => "n.network_id = $1 OR ",
        Reach::Place(_) => "",
    };
    let sql = format!(
        "SELECT n.title, n.slug, n.body AS text, n.publish_at AS at, '' AS label FROM news_posts n \
         WHERE n.status = 'published' AND n.publish_at <= $2 AND ({own}{}) \
         ORDER BY n.publish_at DESC, n.id DESC LIMIT $3",
        reach.places("n.place_id")
    );
    rows(db, &sql, reach, now, n).await
}

/// The published places that joined the network (or the place's networks) since `since`.
pub async fn new_places(db: &Db, reach: Reach, since: i64, n: i64) -> AppResult<Vec<Row>> {
    let sql = format!(
        "SELECT p.name AS title, p.slug, p.description AS text, MIN(np.joined_at) AS at, \
         p.city AS label FROM places p JOIN network_places np ON np.place_id = p.id \
         WHERE p.moderation = 'published' AND np.joined_at >= $2 AND {} \
         GROUP BY p.id, p.name, p.slug, p.description, p.city \
         ORDER BY MIN(np.joined_at) DESC, p.id DESC LIMIT $3",
        reach.networks("np.network_id")
    );
    rows(db, &sql, reach, since, n).await
}

/// Public projects followed by the network (or the place's networks), still in the making.
pub async fn open_projects(db: &Db, reach: Reach, n: i64) -> AppResult<Vec<Row>> {
    let sql = format!(
        "SELECT pr.name AS title, pr.slug, pr.intent AS text, pr.created_at AS at, \
         pr.communes AS label FROM projects pr \
         WHERE pr.public AND pr.network_status = 'accepted' AND pr.status IN ('idea', 'in_progress') \
         AND {} ORDER BY pr.created_at DESC, pr.id DESC LIMIT $2",
        reach.networks("pr.network_id")
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Row>(&sql)
        .bind(reach.id())
        .bind(n)
        .fetch_all(p)
        .await)?)
}

/// The latest published job offers of the network (its own and its places') or of the place
/// that have not expired on `today` (`YYYY-MM-DD`, Paris); `label` is `kind|city`.
pub async fn latest_jobs(db: &Db, reach: Reach, today: &str, n: i64) -> AppResult<Vec<Row>> {
    let own = match reach {
        Reach::Network(_) => "o.network_id = $1 OR ",
        Reach::Place(_) => "",
    };
    let sql = format!(
        "SELECT o.title, o.slug, o.description AS text, COALESCE(o.published_at, o.created_at) AS at, \
         o.kind || '|' || o.city AS label FROM job_offers o \
         WHERE o.status = 'published' AND o.expires_on >= $2 AND ({own}{}) \
         ORDER BY COALESCE(o.published_at, o.created_at) DESC, o.id DESC LIMIT $3",
        reach.places("o.place_id")
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Row>(&sql)
        .bind(reach.id())
        .bind(today)
        .bind(n)
        .fetch_all(p)
        .await)?)
}

/// Trainings of the network (its own and its places') or of the place with a published
/// session to come, by their next start.
pub async fn next_trainings(db: &Db, reach: Reach, now: i64, n: i64) -> AppResult<Vec<Row>> {
    let own = match reach {
        Reach::Network(_) => "t.network_id = $1 OR ",
        Reach::Place(_) => "",
    };
    let sql = format!(
        "SELECT t.title, t.slug, t.objectives AS text, MIN(o.starts_at) AS at, t.modality AS label \
         FROM trainings t JOIN training_sessions ts ON ts.training_id = t.id \
         JOIN events e ON e.id = ts.event_id JOIN event_occurrences o ON o.event_id = e.id \
         WHERE e.status = 'published' AND NOT o.cancelled AND o.starts_at >= $2 AND ({own}{}) \
         GROUP BY t.id, t.title, t.slug, t.objectives, t.modality \
         ORDER BY MIN(o.starts_at), t.id LIMIT $3",
        reach.places("t.place_id")
    );
    rows(db, &sql, reach, now, n).await
}
