//! The `maillage` binary itself, as an administrator runs it: `migrate`, `user create`,
//! `token create`, `demo` (twice: idempotent) and `--help`, on both backends. The account and
//! token it prints are then used against a running server on the same database.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::both;
use crate::harness::TestApp;

pub(crate) fn maillage(app: &TestApp, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_maillage"))
        .args(args)
        .env("MAILLAGE_DATABASE_URL", &app.db.url)
        .env("MAILLAGE_DATA_DIR", &app.data_dir)
        .env_remove("MAILLAGE_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the maillage binary");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

both!(cli_administers_an_instance, |app: TestApp| async move {
    let out = maillage(&app, &["migrate"], None);
    assert!(out.status.success(), "{out:?}");

    let out = maillage(
        &app,
        &[
            "user",
            "create",
            "--email",
            "Claire@Example.org",
            "--name",
            "Claire Admin",
            "--password-stdin",
            "--role",
            "instance-admin",
        ],
        Some("un mot de passe solide 2026\n"),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("Compte créé"), "{}", stdout(&out));
    assert!(
        !stdout(&out).contains("Mot de passe"),
        "no generated password was asked for"
    );

    // The same email again (other case) is refused with a French message and a failure code.
    let out = maillage(
        &app,
        &[
            "user",
            "create",
            "--email",
            "claire@example.org",
            "--name",
            "Autre",
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("existe déjà"),
        "{out:?}"
    );
    // An unknown role is refused.
    let out = maillage(
        &app,
        &[
            "user",
            "create",
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "pape",
        ],
        None,
    );
    assert!(!out.status.success());

    let out = maillage(
        &app,
        &["token", "create", "--email", "claire@example.org"],
        None,
    );
    assert!(out.status.success(), "{out:?}");
    let token = stdout(&out).trim().lines().last().unwrap().to_string();
    assert!(token.len() >= 32, "{token}");
    let me = app.api_get("/api/v1/me", &token).await;
    assert_eq!(me.status(), 200);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["email"], "claire@example.org");
    let unknown = maillage(
        &app,
        &["token", "create", "--email", "nobody@example.org"],
        None,
    );
    assert!(!unknown.status.success());

    // The password typed on stdin opens a browser session.
    let res = app
        .post_form(
            "/connexion",
            &[
                ("email", "claire@example.org"),
                ("password", "un mot de passe solide 2026"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303, "{:?}", res.text().await);

    // The demo loads, then loading it again changes nothing.
    let count = |app: &TestApp| {
        let state = app.state.clone();
        async move {
            let places: i64 = maillage::db_run!(&state.db, |p| sqlx::query_scalar(
                "SELECT COUNT(*) FROM places"
            )
            .fetch_one(p)
            .await)
            .unwrap();
            let users: i64 = maillage::db_run!(&state.db, |p| sqlx::query_scalar(
                "SELECT COUNT(*) FROM users"
            )
            .fetch_one(p)
            .await)
            .unwrap();
            (places, users)
        }
    };
    let out = maillage(&app, &["demo"], None);
    assert!(out.status.success(), "{out:?}");
    let first = count(&app).await;
    assert!(first.0 >= 3, "three demo places at least: {first:?}");
    let out = maillage(&app, &["demo"], None);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(count(&app).await, first);
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("Tiers-lieu de Riez"));
});

#[test]
fn help_everywhere() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["user", "--help"],
        vec!["user", "create", "--help"],
        vec!["token", "create", "--help"],
        vec!["demo", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_maillage"))
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}
