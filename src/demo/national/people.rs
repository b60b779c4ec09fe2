//! Networks and accounts: the fixed accounts first, then people with French names. One
//! password hash for all of them (the demo password, hashed once with a salt drawn from the
//! seed: two runs write the same rows).

use rand::Rng;

use super::data::{FIRST_NAMES, LAST_NAMES, NETWORKS};
use super::plan::{
    anchor_ms, fixed_email, pick, rng, Figures, Scale, World, DAY_MS, DOMAIN, FIXED,
};
use super::sink::{max_id, row, Batch};
use crate::db::Db;
use crate::error::{AppError, AppResult};

/// Writes the networks (#1 first, the biggest) and the users.
pub async fn load(db: &Db, scale: Scale, f: &Figures, world: &mut World) -> AppResult<()> {
    let mut rng = rng(scale, "people");
    let anchor = anchor_ms();
    let net_base = max_id(db, "networks").await?;
    let mut nets = Batch::new(
        "networks",
        &[
            "id",
            "name",
            "slug",
            "description",
            "created_at",
            "data_licence",
        ],
    );
    for n in 0..f.networks as usize {
        let (name, _) = NETWORKS[n % NETWORKS.len()];
        let name = if n < NETWORKS.len() {
            name.to_string()
        } else {
            format!("{name} {}", n / NETWORKS.len() + 1)
        };
        let slug = format!("{}-{}", slug::slugify(&name), scale.name());
        let id = net_base + 1 + n as i64;
        let description = format!(
            "<p>{name} fédère les tiers-lieux de son territoire : cartographie, agenda, \
             rencontres des forces vives, accompagnement des projets.</p>"
        );
        let created = anchor - (1500 - 10 * n as i64) * DAY_MS;
        nets.push(
            db,
            row![
                id,
                name.clone(),
                slug.clone(),
                description,
                created,
                "etalab-2.0"
            ],
        )
        .await?;
        world.networks.push((id, name, slug));
    }
    nets.finish(db).await?;

    let mut salt = [0u8; 16];
    rng.fill(&mut salt);
    let hash = crate::auth::password::hash_with_salt(crate::demo::DEMO_PASSWORD, &salt)
        .map_err(AppError::Internal)?;
    world.first_user = max_id(db, "users").await? + 1;
    world.users = f.users;
    let mut users = Batch::new(
        "users",
        &[
            "id",
            "email",
            "display_name",
            "locale",
            "password_hash",
            "email_confirmed_at",
            "created_at",
        ],
    );
    for n in 0..f.users {
        let (email, name) = if (n as usize) < FIXED.len() {
            (fixed_email(n as usize), FIXED[n as usize].1.to_string())
        } else {
            let first = pick(&mut rng, &FIRST_NAMES);
            let last = pick(&mut rng, &LAST_NAMES);
            let local = slug::slugify(format!("{first}.{last}")).replace('-', ".");
            (format!("{local}.{n}@{DOMAIN}"), format!("{first} {last}"))
        };
        // Accounts opened over the three years before the anchor, the oldest first.
        let created = anchor - (3 * 365 * DAY_MS) + n * (3 * 365 * DAY_MS / f.users.max(1));
        let locale = if n % 25 == 7 { "en" } else { "fr" };
        users
            .push(
                db,
                row![
                    world.user(n),
                    email,
                    name,
                    locale,
                    hash.clone(),
                    created,
                    created
                ],
            )
            .await?;
    }
    users.finish(db).await?;
    Ok(())
}

/// Roles: the fixed accounts', a manager per place, one or two admins per network, and every
/// generated user a member of one place (many of the big place). Needs the places.
pub async fn roles(db: &Db, scale: Scale, f: &Figures, world: &mut World) -> AppResult<i64> {
    let mut rng = rng(scale, "roles");
    let anchor = anchor_ms();
    let base = max_id(db, "roles").await?;
    let mut roles = Batch::new(
        "roles",
        &[
            "id",
            "user_id",
            "role",
            "network_id",
            "place_id",
            "created_at",
        ],
    );
    let mut id = base;
    let mut next = || {
        id += 1;
        id
    };
    let big = world.places[world.big_place].id.get();
    let net1 = world.networks[0].0;
    let at = anchor - 900 * DAY_MS;
    let fixed: [(usize, &str, Option<i64>, Option<i64>); 4] = [
        (super::plan::ADMIN, "instance_admin", None, None),
        (super::plan::ANIMATOR, "network_admin", Some(net1), None),
        (super::plan::MANAGER, "place_manager", None, Some(big)),
        (super::plan::MEMBER, "member", None, Some(big)),
    ];
    for (who, role, network, place) in fixed {
        roles
            .push(db, row![next(), world.fixed(who), role, network, place, at])
            .await?;
    }
    // Network admins: a generated user per network (network #1 has the fixed animator too).
    for (k, (net, _, _)) in world.networks.iter().enumerate() {
        let fixed = FIXED.len() as i64;
        let user = world.user(fixed + (f.places + k as i64) % (f.users - fixed));
        roles
            .push(
                db,
                row![next(), user, "network_admin", Some(*net), None::<i64>, at],
            )
            .await?;
    }
    // A manager per place (the fixed manager runs the big place).
    for p in world.places.iter().skip(1) {
        roles
            .push(
                db,
                row![
                    next(),
                    p.manager,
                    "place_manager",
                    None::<i64>,
                    Some(p.id.get()),
                    at
                ],
            )
            .await?;
    }
    // Every generated user is a member of one place; one in 40 of the big place.
    world.big_members = vec![world.fixed(super::plan::MEMBER)];
    for n in FIXED.len() as i64..f.users {
        let user = world.user(n);
        let place = if n % 40 == 0 {
            world.big_members.push(user);
            big
        } else {
            world.places[rng
                .gen_range(1..world.places.len().max(2))
                .min(world.places.len() - 1)]
            .id
            .get()
        };
        let created = anchor - rng.gen_range(30..1000) * DAY_MS;
        roles
            .push(
                db,
                row![next(), user, "member", None::<i64>, Some(place), created],
            )
            .await?;
    }
    roles.finish(db).await
}
