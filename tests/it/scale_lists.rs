//! Personal lists that grow with a person's activity are paged (issue 16, point 8): "mes
//! inscriptions" of a frequent participant and "mes réservations" of a daily coworker show 30
//! rows a page, the nearest first, with links to the others; a place's calendar lists the
//! nearest requests waiting for a manager, with their total.

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
        // Requests waiting for a manager: the place's calendar lists the 50 nearest and says
        // how many wait in all (a busy place gathered 479 at national scale, all listed).
        let pend = format!("UPDATE bookings SET status = 'pending' WHERE space_id = {space}");
        maillage::db_run!(db, |p| sqlx::query(&pend).execute(p).await.map(|_| ())).unwrap();
        assert!(booked > 50, "{booked} bookings");
        let cal = page(
            &browser,
            app.url(&format!("/admin/lieux/{place}/reservations")),
        )
        .await;
        assert_eq!(cal.matches("/approuver\"").count(), 50, "{cal}");
        assert!(
            cal.contains(&format!(
                "Les 50 demandes les plus proches sont affichées, sur {booked} en attente"
            )),
            "{cal}"
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

/// Every document the caller may read, across scopes (`GET /api/v1/documents` without a
/// scope): as many statements with documents in twelve scopes as in three (each scope's
/// target — its networks, its group's members, its project's holders — is read for the whole
/// list, not once per scope), and the same documents as the scopes' own lists.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documents_of_every_scope_are_listed_in_a_constant_number_of_statements() {
    let app = TestApp::new(crate::harness::Backend::Postgres).await;
    let db = &app.state.db;
    maillage::demo::load(&app.state).await.unwrap();
    let admin = app.instance_admin("bibliotheque@example.org").await;
    let token = app.token_for(admin).await;
    let places = maillage::tenancy::repo::places_first(db, 6).await.unwrap();
    let groups = maillage::groups::repo::all_groups(db).await.unwrap();
    let projects: Value = app
        .api_get("/api/v1/projects", &token)
        .await
        .json()
        .await
        .unwrap();
    let projects: Vec<i64> = projects
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    let networks = maillage::tenancy::repo::networks(db).await.unwrap();
    assert!(
        places.len() >= 3 && !groups.is_empty() && !projects.is_empty(),
        "{} places, {} groups, {} projects",
        places.len(),
        groups.len(),
        projects.len()
    );
    // First one scope of each kind (and a group of each kind of parent): the statements are
    // counted with these, then with every scope of the demo.
    let mut first: Vec<Value> = vec![
        json!({"place_id": places[0].id}),
        json!({"project_id": projects[0]}),
        json!({"network_id": networks[0].id}),
    ];
    let mut rest: Vec<Value> = Vec::new();
    let mut parents = std::collections::BTreeSet::new();
    for g in &groups {
        let parent = (
            g.network_id.is_some(),
            g.place_id.is_some(),
            g.project_id.is_some(),
        );
        let v = json!({"group_id": g.id});
        if parents.insert(parent) {
            first.push(v);
        } else {
            rest.push(v);
        }
    }
    rest.extend(places.iter().skip(1).map(|p| json!({"place_id": p.id})));
    rest.extend(projects.iter().skip(1).map(|p| json!({"project_id": p})));
    rest.extend(networks.iter().skip(1).map(|n| json!({"network_id": n.id})));
    let few = first.len();
    let scopes: Vec<Value> = first.into_iter().chain(rest).collect();
    assert!(scopes.len() >= 10, "{} scopes in the demo", scopes.len());
    let app = &app;
    let sheet = |scope: Value, i: usize| {
        let token = token.clone();
        async move {
            let mut body = scope.clone();
            // What each kind of scope accepts (a members-only group or a private project
            // holds no public document).
            let visibility = if scope.get("group_id").is_some() {
                ["group", "managers"][i % 2]
            } else if scope.get("project_id").is_some() {
                "managers"
            } else {
                ["public", "managers", "network"][i % 3]
            };
            body["title"] = json!(format!("Fiche comptée {i}"));
            body["body"] = json!("<p>Une fiche.</p>");
            body["visibility"] = json!(visibility);
            let res = app.api_post("/api/v1/documents/sheets", &token, body).await;
            let status = res.status().as_u16();
            assert_eq!(status, 201, "{scope}: {}", res.text().await.unwrap());
        }
    };
    let count = |who: Option<String>| async move {
        let res = match &who {
            Some(t) => app.api_get("/api/v1/documents?q=comptee", t).await,
            None => app.get("/api/v1/documents?q=comptee").await,
        };
        assert_eq!(res.status(), 200);
        let n: u32 = res.headers()["x-sql-statements"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let body: Value = res.json().await.unwrap();
        let mut ids: Vec<i64> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_i64().unwrap())
            .collect();
        ids.sort();
        (n, ids)
    };
    // A signed-in person with no role.
    let member = app.user("lectrice@example.org", "Lectrice").await;
    let member_token = app.token_for(member).await;
    for (i, s) in scopes.iter().take(few).enumerate() {
        sheet(s.clone(), i).await;
    }
    let (few_anon, _) = count(None).await;
    let (few_member, _) = count(Some(member_token.clone())).await;
    let (few_admin, few_docs) = count(Some(token.clone())).await;
    assert_eq!(few_docs.len(), few);
    for (i, s) in scopes.iter().enumerate().skip(few) {
        sheet(s.clone(), i).await;
    }
    let (many_anon, anon_docs) = count(None).await;
    let (many_member, _) = count(Some(member_token.clone())).await;
    let (many_admin, all_docs) = count(Some(token.clone())).await;
    assert_eq!(
        all_docs.len(),
        scopes.len(),
        "the admin reads every document"
    );
    assert_eq!(
        (few_anon, few_member, few_admin),
        (many_anon, many_member, many_admin),
        "statements with {few} scopes, then with {}",
        scopes.len()
    );
    // The same documents as the union of each scope's own list (read one scope at a time,
    // each through its own target), for a visitor and for a signed-in stranger.
    for who in [None, Some(member_token.clone())] {
        let (_, listed) = count(who.clone()).await;
        let mut union = Vec::new();
        for s in &scopes {
            let (key, id) = s.as_object().unwrap().iter().next().unwrap();
            let url = format!("/api/v1/documents?{key}={id}&q=comptee");
            let res = match &who {
                Some(t) => app.api_get(&url, t).await,
                None => app.get(&url).await,
            };
            let body: Value = res.json().await.unwrap();
            union.extend(
                body.as_array()
                    .unwrap()
                    .iter()
                    .map(|d| d["id"].as_i64().unwrap()),
            );
        }
        union.sort();
        assert_eq!(listed, union, "{who:?}: what each scope shows them");
    }
    assert!(
        anon_docs.len() < all_docs.len(),
        "some documents are not public"
    );
}

