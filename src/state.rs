//! What every handler can reach: the database, the configuration, the clock, the metrics
//! recorder, this node's page cache and the sections of a person's data export.

use std::sync::{Arc, OnceLock};

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::cache::PageCache;
use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub metrics: PrometheusHandle,
    /// Rendered public pages of this node (see [`crate::cache`]).
    pub pages: Arc<PageCache>,
    /// What each area holds about a person, for their export (set by the router).
    pub personal: Arc<PersonalData>,
}

/// One section of a person's data export, written by the area that holds the data: the
/// platform knows nothing of the areas, so each area registers its own (see
/// `maillage::personal_data`), as it registers its jobs.
pub type PersonalSection =
    for<'a> fn(
        &'a AppState,
        crate::ids::UserId,
    )
        -> futures_util::future::BoxFuture<'a, crate::error::AppResult<serde_json::Value>>;

/// The sections of a person's data export (RGPD right of access), by name.
#[derive(Default)]
pub struct PersonalData {
    pub sections: Vec<(&'static str, PersonalSection)>,
}

impl AppState {
    pub fn new(db: Db, config: Config, clock: Clock) -> AppState {
        AppState {
            db,
            config: Arc::new(config),
            clock,
            metrics: metrics_handle(),
            pages: Arc::new(PageCache::new()),
            personal: Arc::new(PersonalData::default()),
        }
    }
}

/// The process-wide recorder (installed once, shared by every app built in this process).
fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (tests): then ours only renders.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}
