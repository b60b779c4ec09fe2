//! Use cases shared by the HTML pages and the API: create, edit (directly or as a proposal),
//! moderate, claim. Authorization goes through `auth::policy`.

use super::model::{
    validate, ContributionStatus, DataLicence, PlaceModeration, PlaceVia, RawPlace,
};
use super::repo::{self, PlaceRow, SaveItem, Saved};
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::auth::RoleKind;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::mail::{self, Email};
use crate::media::PhotoOwner;
use crate::state::AppState;
use crate::tenancy::service::network_target;

/// The most recently changed published places (the home page), never the whole table.
pub async fn recent(state: &AppState, limit: i64) -> AppResult<Vec<PlaceRow>> {
    repo::recent(&state.db, limit).await
}

/// The box of every published, located place, `west,south,east,north`: the map's first view
/// when nothing is filtered (`/carte`, the home page). Computed across the whole table, so
/// kept in the page cache and read again only when the places' data changes (issue 16: no
/// full scan per request).
pub async fn map_bounds(state: &AppState) -> AppResult<Option<String>> {
    let render = async {
        let text = repo::located_bounds(&state.db)
            .await?
            .map(|b| format!("{:.5},{:.5},{:.5},{:.5}", b.west, b.south, b.east, b.north))
            .unwrap_or_default();
        Ok(crate::cache::Rendered::<()>::Keep(axum::body::Bytes::from(
            text,
        )))
    };
    let body = state
        .pages
        .through("map-bounds".into(), repo::data_version(&state.db), render)
        .await?
        .unwrap_or_default();
    Ok(std::str::from_utf8(&body)
        .ok()
        .filter(|s| !s.is_empty())
        .map(str::to_string))
}

/// The places' data version (their newest change and id): what caches drawn from the places
/// (the map's bounds, a network's centre) are validated against.
pub async fn data_version(state: &AppState) -> AppResult<crate::cache::Version> {
    repo::data_version(&state.db).await
}

/// One page of published places matching `f`, and how many match ([`repo::page`]). A search
/// alone (words, no other filter) is kept for everyone, signed in or not, until the places
/// change ([`data_version`]): which places match and how many is the same for every reader,
/// and a frequent word costs PostgreSQL a read of every matching row twice over (« coworking »,
/// 14 132 of 50 000 places: 45–60 ms for the count and as much for the sorted page). Only the
/// ids and the total are kept; the page's rows are read again by their key.
pub async fn page(
    state: &AppState,
    f: &repo::Filters,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<PlaceRow>, i64)> {
    let terms = super::model::search_terms(&f.q);
    if terms.is_empty() || !f.only_search() {
        return repo::page(&state.db, f, limit, offset).await;
    }
    let key = format!("places-search|{}|{limit}|{offset}", terms.join(" "));
    let (ids, total): (Vec<PlaceId>, i64) = state
        .pages
        .through_json(key, data_version(state), async {
            let (rows, total) = repo::page(&state.db, f, limit, offset).await?;
            Ok((rows.into_iter().map(|r| r.id).collect::<Vec<_>>(), total))
        })
        .await?;
    Ok((repo::by_ids(&state.db, &ids).await?, total))
}

pub fn target_of(place_id: PlaceId, networks: &[NetworkId]) -> Target {
    crate::tenancy::service::place_target_of(place_id, networks)
}

/// The authorization target of a place: tenancy's decision, the one definition.
pub async fn target(state: &AppState, place_id: PlaceId) -> AppResult<Target> {
    crate::tenancy::service::place_target(state, place_id).await
}

/// Creates a place: published at once when the person may publish in the network (its
/// admins, instance admins), otherwise pending for the network's moderators.
pub async fn create(
    state: &AppState,
    who: &Principal,
    raw: &RawPlace,
    network_id: Option<NetworkId>,
    via: PlaceVia,
) -> AppResult<Saved> {
    let typologies = repo::typologies(&state.db).await?;
    let mut errors = FieldErrors::default();
    let input = validate(raw, &typologies, &mut errors);
    let network = match network_id {
        Some(n) => crate::tenancy::repo::network_by_id(&state.db, n).await?,
        None => None,
    };
    if network_id.is_some() && network.is_none() {
        errors.add("network_id", "field-invalid-choice");
    }
    if network_id.is_none() && !who.is_instance_admin() {
        errors.add("network_id", "field-required");
    }
    errors.into_result()?;
    authorize(Some(who), Action::ProposeContribution, &Target::Instance)?;
    let may_publish = match network_id {
        Some(n) => authorize(Some(who), Action::ManageNetwork, &network_target(n)).is_ok(),
        None => who.is_instance_admin(),
    };
    let item = SaveItem {
        id: None,
        source: String::new(),
        source_id: String::new(),
        input,
        moderation: if may_publish {
            PlaceModeration::Published
        } else {
            PlaceModeration::Pending
        },
        network_id,
        user_id: Some(who.user.id),
        via,
        scope: repo::MatchScope::Any,
    };
    let mut saved = repo::save_batch(&state.db, &[item], &typologies, state.clock.now_ms()).await?;
    Ok(saved.remove(0))
}

