//! Prometheus metrics: request counts and latencies by route, job outcomes. Every label takes
//! a bounded set of values, whatever clients send: the route is the matched template
//! (`/lieux/{slug}`, never the address itself) or `unmatched`, the method one of the standard
//! ones or `OTHER`, the status a number.

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
    let method = method_label(req.method()).to_string();
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

/// The method as a label: the standard methods by name, anything else `OTHER` (a client may
/// send any token as a method; each would otherwise become a series forever).
pub fn method_label(m: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_methods_fold_into_one_label() {
        use axum::http::Method;
        assert_eq!(super::method_label(&Method::GET), "GET");
        assert_eq!(super::method_label(&Method::TRACE), "OTHER");
        let odd = Method::from_bytes(b"ZZZZZZZZZZZZZZZZZZZZZZZZ").unwrap();
        assert_eq!(super::method_label(&odd), "OTHER");
    }
}
