//! What the pages share: labels and times for display, the place of a page, the managers'
//! check.

use chrono::{Datelike, NaiveDate};

use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::bookings::service::paris_date;
use crate::error::{AppError, AppResult};
use crate::ids::PlaceId;
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::tenancy::repo as tenancy;
use crate::tenancy::service::place_target;
use crate::web::Chrome;

// ---- display helpers ----

/// The label of a stored value (a closed list's value or its text):
/// `lbl(c, "space-kind-", space.kind)`, `lbl(c, "space-kind-", "coworking")`.
pub fn lbl(c: &Chrome, prefix: &str, value: impl std::fmt::Display) -> String {
    c.t(&format!("{prefix}{value}"))
}

/// Opening hours in sentences of the page's language, this week (or the raw OSM text if it no
/// longer parses).
pub fn describe_hours(
    source: &str,
    lang: crate::i18n::Lang,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    crate::hours::OpeningHours::parse(source)
        .map(|oh| oh.describe_at(now, lang))
        .unwrap_or_else(|_| vec![source.to_string()])
}

pub fn hm(ms: i64) -> String {
    crate::clock::from_ms(ms)
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%H:%M")
        .to_string()
}

/// Weekly intervals (UTC ms, over the reference fortnight) in words, each weekday and time
/// once: « lundi 12:30–14:00, jeudi 12:00–18:00 ».
pub(super) fn describe_intervals(lang: crate::i18n::Lang, ivs: &[(i64, i64)]) -> String {
    let mut seen: Vec<(u32, String)> = Vec::new();
    for &(a, b) in ivs {
        let day = paris_date(a).weekday().number_from_monday();
        let end = if paris_date(b) != paris_date(a) {
            "24:00".to_string()
        } else {
            hm(b)
        };
        let item = (day, format!("{}–{}", hm(a), end));
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen.sort();
    seen.iter()
        .map(|(day, times)| format!("{} {times}", lang.t(&format!("weekday-{day}"))))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// « lundi 30/11 »
pub(super) fn day_label(c: &Chrome, d: NaiveDate) -> String {
    format!(
        "{} {}",
        c.t(&format!("weekday-{}", d.weekday().number_from_monday())),
        d.format("%d/%m/%Y")
    )
}

pub(super) async fn place_of(state: &AppState, id: PlaceId) -> AppResult<Place> {
    tenancy::place_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub(super) async fn manage_place(
    state: &AppState,
    ctx: &Ctx,
    place_id: PlaceId,
) -> AppResult<Place> {
    let target = place_target(state, place_id).await?;
    authorize(ctx.user.as_ref(), Action::ManagePlace, &target)?;
    place_of(state, place_id).await
}
