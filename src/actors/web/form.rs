//! The creation and edit forms of a profile (French, one column on a phone), and its deletion.
//! The pages parse, call the service (which holds every rule, the same for the API), render.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use crate::actors::model::{ActorSubtype, Category, FieldVisibility, RawActor, RawOffer};
use crate::actors::service;
use crate::auth::policy::Action;
use crate::auth::{Ctx, Principal, RoleKind};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{NetworkId, PlaceId};
use crate::places::model::LooseNumber;
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

/// The form's fields, as typed.
#[derive(Default, Clone)]
pub(super) struct ActorForm {
    name: String,
    kind: String,
    subtype: String,
    categories: Vec<String>,
    skills: String,
    offers: String,
    languages: String,
    address: String,
    postal_code: String,
    city: String,
    latitude: String,
    longitude: String,
    description: String,
    opening_hours: String,
    siret: String,
    email: String,
    phone: String,
    website: String,
    links: String,
    place_ids: Vec<String>,
    network_id: String,
    email_visibility: String,
    phone_visibility: String,
    address_visibility: String,
    service_communes: String,
    service_radius_km: String,
}

impl ActorForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> ActorForm {
        let mut f = ActorForm::default();
        for (k, v) in pairs {
            match k.as_str() {
                "name" => f.name = v,
                "kind" => f.kind = v,
                "subtype" => f.subtype = v,
                "categories" => f.categories.push(v),
                "skills" => f.skills = v,
                "offers" => f.offers = v,
                "languages" => f.languages = v,
                "address" => f.address = v,
                "postal_code" => f.postal_code = v,
                "city" => f.city = v,
                "latitude" => f.latitude = v,
                "longitude" => f.longitude = v,
                "description" => f.description = v,
                "opening_hours" => f.opening_hours = v,
                "siret" => f.siret = v,
                "email" => f.email = v,
                "phone" => f.phone = v,
                "website" => f.website = v,
                "links" => f.links = v,
                "service_communes" => f.service_communes = v,
                "service_radius_km" => f.service_radius_km = v,
                "place_ids" => f.place_ids.push(v),
                "network_id" => f.network_id = v,
                "email_visibility" => f.email_visibility = v,
                "phone_visibility" => f.phone_visibility = v,
                "address_visibility" => f.address_visibility = v,
                _ => {}
            }
        }
        f
    }

    fn from_raw(r: &RawActor) -> ActorForm {
        ActorForm {
            name: r.name.clone(),
            kind: r.kind.clone(),
            subtype: r.subtype.clone(),
            categories: r.categories.clone(),
            skills: r.skills.join(", "),
            offers: r
                .offers
                .iter()
                .map(|o| {
                    let price = o
                        .price_cents
                        .map(crate::money::format_amount)
                        .unwrap_or_default();
                    format!("{} | {} | {}", o.title, o.description, price)
                        .trim_end_matches(" | ")
                        .trim_end_matches(" |")
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join("\n"),
            languages: r.languages.join(", "),
            address: r.address.clone(),
            postal_code: r.postal_code.clone(),
            city: r.city.clone(),
            latitude: r.latitude.0.clone(),
            longitude: r.longitude.0.clone(),
            description: r.description.clone(),
            opening_hours: r.opening_hours.clone(),
            siret: r.siret.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
            website: r.website.clone(),
            links: r.links.join("\n"),
            service_communes: r.service_communes.join("\n"),
            service_radius_km: r
                .service_radius_km
                .map(|r| r.to_string())
                .unwrap_or_default(),
            place_ids: r.place_ids.iter().map(|p| p.to_string()).collect(),
            network_id: r.network_id.map(|n| n.to_string()).unwrap_or_default(),
            email_visibility: r.email_visibility.clone(),
            phone_visibility: r.phone_visibility.clone(),
            address_visibility: r.address_visibility.clone(),
        }
    }

    /// The profile as the service reads it; lines of offers that cannot be read are errors.
    fn raw(&self, errors: &mut FieldErrors) -> RawActor {
        let list = |s: &str| -> Vec<String> {
            s.split([',', '\n'])
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut offers = Vec::new();
        for line in self.offers.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let mut parts = line.splitn(3, '|').map(str::trim);
            let title = parts.next().unwrap_or("").to_string();
            let description = parts.next().unwrap_or("").to_string();
            let price_cents = match parts.next().unwrap_or("") {
                "" => None,
                p => match crate::money::parse_eur(p) {
                    Ok(c) => Some(c),
                    Err(_) => {
                        errors.add("offers", "actors-offer-price-invalid");
                        None
                    }
                },
            };
            offers.push(RawOffer {
                title,
                description,
                price_cents,
            });
        }
        let mut place_ids = Vec::new();
        for p in &self.place_ids {
            match p.parse::<i64>() {
                Ok(id) => place_ids.push(PlaceId(id)),
                Err(_) => errors.add("place_ids", "field-invalid-choice"),
            }
        }
        let network_id = match self.network_id.trim() {
            "" => None,
            n => match n.parse::<i64>() {
                Ok(id) => Some(NetworkId(id)),
                Err(_) => {
                    errors.add("network_id", "field-invalid-choice");
                    None
                }
            },
        };
        RawActor {
            name: self.name.clone(),
            kind: self.kind.clone(),
            subtype: self.subtype.clone(),
            categories: self.categories.clone(),
            skills: list(&self.skills),
            offers,
            languages: list(&self.languages),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            latitude: LooseNumber(self.latitude.clone()),
            longitude: LooseNumber(self.longitude.clone()),
            description: self.description.clone(),
            opening_hours: self.opening_hours.clone(),
            siret: self.siret.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            links: self
                .links
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            place_ids,
            place_id: None,
            network_id,
            visibility: String::new(),
            email_visibility: self.email_visibility.clone(),
            phone_visibility: self.phone_visibility.clone(),
            address_visibility: self.address_visibility.clone(),
            service_communes: vec![self.service_communes.clone()],
            service_radius_km: match self.service_radius_km.trim() {
                "" => None,
                r => match r.parse::<i32>() {
                    Ok(n) => Some(n),
                    Err(_) => {
                        errors.add("service_radius_km", "actors-service-radius-invalid");
                        None
                    }
                },
            },
        }
    }
}

/// Reads a urlencoded body whose `categories` and `place_ids` may repeat.
fn read_body(body: &str) -> AppResult<ActorForm> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    crate::form::hygiene::check_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(AppError::Invalid)?;
    Ok(ActorForm::from_pairs(pairs))
}

