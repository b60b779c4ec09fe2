//! The pages of those who issue badges: a new achievement's form, an achievement's page with
//! the award form and its credentials, revoking a credential, rotating the issuer's key. Every
//! write is the service's (the same rules as the API); errors are tied to their fields (422).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::{self, Achievement, Provider};
use super::super::service::{self, Draft, Recipient};
use super::{card, Card};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::{AchievementId, NetworkId, PathId, PlaceId, TrainingId};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

#[derive(Deserialize, Default, Clone)]
pub(super) struct AchievementForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    criteria: String,
    #[serde(default)]
    image_url: String,
    /// Comma-separated or one a line.
    #[serde(default)]
    tags: String,
    #[serde(default)]
    skill: String,
    #[serde(default)]
    network_id: Option<NetworkId>,
    #[serde(default)]
    place_id: Option<PlaceId>,
    /// The automatic award: empty, `training:{id}` or `path:{id}`.
    #[serde(default)]
    trigger: String,
}

impl AchievementForm {
    /// The trigger's training and path; what cannot be read is an error of `trigger`.
    fn trigger(&self, errors: &mut FieldErrors) -> (Option<TrainingId>, Option<PathId>) {
        let t = self.trigger.trim();
        if t.is_empty() {
            return (None, None);
        }
        let id = |v: &str| v.parse::<i64>().ok();
        match t.split_once(':') {
            Some(("training", v)) if id(v).is_some() => (id(v).map(TrainingId), None),
            Some(("path", v)) if id(v).is_some() => (None, id(v).map(PathId)),
            _ => {
                errors.add("trigger", "badge-error-trigger-training");
                (None, None)
            }
        }
    }
}

#[derive(Template)]
#[template(path = "badges/form.html")]
struct FormTpl {
    c: Chrome,
    issuer_name: String,
    issuer_path: String,
    issuer_field: String,
    issuer_id: i64,
    f: AchievementForm,
    /// The trainings and paths an automatic award may follow: (value, label).
    trainings: Vec<(String, String)>,
    paths: Vec<(String, String)>,
    errors: FieldErrors,
}

async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    issuer: Provider,
    f: AchievementForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    ctx.require_user()?;
    if !service::may_issue(state, ctx.user.as_ref(), issuer).await? {
        return Err(AppError::NotFound);
    }
    let (name, _) = service::issuer_names(state, issuer).await?;
    let mut c = Chrome::new(ctx, headers, "badge-new");
    c.title = format!("{} – {name}", c.title);
    let (field, id) = issuer.field();
    let trainings = crate::trainings::service::path_choices(state, issuer)
        .await?
        .into_iter()
        .map(|(id, title)| (format!("training:{id}"), title))
        .collect();
    let network = match issuer {
        Provider::Network(n) => Some(n),
        Provider::Place(_) => None,
    };
    let paths = crate::trainings::service::paths(state, network, 200)
        .await?
        .into_iter()
        .filter(|p| network.is_some() || p.provider() == issuer)
        .map(|p| (format!("path:{}", p.id), p.title))
        .collect();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            issuer_name: name,
            issuer_path: format!("/badges/emetteurs/{}", model::issuer_key(issuer)),
            issuer_field: field.into(),
            issuer_id: id,
            trainings,
            paths,
            c,
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

