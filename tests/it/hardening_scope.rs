//! Issue 14, findings 4 and 5 (points 5 and 6): no account oracle and no membership without
//! consent; visibility capped by the scope. Each test replays the tester's requests, on SQLite
//! and on PostgreSQL. See `docs/securite.md`.

use serde_json::json;

use crate::both;
use crate::groups::{club, send, world};
use crate::harness::{location, TestApp};
use maillage::accounts::model::RoleKind;
use maillage::accounts::repo as accounts;
use maillage::db::Db;

/// A date a week ahead (Paris), for the booking forms.
fn next_week() -> String {
    (chrono::Utc::now() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string()
}

async fn post_form(
    browser: &reqwest::Client,
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let res = browser.post(app.url(path)).form(form).send().await.unwrap();
    let status = res.status().as_u16();
    let loc = if status == 303 {
        location(&res)
    } else {
        String::new()
    };
    let text = res.text().await.unwrap();
    (status, if status == 303 { loc } else { text })
}

/// Runs one statement on either engine (to put rows as they were stored before the rule).
async fn exec(app: &TestApp, sql: &str, a: bool, b: i64) {
    match &app.state.db {
        Db::Sqlite(p) => {
            sqlx::query(sql).bind(a).bind(b).execute(p).await.unwrap();
        }
        Db::Postgres(p) => {
            sqlx::query(sql).bind(a).bind(b).execute(p).await.unwrap();
        }
    }
}

// ---- finding 4: booking in someone's name ----

both!(
    booking_for_someone_is_no_account_oracle,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (s, space) = send(
        &app,
        "POST",
        &format!("/api/v1/places/{}/spaces", w.p1),
        Some(&w.manager1),
        Some(json!({"name": "Salle des fêtes", "kind": "salle_reunion", "capacity": 30, "mode": "room"})),
    )
    .await;
        assert_eq!(s, 201, "{space}");
        let path = format!("/espaces/{}/reserver", space["id"]);
        let day = next_week();

        // A signed-in person who is no manager: the same answer for an existing account and an
        // unknown address (it was 404 against 422 « Aucun compte… »).
        let stranger = app.new_browser();
        app.login_as(&stranger, "visiteur@example.org").await;
        let mut answers = Vec::new();
        for email in ["membre.a@example.org", "personne.inconnue@example.org"] {
            let f = [
                ("date", day.as_str()),
                ("start", "10:00"),
                ("end", "11:00"),
                ("for_email", email),
            ];
            answers.push(post_form(&stranger, &app, &path, &f).await);
        }
        assert_eq!(answers[0].0, answers[1].0, "same status");
        assert_eq!(answers[0].1, answers[1].1, "same page");
        assert!(!answers[1].1.contains("Aucun compte"), "{}", answers[1].1);

        // The manager: an account that is not a member of the place and an unknown address get
        // the same 422 and the same words.
        let manager = app.new_browser();
        app.login_as(&manager, "gerant1@example.org").await;
        let mut answers = Vec::new();
        for email in ["membre.a@example.org", "personne.inconnue@example.org"] {
            let f = [
                ("date", day.as_str()),
                ("start", "11:00"),
                ("end", "12:00"),
                ("for_email", email),
            ];
            answers.push(post_form(&manager, &app, &path, &f).await);
        }
        assert_eq!(answers[0].0, 422, "{}", answers[0].1);
        assert_eq!(answers[1].0, 422);
        for (_, page) in &answers {
            assert!(page.contains("pas membre du lieu"), "{page}");
            assert!(!page.contains("Aucun compte"));
        }

        // A member of the place is found by their name in the member field (the page lists
        // nobody); someone who is no member of the place is no more found than a name nobody has.
        accounts::grant_role(
            &app.state.db,
            w.member_b.0,
            RoleKind::Member,
            None,
            Some(w.p1),
            0,
        )
        .await
        .unwrap();
        let page = manager
            .get(app.url(&format!("/espaces/{}", space["id"])))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !page.contains("Membre B") && !page.contains("Membre A"),
            "no list of members in the page"
        );
        let mut answers = Vec::new();
        for name in ["Membre A", "Personne Inconnue"] {
            let f = [
                ("date", day.as_str()),
                ("start", "11:00"),
                ("end", "12:00"),
                ("member", name),
            ];
            answers.push(post_form(&manager, &app, &path, &f).await);
        }
        assert_eq!(answers[0].0, 422, "{}", answers[0].1);
        assert_eq!(answers[0].1, answers[1].1, "same page");
        let (s, to) = post_form(
            &manager,
            &app,
            &path,
            &[
                ("date", &day),
                ("start", "12:00"),
                ("end", "13:00"),
                ("member", "Membre B"),
            ],
        )
        .await;
        assert_eq!(s, 303, "{to}");
        let (_, mine) = send(&app, "GET", "/api/v1/bookings", Some(&w.member_b.1), None).await;
        assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    }
);

