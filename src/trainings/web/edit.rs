//! Writing and editing a training, and adding a session: French forms, labelled, errors tied
//! to their fields (422), each write checked by the service (the same rules as the API).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::{Modality, Provider, TrainerActor, Training, TrainingDocument};
use super::super::service::{self, Draft, SessionDraft};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::parse::parse_enum;
use crate::form::Form;
use crate::ids::{ActorId, DocumentId, NetworkId, PlaceId, UserId};
use crate::state::AppState;
use crate::web::{redirect_flash, render_status, Chrome};

/// The form's fields, as typed (prices in euros).
#[derive(Deserialize, Default, Clone)]
pub(super) struct TrainingForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    objectives: String,
    #[serde(default)]
    duration_hours: String,
    #[serde(default)]
    modality: String,
    #[serde(default)]
    price_individuel: String,
    #[serde(default)]
    price_employeur: String,
    #[serde(default)]
    price_demandeur: String,
    #[serde(default)]
    free: Option<String>,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    prerequisites: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    accessibility: String,
    #[serde(default)]
    disability_referent: String,
    #[serde(default)]
    certification: String,
    #[serde(default)]
    qualiopi: Option<String>,
    #[serde(default)]
    qualiopi_on: String,
    #[serde(default)]
    theme: String,
    /// The trainers' email addresses, one a line (or comma-separated).
    #[serde(default)]
    trainers: String,
    #[serde(default)]
    network_id: Option<NetworkId>,
    #[serde(default)]
    place_id: Option<PlaceId>,
    /// The trainers from the showcase ticked (`trainer_actor_ids`, repeated), as sent.
    #[serde(skip)]
    trainer_actors: Vec<String>,
    /// The documents ticked (`document_ids`, repeated), as sent.
    #[serde(skip)]
    documents: Vec<String>,
}

/// The form as sent: its repeated boxes (`trainer_actor_ids`, `document_ids`) apart, the
/// other fields read as [`TrainingForm`].
pub(super) fn read_form(pairs: Vec<(String, String)>) -> AppResult<TrainingForm> {
    let (mut actors, mut documents, mut rest) = (Vec::new(), Vec::new(), Vec::new());
    for (k, v) in pairs {
        match k.as_str() {
            "trainer_actor_ids" => actors.push(v),
            "document_ids" => documents.push(v),
            _ => rest.push((k, v)),
        }
    }
    let bad =
        |e: &dyn std::fmt::Display| AppError::BadRequest(format!("formulaire illisible : {e}"));
    let encoded = serde_urlencoded::to_string(&rest).map_err(|e| bad(&e))?;
    let mut f: TrainingForm = serde_urlencoded::from_str(&encoded).map_err(|e| bad(&e))?;
    f.trainer_actors = actors;
    f.documents = documents;
    Ok(f)
}

/// Ids typed in a form; one that is no number is an error of `field`.
fn ids_of<T>(
    raw: &[String],
    field: &'static str,
    make: fn(i64) -> T,
    errors: &mut FieldErrors,
) -> Vec<T> {
    raw.iter()
        .filter(|v| !v.trim().is_empty())
        .take(100)
        .filter_map(|v| match v.trim().parse::<i64>() {
            Ok(i) => Some(make(i)),
            Err(_) => {
                errors.add(field, "training-error-link");
                None
            }
        })
        .collect()
}

/// An amount in euros typed by a person: empty is `None` (the route is not offered).
fn euros(raw: &str, field: &'static str, errors: &mut FieldErrors) -> Option<i64> {
    let t = raw.trim();
    if t.is_empty() {
        return None;
    }
    if t.starts_with('-') {
        errors.add(field, "training-error-price");
        return None;
    }
    match crate::money::parse_eur(t) {
        Ok(c) => Some(c),
        Err(_) => {
            errors.add(field, "training-error-price");
            None
        }
    }
}

fn euros_value(cents: Option<i64>) -> String {
    cents
        .map(|c| crate::money::format_amount(c).replace('\u{202f}', ""))
        .unwrap_or_default()
}

impl TrainingForm {
    /// Whether the form names this trainer from the showcase, or this document.
    pub fn has_actor(&self, id: &ActorId) -> bool {
        self.trainer_actors
            .iter()
            .any(|v| v.trim() == id.to_string())
    }

    pub fn has_document(&self, id: &DocumentId) -> bool {
        self.documents.iter().any(|v| v.trim() == id.to_string())
    }

