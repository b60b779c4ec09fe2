//! CSRF defence: every unsafe method must come from our own origin (Fetch Metadata first, then
//! the `Origin` header). Requests authenticated by a bearer token carry no ambient credential
//! and are exempt; they are then judged by the token alone (see `ctx`).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method())
        || super::ctx::bearer(req.headers()).is_some()
        || is_sessionless(req.uri().path())
    {
        return next.run(req).await;
    }
    if same_origin(req.headers(), &state.config.origin()) {
        next.run(req).await
    } else {
        tracing::warn!(path = %req.uri().path(), "cross-origin state change refused");
        AppError::Forbidden.into_response()
    }
}

/// API writes that read no session and that anyone may send from anywhere: a public
/// subscription to a list (`POST /api/v1/lists/{id}/subscriptions`, double opt-in: it only
/// sends a confirmation link to the address given). A forged cross-site request gains
/// nothing a direct one would not.
///
/// And the one-click unsubscription of a newsletter (RFC 8058, `POST /lettres/desinscription`):
/// mail providers post it from their servers, with no `Origin` and no cookie; it reads no
/// session and is authorized by the signature in its URL alone (`letters::service`).
fn is_sessionless(path: &str) -> bool {
    if path == "/lettres/desinscription" {
        return true;
    }
    path.strip_prefix("/api/v1/lists/")
        .and_then(|rest| rest.strip_suffix("/subscriptions"))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

fn is_safe(m: &Method) -> bool {
    matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

pub fn same_origin(headers: &HeaderMap, origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match headers
        .get(axum::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        Some(o) => o.trim_end_matches('/') == origin,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, v.parse().unwrap());
        }
        m
    }

    #[test]
    fn only_public_subscriptions_skip_the_origin_check() {
        assert!(is_sessionless("/api/v1/lists/12/subscriptions"));
        assert!(!is_sessionless("/api/v1/lists/12/subscriptions/1"));
        assert!(!is_sessionless("/api/v1/lists//subscriptions"));
        assert!(!is_sessionless("/api/v1/lists/1/../../news/subscriptions"));
        assert!(!is_sessionless("/api/v1/lists"));
        assert!(is_sessionless("/lettres/desinscription"));
        assert!(!is_sessionless("/lettres/desinscription/x"));
    }

    #[test]
    fn origin_rules() {
        let o = "https://maillage.example";
        assert!(same_origin(&h(&[("sec-fetch-site", "same-origin")]), o));
        assert!(!same_origin(
            &h(&[("sec-fetch-site", "cross-site"), ("origin", o)]),
            o
        ));
        assert!(same_origin(
            &h(&[("origin", "https://maillage.example")]),
            o
        ));
        assert!(!same_origin(&h(&[("origin", "https://evil.example")]), o));
        assert!(!same_origin(&h(&[("origin", "null")]), o));
        assert!(!same_origin(&h(&[]), o));
    }
}
