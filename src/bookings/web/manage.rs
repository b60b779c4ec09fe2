//! Managers: a place's spaces (creating, editing, archiving), their photos, closures and
//! qualified people.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

use super::shared::manage_place;
use crate::auth::Ctx;
use crate::bookings::model::Closure;
use crate::bookings::model::{Space, SpaceAccess, SpaceInput, SpaceKind, SpaceMode, SpaceUnit};
use crate::bookings::repo::{self, Qualified};
use crate::bookings::service::{self, active_space};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::ids::{PlaceId, SpaceId, UserId};
use crate::state::AppState;
use crate::tenancy::model::Place;
use crate::web::{redirect_flash, render_status, Chrome};

// ---- managers: spaces ----

#[derive(Deserialize, Default)]
pub struct SpaceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    min_units: String,
    #[serde(default)]
    max_units: String,
    #[serde(default)]
    opening_hours: String,
    #[serde(default)]
    lead_time_minutes: String,
    #[serde(default)]
    cancel_deadline_hours: String,
    #[serde(default)]
    access: String,
    #[serde(default)]
    requires_qualification: Option<String>,
    /// « Au-delà des horaires du lieu »: the space may open when its place is closed.
    #[serde(default)]
    beyond_place_hours: Option<String>,
    #[serde(default)]
    price_member: String,
    #[serde(default)]
    price_public: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    equipment: String,
    /// Where the hours typed exceed the place's, in words (set when they are refused).
    #[serde(skip)]
    beyond_detail: String,
}

impl SpaceForm {
    fn from_space(s: &Space) -> SpaceForm {
        SpaceForm {
            name: s.name.clone(),
            kind: s.kind.to_string(),
            capacity: s.capacity.to_string(),
            mode: s.mode.to_string(),
            unit: s.unit.to_string(),
            min_units: s.min_units.to_string(),
            max_units: s.max_units.to_string(),
            opening_hours: s.opening_hours.clone(),
            lead_time_minutes: s.lead_time_minutes.to_string(),
            cancel_deadline_hours: s.cancel_deadline_hours.to_string(),
            access: s.access.to_string(),
            requires_qualification: s.requires_qualification.then(|| "on".into()),
            beyond_place_hours: s.beyond_place_hours.then(|| "on".into()),
            price_member: crate::bookings::model::cents_input(&s.price_member_cents),
            price_public: crate::bookings::model::cents_input(&s.price_public_cents),
            description: s.description.clone(),
            equipment: s.equipment.clone(),
            beyond_detail: String::new(),
        }
    }

    fn qualification(&self) -> bool {
        self.requires_qualification.is_some()
    }

    fn parse(&self) -> Result<crate::bookings::model::SpaceDraft, FieldErrors> {
        let mut e = FieldErrors::default();
        let int = |s: &str, field: &'static str, default: i32, e: &mut FieldErrors| -> i32 {
            let s = s.trim();
            if s.is_empty() {
                return default;
            }
            s.parse().unwrap_or_else(|_| {
                e.add(field, "booking-field-number");
                default
            })
        };
        let money = |s: &str, field: &'static str, e: &mut FieldErrors| -> i64 {
            let s = s.trim();
            if s.is_empty() {
                return 0;
            }
            crate::money::parse_eur(s).unwrap_or_else(|_| {
                e.add(field, "booking-field-price");
                0
            })
        };
        // An unknown value is the form's error on its field, and the form is refused; the
        // default value that stands in for it only lets the model check the other fields.
        let kind = parse_enum(&self.kind, "kind", &mut e).unwrap_or(SpaceKind::Coworking);
        let mode = parse_enum(&self.mode, "mode", &mut e).unwrap_or(SpaceMode::Seat);
        let unit = parse_enum(&self.unit, "unit", &mut e).unwrap_or(SpaceUnit::Hour);
        let access = parse_enum(&self.access, "access", &mut e).unwrap_or(SpaceAccess::SignedIn);
        let input = SpaceInput {
            name: self.name.clone(),
            kind,
            capacity: int(&self.capacity, "capacity", 0, &mut e),
            mode,
            unit,
            min_units: int(&self.min_units, "min_units", 1, &mut e),
            max_units: int(&self.max_units, "max_units", 8, &mut e),
            opening_hours: self.opening_hours.clone(),
            lead_time_minutes: int(&self.lead_time_minutes, "lead_time_minutes", 0, &mut e),
            cancel_deadline_hours: int(
                &self.cancel_deadline_hours,
                "cancel_deadline_hours",
                0,
                &mut e,
            ),
            access,
            requires_qualification: self.qualification(),
            beyond_place_hours: self.beyond_place_hours.is_some(),
            price_member_cents: money(&self.price_member, "price_member_cents", &mut e),
            price_public_cents: money(&self.price_public, "price_public_cents", &mut e),
            description: self.description.clone(),
            equipment: self.equipment.clone(),
        };
        e.then(input.validate())
    }
}

