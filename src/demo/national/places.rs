//! Places, written through the places' own batch writer ([`repo::save_batch`]), the one
//! imports use: with their typologies, network membership, search text and index
//! (`places_fts` on SQLite, the generated `search_tsv` on PostgreSQL) and a line of history
//! each. Every field goes through the places' validation first, as an import's would.

use std::collections::{HashMap, HashSet};

use rand::Rng;

use super::data::{
    de, phone_prefix, COMMUNES, DESCRIPTIONS, NETWORKS, NICKNAMES, OPENING_HOURS, PLACE_KINDS,
    SERVICES, STREETS,
};
use super::plan::{anchor_ms, chance, pick, rng, Figures, PlaceRef, Scale, World, DAY_MS, DOMAIN};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::places::model::{
    department_of, region_of, validate, LooseNumber, PlaceModeration, PlaceVia, RawPlace,
};
use crate::places::repo::{self, MatchScope, SaveItem};
use crate::state::AppState;

/// Places per call of the batch writer; each call is dated a little later than the one
/// before, so creation dates run over three years.
const CHUNK: usize = 1000;

/// The index of each network's places: network #1 holds the first `network1_places`
/// (the big place first), each other network fewer, the rest belong to no network.
fn network_of(p: i64, f: &Figures) -> Option<usize> {
    if p < f.network1_places {
        return Some(0);
    }
    let others = f.networks - 1;
    let per = ((f.places - f.network1_places) / others.max(1)).min(f.network1_places * 4 / 5);
    if per == 0 {
        return None;
    }
    let k = (p - f.network1_places) / per;
    (k < others).then_some(1 + k as usize)
}

/// Region code of each commune.
fn regions() -> Vec<String> {
    COMMUNES
        .iter()
        .map(|c| {
            department_of(c.1, c.2)
                .and_then(|d| region_of(&d))
                .map(|(code, _)| code.to_string())
                .unwrap_or_default()
        })
        .collect()
}

pub async fn load(state: &AppState, scale: Scale, f: &Figures, world: &mut World) -> AppResult<()> {
    let db = &state.db;
    let mut rng = rng(scale, "places");
    let typologies = repo::typologies(db).await?;
    let regions = regions();
    let by_region: HashMap<&str, Vec<usize>> =
        regions
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut m, (i, r)| {
                m.entry(r.as_str()).or_insert_with(Vec::new).push(i);
                m
            });
    let all: Vec<usize> = (0..COMMUNES.len()).collect();
    let lyon = COMMUNES.iter().position(|c| c.0 == "Lyon").unwrap_or(0);
    let mut names: HashMap<String, u32> = HashMap::new();
    let mut slugs: HashSet<String> = HashSet::new();
    let anchor = anchor_ms();
    let chunks = (f.places as usize).div_ceil(CHUNK) as i64;
    let fixed = super::plan::FIXED.len() as i64;
    for c in 0..chunks {
        let mut items = Vec::with_capacity(CHUNK);
        let mut refs = Vec::with_capacity(CHUNK);
        for p in (c * CHUNK as i64)..((c + 1) * CHUNK as i64).min(f.places) {
            let network = network_of(p, f);
            let region = network
                .map(|n| NETWORKS[n % NETWORKS.len()].1)
                .unwrap_or("");
            let communes = by_region
                .get(region)
                .filter(|_| !region.is_empty())
                .unwrap_or(&all);
            let commune = if p == 0 {
                lyon
            } else {
                *pick(&mut rng, communes)
            };
            let (city, insee, postcode, lat, lon) = COMMUNES[commune];
            let kind = if p == 0 {
                0
            } else {
                rng.gen_range(0..PLACE_KINDS.len())
            };
            let (kind_name, kind_typologies) = PLACE_KINDS[kind];
            let base = format!("{kind_name} {}", de(city));
            let seen = names.entry(base.clone()).or_insert(0);
            *seen += 1;
            let name = match *seen {
                1 => base,
                n => {
                    let nick = NICKNAMES[(n as usize - 2) % NICKNAMES.len()];
                    let round = (n as usize - 2) / NICKNAMES.len();
                    let mut s = format!("{kind_name} {nick} {}", de(city));
                    if round > 0 {
                        s.push_str(&format!(" {}", round + 1));
                    }
                    s
                }
            };
            let department = department_of(insee, postcode).unwrap_or_default();
            let mut services: Vec<&str> = (0..rng.gen_range(1..5))
                .map(|_| *pick(&mut rng, &SERVICES))
                .collect();
            services.dedup();
            let description = format!(
                "<p>{name}, à {city}. {}</p><p>{}</p>",
                pick(&mut rng, &DESCRIPTIONS),
                pick(&mut rng, &DESCRIPTIONS)
            );
            let (hours, note) = if chance(&mut rng, 8) {
                ("", "Sur rendez-vous")
            } else {
                (*pick(&mut rng, &OPENING_HOURS), "")
            };
            let status = match rng.gen_range(0..100) {
                0..=4 => "project",
                5..=7 => "closed",
                _ => "open",
            };
            let raw = RawPlace {
                name: name.clone(),
                status: status.into(),
                address: format!("{} {}", rng.gen_range(1..120), pick(&mut rng, &STREETS)),
                postal_code: postcode.into(),
                city: city.into(),
                insee_code: insee.into(),
                latitude: LooseNumber(format!("{:.5}", lat + rng.gen_range(-0.04..0.04))),
                longitude: LooseNumber(format!("{:.5}", lon + rng.gen_range(-0.05..0.05))),
                description,
                opening_hours: hours.into(),
                hours_note: note.into(),
                email: format!("lieu{p}@lieux.{DOMAIN}"),
                phone: format!(
                    "{} {:02} {:02} {:02} {:02}",
                    phone_prefix(&department),
                    rng.gen_range(10..100),
                    rng.gen_range(0..100),
                    rng.gen_range(0..100),
                    rng.gen_range(0..100)
                ),
                website: if chance(&mut rng, 60) {
                    format!("https://lieu{p}.exemple.fr")
                } else {
                    String::new()
                },
                services: services.join("\n"),
                typologies: kind_typologies.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            };
            let mut errors = FieldErrors::default();
            let mut input = validate(&raw, &typologies, &mut errors);
            errors.into_result()?;
            // A slug of its own, so that the batch writes every place in one go.
            let mut slug = input.slug.clone();
            let mut n = 1;
            while !slugs.insert(slug.clone()) {
                n += 1;
                slug = format!("{}-{n}", input.slug);
            }
            input.slug = slug;
            items.push(SaveItem {
                id: None,
                source: String::new(),
                source_id: String::new(),
                input,
                moderation: PlaceModeration::Published,
                network_id: network.map(|n| crate::ids::NetworkId(world.networks[n].0)),
                user_id: None,
                via: PlaceVia::Demo,
                scope: MatchScope::Any,
            });
            refs.push((name, commune, network, p));
        }
        let now = anchor - (chunks - c) * (3 * 365 * DAY_MS / chunks.max(1));
        let saved = repo::save_batch(db, &items, &typologies, now).await?;
        if saved.len() != refs.len() {
            return Err(AppError::Conflict("places_not_written"));
        }
        for (s, (name, commune, network, p)) in saved.into_iter().zip(refs) {
            world.places.push(PlaceRef {
                id: s.id,
                slug: s.slug,
                name,
                commune,
                network,
                manager: if p == 0 {
                    world.fixed(super::plan::MANAGER)
                } else {
                    world.user(fixed + p % (f.users - fixed))
                },
            });
        }
    }
    world.big_place = 0;
    Ok(())
}
