//! Notification use cases, shared by the settings page, the API and every area that emails
//! people: [`notify`] routes an email by the recipient's preference; the digest job gathers
//! the pending items of each account into one email.

use serde::{Deserialize, Serialize};

use super::model::{next_digest, Cadence, Kind};
use super::repo::{self, NewPending, Pending, Reader};
use crate::db::Db;
use crate::error::{AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::mail::{self, Email};
use crate::state::AppState;

/// The job kind of a digest run (payload: [`DigestRun`]).
pub const DIGEST_JOB: &str = "notification_digest";

/// One digest period: every item of `cadence` created by `due_at` goes out.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct DigestRun {
    pub cadence: Cadence,
    pub due_at: i64,
}

/// What [`notify`] did with an email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routed {
    /// Queued to be sent now (the preference is `immediate`, or the address has no account).
    Sent,
    /// Stored for the digest of that instant (UTC ms).
    Digest(i64),
    /// Dropped: the person chose `never` for this kind.
    Dropped,
}

/// Sends `email` as a notification of `kind`: looks up the account of `email.to` and its
/// preference for `kind`; `immediate` (the default) or no account (guests, subscribers) queue
/// it as [`mail::enqueue`] does, `daily`/`weekly` store it for the next digest, `never` drops
/// it (counted in `maillage_notifications_total`). Security and transactional emails do not
/// come here: they call [`mail::enqueue`] and always go.
pub async fn notify(db: &Db, now: i64, kind: Kind, email: &Email) -> AppResult<()> {
    route(db, now, kind, email).await.map(|_| ())
}

/// [`notify`], answering what was done.
pub async fn route(db: &Db, now: i64, kind: Kind, email: &Email) -> AppResult<Routed> {
    let found = repo::recipient(db, &email.to, kind).await?;
    let cadence = found
        .as_ref()
        .and_then(|(_, c)| Cadence::from_text(c))
        .filter(|c| kind.cadences().contains(c))
        .unwrap_or(Cadence::Immediate);
    let routed = match (found, cadence) {
        (Some((user, _)), Cadence::Daily | Cadence::Weekly) => {
            let due_at = next_digest(cadence, now).unwrap_or(now);
            let payload = serde_json::to_string(&DigestRun { cadence, due_at })
                .map_err(anyhow::Error::from)?;
            repo::store_pending(
                db,
                NewPending {
                    user,
                    kind,
                    cadence,
                    subject: &email.subject,
                    body: &email.text,
                    now,
                    due_at,
                    job_kind: DIGEST_JOB,
                    job_payload: &payload,
                },
            )
            .await?;
            Routed::Digest(due_at)
        }
        (Some((user, _)), Cadence::Never) => {
            tracing::debug!(user = %user, kind = kind.as_str(), "notification dropped by preference");
            Routed::Dropped
        }
        _ => {
            mail::enqueue(db, now, email).await?;
            Routed::Sent
        }
    };
    let outcome = match routed {
        Routed::Sent => "immediate",
        Routed::Digest(_) => "digest",
        Routed::Dropped => "dropped",
    };
    metrics::counter!("maillage_notifications_total", "kind" => kind.as_str(), "outcome" => outcome)
        .increment(1);
    Ok(routed)
}

/// Every kind with the person's cadence (`immediate` where they chose nothing).
pub async fn preferences(db: &Db, user: UserId) -> AppResult<Vec<(Kind, Cadence)>> {
    let saved = repo::preferences_of(db, user).await?;
    Ok(Kind::ALL
        .iter()
        .map(|k| {
            let c = saved
                .iter()
                .find(|(kind, _)| kind == k.as_str())
                .and_then(|(_, c)| Cadence::from_text(c))
                .unwrap_or(Cadence::Immediate);
            (*k, c)
        })
        .collect())
}

/// Checks `changes` (kind → cadence, as the form or the API sent them) and saves them all, or
/// nothing: an unknown kind or cadence, or a digest for newsletters, is a field error named by
/// the kind. Kinds not in `changes` keep their cadence. Answers every kind's cadence.
pub async fn set_preferences(
    state: &AppState,
    user: UserId,
    changes: &[(String, String)],
) -> AppResult<Vec<(Kind, Cadence)>> {
    let mut errors = FieldErrors::default();
    let mut choices: Vec<(Kind, Cadence)> = Vec::new();
    for (k, v) in changes {
        let Some(kind) = Kind::from_text(k) else {
            let field: String = k.chars().take(64).collect();
            errors.add(field, "notif-error-kind");
            continue;
        };
        match Cadence::from_text(v) {
            Some(c) if kind.cadences().contains(&c) => {
                choices.retain(|(old, _)| *old != kind);
                choices.push((kind, c));
            }
            Some(_) => errors.add(kind.as_str(), "notif-error-no-digest"),
            None => errors.add(kind.as_str(), "field-invalid-choice"),
        }
    }
    errors.into_result()?;
    repo::save_preferences(&state.db, user, &choices, state.clock.now_ms()).await?;
    preferences(&state.db, user).await
}

