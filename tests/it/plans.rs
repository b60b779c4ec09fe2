//! Query plans of the whole application (issue 16, point 5): every statement the main pages
//! run, as a visitor and in each role, is read back from the server (`web::sqlcount`
//! recording) and explained on both engines, on the regional data set (a tenth of the national
//! one, 20 networks) beside the demonstration data.
//!
//! - SQLite (no statistics, as in production: `db::dialect`): `EXPLAIN QUERY PLAN` of the text,
//!   parameters unbound. A `SCAN` of a large table (named or aliased) fails unless a `LIMIT`
//!   stops it early and no temporary B-tree sorts it: that is a page that slows down with every
//!   row added.
//! - PostgreSQL (analyzed): `EXPLAIN (FORMAT JSON)` of the generic plan (`PREPARE`, then
//!   `plan_cache_mode = force_generic_plan`, parameters `NULL`) with sequential scans disabled:
//!   a `Seq Scan` of a large table the data set fills means that no index can serve the query,
//!   and fails, as does a `Sort` over it, or a statement PostgreSQL cannot prepare (an optional
//!   filter `($1 IS NULL OR col = $1)`, which no index serves either).
//!
//! Statements are recorded on PostgreSQL (`sqlcount`: SQLite runs them off the request's task);
//! a text SQLite cannot prepare (PostgreSQL's search syntax) is explained on PostgreSQL only.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::harness::{Backend, TestApp};

/// Tables that grow with the data (thousands to millions of rows at national scale).
const LARGE: &[&str] = &[
    "places",
    "network_places",
    "place_typologies",
    "place_history",
    "place_proposals",
    "place_claims",
    "organizations",
    "users",
    "roles",
    "sessions",
    "api_tokens",
    "one_time_tokens",
    "jobs",
    "audit_events",
    "spaces",
    "bookings",
    "booking_series",
    "events",
    "event_occurrences",
    "event_registrations",
    "groups",
    "group_members",
    "meetings",
    "agenda_items",
    "meeting_attendees",
    "decisions",
    "action_items",
    "documents",
    "document_versions",
    "projects",
    "project_members",
    "project_phases",
    "funding_applications",
    "budget_lines",
    "photos",
    "project_events",
];

/// Statements allowed to read a whole large table, each with its reason.
const ACCEPTED: &[(&str, &str)] = &[
    (
        "SELECT COUNT(*) FROM organizations",
        "the administration page's count of every structure: a count reads a narrow index \
         end to end (a few milliseconds at 50 000 rows), for instance admins only",
    ),
    (
        "SELECT COUNT(*) FROM places p",
        "the administration list's total for instance admins (no filter): same as above",
    ),
    (
        "FROM place_typologies pt JOIN typologies t ON t.id = pt.typology_id ORDER BY t.position",
        "the open-data exports (CSV, GoGoCarto) are the whole directory by definition",
    ),
];

/// A PostgreSQL plan in one line: `Limit(Sort(Hash Join(Index Scan places[cond], …)))`.
fn pg_outline(node: &Value) -> String {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    let mut out = kind.to_string();
    if let Some(r) = node["Relation Name"].as_str() {
        out.push(' ');
        out.push_str(r);
    }
    if let Some(i) = node["Index Name"].as_str() {
        out.push_str(&format!(" using {i}"));
    }
    if node.get("Index Cond").is_some() {
        out.push_str("[cond]");
    }
    let children: Vec<String> = node["Plans"]
        .as_array()
        .into_iter()
        .flatten()
        .map(pg_outline)
        .collect();
    if !children.is_empty() {
        out.push_str(&format!("({})", children.join(", ")));
    }
    out
}

fn is_large(table: &str) -> bool {
    LARGE.contains(&table)
}

/// The problems of a PostgreSQL plan (a node of `EXPLAIN (FORMAT JSON)`, sequential scans
/// disabled): a `Seq Scan` of a large table means no index can serve the query; a `Sort` over
/// one sorts the whole table. (Which index PostgreSQL walks, and whether it reads a large part of
/// it, is its cost-based choice given the statistics: judged by SQLite's plans, which use none.)
fn pg_problems(node: &Value, large: &dyn Fn(&str) -> bool, out: &mut Vec<String>) -> bool {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    let relation = node["Relation Name"].as_str().unwrap_or_default();
    let mut whole = false;
    if kind == "Seq Scan" && large(relation) {
        out.push(format!("Seq Scan on {relation}"));
        whole = true;
    }
    for child in node["Plans"].as_array().into_iter().flatten() {
        whole |= pg_problems(child, large, out);
    }
    if kind == "Sort" && whole {
        out.push("Sort of a whole large table".into());
    }
    whole
}

