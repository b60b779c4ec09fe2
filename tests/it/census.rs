//! The census and the observatory (issue 21) on both engines, with the demo data: the
//! questionnaire API (template, validation, versions), campaigns, a response pre-filled with
//! figures equal to what the tables say, saved, submitted, reopened; the small-numbers rule
//! and exact aggregates; invitations and reminders through the job queue; the pages of a
//! manager, an animator and the public observatory (SVG charts with their text), and the
//! open-data CSV checked by frictionless against its TableSchema.

use chrono::Datelike;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};
use crate::news::{demo, login_demo, text};

pub(crate) async fn scalar(app: &TestApp, sql: &str) -> i64 {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(p)
        .await)
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn api(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new().request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A questionnaire (the template) and a campaign open today over the last year and the next
/// month, by the network's animator: (questionnaire, campaign).
async fn open_campaign(app: &TestApp, token: &str, network: i64) -> (i64, i64) {
    let (s, q) = api(
        app,
        reqwest::Method::POST,
        "/api/v1/questionnaires",
        Some(token),
        Some(json!({"title": "Recensement test", "network_id": network})),
    )
    .await;
    assert_eq!(s, 201, "{q}");
    let t = today();
    let (s, c) = api(
        app,
        reqwest::Method::POST,
        "/api/v1/campaigns",
        Some(token),
        Some(json!({
            "questionnaire_id": q["id"], "network_id": network, "title": "Campagne test",
            "opens_on": day(t - chrono::Duration::days(1)),
            "closes_on": day(t + chrono::Duration::days(30)),
            "period_start": day(t - chrono::Duration::days(365)),
            "period_end": day(t + chrono::Duration::days(60)),
        })),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    (q["id"].as_i64().unwrap(), c["id"].as_i64().unwrap())
}

both!(
    questionnaires_are_checked_and_versioned,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let post = reqwest::Method::POST;
        // Only the network's animators (and instance admins) write its questionnaires.
        let body = json!({"title": "Q", "network_id": d.network});
        let (s, _) = api(
            &app,
            post.clone(),
            "/api/v1/questionnaires",
            Some(&d.gerant),
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            s, 404,
            "a place's manager does not run the network's census"
        );
        let (s, _) = api(
            &app,
            post.clone(),
            "/api/v1/questionnaires",
            None,
            Some(body),
        )
        .await;
        assert!(matches!(s, 401 | 403), "anonymous: {s}");
        // Bad questions are named by their path.
        let bad = json!({"title": "Q", "network_id": d.network, "questions": [
            {"key": "surface", "label": "Surface", "type": "number", "prefill": "typologies"},
            {"key": "surface", "label": "Forme", "type": "single_choice", "options": ["Seule"]},
            {"key": "Bad Key", "label": "", "type": "scale", "min": 5, "max": 1}
        ]});
        let (s, e) = api(
            &app,
            post.clone(),
            "/api/v1/questionnaires",
            Some(&d.animatrice),
            Some(bad),
        )
        .await;
        assert_eq!(s, 422, "{e}");
        let text = e.to_string();
        for field in [
            "questions[0].prefill",
            "questions[1].key",
            "questions[1].options",
            "questions[2].key",
            "questions[2].label",
            "questions[2].min",
        ] {
            assert!(text.contains(field), "{field} named in {text}");
        }
        let (s, e) = api(&app, post.clone(), "/api/v1/questionnaires", Some(&d.animatrice),
            Some(json!({"title": "Q", "network_id": d.network, "questions": [{"key": "k", "label": "L", "type": "poem"}]}))).await;
        assert_eq!(s, 422, "an unknown type is refused: {e}");
        // A questionnaire no campaign uses changes in place; once used, a change is a new
        // version and the campaign keeps its own.
        let (qid, cid) = open_campaign(&app, &d.animatrice, d.network).await;
        let (_, q) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/questionnaires/{qid}"),
            Some(&d.animatrice),
            None,
        )
        .await;
        assert_eq!(q["version"], 1);
        let mut questions = q["questions"].as_array().unwrap().clone();
        questions.push(json!({"key": "wifi", "label": "Wi-Fi public", "type": "yes_no"}));
        let (s, v2) = api(
            &app,
            reqwest::Method::PUT,
            &format!("/api/v1/questionnaires/{qid}"),
            Some(&d.animatrice),
            Some(json!({"title": "Recensement test", "questions": questions})),
        )
        .await;
        assert_eq!(s, 200, "{v2}");
        assert_ne!(v2["id"].as_i64().unwrap(), qid);
        assert_eq!(v2["version"], 2);
        assert_eq!(v2["parent_id"], qid);
        let (_, c) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{cid}"),
            Some(&d.animatrice),
            None,
        )
        .await;
        assert_eq!(c["questionnaire_id"], qid, "the campaign keeps its version");
        // Campaign dates are checked.
        let (s, e) = api(
            &app,
            post.clone(),
            "/api/v1/campaigns",
            Some(&d.animatrice),
            Some(json!({
            "questionnaire_id": qid, "network_id": d.network, "opens_on": "2026-05-01",
            "closes_on": "2026-04-01", "period_start": "2025-13-01", "period_end": "2025-12-31",
            "departments": ["04", "99x"]})),
        )
        .await;
        assert_eq!(s, 422);
        let text = e.to_string();
        for field in ["closes_on", "period_start", "departments"] {
            assert!(text.contains(field), "{field} named in {text}");
        }
    }
);

