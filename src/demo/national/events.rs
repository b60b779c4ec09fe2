//! Events (one date each) and their registrations. Each registration is decided by the same
//! rule the agenda applies under its lock ([`decide`]): confirmed while the confirmed seats
//! (each person plus their guests) fit the capacity and nobody waits, waitlisted after; on
//! an event with approval, pending, and later confirmed only if the seats still fit.

use std::collections::HashSet;

use rand::seq::SliceRandom;
use rand::Rng;

use super::data::{COMMUNES, EVENT_TITLES};
use super::plan::{
    anchor_ms, at, chance, pick, rng, window, Figures, Scale, World, DAY_MS, DOMAIN,
};
use super::sink::{finish_linked, flush_linked, max_id, row, Batch};
use crate::auth::secret::hash_token;
use crate::db::Db;
use crate::error::AppResult;
use crate::events::model::{decide, RegStatus};

const EVENT_COLS: &[&str] = &[
    "id",
    "uid",
    "network_id",
    "place_id",
    "title",
    "kind",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "timezone",
    "location_kind",
    "location_place_id",
    "address",
    "online_url",
    "capacity",
    "price_cents",
    "price_info",
    "audience",
    "wheelchair",
    "sign_language",
    "subtitles",
    "status",
    "cancel_reason",
    "approval",
    "questions",
    "categories",
    "rrule",
    "exdates",
    "sequence",
    "created_by",
    "created_at",
    "updated_at",
];

const CAPACITIES: [Option<i64>; 10] = [
    None,
    Some(10),
    Some(12),
    Some(15),
    Some(20),
    Some(25),
    Some(30),
    Some(40),
    Some(50),
    Some(80),
];

/// What registrations need to know of an event.
struct Ev {
    id: i64,
    starts_at: i64,
    created_at: i64,
    capacity: Option<i64>,
    approval: bool,
    /// Organized by the big place or network #1.
    home: bool,
}

/// Registrations per event: `total` spread over `events`, unevenly, summing exactly.
fn spread(rng: &mut rand_chacha::ChaCha8Rng, events: usize, total: i64) -> Vec<i64> {
    let base = total / events as i64;
    let mut counts = vec![base; events];
    for c in counts.iter_mut().take((total % events as i64) as usize) {
        *c += 1;
    }
    for pair in counts.chunks_mut(2) {
        if let [a, b] = pair {
            let d = rng.gen_range(0..(*a).max(1));
            *a -= d;
            *b += d;
        }
    }
    counts
}

/// Writes the events, their occurrences and registrations; returns (events, registrations).
pub async fn load(db: &Db, scale: Scale, f: &Figures, world: &World) -> AppResult<(i64, i64)> {
    let mut rng = rng(scale, "events");
    let anchor = anchor_ms();
    let days = window();
    let ev_base = max_id(db, "events").await?;
    let occ_base = max_id(db, "event_occurrences").await?;
    let nets = world.networks.len();
    let net_places: Vec<Vec<usize>> = (0..nets)
        .map(|n| {
            world
                .places
                .iter()
                .enumerate()
                .filter(|(_, p)| p.network == Some(n))
                .map(|(i, _)| i)
                .take(200)
                .collect()
        })
        .collect();
    let mut events = Batch::linked("events", EVENT_COLS);
    let mut occs = Batch::linked(
        "event_occurrences",
        &["id", "event_id", "starts_at", "ends_at", "cancelled"],
    );
    let mut evs = Vec::with_capacity(f.events as usize);
    for i in 0..f.events {
        let id = ev_base + 1 + i;
        let (kind, title) = *pick(&mut rng, &EVENT_TITLES);
        let network = if i % 20 != 0 && i % 5 == 1 {
            Some(if i % 10 == 1 {
                0
            } else {
                rng.gen_range(0..nets)
            })
        } else {
            None
        };
        let place = match network {
            Some(_) => None,
            None if i % 20 == 0 => Some(world.big_place),
            None => Some(rng.gen_range(0..world.places.len())),
        };
        let day = *pick(&mut rng, &days);
        let (hour, length) = match kind {
            "afterwork" => (18, 2),
            "cafe" => (9, 1),
            "formation" => (9, 7),
            _ => (*pick(&mut rng, &[9u32, 10, 14, 17]), rng.gen_range(1..4u32)),
        };
        let starts_at = at(day, hour, if kind == "cafe" { 30 } else { 0 });
        let ends_at = at(day, hour + length, if kind == "cafe" { 30 } else { 0 });
        let (location, location_place, address, online) = match (network, place) {
            (Some(n), _) if chance(&mut rng, 50) || net_places[n].is_empty() => (
                "online",
                None,
                String::new(),
                format!("https://visio.{DOMAIN}/reseau-{}", n + 1),
            ),
            (Some(n), _) => (
                "place",
                Some(*pick(&mut rng, &net_places[n])),
                String::new(),
                String::new(),
            ),
            (None, Some(p)) => match rng.gen_range(0..10) {
                0 => (
                    "hybrid",
                    Some(p),
                    String::new(),
                    format!("https://visio.{DOMAIN}/lieu-{p}"),
                ),
                1 => {
                    let c = COMMUNES[world.places[p].commune];
                    (
                        "address",
                        None,
                        format!("Salle des fêtes, {} {}", c.2, c.0),
                        String::new(),
                    )
                }
                _ => ("place", Some(p), String::new(), String::new()),
            },
            (None, None) => (
                "online",
                None,
                String::new(),
                format!("https://visio.{DOMAIN}/agenda"),
            ),
        };
        let city = location_place
            .or(place)
            .map(|p| COMMUNES[world.places[p].commune].0)
            .unwrap_or("en ligne");
        let full_title = if city == "en ligne" {
            format!("{title} (en ligne)")
        } else {
            format!("{title} à {city}")
        };
        let organizer = match (network, place) {
            (Some(0), _) => world.fixed(super::plan::ANIMATOR),
            (_, Some(p)) => world.places[p].manager,
            _ => world.any_user(&mut rng),
        };
        let description = crate::text::sanitize_html(&format!(
            "<p>{full_title} : un moment pour se rencontrer, apprendre et partager.</p>\
             <ul><li>Ouvert à toutes et tous</li><li>Accueil à partir de {hour} h</li></ul>"
        ));
        let capacity = *pick(&mut rng, &CAPACITIES);
        let cancelled = chance(&mut rng, 3);
        let approval = chance(&mut rng, 5);
        let created_at = (starts_at - rng.gen_range(7..90) * DAY_MS).min(anchor);
        let price = chance(&mut rng, 30).then(|| rng.gen_range(5..30) * 100);
        events
            .push(
                db,
                row![
                    id,
                    uid(scale, i),
                    network.map(|n| world.networks[n].0),
                    place.map(|p| world.places[p].id.get()),
                    full_title,
                    kind,
                    description,
                    starts_at,
                    ends_at,
                    false,
                    "Europe/Paris",
                    location,
                    location_place.map(|p| world.places[p].id.get()),
                    address,
                    online,
                    capacity,
                    price,
                    "",
                    if chance(&mut rng, 30) {
                        "Tout public"
                    } else {
                        ""
                    },
                    chance(&mut rng, 60),
                    chance(&mut rng, 5),
                    chance(&mut rng, 10),
                    if cancelled { "cancelled" } else { "published" },
                    if cancelled {
                        "Intervenant·e indisponible, l'événement est reporté."
                    } else {
                        ""
                    },
                    approval,
                    "",
                    "",
                    None::<String>,
                    "",
                    0i64,
                    Some(organizer),
                    created_at,
                    created_at,
                ],
            )
            .await?;
        occs.push(db, row![occ_base + 1 + i, id, starts_at, ends_at, false])
            .await?;
        flush_linked(db, &mut [&mut events, &mut occs]).await?;
        evs.push(Ev {
            id,
            starts_at,
            created_at,
            capacity,
            approval,
            home: place == Some(world.big_place) || network == Some(0),
        });
    }
    let written = finish_linked(db, vec![events, occs]).await?;
    let regs = registrations(db, scale, f, world, &evs, occ_base - ev_base).await?;
    Ok((written, regs))
}

