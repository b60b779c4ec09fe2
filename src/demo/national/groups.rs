//! Groups (networks' boards and commissions, projects' holders, places' clubs), their
//! members, and their meetings: agenda, people invited (every active member, as the groups'
//! repository invites them), and for the past ones published or internal minutes, decisions
//! (with their folded search text, which SQLite's triggers copy into `decisions_fts`) and
//! next steps.

use std::collections::HashSet;

use chrono::Duration;
use rand::Rng;

use super::data::{ACTIONS, AGENDA_ITEMS, DECISIONS};
use super::plan::{
    anchor_ms, at, chance, pick, rng, window, Figures, GroupScope, Scale, World, DAY_MS,
};
use super::sink::{finish_linked, flush_linked, max_id, row, Batch};
use crate::db::Db;
use crate::error::AppResult;
use crate::text::{fold_words, sanitize_html};

const CLUBS: [(&str, &str); 8] = [
    ("club", "Club WordPress"),
    ("club", "Club Transition"),
    ("club", "Club d'hôtes"),
    ("club", "Club des makers"),
    ("working_group", "Groupe de travail Communication"),
    ("working_group", "Groupe de travail Programmation"),
    ("focus_group", "Focus groupe Usagers"),
    ("club", "Club des indépendants"),
];

const COMMISSIONS: [&str; 4] = [
    "Commission accompagnement des projets",
    "Commission formation",
    "Commission communication",
    "Commission finances",
];

/// Writes groups, members, meetings and what hangs on them; returns (groups, meetings).
pub async fn load(db: &Db, scale: Scale, f: &Figures, world: &mut World) -> AppResult<(i64, i64)> {
    let mut rng = rng(scale, "groups");
    let anchor = anchor_ms();
    let days = window();
    let g_base = max_id(db, "groups").await?;
    let m_base = max_id(db, "group_members").await?;
    let nets = world.networks.len() as i64;
    let n_net = (f.groups * 3 / 100).max(1).min(f.groups);
    let n_proj = (f.groups / 4)
        .min(world.projects.len() as i64)
        .min(f.groups - n_net);
    let mut groups = Batch::linked(
        "groups",
        &[
            "id",
            "name",
            "slug",
            "kind",
            "purpose",
            "visibility",
            "joining",
            "autonomous",
            "network_id",
            "place_id",
            "project_id",
            "created_at",
        ],
    );
    let mut members = Batch::linked(
        "group_members",
        &[
            "id",
            "group_id",
            "user_id",
            "role",
            "status",
            "mandate_start",
            "mandate_end",
            "created_at",
        ],
    );
    let mut member_id = m_base;
    // Active members of each group, for the meetings.
    let mut rosters: Vec<Vec<i64>> = Vec::with_capacity(f.groups as usize);
    for g in 0..f.groups {
        let id = g_base + 1 + g;
        let (scope, kind, name) = if g < n_net {
            let n = (g % nets) as usize;
            let net = &world.networks[n].1;
            if g < nets {
                (
                    GroupScope::Network(n),
                    "board",
                    format!("Conseil d'administration — {net}"),
                )
            } else {
                let c = COMMISSIONS[(g / nets) as usize % COMMISSIONS.len()];
                (GroupScope::Network(n), "commission", format!("{c} — {net}"))
            }
        } else if g < n_net + n_proj {
            let p = world.projects[(g - n_net) as usize];
            (
                GroupScope::Project(p),
                "holders",
                format!("Porteurs du projet n° {p}"),
            )
        } else {
            let place = if g == n_net + n_proj {
                world.big_place
            } else {
                rng.gen_range(0..world.places.len())
            };
            let (kind, club) = *pick(&mut rng, &CLUBS);
            (
                GroupScope::Place(place),
                kind,
                format!("{club} — {}", world.places[place].name),
            )
        };
        let (network_id, place_id, project_id) = match scope {
            GroupScope::Network(n) => (Some(world.networks[n].0), None, None),
            GroupScope::Place(p) => (None, Some(world.places[p].id.get()), None),
            GroupScope::Project(p) => (None, None, Some(p)),
        };
        let created = anchor - rng.gen_range(800..1100) * DAY_MS;
        let purpose = sanitize_html(&format!(
            "<p>{name} : se retrouver régulièrement, décider ensemble et partager les bonnes pratiques.</p>"
        ));
        groups
            .push(
                db,
                row![
                    id,
                    name.clone(),
                    format!("{}-{}", slug::slugify(&name), g + 1),
                    kind,
                    purpose,
                    if kind == "board" { "members" } else { "public" },
                    *pick(&mut rng, &["open", "request", "request", "invitation"]),
                    false,
                    network_id,
                    place_id,
                    project_id,
                    created,
                ],
            )
            .await?;
        world.groups.push((id, scope));
        // Members: the fixed accounts in their own groups, then people at random.
        let mut roster: Vec<(i64, &str)> = Vec::new();
        match scope {
            GroupScope::Network(0) => {
                roster.push((world.fixed(super::plan::ANIMATOR), "president"))
            }
            GroupScope::Place(p) if p == world.big_place => {
                roster.push((world.fixed(super::plan::MANAGER), "animator"));
                roster.push((world.fixed(super::plan::MEMBER), "member"));
            }
            GroupScope::Place(p) => roster.push((world.places[p].manager, "animator")),
            _ => {}
        }
        let size = rng.gen_range(5..16);
        let mut seen: HashSet<i64> = roster.iter().map(|r| r.0).collect();
        while roster.len() < size {
            let u = world.any_user(&mut rng);
            if seen.insert(u) {
                let role = match roster.len() {
                    0 => "president",
                    1 if kind == "board" => "secretary",
                    2 if kind == "board" => "treasurer",
                    _ => "member",
                };
                roster.push((u, role));
            }
        }
        for (user, role) in &roster {
            member_id += 1;
            let board = kind == "board" && *role != "member";
            members
                .push(
                    db,
                    row![
                        member_id,
                        id,
                        *user,
                        *role,
                        "active",
                        board.then_some(created),
                        board.then_some(created + 3 * 365 * DAY_MS),
                        created,
                    ],
                )
                .await?;
        }
        rosters.push(roster.into_iter().map(|r| r.0).collect());
        flush_linked(db, &mut [&mut groups, &mut members]).await?;
    }
    let written = finish_linked(db, vec![groups, members]).await?;
    let meetings = meetings(db, scale, f, &rosters, &days, g_base).await?;
    Ok((written, meetings))
}

