//! Lists and consent (issue 20 point 2) on both engines: who creates a list, the public
//! subscription with double opt-in (the confirmation email read from the test outbox, its
//! token stored hashed), the same 202 for an address already waiting or subscribed, expiry of
//! unconfirmed subscriptions after 7 days (the test clock is moved), the consent stored, the
//! subscriber's signed page (a tampered link is refused) and leaving a list, and the HTML
//! subscribe form of a network's news page.

use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};

async fn token_of(app: &TestApp, email: &str) -> String {
    let u = maillage::accounts::repo::user_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap();
    app.token_for(u.id).await
}

/// An API `POST` without a token and without an `Origin` (a server of another site).
async fn anonymous_post(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

async fn row(app: &TestApp, email: &str) -> (String, Option<String>, String, String, Option<i64>) {
    let sql = "SELECT status, token_hash, consent_source, consent_text, confirmed_at FROM news_subscriptions WHERE email = $1";
    maillage::db_run!(&app.state.db, |p| sqlx::query_as::<
        _,
        (String, Option<String>, String, String, Option<i64>),
    >(sql)
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

both!(double_opt_in_and_consent, |app: TestApp| async move {
    maillage::demo::load(&app.state).await.unwrap();
    let db = &app.state.db;
    let net = maillage::tenancy::repo::network_by_slug(db, "reseau-sud-tiers-lieux")
        .await
        .unwrap()
        .unwrap();
    let riez = maillage::tenancy::repo::place_by_slug(db, "tiers-lieu-de-riez")
        .await
        .unwrap()
        .unwrap();
    let animatrice = token_of(&app, "animatrice@demo.maillage.fr").await;
    let gerant = token_of(&app, "gerant.riez@demo.maillage.fr").await;
    let membre = token_of(&app, "membre@demo.maillage.fr").await;

    // Who creates lists: the network's animator for the network, the place's manager for the
    // place; not a member, not the place's manager for the network.
    let res = app
        .api_post(
            "/api/v1/lists",
            &gerant,
            json!({"name": "Lettre du réseau", "network_id": net.id}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .api_post(
            "/api/v1/lists",
            &membre,
            json!({"name": "Ateliers", "place_id": riez.id}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .api_post(
            "/api/v1/lists",
            &gerant,
            json!({"name": "", "place_id": riez.id}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .api_post(
            "/api/v1/lists",
            &gerant,
            json!({"name": "Ateliers du Tiers-lieu de Riez", "place_id": riez.id}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let res = app
        .api_post(
            "/api/v1/lists",
            &animatrice,
            json!({"name": "Lettre mensuelle du réseau", "network_id": net.id}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let list: Value = res.json().await.unwrap();
    let id = list["id"].as_i64().unwrap();
    let consent = list["consent_text"].as_str().unwrap().to_string();
    assert!(
        consent.contains("« Lettre mensuelle du réseau »")
            && consent.contains("Réseau Sud Tiers-Lieux"),
        "{consent}"
    );

    // Anyone subscribes, without a token and from another site: 202, one email.
    let path = format!("/api/v1/lists/{id}/subscriptions");
    let (s, first) = anonymous_post(&app, &path, json!({"email": " Lea@Example.org "})).await;
    assert_eq!(s, 202, "{first}");
    let mail = app.email_to("lea@example.org").await;
    assert!(
        mail.subject.contains("Lettre mensuelle du réseau"),
        "{}",
        mail.subject
    );
    assert!(
        mail.text.contains(&consent),
        "the consent text is in the email"
    );
    let confirm = mail.link_path(&app.base);
    assert!(confirm.starts_with("/abonnements/confirmer/"), "{confirm}");
    let token = confirm
        .trim_start_matches("/abonnements/confirmer/")
        .to_string();
    let (status, hash, source, text, confirmed_at) = row(&app, "lea@example.org").await;
    assert_eq!(status, "pending");
    assert_eq!(
        hash.as_deref(),
        Some(maillage::auth::secret::hash_token(&token).as_str()),
        "stored hashed"
    );
    assert_ne!(hash.as_deref(), Some(token.as_str()));
    assert_eq!(
        (source.as_str(), text.as_str(), confirmed_at),
        ("api", consent.as_str(), None)
    );
    // The same answer again (waiting), and no second email within minutes.
    let (s, again) = anonymous_post(&app, &path, json!({"email": "lea@example.org"})).await;
    assert_eq!((s, &again), (202, &first));
    assert!(
        app.drain_emails().await.is_empty(),
        "no second email at once"
    );
    let (s, v) = anonymous_post(&app, &path, json!({"email": "pas-une-adresse"})).await;
    assert_eq!(s, 422, "{v}");
    let (s, _) = anonymous_post(
        &app,
        "/api/v1/lists/999999/subscriptions",
        json!({"email": "a@b.fr"}),
    )
    .await;
    assert_eq!(s, 404);

    // Confirming: the link shows a button (a mail scanner opening it confirms nothing), the
    // button confirms.
    let browser = app.new_browser();
    let res = browser.get(app.url(&confirm)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("id=\"news-confirm\""));
    assert_eq!(row(&app, "lea@example.org").await.0, "pending");
    let res = browser.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("Inscription confirmée"), "{page}");
    let (status, hash, _, _, confirmed_at) = row(&app, "lea@example.org").await;
    assert_eq!(status, "confirmed");
    assert!(
        hash.is_none() && confirmed_at.is_some(),
        "consent date stored, token gone"
    );
    let res = browser.post(app.url(&confirm)).send().await.unwrap();
    assert_eq!(res.status(), 404, "a link works once");
    // Subscribed: still the same 202, and nothing sent.
    let (s, again) = anonymous_post(&app, &path, json!({"email": "lea@example.org"})).await;
    assert_eq!((s, &again), (202, &first));
    assert!(app.drain_emails().await.is_empty());

    // The subscriber's page, by the signed link of the email; a tampered link is refused.
    let manage = mail.text[mail.text.find("/abonnements?").unwrap()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let res = browser.get(app.url(&manage)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Lettre mensuelle du réseau") && page.contains("Inscrit·e"),
        "{page}"
    );
    let tampered_sig = if manage.ends_with('0') {
        format!("{}1", &manage[..manage.len() - 1])
    } else {
        format!("{}0", &manage[..manage.len() - 1])
    };
    let other_address = manage.replace("lea%40example.org", "noe%40example.org");
    assert_ne!(other_address, manage);
    for bad in [
        tampered_sig,
        other_address,
        "/abonnements?email=lea%40example.org".to_string(),
    ] {
        let res = browser.get(app.url(&bad)).send().await.unwrap();
        assert_eq!(res.status(), 403, "{bad}");
        let res = browser
            .post(app.url("/abonnements/desinscrire"))
            .form(&[
                ("email", "lea@example.org"),
                ("sig", "00"),
                ("list_id", &id.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
    }
    let sig = manage.rsplit("sig=").next().unwrap().to_string();
    let res = browser
        .post(app.url("/abonnements/desinscrire"))
        .form(&[
            ("email", "lea@example.org"),
            ("sig", sig.as_str()),
            ("list_id", &id.to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert!(location(&res).starts_with("/abonnements?"));
    assert_eq!(
        row(&app, "lea@example.org").await.0,
        "unsubscribed",
        "at once"
    );
    // Subscribing again asks for a new confirmation.
    let (s, _) = anonymous_post(&app, &path, json!({"email": "lea@example.org"})).await;
    assert_eq!(s, 202);
    app.email_to("lea@example.org").await;
    assert_eq!(row(&app, "lea@example.org").await.0, "pending");

    // Unconfirmed subscriptions expire after 7 days: the link no longer works, and the
    // address is forgotten at the next request.
    let (s, _) = anonymous_post(&app, &path, json!({"email": "tardif@example.org"})).await;
    assert_eq!(s, 202);
    let late = app
        .email_to("tardif@example.org")
        .await
        .link_path(&app.base);
    app.state.clock.advance(chrono::Duration::days(8));
    let res = browser.post(app.url(&late)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Lien invalide ou expiré"));
    let (s, _) = anonymous_post(&app, &path, json!({"email": "autre@example.org"})).await;
    assert_eq!(s, 202);
    let left: i64 = maillage::db_run!(db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM news_subscriptions WHERE email = 'tardif@example.org'"
    )
    .fetch_one(p)
    .await)
    .unwrap();
    assert_eq!(left, 0, "the expired subscription is forgotten");
    let (s, _) = anonymous_post(&app, &path, json!({"email": "tardif@example.org"})).await;
    assert_eq!(s, 202);
    assert_eq!(app.drain_emails().await.len(), 2, "a fresh link for each");

    // The HTML form on the network's news page: the consent text shown, the same answer.
    let anon = app.new_browser();
    let page = anon
        .get(app.url(&format!("/reseaux/{}/actualites", net.slug)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("action=\"/listes/{id}/abonnement\"")),
        "{page}"
    );
    assert!(
        page.contains("Mon adresse ne sert qu&#39;à cet envoi")
            || page.contains("Mon adresse ne sert qu'à cet envoi")
    );
    let res = anon
        .post(app.url(&format!("/listes/{id}/abonnement")))
        .form(&[
            ("email", "camille@example.org"),
            ("back", "/reseaux/x/actualites"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("Vérifiez votre boîte"));
    app.email_to("camille@example.org").await;
    assert_eq!(
        row(&app, "camille@example.org").await.2,
        "form",
        "the consent's source"
    );
    let res = anon
        .post(app.url(&format!("/listes/{id}/abonnement")))
        .form(&[("email", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
});

both!(
    importing_subscribers_states_the_consent,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        let db = &app.state.db;
        let riez = maillage::tenancy::repo::place_by_slug(db, "tiers-lieu-de-riez")
            .await
            .unwrap()
            .unwrap();
        let gerant = token_of(&app, "gerant.riez@demo.maillage.fr").await;
        let membre = token_of(&app, "membre@demo.maillage.fr").await;
        let res = app
            .api_post(
                "/api/v1/lists",
                &gerant,
                json!({"name": "Club Transition", "place_id": riez.id}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let path = format!("/api/v1/lists/{id}/import");
        // Someone who left the list is never subscribed again by an import.
        let (s, _) = anonymous_post(
            &app,
            &format!("/api/v1/lists/{id}/subscriptions"),
            json!({"email": "partie@example.org"}),
        )
        .await;
        assert_eq!(s, 202);
        let mail = app.email_to("partie@example.org").await;
        let manage = mail.text[mail.text.find("/abonnements?").unwrap()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string();
        let sig = manage.rsplit("sig=").next().unwrap().to_string();
        let res = app
            .new_browser()
            .post(app.url("/abonnements/desinscrire"))
            .form(&[
                ("email", "partie@example.org"),
                ("sig", sig.as_str()),
                ("list_id", &id.to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        let csv = "email;nom\nana@example.org;Ana\n\"Bea@Example.org\";Béa\npas une adresse;X\npartie@example.org;P\n";
        let res = app
            .api_post(
                &path,
                &membre,
                json!({"csv": csv, "consent_basis": "feuille de présence"}),
            )
            .await;
        assert_eq!(res.status(), 403, "only the list's writers import");
        let res = app
            .api_post(&path, &gerant, json!({"csv": csv, "consent_basis": " "}))
            .await;
        assert_eq!(res.status(), 422, "the basis of the consent is required");
        // Without certification: each address is asked to confirm, nothing else is sent.
        let res = app
            .api_post(
                &path,
                &gerant,
                json!({"csv": csv, "consent_basis": "Feuille de présence de l'atelier du 3 mai"}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let report: Value = res.json().await.unwrap();
        assert_eq!(report["asked"], 2, "{report}");
        assert_eq!(report["unchanged"], 1, "{report}");
        assert_eq!(report["invalid_lines"], json!([4]), "{report}");
        let mails = app.drain_emails().await;
        let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
        to.sort();
        assert_eq!(to, ["ana@example.org", "bea@example.org"]);
        let (status, _, source, text, _) = row(&app, "ana@example.org").await;
        assert_eq!((status.as_str(), source.as_str()), ("pending", "import"));
        assert!(
            text.contains("Feuille de présence de l'atelier du 3 mai"),
            "{text}"
        );
        // With certification: subscribed at once, no email, the certification recorded.
        let res = app
        .api_post(
            &path,
            &gerant,
            json!({"csv": "cleo@example.org\nana@example.org\npartie@example.org", "consent_basis": "Adhérents 2026 (bulletin signé)",
                   "certify_prior_consent": true}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let report: Value = res.json().await.unwrap();
        assert_eq!(
            (report["subscribed"].as_i64(), report["unchanged"].as_i64()),
            (Some(2), Some(1)),
            "{report}"
        );
        assert!(
            app.drain_emails().await.is_empty(),
            "no email for a certified import"
        );
        let (status, hash, source, text, confirmed_at) = row(&app, "cleo@example.org").await;
        assert_eq!((status.as_str(), source.as_str()), ("confirmed", "import"));
        assert!(hash.is_none() && confirmed_at.is_some());
        assert!(
            text.contains("Adhérents 2026") && text.contains("certifié par Hugo Gérant"),
            "{text}"
        );
        assert_eq!(row(&app, "ana@example.org").await.0, "confirmed");
        assert_eq!(
            row(&app, "partie@example.org").await.0,
            "unsubscribed",
            "left stays left"
        );
    }
);
