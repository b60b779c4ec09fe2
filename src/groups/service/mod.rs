//! Use cases of groups shared by the HTML pages and the API: authorization targets, creation
//! with its checks, meetings with invitations (`.ics`), minutes publication, action reminders
//! and the meetings of a recurring slot.

mod meetings;
mod scope;
mod slots;

pub use meetings::*;
pub use scope::*;
pub use slots::*;

use chrono::{Duration, NaiveDate, TimeZone};
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};

use super::model::{
    self, ActionItemStatus, Group, GroupJoining, GroupKind, GroupMemberDecision, GroupMemberStatus,
    GroupRole, GroupVisibility, Meeting, MeetingAttendance, Membership,
};
use super::repo::{self, NewGroup};
use crate::auth::policy::{authorize, Action, Target};
use crate::auth::Principal;
use crate::db::Db;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::ids::{GroupId, MeetingId, NetworkId, PlaceId, ProjectId, UserId};
use crate::mail::Email;
use crate::state::AppState;
use crate::tenancy::repo as tenancy;

/// A group to create, as the page, the API or a project's workspace sends it. A closed list's
/// value is `None` when the caller's text was not one of its values: the caller read it with
/// [`crate::form::parse::parse_enum`] and its error is in `errors`, reported with the others.
pub struct GroupInput<'a> {
    pub name: &'a str,
    pub kind: Option<GroupKind>,
    pub purpose: &'a str,
    pub visibility: Option<GroupVisibility>,
    pub joining: Option<GroupJoining>,
    pub autonomous: bool,
    pub network_id: Option<NetworkId>,
    pub place_id: Option<PlaceId>,
    pub project_id: Option<ProjectId>,
    /// What went wrong reading the fields at the edge.
    pub errors: FieldErrors,
}

impl GroupInput<'_> {
    /// Kind, visibility and joining read from their texts (a page's or the API's fields).
    pub fn parse_choices(
        kind: &str,
        visibility: &str,
        joining: &str,
        errors: &mut FieldErrors,
    ) -> (
        Option<GroupKind>,
        Option<GroupVisibility>,
        Option<GroupJoining>,
    ) {
        use crate::form::parse::parse_enum;
        (
            parse_enum(kind, "kind", errors),
            parse_enum(visibility, "visibility", errors),
            parse_enum(joining, "joining", errors),
        )
    }
}

/// Creates a group after validation and authorization: managers of the place create its
/// clubs, admins of the network its board and commissions, holders and advisors of a project
/// its groups (holders' group, a focus group per planned use…).
pub async fn create_group(
    state: &AppState,
    who: &Principal,
    input: GroupInput<'_>,
) -> AppResult<Group> {
    let mut errors = FieldErrors::default();
    let name = model::parse_name(input.name, &mut errors);
    for (field, key) in input.errors.0 {
        errors.add(field, key);
    }
    let (kind, visibility, joining) = (input.kind, input.visibility, input.joining);
    let purpose = crate::form::parse::parse_rich(input.purpose, "purpose", &mut errors);
    let attached = [
        input.network_id.is_some(),
        input.place_id.is_some(),
        input.project_id.is_some(),
    ]
    .iter()
    .filter(|x| **x)
    .count();
    if attached != 1 {
        errors.add("place_id", "groups-attach-one");
    }
    let mut project_target = None;
    if let Some(pid) = input.project_id {
        match crate::tenancy::service::project_scope(state, pid.get()).await? {
            Some(project) => {
                // A private project does not exist for outsiders.
                if !project.may_see(Some(who)) {
                    return Err(AppError::NotFound);
                }
                project_target = Some(project.target);
            }
            None => errors.add("project_id", "groups-unknown-parent"),
        }
    }
    if let Some(pid) = input.place_id {
        if tenancy::place_by_id(&state.db, pid).await?.is_none() {
            errors.add("place_id", "groups-unknown-parent");
        }
    }
    if let Some(nid) = input.network_id {
        if tenancy::network_by_id(&state.db, nid).await?.is_none() {
            errors.add("network_id", "groups-unknown-parent");
        }
    }
    errors.clone().into_result()?;
    // Authorization once the parent is known to exist.
    match (input.network_id, input.place_id) {
        (Some(n), _) => authorize(Some(who), Action::ManageNetwork, &Target::Network(n.get()))?,
        (None, Some(p)) => {
            let t = crate::tenancy::service::place_target(state, p).await?;
            authorize(Some(who), Action::ManagePlace, &t)?
        }
        _ => match &project_target {
            Some(t) => authorize(Some(who), Action::ManageProject, t)?,
            None => authorize(Some(who), Action::AdministerInstance, &Target::Instance)?,
        },
    }
    let (Some((name, slug)), Some(kind), Some(visibility), Some(joining)) =
        (name, kind, visibility, joining)
    else {
        return Err(AppError::Invalid(errors));
    };
    // A group is never more visible than its project (`auth::policy::may_see_scope`).
    if let Some(t) = &project_target {
        if visibility == model::GroupVisibility::Public
            && !crate::auth::policy::may_see_scope(None, t)
        {
            return Err(AppError::Invalid(FieldErrors::one(
                "visibility",
                "groups-visibility-capped",
            )));
        }
    }
    repo::insert_group(
        &state.db,
        NewGroup {
            name: &name,
            slug: &slug,
            kind,
            purpose: &purpose,
            visibility,
            joining,
            autonomous: input.autonomous,
            network_id: input.network_id,
            place_id: input.place_id,
            project_id: input.project_id,
            now: state.clock.now_ms(),
        },
    )
    .await
}

