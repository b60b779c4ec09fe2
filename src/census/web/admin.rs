//! The network's census pages for its animators: questionnaires (from the default template,
//! questions added and removed — a new version once a campaign uses one), campaigns, and
//! each campaign's progress (who answered, who started, reminders sent; remind now, reopen a
//! response, publish the figures).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::super::model::{
    self, Campaign, PrefillSource, Question, QuestionType, Questionnaire, ResponseStatus,
};
use super::super::repo::ProgressRow;
use super::super::service::{self, CampaignInput};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::ids::{CampaignId, PlaceId, QuestionnaireId};
use crate::state::AppState;
use crate::tenancy::model::Network;
use crate::web::paging::{pages, PageLink, PageQuery};
use crate::web::{redirect_flash, render_status, Chrome};

/// The network of `slug` if `who` animates it (404 otherwise).
async fn managed_network(state: &AppState, ctx: &Ctx, slug: &str) -> AppResult<Network> {
    let who = ctx.require_user()?;
    let n = crate::tenancy::repo::network_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !service::may_manage(Some(who), n.id) {
        return Err(AppError::NotFound);
    }
    Ok(n)
}

pub struct CampaignRow {
    pub c: Campaign,
    pub href: String,
    pub opens_on: String,
    pub closes_on: String,
}

fn fr_day(d: &str) -> String {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| d.to_string())
}

/// The fields of the new campaign form, as typed.
#[derive(Deserialize, Default, Clone)]
pub(super) struct CampaignForm {
    #[serde(default)]
    questionnaire_id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
    #[serde(default)]
    period_start: String,
    #[serde(default)]
    period_end: String,
    #[serde(default)]
    departments: String,
    #[serde(default)]
    published: Option<String>,
}

#[derive(Template)]
#[template(path = "census/admin.html")]
struct AdminTpl {
    c: Chrome,
    network: Network,
    questionnaires: Vec<Questionnaire>,
    campaigns: Vec<CampaignRow>,
    f: CampaignForm,
    errors: FieldErrors,
    q_errors: FieldErrors,
}

async fn admin_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    network: Network,
    f: CampaignForm,
    (errors, q_errors): (FieldErrors, FieldErrors),
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let questionnaires = service::questionnaires(state, who, network.id).await?;
    let campaigns = service::campaigns(state, Some(who), network.id)
        .await?
        .into_iter()
        .map(|c| CampaignRow {
            href: format!("/reseaux/{}/recensement/campagnes/{}", network.slug, c.id),
            opens_on: fr_day(&c.opens_on),
            closes_on: fr_day(&c.closes_on),
            c,
        })
        .collect();
    let mut c = Chrome::new(ctx, headers, "census-admin-title");
    c.title = format!("{} – {}", c.title, network.name);
    let status = if errors.is_empty() && q_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &AdminTpl {
            c,
            network,
            questionnaires,
            campaigns,
            f,
            errors,
            q_errors,
        },
    )
}

/// `GET /reseaux/{slug}/recensement`.
pub(super) async fn admin(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let n = managed_network(&state, &ctx, &slug).await?;
    let today = crate::clock::paris_date(state.clock.now_ms());
    use chrono::Datelike;
    let last_year = today.year() - 1;
    let f = CampaignForm {
        opens_on: today.format("%Y-%m-%d").to_string(),
        closes_on: (today + chrono::Duration::days(42))
            .format("%Y-%m-%d")
            .to_string(),
        period_start: format!("{last_year}-01-01"),
        period_end: format!("{last_year}-12-31"),
        ..CampaignForm::default()
    };
    admin_view(&state, &ctx, &headers, n, f, Default::default()).await
}

#[derive(Deserialize)]
pub(super) struct TitleForm {
    #[serde(default)]
    title: String,
}