/// The service's errors named as the form's fields.
fn form_errors(errors: FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::default();
    for (f, k) in errors.0 {
        let field: String = if f.starts_with("offers[") {
            "offers".into()
        } else {
            f.to_string()
        };
        out.add(field, k);
    }
    out
}

#[derive(Template)]
#[template(path = "actors/form.html")]
struct FormTpl {
    c: Chrome,
    /// `None` for a new profile, its slug otherwise.
    slug: Option<String>,
    f: ActorForm,
    errors: FieldErrors,
    /// `(slug, name, checked)`.
    categories: Vec<(String, String, bool)>,
    /// `(value, label)`.
    subtypes: Vec<(String, String)>,
    /// `(id, name, checked)`.
    places: Vec<(String, String, bool)>,
    networks: Vec<(String, String)>,
    visibilities: Vec<(String, String)>,
    /// `(field, value, label)` of the three visibility choices.
    vis_fields: Vec<(String, String, String)>,
    has_profile: bool,
}

/// Where `p` may attach a profile: the networks and places they run (bounded like the other
/// forms), those they are a member of, and those already chosen.
async fn attachments(
    state: &AppState,
    p: &Principal,
    chosen: &[String],
) -> AppResult<(Vec<(String, String)>, Vec<(String, String)>)> {
    let wanted = chosen.first().and_then(|s| s.parse().ok()).map(PlaceId);
    let (networks, mut places, _) =
        crate::tenancy::service::places_offered(state, p, Action::ManagePlace, wanted).await?;
    let mut extra: Vec<PlaceId> = p
        .roles
        .iter()
        .filter(|r| r.kind == RoleKind::Member)
        .filter_map(|r| r.place_id)
        .map(PlaceId)
        .chain(chosen.iter().filter_map(|s| s.parse().ok()).map(PlaceId))
        .filter(|id| !places.iter().any(|pl| pl.id == *id))
        .collect();
    extra.sort();
    extra.dedup();
    places.extend(
        crate::tenancy::repo::places_by_ids(&state.db, &extra)
            .await?
            .into_values(),
    );
    let mut nets: Vec<(String, String)> = networks
        .into_iter()
        .map(|n| (n.id.to_string(), n.name))
        .collect();
    for r in p.roles.iter().filter(|r| r.kind == RoleKind::Member) {
        if let Some(n) = r.network_id {
            if !nets.iter().any(|(id, _)| *id == n.to_string()) {
                if let Some(net) =
                    crate::tenancy::repo::network_by_id(&state.db, NetworkId(n)).await?
                {
                    nets.push((net.id.to_string(), net.name));
                }
            }
        }
    }
    Ok((
        places
            .into_iter()
            .map(|pl| (pl.id.to_string(), pl.name))
            .collect(),
        nets,
    ))
}

