//! Issue 17 point 2 (part): every recurrence rule shown in words, in French and in English —
//! an event's page and a club's slot say « chaque premier jeudi du mois, 9:00–11:00 », never
//! `FREQ=MONTHLY;BYDAY=1TH` — and a rule that would meet more than once a day is refused, in
//! the API and the form alike.

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;
use crate::news::{demo, text};

async fn event_page(app: &TestApp, id: i64, lang: &str) -> String {
    let client = reqwest::Client::new();
    let res = client
        .get(app.url(&format!("/evenements/{id}")))
        .header("cookie", format!("lang={lang}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

both!(
    rules_are_shown_in_words_and_several_a_day_refused,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let start = crate::trainings::ahead(&app, 10, 9);
        let end = crate::trainings::ahead(&app, 10, 11);
        let (s, ev): (u16, Value) = crate::trainings::post(
            &app,
            "/api/v1/events",
            Some(&d.gerant),
            json!({"title": "Café réparation", "kind": "atelier", "starts_at": start,
                   "ends_at": end, "place_id": d.riez, "rrule": "FREQ=MONTHLY;BYDAY=1TH;COUNT=6"}),
        )
        .await;
        assert_eq!(s, 201, "{ev}");
        let id = ev["id"].as_i64().unwrap();
        let fr = event_page(&app, id, "fr").await;
        assert!(
            fr.contains("chaque premier jeudi du mois, 9:00–11:00, 6 fois"),
            "{fr}"
        );
        assert!(!fr.contains("FREQ="), "no raw rule shown");
        let en = event_page(&app, id, "en").await;
        assert!(
            en.contains("every first Thursday of the month, 9:00–11:00, 6 times"),
            "{en}"
        );

        for rule in ["FREQ=HOURLY;COUNT=3", "FREQ=DAILY;BYHOUR=9,14;COUNT=4"] {
            let (s, v) = crate::trainings::post(
                &app,
                "/api/v1/events",
                Some(&d.gerant),
                json!({"title": "Trop souvent", "kind": "atelier", "starts_at": start,
                       "ends_at": end, "place_id": d.riez, "rrule": rule}),
            )
            .await;
            assert_eq!(s, 422, "{rule}: {v}");
            assert!(v["error"]["fields"]["rrule"].is_string(), "{v}");
        }

        // A club's slot, on its public page.
        let (slug, rule): (String, String) =
            maillage::db_run!(&app.state.db, |p| {
                sqlx::query_as(
            "SELECT slug, slot_rrule FROM groups WHERE slot_rrule IS NOT NULL ORDER BY id LIMIT 1"
        )
        .fetch_one(p)
        .await
            })
            .unwrap();
        let (s, page) = text(&app, &reqwest::Client::new(), &format!("/groupes/{slug}")).await;
        assert_eq!(s, 200);
        assert!(
            !page.contains(&rule),
            "raw rule {rule} shown on /groupes/{slug}"
        );
        assert!(page.contains("chaque "), "{page}");
    }
);
