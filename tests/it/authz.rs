//! The authorization matrix, generated from the API's own description: every mutating
//! operation of the OpenAPI document (the router's `/api/v1` routes, each described by its
//! handler) × nine roles → refused (401, 403, 404) or let through. Each operation must be listed
//! in `EXPECTED` with the roles it lets through: a new route without an entry fails the suite,
//! and so does a route whose handler forgets its policy check (a role outside its list would be
//! let through). The bodies are built from each operation's request schema, so the handler's
//! check is what answers, not the body reader.
//!
//! The HTML side: every `POST` route of the router's source (`src/**/*.rs`) must send an
//! anonymous visitor to the login page or refuse (401, 403, 404, or 400 when its form is
//! refused before anything else), except the pages listed in `PUBLIC_POSTS`; and the same
//! routes, their paths filled with real objects of the demo (none of them the stranger's) and
//! a body every form reads, must refuse a signed-in stranger — an account with no role
//! anywhere — with 403 or 404 (a redirection to the login page would be a check that forgot
//! signed-in people), except the pages listed in `SIGNED_IN_POSTS`, each with why any account
//! may use it. (The pages call the same services as the API, whose rules the matrix above
//! checks role by role.)

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, Utc};
use chrono_tz::Europe::Paris;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{png, TestApp};
use maillage::accounts::model::RoleKind;
use maillage::ids::{ProjectId, UserId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// No token.
    Anon,
    /// Signed in, no role anywhere.
    Stranger,
    /// Administrator of another network.
    OtherNetAdmin,
    /// Manager of another place of the same network.
    OtherManager,
    /// Member of the place (Riez).
    Member,
    /// Holder of the project (added as such), nothing else.
    Holder,
    /// Manager of the place (Riez).
    Manager,
    /// Administrator of the place's network (and holder of the demo project).
    NetAdmin,
    /// Instance administrator.
    Admin,
}

use Role::*;

/// From the least to the most privileged: a `DELETE` let through removes its object, so the
/// roles after the first one let through are not tried on it.
const ROLES: [Role; 9] = [
    Anon,
    Stranger,
    OtherNetAdmin,
    OtherManager,
    Member,
    Holder,
    Manager,
    NetAdmin,
    Admin,
];

const SIGNED: &[Role] = &[
    Stranger,
    OtherNetAdmin,
    OtherManager,
    Member,
    Holder,
    Manager,
    NetAdmin,
    Admin,
];
const PLACE: &[Role] = &[Manager, NetAdmin, Admin];
const NETWORK: &[Role] = &[NetAdmin, Admin];
const INSTANCE: &[Role] = &[Admin];
/// Everyone, without a token too (a public subscription with double opt-in).
const ANYONE: &[Role] = &[
    Anon,
    Stranger,
    OtherNetAdmin,
    OtherManager,
    Member,
    Holder,
    Manager,
    NetAdmin,
    Admin,
];
const PROJECT: &[Role] = &[Holder, NetAdmin, Admin];
/// Riez's club: its animator (the place's manager), the place's managers and network admins.
const CLUB: &[Role] = &[Manager, NetAdmin, Admin];
/// The club's members (the place's member is one).
const CLUB_MEMBERS: &[Role] = &[Member, Manager, NetAdmin, Admin];
/// The owner of the booking or registration (the place's member) and the place's managers.
const OWNER: &[Role] = &[Member, Manager, NetAdmin, Admin];
/// Who belongs to the place (Riez): its member, its managers, its network's animators.
const PLACE_PEOPLE: &[Role] = &[Member, Manager, NetAdmin, Admin];
/// The author of the post (the place's member), and instance admins.
const AUTHOR: &[Role] = &[Member, Admin];

