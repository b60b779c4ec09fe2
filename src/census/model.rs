//! The census: questionnaires, campaigns and responses — types and rules, no SQL, no HTTP.
//! A questionnaire is a list of questions keyed by a short `key`; an answer is a JSON value
//! whose shape depends on the question's type, checked here for the API and the form alike.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::error::FieldErrors;
use crate::ids::{CampaignId, NetworkId, PlaceId, QuestionnaireId};

/// Most questions in one questionnaire.
pub const QUESTIONS_MAX: usize = 200;
/// Longest short text answer; a long text holds up to `LONG_TEXT_MAX`.
pub const SHORT_TEXT_MAX: usize = 300;
pub const LONG_TEXT_MAX: usize = 5000;
/// Most choices of a choice question, and most items of a list answer (communes).
pub const OPTIONS_MAX: usize = 50;
pub const LIST_MAX: usize = 200;
/// Places of a network listed on one page of a campaign's progress.
pub const PROGRESS_PER_PAGE: i64 = 50;

crate::choice! {
    /// What a question asks for, and so the shape of its answer.
    pub enum QuestionType {
        /// A line of text (≤ 300 characters).
        ShortText = "short_text",
        /// A paragraph (≤ 5 000 characters).
        LongText = "long_text",
        /// A number (decimals allowed) in the question's `unit`.
        Number = "number",
        /// An amount in cents of euro (an integer ≥ 0).
        Money = "money",
        /// `true` or `false`.
        YesNo = "yes_no",
        /// One of the question's `options`.
        SingleChoice = "single_choice",
        /// Some of the question's `options` (a list).
        MultipleChoice = "multiple_choice",
        /// An integer from `min` to `max` (1 to 5 when not given).
        Scale = "scale",
        /// A day, `YYYY-MM-DD`.
        Date = "date",
        /// Typologies of the directory, by slug (a list).
        Typology = "typology",
        /// Communes (names or INSEE codes, a list).
        Communes = "communes",
    }
}

crate::choice! {
    /// Where Maillage pre-fills an answer from, over the campaign's period for the counts.
    pub enum PrefillSource {
        /// The place's typologies (slugs), for a `typology` question.
        Typologies = "typologies",
        /// Its active spaces and machines.
        SpacesCount = "spaces_count",
        /// The seats of its active spaces, added up.
        SeatsTotal = "seats_total",
        /// Its opening hours (`opening_hours` syntax), for a text question.
        OpeningHours = "opening_hours",
        /// Dates of its published events held in the period (each occurrence counts).
        EventsCount = "events_count",
        /// People at those dates: confirmed registrations with their guests.
        ParticipantsCount = "participants_count",
        /// Confirmed registrations to those dates.
        RegistrationsCount = "registrations_count",
        /// Dates of its trainings (events of kind `formation`) held in the period.
        TrainingsCount = "trainings_count",
        /// Confirmed bookings of its spaces starting in the period.
        BookingsCount = "bookings_count",
        /// Booked seat-hours over open seat-hours of its spaces, in percent (one decimal).
        OccupancyRate = "occupancy_rate",
    }
}

impl PrefillSource {
    /// The question types this source can fill.
    pub fn fits(self, t: QuestionType) -> bool {
        match self {
            PrefillSource::Typologies => t == QuestionType::Typology,
            PrefillSource::OpeningHours => {
                matches!(t, QuestionType::ShortText | QuestionType::LongText)
            }
            _ => t == QuestionType::Number,
        }
    }
}

crate::choice! {
    /// A response is a draft until its place submits it; an animator may reopen it.
    pub enum ResponseStatus {
        Draft = "draft",
        Submitted = "submitted",
    }
}

crate::choice! {
    /// What a mail to a place's managers was.
    pub enum MailingKind {
        Invitation = "invitation",
        Reminder = "reminder",
    }
}

crate::choice! {
    /// How the aggregates of a campaign are grouped.
    pub enum GroupBy {
        /// Every place of the campaign together.
        All = "all",
        Department = "department",
        Region = "region",
        /// A place with several typologies counts in each.
        Typology = "typology",
        /// The network's campaigns, one group per year of their period (questions by key).
        Year = "year",
    }
}

