//! The yearly census: per network, the default questionnaire and five published campaigns
//! (the five years before the anchor's), each answered and submitted by every place of the
//! network — the observatory of network #1 then rolls up 5 000 places a year over five years
//! at national scale. Answers follow the questions' types and bounds (numbers, amounts in
//! cents, scales, yes/no, choices); the sizes of a place grow a little from one year to the
//! next, as the demo's do.

use chrono::{Datelike, NaiveDate};
use rand::Rng;
use serde_json::{json, Map, Value};

use super::plan::{anchor_date, rng, Scale, World};
use super::sink::{finish_linked, flush_linked, max_id, row, Batch};
use crate::census::model::{Question, QuestionType};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Years of campaigns per network.
pub const YEARS: i64 = 5;

/// The answer a place gives to `q`, from its own base size `size` (1 small … 10 big), in
/// year `y` (0 the oldest); `None` for what a census does not roll up (texts, dates…).
fn answer(rng: &mut impl Rng, q: &Question, size: f64, y: i64) -> Option<Value> {
    let grow = 1.0 + 0.06 * y as f64;
    let bounded = |v: f64| {
        let v = q.min.map_or(v, |m| v.max(m));
        q.max.map_or(v, |m| v.min(m))
    };
    match q.kind {
        QuestionType::Number => {
            let (base, tenths) = match q.unit.as_str() {
                "m²" => (60.0 * size, false),
                "ETP" => (0.8 * size, true),
                "%" => (7.0 * size, true),
                _ => (3.0 * size, false),
            };
            let v = base * grow * rng.gen_range(0.8..1.2);
            let v = if tenths {
                (v * 10.0).round() / 10.0
            } else {
                v.round()
            };
            Some(json!(bounded(v)))
        }
        QuestionType::Money => {
            let euros = 12_000.0 * size * grow * rng.gen_range(0.7..1.3);
            Some(json!(bounded((euros * 100.0).round()) as i64))
        }
        QuestionType::Scale => {
            let (lo, hi) = (q.min.unwrap_or(1.0) as i64, q.max.unwrap_or(5.0) as i64);
            Some(json!(rng.gen_range(lo..=hi.max(lo))))
        }
        QuestionType::YesNo => Some(json!(rng.gen_range(0..100) < 40 + 5 * y)),
        QuestionType::SingleChoice if !q.options.is_empty() => {
            Some(json!(q.options[rng.gen_range(0..q.options.len())]))
        }
        QuestionType::MultipleChoice if !q.options.is_empty() => {
            let chosen: Vec<&String> = q
                .options
                .iter()
                .filter(|_| rng.gen_range(0..100) < 35)
                .collect();
            (!chosen.is_empty()).then(|| json!(chosen))
        }
        _ => None,
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn ms(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp_millis()
}

/// Writes the questionnaires, campaigns and responses; returns (campaigns, responses).
pub async fn load(db: &Db, scale: Scale, world: &World) -> AppResult<(i64, i64)> {
    let mut rng = rng(scale, "census");
    let questions = crate::census::template::default_questions();
    let questions_json =
        serde_json::to_string(&questions).map_err(|e| AppError::Internal(e.into()))?;
    let first_year = anchor_date().year() - YEARS as i32;
    let (mut q_id, mut c_id, mut r_id) = (
        max_id(db, "census_questionnaires").await?,
        max_id(db, "census_campaigns").await?,
        max_id(db, "census_responses").await?,
    );
    let mut qs = Batch::linked(
        "census_questionnaires",
        &[
            "id",
            "network_id",
            "title",
            "version",
            "questions",
            "created_at",
            "updated_at",
        ],
    );
    let mut cs = Batch::linked(
        "census_campaigns",
        &[
            "id",
            "network_id",
            "questionnaire_id",
            "title",
            "opens_on",
            "closes_on",
            "period_start",
            "period_end",
            "published",
            "created_at",
        ],
    );
    let mut rs = Batch::linked(
        "census_responses",
        &[
            "id",
            "campaign_id",
            "place_id",
            "status",
            "answers",
            "started_at",
            "updated_at",
            "submitted_at",
        ],
    );
    let mut responses = 0_i64;
    // Each place's size, drawn once so that its answers follow it over the years.
    let sizes: Vec<f64> = world
        .places
        .iter()
        .map(|_| rng.gen_range(1.0..10.0_f64))
        .collect();
    for (n, (network_id, _, _)) in world.networks.iter().enumerate() {
        q_id += 1;
        let created = ms(NaiveDate::from_ymd_opt(first_year, 12, 1).unwrap_or_default());
        qs.push(
            db,
            row![
                q_id,
                *network_id,
                "Recensement des tiers-lieux",
                1_i64,
                questions_json.clone(),
                created,
                created
            ],
        )
        .await?;
        let members: Vec<usize> = (0..world.places.len())
            .filter(|i| world.places[*i].network == Some(n))
            .collect();
        for y in 0..YEARS {
            let year = first_year + y as i32;
            let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
            let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or_default();
            let opens = NaiveDate::from_ymd_opt(year + 1, 1, 15).unwrap_or_default();
            let closes = NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap_or_default();
            c_id += 1;
            cs.push(
                db,
                row![
                    c_id,
                    *network_id,
                    q_id,
                    format!("Recensement {year}"),
                    day(opens),
                    day(closes),
                    ms(start),
                    ms(next),
                    true,
                    ms(opens)
                ],
            )
            .await?;
            for &p in &members {
                let mut answers = Map::new();
                for q in &questions {
                    if let Some(v) = answer(&mut rng, q, sizes[p], y) {
                        answers.insert(q.key.clone(), v);
                    }
                }
                let at = ms(opens) + rng.gen_range(0..60) * super::plan::DAY_MS;
                r_id += 1;
                rs.push(
                    db,
                    row![
                        r_id,
                        c_id,
                        world.places[p].id.get(),
                        "submitted",
                        Value::Object(answers).to_string(),
                        at,
                        at,
                        Some(at)
                    ],
                )
                .await?;
                responses += 1;
                flush_linked(db, &mut [&mut qs, &mut cs, &mut rs]).await?;
            }
        }
    }
    finish_linked(db, vec![qs, cs, rs]).await?;
    Ok((world.networks.len() as i64 * YEARS, responses))
}