/// Every mutating operation of the API and the roles it lets through (on objects of the Riez
/// place, the demo network and the demo project).
const EXPECTED: &[(&str, &str, &[Role])] = &[
    ("PATCH", "/api/v1/actions/{id}", CLUB_MEMBERS),
    // An organisation attached to the place (the demo's Atelier Bois du Verdon); a person's
    // own profile is tested in actors::*.
    ("POST", "/api/v1/actors", PLACE),
    ("PATCH", "/api/v1/actors/{id}", PLACE),
    ("DELETE", "/api/v1/actors/{id}", PLACE),
    // Anyone signed in may ask to run an organisation's profile (a moderator decides) and
    // write to it (answered 409 while nobody receives its messages).
    ("POST", "/api/v1/actors/{id}/claims", SIGNED),
    // The organisation's photos: its editors (the place's managers, the network's admins).
    ("POST", "/api/v1/actors/{id}/photos", PLACE),
    ("DELETE", "/api/v1/actors/{id}/photos/{photo_id}", PLACE),
    ("POST", "/api/v1/actors/{id}/contact", SIGNED),
    // A claim on the place's organisation, made by an account outside the roles.
    ("POST", "/api/v1/actor-claims/{id}/decision", PLACE),
    // The shared skills vocabulary: the instance admins and every network's animators.
    (
        "POST",
        "/api/v1/skills/{id}/merge",
        &[OtherNetAdmin, NetAdmin, Admin],
    ),
    // A thread the place's member opened with the demo's freelancer: its two people only.
    ("POST", "/api/v1/threads/{id}/messages", &[Member]),
    ("POST", "/api/v1/threads/{id}/report", &[Member]),
    ("PUT", "/api/v1/threads/{id}/share", &[Member]),
    ("PUT", "/api/v1/threads/{id}/block", &[Member]),
    ("DELETE", "/api/v1/bookings/{id}", OWNER),
    // The census of the demo network: its animators run it, Riez's managers answer for Riez.
    ("POST", "/api/v1/questionnaires", NETWORK),
    ("PUT", "/api/v1/questionnaires/{id}", NETWORK),
    ("POST", "/api/v1/campaigns", NETWORK),
    ("PATCH", "/api/v1/campaigns/{id}", NETWORK),
    ("POST", "/api/v1/campaigns/{id}/reminders", NETWORK),
    (
        "PUT",
        "/api/v1/campaigns/{id}/places/{place_id}/response",
        PLACE,
    ),
    (
        "POST",
        "/api/v1/campaigns/{id}/places/{place_id}/response/submit",
        PLACE,
    ),
    (
        "POST",
        "/api/v1/campaigns/{id}/places/{place_id}/response/reopen",
        NETWORK,
    ),
    ("PUT", "/api/v1/budget-lines/{id}", PROJECT),
    ("DELETE", "/api/v1/budget-lines/{id}", PROJECT),
    ("PATCH", "/api/v1/budget-lines/{id}", PROJECT),
    ("POST", "/api/v1/documents", PLACE),
    ("POST", "/api/v1/documents/sheets", PLACE),
    ("POST", "/api/v1/documents/{id}/versions", PLACE),
    ("POST", "/api/v1/events", PLACE),
    ("POST", "/api/v1/events/import", PLACE),
    ("POST", "/api/v1/events/{id}/image", PLACE),
    ("DELETE", "/api/v1/events/{id}/image", PLACE),
    ("POST", "/api/v1/events/{id}/registrations", SIGNED),
    // A guest registration (no account, double opt-in by email) to an event open to the public.
    ("POST", "/api/v1/events/{id}/guest-registrations", ANYONE),
    ("POST", "/api/v1/folders", PLACE),
    ("PUT", "/api/v1/funding-applications/{id}", PROJECT),
    ("DELETE", "/api/v1/funding-applications/{id}", PROJECT),
    ("PATCH", "/api/v1/funding-applications/{id}", PROJECT),
    (
        "POST",
        "/api/v1/funding-applications/{id}/documents",
        PROJECT,
    ),
    (
        "DELETE",
        "/api/v1/funding-applications/{id}/documents/{document_id}",
        PROJECT,
    ),
    ("POST", "/api/v1/groups", PLACE),
    ("POST", "/api/v1/groups/{id}/actions", CLUB),
    ("POST", "/api/v1/groups/{id}/join", SIGNED),
    ("POST", "/api/v1/groups/{id}/meetings", CLUB),
    ("POST", "/api/v1/groups/{id}/members", CLUB),
    (
        "DELETE",
        "/api/v1/groups/{id}/members/{membership_id}",
        CLUB_MEMBERS,
    ),
    ("PATCH", "/api/v1/groups/{id}/members/{membership_id}", CLUB),
    // Only the person an invitation names answers it (the stranger is invited to accept, the
    // other place's manager to decline).
    (
        "POST",
        "/api/v1/groups/{id}/members/{membership_id}/accept",
        &[Stranger],
    ),
    (
        "POST",
        "/api/v1/groups/{id}/members/{membership_id}/decline",
        &[OtherManager],
    ),
    ("PUT", "/api/v1/groups/{id}/slot", CLUB),
    // The person's own notification preferences.
    ("PUT", "/api/v1/me/notifications", SIGNED),
    ("POST", "/api/v1/meetings/{id}/attendees", CLUB),
    ("POST", "/api/v1/meetings/{id}/decisions", CLUB),
    ("PUT", "/api/v1/meetings/{id}/minutes", CLUB),
    ("POST", "/api/v1/networks", INSTANCE),
    // A post of the Riez place: its managers and its network's animators.
    ("POST", "/api/v1/news", PLACE),
    ("PATCH", "/api/v1/news/{id}", PLACE),
    ("DELETE", "/api/v1/news/{id}", PLACE),
    ("POST", "/api/v1/news/{id}/image", PLACE),
    ("POST", "/api/v1/lists", PLACE),
    ("POST", "/api/v1/lists/{id}/subscriptions", ANYONE),
    ("POST", "/api/v1/lists/{id}/import", PLACE),
    // An issue of the Riez place's list: those who run the list (its managers, its network's
    // animators); a send after the first answers 409 (already sent), which is not a refusal.
    ("POST", "/api/v1/lists/{id}/issues", PLACE),
    ("POST", "/api/v1/issues/{id}/send", PLACE),
    ("DELETE", "/api/v1/news/{id}/image", PLACE),
    ("PUT", "/api/v1/networks/{id}/phase-template", NETWORK),
    // A training of the demo's Riez place: its managers and its network's animators.
    ("POST", "/api/v1/trainings", PLACE),
    ("PATCH", "/api/v1/trainings/{id}", PLACE),
    ("POST", "/api/v1/trainings/{id}/sessions", PLACE),
    (
        "PUT",
        "/api/v1/trainings/{id}/sessions/{event_id}/attendance",
        PLACE,
    ),
    // Learning paths: a path of the Riez place at creation; the demo's path is the network's.
    ("POST", "/api/v1/training-paths", PLACE),
    ("PUT", "/api/v1/training-paths/{id}", NETWORK),
    // A questionnaire is answered with the token of its email, without an account.
    ("PUT", "/api/v1/surveys/{token}", ANYONE),
    // A job offer of the demo's Riez place (its service civique): its managers and its
    // network's animators; a new one names the Riez place.
    ("POST", "/api/v1/jobs", PLACE),
    ("PATCH", "/api/v1/jobs/{id}", PLACE),
    // Badges: an achievement of the Riez place; the demo's achievement and credential are the
    // network's (its animators award, revoke and rotate its key); anyone verifies.
    // Posts ("annonces") on the Riez board: the people of the place post; the demo's need is
    // the member's: she edits and renews it, its moderators (the place's managers, the
    // network's animators) delete it too; anyone signed in reports it.
    ("POST", "/api/v1/posts", PLACE_PEOPLE),
    ("PATCH", "/api/v1/posts/{id}", AUTHOR),
    ("DELETE", "/api/v1/posts/{id}", PLACE_PEOPLE),
    ("POST", "/api/v1/posts/{id}/renew", AUTHOR),
    ("POST", "/api/v1/posts/{id}/report", SIGNED),
    // Anyone signed in who sees the post writes to its author (the author: a 422).
    ("POST", "/api/v1/posts/{id}/contact", SIGNED),
    ("POST", "/api/v1/achievements", PLACE),
    ("POST", "/api/v1/achievements/{id}/awards", NETWORK),
    ("POST", "/api/v1/credentials/{id}/revoke", NETWORK),
    ("POST", "/api/v1/credentials/verify", ANYONE),
    ("POST", "/api/v1/issuers/{issuer}/keys", NETWORK),
    ("POST", "/api/v1/places", SIGNED),
    ("PUT", "/api/v1/places/{id}", SIGNED),
    ("DELETE", "/api/v1/places/{id}", NETWORK),
    ("PATCH", "/api/v1/places/{id}", SIGNED),
    ("POST", "/api/v1/places/{id}/photos", PLACE),
    ("DELETE", "/api/v1/places/{id}/photos/{photo_id}", PLACE),
    ("POST", "/api/v1/places/{id}/services", PLACE),
    ("POST", "/api/v1/places/{id}/spaces", PLACE),
    ("POST", "/api/v1/projects", SIGNED),
    ("PUT", "/api/v1/projects/{id}", PROJECT),
    ("PATCH", "/api/v1/projects/{id}", PROJECT),
    ("POST", "/api/v1/projects/{id}/budget-lines", PROJECT),
    ("PUT", "/api/v1/projects/{id}/canvas", PROJECT),
    ("PATCH", "/api/v1/projects/{id}/canvas", PROJECT),
    ("POST", "/api/v1/projects/{id}/events", PROJECT),
    (
        "POST",
        "/api/v1/projects/{id}/funding-applications",
        PROJECT,
    ),
    ("POST", "/api/v1/projects/{id}/members", PROJECT),
    // The admins of the network a project names accept or refuse to follow it.
    ("POST", "/api/v1/projects/{id}/network", NETWORK),
    ("DELETE", "/api/v1/projects/{id}/members/{user_id}", PROJECT),
    ("POST", "/api/v1/projects/{id}/phases", PROJECT),
    ("DELETE", "/api/v1/projects/{id}/phases/{phase_id}", PROJECT),
    ("PATCH", "/api/v1/projects/{id}/phases/{phase_id}", PROJECT),
    ("PUT", "/api/v1/projects/{id}/public", PROJECT),
    ("PATCH", "/api/v1/projects/{id}/public", PROJECT),
    ("POST", "/api/v1/projects/{id}/stakeholders", PROJECT),
    ("DELETE", "/api/v1/registrations/{id}", OWNER),
    ("PUT", "/api/v1/services/{id}", PLACE),
    ("DELETE", "/api/v1/services/{id}", PLACE),
    ("PATCH", "/api/v1/services/{id}", PLACE),
    ("POST", "/api/v1/spaces/{id}/bookings", SIGNED),
    ("POST", "/api/v1/spaces/{id}/photos", PLACE),
    ("PUT", "/api/v1/stakeholders/{id}", PROJECT),
    ("DELETE", "/api/v1/stakeholders/{id}", PROJECT),
    ("PATCH", "/api/v1/stakeholders/{id}", PROJECT),
];

