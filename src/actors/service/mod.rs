//! Use cases of the actors: who may create, edit and delete a profile (the same rules on
//! create and on edit, every attachment checked), saving, the showcase's lists and what a
//! reader sees of a profile.
//!
//! Rules: an organisation's profile is created and edited by the managers of its places, the
//! animators (admins) of its network and the instance admins; a person's profile (opt-in) is
//! their own, one per account, attached only where they belong (member, manager, animator).
//! Attaching to a place or a network is checked for every place or network added, on create
//! and on edit: a manager of another place cannot attach an actor to a place they do not
//! manage.

use std::collections::HashMap;

use super::model::{
    validate, Actor, ActorInput, ActorKind, Category, Claim, FieldVisibility, Offer, RawActor,
    Reader, Skill, SkillUse, CLAIM_MESSAGE_MAX,
};
use super::repo::{self, Filters, Links};
use crate::auth::policy::{authorize, Action};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{ActorId, NetworkId, PlaceId};
use crate::state::AppState;
use crate::tenancy::service::{network_target, place_target};

mod guide;
pub use guide::{guide, Guide, GuideScope, GUIDE_CAP};

/// Actors a showcase page lists.
pub const PER_PAGE: i64 = 24;
/// The "open now" filter reads at most this many actors' hours (a place's or a network's).
pub const OPEN_NOW_CAP: i64 = 5_000;

pub async fn categories(state: &AppState) -> AppResult<Vec<Category>> {
    repo::categories(&state.db).await
}

/// The actions `who` needs to attach an actor of `kind` to a place and to a network: to manage
/// them for an organisation, to belong to them for one's own person profile.
fn attach_actions(kind: ActorKind) -> (Action, Action) {
    match kind {
        ActorKind::Organization => (Action::ManagePlace, Action::ManageNetwork),
        ActorKind::Person => (Action::ReadMembersArea, Action::ReadMembersArea),
    }
}

/// Checks every place and network added (not in `before`): unknown ones are field errors, the
/// ones `who` may not attach to answer 404 (as any object of another tenant).
async fn check_attachments(
    state: &AppState,
    who: &Principal,
    kind: ActorKind,
    places: &[PlaceId],
    network: Option<NetworkId>,
    before: (&[PlaceId], Option<NetworkId>),
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if places.len() > super::model::MAX_ITEMS {
        // Refused before any is looked up.
        errors.add("place_ids", "actors-too-many");
        return Ok(());
    }
    let (on_place, on_network) = attach_actions(kind);
    for p in places.iter().filter(|p| !before.0.contains(p)) {
        if crate::tenancy::repo::place_by_id(&state.db, *p)
            .await?
            .is_none()
        {
            errors.add("place_ids", "actors-place-unknown");
            continue;
        }
        // A network's animator attaches to its places as their managers do.
        authorize(Some(who), on_place, &place_target(state, *p).await?)?;
    }
    if let Some(n) = network.filter(|n| before.1 != Some(*n)) {
        if crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .is_none()
        {
            errors.add("network_id", "actors-network-unknown");
        } else {
            authorize(Some(who), on_network, &network_target(n))?;
        }
    }
    Ok(())
}

