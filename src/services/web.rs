//! The public catalogue of a place's services, the "demander cette prestation" form, and the
//! managers' page to add, edit and remove services.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::{Service, ServiceCategory, ServiceInput, ServicePriceUnit, VAT_RATES};
use crate::accounts::model::normalize_email;
use crate::auth::policy::{authorize, Action};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::ids::PlaceId;
use crate::mail::Email;
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::tenancy::repo as tenancy;
use crate::tenancy::service::place_target;
use crate::web::{redirect_flash, render_status, Chrome};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/lieux/{slug}/prestations", get(catalogue))
        .route("/prestations/{id}/demander", post(request))
        .route(
            "/admin/lieux/{id}/prestations",
            get(admin).post(admin_create),
        )
        .route("/admin/prestations/{id}", post(admin_update))
        .route("/admin/prestations/{id}/supprimer", post(admin_delete))
}

#[derive(Template)]
#[template(path = "services/catalogue.html")]
struct CatalogueTpl {
    c: Chrome,
    place: Place,
    services: Vec<Service>,
    can_manage: bool,
    errors: FieldErrors,
    failed_id: i64,
    name: String,
    email: String,
}

async fn catalogue_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    place: Place,
    errors: FieldErrors,
    failed_id: i64,
) -> AppResult<Response> {
    let can_manage = authorize(
        ctx.user.as_ref(),
        Action::ManagePlace,
        &place_target(state, place.id).await?,
    )
    .is_ok();
    let mut c = Chrome::new(ctx, headers, "service-catalogue-title");
    c.title = format!("{} · {}", c.title, place.name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &CatalogueTpl {
            c,
            services: super::of_place(&state.db, place.id).await?,
            can_manage,
            errors,
            failed_id,
            name: ctx
                .user
                .as_ref()
                .map(|p| p.user.display_name.clone())
                .unwrap_or_default(),
            email: ctx
                .user
                .as_ref()
                .map(|p| p.user.email.clone())
                .unwrap_or_default(),
            place,
        },
    )
}

async fn catalogue(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let place = tenancy::place_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    catalogue_view(&state, &ctx, &headers, place, FieldErrors::default(), 0).await
}

#[derive(Deserialize)]
struct RequestForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    message: String,
}

async fn request(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<RequestForm>,
) -> AppResult<Response> {
    let service = super::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let place = tenancy::place_by_id(&state.db, service.place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::accounts::service::check_rate(&state, &ctx, "service_request").await?;
    let mut errors = FieldErrors::default();
    let name = f.name.trim();
    if name.is_empty() {
        errors.add("name", "field-required");
    } else if name.chars().count() > 200 || name.chars().any(char::is_control) {
        errors.add("name", "field-name-invalid");
    }
    let email = normalize_email(&f.email)
        .map_err(|k| errors.add("email", k))
        .ok();
    let message = f.message.trim();
    if message.chars().count() > 5000 {
        errors.add("message", "field-too-long");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return catalogue_view(&state, &ctx, &headers, place, errors, id).await;
    };
    let now = state.clock.now_ms();
    super::insert_request(&state.db, id, ctx.user_id(), name, &email, message, now).await?;
    for to in crate::bookings::service::manager_emails(&state.db, service.place_id).await? {
        let lang = crate::i18n::Lang::Fr;
        crate::notifications::notify(
            &state.db,
            now,
            crate::notifications::Kind::Registrations,
            &Email {
                to,
                subject: lang.ta("service-mail-subject", &[("service", &service.name)]),
                text: lang.ta(
                    "service-mail-text",
                    &[
                        ("service", &service.name),
                        ("place", &place.name),
                        ("name", name),
                        ("email", &email),
                        ("message", message),
                    ],
                ),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(redirect_flash(
        &format!("/lieux/{}/prestations", place.slug),
        "flash-service-requested",
    ))
}

#[derive(Deserialize, Default)]
struct ServiceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    price: String,
    #[serde(default)]
    price_unit: String,
    #[serde(default)]
    vat_rate_bp: String,
}

impl ServiceForm {
    fn parse(&self) -> Result<ServiceInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let price_cents = crate::money::parse_eur(self.price.trim()).unwrap_or_else(|_| {
            e.add("price_cents", "booking-field-price");
            0
        });
        // An unknown value is the form's error on its field, and the form is refused; the
        // default value that stands in for it only lets the model check the other fields.
        let category =
            parse_enum(&self.category, "category", &mut e).unwrap_or(ServiceCategory::Autre);
        let price_unit =
            parse_enum(&self.price_unit, "price_unit", &mut e).unwrap_or(ServicePriceUnit::Forfait);
        let input = ServiceInput {
            name: self.name.clone(),
            description: self.description.clone(),
            category,
            price_cents,
            price_unit,
            vat_rate_bp: self.vat_rate_bp.trim().parse().unwrap_or(-1),
        };
        e.then(input.validate())
    }
}

pub struct Choices {
    pub categories: Vec<&'static str>,
    pub units: Vec<&'static str>,
    pub vat: Vec<(i32, String)>,
}

#[derive(Template)]
#[template(path = "services/admin.html")]
struct AdminTpl {
    c: Chrome,
    place: Place,
    services: Vec<Service>,
    errors: FieldErrors,
    ch: Choices,
}

async fn manage(state: &AppState, ctx: &Ctx, place_id: PlaceId) -> AppResult<Place> {
    authorize(
        ctx.user.as_ref(),
        Action::ManagePlace,
        &place_target(state, place_id).await?,
    )?;
    tenancy::place_by_id(&state.db, place_id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn admin_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    place_id: PlaceId,
    errors: FieldErrors,
) -> AppResult<Response> {
    let place = manage(state, ctx, place_id).await?;
    let mut c = Chrome::new(ctx, headers, "service-admin-title");
    c.title = format!("{} · {}", c.title, place.name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &AdminTpl {
            c,
            services: super::of_place(&state.db, place.id).await?,
            place,
            errors,
            ch: Choices {
                categories: ServiceCategory::TEXTS.to_vec(),
                units: ServicePriceUnit::TEXTS.to_vec(),
                vat: VAT_RATES
                    .iter()
                    .map(|r| (*r, super::vat_label(*r)))
                    .collect(),
            },
        },
    )
}

async fn admin(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
) -> AppResult<Response> {
    admin_view(&state, &ctx, &headers, id, FieldErrors::default()).await
}

async fn admin_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
    Form(f): Form<ServiceForm>,
) -> AppResult<Response> {
    manage(&state, &ctx, id).await?;
    match f.parse() {
        Ok(input) => {
            super::insert(&state.db, id, &input, state.clock.now_ms()).await?;
            Ok(redirect_flash(
                &format!("/admin/lieux/{id}/prestations"),
                "flash-service-saved",
            ))
        }
        Err(errors) => admin_view(&state, &ctx, &headers, id, errors).await,
    }
}

async fn admin_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(f): Form<ServiceForm>,
) -> AppResult<Response> {
    let s = super::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    manage(&state, &ctx, s.place_id).await?;
    match f.parse() {
        Ok(input) => {
            super::update(&state.db, id, &input).await?;
            Ok(redirect_flash(
                &format!("/admin/lieux/{}/prestations", s.place_id),
                "flash-service-saved",
            ))
        }
        Err(errors) => admin_view(&state, &ctx, &headers, s.place_id, errors).await,
    }
}

async fn admin_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = super::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    manage(&state, &ctx, s.place_id).await?;
    super::archive(&state.db, id).await?;
    Ok(redirect_flash(
        &format!("/admin/lieux/{}/prestations", s.place_id),
        "flash-service-deleted",
    ))
}
