//! The network's observatory: a campaign's figures per department, region or typology, and
//! over the years, as SVG charts with their data tables — public for the published campaigns
//! (small numbers hidden), internal for its animators (every campaign, every figure) — and
//! the open-data exports (CSV with its TableSchema, JSON) and the per-place answers (CSV,
//! animators only).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::super::map;
use super::super::model::{Campaign, GroupBy, QuestionType};
use super::super::service::{self, Aggregates};
use super::super::stats::Figure;
pub use super::view::{ChartView, MapView, TableRow};
use crate::auth::Ctx;
use crate::chart::{self, fr_number};
use crate::error::{AppError, AppResult};
use crate::ids::CampaignId;
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::{render, Chrome};

/// The licence of the published figures.
pub const LICENCE: &str = "Licence Ouverte / Open Licence 2.0 (Etalab)";
pub const LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

#[derive(Deserialize, Default)]
pub(super) struct ObsQuery {
    #[serde(default)]
    campagne: Option<String>,
    #[serde(default)]
    par: Option<String>,
    /// The question the department map shows (`lieux` or empty: the places that answered).
    #[serde(default)]
    carte: Option<String>,
}

#[derive(Template)]
#[template(path = "census/observatory.html")]
struct ObsTpl {
    c: Chrome,
    network: Network,
    board: bool,
    campaigns: Vec<Campaign>,
    current: Option<Campaign>,
    by: &'static str,
    submitted: i64,
    min_places: i64,
    charts: Vec<ChartView>,
    map: Option<MapView>,
    exports: bool,
    pdf_href: Option<String>,
}

fn group_by(par: Option<&str>) -> GroupBy {
    match par {
        Some("region") => GroupBy::Region,
        Some("typologie") => GroupBy::Typology,
        _ => GroupBy::Department,
    }
}

fn by_param(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Region => "region",
        GroupBy::Typology => "typologie",
        _ => "departement",
    }
}

fn value_text(kind: QuestionType, x: f64) -> String {
    if kind == QuestionType::Money {
        crate::money::format_eur(x.round() as i64)
    } else {
        fr_number(x)
    }
}

