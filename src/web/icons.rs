//! The bundled icon set: a chosen subset of [Lucide](https://lucide.dev) (ISC licence, the
//! text in `static/icons/LICENSE`), copied as SVG files into `static/icons/` and embedded in the
//! binary. A page inlines an icon with `{{ crate::web::icons::icon("calendar") }}`: the SVG
//! takes the colour of the text around it, is hidden from assistive technologies (the text
//! next to it says what it means) and costs no request. See docs/design.md.

use std::collections::HashMap;
use std::sync::LazyLock;

use askama::filters::Safe;

macro_rules! icons {
    ($($name:literal),* $(,)?) => {
        /// Every bundled icon: its name and its SVG file as Lucide ships it.
        pub const ICONS: &[(&str, &str)] = &[
            $(($name, include_str!(concat!("../../static/icons/", $name, ".svg"))),)*
        ];
    };
}

icons!(
    "menu",
    "x",
    "circle-user",
    "log-in",
    "log-out",
    "languages",
    "calendar",
    "calendar-check",
    "map-pin",
    "map",
    "users",
    "folder-kanban",
    "building-2",
    "house",
    "search",
    "plus",
    "check",
    "circle-check",
    "info",
    "triangle-alert",
    "circle-alert",
    "chevron-down",
    "chevron-right",
    "arrow-right",
    "clock",
    "tag",
    "settings",
    "ticket",
    "award",
    "inbox",
    "image",
    "pencil",
    "trash-2",
    "download",
    "external-link",
    "mail",
    "phone",
    "newspaper",
    "briefcase",
    "drill",
    "hammer",
    "wheat",
    "drama",
    "monitor-smartphone",
    "laptop",
    "coffee",
    "store",
    "sprout",
    "recycle",
    "flask-conical",
    "heart-handshake",
);

/// The icons ready to inline, by name.
static INLINE: LazyLock<HashMap<&'static str, String>> =
    LazyLock::new(|| ICONS.iter().map(|(n, svg)| (*n, inline(n, svg))).collect());

/// The SVG of a bundled icon, ready to put in a page (`aria-hidden`, class `icon icon-<name>`).
/// An unknown name gives nothing (a unit test checks every name the templates use).
pub fn icon(name: &str) -> Safe<&'static str> {
    Safe(INLINE.get(name).map(String::as_str).unwrap_or(""))
}

/// Is `name` one of the bundled icons?
pub fn exists(name: &str) -> bool {
    INLINE.contains_key(name)
}

/// The icon of a place typology (its slug, as in `GET /api/v1/typologies`): shown on cards of
/// places that have no photo. Unknown typologies get a building.
pub fn typology_icon(slug: &str) -> &'static str {
    match slug {
        "coworking" => "briefcase",
        "fablab" => "drill",
        "atelier-partage" => "hammer",
        "tiers-lieu-nourricier" => "wheat",
        "tiers-lieu-culturel" => "drama",
        "mediation-numerique" => "monitor-smartphone",
        "teletravail" => "laptop",
        "cafe-associatif" => "coffee",
        "boutique-partagee" => "store",
        "jardin-partage" => "sprout",
        "ressourcerie" => "recycle",
        "living-lab" => "flask-conical",
        "espace-de-vie-sociale" => "heart-handshake",
        _ => "building-2",
    }
}

/// The typologies that have their own colour and icon, in the legend's order (the others are
/// drawn as [`OTHER_TYPOLOGY`]).
pub const TYPOLOGY_COLOURS: &[(&str, &str)] = &[
    ("coworking", "#1d4ed8"),
    ("fablab", "#b91c1c"),
    ("atelier-partage", "#9a3412"),
    ("tiers-lieu-nourricier", "#3f6212"),
    ("tiers-lieu-culturel", "#7e22ce"),
    ("mediation-numerique", "#0e7490"),
    ("teletravail", "#4338ca"),
    ("cafe-associatif", "#854d0e"),
    ("boutique-partagee", "#be185d"),
    ("jardin-partage", "#15803d"),
    ("ressourcerie", "#0f766e"),
    ("living-lab", "#a21caf"),
    ("espace-de-vie-sociale", "#c2410c"),
];

/// The class and colour of a place without a known typology.
pub const OTHER_TYPOLOGY: (&str, &str) = ("autre", "#475569");

/// The colour of a typology's map pin and legend swatch: each has AA contrast (4.5:1 at
/// least) with the white icon drawn on it. The colours live in `static/maillage.css` as
/// `.typ-<slug>` (the pages' CSP allows no inline style); a test checks both agree.
pub fn typology_colour(slug: &str) -> &'static str {
    TYPOLOGY_COLOURS
        .iter()
        .find(|(s, _)| *s == slug)
        .map(|(_, c)| *c)
        .unwrap_or(OTHER_TYPOLOGY.1)
}

