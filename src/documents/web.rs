//! The signed download link (`/fichiers/{id}/{version}`); the library pages are in
//! [`pages`](super::pages).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::{repo, service};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult};
use crate::ids::DocumentId;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/fichiers/{id}/{version}", get(signed_download))
        .merge(super::pages::routes())
}

#[derive(Deserialize)]
struct SignedQuery {
    #[serde(default)]
    expires: Option<i64>,
    #[serde(default)]
    sig: Option<String>,
}

/// Public files for everyone; others with a valid unexpired signature, or to a signed-in
/// reader (a link opened after it expired still works for those allowed).
async fn signed_download(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, version)): Path<(DocumentId, i64)>,
    Query(q): Query<SignedQuery>,
) -> AppResult<Response> {
    let d = repo::document_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = if service::may_read(&state, None, &d).await? {
        true
    } else {
        let signed = match (q.expires, q.sig.as_deref()) {
            (Some(e), Some(s)) => service::check_signature(&state, &d, version, e, s).await?,
            _ => false,
        };
        signed || service::may_read(&state, ctx.user.as_ref(), &d).await?
    };
    if !allowed {
        return Err(AppError::NotFound);
    }
    let v = service::version_of(&state, &d, Some(version)).await?;
    service::serve(&state, &v).await
}
