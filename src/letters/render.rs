//! An issue as an email: the HTML part (French `lang`, layout tables marked
//! `role="presentation"`, no image, colours that follow the reader's dark mode) and the
//! plain-text part, which carries every link of the HTML part. No tracking pixel, no
//! rewritten link.

use askama::Template;

use super::model::{Content, Links};

#[derive(Template)]
#[template(path = "letters/email.html")]
struct EmailTpl<'a> {
    subject: &'a str,
    content: &'a Content,
    links: &'a Links,
}

/// The HTML part of one recipient's copy.
pub fn html(subject: &str, content: &Content, links: &Links) -> String {
    EmailTpl {
        subject,
        content,
        links,
    }
    .render()
    .unwrap_or_default()
}

/// The plain-text part of one recipient's copy: the same sections, each link written out.
pub fn text(subject: &str, content: &Content, links: &Links) -> String {
    let mut out = String::new();
    out.push_str(subject);
    out.push('\n');
    out.push_str(&format!(
        "« {} » — {}\n\n",
        content.list_name, content.owner_name
    ));
    if !links.archive.is_empty() {
        out.push_str(&format!("Lire en ligne : {}\n\n", links.archive));
    }
    for s in &content.sections {
        if s.kind == "text" {
            out.push_str(html_to_text(&s.html).trim());
            out.push_str("\n\n");
            continue;
        }
        out.push_str(&format!("== {} ==\n\n", s.heading));
        if s.entries.is_empty() {
            out.push_str(&format!("{}\n\n", s.empty));
        }
        for e in &s.entries {
            out.push_str(&format!("* {}\n", e.title));
            if !e.meta.is_empty() {
                out.push_str(&format!("  {}\n", e.meta));
            }
            if !e.text.is_empty() {
                out.push_str(&format!("  {}\n", e.text));
            }
            out.push_str(&format!("  {}\n\n", e.url));
        }
    }
    out.push_str("-- \n");
    out.push_str(&format!(
        "Vous recevez « {} » parce que vous vous y êtes inscrit(e).\n",
        content.list_name
    ));
    if !links.unsubscribe.is_empty() {
        out.push_str(&format!(
            "Se désinscrire en un clic : {}\n",
            links.unsubscribe
        ));
    }
    if !links.manage.is_empty() {
        out.push_str(&format!("Gérer vos abonnements : {}\n", links.manage));
    }
    out
}

/// Plain text of sanitized HTML: paragraphs and list items on their own lines, each link
/// followed by its address in parentheses (unless its text is the address).
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut hrefs: Vec<String> = Vec::new();
    let mut link_start: Vec<usize> = Vec::new();
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("a", false) => {
                hrefs.push(attr(tag, "href").unwrap_or_default());
                link_start.push(out.len());
            }
            ("a", true) => {
                let href = hrefs.pop().unwrap_or_default();
                let start = link_start.pop().unwrap_or(out.len());
                let label = out[start..].trim().to_string();
                if !href.is_empty() && label != href {
                    out.push_str(&format!(" ({href})"));
                }
            }
            ("br", _) => out.push('\n'),
            ("li", false) => out.push_str("\n- "),
            ("p" | "h2" | "h3" | "h4" | "blockquote" | "pre" | "ul" | "ol" | "table", true) => {
                out.push_str("\n\n")
            }
            ("tr", true) => out.push('\n'),
            ("td" | "th", true) => out.push_str("  "),
            ("hr", _) => out.push_str("\n----\n"),
            _ => {}
        }
    }
    out.push_str(&decode(rest));
    // At most one blank line in a row.
    let mut clean = String::new();
    let mut blank = 0;
    for line in out.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        clean.push_str(line);
        clean.push('\n');
    }
    clean.trim().to_string()
}

/// The value of attribute `name` in a tag's text (`a href="…"`), decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')?;
    Some(decode(&tag[start..start + end]))
}

fn decode(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::super::model::{Entry, Section};
    use super::*;

    #[test]
    fn links_survive_in_plain_text() {
        let t = html_to_text(
            "<p>Voir <a href=\"https://x.fr/a?b=1&amp;c=2\" rel=\"noopener\">le <em>programme</em></a> &amp; venir.</p><ul><li>un</li><li>deux</li></ul>",
        );
        assert!(
            t.contains("le programme (https://x.fr/a?b=1&c=2) & venir."),
            "{t}"
        );
        assert!(t.contains("- un\n- deux"), "{t}");
    }

    #[test]
    fn the_email_is_accessible_and_has_every_link_in_text() {
        let content = Content {
            list_name: "Lettre <mensuelle>".into(),
            owner_name: "Réseau Sud".into(),
            sections: vec![
                Section {
                    kind: "text".into(),
                    html: "<p>Bonjour, <a href=\"https://x.fr/p\">lisez</a>.</p>".into(),
                    ..Default::default()
                },
                Section {
                    kind: "events".into(),
                    heading: "Agenda".into(),
                    entries: vec![Entry {
                        title: "Atelier".into(),
                        url: "https://x.fr/evenements/1".into(),
                        meta: "mardi".into(),
                        text: String::new(),
                    }],
                    ..Default::default()
                },
            ],
        };
        let links = Links {
            archive: "https://x.fr/lettres/1".into(),
            unsubscribe: "https://x.fr/lettres/desinscription?liste=1&email=a%40b.fr&sig=ab".into(),
            manage: "https://x.fr/abonnements?email=a%40b.fr&sig=ab".into(),
        };
        let h = html("Mai", &content, &links);
        assert!(h.contains("<html lang=\"fr\""));
        assert!(h.contains("Lettre &#60;mensuelle&#62;") || h.contains("Lettre &lt;mensuelle&gt;"));
        assert!(!h.contains("<img"));
        assert_eq!(
            h.matches("<table").count(),
            h.matches("role=\"presentation\"").count()
        );
        let t = text("Mai", &content, &links);
        for href in [
            "https://x.fr/p",
            "https://x.fr/evenements/1",
            &links.archive,
            &links.unsubscribe,
            &links.manage,
        ] {
            assert!(
                h.contains(&href.replace('&', "&#38;"))
                    || h.contains(&href.replace('&', "&amp;"))
                    || h.contains(href),
                "{href} in html"
            );
            assert!(t.contains(href), "{href} in text");
        }
    }
}
