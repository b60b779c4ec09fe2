//! Newsletter issues: composing (by those who run the list: its network's animators, its
//! place's managers), building the blocks from the data, the test send, scheduling, and the
//! sending through the job queue — one delivery row per recipient claimed with a lease, in
//! batches throttled to `newsletter_rate_per_minute`, resumed by any node after a crash.

use serde::{Deserialize, Serialize};

use super::model::{
    self, Block, Content, DeliveryStatus, Entry, Figures, Issue, IssueStatus, Links, Section,
};
use super::render;
use super::repo::{self, Reach};
use crate::auth::Principal;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{IssueId, NewsListId};
use crate::mail::Mailer;
use crate::news::model::{ListScope, NewsList};
use crate::state::AppState;

/// The job that sends (a batch of) an issue.
pub const SEND_JOB: &str = "letter_send";
/// The job that sends a test copy to its editor.
pub const TEST_JOB: &str = "letter_test";

/// The list `id` if `who` runs it (animators of its network, managers of its place); 404
/// otherwise, as for a list that does not exist.
pub async fn runnable_list(
    state: &AppState,
    who: &Principal,
    id: NewsListId,
) -> AppResult<NewsList> {
    let l = crate::news::service::news_list(state, id).await?;
    if crate::news::service::may_write(state, Some(who), l.scope().scope()).await? {
        Ok(l)
    } else {
        Err(AppError::NotFound)
    }
}

/// The issue `id` and its list if `who` runs the list; 404 otherwise.
pub async fn writable(
    state: &AppState,
    who: &Principal,
    id: IssueId,
) -> AppResult<(Issue, NewsList)> {
    let issue = repo::issue_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let list = runnable_list(state, who, issue.list_id).await?;
    Ok((issue, list))
}

fn checked(subject: &str, blocks: Vec<Block>) -> AppResult<(String, String)> {
    let mut errors = FieldErrors::default();
    let subject = model::parse_subject(subject, &mut errors);
    let blocks = model::parse_blocks(blocks, &mut errors);
    errors.clone().into_result()?;
    let subject = subject.ok_or(AppError::Invalid(errors))?;
    let json = serde_json::to_string(&blocks).map_err(anyhow::Error::from)?;
    Ok((subject, json))
}

