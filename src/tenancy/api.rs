//! Networks and places in the API.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Network;
use super::repo;
use crate::auth::api_user;
use crate::auth::Ctx;
use crate::error::{ApiResult, AppError};
use crate::form::{ApiPath, Json as JsonIn};
use crate::ids::NetworkId;
use crate::state::AppState;

#[derive(Deserialize, ToSchema)]
pub struct CreateNetwork {
    /// 1 to 200 characters.
    pub name: String,
    /// Up to 5 000 characters.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NetworkOut {
    pub id: NetworkId,
    pub name: String,
    pub slug: String,
    pub description: String,
    /// RFC 3339.
    pub created_at: String,
}

impl From<Network> for NetworkOut {
    fn from(n: Network) -> Self {
        NetworkOut {
            id: n.id,
            name: n.name,
            slug: n.slug,
            description: n.description,
            created_at: crate::clock::rfc3339(n.created_at),
        }
    }
}

/// Creates a network (instance admins only).
#[utoipa::path(
    post, path = "/api/v1/networks", tag = "réseaux",
    request_body = CreateNetwork,
    responses(
        (status = 201, description = "Réseau créé", body = NetworkOut),
        (status = 400, description = "Corps illisible", body = crate::error::ApiErrorBody),
        (status = 401, description = "Non authentifié", body = crate::error::ApiErrorBody),
        (status = 403, description = "Réservé aux administrateurs de l'instance", body = crate::error::ApiErrorBody),
        (status = 422, description = "Champs invalides", body = crate::error::ApiErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn create_network(
    State(state): State<AppState>,
    ctx: Ctx,
    JsonIn(body): JsonIn<CreateNetwork>,
) -> ApiResult<(StatusCode, Json<NetworkOut>)> {
    let p = api_user(&ctx)?;
    let net = super::service::create_network(
        &state,
        Some(p),
        &body.name,
        body.description.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(net.into())))
}

/// Every network.
#[utoipa::path(
    get, path = "/api/v1/networks", tag = "réseaux",
    responses((status = 200, description = "Les réseaux", body = [NetworkOut]))
)]
pub async fn list_networks(State(state): State<AppState>) -> ApiResult<Json<Vec<NetworkOut>>> {
    let nets = repo::networks(&state.db).await?;
    Ok(Json(nets.into_iter().map(NetworkOut::from).collect()))
}

/// One network.
#[utoipa::path(
    get, path = "/api/v1/networks/{id}", tag = "réseaux",
    params(("id" = i64, Path, description = "Identifiant du réseau")),
    responses(
        (status = 200, description = "Le réseau", body = NetworkOut),
        (status = 404, description = "Inconnu", body = crate::error::ApiErrorBody),
    )
)]
pub async fn get_network(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<NetworkId>,
) -> ApiResult<Json<NetworkOut>> {
    let net = repo::network_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(net.into()))
}
