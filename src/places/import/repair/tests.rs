use super::*;

/// Non-empty trimmed lines.
fn rows(t: &str) -> impl Iterator<Item = &str> {
    t.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// Rows of `input => expected`; a row without ` => ` fails the test.
fn table(t: &str) -> impl Iterator<Item = (&str, &str)> {
    rows(t).map(|l| match l.split_once(" => ") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => panic!("bad table row: {l}"),
    })
}

/// `lat lon name` → (lat, lon, name); a malformed row fails the test.
fn point(row: &str) -> (f64, f64, &str) {
    let parts: Vec<&str> = row.splitn(3, ' ').collect();
    match parts[..] {
        [lat, lon, name] => (lat.parse().expect("lat"), lon.parse().expect("lon"), name),
        _ => panic!("bad point row: {row}"),
    }
}

fn osm(outcome: HoursOutcome) -> String {
    match outcome {
        HoursOutcome::Osm(s) => {
            assert!(
                s.parse::<opening_hours::OpeningHours>().is_ok(),
                "invalid OSM: {s}"
            );
            s
        }
        other => panic!("expected Osm, got {other:?}"),
    }
}

fn one_day(day: Day, cells: &[&str]) -> HoursOutcome {
    hours_from_days(&[(day, cells.iter().map(|c| c.to_string()).collect())])
}

/// Days separated by `;`, Monday first; a day's columns separated by `#`.
fn week(days: &str) -> HoursOutcome {
    let columns = |d: &str| d.split('#').map(String::from).collect();
    let rows: Vec<_> = WEEK
        .iter()
        .zip(days.split(';'))
        .map(|(w, d)| (*w, columns(d)))
        .collect();
    hours_from_days(&rows)
}

#[test]
fn day_names() {
    let names = "lundi Lundi LUNDI lun Lun. monday mo MO => Mo
        mercredi MERCREDI Mercredi mer We wednesday => We
        mardi tu => Tu\n jeudi jeu => Th\n ven vendredi => Fr\n sam samedi => Sa\n Dimanche dim sunday => Su";
    for (words, day) in table(names) {
        for w in words.split_whitespace() {
            assert_eq!(Day::from_french(w).map(Day::osm), Some(day), "{w}");
        }
    }
    assert_eq!(Day::from_french("mars"), None);
    assert_eq!(Day::from_french(""), None);
    assert_eq!(WEEK.map(Day::osm).join(","), "Mo,Tu,We,Th,Fr,Sa,Su");
}

#[test]
fn cell_formats() {
    let cases = "09:00 - 12:00 / 13:30 - 17:00 => 09:00-12:00,13:30-17:00
        9:00-12:00 => 09:00-12:00
        8h30-12h => 08:30-12:00
        8h30 - 12h00 => 08:30-12:00
        9h-12h et 14h-17h => 09:00-12:00,14:00-17:00
        9h à 12h et 14h à 17h => 09:00-12:00,14:00-17:00
        de 9h00 à 12h00 => 09:00-12:00
        09h00-12h00, 14h00-17h30 => 09:00-12:00,14:00-17:30
        9h-12h | 14h-17h => 09:00-12:00,14:00-17:00
        9H-12H => 09:00-12:00
        9.30-12.00 => 09:30-12:00
        de 9h à midi => 09:00-12:00
        24h/24 => 00:00-24:00
        24 h / 24 => 00:00-24:00
        14h-24h => 14:00-24:00
        De 9h à 12h - De 14h à 17h => 09:00-12:00,14:00-17:00
        08h30 – 12h00 et 13h30 – 17h00 => 08:30-12:00,13:30-17:00";
    for (cell, expected) in table(cases) {
        assert_eq!(
            osm(one_day(Day::We, &[cell])),
            format!("We {expected}"),
            "{cell}"
        );
    }
}

