//! Rich text that stays rich (issue 17 point 6): an animator writes a meeting's minutes in
//! Markdown (a list, a link, bold), reads them formatted on the page, opens the form again and
//! finds Markdown, not tags; the editor's preview (`POST /apercu`) renders and sanitizes like a
//! save, for signed-in people and from our own origin only; the API still takes HTML, and takes
//! Markdown too.

use serde_json::json;

use crate::both;
use crate::harness::{location, send, TestApp};
use maillage::demo::DEMO_PASSWORD;

const COMMISSION: &str = "/groupes/commission-accompagnement-des-projets";

/// The text of a page's `<textarea id="{id}">`, entities decoded.
fn textarea(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("<textarea id=\"{id}\""))
        .unwrap_or_else(|| panic!("no textarea #{id}"));
    let open_end = start + html[start..].find('>').unwrap() + 1;
    let end = open_end + html[open_end..].find("</textarea>").unwrap();
    html[open_end..end]
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

both!(
    an_animator_writes_minutes_in_markdown_and_edits_them_without_tags,
    |app: TestApp| async move {
        maillage::demo::load(&app.state).await.unwrap();
        let animator = app.new_browser();
        let res = animator
            .post(app.url("/connexion"))
            .form(&[
                ("email", "animatrice@demo.maillage.fr"),
                ("password", DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "the animator signs in");
        let res = animator
            .post(app.url(&format!("{COMMISSION}/reunions")))
            .form(&[
                ("title", "Point d'étape"),
                ("date", "2031-05-06"),
                ("start", "14:00"),
                ("end", "16:00"),
                ("room", "Salle du conseil"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);
        let meeting = location(&res);
        assert!(meeting.starts_with("/reunions/"), "{meeting}");

        let markdown = "Bilan de la **commission** :\ntrois dossiers ouverts.\n\n\
                        - le diagnostic de Riez\n\
                        - la [fiche accueil](https://exemple.fr/fiche) à relire\n\n\
                        ## Prochaine étape\n\nVisite le *12 juin*.";
        let res = animator
            .post(app.url(&format!("{meeting}/compte-rendu")))
            .form(&[("minutes", markdown), ("minutes_visibility", "public")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303);

        // A visitor reads them formatted.
        let html = app.get(&meeting).await.text().await.unwrap();
        let minutes_at = html.find("id=\"minutes\"").expect("the minutes are shown");
        let minutes = &html[minutes_at..];
        for formatted in [
            "<strong>commission</strong> :<br>",
            "<li>le diagnostic de Riez</li>",
            "<a href=\"https://exemple.fr/fiche\" rel=\"noopener noreferrer nofollow\">fiche accueil</a>",
            "<h2>Prochaine étape</h2>",
            "<em>12 juin</em>",
        ] {
            assert!(minutes.contains(formatted), "{formatted} in {minutes}");
        }
        assert!(
            !minutes[..600].contains("**"),
            "no Markdown left on the page"
        );

        // The form shows them back as Markdown: no tag, the same list, link and bold.
        let html = animator
            .get(app.url(&meeting))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("data-rich"), "the textarea is enhanced");
        assert!(
            html.contains("id=\"rich-editor\""),
            "with the toolbar's template"
        );
        assert!(html.contains("/static/editor.js"), "and its script");
        let text = textarea(&html, "minutes-text");
        for tag in ["<p>", "<br", "<ul>", "<li>", "<strong>", "<a "] {
            assert!(!text.contains(tag), "{tag} shown in the textarea: {text}");
        }
        for md in [
            "**commission**",
            "- le diagnostic de Riez",
            "[fiche accueil](https://exemple.fr/fiche)",
            "## Prochaine étape",
            "*12 juin*",
        ] {
            assert!(text.contains(md), "{md} in {text}");
        }
        // Saved again unchanged, they stay the same HTML.
        let stored_before = app.get(&meeting).await.text().await.unwrap();
        animator
            .post(app.url(&format!("{meeting}/compte-rendu")))
            .form(&[("minutes", text.as_str()), ("minutes_visibility", "public")])
            .send()
            .await
            .unwrap();
        let stored_after = app.get(&meeting).await.text().await.unwrap();
        let minutes_of = |h: &str| {
            let i = h.find("id=\"minutes\"").unwrap();
            h[i..i + h[i..].find("</div>").unwrap()].to_string()
        };
        assert_eq!(minutes_of(&stored_after), minutes_of(&stored_before));

        // The preview renders Markdown and sanitizes like a save.
        let preview = |text: &'static str| {
            let animator = animator.clone();
            let url = app.url("/apercu");
            async move {
                let res = animator
                    .post(url)
                    .form(&[("text", text)])
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let ct = res
                    .headers()
                    .get("content-type")
                    .map(|v| v.to_str().unwrap().to_string())
                    .unwrap_or_default();
                (status, ct, res.text().await.unwrap())
            }
        };
        let (status, ct, out) = preview("**gras**\n\n- un\n- deux").await;
        assert_eq!(status, 200);
        assert!(ct.starts_with("text/html"), "{ct}");
        assert_eq!(
            out,
            "<p><strong>gras</strong></p>\n<ul>\n<li>un</li>\n<li>deux</li>\n</ul>"
        );
        let (status, _, out) = preview(
            "<p>Bonjour<script>alert(1)</script> <a href=\"javascript:alert(1)\">x</a><img src=x onerror=alert(2)></p>",
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            !out.contains("script") && !out.contains("javascript"),
            "{out}"
        );
        assert!(!out.contains("onerror") && !out.contains("<img"), "{out}");
        assert!(out.contains("Bonjour"), "{out}");
        let (_, _, out) = preview("Essai <script>alert(1)\n[x](javascript:alert(1))").await;
        assert!(
            !out.contains("<script") && !out.contains("javascript"),
            "{out}"
        );
        assert!(
            out.contains("&lt;script&gt;"),
            "typed HTML stays text: {out}"
        );
        let (_, _, out) = preview("   ").await;
        assert_eq!(out, "");

        // Only signed-in people, only from our own origin.
        let res = app
            .new_browser()
            .post(app.url("/apercu"))
            .form(&[("text", "**x**")])
            .send()
            .await
            .unwrap();
        assert_ne!(res.status(), 200, "a visitor has no preview");
        let res = animator
            .post(app.url("/apercu"))
            .header("origin", "https://ailleurs.example")
            .header("sec-fetch-site", "cross-site")
            .form(&[("text", "**x**")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "a cross-site preview is refused");

        // The API takes HTML as before, and Markdown too; both are stored sanitized HTML.
        let animator_id =
            maillage::accounts::repo::user_by_email(&app.state.db, "animatrice@demo.maillage.fr")
                .await
                .unwrap()
                .unwrap()
                .id;
        let token = app.token_for(animator_id).await;
        let api = meeting.replace("/reunions/", "/api/v1/meetings/") + "/minutes";
        let (s, body) = send(
            &app,
            reqwest::Method::PUT,
            &api,
            &token,
            json!({"minutes": "<p>En <b>HTML</b><script>x()</script></p>", "minutes_visibility": "public"}),
        )
        .await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(body["minutes"], "<p>En <b>HTML</b></p>");
        let (s, body) = send(
            &app,
            reqwest::Method::PUT,
            &api,
            &token,
            json!({"minutes": "En **Markdown**\n\n1. un\n2. deux", "minutes_visibility": "public"}),
        )
        .await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(
            body["minutes"],
            "<p>En <strong>Markdown</strong></p>\n<ol>\n<li>un</li>\n<li>deux</li>\n</ol>"
        );
    }
);
