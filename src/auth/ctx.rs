//! The request context, resolved once per request: who is asking (from the session cookie or
//! a bearer token), in which language, from which IP.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;

use super::identity::{self as repo, Role, RoleKind, User};
use super::session;
use crate::config::{net_contains, Config};
use crate::error::{ApiError, AppError};
use crate::i18n::{AnswerLang, Lang};
use crate::state::AppState;

/// A signed-in person and their roles.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub roles: Vec<Role>,
}

impl Principal {
    pub fn is_instance_admin(&self) -> bool {
        self.roles.iter().any(|r| r.kind == RoleKind::InstanceAdmin)
    }
    pub fn has(&self, kind: RoleKind, network_id: Option<i64>, place_id: Option<i64>) -> bool {
        self.roles
            .iter()
            .any(|r| r.kind == kind && r.network_id == network_id && r.place_id == place_id)
    }
    /// Networks this person administers.
    pub fn admin_networks(&self) -> Vec<i64> {
        self.roles
            .iter()
            .filter(|r| r.kind == RoleKind::NetworkAdmin)
            .filter_map(|r| r.network_id)
            .collect()
    }
    /// Places this person manages directly.
    pub fn managed_places(&self) -> Vec<i64> {
        self.roles
            .iter()
            .filter(|r| r.kind == RoleKind::PlaceManager)
            .filter_map(|r| r.place_id)
            .collect()
    }
}

/// How the person was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthVia {
    None,
    Session,
    Bearer,
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub user: Option<Principal>,
    pub via: AuthVia,
    /// The session cookie value, when signed in through one.
    pub session_token: Option<String>,
    /// A bearer token was sent but is unknown or revoked.
    pub bad_bearer: bool,
    pub lang: Lang,
    pub ip: IpAddr,
    pub user_agent: String,
    /// Path and query of the request, for "back to where I was" links.
    pub path: String,
}

impl Ctx {
    pub fn require_user(&self) -> Result<&Principal, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthorized)
    }
    pub fn user_id(&self) -> Option<crate::ids::UserId> {
        self.user.as_ref().map(|p| p.user.id)
    }
    pub fn ip_string(&self) -> String {
        self.ip.to_string()
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let ctx = resolve(parts, state).await?;
        if let Some(answer) = parts.extensions.get::<AnswerLang>() {
            answer.set(ctx.lang);
        }
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

async fn resolve(parts: &Parts, state: &AppState) -> Result<Ctx, AppError> {
    let now = state.clock.now_ms();
    let headers = &parts.headers;
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let ip = client_ip(&state.config, peer, headers);
    let mut via = AuthVia::None;
    let mut user_id = None;
    let mut session_token = None;
    let mut bad_bearer = false;
    if let Some(token) = bearer(headers) {
        // A bearer request is judged by its token alone, never by cookies.
        user_id =
            repo::user_by_token(&state.db, &crate::auth::secret::hash_token(token), now).await?;
        if user_id.is_some() {
            via = AuthVia::Bearer;
        } else {
            bad_bearer = true;
        }
    } else if let Some(token) = session::read_cookie(headers, session::COOKIE) {
        user_id = session::user_of(&state.db, token, now).await?;
        if user_id.is_some() {
            via = AuthVia::Session;
            session_token = Some(token.to_string());
        }
    }
    let user = match user_id {
        Some(id) => match repo::user_by_id(&state.db, id).await? {
            Some(user) => {
                let roles = repo::roles_of(&state.db, id).await?;
                Some(Principal { user, roles })
            }
            None => None,
        },
        None => None,
    };
    // The API (which leaves an `AnswerLang` to fill) also listens to `Accept-Language`.
    let api = parts.extensions.get::<AnswerLang>().is_some();
    let lang = requested_lang(headers, api)
        .or_else(|| user.as_ref().and_then(|p| Lang::parse(&p.user.locale)))
        .unwrap_or_default();
    let user_agent = headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "/".into());
    Ok(Ctx {
        user: if via == AuthVia::None { None } else { user },
        via,
        session_token,
        bad_bearer,
        lang,
        ip,
        user_agent,
        path,
    })
}

/// The language a request asks for by itself: the `lang` cookie (the switch in the header),
/// then, when `accept_language` (the API), the `Accept-Language` header. Pages ignore the
/// header: they are French unless one chooses English.
pub fn requested_lang(headers: &HeaderMap, accept_language: bool) -> Option<Lang> {
    session::read_cookie(headers, "lang")
        .and_then(Lang::parse)
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .filter(|_| accept_language)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
}

/// The real client IP: the peer address, unless the peer is a trusted proxy, in which case the
/// right-most address of `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(config: &Config, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
    let nets = config.trusted_proxy_nets();
    let trusted = |ip: IpAddr| nets.iter().any(|n| net_contains(*n, ip));
    if !trusted(peer) {
        return peer;
    }
    let chain: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse::<IpAddr>().ok())
        .collect();
    chain
        .iter()
        .rev()
        .find(|ip| !trusted(**ip))
        .copied()
        .or_else(|| chain.first().copied())
        .unwrap_or(peer)
}

/// The caller, authenticated by a bearer token or a session; 401 otherwise.
pub fn api_user(ctx: &Ctx) -> Result<&Principal, ApiError> {
    match (&ctx.user, ctx.via) {
        (Some(p), AuthVia::Bearer | AuthVia::Session) if !ctx.bad_bearer => Ok(p),
        _ => Err(AppError::Unauthorized.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(proxies: &[&str]) -> Config {
        Config {
            trusted_proxies: proxies.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        }
    }

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", v.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_for_is_trusted_only_from_proxies() {
        let peer: IpAddr = "10.0.0.5".parse().unwrap();
        // Not a trusted proxy: the header is ignored (a client could forge it).
        assert_eq!(client_ip(&cfg(&[]), peer, &xff("203.0.113.9")), peer);
        // Trusted proxy: the right-most untrusted address wins; a forged left part is ignored.
        let c = cfg(&["10.0.0.0/8"]);
        assert_eq!(
            client_ip(&c, peer, &xff("1.1.1.1, 203.0.113.9, 10.0.0.7")),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        assert_eq!(client_ip(&c, peer, &HeaderMap::new()), peer);
    }
}
