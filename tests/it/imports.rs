//! Imports of the files the field publishes (issue 15): small files in the shape of each
//! national and regional dataset (`tests/data/import/`, headers and quirks of the real ones)
//! and the real files of `../shared/data/`, each imported with the plain guess, twice, on both
//! engines; the command line's `--map`, `--dry-run` and `--save-mapping`; the upload page's
//! reasons, typology table and saved mapping.

use std::path::PathBuf;

use maillage::places::import::{self, Format, Mapping, Outcome, RepairKind, Report};
use maillage::places::repo::{self, Filters};
use maillage::tenancy::repo as tenancy;

use crate::both;
use crate::harness::TestApp;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/import")
        .join(name)
}

fn shared(path: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    [
        root.join("../shared").join(path),
        PathBuf::from("/work/shared").join(path),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| panic!("{path} not found next to the repository"))
}

/// Imports a file as the command line does: format from its name, mapping guessed.
async fn import_path(app: &TestApp, path: &std::path::Path, source: &str) -> Report {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let table = import::read(Format::guess(&name, &bytes), &bytes).unwrap();
    let mapping = Mapping::guess(&table);
    let opts = import::Options {
        source: source.into(),
        network_id: None,
        scope: repo::MatchScope::Any,
        user_id: None,
        batch: 2,
    };
    import::run(&app.state.db, &table, &mapping, &opts, 1_000, |_| {})
        .await
        .unwrap()
}

/// A second import of the same file writes nothing.
async fn twice(app: &TestApp, path: &std::path::Path, source: &str) -> Report {
    let first = import_path(app, path, source).await;
    let again = import_path(app, path, source).await;
    let c = again.counts();
    assert_eq!(
        (c.imported, c.updated),
        (0, 0),
        "{}: {}",
        path.display(),
        again.summary_fr()
    );
    assert_eq!(
        c.unchanged,
        first.counts().imported + first.counts().updated + first.counts().unchanged,
        "{}",
        again.summary_fr()
    );
    first
}

fn row<'a>(r: &'a Report, name: &str) -> &'a import::RowReport {
    r.rows
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no row {name}: {:#?}", r.rows))
}

async fn place(app: &TestApp, r: &Report, name: &str) -> maillage::places::repo::PlaceRow {
    let id = row(r, name).place_id.expect("imported");
    repo::by_id(&app.state.db, id).await.unwrap().unwrap()
}

async fn slugs(app: &TestApp, id: maillage::ids::PlaceId) -> Vec<String> {
    let mut m = repo::typologies_of(&app.state.db, Some(&[id]))
        .await
        .unwrap();
    m.remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.slug)
        .collect()
}

both!(
    france_services_list_per_day_hours_and_prefixed_columns,
    |app: TestApp| async move {
        let r = twice(&app, &fixture("france_services.csv"), "france-services").await;
        assert_eq!(r.counts().imported, 3, "{}", r.summary_fr());
        let oyonnax = place(&app, &r, "France services d'Oyonnax").await;
        assert_eq!(oyonnax.city, "Oyonnax");
        assert_eq!(oyonnax.insee_code, "01283");
        assert_eq!(oyonnax.email, "oyonnax@france-services.example.org");
        assert_eq!(oyonnax.source_id, "FS-0001");
        assert_eq!(
            oyonnax.opening_hours,
            "Mo-Tu,Th 09:00-12:00,13:30-17:00; We 09:00-12:00; Fr 09:00-12:00,13:30-16:00"
        );
        let foix = place(&app, &r, "France services de Foix").await;
        assert_eq!(
            foix.opening_hours,
            "Mo-Tu,Fr 08:30-12:00; Th 08:30-12:00,13:30-17:00"
        );
        // Hours no syntax can hold are kept as text, shown on the page, and reported.
        let bus = place(&app, &r, "Bus France services du Médoc").await;
        assert_eq!(bus.opening_hours, "");
        assert_eq!(bus.hours_note, "Lundi : Sur rendez-vous");
        assert!(row(&r, "Bus France services du Médoc")
            .messages
            .iter()
            .any(|m| m.contains("horaires illisibles")));
        let html = app
            .get(&format!("/lieux/{}", bus.slug))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("Lundi : Sur rendez-vous"), "{html}");
        assert_eq!(
            r.counts().repairs,
            vec![(RepairKind::Hours, 2)],
            "{}",
            r.summary_fr()
        );
    }
);

