use super::*;

fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
    Table {
        headers: headers.iter().map(|s| s.to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect(),
        lines: (2..2 + rows.len()).collect(),
    }
}

fn guess(headers: &[&str]) -> Mapping {
    Mapping::guess(&table(headers, &[]))
}

#[test]
fn words_fold_case_accents_separators_and_camel_case() {
    assert_eq!(words("Code postal"), ["code", "postal"]);
    assert_eq!(words("CODE-POSTAL"), ["code", "postal"]);
    assert_eq!(words("address.postalCode"), ["address", "postal", "code"]);
    assert_eq!(words("N° de téléphone"), ["n", "telephone"]);
    assert_eq!(words("Nom de votre structure"), ["nom", "structure"]);
    assert_eq!(words("bf_adresse1"), ["bf", "adresse", "1"]);
    assert_eq!(words("Lundi après-midi"), ["lundi", "apres", "midi"]);
}

#[test]
fn cget_national_tiers_lieux_base() {
    let m = guess(&[
        "ID",
        "NOM_TL",
        "ADRESSE",
        "CP",
        "COMINIT",
        "INSEECOM",
        "NOMCOM",
        "WEB",
        "TWITTER",
        "FACEBOOK",
        "TYPO",
        "LAT",
        "LONG",
        "GEOCOD",
        "PRECISION",
        "CONTACT",
        "MAIL",
        "METRO",
        "NOMMETRO",
        "INSEEREG",
        "NOMREG",
        "INSEEMETRO",
        "INSEEDEP",
        "NOMCOMMETRO",
        "POPCOM",
    ]);
    assert_eq!(m.get("source_id"), "ID");
    assert_eq!(m.get("name"), "NOM_TL");
    assert_eq!(m.get("postal_code"), "CP");
    assert_eq!(m.get("city"), "NOMCOM");
    assert_eq!(m.get("insee_code"), "INSEECOM");
    assert_eq!(m.get("latitude"), "LAT");
    assert_eq!(m.get("longitude"), "LONG");
    assert_eq!(m.get("typologies"), "TYPO");
    assert_eq!(m.get("email"), "MAIL");
    assert_eq!(m.get("website"), "WEB");
}

#[test]
fn france_services_list() {
    let m = guess(&[
        "id_fs",
        "lib_fs",
        "format_fs",
        "adresse",
        "complement_adresse",
        "code_postal",
        "lib_com",
        "insee_com",
        "latitude",
        "longitude",
        "telephone",
        "mail",
        "h_lundi",
        "h_mardi",
        "h_mercredi",
        "h_jeudi",
        "h_vendredi",
        "h_samedi",
        "commentaire",
        "labellisation_fs",
        "prise_rdv",
    ]);
    assert_eq!(m.get("source_id"), "id_fs");
    assert_eq!(m.get("name"), "lib_fs");
    assert_eq!(m.get("city"), "lib_com");
    assert_eq!(m.get("insee_code"), "insee_com");
    assert_eq!(m.get("email"), "mail");
    assert_eq!(m.get("hours_mo"), "h_lundi");
    assert_eq!(m.get("hours_sa"), "h_samedi");
    assert_eq!(m.get("description"), "commentaire");
    assert_eq!(m.get("address"), "adresse");
}

#[test]
fn digital_inclusion_advisers_structures_and_mednum_schema() {
    let m = guess(&[
        "id",
        "pivot",
        "nom",
        "commune",
        "code_postal",
        "code_insee",
        "adresse",
        "complement_adresse",
        "latitude",
        "longitude",
        "typologie",
        "telephone",
        "courriels",
        "site_web",
        "horaires",
        "presentation_resume",
        "presentation_detail",
        "source",
        "structure_parente",
        "date_maj",
        "services",
        "fiche_acces_libre",
        "prise_rdv",
    ]);
    for (t, c) in [
        ("source_id", "id"),
        ("siret", "pivot"),
        ("name", "nom"),
        ("city", "commune"),
        ("insee_code", "code_insee"),
        ("opening_hours", "horaires"),
        ("description", "presentation_detail"),
        ("email", "courriels"),
        ("website", "site_web"),
        ("accessibility", "fiche_acces_libre"),
        ("typologies", "typologie"),
    ] {
        assert_eq!(m.get(t), c, "{t}");
    }
}