#[test]
fn closed_and_empty() {
    for cell in ["fermé", "Fermé", "ferme", "FERME", "closed", "-", "", "  "] {
        assert_eq!(one_day(Day::Mo, &[cell]), HoursOutcome::Empty, "{cell}");
    }
    assert_eq!(week("fermé;fermé;;-;closed;;"), HoursOutcome::Empty);
    assert_eq!(hours_from_days(&[]), HoursOutcome::Empty);
    assert_eq!(
        osm(week("9h-12h;fermé;;9h-12h;9h-12h;;FERME")),
        "Mo,Th-Fr 09:00-12:00"
    );
}

#[test]
fn unreadable_cells() {
    let cells = "Sur rendez-vous\n matin\n après-midi\n 14\n 14-17\n 12h-9h\n 9h-9h\n 25h-26h
        9h60-10h\n 9h-\n et 9h-12h\n 9h-12h - 17h\n 22h-2h\n 0900-1200\n 9heures-12h\n 9h-12h (sauf août)";
    for cell in rows(cells) {
        let expected = HoursOutcome::Unreadable(vec![cell.to_string()]);
        assert_eq!(one_day(Day::Mo, &[cell]), expected, "{cell}");
    }
    let mixed = week("9h-12h;Sur rendez-vous;9h-12h;matin;Sur rendez-vous;;");
    let texts = vec!["Sur rendez-vous".to_string(), "matin".to_string()];
    assert_eq!(mixed, HoursOutcome::Unreadable(texts));
}

#[test]
fn columns_merge_and_grouping() {
    let cases = "14h-17h#9h-12h => Mo 09:00-12:00,14:00-17:00
        fermé#14h-17h => Mo 14:00-17:00
        9h-12h#11h-14h#14h-15h => Mo 09:00-15:00
        9h-17h#10h-11h => Mo 09:00-17:00
        9h-12h#14h-17h;9h-12h#14h-17h;9h-12h#14h-17h;9h-12h#14h-17h;9h-12h#14h-17h;9h-12h#;# => \
            Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00
        9h-12h;;9h-12h;;9h-12h;; => Mo,We,Fr 09:00-12:00
        ;;;;;10h-18h;10h-18h => Sa-Su 10:00-18:00
        9h-12h;14h-17h;9h-12h;14h-17h;;;9h-12h => Mo,We,Su 09:00-12:00; Tu,Th 14:00-17:00";
    for (cells, expected) in table(cases) {
        assert_eq!(osm(week(cells)), expected, "{cells}");
    }
    let twice = [
        (Day::Mo, vec!["9h-12h".into()]),
        (Day::Mo, vec!["14h-17h".into()]),
    ];
    assert_eq!(osm(hours_from_days(&twice)), "Mo 09:00-12:00,14:00-17:00");
}

#[test]
fn free_text() {
    let cases = "Lundi : 9h-12h ; Mardi : 14h-17h => Mo 09:00-12:00; Tu 14:00-17:00
        lundi: 09:00-12:00 / mardi: fermé => Mo 09:00-12:00
        Du lundi au vendredi de 9h à 12h et de 14h à 17h => Mo-Fr 09:00-12:00,14:00-17:00
        Les lundi, mardi, jeudi et vendredi de 09h00 à 17h00 => Mo-Tu,Th-Fr 09:00-17:00
        lundi au vendredi 9h-17h => Mo-Fr 09:00-17:00
        lun-ven 9h-17h, sam 9h-12h => Mo-Fr 09:00-17:00; Sa 09:00-12:00
        Lundi 9h-12h et mardi 14h-17h => Mo 09:00-12:00; Tu 14:00-17:00
        du vendredi au lundi 10h-18h => Mo,Fr-Su 10:00-18:00
        Tous les jours 9h-18h => Mo-Su 09:00-18:00
        Mo-Fr 09:00-18:00 => Mo-Fr 09:00-18:00
        Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00 => Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00";
    for (text, expected) in table(cases) {
        assert_eq!(osm(hours_from_text(text)), expected, "{text}");
    }
    assert_eq!(osm(hours_from_text("  24/7 ")), "24/7");
    assert_eq!(hours_from_text(""), HoursOutcome::Empty);
    assert_eq!(hours_from_text("lundi : fermé"), HoursOutcome::Empty);
    let bad = "Sur rendez-vous\n 9h-12h\n Ouvert du lundi au vendredi 9h-12h\n lundi\n lundi ; mardi 9h-12h
        lundi 9h-12h, mardi sur rendez-vous\n jours 9h-12h";
    for text in rows(bad) {
        let expected = HoursOutcome::Unreadable(vec![text.to_string()]);
        assert_eq!(hours_from_text(text), expected, "{text}");
    }
}

