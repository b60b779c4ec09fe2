//! Error pages: turns an error response of an HTML route into a French (or English) page, and
//! of an API route into the JSON error. Unauthenticated page visits go to the login page.

use askama::Template;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError, ErrorPage};

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorTpl {
    pub c: super::Chrome,
    pub status: u16,
    pub message: String,
    /// `« field » : message` lines of a 422 refused before any form (control characters…).
    pub fields: Vec<String>,
}

pub async fn layer(req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let path = req.uri().path().to_string();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let res = next.run(req).await;
    let status = res.status();
    let marker = res.extensions().get::<ErrorPage>().cloned();
    let bare_error = (status == StatusCode::NOT_FOUND || status == StatusCode::METHOD_NOT_ALLOWED)
        && res
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .is_none();
    if marker.is_none() && !bare_error {
        return res;
    }
    let lang =
        crate::auth::ctx::requested_lang(&headers, path.starts_with("/api/")).unwrap_or_default();
    let fields = marker
        .as_ref()
        .map(|m| {
            m.fields
                .iter()
                .map(|(f, k)| format!("« {f} » : {}", lang.t(k)))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let message_key = marker.map(|m| m.message_key).unwrap_or(match status {
        StatusCode::METHOD_NOT_ALLOWED => "error-method",
        _ => "error-not-found",
    });
    if path.starts_with("/api/") {
        let err = match status {
            StatusCode::METHOD_NOT_ALLOWED => AppError::BadRequest("méthode non permise".into()),
            StatusCode::NOT_FOUND => AppError::NotFound,
            StatusCode::UNAUTHORIZED => AppError::Unauthorized,
            StatusCode::FORBIDDEN => AppError::Forbidden,
            StatusCode::TOO_MANY_REQUESTS => AppError::TooManyRequests,
            StatusCode::BAD_REQUEST => AppError::BadRequest(String::new()),
            _ => AppError::Internal(anyhow::anyhow!("{status}")),
        };
        let mut out = ApiError(err, lang).into_response();
        *out.status_mut() = status;
        return out;
    }
    if status == StatusCode::UNAUTHORIZED {
        let to = format!("/connexion?next={}", urlencoding::encode(&path_and_query));
        return super::redirect(&to);
    }
    let chrome = super::Chrome {
        lang,
        user_name: None,
        is_admin_anywhere: false,
        flash: None,
        path: path_and_query,
        title: lang.t(message_key),
    };
    let page = ErrorTpl {
        c: chrome,
        status: status.as_u16(),
        message: lang.t(message_key),
        fields,
    };
    match page.render() {
        Ok(body) => {
            let mut out = axum::response::Html(body).into_response();
            *out.status_mut() = status;
            out
        }
        Err(_) => (status, "Erreur").into_response(),
    }
}