// The API's counterpart: a manager books by account id. An unknown id and an account that is
// no member of the place get the same 422 (it was 422 « Aucun compte… » against 201, a
// booking in the name of any account, whose name then showed on the place's bookings).
both!(
    booking_for_someone_by_id_is_no_account_oracle,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (s, space) = send(
            &app,
            "POST",
            &format!("/api/v1/places/{}/spaces", w.p1),
            Some(&w.manager1),
            Some(json!({"name": "Salle des fêtes", "kind": "salle_reunion", "capacity": 30, "mode": "room"})),
        )
        .await;
        assert_eq!(s, 201, "{space}");
        let path = format!("/api/v1/spaces/{}/bookings", space["id"]);
        let at = |h: u32| {
            (chrono::Utc::now() + chrono::Duration::days(7))
                .date_naive()
                .and_hms_opt(h, 0, 0)
                .unwrap()
                .and_utc()
                .to_rfc3339()
        };
        let mut answers = Vec::new();
        for (h, uid) in [(9, w.member_a.0.get()), (10, 987_654)] {
            answers.push(
                send(
                    &app,
                    "POST",
                    &path,
                    Some(&w.manager1),
                    Some(json!({"starts_at": at(h), "ends_at": at(h + 1), "user_id": uid})),
                )
                .await,
            );
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0].0, 422, "{:?}", answers[0]);
        assert!(
            answers[0].1["error"]["fields"]["user"].is_string(),
            "{:?}",
            answers[0]
        );
        let (_, mine) = send(&app, "GET", "/api/v1/bookings", Some(&w.member_a.1), None).await;
        assert_eq!(mine.as_array().unwrap().len(), 0, "{mine}");
        // A member of the place: booked in their name.
        accounts::grant_role(
            &app.state.db,
            w.member_a.0,
            RoleKind::Member,
            None,
            Some(w.p1),
            0,
        )
        .await
        .unwrap();
        let (s, b) = send(
            &app,
            "POST",
            &path,
            Some(&w.manager1),
            Some(json!({"starts_at": at(11), "ends_at": at(12), "user_id": w.member_a.0})),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        assert_eq!(b["user_id"], w.member_a.0.get());
    }
);

// ---- finding 4: qualifying a person for a machine ----

