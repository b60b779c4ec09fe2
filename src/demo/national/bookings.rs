//! Spaces and their bookings. Every booking follows the rules the booking service enforces
//! ([`crate::bookings::service::book`]): its length is a whole number of the space's units
//! within the space's minimum and maximum, it lies inside the space's opening hours, it takes
//! the whole capacity of a whole-room space, and at no instant do the bookings holding seats
//! (confirmed or pending) of a space take more than its capacity. Each space's day is cut
//! into fixed blocks inside its opening hours; a booking takes one block, and the seats of
//! each block are counted as they are handed out.

use std::collections::{HashMap, HashSet};

use chrono::Weekday::{self, Fri, Mon, Sat, Sun, Thu, Tue, Wed};
use rand::Rng;

use super::plan::{
    anchor_ms, at, chance, pick, rng, weekday_in, window, Figures, Scale, World, DAY_MS,
};
use super::sink::{max_id, row, Batch};
use crate::bookings::model::{price, Space, SpaceAccess, SpaceKind, SpaceMode, SpaceUnit};
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::ids::SpaceId;

/// A kind of space: its settings, and the blocks (start hour, hours) its days are cut into.
struct Template {
    name: &'static str,
    kind: SpaceKind,
    capacity: (i32, i32),
    mode: SpaceMode,
    unit: SpaceUnit,
    units: (i32, i32),
    hours: &'static str,
    days: &'static [Weekday],
    blocks: &'static [(u32, u32)],
    access: SpaceAccess,
    qualification: bool,
    prices: (i64, i64),
    description: &'static str,
    equipment: &'static str,
}

const WEEK: &[Weekday] = &[Mon, Tue, Wed, Thu, Fri];

const TEMPLATES: [Template; 8] = [
    Template {
        name: "Salle de coworking",
        kind: SpaceKind::Coworking,
        capacity: (6, 16),
        mode: SpaceMode::Seat,
        unit: SpaceUnit::Hour,
        units: (1, 8),
        hours: "Mo-Fr 09:00-18:00",
        days: WEEK,
        blocks: &[(9, 3), (12, 2), (14, 4)],
        access: SpaceAccess::SignedIn,
        qualification: false,
        prices: (300, 500),
        description: "<p>Un plateau lumineux, des bureaux en accès libre, le café offert.</p>",
        equipment: "Wifi fibre\nImprimante\nCafé et thé",
    },
    Template {
        name: "Salle de réunion",
        kind: SpaceKind::SalleReunion,
        capacity: (8, 14),
        mode: SpaceMode::Room,
        unit: SpaceUnit::Hour,
        units: (1, 12),
        hours: "Mo-Sa 08:00-20:00",
        days: &[Mon, Tue, Wed, Thu, Fri, Sat],
        blocks: &[(8, 2), (10, 2), (14, 2), (16, 2), (18, 2)],
        access: SpaceAccess::Approval,
        qualification: false,
        prices: (1500, 2500),
        description: "<p>Salle de réunion équipée pour la visioconférence.</p>",
        equipment: "Vidéoprojecteur\nTableau blanc\nVisioconférence",
    },
    Template {
        name: "Bureau partagé",
        kind: SpaceKind::Bureau,
        capacity: (2, 4),
        mode: SpaceMode::Seat,
        unit: SpaceUnit::HalfDay,
        units: (1, 4),
        hours: "Mo-Fr 08:00-12:00,14:00-18:00",
        days: WEEK,
        blocks: &[(8, 4), (14, 4)],
        access: SpaceAccess::SignedIn,
        qualification: false,
        prices: (800, 1200),
        description: "<p>Un bureau calme à partager, à la demi-journée.</p>",
        equipment: "Écran\nCasier",
    },
    Template {
        name: "Salle de séminaire",
        kind: SpaceKind::SalleSeminaire,
        capacity: (20, 40),
        mode: SpaceMode::Room,
        unit: SpaceUnit::Day,
        units: (1, 3),
        hours: "Mo-Fr 09:00-17:00",
        days: WEEK,
        blocks: &[(9, 8)],
        access: SpaceAccess::Approval,
        qualification: false,
        prices: (20000, 35000),
        description: "<p>Grande salle modulable pour les séminaires et formations.</p>",
        equipment: "Sonorisation\nVidéoprojecteur\nPaperboard",
    },
    Template {
        name: "Atelier bois",
        kind: SpaceKind::Atelier,
        capacity: (4, 8),
        mode: SpaceMode::Seat,
        unit: SpaceUnit::HalfDay,
        units: (1, 2),
        hours: "Mo-Sa 09:00-13:00,14:00-18:00",
        days: &[Mon, Tue, Wed, Thu, Fri, Sat],
        blocks: &[(9, 4), (14, 4)],
        access: SpaceAccess::SignedIn,
        qualification: false,
        prices: (600, 1000),
        description: "<p>Établis, outillage électroportatif et aspiration.</p>",
        equipment: "Scie à onglet\nPerceuse à colonne\nÉtablis",
    },
    Template {
        name: "Cuisine partagée",
        kind: SpaceKind::Cuisine,
        capacity: (6, 10),
        mode: SpaceMode::Room,
        unit: SpaceUnit::HalfDay,
        units: (1, 3),
        hours: "Mo-Su 08:00-12:00,14:00-22:00",
        days: &[Mon, Tue, Wed, Thu, Fri, Sat, Sun],
        blocks: &[(8, 4), (14, 4), (18, 4)],
        access: SpaceAccess::Approval,
        qualification: false,
        prices: (2000, 3500),
        description: "<p>Cuisine professionnelle pour les traiteurs et associations.</p>",
        equipment: "Piano de cuisson\nChambre froide",
    },
    Template {
        name: "Imprimante 3D",
        kind: SpaceKind::Imprimante3d,
        capacity: (1, 1),
        mode: SpaceMode::Room,
        unit: SpaceUnit::Hour,
        units: (1, 4),
        hours: "Tu-Sa 10:00-18:00",
        days: &[Tue, Wed, Thu, Fri, Sat],
        blocks: &[(10, 2), (12, 2), (14, 2), (16, 2)],
        access: SpaceAccess::SignedIn,
        qualification: true,
        prices: (300, 600),
        description: "<p>Imprimante à dépôt de filament, PLA et PETG fournis.</p>",
        equipment: "",
    },
    Template {
        name: "Découpeuse laser",
        kind: SpaceKind::DecoupeLaser,
        capacity: (1, 1),
        mode: SpaceMode::Room,
        unit: SpaceUnit::Hour,
        units: (1, 3),
        hours: "We,Sa 10:00-18:00",
        days: &[Wed, Sat],
        blocks: &[(10, 2), (12, 2), (14, 2), (16, 2)],
        access: SpaceAccess::SignedIn,
        qualification: true,
        prices: (800, 1500),
        description: "<p>Découpeuse laser CO2 60 W, réservée aux personnes formées.</p>",
        equipment: "",
    },
];

