//! What the event queries share: the registration columns and the seat lock.

use crate::db::{dialect, Db};

pub(super) const REG_COLS: &str =
    "id, occurrence_id, event_id, user_id, guests, status, answers, created_at, updated_at";

/// The row lock taken before counting seats, on the occurrence `o`: the one dialect
/// difference of the events' queries ([`dialect::for_update_of`]).
pub(super) fn lock_clause(db: &Db) -> String {
    dialect::for_update_of(db.backend(), "o")
}
