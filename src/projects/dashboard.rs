//! The advisors' dashboard, `/projets/suivi` and `GET /api/v1/projects/dashboard`: every
//! project followed by a network the person administers (every project for an instance
//! admin), its current phase and completion, its next deadlines (funding applications, phase
//! ends, action items of its groups) and what is overdue (action items past due and not done,
//! phases past their end and not complete, applications still in draft or submitted past
//! their deadline).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{self, Project};
use super::public;
use super::repo;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::{Ctx, Principal};
use crate::error::{ApiError, ApiResult, AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::web::{render, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new().route("/projets/suivi", get(dashboard_page))
}

/// A dated item of a project: a deadline to come or one already missed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Deadline {
    /// `funding` (application deadline), `phase` (end of a phase) or `action` (action item
    /// of one of the project's groups).
    pub kind: &'static str,
    pub label: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Where to act.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CurrentPhase {
    pub position: i64,
    pub title: String,
    /// 0–100.
    pub completion: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FollowedProject {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub url: String,
    /// `idea`, `in_progress`, `opened`, `abandoned`.
    pub status: String,
    pub network_id: Option<i64>,
    pub network_name: Option<String>,
    /// The first phase not complete (absent when every phase is done).
    pub current_phase: Option<CurrentPhase>,
    pub phases_done: i64,
    pub phases_total: i64,
    /// Mean completion of the phases, 0–100.
    pub completion: i64,
    /// Deadlines from today on, soonest first.
    pub next_deadlines: Vec<Deadline>,
    /// Missed deadlines, oldest first.
    pub overdue: Vec<Deadline>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DashboardOut {
    /// Today in Europe/Paris, `YYYY-MM-DD`: what is before is overdue.
    pub today: String,
    pub projects: Vec<FollowedProject>,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct DashboardQuery {
    /// Only the projects followed by this network.
    #[serde(default)]
    pub network: Option<String>,
    /// Only the projects of this status (`idea`, `in_progress`, `opened`, `abandoned`).
    #[serde(default)]
    pub status: Option<String>,
}

/// Advisors are network admins (and instance admins); others get 403, anonymous people 401.
fn advisor(ctx: &Ctx) -> AppResult<&Principal> {
    let who = ctx.require_user()?;
    if who.is_instance_admin() || !who.admin_networks().is_empty() {
        Ok(who)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Does `who` follow this project as an advisor?
fn follows(who: &Principal, p: &Project) -> bool {
    if who.is_instance_admin() {
        return true;
    }
    p.network_id
        .is_some_and(|n| authorize(Some(who), Action::ManageNetwork, &Target::Network(n)).is_ok())
}

struct Filter {
    network: Option<i64>,
    status: Option<&'static str>,
}

fn parse_filter(q: &DashboardQuery) -> AppResult<Filter> {
    let mut errors = FieldErrors::default();
    let network = match q.network.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("network", "projects-unknown-network");
                None
            }
        },
    };
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => crate::form::parse::parse_choice(s, &model::STATUSES, "status", &mut errors),
    };
    errors.into_result()?;
    Ok(Filter { network, status })
}

pub fn today(state: &AppState) -> String {
    state
        .clock
        .now()
        .with_timezone(&Paris)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// The dashboard of `who`, filtered.
async fn build(state: &AppState, who: &Principal, f: &Filter) -> AppResult<DashboardOut> {
    let db = &state.db;
    let today = today(state);
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
            if let (Some(d), true) = (
                &a.deadline,
                matches!(a.status.as_str(), "draft" | "submitted"),
            ) {
                dated.push(Deadline {
                    kind: "funding",
                    label: a.funder.clone(),
                    date: d.clone(),
                    url: format!("/projets/{}/financement", p.slug),
                });
            }
        }
        for ph in &phases {
            if let (Some(d), true) = (&ph.ends_on, ph.completion < 100) {
                dated.push(Deadline {
                    kind: "phase",
                    label: format!("{}. {}", ph.position, ph.title),
                    date: d.clone(),
                    url: format!("/projets/{}#phases-h", p.slug),
                });
            }
        }
        for g in public::groups_of(db, p.id).await? {
            for a in crate::groups::service::actions_of_group(db, g.id).await? {
                if let (Some(d), true) = (&a.due_on, a.status != "done") {
                    dated.push(Deadline {
                        kind: "action",
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
        let current = public::current_phase(&phases).map(|ph| CurrentPhase {
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
            completion: public::overall_completion(&phases),
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
    })
}

// ---- page ----

pub struct DeadlineView {
    pub kind: String,
    pub label: String,
    pub date: String,
    pub url: String,
}

pub struct ProjectRow {
    pub p: FollowedProject,
    pub phases_done: String,
    pub status: String,
    pub current: String,
    pub next: Vec<DeadlineView>,
    pub overdue: Vec<DeadlineView>,
}

#[derive(Template)]
#[template(path = "projects/dashboard.html")]
struct DashboardTpl {
    c: Chrome,
    rows: Vec<ProjectRow>,
    networks: Vec<(i64, String)>,
    statuses: Vec<(&'static str, String)>,
    network: String,
    status: String,
    count: String,
    overdue_total: String,
}

fn fr_date(d: &str) -> String {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(|x| x.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| d.to_string())
}

fn views(c: &Chrome, ds: &[Deadline]) -> Vec<DeadlineView> {
    ds.iter()
        .map(|d| DeadlineView {
            kind: c.t(&format!("projects-deadline-{}", d.kind)),
            label: d.label.clone(),
            date: fr_date(&d.date),
            url: d.url.clone(),
        })
        .collect()
}

async fn dashboard_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<DashboardQuery>,
) -> AppResult<Response> {
    let who = advisor(&ctx)?;
    let c = Chrome::new(&ctx, &headers, "projects-dashboard");
    // A filter that does not parse shows everything (the form only offers valid choices).
    let f = parse_filter(&q).unwrap_or(Filter {
        network: None,
        status: None,
    });
    let out = build(&state, who, &f).await?;
    let networks = crate::tenancy::repo::networks(&state.db)
        .await?
        .into_iter()
        .filter(|n| {
            who.is_instance_admin()
                || authorize(Some(who), Action::ManageNetwork, &Target::Network(n.id)).is_ok()
        })
        .map(|n| (n.id, n.name))
        .collect();
    let rows: Vec<ProjectRow> = out
        .projects
        .into_iter()
        .map(|p| ProjectRow {
            status: super::web::status_label(&c, &p.status),
            current: match &p.current_phase {
                Some(ph) => format!("{}. {} ({} %)", ph.position, ph.title, ph.completion),
                None => c.t("projects-all-phases-done"),
            },
            phases_done: c.lang.ta(
                "projects-phases-done",
                &[
                    ("done", &p.phases_done.to_string()),
                    ("total", &p.phases_total.to_string()),
                ],
            ),
            next: views(&c, &p.next_deadlines),
            overdue: views(&c, &p.overdue),
            p,
        })
        .collect();
    let overdue: usize = rows.iter().map(|r| r.overdue.len()).sum();
    render(&DashboardTpl {
        count: c.ta("projects-dashboard-count", "n", &rows.len().to_string()),
        overdue_total: if overdue > 0 {
            c.ta("projects-overdue-count", "n", &overdue.to_string())
        } else {
            String::new()
        },
        rows,
        networks,
        statuses: model::STATUSES
            .iter()
            .map(|s| (*s, super::web::status_label(&c, s)))
            .collect(),
        network: f.network.map(|n| n.to_string()).unwrap_or_default(),
        status: f.status.unwrap_or_default().to_string(),
        c,
    })
}

// ---- API ----

type E = crate::error::ApiErrorBody;

/// The advisor's dashboard: every project followed by a network the caller administers
/// (every project for an instance admin), its current phase, next deadlines and overdue items.
#[utoipa::path(
    get, path = "/api/v1/projects/dashboard", tag = "projets", operation_id = "projects_dashboard",
    params(DashboardQuery),
    responses(
        (status = 200, description = "Projets suivis", body = DashboardOut),
        (status = 401, description = "Non authentifié", body = E),
        (status = 403, description = "Réservé aux conseillers (administrateurs de réseau)", body = E),
        (status = 422, description = "Filtre invalide", body = E),
    ),
    security(("bearer" = []))
)]
pub async fn dashboard_json(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::form::Query(q): crate::form::Query<DashboardQuery>,
) -> ApiResult<Json<DashboardOut>> {
    crate::auth::api_user(&ctx)?;
    let who = advisor(&ctx).map_err(|e| ApiError(e, ctx.lang))?;
    let f = parse_filter(&q).map_err(|e| ApiError(e, ctx.lang))?;
    Ok(Json(build(&state, who, &f).await?))
}
