//! Login limits that fit a shared IP (issue 17 point 4), beside
//! `security::logins_from_one_shared_address_succeed_while_guessing_one_account_is_slowed`
//! (ten people from one address, a guessing loop slowed, counters shared by two nodes): the
//! answer of a throttled login (429, `Retry-After`, the wait in French), the same whether or not
//! an account uses the address, and an IP spraying many accounts stopped at the IP threshold.

use crate::both;
use crate::harness::{TestApp, PASSWORD};

async fn login(node: &TestApp, email: &str, password: &str) -> reqwest::Response {
    node.new_browser()
        .post(node.url("/connexion"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap()
}

fn retry_after(res: &reqwest::Response) -> i64 {
    res.headers()
        .get("retry-after")
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

both!(
    a_throttled_login_says_how_long_to_wait_and_reveals_no_account,
    |app: TestApp| async move {
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.login_account_failures = 5;
            c.login_ip_failures = 100;
        })
        .await;
        node.user("claire@example.org", "Claire").await;
        // Five failures on an account and on an address nobody uses: the same answers.
        for email in ["claire@example.org", "personne@example.org"] {
            for _ in 0..5 {
                assert_eq!(login(&node, email, "devine").await.status(), 401);
            }
            let res = login(&node, email, "devine").await;
            assert_eq!(res.status(), 429, "{email}");
            let secs = retry_after(&res);
            assert!((1..=31).contains(&secs), "{email}: {secs}");
            let page = res.text().await.unwrap();
            assert!(
                page.contains("Trop de tentatives pour ce compte : réessayez dans 1 minute(s)."),
                "{page}"
            );
            // What was typed stays in the form.
            assert!(page.contains(&format!("value=\"{email}\"")), "{page}");
        }
        // After the delay the right password gets in, and a success clears the count.
        node.state.clock.advance(chrono::Duration::seconds(31));
        assert_eq!(
            login(&node, "claire@example.org", PASSWORD).await.status(),
            303
        );
        assert_eq!(
            login(&node, "claire@example.org", "devine").await.status(),
            401
        );
    }
);

both!(
    an_ip_spraying_many_accounts_hits_the_ip_limit,
    |app: TestApp| async move {
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.login_account_failures = 5;
            c.login_ip_failures = 20;
        })
        .await;
        node.user("vrai@example.org", "Vrai").await;
        // One guess on each of twenty accounts: no account reaches its own limit, the IP does.
        for i in 0..20 {
            let res = login(&node, &format!("cible{i}@example.org"), "azerty").await;
            assert_eq!(res.status(), 401, "guess {i}");
        }
        let res = login(&node, "cible20@example.org", "azerty").await;
        assert_eq!(res.status(), 429);
        let secs = retry_after(&res);
        assert!(secs > 60 && secs <= 900, "until the window ends: {secs}");
        // The address is blocked for every account until the window ends, successes too.
        assert_eq!(
            login(&node, "vrai@example.org", PASSWORD).await.status(),
            429
        );
        node.state.clock.advance(chrono::Duration::seconds(901));
        assert_eq!(
            login(&node, "vrai@example.org", PASSWORD).await.status(),
            303
        );
        // Successes never count: sign-ins from the address change nothing.
        for _ in 0..25 {
            assert_eq!(
                login(&node, "vrai@example.org", PASSWORD).await.status(),
                303
            );
        }
        assert_eq!(
            login(&node, "cible0@example.org", "azerty").await.status(),
            401
        );
    }
);
