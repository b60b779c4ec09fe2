//! Trainings use cases: who writes a training (a place's managers and its networks'
//! animators for the place's, a network's animators for the network's, instance admins), the
//! checked writes shared by the pages and the API (every rule of a creation is a rule of an
//! edit), the portal's lists, and the sessions, which are agenda events of kind `formation`
//! written through the agenda's own service (its rules, seats and registrations).

use super::model::paths::{self, LearningPath, Progress, Step, StepInput};
use super::model::{self, Provider, Session, Trainer, TrainerActor, Training, TrainingDocument};
use super::repo::paths::{self as paths_repo, Fields as PathFields};
use super::repo::{self, Fields, Filter};
use crate::auth::policy::{authorize, may_see_scope, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{Event, EventInput, EventKind};
use crate::ids::{ActorId, DocumentId, EventId, NetworkId, PathId, PlaceId, TrainingId, UserId};
use crate::state::AppState;

/// The policy target of a provider; `None` for a provider that does not exist.
pub async fn provider_target(state: &AppState, provider: Provider) -> AppResult<Option<Target>> {
    Ok(match provider {
        Provider::Network(n) => crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .map(|_| crate::tenancy::service::network_target(n)),
        Provider::Place(p) => match crate::tenancy::repo::place_by_id(&state.db, p).await? {
            Some(_) => Some(crate::tenancy::service::place_target(state, p).await?),
            None => None,
        },
    })
}

/// The name of a provider and its page (`/reseaux/{slug}`, `/lieux/{slug}`); 404 for one
/// that does not exist.
pub async fn provider_names(state: &AppState, provider: Provider) -> AppResult<(String, String)> {
    Ok(match provider {
        Provider::Network(id) => {
            let n = crate::tenancy::repo::network_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (n.name, format!("/reseaux/{}", n.slug))
        }
        Provider::Place(id) => {
            let p = crate::tenancy::repo::place_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            (p.name, format!("/lieux/{}", p.slug))
        }
    })
}

/// May `who` write trainings for the provider whose target is `t`?
pub fn may_write_in(who: Option<&Principal>, provider: Provider, t: &Target) -> bool {
    let action = match provider {
        Provider::Network(_) => Action::ManageNetwork,
        Provider::Place(_) => Action::ManagePlace,
    };
    authorize(who, action, t).is_ok()
}

/// May `who` write trainings for `provider`? (False for a provider that does not exist.)
pub async fn may_write(
    state: &AppState,
    who: Option<&Principal>,
    provider: Provider,
) -> AppResult<bool> {
    Ok(provider_target(state, provider)
        .await?
        .is_some_and(|t| may_write_in(who, provider, &t)))
}

pub async fn by_id(state: &AppState, id: TrainingId) -> AppResult<Training> {
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

pub async fn by_slug(state: &AppState, slug: &str) -> AppResult<Training> {
    repo::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The training `id` if `who` may write it: 403 otherwise (a training is public).
pub async fn writable(state: &AppState, who: &Principal, id: TrainingId) -> AppResult<Training> {
    let t = by_id(state, id).await?;
    if !may_write(state, Some(who), t.provider()).await? {
        return Err(AppError::Forbidden);
    }
    Ok(t)
}

pub async fn trainers_of(state: &AppState, id: TrainingId) -> AppResult<Vec<Trainer>> {
    repo::trainers_of(&state.db, id).await
}

/// One page of the trainings matching `f`, by title, with their number.
pub async fn list(
    state: &AppState,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Training>, i64)> {
    repo::page(&state.db, f, limit, offset).await
}

/// The choices of the portal's filters for a network's trainings (every training: `None`).
pub async fn facets(
    state: &AppState,
    network: Option<NetworkId>,
) -> AppResult<(Vec<(String, String)>, Vec<(PlaceId, String)>, Vec<String>)> {
    repo::facets(&state.db, network).await
}

/// The next session's start of each training (those with one).
pub async fn next_starts(
    state: &AppState,
    trainings: &[Training],
) -> AppResult<std::collections::HashMap<TrainingId, i64>> {
    let ids: Vec<TrainingId> = trainings.iter().map(|t| t.id).collect();
    repo::next_starts(&state.db, &ids, state.clock.now_ms()).await
}

/// The sessions of a training not over yet, by start (at most [`model::NEXT_SHOWN`]).
pub async fn next_sessions(state: &AppState, id: TrainingId) -> AppResult<Vec<Session>> {
    repo::sessions(&state.db, id, Some(state.clock.now_ms()), model::NEXT_SHOWN).await
}

/// A training as a page or the API sends it, read at the edge (what could not be read is
/// already in `errors`).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub objectives: String,
    pub duration_hours: Option<f64>,
    pub modality: Option<model::Modality>,
    pub price_individuel_cents: Option<i64>,
    pub price_employeur_cents: Option<i64>,
    pub price_demandeur_cents: Option<i64>,
    pub free_route: bool,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub programme: String,
    pub prerequisites: String,
    pub audience: String,
    pub accessibility: String,
    pub disability_referent: String,
    pub certification: String,
    pub qualiopi: bool,
    pub qualiopi_on: String,
    pub theme: String,
    pub trainers: Vec<UserId>,
    /// Trainers from the showcase (actor profiles of the provider's scope).
    pub trainer_actors: Vec<ActorId>,
    /// Public documents of the provider's library.
    pub documents: Vec<DocumentId>,
    pub errors: FieldErrors,
}

/// The provider named by the draft, once `who` may write for it: 422 without exactly one
/// provider, 404 for an unknown one, 403 otherwise.
async fn writable_provider(
    state: &AppState,
    who: &Principal,
    d: &Draft,
    errors: &FieldErrors,
) -> AppResult<Provider> {
    let Some(provider) = Provider::one(d.network_id, d.place_id) else {
        let mut errors = errors.clone();
        errors.add("place_id", "training-error-provider");
        return Err(AppError::Invalid(errors));
    };
    let Some(t) = provider_target(state, provider).await? else {
        return Err(AppError::NotFound);
    };
    if !may_write_in(Some(who), provider, &t) {
        return Err(if may_see_scope(Some(who), &t) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    Ok(provider)
}

/// Every rule of a training's fields (the same at creation and at every edit).
async fn checked(
    state: &AppState,
    d: &Draft,
    errors: &mut FieldErrors,
) -> AppResult<Option<Fields>> {
    let title = model::parse_title(&d.title, errors);
    let objectives = model::parse_text(&d.objectives, "objectives", true, errors);
    let prerequisites = model::parse_text(&d.prerequisites, "prerequisites", false, errors);
    let audience = model::parse_text(&d.audience, "audience", false, errors);
    let accessibility = model::parse_text(&d.accessibility, "accessibility", false, errors);
    let disability_referent =
        model::parse_text(&d.disability_referent, "disability_referent", false, errors);
    if disability_referent.chars().count() > 300 {
        errors.add("disability_referent", "field-too-long");
    }
    let theme = model::parse_text(&d.theme, "theme", false, errors).replace('\n', " ");
    if theme.chars().count() > 100 {
        errors.add("theme", "field-too-long");
    }
    let programme = crate::form::parse::parse_rich(&d.programme, "programme", errors);
    let duration = model::parse_hours(d.duration_hours, errors);
    if d.modality.is_none() && !errors.has("modality") {
        errors.add("modality", "field-required");
    }
    let pi = model::check_price(d.price_individuel_cents, "price_cents", errors);
    let pe = model::check_price(d.price_employeur_cents, "price_employer_cents", errors);
    let pd = model::check_price(d.price_demandeur_cents, "price_job_seeker_cents", errors);
    let (certification, certification_code) = model::parse_certification(&d.certification, errors);
    let qualiopi_on = model::parse_qualiopi_on(&d.qualiopi_on, errors);
    if d.trainers.len() > 20 {
        errors.add("trainer_ids", "field-too-long");
    }
    let mut trainers: Vec<UserId> = Vec::new();
    for u in &d.trainers {
        if trainers.contains(u) {
            continue;
        }
        if crate::auth::identity::user_by_id(&state.db, *u)
            .await?
            .is_none()
        {
            errors.add("trainer_ids", "training-error-trainer");
        }
        trainers.push(*u);
    }
    let (trainer_actors, documents) = match Provider::one(d.network_id, d.place_id) {
        Some(provider) => checked_links(state, provider, d, errors).await?,
        // The missing provider is said by `writable_provider`.
        None => (Vec::new(), Vec::new()),
    };
    let (Some((title, slug)), Some(duration_minutes), Some(modality)) =
        (title, duration, d.modality)
    else {
        return Ok(None);
    };
    Ok(Some(Fields {
        search_text: model::search_text(&title, &theme, &objectives, &audience, &programme),
        theme_key: crate::text::fold_words(&theme),
        title,
        slug,
        objectives,
        programme,
        prerequisites,
        audience,
        duration_minutes,
        modality,
        price_individuel_cents: pi,
        price_employeur_cents: pe,
        price_demandeur_cents: pd,
        free_route: d.free_route,
        accessibility,
        disability_referent,
        certification,
        certification_code,
        qualiopi: d.qualiopi,
        qualiopi_on,
        theme,
        trainers,
        trainer_actors,
        documents,
    }))
}

/// The trainers from the showcase and the documents of a training of `provider`: each among
/// its choices ([`actor_choices`], [`document_choices`]: the provider's scope, public
/// documents of its own library), none twice, at most [`model::LINKS_MAX`] of each.
async fn checked_links(
    state: &AppState,
    provider: Provider,
    d: &Draft,
    errors: &mut FieldErrors,
) -> AppResult<(Vec<ActorId>, Vec<DocumentId>)> {
    let mut actors: Vec<ActorId> = Vec::new();
    if !d.trainer_actors.is_empty() {
        let allowed: std::collections::HashSet<ActorId> =
            repo::actor_choices(&state.db, provider, i64::MAX)
                .await?
                .into_iter()
                .map(|a| a.id)
                .collect();
        for a in &d.trainer_actors {
            if !allowed.contains(a) {
                errors.add("trainer_actor_ids", "training-error-trainer-actor");
            } else if !actors.contains(a) {
                actors.push(*a);
            }
        }
        if actors.len() > model::LINKS_MAX {
            errors.add("trainer_actor_ids", "field-too-long");
        }
    }
    let mut documents: Vec<DocumentId> = Vec::new();
    if !d.documents.is_empty() {
        let allowed: std::collections::HashSet<DocumentId> =
            repo::document_choices(&state.db, provider, i64::MAX)
                .await?
                .into_iter()
                .map(|x| x.id)
                .collect();
        for x in &d.documents {
            if !allowed.contains(x) {
                errors.add("document_ids", "training-error-document");
            } else if !documents.contains(x) {
                documents.push(*x);
            }
        }
        if documents.len() > model::LINKS_MAX {
            errors.add("document_ids", "field-too-long");
        }
    }
    Ok((actors, documents))
}

/// Trainers from the showcase a form offers at most, and documents.
pub const LINK_CHOICES_MAX: i64 = 200;

/// The actor profiles a training of `provider` may name as trainers.
pub async fn actor_choices(state: &AppState, provider: Provider) -> AppResult<Vec<TrainerActor>> {
    repo::actor_choices(&state.db, provider, LINK_CHOICES_MAX).await
}

/// The public documents of `provider`'s library a training may link.
pub async fn document_choices(
    state: &AppState,
    provider: Provider,
) -> AppResult<Vec<TrainingDocument>> {
    repo::document_choices(&state.db, provider, LINK_CHOICES_MAX).await
}

/// A training's trainers from the showcase.
pub async fn trainer_actors_of(state: &AppState, id: TrainingId) -> AppResult<Vec<TrainerActor>> {
    repo::trainer_actors_of(&state.db, id).await
}

/// A training's documents (those still public).
pub async fn documents_of(state: &AppState, id: TrainingId) -> AppResult<Vec<TrainingDocument>> {
    repo::documents_of(&state.db, id).await
}

/// Writes a new training (the provider's writers and instance admins).
pub async fn create(state: &AppState, who: &Principal, d: Draft) -> AppResult<Training> {
    let mut errors = d.errors.clone();
    let fields = checked(state, &d, &mut errors).await?;
    let provider = writable_provider(state, who, &d, &errors).await?;
    errors.clone().into_result()?;
    let f = fields.ok_or(AppError::Invalid(errors))?;
    let (id, _) = repo::insert(&state.db, provider, &f, who.user.id, state.clock.now_ms()).await?;
    by_id(state, id).await
}

/// Rewrites a training: `who` must write for its provider now, and for the one it moves to if
/// the draft names another; the fields are checked as at creation.
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: TrainingId,
    d: Draft,
) -> AppResult<Training> {
    writable(state, who, id).await?;
    let mut errors = d.errors.clone();
    let fields = checked(state, &d, &mut errors).await?;
    let provider = writable_provider(state, who, &d, &errors).await?;
    errors.clone().into_result()?;
    let f = fields.ok_or(AppError::Invalid(errors))?;
    repo::update(&state.db, id, provider, &f, state.clock.now_ms()).await?;
    by_id(state, id).await
}

/// A session as a page or the API sends it.
#[derive(Debug, Clone, Default)]
pub struct SessionDraft {
    /// RFC 3339 or a local Europe/Paris time (`2026-12-03T09:00`).
    pub starts_at: String,
    pub ends_at: String,
    /// Seats; `None`: unlimited.
    pub capacity: Option<i32>,
    /// The place where it is held (the training's place when absent).
    pub place_id: Option<PlaceId>,
    /// The address of a session at a distance.
    pub online_url: String,
    /// Registrations wait for the organizer's approval.
    pub approval: bool,
}

/// Adds a session to a training: an agenda event of kind `formation`, organized by the
/// training's provider, held in `place_id` (else the training's place) or online, written by
/// the agenda's service (its rule: who organizes where, which places host), then linked to the
/// training. Only the training's writers add sessions.
pub async fn add_session(
    state: &AppState,
    who: &Principal,
    id: TrainingId,
    s: SessionDraft,
) -> AppResult<Event> {
    let t = writable(state, who, id).await?;
    let place = s.place_id.or(t.place_id);
    let online = s.online_url.trim().to_string();
    let mut errors = FieldErrors::default();
    if place.is_none() && online.is_empty() {
        errors.add("place_id", "training-error-session-where");
    }
    let input = EventInput {
        title: t.title.clone(),
        starts_at: s.starts_at.clone(),
        ends_at: s.ends_at.clone(),
        capacity: s.capacity,
        place_id: t.place_id,
        network_id: t.network_id,
        kind: Some(EventKind::Formation),
        description: Some(format!(
            "<p>{}</p><p><a href=\"{}{}\">{}</a></p>",
            crate::text::escape_html(&crate::text::excerpt(&t.objectives, 600)),
            state.config.base_url.trim_end_matches('/'),
            t.path(),
            crate::text::escape_html(&t.title),
        )),
        location_place_id: place,
        online_url: (!online.is_empty()).then_some(online.clone()),
        location_kind: Some(match (place.is_some(), online.is_empty()) {
            (true, true) => crate::events::model::LocationKind::Place,
            (true, false) => crate::events::model::LocationKind::Hybrid,
            (false, _) => crate::events::model::LocationKind::Online,
        }),
        price_cents: t.lowest_price(),
        audience: Some(t.audience.chars().take(500).collect()),
        approval: Some(s.approval),
        categories: Some(t.theme.chars().take(500).collect()),
        ..Default::default()
    };
    let parsed = input.parse(&mut errors);
    errors.clone().into_result()?;
    let e = parsed.ok_or(AppError::Invalid(errors))?;
    let ev = crate::events::service::create_event(state, who, e).await?;
    repo::link_session(&state.db, ev.id, t.id).await?;
    // When it is over: completions and the satisfaction questionnaire (`followup`).
    if let Some(end) = paths_repo::session_end(&state.db, ev.id).await? {
        let payload = serde_json::to_string(&paths::SessionOver {
            event_id: ev.id.get(),
        })
        .map_err(anyhow::Error::from)?;
        crate::jobs::enqueue_at(&state.db, paths::SESSION_OVER_JOB, &payload, end).await?;
    }
    Ok(ev)
}

/// The training a session's event belongs to, if it is one (the event's page links to it).
pub async fn training_of_event(
    state: &AppState,
    event: crate::ids::EventId,
) -> AppResult<Option<Training>> {
    match repo::training_of_event(&state.db, event).await? {
        Some(id) => repo::by_id(&state.db, id).await,
        None => Ok(None),
    }
}

// ---- Learning paths (issue 19 point 3) ----

/// Trainings a path's form offers at most.
pub const PATH_CHOICES_MAX: i64 = 500;

pub async fn path_by_id(state: &AppState, id: PathId) -> AppResult<LearningPath> {
    paths_repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn path_by_slug(state: &AppState, slug: &str) -> AppResult<LearningPath> {
    paths_repo::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The paths of a network (its own and its places') or of every provider.
pub async fn paths(
    state: &AppState,
    network: Option<NetworkId>,
    limit: i64,
) -> AppResult<Vec<LearningPath>> {
    paths_repo::list(&state.db, network, limit).await
}

/// The steps of a path, in order, with their trainings.
pub async fn path_steps(state: &AppState, id: PathId) -> AppResult<Vec<Step>> {
    Ok(paths::steps(paths_repo::steps_of(&state.db, id).await?))
}

/// The trainings a path of `provider` may hold (a network's and its places'; a place's and
/// its networks'), by title.
pub async fn path_choices(
    state: &AppState,
    provider: Provider,
) -> AppResult<Vec<(TrainingId, String)>> {
    paths_repo::allowed(&state.db, provider, PATH_CHOICES_MAX).await
}

/// Where `user` stands on a path of these steps.
pub async fn path_progress(state: &AppState, user: UserId, steps: &[Step]) -> AppResult<Progress> {
    let all: Vec<TrainingId> = steps
        .iter()
        .flat_map(|s| s.options.iter().map(|o| o.training_id))
        .collect();
    let done = paths_repo::completed_among(&state.db, user, &all).await?;
    Ok(paths::progress(steps, &done))
}

/// The paths that hold `training` among their steps (an automatic award looks there).
pub async fn paths_with(state: &AppState, training: TrainingId) -> AppResult<Vec<PathId>> {
    paths_repo::paths_with(&state.db, training).await
}

/// A path as a page or the API sends it.
#[derive(Debug, Clone, Default)]
pub struct PathDraft {
    pub title: String,
    pub description: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub steps: Vec<StepInput>,
    pub errors: FieldErrors,
}

/// Every rule of a path (the same at creation and at every edit): a title, a sanitized
/// description, steps of the provider's trainings (see [`paths::check_steps`]).
async fn checked_path(
    state: &AppState,
    provider: Provider,
    d: &PathDraft,
    errors: &mut FieldErrors,
) -> AppResult<Option<PathFields>> {
    let title = model::parse_title(&d.title, errors);
    let description = crate::form::parse::parse_rich(&d.description, "description", errors);
    let allowed: std::collections::HashSet<TrainingId> =
        paths_repo::allowed(&state.db, provider, i64::MAX)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
    let steps = paths::check_steps(&d.steps, &allowed, errors);
    Ok(title.map(|(title, slug)| PathFields {
        title,
        slug,
        description,
        steps,
    }))
}

/// Writes a new path (the provider's writers and instance admins).
pub async fn create_path(
    state: &AppState,
    who: &Principal,
    d: PathDraft,
) -> AppResult<LearningPath> {
    let mut errors = d.errors.clone();
    let Some(provider) = Provider::one(d.network_id, d.place_id) else {
        errors.add("place_id", "training-error-provider");
        return Err(AppError::Invalid(errors));
    };
    check_writer(state, who, provider).await?;
    let fields = checked_path(state, provider, &d, &mut errors).await?;
    errors.clone().into_result()?;
    let f = fields.ok_or(AppError::Invalid(errors))?;
    let (id, _) =
        paths_repo::insert(&state.db, provider, &f, who.user.id, state.clock.now_ms()).await?;
    path_by_id(state, id).await
}

/// Rewrites a path (its provider stays): its provider's writers, the rules of a creation.
pub async fn update_path(
    state: &AppState,
    who: &Principal,
    id: PathId,
    d: PathDraft,
) -> AppResult<LearningPath> {
    let p = path_by_id(state, id).await?;
    check_writer(state, who, p.provider()).await?;
    let mut errors = d.errors.clone();
    let fields = checked_path(state, p.provider(), &d, &mut errors).await?;
    errors.clone().into_result()?;
    let f = fields.ok_or(AppError::Invalid(errors))?;
    paths_repo::update(&state.db, id, &f, state.clock.now_ms()).await?;
    path_by_id(state, id).await
}

/// 404 for a provider that does not exist or that `who` cannot see, 403 when `who` sees it
/// but may not write for it.
pub async fn check_writer(state: &AppState, who: &Principal, provider: Provider) -> AppResult<()> {
    let Some(t) = provider_target(state, provider).await? else {
        return Err(AppError::NotFound);
    };
    if may_write_in(Some(who), provider, &t) {
        Ok(())
    } else if may_see_scope(Some(who), &t) {
        Err(AppError::Forbidden)
    } else {
        Err(AppError::NotFound)
    }
}

/// Records that `user` completed `training` at session `event` and, when it is new, queues
/// the job that awards what completing it earns (the badges area handles it).
pub async fn complete(
    state: &AppState,
    training: TrainingId,
    user: UserId,
    event: EventId,
) -> AppResult<bool> {
    let now = state.clock.now_ms();
    let new = paths_repo::insert_completion(&state.db, training, user, event, now).await?;
    if new {
        let payload = serde_json::to_string(&paths::Completed {
            user_id: user,
            training_id: training,
        })
        .map_err(anyhow::Error::from)?;
        crate::jobs::enqueue(&state.db, paths::COMPLETED_JOB, &payload, now).await?;
    }
    Ok(new)
}

/// Forgets a completion of session `event` that the corrected sheet no longer shows (a
/// badge already awarded stays: revoking is the issuer's decision).
pub async fn uncomplete(state: &AppState, user: UserId, event: EventId) -> AppResult<()> {
    paths_repo::delete_completion(&state.db, user, event).await
}

/// When session `event` ends (its last occurrence not cancelled).
pub async fn session_end(state: &AppState, event: EventId) -> AppResult<Option<i64>> {
    paths_repo::session_end(&state.db, event).await
}
