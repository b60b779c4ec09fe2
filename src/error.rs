//! One error type for every handler. The API renders it as
//! `{"error":{"code","message","fields"}}` and leaves an [`ApiErrorText`] marker, which the
//! `api::errors_in_request_language` layer reads to word the message in the request's
//! language; HTML pages get a French (or English) error page from the `web::errors` layer,
//! which reads the [`ErrorPage`] marker this module leaves.

use std::borrow::Cow;
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
    /// A slot of a space already taken (409), with what takes it: see [`Taken`].
    #[error("slot taken: {}", .0.code)]
    Taken(Box<Taken>),
    #[error("too many requests")]
    TooManyRequests,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

/// The conflict of a space's calendar, named: which space, what already takes its seats (an
/// event's title; empty: bookings) and when (the first interval refused, UTC ms). Answered 409
/// with `code`, and in words by [`Taken::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub code: &'static str,
    pub space_id: i64,
    pub space: String,
    pub label: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

impl Taken {
    /// « La salle Salle de réunion est déjà prise le 08/12/2026 de 09:30 à 12:00 par
    /// « Atelier couture ». », in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let paris = |ms: i64| crate::clock::from_ms(ms).with_timezone(&chrono_tz::Europe::Paris);
        let (s, e) = (paris(self.starts_at), paris(self.ends_at));
        let what = if self.label.is_empty() {
            lang.t("space-taken-by-bookings")
        } else {
            lang.ta("space-taken-by-event", &[("title", &self.label)])
        };
        lang.ta(
            "space-taken",
            &[
                ("space", &self.space),
                ("day", &s.format("%d/%m/%Y").to_string()),
                ("from", &s.format("%H:%M").to_string()),
                ("to", &e.format("%H:%M").to_string()),
                ("what", &what),
            ],
        )
    }
}

crate::choice! {
    /// What takes the seats of a slot refused: an event held in the space, or bookings.
    pub enum TakenBy {
        Event = "event",
        Bookings = "bookings",
    }
}

/// What the API says of a [`Taken`] besides its message.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct TakenOut {
    /// The space (`spaces.id`).
    pub space_id: i64,
    /// What takes its seats: `event` or `bookings`.
    pub kind: TakenBy,
    /// The event's title (empty for bookings).
    pub label: String,
    /// The first interval refused, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
}

/// Field name → message key (Fluent), in the order fields were checked. A field is named as
/// the client sent it: a form's field, or a JSON path such as `items[2].kind`.
#[derive(Debug, Default, Clone)]
pub struct FieldErrors(pub Vec<(Cow<'static, str>, &'static str)>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<Cow<'static, str>>, key: &'static str) {
        let field = field.into();
        if !self.has(&field) {
            self.0.push((field, key));
        }
    }
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| f == field)
    }
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, k)| *k)
    }
    /// One field's error: `Err` of a parse at the edge.
    pub fn one(field: impl Into<Cow<'static, str>>, key: &'static str) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(field, key);
        e
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `checked` (a model's own validation) joined with the errors already found by the form:
    /// the value only when neither found anything, otherwise every error, the form's first.
    pub fn then<T>(mut self, checked: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
        match checked {
            Ok(v) if self.is_empty() => Ok(v),
            Ok(_) => Err(self),
            Err(more) => {
                for (f, k) in more.0 {
                    self.add(f, k);
                }
                Err(self)
            }
        }
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
            AppError::Conflict(_) | AppError::Taken(_) => StatusCode::CONFLICT,
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
            AppError::Taken(t) => t.code,
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
            AppError::Taken(_) => "error-space-taken",
            AppError::TooManyRequests => "error-too-many",
            AppError::Db(_) | AppError::Internal(_) => "error-internal",
        }
    }

    fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
    }

    /// What the API says about this error, before it is put into words.
    pub fn api_text(&self) -> ApiErrorText {
        ApiErrorText {
            code: self.code(),
            message_key: self.message_key(),
            detail: match self {
                AppError::BadRequest(detail) => Some(detail.clone()),
                _ => None,
            },
            fields: match self {
                AppError::Invalid(f) => Some(f.0.clone()),
                _ => None,
            },
            taken: match self {
                AppError::Taken(t) => Some(t.clone()),
                _ => None,
            },
        }
    }
}