both!(
    numeric_postcodes_get_their_zero_back_and_typologies_follow_the_table,
    |app: TestApp| async move {
        let r = twice(&app, &fixture("conseillers_numeriques.json"), "conseillers").await;
        let c = r.counts();
        assert_eq!(c.imported, 4, "{}", r.summary_fr());
        assert_eq!(c.with_unsaved, 0, "nothing lost: {}", r.summary_fr());
        let v = place(&app, &r, "Mairie de Valserhône").await;
        assert_eq!(
            (v.postal_code.as_str(), v.insee_code.as_str()),
            ("01200", "01033")
        );
        assert_eq!(v.department, "01");
        let pamiers = place(&app, &r, "Espace numérique de Pamiers").await;
        assert_eq!(pamiers.postal_code, "09100");
        let msgs = &row(&r, "Mairie de Valserhône").messages;
        assert!(
            msgs.iter()
                .any(|m| m
                    == "réparé : code postal 1200 → 01200 (cohérent avec le code INSEE 01033)"),
            "{msgs:?}"
        );
        assert!(
            c.repairs.contains(&(RepairKind::PostalCode, 3)),
            "{:?}",
            c.repairs
        );
        assert!(
            c.repairs.contains(&(RepairKind::InseeCode, 3)),
            "{:?}",
            c.repairs
        );
        // "publique" and "TL" are no typology (no remark); "Espace labellisé France Services"
        // is digital mediation by the default table.
        let riez = place(&app, &r, "Tiers-lieu de Riez").await;
        assert_eq!(slugs(&app, riez.id).await, ["mediation-numerique"]);
        assert!(r
            .rows
            .iter()
            .all(|r| !r.messages.iter().any(|m| m.contains("Typologie"))));
        // The Lille postcode was right: untouched.
        assert_eq!(
            place(&app, &r, "Point numérique de Lille-Fives")
                .await
                .postal_code,
            "59800"
        );
    }
);

both!(
    regional_file_half_days_duplicates_mojibake_and_coordinates,
    |app: TestApp| async move {
        let r = twice(&app, &fixture("mednum_bfc.csv"), "mednum-bfc").await;
        let c = r.counts();
        // Six rows: one repeats BFC-001 and is left out, the first one wins.
        assert_eq!(
            (c.rows, c.imported, c.repeated),
            (6, 5, 1),
            "{}",
            r.summary_fr()
        );
        let dup = r
            .rows
            .iter()
            .find(|r| r.outcome == Outcome::Repeated)
            .unwrap();
        assert!(
            dup.messages[0].contains("lignes 2 et 4 ont le même identifiant « BFC-001 »"),
            "{:?}",
            dup.messages
        );
        let dijon = place(&app, &r, "La Fabrique numérique").await;
        assert_eq!(dijon.source_id, "BFC-001");
        assert_eq!(
            dijon.opening_hours,
            "Mo-Tu,Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00"
        );
        // The INSEE column is found by its content.
        assert_eq!(dijon.insee_code, "21231");
        // Mojibake repaired.
        let besancon = place(&app, &r, "Café numérique de Besançon").await;
        assert_eq!(besancon.opening_hours, "Mo-Tu,Th 14:00-18:00");
        // No coordinates: imported, reported, not on the map.
        let lons = row(&r, "Médiathèque de Lons-le-Saunier");
        assert!(lons.no_coordinates);
        assert_eq!(c.without_coordinates, 2, "{}", r.summary_fr());
        // Swapped coordinates put back; a point outside France left out.
        let vesoul = place(&app, &r, "EPN de Vesoul").await;
        assert_eq!(
            (vesoul.latitude, vesoul.longitude),
            (Some(47.6197), Some(6.1549))
        );
        let madrid = row(&r, "Antenne de Madrid (saisie erronée)");
        assert!(madrid.messages.iter().any(|m| m.contains("hors de France")));
        assert!(madrid.no_coordinates);
        for kind in [
            RepairKind::Encoding,
            RepairKind::Coordinates,
            RepairKind::Hours,
        ] {
            assert!(
                c.repairs.iter().any(|(k, _)| *k == kind),
                "{kind:?} {:?}",
                c.repairs
            );
        }
        assert!(
            r.summary_fr().contains("1 doublons dans le fichier"),
            "{}",
            r.summary_fr()
        );
        assert_eq!(
            repo::points(&app.state.db, &Filters::default())
                .await
                .unwrap()
                .len(),
            3
        );
    }
);

