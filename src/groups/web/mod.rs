//! Pages of groups: the list, a group (members, meetings, actions, slot), a meeting (agenda,
//! attendees, minutes, decisions, next steps), the register of decisions, "my actions". One
//! file per family of pages; this one only routes.

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

mod common;
mod create;
mod group;
mod list;
mod meeting;
mod register;
pub(crate) mod slot_picker;

pub use common::{kind_label, role_label, status_label};
use create::{create, new_page};
use group::{add_member, create_meeting, edit, group_page, join, member_action, set_slot};
use list::list_page;
use meeting::{
    add_action, add_agenda, add_decision, meeting_ics, meeting_page, save_minutes, set_attendance,
};
use register::{action_status, decisions_page, my_actions};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/groupes", get(list_page).post(create))
        .route("/groupes/nouveau", get(new_page))
        .route("/groupes/{slug}", get(group_page))
        .route("/groupes/{slug}/modifier", post(edit))
        .route("/groupes/{slug}/membres", post(add_member))
        .route("/groupes/{slug}/membres/{id}/{action}", post(member_action))
        .route("/groupes/{slug}/rejoindre", post(join))
        .route("/groupes/{slug}/reunions", post(create_meeting))
        .route("/groupes/{slug}/creneau", post(set_slot))
        .route("/reunions/{id}", get(meeting_page))
        .route("/reunions/{id}/ics", get(meeting_ics))
        .route("/reunions/{id}/compte-rendu", post(save_minutes))
        .route("/reunions/{id}/ordre-du-jour", post(add_agenda))
        .route("/reunions/{id}/decisions", post(add_decision))
        .route("/reunions/{id}/actions", post(add_action))
        .route("/reunions/{id}/presences", post(set_attendance))
        .route("/decisions", get(decisions_page))
        .route("/mes-actions", get(my_actions))
        .route("/actions/{id}/statut", post(action_status))
}
