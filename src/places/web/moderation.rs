//! Moderation of places, proposals and claims, networks' data licences, and the
//! administration list of places.

use super::contrib::raw_of_row;
use super::import::import_networks;
use crate::web::paging::{pages, query_without_page, PageLink, PageQuery};
use askama::Template;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

use crate::auth::policy::{authorize, Action};
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult};
use crate::form::Form;
use crate::ids::{NetworkId, PlaceId};
use crate::places::model::{DataLicence, PlaceModeration, PlaceStatus, RawPlace};
use crate::places::repo::{self, PlaceRow};
use crate::places::service::{self};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::tenancy::service::network_target;
use crate::web::{redirect_flash, render, Chrome};

pub struct PendingView {
    pub p: PlaceRow,
    pub duplicates: Vec<PlaceRow>,
}

pub struct ProposalView {
    pub id: i64,
    pub place_name: String,
    pub place_slug: String,
    pub changes: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "places/moderation.html")]
pub(super) struct ModerationTpl {
    c: Chrome,
    pending: Vec<PendingView>,
    /// Every pending place in this person's networks (the page shows 20).
    pending_total: i64,
    pages: Vec<PageLink>,
    proposals: Vec<ProposalView>,
    proposals_total: i64,
    claims: Vec<(repo::Claim, String, String)>,
    claims_total: i64,
    licences: Vec<(Network, DataLicence)>,
    licence_choices: &'static [DataLicence],
}

/// Networks this person moderates (`None`: all, for instance admins).
fn moderated_networks(who: &Principal) -> Option<Vec<NetworkId>> {
    if who.is_instance_admin() {
        None
    } else {
        Some(who.admin_networks().into_iter().map(NetworkId).collect())
    }
}

/// Pending places a page of the moderation queue shows; proposals and claims shown at most.
const PENDING_PER_PAGE: i64 = 20;
const OTHERS_SHOWN: i64 = 50;

