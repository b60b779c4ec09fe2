//! Issue 17 point 2 (part): every recurrence rule shown in words, in French and in English —
//! an event's page and a club's slot say « chaque premier jeudi du mois, 9:00–11:00 », never
//! `FREQ=MONTHLY;BYDAY=1TH` — and a rule that would meet more than once a day is refused, in
//! the API and the form alike.

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;
use crate::news::{demo, text};

async fn event_page(app: &TestApp, id: i64, lang: &str) -> String {
    page_in(app, &format!("/evenements/{id}"), lang).await
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
        let (slug, rule): (String, String) = maillage::db_run!(&app.state.db, |p| {
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

        // The form's picker writes the rule: every other Tuesday and Thursday, six times, not
        // on a picked day; its page says it in words, and the edit form reads it back.
        let browser = app.new_browser();
        crate::news::login_demo(&app, &browser, "gerant.riez@demo.maillage.fr").await;
        // A Tuesday: the rule's first day, its third occurrence two weeks later.
        let mut tuesday = chrono::NaiveDate::parse_from_str(&start[..10], "%Y-%m-%d").unwrap();
        while chrono::Datelike::weekday(&tuesday) != chrono::Weekday::Tue {
            tuesday += chrono::Duration::days(1);
        }
        let day = tuesday.format("%Y-%m-%d").to_string();
        let starts = format!("{day}T18:30");
        let ends = format!("{day}T20:00");
        let skip = (chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap()
            + chrono::Duration::days(14))
        .format("%Y-%m-%d")
        .to_string();
        let base = vec![
            ("organizer", format!("lieu-{}", d.riez)),
            ("title", "Club couture".to_string()),
            ("kind", "atelier".to_string()),
            ("starts_at", starts.clone()),
            ("ends_at", ends.clone()),
            ("location_kind", "place".to_string()),
            ("repeat", "weekly".to_string()),
            ("repeat_tu", "1".to_string()),
            ("repeat_th", "1".to_string()),
            ("repeat_interval", "2".to_string()),
            ("repeat_end", "count".to_string()),
        ];
        let mut bad = base.clone();
        bad.push(("repeat_count", "0".into()));
        let res = browser
            .post(app.url("/evenements"))
            .form(&bad)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Un nombre de fois de 1 à 1 000."));
        let mut good = base.clone();
        good.push(("repeat_count", "6".into()));
        good.push(("except_1", skip));
        let res = browser
            .post(app.url("/evenements"))
            .form(&good)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            303,
            "{}",
            res.text().await.unwrap_or_default()
        );
        let path = crate::harness::location(&res);
        let (_, page) = text(&app, &browser, &path).await;
        assert!(
            page.contains("une semaine sur deux, le mardi et jeudi, 18:30–20:00, 6 fois"),
            "{page}"
        );
        let id: i64 = path.trim_start_matches("/evenements/").parse().unwrap();
        let (_, api) = crate::trainings::send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/events/{id}"),
            None,
            json!(null),
        )
        .await;
        assert_eq!(
            api["rrule"], "FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;COUNT=6",
            "{api}"
        );
        assert_eq!(
            api["occurrences"].as_array().unwrap().len(),
            5,
            "six less the exception: {api}"
        );
        let (_, edit) = text(&app, &browser, &format!("{path}/modifier")).await;
        assert!(
            edit.contains("<option value=\"weekly\" selected>"),
            "{edit}"
        );
        assert!(edit
            .contains("id=\"repeat_th\" name=\"repeat_th\" type=\"checkbox\" value=\"1\" checked"));
    }
);

