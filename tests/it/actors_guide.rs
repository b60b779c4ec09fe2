//! Local actors (issue 18, points 2, 6, 7 and 8): the visitor guide of a place and of a
//! network (sections, order, English, print CSS, statements bounded), the GeoJSON and CSV
//! exports (public fields only), the imports (CSV with its report and bad rows, reimport,
//! GoGoCarto, the command line) and the embeddable showcase (the only framable page).

use serde_json::{json, Value};

use crate::actors::{browser_as, demo, get_json, names, send, statements};
use crate::both;
use crate::harness::TestApp;
use maillage::actors::import::{self, Format, Options, Outcome};
use maillage::actors::service::ImportScope;
use maillage::ids::PlaceId;

/// The part of a guide's page of one section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

async fn page(app: &TestApp, path: &str) -> String {
    let res = app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

async fn english(app: &TestApp, path: &str) -> String {
    let res = reqwest::Client::new()
        .get(app.url(path))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

both!(
    the_guide_groups_the_demo_by_what_a_visitor_needs,
    |app: TestApp| async move {
        demo(&app).await;
        let html = page(&app, "/lieux/tiers-lieu-de-riez/guide").await;
        assert!(section(&html, "dormir").contains("Gîte des Aires"));
        let eat = section(&html, "manger");
        assert!(eat.contains("Le Comptoir de Riez") && eat.contains("Fournil de Riez"));
        assert!(section(&html, "respirer").contains("Les Sentiers du Verdon"));
        assert!(section(&html, "se-reperer").contains("Navette Verdon Mobilité"));
        assert!(section(&html, "garde-enfants").contains("Crèche Les Petits Pas"));
        assert!(section(&html, "sortir").contains("Poterie des Gorges"));
        // Working: the coworking places of the directory, and the digital services.
        let work = section(&html, "travailler");
        assert!(
            work.contains("href=\"/lieux/tiers-lieu-de-riez\""),
            "{work}"
        );
        assert!(work.contains("Julie Martin"));
        // No section without an actor; no artisan outside the guide's categories.
        assert!(!html.contains("<section id=\"sante\""));
        assert!(!html.contains("Atelier Bois du Verdon"));
        // Distances from the place, phones to call, the map of the public points.
        assert!(html.contains("tel:+33492770005"), "the gîte's public phone");
        assert!(html.contains("id=\"actor-map\"") && html.contains("data-lat=\"43.8172\""));
        assert!(html.contains("km</span>"));
        // A person's contacts never: Julie's email is hidden, her phone for members only.
        for secret in [
            "julie.web@demo.maillage.fr",
            "+33612345678",
            "06 12 34 56 78",
        ] {
            assert!(!html.contains(secret), "{secret} in the guide");
        }
        // Printable: the guide's style sheet hides the header and the map when printed.
        assert!(html.contains("/static/guide.css"));
        let css = page(&app, "/static/guide.css").await;
        assert!(css.contains("@media print") && css.contains(".site-header"));
        assert!(css.contains(".guide-map") && css.contains("columns: 2"));
        // Linked from the place, the network and the showcases.
        let place = page(&app, "/lieux/tiers-lieu-de-riez").await;
        assert!(place.contains("href=\"/lieux/tiers-lieu-de-riez/guide\""));
        let net = page(&app, "/reseaux/reseau-sud-tiers-lieux").await;
        assert!(net.contains("href=\"/reseaux/reseau-sud-tiers-lieux/guide\""));
        let showcase = page(&app, "/lieux/tiers-lieu-de-riez/vitrine").await;
        assert!(showcase.contains("href=\"/lieux/tiers-lieu-de-riez/guide\""));
        // The network's guide: its territory, distances from the centre of its places.
        let net = page(&app, "/reseaux/reseau-sud-tiers-lieux/guide").await;
        assert!(section(&net, "dormir").contains("Gîte des Aires"));
        assert!(net.contains("km</span>"));
        // English, entirely: no French section name.
        let en = english(&app, "/lieux/tiers-lieu-de-riez/guide").await;
        assert!(en.contains("<html lang=\"en\""));
        assert!(en.contains("Visitor guide") && en.contains(">Sleep<") && en.contains(">Eat<"));
        for fr in [
            "Guide du visiteur",
            "Dormir",
            "Manger",
            "Sortir",
            "Respirer",
            "Se repérer",
            "Garde d",
            "Travailler",
            "Ouvert maintenant",
            "Fermé en ce moment",
            "Espace de coworking",
        ] {
            assert!(!en.contains(fr), "{fr} on the English guide");
        }
        let res = app.get("/lieux/inconnu/guide").await;
        assert_eq!(res.status(), 404);
        let res = app.get("/reseaux/inconnu/guide").await;
        assert_eq!(res.status(), 404);
        let bad = page(&app, "/lieux/tiers-lieu-de-riez/guide?near=95,6").await;
        assert!(bad.contains("error-summary"));
    }
);

both!(
    the_guide_lists_the_open_ones_first_then_the_nearest,
    |app: TestApp| async move {
        let d = demo(&app).await;
        for (name, hours, lat, lon) in [
            ("Refuge Lointain", "24/7", 44.2, 6.5),
            ("Auberge Proche", "Mo-Su off", 43.8187, 6.0929),
            ("Camping Sans Horaires", "", 43.83, 6.11),
        ] {
            let (s, v) = send(
                &app,
                reqwest::Method::POST,
                "/api/v1/actors",
                &d.manager,
                Some(json!({
                    "name": name, "kind": "organization", "categories": ["hebergement"],
                    "place_ids": [d.riez], "latitude": lat, "longitude": lon,
                    "opening_hours": hours
                })),
            )
            .await;
            assert_eq!(s, 201, "{v}");
        }
        let html = page(&app, "/lieux/tiers-lieu-de-riez/guide").await;
        let sleep = section(&html, "dormir");
        let at = |n: &str| sleep.find(n).unwrap_or_else(|| panic!("{n} in {sleep}"));
        assert!(at("Refuge Lointain") < at("Auberge Proche"), "open first");
        assert!(
            at("Auberge Proche") < at("Camping Sans Horaires"),
            "then the nearest"
        );
        // From another point: the refuge is there.
        let html = page(&app, "/lieux/tiers-lieu-de-riez/guide?near=44.2,6.5").await;
        assert!(section(&html, "dormir").contains("à 0,0 km"));
        let en = english(&app, "/lieux/tiers-lieu-de-riez/guide?near=44.2,6.5").await;
        assert!(section(&en, "dormir").contains("0.0 km away"));
    }
);

/// The guide (and the exports) read a fixed number of statements, with 5 or 50 actors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guide_runs_as_many_statements_with_ten_times_the_actors() {
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
                let cats = if i % 2 == 0 {
                    json!(["hebergement", "nature"])
                } else {
                    json!(["restauration", "services-numeriques"])
                };
                let (s, v) = send(
                    app,
                    reqwest::Method::POST,
                    "/api/v1/actors",
                    &token,
                    Some(json!({
                        "name": format!("Adresse {i}"), "kind": "organization",
                        "categories": cats, "skills": ["accueil"],
                        "place_ids": [place], "latitude": 43.8, "longitude": 6.09,
                        "opening_hours": "Mo-Su 00:00-24:00", "phone": "04 92 77 00 01"
                    })),
                )
                .await;
                assert_eq!(s, 201, "{v}");
            }
        }
    };
    let pages = [
        "/lieux/lieu-du-verdon/guide".to_string(),
        "/lieux/lieu-du-verdon/guide?near=43.9,6.1".to_string(),
        "/reseaux/verdon/guide".to_string(),
        "/lieux/lieu-du-verdon/vitrine/integrer".to_string(),
        format!("/api/v1/actors.geojson?place_id={place}"),
        format!("/api/v1/actors.csv?network_id={net}"),
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

both!(exports_give_public_fields_only, |app: TestApp| async move {
    let d = demo(&app).await;
    let res = app.get("/api/v1/actors.geojson").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/geo+json");
    assert!(res.headers()["link"]
        .to_str()
        .unwrap()
        .contains("rel=\"license\""));
    let text = res.text().await.unwrap();
    let geo: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().unwrap();
    let atelier = features
        .iter()
        .find(|f| f["properties"]["name"] == "Atelier Bois du Verdon")
        .expect("the workshop");
    assert_eq!(atelier["geometry"]["coordinates"], json!([6.0887, 43.8201]));
    assert_eq!(
        atelier["properties"]["email"],
        "atelier.bois@demo.maillage.fr"
    );
    assert!(atelier["properties"]["categories"]
        .as_array()
        .unwrap()
        .contains(&json!("artisanat")));
    // Julie Martin: no public point, so not on the map; her email and phone nowhere.
    let csv_res = app.get("/api/v1/actors.csv").await;
    assert_eq!(csv_res.status(), 200);
    assert!(csv_res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv_res.text().await.unwrap();
    assert!(csv.starts_with("id,nom,type,nature,categories,competences"));
    assert!(csv.contains("Julie Martin, développeuse web"));
    assert!(csv.contains("atelier.bois@demo.maillage.fr"));
    for body in [&text, &csv] {
        for secret in [
            "julie.web@demo.maillage.fr",
            "+33612345678",
            "06 12 34 56 78",
        ] {
            assert!(!body.contains(secret), "{secret} in an export");
        }
    }
    assert!(!text.contains("Julie Martin"));
    // The list's filters.
    let csv = app
        .get(&format!(
            "/api/v1/actors.csv?category=hebergement&place_id={}",
            d.riez
        ))
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.contains("Gîte des Aires") && !csv.contains("Atelier Bois"));
    let geo = get_json(&app, "/api/v1/actors.geojson?q=poterie").await;
    assert_eq!(geo["features"].as_array().unwrap().len(), 1);
    let res = app.get("/api/v1/actors.geojson?near=95,6").await;
    assert_eq!(res.status(), 422);
    let res = app.get("/api/v1/actors.csv?radius_km=3").await;
    assert_eq!(res.status(), 422);
    // Linked from the showcases, with their scope.
    let html = page(&app, "/lieux/tiers-lieu-de-riez/vitrine").await;
    assert!(html.contains(&format!("/api/v1/actors.geojson?place_id={}", d.riez)));
    assert!(html.contains(&format!("/api/v1/actors.csv?place_id={}", d.riez)));
    let html = page(&app, "/reseaux/reseau-sud-tiers-lieux/vitrine").await;
    assert!(html.contains("/api/v1/actors.csv?network_id=1"));
});

const CSV: &str = "id;Nom;Nature;Catégories;Compétences;Adresse;Code postal;Commune;Latitude;Longitude;SIRET;Téléphone;Courriel\n\
a1;Gîte du Colostre;Entreprise;Hébergement;Accueil, Cuisine;Chemin du Colostre;4500;Riez;43.8150;6.0900;73282932000074;04 92 77 20 01;colostre@example.org\n\
a2;Garage Solidaire;association;Mobilité|Réparation de fusées;mécanique;;04500;Riez;43.8160;6.0910;123;;\n\
a3;;Entreprise;Restauration;;;04500;Riez;;;;;\n\
a4;Au Bon Pain;artisan;alimentation-producteurs;boulangerie;;04500;Riez;91;6.09;;;\n\
a1;Gîte du Colostre (bis);Entreprise;Hébergement;;;04500;Riez;;;;;\n";

async fn run(app: &TestApp, bytes: &[u8], format: Format, scope: ImportScope) -> import::Report {
    let table = import::read(format, bytes).unwrap();
    let (m, _) = import::guess(&table);
    let o = Options {
        scope,
        source: "acteurs".into(),
        by: None,
    };
    import::run(&app.state, &table, &m, &o).await.unwrap()
}

both!(
    a_csv_import_reports_bad_rows_and_a_reimport_updates,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let scope = ImportScope::Place(PlaceId(d.riez));
        let r = run(&app, CSV.as_bytes(), Format::Csv, scope).await;
        let outcomes: Vec<Outcome> = r.rows.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            vec![
                Outcome::Imported,
                Outcome::Imported,
                Outcome::Skipped,
                Outcome::Imported,
                Outcome::Repeated
            ],
            "{:?}",
            r.rows
        );
        // The bad values are named, row by row, and left out.
        let garage = &r.rows[1];
        assert!(
            garage.unsaved.contains(&"categories".to_string()),
            "{garage:?}"
        );
        assert!(garage.unsaved.contains(&"siret".to_string()));
        assert!(garage.messages.iter().any(|m| m.contains("SIRET")));
        assert!(r.rows[3].unsaved.contains(&"latitude".to_string()));
        assert!(r.rows[2]
            .messages
            .iter()
            .any(|m| m.contains("nom manquant")));
        let report = String::from_utf8(r.to_csv()).unwrap();
        assert!(report.contains("ligne,nom,résultat"));
        assert!(r.summary_fr().starts_with("5 lignes : 3 importées"));
        // What was written went through the form's validation.
        let gite = get_json(&app, "/api/v1/actors?q=colostre").await;
        assert_eq!(names(&gite), vec!["Gîte du Colostre"]);
        let g = &gite["items"][0];
        assert_eq!(g["postal_code"], "04500", "the places' repair");
        assert_eq!(g["phone"], "+33492772001");
        assert_eq!(g["siret"], "73282932000074");
        assert_eq!(g["categories"][0]["slug"], "hebergement");
        // Skills folded onto the vocabulary (the demo's gîte made « Accueil »).
        assert_eq!(g["skills"], json!(["Accueil", "cuisine"]));
        assert_eq!(g["place_ids"], json!([d.riez]));
        let garage = get_json(&app, "/api/v1/actors?q=garage%20solidaire").await;
        let g = &garage["items"][0];
        assert_eq!(g["subtype"], "association");
        assert_eq!(g["categories"].as_array().unwrap().len(), 1);
        assert!(g["siret"].is_null());
        let pain = get_json(&app, "/api/v1/actors?q=bon%20pain").await;
        assert!(pain["items"][0]["latitude"].is_null());
        // The same file again: nothing new, nothing duplicated.
        let before = get_json(&app, "/api/v1/actors").await["total"].clone();
        let r = run(&app, CSV.as_bytes(), Format::Csv, scope).await;
        assert_eq!(r.rows[0].outcome, Outcome::Unchanged, "{:?}", r.rows[0]);
        assert_eq!(get_json(&app, "/api/v1/actors").await["total"], before);
        // A changed row updates its actor.
        let changed = CSV.replace("Accueil, Cuisine", "Accueil, Jardinage");
        let r = run(&app, changed.as_bytes(), Format::Csv, scope).await;
        assert_eq!(r.rows[0].outcome, Outcome::Updated);
        assert_eq!(r.rows[1].outcome, Outcome::Unchanged);
        assert_eq!(get_json(&app, "/api/v1/actors").await["total"], before);
        let gite = get_json(&app, "/api/v1/actors?q=colostre").await;
        assert_eq!(gite["items"][0]["skills"], json!(["Accueil", "jardinage"]));
        // Another place importing a file of the same name does not touch these.
        let fablab = ImportScope::Place(PlaceId(d.fablab));
        let r = run(&app, CSV.as_bytes(), Format::Csv, fablab).await;
        assert_eq!(r.rows[0].outcome, Outcome::Imported);
        let gites = get_json(&app, "/api/v1/actors?q=colostre").await;
        assert_eq!(gites["total"], 2);
    }
);

