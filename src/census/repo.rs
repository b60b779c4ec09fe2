//! Queries of the census. Questions and answers are JSON texts (the same on both engines);
//! the figures that pre-fill a response are read from the places, agenda and bookings tables
//! in one statement each, whatever the size of the network.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::model::{
    Activity, Campaign, MailingKind, Prefilled, Question, Questionnaire, Response, ResponseStatus,
    Submitted,
};
use crate::db::Db;
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{CampaignId, NetworkId, PlaceId, QuestionnaireId, UserId};

fn json_err(e: serde_json::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("census JSON: {e}"))
}

type QRow = (
    QuestionnaireId,
    NetworkId,
    String,
    i32,
    Option<QuestionnaireId>,
    String,
    i64,
);

fn questionnaire(r: QRow) -> AppResult<Questionnaire> {
    Ok(Questionnaire {
        id: r.0,
        network_id: r.1,
        title: r.2,
        version: r.3,
        parent_id: r.4,
        questions: serde_json::from_str(&r.5).map_err(json_err)?,
        created_at: r.6,
    })
}

const Q_COLS: &str = "id, network_id, title, version, parent_id, questions, created_at";

pub async fn insert_questionnaire(
    db: &Db,
    network: NetworkId,
    title: &str,
    parent: Option<(QuestionnaireId, i32)>,
    questions: &[Question],
    by: Option<UserId>,
    now: i64,
) -> AppResult<QuestionnaireId> {
    let json = serde_json::to_string(questions).map_err(json_err)?;
    let (parent_id, version) = match parent {
        Some((id, v)) => (Some(id), v + 1),
        None => (None, 1),
    };
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, QuestionnaireId>(
        "INSERT INTO census_questionnaires (network_id, title, version, parent_id, questions, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id"
    )
    .bind(network)
    .bind(title)
    .bind(version)
    .bind(parent_id)
    .bind(&json)
    .bind(by)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}

/// Rewrites a questionnaire no campaign uses yet (the service checks it, and the statement
/// checks it again so that a campaign created meanwhile keeps what it was created with).
pub async fn update_questionnaire(
    db: &Db,
    id: QuestionnaireId,
    title: &str,
    questions: &[Question],
    now: i64,
) -> AppResult<bool> {
    let json = serde_json::to_string(questions).map_err(json_err)?;
    let n = db_run!(db, |p| {
        sqlx::query(
        "UPDATE census_questionnaires SET title = $1, questions = $2, updated_at = $3 \
         WHERE id = $4 AND NOT EXISTS (SELECT 1 FROM census_campaigns c WHERE c.questionnaire_id = $4)"
    )
    .bind(title)
    .bind(&json)
    .bind(now)
    .bind(id)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

pub async fn questionnaire_by_id(db: &Db, id: QuestionnaireId) -> AppResult<Option<Questionnaire>> {
    let sql = format!("SELECT {Q_COLS} FROM census_questionnaires WHERE id = $1");
    let row = db_run!(db, |p| sqlx::query_as::<_, QRow>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?;
    row.map(questionnaire).transpose()
}

pub async fn questionnaires_of(db: &Db, network: NetworkId) -> AppResult<Vec<Questionnaire>> {
    let sql = format!(
        "SELECT {Q_COLS} FROM census_questionnaires WHERE network_id = $1 ORDER BY id DESC LIMIT 100"
    );
    let rows = db_run!(db, |p| sqlx::query_as::<_, QRow>(&sql)
        .bind(network)
        .fetch_all(p)
        .await)?;
    rows.into_iter().map(questionnaire).collect()
}

pub async fn questionnaire_in_use(db: &Db, id: QuestionnaireId) -> AppResult<bool> {
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM census_campaigns WHERE questionnaire_id = $1"
    )
    .bind(id)
    .fetch_one(p)
    .await)?
        > 0)
}

/// What a new campaign holds, checked by the service.
pub struct NewCampaign<'a> {
    pub network: NetworkId,
    pub questionnaire: QuestionnaireId,
    pub title: &'a str,
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    pub period: (i64, i64),
    pub departments: &'a str,
    pub published: bool,
}

