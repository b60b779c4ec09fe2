//! Services and priced prestations of a place (pass coworking, domiciliation, impression…):
//! managed by the place's managers, listed on a public catalogue page, and requested through a
//! "demander cette prestation" form that emails the managers.

pub mod api;
pub mod web;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::Db;
use crate::db_run;
use crate::error::{AppResult, FieldErrors};
use crate::ids::{PlaceId, UserId};

crate::choice! {
    /// What a service is (stored value, message key suffix `service-category-…`).
    pub enum ServiceCategory {
        PassCoworking = "pass_coworking",
        Domiciliation = "domiciliation",
        Impression = "impression",
        Accompagnement = "accompagnement",
        Formation = "formation",
        LocationSalle = "location_salle",
        SoutienInformatique = "soutien_informatique",
        Restauration = "restauration",
        Autre = "autre",
    }
}

crate::choice! {
    /// What a service's price is for (stored value, message key suffix `service-unit-…`).
    pub enum ServicePriceUnit {
        Forfait = "forfait",
        Heure = "heure",
        DemiJournee = "demi_journee",
        Jour = "jour",
        Mois = "mois",
        An = "an",
        Page = "page",
    }
}

/// VAT rates in basis points (20 %, 10 %, 5,5 %, 2,1 %, none).
pub const VAT_RATES: [i32; 5] = [2000, 1000, 550, 210, 0];

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Service {
    pub id: i64,
    pub place_id: PlaceId,
    pub name: String,
    pub description: String,
    pub category: ServiceCategory,
    /// Price excluding VAT (HT), in cents.
    pub price_cents: i64,
    pub price_unit: ServicePriceUnit,
    pub vat_rate_bp: i32,
    pub active: bool,
    pub created_at: i64,
}

impl Service {
    /// Price including VAT (TTC), rounded half up to the cent.
    pub fn price_ttc_cents(&self) -> i64 {
        ttc(self.price_cents, self.vat_rate_bp)
    }
    pub fn ht(&self) -> String {
        crate::money::format_eur(self.price_cents)
    }
    pub fn ttc(&self) -> String {
        crate::money::format_eur(self.price_ttc_cents())
    }
    /// « 20 % », « 5,5 % ».
    pub fn vat(&self) -> String {
        vat_label(self.vat_rate_bp)
    }
}

pub fn ttc(ht_cents: i64, vat_bp: i32) -> i64 {
    (ht_cents * (10_000 + vat_bp as i64) + 5_000) / 10_000
}

pub fn vat_label(bp: i32) -> String {
    let whole = bp / 100;
    let frac = bp % 100;
    if frac == 0 {
        format!("{whole} %")
    } else if frac % 10 == 0 {
        format!("{whole},{} %", frac / 10)
    } else {
        format!("{whole},{frac:02} %")
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ServiceInput {
    /// 1 to 200 characters.
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `pass_coworking`, `domiciliation`, `impression`, `accompagnement`, `formation`,
    /// `location_salle`, `soutien_informatique`, `restauration` or `autre`.
    pub category: ServiceCategory,
    /// Price excluding VAT, in cents.
    pub price_cents: i64,
    /// `forfait`, `heure`, `demi_journee`, `jour`, `mois`, `an` or `page`.
    pub price_unit: ServicePriceUnit,
    /// VAT in basis points: 2000 (20 %), 1000, 550, 210 or 0.
    #[serde(default = "default_vat")]
    pub vat_rate_bp: i32,
}

fn default_vat() -> i32 {
    2000
}

impl ServiceInput {
    pub fn validate(mut self) -> Result<ServiceInput, FieldErrors> {
        let mut e = FieldErrors::default();
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            e.add("name", "field-required");
        } else if self.name.chars().count() > 200 || self.name.chars().any(char::is_control) {
            e.add("name", "field-name-invalid");
        }
        self.description = self.description.trim().to_string();
        if self.description.chars().count() > 5000 {
            e.add("description", "field-too-long");
        }
        if !VAT_RATES.contains(&self.vat_rate_bp) {
            e.add("vat_rate_bp", "field-invalid-choice");
        }
        if !(0..=100_000_000).contains(&self.price_cents) {
            e.add("price_cents", "booking-field-price");
        }
        if e.is_empty() {
            Ok(self)
        } else {
            Err(e)
        }
    }
}

const COLS: &str =
    "id, place_id, name, description, category, price_cents, price_unit, vat_rate_bp, active, created_at";

pub async fn insert(db: &Db, place_id: PlaceId, s: &ServiceInput, now: i64) -> AppResult<Service> {
    let sql = format!(
        "INSERT INTO services (place_id, name, description, category, price_cents, price_unit, vat_rate_bp, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE, $8) RETURNING {COLS}"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Service>(&sql)
        .bind(place_id)
        .bind(&s.name)
        .bind(&s.description)
        .bind(s.category)
        .bind(s.price_cents)
        .bind(s.price_unit)
        .bind(s.vat_rate_bp)
        .bind(now)
        .fetch_one(p)
        .await)?)
}