/// One question of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Question {
    /// Short identifier of the question, unique in its questionnaire (`[a-z][a-z0-9_]*`):
    /// answers are keyed by it, and the same key in two campaigns is the same question.
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// The section the question is shown under.
    #[serde(default)]
    pub section: String,
    /// A line of help shown under the label.
    #[serde(default)]
    pub help: String,
    /// Must be answered before the response is submitted.
    #[serde(default)]
    pub required: bool,
    /// The unit of a number (`m²`, `ETP`, `personnes`…).
    #[serde(default)]
    pub unit: String,
    /// The choices of a choice question.
    #[serde(default)]
    pub options: Vec<String>,
    /// Bounds of a number, an amount (cents) or a scale.
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Pre-filled from Maillage's data (else from the place's previous answer, if any).
    #[serde(default)]
    pub prefill: Option<PrefillSource>,
}

impl Question {
    /// The bounds of a scale question (1 to 5 unless given).
    pub fn scale_bounds(&self) -> (i64, i64) {
        (
            self.min.map_or(1, |v| v as i64),
            self.max.map_or(5, |v| v as i64),
        )
    }

    /// Answers of this type are added up, averaged and their median taken.
    pub fn is_numeric(&self) -> bool {
        matches!(
            self.kind,
            QuestionType::Number | QuestionType::Money | QuestionType::Scale
        )
    }

    /// Answers of this type are counted per choice.
    pub fn is_categorical(&self) -> bool {
        matches!(
            self.kind,
            QuestionType::YesNo
                | QuestionType::SingleChoice
                | QuestionType::MultipleChoice
                | QuestionType::Typology
        )
    }
}

/// A question key: `[a-z][a-z0-9_]*`, at most 40 characters (safe to write into SQL).
pub fn is_key(k: &str) -> bool {
    valid_key(k)
}

fn valid_key(k: &str) -> bool {
    let mut chars = k.chars();
    matches!(chars.next(), Some('a'..='z'))
        && k.len() <= 40
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// Checks a questionnaire's title and questions; errors name the field by its JSON path
/// (`questions[3].options`).
pub fn check_questionnaire(title: &str, questions: &[Question]) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    let title = title.trim();
    if title.is_empty() {
        e.add("title", "field-required");
    } else if title.chars().count() > 200 {
        e.add("title", "field-too-long");
    }
    if questions.is_empty() {
        e.add("questions", "census-questions-empty");
    } else if questions.len() > QUESTIONS_MAX {
        e.add("questions", "census-questions-too-many");
    }
    let mut keys = HashSet::new();
    for (i, q) in questions.iter().enumerate() {
        let f = |name: &str| format!("questions[{i}].{name}");
        if !valid_key(&q.key) {
            e.add(f("key"), "census-key-invalid");
        } else if !keys.insert(q.key.as_str()) {
            e.add(f("key"), "census-key-duplicate");
        }
        let label = q.label.trim();
        if label.is_empty() {
            e.add(f("label"), "field-required");
        } else if label.chars().count() > 300 {
            e.add(f("label"), "field-too-long");
        }
        if q.section.chars().count() > 200 || q.help.chars().count() > 500 {
            e.add(f("help"), "field-too-long");
        }
        if q.unit.chars().count() > 30 {
            e.add(f("unit"), "field-too-long");
        }
        let choices = matches!(
            q.kind,
            QuestionType::SingleChoice | QuestionType::MultipleChoice
        );
        if choices {
            let distinct: HashSet<&str> = q.options.iter().map(|o| o.trim()).collect();
            if q.options.len() < 2
                || q.options.len() > OPTIONS_MAX
                || distinct.len() != q.options.len()
                || q.options
                    .iter()
                    .any(|o| o.trim().is_empty() || o.chars().count() > 100)
            {
                e.add(f("options"), "census-options-invalid");
            }
        } else if !q.options.is_empty() {
            e.add(f("options"), "census-options-unexpected");
        }
        let bounds_ok = match (q.min, q.max) {
            (Some(a), Some(b)) => a.is_finite() && b.is_finite() && a <= b,
            (Some(a), None) | (None, Some(a)) => a.is_finite(),
            (None, None) => true,
        };
        let bounded = matches!(
            q.kind,
            QuestionType::Number | QuestionType::Money | QuestionType::Scale
        );
        if !bounds_ok || (!bounded && (q.min.is_some() || q.max.is_some())) {
            e.add(f("min"), "census-bounds-invalid");
        } else if q.kind == QuestionType::Scale {
            let (a, b) = q.scale_bounds();
            if a >= b || b - a > 100 || q.min.is_some_and(|v| v.fract() != 0.0) {
                e.add(f("min"), "census-bounds-invalid");
            }
        }
        if let Some(p) = q.prefill {
            if !p.fits(q.kind) {
                e.add(f("prefill"), "census-prefill-mismatch");
            }
        }
    }
    if e.is_empty() {
        Ok(())
    } else {
        Err(e)
    }
}