pub async fn insert_campaign(
    db: &Db,
    c: &NewCampaign<'_>,
    by: Option<UserId>,
    now: i64,
) -> AppResult<CampaignId> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, CampaignId>(
        "INSERT INTO census_campaigns (network_id, questionnaire_id, title, opens_on, closes_on, period_start, period_end, departments, published, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
    )
    .bind(c.network)
    .bind(c.questionnaire)
    .bind(c.title)
    .bind(c.opens_on)
    .bind(c.closes_on)
    .bind(c.period.0)
    .bind(c.period.1)
    .bind(c.departments)
    .bind(c.published)
    .bind(by)
    .bind(now)
    .fetch_one(p)
    .await
    })?)
}

const C_COLS: &str = "id, network_id, questionnaire_id, title, opens_on, closes_on, period_start, \
                      period_end, departments, published, created_at";

pub async fn campaign_by_id(db: &Db, id: CampaignId) -> AppResult<Option<Campaign>> {
    let sql = format!("SELECT {C_COLS} FROM census_campaigns WHERE id = $1");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Campaign>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

/// The campaigns of a network, newest first (the published ones only when asked).
pub async fn campaigns_of(
    db: &Db,
    network: NetworkId,
    published_only: bool,
) -> AppResult<Vec<Campaign>> {
    let sql = campaigns_sql(published_only);
    Ok(db_run!(db, |p| sqlx::query_as::<_, Campaign>(&sql)
        .bind(network)
        .fetch_all(p)
        .await)?)
}

/// The `SELECT` of [`campaigns_of`] (`$1` the network): newest period first, from the
/// `(network_id, period_start, id)` index.
pub fn campaigns_sql(published_only: bool) -> String {
    let only = if published_only { " AND published" } else { "" };
    format!(
        "SELECT {C_COLS} FROM census_campaigns WHERE network_id = $1{only} ORDER BY period_start DESC, id DESC LIMIT 100"
    )
}

/// The campaigns open on `today` for the places `user` manages, with those places.
pub async fn open_for_manager(
    db: &Db,
    user: UserId,
    today: &str,
) -> AppResult<Vec<(Campaign, PlaceId, String, Option<ResponseStatus>)>> {
    let cols: String = C_COLS
        .split(", ")
        .map(|c| format!("c.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {cols}, p.id AS place_id, p.name AS place_name, r.status AS response_status \
         FROM roles ro JOIN places p ON p.id = ro.place_id \
         JOIN network_places np ON np.place_id = p.id \
         JOIN census_campaigns c ON c.network_id = np.network_id \
         LEFT JOIN census_responses r ON r.campaign_id = c.id AND r.place_id = p.id \
         WHERE ro.user_id = $1 AND ro.role = 'place_manager' \
         AND p.moderation = 'published' AND p.status <> 'closed' \
         AND c.opens_on <= $2 AND c.closes_on >= $2 \
         AND (c.departments = '' OR (',' || c.departments || ',') LIKE ('%,' || p.department || ',%')) \
         ORDER BY c.closes_on, c.id, p.name LIMIT 200"
    );
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        c: Campaign,
        place_id: PlaceId,
        place_name: String,
        response_status: Option<ResponseStatus>,
    }
    let rows = db_run!(db, |p| sqlx::query_as::<_, Row>(&sql)
        .bind(user)
        .bind(today)
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.c, r.place_id, r.place_name, r.response_status))
        .collect())
}

pub async fn set_published(db: &Db, id: CampaignId, published: bool) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE census_campaigns SET published = $1 WHERE id = $2"
    )
    .bind(published)
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// The network's campaign before this one (by its period), whose answers pre-fill.
pub async fn previous_campaign(db: &Db, c: &Campaign) -> AppResult<Option<Campaign>> {
    let sql = format!(
        "SELECT {C_COLS} FROM census_campaigns WHERE network_id = $1 AND id <> $2 \
         AND (period_start < $3 OR (period_start = $3 AND id < $2)) \
         ORDER BY period_start DESC, id DESC LIMIT 1"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Campaign>(&sql)
        .bind(c.network_id)
        .bind(c.id)
        .bind(c.period_start)
        .fetch_optional(p)
        .await)?)
}

