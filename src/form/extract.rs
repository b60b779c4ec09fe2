//! Form and JSON extractors whose rejections are ours: a French error page for forms, the
//! structured JSON error for the API.

use axum::extract::{FromRequest, FromRequestParts, Request};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};

/// `application/x-www-form-urlencoded` body (or the query string of a `GET`); a malformed one
/// answers 400, a field carrying a control character 422 on that field ([`super::hygiene`]).
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let get = matches!(
            *req.method(),
            axum::http::Method::GET | axum::http::Method::HEAD
        );
        if get {
            let q = req.uri().query().unwrap_or("").to_string();
            return form_value(q.as_bytes(), "paramètres de requête illisibles");
        }
        if !has_essence(req.headers(), |e| e == "application/x-www-form-urlencoded") {
            return Err(AppError::BadRequest(
                "Form requests must have `Content-Type: application/x-www-form-urlencoded`".into(),
            ));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        form_value(&bytes, "Failed to deserialize form body")
    }
}

fn form_value<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<Form<T>, AppError> {
    super::hygiene::check_pairs(form_urlencoded::parse(bytes)).map_err(AppError::Invalid)?;
    serde_urlencoded::from_bytes::<T>(bytes)
        .map(Form)
        .map_err(|e| AppError::BadRequest(format!("{what}: {e}")))
}

/// JSON body for the API; a malformed one answers 400 (syntax, shape) as JSON, and a value
/// outside a closed list (an enum's unknown text) 422 with the field named by its JSON path
/// (`kind`, `lines[2].programme`), like the values the services refuse.
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(AppError::BadRequest(
                "le corps doit être envoyé en JSON (Content-Type: application/json)".into(),
            )
            .into());
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| AppError::BadRequest(e.body_text()))?;
        Ok(Json(decode_json(&bytes)?))
    }
}

fn is_json(headers: &axum::http::HeaderMap) -> bool {
    has_essence(headers, |e| {
        e == "application/json" || (e.starts_with("application/") && e.ends_with("+json"))
    })
}

/// Does the `Content-Type` (its essence, lower-cased) pass `ok`?
fn has_essence(headers: &axum::http::HeaderMap, ok: impl Fn(&str) -> bool) -> bool {
    let Some(ct) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    ok(&essence)
}

/// Reads a JSON document into `T`, naming the field that is wrong (a string carrying a
/// control character included: [`super::hygiene::check_json`]).
pub fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    super::hygiene::check_json(bytes).map_err(AppError::Invalid)?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(path_error)?;
    de.end().map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(value)
}

/// Reads an already parsed JSON value into `T` (a `PATCH` merged into the resource), with the
/// same errors as [`decode_json`].
pub fn decode_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(path_error)
}

fn path_error(e: serde_path_to_error::Error<serde_json::Error>) -> AppError {
    let path = e.path().to_string();
    let inner = e.into_inner();
    let data = inner.classify() == serde_json::error::Category::Data;
    if data && inner.to_string().starts_with("unknown variant") {
        AppError::Invalid(crate::error::FieldErrors::one(path, "field-invalid-choice"))
    } else if data && path != "." {
        AppError::BadRequest(format!("{path} : {inner}"))
    } else {
        AppError::BadRequest(inner.to_string())
    }
}

/// A path parameter for the API; a malformed one answers 404 as JSON (the resource cannot exist).
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> axum::extract::FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(_) => Err(AppError::NotFound.into()),
        }
    }
}

/// A query string for the API; a malformed one answers 422 as structured JSON (a control
/// character too, on its parameter).
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        super::hygiene::check_query(q)
            .map_err(|f| ApiError(AppError::Invalid(f), crate::i18n::Lang::Fr))?;
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(q.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(Query)
            .map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let err = if inner.to_string().starts_with("unknown variant") {
                    AppError::Invalid(crate::error::FieldErrors::one(path, "field-invalid-choice"))
                } else {
                    AppError::BadRequest(format!("paramètres de requête illisibles : {inner}"))
                };
                ApiError(err, crate::i18n::Lang::Fr)
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::choice! {
        enum Mode { Open = "open", Closed = "closed" }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Line {
        #[allow(dead_code)]
        mode: Mode,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Body {
        #[allow(dead_code)]
        mode: Mode,
        #[allow(dead_code)]
        #[serde(default)]
        lines: Vec<Line>,
    }

    #[test]
    fn an_unknown_value_is_a_422_on_its_field() {
        match decode_json::<Body>(br#"{"mode":"ajar"}"#) {
            Err(AppError::Invalid(f)) => assert_eq!(f.get("mode"), Some("field-invalid-choice")),
            other => panic!("{other:?}"),
        }
        match decode_json::<Body>(br#"{"mode":"open","lines":[{"mode":"open"},{"mode":"x"}]}"#) {
            Err(AppError::Invalid(f)) => {
                assert_eq!(f.get("lines[1].mode"), Some("field-invalid-choice"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn syntax_and_shape_errors_stay_400() {
        assert!(matches!(
            decode_json::<Body>(b"{pas du json"),
            Err(AppError::BadRequest(_))
        ));
        match decode_json::<Body>(br#"{"mode":"open","lines":7}"#) {
            Err(AppError::BadRequest(m)) => assert!(m.starts_with("lines : "), "{m}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            decode_json::<Body>(br#"{"mode":"open"} trailing"#),
            Err(AppError::BadRequest(_))
        ));
        assert!(decode_json::<Body>(br#"{"mode":"closed"}"#).is_ok());
        assert_eq!(Mode::ALL.len(), 2);
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    crate::choice! {
        enum Order { Asc = "asc", Desc = "desc" }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Params {
        order: Option<Order>,
        #[allow(dead_code)]
        page: Option<u32>,
    }

    async fn read(q: &str) -> Result<Params, AppError> {
        let req = axum::http::Request::builder()
            .uri(format!("/x?{q}"))
            .body(())
            .unwrap();
        let (mut parts, _) = req.into_parts();
        Query::<Params>::from_request_parts(&mut parts, &())
            .await
            .map(|Query(p)| p)
            .map_err(|ApiError(e, _)| e)
    }

    #[tokio::test]
    async fn an_unknown_value_in_the_query_is_a_422_on_its_parameter() {
        assert_eq!(read("order=desc").await.unwrap().order, Some(Order::Desc));
        assert_eq!(read("").await.unwrap().order, None);
        match read("order=sideways").await {
            Err(AppError::Invalid(f)) => assert_eq!(f.get("order"), Some("field-invalid-choice")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(read("page=x").await, Err(AppError::BadRequest(_))));
        assert_eq!(Order::ALL.len(), 2);
    }
}
