//! Places: real imports on both backends, search, filters, API with moderation, exports
//! checked by the external validators, pages and their headers.

use std::path::PathBuf;

use maillage::accounts::model::RoleKind;
use maillage::accounts::repo as accounts;
use maillage::ids::{NetworkId, PlaceId};
use maillage::media::PhotoOwner;
use maillage::places::import::{self, Format, Mapping, Outcome};
use maillage::places::model::PlaceModeration;
use maillage::places::repo::{self, Filters};
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{jpeg_with_exif, location, photo_form, png, TestApp};

fn shared(path: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        root.join("../shared").join(path),
        PathBuf::from("/work/shared").join(path),
    ];
    candidates
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{path} not found next to the repository"))
}

async fn import_file(app: &TestApp, file: &str, format: Format, source: &str) -> import::Report {
    let bytes = std::fs::read(shared(file)).unwrap();
    let table = import::read(format, &bytes).unwrap();
    let mapping = Mapping::guess(&table);
    let opts = import::Options {
        source: source.into(),
        network_id: None,
        scope: maillage::places::repo::MatchScope::Any,
        user_id: None,
        batch: 500,
    };
    import::run(&app.state.db, &table, &mapping, &opts, 1_000, |_| {})
        .await
        .unwrap()
}

both!(
    real_cget_files_import_with_every_place_on_the_map,
    |app: TestApp| async move {
        let db = &app.state.db;
        let report = import_file(
            &app,
            "data/places/cget_tierslieux_2019.csv",
            Format::Csv,
            "cget_tierslieux_2019",
        )
        .await;
        assert_eq!(report.rows.len(), 1512, "every row reported");
        assert_eq!(
            report.count(Outcome::Imported),
            1512,
            "{}",
            report.summary_fr()
        );
        // Postcodes "0" are reported and not stored.
        let zero: Vec<_> = report
            .rows
            .iter()
            .filter(|r| {
                r.messages
                    .iter()
                    .any(|m| m.starts_with("Code postal « 0 »"))
            })
            .collect();
        assert!(zero.len() >= 100, "postcode 0 reported ({})", zero.len());
        let id = zero[0].place_id.unwrap();
        let stored = repo::by_id(db, id).await.unwrap().unwrap();
        assert_eq!(stored.postal_code, "", "a bad postcode is never stored");
        // Every place is on the map.
        let all = Filters::default();
        assert_eq!(repo::count(db, &all).await.unwrap(), 1512);
        assert_eq!(repo::points(db, &all).await.unwrap().len(), 1512);
        // Typologies recognised from the field's wording.
        let fablabs = Filters {
            typology: "fablab".into(),
            ..Default::default()
        };
        assert_eq!(repo::count(db, &fablabs).await.unwrap(), 345);
        // Department and region derived from the INSEE code.
        let nantes = repo::list(
            db,
            &Filters {
                q: "ADE Coworking".into(),
                ..Default::default()
            },
            10,
            0,
        )
        .await
        .unwrap();
        assert_eq!(nantes[0].department, "44");
        assert_eq!(nantes[0].region, "52");
        assert_eq!(nantes[0].website, "https://www.ade-coworking.net");

        // The GeoJSON of the same source updates instead of duplicating.
        let again = import_file(
            &app,
            "data/places/cget_tierslieux_2019.geojson",
            Format::Geojson,
            "cget_tierslieux_2019",
        )
        .await;
        assert_eq!(again.rows.len(), 1512);
        assert_eq!(again.count(Outcome::Imported), 0, "{}", again.summary_fr());
        assert_eq!(repo::count(db, &all).await.unwrap(), 1512);
        assert_eq!(repo::points(db, &all).await.unwrap().len(), 1512);

        // The map endpoint aggregates France-wide and gives points in a small viewport.
        let fc: Value = app.get("/api/v1/map").await.json().await.unwrap();
        assert!(fc["features"][0]["properties"]["cluster"]
            .as_bool()
            .unwrap());
        let total: u64 = fc["features"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["properties"]["count"].as_u64().unwrap())
            .sum();
        assert_eq!(total, 1512);
        assert_eq!(fc["total"], 1512);
        // A viewport with more points than the map shows: the database counts them per cell
        // (repo::point_cells); every point of the viewport is in one cluster, each cluster at
        // the centre of its points, inside the viewport, at most one per cell of the 40 × 30
        // grid.
        let france = Filters {
            bbox: maillage::places::model::BBox::parse("-5.6,41.3,9.8,51.2"),
            ..Default::default()
        };
        let in_view = repo::points(db, &france).await.unwrap();
        assert!(
            in_view.len() > 1500 && in_view.len() < 1512,
            "{}",
            in_view.len()
        );
        let fc: Value = app
            .get("/api/v1/map?bbox=-5.6,41.3,9.8,51.2")
            .await
            .json()
            .await
            .unwrap();
        let clusters = fc["features"].as_array().unwrap();
        assert!(clusters.len() > 10 && clusters.len() <= 1200, "{fc}");
        let mut counted = 0;
        let mut last = u64::MAX;
        for c in clusters {
            assert!(c["properties"]["cluster"].as_bool().unwrap());
            let n = c["properties"]["count"].as_u64().unwrap();
            assert!(n > 0 && n <= last, "largest first: {fc}");
            last = n;
            counted += n;
            let [lon, lat] = [0, 1].map(|i| c["geometry"]["coordinates"][i].as_f64().unwrap());
            assert!(
                (-5.6..=9.8).contains(&lon) && (41.3..=51.2).contains(&lat),
                "{c}"
            );
        }
        assert_eq!(counted as usize, in_view.len());
        assert_eq!(fc["total"].as_u64().unwrap() as usize, in_view.len());
        // The biggest cluster is where its points are: the mean of the points of its cell.
        let (w, s) = (-5.6, 41.3);
        let (cw, ch) = ((9.8 - w) / 40.0, (51.2 - s) / 30.0);
        let biggest = &clusters[0]["geometry"]["coordinates"];
        let cell = |lat: f64, lon: f64| {
            (
                (((lon - w) / cw).floor() as i64).clamp(0, 39),
                (((lat - s) / ch).floor() as i64).clamp(0, 29),
            )
        };
        let target = cell(biggest[1].as_f64().unwrap(), biggest[0].as_f64().unwrap());
        let mine: Vec<_> = in_view
            .iter()
            .filter(|(_, lat, lon)| cell(*lat, *lon) == target)
            .collect();
        assert_eq!(
            mine.len() as u64,
            clusters[0]["properties"]["count"].as_u64().unwrap()
        );
        let mean_lat = mine.iter().map(|p| p.1).sum::<f64>() / mine.len() as f64;
        assert!((mean_lat - biggest[1].as_f64().unwrap()).abs() < 1e-4);
        let res = app.get("/api/v1/map?bbox=-1.6,47.15,-1.45,47.3").await;
        let body = res.bytes().await.unwrap();
        assert!(body.len() < 200 * 1024);
        let fc: Value = serde_json::from_slice(&body).unwrap();
        let features = fc["features"].as_array().unwrap();
        assert!(features
            .iter()
            .any(|f| f["properties"]["name"] == "ADE Coworking"));
        // Every point of the viewport, each with its label, inside the box, sorted by name.
        let in_box = Filters {
            bbox: maillage::places::model::BBox::parse("-1.6,47.15,-1.45,47.3"),
            ..Default::default()
        };
        assert_eq!(
            features.len(),
            repo::points(db, &in_box).await.unwrap().len()
        );
        let names: Vec<&str> = features
            .iter()
            .map(|f| f["properties"]["name"].as_str().unwrap())
            .collect();
        assert!(names.windows(2).all(|w| w[0] <= w[1]), "{names:?}");
        for f in features {
            let c = &f["geometry"]["coordinates"];
            let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
            assert!(
                (-1.6..=-1.45).contains(&lon) && (47.15..=47.3).contains(&lat),
                "{f}"
            );
            assert!(!f["properties"]["slug"].as_str().unwrap().is_empty(), "{f}");
            assert!(f["properties"]["city"].is_string(), "{f}");
        }
    }
);

