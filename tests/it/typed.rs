//! The typed domain seen from outside: every closed list is an `enum` in the OpenAPI
//! document, an unknown value is a 422 naming its field in the client's language, what `GET`
//! returns `PUT` accepts unchanged, and `PATCH` changes only the fields it sends.

use serde_json::Value;

use crate::both;
use crate::harness::TestApp;

/// Property and parameter names that hold a closed list of values.
fn is_closed_list(name: &str) -> bool {
    let last = name.rsplit('_').next().unwrap_or(name);
    matches!(
        last,
        "status" | "kind" | "mode" | "programme" | "visibility" | "moderation" | "outcome"
    )
}

/// The schema behind `s`, following `$ref` and the `oneOf`/`anyOf` of an optional value;
/// true when it lists its values (`enum`), or is an array of such.
fn lists_values(doc: &Value, s: &Value) -> bool {
    if let Some(r) = s["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap();
        return lists_values(doc, &doc["components"]["schemas"][name]);
    }
    if s["enum"].is_array() {
        return true;
    }
    if s["type"] == "array" {
        return lists_values(doc, &s["items"]);
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(alts) = s[key].as_array() {
            let typed: Vec<&Value> = alts.iter().filter(|a| a["type"] != "null").collect();
            return !typed.is_empty() && typed.iter().all(|a| lists_values(doc, a));
        }
    }
    false
}

#[tokio::test]
async fn openapi_lists_the_values_of_every_closed_list() {
    let app = TestApp::new(crate::harness::Backend::Sqlite).await;
    let doc: Value = app.openapi().await;
    let mut missing = Vec::new();
    let mut checked = 0;
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        for (prop, s) in props {
            if is_closed_list(prop) {
                checked += 1;
                if !lists_values(&doc, s) {
                    missing.push(format!("{name}.{prop}"));
                }
            }
        }
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap_or("");
                if is_closed_list(name) {
                    checked += 1;
                    if !lists_values(&doc, &p["schema"]) {
                        missing.push(format!("{method} {path} ?{name}"));
                    }
                }
            }
        }
    }
    assert!(
        checked > 40,
        "only {checked} closed lists found: is the walk right?"
    );
    assert!(
        missing.is_empty(),
        "closed lists without `enum` in the OpenAPI document: {missing:#?}"
    );
    for (schema, prop) in [
        ("PlaceOut", "status"),
        ("PlaceOut", "moderation"),
        ("Updated", "outcome"),
    ] {
        assert!(
            lists_values(
                &doc,
                &doc["components"]["schemas"][schema]["properties"][prop]
            ),
            "{schema}.{prop} lists its values"
        );
    }
}

both!(
    an_unknown_value_is_a_422_naming_its_field_in_the_callers_language,
    |app: TestApp| async move {
        let admin = app.instance_admin("admin@example.org").await;
        let token = app.token_for(admin).await;
        let body = serde_json::json!({"name": "Tiers-lieu de Riez", "status": "entrouvert"});
        let res = app.api_post("/api/v1/places", &token, body.clone()).await;
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "validation_failed");
        assert_eq!(
            v["error"]["fields"]["status"],
            "Choisissez une valeur dans la liste."
        );
        let res = app
            .client
            .post(app.url("/api/v1/places"))
            .bearer_auth(&token)
            .header("accept-language", "en")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        assert_eq!(
            v["error"]["fields"]["status"],
            "Choose a value from the list."
        );
        // Nothing was written.
        let list: Value = app
            .api_get("/api/v1/places", &token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(list["total"], 0);
    }
);

/// Drops what the server writes itself on every save, so that two reads compare.
fn stable(mut v: Value) -> Value {
    if let Value::Object(o) = &mut v {
        for k in ["updated_at", "created_at", "version_id", "author"] {
            o.remove(k);
        }
    }
    v
}

