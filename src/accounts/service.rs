//! Account use cases, shared by the HTML pages, the API and the CLI.

use super::model::{normalize_name, NewUser, RoleKind, User};
use super::repo;
use crate::auth::policy::{may_grant, Target};
use crate::auth::{password, ratelimit, secret, session, throttle, Ctx, Principal};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::mail::{self, Email};
use crate::state::AppState;

const CONFIRM_HOURS: i64 = 48;
const RESET_HOURS: i64 = 1;
const INVITATION_DAYS: i64 = 14;

/// Counts an attempt of `action` from the client's IP; refuses past the configured limit.
pub async fn check_rate(state: &AppState, ctx: &Ctx, action: &str) -> AppResult<()> {
    let key = format!("{action}:{}", ctx.ip);
    let c = &state.config;
    let ok = ratelimit::hit(
        &state.db,
        &key,
        c.rate_limit_attempts,
        c.rate_limit_window_secs,
        state.clock.now_ms(),
    )
    .await?;
    if ok {
        Ok(())
    } else {
        repo::audit(
            &state.db,
            state.clock.now_ms(),
            ctx.user_id(),
            "rate_limited",
            &ctx.ip_string(),
            action,
        )
        .await?;
        Err(AppError::TooManyRequests)
    }
}

fn link(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.base_url)
}

/// A single-use link: stores the token's hash, returns the token.
async fn one_time(
    state: &AppState,
    purpose: &str,
    user: Option<&User>,
    email: &str,
    grant: Option<(RoleKind, Option<i64>, Option<i64>)>,
    created_by: Option<UserId>,
    valid_ms: i64,
) -> AppResult<String> {
    let token = secret::random_token();
    let now = state.clock.now_ms();
    repo::insert_one_time(
        &state.db,
        repo::NewOneTime {
            purpose,
            hash: &secret::hash_token(&token),
            user_id: user.map(|u| u.id),
            email,
            role: grant.map(|g| g.0),
            network_id: grant.and_then(|g| g.1),
            place_id: grant.and_then(|g| g.2),
            created_by,
            now,
            expires_at: now + valid_ms,
        },
    )
    .await?;
    Ok(token)
}

async fn send(
    state: &AppState,
    to: &str,
    lang: Lang,
    key: &str,
    args: &[(&str, &str)],
) -> AppResult<()> {
    let email = Email {
        to: to.to_string(),
        subject: lang.ta(&format!("{key}-subject"), args),
        text: lang.ta(&format!("{key}-body"), args),
        ..Default::default()
    };
    mail::enqueue(&state.db, state.clock.now_ms(), &email).await
}

fn lang_of(user: &User) -> Lang {
    Lang::parse(&user.locale).unwrap_or_default()
}

