//! CSRF, security headers, rate limits behind proxies, error pages, health and metrics,
//! sessions shared by several app nodes.

use std::sync::Arc;

use crate::both;
use crate::harness::{location, TestApp, PASSWORD};

both!(csrf_refuses_cross_site_posts, |app: TestApp| async move {
    app.user("anne@example.org", "Anne").await;
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = [("email", "anne@example.org"), ("password", PASSWORD)];
    // No Origin, no Fetch Metadata: refused.
    assert_eq!(
        bare.post(app.url("/connexion"))
            .form(&form)
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    // Another site: refused, by Origin or by Sec-Fetch-Site.
    let r = bare
        .post(app.url("/connexion"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("Accès refusé"));
    let r = bare
        .post(app.url("/connexion"))
        .header("sec-fetch-site", "cross-site")
        .header("origin", app.base.clone())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Same origin: accepted.
    let r = bare
        .post(app.url("/connexion"))
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // Bearer API calls carry no ambient credential and are exempt.
    let admin = app.instance_admin("admin@example.org").await;
    let token = app.token_for(admin).await;
    let r = bare
        .post(app.url("/api/v1/networks"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Réseau"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // A cookie-authenticated API POST from another site is refused.
    let r = app
        .client
        .post(app.url("/api/v1/networks"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"name": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // No state change on GET: logout by GET does not exist.
    assert_eq!(app.get("/deconnexion").await.status(), 405);
});

both!(
    security_headers_and_error_pages,
    |app: TestApp| async move {
        let res = app.get("/").await;
        assert_eq!(res.status(), 200);
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        let html = res.text().await.unwrap();
        assert!(!html.contains("<script>"), "no inline script");
        assert!(html.contains("class=\"skip-link\"") && html.contains("<main id=\"main\""));

        let res = app.get("/nulle-part").await;
        assert_eq!(res.status(), 404);
        assert!(res.text().await.unwrap().contains("Page introuvable"));
        app.post_form("/langue", &[("lang", "en")]).await;
        assert!(app
            .get("/nulle-part")
            .await
            .text()
            .await
            .unwrap()
            .contains("Page not found"));
        let res = app.get("/api/v1/nulle-part").await;
        assert_eq!(res.status(), 404);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");

        // Pages for signed-in people send anonymous visitors to the login page.
        let res = app.get("/compte").await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/connexion?next=%2Fcompte");
        // A signed-in person without any admin role gets a 403 page on /admin.
        app.user("anne@example.org", "Anne").await;
        app.login_as(&app.client, "anne@example.org").await;
        assert_eq!(app.get("/admin").await.status(), 403);

        // Assets are embedded; htmx comes from npm.
        let res = app.get("/static/htmx.min.js").await;
        assert_eq!(res.status(), 200);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript"));
        assert!(res.text().await.unwrap().contains("htmx"));
        assert_eq!(app.get("/static/maillage.css").await.status(), 200);
        assert_eq!(app.get("/static/../Cargo.toml").await.status(), 404);
    }
);

both!(health_and_metrics, |app: TestApp| async move {
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["database"],
        "ok"
    );
    // Every answer carries the server's own time (W3C Server Timing, read by bench/places.sh).
    let home = app.get("/").await;
    let timing = home.headers()["server-timing"]
        .to_str()
        .unwrap()
        .to_string();
    let ms: f64 = timing
        .strip_prefix("app;dur=")
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("server-timing: {timing}"));
    assert!(ms >= 0.0, "{timing}");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("maillage_http_requests_total"));
    assert!(metrics.contains("route=\"/\""));
    // With the database gone, health says so.
    app.state.db.close().await;
    assert_eq!(app.get("/healthz").await.status(), 503);
});

both!(
    login_rate_limit_uses_the_real_client_ip,
    |app: TestApp| async move {
        // A node behind a trusted proxy (127.0.0.1), 3 failed logins per IP and window.
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.login_ip_failures = 3;
            c.trusted_proxies = vec!["127.0.0.1".into()];
        })
        .await;
        let attempt = |ip: &'static str| {
            let node = &node;
            async move {
                node.client
                    .post(node.url("/connexion"))
                    .header("x-forwarded-for", ip)
                    .form(&[
                        ("email", "x@example.org"),
                        ("password", "mauvais mot de passe"),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        for _ in 0..3 {
            assert_eq!(attempt("203.0.113.7").await, 401);
        }
        assert_eq!(attempt("203.0.113.7").await, 429);
        assert_eq!(
            attempt("198.51.100.2").await,
            401,
            "another client is not blocked"
        );

        // The counter lives in the database: a second node sees the same count.
        let node2 = TestApp::on(app.backend, app.db.clone(), |c| {
            c.login_ip_failures = 3;
            c.trusted_proxies = vec!["127.0.0.1".into()];
        })
        .await;
        let r = node2
            .client
            .post(node2.url("/connexion"))
            .header("x-forwarded-for", "203.0.113.7")
            .form(&[("email", "x@example.org"), ("password", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429);
        assert!(r.text().await.unwrap().contains("Trop de tentatives"));

        // Without trusted proxies, X-Forwarded-For is ignored: forging it does not dodge the limit.
        let direct = TestApp::on(app.backend, app.db.clone(), |c| c.rate_limit_attempts = 3).await;
        let mut statuses = Vec::new();
        for i in 0..5 {
            let r = direct
                .client
                .post(direct.url("/mot-de-passe-oublie"))
                .header("x-forwarded-for", format!("10.0.0.{i}"))
                .form(&[("email", "x@example.org")])
                .send()
                .await
                .unwrap();
            statuses.push(r.status().as_u16());
        }
        assert_eq!(statuses, vec![200, 200, 200, 429, 429]);
        let audit = maillage::accounts::repo::recent_audit(&app.state.db, 50)
            .await
            .unwrap();
        assert!(audit
            .iter()
            .any(|e| e.event == "rate_limited" && e.ip == "203.0.113.7"));
    }
);

both!(
    a_session_opened_on_one_node_is_valid_on_another,
    |app: TestApp| async move {
        app.user("anne@example.org", "Anne").await;
        let node2 = TestApp::on(app.backend, Arc::clone(&app.db), |_| {}).await;
        let res = app.login_as(&app.client, "anne@example.org").await;
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("maillage_session="))
            .unwrap();
        let pair = cookie.split(';').next().unwrap().to_string();
        let other = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let res = other
            .get(node2.url("/compte"))
            .header("cookie", pair.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("Anne"));
        // Logging out on node 1 ends it on node 2.
        app.post_form("/deconnexion", &[]).await;
        let res = other
            .get(node2.url("/compte"))
            .header("cookie", pair)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
    }
);

both!(
    logins_from_one_shared_address_succeed_while_guessing_one_account_is_slowed,
    |app: TestApp| async move {
        // The production thresholds: 5 failures per account, 100 per IP.
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.login_ip_failures = 100;
            c.login_account_failures = 5;
        })
        .await;
        let login = |email: String, password: &'static str| {
            let node = &node;
            async move {
                node.new_browser()
                    .post(node.url("/connexion"))
                    .form(&[("email", email.as_str()), ("password", password)])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        // A workshop: ten people sign in from the tiers-lieu's one address, each mistyping
        // their password once first.
        for i in 0..10 {
            let email = format!("atelier{i}@example.org");
            node.user(&email, &format!("Participant {i}")).await;
            assert_eq!(login(email.clone(), "faute de frappe").await, 401);
            assert_eq!(
                login(email, crate::harness::PASSWORD).await,
                303,
                "person {i}"
            );
        }
        // A guessing loop on one account: five tries, then it waits 30 s, even for the right
        // password; the others on the same address are not affected.
        node.user("cible@example.org", "Cible").await;
        for _ in 0..5 {
            assert_eq!(login("cible@example.org".into(), "devine").await, 401);
        }
        assert_eq!(login("cible@example.org".into(), "devine").await, 429);
        assert_eq!(
            login("Cible@Example.org".into(), crate::harness::PASSWORD).await,
            429,
            "blocked whatever the case of the address"
        );
        assert_eq!(
            login("atelier3@example.org".into(), crate::harness::PASSWORD).await,
            303
        );
        // The refused tries were not counted; after 31 s one more guess, then a minute.
        node.state.clock.advance(chrono::Duration::seconds(31));
        assert_eq!(login("cible@example.org".into(), "devine").await, 401);
        assert_eq!(login("cible@example.org".into(), "devine").await, 429);
        node.state.clock.advance(chrono::Duration::seconds(31));
        assert_eq!(
            login("cible@example.org".into(), crate::harness::PASSWORD).await,
            429,
            "the second delay is a minute"
        );
        // Another node shares the counters (and the clock moves the same for the test).
        let node2 = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        node2.state.clock.advance(chrono::Duration::seconds(62));
        let r = node2
            .client
            .post(node2.url("/connexion"))
            .form(&[("email", "cible@example.org"), ("password", "devine")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 429, "the other node sees the delay");
        node.state.clock.advance(chrono::Duration::seconds(31));
        assert_eq!(
            login("cible@example.org".into(), crate::harness::PASSWORD).await,
            303,
            "the right password once the delay is over"
        );
        // A success forgets the account's failures: five more tries before a delay.
        for _ in 0..4 {
            assert_eq!(login("cible@example.org".into(), "devine").await, 401);
        }
        assert_eq!(
            login("cible@example.org".into(), crate::harness::PASSWORD).await,
            303
        );
    }
);