/// `POST /reseaux/{slug}/recensement/questionnaires`: a questionnaire from the template.
pub(super) async fn create_questionnaire(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<TitleForm>,
) -> AppResult<Response> {
    let n = managed_network(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let questions = super::super::template::default_questions();
    match service::create_questionnaire(&state, who, n.id, &f.title, questions).await {
        Ok(id) => Ok(redirect_flash(
            &format!("/reseaux/{slug}/recensement/questionnaires/{id}"),
            "flash-census-questionnaire-created",
        )),
        Err(AppError::Invalid(e)) => {
            admin_view(
                &state,
                &ctx,
                &headers,
                n,
                CampaignForm::default(),
                (FieldErrors::default(), e),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// `POST /reseaux/{slug}/recensement/campagnes`.
pub(super) async fn create_campaign(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<CampaignForm>,
) -> AppResult<Response> {
    let n = managed_network(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let Ok(qid) = f.questionnaire_id.trim().parse::<i64>() else {
        let e = FieldErrors::one("questionnaire_id", "census-questionnaire-unknown");
        return admin_view(&state, &ctx, &headers, n, f, (e, FieldErrors::default())).await;
    };
    let input = CampaignInput {
        network: n.id,
        questionnaire: QuestionnaireId(qid),
        title: &f.title,
        opens_on: &f.opens_on,
        closes_on: &f.closes_on,
        period_start: &f.period_start,
        period_end: &f.period_end,
        departments: vec![f.departments.clone()],
        published: f.published.is_some(),
    };
    match service::create_campaign(&state, who, input).await {
        Ok(id) => Ok(redirect_flash(
            &format!("/reseaux/{slug}/recensement/campagnes/{id}"),
            "flash-census-campaign-created",
        )),
        Err(AppError::Invalid(e)) => {
            admin_view(&state, &ctx, &headers, n, f, (e, FieldErrors::default())).await
        }
        Err(e) => Err(e),
    }
}

// ---- a questionnaire ----

/// The fields of the "add a question" form.
#[derive(Deserialize, Default, Clone)]
pub(super) struct QuestionForm {
    #[serde(default)]
    section: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    options: String,
    #[serde(default)]
    min: String,
    #[serde(default)]
    max: String,
    #[serde(default)]
    required: Option<String>,
    #[serde(default)]
    prefill: String,
    #[serde(default)]
    help: String,
}

#[derive(Template)]
#[template(path = "census/questionnaire.html")]
struct QuestionnaireTpl {
    c: Chrome,
    network: Network,
    q: Questionnaire,
    in_use: bool,
    types: Vec<&'static str>,
    sources: Vec<&'static str>,
    f: QuestionForm,
    errors: FieldErrors,
}

async fn questionnaire_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    (network, q): (Network, Questionnaire),
    f: QuestionForm,
    errors: FieldErrors,
) -> AppResult<Response> {
    let in_use = super::super::repo::questionnaire_in_use(&state.db, q.id).await?;
    let mut c = Chrome::new(ctx, headers, "census-questionnaire-title");
    c.title = format!("{} (v{})", q.title, q.version);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &QuestionnaireTpl {
            c,
            network,
            q,
            in_use,
            types: QuestionType::TEXTS.to_vec(),
            sources: PrefillSource::TEXTS.to_vec(),
            f,
            errors,
        },
    )
}

async fn network_questionnaire(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: QuestionnaireId,
) -> AppResult<(Network, Questionnaire)> {
    let n = managed_network(state, ctx, slug).await?;
    let q = service::questionnaire(state, ctx.require_user()?, id).await?;
    if q.network_id != n.id {
        return Err(AppError::NotFound);
    }
    Ok((n, q))
}

/// `GET /reseaux/{slug}/recensement/questionnaires/{id}`.
pub(super) async fn questionnaire(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, QuestionnaireId)>,
) -> AppResult<Response> {
    let nq = network_questionnaire(&state, &ctx, &slug, id).await?;
    questionnaire_view(
        &state,
        &ctx,
        &headers,
        nq,
        QuestionForm::default(),
        FieldErrors::default(),
    )
    .await
}

fn parse_question(f: &QuestionForm, errors: &mut FieldErrors) -> Option<Question> {
    let kind = crate::form::parse::parse_enum::<QuestionType>(f.kind.trim(), "kind", errors);
    let prefill = match f.prefill.trim() {
        "" => None,
        s => crate::form::parse::parse_enum::<PrefillSource>(s, "prefill", errors),
    };
    let mut bound = |raw: &str, field: &'static str| match raw.trim() {
        "" => None,
        s => match s.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() => Some(v),
            _ => {
                errors.add(field, "field-invalid-number");
                None
            }
        },
    };
    let (min, max) = (bound(&f.min, "min"), bound(&f.max, "max"));
    Some(Question {
        key: f.key.trim().to_string(),
        label: f.label.trim().to_string(),
        kind: kind?,
        section: f.section.trim().to_string(),
        help: f.help.trim().to_string(),
        required: f.required.is_some(),
        unit: f.unit.trim().to_string(),
        options: f
            .options
            .lines()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(String::from)
            .collect(),
        min,
        max,
        prefill,
    })
}

/// Errors of the questionnaire's check on the new (last) question, named as the form's fields.
fn form_errors(e: FieldErrors, index: usize) -> FieldErrors {
    let prefix = format!("questions[{index}].");
    let mut out = FieldErrors::default();
    for (field, key) in e.0 {
        match field.strip_prefix(&prefix) {
            Some(name) => out.add(name.to_string(), key),
            None if field.starts_with("questions[") => out.add("key", key),
            None => out.add(field.to_string(), key),
        }
    }
    out
}

/// `POST /reseaux/{slug}/recensement/questionnaires/{id}/questions`: adds a question (to a
/// new version if a campaign uses this one).
pub(super) async fn add_question(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, QuestionnaireId)>,
    Form(f): Form<QuestionForm>,
) -> AppResult<Response> {
    let (n, q) = network_questionnaire(&state, &ctx, &slug, id).await?;
    let mut errors = FieldErrors::default();
    let parsed = parse_question(&f, &mut errors);
    let (Some(new), true) = (parsed, errors.is_empty()) else {
        return questionnaire_view(&state, &ctx, &headers, (n, q), f, errors).await;
    };
    let mut questions = q.questions.clone();
    questions.push(new);
    let index = questions.len() - 1;
    match service::update_questionnaire(&state, ctx.require_user()?, id, &q.title, questions).await
    {
        Ok(to) => Ok(redirect_flash(
            &format!("/reseaux/{slug}/recensement/questionnaires/{to}"),
            if to == id {
                "flash-census-question-added"
            } else {
                "flash-census-new-version"
            },
        )),
        Err(AppError::Invalid(e)) => {
            questionnaire_view(&state, &ctx, &headers, (n, q), f, form_errors(e, index)).await
        }
        Err(e) => Err(e),
    }
}

