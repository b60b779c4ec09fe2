//! News ("actualités", issue 20 point 1) on both engines, with the demo data: who writes
//! (checked on create and on every edit), drafts and scheduled posts invisible to others in
//! pages, feeds and the API until their time (the test clock is moved), sanitized bodies,
//! valid Atom feeds of the published posts only, the `NewsArticle` JSON-LD, the latest posts
//! on the network's and the place's pages, the HTML forms, and a list whose SQL statements do
//! not grow with the number of posts.

use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};

pub(crate) struct Demo {
    pub(crate) admin: String,
    pub(crate) animatrice: String,
    pub(crate) gerant: String,
    pub(crate) fablab: String,
    pub(crate) membre: String,
    pub(crate) stranger: String,
    pub(crate) network: i64,
    pub(crate) network_slug: String,
    pub(crate) riez: i64,
    pub(crate) riez_slug: String,
}

pub(crate) async fn token_of(app: &TestApp, email: &str) -> String {
    let u = maillage::accounts::repo::user_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no demo account {email}"));
    app.token_for(u.id).await
}

pub(crate) async fn demo(app: &TestApp) -> Demo {
    maillage::demo::load(&app.state).await.unwrap();
    let db = &app.state.db;
    let net = maillage::tenancy::repo::network_by_slug(db, "reseau-sud-tiers-lieux")
        .await
        .unwrap()
        .expect("the demo network");
    let riez = maillage::tenancy::repo::place_by_slug(db, "tiers-lieu-de-riez")
        .await
        .unwrap()
        .expect("the Riez place");
    let stranger = app.user("inconnu@example.org", "Inconnu").await;
    Demo {
        admin: token_of(app, "admin@demo.maillage.fr").await,
        animatrice: token_of(app, "animatrice@demo.maillage.fr").await,
        gerant: token_of(app, "gerant.riez@demo.maillage.fr").await,
        fablab: token_of(app, "gerante.fablab@demo.maillage.fr").await,
        membre: token_of(app, "membre@demo.maillage.fr").await,
        stranger: app.token_for(stranger).await,
        network: net.id.get(),
        network_slug: net.slug,
        riez: riez.id.get(),
        riez_slug: riez.slug,
    }
}