async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    slug: Option<String>,
    f: ActorForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let c = Chrome::new(
        ctx,
        headers,
        if slug.is_some() {
            "actors-edit-title"
        } else {
            "actors-new-title"
        },
    );
    let (places, networks) = attachments(state, p, &f.place_ids).await?;
    let subtypes = ActorSubtype::ALL
        .iter()
        .map(|s| {
            (
                s.to_string(),
                format!(
                    "{} ({})",
                    c.t(&s.label_key()),
                    c.t(&format!("actors-kind-{}", s.kind()))
                ),
            )
        })
        .collect();
    let visibilities = FieldVisibility::ALL
        .iter()
        .map(|v| (v.to_string(), c.t(&format!("actors-visibility-{v}"))))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            has_profile: service::of_user(state, p).await?.is_some(),
            categories: service::categories(state)
                .await?
                .into_iter()
                .map(|cat: Category| {
                    let on = f.categories.contains(&cat.slug);
                    (cat.slug, cat.name, on)
                })
                .collect(),
            places: places
                .into_iter()
                .map(|(id, name)| {
                    let on = f.place_ids.contains(&id);
                    (id, name, on)
                })
                .collect(),
            vis_fields: vec![
                (
                    "email_visibility".into(),
                    f.email_visibility.clone(),
                    c.t("field-email"),
                ),
                (
                    "phone_visibility".into(),
                    f.phone_visibility.clone(),
                    c.t("field-phone"),
                ),
                (
                    "address_visibility".into(),
                    f.address_visibility.clone(),
                    c.t("field-address"),
                ),
            ],
            c,
            slug,
            f,
            errors,
            subtypes,
            networks,
            visibilities,
        },
    )
}

#[derive(Deserialize)]
pub(super) struct NewQuery {
    #[serde(default)]
    place: String,
    #[serde(default)]
    network: String,
    #[serde(default)]
    kind: String,
}

pub(super) async fn new_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let person = q.kind == "person";
    let f = ActorForm {
        kind: if person { "person" } else { "organization" }.into(),
        subtype: if person { "freelance" } else { "artisan" }.into(),
        place_ids: Some(q.place.trim().to_string())
            .filter(|s| s.parse::<i64>().is_ok())
            .into_iter()
            .collect(),
        network_id: Some(q.network.trim().to_string())
            .filter(|s| s.parse::<i64>().is_ok())
            .unwrap_or_default(),
        languages: "fr".into(),
        ..Default::default()
    };
    form_view(&state, &ctx, &headers, None, f, FieldErrors::default()).await
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: String,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let f = read_body(&body)?;
    let mut errors = FieldErrors::default();
    let raw = f.raw(&mut errors);
    let res = match errors.is_empty() {
        true => service::create(&state, p, &raw).await,
        false => {
            // Every other field checked too, to be reported at once (nothing is written).
            let cats = service::categories(&state).await?;
            crate::actors::model::validate(&raw, &cats, &mut errors);
            Err(AppError::Invalid(errors))
        }
    };
    match res {
        Ok((_, slug)) => Ok(redirect_flash(
            &format!("/acteurs/{slug}"),
            "flash-actor-created",
        )),
        Err(AppError::Invalid(e)) => {
            form_view(&state, &ctx, &headers, None, f, form_errors(e)).await
        }
        Err(AppError::Conflict(_)) => {
            let e = FieldErrors::one("kind", "actors-profile-exists");
            form_view(&state, &ctx, &headers, None, f, e).await
        }
        Err(e) => Err(e),
    }
}

/// The profile, if `ctx`'s person may edit it (404 otherwise).
async fn editable(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
) -> AppResult<crate::actors::model::Actor> {
    let p = ctx.require_user()?;
    let a = service::by_slug(state, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_edit(state, Some(p), &a).await? {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

pub(super) async fn edit_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let a = editable(&state, &ctx, &slug).await?;
    let card = service::card(&state, a).await?;
    let f = ActorForm::from_raw(&service::raw_of(&card));
    form_view(
        &state,
        &ctx,
        &headers,
        Some(slug),
        f,
        FieldErrors::default(),
    )
    .await
}

pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: String,
) -> AppResult<Response> {
    let a = editable(&state, &ctx, &slug).await?;
    let p = ctx.require_user()?;
    let mut f = read_body(&body)?;
    f.kind = a.kind.to_string();
    let mut errors = FieldErrors::default();
    let raw = f.raw(&mut errors);
    let res = match errors.is_empty() {
        true => service::update(&state, p, a.id, &raw).await,
        false => Err(AppError::Invalid(errors)),
    };
    match res {
        Ok(slug) => Ok(redirect_flash(
            &format!("/acteurs/{slug}"),
            "flash-actor-saved",
        )),
        Err(AppError::Invalid(e)) => {
            form_view(&state, &ctx, &headers, Some(slug), f, form_errors(e)).await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let p = ctx.require_user()?;
    let a = service::by_slug(&state, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    service::delete(&state, p, a.id).await?;
    Ok(redirect_flash("/", "flash-actor-deleted"))
}
