//! "Mon espace" (issue 17 point 3): after signing in a person lands on their own space, which
//! gathers their next registrations and bookings, the places and networks they run and what
//! waits for them, each list bounded and linked; the header's account link points there.

use crate::both;
use crate::harness::{location, TestApp};
use crate::news::{demo, login_demo};

both!(
    each_person_lands_on_their_own_space,
    |app: TestApp| async move {
        let d = demo(&app).await;
        // Nowhere in particular: the login lands on "Mon espace" (a `next` still wins).
        let member = app.new_browser();
        let res = member
            .post(app.url("/connexion"))
            .form(&[
                ("email", "membre@demo.maillage.fr"),
                ("password", maillage::demo::DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/mon-espace");
        // A registration of the member shows, linked to its event and to the full list.
        let res = app
            .api_post(
                "/api/v1/events",
                &d.gerant,
                serde_json::json!({"title": "Café des bénévoles",
                    "starts_at": crate::trainings::ahead(&app, 9, 10),
                    "ends_at": crate::trainings::ahead(&app, 9, 12), "place_id": d.riez}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let ev = res.json::<serde_json::Value>().await.unwrap()["id"]
            .as_i64()
            .unwrap();
        let res = app
            .api_post(
                &format!("/api/v1/events/{ev}/registrations"),
                &d.membre,
                serde_json::json!({}),
            )
            .await;
        assert!(res.status().is_success(), "{}", res.status());
        let page = member
            .get(app.url("/mon-espace"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("<h1>Mon espace</h1>"), "{page}");
        assert!(
            page.contains(&format!("href=\"/evenements/{ev}\"")),
            "{page}"
        );
        assert!(page.contains("href=\"/mes-inscriptions\""));
        assert!(page.contains("id=\"account-link\" href=\"/mon-espace\""));
        // A place manager sees the place they run.
        let manager = app.new_browser();
        login_demo(&app, &manager, "gerant.riez@demo.maillage.fr").await;
        let page = manager
            .get(app.url("/mon-espace"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("href=\"/lieux/{}\"", d.riez_slug)),
            "{page}"
        );
        // Signed out: to the login page, back here after.
        let res = app
            .new_browser()
            .get(app.url("/mon-espace"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert!(
            location(&res).starts_with("/connexion"),
            "{}",
            location(&res)
        );
    }
);

both!(
    an_animator_finds_the_queues_waiting_for_them,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let animatrice = app.new_browser();
        login_demo(&app, &animatrice, "animatrice@demo.maillage.fr").await;
        let page = |b: reqwest::Client| {
            let url = app.url("/mon-espace");
            async move { b.get(url).send().await.unwrap().text().await.unwrap() }
        };
        let before = page(animatrice.clone()).await;
        assert!(
            !before.contains("revendication de fiche acteur"),
            "{before}"
        );
        // A member claims an organisation's profile of the network: it waits for her.
        let actor: i64 = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar(
            "SELECT id FROM actors WHERE slug = 'atelier-bois-du-verdon'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        let (s, v) = crate::trainings::post(
            &app,
            &format!("/api/v1/actors/{actor}/claims"),
            Some(&d.membre),
            serde_json::json!({"message": "Je travaille à l'atelier."}),
        )
        .await;
        assert!((200..300).contains(&s), "{s} {v}");
        let after = page(animatrice.clone()).await;
        assert!(
            after.contains(
                "<a href=\"/acteurs/revendications\">Une revendication de fiche acteur</a>"
            ),
            "{after}"
        );
        assert!(!after.contains("Rien ne vous attend"), "{after}");
        // A member decides nothing: no queue on their space.
        let member = app.new_browser();
        login_demo(&app, &member, "membre@demo.maillage.fr").await;
        let theirs = page(member).await;
        assert!(!theirs.contains("/acteurs/revendications"), "{theirs}");
    }
);
