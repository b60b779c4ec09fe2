//! Trainings ("formations", issue 19 points 1, 2, 7 and 8) on both engines, with the demo
//! data: writing through the API and the forms (the same rules at creation and at every edit,
//! 422 JSON and French form errors), who writes (a stranger, another place's manager and an
//! anonymous caller are refused), the portal's filters and accent-insensitive search, the
//! `Course` JSON-LD, sessions that are agenda events (agenda page, iCal feed, capacity and
//! waiting list of the agenda's registrations), and the network's CSV census.

use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};
use crate::news::{call, demo, login_demo, text};

pub(crate) async fn post(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    send(app, reqwest::Method::POST, path, token, body).await
}

/// A JSON request to the API, with the token if any: its status and JSON body.
pub(crate) async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Value,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method, app.url(path))
        .header("origin", app.base.clone())
        .json(&body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

fn training(place: Option<i64>, network: Option<i64>) -> Value {
    json!({
        "title": "Réparer son vélo",
        "objectives": "Diagnostiquer une panne et réparer un vélo.",
        "duration_hours": 3.5,
        "modality": "presentiel",
        "price_cents": 4500,
        "place_id": place,
        "network_id": network,
    })
}

/// A local Paris time `days` ahead at `h`:00.
pub(crate) fn ahead(app: &TestApp, days: i64, h: u32) -> String {
    let now = maillage::events::model::utc_to_paris(app.state.clock.now_ms());
    let d = now.date() + chrono::Duration::days(days);
    d.and_hms_opt(h, 0, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn json_ld(page: &str) -> Value {
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .expect("JSON-LD on the training's page");
    serde_json::from_str(ld).expect("valid JSON")
}

both!(trainings_api_rules, |app: TestApp| async move {
    let d = demo(&app).await;

    // The closed lists are listed in the OpenAPI document (the filter's too).
    let doc = app.openapi().await;
    for (name, values) in [
        ("Modality", json!(["presentiel", "distanciel", "mixte"])),
        ("Certification", json!(["none", "rncp", "rs"])),
        (
            "FundingRoute",
            json!(["individuel", "employeur", "demandeur-emploi", "gratuit"]),
        ),
    ] {
        assert_eq!(doc["components"]["schemas"][name]["enum"], values, "{name}");
    }

    // The place's manager writes for the place; the programme is sanitized.
    let mut body = training(Some(d.riez), None);
    body["programme_html"] =
        json!("<p>Freins <strong>et</strong> dérailleurs</p><script>alert(1)</script>");
    body["certification"] = json!(" rncp 35185 ");
    body["price_employer_cents"] = json!(12000);
    body["free"] = json!(true);
    body["theme"] = json!("Mobilité");
    let (s, created) = post(&app, "/api/v1/trainings", Some(&d.gerant), body).await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["slug"], "reparer-son-velo");
    let (s, v) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/trainings/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert!(v["programme_html"]
        .as_str()
        .unwrap()
        .contains("<strong>et</strong>"));
    assert!(!v["programme_html"].as_str().unwrap().contains("script"));
    assert_eq!(v["certification"], "RNCP35185");
    assert_eq!(v["certification_kind"], "rncp");
    assert_eq!(v["duration_hours"], 3.5);
    assert_eq!(v["price_cents"], 4500);
    assert_eq!(v["price_employer_cents"], 12000);
    assert!(v["price_job_seeker_cents"].is_null());
    assert_eq!(v["free"], true);
    assert_eq!(v["provider_name"], "Tiers-lieu de Riez");

    // The same title twice: a second slug.
    let (s, again) = post(
        &app,
        "/api/v1/trainings",
        Some(&d.gerant),
        training(Some(d.riez), None),
    )
    .await;
    assert_eq!(s, 201, "{again}");
    assert_eq!(again["slug"], "reparer-son-velo-2");

    // Validation: 422 naming the field, in French.
    for (change, field) in [
        (json!({"certification": "RNCP12A"}), "certification"),
        (json!({"certification": "ABC123"}), "certification"),
        (json!({"price_cents": -1}), "price_cents"),
        (
            json!({"price_job_seeker_cents": -100}),
            "price_job_seeker_cents",
        ),
        (json!({"duration_hours": 0}), "duration_hours"),
        (json!({"title": ""}), "title"),
        (json!({"qualiopi_on": "15/03/2024"}), "qualiopi_on"),
        (json!({"network_id": d.network}), "place_id"),
        (json!({"place_id": null}), "place_id"),
        (json!({"trainer_ids": [999_999]}), "trainer_ids"),
    ] {
        let mut body = training(Some(d.riez), None);
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, v) = post(&app, "/api/v1/trainings", Some(&d.gerant), body).await;
        assert_eq!(s, 422, "{change}: {v}");
        assert_eq!(v["error"]["code"], "validation_failed", "{v}");
        assert!(v["error"]["fields"][field].is_string(), "{change}: {v}");
    }
    let mut body = training(Some(d.riez), None);
    body["certification"] = json!("RNCP12A");
    let (_, v) = post(&app, "/api/v1/trainings", Some(&d.gerant), body).await;
    assert!(
        v["error"]["fields"]["certification"]
            .as_str()
            .unwrap()
            .contains("RNCP ou RS"),
        "{v}"
    );
    // An unknown modality is refused by the body reader (422 on the field).
    let mut body = training(Some(d.riez), None);
    body["modality"] = json!("correspondance");
    let (s, v) = post(&app, "/api/v1/trainings", Some(&d.gerant), body).await;
    assert_eq!(s, 422, "{v}");

    // Who writes: anonymous 401, a stranger, another place's manager and a member 403; the
    // network's animator and an admin write for the place; the place's manager not for the
    // network.
    let (s, _) = post(
        &app,
        "/api/v1/trainings",
        None,
        training(Some(d.riez), None),
    )
    .await;
    assert_eq!(s, 401);
    for who in [&d.stranger, &d.fablab, &d.membre] {
        let (s, v) = post(
            &app,
            "/api/v1/trainings",
            Some(who),
            training(Some(d.riez), None),
        )
        .await;
        assert_eq!(s, 403, "{v}");
    }
    for who in [&d.animatrice, &d.admin] {
        let (s, v) = post(
            &app,
            "/api/v1/trainings",
            Some(who),
            training(Some(d.riez), None),
        )
        .await;
        assert_eq!(s, 201, "{v}");
    }
    let (s, _) = post(
        &app,
        "/api/v1/trainings",
        Some(&d.gerant),
        training(None, Some(d.network)),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = post(
        &app,
        "/api/v1/trainings",
        Some(&d.animatrice),
        training(None, Some(d.network)),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let (s, _) = post(
        &app,
        "/api/v1/trainings",
        Some(&d.admin),
        training(Some(999_999), None),
    )
    .await;
    assert_eq!(s, 404);

    // PATCH: every rule of the creation holds at the edit; only the fields sent change.
    let path = format!("/api/v1/trainings/{id}");
    let patch = |token: &str, body: Value| {
        let token = token.to_string();
        let path = path.clone();
        let app = &app;
        async move { call(app, reqwest::Method::PATCH, &path, Some(&token), Some(body)).await }
    };
    let (s, v) = patch(
        &d.gerant,
        json!({"certification": "RS5678", "price_cents": null}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["certification_kind"], "rs");
    assert!(v["price_cents"].is_null());
    assert_eq!(v["price_employer_cents"], 12000, "unchanged");
    for (body, field) in [
        (json!({"certification": "RNCP"}), "certification"),
        (json!({"price_employer_cents": -5}), "price_employer_cents"),
        (json!({"duration_hours": -2}), "duration_hours"),
        (json!({"network_id": d.network}), "place_id"),
    ] {
        let (s, v) = patch(&d.gerant, body.clone()).await;
        assert_eq!(s, 422, "{body}: {v}");
        assert!(v["error"]["fields"][field].is_string(), "{body}: {v}");
    }
    let (_, v) = call(&app, reqwest::Method::GET, &path, None, None).await;
    assert_eq!(
        v["certification"], "RS5678",
        "a refused edit changed nothing"
    );
    for who in [&d.stranger, &d.fablab] {
        let (s, _) = patch(who, json!({"title": "Pris"})).await;
        assert_eq!(s, 403);
    }
    // Moving the training to the network needs the network's rights.
    let (s, _) = patch(
        &d.gerant,
        json!({"place_id": null, "network_id": d.network}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = patch(
        &d.animatrice,
        json!({"place_id": null, "network_id": d.network}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["network_id"], d.network);
});

both!(
    trainings_sessions_in_the_agenda,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, created) = post(
            &app,
            "/api/v1/trainings",
            Some(&d.gerant),
            training(Some(d.riez), None),
        )
        .await;
        assert_eq!(s, 201, "{created}");
        let id = created["id"].as_i64().unwrap();
        let slug = created["slug"].as_str().unwrap().to_string();
        let sessions = format!("/api/v1/trainings/{id}/sessions");
        let session =
            json!({"starts_at": ahead(&app, 10, 9), "ends_at": ahead(&app, 10, 12), "capacity": 1});

        // Only the training's writers add sessions.
        let (s, _) = post(&app, &sessions, None, session.clone()).await;
        assert_eq!(s, 401);
        for who in [&d.stranger, &d.fablab, &d.membre] {
            let (s, v) = post(&app, &sessions, Some(who), session.clone()).await;
            assert_eq!(s, 403, "{v}");
        }
        let (s, v) = post(
            &app,
            &sessions,
            Some(&d.gerant),
            json!({"starts_at": ahead(&app, 10, 12), "ends_at": ahead(&app, 10, 9)}),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["ends_at"].is_string(), "{v}");
        let (s, v) = post(&app, &sessions, Some(&d.gerant), session.clone()).await;
        assert_eq!(s, 201, "{v}");
        let event = v["id"].as_i64().unwrap();
        assert!(v["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/evenements/{event}")));

        // It is an agenda event of kind `formation`, in the agenda and its iCal feeds.
        let (s, ev) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/events/{event}"),
            None,
            None,
        )
        .await;
        assert_eq!(s, 200, "{ev}");
        assert_eq!(ev["kind"], "formation");
        assert_eq!(ev["title"], "Réparer son vélo");
        let anon = reqwest::Client::new();
        let (s, agenda) = text(&app, &anon, "/agenda?kind=formation").await;
        assert_eq!(s, 200);
        assert!(agenda.contains("Réparer son vélo"), "in the agenda");
        let (s, ics) = text(&app, &anon, &format!("/lieux/{}/agenda.ics", d.riez_slug)).await;
        assert_eq!(s, 200);
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("SUMMARY:Réparer son vélo"), "{unfolded}");
        let (_, all) = text(&app, &anon, "/agenda.ics").await;
        assert!(all
            .replace("\r\n ", "")
            .contains("SUMMARY:Réparer son vélo"));

        // Registering follows the agenda's capacity: one seat, the second person waits.
        let a = app.user("apprenante@example.org", "Apprenante").await;
        let b = app.user("apprenant@example.org", "Apprenant").await;
        let (ta, tb) = (app.token_for(a).await, app.token_for(b).await);
        let regs = format!("/api/v1/events/{event}/registrations");
        let (s, r) = post(&app, &regs, Some(&ta), json!({})).await;
        assert_eq!((s, r["status"].as_str()), (201, Some("confirmed")), "{r}");
        let (s, r) = post(&app, &regs, Some(&tb), json!({})).await;
        assert_eq!((s, r["status"].as_str()), (201, Some("waitlisted")), "{r}");

        // The training's page and API list the session, with the register link and the seats.
        let (s, v) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/trainings/{id}"),
            None,
            None,
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(v["sessions"][0]["event_id"], event);
        assert_eq!(v["sessions"][0]["confirmed"], 1);
        assert_eq!(v["sessions"][0]["capacity"], 1);
        let (s, page) = text(&app, &anon, &format!("/formations/{slug}")).await;
        assert_eq!(s, 200);
        assert!(
            page.contains(&format!("href=\"/evenements/{event}\"")),
            "register link"
        );
        assert!(page.contains("attente</a>"), "full: the waiting list");
        let ld = json_ld(&page);
        assert_eq!(ld["@context"], "https://schema.org");
        assert_eq!(ld["@type"], "Course");
        assert_eq!(ld["name"], "Réparer son vélo");
        assert_eq!(ld["timeRequired"], "PT210M");
        assert_eq!(ld["provider"]["name"], "Tiers-lieu de Riez");
        assert_eq!(ld["offers"]["price"], "45.00");
        let inst = ld["hasCourseInstance"].as_array().unwrap();
        assert_eq!(inst.len(), 1);
        assert_eq!(inst[0]["@type"], "CourseInstance");
        assert_eq!(inst[0]["courseMode"], "onsite");
        assert_eq!(inst[0]["maximumAttendeeCapacity"], 1);
        assert!(inst[0]["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/evenements/{event}")));

        // A network's training: its session needs a place or an online address.
        let mut body = training(None, Some(d.network));
        body["title"] = json!("Animer un atelier du réseau");
        let (s, v) = post(&app, "/api/v1/trainings", Some(&d.animatrice), body).await;
        assert_eq!(s, 201, "{v}");
        let net_sessions = format!("/api/v1/trainings/{}/sessions", v["id"]);
        let (s, v) = post(
            &app,
            &net_sessions,
            Some(&d.animatrice),
            json!({"starts_at": ahead(&app, 12, 9), "ends_at": ahead(&app, 12, 12)}),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["place_id"].is_string(), "{v}");
        let (s, v) = post(&app, &net_sessions, Some(&d.animatrice), json!({"starts_at": ahead(&app, 12, 9), "ends_at": ahead(&app, 12, 12), "place_id": d.riez})).await;
        assert_eq!(s, 201, "{v}");
        let (s, ev) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/events/{}", v["id"]),
            None,
            None,
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(ev["network_id"], d.network);
        let (_, ics) = text(
            &app,
            &anon,
            &format!("/reseaux/{}/agenda.ics", d.network_slug),
        )
        .await;
        assert!(
            ics.replace("\r\n ", "")
                .contains("SUMMARY:Animer un atelier du réseau"),
            "the network\'s session in its feed"
        );
    }
);

both!(
    trainings_portal_filters_and_csv,
    |app: TestApp| async move {
        let d = demo(&app).await;
        maillage::db_run!(&app.state.db, |p| sqlx::query(
            "UPDATE places SET department = '04' WHERE id = $1"
        )
        .bind(d.riez)
        .execute(p)
        .await
        .map(|_| ()))
        .unwrap();
        let anon = reqwest::Client::new();
        let titles = |page: &str| -> Vec<String> {
            page.split("<h3><a href=\"/formations/")
                .skip(1)
                .map(|s| {
                    s.split('>')
                        .nth(1)
                        .unwrap()
                        .trim_end_matches("</a")
                        .to_string()
                })
                .collect()
        };
        let (s, page) = text(&app, &anon, "/formations").await;
        assert_eq!(s, 200);
        assert_eq!(titles(&page).len(), 3, "the demo's three trainings");
        // Accent- and case-insensitive search, both ways.
        for q in ["mediation", "MÉDIATION", "médiation numerique"] {
            let (_, page) = text(&app, &anon, &format!("/formations?q={}", urlencoding(q))).await;
            assert_eq!(
                titles(&page),
                vec!["Médiation numérique : accompagner les démarches en ligne"],
                "{q}"
            );
        }
        let cases: [(&str, &[&str]); 9] = [
            (
                "modality=presentiel",
                &["Initiation à la fabrication numérique"],
            ),
            (
                "modality=mixte",
                &[
                    "Formation de formateurs en tiers-lieux",
                    "Médiation numérique : accompagner les démarches en ligne",
                ],
            ),
            (
                "certification=rncp",
                &["Formation de formateurs en tiers-lieux"],
            ),
            (
                "certification=rs",
                &["Médiation numérique : accompagner les démarches en ligne"],
            ),
            (
                "route=individuel",
                &[
                    "Formation de formateurs en tiers-lieux",
                    "Initiation à la fabrication numérique",
                ],
            ),
            (
                "route=demandeur-emploi",
                &[
                    "Formation de formateurs en tiers-lieux",
                    "Initiation à la fabrication numérique",
                ],
            ),
            ("next=1", &["Initiation à la fabrication numérique"]),
            (
                "department=04",
                &[
                    "Initiation à la fabrication numérique",
                    "Médiation numérique : accompagner les démarches en ligne",
                ],
            ),
            (
                "theme=fabrication%20numerique",
                &["Initiation à la fabrication numérique"],
            ),
        ];
        for (q, want) in cases {
            let (s, page) = text(&app, &anon, &format!("/formations?{q}")).await;
            assert_eq!(s, 200);
            assert_eq!(
                titles(&page),
                want.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "{q}"
            );
        }
        let (_, page) = text(&app, &anon, &format!("/formations?place={}", d.riez)).await;
        assert_eq!(titles(&page).len(), 2);
        // A bad filter is said and ignored, never an error.
        let (s, page) = text(&app, &anon, "/formations?modality=correspondance").await;
        assert_eq!(s, 200);
        assert!(page.contains("pas pu être lu"));
        assert_eq!(titles(&page).len(), 3);
        // The API's list takes the same filters.
        let res = reqwest::get(app.url("/api/v1/trainings?q=MEDIATION&per_page=5"))
            .await
            .unwrap();
        assert_eq!(res.headers()["x-total-count"], "1");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v[0]["certification"], "RS5520");
        let res = reqwest::get(app.url(&format!(
            "/api/v1/trainings?network_id={}&route=employeur",
            d.network
        )))
        .await
        .unwrap();
        assert_eq!(res.headers()["x-total-count"], "3");
        let res = reqwest::get(app.url("/api/v1/trainings?modality=correspondance"))
            .await
            .unwrap();
        assert_eq!(res.status(), 422);

        // A training's page: certification and Qualiopi date the French way.

        let (s, page) = text(
            &app,
            &anon,
            "/formations/formation-de-formateurs-en-tiers-lieux",
        )
        .await;

        assert_eq!(s, 200);

        assert!(page.contains("RNCP37445"));

        assert!(
            page.contains("<time datetime=\"2024-03-15\">15/03/2024</time>"),
            "{page}"
        );

        // The network's page leads to its portal.
        let (_, page) = text(&app, &anon, &format!("/reseaux/{}", d.network_slug)).await;
        assert!(page.contains(&format!("href=\"/reseaux/{}/formations\"", d.network_slug)));

        // The network's portal: its own trainings and its places'; another network has none.
        let (s, page) = text(
            &app,
            &anon,
            &format!("/reseaux/{}/formations", d.network_slug),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(titles(&page).len(), 3);
        let (s, _) = text(&app, &anon, "/reseaux/inconnu/formations").await;
        assert_eq!(s, 404);

        // The census export: one line a training, cells safe for spreadsheets.
        let mut body = training(Some(d.riez), None);
        body["title"] = json!("=HYPERLINK(\"http://x\")");
        let (s, v) = post(&app, "/api/v1/trainings", Some(&d.gerant), body).await;
        assert_eq!(s, 201, "{v}");
        let res = reqwest::get(app.url(&format!("/reseaux/{}/formations.csv", d.network_slug)))
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let csv = res.text().await.unwrap();
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let headers = r.headers().unwrap().clone();
        assert_eq!(&headers[0], "titre");
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4, "{csv}");
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let formateurs = rows
            .iter()
            .find(|r| &r[0] == "Formation de formateurs en tiers-lieux")
            .unwrap();
        assert_eq!(&formateurs[col("type_organisme")], "reseau");
        assert_eq!(&formateurs[col("certification")], "RNCP37445");
        assert_eq!(&formateurs[col("prix_individuel_centimes")], "90000");
        assert_eq!(&formateurs[col("duree_heures")], "35");
        let fab = rows
            .iter()
            .find(|r| &r[0] == "Initiation à la fabrication numérique")
            .unwrap();
        assert_eq!(&fab[col("departement")], "04");
        assert!(
            !fab[col("prochaine_session")].is_empty(),
            "its next session"
        );
        assert!(
            rows.iter().any(|r| &r[0] == "'=HYPERLINK(\"http://x\")"),
            "{csv}"
        );
    }
);

