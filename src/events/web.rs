//! The agenda's pages: agendas (instance, network, place) as list or month, event pages with
//! JSON-LD, registration and cancellation, attendee lists and CSV, "mes inscriptions",
//! iCal and Atom feeds, creating, cancelling and importing events.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::model::{self, Event, EventInput, Occurrence, RegStatus, KINDS};
use super::{import, repo, service};
use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::state::AppState;
use crate::tenancy::model::{Network, Place};
use crate::tenancy::repo as tenancy;
use crate::web::{redirect, redirect_flash, render, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agenda", get(agenda_all))
        .route("/agenda.ics", get(ics_all))
        .route("/agenda.atom", get(atom_all))
        .route("/reseaux/{slug}/agenda", get(agenda_network))
        .route("/reseaux/{slug}/agenda.ics", get(ics_network))
        .route("/lieux/{slug}/agenda", get(agenda_place))
        .route("/lieux/{slug}/agenda.ics", get(ics_place))
        .route(
            "/evenements",
            post(create).layer(axum::extract::DefaultBodyLimit::max(
                crate::media::MAX_PHOTO_BYTES + 256 * 1024,
            )),
        )
        .route("/evenements/nouveau", get(new_form))
        .route("/evenements/importer", get(import_form).post(import_post))
        .route("/evenements/{id}", get(event_page))
        .route("/evenements/{id}/inscription", post(register))
        .route("/evenements/{id}/annuler", post(cancel_event))
        .route("/evenements/{id}/publier", post(publish_event))
        .route("/evenements/{id}/modifier", get(edit_form).post(edit))
        .route(
            "/evenements/{id}/image",
            post(image_post).layer(axum::extract::DefaultBodyLimit::max(
                crate::media::MAX_PHOTO_BYTES + 64 * 1024,
            )),
        )
        .route("/evenements/{id}/image/supprimer", post(image_delete))
        .route("/evenements/{id}/inscrits", get(attendees))
        .route("/evenements/{id}/inscrits.csv", get(attendees_csv))
        .route("/inscriptions/{id}/annuler", post(cancel_registration))
        .route("/inscriptions/{id}/decision", post(decide))
        .route(
            "/inscriptions/annuler/{token}",
            get(cancel_link_page).post(cancel_link_post),
        )
        .route("/mes-inscriptions", get(mine))
        .route("/mes-inscriptions/flux", post(renew_feed))
        .route("/flux/{token}", get(personal_feed))
}

// ---- shared view helpers ----

pub use super::model::Item;

#[derive(Deserialize, Default, Clone)]
pub struct AgendaQuery {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub lieu: String,
    #[serde(default)]
    pub departement: String,
    #[serde(default)]
    pub en_ligne: String,
    #[serde(default)]
    pub gratuit: String,
    #[serde(default)]
    pub du: String,
    #[serde(default)]
    pub au: String,
    #[serde(default)]
    pub q: String,
    /// `liste` (default) or `mois`.
    #[serde(default)]
    pub vue: String,
    /// `YYYY-MM` for the month view.
    #[serde(default)]
    pub mois: String,
}

