//! Guests (issue 17 point 3): a visitor registers to an event open to the public with a name
//! and an email, confirms by the emailed link, cancels by the signed link, and turns the
//! registration into an account in one form; guests and members share the capacity under the
//! same database-enforced check, concurrently, on both engines.

use maillage::db_run;
use maillage::ids::UserId;
use maillage::tenancy::repo as tenancy;
use serde_json::{json, Value};

use crate::both;
use crate::harness::{location, TestApp};

fn future(days: i64, hour: u32) -> String {
    let d = chrono::Utc::now().date_naive() + chrono::Duration::days(days);
    format!("{d}T{hour:02}:00")
}

/// An instance administrator's token and a network's id.
async fn organizer(app: &TestApp) -> (String, i64) {
    let admin = app.instance_admin("admin@example.org").await;
    let token = app.token_for(admin).await;
    let network = tenancy::insert_network(&app.state.db, "Réseau Sud", "reseau-sud", "", 0)
        .await
        .unwrap()
        .id
        .get();
    (token, network)
}

async fn event(app: &TestApp, token: &str, network: i64, extra: Value) -> i64 {
    let mut body = json!({"title": "Atelier réparation de vélos", "starts_at": future(6, 9),
        "ends_at": future(6, 12), "network_id": network});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let res = app.api_post("/api/v1/events", token, body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v["id"].as_i64().unwrap()
}

async fn seats(app: &TestApp, id: i64) -> i64 {
    let v: Value = app
        .get(&format!("/api/v1/events/{id}"))
        .await
        .json()
        .await
        .unwrap();
    v["occurrences"][0]["confirmed_seats"].as_i64().unwrap()
}

/// Registers a guest through the API (from a browser without a session); the status.
async fn api_guest(app: &TestApp, id: i64, name: &str, email: &str) -> u16 {
    app.new_browser()
        .post(app.url(&format!("/api/v1/events/{id}/guest-registrations")))
        .json(&json!({"name": name, "email": email}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

both!(
    a_guest_registers_confirms_cancels_and_becomes_a_member,
    |app: TestApp| async move {
        let (token, network) = organizer(&app).await;
        let id = event(&app, &token, network, json!({"capacity": 2})).await;
        let visitor = app.new_browser();
        let page = visitor
            .get(app.url(&format!("/evenements/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("action=\"/evenements/{id}/inscription-invitee\"")),
            "{page}"
        );
        // Bad input: 422, the French messages and the typed values.
        let res = visitor
            .post(app.url(&format!("/evenements/{id}/inscription-invitee")))
            .form(&[("name", "Léa Martin"), ("email", "pas-une-adresse")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("value=\"pas-une-adresse\""), "{body}");
        assert!(body.contains("value=\"Léa Martin\""), "{body}");
        // The registration waits for its confirmation: no seat yet.
        let res = visitor
            .post(app.url(&format!("/evenements/{id}/inscription-invitee")))
            .form(&[("name", "Léa Martin"), ("email", "Lea@Example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("rifiez vos e-mails"));
        assert_eq!(seats(&app, id).await, 0);
        let mail = app.email_to("lea@example.org").await;
        let link = mail.link_path(&app.base);
        assert!(
            link.starts_with("/inscriptions-invitees/confirmer/"),
            "{link}"
        );
        // The link shows a button (no change on GET), the button takes the seat.
        let page = visitor
            .get(app.url(&link))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Confirmer mon inscription"), "{page}");
        assert_eq!(seats(&app, id).await, 0);
        let res = visitor.post(app.url(&link)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let page = res.text().await.unwrap();
        assert!(page.contains("Inscription confirm"), "{page}");
        assert!(page.contains("/inscriptions-invitees/compte/"), "{page}");
        assert_eq!(seats(&app, id).await, 1);
        // The confirmation: the .ics, the signed cancellation link, the account link.
        let mail = app.email_to("lea@example.org").await;
        assert_eq!(mail.attachments.len(), 1, "{mail:?}");
        assert!(mail.attachments[0].2.contains("BEGIN:VEVENT"));
        let cancel = mail
            .text
            .split_whitespace()
            .find(|w| w.contains("/inscriptions/annuler/"))
            .unwrap()
            .trim_start_matches(&app.base)
            .to_string();
        assert!(mail.text.contains("/inscriptions-invitees/compte/"));
        // The link again: already confirmed, nothing taken twice.
        let res = visitor.post(app.url(&link)).send().await.unwrap();
        assert!(res.text().await.unwrap().contains("déjà confirmée"));
        assert_eq!(seats(&app, id).await, 1);
        // The address is never shown publicly; the organizer sees the guest.
        let public = app
            .new_browser()
            .get(app.url(&format!("/evenements/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!public.contains("lea@example.org"));
        let listed: Value = app
            .get(&format!("/api/v1/events/{id}/registrations"))
            .await
            .json()
            .await
            .unwrap_or(Value::Null);
        assert!(!listed.to_string().contains("lea@example.org"));
        let org = app.new_browser();
        app.login_as(&org, "admin@example.org").await;
        let attendees = org
            .get(app.url(&format!("/evenements/{id}/inscrits")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(attendees.contains("lea@example.org"), "{attendees}");
        assert!(attendees.contains("Léa Martin"));
        // The signed link cancels without an account and frees the seat.
        let page = visitor
            .get(app.url(&cancel))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("Atelier réparation de vélos"), "{page}");
        let res = visitor.post(app.url(&cancel)).send().await.unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), format!("/evenements/{id}"));
        assert_eq!(seats(&app, id).await, 0);

        // Again, then the account in one form: name and address filled in from the
        // registration, which becomes the new member's.
        assert_eq!(
            api_guest(&app, id, "Léa Martin", "lea@example.org").await,
            202
        );
        let link = app.email_to("lea@example.org").await.link_path(&app.base);
        visitor.post(app.url(&link)).send().await.unwrap();
        let mail = app.email_to("lea@example.org").await;
        let account = mail
            .text
            .split_whitespace()
            .find(|w| w.contains("/inscriptions-invitees/compte/"))
            .unwrap()
            .trim_start_matches(&app.base)
            .to_string();
        let form = visitor
            .get(app.url(&account))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            form.contains("Léa Martin") && form.contains("lea@example.org"),
            "{form}"
        );
        let res = visitor
            .post(app.url(&account))
            .form(&[("password", "court"), ("password_confirm", "court")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let res = visitor
            .post(app.url(&account))
            .form(&[
                ("password", "une phrase de passe"),
                ("password_confirm", "une phrase de passe"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), format!("/evenements/{id}"));
        // Signed in, the registration is theirs, the seat counted once.
        let mine = visitor
            .get(app.url("/mes-inscriptions"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(mine.contains("Atelier réparation de vélos"), "{mine}");
        assert_eq!(seats(&app, id).await, 1);
        let user: (i64, String) = db_run!(&app.state.db, |p| {
            sqlx::query_as(
            "SELECT u.id, r.status FROM users u JOIN event_registrations r ON r.user_id = u.id \
             WHERE u.email = 'lea@example.org' AND u.email_confirmed_at IS NOT NULL"
        )
        .fetch_one(p)
        .await
        })
        .unwrap();
        assert_eq!(user.1, "confirmed");
        let _ = UserId(user.0);
        // The account link is spent; a second account cannot be made from it.
        let res = visitor.get(app.url(&account)).send().await.unwrap();
        assert_eq!(res.status(), 404);
        // The email's cancellation link now cancels the member's registration.
        let cancel2 = mail
            .text
            .split_whitespace()
            .find(|w| w.contains("/inscriptions/annuler/"))
            .unwrap()
            .trim_start_matches(&app.base)
            .to_string();
        let res = app
            .new_browser()
            .post(app.url(&cancel2))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        assert_eq!(seats(&app, id).await, 0);
    }
);

both!(
    guests_and_members_never_exceed_the_capacity_concurrently,
    |app: TestApp| async move {
        let (token, network) = organizer(&app).await;
        let id = event(&app, &token, network, json!({"capacity": 5})).await;
        let node2 = TestApp::on(app.backend, app.db.clone(), |_| {}).await;
        // Ten guests with their confirmation links, ten members with their tokens.
        for i in 0..10 {
            let email = format!("invite{i}@example.org");
            assert_eq!(
                api_guest(&app, id, &format!("Invité {i}"), &email).await,
                202
            );
        }
        let links: Vec<String> = app
            .drain_emails()
            .await
            .iter()
            .map(|m| m.link_path(&app.base))
            .collect();
        assert_eq!(links.len(), 10);
        let mut members = Vec::new();
        for i in 0..10 {
            let uid = app
                .user(&format!("membre{i}@example.org"), &format!("Membre {i}"))
                .await;
            members.push(app.token_for(uid).await);
        }
        // All at once, on two nodes.
        let mut tasks = Vec::new();
        for (i, (link, member)) in links.iter().zip(&members).enumerate() {
            let base = if i % 2 == 0 {
                app.base.clone()
            } else {
                node2.base.clone()
            };
            let (link, member) = (link.clone(), member.clone());
            let b2 = base.clone();
            tasks.push(tokio::spawn(async move {
                let res = reqwest::Client::new()
                    .post(format!("{b2}{link}"))
                    .header("origin", b2.as_str())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
            }));
            tasks.push(tokio::spawn(async move {
                let res = reqwest::Client::new()
                    .post(format!("{base}/api/v1/events/{id}/registrations"))
                    .bearer_auth(&member)
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let (members_in, guests_in, guests_full): (i64, i64, i64) =
            db_run!(&app.state.db, |p| sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'), \
                 (SELECT COUNT(*) FROM event_guest_registrations WHERE event_id = $1 AND status = 'confirmed'), \
                 (SELECT COUNT(*) FROM event_guest_registrations WHERE event_id = $1 AND status = 'full')"
            )
            .bind(id)
            .fetch_one(p)
            .await)
            .unwrap();
        assert_eq!(members_in + guests_in, 5, "{members_in} + {guests_in}");
        assert_eq!(guests_in + guests_full, 10);
        assert_eq!(seats(&app, id).await, 5);
        // A confirmed guest who cancels frees the seat for the first waiting member.
        if guests_in > 0 {
            let waiting_before: i64 = db_run!(&app.state.db, |p| sqlx::query_scalar(
                "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted'"
            )
            .bind(id)
            .fetch_one(p)
            .await)
            .unwrap();
            let mails = app.drain_emails().await;
            let cancel = mails
                .iter()
                .filter(|m| m.to.starts_with("invite"))
                .flat_map(|m| {
                    m.text
                        .split_whitespace()
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .find(|w| w.contains("/inscriptions/annuler/"))
                .unwrap();
            // The path (the link names the node that sent it; any node answers it).
            let path = &cancel[cancel.find("/inscriptions/").unwrap()..];
            let res = app.new_browser().post(app.url(path)).send().await.unwrap();
            assert_eq!(res.status(), 303);
            assert_eq!(seats(&app, id).await, 5, "a waiting member took the seat");
            let waiting_after: i64 = db_run!(&app.state.db, |p| sqlx::query_scalar(
                "SELECT COUNT(*) FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted'"
            )
            .bind(id)
            .fetch_one(p)
            .await)
            .unwrap();
            assert_eq!(waiting_after, waiting_before - 1);
        }
    }
);

both!(
    guests_only_for_public_events_and_limited_per_ip,
    |app: TestApp| async move {
        let node = TestApp::on(app.backend, app.db.clone(), |c| c.rate_limit_attempts = 2).await;
        let (token, network) = organizer(&node).await;
        // With the organizer's approval: not open to guests (the form is not offered).
        let approval = event(&node, &token, network, json!({"approval": true})).await;
        assert_eq!(
            api_guest(&node, approval, "Léa", "lea@example.org").await,
            409
        );
        let page = node
            .new_browser()
            .get(node.url(&format!("/evenements/{approval}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!page.contains("inscription-invitee"));
        // A draft does not exist for visitors.
        let draft = event(&node, &token, network, json!({"status": "draft"})).await;
        assert_eq!(api_guest(&node, draft, "Léa", "lea@example.org").await, 404);
        // Bad input: 422 with the fields (not counted against the IP).
        let open = event(&node, &token, network, json!({})).await;
        let res = node
            .new_browser()
            .post(node.url(&format!("/api/v1/events/{open}/guest-registrations")))
            .json(&json!({"name": "", "email": "x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422);
        let v: Value = res.json().await.unwrap();
        assert!(v["error"]["fields"]["email"].is_string(), "{v}");
        assert!(v["error"]["fields"]["name"].is_string(), "{v}");
        // Per client IP: three times the anonymous forms' limit (2), then 429.
        for i in 0..6 {
            let email = format!("p{i}@example.org");
            assert_eq!(api_guest(&node, open, "Personne", &email).await, 202, "{i}");
        }
        assert_eq!(
            api_guest(&node, open, "Personne", "p7@example.org").await,
            429
        );
        let res = node
            .new_browser()
            .post(node.url(&format!("/evenements/{open}/inscription-invitee")))
            .form(&[("name", "Personne"), ("email", "p8@example.org")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429);
    }
);

both!(
    a_confirmed_guest_is_in_the_csv_and_reminded_the_day_before,
    |app: TestApp| async move {
        let (token, network) = organizer(&app).await;
        let id = event(&app, &token, network, json!({"capacity": 5})).await;
        assert_eq!(
            api_guest(&app, id, "Noé Durand", "noe@example.org").await,
            202
        );
        let link = app.email_to("noe@example.org").await.link_path(&app.base);
        let res = app.new_browser().post(app.url(&link)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        app.drain_emails().await;
        // The organizer's CSV lists the guest beside the members, marked as without account.
        let member = app.user("membre@example.org", "Camille Membre").await;
        let member_token = app.token_for(member).await;
        let res = app
            .api_post(
                &format!("/api/v1/events/{id}/registrations"),
                &member_token,
                json!({}),
            )
            .await;
        assert!(res.status().is_success(), "{}", res.status());
        let org = app.new_browser();
        app.login_as(&org, "admin@example.org").await;
        let csv = org
            .get(app.url(&format!("/evenements/{id}/inscrits.csv")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].ends_with(";inscrit_le;compte"), "{csv}");
        assert_eq!(lines.len(), 3, "a member and a guest: {csv}");
        let guest = lines
            .iter()
            .find(|l| l.contains("\"Noé Durand\""))
            .unwrap_or_else(|| panic!("the guest's row: {csv}"));
        assert!(
            guest.contains("\"noe@example.org\";\"confirmed\""),
            "{guest}"
        );
        assert!(guest.ends_with("\"non (invité·e)\""), "{guest}");
        let member_row = lines.iter().find(|l| l.contains("Camille Membre")).unwrap();
        assert!(member_row.ends_with("\"oui\""), "{member_row}");
        // The day before (the event is six days ahead), the guest gets the reminder, in the
        // language they registered in, with the event's link.
        app.state
            .clock
            .advance(chrono::Duration::days(5) + chrono::Duration::hours(12));
        let mails = app.drain_emails().await;
        let reminder = mails
            .iter()
            .find(|m| m.to == "noe@example.org")
            .unwrap_or_else(|| panic!("the guest's reminder: {mails:?}"));
        assert!(
            reminder.subject.starts_with("Rappel"),
            "{}",
            reminder.subject
        );
        assert!(
            reminder.text.contains("Bonjour Noé Durand"),
            "{}",
            reminder.text
        );
        assert!(
            reminder.text.contains(&format!("/evenements/{id}")),
            "{}",
            reminder.text
        );
        assert!(mails.iter().any(|m| m.to == "membre@example.org"));
    }
);

both!(
    a_cancelled_guest_gets_no_reminder,
    |app: TestApp| async move {
        let (token, network) = organizer(&app).await;
        let id = event(&app, &token, network, json!({})).await;
        assert_eq!(
            api_guest(&app, id, "Noé Durand", "noe@example.org").await,
            202
        );
        let link = app.email_to("noe@example.org").await.link_path(&app.base);
        let visitor = app.new_browser();
        visitor.post(app.url(&link)).send().await.unwrap();
        let mail = app.email_to("noe@example.org").await;
        let cancel = mail
            .text
            .split_whitespace()
            .find(|w| w.contains("/inscriptions/annuler/"))
            .unwrap()
            .trim_start_matches(&app.base)
            .to_string();
        let res = visitor.post(app.url(&cancel)).send().await.unwrap();
        assert_eq!(res.status(), 303);
        app.drain_emails().await;
        app.state
            .clock
            .advance(chrono::Duration::days(5) + chrono::Duration::hours(12));
        let mails = app.drain_emails().await;
        assert!(
            !mails.iter().any(|m| m.to == "noe@example.org"),
            "{mails:?}"
        );
    }
);