/// An API error as message keys: rendered once by [`ApiError`] and left on the response, so
/// that the `api::errors_in_request_language` layer can render it again in the language of
/// the request once the handler is done.
#[derive(Clone, Debug)]
pub struct ApiErrorText {
    pub code: &'static str,
    pub message_key: &'static str,
    /// Appended to the message (`bad_request`).
    pub detail: Option<String>,
    /// Field name → message key (`validation_failed`).
    pub fields: Option<Vec<(Cow<'static, str>, &'static str)>>,
    /// The slot taken (`AppError::Taken`): worded by [`Taken::message`], sent as `conflict`.
    pub taken: Option<Box<Taken>>,
}

impl ApiErrorText {
    /// The JSON body, in `lang`.
    pub fn body(&self, lang: Lang) -> ApiErrorBody {
        let message = match (&self.taken, &self.detail) {
            (Some(t), _) => t.message(lang),
            (None, Some(detail)) => format!("{} {detail}", lang.t(self.message_key)),
            (None, None) => lang.t(self.message_key),
        };
        ApiErrorBody {
            error: ApiErrorInner {
                code: self.code.to_string(),
                message,
                fields: self.fields.as_ref().map(|f| {
                    f.iter()
                        .map(|(field, key)| (field.to_string(), lang.t(key)))
                        .collect()
                }),
                conflict: self.taken.as_ref().map(|t| TakenOut {
                    space_id: t.space_id,
                    kind: if t.label.is_empty() {
                        TakenBy::Bookings
                    } else {
                        TakenBy::Event
                    },
                    label: t.label.clone(),
                    starts_at: crate::clock::rfc3339(t.starts_at),
                    ends_at: crate::clock::rfc3339(t.ends_at),
                }),
            },
        }
    }

    /// The JSON response in `lang`, carrying this text for the API's language layer.
    pub fn respond(self, status: StatusCode, lang: Lang) -> Response {
        let mut res = (status, Json(self.body(lang))).into_response();
        res.extensions_mut().insert(self);
        res
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
    /// Human-readable message, in the request's language: the `lang` cookie, then
    /// `Accept-Language`, then the account's language; French by default.
    pub message: String,
    /// For `validation_failed`: field name → message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// For a slot of a space already taken (`space_taken`, `booking_full`): what takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflict: Option<TakenOut>,
}

/// Marker left on an HTML error response; `web::errors` turns it into a page.
#[derive(Clone, Debug)]
pub struct ErrorPage {
    pub message_key: &'static str,
    /// For a 422 that reached no form (refused by an extractor): field name → message key,
    /// listed on the page.
    pub fields: Vec<(Cow<'static, str>, &'static str)>,
}

/// In HTML handlers: an empty response carrying the status and an [`ErrorPage`] marker.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let mut res = self.status().into_response();
        res.extensions_mut().insert(ErrorPage {
            message_key: self.message_key(),
            fields: match &self {
                AppError::Invalid(f) => f.0.clone(),
                _ => Vec::new(),
            },
        });
        res
    }
}

/// The API's error: the same [`AppError`], rendered as JSON in the given language. Under
/// `/api`, the `api::errors_in_request_language` layer then words it in the request's
/// language (the same as `Ctx::lang` there), whatever language it was built with.
#[derive(Debug)]
pub struct ApiError(pub AppError, pub Lang);

/// `?` in an API handler: French here, put into the request's language by the API's layer.
impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into(), Lang::Fr)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let mut res = self.0.api_text().respond(self.0.status(), self.1);
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
