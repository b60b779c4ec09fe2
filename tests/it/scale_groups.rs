//! Groups, decisions, action items and documents at national scale (issue 16): the list of
//! groups shows what the visitor may see, 30 a page, in a number of statements that does not
//! grow with the groups; the form creating a group lists 50 places and takes any other by its
//! address; a network's library is read one page at a time.

use maillage::accounts::repo as accounts;
use maillage::auth::RoleKind;
use maillage::documents::model::{DocumentKind, DocumentVisibility, Scope};
use maillage::groups::model::{
    GroupJoining, GroupKind, GroupMemberStatus, GroupRole, GroupVisibility, MinutesVisibility,
};
use maillage::groups::repo as groups;
use maillage::ids::{GroupId, NetworkId, PlaceId, UserId};
use maillage::places::repo::{insert_place, NewPlace};
use maillage::tenancy::repo as tenancy;

use crate::both;
use crate::harness::{location, Backend, TestApp};

async fn place(app: &TestApp, name: &str, slug: &str, network: Option<NetworkId>) -> PlaceId {
    insert_place(
        &app.state.db,
        NewPlace {
            name,
            slug,
            description: "",
            city: "Riez",
            organization_id: None,
            network_id: network,
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
}

/// "Groupe NN" at place `at`: members only when `members_only`.
async fn group(app: &TestApp, n: usize, at: PlaceId, members_only: bool) -> GroupId {
    let name = format!("Groupe {n:02}");
    groups::insert_group(
        &app.state.db,
        groups::NewGroup {
            name: &name,
            slug: &format!("groupe-{n:02}"),
            kind: GroupKind::Club,
            purpose: "",
            visibility: if members_only {
                GroupVisibility::Members
            } else {
                GroupVisibility::Public
            },
            joining: GroupJoining::Request,
            autonomous: false,
            network_id: None,
            place_id: Some(at),
            project_id: None,
            now: 0,
        },
    )
    .await
    .unwrap()
    .id
}

async fn member(app: &TestApp, g: GroupId, user: UserId, status: GroupMemberStatus) {
    groups::insert_membership(
        &app.state.db,
        groups::NewMembership {
            group_id: g,
            user_id: user,
            role: GroupRole::Member,
            status,
            mandate_start: None,
            mandate_end: None,
            now: 0,
        },
    )
    .await
    .unwrap();
}

/// The page's body and the number of SQL statements it ran (PostgreSQL counts them).
async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (String, Option<u32>) {
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    let n = crate::harness::statements(&res);
    (res.text().await.unwrap(), n)
}

/// The names of the groups a list page shows, in order.
fn names(html: &str) -> Vec<String> {
    html.split("<h2 class=\"card-title\"><a href=\"/groupes/")
        .skip(1)
        .map(|s| {
            let start = s.find('>').unwrap() + 1;
            s[start..s.find("</a>").unwrap()].to_string()
        })
        .collect()
}

both!(
    the_list_of_groups_shows_what_each_may_see_thirty_a_page,
    |app: TestApp| async move {
        let db = &app.state.db;
        let net = tenancy::insert_network(db, "Réseau", "reseau", "", 0)
            .await
            .unwrap()
            .id;
        let p1 = place(&app, "Lieu un", "lieu-un", Some(net)).await;
        let p2 = place(&app, "Lieu deux", "lieu-deux", None).await;
        // Groups 00…59: even ones at p1, odd ones at p2; every third one members only.
        let mut ids = Vec::new();
        let add = |n: usize| {
            group(
                &app,
                n,
                if n.is_multiple_of(2) { p1 } else { p2 },
                n.is_multiple_of(3),
            )
        };
        for n in 0..6 {
            ids.push(add(n).await);
        }
        let manager = app.user("gerante@example.org", "Gérante").await;
        accounts::grant_role(db, manager, RoleKind::PlaceManager, None, Some(p1.get()), 0)
            .await
            .unwrap();
        let someone = app.user("membre@example.org", "Membre").await;
        // A member of group 03 (members only, at p2); group 09's request is still pending.
        member(&app, ids[3], someone, GroupMemberStatus::Active).await;
        let manager_browser = app.new_browser();
        app.login_as(&manager_browser, "gerante@example.org").await;
        let member_browser = app.new_browser();
        app.login_as(&member_browser, "membre@example.org").await;
        let admin = app.instance_admin("admin@example.org").await;
        let token = app.token_for(admin).await;
        let api_count = |path: &'static str| {
            let c = reqwest::Client::new();
            let url = app.url(path);
            let token = token.clone();
            async move {
                let res = c.get(url).bearer_auth(token).send().await.unwrap();
                assert_eq!(res.status(), 200);
                crate::harness::statements(&res)
            }
        };
        let visitors = [
            ("visitor", app.client.clone()),
            ("manager", manager_browser.clone()),
            ("member", member_browser.clone()),
        ];
        let mut few = Vec::new();
        for (who, c) in &visitors {
            few.push((*who, get(&app, c, "/groupes").await.1));
        }
        few.push(("api", api_count("/api/v1/groups").await));

        for n in 6..60 {
            ids.push(add(n).await);
        }
        member(&app, ids[9], someone, GroupMemberStatus::Pending).await;

        // A visitor: the 40 public groups, 30 on the first page, 10 on the second.
        let (first, _) = get(&app, &app.client, "/groupes").await;
        let shown = names(&first);
        assert_eq!(shown.len(), 30, "{first}");
        assert_eq!(shown[0], "Groupe 01");
        assert!(!shown.contains(&"Groupe 00".to_string()), "members only");
        assert!(first.contains("40 groupes"), "{first}");
        assert!(first.contains("href=\"/groupes?page=2\""), "{first}");
        assert!(
            !first.contains("/groupes/nouveau"),
            "a visitor creates no group"
        );
        let (second, _) = get(&app, &app.client, "/groupes?page=2").await;
        let rest = names(&second);
        assert_eq!(rest.len(), 10);
        assert_eq!(rest.last().unwrap(), "Groupe 59");
        // The manager of p1: the public groups and p1's members-only ones (00, 06 … 54).
        let (page, _) = get(&app, &manager_browser, "/groupes?page=2").await;
        assert!(page.contains("50 groupes"), "{page}");
        let (page, _) = get(&app, &manager_browser, "/groupes").await;
        assert!(names(&page).contains(&"Groupe 00".to_string()));
        assert!(
            page.contains("href=\"/groupes/nouveau\""),
            "a manager creates groups"
        );
        // The member: the public groups and group 03 (not 09, still asked for).
        let (page, _) = get(&app, &member_browser, "/groupes").await;
        assert!(page.contains("41 groupes"), "{page}");
        assert!(names(&page).contains(&"Groupe 03".to_string()));
        assert!(!names(&page).contains(&"Groupe 09".to_string()));
        assert!(!page.contains("/groupes/nouveau"));
        // A search by name (case aside) keeps to what they see.
        let (found, _) = get(&app, &member_browser, "/groupes?q=groupe%200").await;
        assert_eq!(
            names(&found),
            [
                "Groupe 01",
                "Groupe 02",
                "Groupe 03",
                "Groupe 04",
                "Groupe 05",
                "Groupe 07",
                "Groupe 08"
            ]
        );
        let res = member_browser
            .get(app.url("/groupes/nouveau"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);

        // The API: a window of the same list, its number in a header.
        let res = app.api_get("/api/v1/groups?limit=25&page=2", &token).await;
        assert_eq!(res.headers()["x-total-count"], "60");
        let body: serde_json::Value = res.json().await.unwrap();
        let names: Vec<&str> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), 25);
        assert_eq!(names[0], "Groupe 25");
        assert_eq!(body[0]["interim_president"], "Lieu deux", "{body}");
        let res = reqwest::Client::new()
            .get(app.url("/api/v1/groups?offset=35"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["x-total-count"], "40");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body.as_array().unwrap().len(), 5);

        // As many statements with 60 groups as with 6 (PostgreSQL counts them).
        if app.backend == Backend::Postgres {
            let mut many = Vec::new();
            for (who, c) in &visitors {
                many.push((*who, get(&app, c, "/groupes").await.1));
            }
            many.push(("api", api_count("/api/v1/groups").await));
            assert!(few.iter().all(|(_, n)| n.is_some()), "{few:?}");
            assert_eq!(few, many);
        }
    }
);

