//! Server-side downloads (importing an agenda by URL) that cannot be turned against the
//! server's own network (SSRF): only `http`/`https`; the host is resolved by us and every
//! address that is not public — private, loopback, link-local (cloud metadata), multicast,
//! unspecified, CGNAT, unique-local, documentation, IPv4-mapped or embedded private — is
//! dropped before connecting, so the connection can only go to a checked address (and the
//! address actually connected to is checked again on the answer). A literal IP in the URL is
//! checked the same way; every redirect (5 at most) goes through the same rules. No proxy from
//! the environment is used (it would resolve the name itself). Total time and size are bounded,
//! and the body is read in chunks so a too large answer is cut short.
//!
//! `fetch_allow_private` in the configuration (`MAILLAGE_FETCH_ALLOW_PRIVATE=true`) lifts the
//! address rule, for a self-hosted intranet and the tests; the other limits stay.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// Limits of one download.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Private and local addresses are reachable (intranet, tests).
    pub allow_private: bool,
    pub timeout: Duration,
    pub max_bytes: usize,
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            allow_private: false,
            timeout: Duration::from_secs(15),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// Why a download failed; the message is French, for the pages, the API and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("adresse invalide (seules les adresses http:// et https:// sont acceptées)")]
    BadUrl,
    #[error("l'adresse {0} mène à un réseau privé ou local, refusé")]
    Blocked(String),
    #[error("nom de domaine introuvable : {0}")]
    Unresolved(String),
    #[error("trop de redirections (5 au plus)")]
    TooManyRedirects,
    #[error("le serveur n'a pas répondu dans les 15 secondes")]
    Timeout,
    #[error("le fichier dépasse la taille maximale ({0} Mo)")]
    TooLarge(usize),
    #[error("le serveur a répondu {0}")]
    Status(u16),
    #[error("connexion impossible : {0}")]
    Network(String),
}

/// Is this an address a public server may have? Refuses everything that reaches the
/// machine itself or a private network.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || a == 0 // "this network" 0.0.0.0/8
        || ip.is_loopback() // 127.0.0.0/8
        || ip.is_private() // 10/8, 172.16/12, 192.168/16
        || ip.is_link_local() // 169.254/16, cloud metadata
        || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments 192.0.0/24
        || ip.is_documentation() // 192.0.2/24, 198.51.100/24, 203.0.113/24
        || (a == 198 && (b == 18 || b == 19)) // benchmarking 198.18/15
        || ip.is_multicast() // 224/4
        || a >= 240) // reserved 240/4 and broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        // ::ffff:a.b.c.d
        return is_public_v4(v4);
    }
    let s = ip.segments();
    // NAT64 64:ff9b::/96 and 6to4 2002::/16 carry an IPv4 address: judge that one.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(Ipv4Addr::new(
            (s[6] >> 8) as u8,
            s[6] as u8,
            (s[7] >> 8) as u8,
            s[7] as u8,
        ));
    }
    if s[0] == 0x2002 {
        return is_public_v4(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    // Only global unicast 2000::/3, less documentation 2001:db8::/32 and Teredo 2001::/32
    // (which tunnels to anything). This also refuses ::, ::1, the deprecated IPv4-compatible
    // ::a.b.c.d, fc00::/7 (ULA), fe80::/10 (link-local), fec0::/10 and ff00::/8 (multicast).
    (s[0] & 0xe000) == 0x2000 && !(s[0] == 0x2001 && (s[1] == 0x0db8 || s[1] == 0))
}

/// Resolves names itself and keeps only the addresses the rules allow.
struct CheckedResolver {
    allow_private: bool,
}

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|_| {
                    Box::new(FetchError::Unresolved(host.clone()))
                        as Box<dyn std::error::Error + Send + Sync>
                })?
                .collect();
            if found.is_empty() {
                return Err(Box::new(FetchError::Unresolved(host)) as _);
            }
            let allowed: Vec<SocketAddr> = found
                .into_iter()
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(FetchError::Blocked(host)) as _);
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Checks a URL before requesting it (the first one and every redirect): scheme, and a
/// literal IP address (which no resolver sees).
fn check_url(url: &url::Url, allow_private: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::BadUrl);
    }
    match url.host() {
        None => Err(FetchError::BadUrl),
        Some(url::Host::Ipv4(ip)) if !allow_private && !is_public_v4(ip) => {
            Err(FetchError::Blocked(ip.to_string()))
        }
        Some(url::Host::Ipv6(ip)) if !allow_private && !is_public_v6(ip) => {
            Err(FetchError::Blocked(ip.to_string()))
        }
        Some(_) => Ok(()),
    }
}

