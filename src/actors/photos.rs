//! An organisation's photos (issue 18 point 1: "photos/logo"): at most [`MAX_PHOTOS`], the
//! first shown as its logo on the showcase's card and in its JSON-LD (`logo`, `image`). They
//! go through `crate::media` like the places' (decoded with limits, resized, re-encoded as
//! JPEG without metadata, a text alternative required). A person's profile has none: a
//! picture of a person is personal data this opt-in profile does not need.

use super::model::{Actor, ActorKind};
use super::service;
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::media::{Photo, PhotoOwner};
use crate::state::AppState;

/// Photos an organisation's profile holds at most.
pub const MAX_PHOTOS: usize = 6;

/// The photos of this profile, oldest (the logo) first.
pub async fn of(state: &AppState, a: &Actor) -> AppResult<Vec<Photo>> {
    crate::media::of(&state.db, PhotoOwner::Actor, a.id.get()).await
}

/// The logo (first photo) of each of these profiles, in one statement.
pub async fn logos(
    state: &AppState,
    actors: &[&Actor],
) -> AppResult<std::collections::HashMap<i64, Photo>> {
    let ids: Vec<i64> = actors.iter().map(|a| a.id.get()).collect();
    Ok(crate::media::of_many(&state.db, PhotoOwner::Actor, &ids)
        .await?
        .into_iter()
        .filter_map(|(id, mut photos)| (!photos.is_empty()).then(|| (id, photos.remove(0))))
        .collect())
}

/// Adds a photo: the profile's editors (404 for others), an organisation only, six at most.
pub async fn add(
    state: &AppState,
    who: &Principal,
    a: &Actor,
    bytes: Option<&[u8]>,
    too_large: bool,
    alt: &str,
) -> AppResult<Photo> {
    if !service::may_edit(state, Some(who), a).await? {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    if a.kind == ActorKind::Person {
        errors.add("file", "actors-photo-person");
    } else if of(state, a).await?.len() >= MAX_PHOTOS {
        errors.add("file", "actors-photo-too-many");
    } else if too_large {
        errors.add("file", "photo-error-too-large");
    }
    errors.into_result()?;
    crate::media::add(
        &state.db,
        PhotoOwner::Actor,
        a.id.get(),
        bytes,
        alt,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await
}

/// Removes a photo of this profile (its editors); 404 when it is not one of its photos.
pub async fn delete(state: &AppState, who: &Principal, a: &Actor, photo_id: i64) -> AppResult<()> {
    if !service::may_edit(state, Some(who), a).await? {
        return Err(AppError::NotFound);
    }
    if crate::media::delete(&state.db, PhotoOwner::Actor, a.id.get(), photo_id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
