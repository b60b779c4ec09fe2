//! Booking that starts from now (issue 17 point 5) and the member picker (issue 16 point 4), on
//! both engines: a start and an end chosen on the week grid without JavaScript, a range across
//! a taken slot refused with the conflict named, the week opening on the next open day, the
//! managers' member search (ten at most, 404 for anyone else), an ambiguous name answered with
//! its candidates, and a space's hours kept within its place's (create, edit, API) unless the
//! manager says so — bookings at lunchtime in a place closed at lunch refused.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Paris;
use maillage::accounts::model::RoleKind;
use maillage::accounts::repo as accounts;
use maillage::ids::{SpaceId, UserId};
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};

struct World {
    place: i64,
    manager_token: String,
}

async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let net = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id;
    let place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Tiers-lieu de Riez",
            slug: "tiers-lieu-de-riez",
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: Some(net),
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
    .get();
    let manager = app.user("gerant@example.org", "Hugo Gérant").await;
    accounts::grant_role(db, manager, RoleKind::PlaceManager, None, Some(place), 0)
        .await
        .unwrap();
    let manager_token = app.token_for(manager).await;
    World {
        place,
        manager_token,
    }
}

async fn member(app: &TestApp, w: &World, email: &str, name: &str) -> UserId {
    let id = app.user(email, name).await;
    accounts::grant_role(&app.state.db, id, RoleKind::Member, None, Some(w.place), 0)
        .await
        .unwrap();
    id
}

async fn set_place_hours(app: &TestApp, place: i64, hours: &str) {
    maillage::db_run!(&app.state.db, |p| sqlx::query(
        "UPDATE places SET opening_hours = $1 WHERE id = $2"
    )
    .bind(hours)
    .bind(place)
    .execute(p)
    .await
    .map(|_| ()))
    .unwrap();
}