/// Sends the digests of one period: for each account with items of `run.cadence` created by
/// `run.due_at`, one email in the account's language, queued in the transaction that deletes
/// the items. Running it again, or on two nodes at once, sends nothing more. Answers how many
/// digests were queued.
pub async fn send_digests(state: &AppState, run: DigestRun) -> AppResult<usize> {
    let mut after = 0_i64;
    let mut sent = 0;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    loop {
        let batch = repo::accounts_due(&state.db, run.cadence, run.due_at, after, 100).await?;
        let Some(last) = batch.last() else { break };
        after = last.get();
        for user in batch {
            let n = repo::take_digest(
                &state.db,
                user,
                run.cadence,
                run.due_at,
                state.clock.now_ms(),
                |reader, items| Ok(compose(reader, run.cadence, items, &base)),
            )
            .await?;
            if n > 0 {
                sent += 1;
                metrics::counter!("maillage_notification_digests_total", "cadence" => run.cadence.as_str())
                    .increment(1);
            }
        }
    }
    if sent > 0 {
        tracing::info!(
            cadence = run.cadence.as_str(),
            digests = sent,
            "notification digests queued"
        );
    }
    Ok(sent)
}

/// The digest email: the items grouped by kind (in the settings' order), each with its
/// subject, its date (Europe/Paris) and its text, then the link to the settings.
fn compose(
    reader: &Reader,
    cadence: Cadence,
    items: &mut [Pending],
    base: &str,
) -> (String, String) {
    let lang = Lang::parse(&reader.locale).unwrap_or_default();
    let count = items.len().to_string();
    let (subject_key, intro_key) = match cadence {
        Cadence::Weekly => ("notif-digest-weekly-subject", "notif-digest-weekly-intro"),
        _ => ("notif-digest-daily-subject", "notif-digest-daily-intro"),
    };
    let subject = lang.ta(subject_key, &[("count", &count)]);
    let mut text = lang.ta(intro_key, &[("count", &count)]);
    text.push_str("\n\n");
    items.sort_by_key(|i| {
        let rank = Kind::ALL
            .iter()
            .position(|k| k.as_str() == i.kind)
            .unwrap_or(usize::MAX);
        (rank, i.created_at, i.id)
    });
    let mut current = "";
    for item in items.iter() {
        if item.kind != current {
            current = &item.kind;
            let heading = Kind::from_text(current)
                .map(|k| lang.t(k.label_key()))
                .unwrap_or_else(|| current.to_string());
            text.push_str(&format!("== {heading} ==\n\n"));
        }
        text.push_str(&format!(
            "■ {}\n({})\n\n{}\n\n",
            item.subject,
            crate::clock::paris_display(item.created_at),
            item.body.trim_end()
        ));
    }
    text.push_str(&lang.ta(
        "notif-digest-footer",
        &[("link", &format!("{base}/compte/notifications"))],
    ));
    text.push('\n');
    (subject, text)
}

async fn run_digest_job(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let run: DigestRun = serde_json::from_str(payload)?;
    send_digests(state, run)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(())
}

/// Registers the digest job with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(DIGEST_JOB, |state, payload| {
        Box::pin(async move { run_digest_job(state, payload).await })
    });
}

/// The person's preferences and waiting items, for the RGPD export.
pub async fn export(db: &Db, user: UserId) -> AppResult<serde_json::Value> {
    let prefs = preferences(db, user).await?;
    let pending = repo::pending_of(db, user).await?;
    let mut map = serde_json::Map::new();
    for (k, c) in prefs {
        map.insert(k.as_str().into(), c.as_str().into());
    }
    Ok(serde_json::json!({
        "preferences": map,
        "pending": pending.iter().map(|p| serde_json::json!({
            "kind": p.kind, "digest": p.cadence, "subject": p.subject, "text": p.body,
            "created_at": crate::clock::rfc3339(p.created_at),
        })).collect::<Vec<_>>(),
    }))
}