#[test]
fn mojibake() {
    let cases = "CafÃ© => Café\n MÃ©doc => Médoc\n Ã‰cole => École\n Ã‰ => É\n piÃ¨ce => pièce
        hÃ´tel => hôtel\n franÃ§ais => français\n lâ€™atelier => l’atelier\n cÅ“ur => cœur
        Le CafÃ© de l'Ã©cole => Le Café de l'école\n 5 â‚¬ => 5 €";
    for (bad, good) in table(cases) {
        assert_eq!(fix_mojibake(bad).as_deref(), Some(good), "{bad}");
    }
    assert_eq!(fix_mojibake("10Â\u{a0}km").as_deref(), Some("10\u{a0}km"));
    let fine =
        "Café\n Â\n Âge\n À bientôt\n château\n plain\n Ã© €uro ✓\n CafÃ© ✓\n Ã\n cafÃ© et café";
    for ok in rows(fine).chain([""]) {
        assert_eq!(fix_mojibake(ok), None, "{ok}");
    }
}

#[test]
fn addresses() {
    let cases = "8 rue de la Boétie - 33000 Bordeaux => 8 rue de la Boétie|33000|Bordeaux
        Mairie de Corscia 20224 CORSCIA => Mairie de Corscia|20224|CORSCIA
        12 place du Marché\\n33340 Lesparre-Médoc => 12 place du Marché|33340|Lesparre-Médoc
        1 rue X, 75010 Paris => 1 rue X|75010|Paris
        3 allée des Pins 04360 Moustiers-Sainte-Marie CEDEX => 3 allée des Pins|04360|Moustiers-Sainte-Marie
        BP 12 33000 Bordeaux Cedex 9 => BP 12|33000|Bordeaux
        33000 Bordeaux => |33000|Bordeaux
        Bâtiment A\\r\\n2 rue Y,\\r\\n69001 L'Arbresle => Bâtiment A, 2 rue Y|69001|L'Arbresle";
    for (addr, expected) in table(cases) {
        let addr = addr.replace("\\n", "\n").replace("\\r", "\r");
        let got =
            split_address(&addr).map(|a| format!("{}|{}|{}", a.street, a.postal_code, a.city));
        assert_eq!(got.as_deref(), Some(expected), "{addr}");
    }
    let bad = "33000\n 10000 route X\n 8 rue X 33000\n 8 rue X 33000 Bordeaux 12\n Lyon 69001
        123456 Paris\n 33000Bordeaux\n 33000 cedex\n 2 rue Y";
    for addr in rows(bad).chain(["", "8 rue X 33000 Bordeaux\n\n2 rue Y"]) {
        assert_eq!(split_address(addr), None, "{addr}");
    }
}

#[test]
fn codes() {
    for raw in ["1100", "1100.0", " 1100 ", "1100,00"] {
        assert_eq!(pad_code(raw).as_deref(), Some("01100"), "{raw}");
    }
    for raw in rows("01100\n 110\n 1100.5\n abcd\n 0110\n １１００\n 11 0\n 1100.0.0").chain([""])
    {
        assert_eq!(pad_code(raw), None, "{raw}");
    }
    let deps = "33000 => 33\n 01100 => 01\n 20000 => 2A\n 20190 => 2A\n 20224 => 2B\n 97100 => 971
        98800 => 988";
    for (code, dep) in table(deps) {
        assert_eq!(department_of_code(code), Some(dep), "{code}");
    }
    for code in ["0110", "00100", "3300a", "330000", "é3300", ""] {
        assert_eq!(department_of_code(code), None, "{code}");
    }
}

