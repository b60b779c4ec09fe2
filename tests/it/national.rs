//! The generated data sets of `maillage demo --scale` (issue 16), at the `tiny` scale: the
//! figures, the refusal on a database that holds places, the same rows from two runs, the
//! rules of bookings and registrations, the fixed accounts, the directory's search.

use std::collections::HashMap;

use maillage::bookings::model::{check_shape, max_load, Booking, Space, SpaceMode};
use maillage::demo::national::{generate, Figures, Scale, DOMAIN};
use maillage::demo::DEMO_PASSWORD;
use maillage::{db::Db, db_run};
use serde_json::Value;

use crate::both;
use crate::harness::TestApp;

async fn count(db: &Db, sql: &str) -> i64 {
    db_run!(db, |p| sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(p)
        .await
        .unwrap())
}

async fn table(db: &Db, t: &str) -> i64 {
    count(db, &format!("SELECT COUNT(*) FROM {t}")).await
}

both!(
    the_tiny_data_set_has_its_figures,
    |app: TestApp| async move {
        let db = &app.state.db;
        let report = generate(&app.state, Scale::Tiny).await.unwrap();
        let f = Figures::of(Scale::Tiny);
        for (t, n) in [
            ("networks", f.networks),
            ("places", f.places),
            ("users", f.users),
            ("spaces", f.spaces),
            ("bookings", f.bookings),
            ("events", f.events),
            ("event_occurrences", f.events),
            ("event_registrations", f.registrations),
            ("groups", f.groups),
            ("meetings", f.meetings),
            ("projects", f.projects),
            ("documents", f.documents),
        ] {
            assert_eq!(table(db, t).await, n, "{t}");
        }
        assert!(f.networks >= 2 && f.places == 50 && f.users == 100);
        // Derived rows of every place, as the import writes them.
        assert_eq!(table(db, "place_history").await, f.places);
        assert!(table(db, "place_typologies").await >= f.places);
        let unindexed = count(db, "SELECT COUNT(*) FROM places WHERE search_text = ''").await;
        assert_eq!(unindexed, 0);
        // Network #1 is the biggest, with a tenth of the places.
        let per_network: Vec<i64> = db_run!(db, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM network_places GROUP BY network_id ORDER BY network_id"
        )
        .fetch_all(p)
        .await
        .unwrap());
        assert_eq!(per_network[0], f.network1_places);
        assert!(per_network[1..].iter().all(|n| *n < per_network[0]));
        // The big place has the most spaces and the most bookings.
        let big: i64 = count(db, "SELECT MIN(id) FROM places").await;
        let top: Vec<(i64, i64)> = db_run!(db, |p| {
            sqlx::query_as::<_, (i64, i64)>(
            "SELECT s.place_id, COUNT(*) AS n FROM bookings b JOIN spaces s ON s.id = b.space_id \
             GROUP BY s.place_id ORDER BY n DESC, s.place_id"
        )
        .fetch_all(p)
        .await
        .unwrap()
        });
        assert_eq!(top[0], (big, f.big_bookings));
        assert!(top[1].1 < top[0].1);
        let big_spaces = count(
            db,
            &format!("SELECT COUNT(*) FROM spaces WHERE place_id = {big}"),
        )
        .await;
        assert_eq!(big_spaces, f.big_spaces);
        // The fixed member: registrations and bookings.
        let member = format!("(SELECT id FROM users WHERE email = 'membre@{DOMAIN}')");
        let regs = count(
            db,
            &format!("SELECT COUNT(*) FROM event_registrations WHERE user_id = {member}"),
        )
        .await;
        assert_eq!(regs, f.member_registrations);
        let booked = count(
            db,
            &format!("SELECT COUNT(*) FROM bookings WHERE user_id = {member}"),
        )
        .await;
        assert!(booked >= 1);
        // The census: five published campaigns per network, every member place answered
        // each, and every generated answer passes the rules a respondent's would.
        assert_eq!(table(db, "census_campaigns").await, 5 * f.networks);
        let members = count(db, "SELECT COUNT(*) FROM network_places").await;
        assert_eq!(table(db, "census_responses").await, 5 * members);
        let questions = maillage::census::template::default_questions();
        let typologies = std::collections::HashSet::new();
        let cx = maillage::census::model::AnswerContext {
            typologies: &typologies,
        };
        let all: Vec<String> = db_run!(db, |p| sqlx::query_scalar::<_, String>(
            "SELECT answers FROM census_responses WHERE status = 'submitted'"
        )
        .fetch_all(p)
        .await
        .unwrap());
        assert_eq!(all.len() as i64, 5 * members);
        for a in &all {
            let given: std::collections::BTreeMap<String, serde_json::Value> =
                serde_json::from_str(a).unwrap();
            assert!(given.contains_key("surface_m2"), "{a}");
            let read = maillage::census::model::read_answers(&questions, &given, &cx)
                .unwrap_or_else(|e| panic!("{a}: {e:?}"));
            assert_eq!(read.len(), given.len(), "{a}");
        }
        // The summary names the fixed accounts and the big place.
        let text = report.to_string();
        assert!(text.contains(&format!("gerant@{DOMAIN}")), "{text}");
        assert!(text.contains(&report.big_place_slug));
        assert!(text.contains(&report.network1_slug));
        // A second run is refused: the database holds places.
        let err = generate(&app.state, Scale::Tiny)
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("contient déjà"), "{err}");
        assert_eq!(table(db, "places").await, f.places);
        // New rows get new ids after the generated ones (PostgreSQL's sequences moved).
        let id = maillage::tenancy::repo::insert_network(db, "Nouveau réseau", "nouveau", "", 0)
            .await
            .unwrap()
            .id;
        assert_eq!(id.get(), f.networks + 1);
    }
);