both!(
    a_response_is_prefilled_from_the_data_saved_submitted_and_reopened,
    |app: TestApp| async move {
        let d = demo(&app).await;
        // Some activity at Riez: a registration with a guest, and a booking of the coworking.
        let riez = d.riez;
        let event = scalar(
            &app,
            &format!("SELECT MIN(id) FROM events WHERE place_id = {riez} AND status = 'published'"),
        )
        .await;
        let (s, reg) = api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/events/{event}/registrations"),
            Some(&d.membre),
            Some(json!({"guests": 1})),
        )
        .await;
        assert_eq!(s, 201, "{reg}");
        let space = scalar(
            &app,
            &format!(
                "SELECT id FROM spaces WHERE place_id = {riez} AND name = 'Salon de coworking'"
            ),
        )
        .await;
        let mut monday = today() + chrono::Duration::days(3);
        while monday.weekday() != chrono::Weekday::Mon {
            monday += chrono::Duration::days(1);
        }
        let at = |h: u32| {
            monday
                .and_hms_opt(h, 0, 0)
                .unwrap()
                .and_local_timezone(chrono_tz::Europe::Paris)
                .unwrap()
                .to_rfc3339()
        };
        let (s, b) = api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/spaces/{space}/bookings"),
            Some(&d.membre),
            Some(json!({"starts_at": at(10), "ends_at": at(12)})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (qid, cid) = open_campaign(&app, &d.animatrice, d.network).await;
        let path = format!("/api/v1/campaigns/{cid}/places/{}/response", d.riez);
        // Only the place's managers and its network's animators see it.
        for t in [&d.fablab, &d.stranger, &d.membre] {
            let (s, _) = api(&app, reqwest::Method::GET, &path, Some(t), None).await;
            assert_eq!(s, 404);
        }
        let (s, r) = api(&app, reqwest::Method::GET, &path, Some(&d.gerant), None).await;
        assert_eq!(s, 200, "{r}");
        assert_eq!(r["status"], "draft");
        // The pre-filled figures are what the tables say over the period.
        let t = today();
        let from = maillage::clock::paris_midnight(t - chrono::Duration::days(365));
        let to = maillage::clock::paris_midnight(t + chrono::Duration::days(61));
        let occ = format!(
            "FROM event_occurrences o JOIN events e ON e.id = o.event_id WHERE (e.place_id = {riez} OR e.location_place_id = {riez}) \
             AND e.status = 'published' AND NOT o.cancelled AND o.starts_at >= {from} AND o.starts_at < {to}"
        );
        let events = scalar(&app, &format!("SELECT COUNT(*) {occ}")).await;
        let people = scalar(&app, &format!(
            "SELECT COALESCE(SUM(1 + r.guests), 0) FROM event_registrations r WHERE r.status = 'confirmed' \
             AND r.occurrence_id IN (SELECT o.id {occ})")).await;
        let bookings = scalar(&app, &format!(
            "SELECT COUNT(*) FROM bookings b JOIN spaces s ON s.id = b.space_id WHERE s.place_id = {riez} \
             AND b.status = 'confirmed' AND b.starts_at >= {from} AND b.starts_at < {to}")).await;
        let spaces = scalar(
            &app,
            &format!("SELECT COUNT(*) FROM spaces WHERE place_id = {riez} AND active"),
        )
        .await;
        assert!(
            events > 0 && people > 0 && bookings > 0,
            "the demo has data: {events} {people} {bookings}"
        );
        assert_eq!(r["answers"]["events_count"], events);
        assert_eq!(r["answers"]["participants_count"], people);
        assert_eq!(r["answers"]["bookings_count"], bookings);
        assert_eq!(r["answers"]["spaces_count"], spaces);
        assert_eq!(r["prefill"]["events_count"]["source"], "events_count");
        let rate = r["answers"]["occupancy_rate"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&rate), "{rate}");
        assert!(!r["answers"]["typologies"].as_array().unwrap().is_empty());
        // The previous campaign's answers pre-fill the questions Maillage cannot know.
        assert_eq!(r["prefill"]["surface_m2"]["source"], "previous");
        assert_eq!(r["answers"]["surface_m2"], 420);
        // Bad answers are refused by key; nothing is saved.
        let (s, e) = api(
            &app,
            reqwest::Method::PUT,
            &path,
            Some(&d.gerant),
            Some(json!({"answers": {
            "surface_m2": "grand", "turnover_cents": -5, "legal_form": "Monarchie", "nope": 1,
            "occupancy_rate": 140, "typologies": ["casino"]}})),
        )
        .await;
        assert_eq!(s, 422);
        let text = e.to_string();
        for f in [
            "answers.surface_m2",
            "answers.turnover_cents",
            "answers.legal_form",
            "answers.nope",
            "answers.occupancy_rate",
            "answers.typologies",
        ] {
            assert!(text.contains(f), "{f} in {text}");
        }
        let (_, again) = api(&app, reqwest::Method::GET, &path, Some(&d.gerant), None).await;
        assert_eq!(again["answers"]["surface_m2"], 420, "nothing was saved");
        // A draft without a required answer cannot be submitted.
        let mut answers = r["answers"].as_object().unwrap().clone();
        answers.remove("surface_m2");
        answers.insert("employees_fte".into(), json!("2,5"));
        answers.insert("turnover_cents".into(), json!(9_000_000));
        let (s, saved) = api(
            &app,
            reqwest::Method::PUT,
            &path,
            Some(&d.gerant),
            Some(json!({"answers": answers})),
        )
        .await;
        assert_eq!(s, 200, "{saved}");
        assert_eq!(saved["answers"]["employees_fte"], 2.5);
        let (s, e) = api(
            &app,
            reqwest::Method::POST,
            &format!("{path}/submit"),
            Some(&d.gerant),
            None,
        )
        .await;
        assert_eq!(s, 422);
        assert!(e.to_string().contains("answers.surface_m2"));
        answers.insert("surface_m2".into(), json!(450));
        api(
            &app,
            reqwest::Method::PUT,
            &path,
            Some(&d.gerant),
            Some(json!({"answers": answers})),
        )
        .await;
        let (s, sub) = api(
            &app,
            reqwest::Method::POST,
            &format!("{path}/submit"),
            Some(&d.gerant),
            None,
        )
        .await;
        assert_eq!(s, 200, "{sub}");
        assert_eq!(sub["status"], "submitted");
        // Submitted: no change until an animator reopens it (not its manager).
        let (s, _) = api(
            &app,
            reqwest::Method::PUT,
            &path,
            Some(&d.gerant),
            Some(json!({"answers": answers})),
        )
        .await;
        assert_eq!(s, 409);
        let (s, _) = api(
            &app,
            reqwest::Method::POST,
            &format!("{path}/reopen"),
            Some(&d.gerant),
            None,
        )
        .await;
        assert_eq!(s, 404);
        let (s, _) = api(
            &app,
            reqwest::Method::POST,
            &format!("{path}/reopen"),
            Some(&d.animatrice),
            None,
        )
        .await;
        assert_eq!(s, 204);
        let (s, r) = api(
            &app,
            reqwest::Method::PUT,
            &path,
            Some(&d.gerant),
            Some(json!({"answers": answers})),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(r["status"], "draft");
        assert_eq!(r["answers"]["surface_m2"], 450);
        // A campaign limited to other departments is not sent to the place.
        let t = today();
        let (s, c) = api(&app, reqwest::Method::POST, "/api/v1/campaigns", Some(&d.animatrice), Some(json!({
            "questionnaire_id": qid, "network_id": d.network, "departments": ["2A"],
            "opens_on": day(t), "closes_on": day(t), "period_start": day(t), "period_end": day(t),
        }))).await;
        assert_eq!(s, 201, "{c}");
        let other = format!("/api/v1/campaigns/{}/places/{}/response", c["id"], d.riez);
        let (s, _) = api(&app, reqwest::Method::GET, &other, Some(&d.gerant), None).await;
        assert_eq!(s, 404);
    }
);

