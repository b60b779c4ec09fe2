//! The design system's living page, `/design` (instance admins only; 404 for everyone else):
//! every token read from `static/maillage.css` itself, every bundled icon, every component in
//! the page's language. The colour pairs the components use are checked here for WCAG AA
//! contrast, on the page and by a unit test. See docs/design.md.

use askama::Template;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::web::{render, Chrome};

/// The stylesheet, whose `:root` block holds the tokens.
const CSS: &str = include_str!("../../static/maillage.css");

/// Text on a background: 4.5:1 at least (WCAG 2.1 AA, 1.4.3).
pub const TEXT: f64 = 4.5;
/// Borders of controls, focus ring, current-page marker: 3:1 at least (1.4.11).
pub const UI: f64 = 3.0;

/// The pairs of colour tokens the components put together: foreground, background, minimum.
pub const PAIRS: &[(&str, &str, f64)] = &[
    ("--c-ink", "--c-surface", TEXT),
    ("--c-ink", "--c-surface-alt", TEXT),
    ("--c-muted", "--c-surface", TEXT),
    ("--c-muted", "--c-surface-alt", TEXT),
    ("--c-brand", "--c-surface", TEXT),
    ("--c-brand", "--c-surface-alt", TEXT),
    ("--c-brand", "--c-brand-soft", TEXT),
    ("--c-brand-strong", "--c-brand-soft", TEXT),
    ("--c-on-brand", "--c-brand", TEXT),
    ("--c-on-brand", "--c-brand-strong", TEXT),
    ("--c-ink", "--c-brand-soft", TEXT),
    ("--c-danger", "--c-surface", TEXT),
    ("--c-danger", "--c-danger-soft", TEXT),
    ("--c-ink", "--c-danger-soft", TEXT),
    ("--c-warning", "--c-surface", TEXT),
    ("--c-warning", "--c-warning-soft", TEXT),
    ("--c-ink", "--c-warning-soft", TEXT),
    ("--c-info", "--c-surface", TEXT),
    ("--c-info", "--c-info-soft", TEXT),
    ("--c-ink", "--c-info-soft", TEXT),
    ("--c-border", "--c-surface", UI),
    ("--c-accent", "--c-brand", UI),
    ("--c-accent", "--c-ink", UI),
];

/// One custom property of the `:root` block.
pub struct Token {
    pub name: String,
    pub value: String,
    /// The comment at the end of its line, if any.
    pub note: String,
}

/// The tokens of the stylesheet's `:root` block (aliases `var(…)` left out), in order.
pub fn tokens() -> Vec<Token> {
    let Some(start) = CSS.find(":root {") else {
        return Vec::new();
    };
    let block = &CSS[start..];
    let block = &block[..block.find("\n}").unwrap_or(block.len())];
    block
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let (name, rest) = line.strip_prefix("--")?.split_once(':')?;
            let (value, after) = rest.split_once(';')?;
            let value = value.trim();
            if value.starts_with("var(") {
                return None;
            }
            let note = after
                .trim()
                .strip_prefix("/*")
                .and_then(|n| n.strip_suffix("*/"))
                .unwrap_or_default()
                .trim();
            Some(Token {
                name: format!("--{name}"),
                value: value.to_string(),
                note: note.to_string(),
            })
        })
        .collect()
}

