//! The showcases ("vitrine") of a place and of a network, and an actor's profile page with its
//! schema.org JSON-LD (public fields only).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::shared::{card_view, contacts, CardView, Contacts};
use crate::actors::model::{parse_near, Category, Reader};
use crate::actors::repo::Filters;
use crate::actors::service::{self, Card, PER_PAGE};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::ids::PlaceId;
use crate::state::AppState;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{render, Chrome};

/// The showcase's filters as the form sends them (all text: a bad value is ignored and said).
#[derive(Deserialize, Default)]
pub(super) struct ShowcaseQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    skill: String,
    #[serde(default)]
    city: String,
    /// `lat,lon`; on a place's showcase, the place itself when empty.
    #[serde(default)]
    near: String,
    #[serde(default)]
    radius_km: String,
    #[serde(default)]
    pub(super) open_now: Option<String>,
    #[serde(default)]
    offers: Option<String>,
    #[serde(default)]
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "actors/showcase.html")]
struct ShowcaseTpl {
    c: Chrome,
    /// "lieux" or "reseaux".
    base: String,
    owner_name: String,
    owner_slug: String,
    /// The place's or network's id, for the link to the creation form.
    new_link: String,
    categories: Vec<Category>,
    f: ShowcaseQuery,
    radii: Vec<&'static str>,
    bad_filter: bool,
    cards: Vec<CardView>,
    total: i64,
    pages: Vec<PageLink>,
    signed_in: bool,
    /// Some card has public coordinates: the map is drawn.
    has_points: bool,
    tile_url: String,
    /// `place_id=…` or `network_id=…`: the exports' filter.
    api_scope: String,
    /// The `<iframe>` another website pastes to embed this showcase.
    embed_snippet: String,
    /// The reader manages the place or animates the network: the import page is linked.
    can_import: bool,
}

/// The filters of `q` within a place or a network; whether a filter could not be read.
pub(super) fn filters(q: &ShowcaseQuery, default_point: Option<(f64, f64)>) -> (Filters, bool) {
    let mut bad = false;
    let radius = match q.radius_km.trim() {
        "" => None,
        r => match r.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => Some(v.min(500.0)),
            _ => {
                bad = true;
                None
            }
        },
    };
    let point = match q.near.trim() {
        "" => default_point,
        n => {
            let p = parse_near(n);
            bad |= p.is_none();
            p
        }
    };
    let near = match (point, radius) {
        (Some((la, lo)), Some(r)) => Some((la, lo, r)),
        (None, Some(_)) => {
            bad = true;
            None
        }
        _ => None,
    };
    let fold = |s: &str| Some(crate::text::fold_words(s)).filter(|s| !s.is_empty());
    (
        Filters {
            words: crate::db::search::words(&q.q),
            category: Some(q.category.trim().to_string()).filter(|s| !s.is_empty()),
            skill: fold(&q.skill),
            city: fold(&q.city),
            near,
            has_offers: q.offers.is_some(),
            ..Filters::default()
        },
        bad,
    )
}

#[allow(clippy::too_many_arguments)]
async fn showcase(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    q: ShowcaseQuery,
    mut f: Filters,
    bad_filter: bool,
    (base, owner_name, owner_slug, new_link): (&str, String, String, String),
) -> AppResult<Response> {
    let page = PageQuery {
        page: q.page.clone(),
    };
    let (limit, offset) = page.window(PER_PAGE);
    let open_now = q.open_now.is_some();
    f.words.truncate(8);
    let (cards, total) = service::search(state, &f, open_now, limit, offset).await?;
    let mut c = Chrome::new(ctx, headers, "actors-showcase-title");
    c.title = format!("{} · {owner_name}", c.title);
    let logos = crate::actors::photos::logos(
        state,
        &cards.iter().map(|card| &card.actor).collect::<Vec<_>>(),
    )
    .await?;
    let views: Vec<CardView> = cards
        .iter()
        .map(|card| {
            let mut v = card_view(&c, card);
            if let Some(p) = logos.get(&card.actor.id.get()) {
                v.logo = Some((p.thumb_url(), p.alt.clone()));
            }
            v
        })
        .collect();
    let query = crate::web::paging::query_without_page(ctx.path.split_once('?').map(|x| x.1));
    let href = format!("/{base}/{owner_slug}/vitrine");
    let has_points = views.iter().any(|v| !v.lat.is_empty());
    let api_scope = new_link
        .replace("place=", "place_id=")
        .replace("network=", "network_id=");
    let embed_snippet = format!(
        "<iframe src=\"{}{href}/integrer\" title=\"{}\" width=\"100%\" height=\"600\" loading=\"lazy\"></iframe>",
        state.config.base_url,
        c.title.replace('"', "")
    );
    let scope = match (f.place, f.network) {
        (Some(p), _) => Some(service::ImportScope::Place(p)),
        (None, Some(n)) => Some(service::ImportScope::Network(n)),
        _ => None,
    };
    let can_import = match (ctx.user.as_ref(), scope) {
        (Some(p), Some(s)) => service::authorize_import(state, Some(p), s).await.is_ok(),
        _ => false,
    };
    let mut res = render(&ShowcaseTpl {
        can_import,
        api_scope,
        embed_snippet,
        has_points,
        tile_url: state.config.map_tile_url.clone(),
        pages: pages(&query, &href, page.number(), total, PER_PAGE),
        categories: service::categories(state).await?,
        radii: vec!["5", "10", "20", "50"],
        signed_in: ctx.user.is_some(),
        c,
        base: base.to_string(),
        owner_name,
        owner_slug,
        new_link,
        f: q,
        bad_filter,
        cards: views,
        total,
    })?;
    if has_points {
        set_map_csp(&mut res, &state.config.map_tile_url, false);
    }
    Ok(res)
}