    async fn draft(&self, state: &AppState) -> AppResult<Draft> {
        let mut errors = FieldErrors::default();
        let duration_hours = match self.duration_hours.trim() {
            "" => None,
            h => match h.replace(',', ".").parse::<f64>() {
                Ok(v) => Some(v),
                Err(_) => {
                    errors.add("duration_hours", "training-error-duration");
                    None
                }
            },
        };
        let modality = match self.modality.trim() {
            "" => {
                errors.add("modality", "field-required");
                None
            }
            m => parse_enum::<Modality>(m, "modality", &mut errors),
        };
        let mut trainers: Vec<UserId> = Vec::new();
        for email in self
            .trainers
            .split([',', '\n', ';'])
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .take(21)
        {
            match crate::accounts::repo::user_by_email(&state.db, &email.to_lowercase()).await? {
                Some(u) => trainers.push(u.id),
                None => errors.add("trainers", "training-error-trainer-email"),
            }
        }
        Ok(Draft {
            title: self.title.clone(),
            objectives: self.objectives.clone(),
            duration_hours,
            modality,
            price_individuel_cents: euros(&self.price_individuel, "price_cents", &mut errors),
            price_employeur_cents: euros(
                &self.price_employeur,
                "price_employer_cents",
                &mut errors,
            ),
            price_demandeur_cents: euros(
                &self.price_demandeur,
                "price_job_seeker_cents",
                &mut errors,
            ),
            free_route: self.free.is_some(),
            network_id: self.network_id,
            place_id: self.place_id,
            programme: self.programme.clone(),
            prerequisites: self.prerequisites.clone(),
            audience: self.audience.clone(),
            accessibility: self.accessibility.clone(),
            disability_referent: self.disability_referent.clone(),
            certification: self.certification.clone(),
            qualiopi: self.qualiopi.is_some(),
            qualiopi_on: self.qualiopi_on.clone(),
            theme: self.theme.clone(),
            trainers,
            trainer_actors: ids_of(
                &self.trainer_actors,
                "trainer_actor_ids",
                ActorId,
                &mut errors,
            ),
            documents: ids_of(&self.documents, "document_ids", DocumentId, &mut errors),
            errors,
        })
    }

    async fn of(state: &AppState, t: &Training) -> AppResult<TrainingForm> {
        let mut emails = Vec::new();
        for tr in service::trainers_of(state, t.id).await? {
            if let Some(u) = crate::auth::identity::user_by_id(&state.db, tr.id).await? {
                emails.push(u.email);
            }
        }
        let hours = t.hours();
        Ok(TrainingForm {
            title: t.title.clone(),
            objectives: t.objectives.clone(),
            duration_hours: if hours.fract() == 0.0 {
                format!("{hours}")
            } else {
                format!("{hours:.2}")
                    .trim_end_matches('0')
                    .replace('.', ",")
            },
            modality: t.modality.to_string(),
            price_individuel: euros_value(t.price_individuel_cents),
            price_employeur: euros_value(t.price_employeur_cents),
            price_demandeur: euros_value(t.price_demandeur_cents),
            free: t.free_route.then(|| "1".to_string()),
            programme: t.programme.clone(),
            prerequisites: t.prerequisites.clone(),
            audience: t.audience.clone(),
            accessibility: t.accessibility.clone(),
            disability_referent: t.disability_referent.clone(),
            certification: t.certification_code.clone(),
            qualiopi: t.qualiopi.then(|| "1".to_string()),
            qualiopi_on: t.qualiopi_on.clone(),
            theme: t.theme.clone(),
            trainers: emails.join("\n"),
            network_id: t.network_id,
            place_id: t.place_id,
            trainer_actors: service::trainer_actors_of(state, t.id)
                .await?
                .iter()
                .map(|a| a.id.to_string())
                .collect(),
            documents: service::documents_of(state, t.id)
                .await?
                .iter()
                .map(|d| d.id.to_string())
                .collect(),
        })
    }
}

#[derive(Template)]
#[template(path = "trainings/form.html")]
struct FormTpl {
    c: Chrome,
    action: String,
    /// The training edited, if any (its page).
    editing: Option<String>,
    provider_name: String,
    provider_path: String,
    provider_field: String,
    provider_id: i64,
    modalities: Vec<(String, String)>,
    f: TrainingForm,
    /// The showcase's profiles and the library's public documents the training may name.
    actor_choices: Vec<TrainerActor>,
    document_choices: Vec<TrainingDocument>,
    errors: FieldErrors,
}

async fn form_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    provider: Provider,
    editing: Option<&Training>,
    f: TrainingForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    if !service::may_write(state, Some(who), provider).await? {
        return Err(AppError::NotFound);
    }
    let (name, path) = service::provider_names(state, provider).await?;
    let mut c = Chrome::new(
        ctx,
        headers,
        if editing.is_some() {
            "training-edit"
        } else {
            "training-new"
        },
    );
    c.title = format!("{} – {name}", c.title);
    let (field, id) = provider.field();
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &FormTpl {
            modalities: Modality::ALL
                .iter()
                .map(|m| (m.to_string(), c.t(&format!("training-modality-{m}"))))
                .collect(),
            c,
            action: match editing {
                Some(t) => format!("{}/modifier", t.path()),
                None => "/formations".into(),
            },
            editing: editing.map(Training::path),
            provider_name: name,
            provider_path: path,
            provider_field: field.into(),
            provider_id: id,
            actor_choices: service::actor_choices(state, provider).await?,
            document_choices: service::document_choices(state, provider).await?,
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

/// `GET /formations/nouvelle?place_id=3`: the empty form for a provider its writer names.
pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    ctx.require_user()?;
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let provider = Provider::one(
        id(&q.network_id).map(NetworkId),
        id(&q.place_id).map(PlaceId),
    )
    .ok_or(AppError::NotFound)?;
    let f = TrainingForm {
        modality: Modality::Presentiel.to_string(),
        ..Default::default()
    };
    form_view(
        &state,
        &ctx,
        &headers,
        provider,
        None,
        f,
        FieldErrors::default(),
    )
    .await
}

