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
        // Places waiting for moderation: those of her networks are counted, not the others
        // (the three moderation counts are read in one statement).
        maillage::db_run!(&app.state.db, |p| sqlx::query(
            "UPDATE places SET moderation = 'pending' WHERE id IN (SELECT np.place_id FROM \
             network_places np JOIN roles r ON r.network_id = np.network_id JOIN users u \
             ON u.id = r.user_id WHERE u.email = 'animatrice@demo.maillage.fr' \
             AND r.role = 'network_admin' ORDER BY np.place_id LIMIT 2) \
             OR id = (SELECT MIN(id) FROM places WHERE id NOT IN (SELECT place_id FROM \
             network_places))"
        )
        .execute(p)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
        let expected: i64 = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar(
            "SELECT COUNT(DISTINCT np.place_id) FROM network_places np JOIN places pl \
             ON pl.id = np.place_id JOIN roles r ON r.network_id = np.network_id JOIN users u \
             ON u.id = r.user_id WHERE u.email = 'animatrice@demo.maillage.fr' \
             AND r.role = 'network_admin' AND pl.moderation = 'pending'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        assert!(expected >= 2, "{expected}");
        let after = page(animatrice.clone()).await;
        assert!(
            after.contains(&format!(
                "<a href=\"/admin/lieux/moderation\">{expected} lieux à modérer</a>"
            )),
            "{after}"
        );
        // A member decides nothing: no queue on their space.
        let member = app.new_browser();
        login_demo(&app, &member, "membre@demo.maillage.fr").await;
        let theirs = page(member).await;
        assert!(!theirs.contains("/acteurs/revendications"), "{theirs}");
    }
);

both!(
    groups_and_reports_wait_in_the_space_of_who_decides,
    |app: TestApp| async move {
        use crate::groups::send;
        use crate::trainings::post;
        let d = demo(&app).await;
        let page = |b: reqwest::Client| {
            let url = app.url("/mon-espace");
            async move { b.get(url).send().await.unwrap().text().await.unwrap() }
        };
        let manager = app.new_browser();
        login_demo(&app, &manager, "gerant.riez@demo.maillage.fr").await;
        // Someone new to groups (the demo's member already belongs to several clubs).
        let member = app.new_browser();
        app.login_as(&member, "inconnu@example.org").await;
        let before = page(member.clone()).await;
        assert!(
            before.contains("Vous n&#39;êtes membre d&#39;aucun groupe."),
            "{before}"
        );

        // They ask to join a club of Riez: the request waits for Riez's manager, named and
        // linked to the club's members; not for them, whose list shows no club yet.
        let club =
            crate::groups::club(&app, &d.gerant, d.riez, "Club des jardiniers", "public").await;
        let (s, m) = send(
            &app,
            "POST",
            &format!("/api/v1/groups/{club}/join"),
            Some(&d.stranger),
            None,
        )
        .await;
        assert!((200..300).contains(&s), "{s} {m}");
        assert_eq!(m["status"], "pending", "{m}");
        let theirs = page(manager.clone()).await;
        assert!(
            theirs.contains(
                "<a href=\"/groupes/club-des-jardiniers#membres\">Une demande d&#39;adhésion — \
                 Club des jardiniers</a>"
            ),
            "{theirs}"
        );
        let mine = page(member.clone()).await;
        assert!(!mine.contains("Club des jardiniers"), "{mine}");
        // Another place's manager decides nothing there.
        let fablab = app.new_browser();
        login_demo(&app, &fablab, "gerante.fablab@demo.maillage.fr").await;
        assert!(!page(fablab).await.contains("Club des jardiniers"));

        // Approved: the request leaves the manager's space, the club joins their groups, and
        // "all my groups" lists it alone.
        let (s, v) = send(
            &app,
            "PATCH",
            &format!("/api/v1/groups/{club}/members/{}", m["id"]),
            Some(&d.gerant),
            Some(serde_json::json!({"status": "active"})),
        )
        .await;
        assert!((200..300).contains(&s), "{s} {v}");
        assert!(!page(manager.clone())
            .await
            .contains("demande d&#39;adhésion"));
        let mine = page(member.clone()).await;
        assert!(
            mine.contains(
                "<a href=\"/groupes/club-des-jardiniers\">Club des jardiniers</a> — Membre"
            ),
            "{mine}"
        );
        assert!(mine.contains("href=\"/groupes?mine=1\""), "{mine}");
        let all_mine = member
            .get(app.url("/groupes?mine=1"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            all_mine.contains("/groupes/club-des-jardiniers\""),
            "{all_mine}"
        );
        let listed = all_mine.matches("<li class=\"card\">").count();
        assert_eq!(listed, 1, "their one group, not every group: {all_mine}");
        let everyone = app
            .new_browser()
            .get(app.url("/groupes"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            everyone.matches("<li class=\"card\">").count() > 1,
            "{everyone}"
        );

        // A post of Riez's board reported: it waits for the place's manager and the network's
        // animator, not for the member.
        let (s, v) = post(
            &app,
            "/api/v1/posts",
            Some(&d.membre),
            serde_json::json!({"type": "need", "title": "Cherche un vélo cargo",
                "body": "Pour livrer le marché.", "category": "mobilite", "skills": ["vélo"],
                "place_id": d.riez}),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let (s, r) = post(
            &app,
            &format!("/api/v1/posts/{}/report", v["id"]),
            Some(&d.stranger),
            serde_json::json!({"reason": "scam", "comment": "Demande un virement"}),
        )
        .await;
        assert_eq!(s, 202, "{r}");
        let reported = "<a href=\"/annonces/moderation\">Une annonce signalée</a>";
        assert!(page(manager.clone()).await.contains(reported));
        let animatrice = app.new_browser();
        login_demo(&app, &animatrice, "animatrice@demo.maillage.fr").await;
        assert!(page(animatrice).await.contains(reported));
        let demo_member = app.new_browser();
        login_demo(&app, &demo_member, "membre@demo.maillage.fr").await;
        assert!(!page(demo_member).await.contains("/annonces/moderation"));
    }
);
