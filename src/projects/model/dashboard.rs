//! What the advisors' dashboard shows (the page and `GET /api/v1/projects/dashboard`) and its
//! filter.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ProjectStatus;
use crate::error::{AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::ids::{NetworkId, ProjectId};

crate::choice! {
    /// What a dated item of the dashboard is: an application's deadline, the end of a phase,
    /// or an action item of one of the project's groups.
    pub enum DeadlineKind {
        Funding = "funding",
        Phase = "phase",
        Action = "action",
    }
}

/// A dated item of a project: a deadline to come or one already missed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Deadline {
    /// `funding` (application deadline), `phase` (end of a phase) or `action` (action item
    /// of one of the project's groups).
    pub kind: DeadlineKind,
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
    pub id: ProjectId,
    pub name: String,
    pub slug: String,
    pub url: String,
    pub status: ProjectStatus,
    pub network_id: Option<NetworkId>,
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
    /// One page of the followed projects, by name ([`PER_PAGE`] a page).
    pub projects: Vec<FollowedProject>,
    /// Number of followed projects matching the filter (counted up to 10 000).
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Projects asking to be followed by a network the caller administers, waiting for an
    /// answer (`POST /api/v1/projects/{id}/network`): the first [`REQUESTS_SHOWN`] by name.
    pub requests: Vec<NetworkRequest>,
    /// Number of waiting requests (counted up to 10 000).
    pub requests_total: i64,
}

/// Followed projects a page of the dashboard shows.
pub const PER_PAGE: i64 = 30;
/// Waiting requests the dashboard shows.
pub const REQUESTS_SHOWN: i64 = 50;

/// A project asking a network to follow it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NetworkRequest {
    pub id: ProjectId,
    pub name: String,
    pub slug: String,
    pub url: String,
    pub network_id: NetworkId,
    pub network_name: String,
}

#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct DashboardQuery {
    /// Only the projects followed by this network.
    #[serde(default)]
    pub network: Option<String>,
    /// Only the projects of this status (`idea`, `in_progress`, `opened`, `abandoned`); an
    /// unknown one answers 422 on `status` (read by [`parse_filter`]).
    #[serde(default)]
    #[param(value_type = Option<ProjectStatus>)]
    pub status: Option<String>,
    /// The page of followed projects, from 1 (30 projects a page).
    #[serde(default)]
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
}

pub struct Filter {
    pub network: Option<NetworkId>,
    pub status: Option<ProjectStatus>,
    /// From 1.
    pub page: i64,
}

impl Filter {
    /// No filter, the first page.
    pub fn all() -> Filter {
        Filter {
            network: None,
            status: None,
            page: 1,
        }
    }
}

pub fn parse_filter(q: &DashboardQuery) -> AppResult<Filter> {
    let mut errors = FieldErrors::default();
    let network = match q.network.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match s.parse::<NetworkId>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("network", "projects-unknown-network");
                None
            }
        },
    };
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => parse_enum::<ProjectStatus>(s, "status", &mut errors),
    };
    let page = match q.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => n,
            _ => {
                errors.add("page", "field-invalid-number");
                1
            }
        },
    };
    errors.into_result()?;
    Ok(Filter {
        network,
        status,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn the_filter_reads_a_network_and_a_status() {
        let q = |network: &str, status: &str, page: &str| DashboardQuery {
            network: Some(network.into()),
            status: Some(status.into()),
            page: Some(page.into()),
        };
        let f = parse_filter(&q(" 7 ", "in_progress", "3")).unwrap();
        assert_eq!(f.network, Some(NetworkId(7)));
        assert_eq!(f.status, Some(ProjectStatus::InProgress));
        assert_eq!(f.page, 3);
        let f = parse_filter(&q("", "", "")).unwrap();
        assert!(f.network.is_none() && f.status.is_none());
        assert_eq!(f.page, 1);
        let Err(AppError::Invalid(e)) = parse_filter(&q("x", "flying", "0")) else {
            panic!("must fail")
        };
        assert_eq!(e.get("network"), Some("projects-unknown-network"));
        assert_eq!(e.get("status"), Some("field-invalid-choice"));
        assert_eq!(e.get("page"), Some("field-invalid-number"));
    }
}