/// A big place's administration page lists its role holders a page at a time (a tiers-lieu of
/// a national network has thousands of members: the page was 720 KB): its managers first,
/// then members by name, 50 a page, with their number; as many statements with 60 holders as
/// with 3.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_places_role_holders_are_listed_a_page_at_a_time() {
    use maillage::accounts::model::RoleKind;
    let app = TestApp::new(crate::harness::Backend::Postgres).await;
    let db = &app.state.db;
    let place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Grand lieu",
            slug: "grand-lieu",
            description: "",
            city: "Lyon",
            organization_id: None,
            network_id: None,
            now: 0,
        },
    )
    .await
    .unwrap()
    .id;
    let admin = app.instance_admin("roles@example.org").await;
    let browser = app.new_browser();
    app.login_as(&browser, "roles@example.org").await;
    let add = |i: usize, kind: RoleKind| async move {
        let u = maillage::accounts::repo::insert_user(
            db,
            &format!("personne{i}@example.org"),
            &format!("Personne {i:03}"),
            "x",
            Some(0),
            0,
        )
        .await
        .unwrap()
        .unwrap();
        maillage::accounts::repo::grant_role(db, u, kind, None, Some(place.get()), 0)
            .await
            .unwrap();
    };
    let view = |page: u32| {
        let browser = browser.clone();
        let url = app.url(&format!("/admin/lieux/{place}?page={page}"));
        async move {
            let res = browser.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let n: u32 = res.headers()["x-sql-statements"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            (n, res.text().await.unwrap())
        }
    };
    add(0, RoleKind::Member).await;
    add(1, RoleKind::Member).await;
    add(2, RoleKind::PlaceManager).await;
    let (few, _) = view(1).await;
    for i in 3..60 {
        add(i, RoleKind::Member).await;
    }
    add(99, RoleKind::PlaceManager).await;
    let (many, first) = view(1).await;
    assert_eq!(few, many, "statements with 3 holders, then with 61");
    let rows = |page: &str| page.matches("/supprimer\"").count();
    assert_eq!(rows(&first), 50, "50 holders a page");
    assert!(first.contains("(61)"), "the number of holders");
    let manager = first
        .find("Personne 099")
        .expect("the second manager on page 1");
    let member = first.find("Personne 000").expect("members follow");
    assert!(manager < member, "managers first");
    assert!(first.contains("page=2"), "a link to page 2");
    let (_, second) = view(2).await;
    assert_eq!(rows(&second), 11);
    let _ = admin;
}

