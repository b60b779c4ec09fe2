//! Forms of people with thousands of places (issue 16, point 4): the event form and the
//! calendar import list the first places and take any other by address or exact name.

use maillage::accounts::repo as accounts;
use maillage::auth::RoleKind;
use maillage::ids::PlaceId;
use maillage::places::repo::{insert_place, NewPlace};
use maillage::tenancy::repo as tenancy;

use crate::both;
use crate::harness::{location, TestApp};

struct World {
    /// "Lieu 00" … "Lieu 54" in the network: the last five are past the first 50 by name.
    places: Vec<(PlaceId, String)>,
    /// A place of another network, named like nothing in this one.
    elsewhere: PlaceId,
    browser: reqwest::Client,
}

async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let net = tenancy::insert_network(db, "Réseau national", "national", "", 0)
        .await
        .unwrap()
        .id;
    let other = tenancy::insert_network(db, "Réseau voisin", "voisin", "", 0)
        .await
        .unwrap()
        .id;
    let mut places = Vec::new();
    for i in 0..55 {
        let name = format!("Lieu {i:02}");
        let slug = format!("lieu-{i:02}");
        let p = insert_place(
            db,
            NewPlace {
                name: &name,
                slug: &slug,
                description: "",
                city: "Riez",
                organization_id: None,
                network_id: Some(net),
                now: 0,
            },
        )
        .await
        .unwrap();
        places.push((p.id, slug));
    }
    let elsewhere = insert_place(
        db,
        NewPlace {
            name: "Tiers-lieu voisin",
            slug: "tiers-lieu-voisin",
            description: "",
            city: "Digne",
            organization_id: None,
            network_id: Some(other),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id;
    let animator = app.user("animatrice@example.org", "Inès").await;
    accounts::grant_role(
        db,
        animator,
        RoleKind::NetworkAdmin,
        Some(net.get()),
        None,
        0,
    )
    .await
    .unwrap();
    let browser = app.new_browser();
    app.login_as(&browser, "animatrice@example.org").await;
    World {
        places,
        elsewhere,
        browser,
    }
}

async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> String {
    let res = browser.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

fn option(id: PlaceId) -> String {
    format!("<option value=\"lieu-{id}\"")
}

both!(
    the_event_form_lists_fifty_places_and_takes_any_other_by_address_or_name,
    |app: TestApp| async move {
        let w = world(&app).await;
        let form = page(&app, &w.browser, "/evenements/nouveau").await;
        assert_eq!(form.matches("<option value=\"lieu-").count(), 50, "{form}");
        assert!(form.contains(&option(w.places[49].0)));
        assert!(!form.contains(&option(w.places[54].0)), "past the first 50");
        assert!(form.contains("id=\"organizer_place\""), "{form}");
        assert!(form.contains("Ou un autre de vos lieux"));

        // A link from a place's page names a place past the first 50: it is offered, chosen.
        let linked = page(
            &app,
            &w.browser,
            &format!("/evenements/nouveau?lieu={}", w.places[54].0),
        )
        .await;
        assert!(
            linked.contains(&format!("{} selected>Lieu 54", option(w.places[54].0))),
            "{linked}"
        );
        // Another network's place is not offered, even named by a link.
        let foreign = page(
            &app,
            &w.browser,
            &format!("/evenements/nouveau?lieu={}", w.elsewhere),
        )
        .await;
        assert!(!foreign.contains(&option(w.elsewhere)));

        let post = |organizer_place: String, title: &'static str| {
            let browser = w.browser.clone();
            let url = app.url("/evenements");
            async move {
                browser
                    .post(url)
                    .form(&[
                        ("organizer", "reseau-1"),
                        ("organizer_place", organizer_place.as_str()),
                        ("title", title),
                        ("starts_at", "2031-05-06T09:30"),
                        ("ends_at", "2031-05-06T12:00"),
                        ("location_kind", "place"),
                        ("status", "published"),
                    ])
                    .send()
                    .await
                    .unwrap()
            }
        };
        // By the address of its page: the place is the organizer (not the network chosen in
        // the list).
        let res = post(
            format!("https://maillage.example/lieux/{}/", w.places[54].1),
            "Atelier par adresse",
        )
        .await;
        assert_eq!(res.status(), 303, "{:?}", res.text().await);
        let id: i64 = location(&res).rsplit('/').next().unwrap().parse().unwrap();
        let ev = maillage::events::repo::event_by_id(&app.state.db, maillage::ids::EventId(id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ev.place_id, Some(w.places[54].0));
        assert_eq!(ev.network_id, None);
        // By exact name, case aside.
        let res = post("lieu 53".into(), "Atelier par nom").await;
        assert_eq!(res.status(), 303, "{:?}", res.text().await);

        // Clear errors, in French, on the field; the text typed is shown again.
        for (typed, error) in [
            (
                "Lieu inconnu",
                "Aucun lieu à cette adresse ni de ce nom exact",
            ),
            (
                "Tiers-lieu voisin",
                "Vous n&#39;organisez pas d&#39;événements pour ce lieu.",
            ),
        ] {
            let res = post(typed.into(), "Atelier refusé").await;
            assert_eq!(res.status(), 422, "{typed}");
            let body = res.text().await.unwrap();
            assert!(body.contains(error), "{typed}: {body}");
            assert!(body.contains("id=\"organizer_place-error\""));
            assert!(body.contains(&format!("value=\"{typed}\"")));
        }
        // Two places of that name: the address is asked for.
        insert_place(
            &app.state.db,
            NewPlace {
                name: "Lieu 53",
                slug: "lieu-53-bis",
                description: "",
                city: "Manosque",
                organization_id: None,
                network_id: None,
                now: 0,
            },
        )
        .await
        .unwrap();
        let res = post("Lieu 53".into(), "Atelier ambigu").await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Plusieurs lieux portent ce nom"));
        let titles: Vec<String> = event_titles(&app).await;
        assert_eq!(titles, ["Atelier par adresse", "Atelier par nom"]);
    }
);

async fn event_titles(app: &TestApp) -> Vec<String> {
    let token = {
        let admin = app.instance_admin("lecteur@example.org").await;
        app.token_for(admin).await
    };
    let res = app.api_get("/api/v1/events?limit=50", &token).await;
    let body: serde_json::Value = res.json().await.unwrap();
    let mut titles: Vec<String> = body
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    titles
}

both!(
    the_calendar_import_takes_a_place_past_the_list_by_its_address,
    |app: TestApp| async move {
        let w = world(&app).await;
        let form = page(&app, &w.browser, "/evenements/importer").await;
        assert_eq!(form.matches("<option value=\"lieu-").count(), 50);
        assert!(form.contains("id=\"organizer_place\""));
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\n\
                   UID:atelier-importe@example.org\r\nDTSTAMP:20310101T000000Z\r\n\
                   DTSTART:20310506T073000Z\r\nDTEND:20310506T100000Z\r\n\
                   SUMMARY:Atelier importé\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let import = |organizer_place: &str| {
            let form = reqwest::multipart::Form::new()
                .text("organizer", "")
                .text("organizer_place", organizer_place.to_string())
                .text("ics", ics);
            w.browser
                .post(app.url("/evenements/importer"))
                .multipart(form)
                .send()
        };
        let res = import("/lieux/tiers-lieu-voisin").await.unwrap();
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("pour ce lieu"), "{body}");
        let res = import(&format!("/lieux/{}", w.places[54].1)).await.unwrap();
        let body = res.text().await.unwrap();
        assert!(
            body.contains("1 événement créé") || body.contains("créé"),
            "{body}"
        );
        let ev = maillage::events::repo::event_by_uid(&app.state.db, "atelier-importe@example.org")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ev.place_id, Some(w.places[54].0));
    }
);

#[test]
fn a_place_is_named_by_its_address_its_path_or_its_slug() {
    for typed in [
        "https://maillage.example/lieux/riez",
        "https://maillage.example/lieux/riez/",
        "/lieux/riez/agenda",
        "/lieux/riez?x=1",
        " riez ",
    ] {
        assert_eq!(tenancy::slug_in(typed), "riez", "{typed}");
    }
}