/// `POST` pages anyone may send (signing in and up, passwords, the language, contributions
/// and requests open to visitors).
const PUBLIC_POSTS: &[&str] = &[
    "/connexion",
    "/inscription",
    "/mot-de-passe-oublie",
    "/reinitialisation/{token}",
    "/langue",
    "/deconnexion",
    "/prestations/{id}/demander",
    "/inscriptions/annuler/{token}",
    // A list's public subscription (double opt-in), its confirmation by the emailed link, and
    // leaving a list from the subscriber's signed page: for people without an account.
    "/listes/{id}/abonnement",
    "/abonnements/confirmer/{token}",
    // Stopping a saved job search's emails from the emailed link, signed, without login.
    "/emplois/alertes/{id}/desabonner",
    "/abonnements/desinscrire",
    // The one-click unsubscription of a newsletter (RFC 8058): authorized by its signed URL.
    "/lettres/desinscription",
    // The satisfaction questionnaire of a training, through the emailed link's token.
    "/avis/{token}",
    // A visitor registers to an event open to the public as a guest (name and email), confirms
    // by the emailed link, and may turn it into an account from the confirmation email's link.
    "/evenements/{id}/inscription-invitee",
    "/inscriptions-invitees/confirmer/{token}",
    "/inscriptions-invitees/compte/{token}",
];

/// The ids the paths are filled with, and a token per role.
struct World {
    ids: BTreeMap<&'static str, i64>,
    tokens: BTreeMap<Role, String>,
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(p)
        .await)
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn user_id(app: &TestApp, email: &str) -> UserId {
    maillage::accounts::repo::user_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account {email}"))
        .id
}