impl AgendaQuery {
    fn filter(&self, now: i64, errors: &mut FieldErrors) -> repo::Filter {
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let mut from = Some(now);
        let mut to = None;
        if !self.du.is_empty() {
            match date(&self.du) {
                Some(d) => {
                    from = Some(model::paris_to_utc(
                        d.and_hms_opt(0, 0, 0).unwrap_or_default(),
                    ))
                }
                None => errors.add("du", "event-error-date"),
            }
        }
        if !self.au.is_empty() {
            match date(&self.au) {
                Some(d) => {
                    to = Some(model::paris_to_utc(
                        d.succ_opt()
                            .unwrap_or(d)
                            .and_hms_opt(0, 0, 0)
                            .unwrap_or_default(),
                    ))
                }
                None => errors.add("au", "event-error-date"),
            }
        }
        if self.vue == "mois" {
            let (y, m) = self.month(now);
            let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            }
            .unwrap_or_default();
            from = Some(model::paris_to_utc(
                first.and_hms_opt(0, 0, 0).unwrap_or_default(),
            ));
            to = Some(model::paris_to_utc(
                next.and_hms_opt(0, 0, 0).unwrap_or_default(),
            ));
        }
        let kind = Some(self.kind.clone()).filter(|k| KINDS.contains(&k.as_str()));
        repo::Filter {
            network_id: None,
            place_id: self.lieu.parse().ok(),
            kind,
            department: Some(model::clean(&self.departement)).filter(|d| !d.is_empty()),
            online: !self.en_ligne.is_empty(),
            free: !self.gratuit.is_empty(),
            from,
            to,
            q: Some(self.q.clone()).filter(|q| !q.trim().is_empty()),
            include_drafts: false,
            limit: 300,
        }
    }

    fn month(&self, now: i64) -> (i32, u32) {
        NaiveDate::parse_from_str(&format!("{}-01", self.mois.trim()), "%Y-%m-%d")
            .ok()
            .filter(|d| (1900..=2200).contains(&d.year()))
            .map(|d| (d.year(), d.month()))
            .unwrap_or_else(|| {
                let d = model::utc_to_paris(now).date();
                (d.year(), d.month())
            })
    }

    /// The query string of the filters (for feed links and month navigation).
    pub fn query_string(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("kind", self.kind.as_str()),
            ("lieu", self.lieu.as_str()),
            ("departement", self.departement.as_str()),
            ("en_ligne", self.en_ligne.as_str()),
            ("gratuit", self.gratuit.as_str()),
            ("du", self.du.as_str()),
            ("au", self.au.as_str()),
            ("q", self.q.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// One cell of the month grid.
pub struct DayCell {
    pub day: u32,
    pub in_month: bool,
    pub items: Vec<usize>,
    pub today: bool,
}

#[derive(Template)]
#[template(path = "events/agenda.html")]
struct AgendaTpl {
    c: Chrome,
    heading: String,
    base_path: String,
    items: Vec<Item>,
    q: AgendaQuery,
    qs: String,
    kinds: Vec<&'static str>,
    places: Vec<Place>,
    departments: Vec<String>,
    month_view: bool,
    month_label: String,
    prev_month: String,
    next_month: String,
    weeks: Vec<Vec<DayCell>>,
    errors: FieldErrors,
    new_event_query: String,
}

enum Scope {
    All,
    Network(Network),
    Place(Place),
}

async fn agenda_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    scope: Scope,
    q: AgendaQuery,
) -> AppResult<Response> {
    let now = state.clock.now_ms();
    let mut errors = FieldErrors::default();
    let mut filter = q.filter(now, &mut errors);
    let (heading, base_path, places, new_event_query) = match &scope {
        Scope::All => (
            ctx.lang.t("agenda-title"),
            "/agenda".to_string(),
            tenancy::places(&state.db).await?,
            String::new(),
        ),
        Scope::Network(n) => {
            filter.network_id = Some(n.id);
            let can = authorize(
                ctx.user.as_ref(),
                Action::OrganizeEvents,
                &crate::auth::policy::Target::Network(n.id),
            )
            .is_ok();
            (
                ctx.lang.ta("agenda-of", &[("name", n.name.as_str())]),
                format!("/reseaux/{}/agenda", n.slug),
                tenancy::places_of_network(&state.db, n.id).await?,
                if can {
                    format!("reseau={}", n.id)
                } else {
                    String::new()
                },
            )
        }
        Scope::Place(p) => {
            filter.place_id = Some(p.id);
            let target = crate::tenancy::service::place_target(state, p.id).await?;
            let can = authorize(ctx.user.as_ref(), Action::OrganizeEvents, &target).is_ok();
            (
                ctx.lang.ta("agenda-of", &[("name", p.name.as_str())]),
                format!("/lieux/{}/agenda", p.slug),
                Vec::new(),
                if can {
                    format!("lieu={}", p.id)
                } else {
                    String::new()
                },
            )
        }
    };
    let items: Vec<Item> = if errors.is_empty() {
        let items = service::pairs(repo::agenda(&state.db, &filter).await?)
            .into_iter()
            .map(|(e, o)| Item::new(e, o))
            .collect();
        service::with_images(state, items).await?
    } else {
        Vec::new()
    };
    let month_view = q.vue == "mois";
    let (y, m) = q.month(now);
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
    let today = model::utc_to_paris(now).date();
    let mut weeks = Vec::new();
    if month_view {
        let start =
            first - chrono::Duration::days(i64::from(first.weekday().num_days_from_monday()));
        let mut d = start;
        loop {
            let mut week = Vec::new();
            for _ in 0..7 {
                week.push(DayCell {
                    day: d.day(),
                    in_month: d.month() == m,
                    items: items
                        .iter()
                        .enumerate()
                        .filter(|(_, i)| i.day == d)
                        .map(|(n, _)| n)
                        .collect(),
                    today: d == today,
                });
                d = d.succ_opt().unwrap_or(d);
            }
            weeks.push(week);
            if d.month() != m || weeks.len() >= 6 {
                break;
            }
        }
    }
    const MONTHS: [&str; 12] = [
        "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
        "month-9", "month-10", "month-11", "month-12",
    ];
    let prev = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let mut c = Chrome::new(ctx, headers, "agenda-title");
    c.title = heading.clone();
    let qs = q.query_string();
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &AgendaTpl {
            month_label: format!("{} {y}", ctx.lang.t(MONTHS[(m - 1) as usize])),
            prev_month: format!("{:04}-{:02}", prev.0, prev.1),
            next_month: format!("{:04}-{:02}", next.0, next.1),
            c,
            heading,
            base_path,
            items,
            q,
            qs,
            kinds: KINDS.to_vec(),
            places,
            departments: repo::departments(&state.db).await?,
            month_view,
            weeks,
            errors,
            new_event_query,
        },
    )
}

async fn agenda_all(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    agenda_view(&state, &ctx, &headers, Scope::All, q).await
}

async fn agenda_network(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let n = tenancy::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    agenda_view(&state, &ctx, &headers, Scope::Network(n), q).await
}

async fn agenda_place(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let p = tenancy::place_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    agenda_view(&state, &ctx, &headers, Scope::Place(p), q).await
}

// ---- feeds ----

fn ics_response(body: String) -> Response {
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
    network_id: Option<i64>,
    place_id: Option<i64>,
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
    Ok(service::pairs(repo::agenda(&state.db, &f).await?))
}

async fn ics_all(
    State(state): State<AppState>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let items = feed_items(&state, &q, None, None).await?;
    Ok(ics_response(
        service::ics_for(&state, &items, "Agenda Maillage").await?,
    ))
}

async fn ics_network(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let n = tenancy::network_by_slug(&state.db, slug.trim_end_matches(".ics"))
        .await?
        .ok_or(AppError::NotFound)?;
    let items = feed_items(&state, &q, Some(n.id), None).await?;
    Ok(ics_response(
        service::ics_for(&state, &items, &n.name).await?,
    ))
}

