//! Job board use cases: who writes an offer (a place's managers — and its networks'
//! animators — for the place's, a network's animators for the network's, instance admins),
//! the moderation (an offer a network animator did not write waits until one of its
//! networks' animators publishes it; an edit by a non-animator sends it back to the queue),
//! the checked writes shared by the pages and the API (every rule of a creation is a rule of
//! an edit), applications with a CV (seen by the applicant and the offer's writers only), and
//! saved searches with their daily digest through the job queue.

use serde::{Deserialize, Serialize};

use super::model::{self, Application, Employer, JobKind, JobStatus, Offer, PayUnit, SavedSearch};
use super::repo::{self, Fields, Filter};
use crate::auth::policy::{authorize, may_see_scope, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{JobApplicationId, JobOfferId, JobSearchId, NetworkId, PlaceId};
use crate::state::AppState;

/// The job kind of the daily digest of a saved search.
pub const DIGEST_JOB: &str = "job_search_digest";

/// Today in Paris, `YYYY-MM-DD`.
pub fn today(state: &AppState) -> String {
    crate::clock::paris_date(state.clock.now_ms())
        .format("%Y-%m-%d")
        .to_string()
}

/// The policy target of an employer; `None` for one that does not exist.
pub async fn employer_target(state: &AppState, e: Employer) -> AppResult<Option<Target>> {
    Ok(match e {
        Employer::Network(n) => crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .map(|_| crate::tenancy::service::network_target(n)),
        Employer::Place(p) => match crate::tenancy::repo::place_by_id(&state.db, p).await? {
            Some(_) => Some(crate::tenancy::service::place_target(state, p).await?),
            None => None,
        },
    })
}

fn may_write_in(who: Option<&Principal>, e: Employer, t: &Target) -> bool {
    let action = match e {
        Employer::Network(_) => Action::ManageNetwork,
        Employer::Place(_) => Action::ManagePlace,
    };
    authorize(who, action, t).is_ok()
}

/// May `who` publish the offers of the employer whose target is `t`? A network's animators
/// (for the network's offers and its places'), instance admins.
fn may_moderate_in(who: Option<&Principal>, t: &Target) -> bool {
    match t {
        Target::Place { networks, .. } => {
            networks
                .iter()
                .any(|n| authorize(who, Action::ManageNetwork, &Target::Network(*n)).is_ok())
                || who.is_some_and(Principal::is_instance_admin)
        }
        other => authorize(who, Action::ManageNetwork, other).is_ok(),
    }
}

/// May `who` write offers for `e`? (False for an employer that does not exist.)
pub async fn may_write(state: &AppState, who: Option<&Principal>, e: Employer) -> AppResult<bool> {
    Ok(employer_target(state, e)
        .await?
        .is_some_and(|t| may_write_in(who, e, &t)))
}

/// May `who` publish or reject the offer?
pub async fn may_moderate(state: &AppState, who: Option<&Principal>, o: &Offer) -> AppResult<bool> {
    Ok(employer_target(state, o.employer())
        .await?
        .is_some_and(|t| may_moderate_in(who, &t)))
}

/// The offer `id` as `who` may see it: a published offer (even expired) for everyone, a
/// pending or rejected one for its writers and moderators only (404 for others).
pub async fn visible(
    state: &AppState,
    who: Option<&Principal>,
    id: JobOfferId,
) -> AppResult<Offer> {
    let o = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_visible(state, who, o).await
}

pub async fn visible_by_slug(
    state: &AppState,
    who: Option<&Principal>,
    slug: &str,
) -> AppResult<Offer> {
    let o = repo::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    check_visible(state, who, o).await
}

async fn check_visible(state: &AppState, who: Option<&Principal>, o: Offer) -> AppResult<Offer> {
    if o.status == JobStatus::Published
        || may_write(state, who, o.employer()).await?
        || may_moderate(state, who, &o).await?
    {
        Ok(o)
    } else {
        Err(AppError::NotFound)
    }
}

/// The offer `id` if `who` may write it: 404 otherwise (like every refusal of this area: an
/// offer waiting for moderation is not known to others).
pub async fn writable(state: &AppState, who: &Principal, id: JobOfferId) -> AppResult<Offer> {
    let o = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_write(state, Some(who), o.employer()).await? {
        return Err(AppError::NotFound);
    }
    Ok(o)
}

/// One page of the listed offers matching `f`, newest first, with their number.
pub async fn list(
    state: &AppState,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Offer>, i64)> {
    repo::page(&state.db, f, limit, offset).await
}

/// The départements of the listed offers, for the filter.
pub async fn departments(state: &AppState, network: Option<NetworkId>) -> AppResult<Vec<String>> {
    repo::departments(&state.db, network, &today(state)).await
}

/// The offers of an employer in every status, for its writers (404 for others).
pub async fn of_employer(state: &AppState, who: &Principal, e: Employer) -> AppResult<Vec<Offer>> {
    if !may_write(state, Some(who), e).await? {
        return Err(AppError::NotFound);
    }
    repo::of_employer(&state.db, e, 200).await
}

/// An offer as a page or the API sends it, read at the edge (what could not be read is
/// already in `errors`).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub kind: Option<JobKind>,
    pub description: String,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub postal_code: String,
    pub city: String,
    pub starts_on: String,
    pub expires_on: String,
    pub duration_months: Option<i32>,
    pub hours_per_week: Option<i32>,
    pub pay_min_cents: Option<i64>,
    pub pay_max_cents: Option<i64>,
    pub pay_unit: Option<PayUnit>,
    pub apply_url: String,
    pub errors: FieldErrors,
}