fn charts(
    c: &Chrome,
    by: GroupBy,
    a: &Aggregates,
    whole: &Aggregates,
    years: &Aggregates,
) -> Vec<ChartView> {
    let hidden = c.t("census-hidden");
    let label = |l: &str| group_label(c, by, l);
    let mut out = Vec::new();
    for (i, q) in a.questions.iter().enumerate() {
        let id = format!("chart-{i}");
        let numeric = matches!(
            q.kind,
            QuestionType::Number | QuestionType::Money | QuestionType::Scale
        );
        let fmt = |x: f64| value_text(q.kind, x);
        if numeric {
            // Scales are averaged, quantities added up.
            let scale = q.kind == QuestionType::Scale;
            let stat = |f: &Figure| if scale { f.mean } else { f.sum };
            let bars: Vec<(String, f64)> = a
                .groups
                .iter()
                .filter_map(|g| {
                    g.figures
                        .get(&q.key)
                        .and_then(stat)
                        .map(|v| (label(&g.label), v))
                })
                .collect();
            let title = format!(
                "{} – {}",
                q.label,
                c.t(if scale {
                    "census-stat-mean"
                } else {
                    "census-stat-sum"
                })
            );
            let rows = a
                .groups
                .iter()
                .map(|g| {
                    let f = g.figures.get(&q.key).cloned().unwrap_or_default();
                    let cell = |v: Option<f64>| {
                        if f.hidden || g.hidden {
                            hidden.clone()
                        } else {
                            v.map(&fmt).unwrap_or_else(|| "—".into())
                        }
                    };
                    TableRow {
                        label: label(&g.label),
                        places: g.places.to_string(),
                        cells: vec![
                            f.answered.to_string(),
                            cell(f.sum),
                            cell(f.mean),
                            cell(f.median),
                        ],
                    }
                })
                .collect();
            let points: Vec<(String, f64)> = years
                .groups
                .iter()
                .filter_map(|g| {
                    g.figures
                        .get(&q.key)
                        .and_then(stat)
                        .map(|v| (g.label.clone(), v))
                })
                .collect();
            out.push(ChartView {
                svg: if bars.is_empty() {
                    nothing_shown(c)
                } else {
                    chart::bars(&id, &title, &c.t("census-chart-desc-groups"), &bars, &fmt)
                },
                years: (points.len() > 1).then(|| {
                    chart::line(
                        &format!("{id}-y"),
                        &format!("{} – {}", q.label, c.t("census-over-years")),
                        &c.t("census-chart-desc-years"),
                        &points,
                        &fmt,
                    )
                }),
                stack: None,
                id,
                title,
                columns: vec![
                    c.t("census-col-answered"),
                    c.t("census-stat-sum"),
                    c.t("census-stat-mean"),
                    c.t("census-stat-median"),
                ],
                rows,
            });
        } else {
            let Some(g) = whole.groups.first() else {
                continue;
            };
            let f = g.figures.get(&q.key).cloned().unwrap_or_default();
            let counts = f.counts.clone().unwrap_or_default();
            let bars: Vec<(String, f64)> = counts
                .iter()
                .map(|(k, v)| (choice_label(c, q.kind, k), *v as f64))
                .collect();
            let title = format!("{} – {}", q.label, c.t("census-stat-places"));
            // Shares per group, when some group has any to show.
            let shown = a.groups.iter().any(|g| {
                !g.hidden
                    && g.figures.get(&q.key).is_some_and(|f| {
                        !f.hidden && f.counts.as_ref().is_some_and(|m| !m.is_empty())
                    })
            });
            let stack = (by != GroupBy::All && shown && !counts.is_empty())
                .then(|| stacked_choices(c, &id, q, &counts, a, &label));
            out.push(ChartView {
                stack,
                svg: if bars.is_empty() {
                    nothing_shown(c)
                } else {
                    chart::bars(
                        &id,
                        &title,
                        &c.t("census-chart-desc-choices"),
                        &bars,
                        &fr_number,
                    )
                },
                years: None,
                id,
                title,
                columns: vec![c.t("census-stat-places")],
                rows: if f.hidden || g.hidden {
                    vec![TableRow {
                        label: c.t("census-all-places"),
                        places: g.places.to_string(),
                        cells: vec![hidden.clone()],
                    }]
                } else {
                    bars.iter()
                        .map(|(k, v)| TableRow {
                            label: k.clone(),
                            places: g.places.to_string(),
                            cells: vec![fr_number(*v)],
                        })
                        .collect()
                },
            });
        }
    }
    out
}

/// What stands for a chart whose every figure is hidden.
fn nothing_shown(c: &Chrome) -> String {
    format!(
        r#"<p class="muted chart-empty">{}</p>"#,
        chart::esc(&c.t("census-chart-all-hidden"))
    )
}

/// A group's label as shown: departments by code and name, a blank one as "not given".
fn group_label(c: &Chrome, by: GroupBy, l: &str) -> String {
    if l.trim().is_empty() {
        c.t("census-unknown-group")
    } else if by == GroupBy::Department {
        map::department_label(l)
    } else {
        l.to_string()
    }
}

