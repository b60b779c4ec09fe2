//! The event form's fields and their conversions: to the API's `EventInput`, from an `Event`;
//! the choices it offers (organizers' places, their rooms).

use axum::http::header;
use serde::Deserialize;

use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{self, Event, EventInput, EventKind, EventStatus, LocationKind};
use crate::form::Form;
use crate::ids::{NetworkId, PlaceId, SpaceId};
use crate::state::AppState;
use crate::tenancy::repo as tenancy;

/// The spaces of one place, for the form's select: `(value, label)`.
pub struct SpaceGroup {
    pub place: String,
    pub spaces: Vec<(String, String)>,
}

/// The rooms (not the equipment) of these places.
pub(super) async fn spaces_for(
    state: &AppState,
    place_ids: &[PlaceId],
) -> AppResult<Vec<SpaceGroup>> {
    // Two statements whatever the number of places (the form of an animator lists 50).
    let places = tenancy::places_by_ids(&state.db, place_ids).await?;
    let spaces = crate::bookings::service::spaces_of_places(&state.db, place_ids).await?;
    let mut out = Vec::new();
    for id in place_ids {
        let Some(place) = places.get(id) else {
            continue;
        };
        let spaces: Vec<(String, String)> = spaces
            .iter()
            .filter(|s| s.place_id == *id && !s.is_equipment)
            .map(|s| (s.id.to_string(), s.name.clone()))
            .collect();
        if !spaces.is_empty() {
            out.push(SpaceGroup {
                place: place.name.clone(),
                spaces,
            });
        }
    }
    Ok(out)
}

/// The places among the organizers `lieu-ID`.
pub(super) fn organizer_places(organizers: &[(String, String)]) -> Vec<PlaceId> {
    organizers
        .iter()
        .filter_map(|(v, _)| v.strip_prefix("lieu-").and_then(|id| id.parse().ok()))
        .collect()
}