async fn call(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut req = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req
            .header("content-type", "application/merge-patch+json")
            .body(b.to_string());
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The first item's id of a list (`items` of a page, or the list itself).
async fn first_id(app: &TestApp, path: &str, token: &str) -> i64 {
    let (status, list) = call(app, reqwest::Method::GET, path, token, None).await;
    assert_eq!(status, 200, "GET {path}: {list}");
    let items = list.get("items").unwrap_or(&list);
    items[0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no item in {path}: {list}"))
}

/// Every resource the API lets a client replace (`PUT`) and change (`PATCH`), with the demo
/// data: its path, the same for `GET`, `PUT` and `PATCH`.
async fn resources(app: &TestApp, token: &str) -> Vec<String> {
    use reqwest::Method;
    let mut out = Vec::new();
    let (_, places) = call(app, Method::GET, "/api/v1/places?per_page=50", token, None).await;
    let mut service = None;
    for p in places["items"].as_array().unwrap() {
        let path = format!("/api/v1/places/{}/services", p["id"]);
        let (_, list) = call(app, Method::GET, &path, token, None).await;
        if let Some(id) = list[0]["id"].as_i64() {
            out.push(format!("/api/v1/places/{}", p["id"]));
            service = Some(id);
            break;
        }
    }
    let service = service.expect("the demo data has prestations");
    out.push(format!("/api/v1/services/{service}"));
    let project = first_id(app, "/api/v1/projects", token).await;
    for sub in ["", "/canvas", "/public"] {
        out.push(format!("/api/v1/projects/{project}{sub}"));
    }
    let funding = first_id(
        app,
        &format!("/api/v1/projects/{project}/funding-applications"),
        token,
    )
    .await;
    out.push(format!("/api/v1/funding-applications/{funding}"));
    let stakeholder = first_id(
        app,
        &format!("/api/v1/projects/{project}/stakeholders"),
        token,
    )
    .await;
    out.push(format!("/api/v1/stakeholders/{stakeholder}"));
    let (status, line) = call(
        app,
        Method::POST,
        &format!("/api/v1/projects/{project}/budget-lines"),
        token,
        Some(&serde_json::json!({"kind": "operation", "label": "Loyer", "amount_cents": 120000})),
    )
    .await;
    assert_eq!(status, 201, "a budget line: {line}");
    out.push(format!("/api/v1/budget-lines/{}", line["id"]));
    out
}

async fn demo_admin(app: &TestApp) -> String {
    maillage::demo::load(&app.state).await.unwrap();
    let admin = maillage::accounts::repo::user_by_email(&app.state.db, "admin@demo.maillage.fr")
        .await
        .unwrap()
        .expect("the demo has an instance admin");
    app.token_for(admin.id).await
}

both!(
    what_get_returns_put_accepts_unchanged,
    |app: TestApp| async move {
        use reqwest::Method;
        let token = demo_admin(&app).await;
        let all = resources(&app, &token).await;
        assert_eq!(all.len(), 8, "{all:?}");
        for path in all {
            let (status, before) = call(&app, Method::GET, &path, &token, None).await;
            assert_eq!(status, 200, "GET {path}: {before}");
            let (status, v) = call(&app, Method::PUT, &path, &token, Some(&before)).await;
            assert!(
                (200..300).contains(&status),
                "PUT {path} with what GET returned: {status} {v}"
            );
            let (_, after) = call(&app, Method::GET, &path, &token, None).await;
            assert_eq!(
                stable(after),
                stable(before),
                "PUT {path} of its GET changed it"
            );
        }
    }
);

/// For each resource: a field to change and the field that must keep its value.
fn patch_case(path: &str) -> (Value, &'static str) {
    use serde_json::json;
    if path.contains("/canvas") {
        (
            json!({"blocks": {"social_problem": "Pas de lieu"}}),
            "blocks",
        )
    } else if path.ends_with("/public") {
        (json!({"participate": "<p>Venez</p>"}), "contacts")
    } else if path.starts_with("/api/v1/projects/") {
        (json!({"intent": "<p>Un café-atelier</p>"}), "uses")
    } else if path.starts_with("/api/v1/places/") {
        (
            json!({"website": "https://riez.example.org"}),
            "description",
        )
    } else if path.starts_with("/api/v1/services/") {
        (json!({"price_cents": 1234}), "category")
    } else if path.starts_with("/api/v1/funding-applications/") {
        (json!({"amount_granted_cents": 500000}), "funder")
    } else if path.starts_with("/api/v1/stakeholders/") {
        (json!({"notes": "Rappeler en janvier"}), "organization")
    } else {
        (json!({"label": "Loyer du local"}), "amount_cents")
    }
}

both!(
    patch_changes_only_the_fields_sent,
    |app: TestApp| async move {
        use reqwest::Method;
        let token = demo_admin(&app).await;
        for path in resources(&app, &token).await {
            let (_, before) = call(&app, Method::GET, &path, &token, None).await;
            let (change, kept) = patch_case(&path);
            let (status, v) = call(&app, Method::PATCH, &path, &token, Some(&change)).await;
            assert!((200..300).contains(&status), "PATCH {path}: {status} {v}");
            let (_, after) = call(&app, Method::GET, &path, &token, None).await;
            for (field, value) in change.as_object().unwrap() {
                if field == "blocks" {
                    assert_eq!(
                        after["blocks"]["social_problem"], value["social_problem"],
                        "PATCH {path}"
                    );
                } else {
                    assert_eq!(&after[field], value, "PATCH {path} sets {field}");
                }
            }
            if kept == "blocks" {
                // Every other block keeps its text.
                for (k, v) in before["blocks"].as_object().unwrap() {
                    if k != "social_problem" {
                        assert_eq!(&after["blocks"][k], v, "PATCH {path} kept block {k}");
                    }
                }
            } else {
                assert_eq!(after[kept], before[kept], "PATCH {path} kept {kept}");
                assert!(!before[kept].is_null(), "{path} has {kept}");
            }
            // A field that is not of the resource's shape: 400 or 422, nothing written.
            let (status, _) = call(
                &app,
                Method::PATCH,
                &path,
                &token,
                Some(&serde_json::json!([1, 2])),
            )
            .await;
            assert_eq!(status, 400, "PATCH {path} with a list");
            let (_, again) = call(&app, Method::GET, &path, &token, None).await;
            assert_eq!(
                stable(again),
                stable(after),
                "a refused PATCH wrote to {path}"
            );
        }
        // `null` empties an optional field (RFC 7396).
        let (_, places) = call(&app, Method::GET, "/api/v1/places?per_page=1", &token, None).await;
        let place = format!("/api/v1/places/{}", places["items"][0]["id"]);
        let (status, _) = call(
            &app,
            Method::PATCH,
            &place,
            &token,
            Some(&serde_json::json!({"website": "https://a.example.org"})),
        )
        .await;
        assert_eq!(status, 200);
        let (status, _) = call(
            &app,
            Method::PATCH,
            &place,
            &token,
            Some(&serde_json::json!({"website": null})),
        )
        .await;
        assert_eq!(status, 200);
        let (_, after) = call(&app, Method::GET, &place, &token, None).await;
        assert_eq!(after["website"], "");
        // An unknown value: 422 naming the field, as for PUT.
        let (status, v) = call(
            &app,
            Method::PATCH,
            &place,
            &token,
            Some(&serde_json::json!({"status": "entrouvert"})),
        )
        .await;
        assert_eq!(status, 422, "{v}");
        assert!(v["error"]["fields"]["status"].is_string(), "{v}");
        // Without a token: 401.
        let res = app
            .client
            .patch(app.url(&place))
            .header("content-type", "application/merge-patch+json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
);