async fn ics_place(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let p = tenancy::place_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let items = feed_items(&state, &q, None, Some(p.id)).await?;
    Ok(ics_response(
        service::ics_for(&state, &items, &p.name).await?,
    ))
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

async fn atom_all(
    State(state): State<AppState>,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let f = q.filter(state.clock.now_ms(), &mut errors);
    errors.into_result()?;
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

async fn personal_feed(
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

// ---- event page ----

#[derive(Template)]
#[template(path = "events/event.html")]
struct EventTpl {
    c: Chrome,
    ev: Event,
    description_html: String,
    kind_key: String,
    when: String,
    organizer: Option<(String, String)>,
    location_place: Option<Place>,
    space: Option<crate::bookings::model::Space>,
    image: Option<crate::media::Photo>,
    occurrences: Vec<OccView>,
    mine: Vec<MineView>,
    can_organize: bool,
    signed_in: bool,
    questions: Vec<String>,
    price: String,
    json_ld: String,
    errors: FieldErrors,
}

pub struct OccView {
    pub id: i64,
    pub when: String,
    pub seats_left: Option<i64>,
    pub waitlisted: i64,
    pub cancelled: bool,
    pub past: bool,
}

pub struct MineView {
    pub id: i64,
    pub when: String,
    pub status: String,
}

async fn event_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    errors: FieldErrors,
) -> AppResult<Response> {
    let ev = service::visible_event(state, ctx.user.as_ref(), id).await?;
    let now = state.clock.now_ms();
    let occs = repo::occurrences_of(&state.db, ev.id).await?;
    let counts = repo::counts_of_event(&state.db, ev.id).await?;
    let occurrences: Vec<OccView> = occs
        .iter()
        .map(|o| {
            let c = counts
                .iter()
                .find(|c| c.occurrence_id == o.id)
                .cloned()
                .unwrap_or_default();
            OccView {
                id: o.id,
                when: model::when(ctx.lang, o.starts_at, o.ends_at, ev.all_day),
                seats_left: ev
                    .capacity
                    .map(|cap| (i64::from(cap) - c.confirmed_seats).max(0)),
                waitlisted: c.waitlisted,
                cancelled: o.cancelled,
                past: o.ends_at < now,
            }
        })
        .collect();
    let mine = match &ctx.user {
        Some(p) => repo::registrations_of_user(&state.db, p.user.id, 0)
            .await?
            .into_iter()
            .filter(|r| r.event.id == ev.id)
            .map(|r| MineView {
                id: r.reg_id,
                when: model::when(ctx.lang, r.occ_starts_at, r.occ_ends_at, ev.all_day),
                status: format!("reg-status-{}", r.reg_status),
            })
            .collect(),
        None => Vec::new(),
    };
    let organizer = match (ev.place_id, ev.network_id) {
        (Some(p), _) => tenancy::place_by_id(&state.db, p)
            .await?
            .map(|p| (p.name, format!("/lieux/{}", p.slug))),
        (None, Some(n)) => tenancy::network_by_id(&state.db, n)
            .await?
            .map(|n| (n.name, format!("/reseaux/{}", n.slug))),
        _ => None,
    };
    // An event organized by a public project names the project (its public page).
    let organizer = match super::service::project_of(state, ev.id).await? {
        Some(p) if p.public => Some((p.name, format!("/projets/{}", p.slug))),
        _ => organizer,
    };
    let location_place = match ev.location_place_id {
        Some(p) => tenancy::place_by_id(&state.db, p).await?,
        None => None,
    };
    let space = match ev.space_id {
        Some(s) => crate::bookings::service::space(&state.db, s).await?,
        None => None,
    };
    let image = service::image_of(state, ev.id).await?;
    let can_organize = service::can_organize(state, ctx.user.as_ref(), &ev).await;
    let first = occs
        .iter()
        .find(|o| o.ends_at >= now)
        .or(occs.first())
        .cloned();
    let when = first
        .as_ref()
        .map(|o| model::when(ctx.lang, o.starts_at, o.ends_at, ev.all_day))
        .unwrap_or_default();
    let json_ld = json_ld(
        state,
        &ev,
        first.as_ref(),
        organizer.as_ref(),
        location_place.as_ref(),
        space.as_ref(),
        image.as_ref(),
    );
    let price = match ev.price_cents {
        Some(c) if c > 0 => crate::money::format_eur(c),
        _ => ctx.lang.t("event-free"),
    };
    let mut c = Chrome::new(ctx, headers, "agenda-title");
    c.title = ev.title.clone();
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &EventTpl {
            c,
            description_html: ev.description.clone(),
            kind_key: format!("event-kind-{}", ev.kind),
            questions: ev.question_list(),
            when,
            organizer,
            location_place,
            space,
            image,
            occurrences,
            mine,
            can_organize,
            signed_in: ctx.user.is_some(),
            price,
            json_ld,
            errors,
            ev,
        },
    )
}

/// schema.org `Event` as JSON-LD; `<` is escaped so the data can never close the script.
fn json_ld(
    state: &AppState,
    ev: &Event,
    occ: Option<&Occurrence>,
    organizer: Option<&(String, String)>,
    place: Option<&Place>,
    space: Option<&crate::bookings::model::Space>,
    image: Option<&crate::media::Photo>,
) -> String {
    let (start, end) = occ
        .map(|o| (o.starts_at, o.ends_at))
        .unwrap_or((ev.starts_at, ev.ends_at));
    let fmt = |ms: i64| {
        if ev.all_day {
            model::utc_to_paris(ms).date().to_string()
        } else {
            crate::clock::from_ms(ms)
                .with_timezone(&chrono_tz::Europe::Paris)
                .to_rfc3339()
        }
    };
    let mode = match ev.location_kind.as_str() {
        "online" => "https://schema.org/OnlineEventAttendanceMode",
        "hybrid" => "https://schema.org/MixedEventAttendanceMode",
        _ => "https://schema.org/OfflineEventAttendanceMode",
    };
    let status = if ev.status == "cancelled" {
        "https://schema.org/EventCancelled"
    } else {
        "https://schema.org/EventScheduled"
    };
    let mut locations = Vec::new();
    if let Some(p) = place {
        let name = match space {
            Some(s) => format!("{}, {}", s.name, p.name),
            None => p.name.clone(),
        };
        locations.push(serde_json::json!({"@type": "Place", "name": name, "address": p.city}));
    } else if !ev.address.is_empty() {
        locations
            .push(serde_json::json!({"@type": "Place", "name": ev.address, "address": ev.address}));
    }
    if !ev.online_url.is_empty() {
        locations.push(serde_json::json!({"@type": "VirtualLocation", "url": ev.online_url}));
    }
    let base = state.config.base_url.trim_end_matches('/');
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": ev.title,
        "description": crate::text::excerpt(&ev.description, 500),
        "startDate": fmt(start),
        "endDate": fmt(if ev.all_day { end - 1 } else { end }),
        "eventAttendanceMode": mode,
        "eventStatus": status,
        "url": format!("{base}/evenements/{}", ev.id),
        "location": locations,
        "isAccessibleForFree": ev.is_free(),
        "offers": {
            "@type": "Offer",
            "price": format!("{}.{:02}", ev.price_cents.unwrap_or(0) / 100, ev.price_cents.unwrap_or(0) % 100),
            "priceCurrency": "EUR",
            "url": format!("{base}/evenements/{}", ev.id),
        },
    });
    if let Some((name, path)) = organizer {
        v["organizer"] = serde_json::json!({"@type": "Organization", "name": name, "url": format!("{base}{path}")});
    }
    if let Some(cap) = ev.capacity {
        v["maximumAttendeeCapacity"] = serde_json::json!(cap);
    }
    if let Some(img) = image {
        v["image"] = serde_json::json!([format!("{base}{}", img.url())]);
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

async fn event_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    event_view(&state, &ctx, &headers, id, FieldErrors::default()).await
}

