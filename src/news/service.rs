//! News use cases: who writes in a scope (network animators for their network, place managers
//! for their place, a project's holders for their project, instance admins), who reads a post
//! (everyone once it is published and due, and its scope is seen; its writers always), and the
//! writes shared by the pages and the API, each checking its rights itself.

use super::model::{
    self, ConsentSource, CreateList, ListScope, NewsList, NewsPost, NewsStatus, Scope,
    Subscription, SubscriptionStatus,
};
use super::repo::{self, Fields, Filter};
use crate::auth::policy::{authorize, may_see_scope, Action, Target};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{NetworkId, NewsId, NewsListId, PlaceId, ProjectId};
use crate::state::AppState;

/// The policy target of a scope; `None` for a scope that does not exist.
pub async fn scope_target(state: &AppState, scope: Scope) -> AppResult<Option<Target>> {
    Ok(match scope {
        Scope::Network(n) => crate::tenancy::repo::network_by_id(&state.db, n)
            .await?
            .map(|_| crate::tenancy::service::network_target(n)),
        Scope::Place(p) => match crate::tenancy::repo::place_by_id(&state.db, p).await? {
            Some(_) => Some(crate::tenancy::service::place_target(state, p).await?),
            None => None,
        },
        Scope::Project(id) => crate::tenancy::service::project_scope(state, id.get())
            .await?
            .map(|p| p.target),
    })
}

/// May `who` write posts in the scope whose target is `t`?
pub fn may_write_in(who: Option<&Principal>, scope: Scope, t: &Target) -> bool {
    let action = match scope {
        Scope::Network(_) => Action::ManageNetwork,
        Scope::Place(_) => Action::ManagePlace,
        Scope::Project(_) => Action::ManageProject,
    };
    authorize(who, action, t).is_ok()
}

/// May `who` write posts in `scope`? (False for a scope that does not exist.)
pub async fn may_write(state: &AppState, who: Option<&Principal>, scope: Scope) -> AppResult<bool> {
    Ok(scope_target(state, scope)
        .await?
        .is_some_and(|t| may_write_in(who, scope, &t)))
}

/// May `who` read this post now? Its writers always; others once it is published and due,
/// and only if they see its scope (a private project's posts stay with the project).
pub async fn may_read(state: &AppState, who: Option<&Principal>, p: &NewsPost) -> AppResult<bool> {
    let scope = p.scope();
    let Some(t) = scope_target(state, scope).await? else {
        return Ok(false);
    };
    Ok(may_write_in(who, scope, &t)
        || (p.is_public_at(state.clock.now_ms()) && may_see_scope(who, &t)))
}

