//! Issue 17 point 9: English pages entirely English, French pages entirely French. The demo is
//! crawled in both languages, as an anonymous visitor and as the instance's administrator (who
//! reaches the most pages); every text of a page (text nodes, `title`, `aria-label`,
//! `placeholder`, `alt`) is searched for words of the other language from a list. What people
//! wrote (names, titles, descriptions: the demo is French) is not the interface: a text found in
//! the database is skipped, and the database's short texts (names, titles) are taken out of a
//! text before its words are searched.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use scraper::{Html, Node};

use crate::harness::{Backend, TestApp};

/// Pages crawled at most per language and visitor.
const MAX_PAGES: usize = 450;
/// Query strings of one path crawled at most (calendars link month after month forever).
const VARIANTS: usize = 2;

/// French words an English page must not hold (whole words, any case). Not « ouverte »: the
/// licence's name is « Licence Ouverte / Open Licence ».
const FRENCH: &[&str] = &[
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "janvier",
    "février",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "janv",
    "févr",
    "juil",
    "déc",
    "fermé",
    "fermée",
    "ouvert",
    "aucun",
    "aucune",
    "rechercher",
    "modifier",
    "supprimer",
    "enregistrer",
    "réserver",
    "connexion",
    "déconnexion",
    "inscription",
    "inscriptions",
    "lieux",
    "réseau",
    "réseaux",
    "événement",
    "événements",
    "collectivité",
    "entreprise",
    "prochaines",
    "prochains",
    "précédent",
    "suivant",
    "demain",
    "aujourd'hui",
    "semaine",
    "mois",
    "heures",
    "les",
    "des",
    "avec",
    "pour",
    "vous",
    "votre",
    "vos",
    "une",
];