struct FormWorld {
    /// "Lieu 00" … "Lieu 59" in the network: the last ten are past the first 50 by name.
    places: Vec<(PlaceId, String)>,
    browser: reqwest::Client,
}

async fn form_world(app: &TestApp) -> FormWorld {
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
    for i in 0..60 {
        let slug = format!("lieu-{i:02}");
        let id = place(app, &format!("Lieu {i:02}"), &slug, Some(net)).await;
        places.push((id, slug));
    }
    place(app, "Tiers-lieu voisin", "tiers-lieu-voisin", Some(other)).await;
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
    FormWorld { places, browser }
}

both!(
    the_group_form_lists_fifty_places_and_takes_the_sixtieth_by_address,
    |app: TestApp| async move {
        let w = form_world(&app).await;
        let (form, _) = get(&app, &w.browser, "/groupes/nouveau").await;
        assert_eq!(form.matches("<option value=\"place:").count(), 50, "{form}");
        assert!(form.contains("<option value=\"network:"));
        assert!(form.contains(&format!("value=\"place:{}\"", w.places[49].0)));
        assert!(!form.contains(&format!("value=\"place:{}\"", w.places[59].0)));
        assert!(form.contains("id=\"scope_place\""), "{form}");
        assert!(form.contains("Ou un autre de vos lieux"));

        let post = |scope_place: String, name: &'static str| {
            let browser = w.browser.clone();
            let url = app.url("/groupes");
            async move {
                browser
                    .post(url)
                    .form(&[
                        ("scope", "network:1"),
                        ("scope_place", scope_place.as_str()),
                        ("name", name),
                        ("kind", "club"),
                        ("visibility", "public"),
                        ("joining", "open"),
                    ])
                    .send()
                    .await
                    .unwrap()
            }
        };
        // The 60th place, by the address of its page: the club is attached to it.
        let res = post(
            format!("https://maillage.example/lieux/{}/", w.places[59].1),
            "Club du soixantième",
        )
        .await;
        assert_eq!(res.status(), 303, "{:?}", res.text().await);
        assert_eq!(location(&res), "/groupes/club-du-soixantieme");
        let g = groups::group_by_slug(&app.state.db, "club-du-soixantieme")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(g.place_id, Some(w.places[59].0));
        assert_eq!(g.network_id, None);
        // By exact name, case aside.
        let res = post("lieu 58".into(), "Club par nom").await;
        assert_eq!(res.status(), 303);

        // Clear errors in French on the field, the text typed shown again, nothing created.
        for (typed, error) in [
            (
                "Lieu inconnu",
                "Aucun lieu à cette adresse ni de ce nom exact",
            ),
            ("tiers-lieu-voisin", "Vous ne gérez pas ce lieu"),
        ] {
            let res = post(typed.into(), "Club refusé").await;
            assert_eq!(res.status(), 422, "{typed}");
            let body = res.text().await.unwrap();
            assert!(body.contains(error), "{typed}: {body}");
            assert!(body.contains("id=\"scope_place-error\""));
            assert!(body.contains(&format!("value=\"{typed}\"")));
        }
        let all = groups::all_groups(&app.state.db).await.unwrap();
        let names: Vec<&str> = all.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Club du soixantième", "Club par nom"]);
    }
);