/// The employer named by the draft, once `who` may write for it: 422 without exactly one
/// employer, 404 for an unknown one or one `who` does not write for (403 when `who` sees it
/// but may not write: the API's usual answer).
async fn writable_employer(
    state: &AppState,
    who: &Principal,
    d: &Draft,
    errors: &FieldErrors,
) -> AppResult<(Employer, Target)> {
    let Some(e) = Employer::one(d.network_id, d.place_id) else {
        let mut errors = errors.clone();
        errors.add("place_id", "job-error-employer");
        return Err(AppError::Invalid(errors));
    };
    let Some(t) = employer_target(state, e).await? else {
        return Err(AppError::NotFound);
    };
    if !may_write_in(Some(who), e, &t) {
        return Err(if may_see_scope(Some(who), &t) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    Ok((e, t))
}

/// Every rule of an offer's fields (the same at creation, at every edit, in the API).
fn checked(
    state: &AppState,
    d: &Draft,
    employer_name: &str,
    errors: &mut FieldErrors,
) -> Option<Fields> {
    let title = model::parse_title(&d.title, errors);
    if d.kind.is_none() && !errors.has("kind") {
        errors.add("kind", "field-required");
    }
    let description = crate::form::parse::parse_rich(&d.description, "description", errors);
    if crate::text::excerpt(&description, 10).trim().is_empty() && !errors.has("description") {
        errors.add("description", "field-required");
    }
    if description.chars().count() > model::DESCRIPTION_MAX {
        errors.add("description", "field-too-long");
    }
    let postal = model::parse_postal_code(&d.postal_code, errors);
    let city = model::parse_city(&d.city, errors);
    let starts = model::parse_day(&d.starts_on, "starts_on", errors);
    let expires = model::parse_day(&d.expires_on, "expires_on", errors);
    let today = crate::clock::paris_date(state.clock.now_ms());
    model::check_dates(starts, expires, today, errors);
    model::check_range(d.duration_months, 1..=120, "duration_months", errors);
    model::check_range(d.hours_per_week, 1..=48, "hours_per_week", errors);
    model::check_pay(d.kind, d.pay_min_cents, d.pay_max_cents, errors);
    let apply_url = model::parse_apply_url(&d.apply_url, errors);
    let (Some((title, slug)), Some(kind), Some((postal_code, department)), Some(s), Some(e)) =
        (title, d.kind, postal, starts, expires)
    else {
        return None;
    };
    Some(Fields {
        search_text: model::search_text(&title, &city, employer_name, &description),
        city_key: crate::text::fold_words(&city),
        title,
        slug,
        kind,
        description,
        postal_code,
        city,
        department,
        starts_on: s.format("%Y-%m-%d").to_string(),
        expires_on: e.format("%Y-%m-%d").to_string(),
        duration_months: d.duration_months,
        hours_per_week: d.hours_per_week,
        pay_min_cents: d.pay_min_cents,
        pay_max_cents: d.pay_max_cents,
        pay_unit: d.pay_unit.unwrap_or(PayUnit::Month),
        apply_url,
    })
}

async fn employer_name(state: &AppState, e: Employer) -> AppResult<String> {
    Ok(match e {
        Employer::Network(n) => crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .map(|n| n.name),
        Employer::Place(p) => crate::tenancy::repo::place_by_id(&state.db, p)
            .await?
            .map(|p| p.name),
    }
    .unwrap_or_default())
}

/// Writes a new offer: published at once when `who` moderates its employer, else pending.
pub async fn create(state: &AppState, who: &Principal, d: Draft) -> AppResult<Offer> {
    let mut errors = d.errors.clone();
    let (employer, target) = writable_employer(state, who, &d, &errors).await?;
    let name = employer_name(state, employer).await?;
    let fields = checked(state, &d, &name, &mut errors);
    errors.clone().into_result()?;
    let f = fields.ok_or(AppError::Invalid(errors))?;
    let status = if may_moderate_in(Some(who), &target) {
        JobStatus::Published
    } else {
        JobStatus::Pending
    };
    let (id, _) = repo::insert(
        &state.db,
        employer,
        &f,
        status,
        who.user.id,
        state.clock.now_ms(),
    )
    .await?;
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Rewrites an offer (its employer stays): the fields are checked as at creation; an edit by
/// someone who does not moderate the employer sends the offer back to the queue.
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: JobOfferId,
    mut d: Draft,
) -> AppResult<Offer> {
    let o = writable(state, who, id).await?;
    d.network_id = o.network_id;
    d.place_id = o.place_id;
    let mut errors = d.errors.clone();
    let fields = checked(state, &d, &o.employer_name, &mut errors);
    errors.clone().into_result()?;
    let f = fields.ok_or(AppError::Invalid(errors))?;
    let status = if may_moderate(state, Some(who), &o).await? {
        JobStatus::Published
    } else {
        JobStatus::Pending
    };
    repo::update(&state.db, id, &f, status, state.clock.now_ms()).await?;
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The moderation queue `who` sees: the pending offers of the employers they moderate.
pub async fn moderation_queue(state: &AppState, who: &Principal) -> AppResult<Vec<Offer>> {
    let pending = repo::pending(&state.db, 200).await?;
    let places: Vec<PlaceId> = pending.iter().filter_map(|o| o.place_id).collect();
    let targets = crate::tenancy::service::place_targets(state, &places).await?;
    Ok(pending
        .into_iter()
        .filter(|o| match o.employer() {
            Employer::Place(p) => targets
                .get(&p)
                .is_some_and(|t| may_moderate_in(Some(who), t)),
            Employer::Network(n) => may_moderate_in(Some(who), &Target::Network(n.get())),
        })
        .collect())
}

/// Publishes (`publish`) or rejects a pending offer (its moderators; 404 for others, 409
/// when it is not pending any more).
pub async fn decide(
    state: &AppState,
    who: &Principal,
    id: JobOfferId,
    publish: bool,
) -> AppResult<Offer> {
    let o = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_moderate(state, Some(who), &o).await? {
        return Err(AppError::NotFound);
    }
    let status = if publish {
        JobStatus::Published
    } else {
        JobStatus::Rejected
    };
    if !repo::decide(&state.db, id, status, state.clock.now_ms()).await? {
        return Err(AppError::Conflict("job-error-not-pending"));
    }
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Applies to a listed offer that takes in-app applications: a message and a CV (PDF, ODT
/// or DOCX by content, at most [`model::CV_MAX_BYTES`]); one application per person and
/// offer. The offer's author is told by email.
pub async fn apply(
    state: &AppState,
    who: &Principal,
    id: JobOfferId,
    message: &str,
    cv: Option<(&str, &[u8])>,
    too_large: bool,
) -> AppResult<JobApplicationId> {
    let o = visible(state, Some(who), id).await?;
    if !o.listed(&today(state)) || !o.apply_url.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let message = message.trim().replace("\r\n", "\n");
    if message.is_empty() {
        errors.add("message", "field-required");
    } else if message.chars().count() > model::MESSAGE_MAX {
        errors.add("message", "field-too-long");
    } else if message
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        errors.add("message", "field-control-char");
    }
    let mut file = None;
    match cv {
        _ if too_large => errors.add("cv", "job-error-cv-size"),
        None => errors.add("cv", "job-error-cv-required"),
        Some((_, [])) => errors.add("cv", "job-error-cv-required"),
        Some((_, b)) if b.len() > model::CV_MAX_BYTES => errors.add("cv", "job-error-cv-size"),
        Some((name, b)) => match crate::documents::model::detect_type(b, name) {
            Some((ct, ext)) if matches!(ext, "pdf" | "odt" | "docx") => {
                file = Some((crate::documents::model::safe_filename(name, ext), ct, b));
            }
            _ => errors.add("cv", "job-error-cv-type"),
        },
    }
    if repo::has_applied(&state.db, o.id, who.user.id).await? {
        errors.add("message", "job-error-applied");
    }
    errors.clone().into_result()?;
    let (filename, ct, bytes) = file.ok_or(AppError::Invalid(errors.clone()))?;
    let now = state.clock.now_ms();
    let Some(app_id) = repo::insert_application(
        &state.db,
        o.id,
        who.user.id,
        &message,
        repo::Cv {
            filename: &filename,
            content_type: ct,
            bytes,
        },
        now,
    )
    .await?
    else {
        errors.add("message", "job-error-applied");
        return Err(AppError::Invalid(errors));
    };
    if let Some(author) = o.created_by {
        if let Some(u) = crate::auth::identity::user_by_id(&state.db, author).await? {
            let base = state.config.base_url.trim_end_matches('/');
            crate::notifications::notify(
                &state.db,
                now,
                crate::notifications::Kind::Registrations,
                &crate::mail::Email {
                    to: u.email,
                    subject: format!("Nouvelle candidature : {}", o.title),
                    text: format!(
                        "Bonjour,\n\n{} a candidaté à votre offre « {} ».\n\nLisez sa candidature et son CV (connexion nécessaire) :\n{base}{}/candidatures\n\n— Maillage\n",
                        who.user.display_name,
                        o.title,
                        o.path()
                    ),
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
    }
    Ok(app_id)
}

/// Has `who` applied to this offer?
pub async fn has_applied(state: &AppState, who: &Principal, id: JobOfferId) -> AppResult<bool> {
    repo::has_applied(&state.db, id, who.user.id).await
}

/// The applications to an offer, for its writers (404 for others).
pub async fn applications_of(
    state: &AppState,
    who: &Principal,
    id: JobOfferId,
) -> AppResult<(Offer, Vec<Application>)> {
    let o = writable(state, who, id).await?;
    let apps = repo::applications_of_offer(&state.db, o.id).await?;
    Ok((o, apps))
}

/// A person's own applications ("mes candidatures").
pub async fn my_applications(state: &AppState, who: &Principal) -> AppResult<Vec<Application>> {
    repo::applications_of_user(&state.db, who.user.id).await
}

/// An application and its CV's bytes, for its applicant and the offer's writers only (404
/// for everyone else: a CV is never public).
pub async fn cv(
    state: &AppState,
    who: &Principal,
    id: JobApplicationId,
) -> AppResult<(Application, Vec<u8>)> {
    let a = repo::application_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.user_id != who.user.id {
        writable(state, who, a.offer_id).await?;
    }
    let bytes = crate::media::blob(&state.db, &a.cv_sha256)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((a, bytes))
}

/// The filters of a saved search, as the board's form sends them.
#[derive(Debug, Clone, Default)]
pub struct SearchDraft {
    pub kind: String,
    pub network_id: Option<NetworkId>,
    pub department: String,
    pub city: String,
    pub q: String,
}

/// The next digest instant after `now`: [`model::DIGEST_HOUR`] o'clock, Paris time.
pub fn next_digest(now: i64) -> i64 {
    let day = crate::clock::paris_date(now);
    let at = |d: chrono::NaiveDate| {
        crate::clock::paris_midnight(d) + i64::from(model::DIGEST_HOUR) * 3_600_000
    };
    let today = at(day);
    if today > now {
        today
    } else {
        at(day + chrono::Duration::days(1))
    }
}

#[derive(Serialize, Deserialize)]
struct DigestPayload {
    search: JobSearchId,
    at: i64,
}

/// Saves the board's filters for `who` (at most [`model::SEARCHES_MAX`]) and schedules its
/// daily digest.
pub async fn save_search(
    state: &AppState,
    who: &Principal,
    s: SearchDraft,
) -> AppResult<JobSearchId> {
    let mut errors = FieldErrors::default();
    let kind = s.kind.trim().to_string();
    if !kind.is_empty() && kind.parse::<JobKind>().is_err() {
        errors.add("kind", "field-invalid-choice");
    }
    if let Some(n) = s.network_id {
        if crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .is_none()
        {
            errors.add("network", "field-invalid-choice");
        }
    }
    let department = s.department.trim().to_uppercase();
    if department.len() > 3 || !department.chars().all(|c| c.is_ascii_alphanumeric()) {
        errors.add("department", "field-invalid-choice");
    }
    let city = crate::text::fold_words(&s.city);
    let q = s.q.trim().to_string();
    if q.chars().count() > 200 || city.chars().count() > 100 {
        errors.add("q", "field-too-long");
    }
    let mine = repo::searches_of(&state.db, who.user.id).await?;
    if mine.len() as i64 >= model::SEARCHES_MAX {
        errors.add("q", "job-error-searches-max");
    }
    errors.into_result()?;
    let now = state.clock.now_ms();
    let first = next_digest(now);
    let id = repo::insert_search(
        &state.db,
        who.user.id,
        &kind,
        s.network_id,
        &department,
        &city,
        &q,
        first,
        now,
    )
    .await?;
    let payload = serde_json::to_string(&DigestPayload {
        search: id,
        at: first,
    })
    .map_err(anyhow::Error::from)?;
    crate::jobs::enqueue_at(&state.db, DIGEST_JOB, &payload, first).await?;
    Ok(id)
}

/// `who`'s saved searches.
pub async fn searches_of(state: &AppState, who: &Principal) -> AppResult<Vec<SavedSearch>> {
    repo::searches_of(&state.db, who.user.id).await
}

/// Deletes one of `who`'s saved searches (404 for another's).
pub async fn delete_search(state: &AppState, who: &Principal, id: JobSearchId) -> AppResult<()> {
    match repo::search_by_id(&state.db, id).await? {
        Some(s) if s.user_id == who.user.id => repo::delete_search(&state.db, id).await,
        _ => Err(AppError::NotFound),
    }
}

async fn signature(state: &AppState, id: JobSearchId) -> AppResult<String> {
    let key = repo::instance_secret(&state.db, "job_searches", state.clock.now_ms()).await?;
    Ok(crate::documents::model::hmac_hex(
        key.as_bytes(),
        model::unsubscribe_message(id).as_bytes(),
    ))
}

/// The signed address that stops a saved search's emails, without login (absolute).
pub async fn unsubscribe_url(state: &AppState, id: JobSearchId) -> AppResult<String> {
    let sig = signature(state, id).await?;
    Ok(format!(
        "{}/emplois/alertes/{id}/desabonner?sig={sig}",
        state.config.base_url.trim_end_matches('/')
    ))
}

/// Checks the signature of an unsubscribe link (404 for an unknown search, 403 for a wrong
/// signature); the search.
pub async fn check_unsubscribe(
    state: &AppState,
    id: JobSearchId,
    sig: &str,
) -> AppResult<SavedSearch> {
    let s = repo::search_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::documents::model::same_signature(&signature(state, id).await?, sig) {
        return Err(AppError::Forbidden);
    }
    Ok(s)
}

/// Stops the emails of a saved search through its signed link (the search stays, silent).
pub async fn unsubscribe(state: &AppState, id: JobSearchId, sig: &str) -> AppResult<()> {
    check_unsubscribe(state, id, sig).await?;
    repo::set_alerts(&state.db, id, false).await
}

/// The filter of a saved search, for the board and its digest.
pub fn search_filter(s: &SavedSearch, today: &str) -> Filter {
    Filter {
        network: s.network_id,
        kind: s.kind.parse().ok(),
        department: Some(s.department.clone()).filter(|d| !d.is_empty()),
        city: Some(s.city.clone()).filter(|c| !c.is_empty()),
        words: crate::db::search::words(&s.q),
        listed_on: today.to_string(),
        ..Default::default()
    }
}

/// The daily digest of one saved search: run by the job of its due instant only (a job that
/// runs again, or late, finds the instant moved and does nothing), it schedules the next one,
/// then emails the offers published since the search was saved and never sent to it.
pub async fn run_digest(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: DigestPayload = serde_json::from_str(payload)?;
    let Some(s) = repo::search_by_id(&state.db, p.search).await? else {
        return Ok(());
    };
    if s.next_digest_at != p.at {
        return Ok(());
    }
    let now = state.clock.now_ms();
    let next = next_digest(now.max(p.at));
    if !repo::advance_digest(&state.db, s.id, p.at, next).await? {
        return Ok(());
    }
    let next_payload = serde_json::to_string(&DigestPayload {
        search: s.id,
        at: next,
    })?;
    crate::jobs::enqueue_at(&state.db, DIGEST_JOB, &next_payload, next).await?;
    if !s.email_alerts {
        return Ok(());
    }
    let mut f = search_filter(&s, &today(state));
    f.published_since = Some(s.created_at);
    f.not_sent_to = Some(s.id);
    let (offers, _) = repo::page(&state.db, &f, model::DIGEST_MAX, 0).await?;
    let ids: Vec<JobOfferId> = offers.iter().map(|o| o.id).collect();
    let fresh = repo::mark_sent(&state.db, s.id, &ids, now).await?;
    if fresh.is_empty() {
        return Ok(());
    }
    let Some(user) = crate::auth::identity::user_by_id(&state.db, s.user_id).await? else {
        return Ok(());
    };
    let base = state.config.base_url.trim_end_matches('/');
    let mut text = format!(
        "Bonjour,\n\n{} nouvelle(s) offre(s) correspondent à votre recherche enregistrée :\n\n",
        fresh.len()
    );
    for o in offers.iter().filter(|o| fresh.contains(&o.id)) {
        text.push_str(&format!(
            "- {} — {}, {} ({})\n  {base}{}\n",
            o.title,
            o.employer_name,
            o.city,
            o.kind,
            o.path()
        ));
    }
    text.push_str(&format!(
        "\nToutes les offres de cette recherche : {base}/emplois?{}\n\
         Gérer vos recherches : {base}/emplois/alertes\n\
         Ne plus recevoir ces courriels : {}\n",
        s.board_query(),
        unsubscribe_url(state, s.id).await?
    ));
    crate::mail::enqueue(
        &state.db,
        now,
        &crate::mail::Email {
            to: user.email,
            subject: "Nouvelles offres d'emploi et de service civique".into(),
            text,
            attachments: Vec::new(),
        },
    )
    .await?;
    Ok(())
}

/// Registers the digest of saved searches with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(DIGEST_JOB, |state, payload| {
        Box::pin(run_digest(state, payload))
    });
}
