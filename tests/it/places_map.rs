//! The map first and "près de moi" (issue 17 point 8): the distance filter on both engines
//! (a postal code, a commune, an explicit position), results nearest first with their distance
//! on the cards and in the API, bad input refused in the page (422, the error summary) and in
//! the API (422, the field), the typology of each GeoJSON feature and the legend, the filter
//! panel folded unless a filter is set, and the home page's map and latest projects.

use maillage::places::import;
use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;

/// Six places around Riez (04500), one without coordinates; distances from Riez: the atelier
/// 0 km, Valensole ≈ 9 km, Manosque ≈ 24.6 km, Forcalquier ≈ 29 km, Marseille ≈ 82 km.
async fn seed(app: &TestApp) {
    let csv = "nom;code_postal;commune;latitude;longitude;typologie\n\
        Atelier de Riez;04500;Riez;43.8188;6.0925;Atelier partagé\n\
        Fablab de Valensole;04210;Valensole;43.8376;5.9833;Fablab\n\
        Coworking de Manosque;04100;Manosque;43.8297;5.7867;Coworking\n\
        Tiers-lieu de Forcalquier;04300;Forcalquier;43.9597;5.7806;\n\
        Café de Marseille;13001;Marseille;43.2965;5.3698;Café / restaurant associatif\n\
        Lieu sans coordonnées;04500;Riez;;;Coworking\n";
    let table = import::read(import::Format::Csv, csv.as_bytes()).unwrap();
    let opts = import::Options {
        source: "carte".into(),
        network_id: None,
        scope: maillage::places::repo::MatchScope::Any,
        user_id: None,
        batch: 100,
    };
    let r = import::run(
        &app.state.db,
        &table,
        &import::Mapping::guess(&table),
        &opts,
        1,
        |_| {},
    )
    .await
    .unwrap();
    assert_eq!(r.counts().imported, 6, "{}", r.summary_fr());
    app.state.pages.written();
}

async fn api(app: &TestApp, path: &str) -> (u16, Value) {
    let res = app.get(path).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let res = app.get(path).await;
    (res.status().as_u16(), res.text().await.unwrap())
}

