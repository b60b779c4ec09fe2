//! Pages that stay small when the data grows (issue 16): filters offer what has something to
//! show, not every row of a large table.

use serde_json::json;

use crate::both;
use crate::harness::TestApp;

both!(
    the_agenda_offers_only_places_with_something_to_show,
    |app: TestApp| async move {
        let db = &app.state.db;
        let net = maillage::tenancy::repo::insert_network(db, "Réseau Sud", "sud", "", 0)
            .await
            .unwrap()
            .id;
        let mk = |name: &'static str| maillage::places::repo::NewPlace {
            name,
            slug: name,
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: Some(net),
            now: 0,
        };
        let mut ids = Vec::new();
        for name in ["lieu-avec-atelier", "lieu-sans-rien", "lieu-au-passe"] {
            ids.push(
                maillage::places::repo::insert_place(db, mk(name))
                    .await
                    .unwrap()
                    .id,
            );
        }
        let admin = app.instance_admin("admin@example.org").await;
        let token = app.token_for(admin).await;
        for (place, when) in [(ids[0], "2031-03-05T09:30"), (ids[2], "2020-03-05T09:30")] {
            let ends = when.replace("09:30", "11:00");
            let res = app
                .api_post(
                    "/api/v1/events",
                    &token,
                    json!({"title": "Atelier", "starts_at": when, "ends_at": ends,
                           "place_id": place, "status": "published"}),
                )
                .await;
            let status = res.status().as_u16();
            assert_eq!(status, 201, "{}", res.text().await.unwrap());
        }
        // A network elsewhere with its own upcoming event: not in this network's agenda filter.
        let other = maillage::tenancy::repo::insert_network(db, "Réseau Nord", "nord", "", 0)
            .await
            .unwrap()
            .id;
        let far = maillage::places::repo::insert_place(
            db,
            maillage::places::repo::NewPlace {
                network_id: Some(other),
                ..mk("lieu-du-nord")
            },
        )
        .await
        .unwrap()
        .id;
        let res = app
            .api_post(
                "/api/v1/events",
                &token,
                json!({"title": "Atelier", "starts_at": "2031-03-06T09:30",
                       "ends_at": "2031-03-06T11:00", "place_id": far, "status": "published"}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let option = |id: maillage::ids::PlaceId| format!("<option value=\"{id}\"");
        let page = app.get("/agenda").await.text().await.unwrap();
        assert!(page.contains(&option(ids[0])), "the place with a workshop");
        assert!(
            page.contains(&option(far)),
            "every network's places on /agenda"
        );
        assert!(
            !page.contains(&option(ids[1])),
            "a place with no event is not offered"
        );
        assert!(
            !page.contains(&option(ids[2])),
            "a place whose events are over is not offered"
        );
        let page = app.get("/reseaux/sud/agenda").await.text().await.unwrap();
        assert!(page.contains(&option(ids[0])));
        assert!(
            !page.contains(&option(far)),
            "another network's place is not offered"
        );
    }
);
