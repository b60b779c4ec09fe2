//! The public home page: the networks and the places.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::auth::Ctx;
use crate::error::AppResult;
use crate::places::repo::PlaceRow;
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::tenancy::repo;

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTpl {
    c: super::Chrome,
    networks: Vec<Network>,
    places: Vec<PlaceRow>,
}

pub async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let networks = repo::networks(&state.db).await?;
    // A few recent places, never all of them (a network may list 50 000).
    let places = crate::places::repo::recent(&state.db, 12).await?;
    super::render(&HomeTpl {
        c: super::Chrome::new(&ctx, &headers, "home-title"),
        networks,
        places,
    })
}
