//! The administration pages (networks, places,
//! organizations, roles and invitations).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::model::{Network, Organization, OrganizationKind, Place};
use super::repo;
use super::service::{self, network_target, place_target};
use crate::accounts::model::{normalize_email, RoleKind};
use crate::accounts::repo::{self as accounts_repo, AuditEvent, OneTimeToken, RoleHolder};
use crate::accounts::service::grant_or_invite;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{redirect_flash, render_status, Chrome};

/// A page of the role holders of an administration page, and the links to the others.
struct Holders {
    rows: Vec<RoleHolder>,
    total: i64,
    pages: Vec<PageLink>,
}

/// Page `page` of the holders of roles on a network, a place or the instance (both `None`);
/// `base`: the administration page's address.
async fn holders(
    state: &AppState,
    network: Option<i64>,
    place: Option<i64>,
    page: i64,
    base: &str,
) -> AppResult<Holders> {
    let per = accounts_repo::HOLDERS_PER_PAGE;
    let page = page.max(1);
    let (rows, total) =
        accounts_repo::role_holders_page(&state.db, network, place, per, (page - 1) * per).await?;
    Ok(Holders {
        pages: pages("", base, page, total, per),
        rows,
        total,
    })
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(admin_home))
        .route("/admin/reseaux", post(network_create))
        .route(
            "/admin/reseaux/{id}",
            get(network_admin).post(network_update),
        )
        .route("/admin/reseaux/{id}/roles", post(network_grant))
        .route("/admin/lieux/{id}", get(place_admin))
        .route("/admin/lieux/{id}/roles", post(place_grant))
        .route("/admin/roles/{id}/supprimer", post(role_revoke))
        .route("/admin/organisations", post(organization_create))
        .route("/admin/instance/roles", post(instance_grant))
}

// ---- public pages ----

/// How many places a network's pages list (the directory, filtered on the network, has them
/// all).
pub const PLACES_SHOWN: i64 = 50;

// ---- administration home ----

#[derive(Template)]
#[template(path = "admin/index.html")]
struct AdminTpl {
    c: Chrome,
    is_instance_admin: bool,
    networks: Vec<Network>,
    places: Vec<Place>,
    /// The newest organizations ([`ORGANIZATIONS_SHOWN`]) and how many there are.
    organizations: Vec<Organization>,
    organization_count: i64,
    org_kinds: Vec<&'static str>,
    holders: Vec<RoleHolder>,
    holder_total: i64,
    pages: Vec<PageLink>,
    invitations: Vec<OneTimeToken>,
    audit: Vec<AuditEvent>,
    errors: FieldErrors,
    grant_errors: FieldErrors,
    org_errors: FieldErrors,
}

/// How many organizations the admin page lists (the newest).
const ORGANIZATIONS_SHOWN: i64 = 50;

async fn admin_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    errors: [FieldErrors; 3],
) -> AppResult<Response> {
    admin_page(state, ctx, headers, errors, 1).await
}

async fn admin_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    errors: [FieldErrors; 3],
    page: i64,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let is_instance_admin = p.is_instance_admin();
    let (networks, places) = if is_instance_admin {
        // Every place would be tens of thousands of links: `/admin/lieux` lists them by page.
        (repo::networks(&state.db).await?, Vec::new())
    } else {
        let mut nets = Vec::new();
        for id in p.admin_networks() {
            nets.extend(repo::network_by_id(&state.db, NetworkId(id)).await?);
        }
        let mut places = Vec::new();
        for id in p.managed_places() {
            places.extend(repo::place_by_id(&state.db, PlaceId(id)).await?);
        }
        (nets, places)
    };
    if !is_instance_admin && networks.is_empty() && places.is_empty() {
        return Err(AppError::Forbidden);
    }
    let [errors, grant_errors, org_errors] = errors;
    let failed = !(errors.is_empty() && grant_errors.is_empty() && org_errors.is_empty());
    let h = if is_instance_admin {
        holders(state, None, None, page, "/admin").await?
    } else {
        Holders {
            rows: Vec::new(),
            total: 0,
            pages: Vec::new(),
        }
    };
    render_status(
        if failed {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &AdminTpl {
            c: Chrome::new(ctx, headers, "admin-title"),
            is_instance_admin,
            networks,
            places,
            organizations: repo::organizations_recent(&state.db, ORGANIZATIONS_SHOWN).await?,
            organization_count: repo::organizations_count(&state.db).await?,
            org_kinds: OrganizationKind::TEXTS.to_vec(),
            holders: h.rows,
            holder_total: h.total,
            pages: h.pages,
            invitations: if is_instance_admin {
                accounts_repo::pending_invitations(&state.db, None, None, state.clock.now_ms())
                    .await?
            } else {
                Vec::new()
            },
            audit: if is_instance_admin {
                accounts_repo::recent_audit(&state.db, 30).await?
            } else {
                Vec::new()
            },
            errors,
            grant_errors,
            org_errors,
        },
    )
}

