//! Issue 14 (hardening): each finding reproduced with the request a tester sent against a
//! running server, on SQLite and on PostgreSQL. See `docs/securite.md`.

use serde_json::{json, Value};

use crate::both;
use crate::groups::{club, send, world};
use crate::harness::{location, TestApp, PASSWORD};
use maillage::accounts::model::RoleKind;
use maillage::accounts::repo as accounts;
use maillage::tenancy::repo as tenancy;

// ---- finding 1: place takeover through an import (imports are scoped by tenant) ----

/// A network admin of a new network, signed in: (user id, browser, API token).
async fn network_admin(
    app: &TestApp,
    net: i64,
    email: &str,
) -> (maillage::ids::UserId, reqwest::Client, String) {
    let id = app.user(email, "Admin réseau").await;
    accounts::grant_role(
        &app.state.db,
        id,
        RoleKind::NetworkAdmin,
        Some(net),
        None,
        0,
    )
    .await
    .unwrap();
    let browser = app.new_browser();
    app.login_as(&browser, email).await;
    (id, browser, app.token_for(id).await)
}

/// Uploads `content` as `lieux.csv` for `net` through the import page and waits for the end:
/// the import's JSON progress and the report (CSV).
async fn import_lieux(
    app: &TestApp,
    browser: &reqwest::Client,
    net: i64,
    content: &str,
) -> (Value, String) {
    let form = reqwest::multipart::Form::new()
        .text("network_id", net.to_string())
        .text("format", "csv")
        .text("file_name", "lieux.csv")
        .text("content", content.to_string())
        .text("step", "import");
    let res = browser
        .post(app.url("/admin/lieux/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let page = location(&res);
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let mut last = Value::Null;
    for _ in 0..300 {
        last = browser
            .get(app.url(&format!("/api/v1/place-imports/{id}")))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if last["finished"].as_bool().unwrap() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(last["status"], "done", "{last}");
    let report = browser
        .get(app.url(last["report_url"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (last, report)
}

async fn place_named(app: &TestApp, name: &str) -> (i64, String) {
    maillage::db_run!(&app.state.db, |p| sqlx::query_as::<_, (i64, String)>(
        "SELECT id, description FROM places WHERE name = $1"
    )
    .bind(name)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn in_network(app: &TestApp, net: i64, place: i64) -> bool {
    let n: i64 = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM network_places WHERE network_id = $1 AND place_id = $2"
    )
    .bind(net)
    .bind(place)
    .fetch_one(p)
    .await)
    .unwrap();
    n > 0
}

both!(import_is_scoped_by_tenant, |app: TestApp| async move {
    let db = &app.state.db;
    let a = tenancy::insert_network(db, "Réseau A", "reseau-a", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let b = tenancy::insert_network(db, "Réseau B", "reseau-b", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let (_, admin_a, _) = network_admin(&app, a, "admin-a@example.org").await;
    let (_, admin_b, token_b) = network_admin(&app, b, "admin-b@example.org").await;

    // Network A imports its places.
    let csv_a = "nom;code_postal;commune;description\n\
                     Tiers-lieu de Riez;04500;Riez;Le lieu du réseau A\n";
    let (done, _) = import_lieux(&app, &admin_a, a, csv_a).await;
    assert_eq!(done["imported"], 1, "{done}");
    let (place, description) = place_named(&app, "Tiers-lieu de Riez").await;
    assert!(description.contains("réseau A"), "{description}");

    // Network B's admin uploads the same file name with the same row (finding 1).
    let csv_b = "nom;code_postal;commune;description\n\
                     Tiers-lieu de Riez;04500;Riez;Repris par le réseau B\n";
    let (done, report) = import_lieux(&app, &admin_b, b, csv_b).await;
    assert_eq!(done["imported"], 0, "{done}");
    assert_eq!(done["updated"], 0, "never an update: {done}");
    assert!(report.contains("doublon possible"), "{report}");
    assert!(report.contains(&format!("n° {place}")), "{report}");
    let page = admin_b
        .get(app.url(done["page_url"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("doublon possible"), "{page}");

    // A's place is unchanged and B gained no right on it.
    let (_, description) = place_named(&app, "Tiers-lieu de Riez").await;
    assert!(description.contains("réseau A"), "{description}");
    assert!(in_network(&app, a, place).await);
    assert!(!in_network(&app, b, place).await, "B was not added");
    let res = admin_b
        .get(app.url(&format!("/admin/lieux/{place}")))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 200, "B may not manage A's place");
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/places/{place}")))
        .bearer_auth(&token_b)
        .send()
        .await
        .unwrap();
    assert!(
        [403, 404].contains(&res.status().as_u16()),
        "B may not delete A's place: {}",
        res.status()
    );
    assert_eq!(place_named(&app, "Tiers-lieu de Riez").await.0, place);

    // A re-importing its own file still updates its place.
    let csv_a2 = "nom;code_postal;commune;description\n\
                      Tiers-lieu de Riez;04500;Riez;Le lieu du réseau A, horaires d'été\n";
    let (done, _) = import_lieux(&app, &admin_a, a, csv_a2).await;
    assert_eq!(done["updated"], 1, "{done}");
    let (_, description) = place_named(&app, "Tiers-lieu de Riez").await;
    assert!(description.contains("horaires d'été"), "{description}");
});

// ---- finding 6: credentials end together ----

both!(
    password_change_and_reset_revoke_api_tokens,
    |app: TestApp| async move {
        let uid = app.user("alice@example.org", "Alice").await;
        let token = app.token_for(uid).await;
        assert_eq!(app.api_get("/api/v1/me", &token).await.status(), 200);

        // The page says what a change does, in French and in English.
        let browser = app.new_browser();
        app.login_as(&browser, "alice@example.org").await;
        let page = browser
            .get(app.url("/compte"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("révoque tous vos jetons"), "{page}");
        browser
            .post(app.url("/langue"))
            .form(&[("lang", "en"), ("next", "/compte")])
            .send()
            .await
            .unwrap();
        let page = browser
            .get(app.url("/compte"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("revokes all your API tokens"), "{page}");

        // POST /compte/mot-de-passe: the token made before answers 401 (finding 6).
        let new_password = "une toute nouvelle phrase 456";
        let res = browser
            .post(app.url("/compte/mot-de-passe"))
            .form(&[
                ("current_password", PASSWORD),
                ("password", new_password),
                ("password_confirm", new_password),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(app.api_get("/api/v1/me", &token).await.status(), 401);

        // A reset by emailed link ends the tokens made since.
        let token = app.token_for(uid).await;
        assert_eq!(app.api_get("/api/v1/me", &token).await.status(), 200);
        app.drain_emails().await;
        app.post_form("/mot-de-passe-oublie", &[("email", "alice@example.org")])
            .await;
        let link = app.email_to("alice@example.org").await.link_path(&app.base);
        let reset = app.get(&link).await.text().await.unwrap();
        assert!(reset.contains("révoque tous vos jetons"), "{reset}");
        let res = app
            .post_form(
                &link,
                &[
                    ("password", "encore une autre phrase 789"),
                    ("password_confirm", "encore une autre phrase 789"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.api_get("/api/v1/me", &token).await.status(), 401);
    }
);

both!(
    tokens_show_their_dates_and_expire,
    |app: TestApp| async move {
        let uid = app.user("bob@example.org", "Bob").await;
        let token = app.token_for(uid).await;
        let (s, list) = crate::harness::send(
            &app,
            reqwest::Method::GET,
            "/api/v1/me/tokens",
            &token,
            Value::Null,
        )
        .await;
        assert_eq!(s, 200, "{list}");
        let t = &list[0];
        assert!(t["created_at"].as_str().unwrap().ends_with('Z'), "{t}");
        assert!(
            t["last_used_at"].is_string(),
            "used by this very request: {t}"
        );
        assert!(t["expires_at"].is_null());
        assert_eq!(t["active"], true);
        assert!(t.get("token_hash").is_none() && t.get("token").is_none());

        // An expired token answers 401.
        let now = app.state.clock.now_ms();
        let old = maillage::accounts::service::create_token_until(
            &app.state,
            uid,
            "court",
            Some(now - 1),
            "127.0.0.1",
        )
        .await
        .unwrap();
        assert_eq!(app.api_get("/api/v1/me", &old).await.status(), 401);
        let soon = maillage::accounts::service::create_token_until(
            &app.state,
            uid,
            "une heure",
            Some(now + 3_600_000),
            "127.0.0.1",
        )
        .await
        .unwrap();
        assert_eq!(app.api_get("/api/v1/me", &soon).await.status(), 200);

        // The tokens page: creation and last-use dates, an optional expiry date.
        let browser = app.new_browser();
        app.login_as(&browser, "bob@example.org").await;
        let res = browser
            .post(app.url("/compte/jetons"))
            .form(&[("name", "cron"), ("expires_on", "2000-01-01")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "a past date is refused");
        let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2))
            .format("%Y-%m-%d")
            .to_string();
        let res = browser
            .post(app.url("/compte/jetons"))
            .form(&[("name", "cron"), ("expires_on", tomorrow.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Créé le") && page.contains("dernière utilisation"));
        assert!(page.contains("expire le"), "{page}");
        assert!(page.contains("expiré le"), "the expired one: {page}");
        let (_, list) = crate::harness::send(
            &app,
            reqwest::Method::GET,
            "/api/v1/me/tokens",
            &token,
            Value::Null,
        )
        .await;
        let cron = list
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "cron")
            .unwrap();
        assert!(cron["expires_at"].is_string(), "{cron}");
        let court = list
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["name"] == "court")
            .unwrap();
        assert_eq!(court["active"], false, "{court}");
    }
);

// ---- finding 7: NUL and control characters refused at the edge ----

both!(
    control_characters_never_reach_the_database,
    |app: TestApp| async move {
        let w = world(&app).await;
        // A service of a place, requested by an anonymous visitor.
        let (s, svc) = send(
            &app,
            "POST",
            &format!("/api/v1/places/{}/services", w.p1),
            Some(&w.manager1),
            Some(json!({"name": "Domiciliation", "category": "domiciliation",
                    "price_cents": 1250, "price_unit": "mois"})),
        )
        .await;
        assert_eq!(s, 201, "{svc}");
        let sid = svc["id"].as_i64().unwrap();
        let anonymous = app.new_browser();
        let res = anonymous
            .post(app.url(&format!("/prestations/{sid}/demander")))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=Lou&email=lou%40example.org&message=bon%00jour")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(page.contains("« message »"), "{page}");
        assert!(page.contains("caractère de contrôle"), "{page}");
        // Tab, CR and LF stay allowed in a body.
        let res = anonymous
            .post(app.url(&format!("/prestations/{sid}/demander")))
            .form(&[
                ("name", "Lou"),
                ("email", "lou@example.org"),
                ("message", "Bonjour,\r\n\tpour mon association."),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        // A meeting title through the API: the structured error names the field.
        let g = club(&app, &w.manager1, w.p1, "Club d'hôtes", "public").await;
        let start = chrono::Utc::now() + chrono::Duration::days(7);
        let (s, b) = send(
            &app,
            "POST",
            &format!("/api/v1/groups/{g}/meetings"),
            Some(&w.manager1),
            Some(
                json!({"title": "Réunion\u{0}", "starts_at": start.to_rfc3339(),
                    "ends_at": (start + chrono::Duration::hours(1)).to_rfc3339()}),
            ),
        )
        .await;
        assert_eq!(s, 422, "{b}");
        assert_eq!(b["error"]["code"], "validation_failed");
        assert!(b["error"]["fields"]["title"]
            .as_str()
            .unwrap()
            .contains("contrôle"));

        // A token's name, through the page.
        let browser = app.new_browser();
        app.login_as(&browser, "presidente@example.org").await;
        let res = browser
            .post(app.url("/compte/jetons"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("name=mon%00jeton")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("« name »"));

        // In an address: 404 (no resource has one), never a 500; in a query string: 422.
        for path in ["/lieux/a%00b", "/lieux/a%0Db", "/api/v1/places/1%00"] {
            let res = reqwest::get(app.url(path)).await.unwrap();
            assert_eq!(res.status(), 404, "{path}");
        }
        let res = reqwest::get(app.url("/lieux?q=a%00b")).await.unwrap();
        assert_eq!(res.status(), 422);
        let res = reqwest::get(app.url("/api/v1/places?q=a%00b"))
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let b: Value = res.json().await.unwrap();
        assert!(b["error"]["fields"]["q"].is_string(), "{b}");
    }
);

// ---- finding 8: image decoding bounded ----

both!(
    a_huge_picture_is_refused_before_decoding,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (s, ev) = send(
            &app,
            "POST",
            "/api/v1/events",
            Some(&w.manager1),
            Some(json!({"title": "Atelier", "starts_at": "2031-05-06T14:00",
                    "ends_at": "2031-05-06T17:00", "place_id": w.p1})),
        )
        .await;
        assert_eq!(s, 201, "{ev}");
        let id = ev["id"].as_i64().unwrap();
        // 7000 × 7000 pixels of one colour: a small file, 49 million pixels.
        let mut png = Vec::new();
        image::DynamicImage::ImageLuma8(image::GrayImage::new(7000, 7000))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert!(png.len() < 1024 * 1024, "{}", png.len());
        let (s, b) = app
            .api_multipart(
                &format!("/api/v1/events/{id}/image"),
                &w.manager1,
                crate::harness::photo_form("Une image immense", Some(("immense.png", png))),
            )
            .await;
        assert_eq!(s, 422, "{b}");
        let msg = b["error"]["fields"]["file"].as_str().unwrap();
        assert!(msg.contains("trop grande"), "{msg}");
    }
);

// ---- finding 9: CSV formula injection ----

both!(csv_exports_neutralise_formulas, |app: TestApp| async move {
    let w = world(&app).await;
    let name = "=HYPERLINK(\"http://x\",\"y\")";
    let (s, b) = send(
        &app,
        "PUT",
        &format!("/api/v1/places/{}", w.p1),
        Some(&w.manager1),
        Some(json!({"name": name, "address": "1 place de la Mairie",
                    "postal_code": "04500", "city": "Riez", "longitude": "-0.9372",
                    "latitude": "45.3126", "phone": "+33492000000"})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let csv_bytes = reqwest::get(app.url("/api/v1/places.csv"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut rd = csv::Reader::from_reader(csv_bytes.as_ref());
    let headers = rd.headers().unwrap().clone();
    let nom = headers.iter().position(|h| h == "nom").unwrap();
    let lon = headers.iter().position(|h| h == "longitude").unwrap();
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    let row = rows
        .iter()
        .find(|r| r[nom].contains("HYPERLINK"))
        .expect("the renamed place is exported");
    assert!(row[nom].starts_with("'="), "{:?}", &row[nom]);
    assert_eq!(&row[lon], "-0.9372", "a plain number stays a number");
    for r in &rows {
        for cell in r.iter() {
            assert!(
                !cell.starts_with(['=', '@', '\t', '\r']),
                "{cell:?} in {r:?}"
            );
        }
    }
});

// ---- finding 10: no bare CR in iCalendar ----

both!(ics_values_carry_no_bare_cr, |app: TestApp| async move {
    let w = world(&app).await;
    let g = club(&app, &w.manager1, w.p1, "Club d'hôtes", "public").await;
    let start = chrono::Utc::now() + chrono::Duration::days(7);
    let (s, m) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{g}/meetings"),
        Some(&w.manager1),
        Some(json!({"title": "Réunion\rURL:https://evil.example",
                    "starts_at": start.to_rfc3339(),
                    "ends_at": (start + chrono::Duration::hours(1)).to_rfc3339()})),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    let id = m["id"].as_i64().unwrap();
    let res = reqwest::Client::new()
        .get(app.url(&format!("/reunions/{id}/ics")))
        .bearer_auth(&w.manager1)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let ics = res.text().await.unwrap();
    let bytes = ics.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}: {ics:?}");
        }
    }
    for line in ics.split(['\r', '\n']) {
        assert!(!line.starts_with("URL:https://evil"), "{ics}");
    }
    assert!(
        ics.contains("SUMMARY:Réunion\\nURL:https://evil.example"),
        "{ics}"
    );
});

// ---- finding 11: metrics bounded, and restricted when configured ----

both!(metric_labels_are_bounded, |app: TestApp| async move {
    let client = reqwest::Client::new();
    for i in 0..5 {
        let method = format!("ZZRANDOM{i}{}", "Q".repeat(180));
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let _ = client.request(m, app.url("/")).send().await.unwrap();
    }
    let _ = client
        .get(app.url("/une/adresse/qui/n/existe/pas-1234"))
        .send()
        .await
        .unwrap();
    let body = app.get("/metrics").await.text().await.unwrap();
    assert!(!body.contains("ZZRANDOM"), "no label per unknown method");
    assert!(body.contains("method=\"OTHER\""), "{body}");
    assert!(!body.contains("pas-1234"), "no label per unknown path");
    assert!(body.contains("route=\"unmatched\""), "{body}");
});

both!(
    metrics_can_require_a_bearer_token,
    |app: TestApp| async move {
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.metrics_token = maillage::config::Secret("jeton-de-supervision".into());
        })
        .await;
        let res = node.get("/metrics").await;
        assert_eq!(res.status(), 401);
        assert!(res.headers().contains_key("www-authenticate"));
        let res = reqwest::Client::new()
            .get(node.url("/metrics"))
            .bearer_auth("mauvais")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
        let res = reqwest::Client::new()
            .get(node.url("/metrics"))
            .bearer_auth("jeton-de-supervision")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("maillage_http_requests_total"));
        // Without the setting, /metrics stays open (the default).
        assert_eq!(app.get("/metrics").await.status(), 200);
    }
);

// ---- finding 2: who may publish where is one rule ----

/// A place of `net` (or of no network), and a space of it.
async fn place_with_space(app: &TestApp, name: &'static str, net: Option<i64>) -> (i64, i64) {
    let place = maillage::places::repo::insert_place(
        &app.state.db,
        maillage::places::repo::NewPlace {
            name,
            slug: name,
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: net.map(maillage::ids::NetworkId),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
    .get();
    let input: maillage::bookings::model::SpaceInput =
        serde_json::from_value(json!({"name": "Salle", "kind": "atelier", "capacity": 20}))
            .unwrap();
    let space = maillage::bookings::service::create_space(
        &app.state,
        maillage::ids::PlaceId(place),
        &input.validate().unwrap(),
    )
    .await
    .unwrap()
    .id
    .get();
    (place, space)
}

/// A local time `days` from today in Europe/Paris, `YYYY-MM-DDTHH:00`.
fn local_at(days: i64, hour: u32) -> String {
    let d = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
        + chrono::Duration::days(days);
    format!("{d}T{hour:02}:00")
}

/// The titles of the coming events of network `net` in the API and in its iCal feed.
async fn network_agenda(app: &TestApp, net: i64, slug: &str) -> (String, String) {
    let (_, list) = send(
        app,
        "GET",
        &format!("/api/v1/events?network_id={net}"),
        None,
        None,
    )
    .await;
    let ics = reqwest::get(app.url(&format!("/reseaux/{slug}/agenda.ics")))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    (list.to_string(), ics)
}

struct Publish {
    a: i64,
    b: i64,
    admin_a_browser: reqwest::Client,
    admin_a: String,
    admin_b: String,
    own_place: i64,
    other_place: i64,
    other_space: i64,
    third_space: i64,
    manager_token: String,
    member_token: String,
    start: String,
    end: String,
}

/// Networks A and B (each with its admin), a place of A and its manager, a place of B with a
/// space, a third place with a space, and a member of nobody.
async fn publish_world(app: &TestApp) -> Publish {
    let db = &app.state.db;
    let a = tenancy::insert_network(db, "Réseau A", "reseau-a", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let b = tenancy::insert_network(db, "Réseau B", "reseau-b", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let (_, admin_a_browser, admin_a) = network_admin(app, a, "admin-a@example.org").await;
    let (_, _, admin_b) = network_admin(app, b, "admin-b@example.org").await;
    let (own_place, _) = place_with_space(app, "lieu-du-gerant", Some(a)).await;
    let (other_place, other_space) = place_with_space(app, "lieu-d-un-autre", Some(b)).await;
    let (_, third_space) = place_with_space(app, "troisieme-lieu", None).await;
    let manager = app.user("gerant@example.org", "Gérant").await;
    accounts::grant_role(
        db,
        manager,
        RoleKind::PlaceManager,
        None,
        Some(own_place),
        0,
    )
    .await
    .unwrap();
    let manager_token = app.token_for(manager).await;
    let member = app.user("membre@example.org", "Membre").await;
    let member_token = app.token_for(member).await;

    Publish {
        a,
        b,
        admin_a_browser,
        admin_a,
        admin_b,
        own_place,
        other_place,
        other_space,
        third_space,
        manager_token,
        member_token,
        start: local_at(10, 18),
        end: local_at(10, 20),
    }
}

/// An event's body: `title`, the world's dates, and `extra`.
fn workshop(w: &Publish, title: &str, extra: Value) -> Value {
    let mut body = json!({"title": title, "starts_at": w.start, "ends_at": w.end});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    body
}

/// A project of the member naming network A, as the API answers it.
async fn requesting_project(app: &TestApp, w: &Publish, name: &str, public: bool) -> Value {
    let (s, project) = send(
        app,
        "POST",
        "/api/v1/projects",
        Some(&w.member_token),
        Some(json!({"name": name, "network_id": w.a, "public": public})),
    )
    .await;
    assert_eq!(s, 201, "{project}");
    project
}

both!(
    a_place_publishes_only_in_its_networks_and_places,
    |app: TestApp| async move {
        let w = publish_world(&app).await;
        // A place manager publishes in a network's agenda only if the place belongs to it.
        let (s, err) = send(
            &app,
            "POST",
            "/api/v1/events",
            Some(&w.manager_token),
            Some(workshop(
                &w,
                "Atelier chez B",
                json!({"place_id": w.own_place, "network_id": w.b}),
            )),
        )
        .await;
        assert_eq!(s, 422, "{err}");
        assert!(err["error"]["fields"]["network_id"].is_string(), "{err}");
        let (list, _) = network_agenda(&app, w.b, "reseau-b").await;
        assert!(!list.contains("Atelier chez B"), "{list}");
        let (s, ev) = send(
            &app,
            "POST",
            "/api/v1/events",
            Some(&w.manager_token),
            Some(workshop(
                &w,
                "Atelier du lieu",
                json!({"place_id": w.own_place, "network_id": w.a}),
            )),
        )
        .await;
        assert_eq!(s, 201, "its own network: {ev}");
        // … and hosts it only in a place they manage, at creation and at every edit.
        let (s, err) = send(
        &app,
        "POST",
        "/api/v1/events",
        Some(&w.manager_token),
        Some(workshop(
            &w,
            "Atelier squatteur",
            json!({"place_id": w.own_place, "location_kind": "place", "location_place_id": w.other_place}),
        )),
    )
    .await;
        assert_eq!(s, 422, "{err}");
        assert!(
            err["error"]["fields"]["location_place_id"].is_string(),
            "{err}"
        );
        let browser = app.new_browser();
        app.login_as(&browser, "gerant@example.org").await;
        let id = ev["id"].as_i64().unwrap();
        let res = browser
            .post(app.url(&format!("/evenements/{id}/modifier")))
            .form(&[
                ("title", "Atelier du lieu"),
                ("kind", "atelier"),
                ("starts_at", w.start.as_str()),
                ("ends_at", w.end.as_str()),
                ("location_kind", "place"),
                ("location_place_id", w.other_place.to_string().as_str()),
                ("space_id", w.other_space.to_string().as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "an edit re-runs the rule");
        let (_, other_agenda) = send(
            &app,
            "GET",
            &format!("/api/v1/events?place_id={}", w.other_place),
            None,
            None,
        )
        .await;
        assert!(
            other_agenda.as_array().unwrap().is_empty(),
            "nothing reached the other place's agenda: {other_agenda}"
        );
    }
);

both!(
    a_workshop_is_hosted_only_where_its_author_manages,
    |app: TestApp| async move {
        let w = publish_world(&app).await;
        let project = requesting_project(&app, &w, "Projet pirate", true).await;
        let pid = project["id"].as_i64().unwrap();
        // Its workshop hosted in a place the member does not manage: refused on the field.
        let (s, err) = send(
        &app,
        "POST",
        &format!("/api/v1/projects/{pid}/events"),
        Some(&w.member_token),
        Some(workshop(
            &w,
            "Atelier chez les autres",
            json!({"location_kind": "place", "location_place_id": w.other_place, "space_id": w.other_space}),
        )),
    )
    .await;
        assert_eq!(s, 422, "{err}");
        assert!(
            err["error"]["fields"]["location_place_id"].is_string(),
            "{err}"
        );
        // … and a space of yet another place.
        let (s, err) = send(
        &app,
        "POST",
        &format!("/api/v1/projects/{pid}/events"),
        Some(&w.member_token),
        Some(workshop(
            &w,
            "Atelier ailleurs",
            json!({"location_kind": "place", "location_place_id": w.other_place, "space_id": w.third_space}),
        )),
    )
    .await;
        assert_eq!(s, 422, "{err}");
        assert!(err["error"]["fields"]["space_id"].is_string(), "{err}");
    }
);

both!(
    a_network_follows_a_project_only_once_its_admin_accepts,
    |app: TestApp| async move {
        let w = publish_world(&app).await;
        // A member creates a project naming network A: a request, not a following.
        let (s, project) = send(
            &app,
            "POST",
            "/api/v1/projects",
            Some(&w.member_token),
            Some(json!({"name": "Projet pirate", "network_id": w.a, "public": true})),
        )
        .await;
        assert_eq!(s, 201, "{project}");
        let pid = project["id"].as_i64().unwrap();

        // At an address it is created, but stays out of network A's agenda until A accepts.
        let (s, ev) = send(
            &app,
            "POST",
            &format!("/api/v1/projects/{pid}/events"),
            Some(&w.member_token),
            Some(workshop(
                &w,
                "Atelier du projet pirate",
                json!({"location_kind": "address", "address": "Salle des fêtes"}),
            )),
        )
        .await;
        assert_eq!(s, 201, "{ev}");
        let (list, ics) = network_agenda(&app, w.a, "reseau-a").await;
        assert!(!list.contains("projet pirate"), "{list}");
        assert!(!ics.contains("projet pirate"), "{ics}");
        let (_, all) = send(&app, "GET", "/api/v1/events", None, None).await;
        assert!(!all.to_string().contains("projet pirate"), "{all}");
        assert_eq!(project["network_status"], "requested", "{project}");

        // Network A's admin has no right on a private project that only asked.
        let (s, private) = send(
            &app,
            "POST",
            "/api/v1/projects",
            Some(&w.member_token),
            Some(json!({"name": "Projet discret", "network_id": w.a, "public": false})),
        )
        .await;
        assert_eq!(s, 201, "{private}");
        let private_id = private["id"].as_i64().unwrap();
        let (s, _) = send(
            &app,
            "GET",
            &format!("/api/v1/projects/{private_id}"),
            Some(&w.admin_a),
            None,
        )
        .await;
        assert_eq!(s, 404, "a request gives the network's admins no right");

        // The requests are on A's dashboard (API and page), not B's; B's admin cannot answer.
        let (s, dash) = send(
            &app,
            "GET",
            "/api/v1/projects/dashboard",
            Some(&w.admin_a),
            None,
        )
        .await;
        assert_eq!(s, 200, "{dash}");
        let asked: Vec<i64> = dash["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert!(
            asked.contains(&pid) && asked.contains(&private_id),
            "{dash}"
        );
        assert!(dash["projects"].as_array().unwrap().is_empty(), "{dash}");
        let (_, dash_b) = send(
            &app,
            "GET",
            "/api/v1/projects/dashboard",
            Some(&w.admin_b),
            None,
        )
        .await;
        assert!(
            dash_b["requests"].as_array().unwrap().is_empty(),
            "{dash_b}"
        );
        let (s, _) = send(
            &app,
            "POST",
            &format!("/api/v1/projects/{pid}/network"),
            Some(&w.admin_b),
            Some(json!({"decision": "accept"})),
        )
        .await;
        assert_eq!(s, 404);
        let page = w
            .admin_a_browser
            .get(app.url("/projets/suivi"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Demandes de suivi") && page.contains("Projet pirate"),
            "{page}"
        );

        // A accepts (API for one, the page's button for the other): the workshop joins A's
        // agenda, and A's admin now advises the private project.
        let (s, accepted) = send(
            &app,
            "POST",
            &format!("/api/v1/projects/{pid}/network"),
            Some(&w.admin_a),
            Some(json!({"decision": "accept"})),
        )
        .await;
        assert_eq!(s, 200, "{accepted}");
        assert_eq!(accepted["network_status"], "accepted");
        let (list, ics) = network_agenda(&app, w.a, "reseau-a").await;
        assert!(list.contains("projet pirate"), "{list}");
        assert!(ics.contains("projet pirate"), "{ics}");
        let res = w
            .admin_a_browser
            .post(app.url("/projets/projet-discret/suivi-reseau"))
            .form(&[("decision", "accept")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (s, _) = send(
            &app,
            "GET",
            &format!("/api/v1/projects/{private_id}"),
            Some(&w.admin_a),
            None,
        )
        .await;
        assert_eq!(s, 200);
    }
);

// Issue 14, follow-up of finding 2: the holders see where their request stands, on the
// project's workspace, and are told by email when the network's admin answers.
both!(
    holders_see_and_hear_the_networks_answer,
    |app: TestApp| async move {
        let w = publish_world(&app).await;
        let mut slugs = Vec::new();
        for name in ["Projet suivi", "Projet refusé"] {
            let (s, p) = send(
                &app,
                "POST",
                "/api/v1/projects",
                Some(&w.member_token),
                Some(json!({"name": name, "network_id": w.a, "public": true})),
            )
            .await;
            assert_eq!(s, 201, "{p}");
            slugs.push((
                p["id"].as_i64().unwrap(),
                p["slug"].as_str().unwrap().to_string(),
            ));
        }
        let holder = app.new_browser();
        app.login_as(&holder, "membre@example.org").await;
        let workspace = |slug: String| {
            let holder = holder.clone();
            let url = app.url(&format!("/projets/{slug}/espace"));
            async move {
                let res = holder.get(url).send().await.unwrap();
                assert_eq!(res.status(), 200);
                res.text().await.unwrap()
            }
        };
        let page = workspace(slugs[0].1.clone()).await;
        assert!(
            page.contains("Demande de suivi envoyée au réseau Réseau A — en attente"),
            "{page}"
        );
        app.drain_emails().await;

        // Accepted by the dashboard's button: the page says so, the holder got an email.
        let res = w
            .admin_a_browser
            .post(app.url(&format!("/projets/{}/suivi-reseau", slugs[0].1)))
            .form(&[("decision", "accept")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let page = workspace(slugs[0].1.clone()).await;
        assert!(
            page.contains("Demande de suivi envoyée au réseau Réseau A — acceptée"),
            "{page}"
        );
        let mail = app.email_to("membre@example.org").await;
        assert!(mail.subject.contains("Réseau A") && mail.subject.contains("Projet suivi"));
        assert!(mail.text.contains("— acceptée"), "{}", mail.text);
        assert!(
            mail.text
                .contains(&format!("{}/projets/{}/espace", app.base, slugs[0].1)),
            "{}",
            mail.text
        );

        // Refused through the API: the same.
        let (s, _) = send(
            &app,
            "POST",
            &format!("/api/v1/projects/{}/network", slugs[1].0),
            Some(&w.admin_a),
            Some(json!({"decision": "refuse"})),
        )
        .await;
        assert_eq!(s, 200);
        let page = workspace(slugs[1].1.clone()).await;
        assert!(
            page.contains("Demande de suivi envoyée au réseau Réseau A — refusée"),
            "{page}"
        );
        let mail = app.email_to("membre@example.org").await;
        assert!(mail.subject.contains("ne suit pas"), "{}", mail.subject);
        assert!(mail.text.contains("— refusée"), "{}", mail.text);
    }
);

// ---- finding 3 (events): a change re-runs the capacity rule ----

/// Rina (with one guest) and Sam registered to a 3-seat event; then either Rina changes her
/// guests, or the organizer changes the capacity.
async fn capacity_story(app: TestApp, guests_change: bool) {
    let db = &app.state.db;
    let net = tenancy::insert_network(db, "Réseau A", "reseau-a", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let (place, _) = place_with_space(&app, "lieu-du-gerant", Some(net)).await;
    let manager = app.user("gerant@example.org", "Gérant").await;
    accounts::grant_role(db, manager, RoleKind::PlaceManager, None, Some(place), 0)
        .await
        .unwrap();
    let manager_token = app.token_for(manager).await;
    let (start, end) = (local_at(10, 18), local_at(10, 20));
    let (s, ev) = send(
        &app,
        "POST",
        "/api/v1/events",
        Some(&manager_token),
        Some(
            json!({"title": "Atelier couture", "place_id": place, "capacity": 3,
                        "starts_at": start, "ends_at": end}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{ev}");
    let id = ev["id"].as_i64().unwrap();
    let rina = app.user("rina@example.org", "Rina").await;
    let rina = app.token_for(rina).await;
    let sam = app.user("sam@example.org", "Sam").await;
    let sam = app.token_for(sam).await;
    let register = |token: String, guests: i64| {
        let app = &app;
        async move {
            send(
                app,
                "POST",
                &format!("/api/v1/events/{id}/registrations"),
                Some(&token),
                Some(json!({"guests": guests})),
            )
            .await
        }
    };
    let (s, r) = register(rina.clone(), 1).await;
    assert_eq!((s, r["status"].as_str()), (201, Some("confirmed")), "{r}");
    let (s, r2) = register(sam.clone(), 0).await;
    assert_eq!((s, r2["status"].as_str()), (201, Some("confirmed")), "{r2}");

    let rid = r["id"].as_i64().unwrap();
    if !guests_change {
        // The organizer lowers the capacity below the 3 confirmed seats: refused on the
        // field; as many seats as confirmed is fine.
        let browser = app.new_browser();
        app.login_as(&browser, "gerant@example.org").await;
        for (capacity, status) in [("2", 422), ("3", 303)] {
            let res = browser
                .post(app.url(&format!("/evenements/{id}/modifier")))
                .form(&[
                    ("title", "Atelier couture"),
                    ("kind", "atelier"),
                    ("starts_at", start.as_str()),
                    ("ends_at", end.as_str()),
                    ("capacity", capacity),
                    ("location_kind", "place"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), status, "capacity {capacity}");
            if status == 422 {
                assert!(res
                    .text()
                    .await
                    .unwrap()
                    .contains("inscriptions confirmées"));
            }
        }
        return;
    }
    // Rina asks for one more guest: 4 seats for 3, refused and unchanged.
    let (s, body) = register(rina.clone(), 2).await;
    assert_eq!(s, 409, "{body}");
    let guests = |reg: i64| {
        let db = app.state.db.clone();
        async move {
            maillage::db_run!(&db, |p| sqlx::query_scalar::<_, i32>(
                "SELECT guests FROM event_registrations WHERE id = $1"
            )
            .bind(reg)
            .fetch_one(p)
            .await)
            .unwrap()
        }
    };
    assert_eq!(guests(rid).await, 1);
    // Fewer guests is a change too.
    let (s, body) = register(rina.clone(), 0).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(guests(rid).await, 0);
}

both!(
    event_capacity_below_confirmed_is_refused,
    |app: TestApp| async move {
        capacity_story(app, false).await;
    }
);

both!(
    registration_guests_change_rechecks_capacity,
    |app: TestApp| async move {
        capacity_story(app, true).await;
    }
);
