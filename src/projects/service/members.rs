//! Holders of a project. Adding a holder by email always emails an invitation with a
//! single-use link (stored hashed, expiring in 14 days, like the place managers' invitations),
//! whether or not an account has the address: the caller gets the same answer either way (no
//! account oracle), and nobody becomes a holder without accepting (by the link, or from their
//! account's invitations page, `/compte/invitations`). A holder can be removed, never the last
//! one. The holders' group follows the holders.

use crate::auth::{secret, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{ProjectId, UserId};
use crate::mail::Email;
use crate::projects::model::{Added, Project};
use crate::projects::repo::{self, Invitation, NewInvitation};
use crate::state::AppState;

pub use crate::projects::repo::PendingInvitation;

const INVITATION_MS: i64 = 14 * 86_400_000;

/// Emails an invitation to hold the project to this address (an account or not).
pub async fn add_by_email(
    state: &AppState,
    who: &Principal,
    p: &Project,
    raw_email: &str,
) -> AppResult<Added> {
    let email = crate::accounts::model::normalize_email(raw_email).map_err(|k| {
        let mut e = FieldErrors::default();
        e.add("email", k);
        AppError::Invalid(e)
    })?;
    let now = state.clock.now_ms();
    let account = crate::accounts::repo::user_by_email(&state.db, &email).await?;
    if let Some(user) = &account {
        // The caller reads the holders and their addresses: saying so teaches them nothing.
        if repo::members(&state.db, p.id)
            .await?
            .iter()
            .any(|m| m.0 == user.id)
        {
            return Ok(Added::AlreadyMember);
        }
    }
    let token = secret::random_token();
    let hash = secret::hash_token(&token);
    repo::insert_invitation(
        &state.db,
        NewInvitation {
            project_id: p.id,
            email: &email,
            token_hash: &hash,
            invited_by: who.user.id,
            now,
            expires_at: now + INVITATION_MS,
        },
    )
    .await?;
    let url = format!("{}/projets/invitation/{token}", state.config.base_url);
    let account_url = format!("{}/compte/invitations", state.config.base_url);
    // The person's own language when they have an account (only they read the message).
    let lang = account
        .as_ref()
        .and_then(|u| crate::i18n::Lang::parse(&u.locale))
        .unwrap_or(crate::i18n::Lang::Fr);
    crate::notifications::notify(
        &state.db,
        now,
        crate::notifications::Kind::Projects,
        &Email {
            to: email,
            subject: lang.ta("projects-mail-invitation-subject", &[("project", &p.name)]),
            text: lang.ta(
                "projects-mail-invitation-body",
                &[
                    ("inviter", &who.user.display_name),
                    ("project", &p.name),
                    ("link", &url),
                    ("account", &account_url),
                ],
            ) + "\n",
            attachments: vec![],
        },
    )
    .await?;
    Ok(Added::Invited)
}

/// The invitation of this token when it is still valid.
pub async fn peek_invitation(state: &AppState, token: &str) -> AppResult<Option<Invitation>> {
    let hash = secret::hash_token(token);
    repo::live_invitation(&state.db, &hash, state.clock.now_ms()).await
}

/// Accepts an invitation: the signed-in person must use the invited address; the link is used
/// once (a conditional update).
pub async fn accept(state: &AppState, who: &Principal, token: &str) -> AppResult<Project> {
    let inv = peek_invitation(state, token)
        .await?
        .ok_or(AppError::NotFound)?;
    if inv.email != who.user.email {
        return Err(AppError::Forbidden);
    }
    let hash = secret::hash_token(token);
    if !repo::use_invitation(&state.db, &hash, state.clock.now_ms()).await? {
        return Err(AppError::NotFound);
    }
    join(state, who, inv.project_id).await
}

/// The invitations addressed to the signed-in person, not answered and not expired (their
/// account's invitations page).
pub async fn pending_for(state: &AppState, who: &Principal) -> AppResult<Vec<PendingInvitation>> {
    repo::invitations_for_email(&state.db, &who.user.email, state.clock.now_ms()).await
}

/// Answers one of the signed-in person's invitations from their account: `accept` makes them a
/// holder (the project), otherwise the invitation is declined (used, no membership). 404 for
/// an invitation that is not theirs, already answered or expired.
pub async fn answer(
    state: &AppState,
    who: &Principal,
    invitation_id: i64,
    accept: bool,
) -> AppResult<Option<Project>> {
    let now = state.clock.now_ms();
    let Some(project_id) =
        repo::use_invitation_by_id(&state.db, invitation_id, &who.user.email, now).await?
    else {
        return Err(AppError::NotFound);
    };
    if accept {
        Ok(Some(join(state, who, project_id).await?))
    } else {
        Ok(None)
    }
}

/// Makes the person who accepted an invitation a holder (and a member of the holders' group).
async fn join(state: &AppState, who: &Principal, project_id: ProjectId) -> AppResult<Project> {
    let p = repo::project_by_id(&state.db, project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::add_member(
        &state.db,
        p.id,
        who.user.id,
        &who.user.display_name,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    sync_holders_group(state, p.id, who.user.id, true).await?;
    Ok(p)
}

/// Removes a holder; `Conflict` for the last one.
pub async fn remove(
    state: &AppState,
    who: &Principal,
    p: &Project,
    user_id: UserId,
) -> AppResult<()> {
    let members = repo::members(&state.db, p.id).await?;
    let Some(m) = members.iter().find(|m| m.0 == user_id) else {
        return Err(AppError::NotFound);
    };
    let removed = repo::remove_member(
        &state.db,
        p.id,
        user_id,
        &m.1,
        Some(who.user.id),
        state.clock.now_ms(),
    )
    .await?;
    if !removed {
        return Err(AppError::Conflict("last_member"));
    }
    sync_holders_group(state, p.id, user_id, false).await
}

/// Keeps the holders' group in step with the holders: a new holder joins it, a removed one
/// leaves it (the membership is ended, kept for history).
pub async fn sync_holders_group(
    state: &AppState,
    project_id: ProjectId,
    user_id: UserId,
    holder: bool,
) -> AppResult<()> {
    for g in crate::groups::service::groups_of_project(&state.db, project_id)
        .await?
        .into_iter()
        .filter(|g| g.kind == crate::groups::model::GroupKind::Holders)
    {
        if holder {
            crate::groups::service::ensure_member(
                state,
                g.id,
                user_id,
                crate::groups::model::GroupRole::Member,
            )
            .await?;
        } else {
            crate::groups::service::end_member(state, g.id, user_id).await?;
        }
    }
    Ok(())
}
