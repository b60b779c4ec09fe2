//! The typed domain seen from outside: every closed list is an `enum` in the OpenAPI
//! document, an unknown value is a 422 naming its field in the client's language, what `GET`
//! returns `PUT` accepts unchanged, and `PATCH` changes only the fields it sends.

use serde_json::Value;

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
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
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
    assert!(checked > 40, "only {checked} closed lists found: is the walk right?");
    assert!(
        missing.is_empty(),
        "closed lists without `enum` in the OpenAPI document: {missing:#?}"
    );
}

/// Drops what the server writes itself on every save (times), so that two reads compare.
fn stable(mut v: Value) -> Value {
    if let Value::Object(o) = &mut v {
        for k in ["updated_at", "created_at", "version", "versions"] {
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
    let mut req = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn first_id(app: &TestApp, path: &str, token: &str) -> i64 {
    let (status, list) = call(app, reqwest::Method::GET, path, token, None).await;
    assert_eq!(status, 200, "GET {path}: {list}");
    let items = list.get("items").unwrap_or(&list);
    items[0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no item in {path}: {list}"))
}

/// Every resource the API lets a client replace, with the demo data: `(read, write)` paths
/// (the same path when the resource has its own `GET`; otherwise the item as its list shows it).
async fn resources(app: &TestApp, token: &str) -> Vec<(String, String, Value)> {
    use reqwest::Method;
    let mut out = Vec::new();
    let place = first_id(app, "/api/v1/places?per_page=50", token).await;
    let path = format!("/api/v1/places/{place}");
    out.push((path.clone(), path, Value::Null));
    // A place with prestations.
    let (_, places) = call(app, Method::GET, "/api/v1/places?per_page=50", token, None).await;
    let mut service = None;
    for p in places["items"].as_array().unwrap() {
        let path = format!("/api/v1/places/{}/services", p["id"]);
        let (_, list) = call(app, Method::GET, &path, token, None).await;
        if let Some(id) = list[0]["id"].as_i64() {
            service = Some(id);
            break;
        }
    }
    let service = service.expect("the demo data has prestations");
    let path = format!("/api/v1/services/{service}");
    out.push((path.clone(), path, Value::Null));
    let project = first_id(app, "/api/v1/projects", token).await;
    for sub in ["", "/canvas", "/public"] {
        let path = format!("/api/v1/projects/{project}{sub}");
        out.push((path.clone(), path, Value::Null));
    }
    let (_, p) = call(app, Method::GET, &format!("/api/v1/projects/{project}"), token, None).await;
    let network = p["network_id"].as_i64().expect("the demo project has a network");
    let path = format!("/api/v1/networks/{network}/phase-template");
    out.push((path.clone(), path, Value::Null));
    for (list, item) in [
        ("funding-applications", "funding-applications"),
        ("stakeholders", "stakeholders"),
    ] {
        let list_path = format!("/api/v1/projects/{project}/{list}");
        let (status, items) = call(app, Method::GET, &list_path, token, None).await;
        assert_eq!(status, 200, "GET {list_path}");
        let items = items.get("items").cloned().unwrap_or(items);
        let first = items[0].clone();
        let id = first["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("no item in {list_path}"));
        out.push((list_path, format!("/api/v1/{item}/{id}"), first));
    }
    out
}

async fn demo_admin(app: &TestApp) -> String {
    maillage::demo::load(&app.state).await.unwrap();
    let admin = maillage::accounts::repo::user_by_email(&app.state.db, "admin@demo.maillage.fr")
        .await
        .unwrap()
        .expect("the demo has an instance admin");
    app.token_for(admin.id.into()).await
}

both!(what_get_returns_put_accepts_unchanged, |app: TestApp| async move {
    use reqwest::Method;
    let token = demo_admin(&app).await;
    let all = resources(&app, &token).await;
    assert_eq!(all.len(), 8);
    for (read, write, listed) in all {
        let before = if listed.is_null() {
            let (status, v) = call(&app, Method::GET, &read, &token, None).await;
            assert_eq!(status, 200, "GET {read}: {v}");
            v
        } else {
            listed
        };
        let (status, v) = call(&app, Method::PUT, &write, &token, Some(&before)).await;
        assert!(
            (200..300).contains(&status),
            "PUT {write} with what GET {read} returned: {status} {v}"
        );
        if read == write {
            let (_, after) = call(&app, Method::GET, &read, &token, None).await;
            assert_eq!(stable(after), stable(before), "PUT {write} of GET changed it");
        }
    }
});