/// The name shown as president: the current président·e, or for a club without one, the place
/// ("Présidence par intérim : <lieu>").
pub async fn interim_president(
    state: &AppState,
    g: &Group,
    members: &[Membership],
) -> AppResult<Option<String>> {
    let now = state.clock.now_ms();
    if members
        .iter()
        .any(|m| m.role == GroupRole::President && m.is_current(now))
    {
        return Ok(None);
    }
    Ok(match g.place_id {
        Some(p) => tenancy::place_by_id(&state.db, p).await?.map(|p| p.name),
        None => None,
    })
}

// ---- action items and their reminders ----

pub const REMINDER_JOB: &str = "group_action_reminder";

#[derive(Serialize, Deserialize)]
struct ReminderPayload {
    action_id: i64,
    due_on: String,
}

/// 8:00 (Paris) the day before `due_on`.
pub fn reminder_at(due_on: &str) -> Option<i64> {
    let d = NaiveDate::parse_from_str(due_on, "%Y-%m-%d").ok()?;
    let local = (d - Duration::days(1)).and_hms_opt(8, 0, 0)?;
    Paris
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.timestamp_millis())
}

/// Schedules the reminder of an action item with an owner and a due date.
pub async fn schedule_reminder(
    state: &AppState,
    action_id: i64,
    due_on: Option<&str>,
) -> AppResult<()> {
    let Some(due) = due_on else { return Ok(()) };
    let Some(at) = reminder_at(due) else {
        return Ok(());
    };
    let payload = serde_json::to_string(&ReminderPayload {
        action_id,
        due_on: due.to_string(),
    })
    .map_err(anyhow::Error::from)?;
    crate::jobs::enqueue_at(
        &state.db,
        REMINDER_JOB,
        &payload,
        at.max(state.clock.now_ms()),
    )
    .await
}

/// The job: emails the owner if the action is still open and its due date unchanged.
pub async fn run_reminder(state: &AppState, payload: &str) -> anyhow::Result<()> {
    let p: ReminderPayload = serde_json::from_str(payload)?;
    let Some(a) = repo::action_by_id(&state.db, p.action_id).await? else {
        return Ok(());
    };
    if a.status == ActionItemStatus::Done || a.due_on.as_deref() != Some(p.due_on.as_str()) {
        return Ok(());
    }
    let Some(owner) = a.owner_id else {
        return Ok(());
    };
    let Some(user) = crate::accounts::repo::user_by_id(&state.db, owner).await? else {
        return Ok(());
    };
    let due = NaiveDate::parse_from_str(&p.due_on, "%Y-%m-%d")?
        .format("%d/%m/%Y")
        .to_string();
    let lang = crate::i18n::Lang::Fr;
    crate::notifications::notify(
        &state.db,
        state.clock.now_ms(),
        crate::notifications::Kind::Groups,
        &Email {
            to: user.email,
            subject: lang.ta(
                "groups-mail-action-subject",
                &[("title", &a.title), ("due", &due)],
            ),
            text: lang.ta(
                "groups-mail-action-body",
                &[
                    ("name", &user.display_name),
                    ("title", &a.title),
                    ("group", &a.group_name),
                    ("due", &due),
                    ("link", &format!("{}/mes-actions", state.config.base_url)),
                ],
            ) + "\n",
            attachments: vec![],
        },
    )
    .await?;
    Ok(())
}