pub async fn update(db: &Db, id: i64, s: &ServiceInput) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "UPDATE services SET name = $1, description = $2, category = $3, price_cents = $4, price_unit = $5, \
         vat_rate_bp = $6 WHERE id = $7"
    )
    .bind(&s.name)
    .bind(&s.description)
    .bind(s.category)
    .bind(s.price_cents)
    .bind(s.price_unit)
    .bind(s.vat_rate_bp)
    .bind(id)
    .execute(p)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

/// Removes a service from the catalogue (kept for the requests that name it).
pub async fn archive(db: &Db, id: i64) -> AppResult<()> {
    db_run!(db, |p| sqlx::query(
        "UPDATE services SET active = FALSE WHERE id = $1"
    )
    .bind(id)
    .execute(p)
    .await
    .map(|_| ()))?;
    Ok(())
}

pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<Service>> {
    let sql = format!("SELECT {COLS} FROM services WHERE id = $1 AND active");
    Ok(db_run!(db, |p| sqlx::query_as::<_, Service>(&sql)
        .bind(id)
        .fetch_optional(p)
        .await)?)
}

pub async fn of_place(db: &Db, place_id: PlaceId) -> AppResult<Vec<Service>> {
    let sql = format!(
        "SELECT {COLS} FROM services WHERE place_id = $1 AND active ORDER BY category, name, id"
    );
    Ok(db_run!(db, |p| sqlx::query_as::<_, Service>(&sql)
        .bind(place_id)
        .fetch_all(p)
        .await)?)
}

pub async fn insert_request(
    db: &Db,
    service_id: i64,
    user_id: Option<UserId>,
    name: &str,
    email: &str,
    message: &str,
    now: i64,
) -> AppResult<()> {
    db_run!(db, |p| {
        sqlx::query(
        "INSERT INTO service_requests (service_id, user_id, name, email, message, created_at) VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(service_id)
    .bind(user_id)
    .bind(name)
    .bind(email)
    .bind(message)
    .bind(now)
    .execute(p)
    .await
    .map(|_| ())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vat_is_exact_in_cents() {
        assert_eq!(ttc(1000, 2000), 1200);
        assert_eq!(ttc(1250, 550), 1319); // 13,1875 → 13,19
        assert_eq!(ttc(999, 1000), 1099); // 10,989 → 10,99
        assert_eq!(ttc(5000, 0), 5000);
        assert_eq!(vat_label(2000), "20 %");
        assert_eq!(vat_label(550), "5,5 %");
        assert_eq!(vat_label(210), "2,1 %");
    }

    #[test]
    fn categories_and_units_are_closed_lists() {
        let i: ServiceInput = crate::form::decode_json(
            &br#"{"name":"Pass","category":"pass_coworking","price_cents":1000,"price_unit":"demi_journee"}"#[..],
        )
        .unwrap();
        assert_eq!(
            (i.category, i.price_unit, i.vat_rate_bp),
            (
                ServiceCategory::PassCoworking,
                ServicePriceUnit::DemiJournee,
                2000
            )
        );
        for (body, field) in [
            (
                &br#"{"name":"X","category":"piscine","price_cents":1,"price_unit":"mois"}"#[..],
                "category",
            ),
            (
                &br#"{"name":"X","category":"autre","price_cents":1,"price_unit":"semaine"}"#[..],
                "price_unit",
            ),
        ] {
            match crate::form::decode_json::<ServiceInput>(body) {
                Err(crate::error::AppError::Invalid(f)) => {
                    assert_eq!(f.get(field), Some("field-invalid-choice"), "{field}")
                }
                other => panic!("{field}: {other:?}"),
            }
        }
        for lang in [crate::i18n::Lang::Fr, crate::i18n::Lang::En] {
            for (prefix, texts) in [
                ("service-category-", ServiceCategory::TEXTS),
                ("service-unit-", ServicePriceUnit::TEXTS),
            ] {
                for t in texts {
                    let key = format!("{prefix}{t}");
                    assert_ne!(lang.t(&key), key, "{lang:?}");
                }
            }
        }
    }
}
