//! Census use cases. A network's animators (and instance admins) write its questionnaires and
//! campaigns, follow who answered, remind and reopen; a place's managers (and its networks'
//! animators) fill its response. The pre-fill is computed once, when a place first opens its
//! response, from Maillage's data over the campaign's period and from the place's answers to
//! the network's previous campaign.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{
    self, AnswerContext, Campaign, GroupBy, MailingKind, PrefillSource, Prefilled, Question,
    Questionnaire, Response, ResponseStatus,
};
use super::repo::{self, NewCampaign, ProgressRow};
use super::stats::{self, Group, QuestionInfo};
use crate::auth::policy::{authorize, Action};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{CampaignId, NetworkId, PlaceId, QuestionnaireId};
use crate::mail::{self, Email};
use crate::state::AppState;

/// Days between two reminders to the places that have not submitted.
pub const REMINDER_EVERY_DAYS: i64 = 7;
/// The job kinds of the invitations and the reminders.
pub const INVITE_JOB: &str = "census_invite";
pub const REMIND_JOB: &str = "census_remind";

/// May `who` run the census of `network` (its animators, instance admins)?
pub fn may_manage(who: Option<&Principal>, network: NetworkId) -> bool {
    authorize(
        who,
        Action::ManageNetwork,
        &crate::tenancy::service::network_target(network),
    )
    .is_ok()
}

fn must_manage(who: &Principal, network: NetworkId) -> AppResult<()> {
    authorize(
        Some(who),
        Action::ManageNetwork,
        &crate::tenancy::service::network_target(network),
    )
}

async fn network_exists(state: &AppState, network: NetworkId) -> AppResult<()> {
    crate::tenancy::repo::network_by_id(&state.db, network)
        .await?
        .map(|_| ())
        .ok_or(AppError::NotFound)
}

// ---- questionnaires ----

/// Creates a questionnaire of `network` (version 1).
pub async fn create_questionnaire(
    state: &AppState,
    who: &Principal,
    network: NetworkId,
    title: &str,
    questions: Vec<Question>,
) -> AppResult<QuestionnaireId> {
    network_exists(state, network).await?;
    must_manage(who, network)?;
    let questions = trimmed(questions);
    model::check_questionnaire(title, &questions).map_err(AppError::Invalid)?;
    repo::insert_questionnaire(
        &state.db,
        network,
        title.trim(),
        None,
        &questions,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await
}

fn trimmed(questions: Vec<Question>) -> Vec<Question> {
    questions
        .into_iter()
        .map(|mut q| {
            q.key = q.key.trim().to_string();
            q.label = q.label.trim().to_string();
            q.section = q.section.trim().to_string();
            q.help = q.help.trim().to_string();
            q.unit = q.unit.trim().to_string();
            q.options = q
                .options
                .into_iter()
                .map(|o| o.trim().to_string())
                .collect();
            q
        })
        .collect()
}

/// A questionnaire `who` may read (its network's animators): 404 otherwise.
pub async fn questionnaire(
    state: &AppState,
    who: &Principal,
    id: QuestionnaireId,
) -> AppResult<Questionnaire> {
    let q = repo::questionnaire_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage(Some(who), q.network_id) {
        return Err(AppError::NotFound);
    }
    Ok(q)
}

/// Changes a questionnaire. One that a campaign already uses is never changed: the change
/// becomes its next version (a new questionnaire), whose id is returned.
pub async fn update_questionnaire(
    state: &AppState,
    who: &Principal,
    id: QuestionnaireId,
    title: &str,
    questions: Vec<Question>,
) -> AppResult<QuestionnaireId> {
    let q = questionnaire(state, who, id).await?;
    let questions = trimmed(questions);
    model::check_questionnaire(title, &questions).map_err(AppError::Invalid)?;
    let now = state.clock.now_ms();
    if !repo::questionnaire_in_use(&state.db, id).await?
        && repo::update_questionnaire(&state.db, id, title.trim(), &questions, now).await?
    {
        return Ok(id);
    }
    repo::insert_questionnaire(
        &state.db,
        q.network_id,
        title.trim(),
        Some((q.id, q.version)),
        &questions,
        Some(who.user.id),
        now,
    )
    .await
}

pub async fn questionnaires(
    state: &AppState,
    who: &Principal,
    network: NetworkId,
) -> AppResult<Vec<Questionnaire>> {
    must_manage(who, network)?;
    repo::questionnaires_of(&state.db, network).await
}

// ---- campaigns ----

/// A campaign as asked for by the page or the API.
pub struct CampaignInput<'a> {
    pub network: NetworkId,
    pub questionnaire: QuestionnaireId,
    pub title: &'a str,
    pub opens_on: &'a str,
    pub closes_on: &'a str,
    pub period_start: &'a str,
    pub period_end: &'a str,
    pub departments: Vec<String>,
    pub published: bool,
}