/// A weekday at least a week ahead, `h:00` Paris time, RFC 3339.
fn next_wednesday(h: u32) -> String {
    let mut d = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(7);
    while d.weekday() != chrono::Weekday::Wed {
        d += Duration::days(1);
    }
    let local = d.and_hms_opt(h, 0, 0).unwrap();
    local
        .and_local_timezone(Paris)
        .unwrap()
        .with_timezone(&Utc)
        .to_rfc3339()
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> Value {
    let res = app.api_post(path, token, body).await;
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap_or(Value::Null);
    assert!(
        (200..300).contains(&status),
        "setup POST {path}: {status} {v}"
    );
    v
}

/// The demo data, a second network with its admin, a project holder, a stranger, and the
/// objects the demo does not hold (a booking, a registration, a sheet, photos, a budget line).
async fn world(app: &TestApp) -> World {
    maillage::demo::load(&app.state).await.unwrap();
    let db = &app.state.db;
    let mut tokens = BTreeMap::new();
    for (role, email) in [
        (Admin, "admin@demo.maillage.fr"),
        (NetAdmin, "animatrice@demo.maillage.fr"),
        (Manager, "gerant.riez@demo.maillage.fr"),
        (OtherManager, "gerante.fablab@demo.maillage.fr"),
        (Member, "membre@demo.maillage.fr"),
    ] {
        let id = user_id(app, email).await;
        tokens.insert(role, app.token_for(id).await);
    }
    let stranger = app.user("inconnu@example.org", "Inconnue").await;
    tokens.insert(Stranger, app.token_for(stranger).await);
    let other = maillage::tenancy::repo::insert_network(db, "Réseau voisin", "voisin", "", 0)
        .await
        .unwrap();
    let other_admin = app.user("admin.voisin@example.org", "Admin voisin").await;
    maillage::accounts::repo::grant_role(
        db,
        other_admin,
        RoleKind::NetworkAdmin,
        Some(other.id.get()),
        None,
        0,
    )
    .await
    .unwrap();
    tokens.insert(OtherNetAdmin, app.token_for(other_admin).await);

    let mut ids = BTreeMap::new();
    let riez = scalar(app, "SELECT id FROM places ORDER BY id LIMIT 1").await;
    ids.insert("place", riez);
    ids.insert(
        "network",
        scalar(
            app,
            "SELECT network_id FROM network_places ORDER BY place_id LIMIT 1",
        )
        .await,
    );
    let project = scalar(app, "SELECT id FROM projects ORDER BY id LIMIT 1").await;
    ids.insert("project", project);
    ids.insert(
        "actor",
        scalar(
            app,
            &format!("SELECT MIN(actor_id) FROM actor_places WHERE place_id = {riez}"),
        )
        .await,
    );
    // A published post of the demo's Riez place.
    ids.insert(
        "news",
        scalar(
            app,
            &format!(
                "SELECT MIN(id) FROM news_posts WHERE place_id = {riez} AND status = 'published'"
            ),
        )
        .await,
    );
    // A job offer of the demo's Riez place.
    ids.insert(
        "job",
        scalar(
            app,
            &format!("SELECT MIN(id) FROM job_offers WHERE place_id = {riez}"),
        )
        .await,
    );
    // The demo's need on the Riez board (the member's post).
    ids.insert(
        "post",
        scalar(
            app,
            &format!("SELECT MIN(id) FROM posts WHERE place_id = {riez} AND kind = 'need'"),
        )
        .await,
    );
    // A training of the demo's Riez place.
    ids.insert(
        "training",
        scalar(
            app,
            &format!("SELECT MIN(id) FROM trainings WHERE place_id = {riez}"),
        )
        .await,
    );
    // A session of that training.
    ids.insert(
        "training_session",
        scalar(
            app,
            &format!(
                "SELECT MIN(event_id) FROM training_sessions WHERE training_id = {}",
                ids["training"]
            ),
        )
        .await,
    );
    // The demo's achievement of the network, and the badge it awarded to the member.
    ids.insert(
        "achievement",
        scalar(
            app,
            "SELECT MIN(id) FROM badge_achievements WHERE network_id IS NOT NULL",
        )
        .await,
    );
    ids.insert(
        "credential",
        scalar(app, "SELECT MIN(id) FROM badge_credentials").await,
    );
    // The demo's learning path (the network's), and a questionnaire sent to the member.
    ids.insert(
        "training_path",
        scalar(app, "SELECT MIN(id) FROM training_paths").await,
    );
    let member = user_id(app, "membre@demo.maillage.fr").await;
    scalar(
        app,
        &format!(
            "INSERT INTO training_surveys (event_id, user_id, training_id, token, sent_at) \
             VALUES ({}, {member}, {}, '{SURVEY_TOKEN}', {}) RETURNING event_id",
            ids["training_session"],
            ids["training"],
            app.state.clock.now_ms()
        ),
    )
    .await;
    let holder = app.user("porteuse@example.org", "Porteuse").await;
    maillage::projects::repo::add_member(db, ProjectId(project), holder, "", None, 0)
        .await
        .unwrap();
    tokens.insert(Holder, app.token_for(holder).await);
    // The holder a holder may remove (not themselves: they would lose their rights).
    let second = app.user("porteur@example.org", "Porteur").await;
    maillage::projects::repo::add_member(db, ProjectId(project), second, "", None, 0)
        .await
        .unwrap();
    ids.insert("holder", second.get());
    let space = scalar(
        app,
        &format!("SELECT id FROM spaces WHERE place_id = {riez} AND access = 'signed_in' ORDER BY id LIMIT 1"),
    )
    .await;
    ids.insert("space", space);
    ids.insert(
        "service",
        scalar(
            app,
            &format!("SELECT id FROM services WHERE place_id = {riez} ORDER BY id LIMIT 1"),
        )
        .await,
    );
    let event = scalar(
        app,
        &format!("SELECT id FROM events WHERE place_id = {riez} ORDER BY id LIMIT 1"),
    )
    .await;
    ids.insert("event", event);
    let club = scalar(
        app,
        &format!("SELECT id FROM groups WHERE place_id = {riez} ORDER BY id LIMIT 1"),
    )
    .await;
    ids.insert("group", club);
    ids.insert(
        "membership",
        scalar(
            app,
            &format!(
                "SELECT m.id FROM group_members m JOIN users u ON u.id = m.user_id \
                 WHERE m.group_id = {club} AND u.email = 'membre@demo.maillage.fr'"
            ),
        )
        .await,
    );
    // Two invitations to the club, answered by the people they name.
    for (key, who) in [
        ("invitation_accept", stranger),
        (
            "invitation_decline",
            user_id(app, "gerante.fablab@demo.maillage.fr").await,
        ),
    ] {
        let m = post(
            app,
            &format!("/api/v1/groups/{club}/members"),
            &tokens[&Manager],
            json!({"user_id": who}),
        )
        .await;
        ids.insert(key, m["id"].as_i64().unwrap());
    }
    ids.insert(
        "meeting",
        scalar(
            app,
            &format!("SELECT id FROM meetings WHERE group_id = {club} ORDER BY id LIMIT 1"),
        )
        .await,
    );
    ids.insert(
        "action",
        scalar(
            app,
            &format!("SELECT id FROM action_items WHERE group_id = {club} ORDER BY id LIMIT 1"),
        )
        .await,
    );
    ids.insert(
        "funding",
        scalar(app, &format!("SELECT id FROM funding_applications WHERE project_id = {project} ORDER BY id LIMIT 1")).await,
    );
    ids.insert(
        "stakeholder",
        scalar(app, &format!("SELECT id FROM project_stakeholders WHERE project_id = {project} ORDER BY id LIMIT 1")).await,
    );
    ids.insert(
        "phase",
        scalar(
            app,
            &format!(
                "SELECT id FROM project_phases WHERE project_id = {project} ORDER BY id LIMIT 1"
            ),
        )
        .await,
    );

    // What the demo does not hold, made by the people who may.
    let member = &tokens[&Member];
    let manager = &tokens[&Manager];
    let admin = &tokens[&Admin];
    let b = post(
        app,
        &format!("/api/v1/spaces/{space}/bookings"),
        member,
        json!({"starts_at": next_wednesday(10), "ends_at": next_wednesday(11), "seats": 1}),
    )
    .await;
    ids.insert("booking", b["id"].as_i64().unwrap());
    let r = post(
        app,
        &format!("/api/v1/events/{event}/registrations"),
        member,
        json!({}),
    )
    .await;
    ids.insert("registration", r["id"].as_i64().unwrap());
    let (s, d) = app
        .api_multipart(
            "/api/v1/documents",
            manager,
            reqwest::multipart::Form::new()
                .text("title", "Règlement intérieur")
                .text("visibility", "public")
                .text("place_id", riez.to_string())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(png(16, 16)).file_name("reglement.png"),
                ),
        )
        .await;
    assert_eq!(s, 201, "{d}");
    ids.insert("document", d["id"].as_i64().unwrap());
    let pd = post(
        app,
        "/api/v1/documents/sheets",
        admin,
        json!({"project_id": project, "title": "Plan de financement", "body": "<p>…</p>",
               "visibility": "managers"}),
    )
    .await;
    let pd = pd["id"].as_i64().unwrap();
    post(
        app,
        &format!("/api/v1/funding-applications/{}/documents", ids["funding"]),
        admin,
        json!({"document_id": pd}),
    )
    .await;
    ids.insert("document_id", pd);
    let (s, photo) = app
        .api_multipart(
            &format!("/api/v1/places/{riez}/photos"),
            manager,
            crate::harness::photo_form("La façade", Some(("f.png", png(64, 48)))),
        )
        .await;
    assert_eq!(s, 201, "{photo}");
    ids.insert("photo", photo["id"].as_i64().unwrap());
    let (s, image) = app
        .api_multipart(
            &format!("/api/v1/events/{event}/image"),
            manager,
            crate::harness::photo_form("L'affiche", Some(("a.png", png(64, 48)))),
        )
        .await;
    assert!((200..300).contains(&s), "{image}");
    let line = post(
        app,
        &format!("/api/v1/projects/{project}/budget-lines"),
        admin,
        json!({"kind": "operation", "label": "Loyer", "amount_cents": 120000}),
    )
    .await;
    ids.insert("budget_line", line["id"].as_i64().unwrap());
    let list = post(
        app,
        "/api/v1/lists",
        admin,
        json!({"name": "Ateliers du Tiers-lieu de Riez", "place_id": riez}),
    )
    .await;
    ids.insert("list", list["id"].as_i64().unwrap());
    let issue = post(
        app,
        &format!("/api/v1/lists/{}/issues", list["id"]),
        admin,
        json!({"subject": "Lettre de Riez", "blocks": [{"type": "events", "days": 30}]}),
    )
    .await;
    ids.insert("issue", issue["id"].as_i64().unwrap());
    // A claim on the place's organisation by someone outside the roles, a thread the member
    // opened with the demo's freelancer, and a skill of the vocabulary.
    let claimant = app.user("claimant@example.org", "Claire Mant").await;
    let claimant = app.token_for(claimant).await;
    post(
        app,
        &format!("/api/v1/actors/{}/claims", ids["actor"]),
        &claimant,
        json!({"message": "Je suis la gérante de l'atelier."}),
    )
    .await;
    ids.insert(
        "actor_claim",
        scalar(app, "SELECT MAX(id) FROM actor_claims").await,
    );
    let julie = scalar(
        app,
        "SELECT a.id FROM actors a JOIN users u ON u.id = a.user_id \
         WHERE u.email = 'julie.web@demo.maillage.fr'",
    )
    .await;
    let t = post(
        app,
        &format!("/api/v1/actors/{julie}/contact"),
        member,
        json!({"message": "Bonjour Julie, pourriez-vous refaire notre site ?"}),
    )
    .await;
    ids.insert("thread", t["thread_id"].as_i64().unwrap());
    ids.insert(
        "skill",
        scalar(app, "SELECT id FROM skills WHERE folded = 'charpente'").await,
    );
    let (s, photo) = app
        .api_multipart(
            &format!("/api/v1/actors/{}/photos", ids["actor"]),
            manager,
            crate::harness::photo_form("Le logo de l'atelier", Some(("l.png", png(64, 48)))),
        )
        .await;
    assert_eq!(s, 201, "{photo}");
    ids.insert("actor_photo", photo["id"].as_i64().unwrap());
    // The demo's census: this year's campaign (open, sent to Riez) and its questionnaire.
    ids.insert(
        "campaign",
        scalar(app, "SELECT MAX(id) FROM census_campaigns").await,
    );
    ids.insert(
        "questionnaire",
        scalar(app, "SELECT MIN(id) FROM census_questionnaires").await,
    );
    World { ids, tokens }
}

