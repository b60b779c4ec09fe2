//! Projects at national scale (issue 16: 2 000 projects): `/projets`, `/api/v1/projects` and
//! the advisors' dashboard read in SQL what the person may see, one page at a time, and run
//! as many statements whatever the number of projects.

use maillage::accounts::repo as accounts;
use maillage::auth::RoleKind;
use maillage::groups::repo as groups;
use maillage::ids::{NetworkId, ProjectId, UserId};
use maillage::projects::model::{FundingProgramme, FundingStatus, NetworkStatus, ProjectStatus};
use maillage::projects::repo::{self as projects, NewFunding, NewProject};
use maillage::tenancy::repo as tenancy;
use serde_json::Value;

use crate::both;
use crate::harness::{Backend, TestApp};

/// Who sees project `i` ("Projet ii"), by `i % 10`: 0–4 public (0 also followed by network A),
/// 5–6 private, held by the holder, 7–8 private, followed by A, 9 private, asking A to follow.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Public,
    Held,
    Followed,
    Requested,
}

fn kind(i: usize) -> Kind {
    match i % 10 {
        0..=4 => Kind::Public,
        5 | 6 => Kind::Held,
        7 | 8 => Kind::Followed,
        _ => Kind::Requested,
    }
}

/// Followed (accepted) by network A: its advisors' dashboard lists it.
fn followed(i: usize) -> bool {
    i.is_multiple_of(10) || kind(i) == Kind::Followed
}

struct World {
    network_a: NetworkId,
    holder: UserId,
    holder_browser: reqwest::Client,
    holder_token: String,
    animator_browser: reqwest::Client,
    animator_token: String,
    admin_browser: reqwest::Client,
    admin_token: String,
    outsider_browser: reqwest::Client,
}

async fn world(app: &TestApp) -> World {
    let db = &app.state.db;
    let network_a = tenancy::insert_network(db, "Réseau A", "reseau-a", "", 0)
        .await
        .unwrap()
        .id;
    tenancy::insert_network(db, "Réseau B", "reseau-b", "", 0)
        .await
        .unwrap();
    let holder = app.user("porteuse@example.org", "Porteuse").await;
    let animator = app.user("animatrice@example.org", "Animatrice").await;
    accounts::grant_role(
        db,
        animator,
        RoleKind::NetworkAdmin,
        Some(network_a.get()),
        None,
        0,
    )
    .await
    .unwrap();
    let admin = app.instance_admin("admin@example.org").await;
    app.user("voisin@example.org", "Voisin").await;
    let browser = |email: &'static str| async move {
        let b = app.new_browser();
        app.login_as(&b, email).await;
        b
    };
    World {
        network_a,
        holder,
        holder_browser: browser("porteuse@example.org").await,
        holder_token: app.token_for(holder).await,
        animator_browser: browser("animatrice@example.org").await,
        animator_token: app.token_for(animator).await,
        admin_browser: browser("admin@example.org").await,
        admin_token: app.token_for(admin).await,
        outsider_browser: browser("voisin@example.org").await,
    }
}

/// Projects `from..to`; each followed one has a funding application due in 2039 and a
/// holders' group with an overdue action item.
async fn add_projects(app: &TestApp, w: &World, from: usize, to: usize) {
    let db = &app.state.db;
    for i in from..to {
        let k = kind(i);
        let name = format!("Projet {i:02}");
        let slug = format!("projet-{i:02}");
        let (network_id, network_status) = match k {
            _ if followed(i) => (Some(w.network_a), Some(NetworkStatus::Accepted)),
            Kind::Requested => (Some(w.network_a), Some(NetworkStatus::Requested)),
            _ => (None, None),
        };
        let p = projects::insert_project(
            db,
            NewProject {
                name: &name,
                slug: &slug,
                communes: "Riez",
                epci: "",
                departement: "04",
                holders: "",
                intent: "",
                uses: "",
                status: ProjectStatus::InProgress,
                public: k == Kind::Public,
                network_id,
                network_status,
                created_by: (k == Kind::Held).then_some(w.holder),
                now: 0,
            },
        )
        .await
        .unwrap();
        if followed(i) {
            followed_work(app, p.id, i).await;
        }
    }
}

