//! Queries of the trainings. Every read joins the provider (network or place) for its name,
//! slug and département, so that a list is one statement whatever its providers; a list page
//! is two statements (its rows, their number) whatever its filters.

use super::model::{
    Certification, FundingRoute, Modality, Provider, Session, Trainer, TrainerActor, Training,
    TrainingDocument,
};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::{ActorId, DocumentId, EventId, NetworkId, PlaceId, TrainingId, UserId};
use crate::{db_run, db_tx};

pub mod paths;

const SELECT: &str = "SELECT t.id, t.network_id, t.place_id, t.title, t.slug, t.objectives, \
     t.programme, t.prerequisites, t.audience, t.duration_minutes, t.modality, \
     t.price_individuel_cents, t.price_employeur_cents, t.price_demandeur_cents, t.free_route, \
     t.accessibility, t.disability_referent, t.certification, t.certification_code, t.qualiopi, \
     t.qualiopi_on, t.theme, t.created_by, t.created_at, t.updated_at, \
     COALESCE(nw.name, pl.name, '') AS provider_name, \
     COALESCE(nw.slug, pl.slug, '') AS provider_slug, \
     COALESCE(pl.department, '') AS department \
     FROM trainings t \
     LEFT JOIN networks nw ON nw.id = t.network_id \
     LEFT JOIN places pl ON pl.id = t.place_id";

/// What a training holds, as checked by the service.
#[derive(Debug, Clone)]
pub struct Fields {
    pub title: String,
    pub slug: String,
    pub objectives: String,
    pub programme: String,
    pub prerequisites: String,
    pub audience: String,
    pub duration_minutes: i32,
    pub modality: Modality,
    pub price_individuel_cents: Option<i64>,
    pub price_employeur_cents: Option<i64>,
    pub price_demandeur_cents: Option<i64>,
    pub free_route: bool,
    pub accessibility: String,
    pub disability_referent: String,
    pub certification: Certification,
    pub certification_code: String,
    pub qualiopi: bool,
    pub qualiopi_on: String,
    pub theme: String,
    pub theme_key: String,
    pub search_text: String,
    pub trainers: Vec<UserId>,
    pub trainer_actors: Vec<ActorId>,
    pub documents: Vec<DocumentId>,
}

