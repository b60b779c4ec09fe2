//! JSON shapes shared by several files of the API (a project, its phases and funding
//! summary, a budget line), built from the model's rows.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{
    self, BudgetKind, BudgetLine, FundingApplication, NetworkStatus, Phase, Project, ProjectStatus,
};
use crate::ids::{NetworkId, ProjectId};

#[derive(Serialize, ToSchema)]
pub struct PhaseOut {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub objectives: Vec<String>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    /// 0–100; 100 means done.
    pub completion: i64,
    pub done: bool,
    pub support_level: String,
}

pub fn phase_out(p: Phase) -> PhaseOut {
    PhaseOut {
        objectives: model::lines(&p.objectives),
        done: p.completion >= 100,
        id: p.id,
        position: p.position,
        title: p.title,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        completion: p.completion,
        support_level: p.support_level,
    }
}

#[derive(Serialize, ToSchema)]
pub struct FundingSummary {
    pub investment_cents: i64,
    pub operation_cents: i64,
    pub budget_cents: i64,
    pub requested_cents: i64,
    /// Granted by applications `granted` or `paid`.
    pub granted_cents: i64,
    /// French writing of `granted_cents`, e.g. "121 801,85 €".
    pub granted: String,
    pub budget: String,
    /// Left to fund: `budget_cents − granted_cents`, never below zero.
    pub left_cents: i64,
    /// French writing of `left_cents` ("reste à financer").
    pub left: String,
    /// By how much `requested_cents` exceeds `budget_cents` (0 when it does not, or without a
    /// budget).
    pub over_budget_cents: i64,
    /// Granted / budget, e.g. "80,0 %" (absent without a budget).
    pub cofinancing_rate: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ProjectOut {
    pub id: ProjectId,
    pub name: String,
    pub slug: String,
    pub communes: String,
    pub epci: String,
    pub departement: String,
    pub holders: Vec<String>,
    pub intent: String,
    pub uses: Vec<String>,
    pub status: ProjectStatus,
    pub public: bool,
    /// The network the project asked to be followed by.
    pub network_id: Option<NetworkId>,
    /// That network's answer: `requested` (waiting), `accepted` (its admins advise the project
    /// and its workshops are in the network's agenda) or `refused`; null without network.
    /// Read-only: a `PUT` ignores it.
    pub network_status: Option<NetworkStatus>,
    pub url: String,
    pub phases: Vec<PhaseOut>,
    pub funding: FundingSummary,
}

/// A project with its phases and the totals of its funding plan.
pub fn project_out(
    p: Project,
    phases: Vec<Phase>,
    apps: &[FundingApplication],
    lines: &[BudgetLine],
) -> ProjectOut {
    let t = model::totals(apps, lines);
    ProjectOut {
        url: format!("/projets/{}", p.slug),
        holders: p.holder_list(),
        uses: p.use_list(),
        phases: phases.into_iter().map(phase_out).collect(),
        funding: FundingSummary {
            investment_cents: t.investment_cents,
            operation_cents: t.operation_cents,
            budget_cents: t.budget_cents,
            requested_cents: t.requested_cents,
            granted_cents: t.granted_cents,
            granted: crate::money::format_eur(t.granted_cents),
            budget: crate::money::format_eur(t.budget_cents),
            left_cents: t.left_cents,
            left: crate::money::format_eur(t.left_cents),
            over_budget_cents: t.over_budget_cents,
            cofinancing_rate: t.rate_permille.map(model::format_rate),
        },
        id: p.id,
        name: p.name,
        slug: p.slug,
        communes: p.communes,
        epci: p.epci,
        departement: p.departement,
        intent: p.intent,
        status: p.status,
        public: p.public,
        network_id: p.network_id,
        network_status: p.network_status,
    }
}

#[derive(Deserialize, ToSchema)]
pub struct BudgetLineIn {
    /// `investment` or `operation`: read by the service with the other fields, so that an
    /// unknown kind is reported along with their errors.
    #[schema(value_type = BudgetKind)]
    pub kind: String,
    pub label: String,
    pub amount_cents: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BudgetLineOut {
    pub id: i64,
    pub kind: BudgetKind,
    pub label: String,
    pub amount_cents: i64,
}

pub fn budget_out(l: BudgetLine) -> BudgetLineOut {
    BudgetLineOut {
        id: l.id,
        kind: l.kind,
        label: l.label,
        amount_cents: l.amount_cents,
    }
}