both!(
    space_qualification_is_no_account_oracle,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (s, laser) = send(
            &app,
            "POST",
            &format!("/api/v1/places/{}/spaces", w.p1),
            Some(&w.manager1),
            Some(
                json!({"name": "Découpeuse laser", "kind": "decoupe_laser", "capacity": 1,
                        "requires_qualification": true}),
            ),
        )
        .await;
        assert_eq!(s, 201, "{laser}");
        let id = laser["id"].as_i64().unwrap();
        let path = format!("/admin/espaces/{id}/habilitations");
        let manager = app.new_browser();
        app.login_as(&manager, "gerant1@example.org").await;

        // The same status, the same redirection and the same words for an account and for an
        // unknown address (it was a redirection against 422 « Aucun compte… »).
        let mut answers = Vec::new();
        for email in ["Membre.A@example.org", "personne.inconnue@example.org"] {
            let (status, to) = post_form(&manager, &app, &path, &[("email", email)]).await;
            // Where it leads (a redirection), or the page answered at once.
            let page = if status == 303 {
                manager
                    .get(app.url(&to))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            } else {
                to.clone()
            };
            let flash = page
                .split("class=\"flash")
                .nth(1)
                .and_then(|f| f.split("</").next())
                .unwrap_or_default()
                .to_string();
            answers.push((status, to, flash));
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0].0, 303, "{:?}", answers[0]);
        assert!(
            answers[0].2.contains("Si un compte utilise cette adresse"),
            "{:?}",
            answers[0]
        );

        // The account is qualified (the manager sees that person, whom they named), and books.
        let page = manager
            .get(app.url(&format!("/admin/espaces/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("membre.a@example.org"), "{page}");
        assert!(!page.contains("personne.inconnue@example.org"));
        assert!(maillage::bookings::repo::is_qualified(
            &app.state.db,
            maillage::ids::SpaceId(id),
            w.member_a.0
        )
        .await
        .unwrap());

        // Not an address at all: a 422 that says so, whatever the accounts.
        let (s, page) = post_form(&manager, &app, &path, &[("email", "pas-une-adresse")]).await;
        assert_eq!(s, 422);
        assert!(page.contains("adresse e-mail valide"), "{page}");
        assert!(!page.contains("Aucun compte"));

        // Someone who does not manage the place: refused before any lookup.
        let stranger = app.new_browser();
        app.login_as(&stranger, "membre.b@example.org").await;
        for email in ["membre.a@example.org", "personne.inconnue@example.org"] {
            let (s, _) = post_form(&stranger, &app, &path, &[("email", email)]).await;
            assert!(s == 403 || s == 404, "{s}");
        }
    }
);

// ---- finding 4: roles on a place or a network ----

both!(
    role_invitations_are_no_account_oracle,
    |app: TestApp| async move {
        let w = world(&app).await;
        let manager = app.new_browser();
        app.login_as(&manager, "gerant1@example.org").await;
        let path = format!("/admin/lieux/{}/roles", w.p1);
        app.drain_emails().await;
        // The same redirection and words for an account and for an unknown address (it was
        // « Rôle attribué. » against « Invitation envoyée par e-mail. »).
        let mut answers = Vec::new();
        for email in ["membre.a@example.org", "personne.inconnue@example.org"] {
            let (status, to) = post_form(
                &manager,
                &app,
                &path,
                &[("email", email), ("role", "member")],
            )
            .await;
            let page = if status == 303 {
                manager
                    .get(app.url(&to))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            } else {
                to.clone()
            };
            let flash = page
                .split("class=\"flash")
                .nth(1)
                .and_then(|f| f.split("</").next())
                .unwrap_or_default()
                .to_string();
            answers.push((status, to, flash));
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0].0, 303, "{:?}", answers[0]);
        // No role without consent: Membre A is invited by email, like the unknown address.
        assert!(accounts::roles_of(&app.state.db, w.member_a.0)
            .await
            .unwrap()
            .is_empty());
        let mails = app.drain_emails().await;
        for to in ["membre.a@example.org", "personne.inconnue@example.org"] {
            let mail = mails.iter().find(|m| m.to == to).unwrap();
            assert!(mail.text.contains("/invitation/"), "{}", mail.text);
        }
    }
);

// ---- finding 4: holders of a project ----

