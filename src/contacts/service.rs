//! Use cases of the threads: who may write to whom, read, answer, share, block and report,
//! and what the moderators see. Neither side's address is ever shown or emailed to the other,
//! unless that side chose to share it in this thread.

use super::model::{
    checked_text, About, Message, Report, Side, Thread, BODY_MAX, MESSAGES_PER_HOUR,
    NEW_THREADS_PER_DAY, REASON_MAX,
};
use super::repo;
use crate::actors::model::Actor;
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{PostId, UserId};
use crate::state::AppState;

const HOUR_MS: i64 = 3_600_000;
/// Threads a page of the inbox lists.
pub const PER_PAGE: i64 = 30;
/// Messages a thread shows (the latest).
pub const MESSAGES_SHOWN: i64 = 500;

fn invalid(field: &'static str, key: &'static str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, key);
    AppError::Invalid(e)
}

/// Can this profile be written to through Maillage (someone receives its messages), and is that
/// someone not `who`?
pub async fn reachable(state: &AppState, who: Option<&Principal>, a: &Actor) -> AppResult<bool> {
    let to = crate::actors::service::contact_accounts(state, a).await?;
    Ok(match (to.first(), who) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(_), Some(p)) => !to.contains(&p.user.id),
    })
}

/// `who` writes to the person behind this profile: a new thread (or the next message of the
/// one they already have with that person about it). The recipient is emailed without the
/// sender's address. Returns the thread's id.
pub async fn write_to_actor(
    state: &AppState,
    who: &Principal,
    a: &Actor,
    body: &str,
) -> AppResult<i64> {
    let to = crate::actors::service::contact_accounts(state, a).await?;
    let Some(recipient) = to.first().copied() else {
        return Err(AppError::Conflict("actor_not_reachable"));
    };
    if to.contains(&who.user.id) {
        return Err(invalid("message", "contact-error-self"));
    }
    start(state, who, About::Actor(a.id), &a.name, recipient, body).await
}

/// `who` answers a post (annonce): a thread with its author, who is emailed without the
/// sender's address. 404 for a post `who` may not see.
pub async fn write_to_post(
    state: &AppState,
    who: &Principal,
    id: PostId,
    body: &str,
) -> AppResult<i64> {
    let p = crate::posts::service::visible(state, Some(who), id).await?;
    if p.author_id == who.user.id {
        return Err(invalid("message", "contact-error-self"));
    }
    start(state, who, About::Post(p.id), &p.title, p.author_id, body).await
}

