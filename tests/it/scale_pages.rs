//! The pages added since the first guard rails (issue 16, point 7): home, a network's page,
//! "mon espace" for each role, the showcases and guides, actors, trainings, jobs, posts,
//! threads, letters, census and observatory, badges, boards — each runs as many SQL
//! statements with ten times the data it lists, as a visitor and signed in as each demo role.
//! Counted on PostgreSQL (see `web::sqlcount`).

use maillage::db::Db;
use serde_json::{json, Value};

use crate::harness::{Backend, TestApp};

/// The demo's accounts (password `maillage::demo::DEMO_PASSWORD`), by role.
const ROLES: [(&str, &str); 4] = [
    ("admin", "admin@demo.maillage.fr"),
    ("animatrice", "animatrice@demo.maillage.fr"),
    ("gérant", "gerant.riez@demo.maillage.fr"),
    ("membre", "membre@demo.maillage.fr"),
];

async fn scalar(db: &Db, sql: &str) -> String {
    let Db::Postgres(p) = db else { unreachable!() };
    let v: Option<String> = sqlx::query_scalar(sql).fetch_optional(p).await.unwrap();
    v.unwrap_or_else(|| panic!("no row: {sql}"))
}

async fn exec(db: &Db, sql: &str) -> u64 {
    let Db::Postgres(p) = db else { unreachable!() };
    sqlx::query(sql)
        .execute(p)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows_affected()
}

/// Copies every row of `table` (matching `filter`) `times` times: every column but `id` and
/// the generated ones, `overrides` giving the expression of some columns (`g` is the copy's
/// number, 1..=times, `t` the row copied).
async fn copy_rows(
    db: &Db,
    table: &str,
    filter: &str,
    times: i64,
    overrides: &[(&str, &str)],
) -> u64 {
    let Db::Postgres(p) = db else { unreachable!() };
    let cols: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns \
         WHERE table_name = $1 AND table_schema = current_schema() AND column_name <> 'id' \
         AND is_generated = 'NEVER' ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(p)
    .await
    .unwrap();
    assert!(!cols.is_empty(), "{table}: no columns");
    let values: Vec<String> = cols
        .iter()
        .map(|c| {
            overrides
                .iter()
                .find(|(k, _)| k == c)
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| format!("t.{c}"))
        })
        .collect();
    exec(
        db,
        &format!(
            "INSERT INTO {table} ({}) SELECT {} FROM {table} t, generate_series(1, {times}) g \
             WHERE {filter}",
            cols.join(", "),
            values.join(", ")
        ),
    )
    .await
}

async fn count(client: &reqwest::Client, url: String) -> (u16, u32) {
    let res = client.get(&url).send().await.unwrap();
    let n = crate::harness::statements(&res).unwrap_or(0);
    (res.status().as_u16(), n)
}

async fn api(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let res = app.api_post(path, token, body).await;
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!((200..300).contains(&status), "POST {path}: {status} {v}");
    v
}

/// The demo's ids and its roles' API tokens.
struct World {
    riez: i64,
    net: i64,
    gerant: String,
    animatrice: String,
    membre: String,
    gerant_id: i64,
    membre_id: i64,
}

async fn world(app: &TestApp) -> World {
    async fn user(db: &Db, email: &str) -> i64 {
        let sql = format!("SELECT id::text FROM users WHERE email = '{email}'");
        scalar(db, &sql).await.parse().unwrap()
    }
    let db = &app.state.db;
    let token = |id: i64| app.token_for(maillage::ids::UserId(id));
    let (g, a, m) = (
        user(db, "gerant.riez@demo.maillage.fr").await,
        user(db, "animatrice@demo.maillage.fr").await,
        user(db, "membre@demo.maillage.fr").await,
    );
    World {
        riez: scalar(
            db,
            "SELECT id::text FROM places WHERE slug = 'tiers-lieu-de-riez'",
        )
        .await
        .parse()
        .unwrap(),
        net: scalar(db, "SELECT id::text FROM networks ORDER BY id LIMIT 1")
            .await
            .parse()
            .unwrap(),
        gerant: token(g).await,
        animatrice: token(a).await,
        membre: token(m).await,
        gerant_id: g,
        membre_id: m,
    }
}

fn day(d: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(d))
        .format("%Y-%m-%d")
        .to_string()
}