both!(
    aggregates_are_exact_and_small_numbers_stay_hidden,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let year = today().year();
        let cid = scalar(
            &app,
            &format!(
                "SELECT id FROM census_campaigns WHERE title = 'Recensement {}'",
                year - 1
            ),
        )
        .await;
        let deps: Vec<i64> = vec![
            scalar(
                &app,
                "SELECT COUNT(DISTINCT department) FROM places WHERE department <> ''",
            )
            .await,
        ];
        assert!(deps[0] >= 2, "the demo places are in several departments");
        // Every place together: 3 places, the threshold, so the figures show, exactly.
        let (s, a) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{cid}/aggregates"),
            None,
            None,
        )
        .await;
        assert_eq!(s, 200, "{a}");
        assert_eq!(a["min_places"], 3);
        let all = &a["groups"][0];
        assert_eq!(all["places"], 3);
        assert_eq!(all["hidden"], false);
        let turnover = &all["figures"]["turnover_cents"];
        assert_eq!(turnover["sum"], 8_500_000.0 + 6_200_000.0);
        assert_eq!(turnover["median"], 6_200_000.0);
        assert_eq!(all["figures"]["employees_fte"]["sum"], 4.5);
        assert_eq!(all["figures"]["employees_fte"]["median"], 1.5);
        // "Médiation numérique": 3 places; "France services": 1 place, left out.
        let services = all["figures"]["public_services"]["counts"]
            .as_object()
            .unwrap();
        assert_eq!(services["Médiation numérique"], 3);
        assert!(!services.contains_key("France services"));
        // Per department: fewer than three places each, so every figure is hidden.
        let (_, a) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{cid}/aggregates?by=department"),
            None,
            None,
        )
        .await;
        for g in a["groups"].as_array().unwrap() {
            assert!(g["places"].as_i64().unwrap() < 3);
            assert_eq!(g["hidden"], true);
            assert!(g["figures"]["turnover_cents"].get("sum").is_none(), "{g}");
        }
        // Year over year: last year's and this year's campaigns.
        let (_, a) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{cid}/aggregates?by=year"),
            None,
            None,
        )
        .await;
        let keys: Vec<&str> = a["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys.len(), 2, "{keys:?}");
        let (s, _) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{cid}/aggregates?by=commune"),
            None,
            None,
        )
        .await;
        assert_eq!(s, 422);
        // Unpublished: the animators only.
        let (s, _) = api(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/campaigns/{cid}"),
            Some(&d.gerant),
            Some(json!({"published": false})),
        )
        .await;
        assert_eq!(s, 404);
        let (s, c) = api(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/campaigns/{cid}"),
            Some(&d.animatrice),
            Some(json!({"published": false})),
        )
        .await;
        assert_eq!(s, 200, "{c}");
        assert_eq!(c["submitted"], 3);
        let (s, _) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{cid}/aggregates"),
            None,
            None,
        )
        .await;
        assert_eq!(s, 404);
        let (s, _) = api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/campaigns/{cid}/aggregates"),
            Some(&d.animatrice),
            None,
        )
        .await;
        assert_eq!(s, 200);
    }
);

