//! The advisors' dashboard: every project followed by a network the person administers
//! (every project for an instance admin), its current phase and completion, its next
//! deadlines (funding applications, phase ends, action items of its groups) and what is
//! overdue (action items past due and not done, phases past their end and not complete,
//! applications still in draft or submitted past their deadline).

use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult};
use crate::projects::model::dashboard::{
    CurrentPhase, DashboardOut, Deadline, DeadlineKind, Filter, FollowedProject, NetworkRequest,
};
use crate::projects::model::{self, NetworkStatus, Project};
use crate::projects::repo;
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

/// Does `who` follow this project as an advisor? (A network follows a project once its admins
/// accepted the request.)
fn follows(who: &Principal, p: &Project) -> bool {
    if who.is_instance_admin() {
        return true;
    }
    p.followed_by().is_some_and(|n| {
        authorize(Some(who), Action::ManageNetwork, &Target::Network(n.get())).is_ok()
    })
}

/// The dashboard of `who`, filtered.
pub async fn build(state: &AppState, who: &Principal, f: &Filter) -> AppResult<DashboardOut> {
    let db = &state.db;
    let today = super::today(state);
    let networks = crate::tenancy::repo::networks(db).await?;
    let mut out = Vec::new();
    for p in repo::all_projects(db).await? {
        if !follows(who, &p)
            || f.network.is_some_and(|n| p.network_id != Some(n))
            || f.status.is_some_and(|s| p.status != s)
        {
            continue;
        }
        let phases = repo::phases(db, p.id).await?;
        let mut dated: Vec<Deadline> = Vec::new();
        for a in repo::fundings(db, p.id).await? {
            if let (Some(d), true) = (&a.deadline, a.status.is_open()) {
                dated.push(Deadline {
                    kind: DeadlineKind::Funding,
                    label: a.funder.clone(),
                    date: d.clone(),
                    url: format!("/projets/{}/financement", p.slug),
                });
            }
        }
        for ph in &phases {
            if let (Some(d), true) = (&ph.ends_on, ph.completion < 100) {
                dated.push(Deadline {
                    kind: DeadlineKind::Phase,
                    label: format!("{}. {}", ph.position, ph.title),
                    date: d.clone(),
                    url: format!("/projets/{}#phases-h", p.slug),
                });
            }
        }
        for g in crate::groups::service::groups_of_project(db, p.id).await? {
            for a in crate::groups::service::actions_of_group(db, g.id).await? {
                if let (Some(d), true) = (
                    &a.due_on,
                    a.status != crate::groups::model::ActionItemStatus::Done,
                ) {
                    dated.push(Deadline {
                        kind: DeadlineKind::Action,
                        label: format!("{} ({})", a.title, g.name),
                        date: d.clone(),
                        url: a
                            .meeting_id
                            .map(|m| format!("/reunions/{m}"))
                            .unwrap_or_else(|| format!("/groupes/{}", g.slug)),
                    });
                }
            }
        }
        dated.sort_by(|a, b| a.date.cmp(&b.date).then(a.label.cmp(&b.label)));
        let (overdue, next): (Vec<Deadline>, Vec<Deadline>) =
            dated.into_iter().partition(|d| d.date < today);
        let current = model::current_phase(&phases).map(|ph| CurrentPhase {
            position: ph.position,
            title: ph.title.clone(),
            completion: ph.completion,
        });
        out.push(FollowedProject {
            id: p.id,
            url: format!("/projets/{}", p.slug),
            network_name: p
                .network_id
                .and_then(|n| networks.iter().find(|x| x.id == n).map(|x| x.name.clone())),
            current_phase: current,
            phases_done: phases.iter().filter(|ph| ph.completion >= 100).count() as i64,
            phases_total: phases.len() as i64,
            completion: model::overall_completion(&phases),
            next_deadlines: next.into_iter().take(10).collect(),
            overdue,
            network_id: p.network_id,
            status: p.status,
            name: p.name,
            slug: p.slug,
        });
    }
    Ok(DashboardOut {
        today,
        projects: out,
        requests: requests(state, who).await?,
    })
}

/// The requests to follow a project addressed to a network `who` administers (every network
/// for an instance admin), waiting for an answer.
pub async fn requests(state: &AppState, who: &Principal) -> AppResult<Vec<NetworkRequest>> {
    let networks = crate::tenancy::repo::networks(&state.db).await?;
    let mut out = Vec::new();
    for p in repo::all_projects(&state.db).await? {
        let (Some(n), Some(NetworkStatus::Requested)) = (p.network_id, p.network_status) else {
            continue;
        };
        if authorize(Some(who), Action::ManageNetwork, &Target::Network(n.get())).is_err() {
            continue;
        }
        out.push(NetworkRequest {
            id: p.id,
            url: format!("/projets/{}", p.slug),
            network_id: n,
            network_name: networks
                .iter()
                .find(|x| x.id == n)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            name: p.name,
            slug: p.slug,
        });
    }
    Ok(out)
}
