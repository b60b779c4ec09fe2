//! One calendar per space (issue 17, point 1), on both engines: an event held in a space takes
//! its seats through the bookings' serialized check — a booking on its slot is refused, an
//! event on a booked slot is refused with the conflict named (API and form), an event taking N
//! seats leaves capacity − N, every occurrence of a recurring event counts, edits and imports
//! are checked again, a cancelled event frees the space, bookings and an event racing for the
//! last seats never exceed the capacity, and the week view, the place's calendar and the
//! availability API show the event.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use maillage::accounts::model::RoleKind;
use maillage::accounts::repo as accounts;
use maillage::bookings::model::max_load;
use maillage::ids::SpaceId;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::TestApp;

struct World {
    place: i64,
    manager_token: String,
    member_token: String,
}

async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let net = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "tiers-lieu-de-riez",
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
    let manager = app.user("gerant@example.org", "Hugo Gérant").await;
    accounts::grant_role(db, manager, RoleKind::PlaceManager, None, Some(place), 0)
        .await
        .unwrap();
    let member = app.user("membre@example.org", "Mia Membre").await;
    World {
        place,
        manager_token: app.token_for(manager).await,
        member_token: app.token_for(member).await,
    }
}

fn day(days: i64) -> NaiveDate {
    Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days)
}

