//! Spaces, bookings and services, on both engines: the capacity invariant under 200
//! concurrent requests (one node and two nodes), per-instant overlap counting, whole-room
//! mode, the space's rules, approval, cancellation deadline, recurring bookings across the
//! daylight-saving changes, the HTML flow with its `.ics` email, services and occupancy.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Paris;
use maillage::accounts::model::RoleKind;
use maillage::accounts::repo as accounts;
use maillage::bookings::model::max_load;
use maillage::ids::{BookingId, SpaceId, UserId};
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};

struct World {
    place: i64,
    other_place: i64,
    manager: UserId,
    manager_token: String,
}

async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let net = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id
        .get();
    let mk = |name: &'static str| maillage::places::repo::NewPlace {
        name,
        slug: name,
        description: "",
        city: "Riez",
        organization_id: None,
        network_id: Some(maillage::ids::NetworkId(net)),
        now: 0,
    };
    let place = maillage::places::repo::insert_place(db, mk("tiers-lieu-de-riez"))
        .await
        .unwrap()
        .id
        .get();
    let other_place = maillage::places::repo::insert_place(db, mk("autre-lieu"))
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
        other_place,
        manager,
        manager_token,
    }
}

/// A Paris wall-clock time `days` days from today, as RFC 3339 (UTC).
fn at(days: i64, h: u32, m: u32) -> String {
    let d = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days);
    paris(d, h, m)
}

