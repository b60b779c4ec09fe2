//! The HTML shell: page chrome (language, signed-in person, flash), embedded assets,
//! security headers, metrics, error pages, and the page-or-htmx-partial helper.

pub mod assets;
pub mod design;
pub mod errors;

pub mod headers;
pub mod icons;
pub mod metrics;
pub mod paging;
pub mod preview;
pub mod sqlcount;

use askama::Template;
use axum::http::header::{HeaderValue, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::auth::Ctx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Lang;

/// What every page's layout needs.
pub struct Chrome {
    pub lang: Lang,
    pub user_name: Option<String>,
    pub is_admin_anywhere: bool,
    pub flash: Option<String>,
    pub path: String,
    pub title: String,
}

impl Chrome {
    pub fn new(ctx: &Ctx, headers: &HeaderMap, title_key: &str) -> Chrome {
        let lang = ctx.lang;
        let flash = crate::auth::session::read_cookie(headers, FLASH_COOKIE)
            .filter(|k| is_flash_key(k))
            .map(|k| lang.t(k));
        Chrome {
            lang,
            user_name: ctx.user.as_ref().map(|p| p.user.display_name.clone()),
            is_admin_anywhere: ctx.user.as_ref().is_some_and(|p| {
                p.is_instance_admin()
                    || !p.admin_networks().is_empty()
                    || !p.managed_places().is_empty()
            }),
            flash,
            path: ctx.path.clone(),
            title: lang.t(title_key),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn ta(&self, key: &str, name: &str, value: &str) -> String {
        self.lang.ta(key, &[(name, value)])
    }

    /// The message of a field's error, if any.
    pub fn err(&self, errors: &FieldErrors, field: &str) -> String {
        errors
            .get(field)
            .map(|k| self.lang.t(k))
            .unwrap_or_default()
    }

    /// Is the page in the section at `prefix` (`/lieux` for `/lieux`, `/lieux/riez`,
    /// `/lieux?q=…`)? Marks the header's link to it as the current page.
    pub fn in_section(&self, prefix: &str) -> bool {
        let path = self.path.split(['?', '#']).next().unwrap_or_default();
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn other_code(&self) -> &'static str {
        self.lang.other().code()
    }

    /// The name of a role stored as `network_admin`, `member`…
    pub fn role_label(&self, role: &str) -> String {
        crate::auth::RoleKind::parse(role)
            .map(|k| self.lang.t(k.label_key()))
            .unwrap_or_else(|| role.to_string())
    }

    pub fn when(&self, ms: &i64) -> String {
        crate::clock::paris_display(*ms)
    }

    pub fn when_opt(&self, ms: &Option<i64>) -> String {
        ms.map(crate::clock::paris_display)
            .unwrap_or_else(|| "—".into())
    }
}

pub const FLASH_COOKIE: &str = "flash";

/// Flash messages are message keys of this family only, so a forged cookie shows nothing else.
fn is_flash_key(k: &str) -> bool {
    k.starts_with("flash-") && k.len() < 60 && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// Renders a template as a full HTML page.
pub fn render<T: Template>(t: &T) -> Result<Response, AppError> {
    let body = t.render().map_err(|e| AppError::Internal(e.into()))?;
    Ok(Html(body).into_response())
}

/// Renders with a status (a form re-shown with errors answers 422).
pub fn render_status<T: Template>(status: StatusCode, t: &T) -> Result<Response, AppError> {
    let mut res = render(t)?;
    *res.status_mut() = status;
    Ok(res)
}

/// Is this an htmx request (answer with a fragment)?
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some_and(|v| v == "true")
}

/// 303 See Other to `to`, with a flash message key to show on the next page.
pub fn redirect_flash(to: &str, flash_key: &'static str) -> Response {
    let mut res = redirect(to);
    set_flash(res.headers_mut(), flash_key);
    res
}

pub fn set_flash(headers: &mut HeaderMap, flash_key: &'static str) {
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{FLASH_COOKIE}={flash_key}; Path=/; HttpOnly; SameSite=Lax; Max-Age=60"
    )) {
        headers.append(SET_COOKIE, v);
    }
}

pub fn redirect(to: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

/// A local path to go back to after a form (`next=`), never another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => "/".into(),
    }
}

/// Middleware: every request that may write counts, once answered, as a write for this
/// node's page cache (see [`crate::cache`]).
pub async fn page_cache_writes(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let write = !matches!(
        *req.method(),
        axum::http::Method::GET
            | axum::http::Method::HEAD
            | axum::http::Method::OPTIONS
            | axum::http::Method::TRACE
    );
    let res = next.run(req).await;
    if write {
        state.pages.written();
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_site() {
        assert_eq!(safe_next(Some("/compte")), "/compte");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn sections_match_whole_segments() {
        let c = |path: &str| Chrome {
            lang: Lang::Fr,
            user_name: None,
            is_admin_anywhere: false,
            flash: None,
            path: path.into(),
            title: String::new(),
        };
        assert!(c("/lieux").in_section("/lieux"));
        assert!(c("/lieux/riez?x=1").in_section("/lieux"));
        assert!(c("/lieux?q=bois").in_section("/lieux"));
        assert!(!c("/lieux-x").in_section("/lieux"));
        assert!(!c("/carte").in_section("/lieux"));
    }

    #[test]
    fn flash_keys_are_restricted() {
        assert!(is_flash_key("flash-logged-in"));
        assert!(!is_flash_key("error-internal"));
        assert!(!is_flash_key("flash-<script>"));
    }
}
