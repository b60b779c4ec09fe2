//! Every authorization decision, in one place. Handlers call [`authorize`] first.
//!
//! Rules: an instance admin may do everything; a network admin manages their network, its
//! places and the roles on them; a place manager manages their place; a member reads what is
//! reserved to members of their network or place. Asking to act on a tenant one has no role
//! in answers 404 (its admin pages do not exist for you); a signed-in person lacking a right
//! on an instance-wide action gets 403; an anonymous person gets 401.

use crate::auth::Principal;
use crate::auth::RoleKind;
use crate::error::AppError;
use crate::ids::UserId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create networks, see every account, grant instance-wide roles.
    AdministerInstance,
    /// Edit a network, create places in it, grant roles on it and on its places.
    ManageNetwork,
    /// Edit a place, invite its managers and members.
    ManagePlace,
    /// Read what is reserved to members.
    ReadMembersArea,
    /// Create events for a network or a place, see their registrations, cancel them.
    OrganizeEvents,
    /// Propose a place or an edit for moderation (any signed-in person; places issue).
    ProposeContribution,
    /// Edit a group, its memberships, meetings, minutes, decisions, action items and documents.
    ManageGroup,
    /// Read a members-only group, internal minutes and group-members documents.
    ReadGroup,
    /// Edit a project, its phases, canvas, budget and funding applications (its holders and
    /// the admins of the network that follows it).
    ManageProject,
    /// Read a private project (the same people; public projects are open to all).
    ReadProject,
}

/// A project as the policy sees it: its holders and the network that follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectTarget {
    pub id: i64,
    pub network: Option<i64>,
    /// Members of the project (holders).
    pub members: Vec<UserId>,
    /// Public projects are seen by everyone; private ones by their holders and advisors.
    pub public: bool,
}

/// A group as the policy sees it: where it is attached and who holds which role *now*
/// (mandates already ended are left out by the caller's query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTarget {
    pub id: i64,
    /// The network, place or project the group belongs to.
    pub parent: Option<Box<Target>>,
    /// Active members (any role, mandate current).
    pub members: Vec<UserId>,
    /// Current président·e and animateur·rice.
    pub leaders: Vec<UserId>,
    /// Run by its members: every active member may manage it.
    pub autonomous: bool,
    /// Public groups are seen by whoever sees their parent; members-only ones by their members
    /// and managers.
    pub public: bool,
}

/// May `who` see what lives in this scope at all? The one rule that caps visibility by the
/// scope: a private project is seen by its holders and advisors only, a members-only group by
/// its members and managers, a public group by whoever sees its parent (a public group of a
/// private project is as private as the project) and by its own members. Networks and places
/// are public. Whatever a document, a group, a meeting or an event of the scope says about its
/// own visibility, it is never seen by someone who does not see the scope: callers check this
/// first, then the object's own rule.
pub fn may_see_scope(who: Option<&Principal>, scope: &Target) -> bool {
    match scope {
        Target::Project(t) => t.public || authorize(who, Action::ReadProject, scope).is_ok(),
        Target::Group(g) => {
            authorize(who, Action::ReadGroup, scope).is_ok()
                || (g.public
                    && g.parent
                        .as_deref()
                        .is_none_or(|parent| may_see_scope(who, parent)))
        }
        Target::Instance | Target::Network(_) | Target::Place { .. } => true,
    }
}

/// Who may read a document of the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocVisibility {
    Public,
    NetworkMembers,
    Managers,
    GroupMembers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Instance,
    Network(i64),
    /// A place and the networks it belongs to.
    Place {
        id: i64,
        networks: Vec<i64>,
    },
    Group(GroupTarget),
    Project(ProjectTarget),
}

