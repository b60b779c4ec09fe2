//! The job and civic-service board (issue 19 points 6 to 9) on both engines, with the demo
//! data: writing through the API and the forms (the same rules at creation, at every edit and
//! in the API, 422 JSON and French form errors), the network's moderation (a place manager's
//! offer waits for an animator), expiry (no longer listed, 410 with a banner), applications
//! with a CV that only the applicant and the employer read, the saved-search digest through
//! the real SMTP sink (sent once, even when its job runs twice), the `JobPosting` JSON-LD,
//! the Atom feeds and the CSV export.

use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};
use crate::letters_sending::Sink;
use crate::news::{call, demo, login_demo, text};
use crate::trainings::post;

/// A Paris day `days` from the app's today, `YYYY-MM-DD`.
fn day(app: &TestApp, days: i64) -> String {
    let today = maillage::clock::paris_date(app.state.clock.now_ms());
    (today + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn offer(app: &TestApp, place: Option<i64>, network: Option<i64>, kind: &str) -> Value {
    json!({
        "title": "Régisseur·se de l'atelier bois",
        "kind": kind,
        "description": "<p>Gérer l'atelier <strong>bois</strong> et ses machines.</p><script>alert(1)</script>",
        "place_id": place,
        "network_id": network,
        "postal_code": "04500",
        "city": "Riez",
        "starts_on": day(app, 30),
        "expires_on": day(app, 60),
    })
}

fn json_ld(page: &str) -> Value {
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .expect("JSON-LD on the offer's page");
    serde_json::from_str(ld).expect("valid JSON")
}

async fn slugs(app: &TestApp, query: &str) -> Vec<String> {
    let (s, v) = call(
        app,
        reqwest::Method::GET,
        &format!("/api/v1/jobs{query}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v.as_array()
        .unwrap()
        .iter()
        .map(|o| o["slug"].as_str().unwrap().to_string())
        .collect()
}

both!(jobs_api_rules_and_moderation, |app: TestApp| async move {
    let d = demo(&app).await;

    // The closed lists are listed in the OpenAPI document.
    let doc = app.openapi().await;
    assert_eq!(
        doc["components"]["schemas"]["JobKind"]["enum"],
        json!([
            "cdi",
            "cdd",
            "freelance",
            "stage",
            "alternance",
            "service_civique",
            "benevolat"
        ])
    );
    assert_eq!(
        doc["components"]["schemas"]["JobStatus"]["enum"],
        json!(["pending", "published", "rejected"])
    );

    // The demo's two offers are listed, the civic service with its allowance.
    let listed = slugs(&app, "").await;
    assert_eq!(listed.len(), 2, "{listed:?}");
    let (_, civic) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/jobs?kind=service_civique",
        None,
        None,
    )
    .await;
    assert_eq!(civic.as_array().unwrap().len(), 1, "{civic}");
    assert_eq!(civic[0]["allowance_cents"], 61_983);
    assert_eq!(civic[0]["city"], "Riez");
    // Accent-insensitive search, département and commune filters.
    assert_eq!(slugs(&app, "?q=MEDIATION%20numerique").await.len(), 1);
    assert_eq!(slugs(&app, "?department=04").await.len(), 2);
    assert_eq!(slugs(&app, "?city=forcalquier").await.len(), 1);
    assert_eq!(slugs(&app, "?department=13").await.len(), 0);
    let (s, v) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/jobs?kind=cdx",
        None,
        None,
    )
    .await;
    assert_eq!(s, 422, "{v}");

    // A place manager writes for the place: pending, unseen by others, not listed.
    let (s, created) = post(
        &app,
        "/api/v1/jobs",
        Some(&d.gerant),
        offer(&app, Some(d.riez), None, "cdd"),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["status"], "pending");
    let id = created["id"].as_i64().unwrap();
    let slug = created["slug"].as_str().unwrap().to_string();
    let path = format!("/api/v1/jobs/{id}");
    let (s, _) = call(&app, reqwest::Method::GET, &path, None, None).await;
    assert_eq!(s, 404, "a pending offer is unknown to visitors");
    let (s, v) = call(&app, reqwest::Method::GET, &path, Some(&d.membre), None).await;
    assert_eq!(s, 404, "{v}");
    let (s, v) = call(&app, reqwest::Method::GET, &path, Some(&d.gerant), None).await;
    assert_eq!(s, 200, "{v}");
    assert!(v["description"]
        .as_str()
        .unwrap()
        .contains("<strong>bois</strong>"));
    assert!(!v["description"].as_str().unwrap().contains("script"));
    assert_eq!(v["department"], "04");
    assert!(!slugs(&app, "").await.contains(&slug));

    // Who may not write: a stranger, the fab lab's manager, an anonymous caller.
    for (token, expected) in [
        (Some(&d.stranger), 403),
        (Some(&d.fablab), 403),
        (None, 401),
    ] {
        let (s, v) = post(
            &app,
            "/api/v1/jobs",
            token.map(String::as_str),
            offer(&app, Some(d.riez), None, "cdi"),
        )
        .await;
        assert_eq!(s, expected, "{v}");
    }
    let (s, _) = call(
        &app,
        reqwest::Method::PATCH,
        &path,
        Some(&d.fablab),
        Some(json!({"title": "Pris"})),
    )
    .await;
    assert_eq!(s, 404, "another place's manager does not edit");

    // Every rule of the creation, in the API and again at edit.
    for (change, field) in [
        (
            json!({"pay_min_cents": 250000, "pay_max_cents": 200000}),
            "pay_max_cents",
        ),
        (json!({"pay_min_cents": -1}), "pay_min_cents"),
        (
            json!({"kind": "service_civique", "pay_min_cents": 100}),
            "pay_min_cents",
        ),
        (json!({"postal_code": "4500"}), "postal_code"),
        (json!({"expires_on": day(&app, -1)}), "expires_on"),
        (json!({"expires_on": day(&app, 400)}), "expires_on"),
        (json!({"hours_per_week": 60}), "hours_per_week"),
        (json!({"apply_url": "javascript:alert(1)"}), "apply_url"),
        (json!({"title": ""}), "title"),
        (json!({"description": "<script>x</script>"}), "description"),
    ] {
        let mut body = offer(&app, Some(d.riez), None, "cdd");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, v) = post(&app, "/api/v1/jobs", Some(&d.gerant), body).await;
        assert_eq!(s, 422, "{change}: {v}");
        assert!(v["error"]["fields"][field].is_string(), "{change}: {v}");
        let (s, v) = call(
            &app,
            reqwest::Method::PATCH,
            &path,
            Some(&d.gerant),
            Some(change.clone()),
        )
        .await;
        assert_eq!(s, 422, "edit {change}: {v}");
        assert!(
            v["error"]["fields"][field].is_string(),
            "edit {change}: {v}"
        );
    }

    // The network's animator publishes it from the moderation queue (a page).
    let animatrice = app.new_browser();
    login_demo(&app, &animatrice, "animatrice@demo.maillage.fr").await;
    let (s, queue) = text(&app, &animatrice, "/emplois/moderation").await;
    assert_eq!(s, 200);
    assert!(queue.contains(&format!("/emplois/{slug}")), "{queue}");
    let gerant = app.new_browser();
    login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
    let res = gerant
        .post(app.url(&format!("/emplois/{slug}/moderer")))
        .form(&[("decision", "publier")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404, "a place manager does not moderate");
    let res = animatrice
        .post(app.url(&format!("/emplois/{slug}/moderer")))
        .form(&[("decision", "publier")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(slugs(&app, "").await.contains(&slug));
    let (_, v) = call(&app, reqwest::Method::GET, &path, None, None).await;
    assert_eq!(v["status"], "published");

    // An edit by the place's manager sends it back to moderation; a valid one is saved.
    let (s, v) = call(
        &app,
        reqwest::Method::PATCH,
        &path,
        Some(&d.gerant),
        Some(json!({"pay_min_cents": 190000, "pay_max_cents": 210000, "hours_per_week": 35})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "pending");
    assert_eq!(v["pay_max_cents"], 210000);
    assert!(!slugs(&app, "").await.contains(&slug));

    // The animator's own offer (the network's) is published at once.
    let (s, v) = post(
        &app,
        "/api/v1/jobs",
        Some(&d.animatrice),
        offer(&app, None, Some(d.network), "freelance"),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["status"], "published");

    // A place's manager finds the form of their place on the board.
    let (_, board) = text(&app, &gerant, "/emplois").await;
    assert!(
        board.contains(&format!("/emplois/nouvelle?place_id={}", d.riez)),
        "{board}"
    );
    // The form shows French errors tied to their fields (422), and writes the same offer.
    let (s, page) = text(
        &app,
        &gerant,
        &format!("/emplois/nouvelle?place_id={}", d.riez),
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        page.contains("id=\"job-moderated\""),
        "a manager is told about moderation"
    );
    let riez = d.riez.to_string();
    let mut form = vec![
        ("place_id", riez.as_str()),
        ("title", "Stage en communication"),
        ("kind", "stage"),
        ("description", "Communiquer sur le tiers-lieu."),
        ("postal_code", "04500"),
        ("city", "Riez"),
        ("pay_min", "600"),
        ("pay_max", "500"),
        ("pay_unit", "month"),
    ];
    let starts = day(&app, 10);
    let expires = day(&app, 40);
    form.push(("starts_on", starts.as_str()));
    form.push(("expires_on", expires.as_str()));
    let res = gerant
        .post(app.url("/emplois"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"pay_max-error\""), "{page}");
    assert!(page.contains("Le maximum est inférieur au minimum."));
    form.retain(|(k, _)| *k != "pay_max");
    form.push(("pay_max", "650,50"));
    let res = gerant
        .post(app.url("/emplois"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let to = location(&res);
    let (_, v) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/jobs?place_id={}", d.riez),
        Some(&d.gerant),
        None,
    )
    .await;
    assert!(
        !v.to_string().contains("Stage en communication"),
        "pending: not listed"
    );
    let (s, page) = text(&app, &gerant, &to).await;
    assert_eq!(s, 200);
    assert!(page.contains("En attente de modération"), "{page}");
});

both!(jobs_pages_json_ld_atom_csv, |app: TestApp| async move {
    let d = demo(&app).await;
    let client = app.new_browser();
    let (s, page) = text(&app, &client, "/emplois?kind=service_civique").await;
    assert_eq!(s, 200);
    assert!(page.contains("Service civique : médiation numérique au tiers-lieu"));
    assert!(!page.contains("Animateur·rice fab lab"));
    assert!(page.contains("619,83"), "the allowance is shown: {page}");
    let (s, page) = text(&app, &client, "/emplois?q=FAB%20LAB&city=Forcalquier").await;
    assert_eq!(s, 200);
    assert!(page.contains("Animateur·rice fab lab"));
    let (s, page) = text(
        &app,
        &client,
        &format!("/reseaux/{}/emplois", d.network_slug),
    )
    .await;
    assert_eq!(s, 200);
    assert!(page.contains("Animateur·rice fab lab") && page.contains("Service civique"));

    // The CDD's page and its JobPosting.
    let (_, v) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/jobs?kind=cdd",
        None,
        None,
    )
    .await;
    let slug = v[0]["slug"].as_str().unwrap().to_string();
    let (s, page) = text(&app, &client, &format!("/emplois/{slug}")).await;
    assert_eq!(s, 200);
    let ld = json_ld(&page);
    assert_eq!(ld["@type"], "JobPosting");
    assert_eq!(ld["title"], "Animateur·rice fab lab (CDD 12 mois)");
    assert_eq!(ld["employmentType"], "TEMPORARY");
    assert_eq!(
        ld["hiringOrganization"]["name"],
        "Fab lab du Pays de Forcalquier"
    );
    assert_eq!(ld["jobLocation"]["address"]["postalCode"], "04300");
    assert_eq!(ld["jobLocation"]["address"]["addressCountry"], "FR");
    assert_eq!(ld["baseSalary"]["currency"], "EUR");
    assert_eq!(ld["baseSalary"]["value"]["minValue"], 2000);
    assert_eq!(ld["baseSalary"]["value"]["maxValue"], 2300);
    assert_eq!(ld["baseSalary"]["value"]["unitText"], "MONTH");
    assert!(ld["datePosted"].as_str().unwrap().len() == 10);
    assert!(ld["validThrough"]
        .as_str()
        .unwrap()
        .starts_with(&day(&app, 90)[..4]));
    assert!(
        !page.contains("</script><script"),
        "the JSON-LD cannot break out"
    );
    // The civic service gives its allowance as its pay.
    let (_, v) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/jobs?kind=service_civique",
        None,
        None,
    )
    .await;
    let civic = v[0]["slug"].as_str().unwrap().to_string();
    let (_, page) = text(&app, &client, &format!("/emplois/{civic}")).await;
    let ld = json_ld(&page);
    assert_eq!(ld["employmentType"], "VOLUNTEER");
    assert_eq!(ld["baseSalary"]["value"]["value"], 619.83);

    // Atom: both offers, well formed enough to be read by a feed reader.
    let res = client
        .get(app.url("/emplois/feed.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let atom = res.text().await.unwrap();
    assert!(atom.starts_with("<?xml"));
    assert_eq!(atom.matches("<entry>").count(), 2, "{atom}");
    assert!(atom.contains("Animateur·rice fab lab (CDD 12 mois)"));
    assert!(
        !atom.contains("<p>") && atom.contains("p&#62;"),
        "the HTML content is escaped once more: {atom}"
    );
    let res = client
        .get(app.url(&format!("/reseaux/{}/emplois.atom", d.network_slug)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap().matches("<entry>").count(), 2);

    // CSV: a header and one line per listed offer, with the filters.
    let res = client.get(app.url("/emplois.csv")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body = res.text().await.unwrap();
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let headers = r.headers().unwrap().clone();
    assert_eq!(&headers[0], "titre");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let civic_row = rows.iter().find(|r| &r[1] == "service_civique").unwrap();
    assert_eq!(&civic_row[14], "61983");
    let (_, body) = text(&app, &client, "/emplois.csv?kind=cdd").await;
    assert_eq!(body.lines().count(), 2, "{body}");
});

both!(jobs_expire_by_their_date, |app: TestApp| async move {
    let d = demo(&app).await;
    let mut body = offer(&app, None, Some(d.network), "cdi");
    body["expires_on"] = json!(day(&app, 0));
    let (s, v) = post(&app, "/api/v1/jobs", Some(&d.animatrice), body).await;
    assert_eq!(s, 201, "{v}");
    let slug = v["slug"].as_str().unwrap().to_string();
    let id = v["id"].as_i64().unwrap();
    assert!(
        slugs(&app, "").await.contains(&slug),
        "listed on its last day"
    );

    app.state.clock.advance(chrono::Duration::days(2));
    assert!(
        !slugs(&app, "").await.contains(&slug),
        "archived the day after"
    );
    let client = app.new_browser();
    let (s, page) = text(&app, &client, &format!("/emplois/{slug}")).await;
    assert_eq!(s, 410, "an expired offer is gone");
    assert!(page.contains("Offre expirée."), "{page}");
    assert!(
        !page.contains("application/ld+json"),
        "no JobPosting once expired"
    );
    let (_, page) = text(&app, &client, "/emplois").await;
    assert!(!page.contains(&format!("/emplois/{slug}\"")));
    let (s, v) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/jobs/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(v["expired"], true);
    let (_, atom) = text(&app, &client, "/emplois/feed.atom").await;
    assert!(!atom.contains(&slug));
    // Nobody applies to it any more.
    login_demo(&app, &client, "membre@demo.maillage.fr").await;
    let (s, _) = text(&app, &client, &format!("/emplois/{slug}/candidater")).await;
    assert_eq!(s, 404);
});

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec()
}

both!(
    jobs_applications_keep_the_cv_private,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (_, v) = call(
            &app,
            reqwest::Method::GET,
            "/api/v1/jobs?kind=service_civique",
            None,
            None,
        )
        .await;
        let slug = v[0]["slug"].as_str().unwrap().to_string();
        let membre = app.new_browser();
        login_demo(&app, &membre, "membre@demo.maillage.fr").await;
        let (s, page) = text(&app, &membre, &format!("/emplois/{slug}/candidater")).await;
        assert_eq!(s, 200);
        assert!(page.contains("enctype=\"multipart/form-data\""));
        let apply = |file: Vec<u8>, name: &'static str, message: &'static str| {
            let form = reqwest::multipart::Form::new()
                .text("message", message)
                .part("cv", reqwest::multipart::Part::bytes(file).file_name(name));
            membre
                .post(app.url(&format!("/emplois/{slug}/candidater")))
                .multipart(form)
                .send()
        };
        // A CV that is not a PDF, ODT or DOCX, a missing message: 422 on the fields.
        let res = apply(b"<html>cv</html>".to_vec(), "cv.html", "Bonjour")
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("id=\"cv-error\""));
        let res = apply(pdf(), "cv.pdf", "  ").await.unwrap();
        assert_eq!(res.status(), 422);
        let res = apply(vec![b'%'; 6 * 1024 * 1024], "cv.pdf", "Bonjour")
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "larger than 5 MB");
        let res = apply(pdf(), "mon CV.pdf", "Bonjour, je suis motivé·e.")
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/emplois/candidatures");
        let res = apply(pdf(), "cv.pdf", "Encore").await.unwrap();
        assert_eq!(res.status(), 422, "one application per offer");

        // "Mes candidatures" lists it; the applicant downloads their CV.
        let (s, page) = text(&app, &membre, "/emplois/candidatures").await;
        assert_eq!(s, 200);
        assert!(page.contains("Service civique : médiation numérique"));
        let cv_path = page
            .split("href=\"/emplois/candidatures/")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(|r| format!("/emplois/candidatures/{r}"))
            .expect("a CV link");
        let res = membre.get(app.url(&cv_path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        assert!(res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        assert_eq!(res.bytes().await.unwrap().to_vec(), pdf());

        // The employer (the Riez manager, who wrote it) reads it and is told by email.
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, page) = text(&app, &gerant, &format!("/emplois/{slug}/candidatures")).await;
        assert_eq!(s, 200);
        assert!(page.contains("Bonjour, je suis motivé·e."));
        let res = gerant.get(app.url(&cv_path)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let mail = app.email_to("gerant.riez@demo.maillage.fr").await;
        assert!(
            mail.subject.contains("Nouvelle candidature"),
            "{}",
            mail.subject
        );

        // Nobody else: another place's manager, a stranger, an anonymous visitor.
        let fablab = app.new_browser();
        login_demo(&app, &fablab, "gerante.fablab@demo.maillage.fr").await;
        let res = fablab.get(app.url(&cv_path)).send().await.unwrap();
        assert_eq!(res.status(), 404);
        let (s, _) = text(&app, &fablab, &format!("/emplois/{slug}/candidatures")).await;
        assert_eq!(s, 404);
        let anonymous = app.new_browser();
        let res = anonymous.get(app.url(&cv_path)).send().await.unwrap();
        assert_ne!(res.status(), 200);
        let (_, public) = text(&app, &anonymous, &format!("/emplois/{slug}")).await;
        assert!(
            !public.contains("candidatures/"),
            "no CV link on the public page"
        );
        let _ = d;
    }
);

both!(
    jobs_saved_search_digest_through_smtp,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (host, port, sink) = Sink::start().await;
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.smtp_host = host.clone();
            c.smtp_port = port;
            c.smtp_tls = maillage::config::SmtpTls::None;
        })
        .await;
        let run_jobs = || async {
            let jobs = maillage::job_registry(
                maillage::mail::Mailer::from_config(&node.state.config).unwrap(),
            );
            while maillage::jobs::run_one(&node.state, &jobs).await.unwrap() {}
        };
        // An address of this run only: the Maildir sink is shared by every test.
        let email = format!(
            "alerte-{}-{:?}@example.org",
            std::process::id(),
            app.backend
        )
        .to_lowercase();
        node.user(&email, "Alice Alerte").await;
        let client = node.new_browser();
        node.login_as(&client, &email).await;
        let res = client
            .post(node.url("/emplois/alertes"))
            .form(&[
                ("kind", "cdd"),
                ("department", "04"),
                ("q", ""),
                ("city", ""),
                ("network", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (s, page) = text(&node, &client, "/emplois/alertes").await;
        assert_eq!(s, 200);
        assert!(page.contains("CDD"), "{page}");

        // After the search: a matching CDD and a stage that does not match.
        let mut cdd = offer(&node, None, Some(d.network), "cdd");
        cdd["title"] = json!("Chargé·e de mission réseau");
        let (s, v) = post(&node, "/api/v1/jobs", Some(&d.animatrice), cdd).await;
        assert_eq!(s, 201, "{v}");
        let (s, _) = post(
            &node,
            "/api/v1/jobs",
            Some(&d.animatrice),
            offer(&node, None, Some(d.network), "stage"),
        )
        .await;
        assert_eq!(s, 201);

        // Nothing before the digest's hour; one email the next morning.
        run_jobs().await;
        assert!(sink.received(&email).is_empty());
        let due: (String,) = sqlx_due(&node).await;
        node.state.clock.advance(chrono::Duration::days(1));
        run_jobs().await;
        let got = sink.received(&email);
        assert_eq!(got.get(&email), Some(&1), "{got:?}");

        // The same job again (a second node, a retry): nothing more.
        maillage::employment::service::run_digest(&node.state, &due.0)
            .await
            .unwrap();
        run_jobs().await;
        node.state.clock.advance(chrono::Duration::days(1));
        run_jobs().await;
        assert_eq!(sink.received(&email).get(&email), Some(&1), "sent once");

        // The email's signed link stops them without login (a wrong signature is refused).
        let search: i64 = node_search(&node, &email).await;
        let url = maillage::employment::service::unsubscribe_url(
            &node.state,
            maillage::ids::JobSearchId(search),
        )
        .await
        .unwrap();
        let path = url.trim_start_matches(&node.base).to_string();
        let anonymous = node.new_browser();
        let (s, page) = text(&node, &anonymous, &path).await;
        assert_eq!(s, 200);
        assert!(page.contains("job-unsubscribe-form"));
        let bad = path.replace("sig=", "sig=00");
        let (s, _) = text(&node, &anonymous, &bad).await;
        assert_eq!(s, 403);
        let (p, sig) = path.split_once("?sig=").unwrap();
        let res = anonymous
            .post(node.url(p))
            .form(&[("sig", sig)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let mut cdd = offer(&node, None, Some(d.network), "cdd");
        cdd["title"] = json!("Coordinateur·rice");
        post(&node, "/api/v1/jobs", Some(&d.animatrice), cdd).await;
        node.state.clock.advance(chrono::Duration::days(1));
        run_jobs().await;
        assert_eq!(
            sink.received(&email).get(&email),
            Some(&1),
            "no email after unsubscribing"
        );
    }
);

/// The payload of the pending digest job.
async fn sqlx_due(app: &TestApp) -> (String,) {
    let jobs = maillage::jobs::all(&app.state.db).await.unwrap();
    let j = jobs
        .iter()
        .find(|j| j.kind == maillage::employment::service::DIGEST_JOB && j.done_at.is_none())
        .expect("a digest job is scheduled");
    (j.payload.clone(),)
}

async fn node_search(app: &TestApp, email: &str) -> i64 {
    let u = maillage::accounts::repo::user_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap();
    maillage::employment::repo::searches_of(&app.state.db, u.id)
        .await
        .unwrap()[0]
        .id
        .get()
}
