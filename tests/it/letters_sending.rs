//! The sending of newsletter issues under trouble, on both engines: 2 000 recipients, a node
//! that dies half-way and another node that resumes after the leases (every recipient
//! receives exactly one copy, counted in the SMTP sink), and a relay that is down (nothing
//! lost, the job tried again later).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::both;
use crate::harness::TestApp;
use crate::letters::{create_issue, delivery_status, fake_smtp, list_with, send_all, token_of};

/// The SMTP sink of the resume test: the aiosmtpd Maildir of scripts/test.sh when it runs,
/// otherwise the small server above.
pub(crate) enum Sink {
    Maildir(std::path::PathBuf),
    Fake(Arc<Mutex<Vec<String>>>),
}

impl Sink {
    pub(crate) async fn start() -> (String, u16, Sink) {
        if let (Ok(addr), Ok(dir)) = (
            std::env::var("MAILLAGE_TEST_SMTP"),
            std::env::var("MAILLAGE_TEST_MAILDIR"),
        ) {
            let (host, port) = addr.rsplit_once(':').unwrap();
            return (
                host.to_string(),
                port.parse().unwrap(),
                Sink::Maildir(dir.into()),
            );
        }
        let (port, got) = fake_smtp().await;
        ("127.0.0.1".into(), port, Sink::Fake(got))
    }

    /// How many messages each recipient whose address starts with `prefix` received.
    pub(crate) fn received(&self, prefix: &str) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        match self {
            Sink::Fake(got) => {
                for to in got.lock().unwrap().iter().filter(|t| t.starts_with(prefix)) {
                    *out.entry(to.clone()).or_default() += 1;
                }
            }
            Sink::Maildir(dir) => {
                for entry in std::fs::read_dir(dir.join("new")).unwrap() {
                    let raw = std::fs::read(entry.unwrap().path()).unwrap();
                    // Only the headers are read: the To of each message.
                    let head = String::from_utf8_lossy(&raw[..raw.len().min(4096)]).to_string();
                    if let Some(to) = head
                        .lines()
                        .find(|l| l.starts_with("To: "))
                        .map(|l| l[4..].trim().to_string())
                        .filter(|t| t.starts_with(prefix))
                    {
                        *out.entry(to).or_default() += 1;
                    }
                }
            }
        }
        out
    }
}

both!(
    two_thousand_recipients_resumed_after_a_node_dies,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        let (host, port, sink) = Sink::start().await;
        let smtp = |c: &mut maillage::config::Config| {
            c.smtp_host = host.clone();
            c.smtp_port = port;
            c.smtp_tls = maillage::config::SmtpTls::None;
            c.mail_from = "Réseau <lettre@example.org>".into();
            c.newsletter_rate_per_minute = 1_000_000;
        };
        let node_a = TestApp::on(app.backend, app.db.clone(), smtp).await;
        let animatrice = token_of(&node_a, "animatrice@demo.maillage.fr").await;
        // Addresses of this run only: the Maildir sink is shared by every test.
        let prefix = format!(
            "r{}-{}-{:?}-",
            std::process::id(),
            chrono::Utc::now().timestamp_millis(),
            app.backend
        )
        .to_lowercase();
        let readers: Vec<String> = (0..2000)
            .map(|i| format!("{prefix}{i:04}@example.org"))
            .collect();
        let list = list_with(&node_a, &animatrice, &[]).await;
        for chunk in readers.chunks(500) {
            let values: Vec<String> = chunk
                .iter()
                .map(|e| {
                    format!("({list}, '{e}', 'confirmed', 'import', 'Consentement d''essai', 0, 0)")
                })
                .collect();
            let sql = format!(
            "INSERT INTO news_subscriptions (list_id, email, status, consent_source, consent_text, requested_at, confirmed_at) VALUES {}",
            values.join(", ")
        );
            maillage::db_run!(&node_a.state.db, |p| sqlx::query(&sql)
                .execute(p)
                .await
                .map(|r| r.rows_affected()))
            .unwrap();
        }
        let id = create_issue(
            &node_a,
            &animatrice,
            list,
            json!({"subject": "Deux mille", "blocks": [
                {"type": "text", "body": "Bonjour à toutes et à tous."},
                {"type": "events", "days": 31}
            ]}),
        )
        .await;
        let res = node_a
            .api_post(&format!("/api/v1/issues/{id}/send"), &animatrice, json!({}))
            .await;
        assert_eq!(res.status(), 202);

        // Node A sends batches, then dies half-way through one: 1 000 sent, 100 claimed and left
        // with their lease, the rest pending.
        {
            let mailer = maillage::mail::Mailer::from_config(&node_a.state.config).unwrap();
            let sender = maillage::letters::service::Sender::new(&node_a.state, &mailer, id)
                .await
                .unwrap()
                .unwrap();
            for _ in 0..9 {
                let claimed = sender.claim(100).await.unwrap();
                let done = sender.deliver(claimed).await.unwrap();
                assert_eq!(done.sent, 100);
            }
            let mut claimed = sender.claim(200).await.unwrap();
            claimed.truncate(100);
            assert_eq!(sender.deliver(claimed).await.unwrap().sent, 100);
            // The node dies here, 100 deliveries claimed and never settled.
        }
        let count = |status: &'static str| {
            let db = node_a.state.db.clone();
            async move {
                maillage::db_run!(&db, |p| sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM letter_deliveries WHERE issue_id = $1 AND status = $2"
                )
                .bind(id)
                .bind(status)
                .fetch_one(p)
                .await)
                .unwrap()
            }
        };
        assert_eq!(count("sent").await, 1000);
        assert_eq!(count("sending").await, 100);
        assert_eq!(count("pending").await, 900);
        let mut got = sink.received(&prefix);
        for _ in 0..100 {
            if got.len() >= 1000 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            got = sink.received(&prefix);
        }
        assert_eq!(got.len(), 1000);

        // Node B, another process on the same database, later (past the leases): the queue's job
        // resumes the sending, the deliveries node A held included.
        let node_b = TestApp::on(app.backend, app.db.clone(), smtp).await;
        node_b.state.clock.advance(chrono::Duration::minutes(10));
        send_all(&node_b, id).await;
        assert_eq!(count("sent").await, 2000);
        let mut got = sink.received(&prefix);
        for _ in 0..100 {
            if got.values().sum::<usize>() >= 2000 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            got = sink.received(&prefix);
        }
        assert_eq!(got.len(), 2000, "every recipient received the issue");
        assert_eq!(got.values().sum::<usize>(), 2000, "2 000 messages");
        let twice: Vec<_> = got.iter().filter(|(_, n)| **n != 1).collect();
        assert!(twice.is_empty(), "no duplicate: {twice:?}");
    }
);