/// The CSS class of a typology's colour: `typ-<slug>`, or `typ-autre` for one without its own.
pub fn typology_class(slug: &str) -> String {
    let known = TYPOLOGY_COLOURS.iter().any(|(s, _)| *s == slug);
    format!("typ-{}", if known { slug } else { OTHER_TYPOLOGY.0 })
}

/// Lucide's file, without its licence comment (the licence ships in `static/icons/LICENSE`),
/// on one line, with our class and hidden from assistive technologies.
fn inline(name: &str, svg: &str) -> String {
    let body = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    };
    let one_line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let class_start = one_line.find("class=\"").map(|i| i + "class=\"".len());
    let attrs = format!("class=\"icon icon-{name}\" aria-hidden=\"true\" focusable=\"false\"");
    match class_start.and_then(|s| one_line[s..].find('"').map(|e| (s, s + e))) {
        Some((s, e)) => format!(
            "{}{}{}",
            &one_line[..s - "class=\"".len()],
            attrs,
            &one_line[e + 1..]
        ),
        None => one_line.replacen("<svg", &format!("<svg {attrs}"), 1),
    }
    .replace(" />", "/>")
    .replace("> <", "><")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    /// Every typology colour has AA contrast with white, is the colour of its class in the
    /// stylesheet, and every typology has an icon of its own.
    #[test]
    fn typology_colours_are_readable_and_in_the_stylesheet() {
        let css =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/static/maillage.css"))
                .unwrap();
        let mut all = TYPOLOGY_COLOURS.to_vec();
        all.push(OTHER_TYPOLOGY);
        for (slug, colour) in all {
            let ratio = 1.05 / (luminance(colour) + 0.05);
            assert!(ratio >= 4.5, "{slug}: {colour} has {ratio:.2}:1 with white");
            let rule = format!(".typ-{slug} {{ background-color: {colour}; }}");
            assert!(css.contains(&rule), "maillage.css lacks `{rule}`");
            if slug != OTHER_TYPOLOGY.0 {
                assert_ne!(typology_icon(slug), "building-2", "{slug}");
            }
        }
        assert_eq!(typology_class("coworking"), "typ-coworking");
        assert_eq!(typology_class("inconnue"), "typ-autre");
    }

    #[test]
    fn icons_are_inlined_hidden_and_classed() {
        let svg = icon("calendar").0;
        assert!(svg.starts_with(
            "<svg class=\"icon icon-calendar\" aria-hidden=\"true\" focusable=\"false\" xmlns="
        ));
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("<!--") && !svg.contains('\n') && !svg.contains("lucide"));
        assert!(svg.contains("stroke=\"currentColor\""));
        assert_eq!(icon("no-such-icon").0, "");
    }

    #[test]
    fn every_bundled_file_is_listed_and_every_listed_icon_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/static/icons");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".svg").map(str::to_string)
            })
            .collect();
        files.sort();
        let mut listed: Vec<String> = ICONS.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(files, listed, "static/icons/*.svg and ICONS differ");
        for (name, _) in ICONS {
            assert!(icon(name).0.contains("viewBox=\"0 0 24 24\""), "{name}");
        }
        let licence = std::fs::read_to_string(format!("{dir}/LICENSE")).unwrap();
        assert!(licence.starts_with("ISC License"));
    }

    /// Every `icon("…")` and typology icon a template or the code asks for exists.
    #[test]
    fn every_icon_used_exists() {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "html" || x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for part in text.split("icon(\"").skip(1) {
                        let name = part.split('"').next();
                        let literal = |n: &&str| {
                            !n.is_empty()
                                && n.chars().all(|c| {
                                    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
                                })
                        };
                        if let Some(name) = name.filter(literal) {
                            out.push((p.display().to_string(), name.to_string()));
                        }
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut used = Vec::new();
        walk(&root.join("templates"), &mut used);
        walk(&root.join("src"), &mut used);
        assert!(
            used.iter().any(|(_, n)| n == "menu"),
            "the header's menu icon"
        );
        for (file, name) in used {
            if name != "no-such-icon" {
                assert!(exists(&name), "{file}: unknown icon {name:?}");
            }
        }
        for slug in [
            "coworking",
            "fablab",
            "jardin-partage",
            "living-lab",
            "other",
        ] {
            assert!(exists(typology_icon(slug)), "{slug}");
        }
    }
}