both!(
    places_near_a_postal_code_a_commune_or_a_position_nearest_first,
    |app: TestApp| async move {
        seed(&app).await;
        // A postal code, 10 km: the atelier, then Valensole; nothing farther.
        let (s, p) = api(&app, "/api/v1/places?near=04500&radius_km=10").await;
        assert_eq!(s, 200, "{p}");
        assert_eq!(names(&p), ["Atelier de Riez", "Fablab de Valensole"]);
        assert_eq!(p["total"], 2);
        let d: Vec<f64> = p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["distance_km"].as_f64().unwrap())
            .collect();
        assert_eq!(d[0], 0.0);
        assert!((8.0..10.0).contains(&d[1]), "{d:?}");
        // The commune, whatever its case; 50 km then 100 km: sorted by distance, not name.
        let (_, p) = api(&app, "/api/v1/places?near=riez&radius_km=50").await;
        assert_eq!(
            names(&p),
            [
                "Atelier de Riez",
                "Fablab de Valensole",
                "Coworking de Manosque",
                "Tiers-lieu de Forcalquier"
            ]
        );
        let (_, p) = api(&app, "/api/v1/places?near=Riez&radius_km=100").await;
        assert_eq!(names(&p).len(), 5);
        assert_eq!(names(&p)[4], "Café de Marseille");
        // The default radius is 20 km.
        let (_, p) = api(&app, "/api/v1/places?near=04500").await;
        assert_eq!(p["total"], 2, "{p}");
        // An explicit position (what « Près de moi » sends), with another filter.
        let (_, p) = api(&app, "/api/v1/places?lat=43.8297&lon=5.7867&radius_km=5").await;
        assert_eq!(names(&p), ["Coworking de Manosque"]);
        let (_, p) = api(
            &app,
            "/api/v1/places?near=04500&radius_km=50&typology=fablab",
        )
        .await;
        assert_eq!(names(&p), ["Fablab de Valensole"]);
        // Paged nearest first.
        let (_, p) = api(
            &app,
            "/api/v1/places?near=04500&radius_km=100&per_page=2&page=2",
        )
        .await;
        assert_eq!(
            names(&p),
            ["Coworking de Manosque", "Tiers-lieu de Forcalquier"]
        );
        // Without an origin a radius filters nothing (the form always sends one).
        let (_, p) = api(&app, "/api/v1/places?radius_km=5").await;
        assert_eq!(p["total"], 6);

        // The map: the same circle, each point with its typology and distance.
        let (s, m) = api(&app, "/api/v1/map?near=04500&radius_km=10").await;
        assert_eq!(s, 200, "{m}");
        let feats = m["features"].as_array().unwrap();
        let mut got: Vec<(String, String)> = feats
            .iter()
            .map(|f| {
                (
                    f["properties"]["name"].as_str().unwrap().to_string(),
                    f["properties"]["typology"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("Atelier de Riez".to_string(), "atelier-partage".to_string()),
                ("Fablab de Valensole".to_string(), "fablab".to_string())
            ]
        );
        assert!(feats
            .iter()
            .all(|f| f["properties"]["distance_km"].is_number()));
        // Every place carries its typology (empty without one).
        let (_, m) = api(&app, "/api/v1/map").await;
        let forcalquier = m["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["properties"]["name"] == "Tiers-lieu de Forcalquier")
            .unwrap();
        assert_eq!(forcalquier["properties"]["typology"], "");

        // The directory's page: nearest first, the distance written on each card.
        let (s, html) = page(&app, "/lieux?near=04500&radius_km=10").await;
        assert_eq!(s, 200);
        let riez = html.find(">Atelier de Riez<").unwrap();
        let valensole = html.find(">Fablab de Valensole<").unwrap();
        assert!(riez < valensole, "nearest first");
        assert!(html.contains("à 0,0 km"), "{html}");
        assert!(!html.contains(">Coworking de Manosque<"));
        // In English.
        let english = app.new_browser();
        let res = english
            .post(app.url("/langue"))
            .form(&[("lang", "en"), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "language switch");
        let res = english
            .get(app.url("/carte?near=04500&radius_km=10"))
            .send()
            .await
            .unwrap();
        let html = res.text().await.unwrap();
        assert!(html.contains("0.0 km away"), "{html}");
        // The map page: nearest first too, the map keeps that list, the panel open.
        let (s, html) = page(&app, "/carte?near=Riez&radius_km=50").await;
        assert_eq!(s, 200);
        assert!(html.find(">Coworking de Manosque<") < html.find(">Tiers-lieu de Forcalquier<"));
        assert!(html.contains("data-near=\"1\""));
        assert!(html.contains("<details class=\"filter-panel\" id=\"filter-panel\" open>"));
        assert!(html.contains("1 filtre actif"), "{html}");
        assert!(
            html.contains("data-bounds="),
            "the circle is the first view"
        );
    }
);

both!(
    bad_origin_or_radius_is_refused_in_page_and_api,
    |app: TestApp| async move {
        seed(&app).await;
        for (query, field, words) in [
            (
                "near=Atlantide",
                "near",
                "Aucun lieu connu dans cette commune",
            ),
            ("near=99999", "near", "Aucun lieu connu dans cette commune"),
            (
                "near=04500&radius_km=7",
                "radius_km",
                "Choisissez un rayon de 5, 10, 20, 50 ou 100 km",
            ),
            (
                "lat=95&lon=6",
                "lat",
                "La latitude doit être un nombre entre -90 et 90",
            ),
            (
                "lat=43.8&lon=abc",
                "lon",
                "La longitude doit être un nombre entre -180 et 180",
            ),
        ] {
            for base in ["/carte", "/lieux"] {
                let (s, html) = page(&app, &format!("{base}?{query}")).await;
                assert_eq!(s, 422, "{base}?{query}");
                assert!(html.contains("class=\"error-summary\""), "{query}");
                assert!(html.contains(words), "{base}?{query}: {html}");
                // The panel is open on the wrong field.
                assert!(html.contains("id=\"filter-panel\" open>"), "{query}");
            }
            for api_path in ["/api/v1/places", "/api/v1/map"] {
                let (s, body) = api(&app, &format!("{api_path}?{query}")).await;
                assert_eq!(s, 422, "{api_path}?{query}: {body}");
                assert_eq!(body["error"]["code"], "validation_failed", "{body}");
                let msg = body["error"]["fields"][field].as_str().unwrap_or_default();
                assert!(msg.contains(words), "{api_path}?{query}: {body}");
            }
        }
        // The OpenAPI document says the new parameters.
        let doc = app.openapi().await;
        let params = doc["paths"]["/api/v1/places"]["get"]["parameters"]
            .as_array()
            .unwrap();
        for p in ["near", "lat", "lon", "radius_km"] {
            assert!(params.iter().any(|x| x["name"] == p), "{p} documented");
        }
    }
);

both!(
    the_map_comes_first_with_a_legend_and_folded_filters,
    |app: TestApp| async move {
        seed(&app).await;
        let (s, html) = page(&app, "/carte").await;
        assert_eq!(s, 200);
        // Folded without a filter; the map before the list, its legend under it.
        assert!(html.contains("<details class=\"filter-panel\" id=\"filter-panel\">"));
        assert!(!html.contains("id=\"filters-active\""));
        let map = html.find("id=\"map\"").unwrap();
        assert!(map < html.find("id=\"place-list\"").unwrap());
        let legend = html.find("id=\"map-legend\"").unwrap();
        assert!(map < legend);
        for (slug, name) in [
            ("coworking", "Coworking"),
            ("fablab", "Fablab / makerspace"),
            ("atelier-partage", "Atelier partagé"),
            ("tiers-lieu-nourricier", "Tiers-lieu nourricier"),
        ] {
            let item =
                format!("<li data-typology=\"{slug}\"><span class=\"pin-swatch typ-{slug}\"><svg");
            assert!(html.contains(&item), "{slug} in the legend");
            assert!(html.contains(&format!("<span class=\"legend-name\">{name}</span>")));
        }
        assert!(html.contains("<li data-typology=\"\"><span class=\"pin-swatch typ-autre\">"));
        // The first view fits every place: the box from Marseille to Riez and Forcalquier.
        assert!(
            html.contains("data-bounds=\"5.36980,43.29650,6.09250,43.95970\""),
            "{html}"
        );
        // The « Près de moi » button is hidden until JavaScript shows it.
        assert!(html.contains("id=\"near-me\" class=\"secondary\" hidden"));
        // A filter opens the panel and says how many are set; the first view is then the
        // matching places (no box from the page).
        let (_, html) = page(&app, "/carte?typology=fablab&department=04").await;
        assert!(html.contains("id=\"filter-panel\" open>"));
        assert!(html.contains("2 filtres actifs"), "{html}");
        assert!(!html.contains("data-bounds="));
        // The directory keeps its filters open.
        let (_, html) = page(&app, "/lieux").await;
        assert!(html.contains("id=\"filter-panel\" open>"));
    }
);

both!(
    the_home_page_has_the_map_and_the_latest_projects,
    |app: TestApp| async move {
        seed(&app).await;
        let admin = app.instance_admin("accueil@example.org").await;
        let token = app.token_for(admin).await;
        for (name, public) in [
            ("Projet ancien", true),
            ("Projet caché", false),
            ("Projet récent", true),
        ] {
            let res = app
                .api_post(
                    "/api/v1/projects",
                    &token,
                    json!({"name": name, "public": public, "communes": "Riez",
                       "holders": ["Commune de Riez"]}),
                )
                .await;
            assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
            // Distinct creation instants.
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let (s, html) = page(&app, "/").await;
        assert_eq!(s, 200);
        assert!(
            html.contains("id=\"map\" class=\"map map-small\""),
            "{html}"
        );
        assert!(html.contains("data-api=\"/api/v1/map\""));
        assert!(html.contains("data-bounds=\"5.36980,43.29650,6.09250,43.95970\""));
        assert!(html.contains("id=\"map-legend\""));
        assert!(html.contains("/static/places-map.js"));
        assert!(html.contains("href=\"/carte\""));
        assert!(html.contains("Derniers projets"));
        let recent = html
            .find(">Projet récent<")
            .expect("the latest public project");
        let old = html.find(">Projet ancien<").unwrap();
        assert!(recent < old, "newest first");
        assert!(
            !html.contains("Projet caché"),
            "private projects are not shown"
        );
        // The tiles' server is allowed by the page's CSP.
        let res = app.get("/").await;
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("img-src 'self' data: http"), "{csp}");
    }
);
