//! Groups through the API on both backends: creation and its checks, memberships and
//! mandates, meetings with invitations (`.ics`), internal and public minutes, the register of
//! decisions, action items with reminders — and the authorization matrix of issue 6.

use maillage::accounts::model::RoleKind;
use maillage::accounts::repo;
use maillage::ids::UserId;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;

pub struct World {
    pub n1: i64,
    pub p1: i64,
    pub p2: i64,
    pub manager1: String,
    pub manager2: String,
    pub president: (UserId, String),
    pub member_a: (UserId, String),
    pub member_b: (UserId, String),
    pub net_member: (UserId, String),
    pub nobody: String,
}

pub async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let n1 = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let mk = |name: &'static str| maillage::places::repo::NewPlace {
        name,
        slug: name,
        description: "",
        city: "",
        organization_id: None,
        network_id: Some(maillage::ids::NetworkId(n1)),
        now: 0,
    };
    let p1 = maillage::places::repo::insert_place(db, mk("Tiers-lieu de Riez"))
        .await
        .unwrap()
        .id
        .get();
    let p2 = maillage::places::repo::insert_place(db, mk("Fab lab"))
        .await
        .unwrap()
        .id
        .get();
    let m1 = app.user("gerant1@example.org", "Gérant Riez").await;
    repo::grant_role(db, m1, RoleKind::PlaceManager, None, Some(p1), 0)
        .await
        .unwrap();
    let m2 = app.user("gerant2@example.org", "Gérante Fab lab").await;
    repo::grant_role(db, m2, RoleKind::PlaceManager, None, Some(p2), 0)
        .await
        .unwrap();
    let mut with_token = Vec::new();
    for (email, name) in [
        ("presidente@example.org", "Présidente A"),
        ("membre.a@example.org", "Membre A"),
        ("membre.b@example.org", "Membre B"),
        ("membre.reseau@example.org", "Membre réseau"),
        ("visiteur@example.org", "Visiteur"),
    ] {
        let id = app.user(email, name).await;
        with_token.push((id, app.token_for(id).await));
    }
    repo::grant_role(db, with_token[3].0, RoleKind::Member, Some(n1), None, 0)
        .await
        .unwrap();
    World {
        n1,
        p1,
        p2,
        manager1: app.token_for(m1).await,
        manager2: app.token_for(m2).await,
        president: with_token[0].clone(),
        member_a: with_token[1].clone(),
        member_b: with_token[2].clone(),
        net_member: with_token[3].clone(),
        nobody: with_token[4].1.clone(),
    }
}