/// The places an actor is attached to.
pub async fn place_ids(state: &AppState, id: ActorId) -> AppResult<Vec<PlaceId>> {
    Ok(repo::places_of(&state.db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default()
        .into_iter()
        .map(|(p, _, _)| p)
        .collect())
}

/// May `who` edit this actor? The instance admins; the person of a person's profile; for an
/// organisation, the managers of one of its places and the animators of its network.
pub async fn may_edit(state: &AppState, who: Option<&Principal>, a: &Actor) -> AppResult<bool> {
    let Some(p) = who else { return Ok(false) };
    if p.is_instance_admin() {
        return Ok(true);
    }
    if a.kind == ActorKind::Person {
        return Ok(a.user_id == Some(p.user.id));
    }
    if repo::managers_of(&state.db, a.id)
        .await?
        .contains(&p.user.id)
    {
        return Ok(true);
    }
    manages_attachment(state, p, a).await
}

/// Does `p` manage one of the actor's places, or animate its network? They moderate the
/// profile, its claims and the conversations about it.
pub async fn manages_attachment(state: &AppState, p: &Principal, a: &Actor) -> AppResult<bool> {
    if let Some(n) = a.network_id {
        if authorize(Some(p), Action::ManageNetwork, &network_target(n)).is_ok() {
            return Ok(true);
        }
    }
    for pl in place_ids(state, a.id).await? {
        if authorize(
            Some(p),
            Action::ManagePlace,
            &place_target(state, pl).await?,
        )
        .is_ok()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What `who` sees of this actor's contacts.
pub async fn reader_of(state: &AppState, who: Option<&Principal>, a: &Actor) -> AppResult<Reader> {
    let Some(p) = who else {
        return Ok(Reader::Public);
    };
    if may_edit(state, who, a).await? {
        return Ok(Reader::Editor);
    }
    if let Some(n) = a.network_id {
        if authorize(Some(p), Action::ReadMembersArea, &network_target(n)).is_ok() {
            return Ok(Reader::Member);
        }
    }
    for pl in place_ids(state, a.id).await? {
        let t = place_target(state, pl).await?;
        if authorize(Some(p), Action::ReadMembersArea, &t).is_ok() {
            return Ok(Reader::Member);
        }
    }
    Ok(Reader::Public)
}

fn links<'a>(
    input: &'a ActorInput,
    categories: &[Category],
    who: &Principal,
    now: i64,
) -> Links<'a> {
    Links {
        input,
        city_key: crate::text::fold_words(&input.city),
        user_id: None,
        by: Some(who.user.id),
        now,
        subtype_label: crate::i18n::Lang::Fr.t(&input.subtype.label_key()),
        category_names: repo::names_of(categories, &input.category_ids),
    }
}

/// A new profile: an organisation attached where `who` manages, or `who`'s own person profile.
pub async fn create(
    state: &AppState,
    who: &Principal,
    raw: &RawActor,
) -> AppResult<(ActorId, String)> {
    let kind = raw.kind.trim().parse().unwrap_or(ActorKind::Organization);
    let mut errors = FieldErrors::default();
    let places = raw.places();
    check_attachments(
        state,
        who,
        kind,
        &places,
        raw.network_id,
        (&[], None),
        &mut errors,
    )
    .await?;
    if kind == ActorKind::Person && repo::of_user(&state.db, who.user.id).await?.is_some() {
        return Err(AppError::Conflict("actor_profile_exists"));
    }
    let categories = repo::categories(&state.db).await?;
    let input = validate(raw, &categories, &mut errors);
    if input.kind == ActorKind::Organization
        && input.place_ids.is_empty()
        && input.network_id.is_none()
    {
        errors.add("place_ids", "actors-attach-one");
    }
    errors.into_result()?;
    let mut l = links(&input, &categories, who, state.clock.now_ms());
    if input.kind == ActorKind::Person {
        l.user_id = Some(who.user.id);
    }
    repo::insert(&state.db, l).await
}

/// Rewrites a profile (its kind stays): the editors of [`may_edit`], every place or network
/// added checked as on creation.
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: ActorId,
    raw: &RawActor,
) -> AppResult<String> {
    let a = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_edit(state, Some(who), &a).await? {
        return Err(AppError::NotFound);
    }
    let before = place_ids(state, id).await?;
    let mut errors = FieldErrors::default();
    let places = raw.places();
    check_attachments(
        state,
        who,
        a.kind,
        &places,
        raw.network_id,
        (&before, a.network_id),
        &mut errors,
    )
    .await?;
    let categories = repo::categories(&state.db).await?;
    let mut raw = raw.clone();
    raw.kind = a.kind.to_string();
    let input = validate(&raw, &categories, &mut errors);
    if input.kind == ActorKind::Organization
        && input.place_ids.is_empty()
        && input.network_id.is_none()
    {
        errors.add("place_ids", "actors-attach-one");
    }
    errors.into_result()?;
    let l = links(&input, &categories, who, state.clock.now_ms());
    repo::update(&state.db, id, l).await
}

/// Removes a profile: its editors, and for a person's profile also the managers of its places
/// and the animators of its network (moderation).
pub async fn delete(state: &AppState, who: &Principal, id: ActorId) -> AppResult<()> {
    let a = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = may_edit(state, Some(who), &a).await?
        || (a.kind == ActorKind::Person && manages_attachment(state, who, &a).await?);
    if !allowed {
        return Err(AppError::NotFound);
    }
    repo::delete(&state.db, id).await
}