async fn followed_work(app: &TestApp, id: ProjectId, i: usize) {
    let db = &app.state.db;
    projects::insert_funding(
        db,
        NewFunding {
            actor: None,
            project_id: id,
            funder: &format!("Région Sud {i:02}"),
            programme: FundingProgramme::Region,
            amount_requested_cents: 4_692_075,
            amount_granted_cents: 0,
            status: FundingStatus::Submitted,
            deadline: Some("2039-09-30"),
            now: 0,
        },
    )
    .await
    .unwrap();
    let g = groups::insert_group(
        db,
        groups::NewGroup {
            name: &format!("Porteurs {i:02}"),
            slug: &format!("porteurs-{i:02}"),
            kind: maillage::groups::model::GroupKind::Holders,
            purpose: "",
            visibility: maillage::groups::model::GroupVisibility::Public,
            joining: maillage::groups::model::GroupJoining::Request,
            autonomous: false,
            network_id: None,
            place_id: None,
            project_id: Some(id),
            now: 0,
        },
    )
    .await
    .unwrap();
    groups::insert_action(
        db,
        groups::NewAction {
            group_id: g.id,
            meeting_id: None,
            title: &format!("Relancer la mairie {i:02}"),
            owner_id: None,
            due_on: Some("2020-03-01"),
            now: 0,
        },
    )
    .await
    .unwrap();
}

async fn text(browser: &reqwest::Client, url: String) -> String {
    let res = browser.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    res.text().await.unwrap()
}

/// The numbers of the projects listed on a page, in order.
fn listed(html: &str) -> Vec<usize> {
    html.split("<a href=\"/projets/projet-")
        .skip(1)
        .map(|s| s[..2].parse().unwrap())
        .collect()
}

/// Every page of `/projets` for `browser`: the projects in order, 30 a page.
async fn all_pages(app: &TestApp, browser: &reqwest::Client, expected: &[usize]) {
    let pages = expected.len().div_ceil(30).max(1);
    let mut seen = Vec::new();
    for page in 1..=pages {
        let html = text(browser, app.url(&format!("/projets?page={page}"))).await;
        let on_page = listed(&html);
        assert_eq!(
            on_page.len(),
            30.min(expected.len() - seen.len()),
            "page {page}: {on_page:?}"
        );
        if pages > 1 {
            assert!(
                html.contains(&format!(
                    "{} projets, par ordre alphabétique",
                    expected.len()
                )),
                "{html}"
            );
            let other = if page == 1 { 2 } else { 1 };
            assert!(html.contains(&format!("href=\"/projets?page={other}\"")));
        } else {
            assert!(!html.contains("class=\"pagination\""));
        }
        seen.extend(on_page);
    }
    assert_eq!(seen, expected);
}

fn expected(n: usize, sees: impl Fn(usize) -> bool) -> Vec<usize> {
    (0..n).filter(|i| sees(*i)).collect()
}