/// The problems of a SQLite plan (`EXPLAIN QUERY PLAN` details, one per step).
fn sqlite_problems(sql: &str, steps: &[(i64, String)]) -> Vec<String> {
    let limited = sql.to_uppercase().contains("LIMIT");
    let aliases = aliases(sql);
    let mut out = Vec::new();
    for (parent, step) in steps {
        let words: Vec<&str> = step.split_whitespace().collect();
        if words.first() != Some(&"SCAN") || step.contains("VIRTUAL TABLE") {
            continue;
        }
        let named = words.get(1).copied().unwrap_or_default();
        let table = aliases.get(named).map(String::as_str).unwrap_or(named);
        if !is_large(table) {
            continue;
        }
        if !limited {
            out.push(step.clone());
        } else if steps
            .iter()
            .any(|(p, s)| p == parent && s.contains("TEMP B-TREE"))
        {
            // Sorted at the scan's own level: read whole before the limit applies.
            out.push(format!("{step}, then sorted: a whole large table read"));
        }
    }
    out
}

/// `alias → table` of a statement's `FROM t a` and `JOIN t a` (SQLite's plans name aliases).
fn aliases(sql: &str) -> std::collections::HashMap<String, String> {
    let words: Vec<&str> = sql
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = std::collections::HashMap::new();
    for i in 0..words.len() {
        if matches!(words[i].to_uppercase().as_str(), "FROM" | "JOIN") {
            let (Some(table), Some(mut alias)) = (words.get(i + 1), words.get(i + 2)) else {
                continue;
            };
            if alias.eq_ignore_ascii_case("AS") {
                let Some(a) = words.get(i + 3) else { continue };
                alias = a;
            }
            out.insert(alias.to_string(), table.to_string());
        }
    }
    out
}

fn params(sql: &str) -> usize {
    let mut max = 0;
    let b = sql.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'$' {
            let digits: String = sql[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            if let Ok(n) = digits.parse::<usize>() {
                max = max.max(n);
            }
            i += digits.len();
        }
        i += 1;
    }
    max
}

async fn pg_plan(pool: &sqlx::PgPool, sql: &str) -> Result<Value, String> {
    let mut c = pool.acquire().await.unwrap();
    for s in [
        "SET enable_seqscan = off",
        "SET plan_cache_mode = force_generic_plan",
    ] {
        sqlx::raw_sql(s).execute(&mut *c).await.unwrap();
    }
    let _ = sqlx::raw_sql("DEALLOCATE plan_check")
        .execute(&mut *c)
        .await;
    let prepared = sqlx::raw_sql(&format!("PREPARE plan_check AS {sql}"))
        .execute(&mut *c)
        .await;
    if let Err(e) = prepared {
        return Err(e.to_string());
    }
    let nulls = vec!["NULL"; params(sql)].join(", ");
    let args = if nulls.is_empty() {
        String::new()
    } else {
        format!("({nulls})")
    };
    let row: Result<(Value,), _> =
        sqlx::query_as(&format!("EXPLAIN (FORMAT JSON) EXECUTE plan_check{args}"))
            .persistent(false)
            .fetch_one(&mut *c)
            .await;
    let _ = sqlx::raw_sql("DEALLOCATE plan_check")
        .execute(&mut *c)
        .await;
    for s in ["RESET enable_seqscan", "RESET plan_cache_mode"] {
        sqlx::raw_sql(s).execute(&mut *c).await.unwrap();
    }
    Ok(row.map_err(|e| e.to_string())?.0[0]["Plan"].clone())
}

/// The steps of SQLite's plan: (the id of the step they belong to, the step).
async fn sqlite_plan(pool: &sqlx::SqlitePool, sql: &str) -> Option<Vec<(i64, String)>> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
        .fetch_all(pool)
        .await
        .ok()?;
    Some(rows.into_iter().map(|r| (r.1, r.3)).collect())
}

