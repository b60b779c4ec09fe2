//! What every handler can reach: the database, the configuration, the clock, the metrics.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::db::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Clock,
    pub metrics: metrics_exporter_prometheus::PrometheusHandle,
}

impl AppState {
    pub fn new(db: Db, config: Config, clock: Clock) -> AppState {
        AppState {
            db,
            config: Arc::new(config),
            clock,
            metrics: crate::web::metrics::handle(),
        }
    }
}