#[derive(Deserialize)]
struct RegisterForm {
    #[serde(default)]
    occurrence_id: Option<i64>,
    #[serde(default)]
    guests: String,
    #[serde(default)]
    answer_0: String,
    #[serde(default)]
    answer_1: String,
    #[serde(default)]
    answer_2: String,
    #[serde(default)]
    answer_3: String,
    #[serde(default)]
    answer_4: String,
}

async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<RegisterForm>,
) -> AppResult<Response> {
    let Some(p) = ctx.user.as_ref() else {
        return Ok(redirect(&format!(
            "/connexion?next={}",
            urlencoding::encode(&format!("/evenements/{id}"))
        )));
    };
    let ev = service::visible_event(&state, Some(p), id).await?;
    let guests = if f.guests.trim().is_empty() {
        Ok(0)
    } else {
        f.guests.trim().parse::<i32>()
    };
    let Ok(guests) = guests else {
        let mut errors = FieldErrors::default();
        errors.add("guests", "event-error-guests");
        return event_view(&state, &ctx, &headers, id, errors).await;
    };
    let answers = vec![f.answer_0, f.answer_1, f.answer_2, f.answer_3, f.answer_4];
    match service::register(&state, p, &ev, f.occurrence_id, guests, &answers).await {
        Ok(out) => {
            let flash = match out.registration.status() {
                RegStatus::Confirmed => "flash-registered",
                RegStatus::Waitlisted => "flash-waitlisted",
                _ => "flash-pending",
            };
            Ok(redirect_flash(&format!("/evenements/{id}"), flash))
        }
        Err(AppError::Invalid(errors)) => event_view(&state, &ctx, &headers, id, errors).await,
        Err(AppError::Conflict(_)) => {
            let mut errors = FieldErrors::default();
            errors.add("occurrence_id", "event-error-closed");
            event_view(&state, &ctx, &headers, id, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct NextForm {
    #[serde(default)]
    next: String,
}

async fn cancel_registration(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<NextForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let reg = repo::registration_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ev = repo::event_by_id(&state.db, reg.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if reg.user_id != p.user.id && !service::can_organize(&state, Some(p), &ev).await {
        return Err(AppError::NotFound);
    }
    service::cancel_registration(&state, id).await?;
    if reg.user_id != p.user.id && reg.status().is_live() {
        service::tell_cancelled_by_organizer(&state, &reg, &ev).await?;
    }
    let next = crate::web::safe_next(Some(&f.next));
    let next = if next == "/" {
        format!("/evenements/{}", ev.id)
    } else {
        next
    };
    Ok(redirect_flash(&next, "flash-registration-cancelled"))
}

#[derive(Deserialize)]
struct DecisionForm {
    decision: String,
}

async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let reg = repo::registration_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let ev = repo::event_by_id(&state.db, reg.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::can_organize(&state, Some(p), &ev).await {
        return Err(AppError::NotFound);
    }
    service::decide_pending(&state, id, f.decision == "accept").await?;
    Ok(redirect_flash(
        &format!("/evenements/{}/inscrits", ev.id),
        "flash-saved",
    ))
}

// ---- signed cancellation link ----

#[derive(Template)]
#[template(path = "events/cancel_link.html")]
struct CancelLinkTpl {
    c: Chrome,
    token: String,
    title: String,
    when: String,
    live: bool,
}

async fn cancel_link_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let reg = repo::registration_by_token(&state.db, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    let ev = repo::event_by_id(&state.db, reg.event_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let occ = repo::occurrence_by_id(&state.db, reg.occurrence_id)
        .await?
        .ok_or(AppError::NotFound)?;
    render(&CancelLinkTpl {
        c: Chrome::new(&ctx, &headers, "cancel-link-title"),
        token,
        title: ev.title,
        when: model::when(ctx.lang, occ.starts_at, occ.ends_at, ev.all_day),
        live: reg.status().is_live(),
    })
}

async fn cancel_link_post(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let reg = repo::registration_by_token(&state.db, &token)
        .await?
        .ok_or(AppError::NotFound)?;
    service::cancel_registration(&state, reg.id).await?;
    Ok(redirect_flash(
        &format!("/evenements/{}", reg.event_id),
        "flash-registration-cancelled",
    ))
}

// ---- mes inscriptions ----

#[derive(Template)]
#[template(path = "events/mine.html")]
struct MineTpl {
    c: Chrome,
    regs: Vec<MineRow>,
    feed_url: Option<String>,
    has_feed: bool,
}

pub struct MineRow {
    pub reg_id: i64,
    pub event_id: i64,
    pub title: String,
    pub when: String,
    pub status: String,
    pub guests: i32,
}

async fn mine_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    feed_url: Option<String>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let regs = repo::registrations_of_user(&state.db, p.user.id, state.clock.now_ms())
        .await?
        .into_iter()
        .map(|r| MineRow {
            reg_id: r.reg_id,
            event_id: r.event.id,
            when: model::when(ctx.lang, r.occ_starts_at, r.occ_ends_at, r.event.all_day),
            title: r.event.title,
            status: format!("reg-status-{}", r.reg_status),
            guests: r.reg_guests,
        })
        .collect();
    render(&MineTpl {
        c: Chrome::new(ctx, headers, "mine-title"),
        regs,
        has_feed: repo::has_feed_token(&state.db, p.user.id).await?,
        feed_url,
    })
}

async fn mine(State(state): State<AppState>, ctx: Ctx, headers: HeaderMap) -> AppResult<Response> {
    mine_view(&state, &ctx, &headers, None).await
}

async fn renew_feed(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let token = repo::renew_feed_token(&state.db, p.user.id, state.clock.now_ms()).await?;
    let url = format!(
        "{}/flux/{token}.ics",
        state.config.base_url.trim_end_matches('/')
    );
    mine_view(&state, &ctx, &headers, Some(url)).await
}

// ---- organizer: attendees ----

#[derive(Template)]
#[template(path = "events/attendees.html")]
struct AttendeesTpl {
    c: Chrome,
    ev: Event,
    rows: Vec<AttendeeRow>,
    is_cancelled: bool,
    errors: FieldErrors,
}

pub struct AttendeeRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub when: String,
    pub status: String,
    pub live: bool,
    pub pending: bool,
    pub guests: i32,
    pub answers: String,
}

async fn organizer_event(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Event> {
    let p = ctx.require_user()?;
    let ev = repo::event_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::can_organize(state, Some(p), &ev).await {
        return Err(AppError::NotFound);
    }
    Ok(ev)
}

async fn attendees_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    errors: FieldErrors,
) -> AppResult<Response> {
    let ev = organizer_event(state, ctx, id).await?;
    let rows = repo::attendees(&state.db, ev.id)
        .await?
        .into_iter()
        .map(|a| AttendeeRow {
            id: a.reg.id,
            live: a.reg.status().is_live(),
            pending: a.reg.status() == RegStatus::Pending,
            status: format!("reg-status-{}", a.reg.status),
            when: crate::clock::paris_display(a.occ_starts_at),
            name: a.display_name,
            email: a.email,
            guests: a.reg.guests,
            answers: a.reg.answers,
        })
        .collect();
    let mut c = Chrome::new(ctx, headers, "attendees-title");
    c.title = format!("{} — {}", ctx.lang.t("attendees-title"), ev.title);
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &AttendeesTpl {
            c,
            is_cancelled: ev.status == "cancelled",
            ev,
            rows,
            errors,
        },
    )
}

async fn attendees(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    attendees_view(&state, &ctx, &headers, id, FieldErrors::default()).await
}

/// A CSV cell, quoted, with formula-looking values neutralized for spreadsheets.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

async fn attendees_csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    let mut out =
        String::from("\u{feff}date;nom;email;statut;accompagnants;réponses;inscrit_le\r\n");
    for a in repo::attendees(&state.db, ev.id).await? {
        let row = [
            crate::clock::paris_display(a.occ_starts_at),
            a.display_name,
            a.email,
            a.reg.status.clone(),
            a.reg.guests.to_string(),
            a.reg.answers.replace('\n', " | "),
            crate::clock::paris_display(a.reg.created_at),
        ];
        out.push_str(
            &row.iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(";"),
        );
        out.push_str("\r\n");
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"inscrits-{}.csv\"", ev.id),
            ),
        ],
        out,
    )
        .into_response())
}