both!(
    a_relay_down_is_tried_again_later,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        // A port nothing listens on: the relay is down.
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let relay = |port: u16| {
            move |c: &mut maillage::config::Config| {
                c.smtp_host = "127.0.0.1".into();
                c.smtp_port = port;
                c.smtp_tls = maillage::config::SmtpTls::None;
            }
        };
        let down = TestApp::on(app.backend, app.db.clone(), relay(closed)).await;
        let animatrice = token_of(&down, "animatrice@demo.maillage.fr").await;
        let list = list_with(&down, &animatrice, &["patiente@example.org".to_string()]).await;
        let id = create_issue(
            &down,
            &animatrice,
            list,
            json!({"subject": "Patience", "blocks": []}),
        )
        .await;
        down.api_post(&format!("/api/v1/issues/{id}/send"), &animatrice, json!({}))
            .await;
        let registry = maillage::job_registry(
            maillage::mail::Mailer::from_config(&down.state.config).unwrap(),
        );
        while maillage::jobs::run_one(&down.state, &registry)
            .await
            .unwrap()
        {}
        // Nothing sent, nothing lost: the delivery waits, the job is due again after its backoff.
        assert_eq!(
            delivery_status(&down, id, "patiente@example.org").await,
            "pending"
        );
        let jobs = maillage::jobs::all(&down.state.db).await.unwrap();
        let job = jobs
            .iter()
            .find(|j| j.kind == "letter_send" && j.payload.contains(&format!("\"issue\":{id}")))
            .unwrap();
        assert!(
            job.done_at.is_none() && job.failed_at.is_none() && job.last_error.is_some(),
            "{job:?}"
        );
        assert_eq!(
            jobs.iter()
                .filter(|j| j.kind == "letter_send"
                    && j.done_at.is_none()
                    && j.payload.contains(&format!("\"issue\":{id}")))
                .count(),
            1,
            "no second chain of batches"
        );
        // The relay is back; another node picks the job up once it is due.
        let (port, got) = fake_smtp().await;
        let up = TestApp::on(app.backend, app.db.clone(), relay(port)).await;
        up.state.clock.advance(chrono::Duration::minutes(2));
        send_all(&up, id).await;
        assert!(got
            .lock()
            .unwrap()
            .contains(&"patiente@example.org".to_string()));
        assert_eq!(
            delivery_status(&up, id, "patiente@example.org").await,
            "sent"
        );
    }
);
