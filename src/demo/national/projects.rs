//! Projects of new tiers-lieux: holders, the default four phases (what a project gets when
//! its network has no template of its own) with their progress, a Social Business Canvas,
//! funding applications and budget lines in integer cents, and the timeline entries the
//! projects' repository writes with each of those changes.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use rand::Rng;

use super::data::{de, BUDGET_LINES, COMMUNES, FUNDERS, NICKNAMES};
use super::plan::{anchor_ms, chance, pick, rng, Figures, Scale, World, DAY_MS};
use super::sink::{finish_linked, flush_linked, max_id, row, Batch};
use crate::db::Db;
use crate::error::AppResult;
use crate::places::model::department_of;
use crate::projects::model::{CANVAS_BLOCKS, DEFAULT_PHASES};

const USES: [&str; 8] = [
    "coworking",
    "café",
    "fablab",
    "jardin",
    "épicerie",
    "salle culturelle",
    "atelier de réparation",
    "espace France services",
];

fn date(ms: i64) -> String {
    crate::clock::from_ms(ms)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// Writes the projects and everything that hangs on them; returns the number of projects.
pub async fn load(db: &Db, scale: Scale, f: &Figures, world: &mut World) -> AppResult<i64> {
    let mut rng = rng(scale, "projects");
    let anchor = anchor_ms();
    let base = max_id(db, "projects").await?;
    let (mut phase_id, mut canvas_id, mut funding_id, mut budget_id, mut event_id) = (
        max_id(db, "project_phases").await?,
        max_id(db, "canvas_versions").await?,
        max_id(db, "funding_applications").await?,
        max_id(db, "budget_lines").await?,
        max_id(db, "project_events").await?,
    );
    let mut projects = Batch::linked(
        "projects",
        &[
            "id",
            "name",
            "slug",
            "communes",
            "epci",
            "departement",
            "holders",
            "intent",
            "uses",
            "status",
            "public",
            "network_id",
            "network_status",
            "created_by",
            "created_at",
        ],
    );
    let mut members = Batch::linked("project_members", &["project_id", "user_id", "created_at"]);
    let mut phases = Batch::linked(
        "project_phases",
        &[
            "id",
            "project_id",
            "position",
            "title",
            "objectives",
            "starts_on",
            "ends_on",
            "completion",
            "support_level",
        ],
    );
    let mut canvas = Batch::linked(
        "canvas_versions",
        &["id", "project_id", "author_id", "blocks", "created_at"],
    );
    let mut funding = Batch::linked(
        "funding_applications",
        &[
            "id",
            "project_id",
            "funder",
            "programme",
            "amount_requested_cents",
            "amount_granted_cents",
            "status",
            "deadline",
            "created_at",
        ],
    );
    let mut budget = Batch::linked(
        "budget_lines",
        &[
            "id",
            "project_id",
            "kind",
            "label",
            "amount_cents",
            "created_at",
        ],
    );
    let mut timeline = Batch::linked(
        "project_events",
        &["id", "project_id", "kind", "label", "actor_id", "at"],
    );
    for p in 0..f.projects {
        let id = base + 1 + p;
        let (city, insee, postcode, _, _) = *pick(&mut rng, &COMMUNES);
        let nick = *pick(&mut rng, &NICKNAMES);
        let name = if p % 3 == 0 {
            format!("Projet de tiers-lieu {}", de(city))
        } else {
            format!("Projet {nick} {}", de(city))
        };
        let status = match rng.gen_range(0..100) {
            0..=24 => "idea",
            25..=74 => "in_progress",
            75..=89 => "opened",
            _ => "abandoned",
        };
        let network = chance(&mut rng, 60).then(|| rng.gen_range(0..world.networks.len()));
        let network_status = network.map(|_| {
            if chance(&mut rng, 80) {
                "accepted"
            } else {
                "requested"
            }
        });
        let creator = world.any_user(&mut rng);
        let created = anchor - rng.gen_range(100..1000) * DAY_MS;
        let mut uses: Vec<&str> = (0..rng.gen_range(2..5))
            .map(|_| *pick(&mut rng, &USES))
            .collect();
        uses.sort_unstable();
        uses.dedup();
        projects
            .push(
                db,
                row![
                    id,
                    name.clone(),
                    format!("{}-{}", slug::slugify(&name), p + 1),
                    city,
                    format!("Communauté de communes {}", de(city)),
                    department_of(insee, postcode).unwrap_or_default(),
                    format!("Commune {}\nAssociation {nick}", de(city)),
                    crate::text::sanitize_html(&format!(
                        "<p>Créer à {city} un lieu ouvert aux habitants, aux indépendants et aux associations, \
                         construit avec la population.</p>"
                    )),
                    uses.join("\n"),
                    status,
                    chance(&mut rng, 50),
                    network.map(|n| world.networks[n].0),
                    network_status.map(str::to_string),
                    Some(creator),
                    created,
                ],
            )
            .await?;
        world.projects.push(id);
        members.push(db, row![id, creator, created]).await?;
        let other = world.any_user(&mut rng);
        if other != creator {
            members.push(db, row![id, other, created + DAY_MS]).await?;
        }
        let mut event = |kind: &str, label: String, actor: i64, at: i64| {
            event_id += 1;
            row![event_id, id, kind, label, Some(actor), at.min(anchor)]
        };
        let progress: [i64; 4] = match status {
            "idea" => [30, 0, 0, 0],
            "in_progress" => [100, 60, 10, 0],
            "opened" => [100, 100, 100, 100],
            _ => [100, 20, 0, 0],
        };
        let start = crate::clock::from_ms(created).date_naive();
        for (i, ((title, objectives), completion)) in
            DEFAULT_PHASES.iter().zip(progress).enumerate()
        {
            phase_id += 1;
            let from: NaiveDate = start + Duration::days(i as i64 * 180);
            let dated = completion > 0;
            phases
                .push(
                    db,
                    row![
                        phase_id,
                        id,
                        i as i64 + 1,
                        *title,
                        *objectives,
                        dated.then(|| from.format("%Y-%m-%d").to_string()),
                        dated.then(|| (from + Duration::days(179)).format("%Y-%m-%d").to_string()),
                        completion,
                        if dated {
                            format!("Niveau {} d'accompagnement", i + 1)
                        } else {
                            String::new()
                        },
                    ],
                )
                .await?;
            if dated {
                let at = created + (i as i64 + 1) * 90 * DAY_MS;
                timeline
                    .push(
                        db,
                        event(
                            "phase_progress",
                            format!("{title}\n{completion}"),
                            creator,
                            at,
                        ),
                    )
                    .await?;
            }
        }
        let blocks: BTreeMap<&str, String> = CANVAS_BLOCKS
            .iter()
            .map(|b| {
                (
                    *b,
                    format!("À préciser avec les habitants de {city} ({b})."),
                )
            })
            .collect();
        canvas_id += 1;
        canvas
            .push(
                db,
                row![
                    canvas_id,
                    id,
                    Some(creator),
                    serde_json::to_string(&blocks).unwrap_or_default(),
                    created + 30 * DAY_MS,
                ],
            )
            .await?;
        for k in 0..rng.gen_range(2..5i64) {
            let (funder, programme) = *pick(&mut rng, &FUNDERS);
            let requested = rng.gen_range(500_000..15_000_000i64);
            let fstatus = *pick(
                &mut rng,
                &["draft", "submitted", "granted", "refused", "paid"],
            );
            let granted = if matches!(fstatus, "granted" | "paid") {
                requested * rng.gen_range(50..=100) / 100
            } else {
                0
            };
            let at = created + (k + 2) * 40 * DAY_MS;
            funding_id += 1;
            funding
                .push(
                    db,
                    row![
                        funding_id,
                        id,
                        funder,
                        programme,
                        requested,
                        granted,
                        fstatus,
                        Some(date(at + 60 * DAY_MS)),
                        at.min(anchor),
                    ],
                )
                .await?;
            timeline
                .push(
                    db,
                    event(
                        "funding_created",
                        format!("{funder}\n{fstatus}"),
                        creator,
                        at,
                    ),
                )
                .await?;
        }
        for k in 0..rng.gen_range(3..7i64) {
            let (kind, label) = *pick(&mut rng, &BUDGET_LINES);
            let amount = rng.gen_range(100_000..8_000_000i64);
            let at = created + (k + 1) * 20 * DAY_MS;
            budget_id += 1;
            budget
                .push(db, row![budget_id, id, kind, label, amount, at.min(anchor)])
                .await?;
            timeline
                .push(
                    db,
                    event("budget_added", format!("{label}\n{amount}"), creator, at),
                )
                .await?;
        }
        flush_linked(
            db,
            &mut [
                &mut projects,
                &mut members,
                &mut phases,
                &mut canvas,
                &mut funding,
                &mut budget,
                &mut timeline,
            ],
        )
        .await?;
    }
    finish_linked(
        db,
        vec![projects, members, phases, canvas, funding, budget, timeline],
    )
    .await
}
