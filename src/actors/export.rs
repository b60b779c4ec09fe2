//! Open-data exports of the actors: GeoJSON (RFC 7946) and CSV, with the list's filters
//! (`GET /api/v1/actors.geojson`, `GET /api/v1/actors.csv`). Public fields only, whoever
//! asks: an email, a phone, an address or coordinates appear only when the actor made them
//! public. They carry the default open licence of the places' exports.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::api::{list_filters, ListQuery};
use super::model::{FieldVisibility, Reader};
use super::service::{self, Card};
use crate::auth::Ctx;
use crate::error::{ApiError, ApiResult, AppError};
use crate::form::Query;
use crate::places::model::DataLicence;
use crate::state::AppState;

/// An export holds at most this many actors.
pub const EXPORT_CAP: i64 = 5_000;

/// The public fields of an actor, as both exports write them.
struct PublicActor<'a> {
    card: &'a Card,
    address: &'a str,
    postal_code: &'a str,
    point: Option<(f64, f64)>,
    email: &'a str,
    phone: &'a str,
}

fn public(card: &Card) -> PublicActor<'_> {
    let a = &card.actor;
    let sees = |v: FieldVisibility| Reader::Public.sees(v);
    let addr = sees(a.address_visibility);
    PublicActor {
        card,
        address: if addr { &a.address } else { "" },
        postal_code: if addr { &a.postal_code } else { "" },
        point: a.latitude.zip(a.longitude).filter(|_| addr),
        email: if sees(a.email_visibility) {
            &a.email
        } else {
            ""
        },
        phone: if sees(a.phone_visibility) {
            &a.phone
        } else {
            ""
        },
    }
}

fn slugs(card: &Card) -> Vec<String> {
    card.categories.iter().map(|c| c.slug.clone()).collect()
}

fn skills(card: &Card) -> Vec<String> {
    card.skills.iter().map(|s| s.name.clone()).collect()
}

/// A FeatureCollection of the actors with public coordinates, with its `bbox` and licence.
pub fn geojson(cards: &[Card], base_url: &str, licence: DataLicence) -> Value {
    let mut bbox: Option<[f64; 4]> = None;
    let features: Vec<Value> = cards
        .iter()
        .map(public)
        .filter_map(|p| {
            let (lat, lon) = p.point?;
            let b = bbox.get_or_insert([lon, lat, lon, lat]);
            b[0] = b[0].min(lon);
            b[1] = b[1].min(lat);
            b[2] = b[2].max(lon);
            b[3] = b[3].max(lat);
            let a = &p.card.actor;
            Some(json!({
                "type": "Feature",
                "id": a.id,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": a.id,
                    "name": a.name,
                    "slug": a.slug,
                    "url": format!("{base_url}/acteurs/{}", a.slug),
                    "kind": a.kind,
                    "subtype": a.subtype,
                    "categories": slugs(p.card),
                    "skills": skills(p.card),
                    "offers": p.card.offers.iter().map(|o| o.title.clone()).collect::<Vec<_>>(),
                    "address": p.address,
                    "postal_code": p.postal_code,
                    "city": a.city,
                    "opening_hours": a.opening_hours,
                    "email": p.email,
                    "phone": p.phone,
                    "website": a.website,
                    "siret": a.siret,
                    "updated_at": crate::clock::rfc3339(a.updated_at),
                }
            }))
        })
        .collect();
    let mut fc = json!({
        "type": "FeatureCollection",
        "licence": {"code": licence, "name": licence.name(), "url": licence.url()},
        "features": features,
    });
    if let Some(b) = bbox {
        fc["bbox"] = json!(b);
    }
    fc
}

/// The columns of the CSV export.
pub const CSV_COLUMNS: [&str; 19] = [
    "id",
    "nom",
    "type",
    "nature",
    "categories",
    "competences",
    "offres",
    "adresse",
    "code_postal",
    "commune",
    "latitude",
    "longitude",
    "horaires",
    "courriel",
    "telephone",
    "site_web",
    "siret",
    "url",
    "date_maj",
];