both!(
    bookings_and_registrations_follow_the_rules,
    |app: TestApp| async move {
        let db = &app.state.db;
        generate(&app.state, Scale::Tiny).await.unwrap();
        let spaces: Vec<Space> = db_run!(db, |p| {
            sqlx::query_as::<_, Space>(
            "SELECT id, place_id, name, kind, is_equipment, capacity, mode, unit, min_units, max_units, \
             opening_hours, lead_time_minutes, cancel_deadline_hours, access, requires_qualification, \
             price_member_cents, price_public_cents, description, equipment, active, created_at, \
             beyond_place_hours, \
             (SELECT p.opening_hours FROM places p WHERE p.id = spaces.place_id) AS place_hours FROM spaces"
        )
        .fetch_all(p)
        .await
        .unwrap()
        });
        let bookings: Vec<Booking> = db_run!(db, |p| {
            sqlx::query_as::<_, Booking>(
            "SELECT id, space_id, user_id, booked_by, series_id, starts_at, ends_at, seats, status, \
             price_cents, note, sequence, created_at, updated_at FROM bookings"
        )
        .fetch_all(p)
        .await
        .unwrap()
        });
        let mut held: HashMap<i64, Vec<(i64, i64, i32)>> = HashMap::new();
        for b in &bookings {
            let s = spaces.iter().find(|s| s.id == b.space_id).unwrap();
            // The shape, the opening hours, whole rooms: what `bookings::service::book` checks.
            check_shape(s, b.starts_at, b.ends_at, b.seats, i64::MIN / 2).unwrap();
            maillage::bookings::service::check_open(s, &[], b.starts_at, b.ends_at).unwrap();
            if s.mode == SpaceMode::Room {
                assert_eq!(b.seats, s.capacity);
            }
            assert!(b.created_at <= b.starts_at);
            if b.status.holds_seats() {
                held.entry(s.id.get())
                    .or_default()
                    .push((b.starts_at, b.ends_at, b.seats));
            }
        }
        for s in &spaces {
            let h = held.remove(&s.id.get()).unwrap_or_default();
            assert!(max_load(&h, i64::MIN, i64::MAX) <= s.capacity, "{}", s.name);
        }
        // Machines are booked by qualified people only.
        let unqualified = count(
            db,
            "SELECT COUNT(*) FROM bookings b JOIN spaces s ON s.id = b.space_id \
             WHERE s.requires_qualification AND NOT EXISTS (SELECT 1 FROM space_qualifications q \
             WHERE q.space_id = s.id AND q.user_id = b.user_id)",
        )
        .await;
        assert_eq!(unqualified, 0);
        // No event confirms more seats than it has; one live registration per person.
        let over = count(
            db,
            "SELECT COUNT(*) FROM (SELECT r.occurrence_id, SUM(1 + r.guests) AS seats, MAX(e.capacity) AS cap \
             FROM event_registrations r JOIN events e ON e.id = r.event_id WHERE r.status = 'confirmed' \
             GROUP BY r.occurrence_id) t WHERE t.cap IS NOT NULL AND t.seats > t.cap",
        )
        .await;
        assert_eq!(over, 0);
        let twice = count(
            db,
            "SELECT COUNT(*) FROM (SELECT occurrence_id, user_id FROM event_registrations \
             WHERE status IN ('confirmed', 'waitlisted', 'pending') GROUP BY occurrence_id, user_id \
             HAVING COUNT(*) > 1) t",
        )
        .await;
        assert_eq!(twice, 0);
        // Upcoming events, seen from the end of 2026.
        let upcoming = count(
            db,
            &format!(
                "SELECT COUNT(*) FROM event_occurrences WHERE starts_at > {}",
                maillage::events::model::paris_to_utc(
                    chrono::NaiveDate::from_ymd_opt(2026, 12, 15)
                        .unwrap()
                        .and_hms_opt(0, 0, 0)
                        .unwrap()
                )
            ),
        )
        .await;
        assert!(upcoming > 0);
    }
);