// A GoGoCarto export (`/api/elements.json`), tests/data/import/gogocarto_acteurs.json: the
// envelope `{"licence", "ontology": "gogofull", "data"}` of a real map's answer (as captured
// in the tests of github.com/Hhanri/rando_point_deau, its OWater data source), each element
// with the fields GoGoCarto documents (github.com/pixelhumain/GoGoCartoJs, docs/dataset.md:
// `geo`, `address.streetAddress`, `address.postalCode`, `address.addressLocality`,
// `categories`, `email`, `telephone`, `website`, `openHours` by day, `openHoursString`,
// `descriptionMore`).
both!(
    a_gogocarto_export_is_imported_into_a_network,
    |app: TestApp| async move {
        demo(&app).await;
        let bytes = std::fs::read("tests/data/import/gogocarto_acteurs.json").unwrap();
        assert_eq!(Format::guess("elements.json", &bytes), Format::Gogocarto);
        let scope = ImportScope::Network(maillage::ids::NetworkId(1));
        let r = run(&app, &bytes, Format::Gogocarto, scope).await;
        let outcomes: Vec<Outcome> = r.rows.iter().map(|r| r.outcome).collect();
        assert_eq!(
            outcomes,
            vec![
                Outcome::Imported,
                Outcome::Imported,
                Outcome::Imported,
                Outcome::Skipped
            ],
            "{:?}",
            r.rows
        );
        // An unknown category is reported, the known one kept.
        assert!(r.rows[2].unsaved.contains(&"categories".to_string()));
        let all = get_json(&app, "/api/v1/actors?network_id=1&per_page=200").await;
        let t = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == "La Table du Lac")
            .expect("the restaurant");
        assert_eq!(t["categories"][0]["slug"], "restauration");
        assert_eq!(t["city"], "Sainte-Croix-du-Verdon");
        assert_eq!(t["postal_code"], "04500");
        assert_eq!(t["address"], "Place du Village");
        assert_eq!(t["latitude"], 43.7591);
        assert_eq!(t["phone"], "+33492771001");
        assert_eq!(t["website"], "https://table-du-lac.example.org");
        assert_eq!(t["network_id"], 1);
        let hours = t["opening_hours"].as_str().unwrap();
        assert!(hours.contains("12:00-14:00"), "{hours}");
        let velos = get_json(&app, "/api/v1/actors?category=mobilite&q=velos").await;
        assert_eq!(names(&velos), vec!["Vélos du Plateau"]);
        // In the network's guide.
        let html = page(&app, "/reseaux/reseau-sud-tiers-lieux/guide").await;
        assert!(section(&html, "dormir").contains("Camping des Oliviers"));
        // Again: unchanged.
        let r = run(&app, &bytes, Format::Gogocarto, scope).await;
        assert!(r.rows[..3].iter().all(|r| r.outcome == Outcome::Unchanged));
    }
);