/// Finds our own error in the chain of a client error.
fn classify(e: &reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if let Some(f) = s.downcast_ref::<FetchError>() {
            return f.clone();
        }
        source = s.source();
    }
    if e.is_timeout() {
        FetchError::Timeout
    } else if e.is_redirect() {
        FetchError::TooManyRedirects
    } else {
        // The innermost cause is the readable one ("connection refused"…).
        let mut last = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            last = s.to_string();
            source = s.source();
        }
        FetchError::Network(last)
    }
}

/// Downloads `raw_url` under `limits`; answers the body.
pub async fn get(raw_url: &str, limits: Limits) -> Result<Vec<u8>, FetchError> {
    let url = url::Url::parse(raw_url.trim()).map_err(|_| FetchError::BadUrl)?;
    check_url(&url, limits.allow_private)?;
    let allow_private = limits.allow_private;
    let max_redirects = limits.max_redirects;
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() > max_redirects {
            return attempt.error(FetchError::TooManyRedirects);
        }
        match check_url(attempt.url(), allow_private) {
            Ok(()) => attempt.follow(),
            Err(e) => attempt.error(e),
        }
    });
    let client = reqwest::Client::builder()
        .no_proxy()
        .dns_resolver(Arc::new(CheckedResolver { allow_private }))
        .redirect(policy)
        .timeout(limits.timeout)
        .connect_timeout(limits.timeout)
        .user_agent(concat!("Maillage/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Network(e.to_string()))?;
    let mut res = client
        .get(url)
        .header(
            reqwest::header::ACCEPT,
            "text/calendar, text/plain;q=0.5, */*;q=0.1",
        )
        .send()
        .await
        .map_err(|e| classify(&e))?;
    // The address actually connected to, checked again.
    if let Some(addr) = res.remote_addr() {
        if !allow_private && !is_public(addr.ip()) {
            return Err(FetchError::Blocked(addr.ip().to_string()));
        }
    }
    if !res.status().is_success() {
        return Err(FetchError::Status(res.status().as_u16()));
    }
    let too_large = FetchError::TooLarge(limits.max_bytes / (1024 * 1024));
    if res
        .content_length()
        .is_some_and(|n| n > limits.max_bytes as u64)
    {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|e| classify(&e))? {
        if body.len() + chunk.len() > limits.max_bytes {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_and_local_addresses_are_refused() {
        for a in [
            "127.0.0.1",
            "127.1.2.3",
            "0.0.0.0",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.254",
            "192.168.1.10",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.0.8",
            "198.18.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:0101::1",
            "2001:db8::1",
            "2001:0:4136:e378::1",
        ] {
            assert!(!is_public(ip(a)), "{a} should be refused");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for a in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.216.34",
            "172.32.0.1",
            "100.128.0.1",
            "192.0.1.1",
            "2606:4700:4700::1111",
            "2a01:4f8::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(ip(a)), "{a} should be allowed");
        }
    }

    #[test]
    fn urls_are_checked_before_any_request() {
        let check = |u: &str, allow| check_url(&url::Url::parse(u).unwrap(), allow);
        assert_eq!(
            check("ftp://example.org/a.ics", false),
            Err(FetchError::BadUrl)
        );
        assert_eq!(check("file:///etc/passwd", true), Err(FetchError::BadUrl));
        assert!(matches!(
            check("http://127.0.0.1:8080/a.ics", false),
            Err(FetchError::Blocked(_))
        ));
        assert!(matches!(
            check("http://[::ffff:7f00:1]/a.ics", false),
            Err(FetchError::Blocked(_))
        ));
        assert!(matches!(
            check("http://169.254.169.254/latest/meta-data/", false),
            Err(FetchError::Blocked(_))
        ));
        assert_eq!(check("http://127.0.0.1:8080/a.ics", true), Ok(()));
        assert_eq!(check("https://agenda.example.org/a.ics", false), Ok(()));
    }

    #[tokio::test]
    async fn names_resolving_to_local_addresses_are_refused() {
        // `localhost` resolves to 127.0.0.1 / ::1: refused before any connection.
        let e = get("http://localhost:9/agenda.ics", Limits::default())
            .await
            .unwrap_err();
        assert_eq!(e, FetchError::Blocked("localhost".into()));
        let e = get("http://127.0.0.1:9/agenda.ics", Limits::default())
            .await
            .unwrap_err();
        assert_eq!(e, FetchError::Blocked("127.0.0.1".into()));
        assert_eq!(
            get("gopher://example.org/", Limits::default()).await,
            Err(FetchError::BadUrl)
        );
    }
}
