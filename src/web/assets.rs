//! Static files embedded in the binary: our CSS and JS from `static/`, htmx from npm.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

#[derive(rust_embed::Embed)]
#[folder = "static/"]
struct Static;

const HTMX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/htmx.min.js"));

/// Leaflet and its clustering plugin (npm), served under `/static/leaflet/`.
macro_rules! vendored {
    ($($path:literal => $file:literal, $mime:literal;)*) => {
        const VENDORED: &[(&str, &[u8], &str)] = &[
            $(($path, include_bytes!(concat!(env!("OUT_DIR"), "/", $file)), $mime),)*
        ];
    };
}
vendored! {
    "leaflet/leaflet.js" => "leaflet.js", "text/javascript; charset=utf-8";
    "leaflet/leaflet.css" => "leaflet.css", "text/css; charset=utf-8";
    "leaflet/images/marker-icon.png" => "marker-icon.png", "image/png";
    "leaflet/images/marker-icon-2x.png" => "marker-icon-2x.png", "image/png";
    "leaflet/images/marker-shadow.png" => "marker-shadow.png", "image/png";
    "leaflet/images/layers.png" => "layers.png", "image/png";
    "leaflet/images/layers-2x.png" => "layers-2x.png", "image/png";
    "leaflet/leaflet.markercluster.js" => "leaflet.markercluster.js", "text/javascript; charset=utf-8";
    "leaflet/MarkerCluster.css" => "MarkerCluster.css", "text/css; charset=utf-8";
    "leaflet/MarkerCluster.Default.css" => "MarkerCluster.Default.css", "text/css; charset=utf-8";
}

/// Bumped with the crate version so browsers may cache assets for a day.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub async fn serve(Path(path): Path<String>) -> Result<Response, AppError> {
    let (bytes, mime): (std::borrow::Cow<'static, [u8]>, String) = if path == "htmx.min.js" {
        (HTMX.into(), "text/javascript".into())
    } else if let Some((_, bytes, mime)) = VENDORED.iter().find(|(p, _, _)| *p == path) {
        ((*bytes).into(), (*mime).to_string())
    } else {
        let file = Static::get(&path).ok_or(AppError::NotFound)?;
        let mime = mime_guess::from_path(&path).first_or_octet_stream();
        let mime = if mime.type_() == "text" || mime.subtype() == "javascript" {
            format!("{mime}; charset=utf-8")
        } else {
            mime.to_string()
        };
        (file.data, mime)
    };
    let mut res = bytes.into_owned().into_response();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        res.headers_mut().insert(CONTENT_TYPE, v);
    }
    res.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(res)
}

/// `GET /favicon.ico`: browsers ask for it on every site, whatever the page says.
pub async fn favicon() -> Result<Response, AppError> {
    let file = Static::get("favicon.ico").ok_or(AppError::NotFound)?;
    let mut res = file.data.into_owned().into_response();
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("image/x-icon"));
    res.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(res)
}

/// The web app manifest: a phone can add Maillage to its home screen, with our name, icons and
/// colour (see docs/design.md).
pub fn manifest_json() -> String {
    serde_json::json!({
        "name": "Maillage",
        "short_name": "Maillage",
        "description": "Les tiers-lieux et leurs réseaux : lieux, agenda, réservations, groupes et projets.",
        "lang": "fr",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d5e3a",
        "icons": [
            {"src": format!("/static/favicon.svg?v={VERSION}"), "sizes": "any", "type": "image/svg+xml"},
            {"src": format!("/static/icon-192.png?v={VERSION}"), "sizes": "192x192", "type": "image/png"},
            {"src": format!("/static/icon-512.png?v={VERSION}"), "sizes": "512x512", "type": "image/png"},
        ],
    })
    .to_string()
}

/// `GET /manifest.webmanifest`.
pub async fn manifest() -> Response {
    let mut res = manifest_json().into_response();
    res.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/manifest+json"),
    );
    res.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    res
}
