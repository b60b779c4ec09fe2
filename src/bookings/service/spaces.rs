//! Spaces as other areas and the administration read and change them: lookups, creation and
//! changes (their hours kept within their place's), archiving, photos, closures and the
//! people qualified for equipment.

use super::*;

// ---- what other areas read of bookings ----

/// A space (room, desk, equipment), active or not.
pub async fn space(db: &Db, id: SpaceId) -> AppResult<Option<Space>> {
    repo::space_by_id(db, id).await
}

/// Several spaces at once (lists), by id.
pub async fn spaces(db: &Db, ids: &[SpaceId]) -> AppResult<Vec<Space>> {
    repo::spaces_by_ids(db, ids).await
}

/// The active spaces of a place, rooms first.
pub async fn spaces_of_place(db: &Db, place_id: PlaceId) -> AppResult<Vec<Space>> {
    repo::spaces_of_place(db, place_id).await
}

pub async fn spaces_of_places(db: &Db, place_ids: &[PlaceId]) -> AppResult<Vec<Space>> {
    repo::spaces_of_places(db, place_ids).await
}

/// The active spaces of the places of `network` (a network's report).
pub async fn spaces_of_network(db: &Db, network: crate::ids::NetworkId) -> AppResult<Vec<Space>> {
    repo::spaces_of_network(db, network).await
}

/// The addresses of the managers of a place (who is told of requests).
pub async fn manager_emails(db: &Db, place_id: PlaceId) -> AppResult<Vec<String>> {
    repo::manager_emails(db, place_id).await
}

// ---- writes of the managers: spaces, their photos, closures and qualifications ----
//
// The one write path of the pages and the API: they parse and authorize (`ManagePlace` on the
// space's place), these apply the rules and the clock, then write.

/// Creates a space (or a machine) in a place.
/// Empty hours take the place's; hours beyond the place's are `Invalid` on `opening_hours`
/// (`booking-field-hours-beyond-place`) unless the manager said so.
pub async fn create_space(
    state: &AppState,
    place_id: PlaceId,
    draft: &crate::bookings::model::SpaceDraft,
) -> AppResult<Space> {
    let draft = fit_place_hours(state, place_id, draft).await?;
    repo::insert_space(&state.db, place_id, &draft, state.clock.now_ms()).await
}

/// Changes a space; `Conflict` when its capacity would fall below seats already booked; its
/// hours as at creation ([`create_space`]).
pub async fn update_space(
    state: &AppState,
    id: SpaceId,
    draft: &crate::bookings::model::SpaceDraft,
) -> AppResult<()> {
    let space = repo::space_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let draft = fit_place_hours(state, space.place_id, draft).await?;
    repo::update_space(&state.db, id, &draft, state.clock.now_ms()).await
}

async fn fit_place_hours(
    state: &AppState,
    place_id: PlaceId,
    draft: &crate::bookings::model::SpaceDraft,
) -> AppResult<crate::bookings::model::SpaceDraft> {
    let mut draft = draft.clone();
    hours_beyond_place(state, place_id, &mut draft.input)
        .await?
        .map_or(Ok(draft), |_| {
            Err(invalid("opening_hours", "booking-field-hours-beyond-place"))
        })
}

/// Where `input`'s hours exceed the place's over the reference fortnight (UTC ms intervals),
/// `None` when they fit (empty hours are given the place's here).
pub async fn hours_beyond_place(
    state: &AppState,
    place_id: PlaceId,
    input: &mut crate::bookings::model::SpaceInput,
) -> AppResult<Option<Vec<(i64, i64)>>> {
    let place_hours = repo::place_hours(&state.db, place_id).await?;
    let today = paris_date(state.clock.now_ms());
    Ok(crate::bookings::model::fit_place_hours(input, &place_hours, today).err())
}

/// Archives a space: it leaves the pages, its bookings stay.
pub async fn archive_space(state: &AppState, id: SpaceId) -> AppResult<()> {
    repo::archive_space(&state.db, id).await
}

/// Adds a photo to a space (`media` checks the image and its text alternative).
pub async fn add_photo(
    state: &AppState,
    space_id: SpaceId,
    bytes: Option<&[u8]>,
    alt: &str,
    by: Option<UserId>,
) -> AppResult<crate::media::Photo> {
    let now = state.clock.now_ms();
    crate::media::add(
        &state.db,
        crate::media::PhotoOwner::Space,
        space_id.get(),
        bytes,
        alt,
        by,
        now,
    )
    .await
}

/// Deletes a photo of a space; `NotFound` when it is not one of its photos.
pub async fn delete_photo(state: &AppState, space_id: SpaceId, photo_id: i64) -> AppResult<()> {
    if !crate::media::delete(
        &state.db,
        crate::media::PhotoOwner::Space,
        space_id.get(),
        photo_id,
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Closes a space from `from` to `to` (whole days, both included), with a reason of 200
/// characters at most; `Invalid` otherwise.
pub async fn add_closure(
    state: &AppState,
    space_id: SpaceId,
    from: NaiveDate,
    to: NaiveDate,
    reason: &str,
) -> AppResult<()> {
    if from > to || reason.chars().count() > 200 {
        return Err(invalid("starts_on", "booking-error-closure-form"));
    }
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    repo::add_closure(&state.db, space_id, &day(from), &day(to), reason.trim()).await
}

/// Reopens the days of a closure.
pub async fn delete_closure(state: &AppState, space_id: SpaceId, id: i64) -> AppResult<()> {
    repo::delete_closure(&state.db, space_id, id).await
}

/// Qualifies a person for a space that requires it (`by`: the manager).
pub async fn qualify(
    state: &AppState,
    space_id: SpaceId,
    user_id: UserId,
    by: UserId,
) -> AppResult<()> {
    repo::qualify(&state.db, space_id, user_id, by, state.clock.now_ms()).await
}

/// Qualifies the account that uses `email` for a space, if an account does (`by`: the
/// manager). `Ok(())` whether or not one does, so the page answers the same either way (no
/// account oracle: issue 14); `Invalid` on `email` only for a text that is no address at all.
pub async fn qualify_by_email(
    state: &AppState,
    space_id: SpaceId,
    email: &str,
    by: UserId,
) -> AppResult<()> {
    let email = crate::accounts::model::normalize_email(email).map_err(|k| invalid("email", k))?;
    if let Some(u) = accounts::user_by_email(&state.db, &email).await? {
        qualify(state, space_id, u.id, by).await?;
    }
    Ok(())
}

/// Withdraws a person's qualification for a space.
pub async fn unqualify(state: &AppState, space_id: SpaceId, user_id: UserId) -> AppResult<()> {
    repo::unqualify(&state.db, space_id, user_id).await
}