pub async fn by_id(state: &AppState, id: ActorId) -> AppResult<Option<Actor>> {
    repo::by_id(&state.db, id).await
}

pub async fn by_slug(state: &AppState, slug: &str) -> AppResult<Option<Actor>> {
    repo::by_slug(&state.db, slug).await
}

/// The profile of this account, if they made one.
pub async fn of_user(state: &AppState, who: &Principal) -> AppResult<Option<Actor>> {
    repo::of_user(&state.db, who.user.id).await
}

/// An actor with what the showcase and the API show with it.
#[derive(Debug, Clone)]
pub struct Card {
    pub actor: Actor,
    pub categories: Vec<Category>,
    pub skills: Vec<Skill>,
    pub offers: Vec<Offer>,
    pub places: Vec<(PlaceId, String, String)>,
    /// Open now, when it publishes hours.
    pub open_now: Option<bool>,
    /// Kilometres from the point asked, when both are known.
    pub distance_km: Option<f64>,
}

/// The links of these actors, read in four statements whatever their number.
pub async fn cards(
    state: &AppState,
    rows: Vec<Actor>,
    from: Option<(f64, f64)>,
) -> AppResult<Vec<Card>> {
    let ids: Vec<ActorId> = rows.iter().map(|a| a.id).collect();
    let mut cats = repo::categories_of(&state.db, &ids).await?;
    let mut skills = repo::skills_of(&state.db, &ids).await?;
    let mut offers = repo::offers_of(&state.db, &ids).await?;
    let mut places: HashMap<ActorId, Vec<(PlaceId, String, String)>> =
        repo::places_of(&state.db, &ids).await?;
    let now = state.clock.now();
    Ok(rows
        .into_iter()
        .map(|a| {
            let open_now = (!a.opening_hours.is_empty())
                .then(|| crate::hours::OpeningHours::parse(&a.opening_hours).ok())
                .flatten()
                .map(|h| h.is_open(now));
            let distance_km = match (from, a.latitude, a.longitude) {
                (Some(f), Some(la), Some(lo))
                    if a.address_visibility == FieldVisibility::Public =>
                {
                    Some(super::model::distance_km(f, (la, lo)))
                }
                _ => None,
            };
            Card {
                categories: cats.remove(&a.id).unwrap_or_default(),
                skills: skills.remove(&a.id).unwrap_or_default(),
                offers: offers.remove(&a.id).unwrap_or_default(),
                places: places.remove(&a.id).unwrap_or_default(),
                open_now,
                distance_km,
                actor: a,
            }
        })
        .collect())
}

/// One page of the actors matching `f` (and open now, if asked) and how many match.
pub async fn search(
    state: &AppState,
    f: &Filters,
    open_now: bool,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Card>, i64)> {
    let from = f.near.map(|(la, lo, _)| (la, lo));
    if !open_now {
        let (rows, total) = repo::page(&state.db, f, limit, offset).await?;
        return Ok((cards(state, rows, from).await?, total));
    }
    let now = state.clock.now();
    let open: Vec<ActorId> = repo::with_hours(&state.db, f, OPEN_NOW_CAP)
        .await?
        .into_iter()
        .filter(|(_, h)| {
            crate::hours::OpeningHours::parse(h)
                .map(|h| h.is_open(now))
                .unwrap_or(false)
        })
        .map(|(id, _)| id)
        .collect();
    let total = open.len() as i64;
    let window: Vec<ActorId> = open
        .into_iter()
        .skip(offset.max(0) as usize)
        .take(limit.max(0) as usize)
        .collect();
    let rows = repo::by_ids(&state.db, &window).await?;
    Ok((cards(state, rows, from).await?, total))
}

