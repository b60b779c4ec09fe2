//! Trainings pages: the portal (`/formations`, a network's `/reseaux/{slug}/formations` with
//! its places' trainings) with its filters and accent-insensitive search, a training's page
//! with its `Course` JSON-LD and its next sessions, the network's CSV export for the regional
//! census, and the forms (`edit`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::model::{
    self, Certification, FundingRoute, Modality, Provider, Session, Trainer, Training,
};
use super::repo::Filter;
use super::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{render, Chrome};

mod attendance;
mod edit;
mod paths;
mod survey;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/formations", get(portal).post(edit::create))
        .route("/formations/nouvelle", get(edit::new_form))
        .route("/formations/{slug}", get(training_page))
        .route(
            "/formations/{slug}/modifier",
            get(edit::edit_form).post(edit::edit),
        )
        .route(
            "/formations/{slug}/session",
            get(edit::session_form).post(edit::session_create),
        )
        .route(
            "/formations/{slug}/sessions/{event_id}/emargement",
            get(attendance::sheet).post(attendance::save),
        )
        .route(
            "/formations/{slug}/sessions/{event_id}/attestation.pdf",
            get(attendance::certificate),
        )
        .route("/parcours", axum::routing::post(paths::create))
        .route("/parcours/nouveau", get(paths::new_form))
        .route("/parcours/{slug}", get(paths::page))
        .route(
            "/parcours/{slug}/modifier",
            get(paths::edit_form).post(paths::edit),
        )
        .route("/avis/{token}", get(survey::form).post(survey::submit))
        .route("/formations/{slug}/avis", get(survey::results))
        .route("/reseaux/{slug}/formations", get(network_portal))
        .route("/reseaux/{slug}/formations.csv", get(network_csv))
}

/// The portal's filters as the form sends them (all text: a bad value is ignored and said).
#[derive(Deserialize, Default, Clone)]
pub(super) struct PortalQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    modality: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    route: String,
    #[serde(default)]
    certification: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    page: Option<String>,
}

/// A training in a list.
pub struct Card {
    pub title: String,
    pub path: String,
    pub provider_name: String,
    pub provider_path: String,
    pub theme: String,
    pub modality_key: String,
    pub hours: String,
    pub excerpt: String,
    pub certification: String,
    pub qualiopi: bool,
    /// The next session's day, if any.
    pub next: String,
    pub next_datetime: String,
}

fn card(t: &Training, next: Option<i64>) -> Card {
    Card {
        title: t.title.clone(),
        path: t.path(),
        provider_name: t.provider_name.clone(),
        provider_path: t.provider_path(),
        theme: t.theme.clone(),
        modality_key: format!("training-modality-{}", t.modality),
        hours: t.hours_label(),
        excerpt: t.excerpt(),
        certification: t.certification_code.clone(),
        qualiopi: t.qualiopi,
        next: next.map(crate::clock::paris_display).unwrap_or_default(),
        next_datetime: next.map(crate::clock::rfc3339).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "trainings/list.html")]
struct ListTpl {
    c: Chrome,
    /// The network's name and slug; empty for the instance's portal.
    network_name: String,
    network_slug: String,
    action: String,
    new_href: String,
    /// The form of a new path, for the network's animators.
    path_new_href: String,
    /// (title, href, provider) of the paths of the network (or of every network).
    paths: Vec<(String, String, String)>,
    f: PortalQuery,
    bad_filter: bool,
    themes: Vec<(String, String)>,
    places: Vec<(PlaceId, String)>,
    departments: Vec<String>,
    modalities: Vec<(String, String)>,
    routes: Vec<(String, String)>,
    certifications: Vec<(String, String)>,
    cards: Vec<Card>,
    total: i64,
    pages: Vec<PageLink>,
}

/// The filter of a portal's query within `network` (every training when `None`); whether a
/// value could not be read.
fn filter(state: &AppState, q: &PortalQuery, network: Option<NetworkId>) -> (Filter, bool) {
    let mut bad = false;
    let pick = |raw: &str| -> Option<String> {
        let t = raw.trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let modality = pick(&q.modality).and_then(|m| {
        let v = m.parse::<Modality>().ok();
        bad |= v.is_none();
        v
    });
    let route = pick(&q.route).and_then(|m| {
        let v = m.parse::<FundingRoute>().ok();
        bad |= v.is_none();
        v
    });
    let certification = pick(&q.certification).and_then(|m| {
        let v = m.parse::<Certification>().ok();
        bad |= v.is_none();
        v
    });
    let place = pick(&q.place).and_then(|p| {
        let v = p.parse::<i64>().ok().map(PlaceId);
        bad |= v.is_none();
        v
    });
    let department = pick(&q.department).filter(|d| {
        let ok = d.len() <= 3 && d.chars().all(|c| c.is_ascii_alphanumeric());
        bad |= !ok;
        ok
    });
    let theme = Some(crate::text::fold_words(&q.theme)).filter(|s| !s.is_empty());
    (
        Filter {
            network,
            place,
            theme,
            modality,
            department,
            route,
            certification,
            next_session: q.next.is_some(),
            words: crate::db::search::words(&q.q),
            now: state.clock.now_ms(),
        },
        bad,
    )
}

fn labelled<T: std::fmt::Display>(c: &Chrome, prefix: &str, all: &[T]) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (v.to_string(), c.t(&format!("{prefix}-{v}"))))
        .collect()
}