/// The `WHERE` of the places a campaign is sent to: `$1` the network, `$2` the departments.
const TARGET: &str = "FROM network_places np JOIN places p ON p.id = np.place_id \
     WHERE np.network_id = $1 AND p.moderation = 'published' AND p.status <> 'closed' \
     AND ($2 = '' OR (',' || $2 || ',') LIKE ('%,' || p.department || ',%'))";

/// Is `place` one of the places the campaign is sent to?
pub async fn is_target(db: &Db, c: &Campaign, place: PlaceId) -> AppResult<bool> {
    let sql = format!("SELECT COUNT(*) {TARGET} AND p.id = $3");
    Ok(db_run!(db, |p| sqlx::query_scalar::<_, i64>(&sql)
        .bind(c.network_id)
        .bind(&c.departments)
        .bind(place)
        .fetch_one(p)
        .await)?
        > 0)
}

/// One place of a campaign's progress page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProgressRow {
    pub place_id: PlaceId,
    pub name: String,
    pub slug: String,
    pub department: String,
    pub status: Option<ResponseStatus>,
    pub updated_at: Option<i64>,
    pub mailings: i64,
    pub last_mailing: Option<i64>,
}

/// How many places of the campaign are in each state: (places, started, submitted).
pub async fn progress_counts(db: &Db, c: &Campaign) -> AppResult<(i64, i64, i64)> {
    let sql = "SELECT COUNT(*), \
         COALESCE(SUM(CASE WHEN r.status = 'draft' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END), 0) \
         FROM network_places np JOIN places p ON p.id = np.place_id \
         LEFT JOIN census_responses r ON r.place_id = p.id AND r.campaign_id = $3 \
         WHERE np.network_id = $1 AND p.moderation = 'published' AND p.status <> 'closed' \
         AND ($2 = '' OR (',' || $2 || ',') LIKE ('%,' || p.department || ',%'))";
    Ok(db_run!(db, |p| sqlx::query_as::<_, (i64, i64, i64)>(sql)
        .bind(c.network_id)
        .bind(&c.departments)
        .bind(c.id)
        .fetch_one(p)
        .await)?)
}