both!(
    city_from_the_address_swapped_axes_and_a_geocoders_columns,
    |app: TestApp| async move {
        let r = twice(&app, &fixture("gironde.csv"), "gironde").await;
        let a = place(&app, &r, "Abracodabra").await;
        assert_eq!(
            (a.street.as_str(), a.postal_code.as_str(), a.city.as_str()),
            ("8 rue de la Boétie", "33000", "Bordeaux")
        );
        assert_eq!(
            (a.latitude, a.longitude),
            (Some(44.839575), Some(-0.580238))
        );
        let p = place(&app, &r, "Espace de vie sociale de Pauillac").await;
        assert_eq!(
            (p.postal_code.as_str(), p.city.as_str()),
            ("33250", "Pauillac")
        );
        assert_eq!(slugs(&app, p.id).await, ["espace-de-vie-sociale"]);
        assert_eq!(r.counts().with_unsaved, 0, "{}", r.summary_fr());

        // A geocoder's columns beside the original ones: the filled pair, the other as the
        // fallback; its INSEE code column after the `result_` prefix.
        let r = twice(&app, &fixture("geocoded.csv"), "geocoded").await;
        assert_eq!(r.counts().without_coordinates, 0, "{}", r.summary_fr());
        let cahors = place(&app, &r, "Coworking du Lot").await;
        assert_eq!(cahors.latitude, Some(44.4476));
        assert_eq!(cahors.insee_code, "46042");
        let foix = place(&app, &r, "Fablab de Foix").await;
        assert_eq!(foix.postal_code, "09000");
    }
);

both!(
    the_shared_real_files_import_twice_without_change,
    |app: TestApp| async move {
        for (file, source) in [
            ("data/places/cget_tierslieux_2019.csv", "cget-csv"),
            ("data/places/cget_tierslieux_2019.geojson", "cget-geojson"),
            ("data/schemas/mednum_exemple-valide.csv", "mednum-exemple"),
        ] {
            let r = twice(&app, &shared(file), source).await;
            assert_eq!(r.counts().repeated, 0, "{file}: {}", r.summary_fr());
        }
        // Every CGET place is on the map, overseas ones included (both files, two sources).
        let points = repo::points(&app.state.db, &Filters::default())
            .await
            .unwrap()
            .len();
        assert!(points >= 3024, "{points} places on the map");
    }
);