/// The path with its parameters filled from the world (by the resource the path names).
fn fill(path: &str, w: &World) -> String {
    let first = path
        .trim_start_matches("/api/v1/")
        .split('/')
        .next()
        .unwrap();
    let id_of = match first {
        "actions" => "action",
        "actors" => "actor",
        "actor-claims" => "actor_claim",
        "skills" => "skill",
        "threads" => "thread",
        "bookings" => "booking",
        "budget-lines" => "budget_line",
        "campaigns" => "campaign",
        "questionnaires" => "questionnaire",
        "documents" => "document",
        "events" => "event",
        "funding-applications" => "funding",
        "groups" => "group",
        "meetings" => "meeting",
        "networks" => "network",
        "news" => "news",
        "trainings" => "training",
        "training-paths" => "training_path",
        "jobs" => "job",
        "posts" => "post",
        "achievements" => "achievement",
        "credentials" => "credential",
        "lists" => "list",
        "issues" => "issue",
        "places" => "place",
        "projects" => "project",
        "registrations" => "registration",
        "services" => "service",
        "spaces" => "space",
        "stakeholders" => "stakeholder",
        _ if !path.contains("{id}") => "place",
        other => panic!("no object for /api/v1/{other}/…: add it to `fill`"),
    };
    let membership = if path.ends_with("/accept") {
        "invitation_accept"
    } else if path.ends_with("/decline") {
        "invitation_decline"
    } else {
        "membership"
    };
    path.replace("{id}", &w.ids[id_of].to_string())
        .replace("{membership_id}", &w.ids[membership].to_string())
        .replace(
            "{photo_id}",
            &w.ids[if path.starts_with("/api/v1/actors/") {
                "actor_photo"
            } else {
                "photo"
            }]
            .to_string(),
        )
        .replace("{user_id}", &w.ids["holder"].to_string())
        .replace("{phase_id}", &w.ids["phase"].to_string())
        .replace("{event_id}", &w.ids["training_session"].to_string())
        .replace("{document_id}", &w.ids["document_id"].to_string())
        .replace("{place_id}", &w.ids["place"].to_string())
        .replace("{issuer}", &format!("reseau-{}", w.ids["network"]))
        .replace("{token}", SURVEY_TOKEN)
}

/// The token of the questionnaire the world sends the member.
const SURVEY_TOKEN: &str = "jeton-du-questionnaire-de-test";

/// A value of `schema` the body reader accepts: required properties, the first value of a
/// closed list, plausible texts for dates and e-mails.
fn sample(doc: &Value, schema: &Value, name: &str, w: &World) -> Value {
    if let Some(r) = schema["$ref"].as_str() {
        let n = r.rsplit('/').next().unwrap();
        return sample(doc, &doc["components"]["schemas"][n], name, w);
    }
    if let Some(v) = schema["enum"].as_array() {
        return v
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(alts) = schema[key].as_array() {
            if let Some(a) = alts.iter().find(|a| a["type"] != "null") {
                return sample(doc, a, name, w);
            }
            return Value::Null;
        }
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or(Value::Null),
        t => t.clone(),
    };
    match ty.as_str().unwrap_or(if schema["properties"].is_object() {
        "object"
    } else {
        ""
    }) {
        "object" => {
            let mut out = serde_json::Map::new();
            let required: BTreeSet<&str> = schema["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            for (k, s) in schema["properties"].as_object().into_iter().flatten() {
                // The place names the scope of what has one (a document, an event, a group).
                if required.contains(k.as_str()) || k == "place_id" {
                    out.insert(k.clone(), sample(doc, s, k, w));
                }
            }
            Value::Object(out)
        }
        "array" => json!([]),
        "integer" => {
            if name.ends_with("place_id") {
                json!(w.ids["place"])
            } else if name.ends_with("network_id") {
                json!(w.ids["network"])
            } else {
                json!(1)
            }
        }
        "number" => json!(1.0),
        "boolean" => json!(false),
        "string" => {
            let f = schema["format"].as_str().unwrap_or("");
            if f == "date" || name.ends_with("_on") || name == "deadline" {
                json!("2031-03-04")
            } else if f == "date-time" || name.ends_with("_at") {
                json!(next_wednesday(14))
            } else if name.contains("email") {
                json!("quelquun@example.org")
            } else {
                json!("Essai")
            }
        }
        _ => json!({}),
    }
}