pub struct Choices {
    pub kinds: Vec<&'static str>,
    pub equipment_kinds: Vec<&'static str>,
    pub modes: Vec<&'static str>,
    pub units: Vec<&'static str>,
    pub access: Vec<&'static str>,
}

fn choices() -> Choices {
    let kinds = |equipment: bool| {
        SpaceKind::ALL
            .iter()
            .filter(|k| k.is_equipment() == equipment)
            .map(|k| k.as_str())
            .collect()
    };
    Choices {
        kinds: kinds(false),
        equipment_kinds: kinds(true),
        modes: SpaceMode::TEXTS.to_vec(),
        units: SpaceUnit::TEXTS.to_vec(),
        access: SpaceAccess::TEXTS.to_vec(),
    }
}

#[derive(Template)]
#[template(path = "bookings/admin_spaces.html")]
struct AdminSpacesTpl {
    c: Chrome,
    place: Place,
    spaces: Vec<Space>,
    f: SpaceForm,
    errors: FieldErrors,
    ch: Choices,
    action: String,
}

async fn admin_spaces_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    place_id: PlaceId,
    f: SpaceForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let place = manage_place(state, ctx, place_id).await?;
    let mut c = Chrome::new(ctx, headers, "booking-admin-spaces-title");
    c.title = format!("{} · {}", c.title, place.name);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &AdminSpacesTpl {
            c,
            spaces: repo::spaces_of_place(&state.db, place.id).await?,
            action: format!("/admin/lieux/{}/espaces", place.id),
            place,
            f,
            errors,
            ch: choices(),
        },
    )
}

pub(super) async fn admin_spaces(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
) -> AppResult<Response> {
    let f = SpaceForm {
        capacity: "1".into(),
        min_units: "1".into(),
        max_units: "8".into(),
        lead_time_minutes: "0".into(),
        cancel_deadline_hours: "24".into(),
        // The place's hours (a space opens within them), else a working week.
        opening_hours: Some(repo::place_hours(&state.db, id).await?)
            .filter(|h| !h.trim().is_empty())
            .unwrap_or_else(|| "Mo-Fr 09:00-18:00".into()),
        ..Default::default()
    };
    admin_spaces_view(&state, &ctx, &headers, id, f, FieldErrors::default()).await
}

pub(super) async fn admin_space_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<PlaceId>,
    Form(f): Form<SpaceForm>,
) -> AppResult<Response> {
    manage_place(&state, &ctx, id).await?;
    match f.parse() {
        Ok(d) => match service::create_space(&state, id, &d).await {
            Ok(s) => Ok(redirect_flash(
                &format!("/admin/espaces/{}", s.id),
                "flash-space-created",
            )),
            Err(AppError::Invalid(errors)) => {
                let f = with_beyond_detail(&state, &ctx, id, f, &d).await?;
                admin_spaces_view(&state, &ctx, &headers, id, f, errors).await
            }
            Err(e) => Err(e),
        },
        Err(errors) => admin_spaces_view(&state, &ctx, &headers, id, f, errors).await,
    }
}

