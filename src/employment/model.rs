//! The job and civic-service board ("emplois"): types and rules, no SQL, no HTTP. An offer
//! belongs to one place or one network (its employer); it is `pending` until a network
//! animator publishes it (an animator's own offers are published at once), and archived by
//! the date: past its `expires_on` (a Paris day) it is no longer listed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{JobApplicationId, JobOfferId, JobSearchId, NetworkId, PlaceId, UserId};

/// Longest title (characters), as the table's `CHECK` says.
pub const TITLE_MAX: usize = 200;
/// Longest description (characters of sanitized HTML).
pub const DESCRIPTION_MAX: usize = 20_000;
/// Longest application message.
pub const MESSAGE_MAX: usize = 5_000;
/// Offers a list page shows.
pub const PER_PAGE: i64 = 20;
/// Longest time an offer stays listed, in days after it is written.
pub const LISTED_DAYS_MAX: i64 = 366;
/// Largest CV, in bytes.
pub const CV_MAX_BYTES: usize = 5 * 1024 * 1024;
/// Saved searches a person keeps.
pub const SEARCHES_MAX: i64 = 20;
/// Offers one digest email lists at most.
pub const DIGEST_MAX: i64 = 50;
/// The hour (Paris) of the daily digest.
pub const DIGEST_HOUR: u32 = 7;

crate::choice! {
    /// The kind of contract or engagement.
    pub enum JobKind {
        Cdi = "cdi",
        Cdd = "cdd",
        Freelance = "freelance",
        Stage = "stage",
        Alternance = "alternance",
        ServiceCivique = "service_civique",
        Benevolat = "benevolat",
    }
}

crate::choice! {
    /// Where an offer stands in the network's moderation.
    pub enum JobStatus {
        Pending = "pending",
        Published = "published",
        Rejected = "rejected",
    }
}

crate::choice! {
    /// What a pay range is counted per.
    pub enum PayUnit {
        Hour = "hour",
        Month = "month",
        Year = "year",
    }
}

impl JobKind {
    /// Google's `employmentType` for the kind (schema.org `JobPosting`).
    pub fn employment_type(self) -> &'static str {
        match self {
            JobKind::Cdi => "FULL_TIME",
            JobKind::Cdd => "TEMPORARY",
            JobKind::Freelance => "CONTRACTOR",
            JobKind::Stage | JobKind::Alternance => "INTERN",
            JobKind::ServiceCivique | JobKind::Benevolat => "VOLUNTEER",
        }
    }

    /// Unpaid by nature: a pay range is refused (the civic service shows its legal allowance).
    pub fn unpaid(self) -> bool {
        matches!(self, JobKind::ServiceCivique | JobKind::Benevolat)
    }
}

impl PayUnit {
    /// schema.org's `unitText`.
    pub fn unit_text(self) -> &'static str {
        match self {
            PayUnit::Hour => "HOUR",
            PayUnit::Month => "MONTH",
            PayUnit::Year => "YEAR",
        }
    }
}

/// Who offers the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Employer {
    Network(NetworkId),
    Place(PlaceId),
}

impl Employer {
    /// The employer named by exactly one of the two ids; `None` for none or both.
    pub fn one(network_id: Option<NetworkId>, place_id: Option<PlaceId>) -> Option<Employer> {
        match (network_id, place_id) {
            (Some(n), None) => Some(Employer::Network(n)),
            (None, Some(p)) => Some(Employer::Place(p)),
            _ => None,
        }
    }

    /// The integers of the columns `network_id`, `place_id`, one set.
    pub fn columns(self) -> [Option<i64>; 2] {
        match self {
            Employer::Network(id) => [Some(id.get()), None],
            Employer::Place(id) => [None, Some(id.get())],
        }
    }

    pub fn section(self) -> &'static str {
        match self {
            Employer::Network(_) => "reseaux",
            Employer::Place(_) => "lieux",
        }
    }
}

/// An offer as stored, with its employer's name and slug.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Offer {
    pub id: JobOfferId,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub title: String,
    pub slug: String,
    pub kind: JobKind,
    pub description: String,
    pub postal_code: String,
    pub city: String,
    pub department: String,
    pub starts_on: String,
    pub expires_on: String,
    pub duration_months: Option<i32>,
    pub hours_per_week: Option<i32>,
    pub pay_min_cents: Option<i64>,
    pub pay_max_cents: Option<i64>,
    pub pay_unit: PayUnit,
    pub apply_url: String,
    pub status: JobStatus,
    pub published_at: Option<i64>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    pub updated_at: i64,
    pub employer_name: String,
    pub employer_slug: String,
}

impl Offer {
    pub fn employer(&self) -> Employer {
        match (self.network_id, self.place_id) {
            (_, Some(p)) => Employer::Place(p),
            (Some(n), None) => Employer::Network(n),
            // The table's CHECK makes this impossible.
            (None, None) => Employer::Network(NetworkId(0)),
        }
    }