/// `GET /badges/realisations/nouvelle?network_id=1`: the empty form.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let issuer = Provider::one(
        id(&q.network_id).map(NetworkId),
        id(&q.place_id).map(PlaceId),
    )
    .ok_or(AppError::NotFound)?;
    form_view(
        &state,
        &ctx,
        &headers,
        issuer,
        AchievementForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// `POST /badges/realisations`: writes the achievement, or shows the form with its errors.
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<AchievementForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let (training_id, path_id) = f.trigger(&mut errors);
    let draft = Draft {
        training_id,
        path_id,
        name: f.name.clone(),
        description: f.description.clone(),
        criteria: f.criteria.clone(),
        network_id: f.network_id,
        place_id: f.place_id,
        image_url: f.image_url.clone(),
        tags: f
            .tags
            .split([',', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        skill: f.skill.clone(),
        errors,
    };
    match service::create_achievement(&state, who, draft).await {
        Ok(a) => Ok(redirect_flash(
            &format!("/badges/realisations/{}", a.id),
            "flash-badge-achievement-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            let issuer = Provider::one(f.network_id, f.place_id).ok_or(AppError::NotFound)?;
            form_view(&state, &ctx, &headers, issuer, f, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "badges/achievement.html")]
struct AchievementTpl {
    c: Chrome,
    a: Achievement,
    issuer_profile: String,
    tags: Vec<String>,
    can_issue: bool,
    awarded: Vec<(Card, String)>,
    /// What awards it automatically: (label key, title, href).
    trigger: Option<(&'static str, String, String)>,
    email: String,
    errors: FieldErrors,
}

async fn achievement_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: AchievementId,
    email: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let a = service::achievement(state, id).await?;
    let mut c = Chrome::new(ctx, headers, "badge-achievement-title");
    c.title = a.name.clone();
    let can_issue = service::may_issue(state, ctx.user.as_ref(), a.issuer()).await?;
    let awarded = if can_issue {
        service::credentials_of_achievement(state, a.id)
            .await?
            .iter()
            .map(|cr| (card(&c, cr), cr.holder_name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let trigger = match (a.training_id, a.path_id) {
        (Some(t), _) => {
            let t = crate::trainings::service::by_id(state, t).await?;
            Some(("badge-awarded-on-training", t.title.clone(), t.path()))
        }
        (None, Some(p)) => {
            let p = crate::trainings::service::path_by_id(state, p).await?;
            Some(("badge-awarded-on-path", p.title.clone(), p.path()))
        }
        (None, None) => None,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &AchievementTpl {
            trigger,
            issuer_profile: format!("/badges/emetteurs/{}", model::issuer_key(a.issuer())),
            tags: a.tag_list(),
            can_issue,
            awarded,
            email,
            errors,
            c,
            a,
        },
    )
}

/// `GET /badges/realisations/{id}`: an achievement (public); its issuers also find the award
/// form and the credentials issued.
pub(super) async fn achievement_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let id = AchievementId(id.parse().map_err(|_| AppError::NotFound)?);
    achievement_view(
        &state,
        &ctx,
        &headers,
        id,
        String::new(),
        FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize, Default)]
pub(super) struct AwardForm {
    #[serde(default)]
    email: String,
}

/// `POST /badges/realisations/{id}/decerner`: awards the achievement to the account of an
/// email address.
pub(super) async fn award(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<AwardForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let id = AchievementId(id.parse().map_err(|_| AppError::NotFound)?);
    let a = service::achievement(&state, id).await?;
    if !service::may_issue(&state, Some(who), a.issuer()).await? {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    if f.email.trim().is_empty() {
        errors.add("email", "field-required");
        return achievement_view(&state, &ctx, &headers, id, f.email, errors).await;
    }
    match service::award(&state, who, id, Recipient::Email(f.email.clone()), None).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/badges/realisations/{id}"),
            "flash-badge-awarded",
        )),
        Err(AppError::Invalid(errors)) => {
            achievement_view(&state, &ctx, &headers, id, f.email, errors).await
        }
        Err(AppError::Conflict(_)) => {
            errors.add("email", "badge-error-already-awarded");
            achievement_view(&state, &ctx, &headers, id, f.email, errors).await
        }
        Err(e) => Err(e),
    }
}

/// `POST /badges/{uid}/revoquer`: revokes a credential (its issuers).
pub(super) async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(uid): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let cr = service::credential_by_uid(&state, &uid).await?;
    service::revoke(&state, who, cr.id).await?;
    Ok(redirect_flash(&cr.path(), "flash-badge-revoked"))
}

/// `POST /badges/emetteurs/{issuer}/cle`: retires the issuer's key for a new one.
pub(super) async fn rotate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let issuer = model::parse_issuer_key(&key).ok_or(AppError::NotFound)?;
    if !service::may_issue(&state, Some(who), issuer).await? {
        return Err(AppError::NotFound);
    }
    service::rotate_key(&state, who, issuer).await?;
    Ok(redirect_flash(
        &format!("/badges/emetteurs/{key}"),
        "flash-badge-key-rotated",
    ))
}