#[derive(Template)]
#[template(path = "bookings/admin_space.html")]
struct AdminSpaceTpl {
    c: Chrome,
    place: Place,
    space: Space,
    f: SpaceForm,
    errors: FieldErrors,
    ch: Choices,
    action: String,
    closures: Vec<Closure>,
    qualified: Vec<Qualified>,
    error: Option<String>,
    photos: Vec<crate::media::Photo>,
}

async fn admin_space_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: SpaceId,
    f: Option<SpaceForm>,
    errors: FieldErrors,
    error: Option<(StatusCode, String)>,
) -> AppResult<Response> {
    let space = active_space(state, id).await?;
    let place = manage_place(state, ctx, space.place_id).await?;
    let mut c = Chrome::new(ctx, headers, "booking-admin-space-title");
    c.title = format!("{} · {}", c.title, space.name);
    let (status, error) = match error {
        Some((s, e)) => (s, Some(e)),
        None if errors.is_empty() => (StatusCode::OK, None),
        None => (StatusCode::UNPROCESSABLE_ENTITY, None),
    };
    render_status(
        status,
        &AdminSpaceTpl {
            c,
            f: f.unwrap_or_else(|| SpaceForm::from_space(&space)),
            errors,
            ch: choices(),
            action: format!("/admin/espaces/{}", space.id),
            closures: repo::closures(&state.db, space.id).await?,
            qualified: repo::qualified_people(&state.db, space.id).await?,
            photos: crate::media::of(&state.db, crate::media::PhotoOwner::Space, space.id.get())
                .await?,
            place,
            space,
            error,
        },
    )
}

pub(super) async fn admin_space(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
) -> AppResult<Response> {
    admin_space_view(
        &state,
        &ctx,
        &headers,
        id,
        None,
        FieldErrors::default(),
        None,
    )
    .await
}

pub(super) async fn admin_space_update(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    Form(f): Form<SpaceForm>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    match f.parse() {
        Ok(d) => match service::update_space(&state, id, &d).await {
            Ok(()) => Ok(redirect_flash(
                &format!("/admin/espaces/{id}"),
                "flash-saved",
            )),
            Err(AppError::Conflict(_)) => {
                let err = (
                    StatusCode::CONFLICT,
                    ctx.lang.t("booking-error-capacity-lowered"),
                );
                admin_space_view(
                    &state,
                    &ctx,
                    &headers,
                    id,
                    Some(f),
                    FieldErrors::default(),
                    Some(err),
                )
                .await
            }
            Err(AppError::Invalid(errors)) => {
                let f = with_beyond_detail(&state, &ctx, space.place_id, f, &d).await?;
                admin_space_view(&state, &ctx, &headers, id, Some(f), errors, None).await
            }
            Err(e) => Err(e),
        },
        Err(errors) => admin_space_view(&state, &ctx, &headers, id, Some(f), errors, None).await,
    }
}

/// The form, with where its hours exceed the place's in words (« lundi 12:30–14:00, … »).
async fn with_beyond_detail(
    state: &AppState,
    ctx: &Ctx,
    place_id: PlaceId,
    mut f: SpaceForm,
    d: &crate::bookings::model::SpaceDraft,
) -> AppResult<SpaceForm> {
    let mut input = d.input.clone();
    if let Some(beyond) = service::hours_beyond_place(state, place_id, &mut input).await? {
        f.beyond_detail = super::shared::describe_intervals(ctx.lang, &beyond);
    }
    Ok(f)
}

