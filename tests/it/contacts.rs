//! Issue 18 points 1, 5 and 9: an organisation's profile claimed and run by its people,
//! contact through Maillage without either side seeing the other's address (thread, email
//! without addresses, sharing by choice, blocking, reporting, rate limits), the skills
//! vocabulary merged by an animator, and a person's profile and messages in their data export
//! and gone with their account. Each story runs on SQLite and PostgreSQL.

use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};
use crate::news::{demo, login_demo, text};
use crate::trainings::{post, send};

const JULIE: &str = "julie.web@demo.maillage.fr";
const MEMBRE: &str = "membre@demo.maillage.fr";
const ATELIER: &str = "atelier-bois-du-verdon";

async fn actor_id(app: &TestApp, slug: &str) -> i64 {
    maillage::actors::service::by_slug(&app.state, slug)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no actor {slug}"))
        .id
        .get()
}

async fn julie_slug(app: &TestApp) -> String {
    let u = maillage::accounts::repo::user_by_email(&app.state.db, JULIE)
        .await
        .unwrap()
        .unwrap();
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, String>(
        "SELECT slug FROM actors WHERE user_id = $1"
    )
    .bind(u.id)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    body: &[(&str, &str)],
) -> reqwest::Response {
    client.post(app.url(path)).form(body).send().await.unwrap()
}

