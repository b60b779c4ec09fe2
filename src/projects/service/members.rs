//! Holders of a project. Adding a holder by email adds an existing account at once; any other
//! address gets an invitation email with a single-use link (stored hashed, expiring in 14
//! days, like the place managers' invitations). A holder can be removed, never the last one.
//! The holders' group follows the holders.

use crate::auth::{secret, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{ProjectId, UserId};
use crate::mail::Email;
use crate::projects::model::{Added, Project};
use crate::projects::repo::{self, Invitation, NewInvitation};
use crate::state::AppState;

const INVITATION_MS: i64 = 14 * 86_400_000;

/// Adds the account with this email, or emails an invitation to create one and join.
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
    if let Some(user) = crate::accounts::repo::user_by_email(&state.db, &email).await? {
        let added = repo::add_member(
            &state.db,
            p.id,
            user.id,
            &user.display_name,
            Some(who.user.id),
            now,
        )
        .await?;
        if added {
            sync_holders_group(state, p.id, user.id, true).await?;
        }
        return Ok(if added {
            Added::Added
        } else {
            Added::AlreadyMember
        });
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
    crate::mail::enqueue(
        &state.db,
        now,
        &Email {
            to: email,
            subject: crate::i18n::Lang::Fr
                .ta("projects-mail-invitation-subject", &[("project", &p.name)]),
            text: crate::i18n::Lang::Fr.ta(
                "projects-mail-invitation-body",
                &[
                    ("inviter", &who.user.display_name),
                    ("project", &p.name),
                    ("link", &url),
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
    let now = state.clock.now_ms();
    if !repo::use_invitation(&state.db, &hash, now).await? {
        return Err(AppError::NotFound);
    }
    let p = repo::project_by_id(&state.db, inv.project_id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::add_member(
        &state.db,
        p.id,
        who.user.id,
        &who.user.display_name,
        Some(who.user.id),
        now,
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