/// The UID of generated event `i` (unique in the instance, stable from one run to the next).
pub fn uid(scale: Scale, i: i64) -> String {
    format!("national-{}-{i}@{DOMAIN}", scale.name())
}

async fn registrations(
    db: &Db,
    scale: Scale,
    f: &Figures,
    world: &World,
    evs: &[Ev],
    occ_offset: i64,
) -> AppResult<i64> {
    let mut rng = rng(scale, "registrations");
    let anchor = anchor_ms();
    let base = max_id(db, "event_registrations").await?;
    let counts = spread(&mut rng, evs.len(), f.registrations);
    // The fixed member's events: those of the big place and network #1 first.
    let member = world.fixed(super::plan::MEMBER);
    let mut order: Vec<usize> = (0..evs.len()).collect();
    order.shuffle(&mut rng);
    order.sort_by_key(|e| !evs[*e].home);
    let mine: HashSet<usize> = order
        .into_iter()
        .filter(|e| counts[*e] > 0)
        .take(f.member_registrations as usize)
        .collect();
    let mut batch = Batch::new(
        "event_registrations",
        &[
            "id",
            "occurrence_id",
            "event_id",
            "user_id",
            "guests",
            "status",
            "answers",
            "cancel_token_hash",
            "created_at",
            "updated_at",
        ],
    );
    let mut id = base;
    for (e, ev) in evs.iter().enumerate() {
        let mut seen: HashSet<i64> = HashSet::new();
        let (mut confirmed, mut waiting) = (0i64, false);
        for j in 0..counts[e] {
            let user = if j == 0 && mine.contains(&e) {
                member
            } else {
                loop {
                    let u = world.any_user(&mut rng);
                    if u != member && !seen.contains(&u) {
                        break u;
                    }
                }
            };
            seen.insert(user);
            let guests = i64::from(chance(&mut rng, 10));
            let seats = 1 + guests;
            let capacity = ev.capacity.map(|c| c as i32);
            let status = if user != member && chance(&mut rng, 7) {
                RegStatus::Cancelled
            } else if ev.approval {
                let fits = capacity.is_none_or(|c| confirmed + seats <= i64::from(c));
                match (ev.starts_at < anchor, chance(&mut rng, 85)) {
                    (false, _) => RegStatus::Pending,
                    (true, true) if fits => RegStatus::Confirmed,
                    (true, true) => RegStatus::Waitlisted,
                    (true, false) => RegStatus::Refused,
                }
            } else {
                decide(capacity, false, confirmed, waiting, seats)
            };
            match status {
                RegStatus::Confirmed => confirmed += seats,
                RegStatus::Waitlisted => waiting = true,
                _ => {}
            }
            id += 1;
            let created_at = (ev.starts_at - rng.gen_range(1..30) * DAY_MS)
                .min(anchor)
                .max(ev.created_at);
            let token = hash_token(&format!("{}-{id}-{}", scale.name(), rng.gen::<u64>()));
            batch
                .push(
                    db,
                    row![
                        id,
                        ev.id + occ_offset,
                        ev.id,
                        user,
                        guests,
                        status.as_str(),
                        "",
                        token,
                        created_at,
                        created_at,
                    ],
                )
                .await?;
        }
    }
    batch.finish(db).await
}