both!(
    the_command_line_imports_actors_with_a_report,
    |app: TestApp| async move {
        demo(&app).await;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("acteurs-verdon.csv");
        std::fs::write(&file, CSV).unwrap();
        let report = dir.path().join("rapport.csv");
        let (f, r) = (file.to_str().unwrap(), report.to_str().unwrap());
        let args = [
            "import",
            "actors",
            f,
            "--place",
            "tiers-lieu-de-riez",
            "--dry-run",
            "--report",
            r,
        ];
        let out = crate::cli::maillage(&app, &args, None);
        assert!(out.status.success(), "{out:?}");
        assert!(crate::cli::stdout(&out).contains("Essai à blanc"));
        assert!(std::fs::read_to_string(&report)
            .unwrap()
            .contains("Gîte du Colostre"));
        let none = get_json(&app, "/api/v1/actors?q=colostre").await;
        assert_eq!(none["total"], 0, "a dry run writes nothing");
        let out = crate::cli::maillage(&app, &args[..5], None);
        assert!(out.status.success(), "{out:?}");
        let said = crate::cli::stdout(&out);
        assert!(said.contains("3 importées"), "{said}");
        assert!(said.contains("ligne 3"), "the bad row is said: {said}");
        let out = crate::cli::maillage(&app, &args[..5], None);
        assert!(crate::cli::stdout(&out).contains("0 importées"));
        let found = get_json(&app, "/api/v1/actors?q=colostre").await;
        assert_eq!(found["total"], 1);
        let out = crate::cli::maillage(&app, &["import", "actors", f, "--place", "inconnu"], None);
        assert!(!out.status.success());
    }
);