/// Creates a draft issue of a list.
pub async fn create(
    state: &AppState,
    who: &Principal,
    list: NewsListId,
    subject: &str,
    blocks: Vec<Block>,
) -> AppResult<Issue> {
    let l = runnable_list(state, who, list).await?;
    let (subject, json) = checked(subject, blocks)?;
    let id = repo::insert_issue(
        &state.db,
        l.id,
        &subject,
        &json,
        who.user.id,
        state.clock.now_ms(),
    )
    .await?;
    repo::issue_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Rewrites a draft or scheduled issue (409 once its sending started).
pub async fn update(
    state: &AppState,
    who: &Principal,
    id: IssueId,
    subject: &str,
    blocks: Vec<Block>,
) -> AppResult<()> {
    writable(state, who, id).await?;
    let (subject, json) = checked(subject, blocks)?;
    if !repo::update_issue(&state.db, id, &subject, &json, state.clock.now_ms()).await? {
        return Err(AppError::Conflict("issue_already_sent"));
    }
    Ok(())
}

/// The name of a list's network or place.
async fn owner_name(state: &AppState, l: &NewsList) -> AppResult<String> {
    Ok(match l.scope() {
        ListScope::Network(id) => crate::tenancy::repo::network_by_id(&state.db, id)
            .await?
            .map(|n| n.name),
        ListScope::Place(id) => crate::tenancy::repo::place_by_id(&state.db, id)
            .await?
            .map(|p| p.name),
    }
    .unwrap_or_default())
}

fn plural(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The French name of a job offer's kind (the `job_offers.kind` values).
fn job_kind_fr(kind: &str) -> &'static str {
    match kind {
        "cdi" => "CDI",
        "cdd" => "CDD",
        "freelance" => "Freelance",
        "stage" => "Stage",
        "alternance" => "Alternance",
        "service_civique" => "Service civique",
        "benevolat" => "Bénévolat",
        _ => "Offre",
    }
}

/// Builds an issue's blocks from the data as it is now: free texts as written, the others
/// read from the agenda, the news, the places, the projects, the trainings and the job offers
/// of the list's network (and its places) or place.
pub async fn build(state: &AppState, l: &NewsList, blocks: &[Block]) -> AppResult<Content> {
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let now = state.clock.now_ms();
    let reach = match l.scope() {
        ListScope::Network(n) => Reach::Network(n),
        ListScope::Place(p) => Reach::Place(p),
    };
    let mut sections = Vec::new();
    for b in blocks {
        let mut s = Section {
            kind: b.kind().to_string(),
            ..Default::default()
        };
        match b {
            Block::Text { body } => s.html = body.clone(),
            Block::Events {
                days,
                place_id,
                kind,
            } => {
                let (network, place) = match (l.scope(), place_id) {
                    (ListScope::Network(n), p) => (Some(n), *p),
                    (ListScope::Place(p), _) => (None, Some(p)),
                };
                let items = crate::events::service::digest::agenda_between(
                    state,
                    network,
                    place,
                    *kind,
                    (now, now + days * 86_400_000),
                    100,
                )
                .await?;
                s.heading = format!(
                    "Agenda des {}",
                    plural(*days, "prochain jour", "prochains jours")
                );
                s.empty = "Aucun événement annoncé sur cette période.".into();
                s.entries = items
                    .into_iter()
                    .map(|(i, place)| Entry {
                        url: format!("{base}/evenements/{}", i.event.id),
                        meta: if place.is_empty() {
                            i.when.clone()
                        } else {
                            format!("{} — {place}", i.when)
                        },
                        text: crate::text::excerpt(&i.event.description, 200),
                        title: i.event.title,
                    })
                    .collect();
            }
            Block::News { count } => {
                let rows =
                    repo::latest_news(&state.db, reach, now, count.unwrap_or(model::COUNT_DEFAULT))
                        .await?;
                s.heading = "Actualités".into();
                s.empty = "Pas d'actualité récente.".into();
                s.entries = rows
                    .into_iter()
                    .map(|r| Entry {
                        url: format!("{base}/actualites/{}", r.slug),
                        meta: crate::clock::paris_display(r.at),
                        text: crate::text::excerpt(&r.text, 200),
                        title: r.title,
                    })
                    .collect();
            }
            Block::Places { days } => {
                let days = days.unwrap_or(model::PLACES_DAYS_DEFAULT);
                let rows =
                    repo::new_places(&state.db, reach, now - days * 86_400_000, model::COUNT_MAX)
                        .await?;
                s.heading = "Nouveaux lieux sur la carte".into();
                s.empty = format!(
                    "Aucun nouveau lieu ces {}.",
                    plural(days, "dernier jour", "derniers jours")
                );
                s.entries = rows
                    .into_iter()
                    .map(|r| Entry {
                        url: format!("{base}/lieux/{}", r.slug),
                        meta: r.label,
                        text: crate::text::excerpt(&r.text, 200),
                        title: r.title,
                    })
                    .collect();
            }
            Block::Projects { count } => {
                let rows =
                    repo::open_projects(&state.db, reach, count.unwrap_or(model::COUNT_DEFAULT))
                        .await?;
                s.heading = "Projets qui cherchent des participants".into();
                s.empty = "Aucun projet en cours de création pour le moment.".into();
                s.entries = rows
                    .into_iter()
                    .map(|r| Entry {
                        url: format!("{base}/projets/{}", r.slug),
                        meta: r.label.lines().next().unwrap_or("").to_string(),
                        text: crate::text::excerpt(&r.text, 200),
                        title: r.title,
                    })
                    .collect();
            }
            Block::Trainings { count } => {
                let rows = repo::next_trainings(
                    &state.db,
                    reach,
                    now,
                    count.unwrap_or(model::COUNT_DEFAULT),
                )
                .await?;
                s.heading = "Formations".into();
                s.empty = "Aucune session de formation annoncée.".into();
                s.entries = rows
                    .into_iter()
                    .map(|r| Entry {
                        url: format!("{base}/formations/{}", r.slug),
                        meta: format!("Prochaine session : {}", crate::clock::paris_display(r.at)),
                        text: crate::text::excerpt(&r.text, 200),
                        title: r.title,
                    })
                    .collect();
            }
            Block::Jobs { count } => {
                let today = crate::clock::paris_date(now).format("%Y-%m-%d").to_string();
                let rows = repo::latest_jobs(
                    &state.db,
                    reach,
                    &today,
                    count.unwrap_or(model::COUNT_DEFAULT),
                )
                .await?;
                s.heading = "Offres d'emploi et de service civique".into();
                s.empty = "Aucune offre en cours.".into();
                s.entries = rows
                    .into_iter()
                    .map(|r| {
                        let (kind, city) = r.label.split_once('|').unwrap_or(("", ""));
                        Entry {
                            url: format!("{base}/emplois/{}", r.slug),
                            meta: format!("{} · {city}", job_kind_fr(kind)),
                            text: crate::text::excerpt(&r.text, 200),
                            title: r.title,
                        }
                    })
                    .collect();
            }
        }
        sections.push(s);
    }
    Ok(Content {
        list_name: l.name.clone(),
        owner_name: owner_name(state, l).await?,
        sections,
    })
}

/// Signs the links of recipients: the key is read once per batch.
pub struct Signer {
    key: String,
    base: String,
    list: NewsListId,
}

impl Signer {
    pub async fn new(state: &AppState, list: NewsListId) -> AppResult<Signer> {
        Ok(Signer {
            key: crate::news::service::subscriber_key(state).await?,
            base: state.config.base_url.trim_end_matches('/').to_string(),
            list,
        })
    }

    /// The links of `email`'s copy of `issue`.
    pub fn links(&self, issue: IssueId, email: &str) -> Links {
        let sig = crate::news::model::hmac_hex(
            self.key.as_bytes(),
            crate::news::model::subscriber_message(email).as_bytes(),
        );
        let list = self.list.to_string();
        let q = |pairs: &[(&str, &str)]| serde_urlencoded::to_string(pairs).unwrap_or_default();
        Links {
            archive: format!("{}/lettres/{issue}", self.base),
            unsubscribe: format!(
                "{}/lettres/desinscription?{}",
                self.base,
                q(&[("liste", &list), ("email", email), ("sig", &sig)])
            ),
            manage: format!(
                "{}/abonnements?{}",
                self.base,
                q(&[("email", email), ("sig", &sig)])
            ),
        }
    }
}

/// One recipient's message: HTML and plain-text parts, and the one-click unsubscription
/// headers of RFC 8058 (`List-Unsubscribe` with the signed HTTPS link, and
/// `List-Unsubscribe-Post`).
pub fn message(
    from: &str,
    to: &str,
    subject: &str,
    content: &Content,
    links: &Links,
    list: NewsListId,
) -> anyhow::Result<lettre::Message> {
    use lettre::message::header::{HeaderName, HeaderValue};
    let host = url::Url::parse(&links.archive)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "localhost".into());
    let raw = |name: &'static str, value: String| {
        HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
    };
    Ok(lettre::Message::builder()
        .from(from.parse()?)
        .to(to.parse()?)
        .subject(subject)
        .raw_header(raw("List-Id", format!("<liste-{list}.{host}>")))
        .raw_header(raw("List-Unsubscribe", format!("<{}>", links.unsubscribe)))
        .raw_header(raw(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        ))
        .raw_header(raw("Auto-Submitted", "auto-generated".into()))
        .multipart(lettre::message::MultiPart::alternative_plain_html(
            render::text(subject, content, links),
            render::html(subject, content, links),
        ))?)
}