both!(
    managers_are_invited_then_reminded_until_they_answer,
    |app: TestApp| async move {
        let d = demo(&app).await;
        app.drain_emails().await;
        let (_, cid) = open_campaign(&app, &d.animatrice, d.network).await;
        // The invitation goes at 8:00 on the opening day: a day later it has gone.
        app.state.clock.advance(chrono::Duration::days(1));
        let mails = app.drain_emails().await;
        let riez = mails
            .iter()
            .find(|m| m.to == "gerant.riez@demo.maillage.fr")
            .expect("Riez's manager invited");
        assert!(riez.subject.contains("Campagne test"), "{}", riez.subject);
        let link = format!("/recensement/{cid}/lieux/{}", d.riez);
        assert!(riez.text.contains(&link), "{}", riez.text);
        assert!(mails
            .iter()
            .any(|m| m.to == "gerante.fablab@demo.maillage.fr"));
        // Riez answers; a week later only the others are reminded.
        let path = format!("/api/v1/campaigns/{cid}/places/{}/response", d.riez);
        let (_, r) = api(&app, reqwest::Method::GET, &path, Some(&d.gerant), None).await;
        let mut answers = r["answers"].as_object().unwrap().clone();
        answers.insert("surface_m2".into(), json!(400));
        api(
            &app,
            reqwest::Method::PUT,
            &path,
            Some(&d.gerant),
            Some(json!({"answers": answers})),
        )
        .await;
        let (s, _) = api(
            &app,
            reqwest::Method::POST,
            &format!("{path}/submit"),
            Some(&d.gerant),
            None,
        )
        .await;
        assert_eq!(s, 200);
        app.state.clock.advance(chrono::Duration::days(7));
        let mails = app.drain_emails().await;
        assert!(mails
            .iter()
            .any(|m| m.to == "gerante.fablab@demo.maillage.fr" && m.subject.starts_with("Rappel")));
        assert!(
            !mails.iter().any(|m| m.to == "gerant.riez@demo.maillage.fr"),
            "Riez answered"
        );
        let reminders = scalar(&app, &format!("SELECT COUNT(*) FROM census_mailings WHERE campaign_id = {cid} AND kind = 'reminder'")).await;
        assert!(reminders >= 1);
        // The animator's "remind now".
        let (s, _) = api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/campaigns/{cid}/reminders"),
            Some(&d.gerant),
            None,
        )
        .await;
        assert_eq!(s, 404);
        let (s, _) = api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/campaigns/{cid}/reminders"),
            Some(&d.animatrice),
            None,
        )
        .await;
        assert_eq!(s, 202);
        assert!(app
            .drain_emails()
            .await
            .iter()
            .any(|m| m.to == "gerante.fablab@demo.maillage.fr"));
    }
);