/// The Paris date `days` days from today, `YYYY-MM-DD`.
fn pday(days: i64) -> String {
    (Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn paris(d: NaiveDate, h: u32, m: u32) -> String {
    Paris
        .from_local_datetime(&d.and_hms_opt(h, m, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

async fn space(app: &TestApp, w: &World, body: Value) -> i64 {
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/spaces", w.place),
            &w.manager_token,
            body,
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

/// Seats held at the worst instant, straight from the database.
async fn worst_instant(app: &TestApp, space: i64) -> i32 {
    let rows =
        maillage::bookings::repo::held_between(&app.state.db, SpaceId(space), 0, i64::MAX / 2)
            .await
            .unwrap();
    max_load(&rows, 0, i64::MAX / 2)
}

/// 200 concurrent requests for the last 4 seats, spread over `nodes`: exactly 4 succeed.
async fn last_four_seats(app: &TestApp, nodes: &[&TestApp]) {
    let w = world(app).await;
    let id = space(
        app,
        &w,
        json!({"name": "Salon de coworking", "kind": "coworking", "capacity": 10, "mode": "seat",
               "unit": "hour", "min_units": 1, "max_units": 6}),
    )
    .await;
    // 6 of the 10 seats are taken from 9:00 to 14:00.
    let (st, _) = book(app, &w.manager_token, id, &at(10, 9, 0), &at(10, 14, 0), 6).await;
    assert_eq!(st, 201);
    let mut tokens = Vec::new();
    for i in 0..10 {
        let u = app
            .user(&format!("membre{i}@example.org"), &format!("Membre {i}"))
            .await;
        tokens.push(app.token_for(u).await);
    }
    // Every request covers 11:00–12:00, with different shapes around it.
    let shapes = [(10, 12), (11, 12), (11, 13), (9, 12), (11, 14)];
    let mut handles = Vec::new();
    for i in 0..200usize {
        let node = nodes[i % nodes.len()];
        let url = node.url(&format!("/api/v1/spaces/{id}/bookings"));
        let token = tokens[i % tokens.len()].clone();
        let (s, e) = shapes[i % shapes.len()];
        let body = json!({"starts_at": at(10, s, 0), "ends_at": at(10, e, 0), "seats": 1});
        handles.push(tokio::spawn(async move {
            let res = reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.json::<Value>().await.unwrap())
        }));
    }
    let mut created = 0;
    let mut conflicts = 0;
    for h in handles {
        let (status, body) = h.await.unwrap();
        match status {
            201 => created += 1,
            409 => {
                conflicts += 1;
                assert_eq!(body["error"]["code"], "booking_full");
                let msg = body["error"]["message"].as_str().unwrap();
                assert!(msg.contains("plus assez de places"), "{msg}");
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((created, conflicts), (4, 196));
    assert_eq!(worst_instant(app, id).await, 10);
}

both!(
    two_hundred_requests_for_the_last_four_seats,
    |app: TestApp| async move {
        last_four_seats(&app, &[&app]).await;
    }
);

both!(
    two_app_nodes_share_the_invariant,
    |app: TestApp| async move {
        let second = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        last_four_seats(&app, &[&app, &second]).await;
    }
);

both!(
    overlaps_are_counted_per_instant,
    |app: TestApp| async move {
        let w = world(&app).await;
        let id = space(
            &app,
            &w,
            json!({"name": "Bureau partagé", "kind": "bureau", "capacity": 2}),
        )
        .await;
        let t = &w.manager_token;
        assert_eq!(
            book(&app, t, id, &at(5, 9, 0), &at(5, 12, 0), 1).await.0,
            201
        );
        assert_eq!(
            book(&app, t, id, &at(5, 10, 0), &at(5, 11, 0), 1).await.0,
            201
        );
        // 10:30 already holds two seats.
        let (st, body) = book(&app, t, id, &at(5, 10, 0), &at(5, 12, 0), 1).await;
        assert_eq!(st, 409, "{body}");
        // 11:00–12:00 holds only the 9–12 booking; back to back with 10–11.
        assert_eq!(
            book(&app, t, id, &at(5, 11, 0), &at(5, 12, 0), 1).await.0,
            201
        );
        assert_eq!(worst_instant(&app, id).await, 2);
        // Availability shows it, per slot.
        let av: Value = app
            .api_get(
                &format!(
                    "/api/v1/spaces/{id}/availability?from={}&to={}",
                    at(5, 8, 0),
                    at(5, 13, 0)
                ),
                t,
            )
            .await
            .json()
            .await
            .unwrap();
        let left: Vec<i64> = av["slots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["remaining"].as_i64().unwrap())
            .collect();
        assert_eq!(left, vec![2, 1, 0, 0, 2], "{av}");
    }
);

both!(
    whole_room_takes_the_whole_capacity,
    |app: TestApp| async move {
        let w = world(&app).await;
        let id = space(
        &app,
        &w,
        json!({"name": "Salle de réunion", "kind": "salle_reunion", "capacity": 8, "mode": "room"}),
    )
    .await;
        let t = &w.manager_token;
        let (st, b) = book(&app, t, id, &at(6, 9, 0), &at(6, 11, 0), 1).await;
        assert_eq!(st, 201);
        assert_eq!(b["seats"], 8);
        assert_eq!(
            book(&app, t, id, &at(6, 10, 0), &at(6, 12, 0), 1).await.0,
            409
        );
        assert_eq!(
            book(&app, t, id, &at(6, 11, 0), &at(6, 12, 0), 1).await.0,
            201
        );
        // A manager books in the name of a member of the place; nobody else may.
        let anne = app.user("anne@example.org", "Anne").await;
        let anne_token = app.token_for(anne).await;
        accounts::grant_role(
            &app.state.db,
            anne,
            RoleKind::Member,
            None,
            Some(w.place),
            0,
        )
        .await
        .unwrap();
        let res = app
            .api_post(
                &format!("/api/v1/spaces/{id}/bookings"),
                t,
                json!({"starts_at": at(6, 14, 0), "ends_at": at(6, 15, 0), "user_id": anne}),
            )
            .await;
        assert_eq!(res.status(), 201);
        assert_eq!(res.json::<Value>().await.unwrap()["user_id"], anne.get());
        let mine: Value = app
            .api_get("/api/v1/bookings", &anne_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine.as_array().unwrap().len(), 1);
        let res = app
            .api_post(
                &format!("/api/v1/spaces/{id}/bookings"),
                &anne_token,
                json!({"starts_at": at(6, 16, 0), "ends_at": at(6, 17, 0), "user_id": w.manager}),
            )
            .await;
        assert_eq!(res.status(), 404);
    }
);

both!(rules_of_the_space, |app: TestApp| async move {
    let w = world(&app).await;
    let member = app.user("membre@example.org", "Noé Membre").await;
    accounts::grant_role(
        &app.state.db,
        member,
        RoleKind::Member,
        None,
        Some(w.place),
        0,
    )
    .await
    .unwrap();
    let member_token = app.token_for(member).await;
    let visitor = app.user("visiteur@example.org", "Visiteur").await;
    let visitor_token = app.token_for(visitor).await;

    // Bad input: French field errors. A kind outside the list is refused as the body is read
    // (the other fields are then not checked), the other rules by the model, all at once.
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/spaces", w.place),
            &w.manager_token,
            json!({"name": "", "kind": "piscine", "capacity": 0}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["fields"]["kind"].is_string());
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/spaces", w.place),
            &w.manager_token,
            json!({"name": "", "kind": "bureau", "capacity": 0}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["fields"]["name"].is_string());
    assert!(body["error"]["fields"]["capacity"]
        .as_str()
        .unwrap()
        .contains("capacité"));
    // Another place's manager cannot add a space here; unknown place 404.
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/spaces", w.other_place),
            &w.manager_token,
            json!({"name": "X", "kind": "bureau", "capacity": 1}),
        )
        .await;
    assert_eq!(res.status(), 404);

    let members_only = space(
        &app,
        &w,
        json!({"name": "Bureau adhérents", "kind": "bureau", "capacity": 2, "access": "members",
               "lead_time_minutes": 120, "unit": "hour", "max_units": 3,
               "price_member_cents": 500, "price_public_cents": 900}),
    )
    .await;
    // Non-members: 403. Members: member price, per unit and seat.
    assert_eq!(
        book(
            &app,
            &visitor_token,
            members_only,
            &at(3, 9, 0),
            &at(3, 10, 0),
            1
        )
        .await
        .0,
        403
    );
    let (st, b) = book(
        &app,
        &member_token,
        members_only,
        &at(3, 9, 0),
        &at(3, 11, 0),
        2,
    )
    .await;
    assert_eq!(st, 201, "{b}");
    assert_eq!(b["price_cents"], 2000);
    // Duration rules: not a multiple of the unit, too long, end before start.
    let (st, b) = book(
        &app,
        &member_token,
        members_only,
        &at(3, 14, 0),
        &at(3, 14, 30),
        1,
    )
    .await;
    assert_eq!(st, 422);
    assert!(b["error"]["fields"]["starts_at"]
        .as_str()
        .unwrap()
        .contains("multiple"));
    assert_eq!(
        book(
            &app,
            &member_token,
            members_only,
            &at(3, 9, 0),
            &at(3, 13, 0),
            1
        )
        .await
        .0,
        422
    );
    assert_eq!(
        book(
            &app,
            &member_token,
            members_only,
            &at(3, 10, 0),
            &at(3, 9, 0),
            1
        )
        .await
        .0,
        422
    );
    // Lead time: not in the next two hours (managers may).
    let soon = (Utc::now() + Duration::minutes(30))
        .with_minute(0)
        .unwrap()
        .with_second(0)
        .unwrap()
        + Duration::hours(1);
    let soon_s = soon.to_rfc3339();
    let soon_e = (soon + Duration::hours(1)).to_rfc3339();
    let (st, b) = book(&app, &member_token, members_only, &soon_s, &soon_e, 1).await;
    assert_eq!(st, 422, "{b}");
    // Closures.
    let d = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(4);
    maillage::bookings::repo::add_closure(
        &app.state.db,
        SpaceId(members_only),
        &d.format("%Y-%m-%d").to_string(),
        &d.format("%Y-%m-%d").to_string(),
        "Inventaire",
    )
    .await
    .unwrap();
    let (st, b) = book(
        &app,
        &member_token,
        members_only,
        &at(4, 9, 0),
        &at(4, 10, 0),
        1,
    )
    .await;
    assert_eq!(st, 422);
    assert!(b["error"]["fields"]["starts_at"]
        .as_str()
        .unwrap()
        .contains("fermé"));

    // A machine that needs a qualification.
    let laser = space(
        &app,
        &w,
        json!({"name": "Découpeuse laser", "kind": "decoupe_laser", "capacity": 1,
               "requires_qualification": true}),
    )
    .await;
    assert_eq!(
        book(&app, &member_token, laser, &at(3, 9, 0), &at(3, 10, 0), 1)
            .await
            .0,
        403
    );
    maillage::bookings::repo::qualify(&app.state.db, SpaceId(laser), member, w.manager, 0)
        .await
        .unwrap();
    assert_eq!(
        book(&app, &member_token, laser, &at(3, 9, 0), &at(3, 10, 0), 1)
            .await
            .0,
        201
    );
    let got: Value = reqwest::get(app.url(&format!("/api/v1/spaces/{laser}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["is_equipment"], true);

    // Anonymous (a browser without a session): 401.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/spaces/{laser}/bookings")))
        .json(&json!({"starts_at": at(3, 11, 0), "ends_at": at(3, 12, 0)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
});

both!(approval_and_cancellation, |app: TestApp| async move {
    let w = world(&app).await;
    let anne = app.user("anne@example.org", "Anne").await;
    let anne_token = app.token_for(anne).await;
    let bob = app.user("bob@example.org", "Bob").await;
    let bob_token = app.token_for(bob).await;
    let id = space(
        &app,
        &w,
        json!({"name": "Salle de séminaire", "kind": "salle_seminaire", "capacity": 1,
               "access": "approval", "cancel_deadline_hours": 48}),
    )
    .await;
    let (st, b) = book(&app, &anne_token, id, &at(7, 9, 0), &at(7, 10, 0), 1).await;
    assert_eq!(st, 201);
    assert_eq!(b["status"], "pending");
    let booking = b["id"].as_i64().unwrap();
    // A pending booking holds its seat.
    assert_eq!(
        book(&app, &bob_token, id, &at(7, 9, 0), &at(7, 10, 0), 1)
            .await
            .0,
        409
    );
    let mails = app.drain_emails().await;
    assert!(mails
        .iter()
        .any(|m| m.to == "gerant@example.org" && m.subject.contains("à valider")));
    assert!(mails.iter().any(|m| m.to == "anne@example.org"));
    // Approval by a manager, through the page.
    let c = app.new_browser();
    app.login_as(&c, "gerant@example.org").await;
    let page = c
        .get(app.url(&format!(
            "/admin/lieux/{}/reservations?jour={}",
            w.place,
            pday(7)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Anne"));
    let r = c
        .post(app.url(&format!("/admin/reservations/{booking}/approuver")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let mail = app.email_to("anne@example.org").await;
    assert!(mail.subject.contains("confirmée"), "{}", mail.subject);
    // Bob cannot see or cancel Anne's booking.
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/bookings/{booking}")))
        .bearer_auth(&bob_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Anne cancels before the deadline (48 h, the booking is in 7 days).
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/bookings/{booking}")))
        .bearer_auth(&anne_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "cancelled");
    // Past the deadline: 409 for her, a manager still may.
    let (_, b) = book(&app, &anne_token, id, &at(7, 11, 0), &at(7, 12, 0), 1).await;
    let second = b["id"].as_i64().unwrap();
    maillage::bookings::service::decide(
        &app.state,
        &maillage::auth::Principal {
            user: accounts::user_by_id(&app.state.db, w.manager)
                .await
                .unwrap()
                .unwrap(),
            roles: accounts::roles_of(&app.state.db, w.manager).await.unwrap(),
        },
        BookingId(second),
        true,
    )
    .await
    .unwrap();
    app.state.clock.advance(Duration::days(6));
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/bookings/{second}")))
        .bearer_auth(&anne_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("délai"));
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/bookings/{second}")))
        .bearer_auth(&w.manager_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
});

// Weekly and monthly series keep their Paris wall-clock time across the daylight-saving
// changes (last Sunday of March and of October), and report the occurrences that conflict.
both!(
    recurring_bookings_across_daylight_saving,
    |app: TestApp| async move {
        let w = world(&app).await;
        let id = space(
            &app,
            &w,
            json!({"name": "Club du jeudi", "kind": "salle_reunion", "capacity": 1, "mode": "room",
               "max_units": 4}),
        )
        .await;
        let manager = maillage::auth::Principal {
            user: accounts::user_by_id(&app.state.db, w.manager)
                .await
                .unwrap()
                .unwrap(),
            roles: accounts::roles_of(&app.state.db, w.manager).await.unwrap(),
        };
        let space = maillage::bookings::service::active_space(&app.state, SpaceId(id))
            .await
            .unwrap();
        // Someone already holds Thursday 1 April 2027, 10:00–11:00.
        let (st, _) = book(
            &app,
            &w.manager_token,
            id,
            &paris(NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(), 10, 0),
            &paris(NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(), 11, 0),
            1,
        )
        .await;
        assert_eq!(st, 201);
        // Every Thursday 9:00–12:00 from 18 March to 8 April 2027 (DST on Sunday 28 March).
        let report = maillage::bookings::service::book_series(
            &app.state,
            &manager,
            &space,
            &maillage::bookings::service::SeriesRequest {
                rrule: "FREQ=WEEKLY;BYDAY=TH;UNTIL=20270408T235959Z",
                dtstart_local: NaiveDate::from_ymd_opt(2027, 3, 18)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
                duration_ms: 3 * 3_600_000,
                seats: 1,
                for_user: None,
                lang: maillage::i18n::Lang::Fr,
            },
        )
        .await
        .unwrap();
        let hours: Vec<u32> = report
            .booked
            .iter()
            .map(|b| maillage::clock::from_ms(b.starts_at).hour())
            .collect();
        // 9:00 in Paris is 8:00 UTC in winter, 7:00 UTC in summer.
        assert_eq!(hours, vec![8, 8, 7], "booked {:?}", report.booked);
        assert_eq!(report.conflicts.len(), 1);
        assert_eq!(report.conflicts[0].starts_at, "2027-04-01T07:00:00Z");
        assert!(report.conflicts[0].reason.contains("plus assez de places"));
        // First Thursday of each month, Oct 2027 → Dec 2027 (DST ends Sunday 31 October).
        let report = maillage::bookings::service::book_series(
            &app.state,
            &manager,
            &space,
            &maillage::bookings::service::SeriesRequest {
                rrule: "FREQ=MONTHLY;BYDAY=1TH;COUNT=3",
                dtstart_local: NaiveDate::from_ymd_opt(2027, 10, 7)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
                duration_ms: 3 * 3_600_000,
                seats: 1,
                for_user: None,
                lang: maillage::i18n::Lang::Fr,
            },
        )
        .await
        .unwrap();
        let starts: Vec<String> = report
            .booked
            .iter()
            .map(|b| maillage::clock::rfc3339(b.starts_at))
            .collect();
        assert_eq!(
            starts,
            vec![
                "2027-10-07T07:00:00Z",
                "2027-11-04T08:00:00Z",
                "2027-12-02T08:00:00Z"
            ]
        );
        assert!(report.conflicts.is_empty());
    }
);

both!(
    booking_a_seat_in_the_week_calendar,
    |app: TestApp| async move {
        let w = world(&app).await;
        let id = space(
            &app,
            &w,
            json!({"name": "Salon de coworking", "kind": "coworking", "capacity": 4,
               "price_public_cents": 1000, "cancel_deadline_hours": 2}),
        )
        .await;
        app.user("membre@example.org", "Noé Membre").await;
        let c = app.new_browser();
        app.login_as(&c, "membre@example.org").await;
        let week = pday(8);
        let page = c
            .get(app.url(&format!("/espaces/{id}?semaine={week}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("4 place(s) restante(s)"), "{html}");
        // Book 10:00–11:00 through the detailed form (Paris time).
        let date = pday(8);
        let r = c
            .post(app.url(&format!("/espaces/{id}/reserver")))
            .form(&[
                ("date", date.as_str()),
                ("start", "10:00"),
                ("end", "11:00"),
                ("seats", "3"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/reservations");
        let mine = c
            .get(app.url("/reservations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(mine.contains("Salon de coworking"));
        assert!(mine.contains("30,00"), "non-member price 3 × 10 €: {mine}");
        let mail = app.email_to("membre@example.org").await;
        assert!(mail.subject.contains("confirmée"));
        // The week shows one seat left at 10:00; asking for two more is refused in French.
        let html = c
            .get(app.url(&format!("/espaces/{id}?semaine={week}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("1 place(s) restante(s)"));
        let r = c
            .post(app.url(&format!("/espaces/{id}/reserver")))
            .form(&[
                ("date", date.as_str()),
                ("start", "10:00"),
                ("end", "11:00"),
                ("seats", "2"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("plus assez de places"));
        // The feed lists it, without names.
        let feed = reqwest::get(app.url(&format!("/espaces/{id}/calendrier.ics")))
            .await
            .unwrap();
        assert!(feed.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        let feed = feed.text().await.unwrap();
        assert!(feed.contains("BEGIN:VEVENT"));
        assert!(!feed.contains("Noé"));
        // Cancel from "mes réservations".
        let b = maillage::bookings::repo::bookings_of_user(
            &app.state.db,
            accounts::user_by_email(&app.state.db, "membre@example.org")
                .await
                .unwrap()
                .unwrap()
                .id,
            0,
        )
        .await
        .unwrap();
        // Move it to 14:00–15:00, then try a slot someone else filled.
        let r = c
            .post(app.url(&format!("/reservations/{}/deplacer", b[0].id)))
            .form(&[
                ("date", date.as_str()),
                ("start", "14:00"),
                ("end", "15:00"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let moved = maillage::bookings::repo::booking_by_id(&app.state.db, b[0].id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(maillage::clock::rfc3339(moved.starts_at), at(8, 14, 0));
        assert_eq!(moved.sequence, 1, "the invitation's SEQUENCE goes up");
        let (st, _) = book(&app, &w.manager_token, id, &at(8, 16, 0), &at(8, 17, 0), 2).await;
        assert_eq!(st, 201);
        let r = c
            .post(app.url(&format!("/reservations/{}/deplacer", b[0].id)))
            .form(&[
                ("date", date.as_str()),
                ("start", "16:00"),
                ("end", "17:00"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 409, "3 seats asked, 2 left");
        assert!(r.text().await.unwrap().contains("plus assez de places"));
        let r = c
            .post(app.url(&format!("/reservations/{}/annuler", b[0].id)))
            .form(&[("next", "/reservations")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let mine = c
            .get(app.url("/reservations"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(mine.contains("aucune réservation à venir"));
    }
);

both!(services_catalogue_and_requests, |app: TestApp| async move {
    let w = world(&app).await;
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/services", w.place),
            &w.manager_token,
            json!({"name": "Domiciliation d'entreprise", "category": "domiciliation",
                   "price_cents": 2500, "price_unit": "mois", "vat_rate_bp": 2000}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["price_ttc_cents"], 3000);
    let sid = s["id"].as_i64().unwrap();
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/services", w.place),
            &w.manager_token,
            json!({"name": "X", "category": "piscine", "price_cents": -1, "price_unit": "mois"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = reqwest::Client::new()
        .put(app.url(&format!("/api/v1/services/{sid}")))
        .bearer_auth(&w.manager_token)
        .json(
            &json!({"name": "Domiciliation", "category": "domiciliation",
                      "price_cents": 1250, "price_unit": "mois", "vat_rate_bp": 550}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["price_ttc_cents"], 1319);
    // Someone else may not edit it.
    let other = app.user("autre@example.org", "Autre").await;
    let other_token = app.token_for(other).await;
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/services/{sid}")))
        .bearer_auth(&other_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // The public catalogue shows HT and TTC; a request emails the managers.
    let html = reqwest::get(app.url("/lieux/tiers-lieu-de-riez/prestations"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Domiciliation") && html.contains("HT") && html.contains("TTC"));
    let c = app.new_browser();
    let r = c
        .post(app.url(&format!("/prestations/{sid}/demander")))
        .form(&[
            ("name", "Lou"),
            ("email", "pas-une-adresse"),
            ("message", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = c
        .post(app.url(&format!("/prestations/{sid}/demander")))
        .form(&[
            ("name", "Lou"),
            ("email", "lou@example.org"),
            ("message", "Pour mon association"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let mail = app.email_to("gerant@example.org").await;
    assert!(mail.subject.contains("Domiciliation"));
    assert!(mail.text.contains("lou@example.org"));
    let res = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/services/{sid}")))
        .bearer_auth(&w.manager_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let list: Value = reqwest::get(app.url(&format!("/api/v1/places/{}/services", w.place)))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));
});

both!(occupancy_rate_and_csv, |app: TestApp| async move {
    let w = world(&app).await;
    let id = space(
        &app,
        &w,
        json!({"name": "Salon", "kind": "coworking", "capacity": 2}),
    )
    .await;
    // A whole day (8:00–20:00 by default) for 2 seats on a day of next month.
    let d = Utc::now().with_timezone(&Paris).date_naive() + Duration::days(40);
    let month = d.format("%Y-%m").to_string();
    let (st, _) = book(
        &app,
        &w.manager_token,
        id,
        &paris(d, 8, 0),
        &paris(d, 14, 0),
        2,
    )
    .await;
    assert_eq!(st, 201);
    let c = app.new_browser();
    app.login_as(&c, "gerant@example.org").await;
    let page = c
        .get(app.url(&format!("/admin/lieux/{}/occupation?mois={month}", w.place)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csv = c
        .get(app.url(&format!(
            "/admin/lieux/{}/occupation.csv?mois={month}",
            w.place
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    // 12 booked seat-hours; the month's line comes first.
    let line = csv.lines().nth(1).unwrap();
    assert!(line.starts_with("\"Salon\""), "{csv}");
    assert!(line.contains("\"12,0\""), "{csv}");
    // Another browser without a role: 404.
    let other = app.new_browser();
    app.user("x@example.org", "X").await;
    app.login_as(&other, "x@example.org").await;
    let r = other
        .get(app.url(&format!("/admin/lieux/{}/occupation.csv", w.place)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
});

both!(opening_hours_are_enforced, |app: TestApp| async move {
    let w = world(&app).await;
    let id = space(
        &app,
        &w,
        json!({"name": "Atelier", "kind": "atelier", "capacity": 3,
               "opening_hours": "Mo-Fr 09:00-12:00"}),
    )
    .await;
    let res = app
        .api_post(
            &format!("/api/v1/places/{}/spaces", w.place),
            &w.manager_token,
            json!({"name": "X", "kind": "atelier", "capacity": 1, "opening_hours": "n'importe quoi"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    // Next Saturday and next Monday, Paris time.
    let today = Utc::now().with_timezone(&Paris).date_naive();
    let mut sat = today + Duration::days(2);
    while sat.weekday() != chrono::Weekday::Sat {
        sat += Duration::days(1);
    }
    let mon = sat + Duration::days(2);
    let t = &w.manager_token;
    let (st, b) = book(&app, t, id, &paris(sat, 9, 0), &paris(sat, 10, 0), 1).await;
    assert_eq!(st, 422, "{b}");
    assert!(b["error"]["fields"]["starts_at"]
        .as_str()
        .unwrap()
        .contains("fermé"));
    assert_eq!(
        book(&app, t, id, &paris(mon, 11, 0), &paris(mon, 13, 0), 1)
            .await
            .0,
        422
    );
    assert_eq!(
        book(&app, t, id, &paris(mon, 11, 0), &paris(mon, 12, 0), 1)
            .await
            .0,
        201
    );
    let av: Value = app
        .api_get(
            &format!(
                "/api/v1/spaces/{id}/availability?from={}&to={}",
                sat.format("%Y-%m-%d"),
                (mon + Duration::days(1)).format("%Y-%m-%d")
            ),
            t,
        )
        .await
        .json()
        .await
        .unwrap();
    let slots: Vec<(String, i64)> = av["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["starts_at"].as_str().unwrap().to_string(),
                s["remaining"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        slots,
        vec![
            (paris(mon, 9, 0), 3),
            (paris(mon, 10, 0), 3),
            (paris(mon, 11, 0), 2)
        ],
        "{av}"
    );
});

both!(demo_spaces_are_idempotent, |app: TestApp| async move {
    maillage::demo::load(&app.state).await.unwrap();
    maillage::demo::load(&app.state).await.unwrap();
    let riez = tenancy::place_by_slug(&app.state.db, "tiers-lieu-de-riez")
        .await
        .unwrap()
        .unwrap();
    let spaces = maillage::bookings::repo::spaces_of_place(&app.state.db, riez.id)
        .await
        .unwrap();
    let salon = spaces
        .iter()
        .find(|s| s.name == "Salon de coworking")
        .unwrap();
    assert_eq!((salon.capacity, salon.mode.as_str()), (4, "seat"));
    assert_eq!(spaces.len(), 2);
    assert_eq!(
        maillage::services::of_place(&app.state.db, riez.id)
            .await
            .unwrap()
            .len(),
        4
    );
});

/// `POST path` with a bearer token and, if given, an `Accept-Language`: the status and the JSON.
async fn post_in(
    app: &TestApp,
    token: &str,
    path: &str,
    body: Value,
    lang: Option<&str>,
) -> (u16, Value) {
    let req = reqwest::Client::new()
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body);
    let req = match lang {
        Some(l) => req.header("accept-language", l),
        None => req,
    };
    let res = req.send().await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

// The closed lists of spaces, bookings and services: a value outside the list is a 422 that
// names its field, in French by default and in English when asked; the values go out as the
// same texts, the ids as plain integers; a malformed id in a path is a 404.
both!(
    closed_lists_and_ids_on_the_wire,
    |app: TestApp| async move {
        let w = world(&app).await;
        let spaces = format!("/api/v1/places/{}/spaces", w.place);
        let services = format!("/api/v1/places/{}/services", w.place);
        let fr = "Choisissez une valeur dans la liste.";
        let en = "Choose a value from the list.";
        let space_with = |field: &str, value: &str| {
            let mut body = json!({"name": "Salon", "kind": "bureau", "capacity": 2});
            body[field] = json!(value);
            body
        };
        for (field, value) in [
            ("kind", "piscine"),
            ("mode", "desk"),
            ("unit", "week"),
            ("access", "everyone"),
        ] {
            let (st, b) = post_in(
                &app,
                &w.manager_token,
                &spaces,
                space_with(field, value),
                None,
            )
            .await;
            assert_eq!(st, 422, "{field}: {b}");
            assert_eq!(b["error"]["code"], "validation_failed", "{b}");
            assert_eq!(b["error"]["fields"][field], fr, "{b}");
            let (st, b) = post_in(
                &app,
                &w.manager_token,
                &spaces,
                space_with(field, value),
                Some("en"),
            )
            .await;
            assert_eq!(st, 422, "{field}: {b}");
            assert_eq!(b["error"]["fields"][field], en, "{b}");
        }
        let service_with = |field: &str, value: &str| {
            let mut body = json!({"name": "Pass", "category": "pass_coworking",
                              "price_cents": 1000, "price_unit": "jour"});
            body[field] = json!(value);
            body
        };
        for (field, value) in [("category", "piscine"), ("price_unit", "semaine")] {
            let (st, b) = post_in(
                &app,
                &w.manager_token,
                &services,
                service_with(field, value),
                None,
            )
            .await;
            assert_eq!(st, 422, "{field}: {b}");
            assert_eq!(b["error"]["fields"][field], fr, "{b}");
            let (_, b) = post_in(
                &app,
                &w.manager_token,
                &services,
                service_with(field, value),
                Some("en-GB,en;q=0.9"),
            )
            .await;
            assert_eq!(b["error"]["fields"][field], en, "{b}");
        }
        // Nothing was stored by the refused requests.
        let list: Value = app.get(&spaces).await.json().await.unwrap();
        assert_eq!(list, json!([]));

        // The texts and ids on the wire.
        let (st, s) = post_in(
            &app,
            &w.manager_token,
            &spaces,
            json!({"name": "Salle du conseil", "kind": "salle_reunion", "capacity": 6,
               "mode": "room", "unit": "half_day", "access": "approval"}),
            None,
        )
        .await;
        assert_eq!(st, 201, "{s}");
        assert_eq!(
            (&s["kind"], &s["mode"], &s["unit"], &s["access"]),
            (
                &json!("salle_reunion"),
                &json!("room"),
                &json!("half_day"),
                &json!("approval")
            )
        );
        assert_eq!(s["place_id"], json!(w.place));
        let id = s["id"].as_i64().expect("an integer id");
        let (st, sv) = post_in(
            &app,
            &w.manager_token,
            &services,
            service_with("price_unit", "demi_journee"),
            None,
        )
        .await;
        assert_eq!(st, 201, "{sv}");
        assert_eq!(
            (&sv["category"], &sv["price_unit"], &sv["place_id"]),
            (
                &json!("pass_coworking"),
                &json!("demi_journee"),
                &json!(w.place)
            )
        );
        let av: Value = app
            .get(&format!(
                "/api/v1/spaces/{id}/availability?from={}&to={}",
                pday(3),
                pday(4)
            ))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!((&av["space_id"], &av["mode"]), (&json!(id), &json!("room")));
        // The manager books directly; someone else asks, and waits for approval.
        let (st, b) = book(&app, &w.manager_token, id, &at(3, 8, 0), &at(3, 12, 0), 1).await;
        assert_eq!((st, &b["status"]), (201, &json!("confirmed")), "{b}");
        assert_eq!(b["space_id"], json!(id));
        assert!(b["id"].is_i64(), "{b}");
        let lou = app.user("lou@example.org", "Lou").await;
        let lou_token = app.token_for(lou).await;
        let (st, b) = book(&app, &lou_token, id, &at(3, 12, 0), &at(3, 16, 0), 1).await;
        assert_eq!((st, &b["status"]), (201, &json!("pending")), "{b}");
        let mine: Value = app
            .api_get("/api/v1/bookings", &lou_token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine[0]["status"], "pending", "{mine}");
        assert_eq!(mine[0]["id"], b["id"]);

        // Malformed ids.
        for path in [
            "/api/v1/spaces/abc".to_string(),
            "/api/v1/spaces/1.5/availability".to_string(),
            "/api/v1/places/abc/spaces".to_string(),
            "/api/v1/places/abc/services".to_string(),
        ] {
            assert_eq!(
                app.api_get(&path, &w.manager_token).await.status(),
                404,
                "{path}"
            );
        }
        let res = reqwest::Client::new()
            .delete(app.url("/api/v1/bookings/abc"))
            .bearer_auth(&lou_token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let (st, _) = post_in(
            &app,
            &w.manager_token,
            "/api/v1/spaces/abc/bookings",
            json!({"starts_at": at(3, 8, 0), "ends_at": at(3, 12, 0)}),
            None,
        )
        .await;
        assert_eq!(st, 404);
        assert_eq!(app.get("/espaces/abc").await.status(), 400);
    }
);

#[tokio::test]
async fn openapi_lists_the_values_of_spaces_bookings_and_services() {
    let app = TestApp::new(crate::harness::Backend::Sqlite).await;
    let doc: Value = app.openapi().await;
    let schemas = &doc["components"]["schemas"];
    for (name, values) in [
        (
            "SpaceKind",
            json!([
                "coworking",
                "bureau",
                "salle_reunion",
                "salle_seminaire",
                "atelier",
                "cuisine",
                "jardin",
                "boutique",
                "imprimante_3d",
                "decoupe_laser",
                "fraiseuse",
                "brodeuse",
                "autre_machine"
            ]),
        ),
        ("SpaceMode", json!(["seat", "room"])),
        ("SpaceUnit", json!(["hour", "half_day", "day"])),
        ("SpaceAccess", json!(["signed_in", "members", "approval"])),
        (
            "BookingStatus",
            json!(["confirmed", "pending", "cancelled", "refused"]),
        ),
        (
            "ServiceCategory",
            json!([
                "pass_coworking",
                "domiciliation",
                "impression",
                "accompagnement",
                "formation",
                "location_salle",
                "soutien_informatique",
                "restauration",
                "autre"
            ]),
        ),
        (
            "ServicePriceUnit",
            json!([
                "forfait",
                "heure",
                "demi_journee",
                "jour",
                "mois",
                "an",
                "page"
            ]),
        ),
    ] {
        assert_eq!(schemas[name]["type"], "string", "{name}");
        assert_eq!(schemas[name]["enum"], values, "{name}");
    }
    let refers = |schema: &str, field: &str, to: &str| {
        let f = &schemas[schema]["properties"][field];
        assert_eq!(
            f["$ref"],
            format!("#/components/schemas/{to}"),
            "{schema}.{field}: {f}"
        );
    };
    refers("SpaceInput", "kind", "SpaceKind");
    refers("SpaceOut", "mode", "SpaceMode");
    refers("SpaceOut", "access", "SpaceAccess");
    refers("BookingOut", "status", "BookingStatus");
    refers("ServiceInput", "category", "ServiceCategory");
    refers("ServiceOut", "price_unit", "ServicePriceUnit");
    for (schema, field, id) in [
        ("SpaceOut", "id", "SpaceId"),
        ("SpaceOut", "place_id", "PlaceId"),
        ("BookingOut", "id", "BookingId"),
        ("BookingOut", "space_id", "SpaceId"),
    ] {
        let f = &schemas[schema]["properties"][field];
        let f = match f["$ref"].as_str() {
            Some(r) => {
                assert_eq!(r, format!("#/components/schemas/{id}"));
                &schemas[id]
            }
            None => f,
        };
        assert_eq!(
            (&f["type"], &f["format"]),
            (&json!("integer"), &json!("int64")),
            "{schema}.{field}"
        );
    }
}

/// Moves booking `id` through the page, as its holder's browser `c` does.
async fn move_booking(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    days: i64,
    start: &str,
    end: &str,
) -> u16 {
    c.post(app.url(&format!("/reservations/{id}/deplacer")))
        .form(&[
            ("date", pday(days).as_str()),
            ("start", start),
            ("end", end),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

// Issue 14, finding 3: moving a booking re-runs the rules of booking (approval, qualification,
// duration, lead time, capacity), in the same service function.
both!(
    rescheduling_on_approval_asks_again,
    |app: TestApp| async move {
        let w = world(&app).await;
        let anne = app.user("anne@example.org", "Anne").await;
        let anne_token = app.token_for(anne).await;
        let c = app.new_browser();
        app.login_as(&c, "anne@example.org").await;
        let manager = maillage::auth::Principal {
            user: accounts::user_by_id(&app.state.db, w.manager)
                .await
                .unwrap()
                .unwrap(),
            roles: accounts::roles_of(&app.state.db, w.manager).await.unwrap(),
        };
        let status_of = |id: i64| {
            let db = app.state.db.clone();
            async move {
                maillage::bookings::repo::booking_by_id(&db, BookingId(id))
                    .await
                    .unwrap()
                    .unwrap()
            }
        };

        // A room with approval: Anne's booking, approved once, then moved to a new time and a
        // longer duration: it waits for a manager again.
        let room = space(
            &app,
            &w,
            json!({"name": "Salle de séminaire", "kind": "salle_seminaire", "capacity": 2,
               "access": "approval", "unit": "hour", "max_units": 3}),
        )
        .await;
        let (st, b) = book(&app, &anne_token, room, &at(7, 9, 0), &at(7, 10, 0), 1).await;
        assert_eq!((st, b["status"].as_str()), (201, Some("pending")), "{b}");
        let id = b["id"].as_i64().unwrap();
        maillage::bookings::service::decide(&app.state, &manager, BookingId(id), true)
            .await
            .unwrap();
        assert_eq!(
            status_of(id).await.status,
            maillage::bookings::model::BookingStatus::Confirmed
        );
        assert_eq!(move_booking(&app, &c, id, 7, "11:00", "13:00").await, 303);
        let moved = status_of(id).await;
        assert_eq!(maillage::clock::rfc3339(moved.starts_at), at(7, 11, 0));
        assert_eq!(
            moved.status,
            maillage::bookings::model::BookingStatus::Pending,
            "a moved booking on a space with approval waits for a manager again"
        );
        // Longer than the space allows (3 units): refused, as a new booking would be.
        assert_eq!(move_booking(&app, &c, id, 7, "09:00", "13:00").await, 422);
        // A manager's move decides nothing: approved again, then moved by the manager, it stays
        // confirmed.
        maillage::bookings::service::decide(&app.state, &manager, BookingId(id), true)
            .await
            .unwrap();
        let (s, e) = (
            maillage::bookings::service::parse_instant(&at(7, 14, 0)).unwrap(),
            maillage::bookings::service::parse_instant(&at(7, 15, 0)).unwrap(),
        );
        maillage::bookings::service::reschedule(&app.state, &manager, BookingId(id), s, e)
            .await
            .unwrap();
        assert_eq!(
            status_of(id).await.status,
            maillage::bookings::model::BookingStatus::Confirmed
        );
    }
);

both!(
    rescheduling_needs_the_qualification,
    |app: TestApp| async move {
        let w = world(&app).await;
        let anne = app.user("anne@example.org", "Anne").await;
        let anne_token = app.token_for(anne).await;
        let c = app.new_browser();
        app.login_as(&c, "anne@example.org").await;
        let status_of = |id: i64| {
            let db = app.state.db.clone();
            async move {
                maillage::bookings::repo::booking_by_id(&db, BookingId(id))
                    .await
                    .unwrap()
                    .unwrap()
            }
        };

        // A machine whose qualification was revoked: a new booking answers 403, and so does moving
        // an old one (the booking stays where it was).
        let laser = space(
            &app,
            &w,
            json!({"name": "Découpeuse laser", "kind": "decoupe_laser", "capacity": 1,
               "requires_qualification": true}),
        )
        .await;
        maillage::bookings::repo::qualify(&app.state.db, SpaceId(laser), anne, w.manager, 0)
            .await
            .unwrap();
        let (st, b) = book(&app, &anne_token, laser, &at(3, 9, 0), &at(3, 10, 0), 1).await;
        assert_eq!(st, 201, "{b}");
        let old = b["id"].as_i64().unwrap();
        maillage::bookings::repo::unqualify(&app.state.db, SpaceId(laser), anne)
            .await
            .unwrap();
        assert_eq!(
            book(&app, &anne_token, laser, &at(3, 11, 0), &at(3, 12, 0), 1)
                .await
                .0,
            403
        );
        assert_eq!(move_booking(&app, &c, old, 3, "14:00", "15:00").await, 403);
        assert_eq!(
            maillage::clock::rfc3339(status_of(old).await.starts_at),
            at(3, 9, 0),
            "the refused move changed nothing"
        );
    }
);

both!(
    the_week_view_starts_today_and_shows_past_slots_as_past,
    |app: TestApp| async move {
        let w = world(&app).await;
        let id = space(
            &app,
            &w,
            json!({"name": "Atelier ouvert", "kind": "atelier", "capacity": 2,
                   "opening_hours": "Mo-Su 00:00-24:00"}),
        )
        .await;
        let fr = |days: i64| {
            (Utc::now().with_timezone(&Paris).date_naive() + Duration::days(days))
                .format("%d/%m/%Y")
                .to_string()
        };
        let page = |q: String| {
            let app = &app;
            async move {
                app.get(&format!("/espaces/{id}{q}"))
                    .await
                    .text()
                    .await
                    .unwrap()
            }
        };
        // Without a date: today and the six days after it, never the days already gone.
        let html = page(String::new()).await;
        assert!(html.contains(&fr(0)), "today");
        assert!(html.contains(&fr(6)), "six days ahead");
        assert!(!html.contains(&fr(-1)), "not yesterday");
        assert!(!html.contains(&fr(7)));
        // Yesterday's slots are past, not "2 place(s) restante(s)".
        let html = page(format!("?semaine={}", pday(-1))).await;
        let column = format!("{}</h3>", fr(-1));
        let yesterday = html
            .split_once(&column)
            .and_then(|(_, rest)| rest.split("</section>").next())
            .expect("yesterday's column");
        assert!(yesterday.contains("Passé"), "{yesterday}");
        assert!(!yesterday.contains("restante"), "{yesterday}");
        // Next week's slots are free.
        let html = page(format!("?semaine={}", pday(8))).await;
        assert!(html.contains("2 place(s) restante(s)"));
        assert!(!html.contains("Passé"));
    }
);