#[derive(Serialize, Deserialize)]
struct SendPayload {
    issue: IssueId,
    /// The `send_at` the job was enqueued for: a job left by a schedule that was moved does
    /// nothing.
    at: i64,
}

#[derive(Serialize, Deserialize)]
struct TestPayload {
    issue: IssueId,
    to: String,
}

/// Sends an issue now (`send_at` absent or past) or schedules it. Scheduling again moves the
/// date; once the sending started, 409.
pub async fn send(
    state: &AppState,
    who: &Principal,
    id: IssueId,
    send_at: Option<i64>,
) -> AppResult<Issue> {
    let (issue, list) = writable(state, who, id).await?;
    launch(state, &issue, &list, send_at).await
}

/// Sends or schedules an issue whose editor was checked (and the demo's).
pub async fn launch(
    state: &AppState,
    issue: &Issue,
    list: &NewsList,
    send_at: Option<i64>,
) -> AppResult<Issue> {
    let id = issue.id;
    if !issue.editable() {
        return Err(AppError::Conflict("issue_already_sent"));
    }
    let now = state.clock.now_ms();
    let at = send_at.filter(|t| *t > now).unwrap_or(now);
    if !repo::schedule(&state.db, id, at, now).await? {
        return Err(AppError::Conflict("issue_already_sent"));
    }
    if at <= now {
        start(state, id, list).await?;
    }
    let payload =
        serde_json::to_string(&SendPayload { issue: id, at }).map_err(anyhow::Error::from)?;
    crate::jobs::enqueue_at(&state.db, SEND_JOB, &payload, at).await?;
    repo::issue_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Builds and freezes an issue's content and writes one delivery per confirmed subscriber;
/// the first caller does it, later ones find it done.
async fn start(state: &AppState, id: IssueId, list: &NewsList) -> AppResult<()> {
    let Some(issue) = repo::issue_by_id(&state.db, id).await? else {
        return Ok(());
    };
    if !issue.editable() {
        return Ok(());
    }
    let content = build(state, list, &issue.block_list()).await?;
    let json = serde_json::to_string(&content).map_err(anyhow::Error::from)?;
    if repo::freeze(&state.db, id, &json, state.clock.now_ms()).await? {
        let n = repo::write_deliveries(&state.db, id, list.id).await?;
        tracing::info!(issue = %id, recipients = n, "newsletter issue sending started");
    }
    Ok(())
}

/// Queues a copy of the issue as it is now to `who` (with "[Test]" in its subject).
pub async fn test_send(state: &AppState, who: &Principal, id: IssueId) -> AppResult<()> {
    writable(state, who, id).await?;
    let payload = serde_json::to_string(&TestPayload {
        issue: id,
        to: who.user.email.clone(),
    })
    .map_err(anyhow::Error::from)?;
    crate::jobs::enqueue(&state.db, TEST_JOB, &payload, state.clock.now_ms()).await
}

/// What a batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Batch {
    pub sent: i64,
    pub failed: i64,
    /// Given back to the queue after a temporary error.
    pub released: i64,
}

