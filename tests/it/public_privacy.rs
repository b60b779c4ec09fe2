//! Issue 18 point 10: no personal email in any public answer. An anonymous visitor crawls
//! every page reachable from the home page of the demo (links, feeds, exports, embeds) and
//! every list of the API; no answer may contain the address of an account — people's
//! addresses appear only to those they chose to show them to. Organisations' public contact
//! addresses are not accounts' and may appear.

use std::collections::{BTreeSet, VecDeque};

use crate::both;
use crate::harness::TestApp;

/// Enough to reach every kind of page of the demo; a crawl that needs more is a loop.
const MAX_PAGES: usize = 1_500;
/// Query strings of one path crawled at most (calendars link month after month forever).
const VARIANTS: usize = 3;

fn links(base: &str, body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = body;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(end) = rest.find('"') else { break };
            let raw = rest[..end].replace("&amp;", "&").replace("&#38;", "&");
            let path = raw.strip_prefix(base).unwrap_or(&raw).to_string();
            if path.starts_with('/') && !path.starts_with("//") {
                out.push(path.split('#').next().unwrap_or("").to_string());
            }
        }
    }
    out
}

/// Pages not worth fetching: assets, and the links that act (sign out, language switch).
fn skipped(path: &str) -> bool {
    path.starts_with("/static/")
        || path.starts_with("/deconnexion")
        || path.starts_with("/langue")
        || path.starts_with("/media/")
}

both!(
    no_account_address_appears_in_any_public_answer,
    |app: TestApp| async move {
        let d = crate::news::demo(&app).await;
        // What the demo does not hold: a thread and a claim (neither is public).
        let julie: i64 = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar(
            "SELECT a.id FROM actors a JOIN users u ON u.id = a.user_id \
             WHERE u.email = 'julie.web@demo.maillage.fr'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        let (s, _) = crate::trainings::post(
            &app,
            &format!("/api/v1/actors/{julie}/contact"),
            Some(&d.membre),
            serde_json::json!({"message": "Bonjour, membre@demo.maillage.fr ici"}),
        )
        .await;
        assert_eq!(s, 202);
        let emails: Vec<String> = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar(
            "SELECT email FROM users"
        )
        .fetch_all(p)
        .await)
        .unwrap();
        assert!(emails.len() >= 5, "the demo's accounts");

        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut queue: VecDeque<String> = VecDeque::from(vec!["/".to_string()]);
        // Every list of the API, and a few of its objects.
        let doc = app.openapi().await;
        for (path, item) in doc["paths"].as_object().unwrap() {
            if item.get("get").is_some() && !path.contains('{') {
                queue.push_back(path.clone());
            }
        }
        let mut leaks = Vec::new();
        let mut fetched = 0;
        let mut variants: std::collections::BTreeMap<String, usize> = Default::default();
        while let Some(path) = queue.pop_front() {
            if !seen.insert(path.clone()) || skipped(&path) {
                continue;
            }
            let bare = path.split('?').next().unwrap_or("").to_string();
            let n = variants.entry(bare).or_default();
            *n += 1;
            if *n > VARIANTS {
                continue;
            }
            fetched += 1;
            assert!(
                fetched <= MAX_PAGES,
                "more than {MAX_PAGES} pages: a crawl loop?"
            );
            let res = client.get(app.url(&path)).send().await.unwrap();
            let status = res.status().as_u16();
            if (300..400).contains(&status) {
                if let Some(to) = res.headers().get("location").and_then(|l| l.to_str().ok()) {
                    if to.starts_with('/') && !to.starts_with("/connexion") {
                        queue.push_back(to.to_string());
                    }
                }
                continue;
            }
            let is_text = res
                .headers()
                .get("content-type")
                .and_then(|c| c.to_str().ok())
                .is_some_and(|c| {
                    c.starts_with("text/")
                        || c.contains("json")
                        || c.contains("xml")
                        || c.contains("calendar")
                        || c.contains("csv")
                });
            if !is_text {
                continue;
            }
            let body = res.text().await.unwrap();
            let lower = body.to_lowercase();
            for e in &emails {
                if lower.contains(&e.to_lowercase()) {
                    leaks.push(format!("{path}: {e}"));
                }
            }
            for l in links(&app.base, &body) {
                if !seen.contains(&l) {
                    queue.push_back(l);
                }
            }
        }
        assert!(fetched > 100, "only {fetched} answers crawled");
        assert!(
            leaks.is_empty(),
            "account addresses in public answers: {leaks:#?}"
        );
    }
);