#[derive(Deserialize)]
struct CancelEventForm {
    #[serde(default)]
    reason: String,
}

async fn publish_event(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    if ev.status == "draft" {
        repo::set_status(&state.db, ev.id, "published", "", state.clock.now_ms()).await?;
    }
    Ok(redirect_flash(
        &format!("/evenements/{id}"),
        "flash-event-published",
    ))
}

async fn cancel_event(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<CancelEventForm>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    match service::cancel_event(&state, &ev, &f.reason).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/evenements/{id}"),
            "flash-event-cancelled",
        )),
        Err(AppError::Invalid(errors)) => attendees_view(&state, &ctx, &headers, id, errors).await,
        Err(e) => Err(e),
    }
}

// ---- organizer: create ----

#[derive(Template)]
#[template(path = "events/form.html")]
struct FormTpl {
    c: Chrome,
    organizers: Vec<(String, String)>,
    selected: String,
    f: EventForm,
    kinds: Vec<&'static str>,
    errors: FieldErrors,
    action: String,
    editing: bool,
    /// The places that may host it: `(value, label)`.
    location_places: Vec<(String, String)>,
    /// The spaces the event may take place in, by place.
    spaces: Vec<SpaceGroup>,
    /// The event's image (editing).
    image: Option<crate::media::Photo>,
    event_id: i64,
}

/// The spaces of one place, for the form's select: `(value, label)`.
pub struct SpaceGroup {
    pub place: String,
    pub spaces: Vec<(String, String)>,
}

/// The rooms (not the equipment) of these places.
async fn spaces_for(state: &AppState, place_ids: &[i64]) -> AppResult<Vec<SpaceGroup>> {
    let mut out = Vec::new();
    for &id in place_ids {
        let Some(place) = tenancy::place_by_id(&state.db, id).await? else {
            continue;
        };
        let spaces: Vec<(String, String)> =
            crate::bookings::service::spaces_of_place(&state.db, id)
                .await?
                .into_iter()
                .filter(|s| !s.is_equipment)
                .map(|s| (s.id.to_string(), s.name))
                .collect();
        if !spaces.is_empty() {
            out.push(SpaceGroup {
                place: place.name,
                spaces,
            });
        }
    }
    Ok(out)
}

/// The places among the organizers `lieu-ID`.
fn organizer_places(organizers: &[(String, String)]) -> Vec<i64> {
    organizers
        .iter()
        .filter_map(|(v, _)| v.strip_prefix("lieu-").and_then(|id| id.parse().ok()))
        .collect()
}

/// The places the form offers as host: those the person organizes for.
fn location_choices(organizers: &[(String, String)]) -> Vec<(String, String)> {
    organizers
        .iter()
        .filter_map(|(v, label)| {
            v.strip_prefix("lieu-")
                .map(|id| (id.to_string(), label.clone()))
        })
        .collect()
}

