//! Job board pages: the board (`/emplois`, a network's `/reseaux/{slug}/emplois` with its
//! places' offers) with its filters and accent-insensitive search, an offer's page with its
//! `JobPosting` JSON-LD (410 with a banner once expired), the Atom feeds and the CSV export;
//! the forms and moderation (`edit`), applications and saved searches (`apply`).

use askama::Template;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{self, Employer, JobKind, JobStatus, Offer};
use super::repo::Filter;
use super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::ids::NetworkId;
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{render, render_status, Chrome};

mod apply;
mod edit;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/emplois", get(board).post(edit::create))
        .route("/emplois.csv", get(csv_export))
        .route("/emplois/feed.atom", get(atom_all))
        .route("/emplois/nouvelle", get(edit::new_form))
        .route("/emplois/moderation", get(edit::queue))
        .route("/emplois/mes-offres", get(edit::mine))
        .route("/emplois/candidatures", get(apply::mine))
        .route("/emplois/candidatures/{id}/cv", get(apply::cv))
        .route(
            "/emplois/alertes",
            get(apply::searches).post(apply::save_search),
        )
        .route(
            "/emplois/alertes/{id}/supprimer",
            post(apply::delete_search),
        )
        .route(
            "/emplois/alertes/{id}/desabonner",
            get(apply::unsubscribe_page).post(apply::unsubscribe),
        )
        .route("/emplois/{slug}", get(offer_page))
        .route(
            "/emplois/{slug}/modifier",
            get(edit::edit_form).post(edit::edit),
        )
        .route("/emplois/{slug}/moderer", post(edit::decide))
        .route(
            "/emplois/{slug}/candidater",
            get(apply::form)
                .post(apply::submit)
                .layer(DefaultBodyLimit::max(
                    crate::form::upload::MAX_UPLOAD_BYTES + 64 * 1024,
                )),
        )
        .route("/emplois/{slug}/candidatures", get(apply::of_offer))
        .route("/reseaux/{slug}/emplois", get(network_board))
        .route("/reseaux/{slug}/emplois.atom", get(atom_network))
}

/// The board's filters as the form sends them (all text: a bad value is ignored and said).
#[derive(Deserialize, Default, Clone)]
pub(super) struct BoardQuery {
    #[serde(default)]
    pub(super) q: String,
    #[serde(default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) network: String,
    #[serde(default)]
    pub(super) department: String,
    #[serde(default)]
    pub(super) city: String,
    #[serde(default)]
    page: Option<String>,
}

/// The label of a kind.
pub(super) fn kind_label(c: &Chrome, k: JobKind) -> String {
    c.t(&format!("job-kind-{}", k.as_str().replace('_', "-")))
}

/// The pay of an offer as shown: a range, one amount, the civic-service allowance, or empty.
pub(super) fn pay_label(c: &Chrome, o: &Offer, allowance: i64) -> String {
    let unit = c.t(&format!("job-pay-{}", o.pay_unit));
    match (o.kind, o.pay_min_cents, o.pay_max_cents) {
        (JobKind::ServiceCivique, _, _) => c.ta(
            "job-allowance",
            "amount",
            &crate::money::format_eur(allowance),
        ),
        (_, Some(a), Some(b)) if a != b => format!(
            "{} – {} {unit}",
            crate::money::format_eur(a),
            crate::money::format_eur(b)
        ),
        (_, Some(a), _) | (_, None, Some(a)) => {
            format!("{} {unit}", crate::money::format_eur(a))
        }
        _ => String::new(),
    }
}

/// An offer in a list.
pub struct Card {
    pub title: String,
    pub path: String,
    pub employer_name: String,
    pub employer_path: String,
    pub kind: String,
    pub city: String,
    pub department: String,
    pub pay: String,
    pub excerpt: String,
    pub expires: String,
    pub expires_on: String,
}

