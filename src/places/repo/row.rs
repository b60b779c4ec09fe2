//! The row of a place as every query reads it, and the values queries bind.

use crate::ids::UserId;
use serde::Serialize;

use crate::ids::PlaceId;
use crate::places::model::{PlaceModeration, PlaceStatus};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PlaceRow {
    pub id: PlaceId,
    pub name: String,
    pub slug: String,
    pub status: PlaceStatus,
    pub moderation: PlaceModeration,
    pub refusal_reason: String,
    pub created_by: Option<UserId>,
    pub organization_id: Option<i64>,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub insee_code: String,
    pub department: String,
    pub region: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub description: String,
    pub opening_hours: String,
    /// Hours a source wrote in words the OSM syntax cannot hold, shown as text.
    pub hours_note: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub social_links: String,
    pub services: String,
    pub accessibility: String,
    pub siret: String,
    pub charter_adopted_on: String,
    pub source: String,
    pub source_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

pub const COLS: &str = "p.id, p.name, p.slug, p.status, p.moderation, p.refusal_reason, p.created_by, \
p.organization_id, p.street, p.postal_code, p.city, p.insee_code, p.department, p.region, p.latitude, \
p.longitude, p.description, p.opening_hours, p.hours_note, p.email, p.phone, p.website, p.social_links, p.services, \
p.accessibility, p.siret, p.charter_adopted_on, p.source, p.source_id, p.created_at, p.updated_at";

/// Ids (places', networks') written into SQL as a list of integers, `1, 2, 3`.
pub fn id_list<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A bound value.
#[derive(Debug, Clone)]
pub enum Arg {
    T(String),
    I(i64),
    F(f64),
    OI(Option<i64>),
    OF(Option<f64>),
}