/// `#rrggbb` → its relative luminance (WCAG 2.1).
fn luminance(hex: &str) -> Option<f64> {
    let h = hex.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let c = f64::from(u8::from_str_radix(h.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// The contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

/// A checked pair, as the page shows it.
pub struct Pair {
    pub fg: String,
    pub bg: String,
    pub fg_hex: String,
    pub bg_hex: String,
    pub ratio: String,
    pub min: String,
    pub ok: bool,
}

/// Every pair of [`PAIRS`] with the colours of the stylesheet (a missing token fails).
pub fn pairs(tokens: &[Token]) -> Vec<Pair> {
    let hex = |n: &str| {
        tokens
            .iter()
            .find(|t| t.name == n)
            .map(|t| t.value.clone())
            .unwrap_or_default()
    };
    PAIRS
        .iter()
        .map(|(fg, bg, min)| {
            let (f, b) = (hex(fg), hex(bg));
            let ratio = contrast(&f, &b).unwrap_or(0.0);
            Pair {
                fg: fg.to_string(),
                bg: bg.to_string(),
                ratio: format!("{ratio:.2}"),
                min: format!("{min:.1}"),
                ok: ratio >= *min,
                fg_hex: f,
                bg_hex: b,
            }
        })
        .collect()
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/design", get(page))
}

#[derive(Template)]
#[template(path = "design.html")]
struct DesignTpl {
    c: Chrome,
    colours: Vec<Token>,
    spacing: Vec<Token>,
    type_scale: Vec<Token>,
    pairs: Vec<Pair>,
    icons: Vec<&'static str>,
    /// Sample typologies: slug, icon, name.
    typologies: Vec<(&'static str, &'static str, String)>,
    /// The days of the sample table's columns.
    days: Vec<String>,
    /// The sample form shows one field in error.
    errors: FieldErrors,
}

/// The typologies shown on the sample cards, with their icons.
const SAMPLE_TYPOLOGIES: [&str; 4] = ["fablab", "coworking", "jardin-partage", "cafe-associatif"];

async fn page(ctx: Ctx, headers: HeaderMap) -> AppResult<Response> {
    // The page of the people who build the interface: it does not exist for anyone else.
    authorize(
        ctx.user.as_ref(),
        Action::AdministerInstance,
        &Target::Instance,
    )
    .map_err(|_| AppError::NotFound)?;
    let all = tokens();
    let pairs = pairs(&all);
    let (mut colours, mut spacing, mut type_scale) = (Vec::new(), Vec::new(), Vec::new());
    for t in all {
        if t.name.starts_with("--c-") {
            colours.push(t);
        } else if t.name.starts_with("--space-") {
            spacing.push(t);
        } else if t.name.starts_with("--text-") {
            type_scale.push(t);
        }
    }
    let mut errors = FieldErrors::default();
    errors.add("design-postcode", "design-form-postcode-error");
    render(&DesignTpl {
        c: Chrome::new(&ctx, &headers, "design-title"),
        colours,
        spacing,
        type_scale,
        pairs,
        icons: super::icons::ICONS.iter().map(|(n, _)| *n).collect(),
        typologies: SAMPLE_TYPOLOGIES
            .iter()
            .map(|s| {
                let name = ctx.lang.t(&format!("design-typology-{s}"));
                (*s, super::icons::typology_icon(s), name)
            })
            .collect(),
        days: (1..=7)
            .map(|d| ctx.lang.t(&format!("design-table-day-{d}")))
            .collect(),
        errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_formula() {
        assert!((contrast("#000000", "#ffffff").unwrap() - 21.0).abs() < 1e-9);
        assert!((contrast("#ffffff", "#ffffff").unwrap() - 1.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        let grey = contrast("#767676", "#ffffff").unwrap();
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
        assert!(contrast("#fff", "#000000").is_none());
    }

    #[test]
    fn the_stylesheet_tokens_are_read() {
        let t = tokens();
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        for n in [
            "--c-ink",
            "--c-brand",
            "--space-4",
            "--text-base",
            "--radius",
        ] {
            assert!(names.contains(&n), "{n} missing from {names:?}");
        }
        // Aliases kept for the area rules are not tokens.
        assert!(!names.contains(&"--ink"));
        let brand = t.iter().find(|t| t.name == "--c-brand").unwrap();
        assert_eq!(brand.value, "#1d5e3a");
        assert!(!brand.note.is_empty());
    }

    /// The colours of static/maillage.css meet AA for every pair the components use.
    #[test]
    fn every_colour_pair_meets_aa() {
        let t = tokens();
        for p in pairs(&t) {
            assert!(
                p.ok,
                "{} on {} ({} on {}): {} < {}",
                p.fg, p.bg, p.fg_hex, p.bg_hex, p.ratio, p.min
            );
        }
        for t in t.iter().filter(|t| t.name.starts_with("--c-")) {
            assert!(luminance(&t.value).is_some(), "{} is not #rrggbb", t.name);
        }
    }
}
