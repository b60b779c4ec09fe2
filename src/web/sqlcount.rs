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
//!
//! The tests of query plans also need the statements themselves: once [`enable_recording`] is
//! called (tests only), a request carrying an `x-sql-record: KEY` header has the text of its
//! statements kept under `KEY`, for [`take_recording`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Filter, Layer};
use tracing_subscriber::registry::LookupSpan;

tokio::task_local! {
    static STATEMENTS: Cell<u32>;
    /// The text of the request's statements, when it asked for it.
    static TEXTS: RefCell<Option<Vec<String>>>;
}

static ENABLED: AtomicBool = AtomicBool::new(false);
static RECORDING: AtomicBool = AtomicBool::new(false);
static RECORDINGS: Mutex<Option<HashMap<String, Vec<String>>>> = Mutex::new(None);

/// Lets requests ask for the text of their statements (`x-sql-record`): tests only, never
/// `maillage serve`.
pub fn enable_recording() {
    RECORDING.store(true, Ordering::Relaxed);
}

/// The statements of the requests recorded under `key` (and forgets them).
pub fn take_recording(key: &str) -> Vec<String> {
    RECORDINGS
        .lock()
        .ok()
        .and_then(|mut m| m.as_mut()?.remove(key))
        .unwrap_or_default()
}

/// Reads the statement's text from sqlx's event: `db.statement` for a long statement, else
/// `summary` (sqlx leaves `db.statement` empty when the summary is the whole statement).
#[derive(Default)]
struct StatementText {
    statement: String,
    summary: String,
}

impl tracing::field::Visit for StatementText {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "db.statement" => self.statement = value.trim().to_string(),
            "summary" => self.summary = value.trim().to_string(),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "db.statement" | "summary" => self.record_str(field, &format!("{value:?}")),
            _ => {}
        }
    }
}

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
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let _ = STATEMENTS.try_with(|c| c.set(c.get().saturating_add(1)));
        let _ = TEXTS.try_with(|t| {
            if let Some(texts) = t.borrow_mut().as_mut() {
                let mut v = StatementText::default();
                event.record(&mut v);
                texts.push(if v.statement.is_empty() {
                    v.summary
                } else {
                    v.statement
                });
            }
        });
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
    let record = RECORDING
        .load(Ordering::Relaxed)
        .then(|| {
            req.headers()
                .get("x-sql-record")?
                .to_str()
                .ok()
                .map(String::from)
        })
        .flatten();
    let texts = RefCell::new(record.as_ref().map(|_| Vec::new()));
    STATEMENTS
        .scope(Cell::new(0), async move {
            TEXTS
                .scope(texts, async move {
                    let mut res = next.run(req).await;
                    let n = STATEMENTS.with(Cell::get);
                    res.headers_mut()
                        .insert("x-sql-statements", HeaderValue::from(n));
                    if let (Some(key), Some(texts)) = (record, TEXTS.with(|t| t.take())) {
                        if let Ok(mut m) = RECORDINGS.lock() {
                            m.get_or_insert_with(HashMap::new)
                                .entry(key)
                                .or_default()
                                .extend(texts);
                        }
                    }
                    res
                })
                .await
        })
        .await
}

/// Statements run so far by the current task (outside a request: `None`).
pub fn so_far() -> Option<u32> {
    STATEMENTS.try_with(Cell::get).ok()
}
