//! One error type for every handler. The API renders it as
//! `{"error":{"code","message","fields"}}`; HTML pages get a French (or English) error page
//! from the `web::errors` layer, which reads the [`ErrorPage`] marker this module leaves.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Lang;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("unauthorized")]
    Unauthorized,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many requests")]
    TooManyRequests,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// Field name → message key (Fluent), in the order fields were checked.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(pub Vec<(&'static str, &'static str)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        if !self.has(field) {
            self.0.push((field, key));
        }
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| *f == field)
    }
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, k)| *k)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_result(self) -> AppResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Db(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Forbidden => "forbidden",
            AppError::Unauthorized => "unauthorized",
            AppError::Invalid(_) => "validation_failed",
            AppError::BadRequest(_) => "bad_request",
            AppError::Conflict(c) => c,
            AppError::TooManyRequests => "too_many_requests",
            AppError::Db(_) | AppError::Internal(_) => "internal",
        }
    }

    /// The message key shown to people.
    pub fn message_key(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::Forbidden => "error-forbidden",
            AppError::Unauthorized => "error-unauthorized",
            AppError::Invalid(_) => "error-invalid",
            AppError::BadRequest(_) => "error-bad-request",
            AppError::Conflict(_) => "error-conflict",
            AppError::TooManyRequests => "error-too-many",
            AppError::Db(_) | AppError::Internal(_) => "error-internal",
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
    }

    /// The JSON body of the API.
    pub fn to_api_body(&self, lang: Lang) -> ApiErrorBody {
        let fields = match self {
            AppError::Invalid(f) => Some(
                f.0.iter()
                    .map(|(field, key)| (field.to_string(), lang.t(key)))
                    .collect(),
            ),
            _ => None,
        };
        let message = match self {
            AppError::BadRequest(detail) => format!("{} {detail}", lang.t(self.message_key())),
            _ => lang.t(self.message_key()),
        };
        ApiErrorBody {
            error: ApiErrorInner {
                code: self.code().to_string(),
                message,
                fields,
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorBody {
    pub error: ApiErrorInner,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorInner {
    /// Machine-readable code: `not_found`, `validation_failed`, `unauthorized`, …
    pub code: String,
    /// Human-readable message (French unless `Accept-Language` asks for English).
    pub message: String,
    /// For `validation_failed`: field name → message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}

/// Marker left on an HTML error response; `web::errors` turns it into a page.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub message_key: &'static str,
}

/// In HTML handlers: an empty response carrying the status and an [`ErrorPage`] marker.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let mut res = self.status().into_response();
        res.extensions_mut().insert(ErrorPage {
            message_key: self.message_key(),
        });
        res
    }
}

/// The API's error: the same [`AppError`], rendered as JSON.
#[derive(Debug)]
pub struct ApiError(pub AppError, pub Lang);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into(), Lang::Fr)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut res = (self.0.status(), Json(self.0.to_api_body(self.1))).into_response();
        if matches!(self.0, AppError::Unauthorized) {
            res.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