/// One page of the campaign's places, by name, with their response's state and mailings.
pub async fn progress_page(
    db: &Db,
    c: &Campaign,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<ProgressRow>> {
    let sql =
        "SELECT p.id AS place_id, p.name, p.slug, p.department, r.status, r.updated_at, \
         (SELECT COUNT(*) FROM census_mailings m WHERE m.campaign_id = $3 AND m.place_id = p.id) AS mailings, \
         (SELECT MAX(m.sent_at) FROM census_mailings m WHERE m.campaign_id = $3 AND m.place_id = p.id) AS last_mailing \
         FROM network_places np JOIN places p ON p.id = np.place_id \
         LEFT JOIN census_responses r ON r.place_id = p.id AND r.campaign_id = $3 \
         WHERE np.network_id = $1 AND p.moderation = 'published' AND p.status <> 'closed' \
         AND ($2 = '' OR (',' || $2 || ',') LIKE ('%,' || p.department || ',%')) \
         ORDER BY p.name, p.id LIMIT $4 OFFSET $5";
    Ok(db_run!(db, |p| sqlx::query_as::<_, ProgressRow>(sql)
        .bind(c.network_id)
        .bind(&c.departments)
        .bind(c.id)
        .bind(limit)
        .bind(offset)
        .fetch_all(p)
        .await)?)
}

/// The places of the campaign that have not submitted, after `after` (by id, for batches),
/// with the addresses of their managers.
pub async fn unsubmitted_with_managers(
    db: &Db,
    c: &Campaign,
    after: PlaceId,
    limit: i64,
) -> AppResult<Vec<(PlaceId, String, Vec<String>)>> {
    let sql = format!(
        "SELECT p.id, p.name {TARGET} AND p.id > $3 AND NOT EXISTS \
         (SELECT 1 FROM census_responses r WHERE r.campaign_id = $4 AND r.place_id = p.id AND r.status = 'submitted') \
         ORDER BY p.id LIMIT $5"
    );
    let places: Vec<(PlaceId, String)> =
        db_run!(db, |p| sqlx::query_as::<_, (PlaceId, String)>(&sql)
            .bind(c.network_id)
            .bind(&c.departments)
            .bind(after)
            .bind(c.id)
            .bind(limit)
            .fetch_all(p)
            .await)?;
    if places.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = places.iter().map(|(id, _)| id.get()).collect();
    let sql = format!(
        "SELECT r.place_id, u.email FROM roles r JOIN users u ON u.id = r.user_id \
         WHERE r.role = 'place_manager' AND r.place_id IN ({}) ORDER BY u.email",
        crate::db::id_list(&ids)
    );
    let emails: Vec<(PlaceId, String)> =
        db_run!(db, |p| sqlx::query_as::<_, (PlaceId, String)>(&sql)
            .fetch_all(p)
            .await)?;
    let mut by_place: HashMap<PlaceId, Vec<String>> = HashMap::new();
    for (p, e) in emails {
        by_place.entry(p).or_default().push(e);
    }
    Ok(places
        .into_iter()
        .map(|(id, name)| (id, name, by_place.remove(&id).unwrap_or_default()))
        .collect())
}

pub async fn insert_mailing(
    db: &Db,
    campaign: CampaignId,
    place: PlaceId,
    kind: MailingKind,
    recipients: i64,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO census_mailings (campaign_id, place_id, kind, recipients, sent_at) VALUES ($1, $2, $3, $4, $5)"
    )
    .bind(campaign)
    .bind(place)
    .bind(kind)
    .bind(recipients)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

type RRow = (
    CampaignId,
    PlaceId,
    ResponseStatus,
    String,
    String,
    i64,
    Option<i64>,
);

fn response(r: RRow) -> AppResult<Response> {
    Ok(Response {
        campaign_id: r.0,
        place_id: r.1,
        status: r.2,
        answers: serde_json::from_str(&r.3).map_err(json_err)?,
        prefill: serde_json::from_str(&r.4).map_err(json_err)?,
        updated_at: r.5,
        submitted_at: r.6,
    })
}

pub async fn response_of(
    db: &Db,
    campaign: CampaignId,
    place: PlaceId,
) -> AppResult<Option<Response>> {
    let row = db_run!(db, |p| sqlx::query_as::<_, RRow>(
        "SELECT campaign_id, place_id, status, answers, prefill, updated_at, submitted_at \
         FROM census_responses WHERE campaign_id = $1 AND place_id = $2"
    )
    .bind(campaign)
    .bind(place)
    .fetch_optional(p)
    .await)?;
    row.map(response).transpose()
}

/// Starts the draft with its pre-filled answers, unless one exists (two first visits at once
/// keep the first).
pub async fn start_response(
    db: &Db,
    campaign: CampaignId,
    place: PlaceId,
    answers: &BTreeMap<String, Value>,
    prefill: &BTreeMap<String, Prefilled>,
    now: i64,
) -> AppResult<()> {
    let a = serde_json::to_string(answers).map_err(json_err)?;
    let pf = serde_json::to_string(prefill).map_err(json_err)?;
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO census_responses (campaign_id, place_id, status, answers, prefill, started_at, updated_at) \
         VALUES ($1, $2, 'draft', $3, $4, $5, $5) ON CONFLICT (campaign_id, place_id) DO NOTHING"
    )
    .bind(campaign)
    .bind(place)
    .bind(&a)
    .bind(&pf)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Saves a draft's answers, or submits them (`submit`, by `by`): only while the response is a
/// draft, so a submitted response is never changed behind the animator's back. `false` when
/// it was not a draft.
pub async fn write_answers(
    db: &Db,
    campaign: CampaignId,
    place: PlaceId,
    answers: &BTreeMap<String, Value>,
    (submit, by): (bool, Option<UserId>),
    now: i64,
) -> AppResult<bool> {
    let a = serde_json::to_string(answers).map_err(json_err)?;
    let status = if submit {
        ResponseStatus::Submitted
    } else {
        ResponseStatus::Draft
    };
    let submitted_at = submit.then_some(now);
    let submit_by = if submit { by } else { None };
    let n = db_run!(db, |p| sqlx::query(
        "UPDATE census_responses SET answers = $1, status = $2, updated_at = $3, \
         submitted_at = $4, submitted_by = $5 \
         WHERE campaign_id = $6 AND place_id = $7 AND status = 'draft'"
    )
    .bind(&a)
    .bind(status)
    .bind(now)
    .bind(submitted_at)
    .bind(submit_by)
    .bind(campaign)
    .bind(place)
    .execute(p)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Turns a submitted response back into a draft. `false` when it was not submitted.
pub async fn reopen(db: &Db, campaign: CampaignId, place: PlaceId, now: i64) -> AppResult<bool> {
    let n = db_run!(db, |p| {
        sqlx::query(
        "UPDATE census_responses SET status = 'draft', submitted_at = NULL, submitted_by = NULL, updated_at = $1 \
         WHERE campaign_id = $2 AND place_id = $3 AND status = 'submitted'"
    )
    .bind(now)
    .bind(campaign)
    .bind(place)
    .execute(p)
    .await
    .map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// The two statements of [`submitted`] for the campaigns `list` (ids): the responses with
/// their places, then those places' typologies — both from the `(campaign_id, place_id)`
/// index.
pub fn submitted_sql(list: &str) -> [String; 2] {
    [
        format!(
            "SELECT r.campaign_id, r.place_id, p.department, p.region, r.answers \
             FROM census_responses r JOIN places p ON p.id = r.place_id \
             WHERE r.campaign_id IN ({list}) AND r.status = 'submitted' ORDER BY r.campaign_id, r.place_id"
        ),
        format!(
            "SELECT pt.place_id, t.slug, t.name FROM place_typologies pt JOIN typologies t ON t.id = pt.typology_id \
             WHERE pt.place_id IN (SELECT r.place_id FROM census_responses r WHERE r.campaign_id IN ({list}) AND r.status = 'submitted') \
             ORDER BY t.position"
        ),
    ]
}

/// Every submitted response of these campaigns (two statements, whatever their number).
pub async fn submitted(
    db: &Db,
    campaigns: &[CampaignId],
) -> AppResult<Vec<(CampaignId, Submitted)>> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = campaigns.iter().map(|c| c.get()).collect();
    let list = crate::db::id_list(&ids);
    let [sql, typologies] = submitted_sql(&list);
    let rows: Vec<(CampaignId, PlaceId, String, String, String)> =
        db_run!(db, |p| sqlx::query_as::<
            _,
            (CampaignId, PlaceId, String, String, String),
        >(&sql)
        .fetch_all(p)
        .await)?;
    let typ: Vec<(PlaceId, String, String)> = db_run!(db, |p| sqlx::query_as::<
        _,
        (PlaceId, String, String),
    >(&typologies)
    .fetch_all(p)
    .await)?;
    let mut by_place: HashMap<PlaceId, Vec<(String, String)>> = HashMap::new();
    for (p, slug, name) in typ {
        by_place.entry(p).or_default().push((slug, name));
    }
    rows.into_iter()
        .map(|(c, place_id, department, region, answers)| {
            Ok((
                c,
                Submitted {
                    typologies: by_place.get(&place_id).cloned().unwrap_or_default(),
                    place_id,
                    department,
                    region,
                    answers: serde_json::from_str(&answers).map_err(json_err)?,
                },
            ))
        })
        .collect()
}

/// The typology slugs that exist (what a `typology` answer may name).
pub async fn typology_slugs(db: &Db) -> AppResult<Vec<(String, String)>> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, (String, String)>(
        "SELECT slug, name FROM typologies ORDER BY position, name"
    )
    .fetch_all(p)
    .await)?)
}

/// What Maillage knows of a place for the pre-fill: its typologies and opening hours.
pub async fn place_facts(db: &Db, place: PlaceId) -> AppResult<(Vec<String>, String)> {
    let typ = db_run!(db, |p| sqlx::query_scalar::<_, String>(
        "SELECT t.slug FROM place_typologies pt JOIN typologies t ON t.id = pt.typology_id \
         WHERE pt.place_id = $1 ORDER BY t.position"
    )
    .bind(place)
    .fetch_all(p)
    .await)?;
    let hours = db_run!(db, |p| sqlx::query_scalar::<_, String>(
        "SELECT opening_hours FROM places WHERE id = $1"
    )
    .bind(place)
    .fetch_optional(p)
    .await)?;
    Ok((typ, hours.unwrap_or_default()))
}

/// The agenda's figures of a place over `[from, to)`: (dates held, of which trainings,
/// confirmed registrations, people with their guests). An event counts for the place that
/// organizes it and for the place that hosts it.
pub async fn agenda_figures(
    db: &Db,
    place: PlaceId,
    from: i64,
    to: i64,
) -> AppResult<(i64, i64, i64, i64)> {
    const WHERE: &str = "(e.place_id = $1 OR e.location_place_id = $1) AND e.status = 'published' \
         AND NOT o.cancelled AND o.starts_at >= $2 AND o.starts_at < $3";
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN e.kind = 'formation' THEN 1 ELSE 0 END), 0) \
         FROM event_occurrences o JOIN events e ON e.id = o.event_id WHERE {WHERE}"
    );
    let (dates, trainings) = db_run!(db, |p| sqlx::query_as::<_, (i64, i64)>(&sql)
        .bind(place)
        .bind(from)
        .bind(to)
        .fetch_one(p)
        .await)?;
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(1 + r.guests), 0) FROM event_registrations r \
         JOIN event_occurrences o ON o.id = r.occurrence_id JOIN events e ON e.id = o.event_id \
         WHERE r.status = 'confirmed' AND {WHERE}"
    );
    let (regs, people) = db_run!(db, |p| sqlx::query_as::<_, (i64, i64)>(&sql)
        .bind(place)
        .bind(from)
        .bind(to)
        .fetch_one(p)
        .await)?;
    Ok((dates, trainings, regs, people))
}