fn urlencoding(s: &str) -> String {
    serde_urlencoded::to_string([("q", s)]).unwrap()[2..].to_string()
}

both!(trainings_forms, |app: TestApp| async move {
    let d = demo(&app).await;
    let browser = app.new_browser();
    login_demo(&app, &browser, "gerant.riez@demo.maillage.fr").await;
    let new = format!("/formations/nouvelle?place_id={}", d.riez);
    // From the place's page to its trainings, where its manager finds the form.
    let portal = format!("/formations?place={}", d.riez);
    let (_, page) = text(&app, &browser, &format!("/lieux/{}", d.riez_slug)).await;
    assert!(
        page.contains(&format!("href=\"{portal}\"")),
        "the place links to its trainings"
    );
    let (_, page) = text(&app, &browser, &portal).await;
    assert!(
        page.contains(&new.replace('&', "&amp;")),
        "the manager finds the form"
    );
    let (s, page) = text(&app, &browser, &new).await;
    assert_eq!(s, 200);
    assert!(page.contains("id=\"training-form\""));
    let riez = d.riez.to_string();
    let mut form = vec![
        ("place_id", riez.as_str()),
        ("title", "Couture <b>zéro déchet</b>"),
        ("objectives", "Coudre un sac."),
        ("duration_hours", "3,5"),
        ("modality", "presentiel"),
        ("price_individuel", "-5"),
        ("price_employeur", "120,50"),
        ("certification", "RNCP12X"),
        ("programme", "<p>Patron</p><script>x()</script>"),
        ("theme", "Couture"),
        ("trainers", "inconnue@example.org"),
    ];
    let res = browser
        .post(app.url("/formations"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Le code doit commencer par RNCP ou RS"),
        "French certification error"
    );
    assert!(
        page.contains("Indiquez un montant positif en euros"),
        "French price error"
    );
    assert!(
        page.contains("cette adresse de courriel"),
        "French trainer error"
    );
    assert!(page.contains("120,50"), "what was typed is kept");
    form.retain(|(k, _)| !matches!(*k, "price_individuel" | "certification" | "trainers"));
    form.push(("certification", "RS1234"));
    form.push(("trainers", "gerant.riez@demo.maillage.fr"));
    let res = browser
        .post(app.url("/formations"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let path = location(&res);
    assert_eq!(path, "/formations/couture-b-zero-dechet-b");
    let (s, page) = text(&app, &reqwest::Client::new(), &path).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("Couture &lt;b&gt;") || page.contains("Couture &#60;b&#62;"),
        "title escaped"
    );
    assert!(!page.contains("x()"), "script removed");
    assert!(page.contains("120,50"), "price shown in euros");
    assert!(page.contains("Hugo Gérant"), "trainer shown");
    assert!(page.contains("RS1234"));
    let (s, v) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/trainings?q=couture",
        None,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v[0]["duration_hours"], 3.5);
    assert_eq!(v[0]["price_employer_cents"], 12050);

    // The edit form is filled; its rules are the creation's.
    let (s, page) = text(&app, &browser, &format!("{path}/modifier")).await;
    assert_eq!(s, 200);
    assert!(page.contains("value=\"3,5\""), "{page}");
    assert!(page.contains("gerant.riez@demo.maillage.fr"));
    let mut edit = form.clone();
    edit.retain(|(k, _)| *k != "duration_hours");
    edit.push(("duration_hours", "0"));
    let res = browser
        .post(app.url(&format!("{path}/modifier")))
        .form(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Indiquez une durée en heures"));
    edit.retain(|(k, _)| *k != "duration_hours");
    edit.push(("duration_hours", "7"));
    let res = browser
        .post(app.url(&format!("{path}/modifier")))
        .form(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, v) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/trainings?q=couture",
        None,
        None,
    )
    .await;
    assert_eq!(v[0]["duration_hours"], 7.0);

    // A session through the form: in the agenda, listed on the page.
    let (s, _) = text(&app, &browser, &format!("{path}/session")).await;
    assert_eq!(s, 200);
    let (start, end) = (ahead(&app, 9, 14), ahead(&app, 9, 17));
    let res = browser
        .post(app.url(&format!("{path}/session")))
        .form(&[
            ("starts_at", end.as_str()),
            ("ends_at", start.as_str()),
            ("capacity", "6"),
            ("place_id", riez.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "ends before it starts");
    let res = browser
        .post(app.url(&format!("{path}/session")))
        .form(&[
            ("starts_at", start.as_str()),
            ("ends_at", end.as_str()),
            ("capacity", "6"),
            ("place_id", riez.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, page) = text(&app, &browser, &path).await;
    assert!(page.contains("6 places restantes"), "the session's seats");

    // A stranger: no form, no write.
    let stranger = app.new_browser();
    app.user("curieux@example.org", "Curieux").await;
    let res = app.login_as(&stranger, "curieux@example.org").await;
    assert_eq!(res.status(), 303);
    let (s, _) = text(&app, &stranger, &new).await;
    assert_eq!(s, 404);
    let (s, _) = text(&app, &stranger, &format!("{path}/modifier")).await;
    assert_eq!(s, 403);
    let res = stranger
        .post(app.url(&format!("{path}/modifier")))
        .form(&edit)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = stranger
        .post(app.url("/formations"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Anonymous: to the login page.
    let res = app
        .new_browser()
        .post(app.url("/formations"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(
        matches!(res.status().as_u16(), 303 | 401),
        "{}",
        res.status()
    );
});
