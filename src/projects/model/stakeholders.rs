//! A stakeholder of a project: a person or an organization, their role, contact details
//! (email, phone, address) kept only with a consent date (RGPD, also enforced by a `CHECK` in
//! the database), notes.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{ProjectId, UserId};

crate::choice! {
    /// A stakeholder is a person or an organization.
    pub enum StakeholderKind {
        Person = "person",
        Organization = "organization",
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Stakeholder {
    pub id: i64,
    pub project_id: ProjectId,
    pub kind: StakeholderKind,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub consent_on: Option<String>,
    pub notes: String,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a form or a JSON body carries.
#[derive(Deserialize, Default, ToSchema)]
pub struct StakeholderIn {
    /// `person` (default) or `organization`: the text as typed, checked by [`check`] with the
    /// other fields.
    #[serde(default)]
    #[schema(value_type = StakeholderKind)]
    pub kind: String,
    /// 1 to 200 characters.
    #[serde(default)]
    pub name: String,
    /// The organization a person belongs to.
    #[serde(default)]
    pub organization: String,
    /// Role in the project (élu·e référent·e, financeur, futur usager…).
    #[serde(default)]
    pub role: String,
    /// Contact details: only with `consent_on`.
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// `YYYY-MM-DD`: the day the person agreed to be listed with their contact details.
    #[serde(default, deserialize_with = "crate::form::parse::text_or_null")]
    pub consent_on: String,
    #[serde(default)]
    pub notes: String,
}

pub struct CheckedStakeholder {
    pub kind: StakeholderKind,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub consent_on: Option<String>,
    pub notes: String,
}

fn short(raw: &str, max: usize, field: &'static str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.chars().count() > max || t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        errors.add(field, "field-too-long");
        return String::new();
    }
    t.replace("\r\n", "\n")
}

/// Validates a stakeholder; contact details without a consent date are refused.
pub fn check(input: &StakeholderIn, today: &str) -> AppResult<CheckedStakeholder> {
    let mut errors = FieldErrors::default();
    let kind = if input.kind.trim().is_empty() {
        Some(StakeholderKind::Person)
    } else {
        crate::form::parse::parse_enum::<StakeholderKind>(&input.kind, "kind", &mut errors)
    };
    let name = super::parse_label(&input.name, "name", &mut errors);
    let organization = short(&input.organization, 200, "organization", &mut errors);
    let role = short(&input.role, 200, "role", &mut errors);
    let email = if input.email.trim().is_empty() {
        String::new()
    } else {
        match crate::accounts::model::normalize_email(&input.email) {
            Ok(e) => e,
            Err(k) => {
                errors.add("email", k);
                String::new()
            }
        }
    };
    // Checked like every phone number of the application (French or `+…` international).
    let phone = input.phone.trim().to_string();
    if !phone.is_empty() {
        if let Err(k) = crate::places::model::parse_phone(&phone) {
            errors.add("phone", k);
        }
    }
    let address = short(&input.address, 500, "address", &mut errors);
    let consent_on = crate::form::parse::parse_date(&input.consent_on, "consent_on", &mut errors);
    if let Some(c) = &consent_on {
        if c.as_str() > today {
            errors.add("consent_on", "projects-consent-future");
        }
    }
    let has_contact =
        !input.email.trim().is_empty() || !phone.is_empty() || !input.address.trim().is_empty();
    if has_contact && consent_on.is_none() && !errors.has("consent_on") {
        errors.add("consent_on", "projects-consent-required");
    }
    let notes = short(&input.notes, 5000, "notes", &mut errors);
    match (kind, name, errors.is_empty()) {
        (Some(kind), Some(name), true) => Ok(CheckedStakeholder {
            kind,
            name,
            organization,
            role,
            email,
            phone,
            address,
            consent_on,
            notes,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_defaults_to_a_person_and_is_one_of_the_list() {
        let mut input = StakeholderIn {
            name: "Commune de Riez".into(),
            ..StakeholderIn::default()
        };
        assert_eq!(
            check(&input, "2025-01-01").unwrap().kind,
            StakeholderKind::Person
        );
        input.kind = " organization ".into();
        assert_eq!(
            check(&input, "2025-01-01").unwrap().kind,
            StakeholderKind::Organization
        );
        input.kind = "robot".into();
        input.name = String::new();
        let Err(AppError::Invalid(e)) = check(&input, "2025-01-01") else {
            panic!("must fail")
        };
        assert_eq!(e.get("kind"), Some("field-invalid-choice"));
        assert!(e.has("name"), "reported along with the other fields");
    }
}