/// Confirmed bookings of the place's spaces starting in `[from, to)`.
pub async fn bookings_count(db: &Db, place: PlaceId, from: i64, to: i64) -> AppResult<i64> {
    Ok(db_run!(db, |p| {
        sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM bookings b JOIN spaces s ON s.id = b.space_id \
         WHERE s.place_id = $1 AND b.status = 'confirmed' AND b.starts_at >= $2 AND b.starts_at < $3"
    )
    .bind(place)
    .bind(from)
    .bind(to)
    .fetch_one(p)
    .await
    })?)
}

/// The published, not cancelled dates of a network starting in `[$2, $3)` (`$1` the network):
/// its own events and its places' (the report's `FROM … WHERE`). The dates of the period are
/// read from the occurrences' time index and each event checked against the network by key
/// (`EXISTS`): an `IN` list of the network's places made both engines read every event of the
/// network's 5 000 places first (SQLite: `MULTI-INDEX OR`, 15 ms for six weeks; now 2 ms).
macro_rules! report_dates_from {
    () => {
        "FROM event_occurrences o JOIN events e ON e.id = o.event_id \
         WHERE e.status = 'published' AND NOT o.cancelled AND o.starts_at >= $2 AND o.starts_at < $3 \
         AND (e.network_id = $1 OR EXISTS (SELECT 1 FROM network_places np \
         WHERE np.place_id = e.place_id AND np.network_id = $1))"
    };
}

