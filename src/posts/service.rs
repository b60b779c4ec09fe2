//! Use cases of the posts ("annonces"): who writes (a member of the board's place or network:
//! its members, managers, animators), who edits, renews and archives (the author; instance
//! admins), who moderates (the place's managers and its networks' animators, the network's
//! animators: hide, restore, delete), reports ("signaler", once per person, told to the
//! moderators), the checked writes shared by the pages and the API (every rule of a creation
//! is a rule of an edit), the boards' lists, and the matching with its notifications.

use std::collections::HashMap;

use super::model::{
    self, Board, Names, Post, PostKind, PostSkill, PostStatus, ReportReason, Scored, Side,
};
use super::repo::{self, Fields, Filter, Report};
use crate::actors::model::{ActorKind, FieldVisibility};
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::ids::{ActorId, NetworkId, PlaceId, PostId};
use crate::notifications::Kind;
use crate::state::AppState;

/// Candidates read for a matching, of each family (posts, profiles).
const CANDIDATES_MAX: i64 = 200;

/// Today in Paris, `YYYY-MM-DD`.
pub fn today(state: &AppState) -> String {
    today_date(state).format("%Y-%m-%d").to_string()
}

fn today_date(state: &AppState) -> chrono::NaiveDate {
    crate::clock::paris_date(state.clock.now_ms())
}

/// The policy target of a board; `None` for one that does not exist.
pub async fn board_target(state: &AppState, b: Board) -> AppResult<Option<Target>> {
    Ok(match b {
        Board::Network(n) => crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .map(|_| crate::tenancy::service::network_target(n)),
        Board::Place(p) => match crate::tenancy::repo::place_by_id(&state.db, p).await? {
            Some(_) => Some(crate::tenancy::service::place_target(state, p).await?),
            None => None,
        },
    })
}

fn moderates_in(who: Option<&Principal>, b: Board, t: &Target) -> bool {
    let action = match b {
        Board::Network(_) => Action::ManageNetwork,
        Board::Place(_) => Action::ManagePlace,
    };
    authorize(who, action, t).is_ok()
}

/// May `who` post on this board? Its members, managers and animators (false for a board that
/// does not exist).
pub async fn may_post(state: &AppState, who: Option<&Principal>, b: Board) -> AppResult<bool> {
    Ok(board_target(state, b)
        .await?
        .is_some_and(|t| authorize(who, Action::ReadMembersArea, &t).is_ok()))
}

/// May `who` moderate the posts of this board?
pub async fn may_moderate_board(
    state: &AppState,
    who: Option<&Principal>,
    b: Board,
) -> AppResult<bool> {
    Ok(board_target(state, b)
        .await?
        .is_some_and(|t| moderates_in(who, b, &t)))
}

pub async fn may_moderate(state: &AppState, who: Option<&Principal>, p: &Post) -> AppResult<bool> {
    may_moderate_board(state, who, p.board()).await
}

/// Is `who` its author (or an instance admin)?
pub fn is_author(who: Option<&Principal>, p: &Post) -> bool {
    who.is_some_and(|w| w.user.id == p.author_id || w.is_instance_admin())
}

/// The post `id` as `who` may see it: a listed post for everyone; a hidden, archived or
/// expired one for its author and its moderators only (404 for others).
pub async fn visible(state: &AppState, who: Option<&Principal>, id: PostId) -> AppResult<Post> {
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if p.listed(&today(state)) || is_author(who, &p) || may_moderate(state, who, &p).await? {
        Ok(p)
    } else {
        Err(AppError::NotFound)
    }
}

