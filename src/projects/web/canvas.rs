//! The Social Business Canvas of a project: the latest version (edited by its holders and
//! advisors), every version with the comparison of two, and a page to print.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::shared::{block_label, managed, visible};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::form::Form;
use crate::projects::model::{self, Project};
use crate::projects::{repo, service};
use crate::state::AppState;
use crate::web::{redirect_flash, render, render_status, Chrome};

pub struct BlockView {
    pub key: String,
    pub label: String,
    pub text: String,
}

fn block_views(c: &Chrome, blocks: &BTreeMap<String, String>) -> Vec<BlockView> {
    model::CANVAS_BLOCKS
        .iter()
        .map(|k| BlockView {
            key: k.to_string(),
            label: block_label(c, k),
            text: blocks.get(*k).cloned().unwrap_or_default(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "projects/canvas.html")]
struct CanvasTpl {
    c: Chrome,
    p: Project,
    blocks: Vec<BlockView>,
    version: Option<String>,
    can_manage: bool,
    errors: FieldErrors,
}

pub async fn canvas_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (p, t) = visible(&state, &ctx, &slug).await?;
    let c = Chrome::new(&ctx, &headers, "projects-canvas");
    let latest = repo::latest_canvas(&state.db, p.id).await?;
    let blocks = latest.as_ref().map(|v| v.block_map()).unwrap_or_default();
    render(&CanvasTpl {
        blocks: block_views(&c, &blocks),
        version: latest.map(|v| version_label(&v)),
        can_manage: service::may_manage(ctx.user.as_ref(), &t),
        errors: FieldErrors::default(),
        p,
        c,
    })
}

fn version_label(v: &model::CanvasVersion) -> String {
    format!(
        "n° {} — {} — {}",
        v.id,
        crate::clock::paris_display(v.created_at),
        v.author_name.clone().unwrap_or_else(|| "—".into())
    )
}

pub async fn save_canvas(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let (p, _) = managed(&state, &ctx, &slug).await?;
    let who = ctx.require_user()?;
    let blocks: BTreeMap<String, String> = f
        .into_iter()
        .filter(|(k, _)| model::CANVAS_BLOCKS.contains(&k.as_str()))
        .collect();
    match service::save_canvas(&state, Some(who.user.id), &p, &blocks).await {
        Ok(_) => Ok(redirect_flash(
            &format!("/projets/{}/canevas", p.slug),
            "flash-canvas-saved",
        )),
        Err(AppError::Invalid(errors)) => {
            let c = Chrome::new(&ctx, &headers, "projects-canvas");
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &CanvasTpl {
                    blocks: block_views(&c, &blocks),
                    version: None,
                    can_manage: true,
                    errors,
                    p,
                    c,
                },
            )
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct CompareQuery {
    #[serde(default)]
    pub a: Option<i64>,
    #[serde(default)]
    pub b: Option<i64>,
}

pub struct ChangedBlock {
    pub label: String,
    pub old: String,
    pub new: String,
}

pub struct VersionRow {
    pub id: i64,
    pub label: String,
}

#[derive(Template)]
#[template(path = "projects/versions.html")]
struct VersionsTpl {
    c: Chrome,
    p: Project,
    versions: Vec<VersionRow>,
    a: i64,
    b: i64,
    compared: bool,
    changes: Vec<ChangedBlock>,
}

pub async fn versions_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<CompareQuery>,
) -> AppResult<Response> {
    let (p, _) = visible(&state, &ctx, &slug).await?;
    let c = Chrome::new(&ctx, &headers, "projects-canvas-versions");
    let all = repo::canvas_versions(&state.db, p.id).await?;
    // Default comparison: the previous version against the latest.
    let b = q.b.or_else(|| all.first().map(|v| v.id)).unwrap_or(0);
    let a = q.a.or_else(|| all.get(1).map(|v| v.id)).unwrap_or(0);
    let va = all.iter().find(|v| v.id == a);
    let vb = all.iter().find(|v| v.id == b);
    if (q.a.is_some() && va.is_none()) || (q.b.is_some() && vb.is_none()) {
        return Err(AppError::NotFound);
    }
    let mut changes = Vec::new();
    let compared = va.is_some() && vb.is_some();
    if let (Some(va), Some(vb)) = (va, vb) {
        let (ma, mb) = (va.block_map(), vb.block_map());
        for k in model::CANVAS_BLOCKS {
            let (old, new) = (
                ma.get(k).cloned().unwrap_or_default(),
                mb.get(k).cloned().unwrap_or_default(),
            );
            if old != new {
                changes.push(ChangedBlock {
                    label: block_label(&c, k),
                    old,
                    new,
                });
            }
        }
    }
    render(&VersionsTpl {
        versions: all
            .iter()
            .map(|v| VersionRow {
                id: v.id,
                label: version_label(v),
            })
            .collect(),
        a,
        b,
        compared,
        changes,
        p,
        c,
    })
}

#[derive(Template)]
#[template(path = "projects/print.html")]
struct PrintTpl {
    c: Chrome,
    p: Project,
    blocks: Vec<BlockView>,
    version: Option<String>,
}

pub async fn print_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let (p, _) = visible(&state, &ctx, &slug).await?;
    let c = Chrome::new(&ctx, &headers, "projects-canvas");
    let latest = repo::latest_canvas(&state.db, p.id).await?;
    let blocks = latest.as_ref().map(|v| v.block_map()).unwrap_or_default();
    render(&PrintTpl {
        blocks: block_views(&c, &blocks),
        version: latest.map(|v| version_label(&v)),
        p,
        c,
    })
}
