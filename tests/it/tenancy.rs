//! Administration pages through HTTP: tenant isolation (another tenant's object answers 404),
//! creating networks and places, granting roles and invitations.

use maillage::accounts::model::RoleKind;
use maillage::accounts::repo;
use maillage::tenancy::repo as tenancy;

use crate::both;
use crate::harness::{location, TestApp};

struct World {
    n1: i64,
    n2: i64,
    p1: i64,
    p2: i64,
}

async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let n1 = tenancy::insert_network(db, "Réseau Un", "reseau-un", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let n2 = tenancy::insert_network(db, "Réseau Deux", "reseau-deux", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let mk = |name: &'static str, net: i64| maillage::places::repo::NewPlace {
        name,
        slug: name,
        description: "",
        city: "",
        organization_id: None,
        network_id: Some(maillage::ids::NetworkId(net)),
        now: 0,
    };
    let p1 = maillage::places::repo::insert_place(db, mk("lieu-un", n1))
        .await
        .unwrap()
        .id
        .get();
    let p2 = maillage::places::repo::insert_place(db, mk("lieu-deux", n2))
        .await
        .unwrap()
        .id
        .get();
    World { n1, n2, p1, p2 }
}

both!(tenant_isolation_over_http, |app: TestApp| async move {
    let w = world(&app).await;
    let db = &app.state.db;
    let admin1 = app.user("admin1@example.org", "Admin Un").await;
    repo::grant_role(db, admin1, RoleKind::NetworkAdmin, Some(w.n1), None, 0)
        .await
        .unwrap();
    let manager = app.user("gerant@example.org", "Gérant").await;
    repo::grant_role(db, manager, RoleKind::PlaceManager, None, Some(w.p1), 0)
        .await
        .unwrap();

    let c1 = app.new_browser();
    app.login_as(&c1, "admin1@example.org").await;
    let get = |c: &reqwest::Client, p: String| {
        let c = c.clone();
        let url = app.url(&p);
        async move { c.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(get(&c1, format!("/admin/reseaux/{}", w.n1)).await, 200);
    assert_eq!(
        get(&c1, format!("/admin/lieux/{}", w.p1)).await,
        200,
        "a place of my network"
    );
    assert_eq!(
        get(&c1, format!("/admin/reseaux/{}", w.n2)).await,
        404,
        "another network"
    );
    assert_eq!(
        get(&c1, format!("/admin/lieux/{}", w.p2)).await,
        404,
        "a place of another network"
    );
    assert_eq!(get(&c1, "/admin/reseaux/999999".into()).await, 404);
    // Writes are refused the same way, and change nothing.
    let r = c1
        .post(app.url(&format!("/admin/reseaux/{}", w.n2)))
        .form(&[("name", "Volé")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        tenancy::network_by_id(db, maillage::ids::NetworkId(w.n2))
            .await
            .unwrap()
            .unwrap()
            .name,
        "Réseau Deux"
    );
    // Only instance admins create networks.
    assert_eq!(
        c1.post(app.url("/admin/reseaux"))
            .form(&[("name", "Nouveau")])
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    let c2 = app.new_browser();
    app.login_as(&c2, "gerant@example.org").await;
    assert_eq!(get(&c2, format!("/admin/lieux/{}", w.p1)).await, 200);
    assert_eq!(get(&c2, format!("/admin/lieux/{}", w.p2)).await, 404);
    assert_eq!(
        get(&c2, format!("/admin/reseaux/{}", w.n1)).await,
        404,
        "a manager does not run the network"
    );
    let r = c2
        .post(app.url(&format!("/admin/lieux/{}", w.p1)))
        .form(&[
            ("name", "Lieu Un rénové"),
            ("city", "Riez"),
            ("description", "<b>gras</b><script>alert(1)</script>"),
            ("organization", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = app.get("/lieux/lieu-un").await.text().await.unwrap();
    assert!(page.contains("Lieu Un rénové"));
    // The description is sanitized rich text (places issue): safe markup kept, scripts gone.
    assert!(
        page.contains("<b>gras</b>") && !page.contains("<script>alert"),
        "description sanitized"
    );
});

both!(
    instance_admin_builds_the_network,
    |app: TestApp| async move {
        app.instance_admin("admin@example.org").await;
        app.login_as(&app.client, "admin@example.org").await;
        let r = app
            .post_form("/admin/reseaux", &[("name", ""), ("description", "")])
            .await;
        assert_eq!(r.status(), 422);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Ce champ est obligatoire."));
        let r = app
            .post_form(
                "/admin/reseaux",
                &[
                    ("name", "Réseau Sud Tiers-Lieux"),
                    ("description", "Le réseau régional"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let admin_page = location(&r);
        let net = tenancy::network_by_slug(&app.state.db, "reseau-sud-tiers-lieux")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(admin_page, format!("/admin/reseaux/{}", net.id));

        let r = app
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Mairie de Riez"),
                    ("kind", "commune"),
                    ("siret", "123"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("SIRET"));
        let r = app
            .post_form(
                "/admin/organisations",
                &[
                    ("name", "Mairie de Riez"),
                    ("kind", "commune"),
                    ("siret", "732 829 320 00074"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        // The organization is named (or given by its SIRET), not picked from a list of all.
        let org = "mairie de riez".to_string();

        let r = app
            .post_form(
                &format!("/admin/reseaux/{}/lieux", net.id),
                &[
                    ("name", "Tiers-lieu de Riez"),
                    ("city", "Riez"),
                    ("description", ""),
                    ("organization", &org),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let r = app
            .post_form(
                &format!("/admin/reseaux/{}/lieux", net.id),
                &[
                    ("name", "Autre"),
                    ("city", ""),
                    ("description", ""),
                    ("organization", "Mairie de Nulle-Part"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "unknown organization");
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Aucune structure porteuse de ce nom ou de ce SIRET"));
        // By SIRET, spaces aside; the place page then names it in its field.
        let r = app
            .post_form(
                &format!("/admin/reseaux/{}/lieux", net.id),
                &[
                    ("name", "Autre lieu de Riez"),
                    ("city", "Riez"),
                    ("description", ""),
                    ("organization", "73282932000074"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let page = app.get(&location(&r)).await.text().await.unwrap();
        assert!(page.contains("value=\"Mairie de Riez\""), "{page}");
        let home = app.get("/").await.text().await.unwrap();
        assert!(home.contains("Réseau Sud Tiers-Lieux") && home.contains("Tiers-lieu de Riez"));
        let net_page = app
            .get("/reseaux/reseau-sud-tiers-lieux")
            .await
            .text()
            .await
            .unwrap();
        assert!(net_page.contains("Tiers-lieu de Riez"));
    }
);

both!(invitation_to_manage_a_place, |app: TestApp| async move {
    let w = world(&app).await;
    let admin1 = app.user("admin1@example.org", "Inès").await;
    repo::grant_role(
        &app.state.db,
        admin1,
        RoleKind::NetworkAdmin,
        Some(w.n1),
        None,
        0,
    )
    .await
    .unwrap();
    app.login_as(&app.client, "admin1@example.org").await;

    // A role that does not belong to places is refused.
    let r = app
        .post_form(
            &format!("/admin/lieux/{}/roles", w.p1),
            &[("email", "hugo@example.org"), ("role", "network_admin")],
        )
        .await;
    assert_eq!(r.status(), 422);
    // Unknown address: an invitation is emailed.
    let r = app
        .post_form(
            &format!("/admin/lieux/{}/roles", w.p1),
            &[("email", "Hugo@Example.org"), ("role", "place_manager")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mail = app.email_to("hugo@example.org").await;
    assert!(mail.subject.contains("Inès"));
    assert!(mail.text.contains("lieu-un") && mail.text.contains("Gestionnaire du lieu"));
    let link = mail.link_path(&app.base);
    assert!(
        app.get(&format!("/admin/lieux/{}", w.p1))
            .await
            .text()
            .await
            .unwrap()
            .contains("hugo@example.org"),
        "pending invitation listed"
    );

    // Hugo signs up with the invited address, then accepts.
    let hugo = app.new_browser();
    let page = hugo
        .get(app.url(&link))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("/inscription?email=hugo%40example.org"));
    app.user("hugo@example.org", "Hugo").await;
    // Someone else signed in cannot take the invitation.
    app.user("eve@example.org", "Ève").await;
    let eve = app.new_browser();
    app.login_as(&eve, "eve@example.org").await;
    assert_eq!(eve.post(app.url(&link)).send().await.unwrap().status(), 403);
    app.login_as(&hugo, "hugo@example.org").await;
    assert_eq!(
        hugo.post(app.url(&link)).send().await.unwrap().status(),
        303
    );
    assert_eq!(
        hugo.get(app.url(&format!("/admin/lieux/{}", w.p1)))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        hugo.post(app.url(&link)).send().await.unwrap().status(),
        404,
        "single use"
    );

    // An existing account is invited the same way (issue 14: no account oracle, no role
    // without consent): the role is hers once she accepts; the network admin can then remove
    // it.
    app.user("lea@example.org", "Léa").await;
    let r = app
        .post_form(
            &format!("/admin/reseaux/{}/roles", w.n1),
            &[("email", "lea@example.org"), ("role", "member")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let lea = repo::user_by_email(&app.state.db, "lea@example.org")
        .await
        .unwrap()
        .unwrap();
    assert!(repo::roles_of(&app.state.db, lea.id)
        .await
        .unwrap()
        .is_empty());
    let link = app.email_to("lea@example.org").await.link_path(&app.base);
    let lea_browser = app.new_browser();
    app.login_as(&lea_browser, "lea@example.org").await;
    assert_eq!(
        lea_browser
            .post(app.url(&link))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );
    let roles = repo::roles_of(&app.state.db, lea.id).await.unwrap();
    assert_eq!(roles.len(), 1);
    assert_eq!(
        app.post_form(&format!("/admin/roles/{}/supprimer", roles[0].id), &[])
            .await
            .status(),
        303
    );
    assert!(repo::roles_of(&app.state.db, lea.id)
        .await
        .unwrap()
        .is_empty());
    // A network admin cannot remove roles of another network.
    let other = app.user("autre@example.org", "Autre").await;
    repo::grant_role(
        &app.state.db,
        other,
        RoleKind::NetworkAdmin,
        Some(w.n2),
        None,
        0,
    )
    .await
    .unwrap();
    let rid = repo::roles_of(&app.state.db, other).await.unwrap()[0].id;
    assert_eq!(
        app.post_form(&format!("/admin/roles/{rid}/supprimer"), &[])
            .await
            .status(),
        404
    );
});