/// Opens a campaign to the network's places (or those of some departments); their managers
/// are invited on its first day (at once if it is already open), then reminded every
/// [`REMINDER_EVERY_DAYS`] days until they submit or it closes.
pub async fn create_campaign(
    state: &AppState,
    who: &Principal,
    c: CampaignInput<'_>,
) -> AppResult<CampaignId> {
    network_exists(state, c.network).await?;
    must_manage(who, c.network)?;
    let deps: Vec<String> = c
        .departments
        .iter()
        .flat_map(|d| model::split_departments(d))
        .collect();
    let mut errors = FieldErrors::default();
    let q = repo::questionnaire_by_id(&state.db, c.questionnaire).await?;
    if q.as_ref().is_none_or(|q| q.network_id != c.network) {
        errors.add("questionnaire_id", "census-questionnaire-unknown");
    }
    let period = errors
        .then(model::check_campaign(
            c.title,
            c.opens_on,
            c.closes_on,
            c.period_start,
            c.period_end,
            &deps,
        ))
        .map_err(AppError::Invalid)?;
    let now = state.clock.now_ms();
    let id = repo::insert_campaign(
        &state.db,
        &NewCampaign {
            network: c.network,
            questionnaire: c.questionnaire,
            title: c.title.trim(),
            opens_on: c.opens_on.trim(),
            closes_on: c.closes_on.trim(),
            period,
            departments: &deps.join(","),
            published: c.published,
        },
        Some(who.user.id),
        now,
    )
    .await?;
    let opens = chrono::NaiveDate::parse_from_str(c.opens_on.trim(), "%Y-%m-%d")
        .map(|d| crate::clock::paris_midnight(d) + 8 * 3600 * 1000)
        .unwrap_or(now);
    let payload = job_payload(id, false)?;
    crate::jobs::enqueue_at(&state.db, INVITE_JOB, &payload, opens.max(now)).await?;
    Ok(id)
}