const SPACE_COLS: &[&str] = &[
    "id",
    "place_id",
    "name",
    "kind",
    "is_equipment",
    "capacity",
    "mode",
    "unit",
    "min_units",
    "max_units",
    "opening_hours",
    "lead_time_minutes",
    "cancel_deadline_hours",
    "access",
    "requires_qualification",
    "price_member_cents",
    "price_public_cents",
    "description",
    "equipment",
    "active",
    "created_at",
    "beyond_place_hours",
];

/// Writes the spaces: the big place's first (every kind in turn), then two per place for a
/// spread of other places. Returns each space with its template.
async fn spaces(
    db: &Db,
    scale: Scale,
    f: &Figures,
    world: &mut World,
) -> AppResult<Vec<(Space, usize)>> {
    let mut rng = rng(scale, "spaces");
    let base = max_id(db, "spaces").await?;
    let others = f.spaces - f.big_spaces;
    let holders = (others + 1) / 2;
    let stride = ((world.places.len() as i64 - 1) / holders.max(1)).max(1);
    let mut batch = Batch::new("spaces", SPACE_COLS);
    let mut out = Vec::new();
    let mut names: HashMap<(usize, &str), u32> = HashMap::new();
    for s in 0..f.spaces {
        let (place, t) = if s < f.big_spaces {
            (world.big_place, s as usize % TEMPLATES.len())
        } else {
            let j = s - f.big_spaces;
            let place = (1 + (j / 2) * stride).min(world.places.len() as i64 - 1) as usize;
            (place, rng.gen_range(0..TEMPLATES.len()))
        };
        let tp = &TEMPLATES[t];
        let n = names.entry((place, tp.name)).or_insert(0);
        *n += 1;
        let name = if *n == 1 {
            tp.name.to_string()
        } else {
            format!("{} {n}", tp.name)
        };
        let space = Space {
            id: SpaceId(base + 1 + s),
            place_id: world.places[place].id,
            name,
            kind: tp.kind,
            is_equipment: tp.kind.is_equipment(),
            capacity: rng.gen_range(tp.capacity.0..=tp.capacity.1),
            mode: tp.mode,
            unit: tp.unit,
            min_units: tp.units.0,
            max_units: tp.units.1,
            opening_hours: tp.hours.into(),
            lead_time_minutes: 0,
            cancel_deadline_hours: 24,
            access: if place == world.big_place && tp.access == SpaceAccess::SignedIn {
                SpaceAccess::Members
            } else {
                tp.access
            },
            requires_qualification: tp.qualification,
            price_member_cents: tp.prices.0,
            price_public_cents: tp.prices.1,
            description: tp.description.into(),
            equipment: tp.equipment.into(),
            active: true,
            created_at: anchor_ms() - rng.gen_range(800..1000) * DAY_MS,
            // The bookings generated below follow the templates' hours, not the places' (which
            // are drawn apart): each space says it opens beyond its place's hours.
            beyond_place_hours: true,
            place_hours: String::new(),
        };
        batch
            .push(
                db,
                row![
                    space.id.get(),
                    space.place_id.get(),
                    space.name.clone(),
                    space.kind.as_str(),
                    space.is_equipment,
                    i64::from(space.capacity),
                    space.mode.as_str(),
                    space.unit.as_str(),
                    i64::from(space.min_units),
                    i64::from(space.max_units),
                    space.opening_hours.clone(),
                    0i64,
                    24i64,
                    space.access.as_str(),
                    space.requires_qualification,
                    space.price_member_cents,
                    space.price_public_cents,
                    space.description.clone(),
                    space.equipment.clone(),
                    true,
                    space.created_at,
                    space.beyond_place_hours,
                ],
            )
            .await?;
        world.spaces.push((space.id.get(), place));
        out.push((space, t));
    }
    batch.finish(db).await?;
    Ok(out)
}