#[test]
fn regional_datasets() {
    // Hinaura (Auvergne-Rhône-Alpes).
    let m = guess(&[
        "id_fiche",
        "bf_titre",
        "bf_siret",
        "bf_code_postal",
        "bf_codeinsee",
        "bf_ville",
        "bf_adresse1",
        "bf_adresse2",
        "bf_latitude",
        "bf_longitude",
        "bf_tel",
        "bf_mail",
        "bf_site_internet",
        "ouv_lundi",
        "ouv_dimanche",
        "bf_accessibilit_",
    ]);
    assert_eq!(m.get("source_id"), "id_fiche");
    assert_eq!(m.get("postal_code"), "bf_code_postal");
    assert_eq!(m.get("insee_code"), "bf_codeinsee");
    assert_eq!(m.get("city"), "bf_ville");
    assert_eq!(m.get("address"), "bf_adresse1");
    assert_eq!(m.get("latitude"), "bf_latitude");
    assert_eq!(m.get("phone"), "bf_tel");
    assert_eq!(m.get("email"), "bf_mail");
    assert_eq!(m.get("website"), "bf_site_internet");
    assert_eq!(m.get("hours_mo"), "ouv_lundi");
    assert_eq!(m.get("hours_su"), "ouv_dimanche");
    assert_eq!(m.get("accessibility"), "bf_accessibilit_");
    // Bourgogne-Franche-Comté: half-day columns, `contact_` prefixes.
    let m = guess(&[
        "bfc_id",
        "nom_structure",
        "adresse",
        "code_postal",
        "ville",
        "lat",
        "lon",
        "contact_tel",
        "contact_email",
        "url_lieu",
        "lundi matin",
        "lundi après-midi",
        "mardi matin",
        "mardi après-midi",
        "mise_a_jour",
    ]);
    assert_eq!(m.get("name"), "nom_structure");
    assert_eq!(m.get("city"), "ville");
    assert_eq!(m.get("phone"), "contact_tel");
    assert_eq!(m.get("email"), "contact_email");
    assert_eq!(m.get("website"), "url_lieu");
    assert_eq!(m.get("hours_mo"), "lundi matin");
    assert_eq!(m.get("hours_mo_pm"), "lundi après-midi");
    assert_eq!(m.get("hours_tu_pm"), "mardi après-midi");
    // Loire-Atlantique, Maine-et-Loire, Gironde, Corse.
    let m = guess(&[
        "cle",
        "nom_lieu",
        "mail_porteur",
        "horaire_lundi",
        "location.lat",
    ]);
    assert_eq!(m.get("source_id"), "cle");
    assert_eq!(m.get("name"), "nom_lieu");
    assert_eq!(m.get("email"), "mail_porteur");
    assert_eq!(m.get("hours_mo"), "horaire_lundi");
    let m = guess(&[
        "ID_LieuMed",
        "NOM_STRUCTURE",
        "SS_CAT",
        "ADRESSE",
        "CP",
        "COMMUNE",
        "NUM_TEL",
        "MAIL_STRUC",
        "SITE_WEB",
    ]);
    assert_eq!(m.get("name"), "NOM_STRUCTURE");
    assert_eq!(m.get("phone"), "NUM_TEL");
    assert_eq!(m.get("email"), "MAIL_STRUC");
    assert_eq!(m.get("typologies"), "SS_CAT");
    let m = guess(&[
        "Lieu",
        "Type Structure",
        "Commune",
        "Adresse postale",
        "Email",
        "Site internet",
        "Téléphone",
        "Coord. X",
        "Coord. Y",
    ]);
    assert_eq!(m.get("name"), "Lieu");
    assert_eq!(m.get("address"), "Adresse postale");
    assert_eq!(m.get("typologies"), "Type Structure");
    assert_eq!(m.get("longitude"), "Coord. X");
    let m = guess(&[
        "Type",
        "long",
        "lat",
        "Structure",
        "Adresse",
        "N° de téléphone",
        "Adresse e-mail",
        "Horaires",
        "Site internet",
    ]);
    assert_eq!(m.get("name"), "Structure");
    assert_eq!(m.get("phone"), "N° de téléphone");
    assert_eq!(m.get("email"), "Adresse e-mail");
    assert_eq!(m.get("opening_hours"), "Horaires");
}