pub(super) fn card(c: &Chrome, o: &Offer, allowance: i64) -> Card {
    Card {
        title: o.title.clone(),
        path: o.path(),
        employer_name: o.employer_name.clone(),
        employer_path: o.employer_path(),
        kind: kind_label(c, o.kind),
        city: o.city.clone(),
        department: o.department.clone(),
        pay: pay_label(c, o, allowance),
        excerpt: o.excerpt(),
        expires: model::day_fr(&o.expires_on),
        expires_on: o.expires_on.clone(),
    }
}

#[derive(Template)]
#[template(path = "employment/list.html")]
struct ListTpl {
    c: Chrome,
    network_name: String,
    network_slug: String,
    action: String,
    feed: String,
    csv: String,
    new_href: String,
    mine_href: String,
    /// The places the signed-in person manages: name, new offer, their offers.
    employers: Vec<(String, String, String)>,
    f: BoardQuery,
    bad_filter: bool,
    kinds: Vec<(String, String)>,
    networks: Vec<(NetworkId, String)>,
    departments: Vec<String>,
    cards: Vec<Card>,
    total: i64,
    pages: Vec<PageLink>,
    signed_in: bool,
    moderates: bool,
}

/// The filter of a board's query within `network` (every offer when `None`); whether a
/// value could not be read.
pub(super) fn filter(
    state: &AppState,
    q: &BoardQuery,
    network: Option<NetworkId>,
) -> (Filter, bool) {
    let mut bad = false;
    let pick = |raw: &str| -> Option<String> {
        let t = raw.trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let kind = pick(&q.kind).and_then(|k| {
        let v = k.parse::<JobKind>().ok();
        bad |= v.is_none();
        v
    });
    let network = network.or_else(|| {
        pick(&q.network).and_then(|n| {
            let v = n.parse::<i64>().ok().map(NetworkId);
            bad |= v.is_none();
            v
        })
    });
    let department = pick(&q.department).map(|d| d.to_uppercase()).filter(|d| {
        let ok = d.len() <= 3 && d.chars().all(|c| c.is_ascii_alphanumeric());
        bad |= !ok;
        ok
    });
    let city = Some(crate::text::fold_words(&q.city)).filter(|s| !s.is_empty());
    (
        Filter {
            network,
            kind,
            department,
            city,
            words: crate::db::search::words(&q.q),
            listed_on: service::today(state),
            ..Default::default()
        },
        bad,
    )
}

async fn board_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    network: Option<(NetworkId, String, String)>,
    q: BoardQuery,
) -> AppResult<Response> {
    let page = PageQuery {
        page: q.page.clone(),
    };
    let (limit, offset) = page.window(model::PER_PAGE);
    let (f, bad_filter) = filter(state, &q, network.as_ref().map(|n| n.0));
    let (rows, total) = service::list(state, &f, limit, offset).await?;
    let departments = service::departments(state, network.as_ref().map(|n| n.0)).await?;
    let mut c = Chrome::new(ctx, headers, "job-board-title");
    let who = ctx.user.as_ref();
    let (network_name, network_slug, action, new_href, networks) = match &network {
        Some((id, name, slug)) => {
            c.title = format!("{} – {name}", c.title);
            let new_href = if service::may_write(state, who, Employer::Network(*id)).await? {
                format!("/emplois/nouvelle?network_id={id}")
            } else {
                String::new()
            };
            (
                name.clone(),
                slug.clone(),
                format!("/reseaux/{slug}/emplois"),
                new_href,
                Vec::new(),
            )
        }
        None => (
            String::new(),
            String::new(),
            "/emplois".to_string(),
            String::new(),
            crate::tenancy::repo::networks(&state.db)
                .await?
                .into_iter()
                .map(|n| (n.id, n.name))
                .collect(),
        ),
    };
    let mut employers = Vec::new();
    if network.is_none() {
        for r in who.map(|p| p.roles.as_slice()).unwrap_or_default() {
            if let (crate::auth::RoleKind::PlaceManager, Some(id)) = (r.kind, r.place_id) {
                if let Some(p) =
                    crate::tenancy::repo::place_by_id(&state.db, crate::ids::PlaceId(id)).await?
                {
                    employers.push((
                        p.name,
                        format!("/emplois/nouvelle?place_id={id}"),
                        format!("/emplois/mes-offres?place_id={id}"),
                    ));
                }
            }
        }
    }
    let raw_query = ctx.path.split_once('?').map(|x| x.1);
    let query = crate::web::paging::query_without_page(raw_query);
    let allowance = state.config.civic_service_allowance_cents;
    render(&ListTpl {
        pages: pages(&query, &action, page.number(), total, model::PER_PAGE),
        kinds: JobKind::ALL
            .iter()
            .map(|k| (k.to_string(), kind_label(&c, *k)))
            .collect(),
        cards: rows.iter().map(|o| card(&c, o, allowance)).collect(),
        feed: format!("{action}.atom").replace("/emplois.atom", "/emplois/feed.atom"),
        csv: if query.is_empty() {
            "/emplois.csv".to_string()
        } else {
            format!("/emplois.csv?{query}")
        },
        signed_in: who.is_some(),
        moderates: match who {
            Some(p) => !service::moderation_queue(state, p).await?.is_empty(),
            None => false,
        },
        mine_href: new_href.replace("/nouvelle", "/mes-offres"),
        employers,
        c,
        network_name,
        network_slug,
        action,
        new_href,
        f: q,
        bad_filter,
        networks,
        departments,
        total,
    })
}