/// English words a French page must not hold (whole words, any case). Not "open" nor "places":
/// French says « open space », « Open Badges », « places restantes ».
const ENGLISH: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "feb",
    "apr",
    "jun",
    "jul",
    "aug",
    "dec",
    "closed",
    "none",
    "search",
    "edit",
    "delete",
    "save",
    "book",
    "sign",
    "log",
    "next",
    "previous",
    "upcoming",
    "seats",
    "hours",
    "the",
    "and",
    "of",
    "with",
    "your",
    "you",
    "events",
    "network",
    "today",
    "tomorrow",
    "week",
];

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What people wrote: every text column of every table, as text (HTML read as its text).
async fn written(app: &TestApp) -> (String, Vec<String>) {
    use sqlx::{Column, Row, TypeInfo};
    let maillage::db::Db::Sqlite(pool) = &app.state.db else {
        panic!("the crawl runs on SQLite");
    };
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut all = String::new();
    let mut short: BTreeSet<String> = BTreeSet::new();
    for t in tables {
        let rows = sqlx::query(&format!("SELECT * FROM \"{t}\""))
            .fetch_all(pool)
            .await
            .unwrap();
        for row in rows {
            for (i, col) in row.columns().iter().enumerate() {
                if col.type_info().name() != "TEXT" {
                    continue;
                }
                let Ok(Some(v)) = row.try_get::<Option<String>, _>(i) else {
                    continue;
                };
                let text = if v.contains('<') {
                    squash(
                        &Html::parse_fragment(&v)
                            .root_element()
                            .text()
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                } else {
                    squash(&v)
                };
                if (3..=120).contains(&text.chars().count()) {
                    short.insert(text.clone());
                }
                // A questionnaire, a form's fields…: the texts inside a JSON document.
                if v.starts_with(['[', '{']) {
                    if let Ok(json) = serde_json::from_str::<serde_json::Value>(&v) {
                        leaves(&json, &mut short);
                    }
                }
                all.push_str(&text);
                all.push('\n');
            }
        }
    }
    let mut short: Vec<String> = short.into_iter().collect();
    short.sort_by_key(|s| std::cmp::Reverse(s.len()));
    (all, short)
}

fn leaves(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::String(t) => {
            let t = squash(t);
            if (3..=120).contains(&t.chars().count()) {
                out.insert(t);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| leaves(x, out)),
        _ => {}
    }
}

/// The texts of a page a person reads, without scripts, styles, code, what a form holds (a
/// `<textarea>`'s text is what people wrote, or code to copy) and parts marked in another
/// language (`lang="en"` on the French page's switch).
fn texts(html: &str, page_lang: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        let foreign_or_code = node.ancestors().any(|a| match a.value() {
            Node::Element(e) => {
                matches!(e.name(), "script" | "style" | "code" | "pre" | "textarea")
                    || e.attr("lang").is_some_and(|l| l != page_lang)
            }
            _ => false,
        });
        match node.value() {
            Node::Text(t) if !foreign_or_code => out.push(squash(t)),
            Node::Element(e)
                if !foreign_or_code && e.attr("lang").is_none_or(|l| l == page_lang) =>
            {
                for a in ["title", "aria-label", "placeholder", "alt"] {
                    if let Some(v) = e.attr(a) {
                        out.push(squash(v));
                    }
                }
            }
            _ => {}
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

fn words(text: &str) -> Vec<String> {
    // « tiers-lieux » is one word (English says it too).
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .filter(|w| !w.is_empty())
        .map(|w| w.replace('’', "'").to_lowercase())
        .collect()
}

/// The words of the other language a text holds, once what people wrote is taken out.
fn foreign(text: &str, list: &[&str], all: &str, short: &[String]) -> Vec<String> {
    let hits = |t: &str| -> Vec<String> {
        words(t)
            .into_iter()
            .filter(|w| list.contains(&w.as_str()))
            .collect()
    };
    if hits(text).is_empty() {
        return Vec::new();
    }
    let bare = text.trim_end_matches(['…', '.', ' ']);
    if all.contains(bare) {
        return Vec::new();
    }
    let mut rest = text.to_string();
    for s in short {
        if rest.contains(s.as_str()) {
            rest = rest.replace(s.as_str(), " ");
        }
    }
    hits(&rest)
}

fn links(body: &str) -> Vec<String> {
    let doc = Html::parse_document(body);
    let sel = scraper::Selector::parse("a[href]").unwrap();
    doc.select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .collect()
}

/// Links not worth following: assets, feeds and files (not pages), and those that act.
fn skipped(path: &str) -> bool {
    let bare = path.split('?').next().unwrap_or("");
    bare.starts_with("/static/")
        || bare.starts_with("/media/")
        || bare.starts_with("/api/")
        || bare.starts_with("/deconnexion")
        || bare.starts_with("/langue")
        || [
            ".ics", ".atom", ".csv", ".json", ".geojson", ".pdf", ".xml", ".odt", ".png", ".svg",
        ]
        .iter()
        .any(|e| bare.ends_with(e))
}

/// Crawls from `starts` in `lang` and returns the leaks: `path: « text » (words)`.
async fn crawl(
    app: &TestApp,
    client: &reqwest::Client,
    lang: &str,
    starts: &[&str],
    corpus: &(String, Vec<String>),
) -> (usize, Vec<String>) {
    let list = if lang == "en" { FRENCH } else { ENGLISH };
    let res = client
        .post(app.url("/langue"))
        .form(&[("lang", lang), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "language switch");
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut variants: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue: VecDeque<String> = starts.iter().map(|s| s.to_string()).collect();
    let mut leaks = BTreeSet::new();
    let mut fetched = 0;
    while let Some(path) = queue.pop_front() {
        if fetched >= MAX_PAGES || skipped(&path) || !seen.insert(path.clone()) {
            continue;
        }
        let bare = path.split('?').next().unwrap_or("").to_string();
        let n = variants.entry(bare).or_default();
        *n += 1;
        if *n > VARIANTS {
            continue;
        }
        let res = client.get(app.url(&path)).send().await.unwrap();
        if res.status().is_redirection() {
            if let Some(to) = res.headers().get("location").and_then(|l| l.to_str().ok()) {
                if to.starts_with('/') {
                    queue.push_back(to.to_string());
                }
            }
            continue;
        }
        let html = res
            .headers()
            .get("content-type")
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| c.starts_with("text/html"));
        if !html {
            continue;
        }
        let body = res.text().await.unwrap();
        // A page in its own language (a newsletter's preview in the letter's language) is
        // not the interface.
        if !body.contains(&format!("<html lang=\"{lang}\"")) {
            continue;
        }
        fetched += 1;
        for t in texts(&body, lang) {
            let found = foreign(&t, list, &corpus.0, &corpus.1);
            if !found.is_empty() {
                leaks.insert(format!("{path}: « {t} » ({})", found.join(", ")));
            }
        }
        for l in links(&body) {
            if !seen.contains(&l) {
                queue.push_back(l);
            }
        }
    }
    (fetched, leaks.into_iter().collect())
}

#[tokio::test]
async fn each_language_speaks_only_its_own_words() {
    let app = TestApp::new(Backend::Sqlite).await;
    crate::news::demo(&app).await;
    let corpus = written(&app).await;
    let mut report = Vec::new();
    let mut total = 0;
    for lang in ["en", "fr"] {
        let visitor = app.new_browser();
        let (n, leaks) = crawl(&app, &visitor, lang, &["/"], &corpus).await;
        total += n;
        report.extend(leaks.into_iter().map(|l| format!("[{lang}, visitor] {l}")));
        let admin = app.new_browser();
        crate::news::login_demo(&app, &admin, "admin@demo.maillage.fr").await;
        let (n, leaks) = crawl(&app, &admin, lang, &["/mon-espace", "/admin", "/"], &corpus).await;
        total += n;
        report.extend(leaks.into_iter().map(|l| format!("[{lang}, admin] {l}")));
    }
    assert!(total > 400, "only {total} pages crawled");
    eprintln!("{total} pages crawled in both languages");
    assert!(
        report.is_empty(),
        "{} texts in the other language:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn the_word_lists_find_what_they_should() {
    let none: (String, Vec<String>) = (String::new(), Vec::new());
    assert_eq!(
        foreign("Closed on lundi", FRENCH, &none.0, &none.1),
        vec!["lundi"]
    );
    assert!(foreign("Opening hours", FRENCH, &none.0, &none.1).is_empty());
    assert_eq!(
        foreign("Ouvert le Monday", ENGLISH, &none.0, &none.1),
        vec!["monday"]
    );
    // What people wrote is theirs.
    let corpus = (
        "Atelier réparation du lundi\n".to_string(),
        vec!["Atelier réparation du lundi".to_string()],
    );
    assert!(foreign("Atelier réparation du lundi", FRENCH, &corpus.0, &corpus.1).is_empty());
    assert!(foreign(
        "Agenda of Atelier réparation du lundi",
        FRENCH,
        &corpus.0,
        &corpus.1
    )
    .is_empty());
    assert_eq!(
        texts(
            "<html lang=\"fr\"><body><p title=\"Search\">Bonjour</p><script>var the = 1</script>\
             <button lang=\"en\">English</button></body></html>",
            "fr"
        ),
        vec!["Search", "Bonjour"]
    );
}
