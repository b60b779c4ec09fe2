//! Text helpers shared by every area: rich text sanitized with ammonia (descriptions, minutes,
//! toolkit sheets), plain-text excerpts, and the one neutralisation of CSV cells
//! ([`csv_cell`]) every CSV export goes through.

use std::collections::HashSet;
use std::sync::OnceLock;

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p",
            "br",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "s",
            "ul",
            "ol",
            "li",
            "a",
            "h2",
            "h3",
            "h4",
            "blockquote",
            "code",
            "pre",
            "hr",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        ]
        .into_iter()
        .collect();
        let schemes: HashSet<&str> = ["http", "https", "mailto", "tel"].into_iter().collect();
        let mut b = ammonia::Builder::default();
        b.tags(tags)
            .url_schemes(schemes)
            .link_rel(Some("noopener noreferrer nofollow"))
            .generic_attributes(HashSet::new());
        b
    })
}

/// Keeps a safe subset of HTML (paragraphs, emphasis, lists, links, headings, tables); drops
/// scripts, styles, event handlers and dangerous URLs. Plain text with line breaks is turned
/// into paragraphs first, so a textarea without markup keeps its shape.
pub fn sanitize_html(input: &str) -> String {
    let input = input.trim();
    if input.is_empty() {
        return String::new();
    }
    // Markup from a rich-text editor starts with a tag or closes one; a plain textarea may
    // still contain "<" and ">" as text.
    let looks_like_html = input.starts_with('<') || input.contains("</") || input.contains("<br");
    let html = if looks_like_html {
        input.to_string()
    } else {
        input
            .split("\n\n")
            .map(|para| {
                let escaped = ammonia::clean_text(para.trim()).replace("&#10;", "<br>");
                format!("<p>{escaped}</p>")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    builder().clean(&html).to_string()
}

/// Plain text of an HTML fragment, whitespace collapsed, cut at `max_chars` on a word boundary
/// with an ellipsis.
pub fn excerpt(html: &str, max_chars: usize) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max_chars {
        return joined;
    }
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// Lower case, accents and ligatures spelled in plain Latin letters (`Œuvre` → `oeuvre`), trimmed:
/// the one folding of the application, used by search and by every comparison that must ignore
/// accents and case.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase().trim().to_string()
}

/// [`fold`], then letters and digits only, one space between words: the form a search index
/// stores and a query is matched against.
pub fn fold_words(s: &str) -> String {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s` as HTML or XML text: the five characters the markup reserves, escaped (for markup
/// written by hand — SVG charts, JSON-LD descriptions — where no template escapes).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A cell of a CSV export, safe to open in a spreadsheet (CSV/formula injection): a value
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so that
/// Excel, LibreOffice or Google Sheets show it as text instead of running it as a formula
/// (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`…). A plain number (`-0.94`, `+33612345678`, optional
/// sign, digits, one decimal separator) is left as it is: a spreadsheet reads it as that
/// number, and open-data schemas need negative longitudes and international phone numbers.
///
/// Every CSV export calls it on every cell: the places' national schema, the import report,
/// a project's stakeholders, an event's attendees, a place's occupancy.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !plain_number(s) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// `[+-]?digits([.,]digits)?`
fn plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let mut parts = body.splitn(2, ['.', ',']);
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_handlers_and_javascript_urls() {
        let out = sanitize_html(
            r#"<p onclick="x()">Bonjour <script>alert(1)</script><a href="javascript:alert(1)">lien</a> <a href="https://exemple.fr">ok</a></p><style>p{}</style>"#,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("style"), "{out}");
        assert!(out.contains(r#"href="https://exemple.fr""#), "{out}");
        assert!(out.contains("noopener"), "{out}");
    }

    #[test]
    fn plain_text_becomes_paragraphs_and_is_escaped() {
        let out = sanitize_html("Atelier <réparation>\nvélo\n\nJeudi 9 h");
        assert_eq!(
            out,
            "<p>Atelier &lt;réparation&gt;<br>vélo</p>\n<p>Jeudi 9 h</p>"
        );
        assert_eq!(sanitize_html("   "), "");
    }

    #[test]
    fn excerpt_cuts_on_words() {
        assert_eq!(
            excerpt("<p>Café des <b>tiers-lieux</b></p>", 100),
            "Café des tiers-lieux"
        );
        assert_eq!(excerpt("<p>un deux trois quatre</p>", 10), "un deux…");
        assert_eq!(excerpt("a &amp; b", 10), "a & b");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        for (raw, safe) in [
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("Tiers-lieu", "Tiers-lieu"),
            ("", ""),
            ("-0.9372", "-0.9372"),
            ("+33612345678", "+33612345678"),
            ("-3,5", "-3,5"),
            ("-", "'-"),
            ("+1.", "'+1."),
        ] {
            assert_eq!(csv_cell(raw), safe, "{raw:?}");
        }
    }
}