/// The showcase's map loads its tiles from the tile server (the CSP of the places' maps);
/// the embeddable showcase may be framed anywhere.
pub(super) fn set_map_csp(res: &mut Response, tile_url: &str, embeddable: bool) {
    let origin = url::Url::parse(&tile_url.replace(['{', '}'], ""))
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null")
        .unwrap_or_default();
    let csp = crate::web::headers::CSP.replace(
        "img-src 'self' data:",
        &format!("img-src 'self' data: {origin}"),
    );
    let csp = if embeddable {
        csp.replace("frame-ancestors 'none'", "frame-ancestors *")
    } else {
        csp
    };
    if let Ok(v) = axum::http::HeaderValue::from_str(&csp) {
        res.headers_mut().insert("content-security-policy", v);
    }
}

pub(super) async fn place_showcase(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ShowcaseQuery>,
) -> AppResult<Response> {
    let (id, name, slug, point): (PlaceId, String, String, Option<(f64, f64)>) =
        crate::actors::repo::published_place(&state.db, &slug)
            .await?
            .ok_or(AppError::NotFound)?;
    let (mut f, bad) = filters(&q, point);
    f.place = Some(id);
    let link = format!("place={id}");
    showcase(
        &state,
        &ctx,
        &headers,
        q,
        f,
        bad,
        ("lieux", name, slug, link),
    )
    .await
}

pub(super) async fn network_showcase(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ShowcaseQuery>,
) -> AppResult<Response> {
    let n = crate::tenancy::repo::network_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let (mut f, bad) = filters(&q, None);
    f.network = Some(n.id);
    let link = format!("network={}", n.id);
    showcase(
        &state,
        &ctx,
        &headers,
        q,
        f,
        bad,
        ("reseaux", n.name, n.slug, link),
    )
    .await
}

#[derive(Template)]
#[template(path = "actors/profile.html")]
struct ProfileTpl {
    c: Chrome,
    card: Card,
    subtype: String,
    contacts: Contacts,
    phone: String,
    hours: Vec<String>,
    offers: Vec<(String, String, String)>,
    links: Vec<String>,
    languages: String,
    json_ld: String,
    can_edit: bool,
    reader_note: String,
    /// Its photos, the logo first (organisations only).
    photos: Vec<crate::media::Photo>,
    /// Someone receives this profile's messages, and it is not the reader.
    can_contact: bool,
    /// An organisation's profile the reader could ask to manage.
    can_claim: bool,
    /// The reader runs this organisation's profile.
    manages: bool,
}

