//! Photos of a space, on both engines: a manager adds one through the API and through the
//! admin page; it is stored resized as JPEG with a thumbnail, served with a long cache, shown
//! with its text alternative on the public page; bad files and missing descriptions are
//! refused in French; someone who does not manage the place cannot add or delete.

use maillage::accounts::model::RoleKind;
use maillage::accounts::repo as accounts;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{photo_form, png, TestApp};

both!(photos_of_a_space, |app: TestApp| async move {
    let db = &app.state.db;
    let net = tenancy::insert_network(db, "Réseau", "reseau", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Tiers-lieu de Riez",
            slug: "tiers-lieu-de-riez",
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: Some(maillage::ids::NetworkId(net)),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
    .get();
    let manager = app.user("gerant@example.org", "Hugo").await;
    accounts::grant_role(db, manager, RoleKind::PlaceManager, None, Some(place), 0)
        .await
        .unwrap();
    let token = app.token_for(manager).await;
    let res = app
        .api_post(
            &format!("/api/v1/places/{place}/spaces"),
            &token,
            json!({"name": "Salon de coworking", "kind": "coworking", "capacity": 4}),
        )
        .await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    let space = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // Through the API: a 2400 × 1200 PNG becomes a 1600 × 800 JPEG with a 480 px thumbnail.
    let (s, photo) = app
        .api_multipart(
            &format!("/api/v1/spaces/{space}/photos"),
            &token,
            photo_form(
                "Le salon : quatre bureaux face à la fenêtre",
                Some(("salon.png", png(2400, 1200))),
            ),
        )
        .await;
    assert_eq!(s, 201, "{photo}");
    assert_eq!(
        (photo["width"].as_i64(), photo["height"].as_i64()),
        (Some(1600), Some(800))
    );
    let full = reqwest::get(app.url(photo["url"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(full.status(), 200);
    assert_eq!(full.headers()["content-type"], "image/jpeg");
    assert!(full.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    let bytes = full.bytes().await.unwrap();
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (1600, 800));
    let thumb = reqwest::get(app.url(photo["thumbnail_url"].as_str().unwrap()))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let decoded = image::load_from_memory(&thumb).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (480, 240));
    // A guessed address answers 404.
    let bad = reqwest::get(app.url(&format!("/photos/{}/0000000000000000.jpg", photo["id"])))
        .await
        .unwrap();
    assert_eq!(bad.status(), 404);

    // Listed by the API and shown with its description on the public page.
    let list: Value = reqwest::get(app.url(&format!("/api/v1/spaces/{space}/photos")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let page = app
        .get(&format!("/espaces/{space}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("alt=\"Le salon : quatre bureaux face à la fenêtre\""),
        "{page}"
    );

    // Refusals: not a picture, no description, no file — 422 with the fields, nothing stored.
    let (s, e) = app
        .api_multipart(
            &format!("/api/v1/spaces/{space}/photos"),
            &token,
            photo_form(
                "Un PDF",
                Some(("plan.png", b"%PDF-1.4 pas une image".to_vec())),
            ),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    assert_eq!(
        e["error"]["fields"]["file"], "Ce fichier n'est pas une image PNG, JPEG ou WebP lisible.",
        "{e}"
    );
    let (s, e) = app
        .api_multipart(
            &format!("/api/v1/spaces/{space}/photos"),
            &token,
            photo_form("  ", Some(("a.png", png(10, 10)))),
        )
        .await;
    assert_eq!(s, 422);
    assert!(e["error"]["fields"]["alt"].is_string(), "{e}");
    let (s, e) = app
        .api_multipart(
            &format!("/api/v1/spaces/{space}/photos"),
            &token,
            photo_form("Rien", None),
        )
        .await;
    assert_eq!(s, 422);
    assert!(e["error"]["fields"]["file"].is_string(), "{e}");

    // Someone who does not manage the place: 404, and no photo added.
    let other = app.user("autre@example.org", "Autre").await;
    let other_token = app.token_for(other).await;
    let (s, _) = app
        .api_multipart(
            &format!("/api/v1/spaces/{space}/photos"),
            &other_token,
            photo_form("Intrus", Some(("x.png", png(10, 10)))),
        )
        .await;
    assert_eq!(s, 404);
    assert_eq!(
        maillage::media::of(db, maillage::media::PhotoOwner::Space, space)
            .await
            .unwrap()
            .len(),
        1
    );

    // Through the admin page, as a browser does (multipart with the Origin header).
    let browser = app.new_browser();
    app.login_as(&browser, "gerant@example.org").await;
    let res = browser
        .post(app.url(&format!("/admin/espaces/{space}/photos")))
        .multipart(photo_form(
            "La cuisine partagée",
            Some(("cuisine.png", png(800, 600))),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "{:?}", res.text().await);
    let res = browser
        .post(app.url(&format!("/admin/espaces/{space}/photos")))
        .multipart(photo_form("", Some(("cuisine.png", png(80, 60)))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Décrivez la photo en quelques mots."));
    let photos = maillage::media::of(db, maillage::media::PhotoOwner::Space, space)
        .await
        .unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!((photos[1].width, photos[1].height), (800, 600));

    // Deleting: the other person cannot, the manager can.
    let intruder = app.new_browser();
    app.login_as(&intruder, "autre@example.org").await;
    let res = intruder
        .post(app.url(&format!(
            "/admin/espaces/{space}/photos/{}/supprimer",
            photos[0].id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = browser
        .post(app.url(&format!(
            "/admin/espaces/{space}/photos/{}/supprimer",
            photos[0].id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let left = maillage::media::of(db, maillage::media::PhotoOwner::Space, space)
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].alt, "La cuisine partagée");
});