/// The share of each choice of question `q` in each group of `a`: the five choices most
/// made over all places (`overall`), the others together.
fn stacked_choices(
    c: &Chrome,
    id: &str,
    q: &super::super::stats::QuestionInfo,
    overall: &std::collections::BTreeMap<String, i64>,
    a: &Aggregates,
    label: &dyn Fn(&str) -> String,
) -> String {
    let mut keys: Vec<(&String, &i64)> = overall.iter().collect();
    keys.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
    let top: Vec<&String> = keys.iter().take(5).map(|k| k.0).collect();
    let mut series: Vec<String> = top.iter().map(|k| choice_label(c, q.kind, k)).collect();
    let others = keys.len() > top.len();
    if others {
        series.push(c.t("census-other-choices"));
    }
    let rows: Vec<chart::Stack> = a
        .groups
        .iter()
        .map(|g| {
            let f = g.figures.get(&q.key).cloned().unwrap_or_default();
            let counts = (!(g.hidden || f.hidden)).then(|| {
                let got = f.counts.unwrap_or_default();
                let mut v: Vec<f64> = top
                    .iter()
                    .map(|k| got.get(*k).copied().unwrap_or(0) as f64)
                    .collect();
                if others {
                    v.push(
                        got.iter()
                            .filter(|(k, _)| !top.contains(k))
                            .map(|(_, n)| *n as f64)
                            .sum(),
                    );
                }
                v
            });
            chart::Stack {
                label: label(&g.label),
                counts,
            }
        })
        .collect();
    chart::stacked(
        &format!("{id}-s"),
        &format!("{} – {}", q.label, c.t("census-stat-shares")),
        &c.t("census-chart-desc-stacked"),
        &series,
        &rows,
        &c.t("census-hidden"),
    )
}

/// The department map of `a` (grouped by department): the places that answered, or the
/// figure of the numeric question `wanted` (its sum, or its mean for a scale).
fn department_map(c: &Chrome, a: &Aggregates, wanted: Option<&str>) -> MapView {
    let numeric: Vec<&super::super::stats::QuestionInfo> = a
        .questions
        .iter()
        .filter(|q| {
            matches!(
                q.kind,
                QuestionType::Number | QuestionType::Money | QuestionType::Scale
            )
        })
        .collect();
    let q = wanted.and_then(|k| numeric.iter().find(|q| q.key == k).copied());
    let mut choices = vec![("lieux".to_string(), c.t("census-map-places"), q.is_none())];
    choices.extend(numeric.iter().map(|n| {
        (
            n.key.clone(),
            n.label.clone(),
            q.is_some_and(|q| q.key == n.key),
        )
    }));
    let mut cells = std::collections::BTreeMap::new();
    for g in &a.groups {
        let code = g.label.trim();
        if code.is_empty() {
            continue;
        }
        let cell = match q {
            _ if g.hidden => map::Cell::Hidden,
            None => map::Cell::Value(g.places as f64),
            Some(q) => {
                let f = g.figures.get(&q.key).cloned().unwrap_or_default();
                let v = if q.kind == QuestionType::Scale {
                    f.mean
                } else {
                    f.sum
                };
                match v {
                    _ if f.hidden => map::Cell::Hidden,
                    Some(v) => map::Cell::Value(v),
                    None => continue,
                }
            }
        };
        cells.insert(code.to_string(), cell);
    }
    let kind = q.map(|q| q.kind).unwrap_or(QuestionType::Number);
    let fmt = |x: f64| value_text(kind, x);
    let title = match q {
        None => c.t("census-map-places"),
        Some(q) => format!("{} – {}", q.label, c.t("census-map-by-department")),
    };
    let rows = cells
        .iter()
        .map(|(code, cell)| {
            (
                map::department_label(code),
                match cell {
                    map::Cell::Value(v) => fmt(*v),
                    map::Cell::Hidden => c.t("census-hidden"),
                },
            )
        })
        .collect();
    let (no_data, hidden) = (c.t("census-map-no-data"), c.t("census-hidden"));
    MapView {
        svg: map::choropleth(
            "obs-map",
            &title,
            &c.t("census-chart-desc-map"),
            &cells,
            &fmt,
            &map::Legend {
                no_data: &no_data,
                hidden: &hidden,
            },
        ),
        title,
        choices,
        rows,
    }
}

