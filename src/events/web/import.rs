//! Organizers: importing an iCalendar document (uploaded, pasted or downloaded).

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::shared::{organizer_place_named, organizers_of};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::import;
use crate::form::Form;
use crate::state::AppState;
use crate::web::{render, render_status, Chrome};

#[derive(Template)]
#[template(path = "events/import.html")]
struct ImportTpl {
    c: Chrome,
    organizers: Vec<(String, String)>,
    /// More places than listed: the page shows the "another place" field.
    more_places: bool,
    /// What was typed in that field, shown again.
    organizer_place: String,
    selected: String,
    report: Option<import::Report>,
    errors: FieldErrors,
    /// The address given, shown again.
    url: String,
    /// The download's reason of failure, in words.
    url_error: Option<String>,
}

pub(super) async fn import_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let organizers = organizers_of(&state, &ctx, None).await?;
    if organizers.is_empty() {
        return Err(AppError::Forbidden);
    }
    render(&ImportTpl {
        c: Chrome::new(&ctx, &headers, "event-import-title"),
        more_places: organizers.more,
        organizers: organizers.choices,
        organizer_place: String::new(),
        selected: String::new(),
        report: None,
        errors: FieldErrors::default(),
        url: String::new(),
        url_error: None,
    })
}

#[derive(Deserialize)]
pub(super) struct ImportForm {
    #[serde(default)]
    organizer: String,
    /// Another place than those listed (address, slug or exact name).
    #[serde(default)]
    organizer_place: String,
    #[serde(default)]
    ics: String,
    /// The address of an iCalendar document to download instead.
    #[serde(default)]
    url: String,
}

/// The import form: a `.ics` file (multipart upload) or its pasted content.
async fn read_import_form(req: axum::extract::Request) -> AppResult<ImportForm> {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(f) = Form::<ImportForm>::from_request(req, &()).await?;
        return Ok(f);
    }
    let mut mp = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut f = ImportForm {
        organizer: String::new(),
        organizer_place: String::new(),
        ics: String::new(),
        url: String::new(),
    };
    let mut file = String::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        let text = String::from_utf8_lossy(&bytes).to_string();
        match name.as_str() {
            "organizer" => f.organizer = text,
            "organizer_place" => f.organizer_place = text,
            "ics" => f.ics = text,
            "url" => f.url = text,
            "file" => file = text,
            _ => {}
        }
    }
    if !file.trim().is_empty() {
        f.ics = file;
    }
    Ok(f)
}

pub(super) async fn import_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    req: axum::extract::Request,
) -> AppResult<Response> {
    let mut f = read_import_form(req).await?;
    let p = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    // A place named in the "another place" field is the organizer.
    if !f.organizer_place.trim().is_empty() {
        match organizer_place_named(&state, &ctx, &f.organizer_place).await? {
            Ok(id) => f.organizer = format!("lieu-{id}"),
            Err(key) => errors.add("organizer_place", key),
        }
    }
    let chosen = f
        .organizer
        .strip_prefix("lieu-")
        .and_then(|id| id.parse().ok());
    let organizers = organizers_of(&state, &ctx, chosen).await?;
    let organizer = match f.organizer.split_once('-') {
        Some(("lieu", id)) => id.parse().ok().map(import::Organizer::Place),
        Some(("reseau", id)) => id.parse().ok().map(import::Organizer::Network),
        _ => None,
    };
    if (organizer.is_none() || !organizers.contains(&f.organizer)) && !errors.has("organizer_place")
    {
        errors.add("organizer", "event-error-organizer");
    }
    let url = f.url.trim().to_string();
    if f.ics.trim().is_empty() && url.is_empty() {
        errors.add("ics", "field-required");
    }
    let mut report = None;
    let mut url_error = None;
    let mut raw = f.ics.clone();
    // Downloaded only for someone allowed to import for this organizer.
    if errors.is_empty() && raw.trim().is_empty() {
        match import::fetch_ics(&state, &url).await {
            Ok(text) => raw = text,
            Err(e) => {
                errors.add("url", e.key());
                // The detail ("l'adresse 10.0.0.1 …") is written in French only.
                if ctx.lang == crate::i18n::Lang::Fr {
                    url_error = Some(e.to_string());
                }
            }
        }
    }
    if let (Some(org), true) = (organizer, errors.is_empty()) {
        match import::import_ics(&state, Some(p), org, &raw).await {
            Ok(r) => report = Some(r),
            Err(AppError::Invalid(e)) => errors = e,
            Err(e) => return Err(e),
        }
    }
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &ImportTpl {
            c: Chrome::new(&ctx, &headers, "event-import-title"),
            more_places: organizers.more,
            organizers: organizers.choices,
            organizer_place: f.organizer_place,
            selected: f.organizer,
            report,
            errors,
            url,
            url_error,
        },
    )
}
