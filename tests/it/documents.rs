//! The documents library through the API on both backends: uploads checked by size and
//! content, versions, sheets, full-text search, visibility (a network member reads
//! network-members documents, a visitor does not; club B's documents stay in club B), and
//! attachments served with `nosniff` through signed links that expire.

use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use crate::both;
use crate::groups::{club, send, world};
use crate::harness::TestApp;

async fn upload(
    app: &TestApp,
    token: &str,
    path: &str,
    fields: &[(&str, String)],
    file: Option<(&str, Vec<u8>)>,
) -> (u16, Value) {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    if let Some((name, bytes)) = file {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    }
    let res = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

both!(documents_story, |app: TestApp| async move {
    let w = world(&app).await;
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec();

    // A place manager uploads the statutes for network members.
    let (s, d) = upload(
        &app,
        &w.manager1,
        "/api/v1/documents",
        &[
            ("place_id", w.p1.to_string()),
            ("title", "Statuts de l'association".into()),
            ("tags", "Statuts, gouvernance".into()),
            ("visibility", "network".into()),
        ],
        Some(("statuts.PDF", pdf.clone())),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    let doc = d["id"].as_i64().unwrap();
    assert_eq!(d["versions"][0]["content_type"], "application/pdf");
    assert_eq!(d["versions"][0]["filename"], "statuts.pdf");
    assert_eq!(d["tags"], json!(["statuts", "gouvernance"]));

    // Refused uploads: a program renamed .pdf, HTML, too large, no file, not my place.
    let exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    let base = |title: &str| {
        vec![
            ("place_id", w.p1.to_string()),
            ("title", title.to_string()),
            ("visibility", "public".to_string()),
        ]
    };
    let (s, b) = upload(
        &app,
        &w.manager1,
        "/api/v1/documents",
        &base("Programme"),
        Some(("facture.pdf", exe)),
    )
    .await;
    assert_eq!(s, 422, "{b}");
    assert!(b["error"]["fields"]["file"]
        .as_str()
        .unwrap()
        .contains("Type de fichier"));
    let (s, _) = upload(
        &app,
        &w.manager1,
        "/api/v1/documents",
        &base("Page"),
        Some(("page.txt", b"<html><script>alert(1)</script>".to_vec())),
    )
    .await;
    assert_eq!(s, 422);
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(10 * 1024 * 1024 + 10, b'a');
    let (s, b) = upload(
        &app,
        &w.manager1,
        "/api/v1/documents",
        &base("Gros"),
        Some(("gros.pdf", big)),
    )
    .await;
    assert!(s == 422 || s == 413, "{s} {b}");
    let mut two_mib = b"%PDF-1.4\n".to_vec();
    two_mib.resize(2 * 1024 * 1024, b'a');
    let (s, b) = upload(
        &app,
        &w.manager1,
        "/api/v1/documents",
        &base("Rapport annuel"),
        Some(("rapport.pdf", two_mib)),
    )
    .await;
    assert_eq!(
        s, 201,
        "2 MiB is above the global 1 MiB limit but within the upload limit: {b}"
    );
    let (s, _) = upload(&app, &w.manager1, "/api/v1/documents", &base("Vide"), None).await;
    assert_eq!(s, 422);
    let (s, _) = upload(
        &app,
        &w.manager2,
        "/api/v1/documents",
        &base("Intrus"),
        Some(("a.txt", b"bonjour".to_vec())),
    )
    .await;
    assert_eq!(s, 403, "the other place's manager");
    let (s, _) = upload(
        &app,
        &w.member_a.1,
        "/api/v1/documents",
        &base("Membre"),
        Some(("a.txt", b"bonjour".to_vec())),
    )
    .await;
    assert_eq!(s, 403);

    // A new version keeps the history.
    let (s, v) = upload(
        &app,
        &w.manager1,
        &format!("/api/v1/documents/{doc}/versions"),
        &[],
        Some(("statuts-2026.txt", "Statuts révisés".as_bytes().to_vec())),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["version"], 2);
    let (_, d) = send(
        &app,
        "GET",
        &format!("/api/v1/documents/{doc}"),
        Some(&w.net_member.1),
        None,
    )
    .await;
    assert_eq!(d["versions"].as_array().unwrap().len(), 2);
    assert_eq!(d["versions"][0]["version"], 2);

    // Visibility: a network member reads network documents; a visitor and an outsider do not.
    let (s, _) = send(&app, "GET", &format!("/api/v1/documents/{doc}"), None, None).await;
    assert_eq!(s, 404);
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/documents/{doc}"),
        Some(&w.nobody),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/documents/{doc}/download"),
        Some(&w.nobody),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let res = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/documents/{doc}/download?version=1")))
        .bearer_auth(&w.net_member.1)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);

    // The signed link works without an account, until it expires; a forged one never.
    let link = d["download_url"].as_str().unwrap().to_string();
    assert!(link.contains("sig="), "{link}");
    let anon = reqwest::Client::new();
    let res = anon.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert_eq!(res.text().await.unwrap(), "Statuts révisés");
    let forged = link.replace("/2?", "/1?");
    assert_eq!(
        anon.get(app.url(&forged)).send().await.unwrap().status(),
        404
    );
    let unsigned = link.split('?').next().unwrap().to_string();
    assert_eq!(
        anon.get(app.url(&unsigned)).send().await.unwrap().status(),
        404
    );
    app.state.clock.advance(chrono::Duration::hours(2));
    assert_eq!(
        anon.get(app.url(&link)).send().await.unwrap().status(),
        404,
        "expired"
    );

    // Sheets, searched with their tags and titles, accents ignored.
    let (s, sh) = send(
        &app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&w.manager1),
        Some(
            json!({"place_id": w.p1, "title": "Fiche : créer un café associatif",
                    "body": "<p>Licence, hygiène <script>x</script>et bénévoles.</p>",
                    "tags": "Économie", "visibility": "public"}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{sh}");
    assert!(!sh["body"].as_str().unwrap().contains("script"));
    let (_, found) = send(&app, "GET", "/api/v1/documents?q=hygiene", None, None).await;
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let (_, found) = send(
        &app,
        "GET",
        "/api/v1/documents?q=economie%20cafe",
        None,
        None,
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    let (_, found) = send(&app, "GET", "/api/v1/documents?q=statuts", None, None).await;
    assert_eq!(found.as_array().unwrap().len(), 0, "not for visitors");
    let (_, found) = send(
        &app,
        "GET",
        "/api/v1/documents?q=statuts",
        Some(&w.net_member.1),
        None,
    )
    .await;
    assert_eq!(found.as_array().unwrap().len(), 1);

    // Club B (members only) keeps its documents from club A's members.
    let b = club(&app, &w.manager2, w.p2, "Club Makers", "members").await;
    let (_, m) = send(
        &app,
        "POST",
        &format!("/api/v1/groups/{b}/members"),
        Some(&w.manager2),
        Some(json!({"user_id": w.member_b.0})),
    )
    .await;
    crate::groups::accept(&app, b, &m, &w.member_b.1).await;
    let (s, gd) = send(
        &app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&w.manager2),
        Some(json!({"group_id": b, "title": "Plans de la découpeuse", "body": "Réglages", "visibility": "group"})),
    )
    .await;
    assert_eq!(s, 201, "{gd}");
    let gd = gd["id"].as_i64().unwrap();
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/documents/{gd}"),
        Some(&w.member_b.1),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = send(
        &app,
        "GET",
        &format!("/api/v1/documents/{gd}"),
        Some(&w.member_a.1),
        None,
    )
    .await;
    assert_eq!(s, 404);

    // A "public" file of a members-only group is refused (issue 14: never more visible than
    // its scope, `hardening_scope::private_scope_caps_visibility_at_write_time`); the group's
    // file gets a signed link for its members.
    let (s, pf) = upload(
        &app,
        &w.manager2,
        "/api/v1/documents",
        &[
            ("group_id", b.to_string()),
            ("title", "Plan public du club".into()),
            ("visibility", "public".into()),
        ],
        Some(("plan.txt", b"plan".to_vec())),
    )
    .await;
    assert_eq!(s, 422, "{pf}");
    assert!(pf["error"]["fields"]["visibility"].is_string(), "{pf}");
    let (s, pf) = upload(
        &app,
        &w.manager2,
        "/api/v1/documents",
        &[
            ("group_id", b.to_string()),
            ("title", "Plan public du club".into()),
            ("visibility", "group".into()),
        ],
        Some(("plan.txt", b"plan".to_vec())),
    )
    .await;
    assert_eq!(s, 201, "{pf}");
    let (_, pf) = send(
        &app,
        "GET",
        &format!("/api/v1/documents/{}", pf["id"]),
        Some(&w.member_b.1),
        None,
    )
    .await;
    let link = pf["download_url"].as_str().unwrap().to_string();
    assert!(link.contains("sig="), "{link}");
    assert_eq!(anon.get(app.url(&link)).send().await.unwrap().status(), 200);
    let plain = link.split('?').next().unwrap().to_string();
    assert_eq!(
        anon.get(app.url(&plain)).send().await.unwrap().status(),
        404
    );

    // Folders.
    let (s, f) = send(
        &app,
        "POST",
        "/api/v1/folders",
        Some(&w.manager1),
        Some(json!({"place_id": w.p1, "name": "Gouvernance"})),
    )
    .await;
    assert_eq!(s, 201, "{f}");
    let (s, _) = send(
        &app,
        "POST",
        "/api/v1/folders",
        Some(&w.member_a.1),
        Some(json!({"place_id": w.p1, "name": "X"})),
    )
    .await;
    assert_eq!(s, 404);
    let (s, b) = send(
        &app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&w.manager1),
        Some(json!({"project_id": 3, "title": "T", "body": "B", "visibility": "public"})),
    )
    .await;
    // Project libraries exist since issue 7: an unknown project is not found.
    assert_eq!(s, 404, "{b}");
});

both!(library_pages, |app: TestApp| async move {
    let w = world(&app).await;
    let manager = app.new_browser();
    app.login_as(&manager, "gerant1@example.org").await;
    let page = manager
        .get(app.url("/lieux/Tiers-lieu de Riez/documents"))
        .send()
        .await
        .unwrap();
    // Slugs come from tenancy; find the place's slug through the API.
    let (_, place) = send(&app, "GET", &format!("/api/v1/places/{}", w.p1), None, None).await;
    let slug = place["slug"].as_str().unwrap().to_string();
    drop(page);
    let lib = format!("/lieux/{slug}/documents");
    let html = manager
        .get(app.url(&lib))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("document-upload"),
        "managers see the upload form"
    );
    let form = |title: &str, name: &str, bytes: Vec<u8>| {
        Form::new()
            .text("place_id", w.p1.to_string())
            .text("title", title.to_string())
            .text("visibility", "public")
            .part("file", Part::bytes(bytes).file_name(name.to_string()))
    };
    let res = manager
        .post(app.url("/documents/televerser"))
        .multipart(form(
            "Script",
            "x.pdf",
            b"<script>alert(1)</script>".to_vec(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Type de fichier non accepté"));
    let res = manager
        .post(app.url("/documents/televerser"))
        .multipart(form(
            "Compte-rendu AG",
            "ag.txt",
            "Assemblée générale".as_bytes().to_vec(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let doc_path = crate::harness::location(&res);
    let visitor = app.new_browser();
    let html = visitor
        .get(app.url(&doc_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Compte-rendu AG"));
    let html = visitor
        .get(app.url(&lib))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Compte-rendu AG") && !html.contains("document-upload"));
    let html = visitor
        .get(app.url("/documents?q=compte"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Compte-rendu AG"));
    // Folders filter the library.
    let res = manager
        .post(app.url("/documents/dossiers"))
        .form(&[
            ("place_id", w.p1.to_string()),
            ("name", "Assemblées".into()),
            ("back", lib.clone()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let folder = maillage::documents::repo::folders(
        &app.state.db,
        maillage::documents::repo::Scope::Place(maillage::ids::PlaceId(w.p1)),
    )
    .await
    .unwrap()[0]
        .id;
    let res = manager
        .post(app.url("/documents/televerser"))
        .multipart(
            form("Convocation AG", "convocation.txt", b"Convocation".to_vec())
                .text("folder_id", folder.to_string()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let html = visitor
        .get(app.url(&format!("{lib}?dossier={folder}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Convocation AG") && !html.contains("Compte-rendu AG"),
        "{html}"
    );
    let res = manager
        .post(app.url("/documents/fiches"))
        .form(&[
            ("place_id", w.p1.to_string()),
            ("title", "Fiche adhésion".into()),
            ("body", "".into()),
            ("visibility", "network".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "a sheet needs content");
});

// A document's kind and visibility are closed lists: an unknown visibility is a 422 on its
// field in the caller's language (a sheet's JSON, an upload's form field, the sheet page), and
// someone who may not write to a members-only group's library is refused before its fields are
// read: no library page naming the group.
both!(
    unknown_visibility_is_a_named_field,
    |app: TestApp| async move {
        let w = world(&app).await;
        let body =
            json!({"place_id": w.p1, "title": "Fiche", "body": "<p>B</p>", "visibility": "tous"});
        crate::groups::assert_invalid_choice(
            &app,
            "POST",
            "/api/v1/documents/sheets",
            &w.manager1,
            body,
            "visibility",
        )
        .await;
        let (s, sh) = send(
        &app,
        "POST",
        "/api/v1/documents/sheets",
        Some(&w.manager1),
        Some(json!({"place_id": w.p1, "title": "Fiche", "body": "<p>B</p>", "visibility": "managers"})),
    )
    .await;
        assert_eq!(s, 201, "{sh}");
        assert_eq!(
            (&sh["kind"], &sh["visibility"]),
            (&json!("sheet"), &json!("managers"))
        );
        assert_eq!(sh["place_id"], w.p1);

        for (lang, message) in [
            (None, "Choisissez une valeur dans la liste."),
            (Some("en"), "Choose a value from the list."),
        ] {
            let form = Form::new()
                .text("place_id", w.p1.to_string())
                .text("title", "Statuts")
                .text("visibility", "tous")
                .part("file", Part::bytes(b"Statuts".to_vec()).file_name("s.txt"));
            let mut req = reqwest::Client::new()
                .post(app.url("/api/v1/documents"))
                .bearer_auth(&w.manager1)
                .multipart(form);
            if let Some(l) = lang {
                req = req.header("accept-language", l);
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 422);
            let b: Value = res.json().await.unwrap();
            assert_eq!(b["error"]["fields"]["visibility"], message, "{b}");
        }
        let (s, d) = upload(
            &app,
            &w.manager1,
            "/api/v1/documents",
            &[("place_id", w.p1.to_string()), ("title", "Statuts".into())],
            Some(("s.txt", b"Statuts".to_vec())),
        )
        .await;
        assert_eq!(s, 201, "{d}");
        assert_eq!(
            (&d["kind"], &d["visibility"]),
            (&json!("file"), &json!("managers"))
        );

        // The sheet page: its manager gets the form back (422) and nothing is written; a stranger
        // to a members-only club is refused whatever the visibility says.
        let manager = app.new_browser();
        app.login_as(&manager, "gerant1@example.org").await;
        let sheet = |scope: (&'static str, i64)| {
            vec![
                (scope.0, scope.1.to_string()),
                ("title", "Fiche".to_string()),
                ("body", "<p>B</p>".to_string()),
                ("visibility", "tous".to_string()),
            ]
        };
        let res = manager
            .post(app.url("/documents/fiches"))
            .form(&sheet(("place_id", w.p1)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Le formulaire contient des erreurs"));
        let (_, docs) = send(
            &app,
            "GET",
            &format!("/api/v1/documents?place_id={}", w.p1),
            Some(&w.manager1),
            None,
        )
        .await;
        assert_eq!(docs.as_array().unwrap().len(), 2, "nothing written: {docs}");
        let private = club(&app, &w.manager2, w.p2, "Club privé", "members").await;
        let res = manager
            .post(app.url("/documents/fiches"))
            .form(&sheet(("group_id", private)))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        assert!(!res.text().await.unwrap().contains("Club privé"));
    }
);
