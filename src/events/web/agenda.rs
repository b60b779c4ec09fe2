//! The agendas (instance, network, place) as a list or a month grid, and their filters.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{self, EventKind, Item};
use crate::events::{repo, service};
use crate::state::AppState;
use crate::tenancy::model::{Network, Place};
use crate::tenancy::repo as tenancy;
use crate::web::{render_status, Chrome};

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
    /// The page of the list view (1 when absent).
    #[serde(default)]
    pub page: String,
}

impl AgendaQuery {
    /// How many filters besides the search words are set (the collapsed panel says so, and
    /// opens when one is).
    pub fn active_filters(&self) -> usize {
        [
            &self.kind,
            &self.lieu,
            &self.departement,
            &self.en_ligne,
            &self.gratuit,
            &self.du,
            &self.au,
        ]
        .iter()
        .filter(|v| !v.trim().is_empty())
        .count()
    }
}

/// Occurrences a page of the list view shows.
pub const PER_PAGE: i64 = 40;
/// Occurrences a month grid shows at most (a national agenda holds thousands a month: past
/// that, the page asks for a narrower filter).
pub const MONTH_MAX: i64 = 400;

impl AgendaQuery {
    pub(super) fn filter(&self, now: i64, errors: &mut FieldErrors) -> repo::Filter {
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
        // An unknown kind filters nothing (the page offers the known ones).
        let kind = EventKind::from_text(&self.kind);
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
            // One more than shown: tells whether a next page exists, without counting.
            limit: if self.vue == "mois" {
                MONTH_MAX + 1
            } else {
                PER_PAGE + 1
            },
            offset: if self.vue == "mois" {
                0
            } else {
                (self.page_number() - 1) * PER_PAGE
            },
            // Every date (the month grid, the feeds); the list view asks for one card per
            // event in `agenda_view`.
            first_only: false,
        }
    }

    pub fn page_number(&self) -> i64 {
        self.page
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=repo::MAX_OFFSET / PER_PAGE).contains(p))
            .unwrap_or(1)
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
    places: Vec<repo::PlaceChoice>,
    /// More places have events than a list shows: only the chosen department's are listed.
    places_narrowed: bool,
    departments: Vec<String>,
    month_view: bool,
    month_label: String,
    prev_month: String,
    next_month: String,
    weeks: Vec<Vec<DayCell>>,
    errors: FieldErrors,
    new_event_query: String,
    /// Links to the previous and next pages of the list view.
    prev_page: Option<String>,
    next_page: Option<String>,
    /// The month holds more occurrences than the grid shows ([`MONTH_MAX`]).
    month_truncated: bool,
    month_max: i64,
    /// Where each card's event is (the place's or the address' label, empty when none), in
    /// the order of `items`; read for the list view only.
    item_places: Vec<String>,
}

impl AgendaTpl {
    /// Where the list's `i`-th card is (empty when unknown).
    fn place_at(&self, i: impl std::borrow::Borrow<usize>) -> &str {
        self.item_places.get(*i.borrow()).map_or("", String::as_str)
    }
}

enum Scope {
    All,
    Network(Network),
    Place(Place),
}

/// How many places the agenda's place filter lists at most.
const PLACES_LISTED: usize = 100;

