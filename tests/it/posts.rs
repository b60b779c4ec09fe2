//! Posts ("annonces", issue 18 points 3 and 4) on both engines: the demo's need lists the
//! matching offer first with its reasons, the same rules at creation, edit and PATCH (API
//! and forms), who moderates (404 for others), reports told to the moderators, expiry,
//! renewal and archiving with the test clock, the boards' filters and Atom feeds, the
//! matching of a seeded set with its expected top three and its emails, and a board whose
//! SQL statements do not grow with its posts.

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;
use crate::news::{call, demo, login_demo, text};
use crate::trainings::{post, send};
use reqwest::Method;

const NEED: &str = "Cherche un·e menuisier·e pour des étagères";
const OFFER: &str = "Menuisier à Riez : étagères, placards, petites réparations";

async fn id_of(app: &TestApp, title: &str) -> i64 {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
        "SELECT id FROM posts WHERE title = $1"
    )
    .bind(title)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn member_of_riez(app: &TestApp, email: &str, riez: i64) -> String {
    let u = app.user(email, email.split('@').next().unwrap()).await;
    maillage::accounts::repo::grant_role(
        &app.state.db,
        u,
        maillage::accounts::model::RoleKind::Member,
        None,
        Some(riez),
        0,
    )
    .await
    .unwrap();
    app.token_for(u).await
}

fn need(riez: i64) -> Value {
    json!({"type": "need", "title": "Cherche un vélo cargo", "body": "Pour livrer le marché.",
           "category": "mobilite", "skills": ["vélo"], "place_id": riez})
}

both!(
    the_demo_need_lists_the_matching_offer_first_with_its_reasons,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let need = id_of(&app, NEED).await;
        let offer = id_of(&app, OFFER).await;
        let (s, m) = call(
            &app,
            Method::GET,
            &format!("/api/v1/posts/{need}/matches"),
            Some(&d.membre),
            None,
        )
        .await;
        assert_eq!(s, 200, "{m}");
        assert_eq!(m[0]["post_id"], json!(offer), "{m:#}");
        let reasons: Vec<&str> = m[0]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        assert!(
            reasons.contains(&"compétence commune : menuiserie"),
            "{reasons:?}"
        );
        assert!(
            reasons.contains(&"même catégorie : Artisanat"),
            "{reasons:?}"
        );
        // The Atelier Bois du Verdon (menuiserie) is among the profiles that fit.
        assert!(m
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["title"] == "Atelier Bois du Verdon"));
        // Matches are the author's: 404 for anyone else.
        let (s, _) = call(
            &app,
            Method::GET,
            &format!("/api/v1/posts/{need}/matches"),
            Some(&d.stranger),
            None,
        )
        .await;
        assert_eq!(s, 404);
        // The post page shows the author the offer first, with its reasons.
        let member = app.new_browser();
        login_demo(&app, &member, "membre@demo.maillage.fr").await;
        let (s, html) = text(&app, &member, &format!("/annonces/{need}")).await;
        assert_eq!(s, 200);
        let matches = html.split("id=\"post-matches\"").nth(1).unwrap();
        let first = matches.split("<li class=\"match\">").nth(1).unwrap();
        assert!(first.contains("petites réparations"), "{first}");
        assert!(first.contains("compétence commune : menuiserie"), "{first}");
        // Others see the post, never the matches, and never an email address.
        let (s, html) = text(&app, &app.new_browser(), &format!("/annonces/{need}")).await;
        assert_eq!(s, 200);
        assert!(!html.contains("post-matches"));
        assert!(!html.contains("@demo.maillage.fr"));
        let (_, json) = call(
            &app,
            Method::GET,
            &format!("/api/v1/posts/{need}"),
            None,
            None,
        )
        .await;
        assert!(!json.to_string().contains("@demo.maillage.fr"), "{json}");
        // The boards are linked from the place, the network and their showcases, and the
        // author's list from the account page.
        for (page, link) in [
            (format!("/lieux/{}", d.riez_slug), "/annonces\""),
            (format!("/reseaux/{}", d.network_slug), "/annonces\""),
            (format!("/lieux/{}/vitrine", d.riez_slug), "/annonces\""),
            ("/compte".to_string(), "/mes-annonces"),
        ] {
            let (s, html) = text(&app, &member, &page).await;
            assert_eq!(s, 200, "{page}");
            assert!(html.contains(link), "{page} links {link}");
        }
        let (s, html) = text(&app, &member, "/mes-annonces").await;
        assert_eq!(s, 200);
        assert!(html.contains("étagères"));
    }
);