macro_rules! save_trainers {
    ($tx:ident, $id:expr, $trainers:expr) => {{
        sqlx::query("DELETE FROM training_trainers WHERE training_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (pos, u) in $trainers.iter().enumerate() {
            sqlx::query(
                "INSERT INTO training_trainers (training_id, user_id, position) VALUES ($1, $2, $3)",
            )
            .bind($id)
            .bind(*u)
            .bind(pos as i32)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

macro_rules! save_links {
    ($tx:ident, $id:expr, $f:expr) => {{
        sqlx::query("DELETE FROM training_trainer_actors WHERE training_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (pos, a) in $f.trainer_actors.iter().enumerate() {
            sqlx::query(
                "INSERT INTO training_trainer_actors (training_id, actor_id, position) \
                 VALUES ($1, $2, $3)",
            )
            .bind($id)
            .bind(*a)
            .bind(pos as i32)
            .execute(&mut *$tx)
            .await?;
        }
        sqlx::query("DELETE FROM training_documents WHERE training_id = $1")
            .bind($id)
            .execute(&mut *$tx)
            .await?;
        for (pos, d) in $f.documents.iter().enumerate() {
            sqlx::query(
                "INSERT INTO training_documents (training_id, document_id, position) \
                 VALUES ($1, $2, $3)",
            )
            .bind($id)
            .bind(*d)
            .bind(pos as i32)
            .execute(&mut *$tx)
            .await?;
        }
    }};
}

/// A new training and its trainers, in one transaction, with the first free slug among
/// `slug`, `slug-2`…; its id and slug.
pub async fn insert(
    db: &Db,
    provider: Provider,
    f: &Fields,
    by: UserId,
    now: i64,
) -> AppResult<(TrainingId, String)> {
    let [n, p] = provider.columns();
    db_tx!(db, |tx| async {
        let mut slug = f.slug.clone();
        let mut i = 1;
        while sqlx::query_scalar::<_, TrainingId>("SELECT id FROM trainings WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            i += 1;
            slug = format!("{}-{i}", f.slug);
        }
        let id: TrainingId = sqlx::query_scalar(
            "INSERT INTO trainings (network_id, place_id, title, slug, objectives, programme, \
             prerequisites, audience, duration_minutes, modality, price_individuel_cents, \
             price_employeur_cents, price_demandeur_cents, free_route, accessibility, \
             disability_referent, certification, certification_code, qualiopi, qualiopi_on, \
             theme, theme_key, search_text, created_by, created_at, updated_at) VALUES ($1, $2, \
             $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
             $21, $22, $23, $24, $25, $25) RETURNING id",
        )
        .bind(n)
        .bind(p)
        .bind(&f.title)
        .bind(&slug)
        .bind(&f.objectives)
        .bind(&f.programme)
        .bind(&f.prerequisites)
        .bind(&f.audience)
        .bind(f.duration_minutes)
        .bind(f.modality)
        .bind(f.price_individuel_cents)
        .bind(f.price_employeur_cents)
        .bind(f.price_demandeur_cents)
        .bind(f.free_route)
        .bind(&f.accessibility)
        .bind(&f.disability_referent)
        .bind(f.certification)
        .bind(&f.certification_code)
        .bind(f.qualiopi)
        .bind(&f.qualiopi_on)
        .bind(&f.theme)
        .bind(&f.theme_key)
        .bind(&f.search_text)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        save_trainers!(tx, id, f.trainers);
        save_links!(tx, id, f);
        Ok::<_, AppError>((id, slug))
    })
}

/// Rewrites a training (its slug stays: links to it keep working) and its trainers, in one
/// transaction.
pub async fn update(
    db: &Db,
    id: TrainingId,
    provider: Provider,
    f: &Fields,
    now: i64,
) -> AppResult<()> {
    let [n, p] = provider.columns();
    db_tx!(db, |tx| async {
        sqlx::query(
            "UPDATE trainings SET network_id = $1, place_id = $2, title = $3, objectives = $4, \
             programme = $5, prerequisites = $6, audience = $7, duration_minutes = $8, \
             modality = $9, price_individuel_cents = $10, price_employeur_cents = $11, \
             price_demandeur_cents = $12, free_route = $13, accessibility = $14, \
             disability_referent = $15, certification = $16, certification_code = $17, \
             qualiopi = $18, qualiopi_on = $19, theme = $20, theme_key = $21, search_text = $22, \
             updated_at = $23 WHERE id = $24",
        )
        .bind(n)
        .bind(p)
        .bind(&f.title)
        .bind(&f.objectives)
        .bind(&f.programme)
        .bind(&f.prerequisites)
        .bind(&f.audience)
        .bind(f.duration_minutes)
        .bind(f.modality)
        .bind(f.price_individuel_cents)
        .bind(f.price_employeur_cents)
        .bind(f.price_demandeur_cents)
        .bind(f.free_route)
        .bind(&f.accessibility)
        .bind(&f.disability_referent)
        .bind(f.certification)
        .bind(&f.certification_code)
        .bind(f.qualiopi)
        .bind(&f.qualiopi_on)
        .bind(&f.theme)
        .bind(&f.theme_key)
        .bind(&f.search_text)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        save_trainers!(tx, id, f.trainers);
        save_links!(tx, id, f);
        Ok::<_, AppError>(())
    })
}

pub async fn by_id(db: &Db, id: TrainingId) -> AppResult<Option<Training>> {
    let sql = format!("{SELECT} WHERE t.id = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Training>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?)
}

pub async fn by_slug(db: &Db, slug: &str) -> AppResult<Option<Training>> {
    let sql = format!("{SELECT} WHERE t.slug = $1");
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Training>(&sql)
        .bind(slug)
        .fetch_optional(pool)
        .await)?)
}

/// The trainers of a training, in their order.
pub async fn trainers_of(db: &Db, id: TrainingId) -> AppResult<Vec<Trainer>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Trainer>(
        "SELECT u.id, u.display_name AS name FROM training_trainers tt \
         JOIN users u ON u.id = tt.user_id WHERE tt.training_id = $1 ORDER BY tt.position, u.id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?)
}

/// The trainers of a training from the showcase, in their order.
pub async fn trainer_actors_of(db: &Db, id: TrainingId) -> AppResult<Vec<TrainerActor>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, TrainerActor>(
        "SELECT a.id, a.name, a.slug FROM training_trainer_actors ta \
         JOIN actors a ON a.id = ta.actor_id WHERE ta.training_id = $1 ORDER BY ta.position, a.id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?)
}

/// The documents of a training that are still public, in their order (a document made
/// private since is not shown).
pub async fn documents_of(db: &Db, id: TrainingId) -> AppResult<Vec<TrainingDocument>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, TrainingDocument>(
        "SELECT d.id, d.title FROM training_documents td \
         JOIN documents d ON d.id = td.document_id WHERE td.training_id = $1 \
         AND d.visibility = 'public' ORDER BY td.position, d.id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?)
}

/// The actor profiles a training of `provider` may name as trainers, by name (at most
/// `limit`): a place's and its networks'; a network's and its places'.
pub async fn actor_choices(
    db: &Db,
    provider: Provider,
    limit: i64,
) -> AppResult<Vec<TrainerActor>> {
    let sql = match provider {
        Provider::Place(_) => {
            "SELECT a.id, a.name, a.slug FROM actors a WHERE a.id IN \
             (SELECT actor_id FROM actor_places WHERE place_id = $1) OR a.network_id IN \
             (SELECT network_id FROM network_places WHERE place_id = $1) ORDER BY a.name, a.id LIMIT $2"
        }
        Provider::Network(_) => {
            "SELECT a.id, a.name, a.slug FROM actors a WHERE a.network_id = $1 OR a.id IN \
             (SELECT ap.actor_id FROM actor_places ap JOIN network_places np \
             ON np.place_id = ap.place_id WHERE np.network_id = $1) ORDER BY a.name, a.id LIMIT $2"
        }
    };
    let id = provider.field().1;
    Ok(db_run!(db, |pool| sqlx::query_as::<_, TrainerActor>(sql)
        .bind(id)
        .bind(limit)
        .fetch_all(pool)
        .await)?)
}

/// The public documents of the provider's own library, by title (at most `limit`).
pub async fn document_choices(
    db: &Db,
    provider: Provider,
    limit: i64,
) -> AppResult<Vec<TrainingDocument>> {
    let sql = match provider {
        Provider::Place(_) => {
            "SELECT id, title FROM documents WHERE place_id = $1 AND visibility = 'public' \
             ORDER BY title, id LIMIT $2"
        }
        Provider::Network(_) => {
            "SELECT id, title FROM documents WHERE network_id = $1 AND visibility = 'public' \
             ORDER BY title, id LIMIT $2"
        }
    };
    let id = provider.field().1;
    Ok(db_run!(db, |pool| sqlx::query_as::<_, TrainingDocument>(
        sql
    )
    .bind(id)
    .bind(limit)
    .fetch_all(pool)
    .await)?)
}

/// Which trainings a list shows (every filter optional, all combined).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// The network's own trainings and its places'.
    pub network: Option<NetworkId>,
    pub place: Option<PlaceId>,
    /// A folded theme.
    pub theme: Option<String>,
    pub modality: Option<Modality>,
    pub department: Option<String>,
    pub route: Option<FundingRoute>,
    pub certification: Option<Certification>,
    /// Only those with a session to come (published, not cancelled, not over at `now`).
    pub next_session: bool,
    /// Folded words, each found in the search text.
    pub words: Vec<String>,
    pub now: i64,
}

enum Arg {
    I(i64),
    T(String),
}

macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::I(i) => q.bind(*i),
                Arg::T(s) => q.bind(s.clone()),
            };
        }
        q
    }};
}

