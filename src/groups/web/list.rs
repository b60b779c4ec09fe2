//! The list of groups and the creation of a group.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::common::*;
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::groups::model::GroupKind;
use crate::groups::repo;
use crate::groups::service::{self, GroupInput};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

pub struct GroupCard {
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub members_only: bool,
}

#[derive(Template)]
#[template(path = "groups/list.html")]
pub(super) struct ListTpl {
    c: Chrome,
    groups: Vec<GroupCard>,
    can_create: bool,
}

pub(super) async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let c = Chrome::new(&ctx, &headers, "groups-title");
    let mut groups = Vec::new();
    for g in repo::all_groups(&state.db).await? {
        let t = service::target(&state, &g).await?;
        if service::may_see(ctx.user.as_ref(), &g, &t) {
            groups.push(GroupCard {
                kind: kind_label(&c, g.kind),
                members_only: !g.is_public(),
                name: g.name,
                slug: g.slug,
            });
        }
    }
    let can_create = match &ctx.user {
        Some(p) => !scopes(&state, p).await?.is_empty(),
        None => false,
    };
    render_status(
        StatusCode::OK,
        &ListTpl {
            c,
            groups,
            can_create,
        },
    )
}

/// Places and networks where `p` may create groups: `("place:3", "Tiers-lieu de Riez")`.
async fn scopes(state: &AppState, p: &Principal) -> AppResult<Vec<(String, String)>> {
    use crate::tenancy::repo as t;
    let mut out = Vec::new();
    for n in t::networks(&state.db).await? {
        if authorize(Some(p), Action::ManageNetwork, &Target::Network(n.id.get())).is_ok() {
            out.push((format!("network:{}", n.id), n.name));
        }
    }
    for pl in t::places(&state.db).await? {
        let target = crate::tenancy::service::place_target(state, pl.id).await?;
        if authorize(Some(p), Action::ManagePlace, &target).is_ok() {
            out.push((format!("place:{}", pl.id), pl.name));
        }
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "groups/new.html")]
pub(super) struct NewTpl {
    c: Chrome,
    scopes: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    errors: FieldErrors,
    f: GroupForm,
}

#[derive(Deserialize, Default)]
pub(super) struct GroupForm {
    #[serde(default)]
    pub(super) scope: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) purpose: String,
    #[serde(default)]
    pub(super) visibility: String,
    #[serde(default)]
    pub(super) joining: String,
    #[serde(default)]
    pub(super) autonomous: Option<String>,
}

async fn new_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    f: GroupForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let scopes = scopes(state, p).await?;
    if scopes.is_empty() {
        return Err(AppError::Forbidden);
    }
    let c = Chrome::new(ctx, headers, "groups-new");
    let kinds = GroupKind::ALL
        .iter()
        .map(|k| (k.to_string(), kind_label(&c, *k)))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &NewTpl {
            c,
            scopes,
            kinds,
            errors,
            f,
        },
    )
}

#[derive(Deserialize)]
pub(super) struct NewQuery {
    #[serde(default)]
    scope: String,
}

pub(super) async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let f = GroupForm {
        scope: q.scope,
        kind: "club".into(),
        visibility: "public".into(),
        joining: "request".into(),
        ..Default::default()
    };
    new_view(&state, &ctx, &headers, f, FieldErrors::default()).await
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<GroupForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let (kind, id) = f.scope.split_once(':').unwrap_or(("", ""));
    let id: Option<i64> = id.parse().ok();
    let mut errors = FieldErrors::default();
    let (group_kind, visibility, joining) =
        GroupInput::parse_choices(&f.kind, &f.visibility, &f.joining, &mut errors);
    let res = service::create_group(
        &state,
        p,
        GroupInput {
            name: &f.name,
            kind: group_kind,
            purpose: &f.purpose,
            visibility,
            joining,
            autonomous: f.autonomous.is_some(),
            network_id: id.filter(|_| kind == "network").map(NetworkId),
            place_id: id.filter(|_| kind == "place").map(PlaceId),
            project_id: None,
            errors,
        },
    )
    .await;
    match res {
        Ok(g) => Ok(redirect_flash(
            &format!("/groupes/{}", g.slug),
            "flash-group-created",
        )),
        Err(AppError::Invalid(mut errors)) => {
            if errors.has("place_id") || errors.has("network_id") {
                errors.add("scope", "groups-attach-one");
            }
            new_view(&state, &ctx, &headers, f, errors).await
        }
        Err(e) => Err(e),
    }
}
