//! A validated micro-cache of rendered pages, one per application state (`AppState::pages`),
//! used by the directory and map pages as anonymous visitors see them.
//!
//! An entry is served only while the data's newest change (a `Version` the caller reads
//! cheaply, e.g. `MAX(updated_at)`, `MAX(id)`) is the one it was rendered for, and for at most
//! [`CACHE_TTL`] (deletions, renamed networks), unless its version sees every change it is
//! drawn from (the change counters of `Db::changes`): then it is kept until that changes
//! ([`Keep::UntilChanged`]). Checking that version is itself skipped for
//! [`RECHECK`] after the last check unless this node has handled a write since (any POST, PUT,
//! PATCH or DELETE — counted by the `web::page_cache_writes` layer — or a batch of a background
//! import): a change made through another node reaches anonymous visitors of this one within
//! that second. Nothing here is shared between nodes, and nothing needs to be.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;

pub const CACHE_TTL: Duration = Duration::from_secs(5);
pub const RECHECK: Duration = Duration::from_secs(1);
const MAX_ENTRIES: usize = 512;

/// What the cached data was rendered from: compared before an entry is served.
pub type Version = (i64, i64);

/// How long an entry may be served while its version is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// At most [`CACHE_TTL`]: the version misses some changes (a deletion does not move a
    /// `MAX`, nor does a renamed network shown on a page).
    Briefly,
    /// Until the version changes: it moves at every change of what the value is drawn from.
    UntilChanged,
}

/// What a render gave [`PageCache::through`]: bytes to keep, or an answer not to cache (an
/// error page, a refused filter).
pub enum Rendered<T> {
    Keep(Bytes),
    Pass(T),
}

struct Entry {
    version: Version,
    keep: Keep,
    rendered: Instant,
    checked: Instant,
    writes: u64,
    body: Bytes,
}

#[derive(Default)]
pub struct PageCache {
    entries: Mutex<HashMap<String, Entry>>,
    /// Writes handled by this node so far.
    writes: AtomicU64,
}

impl Entry {
    fn fresh(&self) -> bool {
        self.keep == Keep::UntilChanged || self.rendered.elapsed() < CACHE_TTL
    }
}

impl PageCache {
    pub fn new() -> PageCache {
        PageCache::default()
    }

    /// Something may have changed: the next request checks the version again.
    pub fn written(&self) {
        self.writes.fetch_add(1, Ordering::Relaxed);
    }

