//! Claiming an organisation's profile (`/acteurs/{slug}/revendiquer`), the moderators' queue of
//! claims (`/acteurs/revendications`), leaving a profile, and the skills vocabulary curated by
//! the animators (`/admin/competences`: search, merge a duplicate into the skill to keep).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use crate::actors::model::{Claim, SkillUse};
use crate::actors::service;
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ClaimForm {
    message: String,
}

/// `POST /acteurs/{slug}/revendiquer`: asks to run an organisation's profile.
pub(super) async fn claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Form(f): Form<ClaimForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let a = service::by_slug(&state, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let to = format!("/acteurs/{}", a.slug);
    match service::claim(&state, who, &a, &f.message).await {
        Ok(()) => Ok(redirect_flash(&to, "flash-actor-claim-sent")),
        Err(AppError::Conflict(_)) => Ok(redirect_flash(&to, "flash-actor-claim-pending")),
        Err(e) => Err(e),
    }
}

/// `POST /acteurs/{slug}/quitter`: stops running the profile.
pub(super) async fn leave(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let a = service::by_slug(&state, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    service::leave(&state, who, &a).await?;
    Ok(redirect_flash(
        &format!("/acteurs/{}", a.slug),
        "flash-actor-left",
    ))
}

#[derive(Template)]
#[template(path = "actors/claims.html")]
struct ClaimsTpl {
    c: Chrome,
    claims: Vec<Claim>,
    total: i64,
}

/// `GET /acteurs/revendications`: the claims the reader decides (404 for who moderates nothing).
pub(super) async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (claims, total) = service::claims_queue(&state, who).await?;
    render(&ClaimsTpl {
        c: Chrome::new(&ctx, &headers, "actors-claims-title"),
        claims,
        total,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct DecisionForm {
    /// `accept` or `refuse`.
    decision: String,
}

/// `POST /acteurs/revendications/{id}`: accepts or refuses a claim.
pub(super) async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    // Someone who moderates nothing learns nothing of the claim, whatever the form says.
    service::claims_queue(&state, who).await?;
    let accept = match f.decision.as_str() {
        "accept" => true,
        "refuse" => false,
        _ => return Err(AppError::BadRequest("decision: accept ou refuse".into())),
    };
    match service::decide_claim(&state, who, id, accept).await {
        Ok(_) | Err(AppError::Conflict(_)) => Ok(redirect_flash(
            "/acteurs/revendications",
            "flash-actor-claim-decided",
        )),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "actors/skills.html")]
struct SkillsTpl {
    c: Chrome,
    skills: Vec<SkillUse>,
    q: String,
    page: i64,
    pages: i64,
    from: String,
    into: String,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct SkillsQuery {
    q: String,
    page: Option<i64>,
    /// Prefills the merge form.
    from: String,
}

async fn skills_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    q: String,
    page: i64,
    (from, into): (String, String),
    errors: FieldErrors,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let (skills, total) = service::skills_page(state, who, &q, page).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &SkillsTpl {
            c: Chrome::new(ctx, headers, "actors-skills-title"),
            skills,
            q,
            page,
            pages: ((total + service::SKILLS_PER_PAGE - 1) / service::SKILLS_PER_PAGE).max(1),
            from,
            into,
            errors,
        },
    )
}

/// `GET /admin/competences`: the vocabulary, most used first (instance admins and animators).
pub(super) async fn skills(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<SkillsQuery>,
) -> AppResult<Response> {
    let page = q.page.unwrap_or(1).max(1);
    skills_view(
        &state,
        &ctx,
        &headers,
        q.q,
        page,
        (q.from, String::new()),
        FieldErrors::default(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct MergeForm {
    from: String,
    into: String,
}

/// `POST /admin/competences/fusionner`: merges `from` into `into`.
pub(super) async fn merge(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(f): Form<MergeForm>,
) -> AppResult<Response> {
    let who = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    let from = f.from.trim().parse::<i64>().ok();
    let into = f.into.trim().parse::<i64>().ok();
    if from.is_none() {
        errors.add("from", "actors-skill-unknown");
    }
    if into.is_none() {
        errors.add("into", "actors-skill-unknown");
    }
    let result = match (from, into) {
        (Some(a), Some(b)) => service::merge_skill(&state, who, a, b).await.map(|_| ()),
        _ => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(redirect_flash(
            "/admin/competences",
            "flash-actor-skill-merged",
        )),
        Err(AppError::Invalid(errors)) => {
            skills_view(
                &state,
                &ctx,
                &headers,
                String::new(),
                1,
                (f.from, f.into),
                errors,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
