//! Project support (issue 7) through the API and the pages, on both backends: creation with
//! the default phases, privacy (outsiders get 404), canvas versions and their comparison, the
//! Riez funding figures to the cent, the co-financing rate, and invalid input (422 + fields).

use maillage::accounts::model::RoleKind;
use maillage::accounts::repo;
use maillage::ids::UserId;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{send, TestApp};

/// A network followed by an advisor (its admin), a holder, the holder of another project and
/// an outsider, with their API tokens (shared by the projects test files).
pub(crate) struct World {
    pub network: i64,
    pub holder_id: UserId,
    pub holder: String,
    pub advisor: String,
    pub other_holder: String,
    pub outsider: String,
}

pub(crate) async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let network = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let holder_id = app.user("porteuse@example.org", "Porteuse").await;
    let advisor = app.user("conseil@example.org", "Conseiller").await;
    repo::grant_role(db, advisor, RoleKind::NetworkAdmin, Some(network), None, 0)
        .await
        .unwrap();
    let other = app.user("autre@example.org", "Autre porteur").await;
    let outsider = app.user("dehors@example.org", "Dehors").await;
    World {
        network,
        holder_id,
        holder: app.token_for(holder_id).await,
        advisor: app.token_for(advisor).await,
        other_holder: app.token_for(other).await,
        outsider: app.token_for(outsider).await,
    }
}