fn choice_label(c: &Chrome, kind: QuestionType, k: &str) -> String {
    match (kind, k) {
        (QuestionType::YesNo, "oui") => c.t("census-yes"),
        (QuestionType::YesNo, "non") => c.t("census-no"),
        _ => k.to_string(),
    }
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    slug: &str,
    q: ObsQuery,
    board: bool,
    pdf: bool,
) -> AppResult<Response> {
    let network = crate::tenancy::repo::network_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let who = ctx.user.as_ref();
    if board {
        ctx.require_user()?;
        if !service::may_manage(who, network.id) {
            return Err(AppError::NotFound);
        }
    }
    // The public page shows the published campaigns to everyone, animators included.
    let campaigns: Vec<Campaign> =
        service::campaigns(state, if board { who } else { None }, network.id).await?;
    let wanted = q
        .campagne
        .as_deref()
        .and_then(|s| s.trim().parse::<i64>().ok());
    if q.campagne.as_deref().is_some_and(|s| !s.trim().is_empty()) && wanted.is_none() {
        return Err(AppError::NotFound);
    }
    let current = match wanted {
        Some(id) => Some(
            campaigns
                .iter()
                .find(|c| c.id.get() == id)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => campaigns.first().cloned(),
    };
    let by = group_by(q.par.as_deref());
    let mut c = Chrome::new(
        ctx,
        headers,
        if board {
            "census-board-title"
        } else {
            "census-observatory-title"
        },
    );
    c.title = format!("{} – {}", c.title, network.name);
    let (charts, map, submitted, min_places) = match &current {
        Some(cur) => {
            let viewer = if board { who } else { None };
            let (a, whole, years) =
                service::observatory(state, viewer, cur.id, by, board, &campaigns).await?;
            let map =
                (by == GroupBy::Department).then(|| department_map(&c, &a, q.carte.as_deref()));
            (
                charts(&c, by, &a, &whole, &years),
                map,
                a.submitted,
                a.min_places,
            )
        }
        None => (Vec::new(), None, 0, 0),
    };
    if pdf {
        let Some(cur) = current.as_ref() else {
            return Err(AppError::NotFound);
        };
        // Drawing the PDF costs more than reading the cached figures (70–80 ms for a national
        // network): the bytes are kept too, for everyone who gets the same copy (the public
        // one, or the board's once the animator is checked above), validated like the public
        // page; the key holds the names printed in it.
        let key = format!(
            "observatory-pdf|{}|{board}|{}|{}|{}|{}|{by:?}|{}",
            c.lang.code(),
            network.id,
            network.name,
            cur.id,
            cur.title,
            q.carte.as_deref().unwrap_or("")
        );
        let draw = async {
            let bytes = super::observatory_pdf::render(&super::observatory_pdf::Figures {
                c: &c,
                campaign: cur,
                submitted,
                min_places,
                charts: &charts,
                map: map.as_ref(),
            })?;
            Ok(crate::cache::Rendered::<()>::Keep(bytes.into()))
        };
        let version = super::super::repo::figures_version(&state.db);
        let bytes = state
            .pages
            .through(key, version, draw)
            .await?
            .unwrap_or_default();
        return Ok(super::observatory_pdf::response(
            bytes.to_vec(),
            &network,
            cur,
            board,
        ));
    }
    let pdf_href = current.as_ref().map(|cur| {
        format!(
            "/reseaux/{}/observatoire{}.pdf?campagne={}&par={}{}",
            network.slug,
            if board { "/interne" } else { "" },
            cur.id,
            by_param(by),
            q.carte
                .as_deref()
                .map(|k| format!("&carte={}", urlencoding::encode(k)))
                .unwrap_or_default()
        )
    });
    render(&ObsTpl {
        pdf_href,
        exports: current.as_ref().is_some_and(|c| c.published),
        c,
        network,
        board,
        campaigns,
        current,
        by: by_param(by),
        submitted,
        min_places,
        charts,
        map,
    })
}

/// `GET /reseaux/{slug}/observatoire?campagne=&par=`. What anonymous visitors see is kept
/// in the page cache, validated against what the figures are drawn from
/// (`repo::figures_version`), five seconds at most: the page also shows the network's name.
pub(super) async fn public(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ObsQuery>,
    uri: axum::http::Uri,
) -> AppResult<Response> {
    let cacheable = ctx.user.is_none()
        && crate::auth::session::read_cookie(&headers, crate::web::FLASH_COOKIE).is_none();
    if !cacheable {
        return page(&state, &ctx, &headers, &slug, q, false, false).await;
    }
    let key = format!(
        "observatory|{}|{slug}|{}",
        ctx.lang.code(),
        uri.query().unwrap_or("")
    );
    let render = async {
        let res = page(&state, &ctx, &headers, &slug, q, false, false).await?;
        if res.status() != axum::http::StatusCode::OK {
            return Ok(crate::cache::Rendered::Pass(res));
        }
        let body = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
        Ok(crate::cache::Rendered::Keep(body))
    };
    let version = super::super::repo::figures_version(&state.db);
    match state.pages.through(key, version, render).await? {
        Ok(body) => Ok(axum::response::Html(body).into_response()),
        Err(res) => Ok(res),
    }
}

/// `GET /reseaux/{slug}/observatoire/interne?campagne=&par=`.
pub(super) async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ObsQuery>,
) -> AppResult<Response> {
    page(&state, &ctx, &headers, &slug, q, true, false).await
}