/// The published, not cancelled occurrences of a training's sessions not over at `$n`.
const NEXT: &str = "EXISTS (SELECT 1 FROM training_sessions s \
     JOIN events e ON e.id = s.event_id JOIN event_occurrences o ON o.event_id = e.id \
     WHERE s.training_id = t.id AND e.status = 'published' AND NOT o.cancelled AND o.ends_at >= ";

fn where_clause(f: &Filter) -> (String, Vec<Arg>) {
    let mut conds: Vec<String> = vec!["1 = 1".into()];
    let mut args = Vec::new();
    if let Some(n) = f.network {
        args.push(Arg::I(n.get()));
        let i = args.len();
        conds.push(format!(
            "(t.network_id = ${i} OR t.place_id IN \
             (SELECT np.place_id FROM network_places np WHERE np.network_id = ${i}))"
        ));
    }
    if let Some(p) = f.place {
        args.push(Arg::I(p.get()));
        conds.push(format!("t.place_id = ${}", args.len()));
    }
    if let Some(th) = &f.theme {
        args.push(Arg::T(th.clone()));
        conds.push(format!("t.theme_key = ${}", args.len()));
    }
    if let Some(m) = f.modality {
        args.push(Arg::T(m.to_string()));
        conds.push(format!("t.modality = ${}", args.len()));
    }
    if let Some(d) = &f.department {
        args.push(Arg::T(d.clone()));
        conds.push(format!("pl.department = ${}", args.len()));
    }
    if let Some(r) = f.route {
        conds.push(
            match r {
                FundingRoute::Individuel => "t.price_individuel_cents IS NOT NULL",
                FundingRoute::Employeur => "t.price_employeur_cents IS NOT NULL",
                FundingRoute::DemandeurEmploi => "t.price_demandeur_cents IS NOT NULL",
                FundingRoute::Gratuit => "t.free_route",
            }
            .into(),
        );
    }
    if let Some(c) = f.certification {
        args.push(Arg::T(c.to_string()));
        conds.push(format!("t.certification = ${}", args.len()));
    }
    if f.next_session {
        args.push(Arg::I(f.now));
        conds.push(format!("{NEXT}${})", args.len()));
    }
    for w in &f.words {
        args.push(Arg::T(format!("%{w}%")));
        conds.push(format!("t.search_text LIKE ${}", args.len()));
    }
    (format!("WHERE {}", conds.join(" AND ")), args)
}

