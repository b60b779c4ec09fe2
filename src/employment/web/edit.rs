//! Writing and editing an offer, the moderation queue and its decisions, and an employer's
//! list of its offers: French forms, labelled, errors tied to their fields (422), each write
//! checked by the service (the same rules as the API).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::{self, Employer, JobKind, Offer, PayUnit};
use super::super::service::{self, Draft};
use super::kind_label;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::ids::{NetworkId, PlaceId};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

/// The form's fields, as typed (pay in euros).
#[derive(Deserialize, Default, Clone)]
pub(super) struct OfferForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    postal_code: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    expires_on: String,
    #[serde(default)]
    duration_months: String,
    #[serde(default)]
    hours_per_week: String,
    #[serde(default)]
    pay_min: String,
    #[serde(default)]
    pay_max: String,
    #[serde(default)]
    pay_unit: String,
    #[serde(default)]
    apply_url: String,
    #[serde(default)]
    network_id: Option<NetworkId>,
    #[serde(default)]
    place_id: Option<PlaceId>,
}

/// An amount in euros typed by a person: empty is `None`.
fn euros(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<i64> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with('-') {
        errors.add(field, "job-error-pay");
        return None;
    }
    match crate::money::parse_eur(t) {
        Ok(c) => Some(c),
        Err(_) => {
            errors.add(field, "job-error-pay");
            None
        }
    }
}

fn euros_value(cents: Option<i64>) -> String {
    cents
        .map(|c| crate::money::format_amount(c).replace(['\u{202f}', '\u{a0}', ' '], ""))
        .unwrap_or_default()
}

fn number(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<i32> {
    match raw.trim() {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add(field, "job-error-number");
                None
            }
        },
    }
}

impl OfferForm {
    fn draft(&self) -> Draft {
        let mut errors = FieldErrors::default();
        let kind = match self.kind.trim() {
            "" => {
                errors.add("kind", "field-required");
                None
            }
            k => parse_enum::<JobKind>(k, "kind", &mut errors),
        };
        let pay_unit = match self.pay_unit.trim() {
            "" => None,
            u => parse_enum::<PayUnit>(u, "pay_unit", &mut errors),
        };
        Draft {
            title: self.title.clone(),
            kind,
            description: self.description.clone(),
            network_id: self.network_id,
            place_id: self.place_id,
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            starts_on: self.starts_on.clone(),
            expires_on: self.expires_on.clone(),
            duration_months: number(&self.duration_months, "duration_months", &mut errors),
            hours_per_week: number(&self.hours_per_week, "hours_per_week", &mut errors),
            pay_min_cents: euros(&self.pay_min, "pay_min_cents", &mut errors),
            pay_max_cents: euros(&self.pay_max, "pay_max_cents", &mut errors),
            pay_unit,
            apply_url: self.apply_url.clone(),
            errors,
        }
    }

    fn of(o: &Offer) -> OfferForm {
        OfferForm {
            title: o.title.clone(),
            kind: o.kind.to_string(),
            description: o.description.clone(),
            postal_code: o.postal_code.clone(),
            city: o.city.clone(),
            starts_on: o.starts_on.clone(),
            expires_on: o.expires_on.clone(),
            duration_months: o.duration_months.map(|v| v.to_string()).unwrap_or_default(),
            hours_per_week: o.hours_per_week.map(|v| v.to_string()).unwrap_or_default(),
            pay_min: euros_value(o.pay_min_cents),
            pay_max: euros_value(o.pay_max_cents),
            pay_unit: o.pay_unit.to_string(),
            apply_url: o.apply_url.clone(),
            network_id: o.network_id,
            place_id: o.place_id,
        }
    }
}

#[derive(Template)]
#[template(path = "employment/form.html")]
struct FormTpl {
    c: Chrome,
    action: String,
    editing: Option<String>,
    employer_name: String,
    employer_path: String,
    employer_field: String,
    employer_id: i64,
    kinds: Vec<(String, String)>,
    units: Vec<(String, String)>,
    allowance: String,
    /// The offer will wait for a network animator.
    moderated: bool,
    f: OfferForm,
    errors: FieldErrors,
}

