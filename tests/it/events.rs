//! The agenda on both backends: the API shapes, capacity under concurrency (two app nodes),
//! waitlist order and promotion, signed cancellation links, recurrence, approval, reminders,
//! event cancellation, imports, feeds and pages.

use mail_parser::MimeHeaders;
use maillage::accounts::model::RoleKind;
use maillage::accounts::repo;
use maillage::db_run;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};

struct World {
    network: i64,
    place: i64,
    other_place: i64,
    manager_token: String,
}

async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let network = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id;
    let other_net = tenancy::insert_network(db, "Réseau Nord", "reseau-nord", "", 0)
        .await
        .unwrap()
        .id;
    let mk = |name: &'static str, net: i64| tenancy::NewPlace {
        name,
        slug: name,
        description: "",
        city: "Riez",
        organization_id: None,
        network_id: Some(net),
        now: 0,
    };
    let place = tenancy::insert_place(db, mk("tiers-lieu-de-riez", network))
        .await
        .unwrap()
        .id;
    let other_place = tenancy::insert_place(db, mk("ailleurs", other_net))
        .await
        .unwrap()
        .id;
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
        let token = app.token_for(id).await;
        out.push((id, email, token));
    }
    out
}

/// Runs the due jobs and returns the raw emails of the outbox (the harness parses text only).
async fn raw_emails(app: &TestApp) -> Vec<Vec<u8>> {
    let mailer = maillage::mail::Mailer::from_config(&app.state.config).unwrap();
    while maillage::mail::jobs::run_one(&app.state, &mailer)
        .await
        .unwrap()
    {}
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

fn future(days: i64, hour: u32) -> String {
    let d = chrono::Utc::now().date_naive() + chrono::Duration::days(days);
    format!("{d}T{hour:02}:00")
}

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
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