const BOOKING_COLS: &[&str] = &[
    "id",
    "space_id",
    "user_id",
    "booked_by",
    "series_id",
    "starts_at",
    "ends_at",
    "seats",
    "status",
    "price_cents",
    "note",
    "sequence",
    "created_at",
    "updated_at",
];

/// Writes the spaces, their bookings and the qualifications of those who book machines.
/// Returns (spaces, bookings).
pub async fn load(db: &Db, scale: Scale, f: &Figures, world: &mut World) -> AppResult<(i64, i64)> {
    let spaces = spaces(db, scale, f, world).await?;
    let mut rng = rng(scale, "bookings");
    let anchor = anchor_ms();
    let days = window();
    let base = max_id(db, "bookings").await?;
    let mut batch = Batch::new("bookings", BOOKING_COLS);
    let mut quals = Batch::new(
        "space_qualifications",
        &["space_id", "user_id", "granted_by", "created_at"],
    );
    let mut qualified: HashSet<(i64, i64)> = HashSet::new();
    let member = world.fixed(super::plan::MEMBER);
    let (big_n, other_n) = (f.big_spaces, f.spaces - f.big_spaces);
    let other_total = f.bookings - f.big_bookings;
    let member_every = (f.big_bookings / f.member_bookings).max(1);
    let mut id = base;
    let mut big_count = 0i64;
    for (k, (space, t)) in spaces.iter().enumerate() {
        let tp = &TEMPLATES[*t];
        let k = k as i64;
        let count = if k < big_n {
            f.big_bookings / big_n + i64::from(k < f.big_bookings % big_n)
        } else {
            let j = k - big_n;
            other_total / other_n + i64::from(j < other_total % other_n)
        };
        let place = &world.places[world.spaces[k as usize].1];
        let big = k < big_n;
        let open_days: Vec<usize> = (0..days.len())
            .filter(|d| weekday_in(days[*d], tp.days))
            .collect();
        let mut used: HashMap<(usize, usize), i32> = HashMap::new();
        for _ in 0..count {
            // A block with room left for the seats asked.
            let seats = match space.mode {
                SpaceMode::Room => space.capacity,
                SpaceMode::Seat => rng.gen_range(1..=space.capacity.min(3)),
            };
            let mut found = None;
            for _ in 0..100_000 {
                let d = *pick(&mut rng, &open_days);
                let b = rng.gen_range(0..tp.blocks.len());
                let u = used.entry((d, b)).or_insert(0);
                if *u + seats <= space.capacity {
                    *u += seats;
                    found = Some((d, b));
                    break;
                }
            }
            let (d, b) = found.ok_or(AppError::Conflict("no_free_block"))?;
            let (hour, hours) = tp.blocks[b];
            let starts_at = at(days[d], hour, 0);
            let ends_at = at(days[d], hour + hours, 0);
            let user = if big {
                big_count += 1;
                if big_count % member_every == 0 {
                    member
                } else {
                    *pick(&mut rng, &world.big_members)
                }
            } else if chance(&mut rng, 20) {
                place.manager
            } else {
                world.any_user(&mut rng)
            };
            let is_member = big || user == place.manager;
            let past = starts_at < anchor;
            let status = match (space.access, past, rng.gen_range(0..100)) {
                (_, _, 0..=7) => "cancelled",
                (SpaceAccess::Approval, true, 8..=11) => "refused",
                (SpaceAccess::Approval, false, 8..=40) => "pending",
                _ => "confirmed",
            };
            let created_at = (starts_at - rng.gen_range(1..45) * DAY_MS).min(anchor);
            let updated_at = if status == "cancelled" || status == "refused" {
                (created_at + DAY_MS).min(starts_at)
            } else {
                created_at
            };
            id += 1;
            batch
                .push(
                    db,
                    row![
                        id,
                        space.id.get(),
                        user,
                        Some(user),
                        None::<i64>,
                        starts_at,
                        ends_at,
                        i64::from(seats),
                        status,
                        price(space, starts_at, ends_at, seats, is_member),
                        "",
                        0i64,
                        created_at,
                        updated_at,
                    ],
                )
                .await?;
            if space.requires_qualification && qualified.insert((space.id.get(), user)) {
                quals
                    .push(
                        db,
                        row![space.id.get(), user, Some(place.manager), created_at],
                    )
                    .await?;
            }
        }
    }
    let written = batch.finish(db).await?;
    quals.finish(db).await?;
    Ok((spaces.len() as i64, written))
}