both!(
    posts_are_checked_at_creation_edit_and_patch,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let url = "/api/v1/posts";
        let bad = json!({"type": "need", "title": "", "body": "x", "category": "plomberie-spatiale",
                         "place_id": d.riez, "expires_on": "2999-01-01"});
        let (s, v) = post(&app, url, Some(&d.membre), bad).await;
        assert_eq!(s, 422, "{v}");
        let fields = &v["error"]["fields"];
        for f in ["title", "category", "expires_on"] {
            assert!(fields.get(f).is_some(), "{f}: {v}");
        }
        let mut wanted = need(d.riez);
        wanted["wanted_skills"] = json!(["soudure"]);
        let (s, v) = post(&app, url, Some(&d.membre), wanted).await;
        assert_eq!(s, 422);
        assert!(v["error"]["fields"].get("wanted_skills").is_some(), "{v}");
        let exchange = json!({"type": "exchange", "title": "Échange", "body": "x",
                              "skills": ["couture"], "place_id": d.riez});
        let (s, v) = post(&app, url, Some(&d.membre), exchange).await;
        assert_eq!(s, 422);
        assert!(v["error"]["fields"].get("wanted_skills").is_some(), "{v}");
        // For a profile one may not edit (the demo's workshop, a member of Riez is not its
        // editor).
        let atelier = maillage::actors::repo::by_slug(&app.state.db, "atelier-bois-du-verdon")
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut as_atelier = need(d.riez);
        as_atelier["actor_id"] = json!(atelier);
        let (s, v) = post(&app, url, Some(&d.membre), as_atelier.clone()).await;
        assert_eq!(s, 422);
        assert!(v["error"]["fields"].get("actor_id").is_some(), "{v}");
        // Its place's manager may post for it.
        let (s, v) = post(&app, url, Some(&d.gerant), as_atelier).await;
        assert_eq!(s, 201, "{v}");
        // Not a member of the fablab: 404; both a place and a network: 422.
        let fablab = maillage::tenancy::repo::places(&app.state.db)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name.starts_with("Fab lab"))
            .unwrap()
            .id
            .get();
        let mut elsewhere = need(d.riez);
        elsewhere["place_id"] = json!(fablab);
        assert_eq!(post(&app, url, Some(&d.membre), elsewhere).await.0, 404);
        let mut both_boards = need(d.riez);
        both_boards["network_id"] = json!(d.network);
        assert_eq!(post(&app, url, Some(&d.membre), both_boards).await.0, 422);
        assert_eq!(
            post(&app, url, Some(&d.stranger), need(d.riez)).await.0,
            404
        );
        assert_eq!(post(&app, url, None, need(d.riez)).await.0, 401);
        // A good one, and the same rules on PATCH.
        let (s, v) = post(&app, url, Some(&d.membre), need(d.riez)).await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        assert!(v["matches"].is_array());
        let path = format!("/api/v1/posts/{id}");
        for (patch, field) in [
            (json!({"title": ""}), "title"),
            (json!({"expires_on": "2999-01-01"}), "expires_on"),
            (json!({"category": "inconnue"}), "category"),
            (json!({"actor_id": atelier}), "actor_id"),
        ] {
            let (s, v) = call(&app, Method::PATCH, &path, Some(&d.membre), Some(patch)).await;
            assert_eq!(s, 422, "{field}: {v}");
            assert!(v["error"]["fields"].get(field).is_some(), "{field}: {v}");
        }
        let (s, v) = call(
            &app,
            Method::PATCH,
            &path,
            Some(&d.membre),
            Some(json!({"title": "Cherche un vélo cargo électrique"})),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["title"], "Cherche un vélo cargo électrique");
        assert_eq!(v["category"], "mobilite");
        // Only its author edits it.
        for t in [&d.gerant, &d.stranger] {
            let (s, _) = call(
                &app,
                Method::PATCH,
                &path,
                Some(t),
                Some(json!({"title": "X"})),
            )
            .await;
            assert_eq!(s, 404);
        }
        // The forms: 422 with the French messages and the typed values.
        let member = app.new_browser();
        login_demo(&app, &member, "membre@demo.maillage.fr").await;
        let riez = d.riez.to_string();
        let res = member
            .post(app.url("/annonces"))
            .form(&[
                ("type", "need"),
                ("title", ""),
                ("body", "Un texte gardé"),
                ("category", "artisanat"),
                ("place_id", riez.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Ce champ est obligatoire."));
        assert!(html.contains("Un texte gardé"));
        let res = member
            .post(app.url(&format!("/annonces/{id}/modifier")))
            .form(&[
                ("type", "need"),
                ("title", "Vélo"),
                ("body", "x"),
                ("expires_on", "2999-01-01"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("Au plus 90 jours"));
        let (s, html) = text(
            &app,
            &member,
            &format!("/annonces/nouvelle?place_id={}", d.riez),
        )
        .await;
        assert_eq!(s, 200);
        assert!(html.contains("post-form"));
    }
);

both!(
    moderators_hide_restore_and_delete_and_hear_of_reports,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, v) = post(&app, "/api/v1/posts", Some(&d.membre), need(d.riez)).await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        app.drain_emails().await;
        // Anyone signed in reports it, once.
        let report = format!("/api/v1/posts/{id}/report");
        let body = json!({"reason": "scam", "comment": "Demande un virement"});
        assert_eq!(
            post(&app, &report, Some(&d.stranger), body.clone()).await.0,
            202
        );
        let (s, v) = post(&app, &report, Some(&d.stranger), body.clone()).await;
        assert_eq!(s, 422, "{v}");
        assert_eq!(post(&app, &report, None, body).await.0, 401);
        let mails = app.drain_emails().await;
        let to_manager = mails
            .iter()
            .find(|m| m.to == "gerant.riez@demo.maillage.fr")
            .expect("Riez's manager hears of it");
        assert!(to_manager.subject.contains("Annonce signalée"));
        assert!(to_manager.text.contains(&format!("/annonces/{id}")));
        assert!(mails
            .iter()
            .all(|m| m.to != "gerante.fablab@demo.maillage.fr"));
        // The queue of Riez's manager lists it; another place's manager may not hide it.
        let manager = app.new_browser();
        login_demo(&app, &manager, "gerant.riez@demo.maillage.fr").await;
        let (s, html) = text(&app, &manager, "/annonces/moderation").await;
        assert_eq!(s, 200);
        assert!(html.contains("Cherche un vélo cargo"));
        assert!(html.contains("Demande un virement"));
        let other = app.new_browser();
        login_demo(&app, &other, "gerante.fablab@demo.maillage.fr").await;
        let hide = format!("/annonces/{id}/moderer");
        let res = other
            .post(app.url(&hide))
            .form(&[("decision", "masquer")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let (_, html) = text(&app, &other, "/annonces/moderation").await;
        assert!(!html.contains("Cherche un vélo cargo"));
        let res = manager
            .post(app.url(&hide))
            .form(&[("decision", "masquer")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        // Hidden: 404 for others, still seen by its author; off the board.
        let path = format!("/api/v1/posts/{id}");
        assert_eq!(call(&app, Method::GET, &path, None, None).await.0, 404);
        assert_eq!(
            call(&app, Method::GET, &path, Some(&d.stranger), None)
                .await
                .0,
            404
        );
        let (s, v) = call(&app, Method::GET, &path, Some(&d.membre), None).await;
        assert_eq!((s, v["status"].as_str()), (200, Some("hidden")));
        let (_, board) = text(&app, &other, &format!("/lieux/{}/annonces", d.riez_slug)).await;
        assert!(!board.contains("Cherche un vélo cargo"));
        // Renewing does not unhide it; its moderator restores it.
        let (s, _) = post(&app, &format!("{path}/renew"), Some(&d.membre), json!({})).await;
        assert_eq!(s, 409);
        let res = manager
            .post(app.url(&hide))
            .form(&[("decision", "retablir")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(call(&app, Method::GET, &path, None, None).await.0, 200);
        // Deleting: not another place's manager, but the network's animator.
        assert_eq!(
            call(&app, Method::DELETE, &path, Some(&d.fablab), None)
                .await
                .0,
            404
        );
        assert_eq!(
            call(&app, Method::DELETE, &path, Some(&d.stranger), None)
                .await
                .0,
            404
        );
        assert_eq!(
            call(&app, Method::DELETE, &path, Some(&d.animatrice), None)
                .await
                .0,
            204
        );
        assert_eq!(
            call(&app, Method::GET, &path, Some(&d.membre), None)
                .await
                .0,
            404
        );
    }
);

both!(
    posts_expire_and_their_author_renews_or_archives_them,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, v) = post(&app, "/api/v1/posts", Some(&d.membre), need(d.riez)).await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        let path = format!("/api/v1/posts/{id}");
        let board = format!("/api/v1/posts?place_id={}&type=need", d.riez);
        let listed = |v: &Value| v.as_array().unwrap().iter().any(|p| p["id"] == json!(id));
        assert!(listed(&call(&app, Method::GET, &board, None, None).await.1));
        app.state.clock.advance(chrono::Duration::days(31));
        assert!(!listed(
            &call(&app, Method::GET, &board, None, None).await.1
        ));
        assert_eq!(call(&app, Method::GET, &path, None, None).await.0, 404);
        let (s, v) = call(&app, Method::GET, &path, Some(&d.membre), None).await;
        assert_eq!(s, 200);
        assert_eq!(v["expired"], true);
        // Only its author renews it.
        let renew = format!("{path}/renew");
        assert_eq!(post(&app, &renew, Some(&d.gerant), json!({})).await.0, 404);
        let (s, v) = post(&app, &renew, Some(&d.membre), json!({})).await;
        assert_eq!(s, 200, "{v}");
        assert_eq!(v["expired"], false);
        assert!(listed(&call(&app, Method::GET, &board, None, None).await.1));
        // Archived from the page: off the board; renewed: back.
        let member = app.new_browser();
        login_demo(&app, &member, "membre@demo.maillage.fr").await;
        let res = member
            .post(app.url(&format!("/annonces/{id}/archiver")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert!(!listed(
            &call(&app, Method::GET, &board, None, None).await.1
        ));
        let (_, html) = text(&app, &member, "/mes-annonces").await;
        assert!(html.contains("Archivée"));
        let stranger = app.new_browser();
        app.login_as(&stranger, "inconnu@example.org").await;
        let res = stranger
            .post(app.url(&format!("/annonces/{id}/renouveler")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let res = member
            .post(app.url(&format!("/annonces/{id}/renouveler")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert!(listed(&call(&app, Method::GET, &board, None, None).await.1));
    }
);

both!(
    boards_filter_and_feed_the_posts,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let browser = app.new_browser();
        let riez = format!("/lieux/{}/annonces", d.riez_slug);
        let swap = "je transmets la couture";
        for (query, has, lacks) in [
            (
                "",
                vec!["pour des étagères", "petites réparations", "chutes de bois"],
                vec![swap],
            ),
            (
                "?type=need",
                vec!["pour des étagères"],
                vec!["petites réparations"],
            ),
            // A synonym finds the skill; accents do not matter.
            (
                "?skill=Menuisier",
                vec!["pour des étagères", "petites réparations"],
                vec!["chutes de bois"],
            ),
            (
                "?q=ETAGERES",
                vec!["pour des étagères", "petites réparations"],
                vec!["chutes de bois"],
            ),
            (
                "?category=artisanat&type=gift",
                vec!["chutes de bois"],
                vec!["pour des étagères"],
            ),
            ("?city=RIEZ", vec!["pour des étagères"], vec![swap]),
            ("?radius_km=5", vec!["pour des étagères"], vec![swap]),
        ] {
            let (s, html) = text(&app, &browser, &format!("{riez}{query}")).await;
            assert_eq!(s, 200, "{query}");
            for h in has {
                assert!(html.contains(h), "{query} lists {h}");
            }
            for l in lacks {
                assert!(!html.contains(l), "{query} leaves out {l}");
            }
        }
        let (s, html) = text(&app, &browser, &format!("{riez}?type=nimporte")).await;
        assert_eq!(s, 200);
        assert!(html.contains("error-summary"));
        // The network's board holds its places' posts.
        let (s, html) = text(
            &app,
            &browser,
            &format!("/reseaux/{}/annonces", d.network_slug),
        )
        .await;
        assert_eq!(s, 200);
        assert!(html.contains(swap) && html.contains("pour des étagères"));
        // The Atom feeds: valid XML, the listed posts, escaped.
        for feed in [
            format!("{riez}.atom"),
            format!("/reseaux/{}/annonces.atom", d.network_slug),
        ] {
            let res = app.get(&feed).await;
            assert_eq!(res.status(), 200, "{feed}");
            assert!(res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/atom+xml"));
            let xml = res.text().await.unwrap();
            crate::news::assert_well_formed(&xml);
            assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
            assert!(xml.contains("Besoin : Cherche un·e menuisier·e"));
            assert!(!xml.contains("@demo.maillage.fr"));
        }
        let (s, v) = call(
            &app,
            Method::GET,
            &format!("/api/v1/posts?network_id={}&skill=couture", d.network),
            None,
            None,
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
        assert_eq!(v[0]["wanted_skills"], json!(["soudure"]));
        assert_eq!(
            call(&app, Method::GET, "/lieux/inconnu/annonces", None, None)
                .await
                .0,
            404
        );
    }
);

both!(
    matching_ranks_a_seeded_set_and_tells_the_matched_people,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let mut tokens = Vec::new();
        for i in 0..5 {
            tokens.push(member_of_riez(&app, &format!("offreur{i}@example.org"), d.riez).await);
        }
        // Fresh skills and a category no demo profile has: only these offers compete.
        let offers = [
            (
                "A : plomberie et soudure",
                json!(["plomberie", "soudure"]),
                "mobilite",
                None,
            ),
            ("B : plomberie", json!(["plomberie"]), "mobilite", None),
            (
                "C : soudure, à 20 km",
                json!(["soudure"]),
                "",
                Some((43.99, 6.09)),
            ),
            ("D : même catégorie", json!([]), "mobilite", None),
            ("E : rien à voir", json!(["tricot"]), "", None),
        ];
        let mut ids = Vec::new();
        for ((title, skills, category, point), token) in offers.iter().zip(&tokens) {
            let mut body = json!({"type": "offer", "title": title, "body": "Offre.",
                                  "skills": skills, "category": category, "place_id": d.riez});
            if let Some((la, lo)) = point {
                body["latitude"] = json!(la);
                body["longitude"] = json!(lo);
            }
            let (s, v) = post(&app, "/api/v1/posts", Some(token), body).await;
            assert_eq!(s, 201, "{v}");
            ids.push(v["id"].as_i64().unwrap());
        }
        app.drain_emails().await;
        let (s, v) = post(
            &app,
            "/api/v1/posts",
            Some(&d.membre),
            json!({"type": "need", "title": "Réparer la chaudière", "body": "Fuite.",
                   "skills": ["Plomberie", "Soudure"], "category": "mobilite", "place_id": d.riez}),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        // The offers (the demo's profiles that fit, e.g. the mobility shuttle of the visitor
        // guide's category, are ranked among them and left out here).
        let m: Vec<&Value> = v["matches"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| !x["post_id"].is_null())
            .collect();
        let top: Vec<i64> = m
            .iter()
            .take(3)
            .map(|x| x["post_id"].as_i64().unwrap())
            .collect();
        assert_eq!(top, vec![ids[0], ids[1], ids[3]], "{v:#}");
        // A: 2 skills 80 + category 20 + under 5 km 30 + recent 10.
        assert_eq!(m[0]["score"], 140);
        assert_eq!(m[1]["score"], 100);
        assert_eq!(m[2]["score"], 60);
        assert_eq!(m[3]["post_id"], json!(ids[2]));
        assert_eq!(m[3]["score"], 60);
        assert_eq!(m.len(), 4, "E does not match");
        let reasons = m[0]["reasons"].to_string();
        assert!(
            reasons.contains("compétences communes : plomberie, soudure"),
            "{reasons}"
        );
        assert!(
            m[3]["reasons"].to_string().contains("à 20 km")
                || m[3]["reasons"].to_string().contains("à 19 km")
        );
        // The authors of the matched offers are told, once; the need's author's address is
        // in no email.
        let mails = app.drain_emails().await;
        let told: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
        for i in 0..4 {
            assert!(
                told.contains(&format!("offreur{i}@example.org").as_str()),
                "{told:?}"
            );
        }
        assert!(!told.contains(&"offreur4@example.org"));
        let to_a = mails
            .iter()
            .find(|m| m.to == "offreur0@example.org")
            .unwrap();
        assert!(to_a
            .text
            .contains("compétences communes : plomberie, soudure"));
        assert!(to_a.text.contains("Réparer la chaudière"));
        assert!(mails
            .iter()
            .all(|m| !m.text.contains("membre@demo.maillage.fr")));
        let need = v["id"].as_i64().unwrap();
        let (s, _) = call(
            &app,
            Method::PATCH,
            &format!("/api/v1/posts/{need}"),
            Some(&d.membre),
            Some(json!({"body": "Fuite sous l'évier."})),
        )
        .await;
        assert_eq!(s, 200);
        assert!(app.drain_emails().await.is_empty(), "told once");
        // An exchange matches the exchanges that give what it seeks, both ways first.
        let swap = |gives: &str, seeks: &str| {
            json!({"type": "exchange", "title": format!("{gives} contre {seeks}"), "body": "RERS",
                   "skills": [gives], "wanted_skills": [seeks], "place_id": d.riez})
        };
        let (_, one_way) = post(
            &app,
            "/api/v1/posts",
            Some(&tokens[0]),
            swap("crochet", "tricot"),
        )
        .await;
        let (_, both_ways) = post(
            &app,
            "/api/v1/posts",
            Some(&tokens[1]),
            swap("crochet", "jardinage"),
        )
        .await;
        let (s, v) = send(
            &app,
            Method::POST,
            "/api/v1/posts",
            Some(&tokens[2]),
            swap("jardinage", "crochet"),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        assert_eq!(v["matches"][0]["post_id"], both_ways["id"], "{v:#}");
        assert!(v["matches"][0]["reasons"]
            .to_string()
            .contains("échange réciproque"));
        assert_eq!(v["matches"][1]["post_id"], one_way["id"]);
    }
);

/// The `x-sql-statements` of a page (PostgreSQL counts them).
async fn statements(app: &TestApp, path: &str) -> i64 {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_runs_as_many_statements_with_ten_times_the_posts() {
    let app = TestApp::new(crate::harness::Backend::Postgres).await;
    let db = &app.state.db;
    let net = maillage::tenancy::repo::insert_network(db, "Réseau Verdon", "verdon", "", 0)
        .await
        .unwrap()
        .id;
    let place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Lieu du Verdon",
            slug: "lieu-du-verdon",
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: Some(net),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id;
    let admin = app.instance_admin("admin@example.org").await;
    let token = app.token_for(admin).await;
    let add = |from: usize, to: usize| {
        let (app, token) = (&app, token.clone());
        async move {
            for i in from..to {
                let (s, v) = post(
                    app,
                    "/api/v1/posts",
                    Some(&token),
                    json!({"type": if i % 2 == 0 { "need" } else { "offer" },
                           "title": format!("Annonce {i}"), "body": "Du texte.",
                           "category": "artisanat", "skills": ["menuiserie", format!("savoir {i}")],
                           "place_id": place, "latitude": 43.8, "longitude": 6.09}),
                )
                .await;
                assert_eq!(s, 201, "{v}");
            }
        }
    };
    let pages = [
        "/lieux/lieu-du-verdon/annonces".to_string(),
        "/lieux/lieu-du-verdon/annonces?q=annonce&type=need&category=artisanat&skill=menuiserie&city=&radius_km=5".to_string(),
        "/reseaux/verdon/annonces".to_string(),
        "/lieux/lieu-du-verdon/annonces.atom".to_string(),
        format!("/api/v1/posts?place_id={place}&per_page=50"),
    ];
    add(0, 5).await;
    let mut few = Vec::new();
    for p in &pages {
        few.push(statements(&app, p).await);
    }
    add(5, 50).await;
    for (p, before) in pages.iter().zip(few) {
        let after = statements(&app, p).await;
        assert!(
            after <= before,
            "{p}: {before} statements with 5 posts, {after} with 50"
        );
    }
}