/// Sends `method path` as `role` with a body built for it; the status.
async fn attempt(
    app: &TestApp,
    doc: &Value,
    w: &World,
    method: &str,
    path: &str,
    role: Role,
) -> u16 {
    let op = &doc["paths"][path][method.to_lowercase()];
    let url = app.url(&fill(path, w));
    // From the site itself, so that the cross-site check lets it reach its handler.
    let mut req = reqwest::Client::new()
        .request(method.parse().unwrap(), url)
        .header("origin", app.base.clone());
    if let Some(t) = w.tokens.get(&role) {
        req = req.bearer_auth(t);
    }
    let content = &op["requestBody"]["content"];
    if let Some((ct, c)) = content.as_object().and_then(|m| m.iter().next()) {
        if ct.starts_with("multipart/") {
            req = req.multipart(
                reqwest::multipart::Form::new()
                    .text("alt", "Essai")
                    .text("title", "Essai")
                    .text("visibility", "public")
                    .text("place_id", w.ids["place"].to_string())
                    .part(
                        "file",
                        reqwest::multipart::Part::bytes(png(32, 24)).file_name("essai.png"),
                    ),
            );
        } else {
            let body = sample(doc, &c["schema"], "", w);
            req = req
                .header("content-type", ct.as_str())
                .body(body.to_string());
        }
    }
    req.send().await.unwrap().status().as_u16()
}

fn refused(status: u16) -> bool {
    matches!(status, 401 | 403 | 404)
}

