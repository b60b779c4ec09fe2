//! News beyond the main stories: a post's image through the media pipeline, and the posts
//! of a private project, which stay with the project.

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;
use crate::news::{call, demo, login_demo, post, text};

both!(
    a_post_has_an_image_through_the_media_pipeline,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, created) = post(
            &app,
            &d.gerant,
            json!({"title": "Le jardin", "body": "<p>Les semis</p>", "place_id": d.riez}),
        )
        .await;
        assert_eq!(s, 201, "{created}");
        let id = created["id"].as_i64().unwrap();
        let path = format!("/api/v1/news/{id}/image");
        let png = crate::harness::png(64, 48);
        let form = |alt: &str| crate::harness::photo_form(alt, Some(("jardin.png", png.clone())));
        let (s, v) = app
            .api_multipart(&path, &d.stranger, form("Des semis"))
            .await;
        assert_eq!(s, 403, "{v}");
        let (s, v) = app.api_multipart(&path, &d.gerant, form("")).await;
        assert_eq!(s, 422, "the text alternative is required: {v}");
        let (s, img) = app
            .api_multipart(&path, &d.gerant, form("Des semis en godets"))
            .await;
        assert_eq!(s, 201, "{img}");
        let (_, v) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/news/{id}"),
            None,
            None,
        )
        .await;
        assert_eq!(v["image"]["alt"], "Des semis en godets", "{v}");
        let url = v["image"]["url"].as_str().unwrap().to_string();
        let res = app.get(&url).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        let (_, page) = text(&app, &reqwest::Client::new(), "/actualites/le-jardin").await;
        assert!(
            page.contains(&format!("src=\"{url}\""))
                && page.contains("alt=\"Des semis en godets\"")
        );
        assert!(
            page.contains(&format!("\"image\":\"{}{url}\"", app.base)),
            "in the JSON-LD"
        );
        let (_, list) = text(&app, &reqwest::Client::new(), "/actualites").await;
        assert!(
            list.contains("alt=\"Des semis en godets\""),
            "a thumbnail on the list"
        );
        // Through the edit page's form too.
        let gerant = app.new_browser();
        login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
        let res = gerant
            .post(app.url("/actualites/le-jardin/image"))
            .header("origin", app.base.clone())
            .multipart(form("Le jardin en juin"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (_, v) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/news/{id}"),
            None,
            None,
        )
        .await;
        assert_eq!(v["image"]["alt"], "Le jardin en juin", "replaced");
        let (s, _) = call(&app, reqwest::Method::DELETE, &path, Some(&d.gerant), None).await;
        assert_eq!(s, 204);
        let (_, v) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/news/{id}"),
            None,
            None,
        )
        .await;
        assert!(v["image"].is_null(), "{v}");
    }
);

both!(
    a_private_projects_news_stay_with_the_project,
    |app: TestApp| async move {
        let d = demo(&app).await;
        // A stranger starts a private project: they hold it, they write its news.
        let res = app
            .api_post(
                "/api/v1/projects",
                &d.stranger,
                json!({"name": "Tiers-lieu secret"}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let project: Value = res.json().await.unwrap();
        let (pid, pslug) = (
            project["id"].as_i64().unwrap(),
            project["slug"].as_str().unwrap().to_string(),
        );
        let (s, v) = post(
        &app,
        &d.stranger,
        json!({"title": "Réunion des porteurs", "body": "<p>Entre nous</p>", "project_id": pid}),
    )
    .await;
        assert_eq!(s, 201, "{v}");
        let id = v["id"].as_i64().unwrap();
        let slug = v["slug"].as_str().unwrap().to_string();
        // Others: not in the instance's list, the API, the feeds; the project's pages do not exist.
        let anon = reqwest::Client::new();
        for (path, want) in [
            (format!("/actualites/{slug}"), 404),
            (format!("/projets/{pslug}/actualites"), 404),
            (format!("/projets/{pslug}/actualites.atom"), 404),
        ] {
            assert_eq!(text(&app, &anon, &path).await.0, want, "{path}");
        }
        for path in ["/actualites", "/actualites.atom"] {
            assert!(
                !text(&app, &anon, path)
                    .await
                    .1
                    .contains("Réunion des porteurs"),
                "{path}"
            );
        }
        for tok in [None, Some(d.membre.as_str()), Some(d.gerant.as_str())] {
            let (s, _) = call(
                &app,
                reqwest::Method::GET,
                &format!("/api/v1/news/{id}"),
                tok,
                None,
            )
            .await;
            assert_eq!(s, 404);
            let (_, all) = call(
                &app,
                reqwest::Method::GET,
                "/api/v1/news?per_page=100",
                tok,
                None,
            )
            .await;
            assert!(!all.to_string().contains("Réunion des porteurs"));
            let (s, _) = call(
                &app,
                reqwest::Method::GET,
                &format!("/api/v1/news?project_id={pid}"),
                tok,
                None,
            )
            .await;
            assert_eq!(s, 200);
        }
        let (_, v) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/news?project_id={pid}"),
            None,
            None,
        )
        .await;
        assert_eq!(v, json!([]));
        // A place manager may not write there (the project does not exist for them).
        let (s, _) = post(
            &app,
            &d.gerant,
            json!({"title": "Intrus", "body": "<p>x</p>", "project_id": pid}),
        )
        .await;
        assert_eq!(s, 404);
        // Its holder reads it; the instance admin too.
        for tok in [&d.stranger, &d.admin] {
            let (s, _) = call(
                &app,
                reqwest::Method::GET,
                &format!("/api/v1/news/{id}"),
                Some(tok),
                None,
            )
            .await;
            assert_eq!(s, 200);
        }
    }
);