both!(
    the_projects_list_shows_what_the_visitor_may_see_thirty_a_page,
    |app: TestApp| async move {
        let w = world(&app).await;
        add_projects(&app, &w, 0, 70).await;
        let public = expected(70, |i| kind(i) == Kind::Public);
        assert_eq!(public.len(), 35);
        all_pages(&app, &app.client, &public).await;
        all_pages(&app, &w.outsider_browser, &public).await;
        all_pages(
            &app,
            &w.holder_browser,
            &expected(70, |i| matches!(kind(i), Kind::Public | Kind::Held)),
        )
        .await;
        // A's animator advises the projects A follows, not those still asking.
        all_pages(
            &app,
            &w.animator_browser,
            &expected(70, |i| kind(i) == Kind::Public || followed(i)),
        )
        .await;
        all_pages(&app, &w.admin_browser, &expected(70, |_| true)).await;
        let page = text(&w.holder_browser, app.url("/projets?page=2")).await;
        assert_eq!(page.matches(">Privé</span>").count(), 6, "{page}");

        // The API pages the same list; the total is in a header.
        let res = app
            .api_get("/api/v1/projects?per_page=30&page=2", &w.holder_token)
            .await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["x-total-count"], "49");
        let body: Value = res.json().await.unwrap();
        let names: Vec<&str> = body
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        let rest: Vec<String> = expected(70, |i| matches!(kind(i), Kind::Public | Kind::Held))
            [30..]
            .iter()
            .map(|i| format!("Projet {i:02}"))
            .collect();
        assert_eq!(names, rest);
        let res = app.get("/api/v1/projects").await;
        assert_eq!(res.headers()["x-total-count"], "35");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body.as_array().unwrap().len(), 35, "50 a page by default");
        assert_eq!(body[0]["phases"].as_array().unwrap().len(), 4, "{body}");
        let res = app
            .api_get("/api/v1/projects?per_page=30&page=1", &w.animator_token)
            .await;
        let body: Value = res.json().await.unwrap();
        let p07 = body
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "Projet 07")
            .unwrap_or_else(|| panic!("{body}"));
        assert_eq!(p07["funding"]["requested_cents"], 4_692_075, "{p07}");
        let res = app.get("/api/v1/projects?page=0&per_page=500").await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("per_page") && body.contains("page"), "{body}");

        // The dashboard: A's 21 followed projects with their own figures, A's 7 requests.
        let res = app
            .api_get("/api/v1/projects/dashboard", &w.animator_token)
            .await;
        assert_eq!(res.status(), 200);
        let d: Value = res.json().await.unwrap();
        assert_eq!(d["total"], 21, "{d}");
        assert_eq!(d["projects"].as_array().unwrap().len(), 21);
        assert_eq!(d["requests_total"], 7);
        for p in d["projects"].as_array().unwrap() {
            let n = &p["name"].as_str().unwrap()[7..];
            assert_eq!(p["phases_total"], 4, "{p}");
            assert_eq!(p["overdue"][0]["kind"], "action", "{p}");
            assert_eq!(
                p["overdue"][0]["label"],
                format!("Relancer la mairie {n} (Porteurs {n})")
            );
            assert_eq!(p["overdue"][0]["url"], format!("/groupes/porteurs-{n}"));
            assert_eq!(p["next_deadlines"][0]["label"], format!("Région Sud {n}"));
            assert_eq!(p["network_name"], "Réseau A");
        }
        // The instance admin follows every project: 30 a page.
        let res = app
            .api_get("/api/v1/projects/dashboard?page=3", &w.admin_token)
            .await;
        let d: Value = res.json().await.unwrap();
        assert_eq!(
            (d["total"].as_i64(), d["page"].as_i64()),
            (Some(70), Some(3))
        );
        let names: Vec<&str> = d["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.first(), Some(&"Projet 60"));
        assert_eq!(names.len(), 10);
        let res = app
            .api_get("/api/v1/projects/dashboard?page=x", &w.admin_token)
            .await;
        assert_eq!(res.status(), 422);
        let html = text(
            &w.admin_browser,
            app.url("/projets/suivi?status=in_progress"),
        )
        .await;
        assert!(html.contains("Projets suivis : 70"), "{html}");
        assert_eq!(html.matches("<progress id=\"progress-").count(), 30);
        assert!(
            html.contains("href=\"/projets/suivi?status=in_progress&#38;page=3\""),
            "{}",
            &html[html.find("pagination").unwrap_or(0)..]
        );
        assert!(
            html.contains("éléments en retard sur cette page : 9"),
            "{html}"
        );
        // A page that does not parse is the first, the filter kept.
        let html = text(
            &w.admin_browser,
            app.url("/projets/suivi?status=opened&page=x"),
        )
        .await;
        assert!(html.contains("Projets suivis : 0"), "{html}");
        let html = text(&w.animator_browser, app.url("/projets/suivi")).await;
        assert!(html.contains("Projets suivis : 21"));
        assert!(!html.contains("class=\"pagination\""));
    }
);

