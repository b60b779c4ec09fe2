//! Confirmed bookings per second through the real booking code path, against raw inserts into
//! the same table with the same durability settings, on SQLite (WAL, synchronous=FULL, the
//! pool of `Db::connect`) and on PostgreSQL.
//!
//!     cargo bench --bench bookings                 # N=2000 per run, CONCURRENCY=8
//!     N=5000 CONCURRENCY=16 cargo bench --bench bookings
//!
//! Three measurements per engine, one after the other on a fresh database each:
//! - `raw`: `INSERT INTO bookings …` one per transaction (autocommit), no check at all;
//! - `checked`: `bookings::repo::insert_checked`, the invariant's transaction (lock the space,
//!   read the overlapping bookings, sweep, insert);
//! - `service`: `bookings::service::book`, the whole use case behind `POST
//!   /api/v1/spaces/{id}/bookings` (policy, rules, opening hours, closures, member price,
//!   invariant), without the email.
//!
//! Each is run sequentially (one client), with `CONCURRENCY` clients on the same space (the
//! space's lock serializes them: one commit at a time), and with `CONCURRENCY` clients on one
//! space each. Every booking is a distinct one-hour slot, so all of them are confirmed.

use std::sync::Arc;
use std::time::Instant;

use maillage::accounts::model::RoleKind;
use maillage::auth::Principal;
use maillage::bookings::model::SpaceInput;
use maillage::bookings::repo::{self, NewBooking};
use maillage::bookings::service::{self, BookRequest};
use maillage::clock::Clock;
use maillage::config::Config;
use maillage::db::Db;
use maillage::state::AppState;

const HOUR: i64 = 3_600_000;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Fixture {
    state: AppState,
    /// `CONCURRENCY` spaces of the same place: clients book the first one together, or one
    /// each (the lock is per space).
    spaces: Vec<maillage::bookings::model::Space>,
    who: Principal,
    /// A base instant far in the future (a Monday 00:00 UTC), so slots never hit the lead time.
    base: i64,
}

