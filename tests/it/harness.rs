//! `TestApp`: a real server on a loopback port over a fresh database (a SQLite file in a
//! temporary directory, or a new PostgreSQL database dropped afterwards), a cookie-keeping
//! HTTP client, and helpers to read the emails the app sent.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use maillage::clock::Clock;
use maillage::config::Config;
use maillage::db::Db;
use maillage::ids::UserId;
use maillage::state::AppState;
use reqwest::header::{HeaderMap, HeaderValue};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs the same async story on both backends: `both!(name, |app| async move { … });`
#[macro_export]
macro_rules! both {
    ($name:ident, $story:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::harness::TestApp::new($crate::harness::Backend::Sqlite).await;
                // The story may capture only part of `app`: keep the database alive.
                let _db = app.db.clone();
                ($story)(app).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let app = $crate::harness::TestApp::new($crate::harness::Backend::Postgres).await;
                let _db = app.db.clone();
                ($story)(app).await;
            }
        }
    };
}

pub fn pg_admin_url() -> String {
    std::env::var("MAILLAGE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// A database for one test; dropped (PostgreSQL) or deleted (SQLite) at the end.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
    _dir: tempfile::TempDir,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        match backend {
            Backend::Sqlite => TestDb {
                url: format!("sqlite://{}", dir.path().join("maillage.db").display()),
                pg_name: None,
                _dir: dir,
            },
            Backend::Postgres => {
                static N: AtomicU64 = AtomicU64::new(0);
                let name = format!(
                    "maillage_test_{}_{}_{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed),
                    rand_suffix()
                );
                let admin = sqlx::PgPool::connect(&pg_admin_url())
                    .await
                    .expect("PostgreSQL for tests (MAILLAGE_TEST_PG_URL)");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&admin)
                    .await
                    .unwrap();
                admin.close().await;
                let mut url = url::Url::parse(&pg_admin_url()).unwrap();
                url.set_path(&name);
                TestDb {
                    url: url.to_string(),
                    pg_name: Some(name),
                    _dir: dir,
                }
            }
        }
    }
}

fn rand_suffix() -> String {
    maillage::auth::secret::random_token()
        .chars()
        .filter(|c| c.is_ascii_lowercase())
        .take(6)
        .collect()
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Drop from a thread of its own: we may be inside the test's runtime.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async {
                    if let Ok(admin) = sqlx::PgPool::connect(&pg_admin_url()).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&admin)
                                .await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub backend: Backend,
    pub state: AppState,
    pub base: String,
    pub client: reqwest::Client,
    pub data_dir: PathBuf,
    pub db: std::sync::Arc<TestDb>,
    _data: std::sync::Arc<tempfile::TempDir>,
}