async fn one(app: &TestApp, sql: &str) -> String {
    match &app.state.db {
        maillage::db::Db::Postgres(p) => {
            let v: (String,) = sqlx::query_as(&format!("SELECT CAST(({sql}) AS TEXT)"))
                .fetch_one(p)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
            v.0
        }
        maillage::db::Db::Sqlite(_) => unreachable!("statements are recorded on PostgreSQL"),
    }
}

/// Signs in with the demonstration's password.
async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let c = app.new_browser();
    let res = c
        .post(app.url("/connexion"))
        .form(&[
            ("email", email),
            ("password", maillage::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{email} signs in");
    c
}

/// What a crawl of the main pages saw: every statement's text, and for each request in visit
/// order who asked (`anonymous` or the account's email), the path and its number of statements.
struct Crawl {
    statements: BTreeSet<String>,
    counts: BTreeMap<usize, (String, String, u32)>,
}

/// Crawls the main pages, in every role, on the data set of `scale` (the regional one: a
/// tenth of the national one, 5 000 places, 10 000 accounts, 50 000 bookings, 20 000
/// registrations…, analyzed: PostgreSQL plans with real statistics) and the demonstration
/// data beside it.
async fn crawl(app: &TestApp, scale: maillage::demo::national::Scale) -> Crawl {
    maillage::web::sqlcount::enable_recording();
    let report = maillage::demo::national::generate(&app.state, scale)
        .await
        .unwrap();
    maillage::demo::load(&app.state).await.unwrap();
    let place = one(app, "SELECT slug FROM places ORDER BY id LIMIT 1").await;
    let network = one(app, "SELECT slug FROM networks ORDER BY id LIMIT 1").await;
    let event = one(app, "SELECT id FROM events ORDER BY id LIMIT 1").await;
    let space = one(app, "SELECT id FROM spaces ORDER BY id LIMIT 1").await;
    let group = one(app, "SELECT slug FROM groups ORDER BY id LIMIT 1").await;
    let meeting = one(app, "SELECT id FROM meetings ORDER BY id LIMIT 1").await;
    let project = one(app, "SELECT slug FROM projects ORDER BY id LIMIT 1").await;
    let place_id = one(app, "SELECT id FROM places ORDER BY id LIMIT 1").await;
    let public = vec![
        "/".to_string(),
        "/lieux".into(),
        "/lieux?q=atelier".into(),
        "/lieux?department=04&page=2".into(),
        "/lieux?typology=coworking".into(),
        "/carte".into(),
        "/agenda".into(),
        "/agenda?lieu=1".into(),
        "/agenda.ics".into(),
        "/agenda.atom".into(),
        format!("/lieux/{place}"),
        format!("/lieux/{place}/agenda"),
        format!("/lieux/{place}/espaces"),
        format!("/lieux/{place}/prestations"),
        format!("/lieux/{place}/documents"),
        format!("/reseaux/{network}"),
        format!("/reseaux/{network}/agenda"),
        format!("/reseaux/{network}/documents"),
        format!("/evenements/{event}"),
        format!("/espaces/{space}"),
        "/projets".into(),
        "/groupes".into(),
        "/groupes?q=club&page=2".into(),
        format!("/groupes/{group}"),
        format!("/groupes/{group}/documents?q=compte"),
        format!("/reseaux/{network}/documents?dossier=1&page=2"),
        "/decisions?q=budget".into(),
        "/api/v1/groups?q=club&limit=10&offset=5".into(),
        "/api/v1/decisions?q=budget".into(),
        format!("/projets/{project}"),
        "/api/v1/places".into(),
        "/api/v1/places?q=atelier".into(),
        "/api/v1/places.geojson".into(),
        "/api/v1/map?bbox=-5,41,10,51".into(),
        // A city: its points named one by one (below the clusters' threshold).
        "/api/v1/map?bbox=4.70,45.68,4.98,45.84".into(),
        "/api/v1/events".into(),
        format!("/api/v1/events/{event}"),
        "/api/v1/typologies".into(),
        "/api/v1/places.csv".into(),
        "/api/v1/projects".into(),
    ];
    let signed = vec![
        "/compte".to_string(),
        "/mes-inscriptions".into(),
        "/reservations".into(),
        "/mes-actions".into(),
        "/decisions".into(),
        "/documents".into(),
        "/documents?q=compte".into(),
        "/groupes".into(),
        "/groupes?q=club".into(),
        "/groupes/nouveau".into(),
        format!("/groupes/{group}"),
        format!("/groupes/{group}/documents"),
        format!("/groupes/{group}/documents?q=compte&page=2"),
        format!("/lieux/{place}/documents?dossier=1"),
        "/mes-actions?page=2".into(),
        "/decisions?q=budget".into(),
        format!("/reunions/{meeting}"),
        "/projets/suivi".into(),
        format!("/projets/{project}/espace"),
        format!("/projets/{project}/financement"),
        format!("/projets/{project}/chronologie"),
        "/evenements/nouveau".into(),
        format!("/evenements/{event}/inscrits"),
        "/admin".into(),
        "/admin/lieux".into(),
        "/admin/lieux?q=riez".into(),
        "/admin/lieux/moderation".into(),
        format!("/admin/lieux/{place_id}"),
        format!("/admin/lieux/{place_id}/espaces"),
        format!("/admin/lieux/{place_id}/calendrier"),
        format!("/admin/lieux/{place_id}/occupation"),
        format!("/lieux/{place}/modifier"),
        "/api/v1/bookings".into(),
        "/api/v1/me".into(),
        "/api/v1/groups".into(),
        "/api/v1/groups?page=2&limit=5".into(),
        "/api/v1/me/actions".into(),
        "/api/v1/decisions".into(),
        "/api/v1/decisions?group_id=1&q=budget".into(),
        "/api/v1/documents?network_id=1".into(),
        "/api/v1/projects/dashboard".into(),
        "/projets".into(),
        "/projets?page=2".into(),
        "/api/v1/projects?per_page=10".into(),
        "/projets/suivi?status=in_progress&page=2".into(),
        "/api/v1/projects/dashboard?network=1&status=idea".into(),
        // The network's activity report (its animators and the admin; 404 for the others).
        format!("/reseaux/{network}/rapport"),
        format!("/reseaux/{network}/rapport?du=2025-01-01&au=2025-12-31"),
    ];
    let key = std::sync::atomic::AtomicUsize::new(0);
    let counts = std::sync::Mutex::new(BTreeMap::new());
    let visit = |client: reqwest::Client, path: String, who: &str| {
        let n_visit = key.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let key = format!("plans-{}-{n_visit}", scale.name());
        let url = app.url(&path);
        let who = who.to_string();
        let counts = &counts;
        async move {
            let res = client
                .get(&url)
                .header("x-sql-record", &key)
                .send()
                .await
                .unwrap();
            assert!(
                res.status().as_u16() < 500,
                "{path}: {}",
                res.status().as_u16()
            );
            let n: u32 = res.headers()["x-sql-statements"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            counts
                .lock()
                .unwrap()
                .insert(n_visit, (who, path.clone(), n));
            maillage::web::sqlcount::take_recording(&key)
        }
    };
    let mut all = BTreeSet::new();
    for path in public {
        all.extend(visit(app.client.clone(), path, "anonymous").await);
    }
    // The regional set's big network and big place, as a visitor and as their people.
    let big = [
        format!("/lieux/{}", report.big_place_slug),
        format!("/lieux/{}/agenda", report.big_place_slug),
        format!("/lieux/{}/espaces", report.big_place_slug),
        format!("/reseaux/{}", report.network1_slug),
        format!("/reseaux/{}/agenda", report.network1_slug),
        format!("/lieux?network={}", report.network1_slug),
    ];
    for path in &big {
        all.extend(visit(app.client.clone(), path.clone(), "anonymous").await);
    }
    for i in 0..5 {
        let email = maillage::demo::national::fixed_email(i);
        let browser = signed_in(app, &email).await;
        for path in signed.iter().chain(&big) {
            all.extend(visit(browser.clone(), path.clone(), &email).await);
        }
    }
    for email in [
        "admin@demo.maillage.fr",
        "animatrice@demo.maillage.fr",
        "gerant.riez@demo.maillage.fr",
        "membre@demo.maillage.fr",
    ] {
        let browser = signed_in(app, email).await;
        for path in &signed {
            all.extend(visit(browser.clone(), path.clone(), email).await);
        }
    }
    let statements = all
        .into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    // In visit order: the same pages at every scale (their sample rows' slugs and ids differ).
    let counts = counts.into_inner().unwrap();
    Crawl { statements, counts }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_statement_of_the_main_pages_is_served_by_an_index() {
    let pg = TestApp::new(Backend::Postgres).await;
    let sqlite = TestApp::new(Backend::Sqlite).await;
    let regional = crawl(&pg, maillage::demo::national::Scale::Regional).await;
    let statements = regional.statements.clone();
    assert!(statements.len() > 100, "{} statements", statements.len());
    let (maillage::db::Db::Postgres(pg_pool), maillage::db::Db::Sqlite(sqlite_pool)) =
        (&pg.state.db, &sqlite.state.db)
    else {
        unreachable!()
    };
    // PostgreSQL's plans are judged on the large tables the data set fills (its statistics say
    // nothing of an empty one); SQLite's, which use no statistics, on every large table.
    let filled: BTreeSet<String> = sqlx::query_scalar::<_, String>(
        "SELECT relname::TEXT FROM pg_class WHERE relkind = 'r' AND reltuples > 0",
    )
    .fetch_all(pg_pool)
    .await
    .unwrap()
    .into_iter()
    .filter(|t| is_large(t))
    .collect();
    assert!(
        filled.len() > 20,
        "the data set fills the large tables: {filled:?}"
    );
    let mut failures = Vec::new();
    let mut sqlite_checked = 0;
    for sql in &statements {
        if ACCEPTED.iter().any(|(s, _)| sql.contains(s)) {
            continue;
        }
        // Transaction control and a planner setting (`SET LOCAL`, a search's) read nothing.
        if ["BEGIN", "COMMIT", "ROLLBACK", "SET LOCAL "]
            .iter()
            .any(|k| sql.starts_with(k))
        {
            continue;
        }
        let mut problems = Vec::new();
        match pg_plan(pg_pool, sql).await {
            Ok(plan) => {
                pg_problems(&plan, &|t| filled.contains(t), &mut problems);
                if !problems.is_empty() {
                    problems.push(format!("plan: {}", pg_outline(&plan)));
                }
            }
            Err(e) => problems.push(format!("not explained on PostgreSQL: {e}")),
        }
        let mut problems: Vec<String> = problems
            .into_iter()
            .map(|p| format!("PostgreSQL: {p}"))
            .collect();
        if let Some(steps) = sqlite_plan(sqlite_pool, sql).await {
            sqlite_checked += 1;
            let found = sqlite_problems(sql, &steps);
            if !found.is_empty() {
                problems.extend(found.into_iter().map(|p| format!("SQLite: {p}")));
                let steps: Vec<&str> = steps.iter().map(|(_, s)| s.as_str()).collect();
                problems.push(format!("SQLite's plan: {}", steps.join(" / ")));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{sql}\n    {}", problems.join("\n    ")));
        }
    }
    assert!(
        sqlite_checked * 2 > statements.len(),
        "most statements are explained on SQLite too ({sqlite_checked}/{})",
        statements.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} statements read a whole large table:\n{}",
        failures.len(),
        statements.len(),
        failures.join("\n\n")
    );

    // The guard of issue 16, point 7: the same pages, as the same people, on the tiny data set
    // (a hundredth of this one: 50 places, 20 events, 500 bookings) run as many statements.
    let tiny_app = TestApp::new(Backend::Postgres).await;
    let tiny = crawl(&tiny_app, maillage::demo::national::Scale::Tiny).await;
    assert_eq!(tiny.counts.len(), regional.counts.len());
    let grown = grown_pages(&tiny.counts, &regional.counts);
    assert!(
        grown.is_empty(),
        "{} of {} requests run more statements on the regional data set than on the tiny one \
         (an N+1: a statement per row shown):\n{}",
        grown.len(),
        regional.counts.len(),
        grown.join("\n")
    );
}

/// How many more statements a page may run on the bigger data set. A list that is empty on
/// the tiny set (a thousandth of national: most places have no event, most networks no
/// document) and filled on the bigger one reads its rows' details once per kind: a document
/// search that finds documents of networks, places, groups and projects reads each kind's
/// targets (two statements each, and the groups' parents), 8 more than finding none. An N+1
/// adds one per row shown: tens on a page of 20 to 50 rows.
const GROWTH_ALLOWED: u32 = 8;

/// The requests (same visit order on both crawls) whose statements grew by more than
/// [`GROWTH_ALLOWED`] from `small` to `big`.
fn grown_pages(
    small: &BTreeMap<usize, (String, String, u32)>,
    big: &BTreeMap<usize, (String, String, u32)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (n, (who, path, few)) in small {
        let (who_big, path_big, many) = &big[n];
        assert_eq!(who, who_big, "the same visit order");
        if *many > few + GROWTH_ALLOWED {
            out.push(format!(
                "{who} {path_big}: {few} statements on the tiny set ({path}), {many} on the bigger"
            ));
        }
    }
    out
}

#[test]
fn the_growth_guard_catches_a_page_that_runs_a_statement_per_row() {
    let crawl = |counts: &[u32]| -> BTreeMap<usize, (String, String, u32)> {
        counts
            .iter()
            .enumerate()
            .map(|(i, n)| (i, ("anonymous".to_string(), format!("/page{i}"), *n)))
            .collect()
    };
    assert!(grown_pages(&crawl(&[5, 8, 3]), &crawl(&[5, 16, 3])).is_empty());
    assert_eq!(
        grown_pages(&crawl(&[5, 8, 3]), &crawl(&[5, 8, 30])),
        ["anonymous /page2: 3 statements on the tiny set (/page2), 30 on the bigger"]
    );
}

#[test]
fn the_plan_rules_catch_what_they_should() {
    let top = |steps: &[&str]| -> Vec<(i64, String)> {
        steps.iter().map(|s| (0, s.to_string())).collect()
    };
    let run = |plan: Value| {
        let mut out = Vec::new();
        pg_problems(&plan, &is_large, &mut out);
        out
    };
    assert_eq!(
        run(serde_json::json!({"Node Type": "Seq Scan", "Relation Name": "places"})),
        ["Seq Scan on places"]
    );
    assert_eq!(
        run(
            serde_json::json!({"Node Type": "Limit", "Plans": [{"Node Type": "Sort",
            "Plans": [{"Node Type": "Seq Scan", "Relation Name": "bookings"}]}]})
        ),
        ["Seq Scan on bookings", "Sort of a whole large table"]
    );
    assert!(
        run(serde_json::json!({"Node Type": "Seq Scan", "Relation Name": "networks"})).is_empty()
    );
    assert!(run(serde_json::json!({"Node Type": "Limit", "Plans": [
        {"Node Type": "Index Scan", "Relation Name": "places"}]}))
    .is_empty());
    assert_eq!(
        sqlite_problems("SELECT * FROM places", &top(&["SCAN places"])),
        ["SCAN places"]
    );
    assert!(sqlite_problems(
        "SELECT * FROM places ORDER BY name LIMIT 3",
        &top(&["SCAN places USING INDEX places_name"])
    )
    .is_empty());
    assert_eq!(
        sqlite_problems(
            "SELECT * FROM places ORDER BY city LIMIT 3",
            &top(&["SCAN places", "USE TEMP B-TREE FOR ORDER BY"])
        ),
        ["SCAN places, then sorted: a whole large table read"]
    );
    assert!(sqlite_problems(
        "SELECT * FROM bookings WHERE user_id = $1",
        &top(&["SEARCH bookings USING INDEX bookings_user (user_id=?)"])
    )
    .is_empty());
    assert_eq!(params("SELECT $1, $12 FROM x WHERE a = $3"), 12);
    assert_eq!(
        sqlite_problems(
            "SELECT o.id FROM event_occurrences o JOIN events AS e ON e.id = o.event_id",
            &top(&["SCAN o", "SEARCH e USING INTEGER PRIMARY KEY (rowid=?)"])
        ),
        ["SCAN o"]
    );
    // A limited scan in a subquery (parent 3), the union sorted outside (parent 0): fine.
    assert!(sqlite_problems(
        "SELECT * FROM (SELECT id FROM meetings mt ORDER BY starts_at DESC LIMIT 5) x ORDER BY id LIMIT 5",
        &[
            (3, "SCAN mt USING INDEX meetings_starts".into()),
            (0, "USE TEMP B-TREE FOR ORDER BY".into())
        ]
    )
    .is_empty());
}