both!(
    csv_any_delimiter_latin1_and_row_report,
    |app: TestApp| async move {
        let bytes = b"Nom;Adresse;CP;Ville;Latitude;Longitude;Telephone;Horaires\n\
T\xe9l\xe9centre du M\xe9doc;1 rue du Port;33340;Lesparre-M\xe9doc;45,3126;-0,9372;05 56 12 34 56;Mo-Fr 09:00-18:00\n\
;rue sans nom;33000;Bordeaux;;;;\n\
Atelier partag\xe9;2 place;0;Pauillac;91;-0.7;123;\n";
        let table = import::read(Format::Csv, bytes).unwrap();
        let m = Mapping::guess(&table);
        let opts = import::Options {
            source: "test".into(),
            network_id: None,
            scope: maillage::places::repo::MatchScope::Any,
            user_id: None,
            batch: 2,
        };
        let r = import::run(&app.state.db, &table, &m, &opts, 5, |_| {})
            .await
            .unwrap();
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.rows[0].outcome, Outcome::Imported);
        assert!(r.rows[0].messages.is_empty(), "{:?}", r.rows[0].messages);
        assert_eq!(r.rows[1].outcome, Outcome::Skipped);
        assert_eq!(r.rows[1].line, 3);
        assert_eq!(r.rows[2].outcome, Outcome::Imported);
        let msgs = r.rows[2].messages.join(" | ");
        assert!(msgs.contains("Code postal « 0 »"), "{msgs}");
        assert!(msgs.contains("Latitude « 91 »"), "{msgs}");
        assert!(msgs.contains("Téléphone « 123 »"), "{msgs}");
        let p = repo::by_id(&app.state.db, r.rows[0].place_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(p.name, "Télécentre du Médoc");
        assert_eq!(p.phone, "+33556123456");
        assert_eq!(p.latitude, Some(45.3126));
        let bad = repo::by_id(&app.state.db, r.rows[2].place_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (bad.postal_code.as_str(), bad.latitude, bad.phone.as_str()),
            ("", None, "")
        );
        // Re-import: same source, same rows: nothing new.
        let again = import::run(&app.state.db, &table, &m, &opts, 6, |_| {})
            .await
            .unwrap();
        assert_eq!(again.count(Outcome::Imported), 0);
        assert_eq!(again.count(Outcome::Unchanged), 2);
    }
);