#[derive(Deserialize, Default, Clone)]
pub struct EventForm {
    /// `lieu-ID` or `reseau-ID`.
    #[serde(default)]
    pub organizer: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub all_day: String,
    #[serde(default)]
    pub location_kind: String,
    #[serde(default)]
    pub location_place_id: String,
    #[serde(default)]
    pub space_id: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub online_url: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub price_info: String,
    #[serde(default)]
    pub audience: String,
    #[serde(default)]
    pub wheelchair: String,
    #[serde(default)]
    pub sign_language: String,
    #[serde(default)]
    pub subtitles: String,
    #[serde(default)]
    pub approval: String,
    #[serde(default)]
    pub questions: String,
    #[serde(default)]
    pub rrule: String,
    #[serde(default)]
    pub exdates: String,
    #[serde(default)]
    pub status: String,
    /// The text alternative of the image uploaded with a new event.
    #[serde(default)]
    pub image_alt: String,
}

/// Organizers this person may create events for: `(value, label)`.
async fn organizers_of(state: &AppState, ctx: &Ctx) -> AppResult<Vec<(String, String)>> {
    let p = ctx.require_user()?;
    let mut out = Vec::new();
    let (networks, places) = if p.is_instance_admin() {
        (
            tenancy::networks(&state.db).await?,
            tenancy::places(&state.db).await?,
        )
    } else {
        let mut nets = Vec::new();
        let mut places = Vec::new();
        for id in p.admin_networks() {
            nets.extend(tenancy::network_by_id(&state.db, id).await?);
            places.extend(tenancy::places_of_network(&state.db, id).await?);
        }
        for id in p.managed_places() {
            if !places.iter().any(|pl: &Place| pl.id == id) {
                places.extend(tenancy::place_by_id(&state.db, id).await?);
            }
        }
        (nets, places)
    };
    for n in networks {
        out.push((format!("reseau-{}", n.id), n.name));
    }
    for pl in places {
        out.push((format!("lieu-{}", pl.id), pl.name));
    }
    Ok(out)
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(default)]
    lieu: Option<i64>,
    #[serde(default)]
    reseau: Option<i64>,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let organizers = organizers_of(&state, &ctx).await?;
    if organizers.is_empty() {
        return Err(AppError::Forbidden);
    }
    let selected = match (q.lieu, q.reseau) {
        (Some(p), _) => format!("lieu-{p}"),
        (None, Some(n)) => format!("reseau-{n}"),
        _ => String::new(),
    };
    render(&FormTpl {
        c: Chrome::new(&ctx, &headers, "event-new-title"),
        spaces: spaces_for(&state, &organizer_places(&organizers)).await?,
        location_places: location_choices(&organizers),
        organizers,
        selected,
        f: EventForm {
            kind: "atelier".into(),
            location_kind: "place".into(),
            status: "published".into(),
            ..Default::default()
        },
        kinds: KINDS.to_vec(),
        errors: FieldErrors::default(),
        action: "/evenements".into(),
        editing: false,
        image: None,
        event_id: 0,
    })
}

/// "12,50" or "12.50" or "12" euros → cents.
fn parse_euros(s: &str) -> Result<Option<i64>, ()> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    // The shared parser bounds the number of digits (no overflow).
    match crate::money::parse_eur(s) {
        Ok(c) if c >= 0 => Ok(Some(c)),
        _ => Err(()),
    }
}

/// The form's fields as API input; `organizer` is `lieu-ID` or `reseau-ID`.
fn form_input(f: &EventForm, errors: &mut FieldErrors) -> EventInput {
    let (place_id, network_id) = match f.organizer.split_once('-') {
        Some(("lieu", id)) => (id.parse().ok(), None),
        Some(("reseau", id)) => (None, id.parse().ok()),
        _ => (None, None),
    };
    let capacity = match f.capacity.trim() {
        "" => None,
        s => match s.parse::<i32>() {
            Ok(c) => Some(c),
            Err(_) => {
                errors.add("capacity", "event-error-capacity");
                None
            }
        },
    };
    let price_cents = parse_euros(&f.price).unwrap_or_else(|_| {
        errors.add("price", "event-error-price");
        None
    });
    let location_place_id = match f.location_place_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("location_place_id", "event-error-host-place");
                None
            }
        },
    };
    let space_id = match f.space_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("space_id", "event-error-space");
                None
            }
        },
    };
    let day_or_time = |v: &str| {
        if f.all_day.is_empty() {
            v.to_string()
        } else {
            v.chars().take(10).collect()
        }
    };
    EventInput {
        title: f.title.clone(),
        starts_at: day_or_time(&f.starts_at),
        ends_at: day_or_time(&f.ends_at),
        capacity,
        place_id,
        network_id,
        status: Some(if f.status == "draft" {
            "draft".into()
        } else {
            "published".into()
        }),
        kind: Some(f.kind.clone()),
        description: Some(f.description.clone()),
        all_day: Some(!f.all_day.is_empty()),
        location_kind: Some(f.location_kind.clone()),
        location_place_id,
        space_id,
        address: Some(f.address.clone()),
        online_url: Some(f.online_url.clone()),
        price_cents,
        price_info: Some(f.price_info.clone()),
        audience: Some(f.audience.clone()),
        wheelchair: Some(!f.wheelchair.is_empty()),
        sign_language: Some(!f.sign_language.is_empty()),
        subtitles: Some(!f.subtitles.is_empty()),
        approval: Some(!f.approval.is_empty()),
        questions: Some(f.questions.clone()),
        categories: None,
        rrule: Some(f.rrule.clone()),
        exdates: Some(f.exdates.clone()),
    }
}