async fn board(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    board_view(&state, &ctx, &headers, None, q).await
}

async fn network_board(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    board_view(&state, &ctx, &headers, Some((n.id, n.name, n.slug)), q).await
}

#[derive(Template)]
#[template(path = "employment/offer.html")]
struct OfferTpl {
    c: Chrome,
    o: Offer,
    kind: String,
    pay: String,
    pay_unit_hint: String,
    status: String,
    expired: bool,
    published: bool,
    can_write: bool,
    can_moderate: bool,
    applied: bool,
    signed_in: bool,
    starts: String,
    expires: String,
    json_ld: String,
}

/// `GET /emplois/{slug}`: the offer, with its JSON-LD while it is listed; an expired offer
/// answers 410 Gone with a banner (its writers still read it), a pending one is seen by its
/// writers and moderators only.
async fn offer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let who = ctx.user.as_ref();
    let o = service::visible_by_slug(&state, who, &slug).await?;
    let today = service::today(&state);
    let expired = o.expired(&today);
    let mut c = Chrome::new(&ctx, &headers, "job-board-title");
    c.title = o.title.clone();
    let allowance = state.config.civic_service_allowance_cents;
    let can_write = service::may_write(&state, who, o.employer()).await?;
    let can_moderate =
        o.status == JobStatus::Pending && service::may_moderate(&state, who, &o).await?;
    let applied = match who {
        Some(p) => service::has_applied(&state, p, o.id).await?,
        None => false,
    };
    let tpl = OfferTpl {
        kind: kind_label(&c, o.kind),
        pay: pay_label(&c, &o, allowance),
        pay_unit_hint: if o.kind == JobKind::ServiceCivique {
            c.t("job-allowance-source")
        } else {
            String::new()
        },
        status: c.t(&format!("job-status-{}", o.status)),
        json_ld: if o.listed(&today) {
            model::json_ld(&o, &state.config.base_url, allowance)
        } else {
            String::new()
        },
        starts: model::day_fr(&o.starts_on),
        expires: model::day_fr(&o.expires_on),
        signed_in: who.is_some(),
        published: o.status == JobStatus::Published,
        c,
        expired,
        can_write,
        can_moderate,
        applied,
        o,
    };
    if expired {
        render_status(StatusCode::GONE, &tpl)
    } else {
        render(&tpl)
    }
}

#[derive(Template)]
#[template(path = "employment/feed.atom", escape = "xml")]
struct AtomTpl {
    title: String,
    html: String,
    this: String,
    updated: String,
    entries: Vec<Entry>,
}

struct Entry {
    id: String,
    title: String,
    published: String,
    updated: String,
    author: String,
    category: String,
    summary: String,
    content: String,
}

