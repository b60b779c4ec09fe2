//! The network admin pages' forms on a place's basic record: a network admin adds a place to
//! the network, a place manager renames it. The pages themselves (and their error views) are
//! tenancy's; the writes go through this area's service, the only owner of the places table.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde::Deserialize;

use super::service::{self, BasicPlace};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::tenancy::web::{network_admin_view, place_admin_view};
use crate::web::redirect_flash;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/reseaux/{id}/lieux", post(place_create))
        .route("/admin/lieux/{id}", post(place_update))
}

#[derive(Deserialize)]
struct PlaceForm {
    name: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    organization: String,
}

impl PlaceForm {
    fn basic(&self) -> BasicPlace<'_> {
        BasicPlace {
            name: &self.name,
            city: &self.city,
            description: &self.description,
            organization: &self.organization,
        }
    }
}

async fn place_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<NetworkId>,
    Form(f): Form<PlaceForm>,
) -> AppResult<Response> {
    match service::create_in_network(&state, ctx.user.as_ref(), id, &f.basic()).await {
        Ok(place) => Ok(redirect_flash(
            &format!("/admin/lieux/{}", place.id),
            "flash-place-created",
        )),
        Err(AppError::Invalid(errors)) => {
            network_admin_view(
                &state,
                &ctx,
                &headers,
                id,
                [FieldErrors::default(), errors, FieldErrors::default()],
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn place_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
    Form(f): Form<PlaceForm>,
) -> AppResult<Response> {
    match service::update_basic(&state, ctx.user.as_ref(), id, &f.basic()).await {
        Ok(()) => Ok(redirect_flash(&format!("/admin/lieux/{id}"), "flash-saved")),
        Err(AppError::Invalid(errors)) => {
            place_admin_view(&state, &ctx, &headers, id, [errors, FieldErrors::default()]).await
        }
        Err(e) => Err(e),
    }
}