#[test]
fn gogocarto_communecter_and_geocoder_columns() {
    let m = guess(&[
        "id",
        "name",
        "geo.latitude",
        "geo.longitude",
        "address.streetAddress",
        "address.postalCode",
        "address.addressLocality",
        "categories",
        "openHours.Mo",
    ]);
    assert_eq!(m.get("address"), "address.streetAddress");
    assert_eq!(m.get("postal_code"), "address.postalCode");
    assert_eq!(m.get("city"), "address.addressLocality");
    assert_eq!(m.get("latitude"), "geo.latitude");
    assert_eq!(m.get("hours_mo"), "openHours.Mo");
    // A geocoder's columns beside the original ones: the filled pair is chosen.
    let t = table(
        &[
            "nom",
            "LAT",
            "LONG",
            "result_postcode",
            "latitude",
            "longitude",
        ],
        &[
            &["A", "", "", "33000", "44.8", "-0.57"],
            &["B", "45.1", "", "38000", "45.2", "5.7"],
        ],
    );
    let g = Guess::of(&t);
    assert_eq!(g.mapping.get("latitude"), "latitude");
    assert_eq!(g.mapping.get("longitude"), "longitude");
    assert_eq!(g.mapping.get("alt_latitude"), "LAT");
    assert_eq!(g.mapping.get("postal_code"), "result_postcode");
    assert!(
        g.reasons["postal_code"].contains("préfixe « result_ »"),
        "{:?}",
        g.reasons
    );
}

#[test]
fn content_gives_the_insee_code_and_the_reference() {
    let t = table(
        &["Nom", "CP", "Code commune INSEE bis", "Réf. fiche", "Ville"],
        &[
            &["A", "1100", "1283", "F-001", "Oyonnax"],
            &["B", "33340", "33240", "F-002", "Lesparre-Médoc"],
            &["C", "09000", "09122", "F-003", "Foix"],
        ],
    );
    let g = Guess::of(&t);
    // `Code commune INSEE bis` is no synonym: found by its values.
    assert_eq!(g.mapping.get("insee_code"), "Code commune INSEE bis");
    assert!(g.reasons["insee_code"].contains("contenu"));
    assert_eq!(g.mapping.get("source_id"), "Réf. fiche");
    // Not unique: no reference.
    let t = table(&["Nom", "code_label"], &[&["A", "MSAP"], &["B", "MSAP"]]);
    assert_eq!(Mapping::guess(&t).get("source_id"), "");
}

#[test]
fn set_checks_fields_and_columns() {
    let headers = vec!["Structure".to_string(), "Ville".to_string()];
    let mut m = Mapping::default();
    m.set("name", "Structure", &headers).unwrap();
    assert!(m
        .set("nom", "Structure", &headers)
        .unwrap_err()
        .contains("champ inconnu"));
    assert!(m
        .set("city", "Town", &headers)
        .unwrap_err()
        .contains("colonnes du fichier"));
    m.set("city", "", &headers).unwrap();
    assert_eq!(m.get("city"), "");
    // A column moved to another field leaves the first one.
    m.set("description", "Structure", &headers).unwrap();
    assert_eq!(m.get("name"), "");
}