    pub fn path(&self) -> String {
        format!("/emplois/{}", self.slug)
    }

    pub fn employer_path(&self) -> String {
        format!("/{}/{}", self.employer().section(), self.employer_slug)
    }

    /// Past its last day (`today` is the Paris day, `YYYY-MM-DD`).
    pub fn expired(&self, today: &str) -> bool {
        self.expires_on.as_str() < today
    }

    /// Listed on the board: published and not expired.
    pub fn listed(&self, today: &str) -> bool {
        self.status == JobStatus::Published && !self.expired(today)
    }

    pub fn excerpt(&self) -> String {
        crate::text::excerpt(&self.description, 240)
    }
}

/// The day `YYYY-MM-DD` as the French write it (`15/03/2026`).
pub fn day_fr(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// An application as its employer and its applicant see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Application {
    pub id: JobApplicationId,
    pub offer_id: JobOfferId,
    pub user_id: UserId,
    pub message: String,
    pub cv_filename: String,
    pub cv_content_type: String,
    pub cv_size: i64,
    pub cv_sha256: String,
    pub created_at: i64,
    pub applicant_name: String,
    pub applicant_email: String,
    pub offer_title: String,
    pub offer_slug: String,
}

/// A saved search.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedSearch {
    pub id: JobSearchId,
    pub user_id: UserId,
    pub kind: String,
    pub network_id: Option<NetworkId>,
    pub department: String,
    pub city: String,
    pub q: String,
    pub email_alerts: bool,
    pub next_digest_at: i64,
    pub created_at: i64,
}

impl SavedSearch {
    /// The board's address with these filters.
    pub fn board_query(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("kind", &self.kind),
            ("department", &self.department),
            ("city", &self.city),
            ("q", &self.q),
        ] {
            if !v.is_empty() {
                pairs.push((k, v.clone()));
            }
        }
        if let Some(n) = self.network_id {
            pairs.push(("network", n.to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// Path segments of `/emplois/…` that are pages, never an offer's slug.
pub const RESERVED: &[&str] = &[
    "nouvelle",
    "moderation",
    "alertes",
    "candidatures",
    "feed-atom",
    "mes-offres",
];

/// A title: 1 to [`TITLE_MAX`] characters, no control character; and its slug (without the
/// suffix that keeps it unique).
pub fn parse_title(raw: &str, errors: &mut FieldErrors) -> Option<(String, String)> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add("title", "field-required");
        return None;
    }
    if t.chars().count() > TITLE_MAX || t.chars().any(char::is_control) {
        errors.add("title", "job-error-title");
        return None;
    }
    let mut slug: String = slug::slugify(t).chars().take(80).collect();
    slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() || RESERVED.contains(&slug.as_str()) {
        slug = format!("offre-{slug}").trim_end_matches('-').to_string();
    }
    Some((t.to_string(), slug))
}

/// A French postal code (five digits) and its département (`04`, `2A`/`2B` for Corsica,
/// `971`… overseas).
pub fn parse_postal_code(raw: &str, errors: &mut FieldErrors) -> Option<(String, String)> {
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        errors.add("postal_code", "field-required");
        return None;
    }
    if t.len() != 5 || !t.bytes().all(|b| b.is_ascii_digit()) || t.starts_with("00") {
        errors.add("postal_code", "job-error-postal-code");
        return None;
    }
    let dep = if t.starts_with("97") || t.starts_with("98") {
        t[..3].to_string()
    } else if t.starts_with("20") {
        if t.as_str() < "20200" {
            "2A".into()
        } else {
            "2B".into()
        }
    } else {
        t[..2].to_string()
    };
    Some((t, dep))
}

/// A day `YYYY-MM-DD`.
pub fn parse_day(
    raw: &str,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<chrono::NaiveDate> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add(field, "field-required");
        return None;
    }
    match chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "job-error-date");
            None
        }
    }
}

/// The dates of an offer: `expires_on` is today or later, at most [`LISTED_DAYS_MAX`] days
/// ahead, and not before `starts_on` minus a year (a start long past is a mistake).
pub fn check_dates(
    starts_on: Option<chrono::NaiveDate>,
    expires_on: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
    errors: &mut FieldErrors,
) {
    if let Some(e) = expires_on {
        if e < today {
            errors.add("expires_on", "job-error-expires-past");
        } else if e > today + chrono::Duration::days(LISTED_DAYS_MAX) {
            errors.add("expires_on", "job-error-expires-far");
        }
    }
    if let Some(s) = starts_on {
        if s < today - chrono::Duration::days(365) || s > today + chrono::Duration::days(3 * 365) {
            errors.add("starts_on", "job-error-date");
        }
    }
}