async fn admin_home(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    admin_page(&state, &ctx, &headers, Default::default(), page.number()).await
}

#[derive(Deserialize)]
struct NetworkForm {
    name: String,
    #[serde(default)]
    description: String,
}

async fn network_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<NetworkForm>,
) -> AppResult<Response> {
    match service::create_network(&state, ctx.user.as_ref(), &f.name, &f.description).await {
        Ok(net) => Ok(redirect_flash(
            &format!("/admin/reseaux/{}", net.id),
            "flash-network-created",
        )),
        Err(AppError::Invalid(errors)) => {
            admin_view(
                &state,
                &ctx,
                &headers,
                [errors, FieldErrors::default(), FieldErrors::default()],
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct OrganizationForm {
    name: String,
    kind: String,
    #[serde(default)]
    siret: String,
}

async fn organization_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<OrganizationForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    match service::create_organization(&state, p, &f.name, &f.kind, &f.siret).await {
        Ok(()) => Ok(redirect_flash("/admin", "flash-organization-created")),
        Err(AppError::Invalid(errors)) => {
            admin_view(
                &state,
                &ctx,
                &headers,
                [FieldErrors::default(), FieldErrors::default(), errors],
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct GrantForm {
    email: String,
    role: String,
}

/// Parses a grant form: a valid email and one of the `allowed` roles.
fn parse_grant(f: &GrantForm, allowed: &[RoleKind]) -> Result<(String, RoleKind), FieldErrors> {
    let mut errors = FieldErrors::default();
    let email = normalize_email(&f.email)
        .map_err(|k| errors.add("email", k))
        .ok();
    let role = RoleKind::parse(&f.role).filter(|r| allowed.contains(r));
    if role.is_none() {
        errors.add("role", "field-invalid-choice");
    }
    match (email, role) {
        (Some(e), Some(r)) => Ok((e, r)),
        _ => Err(errors),
    }
}

async fn instance_grant(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<GrantForm>,
) -> AppResult<Response> {
    authorize(
        ctx.user.as_ref(),
        Action::AdministerInstance,
        &Target::Instance,
    )?;
    let p = ctx.require_user()?;
    match parse_grant(&f, &[RoleKind::InstanceAdmin]) {
        Ok((email, role)) => {
            let target_name = ctx.lang.t("scope-instance");
            grant_or_invite(
                &state,
                &ctx,
                p,
                &email,
                role,
                &Target::Instance,
                &target_name,
            )
            .await?;
            Ok(redirect_flash("/admin", "flash-invitation-sent"))
        }
        Err(errors) => {
            admin_view(
                &state,
                &ctx,
                &headers,
                [FieldErrors::default(), errors, FieldErrors::default()],
            )
            .await
        }
    }
}

// ---- network administration ----

#[derive(Template)]
#[template(path = "admin/network.html")]
struct NetworkAdminTpl {
    c: Chrome,
    network: Network,
    grant_action: String,
    places: Vec<Place>,
    place_count: i64,
    holders: Vec<RoleHolder>,
    holder_total: i64,
    pages: Vec<PageLink>,
    invitations: Vec<OneTimeToken>,
    errors: FieldErrors,
    place_errors: FieldErrors,
    grant_errors: FieldErrors,
}

pub async fn network_admin_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: NetworkId,
    errors: [FieldErrors; 3],
) -> AppResult<Response> {
    network_admin_page(state, ctx, headers, id, errors, 1).await
}

async fn network_admin_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: NetworkId,
    errors: [FieldErrors; 3],
    page: i64,
) -> AppResult<Response> {
    authorize(
        ctx.user.as_ref(),
        Action::ManageNetwork,
        &network_target(id),
    )?;
    let network = repo::network_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let first_places = repo::places_of_network_first(&state.db, id, PLACES_SHOWN).await?;
    let h = holders(
        state,
        Some(id.get()),
        None,
        page,
        &format!("/admin/reseaux/{id}"),
    )
    .await?;
    let [errors, place_errors, grant_errors] = errors;
    let failed = !(errors.is_empty() && place_errors.is_empty() && grant_errors.is_empty());
    let mut c = Chrome::new(ctx, headers, "admin-title");
    c.title = network.name.clone();
    render_status(
        if failed {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &NetworkAdminTpl {
            c,
            places: first_places.0,
            place_count: first_places.1,
            holders: h.rows,
            holder_total: h.total,
            pages: h.pages,
            invitations: accounts_repo::pending_invitations(
                &state.db,
                Some(id.get()),
                None,
                state.clock.now_ms(),
            )
            .await?,
            grant_action: format!("/admin/reseaux/{}/roles", network.id),
            network,
            errors,
            place_errors,
            grant_errors,
        },
    )
}

async fn network_admin(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NetworkId>,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    network_admin_page(
        &state,
        &ctx,
        &headers,
        id,
        Default::default(),
        page.number(),
    )
    .await
}

async fn network_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NetworkId>,
    Form(f): Form<NetworkForm>,
) -> AppResult<Response> {
    match service::update_network(&state, ctx.user.as_ref(), id, &f.name, &f.description).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/admin/reseaux/{id}"),
            "flash-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            network_admin_view(
                &state,
                &ctx,
                &headers,
                id,
                [errors, FieldErrors::default(), FieldErrors::default()],
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn network_grant(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NetworkId>,
    Form(f): Form<GrantForm>,
) -> AppResult<Response> {
    authorize(
        ctx.user.as_ref(),
        Action::ManageNetwork,
        &network_target(id),
    )?;
    let p = ctx.require_user()?;
    let network = repo::network_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match parse_grant(&f, &[RoleKind::NetworkAdmin, RoleKind::Member]) {
        Ok((email, role)) => {
            grant_or_invite(
                &state,
                &ctx,
                p,
                &email,
                role,
                &network_target(id),
                &network.name,
            )
            .await?;
            Ok(redirect_flash(
                &format!("/admin/reseaux/{id}"),
                "flash-invitation-sent",
            ))
        }
        Err(errors) => {
            network_admin_view(
                &state,
                &ctx,
                &headers,
                id,
                [FieldErrors::default(), FieldErrors::default(), errors],
            )
            .await
        }
    }
}

// ---- place administration ----

#[derive(Template)]
#[template(path = "admin/place.html")]
struct PlaceAdminTpl {
    c: Chrome,
    place: Place,
    grant_action: String,
    /// The name of the place's organization (the field shows it; empty: none).
    organization: String,
    holders: Vec<RoleHolder>,
    holder_total: i64,
    pages: Vec<PageLink>,
    invitations: Vec<OneTimeToken>,
    errors: FieldErrors,
    grant_errors: FieldErrors,
}

pub async fn place_admin_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: PlaceId,
    errors: [FieldErrors; 2],
) -> AppResult<Response> {
    place_admin_page(state, ctx, headers, id, errors, 1).await
}

async fn place_admin_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: PlaceId,
    errors: [FieldErrors; 2],
    page: i64,
) -> AppResult<Response> {
    authorize(
        ctx.user.as_ref(),
        Action::ManagePlace,
        &place_target(state, id).await?,
    )?;
    let place = repo::place_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let [errors, grant_errors] = errors;
    let failed = !(errors.is_empty() && grant_errors.is_empty());
    let h = holders(
        state,
        None,
        Some(id.get()),
        page,
        &format!("/admin/lieux/{id}"),
    )
    .await?;
    let mut c = Chrome::new(ctx, headers, "admin-title");
    c.title = place.name.clone();
    render_status(
        if failed {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
        &PlaceAdminTpl {
            c,
            organization: match place.organization_id {
                Some(o) => repo::organization_by_id(&state.db, o)
                    .await?
                    .map(|o| o.name)
                    .unwrap_or_default(),
                None => String::new(),
            },
            holders: h.rows,
            holder_total: h.total,
            pages: h.pages,
            invitations: accounts_repo::pending_invitations(
                &state.db,
                None,
                Some(id.get()),
                state.clock.now_ms(),
            )
            .await?,
            grant_action: format!("/admin/lieux/{}/roles", place.id),
            place,
            errors,
            grant_errors,
        },
    )
}

async fn place_admin(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
    Query(page): Query<PageQuery>,
) -> AppResult<Response> {
    place_admin_page(
        &state,
        &ctx,
        &headers,
        id,
        Default::default(),
        page.number(),
    )
    .await
}

async fn place_grant(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
    Form(f): Form<GrantForm>,
) -> AppResult<Response> {
    let target = place_target(&state, id).await?;
    authorize(ctx.user.as_ref(), Action::ManagePlace, &target)?;
    let p = ctx.require_user()?;
    let place = repo::place_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    match parse_grant(&f, &[RoleKind::PlaceManager, RoleKind::Member]) {
        Ok((email, role)) => {
            grant_or_invite(&state, &ctx, p, &email, role, &target, &place.name).await?;
            Ok(redirect_flash(
                &format!("/admin/lieux/{id}"),
                "flash-invitation-sent",
            ))
        }
        Err(errors) => {
            place_admin_view(&state, &ctx, &headers, id, [FieldErrors::default(), errors]).await
        }
    }
}

async fn role_revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let back = service::revoke_role(&state, ctx.user.as_ref(), id, &ctx.ip_string()).await?;
    Ok(redirect_flash(&back, "flash-role-revoked"))
}
