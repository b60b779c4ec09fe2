//! The workspace of a project (issue 7, second part), on both backends: groups and document
//! libraries attached to a project, the workspace page, the stakeholders directory (a member
//! of one project cannot see another project's stakeholders), the timeline, holders
//! management with email invitations, and editing the project.

use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{send, TestApp};
use crate::projects::world;

/// A project of `token`, followed by the network; answers (id, slug).
async fn project(
    app: &TestApp,
    token: &str,
    name: &str,
    network: Option<i64>,
    public: bool,
) -> (i64, String) {
    let (s, p) = send(
        app,
        Method::POST,
        "/api/v1/projects",
        token,
        json!({"name": name, "network_id": network, "uses": ["coworking", "café"], "public": public}),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    if network.is_some() {
        // The network accepts to follow it (naming a network is a request since issue 14).
        crate::harness::follow(app, p["id"].as_i64().unwrap()).await;
    }
    (
        p["id"].as_i64().unwrap(),
        p["slug"].as_str().unwrap().to_string(),
    )
}

async fn signed_in(app: &TestApp, email: &str) -> reqwest::Client {
    let b = app.new_browser();
    app.login_as(&b, email).await;
    b
}

async fn status_of(b: &reqwest::Client, app: &TestApp, path: &str) -> u16 {
    b.get(app.url(path)).send().await.unwrap().status().as_u16()
}

both!(projects_stakeholders_isolated, |app: TestApp| async move {
    let w = world(&app).await;
    // Project A is even public: its directory stays for its holders and advisors.
    let (a, slug_a) = project(&app, &w.holder, "Tiers-lieu de Riez", Some(w.network), true).await;
    let (b, _) = project(&app, &w.other_holder, "Café de Nyons", None, false).await;
    let path = format!("/api/v1/projects/{a}/stakeholders");
    // Contact details without a consent date are refused.
    let (s, err) = send(
        &app,
        Method::POST,
        &path,
        &w.holder,
        json!({"kind": "person", "name": "Maire de Riez", "email": "maire@riez.fr"}),
    )
    .await;
    assert_eq!(s, 422, "{err}");
    assert!(err.to_string().contains("consent_on"), "{err}");
    let (s, st) = send(
        &app,
        Method::POST,
        &path,
        &w.holder,
        json!({"kind": "person", "name": "Maire de Riez", "organization": "Commune de Riez",
               "role": "Élue référente", "email": "Maire@Riez.fr", "phone": "+33 4 92 77 99 00",
               "address": "Place de la mairie\n04500 Riez", "consent_on": "2025-03-01",
               "notes": "Rencontrée au diagnostic"}),
    )
    .await;
    assert_eq!(s, 201, "{st}");
    assert_eq!(st["email"], "maire@riez.fr");
    let id = st["id"].as_i64().unwrap();
    // A name without contact details needs no consent.
    let (s, _) = send(
        &app,
        Method::POST,
        &path,
        &w.advisor,
        json!({"kind": "organization", "name": "GAL Verdon", "role": "Financeur LEADER"}),
    )
    .await;
    assert_eq!(s, 201);
    // The database refuses contact details without consent too.
    let direct = match &app.state.db {
        maillage::db::Db::Sqlite(p) => sqlx::query(
            "INSERT INTO project_stakeholders (project_id, kind, name, email, created_at, updated_at) VALUES ($1, 'person', 'X', 'x@y.fr', 0, 0)",
        )
        .bind(a)
        .execute(p)
        .await
        .is_err(),
        maillage::db::Db::Postgres(p) => sqlx::query(
            "INSERT INTO project_stakeholders (project_id, kind, name, email, created_at, updated_at) VALUES ($1, 'person', 'X', 'x@y.fr', 0, 0)",
        )
        .bind(a)
        .execute(p)
        .await
        .is_err(),
    };
    assert!(
        direct,
        "the CHECK must refuse contact details without consent"
    );

    // The holder and the advisor see both; the holder of project B and an outsider get 404.
    for (token, expected) in [
        (&w.holder, 200),
        (&w.advisor, 200),
        (&w.other_holder, 404),
        (&w.outsider, 404),
    ] {
        let res = app.api_get(&path, token).await;
        assert_eq!(res.status().as_u16(), expected);
        if expected == 200 {
            let list: Value = res.json().await.unwrap();
            assert_eq!(list.as_array().unwrap().len(), 2);
        }
    }
    for method in [Method::PUT, Method::DELETE] {
        let (s, _) = send(
            &app,
            method,
            &format!("/api/v1/stakeholders/{id}"),
            &w.other_holder,
            json!({"name": "Pirate"}),
        )
        .await;
        assert_eq!(s, 404);
    }
    // B's own directory is empty, and B's holder cannot slip A's stakeholder into it.
    let list: Value = app
        .api_get(
            &format!("/api/v1/projects/{b}/stakeholders"),
            &w.other_holder,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));
    // Pages: 404 for the other project's holder, the directory with contacts for the holder.
    let other = signed_in(&app, "autre@example.org").await;
    assert_eq!(
        status_of(
            &other,
            &app,
            &format!("/projets/{slug_a}/parties-prenantes")
        )
        .await,
        404
    );
    assert_eq!(
        status_of(
            &other,
            &app,
            &format!("/projets/{slug_a}/parties-prenantes/{id}")
        )
        .await,
        404
    );
    let res = other
        .post(app.url(&format!(
            "/projets/{slug_a}/parties-prenantes/{id}/supprimer"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        status_of(&other, &app, &format!("/projets/{slug_a}/espace")).await,
        404
    );
    let holder = signed_in(&app, "porteuse@example.org").await;
    let html = holder
        .get(app.url(&format!("/projets/{slug_a}/parties-prenantes")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("maire@riez.fr") && html.contains("2025-03-01"),
        "{html}"
    );
    // The directory as CSV: for the holder, formulas neutralized; 404 for the other holder.
    let res = holder
        .get(app.url(&format!("/projets/{slug_a}/parties-prenantes.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(
        csv.contains("\"Maire de Riez\";\"Commune de Riez\""),
        "{csv}"
    );
    assert!(
        csv.contains("\"maire@riez.fr\";\"'+33 4 92 77 99 00\""),
        "{csv}"
    );
    assert!(csv.contains("\"GAL Verdon\""));
    assert_eq!(
        status_of(
            &other,
            &app,
            &format!("/projets/{slug_a}/parties-prenantes.csv")
        )
        .await,
        404
    );
    // The public page never shows the contacts.
    let public = app
        .get(&format!("/projets/{slug_a}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!public.contains("maire@riez.fr"));
    // The form answers in French with field errors.
    let res = holder
        .post(app.url(&format!("/projets/{slug_a}/parties-prenantes")))
        .form(&[
            ("kind", "person"),
            ("name", ""),
            ("phone", "06 12 34 56 78"),
            ("consent_on", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Ce champ est obligatoire."));
    assert!(html.contains("Indiquez la date du consentement"));
    // Edit then delete through the pages.
    let res = holder
        .post(app.url(&format!("/projets/{slug_a}/parties-prenantes/{id}")))
        .form(&[
            ("kind", "person"),
            ("name", "Maire de Riez"),
            ("role", "Présidente du comité"),
            ("consent_on", "2025-03-01"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/stakeholders/{id}"),
        &w.advisor,
        json!({"kind": "person", "name": "Maire de Riez", "role": "Présidente"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["email"], "");
    let (s, _) = send(
        &app,
        Method::DELETE,
        &format!("/api/v1/stakeholders/{id}"),
        &w.holder,
        json!({}),
    )
    .await;
    assert_eq!(s, 204);
});

async fn upload(app: &TestApp, token: &str, fields: &[(&str, String)]) -> (u16, Value) {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    form = form.part(
        "file",
        Part::bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec())
            .file_name("diagnostic.pdf"),
    );
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/documents"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

both!(
    projects_groups_documents_workspace,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (id, slug) = project(
            &app,
            &w.holder,
            "Tiers-lieu de Buis",
            Some(w.network),
            false,
        )
        .await;
        let holder = signed_in(&app, "porteuse@example.org").await;
        // One click: the holders' group, then the focus group of the use "café".
        for form in [
            vec![("kind", "holders")],
            vec![("kind", "focus_group"), ("use", "café")],
        ] {
            let res = holder
                .post(app.url(&format!("/projets/{slug}/espace/groupes")))
                .form(&form)
                .send()
                .await
                .unwrap();
            assert!(res.status().is_redirection(), "{}", res.status());
        }
        let groups: Vec<_> = maillage::groups::repo::all_groups(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .filter(|g| g.project_id == Some(maillage::ids::ProjectId(id)))
            .collect();
        assert_eq!(groups.len(), 2);
        let focus = groups
            .iter()
            .find(|g| g.kind.as_str() == "focus_group")
            .unwrap();
        assert_eq!(focus.name, "Usage « café » – Tiers-lieu de Buis");
        // A second click does not duplicate it.
        holder
            .post(app.url(&format!("/projets/{slug}/espace/groupes")))
            .form(&[("kind", "focus_group"), ("use", "café")])
            .send()
            .await
            .unwrap();
        let n = maillage::groups::repo::all_groups(&app.state.db)
            .await
            .unwrap()
            .iter()
            .filter(|g| g.project_id == Some(maillage::ids::ProjectId(id)))
            .count();
        assert_eq!(n, 2);
        // Through the API: the advisor creates a group; an outsider gets 404.
        let body = json!({"name": "Comité de pilotage", "kind": "working_group", "visibility": "members", "joining": "invitation", "project_id": id});
        let (s, g) = send(
            &app,
            Method::POST,
            "/api/v1/groups",
            &w.advisor,
            body.clone(),
        )
        .await;
        assert_eq!(s, 201, "{g}");
        assert_eq!(g["project_id"], id);
        let (s, _) = send(&app, Method::POST, "/api/v1/groups", &w.outsider, body).await;
        assert_eq!(s, 404);
        // Meetings and next steps come from the groups area; the holder manages the focus group.
        let (s, m) = send(&app, Method::POST, &format!("/api/v1/groups/{}/meetings", focus.id), &w.holder,
        json!({"title": "Atelier café", "starts_at": "2031-03-04T17:00:00Z", "ends_at": "2031-03-04T19:00:00Z", "room": "Salle des fêtes"})).await;
        assert_eq!(s, 201, "{m}");
        let (s, a) = send(&app, Method::POST, &format!("/api/v1/groups/{}/actions", focus.id), &w.holder,
        json!({"title": "Chiffrer la machine à café", "owner_id": w.holder_id, "due_on": "2031-02-15"})).await;
        assert_eq!(s, 201, "{a}");
        let (s, _) = send(
            &app,
            Method::POST,
            &format!("/api/v1/groups/{}/actions", focus.id),
            &w.outsider,
            json!({"title": "Pirate"}),
        )
        .await;
        assert_eq!(s, 404);
        // A document of the project's library (the initial diagnostic), for managers only.
        let fields = [
            ("title", "Diagnostic initial".to_string()),
            ("visibility", "managers".to_string()),
            ("project_id", id.to_string()),
        ];
        let (s, d) = upload(&app, &w.holder, &fields).await;
        assert_eq!(s, 201, "{d}");
        assert_eq!(d["project_id"], id);
        let (s, _) = upload(&app, &w.outsider, &fields).await;
        assert_eq!(s, 404);
        for (token, expected) in [(&w.advisor, 1), (&w.outsider, 0)] {
            let list: Value = app
                .api_get(&format!("/api/v1/documents?project_id={id}"), token)
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(list.as_array().unwrap().len(), expected);
        }
        assert_eq!(
            status_of(&holder, &app, &format!("/projets/{slug}/documents")).await,
            200
        );
        // The workspace: groups with the next meeting, the open next step, the document.
        let html = holder
            .get(app.url(&format!("/projets/{slug}/espace")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Usage « café »") && html.contains("Comité de pilotage"),
            "{html}"
        );
        assert!(
            html.contains("04/03/2031"),
            "next meeting in Paris time: {html}"
        );
        assert!(
            html.contains("Chiffrer la machine à café")
                && html.contains("2031-02-15")
                && html.contains("Porteuse")
        );
        assert!(html.contains("Diagnostic initial"));
        assert!(html.contains("Créer le focus groupe « coworking »"));
        assert!(!html.contains("Créer le focus groupe « café »"));
        assert!(!html.contains("Créer le groupe des porteurs"));
        let advisor = signed_in(&app, "conseil@example.org").await;
        assert_eq!(
            status_of(&advisor, &app, &format!("/projets/{slug}/espace")).await,
            200
        );
        let outsider = signed_in(&app, "dehors@example.org").await;
        for path in [
            format!("/projets/{slug}/espace"),
            format!("/projets/{slug}/documents"),
            format!("/groupes/{}", focus.slug),
        ] {
            assert_eq!(status_of(&outsider, &app, &path).await, 404, "{path}");
        }
    }
);

both!(projects_timeline, |app: TestApp| async move {
    let w = world(&app).await;
    let (id, slug) = project(
        &app,
        &w.holder,
        "Tiers-lieu de Riez",
        Some(w.network),
        false,
    )
    .await;
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    let phase = p["phases"][0]["id"].as_i64().unwrap();
    let (s, _) = send(
        &app,
        Method::PATCH,
        &format!("/api/v1/projects/{id}/phases/{phase}"),
        &w.advisor,
        json!({"completion": 40}),
    )
    .await;
    assert_eq!(s, 200);
    let (s, f) = send(&app, Method::POST, &format!("/api/v1/projects/{id}/funding-applications"), &w.holder,
        json!({"funder": "GAL Verdon", "programme": "leader_feader", "amount_requested_cents": 7_488_110, "status": "submitted"})).await;
    assert_eq!(s, 201);
    let fid = f["id"].as_i64().unwrap();
    let (s, _) = send(&app, Method::PUT, &format!("/api/v1/funding-applications/{fid}"), &w.advisor,
        json!({"funder": "GAL Verdon", "programme": "leader_feader", "amount_requested_cents": 7_488_110, "amount_granted_cents": 7_488_110, "status": "granted"})).await;
    assert_eq!(s, 200);
    let (s, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/projects/{id}/budget-lines"),
        &w.holder,
        json!({"kind": "investment", "label": "Travaux", "amount_cents": 12_180_185}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{id}/canvas"),
        &w.holder,
        json!({"blocks": {"solution": "Un tiers-lieu"}}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, _) = send(
        &app,
        Method::POST,
        &format!("/api/v1/projects/{id}/stakeholders"),
        &w.holder,
        json!({"name": "GAL Verdon", "kind": "organization"}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, _) = upload(
        &app,
        &w.holder,
        &[
            ("title", "Diagnostic initial".to_string()),
            ("visibility", "managers".to_string()),
            ("project_id", id.to_string()),
        ],
    )
    .await;
    assert_eq!(s, 201);
    let path = format!("/api/v1/projects/{id}/timeline");
    let t: Value = app.api_get(&path, &w.advisor).await.json().await.unwrap();
    let kinds: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in [
        "project_created",
        "phase_progress",
        "funding_created",
        "funding_status",
        "budget_added",
        "canvas_version",
        "stakeholder_added",
        "document_added",
    ] {
        assert!(kinds.contains(&k), "{k}: {kinds:?}");
    }
    assert_eq!(*kinds.last().unwrap(), "project_created", "newest first");
    let ats: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    let mut sorted = ats.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ats, sorted);
    let status = t
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "funding_status")
        .unwrap();
    assert_eq!(status["who"], "Conseiller");
    assert_eq!(
        status["text"]
            .as_str()
            .unwrap()
            .replace(['\u{2068}', '\u{2069}'], ""),
        "Dossier GAL Verdon : statut « Accordé »"
    );
    let budget = t
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "budget_added")
        .unwrap();
    assert!(
        budget["text"]
            .as_str()
            .unwrap()
            .contains("121\u{202f}801,85 €"),
        "{budget}"
    );
    // Another project's holder and outsiders: 404.
    assert_eq!(app.api_get(&path, &w.outsider).await.status(), 404);
    let page = signed_in(&app, "porteuse@example.org").await;
    let html = page
        .get(app.url(&format!("/projets/{slug}/chronologie")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Phase « ")
            && html.contains("Diagnostic initial")
            && html.contains("(Conseiller)"),
        "{html}"
    );
    let outsider = signed_in(&app, "dehors@example.org").await;
    assert_eq!(
        status_of(&outsider, &app, &format!("/projets/{slug}/chronologie")).await,
        404
    );
});

both!(projects_members_and_edit, |app: TestApp| async move {
    let w = world(&app).await;
    let (id, slug) = project(&app, &w.holder, "Tiers-lieu de Buis", None, false).await;
    let members = format!("/api/v1/projects/{id}/members");
    // The holders' group follows the holders.
    let holder_page = signed_in(&app, "porteuse@example.org").await;
    holder_page
        .post(app.url(&format!("/projets/{slug}/espace/groupes")))
        .form(&[("kind", "holders")])
        .send()
        .await
        .unwrap();
    let holders_group = maillage::groups::repo::all_groups(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .find(|g| {
            g.project_id == Some(maillage::ids::ProjectId(id)) && g.kind.as_str() == "holders"
        })
        .unwrap();
    let current_members = |app: &TestApp| {
        let db = app.state.db.clone();
        let gid = holders_group.id;
        async move {
            let now = chrono::Utc::now().timestamp_millis();
            maillage::groups::repo::memberships(&db, gid)
                .await
                .unwrap()
                .into_iter()
                .filter(|m| m.is_current(now))
                .map(|m| m.email)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(current_members(&app).await, ["porteuse@example.org"]);
    // An existing account is invited like any address (issue 14: no account oracle, no
    // holder without consent) and sees the project once it accepted.
    assert_eq!(
        app.api_get(&format!("/api/v1/projects/{id}"), &w.other_holder)
            .await
            .status(),
        404
    );
    app.drain_emails().await;
    let (s, v) = send(
        &app,
        Method::POST,
        &members,
        &w.holder,
        json!({"email": "Autre@Example.org"}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["result"], "invited");
    assert!(!current_members(&app)
        .await
        .contains(&"autre@example.org".to_string()));
    assert_eq!(
        app.api_get(&format!("/api/v1/projects/{id}"), &w.other_holder)
            .await
            .status(),
        404
    );
    let mail = app.email_to("autre@example.org").await;
    let link = format!(
        "/projets/invitation/{}",
        mail.link_path("/projets/invitation/")
    );
    let other = signed_in(&app, "autre@example.org").await;
    let res = other.post(app.url(&link)).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert!(current_members(&app)
        .await
        .contains(&"autre@example.org".to_string()));
    assert_eq!(
        app.api_get(&format!("/api/v1/projects/{id}"), &w.other_holder)
            .await
            .status(),
        200
    );
    let (_, v) = send(
        &app,
        Method::POST,
        &members,
        &w.holder,
        json!({"email": "autre@example.org"}),
    )
    .await;
    assert_eq!(v["result"], "already_member");
    let (s, v) = send(
        &app,
        Method::POST,
        &members,
        &w.holder,
        json!({"email": "pas une adresse"}),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    let (s, _) = send(
        &app,
        Method::POST,
        &members,
        &w.outsider,
        json!({"email": "dehors@example.org"}),
    )
    .await;
    assert_eq!(s, 404);
    // An unknown address gets an invitation with a single-use link.
    app.drain_emails().await;
    let (_, v) = send(
        &app,
        Method::POST,
        &members,
        &w.holder,
        json!({"email": "nouvelle@example.org"}),
    )
    .await;
    assert_eq!(v["result"], "invited");
    let mail = app.email_to("nouvelle@example.org").await;
    assert!(
        mail.subject.contains("Tiers-lieu de Buis"),
        "{}",
        mail.subject
    );
    let link = format!(
        "/projets/invitation/{}",
        mail.link_path("/projets/invitation/")
    );
    let anonymous = app.get(&link).await.text().await.unwrap();
    assert!(anonymous.contains("nouvelle@example.org"));
    app.user("nouvelle@example.org", "Nouvelle").await;
    let wrong = signed_in(&app, "dehors@example.org").await;
    assert_eq!(
        wrong.post(app.url(&link)).send().await.unwrap().status(),
        403
    );
    let newcomer = signed_in(&app, "nouvelle@example.org").await;
    let res = newcomer.post(app.url(&link)).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(
        crate::harness::location(&res),
        format!("/projets/{slug}/espace")
    );
    assert_eq!(
        newcomer.post(app.url(&link)).send().await.unwrap().status(),
        404,
        "single use"
    );
    let list: Value = app.api_get(&members, &w.holder).await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    // Remove holders, never the last one.
    for m in list.as_array().unwrap() {
        let uid = m["user_id"].as_i64().unwrap();
        if uid != w.holder_id.get() {
            let (s, _) = send(
                &app,
                Method::DELETE,
                &format!("{members}/{uid}"),
                &w.holder,
                json!({}),
            )
            .await;
            assert_eq!(s, 204);
        }
    }
    let (s, v) = send(
        &app,
        Method::DELETE,
        &format!("{members}/{}", w.holder_id),
        &w.holder,
        json!({}),
    )
    .await;
    assert_eq!(s, 409, "{v}");
    assert_eq!(current_members(&app).await, ["porteuse@example.org"]);
    let holder = signed_in(&app, "porteuse@example.org").await;
    let res = holder
        .post(app.url(&format!("/projets/{slug}/membres/{}/retirer", w.holder_id)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Le dernier porteur du projet ne peut pas être retiré."));
    // Editing the project: through the page (French errors), then through the API.
    let res = holder
        .post(app.url(&format!("/projets/{slug}/modifier")))
        .form(&[("name", ""), ("status", "flying")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Ce champ est obligatoire."));
    let res = holder
        .post(app.url(&format!("/projets/{slug}/modifier")))
        .form(&[
            ("name", "Tiers-lieu des Baronnies"),
            ("status", "in_progress"),
            ("uses", "coworking\nfablab"),
            ("network_id", &w.network.to_string()),
            ("public", "1"),
            ("communes", "Buis-les-Baronnies"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    // Naming a network is a request (issue 14, finding 2): its admin advises (edits) the
    // project once it accepts.
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["network_status"], "requested");
    crate::harness::follow(&app, id).await;
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.advisor)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["name"], "Tiers-lieu des Baronnies");
    assert_eq!(p["slug"], slug, "addresses stay the same");
    assert_eq!(p["uses"], json!(["coworking", "fablab"]));
    assert_eq!(p["public"], true);
    let (s, v) = send(&app, Method::PUT, &format!("/api/v1/projects/{id}"), &w.advisor,
        json!({"name": "Tiers-lieu des Baronnies", "status": "opened", "network_id": w.network, "public": false})).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["status"], "opened");
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{id}"),
        &w.holder,
        json!({"name": "", "status": "won", "network_id": 999_999}),
    )
    .await;
    assert_eq!(s, 422);
    for field in ["name", "status", "network_id"] {
        assert!(v.to_string().contains(field), "{field}: {v}");
    }
    let (s, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/projects/{id}"),
        &w.outsider,
        json!({"name": "X", "status": "idea"}),
    )
    .await;
    assert_eq!(s, 404);
});

both!(projects_budget_and_attachments, |app: TestApp| async move {
    let w = world(&app).await;
    let (id, slug) = project(
        &app,
        &w.holder,
        "Tiers-lieu de Riez",
        Some(w.network),
        false,
    )
    .await;
    let (s, l) = send(
        &app,
        Method::POST,
        &format!("/api/v1/projects/{id}/budget-lines"),
        &w.holder,
        json!({"kind": "investment", "label": "Travaux", "amount_cents": 100}),
    )
    .await;
    assert_eq!(s, 201);
    let line = l["id"].as_i64().unwrap();
    // Edit through the API (the Riez total), then through the page; the total follows.
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/budget-lines/{line}"),
        &w.advisor,
        json!({"kind": "investment", "label": "Travaux du bâtiment", "amount_cents": 12_180_185}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, v) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/budget-lines/{line}"),
        &w.holder,
        json!({"kind": "party", "label": "", "amount_cents": -1}),
    )
    .await;
    assert_eq!(s, 422);
    for f in ["kind", "label", "amount_cents"] {
        assert!(v.to_string().contains(f), "{f}: {v}");
    }
    let (s, _) = send(
        &app,
        Method::PUT,
        &format!("/api/v1/budget-lines/{line}"),
        &w.outsider,
        json!({"kind": "investment", "label": "X", "amount_cents": 1}),
    )
    .await;
    assert_eq!(s, 404);
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["funding"]["budget"], "121\u{202f}801,85 €");
    let holder = signed_in(&app, "porteuse@example.org").await;
    let page = holder
        .get(app.url(&format!("/projets/{slug}/financement/budget/{line}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("121\u{202f}801,85"), "{page}");
    let res = holder
        .post(app.url(&format!("/projets/{slug}/financement/budget/{line}")))
        .form(&[
            ("kind", "operation"),
            ("label", "Animation"),
            ("amount", "abc"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Saisissez un montant positif"));
    let res = holder
        .post(app.url(&format!("/projets/{slug}/financement/budget/{line}")))
        .form(&[
            ("kind", "operation"),
            ("label", "Animation"),
            ("amount", "46 920,75"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["funding"]["operation_cents"], 4_692_075);
    assert_eq!(p["funding"]["investment_cents"], 0);
    let res = holder
        .post(app.url(&format!(
            "/projets/{slug}/financement/budget/{line}/supprimer"
        )))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["funding"]["budget_cents"], 0);
    let (s, l) = send(
        &app,
        Method::POST,
        &format!("/api/v1/projects/{id}/budget-lines"),
        &w.holder,
        json!({"kind": "operation", "label": "Loyer", "amount_cents": 500}),
    )
    .await;
    assert_eq!(s, 201);
    let (s, _) = send(
        &app,
        Method::DELETE,
        &format!("/api/v1/budget-lines/{}", l["id"]),
        &w.holder,
        json!({}),
    )
    .await;
    assert_eq!(s, 204);
    // Documents of the project's library attached to an application.
    let (_, f) = send(
        &app,
        Method::POST,
        &format!("/api/v1/projects/{id}/funding-applications"),
        &w.holder,
        json!({"funder": "Région Sud", "programme": "region", "status": "draft"}),
    )
    .await;
    let fid = f["id"].as_i64().unwrap();
    let (s, d) = upload(
        &app,
        &w.holder,
        &[
            ("title", "Budget prévisionnel".to_string()),
            ("visibility", "managers".to_string()),
            ("project_id", id.to_string()),
        ],
    )
    .await;
    assert_eq!(s, 201);
    let doc = d["id"].as_i64().unwrap();
    let (other, _) = project(&app, &w.other_holder, "Autre projet", None, false).await;
    let (s, od) = upload(
        &app,
        &w.other_holder,
        &[
            ("title", "Secret".to_string()),
            ("visibility", "managers".to_string()),
            ("project_id", other.to_string()),
        ],
    )
    .await;
    assert_eq!(s, 201, "{od}");
    let docs = format!("/api/v1/funding-applications/{fid}/documents");
    let (s, v) = send(
        &app,
        Method::POST,
        &docs,
        &w.holder,
        json!({"document_id": od["id"]}),
    )
    .await;
    assert_eq!(s, 422, "another project's document: {v}");
    let (s, _) = send(
        &app,
        Method::POST,
        &docs,
        &w.outsider,
        json!({"document_id": doc}),
    )
    .await;
    assert_eq!(s, 404);
    let res = holder
        .post(app.url(&format!(
            "/projets/{slug}/financement/dossiers/{fid}/pieces"
        )))
        .form(&[("document_id", doc.to_string())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let list: Value = app.api_get(&docs, &w.advisor).await.json().await.unwrap();
    assert_eq!(list[0]["title"], "Budget prévisionnel");
    let page = holder
        .get(app.url(&format!("/projets/{slug}/financement/dossiers/{fid}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Budget prévisionnel"));
    let (s, _) = send(
        &app,
        Method::DELETE,
        &format!("{docs}/{doc}"),
        &w.holder,
        json!({}),
    )
    .await;
    assert_eq!(s, 204);
    let list: Value = app.api_get(&docs, &w.holder).await.json().await.unwrap();
    assert_eq!(list, json!([]));
    // The application edited and deleted from its page.
    let res = holder
        .post(app.url(&format!("/projets/{slug}/financement/dossiers/{fid}")))
        .form(&[("funder", ""), ("programme", "region"), ("status", "draft")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = holder
        .post(app.url(&format!("/projets/{slug}/financement/dossiers/{fid}")))
        .form(&[
            ("funder", "Région Sud"),
            ("programme", "region"),
            ("requested", "46 920,75"),
            ("granted", "46 920,75"),
            ("status", "granted"),
            ("deadline", ""),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let p: Value = app
        .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p["funding"]["granted_cents"], 4_692_075);
    let outsider = signed_in(&app, "dehors@example.org").await;
    assert_eq!(
        status_of(
            &outsider,
            &app,
            &format!("/projets/{slug}/financement/dossiers/{fid}")
        )
        .await,
        404
    );
    let res = holder
        .post(app.url(&format!(
            "/projets/{slug}/financement/dossiers/{fid}/supprimer"
        )))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(
        app.api_get(
            &format!("/api/v1/projects/{id}/funding-applications"),
            &w.holder
        )
        .await
        .json::<Value>()
        .await
        .unwrap(),
        json!([])
    );
});

/// Messages the SMTP sink received for `to` so far.
fn delivered(maildir: &std::path::Path, to: &str) -> Vec<crate::harness::SentEmail> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(maildir.join("new")).unwrap() {
        let raw = std::fs::read(entry.unwrap().path()).unwrap();
        let m = crate::harness::SentEmail::parse(&raw);
        if m.to == to {
            out.push(m);
        }
    }
    out
}

async fn run_jobs(node: &TestApp) {
    let jobs =
        maillage::job_registry(maillage::mail::Mailer::from_config(&node.state.config).unwrap());
    while maillage::jobs::run_one(&node.state, &jobs).await.unwrap() {}
    // Give the SMTP sink time to write its files.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

both!(
    projects_deadline_reminders_smtp,
    |app: TestApp| async move {
        let (Ok(addr), Ok(dir)) = (
            std::env::var("MAILLAGE_TEST_SMTP"),
            std::env::var("MAILLAGE_TEST_MAILDIR"),
        ) else {
            assert!(
                std::env::var("CI").is_err(),
                "MAILLAGE_TEST_SMTP and MAILLAGE_TEST_MAILDIR must be set in CI"
            );
            eprintln!("no SMTP server configured: run through scripts/test.sh");
            return;
        };
        let (host, port) = addr.rsplit_once(':').unwrap();
        let maildir = std::path::PathBuf::from(dir);
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.smtp_host = host.to_string();
            c.smtp_port = port.parse().unwrap();
            c.smtp_tls = maillage::config::SmtpTls::None;
            c.mail_from = "Maillage <noreply@example.org>".into();
        })
        .await;
        // Unique addresses: the sink is shared by every run.
        let tag = format!(
            "{}-{:?}-{}",
            std::process::id(),
            app.backend,
            node.state.clock.now_ms()
        )
        .to_lowercase();
        let first = format!("porteuse-{tag}@example.org");
        let second = format!("porteur-{tag}@example.org");
        let a = node.user(&first, "Porteuse").await;
        node.user(&second, "Porteur").await;
        let token = node.token_for(a).await;
        let (s, p) = send(
            &node,
            Method::POST,
            "/api/v1/projects",
            &token,
            json!({"name": "Tiers-lieu de Riez"}),
        )
        .await;
        assert_eq!(s, 201);
        let id = p["id"].as_i64().unwrap();
        let (s, _) = send(
            &node,
            Method::POST,
            &format!("/api/v1/projects/{id}/members"),
            &token,
            json!({"email": second}),
        )
        .await;
        assert_eq!(s, 201);
        // The second holder accepts the invitation (issue 14: nobody holds a project without
        // consent) by the emailed link.
        run_jobs(&node).await;
        let invitation = delivered(&maildir, &second).pop().expect("invitation");
        let link = format!(
            "/projets/invitation/{}",
            invitation.link_path("/projets/invitation/")
        );
        let browser = node.new_browser();
        node.login_as(&browser, &second).await;
        let res = browser.post(node.url(&link)).send().await.unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        // A deadline ten days ahead (Paris date): reminders at 8:00 on day 3 and day 9.
        let today = node
            .state
            .clock
            .now()
            .with_timezone(&chrono_tz::Europe::Paris)
            .date_naive();
        let deadline = (today + chrono::Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        let (s, f) = send(&node, Method::POST, &format!("/api/v1/projects/{id}/funding-applications"), &token,
        json!({"funder": "GAL Verdon", "programme": "leader_feader", "amount_requested_cents": 7_488_110, "status": "submitted", "deadline": deadline})).await;
        assert_eq!(s, 201, "{f}");
        let fid = f["id"].as_i64().unwrap();
        let jobs = maillage::jobs::all(&node.state.db).await.unwrap();
        let reminders: Vec<_> = jobs
            .iter()
            .filter(|j| j.kind == "funding_deadline_reminder")
            .collect();
        assert_eq!(reminders.len(), 2);
        let at = maillage::projects::model::reminder_at(&deadline, 7).unwrap();
        assert!(reminders.iter().any(|j| j.run_at == at));
        assert_eq!(
            maillage::clock::from_ms(at)
                .with_timezone(&chrono_tz::Europe::Paris)
                .format("%H:%M")
                .to_string(),
            "08:00"
        );
        run_jobs(&node).await;
        assert!(
            delivered(&maildir, &first).is_empty(),
            "nothing before the day"
        );
        // Four days later: the 7-day reminder reaches both holders through SMTP.
        node.state.clock.advance(chrono::Duration::days(4));
        run_jobs(&node).await;
        for to in [&first, &second] {
            let got: Vec<_> = delivered(&maildir, to)
                .into_iter()
                .filter(|m| !m.subject.starts_with("Invitation"))
                .collect();
            assert_eq!(got.len(), 1, "{to}");
            assert!(
                got[0].subject.contains("GAL Verdon") && got[0].subject.contains("dans 7 jours"),
                "{}",
                got[0].subject
            );
            assert!(
                got[0].text.contains("74\u{202f}881,10 €"),
                "{}",
                got[0].text
            );
        }
        // The deadline moves ten days later: the old 1-day reminder does nothing, new ones are due.
        let later = (today + chrono::Duration::days(20))
            .format("%Y-%m-%d")
            .to_string();
        let (s, _) = send(&node, Method::PUT, &format!("/api/v1/funding-applications/{fid}"), &token,
        json!({"funder": "GAL Verdon", "programme": "leader_feader", "amount_requested_cents": 7_488_110, "status": "submitted", "deadline": later})).await;
        assert_eq!(s, 200);
        node.state.clock.advance(chrono::Duration::days(6));
        run_jobs(&node).await;
        assert_eq!(
            delivered(&maildir, &first).len(),
            1,
            "the old deadline's reminder was dropped"
        );
        node.state.clock.advance(chrono::Duration::days(4));
        run_jobs(&node).await;
        let got = delivered(&maildir, &first);
        assert_eq!(got.len(), 2, "7 days before the new deadline");
        // Granted: no more reminders.
        let (s, _) = send(&node, Method::PUT, &format!("/api/v1/funding-applications/{fid}"), &token,
        json!({"funder": "GAL Verdon", "programme": "leader_feader", "amount_requested_cents": 7_488_110, "amount_granted_cents": 7_488_110, "status": "granted", "deadline": later})).await;
        assert_eq!(s, 200);
        node.state.clock.advance(chrono::Duration::days(7));
        run_jobs(&node).await;
        assert_eq!(
            delivered(&maildir, &first).len(),
            2,
            "granted applications get no reminder"
        );
    }
);

both!(
    projects_phase_templates_and_phases,
    |app: TestApp| async move {
        let w = world(&app).await;
        let tpl = format!("/api/v1/networks/{}/phase-template", w.network);
        let t: Value = app.api_get(&tpl, &w.advisor).await.json().await.unwrap();
        assert_eq!(t["is_default"], true);
        assert_eq!(t["phases"].as_array().unwrap().len(), 4);
        assert_eq!(app.api_get(&tpl, &w.holder).await.status(), 404);
        // The network's admin sets a three-phase template (Vienne's three support levels).
        let (s, t) = send(
            &app,
            Method::PUT,
            &tpl,
            &w.advisor,
            json!({"phases": [
                {"title": "Lancer la réflexion", "objectives": ["Réunir les habitants"]},
                {"title": "Définir le besoin", "objectives": ["Étude de besoins", "Visites"]},
                {"title": "Financer", "objectives": []},
            ]}),
        )
        .await;
        assert_eq!(s, 200, "{t}");
        assert_eq!(t["is_default"], false);
        let (s, v) = send(
            &app,
            Method::PUT,
            &tpl,
            &w.advisor,
            json!({"phases": [{"title": "", "objectives": ["x"]}]}),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        let (s, _) = send(&app, Method::PUT, &tpl, &w.holder, json!({"phases": []})).await;
        assert_eq!(s, 404);
        // A new project followed by the network copies it; one without a network gets the default.
        let (id, slug) = project(
            &app,
            &w.holder,
            "Tiers-lieu de Loudun",
            Some(w.network),
            false,
        )
        .await;
        let p: Value = app
            .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
            .await
            .json()
            .await
            .unwrap();
        let titles: Vec<&str> = p["phases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            ["Lancer la réflexion", "Définir le besoin", "Financer"]
        );
        assert_eq!(
            p["phases"][1]["objectives"],
            json!(["Étude de besoins", "Visites"])
        );
        let (alone, _) = project(&app, &w.holder, "Sans réseau", None, false).await;
        let q: Value = app
            .api_get(&format!("/api/v1/projects/{alone}"), &w.holder)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(q["phases"][0]["title"], "Diagnostic");
        // The template page: French, the advisor edits it; others get 404.
        let advisor = signed_in(&app, "conseil@example.org").await;
        let html = advisor
            .get(app.url("/reseaux/reseau-sud/modele-de-phases"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Définir le besoin"));
        let res = advisor
            .post(app.url("/reseaux/reseau-sud/modele-de-phases"))
            .form(&[
                ("title_1", "Diagnostic partagé"),
                ("objectives_1", "Valider le besoin"),
                ("title_2", ""),
                ("objectives_2", ""),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
        let t: Value = app.api_get(&tpl, &w.advisor).await.json().await.unwrap();
        assert_eq!(t["phases"].as_array().unwrap().len(), 1);
        let res = advisor
            .post(app.url("/reseaux/reseau-sud/modele-de-phases"))
            .form(&[("reset", "1")])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection());
        let t: Value = app.api_get(&tpl, &w.advisor).await.json().await.unwrap();
        assert_eq!(t["is_default"], true);
        let holder = signed_in(&app, "porteuse@example.org").await;
        assert_eq!(
            status_of(&holder, &app, "/reseaux/reseau-sud/modele-de-phases").await,
            404
        );
        // The project's phases from the pages: edit, add, remove.
        let first = p["phases"][0]["id"].as_i64().unwrap();
        let res = holder
            .post(app.url(&format!("/projets/{slug}/phases/{first}")))
            .form(&[
                ("title", "Lancer la réflexion"),
                (
                    "objectives",
                    "Réunir les habitants\nCartographier les acteurs",
                ),
                ("starts_on", "2025-02-01"),
                ("ends_on", "2025-01-01"),
                ("completion", "150"),
                ("support_level", "Niveau 1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("La fin doit suivre le début.") && html.contains("entre 0 et 100"),
            "{html}"
        );
        let res = holder
            .post(app.url(&format!("/projets/{slug}/phases/{first}")))
            .form(&[
                ("title", "Lancer la réflexion"),
                (
                    "objectives",
                    "Réunir les habitants\nCartographier les acteurs",
                ),
                ("starts_on", "2025-01-06"),
                ("ends_on", "2025-06-30"),
                ("completion", "100"),
                ("support_level", "Niveau 1 : lancement"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection());
        let res = holder
            .post(app.url(&format!("/projets/{slug}/phases")))
            .form(&[("title", "Ouverture")])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection());
        let (s, ph) = send(
            &app,
            Method::POST,
            &format!("/api/v1/projects/{id}/phases"),
            &w.advisor,
            json!({"title": "Évaluation", "objectives": ["Bilan à un an"]}),
        )
        .await;
        assert_eq!(s, 201, "{ph}");
        assert_eq!(ph["position"], 5);
        let (s, _) = send(
            &app,
            Method::DELETE,
            &format!("/api/v1/projects/{id}/phases/{}", p["phases"][2]["id"]),
            &w.holder,
            json!({}),
        )
        .await;
        assert_eq!(s, 204);
        let (s, _) = send(
            &app,
            Method::DELETE,
            &format!("/api/v1/projects/{id}/phases/{}", ph["id"]),
            &w.outsider,
            json!({}),
        )
        .await;
        assert_eq!(s, 404);
        let p: Value = app
            .api_get(&format!("/api/v1/projects/{id}"), &w.holder)
            .await
            .json()
            .await
            .unwrap();
        let titles: Vec<&str> = p["phases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Lancer la réflexion",
                "Définir le besoin",
                "Ouverture",
                "Évaluation"
            ]
        );
        assert_eq!(p["phases"][0]["done"], true);
        assert_eq!(
            p["phases"][0]["objectives"],
            json!(["Réunir les habitants", "Cartographier les acteurs"])
        );
        let outsider = signed_in(&app, "dehors@example.org").await;
        assert_eq!(
            status_of(&outsider, &app, &format!("/projets/{slug}/phases")).await,
            404
        );
    }
);