async fn meetings(
    db: &Db,
    scale: Scale,
    f: &Figures,
    rosters: &[Vec<i64>],
    days: &[chrono::NaiveDate],
    g_base: i64,
) -> AppResult<i64> {
    let mut rng = rng(scale, "meetings");
    let anchor = anchor_ms();
    let (mut mt_id, mut ag_id, mut dec_id, mut act_id) = (
        max_id(db, "meetings").await?,
        max_id(db, "agenda_items").await?,
        max_id(db, "decisions").await?,
        max_id(db, "action_items").await?,
    );
    let mut meetings = Batch::linked(
        "meetings",
        &[
            "id",
            "group_id",
            "title",
            "starts_at",
            "ends_at",
            "room",
            "online_url",
            "minutes",
            "minutes_visibility",
            "minutes_published_at",
            "from_slot",
            "created_at",
        ],
    );
    let mut agenda = Batch::linked("agenda_items", &["id", "meeting_id", "position", "title"]);
    let mut attendees = Batch::linked("meeting_attendees", &["meeting_id", "user_id", "status"]);
    let mut decisions = Batch::linked(
        "decisions",
        &[
            "id",
            "meeting_id",
            "group_id",
            "text",
            "search_text",
            "created_at",
        ],
    );
    let mut actions = Batch::linked(
        "action_items",
        &[
            "id",
            "group_id",
            "meeting_id",
            "title",
            "owner_id",
            "due_on",
            "status",
            "created_at",
            "updated_at",
        ],
    );
    let groups = rosters.len() as i64;
    for (g, roster) in rosters.iter().enumerate() {
        let group_id = g_base + 1 + g as i64;
        let count = f.meetings / groups + i64::from((g as i64) < f.meetings % groups);
        let mut dates: Vec<usize> = (0..count).map(|_| rng.gen_range(0..days.len())).collect();
        dates.sort_unstable();
        for (k, d) in dates.into_iter().enumerate() {
            let day = days[d];
            let evening = chance(&mut rng, 50);
            let hour = if evening { 18 } else { 9 };
            let (starts_at, ends_at) = (at(day, hour, 0), at(day, hour + 2, 0));
            let past = ends_at < anchor;
            let (minutes, visibility, published) = if past {
                let html = sanitize_html(&format!(
                    "<p>{} personnes présentes. Les échanges ont porté sur {} et sur {}.</p>\
                     <ul><li>{}</li><li>{}</li></ul>",
                    roster.len().min(3 + k % 9),
                    pick(&mut rng, &AGENDA_ITEMS).to_lowercase(),
                    pick(&mut rng, &AGENDA_ITEMS).to_lowercase(),
                    pick(&mut rng, &DECISIONS),
                    pick(&mut rng, &ACTIONS),
                ));
                let public = chance(&mut rng, 50);
                (
                    html,
                    if public { "public" } else { "internal" },
                    public.then_some(ends_at + 2 * DAY_MS),
                )
            } else {
                (String::new(), "internal", None)
            };
            mt_id += 1;
            let created_at = (starts_at - 20 * DAY_MS).min(anchor);
            let online = if evening {
                String::new()
            } else {
                format!("https://visio.{}/groupe-{group_id}", super::plan::DOMAIN)
            };
            meetings
                .push(
                    db,
                    row![
                        mt_id,
                        group_id,
                        format!("Réunion n° {}", k + 1),
                        starts_at,
                        ends_at,
                        if evening { "Salle de réunion" } else { "" },
                        online,
                        minutes,
                        visibility,
                        published,
                        false,
                        created_at,
                    ],
                )
                .await?;
            for pos in 1..=3i64 {
                ag_id += 1;
                agenda
                    .push(db, row![ag_id, mt_id, pos, *pick(&mut rng, &AGENDA_ITEMS)])
                    .await?;
            }
            for user in roster {
                let status = match (past, chance(&mut rng, 80)) {
                    (false, _) => "invited",
                    (true, true) => "present",
                    (true, false) => "excused",
                };
                attendees.push(db, row![mt_id, *user, status]).await?;
            }
            if past {
                past_meeting(
                    db,
                    &mut rng,
                    (mt_id, group_id, day, ends_at),
                    roster,
                    (&mut dec_id, &mut act_id),
                    (&mut decisions, &mut actions),
                )
                .await?;
            }
            flush_linked(
                db,
                &mut [
                    &mut meetings,
                    &mut agenda,
                    &mut attendees,
                    &mut decisions,
                    &mut actions,
                ],
            )
            .await?;
        }
    }
    finish_linked(db, vec![meetings, agenda, attendees, decisions, actions]).await
}