/// The whole profile as its editor types it back (the `PATCH` base and the edit form).
pub fn raw_of(card: &Card) -> RawActor {
    let a = &card.actor;
    RawActor {
        name: a.name.clone(),
        kind: a.kind.to_string(),
        subtype: a.subtype.to_string(),
        categories: card.categories.iter().map(|c| c.slug.clone()).collect(),
        skills: card.skills.iter().map(|s| s.name.clone()).collect(),
        offers: card
            .offers
            .iter()
            .map(|o| super::model::RawOffer {
                title: o.title.clone(),
                description: o.description.clone(),
                price_cents: o.price_cents,
            })
            .collect(),
        languages: a.language_list(),
        address: a.address.clone(),
        postal_code: a.postal_code.clone(),
        city: a.city.clone(),
        latitude: a
            .latitude
            .map(|v| v.to_string())
            .unwrap_or_default()
            .as_str()
            .into(),
        longitude: a
            .longitude
            .map(|v| v.to_string())
            .unwrap_or_default()
            .as_str()
            .into(),
        description: a.description.clone(),
        opening_hours: a.opening_hours.clone(),
        siret: a.siret.clone(),
        email: a.email.clone(),
        phone: a.phone.clone(),
        website: a.website.clone(),
        links: a.link_list(),
        place_ids: card.places.iter().map(|(p, _, _)| *p).collect(),
        place_id: None,
        network_id: a.network_id,
        visibility: String::new(),
        email_visibility: a.email_visibility.to_string(),
        phone_visibility: a.phone_visibility.to_string(),
        address_visibility: a.address_visibility.to_string(),
        service_communes: a
            .service_communes
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        service_radius_km: a.service_radius_km,
    }
}

/// One actor with its links.
pub async fn card(state: &AppState, a: Actor) -> AppResult<Card> {
    cards(state, vec![a], None)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// The guide's coworkings are looked for within this distance of a place.
pub const GUIDE_RADIUS_KM: f64 = 30.0;
/// Where an import attaches its actors: a place or a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportScope {
    Place(PlaceId),
    Network(NetworkId),
}

impl ImportScope {
    /// The prefix of the import sources of this scope (`lieu-1`, `reseau-2`): a file imported
    /// into one place never updates the actors another place imported from a file of the
    /// same name.
    pub fn key(self) -> String {
        match self {
            ImportScope::Place(p) => format!("lieu-{p}"),
            ImportScope::Network(n) => format!("reseau-{n}"),
        }
    }
}

/// May `who` import actors into this scope: the managers of the place, the animators of the
/// network (and of a network of the place), the instance admins; 404 otherwise. The command
/// line (no one) may.
pub async fn authorize_import(
    state: &AppState,
    who: Option<&Principal>,
    scope: ImportScope,
) -> AppResult<()> {
    let Some(p) = who else { return Ok(()) };
    match scope {
        ImportScope::Place(id) => authorize(
            Some(p),
            Action::ManagePlace,
            &place_target(state, id).await?,
        ),
        ImportScope::Network(n) => authorize(Some(p), Action::ManageNetwork, &network_target(n)),
    }
}

fn import_links<'a>(
    input: &'a ActorInput,
    categories: &[Category],
    by: Option<crate::ids::UserId>,
    now: i64,
) -> Links<'a> {
    Links {
        input,
        city_key: crate::text::fold_words(&input.city),
        user_id: None,
        by,
        now,
        subtype_label: crate::i18n::Lang::Fr.t(&input.subtype.label_key()),
        category_names: repo::names_of(categories, &input.category_ids),
    }
}

/// What an import did with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created(ActorId),
    Updated(ActorId),
    /// The row is the one the actor was last imported from: left as it is.
    Unchanged(ActorId),
}

/// Writes an imported row, validated by [`validate`] as the form and the API are (the bad
/// values already left out and reported): a new actor, or the one this source and row
/// identifier wrote before (still attached to its other places).
pub async fn save_imported(
    state: &AppState,
    by: Option<crate::ids::UserId>,
    input: &ActorInput,
    categories: &[Category],
    (source, source_id): (&str, &str),
) -> AppResult<Imported> {
    use sha2::Digest;
    let fingerprint = format!("{:x}", sha2::Sha256::digest(format!("{input:?}")));
    let key = (source, source_id, fingerprint.as_str());
    let now = state.clock.now_ms();
    match repo::by_import_key(&state.db, source, source_id).await? {
        None => {
            let (id, _) = repo::insert(&state.db, import_links(input, categories, by, now)).await?;
            repo::set_import_key(&state.db, id, key).await?;
            Ok(Imported::Created(id))
        }
        Some((id, before)) if before == fingerprint => Ok(Imported::Unchanged(id)),
        Some((id, _)) => {
            let a = repo::by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut merged = input.clone();
            for p in place_ids(state, id).await? {
                if !merged.place_ids.contains(&p) {
                    merged.place_ids.push(p);
                }
            }
            if merged.network_id.is_none() {
                merged.network_id = a.network_id;
            }
            repo::update(&state.db, id, import_links(&merged, categories, by, now)).await?;
            repo::set_import_key(&state.db, id, key).await?;
            Ok(Imported::Updated(id))
        }
    }
}