pub enum EditOutcome {
    Saved(Saved),
    /// The person may not edit: their edit awaits moderation.
    Proposed(i64),
}

/// Edits a place: its managers and network admins write directly; anyone else signed in
/// proposes the edit to the moderators.
pub async fn edit(
    state: &AppState,
    who: &Principal,
    place: &PlaceRow,
    raw: &RawPlace,
    via: PlaceVia,
) -> AppResult<EditOutcome> {
    let typologies = repo::typologies(&state.db).await?;
    let mut errors = FieldErrors::default();
    let input = validate(raw, &typologies, &mut errors);
    errors.into_result()?;
    let t = target(state, place.id).await?;
    if authorize(Some(who), Action::ManagePlace, &t).is_ok() {
        let item = SaveItem {
            id: Some(place.id),
            source: String::new(),
            source_id: String::new(),
            input,
            moderation: PlaceModeration::Published,
            network_id: None,
            user_id: Some(who.user.id),
            via,
            scope: repo::MatchScope::Any,
        };
        let mut saved =
            repo::save_batch(&state.db, &[item], &typologies, state.clock.now_ms()).await?;
        return Ok(EditOutcome::Saved(saved.remove(0)));
    }
    authorize(Some(who), Action::ProposeContribution, &t)?;
    if place.moderation != PlaceModeration::Published {
        return Err(AppError::NotFound);
    }
    let payload = serde_json::to_string(raw).map_err(|e| AppError::Internal(e.into()))?;
    let id = repo::insert_proposal(
        &state.db,
        place.id,
        who.user.id,
        &payload,
        state.clock.now_ms(),
    )
    .await?;
    Ok(EditOutcome::Proposed(id))
}

/// Publishes or refuses a pending place; the author is told by email (with the reason).
pub async fn moderate(
    state: &AppState,
    who: &Principal,
    place: &PlaceRow,
    accept: bool,
    reason: &str,
) -> AppResult<()> {
    let t = target(state, place.id).await?;
    authorize(Some(who), Action::ManageNetwork, &t)?;
    if place.moderation != PlaceModeration::Pending {
        return Err(AppError::Conflict("already_moderated"));
    }
    let reason = reason.trim();
    if !accept && reason.is_empty() {
        let mut e = FieldErrors::default();
        e.add("reason", "field-required");
        return Err(AppError::Invalid(e));
    }
    let (state_to, reason) = if accept {
        (PlaceModeration::Published, "")
    } else {
        (PlaceModeration::Refused, reason)
    };
    repo::set_moderation(
        &state.db,
        place.id,
        state_to,
        reason,
        who.user.id,
        state.clock.now_ms(),
    )
    .await?;
    if let Some(author) = place.created_by {
        notify(state, author, accept, &place.name, &place.slug, reason).await?;
    }
    Ok(())
}

async fn notify(
    state: &AppState,
    user_id: UserId,
    accept: bool,
    name: &str,
    slug: &str,
    reason: &str,
) -> AppResult<()> {
    let Some(user) = crate::accounts::repo::user_by_id(&state.db, user_id).await? else {
        return Ok(());
    };
    let lang = Lang::parse(&user.locale).unwrap_or_default();
    let url = format!("{}/lieux/{slug}", state.config.base_url);
    let key = if accept {
        "mail-place-published"
    } else {
        "mail-place-refused"
    };
    let args = [("name", name), ("url", url.as_str()), ("reason", reason)];
    let email = Email {
        to: user.email.clone(),
        subject: lang.ta(&format!("{key}-subject"), &args),
        text: lang.ta(&format!("{key}-body"), &args),
        ..Default::default()
    };
    mail::enqueue(&state.db, state.clock.now_ms(), &email).await
}