/// Signs a browser in as a demo account (demo password).
pub(crate) async fn login_demo(app: &TestApp, client: &reqwest::Client, email: &str) {
    let res = client
        .post(app.url("/connexion"))
        .form(&[
            ("email", email),
            ("password", maillage::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{email} signs in");
}

pub(crate) async fn post(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app.api_post("/api/v1/news", token, body).await;
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new().request(method, app.url(path));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/merge-patch+json")
            .body(b.to_string());
    }
    let res = req.send().await.unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn text(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// A small well-formedness check of an XML document: one root, every element closed in
/// order, attributes quoted, only the predefined or numeric entities.
pub(crate) fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
        .expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(i) = rest.find(['<', '&']) {
        let (before, at) = rest.split_at(i);
        assert!(!before.contains('>'), "a bare '>' in the text: {before}");
        if at.starts_with('&') {
            let end = at.find(';').expect("an entity ends with ';'");
            let name = &at[1..end];
            assert!(
                matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
                    || (name.starts_with('#')
                        && name[1..]
                            .trim_start_matches('x')
                            .chars()
                            .all(|c| c.is_ascii_hexdigit())),
                "unknown entity &{name};"
            );
            rest = &at[end + 1..];
            continue;
        }
        let end = at.find('>').expect("a tag ends with '>'");
        let tag = &at[1..end];
        assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "closing {name}");
        } else {
            let self_closing = tag.ends_with('/');
            let name = tag
                .trim_end_matches('/')
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            assert_eq!(
                tag.matches('"').count() % 2,
                0,
                "unbalanced quotes in <{tag}>"
            );
            if stack.is_empty() {
                roots += 1;
            }
            if !self_closing {
                stack.push(name);
            }
        }
        rest = &at[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    assert_eq!(roots, 1, "one root element");
    assert!(rest.trim().is_empty(), "text after the root");
}

both!(news_story, |app: TestApp| async move {
    let d = demo(&app).await;
    let anon = reqwest::Client::new();

    // A place manager writes for the place; a <script> never comes out.
    let (s, created) = post(
        &app,
        &d.gerant,
        json!({"title": "Atelier vélo <b>gras</b>", "place_id": d.riez,
               "body": "<p>Bonjour <strong>à tous</strong></p><script>alert('x')</script><img src=x onerror=alert(1)>",
               "tags": ["Vélo", "réparation", "vélo"]}),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let slug = created["slug"].as_str().unwrap().to_string();
    assert_eq!(slug, "atelier-velo-b-gras-b");
    let (s, v) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/news/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let body = v["body"].as_str().unwrap();
    assert!(body.contains("<strong>à tous</strong>"), "{body}");
    assert!(
        !body.contains("<script") && !body.contains("onerror"),
        "{body}"
    );
    assert_eq!(v["tags"], json!(["vélo", "réparation"]));
    assert_eq!(v["status"], "published");
    let (s, page) = text(&app, &anon, &format!("/actualites/{slug}")).await;
    assert_eq!(s, 200);
    assert!(!page.contains("alert("), "the script is gone from the page");
    assert!(
        page.contains("Atelier vélo &lt;b&gt;gras&lt;/b&gt;")
            || page.contains("Atelier vélo &#60;b&#62;"),
        "the title is escaped"
    );
    let ld = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|r| r.split("</script>").next())
        .expect("JSON-LD on the post's page");
    let ld: Value = serde_json::from_str(ld).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["author"]["name"], "Tiers-lieu de Riez");
    assert!(ld["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/actualites/{slug}")));

    // Who writes: not a member of the place, not another place's manager, not a stranger,
    // not anonymous; the network's animator and an instance admin do.
    let riez_post = json!({"title": "Essai", "body": "<p>Essai</p>", "place_id": d.riez});
    for (who, want) in [
        (&d.membre, 403),
        (&d.fablab, 403),
        (&d.stranger, 403),
        (&d.animatrice, 201),
        (&d.admin, 201),
    ] {
        let (s, v) = post(&app, who, riez_post.clone()).await;
        assert_eq!(s, want, "{v}");
    }
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/news"))
        .header("origin", app.base.clone())
        .json(&riez_post)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let (s, v) = post(
        &app,
        &d.gerant,
        json!({"title": "Réseau", "body": "<p>x</p>", "network_id": d.network}),
    )
    .await;
    assert_eq!(
        s, 403,
        "a place manager does not write for the network: {v}"
    );
    let (s, v) = post(
        &app,
        &d.gerant,
        json!({"title": "Deux", "body": "<p>x</p>", "network_id": d.network, "place_id": d.riez}),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    assert!(v["error"]["fields"]["network_id"].is_string(), "{v}");
    let (s, v) = post(
        &app,
        &d.gerant,
        json!({"title": "", "body": "", "place_id": d.riez}),
    )
    .await;
    assert_eq!(s, 422, "{v}");

    // PATCH: rights checked again, on the post's scope and on the one it would move to.
    let path = format!("/api/v1/news/{id}");
    for who in [&d.fablab, &d.membre, &d.stranger] {
        let (s, v) = call(
            &app,
            reqwest::Method::PATCH,
            &path,
            Some(who),
            Some(json!({"title": "Piraté"})),
        )
        .await;
        assert_eq!(s, 403, "{v}");
    }
    let res = reqwest::Client::new()
        .patch(app.url(&path))
        .header("origin", app.base.clone())
        .json(&json!({"title": "Piraté"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let (s, v) = call(
        &app,
        reqwest::Method::PATCH,
        &path,
        Some(&d.gerant),
        Some(json!({"place_id": null, "network_id": d.network})),
    )
    .await;
    assert_eq!(s, 403, "moving to a scope one does not write in: {v}");
    let (s, v) = call(
        &app,
        reqwest::Method::PATCH,
        &path,
        Some(&d.gerant),
        Some(json!({"title": "Atelier vélo", "body": "<p>Nouveau</p><script>x()</script>"})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["title"], "Atelier vélo");
    assert_eq!(v["body"], "<p>Nouveau</p>");
    assert_eq!(v["tags"], json!(["vélo", "réparation"]), "kept");
    assert_eq!(v["slug"], slug.as_str(), "the slug stays");
    let (s, v) = call(
        &app,
        reqwest::Method::PATCH,
        &path,
        Some(&d.animatrice),
        Some(json!({"tags": ["atelier"]})),
    )
    .await;
    assert_eq!(
        s, 200,
        "the network's animator edits its places' posts: {v}"
    );

    // A draft: invisible to anonymous visitors, strangers and members everywhere.
    let (s, dr) = post(
        &app,
        &d.gerant,
        json!({"title": "Brouillon secret", "body": "<p>Pas encore</p>", "place_id": d.riez, "status": "draft"}),
    )
    .await;
    assert_eq!(s, 201, "{dr}");
    let draft = dr["id"].as_i64().unwrap();
    let draft_slug = dr["slug"].as_str().unwrap().to_string();
    // A scheduled post: published, but two hours ahead.
    let later = chrono::Utc::now() + chrono::Duration::hours(2);
    let (s, sc) = post(
        &app,
        &d.gerant,
        json!({"title": "Annonce programmée", "body": "<p>Bientôt</p>", "place_id": d.riez,
               "publish_at": later.to_rfc3339()}),
    )
    .await;
    assert_eq!(s, 201, "{sc}");
    let scheduled = sc["id"].as_i64().unwrap();
    let scheduled_slug = sc["slug"].as_str().unwrap().to_string();

    let stranger = app.new_browser();
    assert_eq!(
        app.login_as(&stranger, "inconnu@example.org")
            .await
            .status(),
        303
    );
    let gerant = app.new_browser();
    login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
    let lists = [
        "/actualites".to_string(),
        format!("/lieux/{}/actualites", d.riez_slug),
        format!("/lieux/{}", d.riez_slug),
        "/actualites.atom".to_string(),
        format!("/lieux/{}/actualites.atom", d.riez_slug),
    ];
    let hidden = |title: &'static str| title;
    for t in [hidden("Brouillon secret"), hidden("Annonce programmée")] {
        for client in [&anon, &stranger] {
            for l in &lists {
                let (s, page) = text(&app, client, l).await;
                assert_eq!(s, 200, "{l}");
                assert!(!page.contains(t), "{t} shown on {l}");
            }
        }
    }
    for (pid, pslug) in [(draft, &draft_slug), (scheduled, &scheduled_slug)] {
        for tok in [
            None,
            Some(d.stranger.as_str()),
            Some(d.membre.as_str()),
            Some(d.fablab.as_str()),
        ] {
            let (s, _) = call(
                &app,
                reqwest::Method::GET,
                &format!("/api/v1/news/{pid}"),
                tok,
                None,
            )
            .await;
            assert_eq!(s, 404, "post {pid} to {tok:?}");
        }
        for client in [&anon, &stranger] {
            let (s, _) = text(&app, client, &format!("/actualites/{pslug}")).await;
            assert_eq!(s, 404);
        }
        let (s, _) = call(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/news/{pid}"),
            Some(&d.gerant),
            None,
        )
        .await;
        assert_eq!(s, 200, "its writers see it");
        let (s, _) = call(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/news/{pid}"),
            Some(&d.stranger),
            Some(json!({"title": "x"})),
        )
        .await;
        assert_eq!(s, 404, "a draft does not exist for a stranger");
    }
    let ids = |v: &Value| -> Vec<i64> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    let (s, all) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/news?place_id={}", d.riez),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{all}");
    assert!(
        ids(&all).contains(&id) && !ids(&all).contains(&draft) && !ids(&all).contains(&scheduled)
    );
    let (_, all) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/news?per_page=100",
        Some(&d.stranger),
        None,
    )
    .await;
    assert!(!ids(&all).contains(&draft) && !ids(&all).contains(&scheduled));
    let (_, mine) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/news?place_id={}", d.riez),
        Some(&d.gerant),
        None,
    )
    .await;
    assert!(
        ids(&mine).contains(&draft) && ids(&mine).contains(&scheduled),
        "writers list their drafts"
    );
    let (s, page) = text(&app, &gerant, &format!("/lieux/{}/actualites", d.riez_slug)).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("Brouillon secret") && page.contains("Programmée"),
        "with their badges"
    );
    let (s, v) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/news?page=0",
        None,
        None,
    )
    .await;
    assert_eq!(s, 422, "{v}");
    let (_, tagged) = call(
        &app,
        reqwest::Method::GET,
        "/api/v1/news?tag=atelier",
        None,
        None,
    )
    .await;
    assert!(ids(&tagged).contains(&id), "{tagged}");

    // Three hours later the scheduled post is out, everywhere; the draft is not.
    app.state.clock.advance(chrono::Duration::hours(3));
    let (s, _) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/news/{scheduled}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = text(&app, &anon, &format!("/actualites/{scheduled_slug}")).await;
    assert_eq!(s, 200);
    for l in &lists {
        let (_, page) = text(&app, &anon, l).await;
        assert!(page.contains("Annonce programmée"), "{l} shows it once due");
        assert!(!page.contains("Brouillon secret"), "{l}");
    }

    // The feeds: valid XML, the published posts only.
    for l in [
        "/actualites.atom".to_string(),
        format!("/lieux/{}/actualites.atom", d.riez_slug),
        format!("/reseaux/{}/actualites.atom", d.network_slug),
    ] {
        let res = anon.get(app.url(&l)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{l}");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml"));
        let xml = res.text().await.unwrap();
        assert_well_formed(&xml);
        assert!(
            xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
            "{xml}"
        );
        assert!(
            !xml.contains("Brouillon secret") && !xml.contains("<script"),
            "{l}: {xml}"
        );
    }
    let xml = text(
        &app,
        &anon,
        &format!("/lieux/{}/actualites.atom", d.riez_slug),
    )
    .await
    .1;
    assert!(
        xml.contains("<title>Atelier vélo</title>")
            && xml.contains("&#60;p&#62;Nouveau&#60;/p&#62;"),
        "{xml}"
    );
    let xml = text(
        &app,
        &anon,
        &format!("/reseaux/{}/actualites.atom", d.network_slug),
    )
    .await
    .1;
    assert!(
        !xml.contains("Atelier vélo"),
        "a place's post is not the network's"
    );

    // Deleting: only the writers.
    let (s, _) = call(&app, reqwest::Method::DELETE, &path, Some(&d.fablab), None).await;
    assert_eq!(s, 403);
    let (s, _) = call(&app, reqwest::Method::DELETE, &path, Some(&d.gerant), None).await;
    assert_eq!(s, 204);
    let (s, _) = call(&app, reqwest::Method::GET, &path, None, None).await;
    assert_eq!(s, 404);
});

