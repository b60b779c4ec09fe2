//! Organizers: creating an event, editing it, its image.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::form::{
    event_form, form_input, image_errors, location_choices, organizer_places, read_event_form,
    spaces_for, EventForm, SpaceGroup,
};
use super::shared::{organizer_event, organizer_place_named, organizers_of};
use crate::auth::Ctx;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::events::model::{Event, EventKind, LocationKind};
use crate::events::service;
use crate::form::Form;
use crate::ids::{EventId, PlaceId};
use crate::state::AppState;
use crate::tenancy::repo as tenancy;
use crate::web::{redirect_flash, render, render_status, Chrome};

#[derive(Template)]
#[template(path = "events/form.html")]
struct FormTpl {
    c: Chrome,
    organizers: Vec<(String, String)>,
    /// More places than listed: the form shows the "another place" field.
    more_places: bool,
    selected: String,
    f: EventForm,
    kinds: Vec<&'static str>,
    location_kinds: Vec<&'static str>,
    errors: FieldErrors,
    action: String,
    editing: bool,
    /// The places that may host it: `(value, label)`.
    location_places: Vec<(String, String)>,
    /// The spaces the event may take place in, by place.
    spaces: Vec<SpaceGroup>,
    /// The event's image (editing).
    image: Option<crate::media::Photo>,
    /// The event (editing).
    event_id: Option<EventId>,
    /// The slot of its space already taken, in words (« … pris par l'événement … »).
    taken: String,
}

#[derive(Deserialize, Default)]
pub(super) struct NewQuery {
    #[serde(default)]
    lieu: Option<i64>,
    #[serde(default)]
    reseau: Option<i64>,
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let organizers = organizers_of(&state, &ctx, q.lieu.map(PlaceId)).await?;
    if organizers.is_empty() {
        return Err(AppError::Forbidden);
    }
    let selected = match (q.lieu, q.reseau) {
        (Some(p), _) => format!("lieu-{p}"),
        (None, Some(n)) => format!("reseau-{n}"),
        _ => String::new(),
    };
    render(&FormTpl {
        c: Chrome::new(&ctx, &headers, "event-new-title"),
        spaces: spaces_for(&state, &organizer_places(&organizers.choices)).await?,
        location_places: location_choices(&organizers.choices),
        more_places: organizers.more,
        organizers: organizers.choices,
        selected,
        f: EventForm {
            kind: "atelier".into(),
            location_kind: "place".into(),
            status: "published".into(),
            ..Default::default()
        },
        kinds: EventKind::TEXTS.to_vec(),
        location_kinds: LocationKind::TEXTS.to_vec(),
        errors: FieldErrors::default(),
        action: "/evenements".into(),
        editing: false,
        image: None,
        event_id: None,
        taken: String::new(),
    })
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    req: axum::extract::Request,
) -> AppResult<Response> {
    let (mut f, upload) = read_event_form(req).await?;
    let p = ctx.require_user()?;
    let mut errors = FieldErrors::default();
    // A place named in the "another place" field is the organizer.
    if !f.organizer_place.trim().is_empty() {
        match organizer_place_named(&state, &ctx, &f.organizer_place).await? {
            Ok(id) => f.organizer = format!("lieu-{id}"),
            Err(key) => errors.add("organizer_place", key),
        }
    }
    let chosen = f
        .organizer
        .strip_prefix("lieu-")
        .and_then(|id| id.parse().ok());
    let organizers = organizers_of(&state, &ctx, chosen).await?;
    // An image sent with the form is checked before the event is created (decoded on a
    // blocking thread, see `media::process_bounded`).
    let image_refused = match upload.as_ref().and_then(|u| u.file.as_ref()) {
        Some((_, bytes)) => crate::media::process_bounded(bytes.clone()).await.err(),
        None => None,
    };
    let image = upload.as_ref().and_then(|u| {
        if u.too_large {
            errors.add("image", "photo-error-too-large");
            return None;
        }
        let (_, bytes) = u.file.as_ref()?;
        if let Some(key) = image_refused {
            errors.add("image", key);
        }
        if f.image_alt.trim().is_empty() {
            errors.add("image_alt", "photo-error-alt-required");
        } else if f.image_alt.trim().chars().count() > 300 {
            errors.add("image_alt", "photo-error-alt-too-long");
        }
        Some(bytes.as_slice())
    });
    let input = form_input(&f, &mut errors);
    let parsed = input.parse(&mut errors);
    let mut taken = String::new();
    if let (Some(new), true) = (parsed, errors.is_empty()) {
        match service::create_event(&state, p, new).await {
            Ok(ev) => {
                if let Some(bytes) = image {
                    service::set_image(&state, &ev, Some(bytes), &f.image_alt, Some(p.user.id))
                        .await?;
                }
                return Ok(redirect_flash(
                    &format!("/evenements/{}", ev.id),
                    "flash-event-created",
                ));
            }
            Err(AppError::Invalid(e)) => errors = e,
            Err(AppError::Taken(t)) => {
                errors.add("space_id", "error-space-taken");
                taken = t.message(ctx.lang);
            }
            Err(AppError::NotFound) => errors.add("organizer", "event-error-organizer"),
            Err(e) => return Err(e),
        }
    }
    if errors.has("organizer") && organizers.is_empty() {
        return Err(AppError::Forbidden);
    }
    render_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        &FormTpl {
            c: Chrome::new(&ctx, &headers, "event-new-title"),
            spaces: spaces_for(&state, &organizer_places(&organizers.choices)).await?,
            location_places: location_choices(&organizers.choices),
            more_places: organizers.more,
            organizers: organizers.choices,
            selected: f.organizer.clone(),
            f,
            kinds: EventKind::TEXTS.to_vec(),
            location_kinds: LocationKind::TEXTS.to_vec(),
            errors,
            action: "/evenements".into(),
            editing: false,
            image: None,
            event_id: None,
            taken,
        },
    )
}

