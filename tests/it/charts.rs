//! The richer pages of issue 17, point 8, on both engines: a funding plan's "reste à financer",
//! its warning when the requests exceed the budget and its stacked bars; a place's occupancy
//! as a heat grid of weekdays × hours (and a line over weeks) with its text alternatives; a
//! network's page with its map and its public events, groups, projects and documents (never
//! the private ones); event cards with their date block and place.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Paris;
use maillage::accounts::model::RoleKind;
use maillage::money::format_eur;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{send, TestApp};

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MOIS_COURTS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A Paris wall-clock time on `d`, as RFC 3339 (UTC).
fn paris(d: NaiveDate, h: u32) -> String {
    Paris
        .from_local_datetime(&d.and_hms_opt(h, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Switches a browser's pages to English (the switch in the header).
async fn english(app: &TestApp, browser: &reqwest::Client) {
    let res = browser
        .post(app.url("/langue"))
        .form(&[("lang", "en"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive()
}

both!(
    funding_plan_left_to_fund_warning_and_chart,
    |app: TestApp| async move {
        let w = crate::projects::world(&app).await;
        let res = app
        .api_post(
            "/api/v1/projects",
            &w.holder,
            json!({"name": "Tiers-lieu de Valensole", "network_id": w.network, "public": false}),
        )
        .await;
        assert_eq!(res.status(), 201);
        let p: Value = res.json().await.unwrap();
        let (id, slug) = (
            p["id"].as_i64().unwrap(),
            p["slug"].as_str().unwrap().to_string(),
        );
        crate::harness::follow(&app, id).await;
        for (kind, label, cents) in [
            ("investment", "Travaux", 10_000_000),
            ("operation", "Animation", 2_000_050),
        ] {
            let (s, v) = send(
                &app,
                reqwest::Method::POST,
                &format!("/api/v1/projects/{id}/budget-lines"),
                &w.holder,
                json!({"kind": kind, "label": label, "amount_cents": cents}),
            )
            .await;
            assert_eq!(s, 201, "{v}");
        }
        let mut submitted = 0;
        for (funder, programme, requested, granted, status) in [
            ("Région Sud", "region", 5_000_000, 5_000_000, "granted"),
            ("ANCT", "anct_fabriques", 9_000_000, 0, "submitted"),
        ] {
            let (s, v) = send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/projects/{id}/funding-applications"),
            &w.holder,
            json!({"funder": funder, "programme": programme, "amount_requested_cents": requested,
                   "amount_granted_cents": granted, "status": status}),
        )
        .await;
            assert_eq!(s, 201, "{v}");
            submitted = v["id"].as_i64().unwrap();
        }
        // Budget 120 000,50 €, granted 50 000,00 €: 70 000,50 € left to fund; 140 000,00 €
        // requested, 19 999,50 € beyond the budget.
        let (s, v) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/projects/{id}"),
            &w.holder,
            json!(null),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(v["funding"]["left_cents"], 7_000_050, "{v}");
        assert_eq!(v["funding"]["left"], format_eur(7_000_050));
        assert_eq!(v["funding"]["over_budget_cents"], 1_999_950);
        let browser = app.new_browser();
        app.login_as(&browser, "porteuse@example.org").await;
        let page = |browser: reqwest::Client, url: String| async move {
            let res = browser.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.text().await.unwrap()
        };
        let html = page(
            browser.clone(),
            app.url(&format!("/projets/{slug}/financement")),
        )
        .await;
        assert!(html.contains("<dt>Reste à financer</dt>"), "{html}");
        assert!(
            html.contains(&format!(
                r#"<dd id="left-to-fund">{}</dd>"#,
                format_eur(7_000_050)
            )),
            "{html}"
        );
        let warning = html
            .split(r#"id="over-budget""#)
            .nth(1)
            .expect("the over-budget warning")
            .split("</p>")
            .next()
            .unwrap()
            .to_string();
        assert!(warning.contains("Attention"), "{warning}");
        assert!(
            warning.contains(&format!(
                "les sommes demandées ({}) dépassent le budget ({}) de {}",
                format_eur(14_000_000),
                format_eur(12_000_050),
                format_eur(1_999_950)
            )),
            "{warning}"
        );
        assert!(!warning.contains("role=\"alert\""));
        // The chart: an image with its title and description, the four figures in words.
        assert!(
            html.contains(r#"role="img""#)
                && html.contains(r#"aria-labelledby="funding-chart-t funding-chart-d""#)
        );
        assert!(html.contains(r#"<title id="funding-chart-t">Plan de financement</title>"#));
        assert!(html.contains(&format!(
        r#"<desc id="funding-chart-d">Budget {} : {} accordés, {} restent à financer ; {} demandés en tout.</desc>"#,
        format_eur(12_000_050),
        format_eur(5_000_000),
        format_eur(7_000_050),
        format_eur(14_000_000)
    )), "{html}");
        assert!(html.contains(&format!(
            "<title>Reste à financer : {}</title>",
            format_eur(7_000_050)
        )));
        // The project's page shows the same summary; the English page says it in English.
        let show = page(browser.clone(), app.url(&format!("/projets/{slug}"))).await;
        assert!(show.contains(r#"id="left-to-fund""#) && show.contains(r#"id="over-budget""#));
        english(&app, &browser).await;
        let en = browser
            .get(app.url(&format!("/projets/{slug}/financement")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            en.contains("<dt>Left to fund</dt>") && en.contains("exceed the budget"),
            "{en}"
        );
        // Asking for less than the budget: no warning.
        let (s, v) = send(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/funding-applications/{submitted}"),
            &w.holder,
            json!({"amount_requested_cents": 1_000_000}),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        let html = page(browser, app.url(&format!("/projets/{slug}/financement"))).await;
        assert!(!html.contains(r#"id="over-budget""#));
        assert!(html.contains(&format!(
            r#"<dd id="left-to-fund">{}</dd>"#,
            format_eur(7_000_050)
        )));
    }
);

both!(occupancy_heat_grid_and_weeks, |app: TestApp| async move {
    let db = &app.state.db;
    let net = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id;
    let place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Tiers-lieu de Riez",
            slug: "tiers-lieu-de-riez",
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: Some(net),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
    .get();
    let manager = app.user("gerant@example.org", "Hugo Gérant").await;
    maillage::accounts::repo::grant_role(db, manager, RoleKind::PlaceManager, None, Some(place), 0)
        .await
        .unwrap();
    let token = app.token_for(manager).await;
    // A space of 2 seats, open 8:00–20:00 every day (its default hours).
    let res = app
        .api_post(
            &format!("/api/v1/places/{place}/spaces"),
            &token,
            json!({"name": "Salon", "kind": "coworking", "capacity": 2}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let space = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    // Next-but-one month (every day of it is ahead): both seats from 8:00 to 14:00 on its
    // first Tuesday.
    let later = today() + Duration::days(40);
    let first = NaiveDate::from_ymd_opt(later.year(), later.month(), 1).unwrap();
    let mut tuesday = first;
    while tuesday.weekday() != Weekday::Tue {
        tuesday += Duration::days(1);
    }
    let tuesdays = (0..6)
        .map(|k| tuesday + Duration::days(7 * k))
        .filter(|d| d.month() == first.month())
        .count() as f64;
    let res = app
        .api_post(
            &format!("/api/v1/spaces/{space}/bookings"),
            &token,
            json!({"starts_at": paris(tuesday, 8), "ends_at": paris(tuesday, 14), "seats": 2}),
        )
        .await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    let browser = app.new_browser();
    app.login_as(&browser, "gerant@example.org").await;
    let month = first.format("%Y-%m").to_string();
    let html = browser
        .get(app.url(&format!("/admin/lieux/{place}/occupation?mois={month}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let words = format!("{} {}", MOIS[first.month0() as usize], first.year());
    assert!(
        html.contains(&format!("<h1>Taux d&#39;occupation — {words}</h1>")),
        "{html}"
    );
    assert!(!html.contains("eures-places"), "plain words");
    // The heat grid: an image with its title and description, and the same figures in a table.
    assert!(html.contains(r#"aria-labelledby="occupancy-heat-t occupancy-heat-d""#));
    assert!(
        html.contains(r#"<title id="occupancy-heat-t">Occupation par jour et par heure</title>"#)
    );
    assert!(html.contains(r#"<desc id="occupancy-heat-d">"#));
    assert!(html.contains(r#"<table id="occupancy-grid""#));
    // Hours 8 to 19 (open 8:00–20:00); the Tuesdays' 8:00 is full one Tuesday out of n.
    let share = format!("{}\u{a0}%", (100.0 / tuesdays).round() as i64);
    let head: String = (8..20)
        .map(|h| format!(r#"<th scope="col">{h} h</th>"#))
        .collect();
    assert!(html.contains(&head), "{html}");
    let tuesday_row = format!(
        r#"<tr><th scope="row">mardi</th>{}{}</tr>"#,
        format!(r#"<td class="num">{share}</td>"#).repeat(6),
        "<td class=\"num\">0\u{a0}%</td>".repeat(6)
    );
    assert!(html.contains(&tuesday_row), "{tuesday_row}\n{html}");
    let monday_row = format!(
        r#"<tr><th scope="row">lundi</th>{}</tr>"#,
        "<td class=\"num\">0\u{a0}%</td>".repeat(12)
    );
    assert!(html.contains(&monday_row));
    assert!(html.contains(&format!("<title>mardi 13 h : {share}</title>")));
    assert!(html.contains("<title>mardi 14 h : 0\u{a0}%</title>"));
    // The line over the weeks, with its table.
    assert!(html.contains(r#"aria-labelledby="occupancy-weeks-t occupancy-weeks-d""#));
    assert!(html.contains("<polyline") && html.contains(r#"id="occupancy-weeks-table""#));
    let week = tuesday - Duration::days(1);
    assert!(html.contains(&format!(
        "semaine du {} {}",
        week.day(),
        MOIS[week.month0() as usize]
    )));
    // In English: the month and the days in English.
    english(&app, &browser).await;
    let en = browser
        .get(app.url(&format!("/admin/lieux/{place}/occupation?mois={month}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        en.contains(&format!("{} {}", first.format("%B"), first.year())),
        "{en}"
    );
    assert!(
        en.contains(r#"<th scope="row">Tuesday</th>"#)
            && en.contains(r#"<th scope="col">8:00</th>"#)
    );
});

both!(
    network_page_shows_public_items_only,
    |app: TestApp| async move {
        let db = &app.state.db;
        let net = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
            .await
            .unwrap()
            .id;
        let n = net.get();
        let place = maillage::places::repo::insert_place(
            db,
            maillage::places::repo::NewPlace {
                name: "Tiers-lieu de Riez",
                slug: "tiers-lieu-de-riez",
                description: "",
                city: "Riez",
                organization_id: None,
                network_id: Some(net),
                now: 0,
            },
        )
        .await
        .unwrap()
        .id
        .get();
        let admin = app.instance_admin("admin@example.org").await;
        let admin = app.token_for(admin).await;
        let holder = app.user("porteuse@example.org", "Porteuse").await;
        let holder = app.token_for(holder).await;
        for (name, visibility) in [
            ("Commission communication", "public"),
            ("Bureau restreint", "members"),
        ] {
            let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/groups",
            &admin,
            json!({"name": name, "kind": "commission", "visibility": visibility, "network_id": n}),
        )
        .await;
            assert_eq!(s, 201, "{v}");
        }
        for (name, public) in [
            ("Fabrique de Moustiers", true),
            ("Projet confidentiel", false),
        ] {
            let (s, v) = send(
                &app,
                reqwest::Method::POST,
                "/api/v1/projects",
                &holder,
                json!({"name": name, "network_id": n, "public": public}),
            )
            .await;
            assert_eq!(s, 201, "{v}");
            crate::harness::follow(&app, v["id"].as_i64().unwrap()).await;
        }
        for (title, visibility) in [
            ("Charte du réseau", "public"),
            ("Comptes internes", "network"),
        ] {
            let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/documents/sheets",
            &admin,
            json!({"network_id": n, "title": title, "body": "<p>Texte</p>", "visibility": visibility}),
        )
        .await;
            assert_eq!(s, 201, "{v}");
        }
        let day = today() + Duration::days(3);
        let res = app
            .api_post(
                "/api/v1/events",
                &admin,
                json!({"title": "Atelier compost", "kind": "atelier", "starts_at": paris(day, 9),
                   "ends_at": paris(day, 11), "place_id": place, "status": "published"}),
            )
            .await;
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
        let res = app.get("/reseaux/reseau-sud").await;
        assert_eq!(res.status(), 200);
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        let html = res.text().await.unwrap();
        // The map, fed by the directory's markers.
        assert!(
            html.contains(r#"data-api="/api/v1/map?network=reseau-sud""#),
            "{html}"
        );
        assert!(html.contains("/static/places-map.js"));
        let tiles =
            url::Url::parse(&app.state.config.map_tile_url.replace(['{', '}'], "")).unwrap();
        assert!(csp.contains(&tiles.origin().ascii_serialization()), "{csp}");
        // Each section shows the public items and links to its whole list.
        let section = |id: &str| {
            html.split(&format!(r#"id="{id}""#))
                .nth(1)
                .unwrap_or_else(|| panic!("section {id}"))
                .split("</section>")
                .next()
                .unwrap()
                .to_string()
        };
        let groups = section("network-groups");
        assert!(groups.contains("Commission communication") && !html.contains("Bureau restreint"));
        assert!(groups.contains(r#"href="/groupes""#));
        let projects = section("network-projects");
        assert!(
            projects.contains("Fabrique de Moustiers") && !html.contains("Projet confidentiel")
        );
        assert!(projects.contains(r#"href="/projets""#));
        let documents = section("network-documents");
        assert!(documents.contains("Charte du réseau") && !html.contains("Comptes internes"));
        assert!(documents.contains(r#"href="/reseaux/reseau-sud/documents""#));
        assert!(section("network-contacts").contains(r#"href="/reseaux/reseau-sud/vitrine""#));
        // The next event, as a card with its date block (Paris day, short month) and its place.
        let events = section("network-events");
        assert!(
            events.contains("Atelier compost")
                && events.contains(r#"href="/reseaux/reseau-sud/agenda""#)
        );
        let block = format!(
            r#"<time class="date-block" datetime="{}" aria-hidden="true"><span class="date-day">{}</span> <span class="date-month">{}</span></time>"#,
            day.format("%Y-%m-%d"),
            day.day(),
            MOIS_COURTS[day.month0() as usize]
        );
        assert!(events.contains(&block), "{block}\n{events}");
        assert!(
            events.contains(r#"<p class="where">Tiers-lieu de Riez, Riez</p>"#),
            "{events}"
        );
        // A network admin sees the same public page (private items stay in their own lists).
        let signed = app.new_browser();
        app.login_as(&signed, "admin@example.org").await;
        let html = signed
            .get(app.url("/reseaux/reseau-sud"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!html.contains("Bureau restreint") && !html.contains("Comptes internes"));

        // The agenda's cards and the place's: the same date block and the place, in English too.
        let agenda = app.get("/agenda").await.text().await.unwrap();
        assert!(
            agenda.contains(&block)
                && agenda.contains(r#"<p class="where">Tiers-lieu de Riez, Riez</p>"#),
            "{agenda}"
        );
        let en = reqwest::Client::new()
            .get(app.url("/agenda"))
            .header("cookie", "lang=en")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(en.contains(&format!(
            r#"<span class="date-month">{}</span>"#,
            MONTHS_SHORT[day.month0() as usize]
        )));
        let place_page = app
            .get("/lieux/tiers-lieu-de-riez")
            .await
            .text()
            .await
            .unwrap();
        let upcoming = place_page
            .split("class=\"place-events\"")
            .nth(1)
            .unwrap()
            .to_string();
        assert!(upcoming.contains(&block) && upcoming.contains("Atelier compost"));
    }
);
