//! Personal lists that grow with a person's activity are paged (issue 16, point 8): "mes
//! inscriptions" of a frequent participant and "mes réservations" of a daily coworker show 30
//! rows a page, the nearest first, with links to the others.

use chrono::{Duration, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;

/// A Paris wall-clock time `days` days from today, as RFC 3339 (UTC).
fn at(days: i64, h: u32) -> String {
    let d = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days);
    Paris
        .from_local_datetime(&d.and_hms_opt(h, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn page(browser: &reqwest::Client, url: String) -> String {
    let res = browser.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    res.text().await.unwrap()
}

both!(
    mes_inscriptions_and_mes_reservations_are_paged,
    |app: TestApp| async move {
        let db = &app.state.db;
        let place = maillage::places::repo::insert_place(
            db,
            maillage::places::repo::NewPlace {
                name: "Tiers-lieu de Riez",
                slug: "riez",
                description: "",
                city: "Riez",
                organization_id: None,
                network_id: None,
                now: 0,
            },
        )
        .await
        .unwrap()
        .id;
        let me = app.instance_admin("frequent@example.org").await;
        let token = app.token_for(me).await;
        let browser = app.new_browser();
        app.login_as(&browser, "frequent@example.org").await;

        // 35 workshops, one a day, each with a registration.
        for i in 0..35 {
            let res = app
                .api_post(
                    "/api/v1/events",
                    &token,
                    json!({"title": format!("Atelier n° {i:02}"), "starts_at": at(i + 1, 9),
                           "ends_at": at(i + 1, 11), "place_id": place, "status": "published"}),
                )
                .await;
            assert_eq!(res.status(), 201);
            let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
            let res = app
                .api_post(
                    &format!("/api/v1/events/{id}/registrations"),
                    &token,
                    json!({}),
                )
                .await;
            assert!(res.status().is_success());
        }
        let first = page(&browser, app.url("/mes-inscriptions")).await;
        assert_eq!(first.matches("/annuler\">").count(), 30, "{first}");
        assert!(first.contains("Atelier n° 00") && first.contains("Atelier n° 29"));
        assert!(!first.contains("Atelier n° 30"));
        assert!(first.contains("35 inscriptions à venir"), "{first}");
        assert!(first.contains("href=\"/mes-inscriptions?page=2\""));
        let second = page(&browser, app.url("/mes-inscriptions?page=2")).await;
        assert_eq!(second.matches("/annuler\">").count(), 5);
        assert!(second.contains("Atelier n° 34") && !second.contains("Atelier n° 29"));
        assert!(second.contains("aria-current=\"page\">2<"));
        // A page past the end, or not a number: a list, never an error.
        let past = page(&browser, app.url("/mes-inscriptions?page=9")).await;
        assert_eq!(past.matches("/annuler\">").count(), 0);
        assert!(
            !past.contains("Vous n&#39;êtes inscrit"),
            "not the empty-state text"
        );
        page(&browser, app.url("/mes-inscriptions?page=abc")).await;

        // Bookings: four one-hour slots a day over two weeks, as many as the space accepts.
        let res = app
            .api_post(
                &format!("/api/v1/places/{place}/spaces"),
                &token,
                json!({"name": "Salon de coworking", "kind": "coworking", "capacity": 4,
                       "mode": "seat", "unit": "hour", "min_units": 1, "max_units": 6}),
            )
            .await;
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
        let space = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let mut booked = 0;
        for day in 1..15 {
            for h in [9, 10, 11, 14] {
                let res = app
                    .api_post(
                        &format!("/api/v1/spaces/{space}/bookings"),
                        &token,
                        json!({"starts_at": at(day, h), "ends_at": at(day, h + 1), "seats": 1}),
                    )
                    .await;
                if res.status() == 201 {
                    booked += 1;
                }
            }
        }
        assert!(booked > 30, "{booked} bookings");
        let first = page(&browser, app.url("/reservations")).await;
        assert_eq!(
            first.matches("<li class=\"card\" id=\"booking-").count(),
            30
        );
        assert!(
            first.contains(&format!("{booked} réservations à venir")),
            "{first}"
        );
        let second = page(&browser, app.url("/reservations?page=2")).await;
        assert_eq!(
            second.matches("<li class=\"card\" id=\"booking-").count(),
            booked - 30
        );
    }
);

both!(
    the_moderation_queue_is_paged_and_finds_duplicates_in_one_pass,
    |app: TestApp| async move {
        use maillage::places::repo::{insert_place, NewPlace};
        let db = &app.state.db;
        let net = maillage::tenancy::repo::insert_network(db, "Réseau Sud", "sud", "", 0)
            .await
            .unwrap()
            .id;
        let other = maillage::tenancy::repo::insert_network(db, "Réseau Nord", "nord", "", 0)
            .await
            .unwrap()
            .id;
        let add = |name: String, network, now| {
            let slug = slug::slugify(&name);
            async move {
                insert_place(
                    db,
                    NewPlace {
                        name: &name,
                        slug: &slug,
                        description: "",
                        city: "Riez",
                        organization_id: None,
                        network_id: Some(network),
                        now,
                    },
                )
                .await
                .unwrap()
                .id
            }
        };
        // A published place, and 25 proposed ones in the network: the first has its name and
        // stands 300 m away (a likely duplicate); 2 more wait in another network.
        let published = add("Fab lab de Riez".into(), net, 1).await;
        let mut pending = vec![add("Fab Lab de Riez".into(), net, 2).await];
        for i in 1..25 {
            pending.push(add(format!("Lieu proposé {i:02}"), net, 2 + i).await);
        }
        for i in 0..2 {
            pending.push(add(format!("Lieu du nord {i}"), other, 100 + i).await);
        }
        let exec = |sql: String| async move {
            match db {
                maillage::db::Db::Sqlite(p) => {
                    sqlx::query(&sql).execute(p).await.unwrap();
                }
                maillage::db::Db::Postgres(p) => {
                    sqlx::query(&sql).execute(p).await.unwrap();
                }
            }
        };
        exec(format!(
            "UPDATE places SET latitude = 43.8, longitude = 6.09 WHERE id = {published}"
        ))
        .await;
        exec(format!(
            "UPDATE places SET latitude = 43.8027, longitude = 6.09 WHERE id = {}",
            pending[0]
        ))
        .await;
        let ids: Vec<String> = pending.iter().map(|i| i.to_string()).collect();
        exec(format!(
            "UPDATE places SET moderation = 'pending' WHERE id IN ({})",
            ids.join(", ")
        ))
        .await;

        let animator = app.user("animatrice@example.org", "Inès").await;
        maillage::accounts::repo::grant_role(
            db,
            animator,
            maillage::auth::RoleKind::NetworkAdmin,
            Some(net.get()),
            None,
            0,
        )
        .await
        .unwrap();
        let browser = app.new_browser();
        app.login_as(&browser, "animatrice@example.org").await;
        let first = page(&browser, app.url("/admin/lieux/moderation")).await;
        let items = |html: &str| {
            html.matches("id=\"pending-").count() - html.matches("id=\"pending-total").count()
        };
        assert_eq!(items(&first), 20, "{first}");
        assert!(first.contains("25 lieux attendent une décision"), "{first}");
        assert!(first.contains("Lieu proposé 19") && !first.contains("Lieu proposé 20"));
        assert!(!first.contains("Lieu du nord"), "another network's queue");
        // The likely duplicate, named beside the proposed place.
        let dup = first
            .split("id=\"pending-")
            .find(|s| s.contains("Fab Lab de Riez"))
            .unwrap();
        assert!(dup.contains("href=\"/lieux/fab-lab-de-riez\""), "{dup}");
        let second = page(&browser, app.url("/admin/lieux/moderation?page=2")).await;
        assert_eq!(items(&second), 5);
        assert!(second.contains("Lieu proposé 24"));
    }
);

both!(
    the_agenda_is_paged_and_keeps_its_filters,
    |app: TestApp| async move {
        let db = &app.state.db;
        let place = maillage::places::repo::insert_place(
            db,
            maillage::places::repo::NewPlace {
                name: "Fab lab",
                slug: "fab-lab",
                description: "",
                city: "Forcalquier",
                organization_id: None,
                network_id: None,
                now: 0,
            },
        )
        .await
        .unwrap()
        .id;
        let admin = app.instance_admin("agenda@example.org").await;
        let token = app.token_for(admin).await;
        for i in 0..45 {
            let res = app
                .api_post(
                    "/api/v1/events",
                    &token,
                    json!({"title": format!("Atelier n° {i:02}"), "kind": "atelier",
                           "starts_at": at(i / 3 + 1, 9 + (i % 3) as u32),
                           "ends_at": at(i / 3 + 1, 10 + (i % 3) as u32),
                           "place_id": place, "status": "published"}),
                )
                .await;
            assert_eq!(res.status(), 201);
        }
        let cards = |html: &str| html.matches("class=\"card event-card").count();
        let first = app.get("/agenda?kind=atelier").await.text().await.unwrap();
        assert_eq!(cards(&first), 40);
        assert!(first.contains("Atelier n° 39") && !first.contains("Atelier n° 40"));
        assert!(
            first.contains("href=\"/agenda?kind=atelier&#38;page=2\" rel=\"next\""),
            "{first}"
        );
        assert!(!first.contains("rel=\"prev\""));
        let second = app
            .get("/agenda?kind=atelier&page=2")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(cards(&second), 5);
        assert!(second.contains("Atelier n° 44"));
        assert!(second.contains("href=\"/agenda?kind=atelier&#38;page=1\" rel=\"prev\""));
        assert!(!second.contains("rel=\"next\""));
        // The API reads the same pages with `offset`.
        let res = app.get("/api/v1/events?limit=20&offset=40").await;
        let body: Value = res.json().await.unwrap();
        let titles: Vec<&str> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap())
            .collect();
        assert_eq!(titles.first(), Some(&"Atelier n° 40"));
        assert_eq!(titles.len(), 5);
    }
);

/// The agendas' filters are cached (issue 16, point 6), validated like the directory's pages:
/// a write on this node shows at once, a write on another node within a second or so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agenda_filters_follow_a_change_made_on_another_node() {
    for backend in [
        crate::harness::Backend::Sqlite,
        crate::harness::Backend::Postgres,
    ] {
        let a = TestApp::new(backend).await;
        let b = TestApp::on(backend, a.db.clone(), |_| {}).await;
        let db = &a.state.db;
        let mut places = Vec::new();
        for name in ["Lieu ancien", "Lieu nouveau", "Lieu local"] {
            places.push(
                maillage::places::repo::insert_place(
                    db,
                    maillage::places::repo::NewPlace {
                        name,
                        slug: &slug::slugify(name),
                        description: "",
                        city: "Riez",
                        organization_id: None,
                        network_id: None,
                        now: 0,
                    },
                )
                .await
                .unwrap()
                .id,
            );
        }
        let admin = a.instance_admin("noeuds@example.org").await;
        let token = a.token_for(admin).await;
        async fn create(
            app: &TestApp,
            token: &str,
            place: maillage::ids::PlaceId,
        ) -> reqwest::Response {
            app.api_post(
                "/api/v1/events",
                token,
                json!({"title": "Atelier", "starts_at": at(3, 9), "ends_at": at(3, 11),
                       "place_id": place, "status": "published"}),
            )
            .await
        }
        assert_eq!(create(&a, &token, places[0]).await.status(), 201);
        let offered = |html: &str, id: maillage::ids::PlaceId| {
            html.contains(&format!("<option value=\"{id}\""))
        };
        let page = a.get("/agenda").await.text().await.unwrap();
        assert!(offered(&page, places[0]) && !offered(&page, places[1]));
        let read = std::time::Instant::now();
        // Another node adds an event in a place not offered yet.
        assert_eq!(create(&b, &token, places[1]).await.status(), 201);
        let page = a.get("/agenda").await.text().await.unwrap();
        if read.elapsed() < std::time::Duration::from_millis(900) {
            assert!(
                !offered(&page, places[1]),
                "served from this node's cache within the second"
            );
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        loop {
            let page = a.get("/agenda").await.text().await.unwrap();
            if offered(&page, places[1]) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{backend:?}: the other node's change never showed"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        // A write through this node shows at once.
        assert_eq!(create(&a, &token, places[2]).await.status(), 201);
        let page = a.get("/agenda").await.text().await.unwrap();
        assert!(offered(&page, places[2]), "{backend:?}");
    }
}

/// A group's meetings in the API: as many statements with eight meetings as with two (each
/// meeting's agenda, attendees, decisions and action items are read for the whole list).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_groups_meetings_are_listed_in_a_constant_number_of_statements() {
    let app = TestApp::new(crate::harness::Backend::Postgres).await;
    let db = &app.state.db;
    maillage::demo::load(&app.state).await.unwrap();
    let g = maillage::groups::repo::all_groups(db)
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let admin = app.instance_admin("reunions@example.org").await;
    let token = app.token_for(admin).await;
    let count = || async {
        let res = app
            .api_get(&format!("/api/v1/groups/{}/meetings", g.id), &token)
            .await;
        assert_eq!(res.status(), 200);
        let n: u32 = res.headers()["x-sql-statements"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let body: Value = res.json().await.unwrap();
        (n, body.as_array().unwrap().len())
    };
    let add = |i: i64| {
        let agenda = vec!["Accueil".to_string(), "Point d'étape".to_string()];
        async move {
            maillage::groups::repo::insert_meeting(
                db,
                maillage::groups::repo::NewMeeting {
                    group_id: g.id,
                    title: &format!("Réunion n° {i}"),
                    starts_at: 2_000_000_000_000 + i * 86_400_000,
                    ends_at: 2_000_000_000_000 + i * 86_400_000 + 7_200_000,
                    room: "Salle",
                    online_url: "",
                    minutes: "<p>Compte rendu</p>",
                    minutes_visibility: maillage::groups::model::MinutesVisibility::Public,
                    agenda: &agenda,
                    from_slot: false,
                    space_id: None,
                    booking_id: None,
                    now: 0,
                },
            )
            .await
            .unwrap();
        }
    };
    for i in 0..2 {
        add(i).await;
    }
    let (few, n_few) = count().await;
    for i in 2..8 {
        add(i).await;
    }
    let (many, n_many) = count().await;
    assert_eq!(n_many, n_few + 6);
    assert_eq!(
        few, many,
        "{n_few} meetings: {few} statements; {n_many}: {many}"
    );
}