    /// Drops every entry: the next request of each key renders it again (a test that counts
    /// the statements of a page computed from nothing).
    pub fn clear(&self) {
        if let Ok(mut map) = self.entries.lock() {
            map.clear();
        }
    }

    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Relaxed)
    }

    /// The entry, if it was checked less than [`RECHECK`] ago and nothing was written since.
    pub fn recent(&self, key: &str) -> Option<Bytes> {
        let writes = self.writes();
        let map = self.entries.lock().ok()?;
        map.get(key)
            .filter(|e| e.writes == writes && e.checked.elapsed() < RECHECK && e.fresh())
            .map(|e| e.body.clone())
    }

    /// The entry, if it was rendered for this version of the data (and marks it checked).
    pub fn get(&self, key: &str, version: Version, writes: u64) -> Option<Bytes> {
        let mut map = self.entries.lock().ok()?;
        let e = map
            .get_mut(key)
            .filter(|e| e.version == version && e.fresh())?;
        e.checked = Instant::now();
        e.writes = writes;
        Some(e.body.clone())
    }

    /// The bytes under `key`, through the cache: served while they were checked less than
    /// [`RECHECK`] ago with no write since, or while `version` (awaited only then) is the one
    /// they were rendered for; else `render` (awaited only then) gives them, and they are kept
    /// when it says so, for at most [`CACHE_TTL`].
    pub async fn through<T, V, R>(
        &self,
        key: String,
        version: V,
        render: R,
    ) -> crate::error::AppResult<Result<Bytes, T>>
    where
        V: std::future::Future<Output = crate::error::AppResult<Version>>,
        R: std::future::Future<Output = crate::error::AppResult<Rendered<T>>>,
    {
        self.through_kept(key, Keep::Briefly, version, render).await
    }

    /// [`through`](Self::through), keeping the bytes as `keep` says.
    pub async fn through_kept<T, V, R>(
        &self,
        key: String,
        keep: Keep,
        version: V,
        render: R,
    ) -> crate::error::AppResult<Result<Bytes, T>>
    where
        V: std::future::Future<Output = crate::error::AppResult<Version>>,
        R: std::future::Future<Output = crate::error::AppResult<Rendered<T>>>,
    {
        if let Some(b) = self.recent(&key) {
            return Ok(Ok(b));
        }
        // Read before the version: a write counted after this point makes the entry checked
        // again.
        let writes = self.writes();
        let version = version.await?;
        if let Some(b) = self.get(&key, version, writes) {
            return Ok(Ok(b));
        }
        Ok(match render.await? {
            Rendered::Keep(b) => {
                self.put(key, version, keep, writes, b.clone());
                Ok(b)
            }
            Rendered::Pass(t) => Err(t),
        })
    }

    /// A value (not a page) through the cache, as [`through`](Self::through): `compute` is
    /// awaited only when the entry is missing or stale, and the value is kept as JSON. For
    /// figures and vocabularies drawn from many rows (an agenda's filters, a census's
    /// aggregates, a network's centre) that nothing personal enters.
    pub async fn through_json<T, V, F>(
        &self,
        key: String,
        version: V,
        compute: F,
    ) -> crate::error::AppResult<T>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        V: std::future::Future<Output = crate::error::AppResult<Version>>,
        F: std::future::Future<Output = crate::error::AppResult<T>>,
    {
        self.through_json_kept(key, Keep::Briefly, version, compute)
            .await
    }

    /// [`through_json`](Self::through_json), keeping the value as `keep` says.
    pub async fn through_json_kept<T, V, F>(
        &self,
        key: String,
        keep: Keep,
        version: V,
        compute: F,
    ) -> crate::error::AppResult<T>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        V: std::future::Future<Output = crate::error::AppResult<Version>>,
        F: std::future::Future<Output = crate::error::AppResult<T>>,
    {
        let json_error = |e: serde_json::Error| crate::error::AppError::Internal(e.into());
        let render = async {
            let bytes = serde_json::to_vec(&compute.await?).map_err(json_error)?;
            Ok(Rendered::<()>::Keep(Bytes::from(bytes)))
        };
        let bytes = self
            .through_kept(key, keep, version, render)
            .await?
            .unwrap_or_default();
        serde_json::from_slice(&bytes).map_err(json_error)
    }

    pub fn put(&self, key: String, version: Version, keep: Keep, writes: u64, body: Bytes) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
            let now = Instant::now();
            map.insert(
                key,
                Entry {
                    version,
                    keep,
                    rendered: now,
                    checked: now,
                    writes,
                    body,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_served_for_its_version_until_a_write() {
        let c = PageCache::new();
        c.put(
            "k".into(),
            (1, 1),
            Keep::Briefly,
            c.writes(),
            Bytes::from_static(b"a"),
        );
        assert_eq!(c.recent("k").as_deref(), Some(&b"a"[..]));
        c.written();
        assert_eq!(c.recent("k"), None, "a write makes the entry checked again");
        assert_eq!(c.get("k", (2, 1), c.writes()), None, "another version");
        assert_eq!(c.get("k", (1, 1), c.writes()).as_deref(), Some(&b"a"[..]));
        assert_eq!(c.recent("k").as_deref(), Some(&b"a"[..]), "checked again");
        // Two states, two caches: nothing is shared through a process global.
        let other = PageCache::new();
        assert_eq!(other.recent("k"), None);
    }

    /// Ages every entry of `c` by `by`, as if it had been rendered and checked that long ago.
    fn age(c: &PageCache, by: Duration) {
        for e in c.entries.lock().unwrap().values_mut() {
            e.rendered -= by;
            e.checked -= by;
        }
    }

    #[test]
    fn an_entry_kept_until_changed_outlives_the_time_limit_but_not_its_version() {
        let c = PageCache::new();
        c.put(
            "brief".into(),
            (1, 0),
            Keep::Briefly,
            c.writes(),
            Bytes::from_static(b"a"),
        );
        c.put(
            "kept".into(),
            (1, 0),
            Keep::UntilChanged,
            c.writes(),
            Bytes::from_static(b"b"),
        );
        age(&c, CACHE_TTL + Duration::from_secs(1));
        assert_eq!(c.recent("brief"), None);
        assert_eq!(
            c.get("brief", (1, 0), c.writes()),
            None,
            "past the time limit"
        );
        assert_eq!(c.recent("kept"), None, "checked again after RECHECK");
        assert_eq!(
            c.get("kept", (1, 0), c.writes()).as_deref(),
            Some(&b"b"[..])
        );
        assert_eq!(c.recent("kept").as_deref(), Some(&b"b"[..]));
        assert_eq!(c.get("kept", (2, 0), c.writes()), None, "its version moved");
    }
}