/// An event's fields, to edit them in the form (local Paris times).
fn event_form(ev: &Event) -> EventForm {
    let local = |ms: i64| model::utc_to_paris(ms).format("%Y-%m-%dT%H:%M").to_string();
    let end = if ev.all_day {
        ev.ends_at - 86_400_000
    } else {
        ev.ends_at
    };
    let flag = |b: bool| if b { "1".to_string() } else { String::new() };
    EventForm {
        organizer: match (ev.place_id, ev.network_id) {
            (Some(p), _) => format!("lieu-{p}"),
            (None, Some(n)) => format!("reseau-{n}"),
            _ => String::new(),
        },
        title: ev.title.clone(),
        kind: ev.kind.clone(),
        description: ev.description.clone(),
        starts_at: local(ev.starts_at),
        ends_at: local(end),
        all_day: flag(ev.all_day),
        location_kind: ev.location_kind.clone(),
        location_place_id: ev
            .location_place_id
            .filter(|p| Some(*p) != ev.place_id)
            .map(|p| p.to_string())
            .unwrap_or_default(),
        space_id: ev.space_id.map(|s| s.to_string()).unwrap_or_default(),
        address: ev.address.clone(),
        online_url: ev.online_url.clone(),
        capacity: ev.capacity.map(|c| c.to_string()).unwrap_or_default(),
        price: ev
            .price_cents
            .map(|c| format!("{},{:02}", c / 100, c % 100))
            .unwrap_or_default(),
        price_info: ev.price_info.clone(),
        audience: ev.audience.clone(),
        wheelchair: flag(ev.wheelchair),
        sign_language: flag(ev.sign_language),
        subtitles: flag(ev.subtitles),
        approval: flag(ev.approval),
        questions: ev.questions.clone(),
        rrule: ev.rrule.clone().unwrap_or_default(),
        exdates: ev.exdates.clone(),
        status: ev.status.clone(),
        image_alt: String::new(),
    }
}

/// The new-event form: urlencoded, or multipart when it carries an image (`image`, `image_alt`).
async fn read_event_form(
    req: axum::extract::Request,
) -> AppResult<(EventForm, Option<crate::form::Upload>)> {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(f) = Form::<EventForm>::from_request(req, &()).await?;
        return Ok((f, None));
    }
    let mp = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    let up = crate::form::read_upload(mp).await?;
    let encoded =
        serde_urlencoded::to_string(&up.fields).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let f: EventForm =
        serde_urlencoded::from_str(&encoded).map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok((f, Some(up)))
}

/// `media`'s field errors under the form's names (`image`, `image_alt`).
fn image_errors(e: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::default();
    for (field, key) in e.0 {
        out.add(if field == "alt" { "image_alt" } else { "image" }, key);
    }
    out
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    req: axum::extract::Request,
) -> AppResult<Response> {
    let (f, upload) = read_event_form(req).await?;
    let p = ctx.require_user()?;
    let organizers = organizers_of(&state, &ctx).await?;
    let mut errors = FieldErrors::default();
    // An image sent with the form is checked before the event is created.
    let image = upload.as_ref().and_then(|u| {
        if u.too_large {
            errors.add("image", "photo-error-too-large");
            return None;
        }
        let (_, bytes) = u.file.as_ref()?;
        if let Err(key) = crate::media::process(bytes) {
            errors.add("image", key);
        }
        if f.image_alt.trim().is_empty() {
            errors.add("image_alt", "photo-error-alt-required");
        } else if f.image_alt.trim().chars().count() > 300 {
            errors.add("image_alt", "photo-error-alt-too-long");
        }
        Some(bytes.as_slice())
    });
    let input = form_input(&f, &mut errors);
    let parsed = input.parse(&mut errors);
    if let (Some(new), true) = (parsed, errors.is_empty()) {
        match service::create_event(&state, p, new).await {
            Ok(ev) => {
                if let Some(bytes) = image {
                    service::set_image(&state, &ev, Some(bytes), &f.image_alt, Some(p.user.id))
                        .await?;
                }
                return Ok(redirect_flash(
                    &format!("/evenements/{}", ev.id),
                    "flash-event-created",
                ));
            }
            Err(AppError::Invalid(e)) => errors = e,
            Err(AppError::NotFound) => errors.add("organizer", "event-error-organizer"),
            Err(e) => return Err(e),
        }
    }
    if errors.has("organizer") && organizers.is_empty() {
        return Err(AppError::Forbidden);
    }
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &FormTpl {
            c: Chrome::new(&ctx, &headers, "event-new-title"),
            spaces: spaces_for(&state, &organizer_places(&organizers)).await?,
            location_places: location_choices(&organizers),
            organizers,
            selected: f.organizer.clone(),
            f,
            kinds: KINDS.to_vec(),
            errors,
            action: "/evenements".into(),
            editing: false,
            image: None,
            event_id: 0,
        },
    )
}

/// The edit page of an event (its form, its image).
async fn edit_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    ev: &Event,
    f: EventForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "event-edit-title");
    c.title = format!("{} — {}", ctx.lang.t("event-edit-title"), ev.title);
    // The places this person organizes for, and the event's own.
    let organizers = organizers_of(state, ctx).await?;
    let mut location_places = location_choices(&organizers);
    let mut places = organizer_places(&organizers);
    for p in ev.place_id.into_iter().chain(ev.location_place_id) {
        if !places.contains(&p) {
            places.push(p);
            if let Some(pl) = tenancy::place_by_id(&state.db, p).await? {
                location_places.push((p.to_string(), pl.name));
            }
        }
    }
    // The organizing place first: its rooms are the likely ones.
    if let Some(own) = ev.place_id {
        places.sort_by_key(|p| *p != own);
    }
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &FormTpl {
            c,
            organizers: Vec::new(),
            selected: String::new(),
            f,
            kinds: KINDS.to_vec(),
            errors,
            action: format!("/evenements/{}/modifier", ev.id),
            editing: true,
            spaces: spaces_for(state, &places).await?,
            location_places,
            image: service::image_of(state, ev.id).await?,
            event_id: ev.id,
        },
    )
}

async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    edit_view(
        &state,
        &ctx,
        &headers,
        &ev,
        event_form(&ev),
        FieldErrors::default(),
    )
    .await
}

