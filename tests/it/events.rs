//! The agenda on both backends: the API shapes, capacity under concurrency (two app nodes),
//! waitlist order and promotion, signed cancellation links, recurrence, approval, reminders,
//! event cancellation, imports, feeds and pages.

use mail_parser::MimeHeaders;
use maillage::accounts::model::RoleKind;
use maillage::accounts::repo;
use maillage::db_run;
use maillage::ids::UserId;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{jpeg_with_exif, location, photo_form, png, TestApp};

pub(crate) struct World {
    pub network: i64,
    pub place: i64,
    pub other_place: i64,
    pub manager_token: String,
}

pub(crate) async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let network = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let other_net = tenancy::insert_network(db, "Réseau Nord", "reseau-nord", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let mk = |name: &'static str, net: i64| maillage::places::repo::NewPlace {
        name,
        slug: name,
        description: "",
        city: "Riez",
        organization_id: None,
        network_id: Some(maillage::ids::NetworkId(net)),
        now: 0,
    };
    let place = maillage::places::repo::insert_place(db, mk("tiers-lieu-de-riez", network))
        .await
        .unwrap()
        .id
        .get();
    let other_place = maillage::places::repo::insert_place(db, mk("ailleurs", other_net))
        .await
        .unwrap()
        .id
        .get();
    let manager = app.user("gerant@example.org", "Hugo Gérant").await;
    repo::grant_role(db, manager, RoleKind::PlaceManager, None, Some(place), 0)
        .await
        .unwrap();
    World {
        network,
        place,
        other_place,
        manager_token: app.token_for(manager).await,
    }
}

/// Many accounts quickly (no password hashing): `(id, email, token)`.
async fn people(app: &TestApp, n: usize) -> Vec<(i64, String, String)> {
    people_from(app, 0, n).await
}

async fn people_from(app: &TestApp, first: usize, n: usize) -> Vec<(i64, String, String)> {
    let mut out = Vec::new();
    for i in first..first + n {
        let email = format!("personne{i}@example.org");
        let id: i64 = db_run!(&app.state.db, |p| sqlx::query_scalar(
            "INSERT INTO users (email, display_name, password_hash, email_confirmed_at, created_at) \
             VALUES ($1, $2, 'x', 0, 0) RETURNING id"
        )
        .bind(&email)
        .bind(format!("Personne {i}"))
        .fetch_one(p)
        .await)
        .unwrap();
        let token = app.token_for(UserId(id)).await;
        out.push((id, email, token));
    }
    out
}

/// Runs the due jobs and returns the raw emails of the outbox (the harness parses text only).
async fn raw_emails(app: &TestApp) -> Vec<Vec<u8>> {
    let jobs =
        maillage::job_registry(maillage::mail::Mailer::from_config(&app.state.config).unwrap());
    while maillage::jobs::run_one(&app.state, &jobs).await.unwrap() {}
    let mut out = Vec::new();
    for entry in std::fs::read_dir(app.data_dir.join("outbox")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            out.push(std::fs::read(&path).unwrap());
        }
        std::fs::remove_file(&path).unwrap();
    }
    out
}

pub(crate) fn future(days: i64, hour: u32) -> String {
    let d = chrono::Utc::now().date_naive() + chrono::Duration::days(days);
    format!("{d}T{hour:02}:00")
}

pub(crate) async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app.api_post("/api/v1/events", token, body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v
}