/// Adds a photo (managers): multipart `file` + `alt`; an error re-renders the page with it.
pub(super) async fn photo_add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    let up = crate::form::read_upload(mp).await?;
    let result = if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        Err(AppError::Invalid(e))
    } else {
        service::add_photo(
            &state,
            id,
            up.file.as_ref().map(|(_, b)| b.as_slice()),
            up.get("alt"),
            ctx.user.as_ref().map(|p| p.user.id),
        )
        .await
        .map(|_| ())
    };
    match result {
        Ok(()) => Ok(redirect_flash(
            &format!("/admin/espaces/{id}#photos"),
            "flash-photo-added",
        )),
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .0
                .iter()
                .map(|(_, key)| ctx.lang.t(key))
                .collect::<Vec<_>>()
                .join(" ");
            admin_space_view(
                &state,
                &ctx,
                &headers,
                id,
                None,
                FieldErrors::default(),
                Some((StatusCode::UNPROCESSABLE_ENTITY, message)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn photo_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, pid)): Path<(SpaceId, i64)>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    service::delete_photo(&state, id, pid).await?;
    Ok(redirect_flash(
        &format!("/admin/espaces/{id}#photos"),
        "flash-photo-deleted",
    ))
}

pub(super) async fn admin_space_archive(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<SpaceId>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    service::archive_space(&state, id).await?;
    Ok(redirect_flash(
        &format!("/admin/lieux/{}/espaces", space.place_id),
        "flash-space-archived",
    ))
}

#[derive(Deserialize)]
pub(super) struct ClosureForm {
    starts_on: String,
    ends_on: String,
    #[serde(default)]
    reason: String,
}

pub(super) async fn closure_add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    Form(f): Form<ClosureForm>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    let s = NaiveDate::parse_from_str(f.starts_on.trim(), "%Y-%m-%d");
    let e = NaiveDate::parse_from_str(f.ends_on.trim(), "%Y-%m-%d");
    let result = match (s, e) {
        (Ok(s), Ok(e)) => service::add_closure(&state, id, s, e, &f.reason).await,
        _ => Err(AppError::Invalid(FieldErrors::default())),
    };
    match result {
        Ok(()) => Ok(redirect_flash(
            &format!("/admin/espaces/{id}"),
            "flash-saved",
        )),
        Err(AppError::Invalid(_)) => {
            let err = (
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.lang.t("booking-error-closure-form"),
            );
            admin_space_view(
                &state,
                &ctx,
                &headers,
                id,
                None,
                FieldErrors::default(),
                Some(err),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn closure_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, cid)): Path<(SpaceId, i64)>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    service::delete_closure(&state, id, cid).await?;
    Ok(redirect_flash(
        &format!("/admin/espaces/{id}"),
        "flash-saved",
    ))
}

#[derive(Deserialize)]
pub(super) struct QualifyForm {
    email: String,
}

/// Qualifies the account that uses the address: the same answer (a redirection with the
/// same words) whether or not an account uses it, so a manager cannot test addresses here.
pub(super) async fn qualify(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<SpaceId>,
    Form(f): Form<QualifyForm>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    let p = ctx.require_user()?;
    match service::qualify_by_email(&state, id, &f.email, p.user.id).await {
        Ok(()) => Ok(redirect_flash(
            &format!("/admin/espaces/{id}"),
            "flash-qualification-sent",
        )),
        Err(AppError::Invalid(errors)) => {
            let err = (
                StatusCode::UNPROCESSABLE_ENTITY,
                ctx.lang.t("booking-error-qualify-email"),
            );
            admin_space_view(&state, &ctx, &headers, id, None, errors, Some(err)).await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn unqualify(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, uid)): Path<(SpaceId, UserId)>,
) -> AppResult<Response> {
    let space = active_space(&state, id).await?;
    manage_place(&state, &ctx, space.place_id).await?;
    service::unqualify(&state, id, uid).await?;
    Ok(redirect_flash(
        &format!("/admin/espaces/{id}"),
        "flash-saved",
    ))
}
