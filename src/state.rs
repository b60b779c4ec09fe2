//! What every handler can reach: the database, the configuration, the clock, the metrics
//! recorder and this node's page cache.

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
}

impl AppState {
    pub fn new(db: Db, config: Config, clock: Clock) -> AppState {
        AppState {
            db,
            config: Arc::new(config),
            clock,
            metrics: metrics_handle(),
            pages: Arc::new(PageCache::new()),
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