async fn employer_name(state: &AppState, e: Employer) -> AppResult<(String, String)> {
    Ok(match e {
        Employer::Network(id) => {
            let n = crate::tenancy::repo::network_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (n.name, format!("/reseaux/{}", n.slug))
        }
        Employer::Place(id) => {
            let p = crate::tenancy::repo::place_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (p.name, format!("/lieux/{}", p.slug))
        }
    })
}

async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    employer: Employer,
    editing: Option<&Offer>,
    f: OfferForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    if !service::may_write(state, Some(who), employer).await? {
        return Err(AppError::NotFound);
    }
    let moderated = match service::employer_target(state, employer).await? {
        Some(crate::auth::policy::Target::Place { networks, .. }) => {
            !who.is_instance_admin()
                && !networks.iter().any(|n| {
                    crate::auth::policy::authorize(
                        Some(who),
                        crate::auth::policy::Action::ManageNetwork,
                        &crate::auth::policy::Target::Network(*n),
                    )
                    .is_ok()
                })
        }
        _ => false,
    };
    let (name, path) = employer_name(state, employer).await?;
    let mut c = Chrome::new(
        ctx,
        headers,
        if editing.is_some() {
            "job-edit"
        } else {
            "job-new"
        },
    );
    c.title = format!("{} – {name}", c.title);
    let (field, id) = match employer {
        Employer::Network(n) => ("network_id", n.get()),
        Employer::Place(p) => ("place_id", p.get()),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            kinds: JobKind::ALL
                .iter()
                .map(|k| (k.to_string(), kind_label(&c, *k)))
                .collect(),
            units: PayUnit::ALL
                .iter()
                .map(|u| (u.to_string(), c.t(&format!("job-pay-{u}"))))
                .collect(),
            allowance: crate::money::format_eur(state.config.civic_service_allowance_cents),
            c,
            action: match editing {
                Some(o) => format!("{}/modifier", o.path()),
                None => "/emplois".into(),
            },
            editing: editing.map(Offer::path),
            employer_name: name,
            employer_path: path,
            employer_field: field.into(),
            employer_id: id,
            moderated,
            f,
            errors,
        },
    )
}

#[derive(Deserialize, Default)]
pub(super) struct NewQuery {
    #[serde(default)]
    network_id: Option<String>,
    #[serde(default)]
    place_id: Option<String>,
}

/// `GET /emplois/nouvelle?place_id=3`: the empty form for an employer its writer names.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let employer = Employer::one(
        id(&q.network_id).map(NetworkId),
        id(&q.place_id).map(PlaceId),
    )
    .ok_or(AppError::NotFound)?;
    let today = crate::clock::paris_date(state.clock.now_ms());
    let f = OfferForm {
        kind: JobKind::Cdd.to_string(),
        pay_unit: PayUnit::Month.to_string(),
        starts_on: (today + chrono::Duration::days(30))
            .format("%Y-%m-%d")
            .to_string(),
        expires_on: (today + chrono::Duration::days(60))
            .format("%Y-%m-%d")
            .to_string(),
        ..Default::default()
    };
    form_view(
        &state,
        &ctx,
        &headers,
        employer,
        None,
        f,
        FieldErrors::default(),
    )
    .await
}

/// `POST /emplois`: writes the offer, or shows the form again with its errors (422).
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<OfferForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    match service::create(&state, who, f.draft()).await {
        Ok(o) if o.status == model::JobStatus::Published => {
            Ok(redirect_flash(&o.path(), "flash-job-published"))
        }
        Ok(o) => Ok(redirect_flash(&o.path(), "flash-job-pending")),
        Err(AppError::Invalid(errors)) => {
            let employer =
                Employer::one(f.network_id, f.place_id).ok_or(AppError::Invalid(errors.clone()))?;
            form_view(&state, &ctx, &headers, employer, None, f, errors).await
        }
        Err(AppError::Forbidden) => Err(AppError::NotFound),
        Err(e) => Err(e),
    }
}