/// The decisions and next step of a meeting held: (meeting id, group id, day, end).
async fn past_meeting(
    db: &Db,
    rng: &mut rand_chacha::ChaCha8Rng,
    (mt_id, group_id, day, ends_at): (i64, i64, chrono::NaiveDate, i64),
    roster: &[i64],
    ids: (&mut i64, &mut i64),
    (decisions, actions): (&mut Batch, &mut Batch),
) -> AppResult<()> {
    let (dec_id, act_id) = ids;
    for _ in 0..rng.gen_range(1..3) {
        let text = *pick(rng, &DECISIONS);
        *dec_id += 1;
        decisions
            .push(
                db,
                row![*dec_id, mt_id, group_id, text, fold_words(text), ends_at],
            )
            .await?;
    }
    let due = day + Duration::days(14);
    let status = if at(due, 0, 0) < anchor_ms() {
        "done"
    } else {
        "todo"
    };
    *act_id += 1;
    actions
        .push(
            db,
            row![
                *act_id,
                group_id,
                Some(mt_id),
                *pick(rng, &ACTIONS),
                Some(*pick(rng, roster)),
                Some(due.format("%Y-%m-%d").to_string()),
                status,
                ends_at,
                ends_at,
            ],
        )
        .await?;
    Ok(())
}
