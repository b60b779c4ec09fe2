//! What the directory's pages and API share: the filters read from a query string, and the
//! map's features for a viewport.

use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;

use super::model::BBox;
use super::near::{self, Near};
use super::repo::{self, Filters};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;

/// Filters of the list and the exports (all optional).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Full-text search, insensitive to accents and case, French stemming.
    pub q: Option<String>,
    /// Typology slug (see `GET /api/v1/typologies`).
    pub typology: Option<String>,
    /// `west,south,east,north` in degrees.
    pub bbox: Option<String>,
    /// Department code (`44`, `2A`, `974`).
    pub department: Option<String>,
    /// Region INSEE code (`52`).
    pub region: Option<String>,
    pub city: Option<String>,
    pub service: Option<String>,
    /// Network slug.
    pub network: Option<String>,
    /// RFC 3339 instant or `YYYY-MM-DD`: places changed since.
    pub updated_since: Option<String>,
    /// "Près de moi": a commune's name or a postal code (located offline from the places that
    /// have it), or `lat,lon`. The results are then within `radius_km`, nearest first.
    pub near: Option<String>,
    /// Latitude of the origin in degrees (with `lon`; used when `near` is empty).
    pub lat: Option<String>,
    /// Longitude of the origin in degrees (with `lat`).
    pub lon: Option<String>,
    /// Radius around the origin in km: 5, 10, 20, 50 or 100 (default 20).
    pub radius_km: Option<String>,
    /// From 1.
    pub page: Option<String>,
    /// 1 to 200 (default 50).
    pub per_page: Option<String>,
}

pub const MAP_POINTS_MAX: usize = 1500;

/// Parses the query string into filters; bad values are field errors (422).
pub async fn parse_filters(
    state: &AppState,
    raw: Option<&str>,
) -> Result<(Filters, i64, i64, Option<NetworkId>), AppError> {
    let p: ListParams = serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let mut errors = FieldErrors::default();
    let s = |o: &Option<String>| o.as_deref().unwrap_or("").trim().to_string();
    let mut f = Filters {
        q: s(&p.q).chars().take(200).collect(),
        typology: s(&p.typology),
        department: s(&p.department).to_ascii_uppercase(),
        region: s(&p.region),
        city: s(&p.city),
        service: s(&p.service),
        ..Default::default()
    };
    if !f.department.is_empty() && !super::model::is_department(&f.department) {
        errors.add("department", "field-invalid-choice");
    }
    if let Some(b) = p.bbox.as_deref().filter(|b| !b.is_empty()) {
        match BBox::parse(b) {
            Some(b) => f.bbox = Some(b),
            None => errors.add("bbox", "field-bbox-invalid"),
        }
    }
    let mut network_id = None;
    if let Some(slug) = p.network.as_deref().filter(|n| !n.is_empty()) {
        match crate::tenancy::repo::network_by_slug(&state.db, slug).await? {
            Some(n) => {
                f.network_id = Some(n.id);
                network_id = Some(n.id);
            }
            None => errors.add("network", "field-invalid-choice"),
        }
    }
    if let Some(u) = p.updated_since.as_deref().filter(|u| !u.is_empty()) {
        let parsed = chrono::DateTime::parse_from_rfc3339(u)
            .map(|d| d.timestamp_millis())
            .ok()
            .or_else(|| {
                chrono::NaiveDate::parse_from_str(u, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|d| d.and_utc().timestamp_millis())
            });
        match parsed {
            Some(ms) => f.updated_since = Some(ms),
            None => errors.add("updated_since", "field-date-invalid"),
        }
    }
    f.near = near_of(state, &p, &mut errors).await?;
    let page = match s(&p.page).as_str() {
        "" => 1,
        v => match v.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => n,
            _ => {
                errors.add("page", "field-invalid-number");
                1
            }
        },
    };
    let per_page = match s(&p.per_page).as_str() {
        "" => 50,
        v => match v.parse::<i64>() {
            Ok(n) if (1..=200).contains(&n) => n,
            _ => {
                errors.add("per_page", "field-invalid-number");
                50
            }
        },
    };
    errors.into_result()?;
    Ok((f, page, per_page, network_id))
}

/// The origin and radius of "près de moi": `near` (a commune, a postal code or `lat,lon`)
/// first, else `lat` and `lon`; a radius alone filters nothing. Bad values are field errors.
async fn near_of(
    state: &AppState,
    p: &ListParams,
    errors: &mut FieldErrors,
) -> AppResult<Option<Near>> {
    let s = |o: &Option<String>| o.as_deref().unwrap_or("").trim().to_string();
    let radius = match s(&p.radius_km).as_str() {
        "" => near::DEFAULT_RADIUS_KM,
        v => near::parse_radius(v).unwrap_or_else(|| {
            errors.add("radius_km", "places-radius-invalid");
            near::DEFAULT_RADIUS_KM
        }),
    };
    let (text, lat, lon) = (s(&p.near), s(&p.lat), s(&p.lon));
    let origin = if !text.is_empty() {
        let found = match near::parse_point(&text) {
            Some(point) => Some(point),
            None => repo::locate(&state.db, &text).await?,
        };
        if found.is_none() {
            errors.add("near", "places-near-unknown");
        }
        found
    } else if !lat.is_empty() || !lon.is_empty() {
        let la = near::parse_degrees(&lat, 90.0);
        let lo = near::parse_degrees(&lon, 180.0);
        if la.is_none() {
            errors.add("lat", "places-lat-invalid");
        }
        if lo.is_none() {
            errors.add("lon", "places-lon-invalid");
        }
        la.zip(lo)
    } else {
        None
    };
    Ok(origin.map(|(lat, lon)| Near {
        lat,
        lon,
        radius_km: f64::from(radius),
    }))
}