async fn delete(app: &TestApp, path: &str, token: &str) -> reqwest::Response {
    reqwest::Client::new()
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

both!(
    api_registration_waitlist_and_promotion,
    |app: TestApp| async move {
        let w = world(&app).await;
        let ev = create(
        &app,
        &w.manager_token,
        json!({"title": "Atelier réparation", "starts_at": future(5, 9), "ends_at": future(5, 12),
               "capacity": 2, "place_id": w.place}),
    )
    .await;
        assert_eq!(ev["status"], "published");
        assert_eq!(ev["occurrences"].as_array().unwrap().len(), 1);
        let id = ev["id"].as_i64().unwrap();
        let ppl = people(&app, 3).await;
        let mut regs = Vec::new();
        for (_, _, token) in &ppl {
            let res = app
                .api_post(
                    &format!("/api/v1/events/{id}/registrations"),
                    token,
                    json!({}),
                )
                .await;
            assert_eq!(res.status(), 201);
            regs.push(res.json::<Value>().await.unwrap());
        }
        assert_eq!(regs[0]["status"], "confirmed");
        assert_eq!(regs[1]["status"], "confirmed");
        assert_eq!(regs[2]["status"], "waitlisted");
        assert_eq!(regs[2]["position"], 1);
        assert!(regs[0]["position"].is_null());
        // A retried request never registers twice.
        let again = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[0].2,
                json!({}),
            )
            .await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.json::<Value>().await.unwrap()["id"], regs[0]["id"]);
        let emails = app.drain_emails().await;
        assert_eq!(emails.len(), 3, "one confirmation each");

        // Someone else cannot cancel my registration (404); I can.
        let reg0 = regs[0]["id"].as_i64().unwrap();
        let res = delete(&app, &format!("/api/v1/registrations/{reg0}"), &ppl[1].2).await;
        assert_eq!(res.status(), 404);
        let res = delete(&app, &format!("/api/v1/registrations/{reg0}"), &ppl[0].2).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.json::<Value>().await.unwrap()["status"], "cancelled");
        let promoted = app.email_to(&ppl[2].1).await;
        assert!(
            promoted.subject.contains("place s'est libérée"),
            "{}",
            promoted.subject
        );

        let got: Value = app
            .api_get(&format!("/api/v1/events/{id}"), &ppl[0].2)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(got["occurrences"][0]["confirmed_seats"], 2);
        assert_eq!(got["occurrences"][0]["waitlisted"], 0);
        assert_eq!(got["occurrences"][0]["seats_left"], 0);
        let promoted: Value = app
            .api_get(
                &format!("/api/v1/registrations/{}", regs[2]["id"]),
                &ppl[2].2,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(promoted["status"], "confirmed");
        let res = app
            .api_get(
                &format!("/api/v1/registrations/{}", regs[2]["id"]),
                &ppl[1].2,
            )
            .await;
        assert_eq!(res.status(), 404, "someone else's registration");
        // The organizer sees every registration, in arrival order; others only their own.
        let all: Value = app
            .api_get(
                &format!("/api/v1/events/{id}/registrations"),
                &w.manager_token,
            )
            .await
            .json()
            .await
            .unwrap();
        let statuses: Vec<&str> = all
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["cancelled", "confirmed", "confirmed"]);
        let mine: Value = app
            .api_get(&format!("/api/v1/events/{id}/registrations"), &ppl[1].2)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine.as_array().unwrap().len(), 1);
        // An empty body registers the caller too.
        let late = people_from(&app, 10, 1).await;
        let res = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/events/{id}/registrations")))
            .bearer_auth(&late[0].2)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let r: Value = res.json().await.unwrap();
        assert_eq!(
            (r["status"].as_str(), r["position"].as_i64()),
            (Some("waitlisted"), Some(1))
        );
        // One more seat: the organizer edits the capacity; the waiting person is confirmed.
        app.drain_emails().await;
        let org = app.new_browser();
        app.login_as(&org, "gerant@example.org").await;
        let res = org
            .post(app.url(&format!("/evenements/{id}/modifier")))
            .form(&[
                ("title", "Atelier réparation"),
                ("kind", "atelier"),
                ("starts_at", future(5, 9).as_str()),
                ("ends_at", future(5, 12).as_str()),
                ("capacity", "3"),
                ("location_kind", "place"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let again: Value = app
            .api_get(&format!("/api/v1/registrations/{}", r["id"]), &late[0].2)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(again["status"], "confirmed");
        let mail = app.email_to(&late[0].1).await;
        assert!(mail.subject.contains("libérée"), "{}", mail.subject);

        // Listing and filters.
        let list: Value = reqwest::get(app.url("/api/v1/events"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1);
        let list: Value =
            reqwest::get(app.url(&format!("/api/v1/events?network_id={}", w.network)))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
        assert_eq!(
            list.as_array().unwrap().len(),
            1,
            "a place's event is in its network's agenda"
        );
        // The département of the place.
        db_run!(&app.state.db, |p| sqlx::query(
            "UPDATE places SET department = '04' WHERE id = $1"
        )
        .bind(w.place)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
        for (dep, n) in [("04", 1), ("13", 0)] {
            let list: Value = reqwest::get(app.url(&format!("/api/v1/events?department={dep}")))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(list.as_array().unwrap().len(), n, "département {dep}");
        }
        let page = app
            .get("/agenda?departement=13")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("<option value=\"04\">04</option>"));
        assert!(!page.contains("Atelier réparation"));
        let page = app
            .get("/agenda?departement=04")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("Atelier réparation"));
        let list: Value = reqwest::get(app.url("/api/v1/events?kind=formation"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(list.as_array().unwrap().len(), 0);
        let res = reqwest::get(app.url("/api/v1/events?from=hier"))
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert_eq!(
            res.json::<Value>().await.unwrap()["error"]["code"],
            "validation_failed"
        );

        // iCal feed.
        let res = reqwest::get(app.url("/api/v1/events.ics")).await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        let ics = res.text().await.unwrap();
        assert!(ics.contains("BEGIN:VCALENDAR") && ics.contains("Atelier réparation"));
    }
);

both!(api_errors_and_rights, |app: TestApp| async move {
    let w = world(&app).await;
    let body = json!({"title": "Café", "starts_at": future(3, 9), "ends_at": future(3, 10),
                      "capacity": null, "place_id": w.other_place});
    // Another tenant's place: 404; no token: 401; bad fields: 422 with fields.
    let res = app
        .api_post("/api/v1/events", &w.manager_token, body.clone())
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/events"))
        .header("origin", &app.base)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .api_post(
            "/api/v1/events",
            &w.manager_token,
            json!({"title": "", "starts_at": "demain", "ends_at": future(3, 10), "place_id": w.place}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert!(err["error"]["fields"]["title"].is_string());
    assert!(err["error"]["fields"]["starts_at"].is_string());
    let res = app
        .api_post(
            "/api/v1/events",
            &w.manager_token,
            json!({"title": "x", "starts_at": future(3, 12), "ends_at": future(3, 10), "place_id": w.place}),
        )
        .await;
    assert_eq!(res.status(), 422);
    // A draft is invisible to others.
    let draft = create(
        &app,
        &w.manager_token,
        json!({"title": "Brouillon", "starts_at": future(3, 9), "ends_at": future(3, 10),
               "capacity": 5, "place_id": w.place, "status": "draft"}),
    )
    .await;
    let id = draft["id"].as_i64().unwrap();
    assert_eq!(
        reqwest::get(app.url(&format!("/api/v1/events/{id}")))
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        app.api_get(&format!("/api/v1/events/{id}"), &w.manager_token)
            .await
            .status(),
        200
    );
    let ppl = people(&app, 1).await;
    let res = app
        .api_post(
            &format!("/api/v1/events/{id}/registrations"),
            &ppl[0].2,
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        reqwest::get(app.url("/api/v1/events/abc"))
            .await
            .unwrap()
            .status(),
        404
    );
    // Its organizer publishes it; then it is open.
    let org = app.new_browser();
    app.login_as(&org, "gerant@example.org").await;
    let res = org
        .post(app.url(&format!("/evenements/{id}/publier")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = app
        .api_post(
            &format!("/api/v1/events/{id}/registrations"),
            &ppl[0].2,
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // The organizer cancels on the person's behalf: the person is told. Others cannot.
    let reg = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.drain_emails().await;
    let anon = app.new_browser();
    let res = anon
        .post(app.url(&format!("/inscriptions/{reg}/annuler")))
        .form(&[("next", "")])
        .send()
        .await
        .unwrap();
    assert!(
        res.status() != 303 || location(&res).starts_with("/connexion"),
        "anonymous refused"
    );
    let res = org
        .post(app.url(&format!("/inscriptions/{reg}/annuler")))
        .form(&[("next", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let mail = app.email_to(&ppl[0].1).await;
    assert!(
        mail.text.contains("L'organisateur a annulé"),
        "{}",
        mail.text
    );
});

both!(
    two_hundred_concurrent_registrations_for_three_seats_on_two_nodes,
    |app: TestApp| async move {
        let w = world(&app).await;
        let node2 = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        // The manager of a place does not organize for the network; the instance admin does.
        let res = app
            .api_post(
                "/api/v1/events",
                &w.manager_token,
                json!({"title": "x", "starts_at": future(10, 14), "ends_at": future(10, 17),
                   "network_id": w.network}),
            )
            .await;
        assert_eq!(res.status(), 404);
        let admin = app.instance_admin("admin@example.org").await;
        let admin_token = app.token_for(admin).await;
        let ev = create(
            &app,
            &admin_token,
            json!({"title": "Visite apprenante", "kind": "visite", "starts_at": future(10, 14),
               "ends_at": future(10, 17), "capacity": 3, "network_id": w.network}),
        )
        .await;
        let id = ev["id"].as_i64().unwrap();
        let ppl = people(&app, 200).await;
        let mut tasks = Vec::new();
        for (i, (_, _, token)) in ppl.iter().enumerate() {
            let base = if i % 2 == 0 {
                app.base.clone()
            } else {
                node2.base.clone()
            };
            let token = token.clone();
            tasks.push(tokio::spawn(async move {
                let res = reqwest::Client::new()
                    .post(format!("{base}/api/v1/events/{id}/registrations"))
                    .bearer_auth(&token)
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
                res.json::<Value>().await.unwrap()
            }));
        }
        let mut results = Vec::new();
        for t in tasks {
            results.push(t.await.unwrap());
        }
        let confirmed: Vec<i64> = results
            .iter()
            .filter(|r| r["status"] == "confirmed")
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        let mut waitlisted: Vec<i64> = results
            .iter()
            .filter(|r| r["status"] == "waitlisted")
            .map(|r| r["id"].as_i64().unwrap())
            .collect();
        assert_eq!(confirmed.len(), 3);
        assert_eq!(waitlisted.len(), 197);
        // Arrival order: everyone confirmed arrived before everyone waiting.
        assert!(confirmed.iter().max() < waitlisted.iter().min());
        waitlisted.sort();
        // A retried request, even fired five times at once on both nodes, registers once.
        let mut retries = Vec::new();
        for n in 0..5 {
            let base = if n % 2 == 0 {
                app.base.clone()
            } else {
                node2.base.clone()
            };
            let token = ppl[0].2.clone();
            retries.push(tokio::spawn(async move {
                let res = reqwest::Client::new()
                    .post(format!("{base}/api/v1/events/{id}/registrations"))
                    .bearer_auth(&token)
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
            }));
        }
        let first = results.iter().find(|r| r["user_id"] == ppl[0].0).unwrap()["id"].as_i64();
        for r in retries {
            assert_eq!(Some(r.await.unwrap()), first);
        }
        // Three cancellations, on either node, each promote exactly one person: the first waiting.
        let holder = |reg: i64| {
            let r = results.iter().find(|r| r["id"] == reg).unwrap();
            let uid = r["user_id"].as_i64().unwrap();
            ppl.iter().find(|p| p.0 == uid).unwrap().2.clone()
        };
        for (n, reg) in confirmed.iter().take(3).enumerate() {
            let node = if n % 2 == 0 { &app } else { &node2 };
            let res = delete(node, &format!("/api/v1/registrations/{reg}"), &holder(*reg)).await;
            assert_eq!(res.status(), 200);
        }
        let statuses: Vec<(i64, String)> = db_run!(&app.state.db, |p| sqlx::query_as(
            "SELECT id, status FROM event_registrations WHERE event_id = $1 ORDER BY id"
        )
        .bind(id)
        .fetch_all(p)
        .await)
        .unwrap();
        let now_confirmed: Vec<i64> = statuses
            .iter()
            .filter(|(_, s)| s == "confirmed")
            .map(|(i, _)| *i)
            .collect();
        assert_eq!(now_confirmed.len(), 3);
        assert_eq!(statuses.len(), 200, "never registered twice");
        for w in &waitlisted[..3] {
            assert!(now_confirmed.contains(w), "{w} promoted in order");
        }
        for w in &waitlisted[3..] {
            assert!(!now_confirmed.contains(w));
        }
        let got: Value = reqwest::get(app.url(&format!("/api/v1/events/{id}")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(got["occurrences"][0]["confirmed_seats"], 3);
        assert_eq!(got["occurrences"][0]["waitlisted"], 194);
    }
);

both!(
    guests_count_and_signed_link_cancellation,
    |app: TestApp| async move {
        let w = world(&app).await;
        let ev = create(
            &app,
            &w.manager_token,
            json!({"title": "Afterwork", "kind": "afterwork", "starts_at": future(4, 18),
               "ends_at": future(4, 21), "capacity": 3, "place_id": w.place,
               "questions": "Régime alimentaire ?"}),
        )
        .await;
        let id = ev["id"].as_i64().unwrap();
        let ppl = people(&app, 2).await;
        // Two seats (one guest), then two more do not fit: waitlisted.
        let r: Value = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[0].2,
                json!({"guests": 1, "answers": ["végétarien"]}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r["status"], "confirmed");
        let r2: Value = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[1].2,
                json!({"guests": 1}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r2["status"], "waitlisted");
        let res = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[1].2,
                json!({"guests": 1}),
            )
            .await;
        assert_eq!(
            res.status(),
            200,
            "already registered: the existing registration"
        );
        // The confirmation carries the event as an .ics attachment (parsed here).
        let raws = raw_emails(&app).await;
        let mails: Vec<crate::harness::SentEmail> = raws
            .iter()
            .map(|r| crate::harness::SentEmail::parse(r))
            .collect();
        let raw = &raws[mails.iter().position(|m| m.to == ppl[0].1).unwrap()];
        let msg = mail_parser::MessageParser::default().parse(raw).unwrap();
        let ics = msg
            .attachments()
            .find(|a| a.attachment_name() == Some("evenement.ics"))
            .expect("an .ics attachment");
        let ics = String::from_utf8_lossy(ics.contents()).to_string();
        assert!(
            ics.contains("BEGIN:VEVENT") && ics.contains("SUMMARY:Afterwork"),
            "{ics}"
        );
        let waiting = &raws[mails.iter().position(|m| m.to == ppl[1].1).unwrap()];
        let waiting = mail_parser::MessageParser::default()
            .parse(waiting)
            .unwrap();
        assert_eq!(waiting.attachment_count(), 0, "no .ics while waiting");
        let confirm = mails.iter().find(|m| m.to == ppl[0].1).unwrap();
        assert!(confirm.subject.contains("confirmée"));
        // The signed link, without logging in.
        let path = confirm.text[confirm.text.find("/inscriptions/annuler/").unwrap()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        let anon = app.new_browser();
        let page = anon.get(app.url(&path)).send().await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(page.text().await.unwrap().contains("Afterwork"));
        let forged = anon
            .post(app.url("/inscriptions/annuler/faux-jeton"))
            .send()
            .await
            .unwrap();
        assert_eq!(forged.status(), 404);
        let res = anon.post(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), format!("/evenements/{id}"));
        let promoted = app.email_to(&ppl[1].1).await;
        assert!(promoted.subject.contains("libérée"));
        // The organizer's list and CSV show the answers.
        let org = app.new_browser();
        app.login_as(&org, "gerant@example.org").await;
        let csv = org
            .get(app.url(&format!("/evenements/{id}/inscrits.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert!(
            csv.contains("végétarien") && csv.contains("personne0@example.org"),
            "{csv}"
        );
        let res = anon
            .get(app.url(&format!("/evenements/{id}/inscrits.csv")))
            .send()
            .await
            .unwrap();
        assert!(
            matches!(res.status().as_u16(), 303 | 401),
            "{}",
            res.status()
        );
        assert!(!res.text().await.unwrap().contains("végétarien"));
    }
);

both!(
    recurrence_occurrences_are_registrable_alone,
    |app: TestApp| async move {
        let w = world(&app).await;
        let ev = create(
            &app,
            &w.manager_token,
            json!({"title": "Atelier du jeudi", "kind": "atelier", "starts_at": future(1, 9),
               "ends_at": future(1, 12), "capacity": 1, "place_id": w.place,
               "rrule": "FREQ=WEEKLY;COUNT=5"}),
        )
        .await;
        let occs = ev["occurrences"].as_array().unwrap();
        assert_eq!(occs.len(), 5, "{ev}");
        // Same local hour each week (Europe/Paris), whatever the daylight-saving change.
        let paris = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%H:%M")
                .to_string()
        };
        for o in occs {
            assert_eq!(paris(o["starts_at"].as_str().unwrap()), "09:00");
        }
        let id = ev["id"].as_i64().unwrap();
        let ppl = people(&app, 2).await;
        let second = occs[1]["id"].as_i64().unwrap();
        let a: Value = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[0].2,
                json!({}),
            )
            .await
            .json()
            .await
            .unwrap();
        let b: Value = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[1].2,
                json!({"occurrence_id": second}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(a["status"], "confirmed");
        assert_eq!(a["occurrence_id"], occs[0]["id"]);
        assert_eq!(
            b["status"], "confirmed",
            "each occurrence has its own seats"
        );
        let bad = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[1].2,
                json!({"occurrence_id": 999_999}),
            )
            .await;
        assert_eq!(bad.status(), 404);
        let res = app
            .api_post(
                "/api/v1/events",
                &w.manager_token,
                json!({"title": "x", "starts_at": future(1, 9), "ends_at": future(1, 10),
                   "place_id": w.place, "rrule": "FREQ=SOUVENT"}),
            )
            .await;
        assert_eq!(res.status(), 422);
    }
);

both!(
    approval_reminder_and_event_cancellation,
    |app: TestApp| async move {
        let w = world(&app).await;
        let ev = create(
        &app,
        &w.manager_token,
        json!({"title": "Formation facilitation", "kind": "formation", "starts_at": future(3, 9),
               "ends_at": future(3, 17), "capacity": 5, "place_id": w.place, "approval": true}),
    )
    .await;
        let id = ev["id"].as_i64().unwrap();
        let ppl = people(&app, 1).await;
        let r: Value = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &ppl[0].2,
                json!({}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(r["status"], "pending");
        app.drain_emails().await;
        let org = app.new_browser();
        app.login_as(&org, "gerant@example.org").await;
        let res = org
            .post(app.url(&format!("/inscriptions/{}/decision", r["id"])))
            .form(&[("decision", "accept")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let mail = app.email_to(&ppl[0].1).await;
        assert!(
            mail.subject.contains("libérée") || mail.subject.contains("confirm"),
            "{}",
            mail.subject
        );
        // The reminder, the day before.
        app.state.clock.advance(chrono::Duration::hours(60));
        let mails = app.drain_emails().await;
        assert!(
            mails
                .iter()
                .any(|m| m.to == ppl[0].1 && m.subject.starts_with("Rappel")),
            "{mails:?}"
        );
        // Cancelling the event tells the registrants, with the reason.
        let res = org
            .post(app.url(&format!("/evenements/{id}/annuler")))
            .form(&[("reason", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let res = org
            .post(app.url(&format!("/evenements/{id}/annuler")))
            .form(&[("reason", "Formatrice malade")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let mail = app.email_to(&ppl[0].1).await;
        assert!(mail.text.contains("Formatrice malade"));
        let got: Value = reqwest::get(app.url(&format!("/api/v1/events/{id}")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(got["status"], "cancelled");
    }
);

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\nX-WR-TIMEZONE:Europe/Paris\r\n\
BEGIN:VEVENT\r\nUID:cafe-2030@example.org\r\nSUMMARY:☕ Café des tiers-lieux\r\nDTSTART:20300103T090000\r\n\
DTEND:20300103T103000\r\nDESCRIPTION:Un long texte plié \r\n sur deux lignes\r\nCATEGORIES:réseau\r\n\
LOCATION:https://visio.example.org/cafe\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:ramdam-2030@example.org\r\nSUMMARY:Ramdam\r\nDTSTART;VALUE=DATE:20300612\r\n\
DTEND;VALUE=DATE:20300614\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

both!(
    ics_import_is_idempotent_and_feeds_render,
    |app: TestApp| async move {
        let w = world(&app).await;
        let org = maillage::events::import::resolve_organizer(&app.state, "reseau:reseau-sud")
            .await
            .unwrap();
        let r = maillage::events::import::import_ics(&app.state, None, org, ICS)
            .await
            .unwrap();
        assert_eq!((r.created, r.updated), (2, 0), "{:?}", r.skipped);
        let again = ICS.replace("SUMMARY:Ramdam", "SUMMARY:Ramdam 2030");
        let r = maillage::events::import::import_ics(&app.state, None, org, &again)
            .await
            .unwrap();
        assert_eq!((r.created, r.updated), (0, 2));
        let list: Value = reqwest::get(app.url("/api/v1/events"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 2);
        let cafe = list
            .iter()
            .find(|e| e["uid"] == "cafe-2030@example.org")
            .unwrap();
        assert_eq!(cafe["starts_at"], "2030-01-03T08:00:00Z");
        assert_eq!(cafe["location_kind"], "online");
        assert_eq!(cafe["categories"], json!(["réseau"]));
        let ramdam = list
            .iter()
            .find(|e| e["uid"] == "ramdam-2030@example.org")
            .unwrap();
        assert_eq!(ramdam["title"], "Ramdam 2030");
        assert_eq!(ramdam["all_day"], true);

        // Upload page: the place manager may import for the place, not for the network.
        let browser = app.new_browser();
        app.login_as(&browser, "gerant@example.org").await;
        let res = browser
            .post(app.url("/evenements/importer"))
            .form(&[
                ("organizer", format!("reseau-{}", w.network).as_str()),
                ("ics", ICS),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let res = browser
            .post(app.url("/evenements/importer"))
            .form(&[
                ("organizer", format!("lieu-{}", w.place).as_str()),
                ("ics", "n'importe quoi"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        // A file upload (multipart) for the place.
        let boundary = "----maillage-test-boundary";
        let file = ICS.replace("2030@", "2030-riez@");
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"organizer\"\r\n\r\nlieu-{}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"agenda.ics\"\r\n\
             Content-Type: text/calendar\r\n\r\n{file}\r\n--{boundary}--\r\n",
            w.place
        );
        let res = browser
            .post(app.url("/evenements/importer"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("2 événement(s) créé(s)"), "{page}");

        // Feeds and pages.
        for path in [
            "/agenda",
            "/agenda?vue=mois&mois=2030-01",
            "/reseaux/reseau-sud/agenda",
            "/lieux/tiers-lieu-de-riez/agenda",
            "/lieux/tiers-lieu-de-riez",
        ] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
        }
        let month = app
            .get("/agenda?vue=mois&mois=2030-01")
            .await
            .text()
            .await
            .unwrap();
        assert!(month.contains("Café des tiers-lieux"));
        let ics = app
            .get("/reseaux/reseau-sud/agenda.ics")
            .await
            .text()
            .await
            .unwrap();
        assert!(ics.contains("cafe-2030@example.org"));
        let atom = app.get("/agenda.atom").await;
        assert!(atom.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml"));
        assert!(atom.text().await.unwrap().contains("<entry>"));
        let id = cafe["id"].as_i64().unwrap();
        let page = app
            .get(&format!("/evenements/{id}"))
            .await
            .text()
            .await
            .unwrap();
        let ld_start = page.find("application/ld+json").expect("JSON-LD");
        let ld = &page[page[ld_start..].find('>').unwrap() + ld_start + 1..];
        let ld: Value = serde_json::from_str(&ld[..ld.find("</script>").unwrap()]).unwrap();
        assert_eq!(ld["@type"], "Event");
        assert_eq!(ld["startDate"], "2030-01-03T09:00:00+01:00");
        assert_eq!(
            ld["eventAttendanceMode"],
            "https://schema.org/OnlineEventAttendanceMode"
        );
    }
);

both!(
    register_through_pages_and_personal_feed,
    |app: TestApp| async move {
        let w = world(&app).await;
        let ev = create(
            &app,
            &w.manager_token,
            json!({"title": "Atelier WordPress", "kind": "atelier", "starts_at": future(6, 9),
               "ends_at": future(6, 12), "capacity": 8, "place_id": w.place}),
        )
        .await;
        let id = ev["id"].as_i64().unwrap();
        app.user("camille@example.org", "Camille").await;
        let b = app.new_browser();
        app.login_as(&b, "camille@example.org").await;
        let occ = ev["occurrences"][0]["id"].to_string();
        let res = b
            .post(app.url(&format!("/evenements/{id}/inscription")))
            .form(&[("occurrence_id", occ.as_str()), ("guests", "deux")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let res = b
            .post(app.url(&format!("/evenements/{id}/inscription")))
            .form(&[("occurrence_id", occ.as_str()), ("guests", "0")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let mine = b
            .get(app.url("/mes-inscriptions"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(mine.contains("Atelier WordPress"));
        // Personal feed behind a secret token.
        let page = b
            .post(app.url("/mes-inscriptions/flux"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let start = page.find("/flux/").unwrap();
        let feed = &page[start..start + page[start..].find('"').unwrap()];
        let ics = reqwest::get(app.url(feed))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(ics.contains("Atelier WordPress"));
        assert_eq!(
            reqwest::get(app.url("/flux/inconnu.ics"))
                .await
                .unwrap()
                .status(),
            404
        );
        // A cross-site form post is refused (CSRF).
        let res = reqwest::Client::new()
            .post(app.url(&format!("/evenements/{id}/inscription")))
            .header("origin", "https://evil.example")
            .form(&[("guests", "0")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        // The organizer moves the event by an hour: the registrant is told.
        assert_eq!(
            b.get(app.url(&format!("/evenements/{id}/modifier")))
                .send()
                .await
                .unwrap()
                .status(),
            404,
            "not the organizer"
        );
        let org = app.new_browser();
        app.login_as(&org, "gerant@example.org").await;
        let form = org
            .get(app.url(&format!("/evenements/{id}/modifier")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(form.contains("Atelier WordPress") && form.contains(&future(6, 9)));
        app.drain_emails().await;
        let res = org
            .post(app.url(&format!("/evenements/{id}/modifier")))
            .form(&[
                ("title", "Atelier WordPress"),
                ("kind", "atelier"),
                ("starts_at", future(6, 10).as_str()),
                ("ends_at", future(6, 9).as_str()),
                ("capacity", "8"),
                ("location_kind", "place"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "end before start");
        let res = org
            .post(app.url(&format!("/evenements/{id}/modifier")))
            .form(&[
                ("title", "Atelier WordPress"),
                ("kind", "atelier"),
                ("starts_at", future(6, 10).as_str()),
                ("ends_at", future(6, 13).as_str()),
                ("capacity", "8"),
                ("location_kind", "place"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let mail = app.email_to("camille@example.org").await;
        assert!(
            mail.subject.starts_with("Changement d'horaire"),
            "{}",
            mail.subject
        );
        let got: Value = reqwest::get(app.url(&format!("/api/v1/events/{id}")))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(got["occurrences"].as_array().unwrap().len(), 1);
        assert_eq!(
            got["occurrences"][0]["confirmed_seats"], 1,
            "the registration follows"
        );
        assert_eq!(got["place_id"], w.place);
        // One reminder the day before, at the new time (the old one is dropped).
        app.state
            .clock
            .advance(chrono::Duration::hours(24 * 5 + 12));
        let reminders: Vec<_> = app
            .drain_emails()
            .await
            .into_iter()
            .filter(|m| m.subject.starts_with("Rappel"))
            .collect();
        assert_eq!(reminders.len(), 1, "{reminders:?}");
        assert!(reminders[0].text.contains("10:00"), "{}", reminders[0].text);
    }
);

// ---- images and spaces ----

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn json_ld_of(page: &str) -> Value {
    let start = page.find("application/ld+json").expect("JSON-LD");
    let ld = &page[page[start..].find('>').unwrap() + start + 1..];
    serde_json::from_str(&ld[..ld.find("</script>").unwrap()]).unwrap()
}

both!(event_image, |app: TestApp| async move {
    let w = world(&app).await;
    let ev = create(
        &app,
        &w.manager_token,
        json!({"title": "Atelier réparation", "starts_at": future(10, 14), "ends_at": future(10, 17),
               "place_id": w.place}),
    )
    .await;
    let id = ev["id"].as_i64().unwrap();
    assert!(ev["image"].is_null());

    // A generated PNG becomes a resized JPEG with a thumbnail.
    let (s, photo) = app
        .api_multipart(
            &format!("/api/v1/events/{id}/image"),
            &w.manager_token,
            photo_form(
                "Des mains qui réparent un grille-pain",
                Some(("atelier.png", png(2400, 1200))),
            ),
        )
        .await;
    assert_eq!(s, 201, "{photo}");
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(1600), Some(800))
    );
    let full = reqwest::get(app.url(photo["url"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "image/jpeg");
    let bytes = full.bytes().await.unwrap();
    assert_eq!(
        image::guess_format(&bytes).unwrap(),
        image::ImageFormat::Jpeg
    );

    // In the API output, on the event page (with its alt), the JSON-LD and the agenda cards.
    let got: Value = app
        .api_get(&format!("/api/v1/events/{id}"), &w.manager_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["image"]["url"], photo["url"]);
    assert_eq!(got["image"]["alt"], "Des mains qui réparent un grille-pain");
    let page = app
        .get(&format!("/evenements/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!(
        "src=\"{}\" alt=\"Des mains qui réparent un grille-pain\"",
        photo["url"].as_str().unwrap()
    )));
    let ld = json_ld_of(&page);
    assert_eq!(
        ld["image"][0],
        format!(
            "{}{}",
            app.state.config.base_url.trim_end_matches('/'),
            photo["url"].as_str().unwrap()
        )
    );
    let agenda = app.get("/agenda").await.text().await.unwrap();
    assert!(
        agenda.contains(photo["thumbnail_url"].as_str().unwrap()),
        "{agenda}"
    );

    // Replacing with a JPEG carrying EXIF: the metadata is gone, the old image too.
    let (s, second) = app
        .api_multipart(
            &format!("/api/v1/events/{id}/image"),
            &w.manager_token,
            photo_form(
                "Le grille-pain réparé",
                Some(("photo.jpg", jpeg_with_exif(64, 48, b"GPS-48.8566-2.3522"))),
            ),
        )
        .await;
    assert_eq!(s, 201, "{second}");
    let bytes = reqwest::get(app.url(second["url"].as_str().unwrap()))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(!contains(&bytes, b"Exif"));
    assert!(!contains(&bytes, b"GPS-48.8566"));
    let old = reqwest::get(app.url(photo["url"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(old.status(), 404);
    assert_eq!(
        maillage::media::of(&app.state.db, maillage::media::PhotoOwner::Event, id)
            .await
            .unwrap()
            .len(),
        1
    );

    // Wrong type, no alt: 422 JSON with the fields; someone else: 404.
    let (s, e) = app
        .api_multipart(
            &format!("/api/v1/events/{id}/image"),
            &w.manager_token,
            photo_form(
                "Un PDF",
                Some(("a.png", b"%PDF-1.4 pas une image".to_vec())),
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
            &format!("/api/v1/events/{id}/image"),
            &w.manager_token,
            photo_form(" ", Some(("a.png", png(10, 10)))),
        )
        .await;
    assert_eq!(s, 422);
    assert!(e["error"]["fields"]["alt"].is_string(), "{e}");
    let stranger = app.user("inconnu@example.org", "Inconnu").await;
    let stranger_token = app.token_for(stranger).await;
    let (s, _) = app
        .api_multipart(
            &format!("/api/v1/events/{id}/image"),
            &stranger_token,
            photo_form("Intrus", Some(("x.png", png(10, 10)))),
        )
        .await;
    assert_eq!(s, 404);
    assert_eq!(
        delete(&app, &format!("/api/v1/events/{id}/image"), &stranger_token)
            .await
            .status(),
        404
    );

    // Deleting through the API.
    assert_eq!(
        delete(
            &app,
            &format!("/api/v1/events/{id}/image"),
            &w.manager_token
        )
        .await
        .status(),
        204
    );
    let got: Value = app
        .api_get(&format!("/api/v1/events/{id}"), &w.manager_token)
        .await
        .json()
        .await
        .unwrap();
    assert!(got["image"].is_null(), "{got}");
    assert_eq!(
        delete(
            &app,
            &format!("/api/v1/events/{id}/image"),
            &w.manager_token
        )
        .await
        .status(),
        404
    );

    // Through the pages: the edit page's form (French error, then success), the delete button,
    // and a new event created with its image in one form.
    let browser = app.new_browser();
    app.login_as(&browser, "gerant@example.org").await;
    let edit = browser
        .get(app.url(&format!("/evenements/{id}/modifier")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(edit.contains("id=\"image-form\""));
    let res = browser
        .post(app.url(&format!("/evenements/{id}/image")))
        .multipart(photo_form(
            "Texte",
            Some(("x.png", b"pas une image".to_vec())),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("pas une image PNG, JPEG ou WebP lisible."));
    let res = browser
        .post(app.url(&format!("/evenements/{id}/image")))
        .multipart(photo_form("Affiche", Some(("a.png", png(300, 200)))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        maillage::events::service::image_of(&app.state, maillage::ids::EventId(id))
            .await
            .unwrap()
            .is_some()
    );
    let res = browser
        .post(app.url(&format!("/evenements/{id}/image/supprimer")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(
        maillage::events::service::image_of(&app.state, maillage::ids::EventId(id))
            .await
            .unwrap()
            .is_none()
    );

    let new_form = |alt: &str, image: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("organizer", format!("lieu-{}", w.place))
            .text("title", "Portes ouvertes")
            .text("kind", "portes-ouvertes")
            .text("starts_at", future(20, 10))
            .text("ends_at", future(20, 18))
            .text("location_kind", "place")
            .text("status", "published")
            .text("image_alt", alt.to_string())
            .part(
                "image",
                reqwest::multipart::Part::bytes(image).file_name("affiche.png"),
            )
    };
    let res = browser
        .post(app.url("/evenements"))
        .multipart(new_form("", png(200, 100)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Décrivez la photo en quelques mots."));
    let res = browser
        .post(app.url("/evenements"))
        .multipart(new_form("L'affiche des portes ouvertes", png(200, 100)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    let created: i64 = location(&res).rsplit('/').next().unwrap().parse().unwrap();
    let img = maillage::events::service::image_of(&app.state, maillage::ids::EventId(created))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(img.alt, "L'affiche des portes ouvertes");
    // The urlencoded form (no image) still works.
    let res = browser
        .post(app.url("/evenements"))
        .form(&[
            ("organizer", format!("lieu-{}", w.place).as_str()),
            ("title", "Sans image"),
            ("starts_at", future(21, 10).as_str()),
            ("ends_at", future(21, 12).as_str()),
            ("location_kind", "place"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
});

async fn space(app: &TestApp, token: &str, place: i64, name: &str) -> i64 {
    let res = app
        .api_post(
            &format!("/api/v1/places/{place}/spaces"),
            token,
            json!({"name": name, "kind": if name.contains("bois") { "atelier" } else { "salle_reunion" }, "capacity": 12}),
        )
        .await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v["id"].as_i64().unwrap()
}

both!(event_in_a_space, |app: TestApp| async move {
    let w = world(&app).await;
    let room = space(&app, &w.manager_token, w.place, "Salle de réunion").await;
    // A space of another place (its own manager creates it).
    let other_manager = app.user("autre-gerant@example.org", "Autre").await;
    repo::grant_role(
        &app.state.db,
        other_manager,
        RoleKind::PlaceManager,
        None,
        Some(w.other_place),
        0,
    )
    .await
    .unwrap();
    let other_token = app.token_for(other_manager).await;
    let elsewhere = space(&app, &other_token, w.other_place, "Atelier bois").await;

    let ev = create(
        &app,
        &w.manager_token,
        json!({"title": "Conseil d'administration", "starts_at": future(5, 18), "ends_at": future(5, 20),
               "place_id": w.place, "space_id": room}),
    )
    .await;
    assert_eq!(ev["space_id"], room);
    assert_eq!(
        ev["location"], "Salle de réunion, tiers-lieu-de-riez, Riez",
        "{ev}"
    );
    let id = ev["id"].as_i64().unwrap();

    // Another place's space, a space for a network's event, an unknown space: 422 on space_id.
    for body in [
        json!({"title": "X", "starts_at": future(5, 18), "ends_at": future(5, 20),
               "place_id": w.place, "space_id": elsewhere}),
        json!({"title": "X", "starts_at": future(5, 18), "ends_at": future(5, 20),
               "network_id": w.network, "space_id": room}),
        json!({"title": "X", "starts_at": future(5, 18), "ends_at": future(5, 20),
               "place_id": w.place, "space_id": 999_999}),
    ] {
        let res = app.api_post("/api/v1/events", &w.manager_token, body).await;
        assert_eq!(res.status(), 422);
        let e: Value = res.json().await.unwrap();
        assert_eq!(
            e["error"]["fields"]["space_id"],
            "Choisissez un des espaces du lieu qui accueille l'événement.",
            "{e}"
        );
    }

    // A network's meeting hosted in the place's room; an unknown host place is refused.
    let admin = app.user("admin-reseau@example.org", "Admin réseau").await;
    repo::grant_role(
        &app.state.db,
        admin,
        RoleKind::NetworkAdmin,
        Some(w.network),
        None,
        0,
    )
    .await
    .unwrap();
    let admin_token = app.token_for(admin).await;
    let meeting = create(
        &app,
        &admin_token,
        json!({"title": "Rencontre du réseau", "starts_at": future(6, 9), "ends_at": future(6, 17),
               "network_id": w.network, "location_place_id": w.place, "space_id": room}),
    )
    .await;
    assert_eq!(meeting["location_place_id"], w.place);
    assert_eq!(
        meeting["location"],
        "Salle de réunion, tiers-lieu-de-riez, Riez"
    );
    let res = app
        .api_post(
            "/api/v1/events",
            &w.manager_token,
            json!({"title": "X", "starts_at": future(5, 18), "ends_at": future(5, 20),
                   "place_id": w.place, "location_place_id": 999_999}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let e: Value = res.json().await.unwrap();
    assert!(e["error"]["fields"]["location_place_id"].is_string(), "{e}");
    let place_agenda: Value =
        reqwest::get(app.url(&format!("/api/v1/events?place_id={}", w.place)))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert!(place_agenda
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["title"] == "Rencontre du réseau"));

    // Shown on the page, in the ICS LOCATION and the JSON-LD.
    let page = app
        .get(&format!("/evenements/{id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("<a href=\"/espaces/{room}\">Salle de réunion</a>, <a href=\"/lieux/tiers-lieu-de-riez\">tiers-lieu-de-riez</a>")), "{page}");
    let ld = json_ld_of(&page);
    assert_eq!(
        ld["location"][0]["name"],
        "Salle de réunion, tiers-lieu-de-riez"
    );
    let ics = app
        .get("/lieux/tiers-lieu-de-riez/agenda.ics")
        .await
        .text()
        .await
        .unwrap();
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("LOCATION:Salle de réunion\\, tiers-lieu-de-riez\\, Riez"),
        "{ics}"
    );

    // The form offers the place's rooms; choosing another place's space is refused in French.
    let browser = app.new_browser();
    app.login_as(&browser, "gerant@example.org").await;
    let form = browser
        .get(app.url(&format!("/evenements/{id}/modifier")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains(&format!(
        "<option value=\"{room}\" selected>Salle de réunion</option>"
    )));
    assert!(!form.contains("Atelier bois"));
    let res = browser
        .post(app.url(&format!("/evenements/{id}/modifier")))
        .form(&[
            ("title", "Conseil d'administration"),
            ("starts_at", future(5, 18).as_str()),
            ("ends_at", future(5, 20).as_str()),
            ("location_kind", "place"),
            ("space_id", elsewhere.to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Choisissez un des espaces du lieu qui accueille"));
    // Moving it to a free address drops the space.
    let res = browser
        .post(app.url(&format!("/evenements/{id}/modifier")))
        .form(&[
            ("title", "Conseil d'administration"),
            ("starts_at", future(5, 18).as_str()),
            ("ends_at", future(5, 20).as_str()),
            ("location_kind", "address"),
            ("address", "Mairie de Riez"),
            ("space_id", room.to_string().as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let got: Value = app
        .api_get(&format!("/api/v1/events/{id}"), &w.manager_token)
        .await
        .json()
        .await
        .unwrap();
    assert!(got["space_id"].is_null(), "{got}");
    assert_eq!(got["location"], "Mairie de Riez");
});

// ---- import by URL ----

/// A tiny HTTP server standing for another site's agenda; counts the requests it gets.
async fn agenda_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::response::IntoResponse;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new()
        .route(
            "/agenda.ics",
            axum::routing::get(|| async {
                ([("content-type", "text/calendar; charset=utf-8")], ICS).into_response()
            }),
        )
        .route(
            "/page.html",
            axum::routing::get(|| async {
                axum::response::Html("<html><body>Pas un agenda</body></html>")
            }),
        )
        .route(
            "/ancien",
            axum::routing::get(|| async { axum::response::Redirect::to("/agenda.ics") }),
        )
        .route(
            "/boucle",
            axum::routing::get(|| async { axum::response::Redirect::to("/boucle") }),
        )
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let counter = counter.clone();
                async move {
                    counter.fetch_add(1, Ordering::SeqCst);
                    next.run(req).await
                }
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (format!("http://{addr}"), hits)
}

async fn api_import(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app.api_post("/api/v1/events/import", token, body).await;
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

both!(import_by_url, |app: TestApp| async move {
    use std::sync::atomic::Ordering;
    let w = world(&app).await;
    let (site, hits) = agenda_server().await;
    let url = format!("{site}/agenda.ics");

    // The switch is off (the default): a local address is refused before any request.
    assert!(!app.state.config.fetch_allow_private);
    for u in [
        url.clone(),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://localhost/agenda.ics".to_string(),
        "http://[::1]/agenda.ics".to_string(),
    ] {
        let (s, e) = api_import(
            &app,
            &w.manager_token,
            json!({"place_id": w.place, "url": u}),
        )
        .await;
        assert_eq!(s, 422, "{u}: {e}");
        assert_eq!(
            e["error"]["fields"]["url"],
            "Cette adresse mène à un réseau privé ou local : elle est refusée.",
            "{u}"
        );
    }
    let (s, e) = api_import(
        &app,
        &w.manager_token,
        json!({"place_id": w.place, "url": "file:///etc/passwd"}),
    )
    .await;
    assert_eq!(s, 422);
    assert!(e["error"]["fields"]["url"].is_string(), "{e}");
    let browser = app.new_browser();
    app.login_as(&browser, "gerant@example.org").await;
    let res = browser
        .post(app.url("/evenements/importer"))
        .form(&[
            ("organizer", format!("lieu-{}", w.place).as_str()),
            ("url", url.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("réseau privé ou local"), "{page}");
    assert_eq!(hits.load(Ordering::SeqCst), 0);

    // The command line: refused by default, allowed with MAILLAGE_FETCH_ALLOW_PRIVATE=true
    // (its created events are those the API import below updates).
    let cli = |allow: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_maillage"))
            .args([
                "import",
                "events",
                url.as_str(),
                "--organizer",
                "lieu:tiers-lieu-de-riez",
            ])
            .env("MAILLAGE_DATABASE_URL", &app.db.url)
            .env("MAILLAGE_DATA_DIR", &app.data_dir)
            .env("MAILLAGE_FETCH_ALLOW_PRIVATE", allow)
            .env_remove("MAILLAGE_CONFIG")
            .output()
            .unwrap()
    };
    let out = cli("false");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("réseau privé ou local"), "{err}");
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    let out = cli("true");
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("2 événement(s) créé(s)"),
        "{out:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    hits.store(0, Ordering::SeqCst);
    db_run!(&app.state.db, |p| sqlx::query("DELETE FROM events")
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();

    // With `fetch_allow_private` (an intranet, these tests), a second node imports from it.
    let node = TestApp::on(app.backend, app.db.clone(), |c| {
        c.fetch_allow_private = true
    })
    .await;
    // Someone who does not organize for the place: refused, and nothing is downloaded.
    let stranger = node.user("inconnu@example.org", "Inconnu").await;
    let stranger_token = node.token_for(stranger).await;
    let (s, _) = api_import(
        &node,
        &stranger_token,
        json!({"place_id": w.place, "url": url}),
    )
    .await;
    assert!(s == 403 || s == 404, "{s}");
    assert_eq!(hits.load(Ordering::SeqCst), 0);

    let (s, r) = api_import(
        &node,
        &w.manager_token,
        json!({"place_id": w.place, "url": url}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["created"].as_i64(), r["updated"].as_i64()),
        (Some(2), Some(0))
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    // Again, through a redirect: the same events are updated, none duplicated.
    let (s, r) = api_import(
        &node,
        &w.manager_token,
        json!({"place_id": w.place, "url": format!("{site}/ancien")}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        (r["created"].as_i64(), r["updated"].as_i64()),
        (Some(0), Some(2))
    );
    let list: Value = reqwest::get(node.url(&format!("/api/v1/events?place_id={}", w.place)))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["uid"] == "cafe-2030@example.org"));

    // Not iCalendar, endless redirects, a missing page: clear refusals.
    for (path, message) in [
        (
            "/page.html",
            "Le contenu téléchargé n'est pas un fichier iCalendar (.ics).",
        ),
        ("/boucle", "Trop de redirections (5 au plus)."),
        ("/absent.ics", "Le serveur a refusé de donner le fichier."),
    ] {
        let (s, e) = api_import(
            &node,
            &w.manager_token,
            json!({"place_id": w.place, "url": format!("{site}{path}")}),
        )
        .await;
        assert_eq!(s, 422, "{path}: {e}");
        assert_eq!(e["error"]["fields"]["url"], message, "{path}");
    }

    // The upload page's URL field, on the node that allows it.
    let browser = node.new_browser();
    node.login_as(&browser, "gerant@example.org").await;
    let res = browser
        .post(node.url("/evenements/importer"))
        .form(&[
            ("organizer", format!("lieu-{}", w.place).as_str()),
            ("url", url.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("0 événement(s) créé(s)"), "{page}");
    assert!(page.contains("2 événement(s) mis à jour"), "{page}");
});

// ---- dates in the page's language ----

both!(dates_follow_the_language, |app: TestApp| async move {
    let w = world(&app).await;
    let ev = create(
        &app,
        &w.manager_token,
        json!({"title": "Atelier du jeudi", "starts_at": "2030-01-03T09:00", "ends_at": "2030-01-03T12:00",
               "place_id": w.place}),
    )
    .await;
    let id = ev["id"].as_i64().unwrap();
    let page = |lang: &'static str, path: String| {
        let url = app.url(&path);
        async move {
            reqwest::Client::new()
                .get(url)
                .header("cookie", format!("lang={lang}"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let fr = page("fr", format!("/evenements/{id}")).await;
    assert!(fr.contains("jeudi 3 janvier 2030, 09:00 – 12:00"), "{fr}");
    let en = page("en", format!("/evenements/{id}")).await;
    assert!(en.contains("Thursday 3 January 2030, 9:00–12:00"), "{en}");
    assert!(!en.contains("janvier"));
    let agenda = page("en", "/agenda?du=2030-01-01".to_string()).await;
    assert!(
        agenda.contains("Thursday 3 January 2030, 9:00–12:00"),
        "{agenda}"
    );
    let place = page("en", "/lieux/tiers-lieu-de-riez".to_string()).await;
    assert!(place.contains("Thursday 3 January 2030"), "{place}");
    let agenda = page("fr", "/agenda?du=2030-01-01".to_string()).await;
    assert!(agenda.contains("jeudi 3 janvier 2030, 09:00 – 12:00"));

    // Emails follow each person's language (the account's, set by the language switch).
    let people = people(&app, 2).await;
    let (en_id, en_email, en_token) = &people[0];
    let (_, fr_email, fr_token) = &people[1];
    maillage::accounts::repo::set_locale(&app.state.db, UserId(*en_id), "en")
        .await
        .unwrap();
    app.drain_emails().await;
    for token in [en_token, fr_token] {
        let res = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                token,
                json!({}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let mails = app.drain_emails().await;
    let en = mails.iter().find(|m| m.to == *en_email).unwrap();
    assert_eq!(en.subject, "Registration confirmed: Atelier du jeudi");
    assert!(
        en.text.contains("Thursday 3 January 2030, 9:00–12:00"),
        "{}",
        en.text
    );
    assert!(en
        .text
        .contains("To cancel your registration, without signing in"));
    let fr = mails.iter().find(|m| m.to == *fr_email).unwrap();
    assert_eq!(fr.subject, "Inscription confirmée : Atelier du jeudi");
    assert!(
        fr.text.contains("jeudi 3 janvier 2030, 09:00 – 12:00"),
        "{}",
        fr.text
    );
    // A cancelled event: each in their language.
    let ev = maillage::events::repo::event_by_id(&app.state.db, maillage::ids::EventId(id))
        .await
        .unwrap()
        .unwrap();
    maillage::events::service::cancel_event(&app.state, &ev, "Salle inondée")
        .await
        .unwrap();
    let mails = app.drain_emails().await;
    let en = mails.iter().find(|m| m.to == *en_email).unwrap();
    assert_eq!(en.subject, "Cancelled: Atelier du jeudi");
    assert!(en.text.contains("Reason: Salle inondée"));
    let fr = mails.iter().find(|m| m.to == *fr_email).unwrap();
    assert_eq!(fr.subject, "Annulé : Atelier du jeudi");
});

// The agenda's closed lists are typed: an unknown kind, location kind or status in the API's
// JSON is a 422 on its field (French by default, English on request); an empty kind or
// location kind is still the default one; the list filter answers an unknown kind with the
// agenda's own message; the pages' form keeps its messages; malformed ids are 404.
both!(typed_lists_and_ids, |app: TestApp| async move {
    let w = world(&app).await;
    let client = reqwest::Client::new();
    let post = |body: Value, lang: Option<&'static str>| {
        let req = client
            .post(app.url("/api/v1/events"))
            .bearer_auth(&w.manager_token)
            .json(&body);
        let req = match lang {
            Some(l) => req.header("accept-language", l),
            None => req,
        };
        async move {
            let res = req.send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let base = json!({"title": "Café", "starts_at": future(3, 9), "ends_at": future(3, 10),
                      "place_id": w.place});
    let with = |field: &str, value: &str| {
        let mut b = base.clone();
        b[field] = json!(value);
        b
    };
    for field in ["kind", "location_kind", "status"] {
        let (status, body) = post(with(field, "nimporte"), None).await;
        assert_eq!(status, 422, "{field}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "{body}");
        assert_eq!(
            body["error"]["fields"][field], "Choisissez une valeur dans la liste.",
            "{body}"
        );
        let (status, body) = post(with(field, "nimporte"), Some("en")).await;
        assert_eq!(status, 422);
        assert_eq!(
            body["error"]["fields"][field], "Choose a value from the list.",
            "{body}"
        );
    }
    // Empty texts: the default kind, the location guessed from the place.
    let mut b = with("kind", "");
    b["location_kind"] = json!("");
    let (status, ev) = post(b, None).await;
    assert_eq!(status, 201, "{ev}");
    assert_eq!(ev["kind"], "autre");
    assert_eq!(ev["location_kind"], "place");
    assert_eq!(ev["status"], "published");
    assert_eq!(ev["place_id"], w.place);
    assert!(ev["id"].is_i64());
    let (status, ev) = post(with("kind", "portes-ouvertes"), None).await;
    assert_eq!(status, 201, "{ev}");
    assert_eq!(ev["kind"], "portes-ouvertes");

    // The list's filter.
    let res = reqwest::get(app.url("/api/v1/events?kind=nimporte"))
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"]["kind"], "Choisissez un type d'événement dans la liste.",
        "{body}"
    );
    let res = client
        .get(app.url("/api/v1/events.ics?kind=nimporte"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["fields"]["kind"], "Choose a kind of event from the list.",
        "{body}"
    );
    let all: Value = reqwest::get(app.url("/api/v1/events?kind="))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let open: Value = reqwest::get(app.url("/api/v1/events?kind=portes-ouvertes"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["kind"], "portes-ouvertes");

    // The OpenAPI document lists the values.
    let doc: Value = app.openapi().await;
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["EventKind"]["enum"].as_array().unwrap().len(), 9);
    assert_eq!(
        schemas["EventStatus"]["enum"],
        json!(["draft", "published", "cancelled"])
    );
    assert_eq!(
        schemas["LocationKind"]["enum"],
        json!(["place", "address", "online", "hybrid"])
    );
    assert_eq!(
        schemas["RegStatus"]["enum"],
        json!(["confirmed", "waitlisted", "pending", "cancelled", "refused"])
    );

    // Malformed ids: 404 as JSON.
    for path in ["/api/v1/events/abc", "/api/v1/registrations/abc"] {
        let res = app.api_get(path, &w.manager_token).await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(
            res.json::<Value>().await.unwrap()["error"]["code"],
            "not_found"
        );
    }

    // The page's form: an unknown kind or location is refused (422), nothing is created.
    let browser = app.new_browser();
    app.login_as(&browser, "gerant@example.org").await;
    for (kind, location) in [("nimporte", "place"), ("atelier", "ailleurs")] {
        let res = browser
            .post(app.url("/evenements"))
            .form(&[
                ("organizer", format!("lieu-{}", w.place).as_str()),
                ("title", "Sortie"),
                ("kind", kind),
                ("starts_at", future(5, 10).as_str()),
                ("ends_at", future(5, 12).as_str()),
                ("location_kind", location),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{kind} {location}");
        let page = res.text().await.unwrap();
        assert!(
            page.contains("Le formulaire contient des erreurs"),
            "{page}"
        );
    }
    let all: Value = reqwest::get(app.url("/api/v1/events"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
    // An unknown kind in the agenda's filter shows every event.
    let page = app.get("/agenda?kind=nimporte").await.text().await.unwrap();
    assert!(page.contains("Café"));
});
