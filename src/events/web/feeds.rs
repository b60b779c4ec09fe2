//! The iCalendar and Atom feeds of the agendas, and each person's private feed of their
//! registrations.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::agenda::AgendaQuery;
use crate::cache::Rendered;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{self, Event, Occurrence};
use crate::events::{repo, service};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::tenancy::repo as tenancy;

/// A public feed through the node's validated cache (`service::vocabulary::agenda_version`):
/// calendar applications poll these all day long, and every one gets the same bytes.
async fn cached_ics(
    state: &AppState,
    key: String,
    render: impl std::future::Future<Output = AppResult<String>>,
) -> AppResult<Response> {
    let render = async { Ok(Rendered::<()>::Keep(render.await?.into())) };
    let body = state
        .pages
        .through(key, service::vocabulary::agenda_version(state), render)
        .await?
        .unwrap_or_default();
    Ok(ics_response(body))
}

/// The part of an agenda's query a feed depends on (its filters and period).
fn feed_key(scope: &str, q: &AgendaQuery) -> String {
    format!("ics|{scope}|{}|{}|{}", q.query_string(), q.vue, q.mois)
}

fn ics_response(body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, crate::ical::CONTENT_TYPE),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

async fn feed_items(
    state: &AppState,
    q: &AgendaQuery,
    network_id: Option<NetworkId>,
    place_id: Option<PlaceId>,
) -> AppResult<Vec<(Event, Occurrence)>> {
    let mut errors = FieldErrors::default();
    let mut f = q.filter(state.clock.now_ms() - 30 * 86_400_000, &mut errors);
    errors.into_result()?;
    if network_id.is_some() {
        f.network_id = network_id;
    }
    if place_id.is_some() {
        f.place_id = place_id;
    }
    f.limit = 1000;
    f.offset = 0;
    Ok(service::pairs(repo::agenda(&state.db, &f).await?))
}

pub(super) async fn ics_all(
    State(state): State<AppState>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let render = async {
        let items = feed_items(&state, &q, None, None).await?;
        service::ics_for(&state, &items, "Agenda Maillage").await
    };
    cached_ics(&state, feed_key("all", &q), render).await
}

pub(super) async fn ics_network(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let n = tenancy::network_by_slug(&state.db, slug.trim_end_matches(".ics"))
        .await?
        .ok_or(AppError::NotFound)?;
    let render = async {
        let items = feed_items(&state, &q, Some(n.id), None).await?;
        service::ics_for(&state, &items, &n.name).await
    };
    cached_ics(&state, feed_key(&format!("n{}", n.id), &q), render).await
}

pub(super) async fn ics_place(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let p = tenancy::place_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let render = async {
        let items = feed_items(&state, &q, None, Some(p.id)).await?;
        service::ics_for(&state, &items, &p.name).await
    };
    cached_ics(&state, feed_key(&format!("p{}", p.id), &q), render).await
}

#[derive(Template)]
#[template(path = "events/feed.atom", escape = "xml")]
struct AtomTpl {
    base: String,
    updated: String,
    entries: Vec<AtomEntry>,
}

struct AtomEntry {
    id: String,
    title: String,
    url: String,
    updated: String,
    summary: String,
}

pub(super) async fn atom_all(
    State(state): State<AppState>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let mut f = q.filter(state.clock.now_ms(), &mut errors);
    errors.into_result()?;
    // The next 50 dates: a feed reader shows the latest entries, not a whole season.
    f.limit = 50;
    f.offset = 0;
    let items = service::pairs(repo::agenda(&state.db, &f).await?);
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let entries: Vec<AtomEntry> = items
        .iter()
        .map(|(e, o)| AtomEntry {
            id: format!("{base}/evenements/{}#{}", e.id, o.id),
            title: format!(
                "{} — {}",
                e.title,
                model::when_fr(o.starts_at, o.ends_at, e.all_day)
            ),
            url: format!("{base}/evenements/{}", e.id),
            updated: crate::clock::rfc3339(e.updated_at),
            summary: crate::text::excerpt(&e.description, 400),
        })
        .collect();
    let updated = items.iter().map(|(e, _)| e.updated_at).max().unwrap_or(0);
    let body = AtomTpl {
        base,
        updated: crate::clock::rfc3339(updated),
        entries,
    }
    .render()
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        body,
    )
        .into_response())
}

pub(super) async fn personal_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let token = token.trim_end_matches(".ics");
    let user = repo::user_of_feed_token(&state.db, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let regs = repo::registrations_of_user(&state.db, user, state.clock.now_ms() - 90 * 86_400_000)
        .await?;
    let items: Vec<(Event, Occurrence)> = regs
        .into_iter()
        .map(|r| {
            let occ = Occurrence {
                id: 0,
                event_id: r.event.id,
                starts_at: r.occ_starts_at,
                ends_at: r.occ_ends_at,
                cancelled: false,
            };
            (r.event, occ)
        })
        .collect();
    let mut res = ics_response(service::ics_for(&state, &items, "Mes inscriptions").await?);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    Ok(res)
}