/// `POST /reseaux/{slug}/recensement/questionnaires/{id}/questions/{key}/supprimer`.
pub(super) async fn remove_question(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id, key)): Path<(String, QuestionnaireId, String)>,
) -> AppResult<Response> {
    let (n, q) = network_questionnaire(&state, &ctx, &slug, id).await?;
    let questions: Vec<Question> = q
        .questions
        .iter()
        .filter(|x| x.key != key)
        .cloned()
        .collect();
    if questions.len() == q.questions.len() {
        return Err(AppError::NotFound);
    }
    match service::update_questionnaire(&state, ctx.require_user()?, id, &q.title, questions).await
    {
        Ok(to) => Ok(redirect_flash(
            &format!("/reseaux/{slug}/recensement/questionnaires/{to}"),
            if to == id {
                "flash-census-question-removed"
            } else {
                "flash-census-new-version"
            },
        )),
        Err(AppError::Invalid(e)) => {
            questionnaire_view(&state, &ctx, &headers, (n, q), QuestionForm::default(), e).await
        }
        Err(e) => Err(e),
    }
}

// ---- a campaign's progress ----

pub struct ProgressView {
    pub row: ProgressRow,
    pub status: &'static str,
    pub submitted: bool,
    pub updated: String,
    pub last_mailing: String,
}

