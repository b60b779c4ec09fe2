//! Rows, choices, the default phase template, the canvas blocks and the funding arithmetic.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::error::FieldErrors;

pub const STATUSES: [&str; 4] = ["idea", "in_progress", "opened", "abandoned"];
pub const PROGRAMMES: [&str; 6] = [
    "leader_feader",
    "region",
    "departement",
    "fondation_de_france",
    "anct_fabriques",
    "other",
];
pub const FUNDING_STATUSES: [&str; 5] = ["draft", "submitted", "granted", "refused", "paid"];
pub const BUDGET_KINDS: [&str; 2] = ["investment", "operation"];

/// The default phases copied into each new project: title and objectives (one per line).
pub const DEFAULT_PHASES: [(&str, &str); 4] = [
    (
        "Diagnostic",
        "Valider le besoin\nIdentifier les communautés",
    ),
    (
        "Préfiguration et faisabilité",
        "Aligner les porteurs\nÉvaluer la faisabilité\nMonter en compétences",
    ),
    (
        "Programmation",
        "Élargir à la population\nProgramme réel\nPrémices de gouvernance",
    ),
    ("Ouverture", "Ouvrir le lieu"),
];

/// The 13 blocks of the Social Business Canvas, in reading order.
pub const CANVAS_BLOCKS: [&str; 13] = [
    "social_problem",
    "beneficiaries",
    "value_proposition",
    "solution",
    "key_activities",
    "key_resources",
    "partners",
    "channels",
    "segments",
    "costs",
    "revenues",
    "impact",
    "surplus",
];

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Project {
    pub id: i64,
    pub name: String,
    pub slug: String,
    pub communes: String,
    pub epci: String,
    pub departement: String,
    pub holders: String,
    pub intent: String,
    pub uses: String,
    pub status: String,
    pub public: bool,
    pub network_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: i64,
}

impl Project {
    pub fn holder_list(&self) -> Vec<String> {
        lines(&self.holders)
    }
    pub fn use_list(&self) -> Vec<String> {
        lines(&self.uses)
    }
}

pub fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Phase {
    pub id: i64,
    pub project_id: i64,
    pub position: i64,
    pub title: String,
    pub objectives: String,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub completion: i64,
    pub support_level: String,
}

/// A phase of a network's template, copied into the network's new projects.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TemplatePhase {
    pub id: i64,
    pub network_id: i64,
    pub position: i64,
    pub title: String,
    pub objectives: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CanvasVersion {
    pub id: i64,
    pub project_id: i64,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub blocks: String,
    pub created_at: i64,
}

impl CanvasVersion {
    /// The blocks, every one of the 13 present (empty when missing).
    pub fn block_map(&self) -> BTreeMap<String, String> {
        let stored: BTreeMap<String, String> =
            serde_json::from_str(&self.blocks).unwrap_or_default();
        CANVAS_BLOCKS
            .iter()
            .map(|k| (k.to_string(), stored.get(*k).cloned().unwrap_or_default()))
            .collect()
    }
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize, Deserialize)]
pub struct FundingApplication {
    pub id: i64,
    pub project_id: i64,
    pub funder: String,
    pub programme: String,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: String,
    pub deadline: Option<String>,
    pub created_at: i64,
}

impl FundingApplication {
    /// Granted and paid applications count as secured funding.
    pub fn secured(&self) -> bool {
        matches!(self.status.as_str(), "granted" | "paid")
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BudgetLine {
    pub id: i64,
    pub project_id: i64,
    pub kind: String,
    pub label: String,
    pub amount_cents: i64,
    pub created_at: i64,
}

/// Totals of a funding plan, exact to the cent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingTotals {
    pub investment_cents: i64,
    pub operation_cents: i64,
    pub budget_cents: i64,
    pub requested_cents: i64,
    pub granted_cents: i64,
    /// Granted / budget in tenths of a percent (`None` without a budget).
    pub rate_permille: Option<i64>,
}

pub fn totals(apps: &[FundingApplication], lines: &[BudgetLine]) -> FundingTotals {
    let sum = |kind: &str| -> i64 {
        lines
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.amount_cents)
            .sum()
    };
    let investment_cents = sum("investment");
    let operation_cents = sum("operation");
    let budget_cents = investment_cents + operation_cents;
    let granted_cents = apps
        .iter()
        .filter(|a| a.secured())
        .map(|a| a.amount_granted_cents)
        .sum();
    FundingTotals {
        investment_cents,
        operation_cents,
        budget_cents,
        requested_cents: apps.iter().map(|a| a.amount_requested_cents).sum(),
        granted_cents,
        rate_permille: rate_permille(granted_cents, budget_cents),
    }
}