/// Rows `from..to` of what the pages list, through the API: actors of Riez, trainings with a
/// session and a registration, job offers (the network's, published; Riez's, to moderate),
/// posts, and a thread from the member to Riez's manager about each post.
async fn add(app: &TestApp, w: &World, from: usize, to: usize) {
    for i in from..to {
        api(
            app,
            "/api/v1/actors",
            &w.gerant,
            json!({"name": format!("Artisan compté {i}"), "kind": "organization",
               "subtype": "artisan", "skills": ["menuiserie"], "categories": ["artisanat"],
               "place_ids": [w.riez], "postal_code": "04500", "city": "Riez",
               "latitude": 43.82, "longitude": 6.09}),
        )
        .await;
        let t = api(
            app,
            "/api/v1/trainings",
            &w.gerant,
            json!({"title": format!("Formation comptée {i}"),
               "objectives": "Apprendre.", "duration_hours": 3.5, "modality": "presentiel",
               "price_cents": 4500, "place_id": w.riez}),
        )
        .await;
        let when = format!("{}T09:30", day(20 + i as i64 % 20));
        let ev = api(
            app,
            "/api/v1/events",
            &w.gerant,
            json!({"title": format!("Session comptée {i}"), "kind": "formation",
               "starts_at": when, "ends_at": when.replace("09:30", "11:00"),
               "place_id": w.riez, "status": "published"}),
        )
        .await;
        maillage::trainings::repo::link_session(
            &app.state.db,
            maillage::ids::EventId(ev["id"].as_i64().unwrap()),
            maillage::ids::TrainingId(t["id"].as_i64().unwrap()),
        )
        .await
        .unwrap();
        api(
            app,
            &format!("/api/v1/events/{}/registrations", ev["id"]),
            &w.membre,
            json!({}),
        )
        .await;
        let offer = |place: Option<i64>, network: Option<i64>| {
            json!({"title": format!("Poste compté {i}"), "kind": "cdd",
               "description": "<p>Un poste.</p>", "place_id": place, "network_id": network,
               "postal_code": "04500", "city": "Riez",
               "starts_on": day(30), "expires_on": day(60)})
        };
        api(app, "/api/v1/jobs", &w.animatrice, offer(None, Some(w.net))).await;
        api(app, "/api/v1/jobs", &w.gerant, offer(Some(w.riez), None)).await;
        let p = api(
            app,
            "/api/v1/posts",
            &w.membre,
            json!({"type": if i % 2 == 0 { "need" } else { "offer" },
               "title": format!("Annonce comptée {i}"), "body": "Pour le marché.",
               "category": "mobilite", "skills": ["vélo"], "place_id": w.riez}),
        )
        .await;
        maillage::contacts::repo::insert(
            &app.state.db,
            maillage::contacts::model::About::Post(maillage::ids::PostId(
                p["id"].as_i64().unwrap(),
            )),
            &format!("À propos de l'annonce {i}"),
            maillage::ids::UserId(w.membre_id),
            maillage::ids::UserId(w.gerant_id),
            "Bonjour",
            app.state.clock.now_ms(),
        )
        .await
        .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_pages_run_as_many_statements_with_ten_times_the_data() {
    let app = TestApp::new(Backend::Postgres).await;
    let db = &app.state.db;
    maillage::demo::load(&app.state).await.unwrap();
    let net = scalar(db, "SELECT slug FROM networks ORDER BY id LIMIT 1").await;
    let net_id: i64 = scalar(db, "SELECT id::text FROM networks ORDER BY id LIMIT 1")
        .await
        .parse()
        .unwrap();
    let riez = "tiers-lieu-de-riez";
    let riez_id: i64 = scalar(
        db,
        "SELECT id::text FROM places WHERE slug = 'tiers-lieu-de-riez'",
    )
    .await
    .parse()
    .unwrap();
    let first =
        |table: &str, col: &str| format!("SELECT {col}::text FROM {table} ORDER BY id LIMIT 1");
    let training = scalar(db, &first("trainings", "slug")).await;
    let job = scalar(
        db,
        "SELECT slug FROM job_offers WHERE status = 'published' ORDER BY id LIMIT 1",
    )
    .await;
    let actor = scalar(db, &first("actors", "slug")).await;
    let group = scalar(db, &first("groups", "slug")).await;
    let post = scalar(db, &first("posts", "id")).await;
    let list = scalar(db, &first("letter_issues", "list_id")).await;
    let issue = scalar(
        db,
        "SELECT id::text FROM letter_issues WHERE status IN ('sending', 'sent') ORDER BY id LIMIT 1",
    )
    .await;
    let campaign = scalar(db, &first("census_campaigns", "id")).await;
    let path = scalar(db, "SELECT slug FROM training_paths ORDER BY id LIMIT 1").await;
    let meeting = scalar(db, &first("meetings", "id")).await;
    let pages: Vec<String> = [
        "/".to_string(),
        format!("/reseaux/{net}"),
        "/mon-espace".into(),
        format!("/lieux/{riez}"),
        format!("/lieux/{riez}/vitrine"),
        format!("/reseaux/{net}/vitrine"),
        format!("/lieux/{riez}/guide"),
        format!("/reseaux/{net}/guide"),
        format!("/lieux/{riez}/annonces"),
        format!("/reseaux/{net}/annonces"),
        format!("/lieux/{riez}/actualites"),
        format!("/reseaux/{net}/actualites"),
        "/actualites".into(),
        format!("/acteurs/{actor}"),
        "/acteurs/revendications".into(),
        "/admin/competences".into(),
        "/formations".into(),
        format!("/formations/{training}"),
        format!("/reseaux/{net}/formations"),
        format!("/parcours/{path}"),
        "/emplois".into(),
        format!("/emplois/{job}"),
        format!("/reseaux/{net}/emplois"),
        format!("/emplois/mes-offres?place_id={riez_id}"),
        format!("/emplois/mes-offres?network_id={net_id}"),
        "/emplois/candidatures".into(),
        "/emplois/moderation".into(),
        "/emplois/alertes".into(),
        format!("/annonces/{post}"),
        "/annonces/moderation".into(),
        "/mes-annonces".into(),
        "/messages".into(),
        "/messages/signalements".into(),
        format!("/listes/{list}/archives"),
        format!("/listes/{list}/lettres"),
        format!("/lettres/{issue}"),
        "/recensement".into(),
        format!("/reseaux/{net}/recensement"),
        format!("/reseaux/{net}/recensement/campagnes/{campaign}"),
        format!("/reseaux/{net}/observatoire"),
        format!("/reseaux/{net}/observatoire/interne"),
        format!("/reseaux/{net}/rapport"),
        "/mes-badges".into(),
        "/groupes".into(),
        format!("/groupes/{group}"),
        format!("/reunions/{meeting}"),
        "/decisions".into(),
        "/mes-actions".into(),
        "/compte/notifications".into(),
        format!("/lieux/{riez}/prestations"),
        format!("/lieux/{riez}/espaces"),
    ]
    .into();
    // A few rows in every list first: a list going from empty to filled may read its
    // details once more (not per row); ten times more must not.
    let w = world(&app).await;
    add(&app, &w, 0, 2).await;
    let mut clients = vec![("visiteur", app.new_browser())];
    for (role, email) in ROLES {
        let b = app.new_browser();
        crate::news::login_demo(&app, &b, email).await;
        clients.push((role, b));
    }
    let measure = || async {
        let mut out = Vec::new();
        for u in &pages {
            for (role, client) in &clients {
                // Nothing cached: each page is counted as computed from nothing, so the count
                // depends neither on what an earlier request left in the cache nor on whether
                // the data changed since (census figures are kept until they change).
                app.state.pages.clear();
                out.push((format!("{u} ({role})"), count(client, app.url(u)).await));
            }
        }
        out
    };
    let before = measure().await;
    let nobody: Vec<&String> = pages
        .iter()
        .filter(|u| {
            !before
                .iter()
                .any(|(k, (s, _))| k.starts_with(&format!("{u} (")) && *s == 200)
        })
        .collect();
    assert!(nobody.is_empty(), "shown to nobody: {nobody:?}\n{before:?}");

    // Ten times the data those pages list.
    add(&app, &w, 2, 32).await;
    // Letters and meetings: copies of the demo's.
    copy_rows(
        db,
        "letter_issues",
        "true",
        10,
        &[("subject", "t.subject || ' ' || g")],
    )
    .await;
    copy_rows(
        db,
        "meetings",
        "true",
        10,
        &[
            ("starts_at", "t.starts_at + g * 86400000"),
            ("ends_at", "t.ends_at + g * 86400000"),
        ],
    )
    .await;
    // Census: 60 more places in the network, each with a submitted answer.
    let mut csv = String::from("nom;code_postal;commune;latitude;longitude\n");
    for i in 0..60 {
        csv.push_str(&format!("Lieu recensé {i};04500;Riez;43.8{i:03};6.09\n"));
    }
    use maillage::places::import;
    let table = import::read(import::Format::Csv, csv.as_bytes()).unwrap();
    let opts = import::Options {
        source: "compte".into(),
        network_id: Some(maillage::ids::NetworkId(net_id)),
        scope: maillage::places::repo::MatchScope::Any,
        user_id: None,
        batch: 100,
    };
    let r = import::run(
        db,
        &table,
        &import::Mapping::guess(&table),
        &opts,
        1,
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(r.counts().imported, 60, "{}", r.summary_fr());
    let added = exec(
        db,
        "INSERT INTO census_responses (campaign_id, place_id, status, answers, prefill, \
         started_at, updated_at, submitted_at) \
         SELECT r.campaign_id, np.place_id, r.status, r.answers, r.prefill, r.started_at, \
         r.updated_at, r.submitted_at FROM census_responses r \
         JOIN census_campaigns c ON c.id = r.campaign_id \
         JOIN network_places np ON np.network_id = c.network_id \
         WHERE r.id IN (SELECT MIN(id) FROM census_responses WHERE status = 'submitted' \
                        GROUP BY campaign_id) \
         AND NOT EXISTS (SELECT 1 FROM census_responses o \
                         WHERE o.campaign_id = r.campaign_id AND o.place_id = np.place_id)",
    )
    .await;
    assert!(added >= 60, "{added} census answers added");
    app.state.pages.written();
    let after = measure().await;
    let mut grown = Vec::new();
    for ((url, (s0, a)), (_, (s1, b))) in before.iter().zip(&after) {
        assert_eq!(s0, s1, "{url}: status changed");
        if *s0 == 200 && b > a {
            grown.push(format!("{url}: {a} → {b} statements"));
        }
    }
    let shown: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|((_, (s, _)), _)| *s == 200)
        .map(|((url, (_, a)), (_, (_, b)))| format!("{url}: {a} → {b}"))
        .collect();
    eprintln!("statements per page, before → after:\n{}", shown.join("\n"));
    assert!(
        grown.is_empty(),
        "pages whose statements grow with the data: {grown:#?}"
    );
}

/// The plan of `sql` (no parameter), one line per step, whatever the engine — as
/// `scale::plan`, without sequential scans (nor bitmap scans and sorts) on PostgreSQL so the
/// plan shows whether an index serves the query.
pub(crate) async fn plan_of(app: &TestApp, sql: &str) -> String {
    match &app.state.db {
        Db::Sqlite(p) => {
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .fetch_all(p)
                    .await
                    .unwrap_or_else(|e| panic!("{sql}: {e}"));
            rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
        }
        Db::Postgres(p) => {
            let mut c = p.acquire().await.unwrap();
            // A Sort or a Seq Scan left in the plan is then one no index can spare.
            for set in ["enable_seqscan", "enable_bitmapscan", "enable_sort"] {
                sqlx::query(&format!("SET {set} = off"))
                    .execute(&mut *c)
                    .await
                    .unwrap();
            }
            let rows: Vec<(String,)> = sqlx::query_as(&format!("EXPLAIN {sql}"))
                .fetch_all(&mut *c)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            for set in ["enable_seqscan", "enable_bitmapscan", "enable_sort"] {
                sqlx::query(&format!("RESET {set}"))
                    .execute(&mut *c)
                    .await
                    .unwrap();
            }
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("\n")
        }
    }
}

/// `sql`'s plan reads none of `tables` whole (a SQLite `SCAN` of it, a PostgreSQL
/// `Seq Scan` on it) and, with `sorted` (a page of a list), sorts nothing (SQLite's
/// temporary B-tree, PostgreSQL's `Sort`): it walks an index in the list's order instead.
pub(crate) async fn assert_indexed(
    app: &TestApp,
    what: &str,
    sql: &str,
    tables: &[(&str, &str)],
    sorted: bool,
) {
    let plan = plan_of(app, sql).await;
    for (table, alias) in tables {
        let scans = plan.lines().any(|l| {
            let l = l.trim();
            let whole = l == format!("SCAN {alias}") || l == format!("SCAN {table}");
            // A list read in an index's order stops at its page (LIMIT); anything else that
            // walks a whole index reads the table's every row.
            let walks = l.starts_with(&format!("SCAN {alias} "))
                || l.starts_with(&format!("SCAN {table} "));
            whole || (walks && !sorted) || l.contains(&format!("Seq Scan on {table}"))
        });
        assert!(!scans, "{what}: {table} is read whole:\n{plan}");
    }
    if sorted {
        assert!(
            !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
            "{what}: sorted:\n{plan}"
        );
    }
}

crate::both!(
    the_observatorys_queries_are_served_by_indexes,
    |app: TestApp| async move {
        use maillage::census::repo;
        let backend = app.state.db.backend();
        let responses = ("census_responses", "r");
        let sums = repo::yearly_sums_sql(backend, "8, 9", &["surface_m2", "turnover_cents"]);
        assert_indexed(&app, "year over year", &sums, &[responses], false).await;
        if let Db::Postgres(_) = &app.state.db {
            // Each answer parsed once: the subquery stays a scan of its own, not pulled up
            // into the aggregate (which parsed the JSON again for every figure: 5.2 s → 0.3 s
            // at national scale).
            let plan = plan_of(&app, &sums).await;
            assert!(plan.contains("Subquery Scan"), "{plan}");
        }
        let [rows, typologies] = repo::submitted_sql("8");
        assert_indexed(&app, "answers", &rows, &[responses, ("places", "p")], false).await;
        assert_indexed(
            &app,
            "typologies",
            &typologies,
            &[responses, ("place_typologies", "pt")],
            false,
        )
        .await;
        for published in [true, false] {
            assert_indexed(
                &app,
                "campaigns",
                &repo::campaigns_sql(published).replace("$1", "8"),
                &[("census_campaigns", "census_campaigns")],
                true,
            )
            .await;
        }
    }
);

/// `sql` with its parameters `$1`, `$2`… written as the literals `values`.
/// The agenda's statement for `f`, with its values written in (for `EXPLAIN`).
fn agenda_literal(backend: maillage::db::Backend, f: &maillage::events::repo::Filter) -> String {
    let (sql, binds) = maillage::events::repo::agenda_sql(backend, f);
    let values: Vec<String> = binds.iter().map(|b| b.literal()).collect();
    let values: Vec<&str> = values.iter().map(String::as_str).collect();
    literal(&sql, &values)
}

fn literal(sql: &str, values: &[&str]) -> String {
    let mut out = sql.to_string();
    for (i, v) in values.iter().enumerate().rev() {
        out = out.replace(&format!("${}", i + 1), v);
    }
    out
}

crate::both!(
    the_boards_lists_are_read_in_index_order,
    |app: TestApp| async move {
        let today = "'2030-01-01'".to_string();
        let jobs = maillage::employment::repo::page_sql(
            app.state.db.backend(),
            &maillage::employment::repo::Filter {
                listed_on: "x".into(),
                ..Default::default()
            },
        );
        let posts = maillage::posts::repo::page_sql(
            app.state.db.backend(),
            &maillage::posts::repo::Filter {
                listed_on: "x".into(),
                ..Default::default()
            },
        );
        let trainings =
            maillage::trainings::repo::page_sql(&maillage::trainings::repo::Filter::default());
        let actors = maillage::actors::repo::page_sql(&maillage::actors::repo::Filters::default());
        for (what, sql, table, alias) in [
            (
                "job offers",
                literal(&jobs, &[&today, "20", "0"]),
                "job_offers",
                "o",
            ),
            ("posts", literal(&posts, &[&today, "20", "0"]), "posts", "p"),
            (
                "trainings",
                literal(&trainings, &["20", "0"]),
                "trainings",
                "t",
            ),
            ("actors", literal(&actors, &["20", "0"]), "actors", "a"),
        ] {
            assert_indexed(&app, what, &sql, &[(table, alias)], true).await;
        }
    }
);

crate::both!(
    the_map_and_the_directory_filter_read_an_index_alone,
    |app: TestApp| async move {
        use maillage::places::repo;
        // The map's points and bounds and the départements in use, uncached: each read from
        // an index that holds every column they need (migration 0042), not from the places'
        // rows (36 → 6 ms for the points of 50 000 places on SQLite).
        if let Db::Postgres(_) = &app.state.db {
            // PostgreSQL plans an index-only scan for a table it knows to be big and visible.
            maillage::demo::load(&app.state).await.unwrap();
            copy_rows(
                &app.state.db,
                "places",
                "slug = 'tiers-lieu-de-riez'",
                3000,
                &[("slug", "t.slug || '-' || g"), ("source", "''")],
            )
            .await;
            let n: i64 = scalar(&app.state.db, "SELECT COUNT(*)::text FROM places")
                .await
                .parse()
                .unwrap();
            assert!(n > 3000, "{n} places");
            exec(&app.state.db, "VACUUM ANALYZE places").await;
        }
        let (points, args) = repo::points_sql(app.state.db.backend(), &Default::default());
        assert!(args.is_empty(), "the map's first request binds nothing");
        for (what, sql) in [
            ("points", points),
            ("bounds", repo::BOUNDS_SQL.to_string()),
            ("départements", repo::DEPARTMENTS_SQL.to_string()),
        ] {
            let plan = plan_of(&app, &sql).await;
            assert!(
                plan.contains("COVERING INDEX") || plan.contains("Index Only Scan"),
                "{what} reads the places' rows:\n{plan}"
            );
        }
        // The map's clusters, counted per cell by the database from an index that holds the
        // coordinates (no place's row read): all of France, and a viewport.
        use maillage::places::repo::{cells_sql, Filters, Grid};
        let backend = app.state.db.backend();
        let grid = Grid {
            west: -5.0,
            south: 41.0,
            width: 0.5,
            height: 0.4,
        };
        let viewport = Filters {
            bbox: Some(maillage::places::model::BBox {
                south: 45.6,
                north: 45.9,
                west: 4.7,
                east: 5.0,
            }),
            ..Default::default()
        };
        for (what, f) in [("France", Filters::default()), ("Lyon", viewport)] {
            let (sql, args) = cells_sql(backend, &f, &grid);
            let values: Vec<String> = args.iter().map(place_arg).collect();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let sql = literal(&sql, &values);
            let plan = plan_of(&app, &sql).await;
            assert!(
                plan.contains("COVERING INDEX") || plan.contains("Index Only Scan"),
                "{what}'s clusters read the places' rows:\n{plan}"
            );
        }
    }
);

/// An argument of the places' statements written as a SQL literal (for [`literal`]).
fn place_arg(a: &maillage::places::repo::Arg) -> String {
    use maillage::places::repo::Arg;
    match a {
        Arg::T(s) => format!("'{}'", s.replace('\'', "''")),
        Arg::I(i) | Arg::OI(Some(i)) => i.to_string(),
        Arg::F(f) | Arg::OF(Some(f)) => format!("{f:?}"),
        Arg::OI(None) | Arg::OF(None) => "NULL".into(),
    }
}

crate::both!(
    the_agenda_its_search_and_the_report_read_their_indexes,
    |app: TestApp| async move {
        use maillage::ids::NetworkId;
        let backend = app.state.db.backend();
        // With data, and on PostgreSQL the statistics its autovacuum keeps (SQLite runs
        // without any, as in production: `db::dialect::analyze_all`).
        maillage::demo::load(&app.state).await.unwrap();
        if let Db::Postgres(_) = &app.state.db {
            exec(&app.state.db, "ANALYZE").await;
        }
        // A network's next dates (its agenda, its page, `/api/v1/events?network=`): read in the
        // order of the `(starts_at, id, ends_at)` index, stopping at the page's end — not every
        // event of the network through its indexes, then sorted (03d6e8f: 20 → 1 ms).
        for first_only in [false, true] {
            let f = maillage::events::repo::Filter {
                network_id: Some(NetworkId(8)),
                from: Some(1_900_000_000_000),
                limit: 6,
                first_only,
                ..Default::default()
            };
            let sql = agenda_literal(backend, &f);
            assert_indexed(
                &app,
                "a network's agenda",
                &sql,
                &[("event_occurrences", "o"), ("events", "e")],
                true,
            )
            .await;
            let plan = plan_of(&app, &sql).await;
            assert!(plan.contains("event_occurrences_time"), "{plan}");
        }
        // A place's agenda: the events it organises or hosts through their two indexes
        // (`events_location`, migration 0045), not every date to come with its event's row.
        let f = maillage::events::repo::Filter {
            place_id: Some(maillage::ids::PlaceId(1)),
            from: Some(1_900_000_000_000),
            limit: 20,
            ..Default::default()
        };
        assert_indexed(
            &app,
            "a place's agenda",
            &agenda_literal(backend, &f),
            &[("event_occurrences", "o"), ("events", "e")],
            false,
        )
        .await;
        // The requests waiting for a place's manager, listed and counted from the partial
        // index of pending bookings (migration 0046), not from every booking of the place.
        use maillage::bookings::repo::{pending_sql, PENDING_COUNT};
        for (what, sql) in [
            ("pending requests", pending_sql(50)),
            ("pending count", PENDING_COUNT.to_string()),
        ] {
            let sql = literal(&sql, &["1"]);
            assert_indexed(&app, what, &sql, &[("bookings", "b")], false).await;
            let plan = plan_of(&app, &sql).await;
            assert!(plan.contains("bookings_pending"), "{what}: {plan}");
        }
        // A search reads the dates in start order as the agenda does, each tested against the
        // events' full-text index (migration 0045) — not each event's text (`LIKE`: 114–338 ms
        // under 16 connections with 20 000 events), nor, on PostgreSQL, a vector parsed again
        // from the text for each candidate (35 ms for a frequent word): its stored vector.
        for network_id in [None, Some(NetworkId(8))] {
            let f = maillage::events::repo::Filter {
                network_id,
                from: Some(1_900_000_000_000),
                q: Some("Atelier vélo".into()),
                limit: 20,
                ..Default::default()
            };
            let sql = agenda_literal(backend, &f);
            assert_indexed(
                &app,
                "an agenda search",
                &sql,
                &[("event_occurrences", "o"), ("events", "e")],
                true,
            )
            .await;
            let plan = plan_of(&app, &sql).await;
            assert!(plan.contains("event_occurrences_time"), "{plan}");
            match backend {
                maillage::db::Backend::Sqlite => assert!(plan.contains("events_fts"), "{plan}"),
                maillage::db::Backend::Postgres => assert!(
                    plan.contains("search_tsv") && !plan.contains("to_tsvector"),
                    "{plan}"
                ),
            }
        }
        // The network report's counts: the dates of the period from the time index, the
        // bookings of the network's spaces from their space's index, the places created in the
        // period from `places(created_at, id)` (migration 0043) — none reads a table whole.
        use maillage::census::repo::{
            REPORT_BOOKINGS, REPORT_DATES, REPORT_PLACES, REPORT_REGISTRATIONS,
        };
        let period = ["8", "1900000000000", "1930000000000"];
        for (what, sql, tables) in [
            (
                "the report's dates",
                REPORT_DATES,
                &[("event_occurrences", "o"), ("events", "e")][..],
            ),
            (
                "the report's registrations",
                REPORT_REGISTRATIONS,
                &[
                    ("event_registrations", "r"),
                    ("event_occurrences", "o"),
                    ("events", "e"),
                ][..],
            ),
            (
                "the report's bookings",
                REPORT_BOOKINGS,
                &[("bookings", "b"), ("spaces", "s")][..],
            ),
            (
                "the report's places",
                REPORT_PLACES,
                &[("places", "p"), ("network_places", "np")][..],
            ),
        ] {
            assert_indexed(&app, what, &literal(sql, &period), tables, false).await;
        }
        // The period's dates from the time index, each event checked against the network by
        // key — not every event of the network's places first.
        for sql in [REPORT_DATES, REPORT_REGISTRATIONS] {
            let plan = plan_of(&app, &literal(sql, &period)).await;
            assert!(plan.contains("event_occurrences_time"), "{plan}");
        }
        let plan = plan_of(&app, &literal(REPORT_PLACES, &period)).await;
        assert!(plan.contains("places_created"), "{plan}");
    }
);
