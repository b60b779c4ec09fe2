//! Pages that stay small when the data grows (issue 16): filters offer what has something to
//! show, not every row of a large table.

use serde_json::json;

use crate::both;
use crate::harness::TestApp;

both!(
    the_agenda_offers_only_places_with_something_to_show,
    |app: TestApp| async move {
        let db = &app.state.db;
        let net = maillage::tenancy::repo::insert_network(db, "Réseau Sud", "sud", "", 0)
            .await
            .unwrap()
            .id;
        let mk = |name: &'static str| maillage::places::repo::NewPlace {
            name,
            slug: name,
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: Some(net),
            now: 0,
        };
        let mut ids = Vec::new();
        for name in ["lieu-avec-atelier", "lieu-sans-rien", "lieu-au-passe"] {
            ids.push(
                maillage::places::repo::insert_place(db, mk(name))
                    .await
                    .unwrap()
                    .id,
            );
        }
        let admin = app.instance_admin("admin@example.org").await;
        let token = app.token_for(admin).await;
        for (place, when) in [(ids[0], "2031-03-05T09:30"), (ids[2], "2020-03-05T09:30")] {
            let ends = when.replace("09:30", "11:00");
            let res = app
                .api_post(
                    "/api/v1/events",
                    &token,
                    json!({"title": "Atelier", "starts_at": when, "ends_at": ends,
                           "place_id": place, "status": "published"}),
                )
                .await;
            let status = res.status().as_u16();
            assert_eq!(status, 201, "{}", res.text().await.unwrap());
        }
        // A network elsewhere with its own upcoming event: not in this network's agenda filter.
        let other = maillage::tenancy::repo::insert_network(db, "Réseau Nord", "nord", "", 0)
            .await
            .unwrap()
            .id;
        let far = maillage::places::repo::insert_place(
            db,
            maillage::places::repo::NewPlace {
                network_id: Some(other),
                ..mk("lieu-du-nord")
            },
        )
        .await
        .unwrap()
        .id;
        let res = app
            .api_post(
                "/api/v1/events",
                &token,
                json!({"title": "Atelier", "starts_at": "2031-03-06T09:30",
                       "ends_at": "2031-03-06T11:00", "place_id": far, "status": "published"}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let option = |id: maillage::ids::PlaceId| format!("<option value=\"{id}\"");
        let page = app.get("/agenda").await.text().await.unwrap();
        assert!(page.contains(&option(ids[0])), "the place with a workshop");
        assert!(
            page.contains(&option(far)),
            "every network's places on /agenda"
        );
        assert!(
            !page.contains(&option(ids[1])),
            "a place with no event is not offered"
        );
        assert!(
            !page.contains(&option(ids[2])),
            "a place whose events are over is not offered"
        );
        let page = app.get("/reseaux/sud/agenda").await.text().await.unwrap();
        assert!(page.contains(&option(ids[0])));
        assert!(
            !page.contains(&option(far)),
            "another network's place is not offered"
        );
    }
);

/// The plan of a query, one line per step, whatever the engine.
async fn plan(app: &TestApp, sql: &str) -> String {
    match &app.state.db {
        maillage::db::Db::Sqlite(p) => {
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .bind(8_i64)
                    .fetch_all(p)
                    .await
                    .unwrap();
            rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
        }
        maillage::db::Db::Postgres(p) => {
            let mut c = p.acquire().await.unwrap();
            // A seeded table is not needed: without sequential scans, the plan shows whether
            // an index serves the order (else a Sort appears).
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *c)
                .await
                .unwrap();
            let rows: Vec<(String,)> = sqlx::query_as(&format!("EXPLAIN {sql}"))
                .bind(8_i64)
                .fetch_all(&mut *c)
                .await
                .unwrap();
            sqlx::query("RESET enable_seqscan")
                .execute(&mut *c)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("\n")
        }
    }
}

both!(
    the_home_pages_recent_places_are_read_in_index_order,
    |app: TestApp| async move {
        let sql = format!(
            "SELECT p.id FROM places p {}",
            maillage::places::repo::RECENT
        );
        let plan = plan(&app, &sql).await;
        assert!(
            plan.contains("places_recent"),
            "no index serves it:\n{plan}"
        );
        assert!(
            !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
            "the places are sorted:\n{plan}"
        );
        // And the home page still lists the newest change first.
        let db = &app.state.db;
        for name in ["lieu-ancien", "lieu-recent"] {
            maillage::places::repo::insert_place(
                db,
                maillage::places::repo::NewPlace {
                    name,
                    slug: name,
                    description: "",
                    city: "Riez",
                    organization_id: None,
                    network_id: None,
                    now: if name == "lieu-ancien" { 1 } else { 2 },
                },
            )
            .await
            .unwrap();
        }
        let recent = maillage::places::service::recent(&app.state, 8)
            .await
            .unwrap();
        let names: Vec<&str> = recent.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["lieu-recent", "lieu-ancien"]);
    }
);