/// What the answers are checked against besides their question: the typologies that exist.
pub struct AnswerContext<'a> {
    pub typologies: &'a HashSet<String>,
}

/// Reads one answer for question `q`: `Ok(None)` when unanswered (`null`, `""`, `[]`), the
/// normalized value otherwise (a number typed as `"12,5"` becomes `12.5`), or the message key
/// of what is wrong.
pub fn read_answer(
    q: &Question,
    v: &Value,
    cx: &AnswerContext<'_>,
) -> Result<Option<Value>, &'static str> {
    if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(None);
    }
    if v.as_array().is_some_and(|a| a.is_empty()) {
        return Ok(None);
    }
    let number = |v: &Value| -> Option<f64> {
        match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s
                .trim()
                .replace(['\u{a0}', '\u{202f}', ' '], "")
                .replace(',', ".")
                .parse::<f64>()
                .ok(),
            _ => None,
        }
        .filter(|f| f.is_finite())
    };
    let in_bounds = |x: f64| q.min.is_none_or(|m| x >= m) && q.max.is_none_or(|m| x <= m);
    let list = |v: &Value| -> Result<Vec<String>, &'static str> {
        let items: Vec<String> = match v {
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map(|s| s.trim().to_string()))
                .collect::<Option<Vec<_>>>()
                .ok_or("census-answer-list")?,
            Value::String(s) => s
                .split([',', '\n'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect(),
            _ => return Err("census-answer-list"),
        };
        if items.len() > LIST_MAX || items.iter().any(|x| x.chars().count() > 100) {
            return Err("census-answer-list");
        }
        let mut seen = HashSet::new();
        Ok(items
            .into_iter()
            .filter(|x| !x.is_empty() && seen.insert(x.clone()))
            .collect())
    };
    let out = match q.kind {
        QuestionType::ShortText | QuestionType::LongText => {
            let s = v.as_str().ok_or("census-answer-text")?.trim();
            let max = if q.kind == QuestionType::ShortText {
                SHORT_TEXT_MAX
            } else {
                LONG_TEXT_MAX
            };
            if s.chars().count() > max {
                return Err("field-too-long");
            }
            Value::from(s)
        }
        QuestionType::Number => {
            let x = number(v).ok_or("census-answer-number")?;
            if !in_bounds(x) {
                return Err("census-answer-out-of-range");
            }
            // Two decimals at most: 1.5 ETP, 120.25 m²; a whole number stays an integer.
            let x = (x * 100.0).round() / 100.0;
            if x.fract() == 0.0 && x.abs() < 1e15 {
                Value::from(x as i64)
            } else {
                serde_json::Number::from_f64(x)
                    .map(Value::Number)
                    .ok_or("census-answer-number")?
            }
        }
        QuestionType::Money => {
            let x = match v {
                Value::Number(n) => n.as_i64().ok_or("census-answer-money")?,
                // A form sends euros ("1 234,50"): cents through the one money parser.
                Value::String(s) => {
                    crate::money::parse_eur(s).map_err(|_| "census-answer-money")?
                }
                _ => return Err("census-answer-money"),
            };
            if x < 0 || !in_bounds(x as f64) {
                return Err("census-answer-out-of-range");
            }
            Value::from(x)
        }
        QuestionType::YesNo => match v {
            Value::Bool(b) => Value::Bool(*b),
            Value::String(s) if matches!(s.trim(), "oui" | "true" | "yes") => Value::Bool(true),
            Value::String(s) if matches!(s.trim(), "non" | "false" | "no") => Value::Bool(false),
            _ => return Err("census-answer-yes-no"),
        },
        QuestionType::SingleChoice => {
            let s = v.as_str().ok_or("census-answer-choice")?.trim();
            if !q.options.iter().any(|o| o.trim() == s) {
                return Err("census-answer-choice");
            }
            Value::from(s)
        }
        QuestionType::MultipleChoice => {
            let items = list(v)?;
            if items
                .iter()
                .any(|x| !q.options.iter().any(|o| o.trim() == x))
            {
                return Err("census-answer-choice");
            }
            Value::from(items)
        }
        QuestionType::Scale => {
            let x = number(v).ok_or("census-answer-number")?;
            let (a, b) = q.scale_bounds();
            if x.fract() != 0.0 || (x as i64) < a || (x as i64) > b {
                return Err("census-answer-out-of-range");
            }
            Value::from(x as i64)
        }
        QuestionType::Date => {
            let s = v.as_str().ok_or("census-answer-date")?.trim();
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "census-answer-date")?;
            Value::from(s)
        }
        QuestionType::Typology => {
            let items = list(v)?;
            if items.iter().any(|x| !cx.typologies.contains(x)) {
                return Err("census-answer-typology");
            }
            Value::from(items)
        }
        QuestionType::Communes => Value::from(list(v)?),
    };
    if out.as_array().is_some_and(|a| a.is_empty()) {
        return Ok(None);
    }
    Ok(Some(out))
}