/// The schema.org description of a profile: public fields only, whoever reads the page.
pub(super) fn json_ld(card: &Card, base_url: &str, photos: &[crate::media::Photo]) -> String {
    let a = &card.actor;
    let public = contacts(a, Reader::Public);
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": a.subtype.schema_org(),
        "name": a.name,
        "url": format!("{base_url}/acteurs/{}", a.slug),
    });
    if let Some(logo) = photos.first() {
        v["logo"] = json!(format!("{base_url}{}", logo.url()));
        v["image"] = json!(photos
            .iter()
            .map(|p| format!("{base_url}{}", p.url()))
            .collect::<Vec<_>>());
    }
    if !a.description.is_empty() {
        v["description"] = json!(a.description);
    }
    if !a.city.is_empty() || !public.address.is_empty() {
        let mut addr =
            json!({"@type": "PostalAddress", "addressLocality": a.city, "addressCountry": "FR"});
        if !public.address.is_empty() {
            addr["streetAddress"] = json!(public.address);
        }
        if !public.postal_code.is_empty() {
            addr["postalCode"] = json!(public.postal_code);
        }
        v[if a.subtype.schema_org() == "Person" {
            "homeLocation"
        } else {
            "address"
        }] = addr;
    }
    if let Some((la, lo)) = public.point {
        if a.subtype.schema_org() != "Person" {
            v["geo"] = json!({"@type": "GeoCoordinates", "latitude": la, "longitude": lo});
        }
    }
    if !public.email.is_empty() {
        v["email"] = json!(public.email);
    }
    if !public.phone.is_empty() {
        v["telephone"] = json!(public.phone);
    }
    if !a.opening_hours.is_empty() && a.subtype.schema_org() == "LocalBusiness" {
        v["openingHours"] = json!(a.opening_hours);
    }
    let mut same: Vec<String> = a.link_list();
    if !a.website.is_empty() {
        same.insert(0, a.website.clone());
    }
    if !same.is_empty() {
        v["sameAs"] = json!(same);
    }
    if !card.skills.is_empty() {
        v["knowsAbout"] = json!(card.skills.iter().map(|s| &s.name).collect::<Vec<_>>());
    }
    if !a.siret.is_empty() && a.subtype.schema_org() != "Person" {
        v["identifier"] =
            json!({"@type": "PropertyValue", "propertyID": "SIRET", "value": a.siret});
    }
    if !card.offers.is_empty() {
        v["makesOffer"] = json!(card
            .offers
            .iter()
            .map(|o| {
                let mut offer = json!({"@type": "Offer", "name": o.title});
                if !o.description.is_empty() {
                    offer["description"] = json!(o.description);
                }
                if let Some(p) = o.price_cents {
                    offer["price"] = json!(format!("{}.{:02}", p / 100, p % 100));
                    offer["priceCurrency"] = json!("EUR");
                }
                offer
            })
            .collect::<Vec<_>>());
    }
    // Safe inside <script type="application/ld+json">: no "<" can close the element.
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

pub(super) async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let a = service::by_slug(&state, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let who = ctx.user.as_ref();
    let reader = service::reader_of(&state, who, &a).await?;
    let card = service::card(&state, a).await?;
    let a = &card.actor;
    let mut c = Chrome::new(&ctx, &headers, "actors-profile-title");
    c.title = a.name.clone();
    let hours = if a.opening_hours.is_empty() {
        Vec::new()
    } else {
        crate::hours::OpeningHours::parse(&a.opening_hours)
            .map(|h| h.describe_at(state.clock.now(), ctx.lang))
            .unwrap_or_default()
    };
    let shown = contacts(a, reader);
    let photos = crate::actors::photos::of(&state, a).await?;
    let receivers = service::contact_accounts(&state, a).await?;
    let manages = who.is_some_and(|p| {
        a.kind == crate::actors::model::ActorKind::Organization && receivers.contains(&p.user.id)
    });
    let can_contact = !receivers.is_empty() && !who.is_some_and(|p| receivers.contains(&p.user.id));
    let can_claim =
        a.kind == crate::actors::model::ActorKind::Organization && !manages && who.is_some();
    let tpl = ProfileTpl {
        can_contact,
        can_claim,
        manages,
        subtype: c.t(&a.subtype.label_key()),
        phone: crate::places::model::display_phone(&shown.phone),
        contacts: shown,
        hours,
        offers: card
            .offers
            .iter()
            .map(|o| {
                (
                    o.title.clone(),
                    o.description.clone(),
                    o.price_cents
                        .map(crate::money::format_eur)
                        .unwrap_or_default(),
                )
            })
            .collect(),
        links: a.link_list(),
        languages: a.language_list().join(", "),
        json_ld: json_ld(&card, &state.config.base_url, &photos),
        photos,
        can_edit: reader == Reader::Editor,
        reader_note: match reader {
            Reader::Editor => "actors-reader-editor".into(),
            Reader::Member => "actors-reader-member".into(),
            Reader::Public => String::new(),
        },
        card,
        c,
    };
    render(&tpl)
}
