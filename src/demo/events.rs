//! Demonstration events (called from `crate::demo`), idempotent by UID: the Thursday
//! workshops at the Riez place and the network's monthly online "Café des tiers-lieux".

use chrono::{Datelike, NaiveDate, Weekday};

use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{paris_to_utc, utc_to_paris, EventInput, EventKind, LocationKind};
use crate::events::{repo, service};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;

fn next(from: NaiveDate, day: Weekday) -> NaiveDate {
    let mut d = from.succ_opt().unwrap_or(from);
    while d.weekday() != day {
        d = d.succ_opt().unwrap_or(d);
    }
    d
}

pub async fn load(state: &AppState, network_id: i64, riez_id: i64) -> AppResult<String> {
    let today = utc_to_paris(state.clock.now_ms()).date();
    let thursday = next(today, Weekday::Thu);
    let tuesday = next(today, Weekday::Tue);
    let at = |d: NaiveDate, h: u32, m: u32| {
        crate::clock::rfc3339(paris_to_utc(d.and_hms_opt(h, m, 0).unwrap_or_default()))
    };
    let events = [
        (
            "demo-atelier-du-jeudi@maillage",
            EventInput {
                title: "Atelier du jeudi : Club WordPress".into(),
                kind: Some(EventKind::Atelier),
                description: Some(
                    "<p>Chaque jeudi matin au salon de coworking : on apporte son site, on avance ensemble \
                     (mises à jour, extensions, référencement). Café offert.</p>"
                        .into(),
                ),
                starts_at: at(thursday, 9, 0),
                ends_at: at(thursday, 12, 0),
                capacity: Some(8),
                place_id: Some(PlaceId(riez_id)),
                rrule: Some("FREQ=WEEKLY;BYDAY=TH;COUNT=26".into()),
                audience: Some("Membres et habitants, débutants bienvenus".into()),
                wheelchair: Some(true),
                questions: Some("Quel est votre site (adresse) ?".into()),
                ..Default::default()
            },
        ),
        (
            "demo-cafe-des-tiers-lieux@maillage",
            EventInput {
                title: "Café des tiers-lieux".into(),
                kind: Some(EventKind::Cafe),
                description: Some(
                    "<p>Le rendez-vous mensuel en ligne du réseau : une heure pour se présenter, partager \
                     une actualité et poser ses questions aux autres lieux.</p>"
                        .into(),
                ),
                starts_at: at(tuesday, 9, 30),
                ends_at: at(tuesday, 10, 30),
                network_id: Some(NetworkId(network_id)),
                location_kind: Some(LocationKind::Online),
                online_url: Some("https://visio.example.org/cafe-des-tiers-lieux".into()),
                rrule: Some("FREQ=MONTHLY;BYDAY=1TU;COUNT=12".into()),
                subtitles: Some(true),
                ..Default::default()
            },
        ),
    ];
    let mut created = 0;
    for (uid, input) in events {
        if repo::event_by_uid(&state.db, uid).await?.is_some() {
            continue;
        }
        let mut errors = FieldErrors::default();
        let mut new = input.parse(&mut errors).ok_or(AppError::Invalid(errors))?;
        new.uid = Some(uid.to_string());
        service::upsert_by_uid(state, new, None).await?;
        created += 1;
    }
    Ok(format!(
        "Agenda : {created} événement(s) de démonstration ajouté(s) (ateliers du jeudi à Riez, café des tiers-lieux mensuel)."
    ))
}
