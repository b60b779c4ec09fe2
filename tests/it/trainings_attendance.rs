//! Attendance and certificates of completion (issue 19 point 4) on both engines: the trainer's
//! sign-in sheet per half-day (page and API, the same rules: only confirmed registrations of
//! the session, only half-days that have begun, only the trainers and the provider's managers),
//! each learner's hours and completion, and the certificate as a PDF whose text says them.

use serde_json::json;

use crate::both;
use crate::harness::{location, TestApp};
use crate::news::{call, demo, login_demo, text};
use crate::trainings::{ahead, send};

async fn pdf_text(client: &reqwest::Client, url: String) -> (u16, String) {
    let res = client.get(url).send().await.unwrap();
    let s = res.status().as_u16();
    if s != 200 {
        return (s, String::new());
    }
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("a readable PDF");
    (s, text.split_whitespace().collect::<Vec<_>>().join(" "))
}

both!(
    the_sign_in_sheet_gives_hours_completion_and_certificates,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, created) = send(&app, reqwest::Method::POST, "/api/v1/trainings", Some(&d.gerant), json!({"title": "Souder à l'arc", "objectives": "Réaliser une soudure simple en sécurité.",
                   "duration_hours": 7, "modality": "presentiel", "price_cents": 0, "place_id": d.riez}),
        )
        .await;
        assert_eq!(s, 201, "{created}");
        let (id, slug) = (
            created["id"].as_i64().unwrap(),
            created["slug"].as_str().unwrap().to_string(),
        );
        let (start, end) = (ahead(&app, 3, 9), ahead(&app, 3, 17));
        let day = start[..10].to_string();
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/trainings/{id}/sessions"),
            Some(&d.gerant),
            json!({"starts_at": start, "ends_at": end, "capacity": 5}),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let event = v["id"].as_i64().unwrap();
        let a = app.user("alix@example.org", "Alix Martin").await;
        let b = app.user("bao@example.org", "Bao Nguyen").await;
        let (ta, tb) = (app.token_for(a).await, app.token_for(b).await);
        let regs = format!("/api/v1/events/{event}/registrations");
        for t in [&ta, &tb] {
            let (s, r) = send(&app, reqwest::Method::POST, &regs, Some(t), json!({})).await;
            assert_eq!((s, r["status"].as_str()), (201, Some("confirmed")), "{r}");
        }
        let api = format!("/api/v1/trainings/{id}/sessions/{event}/attendance");
        let (s, sheet) = call(&app, reqwest::Method::GET, &api, Some(&d.gerant), None).await;
        assert_eq!(s, 200, "{sheet}");
        let halves = &sheet["sheets"][0]["half_days"];
        assert_eq!(halves.as_array().unwrap().len(), 2, "{sheet}");
        assert_eq!(
            (halves[0]["half"].as_str(), halves[0]["minutes"].as_i64()),
            (Some("am"), Some(240))
        );
        let learners = sheet["sheets"][0]["learners"].as_array().unwrap().clone();
        assert_eq!(learners.len(), 2);
        let reg_of = |name: &str| {
            learners.iter().find(|l| l["name"] == name).unwrap()["registration_id"]
                .as_i64()
                .unwrap()
        };
        let (ra, rb) = (reg_of("Alix Martin"), reg_of("Bao Nguyen"));
        // Nobody records a half-day that has not begun; strangers, learners and another
        // place's manager see nothing.
        let mark = |reg: i64, half: &str, present: bool| json!({"registration_id": reg, "day": day, "half": half, "present": present});
        let (s, v) = send(
            &app,
            reqwest::Method::PUT,
            &api,
            Some(&d.gerant),
            json!({"marks": [mark(ra, "am", true)]}),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["marks.0.day"].is_string(), "{v}");
        for who in [&ta, &d.fablab, &d.stranger] {
            let (s, _) = call(&app, reqwest::Method::GET, &api, Some(who), None).await;
            assert_eq!(s, 404);
            let (s, _) = send(
                &app,
                reqwest::Method::PUT,
                &api,
                Some(who),
                json!({"marks": []}),
            )
            .await;
            assert_eq!(s, 404);
        }
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let page_path = format!("/formations/{slug}/sessions/{event}/emargement");
        let (s, page) = text(&app, &gerant, &page_path).await;
        assert_eq!(s, 200);
        assert!(
            page.contains("Alix Martin") && page.contains("à venir"),
            "{page}"
        );
        assert!(
            !page.contains("type=\"checkbox\""),
            "no box before the session"
        );
        let learner = app.new_browser();
        app.login_as(&learner, "alix@example.org").await;
        let (s, _) = text(&app, &learner, &page_path).await;
        assert_eq!(s, 404);
        let (s, _) = pdf_text(
            &learner,
            app.url(&format!(
                "/formations/{slug}/sessions/{event}/attestation.pdf"
            )),
        )
        .await;
        assert_eq!(s, 409, "no certificate before the end of the session");

        // The day after: the trainer ticks Alix all day and Bao in the morning.
        app.state.clock.advance(chrono::Duration::days(4));
        let (s, page) = text(&app, &gerant, &page_path).await;
        assert_eq!(s, 200);
        assert_eq!(page.matches("type=\"checkbox\"").count(), 4, "{page}");
        let res = gerant
            .post(app.url(&page_path))
            .form(&[
                (format!("p.{ra}.{day}.am"), "on".to_string()),
                (format!("p.{ra}.{day}.pm"), "on".to_string()),
                (format!("p.{rb}.{day}.am"), "on".to_string()),
                // A box of no half-day of the sheet is ignored, not recorded.
                (format!("p.{rb}.2000-01-01.am"), "on".to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), page_path);
        let (_, page) = text(&app, &gerant, &page_path).await;
        assert!(page.contains("Présences enregistrées."));
        let row = |name: &str| {
            // The last row of that name: the progress table, after the sheet.
            let at = page
                .rfind(&format!("<th scope=\"row\">{name}</th><td>"))
                .unwrap();
            page[at..at + 400].to_string()
        };
        assert!(
            row("Alix Martin").contains("8 h / 8 h")
                && row("Alix Martin").contains("formation suivie en entier")
        );
        assert!(
            row("Bao Nguyen").contains("4 h / 8 h")
                && row("Bao Nguyen").contains("formation suivie en partie")
        );
        let (_, sheet) = call(&app, reqwest::Method::GET, &api, Some(&d.gerant), None).await;
        let progress = sheet["progress"].as_array().unwrap();
        let alix = progress
            .iter()
            .find(|p| p["name"] == "Alix Martin")
            .unwrap();
        assert_eq!(
            (
                alix["attended_minutes"].as_i64(),
                alix["completion"].as_str()
            ),
            (Some(480), Some("completed"))
        );
        // This session's marks (the demo has a past session of its own).
        let of_session = format!(
            "SELECT COUNT(*) FROM training_attendance WHERE registration_id IN \
             (SELECT id FROM event_registrations WHERE event_id = {event})"
        );
        let stored = crate::census::scalar(&app, &format!("{of_session} AND present")).await;
        assert_eq!(stored, 3);
        let all = crate::census::scalar(&app, &of_session).await;
        assert_eq!(all, 4, "Bao's afternoon recorded as absent");
        // The API corrects one mark; a registration of another session is refused, all or none.
        let (s, v) = send(
            &app,
            reqwest::Method::PUT,
            &api,
            Some(&d.gerant),
            json!({"marks": [mark(rb, "pm", true), mark(999_999, "am", true)]}),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(
            v["error"]["fields"]["marks.1.registration_id"].is_string(),
            "{v}"
        );
        let (s, v) = send(
            &app,
            reqwest::Method::PUT,
            &api,
            Some(&d.gerant),
            json!({"marks": [mark(rb, "pm", false)]}),
        )
        .await;
        assert_eq!(s, 200, "{v}");

        // Alix's certificate, from her training page; hers only.
        let (_, training_page) = text(&app, &learner, &format!("/formations/{slug}")).await;
        let cert = format!("/formations/{slug}/sessions/{event}/attestation.pdf");
        assert!(
            training_page.contains(&cert),
            "the learner finds her certificate"
        );
        let (s, pdf) = pdf_text(&learner, app.url(&cert)).await;
        assert_eq!(s, 200);
        assert!(pdf.contains("Attestation de fin de formation"), "{pdf}");
        assert!(
            pdf.contains("Alix Martin") && pdf.contains("Souder à l'arc"),
            "{pdf}"
        );
        assert!(pdf.contains("Tiers-lieu de Riez"), "{pdf}");
        assert!(
            pdf.contains("8 h (2 / 2)") && pdf.contains("formation suivie en entier"),
            "{pdf}"
        );
        let bao = maillage::ids::UserId::get(b);
        let (s, _) = pdf_text(&learner, app.url(&format!("{cert}?personne={bao}"))).await;
        assert_eq!(s, 404, "not another learner's");
        let (s, pdf) = pdf_text(&gerant, app.url(&format!("{cert}?personne={bao}"))).await;
        assert_eq!(s, 200);
        assert!(
            pdf.contains("Bao Nguyen") && pdf.contains("4 h (1 / 2)"),
            "{pdf}"
        );
        // The manager's training page lists the session's sheet.
        let (_, page) = text(&app, &gerant, &format!("/formations/{slug}")).await;
        assert!(page.contains(&page_path));
    }
);