/// The places the form offers as host: those the person organizes for.
pub(super) fn location_choices(organizers: &[(String, String)]) -> Vec<(String, String)> {
    organizers
        .iter()
        .filter_map(|(v, label)| {
            v.strip_prefix("lieu-")
                .map(|id| (id.to_string(), label.clone()))
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    /// `lieu-ID` or `reseau-ID`.
    #[serde(default)]
    pub organizer: String,
    /// Another place than those listed, by address, slug or exact name (a person with
    /// thousands of places is not offered them all).
    #[serde(default)]
    pub organizer_place: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub all_day: String,
    #[serde(default)]
    pub location_kind: String,
    #[serde(default)]
    pub location_place_id: String,
    #[serde(default)]
    pub space_id: String,
    /// Seats of the space the event takes (empty: the whole space).
    #[serde(default)]
    pub space_seats: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub price_info: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub wheelchair: String,
    #[serde(default)]
    pub sign_language: String,
    #[serde(default)]
    pub subtitles: String,
    #[serde(default)]
    pub approval: String,
    #[serde(default)]
    pub questions: String,
    /// The rule typed as text (`repeat` = `custom`).
    #[serde(default)]
    pub rrule: String,
    /// Ticked: the rule may meet several times a day.
    #[serde(default)]
    pub several_a_day: String,
    #[serde(default)]
    pub exdates: String,
    /// The recurrence picker's fields (`repeat`, `repeat_interval`…: see `repeat.rs`).
    #[serde(flatten)]
    pub picker: super::repeat::Picker,
    #[serde(default)]
    pub status: String,
    /// The text alternative of the image uploaded with a new event.
    #[serde(default)]
    pub image_alt: String,
}

/// "12,50" or "12.50" or "12" euros → cents.
pub(super) fn parse_euros(s: &str) -> Result<Option<i64>, ()> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    // The shared parser bounds the number of digits (no overflow).
    match crate::money::parse_eur(s) {
        Ok(c) if c >= 0 => Ok(Some(c)),
        _ => Err(()),
    }
}

/// The form's fields as API input; `organizer` is `lieu-ID` or `reseau-ID`. An empty kind or
/// location kind is the default one; an unknown one is an error on its field.
pub(super) fn form_input(f: &EventForm, errors: &mut FieldErrors) -> EventInput {
    let kind = model::parse_choice_field::<EventKind>(&f.kind, "kind", "event-error-kind", errors);
    let location_kind = model::parse_choice_field::<LocationKind>(
        &f.location_kind,
        "location_kind",
        "event-error-location",
        errors,
    );
    let (place_id, network_id) = match f.organizer.split_once('-') {
        Some(("lieu", id)) => (id.parse::<PlaceId>().ok(), None),
        Some(("reseau", id)) => (None, id.parse::<NetworkId>().ok()),
        _ => (None, None),
    };
    let capacity = match f.capacity.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(c) => Some(c),
            Err(_) => {
                errors.add("capacity", "event-error-capacity");
                None
            }
        },
    };
    let price_cents = parse_euros(&f.price).unwrap_or_else(|_| {
        errors.add("price", "event-error-price");
        None
    });
    let location_place_id = match f.location_place_id.trim() {
        "" => None,
        s => match s.parse::<PlaceId>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("location_place_id", "event-error-host-place");
                None
            }
        },
    };
    let space_id = match f.space_id.trim() {
        "" => None,
        s => match s.parse::<SpaceId>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("space_id", "event-error-space");
                None
            }
        },
    };
    let space_seats = match f.space_seats.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("space_seats", "event-error-space-seats");
                None
            }
        },
    };
    let (rrule, exdates) =
        super::repeat::rule_of(&f.picker, &f.starts_at, &f.rrule, &f.exdates, errors);
    let day_or_time = |v: &str| {
        if f.all_day.is_empty() {
            v.to_string()
        } else {
            v.chars().take(10).collect()
        }
    };
    EventInput {
        title: f.title.clone(),
        starts_at: day_or_time(&f.starts_at),
        ends_at: day_or_time(&f.ends_at),
        capacity,
        place_id,
        network_id,
        status: Some(if f.status == EventStatus::Draft.as_str() {
            EventStatus::Draft
        } else {
            EventStatus::Published
        }),
        kind,
        description: Some(f.description.clone()),
        all_day: Some(!f.all_day.is_empty()),
        location_kind,
        location_place_id,
        space_id,
        space_seats,
        address: Some(f.address.clone()),
        online_url: Some(f.online_url.clone()),
        price_cents,
        price_info: Some(f.price_info.clone()),
        audience: Some(f.audience.clone()),
        wheelchair: Some(!f.wheelchair.is_empty()),
        sign_language: Some(!f.sign_language.is_empty()),
        subtitles: Some(!f.subtitles.is_empty()),
        approval: Some(!f.approval.is_empty()),
        questions: Some(f.questions.clone()),
        categories: None,
        rrule: Some(rrule),
        exdates: Some(exdates),
        several_a_day: Some(!f.several_a_day.is_empty()),
    }
}