both!(
    only_the_embeddable_showcase_may_be_framed,
    |app: TestApp| async move {
        demo(&app).await;
        for path in [
            "/lieux/tiers-lieu-de-riez/vitrine/integrer",
            "/reseaux/reseau-sud-tiers-lieux/vitrine/integrer?category=artisanat",
        ] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 200, "{path}");
            let csp = res.headers()["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors *"), "{csp}");
            assert!(res.headers().get("x-frame-options").is_none());
            let html = res.text().await.unwrap();
            assert!(html.contains("Atelier Bois du Verdon"));
            assert!(html.contains("target=\"_top\""));
            assert!(!html.contains("julie.web@demo.maillage.fr"));
        }
        for path in [
            "/lieux/tiers-lieu-de-riez/vitrine",
            "/lieux/tiers-lieu-de-riez/guide",
            "/acteurs/atelier-bois-du-verdon",
        ] {
            let res = app.get(path).await;
            let csp = res.headers()["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert_eq!(res.headers()["x-frame-options"], "DENY");
        }
        // The snippet to copy, on the showcase.
        let html = page(&app, "/lieux/tiers-lieu-de-riez/vitrine").await;
        assert!(html.contains("/lieux/tiers-lieu-de-riez/vitrine/integrer"));
        assert!(html.contains("iframe src="), "the snippet");
        let res = app.get("/lieux/inconnu/vitrine/integrer").await;
        assert_eq!(res.status(), 404);
    }
);

