//! The design system (issue 17 point 7): favicon and web app manifest, the header's sections,
//! user menu and phone menu button, and the living page `/design`, which exists for instance
//! admins only.

use crate::both;
use crate::harness::{location, TestApp};

async fn text(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let res = client.get(app.url(path)).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn content_type(res: &reqwest::Response) -> String {
    res.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

both!(favicon_and_manifest, |app: TestApp| async move {
    let res = app.get("/favicon.ico").await;
    assert_eq!(res.status(), 200);
    assert_eq!(content_type(&res), "image/x-icon");
    let bytes = res.bytes().await.unwrap();
    // An ICO directory (reserved 0, type 1) with at least one image.
    assert_eq!(&bytes[..4], &[0, 0, 1, 0]);
    assert!(bytes[4] > 0);

    let res = app.get("/manifest.webmanifest").await;
    assert_eq!(res.status(), 200);
    assert_eq!(content_type(&res), "application/manifest+json");
    let m: serde_json::Value = res.json().await.unwrap();
    assert_eq!(m["name"], "Maillage");
    assert_eq!(m["lang"], "fr");
    assert_eq!(m["start_url"], "/");
    assert_eq!(m["theme_color"], "#1d5e3a");
    let icons = m["icons"].as_array().unwrap();
    assert!(icons.iter().any(|i| i["sizes"] == "512x512"));
    // Every icon the manifest names is served, with the type it announces.
    for icon in icons {
        let res = app.get(icon["src"].as_str().unwrap()).await;
        assert_eq!(res.status(), 200, "{icon}");
        assert_eq!(content_type(&res), icon["type"].as_str().unwrap(), "{icon}");
    }

    // Every page links them, and the favicon SVG the header shows is served.
    let page = app.get("/").await.text().await.unwrap();
    assert!(page.contains("<link rel=\"manifest\" href=\"/manifest.webmanifest\">"));
    assert!(page.contains("<link rel=\"icon\" href=\"/favicon.ico\""));
    assert!(page.contains("<meta name=\"theme-color\" content=\"#1d5e3a\">"));
    let res = app.get("/static/favicon.svg").await;
    assert_eq!(res.status(), 200);
    assert_eq!(content_type(&res), "image/svg+xml");
    let res = app.get("/static/icons/LICENSE").await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().starts_with("ISC License"));
});

both!(design_page_is_for_admins_only, |app: TestApp| async move {
    // Nobody but an instance admin learns the page exists.
    assert_eq!(app.get("/design").await.status(), 404);
    app.user("membre@example.org", "Marie Membre").await;
    let member = app.new_browser();
    app.login_as(&member, "membre@example.org").await;
    let (status, _) = text(&member, &app, "/design").await;
    assert_eq!(status, 404);

    app.instance_admin("admin@example.org").await;
    let admin = app.new_browser();
    app.login_as(&admin, "admin@example.org").await;
    let (status, page) = text(&admin, &app, "/design").await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Système de design</h1>"), "{page}");
    // Every component has its section.
    for id in [
        "couleurs",
        "espacements",
        "typographie",
        "icones",
        "en-tete",
        "liens",
        "boutons",
        "cartes",
        "etiquettes",
        "tableaux",
        "formulaires",
        "etats-vides",
        "toasts",
    ] {
        assert!(page.contains(&format!("<section id=\"{id}\"")), "{id}");
    }
    // The tokens come from the style sheet, and every checked pair passes.
    assert!(page.contains("<code>--c-brand</code>"));
    assert!(page.contains("#1d5e3a"));
    assert!(page.contains("Conforme") && !page.contains("Insuffisant"));
    // Icons inline and hidden from screen readers; a card shows a typology icon.
    assert!(
        page.contains("<svg class=\"icon icon-drill\" aria-hidden=\"true\" focusable=\"false\"")
    );
    assert!(page.contains("class=\"card media-card\""));
    assert!(page.contains("class=\"table-scroll\" role=\"region\" tabindex=\"0\""));
    assert!(page.contains("class=\"table-hint\""));
    assert!(page.contains("class=\"form-grid\""));
    assert!(page.contains("class=\"empty-state\""));
    assert!(page.contains("class=\"toast toast-error\""));
    // No inline style anywhere (the CSP forbids them).
    assert!(!page.contains("style=\""));

    // In English too.
    let res = admin
        .post(app.url("/langue"))
        .form(&[("lang", "en"), ("next", "/design")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/design");
    let (status, page) = text(&admin, &app, "/design").await;
    assert_eq!(status, 200);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<h1>Design system</h1>"));
    assert!(page.contains("Passes") && !page.contains("Conforme"));
});

both!(
    header_has_sections_user_menu_and_menu_button,
    |app: TestApp| async move {
        // A visitor: the sections, a way to sign in and to sign up, the menu button.
        let page = app.get("/agenda").await.text().await.unwrap();
        assert!(page.contains("<summary class=\"menu-button\">"));
        assert!(page.contains("<a href=\"/agenda\" aria-current=\"page\">"));
        for href in [
            "/lieux",
            "/carte",
            "/groupes",
            "/projets",
            "/connexion",
            "/inscription",
        ] {
            assert!(page.contains(&format!("href=\"{href}\"")), "{href}");
        }
        assert!(!page.contains("id=\"account-link\"") && !page.contains("id=\"logout\""));

        // A member: the user menu, without Administration.
        app.user("membre@example.org", "Marie Membre").await;
        let member = app.new_browser();
        app.login_as(&member, "membre@example.org").await;
        let (_, page) = text(&member, &app, "/agenda").await;
        assert!(page.contains(
            "id=\"account-link\" href=\"/mon-espace\" class=\"header-link account-link\""
        ));
        assert!(page.contains("Marie Membre"));
        assert!(page.contains("aria-label=\"Votre compte\""));
        for (href, label) in [
            ("/mon-espace", "Mon espace"),
            ("/mes-inscriptions", "Mes inscriptions"),
            ("/reservations", "Mes réservations"),
            ("/mes-badges", "Mes badges"),
        ] {
            let item = page
                .split(&format!("<a href=\"{href}\""))
                .nth(1)
                .unwrap_or_else(|| panic!("{href} missing"));
            assert!(
                item[..item.find("</a>").unwrap()].ends_with(label),
                "{href}"
            );
        }
        assert!(page.contains("<form id=\"logout\" method=\"post\" action=\"/deconnexion\">"));
        assert!(page.contains("Se déconnecter"));
        assert!(!page.contains("href=\"/admin\""));
        // Links of the menu are not underlined in the style sheet; links in text are.
        let css = app.get("/static/maillage.css").await.text().await.unwrap();
        assert!(css.contains("nav a { text-decoration: none; }"));

        // An admin also gets Administration, marked current on its pages.
        app.instance_admin("admin@example.org").await;
        let admin = app.new_browser();
        app.login_as(&admin, "admin@example.org").await;
        let (_, page) = text(&admin, &app, "/admin").await;
        assert!(page.contains("<a href=\"/admin\" aria-current=\"page\">"));

        // The language switch still works from the new header, and keeps the page.
        assert!(page.contains("<form id=\"lang-switch\" method=\"post\" action=\"/langue\">"));
        let res = admin
            .post(app.url("/langue"))
            .form(&[("lang", "en"), ("next", "/agenda")])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&res), "/agenda");
        let (_, page) = text(&admin, &app, "/agenda").await;
        assert!(page.contains("<html lang=\"en\">"));
        assert!(page.contains("aria-label=\"Your account\""));
        assert!(page.contains("value=\"fr\" lang=\"fr\""));
    }
);

both!(
    the_agenda_folds_its_filters_until_one_is_set,
    |app: TestApp| async move {
        let client = app.new_browser();
        let (s, page) = text(&client, &app, "/agenda").await;
        assert_eq!(s, 200);
        assert!(
            page.contains("<details class=\"filters-more\" id=\"agenda-more\">"),
            "closed without a filter: {page}"
        );
        assert!(page.contains("<summary>Plus de filtres (type, lieu, dates…)</summary>"));
        // The search box stays outside the fold.
        let search = page.find("id=\"q\"").unwrap();
        let fold = page.find("id=\"agenda-more\"").unwrap();
        assert!(search < fold, "the search box comes first");
        let (s, page) = text(&client, &app, "/agenda?kind=atelier&gratuit=1").await;
        assert_eq!(s, 200);
        assert!(
            page.contains("<details class=\"filters-more\" id=\"agenda-more\" open>"),
            "open with filters: {page}"
        );
        assert!(
            page.contains("<summary>Filtres : 2 actifs</summary>"),
            "{page}"
        );
        // A bad date opens it too, to show the error.
        let (s, page) = text(&client, &app, "/agenda?du=demain").await;
        assert_eq!(s, 422);
        assert!(page.contains("id=\"agenda-more\" open"), "{page}");
    }
);
