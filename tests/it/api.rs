//! `/api/v1`: bearer tokens, error shape, networks, OpenAPI.

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;

both!(me_with_token, |app: TestApp| async move {
    let id = app.user("anne@example.org", "Anne").await;
    let token = app.token_for(id).await;
    let res = app.api_get("/api/v1/me", &token).await;
    assert_eq!(res.status(), 200);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["id"], id.get());
    assert_eq!(me["email"], "anne@example.org");
    assert_eq!(me["display_name"], "Anne");
    assert!(me["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(me["roles"], json!([]));

    let res = app.api_get("/api/v1/me", "mlg_inconnu").await;
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(body["error"]["message"].as_str().unwrap().len() > 3);
    let res = reqwest::get(app.url("/api/v1/me")).await.unwrap();
    assert_eq!(res.status(), 401);
});

both!(create_network_rules, |app: TestApp| async move {
    let admin = app.instance_admin("admin@example.org").await;
    let admin_token = app.token_for(admin).await;
    let user = app.user("anne@example.org", "Anne").await;
    let user_token = app.token_for(user).await;

    let res = app
        .api_post(
            "/api/v1/networks",
            &admin_token,
            json!({"name": "Réseau Médoc Tiers-Lieux"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let net: Value = res.json().await.unwrap();
    assert_eq!(net["slug"], "reseau-medoc-tiers-lieux");
    let id = net["id"].as_i64().unwrap();
    let res = app
        .api_post(
            "/api/v1/networks",
            &admin_token,
            json!({"name": "Réseau Médoc Tiers-Lieux"}),
        )
        .await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["slug"],
        "reseau-medoc-tiers-lieux-2"
    );

    let got: Value = app
        .api_get(&format!("/api/v1/networks/{id}"), &admin_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(got["name"], "Réseau Médoc Tiers-Lieux");
    let list: Value = reqwest::get(app.url("/api/v1/networks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);

    let res = app
        .api_post("/api/v1/networks", &user_token, json!({"name": "Pirate"}))
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "forbidden"
    );

    let res = app
        .api_post("/api/v1/networks", &admin_token, json!({"name": "   "}))
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(body["error"]["fields"]["name"], "Ce champ est obligatoire.");
    let res = app
        .api_post(
            "/api/v1/networks",
            &admin_token,
            json!({"name": "x".repeat(201)}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .api_post(
            "/api/v1/networks",
            &admin_token,
            json!({"nom": "faute de frappe"}),
        )
        .await;
    assert_eq!(res.status(), 400);
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/networks"))
        .bearer_auth(&admin_token)
        .header("content-type", "application/json")
        .body("{pas du json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "bad_request"
    );
    assert_eq!(
        app.api_get("/api/v1/networks/999999", &admin_token)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.api_get("/api/v1/networks/abc", &admin_token)
            .await
            .status(),
        404
    );
    // Nothing was stored by the refused calls.
    let list: Value = reqwest::get(app.url("/api/v1/networks"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
});

#[tokio::test]
async fn openapi_document_describes_the_handlers() {
    let app = TestApp::new(crate::harness::Backend::Sqlite).await;
    let doc: Value = app.openapi().await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/me",
        "/api/v1/networks",
        "/api/v1/networks/{id}",
        "/api/v1/places",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    assert!(doc["paths"]["/api/v1/networks"]["post"]["responses"]["201"].is_object());
    // OpenAPI requires every operationId to be unique (generators name functions after them).
    let mut seen = std::collections::HashMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                if let Some(other) = seen.insert(id.to_string(), format!("{method} {path}")) {
                    panic!("operationId {id} used by {other} and {method} {path}");
                }
            }
        }
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let docs = reqwest::get(app.url("/api/docs"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(docs.contains("/api/v1/networks"));
    assert!(docs.contains("Documentation de l&#39;API") || docs.contains("Documentation de l'API"));
}

// Inputs found by schemathesis that once crashed a handler: each answers a structured 422.
both!(fuzzed_inputs_answer_422, |app: TestApp| async move {
    let admin = app.instance_admin("admin@example.org").await;
    let token = app.token_for(admin).await;
    // Five bytes but two characters: the INSEE check sliced the string inside a character.
    for insee in ["0\u{10000}", "é\u{e9}1", "2\u{e0}b1"] {
        let res = app
            .api_post(
                "/api/v1/places",
                &token,
                json!({"name": "Tiers-lieu", "insee_code": insee}),
            )
            .await;
        assert_eq!(res.status(), 422, "insee {insee:?}");
        let body: Value = res.json().await.unwrap();
        assert!(body["error"]["fields"]["insee_code"].is_string(), "{body}");
    }
    // The server is still up and answering.
    assert_eq!(app.api_get("/api/v1/me", &token).await.status(), 200);
});

// Errors speak the request's language: `Accept-Language: en` gives English, nothing gives
// French. `create_network` and `get_network` return their errors with `?`/`.into()` (the
// `From<AppError>` path, which has no language of its own); `create_event` builds its 422 with
// `ctx.lang` (an explicit language).
both!(errors_in_the_request_language, |app: TestApp| async move {
    let admin = app.instance_admin("admin@example.org").await;
    let token = app.token_for(admin).await;
    let client = reqwest::Client::new();
    let send = |req: reqwest::RequestBuilder, lang: Option<&'static str>| async move {
        let req = match lang {
            Some(l) => req.header("accept-language", l),
            None => req,
        };
        let res = req.send().await.unwrap();
        (res.status().as_u16(), res.json::<Value>().await.unwrap())
    };
    let invalid_network = || {
        client
            .post(app.url("/api/v1/networks"))
            .bearer_auth(&token)
            .json(&json!({"name": ""}))
    };
    let unknown_network = || {
        client
            .get(app.url("/api/v1/networks/987654"))
            .bearer_auth(&token)
    };
    let invalid_event = || {
        client
            .post(app.url("/api/v1/events"))
            .bearer_auth(&token)
            .json(&json!({"title": "", "starts_at": "", "ends_at": ""}))
    };

    // 422 with fields (the handler resolved the caller).
    let (status, body) = send(invalid_network(), Some("en-GB,en;q=0.9,fr;q=0.5")).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(body["error"]["message"], "Some fields are invalid.");
    assert_eq!(body["error"]["fields"]["name"], "This field is required.");
    let (status, body) = send(invalid_network(), None).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["message"], "Certains champs sont invalides.");
    assert_eq!(body["error"]["fields"]["name"], "Ce champ est obligatoire.");
    let (_, body) = send(invalid_network(), Some("fr-FR,fr;q=0.9,en;q=0.8")).await;
    assert_eq!(body["error"]["fields"]["name"], "Ce champ est obligatoire.");

    // 404 (the handler never looks at the caller: the request's header decides).
    let (status, body) = send(unknown_network(), Some("en")).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert_eq!(body["error"]["message"], "Page not found");
    let (status, body) = send(unknown_network(), None).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["message"], "Page introuvable");

    // An error built with the caller's language says the same.
    let (status, body) = send(invalid_event(), Some("en")).await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["message"], "Some fields are invalid.");
    assert_eq!(body["error"]["fields"]["title"], "This field is required.");
    let (_, body) = send(invalid_event(), None).await;
    assert_eq!(
        body["error"]["fields"]["title"],
        "Ce champ est obligatoire."
    );

    // Without the header, an account set to English is answered in English, by both paths.
    maillage::accounts::repo::set_locale(&app.state.db, admin, "en")
        .await
        .unwrap();
    let (_, body) = send(invalid_network(), None).await;
    assert_eq!(body["error"]["fields"]["name"], "This field is required.");
    let (_, body) = send(invalid_event(), None).await;
    assert_eq!(body["error"]["fields"]["title"], "This field is required.");
    // The header still wins over the account.
    let (_, body) = send(invalid_network(), Some("fr")).await;
    assert_eq!(body["error"]["fields"]["name"], "Ce champ est obligatoire.");
});