/// Map data for a viewport: points, or clusters computed on a grid when there are too many.
pub async fn map_features(state: &AppState, f: &Filters) -> AppResult<Value> {
    // Without a distance filter (a circle, tested here), the database counts the points per
    // cell first: a view of France then returns its clusters without fetching 50 000 points.
    // A viewport reads its points first, one more than it may show: a city's are named
    // without counting them per cell first.
    let mut first = None;
    if f.near.is_none() {
        let extent = match f.bbox {
            Some(b) => {
                let points = repo::points_upto(&state.db, f, Some(MAP_POINTS_MAX + 1)).await?;
                let many = points.len() > MAP_POINTS_MAX;
                first = Some(points);
                many.then_some((b.west, b.south, b.east, b.north))
            }
            None => match repo::points_extent(&state.db, f).await? {
                (n, extent) if n as usize > MAP_POINTS_MAX => extent,
                _ => None,
            },
        };
        if let Some(grid) = extent.and_then(grid_over) {
            let cells = repo::point_cells(&state.db, f, &grid).await?;
            let total: i64 = cells.iter().map(|c| c.2).sum();
            if total as usize > MAP_POINTS_MAX {
                return Ok(clusters(cells, total));
            }
        }
    }
    let points = match first {
        Some(points) if points.len() <= MAP_POINTS_MAX => points,
        _ => repo::points(&state.db, f).await?,
    };
    if points.len() <= MAP_POINTS_MAX {
        // Names of these points only, by id: listing the viewport sorted by name made the
        // database walk the name index and test every place against the box (155 ms for a
        // city among 51 512 places).
        let ids: Vec<PlaceId> = points.iter().map(|(id, _, _)| *id).collect();
        let mut labels = repo::labels(&state.db, &ids).await?;
        let mut located: Vec<(repo::Label, f64, f64)> = points
            .iter()
            .filter_map(|(id, lat, lon)| labels.remove(id).map(|l| (l, *lat, *lon)))
            .collect();
        located.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.id.cmp(&b.0.id)));
        let features: Vec<Value> = located
            .into_iter()
            .map(|(p, lat, lon)| {
                let mut props =
                    json!({"name": p.name, "slug": p.slug, "city": p.city, "typology": p.typology});
                if let Some(n) = f.near {
                    let km = (n.distance_to(lat, lon) * 10.0).round() / 10.0;
                    props["distance_km"] = json!(km);
                }
                json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": props,
                })
            })
            .collect();
        return Ok(json!({"type": "FeatureCollection", "features": features}));
    }
    // Too many points within a distance: aggregated here on the same grid, over the
    // viewport or else the points' extent.
    let (mut w, mut s, mut e, mut n) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
    for (_, lat, lon) in &points {
        w = w.min(*lon);
        e = e.max(*lon);
        s = s.min(*lat);
        n = n.max(*lat);
    }
    if let Some(b) = f.bbox {
        (w, s, e, n) = (b.west, b.south, b.east, b.north);
    }
    let Some(grid) = grid_over((w, s, e, n)) else {
        return Ok(json!({"type": "FeatureCollection", "features": []}));
    };
    let mut cells: std::collections::HashMap<(i64, i64), (i64, f64, f64)> =
        std::collections::HashMap::new();
    for (_, lat, lon) in &points {
        let cx = ((lon - grid.west) / grid.width).floor() as i64;
        let cy = ((lat - grid.south) / grid.height).floor() as i64;
        let c = cells.entry((cx, cy)).or_insert((0, 0.0, 0.0));
        c.0 += 1;
        c.1 += lat;
        c.2 += lon;
    }
    let cells = cells
        .into_iter()
        .map(|((x, y), (count, slat, slon))| (x, y, count, slat, slon))
        .collect();
    Ok(clusters(cells, points.len() as i64))
}

/// The map's grid: 40 × 30 cells over `(west, south, east, north)`.
const GRID: (i64, i64) = (40, 30);

fn grid_over((w, s, e, n): (f64, f64, f64, f64)) -> Option<repo::Grid> {
    let grid = repo::Grid {
        west: w,
        south: s,
        width: ((e - w) / GRID.0 as f64).max(1e-9),
        height: ((n - s) / GRID.1 as f64).max(1e-9),
    };
    [grid.west, grid.south, grid.width, grid.height]
        .iter()
        .all(|v| v.is_finite())
        .then_some(grid)
}

/// Clusters from points counted per cell `(x, y, count, Σ latitude, Σ longitude)`: the
/// points on the grid's east or north edge join the last cell; each cluster at the centre of
/// its points, the largest first.
fn clusters(cells: Vec<(i64, i64, i64, f64, f64)>, total: i64) -> Value {
    let mut merged: std::collections::BTreeMap<(i64, i64), (i64, f64, f64)> = Default::default();
    for (x, y, count, slat, slon) in cells {
        let key = (x.clamp(0, GRID.0 - 1), y.clamp(0, GRID.1 - 1));
        let c = merged.entry(key).or_insert((0, 0.0, 0.0));
        c.0 += count;
        c.1 += slat;
        c.2 += slon;
    }
    let mut cells: Vec<(i64, f64, f64)> = merged.into_values().filter(|c| c.0 > 0).collect();
    cells.sort_by_key(|c| std::cmp::Reverse(c.0));
    let features: Vec<Value> = cells
        .into_iter()
        .map(|(count, slat, slon)| {
            let (lat, lon) = (slat / count as f64, slon / count as f64);
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [(lon * 1e5).round() / 1e5, (lat * 1e5).round() / 1e5]},
                "properties": {"cluster": true, "count": count},
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features, "total": total})
}