/// The pay range: each bound 0 to 10 million euros, `min ≤ max`; none for an unpaid kind.
pub fn check_pay(
    kind: Option<JobKind>,
    min: Option<i64>,
    max: Option<i64>,
    errors: &mut FieldErrors,
) {
    for (v, field) in [(min, "pay_min_cents"), (max, "pay_max_cents")] {
        if let Some(v) = v {
            if !(0..=1_000_000_000).contains(&v) {
                errors.add(field, "job-error-pay");
            }
        }
    }
    if let (Some(a), Some(b)) = (min, max) {
        if a > b && !errors.has("pay_min_cents") {
            errors.add("pay_max_cents", "job-error-pay-order");
        }
    }
    if kind.is_some_and(JobKind::unpaid) && (min.is_some() || max.is_some()) {
        errors.add("pay_min_cents", "job-error-pay-unpaid");
    }
}

/// An optional small whole number within `range`.
pub fn check_range(
    v: Option<i32>,
    range: std::ops::RangeInclusive<i32>,
    field: &'static str,
    errors: &mut FieldErrors,
) {
    if let Some(v) = v {
        if !range.contains(&v) {
            errors.add(field, "job-error-number");
        }
    }
}

/// An external address to apply: empty, or an `https://` / `http://` address (or a
/// `mailto:`), at most 500 characters.
pub fn parse_apply_url(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.is_empty() {
        return String::new();
    }
    let ok = t.chars().count() <= 500
        && !t.chars().any(|c| c.is_control() || c.is_whitespace())
        && match url::Url::parse(t) {
            Ok(u) => match u.scheme() {
                "http" | "https" => u.host_str().is_some_and(|h| !h.is_empty()),
                "mailto" => t.len() > 7 && t.contains('@'),
                _ => false,
            },
            Err(_) => false,
        };
    if !ok {
        errors.add("apply_url", "job-error-apply-url");
        return String::new();
    }
    t.to_string()
}

/// A city: 1 to 100 characters, no control character.
pub fn parse_city(raw: &str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.is_empty() {
        errors.add("city", "field-required");
    } else if t.chars().count() > 100 || t.chars().any(char::is_control) {
        errors.add("city", "job-error-city");
    }
    t.to_string()
}

/// The folded words a search matches: title, city, employer, description (without markup).
pub fn search_text(title: &str, city: &str, employer: &str, description: &str) -> String {
    let description = crate::text::excerpt(description, 4000);
    crate::text::fold_words(&format!("{title} {city} {employer} {description}"))
}

/// An offer as the API writes it (`POST`, and `PATCH` merged into what `GET` returns).
#[derive(Debug, Deserialize, ToSchema)]
pub struct OfferInput {
    /// 1 to 200 characters.
    pub title: String,
    pub kind: JobKind,
    /// The mission: rich text (HTML), sanitized.
    pub description: String,
    /// Exactly one of `network_id`, `place_id`: the employer.
    #[serde(default)]
    pub network_id: Option<NetworkId>,
    #[serde(default)]
    pub place_id: Option<PlaceId>,
    /// Five digits (`04800`).
    pub postal_code: String,
    pub city: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// The last day the offer is listed, `YYYY-MM-DD` (today to a year ahead).
    pub expires_on: String,
    /// 1 to 120.
    #[serde(default)]
    pub duration_months: Option<i32>,
    /// 1 to 48.
    #[serde(default)]
    pub hours_per_week: Option<i32>,
    /// Gross pay, in cents per `pay_unit`; refused for `service_civique` and `benevolat`.
    #[serde(default)]
    pub pay_min_cents: Option<i64>,
    #[serde(default)]
    pub pay_max_cents: Option<i64>,
    /// Default `month`.
    #[serde(default)]
    pub pay_unit: Option<PayUnit>,
    /// Where to apply outside Maillage (`https://…` or `mailto:…`); empty or null: in-app
    /// applications with a message and a CV.
    #[serde(default)]
    pub apply_url: Option<String>,
}

/// The `201` answer of `POST /api/v1/jobs`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: JobOfferId,
    pub slug: String,
    pub status: JobStatus,
}

/// The last instant of a Paris day, RFC 3339 (UTC).
fn valid_through(day: &str) -> String {
    match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => crate::clock::rfc3339(
            crate::clock::paris_midnight(d + chrono::Duration::days(1)) - 1000,
        ),
        Err(_) => String::new(),
    }
}

fn euros(cents: i64) -> serde_json::Value {
    if cents % 100 == 0 {
        serde_json::json!(cents / 100)
    } else {
        serde_json::json!(cents as f64 / 100.0)
    }
}