#[derive(Template)]
#[template(path = "census/progress.html")]
struct ProgressTpl {
    c: Chrome,
    network: Network,
    campaign: Campaign,
    opens_on: String,
    closes_on: String,
    open: bool,
    counts: (i64, i64, i64),
    rows: Vec<ProgressView>,
    pages: Vec<PageLink>,
}

async fn network_campaign(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: CampaignId,
) -> AppResult<(Network, Campaign)> {
    let n = managed_network(state, ctx, slug).await?;
    let c = service::managed_campaign(state, ctx.require_user()?, id).await?;
    if c.network_id != n.id {
        return Err(AppError::NotFound);
    }
    Ok((n, c))
}

/// `GET /reseaux/{slug}/recensement/campagnes/{id}?page=`.
pub(super) async fn progress(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, CampaignId)>,
    Query(pq): Query<PageQuery>,
) -> AppResult<Response> {
    let (network, _) = network_campaign(&state, &ctx, &slug, id).await?;
    let page = pq.number();
    let (campaign, counts, rows) = service::progress(&state, ctx.require_user()?, id, page).await?;
    let rows = rows
        .into_iter()
        .map(|row| ProgressView {
            status: match row.status {
                None => "census-status-new",
                Some(ResponseStatus::Draft) => "census-status-draft",
                Some(ResponseStatus::Submitted) => "census-status-submitted",
            },
            submitted: row.status == Some(ResponseStatus::Submitted),
            updated: crate::clock::paris_display(row.updated_at.unwrap_or_default()),
            last_mailing: row
                .last_mailing
                .map(crate::clock::paris_display)
                .unwrap_or_else(|| "—".into()),
            row,
        })
        .collect();
    let today = crate::clock::paris_date(state.clock.now_ms())
        .format("%Y-%m-%d")
        .to_string();
    let base = format!("/reseaux/{slug}/recensement/campagnes/{id}");
    let mut c = Chrome::new(&ctx, &headers, "census-progress-title");
    c.title = campaign.title.clone();
    crate::web::render(&ProgressTpl {
        pages: pages("", &base, page, counts.0, model::PROGRESS_PER_PAGE),
        c,
        network,
        opens_on: fr_day(&campaign.opens_on),
        closes_on: fr_day(&campaign.closes_on),
        open: campaign.is_open_on(&today),
        campaign,
        counts,
        rows,
    })
}

/// `POST /reseaux/{slug}/recensement/campagnes/{id}/relancer`.
pub(super) async fn remind(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CampaignId)>,
) -> AppResult<Response> {
    network_campaign(&state, &ctx, &slug, id).await?;
    service::remind_now(&state, ctx.require_user()?, id).await?;
    Ok(redirect_flash(
        &format!("/reseaux/{slug}/recensement/campagnes/{id}"),
        "flash-census-reminded",
    ))
}

#[derive(Deserialize)]
pub(super) struct PublishForm {
    #[serde(default)]
    published: String,
}

/// `POST /reseaux/{slug}/recensement/campagnes/{id}/publication`.
pub(super) async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CampaignId)>,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    network_campaign(&state, &ctx, &slug, id).await?;
    let on = f.published == "true";
    service::set_published(&state, ctx.require_user()?, id, on).await?;
    Ok(redirect_flash(
        &format!("/reseaux/{slug}/recensement/campagnes/{id}"),
        if on {
            "flash-census-published"
        } else {
            "flash-census-unpublished"
        },
    ))
}

/// `POST /reseaux/{slug}/recensement/campagnes/{id}/lieux/{place}/rouvrir`.
pub(super) async fn reopen(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id, place)): Path<(String, CampaignId, PlaceId)>,
) -> AppResult<Response> {
    network_campaign(&state, &ctx, &slug, id).await?;
    service::reopen(&state, ctx.require_user()?, id, place).await?;
    Ok(redirect_flash(
        &format!("/reseaux/{slug}/recensement/campagnes/{id}"),
        "flash-census-reopened",
    ))
}
