//! Local actors (issue 18, points 1–2): profiles created and checked in the API and the
//! pages, who may create and edit them (checked again on every edit), the accent-insensitive
//! search and the filters of the showcases, a person's hidden contact details kept out of
//! every public answer, and the showcase's statements not growing with its actors.

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;
use maillage::demo::DEMO_PASSWORD;

pub(crate) struct Demo {
    pub(crate) riez: i64,
    pub(crate) fablab: i64,
    pub(crate) manager: String,
    pub(crate) other_manager: String,
    pub(crate) member: String,
    pub(crate) stranger: String,
}

pub(crate) async fn token_of(app: &TestApp, email: &str) -> String {
    let u = maillage::accounts::repo::user_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account {email}"));
    app.token_for(u.id).await
}

async fn place_id(app: &TestApp, name: &str) -> i64 {
    let places = maillage::tenancy::repo::places(&app.state.db)
        .await
        .unwrap();
    places
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no place {name}"))
        .id
        .get()
}

pub(crate) async fn demo(app: &TestApp) -> Demo {
    maillage::demo::load(&app.state).await.unwrap();
    let stranger = app.user("inconnu@example.org", "Inconnue").await;
    Demo {
        riez: place_id(app, "Tiers-lieu de Riez").await,
        fablab: place_id(app, "Fab lab du Pays de Forcalquier").await,
        manager: token_of(app, "gerant.riez@demo.maillage.fr").await,
        other_manager: token_of(app, "gerante.fablab@demo.maillage.fr").await,
        member: token_of(app, "membre@demo.maillage.fr").await,
        stranger: app.token_for(stranger).await,
    }
}

pub(crate) async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn get_json(app: &TestApp, path: &str) -> Value {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "GET {path}");
    res.json().await.unwrap()
}

pub(crate) fn names(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

pub(crate) async fn browser_as(app: &TestApp, email: &str) -> reqwest::Client {
    let b = app.new_browser();
    let res = b
        .post(app.url("/connexion"))
        .form(&[("email", email), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{email} signs in");
    b
}

both!(
    the_api_creates_an_actor_and_names_every_bad_field,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.manager,
            Some(json!({
                "name": "Ébéniste Dupont", "kind": "organization", "subtype": "artisan",
                "categories": ["artisanat", "Bâtiment et travaux"], "skills": ["Ebenisterie", "menuisier"],
                "place_ids": [d.riez], "postal_code": "04500", "city": "Riez",
                "latitude": 43.82, "longitude": 6.09, "siret": "732 829 320 00074",
                "opening_hours": "Mo-Fr 09:00-18:00", "email": "dupont@example.org",
                "offers": [{"title": "Bibliothèque", "price_cents": 120000}],
                "languages": ["fr", "oc"], "description": "Meubles en bois local."
            })),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        assert_eq!(v["slug"], "ebeniste-dupont");
        let id = v["id"].as_i64().unwrap();
        let a = get_json(&app, &format!("/api/v1/actors/{id}")).await;
        assert_eq!(a["siret"], "73282932000074");
        assert_eq!(
            a["email"], "dupont@example.org",
            "an organisation's email is public"
        );
        assert_eq!(a["place_ids"], json!([d.riez]));
        let skills: Vec<&str> = a["skills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        // "Ebenisterie" is the seeded "ébénisterie"; "menuisier" a synonym of "menuiserie".
        assert!(skills.contains(&"ébénisterie"), "{skills:?}");
        assert!(skills.contains(&"menuiserie"), "{skills:?}");
        assert_eq!(a["offers"][0]["price_cents"], 120000);
        // The same name again: another slug.
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.manager,
            Some(json!({"name": "Ébéniste Dupont", "kind": "organization", "place_id": d.riez})),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        assert_eq!(v["slug"], "ebeniste-dupont-2");
        // Every bad field at once.
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.manager,
            Some(json!({
                "name": "Atelier", "kind": "organization", "place_ids": [d.riez],
                "siret": "73282932000075", "categories": ["plomberie-spatiale"],
                "latitude": 95, "longitude": 6.1, "subtype": "benevole",
                "opening_hours": "tous les jours", "offers": [{"title": "", "price_cents": -5}]
            })),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert_eq!(v["error"]["code"], "validation_failed");
        let fields = &v["error"]["fields"];
        for f in [
            "siret",
            "categories",
            "latitude",
            "subtype",
            "opening_hours",
            "offers[0].title",
            "offers[0].price_cents",
        ] {
            assert!(fields[f].is_string(), "{f} named: {v}");
        }
        assert!(fields["siret"].as_str().unwrap().contains("SIRET"));
        // At most twenty places, refused before any is looked up.
        let many: Vec<i64> = (1..=21).map(|i| i + 1000).collect();
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.manager,
            Some(json!({"name": "Partout", "kind": "organization", "place_ids": many})),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["place_ids"].is_string(), "{v}");
        // An organisation must be attached somewhere; an unknown kind is refused.
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.manager,
            Some(json!({"name": "Nulle part", "kind": "organization"})),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["place_ids"].is_string(), "{v}");
        let (s, _) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.manager,
            Some(json!({"name": "X", "kind": "robot", "place_ids": [d.riez]})),
        )
        .await;
        assert_eq!(s, 422);
        // A person's contacts: hidden unless said; `visibility` for all, a field's own first.
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.stranger,
            Some(json!({"name": "Inès Traductrice", "kind": "person", "email": "ines@example.org",
                        "phone": "06 11 22 33 44", "visibility": "members", "email_visibility": "public"})),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let a = get_json(&app, &format!("/api/v1/actors/{}", v["id"])).await;
        assert_eq!(a["email"], "ines@example.org");
        assert!(a["phone"].is_null(), "{a}");
        let (s, v) = send(
            &app,
            reqwest::Method::PATCH,
            &format!("/api/v1/actors/{}", v["id"]),
            &d.stranger,
            Some(json!({"email_visibility": "secret"})),
        )
        .await;
        assert_eq!(s, 422, "{v}");
        assert!(v["error"]["fields"]["email_visibility"].is_string(), "{v}");
        // Categories of the managed taxonomy.
        let cats = get_json(&app, "/api/v1/actor-categories").await;
        assert!(cats
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["slug"] == "garde-enfants"));
    }
);