/// A meeting of `g` with public or internal minutes and one decision.
async fn decision(app: &TestApp, g: GroupId, public: bool, text: &str) {
    let m = groups::insert_meeting(
        &app.state.db,
        groups::NewMeeting {
            group_id: g,
            title: "Réunion",
            starts_at: 1_000_000,
            ends_at: 2_000_000,
            room: "",
            online_url: "",
            minutes: "<p>Compte-rendu</p>",
            minutes_visibility: if public {
                MinutesVisibility::Public
            } else {
                MinutesVisibility::Internal
            },
            agenda: &[],
            from_slot: false,
            space_id: None,
            booking_id: None,
            now: 0,
        },
    )
    .await
    .unwrap()
    .unwrap();
    groups::insert_decision(&app.state.db, &m, text, 0)
        .await
        .unwrap();
}

both!(
    the_register_of_decisions_keeps_to_what_each_may_read,
    |app: TestApp| async move {
        let p = place(&app, "Lieu", "lieu", None).await;
        let open = group(&app, 1, p, false).await;
        let closed = group(&app, 2, p, true).await;
        let someone = app.user("membre@example.org", "Membre").await;
        member(&app, closed, someone, GroupMemberStatus::Active).await;
        decision(&app, open, true, "Ouvrir le jardin").await;
        decision(&app, open, false, "Budget du jardin interne").await;
        decision(&app, closed, true, "Jardin réservé").await;
        let browser = app.new_browser();
        app.login_as(&browser, "membre@example.org").await;
        let texts = |html: &str| -> Vec<String> {
            [
                "Ouvrir le jardin",
                "Budget du jardin interne",
                "Jardin réservé",
            ]
            .iter()
            .filter(|t| html.contains(*t))
            .map(|t| t.to_string())
            .collect()
        };
        let (page, _) = get(&app, &app.client, "/decisions?q=jardin").await;
        assert_eq!(texts(&page), ["Ouvrir le jardin"]);
        let (page, _) = get(&app, &browser, "/decisions").await;
        assert_eq!(texts(&page), ["Ouvrir le jardin", "Jardin réservé"]);
        let admin = app.instance_admin("admin@example.org").await;
        let token = app.token_for(admin).await;
        let res = app
            .api_get(&format!("/api/v1/decisions?group_id={open}"), &token)
            .await;
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body.as_array().unwrap().len(), 2, "{body}");
    }
);