both!(
    every_api_write_answers_only_the_roles_it_names,
    |app: TestApp| async move {
        let doc = app.openapi().await;
        let w = world(&app).await;
        let expected: BTreeMap<(&str, &str), &[Role]> =
            EXPECTED.iter().map(|(m, p, r)| ((*m, *p), *r)).collect();
        let mut ops: Vec<(String, String)> = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in ["post", "put", "patch", "delete"] {
                if item.get(method).is_some() {
                    ops.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        let undeclared: Vec<String> = ops
            .iter()
            .filter(|(m, p)| !expected.contains_key(&(m.as_str(), p.as_str())))
            .map(|(m, p)| format!("{m} {p}"))
            .collect();
        assert!(
        undeclared.is_empty(),
        "mutating routes without an entry in authz::EXPECTED (say who may call them): {undeclared:#?}"
    );
        let stale: Vec<String> = EXPECTED
            .iter()
            .filter(|(m, p, _)| !ops.iter().any(|(om, op)| om == m && op == p))
            .map(|(m, p, _)| format!("{m} {p}"))
            .collect();
        assert!(
            stale.is_empty(),
            "entries of authz::EXPECTED the API no longer has: {stale:#?}"
        );
        // Deletions last, a child before its parent (a longer path first), the place at the end.
        ops.sort_by_key(|(m, p)| {
            (
                m == "DELETE",
                p == "/api/v1/places/{id}",
                std::cmp::Reverse(p.len()),
                p.clone(),
            )
        });
        let mut wrong = Vec::new();
        for (method, path) in &ops {
            let allowed = expected[&(method.as_str(), path.as_str())];
            for role in ROLES {
                let status = attempt(&app, &doc, &w, method, path, role).await;
                let may = allowed.contains(&role);
                if role == Anon && !may && status != 401 {
                    wrong.push(format!("{method} {path} anonymous: {status} (want 401)"));
                } else if may == refused(status) {
                    wrong.push(format!(
                        "{method} {path} {role:?}: {status} (want {})",
                        if may { "let through" } else { "401/403/404" }
                    ));
                }
                if may && method == "DELETE" {
                    break;
                }
            }
        }
        assert!(wrong.is_empty(), "authorization matrix: {wrong:#?}");
    }
);

/// The `POST` routes of the router's source: `.route("path", …post(…)…)`.
fn post_routes() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut routes = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut rest = text.as_str();
        while let Some(i) = rest.find(".route(") {
            rest = &rest[i + ".route(".len()..];
            // The call's text, up to its closing parenthesis.
            let mut depth = 1;
            let mut end = 0;
            for (j, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = j;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let call = &rest[..end];
            let Some(path) = call.split('"').nth(1) else {
                continue;
            };
            if !path.starts_with("/api/") && (call.contains("post(") || call.contains(".post(")) {
                routes.insert(path.to_string());
            }
        }
    }
    routes.into_iter().collect()
}

both!(
    every_page_write_sends_a_visitor_to_sign_in,
    |app: TestApp| async move {
        let routes = post_routes();
        assert!(routes.len() > 40, "only {} POST pages found", routes.len());
        let mut wrong = Vec::new();
        for path in &routes {
            if PUBLIC_POSTS.contains(&path.as_str()) {
                continue;
            }
            let url = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "1" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let res = app
                .client
                .post(app.url(&url))
                .header("origin", app.base.clone())
                .form(&[("x", "1")])
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let to_login = status == 303
                && res
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                    .is_some_and(|l| l.starts_with("/connexion"));
            // 400: the form was refused before anything else (no write either).
            if !(to_login || refused(status) || status == 400) {
                wrong.push(format!("POST {path}: {status}"));
            }
        }
        assert!(
        wrong.is_empty(),
        "pages a visitor may write to without signing in (add them to PUBLIC_POSTS only if they are meant to be public): {wrong:#?}"
    );
    }
);

/// `POST` pages any signed-in person may send, each with why: about their own account, or a
/// request that someone else answers (a moderator, a manager, a rule of the object). A
/// signed-in stranger is not sent there; every other page must refuse them.
const SIGNED_IN_POSTS: &[(&str, &str)] = &[
    ("/compte/jetons", "creates an API token of their own account"),
    ("/compte/mot-de-passe", "changes their own password"),
    ("/compte/profil", "changes their own name and language"),
    ("/compte/suppression", "deletes their own account"),
    ("/compte/notifications", "sets their own notification preferences"),
    ("/mes-inscriptions/flux", "the address of their own registrations' calendar feed"),
    ("/projets", "creates a project: they are its first holder, a network only follows it once its admin accepts"),
    ("/acteurs", "creates their own person profile (opt-in, one per account) or an organisation where they manage: any other place or network answers 404 (actors::only_the_right_people_*)"),
    ("/lieux/proposer", "proposes a place, published only by a moderator"),
    ("/lieux/{slug}/modifier", "proposes a change to a place, applied only by its managers or a moderator"),
    ("/lieux/{slug}/revendiquer", "asks to manage a place, granted only by a moderator"),
    ("/annonces/{id}/contacter", "writes to the author of a listed post through Maillage (no address shown), rate-limited, refused if the author blocked them"),
    ("/acteurs/{slug}/revendiquer", "asks to run an organisation's profile, granted only by a moderator of its places or network"),
    ("/espaces/{id}/reserver", "books a space open to signed-in people: the space's access rule decides (bookings::*)"),
    ("/espaces/{id}/reserver-serie", "books a series on such a space, under the same rule"),
    ("/evenements/{id}/inscription", "registers to a public event"),
    ("/evenements/importer", "imports a calendar for an organizer the person runs: chosen in the form, any other is a 422 on `organizer` before anything is read or downloaded"),
    ("/emplois/alertes", "saves their own search of the job board (their own daily digest)"),
    ("/emplois/{slug}/candidater", "applies to a listed offer with a message and a CV, seen only by them and the employer"),
    ("/annonces/{id}/signaler", "reports a post they see to its moderators, once (posts::moderators_*)"),
    ("/groupes/{slug}/rejoindre", "joins a group, or asks to: the group's joining rule decides (groups::*)"),
    ("/apercu", "previews rich text as it would be stored (sanitized HTML): reads nothing, stores nothing (editor::*)"),
];

/// The objects of the pages' paths the API's world does not name, and the slugs.
struct PageIds {
    ids: BTreeMap<&'static str, i64>,
    slugs: BTreeMap<&'static str, String>,
}

async fn text(app: &TestApp, sql: &str) -> String {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, String>(sql)
        .fetch_one(p)
        .await)
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// What the pages name beyond the API's world: a closure, a qualification and a photo of the
/// space, a proposal and a claim on the place, a role, an invitation to the project, a token
/// (none of them the stranger's), and the slugs.
async fn page_ids(app: &TestApp, w: &World) -> PageIds {
    let db = &app.state.db;
    let (place, space, project) = (w.ids["place"], w.ids["space"], w.ids["project"]);
    let member = user_id(app, "membre@demo.maillage.fr").await;
    let mut ids = BTreeMap::new();
    maillage::bookings::repo::add_closure(
        db,
        maillage::ids::SpaceId(space),
        "2099-01-01",
        "2099-01-02",
        "Inventaire",
    )
    .await
    .unwrap();
    ids.insert(
        "closure",
        scalar(
            app,
            &format!("SELECT MAX(id) FROM space_closures WHERE space_id = {space}"),
        )
        .await,
    );
    let manager = user_id(app, "gerant.riez@demo.maillage.fr").await;
    maillage::bookings::repo::qualify(db, maillage::ids::SpaceId(space), member, manager, 0)
        .await
        .unwrap();
    ids.insert("qualified", member.get());
    let (s, photo) = app
        .api_multipart(
            &format!("/api/v1/spaces/{space}/photos"),
            &w.tokens[&Manager],
            crate::harness::photo_form("Le salon", Some(("s.png", png(64, 48)))),
        )
        .await;
    assert_eq!(s, 201, "{photo}");
    ids.insert("space_photo", photo["id"].as_i64().unwrap());
    let place_id = maillage::ids::PlaceId(place);
    ids.insert(
        "proposal",
        maillage::places::repo::insert_proposal(db, place_id, member, "{}", 0)
            .await
            .unwrap(),
    );
    ids.insert(
        "claim",
        maillage::places::repo::insert_claim(db, place_id, member, "C'est mon lieu", 0)
            .await
            .unwrap(),
    );
    ids.insert(
        "role",
        scalar(
            app,
            &format!("SELECT MIN(id) FROM roles WHERE user_id = {manager}"),
        )
        .await,
    );
    post(
        app,
        &format!("/api/v1/projects/{project}/members"),
        &w.tokens[&Holder],
        json!({"email": "quelquun@example.org"}),
    )
    .await;
    ids.insert(
        "project_invitation",
        scalar(app, "SELECT MAX(id) FROM project_invitations").await,
    );
    ids.insert(
        "token",
        scalar(
            app,
            &format!("SELECT MIN(id) FROM api_tokens WHERE user_id = {member}"),
        )
        .await,
    );
    // A saved job search of the member (not the stranger's).
    let search = maillage::employment::repo::insert_search(
        &app.state.db,
        member,
        "cdd",
        None,
        "",
        "",
        "",
        i64::MAX / 2,
        0,
    )
    .await
    .unwrap();
    ids.insert("job_search", search.get());
    let mut slugs = BTreeMap::new();
    slugs.insert(
        "acteurs",
        text(
            app,
            &format!("SELECT slug FROM actors WHERE id = {}", w.ids["actor"]),
        )
        .await,
    );
    slugs.insert(
        "lieux",
        text(app, &format!("SELECT slug FROM places WHERE id = {place}")).await,
    );
    slugs.insert(
        "groupes",
        text(
            app,
            &format!("SELECT slug FROM groups WHERE id = {}", w.ids["group"]),
        )
        .await,
    );
    slugs.insert(
        "projets",
        text(
            app,
            &format!("SELECT slug FROM projects WHERE id = {project}"),
        )
        .await,
    );
    slugs.insert(
        "reseaux",
        text(
            app,
            &format!("SELECT slug FROM networks WHERE id = {}", w.ids["network"]),
        )
        .await,
    );
    slugs.insert(
        "formations",
        text(
            app,
            &format!(
                "SELECT slug FROM trainings WHERE id = {}",
                w.ids["training"]
            ),
        )
        .await,
    );
    slugs.insert(
        "emplois",
        text(
            app,
            &format!("SELECT slug FROM job_offers WHERE id = {}", w.ids["job"]),
        )
        .await,
    );
    slugs.insert(
        "actualites",
        text(
            app,
            &format!("SELECT slug FROM news_posts WHERE id = {}", w.ids["news"]),
        )
        .await,
    );
    slugs.insert(
        "parcours",
        text(app, "SELECT slug FROM training_paths ORDER BY id LIMIT 1").await,
    );
    slugs.insert(
        "badges",
        text(app, "SELECT uid FROM badge_credentials ORDER BY id LIMIT 1").await,
    );
    PageIds { ids, slugs }
}

/// A page's path with its parameters filled with real objects (by the segment before each),
/// so that the handler's own check answers, not a missing object.
fn fill_page(path: &str, w: &World, pw: &PageIds) -> String {
    let segs: Vec<&str> = path.split('/').collect();
    let mut out = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        if !seg.starts_with('{') {
            out.push(seg.to_string());
            continue;
        }
        let prev = segs[i - 1];
        let key = match (*seg, prev) {
            ("{slug}", p) => {
                out.push(pw.slugs[p].clone());
                continue;
            }
            ("{token}", _) => {
                out.push("jeton-inconnu-0123456789".into());
                continue;
            }
            ("{answer}", _) => {
                out.push("accepter".into());
                continue;
            }
            ("{action}", _) => {
                out.push("retirer".into());
                continue;
            }
            ("{key}", _) => {
                out.push("surface_m2".into());
                continue;
            }
            ("{credential}", _) => {
                out.push(pw.slugs["badges"].clone());
                continue;
            }
            ("{issuer}", _) => {
                out.push(format!("reseau-{}", w.ids["network"]));
                continue;
            }
            ("{cid}", _) => "closure",
            ("{uid}", _) => "qualified",
            ("{pid}", _) if path.starts_with("/admin/espaces/") => "space_photo",
            ("{pid}", _) => "photo",
            ("{user_id}", _) => "holder",
            ("{doc}", _) => "document_id",
            (_, "actions") => "action",
            (_, "recensement") | (_, "campagnes") => "campaign",
            (_, "questionnaires") => "questionnaire",
            (_, "espaces") => "space",
            (_, "lieux") | (_, "lieu") => "place",
            (_, "licence") | (_, "reseaux") => "network",
            (_, "proposition") => "proposal",
            (_, "revendication") => "claim",
            (_, "revendications") => "actor_claim",
            (_, "messages") => "thread",
            (_, "prestations") => "service",
            (_, "reservations") => "booking",
            (_, "roles") => "role",
            // Someone else's invitations: the stranger's own are theirs to answer.
            (_, "groupes") if path.starts_with("/compte/") => "invitation_decline",
            (_, "projets") if path.starts_with("/compte/") => "project_invitation",
            (_, "jetons") => "token",
            (_, "documents") => "document",
            (_, "evenements") => "event",
            (_, "membres") => "membership",
            (_, "inscriptions") => "registration",
            (_, "budget") => "budget_line",
            (_, "dossiers") => "funding",
            (_, "parties-prenantes") => "stakeholder",
            (_, "phases") => "phase",
            (_, "reunions") => "meeting",
            (_, "sessions") => "training_session",
            (_, "listes") => "list",
            (_, "lettres") => "issue",
            (_, "realisations") => "achievement",
            (_, "alertes") => "job_search",
            (_, "annonces") => "post",
            (s, p) => panic!("no object for {s} after /{p}/ in {path}: add it to `fill_page`"),
        };
        let id = pw.ids.get(key).or_else(|| w.ids.get(key)).unwrap();
        out.push(id.to_string());
    }
    out.join("/")
}