/// The sending of one issue by one node: the frozen content, the signer, the mailer.
pub struct Sender<'a> {
    state: &'a AppState,
    mailer: &'a Mailer,
    issue: Issue,
    content: Content,
    signer: Signer,
}

impl<'a> Sender<'a> {
    /// The sender of an issue whose sending started (`None` otherwise).
    pub async fn new(
        state: &'a AppState,
        mailer: &'a Mailer,
        id: IssueId,
    ) -> AppResult<Option<Sender<'a>>> {
        let Some(issue) = repo::issue_by_id(&state.db, id).await? else {
            return Ok(None);
        };
        let Some(content) = issue.frozen() else {
            return Ok(None);
        };
        let signer = Signer::new(state, issue.list_id).await?;
        Ok(Some(Sender {
            state,
            mailer,
            issue,
            content,
            signer,
        }))
    }

    /// Skips those who left, then claims up to `n` deliveries (leased).
    pub async fn claim(&self, n: i64) -> AppResult<Vec<repo::Claimed>> {
        let db = &self.state.db;
        repo::skip_departed(db, self.issue.id, self.issue.list_id).await?;
        repo::claim(
            db,
            self.issue.id,
            self.state.clock.now_ms(),
            n,
            model::LEASE_MS,
        )
        .await
    }

    /// Sends claimed deliveries one by one, recording each result at once. A permanent
    /// refusal (`5xx`) fails the delivery and suspends the address; a temporary one gives
    /// this delivery and the rest of the batch back to the queue and stops (the relay is
    /// likely down: the job retries later).
    pub async fn deliver(&self, claimed: Vec<repo::Claimed>) -> AppResult<Batch> {
        let db = &self.state.db;
        let mut out = Batch::default();
        let mut rest = claimed.into_iter();
        while let Some(d) = rest.next() {
            let links = self.signer.links(self.issue.id, &d.email);
            let result = match message(
                &self.state.config.mail_from,
                &d.email,
                &self.issue.subject,
                &self.content,
                &links,
                self.issue.list_id,
            ) {
                Ok(msg) => self.mailer.send_message(msg).await,
                Err(e) => Err(e),
            };
            let now = self.state.clock.now_ms();
            match result {
                Ok(()) => {
                    repo::settle(db, d.id, DeliveryStatus::Sent, None, now).await?;
                    out.sent += 1;
                }
                Err(e)
                    if crate::mail::is_permanent(&e) || e.is::<lettre::address::AddressError>() =>
                {
                    let error: String = e.to_string().chars().take(500).collect();
                    repo::settle(db, d.id, DeliveryStatus::Failed, Some(&error), now).await?;
                    repo::suspend(db, &d.email, &error, now).await?;
                    out.failed += 1;
                }
                Err(e) => {
                    let error: String = e.to_string().chars().take(500).collect();
                    let status = if d.attempts >= model::ATTEMPTS_MAX {
                        out.failed += 1;
                        DeliveryStatus::Failed
                    } else {
                        out.released += 1;
                        DeliveryStatus::Pending
                    };
                    repo::settle(db, d.id, status, Some(&error), now).await?;
                    for other in rest.by_ref() {
                        repo::settle(db, other.id, DeliveryStatus::Pending, None, now).await?;
                        out.released += 1;
                    }
                    tracing::warn!(issue = %self.issue.id, error = %error, "newsletter batch stopped by a temporary error");
                }
            }
        }
        metrics::counter!("maillage_newsletter_messages_total", "outcome" => "sent")
            .increment(out.sent as u64);
        Ok(out)
    }
}

