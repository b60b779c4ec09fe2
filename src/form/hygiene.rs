//! Input hygiene at the edge: what clients send never carries a NUL byte or another C0
//! control character into the application (PostgreSQL refuses NUL in text, and control
//! characters have no business in a name, a title or an address).
//!
//! - In a **body** (forms, JSON, multipart text fields) and in a **query string**, tab, CR and
//!   LF are allowed (multi-line text), every other C0 character (U+0000–U+001F) is refused with
//!   a 422 naming the field (`field-control-char`).
//! - In the **path**, every C0 character is refused: [`layer`] answers 404 (no resource has such
//!   an address) before any handler runs, so every route is covered, whatever extractor reads it.
//!
//! [`super::Form`], [`super::Json`] (through [`super::decode_json`]), [`super::Query`] and
//! [`super::read_upload`] call [`check_pairs`] / [`check_json`]; [`layer`] checks the path and
//! the query string of every request.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, AppError, FieldErrors};
use crate::i18n::Lang;

/// The message key of a field refused for a control character.
pub const KEY: &str = "field-control-char";

/// Is this character refused in a body or a query value? (C0 except tab, CR and LF.)
pub fn refused_in_text(c: char) -> bool {
    (c as u32) < 0x20 && !matches!(c, '\t' | '\r' | '\n')
}

/// Is this character refused in a path segment? (Every C0 character.)
pub fn refused_in_path(c: char) -> bool {
    (c as u32) < 0x20
}

/// A text as a client may send it in a body: no C0 character but tab, CR and LF.
pub fn clean_text(s: &str) -> bool {
    !s.chars().any(refused_in_text)
}

/// A field name fit to be shown back (its control characters dropped, at most 100 chars).
fn shown(name: &str) -> String {
    let s: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    if s.is_empty() {
        "?".into()
    } else {
        s
    }
}

/// Checks name/value pairs (a form body, a query string, multipart text fields): the first
/// pair carrying a refused character is the error, on its field.
pub fn check_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Result<(), FieldErrors>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut errors = FieldErrors::default();
    for (k, v) in pairs {
        if !clean_text(k.as_ref()) || !clean_text(v.as_ref()) {
            errors.add(shown(k.as_ref()), KEY);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks every string (and key) of a JSON document; the field is named by its JSON path
/// (`title`, `lines[2].name`), as the API's other field errors.
pub fn check_json(bytes: &[u8]) -> Result<(), FieldErrors> {
    // Raw control characters are a JSON syntax error already: only the escaped ones
    // (`\u0000`…`\u001f`, `\b`, `\f`) can reach a string. Most bodies have none: skip the walk.
    let escaped = bytes.windows(2).enumerate().any(|(i, w)| {
        w[0] == b'\\'
            && (matches!(w[1], b'b' | b'f')
                || (w[1] == b'u' && bytes.get(i + 2..i + 4) == Some(&b"00"[..])))
    });
    if !escaped {
        return Ok(());
    }
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        // Not JSON: the decoder says why.
        return Ok(());
    };
    let mut errors = FieldErrors::default();
    walk(&value, &mut String::new(), &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn walk(v: &serde_json::Value, path: &mut String, errors: &mut FieldErrors) {
    let here = || {
        if path.is_empty() {
            ".".to_string()
        } else {
            path.clone()
        }
    };
    match v {
        serde_json::Value::String(s) if !clean_text(s) => errors.add(shown(&here()), KEY),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, errors);
                path.truncate(len);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, item) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                if !clean_text(k) {
                    errors.add(shown(path), KEY);
                } else {
                    walk(item, path, errors);
                }
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Does a raw (percent-encoded) path carry a control character once decoded?
pub fn path_refused(raw_path: &str) -> bool {
    raw_path.split('/').any(|seg| {
        urlencoding::decode_binary(seg.as_bytes())
            .iter()
            .any(|b| *b < 0x20)
            || seg.chars().any(refused_in_path)
    })
}

/// Checks a raw query string (`a=1&b=x%00y`).
pub fn check_query(raw_query: &str) -> Result<(), FieldErrors> {
    check_pairs(form_urlencoded::parse(raw_query.as_bytes()))
}

/// Every request: a control character in the path answers 404, one in the query string 422
/// naming the parameter (a French page, or the API's JSON error under `/api/`).
pub async fn layer(req: Request, next: Next) -> Response {
    let uri = req.uri();
    let api = uri.path().starts_with("/api/");
    let err = if path_refused(uri.path()) {
        Some(AppError::NotFound)
    } else {
        uri.query()
            .and_then(|q| check_query(q).err())
            .map(AppError::Invalid)
    };
    match err {
        None => next.run(req).await,
        Some(e) if api => {
            let lang = req
                .headers()
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
                .unwrap_or_default();
            ApiError(e, lang).into_response()
        }
        Some(AppError::NotFound) => {
            // A bare 404: the errors layer renders its page.
            StatusCode::NOT_FOUND.into_response()
        }
        Some(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_allow_tab_cr_lf_and_refuse_other_controls() {
        assert!(check_pairs([("message", "bon\r\njour\tà tous")]).is_ok());
        let e = check_pairs([("name", "ok"), ("message", "bon\0jour")]).unwrap_err();
        assert_eq!(e.get("message"), Some(KEY));
        assert!(!e.has("name"));
        let e = check_pairs([("ti\x01tle", "x")]).unwrap_err();
        assert_eq!(e.get("title"), Some(KEY));
        assert!(check_pairs([("x", "\x1b[31m")]).is_err());
    }

    #[test]
    fn json_strings_are_named_by_their_path() {
        assert!(check_json(br#"{"title":"R\u00e9union\nsuite"}"#).is_ok());
        let e = check_json(br#"{"title":"bon\u0000jour"}"#).unwrap_err();
        assert_eq!(e.get("title"), Some(KEY));
        let e = check_json(br#"{"agenda":["a","b\u0007"]}"#).unwrap_err();
        assert_eq!(e.get("agenda[1]"), Some(KEY));
        let e = check_json(br#"{"a":{"b":"\u001f"}}"#).unwrap_err();
        assert_eq!(e.get("a.b"), Some(KEY));
        assert!(check_json(br#"{"t":"\u000d\u000a\u0009\r\n\t"}"#).is_ok());
        assert_eq!(
            check_json(br#"{"t":"a\bb"}"#).unwrap_err().get("t"),
            Some(KEY)
        );
        assert_eq!(
            check_json(br#"{"t":"a\fb"}"#).unwrap_err().get("t"),
            Some(KEY)
        );
        assert!(check_json(b"not json \\u0000").is_ok());
    }

    #[test]
    fn paths_refuse_every_control_character() {
        assert!(path_refused("/lieux/a%00b"));
        assert!(path_refused("/lieux/a%0Ab"));
        assert!(path_refused("/lieux/a%09b"));
        assert!(!path_refused("/lieux/caf%C3%A9-des-tiers-lieux"));
        assert!(!path_refused("/lieux/a%20b"));
        assert!(check_query("q=caf%C3%A9&page=2").is_ok());
        assert_eq!(check_query("q=a%00b").unwrap_err().get("q"), Some(KEY));
    }
}