/// The `SELECT` of [`page`]: `f`'s conditions, then `LIMIT` and `OFFSET` as the two
/// parameters after its own (the list's order is served by an index; see tests/it/scale_pages).
pub fn page_sql(f: &Filter) -> String {
    let (w, args) = where_clause(f);
    let n = args.len();
    format!(
        "{SELECT} {w} ORDER BY t.title, t.id LIMIT ${} OFFSET ${}",
        n + 1,
        n + 2
    )
}

/// One page of the trainings matching `f`, by title, and how many match.
pub async fn page(db: &Db, f: &Filter, limit: i64, offset: i64) -> AppResult<(Vec<Training>, i64)> {
    let (w, mut args) = where_clause(f);
    let count_sql =
        format!("SELECT COUNT(*) FROM trainings t LEFT JOIN places pl ON pl.id = t.place_id {w}");
    let total: i64 = db_run!(db, |p| bind_args!(
        sqlx::query_scalar::<_, i64>(&count_sql),
        &args
    )
    .fetch_one(p)
    .await)?;
    args.push(Arg::I(limit));
    args.push(Arg::I(offset));
    let sql = page_sql(f);
    let rows = db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, Training>(&sql),
        &args
    )
    .fetch_all(p)
    .await)?;
    Ok((rows, total))
}

/// The themes (as written, folded), places and départements of the trainings of a network
/// (every training when `None`), for the filters.
pub async fn facets(
    db: &Db,
    network: Option<NetworkId>,
) -> AppResult<(Vec<(String, String)>, Vec<(PlaceId, String)>, Vec<String>)> {
    let f = Filter {
        network,
        ..Default::default()
    };
    let (w, args) = where_clause(&f);
    let themes_sql = format!(
        "SELECT MIN(t.theme), t.theme_key FROM trainings t LEFT JOIN places pl ON pl.id = t.place_id \
         {w} AND t.theme_key <> '' GROUP BY t.theme_key ORDER BY t.theme_key"
    );
    let themes = db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (String, String)>(&themes_sql),
        &args
    )
    .fetch_all(p)
    .await)?;
    let places_sql = format!(
        "SELECT DISTINCT pl.id, pl.name FROM trainings t JOIN places pl ON pl.id = t.place_id \
         {w} ORDER BY pl.name"
    );
    let places = db_run!(db, |p| bind_args!(
        sqlx::query_as::<_, (PlaceId, String)>(&places_sql),
        &args
    )
    .fetch_all(p)
    .await)?;
    let deps_sql = format!(
        "SELECT DISTINCT pl.department FROM trainings t JOIN places pl ON pl.id = t.place_id \
         {w} AND pl.department <> '' ORDER BY pl.department"
    );
    let deps = db_run!(db, |p| bind_args!(
        sqlx::query_scalar::<_, String>(&deps_sql),
        &args
    )
    .fetch_all(p)
    .await)?;
    Ok((themes, places, deps))
}