pub(super) async fn moderation(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let nets = moderated_networks(who);
    if nets.as_ref().is_some_and(|n| n.is_empty()) {
        return Err(AppError::Forbidden);
    }
    // Everything below is a few statements, whatever the length of the queue.
    let (limit, offset) = page.window(PENDING_PER_PAGE);
    let (rows, pending_total) =
        repo::pending_page(&state.db, nets.as_deref(), limit, offset).await?;
    let mut duplicates = repo::duplicates_of_many(&state.db, &rows).await?;
    let pending = rows
        .into_iter()
        .map(|p| PendingView {
            duplicates: duplicates.remove(&p.id).unwrap_or_default(),
            p,
        })
        .collect();
    let (found, proposals_total) =
        repo::pending_proposals_in(&state.db, nets.as_deref(), OTHERS_SHOWN).await?;
    let (claims_found, claims_total) =
        repo::pending_claims_in(&state.db, nets.as_deref(), OTHERS_SHOWN).await?;
    let ids: Vec<PlaceId> = found
        .iter()
        .map(|p| p.place_id)
        .chain(claims_found.iter().map(|c| c.place_id))
        .collect();
    let places: std::collections::HashMap<PlaceId, PlaceRow> = repo::by_ids(&state.db, &ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let typologies = repo::typologies_of(&state.db, Some(&ids)).await?;
    let mut proposals = Vec::new();
    for pr in found {
        let Some(place) = places.get(&pr.place_id) else {
            continue;
        };
        let raw: RawPlace = serde_json::from_str(&pr.payload).unwrap_or_default();
        let typ = typologies.get(&place.id).cloned().unwrap_or_default();
        let old = raw_of_row(place, &typ);
        proposals.push(ProposalView {
            id: pr.id,
            place_name: place.name.clone(),
            place_slug: place.slug.clone(),
            changes: diff(&old, &raw),
        });
    }
    let claims = claims_found
        .into_iter()
        .filter_map(|cl| {
            let place = places.get(&cl.place_id)?;
            Some((cl, place.name.clone(), place.slug.clone()))
        })
        .collect();
    let mut all_licences = repo::network_licences(&state.db).await?;
    let mut licences = Vec::new();
    for n in crate::tenancy::repo::networks(&state.db).await? {
        if authorize(Some(who), Action::ManageNetwork, &network_target(n.id)).is_ok() {
            let l = all_licences.remove(&n.id).unwrap_or(DataLicence::DEFAULT);
            licences.push((n, l));
        }
    }
    render(&ModerationTpl {
        c: Chrome::new(&ctx, &headers, "moderation-title"),
        pending,
        pending_total,
        pages: pages(
            "",
            "/admin/lieux/moderation",
            page.number(),
            pending_total,
            PENDING_PER_PAGE,
        ),
        proposals,
        proposals_total,
        claims,
        claims_total,
        licences,
        licence_choices: DataLicence::ALL,
    })
}

/// Field, old value, new value of what a proposal changes.
fn diff(old: &RawPlace, new: &RawPlace) -> Vec<(String, String, String)> {
    let o = serde_json::to_value(old).unwrap_or_default();
    let n = serde_json::to_value(new).unwrap_or_default();
    let mut out = Vec::new();
    if let (Some(o), Some(n)) = (o.as_object(), n.as_object()) {
        for (k, nv) in n {
            let ov = o.get(k).cloned().unwrap_or(Value::Null);
            if &ov != nv {
                let s = |v: &Value| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                out.push((k.clone(), s(&ov), s(nv)));
            }
        }
    }
    out
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DecisionForm {
    decision: String,
    reason: String,
}

pub(super) async fn moderate_place(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<PlaceId>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match service::moderate(&state, who, &p, f.decision == "accept", &f.reason).await {
        Ok(()) => Ok(redirect_flash("/admin/lieux/moderation", "flash-moderated")),
        Err(AppError::Invalid(_)) => Ok(redirect_flash(
            "/admin/lieux/moderation",
            "flash-reason-required",
        )),
        Err(e) => Err(e),
    }
}

pub(super) async fn moderate_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    match service::decide_proposal(&state, who, id, f.decision == "accept", &f.reason).await {
        Ok(()) => Ok(redirect_flash("/admin/lieux/moderation", "flash-moderated")),
        Err(AppError::Invalid(_)) => Ok(redirect_flash(
            "/admin/lieux/moderation",
            "flash-reason-required",
        )),
        Err(e) => Err(e),
    }
}

pub(super) async fn moderate_claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::decide_claim(&state, who, id, f.decision == "accept").await?;
    Ok(redirect_flash("/admin/lieux/moderation", "flash-moderated"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct LicenceForm {
    licence: String,
}

/// The licence a network publishes its places under (exports carry it).
pub(super) async fn set_licence(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<NetworkId>,
    Form(f): Form<LicenceForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    service::set_network_licence(&state, who, id, &f.licence).await?;
    Ok(redirect_flash(
        "/admin/lieux/moderation",
        "flash-licence-saved",
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct AdminListParams {
    q: String,
    status: String,
    moderation: String,
    page: String,
}

#[derive(Template)]
#[template(path = "places/admin_list.html")]
pub(super) struct AdminListTpl {
    c: Chrome,
    rows: Vec<repo::AdminRow>,
    total: i64,
    q: String,
    /// The filters' values, empty for any.
    status: &'static str,
    moderation: &'static str,
    pages: Vec<PageLink>,
    statuses: &'static [&'static str],
    moderations: &'static [&'static str],
    /// The moderation queue is a network's (or the instance's): a place manager has none.
    can_moderate: bool,
    can_import: bool,
}

const ADMIN_PER_PAGE: i64 = 50;

/// `/admin/lieux`: every place this person may manage (instance admins: all; network admins:
/// their networks'; managers: theirs), whatever its moderation state, with search, filters,
/// paging and links to edit, photos, history and roles.
pub(super) async fn admin_places(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let scope = if who.is_instance_admin() {
        repo::AdminScope::All
    } else {
        let networks: Vec<NetworkId> = who.admin_networks().into_iter().map(NetworkId).collect();
        let places: Vec<PlaceId> = who.managed_places().into_iter().map(PlaceId).collect();
        if networks.is_empty() && places.is_empty() {
            return Err(AppError::Forbidden);
        }
        repo::AdminScope::Some { networks, places }
    };
    let params: AdminListParams =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    // An unknown value filters nothing, as an empty one.
    let f = repo::AdminFilters {
        q: params.q.chars().take(200).collect(),
        status: PlaceStatus::from_text(&params.status),
        moderation: PlaceModeration::from_text(&params.moderation),
    };
    let page = params
        .page
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=100_000).contains(p))
        .unwrap_or(1);
    let (rows, total) = repo::admin_list(
        &state.db,
        &scope,
        &f,
        ADMIN_PER_PAGE,
        (page - 1) * ADMIN_PER_PAGE,
    )
    .await?;
    let query = query_without_page(raw.as_deref());
    let links = pages(&query, "/admin/lieux", page, total, ADMIN_PER_PAGE);
    let can_moderate = moderated_networks(who).is_none_or(|n| !n.is_empty());
    let can_import = who.is_instance_admin() || !import_networks(&state, who).await?.is_empty();
    render(&AdminListTpl {
        c: Chrome::new(&ctx, &headers, "admin-places-title"),
        rows,
        total,
        q: f.q,
        status: f.status.map(PlaceStatus::as_str).unwrap_or(""),
        moderation: f.moderation.map(PlaceModeration::as_str).unwrap_or(""),
        pages: links,
        statuses: PlaceStatus::TEXTS,
        moderations: PlaceModeration::TEXTS,
        can_moderate,
        can_import,
    })
}