/// The report's dates and trainings (`$1` the network, `[$2, $3)` the period): read from the
/// occurrences' time index.
pub const REPORT_DATES: &str = concat!(
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN e.kind = 'formation' THEN 1 ELSE 0 END), 0) ",
    report_dates_from!()
);

/// The report's confirmed registrations and people to those dates.
pub const REPORT_REGISTRATIONS: &str = concat!(
    "SELECT COUNT(*), COALESCE(SUM(1 + r.guests), 0) FROM event_registrations r \
     WHERE r.status = 'confirmed' AND r.occurrence_id IN (SELECT o.id ",
    report_dates_from!(),
    ")"
);

/// The report's confirmed bookings of the network's spaces starting in the period: read from
/// each space's bookings index.
pub const REPORT_BOOKINGS: &str =
    "SELECT COUNT(*) FROM bookings b JOIN spaces s ON s.id = b.space_id \
     WHERE b.status = 'confirmed' AND b.starts_at >= $2 AND b.starts_at < $3 \
     AND s.place_id IN (SELECT place_id FROM network_places WHERE network_id = $1)";

/// The report's places: those of the network from its key, those created in the period from
/// `places(created_at, id)` (migration 0043), each checked against the network.
pub const REPORT_PLACES: &str = "SELECT (SELECT COUNT(*) FROM network_places WHERE network_id = $1), \
     (SELECT COUNT(*) FROM places p WHERE p.created_at >= $2 AND p.created_at < $3 \
      AND EXISTS (SELECT 1 FROM network_places np WHERE np.place_id = p.id AND np.network_id = $1))";

