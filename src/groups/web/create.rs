//! The creation of a group: where it may be attached (bounded like the event form's organizer
//! list: the networks the person runs, the places they manage, the first places of their
//! networks), any other of their places named by address, slug or exact name.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::common::*;
use crate::auth::policy::Action;
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::groups::model::GroupKind;
use crate::groups::service::{self, GroupInput};
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::tenancy::service::{self as tenancy_service, PlaceNamed};
use crate::web::{redirect_flash, render_status, Chrome};

/// Where a person may attach a new group, as the form offers it.
struct Scopes {
    /// `(network:ID | place:ID, name)`: the networks they run, then places.
    choices: Vec<(String, String)>,
    /// More places are theirs than listed: the form takes one by address or name.
    more: bool,
}

/// Where `p` may attach a new group (`tenancy::service::places_offered` for `ManagePlace`).
async fn scopes_of(state: &AppState, p: &Principal, wanted: Option<PlaceId>) -> AppResult<Scopes> {
    let (networks, places, more) =
        tenancy_service::places_offered(state, p, Action::ManagePlace, wanted).await?;
    let mut choices = Vec::with_capacity(networks.len() + places.len());
    for n in networks {
        choices.push((format!("network:{}", n.id), n.name));
    }
    for pl in places {
        choices.push((format!("place:{}", pl.id), pl.name));
    }
    Ok(Scopes { choices, more })
}

/// The place a person typed in the "another of your places" field, if they manage it.
/// Errors on `scope_place`: none, several of that name, or not theirs.
async fn place_named(
    state: &AppState,
    p: &Principal,
    text: &str,
) -> AppResult<Result<PlaceId, &'static str>> {
    Ok(
        tenancy_service::place_named(state, p, Action::ManagePlace, text)
            .await?
            .map_err(|e| match e {
                PlaceNamed::Unknown => "groups-error-scope-place-unknown",
                PlaceNamed::Ambiguous => "groups-error-scope-place-ambiguous",
                PlaceNamed::NotYours => "groups-error-scope-place-rights",
            }),
    )
}

#[derive(Template)]
#[template(path = "groups/new.html")]
pub(super) struct NewTpl {
    c: Chrome,
    scopes: Vec<(String, String)>,
    more_places: bool,
    kinds: Vec<(String, String)>,
    errors: FieldErrors,
    f: GroupForm,
}

#[derive(Deserialize, Default)]
pub(super) struct GroupForm {
    #[serde(default)]
    pub(super) scope: String,
    /// Another of their places, by address, slug or exact name (chosen over `scope`).
    #[serde(default)]
    pub(super) scope_place: String,
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

impl GroupForm {
    /// The place chosen in the list (`place:ID`), if any.
    fn place(&self) -> Option<PlaceId> {
        self.scope.strip_prefix("place:")?.parse().ok().map(PlaceId)
    }
}

async fn new_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    f: GroupForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    if !service::may_create_groups(p) {
        return Err(AppError::Forbidden);
    }
    let scopes = scopes_of(state, p, f.place()).await?;
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
            scopes: scopes.choices,
            more_places: scopes.more,
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
    Form(mut f): Form<GroupForm>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    // A place named in the "another of your places" field is where the group is attached.
    if !f.scope_place.trim().is_empty() {
        match place_named(&state, p, &f.scope_place).await? {
            Ok(id) => f.scope = format!("place:{id}"),
            Err(key) => errors.add("scope_place", key),
        }
    }
    let (kind, id) = f.scope.split_once(':').unwrap_or(("", ""));
    let id: Option<i64> = id.parse().ok();
    let (group_kind, visibility, joining) =
        GroupInput::parse_choices(&f.kind, &f.visibility, &f.joining, &mut errors);
    if errors.has("scope_place") {
        // Nothing is created; the name is checked too, to be reported at once.
        crate::groups::model::parse_name(&f.name, &mut errors);
        return new_view(&state, &ctx, &headers, f, errors).await;
    }
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
