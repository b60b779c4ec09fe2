//! Text helpers shared by every area: rich text (descriptions, minutes, toolkit sheets) written
//! in Markdown or HTML and stored as HTML sanitized with ammonia ([`sanitize_html`]), turned back
//! into Markdown for editing ([`editable`]), plain-text excerpts, and the one neutralisation of
//! CSV cells ([`csv_cell`]) every CSV export goes through.

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

/// The stored form of a rich-text field: a safe subset of HTML (paragraphs, emphasis, lists,
/// links, headings, tables), without scripts, styles, event handlers or dangerous URLs.
///
/// What people type is Markdown (CommonMark with tables and strikethrough): the editor's
/// textarea holds it, and plain text is Markdown too. One line break stays a line break (as
/// the plain textarea always did), and HTML typed inside Markdown stays text. A text that is
/// HTML — it starts with a tag, closes one or breaks a line with `<br>`: what is stored, what
/// API clients and older forms send — is kept as HTML. Either way ammonia has the last word.
pub fn sanitize_html(input: &str) -> String {
    let input = input.trim();
    if input.is_empty() {
        return String::new();
    }
    let html = if looks_like_html(input) {
        input.to_string()
    } else {
        markdown_to_html(input)
    };
    builder().clean(&html).to_string().trim().to_string()
}

/// What a rich-text field's textarea shows: the stored HTML turned back into Markdown, so that
/// editing never shows tags; a text that is not HTML (Markdown sent back with a form's errors)
/// is returned as it is. [`sanitize_html`] of the result gives the same paragraphs, lists,
/// links, emphasis, headings and tables.
pub fn editable(stored: &str) -> String {
    if !looks_like_html(stored.trim()) {
        return stored.to_string();
    }
    let converter = htmd::HtmlToMarkdown::builder()
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            hr_style: htmd::options::HrStyle::Dashes,
            ..Default::default()
        })
        .build();
    // The converter only fails on a failing writer; the plain text is then the next best.
    match converter.convert(stored) {
        Ok(md) => md.trim().to_string(),
        Err(_) => excerpt(stored, usize::MAX),
    }
}

/// HTML rather than Markdown: starts with an element's tag (`<p>`, `<ul class=…>`), closes one
/// (`</strong>`) or has a `<br>`. An autolink (`<https://…>`) or `a < b` is not a tag.
fn looks_like_html(s: &str) -> bool {
    s.strip_prefix('<').is_some_and(tag_name_first)
        || s.match_indices("</")
            .any(|(i, _)| tag_name_first(&s[i + 2..]))
        || s.contains("<br")
}

