//! Groups, memberships, meetings, minutes, decisions and action items in the API, one file
//! per resource; this one only routes.

pub mod actions;
mod common;
pub mod groups;
pub mod meetings;
pub mod members;

use crate::state::AppState;

use actions::{create_action, list_actions, my_actions, update_action};
pub use common::{ActionOut, DecisionOut, GroupOut, MeetingOut, MembershipOut};
use groups::{create_group, get_group, list_groups, set_slot};
use meetings::{
    create_decision, create_meeting, get_meeting, list_meetings, save_minutes, search_decisions,
    set_attendance,
};
use members::{
    accept_invitation, add_member, decline_invitation, join, list_members, remove_member,
    update_member,
};

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, patch, post, put};
    axum::Router::new()
        .route("/api/v1/groups", get(list_groups).post(create_group))
        .route("/api/v1/groups/{id}", get(get_group))
        .route(
            "/api/v1/groups/{id}/members",
            get(list_members).post(add_member),
        )
        .route(
            "/api/v1/groups/{id}/members/{membership_id}",
            patch(update_member).delete(remove_member),
        )
        .route(
            "/api/v1/groups/{id}/members/{membership_id}/accept",
            post(accept_invitation),
        )
        .route(
            "/api/v1/groups/{id}/members/{membership_id}/decline",
            post(decline_invitation),
        )
        .route("/api/v1/groups/{id}/join", post(join))
        .route("/api/v1/groups/{id}/slot", put(set_slot))
        .route(
            "/api/v1/groups/{id}/meetings",
            get(list_meetings).post(create_meeting),
        )
        .route(
            "/api/v1/groups/{id}/actions",
            get(list_actions).post(create_action),
        )
        .route("/api/v1/meetings/{id}", get(get_meeting))
        .route("/api/v1/meetings/{id}/minutes", put(save_minutes))
        .route("/api/v1/meetings/{id}/attendees", post(set_attendance))
        .route("/api/v1/meetings/{id}/decisions", post(create_decision))
        .route("/api/v1/decisions", get(search_decisions))
        .route("/api/v1/me/actions", get(my_actions))
        .route("/api/v1/actions/{id}", patch(update_action))
}
