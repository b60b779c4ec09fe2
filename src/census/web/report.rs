//! The network's activity report ("rapport d'activité") over a period — six weeks unless
//! asked otherwise —, generated from the data without typing: a page (printable) and a CSV.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::Activity;
use super::super::service;
use crate::auth::Ctx;
use crate::chart::{self, fr_number};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::pdf::Block;
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::{render_status, Chrome};

/// Days a report covers unless asked otherwise (the funders' "every six weeks").
pub const DEFAULT_DAYS: i64 = 42;

#[derive(Deserialize, Default)]
pub(super) struct Period {
    #[serde(default)]
    du: Option<String>,
    #[serde(default)]
    au: Option<String>,
}

/// The period asked (`du`, `au`: days, both included), or the last six weeks to today:
/// (first day, last day, [from, to) instants), or the fields' errors.
fn period(
    q: &Period,
    today: chrono::NaiveDate,
) -> Result<(String, String, (i64, i64)), FieldErrors> {
    let mut e = FieldErrors::default();
    let mut day = |raw: Option<&str>, field: &'static str, default: chrono::NaiveDate| match raw
        .map(str::trim)
    {
        None | Some("") => default,
        Some(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => d,
            _ => {
                e.add(field, "census-date-invalid");
                default
            }
        },
    };
    let from = day(
        q.du.as_deref(),
        "du",
        today - chrono::Duration::days(DEFAULT_DAYS - 1),
    );
    let to = day(q.au.as_deref(), "au", today);
    if e.is_empty() && to < from {
        e.add("au", "census-period-invalid");
    }
    if e.is_empty() && (to - from).num_days() > 3 * 366 {
        e.add("au", "census-report-too-long");
    }
    if !e.is_empty() {
        return Err(e);
    }
    let fmt = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Ok((
        fmt(from),
        fmt(to),
        (
            crate::clock::paris_midnight(from),
            crate::clock::paris_midnight(to + chrono::Duration::days(1)),
        ),
    ))
}

async fn network_of(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Network> {
    let who = ctx.require_user()?;
    let n = crate::tenancy::repo::network_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_manage(Some(who), n.id) {
        return Err(AppError::NotFound);
    }
    Ok(n)
}

/// One line of the report: its message key and value as shown.
pub struct Line {
    pub key: &'static str,
    pub value: String,
}

fn lines(a: &Activity) -> Vec<Line> {
    let n = |key, v: i64| Line {
        key,
        value: fr_number(v as f64),
    };
    vec![
        n("census-report-events", a.events),
        n("census-report-trainings", a.trainings),
        n("census-report-registrations", a.registrations),
        n("census-report-participants", a.participants),
        n("census-report-bookings", a.bookings),
        Line {
            key: "census-report-occupancy",
            value: format!("{} %", fr_number(a.occupancy_rate)),
        },
        n("census-report-new-places", a.new_places),
        n("census-report-places", a.places),
    ]
}

/// The projects by phase (label, count) and their bar chart.
fn projects_chart(t: &dyn Fn(&str) -> String, a: &Activity) -> (Vec<(String, String)>, String) {
    let projects: Vec<(String, String)> = a
        .projects
        .iter()
        .map(|(s, n)| {
            (
                t(&format!("census-project-{}", s.replace('_', "-"))),
                n.to_string(),
            )
        })
        .collect();
    let bars: Vec<(String, f64)> = a
        .projects
        .iter()
        .zip(&projects)
        .map(|((_, n), (label, _))| (label.clone(), *n as f64))
        .collect();
    let chart = chart::bars(
        "report-projects",
        &t("census-report-projects"),
        &t("census-chart-desc-projects"),
        &bars,
        &fr_number,
    );
    (projects, chart)
}

#[derive(Template)]
#[template(path = "census/report.html")]
struct ReportTpl {
    c: Chrome,
    network: Network,
    du: String,
    au: String,
    errors: FieldErrors,
    lines: Vec<Line>,
    projects: Vec<(String, String)>,
    chart: String,
    csv: String,
    pdf: String,
}

/// `GET /reseaux/{slug}/rapport?du=&au=`.
pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<Period>,
) -> AppResult<Response> {
    let network = network_of(&state, &ctx, &slug).await?;
    let mut c = Chrome::new(&ctx, &headers, "census-report-title");
    c.title = format!("{} – {}", c.title, network.name);
    let today = crate::clock::paris_date(state.clock.now_ms());
    let (du, au, span, errors) = match period(&q, today) {
        Ok((du, au, span)) => (du, au, Some(span), FieldErrors::default()),
        Err(e) => (
            q.du.clone().unwrap_or_default(),
            q.au.clone().unwrap_or_default(),
            None,
            e,
        ),
    };
    let (lines, projects, chart) = match span {
        Some(span) => {
            let a = service::activity(&state, ctx.require_user()?, network.id, span).await?;
            let (projects, chart) = projects_chart(&|k| c.t(k), &a);
            (lines(&a), projects, chart)
        }
        None => (Vec::new(), Vec::new(), String::new()),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &ReportTpl {
            csv: format!(
                "/reseaux/{}/rapport.csv?du={}&au={}",
                network.slug,
                urlencoding::encode(&du),
                urlencoding::encode(&au)
            ),
            pdf: format!(
                "/reseaux/{}/rapport.pdf?du={}&au={}",
                network.slug,
                urlencoding::encode(&du),
                urlencoding::encode(&au)
            ),
            c,
            network,
            du,
            au,
            errors,
            lines,
            projects,
            chart,
        },
    )
}