/// The post `id` if `who` wrote it (or is an instance admin): 404 otherwise.
pub async fn writable(state: &AppState, who: &Principal, id: PostId) -> AppResult<Post> {
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_author(Some(who), &p) {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

/// A post with its skills, as lists show it.
#[derive(Debug, Clone)]
pub struct Card {
    pub post: Post,
    pub skills: Vec<PostSkill>,
}

async fn cards(state: &AppState, rows: Vec<Post>) -> AppResult<Vec<Card>> {
    let ids: Vec<PostId> = rows.iter().map(|p| p.id).collect();
    let mut skills = repo::skills_of(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|post| Card {
            skills: skills.remove(&post.id).unwrap_or_default(),
            post,
        })
        .collect())
}

/// One page of the listed posts matching `f`, newest first, with their skills, and how many
/// match: three statements whatever the number of posts.
pub async fn list(
    state: &AppState,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Card>, i64)> {
    let (rows, total) = repo::page(&state.db, f, limit, offset).await?;
    Ok((cards(state, rows).await?, total))
}

/// One post with its skills.
pub async fn card(state: &AppState, p: Post) -> AppResult<Card> {
    cards(state, vec![p]).await?.pop().ok_or(AppError::NotFound)
}

/// `who`'s own posts, whatever their status ("mes annonces").
pub async fn mine(state: &AppState, who: &Principal) -> AppResult<Vec<Card>> {
    let rows = repo::of_author(&state.db, who.user.id, 200).await?;
    cards(state, rows).await
}

/// A post as a page or the API sends it, read at the edge (what could not be read is
/// already in `errors`).
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub kind: Option<PostKind>,
    pub title: String,
    pub body: String,
    /// A category slug or name; empty: none.
    pub category: String,
    pub skills: Vec<String>,
    pub wanted_skills: Vec<String>,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub actor_id: Option<ActorId>,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `YYYY-MM-DD`; empty: 30 days from today.
    pub expires_on: String,
    pub errors: FieldErrors,
}

/// The board named by the draft, once `who` may post on it: 422 without exactly one board,
/// 404 for an unknown one or one `who` does not belong to.
async fn postable_board(
    state: &AppState,
    who: &Principal,
    d: &Draft,
    errors: &FieldErrors,
) -> AppResult<Board> {
    let Some(b) = Board::one(d.network_id, d.place_id) else {
        let mut errors = errors.clone();
        errors.add("place_id", "posts-error-board");
        return Err(AppError::Invalid(errors));
    };
    if !may_post(state, Some(who), b).await? {
        return Err(AppError::NotFound);
    }
    Ok(b)
}