both!(
    the_form_shows_french_errors_and_creates_the_profile,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let b = browser_as(&app, "gerant.riez@demo.maillage.fr").await;
        let page = b
            .get(app.url(&format!("/acteurs/nouveau?place={}", d.riez)))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Tiers-lieu de Riez"), "the place is offered");
        let riez = d.riez.to_string();
        let bad = b
            .post(app.url("/acteurs"))
            .form(&[
                ("kind", "organization"),
                ("name", "Menuiserie Blanc"),
                ("subtype", "artisan"),
                ("categories", "inconnue"),
                ("place_ids", riez.as_str()),
                ("siret", "1234"),
                ("latitude", "95"),
                ("longitude", "6"),
                ("offers", "Étagère | pin | douze euros"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 422);
        let html = bad.text().await.unwrap();
        for msg in [
            "Le SIRET doit compter 14 chiffres",
            "Catégorie inconnue",
            "Coordonnée invalide",
            "n&#39;a pas pu être lu (exemple : 12,50)",
        ] {
            assert!(html.contains(msg), "{msg} in the page: {html}");
        }
        assert!(
            html.contains("value=\"Menuiserie Blanc\""),
            "typed values kept"
        );
        let ok = b
            .post(app.url("/acteurs"))
            .form(&[
                ("kind", "organization"),
                ("name", "Menuiserie Blanc"),
                ("subtype", "artisan"),
                ("categories", "artisanat"),
                ("categories", "batiment"),
                ("place_ids", riez.as_str()),
                ("skills", "Menuiserie, Parquet"),
                ("siret", "732 829 320 00074"),
                ("city", "Riez"),
                ("offers", "Étagère | pin | 120,50"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 303);
        assert_eq!(crate::harness::location(&ok), "/acteurs/menuiserie-blanc");
        let html = app
            .get("/acteurs/menuiserie-blanc")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Parquet") && html.contains("120,50"),
            "{html}"
        );
        assert!(html.contains("application/ld+json"));
        // Its editor changes it through the edit form.
        let edit = b
            .get(app.url("/acteurs/menuiserie-blanc/modifier"))
            .send()
            .await
            .unwrap();
        assert_eq!(edit.status(), 200);
        let res = b
            .post(app.url("/acteurs/menuiserie-blanc/modifier"))
            .form(&[
                ("name", "Menuiserie Blanc et fils"),
                ("subtype", "artisan"),
                ("categories", "artisanat"),
                ("place_ids", riez.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(
            crate::harness::location(&res),
            "/acteurs/menuiserie-blanc-et-fils"
        );
    }
);

both!(
    only_the_right_people_create_and_edit_and_every_edit_is_checked_again,
    |app: TestApp| async move {
        use reqwest::Method;
        let d = demo(&app).await;
        let body = |place: i64| json!({"name": "Garage solidaire", "kind": "organization", "place_ids": [place]});
        // Neither a stranger, a member nor another place's manager attaches to Riez.
        for t in [&d.stranger, &d.member, &d.other_manager] {
            let (s, v) = send(&app, Method::POST, "/api/v1/actors", t, Some(body(d.riez))).await;
            assert_eq!(s, 404, "{v}");
        }
        let anon = reqwest::Client::new()
            .post(app.url("/api/v1/actors"))
            .header("origin", app.base.clone())
            .json(&body(d.riez))
            .send()
            .await
            .unwrap();
        assert_eq!(anon.status(), 401);
        // The fab lab's manager attaches to her own place.
        let (s, v) = send(
            &app,
            Method::POST,
            "/api/v1/actors",
            &d.other_manager,
            Some(body(d.fablab)),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let garage = v["id"].as_i64().unwrap();
        // ... and may not add Riez on an edit (checked again on PATCH).
        let (s, v) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/actors/{garage}"),
            &d.other_manager,
            Some(json!({"place_ids": [d.fablab, d.riez]})),
        )
        .await;
        assert_eq!(s, 404, "{v}");
        // The Riez manager may not edit the fab lab's actor at all.
        let (s, _) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/actors/{garage}"),
            &d.manager,
            Some(json!({"name": "Garage repris"})),
        )
        .await;
        assert_eq!(s, 404);
        // Its own manager changes one field; the others stay.
        let (s, v) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/actors/{garage}"),
            &d.other_manager,
            Some(json!({"description": "Réparations à prix libre.", "skills": ["mécanique"]})),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        let a = get_json(&app, &format!("/api/v1/actors/{garage}")).await;
        assert_eq!(a["name"], "Garage solidaire");
        assert_eq!(a["description"], "Réparations à prix libre.");
        assert_eq!(a["skills"], json!(["mécanique"]));
        // A stranger neither edits nor deletes it; the pages say the same.
        for m in [Method::PATCH, Method::DELETE] {
            let (s, _) = send(
                &app,
                m,
                &format!("/api/v1/actors/{garage}"),
                &d.stranger,
                Some(json!({})),
            )
            .await;
            assert_eq!(s, 404);
        }
        let stranger = app.new_browser();
        app.login_as(&stranger, "inconnu@example.org").await;
        for path in [
            "/acteurs/garage-solidaire/modifier",
            "/acteurs/garage-solidaire/supprimer",
        ] {
            let res = stranger
                .post(app.url(path))
                .form(&[("name", "Piraté")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{path}");
        }
        let res = stranger
            .get(app.url("/acteurs/garage-solidaire/modifier"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        // A person's profile is their own: one per account, attached where they belong.
        let (s, v) = send(
            &app,
            Method::POST,
            "/api/v1/actors",
            &d.stranger,
            Some(json!({"name": "Inès Traductrice", "kind": "person", "skills": ["traduction"]})),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let ines = v["id"].as_i64().unwrap();
        let (s, _) = send(
            &app,
            Method::POST,
            "/api/v1/actors",
            &d.stranger,
            Some(json!({"name": "Encore moi", "kind": "person"})),
        )
        .await;
        assert_eq!(s, 409);
        let (s, _) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/actors/{ines}"),
            &d.stranger,
            Some(json!({"place_ids": [d.riez]})),
        )
        .await;
        assert_eq!(s, 404, "not a member of Riez");
        let (s, v) = send(
            &app,
            Method::POST,
            "/api/v1/actors",
            &d.member,
            Some(json!({"name": "Noé Bénévole", "kind": "person", "subtype": "benevole", "place_ids": [d.riez]})),
        )
        .await;
        assert_eq!(s, 201, "a member joins the showcase of their place: {v}");
        let (s, _) = send(
            &app,
            Method::PATCH,
            &format!("/api/v1/actors/{ines}"),
            &d.manager,
            Some(json!({"name": "Autre"})),
        )
        .await;
        assert_eq!(s, 404, "nobody else edits a person's profile");
        let (s, _) = send(
            &app,
            Method::DELETE,
            &format!("/api/v1/actors/{garage}"),
            &d.other_manager,
            None,
        )
        .await;
        assert_eq!(s, 204);
        let res = app.get(&format!("/api/v1/actors/{garage}")).await;
        assert_eq!(res.status(), 404);
    }
);

both!(
    search_and_filters_ignore_accents_and_find_synonyms,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, v) = send(
            &app,
            reqwest::Method::POST,
            "/api/v1/actors",
            &d.manager,
            Some(json!({"name": "Ébéniste Dupont", "kind": "organization", "place_ids": [d.riez]})),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let found = get_json(&app, "/api/v1/actors?q=ebeniste").await;
        assert!(
            names(&found).contains(&"Ébéniste Dupont".to_string()),
            "{found}"
        );
        let found = get_json(&app, "/api/v1/actors?q=EBENISTE%20dupont").await;
        assert_eq!(names(&found), vec!["Ébéniste Dupont"]);
        // A skill typed as a synonym finds its canonical skill, and the search knows synonyms.
        // (The demo's carpenter of the posts board has his own profile too.)
        let found = get_json(&app, "/api/v1/actors?skill=Menuisier").await;
        assert_eq!(
            names(&found),
            vec!["Atelier Bois du Verdon", "Paul Girard, menuisier"],
            "{found}"
        );
        let found = get_json(&app, "/api/v1/actors?skill=apiculture").await;
        assert_eq!(names(&found), vec!["Ferme des Lavandes"], "{found}");
        let found = get_json(&app, "/api/v1/actors?q=potier").await;
        assert_eq!(names(&found), vec!["Poterie des Gorges"], "{found}");
        // Category, commune, distance, offers.
        let found = get_json(
            &app,
            &format!(
                "/api/v1/actors?category=alimentation-producteurs&place_id={}",
                d.riez
            ),
        )
        .await;
        assert_eq!(names(&found), vec!["Ferme des Lavandes", "Fournil de Riez"]);
        let found = get_json(&app, "/api/v1/actors?city=moustiers%20sainte%20marie").await;
        assert_eq!(names(&found), vec!["Poterie des Gorges"]);
        let near = get_json(&app, "/api/v1/actors?near=43.8186,6.0928&radius_km=3").await;
        let found = names(&near);
        assert!(
            found.contains(&"Atelier Bois du Verdon".to_string())
                && found.contains(&"Fournil de Riez".to_string())
                && !found.contains(&"Ferme des Lavandes".to_string()),
            "{near}"
        );
        assert!(near["items"][0]["distance_km"].as_f64().unwrap() < 1.0);
        let near = get_json(&app, "/api/v1/actors?near=43.8186,6.0928&radius_km=12").await;
        assert!(names(&near).contains(&"Ferme des Lavandes".to_string()));
        assert!(!names(&near).contains(&"Julie Martin, développeuse web".to_string()));
        let res = app.get("/api/v1/actors?near=95,6&radius_km=3").await;
        assert_eq!(res.status(), 422);
        let res = app.get("/api/v1/actors?radius_km=3").await;
        assert_eq!(res.status(), 422);
        let offers = get_json(&app, "/api/v1/actors?has_offers=true").await;
        assert!(!names(&offers).contains(&"Ébéniste Dupont".to_string()));
        let open = app.get("/api/v1/actors?open_now=true").await;
        assert_eq!(open.status(), 200);
        let paged = get_json(&app, "/api/v1/actors?per_page=2&page=2").await;
        assert_eq!(paged["items"].as_array().unwrap().len(), 2);
        // The demo's eleven actors (ten, and the carpenter's own profile) and the one made above.
        assert_eq!(paged["total"], 12);
        // The showcase pages: the place's and the network's, with their filters and the map.
        let res = app.get("/lieux/tiers-lieu-de-riez/vitrine").await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"actor-map\"") && html.contains("data-lat=\"43.8201\""));
        assert!(csp.contains("img-src 'self' data: https://"), "{csp}");
        let place = app
            .get("/lieux/tiers-lieu-de-riez")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            place.contains("/lieux/tiers-lieu-de-riez/vitrine"),
            "link from the place"
        );
        let html = app
            .get("/lieux/tiers-lieu-de-riez/vitrine?q=ebeniste")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("Ébéniste Dupont") && !html.contains("Fournil de Riez"));
        let html = app
            .get("/lieux/tiers-lieu-de-riez/vitrine?skill=menuiserie&radius_km=5")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("Atelier Bois du Verdon"), "{html}");
        let net = app
            .get("/reseaux/reseau-sud-tiers-lieux")
            .await
            .text()
            .await
            .unwrap();
        assert!(net.contains("/reseaux/reseau-sud-tiers-lieux/vitrine"));
        let res = app
            .get("/reseaux/reseau-sud-tiers-lieux/vitrine?category=artisanat&offers=1&open_now=1")
            .await;
        assert_eq!(res.status(), 200);
        let html = app
            .get("/reseaux/reseau-sud-tiers-lieux/vitrine?radius_km=5")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("error-summary"),
            "a radius without a point is said"
        );
        let res = app.get("/lieux/inconnu/vitrine").await;
        assert_eq!(res.status(), 404);
    }
);

both!(
    a_hidden_email_appears_in_no_public_answer,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let email = "julie.web@demo.maillage.fr";
        let phone_forms = ["+33612345678", "06 12 34 56 78"];
        let julie = "julie-martin-developpeuse-web";
        let mut public = Vec::new();
        for path in [
            "/lieux/tiers-lieu-de-riez/vitrine".to_string(),
            "/lieux/tiers-lieu-de-riez/vitrine?q=julie".to_string(),
            "/reseaux/reseau-sud-tiers-lieux/vitrine".to_string(),
            format!("/acteurs/{julie}"),
            "/api/v1/actors".to_string(),
            "/api/v1/actors?q=julie".to_string(),
        ] {
            let res = app.get(&path).await;
            assert_eq!(res.status(), 200, "{path}");
            let text = res.text().await.unwrap();
            assert!(text.contains("Julie Martin"), "{path} shows her");
            public.push((path, text));
        }
        let list = get_json(&app, "/api/v1/actors?q=julie").await;
        let id = list["items"][0]["id"].as_i64().unwrap();
        assert!(list["items"][0]["email"].is_null());
        let one = app
            .get(&format!("/api/v1/actors/{id}"))
            .await
            .text()
            .await
            .unwrap();
        public.push((format!("/api/v1/actors/{id}"), one));
        for (path, text) in &public {
            assert!(!text.contains(email), "{path} leaks her email");
            for p in phone_forms {
                assert!(!text.contains(p), "{path} leaks her phone");
            }
        }
        // The JSON-LD of her page is a Person without contacts.
        let page = &public[3].1;
        let ld = page
            .split("application/ld+json\">")
            .nth(1)
            .unwrap()
            .split("</script>")
            .next()
            .unwrap();
        let ld: Value = serde_json::from_str(ld).unwrap();
        assert_eq!(ld["@type"], "Person");
        assert!(ld["email"].is_null() && ld["telephone"].is_null());
        // A member of Riez sees the phone she shows to members, never the email; she sees both.
        let member = browser_as(&app, "membre@demo.maillage.fr").await;
        let html = member
            .get(app.url(&format!("/acteurs/{julie}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("+33612345678") && !html.contains(email));
        let me = browser_as(&app, email).await;
        let html = me
            .get(app.url(&format!("/acteurs/{julie}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(email), "her own page shows her everything");
        let _ = d;
        // An organisation's profile: LocalBusiness with its public contacts and offers.
        let html = app
            .get("/acteurs/atelier-bois-du-verdon")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("\"@type\":\"LocalBusiness\""));
        assert!(html.contains("atelier.bois@demo.maillage.fr"));
        assert!(html.contains("\"makesOffer\""));
    }
);

/// The `x-sql-statements` of a page (PostgreSQL counts them).
pub(crate) async fn statements(app: &TestApp, path: &str) -> i64 {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_showcase_runs_as_many_statements_with_ten_times_the_actors() {
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
                let (s, v) = send(
                    app,
                    reqwest::Method::POST,
                    "/api/v1/actors",
                    &token,
                    Some(json!({
                        "name": format!("Artisan {i}"), "kind": "organization",
                        "categories": ["artisanat", "commerces"], "skills": ["menuiserie", format!("savoir {i}")],
                        "offers": [{"title": "Meuble"}, {"title": "Atelier"}],
                        "place_ids": [place], "latitude": 43.8, "longitude": 6.09,
                        "opening_hours": "Mo-Su 00:00-24:00"
                    })),
                )
                .await;
                assert_eq!(s, 201, "{v}");
            }
        }
    };
    let pages = [
        "/lieux/lieu-du-verdon/vitrine".to_string(),
        "/lieux/lieu-du-verdon/vitrine?q=artisan&category=artisanat&skill=menuiserie&near=43.8,6.09&radius_km=5&offers=1".to_string(),
        "/lieux/lieu-du-verdon/vitrine?open_now=1".to_string(),
        "/reseaux/verdon/vitrine".to_string(),
        format!("/api/v1/actors?place_id={place}&per_page=50"),
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
            "{p}: {before} statements with 5 actors, {after} with 50"
        );
    }
}
