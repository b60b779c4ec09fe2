//! Learning paths, completions, automatic badges and the satisfaction questionnaire (issue 19
//! points 3, 4 and 5) on both engines: a path's rules at creation, at edit and through the
//! API; a learner who completes the trainings of the demo's path receives its badge once,
//! even when the two completions are handled at the same time; the questionnaire sent at the
//! end of a session to those who attended, answered without login, rolled up for the
//! training's keepers only.

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;
use crate::news::{call, demo, login_demo, text};
use crate::trainings::{ahead, send};
use maillage::ids::{NetworkId, TrainingId, UserId};

/// A session of training `id` on day `day` from now, 9:00–17:00, held at place `at`.
async fn session(app: &TestApp, token: &str, id: i64, day: i64, at: i64) -> i64 {
    let (s, v) = send(
        app,
        reqwest::Method::POST,
        &format!("/api/v1/trainings/{id}/sessions"),
        Some(token),
        json!({"starts_at": ahead(app, day, 9), "ends_at": ahead(app, day, 17), "capacity": 6, "place_id": at}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    v["id"].as_i64().unwrap()
}

/// Registers each token's account to `event`.
async fn register(app: &TestApp, event: i64, tokens: &[&str]) {
    for t in tokens {
        let (s, r) = send(
            app,
            reqwest::Method::POST,
            &format!("/api/v1/events/{event}/registrations"),
            Some(t),
            json!({}),
        )
        .await;
        assert_eq!((s, r["status"].as_str()), (201, Some("confirmed")), "{r}");
    }
}

/// Marks the learners named in `present` on every half-day of the session (after it began);
/// `(name, am, pm)`.
async fn mark(app: &TestApp, token: &str, id: i64, event: i64, present: &[(&str, bool, bool)]) {
    let api = format!("/api/v1/trainings/{id}/sessions/{event}/attendance");
    let (s, sheet) = call(app, reqwest::Method::GET, &api, Some(token), None).await;
    assert_eq!(s, 200, "{sheet}");
    let day = sheet["sheets"][0]["half_days"][0]["day"]
        .as_str()
        .unwrap()
        .to_string();
    let mut marks = Vec::new();
    for l in sheet["sheets"][0]["learners"].as_array().unwrap() {
        let name = l["name"].as_str().unwrap();
        let (am, pm) = present
            .iter()
            .find(|p| p.0 == name)
            .map_or((false, false), |p| (p.1, p.2));
        for (half, v) in [("am", am), ("pm", pm)] {
            marks.push(json!({"registration_id": l["registration_id"], "day": day, "half": half, "present": v}));
        }
    }
    let (s, v) = send(
        app,
        reqwest::Method::PUT,
        &api,
        Some(token),
        json!({ "marks": marks }),
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

async fn credentials(app: &TestApp, user: UserId, name: &str) -> usize {
    maillage::badges::service::credentials_of_user(&app.state, user)
        .await
        .unwrap()
        .iter()
        .filter(|c| c.achievement_name == name && c.revoked_at.is_none())
        .count()
}

both!(
    a_path_finished_awards_its_badge_once_and_sessions_ask_for_feedback,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let path = maillage::trainings::service::paths(&app.state, Some(NetworkId(d.network)), 10)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.title == maillage::demo::badges::PATH)
            .expect("the demo's path");
        let (s, p) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/training-paths/{}", path.id),
            None,
            None,
        )
        .await;
        assert_eq!(s, 200, "{p}");
        let steps = p["steps"].as_array().unwrap().clone();
        assert_eq!(steps.len(), 2, "{p}");
        assert_eq!(
            steps[1]["options"].as_array().unwrap().len(),
            2,
            "a choice: {p}"
        );
        let first = steps[0]["options"][0]["training_id"].as_i64().unwrap();
        let second = steps[1]["options"][0]["training_id"].as_i64().unwrap();

        let alix = app.user("alix@example.org", "Alix Martin").await;
        let bao = app.user("bao@example.org", "Bao Nguyen").await;
        let (ta, tb) = (app.token_for(alix).await, app.token_for(bao).await);
        let ea = session(&app, &d.animatrice, first, 3, d.riez).await;
        let eb = session(&app, &d.gerant, second, 5, d.riez).await;
        register(&app, ea, &[&ta, &tb]).await;
        register(&app, eb, &[&ta]).await;
        let progress = format!("/api/v1/training-paths/{}/progress", path.id);
        let (s, pr) = call(&app, reqwest::Method::GET, &progress, Some(&ta), None).await;
        assert_eq!(
            (s, pr["required"].as_i64(), pr["required_done"].as_i64()),
            (200, Some(2), Some(0)),
            "{pr}"
        );
        let (s, _) = call(&app, reqwest::Method::GET, &progress, None, None).await;
        assert_eq!(s, 401);

        // Day 4: the first session is over; Alix was there all day, Bao only the morning.
        app.state.clock.advance(chrono::Duration::days(4));
        mark(
            &app,
            &d.animatrice,
            first,
            ea,
            &[("Alix Martin", true, true), ("Bao Nguyen", true, false)],
        )
        .await;
        let (_, pr) = call(&app, reqwest::Method::GET, &progress, Some(&ta), None).await;
        assert_eq!(
            (pr["required_done"].as_i64(), pr["complete"].as_bool()),
            (Some(1), Some(false)),
            "{pr}"
        );
        assert_eq!(pr["steps"][0].as_i64(), Some(first), "{pr}");
        let (_, pr) = call(&app, reqwest::Method::GET, &progress, Some(&tb), None).await;
        assert_eq!(
            pr["required_done"].as_i64(),
            Some(0),
            "a half day does not complete: {pr}"
        );
        // The page shows where Alix stands.
        let learner = app.new_browser();
        app.login_as(&learner, "alix@example.org").await;
        let (s, page) = text(&app, &learner, &format!("/parcours/{}", path.slug)).await;
        assert_eq!(s, 200);
        assert!(
            page.contains("1 étape(s) obligatoire(s) terminée(s) sur 2"),
            "{page}"
        );
        assert!(page.contains("EducationalOccupationalProgram"), "{page}");

        // Day 6: the second one is over too. Both completions' awards run at the same time:
        // one credential.
        app.state.clock.advance(chrono::Duration::days(2));
        mark(&app, &d.gerant, second, eb, &[("Alix Martin", true, true)]).await;
        let (a, b) = tokio::join!(
            maillage::badges::service::award_automatically(&app.state, alix, TrainingId(first)),
            maillage::badges::service::award_automatically(&app.state, alix, TrainingId(second)),
        );
        assert_eq!(
            a.unwrap().len() + b.unwrap().len(),
            1,
            "one award between the two"
        );
        let badge = maillage::demo::badges::PATH_ACHIEVEMENT;
        assert_eq!(credentials(&app, alix, badge).await, 1);
        // The queued jobs run too (and the session's end): still one; Bao has none.
        let mails = app.drain_emails().await;
        assert_eq!(credentials(&app, alix, badge).await, 1);
        assert_eq!(credentials(&app, bao, badge).await, 0);
        let (_, pr) = call(&app, reqwest::Method::GET, &progress, Some(&ta), None).await;
        assert_eq!(pr["complete"].as_bool(), Some(true), "{pr}");
        let (_, page) = text(&app, &learner, &format!("/parcours/{}", path.slug)).await;
        assert!(page.contains("parcours terminé"), "{page}");

        // The questionnaires: one per session attended, none twice.
        let surveys: Vec<_> = mails
            .iter()
            .filter(|m| m.subject.starts_with("Votre avis"))
            .collect();
        let to = |who: &str| surveys.iter().filter(|m| m.to == who).count();
        assert_eq!((to("alix@example.org"), to("bao@example.org")), (2, 1));
        let base = app.base.clone();
        let link = surveys
            .iter()
            .find(|m| m.to == "bao@example.org")
            .unwrap()
            .link_path(&base);
        assert!(link.starts_with("/avis/"), "{link}");
        let again = app.drain_emails().await;
        assert!(
            again.iter().all(|m| !m.subject.starts_with("Votre avis")),
            "sent once"
        );

        // Bao answers without signing in; a mark out of the scale is refused.
        let guest = app.new_browser();
        let (s, page) = text(&app, &guest, &link).await;
        assert_eq!(s, 200);
        assert!(
            page.contains("Les objectifs annoncés ont-ils été atteints"),
            "{page}"
        );
        let form = |overall: &str| {
            vec![
                ("overall", overall.to_string()),
                ("objectives", "4".into()),
                ("content", "4".into()),
                ("trainer", "5".into()),
                ("organisation", "3".into()),
                ("recommend", "oui".into()),
                ("comment", "Très concret, merci.".into()),
            ]
        };
        let res = guest
            .post(app.url(&link))
            .form(&form("7"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Choisissez une note de 1 à 5"));
        let res = guest
            .post(app.url(&link))
            .form(&form("5"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        // Alix answers through the API; bad answers are refused field by field.
        let token_a = surveys
            .iter()
            .find(|m| m.to == "alix@example.org" && m.subject.contains("Formation de formateurs"))
            .unwrap()
            .link_path(&base);
        let api = format!("/api/v1/surveys/{}", token_a.trim_start_matches("/avis/"));
        let (s, v) = send(
            &app,
            reqwest::Method::PUT,
            &api,
            None,
            json!({"overall": 0, "recommend": true}),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(
            v["error"]["fields"]["overall"].is_string()
                && v["error"]["fields"]["trainer"].is_string(),
            "{v}"
        );
        let (s, _) = send(&app, reqwest::Method::PUT, &api, None, json!({"overall": 3, "objectives": 3, "content": 2, "trainer": 4, "organisation": 4, "recommend": false})).await;
        assert_eq!(s, 204);
        let (s, _) = send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/surveys/inconnu",
            None,
            json!({}),
        )
        .await;
        assert_eq!(s, 404);

        // The results, for the training's keepers only.
        let sat = format!("/api/v1/trainings/{first}/satisfaction");
        let (s, r): (u16, Value) =
            call(&app, reqwest::Method::GET, &sat, Some(&d.animatrice), None).await;
        assert_eq!(s, 200, "{r}");
        // Two here, two of the demo's past session (not answered).
        assert_eq!(
            (r["sent"].as_i64(), r["answered"].as_i64()),
            (Some(4), Some(2)),
            "{r}"
        );
        assert_eq!(
            r["questions"][0]["mean"].as_f64(),
            Some(4.0),
            "(5 + 3) / 2: {r}"
        );
        assert_eq!(r["questions"][0]["counts"], json!([0, 0, 1, 0, 1]), "{r}");
        assert_eq!(r["recommend_percent"].as_i64(), Some(50), "{r}");
        assert_eq!(r["comments"], json!(["Très concret, merci."]), "{r}");
        for who in [&ta, &d.stranger, &d.fablab] {
            let (s, _) = call(&app, reqwest::Method::GET, &sat, Some(who), None).await;
            assert_eq!(s, 404);
        }
        let animatrice = app.new_browser();
        login_demo(&app, &animatrice, "animatrice@demo.maillage.fr").await;
        let first_slug = steps[0]["options"][0]["slug"].as_str().unwrap();
        let (s, page) = text(&app, &animatrice, &format!("/formations/{first_slug}/avis")).await;
        assert_eq!(s, 200);
        assert!(
            page.contains("2 réponse(s) sur 4 questionnaire(s) envoyé(s) (50 %)")
                && page.contains("Très concret"),
            "{page}"
        );
        let (s, _) = text(&app, &learner, &format!("/formations/{first_slug}/avis")).await;
        assert_eq!(s, 404);
        // Two answers are too few to be shown publicly.
        let (_, page) = text(&app, &guest, &format!("/formations/{first_slug}")).await;
        assert!(!page.contains("training-satisfaction"), "{page}");

        // Sixty days on, the questionnaire is closed.
        app.state.clock.advance(chrono::Duration::days(61));
        let (s, v) = send(&app, reqwest::Method::PUT, &api, None, json!({"overall": 3, "objectives": 3, "content": 2, "trainer": 4, "organisation": 4, "recommend": false})).await;
        assert_eq!(s, 409, "{v}");
        let (_, page) = text(&app, &guest, &link).await;
        assert!(page.contains("Ce questionnaire est clos"), "{page}");
    }
);

both!(
    a_paths_rules_hold_at_creation_at_edit_and_for_its_badge,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let fablab =
            maillage::tenancy::repo::place_by_slug(&app.state.db, "fab-lab-du-pays-de-forcalquier")
                .await
                .unwrap()
                .map(|p| p.id.get());
        let network_training = maillage::trainings::service::path_choices(
            &app.state,
            maillage::trainings::model::Provider::Network(NetworkId(d.network)),
        )
        .await
        .unwrap()
        .into_iter()
        .find(|(_, t)| t == "Formation de formateurs en tiers-lieux")
        .unwrap()
        .0
        .get();
        // A training of the fab lab: not one of Riez's nor of its networks'.
        let fablab = fablab.expect("the demo's fab lab");
        let (s, v) = send(&app, reqwest::Method::POST, "/api/v1/trainings", Some(&d.fablab), json!({"title": "Découpe laser", "objectives": "Préparer un fichier et découper.", "duration_hours": 3, "modality": "presentiel", "place_id": fablab})).await;
        assert_eq!(s, 201, "{v}");
        let laser = v["id"].as_i64().unwrap();

        // Riez's path may hold the network's training; not the fab lab's.
        let body =
            |steps: Value| json!({"title": "Parcours accueil", "place_id": d.riez, "steps": steps});
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/training-paths",
            Some(&d.gerant),
            body(json!([{"training_ids": [laser]}])),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(
            v["error"]["fields"]["steps.0.training_ids"].is_string(),
            "{v}"
        );
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/training-paths",
            Some(&d.gerant),
            body(json!([{"training_ids": [network_training], "optional": true}])),
        )
        .await;
        assert_eq!(s, 422, "only optional steps: {v}");
        assert!(v["error"]["fields"]["steps"].is_string(), "{v}");
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/training-paths",
            Some(&d.gerant),
            body(
                json!([{"training_ids": [network_training]}, {"training_ids": [network_training]}]),
            ),
        )
        .await;
        assert_eq!(s, 422, "a training twice: {v}");
        for who in [&d.fablab, &d.stranger, &d.membre] {
            let (s, _) = send(
                &app,
                reqwest::Method::POST,
                "/api/v1/training-paths",
                Some(who),
                body(json!([{"training_ids": [network_training]}])),
            )
            .await;
            assert!(s == 403 || s == 404, "{s}");
        }
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/training-paths",
            Some(&d.gerant),
            body(json!([{"training_ids": [network_training]}])),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        let put = format!("/api/v1/training-paths/{id}");
        // The same rules at edit.
        let (s, v) = send(&app, reqwest::Method::PUT, &put, Some(&d.gerant), json!({"title": "Parcours accueil", "steps": [{"training_ids": [network_training, laser]}]})).await;
        assert_eq!(s, 422, "{v}");
        let (s, _) = send(
            &app,
            reqwest::Method::PUT,
            &put,
            Some(&d.fablab),
            json!({"title": "x", "steps": [{"training_ids": [laser]}]}),
        )
        .await;
        assert!(s == 403 || s == 404, "{s}");
        let (s, v) = send(
            &app,
            reqwest::Method::PUT,
            &put,
            Some(&d.gerant),
            json!({"title": "Parcours d'accueil", "steps": [{"training_ids": [network_training]}]}),
        )
        .await;
        assert_eq!(
            (s, v["title"].as_str()),
            (200, Some("Parcours d'accueil")),
            "{v}"
        );

        // The same rule through the form: the page says it in French and keeps what was typed.
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, page) = text(
            &app,
            &gerant,
            &format!("/parcours/nouveau?place_id={}", d.riez),
        )
        .await;
        assert_eq!(s, 200);
        assert!(
            page.contains("Formation de formateurs en tiers-lieux")
                && !page.contains("Découpe laser"),
            "{page}"
        );
        let res = gerant
            .post(app.url("/parcours"))
            .form(&[
                ("title", "Parcours du soir"),
                ("place_id", &d.riez.to_string()),
                ("s0.0", &laser.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains("ne peut pas figurer dans ce parcours")
                && page.contains("Parcours du soir"),
            "{page}"
        );
        let res = gerant
            .post(app.url("/parcours"))
            .form(&[
                ("title", "Parcours du soir"),
                ("place_id", &d.riez.to_string()),
                ("s0.0", &network_training.to_string()),
                ("s1.0", ""),
                ("s1.optional", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        // A badge of Riez cannot follow the network's path; not a training and a path at once.
        let network_path =
            maillage::trainings::service::paths(&app.state, Some(NetworkId(d.network)), 10)
                .await
                .unwrap()
                .into_iter()
                .find(|p| p.title == maillage::demo::badges::PATH)
                .unwrap();
        let badge = |extra: Value| {
            let mut b = json!({"name": "Accueil", "description": "Accueillir.", "criteria": "Finir le parcours.", "place_id": d.riez});
            b.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            b
        };
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/achievements",
            Some(&d.gerant),
            badge(json!({"path_id": network_path.id})),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["path_id"].is_string(), "{v}");
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/achievements",
            Some(&d.gerant),
            badge(json!({"path_id": id, "training_id": network_training})),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/achievements",
            Some(&d.gerant),
            badge(json!({"training_id": laser})),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/achievements",
            Some(&d.gerant),
            badge(json!({"path_id": id})),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let (s, a) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/achievements/{}", v["id"]),
            None,
            None,
        )
        .await;
        assert_eq!((s, a["path_id"].as_i64()), (200, Some(id)), "{a}");
    }
);

/// A document of `place` in its library, with `visibility`; its id.
async fn document(app: &TestApp, token: &str, place: i64, title: &str, visibility: &str) -> i64 {
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec();
    let (s, d) = app
        .api_multipart(
            "/api/v1/documents",
            token,
            reqwest::multipart::Form::new()
                .text("title", title.to_string())
                .text("visibility", visibility.to_string())
                .text("place_id", place.to_string())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(pdf).file_name("programme.pdf"),
                ),
        )
        .await;
    assert_eq!(s, 201, "{d}");
    d["id"].as_i64().unwrap()
}

both!(
    a_training_names_trainers_from_the_showcase_and_its_documents,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let db = &app.state.db;
        let fablab = maillage::tenancy::repo::place_by_slug(db, "fab-lab-du-pays-de-forcalquier")
            .await
            .unwrap()
            .unwrap()
            .id
            .get();
        let bois = maillage::actors::service::by_slug(&app.state, "atelier-bois-du-verdon")
            .await
            .unwrap()
            .unwrap()
            .id
            .get();
        let programme = document(&app, &d.gerant, d.riez, "Programme détaillé", "public").await;
        let internal = document(&app, &d.gerant, d.riez, "Budget interne", "managers").await;
        let elsewhere = document(&app, &d.fablab, fablab, "Programme du fab lab", "public").await;
        // An actor of the fab lab only (not of Riez, and of no network).
        let (s, v) = send(&app, reqwest::Method::POST, "/api/v1/actors", Some(&d.fablab), json!({"name": "Atelier laser de Forcalquier", "kind": "organization", "place_ids": [fablab], "categories": ["artisanat"], "postal_code": "04300", "city": "Forcalquier"})).await;
        assert_eq!(s, 201, "{v}");
        let outsider = v["id"].as_i64().unwrap();
        let body = |actors: Value, docs: Value| json!({"title": "Travailler le bois", "objectives": "Assembler un meuble simple.", "duration_hours": 7, "modality": "presentiel", "place_id": d.riez, "trainer_actor_ids": actors, "document_ids": docs});
        // A document that is not public, or of another library; an actor of another place.
        for (actors, docs, field) in [
            (json!([bois]), json!([internal]), "document_ids"),
            (json!([bois]), json!([elsewhere]), "document_ids"),
            (json!([outsider]), json!([programme]), "trainer_actor_ids"),
        ] {
            let (s, v) = send(
                &app,
                reqwest::Method::POST,
                "/api/v1/trainings",
                Some(&d.gerant),
                body(actors, docs),
            )
            .await;
            assert_eq!(s, 422, "{v}");
            assert!(v["error"]["fields"][field].is_string(), "{field}: {v}");
        }
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/trainings",
            Some(&d.gerant),
            body(json!([bois]), json!([programme])),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let (id, slug) = (
            v["id"].as_i64().unwrap(),
            v["slug"].as_str().unwrap().to_string(),
        );
        let (_, t) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/trainings/{id}"),
            None,
            None,
        )
        .await;
        assert_eq!(
            t["trainer_actors"][0]["slug"], "atelier-bois-du-verdon",
            "{t}"
        );
        assert_eq!(t["documents"][0]["title"], "Programme détaillé", "{t}");
        // The same rules at edit (a PATCH merged into what GET returns).
        let (s, v) = call(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/trainings/{id}"),
            Some(&d.gerant),
            Some(json!({"document_ids": [programme, elsewhere]})),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        let (s, v) = call(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/trainings/{id}"),
            Some(&d.gerant),
            Some(json!({"title": "Travailler le bois massif"})),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(
            (v["trainer_actor_ids"].clone(), v["document_ids"].clone()),
            (json!([bois]), json!([programme])),
            "the links stay: {v}"
        );

        // The page links both; the form ticks them and keeps them.
        let guest = app.new_browser();
        let (_, page) = text(&app, &guest, &format!("/formations/{slug}")).await;
        assert!(
            page.contains("href=\"/acteurs/atelier-bois-du-verdon\"")
                && page.contains(&format!("href=\"/documents/{programme}\"")),
            "{page}"
        );
        assert!(!page.contains("Budget interne"));
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, form) = text(&app, &gerant, &format!("/formations/{slug}/modifier")).await;
        assert_eq!(s, 200);
        assert!(
            form.contains(&format!(
                "name=\"document_ids\" value=\"{programme}\" checked"
            )),
            "{form}"
        );
        assert!(
            !form.contains("Budget interne") && !form.contains("Atelier laser"),
            "only the choices of the scope"
        );
        let res = gerant
            .post(app.url(&format!("/formations/{slug}/modifier")))
            .form(&[
                ("title", "Travailler le bois massif"),
                ("objectives", "Assembler un meuble simple."),
                ("duration_hours", "7"),
                ("modality", "presentiel"),
                ("trainer_actor_ids", &bois.to_string()),
                ("document_ids", &elsewhere.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("pas un document public de la bibliothèque"));
        let res = gerant
            .post(app.url(&format!("/formations/{slug}/modifier")))
            .form(&[
                ("title", "Travailler le bois massif"),
                ("objectives", "Assembler un meuble simple."),
                ("duration_hours", "7"),
                ("modality", "presentiel"),
                ("trainer_actor_ids", &bois.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, t) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/trainings/{id}"),
            None,
            None,
        )
        .await;
        assert_eq!(
            (t["trainer_actor_ids"].clone(), t["document_ids"].clone()),
            (json!([bois]), json!([])),
            "unticked: {t}"
        );
    }
);