both!(
    the_pages_of_a_manager_an_animator_and_the_public,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let year = today().year();
        let current = scalar(
            &app,
            &format!("SELECT id FROM census_campaigns WHERE title = 'Recensement {year}'"),
        )
        .await;
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, page) = text(&app, &gerant, "/recensement").await;
        assert_eq!(s, 200);
        let sheet = format!("/recensement/{current}/lieux/{}", d.riez);
        assert!(page.contains(&sheet), "the open campaign is listed");
        let (s, page) = text(&app, &gerant, &sheet).await;
        assert_eq!(s, 200);
        assert!(
            page.contains("Pré-rempli par Maillage (événements de la période)"),
            "the pre-fill is said"
        );
        // A bad number is refused in French, and what was typed stays.
        let res = gerant
            .post(app.url(&sheet))
            .form(&[
                ("a.surface_m2", "très grand"),
                ("a.employees_fte", "3"),
                ("action", "save"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("Nombre attendu"));
        assert!(body.contains("très grand"));
        // Submitting without the required surface keeps the draft and names it.
        let res = gerant
            .post(app.url(&sheet))
            .form(&[
                ("a.employees_fte", "3"),
                ("a.typologies", "coworking"),
                ("action", "submit"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Réponse obligatoire avant l"));
        let res = gerant
            .post(app.url(&sheet))
            .form(&[
                ("a.surface_m2", "420"),
                ("a.employees_fte", "3"),
                ("a.typologies", "coworking"),
                ("a.partnerships", "oui"),
                ("action", "submit"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), sheet);
        let (_, page) = text(&app, &gerant, &sheet).await;
        assert!(page.contains("Envoyée"));
        // The animator's pages.
        let anim = app.new_browser();
        login_demo(&app, &anim, "animatrice@demo.maillage.fr").await;
        let (s, page) = text(
            &app,
            &anim,
            &format!("/reseaux/{}/recensement", d.network_slug),
        )
        .await;
        assert_eq!(s, 200);
        assert!(page.contains(&format!("Recensement {year}")));
        let (s, page) = text(
            &app,
            &anim,
            &format!(
                "/reseaux/{}/recensement/campagnes/{current}",
                d.network_slug
            ),
        )
        .await;
        assert_eq!(s, 200);
        assert!(
            page.contains("3 lieux concernés") && page.contains("3 réponses envoyées"),
            "{page}"
        );
        let (s, csv) = text(
            &app,
            &anim,
            &format!(
                "/reseaux/{}/recensement/campagnes/{current}/reponses.csv",
                d.network_slug
            ),
        )
        .await;
        assert_eq!(s, 200);
        assert!(
            csv.starts_with("lieu_id,lieu,departement,question,reponse")
                && csv.contains("surface_m2")
        );
        // Not for a manager, nor the public.
        let (s, _) = text(
            &app,
            &gerant,
            &format!("/reseaux/{}/recensement", d.network_slug),
        )
        .await;
        assert_eq!(s, 404);
        let (s, _) = text(
            &app,
            &gerant,
            &format!(
                "/reseaux/{}/recensement/campagnes/{current}/reponses.csv",
                d.network_slug
            ),
        )
        .await;
        assert_eq!(s, 404);
        // The internal observatory draws every figure; the public one hides small groups.
        let (s, page) = text(
            &app,
            &anim,
            &format!(
                "/reseaux/{}/observatoire/interne?par=departement",
                d.network_slug
            ),
        )
        .await;
        assert_eq!(s, 200);
        assert!(
            page.contains("<svg") && page.contains("role=\"img\"") && page.contains("<desc id=")
        );
        assert!(page.contains("<polyline"), "a line over the two years");
        // Grouped by department: the map of France, every department drawn, the network's
        // named and shaded by how many places answered (the board hides nothing).
        assert!(page.contains(r#"id="obs-map-block""#));
        let map = &page[page.find(r#"id="obs-map-t""#).unwrap()..];
        let map = &map[..map.find("</svg>").unwrap()];
        assert_eq!(map.matches("<path").count(), 96);
        let riez_dept = "04 – Alpes-de-Haute-Provence";
        assert!(map.contains(&format!("<title>{riez_dept} : ")), "{map}");
        assert!(
            !map.contains("url(#obs-map-h)\"><title>"),
            "nothing hidden on the board"
        );
        assert!(page.contains(&format!(r#"<th scope="row">{riez_dept}</th>"#)));
        // Mapping a numeric question: the surfaces' sum per department.
        let (_, by_surface) = text(
            &app,
            &anim,
            &format!(
                "/reseaux/{}/observatoire/interne?par=departement&carte=surface_m2",
                d.network_slug
            ),
        )
        .await;
        assert!(by_surface.contains(r#"<option value="surface_m2" selected>"#));
        assert!(by_surface.contains("Surface totale du lieu – par département"));
        // The same figures as a PDF, map and charts included; the board's is the board's.
        let pdf_href = by_surface
            .split("id=\"obs-pdf\" href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("a PDF link")
            .replace("&amp;", "&")
            .replace("&#38;", "&");
        assert!(
            pdf_href.contains("/observatoire/interne.pdf?")
                && pdf_href.contains("carte=surface_m2")
        );
        let res = anim.get(app.url(&pdf_href)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let bytes = res.bytes().await.unwrap();
        let flat = pdf_extract::extract_text_from_mem(&bytes)
            .expect("readable PDF")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains("Surface totale du lieu – par département"),
            "{pdf_href}: {flat}"
        );
        assert!(flat.contains("04 – Alpes-de-Haute-Provence 720"), "{flat}");
        let res = gerant.get(app.url(&pdf_href)).send().await.unwrap();
        assert_eq!(res.status(), 404, "the board's PDF is the animators'");
        // Riez (420 m², typed above) and the Forcalquier fab lab (300 m² in the demo).
        assert!(
            by_surface.contains(&format!("<title>{riez_dept} : 720</title>")),
            "{by_surface}"
        );
        // A choice question grouped by typology: stacked shares, one bar per typology.
        let (_, by_typology) = text(
            &app,
            &anim,
            &format!(
                "/reseaux/{}/observatoire/interne?par=typologie",
                d.network_slug
            ),
        )
        .await;
        assert!(
            by_typology.contains("part de chaque choix") && by_typology.contains("-s-t\""),
            "stacked bars drawn"
        );
        assert!(
            !by_typology.contains(r#"id="obs-map-block""#),
            "no map unless by department"
        );
        let public = app.new_browser();
        let (s, page) = text(
            &app,
            &public,
            &format!("/reseaux/{}/observatoire", d.network_slug),
        )
        .await;
        assert_eq!(s, 200);
        assert!(page.contains("masqué (trop peu de lieux)"));
        // On the public map the departments of too few places are hatched, not shaded.
        let (_, public_map) = text(
            &app,
            &public,
            &format!("/reseaux/{}/observatoire?par=departement", d.network_slug),
        )
        .await;
        assert!(public_map
            .contains("fill=\"url(#obs-map-h)\"><title>04 – Alpes-de-Haute-Provence : masqué"));
        assert!(!public_map.contains("<title>04 – Alpes-de-Haute-Provence : 1"));
        let res = public
            .get(app.url(&format!(
                "/reseaux/{}/observatoire.pdf?par=departement",
                d.network_slug
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let flat = pdf_extract::extract_text_from_mem(&res.bytes().await.unwrap())
            .expect("readable PDF")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains("masqué (trop peu de lieux)"), "{flat}");
        assert!(
            !flat.contains("Alpes-de-Haute-Provence 720"),
            "no hidden figure in the public PDF"
        );
        let (s, _) = text(
            &app,
            &gerant,
            &format!("/reseaux/{}/observatoire/interne", d.network_slug),
        )
        .await;
        assert_eq!(s, 404);
        // The public page is cached for visitors, and follows a campaign withdrawn.
        let obs = format!("/reseaux/{}/observatoire", d.network_slug);
        let (_, again) = text(&app, &public, &obs).await;
        assert!(again.contains(&format!(">Recensement {year}</option>")));
        let res = anim
            .post(app.url(&format!(
                "/reseaux/{}/recensement/campagnes/{current}/publication",
                d.network_slug
            )))
            .form(&[("published", "false")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, after) = text(&app, &public, &obs).await;
        assert!(
            !after.contains(&format!(">Recensement {year}</option>")),
            "withdrawn from the public page"
        );
        // Adding a question from the form, with its errors in French.
        let qid = scalar(
            &app,
            &format!("SELECT questionnaire_id FROM census_campaigns WHERE id = {current}"),
        )
        .await;
        let qpath = format!(
            "/reseaux/{}/recensement/questionnaires/{qid}",
            d.network_slug
        );
        let res = anim
            .post(app.url(&format!("{qpath}/questions")))
            .form(&[
                ("label", "Salles"),
                ("key", "surface_m2"),
                ("kind", "single_choice"),
                ("options", "Une"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("Une autre question a déjà cette clé")
                || body.contains("Donnez entre 2 et 50 choix"),
            "{body}"
        );
        let res = anim
            .post(app.url(&format!("{qpath}/questions")))
            .form(&[
                ("label", "Salles de réunion"),
                ("key", "meeting_rooms"),
                ("kind", "number"),
                ("unit", "salles"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let to = location(&res);
        assert_ne!(to, qpath, "the questionnaire in use got a new version");
        let (_, page) = text(&app, &anim, &to).await;
        assert!(page.contains("Salles de réunion") && page.contains("v2"));
    }
);

both!(
    published_figures_pass_frictionless,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let year = today().year();
        let cid = scalar(
            &app,
            &format!(
                "SELECT id FROM census_campaigns WHERE title = 'Recensement {}'",
                year - 1
            ),
        )
        .await;
        let base = format!("/reseaux/{}/observatoire/campagnes/{cid}", d.network_slug);
        let csv = app.get(&format!("{base}/chiffres.csv")).await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert!(csv.starts_with("campagne,regroupement,groupe,lieux,question"));
        let schema: Value = app
            .get(&format!("{base}/schema.json"))
            .await
            .json()
            .await
            .unwrap();
        let json: Value = app
            .get(&format!("{base}/chiffres.json"))
            .await
            .json()
            .await
            .unwrap();
        assert!(json["licence"]["title"]
            .as_str()
            .unwrap()
            .contains("Licence Ouverte"));
        assert_eq!(json["schema"], schema);
        // No figure of fewer than three places in the open data.
        for line in csv.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            if cols[3].parse::<i64>().unwrap_or(0) < 3 {
                assert!(line.contains(",true,"), "a small group is hidden: {line}");
            }
        }
        let Some(py) = crate::places::validators() else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("chiffres.csv"), &csv).unwrap();
        std::fs::write(dir.path().join("schema.json"), schema.to_string()).unwrap();
        let script = r#"
import json, sys
from frictionless import Resource, Schema
d = sys.argv[1]
schema = Schema.from_descriptor(json.load(open(d + "/schema.json")))
report = Resource("chiffres.csv", basepath=d, schema=schema).validate()
assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
print("ok")
"#;
        let out = std::process::Command::new(py)
            .arg("-c")
            .arg(script)
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "frictionless: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // An unpublished campaign has no open data.
        api(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/campaigns/{cid}"),
            Some(&d.animatrice),
            Some(json!({"published": false})),
        )
        .await;
        assert_eq!(app.get(&format!("{base}/chiffres.csv")).await.status(), 404);
    }
);

both!(
    the_activity_report_says_what_the_data_says,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let t = today();
        let (du, au) = (
            day(t - chrono::Duration::days(10)),
            day(t + chrono::Duration::days(30)),
        );
        let from = maillage::clock::paris_midnight(t - chrono::Duration::days(10));
        let to = maillage::clock::paris_midnight(t + chrono::Duration::days(31));
        let n = d.network;
        let events = scalar(&app, &format!(
            "SELECT COUNT(*) FROM event_occurrences o JOIN events e ON e.id = o.event_id WHERE e.status = 'published' \
             AND NOT o.cancelled AND o.starts_at >= {from} AND o.starts_at < {to} \
             AND (e.network_id = {n} OR e.place_id IN (SELECT place_id FROM network_places WHERE network_id = {n}))")).await;
        assert!(events > 0);
        let projects = scalar(&app, &format!("SELECT COUNT(*) FROM projects WHERE network_id = {n} AND network_status = 'accepted'")).await;
        let anim = app.new_browser();
        login_demo(&app, &anim, "animatrice@demo.maillage.fr").await;
        let path = format!("/reseaux/{}/rapport?du={du}&au={au}", d.network_slug);
        let (s, page) = text(&app, &anim, &path).await;
        assert_eq!(s, 200);
        assert!(
            page.contains(&format!(
                "<th scope=\"row\">Dates d&#39;événements tenues</th><td>{events}</td>"
            )) || page.contains(&format!(
                "<th scope=\"row\">Dates d'événements tenues</th><td>{events}</td>"
            )),
            "{page}"
        );
        assert_eq!(page.contains("role=\"img\""), projects > 0);
        let (s, csv) = text(
            &app,
            &anim,
            &format!("/reseaux/{}/rapport.csv?du={du}&au={au}", d.network_slug),
        )
        .await;
        assert_eq!(s, 200);
        assert!(
            csv.contains(&format!(
                "events,Dates d'événements tenues,{events},{du},{au}"
            )),
            "{csv}"
        );
        // The PDF says the same figures, in a real PDF whose text a reader extracts.
        let res = anim
            .get(app.url(&format!(
                "/reseaux/{}/rapport.pdf?du={du}&au={au}",
                d.network_slug
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/pdf"
        );
        let bytes = res.bytes().await.unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let pdf_text = pdf_extract::extract_text_from_mem(&bytes).expect("readable PDF");
        let flat = pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("Rapport d'activité – Réseau Sud Tiers-Lieux"),
            "{flat}"
        );
        assert!(
            flat.contains(&format!("Dates d'événements tenues {events}")),
            "{flat}"
        );
        assert!(flat.contains("Projets suivis par étape"));
        if projects > 0 {
            assert!(!flat.contains("Aucun projet"), "{flat}");
        }
        let (s, _) = text(
            &app,
            &anim,
            &format!("/reseaux/{}/rapport.pdf?du={au}&au={du}", d.network_slug),
        )
        .await;
        assert_eq!(s, 422, "a bad period gets no PDF");
        // Bad periods are refused on their field; the report is the animators'.
        let (s, page) = text(
            &app,
            &anim,
            &format!("/reseaux/{}/rapport?du={au}&au={du}", d.network_slug),
        )
        .await;
        assert_eq!(s, 422);
        assert!(page.contains("La fin de la période doit suivre son début"));
        let (s, _) = text(
            &app,
            &anim,
            &format!("/reseaux/{}/rapport?du=hier", d.network_slug),
        )
        .await;
        assert_eq!(s, 422);
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, _) = text(&app, &gerant, &path).await;
        assert_eq!(s, 404);
        let (s, _) = text(
            &app,
            &gerant,
            &format!("/reseaux/{}/rapport.pdf?du={du}&au={au}", d.network_slug),
        )
        .await;
        assert_eq!(s, 404);
    }
);

both!(
    the_figures_are_read_once_and_follow_an_answer_written_on_another_node,
    |app: TestApp| async move {
        demo(&app).await;
        let cid = last_years_campaign(&app).await;
        // A second node on the same database: it reads the figures, keeps them, and is told
        // of an answer withdrawn through the other node within the bound (a second).
        let node2 = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        let path = format!("/api/v1/campaigns/{cid}/aggregates");
        let read = |node: &TestApp| {
            let url = node.url(&path);
            async move {
                let res = reqwest::get(url).await.unwrap();
                assert_eq!(res.status(), 200);
                let sql = crate::harness::statements(&res).unwrap_or(0);
                let a: Value = res.json().await.unwrap();
                (sql, a["groups"][0]["places"].as_i64().unwrap())
            }
        };
        let (first, places) = read(&node2).await;
        assert_eq!(places, 3);
        let (again, places) = read(&node2).await;
        assert_eq!(places, 3);
        // Statements are counted on PostgreSQL (`x-sql-statements`), not on SQLite.
        if matches!(app.state.db, maillage::db::Db::Postgres(_)) {
            assert!(
                first > 0 && again < first,
                "the second reading is served from the cache: {again} statements, {first} the first time"
            );
        }
        withdraw_one_answer(&app, cid).await;
        let (_, places) = read(&node2).await;
        assert_eq!(
            places, 2,
            "the withdrawn answer left the figures of the other node"
        );
        let (_, places) = read(&app).await;
        assert_eq!(places, 2);
    }
);

both!(
    the_figures_version_moves_at_every_change_they_are_drawn_from,
    |app: TestApp| async move {
        demo(&app).await;
        let cid = last_years_campaign(&app).await;
        let db = &app.state.db;
        let version = || async { maillage::census::repo::figures_version(db).await.unwrap() };
        let exec = |sql: String| async move {
            let n = maillage::db_run!(db, |p| sqlx::query(&sql)
                .execute(p)
                .await
                .map(|r| r.rows_affected()))
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
            assert!(n >= 1, "{sql} changed nothing");
        };
        // The figures are kept until this version moves (not a few seconds): every change
        // they are drawn from must move it, the ones a `MAX(updated_at)` misses included.
        let place = scalar(
            &app,
            &format!(
                "SELECT MIN(place_id) FROM census_responses \
                 WHERE campaign_id = {cid} AND status = 'submitted'"
            ),
        )
        .await;
        // A place with no answer yet.
        let fresh = maillage::places::repo::insert_place(
            db,
            maillage::places::repo::NewPlace {
                name: "Nouveau lieu",
                slug: "nouveau-lieu",
                description: "",
                city: "Riez",
                organization_id: None,
                network_id: None,
                now: 0,
            },
        )
        .await
        .unwrap()
        .id
        .get();
        let steps = [
            (
                "a draft started",
                format!(
                    "INSERT INTO census_responses (campaign_id, place_id, status, started_at, updated_at) \
                     VALUES ({cid}, {fresh}, 'draft', 1, 1)"
                ),
                false,
            ),
            (
                "a draft saved",
                format!(
                    "UPDATE census_responses SET answers = '{{}}', updated_at = 2 \
                     WHERE campaign_id = {cid} AND place_id = {fresh}"
                ),
                false,
            ),
            (
                "a draft submitted",
                format!(
                    "UPDATE census_responses SET status = 'submitted' \
                     WHERE campaign_id = {cid} AND place_id = {fresh}"
                ),
                true,
            ),
            (
                "a submitted answer changed without its date",
                format!(
                    "UPDATE census_responses SET answers = '{{}}' \
                     WHERE campaign_id = {cid} AND place_id = {fresh}"
                ),
                true,
            ),
            (
                "a place's coordinates and description edited",
                format!(
                    "UPDATE places SET latitude = 43.9, longitude = 6.1, description = 'Nouvelle' \
                     WHERE id = {place}"
                ),
                false,
            ),
            (
                "a place moved to another department",
                format!("UPDATE places SET department = '05' WHERE id = {place}"),
                true,
            ),
            (
                "a typology renamed",
                "UPDATE typologies SET name = name || ' (renommée)' \
                 WHERE id = (SELECT MIN(id) FROM typologies)"
                    .to_string(),
                true,
            ),
            (
                "a place's typology removed",
                "DELETE FROM place_typologies WHERE place_id = (SELECT MIN(place_id) FROM place_typologies)"
                    .to_string(),
                true,
            ),
            (
                "a questionnaire edited",
                format!(
                    "UPDATE census_questionnaires SET title = title || ' bis' WHERE id = \
                     (SELECT questionnaire_id FROM census_campaigns WHERE id = {cid})"
                ),
                true,
            ),
            (
                "a campaign unpublished",
                format!("UPDATE census_campaigns SET published = FALSE WHERE id = {cid}"),
                true,
            ),
            (
                "a place deleted with its answers",
                format!("DELETE FROM places WHERE id = {fresh}"),
                true,
            ),
        ];
        for (what, sql, moves) in steps {
            let before = version().await;
            exec(sql).await;
            let after = version().await;
            assert_eq!(after != before, moves, "{what}: {before:?} → {after:?}");
        }
        assert_eq!(
            scalar(
                &app,
                &format!("SELECT COUNT(*) FROM census_responses WHERE place_id = {fresh}")
            )
            .await,
            0,
            "the deleted place's answer went with it"
        );
    }
);

both!(
    the_figures_follow_a_place_moved_on_another_node_within_a_second,
    |app: TestApp| async move {
        demo(&app).await;
        let cid = last_years_campaign(&app).await;
        let node2 = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        let path = format!("/api/v1/campaigns/{cid}/aggregates?by=department");
        let largest = || async {
            let res = reqwest::get(node2.url(&path)).await.unwrap();
            assert_eq!(res.status(), 200);
            let a: Value = res.json().await.unwrap();
            a["groups"]
                .as_array()
                .unwrap()
                .iter()
                .map(|g| g["places"].as_i64().unwrap())
                .max()
                .unwrap_or(0)
        };
        assert!(
            largest().await < 3,
            "the demo's answers are in several departments"
        );
        // Moving places touches no answer: a version made of the answers' dates missed it
        // (the figures were then only dropped after five seconds).
        let moved = format!(
            "UPDATE places SET department = '04' WHERE id IN (SELECT place_id FROM \
             census_responses WHERE campaign_id = {cid} AND status = 'submitted')"
        );
        maillage::db_run!(&app.state.db, |p| sqlx::query(&moved)
            .execute(p)
            .await
            .map(|_| ()))
        .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        assert_eq!(
            largest().await,
            3,
            "the three places now share a department"
        );
    }
);

both!(
    the_observatorys_pdf_is_drawn_once_and_follows_an_answer_written_on_another_node,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let cid = last_years_campaign(&app).await;
        let node2 = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        let path = format!(
            "/reseaux/{}/observatoire.pdf?campagne={cid}",
            d.network_slug
        );
        let read = |node: &TestApp| {
            let url = node.url(&path);
            async move {
                let res = reqwest::get(url).await.unwrap();
                assert_eq!(res.status(), 200);
                assert_eq!(res.headers()["content-type"], "application/pdf");
                let bytes = res.bytes().await.unwrap();
                let flat = pdf_extract::extract_text_from_mem(&bytes)
                    .expect("readable PDF")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                (bytes, flat)
            }
        };
        // "N lieux ont répondu." opens the PDF.
        let answered = |flat: &str| -> i64 {
            let before = flat
                .split(" lieux ont répondu.")
                .next()
                .unwrap_or_else(|| panic!("{flat}"));
            before
                .rsplit(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{flat}"))
        };
        let (first, flat) = read(&node2).await;
        let n = answered(&flat);
        assert!(n >= 2, "{flat}");
        let (again, _) = read(&node2).await;
        assert_eq!(first, again, "the same copy, kept");
        withdraw_one_answer(&app, cid).await;
        let (_, flat) = read(&node2).await;
        assert_eq!(
            answered(&flat),
            n - 1,
            "the withdrawn answer left the other node's PDF: {flat}"
        );
    }
);

/// The demo's campaign of last year (published, with submitted answers).
async fn last_years_campaign(app: &TestApp) -> i64 {
    scalar(
        app,
        &format!(
            "SELECT id FROM census_campaigns WHERE title = 'Recensement {}'",
            today().year() - 1
        ),
    )
    .await
}

/// Withdraws one submitted answer of campaign `cid` straight in the database (as another node
/// would write it), then waits past the second within which a node checks its cache again.
async fn withdraw_one_answer(app: &TestApp, cid: i64) {
    let withdraw = format!(
        "UPDATE census_responses SET status = 'draft', updated_at = updated_at + 1000 \
         WHERE id = (SELECT MIN(id) FROM census_responses \
         WHERE campaign_id = {cid} AND status = 'submitted')"
    );
    let n = maillage::db_run!(&app.state.db, |p| sqlx::query(&withdraw)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    assert_eq!(n, 1, "one answer withdrawn");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
}
