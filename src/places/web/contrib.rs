//! Contributions: proposing a place, editing one (directly or as a proposal), claiming it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use crate::auth::policy::{authorize, Action};
use crate::auth::{Ctx, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::NetworkId;
use crate::places::model::{
    display_phone, PlaceModeration, PlaceStatus, PlaceVia, RawPlace, Typology,
};
use crate::places::repo::{self, PlaceRow};
use crate::places::service::{self, EditOutcome};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::{redirect_flash, render_status, Chrome};

#[derive(Template)]
#[template(path = "places/form.html")]
pub(super) struct FormTpl {
    c: Chrome,
    action: String,
    v: RawPlace,
    network_id: String,
    networks: Vec<Network>,
    typologies: Vec<Typology>,
    statuses: Vec<&'static str>,
    errors: FieldErrors,
    is_new: bool,
    direct: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct PlaceForm {
    name: String,
    status: String,
    address: String,
    postal_code: String,
    city: String,
    insee_code: String,
    latitude: String,
    longitude: String,
    description: String,
    opening_hours: String,
    hours_note: String,
    email: String,
    phone: String,
    website: String,
    social_links: String,
    services: String,
    accessibility: String,
    siret: String,
    charter_adopted_on: String,
    /// Comma-separated typology slugs (checkboxes arrive as repeated keys and are joined).
    typologies: String,
    network_id: String,
}

impl PlaceForm {
    fn raw(&self, typologies: Vec<String>) -> RawPlace {
        RawPlace {
            name: self.name.clone(),
            status: self.status.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            insee_code: self.insee_code.clone(),
            latitude: self.latitude.as_str().into(),
            longitude: self.longitude.as_str().into(),
            description: self.description.clone(),
            opening_hours: self.opening_hours.clone(),
            hours_note: self.hours_note.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            website: self.website.clone(),
            social_links: self.social_links.clone(),
            services: self.services.clone(),
            accessibility: self.accessibility.clone(),
            siret: self.siret.clone(),
            charter_adopted_on: self.charter_adopted_on.clone(),
            typologies,
        }
    }
}

/// Reads a urlencoded body where `typologies` may repeat.
fn parse_place_form(body: &str) -> AppResult<(PlaceForm, Vec<String>)> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(body).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let typologies: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "typologies")
        .map(|(_, v)| v.clone())
        .collect();
    let rest: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| k != "typologies")
        .collect();
    let f: PlaceForm =
        serde_urlencoded::from_str(&serde_urlencoded::to_string(rest).unwrap_or_default())
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok((f, typologies))
}

pub(super) fn raw_of_row(p: &PlaceRow, typologies: &[Typology]) -> RawPlace {
    RawPlace {
        name: p.name.clone(),
        status: p.status.to_string(),
        address: p.street.clone(),
        postal_code: p.postal_code.clone(),
        city: p.city.clone(),
        insee_code: p.insee_code.clone(),
        latitude: p
            .latitude
            .map(|v| v.to_string())
            .unwrap_or_default()
            .as_str()
            .into(),
        longitude: p
            .longitude
            .map(|v| v.to_string())
            .unwrap_or_default()
            .as_str()
            .into(),
        description: p.description.clone(),
        opening_hours: p.opening_hours.clone(),
        hours_note: p.hours_note.clone(),
        email: p.email.clone(),
        phone: display_phone(&p.phone),
        website: p.website.clone(),
        social_links: p.social_links.clone(),
        services: p.services.clone(),
        accessibility: p.accessibility.clone(),
        siret: p.siret.clone(),
        charter_adopted_on: p.charter_adopted_on.clone(),
        typologies: typologies.iter().map(|t| t.slug.clone()).collect(),
    }
}