/// Reads every answer of `given` (unknown keys refused), errors keyed `answers.<key>`.
pub fn read_answers(
    questions: &[Question],
    given: &BTreeMap<String, Value>,
    cx: &AnswerContext<'_>,
) -> Result<BTreeMap<String, Value>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut out = BTreeMap::new();
    for k in given.keys() {
        if !questions.iter().any(|q| &q.key == k) {
            e.add(format!("answers.{k}"), "census-answer-unknown");
        }
    }
    for q in questions {
        let Some(v) = given.get(&q.key) else { continue };
        match read_answer(q, v, cx) {
            Ok(Some(v)) => {
                out.insert(q.key.clone(), v);
            }
            Ok(None) => {}
            Err(key) => e.add(format!("answers.{}", q.key), key),
        }
    }
    if e.is_empty() {
        Ok(out)
    } else {
        Err(e)
    }
}

/// The required questions left unanswered (checked on submission).
pub fn missing_required(questions: &[Question], answers: &BTreeMap<String, Value>) -> FieldErrors {
    let mut e = FieldErrors::default();
    for q in questions.iter().filter(|q| q.required) {
        if !answers.contains_key(&q.key) {
            e.add(format!("answers.{}", q.key), "census-answer-required");
        }
    }
    e
}

/// A questionnaire, one version.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub id: QuestionnaireId,
    pub network_id: NetworkId,
    pub title: String,
    pub version: i32,
    pub parent_id: Option<QuestionnaireId>,
    pub questions: Vec<Question>,
    pub created_at: i64,
}

/// A campaign of a network.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Campaign {
    pub id: CampaignId,
    pub network_id: NetworkId,
    pub questionnaire_id: QuestionnaireId,
    pub title: String,
    pub opens_on: String,
    pub closes_on: String,
    pub period_start: i64,
    pub period_end: i64,
    pub departments: String,
    pub published: bool,
    pub created_at: i64,
}

impl Campaign {
    /// The department codes the campaign is limited to (none: every place of the network).
    pub fn department_list(&self) -> Vec<String> {
        split_departments(&self.departments)
    }

    /// Open for answers on `today` (`YYYY-MM-DD`, Paris).
    pub fn is_open_on(&self, today: &str) -> bool {
        self.opens_on.as_str() <= today && today <= self.closes_on.as_str()
    }

    /// The year of its period (Paris, the year its period ends in), which names it in the
    /// year-over-year figures.
    pub fn year(&self) -> i32 {
        use chrono::Datelike;
        crate::clock::paris_date(self.period_end - 1).year()
    }
}

/// Department codes of a comma-separated list (`04, 05` → `["04", "05"]`), upper-cased
/// (`2a` → `2A`), empties left out.
pub fn split_departments(s: &str) -> Vec<String> {
    let mut out: Vec<String> = s
        .split([',', ' ', ';'])
        .map(|d| d.trim().to_uppercase())
        .filter(|d| !d.is_empty())
        .collect();
    out.dedup();
    out
}