/// `granted / budget` in tenths of a percent, rounded half up, in integers.
pub fn rate_permille(granted: i64, budget: i64) -> Option<i64> {
    if budget <= 0 {
        return None;
    }
    let g = i128::from(granted) * 1000;
    let b = i128::from(budget);
    Some(((g * 2 + b) / (b * 2)) as i64)
}

/// `800` → `"80,0 %"` (no-break space before the sign).
pub fn format_rate(permille: i64) -> String {
    format!("{},{}\u{a0}%", permille / 10, permille % 10)
}

/// Secured funding by programme, largest first: (programme, cents).
pub fn by_source(apps: &[FundingApplication]) -> Vec<(String, i64)> {
    let mut m: BTreeMap<String, i64> = BTreeMap::new();
    for a in apps.iter().filter(|a| a.secured()) {
        *m.entry(a.programme.clone()).or_default() += a.amount_granted_cents;
    }
    let mut v: Vec<(String, i64)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// A width class `bar-0`…`bar-100` (steps of 5) for a share of `max`.
pub fn bar_class(value: i64, max: i64) -> String {
    if max <= 0 || value <= 0 {
        return "bar-0".into();
    }
    let pct = (i128::from(value) * 100 / i128::from(max)) as i64;
    let step = ((pct + 2) / 5 * 5).clamp(5, 100);
    format!("bar-{step}")
}

/// A plain text of one line, 1–200 characters.
pub fn parse_label(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<String> {
    let t = raw.trim();
    if t.is_empty() {
        errors.add(field, "field-required");
        return None;
    }
    if t.chars().count() > 200 || t.chars().any(char::is_control) {
        errors.add(field, "field-too-long");
        return None;
    }
    Some(t.to_string())
}

/// A short text (territory, lists), at most 5 000 characters.
pub fn parse_text(raw: &str, field: &'static str, errors: &mut FieldErrors) -> String {
    let t = raw.trim();
    if t.chars().count() > 5000 {
        errors.add(field, "field-too-long");
        return String::new();
    }
    t.to_string()
}

/// An amount in cents: not negative, at most 10^13.
pub fn parse_cents(v: i64, field: &'static str, errors: &mut FieldErrors) -> i64 {
    if !(0..=10_000_000_000_000).contains(&v) {
        errors.add(field, "projects-amount-invalid");
        return 0;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(programme: &str, granted: i64, status: &str) -> FundingApplication {
        FundingApplication {
            id: 0,
            project_id: 0,
            funder: String::new(),
            programme: programme.into(),
            amount_requested_cents: granted,
            amount_granted_cents: granted,
            status: status.into(),
            deadline: None,
            created_at: 0,
        }
    }

    #[test]
    fn riez_figures() {
        let apps = [
            app("leader_feader", 7_488_110, "granted"),
            app("region", 4_692_075, "paid"),
            app("other", 100, "refused"),
        ];
        let line = |kind: &str, c: i64| BudgetLine {
            id: 0,
            project_id: 0,
            kind: kind.into(),
            label: String::new(),
            amount_cents: c,
            created_at: 0,
        };
        let t = totals(
            &apps,
            &[line("investment", 12_000_000), line("operation", 3_225_231)],
        );
        assert_eq!(
            crate::money::format_eur(t.granted_cents),
            "121\u{202f}801,85 €"
        );
        assert_eq!(t.budget_cents, 15_225_231);
        assert_eq!(format_rate(t.rate_permille.unwrap()), "80,0\u{a0}%");
        assert_eq!(rate_permille(1, 3), Some(333));
        assert_eq!(rate_permille(2, 3), Some(667));
        assert_eq!(rate_permille(5, 0), None);
        assert_eq!(by_source(&apps)[0].0, "leader_feader");
        assert_eq!(bar_class(4_692_075, 7_488_110), "bar-60");
        assert_eq!(bar_class(0, 10), "bar-0");
    }
}
