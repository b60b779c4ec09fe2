//! What several pages of projects use: the project of the address when the visitor may see,
//! manage or work in it, translated labels, the funding summary and euro amounts in forms.

use crate::auth::policy::Target;
use crate::auth::Ctx;
use crate::error::{AppResult, FieldErrors};
use crate::money::format_eur;
use crate::projects::model::{
    self, BudgetKind, BudgetLine, FundingApplication, FundingProgramme, FundingStatus, Project,
    ProjectStatus,
};
use crate::projects::{repo, service};
use crate::state::AppState;
use crate::web::Chrome;

/// The project of this slug when the visitor may see it (404 otherwise).
pub async fn visible(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<(Project, Target)> {
    let p = repo::project_by_slug(&state.db, slug).await?;
    service::visible(state, ctx.user.as_ref(), p).await
}

/// The project of this slug when the visitor manages it (401 anonymous).
pub async fn managed(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<(Project, Target)> {
    ctx.require_user()?;
    let p = repo::project_by_slug(&state.db, slug).await?;
    service::managed(state, ctx.user.as_ref(), p).await
}

/// The project of this slug when the visitor holds or advises it (the workspace: 404 for
/// anyone else signed in, 401 anonymous).
pub async fn member_area(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Project> {
    let p = repo::project_by_slug(&state.db, slug).await?;
    service::member_of(state, ctx.user.as_ref(), p).await
}

pub fn status_label(c: &Chrome, s: ProjectStatus) -> String {
    c.t(&format!("projects-status-{}", s.as_str().replace('_', "-")))
}
pub fn programme_label(c: &Chrome, s: FundingProgramme) -> String {
    c.t(&format!(
        "projects-programme-{}",
        s.as_str().replace('_', "-")
    ))
}
pub fn funding_status_label(c: &Chrome, s: FundingStatus) -> String {
    c.t(&format!("projects-funding-status-{s}"))
}
pub fn budget_kind_label(c: &Chrome, k: BudgetKind) -> String {
    c.t(&format!("projects-budget-{k}"))
}
pub fn block_label(c: &Chrome, s: &str) -> String {
    c.t(&format!("projects-block-{}", s.replace('_', "-")))
}

pub struct SourceBar {
    pub label: String,
    pub amount: String,
    pub bar: String,
}

pub struct FundingView {
    pub investment: String,
    pub operation: String,
    pub budget: String,
    pub requested: String,
    pub granted: String,
    /// Left to fund: budget − granted.
    pub left: String,
    /// The sentence saying by how much the requests exceed the budget, when they do.
    pub over_budget: Option<String>,
    pub rate: String,
    pub sources: Vec<SourceBar>,
    /// The stacked bars of the plan (budget as granted and left to fund, requested), an SVG
    /// with its title and description; empty without budget nor request.
    pub chart: String,
}

pub fn funding_view(c: &Chrome, apps: &[FundingApplication], lines: &[BudgetLine]) -> FundingView {
    let t = model::totals(apps, lines);
    let sources = model::by_source(apps);
    let max = sources.first().map(|s| s.1).unwrap_or(0);
    FundingView {
        investment: format_eur(t.investment_cents),
        operation: format_eur(t.operation_cents),
        budget: format_eur(t.budget_cents),
        requested: format_eur(t.requested_cents),
        granted: format_eur(t.granted_cents),
        left: format_eur(t.left_cents),
        over_budget: (t.over_budget_cents > 0).then(|| {
            c.lang.ta(
                "charts-over-budget",
                &[
                    ("requested", format_eur(t.requested_cents).as_str()),
                    ("budget", format_eur(t.budget_cents).as_str()),
                    ("over", format_eur(t.over_budget_cents).as_str()),
                ],
            )
        }),
        chart: funding_chart(c, &t),
        rate: t
            .rate_permille
            .map(model::format_rate)
            .unwrap_or_else(|| "—".into()),
        sources: sources
            .into_iter()
            .map(|(p, cents)| SourceBar {
                label: programme_label(c, p),
                amount: format_eur(cents),
                bar: model::bar_class(cents, max),
            })
            .collect(),
    }
}

/// An optional amount typed in euros: empty is zero.
pub fn euros(raw: &str, field: &'static str, errors: &mut FieldErrors) -> i64 {
    if raw.trim().is_empty() {
        return 0;
    }
    match crate::money::parse_eur(raw) {
        Ok(c) if c >= 0 => c,
        _ => {
            errors.add(field, "projects-amount-invalid");
            0
        }
    }
}

/// Cents as typed in a form (`1234,50`).
pub fn euros_text(cents: i64) -> String {
    crate::money::format_amount(cents)
}

/// The funding plan as stacked bars on one scale: the budget split into what is granted and
/// what is left to fund, and beside it the sum requested (the figures are also in the
/// summary's list, and said in the chart's description).
fn funding_chart(c: &Chrome, t: &model::FundingTotals) -> String {
    if t.budget_cents <= 0 && t.requested_cents <= 0 {
        return String::new();
    }
    let eur = |v: f64| format_eur(v.round() as i64);
    let granted_in_budget = t.granted_cents.min(t.budget_cents.max(0));
    let series = [
        c.t("charts-funding-granted"),
        c.t("charts-funding-left"),
        c.t("charts-funding-requested"),
    ];
    let rows = [
        (
            c.t("charts-funding-budget"),
            vec![granted_in_budget as f64, t.left_cents as f64, 0.0],
        ),
        (
            c.t("charts-funding-requests"),
            vec![0.0, 0.0, t.requested_cents as f64],
        ),
    ];
    let desc = c.lang.ta(
        "charts-funding-desc",
        &[
            ("budget", format_eur(t.budget_cents).as_str()),
            ("granted", format_eur(t.granted_cents).as_str()),
            ("left", format_eur(t.left_cents).as_str()),
            ("requested", format_eur(t.requested_cents).as_str()),
        ],
    );
    crate::chart::stacked_amounts(
        "funding-chart",
        &c.t("charts-funding-title"),
        &desc,
        &series,
        &rows,
        &eur,
    )
}