/// The canonical skills of `(as typed, folded)` skills (from [`super::model::parse_skills`]),
/// once each, in their order: synonyms folded onto their skill, new words added to the
/// vocabulary. The posts ("annonces") use the profiles' vocabulary through this.
pub async fn resolve_skills(
    state: &AppState,
    skills: &[(String, String)],
) -> AppResult<Vec<Skill>> {
    repo::resolve_skills(&state.db, skills, state.clock.now_ms()).await
}

/// The names of these skills and of their synonyms, for a search text.
pub async fn skill_words(state: &AppState, ids: &[i64]) -> AppResult<Vec<String>> {
    repo::skill_words(&state.db, ids).await
}

/// The canonical skill a folded word names (itself, or the skill it is a synonym of).
pub async fn canonical_skill(state: &AppState, word: &str) -> AppResult<Option<Skill>> {
    let folded = crate::text::fold_words(word);
    let found = repo::resolve_known(&state.db, &folded).await?;
    Ok(found)
}

/// The actor profiles holding one of these skills or categories, with their links (in a
/// fixed number of statements), most recently updated first, at most `limit`: the actors a
/// post's matching ranks.
pub async fn with_any(
    state: &AppState,
    skill_ids: &[i64],
    category_ids: &[i64],
    limit: i64,
) -> AppResult<Vec<Card>> {
    let rows = repo::with_any(&state.db, skill_ids, category_ids, limit).await?;
    cards(state, rows, None).await
}

// --- Claims: the people who run an organisation take its profile in hand -------------------

/// The accounts that receive the messages sent to this profile: the person of a person's
/// profile, the accounts that run an organisation's (none until one is claimed).
pub async fn contact_accounts(state: &AppState, a: &Actor) -> AppResult<Vec<crate::ids::UserId>> {
    Ok(match a.kind {
        ActorKind::Person => a.user_id.into_iter().collect(),
        ActorKind::Organization => repo::managers_of(&state.db, a.id).await?,
    })
}

/// The organisations' profiles this person runs.
pub async fn managed_by(state: &AppState, who: &Principal) -> AppResult<Vec<Actor>> {
    repo::managed_by(&state.db, who.user.id).await
}

/// `who` asks to run this organisation's profile; the managers of its places and the animators
/// of its network decide.
pub async fn claim(state: &AppState, who: &Principal, a: &Actor, message: &str) -> AppResult<()> {
    if a.kind != ActorKind::Organization {
        return Err(AppError::NotFound);
    }
    if repo::managers_of(&state.db, a.id)
        .await?
        .contains(&who.user.id)
    {
        return Err(AppError::Conflict("actor_already_managed"));
    }
    let message = message.trim();
    if message.chars().count() > CLAIM_MESSAGE_MAX {
        let mut e = FieldErrors::default();
        e.add("message", "actors-claim-too-long");
        return Err(AppError::Invalid(e));
    }
    let now = state.clock.now_ms();
    if !repo::insert_claim(&state.db, a.id, who.user.id, message, now).await? {
        return Err(AppError::Conflict("actor_claim_pending"));
    }
    Ok(())
}

/// The claims `who` decides (the oldest 50) and how many wait; 404 for someone who moderates
/// nothing.
pub async fn claims_queue(state: &AppState, who: &Principal) -> AppResult<(Vec<Claim>, i64)> {
    let everything = who.is_instance_admin();
    let (places, networks) = (who.managed_places(), who.admin_networks());
    if !everything && places.is_empty() && networks.is_empty() {
        return Err(AppError::NotFound);
    }
    repo::pending_claims(&state.db, everything, &places, &networks, 50).await
}