async fn seed(app: &TestApp) -> (NetworkId, String) {
    let net = tenancy::insert_network(&app.state.db, "Réseau Médoc", "reseau-medoc", "", 0)
        .await
        .unwrap();
    let admin = app.user("admin@example.org", "Admin Médoc").await;
    accounts::grant_role(
        &app.state.db,
        admin,
        RoleKind::NetworkAdmin,
        Some(net.id.get()),
        None,
        0,
    )
    .await
    .unwrap();
    let token = app.token_for(admin).await;
    for (name, city, cp, typ) in [
        (
            "Télécentre de Lesparre",
            "Lesparre-Médoc",
            "33340",
            "teletravail",
        ),
        (
            "Les Ateliers du Port",
            "Pauillac",
            "33250",
            "atelier-partage",
        ),
        ("Fablab des Landes", "Mont-de-Marsan", "40000", "fablab"),
    ] {
        let r = app
            .api_post(
                "/api/v1/places",
                &token,
                json!({"name": name, "address": "1 rue", "postal_code": cp, "city": city,
                       "latitude": 44.9, "longitude": -0.5, "typologies": [typ], "network_id": net.id}),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    (net.id, token)
}

async fn names(app: &TestApp, query: &str) -> Vec<String> {
    let page: Value = app
        .get(&format!("/api/v1/places?{query}"))
        .await
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{page}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

both!(
    search_pages_agree_whichever_way_they_are_read,
    |app: TestApp| async move {
        // 2 100 places named "… Fabrique …" (more than the 2 000 matches under which a SQLite
        // search reads its FTS index instead of walking the names), 21 of them "Zèbre", one of
        // those unpublished: `page` (the way the pages and the API read) and `list` + `count`
        // (the walk, on both engines) must give the same pages.
        let db = &app.state.db;
        let mut csv = String::from("id;nom;code_postal;commune\n");
        for i in 0..2100 {
            let first = if i % 100 == 0 {
                "Zèbre"
            } else {
                ["Atelier", "Café", "Ressourcerie"][i % 3]
            };
            csv.push_str(&format!(
                "f-{i};{first} Fabrique n°{i};33340;Lesparre-Médoc\n"
            ));
        }
        let table = import::read(Format::Csv, csv.as_bytes()).unwrap();
        let opts = import::Options {
            source: "fabriques".into(),
            network_id: None,
            scope: maillage::places::repo::MatchScope::Any,
            user_id: None,
            batch: 700,
        };
        let report = import::run(db, &table, &Mapping::guess(&table), &opts, 9, |_| {})
            .await
            .unwrap();
        assert_eq!(
            report.count(Outcome::Imported),
            2100,
            "{}",
            report.summary_fr()
        );
        maillage::db_run!(db, |p| sqlx::query(
            "UPDATE places SET moderation = 'pending' WHERE name = 'Zèbre Fabrique n°0'"
        )
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
        for (q, total) in [
            ("fabriques", 2099),
            ("zebre", 20),
            ("ZÈBRES fabrique", 20),
            ("girafe", 0),
        ] {
            let f = Filters {
                q: q.into(),
                ..Default::default()
            };
            for offset in [0, 20, 2080] {
                let (rows, n) = repo::page(db, &f, 20, offset).await.unwrap();
                assert_eq!(n, total, "{q}");
                assert_eq!(repo::count(db, &f).await.unwrap(), total, "{q}");
                let walked = repo::list(db, &f, 20, offset).await.unwrap();
                let names =
                    |r: &[repo::PlaceRow]| r.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
                assert_eq!(names(&rows), names(&walked), "{q} from {offset}");
                let expected = (total - offset).clamp(0, 20) as usize;
                assert_eq!(rows.len(), expected, "{q} from {offset}");
                assert!(rows
                    .iter()
                    .all(|p| p.moderation == PlaceModeration::Published
                        && p.name != "Zèbre Fabrique n°0"));
            }
        }
        // The API answers the same page and total.
        let body: Value = app
            .get("/api/v1/places?q=zebre&per_page=5")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["total"], 20);
        assert_eq!(body["items"].as_array().unwrap().len(), 5);
    }
);

both!(
    search_ignores_accents_case_and_plurals,
    |app: TestApp| async move {
        seed(&app).await;
        assert_eq!(
            names(&app, "q=telecentre").await,
            ["Télécentre de Lesparre"]
        );
        assert_eq!(
            names(&app, "q=TELECENTRES").await,
            ["Télécentre de Lesparre"]
        );
        assert_eq!(names(&app, "q=atelier").await, ["Les Ateliers du Port"]);
        assert_eq!(
            names(&app, "q=lesparre%20medoc").await,
            ["Télécentre de Lesparre"]
        );
        assert!(names(&app, "q=piscine").await.is_empty());
        // Injection attempts are just words.
        assert!(names(&app, "q=%22%29%20OR%201%3D1%20--").await.is_empty());
        assert_eq!(names(&app, "department=40").await, ["Fablab des Landes"]);
        assert_eq!(names(&app, "typology=fablab").await, ["Fablab des Landes"]);
        assert_eq!(names(&app, "region=75").await.len(), 3);
        assert_eq!(
            names(&app, "network=reseau-medoc&per_page=2").await.len(),
            2
        );
        assert!(names(&app, "bbox=2,48,3,49").await.is_empty());
        assert_eq!(names(&app, "bbox=-1,44,0,45").await.len(), 3);
        // Bad filters: structured errors.
        let r = app.get("/api/v1/places?bbox=nope&per_page=9999").await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "validation_failed");
        assert!(e["error"]["fields"]["bbox"].is_string());
        assert!(e["error"]["fields"]["per_page"].is_string());
        // The directory page (no JavaScript needed) finds the same.
        let html = app.get("/lieux?q=ateliers").await.text().await.unwrap();
        assert!(html.contains("Les Ateliers du Port"));
        assert!(!html.contains("Fablab des Landes"));
    }
);

both!(
    api_create_moderation_and_refusal_reason,
    |app: TestApp| async move {
        let (net, admin_token) = seed(&app).await;
        let alice = app.user("alice@example.org", "Alice").await;
        let alice_token = app.token_for(alice).await;
        // Bad values: 422 with field errors, nothing stored.
        let r = app
        .api_post(
            "/api/v1/places",
            &alice_token,
            json!({"name": "Lieu", "postal_code": "0", "phone": "12", "opening_hours": "", "network_id": net}),
        )
        .await;
        assert_eq!(r.status(), 422);
        let e: Value = r.json().await.unwrap();
        assert!(e["error"]["fields"]["postal_code"].is_string());
        assert!(e["error"]["fields"]["phone"].is_string());
        // Without a network, a plain member may not create.
        let r = app
            .api_post("/api/v1/places", &alice_token, json!({"name": "Lieu"}))
            .await;
        assert_eq!(r.status(), 422);
        // A proposal waits for moderation.
        let r = app
        .api_post(
            "/api/v1/places",
            &alice_token,
            json!({"name": "Café associatif de Vertheuil", "address": "2 place de l'Église",
                   "postal_code": "33180", "city": "Vertheuil", "latitude": "45.25", "longitude": "-0.84",
                   "typologies": ["cafe-associatif"], "network_id": net, "phone": "05 56 00 00 00"}),
        )
        .await;
        assert_eq!(r.status(), 201);
        let created: Value = r.json().await.unwrap();
        assert_eq!(created["moderation"], "pending");
        let id = created["id"].as_i64().unwrap();
        assert!(
            names(&app, "q=vertheuil").await.is_empty(),
            "not public yet"
        );
        assert_eq!(app.get(&format!("/api/v1/places/{id}")).await.status(), 404);
        assert_eq!(
            app.api_get(&format!("/api/v1/places/{id}"), &alice_token)
                .await
                .status(),
            200,
            "the author sees it"
        );
        // The network admin refuses with a reason, shown to the author and emailed.
        let admin_browser = app.new_browser();
        app.login_as(&admin_browser, "admin@example.org").await;
        let page = admin_browser
            .get(app.url("/admin/lieux/moderation"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Café associatif de Vertheuil"));
        let r = admin_browser
            .post(app.url(&format!("/admin/lieux/moderation/lieu/{id}")))
            .form(&[("decision", "refuse"), ("reason", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&r), "/admin/lieux/moderation");
        let p = repo::by_id(&app.state.db, PlaceId(id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            p.moderation,
            PlaceModeration::Pending,
            "a refusal needs a reason"
        );
        admin_browser
            .post(app.url(&format!("/admin/lieux/moderation/lieu/{id}")))
            .form(&[
                ("decision", "refuse"),
                ("reason", "Ce lieu est hors du territoire du réseau."),
            ])
            .send()
            .await
            .unwrap();
        let mail = app.email_to("alice@example.org").await;
        assert!(mail.text.contains("hors du territoire"), "{}", mail.text);
        let alice_browser = app.new_browser();
        app.login_as(&alice_browser, "alice@example.org").await;
        let slug = created["slug"].as_str().unwrap();
        let page = alice_browser
            .get(app.url(&format!("/lieux/{slug}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("hors du territoire"));
        // A network admin publishes at once; an edit by a stranger becomes a proposal.
        let r = app
        .api_post(
            "/api/v1/places",
            &admin_token,
            json!({"name": "Tiers-lieu de Saint-Laurent", "postal_code": "33112", "city": "Saint-Laurent-Médoc",
                   "network_id": net}),
        )
        .await;
        let created: Value = r.json().await.unwrap();
        assert_eq!(created["moderation"], "published");
        let id = created["id"].as_i64().unwrap();
        let r = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/places/{id}")))
        .bearer_auth(&alice_token)
        .json(&json!({"name": "Tiers-lieu de Saint-Laurent", "postal_code": "33112", "city": "Saint-Laurent-Médoc", "website": "www.tl-saint-laurent.fr"}))
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 202);
        let body: Value = r.json().await.unwrap();
        let proposal = body["proposal_id"].as_i64().unwrap();
        let before: Value = app
            .get(&format!("/api/v1/places/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(before["website"], "");
        admin_browser
            .post(app.url(&format!("/admin/lieux/moderation/proposition/{proposal}")))
            .form(&[("decision", "accept"), ("reason", "")])
            .send()
            .await
            .unwrap();
        let after: Value = app
            .get(&format!("/api/v1/places/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(after["website"], "https://www.tl-saint-laurent.fr");
        // The admin's direct edit is saved and recorded in the history.
        let r = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/places/{id}")))
        .bearer_auth(&admin_token)
        .json(&json!({"name": "Tiers-lieu de Saint-Laurent", "postal_code": "33112", "city": "Saint-Laurent-Médoc", "opening_hours": "Mo-Fr 09:00-17:00"}))
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), 200);
        let h = repo::history(&app.state.db, PlaceId(id)).await.unwrap();
        assert!(h.iter().any(|e| e.summary.contains("opening_hours")
            && e.user_name.as_deref() == Some("Admin Médoc")));
        // Delete: only the network's admins.
        let r = reqwest::Client::new()
            .delete(app.url(&format!("/api/v1/places/{id}")))
            .bearer_auth(&alice_token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let r = reqwest::Client::new()
            .delete(app.url(&format!("/api/v1/places/{id}")))
            .bearer_auth(&admin_token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
    }
);

both!(duplicates_and_claims, |app: TestApp| async move {
    let (net, _) = seed(&app).await;
    let bob = app.user("bob@example.org", "Bob").await;
    let bob_token = app.token_for(bob).await;
    let r = app
        .api_post(
            "/api/v1/places",
            &bob_token,
            json!({"name": "TELECENTRE DE LESPARRE", "postal_code": "33340", "city": "Lesparre-Médoc",
                   "latitude": 44.9001, "longitude": -0.5001, "network_id": net}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let admin = app.new_browser();
    app.login_as(&admin, "admin@example.org").await;
    let page = admin
        .get(app.url("/admin/lieux/moderation"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Doublon possible"),
        "same name nearby flagged"
    );
    // Bob claims the existing place; the admin accepts: Bob manages it.
    let bob_browser = app.new_browser();
    app.login_as(&bob_browser, "bob@example.org").await;
    let place = repo::list(
        &app.state.db,
        &Filters {
            q: "Ateliers du Port".into(),
            ..Default::default()
        },
        1,
        0,
    )
    .await
    .unwrap()
    .remove(0);
    let r = bob_browser
        .post(app.url(&format!("/lieux/{}/revendiquer", place.slug)))
        .form(&[("message", "Je suis le gérant.")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let claim = repo::pending_claims_in(&app.state.db, None, 50)
        .await
        .unwrap()
        .0
        .remove(0);
    admin
        .post(app.url(&format!(
            "/admin/lieux/moderation/revendication/{}",
            claim.id
        )))
        .form(&[("decision", "accept")])
        .send()
        .await
        .unwrap();
    let r = bob_browser
        .post(app.url(&format!("/lieux/{}/modifier", place.slug)))
        .form(&[
            ("name", "Les Ateliers du Port"),
            ("postal_code", "33250"),
            ("city", "Pauillac"),
            ("phone", "0556999999"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "a manager edits directly");
    let p = repo::by_id(&app.state.db, place.id).await.unwrap().unwrap();
    assert_eq!(p.phone, "+33556999999");
    let page = app
        .get(&format!("/lieux/{}", place.slug))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("05 56 99 99 99"), "shown French style");
});

both!(pages_headers_and_json_ld, |app: TestApp| async move {
    let (net, token) = seed(&app).await;
    // The anonymous directory is cached, but never shows stale places.
    let first = app.get("/lieux").await.text().await.unwrap();
    assert!(first.contains("Lieux trouvés : 3"));
    assert_eq!(app.get("/lieux").await.text().await.unwrap(), first);
    let r = app
        .api_post(
            "/api/v1/places",
            &token,
            json!({"name": "Recyclerie du Médoc", "postal_code": "33340", "city": "Lesparre-Médoc", "network_id": net}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let next = app.get("/lieux").await.text().await.unwrap();
    assert!(next.contains("Recyclerie du Médoc") && next.contains("Lieux trouvés : 4"));
    // A change written by another node (here: straight into the database, no request through
    // this one) reaches the cached page within the recheck delay.
    maillage::db_run!(&app.state.db, |p| sqlx::query(
        "UPDATE places SET name = 'Recyclerie du Haut-Médoc', updated_at = updated_at + 1 \
         WHERE name = 'Recyclerie du Médoc'"
    )
    .execute(p)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    tokio::time::sleep(maillage::cache::RECHECK + std::time::Duration::from_millis(100)).await;
    let later = app.get("/lieux").await.text().await.unwrap();
    assert!(later.contains("Recyclerie du Haut-Médoc"), "{later}");
    let r = app.get("/lieux").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-frame-options"], "DENY");
    let r = app.get("/carte").await;
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("img-src 'self' data: https://tile.openstreetmap.org"));
    assert!(csp.contains("frame-ancestors 'none'"));
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Les Ateliers du Port"),
        "the map page lists places without JS"
    );
    let r = app.get("/carte/integrer?typology=fablab").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("x-frame-options").is_none());
    assert!(r.headers().get("x-maillage-embeddable").is_none());
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors *"));
    assert!(r.text().await.unwrap().contains("typology=fablab"));
    let p = repo::list(&app.state.db, &Filters::default(), 1, 0)
        .await
        .unwrap()
        .remove(0);
    let html = app
        .get(&format!("/lieux/{}", p.slug))
        .await
        .text()
        .await
        .unwrap();
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(ld["@type"], "Place");
    assert_eq!(ld["name"], p.name);
    assert_eq!(ld["geo"]["@type"], "GeoCoordinates");
});

/// The Python virtualenv with the validators (frictionless, jsonschema, geojson).
pub(crate) fn validators() -> Option<PathBuf> {
    let venv = std::env::var("MAILLAGE_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv-test"));
    let py = venv.join("bin/python");
    if py.exists() {
        return Some(py);
    }
    if std::env::var("MAILLAGE_TEST_REQUIRE_VALIDATORS").is_ok() {
        panic!("validators required but {} is missing", py.display());
    }
    eprintln!("SKIPPED external validators: {} missing", py.display());
    None
}

both!(
    exports_pass_the_external_validators,
    |app: TestApp| async move {
        import_file(
            &app,
            "data/places/cget_tierslieux_2019.csv",
            Format::Csv,
            "cget",
        )
        .await;
        let dir = tempfile::tempdir().unwrap();
        let csv = app.get("/api/v1/places.csv").await;
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["link"]
            .to_str()
            .unwrap()
            .contains("licence-ouverte"));
        let csv = csv.bytes().await.unwrap();
        let header = String::from_utf8_lossy(&csv[..csv.iter().position(|b| *b == b'\n').unwrap()])
            .to_string();
        assert!(header.starts_with("id,pivot,nom,commune,code_postal"));
        let lines = csv.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
        assert!(lines > 1200, "most places exported ({lines})");
        std::fs::write(dir.path().join("lieux.csv"), &csv).unwrap();
        let geo: Value = app
            .get("/api/v1/places.geojson")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(geo["features"].as_array().unwrap().len(), 1512);
        assert_eq!(geo["bbox"].as_array().unwrap().len(), 4);
        std::fs::write(dir.path().join("lieux.geojson"), geo.to_string()).unwrap();
        let di: Value = app
            .get("/api/v1/places.datainclusion.json")
            .await
            .json()
            .await
            .unwrap();
        assert!(di.as_array().unwrap().len() > 1500);
        std::fs::write(dir.path().join("structures.json"), di.to_string()).unwrap();
        let gg: Value = app
            .get("/api/v1/places.gogocarto.json")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(gg["data"].as_array().unwrap().len(), 1512);
        assert!(gg["licence"].as_str().unwrap().contains("Licence Ouverte"));

        let Some(py) = validators() else { return };
        let script = r#"
import json, sys
from frictionless import Resource, Schema
d = sys.argv[1]; schemas = sys.argv[2]
schema = Schema.from_descriptor(json.load(open(schemas + "/mednum_schema.json")))
report = Resource("lieux.csv", basepath=d, schema=schema).validate()
assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
import jsonschema
s = json.load(open(schemas + "/data-inclusion_structure_v1.json"))
v = jsonschema.Draft202012Validator(s, format_checker=jsonschema.FormatChecker())
errs = [e.message for item in json.load(open(d + "/structures.json")) for e in v.iter_errors(item)]
assert not errs, errs[:10]
import geojson
g = geojson.loads(open(d + "/lieux.geojson").read())
assert g.is_valid, g.errors()
print("ok")
"#;
        let out = std::process::Command::new(py)
            .arg("-c")
            .arg(script)
            .arg(dir.path())
            .arg(shared("data/schemas"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "validators: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
);

fn cli(app: &TestApp, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(args)
        .env("MAILLAGE_DATABASE_URL", &app.db.url)
        .env("MAILLAGE_DATA_DIR", &app.data_dir)
        .env_remove("MAILLAGE_CONFIG")
        .output()
        .expect("the maillage binary")
}

both!(
    cli_import_twice_export_and_demo,
    |app: TestApp| async move {
        tenancy::insert_network(&app.state.db, "Réseau national", "national", "", 0)
            .await
            .unwrap();
        let file = shared("data/places/cget_tierslieux_2019.geojson");
        let report = app.data_dir.join("rapport.csv");
        let out = cli(
            &app,
            &[
                "import",
                "places",
                file.to_str().unwrap(),
                "--network",
                "national",
                "--report",
                report.to_str().unwrap(),
            ],
        );
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("1512 lignes : 1512 importées"), "{stdout}");
        assert!(
            stdout.contains("Code postal « 0 »"),
            "bad values reported: {stdout}"
        );
        let rep = std::fs::read_to_string(&report).unwrap();
        assert_eq!(rep.lines().count(), 1513, "one report line per row");
        let out = cli(
            &app,
            &[
                "import",
                "places",
                file.to_str().unwrap(),
                "--network",
                "national",
            ],
        );
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            stdout.contains("0 importées"),
            "re-import updates: {stdout}"
        );
        let national = Filters {
            network_id: Some(
                tenancy::network_by_slug(&app.state.db, "national")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            ),
            ..Default::default()
        };
        assert_eq!(repo::count(&app.state.db, &national).await.unwrap(), 1512);
        let out = cli(
            &app,
            &[
                "export",
                "places",
                "--format",
                "mednum",
                "--network",
                "national",
            ],
        );
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("id,pivot,nom,"));
        // Unknown format, unknown network: clear French errors.
        let out = cli(
            &app,
            &[
                "import",
                "places",
                file.to_str().unwrap(),
                "--format",
                "xls",
            ],
        );
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("format inconnu"));
        // The demo gives its places coordinates and hours, twice without change.
        assert!(cli(&app, &["demo"]).status.success());
        let riez = repo::by_slug(&app.state.db, "tiers-lieu-de-riez")
            .await
            .unwrap()
            .unwrap();
        assert!(riez.latitude.is_some() && !riez.opening_hours.is_empty());
        let history = repo::history(&app.state.db, riez.id).await.unwrap().len();
        assert!(cli(&app, &["demo"]).status.success());
        assert_eq!(
            repo::history(&app.state.db, riez.id).await.unwrap().len(),
            history
        );
    }
);

both!(
    network_chooses_the_licence_of_its_exports,
    |app: TestApp| async move {
        let (net, _) = seed(&app).await;
        let admin = app.new_browser();
        app.login_as(&admin, "admin@example.org").await;
        let r = admin
            .post(app.url(&format!("/admin/lieux/licence/{net}")))
            .form(&[("licence", "ODbL-1.0")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let r = admin
            .post(app.url(&format!("/admin/lieux/licence/{net}")))
            .form(&[("licence", "WTFPL")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let r = app.get("/api/v1/places.geojson?network=reseau-medoc").await;
        assert!(r.headers()["link"].to_str().unwrap().contains("odbl"));
        let fc: Value = r.json().await.unwrap();
        assert_eq!(fc["licence"]["code"], "ODbL-1.0");
        assert_eq!(fc["features"].as_array().unwrap().len(), 3);
        // Another person may not change it.
        app.user("eve@example.org", "Eve").await;
        let eve = app.new_browser();
        app.login_as(&eve, "eve@example.org").await;
        let r = eve
            .post(app.url(&format!("/admin/lieux/licence/{net}")))
            .form(&[("licence", "etalab-2.0")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
    }
);

both!(photos_of_a_place, |app: TestApp| async move {
    let db = &app.state.db;
    let (_, admin_token) = seed(&app).await;
    let page: Value = app
        .get("/api/v1/places?q=telecentre")
        .await
        .json()
        .await
        .unwrap();
    let place = page["items"][0]["id"].as_i64().unwrap();
    let slug = page["items"][0]["slug"].as_str().unwrap().to_string();
    assert_eq!(page["items"][0]["photos"], json!([]));

    // The network's admin adds a 2400 × 1200 PNG: stored as a 1600 × 800 JPEG.
    let (s, photo) = app
        .api_multipart(
            &format!("/api/v1/places/{place}/photos"),
            &admin_token,
            photo_form(
                "La salle de télétravail, six postes face au jardin",
                Some(("salle.png", png(2400, 1200))),
            ),
        )
        .await;
    assert_eq!(s, 201, "{photo}");
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(1600), Some(800))
    );
    let res = reqwest::get(app.url(photo["url"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let full = res.bytes().await.unwrap();
    assert_eq!(
        image::guess_format(&full).unwrap(),
        image::ImageFormat::Jpeg
    );
    let decoded = image::load_from_memory(&full).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1600, 800));
    let thumb = reqwest::get(app.url(photo["thumbnail_url"].as_str().unwrap()))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let decoded = image::load_from_memory(&thumb).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (480, 240));

    // A phone picture's EXIF segment (GPS position…) is not kept.
    let exif = jpeg_with_exif(640, 480, b"GPS-position-secrete");
    assert!(exif.windows(4).any(|w| w == b"Exif"));
    let (s, second) = app
        .api_multipart(
            &format!("/api/v1/places/{place}/photos"),
            &admin_token,
            photo_form("L'entrée", Some(("entree.jpg", exif))),
        )
        .await;
    assert_eq!(s, 201, "{second}");
    let stored = reqwest::get(app.url(second["url"].as_str().unwrap()))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(!stored.windows(4).any(|w| w == b"Exif"), "EXIF removed");
    assert!(!stored.windows(3).any(|w| w == b"GPS"));

    // Wrong type, missing text alternative: 422 with the field, nothing stored.
    let (s, e) = app
        .api_multipart(
            &format!("/api/v1/places/{place}/photos"),
            &admin_token,
            photo_form(
                "Un PDF",
                Some(("plan.png", b"%PDF-1.4 pas une image".to_vec())),
            ),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(
        e["error"]["fields"]["file"],
        "Ce fichier n'est pas une image PNG, JPEG ou WebP lisible."
    );
    let (s, e) = app
        .api_multipart(
            &format!("/api/v1/places/{place}/photos"),
            &admin_token,
            photo_form(" ", Some(("a.png", png(20, 20)))),
        )
        .await;
    assert_eq!(s, 422);
    assert!(e["error"]["fields"]["alt"].is_string(), "{e}");
    assert_eq!(
        maillage::media::of(db, PhotoOwner::Place, place)
            .await
            .unwrap()
            .len(),
        2
    );

    // Another tenant's manager: 404 for adding and deleting; no credential: refused.
    let other_net = tenancy::insert_network(db, "Autre réseau", "autre", "", 0)
        .await
        .unwrap();
    let other_place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Ailleurs",
            slug: "ailleurs",
            description: "",
            city: "Lyon",
            organization_id: None,
            network_id: Some(other_net.id),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id;
    let other = app
        .user("gerant-ailleurs@example.org", "Gérant ailleurs")
        .await;
    accounts::grant_role(
        db,
        other,
        RoleKind::PlaceManager,
        None,
        Some(other_place.get()),
        0,
    )
    .await
    .unwrap();
    let other_token = app.token_for(other).await;
    let (s, _) = app
        .api_multipart(
            &format!("/api/v1/places/{place}/photos"),
            &other_token,
            photo_form("Intrus", Some(("x.png", png(10, 10)))),
        )
        .await;
    assert_eq!(s, 404);
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/places/{place}/photos/{}", photo["id"])))
        .bearer_auth(&other_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/places/{place}/photos")))
        .multipart(photo_form("Anonyme", Some(("x.png", png(10, 10)))))
        .send()
        .await
        .unwrap();
    assert!(
        matches!(res.status().as_u16(), 401 | 403),
        "{}",
        res.status()
    );
    // Their own place is theirs to illustrate.
    let (s, _) = app
        .api_multipart(
            &format!("/api/v1/places/{other_place}/photos"),
            &other_token,
            photo_form("Notre façade", Some(("f.png", png(30, 20)))),
        )
        .await;
    assert_eq!(s, 201);

    // Listed by the API (list, one place, photos), shown on the place page (gallery, alt,
    // JSON-LD image) and as the directory card's thumbnail.
    let list: Value = app
        .get(&format!("/api/v1/places/{place}/photos"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let one: Value = app
        .get(&format!("/api/v1/places/{place}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        one["photos"][0]["alt"],
        "La salle de télétravail, six postes face au jardin"
    );
    let page: Value = app
        .get("/api/v1/places?q=telecentre")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"][0]["photos"].as_array().unwrap().len(), 2);
    let html = app
        .get(&format!("/lieux/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("alt=\"La salle de télétravail, six postes face au jardin\""));
    assert!(html.contains(photo["thumbnail_url"].as_str().unwrap()));
    let ld_start = html.find("application/ld+json\">").unwrap();
    let ld_end = ld_start + html[ld_start..].find("</script>").unwrap();
    let ld: Value =
        serde_json::from_str(&html[ld_start + "application/ld+json\">".len()..ld_end]).unwrap();
    assert!(ld["image"][0]["contentUrl"]
        .as_str()
        .unwrap()
        .ends_with(photo["url"].as_str().unwrap()));
    let dir = app.get("/lieux?q=telecentre").await.text().await.unwrap();
    assert!(dir.contains("class=\"card-photo\""), "{dir}");
    assert!(dir.contains(photo["thumbnail_url"].as_str().unwrap()));

    // The admin page, as a browser: a manager of the place adds and deletes; errors in French.
    let manager = app.user("gerante@example.org", "Gérante").await;
    accounts::grant_role(db, manager, RoleKind::PlaceManager, None, Some(place), 0)
        .await
        .unwrap();
    let browser = app.new_browser();
    app.login_as(&browser, "gerante@example.org").await;
    let res = browser
        .get(app.url(&format!("/admin/lieux/{place}/photos")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("id=\"photo-form\""));
    let res = browser
        .post(app.url(&format!("/admin/lieux/{place}/photos")))
        .multipart(photo_form(
            "La cuisine",
            Some(("cuisine.png", png(800, 600))),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = browser
        .post(app.url(&format!("/admin/lieux/{place}/photos")))
        .multipart(photo_form("", Some(("cuisine.png", png(80, 60)))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Décrivez la photo en quelques mots."));
    let intruder = app.new_browser();
    app.login_as(&intruder, "gerant-ailleurs@example.org").await;
    let res = intruder
        .get(app.url(&format!("/admin/lieux/{place}/photos")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let photos = maillage::media::of(db, PhotoOwner::Place, place)
        .await
        .unwrap();
    assert_eq!(photos.len(), 3);
    let res = browser
        .post(app.url(&format!(
            "/admin/lieux/{place}/photos/{}/supprimer",
            photos[1].id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    // Through the API too; a photo of another place answers 404.
    let other_photo = maillage::media::of(db, PhotoOwner::Place, other_place.get())
        .await
        .unwrap()[0]
        .id;
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/places/{place}/photos/{other_photo}")))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/places/{place}/photos/{}", photos[0].id)))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let left = maillage::media::of(db, PhotoOwner::Place, place)
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].alt, "La cuisine");
    // Every change is in the history.
    let history = repo::history(db, PlaceId(place)).await.unwrap();
    assert_eq!(
        history
            .iter()
            .filter(|h| h.summary.starts_with("photo"))
            .count(),
        5,
        "{:?}",
        history.iter().map(|h| &h.summary).collect::<Vec<_>>()
    );
});

both!(
    upload_page_imports_in_the_background_with_progress,
    |app: TestApp| async move {
        let db = &app.state.db;
        let net = tenancy::insert_network(db, "Réseau national", "national", "", 0)
            .await
            .unwrap();
        let admin = app
            .user("admin-national@example.org", "Admin national")
            .await;
        accounts::grant_role(
            db,
            admin,
            RoleKind::NetworkAdmin,
            Some(net.id.get()),
            None,
            0,
        )
        .await
        .unwrap();
        let browser = app.new_browser();
        app.login_as(&browser, "admin-national@example.org").await;
        let bytes = std::fs::read(shared("data/places/cget_tierslieux_2019.csv")).unwrap();

        // Upload: a preview with the guessed mapping, the file carried in the form.
        let form = reqwest::multipart::Form::new()
            .text("network_id", net.id.to_string())
            .text("format", "")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes.clone())
                    .file_name("cget_tierslieux_2019.csv"),
            );
        let res = browser
            .post(app.url("/admin/lieux/import"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("1512 lignes lues"), "{html}");

        // Import: answered at once with the progress page; the import runs in the background.
        let content = maillage::places::import::decode(&bytes);
        let form = reqwest::multipart::Form::new()
            .text("network_id", net.id.to_string())
            .text("format", "csv")
            .text("file_name", "cget_tierslieux_2019.csv")
            .text("content", content)
            .text("step", "import");
        let res = browser
            .post(app.url("/admin/lieux/import"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let page = location(&res);
        assert!(page.starts_with("/admin/lieux/import/"), "{page}");
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();

        // The JSON endpoint (read from the database, so any node answers) until the end.
        let mut last = Value::Null;
        let mut seen_done = Vec::new();
        for _ in 0..600 {
            last = browser
                .get(app.url(&format!("/api/v1/place-imports/{id}")))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            seen_done.push(last["done"].as_i64().unwrap());
            if last["finished"].as_bool().unwrap() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert_eq!(last["status"], "done", "{last}");
        assert_eq!(
            (last["done"].as_i64(), last["total"].as_i64()),
            (Some(1512), Some(1512))
        );
        assert_eq!(last["imported"], 1512, "{last}");
        assert_eq!(last["percent"], 100);
        assert!(seen_done.windows(2).all(|w| w[0] <= w[1]), "{seen_done:?}");
        let report_url = last["report_url"].as_str().unwrap().to_string();

        // The page, polled by htmx while running, now shows the summary and the rows to read.
        let html = browser
            .get(app.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("data-state=\"done\""), "{html}");
        assert!(!html.contains("hx-trigger"), "polling stops at the end");
        assert!(html.contains("1512 lignes : 1512 importées"), "{html}");
        assert!(html.contains("Code postal « 0 »"));

        // The full report: one line per row of the file, none dropped.
        let res = browser.get(app.url(&report_url)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("rapport-cget_tierslieux_2019.csv"));
        let csv_bytes = res.bytes().await.unwrap();
        let mut rd = csv::Reader::from_reader(csv_bytes.as_ref());
        let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 1512);
        assert!(rows.iter().all(|r| &r[2] == "importé" && !r[3].is_empty()));
        assert_eq!(repo::count(db, &Filters::default()).await.unwrap(), 1512);

        // Someone else may not follow it.
        let other = app.user("autre@example.org", "Autre").await;
        let token = app.token_for(other).await;
        let res = app
            .api_get(&format!("/api/v1/place-imports/{id}"), &token)
            .await;
        assert_eq!(res.status(), 404);
        let stranger = app.new_browser();
        app.login_as(&stranger, "autre@example.org").await;
        let res = stranger.get(app.url(&report_url)).send().await.unwrap();
        assert_eq!(res.status(), 404);

        // The progress callback (what the command line prints): once at the start, then after
        // each batch, with running counts; a re-import of the same source changes nothing.
        let table = import::read(Format::Csv, &bytes).unwrap();
        let mapping = Mapping::guess(&table);
        let opts = import::Options {
            source: "upload:cget_tierslieux_2019".into(),
            network_id: Some(net.id),
            scope: maillage::places::repo::MatchScope::Any,
            user_id: None,
            batch: 500,
        };
        let mut steps = Vec::new();
        import::run(db, &table, &mapping, &opts, 2_000, |p| steps.push(*p))
            .await
            .unwrap();
        let done: Vec<usize> = steps.iter().map(|p| p.done).collect();
        assert_eq!(done, [0, 500, 1000, 1500, 1512]);
        let end = steps.last().unwrap();
        assert_eq!((end.total, end.unchanged, end.imported), (1512, 1512, 0));
        assert_eq!(
            end.line_fr(),
            "1512/1512 lignes traitées : 0 importées, 0 mises à jour, 1512 inchangées, 0 ignorées"
        );
    }
);

both!(admin_list_of_places_to_manage, |app: TestApp| async move {
    let db = &app.state.db;
    let (net, _) = seed(&app).await;
    // A pending proposal in the network, and places of another network.
    let alice = app.user("alice@example.org", "Alice").await;
    let alice_token = app.token_for(alice).await;
    let r = app
        .api_post(
            "/api/v1/places",
            &alice_token,
            json!({"name": "Jardin proposé", "postal_code": "33340", "city": "Lesparre-Médoc",
                   "typologies": ["jardin-partage"], "network_id": net}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let other_net = tenancy::insert_network(db, "Autre réseau", "autre", "", 0)
        .await
        .unwrap();
    let mut others = Vec::new();
    for i in 1..=56 {
        let name = format!("Lieu lointain {i:02}");
        let id = maillage::places::repo::insert_place(
            db,
            maillage::places::repo::NewPlace {
                name: &name,
                slug: &format!("lieu-lointain-{i:02}"),
                description: "",
                city: "Lyon",
                organization_id: None,
                network_id: Some(other_net.id),
                now: 0,
            },
        )
        .await
        .unwrap()
        .id;
        others.push(id);
    }
    let rows = |html: &str| html.matches("<tr data-id=").count();
    let page = |client: reqwest::Client, path: &'static str| {
        let url = app.url(path);
        async move {
            let res = client.get(url).send().await.unwrap();
            let s = res.status().as_u16();
            (s, res.text().await.unwrap())
        }
    };

    // The network's admin: their 4 places (the pending one too), none of the other network.
    let admin = app.new_browser();
    app.login_as(&admin, "admin@example.org").await;
    let (s, html) = page(admin.clone(), "/admin/lieux").await;
    assert_eq!(s, 200);
    assert_eq!(rows(&html), 4, "{html}");
    assert!(html.contains("Jardin proposé") && !html.contains("Lieu lointain"));
    assert!(html.contains("/admin/lieux/") && html.contains("/photos\""));
    assert!(html.contains("/modifier\""));
    assert!(html.contains("href=\"/admin/lieux/moderation\""));
    let (_, html) = page(admin.clone(), "/admin/lieux?q=telecentres").await;
    assert_eq!(rows(&html), 1);
    assert!(html.contains("Télécentre de Lesparre"));
    let (_, html) = page(admin.clone(), "/admin/lieux?moderation=pending").await;
    assert_eq!(rows(&html), 1);
    assert!(html.contains("Jardin proposé"));
    let (_, html) = page(admin.clone(), "/admin/lieux?status=closed").await;
    assert_eq!(rows(&html), 0);
    // Unknown filter values are ignored, not an error.
    let (s, html) = page(admin.clone(), "/admin/lieux?status=%F0%9F%A6%80&page=-3").await;
    assert_eq!(s, 200);
    assert_eq!(rows(&html), 4);

    // A manager: their place only.
    let manager = app.user("gerant@example.org", "Gérant").await;
    accounts::grant_role(
        db,
        manager,
        RoleKind::PlaceManager,
        None,
        Some(others[4].get()),
        0,
    )
    .await
    .unwrap();
    let m = app.new_browser();
    app.login_as(&m, "gerant@example.org").await;
    let (_, html) = page(m.clone(), "/admin/lieux").await;
    assert_eq!(rows(&html), 1);
    assert!(html.contains("Lieu lointain 05"));
    assert!(!html.contains("href=\"/admin/lieux/moderation\""), "{html}");
    // Their `/admin` links to no page they cannot open (the moderation queue and the import
    // are a network's), while the network's admin has both links.
    let (s, html) = page(m.clone(), "/admin").await;
    assert_eq!(s, 200);
    for href in ["/admin/lieux/moderation", "/admin/lieux/import"] {
        assert!(
            !html.contains(&format!("href=\"{href}\"")),
            "{href}: {html}"
        );
        assert_eq!(page(m.clone(), href).await.0, 403, "{href}");
        let (s, html) = page(admin.clone(), "/admin").await;
        assert_eq!(s, 200);
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}");
        assert_eq!(page(admin.clone(), href).await.0, 200, "{href}");
    }

    // The instance admin: every place, 50 a page; `/admin` links to the list.
    app.instance_admin("root@example.org").await;
    let root = app.new_browser();
    app.login_as(&root, "root@example.org").await;
    let (_, html) = page(root.clone(), "/admin/lieux").await;
    assert_eq!(rows(&html), 50);
    assert!(html.contains("Lieux trouvés : 60"), "{html}");
    assert!(html.contains("href=\"/admin/lieux?page=2\""));
    let (_, html) = page(root.clone(), "/admin/lieux?page=2").await;
    assert_eq!(rows(&html), 10);
    let (_, html) = page(root.clone(), "/admin").await;
    assert!(html.contains("id=\"admin-places-link\""));

    // Someone who manages nothing.
    let (s, _) = page(app.new_browser(), "/admin/lieux").await;
    assert_eq!(s, 303, "anonymous: to the login page");
    let nobody = app.new_browser();
    app.login_as(&nobody, "alice@example.org").await;
    let (s, _) = page(nobody, "/admin/lieux").await;
    assert_eq!(s, 403);
});

// The closed lists of places are typed: an unknown status is one field's error (422) in the
// request's language, on the API as on an import's row (the row is kept, the value is not),
// and the OpenAPI document lists the allowed values.
both!(
    place_statuses_are_a_closed_list,
    |app: TestApp| async move {
        let (net, token) = seed(&app).await;
        let client = reqwest::Client::new();
        let create = |status: &str, lang: Option<&str>| {
            let req = client
                .post(app.url("/api/v1/places"))
                .bearer_auth(&token)
                .json(
                    &json!({"name": format!("Lieu {status}"), "status": status, "network_id": net}),
                );
            match lang {
                Some(l) => req.header("accept-language", l),
                None => req,
            }
        };
        let res = create("demolished", None).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["error"]["code"], "validation_failed");
        assert_eq!(
            e["error"]["fields"]["status"],
            "Choisissez une valeur dans la liste."
        );
        let res = create("demolished", Some("en")).send().await.unwrap();
        assert_eq!(res.status(), 422);
        let e: Value = res.json().await.unwrap();
        assert_eq!(
            e["error"]["fields"]["status"],
            "Choose a value from the list."
        );
        // The texts, and the French words forms and files use, are read.
        let res = create("closed", None).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let place: Value = app
            .get(&format!("/api/v1/places/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(place["status"], "closed");
        assert_eq!(place["moderation"], "published");
        assert!(place["network_ids"][0].is_i64(), "{place}");
        let res = create("En projet", None).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let stored = repo::by_id(
            &app.state.db,
            PlaceId(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(stored.status, maillage::places::model::PlaceStatus::Project);
        // An edit with an unknown status is refused the same way, and changes nothing.
        let res = client
            .put(app.url(&format!("/api/v1/places/{id}")))
            .bearer_auth(&token)
            .header("accept-language", "en")
            .json(&json!({"name": "Lieu closed", "status": "ajar"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let e: Value = res.json().await.unwrap();
        assert_eq!(
            e["error"]["fields"]["status"],
            "Choose a value from the list."
        );
        let res = client
            .put(app.url(&format!("/api/v1/places/{id}")))
            .bearer_auth(&token)
            .json(&json!({"name": "Lieu closed", "status": "open"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["outcome"], "saved");
        assert_eq!(body["changed"], json!(["status"]));

        // An import keeps the row and reports the value it did not store.
        let table = import::read(
            Format::Csv,
            "Nom;Statut\nLieu démoli;démoli\nLieu fermé;fermé\n".as_bytes(),
        )
        .unwrap();
        let opts = import::Options {
            source: "statuts".into(),
            network_id: Some(net),
            scope: maillage::places::repo::MatchScope::Any,
            user_id: None,
            batch: 10,
        };
        let report = import::run(
            &app.state.db,
            &table,
            &Mapping::guess(&table),
            &opts,
            7,
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!(
            report.count(Outcome::Imported),
            2,
            "{}",
            report.summary_fr()
        );
        assert_eq!(
            report.rows[0].messages,
            vec![
                "Statut « démoli » : Choisissez une valeur dans la liste. (valeur non enregistrée)",
                // Issue 15: a row without coordinates is imported and said to be off the map.
                "sans coordonnées : importé, absent de la carte"
            ]
        );
        let statuses = |n: usize| {
            let id = report.rows[n].place_id.unwrap();
            let db = app.state.db.clone();
            async move { repo::by_id(&db, id).await.unwrap().unwrap().status }
        };
        assert_eq!(statuses(0).await.as_str(), "open");
        assert_eq!(statuses(1).await.as_str(), "closed");

        // The API's document lists the values.
        let doc: Value = app.openapi().await;
        let schemas = &doc["components"]["schemas"];
        for (name, values) in [
            ("PlaceStatus", json!(["project", "open", "closed"])),
            (
                "PlaceModeration",
                json!(["published", "pending", "refused"]),
            ),
            ("PlaceUpdateOutcome", json!(["saved", "proposed"])),
            (
                "PlaceImportState",
                json!(["queued", "running", "done", "failed", "interrupted"]),
            ),
        ] {
            assert_eq!(schemas[name]["enum"], values, "{name}");
        }
        assert!(
            schemas["RawPlace"]["properties"]["status"]
                .to_string()
                .contains("PlaceStatus"),
            "{}",
            schemas["RawPlace"]
        );
        assert!(schemas["PlaceOut"]["properties"]["moderation"]
            .to_string()
            .contains("PlaceModeration"));
        // An id is its own schema, an integer: still a plain number on the wire.
        assert_eq!(
            schemas["PlaceOut"]["properties"]["id"]["$ref"],
            "#/components/schemas/PlaceId"
        );
        assert_eq!(schemas["PlaceId"]["type"], "integer");
        assert_eq!(schemas["PlaceId"]["format"], "int64");
    }
);

both!(
    unknown_ids_and_organization_kinds,
    |app: TestApp| async move {
        let (net, _) = seed(&app).await;
        let admin = app.new_browser();
        app.login_as(&admin, "admin@example.org").await;
        // A malformed id is still refused as before, a well-formed unknown one is not found.
        let res = app.get("/api/v1/places/abc").await;
        assert_eq!(res.status(), 404);
        let res = app.get("/api/v1/networks/abc").await;
        assert_eq!(res.status(), 404);
        let res = app.get("/api/v1/places/987654").await;
        assert_eq!(res.status(), 404);
        let res = admin
            .get(app.url(&format!("/admin/reseaux/{net}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        // An organization's kind outside the list is the field's error.
        let res = admin
            .post(app.url("/admin/organisations"))
            .form(&[("name", "Mairie"), ("kind", "secte")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(tenancy::organizations(&app.state.db)
            .await
            .unwrap()
            .is_empty());
        let res = admin
            .post(app.url("/admin/organisations"))
            .form(&[("name", "Mairie"), ("kind", "epci")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(
            tenancy::organizations(&app.state.db).await.unwrap()[0].kind,
            maillage::tenancy::model::OrganizationKind::Epci
        );
    }
);

/// The names of the places of a page of `/api/v1/places`, in order.
fn item_names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

both!(
    a_search_is_counted_once_for_every_reader_and_follows_a_change_on_another_node,
    |app: TestApp| async move {
        let (net, token) = seed(&app).await;
        // A second node on the same database, where the searches are read.
        let node2 = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        let search = |token: &str| {
            let url = node2.url("/api/v1/places?q=ateliers");
            let token = token.to_string();
            async move {
                let res = reqwest::Client::new()
                    .get(url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                let sql = crate::harness::statements(&res).unwrap_or(0);
                let page: Value = res.json().await.unwrap();
                (sql, page["total"].as_i64().unwrap(), item_names(&page))
            }
        };
        let (first, total, names) = search(&token).await;
        assert_eq!(
            (total, names.clone()),
            (1, vec!["Les Ateliers du Port".to_string()])
        );
        // Another reader (signed in, so past the anonymous pages' cache) gets the same page,
        // its matches and their count read from the cache of the search.
        let other = app.user("lectrice@example.org", "Lectrice").await;
        let (again, total2, names2) = search(&app.token_for(other).await).await;
        assert_eq!((total2, names2), (total, names));
        if matches!(app.state.db, maillage::db::Db::Postgres(_)) {
            assert!(
                first > 0 && again < first,
                "the matches are not searched again: {again} statements, {first} the first time"
            );
        }
        // A matching place created through the other node: counted and listed by this one
        // within the bound (a second), in the API and in the signed-in directory.
        let r = app
            .api_post(
                "/api/v1/places",
                &token,
                json!({"name": "Ateliers de la Pointe", "postal_code": "33123", "city": "Le Verdon-sur-Mer", "network_id": net}),
            )
            .await;
        assert_eq!(r.status(), 201);
        tokio::time::sleep(maillage::cache::RECHECK + std::time::Duration::from_millis(100)).await;
        let (_, total, names) = search(&token).await;
        assert_eq!(total, 2, "{names:?}");
        assert_eq!(names, ["Ateliers de la Pointe", "Les Ateliers du Port"]);
        let browser = node2.new_browser();
        assert!(node2
            .login_as(&browser, "admin@example.org")
            .await
            .status()
            .is_redirection());
        let html = browser
            .get(node2.url("/lieux?q=ateliers"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Lieux trouvés : 2"), "{html}");
        assert!(html.contains("Ateliers de la Pointe"));
        // Pages of a search: each with the count of every match (on PostgreSQL, read beside
        // the page's ids in one statement), and past the last page, none but the same count.
        for (page, names) in [
            (1, vec!["Ateliers de la Pointe"]),
            (2, vec!["Les Ateliers du Port"]),
            (3, vec![]),
        ] {
            let r = app
                .get(&format!("/api/v1/places?q=ateliers&per_page=1&page={page}"))
                .await;
            assert_eq!(r.status(), 200);
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["total"], 2, "page {page}: {body}");
            assert_eq!(item_names(&body), names, "page {page}");
        }
    }
);