async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(mut f): Form<EventForm>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    // The organizer does not change here.
    f.organizer = event_form(&ev).organizer;
    let mut errors = FieldErrors::default();
    let input = form_input(&f, &mut errors);
    let parsed = input.parse(&mut errors);
    if let (Some(new), true) = (parsed, errors.is_empty()) {
        match service::update_event(&state, &ev, new).await {
            Ok(_) => return Ok(redirect_flash(&format!("/evenements/{id}"), "flash-saved")),
            Err(AppError::Invalid(e)) => errors = e,
            Err(e) => return Err(e),
        }
    }
    edit_view(&state, &ctx, &headers, &ev, f, errors).await
}

/// Sets or replaces the image (organizers): multipart `file` + `alt`.
async fn image_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    let up = crate::form::read_upload(mp).await?;
    let result = if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        Err(AppError::Invalid(e))
    } else {
        service::set_image(
            &state,
            &ev,
            up.file.as_ref().map(|(_, b)| b.as_slice()),
            up.get("alt"),
            ctx.user.as_ref().map(|p| p.user.id),
        )
        .await
    };
    match result {
        Ok(_) => Ok(redirect_flash(
            &format!("/evenements/{id}/modifier#image"),
            "flash-event-image-saved",
        )),
        Err(AppError::Invalid(e)) => {
            edit_view(
                &state,
                &ctx,
                &headers,
                &ev,
                event_form(&ev),
                image_errors(e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn image_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    service::delete_image(&state, &ev).await?;
    Ok(redirect_flash(
        &format!("/evenements/{id}/modifier#image"),
        "flash-event-image-deleted",
    ))
}

// ---- organizer: import ----

#[derive(Template)]
#[template(path = "events/import.html")]
struct ImportTpl {
    c: Chrome,
    organizers: Vec<(String, String)>,
    selected: String,
    report: Option<import::Report>,
    errors: FieldErrors,
    /// The address given, shown again.
    url: String,
    /// The download's reason of failure, in words.
    url_error: Option<String>,
}

async fn import_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let organizers = organizers_of(&state, &ctx).await?;
    if organizers.is_empty() {
        return Err(AppError::Forbidden);
    }
    render(&ImportTpl {
        c: Chrome::new(&ctx, &headers, "event-import-title"),
        organizers,
        selected: String::new(),
        report: None,
        errors: FieldErrors::default(),
        url: String::new(),
        url_error: None,
    })
}

#[derive(Deserialize)]
struct ImportForm {
    #[serde(default)]
    organizer: String,
    #[serde(default)]
    ics: String,
    /// The address of an iCalendar document to download instead.
    #[serde(default)]
    url: String,
}

/// The import form: a `.ics` file (multipart upload) or its pasted content.
async fn read_import_form(req: axum::extract::Request) -> AppResult<ImportForm> {
    use axum::extract::FromRequest;
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let Form(f) = Form::<ImportForm>::from_request(req, &()).await?;
        return Ok(f);
    }
    let mut mp = axum::extract::Multipart::from_request(req, &())
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut f = ImportForm {
        organizer: String::new(),
        ics: String::new(),
        url: String::new(),
    };
    let mut file = String::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        let text = String::from_utf8_lossy(&bytes).to_string();
        match name.as_str() {
            "organizer" => f.organizer = text,
            "ics" => f.ics = text,
            "url" => f.url = text,
            "file" => file = text,
            _ => {}
        }
    }
    if !file.trim().is_empty() {
        f.ics = file;
    }
    Ok(f)
}

async fn import_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    req: axum::extract::Request,
) -> AppResult<Response> {
    let f = read_import_form(req).await?;
    let p = ctx.require_user()?;
    let organizers = organizers_of(&state, &ctx).await?;
    let mut errors = FieldErrors::default();
    let organizer = match f.organizer.split_once('-') {
        Some(("lieu", id)) => id.parse().ok().map(import::Organizer::Place),
        Some(("reseau", id)) => id.parse().ok().map(import::Organizer::Network),
        _ => None,
    };
    if organizer.is_none() || !organizers.iter().any(|(v, _)| *v == f.organizer) {
        errors.add("organizer", "event-error-organizer");
    }
    let url = f.url.trim().to_string();
    if f.ics.trim().is_empty() && url.is_empty() {
        errors.add("ics", "field-required");
    }
    let mut report = None;
    let mut url_error = None;
    let mut raw = f.ics.clone();
    // Downloaded only for someone allowed to import for this organizer.
    if errors.is_empty() && raw.trim().is_empty() {
        match import::fetch_ics(&state, &url).await {
            Ok(text) => raw = text,
            Err(e) => {
                errors.add("url", e.key());
                // The detail ("l'adresse 10.0.0.1 …") is written in French only.
                if ctx.lang == crate::i18n::Lang::Fr {
                    url_error = Some(e.to_string());
                }
            }
        }
    }
    if let (Some(org), true) = (organizer, errors.is_empty()) {
        match import::import_ics(&state, Some(p), org, &raw).await {
            Ok(r) => report = Some(r),
            Err(AppError::Invalid(e)) => errors = e,
            Err(e) => return Err(e),
        }
    }
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &ImportTpl {
            c: Chrome::new(&ctx, &headers, "event-import-title"),
            organizers,
            selected: f.organizer,
            report,
            errors,
            url,
            url_error,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_to_cents() {
        assert_eq!(parse_euros("12,50 €"), Ok(Some(1250)));
        assert_eq!(parse_euros("12.5"), Ok(Some(1250)));
        assert_eq!(parse_euros("7"), Ok(Some(700)));
        assert_eq!(parse_euros(""), Ok(None));
        assert!(parse_euros("douze").is_err());
        assert!(parse_euros("1,234").is_err());
        assert!(parse_euros("-5").is_err());
        assert!(parse_euros("99999999999999999999").is_err());
    }

    #[test]
    fn csv_cells_are_neutralized() {
        assert_eq!(csv_cell("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(csv_cell("Anne \"A\""), "\"Anne \"\"A\"\"\"");
    }
}