async fn fixture(url: &str, data: &std::path::Path, count: usize) -> Fixture {
    let db = Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    let mut config = Config {
        database_url: url.into(),
        data_dir: data.to_path_buf(),
        run_jobs: false,
        ..Config::default()
    };
    config.finish().unwrap();
    let state = AppState::new(db, config, Clock::default());
    let place = maillage::places::repo::insert_place(
        &state.db,
        maillage::places::repo::NewPlace {
            name: "Banc d'essai",
            slug: "banc",
            description: "",
            city: "",
            organization_id: None,
            network_id: None,
            now: 0,
        },
    )
    .await
    .unwrap();
    let user_id = maillage::accounts::repo::insert_user(
        &state.db,
        "bench@example.org",
        "Bench",
        "",
        Some(0),
        0,
    )
    .await
    .unwrap()
    .unwrap();
    let user = maillage::accounts::repo::user_by_id(&state.db, user_id)
        .await
        .unwrap()
        .unwrap();
    maillage::accounts::repo::grant_role(
        &state.db,
        user.id,
        RoleKind::Member,
        None,
        Some(place.id.get()),
        0,
    )
    .await
    .unwrap();
    let draft = SpaceInput {
        name: "Salon".into(),
        kind: maillage::bookings::model::SpaceKind::Coworking,
        capacity: 4,
        mode: maillage::bookings::model::SpaceMode::Seat,
        unit: maillage::bookings::model::SpaceUnit::Hour,
        min_units: 1,
        max_units: 8,
        // Always open: the same work for every slot of the run.
        opening_hours: "24/7".into(),
        beyond_place_hours: false,
        lead_time_minutes: 0,
        cancel_deadline_hours: 0,
        access: maillage::bookings::model::SpaceAccess::SignedIn,
        requires_qualification: false,
        price_member_cents: 300,
        price_public_cents: 500,
        description: String::new(),
        equipment: String::new(),
    }
    .validate()
    .unwrap();
    let mut spaces = Vec::new();
    for _ in 0..count.max(1) {
        spaces.push(
            repo::insert_space(&state.db, place.id, &draft, 0)
                .await
                .unwrap(),
        );
    }
    let roles = maillage::accounts::repo::roles_of(&state.db, user.id)
        .await
        .unwrap();
    Fixture {
        state,
        spaces,
        who: Principal { user, roles },
        // Monday 4 January 2100, 00:00 UTC.
        base: 4_102_963_200_000,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Raw,
    Checked,
    Service,
}

async fn one(f: &Fixture, kind: Kind, slot: i64, space: usize) {
    let s = f.base + slot * HOUR;
    let space = &f.spaces[space];
    match kind {
        Kind::Raw => {
            let sql = "INSERT INTO bookings (space_id, user_id, booked_by, starts_at, ends_at, seats, status, \
                       price_cents, note, sequence, created_at, updated_at) \
                       VALUES ($1, $2, $2, $3, $4, 1, 'confirmed', 300, '', 0, 0, 0)";
            maillage::db_run!(&f.state.db, |p| sqlx::query(sql)
                .bind(space.id)
                .bind(f.who.user.id)
                .bind(s)
                .bind(s + HOUR)
                .execute(p)
                .await
                .map(|_| ()))
            .unwrap();
        }
        Kind::Checked => {
            repo::insert_checked(
                &f.state.db,
                &NewBooking {
                    space_id: space.id,
                    user_id: f.who.user.id,
                    booked_by: f.who.user.id,
                    series_id: None,
                    starts_at: s,
                    ends_at: s + HOUR,
                    seats: 1,
                    status: maillage::bookings::model::BookingStatus::Confirmed,
                    price_cents: 300,
                    note: "",
                    needs_qualification: false,
                    now: 0,
                },
            )
            .await
            .unwrap();
        }
        Kind::Service => {
            let b = service::book(
                &f.state,
                &f.who,
                space,
                &BookRequest {
                    starts_at: s,
                    ends_at: s + HOUR,
                    seats: 1,
                    for_user: None,
                    series_id: None,
                    note: String::new(),
                },
                false,
            )
            .await
            .unwrap();
            assert_eq!(
                b.status,
                maillage::bookings::model::BookingStatus::Confirmed
            );
        }
    }
}

/// Bookings per second for `n` bookings with `clients` concurrent clients, on one space or
/// (`spread`) one space per client.
async fn run(
    f: Arc<Fixture>,
    kind: Kind,
    n: usize,
    clients: usize,
    offset: i64,
    spread: bool,
) -> f64 {
    let start = Instant::now();
    let mut handles = Vec::new();
    for c in 0..clients {
        let f = f.clone();
        handles.push(tokio::spawn(async move {
            let mut i = c;
            while i < n {
                one(&f, kind, offset + i as i64, if spread { c } else { 0 }).await;
                i += clients;
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

async fn engine(name: &str, url: &str, n: usize, conc: usize) -> Vec<String> {
    let data = tempfile::tempdir().unwrap();
    let f = Arc::new(fixture(url, data.path(), conc).await);
    // Warm-up: a few bookings far from the measured slots.
    for i in 0..50 {
        one(&f, Kind::Checked, 1_000_000 + i, 0).await;
    }
    let mut rows = Vec::new();
    let mut offset = 0;
    for (clients, spread) in [(1, false), (conc, false), (conc, true)] {
        let mut r = [0.0; 3];
        for (k, kind) in [Kind::Raw, Kind::Checked, Kind::Service]
            .into_iter()
            .enumerate()
        {
            r[k] = run(f.clone(), kind, n, clients, offset, spread).await;
            offset += n as i64 + 10;
        }
        let spaces = if spread { clients } else { 1 };
        let row = format!(
            "| {} | {name} | {clients} | {spaces} | {n} | {:.0} | {:.0} ({:.0} %) | {:.0} ({:.0} %) |",
            chrono::Utc::now().format("%Y-%m-%d %H:%M"),
            r[0],
            r[1],
            100.0 * r[1] / r[0],
            r[2],
            100.0 * r[2] / r[0],
        );
        println!("{row}");
        rows.push(row);
    }
    // The invariant held throughout (capacity 4).
    for space in &f.spaces {
        let held = repo::held_between(&f.state.db, space.id, 0, i64::MAX / 2)
            .await
            .unwrap();
        assert!(maillage::bookings::model::max_load(&held, 0, i64::MAX / 2) <= 4);
    }
    f.state.db.close().await;
    rows
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let n = env("N", 2000);
    let conc = env("CONCURRENCY", 8);
    println!("| date (UTC) | engine | clients | spaces | bookings | raw inserts/s | checked bookings/s (ratio) | full use case bookings/s (ratio) |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("bench.db").display());
    engine("SQLite (WAL, synchronous=FULL)", &sqlite, n, conc).await;
    let admin = std::env::var("MAILLAGE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match sqlx::PgPool::connect(&admin).await {
        Ok(pool) => {
            let name = format!("maillage_bench_{}", std::process::id());
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&pool)
                .await
                .unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&name);
            engine("PostgreSQL", url.as_str(), n, conc).await;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&pool)
                .await
                .unwrap();
        }
        Err(e) => eprintln!("PostgreSQL skipped ({e})"),
    }
}