/// Accepts (applies) or refuses a proposed edit.
pub async fn decide_proposal(
    state: &AppState,
    who: &Principal,
    proposal_id: i64,
    accept: bool,
    reason: &str,
) -> AppResult<()> {
    let p = repo::proposal(&state.db, proposal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = target(state, p.place_id).await?;
    authorize(Some(who), Action::ManageNetwork, &t)?;
    let place = repo::by_id(&state.db, p.place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if accept {
        let raw: RawPlace =
            serde_json::from_str(&p.payload).map_err(|e| AppError::Internal(e.into()))?;
        let typologies = repo::typologies(&state.db).await?;
        let mut errors = FieldErrors::default();
        let input = validate(&raw, &typologies, &mut errors);
        errors.into_result()?;
        let item = SaveItem {
            id: Some(p.place_id),
            source: String::new(),
            source_id: String::new(),
            input,
            moderation: PlaceModeration::Published,
            network_id: None,
            user_id: p.user_id,
            via: PlaceVia::Proposal,
            scope: repo::MatchScope::Any,
        };
        repo::save_batch(&state.db, &[item], &typologies, state.clock.now_ms()).await?;
    } else if reason.trim().is_empty() {
        let mut e = FieldErrors::default();
        e.add("reason", "field-required");
        return Err(AppError::Invalid(e));
    }
    let status = if accept {
        ContributionStatus::Accepted
    } else {
        ContributionStatus::Refused
    };
    if !repo::decide_proposal(
        &state.db,
        proposal_id,
        status,
        reason.trim(),
        who.user.id,
        state.clock.now_ms(),
    )
    .await?
    {
        return Err(AppError::Conflict("already_moderated"));
    }
    if let Some(author) = p.user_id {
        notify(
            state,
            author,
            accept,
            &place.name,
            &place.slug,
            reason.trim(),
        )
        .await?;
    }
    Ok(())
}

/// Accepts a claim: the person becomes manager of the place.
pub async fn decide_claim(
    state: &AppState,
    who: &Principal,
    claim_id: i64,
    accept: bool,
) -> AppResult<()> {
    let c = repo::claim(&state.db, claim_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = target(state, c.place_id).await?;
    authorize(Some(who), Action::ManageNetwork, &t)?;
    let now = state.clock.now_ms();
    if !repo::decide_claim(
        &state.db,
        claim_id,
        if accept {
            ContributionStatus::Accepted
        } else {
            ContributionStatus::Refused
        },
        now,
    )
    .await?
    {
        return Err(AppError::Conflict("already_moderated"));
    }
    if accept {
        let res = crate::accounts::repo::grant_role(
            &state.db,
            c.user_id,
            RoleKind::PlaceManager,
            None,
            Some(c.place_id.get()),
            now,
        )
        .await;
        match res {
            Ok(()) | Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Adds a photo to a place (those who may edit it directly: its managers, its networks'
/// admins): resized and re-encoded by `crate::media`, recorded in the history.
pub async fn add_photo(
    state: &AppState,
    who: &Principal,
    place: &PlaceRow,
    bytes: Option<&[u8]>,
    alt: &str,
    via: PlaceVia,
) -> AppResult<crate::media::Photo> {
    authorize(
        Some(who),
        Action::ManagePlace,
        &target(state, place.id).await?,
    )?;
    let now = state.clock.now_ms();
    let photo = crate::media::add(
        &state.db,
        PHOTO_OWNER,
        place.id.get(),
        bytes,
        alt,
        Some(who.user.id),
        now,
    )
    .await?;
    let summary = format!("photo ajoutée : {}", photo.alt);
    repo::touch(&state.db, place.id, Some(who.user.id), via, &summary, now).await?;
    Ok(photo)
}

/// Removes a photo of a place (same rights as adding one); `NotFound` when it is not this
/// place's.
pub async fn delete_photo(
    state: &AppState,
    who: &Principal,
    place: &PlaceRow,
    photo_id: i64,
    via: PlaceVia,
) -> AppResult<()> {
    authorize(
        Some(who),
        Action::ManagePlace,
        &target(state, place.id).await?,
    )?;
    let photo = crate::media::by_id(&state.db, photo_id)
        .await?
        .filter(|p| p.owner_kind == PHOTO_OWNER && p.owner_id == place.id.get())
        .ok_or(AppError::NotFound)?;
    if !crate::media::delete(&state.db, PHOTO_OWNER, place.id.get(), photo.id).await? {
        return Err(AppError::NotFound);
    }
    let summary = format!("photo retirée : {}", photo.alt);
    let now = state.clock.now_ms();
    repo::touch(&state.db, place.id, Some(who.user.id), via, &summary, now).await
}

/// The owner kind of places' photos in `crate::media`.
pub const PHOTO_OWNER: PhotoOwner = PhotoOwner::Place;

/// The basic record of a place as the network admin pages edit it.
pub struct BasicPlace<'a> {
    pub name: &'a str,
    pub city: &'a str,
    pub description: &'a str,
    /// The structure porteuse: its exact name or its SIRET (empty: none). A text field, not a
    /// list of every organization of the instance (tens of thousands at national scale).
    pub organization: &'a str,
}

struct ParsedBasic {
    name: String,
    slug: String,
    city: String,
    description: String,
    organization_id: Option<i64>,
}

async fn parse_basic(state: &AppState, f: &BasicPlace<'_>) -> AppResult<ParsedBasic> {
    use crate::tenancy::model::{parse_description, parse_name};
    let mut errors = FieldErrors::default();
    let name = parse_name(f.name, &mut errors);
    let description = parse_description(f.description, &mut errors);
    let city = f.city.trim().to_string();
    if city.chars().count() > 200 || city.chars().any(char::is_control) {
        errors.add("city", "field-name-invalid");
    }
    let organization_id = match f.organization.trim() {
        "" => None,
        text => match crate::tenancy::repo::organizations_matching(&state.db, text)
            .await?
            .as_slice()
        {
            [one] => Some(one.id),
            [] => {
                errors.add("organization", "field-organization-unknown");
                None
            }
            _ => {
                errors.add("organization", "field-organization-ambiguous");
                None
            }
        },
    };
    match (name, errors.is_empty()) {
        (Some((name, slug)), true) => Ok(ParsedBasic {
            name,
            slug,
            city,
            description,
            organization_id,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// A new place in a network, created by one of its admins (first free slug, network
/// membership and search index in one go).
pub async fn create_in_network(
    state: &AppState,
    who: Option<&Principal>,
    network_id: NetworkId,
    input: &BasicPlace<'_>,
) -> AppResult<crate::tenancy::model::Place> {
    authorize(who, Action::ManageNetwork, &network_target(network_id))?;
    let p = parse_basic(state, input).await?;
    repo::insert_place(
        &state.db,
        repo::NewPlace {
            name: &p.name,
            slug: &p.slug,
            description: &p.description,
            city: &p.city,
            organization_id: p.organization_id,
            network_id: Some(network_id),
            now: state.clock.now_ms(),
        },
    )
    .await
}

/// Name, city, description and organization of a place, changed by a manager of it.
pub async fn update_basic(
    state: &AppState,
    who: Option<&Principal>,
    place_id: PlaceId,
    input: &BasicPlace<'_>,
) -> AppResult<()> {
    let target = crate::tenancy::service::place_target(state, place_id).await?;
    authorize(who, Action::ManagePlace, &target)?;
    let p = parse_basic(state, input).await?;
    repo::update_place(
        &state.db,
        place_id,
        &p.name,
        &p.description,
        &p.city,
        p.organization_id,
    )
    .await
}

// ---- the writes of the pages and the API: one path for both ----

/// Claims a place: `who` asks the moderators to become its manager. The message is kept
/// trimmed, at most 2 000 characters.
pub async fn claim(
    state: &AppState,
    who: &Principal,
    place: &PlaceRow,
    message: &str,
) -> AppResult<i64> {
    let message: String = message.trim().chars().take(2000).collect();
    repo::insert_claim(
        &state.db,
        place.id,
        who.user.id,
        &message,
        state.clock.now_ms(),
    )
    .await
}

/// Sets the licence a network publishes its places under (its admins). `licence` is the
/// form's text, one of [`DataLicence`].
pub async fn set_network_licence(
    state: &AppState,
    who: &Principal,
    network_id: NetworkId,
    licence: &str,
) -> AppResult<()> {
    authorize(
        Some(who),
        Action::ManageNetwork,
        &network_target(network_id),
    )?;
    let mut e = FieldErrors::default();
    let Some(licence) = crate::form::parse::parse_enum::<DataLicence>(licence, "licence", &mut e)
    else {
        return Err(AppError::Invalid(e));
    };
    repo::set_network_licence(&state.db, network_id, licence).await
}

/// Deletes a place, its photos and its search entry (its networks' admins).
pub async fn delete(state: &AppState, who: &Principal, place_id: PlaceId) -> AppResult<()> {
    repo::by_id(&state.db, place_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = target(state, place_id).await?;
    authorize(Some(who), Action::ManageNetwork, &t)?;
    repo::delete(&state.db, place_id).await
}