/// The schema.org `JobPosting` of an offer (Google's job search fields), safe inside
/// `<script type="application/ld+json">`. `allowance` is the civic-service allowance in
/// cents, given as the pay of a service civique.
pub fn json_ld(o: &Offer, base_url: &str, allowance: i64) -> String {
    let base = base_url.trim_end_matches('/');
    let posted = o.published_at.unwrap_or(o.created_at);
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": o.title,
        "description": o.description,
        "datePosted": crate::clock::paris_date(posted).format("%Y-%m-%d").to_string(),
        "validThrough": valid_through(&o.expires_on),
        "employmentType": o.kind.employment_type(),
        "url": format!("{base}{}", o.path()),
        "identifier": {"@type": "PropertyValue", "name": o.employer_name, "value": o.id.to_string()},
        "hiringOrganization": {
            "@type": "Organization",
            "name": o.employer_name,
            "sameAs": format!("{base}{}", o.employer_path()),
        },
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": o.postal_code,
                "addressLocality": o.city,
                "addressRegion": o.department,
                "addressCountry": "FR",
            },
        },
        "jobStartDate": o.starts_on,
        "directApply": o.apply_url.is_empty(),
    });
    let (min, max, unit) = if o.kind == JobKind::ServiceCivique {
        (Some(allowance), None, PayUnit::Month)
    } else {
        (o.pay_min_cents, o.pay_max_cents, o.pay_unit)
    };
    if min.is_some() || max.is_some() {
        let mut value =
            serde_json::json!({"@type": "QuantitativeValue", "unitText": unit.unit_text()});
        match (min, max) {
            (Some(a), Some(b)) if a != b => {
                value["minValue"] = euros(a);
                value["maxValue"] = euros(b);
            }
            (Some(a), _) | (None, Some(a)) => value["value"] = euros(a),
            (None, None) => {}
        }
        v["baseSalary"] = serde_json::json!({
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": value,
        });
    }
    if let Some(h) = o.hours_per_week {
        v["workHours"] = serde_json::json!(format!("{h} h par semaine"));
    }
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The message signed by the unsubscribe link of a saved search's emails.
pub fn unsubscribe_message(id: JobSearchId) -> String {
    format!("job-search:{id}:unsubscribe")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_give_departments() {
        let mut e = FieldErrors::default();
        assert_eq!(
            parse_postal_code("04 800", &mut e),
            Some(("04800".into(), "04".into()))
        );
        assert_eq!(parse_postal_code("20000", &mut e).unwrap().1, "2A");
        assert_eq!(parse_postal_code("20600", &mut e).unwrap().1, "2B");
        assert_eq!(parse_postal_code("97400", &mut e).unwrap().1, "974");
        assert!(e.is_empty());
        for bad in ["", "4800", "0480A", "00100", "048000"] {
            let mut e = FieldErrors::default();
            assert!(parse_postal_code(bad, &mut e).is_none(), "{bad}");
            assert!(e.has("postal_code"));
        }
    }

    #[test]
    fn pay_ranges() {
        let mut e = FieldErrors::default();
        check_pay(Some(JobKind::Cdd), Some(180_000), Some(210_000), &mut e);
        assert!(e.is_empty());
        let mut e = FieldErrors::default();
        check_pay(Some(JobKind::Cdd), Some(3), Some(2), &mut e);
        assert!(e.has("pay_max_cents"));
        let mut e = FieldErrors::default();
        check_pay(Some(JobKind::Cdi), Some(-1), None, &mut e);
        assert!(e.has("pay_min_cents"));
        let mut e = FieldErrors::default();
        check_pay(Some(JobKind::ServiceCivique), Some(100), None, &mut e);
        assert!(e.has("pay_min_cents"));
    }

    #[test]
    fn apply_urls() {
        let mut e = FieldErrors::default();
        assert_eq!(parse_apply_url("", &mut e), "");
        assert_eq!(
            parse_apply_url("https://example.org/postuler", &mut e),
            "https://example.org/postuler"
        );
        assert_eq!(
            parse_apply_url("mailto:rh@example.org", &mut e),
            "mailto:rh@example.org"
        );
        assert!(e.is_empty());
        for bad in [
            "javascript:alert(1)",
            "example.org",
            "https://",
            "ftp://x.org",
        ] {
            let mut e = FieldErrors::default();
            parse_apply_url(bad, &mut e);
            assert!(e.has("apply_url"), "{bad}");
        }
    }

    #[test]
    fn employment_types() {
        assert_eq!(JobKind::Cdi.employment_type(), "FULL_TIME");
        assert_eq!(JobKind::Cdd.employment_type(), "TEMPORARY");
        assert_eq!(JobKind::Freelance.employment_type(), "CONTRACTOR");
        assert_eq!(JobKind::Stage.employment_type(), "INTERN");
        assert_eq!(JobKind::ServiceCivique.employment_type(), "VOLUNTEER");
    }
}
