//! The email queue against a real SMTP server (aiosmtpd, started by scripts/test.sh), and its
//! retries when the server is down.

use maillage::config::SmtpTls;
use maillage::jobs;
use maillage::mail::{self, Email, Mailer};

use crate::both;
use crate::harness::TestApp;

fn smtp_env() -> Option<(String, u16, std::path::PathBuf)> {
    let addr = std::env::var("MAILLAGE_TEST_SMTP").ok()?;
    let dir = std::env::var("MAILLAGE_TEST_MAILDIR").ok()?;
    let (host, port) = addr.rsplit_once(':')?;
    Some((host.to_string(), port.parse().ok()?, dir.into()))
}

/// In CI the SMTP server must be there: a missing one fails the test instead of skipping it.
fn require_smtp() -> Option<(String, u16, std::path::PathBuf)> {
    let env = smtp_env();
    if env.is_none() {
        assert!(std::env::var("CI").is_err(), "MAILLAGE_TEST_SMTP and MAILLAGE_TEST_MAILDIR must be set in CI (scripts/test.sh starts aiosmtpd)");
        eprintln!("no SMTP server configured: run through scripts/test.sh");
    }
    env
}

both!(sends_through_real_smtp, |app: TestApp| async move {
    let Some((host, port, maildir)) = require_smtp() else {
        return;
    };
    let node = TestApp::on(app.backend, app.db.clone(), |c| {
        c.smtp_host = host.clone();
        c.smtp_port = port;
        c.smtp_tls = SmtpTls::None;
        c.mail_from = "Maillage <noreply@example.org>".into();
    })
    .await;
    let to = format!("smtp-{}-{:?}@example.org", std::process::id(), app.backend).to_lowercase();
    let email = Email {
        to: to.clone(),
        subject: "Réunion du jeudi — ordre du jour".into(),
        text: "Bonjour 👋, à jeudi 9 h au salon de coworking.".into(),
        attachments: vec![mail::Attachment {
            filename: "reunion.ics".into(),
            content_type: "text/calendar; charset=utf-8; method=PUBLISH".into(),
            content: "BEGIN:VCALENDAR\r\nSUMMARY:Réunion ☕\r\nEND:VCALENDAR\r\n".into(),
        }],
    };
    mail::enqueue(&node.state.db, node.state.clock.now_ms(), &email)
        .await
        .unwrap();
    let mailer = maillage::job_registry(Mailer::from_config(&node.state.config).unwrap());
    assert!(jobs::run_one(&node.state, &mailer).await.unwrap());
    let status = jobs::all(&node.state.db).await.unwrap();
    assert!(status[0].done_at.is_some(), "{status:?}");
    // The Maildir handler of aiosmtpd stores each message as a file in new/.
    let mut found = None;
    for _ in 0..50 {
        for entry in std::fs::read_dir(maildir.join("new")).unwrap() {
            let raw = std::fs::read(entry.unwrap().path()).unwrap();
            let m = crate::harness::SentEmail::parse(&raw);
            if m.to == to {
                found = Some(m);
            }
        }
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let m = found.expect("message delivered to the SMTP server");
    assert_eq!(m.subject, "Réunion du jeudi — ordre du jour");
    assert!(m.text.contains("Bonjour 👋, à jeudi 9 h"));
    assert_eq!(m.attachments.len(), 1, "{:?}", m.attachments);
    assert_eq!(m.attachments[0].0, "reunion.ics");
    assert_eq!(m.attachments[0].1, "text/calendar");
    assert!(m.attachments[0].2.contains("SUMMARY:Réunion ☕"));
});

both!(
    retries_with_backoff_then_gives_up,
    |app: TestApp| async move {
        // Nothing listens on this port: every attempt fails.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let node = TestApp::on(app.backend, app.db.clone(), |c| {
            c.smtp_host = "127.0.0.1".into();
            c.smtp_port = closed;
            c.smtp_tls = SmtpTls::None;
        })
        .await;
        let email = Email {
            to: "anne@example.org".into(),
            subject: "s".into(),
            text: "t".into(),
            ..Default::default()
        };
        mail::enqueue(&node.state.db, node.state.clock.now_ms(), &email)
            .await
            .unwrap();
        let mailer = maillage::job_registry(Mailer::from_config(&node.state.config).unwrap());
        assert!(jobs::run_one(&node.state, &mailer).await.unwrap());
        let s = &jobs::all(&node.state.db).await.unwrap()[0];
        assert_eq!(s.attempts, 1);
        assert!(s.done_at.is_none() && s.failed_at.is_none() && s.last_error.is_some());
        // Not due again before the backoff.
        assert!(!jobs::run_one(&node.state, &mailer).await.unwrap());
        // The queue survives a "restart": a fresh node over the same database sees the job.
        let restarted = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        restarted.state.clock.advance(chrono::Duration::hours(2));
        let file_mailer =
            maillage::job_registry(Mailer::from_config(&restarted.state.config).unwrap());
        assert!(jobs::run_one(&restarted.state, &file_mailer).await.unwrap());
        assert!(jobs::all(&node.state.db).await.unwrap()[0]
            .done_at
            .is_some());

        // A job that keeps failing is marked failed after max_attempts.
        mail::enqueue(&node.state.db, node.state.clock.now_ms(), &email)
            .await
            .unwrap();
        for _ in 0..8 {
            node.state.clock.advance(chrono::Duration::hours(2));
            assert!(jobs::run_one(&node.state, &mailer).await.unwrap());
        }
        let s = &jobs::all(&node.state.db).await.unwrap()[1];
        assert_eq!(s.attempts, 8);
        assert!(s.failed_at.is_some());
        node.state.clock.advance(chrono::Duration::hours(2));
        assert!(!jobs::run_one(&node.state, &mailer).await.unwrap());
    }
);
