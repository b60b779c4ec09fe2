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

/// The plan of a query, one line per step, whatever the engine.
async fn plan(app: &TestApp, sql: &str) -> String {
    match &app.state.db {
        maillage::db::Db::Sqlite(p) => {
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .bind(8_i64)
                    .fetch_all(p)
                    .await
                    .unwrap();
            rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
        }
        maillage::db::Db::Postgres(p) => {
            let mut c = p.acquire().await.unwrap();
            // A seeded table is not needed: without sequential scans, the plan shows whether
            // an index serves the order (else a Sort appears).
            sqlx::query("SET enable_seqscan = off")
                .execute(&mut *c)
                .await
                .unwrap();
            let rows: Vec<(String,)> = sqlx::query_as(&format!("EXPLAIN {sql}"))
                .bind(8_i64)
                .fetch_all(&mut *c)
                .await
                .unwrap();
            sqlx::query("RESET enable_seqscan")
                .execute(&mut *c)
                .await
                .unwrap();
            rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("\n")
        }
    }
}

both!(
    the_home_pages_recent_places_are_read_in_index_order,
    |app: TestApp| async move {
        let sql = format!(
            "SELECT p.id FROM places p {}",
            maillage::places::repo::RECENT
        );
        let plan = plan(&app, &sql).await;
        assert!(
            plan.contains("places_recent"),
            "no index serves it:\n{plan}"
        );
        assert!(
            !plan.contains("TEMP B-TREE") && !plan.contains("Sort"),
            "the places are sorted:\n{plan}"
        );
        // And the home page still lists the newest change first.
        let db = &app.state.db;
        for name in ["lieu-ancien", "lieu-recent"] {
            maillage::places::repo::insert_place(
                db,
                maillage::places::repo::NewPlace {
                    name,
                    slug: name,
                    description: "",
                    city: "Riez",
                    organization_id: None,
                    network_id: None,
                    now: if name == "lieu-ancien" { 1 } else { 2 },
                },
            )
            .await
            .unwrap();
        }
        let recent = maillage::places::service::recent(&app.state, 8)
            .await
            .unwrap();
        let names: Vec<&str> = recent.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["lieu-recent", "lieu-ancien"]);
    }
);