/// The edit page of an event (its form, its image).
async fn edit_view(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    ev: &Event,
    f: EventForm,
    errors: FieldErrors,
    taken: String,
) -> AppResult<Response> {
    let mut c = Chrome::new(ctx, headers, "event-edit-title");
    c.title = format!("{} — {}", ctx.lang.t("event-edit-title"), ev.title);
    // The places this person organizes for, and the event's own.
    let organizers = organizers_of(state, ctx, ev.place_id).await?;
    let mut location_places = location_choices(&organizers.choices);
    let mut places = organizer_places(&organizers.choices);
    for p in ev.place_id.into_iter().chain(ev.location_place_id) {
        if !places.contains(&p) {
            places.push(p);
            if let Some(pl) = tenancy::place_by_id(&state.db, p).await? {
                location_places.push((p.to_string(), pl.name));
            }
        }
    }
    // The organizing place first: its rooms are the likely ones.
    if let Some(own) = ev.place_id {
        places.sort_by_key(|p| *p != own);
    }
    render_status(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        &FormTpl {
            c,
            organizers: Vec::new(),
            more_places: false,
            selected: String::new(),
            f,
            kinds: EventKind::TEXTS.to_vec(),
            location_kinds: LocationKind::TEXTS.to_vec(),
            errors,
            action: format!("/evenements/{}/modifier", ev.id),
            editing: true,
            spaces: spaces_for(state, &places).await?,
            location_places,
            image: service::image_of(state, ev.id).await?,
            event_id: Some(ev.id),
            taken,
        },
    )
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    edit_view(
        &state,
        &ctx,
        &headers,
        &ev,
        event_form(&ev),
        FieldErrors::default(),
        String::new(),
    )
    .await
}

pub(super) async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
    Form(mut f): Form<EventForm>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    // The organizer does not change here.
    f.organizer = event_form(&ev).organizer;
    let mut errors = FieldErrors::default();
    let input = form_input(&f, &mut errors);
    let parsed = input.parse(&mut errors);
    let mut taken = String::new();
    if let (Some(new), true) = (parsed, errors.is_empty()) {
        let who = ctx.require_user()?;
        match service::update_event(&state, who, &ev, new).await {
            Ok(_) => return Ok(redirect_flash(&format!("/evenements/{id}"), "flash-saved")),
            Err(AppError::Invalid(e)) => errors = e,
            Err(AppError::Taken(t)) => {
                errors.add("space_id", "error-space-taken");
                taken = t.message(ctx.lang);
            }
            Err(e) => return Err(e),
        }
    }
    edit_view(&state, &ctx, &headers, &ev, f, errors, taken).await
}

/// Sets or replaces the image (organizers): multipart `file` + `alt`.
pub(super) async fn image_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<EventId>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    let up = crate::form::read_upload(mp).await?;
    let result = if up.too_large {
        let mut e = FieldErrors::default();
        e.add("file", "photo-error-too-large");
        Err(AppError::Invalid(e))
    } else {
        service::set_image(
            &state,
            &ev,
            up.file.as_ref().map(|(_, b)| b.as_slice()),
            up.get("alt"),
            ctx.user.as_ref().map(|p| p.user.id),
        )
        .await
    };
    match result {
        Ok(_) => Ok(redirect_flash(
            &format!("/evenements/{id}/modifier#image"),
            "flash-event-image-saved",
        )),
        Err(AppError::Invalid(e)) => {
            edit_view(
                &state,
                &ctx,
                &headers,
                &ev,
                event_form(&ev),
                image_errors(e),
                String::new(),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn image_delete(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<EventId>,
) -> AppResult<Response> {
    let ev = organizer_event(&state, &ctx, id).await?;
    service::delete_image(&state, &ev).await?;
    Ok(redirect_flash(
        &format!("/evenements/{id}/modifier#image"),
        "flash-event-image-deleted",
    ))
}