async fn create(app: &TestApp, w: &World, public: bool) -> Value {
    let res = app
        .api_post(
            "/api/v1/projects",
            &w.holder,
            json!({
                "name": "Tiers-lieu de Buis-les-Baronnies",
                "network_id": w.network,
                "communes": "Buis-les-Baronnies",
                "departement": "Drôme",
                "holders": ["Commune de Buis-les-Baronnies"],
                "uses": ["coworking", "café"],
                "intent": "<p>Un lieu <script>alert(1)</script>ouvert</p>",
                "public": public,
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let p: Value = res.json().await.unwrap();
    // The network accepts to follow it (naming a network is a request since issue 14).
    crate::harness::follow(app, p["id"].as_i64().unwrap()).await;
    p
}

both!(projects_creation_and_phases, |app: TestApp| async move {
    let w = world(&app).await;
    let p = create(&app, &w, false).await;
    assert_eq!(p["slug"], "tiers-lieu-de-buis-les-baronnies");
    assert!(!p["intent"].as_str().unwrap().contains("script"));
    assert_eq!(p["uses"], json!(["coworking", "café"]));
    let phases = p["phases"].as_array().unwrap();
    let titles: Vec<&str> = phases
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Diagnostic",
            "Préfiguration et faisabilité",
            "Programmation",
            "Ouverture"
        ]
    );
    assert_eq!(
        phases[0]["objectives"],
        json!(["Valider le besoin", "Identifier les communautés"])
    );
    // The advisor (admin of the following network) updates a phase.
    let id = p["id"].as_i64().unwrap();
    let phase_id = phases[0]["id"].as_i64().unwrap();
    let (s, ph) = send(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/projects/{id}/phases/{phase_id}"),
        &w.advisor,
        json!({"completion": 100, "starts_on": "2025-01-06", "ends_on": "2025-06-30", "support_level": "Niveau 1"}),
    )
    .await;
    assert_eq!(s, 200, "{ph}");
    assert_eq!(ph["done"], true);
    let (s, err) = send(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/projects/{id}/phases/{phase_id}"),
        &w.holder,
        json!({"completion": 140, "starts_on": "2025-07-01", "ends_on": "2025-01-01"}),
    )
    .await;
    assert_eq!(s, 422);
    let text = err.to_string();
    assert!(
        text.contains("completion") && text.contains("ends_on"),
        "{text}"
    );
    // A second project with the same name gets another slug.
    let again = create(&app, &w, true).await;
    assert_eq!(again["slug"], "tiers-lieu-de-buis-les-baronnies-2");
});

both!(projects_privacy, |app: TestApp| async move {
    let w = world(&app).await;
    let p = create(&app, &w, false).await;
    let id = p["id"].as_i64().unwrap();
    let slug = p["slug"].as_str().unwrap().to_string();
    for (token, expected) in [(&w.holder, 200), (&w.advisor, 200), (&w.outsider, 404)] {
        let res = app.api_get(&format!("/api/v1/projects/{id}"), token).await;
        assert_eq!(res.status(), expected);
        let res = app
            .api_get(&format!("/api/v1/projects/{id}/canvas"), token)
            .await;
        assert_eq!(res.status(), expected);
    }
    // The outsider cannot add funding either; the private page is 404 for anonymous visitors.
    let (s, _) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{id}/funding-applications"),
        &w.outsider,
        json!({"funder": "X", "programme": "region"}),
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(app.get(&format!("/projets/{slug}")).await.status(), 404);
    let list = app.get("/projets").await.text().await.unwrap();
    assert!(!list.contains("Buis-les-Baronnies"));
    // The holder sees it on the page once signed in.
    let b = app.new_browser();
    app.login_as(&b, "porteuse@example.org").await;
    let page = b
        .get(app.url(&format!("/projets/{slug}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Préfiguration et faisabilité"));
    // Unsigned API calls are refused.
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/projects"))
        .json(&json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    assert!(matches!(res.status().as_u16(), 401 | 403));
});

both!(projects_canvas_versions, |app: TestApp| async move {
    let w = world(&app).await;
    let p = create(&app, &w, true).await;
    let id = p["id"].as_i64().unwrap();
    let slug = p["slug"].as_str().unwrap().to_string();
    let path = format!("/api/v1/projects/{id}/canvas");
    let (s, v1) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        &w.holder,
        json!({"blocks": {"social_problem": "Peu de lieux de rencontre", "solution": "Un tiers-lieu"}}),
    )
    .await;
    assert_eq!(s, 201, "{v1}");
    assert_eq!(v1["blocks"].as_object().unwrap().len(), 13);
    let (s, v2) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        &w.advisor,
        json!({"blocks": {"social_problem": "Peu de lieux de rencontre", "solution": "Un tiers-lieu avec café", "impact": "Emplois créés"}}),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(v2["author"], "Conseiller");
    let (s, bad) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        &w.holder,
        json!({"blocks": {"nonsense": "x"}}),
    )
    .await;
    assert_eq!(s, 422);
    assert!(bad.to_string().contains("blocks"));
    let (s, _) = send(
        &app,
        reqwest::Method::PUT,
        &path,
        &w.outsider,
        json!({"blocks": {"solution": "pirate"}}),
    )
    .await;
    assert_eq!(s, 404);
    let versions: Value = app
        .api_get(&format!("{path}/versions"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 2);
    // The comparison page shows the changed blocks only, with old and new text.
    let (a, b) = (
        v1["version_id"].as_i64().unwrap(),
        v2["version_id"].as_i64().unwrap(),
    );
    let html = app
        .get(&format!("/projets/{slug}/canevas/versions?a={a}&b={b}"))
        .await
        .text()
        .await
        .unwrap();
    let changes = &html[html.find("id=\"changes\"").unwrap()..];
    assert!(changes.contains("Solution") && changes.contains("Un tiers-lieu avec café"));
    assert!(changes.contains("Emplois créés"));
    assert!(!changes.contains("Problème social"));
    let print = app.get(&format!("/projets/{slug}/canevas/imprimer")).await;
    assert_eq!(print.status(), 200);
    assert!(print.text().await.unwrap().contains("Emplois créés"));
    // Saving through the form creates a third version.
    let browser = app.new_browser();
    app.login_as(&browser, "porteuse@example.org").await;
    let res = browser
        .post(app.url(&format!("/projets/{slug}/canevas")))
        .form(&[("social_problem", "Isolement"), ("surplus", "Réinvesti")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let versions: Value = app
        .api_get(&format!("{path}/versions"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 3);
    assert_eq!(versions[0]["blocks"]["surplus"], "Réinvesti");
});

both!(projects_funding_riez_figures, |app: TestApp| async move {
    let w = world(&app).await;
    let p = create(&app, &w, true).await;
    let id = p["id"].as_i64().unwrap();
    let slug = p["slug"].as_str().unwrap().to_string();
    let apps = format!("/api/v1/projects/{id}/funding-applications");
    for (funder, programme, cents, status) in [
        ("GAL Verdon", "leader_feader", 7_488_110, "granted"),
        ("Région Sud", "region", 4_692_075, "paid"),
        ("ANCT", "anct_fabriques", 5_000_000, "submitted"),
    ] {
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            &apps,
            &w.holder,
            json!({"funder": funder, "programme": programme, "amount_requested_cents": cents,
                   "amount_granted_cents": if status == "submitted" { 0 } else { cents }, "status": status,
                   "deadline": "2026-03-31"}),
        )
        .await;
        assert_eq!(s, 201, "{v}");
    }
    for (kind, cents) in [("investment", 12_000_000), ("operation", 3_225_231)] {
        let (s, _) = send(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/projects/{id}/budget-lines"),
            &w.holder,
            json!({"kind": kind, "label": "Ligne", "amount_cents": cents}),
        )
        .await;
        assert_eq!(s, 201);
    }
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["funding"]["granted_cents"], 12_180_185);
    assert_eq!(p["funding"]["granted"], "121\u{202f}801,85 €");
    assert_eq!(p["funding"]["budget_cents"], 15_225_231);
    assert_eq!(p["funding"]["cofinancing_rate"], "80,0\u{a0}%");
    // The project page shows the same figures and a bar per source to its holders (the
    // funding block is private: see projects_public).
    let holder = app.new_browser();
    app.login_as(&holder, "porteuse@example.org").await;
    let html = holder
        .get(app.url(&format!("/projets/{slug}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("121\u{202f}801,85 €"), "{html}");
    assert!(html.contains("80,0\u{a0}%"));
    assert!(html.contains("bar bar-100") && html.contains("bar bar-60"));
    assert!(!html.contains("style="));
    // Update and delete an application.
    let list: Value = app.api_get(&apps, &w.holder).await.json().await.unwrap();
    let anct = list[2]["id"].as_i64().unwrap();
    let (s, v) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/funding-applications/{anct}"),
        &w.advisor,
        json!({"funder": "ANCT", "programme": "anct_fabriques", "amount_requested_cents": 5_000_000,
               "amount_granted_cents": 5_000_000, "status": "granted"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, _) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/funding-applications/{anct}"),
        &w.outsider,
        json!({}),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = send(
        &app,
        reqwest::Method::DELETE,
        &format!("/api/v1/funding-applications/{anct}"),
        &w.holder,
        json!({}),
    )
    .await;
    assert_eq!(s, 204);
    // The funding page form: amounts typed in euros, French errors.
    let browser = app.new_browser();
    app.login_as(&browser, "porteuse@example.org").await;
    let res = browser
        .post(app.url(&format!("/projets/{slug}/financement/dossiers")))
        .form(&[
            ("funder", "Fondation de France"),
            ("programme", "fondation_de_france"),
            ("requested", "12 000,50"),
            ("granted", ""),
            ("status", "submitted"),
            ("deadline", ""),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let list: Value = app.api_get(&apps, &w.holder).await.json().await.unwrap();
    assert_eq!(list[2]["amount_requested_cents"], 1_200_050);
    let res = browser
        .post(app.url(&format!("/projets/{slug}/financement/dossiers")))
        .form(&[
            ("funder", ""),
            ("programme", "loto"),
            ("requested", "abc"),
            ("status", "draft"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Ce champ est obligatoire."));
    assert!(html.contains("Saisissez un montant positif"));
});

both!(projects_bad_input, |app: TestApp| async move {
    let w = world(&app).await;
    let (s, v) = send(
        &app,
        reqwest::Method::POST,
        "/api/v1/projects",
        &w.holder,
        json!({"name": "", "status": "flying", "network_id": 999_999}),
    )
    .await;
    assert_eq!(s, 422);
    let text = v.to_string();
    for field in ["name", "status", "network_id"] {
        assert!(text.contains(field), "{field}: {text}");
    }
    let p = create(&app, &w, true).await;
    let id = p["id"].as_i64().unwrap();
    let (s, v) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{id}/funding-applications"),
        &w.holder,
        json!({"funder": "", "programme": "loto", "amount_requested_cents": -5, "status": "won"}),
    )
    .await;
    assert_eq!(s, 422);
    let text = v.to_string();
    for field in ["funder", "programme", "amount_requested_cents", "status"] {
        assert!(text.contains(field), "{field}: {text}");
    }
    // The creation form answers in French.
    let browser = app.new_browser();
    app.login_as(&browser, "porteuse@example.org").await;
    let res = browser
        .post(app.url("/projets"))
        .form(&[("name", ""), ("network_id", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Ce champ est obligatoire."));
    let res = browser
        .post(app.url("/projets"))
        .form(&[("name", "Café de Nyons"), ("uses", "café\népicerie")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let to = crate::harness::location(&res);
    let page = browser.get(app.url(&to)).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Diagnostic"));
});

// The closed lists of projects are typed: a value outside one answers 422 on its field, in
// French by default and in English on request, even alone in an otherwise valid body; the
// answers send the stored texts and plain integer ids; the OpenAPI document lists the values;
// a malformed id in a path is still a 404.
both!(projects_closed_lists_and_ids, |app: TestApp| async move {
    let w = world(&app).await;
    let p = create(&app, &w, true).await;
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["status"], "idea");
    assert_eq!(p["network_id"].as_i64(), Some(w.network));
    let client = reqwest::Client::new();
    let ask = |method: reqwest::Method,
               path: String,
               token: String,
               body: Value,
               lang: Option<&'static str>| {
        let client = client.clone();
        let url = app.url(&path);
        async move {
            let mut req = client.request(method, url).bearer_auth(token);
            if !body.is_null() {
                req = req.json(&body);
            }
            if let Some(l) = lang {
                req = req.header("accept-language", l);
            }
            let res = req.send().await.unwrap();
            (
                res.status().as_u16(),
                res.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let post = reqwest::Method::POST;
    let cases: Vec<(reqwest::Method, String, String, Value, &str)> = vec![
        (
            post.clone(),
            "/api/v1/projects".into(),
            w.holder.clone(),
            json!({"name": "Café de Nyons", "status": "flying"}),
            "status",
        ),
        (
            reqwest::Method::PUT,
            format!("/api/v1/projects/{id}"),
            w.holder.clone(),
            json!({"name": "Tiers-lieu", "status": "won"}),
            "status",
        ),
        (
            post.clone(),
            format!("/api/v1/projects/{id}/funding-applications"),
            w.holder.clone(),
            json!({"funder": "Région Sud", "programme": "loto"}),
            "programme",
        ),
        (
            post.clone(),
            format!("/api/v1/projects/{id}/funding-applications"),
            w.holder.clone(),
            json!({"funder": "Région Sud", "programme": "region", "status": "won"}),
            "status",
        ),
        (
            post.clone(),
            format!("/api/v1/projects/{id}/budget-lines"),
            w.holder.clone(),
            json!({"kind": "party", "label": "Travaux", "amount_cents": 100}),
            "kind",
        ),
        (
            post.clone(),
            format!("/api/v1/projects/{id}/stakeholders"),
            w.holder.clone(),
            json!({"kind": "robot", "name": "Commune de Riez"}),
            "kind",
        ),
        (
            reqwest::Method::GET,
            "/api/v1/projects/dashboard?status=flying".into(),
            w.advisor.clone(),
            Value::Null,
            "status",
        ),
    ];
    for (method, path, token, body, field) in cases {
        let (s, v) = ask(
            method.clone(),
            path.clone(),
            token.clone(),
            body.clone(),
            None,
        )
        .await;
        assert_eq!(s, 422, "{method} {path}: {v}");
        assert_eq!(v["error"]["code"], "validation_failed", "{path}: {v}");
        assert_eq!(
            v["error"]["fields"][field], "Choisissez une valeur dans la liste.",
            "{method} {path}: {v}"
        );
        let (s, v) = ask(method.clone(), path.clone(), token, body, Some("en")).await;
        assert_eq!(s, 422, "{method} {path}: {v}");
        assert_eq!(
            v["error"]["fields"][field], "Choose a value from the list.",
            "{method} {path}: {v}"
        );
    }
    // Nothing was written by the refused requests.
    let (_, list) = ask(
        reqwest::Method::GET,
        format!("/api/v1/projects/{id}/funding-applications"),
        w.holder.clone(),
        Value::Null,
        None,
    )
    .await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");

    // The answers carry the texts and the ids as integers.
    let (s, f) = ask(
        post.clone(),
        format!("/api/v1/projects/{id}/funding-applications"),
        w.holder.clone(),
        json!({"funder": "GAL du Pays du Verdon", "programme": "leader_feader",
               "amount_requested_cents": 100, "amount_granted_cents": 100, "status": "granted"}),
        None,
    )
    .await;
    assert_eq!(s, 201, "{f}");
    assert_eq!(f["programme"], "leader_feader");
    assert_eq!(f["status"], "granted");
    assert_eq!(f["project_id"].as_i64(), Some(id));
    let (s, l) = ask(
        post.clone(),
        format!("/api/v1/projects/{id}/budget-lines"),
        w.holder.clone(),
        json!({"kind": "operation", "label": "Animation", "amount_cents": 1000}),
        None,
    )
    .await;
    assert_eq!(s, 201, "{l}");
    assert_eq!(l["kind"], "operation");
    let (s, st) = ask(
        post.clone(),
        format!("/api/v1/projects/{id}/stakeholders"),
        w.holder.clone(),
        json!({"name": "Commune de Riez"}),
        None,
    )
    .await;
    assert_eq!(s, 201, "{st}");
    assert_eq!(st["kind"], "person", "the default kind");
    assert_eq!(st["project_id"].as_i64(), Some(id));
    let (s, v) = ask(
        reqwest::Method::PUT,
        format!("/api/v1/projects/{id}"),
        w.holder.clone(),
        json!({"name": "Tiers-lieu de Buis-les-Baronnies", "status": "in_progress",
               "network_id": w.network, "public": true}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "in_progress");
    let (s, tl) = ask(
        reqwest::Method::GET,
        format!("/api/v1/projects/{id}/timeline"),
        w.holder.clone(),
        Value::Null,
        None,
    )
    .await;
    assert_eq!(s, 200, "{tl}");
    let kinds: Vec<&str> = tl
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for k in [
        "project_created",
        "funding_created",
        "budget_added",
        "stakeholder_added",
        "project_updated",
    ] {
        assert!(kinds.contains(&k), "{k}: {kinds:?}");
    }
    let (s, d) = ask(
        reqwest::Method::GET,
        format!(
            "/api/v1/projects/dashboard?status=in_progress&network={}",
            w.network
        ),
        w.advisor.clone(),
        Value::Null,
        None,
    )
    .await;
    assert_eq!(s, 200, "{d}");
    assert_eq!(d["projects"][0]["status"], "in_progress");
    assert_eq!(d["projects"][0]["id"].as_i64(), Some(id));
    let (s, pub_page) = ask(
        reqwest::Method::GET,
        format!("/api/v1/projects/{id}/public"),
        w.outsider.clone(),
        Value::Null,
        None,
    )
    .await;
    assert_eq!(s, 200, "{pub_page}");
    assert_eq!(pub_page["status"], "in_progress");
    assert_eq!(pub_page["id"].as_i64(), Some(id));

    // A malformed id in a path answers 404, as before.
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/projects/abc".to_string()),
        (reqwest::Method::GET, "/api/v1/projects/1.5/timeline".into()),
        (
            reqwest::Method::GET,
            "/api/v1/networks/x/phase-template".into(),
        ),
        (
            reqwest::Method::DELETE,
            format!("/api/v1/projects/{id}/phases/x"),
        ),
        (
            reqwest::Method::DELETE,
            "/api/v1/funding-applications/1/documents/x".into(),
        ),
    ] {
        let (s, v) = ask(method, path.clone(), w.advisor.clone(), Value::Null, None).await;
        assert_eq!(s, 404, "{path}: {v}");
        assert_eq!(v["error"]["code"], "not_found", "{path}: {v}");
    }

    // The OpenAPI document lists the values of each list.
    let doc: Value = app.openapi().await;
    let schemas = &doc["components"]["schemas"];
    for (name, text) in [
        ("ProjectStatus", "in_progress"),
        ("FundingProgramme", "fondation_de_france"),
        ("FundingStatus", "paid"),
        ("BudgetKind", "operation"),
        ("StakeholderKind", "organization"),
        ("TimelineKind", "phase_progress"),
        ("DeadlineKind", "action"),
        ("WorkshopKind", "portes-ouvertes"),
    ] {
        let values = schemas[name]["enum"].as_array();
        assert!(
            values.is_some_and(|v| v.iter().any(|x| x == text)),
            "{name}: {}",
            schemas[name]
        );
    }
    assert_eq!(
        schemas["FundingIn"]["properties"]["programme"]["$ref"],
        "#/components/schemas/FundingProgramme"
    );
    assert_eq!(
        schemas["ProjectOut"]["properties"]["status"]["$ref"],
        "#/components/schemas/ProjectStatus"
    );
});
