//! Demonstration census (idempotent): the default questionnaire of the network, last year's
//! campaign (closed, published, answered by the three places) and this year's (open,
//! published: the Fab lab and the Buis project answered, the Riez place has its draft
//! pre-filled from its own demo data — events, participants, bookings, occupancy — waiting for
//! its manager to check and submit it).

use std::collections::BTreeMap;

use chrono::Datelike;
use serde_json::{json, Value};

use crate::census::model::{Campaign, ResponseStatus};
use crate::census::repo::{self, NewCampaign};
use crate::census::service;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::state::AppState;

const TITLE: &str = "Recensement annuel des tiers-lieux";

/// The answers a place types itself (what Maillage cannot know), per place and year.
fn typed(place: usize, year_offset: i64) -> BTreeMap<String, Value> {
    let grow = |x: f64| x * (1.0 + 0.1 * year_offset as f64);
    let (surface, fte, volunteers, members, users, turnover, funding, form) = match place {
        0 => (
            420.0,
            2.5,
            12.0,
            180.0,
            650.0,
            8_500_000,
            3_200_000,
            "Association",
        ),
        1 => (300.0, 1.5, 8.0, 95.0, 320.0, 6_200_000, 1_800_000, "SCIC"),
        _ => (0.0, 0.5, 15.0, 40.0, 60.0, 0, 1_500_000, "Association"),
    };
    let mut a = BTreeMap::new();
    a.insert("surface_m2".into(), json!(surface));
    a.insert("employees_fte".into(), json!(grow(fte)));
    a.insert("volunteers".into(), json!(grow(volunteers).round()));
    a.insert("members".into(), json!(grow(members).round()));
    a.insert("users_per_month".into(), json!(grow(users).round()));
    a.insert(
        "turnover_cents".into(),
        json!((turnover as f64 * (1.0 + 0.1 * year_offset as f64)) as i64),
    );
    a.insert("public_funding_cents".into(), json!(funding));
    a.insert("legal_form".into(), json!(form));
    a.insert("partnerships".into(), json!(place != 2));
    a.insert("digital_inclusion".into(), json!(place == 0));
    a.insert(
        "public_services".into(),
        json!(if place == 0 {
            vec!["France services", "Médiation numérique"]
        } else {
            vec!["Médiation numérique"]
        }),
    );
    a.insert(
        "environment".into(),
        json!(["Tri et compostage", "Réemploi et réparation"]),
    );
    a.insert("satisfaction".into(), json!(4 - place as i64 % 2));
    a
}

/// Starts the place's response pre-filled (as its first visit would) and, unless `draft`,
/// adds the typed answers and submits it.
async fn answer(
    state: &AppState,
    c: &Campaign,
    place: PlaceId,
    index: usize,
    year_offset: i64,
    draft: bool,
    by: Option<UserId>,
) -> AppResult<()> {
    if repo::response_of(&state.db, c.id, place).await?.is_some() {
        return Ok(());
    }
    let q = repo::questionnaire_by_id(&state.db, c.questionnaire_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let prefill = service::prefill(state, c, &q.questions, place).await?;
    let mut answers: BTreeMap<String, Value> = prefill
        .iter()
        .map(|(k, p)| (k.clone(), p.value.clone()))
        .collect();
    let now = state.clock.now_ms();
    repo::start_response(&state.db, c.id, place, &answers, &prefill, now).await?;
    if draft {
        return Ok(());
    }
    answers.extend(typed(index, year_offset));
    if !answers.contains_key("typologies") {
        answers.insert("typologies".into(), json!(["coworking"]));
    }
    repo::write_answers(&state.db, c.id, place, &answers, (true, by), now).await?;
    Ok(())
}

pub async fn load(
    state: &AppState,
    network: NetworkId,
    places: &[PlaceId],
    animatrice: Option<UserId>,
) -> AppResult<String> {
    let existing = repo::questionnaires_of(&state.db, network).await?;
    let qid = match existing.iter().find(|q| q.title == TITLE) {
        Some(q) => q.id,
        None => {
            repo::insert_questionnaire(
                &state.db,
                network,
                TITLE,
                None,
                &crate::census::template::default_questions(),
                animatrice,
                state.clock.now_ms(),
            )
            .await?
        }
    };
    let today = crate::clock::paris_date(state.clock.now_ms());
    let year = today.year();
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let ymd = |y: i32, m: u32, d: u32| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or(today);
    let campaigns = repo::campaigns_of(&state.db, network, false).await?;
    let ensure = |title: String,
                  opens: chrono::NaiveDate,
                  closes: chrono::NaiveDate,
                  period: (chrono::NaiveDate, chrono::NaiveDate)| {
        let found = campaigns.iter().find(|c| c.title == title).cloned();
        async move {
            if let Some(c) = found {
                return Ok::<Campaign, AppError>(c);
            }
            let id = repo::insert_campaign(
                &state.db,
                &NewCampaign {
                    network,
                    questionnaire: qid,
                    title: &title,
                    opens_on: &day(opens),
                    closes_on: &day(closes),
                    period: (
                        crate::clock::paris_midnight(period.0),
                        crate::clock::paris_midnight(period.1 + chrono::Duration::days(1)),
                    ),
                    departments: "",
                    published: true,
                },
                animatrice,
                state.clock.now_ms(),
            )
            .await?;
            repo::campaign_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)
        }
    };
    let last = ensure(
        format!("Recensement {}", year - 1),
        ymd(year - 1, 11, 2),
        ymd(year - 1, 12, 15),
        (ymd(year - 2, 12, 1), ymd(year - 1, 11, 30)),
    )
    .await?;
    // This year's period ends today: the Riez place's events, registrations and bookings of
    // the demonstration (which start today) are in it.
    let current = ensure(
        format!("Recensement {year}"),
        today - chrono::Duration::days(7),
        today + chrono::Duration::days(35),
        (
            today - chrono::Duration::days(364),
            today + chrono::Duration::days(30),
        ),
    )
    .await?;
    for (i, p) in places.iter().enumerate() {
        answer(state, &last, *p, i, 0, false, animatrice).await?;
        answer(state, &current, *p, i, 1, i == 0, animatrice).await?;
    }
    let riez = repo::response_of(&state.db, current.id, places[0]).await?;
    let prefilled = riez
        .as_ref()
        .filter(|r| r.status == ResponseStatus::Draft)
        .map_or(0, |r| r.prefill.len());
    Ok(format!(
        "Recensement : « {} » (clos, publié) et « {} » (ouvert ; brouillon de Riez pré-rempli : {prefilled} réponses).",
        last.title, current.title
    ))
}