both!(
    project_holders_are_invited_never_added,
    |app: TestApp| async move {
        let holder_id = app.user("porteuse@example.org", "Porteuse").await;
        let holder = app.token_for(holder_id).await;
        let bob_id = app.user("bob@example.org", "Bob").await;
        let bob = app.token_for(bob_id).await;
        let (s, p) = send(
            &app,
            "POST",
            "/api/v1/projects",
            Some(&holder),
            Some(json!({"name": "Projet discret", "public": false})),
        )
        .await;
        assert_eq!(s, 201, "{p}");
        let id = p["id"].as_i64().unwrap();
        let members = format!("/api/v1/projects/{id}/members");
        app.drain_emails().await;

        // The same answer for an account and for an unknown address (it was `added` / `invited`).
        let (s1, b1) = send(
            &app,
            "POST",
            &members,
            Some(&holder),
            Some(json!({"email": "bob@example.org"})),
        )
        .await;
        let (s2, b2) = send(
            &app,
            "POST",
            &members,
            Some(&holder),
            Some(json!({"email": "nouvelle@example.org"})),
        )
        .await;
        assert_eq!((s1, &b1), (s2, &b2));
        assert_eq!(b1["result"], "invited");

        // Bob is not a holder until he accepts: the project is not listed for him and answers 404.
        let (_, list) = send(&app, "GET", "/api/v1/projects", Some(&bob), None).await;
        assert!(!list.to_string().contains("Projet discret"), "{list}");
        let (s, _) = send(
            &app,
            "GET",
            &format!("/api/v1/projects/{id}"),
            Some(&bob),
            None,
        )
        .await;
        assert_eq!(s, 404);
        let (_, holders) = send(&app, "GET", &members, Some(&holder), None).await;
        assert_eq!(holders.as_array().unwrap().len(), 1, "{holders}");

        // Both got an email with a link; Bob's account page lists the invitation.
        let mails = app.drain_emails().await;
        for to in ["bob@example.org", "nouvelle@example.org"] {
            let mail = mails.iter().find(|m| m.to == to).unwrap();
            assert!(mail.text.contains("/projets/invitation/"), "{}", mail.text);
        }
        let browser = app.new_browser();
        app.login_as(&browser, "bob@example.org").await;
        let page = browser
            .get(app.url("/compte/invitations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Projet discret"), "{page}");
        let account = browser
            .get(app.url("/compte"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(account.contains("/compte/invitations"));
        let action = page
            .split("action=\"")
            .map(|s| s.split('"').next().unwrap())
            .find(|a| a.starts_with("/compte/invitations/projets/") && a.ends_with("/accepter"))
            .unwrap()
            .to_string();
        let (s, _) = post_form(&browser, &app, &action, &[]).await;
        assert_eq!(s, 303);
        let (s, _) = send(
            &app,
            "GET",
            &format!("/api/v1/projects/{id}"),
            Some(&bob),
            None,
        )
        .await;
        assert_eq!(s, 200, "a holder once he accepted");
        let (s, _) = post_form(&browser, &app, &action, &[]).await;
        assert_eq!(s, 404, "an invitation is answered once");
    }
);

// ---- finding 4: members of a group ----

both!(
    group_members_are_invited_never_added,
    |app: TestApp| async move {
        let w = world(&app).await;
        let g = club(&app, &w.manager1, w.p1, "Club privé", "members").await;
        let path = format!("/api/v1/groups/{g}/members");
        // By email: the same answer for an account and an unknown address (it was 201 / 422).
        let (s1, b1) = send(
            &app,
            "POST",
            &path,
            Some(&w.manager1),
            Some(json!({"email": "membre.a@example.org"})),
        )
        .await;
        let (s2, b2) = send(
            &app,
            "POST",
            &path,
            Some(&w.manager1),
            Some(json!({"email": "inconnu@example.org"})),
        )
        .await;
        assert_eq!((s1, &b1), (s2, &b2));
        assert_eq!(s1, 202, "{b1}");
        // The page's form too.
        let manager = app.new_browser();
        app.login_as(&manager, "gerant1@example.org").await;
        let mut answers = Vec::new();
        for email in ["membre.b@example.org", "inconnu2@example.org"] {
            answers.push(
                post_form(
                    &manager,
                    &app,
                    "/groupes/club-prive/membres",
                    &[("email", email), ("role", "member")],
                )
                .await,
            );
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0].0, 303);

        // Invited is not a member: no rights, the group stays closed to Membre A.
        let (s, _) = send(&app, "GET", &path, Some(&w.member_a.1), None).await;
        assert_eq!(s, 404);
        let (s, _) = send(
            &app,
            "GET",
            &format!("/api/v1/groups/{g}"),
            Some(&w.member_a.1),
            None,
        )
        .await;
        assert_eq!(s, 404);
        let mail = app.email_to("membre.a@example.org").await;
        assert!(mail.text.contains("/compte/invitations"), "{}", mail.text);

        // By id: the membership is `invited`; the manager cannot approve it in their stead; the
        // person accepts.
        let (s, m) = send(
            &app,
            "POST",
            &path,
            Some(&w.manager1),
            Some(json!({"user_id": w.president.0, "role": "president"})),
        )
        .await;
        assert_eq!(s, 201, "{m}");
        assert_eq!(m["status"], "invited");
        assert_eq!(m["current"], false);
        let mid = m["id"].as_i64().unwrap();
        let (s, _) = send(
            &app,
            "PATCH",
            &format!("{path}/{mid}"),
            Some(&w.manager1),
            Some(json!({"status": "active"})),
        )
        .await;
        assert_eq!(s, 409);
        let (s, _) = send(
            &app,
            "POST",
            &format!("{path}/{mid}/accept"),
            Some(&w.member_b.1),
            None,
        )
        .await;
        assert_eq!(s, 404, "only the invited person answers");
        let (s, m) = send(
            &app,
            "POST",
            &format!("{path}/{mid}/accept"),
            Some(&w.president.1),
            None,
        )
        .await;
        assert_eq!(s, 200, "{m}");
        assert_eq!(m["current"], true);

        // Membre A accepts from her account's invitations page.
        let browser = app.new_browser();
        app.login_as(&browser, "membre.a@example.org").await;
        let page = browser
            .get(app.url("/compte/invitations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Club privé"), "{page}");
        let action = page
            .split("action=\"")
            .map(|s| s.split('"').next().unwrap())
            .find(|a| a.starts_with("/compte/invitations/groupes/") && a.ends_with("/accepter"))
            .unwrap()
            .to_string();
        assert_eq!(post_form(&browser, &app, &action, &[]).await.0, 303);
        let (s, _) = send(&app, "GET", &path, Some(&w.member_a.1), None).await;
        assert_eq!(s, 200);
    }
);

// ---- finding 4: a group invitation waits for the account its address may have later ----

both!(
    group_invitation_waits_for_the_account,
    |app: TestApp| async move {
        let w = world(&app).await;
        let g = club(&app, &w.manager1, w.p1, "Club privé", "members").await;
        app.drain_emails().await;
        // The same answer for an address without an account as for an account.
        let mut answers = Vec::new();
        for email in ["membre.a@example.org", "Nouvelle@Example.org"] {
            answers.push(
                send(
                    &app,
                    "POST",
                    &format!("/api/v1/groups/{g}/members"),
                    Some(&w.manager1),
                    Some(json!({"email": email, "role": "secretary"})),
                )
                .await,
            );
        }
        assert_eq!(answers[0], answers[1]);
        assert_eq!(answers[0].0, 202, "{:?}", answers[0]);
        let invitation_mail = app.email_to("nouvelle@example.org").await;

        // She signs up with that address and confirms it.
        let browser = app.new_browser();
        let res = browser
            .post(app.url("/inscription"))
            .form(&[
                ("email", "nouvelle@example.org"),
                ("display_name", "Nouvelle"),
                ("password", "une phrase de passe"),
                ("password_confirm", "une phrase de passe"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let link = app
            .email_to("nouvelle@example.org")
            .await
            .link_path(&app.base);
        assert_eq!(post_form(&browser, &app, &link, &[]).await.0, 303);
        let res = browser
            .post(app.url("/connexion"))
            .form(&[
                ("email", "nouvelle@example.org"),
                ("password", "une phrase de passe"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        // The invitation is on her invitations page, with its role; not a member before she
        // accepts.
        let page = browser
            .get(app.url("/compte/invitations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Club privé"), "{page}");
        assert!(page.contains("Secrétaire"), "{page}");
        // The email said where to find it.
        let text = &invitation_mail.text;
        assert!(text.contains("/inscription"), "{text}");
        assert!(text.contains("Mes invitations"), "{text}");
        let again = browser
            .get(app.url("/compte/invitations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            again.matches("/compte/invitations/groupes/").count(),
            page.matches("/compte/invitations/groupes/").count(),
            "read twice, listed once"
        );
        let action = page
            .split("action=\"")
            .map(|s| s.split('"').next().unwrap())
            .find(|a| a.starts_with("/compte/invitations/groupes/") && a.ends_with("/accepter"))
            .unwrap()
            .to_string();
        let page_of_group = browser
            .get(app.url("/groupes/club-prive"))
            .send()
            .await
            .unwrap();
        assert_eq!(page_of_group.status(), 404, "not a member yet");
        assert_eq!(post_form(&browser, &app, &action, &[]).await.0, 303);
        let page_of_group = browser
            .get(app.url("/groupes/club-prive"))
            .send()
            .await
            .unwrap();
        assert_eq!(page_of_group.status(), 200, "a member once she accepted");
        // Used once: nothing left to answer.
        let page = browser
            .get(app.url("/compte/invitations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("Club privé"), "{page}");
    }
);

// ---- finding 5: visibility capped by the scope ----

/// A project's holder, the project (public or not) with a public sheet, a public group and a
/// workshop; (holder token, project id, slug, group id, group slug, document id, event id).
async fn project_with_things(app: &TestApp) -> (String, i64, String, i64, String, i64, i64) {
    let net =
        maillage::tenancy::repo::insert_network(&app.state.db, "Réseau Sud", "reseau-sud", "", 0)
            .await
            .unwrap()
            .id
            .get();
    let holder_id = app.user("porteuse@example.org", "Porteuse").await;
    let holder = app.token_for(holder_id).await;
    let (s, p) = send(
        app,
        "POST",
        "/api/v1/projects",
        Some(&holder),
        Some(json!({"name": "Projet secret", "network_id": net, "public": true})),
    )
    .await;
    assert_eq!(s, 201, "{p}");
    let id = p["id"].as_i64().unwrap();
    let slug = p["slug"].as_str().unwrap().to_string();
    let (s, d) = send(
        app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&holder),
        Some(json!({"project_id": id, "title": "Fiche confidentielle", "body": "<p>Plan</p>", "visibility": "public"})),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    let (s, g) = send(
        app,
        "POST",
        "/api/v1/groups",
        Some(&holder),
        Some(json!({"name": "Focus café secret", "kind": "focus_group", "visibility": "public", "project_id": id})),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let (s, e) = send(
        app,
        "POST",
        &format!("/api/v1/projects/{id}/events"),
        Some(&holder),
        Some(json!({"title": "Atelier confidentiel", "starts_at": "2031-05-15T18:00", "ends_at": "2031-05-15T20:00"})),
    )
    .await;
    assert_eq!(s, 201, "{e}");
    (
        holder,
        id,
        slug,
        g["id"].as_i64().unwrap(),
        g["slug"].as_str().unwrap().to_string(),
        d["id"].as_i64().unwrap(),
        e["event_id"].as_i64().unwrap(),
    )
}

both!(
    private_scope_caps_visibility_at_read_time,
    |app: TestApp| async move {
        let (holder, id, slug, group, group_slug, doc, event) = project_with_things(&app).await;
        // The project turns private: what it holds was stored as public (existing data).
        exec(
            &app,
            "UPDATE projects SET public = $1 WHERE id = $2",
            false,
            id,
        )
        .await;
        let stranger_id = app.user("curieux@example.org", "Curieux").await;
        let stranger = app.token_for(stranger_id).await;
        let secrets = [
            "Fiche confidentielle",
            "Focus café secret",
            "Atelier confidentiel",
            "Projet secret",
            slug.as_str(),
        ];
        let clean = |what: &str, body: &str| {
            for s in secrets {
                assert!(!body.contains(s), "{what} shows {s}: {body}");
            }
        };
        for token in [None, Some(stranger.as_str())] {
            for list in [
                "/api/v1/documents",
                "/api/v1/groups",
                "/api/v1/events",
                "/api/v1/events.ics",
                "/api/v1/documents?q=confidentielle",
            ] {
                let c = reqwest::Client::new();
                let mut req = c.get(app.url(list));
                if let Some(t) = token {
                    req = req.bearer_auth(t);
                }
                let res = req.send().await.unwrap();
                assert_eq!(res.status(), 200, "{list}");
                let body = res.text().await.unwrap();
                clean(list, &body);
                assert!(
                    !body.contains(&format!("\"project_id\":{id}")),
                    "{list}: {body}"
                );
            }
            for item in [
                format!("/api/v1/documents/{doc}"),
                format!("/api/v1/groups/{group}"),
                format!("/api/v1/events/{event}"),
            ] {
                let (s, b) = send(&app, "GET", &item, token, None).await;
                assert_eq!(s, 404, "{item}: {b}");
            }
        }
        for page in [
            format!("/documents/{doc}"),
            format!("/groupes/{group_slug}"),
            format!("/evenements/{event}"),
        ] {
            assert_eq!(app.get(&page).await.status(), 404, "{page}");
        }
        for page in [
            "/documents",
            "/groupes",
            "/agenda",
            "/agenda.ics",
            "/reseaux/reseau-sud/agenda.ics",
        ] {
            let res = app.get(page).await;
            assert_eq!(res.status(), 200, "{page}");
            clean(page, &res.text().await.unwrap());
        }
        // The holder still sees all of it.
        for item in [
            format!("/api/v1/documents/{doc}"),
            format!("/api/v1/groups/{group}"),
            format!("/api/v1/events/{event}"),
        ] {
            let (s, b) = send(&app, "GET", &item, Some(&holder), None).await;
            assert_eq!(s, 200, "{item}: {b}");
        }
    }
);

both!(
    private_scope_caps_visibility_at_write_time,
    |app: TestApp| async move {
        let (holder, id, _, group, _, _, _) = project_with_things(&app).await;
        exec(
            &app,
            "UPDATE projects SET public = $1 WHERE id = $2",
            false,
            id,
        )
        .await;
        // The tester's request: a holder of a private project writes a public sheet.
        let (s, b) = send(
        &app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&holder),
        Some(json!({"project_id": id, "title": "Autre fiche", "body": "<p>x</p>", "visibility": "public"})),
    )
    .await;
        assert_eq!(s, 422, "{b}");
        assert!(b["error"]["fields"]["visibility"].is_string(), "{b}");
        // Within the project's own visibility it is fine.
        let (s, b) = send(
        &app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&holder),
        Some(json!({"project_id": id, "title": "Autre fiche", "body": "<p>x</p>", "visibility": "managers"})),
    )
    .await;
        assert_eq!(s, 201, "{b}");
        // A public sheet in a members-only group.
        let w = world(&app).await;
        let closed = club(&app, &w.manager1, w.p1, "Club fermé", "members").await;
        let (s, b) = send(
        &app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&w.manager1),
        Some(json!({"group_id": closed, "title": "Fiche", "body": "<p>x</p>", "visibility": "public"})),
    )
    .await;
        assert_eq!(s, 422, "{b}");
        // A public group in a private project.
        let (s, b) = send(
        &app,
        "POST",
        "/api/v1/groups",
        Some(&holder),
        Some(json!({"name": "Focus public", "kind": "focus_group", "visibility": "public", "project_id": id})),
    )
    .await;
        assert_eq!(s, 422, "{b}");
        assert!(b["error"]["fields"]["visibility"].is_string(), "{b}");
        // A workshop of a private project would be in no agenda: said clearly.
        let (s, b) = send(
        &app,
        "POST",
        &format!("/api/v1/projects/{id}/events"),
        Some(&holder),
        Some(json!({"title": "Atelier", "starts_at": "2031-05-16T18:00", "ends_at": "2031-05-16T20:00"})),
    )
    .await;
        assert_eq!(s, 422, "{b}");
        assert!(b["error"]["fields"]["organizer"].is_string(), "{b}");
        let _ = group;
    }
);
