//! "Mon espace" (issue 17 point 3): where a signed-in person lands, gathering what several areas
//! hold for them — their next registrations and bookings, the places and networks they run, and
//! what waits for them (bookings to decide in their places, their action items). Each list is
//! bounded and links to its full page. A shell module: it reads several areas.

use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;

use crate::auth::{Ctx, RoleKind};
use crate::error::AppResult;
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::web::{render, Chrome};

/// The rows each list of the page shows at most.
const SHOWN: i64 = 5;

pub fn routes() -> Router<AppState> {
    Router::new().route("/mon-espace", get(space_page))
}

pub struct Line {
    pub href: String,
    pub title: String,
    pub detail: String,
}

pub struct Managed {
    pub href: String,
    pub name: String,
    /// Bookings waiting for a manager's decision, and where to decide.
    pub pending: i64,
    pub pending_href: String,
}

#[derive(Template)]
#[template(path = "space.html")]
struct SpaceTpl {
    c: Chrome,
    registrations: Vec<Line>,
    registrations_total: i64,
    bookings: Vec<Line>,
    bookings_total: i64,
    places: Vec<Managed>,
    networks: Vec<Line>,
    actions_total: i64,
    /// What waits in the moderation queues this person decides (places, proposals, claims,
    /// reported posts and messages, requests to join their groups).
    queues: Vec<Line>,
    /// The groups they are a member of, those they lead first, and how many there are.
    groups: Vec<Line>,
    groups_total: i64,
    has_task: bool,
}

async fn space_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let db = &state.db;
    let now = state.clock.now_ms();
    let uid = p.user.id;
    let when = |s: i64, e: i64, all_day: bool| crate::events::model::when(ctx.lang, s, e, all_day);
    let registrations = crate::events::repo::registrations_of_user_page(db, uid, now, SHOWN, 0)
        .await?
        .into_iter()
        .map(|r| Line {
            href: format!("/evenements/{}", r.event.id),
            detail: format!(
                "{} — {}",
                when(r.occ_starts_at, r.occ_ends_at, r.event.all_day),
                ctx.lang.t(&format!("reg-status-{}", r.reg_status))
            ),
            title: r.event.title,
        })
        .collect();
    let registrations_total =
        crate::events::repo::registrations_of_user_count(db, uid, now).await?;
    let bookings = crate::bookings::repo::bookings_of_user_page(db, uid, now, SHOWN, 0)
        .await?
        .into_iter()
        .map(|b| Line {
            href: format!("/espaces/{}", b.space_id),
            detail: when(b.starts_at, b.ends_at, false),
            title: b.space_name,
        })
        .collect();
    let bookings_total = crate::bookings::repo::bookings_of_user_count(db, uid, now).await?;
    let mut places = Vec::new();
    let mut networks = Vec::new();
    for r in &p.roles {
        match (r.kind, r.place_id, r.network_id) {
            (RoleKind::PlaceManager, Some(id), _) if places.len() < 10 => {
                let Some(place) = crate::tenancy::repo::place_by_id(db, PlaceId(id)).await? else {
                    continue;
                };
                let pending =
                    crate::bookings::repo::pending_count_of_place(db, PlaceId(id)).await?;
                places.push(Managed {
                    href: format!("/lieux/{}", place.slug),
                    name: place.name,
                    pending,
                    pending_href: format!("/admin/lieux/{id}/reservations"),
                });
            }
            (RoleKind::NetworkAdmin, _, Some(id)) if networks.len() < 10 => {
                if let Some(n) = crate::tenancy::repo::network_by_id(db, NetworkId(id)).await? {
                    networks.push(Line {
                        href: format!("/reseaux/{}", n.slug),
                        title: n.name,
                        detail: String::new(),
                    });
                }
            }
            _ => {}
        }
    }
    let (_, actions_total) = crate::groups::repo::my_actions_page(db, uid, 1, 0).await?;
    let (mine, groups_total) =
        crate::groups::repo::groups_of_member(db, uid, now, SHOWN, 0).await?;
    let groups = mine
        .into_iter()
        .map(|(g, role)| Line {
            href: format!("/groupes/{}", g.slug),
            title: g.name,
            detail: ctx.lang.t(&role.label_key()),
        })
        .collect();
    let queues = queues(&state, p, ctx.lang).await?;
    let has_task = actions_total > 0 || !queues.is_empty() || places.iter().any(|m| m.pending > 0);
    render(&SpaceTpl {
        c: Chrome::new(&ctx, &headers, "space-title"),
        registrations,
        registrations_total,
        bookings,
        bookings_total,
        places,
        networks,
        actions_total,
        queues,
        groups,
        groups_total,
        has_task,
    })
}

/// The moderation queues a person decides, each with how many items wait and the page that
/// decides them: the places, changes and place claims of the networks they run (all of them
/// for the instance's administrator), and the claims of actor profiles of their places and
/// networks, the reported posts of their boards and the reported messages about their
/// profiles, and the requests to join the groups they run (one line per group). Counts, or
/// bounded lists: a few statements, whatever the queues' length.
async fn queues(
    state: &AppState,
    p: &crate::auth::Principal,
    lang: crate::i18n::Lang,
) -> AppResult<Vec<Line>> {
    let db = &state.db;
    let mut out = Vec::new();
    let mut line = |n: i64, key: &str, href: &str| {
        if n > 0 {
            out.push(Line {
                href: href.to_string(),
                title: lang.ta(key, &[("n", &n.to_string())]),
                detail: String::new(),
            });
        }
    };
    let nets: Option<Vec<NetworkId>> = if p.is_instance_admin() {
        None
    } else {
        Some(p.admin_networks().into_iter().map(NetworkId).collect())
    };
    if nets.as_ref().is_none_or(|n| !n.is_empty()) {
        let moderation = "/admin/lieux/moderation";
        let (places, proposals, claims) =
            crate::places::repo::pending_counts(db, nets.as_deref()).await?;
        line(places, "space-queue-places", moderation);
        line(proposals, "space-queue-proposals", moderation);
        line(claims, "space-queue-place-claims", moderation);
    }
    if p.is_instance_admin() || !p.managed_places().is_empty() || !p.admin_networks().is_empty() {
        let (_, n) = crate::actors::service::claims_queue(state, p).await?;
        line(n, "space-queue-actor-claims", "/acteurs/revendications");
        let posts = crate::posts::service::moderation_queue(state, p).await?;
        let reported = posts.iter().filter(|(_, r)| !r.is_empty()).count() as i64;
        line(reported, "space-queue-posts", "/annonces/moderation");
        let threads = crate::contacts::service::reports(state, p).await?;
        line(
            threads.len() as i64,
            "space-queue-messages",
            "/messages/signalements",
        );
    }
    for (g, n) in crate::groups::service::join_requests_to_decide(state, p, SHOWN as usize).await? {
        out.push(Line {
            href: format!("/groupes/{}#membres", g.slug),
            title: lang.ta("space-queue-join-requests", &[("n", &n.to_string())]),
            detail: g.name,
        });
    }
    Ok(out)
}