async fn writable_by_slug(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Offer> {
    let who = ctx.require_user()?;
    let o = service::visible_by_slug(state, Some(who), slug).await?;
    service::writable(state, who, o.id).await
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let o = writable_by_slug(&state, &ctx, &slug).await?;
    let f = OfferForm::of(&o);
    form_view(
        &state,
        &ctx,
        &headers,
        o.employer(),
        Some(&o),
        f,
        FieldErrors::default(),
    )
    .await
}

/// `POST /emplois/{slug}/modifier`: the employer stays the offer's; the rules are the
/// creation's, checked again by the service.
pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(mut f): Form<OfferForm>,
) -> AppResult<Response> {
    let o = writable_by_slug(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    f.network_id = o.network_id;
    f.place_id = o.place_id;
    match service::update(&state, who, o.id, f.draft()).await {
        Ok(o) if o.status == model::JobStatus::Published => {
            Ok(redirect_flash(&o.path(), "flash-job-published"))
        }
        Ok(o) => Ok(redirect_flash(&o.path(), "flash-job-pending")),
        Err(AppError::Invalid(errors)) => {
            form_view(&state, &ctx, &headers, o.employer(), Some(&o), f, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "employment/moderation.html")]
struct QueueTpl {
    c: Chrome,
    offers: Vec<(super::Card, String)>,
}

/// `GET /emplois/moderation`: the offers waiting for the signed-in animator.
pub(super) async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let offers = service::moderation_queue(&state, who).await?;
    let c = Chrome::new(&ctx, &headers, "job-moderation");
    let allowance = state.config.civic_service_allowance_cents;
    render(&QueueTpl {
        offers: offers
            .iter()
            .map(|o| (super::card(&c, o, allowance), o.path()))
            .collect(),
        c,
    })
}

#[derive(Deserialize)]
pub(super) struct DecideForm {
    #[serde(default)]
    decision: String,
}

/// `POST /emplois/{slug}/moderer`: `decision=publier` or `refuser` (the offer's moderators).
pub(super) async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<DecideForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let o = service::visible_by_slug(&state, Some(who), &slug).await?;
    let publish = match f.decision.as_str() {
        "publier" => true,
        "refuser" => false,
        // The rights first: a decision that cannot be read is said to moderators only.
        _ if !service::may_moderate(&state, Some(who), &o).await? => {
            return Err(AppError::NotFound)
        }
        _ => {
            let mut e = FieldErrors::default();
            e.add("decision", "field-invalid-choice");
            return Err(AppError::Invalid(e));
        }
    };
    service::decide(&state, who, o.id, publish).await?;
    Ok(redirect_flash(
        "/emplois/moderation",
        if publish {
            "flash-job-published"
        } else {
            "flash-job-rejected"
        },
    ))
}

#[derive(Template)]
#[template(path = "employment/mine.html")]
struct MineTpl {
    c: Chrome,
    new_href: String,
    offers: Vec<(super::Card, String, bool)>,
}

#[derive(Deserialize, Default)]
pub(super) struct MineQuery {
    #[serde(default)]
    network_id: Option<String>,
    #[serde(default)]
    place_id: Option<String>,
}

/// `GET /emplois/mes-offres?place_id=3`: every offer of an employer, whatever its status,
/// for its writers (with their applications).
pub(super) async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<MineQuery>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let employer = Employer::one(
        id(&q.network_id).map(NetworkId),
        id(&q.place_id).map(PlaceId),
    )
    .ok_or(AppError::NotFound)?;
    let offers = service::of_employer(&state, who, employer).await?;
    let (name, _) = employer_name(&state, employer).await?;
    let mut c = Chrome::new(&ctx, &headers, "job-mine");
    c.title = format!("{} – {name}", c.title);
    let allowance = state.config.civic_service_allowance_cents;
    let today = service::today(&state);
    let (field, eid) = match employer {
        Employer::Network(n) => ("network_id", n.get()),
        Employer::Place(p) => ("place_id", p.get()),
    };
    render(&MineTpl {
        offers: offers
            .iter()
            .map(|o| {
                let status = if o.expired(&today) {
                    c.t("job-expired-short")
                } else {
                    c.t(&format!("job-status-{}", o.status))
                };
                (
                    super::card(&c, o, allowance),
                    status,
                    o.apply_url.is_empty(),
                )
            })
            .collect(),
        new_href: format!("/emplois/nouvelle?{field}={eid}"),
        c,
    })
}
