//! Rows, choices, the default phase template, the canvas blocks, the funding arithmetic and
//! the checks of what holders type in (phases, applications, budget lines, the description).
//! Stakeholders and the public page have their own files below this one.

pub mod dashboard;
pub mod public;
pub mod stakeholders;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::ids::{NetworkId, ProjectId, UserId};

crate::choice! {
    /// Where a project stands.
    pub enum ProjectStatus {
        Idea = "idea",
        InProgress = "in_progress",
        Opened = "opened",
        Abandoned = "abandoned",
    }
}

crate::choice! {
    /// Where a project's request to be followed by a network stands: only an `accepted`
    /// project is in the network's agenda and dashboard, and gives its admins rights on it.
    pub enum NetworkStatus {
        Requested = "requested",
        Accepted = "accepted",
        Refused = "refused",
    }
}

crate::choice! {
    /// A network admin's answer to a project's request to be followed.
    pub enum NetworkDecision {
        Accept = "accept",
        Refuse = "refuse",
    }
}

crate::choice! {
    /// The programme a funding application answers.
    pub enum FundingProgramme {
        LeaderFeader = "leader_feader",
        Region = "region",
        Departement = "departement",
        FondationDeFrance = "fondation_de_france",
        AnctFabriques = "anct_fabriques",
        Other = "other",
    }
}

crate::choice! {
    /// Where a funding application stands.
    pub enum FundingStatus {
        Draft = "draft",
        Submitted = "submitted",
        Granted = "granted",
        Refused = "refused",
        Paid = "paid",
    }
}

impl FundingStatus {
    /// Granted and paid applications count as secured funding.
    pub fn is_secured(self) -> bool {
        matches!(self, FundingStatus::Granted | FundingStatus::Paid)
    }
    /// Applications not decided yet (draft or submitted) get reminders and deadlines.
    pub fn is_open(self) -> bool {
        matches!(self, FundingStatus::Draft | FundingStatus::Submitted)
    }
}

crate::choice! {
    /// A line of the budget: an investment or an operating cost.
    pub enum BudgetKind {
        Investment = "investment",
        Operation = "operation",
    }
}

crate::choice! {
    /// What a line of a project's timeline tells: the kinds recorded in `project_events`
    /// with the change, and those read from rows that carry who and when.
    pub enum TimelineKind {
        ProjectCreated = "project_created",
        ProjectUpdated = "project_updated",
        PhaseProgress = "phase_progress",
        CanvasVersion = "canvas_version",
        FundingCreated = "funding_created",
        FundingStatus = "funding_status",
        FundingDeleted = "funding_deleted",
        BudgetAdded = "budget_added",
        BudgetUpdated = "budget_updated",
        BudgetDeleted = "budget_deleted",
        MeetingHeld = "meeting_held",
        MinutesPublished = "minutes_published",
        DocumentAdded = "document_added",
        StakeholderAdded = "stakeholder_added",
        MemberAdded = "member_added",
        MemberRemoved = "member_removed",
    }
}

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
    pub id: ProjectId,
    pub name: String,
    pub slug: String,
    pub communes: String,
    pub epci: String,
    pub departement: String,
    pub holders: String,
    pub intent: String,
    pub uses: String,
    pub status: ProjectStatus,
    pub public: bool,
    pub network_id: Option<NetworkId>,
    pub created_by: Option<UserId>,
    pub created_at: i64,
    /// The network's answer to the request to follow the project (`None` without network).
    pub network_status: Option<NetworkStatus>,
}

