//! Open Badges 3.0 (issue 19, points 5, 7, 8 and 9) on both engines, with the demo data:
//! achievements written by the issuer's writers only (the API and the form), awarding by
//! account id and by email (one credential per person, 409 after), the signed credential
//! (contexts, types, `eddsa-rdfc-2022` proof, status entry), the issuer's profile with its
//! `Multikey`s, verification (valid; a changed credential, an unknown key, a revoked one and an
//! expired one fail with their reason), key rotation (what the old key signed still verifies),
//! the signed status list, and the pages (mes badges, verification page, download).

use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;
use crate::news::{call, demo, login_demo, text};
use crate::trainings::post;

async fn get_json(_app: &TestApp, url: &str) -> (u16, Value) {
    let res = reqwest::Client::new()
        .get(url)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

fn achievement(network: Option<i64>, place: Option<i64>) -> Value {
    json!({
        "name": "Réparer un vélo",
        "description": "Sait diagnostiquer et réparer les pannes courantes.",
        "criteria": "A réparé trois vélos à l'atelier.",
        "network_id": network,
        "place_id": place,
        "tags": ["mobilité", "réparation"],
    })
}

async fn verify(app: &TestApp, doc: &Value) -> Value {
    let (s, v) = post(app, "/api/v1/credentials/verify", None, doc.clone()).await;
    assert_eq!(s, 200, "{v}");
    v
}

both!(badges_award_verify_revoke, |app: TestApp| async move {
    let d = demo(&app).await;

    // Who defines achievements: the place's manager for the place, not a stranger, not the
    // member, not anonymously; the network's animator for the network, not the place's
    // manager.
    let (s, v) = post(
        &app,
        "/api/v1/achievements",
        Some(&d.gerant),
        achievement(None, Some(d.riez)),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let place_achievement = v["id"].as_i64().unwrap();
    // Reading a profile writes nothing: the place has signed nothing yet, so it has no key.
    let (s, empty) = get_json(
        &app,
        &app.url(&format!("/badges/emetteurs/lieu-{}", d.riez)),
    )
    .await;
    assert_eq!(s, 200, "{empty}");
    assert_eq!(empty["verificationMethod"], json!([]));
    let (s, _) = get_json(&app, &app.url("/badges/emetteurs/lieu-999999")).await;
    assert_eq!(s, 404);
    for token in [&d.stranger, &d.membre, &d.fablab] {
        let (s, v) = post(
            &app,
            "/api/v1/achievements",
            Some(token),
            achievement(None, Some(d.riez)),
        )
        .await;
        assert!(s == 403 || s == 404, "{s} {v}");
    }
    let (s, _) = post(
        &app,
        "/api/v1/achievements",
        None,
        achievement(None, Some(d.riez)),
    )
    .await;
    assert_eq!(s, 401);
    let (s, _) = post(
        &app,
        "/api/v1/achievements",
        Some(&d.gerant),
        achievement(Some(d.network), None),
    )
    .await;
    assert!(s == 403 || s == 404, "{s}");
    let (s, v) = post(
        &app,
        "/api/v1/achievements",
        Some(&d.animatrice),
        achievement(Some(d.network), None),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let id = v["id"].as_i64().unwrap();

    // Validation: 422 naming the field.
    let mut bad = achievement(Some(d.network), None);
    bad["name"] = json!("  ");
    bad["image_url"] = json!("http://insecure.example/x.png");
    let (s, v) = post(&app, "/api/v1/achievements", Some(&d.animatrice), bad).await;
    assert_eq!(s, 422, "{v}");
    let text_of = v.to_string();
    assert!(
        text_of.contains("name") && text_of.contains("image_url"),
        "{v}"
    );
    let (s, v) = post(
        &app,
        "/api/v1/achievements",
        Some(&d.animatrice),
        json!({"name": "x", "description": "y", "criteria": "z"}),
    )
    .await;
    assert_eq!(s, 422, "no issuer: {v}");

    // Alignment to a skill of the actors' vocabulary (accents and case aside); an unknown one
    // is refused.
    let mut aligned = achievement(Some(d.network), None);
    aligned["name"] = json!("Menuisier·e confirmé·e");
    aligned["skill"] = json!("ebenisterie");
    let (s, v) = post(
        &app,
        "/api/v1/achievements",
        Some(&d.animatrice),
        aligned.clone(),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let aligned_id = v["id"].as_i64().unwrap();
    let (_, got) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/achievements/{aligned_id}"),
        None,
        None,
    )
    .await;
    assert_eq!(got["skill"], "ébénisterie", "{got}");
    aligned["skill"] = json!("Astrophysique");
    let (s, v) = post(&app, "/api/v1/achievements", Some(&d.animatrice), aligned).await;
    assert_eq!(s, 422, "{v}");
    assert!(v.to_string().contains("skill"), "{v}");
    let (s, v) = post(
        &app,
        &format!("/api/v1/achievements/{aligned_id}/awards"),
        Some(&d.animatrice),
        json!({"email": "membre@demo.maillage.fr"}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let (_, c) = get_json(&app, v["credential_url"].as_str().unwrap()).await;
    let alignment = &c["credentialSubject"]["achievement"]["alignment"][0];
    assert_eq!(alignment["targetName"], "ébénisterie", "{c}");
    assert_eq!(alignment["targetType"], "Skill");
    assert_eq!(verify(&app, &c).await["valid"], true);

    // Awarding: by email to the member; the stranger and the member themselves may not award.
    let path = format!("/api/v1/achievements/{id}/awards");
    for token in [&d.stranger, &d.membre, &d.gerant] {
        let (s, v) = post(
            &app,
            &path,
            Some(token),
            json!({"email": "membre@demo.maillage.fr"}),
        )
        .await;
        assert!(s == 403 || s == 404, "{s} {v}");
    }
    let (s, v) = post(
        &app,
        &path,
        Some(&d.animatrice),
        json!({"email": "personne@nulle.part"}),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    let (s, v) = post(
        &app,
        &path,
        Some(&d.animatrice),
        json!({"email": "a@b.fr", "user_id": 1}),
    )
    .await;
    assert_eq!(s, 422, "{v}");
    let fablab =
        maillage::accounts::repo::user_by_email(&app.state.db, "gerante.fablab@demo.maillage.fr")
            .await
            .unwrap()
            .unwrap();
    let (s, awarded) = post(
        &app,
        &path,
        Some(&d.animatrice),
        json!({"user_id": fablab.id}),
    )
    .await;
    assert_eq!(s, 201, "{awarded}");
    let (s, v) = post(
        &app,
        &path,
        Some(&d.animatrice),
        json!({"user_id": fablab.id}),
    )
    .await;
    assert_eq!(s, 409, "held once: {v}");
    assert_eq!(v["error"]["code"], "already_awarded", "{v}");
    let cid = awarded["credential_id"].as_i64().unwrap();
    let url = awarded["credential_url"].as_str().unwrap().to_string();

    // The credential: contexts, types, proof, status entry; readable by its holder and its
    // issuer, not by a stranger; its public URL gives the same JSON.
    let (s, cred) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/credentials/{cid}"),
        Some(&d.fablab),
        None,
    )
    .await;
    assert_eq!(s, 200, "{cred}");
    let (s, _) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/credentials/{cid}"),
        Some(&d.stranger),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, same) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/credentials/{cid}"),
        Some(&d.animatrice),
        None,
    )
    .await;
    assert_eq!((s, &same), (200, &cred));
    let (s, public) = get_json(&app, &url).await;
    assert_eq!((s, &public), (200, &cred));
    assert_eq!(
        cred["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(
        cred["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(cred["id"], json!(url));
    assert_eq!(
        cred["credentialSubject"]["achievement"]["name"],
        "Réparer un vélo"
    );
    assert_eq!(
        cred["credentialSubject"]["achievement"]["tag"],
        json!(["mobilité", "réparation"])
    );
    assert!(cred["credentialSubject"]["identifier"][0]["identityHash"]
        .as_str()
        .unwrap()
        .starts_with("sha256$"));
    assert!(
        !cred.to_string().contains("gerante.fablab"),
        "the email is hashed"
    );
    let proof = &cred["proof"];
    assert_eq!(proof["type"], "DataIntegrityProof");
    assert_eq!(proof["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(proof["proofPurpose"], "assertionMethod");
    assert!(proof["proofValue"].as_str().unwrap().starts_with('z'));
    let issuer = cred["issuer"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        issuer,
        format!("{}/badges/emetteurs/reseau-{}", app.base, d.network)
    );
    assert_eq!(
        proof["verificationMethod"],
        json!(format!("{issuer}#key-1"))
    );
    let status = &cred["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusPurpose"], "revocation");

    // The issuer's profile: its Multikey, z6Mk…, authorized for assertionMethod.
    let (s, profile) = get_json(&app, &issuer).await;
    assert_eq!(s, 200, "{profile}");
    assert_eq!(profile["id"], json!(issuer));
    assert_eq!(profile["verificationMethod"][0]["type"], "Multikey");
    assert!(profile["verificationMethod"][0]["publicKeyMultibase"]
        .as_str()
        .unwrap()
        .starts_with("z6Mk"));
    assert_eq!(
        profile["assertionMethod"],
        json!([format!("{issuer}#key-1")])
    );
    let (s, via_api) = call(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/issuers/reseau-{}", d.network),
        None,
        None,
    )
    .await;
    assert_eq!((s, &via_api), (200, &profile));

    // Verification: valid.
    let v = verify(&app, &cred).await;
    assert_eq!(v["valid"], true, "{v}");
    assert_eq!(
        v["checks"],
        json!(["proof", "issuer", "signature", "status", "validity"])
    );
    assert!(v["failure"].is_null());

    // A changed credential fails on its signature; an unknown key, on the issuer.
    let mut tampered = cred.clone();
    tampered["credentialSubject"]["achievement"]["name"] = json!("Réparer un avion");
    let v = verify(&app, &tampered).await;
    assert_eq!(
        (v["valid"].clone(), v["failure"].clone()),
        (json!(false), json!("signature")),
        "{v}"
    );
    let mut added = cred.clone();
    added["validUntil"] = json!("2099-01-01T00:00:00Z");
    assert_eq!(verify(&app, &added).await["failure"], "signature");
    let mut other_key = cred.clone();
    other_key["proof"]["verificationMethod"] = json!(format!("{issuer}#key-9"));
    assert_eq!(verify(&app, &other_key).await["failure"], "issuer_unknown");
    let mut elsewhere = cred.clone();
    elsewhere["issuer"]["id"] = json!("https://ailleurs.example/emetteur");
    assert_eq!(verify(&app, &elsewhere).await["failure"], "issuer_unknown");
    let mut no_proof = cred.clone();
    no_proof.as_object_mut().unwrap().remove("proof");
    assert_eq!(verify(&app, &no_proof).await["failure"], "proof");
    assert_eq!(verify(&app, &json!({"a": 1})).await["failure"], "malformed");

    // Rotating the key: a new key signs; the old credential still verifies.
    let (s, _) = post(
        &app,
        &format!("/api/v1/issuers/reseau-{}/keys", d.network),
        Some(&d.gerant),
        json!({}),
    )
    .await;
    assert!(s == 403 || s == 404, "{s}");
    let (s, key) = post(
        &app,
        &format!("/api/v1/issuers/reseau-{}/keys", d.network),
        Some(&d.animatrice),
        json!({}),
    )
    .await;
    assert_eq!(s, 201, "{key}");
    assert_eq!(key["id"], json!(format!("{issuer}#key-2")));
    let (_, profile) = get_json(&app, &issuer).await;
    assert_eq!(profile["verificationMethod"].as_array().unwrap().len(), 2);
    assert_eq!(verify(&app, &cred).await["valid"], true);
    let membre = maillage::accounts::repo::user_by_email(&app.state.db, "membre@demo.maillage.fr")
        .await
        .unwrap()
        .unwrap();
    // (the demo awarded its own badge to the member; this one is new)
    let (s, second) = post(
        &app,
        &path,
        Some(&d.animatrice),
        json!({"user_id": membre.id}),
    )
    .await;
    assert_eq!(s, 201, "{second}");
    let (_, second_cred) = get_json(&app, second["credential_url"].as_str().unwrap()).await;
    assert_eq!(
        second_cred["proof"]["verificationMethod"],
        json!(format!("{issuer}#key-2"))
    );
    assert_eq!(verify(&app, &second_cred).await["valid"], true);
    assert_ne!(
        second_cred["credentialStatus"]["statusListIndex"],
        status["statusListIndex"]
    );

    // The status list: a signed BitstringStatusListCredential of the issuer, 16 KiB.
    let list_url = status["statusListCredential"].as_str().unwrap().to_string();
    let (s, list) = get_json(&app, &list_url).await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(
        list["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(list["issuer"], json!(issuer));
    assert_eq!(list["credentialSubject"]["statusPurpose"], "revocation");
    let index: i64 = status["statusListIndex"].as_str().unwrap().parse().unwrap();
    let encoded = list["credentialSubject"]["encodedList"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        maillage::badges::model::status::is_set(&encoded, index),
        Some(false)
    );
    let key2 = maillage::badges::model::proof::parse_multikey(
        profile["verificationMethod"][1]["publicKeyMultibase"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    maillage::badges::model::proof::verify(&list, &key2).expect("the status list is signed");

    // Revoking: only the issuer's writers; then the bit is set and verification fails.
    let (s, _) = post(
        &app,
        &format!("/api/v1/credentials/{cid}/revoke"),
        Some(&d.fablab),
        json!({}),
    )
    .await;
    assert_eq!(s, 404, "the holder does not revoke");
    let (s, r) = post(
        &app,
        &format!("/api/v1/credentials/{cid}/revoke"),
        Some(&d.animatrice),
        json!({}),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["status_list_index"], json!(index));
    let v = verify(&app, &cred).await;
    assert_eq!(
        (v["valid"].clone(), v["failure"].clone()),
        (json!(false), json!("revoked")),
        "{v}"
    );
    let (_, list) = get_json(&app, &list_url).await;
    let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
    assert_eq!(
        maillage::badges::model::status::is_set(encoded, index),
        Some(true)
    );
    assert_eq!(
        verify(&app, &second_cred).await["valid"],
        true,
        "the other one is not revoked"
    );
    // Revoked, it may be awarded again.
    let (s, v) = post(
        &app,
        &path,
        Some(&d.animatrice),
        json!({"user_id": fablab.id}),
    )
    .await;
    assert_eq!(s, 201, "{v}");

    // Expiry: valid until tomorrow, then the clock moves past it.
    let until = maillage::clock::rfc3339(app.state.clock.now_ms() + 86_400_000);
    let (s, v) = post(
        &app,
        &format!("/api/v1/achievements/{place_achievement}/awards"),
        Some(&d.gerant),
        json!({"email": "membre@demo.maillage.fr", "valid_until": until}),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let (_, expiring) = get_json(&app, v["credential_url"].as_str().unwrap()).await;
    assert_eq!(expiring["validUntil"], json!(until));
    assert_eq!(verify(&app, &expiring).await["valid"], true);
    app.state.clock.advance(chrono::Duration::days(2));
    assert_eq!(verify(&app, &expiring).await["failure"], "expired");

    // OpenAPI: the failures are listed.
    let doc = app.openapi().await;
    let failures = &doc["components"]["schemas"]["Failure"]["enum"];
    assert_eq!(failures.as_array().map(Vec::len), Some(7), "{failures}");
});

both!(badges_pages, |app: TestApp| async move {
    let d = demo(&app).await;
    // The demo awarded the network's badge to the member.
    let browser = app.new_browser();
    login_demo(&app, &browser, "membre@demo.maillage.fr").await;
    let (s, page) = text(&app, &browser, "/mes-badges").await;
    assert_eq!(s, 200);
    assert!(page.contains("Animer un atelier de tiers-lieu"), "{page}");
    let href = page
        .split("href=\"/badges/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let uid = href.trim_end_matches(".json").to_string();
    let (s, page) = text(&app, &browser, &format!("/badges/{uid}")).await;
    assert_eq!(s, 200);
    assert!(page.contains("data-valid=\"true\""), "{page}");
    assert!(!page.contains("badge-revoke"), "the holder does not revoke");
    let res = browser
        .get(app.url(&format!("/badges/{uid}.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["type"][1], "OpenBadgeCredential");
    // A public page, for anyone with its link; an unknown one is 404.
    let anon = app.new_browser();
    let (s, _) = text(&app, &anon, &format!("/badges/{uid}")).await;
    assert_eq!(s, 200);
    let (s, _) = text(&app, &anon, "/badges/00000000000000000000000000000000").await;
    assert_eq!(s, 404);
    let (s, _) = text(&app, &anon, "/mes-badges").await;
    assert!(s == 303 || s == 401, "{s}");

    // The animator: the issuer's page, a new achievement through the form (errors in French
    // first), awarding by email, revoking from the verification page.
    let anim = app.new_browser();
    login_demo(&app, &anim, "animatrice@demo.maillage.fr").await;
    let (s, page) = text(
        &app,
        &anim,
        &format!("/badges/emetteurs/reseau-{}", d.network),
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        page.contains("achievement-new") && page.contains("rotate-key"),
        "{page}"
    );
    let form = |name: &str| {
        vec![
            ("network_id".to_string(), d.network.to_string()),
            ("name".to_string(), name.to_string()),
            ("description".to_string(), "Tenir l'accueil".to_string()),
            ("criteria".to_string(), "Dix permanences".to_string()),
            ("tags".to_string(), "accueil, bénévolat".to_string()),
        ]
    };
    let res = anim
        .post(app.url("/badges/realisations"))
        .header("origin", app.base.clone())
        .form(&form(""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("name-error"));
    let res = anim
        .post(app.url("/badges/realisations"))
        .header("origin", app.base.clone())
        .form(&form("Accueillir le public"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    let res = anim
        .post(app.url(&format!("{to}/decerner")))
        .header("origin", app.base.clone())
        .form(&[("email", "inconnu@nulle.part")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Aucun compte n"));
    let res = anim
        .post(app.url(&format!("{to}/decerner")))
        .header("origin", app.base.clone())
        .form(&[("email", "membre@demo.maillage.fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, page) = text(&app, &anim, &to).await;
    assert!(page.contains("Noé Membre"), "{page}");
    // The member may not see the forms.
    let (s, _) = text(
        &app,
        &browser,
        &format!("/badges/realisations/nouvelle?network_id={}", d.network),
    )
    .await;
    assert_eq!(s, 404);
    let res = browser
        .post(app.url(&format!("/badges/{uid}/revoquer")))
        .header("origin", app.base.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = anim
        .post(app.url(&format!("/badges/{uid}/revoquer")))
        .header("origin", app.base.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, page) = text(&app, &anon, &format!("/badges/{uid}")).await;
    assert!(
        page.contains("data-valid=\"false\"") && page.contains("révoqué"),
        "{page}"
    );
});

both!(
    badges_two_simultaneous_awards_give_one_credential,
    |app: TestApp| async move {
        let d = demo(&app).await;
        let (s, v) = post(
            &app,
            "/api/v1/achievements",
            Some(&d.animatrice),
            achievement(Some(d.network), None),
        )
        .await;
        assert_eq!(s, 201, "{v}");
        let path = format!("/api/v1/achievements/{}/awards", v["id"]);
        let body = json!({"email": "gerante.fablab@demo.maillage.fr"});
        let (a, b) = tokio::join!(
            post(&app, &path, Some(&d.animatrice), body.clone()),
            post(&app, &path, Some(&d.admin), body.clone()),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [201, 409], "{a:?} {b:?}");
        let held: i64 = maillage::db_run!(&app.state.db, |p| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM badge_credentials c JOIN users u ON u.id = c.user_id \
         WHERE u.email = 'gerante.fablab@demo.maillage.fr'"
        )
        .fetch_one(p)
        .await)
        .unwrap();
        assert_eq!(held, 1);
    }
);
