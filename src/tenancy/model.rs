use serde::Serialize;
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{NetworkId, PlaceId};

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Network {
    pub id: NetworkId,
    pub name: String,
    pub slug: String,
    pub description: String,
    #[serde(skip)]
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Place {
    pub id: PlaceId,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub city: String,
    pub organization_id: Option<i64>,
    #[serde(skip)]
    pub created_at: i64,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, ToSchema)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub kind: OrganizationKind,
    pub siret: Option<String>,
}

crate::choice! {
    /// The legal form of an organization that holds places.
    pub enum OrganizationKind {
        Association = "association",
        Commune = "commune",
        /// A grouping of communes (établissement public de coopération intercommunale).
        Epci = "epci",
        Scic = "scic",
        Scop = "scop",
        Entreprise = "entreprise",
        Autre = "autre",
    }
}

/// A validated name (1–200 characters, no control character) and its slug.
pub fn parse_name(raw: &str, errors: &mut FieldErrors) -> Option<(String, String)> {
    let name = raw.trim();
    if name.is_empty() {
        errors.add("name", "field-required");
        return None;
    }
    if name.chars().count() > 200 || name.chars().any(char::is_control) {
        errors.add("name", "field-name-invalid");
        return None;
    }
    let slug = slug::slugify(name);
    if slug.is_empty() {
        errors.add("name", "field-name-invalid");
        return None;
    }
    Some((name.to_string(), slug.chars().take(80).collect()))
}

/// A description: at most 5 000 characters, kept as plain text (escaped when shown).
pub fn parse_description(raw: &str, errors: &mut FieldErrors) -> String {
    let d = raw.trim();
    if d.chars().count() > 5000 {
        errors.add("description", "field-too-long");
    }
    d.to_string()
}

/// A SIRET: 14 digits with a valid Luhn key (spaces allowed in input).
pub fn parse_siret(raw: &str) -> Result<Option<String>, &'static str> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    if digits.len() != 14 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("field-siret-invalid");
    }
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(0);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    if sum.is_multiple_of(10) {
        Ok(Some(digits))
    } else {
        Err("field-siret-invalid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_slugs() {
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_name("  Réseau Sud Tiers-Lieux ", &mut e),
            Some((
                "Réseau Sud Tiers-Lieux".into(),
                "reseau-sud-tiers-lieux".into()
            ))
        );
        assert!(parse_name("   ", &mut e).is_none());
        assert_eq!(e.get("name"), Some("field-required"));
        let mut e = FieldErrors::default();
        assert!(parse_name("!!!", &mut e).is_none());
        assert_eq!(e.get("name"), Some("field-name-invalid"));
    }

    #[test]
    fn organization_kinds_keep_their_texts() {
        assert_eq!(
            OrganizationKind::TEXTS,
            &[
                "association",
                "commune",
                "epci",
                "scic",
                "scop",
                "entreprise",
                "autre"
            ]
        );
        assert_eq!(
            "epci".parse::<OrganizationKind>(),
            Ok(OrganizationKind::Epci)
        );
        assert!("SCOP".parse::<OrganizationKind>().is_err());
    }

    #[test]
    fn sirets() {
        assert_eq!(
            parse_siret("732 829 320 00074"),
            Ok(Some("73282932000074".into()))
        );
        assert_eq!(parse_siret(""), Ok(None));
        assert_eq!(parse_siret("73282932000075"), Err("field-siret-invalid"));
        assert_eq!(parse_siret("1234"), Err("field-siret-invalid"));
    }
}
