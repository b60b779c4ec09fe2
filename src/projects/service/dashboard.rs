//! The advisors' dashboard: the projects followed by a network the person administers
//! (every project for an instance admin), one page at a time, each with its current phase
//! and completion, its next deadlines (funding applications, phase ends, action items of its
//! groups) and what is overdue (action items past due and not done, phases past their end and
//! not complete, applications still in draft or submitted past their deadline).
//!
//! At national scale (issue 16) a network follows hundreds of projects: the page's projects
//! are read by SQL with their count, then their phases, applications and action items in one
//! statement each for the page's ids, whatever the number of projects.

use std::collections::HashMap;

use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, ProjectId};
use crate::projects::model::dashboard::{
    CurrentPhase, DashboardOut, Deadline, DeadlineKind, Filter, FollowedProject, NetworkRequest,
    PER_PAGE, REQUESTS_SHOWN,
};
use crate::projects::model::{self, Phase, Project};
use crate::projects::repo::{self, Followed};
use crate::state::AppState;

/// Advisors are network admins (and instance admins); others get 403, anonymous people 401.
pub fn advisor(who: Option<&Principal>) -> AppResult<&Principal> {
    let who = who.ok_or(AppError::Unauthorized)?;
    if who.is_instance_admin() || !who.admin_networks().is_empty() {
        Ok(who)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The networks whose projects `who` follows: `None` for an instance admin (every project).
/// A network follows a project once its admins accepted the request.
fn advised_networks(who: &Principal) -> Option<Vec<NetworkId>> {
    (!who.is_instance_admin()).then(|| who.admin_networks().into_iter().map(NetworkId).collect())
}

/// The dashboard of `who`, filtered, one page of [`PER_PAGE`] projects.
pub async fn build(state: &AppState, who: &Principal, f: &Filter) -> AppResult<DashboardOut> {
    let db = &state.db;
    let today = super::today(state);
    let followed = Followed {
        networks: advised_networks(who),
        network: f.network,
        status: f.status,
    };
    let (projects, total) =
        repo::followed_page(db, &followed, PER_PAGE, (f.page - 1) * PER_PAGE).await?;
    let ids: Vec<ProjectId> = projects.iter().map(|p| p.id).collect();
    let (phases, fundings, actions, networks) = tokio::try_join!(
        repo::phases_of(db, &ids),
        repo::fundings_of(db, &ids),
        crate::groups::service::open_dated_actions_of_projects(db, &ids),
        crate::tenancy::repo::networks(db),
    )?;
    let network_name = |n: NetworkId| networks.iter().find(|x| x.id == n).map(|x| x.name.clone());
    let mut phases_by: HashMap<ProjectId, Vec<Phase>> = HashMap::new();
    for ph in phases {
        phases_by.entry(ph.project_id).or_default().push(ph);
    }
    let slugs: HashMap<ProjectId, &str> =
        projects.iter().map(|p| (p.id, p.slug.as_str())).collect();
    let mut dated: HashMap<ProjectId, Vec<Deadline>> = HashMap::new();
    for a in fundings {
        if let (Some(d), true) = (&a.deadline, a.status.is_open()) {
            dated.entry(a.project_id).or_default().push(Deadline {
                kind: DeadlineKind::Funding,
                label: a.funder.clone(),
                date: d.clone(),
                url: format!("/projets/{}/financement", slugs[&a.project_id]),
            });
        }
    }
    for (project, list) in &phases_by {
        for ph in list {
            if let (Some(d), true) = (&ph.ends_on, ph.completion < 100) {
                dated.entry(*project).or_default().push(Deadline {
                    kind: DeadlineKind::Phase,
                    label: format!("{}. {}", ph.position, ph.title),
                    date: d.clone(),
                    url: format!("/projets/{}#phases-h", slugs[project]),
                });
            }
        }
    }
    for a in actions {
        let Some(d) = a.item.due_on.clone() else {
            continue;
        };
        dated.entry(a.project_id).or_default().push(Deadline {
            kind: DeadlineKind::Action,
            label: format!("{} ({})", a.item.title, a.item.group_name),
            date: d,
            url: a
                .item
                .meeting_id
                .map(|m| format!("/reunions/{m}"))
                .unwrap_or_else(|| format!("/groupes/{}", a.group_slug)),
        });
    }
    let mut out = Vec::with_capacity(projects.len());
    for p in projects {
        let phases = phases_by.remove(&p.id).unwrap_or_default();
        let mut dated = dated.remove(&p.id).unwrap_or_default();
        dated.sort_by(|a, b| a.date.cmp(&b.date).then(a.label.cmp(&b.label)));
        let (overdue, next): (Vec<Deadline>, Vec<Deadline>) =
            dated.into_iter().partition(|d| d.date < today);
        out.push(followed_project(p, &phases, overdue, next, &network_name));
    }
    let (requests, requests_total) = requests(state, who, &networks).await?;
    Ok(DashboardOut {
        today,
        projects: out,
        total,
        page: f.page,
        per_page: PER_PAGE,
        requests,
        requests_total,
    })
}

fn followed_project(
    p: Project,
    phases: &[Phase],
    overdue: Vec<Deadline>,
    next: Vec<Deadline>,
    network_name: &dyn Fn(NetworkId) -> Option<String>,
) -> FollowedProject {
    let current = model::current_phase(phases).map(|ph| CurrentPhase {
        position: ph.position,
        title: ph.title.clone(),
        completion: ph.completion,
    });
    FollowedProject {
        id: p.id,
        url: format!("/projets/{}", p.slug),
        network_name: p.network_id.and_then(network_name),
        current_phase: current,
        phases_done: phases.iter().filter(|ph| ph.completion >= 100).count() as i64,
        phases_total: phases.len() as i64,
        completion: model::overall_completion(phases),
        next_deadlines: next.into_iter().take(10).collect(),
        overdue,
        network_id: p.network_id,
        status: p.status,
        name: p.name,
        slug: p.slug,
    }
}

/// The requests to follow a project addressed to a network `who` administers (every network
/// for an instance admin), waiting for an answer: the first [`REQUESTS_SHOWN`] by name, and
/// how many wait.
async fn requests(
    state: &AppState,
    who: &Principal,
    names: &[crate::tenancy::model::Network],
) -> AppResult<(Vec<NetworkRequest>, i64)> {
    let networks = advised_networks(who);
    let (projects, total) =
        repo::requests_page(&state.db, networks.as_deref(), REQUESTS_SHOWN).await?;
    let out = projects
        .into_iter()
        .filter_map(|p| {
            let n = p.network_id?;
            Some(NetworkRequest {
                id: p.id,
                url: format!("/projets/{}", p.slug),
                network_id: n,
                network_name: names
                    .iter()
                    .find(|x| x.id == n)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                name: p.name,
                slug: p.slug,
            })
        })
        .collect();
    Ok((out, total))
}
