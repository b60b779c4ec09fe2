//! What the actors' pages share: a card as a template shows it, the public contact fields.

use crate::actors::model::{Actor, ActorKind, Reader};
use crate::actors::service::Card;
use crate::web::Chrome;

/// An actor as a showcase lists it (public fields only).
pub(super) struct CardView {
    pub slug: String,
    pub name: String,
    pub subtype: String,
    pub city: String,
    pub categories: String,
    pub skills: Vec<String>,
    pub offers: usize,
    pub open_now: Option<bool>,
    pub distance: String,
    /// Public coordinates, for the map.
    pub lat: String,
    pub lon: String,
    /// The logo's thumbnail and text alternative (an organisation's first photo).
    pub logo: Option<(String, String)>,
}

pub(super) fn card_view(c: &Chrome, card: &Card) -> CardView {
    let a = &card.actor;
    let public_address = Reader::Public.sees(a.address_visibility);
    let (lat, lon) = match (a.latitude, a.longitude) {
        (Some(la), Some(lo)) if public_address => (la.to_string(), lo.to_string()),
        _ => (String::new(), String::new()),
    };
    CardView {
        slug: a.slug.clone(),
        name: a.name.clone(),
        subtype: c.t(&a.subtype.label_key()),
        city: if a.kind == ActorKind::Person && !public_address {
            a.city.clone()
        } else {
            format!("{} {}", a.postal_code, a.city).trim().to_string()
        },
        categories: card
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(" · "),
        skills: card.skills.iter().map(|s| s.name.clone()).collect(),
        offers: card.offers.len(),
        open_now: card.open_now,
        distance: card
            .distance_km
            .map(|d| format!("{:.1}", d).replace('.', ","))
            .unwrap_or_default(),
        lat,
        lon,
        logo: None,
    }
}

/// The contact fields `reader` may see: `(email, phone, address, postal code, coordinates)`.
pub(super) struct Contacts {
    pub email: String,
    pub phone: String,
    pub address: String,
    pub postal_code: String,
    pub point: Option<(f64, f64)>,
}

pub(super) fn contacts(a: &Actor, reader: Reader) -> Contacts {
    let addr = reader.sees(a.address_visibility);
    Contacts {
        email: if reader.sees(a.email_visibility) {
            a.email.clone()
        } else {
            String::new()
        },
        phone: if reader.sees(a.phone_visibility) {
            a.phone.clone()
        } else {
            String::new()
        },
        address: if addr {
            a.address.clone()
        } else {
            String::new()
        },
        postal_code: if addr {
            a.postal_code.clone()
        } else {
            String::new()
        },
        point: match (a.latitude, a.longitude) {
            (Some(la), Some(lo)) if addr => Some((la, lo)),
            _ => None,
        },
    }
}
