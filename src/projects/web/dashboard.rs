//! The advisors' dashboard page, `/projets/suivi`.

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::shared::status_label;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::projects::model::dashboard::{
    parse_filter, DashboardQuery, Deadline, Filter, FollowedProject, NetworkRequest,
};
use crate::projects::model::ProjectStatus;
use crate::projects::service::dashboard::{advisor, build};
use crate::state::AppState;
use crate::web::paging::{pages, query_without_page, PageLink, PageQuery};
use crate::web::{render, Chrome};

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
    requests: Vec<NetworkRequest>,
    networks: Vec<(i64, String)>,
    statuses: Vec<(&'static str, String)>,
    network: String,
    status: String,
    count: String,
    overdue_total: String,
    pages: Vec<PageLink>,
    /// "50 of 73 requests" when more wait than are shown.
    requests_more: String,
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

pub async fn dashboard_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<DashboardQuery>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let who = advisor(ctx.user.as_ref())?;
    let c = Chrome::new(&ctx, &headers, "projects-dashboard");
    // A filter that does not parse shows everything (the form only offers valid choices); a
    // page that does not parse shows the first.
    let page = PageQuery {
        page: q.page.clone(),
    }
    .number();
    let q = DashboardQuery { page: None, ..q };
    let f = match parse_filter(&q) {
        Ok(f) => Filter { page, ..f },
        Err(_) => Filter {
            page,
            ..Filter::all()
        },
    };
    let out = build(&state, who, &f).await?;
    let networks = crate::tenancy::repo::networks(&state.db)
        .await?
        .into_iter()
        .filter(|n| {
            who.is_instance_admin()
                || authorize(
                    Some(who),
                    Action::ManageNetwork,
                    &Target::Network(n.id.get()),
                )
                .is_ok()
        })
        .map(|n| (n.id.get(), n.name))
        .collect();
    let rows: Vec<ProjectRow> = out
        .projects
        .into_iter()
        .map(|p| ProjectRow {
            status: status_label(&c, p.status),
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
    let pages = pages(
        &query_without_page(raw.as_deref()),
        "/projets/suivi",
        out.page,
        out.total,
        out.per_page,
    );
    // Overdue items are counted on the page's projects.
    let overdue_key = if pages.len() > 1 {
        "projects-overdue-count-page"
    } else {
        "projects-overdue-count"
    };
    let requests_more = if out.requests_total > out.requests.len() as i64 {
        c.lang.ta(
            "projects-requests-more",
            &[
                ("shown", &out.requests.len().to_string()),
                ("n", &out.requests_total.to_string()),
            ],
        )
    } else {
        String::new()
    };
    render(&DashboardTpl {
        requests: out.requests,
        count: c.ta("projects-dashboard-count", "n", &out.total.to_string()),
        overdue_total: if overdue > 0 {
            c.ta(overdue_key, "n", &overdue.to_string())
        } else {
            String::new()
        },
        pages,
        requests_more,
        rows,
        networks,
        statuses: ProjectStatus::ALL
            .iter()
            .map(|s| (s.as_str(), status_label(&c, *s)))
            .collect(),
        network: f.network.map(|n| n.to_string()).unwrap_or_default(),
        status: f.status.map(|s| s.as_str()).unwrap_or_default().to_string(),
        c,
    })
}

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    /// `accept` or `refuse`.
    pub decision: String,
}

/// `POST /projets/{slug}/suivi-reseau`: the network's admin accepts or refuses to follow the
/// project (the buttons of the dashboard's requests).
pub async fn network_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    axum::extract::Path(slug): axum::extract::Path<String>,
    crate::form::Form(f): crate::form::Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = crate::projects::repo::project_by_slug(&state.db, &slug)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let accept = match f.decision.as_str() {
        "accept" => true,
        "refuse" => false,
        _ => return Err(crate::error::AppError::BadRequest("decision".into())),
    };
    crate::projects::service::decide_network(&state, Some(who), &p, accept).await?;
    Ok(crate::web::redirect_flash(
        "/projets/suivi",
        if accept {
            "flash-project-network-accepted"
        } else {
            "flash-project-network-refused"
        },
    ))
}