/// A department code as the directory stores them: two digits, `2A`/`2B`, or three digits
/// from 971 on.
pub fn valid_department(d: &str) -> bool {
    let b = d.as_bytes();
    match b.len() {
        2 => {
            (b[0].is_ascii_digit() && b[1].is_ascii_digit() && d != "00" && d != "20")
                || d == "2A"
                || d == "2B"
        }
        3 => d.chars().all(|c| c.is_ascii_digit()) && d.starts_with("97"),
        _ => false,
    }
}

/// Checks a campaign's dates (`YYYY-MM-DD`) and departments; returns the period as
/// `[start, end)` instants (Paris midnights, the end day included).
pub fn check_campaign(
    title: &str,
    opens_on: &str,
    closes_on: &str,
    period_start: &str,
    period_end: &str,
    departments: &[String],
) -> Result<(i64, i64), FieldErrors> {
    let mut e = FieldErrors::default();
    let title = title.trim();
    if title.is_empty() {
        e.add("title", "field-required");
    } else if title.chars().count() > 200 {
        e.add("title", "field-too-long");
    }
    let day = |name: &'static str, v: &str, e: &mut FieldErrors| {
        // Years 1900 to 2200: a census is about this era, and the day after the last one
        // always exists.
        let d = chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)));
        if d.is_none() {
            e.add(name, "census-date-invalid");
        }
        d
    };
    let (o, c) = (
        day("opens_on", opens_on, &mut e),
        day("closes_on", closes_on, &mut e),
    );
    if let (Some(o), Some(c)) = (o, c) {
        if c < o {
            e.add("closes_on", "census-closes-before-opens");
        }
    }
    let (s, t) = (
        day("period_start", period_start, &mut e),
        day("period_end", period_end, &mut e),
    );
    let mut period = (0, 0);
    if let (Some(s), Some(t)) = (s, t) {
        if t < s {
            e.add("period_end", "census-period-invalid");
        } else {
            period = (
                crate::clock::paris_midnight(s),
                crate::clock::paris_midnight(t + chrono::Duration::days(1)),
            );
        }
    }
    if departments.iter().any(|d| !valid_department(d)) || departments.len() > 120 {
        e.add("departments", "census-departments-invalid");
    }
    if e.is_empty() {
        Ok(period)
    } else {
        Err(e)
    }
}

/// A place's response as stored.
#[derive(Debug, Clone)]
pub struct Response {
    pub campaign_id: CampaignId,
    pub place_id: PlaceId,
    pub status: ResponseStatus,
    pub answers: BTreeMap<String, Value>,
    pub prefill: BTreeMap<String, Prefilled>,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
}

/// A value Maillage proposed for a question, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Prefilled {
    pub value: Value,
    /// A pre-fill source (`events_count`…), or `previous` for the place's answer to the
    /// same question in the network's previous campaign.
    pub source: String,
}

/// A network's activity over a period (the "rapport d'activité").
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Activity {
    /// Dates of published events of the network and its places held in the period.
    pub events: i64,
    /// Of which trainings (events of kind `formation`).
    pub trainings: i64,
    /// Confirmed registrations to those dates, and people with their guests.
    pub registrations: i64,
    pub participants: i64,
    /// Confirmed bookings of the spaces of its places starting in the period.
    pub bookings: i64,
    /// Booked seat-hours over open seat-hours of those spaces, in percent (one decimal).
    pub occupancy_rate: f64,
    /// Places of the network created in the period.
    pub new_places: i64,
    /// Places of the network (today).
    pub places: i64,
    /// Projects the network follows, by status (`idea`, `in_progress`, `opened`, `abandoned`).
    pub projects: Vec<(String, i64)>,
}

/// A submitted response with what the aggregates group it by.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub place_id: PlaceId,
    pub department: String,
    pub region: String,
    /// (slug, name) of the place's typologies.
    pub typologies: Vec<(String, String)>,
    pub answers: BTreeMap<String, Value>,
}

