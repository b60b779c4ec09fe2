//! Newsletter messages handed to an SMTP sink per second: by the sending of an issue through
//! the job queue (one leased delivery row per recipient, the message built from the issue's
//! frozen content with its signed links, each result recorded), against a plain `lettre`
//! loop sending the same number of messages to the same sink with the same transport
//! settings, one after the other in the same run. Not run in CI.
//!
//!     cargo bench --bench letters                      # N=1000, SQLite, in-process sink
//!     MAILLAGE_TEST_SMTP=127.0.0.1:2525 N=2000 cargo bench --bench letters   # aiosmtpd
//!     MAILLAGE_BENCH_PG_URL=postgres://postgres@127.0.0.1/bench cargo bench --bench letters
//!
//! Prints one Markdown row for BENCHMARKS.md.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use maillage::clock::Clock;
use maillage::config::{Config, SmtpTls};
use maillage::db::Db;
use maillage::letters::model::Block;
use maillage::news::model::ListScope;
use maillage::state::AppState;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A minimal SMTP sink in this process: accepts every message, counts them.
async fn sink() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
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
                let mut line = String::new();
                loop {
                    line.clear();
                    if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let up = line.to_ascii_uppercase();
                    let answer: &[u8] = if up.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if up.starts_with("DATA") {
                        let _ = w.write_all(b"354 Go ahead\r\n").await;
                        loop {
                            line.clear();
                            if r.read_line(&mut line).await.unwrap_or(0) == 0 || line == ".\r\n" {
                                break;
                            }
                        }
                        seen.fetch_add(1, Ordering::Relaxed);
                        b"250 OK\r\n"
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
    (port, count)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let (host, port, sink_name) = match std::env::var("MAILLAGE_TEST_SMTP") {
        Ok(addr) => {
            let (h, p) = addr.rsplit_once(':').unwrap();
            (
                h.to_string(),
                p.parse::<u16>().unwrap(),
                "aiosmtpd".to_string(),
            )
        }
        Err(_) => {
            let (p, _) = sink().await;
            ("127.0.0.1".to_string(), p, "in-process sink".to_string())
        }
    };
    let data = tempfile::tempdir().unwrap();
    let (url, engine) = match std::env::var("MAILLAGE_BENCH_PG_URL") {
        Ok(u) => (u, "PostgreSQL"),
        Err(_) => (
            format!("sqlite://{}/bench.db", data.path().display()),
            "SQLite",
        ),
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let mut config = Config {
        database_url: url.clone(),
        data_dir: data.path().to_path_buf(),
        base_url: "https://maillage.example.org".into(),
        smtp_host: host.clone(),
        smtp_port: port,
        smtp_tls: SmtpTls::None,
        mail_from: "Réseau <lettre@example.org>".into(),
        newsletter_rate_per_minute: 1_000_000,
        run_jobs: false,
        ..Config::default()
    };
    config.finish().unwrap();
    let state = AppState::new(db, config, Clock::default());
    let stamp = chrono::Utc::now().timestamp_millis();

    // A network, its list, N confirmed subscribers, an issue with a free text.
    let user = maillage::accounts::repo::insert_user(
        &state.db,
        &format!("bench-{stamp}@example.org"),
        "Bench",
        "x",
        Some(0),
        0,
    )
    .await
    .unwrap()
    .unwrap();
    let net = maillage::tenancy::repo::insert_network(
        &state.db,
        "Réseau d'essai",
        &format!("bench-{stamp}"),
        "",
        0,
    )
    .await
    .unwrap();
    let list = maillage::news::repo::insert_list(
        &state.db,
        ListScope::Network(net.id),
        "Lettre d'essai",
        "Consentement",
        user,
        0,
    )
    .await
    .unwrap();
    let prefix = format!("q{stamp}-");
    for i in 0..n {
        maillage::news::repo::insert_certified(
            &state.db,
            list.id,
            &format!("{prefix}{i}@example.org"),
            "Consentement",
            user,
            0,
        )
        .await
        .unwrap();
    }
    let blocks = serde_json::to_string(&vec![Block::Text {
        body: maillage::text::sanitize_html("Bonjour à toutes et à tous,\n\nVoici les nouvelles du mois : ateliers, rencontres, formations."),
    }])
    .unwrap();
    let id = maillage::letters::repo::insert_issue(
        &state.db,
        list.id,
        "Lettre d'essai",
        &blocks,
        user,
        0,
    )
    .await
    .unwrap();

    // 1. A plain lettre loop: the same number of messages, same transport settings.
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
        .port(port)
        .build();
    let started = Instant::now();
    for i in 0..n {
        let msg = lettre::Message::builder()
            .from("Réseau <lettre@example.org>".parse().unwrap())
            .to(format!("p{stamp}-{i}@example.org").parse().unwrap())
            .subject("Lettre d'essai")
            .body("Bonjour à toutes et à tous, voici les nouvelles du mois.".to_string())
            .unwrap();
        transport.send(msg).await.unwrap();
    }
    let plain = n as f64 / started.elapsed().as_secs_f64();

    // 2. The queue: launch the issue, run the jobs until it is sent.
    let issue = maillage::letters::repo::issue_by_id(&state.db, id)
        .await
        .unwrap()
        .unwrap();
    let registry =
        maillage::job_registry(maillage::mail::Mailer::from_config(&state.config).unwrap());
    let started = Instant::now();
    maillage::letters::service::launch(&state, &issue, &list, None)
        .await
        .unwrap();
    loop {
        while maillage::jobs::run_one(&state, &registry).await.unwrap() {}
        let i = maillage::letters::repo::issue_by_id(&state.db, id)
            .await
            .unwrap()
            .unwrap();
        if i.status == maillage::letters::model::IssueStatus::Sent {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let queue = n as f64 / started.elapsed().as_secs_f64();
    let figures = maillage::letters::repo::figures(
        &state.db,
        &maillage::letters::repo::issue_by_id(&state.db, id)
            .await
            .unwrap()
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(figures.sent as usize, n, "every message handed over");

    println!(
        "| date (UTC) | engine | sink | messages | plain lettre loop msg/s | queue msg/s | ratio |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    println!(
        "| {} | {engine} | {sink_name} | {n} | {plain:.0} | {queue:.0} | {:.0} % |",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        queue / plain * 100.0
    );
}