/// A Paris wall-clock time `days` days from today, RFC 3339 (UTC).
fn at(days: i64, h: u32) -> String {
    Paris
        .from_local_datetime(&day(days).and_hms_opt(h, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn space(app: &TestApp, w: &World, name: &str, capacity: i32, mode: &str) -> i64 {
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/spaces", w.place),
            &w.manager_token,
            json!({"name": name, "kind": "salle_reunion", "capacity": capacity, "mode": mode,
                   "unit": "hour", "min_units": 1, "max_units": 8}),
        )
        .await;
    assert_eq!(res.status(), 201, "{:?}", res.text().await);
    res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn book(
    app: &TestApp,
    token: &str,
    space: i64,
    s: &str,
    e: &str,
    seats: i32,
) -> (u16, Value) {
    let res = app
        .api_post(
            &format!("/api/v1/spaces/{space}/bookings"),
            token,
            json!({"starts_at": s, "ends_at": e, "seats": seats}),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn event(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    let res = app.api_post("/api/v1/events", token, body).await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Seats held at the worst instant (bookings and events), straight from the database.
async fn worst_instant(app: &TestApp, space: i64) -> i32 {
    let rows =
        maillage::bookings::repo::held_between(&app.state.db, SpaceId(space), 0, i64::MAX / 2)
            .await
            .unwrap();
    max_load(&rows, 0, i64::MAX / 2)
}

async fn availability(app: &TestApp, space: i64, days: i64) -> Value {
    let d = day(days).format("%Y-%m-%d").to_string();
    let next = day(days + 1).format("%Y-%m-%d").to_string();
    let res = app
        .get(&format!(
            "/api/v1/spaces/{space}/availability?from={d}&to={next}"
        ))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// The slot of the availability answer starting at `h` o'clock.
fn slot_at(av: &Value, days: i64, h: u32) -> Value {
    let start = at(days, h);
    av["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["starts_at"] == start.as_str())
        .unwrap_or_else(|| panic!("no slot at {start}: {av}"))
        .clone()
}

both!(
    a_booking_on_an_event_slot_is_refused,
    |app: TestApp| async move {
        let w = world(&app).await;
        let room = space(&app, &w, "Salle de réunion", 10, "seat").await;
        let (st, ev) = event(
            &app,
            &w.manager_token,
            json!({"title": "Atelier couture", "starts_at": at(8, 9), "ends_at": at(8, 12),
               "place_id": w.place, "space_id": room}),
        )
        .await;
        assert_eq!(st, 201, "{ev}");
        assert!(ev["space_seats"].is_null(), "the whole space: {ev}");

        // The whole room is taken: a booking inside the event (and one across its end) is refused,
        // with the event named; right after it, the room is free again.
        for (s, e) in [(10, 11), (11, 13)] {
            let (st, body) = book(&app, &w.member_token, room, &at(8, s), &at(8, e), 1).await;
            assert_eq!(st, 409, "{body}");
            assert_eq!(body["error"]["code"], "booking_full");
            let msg = body["error"]["message"].as_str().unwrap();
            assert!(msg.contains("Atelier couture"), "{msg}");
            assert!(msg.contains("plus assez de places"), "{msg}");
            assert_eq!(body["error"]["conflict"]["kind"], "event", "{body}");
            assert_eq!(body["error"]["conflict"]["label"], "Atelier couture");
            assert_eq!(body["error"]["conflict"]["space_id"], room);
        }
        let (st, body) = book(&app, &w.member_token, room, &at(8, 12), &at(8, 13), 1).await;
        assert_eq!(st, 201, "{body}");
        let booking = body["id"].as_i64().unwrap();

        // Moving that booking into the event is refused alike (the page, in French).
        let member = app.new_browser();
        app.login_as(&member, "membre@example.org").await;
        let res = member
            .post(app.url(&format!("/reservations/{booking}/deplacer")))
            .form(&[
                ("date", day(8).format("%Y-%m-%d").to_string().as_str()),
                ("start", "10:00"),
                ("end", "11:00"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let page = res.text().await.unwrap();
        assert!(page.contains("événement « Atelier couture »"), "{page}");

        // The availability API shows the slots taken, labelled with the event's title.
        let av = availability(&app, room, 8).await;
        let taken = slot_at(&av, 8, 10);
        assert_eq!(taken["remaining"], 0, "{taken}");
        assert_eq!(taken["bookable"], false);
        assert_eq!(taken["events"], json!(["Atelier couture"]));
        let after = slot_at(&av, 8, 12);
        assert_eq!(after["remaining"], 9, "{after}");
        assert_eq!(after["events"], json!([]));

        // The week view of the space shows it; so does the place's calendar (managers).
        let week = app
            .get(&format!(
                "/espaces/{room}?semaine={}",
                day(8).format("%Y-%m-%d")
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(week.contains("Événement : Atelier couture"), "{week}");
        let browser = app.new_browser();
        app.login_as(&browser, "gerant@example.org").await;
        let cal = browser
            .get(app.url(&format!(
                "/admin/lieux/{}/reservations?jour={}",
                w.place,
                day(8).format("%Y-%m-%d")
            )))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(cal.contains("Événement : Atelier couture"), "{cal}");

        // A cancelled event frees the room.
        let id = ev["id"].as_i64().unwrap();
        let ev_row = maillage::events::repo::event_by_id(&app.state.db, maillage::ids::EventId(id))
            .await
            .unwrap()
            .unwrap();
        maillage::events::service::cancel_event(&app.state, &ev_row, "Animatrice malade")
            .await
            .unwrap();
        let (st, body) = book(&app, &w.member_token, room, &at(8, 10), &at(8, 11), 1).await;
        assert_eq!(st, 201, "{body}");
    }
);

both!(
    an_event_on_a_booked_slot_is_refused_with_the_conflict_named,
    |app: TestApp| async move {
        let w = world(&app).await;
        let room = space(&app, &w, "Salle de réunion", 4, "room").await;
        let (st, _) = book(&app, &w.member_token, room, &at(9, 10), &at(9, 11), 1).await;
        assert_eq!(st, 201);

        // The API: 409 space_taken, the space, the date and "already booked" named.
        let (st, body) = event(
            &app,
            &w.manager_token,
            json!({"title": "Conseil", "starts_at": at(9, 9), "ends_at": at(9, 12),
               "place_id": w.place, "space_id": room}),
        )
        .await;
        assert_eq!(st, 409, "{body}");
        assert_eq!(body["error"]["code"], "space_taken");
        let msg = body["error"]["message"].as_str().unwrap();
        let d = day(9).format("%d/%m/%Y").to_string();
        assert!(msg.contains("Salle de réunion"), "{msg}");
        assert!(msg.contains(&d), "{msg}");
        assert!(msg.contains("déjà réservé"), "{msg}");
        assert_eq!(body["error"]["conflict"]["kind"], "bookings");
        assert_eq!(body["error"]["conflict"]["starts_at"], at(9, 9));
        // Nothing was written.
        let list: Value = reqwest::get(app.url(&format!("/api/v1/events?place_id={}", w.place)))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(list.as_array().unwrap().is_empty(), "{list}");

        // The form: 422, the French message on the page.
        let browser = app.new_browser();
        app.login_as(&browser, "gerant@example.org").await;
        let local = |h: u32| format!("{}T{h:02}:00", day(9).format("%Y-%m-%d"));
        let res = browser
            .post(app.url("/evenements"))
            .form(&[
                ("organizer", format!("lieu-{}", w.place).as_str()),
                ("title", "Conseil"),
                ("starts_at", local(9).as_str()),
                ("ends_at", local(12).as_str()),
                ("location_kind", "place"),
                ("space_id", room.to_string().as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let page = res.text().await.unwrap();
        assert!(
            page.contains(&format!(
            "Salle de réunion : plus assez de places libres le {d} de 09:00 à 12:00 (déjà réservé)."
        )),
            "{page}"
        );
        assert!(page.contains("espace est déjà pris."), "{page}");

        // An event that fits is created; moving it onto the booking (edit) is refused, and it
        // stays where it was; a second event on its slot is refused with its title named.
        let (st, ev) = event(
            &app,
            &w.manager_token,
            json!({"title": "Conseil", "starts_at": at(9, 14), "ends_at": at(9, 16),
               "place_id": w.place, "space_id": room}),
        )
        .await;
        assert_eq!(st, 201, "{ev}");
        let id = ev["id"].as_i64().unwrap();
        let res = browser
            .post(app.url(&format!("/evenements/{id}/modifier")))
            .form(&[
                ("title", "Conseil"),
                ("starts_at", local(10).as_str()),
                ("ends_at", local(11).as_str()),
                ("location_kind", "place"),
                ("space_id", room.to_string().as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("déjà réservé"));
        let got: Value = app
            .api_get(&format!("/api/v1/events/{id}"), &w.manager_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(got["starts_at"], at(9, 14), "{got}");
        let (st, body) = event(
            &app,
            &w.manager_token,
            json!({"title": "Autre", "starts_at": at(9, 15), "ends_at": at(9, 17),
               "place_id": w.place, "space_id": room}),
        )
        .await;
        assert_eq!(st, 409, "{body}");
        assert_eq!(body["error"]["conflict"]["label"], "Conseil");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("pris par l'événement « Conseil »"));
        // Moving the event to a free slot of the same room is accepted (its own seats do not count
        // against it), and its old slot is free again.
        let res = browser
            .post(app.url(&format!("/evenements/{id}/modifier")))
            .form(&[
                ("title", "Conseil"),
                ("starts_at", local(15).as_str()),
                ("ends_at", local(17).as_str()),
                ("location_kind", "place"),
                ("space_id", room.to_string().as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let (st, body) = book(&app, &w.member_token, room, &at(9, 14), &at(9, 15), 1).await;
        assert_eq!(st, 201, "{body}");
        let (st, _) = book(&app, &w.member_token, room, &at(9, 16), &at(9, 17), 1).await;
        assert_eq!(st, 409);
    }
);

both!(
    an_event_taking_n_seats_leaves_the_rest,
    |app: TestApp| async move {
        let w = world(&app).await;
        let hall = space(&app, &w, "Grande salle", 10, "seat").await;
        // More seats than the space has: 422 on space_seats.
        let (st, body) = event(
            &app,
            &w.manager_token,
            json!({"title": "Trop grand", "starts_at": at(7, 9), "ends_at": at(7, 12),
               "place_id": w.place, "space_id": hall, "space_seats": 11}),
        )
        .await;
        assert_eq!(st, 422, "{body}");
        assert!(body["error"]["fields"]["space_seats"].is_string(), "{body}");
        let (st, ev) = event(
            &app,
            &w.manager_token,
            json!({"title": "Café-réparation", "starts_at": at(7, 9), "ends_at": at(7, 12),
               "place_id": w.place, "space_id": hall, "space_seats": 4}),
        )
        .await;
        assert_eq!(st, 201, "{ev}");
        assert_eq!(ev["space_seats"], 4);
        let av = availability(&app, hall, 7).await;
        assert_eq!(slot_at(&av, 7, 10)["remaining"], 6);
        // 6 seats are left: 5 then 1 fit, a 7th does not.
        let (st, _) = book(&app, &w.manager_token, hall, &at(7, 9), &at(7, 12), 5).await;
        assert_eq!(st, 201);
        let (st, _) = book(&app, &w.member_token, hall, &at(7, 10), &at(7, 11), 1).await;
        assert_eq!(st, 201);
        let (st, body) = book(&app, &w.member_token, hall, &at(7, 10), &at(7, 11), 1).await;
        assert_eq!(st, 409, "{body}");
        assert_eq!(body["error"]["conflict"]["label"], "Café-réparation");
        assert_eq!(worst_instant(&app, hall).await, 10);
        // Lowering the capacity below what the event and the bookings hold is refused.
        let browser = app.new_browser();
        app.login_as(&browser, "gerant@example.org").await;
        let res = browser
            .post(app.url(&format!("/admin/espaces/{hall}")))
            .form(&[
                ("name", "Grande salle"),
                ("kind", "salle_reunion"),
                ("capacity", "9"),
                ("mode", "seat"),
                ("unit", "hour"),
                ("min_units", "1"),
                ("max_units", "8"),
                ("access", "signed_in"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409, "{:?}", res.text().await);
    }
);

both!(
    every_occurrence_of_a_recurring_event_counts,
    |app: TestApp| async move {
        let w = world(&app).await;
        let room = space(&app, &w, "Salle de réunion", 6, "seat").await;
        // The third Tuesday-like date (14 days after the first) is booked in full.
        let (st, _) = book(&app, &w.manager_token, room, &at(17, 10), &at(17, 11), 6).await;
        assert_eq!(st, 201);
        let (st, body) = event(
            &app,
            &w.manager_token,
            json!({"title": "Club tricot", "starts_at": at(3, 9), "ends_at": at(3, 12),
               "place_id": w.place, "space_id": room, "rrule": "FREQ=WEEKLY;COUNT=3"}),
        )
        .await;
        assert_eq!(st, 409, "{body}");
        assert_eq!(body["error"]["conflict"]["starts_at"], at(17, 9), "{body}");
        // Two weeks only: created; each of its dates takes the room.
        let (st, ev) = event(
            &app,
            &w.manager_token,
            json!({"title": "Club tricot", "starts_at": at(3, 9), "ends_at": at(3, 12),
               "place_id": w.place, "space_id": room, "rrule": "FREQ=WEEKLY;COUNT=2"}),
        )
        .await;
        assert_eq!(st, 201, "{ev}");
        for d in [3, 10] {
            let (st, body) = book(&app, &w.member_token, room, &at(d, 9), &at(d, 10), 1).await;
            assert_eq!(st, 409, "day {d}: {body}");
            assert_eq!(body["error"]["conflict"]["label"], "Club tricot");
        }

        // An import that moves the event (same UID) onto the booked date is refused, with a clear
        // reason; the event keeps its dates.
        let uid = ev["uid"].as_str().unwrap();
        let stamp = |days: i64, h: u32| format!("{}T{h:02}0000", day(days).format("%Y%m%d"));
        let ics = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//FR\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n\
         SUMMARY:Club tricot\r\nDTSTART;TZID=Europe/Paris:{}\r\nDTEND;TZID=Europe/Paris:{}\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
            stamp(17, 9),
            stamp(17, 12)
        );
        let res = app
            .api_post(
                "/api/v1/events/import",
                &w.manager_token,
                json!({"place_id": w.place, "ics": ics}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let report: Value = res.json().await.unwrap();
        assert_eq!(report["updated"], 0, "{report}");
        let skipped = report["skipped"][0].as_str().unwrap();
        assert!(
            skipped.starts_with("« Club tricot » : Salle de réunion : plus assez de places libres"),
            "{skipped}"
        );
        let id = ev["id"].as_i64().unwrap();
        let got: Value = app
            .api_get(&format!("/api/v1/events/{id}"), &w.manager_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(got["starts_at"], at(3, 9), "{got}");
        assert_eq!(got["space_id"], room);
        // An import onto a free date moves it, and its seats with it.
        let ics = ics
            .replace(&stamp(17, 9), &stamp(17, 14))
            .replace(&stamp(17, 12), &stamp(17, 16));
        let res = app
            .api_post(
                "/api/v1/events/import",
                &w.manager_token,
                json!({"place_id": w.place, "ics": ics}),
            )
            .await;
        let report: Value = res.json().await.unwrap();
        assert_eq!(report["updated"], 1, "{report}");
        let (st, _) = book(&app, &w.member_token, room, &at(3, 9), &at(3, 10), 1).await;
        assert_eq!(st, 201, "the old dates are free");
        let (st, _) = book(&app, &w.member_token, room, &at(17, 14), &at(17, 15), 1).await;
        assert_eq!(st, 409, "the new date is taken");
    }
);

both!(
    bookings_and_an_event_racing_never_exceed_the_capacity,
    |app: TestApp| async move {
        let w = world(&app).await;
        let room = space(&app, &w, "Salon", 10, "seat").await;
        let (st, _) = book(&app, &w.manager_token, room, &at(12, 9), &at(12, 14), 6).await;
        assert_eq!(st, 201);
        let mut tokens = Vec::new();
        for i in 0..8 {
            let u = app
                .user(&format!("membre{i}@example.org"), &format!("Membre {i}"))
                .await;
            tokens.push(app.token_for(u).await);
        }
        // 60 one-seat bookings and 6 events of 3 seats, all over 11:00–12:00, at once.
        let mut handles = Vec::new();
        for i in 0..66usize {
            let client = reqwest::Client::new();
            let (url, token, body) = if i % 11 == 5 {
                (
                    app.url("/api/v1/events"),
                    w.manager_token.clone(),
                    json!({"title": format!("Atelier {i}"), "starts_at": at(12, 11), "ends_at": at(12, 12),
                       "place_id": w.place, "space_id": room, "space_seats": 3}),
                )
            } else {
                (
                    app.url(&format!("/api/v1/spaces/{room}/bookings")),
                    tokens[i % tokens.len()].clone(),
                    json!({"starts_at": at(12, 11), "ends_at": at(12, 12), "seats": 1}),
                )
            };
            handles.push(tokio::spawn(async move {
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                (status, body, res.json::<Value>().await.unwrap())
            }));
        }
        let mut seats_won = 0;
        let mut refused = 0;
        for h in handles {
            let (status, sent, answer) = h.await.unwrap();
            match status {
                201 => seats_won += sent.get("space_seats").and_then(Value::as_i64).unwrap_or(1),
                409 => {
                    refused += 1;
                    assert!(
                        ["booking_full", "space_taken"]
                            .contains(&answer["error"]["code"].as_str().unwrap()),
                        "{answer}"
                    );
                }
                other => panic!("unexpected {other}: {answer}"),
            }
        }
        assert!(seats_won <= 4, "{seats_won} seats won for 4 free");
        assert!(seats_won >= 2, "{seats_won}");
        assert!(refused >= 60, "{refused}");
        assert!(worst_instant(&app, room).await <= 10);
    }
);