async fn portal_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    network: Option<(NetworkId, String, String)>,
    q: PortalQuery,
) -> AppResult<Response> {
    let page = PageQuery {
        page: q.page.clone(),
    };
    let (limit, offset) = page.window(model::PER_PAGE);
    let (f, bad_filter) = filter(state, &q, network.as_ref().map(|n| n.0));
    let (rows, total) = service::list(state, &f, limit, offset).await?;
    let next = service::next_starts(state, &rows).await?;
    let (themes, places, departments) =
        service::facets(state, network.as_ref().map(|n| n.0)).await?;
    let mut c = Chrome::new(ctx, headers, "training-portal-title");
    let who = ctx.user.as_ref();
    let (network_name, network_slug, action, new_href) = match &network {
        Some((id, name, slug)) => {
            c.title = format!("{} – {name}", c.title);
            let new_href = if service::may_write(state, who, Provider::Network(*id)).await? {
                format!("/formations/nouvelle?network_id={id}")
            } else {
                String::new()
            };
            (
                name.clone(),
                slug.clone(),
                format!("/reseaux/{slug}/formations"),
                new_href,
            )
        }
        None => {
            // A place's manager filtering on their place finds the form there.
            let new_href = match f.place {
                Some(p) if service::may_write(state, who, Provider::Place(p)).await? => {
                    format!("/formations/nouvelle?place_id={p}")
                }
                _ => String::new(),
            };
            (
                String::new(),
                String::new(),
                "/formations".to_string(),
                new_href,
            )
        }
    };
    let query = crate::web::paging::query_without_page(ctx.path.split_once('?').map(|x| x.1));
    let path_new_href = match &network {
        Some((id, _, _)) if service::may_write(state, who, Provider::Network(*id)).await? => {
            format!("/parcours/nouveau?network_id={id}")
        }
        _ => match f.place {
            Some(p) if service::may_write(state, who, Provider::Place(p)).await? => {
                format!("/parcours/nouveau?place_id={p}")
            }
            _ => String::new(),
        },
    };
    let paths = service::paths(state, network.as_ref().map(|n| n.0), model::PER_PAGE)
        .await?
        .into_iter()
        .map(|p| (p.title.clone(), p.path(), p.provider_name.clone()))
        .collect();
    render(&ListTpl {
        path_new_href,
        paths,
        pages: pages(&query, &action, page.number(), total, model::PER_PAGE),
        modalities: labelled(&c, "training-modality", Modality::ALL),
        routes: labelled(&c, "training-route", FundingRoute::ALL),
        certifications: labelled(&c, "training-certification", Certification::ALL),
        cards: rows
            .iter()
            .map(|t| card(t, next.get(&t.id).copied()))
            .collect(),
        c,
        network_name,
        network_slug,
        action,
        new_href,
        f: q,
        bad_filter,
        themes,
        places,
        departments,
        total,
    })
}

async fn portal(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<PortalQuery>,
) -> AppResult<Response> {
    portal_view(&state, &ctx, &headers, None, q).await
}

async fn network_portal(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<PortalQuery>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    portal_view(&state, &ctx, &headers, Some((n.id, n.name, n.slug)), q).await
}

/// `GET /reseaux/{slug}/formations.csv`: every training of the network and of its places, for
/// the regional census (one line a training; prices in cents; cells safe for spreadsheets).
async fn network_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = Filter {
        network: Some(n.id),
        now: state.clock.now_ms(),
        ..Default::default()
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let cents = |v: Option<i64>| v.map(|c| c.to_string()).unwrap_or_default();
    let write_err = |e: csv::Error| AppError::Internal(e.into());
    w.write_record([
        "titre",
        "organisme",
        "type_organisme",
        "departement",
        "theme",
        "modalite",
        "duree_heures",
        "prix_individuel_centimes",
        "prix_employeur_opco_centimes",
        "prix_demandeur_emploi_centimes",
        "gratuit",
        "certification",
        "qualiopi",
        "qualiopi_date",
        "prochaine_session",
        "url",
    ])
    .map_err(write_err)?;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let mut offset = 0;
    loop {
        let (rows, _) = service::list(&state, &f, 500, offset).await?;
        if rows.is_empty() {
            break;
        }
        let next = service::next_starts(&state, &rows).await?;
        for t in &rows {
            let hours = format!("{}", t.hours());
            let next = next
                .get(&t.id)
                .map(|ms| crate::clock::rfc3339(*ms))
                .unwrap_or_default();
            let url = format!("{base}{}", t.path());
            let record = [
                t.title.as_str(),
                t.provider_name.as_str(),
                match t.provider() {
                    Provider::Place(_) => "lieu",
                    Provider::Network(_) => "reseau",
                },
                t.department.as_str(),
                t.theme.as_str(),
                t.modality.as_str(),
                hours.as_str(),
                &cents(t.price_individuel_cents),
                &cents(t.price_employeur_cents),
                &cents(t.price_demandeur_cents),
                if t.free_route { "oui" } else { "non" },
                t.certification_code.as_str(),
                if t.qualiopi { "oui" } else { "non" },
                t.qualiopi_on.as_str(),
                next.as_str(),
                url.as_str(),
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
            (
                axum::http::header::CONTENT_TYPE,
                "text/csv; charset=utf-8".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"formations-{}.csv\"", n.slug),
            ),
        ],
        body,
    )
        .into_response())
}