/// One pair of counts of the report: `sql` with the network and the period.
async fn report_pair(
    db: &Db,
    sql: &'static str,
    network: NetworkId,
    from: i64,
    to: i64,
) -> AppResult<(i64, i64)> {
    Ok(db_run!(db, |p| sqlx::query_as::<_, (i64, i64)>(sql)
        .bind(network)
        .bind(from)
        .bind(to)
        .fetch_one(p)
        .await)?)
}

/// The agenda, bookings, places and projects figures of a network over `[from, to)` (the
/// activity report; occupancy is the service's). Five statements whatever its size, run at
/// once on as many connections (a year of a 5 000-place network: 11 ms for its dates, 8 for
/// their registrations, 7 for its bookings on SQLite — read one after the other, they added up).
pub async fn network_activity(
    db: &Db,
    network: NetworkId,
    from: i64,
    to: i64,
) -> AppResult<Activity> {
    let bookings = async {
        Ok::<_, AppError>(db_run!(db, |p| sqlx::query_scalar::<_, i64>(
            REPORT_BOOKINGS
        )
        .bind(network)
        .bind(from)
        .bind(to)
        .fetch_one(p)
        .await)?)
    };
    let projects = async {
        Ok::<_, AppError>(db_run!(db, |p| {
            sqlx::query_as::<_, (String, i64)>(
                "SELECT status, COUNT(*) FROM projects WHERE network_id = $1 \
                 AND network_status = 'accepted' GROUP BY status ORDER BY status",
            )
            .bind(network)
            .fetch_all(p)
            .await
        })?)
    };
    let (
        (events, trainings),
        (registrations, participants),
        bookings,
        (places, new_places),
        projects,
    ) = tokio::try_join!(
        report_pair(db, REPORT_DATES, network, from, to),
        report_pair(db, REPORT_REGISTRATIONS, network, from, to),
        bookings,
        report_pair(db, REPORT_PLACES, network, from, to),
        projects,
    )?;
    Ok(Activity {
        events,
        trainings,
        registrations,
        participants,
        bookings,
        occupancy_rate: 0.0,
        new_places,
        places,
        projects,
    })
}

/// The change counters of what a network's census figures are drawn from
/// (`service::aggregates_by`, the year-over-year sums): the submitted answers, the campaigns
/// and their questionnaires, and the places' departments, regions and typologies the figures
/// are grouped by (`place_areas`: a place added, removed, or given another department or
/// region — not its other edits).
pub const FIGURES_COUNTERS: [&str; 6] = [
    "census_responses",
    "census_campaigns",
    "census_questionnaires",
    "place_areas",
    "place_typologies",
    "typologies",
];