both!(
    a_member_writes_to_a_freelancer_and_neither_sees_the_other_address,
    |app: TestApp| async move {
        let d = demo(&app).await;
        app.drain_emails().await;
        let slug = julie_slug(&app).await;
        let membre = app.new_browser();
        login_demo(&app, &membre, MEMBRE).await;

        // The profile offers to get in touch; the form says the address stays hidden.
        let (s, page) = text(&app, &membre, &format!("/acteurs/{slug}")).await;
        assert_eq!(s, 200);
        assert!(
            page.contains(&format!("/acteurs/{slug}/contacter")),
            "{page}"
        );
        let (s, page) = text(&app, &membre, &format!("/acteurs/{slug}/contacter")).await;
        assert_eq!(s, 200);
        assert!(page.contains("passe par Maillage"), "{page}");

        // An empty message is refused in French, the form kept.
        let res = form(
            &app,
            &membre,
            &format!("/acteurs/{slug}/contacter"),
            &[("message", "  ")],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Écrivez un message."));

        let res = form(
            &app,
            &membre,
            &format!("/acteurs/{slug}/contacter"),
            &[(
                "message",
                "Bonjour Julie, pourriez-vous refaire le site du tiers-lieu ?",
            )],
        )
        .await;
        assert_eq!(res.status(), 303);
        let thread_path = location(&res);
        assert!(thread_path.starts_with("/messages/"), "{thread_path}");
        let thread: i64 = thread_path
            .trim_start_matches("/messages/")
            .parse()
            .unwrap();

        // Julie is told by an email that carries the message, not the sender's address.
        let mail = app.email_to(JULIE).await;
        assert!(
            mail.text.contains("refaire le site du tiers-lieu"),
            "{}",
            mail.text
        );
        assert!(mail.text.contains(&format!("/messages/{thread}")));
        assert!(!mail.text.contains(MEMBRE) && !mail.subject.contains(MEMBRE));

        // Julie reads it in her inbox (new), and answers.
        let julie = app.new_browser();
        login_demo(&app, &julie, JULIE).await;
        let (_, inbox) = text(&app, &julie, "/messages").await;
        assert!(
            inbox.contains(&format!("/messages/{thread}")) && inbox.contains("Nouveau"),
            "{inbox}"
        );
        let (s, page) = text(&app, &julie, &format!("/messages/{thread}")).await;
        assert_eq!(s, 200);
        assert!(page.contains("refaire le site du tiers-lieu"));
        assert!(!page.contains(MEMBRE), "the sender's address is not shown");
        let (_, inbox) = text(&app, &julie, "/messages").await;
        assert!(!inbox.contains("Nouveau"), "read once opened");
        let res = form(
            &app,
            &julie,
            &format!("/messages/{thread}"),
            &[("message", "Avec plaisir, parlons-en.")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let mail = app.email_to("membre@demo.maillage.fr").await;
        assert!(mail.text.contains("Avec plaisir"));
        assert!(!mail.text.contains(JULIE));
        let (_, page) = text(&app, &membre, &format!("/messages/{thread}")).await;
        assert!(page.contains("Avec plaisir") && !page.contains(JULIE));

        // Julie chooses to share her address: the member sees it, in this thread only.
        let res = form(
            &app,
            &julie,
            &format!("/messages/{thread}/partager"),
            &[("on", "1")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (_, page) = text(&app, &membre, &format!("/messages/{thread}")).await;
        assert!(page.contains(JULIE), "shared address shown");
        let (s, api) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/threads/{thread}"),
            Some(&d.membre),
            json!(null),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(api["their_email"], JULIE);
        assert_eq!(api["messages"].as_array().unwrap().len(), 2);
        form(
            &app,
            &julie,
            &format!("/messages/{thread}/partager"),
            &[("on", "0")],
        )
        .await;
        let (_, page) = text(&app, &membre, &format!("/messages/{thread}")).await;
        assert!(!page.contains(JULIE), "no longer shared");

        // Nobody else reads the thread: a stranger, the API of another account.
        let (s, _) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/threads/{thread}"),
            Some(&d.stranger),
            json!(null),
        )
        .await;
        assert_eq!(s, 404);
        let (s, _) = post(
            &app,
            &format!("/api/v1/threads/{thread}/messages"),
            Some(&d.gerant),
            json!({"message": "Bonjour"}),
        )
        .await;
        assert_eq!(s, 404);

        // Julie blocks the member: their next message is refused, in the thread and anew.
        let res = form(
            &app,
            &julie,
            &format!("/messages/{thread}/bloquer"),
            &[("on", "1")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (s, _) = post(
            &app,
            &format!("/api/v1/threads/{thread}/messages"),
            Some(&d.membre),
            json!({"message": "Encore moi"}),
        )
        .await;
        assert_eq!(s, 403);
        let julie_id = actor_id(&app, &slug).await;
        let (s, _) = post(
            &app,
            &format!("/api/v1/actors/{julie_id}/contact"),
            Some(&d.membre),
            json!({"message": "Encore moi"}),
        )
        .await;
        assert_eq!(s, 403);
        assert!(app.drain_emails().await.is_empty(), "nothing sent to Julie");
        form(
            &app,
            &julie,
            &format!("/messages/{thread}/bloquer"),
            &[("on", "0")],
        )
        .await;
        let (s, _) = post(
            &app,
            &format!("/api/v1/threads/{thread}/messages"),
            Some(&d.membre),
            json!({"message": "Merci !"}),
        )
        .await;
        assert_eq!(s, 202);

        // Julie reports the thread: Riez's manager (her place) reads it and decides; the
        // fab lab's manager cannot.
        let res = form(
            &app,
            &julie,
            &format!("/messages/{thread}/signaler"),
            &[("reason", "Démarchage insistant")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (s, _) = post(
            &app,
            &format!("/api/v1/threads/{thread}/report"),
            Some(&d.membre),
            json!({"reason": ""}),
        )
        .await;
        assert_eq!(s, 422, "a reason is needed");
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, reports) = text(&app, &gerant, "/messages/signalements").await;
        assert_eq!(s, 200);
        assert!(
            reports.contains("Démarchage insistant")
                && reports.contains(&format!("/messages/{thread}")),
            "{reports}"
        );
        let (s, page) = text(&app, &gerant, &format!("/messages/{thread}")).await;
        assert_eq!(s, 200);
        assert!(page.contains("Vous lisez cette conversation parce qu"));
        let fablab = app.new_browser();
        login_demo(&app, &fablab, "gerante.fablab@demo.maillage.fr").await;
        let (_, reports) = text(&app, &fablab, "/messages/signalements").await;
        assert!(!reports.contains("Démarchage insistant"));
        // The report waits in Riez's manager's space (issue 17 point 3), not the fab lab's.
        let waiting = "<a href=\"/messages/signalements\">Un message signalé</a>";
        let (_, space) = text(&app, &gerant, "/mon-espace").await;
        assert!(space.contains(waiting), "{space}");
        let (_, space) = text(&app, &fablab, "/mon-espace").await;
        assert!(!space.contains(waiting), "{space}");
        let (s, _) = text(&app, &fablab, &format!("/messages/{thread}")).await;
        assert_eq!(s, 404);
        let res = form(
            &app,
            &fablab,
            &format!("/messages/{thread}/moderer"),
            &[("decision", "delete")],
        )
        .await;
        assert_eq!(res.status(), 404);
        let res = form(
            &app,
            &gerant,
            &format!("/messages/{thread}/moderer"),
            &[("decision", "keep")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (s, _) = text(&app, &gerant, &format!("/messages/{thread}")).await;
        assert_eq!(s, 404, "once dealt with, no longer the moderator's to read");

        // An organisation nobody runs yet cannot be written to.
        let atelier = actor_id(&app, ATELIER).await;
        let (s, v) = post(
            &app,
            &format!("/api/v1/actors/{atelier}/contact"),
            Some(&d.membre),
            json!({"message": "Bonjour"}),
        )
        .await;
        assert_eq!(s, 409, "{v}");
        let (s, _) = text(&app, &membre, &format!("/acteurs/{ATELIER}/contacter")).await;
        assert_eq!(s, 404);
        // Writing to oneself is refused.
        let (s, _) = post(
            &app,
            &format!("/api/v1/actors/{julie_id}/contact"),
            Some(&maillage_token(&app, JULIE).await),
            json!({"message": "Moi"}),
        )
        .await;
        assert_eq!(s, 422);
    }
);

async fn maillage_token(app: &TestApp, email: &str) -> String {
    crate::news::token_of(app, email).await
}

both!(
    messages_are_rate_limited_per_sender,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let julie = actor_id(&app, &julie_slug(&app).await).await;
        let (s, v) = post(
            &app,
            &format!("/api/v1/actors/{julie}/contact"),
            Some(&d.membre),
            json!({"message": "Bonjour 0"}),
        )
        .await;
        assert_eq!(s, 202, "{v}");
        let thread = v["thread_id"].as_i64().unwrap();
        // Writing again about the same profile continues the same thread.
        let (s, v) = post(
            &app,
            &format!("/api/v1/actors/{julie}/contact"),
            Some(&d.membre),
            json!({"message": "Bonjour 1"}),
        )
        .await;
        assert_eq!((s, v["thread_id"].as_i64()), (202, Some(thread)));
        for i in 2..maillage::contacts::model::MESSAGES_PER_HOUR {
            let (s, _) = post(
                &app,
                &format!("/api/v1/threads/{thread}/messages"),
                Some(&d.membre),
                json!({"message": format!("Message {i}")}),
            )
            .await;
            assert_eq!(s, 202, "message {i}");
        }
        let (s, v) = post(
            &app,
            &format!("/api/v1/threads/{thread}/messages"),
            Some(&d.membre),
            json!({"message": "Un de trop"}),
        )
        .await;
        assert_eq!(s, 429, "{v}");
        // Too long is a 422 naming the field.
        let long = "a".repeat(maillage::contacts::model::BODY_MAX + 1);
        app.state.clock.advance(chrono::Duration::minutes(61));
        let (s, v) = post(
            &app,
            &format!("/api/v1/threads/{thread}/messages"),
            Some(&d.membre),
            json!({"message": long}),
        )
        .await;
        assert_eq!(s, 422);
        assert!(v["error"]["fields"]["message"].is_string(), "{v}");
        let (s, _) = post(
            &app,
            &format!("/api/v1/threads/{thread}/messages"),
            Some(&d.membre),
            json!({"message": "Une heure plus tard"}),
        )
        .await;
        assert_eq!(s, 202, "allowed again an hour later");
        let (s, list) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/threads",
            Some(&d.membre),
            json!(null),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(list["total"], 1);
        assert_eq!(list["items"][0]["started_by_me"], true);
    }
);

both!(
    an_organisation_is_claimed_then_run_and_reached_by_its_people,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let atelier = actor_id(&app, ATELIER).await;
        let claimant_id = app.user("artisan@example.org", "Paul Artisan").await;
        let claimant = app.token_for(claimant_id).await;
        let (s, _) = post(
            &app,
            &format!("/api/v1/actors/{atelier}/claims"),
            Some(&claimant),
            json!({"message": "Je suis le menuisier de l'atelier."}),
        )
        .await;
        assert_eq!(s, 202);
        let (s, v) = post(
            &app,
            &format!("/api/v1/actors/{atelier}/claims"),
            Some(&claimant),
            json!({}),
        )
        .await;
        assert_eq!(s, 409, "one pending claim: {v}");
        let (s, _) = post(
            &app,
            &format!("/api/v1/actors/{atelier}/claims"),
            Some(&claimant),
            json!({"message": "x".repeat(2001)}),
        )
        .await;
        assert!(s == 409 || s == 422);
        // A person's profile is not claimed.
        let julie = actor_id(&app, &julie_slug(&app).await).await;
        let (s, _) = post(
            &app,
            &format!("/api/v1/actors/{julie}/claims"),
            Some(&claimant),
            json!({}),
        )
        .await;
        assert_eq!(s, 404);

        // The fab lab's manager neither sees nor decides it; Riez's manager does.
        let (s, list) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/actor-claims",
            Some(&d.fablab),
            json!(null),
        )
        .await;
        assert_eq!(s, 200);
        assert!(list.as_array().unwrap().is_empty(), "{list}");
        let (s, _) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/actor-claims",
            Some(&d.membre),
            json!(null),
        )
        .await;
        assert_eq!(s, 404, "a member moderates nothing");
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, page) = text(&app, &gerant, "/acteurs/revendications").await;
        assert_eq!(s, 200);
        assert!(
            page.contains("Paul Artisan") && page.contains("Atelier Bois du Verdon"),
            "{page}"
        );
        let claim = list_first_claim(&app, &d.gerant).await;
        let (s, _) = post(
            &app,
            &format!("/api/v1/actor-claims/{claim}/decision"),
            Some(&d.fablab),
            json!({"accept": true}),
        )
        .await;
        assert_eq!(s, 404);
        let res = form(
            &app,
            &gerant,
            &format!("/acteurs/revendications/{claim}"),
            &[("decision", "accept")],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (s, _) = post(
            &app,
            &format!("/api/v1/actor-claims/{claim}/decision"),
            Some(&d.gerant),
            json!({"accept": false}),
        )
        .await;
        assert_eq!(s, 409, "already decided");

        // The claimant now edits the profile (checked as any editor) and receives its messages.
        let (s, v) = crate::news::call(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/actors/{atelier}"),
            Some(&claimant),
            Some(json!({"description": "Menuiserie et ébénisterie sur mesure."})),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        let (s, _) = crate::news::call(&app, reqwest::Method::PATCH, &format!("/api/v1/actors/{atelier}"), Some(&claimant), Some(json!({"place_ids": [maillage_place(&app, "fab-lab-du-pays-de-forcalquier").await]}))).await;
        assert_eq!(s, 404, "attaching elsewhere is still checked");
        app.drain_emails().await;
        let (s, v) = post(
            &app,
            &format!("/api/v1/actors/{atelier}/contact"),
            Some(&d.membre),
            json!({"message": "Bonjour, faites-vous des étagères ?"}),
        )
        .await;
        assert_eq!(s, 202, "{v}");
        let mail = app.email_to("artisan@example.org").await;
        assert!(mail.text.contains("étagères"));
        assert!(!mail.text.contains(MEMBRE));
        let (_, inbox) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/threads",
            Some(&claimant),
            json!(null),
        )
        .await;
        assert_eq!(inbox["items"][0]["subject"], "Atelier Bois du Verdon");
        assert_eq!(inbox["items"][0]["unread"], true);

        // They leave it: no longer an editor.
        let paul = app.new_browser();
        app.login_as(&paul, "artisan@example.org").await;
        let (_, page) = text(&app, &paul, &format!("/acteurs/{ATELIER}")).await;
        assert!(page.contains("Vous gérez ce profil"), "{page}");
        let res = form(&app, &paul, &format!("/acteurs/{ATELIER}/quitter"), &[]).await;
        assert_eq!(res.status(), 303);
        let (s, _) = crate::news::call(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/actors/{atelier}"),
            Some(&claimant),
            Some(json!({"description": "x"})),
        )
        .await;
        assert_eq!(s, 404);
    }
);

async fn list_first_claim(app: &TestApp, token: &str) -> i64 {
    let (s, list) = send(
        app,
        reqwest::Method::GET,
        "/api/v1/actor-claims",
        Some(token),
        json!(null),
    )
    .await;
    assert_eq!(s, 200);
    list[0]["id"].as_i64().unwrap()
}

async fn maillage_place(app: &TestApp, slug: &str) -> i64 {
    maillage::tenancy::repo::place_by_slug(&app.state.db, slug)
        .await
        .unwrap()
        .unwrap()
        .id
        .get()
}

both!(
    an_animator_merges_a_free_skill_into_the_vocabulary,
    |app: TestApp| async move {
        let d = demo(&app).await;
        // A manager tags a profile with a skill the vocabulary does not know.
        let (s, v) = post(
            &app,
            "/api/v1/actors",
            Some(&d.gerant),
            json!({
                "name": "Les Copeaux", "kind": "organization", "subtype": "artisan",
                "categories": ["artisanat"], "skills": ["Travail du bois"], "place_ids": [d.riez],
            }),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let free = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
            "SELECT id FROM skills WHERE folded = 'travail du bois'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        let menuiserie = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
            "SELECT id FROM skills WHERE folded = 'menuiserie'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        // Only the animators (and instance admins) curate it.
        let (s, _) = post(
            &app,
            &format!("/api/v1/skills/{free}/merge"),
            Some(&d.gerant),
            json!({"into": menuiserie}),
        )
        .await;
        assert_eq!(s, 404);
        let (s, list) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/skills?q=bois",
            Some(&d.animatrice),
            json!(null),
        )
        .await;
        assert_eq!(s, 200);
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .any(|k| k["name"] == "Travail du bois"),
            "{list}"
        );
        let (s, v) = post(
            &app,
            &format!("/api/v1/skills/{free}/merge"),
            Some(&d.animatrice),
            json!({"into": 999_999}),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        let (s, v) = post(
            &app,
            &format!("/api/v1/skills/{free}/merge"),
            Some(&d.animatrice),
            json!({"into": menuiserie}),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["into"]["name"], "menuiserie");
        assert_eq!(v["retagged"], 1);
        let (s, _) = post(
            &app,
            &format!("/api/v1/skills/{free}/merge"),
            Some(&d.animatrice),
            json!({"into": menuiserie}),
        )
        .await;
        assert_eq!(s, 422, "already the same skill");

        // The profile holds the kept skill; both words find it.
        let (_, a) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/actors/{}", v_id(&app, "Les Copeaux").await),
            None,
            json!(null),
        )
        .await;
        let skills: Vec<&str> = a["skills"]
            .as_array()
            .unwrap_or_else(|| panic!("{a}"))
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(skills, vec!["menuiserie"], "{a}");
        for query in ["skill=travail%20du%20bois", "q=menuiserie", "q=travail"] {
            let (_, found) = send(
                &app,
                reqwest::Method::GET,
                &format!("/api/v1/actors?place_id={}&{query}", d.riez),
                None,
                json!(null),
            )
            .await;
            assert!(
                found["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i["name"] == "Les Copeaux"),
                "{query}: {found}"
            );
        }

        // The page: the animator sees the vocabulary and merges through the form.
        let anim = app.new_browser();
        login_demo(&app, &anim, "animatrice@demo.maillage.fr").await;
        let (s, page) = text(&app, &anim, "/admin/competences").await;
        assert_eq!(s, 200);
        assert!(page.contains("Travail du bois"), "synonym listed: {page}");
        let res = form(
            &app,
            &anim,
            "/admin/competences/fusionner",
            &[("from", "abc"), ("into", "")],
        )
        .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Compétence inconnue."));
        let membre = app.new_browser();
        login_demo(&app, &membre, MEMBRE).await;
        let (s, _) = text(&app, &membre, "/admin/competences").await;
        assert_eq!(s, 404);
    }
);

async fn v_id(app: &TestApp, name: &str) -> i64 {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM actors WHERE name = $1"
    )
    .bind(name)
    .fetch_one(p)
    .await)
    .unwrap()
}

both!(
    a_person_finds_their_profile_and_messages_in_their_export_and_none_after_deleting,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let slug = julie_slug(&app).await;
        let julie_id = actor_id(&app, &slug).await;
        let (s, v) = post(
            &app,
            &format!("/api/v1/actors/{julie_id}/contact"),
            Some(&d.membre),
            json!({"message": "Bonjour, un devis ?"}),
        )
        .await;
        assert_eq!(s, 202, "{v}");
        let thread = v["thread_id"].as_i64().unwrap();
        let julie = app.new_browser();
        login_demo(&app, &julie, JULIE).await;
        form(
            &app,
            &julie,
            &format!("/messages/{thread}"),
            &[("message", "Volontiers, voici mes tarifs.")],
        )
        .await;

        let export: Value = julie
            .get(app.url("/compte/export"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            export["actors"]["person_profile"]["slug"],
            slug.as_str(),
            "{export}"
        );
        assert_eq!(
            export["actors"]["person_profile"]["profile"]["email"],
            JULIE
        );
        let bodies: Vec<&str> = export["contacts"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["body"].as_str().unwrap())
            .collect();
        assert_eq!(
            bodies,
            vec!["Volontiers, voici mes tarifs."],
            "her own messages"
        );

        // She deletes her account: her profile leaves the pages, the API and the showcase,
        // and the thread goes with it.
        let res = form(
            &app,
            &julie,
            "/compte/suppression",
            &[("password", maillage::demo::DEMO_PASSWORD)],
        )
        .await;
        assert!(res.status().is_redirection(), "{}", res.status());
        assert_eq!(app.get(&format!("/acteurs/{slug}")).await.status(), 404);
        let (s, _) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/actors/{julie_id}"),
            None,
            json!(null),
        )
        .await;
        assert_eq!(s, 404);
        let showcase = app
            .get("/lieux/tiers-lieu-de-riez/vitrine")
            .await
            .text()
            .await
            .unwrap();
        assert!(!showcase.contains("Julie Martin"));
        let (s, _) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/threads/{thread}"),
            Some(&d.membre),
            json!(null),
        )
        .await;
        assert_eq!(s, 404);
        let (_, list) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/threads",
            Some(&d.membre),
            json!(null),
        )
        .await;
        assert_eq!(list["total"], 0);
    }
);