both!(
    every_page_write_refuses_a_signed_in_stranger,
    |app: TestApp| async move {
        let routes = post_routes();
        let w = world(&app).await;
        let pw = page_ids(&app, &w).await;
        let stranger = app.new_browser();
        let res = app.login_as(&stranger, "inconnu@example.org").await;
        assert_eq!(res.status(), 303, "the stranger signs in");
        let allowed: BTreeMap<&str, &str> = SIGNED_IN_POSTS.iter().copied().collect();
        let stale: Vec<&&str> = allowed
            .keys()
            .filter(|p| !routes.iter().any(|r| r == **p))
            .collect();
        assert!(
            stale.is_empty(),
            "entries of SIGNED_IN_POSTS the pages no longer have: {stale:#?}"
        );
        // One body every page's form reads (a form ignores the fields it does not know), so
        // that the handler's own check answers rather than the form reader (400).
        let riez = w.ids["place"].to_string();
        let member = user_id(&app, "membre@demo.maillage.fr")
            .await
            .get()
            .to_string();
        let form: Vec<(&str, &str)> = vec![
            ("name", "Essai"),
            ("title", "Essai"),
            ("text", "Essai"),
            ("body", "<p>Essai</p>"),
            ("minutes", "Essai"),
            ("minutes_visibility", "members"),
            ("email", "quelquun@example.org"),
            ("role", "member"),
            ("kind", "holders"),
            ("status", "done"),
            ("decision", "accept"),
            ("visibility", "public"),
            ("date", "2099-01-05"),
            ("start", "10:00"),
            ("end", "11:00"),
            ("starts_on", "2099-01-05"),
            ("ends_on", "2099-01-06"),
            ("rrule", "FREQ=WEEKLY"),
            ("user_id", &member),
            ("place_id", &riez),
        ];
        let mut wrong = Vec::new();
        for path in &routes {
            if PUBLIC_POSTS.contains(&path.as_str()) || allowed.contains_key(path.as_str()) {
                continue;
            }
            let url = app.url(&fill_page(path, &w, &pw));
            let mut status = stranger
                .post(&url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            // A page that reads a multipart form refuses another body before anything else:
            // send it one, so that its own check answers.
            if matches!(status, 400 | 415) {
                status = stranger
                    .post(&url)
                    .multipart(
                        reqwest::multipart::Form::new()
                            .text("alt", "Essai")
                            .text("title", "Essai")
                            .text("visibility", "public")
                            .text("place_id", riez.clone())
                            .part(
                                "file",
                                reqwest::multipart::Part::bytes(png(32, 24)).file_name("essai.png"),
                            ),
                    )
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16();
            }
            // Signed in: a redirection to the login page would be a check that forgot them.
            if !matches!(status, 403 | 404) {
                wrong.push(format!("POST {path}: {status}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "pages a signed-in stranger may write to (add them to SIGNED_IN_POSTS, saying why, only if any account may use them): {wrong:#?}"
        );
        // Still signed in (no page above signed them out).
        let res = stranger.get(app.url("/compte")).send().await.unwrap();
        assert_eq!(res.status(), 200);
    }
);