/// The booking form of a space offers its place's members in a list while they are few; a
/// big place (thousands of members: 228 KB of names per page) asks for the member's address
/// instead (the field the form always had: booking by address is tested in `hardening_scope`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_places_booking_form_never_lists_its_members() {
    use maillage::accounts::model::RoleKind;
    let app = TestApp::new(crate::harness::Backend::Postgres).await;
    let db = &app.state.db;
    maillage::demo::load(&app.state).await.unwrap();
    let riez = maillage::places::repo::by_slug(db, "tiers-lieu-de-riez")
        .await
        .unwrap()
        .unwrap();
    let space = maillage::bookings::repo::spaces_of_place(db, riez.id)
        .await
        .unwrap()
        .into_iter()
        .next()
        .unwrap();
    let gerant = app.user("gerante@example.org", "Gérante").await;
    maillage::accounts::repo::grant_role(
        db,
        gerant,
        RoleKind::PlaceManager,
        None,
        Some(riez.id.get()),
        0,
    )
    .await
    .unwrap();
    let manager = app.new_browser();
    app.login_as(&manager, "gerante@example.org").await;
    let page = || async {
        let res = manager
            .get(app.url(&format!("/espaces/{}", space.id)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.text().await.unwrap()
    };
    let add = |i: usize| async move {
        let u = maillage::accounts::repo::insert_user(
            db,
            &format!("membre{i}@example.org"),
            &format!("Membre {i:02}"),
            "x",
            Some(0),
            0,
        )
        .await
        .unwrap()
        .unwrap();
        maillage::accounts::repo::grant_role(db, u, RoleKind::Member, None, Some(riez.id.get()), 0)
            .await
            .unwrap();
    };
    for i in 0..3 {
        add(i).await;
    }
    // Few or many, the form has a field to type a name or an address, suggested by the
    // managers-only search (`GET /api/v1/places/{id}/members`): it never lists the members.
    let small = page().await;
    assert!(small.contains("id=\"b-member\""), "the member field");
    assert!(!small.contains("Membre 01"), "no member's name");
    for i in 3..55 {
        add(i).await;
    }
    let big = page().await;
    assert!(big.contains("id=\"b-member\""), "the member field");
    assert!(!big.contains("Membre 07"), "no member's name");
}

/// The directory's department filter (read across the whole table) is cached like the
/// directory (issue 16: every uncached directory page read it, 82 ms among 50 000 places):
/// a place published on another node adds its department within a second or so, and on this
/// node at once; signed-in pages, which the page cache does not serve, show it too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directorys_departments_follow_a_change_made_on_another_node() {
    for backend in [
        crate::harness::Backend::Sqlite,
        crate::harness::Backend::Postgres,
    ] {
        let a = TestApp::new(backend).await;
        let b = TestApp::on(backend, a.db.clone(), |_| {}).await;
        let admin = a.instance_admin("departements@example.org").await;
        let token = a.token_for(admin).await;
        let browser = a.new_browser();
        a.login_as(&browser, "departements@example.org").await;
        async fn create(app: &TestApp, token: &str, name: &str, cp: &str) -> u16 {
            let body = json!({"name": name, "address": "1 rue", "postal_code": cp,
                              "city": "Ville", "latitude": 46.0, "longitude": 2.0});
            app.api_post("/api/v1/places", token, body)
                .await
                .status()
                .as_u16()
        }
        let offered = |html: &str, d: &str| html.contains(&format!("<option value=\"{d}\""));
        let page = || async {
            browser
                .get(a.url("/lieux?q=lieu"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        };
        assert_eq!(create(&a, &token, "Lieu de Riez", "04500").await, 201);
        let html = page().await;
        assert!(offered(&html, "04") && !offered(&html, "29"), "{backend:?}");
        assert_eq!(create(&b, &token, "Lieu de Brest", "29200").await, 201);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        loop {
            if offered(&page().await, "29") {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{backend:?}: the other node's place never showed"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(create(&a, &token, "Lieu de Lyon", "69001").await, 201);
        assert!(
            offered(&page().await, "69"),
            "{backend:?}: at once on this node"
        );
    }
}