// Issue 18's "done when": from the demo, a person finds a carpenter near Riez, posts a need
// that lists the matching offer first with its reasons, and writes to its author — neither
// sees the other's address.
both!(
    a_member_finds_a_carpenter_posts_a_need_and_contacts_the_offer_without_addresses,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (_, riez) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/places/{}", d.riez),
            None,
            json!(null),
        )
        .await;
        let (lat, lon) = (
            riez["latitude"].as_f64().unwrap(),
            riez["longitude"].as_f64().unwrap(),
        );
        let (s, found) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/actors?skill=menuisier&near={lat},{lon}&radius_km=15"),
            None,
            json!(null),
        )
        .await;
        assert_eq!(s, 200);
        let names: Vec<&str> = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"Atelier Bois du Verdon"), "{names:?}");

        let (s, need) = post(
            &app,
            "/api/v1/posts",
            Some(&d.membre),
            json!({
                "type": "need", "title": "Cherche menuisier pour un comptoir",
                "body": "Un comptoir en chêne pour l'accueil du tiers-lieu.",
                "category": "artisanat", "skills": ["menuiserie"], "place_id": d.riez,
            }),
        )
        .await;
        assert_eq!(s, 201, "{need}");
        let first = &need["matches"][0];
        let offer = first["post_id"]
            .as_i64()
            .unwrap_or_else(|| panic!("an offer first: {need:#}"));
        let reasons: Vec<&str> = first["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(
            reasons.contains(&"compétence commune : menuiserie"),
            "{reasons:?}"
        );
        app.drain_emails().await;

        // The member writes to the offer's author from its page.
        let membre = app.new_browser();
        login_demo(&app, &membre, MEMBRE).await;
        let (_, page) = text(&app, &membre, &format!("/annonces/{offer}")).await;
        assert!(
            page.contains(&format!("/annonces/{offer}/contacter")),
            "{page}"
        );
        let res = form(
            &app,
            &membre,
            &format!("/annonces/{offer}/contacter"),
            &[(
                "message",
                "Bonjour, votre offre de menuiserie m'intéresse pour un comptoir.",
            )],
        )
        .await;
        assert_eq!(res.status(), 303);
        let thread = location(&res);
        let carpenter = "artisan@demo.maillage.fr";
        let mail = app.email_to(carpenter).await;
        assert!(mail.text.contains("comptoir") && !mail.text.contains(MEMBRE));
        let paul = app.new_browser();
        login_demo(&app, &paul, carpenter).await;
        let (s, page) = text(&app, &paul, &thread).await;
        assert_eq!(s, 200);
        assert!(page.contains("comptoir") && !page.contains(MEMBRE));
        form(
            &app,
            &paul,
            &thread,
            &[("message", "Bonjour, passons à l'atelier jeudi.")],
        )
        .await;
        let (_, page) = text(&app, &membre, &thread).await;
        assert!(page.contains("passons") && !page.contains(carpenter));
        // The API says what the thread answers; its author cannot write to their own post.
        let (_, list) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/threads",
            Some(&d.membre),
            json!(null),
        )
        .await;
        assert_eq!(list["items"][0]["post_id"], offer);
        let paul_token = crate::news::token_of(&app, carpenter).await;
        let (s, _) = post(
            &app,
            &format!("/api/v1/posts/{offer}/contact"),
            Some(&paul_token),
            json!({"message": "moi"}),
        )
        .await;
        assert_eq!(s, 422);
        // Their exports hold their own posts and messages.
        let export: Value = membre
            .get(app.url("/compte/export"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            export["posts"]["posts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["title"] == "Cherche menuisier pour un comptoir"),
            "{export}"
        );
        assert!(export["contacts"]["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["body"].as_str().unwrap().contains("comptoir")));
    }
);

// Issue 18 point 1's photos and logo: an organisation's editors add them (six at most, a text
// alternative required), the first is its logo on the showcase and in its JSON-LD; a person's
// profile has none; anyone else gets 404.
both!(
    an_organisation_shows_its_photos_and_logo,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let atelier = actor_id(&app, ATELIER).await;
        let photo = |alt: &str| {
            crate::harness::photo_form(alt, Some(("p.png", crate::harness::png(64, 48))))
        };
        let path = format!("/api/v1/actors/{atelier}/photos");
        let (s, _) = app.api_multipart(&path, &d.fablab, photo("Le logo")).await;
        assert_eq!(s, 404, "another place's manager");
        let (s, v) = app.api_multipart(&path, &d.gerant, photo("")).await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["alt"].is_string());
        let (s, logo) = app
            .api_multipart(&path, &d.gerant, photo("Le logo de l'atelier"))
            .await;
        assert_eq!(s, 201, "{logo}");
        for i in 1..maillage::actors::photos::MAX_PHOTOS {
            let (s, _) = app
                .api_multipart(&path, &d.gerant, photo(&format!("L'atelier {i}")))
                .await;
            assert_eq!(s, 201);
        }
        let (s, v) = app
            .api_multipart(&path, &d.gerant, photo("Une de trop"))
            .await;
        assert_eq!(s, 422, "six at most: {v}");
        let (_, list) = send(&app, reqwest::Method::GET, &path, None, json!(null)).await;
        assert_eq!(
            list.as_array().unwrap().len(),
            maillage::actors::photos::MAX_PHOTOS
        );
        assert_eq!(list[0]["id"], logo["id"]);

        // The showcase's card shows the logo; the profile its photos and a JSON-LD logo.
        let showcase = app
            .get("/lieux/tiers-lieu-de-riez/vitrine")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            showcase.contains("class=\"actor-logo\"")
                && showcase.contains(logo["thumbnail_url"].as_str().unwrap()),
            "{showcase}"
        );
        let page = app
            .get(&format!("/acteurs/{ATELIER}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"actor-photos\""));
        assert!(
            page.contains(&format!(
                "\"logo\":\"{}{}\"",
                app.state.config.base_url,
                logo["url"].as_str().unwrap()
            )),
            "{page}"
        );

        // The page to manage them: its editors only; deleting one.
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (s, page) = text(&app, &gerant, &format!("/acteurs/{ATELIER}/photos")).await;
        assert_eq!(s, 200);
        assert!(page.contains("Le logo de l"));
        let membre = app.new_browser();
        login_demo(&app, &membre, MEMBRE).await;
        let (s, _) = text(&app, &membre, &format!("/acteurs/{ATELIER}/photos")).await;
        assert_eq!(s, 404);
        let res = form(
            &app,
            &gerant,
            &format!("/acteurs/{ATELIER}/photos/{}/supprimer", logo["id"]),
            &[],
        )
        .await;
        assert_eq!(res.status(), 303);
        let (_, list) = send(&app, reqwest::Method::GET, &path, None, json!(null)).await;
        assert_eq!(
            list.as_array().unwrap().len(),
            maillage::actors::photos::MAX_PHOTOS - 1
        );

        // A person's profile takes no photo.
        let julie = actor_id(&app, &julie_slug(&app).await).await;
        let julie_token = crate::news::token_of(&app, JULIE).await;
        let (s, v) = app
            .api_multipart(
                &format!("/api/v1/actors/{julie}/photos"),
                &julie_token,
                photo("Moi"),
            )
            .await;
        assert_eq!(s, 422, "{v}");
        // Deleting the profile takes its photos' rows with it.
        let (s, _) = crate::news::call(
            &app,
            reqwest::Method::DELETE,
            &format!("/api/v1/actors/{atelier}"),
            Some(&d.gerant),
            None,
        )
        .await;
        assert_eq!(s, 204);
        let left: i64 = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM photos WHERE owner_kind = 'actor' AND owner_id = $1"
        )
        .bind(atelier)
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(left, 0);
    }
);

