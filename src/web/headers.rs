//! Security headers on every response.

use axum::extract::Request;
use axum::http::header::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

pub async fn layer(req: Request, next: Next) -> Response {
    let had_flash = crate::auth::session::read_cookie(req.headers(), super::FLASH_COOKIE).is_some();
    let mut res = next.run(req).await;
    let redirect = res.status().is_redirection();
    let h = res.headers_mut();
    // A flash message is shown once: the page that displayed it clears it.
    if had_flash && !redirect {
        h.append(
            axum::http::header::SET_COOKIE,
            HeaderValue::from_static("flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
        );
    }
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        if !h.contains_key(k) {
            h.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
    };
    set(h, "content-security-policy", CSP);
    set(h, "x-content-type-options", "nosniff");
    // The embeddable map (`/carte/integrer`) sets its own CSP with `frame-ancestors *`.
    if h.remove("x-maillage-embeddable").is_none() {
        set(h, "x-frame-options", "DENY");
    }
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(self)",
    );
    set(h, "cross-origin-opener-policy", "same-origin");
    res
}
