//! The public home page: the networks and a few recent places. Part of the shell: it reads
//! the places area through its service, like any other page that spans areas.

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
    c: crate::web::Chrome,
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
    let places = crate::places::service::recent(&state, 12).await?;
    crate::web::render(&HomeTpl {
        c: crate::web::Chrome::new(&ctx, &headers, "home-title"),
        networks,
        places,
    })
}
