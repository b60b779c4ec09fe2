//! Query plans of the whole application (issue 16, point 5): every statement the main pages
//! run, as a visitor and in each role, is read back from the server (`web::sqlcount`
//! recording) and explained on both engines. A statement fails when it reads a large table
//! (or one of its indexes) from end to end where no `LIMIT` stops it early, or sorts such a
//! scan: at national scale that is a page that slows down with every row added.
//!
//! PostgreSQL: `EXPLAIN (FORMAT JSON)` of the generic plan (`PREPARE`, then
//! `plan_cache_mode = force_generic_plan`, parameters `NULL`), with sequential scans disabled
//! so that the plan shows whether an index *can* serve the query. SQLite: `EXPLAIN QUERY PLAN`
//! of the same text, parameters unbound. Statements are recorded on PostgreSQL (see
//! `sqlcount`: SQLite runs them off the request's task); a text SQLite cannot prepare
//! (PostgreSQL's search syntax) is explained on PostgreSQL only, and SQLite's own search
//! statements (FTS5) are covered by `scale::…` and the directory's tests.

use std::collections::BTreeSet;

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
const ACCEPTED: &[(&str, &str)] = &[];

fn is_large(table: &str) -> bool {
    LARGE.contains(&table)
}

/// The problems of a PostgreSQL plan (a node of `EXPLAIN (FORMAT JSON)`): a sequential scan of
/// a large table, a full index scan of one with no `Limit` above it, a sort over such a scan.
fn pg_problems(node: &Value, under_limit: bool, out: &mut Vec<String>) -> bool {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    let relation = node["Relation Name"].as_str().unwrap_or_default();
    let conditioned = node.get("Index Cond").is_some();
    let mut whole = false;
    if is_large(relation) {
        match kind {
            "Seq Scan" => {
                out.push(format!("Seq Scan on {relation}"));
                whole = true;
            }
            "Index Scan" | "Index Only Scan" if !conditioned => {
                whole = true;
                if !under_limit {
                    out.push(format!("{kind} of all of {relation}"));
                }
            }
            _ => {}
        }
    }
    // A Limit stops the scans below it early, unless a sort reads them whole first.
    let limit = kind == "Limit" || (under_limit && !matches!(kind, "Sort" | "Aggregate" | "Hash"));
    let mut below_whole = false;
    for child in node["Plans"].as_array().into_iter().flatten() {
        below_whole |= pg_problems(child, limit, out);
    }
    if kind == "Sort" && below_whole {
        out.push("Sort of a whole large table".into());
    }
    whole || below_whole
}