/// Links an event to a training as one of its sessions.
pub async fn link_session(db: &Db, event: EventId, training: TrainingId) -> AppResult<()> {
    db_run!(db, |pool| sqlx::query(
        "INSERT INTO training_sessions (event_id, training_id) VALUES ($1, $2)"
    )
    .bind(event)
    .bind(training)
    .execute(pool)
    .await
    .map(|_| ()))?;
    Ok(())
}

/// The sessions of a training not over at `from` (all when `None`), by start: published or
/// cancelled events (never drafts), each with its first occurrence and its confirmed seats.
pub async fn sessions(
    db: &Db,
    training: TrainingId,
    from: Option<i64>,
    limit: i64,
) -> AppResult<Vec<Session>> {
    type Row = (EventId, i64, i64, Option<i32>, bool, String, i64);
    let rows: Vec<Row> = db_run!(db, |pool| sqlx::query_as::<_, Row>(
        "SELECT e.id, o.starts_at, o.ends_at, e.capacity, \
         (o.cancelled OR e.status = 'cancelled') AS cancelled, \
         COALESCE(pl.name, e.address, '') AS location, \
         (SELECT COALESCE(SUM(1 + r.guests), 0) FROM event_registrations r \
          WHERE r.occurrence_id = o.id AND r.status = 'confirmed') AS confirmed \
         FROM training_sessions s JOIN events e ON e.id = s.event_id \
         JOIN event_occurrences o ON o.event_id = e.id \
         LEFT JOIN places pl ON pl.id = e.location_place_id \
         WHERE s.training_id = $1 AND e.status <> 'draft' AND o.ends_at >= $2 \
         ORDER BY o.starts_at, e.id LIMIT $3"
    )
    .bind(training)
    .bind(from.unwrap_or(i64::MIN))
    .bind(limit)
    .fetch_all(pool)
    .await)?;
    Ok(rows
        .into_iter()
        .map(
            |(event_id, starts_at, ends_at, capacity, cancelled, location, confirmed)| Session {
                event_id,
                starts_at,
                ends_at,
                capacity,
                confirmed,
                location,
                cancelled,
            },
        )
        .collect())
}

/// The start of the next session of each of these trainings (published, not cancelled, not
/// over at `now`), in one statement.
pub async fn next_starts(
    db: &Db,
    ids: &[TrainingId],
    now: i64,
) -> AppResult<std::collections::HashMap<TrainingId, i64>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let list = ids
        .iter()
        .map(|i| i.get().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT s.training_id, MIN(o.starts_at) FROM training_sessions s \
         JOIN events e ON e.id = s.event_id JOIN event_occurrences o ON o.event_id = e.id \
         WHERE s.training_id IN ({list}) AND e.status = 'published' AND NOT o.cancelled \
         AND o.ends_at >= $1 GROUP BY s.training_id"
    );
    let rows = db_run!(db, |pool| sqlx::query_as::<_, (TrainingId, i64)>(&sql)
        .bind(now)
        .fetch_all(pool)
        .await)?;
    Ok(rows.into_iter().collect())
}

/// The training of a session's event, if it is one.
pub async fn training_of_event(db: &Db, event: EventId) -> AppResult<Option<TrainingId>> {
    Ok(db_run!(db, |pool| sqlx::query_scalar::<_, TrainingId>(
        "SELECT training_id FROM training_sessions WHERE event_id = $1"
    )
    .bind(event)
    .fetch_optional(pool)
    .await)?)
}