/// `GET /reseaux/{slug}/observatoire.pdf?campagne=&par=&carte=`: the public page as a PDF.
pub(super) async fn public_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ObsQuery>,
) -> AppResult<Response> {
    page(&state, &ctx, &headers, &slug, q, false, true).await
}

/// `GET /reseaux/{slug}/observatoire/interne.pdf?campagne=&par=&carte=`: the board's copy.
pub(super) async fn board_pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ObsQuery>,
) -> AppResult<Response> {
    page(&state, &ctx, &headers, &slug, q, true, true).await
}

// ---- open data ----

/// The columns of the figures' CSV, as its TableSchema describes them.
const COLUMNS: &[(&str, &str, &str)] = &[
    ("campagne", "integer", "Identifiant de la campagne"),
    ("regroupement", "string", "department, region ou typology"),
    (
        "groupe",
        "string",
        "Code du département, nom de la région ou de la typologie",
    ),
    ("lieux", "integer", "Lieux du groupe ayant répondu"),
    ("question", "string", "Clé de la question"),
    ("libelle", "string", "Libellé de la question"),
    (
        "reponses",
        "integer",
        "Lieux du groupe ayant répondu à la question",
    ),
    (
        "masque",
        "boolean",
        "Chiffre masqué : moins de lieux que le seuil",
    ),
    ("somme", "number", "Somme (montants en centimes d'euro)"),
    ("moyenne", "number", "Moyenne"),
    ("mediane", "number", "Médiane"),
    ("valeur", "string", "Choix compté (questions à choix)"),
    ("nombre", "integer", "Lieux ayant fait ce choix"),
];

/// The TableSchema of the figures' CSV.
pub fn table_schema() -> serde_json::Value {
    serde_json::json!({
        "fields": COLUMNS.iter().map(|(name, kind, desc)| {
            let mut f = serde_json::json!({"name": name, "type": kind, "description": desc});
            if *kind == "boolean" {
                f["trueValues"] = serde_json::json!(["true"]);
                f["falseValues"] = serde_json::json!(["false"]);
            }
            f
        }).collect::<Vec<_>>(),
        "missingValues": [""],
    })
}

