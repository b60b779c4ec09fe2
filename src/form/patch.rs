//! `PATCH` as JSON Merge Patch (RFC 7396): the resource as `GET` shows it, the fields sent
//! merged in (a `null` removes an optional value), read back as the `PUT` body and saved by
//! the same service call. One schema per resource: what `GET` returns, `PUT` accepts, and a
//! `PATCH` changes only what it names.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::error::AppError;

/// Applies `patch` to `target` (RFC 7396 § 2).
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(fields) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    if let Value::Object(t) = target {
        for (k, v) in fields {
            if v.is_null() {
                t.remove(k);
            } else {
                merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
    }
}

/// The `PUT` body `T` for a `PATCH`: `current` (the resource as `GET` returns it) with
/// `patch` merged in. A patch that is not a JSON object is refused (400).
pub fn patched<T: DeserializeOwned>(
    current: &impl Serialize,
    patch: &Value,
) -> Result<T, AppError> {
    if !patch.is_object() {
        return Err(AppError::BadRequest(
            "un PATCH envoie un objet JSON : les champs à changer".into(),
        ));
    }
    let mut doc = serde_json::to_value(current).map_err(|e| AppError::Internal(e.into()))?;
    merge_patch(&mut doc, patch);
    super::extract::decode_value(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc_7396_examples() {
        // RFC 7396 appendix A, a few of its cases.
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (
                json!({"a": [{"b": "c"}]}),
                json!({"a": [1]}),
                json!({"a": [1]}),
            ),
            (json!(["a", "b"]), json!({"a": "b"}), json!({"a": "b"})),
        ];
        for (mut target, patch, want) in cases {
            merge_patch(&mut target, &patch);
            assert_eq!(target, want);
        }
    }

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Thing {
        name: String,
        note: Option<String>,
        tags: Vec<String>,
    }

    #[test]
    fn patched_keeps_what_is_not_sent() {
        let now = Thing {
            name: "Atelier".into(),
            note: Some("n".into()),
            tags: vec!["a".into()],
        };
        let t: Thing = patched(&now, &json!({"name": "Fablab"})).unwrap();
        assert_eq!(t.tags, vec!["a".to_string()]);
        assert_eq!(t.note.as_deref(), Some("n"));
        assert_eq!(t.name, "Fablab");
        let t: Thing = patched(&now, &json!({"note": null})).unwrap();
        assert_eq!(t.note, None);
        assert!(matches!(
            patched::<Thing>(&now, &json!([1])),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            patched::<Thing>(&now, &json!({"tags": 3})),
            Err(AppError::BadRequest(_))
        ));
    }
}