both!(
    a_network_library_is_read_thirty_documents_a_page,
    |app: TestApp| async move {
        let db = &app.state.db;
        let net = tenancy::insert_network(db, "Réseau", "reseau", "", 0)
            .await
            .unwrap()
            .id;
        let author = app.instance_admin("admin@example.org").await;
        let folder =
            maillage::documents::repo::insert_folder(db, Scope::Network(net), None, "Statuts", 0)
                .await
                .unwrap();
        let add = |i: u32| {
            let title = format!("Fiche {i:02}");
            async move {
                // Every third one a file (its versions and link in the API), the others sheets.
                let bytes = format!("Fiche {i}").into_bytes();
                let file = i
                    .is_multiple_of(3)
                    .then(|| maillage::documents::repo::NewFile {
                        filename: "fiche.txt",
                        content_type: "text/plain",
                        bytes: &bytes,
                    });
                maillage::documents::repo::insert_document(
                    db,
                    maillage::documents::repo::NewDocument {
                        scope: Scope::Network(net),
                        // The first five in the folder.
                        folder_id: (i < 5).then_some(folder.id),
                        kind: if file.is_some() {
                            DocumentKind::File
                        } else {
                            DocumentKind::Sheet
                        },
                        title: &title,
                        tags: "",
                        body: "<p>Texte</p>",
                        // Every fourth one for the network's managers only.
                        visibility: if i.is_multiple_of(4) {
                            DocumentVisibility::Managers
                        } else {
                            DocumentVisibility::Public
                        },
                        created_by: author,
                        now: 0,
                    },
                    file,
                )
                .await
                .unwrap();
            }
        };
        let admin = app.new_browser();
        app.login_as(&admin, "admin@example.org").await;
        let token = app.token_for(author).await;
        let api = format!("/api/v1/documents?network_id={net}");
        let measure = || async {
            let page = get(&app, &admin, "/reseaux/reseau/documents").await.1;
            let res = app.api_get(&api, &token).await;
            let n = crate::harness::statements(&res);
            let body: serde_json::Value = res.json().await.unwrap();
            (page, n, body)
        };
        for i in 0..4 {
            add(i).await;
        }
        let (page_few, api_few, _) = measure().await;
        for i in 4..45 {
            add(i).await;
        }
        let (page_many, api_many, body) = measure().await;
        assert_eq!(body.as_array().unwrap().len(), 45);
        let signed = body[0]["download_url"].as_str().unwrap();
        assert!(
            signed.contains("sig="),
            "Fiche 00 is for managers: {signed}"
        );
        assert_eq!(
            body[3]["download_url"].as_str().unwrap(),
            format!("/fichiers/{}/1", body[3]["id"]),
            "Fiche 03 is public"
        );
        // The same documents in the list of every scope (the scopes read once for the reader
        // and reused for the links): the same links.
        let everywhere: serde_json::Value = app
            .api_get("/api/v1/documents", &token)
            .await
            .json()
            .await
            .unwrap();
        let link_of = |title: &str| {
            everywhere
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["title"] == title)
                .unwrap_or_else(|| panic!("{title} in {everywhere}"))["download_url"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert!(
            link_of(body[0]["title"].as_str().unwrap()).contains("sig="),
            "managers only: signed"
        );
        assert_eq!(
            link_of(body[3]["title"].as_str().unwrap()),
            format!("/fichiers/{}/1", body[3]["id"]),
            "public: plain"
        );
        if app.backend == Backend::Postgres {
            assert!(page_few.is_some() && api_few.is_some());
            assert_eq!((page_few, api_few), (page_many, api_many));
        }
        let fiches = |html: &str| html.matches("<h3><a href=\"/documents/").count();
        let (first, _) = get(&app, &app.client, "/reseaux/reseau/documents").await;
        assert_eq!(fiches(&first), 30);
        assert!(first.contains("33 documents, par titre."), "{first}");
        assert!(!first.contains("Fiche 00"), "managers only");
        assert!(first.contains("href=\"/reseaux/reseau/documents?page=2\""));
        let (second, _) = get(&app, &app.client, "/reseaux/reseau/documents?page=2").await;
        assert_eq!(fiches(&second), 3);
        let (second, _) = get(&app, &admin, "/reseaux/reseau/documents?page=2").await;
        assert_eq!(fiches(&second), 15, "{second}");
        assert!(second.contains("Fiche 44"));
        let (found, _) = get(&app, &app.client, "/reseaux/reseau/documents?q=fiche%2033").await;
        assert_eq!(fiches(&found), 1);
        // A folder: its documents only (Fiche 00 and 04 are for the managers).
        let (shelf, _) = get(
            &app,
            &app.client,
            &format!("/reseaux/reseau/documents?dossier={}&page=1", folder.id),
        )
        .await;
        assert_eq!(fiches(&shelf), 3, "{shelf}");
        assert!(shelf.contains("Fiche 03") && !shelf.contains("Fiche 05"));
    }
);