/// The places the agenda's filter lists: all of those with an upcoming event while they are
/// few; past [`PLACES_LISTED`] (a national agenda: thousands), only those of the chosen
/// department (and the chosen place), at most [`PLACES_LISTED`] — the page asks for a
/// department first. `true` when the list was narrowed.
fn narrow_places(
    places: Vec<repo::PlaceChoice>,
    department: &str,
    chosen: &str,
) -> (Vec<repo::PlaceChoice>, bool) {
    if places.len() <= PLACES_LISTED {
        return (places, false);
    }
    let department = department.trim();
    let mut kept: Vec<repo::PlaceChoice> = places
        .into_iter()
        .filter(|p| {
            (!department.is_empty() && p.department == department)
                || p.id.to_string() == chosen.trim()
        })
        .collect();
    kept.truncate(PLACES_LISTED);
    (kept, true)
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
    // The list shows one card per event (a weekly club is not forty cards) with its next
    // dates; the month grid shows every day.
    filter.first_only = q.vue != "mois";
    let (heading, base_path, new_event_query) =
        scope_header(state, ctx, &scope, &mut filter).await?;
    // The filters offer what has something to show (cached: see `service::vocabulary`); a
    // place's agenda offers no place.
    let (places, departments) =
        service::vocabulary::agenda_filters(state, filter.network_id).await?;
    let (places, narrowed) = if matches!(scope, Scope::Place(_)) {
        (Vec::new(), false)
    } else {
        narrow_places(places, &q.departement, &q.lieu)
    };
    let month_view = q.vue == "mois";
    let shown = if month_view { MONTH_MAX } else { PER_PAGE } as usize;
    let mut more = false;
    let items: Vec<Item> = if errors.is_empty() {
        let mut rows = repo::agenda(&state.db, &filter).await?;
        more = rows.len() > shown;
        rows.truncate(shown);
        let items = service::pairs(rows)
            .into_iter()
            .map(|(e, o)| Item::new(e, o))
            .collect();
        let items = service::with_images(state, items).await?;
        if filter.first_only {
            service::with_later_dates(state, items, filter.from.unwrap_or(now), filter.to).await?
        } else {
            items
        }
    } else {
        Vec::new()
    };
    let (y, m) = q.month(now);
    let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
    let today = model::utc_to_paris(now).date();
    let weeks = if month_view {
        month_grid(&items, first, today)
    } else {
        Vec::new()
    };
    const MONTHS: [&str; 12] = [
        "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
        "month-9", "month-10", "month-11", "month-12",
    ];
    let prev = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    let next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let mut c = Chrome::new(ctx, headers, "agenda-title");
    c.title = heading.clone();
    let qs = q.query_string();
    let page = q.page_number();
    let page_link = |n: i64| {
        let sep = if qs.is_empty() { "" } else { "&" };
        format!("{base_path}?{qs}{sep}page={n}")
    };
    let (prev_page, next_page) = if month_view {
        (None, None)
    } else {
        (
            (page > 1).then(|| page_link(page - 1)),
            more.then(|| page_link(page + 1)),
        )
    };
    let item_places = if month_view {
        Vec::new()
    } else {
        let events: Vec<_> = items.iter().map(|i| i.event.clone()).collect();
        service::location_labels(state, &events).await?
    };
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
            kinds: EventKind::TEXTS.to_vec(),
            places,
            places_narrowed: narrowed,
            departments,
            month_view,
            weeks,
            errors,
            new_event_query,
            prev_page,
            next_page,
            month_truncated: month_view && more,
            month_max: MONTH_MAX,
            item_places,
        },
    )
}

/// The heading, the path and the query of the "new event" link (for those who may organize
/// there) of an agenda; narrows the filter to its scope.
async fn scope_header(
    state: &AppState,
    ctx: &Ctx,
    scope: &Scope,
    filter: &mut repo::Filter,
) -> AppResult<(String, String, String)> {
    Ok(match scope {
        Scope::All => (
            ctx.lang.t("agenda-title"),
            "/agenda".to_string(),
            String::new(),
        ),
        Scope::Network(n) => {
            filter.network_id = Some(n.id);
            let can = authorize(
                ctx.user.as_ref(),
                Action::OrganizeEvents,
                &crate::auth::policy::Target::Network(n.id.get()),
            )
            .is_ok();
            (
                ctx.lang.ta("agenda-of", &[("name", n.name.as_str())]),
                format!("/reseaux/{}/agenda", n.slug),
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
                if can {
                    format!("lieu={}", p.id)
                } else {
                    String::new()
                },
            )
        }
    })
}

/// The weeks (Monday first) of the month that starts on `first`, each day with the indexes of
/// its items.
fn month_grid(items: &[Item], first: NaiveDate, today: NaiveDate) -> Vec<Vec<DayCell>> {
    let m = first.month();
    let mut weeks = Vec::new();
    let mut d = first - chrono::Duration::days(i64::from(first.weekday().num_days_from_monday()));
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
    weeks
}

pub(super) async fn agenda_all(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<AgendaQuery>,
) -> AppResult<Response> {
    agenda_view(&state, &ctx, &headers, Scope::All, q).await
}

pub(super) async fn agenda_network(
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

pub(super) async fn agenda_place(
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