both!(
    managers_import_actors_from_the_showcase,
    |app: TestApp| async move {
        demo(&app).await;
        let path = "/lieux/tiers-lieu-de-riez/vitrine/importer";
        let manager = browser_as(&app, "gerant.riez@demo.maillage.fr").await;
        let html = manager
            .get(app.url("/lieux/tiers-lieu-de-riez/vitrine"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains(&format!("href=\"{path}\"")),
            "linked for its manager"
        );
        let form = |dry: bool| {
            let f = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(CSV.as_bytes().to_vec()).file_name("acteurs.csv"),
            );
            if dry {
                f.text("dry_run", "1")
            } else {
                f
            }
        };
        let res = manager
            .post(app.url(path))
            .multipart(form(true))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("id=\"import-report\"") && html.contains("nom manquant"));
        assert_eq!(
            get_json(&app, "/api/v1/actors?q=colostre").await["total"],
            0
        );
        let res = manager
            .post(app.url(path))
            .multipart(form(false))
            .send()
            .await
            .unwrap();
        let html = res.text().await.unwrap();
        assert!(html.contains("5 lignes : 3 importées"), "{html}");
        assert_eq!(
            get_json(&app, "/api/v1/actors?q=colostre").await["total"],
            1
        );
        let res = manager
            .post(app.url(path))
            .multipart(reqwest::multipart::Form::new().text("dry_run", "1"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "no file");
        // The fab lab's manager, a member: 404, the page and the upload.
        for who in ["gerante.fablab@demo.maillage.fr", "membre@demo.maillage.fr"] {
            let b = browser_as(&app, who).await;
            let res = b.get(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 404, "{who}");
            let res = b
                .post(app.url(path))
                .multipart(form(false))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{who}");
        }
        let res = app.get(path).await;
        assert!(
            matches!(res.status().as_u16(), 303 | 401),
            "a visitor signs in first"
        );
        // The network's animator imports into the network.
        let animator = browser_as(&app, "animatrice@demo.maillage.fr").await;
        let res = animator
            .get(app.url("/reseaux/reseau-sud-tiers-lieux/vitrine/importer"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
);