/// The first Monday-to-Friday at least `after` days from today (Paris).
fn weekday_after(after: i64) -> NaiveDate {
    let mut d = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(after);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

fn ms(d: NaiveDate, h: u32) -> i64 {
    Paris
        .from_local_datetime(&d.and_hms_opt(h, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .timestamp_millis()
}

fn rfc(d: NaiveDate, h: u32) -> String {
    maillage::clock::rfc3339(ms(d, h))
}

async fn api_space(app: &TestApp, w: &World, body: Value) -> (u16, Value) {
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/spaces", w.place),
            &w.manager_token,
            body,
        )
        .await;
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

async fn book_api(app: &TestApp, token: &str, space: i64, d: NaiveDate, h: (u32, u32)) -> u16 {
    app.api_post(
        &format!("/api/v1/spaces/{space}/bookings"),
        token,
        json!({"starts_at": rfc(d, h.0), "ends_at": rfc(d, h.1)}),
    )
    .await
    .status()
    .as_u16()
}

async fn text(c: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let r = c.get(app.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

both!(
    a_start_and_an_end_on_the_grid_without_javascript,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (st, s) = api_space(
            &app,
            &w,
            json!({"name": "Salle de réunion", "kind": "salle_reunion", "capacity": 1,
                   "mode": "room", "max_units": 3, "opening_hours": "Mo-Fr 09:00-18:00"}),
        )
        .await;
        assert_eq!(st, 201, "{s}");
        let id = s["id"].as_i64().unwrap();
        member(&app, &w, "noe@example.org", "Noé Membre").await;
        let c = app.new_browser();
        app.login_as(&c, "noe@example.org").await;
        let day = weekday_after(3);
        let week = day.format("%Y-%m-%d").to_string();

        // Step 1: the grid offers each free slot as a start (a link, no form, no script).
        let (st, html) = text(&c, &app, &format!("/espaces/{id}?semaine={week}")).await;
        assert_eq!(st, 200);
        let start = ms(day, 9);
        let link = format!("/espaces/{id}?semaine={week}&amp;debut={start}#range");
        assert!(html.contains(&link), "a start link for 9:00: {html}");
        assert!(!html.contains("id=\"book-range\""));

        // Someone holds 12:00–13:00.
        let other = member(&app, &w, "lou@example.org", "Lou").await;
        let lou = app.token_for(other).await;
        assert_eq!(book_api(&app, &lou, id, day, (12, 13)).await, 201);

        // Step 2: the ends offered from 10:00 run up to the taken slot (10:00–12:00 at most).
        let (_, html) = text(
            &c,
            &app,
            &format!("/espaces/{id}?semaine={week}&debut={}", ms(day, 10)),
        )
        .await;
        let form = html
            .split_once("id=\"book-range\"")
            .and_then(|(_, rest)| rest.split("</form>").next())
            .expect("the end step");
        assert!(
            form.contains(&format!("value=\"{}\"", ms(day, 10))),
            "{form}"
        );
        assert!(
            form.contains(&format!("name=\"ends_ms\" value=\"{}\"", ms(day, 11))),
            "{form}"
        );
        assert!(
            form.contains(&format!("name=\"ends_ms\" value=\"{}\"", ms(day, 12))),
            "{form}"
        );
        assert!(
            !form.contains(&format!("value=\"{}\"", ms(day, 13))),
            "not across 12:00: {form}"
        );
        // From 9:00 the space's maximum (3 units) stops at 12:00 too.
        let (_, html) = text(
            &c,
            &app,
            &format!("/espaces/{id}?semaine={week}&debut={start}"),
        )
        .await;
        assert!(html.contains(&format!("name=\"ends_ms\" value=\"{}\"", ms(day, 12))));

        // Book 9:00–11:00 through the form, as a browser without JavaScript sends it.
        let end = ms(day, 11).to_string();
        let r = c
            .post(app.url(&format!("/espaces/{id}/reserver")))
            .form(&[
                ("starts_ms", start.to_string().as_str()),
                ("ends_ms", end.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{:?}", r.text().await);
        assert_eq!(location(&r), "/reservations");
        let held =
            maillage::bookings::repo::held_between(&app.state.db, SpaceId(id), 0, i64::MAX / 2)
                .await
                .unwrap();
        assert!(held.contains(&(ms(day, 9), ms(day, 11), 1)), "{held:?}");

        // A range across the taken slot (11:00–13:00, sent by hand) is refused, the conflict named.
        let (s, e) = (ms(day, 11).to_string(), ms(day, 13).to_string());
        let r = c
            .post(app.url(&format!("/espaces/{id}/reserver")))
            .form(&[("starts_ms", s.as_str()), ("ends_ms", e.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        let html = r.text().await.unwrap();
        let when = format!("{} de 11:00 à 13:00", day.format("%d/%m/%Y"));
        assert!(
            html.contains(&format!(
                "Salle de réunion : plus assez de places libres le {when} (déjà réservé)"
            )),
            "{html}"
        );
    }
);

both!(
    the_week_opens_on_the_next_open_day,
    |app: TestApp| async move {
        let w = world(&app).await;
        let today = Utc::now().with_timezone(&Paris).date_naive();
        let open = today + Duration::days(2);
        let day = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
            [open.weekday().num_days_from_monday() as usize];
        let (st, s) = api_space(
            &app,
            &w,
            json!({"name": "Cuisine", "kind": "cuisine", "capacity": 2,
                   "opening_hours": format!("{day} 09:00-12:00")}),
        )
        .await;
        assert_eq!(st, 201, "{s}");
        let html = app
            .get(&format!("/espaces/{}", s["id"]))
            .await
            .text()
            .await
            .unwrap();
        let label = format!("Semaine du {}", open.format("%d/%m/%Y"));
        assert!(html.contains(&label), "{label}: {html}");
        assert!(!html.contains(&today.format("%d/%m/%Y").to_string()));
    }
);

both!(
    the_member_search_is_for_managers_and_short,
    |app: TestApp| async move {
        let w = world(&app).await;
        for i in 0..12 {
            member(
                &app,
                &w,
                &format!("dupont{i}@example.org"),
                &format!("Camille Dupont {i:02}"),
            )
            .await;
        }
        let noe = member(&app, &w, "noe@example.org", "Noé Membre").await;
        let stranger = app.user("autre@example.org", "Dupont d'ailleurs").await;
        let path = format!("/api/v1/places/{}/members?q=dupont", w.place);
        let res = app.api_get(&path, &w.manager_token).await;
        assert_eq!(res.status(), 200);
        let found: Value = res.json().await.unwrap();
        let found = found.as_array().unwrap();
        assert_eq!(found.len(), 10, "ten at most: {found:?}");
        assert_eq!(found[0]["name"], "Camille Dupont 00");
        assert_eq!(found[0]["email"], "dupont0@example.org");
        assert!(found.iter().all(|m| m["id"].is_i64()));
        // Only the place's members: not the stranger of the same name.
        assert!(!found.iter().any(|m| m["id"] == json!(stranger.get())));
        // By address too, and nothing for one letter.
        let one: Value = app
            .api_get(
                &format!("/api/v1/places/{}/members?q=NOE@", w.place),
                &w.manager_token,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            one,
            json!([{"id": noe.get(), "name": "Noé Membre", "email": "noe@example.org"}])
        );
        let none: Value = app
            .api_get(
                &format!("/api/v1/places/{}/members?q=d", w.place),
                &w.manager_token,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(none, json!([]));
        // A member of the place, a stranger: 404; nobody signed in: 401.
        let noe_token = app.token_for(noe).await;
        assert_eq!(app.api_get(&path, &noe_token).await.status(), 404);
        let stranger_token = app.token_for(stranger).await;
        assert_eq!(app.api_get(&path, &stranger_token).await.status(), 404);
        assert_eq!(app.get(&path).await.status(), 401);
        // The manager's session works too (the page's script fetches with it).
        let c = app.new_browser();
        app.login_as(&c, "gerant@example.org").await;
        let r = c.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 200);
        // The space page lists no member: a text field with its suggestions' address.
        let (_, s) = api_space(
            &app,
            &w,
            json!({"name": "Salon", "kind": "coworking", "capacity": 4}),
        )
        .await;
        let (_, html) = text(&c, &app, &format!("/espaces/{}", s["id"])).await;
        assert!(html.contains(&format!(
            "data-members=\"/api/v1/places/{}/members\"",
            w.place
        )));
        assert!(
            !html.contains("Camille Dupont"),
            "no list of members in the page"
        );
        assert!(!html.contains("<select id=\"b-for\""));
    }
);

both!(
    booking_for_a_member_by_name_with_candidates,
    |app: TestApp| async move {
        let w = world(&app).await;
        let (_, s) = api_space(
            &app,
            &w,
            json!({"name": "Salon", "kind": "coworking", "capacity": 4, "opening_hours": "Mo-Su 08:00-20:00"}),
        )
        .await;
        let id = s["id"].as_i64().unwrap();
        let noe = member(&app, &w, "noe@example.org", "Noé Membre").await;
        let anne = member(&app, &w, "anne.martin@example.org", "Anne Martin").await;
        let alice = member(&app, &w, "alice.martin@example.org", "Alice Martin").await;
        let c = app.new_browser();
        app.login_as(&c, "gerant@example.org").await;
        let day = weekday_after(4);
        let date = day.format("%Y-%m-%d").to_string();
        let post = |fields: Vec<(&'static str, String)>| {
            let c = c.clone();
            let url = app.url(&format!("/espaces/{id}/reserver"));
            async move { c.post(url).form(&fields).send().await.unwrap() }
        };
        let holder_at = |h: u32| {
            let db = app.state.db.clone();
            async move {
                maillage::bookings::repo::bookings_of_space(
                    &db,
                    SpaceId(id),
                    ms(day, h),
                    ms(day, h) + 1,
                )
                .await
                .unwrap()
                .into_iter()
                .map(|b| b.user_id)
                .collect::<Vec<_>>()
            }
        };
        // One member's name, typed without its accent's case: booked in their name.
        let r = post(vec![
            ("date", date.clone()),
            ("start", "09:00".into()),
            ("end", "10:00".into()),
            ("member", "noé membre".into()),
        ])
        .await;
        assert_eq!(r.status(), 303, "{:?}", r.text().await);
        assert!(location(&r).starts_with(&format!("/admin/lieux/{}/reservations", w.place)));
        assert_eq!(holder_at(9).await, vec![noe]);
        // Their address (what a suggestion puts in the field).
        let r = post(vec![
            ("date", date.clone()),
            ("start", "10:00".into()),
            ("end", "11:00".into()),
            ("member", "anne.martin@example.org".into()),
        ])
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(holder_at(10).await, vec![anne]);
        // "Martin" names two members: the page asks which one, the form's fields kept.
        let r = post(vec![
            ("date", date.clone()),
            ("start", "11:00".into()),
            ("end", "12:00".into()),
            ("member", "Martin".into()),
        ])
        .await;
        assert_eq!(r.status(), 200);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Plusieurs membres du lieu correspondent à « Martin »"),
            "{html}"
        );
        assert!(html.contains(&format!("name=\"for_user\" value=\"{}\"", alice.get())));
        assert!(html.contains(&format!("name=\"for_user\" value=\"{}\"", anne.get())));
        assert!(html.contains(&format!("name=\"date\" value=\"{date}\"")));
        assert!(html.contains("name=\"start\" value=\"11:00\""));
        assert!(holder_at(11).await.is_empty(), "nothing booked yet");
        let r = post(vec![
            ("date", date.clone()),
            ("start", "11:00".into()),
            ("end", "12:00".into()),
            ("for_user", alice.get().to_string()),
        ])
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(holder_at(11).await, vec![alice]);
        // Nobody of that name: a French error, nothing booked.
        let r = post(vec![
            ("date", date.clone()),
            ("start", "12:00".into()),
            ("end", "13:00".into()),
            ("member", "Zoé Inconnue".into()),
        ])
        .await;
        assert_eq!(r.status(), 422);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("Aucun·e membre du lieu ne correspond à ce nom"));
        assert!(holder_at(12).await.is_empty());
        // The old clients' exact address still works.
        let r = post(vec![
            ("date", date.clone()),
            ("start", "13:00".into()),
            ("end", "14:00".into()),
            ("for_email", "noe@example.org".into()),
        ])
        .await;
        assert_eq!(r.status(), 303);
        assert_eq!(holder_at(13).await, vec![noe]);
        // A member typing a name books for nobody else: 404 (the policy's answer to anyone who
        // does not manage the place), whoever the name is.
        let m = app.new_browser();
        app.login_as(&m, "noe@example.org").await;
        let r = m
            .post(app.url(&format!("/espaces/{id}/reserver")))
            .form(&[
                ("date", date.as_str()),
                ("start", "15:00"),
                ("end", "16:00"),
                ("member", "Martin"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        assert!(!r.text().await.unwrap().contains("Alice"));
    }
);

both!(
    a_space_stays_within_its_place_hours,
    |app: TestApp| async move {
        let w = world(&app).await;
        // Before the place gives its hours, a space open 8:00–20:00 every day is created.
        let (st, old) = api_space(
            &app,
            &w,
            json!({"name": "Ancien salon", "kind": "coworking", "capacity": 4}),
        )
        .await;
        assert_eq!(st, 201);
        let old = old["id"].as_i64().unwrap();
        set_place_hours(
            &app,
            w.place,
            "Mo-Fr 09:00-12:30,14:00-18:00; Th 09:00-12:00",
        )
        .await;

        // API: hours beyond the place's are refused…
        let (st, b) = api_space(
            &app,
            &w,
            json!({"name": "Salon", "kind": "coworking", "capacity": 4, "opening_hours": "Mo-Fr 09:00-18:00"}),
        )
        .await;
        assert_eq!(st, 422, "{b}");
        assert!(
            b["error"]["fields"]["opening_hours"]
                .as_str()
                .unwrap()
                .starts_with("Les horaires de l'espace dépassent ceux du lieu"),
            "{b}"
        );
        // …accepted when the manager says so…
        let (st, b) = api_space(
            &app,
            &w,
            json!({"name": "Salle du soir", "kind": "salle_reunion", "capacity": 10, "mode": "room",
                   "opening_hours": "Mo-Fr 09:00-22:00", "beyond_place_hours": true}),
        )
        .await;
        assert_eq!((st, &b["beyond_place_hours"]), (201, &json!(true)), "{b}");
        let evening = b["id"].as_i64().unwrap();
        // …and empty hours are the place's.
        let (st, b) = api_space(
            &app,
            &w,
            json!({"name": "Bureau", "kind": "bureau", "capacity": 2}),
        )
        .await;
        assert_eq!(st, 201);
        assert_eq!(
            b["opening_hours"],
            "Mo-Fr 09:00-12:30,14:00-18:00; Th 09:00-12:00"
        );
        assert_eq!(b["beyond_place_hours"], false);

        // The page's form: refused with where the hours exceed, in words.
        let c = app.new_browser();
        app.login_as(&c, "gerant@example.org").await;
        let form = |name: &'static str, hours: &'static str, beyond: bool| {
            let mut f = vec![
                ("name", name),
                ("kind", "coworking"),
                ("capacity", "4"),
                ("mode", "seat"),
                ("unit", "hour"),
                ("access", "signed_in"),
                ("opening_hours", hours),
            ];
            if beyond {
                f.push(("beyond_place_hours", "on"));
            }
            f
        };
        let r = c
            .post(app.url(&format!("/admin/lieux/{}/espaces", w.place)))
            .form(&form("Salon", "Mo-Fr 09:00-18:00", false))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Les horaires de l&#39;espace dépassent ceux du lieu : lundi 12:30–14:00, mardi 12:30–14:00, mercredi 12:30–14:00, jeudi 12:00–18:00, vendredi 12:30–14:00.")
                || html.contains("Les horaires de l'espace dépassent ceux du lieu : lundi 12:30–14:00, mardi 12:30–14:00, mercredi 12:30–14:00, jeudi 12:00–18:00, vendredi 12:30–14:00."),
            "{html}"
        );
        let r = c
            .post(app.url(&format!("/admin/lieux/{}/espaces", w.place)))
            .form(&form("Salon", "Mo-Fr 09:00-12:00", false))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let salon = location(&r);
        // Edit: the same rule; the box lets the hours through.
        let r = c
            .post(app.url(&salon))
            .form(&form("Salon", "Mo-Sa 09:00-12:00", false))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("samedi 09:00–12:00"));
        let r = c
            .post(app.url(&salon))
            .form(&form("Salon", "Mo-Sa 09:00-12:00", true))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let id: i64 = salon.rsplit('/').next().unwrap().parse().unwrap();
        let s = maillage::bookings::service::active_space(&app.state, SpaceId(id))
            .await
            .unwrap();
        assert_eq!(
            (s.opening_hours.as_str(), s.beyond_place_hours),
            ("Mo-Sa 09:00-12:00", true)
        );
        let (_, page) = text(&c, &app, &salon).await;
        assert!(page.contains(
            "name=\"beyond_place_hours\" value=\"on\" aria-describedby=\"beyond-hint\" checked"
        ));

        // Bookings: at lunchtime in the place closed at lunch, refused even in the old space
        // (its own hours said 8:00–20:00); in the morning, fine; the evening room, beyond.
        let day = weekday_after(3);
        let day = if day.weekday() == Weekday::Thu {
            day + Duration::days(1)
        } else {
            day
        };
        let noe = member(&app, &w, "noe@example.org", "Noé Membre").await;
        let noe = app.token_for(noe).await;
        let res = app
            .api_post(
                &format!("/api/v1/spaces/{old}/bookings"),
                &noe,
                json!({"starts_at": rfc(day, 13), "ends_at": rfc(day, 14)}),
            )
            .await;
        assert_eq!(res.status(), 422);
        let b: Value = res.json().await.unwrap();
        assert!(b.to_string().contains("ferm"), "{b}");
        assert_eq!(book_api(&app, &noe, old, day, (10, 11)).await, 201);
        assert_eq!(book_api(&app, &noe, evening, day, (19, 20)).await, 201);
        // The week shows no lunchtime slot in the old space.
        let week = day.format("%Y-%m-%d").to_string();
        let html = app
            .get(&format!("/espaces/{old}?semaine={week}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("11:00–12:00"));
        assert!(!html.contains("13:00–14:00"), "{html}");
        assert!(!html.contains("19:00–20:00"));
    }
);
