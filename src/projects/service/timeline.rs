//! The timeline of a project: everything that happened, newest first, with who and when.
//! Changes that leave no trace of their own (phase progress, funding applications and their
//! status, budget lines, holders, stakeholders, the project's description) are written to
//! `project_events` in the same transaction as the change; the rest is read from rows that
//! already carry who and when: the project itself, canvas versions, meetings held and minutes
//! published in the project's groups, documents added to the project's library and its
//! groups' libraries.

use crate::auth::Principal;
use crate::db::Db;
use crate::documents::model::Scope;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::projects::model::{Project, TimelineKind};
use crate::projects::repo;
use crate::state::AppState;

/// One line of the timeline.
#[derive(Debug, Clone)]
pub struct Entry {
    pub at: i64,
    pub kind: TimelineKind,
    /// The sentence, in the reader's language.
    pub text: String,
    /// Who did it (empty when unknown).
    pub who: String,
    /// A page about it, when there is one.
    pub link: String,
}

async fn user_name(db: &Db, id: Option<UserId>) -> AppResult<String> {
    Ok(match id {
        Some(id) => crate::accounts::repo::user_by_id(db, id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default(),
        None => String::new(),
    })
}

/// The sentence of a recorded event: its label holds one or two values, one per line.
fn event_text(lang: Lang, kind: TimelineKind, label: &str) -> String {
    let mut parts = label.splitn(2, '\n');
    let a = parts.next().unwrap_or("").to_string();
    let b = parts.next().unwrap_or("").to_string();
    let b = match kind {
        TimelineKind::FundingCreated | TimelineKind::FundingStatus => {
            lang.t(&format!("projects-funding-status-{b}"))
        }
        TimelineKind::BudgetAdded | TimelineKind::BudgetUpdated => {
            b.parse::<i64>().map(crate::money::format_eur).unwrap_or(b)
        }
        _ => b,
    };
    lang.ta(
        &format!("projects-event-{}", kind.as_str().replace('_', "-")),
        &[("a", &a), ("b", &b)],
    )
}

/// How many lines a page of the timeline shows.
pub const PER_PAGE: i64 = 50;

/// The newest `newest` things that happened in the project, newest first (every source read
/// up to `newest` rows, then merged): a constant number of statements whatever the length of
/// the project's history. A page `n` of [`PER_PAGE`] lines asks for `n × PER_PAGE + 1` and
/// shows its slice (the extra line says an older page exists).
pub async fn entries(
    state: &AppState,
    who: Option<&Principal>,
    p: &Project,
    lang: Lang,
    newest: i64,
) -> AppResult<Vec<Entry>> {
    let db = &state.db;
    let now = state.clock.now_ms();
    let mut out = vec![Entry {
        at: p.created_at,
        kind: TimelineKind::ProjectCreated,
        text: lang.ta("projects-event-project-created", &[("a", &p.name)]),
        who: user_name(db, p.created_by).await?,
        link: format!("/projets/{}", p.slug),
    }];
    for e in repo::events(db, p.id, newest).await? {
        out.push(Entry {
            at: e.at,
            text: event_text(lang, e.kind, &e.label),
            kind: e.kind,
            who: e.actor.unwrap_or_default(),
            link: String::new(),
        });
    }
    for v in repo::canvas_versions_newest(db, p.id, newest).await? {
        out.push(Entry {
            at: v.created_at,
            kind: TimelineKind::CanvasVersion,
            text: lang.ta("projects-event-canvas-version", &[("a", &v.id.to_string())]),
            who: v.author_name.unwrap_or_default(),
            link: format!("/projets/{}/canevas/versions", p.slug),
        });
    }
    let groups = crate::groups::service::groups_of_project(db, p.id).await?;
    let ids: Vec<_> = groups.iter().map(|g| g.id).collect();
    let by_id: std::collections::HashMap<_, _> = groups.iter().map(|g| (g.id, g)).collect();
    let (held, minutes) =
        crate::groups::service::meetings_for_timeline(db, &ids, now, newest).await?;
    for m in held {
        let Some(g) = by_id.get(&m.group_id) else {
            continue;
        };
        let title = crate::groups::service::meeting_title(g, &m);
        out.push(Entry {
            at: m.starts_at,
            kind: TimelineKind::MeetingHeld,
            text: lang.ta("projects-event-meeting-held", &[("a", &title)]),
            who: g.name.clone(),
            link: format!("/reunions/{}", m.id),
        });
    }
    for m in minutes {
        let (Some(g), Some(at)) = (by_id.get(&m.group_id), m.minutes_published_at) else {
            continue;
        };
        let title = crate::groups::service::meeting_title(g, &m);
        out.push(Entry {
            at,
            kind: TimelineKind::MinutesPublished,
            text: lang.ta("projects-event-minutes-published", &[("a", &title)]),
            who: g.name.clone(),
            link: format!("/reunions/{}", m.id),
        });
    }
    let mut scopes = vec![Scope::Project(p.id)];
    scopes.extend(ids.iter().map(|g| Scope::Group(*g)));
    let docs = crate::documents::service::readable_newest(state, who, &scopes, newest).await?;
    let authors: Vec<UserId> = docs.iter().filter_map(|d| d.created_by).collect();
    let names = crate::accounts::repo::display_names(db, &authors).await?;
    for d in docs {
        out.push(Entry {
            at: d.created_at,
            kind: TimelineKind::DocumentAdded,
            text: lang.ta("projects-event-document-added", &[("a", &d.title)]),
            who: d
                .created_by
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default(),
            link: format!("/documents/{}", d.id),
        });
    }
    // Newest first; at the same instant, the project's creation last.
    out.sort_by(|a, b| {
        b.at.cmp(&a.at).then(
            (a.kind == TimelineKind::ProjectCreated).cmp(&(b.kind == TimelineKind::ProjectCreated)),
        )
    });
    out.truncate(newest.max(0) as usize);
    Ok(out)
}

/// Page `page` (from 1) of the timeline, and whether an older page exists.
pub async fn page(
    state: &AppState,
    who: Option<&Principal>,
    p: &Project,
    lang: Lang,
    page: i64,
) -> AppResult<(Vec<Entry>, bool)> {
    // A bound on how far back a reader pages (200 pages of 50 lines).
    let page = page.clamp(1, 200);
    let mut all = entries(state, who, p, lang, page * PER_PAGE + 1).await?;
    let more = all.len() as i64 > page * PER_PAGE;
    all.truncate((page * PER_PAGE) as usize);
    let skip = ((page - 1) * PER_PAGE) as usize;
    Ok((all.split_off(skip.min(all.len())), more))
}