/// Every rule of a post's fields, the same at creation, at every edit and in the API. A rule
/// about a value checked at creation (the expiry within its bounds, the actor profile one may
/// post for) is checked again when that value changes (`before` is the post being edited).
async fn checked(
    state: &AppState,
    who: &Principal,
    board: Board,
    d: &Draft,
    before: Option<&Post>,
) -> AppResult<Fields> {
    let mut errors = d.errors.clone();
    if d.kind.is_none() && !errors.has("type") {
        errors.add("type", "field-required");
    }
    let title = model::parse_title(&d.title, &mut errors);
    let body = model::parse_body(&d.body, &mut errors);
    let categories = crate::actors::service::categories(state).await?;
    let category = match d.category.trim() {
        "" => None,
        c => match crate::actors::model::find_category(c, &categories) {
            Some(id) => Some(id),
            None => {
                errors.add("category", "actors-category-unknown");
                None
            }
        },
    };
    let skills = crate::actors::model::parse_skills(&d.skills, "skills", &mut errors);
    let wanted = crate::actors::model::parse_skills(&d.wanted_skills, "wanted_skills", &mut errors);
    match d.kind {
        Some(PostKind::Exchange) => {
            if skills.is_empty() && !errors.has("skills") {
                errors.add("skills", "posts-error-exchange-gives");
            }
            if wanted.is_empty() && !errors.has("wanted_skills") {
                errors.add("wanted_skills", "posts-error-exchange-seeks");
            }
        }
        Some(_) if !wanted.is_empty() => errors.add("wanted_skills", "posts-error-wanted-only"),
        _ => {}
    }
    let city = model::parse_city(&d.city, &mut errors);
    let point = model::parse_point(d.latitude, d.longitude, &mut errors);
    let expires_on = match before {
        Some(p) if d.expires_on.trim() == p.expires_on => Some(p.expires_on.clone()),
        _ => model::parse_expires(&d.expires_on, today_date(state), &mut errors),
    };
    if let Some(a) = d.actor_id {
        let changed = before.is_none_or(|p| p.actor_id != Some(a));
        if changed {
            let ok = match crate::actors::service::by_id(state, a).await? {
                Some(actor) => crate::actors::service::may_edit(state, Some(who), &actor).await?,
                None => false,
            };
            if !ok {
                errors.add("actor_id", "posts-error-actor");
            }
        }
    }
    errors.clone().into_result()?;
    let (Some(kind), Some(expires_on)) = (d.kind, expires_on) else {
        return Err(AppError::Invalid(errors));
    };
    let given = crate::actors::service::resolve_skills(state, &skills).await?;
    let sought = crate::actors::service::resolve_skills(state, &wanted).await?;
    let mut pairs: Vec<(i64, bool)> = given.iter().map(|s| (s.id, false)).collect();
    pairs.extend(sought.iter().map(|s| (s.id, true)));
    let ids: Vec<i64> = pairs.iter().map(|(id, _)| *id).collect();
    let words = crate::actors::service::skill_words(state, &ids).await?;
    let category_name = category
        .and_then(|c| categories.iter().find(|x| x.id == c))
        .map(|c| c.name.clone())
        .unwrap_or_default();
    let point = match (point, board) {
        (Some(p), _) => Some(p),
        (None, Board::Place(pl)) => repo::place_point(&state.db, pl).await?,
        (None, Board::Network(_)) => None,
    };
    Ok(Fields {
        search_text: model::search_text(&title, &body, &city, &category_name, &words),
        city_key: crate::text::fold_words(&city),
        kind,
        title,
        body,
        category_id: category,
        city,
        point,
        actor_id: d.actor_id,
        expires_on,
        skills: pairs,
    })
}

/// Writes a new post, published at once on a board `who` belongs to; the people it matches
/// are told (through the job queue).
pub async fn create(state: &AppState, who: &Principal, d: Draft) -> AppResult<Post> {
    let board = postable_board(state, who, &d, &d.errors).await?;
    let f = checked(state, who, board, &d, None).await?;
    let now = state.clock.now_ms();
    let id = repo::insert(&state.db, board, &f, who.user.id, now).await?;
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    notify_matches(state, &p).await?;
    Ok(p)
}

/// Rewrites a post (its board stays): its author; the fields are checked as at creation, and
/// the people it now matches are told.
pub async fn update(state: &AppState, who: &Principal, id: PostId, d: Draft) -> AppResult<Post> {
    let before = writable(state, who, id).await?;
    let f = checked(state, who, before.board(), &d, Some(&before)).await?;
    repo::update(&state.db, id, &f, state.clock.now_ms()).await?;
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    notify_matches(state, &p).await?;
    Ok(p)
}