/// `POST /formations`: writes the training, or shows the form again with its errors (422).
pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let f = read_form(pairs)?;
    match service::create(&state, who, f.draft(&state).await?).await {
        Ok(t) => Ok(redirect_flash(&t.path(), "flash-training-saved")),
        Err(AppError::Invalid(errors)) => {
            let provider =
                Provider::one(f.network_id, f.place_id).ok_or(AppError::Invalid(errors.clone()))?;
            form_view(&state, &ctx, &headers, provider, None, f, errors).await
        }
        Err(e) => Err(e),
    }
}

/// The training of `slug` if `ctx` may write it (403 otherwise).
async fn writable_by_slug(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Training> {
    let who = ctx.require_user()?;
    let t = service::by_slug(state, slug).await?;
    service::writable(state, who, t.id).await
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let t = writable_by_slug(&state, &ctx, &slug).await?;
    let f = TrainingForm::of(&state, &t).await?;
    form_view(
        &state,
        &ctx,
        &headers,
        t.provider(),
        Some(&t),
        f,
        FieldErrors::default(),
    )
    .await
}

/// `POST /formations/{slug}/modifier`: the provider stays the training's (the form does not
/// move a training); the rules are the creation's, checked again by the service.
pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut f = read_form(pairs)?;
    let t = writable_by_slug(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    f.network_id = t.network_id;
    f.place_id = t.place_id;
    match service::update(&state, who, t.id, f.draft(&state).await?).await {
        Ok(t) => Ok(redirect_flash(&t.path(), "flash-training-saved")),
        Err(AppError::Invalid(errors)) => {
            form_view(&state, &ctx, &headers, t.provider(), Some(&t), f, errors).await
        }
        Err(e) => Err(e),
    }
}

/// The session form's fields, as typed.
#[derive(Deserialize, Default, Clone)]
pub(super) struct SessionForm {
    /// Paris wall-clock `YYYY-MM-DDTHH:MM` (`datetime-local`).
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    capacity: String,
    #[serde(default)]
    place_id: String,
    #[serde(default)]
    online_url: String,
    #[serde(default)]
    approval: Option<String>,
}

#[derive(Template)]
#[template(path = "trainings/session_form.html")]
struct SessionTpl {
    c: Chrome,
    t: Training,
    /// The places a session may be held in: the training's place, or the network's places.
    places: Vec<(PlaceId, String)>,
    f: SessionForm,
    errors: FieldErrors,
}

async fn session_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    t: Training,
    f: SessionForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let places = match t.provider() {
        Provider::Place(p) => vec![(p, t.provider_name.clone())],
        Provider::Network(n) => crate::tenancy::repo::places_of_network_first(&state.db, n, 500)
            .await?
            .0
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
    };
    let mut c = Chrome::new(ctx, headers, "training-session-new");
    c.title = format!("{} – {}", c.title, t.title);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SessionTpl {
            c,
            t,
            places,
            f,
            errors,
        },
    )
}

/// `GET /formations/{slug}/session`: the form adding a session (the training's writers).
pub(super) async fn session_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let t = writable_by_slug(&state, &ctx, &slug).await?;
    let f = SessionForm {
        place_id: t.place_id.map(|p| p.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    session_view(&state, &ctx, &headers, t, f, FieldErrors::default()).await
}

/// `POST /formations/{slug}/session`: adds the session (an agenda event), or shows the form
/// again with its errors (422).
pub(super) async fn session_create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<SessionForm>,
) -> AppResult<Response> {
    let t = writable_by_slug(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let capacity = match f.capacity.trim() {
        "" => None,
        c => match c.parse::<i32>() {
            Ok(v) => Some(v),
            Err(_) => {
                errors.add("capacity", "event-error-capacity");
                None
            }
        },
    };
    let place_id = match f.place_id.trim() {
        "" => None,
        p => match p.parse::<i64>() {
            Ok(v) => Some(PlaceId(v)),
            Err(_) => {
                errors.add("place_id", "field-invalid-choice");
                None
            }
        },
    };
    let result = if errors.is_empty() {
        service::add_session(
            &state,
            who,
            t.id,
            SessionDraft {
                starts_at: f.starts_at.clone(),
                ends_at: f.ends_at.clone(),
                capacity,
                place_id,
                online_url: f.online_url.clone(),
                approval: f.approval.is_some(),
            },
        )
        .await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(_) => Ok(redirect_flash(&t.path(), "flash-training-session-saved")),
        Err(AppError::Invalid(errors)) => session_view(&state, &ctx, &headers, t, f, errors).await,
        Err(e) => Err(e),
    }
}