async fn published_campaign(state: &AppState, slug: &str, id: CampaignId) -> AppResult<Campaign> {
    let network = crate::tenancy::repo::network_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = super::super::repo::campaign_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if c.network_id != network.id || !c.published {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

/// Every grouping of a published campaign, under the small-numbers rule.
async fn open_figures(state: &AppState, c: &Campaign) -> AppResult<Vec<Aggregates>> {
    let bys = [GroupBy::Department, GroupBy::Region, GroupBy::Typology];
    service::aggregates_by(state, None, c.id, &bys, false).await
}

/// A CSV download named `name`.
pub(super) fn csv_response(body: Vec<u8>, name: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn num(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// `GET /reseaux/{slug}/observatoire/campagnes/{id}/chiffres.csv`.
pub(super) async fn figures_csv(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, CampaignId)>,
) -> AppResult<Response> {
    let c = published_campaign(&state, &slug, id).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    w.write_record(COLUMNS.iter().map(|c| c.0))
        .map_err(csv_err)?;
    for a in open_figures(&state, &c).await? {
        for g in &a.groups {
            for q in &a.questions {
                let f = g.figures.get(&q.key).cloned().unwrap_or_default();
                let base = [
                    c.id.to_string(),
                    a.by.as_str().to_string(),
                    crate::text::csv_cell(&g.label).into_owned(),
                    g.places.to_string(),
                    q.key.clone(),
                    crate::text::csv_cell(&q.label).into_owned(),
                    f.answered.to_string(),
                    (f.hidden || g.hidden).to_string(),
                ];
                match &f.counts {
                    Some(counts) if !counts.is_empty() => {
                        for (k, n) in counts {
                            let mut r = base.to_vec();
                            r.extend([String::new(), String::new(), String::new()]);
                            r.push(crate::text::csv_cell(k).into_owned());
                            r.push(n.to_string());
                            w.write_record(&r).map_err(csv_err)?;
                        }
                    }
                    _ => {
                        let mut r = base.to_vec();
                        r.extend([
                            num(f.sum),
                            num(f.mean),
                            num(f.median),
                            String::new(),
                            String::new(),
                        ]);
                        w.write_record(&r).map_err(csv_err)?;
                    }
                }
            }
        }
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(csv_response(
        body,
        &format!("recensement-{}-chiffres.csv", c.id),
    ))
}

/// `GET /reseaux/{slug}/observatoire/campagnes/{id}/chiffres.json`: the figures, their
/// licence and the TableSchema of the CSV.
pub(super) async fn figures_json(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, CampaignId)>,
) -> AppResult<Response> {
    let c = published_campaign(&state, &slug, id).await?;
    let figures = open_figures(&state, &c).await?;
    Ok(axum::Json(serde_json::json!({
        "title": c.title,
        "licence": {"title": LICENCE, "path": LICENCE_URL},
        "schema": table_schema(),
        "aggregates": figures,
    }))
    .into_response())
}

/// `GET /reseaux/{slug}/observatoire/campagnes/{id}/schema.json`.
pub(super) async fn figures_schema(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, CampaignId)>,
) -> AppResult<Response> {
    published_campaign(&state, &slug, id).await?;
    Ok(axum::Json(table_schema()).into_response())
}

/// `GET /reseaux/{slug}/recensement/campagnes/{id}/reponses.csv`: one row per place and
/// question, for the network's animators only.
pub(super) async fn answers_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CampaignId)>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let network = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = service::managed_campaign(&state, who, id).await?;
    if c.network_id != network.id {
        return Err(AppError::NotFound);
    }
    let rows = super::super::repo::submitted(&state.db, &[c.id]).await?;
    let q = super::super::repo::questionnaire_by_id(&state.db, c.questionnaire_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = crate::tenancy::repo::places_by_ids(
        &state.db,
        &rows.iter().map(|(_, r)| r.place_id).collect::<Vec<_>>(),
    )
    .await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| AppError::Internal(e.into());
    w.write_record(["lieu_id", "lieu", "departement", "question", "reponse"])
        .map_err(csv_err)?;
    for (_, r) in &rows {
        let name = names
            .get(&r.place_id)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        for question in &q.questions {
            let Some(v) = r.answers.get(&question.key) else {
                continue;
            };
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                other => other.to_string(),
            };
            w.write_record([
                r.place_id.to_string(),
                crate::text::csv_cell(&name).into_owned(),
                r.department.clone(),
                question.key.clone(),
                crate::text::csv_cell(&text).into_owned(),
            ])
            .map_err(csv_err)?;
        }
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok(csv_response(
        body,
        &format!("recensement-{}-reponses.csv", c.id),
    ))
}
