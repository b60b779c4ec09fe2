//! Queries on places: directory filters, search, map points, writes with history.
//!
//! - [`search`]: the directory's reads (filters, search, pages, map);
//! - [`read`]: one place or a few, and the administration list;
//! - [`batch`]: imports' batch writes (and the single edits of the pages, a batch of one);
//! - [`save`]: the basic record, moderation, deletion, history of one place;
//! - [`contrib`]: the moderation queue (pending places, proposals, claims).

/// Binds every `Arg` of `$args` to the query `$q`, in order.
macro_rules! bind_args {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::T(s) => q.bind(s.clone()),
                Arg::I(i) => q.bind(*i),
                Arg::F(f) => q.bind(*f),
                Arg::OI(i) => q.bind(*i),
                Arg::OF(f) => q.bind(*f),
            };
        }
        q
    }};
}

mod batch;
mod contrib;
mod read;
mod row;
mod save;
mod search;

pub use batch::*;
pub use contrib::*;
pub use read::*;
pub use row::*;
pub use save::*;
pub use search::*;