/// `s` starts with a tag's name: a letter, letters or digits, then `>`, `/` or a space.
fn tag_name_first(s: &str) -> bool {
    let b = s.as_bytes();
    let len = b.iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    len > 0
        && b[0].is_ascii_alphabetic()
        && matches!(b.get(len), Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'))
}

/// Markdown to HTML (pulldown-cmark), before ammonia: soft line breaks kept, raw HTML as text, a
/// first-level heading as the pages' section heading (`h2`, the page has its `h1`), an image as
/// a link to it (no image is kept in rich text).
fn markdown_to_html(md: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    fn level(l: HeadingLevel) -> HeadingLevel {
        match l {
            HeadingLevel::H1 => HeadingLevel::H2,
            HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H4,
            l => l,
        }
    }
    let events = Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(
        |e| match e {
            Event::SoftBreak => Event::HardBreak,
            Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Heading { level: l, .. }) => Event::Start(Tag::Heading {
                level: level(l),
                id: None,
                classes: Vec::new(),
                attrs: Vec::new(),
            }),
            Event::End(TagEnd::Heading(l)) => Event::End(TagEnd::Heading(level(l))),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
            e => e,
        },
    );
    let mut html = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
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
            "<p>Atelier &lt;réparation&gt;<br>\nvélo</p>\n<p>Jeudi 9 h</p>"
        );
        assert_eq!(sanitize_html("   "), "");
    }

    #[test]
    fn markdown_becomes_sanitized_html() {
        let out = sanitize_html(
            "# Bilan\n\nHuit **hôtes** présents, *tarifs* stables.\nSuite demain.\n\n- semis\n- arrosage\n\n1. un\n2. deux\n\n[Le site](https://exemple.fr)",
        );
        assert_eq!(
            out,
            "<h2>Bilan</h2>\n<p>Huit <strong>hôtes</strong> présents, <em>tarifs</em> stables.<br>\nSuite demain.</p>\n\
             <ul>\n<li>semis</li>\n<li>arrosage</li>\n</ul>\n<ol>\n<li>un</li>\n<li>deux</li>\n</ol>\n\
             <p><a href=\"https://exemple.fr\" rel=\"noopener noreferrer nofollow\">Le site</a></p>"
        );
    }

    #[test]
    fn a_list_or_a_heading_may_follow_a_line_directly() {
        // What the toolbar writes: no blank line before the list or the heading it starts.
        assert_eq!(
            sanitize_html("Ordre du jour :\n- semis\n- arrosage\n## Suite"),
            "<p>Ordre du jour :</p>\n<ul>\n<li>semis</li>\n<li>arrosage</li>\n</ul>\n<h2>Suite</h2>"
        );
    }

    #[test]
    fn markdown_keeps_no_script_and_no_javascript_url() {
        let out = sanitize_html(
            "Bonjour <script>alert(1) [lien](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n![x](javascript:alert(2))",
        );
        assert!(
            out.contains(">lien</a>"),
            "the link is kept without its address: {out}"
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("href=\"j"), "{out}");
        // Typed HTML stays visible as text: nothing of what was written disappears silently.
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn html_and_markdown_are_told_apart() {
        for html in [
            "<p>a</p>",
            "<ul class=\"x\"><li>a</li></ul>",
            "Bonjour <strong>toi</strong>",
            "ligne<br>ligne",
            "<div>\nbloc</div>",
        ] {
            assert!(looks_like_html(html), "{html}");
        }
        for md in [
            "**gras**",
            "<https://exemple.fr> est le site",
            "a < b et c > d",
            "Atelier <réparation>",
            "- liste\n- </ pas une balise",
        ] {
            assert!(!looks_like_html(md), "{md}");
        }
    }

    #[test]
    fn stored_html_round_trips_through_markdown() {
        for md in [
            "Huit **hôtes** présents, *tarifs* stables.\nSuite demain.\n\n- semis\n- arrosage de [la serre](https://exemple.fr/serre)\n\n## Décisions\n\n1. un\n2. deux",
            "Prix : 5 * 3 = 15, _pas_ d'italique \\*ici\\*.\n\n> Une citation\n\n---\n\nCode `x < y` et 1\\. pas une liste",
            "| Jour | Heure |\n| --- | --- |\n| lundi | 9 h |",
        ] {
            let html = sanitize_html(md);
            let back = editable(&html);
            assert!(!back.contains("<p>") && !back.contains("<br"), "{back}");
            assert_eq!(sanitize_html(&back), html, "{md}\n→ {html}\n→ {back}");
        }
        // Older stored HTML (a rich-text editor's, the API's, the demo's) opens as Markdown.
        let old = sanitize_html(
            "<p>Huit hébergeurs <b>présents</b>.<br>Tarifs stables.</p><ul><li>Partager les calendriers</li><li>Visiter <a href=\"https://quinson.fr\">Quinson</a></li></ul>",
        );
        let back = editable(&old);
        assert_eq!(
            back,
            "Huit hébergeurs **présents**.  \nTarifs stables.\n\n- Partager les calendriers\n- Visiter [Quinson](https://quinson.fr)"
        );
        assert_eq!(
            excerpt(&sanitize_html(&back), 200),
            excerpt(&old, 200),
            "same words"
        );
        // Markdown shown again with a form's errors is left as typed.
        assert_eq!(editable("**gras**\n- a"), "**gras**\n- a");
        assert_eq!(editable(""), "");
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
