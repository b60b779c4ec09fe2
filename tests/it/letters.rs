//! Newsletter issues (issue 20 points 3, 4, 6, 8) on both engines: composing through the API
//! (blocks checked, free text sanitized), the preview pages, the sending through the job queue
//! (one copy per confirmed subscriber, `List-Unsubscribe` and `List-Unsubscribe-Post`
//! headers, an accessible HTML part, a plain-text part carrying every link), the public
//! archive and the figures; one-click unsubscription by a plain `POST` without cookie, taking
//! effect before the next message; a hard bounce (SMTP 5xx) suspending the address; and a
//! sending of 2 000 recipients cut short by a node that dies half-way and resumed by another
//! node: 2 000 messages in the SMTP sink, one per recipient.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::both;
use crate::harness::TestApp;
use maillage::ids::{IssueId, NewsListId};

pub(crate) async fn token_of(app: &TestApp, email: &str) -> String {
    let u = maillage::accounts::repo::user_by_email(&app.state.db, email)
        .await
        .unwrap()
        .unwrap();
    app.token_for(u.id).await
}

/// A list of the demo network, made by its animator, with `emails` confirmed.
pub(crate) async fn list_with(app: &TestApp, token: &str, emails: &[String]) -> NewsListId {
    let net = maillage::tenancy::repo::network_by_slug(&app.state.db, "reseau-sud-tiers-lieux")
        .await
        .unwrap()
        .unwrap();
    let res = app
        .api_post(
            "/api/v1/lists",
            token,
            json!({"name": "Lettre d'essai", "network_id": net.id}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let id = NewsListId(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    let by = maillage::accounts::repo::user_by_email(&app.state.db, "animatrice@demo.maillage.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    for e in emails {
        maillage::news::repo::insert_certified(&app.state.db, id, e, "Consentement d'essai", by, 0)
            .await
            .unwrap();
    }
    id
}

/// A browser signed in as a demo account.
async fn demo_browser(app: &TestApp, email: &str) -> reqwest::Client {
    let b = app.new_browser();
    let res = b
        .post(app.url("/connexion"))
        .form(&[
            ("email", email),
            ("password", maillage::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    b
}

pub(crate) async fn create_issue(
    app: &TestApp,
    token: &str,
    list: NewsListId,
    body: Value,
) -> IssueId {
    let res = app
        .api_post(&format!("/api/v1/lists/{list}/issues"), token, body)
        .await;
    let status = res.status().as_u16();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    IssueId(v["id"].as_i64().unwrap())
}

/// Runs due jobs on `app` until the issue is sent (successive batches are queued a few
/// milliseconds apart by the rate).
pub(crate) async fn send_all(app: &TestApp, issue: IssueId) {
    let registry =
        maillage::job_registry(maillage::mail::Mailer::from_config(&app.state.config).unwrap());
    for _ in 0..3000 {
        while maillage::jobs::run_one(&app.state, &registry)
            .await
            .unwrap()
        {}
        let i = maillage::letters::repo::issue_by_id(&app.state.db, issue)
            .await
            .unwrap()
            .unwrap();
        if i.status == maillage::letters::model::IssueStatus::Sent {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("issue {issue} not sent");
}

/// A message as the tests read it.
#[derive(Debug, Clone)]
struct Mail {
    to: String,
    subject: String,
    headers: BTreeMap<String, String>,
    html: String,
    text: String,
}

fn parse(raw: &[u8]) -> Mail {
    let m = mail_parser::MessageParser::default().parse(raw).unwrap();
    let mut headers = BTreeMap::new();
    for name in ["List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"] {
        if let Some(v) = m.header_raw(name) {
            headers.insert(name.to_string(), v.trim().to_string());
        }
    }
    Mail {
        to: m
            .to()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .unwrap_or_default()
            .to_string(),
        subject: m.subject().unwrap_or_default().to_string(),
        html: m.body_html(0).map(|c| c.to_string()).unwrap_or_default(),
        text: m.body_text(0).map(|c| c.to_string()).unwrap_or_default(),
        headers,
    }
}

/// The messages written to the test outbox since the last call.
fn outbox(app: &TestApp) -> Vec<Mail> {
    let dir = app.data_dir.join("outbox");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            out.push(parse(&std::fs::read(&path).unwrap()));
        }
        std::fs::remove_file(&path).unwrap();
    }
    out
}

/// What an email-accessibility check finds wrong in an HTML part: no `lang` on `<html>`, an
/// image without `alt`, a layout table (one without header cells) without
/// `role="presentation"`.
fn a11y_problems(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_lowercase();
    match lower.find("<html") {
        Some(i) if lower[i..].split('>').next().unwrap().contains(" lang=\"") => {}
        _ => out.push("<html> without lang".to_string()),
    }
    for (i, _) in lower.match_indices("<img") {
        let tag = lower[i..].split('>').next().unwrap();
        if !tag.contains(" alt=") {
            out.push(format!("image without alt: {tag}"));
        }
    }
    for (i, _) in lower.match_indices("<table") {
        let tag = lower[i..].split('>').next().unwrap();
        let body = &lower[i..];
        let end = body.find("</table>").unwrap_or(body.len());
        if !tag.contains("role=\"presentation\"") && !body[..end].contains("<th") {
            out.push(format!("layout table without role=presentation: {tag}"));
        }
    }
    out
}

/// Every `href` of an HTML part, decoded.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| {
            s.split('"')
                .next()
                .unwrap()
                .replace("&#38;", "&")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn the_accessibility_check_finds_what_it_looks_for() {
    let bad = "<html><body><table><tr><td><img src=\"x.png\"></td></tr></table></body></html>";
    assert_eq!(a11y_problems(bad).len(), 3, "{:?}", a11y_problems(bad));
    let good = "<html lang=\"fr\"><table role=\"presentation\"><tr><td><img alt=\"\" src=\"x\"></td></tr></table><table><tr><th>a</th></tr></table></html>";
    assert!(a11y_problems(good).is_empty());
}

both!(
    compose_preview_send_and_archive,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        let animatrice = token_of(&app, "animatrice@demo.maillage.fr").await;
        let gerant = token_of(&app, "gerant.riez@demo.maillage.fr").await;
        let readers = vec![
            "lea@example.org".to_string(),
            "marc@example.org".to_string(),
        ];
        let list = list_with(&app, &animatrice, &readers).await;
        let path = format!("/api/v1/lists/{list}/issues");

        // Bad input: a structured 422 naming the fields; an unknown block type is refused.
        let res = app
            .api_post(
                &path,
                &animatrice,
                json!({"subject": " ", "blocks": [{"type": "events", "days": 0}]}),
            )
            .await;
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        let text = v.to_string();
        assert!(
            text.contains("subject") && text.contains("blocks[0]"),
            "{v}"
        );
        let res = app
            .api_post(
                &path,
                &animatrice,
                json!({"subject": "x", "blocks": [{"type": "sondage"}]}),
            )
            .await;
        assert!(res.status().is_client_error(), "{}", res.status());
        // Who does not run the list does not see it.
        let res = app
            .api_post(&path, &gerant, json!({"subject": "x", "blocks": []}))
            .await;
        assert_eq!(res.status(), 404);

        // The OpenAPI document lists the block types as a union tagged by `type`.
        let doc = app.openapi().await;
        let block = &doc["components"]["schemas"]["Block"];
        let mut types: Vec<String> = block["oneOf"]
            .as_array()
            .unwrap_or_else(|| panic!("Block is a oneOf: {block}"))
            .iter()
            .map(|v| {
                v["properties"]["type"]["enum"][0]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        types.sort();
        assert_eq!(
            types,
            [
                "events",
                "jobs",
                "news",
                "places",
                "projects",
                "text",
                "trainings"
            ]
        );
        assert!(doc["paths"]["/api/v1/lists/{id}/issues"]["post"].is_object());
        assert!(doc["paths"]["/api/v1/issues/{id}/send"]["post"].is_object());
        assert!(doc["paths"]["/api/v1/issues/{id}"]["get"].is_object());

        let id = create_issue(
        &app,
        &animatrice,
        list,
        json!({"subject": "La lettre de décembre", "blocks": [
            {"type": "text", "body": "<p>Bonjour ! Voir <a href=\"https://exemple.fr/programme\">le programme</a>.<script>alert(1)</script></p>"},
            {"type": "events", "days": 90},
            {"type": "news", "count": 3},
            {"type": "places", "days": 30},
            {"type": "projects"},
            {"type": "trainings", "count": 2},
            {"type": "jobs", "count": 5}
        ]}),
    )
    .await;
        let res = app
            .api_get(&format!("/api/v1/issues/{id}"), &animatrice)
            .await;
        assert_eq!(res.status(), 200);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["status"], "draft");
        assert_eq!(v["blocks"][1]["type"], "events");
        assert!(!v["blocks"][0]["body"].as_str().unwrap().contains("script"));
        assert_eq!(v["figures"]["sent"], 0);
        let res = app.api_get(&format!("/api/v1/issues/{id}"), &gerant).await;
        assert_eq!(res.status(), 404);
        // The archive does not exist before the sending.
        assert_eq!(app.get(&format!("/lettres/{id}")).await.status(), 404);

        // The preview, in the browser and as the email renders, for the editor only.
        let browser = demo_browser(&app, "animatrice@demo.maillage.fr").await;
        let res = browser
            .get(app.url(&format!("/lettres/{id}/apercu")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Agenda des 90 prochains jours"), "{page}");
        // The job offers of the network and its places, published and not expired.
        assert!(
            page.contains("Service civique : médiation numérique au tiers-lieu")
                && page.contains("Animateur·rice fab lab"),
            "{page}"
        );
        assert!(page.contains("https://exemple.fr/programme"));
        assert!(!page.contains("alert(1)"));
        let res = browser
            .get(app.url(&format!("/lettres/{id}/apercu/courriel")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("default-src 'none'") && !csp.contains("script-src"),
            "{csp}"
        );
        assert!(res.text().await.unwrap().contains("<html lang=\"fr\""));
        assert_eq!(
            app.get(&format!("/lettres/{id}/apercu")).await.status(),
            303,
            "a visitor is sent to the login page"
        );
        // The test send goes to the editor only, through the queue.
        let res = browser
            .post(app.url(&format!("/lettres/{id}/test")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let registry =
            maillage::job_registry(maillage::mail::Mailer::from_config(&app.state.config).unwrap());
        while maillage::jobs::run_one(&app.state, &registry)
            .await
            .unwrap()
        {}
        let test: Vec<Mail> = outbox(&app)
            .into_iter()
            .filter(|m| m.subject.contains("La lettre de décembre"))
            .collect();
        assert_eq!(test.len(), 1);
        assert_eq!(test[0].to, "animatrice@demo.maillage.fr");
        assert!(test[0].subject.starts_with("[Test]"));

        // Sending: 202, then the queue sends one copy per confirmed subscriber.
        let res = app
            .api_post(&format!("/api/v1/issues/{id}/send"), &animatrice, json!({}))
            .await;
        assert_eq!(res.status(), 202);
        send_all(&app, id).await;
        let mails: Vec<Mail> = outbox(&app)
            .into_iter()
            .filter(|m| m.subject == "La lettre de décembre")
            .collect();
        let mut to: Vec<&str> = mails.iter().map(|m| m.to.as_str()).collect();
        to.sort();
        assert_eq!(to, vec!["lea@example.org", "marc@example.org"]);
        for m in &mails {
            let unsub = &m.headers["List-Unsubscribe"];
            assert!(
                unsub.starts_with(&format!("<{}/lettres/desinscription?", app.base)),
                "{unsub}"
            );
            assert_eq!(
                m.headers["List-Unsubscribe-Post"],
                "List-Unsubscribe=One-Click"
            );
            assert_eq!(a11y_problems(&m.html), Vec::<String>::new());
            assert!(
                !m.html.contains("<img"),
                "readable without images, no pixel"
            );
            let links = hrefs(&m.html);
            assert!(links.len() >= 4, "{links:?}");
            assert!(
                links.iter().any(|l| l.contains("/evenements/")),
                "agenda filled: {links:?}"
            );
            for l in &links {
                assert!(
                    m.text.contains(l.as_str()),
                    "{l} missing from the text part:\n{}",
                    m.text
                );
            }
            assert!(m.html.contains("prefers-color-scheme: dark"));
            assert!(m.text.contains("https://exemple.fr/programme"));
        }

        // Figures, archive, and no second sending.
        let v: Value = app
            .api_get(&format!("/api/v1/issues/{id}"), &animatrice)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["status"], "sent");
        assert_eq!(v["figures"]["sent"], 2);
        assert_eq!(v["figures"]["recipients"], 2);
        assert_eq!(v["figures"]["pending"], 0);
        let res = app
            .api_post(&format!("/api/v1/issues/{id}/send"), &animatrice, json!({}))
            .await;
        assert_eq!(res.status(), 409);
        let res = app.get(&format!("/lettres/{id}")).await;
        assert_eq!(res.status(), 200);
        let archive = res.text().await.unwrap();
        assert!(archive.contains("La lettre de décembre") && archive.contains("le programme"));
        assert!(
            !archive.contains("sig="),
            "the archive holds no personal link"
        );
        let archives = app
            .get(&format!("/listes/{list}/archives"))
            .await
            .text()
            .await
            .unwrap();
        assert!(archives.contains(&format!("/lettres/{id}")));
        let page = browser
            .get(app.url(&format!("/listes/{list}/lettres")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("La lettre de décembre"));
        assert_eq!(
            app.get(&format!("/listes/{list}/lettres")).await.status(),
            303
        );

        // A scheduled issue waits for its date.
        let later = create_issue(
            &app,
            &animatrice,
            list,
            json!({"subject": "Plus tard", "blocks": []}),
        )
        .await;
        let at = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
        let res = app
            .api_post(
                &format!("/api/v1/issues/{later}/send"),
                &animatrice,
                json!({"send_at": at}),
            )
            .await;
        assert_eq!(res.status(), 202);
        assert_eq!(res.json::<Value>().await.unwrap()["status"], "scheduled");
        while maillage::jobs::run_one(&app.state, &registry)
            .await
            .unwrap()
        {}
        assert!(outbox(&app).iter().all(|m| m.subject != "Plus tard"));
        app.state.clock.advance(chrono::Duration::days(3));
        send_all(&app, later).await;
        assert_eq!(
            outbox(&app)
                .iter()
                .filter(|m| m.subject == "Plus tard")
                .count(),
            2
        );
    }
);

pub(crate) async fn delivery_status(app: &TestApp, issue: IssueId, email: &str) -> String {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, String>(
        "SELECT status FROM letter_deliveries WHERE issue_id = $1 AND email = $2"
    )
    .bind(issue)
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

async fn subscription_status(app: &TestApp, list: NewsListId, email: &str) -> String {
    maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, String>(
        "SELECT status FROM news_subscriptions WHERE list_id = $1 AND email = $2"
    )
    .bind(list)
    .bind(email)
    .fetch_one(p)
    .await)
    .unwrap()
}

both!(
    one_click_unsubscribe_without_cookie,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        let animatrice = token_of(&app, "animatrice@demo.maillage.fr").await;
        let readers: Vec<String> = ["c1", "c2", "c3"]
            .iter()
            .map(|c| format!("{c}@example.org"))
            .collect();
        let list = list_with(&app, &animatrice, &readers).await;
        let first = create_issue(
            &app,
            &animatrice,
            list,
            json!({"subject": "Numéro 1", "blocks": []}),
        )
        .await;
        app.api_post(
            &format!("/api/v1/issues/{first}/send"),
            &animatrice,
            json!({}),
        )
        .await;
        send_all(&app, first).await;
        let mails = outbox(&app);
        let url_of = |to: &str| {
            let m = mails.iter().find(|m| m.to == to).unwrap();
            m.headers["List-Unsubscribe"]
                .trim_start_matches('<')
                .split('>')
                .next()
                .unwrap()
                .to_string()
        };
        let one_click = |url: String| async move {
            // What a mail provider sends: no cookie, no Origin, the RFC 8058 body.
            reqwest::Client::new()
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        };
        // A tampered signature is refused.
        let forged = url_of("c1@example.org").replace("sig=", "sig=0");
        assert_eq!(one_click(forged).await, 403);
        assert_eq!(
            subscription_status(&app, list, "c1@example.org").await,
            "confirmed"
        );
        assert_eq!(one_click(url_of("c1@example.org")).await, 200);
        assert_eq!(
            subscription_status(&app, list, "c1@example.org").await,
            "unsubscribed"
        );
        // The link of the email's footer shows a button first (a scanner opening it changes
        // nothing).
        let res = reqwest::get(url_of("c2@example.org")).await.unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("letters-unsubscribe"));
        assert_eq!(
            subscription_status(&app, list, "c2@example.org").await,
            "confirmed"
        );

        // Unsubscribing takes effect at once: a sending under way skips the address.
        let second = create_issue(
            &app,
            &animatrice,
            list,
            json!({"subject": "Numéro 2", "blocks": []}),
        )
        .await;
        app.api_post(
            &format!("/api/v1/issues/{second}/send"),
            &animatrice,
            json!({}),
        )
        .await;
        assert_eq!(
            delivery_status(&app, second, "c2@example.org").await,
            "pending"
        );
        assert_eq!(one_click(url_of("c2@example.org")).await, 200);
        assert_eq!(
            delivery_status(&app, second, "c2@example.org").await,
            "skipped"
        );
        send_all(&app, second).await;
        let to: Vec<String> = outbox(&app)
            .into_iter()
            .filter(|m| m.subject == "Numéro 2")
            .map(|m| m.to)
            .collect();
        assert_eq!(to, vec!["c3@example.org".to_string()]);
        let v: Value = app
            .api_get(&format!("/api/v1/issues/{first}"), &animatrice)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["figures"]["unsubscribed_since"], 2, "{v}");
    }
);

/// A small SMTP server for the tests: accepts every message, except for recipients whose
/// address contains `rebond`, refused with `550 5.1.1` (a hard bounce); records the
/// recipients of each accepted message.
pub(crate) async fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = Arc::new(Mutex::new(Vec::new()));
    let seen = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut r = BufReader::new(r);
                let _ = w.write_all(b"220 sink ESMTP\r\n").await;
                let mut rcpt: Vec<String> = Vec::new();
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let up = line.to_ascii_uppercase();
                    let answer: &[u8] = if up.starts_with("EHLO") || up.starts_with("HELO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if up.starts_with("MAIL") {
                        rcpt.clear();
                        b"250 OK\r\n"
                    } else if up.starts_with("RCPT") {
                        let addr = line
                            .split('<')
                            .nth(1)
                            .and_then(|s| s.split('>').next())
                            .unwrap_or("")
                            .to_string();
                        if addr.contains("rebond") {
                            b"550 5.1.1 No such user\r\n"
                        } else {
                            rcpt.push(addr);
                            b"250 OK\r\n"
                        }
                    } else if up.starts_with("DATA") {
                        let _ = w.write_all(b"354 Go ahead\r\n").await;
                        loop {
                            line.clear();
                            if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                                return;
                            }
                            if line == ".\r\n" {
                                break;
                            }
                        }
                        seen.lock().unwrap().append(&mut rcpt);
                        b"250 OK queued\r\n"
                    } else if up.starts_with("QUIT") {
                        let _ = w.write_all(b"221 Bye\r\n").await;
                        return;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = w.write_all(answer).await;
                }
            });
        }
    });
    (port, got)
}

both!(
    hard_bounce_suspends_the_address,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        let (port, got) = fake_smtp().await;
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.smtp_host = "127.0.0.1".into();
            c.smtp_port = port;
            c.smtp_tls = maillage::config::SmtpTls::None;
            c.mail_from = "Réseau <lettre@example.org>".into();
        })
        .await;
        let animatrice = token_of(&node, "animatrice@demo.maillage.fr").await;
        let readers = vec![
            "ok@example.org".to_string(),
            "rebond@example.org".to_string(),
        ];
        let list = list_with(&node, &animatrice, &readers).await;
        let id = create_issue(
            &node,
            &animatrice,
            list,
            json!({"subject": "Rebonds", "blocks": []}),
        )
        .await;
        node.api_post(&format!("/api/v1/issues/{id}/send"), &animatrice, json!({}))
            .await;
        send_all(&node, id).await;
        let to: Vec<String> = got
            .lock()
            .unwrap()
            .iter()
            .filter(|t| t.ends_with("@example.org"))
            .cloned()
            .collect();
        assert_eq!(to, vec!["ok@example.org".to_string()]);
        assert_eq!(
            delivery_status(&node, id, "rebond@example.org").await,
            "failed"
        );
        let v: Value = node
            .api_get(&format!("/api/v1/issues/{id}"), &animatrice)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (v["figures"]["sent"].clone(), v["figures"]["failed"].clone()),
            (json!(1), json!(1))
        );
        // Suspended, and shown to the editor.
        let browser = demo_browser(&node, "animatrice@demo.maillage.fr").await;
        let page = browser
            .get(node.url(&format!("/listes/{list}/lettres")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let section = page.split("id=\"letters-suspended-h\"").nth(1).unwrap();
        assert!(
            section.contains("rebond@example.org") && section.contains("550"),
            "{section}"
        );
        // The next issue is not sent to it.
        let next = create_issue(
            &node,
            &animatrice,
            list,
            json!({"subject": "Suite", "blocks": []}),
        )
        .await;
        node.api_post(
            &format!("/api/v1/issues/{next}/send"),
            &animatrice,
            json!({}),
        )
        .await;
        send_all(&node, next).await;
        let v: Value = node
            .api_get(&format!("/api/v1/issues/{next}"), &animatrice)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["figures"]["recipients"], 1);
    }
);
