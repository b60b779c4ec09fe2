//! Sign-up, confirmation, login, logout, reset, change, deletion, export, tokens, language.

use crate::both;
use crate::harness::{location, TestApp, PASSWORD};

both!(signup_confirm_login_logout, |app: TestApp| async move {
    let res = app
        .post_form(
            "/inscription",
            &[
                ("email", "Zoe@Example.org"),
                ("display_name", "Zoé"),
                ("password", "une phrase de passe"),
                ("password_confirm", "une phrase de passe"),
            ],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Vérifiez votre boîte mail"));

    // Not confirmed yet: login refused with a clear message.
    let res = app
        .post_form(
            "/connexion",
            &[
                ("email", "zoe@example.org"),
                ("password", "une phrase de passe"),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("pas encore confirmée"));

    let mail = app.email_to("zoe@example.org").await;
    assert_eq!(mail.subject, "Confirmez votre compte Maillage");
    let link = mail.link_path(&app.base);
    assert!(link.starts_with("/confirmation/"));
    // Opening the link changes nothing (mail scanners follow links); the button confirms.
    let page = app.get(&link).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("id=\"confirm\""));
    let res = app.post_form(&link, &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/connexion");
    // Single use.
    assert_eq!(app.post_form(&link, &[]).await.status(), 404);

    let res = app
        .post_form(
            "/connexion",
            &[
                ("email", "ZOE@example.org"),
                ("password", "une phrase de passe"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("maillage_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "http base URL");
    let page = app.get("/compte").await.text().await.unwrap();
    assert!(page.contains("id=\"account-link\""));
    assert!(page.contains("Zoé"));

    // Logout revokes the session server-side: the old cookie is worthless.
    let token = cookie.split(';').next().unwrap().to_string();
    assert_eq!(app.post_form("/deconnexion", &[]).await.status(), 303);
    let replay = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/compte"))
        .header("cookie", token)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 303, "back to the login page");
    assert!(location(&replay).starts_with("/connexion?next="));
});

both!(
    signup_rejects_bad_input_and_keeps_it,
    |app: TestApp| async move {
        let res = app
            .post_form(
                "/inscription",
                &[
                    ("email", "pas-une-adresse"),
                    ("display_name", "Élise"),
                    ("password", "court"),
                    ("password_confirm", "court"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("Saisissez une adresse e-mail valide"));
        assert!(body.contains("au moins 10 caractères"));
        assert!(body.contains("value=\"Élise\""), "what was typed is kept");
        assert!(body.contains("aria-invalid=\"true\""));
        // A malformed form body is a clear 400 page, not a crash.
        let res = app
            .client
            .post(app.url("/inscription"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("email=%ZZ")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
        assert!(app.drain_emails().await.is_empty());
    }
);

both!(
    signup_with_taken_email_answers_the_same,
    |app: TestApp| async move {
        app.user("deja@example.org", "Déjà").await;
        let res = app
            .post_form(
                "/inscription",
                &[
                    ("email", "deja@example.org"),
                    ("display_name", "Intrus"),
                    ("password", "une phrase de passe"),
                    ("password_confirm", "une phrase de passe"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Vérifiez votre boîte mail"));
        let mail = app.email_to("deja@example.org").await;
        assert!(mail.text.contains("a déjà un compte"));
    }
);

both!(
    unknown_email_and_wrong_password_look_the_same,
    |app: TestApp| async move {
        app.user("anne@example.org", "Anne").await;
        let a = app
            .post_form(
                "/connexion",
                &[
                    ("email", "anne@example.org"),
                    ("password", "mauvais mot de passe"),
                ],
            )
            .await;
        let b = app
            .post_form(
                "/connexion",
                &[
                    ("email", "personne@example.org"),
                    ("password", "mauvais mot de passe"),
                ],
            )
            .await;
        assert_eq!(a.status(), 401);
        assert_eq!(b.status(), 401);
        let (ta, tb) = (a.text().await.unwrap(), b.text().await.unwrap());
        assert!(ta.contains("Adresse e-mail ou mot de passe incorrect."));
        let strip = |s: &str| {
            s.replace("anne@example.org", "X")
                .replace("personne@example.org", "X")
        };
        assert_eq!(strip(&ta), strip(&tb));
        let audit = maillage::accounts::repo::recent_audit(&app.state.db, 10)
            .await
            .unwrap();
        assert_eq!(
            audit.iter().filter(|e| e.event == "login_failed").count(),
            2
        );
    }
);

both!(login_gives_a_new_session_id, |app: TestApp| async move {
    app.user("anne@example.org", "Anne").await;
    let first = app.login_as(&app.client, "anne@example.org").await;
    let c1 = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .find(|v| v.to_str().unwrap().starts_with("maillage_session="))
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let second = app.login_as(&app.client, "anne@example.org").await;
    let c2 = second
        .headers()
        .get_all("set-cookie")
        .iter()
        .find(|v| v.to_str().unwrap().starts_with("maillage_session="))
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(c1, c2);
    // The session replaced at login is revoked.
    let old = c1.split(';').next().unwrap().to_string();
    let res = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/compte"))
        .header("cookie", old)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
});

both!(
    password_reset_is_single_use_and_expires,
    |app: TestApp| async move {
        app.user("anne@example.org", "Anne").await;
        let other = app.new_browser();
        app.login_as(&other, "anne@example.org").await;

        // Unknown address: same answer, no email.
        let res = app
            .post_form("/mot-de-passe-oublie", &[("email", "inconnu@example.org")])
            .await;
        assert_eq!(res.status(), 200);
        assert!(app.drain_emails().await.is_empty());

        app.post_form("/mot-de-passe-oublie", &[("email", "anne@example.org")])
            .await;
        let link = app.email_to("anne@example.org").await.link_path(&app.base);
        assert!(link.starts_with("/reinitialisation/"));
        let res = app
            .post_form(
                &link,
                &[
                    ("password", "nouvelle phrase secrète"),
                    ("password_confirm", "autre"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let res = app
            .post_form(
                &link,
                &[
                    ("password", "nouvelle phrase secrète"),
                    ("password_confirm", "nouvelle phrase secrète"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            app.post_form(
                &link,
                &[
                    ("password", "encore une autre phrase"),
                    ("password_confirm", "encore une autre phrase")
                ]
            )
            .await
            .status(),
            404
        );
        // Every session ended; the new password works, the old one does not.
        assert_eq!(
            other.get(app.url("/compte")).send().await.unwrap().status(),
            303
        );
        assert_eq!(
            app.post_form(
                "/connexion",
                &[("email", "anne@example.org"), ("password", PASSWORD)]
            )
            .await
            .status(),
            401
        );
        assert_eq!(
            app.post_form(
                "/connexion",
                &[
                    ("email", "anne@example.org"),
                    ("password", "nouvelle phrase secrète")
                ]
            )
            .await
            .status(),
            303
        );

        // A link older than an hour is refused.
        app.post_form("/mot-de-passe-oublie", &[("email", "anne@example.org")])
            .await;
        let link = app.email_to("anne@example.org").await.link_path(&app.base);
        app.state.clock.advance(chrono::Duration::minutes(61));
        assert_eq!(app.get(&link).await.status(), 404);
    }
);

both!(
    password_change_deletion_and_export,
    |app: TestApp| async move {
        app.user("anne@example.org", "Anne").await;
        app.login_as(&app.client, "anne@example.org").await;
        let other = app.new_browser();
        app.login_as(&other, "anne@example.org").await;

        let res = app
            .post_form(
                "/compte/mot-de-passe",
                &[
                    ("current_password", "faux mot de passe"),
                    ("password", "nouvelle phrase secrète"),
                    ("password_confirm", "nouvelle phrase secrète"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Le mot de passe actuel est incorrect."));
        let res = app
            .post_form(
                "/compte/mot-de-passe",
                &[
                    ("current_password", PASSWORD),
                    ("password", "nouvelle phrase secrète"),
                    ("password_confirm", "nouvelle phrase secrète"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.get("/compte").await.status(), 200, "this session stays");
        assert_eq!(
            other.get(app.url("/compte")).send().await.unwrap().status(),
            303,
            "other sessions end"
        );

        let export = app.get("/compte/export").await;
        assert_eq!(export.status(), 200);
        assert!(export.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment"));
        let data: serde_json::Value = export.json().await.unwrap();
        assert_eq!(data["user"]["email"], "anne@example.org");
        assert!(data["security_events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "password_changed"));

        assert_eq!(
            app.post_form("/compte/suppression", &[("password", "mauvais")])
                .await
                .status(),
            422
        );
        let res = app
            .post_form(
                "/compte/suppression",
                &[("password", "nouvelle phrase secrète")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            maillage::accounts::repo::user_by_email(&app.state.db, "anne@example.org")
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(
            app.post_form(
                "/connexion",
                &[
                    ("email", "anne@example.org"),
                    ("password", "nouvelle phrase secrète")
                ]
            )
            .await
            .status(),
            401
        );
    }
);

both!(
    tokens_page_creates_shows_once_and_revokes,
    |app: TestApp| async move {
        app.user("anne@example.org", "Anne").await;
        app.login_as(&app.client, "anne@example.org").await;
        let res = app.post_form("/compte/jetons", &[("name", "")]).await;
        assert_eq!(res.status(), 422);
        let page = app
            .post_form("/compte/jetons", &[("name", "Script de la carte")])
            .await;
        assert_eq!(page.headers()["cache-control"], "no-store");
        let html = page.text().await.unwrap();
        let start = html.find("<code id=\"new-token\">").unwrap() + "<code id=\"new-token\">".len();
        let token = html[start..].split('<').next().unwrap().to_string();
        assert!(token.starts_with("mlg_"));
        assert_eq!(app.api_get("/api/v1/me", &token).await.status(), 200);
        // Shown once: the list shows only its prefix.
        let list = app.get("/compte/jetons").await.text().await.unwrap();
        assert!(!list.contains(&token));
        assert!(list.contains("Script de la carte"));

        let id = maillage::accounts::repo::tokens_of(&app.state.db, maillage::ids::UserId(1))
            .await
            .unwrap()[0]
            .id;
        // htmx revocation answers the updated fragment.
        let res = app
            .client
            .post(app.url(&format!("/compte/jetons/{id}/revoquer")))
            .header("hx-request", "true")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let frag = res.text().await.unwrap();
        assert!(frag.contains("Révoqué le") && !frag.contains("<html"));
        assert_eq!(app.api_get("/api/v1/me", &token).await.status(), 401);
        // Someone else cannot revoke it.
        app.user("bob@example.org", "Bob").await;
        let bob = app.new_browser();
        app.login_as(&bob, "bob@example.org").await;
        assert_eq!(
            bob.post(app.url(&format!("/compte/jetons/{id}/revoquer")))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );
    }
);

both!(language_switch, |app: TestApp| async move {
    let page = app.get("/connexion").await.text().await.unwrap();
    assert!(page.contains("<html lang=\"fr\">"));
    assert!(page.contains("Se connecter"));
    let res = app
        .post_form("/langue", &[("lang", "en"), ("next", "/connexion")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/connexion");
    let page = app.get("/connexion").await.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Log in"));
    // `next` never leaves the site.
    let res = app
        .post_form("/langue", &[("lang", "fr"), ("next", "//evil.example")])
        .await;
    assert_eq!(location(&res), "/");
    assert_eq!(
        app.post_form("/langue", &[("lang", "de")]).await.status(),
        400
    );
    // A signed-in person's choice is kept on the account.
    app.user("anne@example.org", "Anne").await;
    app.login_as(&app.client, "anne@example.org").await;
    app.post_form("/langue", &[("lang", "en")]).await;
    let u = maillage::accounts::repo::user_by_email(&app.state.db, "anne@example.org")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.locale, "en");
});

both!(
    where_a_person_was_going_survives_signup_confirmation_and_login,
    |app: TestApp| async move {
        let next = "/evenements/42?date=2031-03-05";
        let encoded = "%2Fevenements%2F42%3Fdate%3D2031-03-05";
        // The login page's sign-up link keeps it, and the sign-up form carries it.
        let login = app
            .get(&format!("/connexion?next={encoded}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            login.contains(&format!("href=\"/inscription?next={encoded}\"")),
            "{login}"
        );
        let signup = app
            .get(&format!("/inscription?next={encoded}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(signup.contains(&format!(
            "name=\"next\" value=\"{}\"",
            next.replace('&', "&amp;")
        )));
        let res = app
            .post_form(
                "/inscription",
                &[
                    ("email", "ines@example.org"),
                    ("display_name", "Inès"),
                    ("password", "une phrase de passe"),
                    ("password_confirm", "une phrase de passe"),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        // The confirmation link carries it, the confirmation sends to the login page with it,
        // and signing in lands there.
        let link = app.email_to("ines@example.org").await.link_path(&app.base);
        assert!(link.ends_with(&format!("?next={encoded}")), "{link}");
        let page = app.get(&link).await.text().await.unwrap();
        assert!(page.contains("name=\"next\""), "{page}");
        let token_path = link.split('?').next().unwrap();
        let res = app.post_form(token_path, &[("next", next)]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), format!("/connexion?next={encoded}"));
        let res = app
            .post_form(
                "/connexion",
                &[
                    ("email", "ines@example.org"),
                    ("password", "une phrase de passe"),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), next);
        // Another site is never a destination, at any step.
        let res = app
            .post_form(
                "/inscription",
                &[
                    ("email", "autre@example.org"),
                    ("display_name", "Autre"),
                    ("password", "une phrase de passe"),
                    ("password_confirm", "une phrase de passe"),
                    ("next", "https://evil.example/"),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let link = app.email_to("autre@example.org").await.link_path(&app.base);
        assert!(!link.contains("next"), "{link}");
        let res = app.post_form(&link, &[("next", "//evil.example/")]).await;
        assert_eq!(location(&res), "/connexion");
    }
);