/// Signs up: creates an unconfirmed account and emails a confirmation link. When the email is
/// taken, the answer is the same and the owner is told by email (no account enumeration).
/// Creates an unconfirmed account and sends its confirmation link; `next` (a path of this
/// site, already checked by `web::safe_next`; `/` for none) rides along the link, so that the
/// person lands, once confirmed and signed in, where they were going (an event to register to).
pub async fn signup(state: &AppState, ctx: &Ctx, new: NewUser, next: &str) -> AppResult<()> {
    check_rate(state, ctx, "signup").await?;
    let now = state.clock.now_ms();
    let hash = password::hash(&new.password)?;
    match repo::insert_user(&state.db, &new.email, &new.display_name, &hash, None, now).await? {
        Some(id) => {
            repo::set_locale(&state.db, id, ctx.lang.code()).await?;
            let user = repo::user_by_id(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let token = one_time(
                state,
                "confirm_email",
                Some(&user),
                &user.email,
                None,
                None,
                CONFIRM_HOURS * 3_600_000,
            )
            .await?;
            let url = if next == "/" {
                link(state, &format!("/confirmation/{token}"))
            } else {
                link(
                    state,
                    &format!("/confirmation/{token}?next={}", urlencoding::encode(next)),
                )
            };
            send(
                state,
                &user.email,
                ctx.lang,
                "mail-confirm",
                &[("name", &user.display_name), ("link", &url)],
            )
            .await?;
            repo::audit(&state.db, now, Some(id), "signup", &ctx.ip_string(), "").await?;
        }
        None => {
            if let Some(existing) = repo::user_by_email(&state.db, &new.email).await? {
                let url = link(state, "/mot-de-passe-oublie");
                send(
                    state,
                    &existing.email,
                    lang_of(&existing),
                    "mail-exists",
                    &[("name", &existing.display_name), ("link", &url)],
                )
                .await?;
                repo::audit(
                    &state.db,
                    now,
                    Some(existing.id),
                    "signup_existing_email",
                    &ctx.ip_string(),
                    "",
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Checks a confirmation link without using it (the page shows a button).
pub async fn peek(state: &AppState, purpose: &str, token: &str) -> AppResult<repo::OneTimeToken> {
    repo::peek_one_time(
        &state.db,
        purpose,
        &secret::hash_token(token),
        state.clock.now_ms(),
    )
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn confirm_email(state: &AppState, ctx: &Ctx, token: &str) -> AppResult<()> {
    let now = state.clock.now_ms();
    let t = repo::use_one_time(&state.db, "confirm_email", &secret::hash_token(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    let user_id = t.user_id.ok_or(AppError::NotFound)?;
    repo::confirm_email(&state.db, user_id, now).await?;
    repo::audit(
        &state.db,
        now,
        Some(user_id),
        "email_confirmed",
        &ctx.ip_string(),
        "",
    )
    .await
}

#[derive(Debug)]
pub enum LoginError {
    /// Unknown email or wrong password: the same answer for both.
    Invalid,
    Unconfirmed,
    /// Too many failures for the address typed or from the client's IP: no try before this
    /// instant (UTC ms). The same answer whether or not an account uses the address.
    Throttled(i64),
    Other(AppError),
}

impl From<AppError> for LoginError {
    fn from(e: AppError) -> Self {
        LoginError::Other(e)
    }
}

/// Checks credentials and opens a new session (a fresh id; the old one, if any, is revoked).
pub async fn login(
    state: &AppState,
    ctx: &Ctx,
    email: &str,
    pw: &str,
) -> Result<(User, String), LoginError> {
    let now = state.clock.now_ms();
    let c = &state.config;
    let limits = throttle::Limits {
        account_free: c.login_account_failures,
        ip_failures: c.login_ip_failures,
        window_ms: c.rate_limit_window_secs * 1000,
        cap_ms: c.rate_limit_window_secs * 1000,
    };
    let ip = ctx.ip_string();
    let keys = [throttle::account_key(email), throttle::ip_key(&ip)];
    if let Some(until) = throttle::blocked_until(&state.db, &keys, now).await? {
        repo::audit(&state.db, now, ctx.user_id(), "rate_limited", &ip, "login").await?;
        return Err(LoginError::Throttled(until));
    }
    let user = repo::user_by_email(&state.db, email).await?;
    let Some(user) = user else {
        password::verify_dummy(pw);
        throttle::login_failed(&state.db, email, &ip, now, &limits).await?;
        repo::audit(
            &state.db,
            now,
            None,
            "login_failed",
            &ctx.ip_string(),
            "unknown email",
        )
        .await?;
        return Err(LoginError::Invalid);
    };
    if !password::verify(pw, &user.password_hash) {
        throttle::login_failed(&state.db, email, &ip, now, &limits).await?;
        repo::audit(
            &state.db,
            now,
            Some(user.id),
            "login_failed",
            &ctx.ip_string(),
            "wrong password",
        )
        .await?;
        return Err(LoginError::Invalid);
    }
    throttle::login_succeeded(&state.db, email).await?;
    if user.email_confirmed_at.is_none() {
        return Err(LoginError::Unconfirmed);
    }
    if let Some(old) = &ctx.session_token {
        session::revoke(&state.db, old).await?;
    }
    let token = session::create(
        &state.db,
        user.id,
        now,
        state.config.session_hours,
        &ctx.user_agent,
    )
    .await?;
    repo::audit(&state.db, now, Some(user.id), "login", &ctx.ip_string(), "").await?;
    Ok((user, token))
}

pub async fn logout(state: &AppState, ctx: &Ctx) -> AppResult<()> {
    if let Some(token) = &ctx.session_token {
        session::revoke(&state.db, token).await?;
        repo::audit(
            &state.db,
            state.clock.now_ms(),
            ctx.user_id(),
            "logout",
            &ctx.ip_string(),
            "",
        )
        .await?;
    }
    Ok(())
}

/// Emails a reset link if the account exists; the answer is the same either way.
pub async fn request_reset(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    check_rate(state, ctx, "reset").await?;
    let now = state.clock.now_ms();
    if let Some(user) = repo::user_by_email(&state.db, email).await? {
        let token = one_time(
            state,
            "reset_password",
            Some(&user),
            &user.email,
            None,
            None,
            RESET_HOURS * 3_600_000,
        )
        .await?;
        let url = link(state, &format!("/reinitialisation/{token}"));
        send(
            state,
            &user.email,
            lang_of(&user),
            "mail-reset",
            &[("name", &user.display_name), ("link", &url)],
        )
        .await?;
        repo::audit(
            &state.db,
            now,
            Some(user.id),
            "password_reset_requested",
            &ctx.ip_string(),
            "",
        )
        .await?;
    }
    Ok(())
}

/// Sets a new password from a reset link (single use); every session and API token of the
/// user ends.
/// Following the emailed link also proves the address.
pub async fn reset_password(
    state: &AppState,
    ctx: &Ctx,
    token: &str,
    new_password: &str,
) -> AppResult<()> {
    let now = state.clock.now_ms();
    let hash = password::hash(new_password)?;
    let t = repo::use_one_time(&state.db, "reset_password", &secret::hash_token(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    let user_id = t.user_id.ok_or(AppError::NotFound)?;
    repo::set_password(&state.db, user_id, &hash).await?;
    repo::confirm_email(&state.db, user_id, now).await?;
    session::revoke_all_of(&state.db, user_id, None).await?;
    // Credentials end together: a token made with the old password goes with it.
    repo::revoke_all_tokens(&state.db, user_id, now).await?;
    repo::audit(
        &state.db,
        now,
        Some(user_id),
        "password_reset",
        &ctx.ip_string(),
        "",
    )
    .await
}

/// Changes the password after checking the current one; other sessions and every API token
/// end.
pub async fn change_password(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    current: &str,
    new_password: &str,
) -> AppResult<()> {
    if !password::verify(current, &user.password_hash) {
        let mut f = crate::error::FieldErrors::default();
        f.add("current_password", "field-current-password-wrong");
        return Err(AppError::Invalid(f));
    }
    let hash = password::hash(new_password)?;
    repo::set_password(&state.db, user.id, &hash).await?;
    session::revoke_all_of(&state.db, user.id, ctx.session_token.as_deref()).await?;
    repo::revoke_all_tokens(&state.db, user.id, state.clock.now_ms()).await?;
    repo::audit(
        &state.db,
        state.clock.now_ms(),
        Some(user.id),
        "password_changed",
        &ctx.ip_string(),
        "",
    )
    .await
}

/// Deletes the account (RGPD erasure): roles, sessions, tokens, notification preferences and
/// notifications waiting for a digest go with it (foreign keys `ON DELETE CASCADE`); audit entries
/// are kept without the link to the person.
pub async fn delete_account(state: &AppState, ctx: &Ctx, user: &User, pw: &str) -> AppResult<()> {
    if !password::verify(pw, &user.password_hash) {
        let mut f = crate::error::FieldErrors::default();
        f.add("password", "field-current-password-wrong");
        return Err(AppError::Invalid(f));
    }
    let now = state.clock.now_ms();
    repo::audit(
        &state.db,
        now,
        Some(user.id),
        "account_deleted",
        &ctx.ip_string(),
        "",
    )
    .await?;
    repo::delete_user(&state.db, user.id).await?;
    repo::audit(
        &state.db,
        now,
        None,
        "account_deleted",
        &ctx.ip_string(),
        &format!("user #{}", user.id),
    )
    .await
}

/// Everything Maillage holds about a person, as JSON (RGPD right of access and portability).
pub async fn export(state: &AppState, user: &User) -> AppResult<serde_json::Value> {
    let roles = repo::roles_of(&state.db, user.id).await?;
    let tokens = repo::tokens_of(&state.db, user.id).await?;
    let audit = repo::audit_of(&state.db, user.id).await?;
    let notifications = crate::notifications::service::export(&state.db, user.id).await?;
    let rfc = crate::clock::rfc3339;
    let mut areas = serde_json::Map::new();
    for (name, section) in &state.personal.sections {
        areas.insert((*name).to_string(), section(state, user.id).await?);
    }
    let mut all = serde_json::json!({
        "exported_at": rfc(state.clock.now_ms()),
        "user": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "locale": user.locale,
            "email_confirmed_at": user.email_confirmed_at.map(rfc),
            "created_at": rfc(user.created_at),
        },
        "roles": roles.iter().map(|r| serde_json::json!({
            "role": r.kind.as_str(), "network_id": r.network_id, "place_id": r.place_id,
        })).collect::<Vec<_>>(),
        "api_tokens": tokens.iter().map(|t| serde_json::json!({
            "name": t.name, "prefix": t.prefix, "created_at": rfc(t.created_at),
            "last_used_at": t.last_used_at.map(rfc), "revoked_at": t.revoked_at.map(rfc),
            "expires_at": t.expires_at.map(rfc),
        })).collect::<Vec<_>>(),
        "security_events": audit.iter().map(|a| serde_json::json!({
            "at": rfc(a.at), "event": a.event, "ip": a.ip,
        })).collect::<Vec<_>>(),
        "notifications": notifications,
    });
    if let Some(o) = all.as_object_mut() {
        o.extend(areas);
    }
    Ok(all)
}

/// Creates a personal API token without expiry; the clear token is returned once and never
/// stored.
pub async fn create_token(
    state: &AppState,
    user_id: UserId,
    name: &str,
    ip: &str,
) -> AppResult<String> {
    create_token_until(state, user_id, name, None, ip).await
}

/// Creates a personal API token valid until `expires_at` (UTC ms; `None`: no expiry).
pub async fn create_token_until(
    state: &AppState,
    user_id: UserId,
    name: &str,
    expires_at: Option<i64>,
    ip: &str,
) -> AppResult<String> {
    let token = format!("mlg_{}", secret::random_token());
    let prefix: String = token.chars().take(10).collect();
    let now = state.clock.now_ms();
    repo::insert_token(
        &state.db,
        user_id,
        name,
        &secret::hash_token(&token),
        &prefix,
        now,
        expires_at,
    )
    .await?;
    repo::audit(&state.db, now, Some(user_id), "token_created", ip, name).await?;
    Ok(token)
}

/// Emails an invitation to take a role to an address, whether or not an account uses it: the
/// caller answers the same either way (no account oracle: issue 14), and nobody holds a role
/// they did not accept (by the link, signed in with that address, or after signing up).
pub async fn grant_or_invite(
    state: &AppState,
    ctx: &Ctx,
    by: &Principal,
    email: &str,
    kind: RoleKind,
    target: &Target,
    target_name: &str,
) -> AppResult<()> {
    may_grant(Some(by), kind, target)?;
    let (network_id, place_id) = match target {
        Target::Instance => (None, None),
        Target::Network(n) => (Some(*n), None),
        Target::Place { id, .. } => (None, Some(*id)),
        Target::Group(_) | Target::Project(_) => {
            return Err(AppError::BadRequest(
                "rôle et périmètre incompatibles".into(),
            ))
        }
    };
    let now = state.clock.now_ms();
    let token = one_time(
        state,
        "invitation",
        None,
        email,
        Some((kind, network_id, place_id)),
        Some(by.user.id),
        INVITATION_DAYS * 86_400_000,
    )
    .await?;
    let url = link(state, &format!("/invitation/{token}"));
    let role = ctx.lang.t(kind.label_key());
    send(
        state,
        email,
        ctx.lang,
        "mail-invite",
        &[
            ("inviter", &by.user.display_name),
            ("role", &role),
            ("target", target_name),
            ("link", &url),
        ],
    )
    .await?;
    repo::audit(
        &state.db,
        now,
        Some(by.user.id),
        "invitation_sent",
        &ctx.ip_string(),
        &format!("{} for {email}", kind.as_str()),
    )
    .await?;
    Ok(())
}

/// Accepts an invitation: the signed-in person must use the invited address.
pub async fn accept_invitation(
    state: &AppState,
    ctx: &Ctx,
    who: &Principal,
    token: &str,
) -> AppResult<()> {
    let t = peek(state, "invitation", token).await?;
    if t.email != who.user.email {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now_ms();
    let t = repo::use_one_time(&state.db, "invitation", &secret::hash_token(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = t
        .role
        .as_deref()
        .and_then(RoleKind::parse)
        .ok_or(AppError::NotFound)?;
    repo::grant_role(&state.db, who.user.id, kind, t.network_id, t.place_id, now).await?;
    repo::audit(
        &state.db,
        now,
        Some(who.user.id),
        "invitation_accepted",
        &ctx.ip_string(),
        kind.as_str(),
    )
    .await
}

/// Creates a confirmed account (CLI, demo); `Conflict` when the email is taken.
pub async fn create_confirmed_user(
    state: &AppState,
    email: &str,
    name: &str,
    pw: &str,
) -> AppResult<User> {
    let new = NewUser::parse(email, name, pw, pw).map_err(AppError::Invalid)?;
    let now = state.clock.now_ms();
    let hash = password::hash(&new.password)?;
    let id = repo::insert_user(
        &state.db,
        &new.email,
        &new.display_name,
        &hash,
        Some(now),
        now,
    )
    .await?
    .ok_or(AppError::Conflict("email_taken"))?;
    repo::user_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A person's display name and language, from their profile form; the language chosen.
pub async fn update_profile(
    state: &AppState,
    who: &Principal,
    display_name: &str,
    locale: &str,
) -> AppResult<Lang> {
    let mut errors = FieldErrors::default();
    let name = normalize_name(display_name)
        .map_err(|k| errors.add("display_name", k))
        .ok();
    let lang = Lang::parse(locale);
    if lang.is_none() {
        errors.add("locale", "field-invalid-choice");
    }
    match (name, lang) {
        (Some(name), Some(lang)) => {
            repo::update_profile(&state.db, who.user.id, &name, lang.code()).await?;
            Ok(lang)
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Revokes one of the caller's API tokens (404 when it is not theirs), audited.
pub async fn revoke_token(state: &AppState, who: &Principal, id: i64, ip: &str) -> AppResult<()> {
    let now = state.clock.now_ms();
    if !repo::revoke_token(&state.db, who.user.id, id, now).await? {
        return Err(AppError::NotFound);
    }
    repo::audit(
        &state.db,
        now,
        Some(who.user.id),
        "token_revoked",
        ip,
        &id.to_string(),
    )
    .await?;
    Ok(())
}

/// The language a signed-in person reads the site in.
pub async fn set_locale(state: &AppState, who: &Principal, lang: Lang) -> AppResult<()> {
    repo::set_locale(&state.db, who.user.id, lang.code()).await
}