/// The problems of a SQLite plan (`EXPLAIN QUERY PLAN` details, one per step).
fn sqlite_problems(sql: &str, steps: &[String]) -> Vec<String> {
    let limited = sql.to_uppercase().contains("LIMIT");
    let mut out = Vec::new();
    let mut scans_large = false;
    for step in steps {
        let words: Vec<&str> = step.split_whitespace().collect();
        if words.first() == Some(&"SCAN") {
            let table = words.get(1).copied().unwrap_or_default();
            if is_large(table) && !step.contains("VIRTUAL TABLE") {
                scans_large = true;
                if !limited {
                    out.push(step.clone());
                }
            }
        }
    }
    if scans_large && limited && steps.iter().any(|s| s.contains("TEMP B-TREE")) {
        out.push("a whole large table read, then sorted".into());
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

async fn sqlite_plan(pool: &sqlx::SqlitePool, sql: &str) -> Option<Vec<String>> {
    let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
        .fetch_all(pool)
        .await
        .ok()?;
    Some(rows.into_iter().map(|r| r.3).collect())
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

/// Every statement run by the main pages, in every role, on the demonstration data.
async fn statements(app: &TestApp) -> BTreeSet<String> {
    maillage::web::sqlcount::enable_recording();
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
        "/api/v1/events".into(),
        format!("/api/v1/events/{event}"),
        "/api/v1/typologies".into(),
        "/api/v1/places.csv".into(),
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
    ];
    let mut key = 0;
    let mut visit = |client: reqwest::Client, path: String| {
        key += 1;
        let key = format!("plans-{key}");
        let url = app.url(&path);
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
            maillage::web::sqlcount::take_recording(&key)
        }
    };
    let mut all = BTreeSet::new();
    for path in public {
        all.extend(visit(app.client.clone(), path).await);
    }
    for email in [
        "admin@demo.maillage.fr",
        "animatrice@demo.maillage.fr",
        "gerant.riez@demo.maillage.fr",
        "membre@demo.maillage.fr",
    ] {
        let browser = signed_in(app, email).await;
        for path in &signed {
            all.extend(visit(browser.clone(), path.clone()).await);
        }
    }
    all.into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_statement_of_the_main_pages_is_served_by_an_index() {
    let pg = TestApp::new(Backend::Postgres).await;
    let sqlite = TestApp::new(Backend::Sqlite).await;
    let statements = statements(&pg).await;
    assert!(statements.len() > 100, "{} statements", statements.len());
    let (maillage::db::Db::Postgres(pg_pool), maillage::db::Db::Sqlite(sqlite_pool)) =
        (&pg.state.db, &sqlite.state.db)
    else {
        unreachable!()
    };
    let mut failures = Vec::new();
    let mut sqlite_checked = 0;
    for sql in &statements {
        if ACCEPTED.iter().any(|(s, _)| sql.contains(s)) {
            continue;
        }
        let mut problems = Vec::new();
        match pg_plan(pg_pool, sql).await {
            Ok(plan) => {
                pg_problems(&plan, false, &mut problems);
            }
            Err(e) => problems.push(format!("not explained on PostgreSQL: {e}")),
        }
        let mut problems: Vec<String> = problems
            .into_iter()
            .map(|p| format!("PostgreSQL: {p}"))
            .collect();
        if let Some(steps) = sqlite_plan(sqlite_pool, sql).await {
            sqlite_checked += 1;
            problems.extend(
                sqlite_problems(sql, &steps)
                    .into_iter()
                    .map(|p| format!("SQLite: {p}")),
            );
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
}

#[test]
fn the_plan_rules_catch_what_they_should() {
    let scan = serde_json::json!({"Node Type": "Seq Scan", "Relation Name": "places"});
    let mut out = Vec::new();
    pg_problems(&scan, false, &mut out);
    assert_eq!(out, ["Seq Scan on places"]);
    let limited_index = serde_json::json!({"Node Type": "Limit", "Plans": [
        {"Node Type": "Index Scan", "Relation Name": "places"}]});
    let mut out = Vec::new();
    pg_problems(&limited_index, false, &mut out);
    assert!(out.is_empty(), "{out:?}");
    let sorted = serde_json::json!({"Node Type": "Limit", "Plans": [{"Node Type": "Sort",
        "Plans": [{"Node Type": "Index Only Scan", "Relation Name": "bookings"}]}]});
    let mut out = Vec::new();
    pg_problems(&sorted, false, &mut out);
    assert_eq!(
        out,
        [
            "Index Only Scan of all of bookings",
            "Sort of a whole large table"
        ]
    );
    let seek = serde_json::json!({"Node Type": "Index Scan", "Relation Name": "bookings",
        "Index Cond": "(user_id = $1)"});
    let mut out = Vec::new();
    pg_problems(&seek, false, &mut out);
    assert!(out.is_empty());
    assert_eq!(
        sqlite_problems("SELECT * FROM places", &["SCAN places".into()]),
        ["SCAN places"]
    );
    assert!(sqlite_problems(
        "SELECT * FROM places ORDER BY name LIMIT 3",
        &["SCAN places USING INDEX places_name".into()]
    )
    .is_empty());
    assert_eq!(
        sqlite_problems(
            "SELECT * FROM places ORDER BY city LIMIT 3",
            &["SCAN places".into(), "USE TEMP B-TREE FOR ORDER BY".into()]
        ),
        ["a whole large table read, then sorted"]
    );
    assert!(sqlite_problems(
        "SELECT * FROM bookings WHERE user_id = $1",
        &["SEARCH bookings USING INDEX bookings_user (user_id=?)".into()]
    )
    .is_empty());
    assert_eq!(params("SELECT $1, $12 FROM x WHERE a = $3"), 12);
}