fn cli(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(args)
        .env("MAILLAGE_DATABASE_URL", &app.db.url)
        .env("MAILLAGE_DATA_DIR", &app.data_dir)
        .env_remove("MAILLAGE_CONFIG")
        .output()
        .expect("the maillage binary");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

both!(
    command_line_map_dry_run_and_saved_mapping,
    |app: TestApp| async move {
        let db = &app.state.db;
        tenancy::insert_network(db, "Réseau Provence", "provence", "", 0)
            .await
            .unwrap();
        let file = fixture("sans_nom_reconnu.csv");
        let f = file.to_str().unwrap();
        // The name column is not recognised: a clear error says how to tell it.
        let (ok, _, err) = cli(&app, &["import", "places", f, "--network", "provence"]);
        assert!(!ok);
        assert!(err.contains("--map name=COLONNE"), "{err}");
        assert!(err.contains("Intitulé"), "{err}");
        // A bad field or column is refused with the list of what exists.
        let (ok, _, err) = cli(&app, &["import", "places", f, "--map", "nom=Intitulé"]);
        assert!(!ok && err.contains("champ inconnu « nom »"), "{err}");
        let (ok, _, err) = cli(&app, &["import", "places", f, "--map", "name=Titre"]);
        assert!(
            !ok && err.contains("colonnes du fichier : Intitulé, Ville, Code postal"),
            "{err}"
        );

        // --dry-run: the mapping, the first rows as saved, the counts; nothing written.
        let (ok, out, err) = cli(
            &app,
            &[
                "import",
                "places",
                f,
                "--network",
                "provence",
                "--map",
                "name=Intitulé",
                "--dry-run",
                "--save-mapping",
            ],
        );
        assert!(ok, "{out}{err}");
        assert!(err.contains("Nom ← Intitulé    [--map]"), "{err}");
        assert!(err.contains("Commune ← Ville"), "{err}");
        assert!(out.contains("Essai à blanc"), "{out}");
        assert!(out.contains("ligne 2 — Le Local"), "{out}");
        assert!(out.contains("code postal : 04500"), "{out}");
        assert!(out.contains("2 lignes : 2 importées"), "{out}");
        assert_eq!(repo::count(db, &Filters::default()).await.unwrap(), 0);

        // The saved mapping is reused: the plain command now imports, twice without change.
        let (ok, out, err) = cli(&app, &["import", "places", f, "--network", "provence"]);
        assert!(ok, "{out}{err}");
        assert!(
            err.contains("Correspondance enregistrée pour la source « sans_nom_reconnu » reprise"),
            "{err}"
        );
        assert!(out.contains("2 lignes : 2 importées"), "{out}");
        let (ok, out, _) = cli(&app, &["import", "places", f, "--network", "provence"]);
        assert!(
            ok && out.contains("0 importées, 0 mises à jour, 2 inchangées"),
            "{out}"
        );
        // `--map FIELD=` leaves a field out; an unknown typology is refused.
        let (ok, out, err) = cli(
            &app,
            &[
                "import",
                "places",
                f,
                "--network",
                "provence",
                "--map",
                "city=",
                "--dry-run",
            ],
        );
        assert!(ok, "{out}{err}");
        assert!(!err.contains("Commune ← Ville"), "{err}");
        let (ok, _, err) = cli(&app, &["import", "places", f, "--typology", "Autre=cafe"]);
        assert!(!ok && err.contains("typologie inconnue « cafe »"), "{err}");
    }
);

both!(
    upload_page_shows_reasons_typologies_and_saves_the_mapping,
    |app: TestApp| async move {
        let db = &app.state.db;
        let net = tenancy::insert_network(db, "Réseau Gironde", "gironde", "", 0)
            .await
            .unwrap();
        let admin = app.user("admin-gironde@example.org", "Admin").await;
        maillage::accounts::repo::grant_role(
            db,
            admin,
            maillage::accounts::model::RoleKind::NetworkAdmin,
            Some(net.id.get()),
            None,
            0,
        )
        .await
        .unwrap();
        let browser = app.new_browser();
        app.login_as(&browser, "admin-gironde@example.org").await;
        let bytes = std::fs::read(fixture("gironde.csv")).unwrap();
        let upload = |extra: Vec<(&'static str, String)>| {
            let mut form = reqwest::multipart::Form::new()
                .text("network_id", net.id.to_string())
                .text("format", "csv")
                .text("file_name", "gironde.csv")
                .text("content", import::decode(&bytes));
            for (k, v) in extra {
                form = form.text(k, v);
            }
            browser
                .post(app.url("/admin/lieux/import"))
                .multipart(form)
                .send()
        };
        let html = upload(vec![]).await.unwrap().text().await.unwrap();
        // Each guess with its reason; the whole file's outcome; the categories' table.
        assert!(html.contains("« Lieu » : nom de colonne connu"), "{html}");
        assert!(
            html.contains("« Coord. X » : « x » après le préfixe « coord_ »"),
            "{html}"
        );
        assert!(html.contains("2 lignes : 2 importées"), "{html}");
        assert!(
            html.contains("réparées (commune ou code postal tirés de l&#39;adresse : 2"),
            "{html}"
        );
        assert!(html.contains("Centre social (1)"), "{html}");
        assert!(
            html.contains("Automatique : Espace de vie sociale"),
            "{html}"
        );
        // The animator maps "Autre" to a typology and saves the mapping.
        let mut fields: Vec<(&'static str, String)> = Vec::new();
        for (t, _) in import::TARGETS.iter().chain(import::EXTRA_TARGETS.iter()) {
            let col = Mapping::guess(&import::read(Format::Csv, &bytes).unwrap())
                .get(t)
                .to_string();
            fields.push((Box::leak(format!("map_{t}").into_boxed_str()), col));
        }
        fields.push(("cat_0", "Autre".into()));
        fields.push(("typ_0", "living-lab".into()));
        fields.push(("cat_1", "Centre social".into()));
        fields.push(("typ_1", "__auto".into()));
        fields.push(("save_mapping", "on".into()));
        fields.push(("step", "import".into()));
        let res = upload(fields).await.unwrap();
        assert_eq!(res.status(), 303);
        let saved = import::saved::get(db, Some(net.id), "upload:gironde")
            .await
            .unwrap()
            .expect("saved");
        assert_eq!(
            saved.typologies.get("autre").map(String::as_str),
            Some("living-lab")
        );
        // The next upload of the same source starts from it.
        let html = upload(vec![]).await.unwrap().text().await.unwrap();
        assert!(
            html.contains("La correspondance enregistrée pour cette source a été reprise"),
            "{html}"
        );
        assert!(
            html.contains("<option value=\"living-lab\" selected>"),
            "{html}"
        );
    }
);
