//! What the advisors' dashboard shows (the page and `GET /api/v1/projects/dashboard`) and its
//! filter.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{AppResult, FieldErrors};

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

pub struct Filter {
    pub network: Option<i64>,
    pub status: Option<&'static str>,
}

pub fn parse_filter(q: &DashboardQuery) -> AppResult<Filter> {
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
        Some(s) => crate::form::parse::parse_choice(s, &super::STATUSES, "status", &mut errors),
    };
    errors.into_result()?;
    Ok(Filter { network, status })
}