/// Every actor in one CSV row (lists joined by `|`). Every cell goes through
/// [`crate::text::csv_cell`] (no formula reaches a spreadsheet).
pub fn csv(cards: &[Card], base_url: &str) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let _ = w.write_record(CSV_COLUMNS);
    for p in cards.iter().map(public) {
        let a = &p.card.actor;
        let (lat, lon) = p
            .point
            .map(|(la, lo)| (la.to_string(), lo.to_string()))
            .unwrap_or_default();
        let rec: Vec<String> = vec![
            a.id.to_string(),
            a.name.clone(),
            a.kind.to_string(),
            a.subtype.to_string(),
            slugs(p.card).join("|"),
            skills(p.card).join("|"),
            p.card
                .offers
                .iter()
                .map(|o| o.title.clone())
                .collect::<Vec<_>>()
                .join("|"),
            p.address.to_string(),
            p.postal_code.to_string(),
            a.city.clone(),
            lat,
            lon,
            a.opening_hours.clone(),
            p.email.to_string(),
            p.phone.to_string(),
            a.website.clone(),
            a.siret.clone(),
            format!("{base_url}/acteurs/{}", a.slug),
            crate::clock::rfc3339(a.updated_at),
        ];
        let _ = w.write_record(rec.iter().map(|c| crate::text::csv_cell(c).into_owned()));
    }
    w.into_inner().unwrap_or_default()
}

async fn matching(state: &AppState, ctx: &Ctx, q: &ListQuery) -> ApiResult<Vec<Card>> {
    let f = list_filters(q).map_err(|e| ApiError(AppError::Invalid(e), ctx.lang))?;
    let (cards, _) = service::search(state, &f, q.open_now.unwrap_or(false), EXPORT_CAP, 0).await?;
    Ok(cards)
}

fn with_licence(mut res: Response, content_type: &'static str, file: &str) -> Response {
    let licence = DataLicence::DEFAULT;
    let (name, url) = (licence.name(), licence.url());
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("<{url}>; rel=\"license\"; title=\"{name}\"")) {
        res.headers_mut().insert("link", v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{file}\"")) {
        res.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    res.headers_mut()
        .insert("access-control-allow-origin", HeaderValue::from_static("*"));
    res
}

/// The actors matching the list's filters as GeoJSON (those with public coordinates), public
/// fields only (`page` and `per_page` are ignored: at most 5 000 actors).
#[utoipa::path(
    get, path = "/api/v1/actors.geojson", tag = "acteurs", operation_id = "actors_geojson",
    params(ListQuery),
    responses(
        (status = 200, description = "FeatureCollection GeoJSON", content_type = "application/geo+json"),
        (status = 422, description = "Filtre invalide", body = crate::error::ApiErrorBody),
    )
)]
pub async fn geojson_export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let cards = matching(&state, &ctx, &q).await?;
    let body = geojson(&cards, &state.config.base_url, DataLicence::DEFAULT);
    let res = axum::Json(body).into_response();
    Ok(with_licence(res, "application/geo+json", "acteurs.geojson"))
}

/// The actors matching the list's filters as CSV, public fields only (`page` and `per_page`
/// are ignored: at most 5 000 actors).
#[utoipa::path(
    get, path = "/api/v1/actors.csv", tag = "acteurs", operation_id = "actors_csv",
    params(ListQuery),
    responses(
        (status = 200, description = "CSV des acteurs", content_type = "text/csv"),
        (status = 422, description = "Filtre invalide", body = crate::error::ApiErrorBody),
    )
)]
pub async fn csv_export(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let cards = matching(&state, &ctx, &q).await?;
    let res = csv(&cards, &state.config.base_url).into_response();
    Ok(with_licence(res, "text/csv; charset=utf-8", "acteurs.csv"))
}

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/api/v1/actors.geojson", get(geojson_export))
        .route("/api/v1/actors.csv", get(csv_export))
}
