//! Prometheus metrics: request counts and latencies by route, job outcomes.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

pub async fn layer(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let mut res = next.run(req).await;
    let elapsed = start.elapsed();
    // The server's own time for this request (W3C Server Timing): shown by browsers' developer
    // tools, and read by `bench/places.sh` to measure search latency without the client's.
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={:.2}", elapsed.as_secs_f64() * 1000.0))
    {
        res.headers_mut().insert("server-timing", v);
    }
    let status = res.status().as_u16().to_string();
    metrics::counter!("maillage_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("maillage_http_request_duration_seconds", "method" => method, "route" => route)
        .record(elapsed.as_secs_f64());
    res
}
