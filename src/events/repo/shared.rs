//! What the event queries share: the registration columns and the seat lock.

use crate::db::{dialect, Db};

pub(super) const REG_COLS: &str =
    "id, occurrence_id, event_id, user_id, guests, status, answers, created_at, updated_at";

/// The row lock taken before counting seats, on the event `e` (the queries join the
/// occurrence `o` to its event): every seat change of an event and every edit of the event
/// (its `UPDATE` takes the same row first) run one after the other, always locking the event
/// before anything else, so the capacity read is the current one and no two of them wait on
/// each other in a cycle. The one dialect difference of the events' queries
/// ([`dialect::for_update_of`]; SQLite's write transactions are serialized already).
pub(super) fn lock_clause(db: &Db) -> String {
    dialect::for_update_of(db.backend(), "e")
}

/// The seats the confirmed guests (registered without an account) of the occurrence `$1`
/// take: one each. Every seat count of an occurrence adds them, under the same lock.
pub(super) const GUEST_SEATS: &str = "(SELECT COUNT(*) FROM event_guest_registrations \
     WHERE occurrence_id = $1 AND status = 'confirmed')";

/// The seats confirmed on the occurrence `$1`: the members' (with the people they bring) and
/// the guests'.
pub(super) const CONFIRMED_SEATS: &str = "SELECT COALESCE(SUM(1 + guests), 0) + \
     (SELECT COUNT(*) FROM event_guest_registrations WHERE occurrence_id = $1 AND status = 'confirmed') \
     FROM event_registrations WHERE occurrence_id = $1 AND status = 'confirmed'";