/// `x-sql-statements` of a page (PostgreSQL counts them: see `web::sqlcount`).
async fn statements(browser: &reqwest::Client, url: String, token: Option<&str>) -> u32 {
    let mut req = browser.get(&url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    res.headers()["x-sql-statements"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The projects' pages run as many statements with 7 projects as with 70 (no query per
/// project: visibility, phases, applications, groups and networks are read per page).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_projects_pages_run_as_many_statements_with_ten_times_the_projects() {
    let app = TestApp::new(Backend::Postgres).await;
    let w = world(&app).await;
    add_projects(&app, &w, 0, 7).await;
    let measure = || async {
        vec![
            (
                "/projets (visitor)",
                statements(&app.client, app.url("/projets"), None).await,
            ),
            (
                "/projets (holder)",
                statements(&w.holder_browser, app.url("/projets"), None).await,
            ),
            (
                "/projets (animator)",
                statements(&w.animator_browser, app.url("/projets"), None).await,
            ),
            (
                "/projets/suivi (animator)",
                statements(&w.animator_browser, app.url("/projets/suivi"), None).await,
            ),
            (
                "/projets/suivi (admin)",
                statements(&w.admin_browser, app.url("/projets/suivi"), None).await,
            ),
            (
                "/api/v1/projects (holder)",
                statements(
                    &app.client,
                    app.url("/api/v1/projects"),
                    Some(&w.holder_token),
                )
                .await,
            ),
            (
                "/api/v1/projects/dashboard (animator)",
                statements(
                    &app.client,
                    app.url("/api/v1/projects/dashboard"),
                    Some(&w.animator_token),
                )
                .await,
            ),
        ]
    };
    let before = measure().await;
    for (page, n) in &before {
        assert!(*n > 0, "{page}: statements are counted");
    }
    add_projects(&app, &w, 7, 70).await;
    let after = measure().await;
    let grown: Vec<String> = before
        .iter()
        .zip(&after)
        .filter(|((_, a), (_, b))| b > a)
        .map(|((page, a), (_, b))| format!("{page}: {a} → {b} statements"))
        .collect();
    assert!(
        grown.is_empty(),
        "pages whose statements grow with the projects: {grown:#?}"
    );
}

/// A project's timeline is read a page at a time (50 lines, newest first, a link to older
/// ones) in as many statements whatever the length of the project's history: each source
/// (recorded events, canvas versions, meetings and minutes of its groups, documents of its
/// library and its groups') is read once for all, up to the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_projects_timeline_is_paged_in_a_constant_number_of_statements() {
    let app = TestApp::new(Backend::Postgres).await;
    maillage::demo::load(&app.state).await.unwrap();
    let admin = app.instance_admin("chronologie@example.org").await;
    let token = app.token_for(admin).await;
    let browser = app.new_browser();
    app.login_as(&browser, "chronologie@example.org").await;
    let list: Value = app
        .api_get("/api/v1/projects", &token)
        .await
        .json()
        .await
        .unwrap();
    let p = &list.as_array().unwrap()[0];
    let (id, slug) = (p["id"].as_i64().unwrap(), p["slug"].as_str().unwrap());
    let api = |page: u32| {
        let url = format!("/api/v1/projects/{id}/timeline?page={page}");
        let (app, token) = (&app, token.clone());
        async move {
            let res = app.api_get(&url, &token).await;
            assert_eq!(res.status(), 200);
            let n: u32 = res.headers()["x-sql-statements"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            let body: Value = res.json().await.unwrap();
            (n, body.as_array().unwrap().clone())
        }
    };
    let html = |page: u32| {
        let url = app.url(&format!("/projets/{slug}/chronologie?page={page}"));
        let browser = browser.clone();
        async move {
            let res = browser.get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            let n: u32 = res.headers()["x-sql-statements"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            (n, res.text().await.unwrap())
        }
    };
    let add = |i: usize, kind: &'static str| {
        let (app, token) = (&app, token.clone());
        async move {
            let (path, body) = match kind {
                "stakeholder" => (
                    format!("/api/v1/projects/{id}/stakeholders"),
                    serde_json::json!({"name": format!("Partenaire {i}"), "kind": "organization"}),
                ),
                _ => (
                    "/api/v1/documents/sheets".to_string(),
                    serde_json::json!({"project_id": id, "title": format!("Fiche {i}"),
                                       "body": "<p>Fiche</p>", "visibility": "managers"}),
                ),
            };
            let res = app.api_post(&path, &token, body).await;
            let status = res.status().as_u16();
            assert_eq!(status, 201, "{}", res.text().await.unwrap());
        }
    };
    // One line of each kind first: the names of the documents' authors are read once there
    // is a document.
    add(100, "stakeholder").await;
    add(100, "sheet").await;
    let (few_api, first) = api(1).await;
    let (few_html, _) = html(1).await;
    assert!(first.len() < 50, "the demo project's history fits a page");
    let before = first.len();
    for i in 0..45 {
        add(i, "stakeholder").await;
    }
    for i in 0..20 {
        add(i, "sheet").await;
    }
    let (many_api, page1) = api(1).await;
    let (many_html, page1_html) = html(1).await;
    assert_eq!(
        (few_api, few_html),
        (many_api, many_html),
        "statements with {before} lines, then with {}",
        before + 65
    );
    assert_eq!(page1.len(), 50);
    let (_, page2) = api(2).await;
    assert_eq!(page2.len(), before + 65 - 50, "the rest on page 2");
    let ats: Vec<&str> = page1
        .iter()
        .chain(page2.iter())
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    let mut sorted = ats.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(ats, sorted, "newest first across pages");
    assert!(
        page2.iter().any(|e| e["kind"] == "project_created"),
        "the creation, among the oldest lines"
    );
    assert!(
        page1_html.contains("chronologie?page=2"),
        "a link to older lines"
    );
    let (_, page2_html) = html(2).await;
    assert!(page2_html.contains("chronologie?page=1"));
    assert!(!page2_html.contains("chronologie?page=3"));
}