async fn page_in(app: &TestApp, path: &str, lang: &str) -> String {
    let res = reqwest::Client::new()
        .get(app.url(path))
        .header("cookie", format!("lang={lang}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

both!(
    the_agenda_shows_a_recurring_event_once_with_its_next_dates,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let start = crate::trainings::ahead(&app, 3, 14);
        let end = crate::trainings::ahead(&app, 3, 16);
        let (s, ev): (u16, Value) = crate::trainings::post(
            &app,
            "/api/v1/events",
            Some(&d.gerant),
            json!({"title": "Atelier tricot du jeudi", "kind": "atelier", "starts_at": start,
                   "ends_at": end, "place_id": d.riez, "rrule": "FREQ=WEEKLY;COUNT=10"}),
        )
        .await;
        assert_eq!(s, 201, "{ev}");
        let id = ev["id"].as_i64().unwrap();
        let card = format!("<a href=\"/evenements/{id}\">Atelier tricot du jeudi</a></h2>");
        for path in ["/agenda", "/lieux/tiers-lieu-de-riez/agenda"] {
            let fr = page_in(&app, path, "fr").await;
            assert_eq!(fr.matches(&card).count(), 1, "one card on {path}: {fr}");
            let at = fr.find(&card).unwrap();
            let card_html = &fr[at..at + fr[at..].find("</li>\n").unwrap()];
            assert!(card_html.contains("10 fois"), "{card_html}");
            assert!(card_html.contains("Prochaines dates"), "{card_html}");
            // Three later dates listed, six more counted (ten in all).
            assert_eq!(
                card_html.matches("<li>").count(),
                3,
                "three next dates: {card_html}"
            );
            assert!(card_html.contains("autres dates"), "{card_html}");
            assert!(card_html.contains('6'), "{card_html}");
        }
        let en = page_in(&app, "/agenda", "en").await;
        assert!(en.contains("Next dates:"), "{en}");
        assert!(en.contains("more dates"), "{en}");
        assert!(en.contains("10 times"), "{en}");

        // The feeds keep every date: the place's iCalendar holds the ten.
        let ics = page_in(&app, "/lieux/tiers-lieu-de-riez/agenda.ics", "fr").await;
        assert_eq!(
            ics.matches("SUMMARY:Atelier tricot du jeudi").count(),
            10,
            "{ics}"
        );
        // The month grid keeps every day: the month of the fifth week holds two of them at least.
        let later = chrono::NaiveDate::parse_from_str(&start[..10], "%Y-%m-%d").unwrap()
            + chrono::Duration::days(28);
        let month = later.format("%Y-%m").to_string();
        let grid = page_in(&app, &format!("/agenda?vue=mois&mois={month}"), "fr").await;
        assert!(
            grid.matches(&format!(
                "href=\"/evenements/{id}\">Atelier tricot du jeudi</a>"
            ))
            .count()
                >= 2,
            "{grid}"
        );

        // The home page: a search box, and the next dates with the weekly event once.
        let home = page_in(&app, "/", "fr").await;
        assert!(home.contains("id=\"home-search\""), "{home}");
        assert_eq!(
            home.matches(&format!("<a href=\"/evenements/{id}\">"))
                .count(),
            1,
            "{home}"
        );
        // The place's page says the repetition in words beside the first date.
        let place = page_in(&app, "/lieux/tiers-lieu-de-riez", "fr").await;
        assert_eq!(
            place
                .matches(&format!("<a href=\"/evenements/{id}\">"))
                .count(),
            1,
            "{place}"
        );
        assert!(place.contains("10 fois"), "{place}");
    }
);

both!(
    several_dates_a_day_need_to_be_asked_for,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let start = crate::trainings::ahead(&app, 5, 10);
        let end = crate::trainings::ahead(&app, 5, 11);
        let body = |several: bool| {
            json!({"title": "Visite guidée", "kind": "visite", "starts_at": start,
                   "ends_at": end, "place_id": d.riez, "rrule": "FREQ=HOURLY;COUNT=4",
                   "several_a_day": several})
        };
        let (s, v) =
            crate::trainings::post(&app, "/api/v1/events", Some(&d.gerant), body(false)).await;
        assert_eq!(s, 422, "{v}");
        assert!(
            v["error"]["fields"]["rrule"]
                .as_str()
                .unwrap()
                .contains("Plusieurs fois par jour"),
            "{v}"
        );
        let (s, v) =
            crate::trainings::post(&app, "/api/v1/events", Some(&d.gerant), body(true)).await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        let (_, api) = crate::trainings::send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/events/{id}"),
            None,
            json!(null),
        )
        .await;
        assert_eq!(api["occurrences"].as_array().unwrap().len(), 4, "{api}");
        // The edit form keeps the choice ticked, so that saving it again is accepted.
        let browser = app.new_browser();
        crate::news::login_demo(&app, &browser, "gerant.riez@demo.maillage.fr").await;
        let (_, edit) = text(&app, &browser, &format!("/evenements/{id}/modifier")).await;
        assert!(
            edit.contains("name=\"several_a_day\" type=\"checkbox\" value=\"1\" checked"),
            "{edit}"
        );
    }
);

both!(a_club_slot_is_picked_in_words, |app: TestApp| async move {
    crate::news::demo(&app).await;
    let slug: String = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar(
        "SELECT slug FROM groups WHERE slot_rrule IS NOT NULL ORDER BY id LIMIT 1"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    let browser = app.new_browser();
    crate::news::login_demo(&app, &browser, "gerant.riez@demo.maillage.fr").await;
    let (s, page) = text(&app, &browser, &format!("/groupes/{slug}")).await;
    assert_eq!(s, 200);
    // The demo's rule (the first Thursday of the month) fills the picker.
    assert!(
        page.contains("<option value=\"monthly\" selected>"),
        "{page}"
    );
    assert!(page.contains("<option value=\"TH\" selected>"), "{page}");
    let post = |form: Vec<(&'static str, &'static str)>| {
        let browser = browser.clone();
        let url = app.url(&format!("/groupes/{slug}/creneau"));
        async move { browser.post(url).form(&form).send().await.unwrap() }
    };
    let res = post(vec![
        ("repeat", "monthly"),
        ("position", "-1"),
        ("day", "MO"),
        ("start", "18:30"),
        ("end", "20:00"),
    ])
    .await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let rule: String = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar(
        "SELECT slot_rrule FROM groups WHERE slug = $1"
    )
    .bind(&slug)
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(rule, "FREQ=MONTHLY;BYDAY=-1MO");
    let (_, page) = text(&app, &browser, &format!("/groupes/{slug}")).await;
    assert!(
        page.contains("chaque dernier lundi du mois, 18:30–20:00"),
        "{page}"
    );
    assert!(page.contains("<option value=\"-1\" selected>"), "{page}");
    // Every other week; an unknown day is its field's error, nothing saved.
    let res = post(vec![
        ("repeat", "weekly"),
        ("day", "XX"),
        ("start", "18:30"),
        ("end", "20:00"),
    ])
    .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Choisissez un jour de la semaine."));
    let res = post(vec![
        ("repeat", "biweekly"),
        ("day", "WE"),
        ("start", "10:00"),
        ("end", "12:00"),
    ])
    .await;
    assert_eq!(res.status(), 303);
    let (_, page) = text(&app, &browser, &format!("/groupes/{slug}")).await;
    assert!(
        page.contains("une semaine sur deux, le mercredi, 10:00–12:00"),
        "{page}"
    );
});