/// Every response says how many SQL statements it ran (`x-sql-statements`, PostgreSQL): the
/// process-wide subscriber holds the counting layer, installed once.
fn count_sql() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use tracing_subscriber::layer::SubscriberExt;
        let subscriber = tracing_subscriber::registry().with(maillage::web::sqlcount::layer());
        if tracing::subscriber::set_global_default(subscriber).is_ok() {
            maillage::web::sqlcount::enable();
        }
    });
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        let db = std::sync::Arc::new(TestDb::new(backend).await);
        Self::on(backend, db, |_| {}).await
    }

    /// A node over an existing test database (several nodes may share one), with a tweak of
    /// the configuration.
    pub async fn on(
        backend: Backend,
        db: std::sync::Arc<TestDb>,
        tweak: impl FnOnce(&mut Config),
    ) -> TestApp {
        count_sql();
        let data = std::sync::Arc::new(tempfile::tempdir().unwrap());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut config = Config {
            database_url: db.url.clone(),
            listen: addr.to_string(),
            data_dir: data.path().to_path_buf(),
            base_url: format!("http://{addr}"),
            run_jobs: false,
            rate_limit_attempts: 1000,
            login_ip_failures: 1000,
            ..Config::default()
        };
        tweak(&mut config);
        config.finish().unwrap();
        let pool = Db::connect(&config.database_url).await.unwrap();
        pool.migrate().await.unwrap();
        let state = AppState::new(pool, config, Clock::default());
        let app = maillage::build_router(state.clone());
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            .unwrap();
        });
        let base = format!("http://{addr}");
        TestApp {
            backend,
            client: browser_client(&base),
            data_dir: data.path().to_path_buf(),
            state,
            base,
            db,
            _data: data,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A new client with its own cookie jar (another browser).
    pub fn new_browser(&self) -> reqwest::Client {
        browser_client(&self.base)
    }

    /// The OpenAPI document the server publishes.
    pub async fn openapi(&self) -> serde_json::Value {
        let res = self.get("/api/v1/openapi.json").await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn api_get(&self, path: &str, token: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn api_post(
        &self,
        path: &str,
        token: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// `POST path` with a multipart form and a bearer token: the status and the JSON answer
    /// (`null` when the body is not JSON).
    pub async fn api_multipart(
        &self,
        path: &str,
        token: &str,
        form: reqwest::multipart::Form,
    ) -> (u16, serde_json::Value) {
        let res = reqwest::Client::new()
            .post(self.url(path))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// A confirmed account with a known password; `role` may be `Some("instance_admin")`.
    pub async fn user(&self, email: &str, name: &str) -> UserId {
        maillage::accounts::service::create_confirmed_user(&self.state, email, name, PASSWORD)
            .await
            .unwrap()
            .id
    }

    pub async fn instance_admin(&self, email: &str) -> UserId {
        let id = self.user(email, "Admin").await;
        maillage::accounts::repo::grant_role(
            &self.state.db,
            id,
            maillage::accounts::model::RoleKind::InstanceAdmin,
            None,
            None,
            0,
        )
        .await
        .unwrap();
        id
    }

    pub async fn token_for(&self, user_id: UserId) -> String {
        maillage::accounts::service::create_token(&self.state, user_id, "test", "127.0.0.1")
            .await
            .unwrap()
    }

    /// Logs `client` in through the login form.
    pub async fn login_as(&self, client: &reqwest::Client, email: &str) -> reqwest::Response {
        client
            .post(self.url("/connexion"))
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await
            .unwrap()
    }

    /// Runs every due job through the file outbox and returns the emails written since the
    /// last call, parsed.
    pub async fn drain_emails(&self) -> Vec<SentEmail> {
        let jobs = maillage::job_registry(
            maillage::mail::Mailer::from_config(&self.state.config).unwrap(),
        );
        while maillage::jobs::run_one(&self.state, &jobs).await.unwrap() {}
        let dir = self.data_dir.join("outbox");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let raw = std::fs::read(&path).unwrap();
            std::fs::remove_file(&path).unwrap();
            if path.extension().is_some_and(|e| e == "eml") {
                out.push(SentEmail::parse(&raw));
            }
        }
        out
    }

    /// The single email sent to `to` since the last drain.
    pub async fn email_to(&self, to: &str) -> SentEmail {
        let mut mails: Vec<SentEmail> = self
            .drain_emails()
            .await
            .into_iter()
            .filter(|m| m.to == to)
            .collect();
        assert_eq!(
            mails.len(),
            1,
            "expected one email to {to}, got {}",
            mails.len()
        );
        mails.remove(0)
    }
}

pub const PASSWORD: &str = "mot de passe de test 123";

fn browser_client(base: &str) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    // What a browser sends on a same-origin form post.
    headers.insert("origin", HeaderValue::from_str(base).unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

#[derive(Debug, Clone)]
pub struct SentEmail {
    pub to: String,
    pub subject: String,
    pub text: String,
    /// `(file name, content type, text content)` of each attachment.
    pub attachments: Vec<(String, String, String)>,
}

impl SentEmail {
    pub fn parse(raw: &[u8]) -> SentEmail {
        let msg = mail_parser::MessageParser::default()
            .parse(raw)
            .expect("a MIME message");
        SentEmail {
            to: msg
                .to()
                .and_then(|a| a.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_string(),
            subject: msg.subject().unwrap_or_default().to_string(),
            text: msg.body_text(0).unwrap_or_default().to_string(),
            attachments: msg
                .attachments()
                .map(|a| {
                    use mail_parser::MimeHeaders;
                    let ct = a
                        .content_type()
                        .map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or_default()))
                        .unwrap_or_default();
                    (
                        a.attachment_name().unwrap_or_default().to_string(),
                        ct,
                        String::from_utf8_lossy(a.contents()).to_string(),
                    )
                })
                .collect(),
        }
    }

    /// The path of the first link to this app in the email (`/confirmation/…`).
    pub fn link_path(&self, base: &str) -> String {
        let start = self.text.find(base).expect("a link in the email") + base.len();
        self.text[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    }
}

/// The value of `Location` of a redirect.
pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

// ---- images for the photo tests (spaces, places, events) ----

/// A `w` × `h` PNG with a gradient (so it is not trivially compressible).
pub fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A `w` × `h` JPEG carrying an EXIF segment (APP1: "Exif", a big-endian TIFF header, an
/// empty IFD) that ends with `marker`, as a phone writes its GPS position.
pub fn jpeg_with_exif(w: u32, h: u32, marker: &[u8]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 200])
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    let mut payload = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0\0\0\0\0".to_vec();
    payload.extend_from_slice(marker);
    let len = (payload.len() + 2) as u16;
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    assert!(image::load_from_memory(&out).is_ok());
    out
}

/// The multipart form of a photo upload: its text alternative and, optionally, the file.
pub fn photo_form(alt: &str, file: Option<(&str, Vec<u8>)>) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new().text("alt", alt.to_string());
    if let Some((name, bytes)) = file {
        f = f.part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    }
    f
}

/// `method path` with a bearer token and a JSON body: the status and the JSON answer (`null`
/// when the body is not JSON).
pub async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let res = reqwest::Client::new()
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(serde_json::Value::Null))
}

/// The network a project names accepts to follow it (issue 14, finding 2: naming a network is
/// a request), as its admin would on the dashboard.
pub async fn follow(app: &TestApp, project_id: i64) {
    let p = maillage::projects::repo::project_by_id(
        &app.state.db,
        maillage::ids::ProjectId(project_id),
    )
    .await
    .unwrap()
    .unwrap();
    maillage::projects::service::decide_network(&app.state, None, &p, true)
        .await
        .unwrap();
}

/// How many SQL statements the server ran for `res` (`x-sql-statements`, counted on
/// PostgreSQL only): `None` when the header is absent; a malformed header fails the test.
pub fn statements(res: &reqwest::Response) -> Option<u32> {
    res.headers()
        .get("x-sql-statements")
        .map(|v| v.to_str().unwrap().parse().unwrap())
}
