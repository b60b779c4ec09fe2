//! The public home page: the networks and a few recent places; a network's page (its places
//! and its latest news); and a person's invitations
//! (`/compte/invitations`: to hold a project, to join a group), answered there. Part of the
//! shell: it reads the areas through their services, like any other page that spans areas.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
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

#[derive(Template)]
#[template(path = "tenancy/network.html")]
struct NetworkTpl {
    c: crate::web::Chrome,
    network: Network,
    /// The first [`crate::tenancy::web::PLACES_SHOWN`] places by name, and how many the
    /// network has.
    places: Vec<crate::tenancy::model::Place>,
    place_count: i64,
    can_manage: bool,
    /// Its latest published news, and the page of its news (without `/actualites`).
    news: Vec<crate::news::model::NewsPost>,
    news_path: String,
}

/// A network's page: its places, its agenda and its latest news.
async fn network_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    use crate::auth::policy::{authorize, Action};
    let network = repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (places, place_count) =
        repo::places_of_network_first(&state.db, network.id, crate::tenancy::web::PLACES_SHOWN)
            .await?;
    let can_manage = authorize(
        ctx.user.as_ref(),
        Action::ManageNetwork,
        &crate::tenancy::service::network_target(network.id),
    )
    .is_ok();
    let news = crate::news::service::latest(&state, crate::news::model::Scope::Network(network.id))
        .await?;
    let mut c = crate::web::Chrome::new(&ctx, &headers, "nav-home");
    c.title = network.name.clone();
    crate::web::render(&NetworkTpl {
        c,
        news_path: format!("/reseaux/{}", network.slug),
        network,
        places,
        place_count,
        can_manage,
        news,
    })
}

/// The invitations pages: the list and the answers.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/reseaux/{slug}", get(network_page))
        .route("/compte/invitations", get(invitations))
        .route(
            "/compte/invitations/projets/{id}/{answer}",
            post(answer_project),
        )
        .route(
            "/compte/invitations/groupes/{id}/{answer}",
            post(answer_group),
        )
}

#[derive(Template)]
#[template(path = "invitations.html")]
struct InvitationsTpl {
    c: crate::web::Chrome,
    projects: Vec<crate::projects::service::members::PendingInvitation>,
    /// Group name, role, membership id.
    groups: Vec<(String, String, i64)>,
}

/// The signed-in person's invitations waiting for an answer: nobody holds a project or belongs
/// to a group someone else chose for them until they accept here (or by the email's link).
async fn invitations(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let projects = crate::projects::service::members::pending_for(&state, p).await?;
    let groups = crate::groups::service::invitations_of(&state, p)
        .await?
        .into_iter()
        .map(|(g, m)| (g.name, ctx.lang.t(&m.role.label_key()), m.id))
        .collect();
    crate::web::render(&InvitationsTpl {
        c: crate::web::Chrome::new(&ctx, &headers, "invitations-title"),
        projects,
        groups,
    })
}

fn accepting(answer: &str) -> AppResult<bool> {
    match answer {
        "accepter" => Ok(true),
        "refuser" => Ok(false),
        _ => Err(AppError::NotFound),
    }
}

async fn answer_project(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, answer)): Path<(i64, String)>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let accept = accepting(&answer)?;
    Ok(
        match crate::projects::service::members::answer(&state, p, id, accept).await? {
            Some(project) => crate::web::redirect_flash(
                &format!("/projets/{}/espace", project.slug),
                "flash-invitation-project-accepted",
            ),
            None => crate::web::redirect_flash("/compte/invitations", "flash-invitation-declined"),
        },
    )
}

async fn answer_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, answer)): Path<(i64, String)>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let accept = accepting(&answer)?;
    let g = crate::groups::service::answer_invitation(&state, p, id, accept).await?;
    Ok(if accept {
        crate::web::redirect_flash(
            &format!("/groupes/{}", g.slug),
            "flash-invitation-group-accepted",
        )
    } else {
        crate::web::redirect_flash("/compte/invitations", "flash-invitation-declined")
    })
}