#[test]
fn territories_and_swaps() {
    let places = "48.857 2.352 France métropolitaine\n 41.919 8.738 France métropolitaine
        16.241 -61.533 Guadeloupe\n 14.616 -61.059 Martinique\n 4.937 -52.326 Guyane
        -20.882 55.450 La Réunion\n -12.781 45.227 Mayotte\n 46.780 -56.177 Saint-Pierre-et-Miquelon
        17.896 -62.849 Saint-Barthélemy\n 18.067 -63.083 Saint-Martin
        -17.535 -149.569 Polynésie française\n -22.276 166.458 Nouvelle-Calédonie
        -13.282 -176.174 Wallis-et-Futuna";
    for (lat, lon, name) in rows(places).map(point) {
        assert_eq!(territory(lat, lon), Some(name), "{name}");
        assert_eq!(check_coordinates(lat, lon), CoordCheck::Ok, "{name}");
    }
    assert_eq!(territory(51.507, -0.128), None); // London
    assert_eq!(territory(40.416, -3.703), None); // Madrid
    let swapped = |lat, lon| CoordCheck::Swapped { lat, lon };
    assert_eq!(check_coordinates(2.352, 48.857), swapped(48.857, 2.352)); // Paris
    assert_eq!(check_coordinates(-52.326, 4.937), swapped(4.937, -52.326)); // Cayenne
    assert_eq!(check_coordinates(0.0, 0.0), CoordCheck::Outside);
    assert_eq!(check_coordinates(f64::NAN, 2.0), CoordCheck::Outside);
    assert_eq!(
        check_coordinates(f64::INFINITY, f64::NEG_INFINITY),
        CoordCheck::Outside
    );
}

#[test]
fn department_boxes() {
    // Prefectures: Bourg-en-Bresse, Laon, Moulins, Digne, Gap, Nice,
    // Privas, Charleville-Mézières, Foix.
    let towns = "46.205 5.225 01\n 49.564 3.620 02\n 46.566 3.333 03\n 44.092 6.236 04
        44.559 6.079 05\n 43.710 7.262 06\n 44.735 4.599 07\n 49.773 4.720 08\n 42.965 1.607 09";
    for (lat, lon, dep) in rows(towns).map(point) {
        let inside = |d: &str| metropolitan_department_box(d).is_some_and(|b| in_box(lat, lon, b));
        assert!(inside(dep), "{dep}");
    }
    let paris_in_01 = metropolitan_department_box("01").is_some_and(|b| in_box(48.857, 2.352, b));
    assert!(!paris_in_01);
    assert_eq!(metropolitan_department_box("33"), None);
    assert_eq!(metropolitan_department_box("1"), None);
}

#[test]
fn odd_inputs_do_not_panic() {
    let long = "é9h-12h ".repeat(2000);
    let odd = "é\n éé\n 9h-é\n é9h\n 24h\n 24\n h\n :\n 9:\n 9:0\n 9.\n 99h\n 1h-2hé\n \u{0}\n Ã\n â€
        \u{feff}lundi 9h-12h\n du\n du lundi au\n 33000é\n é33000 Paris\n 🎉 33000 Paris 🎉\n 1100.\n .0";
    for s in rows(odd).chain(["", " ", "   ", &long]) {
        let _ = (one_day(Day::Mo, &[s]), hours_from_text(s), fix_mojibake(s));
        let _ = (split_address(s), pad_code(s), department_of_code(s));
        let _ = (Day::from_french(s), metropolitan_department_box(s));
    }
    assert_eq!(
        one_day(Day::Mo, &["24h"]),
        HoursOutcome::Unreadable(vec!["24h".into()])
    );
    assert!(matches!(
        hours_from_text(&long),
        HoursOutcome::Unreadable(_)
    ));
}