/// Accepts or refuses a claim: the moderators of its profile (404 for others); 409 when it was
/// decided meanwhile.
pub async fn decide_claim(
    state: &AppState,
    who: &Principal,
    id: i64,
    accept: bool,
) -> AppResult<Claim> {
    let c = repo::claim(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let a = repo::by_id(&state.db, c.actor_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !(who.is_instance_admin() || manages_attachment(state, who, &a).await?) {
        return Err(AppError::NotFound);
    }
    if !repo::decide_claim(&state.db, id, accept, who.user.id, state.clock.now_ms()).await? {
        return Err(AppError::Conflict("already_moderated"));
    }
    Ok(c)
}

/// `who` stops running this profile.
pub async fn leave(state: &AppState, who: &Principal, a: &Actor) -> AppResult<()> {
    if !repo::managers_of(&state.db, a.id)
        .await?
        .contains(&who.user.id)
    {
        return Err(AppError::NotFound);
    }
    repo::remove_manager(&state.db, a.id, who.user.id).await
}

/// This person's claims (their personal-data export).
pub async fn claims_of_user(state: &AppState, user: crate::ids::UserId) -> AppResult<Vec<Claim>> {
    repo::claims_of_user(&state.db, user).await
}

// --- The skills vocabulary, curated by the animators -----------------------------------------

/// Skills a page of the vocabulary lists.
pub const SKILLS_PER_PAGE: i64 = 50;

/// The instance admins and the networks' animators curate the shared vocabulary (404 others).
fn may_curate(who: &Principal) -> AppResult<()> {
    if who.is_instance_admin() || !who.admin_networks().is_empty() {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// One page of the canonical skills, most used first, and how many match `q`.
pub async fn skills_page(
    state: &AppState,
    who: &Principal,
    q: &str,
    page: i64,
) -> AppResult<(Vec<SkillUse>, i64)> {
    may_curate(who)?;
    let words: Vec<String> = crate::text::fold_words(q)
        .split_whitespace()
        .take(5)
        .map(str::to_string)
        .collect();
    let offset = (page.max(1) - 1) * SKILLS_PER_PAGE;
    repo::skills_page(&state.db, &words, SKILLS_PER_PAGE, offset).await
}

/// Merges skill `from` (a free tag, or a duplicate) into skill `into`: `from` becomes its
/// synonym and every profile tagged `from` is tagged `into`. Returns `into` and how many
/// profiles were retagged.
pub async fn merge_skill(
    state: &AppState,
    who: &Principal,
    from: i64,
    into: i64,
) -> AppResult<(Skill, u64)> {
    may_curate(who)?;
    let mut errors = FieldErrors::default();
    let from_c = repo::canonical_of(&state.db, from).await?;
    let into_c = repo::canonical_of(&state.db, into).await?;
    if from_c.is_none() {
        errors.add("from", "actors-skill-unknown");
    }
    if into_c.is_none() {
        errors.add("into", "actors-skill-unknown");
    }
    if from_c.is_some() && from_c == into_c {
        errors.add("into", "actors-skill-same");
    }
    errors.into_result()?;
    let (Some(_), Some(target)) = (from_c, into_c) else {
        return Err(AppError::NotFound);
    };
    let skill = repo::skill(&state.db, target)
        .await?
        .ok_or(AppError::NotFound)?;
    // A synonym merged names its own text only: its canonical skill stays as it is.
    let n = repo::merge_skill(&state.db, from, target, &skill.folded).await?;
    Ok((skill, n))
}

/// What the actors hold about a person, for their data export: their own profile (every
/// field, as they type it), the organisations' profiles they run and their claims.
pub fn personal_data(
    state: &AppState,
    user: crate::ids::UserId,
) -> futures_util::future::BoxFuture<'_, AppResult<serde_json::Value>> {
    Box::pin(async move {
        let profile = match repo::of_user(&state.db, user).await? {
            Some(a) => {
                let c = card(state, a).await?;
                Some(serde_json::json!({
                    "slug": c.actor.slug,
                    "profile": raw_of(&c),
                    "created_at": crate::clock::rfc3339(c.actor.created_at),
                }))
            }
            None => None,
        };
        let runs: Vec<String> = repo::managed_by(&state.db, user)
            .await?
            .into_iter()
            .map(|a| a.slug)
            .collect();
        let claims = repo::claims_of_user(&state.db, user).await?;
        Ok(serde_json::json!({
            "person_profile": profile,
            "organisations_run": runs,
            "claims": claims.iter().map(|c| serde_json::json!({
                "actor": c.actor_slug, "message": c.message, "status": c.status,
                "at": crate::clock::rfc3339(c.created_at),
            })).collect::<Vec<_>>(),
        }))
    })
}
