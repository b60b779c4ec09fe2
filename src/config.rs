//! Configuration: defaults, then an optional TOML file, then `MAILLAGE_*` environment variables.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// A secret value: never printed by `Debug` or `Display`.
#[derive(Clone, Default, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(pub String);

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient_string(d).map(Secret)
    }
}

/// A string that an environment variable may have made look like a number (`1234`).
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        S(String),
        U(u64),
        I(i64),
        F(f64),
        B(bool),
    }
    Ok(match Scalar::deserialize(d)? {
        Scalar::S(s) => s,
        Scalar::U(n) => n.to_string(),
        Scalar::I(n) => n.to_string(),
        Scalar::F(n) => n.to_string(),
        Scalar::B(b) => b.to_string(),
    })
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("\"\"")
        } else {
            f.write_str("\"***\"")
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP (a local relay, or tests).
    None,
    /// STARTTLS on the submission port (587).
    Starttls,
    /// Implicit TLS (465).
    Tls,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`. Empty: a SQLite file under `data_dir`.
    pub database_url: String,
    /// Address the HTTP server listens on.
    pub listen: String,
    /// Where the SQLite file, the file outbox and uploads live.
    pub data_dir: PathBuf,
    /// The public URL of the site (links in emails, Origin check, Secure cookies when https).
    pub base_url: String,
    /// SMTP relay host. Empty: emails are written to `data_dir/outbox/` as `.eml` files.
    pub smtp_host: String,
    pub smtp_port: u16,
    #[serde(deserialize_with = "lenient_string")]
    pub smtp_username: String,
    pub smtp_password: Secret,
    pub smtp_tls: SmtpTls,
    /// The `From:` of outgoing emails.
    pub mail_from: String,
    /// Reverse proxies whose `X-Forwarded-For` is trusted (IP addresses or CIDR ranges).
    pub trusted_proxies: Vec<String>,
    /// Attempts allowed per client IP within `rate_limit_window_secs` for sign-up, password
    /// reset and service requests.
    pub rate_limit_attempts: i64,
    pub rate_limit_window_secs: i64,
    /// Failed logins an account may have before it waits 30 s, then 1 min, 2 min… (at most
    /// `rate_limit_window_secs`) between tries (`auth::throttle`).
    pub login_account_failures: i64,
    /// Failed logins from one client IP within `rate_limit_window_secs` before it is blocked
    /// until the window ends: high, since a tiers-lieu's members share one address.
    pub login_ip_failures: i64,
    /// The census's small-numbers rule: a published figure drawn from fewer places than this
    /// is hidden (at least 2, so that one place's answer is never shown alone).
    pub census_min_places: i64,
    /// How many newsletter messages the sending of an issue hands to the SMTP relay per
    /// minute, over all nodes (`MAILLAGE_NEWSLETTER_RATE_PER_MINUTE`; most relays cap it).
    pub newsletter_rate_per_minute: i64,
    /// The monthly allowance of a civic-service volunteer, in cents, shown on the job board's
    /// service civique offers (`MAILLAGE_CIVIC_SERVICE_ALLOWANCE_CENTS`): the State's
    /// allowance plus the host's minimal benefit, indexed on the civil service's index
    /// (code du service national, art. R121-23 and R121-25); 619,83 € in 2024–2025.
    pub civic_service_allowance_cents: i64,
    /// Lifetime of a browser session, in hours.
    pub session_hours: i64,
    /// Run the email worker in this process.
    pub run_jobs: bool,
    /// Log filter (tracing `EnvFilter` syntax).
    pub log: String,
    /// Map tiles (`{z}/{x}/{y}` template); its origin is added to the CSP of map pages.
    pub map_tile_url: String,
    /// Let server-side downloads (import of an agenda by URL) reach private, loopback and
    /// link-local addresses: only for a self-hosted intranet (and the tests). Default false.
    pub fetch_allow_private: bool,
    /// When set (`MAILLAGE_METRICS_TOKEN`), `/metrics` answers only requests carrying
    /// `Authorization: Bearer <metrics_token>`; empty: `/metrics` is open (restrict it at the
    /// reverse proxy then).
    pub metrics_token: Secret,
    /// Count the SQL statements of each request into the `x-sql-statements` response header
    /// (`MAILLAGE_COUNT_SQL=true`, for benchmarks; PostgreSQL only). Default false.
    pub count_sql: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: String::new(),
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            base_url: String::new(),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_username: String::new(),
            smtp_password: Secret::default(),
            smtp_tls: SmtpTls::Starttls,
            mail_from: "Maillage <ne-pas-repondre@localhost>".into(),
            trusted_proxies: Vec::new(),
            rate_limit_attempts: 10,
            rate_limit_window_secs: 900,
            login_account_failures: 5,
            login_ip_failures: 100,
            census_min_places: 3,
            newsletter_rate_per_minute: 600,
            civic_service_allowance_cents: 61_983,
            session_hours: 24 * 14,
            run_jobs: true,
            log: "info,sqlx=warn".into(),
            map_tile_url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            fetch_allow_private: false,
            metrics_token: Secret::default(),
            count_sql: false,
        }
    }
}

impl Config {
    /// Defaults, then the TOML file (if given, or `maillage.toml` if present), then the
    /// environment (`MAILLAGE_DATABASE_URL`, `MAILLAGE_LISTEN`, …; lists are comma-separated).
    pub fn load(file: Option<&std::path::Path>) -> anyhow::Result<Config> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(path) => {
                if !path.exists() {
                    anyhow::bail!("fichier de configuration introuvable : {}", path.display());
                }
                fig = fig.merge(Toml::file(path));
            }
            None => fig = fig.merge(Toml::file("maillage.toml")),
        }
        let mut cfg: Config = fig
            .merge(Env::prefixed("MAILLAGE_").ignore(&["trusted_proxies"]))
            .extract()?;
        if let Ok(list) = std::env::var("MAILLAGE_TRUSTED_PROXIES") {
            cfg.trusted_proxies = list
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
        cfg.finish()?;
        Ok(cfg)
    }

    /// Fills derived defaults and checks values.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        if self.database_url.is_empty() {
            self.database_url = format!("sqlite://{}/maillage.db", self.data_dir.display());
        }
        if self.base_url.is_empty() {
            self.base_url = format!("http://{}", self.listen);
        }
        self.base_url = self.base_url.trim_end_matches('/').to_string();
        url::Url::parse(&self.base_url)
            .map_err(|e| anyhow::anyhow!("MAILLAGE_BASE_URL invalide ({}) : {e}", self.base_url))?;
        if !(1..=1_000_000).contains(&self.newsletter_rate_per_minute) {
            anyhow::bail!(
                "MAILLAGE_NEWSLETTER_RATE_PER_MINUTE doit être entre 1 et 1 000 000 ({})",
                self.newsletter_rate_per_minute
            );
        }
        if !(0..=1_000_000).contains(&self.civic_service_allowance_cents) {
            anyhow::bail!(
                "MAILLAGE_CIVIC_SERVICE_ALLOWANCE_CENTS doit être entre 0 et 1 000 000 ({})",
                self.civic_service_allowance_cents
            );
        }
        for p in &self.trusted_proxies {
            parse_net(p).ok_or_else(|| anyhow::anyhow!("proxy de confiance invalide : {p}"))?;
        }
        Ok(())
    }

    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// `scheme://host[:port]` of the base URL, compared with the `Origin` header.
    pub fn origin(&self) -> String {
        url::Url::parse(&self.base_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default()
    }

    pub fn trusted_proxy_nets(&self) -> Vec<(IpAddr, u8)> {
        self.trusted_proxies
            .iter()
            .filter_map(|p| parse_net(p))
            .collect()
    }
}

/// Parses `1.2.3.4`, `::1` or `10.0.0.0/8` into an address and a prefix length.
pub fn parse_net(s: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = match s.split_once('/') {
        Some((a, l)) => (a.parse::<IpAddr>().ok()?, l.parse::<u8>().ok()?),
        None => {
            let a = s.parse::<IpAddr>().ok()?;
            (a, if a.is_ipv4() { 32 } else { 128 })
        }
    };
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some((addr, len))
}

/// Is `ip` inside the network `(net, len)`?
pub fn net_contains(net: (IpAddr, u8), ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    };
    match (net.0, ip) {
        (IpAddr::V4(n), IpAddr::V4(a)) => {
            let mask = if net.1 == 0 {
                0
            } else {
                u32::MAX << (32 - net.1)
            };
            u32::from(n) & mask == u32::from(a) & mask
        }
        (IpAddr::V6(n), IpAddr::V6(a)) => {
            let mask = if net.1 == 0 {
                0
            } else {
                u128::MAX << (128 - net.1)
            };
            u128::from(n) & mask == u128::from(a) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_not_printed() {
        let c = Config {
            smtp_password: Secret("hunter2".into()),
            ..Config::default()
        };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn numeric_secrets_from_the_environment() {
        let fig = Figment::from(Serialized::defaults(Config::default()))
            .merge(Serialized::default("smtp_password", 1234))
            .merge(Serialized::default("smtp_username", 42));
        let c: Config = fig.extract().unwrap();
        assert_eq!(c.smtp_password.0, "1234");
        assert_eq!(c.smtp_username, "42");
    }

    #[test]
    fn networks() {
        let n = parse_net("10.0.0.0/8").unwrap();
        assert!(net_contains(n, "10.1.2.3".parse().unwrap()));
        assert!(!net_contains(n, "11.1.2.3".parse().unwrap()));
        assert!(net_contains(
            parse_net("::1").unwrap(),
            "::1".parse().unwrap()
        ));
        assert!(net_contains(
            parse_net("127.0.0.1").unwrap(),
            "::ffff:127.0.0.1".parse().unwrap()
        ));
        assert!(parse_net("10.0.0.0/33").is_none());
        assert!(parse_net("nope").is_none());
    }

    #[test]
    fn defaults_derive_sqlite_and_base_url() {
        let mut c = Config::default();
        c.finish().unwrap();
        assert_eq!(c.database_url, "sqlite://data/maillage.db");
        assert_eq!(c.base_url, "http://127.0.0.1:8080");
        assert!(!c.secure_cookies());
    }
}
