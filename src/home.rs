//! The public home page: the networks and a few recent places; a network's page (its map and
//! places, its next events, public groups, projects and documents, its contacts and its latest
//! news, each with a link to the whole list); and a person's invitations
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
    /// The places changed last, each with its first photo.
    places: Vec<(PlaceRow, Option<crate::media::Photo>)>,
    /// The next dates of every agenda (one card per event), with where each is.
    events: Vec<(crate::events::model::Item, String)>,
    /// The public projects created last.
    projects: Vec<crate::projects::model::Project>,
    /// The small map: its tiles, its first view (every place, from the page cache) and the
    /// legend of its pins.
    tile_url: String,
    bounds: String,
    legend: Vec<crate::places::web::LegendItem>,
}

/// How many places and events the home page shows (then a link to the directory, the agenda).
const HOME_SHOWN: i64 = 6;

pub async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let networks = repo::networks(&state.db).await?;
    // A few recent places, never all of them (a network may list 50 000).
    let places = crate::places::service::recent(&state, HOME_SHOWN).await?;
    let ids: Vec<i64> = places.iter().map(|p| p.id.get()).collect();
    let mut photos =
        crate::media::of_many(&state.db, crate::places::service::PHOTO_OWNER, &ids).await?;
    let places = places
        .into_iter()
        .map(|p| {
            let photo = photos
                .remove(&p.id.get())
                .and_then(|v| v.into_iter().next());
            (p, photo)
        })
        .collect();
    let events = next_events(&state, None, HOME_SHOWN).await?;
    let projects = crate::projects::service::public::latest_public(&state, HOME_SHOWN).await?;
    let typologies = crate::places::repo::typologies(&state.db).await?;
    let bounds = crate::places::service::map_bounds(&state)
        .await?
        .unwrap_or_default();
    let mut res = crate::web::render(&HomeTpl {
        c: crate::web::Chrome::new(&ctx, &headers, "home-title"),
        networks,
        places,
        events,
        projects,
        tile_url: state.config.map_tile_url.clone(),
        bounds,
        legend: crate::places::web::legend(&typologies, ctx.lang.t("map-legend-other")),
    })?;
    crate::places::web::set_map_csp(&mut res, &state.config.map_tile_url, false);
    Ok(res)
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
    /// The map's tiles (the map reads its places from `/api/v1/map?network=…`).
    tile_url: String,
    /// Its next dates (the network's and its places' events), each with where it is.
    events: Vec<(crate::events::model::Item, String)>,
    groups: Vec<crate::groups::model::Group>,
    projects: Vec<crate::projects::model::Project>,
    documents: Vec<crate::documents::model::Document>,
    /// The first actors of its showcase (written to from their profile), and how many.
    contacts: Vec<crate::actors::service::Card>,
    contact_count: i64,
}

/// How many items each section of a network's page shows (then a link to the whole list).
const SHOWN: i64 = 6;

/// The next dates of a network (its events and its places') or of every agenda, published,
/// `shown` at most, one card per event, with their pictures and where they are (a few
/// statements for the list).
async fn next_events(
    state: &AppState,
    network: Option<crate::ids::NetworkId>,
    shown: i64,
) -> AppResult<Vec<(crate::events::model::Item, String)>> {
    use crate::events::{model::Item, repo as events, service};
    let f = events::Filter {
        network_id: network,
        from: Some(state.clock.now_ms()),
        limit: shown,
        // A weekly club is one card (with its rule in words), not the six shown.
        first_only: true,
        ..Default::default()
    };
    let items: Vec<Item> = service::pairs(events::agenda(&state.db, &f).await?)
        .into_iter()
        .map(|(e, o)| Item::new(e, o))
        .collect();
    let items = service::with_images(state, items).await?;
    let evs: Vec<_> = items.iter().map(|i| i.event.clone()).collect();
    let places = service::location_labels(state, &evs).await?;
    Ok(items.into_iter().zip(places).collect())
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
    // Public items only, whoever asks: the page is the network's public face (each list
    // links to its own page, which shows a member what is theirs).
    let events = next_events(&state, Some(network.id), SHOWN).await?;
    let groups = crate::groups::service::public_of_network(&state, network.id, SHOWN).await?;
    let projects =
        crate::projects::service::public::public_of_network(&state, network.id, SHOWN).await?;
    let documents =
        crate::documents::service::public_of_network(&state.db, network.id, SHOWN).await?;
    let (contacts, contact_count) = crate::actors::service::search(
        &state,
        &crate::actors::repo::Filters {
            network: Some(network.id),
            ..Default::default()
        },
        false,
        SHOWN,
        0,
    )
    .await?;
    let mut c = crate::web::Chrome::new(&ctx, &headers, "nav-home");
    c.title = network.name.clone();
    let mut res = crate::web::render(&NetworkTpl {
        c,
        news_path: format!("/reseaux/{}", network.slug),
        network,
        places,
        place_count,
        can_manage,
        news,
        tile_url: state.config.map_tile_url.clone(),
        events,
        groups,
        projects,
        documents,
        contacts,
        contact_count,
    })?;
    crate::places::web::set_map_csp(&mut res, &state.config.map_tile_url, false);
    Ok(res)
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
