//! Notification preferences and digests (issue 20 point 5) on both engines: `never` drops a
//! group's meeting notices while a password reset still goes; `daily` sends nothing at once,
//! then one digest with every item once the clock passes 07:00 (Paris), sent once even when
//! the digest job runs twice or on two nodes at the same time (counted in an SMTP sink);
//! `never` for newsletters keeps the letters away from that account's address; the API's
//! validation (422 naming the kind, nothing changed), the settings page (flash, French
//! errors), the RGPD export and the erasure.

use std::time::Duration;

use maillage::mail::Email;
use maillage::notifications::service::{route, send_digests, DigestRun, Routed};
use maillage::notifications::{Cadence, Kind};
use serde_json::{json, Value};

use crate::both;
use crate::groups::{accept, club, send, world};
use crate::harness::{location, TestApp, PASSWORD};

async fn pending_count(app: &TestApp, email: &str) -> i64 {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM notification_pending n JOIN users u ON u.id = n.user_id \
         WHERE u.email = $1"
    )
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

/// Adds `user` to the club and has them accept.
async fn join(app: &TestApp, group: i64, manager: &str, user: &(maillage::ids::UserId, String)) {
    let (s, m) = send(
        app,
        "POST",
        &format!("/api/v1/groups/{group}/members"),
        Some(manager),
        Some(json!({"user_id": user.0})),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    accept(app, group, &m, &user.1).await;
}

both!(never_and_daily_through_a_group, |app: TestApp| async move {
    let w = world(&app).await;
    // Member A wants no group email, member B a daily digest.
    let (s, b) = send(
        &app,
        "PUT",
        "/api/v1/me/notifications",
        Some(&w.member_a.1),
        Some(json!({"groups": "never"})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["groups"], "never");
    assert_eq!(
        b["registrations"], "immediate",
        "the other kinds are untouched"
    );
    let (s, b) = send(
        &app,
        "PUT",
        "/api/v1/me/notifications",
        Some(&w.member_b.1),
        Some(json!({"groups": "daily"})),
    )
    .await;
    assert_eq!(s, 200, "{b}");

    let a = club(&app, &w.manager1, w.p1, "Club des hôtes", "public").await;
    join(&app, a, &w.manager1, &w.member_a).await;
    join(&app, a, &w.manager1, &w.member_b).await;
    let start = chrono::Utc::now() + chrono::Duration::days(7);
    for (i, title) in ["Tarifs 2027", "Fête de printemps"].iter().enumerate() {
        let at = start + chrono::Duration::days(i as i64);
        let (s, m) = send(
            &app,
            "POST",
            &format!("/api/v1/groups/{a}/meetings"),
            Some(&w.manager1),
            Some(json!({"starts_at": at.to_rfc3339(),
                        "ends_at": (at + chrono::Duration::hours(2)).to_rfc3339(),
                        "room": "Salon", "agenda": [title]})),
        )
        .await;
        assert_eq!(s, 201, "{m}");
    }
    let mails = app.drain_emails().await;
    let to = |who: &str| mails.iter().filter(|m| m.to == who).count();
    assert_eq!(to("membre.a@example.org"), 0, "never: no group email");
    assert_eq!(to("membre.b@example.org"), 0, "daily: nothing at once");
    assert_eq!(pending_count(&app, "membre.a@example.org").await, 0);
    let waiting = pending_count(&app, "membre.b@example.org").await;
    assert!(
        waiting >= 2,
        "both meeting notices wait for the digest ({waiting})"
    );

    // A password reset is a security email: it goes whatever the preferences.
    let res = app
        .post_form("/mot-de-passe-oublie", &[("email", "membre.a@example.org")])
        .await;
    assert_eq!(res.status(), 200);
    let reset = app.email_to("membre.a@example.org").await;
    assert!(
        reset.text.contains("/reinitialisation/") || reset.text.contains(&app.base),
        "{}",
        reset.text
    );

    // Past 07:00 (Paris) the digest job, queued for that instant, sends one email with both.
    app.state.clock.advance(chrono::Duration::hours(25));
    let mails = app.drain_emails().await;
    let digests: Vec<_> = mails
        .iter()
        .filter(|m| m.to == "membre.b@example.org")
        .collect();
    assert_eq!(digests.len(), 1, "{mails:#?}");
    let d = digests[0];
    assert!(d.subject.contains("résumé du jour"), "{}", d.subject);
    assert!(
        d.text.contains("Réunions et comptes rendus des groupes"),
        "{}",
        d.text
    );
    assert_eq!(d.text.matches("■ ").count() as i64, waiting, "{}", d.text);
    assert!(d.text.contains("/compte/notifications"), "{}", d.text);
    assert!(d.attachments.is_empty());
    assert_eq!(pending_count(&app, "membre.b@example.org").await, 0);

    // The same period's job run again (a second node, a retry) sends nothing more.
    let jobs: Vec<_> = maillage::jobs::all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == maillage::notifications::service::DIGEST_JOB)
        .collect();
    assert_eq!(jobs.len(), 1, "one digest job for the period: {jobs:#?}");
    maillage::jobs::enqueue(
        &app.state.db,
        maillage::notifications::service::DIGEST_JOB,
        &jobs[0].payload,
        app.state.clock.now_ms(),
    )
    .await
    .unwrap();
    let again = app.drain_emails().await;
    assert!(
        again.iter().all(|m| m.to != "membre.b@example.org"),
        "{again:#?}"
    );
});

both!(digest_sent_once_by_two_nodes, |app: TestApp| async move {
    // Two nodes share the database and send through one SMTP sink.
    let (port, got) = crate::letters::fake_smtp().await;
    let smtp = |c: &mut maillage::config::Config| {
        c.smtp_host = "127.0.0.1".into();
        c.smtp_port = port;
        c.smtp_tls = maillage::config::SmtpTls::None;
    };
    let node_a = TestApp::on(app.backend, app.db.clone(), smtp).await;
    let node_b = TestApp::on(app.backend, app.db.clone(), smtp).await;
    let id = app.user("lea@example.org", "Léa").await;
    maillage::notifications::service::set_preferences(
        &app.state,
        id,
        &[
            ("projects".into(), "weekly".into()),
            ("registrations".into(), "weekly".into()),
            ("groups".into(), "never".into()),
        ],
    )
    .await
    .unwrap();
    let now = app.state.clock.now_ms();
    let mail = |subject: &str| Email {
        to: "Lea@Example.org".into(),
        subject: subject.into(),
        text: format!("Texte de « {subject} »."),
        ..Default::default()
    };
    let db = &app.state.db;
    let first = route(db, now, Kind::Projects, &mail("Échéance du projet"))
        .await
        .unwrap();
    let second = route(db, now + 1, Kind::Registrations, &mail("Atelier annulé"))
        .await
        .unwrap();
    let due = maillage::notifications::model::next_digest(Cadence::Weekly, now).unwrap();
    assert_eq!(first, Routed::Digest(due));
    assert_eq!(second, Routed::Digest(due));
    assert_eq!(
        route(db, now, Kind::Groups, &mail("Réunion"))
            .await
            .unwrap(),
        Routed::Dropped
    );
    // Security and transactional mail never come here; an address without an account goes
    // at once.
    let guest = Email {
        to: "invite@example.org".into(),
        ..mail("Invitation")
    };
    assert_eq!(
        route(db, now, Kind::Groups, &guest).await.unwrap(),
        Routed::Sent
    );

    // Both nodes run the period's digest at the same time: one email is queued.
    let run = DigestRun {
        cadence: Cadence::Weekly,
        due_at: due,
    };
    let (x, y) = tokio::join!(
        send_digests(&node_a.state, run),
        send_digests(&node_b.state, run)
    );
    assert_eq!(x.unwrap() + y.unwrap(), 1);
    assert_eq!(
        send_digests(&node_a.state, run).await.unwrap(),
        0,
        "nothing left"
    );
    for node in [&node_a, &node_b] {
        let registry = maillage::job_registry(
            maillage::mail::Mailer::from_config(&node.state.config).unwrap(),
        );
        while maillage::jobs::run_one(&node.state, &registry)
            .await
            .unwrap()
        {}
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let got = got.lock().unwrap().clone();
    assert_eq!(
        got.iter()
            .filter(|r| r.as_str() == "lea@example.org")
            .count(),
        1,
        "one digest in the sink: {got:?}"
    );
    assert_eq!(
        got.iter()
            .filter(|r| r.as_str() == "invite@example.org")
            .count(),
        1
    );
});

both!(
    newsletters_never_keeps_letters_away,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        let animatrice = crate::letters::token_of(&app, "animatrice@demo.maillage.fr").await;
        let reader = app.user("lecteur@example.org", "Lecteur").await;
        let token = app.token_for(reader).await;
        let list = crate::letters::list_with(
            &app,
            &animatrice,
            &["lecteur@example.org".into(), "abonnee@example.org".into()],
        )
        .await;
        // A digest makes no sense for a letter: refused, nothing changed.
        let (s, b) = send(
            &app,
            "PUT",
            "/api/v1/me/notifications",
            Some(&token),
            Some(json!({"newsletters": "weekly"})),
        )
        .await;
        assert_eq!(s, 422, "{b}");
        assert!(b["error"]["fields"]["newsletters"].is_string(), "{b}");
        let (s, b) = send(
            &app,
            "PUT",
            "/api/v1/me/notifications",
            Some(&token),
            Some(json!({"newsletters": "never"})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let issue = crate::letters::create_issue(
        &app,
        &animatrice,
        list,
        json!({"subject": "Lettre de décembre", "blocks": [{"type": "text", "body": "Bonjour"}]}),
    )
    .await;
        app.drain_emails().await;
        let res = app
            .api_post(
                &format!("/api/v1/issues/{issue}/send"),
                &animatrice,
                json!({}),
            )
            .await;
        assert_eq!(res.status(), 202);
        crate::letters::send_all(&app, issue).await;
        let mails = app.drain_emails().await;
        assert!(
            mails.iter().any(|m| m.to == "abonnee@example.org"),
            "{mails:#?}"
        );
        assert!(
            mails.iter().all(|m| m.to != "lecteur@example.org"),
            "{mails:#?}"
        );
    }
);

both!(api_page_export_and_erasure, |app: TestApp| async move {
    let id = app.user("camille@example.org", "Camille").await;
    let token = app.token_for(id).await;
    let (s, b) = send(&app, "GET", "/api/v1/me/notifications", None, None).await;
    assert_eq!(s, 401, "{b}");
    let (s, b) = send(&app, "GET", "/api/v1/me/notifications", Some(&token), None).await;
    assert_eq!(s, 200);
    for k in Kind::TEXTS {
        assert_eq!(b[*k], "immediate", "{b}");
    }
    // Unknown kind, unknown cadence: 422 naming each, and nothing is changed.
    let (s, b) = send(
        &app,
        "PUT",
        "/api/v1/me/notifications",
        Some(&token),
        Some(json!({"projects": "weekly", "pigeons": "daily", "groups": "hebdo", "matches": 3})),
    )
    .await;
    assert_eq!(s, 422, "{b}");
    assert_eq!(b["error"]["code"], "validation_failed");
    for f in ["pigeons", "groups", "matches"] {
        assert!(b["error"]["fields"][f].is_string(), "{f}: {b}");
    }
    let (_, b) = send(&app, "GET", "/api/v1/me/notifications", Some(&token), None).await;
    assert_eq!(b["projects"], "immediate", "nothing changed: {b}");
    let (s, b) = send(
        &app,
        "PUT",
        "/api/v1/me/notifications",
        Some(&token),
        Some(json!(["daily"])),
    )
    .await;
    assert_eq!(s, 400, "{b}");
    assert!(b["error"]["code"].is_string());
    // The OpenAPI document lists the cadences.
    let doc = app.openapi().await;
    let put = &doc["paths"]["/api/v1/me/notifications"]["put"];
    assert!(put.is_object(), "documented");
    let schema = doc["components"]["schemas"]["Cadence"].to_string();
    for c in Cadence::TEXTS {
        assert!(schema.contains(*c), "{schema}");
    }

    // The settings page: radio groups, a flash after saving, French errors.
    let browser = app.new_browser();
    let res = app.login_as(&browser, "camille@example.org").await;
    assert_eq!(res.status(), 303);
    let page = browser
        .get(app.url("/compte/notifications"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains(r#"id="groups-weekly" name="kind-groups" type="radio" value="weekly""#),
        "{html}"
    );
    assert!(html.contains("<legend>Réunions et comptes rendus des groupes</legend>"));
    assert!(
        !html.contains(r#"id="newsletters-daily""#),
        "no digest for letters"
    );
    let account = browser
        .get(app.url("/compte"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(account.contains(r#"href="/compte/notifications""#));
    let res = browser
        .post(app.url("/compte/notifications"))
        .form(&[
            ("kind-groups", "weekly"),
            ("kind-projects", "daily"),
            ("kind-registrations", "immediate"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/compte/notifications");
    let html = browser
        .get(app.url("/compte/notifications"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Préférences de notification enregistrées"),
        "flash"
    );
    assert!(html
        .contains(r#"id="groups-weekly" name="kind-groups" type="radio" value="weekly" checked"#));
    let res = browser
        .post(app.url("/compte/notifications"))
        .form(&[
            ("kind-groups", "never"),
            ("kind-projects", "bientot"),
            ("kind-pigeons", "daily"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Choisissez une valeur dans la liste"),
        "{html}"
    );
    assert!(html.contains("Ce type de notification n"), "{html}");
    let prefs = maillage::notifications::service::preferences(&app.state.db, id)
        .await
        .unwrap();
    assert!(
        prefs.contains(&(Kind::Groups, Cadence::Weekly)),
        "nothing changed: {prefs:?}"
    );
    assert!(prefs.contains(&(Kind::Projects, Cadence::Daily)));

    // The RGPD export holds the preferences and what waits for a digest.
    let now = app.state.clock.now_ms();
    let e = Email {
        to: "camille@example.org".into(),
        subject: "Nouvelle phase du projet".into(),
        text: "La phase « Étude » commence.".into(),
        ..Default::default()
    };
    assert!(matches!(
        route(&app.state.db, now, Kind::Projects, &e).await.unwrap(),
        Routed::Digest(_)
    ));
    let export: Value = browser
        .get(app.url("/compte/export"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        export["notifications"]["preferences"]["groups"], "weekly",
        "{export}"
    );
    assert_eq!(
        export["notifications"]["pending"][0]["subject"],
        "Nouvelle phase du projet"
    );

    // Erasure removes them.
    let res = browser
        .post(app.url("/compte/suppression"))
        .form(&[("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let left: i64 = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT (SELECT COUNT(*) FROM notification_pending WHERE user_id = $1) \
         + (SELECT COUNT(*) FROM notification_preferences WHERE user_id = $1)"
    )
    .bind(id)
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(left, 0);
});
