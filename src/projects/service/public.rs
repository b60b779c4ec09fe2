//! The public page of a project: its own fields (the team's contacts and « comment
//! participer »), what it gathers from the groups and the library, and the workshops the
//! project organizes. Workshops are events of the agenda organized by the project
//! (`events.project_id`): its holders create them, and the agenda's registration flow takes
//! the registrations.

use super::target;
use crate::auth::policy::{authorize, Action};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{Event, EventInput};
use crate::groups::model::{Group, Meeting};
use crate::ids::{ProjectId, UserId};
use crate::projects::model::public::check_page;
use crate::projects::model::Project;
use crate::projects::repo::public as repo;
use crate::state::AppState;

/// Checks and saves the contacts and « comment participer » of the page.
pub async fn save_page(
    state: &AppState,
    who: &Principal,
    project: &Project,
    email: &str,
    phone: &str,
    text: &str,
    participate: &str,
) -> AppResult<()> {
    let pg = check_page(email, phone, text, participate)?;
    repo::store_page(
        &state.db,
        project.id,
        &pg,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await
}

/// Coming meetings of the project's public groups, and meetings whose minutes are published.
pub async fn meetings_of(
    db: &Db,
    project_id: ProjectId,
    now: i64,
) -> AppResult<(Vec<(Group, Meeting)>, Vec<(Group, Meeting)>)> {
    let mut coming = Vec::new();
    let mut minutes = Vec::new();
    for g in crate::groups::service::groups_of_project(db, project_id).await? {
        if !g.is_public() {
            continue;
        }
        for m in crate::groups::service::meetings_of_group(db, g.id).await? {
            if m.ends_at >= now {
                coming.push((g.clone(), m.clone()));
            }
            if m.minutes_public() && !m.minutes.trim().is_empty() {
                minutes.push((g.clone(), m));
            }
        }
    }
    coming.sort_by_key(|(_, m)| (m.starts_at, m.id));
    minutes.sort_by_key(|(_, m)| std::cmp::Reverse((m.starts_at, m.id)));
    Ok((coming, minutes))
}

/// Public documents of the project's library.
pub async fn public_documents(
    db: &Db,
    project_id: ProjectId,
) -> AppResult<Vec<crate::documents::model::Document>> {
    Ok(crate::documents::service::documents_of(
        db,
        crate::documents::model::Scope::Project(project_id),
        "",
    )
    .await?
    .into_iter()
    .filter(|d| d.visibility == crate::documents::model::DocumentVisibility::Public)
    .collect())
}

/// Creates an event organized by the project: its holders and advisors may; the event belongs
/// to the agenda of the network that follows the project (a project without network cannot
/// publish in the agenda yet).
pub async fn create_workshop(
    state: &AppState,
    who: &Principal,
    project: &Project,
    mut input: EventInput,
) -> AppResult<Event> {
    let t = target(state, project).await?;
    authorize(Some(who), Action::ManageProject, &t)?;
    input.network_id = project.network_id;
    input.place_id = None;
    let mut errors = FieldErrors::default();
    let parsed = input.parse(&mut errors);
    errors.0.retain(|(f, _)| f != "organizer");
    if project.network_id.is_none() {
        errors.add("organizer", "projects-event-needs-network");
    } else if !project.public {
        // Never more visible than the project: a private project's workshop would be in no
        // agenda (`events::repo::agenda`); said clearly rather than stored unseen.
        errors.add("organizer", "projects-event-private");
    }
    let (Some(e), true) = (parsed, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    crate::events::service::create_for_project(state, Some(who), project.id, &e).await
}

/// Demonstration: the Buis page's contacts and « comment participer », and a public
/// workshop two weeks ahead (when the project has no coming workshop yet).
pub async fn demo(state: &AppState, project: &Project, holder: Option<UserId>) -> AppResult<()> {
    let now = state.clock.now_ms();
    let pg = check_page(
        "tiers-lieu@buis-les-baronnies.example.org",
        "04 75 28 00 00",
        "Mairie de Buis-les-Baronnies — service développement local\nPermanence le mercredi matin",
        "<p>Le projet se construit avec les habitants : venez aux ateliers publics, rejoignez un \
         focus groupe sur un usage (coworking, café, fablab, jardin) ou écrivez-nous.</p>\
         <ul><li>ateliers ouverts à toutes et tous, sur inscription ;</li>\
         <li>comptes-rendus publiés après chaque réunion.</li></ul>",
    )?;
    repo::store_page(&state.db, project.id, &pg, holder, now).await?;
    if !repo::upcoming_workshops(&state.db, project.id, now)
        .await?
        .is_empty()
        || project.network_id.is_none()
    {
        return Ok(());
    }
    let day = state
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
        + chrono::Duration::days(14);
    let input = EventInput {
        title: "Atelier collectif : articuler les usages".into(),
        starts_at: format!("{day}T18:00"),
        ends_at: format!("{day}T20:00"),
        capacity: Some(30),
        network_id: project.network_id,
        kind: Some(crate::events::model::EventKind::Atelier),
        description: Some(
            "<p>Valider ensemble les propositions du groupe porteurs et des focus groupes, \
             articuler les usages entre eux et avec les espaces nécessaires.</p>"
                .into(),
        ),
        location_kind: Some(crate::events::model::LocationKind::Address),
        address: Some("Salle des fêtes, Buis-les-Baronnies".into()),
        ..EventInput::default()
    };
    let mut errors = FieldErrors::default();
    let e = input.parse(&mut errors).ok_or(AppError::Invalid(errors))?;
    crate::events::service::create_for_project(state, None, project.id, &e).await?;
    Ok(())
}

/// The first `limit` public projects a network follows, by name (its public page). One
/// statement.
pub async fn public_of_network(
    state: &AppState,
    network: crate::ids::NetworkId,
    limit: i64,
) -> AppResult<Vec<Project>> {
    crate::projects::repo::public_of_network(&state.db, network, limit).await
}

/// The `limit` public projects created last, newest first (the home page). One statement.
pub async fn latest_public(state: &AppState, limit: i64) -> AppResult<Vec<Project>> {
    crate::projects::repo::latest_public(&state.db, limit).await
}