/// The batch size and the pause after a batch of `n` messages for the configured rate.
pub fn pace(rate_per_minute: i64, n: i64) -> (i64, i64) {
    let rate = rate_per_minute.max(1);
    (rate.min(model::BATCH_MAX), n * 60_000 / rate)
}

/// The sending job: starts a scheduled issue when due, sends one batch, and queues the next
/// batch after the pause the rate asks for, or marks the issue sent.
async fn run_send(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: SendPayload = serde_json::from_str(payload)?;
    let Some(issue) = repo::issue_by_id(&state.db, p.issue).await? else {
        return Ok(());
    };
    // A schedule moved or cancelled since this job was queued: its own job does the work.
    if issue.send_at != Some(p.at) {
        return Ok(());
    }
    match issue.status {
        IssueStatus::Draft | IssueStatus::Sent => return Ok(()),
        IssueStatus::Scheduled => {
            let list = crate::news::service::news_list(state, issue.list_id).await?;
            start(state, issue.id, &list).await?;
        }
        IssueStatus::Sending => {}
    }
    let mailer = Mailer::from_config(&state.config)?;
    let Some(sender) = Sender::new(state, &mailer, issue.id).await? else {
        return Ok(());
    };
    let started = state.clock.now_ms();
    let (batch, _) = pace(state.config.newsletter_rate_per_minute, 0);
    let claimed = sender.claim(batch).await?;
    let handed = claimed.len() as i64;
    let done = sender.deliver(claimed).await?;
    if done.released > 0 && done.sent == 0 {
        // The relay refuses for now: this job is tried again later (with the queue's
        // backoff) rather than followed by the next batch.
        anyhow::bail!("the SMTP relay refused the batch for now");
    }
    let now = state.clock.now_ms();
    let (open, lease) = repo::remaining(&state.db, issue.id, now).await?;
    let next = if open > 0 {
        let (_, pause) = pace(state.config.newsletter_rate_per_minute, handed);
        Some((started + pause).max(now))
    } else {
        // Deliveries held by another node: look again when their lease ends.
        lease.map(|l| l + 1)
    };
    match next {
        Some(at) => crate::jobs::enqueue_at(&state.db, SEND_JOB, payload, at).await?,
        None => {
            if repo::finish(&state.db, issue.id, now).await? {
                tracing::info!(issue = %issue.id, "newsletter issue sent");
            }
        }
    }
    Ok(())
}