#[allow(clippy::too_many_arguments)] // the form's state, passed as is
async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    action: String,
    v: RawPlace,
    network_id: String,
    errors: FieldErrors,
    is_new: bool,
    direct: bool,
) -> AppResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            c: Chrome::new(
                ctx,
                headers,
                if is_new {
                    "place-propose-title"
                } else {
                    "place-edit-title"
                },
            ),
            action,
            v,
            network_id,
            networks: crate::tenancy::repo::networks(&state.db).await?,
            typologies: repo::typologies(&state.db).await?,
            statuses: PlaceStatus::TEXTS.to_vec(),
            errors,
            is_new,
            direct,
        },
    )
}

pub(super) async fn propose_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    ctx.require_user()?;
    form_view(
        &state,
        &ctx,
        &headers,
        "/lieux/proposer".into(),
        RawPlace::default(),
        String::new(),
        FieldErrors::default(),
        true,
        false,
    )
    .await
}

pub(super) async fn propose(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: String,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (f, typologies) = parse_place_form(&body)?;
    let raw = f.raw(typologies);
    let network_id = f.network_id.trim().parse::<NetworkId>().ok();
    match service::create(&state, who, &raw, network_id, PlaceVia::Ui).await {
        Ok(saved) => {
            let p = repo::by_id(&state.db, saved.id)
                .await?
                .ok_or(AppError::NotFound)?;
            let flash = if p.moderation == PlaceModeration::Pending {
                "flash-place-proposed"
            } else {
                "flash-place-published"
            };
            Ok(redirect_flash(&format!("/lieux/{}", saved.slug), flash))
        }
        Err(AppError::Invalid(errors)) => {
            form_view(
                &state,
                &ctx,
                &headers,
                "/lieux/proposer".into(),
                raw,
                f.network_id,
                errors,
                true,
                false,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn visible_place(state: &AppState, who: &Principal, slug: &str) -> AppResult<PlaceRow> {
    let p = repo::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.moderation != PlaceModeration::Published {
        let t = service::target(state, p.id).await?;
        if authorize(Some(who), Action::ManageNetwork, &t).is_err()
            && p.created_by != Some(who.user.id)
        {
            return Err(AppError::NotFound);
        }
    }
    Ok(p)
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = visible_place(&state, who, &slug).await?;
    let t = service::target(&state, p.id).await?;
    let direct = authorize(Some(who), Action::ManagePlace, &t).is_ok();
    let typ = repo::typologies_of(&state.db, Some(&[p.id]))
        .await?
        .remove(&p.id)
        .unwrap_or_default();
    form_view(
        &state,
        &ctx,
        &headers,
        format!("/lieux/{}/modifier", p.slug),
        raw_of_row(&p, &typ),
        String::new(),
        FieldErrors::default(),
        false,
        direct,
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
    let who = ctx.require_user()?;
    let p = visible_place(&state, who, &slug).await?;
    let (f, typologies) = parse_place_form(&body)?;
    let raw = f.raw(typologies);
    match service::edit(&state, who, &p, &raw, PlaceVia::Ui).await {
        Ok(EditOutcome::Saved(_)) => Ok(redirect_flash(
            &format!("/lieux/{}", p.slug),
            "flash-place-saved",
        )),
        Ok(EditOutcome::Proposed(_)) => Ok(redirect_flash(
            &format!("/lieux/{}", p.slug),
            "flash-edit-proposed",
        )),
        Err(AppError::Invalid(errors)) => {
            let t = service::target(&state, p.id).await?;
            let direct = authorize(Some(who), Action::ManagePlace, &t).is_ok();
            form_view(
                &state,
                &ctx,
                &headers,
                format!("/lieux/{}/modifier", p.slug),
                raw,
                String::new(),
                errors,
                false,
                direct,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ClaimForm {
    message: String,
}

pub(super) async fn claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<ClaimForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let p = visible_place(&state, who, &slug).await?;
    service::claim(&state, who, &p, &f.message).await?;
    Ok(redirect_flash(
        &format!("/lieux/{}", p.slug),
        "flash-claim-sent",
    ))
}