/// Every row of every table, as text, sorted: what two runs must share.
async fn content(db: &Db) -> Vec<(String, Vec<String>)> {
    let cols = maillage::db::dialect::schema_columns(db).await.unwrap();
    let mut by_table: Vec<(String, Vec<String>)> = Vec::new();
    for (t, c) in cols {
        if [
            "instance_secrets",
            "sessions",
            "rate_limits",
            "audit_events",
            "jobs",
        ]
        .contains(&t.as_str())
        {
            continue;
        }
        match by_table.last_mut() {
            Some((last, cs)) if *last == t => cs.push(c),
            _ => by_table.push((t, vec![c])),
        }
    }
    let mut out = Vec::new();
    for (t, cs) in by_table {
        let expr = cs
            .iter()
            .map(|c| format!("COALESCE(CAST(\"{c}\" AS TEXT), '~')"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let sql = format!("SELECT {expr} FROM \"{t}\"");
        let mut rows: Vec<String> = db_run!(db, |p| sqlx::query_scalar::<_, String>(&sql)
            .fetch_all(p)
            .await
            .unwrap());
        rows.sort();
        out.push((t, rows));
    }
    out
}

both!(two_runs_write_the_same_rows, |app: TestApp| async move {
    let other = TestApp::new(app.backend).await;
    generate(&app.state, Scale::Tiny).await.unwrap();
    generate(&other.state, Scale::Tiny).await.unwrap();
    let (a, b) = (content(&app.state.db).await, content(&other.state.db).await);
    assert_eq!(a.len(), b.len());
    let mut rows = 0;
    for ((ta, ra), (tb, rb)) in a.iter().zip(&b) {
        assert_eq!(ta, tb);
        assert_eq!(ra, rb, "table {ta}");
        rows += ra.len();
    }
    assert!(rows > 1000, "{rows} rows compared");
});

both!(
    the_fixed_accounts_sign_in_and_the_directory_finds_places,
    |app: TestApp| async move {
        let report = generate(&app.state, Scale::Tiny).await.unwrap();
        let db = &app.state.db;
        let login = |client: reqwest::Client, who: &'static str| {
            let url = app.url("/connexion");
            async move {
                let email = format!("{who}@{DOMAIN}");
                let res = client
                    .post(url)
                    .form(&[("email", email.as_str()), ("password", DEMO_PASSWORD)])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 303, "{who}");
                client
            }
        };
        for who in ["admin", "gerant", "membre", "visiteur"] {
            login(app.new_browser(), who).await;
        }
        // The animator administers network #1, and no other.
        let animator = login(app.new_browser(), "animateur").await;
        let nets: Vec<(i64, String)> = db_run!(db, |p| sqlx::query_as::<_, (i64, String)>(
            "SELECT id, slug FROM networks ORDER BY id"
        )
        .fetch_all(p)
        .await
        .unwrap());
        assert_eq!(nets[0].1, report.network1_slug);
        let page = animator
            .get(app.url(&format!("/admin/reseaux/{}", nets[0].0)))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Auvergne-Rhône-Alpes"));
        let other = animator
            .get(app.url(&format!("/admin/reseaux/{}", nets[1].0)))
            .send()
            .await
            .unwrap();
        assert_ne!(other.status(), 200);
        // The directory's search finds generated places by their commune.
        let body: Value = app
            .get("/api/v1/places?q=lyon&per_page=50")
            .await
            .json()
            .await
            .unwrap();
        let items = body["items"].as_array().unwrap();
        assert!(!items.is_empty(), "{body}");
        assert!(
            items
                .iter()
                .any(|p| p["slug"] == report.big_place_slug.as_str()),
            "{body}"
        );
        let page = app.get(&format!("/lieux/{}", report.big_place_slug)).await;
        assert_eq!(page.status(), 200);
    }
);