/// The main pages, as a visitor and as an instance admin, run as many SQL statements with
/// ten times the data (issue 16, point 7): a page whose statements grow with the rows it
/// shows (N+1) fails here, naming the page and both counts. Counted on PostgreSQL (see
/// `web::sqlcount`: SQLite runs its statements off the request's task).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn main_pages_run_as_many_statements_with_ten_times_the_data() {
    use maillage::places::import;
    let app = TestApp::new(crate::harness::Backend::Postgres).await;
    let db = &app.state.db;
    maillage::demo::load(&app.state).await.unwrap();
    let net = maillage::tenancy::repo::networks(db)
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let riez = maillage::places::repo::by_slug(db, "tiers-lieu-de-riez")
        .await
        .unwrap()
        .unwrap();
    let admin = app.instance_admin("compteur@example.org").await;
    let token = app.token_for(admin).await;
    let browser = app.new_browser();
    app.login_as(&browser, "compteur@example.org").await;
    let anonymous = [
        "/".to_string(),
        "/lieux".into(),
        "/lieux?q=lieu".into(),
        "/carte".into(),
        "/agenda".into(),
        format!("/lieux/{}", riez.slug),
        format!("/lieux/{}/agenda", riez.slug),
        format!("/reseaux/{}", net.slug),
        format!("/reseaux/{}/agenda", net.slug),
        "/projets".into(),
        "/groupes".into(),
        "/api/v1/places".into(),
        "/api/v1/events".into(),
        "/api/v1/events.ics".into(),
        "/api/v1/places.geojson".into(),
        "/api/v1/map".into(),
        "/agenda.ics".into(),
        "/agenda.atom".into(),
        format!("/lieux/{}/agenda.ics", riez.slug),
        format!("/reseaux/{}/agenda.ics", net.slug),
        "/lieux?department=04".into(),
    ];
    let signed_in = [
        "/admin",
        "/admin/lieux",
        "/admin/lieux/moderation",
        "/compte",
        "/mes-inscriptions",
        "/mes-actions",
        "/reservations",
        "/projets/suivi",
        "/documents",
        "/decisions",
        "/api/v1/bookings",
    ];
    async fn count(client: &reqwest::Client, url: String) -> (u16, u32) {
        let res = client.get(&url).send().await.unwrap();
        let n = crate::harness::statements(&res)
            .unwrap_or_else(|| panic!("{url}: no x-sql-statements header"));
        (res.status().as_u16(), n)
    }
    let measure = || async {
        let mut out = Vec::new();
        for u in &anonymous {
            out.push((u.clone(), count(&app.client, app.url(u)).await));
        }
        for u in signed_in {
            out.push((format!("{u} (admin)"), count(&browser, app.url(u)).await));
        }
        out
    };
    let before = measure().await;
    for (url, (status, n)) in &before {
        assert_eq!(*status, 200, "{url}");
        assert!(*n > 0, "{url}: statements are counted");
    }

    // Ten times the data: 300 places in the network, 60 upcoming published events.
    let mut csv = String::from("nom;code_postal;commune;latitude;longitude;typologie\n");
    for i in 0..300 {
        csv.push_str(&format!(
            "Lieu compté {i};04500;Riez;43.8{i:03};6.09;{}\n",
            ["Coworking", "Fablab", "Atelier partagé"][i % 3]
        ));
    }
    let table = import::read(import::Format::Csv, csv.as_bytes()).unwrap();
    let opts = import::Options {
        source: "compte".into(),
        network_id: Some(net.id),
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
    assert_eq!(r.counts().imported, 300, "{}", r.summary_fr());
    for i in 0..60 {
        let place = r.rows[i * 5].place_id.unwrap();
        let day = 1 + i % 28;
        let res = app
            .api_post(
                "/api/v1/events",
                &token,
                json!({"title": format!("Atelier compté {i}"),
                       "starts_at": format!("2031-04-{day:02}T09:30"),
                       "ends_at": format!("2031-04-{day:02}T11:00"),
                       "place_id": if i % 2 == 0 { place } else { riez.id },
                       "network_id": net.id,
                       "status": "published"}),
            )
            .await;
        let status = res.status();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(status, 201, "{body}");
        // The admin registers to each: "mes inscriptions" grows too.
        let res = app
            .api_post(
                &format!("/api/v1/events/{}/registrations", body["id"]),
                &token,
                json!({}),
            )
            .await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    }
    for i in 0..300 {
        maillage::tenancy::repo::insert_organization(
            db,
            &format!("Association comptée {i}"),
            maillage::tenancy::model::OrganizationKind::Association,
            None,
            1,
        )
        .await
        .unwrap();
    }
    app.state.pages.written();
    let after = measure().await;
    let grown: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|((_, (_, a)), (_, (_, b)))| b > a)
        .map(|((url, (_, a)), (_, (_, b)))| format!("{url}: {a} → {b} statements"))
        .collect();
    assert!(
        grown.is_empty(),
        "pages whose statements grow with the data: {grown:#?}"
    );

    // Point 4: no page lists every row of a large table. A network's pages show its first
    // 50 places and link to the directory for the rest; the admin page shows the newest 50
    // organizations and the place forms take a name or SIRET, not a list of them all.
    let page = app
        .get(&format!("/reseaux/{}", net.slug))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        page.matches("<li class=\"card\"><h3><a href=\"/lieux/")
            .count(),
        50
    );
    assert!(
        page.contains("lieux du réseau dans l&#39;annuaire"),
        "{page}"
    );
    assert!(page.contains(&format!("href=\"/lieux?network={}\"", net.slug)));
    let page = browser
        .get(app.url(&format!("/admin/reseaux/{}", net.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        page.matches("<li><a href=\"/admin/lieux/").count(),
        50,
        "{page}"
    );
    assert!(page.contains("id=\"places-more\""));
    assert!(
        !page.contains("<select id=\"organization"),
        "no list of every organization"
    );
    let page = browser
        .get(app.url("/admin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches("Association comptée").count(), 50);
    assert!(page.contains("structures ; les plus récentes"), "{page}");
}

/// A national agenda has thousands of places with upcoming events: past 100 its place filter
/// lists only the chosen department's places, and asks for a department first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agendas_place_filter_narrows_to_a_department_past_a_hundred_places() {
    use maillage::places::import;
    let app = TestApp::new(crate::harness::Backend::Sqlite).await;
    let db = &app.state.db;
    let admin = app.instance_admin("agenda@example.org").await;
    let token = app.token_for(admin).await;
    let mut csv = String::from("nom;code_postal;commune;latitude;longitude\n");
    for i in 0..105 {
        let (cp, city) = if i < 5 {
            ("04500", "Riez")
        } else {
            ("69001", "Lyon")
        };
        csv.push_str(&format!("Lieu {i:03};{cp};{city};45.{i:03};4.8\n"));
    }
    let table = import::read(import::Format::Csv, csv.as_bytes()).unwrap();
    let opts = import::Options {
        source: "agenda".into(),
        network_id: None,
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
    assert_eq!(r.counts().imported, 105, "{}", r.summary_fr());
    for row in &r.rows {
        let res = app
            .api_post(
                "/api/v1/events",
                &token,
                json!({"title": "Atelier", "starts_at": "2031-03-05T09:30",
                       "ends_at": "2031-03-05T11:00", "place_id": row.place_id.unwrap(),
                       "status": "published"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let page = app.get("/agenda").await.text().await.unwrap();
    assert!(!page.contains("id=\"lieu\""), "no list of 105 places");
    assert!(page.contains("choisissez un département"));
    let page = app
        .get("/agenda?departement=04")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"lieu\""));
    assert_eq!(place_options(&page), 5, "the department's five places");
    assert!(page.contains(">Lieu 004</option>") && !page.contains(">Lieu 005</option>"));
}

/// The places the agenda's place filter lists (options with a value).
fn place_options(page: &str) -> usize {
    let start = page.find("id=\"lieu\"").unwrap();
    let end = start + page[start..].find("</select>").unwrap();
    page[start..end].matches("<option value=\"").count()
        - page[start..end].matches("<option value=\"\"").count()
}

/// PostgreSQL's just-in-time compilation is off on the application's connections (it cost a
/// national network's agenda 37–78 ms a request), unless the database URL asks for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_compiles_no_query_just_in_time() {
    let app = TestApp::new(crate::harness::Backend::Postgres).await;
    let maillage::db::Db::Postgres(pool) = &app.state.db else {
        unreachable!()
    };
    for _ in 0..3 {
        let jit: String = sqlx::query_scalar("SHOW jit")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(jit, "off");
    }
}