/// The value at rank `q` (0 to 1) of sorted values, by linear interpolation (the median is
/// `quantile(v, 0.5)`: the mean of the two middle values of an even count).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: QuestionType) -> Question {
        Question {
            key: "k".into(),
            label: "L".into(),
            kind,
            section: String::new(),
            help: String::new(),
            required: false,
            unit: String::new(),
            options: vec![],
            min: None,
            max: None,
            prefill: None,
        }
    }

    #[test]
    fn answers_are_read_by_type() {
        let typ: HashSet<String> = ["coworking".to_string()].into();
        let cx = AnswerContext { typologies: &typ };
        let n = q(QuestionType::Number);
        assert_eq!(
            read_answer(&n, &Value::from("12,5"), &cx),
            Ok(Some(Value::from(12.5)))
        );
        assert_eq!(
            read_answer(&n, &Value::from("douze"), &cx),
            Err("census-answer-number")
        );
        assert_eq!(read_answer(&n, &Value::Null, &cx), Ok(None));
        let mut m = q(QuestionType::Money);
        m.min = Some(0.0);
        assert_eq!(
            read_answer(&m, &Value::from(150000), &cx),
            Ok(Some(Value::from(150000)))
        );
        assert_eq!(
            read_answer(&m, &Value::from("1 500,50"), &cx),
            Ok(Some(Value::from(150050)))
        );
        assert_eq!(
            read_answer(&m, &Value::from(-1), &cx),
            Err("census-answer-out-of-range")
        );
        let s = q(QuestionType::Scale);
        assert_eq!(
            read_answer(&s, &Value::from(6), &cx),
            Err("census-answer-out-of-range")
        );
        assert_eq!(
            read_answer(&s, &Value::from(3), &cx),
            Ok(Some(Value::from(3)))
        );
        let t = q(QuestionType::Typology);
        assert_eq!(
            read_answer(&t, &serde_json::json!(["coworking"]), &cx),
            Ok(Some(serde_json::json!(["coworking"])))
        );
        assert_eq!(
            read_answer(&t, &serde_json::json!(["casino"]), &cx),
            Err("census-answer-typology")
        );
        let mut c = q(QuestionType::SingleChoice);
        c.options = vec!["Oui".into(), "Non".into()];
        assert_eq!(
            read_answer(&c, &Value::from("Peut-être"), &cx),
            Err("census-answer-choice")
        );
        assert_eq!(
            read_answer(&q(QuestionType::Date), &Value::from("2026-02-30"), &cx),
            Err("census-answer-date")
        );
    }

    #[test]
    fn questionnaires_are_checked() {
        let mut a = q(QuestionType::SingleChoice);
        a.options = vec!["x".into()];
        let mut b = q(QuestionType::Number);
        b.prefill = Some(PrefillSource::Typologies);
        let e = check_questionnaire("Recensement", &[a, b]).unwrap_err();
        assert_eq!(
            e.get("questions[0].options"),
            Some("census-options-invalid")
        );
        assert_eq!(e.get("questions[1].key"), Some("census-key-duplicate"));
        assert_eq!(
            e.get("questions[1].prefill"),
            Some("census-prefill-mismatch")
        );
    }

    #[test]
    fn campaign_days_are_checked() {
        let deps = vec!["04".to_string()];
        let ok = check_campaign(
            "R",
            "2026-01-01",
            "2026-02-01",
            "2025-01-01",
            "2025-12-31",
            &deps,
        );
        let (a, b) = ok.unwrap();
        assert_eq!(b - a, 365 * 86_400_000, "the last day is included");
        let e = check_campaign(
            "R",
            "2026-01-01",
            "2025-12-01",
            "2025-01-01",
            "+262143-12-31",
            &deps,
        )
        .unwrap_err();
        assert_eq!(e.get("closes_on"), Some("census-closes-before-opens"));
        assert_eq!(e.get("period_end"), Some("census-date-invalid"));
        let e = check_campaign(
            "",
            "2026-01-01",
            "2026-01-01",
            "2262-01-01",
            "2262-01-02",
            &["99".into()],
        )
        .unwrap_err();
        assert!(e.has("title") && e.has("period_start") && !e.has("departments"));
    }

    #[test]
    fn medians_interpolate() {
        assert_eq!(quantile(&[1.0, 2.0, 10.0], 0.5), Some(2.0));
        assert_eq!(quantile(&[1.0, 2.0, 4.0, 10.0], 0.5), Some(3.0));
        assert_eq!(quantile(&[], 0.5), None);
        assert!(valid_department("2A") && valid_department("974") && !valid_department("20"));
    }
}