both!(news_pages_and_forms, |app: TestApp| async move {
    let d = demo(&app).await;
    let anon = reqwest::Client::new();

    // The demo's network and place pages show their latest posts (the scheduled one waits).
    let (s, page) = text(&app, &anon, &format!("/reseaux/{}", d.network_slug)).await;
    assert_eq!(s, 200);
    assert!(
        page.contains("id=\"news-latest\"")
            && page.contains("Appel à projets : tiers-lieux nourriciers"),
        "{page}"
    );
    let (s, page) = text(&app, &anon, &format!("/lieux/{}", d.riez_slug)).await;
    assert_eq!(s, 200);
    assert!(page.contains("Le Club Transition lance son atelier réparation"));
    assert!(
        !page.contains("Portes ouvertes du coworking"),
        "scheduled a week ahead"
    );

    // Four new network posts: the page shows the three newest.
    for i in 1..=4 {
        let at = chrono::Utc::now() - chrono::Duration::minutes(10 - i);
        let (s, v) = post(
            &app,
            &d.animatrice,
            json!({"title": format!("Nouvelle n°{i}"), "body": "<p>…</p>", "network_id": d.network,
                   "publish_at": at.to_rfc3339()}),
        )
        .await;
        assert_eq!(s, 201, "{v}");
    }
    let (_, page) = text(&app, &anon, &format!("/reseaux/{}", d.network_slug)).await;
    for i in 2..=4 {
        assert!(page.contains(&format!("Nouvelle n°{i}")), "n°{i}");
    }
    assert!(
        !page.contains("Nouvelle n°1") && !page.contains("Appel à projets"),
        "three only"
    );

    // The form, in French, for the place's manager; errors tied to their fields.
    let gerant = app.new_browser();
    login_demo(&app, &gerant, "gerant.riez@demo.maillage.fr").await;
    let (s, page) = text(&app, &gerant, &format!("/lieux/{}/actualites", d.riez_slug)).await;
    assert_eq!(s, 200);
    assert!(
        page.contains(&format!("/actualites/nouvelle?place_id={}", d.riez)),
        "a link to write: {page}"
    );
    let (s, page) = text(
        &app,
        &gerant,
        &format!("/actualites/nouvelle?place_id={}", d.riez),
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        page.contains("<label for=\"title\">Titre</label>")
            && page.contains("type=\"datetime-local\"")
    );
    let riez = d.riez.to_string();
    let res = gerant
        .post(app.url("/actualites"))
        .header("origin", app.base.clone())
        .form(&[
            ("place_id", riez.as_str()),
            ("title", ""),
            ("body", "<p>x</p>"),
            ("status", "published"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("id=\"title-error\"") && page.contains("aria-invalid=\"true\""),
        "{page}"
    );
    let res = gerant
        .post(app.url("/actualites"))
        .header("origin", app.base.clone())
        .form(&[
            ("place_id", riez.as_str()),
            ("title", "Marché de Noël"),
            ("body", "<p>Le 20 décembre</p><script>x</script>"),
            ("tags", "fête, marché"),
            ("publish_at", ""),
            ("status", "published"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/actualites/marche-de-noel");
    let (s, page) = text(&app, &anon, "/actualites/marche-de-noel").await;
    assert_eq!(s, 200);
    assert!(page.contains("<p>Le 20 décembre</p>") && !page.contains("<script>x"));
    // Editing through the form: the same checks; a bad date is a French error.
    let (s, page) = text(&app, &gerant, "/actualites/marche-de-noel/modifier").await;
    assert_eq!(s, 200);
    assert!(page.contains("value=\"Marché de Noël\""));
    let res = gerant
        .post(app.url("/actualites/marche-de-noel/modifier"))
        .header("origin", app.base.clone())
        .form(&[
            ("title", "Marché de Noël"),
            ("body", "<p>x</p>"),
            ("publish_at", "demain"),
            ("status", "draft"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Date de publication invalide"));
    let res = gerant
        .post(app.url("/actualites/marche-de-noel/modifier"))
        .header("origin", app.base.clone())
        .form(&[
            ("title", "Marché de Noël"),
            ("body", "<p>Reporté</p>"),
            ("publish_at", "2020-01-01T10:00"),
            ("status", "draft"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (s, _) = text(&app, &anon, "/actualites/marche-de-noel").await;
    assert_eq!(s, 404, "back to draft: gone for visitors");

    // Strangers and members are refused the forms.
    for email in ["inconnu@example.org", "membre@demo.maillage.fr"] {
        let b = app.new_browser();
        if email.starts_with("inconnu") {
            assert_eq!(app.login_as(&b, email).await.status(), 303);
        } else {
            login_demo(&app, &b, email).await;
        }
        let (s, _) = text(
            &app,
            &b,
            &format!("/actualites/nouvelle?place_id={}", d.riez),
        )
        .await;
        assert_eq!(s, 404, "{email}");
        let res = b
            .post(app.url("/actualites"))
            .header("origin", app.base.clone())
            .form(&[
                ("place_id", riez.as_str()),
                ("title", "x"),
                ("body", "<p>x</p>"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{email}");
        let (s, _) = text(
            &app,
            &b,
            "/actualites/le-club-transition-lance-son-atelier-reparation/modifier",
        )
        .await;
        assert_eq!(s, 403, "{email}");
    }
    let _ = &d.admin;
});

both!(
    the_news_list_does_not_grow_in_statements,
    |app: TestApp| async move {
        let d = demo(&app).await;
        async fn count(app: &TestApp, path: &str) -> u32 {
            let res = app.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
            res.headers()["x-sql-statements"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap()
        }
        let pages = [
            "/actualites".to_string(),
            "/actualites.atom".to_string(),
            format!("/reseaux/{}/actualites", d.network_slug),
            format!("/lieux/{}/actualites", d.riez_slug),
            format!("/lieux/{}", d.riez_slug),
        ];
        let mut before = Vec::new();
        for p in &pages {
            before.push(count(&app, p).await);
        }
        for i in 0..30 {
            let scope = if i % 2 == 0 {
                json!({"network_id": d.network})
            } else {
                json!({"place_id": d.riez})
            };
            let mut b =
                json!({"title": format!("Actualité {i}"), "body": "<p>…</p>", "tags": ["x"]});
            b.as_object_mut()
                .unwrap()
                .extend(scope.as_object().unwrap().clone());
            let (s, v) = post(&app, &d.admin, b).await;
            assert_eq!(s, 201, "{v}");
        }
        for (p, n) in pages.iter().zip(before) {
            assert_eq!(
                count(&app, p).await,
                n,
                "{p}: statements grew with the posts"
            );
        }
        let (_, page) = text(&app, &reqwest::Client::new(), "/actualites").await;
        assert!(
            page.contains("aria-label=\"Pagination\"") || page.contains("class=\"pagination\""),
            "paged"
        );
    }
);
