//! The public page's own fields (the team's contacts and « comment participer ») and the
//! workshops the project organizes, as the page shows them.

use crate::error::{AppResult, FieldErrors};
use crate::ids::EventId;

crate::choice! {
    /// The kind of a workshop, as the agenda stores its events' kinds (`events.kind`); the
    /// label is `event-kind-<kind>` in the locales.
    pub enum WorkshopKind {
        Atelier = "atelier",
        Formation = "formation",
        Afterwork = "afterwork",
        Cafe = "cafe",
        Rencontre = "rencontre",
        Visite = "visite",
        PortesOuvertes = "portes-ouvertes",
        Reunion = "reunion",
        Autre = "autre",
    }
}

crate::choice! {
    /// Where a workshop happens, as the agenda stores it (`events.location_kind`).
    pub enum WorkshopLocationKind {
        Place = "place",
        Address = "address",
        Online = "online",
        Hybrid = "hybrid",
    }
}

/// Contacts of the team and « comment participer », edited by the holders.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct PublicPage {
    pub contact_email: String,
    pub contact_phone: String,
    pub contact_text: String,
    /// Sanitized rich text.
    pub participate: String,
}

impl PublicPage {
    pub fn has_contacts(&self) -> bool {
        !(self.contact_email.is_empty()
            && self.contact_phone.is_empty()
            && self.contact_text.is_empty())
    }
}

/// Checks the fields: an email of the usual shape (or empty), a phone number
/// (`places::model::parse_phone`, or empty), a contact text of at most 2 000 characters, and « comment
/// participer » as rich text (sanitized).
pub fn check_page(
    email: &str,
    phone: &str,
    text: &str,
    participate: &str,
) -> AppResult<PublicPage> {
    let mut errors = FieldErrors::default();
    let contact_email = if email.trim().is_empty() {
        String::new()
    } else {
        match crate::accounts::model::normalize_email(email) {
            Ok(e) => e,
            Err(_) => {
                errors.add("contact_email", "field-email-invalid");
                String::new()
            }
        }
    };
    // Checked like every phone number of the application (French or `+…` international);
    // kept as typed, since it is shown as typed.
    let phone = phone.trim();
    if !phone.is_empty() {
        if let Err(k) = crate::places::model::parse_phone(phone) {
            errors.add("contact_phone", k);
        }
    }
    let text = text.trim().replace("\r\n", "\n");
    if text.chars().count() > 2000
        || text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.add("contact_text", "field-too-long");
    }
    let participate =
        crate::form::parse::parse_rich(&participate.replace('\0', ""), "participate", &mut errors);
    errors.into_result()?;
    Ok(PublicPage {
        contact_email,
        contact_phone: phone.to_string(),
        contact_text: text,
        participate,
    })
}

/// A coming occurrence of a published event organized by the project.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Workshop {
    pub event_id: EventId,
    pub occurrence_id: i64,
    pub title: String,
    pub kind: WorkshopKind,
    pub starts_at: i64,
    pub ends_at: i64,
    pub all_day: bool,
    pub location_kind: WorkshopLocationKind,
    pub address: String,
    pub online_url: String,
    pub capacity: Option<i32>,
    pub approval: bool,
    pub questions: String,
    pub confirmed_seats: i64,
}

impl Workshop {
    /// Seats left (`None`: unlimited).
    pub fn seats_left(&self) -> Option<i64> {
        self.capacity
            .map(|c| (i64::from(c) - self.confirmed_seats).max(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn workshop_lists_are_the_agendas() {
        assert_eq!(WorkshopKind::TEXTS, crate::events::model::EventKind::TEXTS);
        assert_eq!(
            WorkshopLocationKind::TEXTS,
            crate::events::model::LocationKind::TEXTS
        );
    }

    #[test]
    fn public_page_fields_are_checked() {
        let ok = check_page(
            " Contact@Buis.example.org ",
            "+33 (0)4 75-28.00.00",
            "Mairie\r\nPermanence",
            "<p onclick=\"x()\">Venez</p><script>alert(1)</script>",
        )
        .unwrap();
        assert_eq!(ok.contact_email, "contact@buis.example.org");
        assert_eq!(ok.contact_text, "Mairie\nPermanence");
        assert!(!ok.participate.contains("script") && !ok.participate.contains("onclick"));
        let Err(AppError::Invalid(e)) = check_page("x@", "appelez", "a\u{0}b", "") else {
            panic!("must fail")
        };
        assert!(e.has("contact_email") && e.has("contact_phone") && e.has("contact_text"));
        // Multi-byte input never panics and long input is refused by characters.
        assert!(check_page("", "", &"é".repeat(2001), "").is_err());
        assert!(check_page("", "", &"é".repeat(2000), "").is_ok());
        assert!(check_page("", "١٢٣٤", "", "").is_err(), "ASCII digits only");
    }
}