impl Project {
    /// The network that follows the project: named, and accepted by its admins.
    pub fn followed_by(&self) -> Option<NetworkId> {
        self.network_id
            .filter(|_| self.network_status == Some(NetworkStatus::Accepted))
    }

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
    pub project_id: ProjectId,
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
    pub network_id: NetworkId,
    pub position: i64,
    pub title: String,
    pub objectives: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CanvasVersion {
    pub id: i64,
    pub project_id: ProjectId,
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
    pub project_id: ProjectId,
    pub funder: String,
    pub programme: FundingProgramme,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: FundingStatus,
    pub deadline: Option<String>,
    pub created_at: i64,
}

impl FundingApplication {
    /// Granted and paid applications count as secured funding.
    pub fn secured(&self) -> bool {
        self.status.is_secured()
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BudgetLine {
    pub id: i64,
    pub project_id: ProjectId,
    pub kind: BudgetKind,
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
    /// Left to fund: budget − granted, never below zero.
    pub left_cents: i64,
    /// By how much the sum requested exceeds the budget (zero when it does not, or without a
    /// budget): the plan asks for more than it needs.
    pub over_budget_cents: i64,
    /// Granted / budget in tenths of a percent (`None` without a budget).
    pub rate_permille: Option<i64>,
}

pub fn totals(apps: &[FundingApplication], lines: &[BudgetLine]) -> FundingTotals {
    let sum = |kind: BudgetKind| -> i64 {
        lines
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.amount_cents)
            .sum()
    };
    let investment_cents = sum(BudgetKind::Investment);
    let operation_cents = sum(BudgetKind::Operation);
    let budget_cents = investment_cents + operation_cents;
    let granted_cents = apps
        .iter()
        .filter(|a| a.secured())
        .map(|a| a.amount_granted_cents)
        .sum();
    let requested_cents: i64 = apps.iter().map(|a| a.amount_requested_cents).sum();
    FundingTotals {
        investment_cents,
        operation_cents,
        budget_cents,
        requested_cents,
        granted_cents,
        left_cents: (budget_cents - granted_cents).max(0),
        over_budget_cents: if budget_cents > 0 {
            (requested_cents - budget_cents).max(0)
        } else {
            0
        },
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

/// Secured funding by programme, largest first (equal amounts by the programme's text):
/// (programme, cents).
pub fn by_source(apps: &[FundingApplication]) -> Vec<(FundingProgramme, i64)> {
    let mut m: BTreeMap<FundingProgramme, i64> = BTreeMap::new();
    for a in apps.iter().filter(|a| a.secured()) {
        *m.entry(a.programme).or_default() += a.amount_granted_cents;
    }
    let mut v: Vec<(FundingProgramme, i64)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
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

// ---- phases ----

/// At most this many phases in a template or a project.
pub const MAX_PHASES: usize = 20;

/// The seeds' four phases, as (title, objectives) rows.
pub fn default_template() -> Vec<(String, String)> {
    DEFAULT_PHASES
        .iter()
        .map(|(t, o)| (t.to_string(), o.to_string()))
        .collect()
}

/// Validates a template: 1–20 phases, each a title (1–200 characters) and objectives (one per
/// line). Rows without a title and without objectives are ignored.
pub fn check_template(rows: &[(String, String)]) -> AppResult<Vec<(String, String)>> {
    let mut errors = FieldErrors::default();
    let mut out = Vec::new();
    for (title, objectives) in rows {
        if title.trim().is_empty() && objectives.trim().is_empty() {
            continue;
        }
        let t = parse_label(title, "phases", &mut errors);
        let o = parse_text(objectives, "phases", &mut errors);
        if let Some(t) = t {
            out.push((t, lines(&o).join("\n")));
        }
    }
    if out.len() > MAX_PHASES {
        errors.add("phases", "projects-too-many-phases");
    }
    errors.into_result()?;
    Ok(out)
}

pub struct PhaseInput<'a> {
    pub objectives: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub completion: i64,
    pub support_level: &'a str,
}

pub fn apply_phase(ph: &mut Phase, input: PhaseInput<'_>) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    let objectives = parse_text(input.objectives, "objectives", &mut errors);
    let starts = crate::form::parse::parse_date(input.starts_on, "starts_on", &mut errors);
    let ends = crate::form::parse::parse_date(input.ends_on, "ends_on", &mut errors);
    if !(0..=100).contains(&input.completion) {
        errors.add("completion", "projects-completion-invalid");
    }
    let support = parse_text(input.support_level, "support_level", &mut errors);
    if let (Some(s), Some(e)) = (&starts, &ends) {
        if e < s {
            errors.add("ends_on", "projects-dates-order");
        }
    }
    errors.into_result()?;
    ph.objectives = objectives;
    ph.starts_on = starts;
    ph.ends_on = ends;
    ph.completion = input.completion;
    ph.support_level = support;
    Ok(())
}

/// The phase in progress: the first one (in order) not complete; `None` when all are done.
pub fn current_phase(phases: &[Phase]) -> Option<&Phase> {
    phases.iter().find(|p| p.completion < 100)
}

/// Mean completion of the phases, in percent.
pub fn overall_completion(phases: &[Phase]) -> i64 {
    if phases.is_empty() {
        return 0;
    }
    phases.iter().map(|p| p.completion).sum::<i64>() / phases.len() as i64
}

pub fn phase_dates(ph: &Phase) -> String {
    let fr = |s: &Option<String>| {
        s.as_deref()
            .and_then(|x| chrono::NaiveDate::parse_from_str(x, "%Y-%m-%d").ok())
            .map(|x| x.format("%d/%m/%Y").to_string())
    };
    match (fr(&ph.starts_on), fr(&ph.ends_on)) {
        (Some(s), Some(e)) => format!("{s} → {e}"),
        (Some(s), None) => format!("{s} →"),
        (None, Some(e)) => format!("→ {e}"),
        (None, None) => String::new(),
    }
}

// ---- funding plan ----

/// An application as a form or a JSON body sends it: `programme` and `status` are the texts
/// typed or sent, checked with the other fields so that every error is reported at once.
pub struct FundingInput<'a> {
    pub funder: &'a str,
    pub programme: &'a str,
    pub amount_requested_cents: i64,
    pub amount_granted_cents: i64,
    pub status: &'a str,
    pub deadline: &'a str,
}

pub struct CheckedFunding {
    pub funder: String,
    pub programme: FundingProgramme,
    pub requested: i64,
    pub granted: i64,
    pub status: FundingStatus,
    pub deadline: Option<String>,
}

pub fn check_funding(input: &FundingInput<'_>) -> AppResult<CheckedFunding> {
    let mut errors = FieldErrors::default();
    let funder = parse_label(input.funder, "funder", &mut errors);
    let programme = parse_enum::<FundingProgramme>(input.programme, "programme", &mut errors);
    let requested = parse_cents(
        input.amount_requested_cents,
        "amount_requested_cents",
        &mut errors,
    );
    let granted = parse_cents(
        input.amount_granted_cents,
        "amount_granted_cents",
        &mut errors,
    );
    let status = parse_enum::<FundingStatus>(input.status, "status", &mut errors);
    let deadline = crate::form::parse::parse_date(input.deadline, "deadline", &mut errors);
    match (funder, programme, status, errors.is_empty()) {
        (Some(funder), Some(programme), Some(status), true) => Ok(CheckedFunding {
            funder,
            programme,
            requested,
            granted,
            status,
            deadline,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Checks a budget line as typed or sent (`kind` its text): the line, not saved yet (`id` 0).
pub fn check_budget_line(kind: &str, label: &str, amount_cents: i64) -> AppResult<BudgetLine> {
    let mut errors = FieldErrors::default();
    let kind = parse_enum::<BudgetKind>(kind, "kind", &mut errors);
    let label = parse_label(label, "label", &mut errors);
    let amount = parse_cents(amount_cents, "amount_cents", &mut errors);
    match (kind, label, errors.is_empty()) {
        (Some(kind), Some(label), true) => Ok(BudgetLine {
            id: 0,
            project_id: ProjectId(0),
            kind,
            label,
            amount_cents: amount,
            created_at: 0,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

pub const DEADLINE_JOB: &str = "funding_deadline_reminder";
/// Days before the deadline when the holders are reminded.
pub const REMINDER_DAYS: [i64; 2] = [7, 1];

/// 8:00 (Paris) `days` before `deadline`.
pub fn reminder_at(deadline: &str, days: i64) -> Option<i64> {
    let d = NaiveDate::parse_from_str(deadline, "%Y-%m-%d").ok()?;
    let local = (d - Duration::days(days)).and_hms_opt(8, 0, 0)?;
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.timestamp_millis())
}

// ---- the project's description and holders ----

/// The project's description as a form or a JSON body sends it.
#[derive(Deserialize, Default, ToSchema)]
pub struct ProjectEdit {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub communes: String,
    #[serde(default)]
    pub epci: String,
    #[serde(default)]
    pub departement: String,
    /// Holder organizations, one per line.
    #[serde(default)]
    pub holders: String,
    /// Rich text (sanitized).
    #[serde(default)]
    pub intent: String,
    /// Planned uses, one per line.
    #[serde(default)]
    pub uses: String,
    /// `idea`, `in_progress`, `opened`, `abandoned`: the text as typed, checked by
    /// `service::edit` with the other fields.
    #[serde(default)]
    #[schema(value_type = ProjectStatus)]
    pub status: String,
    /// The network that follows the project (empty: none).
    #[serde(default)]
    pub network_id: String,
    /// Shown to everyone (a form sends it when checked).
    #[serde(default)]
    pub public: Option<String>,
}

impl ProjectEdit {
    /// The form filled with the project as it is.
    pub fn of(p: &Project) -> ProjectEdit {
        ProjectEdit {
            name: p.name.clone(),
            communes: p.communes.clone(),
            epci: p.epci.clone(),
            departement: p.departement.clone(),
            holders: p.holders.clone(),
            intent: p.intent.clone(),
            uses: p.uses.clone(),
            status: p.status.to_string(),
            network_id: p.network_id.map(|n| n.to_string()).unwrap_or_default(),
            public: p.public.then(|| "1".to_string()),
        }
    }
}

/// What adding a holder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Added {
    /// Already a holder (the caller sees the holders and their addresses: nothing learnt).
    AlreadyMember,
    /// An invitation was emailed, whether or not an account has this address: no one becomes
    /// a holder without accepting it (no account oracle, no membership without consent).
    Invited,
}

// ---- the project's groups ----

/// The name of the focus group of a planned use.
pub fn focus_name(use_name: &str, project: &str) -> String {
    let full = format!("Usage « {use_name} » – {project}");
    full.chars().take(200).collect()
}

/// The name of the holders' group.
pub fn holders_name(project: &str) -> String {
    format!("Porteurs – {project}").chars().take(200).collect()
}

/// The purpose of the holders' group (to be sanitized).
pub fn holders_purpose(project: &str) -> String {
    format!("<p>Le groupe des porteurs du projet « {project} ».</p>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(programme: FundingProgramme, granted: i64, status: FundingStatus) -> FundingApplication {
        FundingApplication {
            id: 0,
            project_id: ProjectId(0),
            funder: String::new(),
            programme,
            amount_requested_cents: granted,
            amount_granted_cents: granted,
            status,
            deadline: None,
            created_at: 0,
        }
    }

    #[test]
    fn riez_figures() {
        let apps = [
            app(
                FundingProgramme::LeaderFeader,
                7_488_110,
                FundingStatus::Granted,
            ),
            app(FundingProgramme::Region, 4_692_075, FundingStatus::Paid),
            app(FundingProgramme::Other, 100, FundingStatus::Refused),
        ];
        let line = |kind: BudgetKind, c: i64| BudgetLine {
            id: 0,
            project_id: ProjectId(0),
            kind,
            label: String::new(),
            amount_cents: c,
            created_at: 0,
        };
        let t = totals(
            &apps,
            &[
                line(BudgetKind::Investment, 12_000_000),
                line(BudgetKind::Operation, 3_225_231),
            ],
        );
        assert_eq!(
            crate::money::format_eur(t.granted_cents),
            "121\u{202f}801,85 €"
        );
        assert_eq!(t.budget_cents, 15_225_231);
        // Left to fund: 152 252,31 € − 121 801,85 €, to the cent; nothing asked beyond it.
        assert_eq!(t.left_cents, 3_045_046);
        assert_eq!(t.over_budget_cents, 0);
        let over = totals(
            &[app(FundingProgramme::Region, 500, FundingStatus::Submitted)],
            &[line(BudgetKind::Investment, 300)],
        );
        assert_eq!((over.left_cents, over.over_budget_cents), (300, 200));
        assert_eq!(format_rate(t.rate_permille.unwrap()), "80,0\u{a0}%");
        assert_eq!(rate_permille(1, 3), Some(333));
        assert_eq!(rate_permille(2, 3), Some(667));
        assert_eq!(rate_permille(5, 0), None);
        assert_eq!(by_source(&apps)[0].0, FundingProgramme::LeaderFeader);
        assert_eq!(bar_class(4_692_075, 7_488_110), "bar-60");
        assert_eq!(bar_class(0, 10), "bar-0");
    }

    fn phase(position: i64, completion: i64) -> Phase {
        Phase {
            id: position,
            project_id: ProjectId(1),
            position,
            title: format!("Phase {position}"),
            objectives: String::new(),
            starts_on: Some("2025-07-01".into()),
            ends_on: None,
            completion,
            support_level: String::new(),
        }
    }

    #[test]
    fn current_phase_and_completion() {
        let phases = [phase(1, 100), phase(2, 60), phase(3, 0), phase(4, 0)];
        assert_eq!(current_phase(&phases).map(|p| p.position), Some(2));
        assert_eq!(overall_completion(&phases), 40);
        let done = [phase(1, 100), phase(2, 100)];
        assert!(current_phase(&done).is_none());
        assert_eq!(overall_completion(&[]), 0);
        assert_eq!(phase_dates(&phases[0]), "01/07/2025 →");
    }

    #[test]
    fn closed_lists_keep_their_stored_texts() {
        assert_eq!(
            ProjectStatus::TEXTS,
            &["idea", "in_progress", "opened", "abandoned"]
        );
        assert_eq!(
            FundingProgramme::TEXTS,
            &[
                "leader_feader",
                "region",
                "departement",
                "fondation_de_france",
                "anct_fabriques",
                "other"
            ]
        );
        assert_eq!(
            FundingStatus::TEXTS,
            &["draft", "submitted", "granted", "refused", "paid"]
        );
        assert_eq!(BudgetKind::TEXTS, &["investment", "operation"]);
        assert_eq!(TimelineKind::TEXTS.len(), 16);
        assert_eq!(TimelineKind::PhaseProgress.as_str(), "phase_progress");
        assert!(FundingStatus::Paid.is_secured() && !FundingStatus::Submitted.is_secured());
        assert!(FundingStatus::Draft.is_open() && !FundingStatus::Granted.is_open());
    }

    #[test]
    fn funding_texts_are_parsed_with_the_other_fields() {
        let input = |programme, status| FundingInput {
            funder: "",
            programme,
            amount_requested_cents: -1,
            amount_granted_cents: 0,
            status,
            deadline: "",
        };
        let Err(AppError::Invalid(e)) = check_funding(&input("loto", "won")) else {
            panic!("must fail")
        };
        for f in ["funder", "programme", "amount_requested_cents", "status"] {
            assert!(e.has(f), "{f}");
        }
        assert_eq!(e.get("programme"), Some("field-invalid-choice"));
        let ok = check_funding(&FundingInput {
            funder: "Région Sud",
            amount_requested_cents: 5,
            ..input(" region ", "paid")
        })
        .unwrap();
        assert_eq!(ok.programme, FundingProgramme::Region);
        assert_eq!(ok.status, FundingStatus::Paid);
        let line = check_budget_line("operation", "Animation", 100).unwrap();
        assert_eq!(line.kind, BudgetKind::Operation);
        let Err(AppError::Invalid(e)) = check_budget_line("party", "", -1) else {
            panic!("must fail")
        };
        assert_eq!(e.get("kind"), Some("field-invalid-choice"));
        assert!(e.has("label") && e.has("amount_cents"));
    }
}
