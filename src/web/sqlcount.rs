//! SQL statements per request: the guard against pages whose number of queries grows with the
//! rows they show (N+1), read by the scale tests and by `bench/` (issue 16).
//!
//! sqlx reports every statement it runs as a `tracing` event of target `sqlx::query` (at
//! `DEBUG`, when some subscriber wants it). [`layer`] below is a `tracing` layer that counts
//! those events into a counter local to the request's task, and [`scope`] is the middleware
//! that gives each request its counter and writes the total in the `x-sql-statements` response
//! header. Both do nothing until [`enable`] is called (the test harness, or `maillage serve`
//! with `MAILLAGE_COUNT_SQL=true`): production pays nothing for it.
//!
//! Limit: on SQLite, sqlx runs statements on a worker thread of its own, outside the request's
//! task, so only PostgreSQL's statements are counted (the header then says 0 on SQLite).

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Filter, Layer};
use tracing_subscriber::registry::LookupSpan;

tokio::task_local! {
    static STATEMENTS: Cell<u32>;
}

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Turns counting on for this process (the subscriber must also hold [`layer`]).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Counts `sqlx::query` events in the current request's counter.
pub struct Counter;

impl<S: Subscriber> Layer<S> for Counter {
    fn on_event(&self, _event: &Event<'_>, _ctx: Context<'_, S>) {
        let _ = STATEMENTS.try_with(|c| c.set(c.get().saturating_add(1)));
    }
}

/// Lets through only sqlx's statements, at any level.
pub struct OnlyStatements;

impl<S> Filter<S> for OnlyStatements {
    fn enabled(&self, meta: &tracing::Metadata<'_>, _ctx: &Context<'_, S>) -> bool {
        meta.target() == "sqlx::query"
    }
}

/// The counting layer with its filter, to add to a subscriber.
pub fn layer<S>() -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    Counter.with_filter(OnlyStatements)
}

/// The middleware: a counter per request, its total in `x-sql-statements`.
pub async fn scope(req: Request, next: Next) -> Response {
    if !enabled() {
        return next.run(req).await;
    }
    STATEMENTS
        .scope(Cell::new(0), async move {
            let mut res = next.run(req).await;
            let n = STATEMENTS.with(Cell::get);
            res.headers_mut()
                .insert("x-sql-statements", HeaderValue::from(n));
            res
        })
        .await
}

/// Statements run so far by the current task (outside a request: `None`).
pub fn so_far() -> Option<u32> {
    STATEMENTS.try_with(Cell::get).ok()
}