/// The post `id` if `who` may read it; 404 otherwise (a draft does not exist for others).
pub async fn readable(
    state: &AppState,
    who: Option<&Principal>,
    id: NewsId,
) -> AppResult<NewsPost> {
    let p = repo::by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_read(state, who, &p).await? {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

/// The post with this slug if `who` may read it; 404 otherwise.
pub async fn readable_by_slug(
    state: &AppState,
    who: Option<&Principal>,
    slug: &str,
) -> AppResult<NewsPost> {
    let p = repo::by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_read(state, who, &p).await? {
        return Err(AppError::NotFound);
    }
    Ok(p)
}

/// The post `id` if `who` may write in its scope: 404 when they may not even read it, 403 when
/// they read it but may not change it.
pub async fn writable(state: &AppState, who: &Principal, id: NewsId) -> AppResult<NewsPost> {
    let p = readable(state, Some(who), id).await?;
    if !may_write(state, Some(who), p.scope()).await? {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

/// One page of the posts of `scope` (every scope when `None`) that `who` may read, newest
/// first, with their number. A scope's writers also see its drafts and scheduled posts; the
/// posts of a private project are listed on that project's page only, for those who see it.
pub async fn list(
    state: &AppState,
    who: Option<&Principal>,
    scope: Option<Scope>,
    tag: Option<&str>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<NewsPost>, i64)> {
    let (unpublished, public_projects_only) = match scope {
        Some(s) => {
            let Some(t) = scope_target(state, s).await? else {
                return Ok((Vec::new(), 0));
            };
            if !may_see_scope(who, &t) {
                return Ok((Vec::new(), 0));
            }
            (may_write_in(who, s, &t), false)
        }
        None => (false, true),
    };
    let f = Filter {
        scope,
        unpublished,
        public_projects_only,
        tag,
        now: state.clock.now_ms(),
    };
    repo::page(&state.db, &f, limit, offset).await
}

/// The published posts of a scope for everyone (its feed): never its drafts, whoever asks.
pub async fn published(
    state: &AppState,
    scope: Option<Scope>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<NewsPost>, i64)> {
    list(state, None, scope, None, limit, offset).await
}

/// The latest published posts of a network or a place (their pages show three).
pub async fn latest(state: &AppState, scope: Scope) -> AppResult<Vec<NewsPost>> {
    let f = Filter {
        scope: Some(scope),
        unpublished: false,
        public_projects_only: false,
        tag: None,
        now: state.clock.now_ms(),
    };
    Ok(repo::page(&state.db, &f, model::LATEST_SHOWN, 0).await?.0)
}

/// A post as a page or the API sends it, read at the edge: `publish_at` is already an
/// instant (`None`: now), and what went wrong reading it is in `errors`.
pub struct PostInput<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub tags: Vec<&'a str>,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub project_id: Option<ProjectId>,
    pub publish_at: Option<i64>,
    pub status: Option<NewsStatus>,
    pub errors: FieldErrors,
}

/// The scope named by the input, once `who` may write in it: 422 without exactly one scope,
/// 404 for a scope they do not see (unknown, a private project), 403 otherwise.
async fn writable_scope(
    state: &AppState,
    who: &Principal,
    b: &PostInput<'_>,
    errors: &FieldErrors,
) -> AppResult<Scope> {
    let Some(scope) = Scope::one(b.network_id, b.place_id, b.project_id) else {
        let mut errors = errors.clone();
        errors.add("network_id", "news-scope-one");
        return Err(AppError::Invalid(errors));
    };
    let Some(t) = scope_target(state, scope).await? else {
        return Err(AppError::NotFound);
    };
    if !may_write_in(Some(who), scope, &t) {
        return Err(if may_see_scope(Some(who), &t) {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    Ok(scope)
}

/// The checked fields of a post: title and slug, sanitized body, tags, status, instant.
fn checked(
    state: &AppState,
    b: &PostInput<'_>,
    errors: &mut FieldErrors,
) -> Option<(String, String, String, String, NewsStatus, i64)> {
    let title = model::parse_title(b.title, errors);
    let body = crate::form::parse::parse_rich(b.body, "body", errors);
    if body.trim().is_empty() && !errors.has("body") {
        errors.add("body", "field-required");
    }
    let tags = model::parse_tags(b.tags.iter().copied());
    let status = b.status.unwrap_or(NewsStatus::Published);
    let publish_at = b.publish_at.unwrap_or_else(|| state.clock.now_ms());
    let (title, slug) = title?;
    Some((title, slug, body, tags, status, publish_at))
}

/// Writes a new post (the scope's writers and instance admins).
pub async fn create(state: &AppState, who: &Principal, b: PostInput<'_>) -> AppResult<NewsPost> {
    let mut errors = b.errors.clone();
    let fields = checked(state, &b, &mut errors);
    let scope = writable_scope(state, who, &b, &errors).await?;
    errors.clone().into_result()?;
    let (title, slug, body, tags, status, publish_at) = fields.ok_or(AppError::Invalid(errors))?;
    let f = Fields {
        title: &title,
        slug: &slug,
        body: &body,
        tags: &tags,
        status,
        publish_at,
    };
    let id = repo::insert(&state.db, scope, &f, who.user.id, state.clock.now_ms()).await?;
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Rewrites a post: `who` must write in its scope now, and in the scope it moves to if the
/// input names another one.
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: NewsId,
    b: PostInput<'_>,
) -> AppResult<NewsPost> {
    let current = writable(state, who, id).await?;
    let mut errors = b.errors.clone();
    let fields = checked(state, &b, &mut errors);
    let scope = writable_scope(state, who, &b, &errors).await?;
    errors.clone().into_result()?;
    let (title, _, body, tags, status, publish_at) = fields.ok_or(AppError::Invalid(errors))?;
    let f = Fields {
        title: &title,
        slug: &current.slug,
        body: &body,
        tags: &tags,
        status,
        publish_at,
    };
    repo::update(&state.db, id, scope, &f, state.clock.now_ms()).await?;
    repo::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Deletes a post (the writers of its scope), and its image.
pub async fn delete(state: &AppState, who: &Principal, id: NewsId) -> AppResult<()> {
    writable(state, who, id).await?;
    for old in crate::media::of(&state.db, IMAGE_KIND, id.get()).await? {
        crate::media::delete(&state.db, IMAGE_KIND, id.get(), old.id).await?;
    }
    repo::delete(&state.db, id).await
}

/// The owner kind of news images in `photos`.
pub const IMAGE_KIND: crate::media::PhotoOwner = crate::media::PhotoOwner::News;

/// The post's image (the latest stored; replacing deletes the others).
pub async fn image_of(state: &AppState, id: NewsId) -> AppResult<Option<crate::media::Photo>> {
    Ok(crate::media::of(&state.db, IMAGE_KIND, id.get())
        .await?
        .into_iter()
        .last())
}

/// The images of several posts, in one statement (none for an empty list).
pub async fn images_of(
    state: &AppState,
    posts: &[NewsPost],
) -> AppResult<std::collections::HashMap<NewsId, crate::media::Photo>> {
    let ids: Vec<i64> = posts.iter().map(|p| p.id.get()).collect();
    Ok(crate::media::of_many(&state.db, IMAGE_KIND, &ids)
        .await?
        .into_iter()
        .filter_map(|(id, photos)| Some((NewsId(id), photos.into_iter().last()?)))
        .collect())
}

/// Sets or replaces the image of a post (the writers of its scope): checked, resized and
/// re-encoded by `media` (JPEG without metadata); its text alternative is required.
pub async fn set_image(
    state: &AppState,
    who: &Principal,
    id: NewsId,
    bytes: Option<&[u8]>,
    alt: &str,
) -> AppResult<crate::media::Photo> {
    writable(state, who, id).await?;
    let before = crate::media::of(&state.db, IMAGE_KIND, id.get()).await?;
    let photo = crate::media::add(
        &state.db,
        IMAGE_KIND,
        id.get(),
        bytes,
        alt,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    for old in before {
        crate::media::delete(&state.db, IMAGE_KIND, id.get(), old.id).await?;
    }
    Ok(photo)
}

/// Removes the image of a post (the writers of its scope); false when it had none.
pub async fn delete_image(state: &AppState, who: &Principal, id: NewsId) -> AppResult<bool> {
    writable(state, who, id).await?;
    let mut any = false;
    for old in crate::media::of(&state.db, IMAGE_KIND, id.get()).await? {
        any |= crate::media::delete(&state.db, IMAGE_KIND, id.get(), old.id).await?;
    }
    Ok(any)
}

// ---- lists and consent (point 2) ----

/// May `who` create and run the lists of a network (its animators) or a place (its managers
/// and its networks' animators)?
async fn may_run_lists(
    state: &AppState,
    who: &Principal,
    scope: ListScope,
) -> AppResult<Option<bool>> {
    let scope = scope.scope();
    Ok(scope_target(state, scope)
        .await?
        .map(|t| may_write_in(Some(who), scope, &t)))
}

/// The name of a network or a place (for the consent text and emails).
async fn list_owner_name(state: &AppState, scope: ListScope) -> AppResult<String> {
    Ok(match scope {
        ListScope::Network(id) => crate::tenancy::repo::network_by_id(&state.db, id)
            .await?
            .map(|n| n.name),
        ListScope::Place(id) => crate::tenancy::repo::place_by_id(&state.db, id)
            .await?
            .map(|p| p.name),
    }
    .unwrap_or_default())
}

/// Creates a list of a network or a place (those who write its news).
pub async fn create_list(state: &AppState, who: &Principal, b: &CreateList) -> AppResult<NewsList> {
    let mut errors = FieldErrors::default();
    let name = model::parse_list_name(&b.name, &mut errors);
    let scope = match (b.network_id, b.place_id) {
        (Some(n), None) => Some(ListScope::Network(n)),
        (None, Some(p)) => Some(ListScope::Place(p)),
        _ => {
            errors.add("network_id", "news-list-scope-one");
            None
        }
    };
    let consent = b.consent_text.as_deref().map(str::trim).unwrap_or("");
    if consent.chars().count() > 2000 {
        errors.add("consent_text", "field-too-long");
    }
    let scope = scope.ok_or_else(|| AppError::Invalid(errors.clone()))?;
    match may_run_lists(state, who, scope).await? {
        None => return Err(AppError::NotFound),
        Some(false) => return Err(AppError::Forbidden),
        Some(true) => {}
    }
    errors.clone().into_result()?;
    let name = name.ok_or(AppError::Invalid(errors))?;
    let consent = if consent.is_empty() {
        model::default_consent(&name, &list_owner_name(state, scope).await?)
    } else {
        consent.to_string()
    };
    repo::insert_list(
        &state.db,
        scope,
        &name,
        &consent,
        who.user.id,
        state.clock.now_ms(),
    )
    .await
}

pub async fn news_list(state: &AppState, id: NewsListId) -> AppResult<NewsList> {
    repo::list_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The lists of a network or a place (the subscribe form of its news page).
pub async fn lists_of(state: &AppState, scope: Scope) -> AppResult<Vec<NewsList>> {
    let scope = match scope {
        Scope::Network(n) => ListScope::Network(n),
        Scope::Place(p) => ListScope::Place(p),
        Scope::Project(_) => return Ok(Vec::new()),
    };
    repo::lists_of(&state.db, scope).await
}

/// The signature of a subscriber's page link.
async fn subscriber_signature(state: &AppState, email: &str) -> AppResult<String> {
    let key = repo::instance_secret(&state.db, "news_subscribers", state.clock.now_ms()).await?;
    Ok(model::hmac_hex(
        key.as_bytes(),
        model::subscriber_message(email).as_bytes(),
    ))
}

/// The key that signs subscribers' links, read once for a batch of emails (the signature of
/// an address is `model::hmac_hex(key, model::subscriber_message(email))`).
pub async fn subscriber_key(state: &AppState) -> AppResult<String> {
    repo::instance_secret(&state.db, "news_subscribers", state.clock.now_ms()).await
}

/// The address of a subscriber's page (absolute): their lists, signed, no login needed.
pub async fn manage_url(state: &AppState, email: &str) -> AppResult<String> {
    let sig = subscriber_signature(state, email).await?;
    let query = serde_urlencoded::to_string([("email", email), ("sig", sig.as_str())])
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(format!(
        "{}/abonnements?{query}",
        state.config.base_url.trim_end_matches('/')
    ))
}

/// Is `sig` the signature of `email`'s page?
pub async fn check_subscriber(state: &AppState, email: &str, sig: &str) -> AppResult<bool> {
    let expected = subscriber_signature(state, email).await?;
    Ok(model::same_signature(&expected, sig))
}

/// Asks to subscribe `email` to a list: the same answer whatever the address's state (so the
/// answer tells nothing about who is subscribed). A new or left address gets a pending
/// subscription and one confirmation email (the link is valid 7 days, its token stored
/// hashed); a pending one asked again gets a fresh link, at most once every 10 minutes; a
/// confirmed one gets nothing. The consent asked (instant, source, text shown) is stored.
pub async fn subscribe(
    state: &AppState,
    list_id: NewsListId,
    email: &str,
    source: ConsentSource,
) -> AppResult<()> {
    let l = news_list(state, list_id).await?;
    let email = crate::accounts::model::normalize_email(email)
        .map_err(|key| AppError::Invalid(FieldErrors::one("email", key)))?;
    repo::purge_expired(&state.db, state.clock.now_ms()).await?;
    ask(state, &l, &email, source, &l.consent_text, None).await?;
    Ok(())
}

/// Asks `email` (normalized) to confirm a subscription to `l`, unless it is confirmed or was
/// asked minutes ago; true when an email was sent.
async fn ask(
    state: &AppState,
    l: &NewsList,
    email: &str,
    source: ConsentSource,
    consent_text: &str,
    imported_by: Option<crate::ids::UserId>,
) -> AppResult<bool> {
    let now = state.clock.now_ms();
    if let Some(s) = repo::subscription(&state.db, l.id, email).await? {
        let recent = now - s.requested_at < model::RESEND_AFTER_MS;
        match s.status {
            SubscriptionStatus::Confirmed => return Ok(false),
            SubscriptionStatus::Pending if recent => return Ok(false),
            // Someone who left a list is not asked again by an import.
            SubscriptionStatus::Unsubscribed if source == ConsentSource::Import => {
                return Ok(false)
            }
            _ => {}
        }
    }
    let token = crate::auth::secret::random_token();
    let written = repo::upsert_pending(
        &state.db,
        &repo::Pending {
            list: l.id,
            email,
            token_hash: &crate::auth::secret::hash_token(&token),
            source,
            consent_text,
            now,
            expires_at: now + model::CONFIRM_TTL_MS,
            imported_by,
        },
    )
    .await?;
    if !written {
        return Ok(false);
    }
    let base = state.config.base_url.trim_end_matches('/');
    let owner = list_owner_name(state, l.scope()).await?;
    let text = format!(
        "Bonjour,\n\n\
         Quelqu'un (vous, sans doute) a demandé à recevoir « {name} » de {owner} à cette adresse.\n\n\
         Pour confirmer, ouvrez ce lien (valable 7 jours) :\n{base}/abonnements/confirmer/{token}\n\n\
         Vous acceptez ainsi ce texte :\n« {consent} »\n\n\
         Sans confirmation, rien ne vous sera envoyé et votre adresse sera oubliée dans 7 jours.\n\n\
         Voir et quitter vos listes à tout moment :\n{manage}\n",
        name = l.name,
        consent = l.consent_text,
        manage = manage_url(state, email).await?,
    );
    crate::mail::enqueue(
        &state.db,
        now,
        &crate::mail::Email {
            to: email.to_string(),
            subject: format!("Confirmez votre inscription à « {} »", l.name),
            text,
            attachments: Vec::new(),
        },
    )
    .await?;
    Ok(true)
}

/// Imports addresses into a list (its writers), with the basis of their consent stated. With
/// `certify_prior_consent`, they are subscribed at once, no email sent, and the certification
/// (who, when, on what basis) is stored as their consent; otherwise each one is asked to
/// confirm like any subscriber, and receives nothing else until then.
pub async fn import_subscribers(
    state: &AppState,
    who: &Principal,
    list_id: NewsListId,
    b: &model::ImportSubscribers,
) -> AppResult<model::ImportReport> {
    let l = news_list(state, list_id).await?;
    match may_run_lists(state, who, l.scope()).await? {
        Some(true) => {}
        _ => return Err(AppError::Forbidden),
    }
    let basis = b.consent_basis.trim();
    let mut errors = FieldErrors::default();
    if basis.is_empty() {
        errors.add("consent_basis", "field-required");
    } else if basis.chars().count() > 1000 || basis.chars().any(|c| c.is_control()) {
        errors.add("consent_basis", "field-too-long");
    }
    let lines: Vec<&str> = b.csv.lines().collect();
    if lines.len() > model::IMPORT_MAX_LINES {
        errors.add("csv", "news-import-too-long");
    }
    errors.into_result()?;
    let now = state.clock.now_ms();
    repo::purge_expired(&state.db, now).await?;
    let consent = if b.certify_prior_consent {
        format!(
            "{}\n\nImport : {basis}. Consentement préalable certifié par {} (compte n° {}) le {}.",
            l.consent_text,
            who.user.display_name,
            who.user.id,
            crate::clock::paris_display(now)
        )
    } else {
        format!("{}\n\nImport : {basis}.", l.consent_text)
    };
    let mut report = model::ImportReport::default();
    for (i, line) in lines.iter().enumerate() {
        let cell = line
            .split([',', ';', '\t'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if cell.is_empty() {
            continue;
        }
        let Ok(email) = crate::accounts::model::normalize_email(cell) else {
            // A header line is not an error.
            if i > 0 {
                report.invalid_lines.push(i as i64 + 1);
            }
            continue;
        };
        let done = if b.certify_prior_consent {
            repo::insert_certified(&state.db, l.id, &email, &consent, who.user.id, now).await?
        } else {
            ask(
                state,
                &l,
                &email,
                ConsentSource::Import,
                &consent,
                Some(who.user.id),
            )
            .await?
        };
        match (done, b.certify_prior_consent) {
            (true, true) => report.subscribed += 1,
            (true, false) => report.asked += 1,
            (false, _) => report.unchanged += 1,
        }
    }
    Ok(report)
}

/// Confirms a subscription by the token of its email; 404 for an unknown, used or expired
/// token.
pub async fn confirm(state: &AppState, token: &str) -> AppResult<Subscription> {
    repo::confirm(
        &state.db,
        &crate::auth::secret::hash_token(token.trim()),
        state.clock.now_ms(),
    )
    .await?
    .ok_or(AppError::NotFound)
}

/// The subscriptions of an address, for its signed page (403 for a wrong signature).
pub async fn subscriptions_of(
    state: &AppState,
    email: &str,
    sig: &str,
) -> AppResult<Vec<Subscription>> {
    if !check_subscriber(state, email, sig).await? {
        return Err(AppError::Forbidden);
    }
    repo::subscriptions_of(&state.db, email).await
}

/// Leaves a list from the signed page, at once (403 for a wrong signature).
pub async fn unsubscribe(
    state: &AppState,
    email: &str,
    sig: &str,
    list_id: NewsListId,
) -> AppResult<bool> {
    if !check_subscriber(state, email, sig).await? {
        return Err(AppError::Forbidden);
    }
    repo::unsubscribe(&state.db, list_id, email, state.clock.now_ms()).await
}