pub async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let c = reqwest::Client::new();
    let mut req = match method {
        "GET" => c.get(app.url(path)),
        "POST" => c.post(app.url(path)),
        "PUT" => c.put(app.url(path)),
        "PATCH" => c.patch(app.url(path)),
        "DELETE" => c.delete(app.url(path)),
        _ => unreachable!(),
    };
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Creates a club at `place` and returns its id.
pub async fn club(app: &TestApp, token: &str, place: i64, name: &str, visibility: &str) -> i64 {
    let (s, b) = send(
        app,
        "POST",
        "/api/v1/groups",
        Some(token),
        Some(json!({"name": name, "kind": "club", "visibility": visibility, "place_id": place})),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    b["id"].as_i64().unwrap()
}

/// The invited person accepts their membership (issue 14: nobody is added without consent);
/// the membership as it is then.
pub async fn accept(app: &TestApp, group: i64, membership: &Value, token: &str) -> Value {
    let (s, m) = send(
        app,
        "POST",
        &format!("/api/v1/groups/{group}/members/{}/accept", membership["id"]),
        Some(token),
        None,
    )
    .await;
    assert_eq!(s, 200, "{m}");
    m
}

/// Accepts the pending invitation of `user` to `group` (invited by email: the answer does not
/// name the membership), read from the manager's list.
pub async fn accept_by_email(app: &TestApp, group: i64, manager: &str, user: UserId, token: &str) {
    let (_, list) = send(
        app,
        "GET",
        &format!("/api/v1/groups/{group}/members"),
        Some(manager),
        None,
    )
    .await;
    let m = list
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user_id"] == user.get() && m["status"] == "invited")
        .unwrap_or_else(|| panic!("{list}"))
        .clone();
    accept(app, group, &m, token).await;
}

both!(groups_api_story, |app: TestApp| async move {
    let w = world(&app).await;
    let now = chrono::Utc::now();
    let iso = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339();

    // A place manager creates a club at their place; a club without president is presided by
    // the place in the interim.
    let a = club(&app, &w.manager1, w.p1, "Club d'hôtes", "public").await;
    let (s, g) = send(&app, "GET", &format!("/api/v1/groups/{a}"), None, None).await;
    assert_eq!(s, 200);
    assert_eq!(g["kind"], "club");
    assert_eq!(g["place_id"], w.p1);
    assert_eq!(g["interim_president"], "Tiers-lieu de Riez");

    // Creation checks: an unknown project (projects exist since issue 7); a place one does not
    // manage; bad kinds.
    let (s, b) = send(
        &app,
        "POST",
        "/api/v1/groups",
        Some(&w.manager1),
        Some(json!({"name": "Porteurs", "kind": "holders", "visibility": "members", "project_id": 1})),
    )
    .await;
    assert_eq!(s, 422, "{b}");
    assert_eq!(b["error"]["code"], "validation_failed");
    assert!(b["error"]["fields"]["project_id"]
        .as_str()
        .unwrap()
        .contains("introuvable"));
    let (s, _) = send(
        &app,
        "POST",
        "/api/v1/groups",
        Some(&w.manager1),
        Some(json!({"name": "Intrus", "kind": "club", "visibility": "public", "place_id": w.p2})),
    )
    .await;
    assert_eq!(s, 404, "another place's clubs are not mine to create");
    let (s, b) = send(
        &app,
        "POST",
        "/api/v1/groups",
        Some(&w.manager1),
        Some(json!({"name": "", "kind": "secte", "visibility": "secret", "place_id": w.p1, "network_id": w.n1})),
    )
    .await;
    assert_eq!(s, 422);
    for f in ["name", "kind", "visibility", "place_id"] {
        assert!(b["error"]["fields"][f].is_string(), "{f}: {b}");
    }
    let (s, b) = send(
        &app,
        "POST",
        "/api/v1/groups",
        Some("jeton-inconnu"),
        Some(json!({"name": "Anonyme", "kind": "club", "visibility": "public", "place_id": w.p1})),
    )
    .await;
    assert_eq!(s, 401);
    assert_eq!(b["error"]["code"], "unauthorized");

    // Memberships with roles and mandates.
    let (s, m) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.manager1),
        Some(json!({"user_id": w.president.0, "role": "president",
                    "mandate_start": iso(now - chrono::Duration::days(30)),
                    "mandate_end": iso(now + chrono::Duration::days(365))})),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["current"], false, "invited, not a member yet");
    let m = accept(&app, a, &m, &w.president.1).await;
    assert_eq!(m["current"], true);
    let (s, _) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.manager1),
        Some(json!({"email": "membre.a@example.org"})),
    )
    .await;
    assert_eq!(s, 202);
    accept_by_email(&app, a, &w.manager1, w.member_a.0, &w.member_a.1).await;
    let (s, b) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.manager1),
        Some(json!({"user_id": 999999, "role": "roi"})),
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        b["error"]["fields"]["role"].is_string() && b["error"]["fields"]["user_id"].is_string()
    );
    let added = app.email_to("membre.a@example.org").await;
    assert!(added.subject.contains("Club d'hôtes"), "{}", added.subject);
    assert!(added.text.contains("Membre"), "{}", added.text);
    let (_, g) = send(&app, "GET", &format!("/api/v1/groups/{a}"), None, None).await;
    assert_eq!(g["interim_president"], Value::Null, "a president now");
    let (s, list) = send(
        &app,
        "GET",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.member_a.1),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.member_b.1),
        None,
    )
    .await;
    assert_eq!(s, 404, "not a member of club A");

    // The president (a member, not a place manager) plans a meeting: members get the
    // invitation with an .ics.
    app.drain_emails().await;
    let start = now + chrono::Duration::days(7);
    let (s, mt) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.president.1),
        Some(
            json!({"starts_at": iso(start), "ends_at": iso(start + chrono::Duration::hours(2)),
                    "room": "Salon de coworking",
                    "agenda": ["Accueil des nouveaux hôtes", "Tarifs 2027"],
                    "minutes": "<p>Brouillon <script>alert(1)</script>interne</p>",
                    "minutes_visibility": "internal"}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{mt}");
    let meeting = mt["id"].as_i64().unwrap();
    assert_eq!(mt["agenda"][1]["title"], "Tarifs 2027");
    assert!(
        !mt["minutes"].as_str().unwrap().contains("script"),
        "sanitized"
    );
    let mail = app.email_to("membre.a@example.org").await;
    assert!(mail.subject.starts_with("Invitation"), "{}", mail.subject);
    assert!(mail.text.contains("Tarifs 2027"));
    assert_eq!(mail.attachments.len(), 1);
    assert_eq!(mail.attachments[0].1, "text/calendar");
    assert!(mail.attachments[0].2.contains("BEGIN:VEVENT"));
    assert!(mail.attachments[0].2.contains("TZID=Europe/Paris"));

    // Bad meeting input.
    let (s, b) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.president.1),
        Some(
            json!({"starts_at": iso(start), "ends_at": iso(start - chrono::Duration::hours(1)),
                    "minutes_visibility": "secret", "online_url": "javascript:alert(1)"}),
        ),
    )
    .await;
    assert_eq!(s, 422);
    for f in ["ends_at", "minutes_visibility", "online_url"] {
        assert!(b["error"]["fields"][f].is_string(), "{f}: {b}");
    }
    let (s, _) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.member_a.1),
        Some(json!({"starts_at": iso(start), "ends_at": iso(start + chrono::Duration::hours(1))})),
    )
    .await;
    assert_eq!(s, 403, "a plain member does not plan meetings");

    // Internal minutes: members read them, others get the meeting without minutes.
    let path = format!("/api/v1/meetings/{meeting}");
    let (_, as_member) = send(&app, "GET", &path, Some(&w.member_a.1), None).await;
    assert!(as_member["minutes"].as_str().unwrap().contains("interne"));
    assert!(as_member["attendees"].as_array().unwrap().len() >= 2);
    for who in [Some(w.member_b.1.as_str()), None] {
        let (s, other) = send(&app, "GET", &path, who, None).await;
        assert_eq!(s, 200);
        assert!(other.get("minutes").is_none(), "{other}");
        assert!(other.get("attendees").is_none());
        assert_eq!(other["agenda"].as_array().unwrap().len(), 2);
    }

    // Decisions, then publication: members are told; everyone reads the minutes.
    let (s, d) = send(
        &app,
        "POST",
        &format!("/api/v1/meetings/{meeting}/decisions"),
        Some(&w.president.1),
        Some(json!({"text": "Élection du trésorier en janvier"})),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    let (_, found) = send(
        &app,
        "GET",
        "/api/v1/decisions?q=TRESOR",
        Some(&w.member_a.1),
        None,
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let (_, found) = send(&app, "GET", "/api/v1/decisions?q=tresorier", None, None).await;
    assert_eq!(
        found.as_array().unwrap().len(),
        0,
        "internal minutes: not for visitors"
    );
    let (_, found) = send(
        &app,
        "GET",
        "/api/v1/decisions?q=budget",
        Some(&w.member_a.1),
        None,
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 0);

    app.drain_emails().await;
    let (s, pubd) = send(
        &app,
        "PUT",
        &format!("/api/v1/meetings/{meeting}/minutes"),
        Some(&w.president.1),
        Some(json!({"minutes": "<p>Compte-rendu définitif</p>", "minutes_visibility": "public"})),
    )
    .await;
    assert_eq!(s, 200, "{pubd}");
    assert!(pubd["minutes_published_at"].is_string());
    let mail = app.email_to("membre.a@example.org").await;
    assert!(
        mail.subject.starts_with("Compte-rendu publié"),
        "{}",
        mail.subject
    );
    let (_, public) = send(&app, "GET", &path, None, None).await;
    assert!(public["minutes"].as_str().unwrap().contains("définitif"));
    assert!(public.get("attendees").is_none());
    let (_, found) = send(
        &app,
        "GET",
        "/api/v1/decisions?q=election%20tres",
        None,
        None,
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 1, "public now: {found}");

    // Action items: owner, due date, status; views per group and per person; reminder.
    let due = (now + chrono::Duration::days(3)).date_naive().to_string();
    let (s, act) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/actions"),
        Some(&w.president.1),
        Some(
            json!({"title": "Rédiger la charte des hôtes", "owner_id": w.member_a.0,
                    "due_on": due, "meeting_id": meeting}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{act}");
    assert_eq!(act["status"], "todo");
    let action = act["id"].as_i64().unwrap();
    let (s, upd) = send(
        &app,
        "PATCH",
        &format!("/api/v1/actions/{action}"),
        Some(&w.member_a.1),
        Some(json!({"status": "doing"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(upd["status"], "doing");
    let (s, _) = send(
        &app,
        "PATCH",
        &format!("/api/v1/actions/{action}"),
        Some(&w.member_b.1),
        Some(json!({"status": "done"})),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = send(
        &app,
        "PATCH",
        &format!("/api/v1/actions/{action}"),
        Some(&w.member_a.1),
        Some(json!({"status": "fini"})),
    )
    .await;
    assert_eq!(s, 422);
    let (_, mine) = send(&app, "GET", "/api/v1/me/actions", Some(&w.member_a.1), None).await;
    assert_eq!(mine[0]["title"], "Rédiger la charte des hôtes");
    let (_, of_group) = send(
        &app,
        "GET",
        &format!("/api/v1/groups/{a}/actions"),
        Some(&w.president.1),
        None,
    )
    .await;
    assert_eq!(of_group.as_array().unwrap().len(), 1);
    app.drain_emails().await;
    assert!(
        app.drain_emails().await.is_empty(),
        "no reminder before the day before"
    );
    app.state.clock.advance(chrono::Duration::days(3));
    let mails = app.drain_emails().await;
    let reminder = mails
        .iter()
        .find(|m| m.to == "membre.a@example.org")
        .expect("a reminder");
    assert!(
        reminder.subject.starts_with("Rappel"),
        "{}",
        reminder.subject
    );

    // Joining: open joins at once; on request waits for approval; invitation refuses.
    let (s, j) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/join"),
        Some(&w.member_b.1),
        None,
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(j["status"], "pending", "joining defaults to on request");
    let (s, _) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/join"),
        Some(&w.member_b.1),
        None,
    )
    .await;
    assert_eq!(s, 409);
    let (s, ok) = send(
        &app,
        "PATCH",
        &format!("/api/v1/groups/{a}/members/{}", j["id"]),
        Some(&w.president.1),
        Some(json!({"status": "active"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(ok["current"], true);
    let (_, mt) = send(&app, "GET", &path, Some(&w.member_b.1), None).await;
    assert!(
        mt["attendees"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["user_id"] == w.member_b.0.get() && a["status"] == "invited"),
        "an approved member is invited to the meetings ahead: {mt}"
    );
    let (s, _) = send(
        &app,
        "DELETE",
        &format!("/api/v1/groups/{a}/members/{}", j["id"]),
        Some(&w.member_b.1),
        None,
    )
    .await;
    assert_eq!(s, 204, "one may leave");
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/groups/{a}/actions"),
        Some(&w.member_b.1),
        None,
    )
    .await;
    assert_eq!(s, 404, "left: no longer a member");
});

both!(authorization_matrix, |app: TestApp| async move {
    let w = world(&app).await;
    let now = chrono::Utc::now();
    let iso = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339();
    let a = club(&app, &w.manager1, w.p1, "Club WordPress", "public").await;
    let b = club(&app, &w.manager2, w.p2, "Club Makers", "members").await;
    for (g, token, uid, own) in [
        (a, &w.manager1, w.member_a.0, &w.member_a.1),
        (b, &w.manager2, w.member_b.0, &w.member_b.1),
    ] {
        let (s, m) = send(
            &app,
            "POST",
            &format!("/api/v1/groups/{g}/members"),
            Some(token),
            Some(json!({"user_id": uid})),
        )
        .await;
        assert_eq!(s, 201);
        accept(&app, g, &m, own).await;
    }
    let start = now + chrono::Duration::days(2);
    let body = json!({"starts_at": iso(start), "ends_at": iso(start + chrono::Duration::hours(1)),
                      "minutes": "<p>Secret de B</p>", "minutes_visibility": "internal"});
    let (s, mb) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{b}/meetings"),
        Some(&w.manager2),
        Some(body),
    )
    .await;
    assert_eq!(s, 201);
    let mb = mb["id"].as_i64().unwrap();

    // A member of club A cannot read club B (members only): neither the group nor its meetings.
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/groups/{b}"),
        Some(&w.member_a.1),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/meetings/{mb}"),
        Some(&w.member_a.1),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = send(&app, "GET", &format!("/api/v1/meetings/{mb}"), None, None).await;
    assert_eq!(s, 404);
    let (s, m) = send(
        &app,
        "GET",
        &format!("/api/v1/meetings/{mb}"),
        Some(&w.member_b.1),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(m["minutes"].as_str().unwrap().contains("Secret de B"));
    // The manager of the other place neither.
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/meetings/{mb}"),
        Some(&w.manager1),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (_, list) = send(&app, "GET", "/api/v1/groups", Some(&w.member_a.1), None).await;
    let ids: Vec<i64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&a) && !ids.contains(&b), "{ids:?}");

    // A former president whose mandate ended loses the role.
    let (s, m) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.manager1),
        Some(json!({"user_id": w.president.0, "role": "president",
                    "mandate_start": iso(now - chrono::Duration::days(400)),
                    "mandate_end": iso(now - chrono::Duration::days(35))})),
    )
    .await;
    assert_eq!(s, 201);
    accept(&app, a, &m, &w.president.1).await;
    let plan = json!({"starts_at": iso(start), "ends_at": iso(start + chrono::Duration::hours(1))});
    let (s, _) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.president.1),
        Some(plan.clone()),
    )
    .await;
    assert_eq!(s, 403, "mandate over");
    let (_, g) = send(&app, "GET", &format!("/api/v1/groups/{a}"), None, None).await;
    assert_eq!(g["interim_president"], "Tiers-lieu de Riez");
    // A network admin manages the network's clubs; a network member does not.
    let (s, _) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.net_member.1),
        Some(plan.clone()),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.nobody),
        Some(plan),
    )
    .await;
    assert_eq!(s, 403);

    // Network board: created by a network admin only.
    let (s, _) = send(
        &app,
        "POST",
        "/api/v1/groups",
        Some(&w.manager1),
        Some(json!({"name": "Conseil d'administration", "kind": "board", "visibility": "members", "network_id": w.n1})),
    )
    .await;
    assert_eq!(s, 404);
    let admin = app.user("admin.reseau@example.org", "Admin réseau").await;
    repo::grant_role(
        &app.state.db,
        admin,
        RoleKind::NetworkAdmin,
        Some(w.n1),
        None,
        0,
    )
    .await
    .unwrap();
    let t = app.token_for(admin).await;
    let (s, board) = send(
        &app,
        "POST",
        "/api/v1/groups",
        Some(&t),
        Some(json!({"name": "Conseil d'administration", "kind": "board", "visibility": "members", "network_id": w.n1})),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(
        board["interim_president"],
        Value::Null,
        "only clubs of a place"
    );
});

both!(group_pages, |app: TestApp| async move {
    let w = world(&app).await;
    let manager = app.new_browser();
    app.login_as(&manager, "gerant1@example.org").await;
    let page = manager
        .get(app.url("/groupes/nouveau"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(&format!("place:{}", w.p1)) && !html.contains(&format!("place:{}", w.p2))
    );
    // A bad form answers 422 in French and creates nothing.
    let res = manager
        .post(app.url("/groupes"))
        .form(&[
            ("scope", format!("place:{}", w.p1)),
            ("name", "".into()),
            ("kind", "club".into()),
            ("visibility", "public".into()),
            ("joining", "open".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Ce champ est obligatoire"));
    let res = manager
        .post(app.url("/groupes"))
        .form(&[
            ("scope", format!("place:{}", w.p1)),
            ("name", "Club Transition".into()),
            ("kind", "club".into()),
            (
                "purpose",
                "<p>Sobriété <img src=x onerror=alert(1)>énergétique</p>".into(),
            ),
            ("visibility", "public".into()),
            ("joining", "open".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(crate::harness::location(&res), "/groupes/club-transition");
    let html = manager
        .get(app.url("/groupes/club-transition"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Présidence par intérim : Tiers-lieu de Riez"),
        "{html}"
    );
    assert!(!html.contains("onerror"));
    // Plan a meeting with an agenda (Paris time), then publish minutes.
    let res = manager
        .post(app.url("/groupes/club-transition/reunions"))
        .form(&[
            ("date", "2031-03-06"),
            ("start", "09:00"),
            ("end", "08:00"),
            ("agenda", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "ends before it starts");
    let res = manager
        .post(app.url("/groupes/club-transition/reunions"))
        .form(&[
            ("title", "Réunion de lancement"),
            ("date", "2031-03-06"),
            ("start", "09:00"),
            ("end", "11:00"),
            ("room", "Salle du conseil"),
            ("agenda", "Tour de table\nBilan carbone du lieu\n"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let meeting_path = crate::harness::location(&res);
    let (_, m) = send(
        &app,
        "GET",
        &format!(
            "/api/v1{}",
            meeting_path.replace("/reunions/", "/meetings/")
        ),
        None,
        None,
    )
    .await;
    assert_eq!(
        m["starts_at"], "2031-03-06T08:00:00Z",
        "9:00 in Paris is 8:00 UTC in March"
    );
    let html = manager
        .get(app.url(&meeting_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("06/03/2031 à 09:00"));
    assert!(html.contains("Bilan carbone du lieu"));
    let res = manager
        .post(app.url(&format!("{meeting_path}/compte-rendu")))
        .form(&[
            ("minutes", "Compte-rendu interne du club"),
            ("minutes_visibility", "internal"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let visitor = app.new_browser();
    let html = visitor
        .get(app.url(&meeting_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("Compte-rendu interne du club"),
        "internal minutes hidden"
    );
    manager
        .post(app.url(&format!("{meeting_path}/compte-rendu")))
        .form(&[
            ("minutes", "Compte-rendu public du club"),
            ("minutes_visibility", "public"),
        ])
        .send()
        .await
        .unwrap();
    manager
        .post(app.url(&format!("{meeting_path}/decisions")))
        .form(&[("text", "Installer des panneaux solaires")])
        .send()
        .await
        .unwrap();
    let html = visitor
        .get(app.url(&meeting_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Compte-rendu public du club"));
    assert!(html.contains("Installer des panneaux solaires"));
    let html = visitor
        .get(app.url("/decisions?q=solaire"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Installer des panneaux solaires"));
    let ics = visitor
        .get(app.url(&format!("{meeting_path}/ics")))
        .send()
        .await
        .unwrap();
    assert!(ics.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    // A visitor cannot post minutes.
    let res = visitor
        .post(app.url(&format!("{meeting_path}/compte-rendu")))
        .form(&[("minutes", "pirate"), ("minutes_visibility", "public")])
        .send()
        .await
        .unwrap();
    assert!(
        res.status() == 303 && crate::harness::location(&res).starts_with("/connexion"),
        "{}",
        res.status()
    );
});

both!(recurring_slot_books_the_room, |app: TestApp| async move {
    use chrono::TimeZone;
    let w = world(&app).await;
    let a = club(&app, &w.manager1, w.p1, "Club d'hôtes", "public").await;
    let (_, m) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.manager1),
        Some(json!({"user_id": w.president.0, "role": "president"})),
    )
    .await;
    accept(&app, a, &m, &w.president.1).await;
    let (s, space) = send(&app, "POST", &format!("/api/v1/places/{}/spaces", w.p1), Some(&w.manager1),
        Some(json!({"name": "Salle du conseil", "kind": "salle_reunion", "capacity": 12, "mode": "room"}))).await;
    assert_eq!(s, 201, "{space}");
    let space = space["id"].as_i64().unwrap();
    let (_, other_space) = send(
        &app,
        "POST",
        &format!("/api/v1/places/{}/spaces", w.p2),
        Some(&w.manager2),
        Some(json!({"name": "Atelier", "kind": "atelier", "capacity": 4, "mode": "room"})),
    )
    .await;

    // The first Thursdays 9:00 (Paris) ahead; someone books the room on the second one.
    let now = chrono::Utc::now();
    let today = now.with_timezone(&chrono_tz::Europe::Paris).date_naive();
    let starts: Vec<_> = maillage::recurrence::expand(
        "FREQ=MONTHLY;BYDAY=1TH",
        today.and_hms_opt(9, 0, 0).unwrap(),
        &[],
        10,
    )
    .unwrap()
    .into_iter()
    .filter(|s| *s > now && *s <= now + chrono::Duration::days(120))
    .collect();
    assert!(starts.len() >= 3, "{starts:?}");
    let taken = starts[1];
    let (s, b) = send(
        &app,
        "POST",
        &format!("/api/v1/spaces/{space}/bookings"),
        Some(&w.member_b.1),
        Some(
            json!({"starts_at": (taken + chrono::Duration::minutes(30)).to_rfc3339(),
                    "ends_at": (taken + chrono::Duration::minutes(90)).to_rfc3339(), "seats": 1}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    app.drain_emails().await;

    let body = json!({"rrule": "FREQ=MONTHLY;BYDAY=1TH", "start": "09:00", "end": "11:00", "space_id": space});
    let (s, bad) = send(&app, "PUT", &format!("/api/v1/groups/{a}/slot"), Some(&w.manager1),
        Some(json!({"rrule": "FREQ=MONTHLY;BYDAY=1TH", "start": "09:00", "end": "11:00", "space_id": other_space["id"]}))).await;
    assert_eq!(s, 422, "a space of another place: {bad}");
    let (s, bad) = send(
        &app,
        "PUT",
        &format!("/api/v1/groups/{a}/slot"),
        Some(&w.manager1),
        Some(json!({"rrule": "FREQ=PARFOIS", "start": "11:00", "end": "09:00"})),
    )
    .await;
    assert_eq!(s, 422);
    assert!(bad["error"]["fields"]["slot_rrule"].is_string());
    let (s, _) = send(
        &app,
        "PUT",
        &format!("/api/v1/groups/{a}/slot"),
        Some(&w.member_a.1),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, 403);

    let (s, r) = send(
        &app,
        "PUT",
        &format!("/api/v1/groups/{a}/slot"),
        Some(&w.manager1),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        r["created"].as_u64().unwrap() as usize,
        starts.len() - 1,
        "{r}"
    );
    assert_eq!(r["conflicts"].as_array().unwrap().len(), 1);
    assert_eq!(
        r["conflicts"][0]["starts_at"],
        taken.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    assert_eq!(r["group"]["slot_space_id"], space);

    // Never overbooked: at the conflicting time the room holds one booking (the earlier one);
    // every other first Thursday holds the club's whole-room booking.
    for s in &starts {
        let from = s.timestamp_millis();
        let rows = maillage::bookings::repo::held_between(
            &app.state.db,
            maillage::ids::SpaceId(space),
            from,
            from + 2 * 3_600_000,
        )
        .await
        .unwrap();
        assert_eq!(
            maillage::bookings::model::max_load(&rows, from, from + 2 * 3_600_000),
            12,
            "{s}"
        );
        assert_eq!(rows.len(), 1, "{s}");
    }
    let (_, meetings) = send(
        &app,
        "GET",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.president.1),
        None,
    )
    .await;
    let meetings = meetings.as_array().unwrap();
    assert_eq!(meetings.len(), starts.len() - 1);
    assert!(meetings.iter().all(|m| m["room"] == "Salle du conseil"));
    let nine = chrono_tz::Europe::Paris
        .from_local_datetime(
            &starts[0]
                .with_timezone(&chrono_tz::Europe::Paris)
                .date_naive()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
        )
        .unwrap();
    assert!(meetings.iter().any(|m| m["starts_at"]
        == nine
            .with_timezone(&chrono::Utc)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));

    // The president is told; the group page lists the conflict to its managers.
    let mails = app.drain_emails().await;
    let report = mails
        .iter()
        .find(|m| m.to == "presidente@example.org" && m.subject.contains("salle indisponible"))
        .expect("conflict email");
    assert!(report.text.contains("déjà réservée"), "{}", report.text);
    let manager = app.new_browser();
    app.login_as(&manager, "gerant1@example.org").await;
    let html = manager
        .get(app.url("/groupes/club-d-hotes"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("slot-conflicts"));

    // Saving again creates nothing twice and books nothing twice.
    let (_, again) = send(
        &app,
        "PUT",
        &format!("/api/v1/groups/{a}/slot"),
        Some(&w.manager1),
        Some(body),
    )
    .await;
    assert_eq!(again["created"], 0);
    let (_, meetings) = send(
        &app,
        "GET",
        &format!("/api/v1/groups/{a}/meetings"),
        Some(&w.president.1),
        None,
    )
    .await;
    assert_eq!(meetings.as_array().unwrap().len(), starts.len() - 1);

    // A one-off meeting books the space too: refused (409) when taken, booked when free.
    let t = taken + chrono::Duration::minutes(30);
    let (s, e) = send(&app, "POST", &format!("/api/v1/groups/{a}/meetings"), Some(&w.manager1),
        Some(json!({"starts_at": t.to_rfc3339(), "ends_at": (t + chrono::Duration::hours(1)).to_rfc3339(), "space_id": space}))).await;
    assert_eq!(s, 409, "{e}");
    let free = taken + chrono::Duration::days(1);
    let (s, m) = send(&app, "POST", &format!("/api/v1/groups/{a}/meetings"), Some(&w.manager1),
        Some(json!({"starts_at": free.to_rfc3339(), "ends_at": (free + chrono::Duration::hours(1)).to_rfc3339(), "space_id": space}))).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["room"], "Salle du conseil");
    let from = free.timestamp_millis();
    let rows = maillage::bookings::repo::held_between(
        &app.state.db,
        maillage::ids::SpaceId(space),
        from,
        from + 3_600_000,
    )
    .await
    .unwrap();
    assert_eq!(rows.len(), 1);

    // A slot without a space: meetings with the room as text.
    let b = club(&app, &w.manager1, w.p1, "Club WordPress", "public").await;
    let (s, r) = send(&app, "PUT", &format!("/api/v1/groups/{b}/slot"), Some(&w.manager1),
        Some(json!({"rrule": "FREQ=MONTHLY;BYDAY=1TH", "start": "14:00", "end": "16:00", "room": "Salon"}))).await;
    assert_eq!(s, 200);
    assert_eq!(r["created"].as_u64().unwrap() as usize, starts.len());
});

both!(demo_groups_are_idempotent, |app: TestApp| async move {
    maillage::demo::load(&app.state).await.unwrap();
    let count = |app: &TestApp| {
        let db = app.state.db.clone();
        async move {
            let groups = maillage::groups::repo::all_groups(&db).await.unwrap();
            let mut meetings = 0;
            for g in &groups {
                meetings += maillage::groups::repo::meetings_of_group(&db, g.id)
                    .await
                    .unwrap()
                    .len();
            }
            (groups.len(), meetings)
        }
    };
    let first = count(&app).await;
    // Five groups of the network and of Riez, and the holders' group of the Buis project.
    assert_eq!(first.0, 6);
    assert!(first.1 >= 3 * 3, "{first:?}");
    maillage::demo::load(&app.state).await.unwrap();
    assert_eq!(count(&app).await, first);
    let visitor = app.new_browser();
    let html = visitor
        .get(app.url("/groupes/club-d-hotes"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Présidence par intérim : Tiers-lieu de Riez"),
        "{html}"
    );
    let (_, decisions) = send(
        &app,
        "GET",
        "/api/v1/decisions?q=accueil%20velo",
        None,
        None,
    )
    .await;
    assert_eq!(decisions.as_array().unwrap().len(), 1, "{decisions}");
    let status = visitor
        .get(app.url("/groupes/conseil-d-administration-du-reseau"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404, "the board is for its members");
});

#[tokio::test]
async fn openapi_describes_groups_and_documents() {
    let app = TestApp::new(crate::harness::Backend::Sqlite).await;
    let doc: Value = app.openapi().await;
    for (path, method) in [
        ("/api/v1/groups", "post"),
        ("/api/v1/groups/{id}", "get"),
        ("/api/v1/groups/{id}/members", "post"),
        ("/api/v1/groups/{id}/meetings", "post"),
        ("/api/v1/meetings/{id}", "get"),
        ("/api/v1/meetings/{id}/decisions", "post"),
        ("/api/v1/actions/{id}", "patch"),
        ("/api/v1/documents", "post"),
        ("/api/v1/documents/{id}/download", "get"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} documented"
        );
    }
    assert!(doc["paths"]["/api/v1/groups"]["post"]["responses"]["201"].is_object());
    let ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|p| p.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "operation ids are unique");

    // The closed lists are named schemas with their values, in the inputs and the outputs.
    let schemas = &doc["components"]["schemas"];
    for (name, values) in [
        (
            "GroupKind",
            json!([
                "board",
                "commission",
                "working_group",
                "club",
                "holders",
                "focus_group"
            ]),
        ),
        ("GroupVisibility", json!(["public", "members"])),
        ("GroupJoining", json!(["open", "request", "invitation"])),
        (
            "GroupRole",
            json!([
                "president",
                "vice_president",
                "secretary",
                "treasurer",
                "animator",
                "member"
            ]),
        ),
        (
            "GroupMemberStatus",
            json!(["active", "pending", "invited", "refused", "left"]),
        ),
        ("GroupMemberDecision", json!(["active", "refused"])),
        (
            "MeetingAttendance",
            json!(["invited", "present", "excused"]),
        ),
        ("ActionItemStatus", json!(["todo", "doing", "done"])),
        ("MinutesVisibility", json!(["internal", "public"])),
        ("DocumentKind", json!(["file", "sheet"])),
        (
            "DocumentVisibility",
            json!(["public", "network", "managers", "group"]),
        ),
    ] {
        assert_eq!(schemas[name]["type"], "string", "{name}");
        assert_eq!(schemas[name]["enum"], values, "{name}");
    }
    for (schema, property, list) in [
        ("CreateGroup", "kind", "GroupKind"),
        ("CreateGroup", "visibility", "GroupVisibility"),
        ("CreateGroup", "joining", "GroupJoining"),
        ("AddMember", "role", "GroupRole"),
        ("UpdateMember", "status", "GroupMemberDecision"),
        ("CreateMeeting", "minutes_visibility", "MinutesVisibility"),
        ("SaveMinutes", "minutes_visibility", "MinutesVisibility"),
        ("SetAttendance", "status", "MeetingAttendance"),
        ("UpdateAction", "status", "ActionItemStatus"),
        ("CreateSheet", "visibility", "DocumentVisibility"),
        ("GroupOut", "kind", "GroupKind"),
        ("MembershipOut", "status", "GroupMemberStatus"),
        ("MeetingOut", "minutes_visibility", "MinutesVisibility"),
        ("ActionOut", "status", "ActionItemStatus"),
        ("Attendee", "status", "MeetingAttendance"),
        ("DocumentOut", "kind", "DocumentKind"),
        ("DocumentOut", "visibility", "DocumentVisibility"),
    ] {
        let p = schemas[schema]["properties"][property].to_string();
        assert!(
            p.contains(&format!("#/components/schemas/{list}")),
            "{schema}.{property}: {p}"
        );
    }
}

async fn member_count(app: &TestApp, token: &str, group: i64) -> usize {
    let path = format!("/api/v1/groups/{group}/members");
    let (s, list) = send(app, "GET", &path, Some(token), None).await;
    assert_eq!(s, 200, "{list}");
    list.as_array().unwrap().len()
}

// Adding a member is one use case (`groups::service::add_member`) behind the page and the API:
// both refuse a mandate ending at or before its start, with the same message, and add no one;
// a later end set through the API follows the same rule.
both!(mandate_dates_one_rule, |app: TestApp| async move {
    let w = world(&app).await;
    let a = club(&app, &w.manager1, w.p1, "Club Mandats", "public").await;
    let manager = app.new_browser();
    app.login_as(&manager, "gerant1@example.org").await;
    let mut messages = Vec::new();
    for (start, end) in [("2031-06-01", "2031-01-01"), ("2031-06-01", "2031-06-01")] {
        // The page: Paris dates.
        let res = manager
            .post(app.url("/groupes/club-mandats/membres"))
            .form(&[
                ("email", "membre.a@example.org"),
                ("role", "president"),
                ("mandate_start", start),
                ("mandate_end", end),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "page, {start} → {end}");
        let html = res.text().await.unwrap();
        // The API: the same days as RFC 3339 instants.
        let (s, b) = send(
            &app,
            "POST",
            &format!("/api/v1/groups/{a}/members"),
            Some(&w.manager1),
            Some(json!({"user_id": w.member_a.0, "role": "president",
                        "mandate_start": format!("{start}T00:00:00+02:00"),
                        "mandate_end": format!("{end}T00:00:00+02:00")})),
        )
        .await;
        assert_eq!(s, 422, "API, {start} → {end}: {b}");
        let msg = b["error"]["fields"]["mandate_end"]
            .as_str()
            .unwrap_or_else(|| panic!("{b}"))
            .to_string();
        assert!(
            html.contains(&msg),
            "the page says what the API says: {msg}"
        );
        assert!(b["error"]["fields"].get("mandate_start").is_none(), "{b}");
        messages.push(msg);
    }
    assert_eq!(messages[0], messages[1]);
    // The message speaks of a mandate, not of a meeting's 24 hours.
    assert_eq!(messages[0], "La fin du mandat doit suivre son début.");
    assert_eq!(
        member_count(&app, &w.manager1, a).await,
        0,
        "no one was added"
    );

    // A valid mandate is accepted by both; a later end before its start is refused alike.
    let res = manager
        .post(app.url("/groupes/club-mandats/membres"))
        .form(&[
            ("email", "membre.a@example.org"),
            ("role", "president"),
            ("mandate_start", "2031-01-01"),
            ("mandate_end", "2031-06-01"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (s, m) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{a}/members"),
        Some(&w.manager1),
        Some(json!({"user_id": w.member_b.0, "role": "secretary",
                    "mandate_start": "2031-01-01T00:00:00+01:00"})),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(member_count(&app, &w.manager1, a).await, 2);
    let (s, b) = send(
        &app,
        "PATCH",
        &format!("/api/v1/groups/{a}/members/{}", m["id"]),
        Some(&w.manager1),
        Some(json!({"mandate_end": "2030-12-31T00:00:00+01:00"})),
    )
    .await;
    assert_eq!(s, 422, "{b}");
    assert_eq!(b["error"]["fields"]["mandate_end"], messages[0].as_str());
    let (s, b) = send(
        &app,
        "PATCH",
        &format!("/api/v1/groups/{a}/members/{}", m["id"]),
        Some(&w.manager1),
        Some(json!({"mandate_end": "2032-01-01T00:00:00+01:00"})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["mandate_end"], "2031-12-31T23:00:00Z");
});

/// Sends a request twice, without `Accept-Language` and in English, and checks that each
/// answers 422 naming `field` as "not one of the list", in French then in English.
pub async fn assert_invalid_choice(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    body: Value,
    field: &str,
) {
    for (lang, message) in [
        (None, "Choisissez une valeur dans la liste."),
        (Some("en"), "Choose a value from the list."),
    ] {
        let c = reqwest::Client::new();
        let mut req = c
            .request(method.parse().unwrap(), app.url(path))
            .bearer_auth(token)
            .json(&body);
        if let Some(l) = lang {
            req = req.header("accept-language", l);
        }
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let b: Value = res.json().await.unwrap_or(Value::Null);
        assert_eq!(status, 422, "{method} {path} {body} ({lang:?}): {b}");
        assert_eq!(b["error"]["code"], "validation_failed", "{b}");
        assert_eq!(
            b["error"]["fields"][field], message,
            "{method} {path} {body} ({lang:?}): {b}"
        );
    }
}

// Every closed list of groups is a typed value: an unknown text is a 422 on its field, in the
// caller's language, whether the JSON reader refuses it (`minutes_visibility` of the minutes,
// an attendance, an action's status, a manager's decision) or the service reads it with the
// other fields (a group's kind, visibility and joining, a member's role, a new meeting's
// minutes). Stored and sent texts are unchanged, and malformed ids are unknown resources.
both!(
    unknown_choices_are_named_fields,
    |app: TestApp| async move {
        let w = world(&app).await;
        let a = club(&app, &w.manager1, w.p1, "Club typé", "public").await;
        let (_, g) = send(&app, "GET", &format!("/api/v1/groups/{a}"), None, None).await;
        assert_eq!(
            (&g["kind"], &g["visibility"], &g["joining"]),
            (&json!("club"), &json!("public"), &json!("request")),
            "{g}"
        );
        assert!(g["id"].is_i64() && g["place_id"].is_i64(), "{g}");
        let groups = "/api/v1/groups";
        let m1 = w.manager1.as_str();
        for (body, field) in [
            (
                json!({"name": "X", "kind": "secte", "visibility": "public", "place_id": w.p1}),
                "kind",
            ),
            (
                json!({"name": "X", "kind": "club", "visibility": "secret", "place_id": w.p1}),
                "visibility",
            ),
            (
                json!({"name": "X", "kind": "club", "visibility": "public", "joining": "porte",
                   "place_id": w.p1}),
                "joining",
            ),
            (
                json!({"name": "X", "kind": "Club", "visibility": "public", "place_id": w.p1}),
                "kind",
            ),
        ] {
            assert_invalid_choice(&app, "POST", groups, m1, body, field).await;
        }
        let members = format!("/api/v1/groups/{a}/members");
        let body = json!({"user_id": w.member_a.0, "role": "roi"});
        assert_invalid_choice(&app, "POST", &members, m1, body, "role").await;
        let (s, m) = send(
            &app,
            "POST",
            &members,
            Some(m1),
            Some(json!({"user_id": w.member_a.0, "role": "vice_president"})),
        )
        .await;
        assert_eq!(s, 201, "{m}");
        assert_eq!(
            (&m["role"], &m["status"]),
            (&json!("vice_president"), &json!("invited"))
        );
        let one = format!("{members}/{}", m["id"]);
        for status in ["pending", "left", "ACTIVE"] {
            let body = json!({"status": status});
            assert_invalid_choice(&app, "PATCH", &one, m1, body, "status").await;
        }

        let start = chrono::Utc::now() + chrono::Duration::days(3);
        let times = |vis: &str| {
            json!({"starts_at": start.to_rfc3339(),
               "ends_at": (start + chrono::Duration::hours(1)).to_rfc3339(),
               "minutes_visibility": vis})
        };
        let meetings = format!("/api/v1/groups/{a}/meetings");
        assert_invalid_choice(
            &app,
            "POST",
            &meetings,
            m1,
            times("secret"),
            "minutes_visibility",
        )
        .await;
        let (s, mt) = send(&app, "POST", &meetings, Some(m1), Some(times("internal"))).await;
        assert_eq!(s, 201, "{mt}");
        assert_eq!(mt["minutes_visibility"], "internal");
        let meeting = mt["id"].as_i64().unwrap();
        let body = json!({"minutes": "<p>CR</p>", "minutes_visibility": "publique"});
        let minutes = format!("/api/v1/meetings/{meeting}/minutes");
        assert_invalid_choice(&app, "PUT", &minutes, m1, body, "minutes_visibility").await;
        let attendees = format!("/api/v1/meetings/{meeting}/attendees");
        let body = json!({"user_id": w.member_a.0, "status": "absent"});
        assert_invalid_choice(&app, "POST", &attendees, m1, body, "status").await;
        let (s, list) = send(
            &app,
            "POST",
            &attendees,
            Some(m1),
            Some(json!({"user_id": w.member_a.0, "status": "excused"})),
        )
        .await;
        assert_eq!(s, 200, "{list}");
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .any(|x| x["status"] == "excused"),
            "{list}"
        );

        let (s, act) = send(
            &app,
            "POST",
            &format!("/api/v1/groups/{a}/actions"),
            Some(m1),
            Some(json!({"title": "Typer les listes", "meeting_id": meeting})),
        )
        .await;
        assert_eq!(s, 201, "{act}");
        assert_eq!(
            (&act["status"], &act["meeting_id"]),
            (&json!("todo"), &json!(meeting))
        );
        let action = format!("/api/v1/actions/{}", act["id"]);
        for status in ["fini", "", "Done"] {
            let body = json!({"status": status});
            assert_invalid_choice(&app, "PATCH", &action, m1, body, "status").await;
        }

        // Ids are integers: anything else names no group, meeting or document.
        for path in [
            "/api/v1/groups/club",
            "/api/v1/groups/1.5/members",
            "/api/v1/meetings/abc",
            "/api/v1/documents/x",
        ] {
            let (s, b) = send(&app, "GET", path, Some(m1), None).await;
            assert_eq!(s, 404, "{path}: {b}");
        }
    }
);