// Issue 18 point 1's service area: the communes an actor works in and a radius, checked at
// creation and by PATCH, shown on the profile and in the API, and found by the commune filter
// and by a distance search its radius reaches.
both!(
    an_actor_says_where_it_works_and_is_found_there,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let atelier = actor_id(&app, ATELIER).await;
        let patch = |body: Value| {
            let app = &app;
            let token = d.gerant.clone();
            async move {
                crate::news::call(
                    app,
                    reqwest::Method::PATCH,
                    &format!("/api/v1/actors/{atelier}"),
                    Some(&token),
                    Some(body),
                )
                .await
            }
        };
        let (s, v) = patch(json!({"service_radius_km": 500})).await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["service_radius_km"].is_string());
        // Searched within 3 km of Moustiers (11 km from the workshop): not there yet.
        let near_moustiers = || async {
            let (_, found) = send(
                &app,
                reqwest::Method::GET,
                "/api/v1/actors?near=43.8466,6.2222&radius_km=3",
                None,
                json!(null),
            )
            .await;
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["name"] == "Atelier Bois du Verdon")
        };
        assert!(!near_moustiers().await);
        let (s, v) = patch(json!({"service_communes": ["Valensole", "Moustiers-Sainte-Marie", "valensole"], "service_radius_km": 25})).await;
        assert_eq!(s, 200, "{v}");
        // Its 25 km service radius reaches the searched disc: found there now.
        assert!(near_moustiers().await);
        let (_, a) = send(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/actors/{atelier}"),
            None,
            json!(null),
        )
        .await;
        assert_eq!(
            a["service_communes"],
            json!(["Valensole", "Moustiers-Sainte-Marie"]),
            "{a}"
        );
        assert_eq!(a["service_radius_km"], 25);
        // The commune filter finds it in the communes it serves (accents and case aside).
        let (_, found) = send(
            &app,
            reqwest::Method::GET,
            "/api/v1/actors?city=moustiers-sainte-marie",
            None,
            json!(null),
        )
        .await;
        assert!(
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["name"] == "Atelier Bois du Verdon"),
            "{found}"
        );
        let page = app
            .get(&format!("/acteurs/{ATELIER}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Intervient : Valensole, Moustiers-Sainte-Marie, dans un rayon de 25 km"),
            "{page}"
        );
        // The edit form reads it back.
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let (_, form_page) = text(&app, &gerant, &format!("/acteurs/{ATELIER}/modifier")).await;
        assert!(
            form_page.contains("Valensole\nMoustiers-Sainte-Marie")
                || form_page.contains("Valensole&#10;Moustiers"),
            "{form_page}"
        );
    }
);