async fn feed(
    state: &AppState,
    network: Option<(NetworkId, String)>,
    path: &str,
) -> AppResult<Response> {
    let f = Filter {
        network: network.as_ref().map(|n| n.0),
        listed_on: service::today(state),
        ..Default::default()
    };
    let (rows, _) = service::list(state, &f, 50, 0).await?;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let entries = rows
        .iter()
        .map(|o| Entry {
            id: format!("{base}{}", o.path()),
            title: o.title.clone(),
            published: crate::clock::rfc3339(o.published_at.unwrap_or(o.created_at)),
            updated: crate::clock::rfc3339(o.updated_at),
            author: o.employer_name.clone(),
            category: o.kind.to_string(),
            summary: format!("{} · {} ({})", o.employer_name, o.city, o.postal_code),
            content: o.description.clone(),
        })
        .collect();
    let updated = rows.iter().map(|o| o.updated_at).max().unwrap_or(0);
    let body = AtomTpl {
        title: match &network {
            Some((_, name)) => format!("{name} — offres d'emploi et de service civique"),
            None => "Maillage — offres d'emploi et de service civique".into(),
        },
        html: format!("{base}{path}"),
        this: format!(
            "{base}{}",
            if network.is_some() {
                format!("{path}.atom")
            } else {
                "/emplois/feed.atom".to_string()
            }
        ),
        updated: crate::clock::rfc3339(updated),
        entries,
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response())
}

async fn atom_all(State(state): State<AppState>) -> AppResult<Response> {
    feed(&state, None, "/emplois").await
}

async fn atom_network(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    feed(
        &state,
        Some((n.id, n.name)),
        &format!("/reseaux/{}/emplois", n.slug),
    )
    .await
}

/// `GET /emplois.csv` (the board's filters apply): the listed offers, one line each, pay in
/// cents, cells safe for spreadsheets.
async fn csv_export(
    State(state): State<AppState>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let (f, _) = filter(&state, &q, None);
    let mut w = csv::Writer::from_writer(Vec::new());
    let write_err = |e: csv::Error| AppError::Internal(e.into());
    w.write_record([
        "titre",
        "type",
        "employeur",
        "type_employeur",
        "code_postal",
        "commune",
        "departement",
        "debut",
        "fin_de_publication",
        "duree_mois",
        "heures_par_semaine",
        "remuneration_min_centimes",
        "remuneration_max_centimes",
        "unite",
        "indemnite_service_civique_centimes",
        "candidature",
        "publiee_le",
        "url",
    ])
    .map_err(write_err)?;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let num = |v: Option<i64>| v.map(|c| c.to_string()).unwrap_or_default();
    let allowance = state.config.civic_service_allowance_cents;
    let mut offset = 0;
    loop {
        let (rows, _) = service::list(&state, &f, 500, offset).await?;
        if rows.is_empty() {
            break;
        }
        for o in &rows {
            let url = format!("{base}{}", o.path());
            let apply = if o.apply_url.is_empty() {
                format!("{url}/candidater")
            } else {
                o.apply_url.clone()
            };
            let record = [
                o.title.clone(),
                o.kind.to_string(),
                o.employer_name.clone(),
                match o.employer() {
                    Employer::Place(_) => "lieu".into(),
                    Employer::Network(_) => "reseau".into(),
                },
                o.postal_code.clone(),
                o.city.clone(),
                o.department.clone(),
                o.starts_on.clone(),
                o.expires_on.clone(),
                num(o.duration_months.map(i64::from)),
                num(o.hours_per_week.map(i64::from)),
                num(o.pay_min_cents),
                num(o.pay_max_cents),
                o.pay_unit.to_string(),
                num((o.kind == JobKind::ServiceCivique).then_some(allowance)),
                apply,
                o.published_at
                    .map(crate::clock::rfc3339)
                    .unwrap_or_default(),
                url,
            ];
            w.write_record(record.iter().map(|s| crate::text::csv_cell(s).into_owned()))
                .map_err(write_err)?;
        }
        offset += 500;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"offres-emploi.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