/// An event's fields, to edit them in the form (local Paris times).
pub(super) fn event_form(ev: &Event) -> EventForm {
    let local = |ms: i64| model::utc_to_paris(ms).format("%Y-%m-%dT%H:%M").to_string();
    let end = if ev.all_day {
        ev.ends_at - 86_400_000
    } else {
        ev.ends_at
    };
    let flag = |b: bool| if b { "1".to_string() } else { String::new() };
    let mut f = EventForm {
        organizer: match (ev.place_id, ev.network_id) {
            (Some(p), _) => format!("lieu-{p}"),
            (None, Some(n)) => format!("reseau-{n}"),
            _ => String::new(),
        },
        organizer_place: String::new(),
        title: ev.title.clone(),
        kind: ev.kind.to_string(),
        description: ev.description.clone(),
        starts_at: local(ev.starts_at),
        ends_at: local(end),
        all_day: flag(ev.all_day),
        location_kind: ev.location_kind.to_string(),
        location_place_id: ev
            .location_place_id
            .filter(|p| Some(*p) != ev.place_id)
            .map(|p| p.to_string())
            .unwrap_or_default(),
        space_id: ev.space_id.map(|s| s.to_string()).unwrap_or_default(),
        space_seats: ev.space_seats.map(|s| s.to_string()).unwrap_or_default(),
        address: ev.address.clone(),
        online_url: ev.online_url.clone(),
        capacity: ev.capacity.map(|c| c.to_string()).unwrap_or_default(),
        price: ev
            .price_cents
            .map(|c| format!("{},{:02}", c / 100, c % 100))
            .unwrap_or_default(),
        price_info: ev.price_info.clone(),
        audience: ev.audience.clone(),
        wheelchair: flag(ev.wheelchair),
        sign_language: flag(ev.sign_language),
        subtitles: flag(ev.subtitles),
        approval: flag(ev.approval),
        questions: ev.questions.clone(),
        rrule: ev.rrule.clone().unwrap_or_default(),
        exdates: ev.exdates.clone(),
        several_a_day: ev
            .rrule
            .as_deref()
            .filter(|r| crate::recurrence::at_most_daily(r).is_err())
            .map(|_| "1".to_string())
            .unwrap_or_default(),
        status: ev.status.to_string(),
        image_alt: String::new(),
        ..Default::default()
    };
    super::repeat::fill(
        &mut f.picker,
        &mut f.rrule,
        ev.rrule.as_deref().unwrap_or(""),
    );
    f
}

/// The new-event form: urlencoded, or multipart when it carries an image (`image`, `image_alt`).
pub(super) async fn read_event_form(
    req: axum::extract::Request,
) -> AppResult<(EventForm, Option<crate::form::Upload>)> {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(f) = Form::<EventForm>::from_request(req, &()).await?;
        return Ok((f, None));
    }
    let mp = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    let up = crate::form::read_upload(mp).await?;
    let encoded =
        serde_urlencoded::to_string(&up.fields).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let f: EventForm =
        serde_urlencoded::from_str(&encoded).map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok((f, Some(up)))
}

/// `media`'s field errors under the form's names (`image`, `image_alt`).
pub(super) fn image_errors(e: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::default();
    for (field, key) in e.0 {
        out.add(if field == "alt" { "image_alt" } else { "image" }, key);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_s_lists() {
        let f = |kind: &str, location_kind: &str| EventForm {
            kind: kind.into(),
            location_kind: location_kind.into(),
            status: "draft".into(),
            ..Default::default()
        };
        let mut e = FieldErrors::default();
        let input = form_input(&f("cafe", "hybrid"), &mut e);
        assert!(e.is_empty());
        assert_eq!(input.kind, Some(EventKind::Cafe));
        assert_eq!(input.location_kind, Some(LocationKind::Hybrid));
        assert_eq!(input.status, Some(EventStatus::Draft));
        // Empty: the defaults (chosen by `EventInput::parse`).
        let input = form_input(&f("", ""), &mut e);
        assert!(e.is_empty());
        assert_eq!((input.kind, input.location_kind), (None, None));
        // Unknown: the agenda's own messages on the fields.
        let input = form_input(&f("bal", "lune"), &mut e);
        assert_eq!((input.kind, input.location_kind), (None, None));
        assert_eq!(e.get("kind"), Some("event-error-kind"));
        assert_eq!(e.get("location_kind"), Some("event-error-location"));
    }

    #[test]
    fn euros_to_cents() {
        assert_eq!(parse_euros("12,50 €"), Ok(Some(1250)));
        assert_eq!(parse_euros("12.5"), Ok(Some(1250)));
        assert_eq!(parse_euros("7"), Ok(Some(700)));
        assert_eq!(parse_euros(""), Ok(None));
        assert!(parse_euros("douze").is_err());
        assert!(parse_euros("1,234").is_err());
        assert!(parse_euros("-5").is_err());
        assert!(parse_euros("99999999999999999999").is_err());
    }
}