/// Opens a thread to `recipient` about `subject` (or continues the existing one).
pub async fn start(
    state: &AppState,
    who: &Principal,
    about: About,
    subject: &str,
    recipient: UserId,
    body: &str,
) -> AppResult<i64> {
    let body = checked_text(body, BODY_MAX).map_err(|k| invalid("message", k))?;
    if recipient == who.user.id {
        return Err(invalid("message", "contact-error-self"));
    }
    if repo::is_blocked(&state.db, recipient, who.user.id).await? {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now_ms();
    if let Some(id) = repo::existing(&state.db, about, who.user.id, recipient).await? {
        let t = repo::thread(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        send(state, who, &t, Side::Sender, &body, now).await?;
        return Ok(id);
    }
    let since = now - 24 * HOUR_MS;
    if repo::threads_opened_since(&state.db, who.user.id, since).await? >= NEW_THREADS_PER_DAY
        || repo::messages_since(&state.db, who.user.id, now - HOUR_MS).await? >= MESSAGES_PER_HOUR
    {
        return Err(AppError::TooManyRequests);
    }
    let subject: String = subject.chars().take(300).collect();
    let id = repo::insert(
        &state.db,
        about,
        &subject,
        who.user.id,
        recipient,
        &body,
        now,
    )
    .await?;
    tell(state, who, recipient, &subject, id, &body, now).await?;
    Ok(id)
}

/// Emails `to` that `from` wrote: their name and the message, a link to the thread, and no
/// address of either side (the email comes from Maillage; answers are written in the thread).
async fn tell(
    state: &AppState,
    from: &Principal,
    to: UserId,
    subject: &str,
    thread: i64,
    body: &str,
    now: i64,
) -> AppResult<()> {
    let Some(u) = crate::auth::identity::user_by_id(&state.db, to).await? else {
        return Ok(());
    };
    let base = state.config.base_url.trim_end_matches('/');
    let (subj, text) = if u.locale == "en" {
        (
            format!("New message on Maillage: {subject}"),
            format!(
                "Hello,\n\n{} wrote to you about “{subject}”:\n\n{body}\n\nAnswer in the conversation (sign-in needed): {base}/messages/{thread}\n\nYour address was not given to them, nor theirs to you: each of you chooses in the conversation whether to share it.\n\n— Maillage\n",
                from.user.display_name
            ),
        )
    } else {
        (
            format!("Nouveau message sur Maillage : {subject}"),
            format!(
                "Bonjour,\n\n{} vous a écrit au sujet de « {subject} » :\n\n{body}\n\nRépondez dans la conversation (connexion nécessaire) : {base}/messages/{thread}\n\nVotre adresse ne lui a pas été communiquée, ni la sienne à vous : chacun choisit dans la conversation de partager ou non ses coordonnées.\n\n— Maillage\n",
                from.user.display_name
            ),
        )
    };
    crate::notifications::notify(
        &state.db,
        now,
        crate::notifications::Kind::Matches,
        &crate::mail::Email {
            to: u.email,
            subject: subj,
            text,
            attachments: Vec::new(),
        },
    )
    .await
}

/// Writes in a thread: rate-limited, refused when the other side blocked `who`.
async fn send(
    state: &AppState,
    who: &Principal,
    t: &Thread,
    side: Side,
    body: &str,
    now: i64,
) -> AppResult<()> {
    let (other, _) = t.other(side);
    if repo::is_blocked(&state.db, other, who.user.id).await? {
        return Err(AppError::Forbidden);
    }
    if repo::messages_since(&state.db, who.user.id, now - HOUR_MS).await? >= MESSAGES_PER_HOUR {
        return Err(AppError::TooManyRequests);
    }
    repo::add_message(&state.db, t.id, who.user.id, side, body, now).await?;
    tell(state, who, other, &t.subject, t.id, body, now).await
}

/// A thread of `who` (404 for anyone else) and their side.
async fn own(state: &AppState, who: &Principal, id: i64) -> AppResult<(Thread, Side)> {
    let t = repo::thread(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let side = t.side_of(who.user.id).ok_or(AppError::NotFound)?;
    Ok((t, side))
}

/// What a person sees of a thread: the thread, its messages, their side (`None` for a moderator
/// reading a reported thread), the other side's shared contact details, and whether they
/// blocked the other.
pub struct ThreadView {
    pub thread: Thread,
    pub messages: Vec<Message>,
    pub side: Option<Side>,
    /// The other side's email address, when they share it.
    pub other_email: Option<String>,
    pub blocked: bool,
    pub reported: bool,
}

/// A thread for one of its two people (read now), or for a moderator of a reported thread.
pub async fn view(state: &AppState, who: &Principal, id: i64) -> AppResult<ThreadView> {
    let t = repo::thread(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let side = t.side_of(who.user.id);
    let reported = repo::has_open_report(&state.db, id).await?;
    if side.is_none() && !(reported && moderates(state, who, &t).await?) {
        return Err(AppError::NotFound);
    }
    let messages = repo::messages(&state.db, id, MESSAGES_SHOWN).await?;
    let (mut other_email, mut blocked) = (None, false);
    if let Some(s) = side {
        repo::mark_read(&state.db, id, s, state.clock.now_ms()).await?;
        let (other, _) = t.other(s);
        let other_side = if s == Side::Sender {
            Side::Recipient
        } else {
            Side::Sender
        };
        if t.shares(other_side) {
            other_email = crate::auth::identity::user_by_id(&state.db, other)
                .await?
                .map(|u| u.email);
        }
        blocked = repo::is_blocked(&state.db, who.user.id, other).await?;
    }
    Ok(ThreadView {
        thread: t,
        messages,
        side,
        other_email,
        blocked,
        reported,
    })
}

/// Answers in a thread.
pub async fn reply(state: &AppState, who: &Principal, id: i64, body: &str) -> AppResult<()> {
    let (t, side) = own(state, who, id).await?;
    let body = checked_text(body, BODY_MAX).map_err(|k| invalid("message", k))?;
    send(state, who, &t, side, &body, state.clock.now_ms()).await
}

/// Shows (or hides again) `who`'s address to the other side of this thread.
pub async fn share(state: &AppState, who: &Principal, id: i64, share: bool) -> AppResult<()> {
    let (t, side) = own(state, who, id).await?;
    repo::set_share(&state.db, t.id, side, share).await
}

/// `who` blocks (or unblocks) the other person of this thread: they can no longer write to
/// `who`, in this thread or a new one.
pub async fn block(state: &AppState, who: &Principal, id: i64, block: bool) -> AppResult<()> {
    let (t, side) = own(state, who, id).await?;
    let (other, _) = t.other(side);
    if block {
        repo::block(&state.db, who.user.id, other, state.clock.now_ms()).await
    } else {
        repo::unblock(&state.db, who.user.id, other).await
    }
}

/// `who` reports this thread to its moderators; 409 when they already did.
pub async fn report(state: &AppState, who: &Principal, id: i64, reason: &str) -> AppResult<()> {
    let (t, _) = own(state, who, id).await?;
    let reason = checked_text(reason, REASON_MAX).map_err(|k| invalid("reason", k))?;
    if !repo::report(&state.db, t.id, who.user.id, &reason, state.clock.now_ms()).await? {
        return Err(AppError::Conflict("already_reported"));
    }
    Ok(())
}

/// The threads of `who`, latest first, and how many they have.
pub async fn inbox(state: &AppState, who: &Principal, page: i64) -> AppResult<(Vec<Thread>, i64)> {
    let offset = (page.max(1) - 1) * PER_PAGE;
    repo::threads_of(&state.db, who.user.id, PER_PAGE, offset).await
}

/// Does `who` moderate this thread: an instance admin, or a moderator of its profile?
async fn moderates(state: &AppState, who: &Principal, t: &Thread) -> AppResult<bool> {
    if who.is_instance_admin() {
        return Ok(true);
    }
    if let Some(post) = t.post_id {
        return match crate::posts::service::visible(state, Some(who), post).await {
            Ok(p) => crate::posts::service::may_moderate(state, Some(who), &p).await,
            Err(_) => Ok(false),
        };
    }
    let Some(actor) = t.actor_id else {
        return Ok(false);
    };
    match crate::actors::service::by_id(state, actor).await? {
        Some(a) => crate::actors::service::manages_attachment(state, who, &a).await,
        None => Ok(false),
    }
}

/// The open reports `who` moderates (the oldest 50); 404 for someone who moderates nothing.
pub async fn reports(state: &AppState, who: &Principal) -> AppResult<Vec<Report>> {
    let everything = who.is_instance_admin();
    let (places, networks) = (who.managed_places(), who.admin_networks());
    if !everything && places.is_empty() && networks.is_empty() {
        return Err(AppError::NotFound);
    }
    repo::open_reports(&state.db, everything, &places, &networks, 50).await
}

/// Is this a reported thread `who` moderates? (404 otherwise.)
pub async fn check_moderator(state: &AppState, who: &Principal, id: i64) -> AppResult<()> {
    let t = repo::thread(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !(repo::has_open_report(&state.db, id).await? && moderates(state, who, &t).await?) {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// A moderator closes the reports of a thread, keeping it (`delete` false) or deleting it.
pub async fn resolve(state: &AppState, who: &Principal, id: i64, delete: bool) -> AppResult<()> {
    check_moderator(state, who, id).await?;
    if delete {
        repo::delete_thread(&state.db, id).await
    } else {
        repo::resolve_reports(&state.db, id, who.user.id, state.clock.now_ms()).await
    }
}

/// What this person wrote and whom they blocked, for their data export.
pub fn personal_data(
    state: &AppState,
    user: UserId,
) -> futures_util::future::BoxFuture<'_, AppResult<serde_json::Value>> {
    Box::pin(async move {
        let rfc = crate::clock::rfc3339;
        let written = repo::written_by(&state.db, user).await?;
        let blocked = repo::blocked_by(&state.db, user).await?;
        Ok(serde_json::json!({
            "messages": written.iter().map(|(s, b, at)| serde_json::json!({
                "thread": s, "body": b, "at": rfc(*at),
            })).collect::<Vec<_>>(),
            "blocked": blocked.iter().map(|(n, at)| serde_json::json!({
                "name": n, "at": rfc(*at),
            })).collect::<Vec<_>>(),
        }))
    })
}
