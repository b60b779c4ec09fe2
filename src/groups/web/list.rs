//! The list of groups: those the visitor may see, 30 a page, searched by name.

use askama::Template;
use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::common::*;
use crate::auth::Ctx;
use crate::error::AppResult;
use crate::groups::service;
use crate::state::AppState;
use crate::web::paging::{pages, query_without_page, PageLink, PageQuery};
use crate::web::{render_status, Chrome};

pub struct GroupCard {
    pub name: String,
    pub slug: String,
    pub kind: String,
    pub members_only: bool,
}

/// Groups a page of the list shows.
pub(super) const PER_PAGE: i64 = 30;

#[derive(Template)]
#[template(path = "groups/list.html")]
pub(super) struct ListTpl {
    c: Chrome,
    q: String,
    groups: Vec<GroupCard>,
    /// Every group the visitor may see (matching `q`).
    total: i64,
    pages: Vec<PageLink>,
    can_create: bool,
    /// Only the person's own groups are listed (`mine=1`).
    mine: bool,
}

#[derive(Deserialize, Default)]
pub(super) struct ListQuery {
    #[serde(default)]
    q: String,
    /// The page of the list (see `PageQuery`).
    #[serde(default)]
    page: Option<String>,
    /// `1`: only the groups the signed-in person is a member of ("Mon espace" links here).
    #[serde(default)]
    mine: String,
}

/// The groups the visitor may see (`service::may_see`, in SQL), by name, one page: two
/// statements whatever the number of groups.
pub(super) async fn list_page(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
    RawQuery(raw): RawQuery,
) -> AppResult<Response> {
    let c = Chrome::new(&ctx, &headers, "groups-title");
    let page = PageQuery {
        page: q.page.clone(),
    };
    let (limit, offset) = page.window(PER_PAGE);
    let mine = q.mine == "1" && ctx.user.is_some();
    let (rows, total) = match ctx.user.as_ref().filter(|_| mine) {
        // Their memberships, those they lead first (the search box narrows the other list).
        Some(p) => {
            let now = state.clock.now_ms();
            let (rows, total) =
                crate::groups::repo::groups_of_member(&state.db, p.user.id, now, limit, offset)
                    .await?;
            (rows.into_iter().map(|(g, _)| g).collect(), total)
        }
        None => service::visible_groups(&state, ctx.user.as_ref(), &q.q, limit, offset).await?,
    };
    let groups = rows
        .into_iter()
        .map(|g| GroupCard {
            kind: kind_label(&c, g.kind),
            members_only: !g.is_public(),
            name: g.name,
            slug: g.slug,
        })
        .collect();
    let links = pages(
        &query_without_page(raw.as_deref()),
        "/groupes",
        page.number(),
        total,
        PER_PAGE,
    );
    render_status(
        StatusCode::OK,
        &ListTpl {
            can_create: ctx.user.as_ref().is_some_and(service::may_create_groups),
            mine,
            c,
            q: q.q,
            groups,
            total,
            pages: links,
        },
    )
}