pub fn authorize(who: Option<&Principal>, action: Action, target: &Target) -> Result<(), AppError> {
    let Some(p) = who else {
        return Err(AppError::Unauthorized);
    };
    if p.is_instance_admin() {
        return Ok(());
    }
    let allowed = match (action, target) {
        (Action::AdministerInstance, _) => return Err(AppError::Forbidden),
        (Action::ProposeContribution, _) => true,
        (Action::ManageGroup, Target::Group(g)) => manages_group(p, g),
        (Action::ReadGroup, Target::Group(g)) => {
            manages_group(p, g) || g.members.contains(&p.user.id)
        }
        (Action::ReadMembersArea, Target::Group(g)) => {
            manages_group(p, g)
                || g.members.contains(&p.user.id)
                || g.parent
                    .as_deref()
                    .is_some_and(|t| authorize(Some(p), Action::ReadMembersArea, t).is_ok())
        }
        (Action::ManageGroup | Action::ReadGroup, _) => false,
        (_, Target::Group(_)) => false,
        (
            Action::ManageProject | Action::ReadProject | Action::ReadMembersArea,
            Target::Project(t),
        ) => {
            t.members.contains(&p.user.id)
                || t.network
                    .is_some_and(|n| p.has(RoleKind::NetworkAdmin, Some(n), None))
        }
        (Action::ManageProject | Action::ReadProject, _) => false,
        (_, Target::Project(_)) => false,
        (_, Target::Instance) => false,
        (Action::ManageNetwork, Target::Network(n)) => {
            p.has(RoleKind::NetworkAdmin, Some(*n), None)
        }
        (Action::ManageNetwork, Target::Place { networks, .. }) => networks
            .iter()
            .any(|n| p.has(RoleKind::NetworkAdmin, Some(*n), None)),
        (Action::ManagePlace, Target::Network(_)) => false,
        (Action::ManagePlace, Target::Place { id, networks }) => {
            p.has(RoleKind::PlaceManager, None, Some(*id))
                || networks
                    .iter()
                    .any(|n| p.has(RoleKind::NetworkAdmin, Some(*n), None))
        }
        (Action::OrganizeEvents, Target::Network(n)) => {
            p.has(RoleKind::NetworkAdmin, Some(*n), None)
        }
        (Action::OrganizeEvents, Target::Place { id, networks }) => {
            p.has(RoleKind::PlaceManager, None, Some(*id))
                || networks
                    .iter()
                    .any(|n| p.has(RoleKind::NetworkAdmin, Some(*n), None))
        }
        (Action::ReadMembersArea, Target::Network(n)) => {
            p.has(RoleKind::NetworkAdmin, Some(*n), None) || p.has(RoleKind::Member, Some(*n), None)
        }
        (Action::ReadMembersArea, Target::Place { id, networks }) => {
            p.has(RoleKind::PlaceManager, None, Some(*id))
                || p.has(RoleKind::Member, None, Some(*id))
                || networks
                    .iter()
                    .any(|n| p.has(RoleKind::NetworkAdmin, Some(*n), None))
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Leaders of the group, or whoever manages the network or place it belongs to.
fn manages_group(p: &Principal, g: &GroupTarget) -> bool {
    let uid = p.user.id;
    g.leaders.contains(&uid)
        || (g.autonomous && g.members.contains(&uid))
        || match g.parent.as_deref() {
            Some(t @ Target::Network(_)) => authorize(Some(p), Action::ManageNetwork, t).is_ok(),
            Some(t @ Target::Place { .. }) => authorize(Some(p), Action::ManagePlace, t).is_ok(),
            // A project's groups are run by its holders and advisors.
            Some(t @ Target::Project(_)) => authorize(Some(p), Action::ManageProject, t).is_ok(),
            _ => false,
        }
}

/// May this person read a document of `scope` (a network, place or group) with `visibility`?
/// Public documents are for everyone; "network members" means the members of the network (for
/// a place: its members and its networks' members; for a group: its members and its parent's
/// members); "managers" those who manage the scope; "group members" a group's members (on a
/// network or a place, its managers).
pub fn may_read_document(
    who: Option<&Principal>,
    visibility: DocVisibility,
    scope: &Target,
) -> Result<(), AppError> {
    if visibility == DocVisibility::Public {
        return Ok(());
    }
    let Some(p) = who else {
        return Err(AppError::NotFound);
    };
    let manage = match scope {
        Target::Group(_) => Action::ManageGroup,
        Target::Place { .. } => Action::ManagePlace,
        Target::Project(_) => Action::ManageProject,
        _ => Action::ManageNetwork,
    };
    let ok = match visibility {
        DocVisibility::Public => true,
        DocVisibility::Managers => authorize(Some(p), manage, scope).is_ok(),
        DocVisibility::GroupMembers => match scope {
            Target::Group(_) => authorize(Some(p), Action::ReadGroup, scope).is_ok(),
            _ => authorize(Some(p), manage, scope).is_ok(),
        },
        DocVisibility::NetworkMembers => {
            authorize(Some(p), Action::ReadMembersArea, scope).is_ok()
                || network_member_of(p, scope)
        }
    };
    if ok {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Is this person a member (or admin) of a network the scope belongs to?
fn network_member_of(p: &Principal, scope: &Target) -> bool {
    let nets: Vec<i64> = match scope {
        Target::Network(n) => vec![*n],
        Target::Place { networks, .. } => networks.clone(),
        Target::Group(g) => match g.parent.as_deref() {
            Some(Target::Network(n)) => vec![*n],
            Some(Target::Place { networks, .. }) => networks.clone(),
            _ => vec![],
        },
        Target::Project(t) => t.network.into_iter().collect(),
        Target::Instance => vec![],
    };
    nets.iter().any(|n| {
        p.has(RoleKind::Member, Some(*n), None) || p.has(RoleKind::NetworkAdmin, Some(*n), None)
    })
}

/// May this person grant `kind` on the target? Instance admins only for instance admins;
/// network admins for roles on their network and its places; place managers for their place.
pub fn may_grant(who: Option<&Principal>, kind: RoleKind, target: &Target) -> Result<(), AppError> {
    match (kind, target) {
        (RoleKind::InstanceAdmin, Target::Instance) => {
            authorize(who, Action::AdministerInstance, target)
        }
        (RoleKind::NetworkAdmin, Target::Network(_)) | (RoleKind::Member, Target::Network(_)) => {
            authorize(who, Action::ManageNetwork, target)
        }
        (RoleKind::PlaceManager, Target::Place { .. })
        | (RoleKind::Member, Target::Place { .. }) => authorize(who, Action::ManagePlace, target),
        _ => Err(AppError::BadRequest(
            "rôle et périmètre incompatibles".into(),
        )),
    }
}

/// What a booking request turns into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingRight {
    /// Confirmed at once (capacity permitting).
    Direct,
    /// Held as pending until a manager of the place approves it.
    NeedsApproval,
}

/// May this person book a space of the place `target` for themselves? `access` is the space's
/// rule (`signed_in`, `members`, `approval`); a machine that `requires_qualification` is
/// bookable only by people a manager has `qualified`. Managers of the place may always book
/// (and book for someone else: see [`may_book_for_others`]).
pub fn may_book(
    who: Option<&Principal>,
    access: &str,
    requires_qualification: bool,
    qualified: bool,
    target: &Target,
) -> Result<BookingRight, AppError> {
    let Some(p) = who else {
        return Err(AppError::Unauthorized);
    };
    if authorize(Some(p), Action::ManagePlace, target).is_ok() {
        return Ok(BookingRight::Direct);
    }
    if requires_qualification && !qualified {
        return Err(AppError::Forbidden);
    }
    match access {
        "signed_in" => Ok(BookingRight::Direct),
        "approval" => Ok(BookingRight::NeedsApproval),
        "members" => authorize(Some(p), Action::ReadMembersArea, target)
            .map(|_| BookingRight::Direct)
            .map_err(|_| AppError::Forbidden),
        _ => Err(AppError::Forbidden),
    }
}

/// Booking in someone else's name, approving, refusing, qualifying people on machines, seeing
/// the place's whole calendar and occupancy: the place's managers.
pub fn may_book_for_others(who: Option<&Principal>, target: &Target) -> Result<(), AppError> {
    authorize(who, Action::ManagePlace, target)
}

/// Cancelling or moving a booking: its holder (the deadline is checked by the service) or a
/// manager of the place. Anyone else does not see the booking: 404.
pub fn may_change_booking(
    who: Option<&Principal>,
    holder: UserId,
    target: &Target,
) -> Result<(), AppError> {
    let Some(p) = who else {
        return Err(AppError::Unauthorized);
    };
    if p.user.id == holder {
        return Ok(());
    }
    authorize(Some(p), Action::ManagePlace, target)
}

#[cfg(test)]
mod tests {
    //! The authorization matrix: role × tenant × action.
    use super::*;
    use crate::auth::{Role, User};

    const N1: i64 = 1;
    const N2: i64 = 2;
    const P1: i64 = 10; // in N1
    const P2: i64 = 20; // in N2

    fn who(roles: &[(RoleKind, Option<i64>, Option<i64>)]) -> Principal {
        Principal {
            user: User {
                id: UserId(1),
                email: "a@example.org".into(),
                display_name: "A".into(),
                locale: "fr".into(),
                password_hash: String::new(),
                email_confirmed_at: Some(0),
                created_at: 0,
            },
            roles: roles
                .iter()
                .enumerate()
                .map(|(i, (kind, network_id, place_id))| Role {
                    id: i as i64,
                    kind: *kind,
                    network_id: *network_id,
                    place_id: *place_id,
                })
                .collect(),
        }
    }

    fn place(id: i64) -> Target {
        Target::Place {
            id,
            networks: vec![if id == P1 { N1 } else { N2 }],
        }
    }

    /// Expected outcome: 'A' allowed, 'N' 404, 'F' 403, 'U' 401.
    fn outcome(r: Result<(), AppError>) -> char {
        match r {
            Ok(()) => 'A',
            Err(AppError::NotFound) => 'N',
            Err(AppError::Forbidden) => 'F',
            Err(AppError::Unauthorized) => 'U',
            Err(e) => panic!("unexpected {e:?}"),
        }
    }

    #[test]
    fn matrix() {
        use Action::*;
        let targets = [
            Target::Instance,
            Target::Network(N1),
            Target::Network(N2),
            place(P1),
            place(P2),
        ];
        let actions = [
            AdministerInstance,
            ManageNetwork,
            ManagePlace,
            ReadMembersArea,
            OrganizeEvents,
            ProposeContribution,
        ];
        for t in &targets {
            for p in [
                &None,
                &Some(who(&[(RoleKind::NetworkAdmin, Some(N1), None)])),
            ] {
                // Group actions never apply to a network or place itself.
                let r = authorize(p.as_ref(), ManageGroup, t);
                assert!(r.is_err(), "{t:?}");
            }
        }
        let anon: Option<Principal> = None;
        let instance = Some(who(&[(RoleKind::InstanceAdmin, None, None)]));
        let net_admin = Some(who(&[(RoleKind::NetworkAdmin, Some(N1), None)]));
        let manager = Some(who(&[(RoleKind::PlaceManager, None, Some(P1))]));
        let net_member = Some(who(&[(RoleKind::Member, Some(N1), None)]));
        let place_member = Some(who(&[(RoleKind::Member, None, Some(P1))]));
        let nobody = Some(who(&[]));
        // Rows: actor; for each action, the outcomes on [Instance, N1, N2, P1, P2].
        let table: [(&str, &Option<Principal>, [&str; 6]); 7] = [
            (
                "anonymous",
                &anon,
                ["UUUUU", "UUUUU", "UUUUU", "UUUUU", "UUUUU", "UUUUU"],
            ),
            (
                "instance admin",
                &instance,
                ["AAAAA", "AAAAA", "AAAAA", "AAAAA", "AAAAA", "AAAAA"],
            ),
            (
                "network admin N1",
                &net_admin,
                ["FFFFF", "NANAN", "NNNAN", "NANAN", "NANAN", "AAAAA"],
            ),
            (
                "manager P1",
                &manager,
                ["FFFFF", "NNNNN", "NNNAN", "NNNAN", "NNNAN", "AAAAA"],
            ),
            (
                "member N1",
                &net_member,
                ["FFFFF", "NNNNN", "NNNNN", "NANNN", "NNNNN", "AAAAA"],
            ),
            (
                "member P1",
                &place_member,
                ["FFFFF", "NNNNN", "NNNNN", "NNNAN", "NNNNN", "AAAAA"],
            ),
            (
                "no role",
                &nobody,
                ["FFFFF", "NNNNN", "NNNNN", "NNNNN", "NNNNN", "AAAAA"],
            ),
        ];
        for (name, p, rows) in table {
            for (action, expected) in actions.iter().zip(rows) {
                let got: String = targets
                    .iter()
                    .map(|t| outcome(authorize(p.as_ref(), *action, t)))
                    .collect();
                assert_eq!(got, expected, "{name} / {action:?}");
            }
        }
    }

    #[test]
    fn granting() {
        let net_admin = who(&[(RoleKind::NetworkAdmin, Some(N1), None)]);
        let manager = who(&[(RoleKind::PlaceManager, None, Some(P1))]);
        assert!(may_grant(Some(&net_admin), RoleKind::PlaceManager, &place(P1)).is_ok());
        assert!(may_grant(
            Some(&net_admin),
            RoleKind::NetworkAdmin,
            &Target::Network(N1)
        )
        .is_ok());
        assert!(matches!(
            may_grant(Some(&net_admin), RoleKind::InstanceAdmin, &Target::Instance),
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            may_grant(Some(&net_admin), RoleKind::PlaceManager, &place(P2)),
            Err(AppError::NotFound)
        ));
        assert!(may_grant(Some(&manager), RoleKind::PlaceManager, &place(P1)).is_ok());
        assert!(matches!(
            may_grant(Some(&manager), RoleKind::NetworkAdmin, &Target::Network(N1)),
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            may_grant(Some(&manager), RoleKind::NetworkAdmin, &place(P1)),
            Err(AppError::BadRequest(_))
        ));
    }

    fn group(id: i64, parent: Option<Target>, members: &[i64], leaders: &[i64]) -> Target {
        Target::Group(GroupTarget {
            id,
            parent: parent.map(Box::new),
            members: members.iter().map(|&m| UserId(m)).collect(),
            leaders: leaders.iter().map(|&m| UserId(m)).collect(),
            autonomous: false,
            public: true,
        })
    }

    fn with_id(mut p: Principal, id: i64) -> Principal {
        p.user.id = UserId(id);
        p
    }

    #[test]
    fn group_matrix() {
        use Action::*;
        // Club A at P1 (members 5, 6; president 5), club B at P2 (member 7), board of N1 (member 8),
        // a project's group (leader 9).
        let a = group(100, Some(place(P1)), &[5, 6], &[5]);
        let b = group(200, Some(place(P2)), &[7], &[]);
        let board = group(300, Some(Target::Network(N1)), &[8], &[]);
        let project = group(400, None, &[9], &[9]);
        let targets = [a, b, board, project];
        let actions = [ManageGroup, ReadGroup, ReadMembersArea];
        let anon: Option<Principal> = None;
        let president_a = Some(with_id(who(&[]), 5));
        let member_a = Some(with_id(who(&[]), 6));
        let member_b = Some(with_id(who(&[]), 7));
        let manager_p1 = Some(with_id(
            who(&[(RoleKind::PlaceManager, None, Some(P1))]),
            50,
        ));
        let admin_n1 = Some(with_id(
            who(&[(RoleKind::NetworkAdmin, Some(N1), None)]),
            51,
        ));
        let member_n1 = Some(with_id(who(&[(RoleKind::Member, Some(N1), None)]), 52));
        let leader_project = Some(with_id(who(&[]), 9));
        let instance = Some(with_id(who(&[(RoleKind::InstanceAdmin, None, None)]), 53));
        // For each action, outcomes on [club A, club B, board N1, project group].
        let table: [(&str, &Option<Principal>, [&str; 3]); 8] = [
            ("anonymous", &anon, ["UUUU", "UUUU", "UUUU"]),
            ("president A", &president_a, ["ANNN", "ANNN", "ANNN"]),
            ("member A", &member_a, ["NNNN", "ANNN", "ANNN"]),
            ("member B", &member_b, ["NNNN", "NANN", "NANN"]),
            ("manager P1", &manager_p1, ["ANNN", "ANNN", "ANNN"]),
            ("admin N1", &admin_n1, ["ANAN", "ANAN", "ANAN"]),
            ("member N1", &member_n1, ["NNNN", "NNNN", "NNAN"]),
            ("leader project", &leader_project, ["NNNA", "NNNA", "NNNA"]),
        ];
        for (name, p, rows) in table {
            for (action, expected) in actions.iter().zip(rows) {
                let got: String = targets
                    .iter()
                    .map(|t| outcome(authorize(p.as_ref(), *action, t)))
                    .collect();
                assert_eq!(got, expected, "{name} / {action:?}");
            }
        }
        assert!(authorize(instance.as_ref(), ManageGroup, &targets[1]).is_ok());
        // An autonomous group is managed by its members.
        let mut auto = match &targets[0] {
            Target::Group(g) => g.clone(),
            _ => unreachable!(),
        };
        auto.autonomous = true;
        assert!(authorize(member_a.as_ref(), ManageGroup, &Target::Group(auto)).is_ok());
    }

    #[test]
    fn document_visibility() {
        use DocVisibility::*;
        let club_a = group(100, Some(place(P1)), &[5, 6], &[5]);
        let member_a = with_id(who(&[]), 6);
        let member_b = with_id(who(&[]), 7);
        let member_n1 = with_id(who(&[(RoleKind::Member, Some(N1), None)]), 52);
        let member_n2 = with_id(who(&[(RoleKind::Member, Some(N2), None)]), 54);
        let manager_p1 = with_id(who(&[(RoleKind::PlaceManager, None, Some(P1))]), 50);
        let ok = |p: Option<&Principal>, v, t: &Target| may_read_document(p, v, t).is_ok();
        assert!(ok(None, Public, &club_a));
        assert!(!ok(None, NetworkMembers, &Target::Network(N1)));
        assert!(ok(Some(&member_n1), NetworkMembers, &Target::Network(N1)));
        assert!(!ok(Some(&member_n2), NetworkMembers, &Target::Network(N1)));
        assert!(ok(Some(&member_n1), NetworkMembers, &place(P1)));
        assert!(ok(Some(&member_a), GroupMembers, &club_a));
        assert!(!ok(Some(&member_b), GroupMembers, &club_a));
        assert!(!ok(Some(&member_n1), GroupMembers, &club_a));
        assert!(!ok(Some(&member_a), Managers, &club_a));
        assert!(ok(Some(&manager_p1), Managers, &club_a));
        assert!(ok(Some(&manager_p1), Managers, &place(P1)));
        assert!(!ok(Some(&member_n1), Managers, &Target::Network(N1)));
    }

    #[test]
    fn booking_rights() {
        use BookingRight::*;
        let manager = who(&[(RoleKind::PlaceManager, None, Some(P1))]);
        let member = who(&[(RoleKind::Member, None, Some(P1))]);
        let net_member = who(&[(RoleKind::Member, Some(N1), None)]);
        let other_member = who(&[(RoleKind::Member, None, Some(P2))]);
        let nobody = who(&[]);
        let t = place(P1);
        let r = |p: Option<&Principal>, access: &str, q: bool, ok: bool| {
            may_book(p, access, q, ok, &t).map_err(|e| outcome(Err(e)))
        };
        // Rows: who; outcomes for signed_in, members, approval, qualification missing, qualified.
        type Row<'a> = (
            &'a str,
            Option<&'a Principal>,
            [Result<BookingRight, char>; 5],
        );
        let rows: [Row; 6] = [
            (
                "anonymous",
                None,
                [Err('U'), Err('U'), Err('U'), Err('U'), Err('U')],
            ),
            (
                "manager P1",
                Some(&manager),
                [Ok(Direct), Ok(Direct), Ok(Direct), Ok(Direct), Ok(Direct)],
            ),
            (
                "member P1",
                Some(&member),
                [
                    Ok(Direct),
                    Ok(Direct),
                    Ok(NeedsApproval),
                    Err('F'),
                    Ok(Direct),
                ],
            ),
            (
                "member N1",
                Some(&net_member),
                [
                    Ok(Direct),
                    Err('F'),
                    Ok(NeedsApproval),
                    Err('F'),
                    Ok(Direct),
                ],
            ),
            (
                "member P2",
                Some(&other_member),
                [
                    Ok(Direct),
                    Err('F'),
                    Ok(NeedsApproval),
                    Err('F'),
                    Ok(Direct),
                ],
            ),
            (
                "no role",
                Some(&nobody),
                [
                    Ok(Direct),
                    Err('F'),
                    Ok(NeedsApproval),
                    Err('F'),
                    Ok(Direct),
                ],
            ),
        ];
        for (name, p, expected) in rows {
            let got = [
                r(p, "signed_in", false, false),
                r(p, "members", false, false),
                r(p, "approval", false, false),
                r(p, "signed_in", true, false),
                r(p, "signed_in", true, true),
            ];
            assert_eq!(got, expected, "{name}");
        }
        // Someone else's booking: only its holder and the place's managers.
        assert!(may_change_booking(Some(&member), member.user.id, &t).is_ok());
        assert!(may_change_booking(Some(&manager), UserId(999), &t).is_ok());
        assert!(matches!(
            may_change_booking(Some(&nobody), UserId(999), &t),
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            may_change_booking(None, UserId(1), &t),
            Err(AppError::Unauthorized)
        ));
        assert!(may_book_for_others(Some(&manager), &t).is_ok());
        assert!(may_book_for_others(Some(&member), &t).is_err());
        assert!(may_book_for_others(Some(&manager), &place(P2)).is_err());
    }
    #[test]
    fn project_matrix() {
        use Action::*;
        let project = |network: Option<i64>| {
            Target::Project(ProjectTarget {
                id: 9,
                network,
                members: vec![UserId(42)],
                public: false,
            })
        };
        let anon: Option<Principal> = None;
        let instance = Some(who(&[(RoleKind::InstanceAdmin, None, None)]));
        let holder = Some(with_id(who(&[]), 42));
        let advisor = Some(who(&[(RoleKind::NetworkAdmin, Some(N1), None)]));
        let other_admin = Some(who(&[(RoleKind::NetworkAdmin, Some(N2), None)]));
        let net_member = Some(who(&[(RoleKind::Member, Some(N1), None)]));
        let manager = Some(who(&[(RoleKind::PlaceManager, None, Some(P1))]));
        let nobody = Some(with_id(who(&[]), 7));
        // Outcomes of [ManageProject, ReadProject] on a project followed by N1, then on a
        // project followed by no network.
        let table: [(&str, &Option<Principal>, &str, &str); 8] = [
            ("anonymous", &anon, "UU", "UU"),
            ("instance admin", &instance, "AA", "AA"),
            ("holder", &holder, "AA", "AA"),
            ("advisor N1", &advisor, "AA", "NN"),
            ("admin N2", &other_admin, "NN", "NN"),
            ("member N1", &net_member, "NN", "NN"),
            ("manager P1", &manager, "NN", "NN"),
            ("no role", &nobody, "NN", "NN"),
        ];
        for (name, p, followed, alone) in table {
            for (t, expected) in [(project(Some(N1)), followed), (project(None), alone)] {
                let got: String = [ManageProject, ReadProject]
                    .iter()
                    .map(|a| outcome(authorize(p.as_ref(), *a, &t)))
                    .collect();
                assert_eq!(got, expected, "{name} / {t:?}");
            }
        }
        // Project actions never apply elsewhere, other actions never to a project.
        let admin = who(&[(RoleKind::NetworkAdmin, Some(N1), None)]);
        assert!(authorize(Some(&admin), ManageProject, &Target::Network(N1)).is_err());
        assert!(authorize(Some(&admin), ManageNetwork, &project(Some(N1))).is_err());
    }

    #[test]
    fn project_groups_and_documents() {
        use Action::*;
        use DocVisibility::*;
        // A project (holder 42) followed by N1; its focus group (member 43, no role).
        let project = Target::Project(ProjectTarget {
            id: 9,
            network: Some(N1),
            members: vec![UserId(42)],
            public: false,
        });
        let focus = group(500, Some(project.clone()), &[43], &[]);
        let holder = with_id(who(&[]), 42);
        let participant = with_id(who(&[]), 43);
        let advisor = with_id(who(&[(RoleKind::NetworkAdmin, Some(N1), None)]), 44);
        let other_admin = with_id(who(&[(RoleKind::NetworkAdmin, Some(N2), None)]), 45);
        let net_member = with_id(who(&[(RoleKind::Member, Some(N1), None)]), 46);
        let nobody = with_id(who(&[]), 47);
        // Outcomes of [ManageGroup, ReadGroup] on the focus group, then the documents of the
        // project with visibility [Public, NetworkMembers, Managers, GroupMembers].
        let rows: [(&str, &Principal, &str, &str); 6] = [
            ("holder", &holder, "AA", "AAAA"),
            ("participant", &participant, "NA", "ANNN"),
            ("advisor N1", &advisor, "AA", "AAAA"),
            ("admin N2", &other_admin, "NN", "ANNN"),
            ("member N1", &net_member, "NN", "AANN"),
            ("no role", &nobody, "NN", "ANNN"),
        ];
        for (name, p, group_expected, docs_expected) in rows {
            let got: String = [ManageGroup, ReadGroup]
                .iter()
                .map(|a| outcome(authorize(Some(p), *a, &focus)))
                .collect();
            assert_eq!(got, group_expected, "{name}");
            let got: String = [Public, NetworkMembers, Managers, GroupMembers]
                .iter()
                .map(|v| outcome(may_read_document(Some(p), *v, &project)))
                .collect();
            assert_eq!(got, docs_expected, "{name}");
        }
        assert!(authorize(None, ReadGroup, &focus).is_err());
    }

    #[test]
    fn visibility_is_capped_by_the_scope() {
        let private = Target::Project(ProjectTarget {
            id: 9,
            network: Some(N1),
            members: vec![UserId(42)],
            public: false,
        });
        let public_group_of_private = group(500, Some(private.clone()), &[43], &[]);
        let holder = with_id(who(&[]), 42);
        let participant = with_id(who(&[]), 43);
        let stranger = with_id(who(&[]), 7);
        let advisor = with_id(who(&[(RoleKind::NetworkAdmin, Some(N1), None)]), 44);
        assert!(!may_see_scope(None, &private));
        assert!(!may_see_scope(Some(&stranger), &private));
        assert!(may_see_scope(Some(&holder), &private));
        assert!(may_see_scope(Some(&advisor), &private));
        // A public group of a private project: no more visible than the project, but its
        // own members see it.
        assert!(!may_see_scope(None, &public_group_of_private));
        assert!(!may_see_scope(Some(&stranger), &public_group_of_private));
        assert!(may_see_scope(Some(&holder), &public_group_of_private));
        assert!(may_see_scope(Some(&participant), &public_group_of_private));
        // A public group of a place is public; a members-only one is not.
        assert!(may_see_scope(None, &group(501, Some(place(P1)), &[], &[])));
        let Target::Group(mut closed) = group(502, Some(place(P1)), &[43], &[]) else {
            unreachable!()
        };
        closed.public = false;
        let closed = Target::Group(closed);
        assert!(!may_see_scope(None, &closed));
        assert!(may_see_scope(Some(&participant), &closed));
        assert!(may_see_scope(None, &place(P1)));
    }
}