/// Joins `g`: active at once when joining is open, a request (`pending`) otherwise;
/// invitation-only groups refuse (403). A second request while one is pending or active is a
/// conflict.
pub async fn join(state: &AppState, g: &Group, user_id: UserId) -> AppResult<Membership> {
    let status = match g.joining {
        GroupJoining::Open => GroupMemberStatus::Active,
        GroupJoining::Request => GroupMemberStatus::Pending,
        GroupJoining::Invitation => return Err(AppError::Forbidden),
    };
    let now = state.clock.now_ms();
    let existing = repo::memberships(&state.db, g.id).await?;
    if existing.iter().any(|m| {
        m.user_id == user_id && (m.status == GroupMemberStatus::Pending || m.is_current(now))
    }) {
        return Err(AppError::Conflict("already_member"));
    }
    let id = repo::insert_membership(
        &state.db,
        repo::NewMembership {
            group_id: g.id,
            user_id,
            role: GroupRole::Member,
            status,
            mandate_start: None,
            mandate_end: None,
            now,
        },
    )
    .await?;
    if status == GroupMemberStatus::Active {
        repo::invite_to_upcoming(&state.db, g.id, user_id, now).await?;
    }
    repo::membership_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// How many decisions the register shows.
pub const REGISTER_LIMIT: i64 = 200;

/// Decisions matching `query` (all words, accents ignored) whose minutes `who` may read,
/// newest meetings first, at most [`REGISTER_LIMIT`]: every decision of the groups whose
/// internal minutes they read (members and managers: `may_read_internal`), and the decisions
/// of public minutes of the groups they see (`may_see`). Read in one statement
/// (`repo::readable_decisions`), whatever the number of groups.
pub async fn readable_decisions(
    state: &AppState,
    who: Option<&Principal>,
    group_id: Option<GroupId>,
    query: &str,
) -> AppResult<Vec<model::Decision>> {
    let v = viewer(who, state.clock.now_ms());
    repo::readable_decisions(&state.db, &v, group_id, query, REGISTER_LIMIT).await
}

pub async fn create_action(
    state: &AppState,
    g: &Group,
    title: &str,
    owner_id: Option<UserId>,
    due_on: Option<&str>,
    meeting_id: Option<MeetingId>,
) -> AppResult<model::ActionItem> {
    let id = repo::insert_action(
        &state.db,
        repo::NewAction {
            group_id: g.id,
            meeting_id,
            title,
            owner_id,
            due_on,
            now: state.clock.now_ms(),
        },
    )
    .await?;
    if owner_id.is_some() {
        schedule_reminder(state, id, due_on).await?;
    }
    repo::action_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn update_action(
    state: &AppState,
    _g: &Group,
    a: &model::ActionItem,
    status: ActionItemStatus,
    owner_id: Option<UserId>,
    due_on: Option<&str>,
) -> AppResult<model::ActionItem> {
    repo::update_action(
        &state.db,
        a.id,
        status,
        owner_id,
        due_on,
        state.clock.now_ms(),
    )
    .await?;
    if owner_id.is_some()
        && status != ActionItemStatus::Done
        && (due_on != a.due_on.as_deref() || owner_id != a.owner_id)
    {
        schedule_reminder(state, a.id, due_on).await?;
    }
    repo::action_by_id(&state.db, a.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Tells a person they are invited to a group, with their role: to accept or decline from
/// their account (`locale` is theirs), or, without an account (`None`), to create one with
/// this address first.
pub async fn notify_invited(
    state: &AppState,
    g: &Group,
    to: &str,
    role: GroupRole,
    locale: Option<&str>,
) -> AppResult<()> {
    let lang = locale
        .and_then(crate::i18n::Lang::parse)
        .unwrap_or(crate::i18n::Lang::Fr);
    let role = lang.t(&role.label_key());
    let base = &state.config.base_url;
    let link = match locale {
        Some(_) => format!("{base}/compte/invitations"),
        None => format!("{base}/inscription"),
    };
    let body = if locale.is_some() {
        "groups-mail-invited-body"
    } else {
        "groups-mail-invited-new-body"
    };
    crate::notifications::notify(
        &state.db,
        state.clock.now_ms(),
        crate::notifications::Kind::Groups,
        &Email {
            to: to.to_string(),
            subject: lang.ta("groups-mail-invited-subject", &[("group", &g.name)]),
            text: lang.ta(
                body,
                &[("group", &g.name), ("role", &role), ("link", &link)],
            ) + "\n",
            attachments: vec![],
        },
    )
    .await
}
/// Registers the reminders of action items with the job worker.
pub fn register_jobs(registry: &mut crate::jobs::Registry) {
    registry.register(REMINDER_JOB, |state, payload| {
        Box::pin(run_reminder(state, payload))
    });
}

// ---- what other areas read of groups ----

pub async fn group(db: &Db, id: GroupId) -> AppResult<Option<Group>> {
    repo::group_by_id(db, id).await
}

pub async fn group_by_slug(db: &Db, slug: &str) -> AppResult<Option<Group>> {
    repo::group_by_slug(db, slug).await
}

/// The groups attached to a project (its holders' group, focus groups…), by name.
pub async fn groups_of_project(db: &Db, project_id: ProjectId) -> AppResult<Vec<Group>> {
    repo::groups_of_project(db, project_id).await
}

/// The meetings of a group, newest first.
pub async fn meetings_of_group(db: &Db, group_id: GroupId) -> AppResult<Vec<Meeting>> {
    repo::meetings_of_group(db, group_id).await
}

/// The newest meetings held (before `now`) and minutes published by the groups `ids`, at
/// most `limit` of each (a project's timeline), in two statements.
pub async fn meetings_for_timeline(
    db: &Db,
    ids: &[GroupId],
    now: i64,
    limit: i64,
) -> AppResult<(Vec<Meeting>, Vec<Meeting>)> {
    repo::meetings_for_timeline(db, ids, now, limit).await
}

/// The action items of a group.
pub async fn actions_of_group(db: &Db, group_id: GroupId) -> AppResult<Vec<model::ActionItem>> {
    repo::actions(db, Some(group_id), None, None).await
}

/// The open action items with a due date of the groups of these projects, soonest first, in
/// one statement (the advisors' dashboard reads them for a page of projects).
pub async fn open_dated_actions_of_projects(
    db: &Db,
    projects: &[ProjectId],
) -> AppResult<Vec<model::ProjectAction>> {
    repo::open_dated_actions_of_projects(db, projects).await
}

/// Adds `user_id` to a group with `role` unless they already hold a current membership;
/// `false` when they did.
pub async fn ensure_member(
    state: &AppState,
    group_id: GroupId,
    user_id: UserId,
    role: GroupRole,
) -> AppResult<bool> {
    let now = state.clock.now_ms();
    let members = repo::memberships(&state.db, group_id).await?;
    if members
        .iter()
        .any(|m| m.user_id == user_id && m.is_current(now))
    {
        return Ok(false);
    }
    repo::insert_membership(
        &state.db,
        repo::NewMembership {
            group_id,
            user_id,
            role,
            status: GroupMemberStatus::Active,
            mandate_start: None,
            mandate_end: None,
            now,
        },
    )
    .await?;
    Ok(true)
}

/// Ends the current membership of `user_id` in a group (kept for history), if any.
pub async fn end_member(state: &AppState, group_id: GroupId, user_id: UserId) -> AppResult<()> {
    let now = state.clock.now_ms();
    let members = repo::memberships(&state.db, group_id).await?;
    if let Some(m) = members
        .iter()
        .find(|m| m.user_id == user_id && m.is_current(now))
    {
        repo::end_membership(&state.db, m.id, now).await?;
    }
    Ok(())
}

// ---- the writes of the pages and the API: one path for both ----

/// Whom a manager adds: an account id (API) or an e-mail address (page, API).
pub enum MemberRef<'a> {
    Id(UserId),
    Email(&'a str),
}

/// A member a manager adds, as read from a form or a JSON body.
pub struct NewMember<'a> {
    /// `None` when the caller's text was not a role (its error is in `errors`).
    pub role: Option<GroupRole>,
    pub person: Option<MemberRef<'a>>,
    /// The field an unknown person is reported on (`email` on the page, `user_id` in the API).
    pub person_field: &'static str,
    pub mandate_start: Option<i64>,
    pub mandate_end: Option<i64>,
    /// What went wrong reading the role and the dates (their format is the caller's).
    pub errors: FieldErrors,
}

/// Invites a member to `g` (its managers; the caller checked): a known role, a mandate
/// following [`model::check_mandate`], a person by account id or by email. Nobody becomes a
/// member without consent: an account gets an `invited` membership (no rights, not listed as
/// theirs) that they accept or decline from their account's invitations page, and an email
/// saying so. An address without an account gets an email inviting them to create one, and the
/// invitation is kept (30 days) for the account they create with it ([`invitations_of`]). By
/// email the answer is the same whether or not an account has the address (`None`: no
/// account oracle); by id, the invited membership.
pub async fn add_member(
    state: &AppState,
    g: &Group,
    new: NewMember<'_>,
) -> AppResult<Option<Membership>> {
    let mut errors = FieldErrors::default();
    let role = new.role;
    for (field, key) in new.errors.0 {
        errors.add(field, key);
    }
    model::check_mandate(new.mandate_start, new.mandate_end, &mut errors);
    let (user, by_email) = match new.person {
        Some(MemberRef::Id(id)) => (
            crate::accounts::repo::user_by_id(&state.db, id).await?,
            None,
        ),
        Some(MemberRef::Email(e)) => match crate::accounts::model::normalize_email(e) {
            Ok(email) => (
                crate::accounts::repo::user_by_email(&state.db, &email).await?,
                Some(email),
            ),
            Err(k) => {
                errors.add(new.person_field, k);
                (None, None)
            }
        },
        None => {
            errors.add(new.person_field, "field-required");
            (None, None)
        }
    };
    if user.is_none() && by_email.is_none() && !errors.has(new.person_field) {
        errors.add(new.person_field, "groups-unknown-user");
    }
    let (Some(role), true) = (role, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let Some(user) = user else {
        // An address without an account: the same answer as for an account, and the
        // invitation is kept for the account that address may have later.
        if let Some(email) = by_email {
            let now = state.clock.now_ms();
            repo::insert_email_invitation(
                &state.db,
                repo::NewEmailInvitation {
                    group_id: g.id,
                    email: &email,
                    role,
                    mandate_start: new.mandate_start,
                    mandate_end: new.mandate_end,
                    now,
                    expires_at: now + EMAIL_INVITATION_MS,
                },
            )
            .await?;
            notify_invited(state, g, &email, role, None).await?;
        }
        return Ok(None);
    };
    let id = repo::insert_membership(
        &state.db,
        repo::NewMembership {
            group_id: g.id,
            user_id: user.id,
            role,
            status: GroupMemberStatus::Invited,
            mandate_start: new.mandate_start,
            mandate_end: new.mandate_end,
            now: state.clock.now_ms(),
        },
    )
    .await?;
    notify_invited(state, g, &user.email, role, Some(&user.locale)).await?;
    if by_email.is_some() {
        return Ok(None);
    }
    repo::membership_by_id(&state.db, id).await
}

/// How long an invitation sent to an address without an account waits for that account.
const EMAIL_INVITATION_MS: i64 = 30 * 86_400_000;

/// The invitations to groups waiting for this person's answer. The invitations sent to their
/// (confirmed) address before their account existed become `invited` memberships here first.
pub async fn invitations_of(
    state: &AppState,
    who: &Principal,
) -> AppResult<Vec<(Group, Membership)>> {
    if who.user.email_confirmed_at.is_some() {
        repo::claim_email_invitations(
            &state.db,
            who.user.id,
            &who.user.email,
            state.clock.now_ms(),
        )
        .await?;
    }
    let mut out = Vec::new();
    for m in repo::invited_memberships(&state.db, who.user.id).await? {
        if let Some(g) = repo::group_by_id(&state.db, m.group_id).await? {
            out.push((g, m));
        }
    }
    Ok(out)
}

/// The invited person answers: `accept` makes the membership active (and invites them to the
/// meetings ahead), otherwise it is refused. 404 for a membership that is not theirs or not an
/// invitation.
pub async fn answer_invitation(
    state: &AppState,
    who: &Principal,
    membership_id: i64,
    accept: bool,
) -> AppResult<Group> {
    let m = repo::membership_by_id(&state.db, membership_id)
        .await?
        .filter(|m| m.user_id == who.user.id && m.status == GroupMemberStatus::Invited)
        .ok_or(AppError::NotFound)?;
    let g = repo::group_by_id(&state.db, m.group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::change_membership(
        &state.db,
        repo::MembershipChange {
            id: m.id,
            group_id: m.group_id,
            user_id: m.user_id,
            status: Some(if accept {
                GroupMemberStatus::Active
            } else {
                GroupMemberStatus::Refused
            }),
            mandate_end: None,
            now: state.clock.now_ms(),
        },
    )
    .await?;
    Ok(g)
}

/// A manager approves (`active`, invited to the meetings ahead) or refuses a membership,
/// and/or ends its mandate at `mandate_end` (after its start: [`model::check_mandate`]). An
/// invitation is the invited person's to accept: a manager approving it is a conflict (409).
pub async fn update_member(
    state: &AppState,
    m: &Membership,
    status: Option<GroupMemberDecision>,
    mandate_end: Option<i64>,
) -> AppResult<()> {
    if m.status == GroupMemberStatus::Invited && status == Some(GroupMemberDecision::Active) {
        return Err(AppError::Conflict("awaiting_consent"));
    }
    let mut errors = FieldErrors::default();
    model::check_mandate(m.mandate_start, mandate_end, &mut errors);
    errors.into_result()?;
    repo::change_membership(
        &state.db,
        repo::MembershipChange {
            id: m.id,
            group_id: m.group_id,
            user_id: m.user_id,
            status: status.map(GroupMemberStatus::from),
            mandate_end,
            now: state.clock.now_ms(),
        },
    )
    .await
}

/// Ends a membership (kept in the history as `left`, its mandate ended now).
pub async fn remove_member(state: &AppState, m: &Membership) -> AppResult<()> {
    repo::end_membership(&state.db, m.id, state.clock.now_ms()).await
}

/// Saves a group's edited settings (its managers; the caller checked).
/// A public group inside a private project is refused (422 on `visibility`).
pub async fn update_group(state: &AppState, g: &Group) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    scope::check_visibility_cap(state, g, &mut errors).await?;
    errors.into_result()?;
    repo::update_group(&state.db, g).await
}

/// Adds an item at the end of a meeting's agenda.
pub async fn add_agenda_item(state: &AppState, m: &Meeting, title: &str) -> AppResult<()> {
    repo::add_agenda_item(&state.db, m.id, title).await
}

/// Records a decision of a meeting in the register; its id.
pub async fn add_decision(state: &AppState, m: &Meeting, text: &str) -> AppResult<i64> {
    repo::insert_decision(&state.db, m, text, state.clock.now_ms()).await
}

/// Records whether a person was invited, present or excused: a known person (`user_id`
/// otherwise).
pub async fn set_attendance(
    state: &AppState,
    m: &Meeting,
    user_id: UserId,
    status: MeetingAttendance,
) -> AppResult<()> {
    if crate::accounts::repo::user_by_id(&state.db, user_id)
        .await?
        .is_none()
    {
        return Err(AppError::Invalid(FieldErrors::one(
            "user_id",
            "groups-unknown-user",
        )));
    }
    repo::set_attendee(&state.db, m.id, user_id, status).await
}