/// `GET /reseaux/{slug}/rapport.csv?du=&au=`: the same figures, one per line.
pub(super) async fn csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<Period>,
) -> AppResult<Response> {
    let network = network_of(&state, &ctx, &slug).await?;
    let today = crate::clock::paris_date(state.clock.now_ms());
    let (du, au, span) = period(&q, today).map_err(AppError::Invalid)?;
    let a = service::activity(&state, ctx.require_user()?, network.id, span).await?;
    let lang = ctx.lang;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::Internal(e.into());
    w.write_record(["indicateur", "libelle", "valeur", "du", "au"])
        .map_err(err)?;
    let mut rows: Vec<(String, String, String)> = vec![
        (
            "events".into(),
            lang.t("census-report-events"),
            a.events.to_string(),
        ),
        (
            "trainings".into(),
            lang.t("census-report-trainings"),
            a.trainings.to_string(),
        ),
        (
            "registrations".into(),
            lang.t("census-report-registrations"),
            a.registrations.to_string(),
        ),
        (
            "participants".into(),
            lang.t("census-report-participants"),
            a.participants.to_string(),
        ),
        (
            "bookings".into(),
            lang.t("census-report-bookings"),
            a.bookings.to_string(),
        ),
        (
            "occupancy_rate".into(),
            lang.t("census-report-occupancy"),
            a.occupancy_rate.to_string(),
        ),
        (
            "new_places".into(),
            lang.t("census-report-new-places"),
            a.new_places.to_string(),
        ),
        (
            "places".into(),
            lang.t("census-report-places"),
            a.places.to_string(),
        ),
    ];
    for (s, n) in &a.projects {
        rows.push((
            format!("projects_{s}"),
            lang.t(&format!("census-project-{}", s.replace('_', "-"))),
            n.to_string(),
        ));
    }
    for (k, label, v) in rows {
        w.write_record([
            k.as_str(),
            label.as_str(),
            v.as_str(),
            du.as_str(),
            au.as_str(),
        ])
        .map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(super::observatory::csv_response(
        body,
        &format!("rapport-{}-{du}-{au}.csv", network.slug),
    ))
}

/// A day as the reader writes it (`2026-12-05` → `05/12/2026` in French).
fn day_text(lang: crate::i18n::Lang, iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
        Ok(d) if lang.code() == "fr" => d.format("%d/%m/%Y").to_string(),
        Ok(d) => d.format("%Y-%m-%d").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// `GET /reseaux/{slug}/rapport.pdf?du=&au=`: the same report as a PDF, its chart included.
pub(super) async fn pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<Period>,
) -> AppResult<Response> {
    let network = network_of(&state, &ctx, &slug).await?;
    let today = crate::clock::paris_date(state.clock.now_ms());
    let (du, au, span) = period(&q, today).map_err(AppError::Invalid)?;
    let a = service::activity(&state, ctx.require_user()?, network.id, span).await?;
    let lang = ctx.lang;
    let t = |k: &str| lang.t(k);
    let title = format!("{} – {}", t("census-report-title"), network.name);
    let mut doc = crate::pdf::Pdf::new(&title, lang.code());
    doc.push(Block::Title(title.clone()))
        .push(Block::Note(lang.ta(
            "census-report-period",
            &[
                ("from", day_text(lang, &du).as_str()),
                ("to", day_text(lang, &au).as_str()),
                (
                    "today",
                    day_text(lang, &today.format("%Y-%m-%d").to_string()).as_str(),
                ),
            ],
        )))
        .push(Block::Heading(t("census-report-figures")))
        .push(Block::Table(
            lines(&a).into_iter().map(|l| (t(l.key), l.value)).collect(),
        ))
        .push(Block::Heading(t("census-report-projects")));
    if a.projects.is_empty() {
        doc.push(Block::Paragraph(t("census-report-no-project")));
    } else {
        let (projects, chart) = projects_chart(&t, &a);
        doc.push(Block::Svg(chart)).push(Block::Table(projects));
    }
    let bytes = doc.render().map_err(AppError::Internal)?;
    Ok(crate::pdf::response(
        bytes,
        &format!("rapport-{}-{du}-{au}.pdf", network.slug),
        true,
    ))
}
