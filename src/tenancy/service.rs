//! Tenancy decisions other areas ask for: the authorization target of a place (its networks),
//! of a project (its network, its holders and advisors). Read from the tenants' tables; the
//! decisions themselves are in `auth::policy`.

use super::repo;
use crate::auth::policy::Target;
use crate::error::AppResult;
use crate::state::AppState;

pub async fn place_target(state: &AppState, place_id: i64) -> AppResult<Target> {
    Ok(Target::Place {
        id: place_id,
        networks: repo::networks_of_place(&state.db, place_id).await?,
    })
}