/// A campaign `who` may follow (its network's animators): 404 otherwise.
pub async fn managed_campaign(
    state: &AppState,
    who: &Principal,
    id: CampaignId,
) -> AppResult<Campaign> {
    let c = repo::campaign_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage(Some(who), c.network_id) {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

pub async fn campaigns(
    state: &AppState,
    who: Option<&Principal>,
    network: NetworkId,
) -> AppResult<Vec<Campaign>> {
    repo::campaigns_of(&state.db, network, !may_manage(who, network)).await
}

pub async fn set_published(
    state: &AppState,
    who: &Principal,
    id: CampaignId,
    published: bool,
) -> AppResult<()> {
    let c = managed_campaign(state, who, id).await?;
    repo::set_published(&state.db, c.id, published).await
}

/// The progress of a campaign: (places, started, submitted) and one page of its places.
pub async fn progress(
    state: &AppState,
    who: &Principal,
    id: CampaignId,
    page: i64,
) -> AppResult<(Campaign, (i64, i64, i64), Vec<ProgressRow>)> {
    let c = managed_campaign(state, who, id).await?;
    let counts = repo::progress_counts(&state.db, &c).await?;
    let rows = repo::progress_page(
        &state.db,
        &c,
        model::PROGRESS_PER_PAGE,
        (page.max(1) - 1) * model::PROGRESS_PER_PAGE,
    )
    .await?;
    Ok((c, counts, rows))
}

/// The campaigns open today for the places `who` manages.
pub async fn open_for(
    state: &AppState,
    who: &Principal,
) -> AppResult<Vec<(Campaign, PlaceId, String, Option<ResponseStatus>)>> {
    repo::open_for_manager(&state.db, who.user.id, &today(state)).await
}

fn today(state: &AppState) -> String {
    crate::clock::paris_date(state.clock.now_ms())
        .format("%Y-%m-%d")
        .to_string()
}

// ---- responses ----

/// A place's response with what it is an answer to.
pub struct Sheet {
    pub campaign: Campaign,
    pub questionnaire: Questionnaire,
    pub response: Response,
    /// The typologies a `typology` question offers: (slug, name).
    pub typologies: Vec<(String, String)>,
    /// The campaign is open today (answers can be saved and submitted).
    pub open: bool,
}

/// The response of `place` to campaign `id`, started (and pre-filled) on the first visit. Its
/// managers and its networks' animators only (404 for others, and for a place the campaign is
/// not sent to).
pub async fn sheet(
    state: &AppState,
    who: &Principal,
    id: CampaignId,
    place: PlaceId,
) -> AppResult<Sheet> {
    let campaign = repo::campaign_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = crate::tenancy::service::place_target(state, place).await?;
    if authorize(Some(who), Action::ManagePlace, &target).is_err()
        || !repo::is_target(&state.db, &campaign, place).await?
    {
        return Err(AppError::NotFound);
    }
    let questionnaire = repo::questionnaire_by_id(&state.db, campaign.questionnaire_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let response = match repo::response_of(&state.db, id, place).await? {
        Some(r) => r,
        None => {
            let prefill = prefill(state, &campaign, &questionnaire.questions, place).await?;
            let answers = prefill
                .iter()
                .map(|(k, p)| (k.clone(), p.value.clone()))
                .collect();
            repo::start_response(
                &state.db,
                id,
                place,
                &answers,
                &prefill,
                state.clock.now_ms(),
            )
            .await?;
            repo::response_of(&state.db, id, place)
                .await?
                .ok_or(AppError::NotFound)?
        }
    };
    let open = campaign.is_open_on(&today(state));
    Ok(Sheet {
        typologies: repo::typology_slugs(&state.db).await?,
        campaign,
        questionnaire,
        response,
        open,
    })
}

/// What Maillage proposes for each question of a place: its data for the questions with a
/// source, else the place's answer to the same key in the network's previous campaign.
pub async fn prefill(
    state: &AppState,
    c: &Campaign,
    questions: &[Question],
    place: PlaceId,
) -> AppResult<BTreeMap<String, Prefilled>> {
    let f = figures(state, place, c.period_start, c.period_end).await?;
    let previous = match repo::previous_campaign(&state.db, c).await? {
        Some(p) => repo::response_of(&state.db, p.id, place)
            .await?
            .filter(|r| r.status == ResponseStatus::Submitted)
            .map(|r| r.answers)
            .unwrap_or_default(),
        None => BTreeMap::new(),
    };
    let typologies: HashSet<String> = f.typologies.iter().cloned().collect();
    let cx = AnswerContext {
        typologies: &typologies,
    };
    let mut out = BTreeMap::new();
    for q in questions {
        let from_data = q.prefill.map(|s| (s, f.value(s)));
        let (value, source) = match from_data {
            Some((s, v)) => (v, s.as_str().to_string()),
            None => match previous.get(&q.key) {
                Some(v) => (v.clone(), "previous".to_string()),
                None => continue,
            },
        };
        // A value the question would refuse (out of its bounds, a choice it no longer
        // offers) is not proposed.
        if let Ok(Some(v)) = model::read_answer(q, &value, &cx) {
            out.insert(q.key.clone(), Prefilled { value: v, source });
        }
    }
    Ok(out)
}

/// The figures Maillage knows of a place over a period.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Figures {
    pub typologies: Vec<String>,
    pub opening_hours: String,
    pub spaces_count: i64,
    pub seats_total: i64,
    pub events_count: i64,
    pub trainings_count: i64,
    pub registrations_count: i64,
    pub participants_count: i64,
    pub bookings_count: i64,
    /// Percent, one decimal.
    pub occupancy_rate: f64,
}

impl Figures {
    pub fn value(&self, s: PrefillSource) -> Value {
        match s {
            PrefillSource::Typologies => Value::from(self.typologies.clone()),
            PrefillSource::OpeningHours => Value::from(self.opening_hours.clone()),
            PrefillSource::SpacesCount => Value::from(self.spaces_count),
            PrefillSource::SeatsTotal => Value::from(self.seats_total),
            PrefillSource::EventsCount => Value::from(self.events_count),
            PrefillSource::ParticipantsCount => Value::from(self.participants_count),
            PrefillSource::RegistrationsCount => Value::from(self.registrations_count),
            PrefillSource::TrainingsCount => Value::from(self.trainings_count),
            PrefillSource::BookingsCount => Value::from(self.bookings_count),
            PrefillSource::OccupancyRate => Value::from(self.occupancy_rate),
        }
    }
}

/// Reads the figures of a place over `[from, to)` (a few statements, whatever its size).
pub async fn figures(state: &AppState, place: PlaceId, from: i64, to: i64) -> AppResult<Figures> {
    let (typologies, opening_hours) = repo::place_facts(&state.db, place).await?;
    let (events_count, trainings_count, registrations_count, participants_count) =
        repo::agenda_figures(&state.db, place, from, to).await?;
    let spaces = crate::bookings::service::spaces_of_place(&state.db, place).await?;
    let occupancy_rate = occupancy_rate(state, &spaces, from, to).await?;
    Ok(Figures {
        typologies,
        opening_hours,
        spaces_count: spaces.len() as i64,
        seats_total: spaces.iter().map(|s| s.capacity as i64).sum(),
        events_count,
        trainings_count,
        registrations_count,
        participants_count,
        bookings_count: repo::bookings_count(&state.db, place, from, to).await?,
        occupancy_rate,
    })
}

/// Saves a place's answers (keyed by question), or saves and submits them. The campaign must
/// be open and the response a draft; on submission every required question must be answered.
pub async fn save(
    state: &AppState,
    who: &Principal,
    id: CampaignId,
    place: PlaceId,
    given: &BTreeMap<String, Value>,
    submit: bool,
) -> AppResult<Response> {
    let sheet = sheet(state, who, id, place).await?;
    if !sheet.open {
        return Err(AppError::Conflict("census_closed"));
    }
    if sheet.response.status == ResponseStatus::Submitted {
        return Err(AppError::Conflict("census_already_submitted"));
    }
    let typologies: HashSet<String> = sheet.typologies.iter().map(|(s, _)| s.clone()).collect();
    let cx = AnswerContext {
        typologies: &typologies,
    };
    let answers = model::read_answers(&sheet.questionnaire.questions, given, &cx)
        .map_err(AppError::Invalid)?;
    if submit {
        let missing = model::missing_required(&sheet.questionnaire.questions, &answers);
        if !missing.is_empty() {
            return Err(AppError::Invalid(missing));
        }
    }
    let by = (submit, Some(who.user.id));
    if !repo::write_answers(&state.db, id, place, &answers, by, state.clock.now_ms()).await? {
        return Err(AppError::Conflict("census_already_submitted"));
    }
    repo::response_of(&state.db, id, place)
        .await?
        .ok_or(AppError::NotFound)
}

/// Turns a submitted response back into a draft (the network's animators), so that its
/// place can correct it.
pub async fn reopen(
    state: &AppState,
    who: &Principal,
    id: CampaignId,
    place: PlaceId,
) -> AppResult<()> {
    let c = managed_campaign(state, who, id).await?;
    if !repo::reopen(&state.db, c.id, place, state.clock.now_ms()).await? {
        return Err(AppError::Conflict("census_not_submitted"));
    }
    Ok(())
}

// ---- the observatory ----

/// A campaign's figures, grouped.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Aggregates {
    pub campaign_id: CampaignId,
    pub by: GroupBy,
    /// The small-numbers threshold applied (0 for the network's board).
    pub min_places: i64,
    /// Places that submitted (over every campaign counted, for `by=year`).
    pub submitted: i64,
    pub questions: Vec<QuestionInfo>,
    pub groups: Vec<Group>,
}

/// The figures of campaign `id`, grouped `by`. Anyone reads those of a published campaign;
/// only the network's animators read the others. The small-numbers rule applies unless
/// `board` is asked by an animator (the network's private observatory).
pub async fn aggregates(
    state: &AppState,
    who: Option<&Principal>,
    id: CampaignId,
    by: GroupBy,
    board: bool,
) -> AppResult<Aggregates> {
    aggregates_by(state, who, id, &[by], board)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Figures of the census of `network`, through the page cache: computed by `compute` once,
/// then served until anything they are drawn from changes (`repo::figures_version`, checked
/// at most once a second). Nothing in them depends on who asks beyond what `key` says. At
/// national scale a campaign's figures read thousands of answers (400 ms for the observatory
/// of a 5 000-place network): pages, PDFs and the API share one reading.
async fn cached_figures<T, F>(
    state: &AppState,
    network: NetworkId,
    key: String,
    compute: F,
) -> AppResult<T>
where
    T: Serialize + serde::de::DeserializeOwned,
    F: std::future::Future<Output = AppResult<T>>,
{
    state
        .pages
        .through_json_kept(
            format!("census-figures|{network}|{key}"),
            crate::cache::Keep::UntilChanged,
            repo::figures_version(&state.db),
            compute,
        )
        .await
}

/// [`aggregates`] for several groupings at once (a page shows three): the campaign, its
/// questionnaire and the submitted answers are read once for all of them, and kept in the
/// cache ([`cached_figures`]) for whoever asks the same (an animator or not, the board or
/// not).
pub async fn aggregates_by(
    state: &AppState,
    who: Option<&Principal>,
    id: CampaignId,
    bys: &[GroupBy],
    board: bool,
) -> AppResult<Vec<Aggregates>> {
    let c = repo::campaign_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let manager = may_manage(who, c.network_id);
    if !c.published && !manager {
        return Err(AppError::NotFound);
    }
    let key = format!(
        "aggregates|{id}|{}|{bys:?}|{manager}|{board}",
        c.questionnaire_id
    );
    let network = c.network_id;
    cached_figures(
        state,
        network,
        key,
        compute_aggregates(state, c, manager, bys, board),
    )
    .await
}

async fn compute_aggregates(
    state: &AppState,
    c: Campaign,
    manager: bool,
    bys: &[GroupBy],
    board: bool,
) -> AppResult<Vec<Aggregates>> {
    let q = repo::questionnaire_by_id(&state.db, c.questionnaire_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let campaigns = if bys.contains(&GroupBy::Year) {
        repo::campaigns_of(&state.db, c.network_id, !manager).await?
    } else {
        vec![c.clone()]
    };
    let ids: Vec<CampaignId> = campaigns.iter().map(|c| c.id).collect();
    let years: BTreeMap<CampaignId, i32> = campaigns.iter().map(|c| (c.id, c.year())).collect();
    let rows = repo::submitted(&state.db, &ids).await?;
    let min_places = if board && manager {
        0
    } else {
        state.config.census_min_places.max(2)
    };
    let questions: Vec<QuestionInfo> = stats::rolled_up(&q.questions)
        .into_iter()
        .map(|q| QuestionInfo {
            key: q.key.clone(),
            label: q.label.clone(),
            kind: q.kind,
            unit: q.unit.clone(),
        })
        .collect();
    Ok(bys
        .iter()
        .map(|&by| {
            // Year over year counts every campaign read; the other groupings this one only.
            let tagged: Vec<(i32, &model::Submitted)> = rows
                .iter()
                .filter(|(cid, _)| by == GroupBy::Year || *cid == c.id)
                .map(|(cid, r)| (years.get(cid).copied().unwrap_or_default(), r))
                .collect();
            Aggregates {
                campaign_id: c.id,
                by,
                min_places,
                submitted: tagged.len() as i64,
                questions: questions.clone(),
                groups: stats::roll_up(&q.questions, &tagged, by, min_places),
            }
        })
        .collect())
}

/// What the observatory page shows of campaign `id`: its figures grouped `by` and over all
/// its places (from its own responses), and year over year over `campaigns` (those the
/// viewer sees): the sums and means of the numeric questions, read as one aggregate
/// statement per request instead of every answer of every year.
pub async fn observatory(
    state: &AppState,
    who: Option<&Principal>,
    id: CampaignId,
    by: GroupBy,
    board: bool,
    campaigns: &[Campaign],
) -> AppResult<(Aggregates, Aggregates, Aggregates)> {
    let mut two = aggregates_by(state, who, id, &[by, GroupBy::All], board)
        .await?
        .into_iter();
    let (Some(a), Some(whole)) = (two.next(), two.next()) else {
        return Err(AppError::NotFound);
    };
    let numeric: Vec<&QuestionInfo> = a
        .questions
        .iter()
        .filter(|q| {
            matches!(
                q.kind,
                model::QuestionType::Number
                    | model::QuestionType::Money
                    | model::QuestionType::Scale
            )
        })
        .collect();
    let keys: Vec<&str> = numeric.iter().map(|q| q.key.as_str()).collect();
    let ids: Vec<CampaignId> = campaigns.iter().map(|c| c.id).collect();
    let sums = match campaigns.first() {
        Some(first) => {
            let key = format!("sums|{ids:?}|{keys:?}");
            let owned: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            let read = async {
                let keys: Vec<&str> = owned.iter().map(String::as_str).collect();
                repo::yearly_sums(&state.db, &ids, &keys).await
            };
            cached_figures(state, first.network_id, key, read).await?
        }
        None => Vec::new(),
    };
    let year_of: BTreeMap<CampaignId, i32> = campaigns.iter().map(|c| (c.id, c.year())).collect();
    // Per year: (places, per key (holding it, numbers, sum)).
    let mut years: BTreeMap<i32, (i64, Vec<repo::KeySums>)> = BTreeMap::new();
    for (cid, n, per) in sums {
        let y = years
            .entry(year_of.get(&cid).copied().unwrap_or_default())
            .or_insert_with(|| (0, vec![(0, 0, 0.0); keys.len()]));
        y.0 += n;
        for (acc, v) in y.1.iter_mut().zip(per) {
            acc.0 += v.0;
            acc.1 += v.1;
            acc.2 += v.2;
        }
    }
    let min_places = a.min_places;
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let groups = years
        .into_iter()
        .map(|(year, (places, per))| {
            let hidden = places < min_places;
            let figures = numeric
                .iter()
                .zip(per)
                .map(|(q, (answered, numbers, sum))| {
                    let min = if q.kind == model::QuestionType::Money {
                        min_places.max(2)
                    } else {
                        min_places
                    };
                    let f = if hidden {
                        stats::Figure {
                            hidden: true,
                            ..Default::default()
                        }
                    } else if answered < min || answered == 0 {
                        stats::Figure {
                            answered,
                            hidden: answered > 0 || min > 0,
                            ..Default::default()
                        }
                    } else {
                        stats::Figure {
                            answered,
                            sum: Some(round(sum)),
                            mean: Some(round(sum / numbers.max(1) as f64)),
                            ..Default::default()
                        }
                    };
                    (q.key.clone(), f)
                })
                .collect();
            Group {
                key: year.to_string(),
                label: year.to_string(),
                places,
                hidden,
                figures,
            }
        })
        .collect::<Vec<_>>();
    let years = Aggregates {
        campaign_id: a.campaign_id,
        by: GroupBy::Year,
        min_places,
        submitted: groups.iter().map(|g| g.places).sum(),
        questions: a.questions.clone(),
        groups,
    };
    Ok((a, whole, years))
}

// ---- the activity report ----

/// A network's activity over `[from, to)` (its animators): the agenda, the bookings and the
/// occupancy of its places' spaces, new places, projects by status.
pub async fn activity(
    state: &AppState,
    who: &Principal,
    network: NetworkId,
    (from, to): (i64, i64),
) -> AppResult<model::Activity> {
    must_manage(who, network)?;
    // The counts and the occupancy read at once (on as many connections).
    let occupancy = async {
        let spaces = crate::bookings::service::spaces_of_network(&state.db, network).await?;
        occupancy_rate(state, &spaces, from, to).await
    };
    let (mut a, rate) = tokio::try_join!(
        repo::network_activity(&state.db, network, from, to),
        occupancy
    )?;
    a.occupancy_rate = rate;
    Ok(a)
}

/// Booked seat-hours over open seat-hours of `spaces` over `[from, to)`, in percent with one
/// decimal (0 when they are never open): their bookings read in one statement, each space's
/// share by the occupancy page's own rule (`bookings::service::occupancy_of`).
async fn occupancy_rate(
    state: &AppState,
    spaces: &[crate::bookings::model::Space],
    from: i64,
    to: i64,
) -> AppResult<f64> {
    let ids: Vec<_> = spaces.iter().map(|s| s.id).collect();
    let mut held = crate::bookings::service::held_in_spaces(state, &ids, from, to).await?;
    let (mut booked, mut open) = (0i64, 0i64);
    for s in spaces {
        let h = held.remove(&s.id).unwrap_or_default();
        let (b, o) = crate::bookings::service::occupancy_of(s, &h, from, to);
        booked += b;
        open += o;
    }
    Ok(if open > 0 {
        (booked as f64 * 1000.0 / open as f64).round() / 10.0
    } else {
        0.0
    })
}

// ---- invitations and reminders ----

#[derive(Serialize, Deserialize)]
struct JobPayload {
    campaign_id: CampaignId,
    /// Sent by an animator's "remind now": no next reminder is scheduled.
    #[serde(default)]
    once: bool,
}

fn job_payload(id: CampaignId, once: bool) -> AppResult<String> {
    serde_json::to_string(&JobPayload {
        campaign_id: id,
        once,
    })
    .map_err(|e| AppError::Internal(e.into()))
}

/// Reminds now the places of a campaign that have not submitted (an animator's button).
pub async fn remind_now(state: &AppState, who: &Principal, id: CampaignId) -> AppResult<()> {
    let c = managed_campaign(state, who, id).await?;
    if !c.is_open_on(&today(state)) {
        return Err(AppError::Conflict("census_closed"));
    }
    crate::jobs::enqueue(
        &state.db,
        REMIND_JOB,
        &job_payload(c.id, true)?,
        state.clock.now_ms(),
    )
    .await
}

/// Mails the managers of every place of the campaign that has not submitted (by batches of
/// 500 places), records each mailing, and schedules the next reminder while it is open.
async fn mail_places(state: &AppState, payload: &str, kind: MailingKind) -> anyhow::Result<()> {
    let p: JobPayload = serde_json::from_str(payload)?;
    let Some(c) = repo::campaign_by_id(&state.db, p.campaign_id).await? else {
        return Ok(());
    };
    let today = today(state);
    if today.as_str() > c.closes_on.as_str() {
        return Ok(());
    }
    let network = crate::tenancy::repo::network_by_id(&state.db, c.network_id)
        .await?
        .map(|n| n.name)
        .unwrap_or_default();
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let lang = crate::i18n::Lang::Fr;
    let (subject_key, body_key) = match kind {
        MailingKind::Invitation => ("census-mail-invite-subject", "census-mail-invite-body"),
        MailingKind::Reminder => ("census-mail-remind-subject", "census-mail-remind-body"),
    };
    let closes = chrono::NaiveDate::parse_from_str(&c.closes_on, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| c.closes_on.clone());
    let mut after = PlaceId(0);
    loop {
        let batch = repo::unsubmitted_with_managers(&state.db, &c, after, 500).await?;
        let Some(last) = batch.last() else { break };
        after = last.0;
        let now = state.clock.now_ms();
        for (place, name, emails) in &batch {
            let link = format!("{base}/recensement/{}/lieux/{}", c.id, place);
            let subject = lang.ta(subject_key, &[("campaign", &c.title), ("place", name)]);
            let text = lang.ta(
                body_key,
                &[
                    ("campaign", &c.title),
                    ("network", &network),
                    ("place", name),
                    ("closes", &closes),
                    ("link", &link),
                ],
            ) + "\n";
            for to in emails {
                mail::enqueue(
                    &state.db,
                    now,
                    &Email {
                        to: to.clone(),
                        subject: subject.clone(),
                        text: text.clone(),
                        ..Default::default()
                    },
                )
                .await?;
            }
            repo::insert_mailing(&state.db, c.id, *place, kind, emails.len() as i64, now).await?;
        }
    }
    if !p.once {
        let next = state.clock.now_ms() + REMINDER_EVERY_DAYS * 24 * 3600 * 1000;
        let next_day = crate::clock::paris_date(next)
            .format("%Y-%m-%d")
            .to_string();
        if next_day.as_str() <= c.closes_on.as_str() {
            crate::jobs::enqueue_at(&state.db, REMIND_JOB, &job_payload(c.id, false)?, next)
                .await?;
        }
    }
    Ok(())
}

/// Registers the census's invitations and reminders with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(INVITE_JOB, |state, payload| {
        Box::pin(async move { mail_places(state, payload, MailingKind::Invitation).await })
    });
    registry.register(REMIND_JOB, |state, payload| {
        Box::pin(async move { mail_places(state, payload, MailingKind::Reminder).await })
    });
}
