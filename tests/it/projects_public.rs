//! The public page of a project and the advisors' dashboard (issue 7, points 5 and 6), on
//! both backends: contacts and « comment participer » (sanitized, 422 on bad input), a
//! workshop organized by the project with registration through the agenda, published minutes
//! and public documents of the project, private blocks kept for holders; an advisor of
//! network A sees A's projects and not B's, with an overdue action item and an overdue phase.

use maillage::accounts::model::RoleKind;
use maillage::accounts::repo;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;

async fn send(
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
    let status = res.status().as_u16();
    (status, res.json::<Value>().await.unwrap_or(Value::Null))
}

async fn project(
    app: &TestApp,
    token: &str,
    name: &str,
    network: Option<i64>,
    public: bool,
) -> Value {
    let (s, p) = send(
        app,
        reqwest::Method::POST,
        "/api/v1/projects",
        Some(token),
        Some(json!({"name": name, "network_id": network, "public": public,
                    "communes": "Buis-les-Baronnies", "holders": ["Commune de Buis-les-Baronnies"]})),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    if network.is_some() {
        // The network accepts to follow it (naming a network is a request since issue 14).
        crate::harness::follow(app, p["id"].as_i64().unwrap()).await;
    }
    p
}

/// A public group of the project (the groups area creates them from the workspace branch;
/// here straight through its repository) with a past meeting whose minutes are public, a
/// coming meeting, and an action item.
async fn project_group(app: &TestApp, project_id: i64, due_on: &str) -> (i64, i64) {
    use maillage::groups::repo as groups;
    let db = &app.state.db;
    let g = groups::insert_group(
        db,
        groups::NewGroup {
            name: "Groupe porteurs",
            slug: "groupe-porteurs",
            kind: maillage::groups::model::GroupKind::Holders,
            purpose: "",
            visibility: maillage::groups::model::GroupVisibility::Public,
            joining: maillage::groups::model::GroupJoining::Request,
            autonomous: false,
            network_id: None,
            place_id: None,
            project_id: Some(maillage::ids::ProjectId(project_id)),
            now: 0,
        },
    )
    .await
    .unwrap();
    let day = 86_400_000;
    let now = app.state.clock.now_ms();
    let past = groups::insert_meeting(
        db,
        groups::NewMeeting {
            group_id: g.id,
            title: "Réunion du 23 septembre",
            starts_at: now - 30 * day,
            ends_at: now - 30 * day + 7_200_000,
            room: "Mairie",
            online_url: "",
            minutes: "",
            minutes_visibility: maillage::groups::model::MinutesVisibility::Internal,
            agenda: &[],
            from_slot: false,
            space_id: None,
            booking_id: None,
            now,
        },
    )
    .await
    .unwrap()
    .unwrap();
    groups::save_minutes(
        db,
        past.id,
        "<p>Visite apprenante au Sophora à Nyons.</p>",
        maillage::groups::model::MinutesVisibility::Public,
        now,
    )
    .await
    .unwrap();
    groups::insert_meeting(
        db,
        groups::NewMeeting {
            group_id: g.id,
            title: "Atelier des usages",
            starts_at: now + 10 * day,
            ends_at: now + 10 * day + 7_200_000,
            room: "Salle des fêtes",
            online_url: "",
            minutes: "<p>Brouillon interne</p>",
            minutes_visibility: maillage::groups::model::MinutesVisibility::Internal,
            agenda: &[],
            from_slot: false,
            space_id: None,
            booking_id: None,
            now,
        },
    )
    .await
    .unwrap();
    let action = groups::insert_action(
        db,
        groups::NewAction {
            group_id: g.id,
            meeting_id: Some(past.id),
            title: "Échanger avec les structures absentes",
            owner_id: None,
            due_on: Some(due_on),
            now,
        },
    )
    .await
    .unwrap();
    (g.id.get(), action)
}

both!(projects_public_page, |app: TestApp| async move {
    let db = &app.state.db;
    let network = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let holder_id = app.user("porteuse@example.org", "Porteuse").await;
    let holder = app.token_for(holder_id).await;
    let visitor_id = app.user("habitant@example.org", "Habitant").await;
    let visitor = app.token_for(visitor_id).await;
    let p = project(&app, &holder, "Tiers-lieu de Buis", Some(network), true).await;
    let id = p["id"].as_i64().unwrap();
    let slug = p["slug"].as_str().unwrap().to_string();

    // Contacts and « comment participer »: bad input answers 422 with the fields.
    let (s, err) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/projects/{slug}/public"),
        Some(&holder),
        Some(json!({"contact_email": "pas une adresse", "contact_phone": "appelez-nous"})),
    )
    .await;
    assert_eq!(s, 422, "{err}");
    let text = err.to_string();
    assert!(
        text.contains("contact_email") && text.contains("contact_phone"),
        "{text}"
    );
    let (s, _) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/projects/{id}/public"),
        Some(&visitor),
        Some(json!({"contact_text": "pirate"})),
    )
    .await;
    assert_eq!(s, 404, "only holders and advisors edit the public page");
    let (s, page) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/projects/{id}/public"),
        Some(&holder),
        Some(json!({
            "contact_email": "TiersLieu@Buis.example.org",
            "contact_phone": "04 75 28 00 00",
            "contact_text": "Mairie de Buis, service développement",
            "participate": "<p>Venez aux ateliers <script>alert(1)</script>du jeudi.</p>",
        })),
    )
    .await;
    assert_eq!(s, 200, "{page}");
    assert_eq!(page["contacts"]["email"], "tierslieu@buis.example.org");
    let participate = page["participate"].as_str().unwrap();
    assert!(
        participate.contains("du jeudi") && !participate.contains("script"),
        "{participate}"
    );

    // A workshop organized by the project, 1 seat.
    let (s, ev) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{id}/events"),
        Some(&holder),
        Some(
            json!({"title": "Atelier de programmation", "starts_at": "2031-05-15T18:00",
                    "ends_at": "2031-05-15T20:00", "capacity": 1, "kind": "atelier",
                    "address": "Salle des fêtes, Buis-les-Baronnies"}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{ev}");
    let event_id = ev["event_id"].as_i64().unwrap();
    let (s, _) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{id}/events"),
        Some(&visitor),
        Some(json!({"title": "Intrus", "starts_at": "2031-05-15T18:00", "ends_at": "2031-05-15T20:00"})),
    )
    .await;
    assert_eq!(s, 404, "outsiders cannot organize for the project");
    let (s, err) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{id}/events"),
        Some(&holder),
        Some(json!({"title": "", "starts_at": "demain", "ends_at": "2031-05-15T20:00"})),
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        err.to_string().contains("starts_at") && err.to_string().contains("title"),
        "{err}"
    );
    // A project without network cannot publish in the agenda: a clear field error.
    let lone = project(&app, &holder, "Projet isolé", None, true).await;
    let (s, err) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{}/events", lone["id"]),
        Some(&holder),
        Some(json!({"title": "Atelier", "starts_at": "2031-05-15T18:00", "ends_at": "2031-05-15T20:00"})),
    )
    .await;
    assert_eq!(s, 422);
    assert!(err.to_string().contains("organizer"), "{err}");

    // A project's workshop follows the agenda's rules for where it happens: a room must belong
    // to the place that hosts the workshop (the same check as `POST /api/v1/events`).
    let host = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Salle communale",
            slug: "salle-communale",
            description: "",
            city: "Buis-les-Baronnies",
            organization_id: None,
            network_id: Some(maillage::ids::NetworkId(network)),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
    .get();
    let elsewhere = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Fab lab voisin",
            slug: "fab-lab-voisin",
            description: "",
            city: "Nyons",
            organization_id: None,
            network_id: None,
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
    .get();
    let input: maillage::bookings::model::SpaceInput =
        serde_json::from_value(json!({"name": "Atelier bois", "kind": "atelier", "capacity": 6}))
            .unwrap();
    let room = maillage::bookings::service::create_space(
        &app.state,
        maillage::ids::PlaceId(elsewhere),
        &input.validate().unwrap(),
    )
    .await
    .unwrap()
    .id
    .get();
    let workshop = |space: i64| {
        json!({"title": "Atelier bois", "starts_at": "2031-06-12T18:00", "ends_at": "2031-06-12T20:00",
               "location_kind": "place", "location_place_id": host, "space_id": space})
    };
    let (s, err) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{id}/events"),
        Some(&holder),
        Some(workshop(room)),
    )
    .await;
    assert_eq!(s, 422, "another place's room is refused: {err}");
    assert!(err.to_string().contains("space_id"), "{err}");

    // Minutes, meetings and a public document of the project; an internal one stays hidden.
    project_group(&app, id, "2031-01-01").await;
    for (title, visibility) in [
        (
            "Diagnostic initial",
            maillage::documents::model::DocumentVisibility::Public,
        ),
        (
            "Budget interne",
            maillage::documents::model::DocumentVisibility::Managers,
        ),
    ] {
        maillage::documents::repo::insert_document(
            db,
            maillage::documents::repo::NewDocument {
                scope: maillage::documents::repo::Scope::Project(maillage::ids::ProjectId(id)),
                folder_id: None,
                kind: maillage::documents::model::DocumentKind::Sheet,
                title,
                tags: "",
                body: "<p>…</p>",
                visibility,
                created_by: holder_id,
                now: 0,
            },
            None,
        )
        .await
        .unwrap();
    }

    let (s, out) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/projects/{slug}/public"),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{out}");
    assert_eq!(out["current_phase"], 1);
    assert_eq!(out["phases"].as_array().unwrap().len(), 4);
    let ws = out["workshops"].as_array().unwrap();
    assert_eq!(ws.len(), 1, "{out}");
    assert_eq!(ws[0]["title"], "Atelier de programmation");
    assert_eq!(ws[0]["seats_left"], 1);
    assert_eq!(
        ws[0]["starts_at"], "2031-05-15T16:00:00Z",
        "18:00 in Paris (summer time)"
    );
    assert_eq!(out["published_minutes"].as_array().unwrap().len(), 1);
    assert!(out["published_minutes"][0]["minutes"]
        .as_str()
        .unwrap()
        .contains("Sophora"));
    assert_eq!(out["meetings"][0]["title"], "Atelier des usages");
    let docs: Vec<&str> = out["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(docs, ["Diagnostic initial"]);

    // Registration through the agenda: the visitor takes the only seat.
    let occ = ws[0]["occurrence_id"].as_i64().unwrap();
    let (s, reg) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/events/{event_id}/registrations"),
        Some(&visitor),
        Some(json!({"occurrence_id": occ})),
    )
    .await;
    assert_eq!(s, 201, "{reg}");
    assert_eq!(reg["status"], "confirmed");
    let (_, out) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/projects/{id}/public"),
        None,
        None,
    )
    .await;
    assert_eq!(out["workshops"][0]["seats_left"], 0);
    // The holder organizes the event: they see every registration; the visitor only theirs.
    let (s, regs) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/events/{event_id}/registrations"),
        Some(&holder),
        None,
    )
    .await;
    assert_eq!(s, 200, "{regs}");
    assert_eq!(regs.as_array().unwrap().len(), 1);
    let (_, mine) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/events/{event_id}/registrations"),
        Some(&visitor),
        None,
    )
    .await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "their own");

    // The page: public blocks for a visitor, private ones only for holders.
    let html = app
        .get(&format!("/projets/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    for needle in [
        "Atelier de programmation",
        "Complet",
        "Réunion du 23 septembre",
        "Visite apprenante au Sophora",
        "Atelier des usages",
        "Diagnostic initial",
        "tierslieu@buis.example.org",
        "Comment participer",
        "du jeudi",
        "aria-current=\"step\"",
        "application/ld+json",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert!(!html.contains("Budget interne"));
    assert!(!html.contains("Brouillon interne"));
    assert!(
        !html.contains("id=\"funding-summary\""),
        "funding is for holders"
    );
    let browser = app.new_browser();
    app.login_as(&browser, "porteuse@example.org").await;
    let html = browser
        .get(app.url(&format!("/projets/{slug}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"funding-summary\""));
    assert!(html.contains(&format!("/projets/{slug}/page-publique")));
    // The event page names the project as organizer.
    let event_html = app
        .get(&format!("/evenements/{event_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        event_html.contains(&format!("href=\"/projets/{slug}\"")),
        "organizer link"
    );
    // Holders organize the project's events in the agenda's pages too.
    let res = browser
        .get(app.url(&format!("/evenements/{event_id}/inscrits")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Habitant"));
    let outsider = app.new_browser();
    app.login_as(&outsider, "habitant@example.org").await;
    let res = outsider
        .get(app.url(&format!("/evenements/{event_id}/inscrits")))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());

    // Through the pages: a second person registers from the public page's form (waitlist).
    app.user("voisine@example.org", "Voisine").await;
    let neighbour = app.new_browser();
    app.login_as(&neighbour, "voisine@example.org").await;
    let res = neighbour
        .post(app.url(&format!("/evenements/{event_id}/inscription")))
        .form(&[("occurrence_id", occ.to_string())])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let html = neighbour
        .get(app.url(&format!("/projets/{slug}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Vous êtes sur liste d"),
        "waitlisted: {}",
        html.split("workshops-h")
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(1500)
            .collect::<String>()
    );

    // The edit form: French errors and 422; a workshop created from the pages.
    let res = browser
        .post(app.url(&format!("/projets/{slug}/page-publique")))
        .form(&[
            ("contact_email", "nope"),
            ("contact_phone", ""),
            ("contact_text", ""),
            ("participate", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("adresse e-mail valide"));
    let res = browser
        .post(app.url(&format!("/projets/{slug}/ateliers")))
        .form(&[
            ("title", "Café des porteurs"),
            ("kind", "cafe"),
            ("date", "2031-06-02"),
            ("start", "09:00"),
            ("end", "08:00"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "end before start");
    let res = browser
        .post(app.url(&format!("/projets/{slug}/ateliers")))
        .form(&[
            ("title", "Café des porteurs"),
            ("kind", "cafe"),
            ("date", "2031-06-02"),
            ("start", "09:00"),
            ("end", "11:00"),
            ("address", "Place du marché"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, out) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/projects/{id}/public"),
        None,
        None,
    )
    .await;
    assert_eq!(out["workshops"].as_array().unwrap().len(), 2);
    assert_eq!(out["workshops"][1]["title"], "Café des porteurs");

    // Fuzz-like keys and a NUL in rich text never answer 500 (PostgreSQL refuses NUL).
    for key in ["%00", "%F0%9F%98%80", "999999", "-1"] {
        let (s, _) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/projects/{key}/public"),
            None,
            None,
        )
        .await;
        assert_eq!(s, 404, "{key}");
    }
    // Since issue 14 the API refuses a NUL at the edge, naming the field (it was stripped).
    let (s, b) = send(
        &app,
        reqwest::Method::PUT,
        &format!("/api/v1/projects/{id}/public"),
        Some(&holder),
        Some(json!({"participate": "<p>a\u{0}b</p>"})),
    )
    .await;
    assert_eq!(s, 422, "{b}");
    assert!(b["error"]["fields"]["participate"].is_string(), "{b}");

    // A private project answers 404 to outsiders, page and API.
    let secret = project(&app, &holder, "Projet discret", Some(network), false).await;
    let (s, _) = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/projects/{}/public", secret["id"]),
        Some(&visitor),
        None,
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(
        app.get(&format!("/projets/{}", secret["slug"].as_str().unwrap()))
            .await
            .status(),
        404
    );
});

both!(projects_advisor_dashboard, |app: TestApp| async move {
    let db = &app.state.db;
    let net_a = tenancy::insert_network(db, "Réseau A", "reseau-a", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let net_b = tenancy::insert_network(db, "Réseau B", "reseau-b", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let holder = app.user("porteuse@example.org", "Porteuse").await;
    let holder = app.token_for(holder).await;
    let mut advisors = Vec::new();
    for (email, net) in [
        ("conseil.a@example.org", net_a),
        ("conseil.b@example.org", net_b),
    ] {
        let u = app.user(email, "Conseil").await;
        repo::grant_role(db, u, RoleKind::NetworkAdmin, Some(net), None, 0)
            .await
            .unwrap();
        advisors.push(app.token_for(u).await);
    }
    let admin = app.instance_admin("admin@example.org").await;
    let admin = app.token_for(admin).await;
    let pa = project(&app, &holder, "Projet du réseau A", Some(net_a), false).await;
    let pb = project(&app, &holder, "Projet du réseau B", Some(net_b), false).await;
    let (pa_id, pb_id) = (pa["id"].as_i64().unwrap(), pb["id"].as_i64().unwrap());
    // A's project: an overdue action item, a phase past its end, a funding deadline to come.
    project_group(&app, pa_id, "2020-03-01").await;
    let phase = pa["phases"][0]["id"].as_i64().unwrap();
    let (s, _) = send(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/projects/{pa_id}/phases/{phase}"),
        Some(&holder),
        Some(json!({"completion": 40, "starts_on": "2020-01-01", "ends_on": "2020-06-30"})),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/projects/{pa_id}/funding-applications"),
        Some(&holder),
        Some(json!({"funder": "Région Sud", "programme": "region", "amount_requested_cents": 4_692_075,
                    "amount_granted_cents": 0, "status": "submitted", "deadline": "2039-09-30"})),
    )
    .await;
    assert_eq!(s, 201);

    let dash = |token: &str, q: &str| {
        let path = format!("/api/v1/projects/dashboard{q}");
        let token = token.to_string();
        let app = &app;
        async move { send(app, reqwest::Method::GET, &path, Some(&token), None).await }
    };
    let (s, a) = dash(&advisors[0], "").await;
    assert_eq!(s, 200, "{a}");
    let ids: Vec<i64> = a["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [pa_id], "A's advisor sees A's project only");
    let p = &a["projects"][0];
    assert_eq!(p["current_phase"]["position"], 1);
    assert_eq!(p["current_phase"]["completion"], 40);
    assert_eq!(p["network_name"], "Réseau A");
    let overdue: Vec<(&str, &str)> = p["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["kind"].as_str().unwrap(), d["date"].as_str().unwrap()))
        .collect();
    assert_eq!(overdue, [("action", "2020-03-01"), ("phase", "2020-06-30")]);
    assert!(p["overdue"][0]["label"]
        .as_str()
        .unwrap()
        .contains("structures absentes"));
    assert_eq!(p["next_deadlines"][0]["kind"], "funding");
    assert_eq!(p["next_deadlines"][0]["date"], "2039-09-30");

    let (_, b) = dash(&advisors[1], "").await;
    let ids: Vec<i64> = b["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [pb_id], "B's advisor sees B's project only");
    assert!(b["projects"][0]["overdue"].as_array().unwrap().is_empty());

    // Filters; the instance admin sees all; others are refused.
    let (_, all) = dash(&admin, "").await;
    assert_eq!(all["projects"].as_array().unwrap().len(), 2);
    let (_, only_b) = dash(&admin, &format!("?network={net_b}")).await;
    assert_eq!(only_b["projects"].as_array().unwrap().len(), 1);
    let (_, none) = dash(&advisors[0], "?status=opened").await;
    assert!(none["projects"].as_array().unwrap().is_empty());
    let (_, idea) = dash(&advisors[0], "?status=idea").await;
    assert_eq!(idea["projects"].as_array().unwrap().len(), 1);
    let (s, err) = dash(&advisors[0], "?status=rêve").await;
    assert_eq!(s, 422, "{err}");
    let (s, _) = dash(&holder, "").await;
    assert_eq!(s, 403, "a holder who is not an advisor");
    let (s, _) = send(
        &app,
        reqwest::Method::GET,
        "/api/v1/projects/dashboard",
        None,
        None,
    )
    .await;
    assert_eq!(s, 401);

    // The page, for A's advisor.
    let browser = app.new_browser();
    app.login_as(&browser, "conseil.a@example.org").await;
    let res = browser.get(app.url("/projets/suivi")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Projet du réseau A"));
    assert!(!html.contains("Projet du réseau B"));
    assert!(html.contains("En retard"));
    assert!(html.contains("01/03/2020"));
    assert!(html.contains("structures absentes"));
    assert_eq!(
        app.get("/projets/suivi").await.status().as_u16() / 100,
        3,
        "anonymous: to the login page"
    );
});

// The demo project of Buis-les-Baronnies, loaded twice: one holders' group (the one the
// workspace would create, so its one-click button is gone), one meeting whose public minutes
// appear on the public page, one decision, one open next step for the demo holder due in ten
// days, two stakeholders (contact details only with a consent date), nothing duplicated.
both!(
    projects_demo_group_minutes_stakeholders,
    |app: TestApp| async move {
        use maillage::groups::repo as groups;
        maillage::demo::load(&app.state).await.unwrap();
        maillage::demo::load(&app.state).await.unwrap();
        let db = &app.state.db;
        let buis = maillage::projects::repo::projects_named(db, "Tiers-lieu de Buis-les-Baronnies")
            .await
            .unwrap();
        assert_eq!(buis.len(), 1);
        let p = &buis[0];
        let project_groups: Vec<_> = groups::all_groups(db)
            .await
            .unwrap()
            .into_iter()
            .filter(|g| g.project_id == Some(p.id))
            .collect();
        assert_eq!(project_groups.len(), 1, "{project_groups:?}");
        let g = &project_groups[0];
        assert_eq!(
            (g.kind.as_str(), g.name.as_str()),
            ("holders", "Porteurs – Tiers-lieu de Buis-les-Baronnies")
        );
        let holder = repo::user_by_email(db, "animatrice@demo.maillage.fr")
            .await
            .unwrap()
            .unwrap();
        let members = groups::memberships(db, g.id).await.unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(
            (members[0].user_id, members[0].role.as_str()),
            (holder.id, "animator")
        );
        let meetings = groups::meetings_of_group(db, g.id).await.unwrap();
        assert_eq!(meetings.len(), 1);
        let m = &meetings[0];
        assert_eq!(m.minutes_visibility.as_str(), "public");
        assert!(m.minutes_published_at.is_some());
        let now = app.state.clock.now_ms();
        let days_ago = (now - m.starts_at) / 86_400_000;
        assert!((20..=21).contains(&days_ago), "{days_ago}");
        assert_eq!(
            groups::decisions(db, None, Some(g.id), "")
                .await
                .unwrap()
                .len(),
            1
        );
        let actions = groups::actions(db, Some(g.id), None, None).await.unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].owner_id, Some(holder.id));
        assert_ne!(actions[0].status.as_str(), "done");
        let due = (app
            .state
            .clock
            .now()
            .with_timezone(&chrono_tz::Europe::Paris)
            + chrono::Duration::days(10))
        .date_naive()
        .to_string();
        assert_eq!(actions[0].due_on.as_deref(), Some(due.as_str()));
        let people = maillage::projects::repo::stakeholders::of_project(db, p.id)
            .await
            .unwrap();
        assert_eq!(people.len(), 2);
        use maillage::projects::model::stakeholders::StakeholderKind;
        let elue = people
            .iter()
            .find(|s| s.kind == StakeholderKind::Person)
            .unwrap();
        assert_eq!(elue.name, "Mairie de Buis-les-Baronnies — élue référente");
        assert!(elue.consent_on.is_some() && !elue.email.is_empty() && !elue.phone.is_empty());
        let cc = people
            .iter()
            .find(|s| s.kind == StakeholderKind::Organization)
            .unwrap();
        assert_eq!(
            cc.name,
            "Communauté de communes des Baronnies en Drôme Provençale"
        );
        assert!(cc.email.is_empty() && cc.phone.is_empty() && cc.address.is_empty());
        assert!(cc.consent_on.is_none());

        // The public page, for a visitor: the minutes, not « aucun compte-rendu », no contacts.
        let res = app.get(&format!("/projets/{}", p.slug)).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        let minutes = html
            .split("id=\"minutes\"")
            .nth(1)
            .expect("published minutes listed");
        assert!(
            minutes.contains("Réunion publique de préfiguration"),
            "{html}"
        );
        assert!(
            minutes.contains("Une quarantaine de personnes présentes"),
            "{html}"
        );
        assert!(
            !html.contains("elue.tiers-lieu@"),
            "no stakeholder contact details"
        );
        let (s, out) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/projects/{}/public", p.slug),
            None,
            None,
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(
            out["published_minutes"].as_array().unwrap().len(),
            1,
            "{out}"
        );

        // The workspace no longer offers to create the holders' group.
        let browser = app.new_browser();
        browser
            .post(app.url("/connexion"))
            .form(&[
                ("email", "animatrice@demo.maillage.fr"),
                ("password", maillage::demo::DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        let res = browser
            .get(app.url(&format!("/projets/{}/espace", p.slug)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("Contacter les structures absentes"), "{html}");
        assert!(!html.contains("Créer le groupe des porteurs"), "{html}");
    }
);