/// The test job: the issue built as it is now, to its editor.
async fn run_test(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: TestPayload = serde_json::from_str(payload)?;
    let Some(issue) = repo::issue_by_id(&state.db, p.issue).await? else {
        return Ok(());
    };
    let list = crate::news::service::news_list(state, issue.list_id).await?;
    let content = match issue.frozen() {
        Some(c) => c,
        None => build(state, &list, &issue.block_list()).await?,
    };
    let links = Signer::new(state, list.id).await?.links(issue.id, &p.to);
    let msg = message(
        &state.config.mail_from,
        &p.to,
        &format!("[Test] {}", issue.subject),
        &content,
        &links,
        list.id,
    )?;
    Mailer::from_config(&state.config)?.send_message(msg).await
}

/// Registers the sending jobs with the worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(SEND_JOB, |state, payload| {
        Box::pin(run_send(state, payload))
    });
    registry.register(TEST_JOB, |state, payload| {
        Box::pin(run_test(state, payload))
    });
}

/// One-click unsubscription (RFC 8058) or the button of its page: leaves the list at once
/// and skips the pending deliveries to the address (403 for a wrong signature).
pub async fn unsubscribe(
    state: &AppState,
    list: NewsListId,
    email: &str,
    sig: &str,
) -> AppResult<()> {
    crate::news::service::unsubscribe(state, email, sig, list).await?;
    repo::skip_address(&state.db, list, email).await?;
    Ok(())
}

/// Checks the signature of an unsubscription link (its page, before the button).
pub async fn check_link(state: &AppState, email: &str, sig: &str) -> AppResult<()> {
    if crate::news::service::check_subscriber(state, email, sig).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The delivery figures of an issue.
pub async fn figures(state: &AppState, issue: &Issue) -> AppResult<Figures> {
    repo::figures(&state.db, issue).await
}

/// An issue's public page: once its sending started, its frozen content (404 before).
pub async fn archived(state: &AppState, id: IssueId) -> AppResult<(Issue, Content)> {
    let issue = repo::issue_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let content = issue.frozen().ok_or(AppError::NotFound)?;
    Ok((issue, content))
}

/// The sent issues of a list (its public archive).
pub async fn archive_of(state: &AppState, list: NewsListId) -> AppResult<Vec<Issue>> {
    repo::issues_of(&state.db, list, true).await
}

/// The issues of a list for its editors, with the figures of those being or already sent.
pub async fn issues_of(
    state: &AppState,
    who: &Principal,
    list: NewsListId,
) -> AppResult<(
    NewsList,
    Vec<(Issue, Option<Figures>)>,
    Vec<repo::Suspended>,
    i64,
)> {
    let l = runnable_list(state, who, list).await?;
    let issues = repo::issues_of(&state.db, l.id, false).await?;
    let mut figures = repo::figures_of_many(&state.db, &issues.iter().collect::<Vec<_>>()).await?;
    let out = issues
        .into_iter()
        .map(|i| {
            let f = figures.remove(&i.id);
            (i, f)
        })
        .collect();
    let suspended = repo::suspended_of(&state.db, l.id).await?;
    let subscribers = repo::subscriber_count(&state.db, l.id).await?;
    Ok((l, out, suspended, subscribers))
}

#[cfg(test)]
mod tests {
    #[test]
    fn pace_follows_the_rate() {
        assert_eq!(super::pace(600, 200), (200, 20_000));
        assert_eq!(super::pace(60, 60), (60, 60_000));
        assert_eq!(super::pace(1_000_000, 200).0, 200);
    }
}