/// A session as the training's page shows it.
pub struct SessionView {
    pub href: String,
    pub when: String,
    pub datetime: String,
    pub location: String,
    pub seats: String,
    pub cancelled: bool,
    pub full: bool,
}

fn session_view(c: &Chrome, s: &Session) -> SessionView {
    let full = s.capacity.is_some_and(|cap| s.confirmed >= i64::from(cap));
    SessionView {
        href: format!("/evenements/{}", s.event_id),
        when: crate::events::model::when(c.lang, s.starts_at, s.ends_at, false),
        datetime: crate::clock::rfc3339(s.starts_at),
        location: s.location.clone(),
        seats: match s.capacity {
            Some(cap) => c.ta(
                "training-seats-left",
                "n",
                &(i64::from(cap) - s.confirmed).max(0).to_string(),
            ),
            None => String::new(),
        },
        cancelled: s.cancelled,
        full,
    }
}

#[derive(Template)]
#[template(path = "trainings/training.html")]
struct TrainingTpl {
    c: Chrome,
    t: Training,
    modality_key: String,
    hours: String,
    prices: Vec<(String, String)>,
    trainers: Vec<Trainer>,
    trainer_actors: Vec<super::model::TrainerActor>,
    documents: Vec<super::model::TrainingDocument>,
    sessions: Vec<SessionView>,
    can_write: bool,
    json_ld: String,
    /// For the sheet's keepers: every session (past ones too) and its sign-in sheet.
    sheets: Vec<(String, String)>,
    /// For a learner: the certificates of the sessions they attended.
    certificates: Vec<(String, String)>,
    /// The overall satisfaction ("4,6 / 5 (12 avis)"), once enough learners answered.
    satisfaction: String,
    /// The results' page, for the sheet's keepers.
    results_href: String,
}

async fn training_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let t = service::by_slug(&state, &slug).await?;
    let sessions = service::next_sessions(&state, t.id).await?;
    let mut c = Chrome::new(&ctx, &headers, "training-portal-title");
    c.title = t.title.clone();
    let prices = t
        .routes()
        .into_iter()
        .map(|(route, price)| {
            (
                c.t(&format!("training-route-{route}")),
                match price {
                    Some(p) if p > 0 => crate::money::format_eur(p),
                    _ => c.t("training-free"),
                },
            )
        })
        .collect();
    let (mut sheets, mut certificates, mut results_href) = (Vec::new(), Vec::new(), String::new());
    if let Some(who) = ctx.user.as_ref() {
        if super::attendance::may_record(&state, who, &t).await? {
            results_href = format!("{}/avis", t.path());
            sheets = super::repo::sessions(&state.db, t.id, None, 100)
                .await?
                .iter()
                .map(|s| {
                    (
                        crate::events::model::when(c.lang, s.starts_at, s.ends_at, false),
                        format!("{}/sessions/{}/emargement", t.path(), s.event_id),
                    )
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            sheets.retain(|s| seen.insert(s.1.clone()));
        }
        certificates = super::attendance::attended_sessions(&state, &t, who.user.id)
            .await?
            .into_iter()
            .map(|(event, starts)| {
                (
                    crate::events::model::long_day(c.lang, crate::clock::paris_date(starts)),
                    format!("{}/sessions/{event}/attestation.pdf", t.path()),
                )
            })
            .collect();
    }
    let satisfaction = match super::followup::summary(&state, t.id).await? {
        (answered, Some(mean)) if answered >= super::followup::PUBLIC_FROM => c.lang.ta(
            "training-satisfaction",
            &[
                ("mean", &format!("{mean:.1}").replace('.', ",")),
                ("count", &answered.to_string()),
            ],
        ),
        _ => String::new(),
    };
    render(&TrainingTpl {
        satisfaction,
        results_href,
        sheets,
        certificates,
        can_write: service::may_write(&state, ctx.user.as_ref(), t.provider()).await?,
        json_ld: model::json_ld(&t, &state.config.base_url, &sessions),
        sessions: sessions.iter().map(|s| session_view(&c, s)).collect(),
        trainers: service::trainers_of(&state, t.id).await?,
        trainer_actors: service::trainer_actors_of(&state, t.id).await?,
        documents: service::documents_of(&state, t.id).await?,
        modality_key: format!("training-modality-{}", t.modality),
        hours: t.hours_label(),
        prices,
        c,
        t,
    })
}