/// What cached census figures are validated against: the sum of the change counters of
/// [`FIGURES_COUNTERS`] (`Db::changes`), which moves at every change of them, a place deleted
/// with its answers included, but not at a draft saved. The figures are therefore kept
/// until they change (not a few seconds: 350–450 ms to compute those of a 5 000-place
/// network).
pub async fn figures_version(db: &Db) -> AppResult<(i64, i64)> {
    Ok((db.changes(&FIGURES_COUNTERS).await?, 0))
}

/// The `SELECT` of [`yearly_sums`]: per campaign of `list` (ids), the submitted responses and,
/// for each key of `keys` (question keys, `[a-z][a-z0-9_]*`, checked by the caller), the
/// responses that hold it, those whose value is a number, and the sum of those numbers —
/// one aggregate statement served by the `(campaign_id, place_id)` index, whatever the
/// number of responses.
pub fn yearly_sums_sql(backend: crate::db::Backend, list: &str, keys: &[&str]) -> String {
    use crate::db::dialect::{json_number_key, json_rows_from};
    let mut cols = String::from("r.campaign_id, COUNT(*)");
    for k in keys {
        let (held, num, value) = json_number_key(backend, "r", "answers", k);
        cols.push_str(&format!(
            ", COALESCE(SUM(CASE WHEN {held} THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN {num} THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN {num} THEN {value} ELSE 0 END), 0)"
        ));
    }
    let filter = format!("campaign_id IN ({list}) AND status = 'submitted'");
    // Each answer parsed once, not once per figure (see `json_rows_from`).
    let from = json_rows_from(
        backend,
        "census_responses",
        "answers",
        "r",
        &["campaign_id", "status"],
        &filter,
    );
    format!(
        "SELECT {cols} FROM {from} \
         WHERE r.campaign_id IN ({list}) AND r.status = 'submitted' GROUP BY r.campaign_id"
    )
}

/// One question's figures in [`yearly_sums`]: responses holding it, numbers, their sum.
pub type KeySums = (i64, i64, f64);
/// One campaign's row of [`yearly_sums`]: (campaign, submitted responses, per key).
pub type CampaignSums = (CampaignId, i64, Vec<KeySums>);
/// Per campaign: (submitted responses, per key (holding it, numbers, their sum)).
pub type YearlySums = Vec<CampaignSums>;

/// The sums of numeric answers `keys` of these campaigns' submitted responses (one
/// statement; see [`yearly_sums_sql`]). Keys that are not question keys are refused.
pub async fn yearly_sums(
    db: &Db,
    campaigns: &[CampaignId],
    keys: &[&str],
) -> AppResult<YearlySums> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    if keys.iter().any(|k| !super::model::is_key(k)) {
        return Err(AppError::Internal(anyhow::anyhow!(
            "census: bad question key"
        )));
    }
    let ids: Vec<i64> = campaigns.iter().map(|c| c.get()).collect();
    let sql = yearly_sums_sql(db.backend(), &crate::db::id_list(&ids), keys);
    let read = |row: &dyn Fn(usize) -> Result<f64, sqlx::Error>,
                campaign: i64,
                n: i64|
     -> Result<CampaignSums, sqlx::Error> {
        let mut per = Vec::with_capacity(keys.len());
        for i in 0..keys.len() {
            let at = 2 + 3 * i;
            per.push((row(at)? as i64, row(at + 1)? as i64, row(at + 2)?));
        }
        Ok((CampaignId(campaign), n, per))
    };
    let sums: YearlySums = db_run!(db, |p| {
        use sqlx::Row;
        let rows = sqlx::query(&sql).fetch_all(p).await?;
        rows.iter()
            .map(|r| {
                let cell = |i: usize| -> Result<f64, sqlx::Error> {
                    r.try_get::<f64, _>(i)
                        .or_else(|_| r.try_get::<i64, _>(i).map(|v| v as f64))
                };
                read(&cell, r.try_get(0)?, r.try_get(1)?)
            })
            .collect::<Result<_, sqlx::Error>>()?
    });
    Ok(sums)
}