/// Lists the post again for 30 days from today (its author), archived or expired as well.
pub async fn renew(state: &AppState, who: &Principal, id: PostId) -> AppResult<Post> {
    let p = writable(state, who, id).await?;
    if p.status == PostStatus::Hidden {
        return Err(AppError::Conflict("posts-error-hidden"));
    }
    let until = model::default_expiry(today_date(state));
    repo::renew(&state.db, id, &until, state.clock.now_ms()).await?;
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Takes the post off its board (its author); renewing lists it again.
pub async fn archive(state: &AppState, who: &Principal, id: PostId) -> AppResult<()> {
    let p = writable(state, who, id).await?;
    if p.status == PostStatus::Published {
        repo::set_status(&state.db, id, PostStatus::Archived, state.clock.now_ms()).await?;
    }
    Ok(())
}

/// Deletes the post: its author or its moderators (404 for others).
pub async fn delete(state: &AppState, who: &Principal, id: PostId) -> AppResult<()> {
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_author(Some(who), &p) && !may_moderate(state, Some(who), &p).await? {
        return Err(AppError::NotFound);
    }
    repo::delete(&state.db, id).await
}

/// Hides (`hide`) or restores a post: its moderators only (404 for others). Its open reports
/// are dealt with.
pub async fn moderate(
    state: &AppState,
    who: &Principal,
    id: PostId,
    hide: bool,
) -> AppResult<Post> {
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_moderate(state, Some(who), &p).await? {
        return Err(AppError::NotFound);
    }
    let status = if hide {
        PostStatus::Hidden
    } else {
        PostStatus::Published
    };
    repo::set_status(&state.db, id, status, state.clock.now_ms()).await?;
    repo::resolve_reports(&state.db, id).await?;
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Reports a post it sees ("signaler"): any signed-in person, once per post (422 on
/// `reason` the second time); its moderators are told.
pub async fn report(
    state: &AppState,
    who: &Principal,
    id: PostId,
    reason: Option<ReportReason>,
    comment: &str,
) -> AppResult<()> {
    let p = visible(state, Some(who), id).await?;
    let mut errors = FieldErrors::default();
    if reason.is_none() {
        errors.add("reason", "field-required");
    }
    let comment = model::parse_comment(comment, &mut errors);
    errors.clone().into_result()?;
    let reason = reason.ok_or(AppError::Invalid(errors.clone()))?;
    let now = state.clock.now_ms();
    if !repo::insert_report(&state.db, id, who.user.id, reason, &comment, now).await? {
        errors.add("reason", "posts-error-reported");
        return Err(AppError::Invalid(errors));
    }
    let base = state.config.base_url.trim_end_matches('/');
    for to in repo::moderator_emails(&state.db, p.board()).await? {
        crate::notifications::notify(
            &state.db,
            now,
            Kind::Matches,
            &crate::mail::Email {
                to,
                subject: format!("Annonce signalée : {}", p.title),
                text: format!(
                    "Bonjour,\n\nL'annonce « {} » ({}) a été signalée : {}.\n\nLisez-la et masquez-la au besoin :\n{base}{}\nToutes les annonces à modérer : {base}/annonces/moderation\n\n— Maillage\n",
                    p.title,
                    p.board_name,
                    Lang::Fr.t(&reason.label_key()),
                    p.path()
                ),
                attachments: Vec::new(),
            },
        )
        .await?;
    }
    Ok(())
}

/// The moderation queue `who` sees: the hidden and reported posts of the boards they
/// moderate, with their open reports.
pub async fn moderation_queue(
    state: &AppState,
    who: &Principal,
) -> AppResult<Vec<(Post, Vec<Report>)>> {
    let flagged = repo::flagged(&state.db, 200).await?;
    let places: Vec<PlaceId> = flagged.iter().filter_map(|p| p.place_id).collect();
    let targets = crate::tenancy::service::place_targets(state, &places).await?;
    let mine: Vec<Post> = flagged
        .into_iter()
        .filter(|p| match p.board() {
            Board::Place(pl) => targets
                .get(&pl)
                .is_some_and(|t| moderates_in(Some(who), p.board(), t)),
            Board::Network(n) => moderates_in(Some(who), p.board(), &Target::Network(n.get())),
        })
        .collect();
    let ids: Vec<PostId> = mine.iter().map(|p| p.id).collect();
    let mut reports: HashMap<PostId, Vec<Report>> = HashMap::new();
    for r in repo::open_reports(&state.db, &ids).await? {
        reports.entry(r.post_id).or_default().push(r);
    }
    Ok(mine
        .into_iter()
        .map(|p| {
            let r = reports.remove(&p.id).unwrap_or_default();
            (p, r)
        })
        .collect())
}

/// One match of a post: another post or an actor profile, scored.
#[derive(Debug, Clone)]
pub struct Match {
    pub post: Option<Post>,
    pub actor: Option<crate::actors::service::Card>,
    pub scored: Scored,
}

impl Match {
    pub fn title(&self) -> String {
        match (&self.post, &self.actor) {
            (Some(p), _) => p.title.clone(),
            (None, Some(a)) => a.actor.name.clone(),
            (None, None) => String::new(),
        }
    }

    pub fn path(&self) -> String {
        match (&self.post, &self.actor) {
            (Some(p), _) => p.path(),
            (None, Some(a)) => format!("/acteurs/{}", a.actor.slug),
            (None, None) => String::new(),
        }
    }

    pub fn reasons(&self, lang: Lang) -> Vec<String> {
        self.scored.reasons.iter().map(|r| r.text(lang)).collect()
    }
}

/// The matches of a post, best first, at most [`model::MATCHES_MAX`] (docs/annonces.md says
/// the score): the listed posts of the opposite kinds and, for a need or an exchange, the
/// actor profiles, that share a skill or its category. A fixed number of statements.
pub async fn matches(state: &AppState, card: &Card) -> AppResult<Vec<Match>> {
    let p = &card.post;
    let pairs: Vec<(i64, bool)> = card.skills.iter().map(|s| (s.skill_id, s.wanted)).collect();
    let source = Side::of_post(p.kind, &pairs, p.category_id, p.point(), p.updated_at);
    let skill_names: HashMap<i64, String> = card
        .skills
        .iter()
        .map(|s| (s.skill_id, s.name.clone()))
        .collect();
    let category_name = p.category_name.clone().unwrap_or_default();
    let skill_fn = |id: i64| skill_names.get(&id).cloned().unwrap_or_default();
    let category_fn = |_: i64| category_name.clone();
    let names = Names {
        skill: &skill_fn,
        category: &category_fn,
    };
    let now = state.clock.now_ms();
    let all_skills: Vec<i64> = pairs.iter().map(|(id, _)| *id).collect();
    let rows = repo::candidates(
        &state.db,
        &p.kind.opposites(),
        &all_skills,
        p.category_id,
        p.id,
        p.author_id,
        &today(state),
        CANDIDATES_MAX,
    )
    .await?;
    let mut found: Vec<((i64, i64, bool, i64), Match)> = Vec::new();
    for c in cards(state, rows).await? {
        let cp: Vec<(i64, bool)> = c.skills.iter().map(|s| (s.skill_id, s.wanted)).collect();
        let side = Side::of_post(
            c.post.kind,
            &cp,
            c.post.category_id,
            c.post.point(),
            c.post.updated_at,
        );
        if let Some(s) = model::score(p.kind, &source, &side, now, &names) {
            found.push((
                model::rank_key(&s, false, c.post.id.get()),
                Match {
                    post: Some(c.post),
                    actor: None,
                    scored: s,
                },
            ));
        }
    }
    if p.kind.seeks() {
        let cats: Vec<i64> = p.category_id.into_iter().collect();
        for a in
            crate::actors::service::with_any(state, &source.wanted, &cats, CANDIDATES_MAX).await?
        {
            if Some(a.actor.id) == p.actor_id || a.actor.user_id == Some(p.author_id) {
                continue;
            }
            let point = match (a.actor.latitude, a.actor.longitude) {
                (Some(la), Some(lo)) if a.actor.address_visibility == FieldVisibility::Public => {
                    Some((la, lo))
                }
                _ => None,
            };
            let side = Side {
                offered: a.skills.iter().map(|s| s.id).collect(),
                wanted: Vec::new(),
                categories: a.categories.iter().map(|c| c.id).collect(),
                point,
                updated_at: a.actor.updated_at,
            };
            if let Some(s) = model::score(p.kind, &source, &side, now, &names) {
                found.push((
                    model::rank_key(&s, true, a.actor.id.get()),
                    Match {
                        post: None,
                        actor: Some(a),
                        scored: s,
                    },
                ));
            }
        }
    }
    found.sort_by_key(|(key, _)| *key);
    Ok(found
        .into_iter()
        .take(model::MATCHES_MAX)
        .map(|(_, m)| m)
        .collect())
}

/// The matches of a post, for its author (and instance admins; 404 for others).
pub async fn matches_for(state: &AppState, who: &Principal, id: PostId) -> AppResult<Vec<Match>> {
    let p = writable(state, who, id).await?;
    let c = card(state, p).await?;
    matches(state, &c).await
}

/// Tells the people a published post matches, each once per post (a later edit tells only
/// the new ones): the authors of the matched posts and the accounts of matched person
/// profiles, through `notifications::notify` (their preference: at once, digest, never).
async fn notify_matches(state: &AppState, p: &Post) -> AppResult<()> {
    if !p.listed(&today(state)) {
        return Ok(());
    }
    let c = card(state, p.clone()).await?;
    let found = matches(state, &c).await?;
    let now = state.clock.now_ms();
    let base = state.config.base_url.trim_end_matches('/').to_string();
    for m in &found {
        let (target, user, theirs) = match (&m.post, &m.actor) {
            (Some(other), _) => (
                format!("post:{}", other.id),
                Some(other.author_id),
                format!("votre annonce « {} »", other.title),
            ),
            (None, Some(a)) if a.actor.kind == ActorKind::Person => (
                format!("actor:{}", a.actor.id),
                a.actor.user_id,
                format!("votre profil « {} »", a.actor.name),
            ),
            _ => continue,
        };
        let Some(user) = user.filter(|u| *u != p.author_id) else {
            continue;
        };
        if !repo::notice(&state.db, p.id, &target, now).await? {
            continue;
        }
        let Some(u) = crate::auth::identity::user_by_id(&state.db, user).await? else {
            continue;
        };
        let reasons = model::reasons_line(&m.scored.reasons, Lang::Fr);
        crate::notifications::notify(
            &state.db,
            now,
            Kind::Matches,
            &crate::mail::Email {
                to: u.email,
                subject: format!("Une annonce vous correspond : {}", p.title),
                text: format!(
                    "Bonjour,\n\nUne nouvelle annonce du tableau « {} » correspond à {theirs} : {reasons}.\n\n« {} »\n{base}{}\n\nRéglez ces courriels sur {base}/compte/notifications\n\n— Maillage\n",
                    p.board_name,
                    p.title,
                    p.path()
                ),
                attachments: Vec::new(),
            },
        )
        .await?;
    }
    Ok(())
}

/// What the posts hold about a person, for their data export: the posts they wrote (every
/// status) and the reports they made.
pub fn personal_data(
    state: &AppState,
    user: crate::ids::UserId,
) -> futures_util::future::BoxFuture<'_, AppResult<serde_json::Value>> {
    Box::pin(async move {
        let rfc = crate::clock::rfc3339;
        let posts = repo::of_author(&state.db, user, 10_000).await?;
        let reports = repo::reports_by(&state.db, user).await?;
        Ok(serde_json::json!({
            "posts": posts.iter().map(|p| serde_json::json!({
                "id": p.id, "type": p.kind.as_str(), "title": p.title, "body": p.body,
                "board": p.board_name, "city": p.city, "status": p.status.as_str(),
                "expires_on": p.expires_on, "created_at": rfc(p.created_at),
            })).collect::<Vec<_>>(),
            "reports": reports.iter().map(|(t, r, c, at)| serde_json::json!({
                "post": t, "reason": r, "comment": c, "at": rfc(*at),
            })).collect::<Vec<_>>(),
        }))
    })
}
