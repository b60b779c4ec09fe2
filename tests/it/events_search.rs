//! The agenda's search (`q`) on both backends, through the events' full-text index
//! (migration 0045): each word a prefix, all required, case and accents folded, kept right
//! by the database when an event is changed or deleted however it is written, and the same
//! in the API, the pages and the feeds.

use serde_json::{json, Value};

use crate::both;
use crate::events::{create, future, world};
use crate::harness::TestApp;

/// The titles the API lists for `q` (URL-encoded by the caller).
async fn found(app: &TestApp, q: &str) -> Vec<String> {
    let res = reqwest::get(app.url(&format!("/api/v1/events?q={q}")))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    let mut titles: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    titles
}

both!(
    the_agenda_search_finds_words_whatever_their_case_and_accents,
    |app: TestApp| async move {
        let w = world(&app).await;
        let mut ids = Vec::new();
        for (day, title, description) in [
            (
                1,
                "Réparation de vélos",
                "Apportez votre bicyclette et vos outils.",
            ),
            (2, "Atelier couture", "Œuvres textiles et machine à coudre."),
            (3, "Conférence", "Les tiers-lieux en Provence, l'été venu."),
        ] {
            let ev = create(
                &app,
                &w.manager_token,
                json!({"title": title, "description": description, "kind": "atelier",
                       "starts_at": future(day, 9), "ends_at": future(day, 12),
                       "place_id": w.place}),
            )
            .await;
            ids.push(ev["id"].as_i64().unwrap());
        }
        // Accents and case folded both ways; each word a prefix; every word required.
        assert_eq!(found(&app, "velo").await, ["Réparation de vélos"]);
        assert_eq!(
            found(&app, "R%C3%89PARATION").await,
            ["Réparation de vélos"]
        );
        assert_eq!(found(&app, "repa%20velo").await, ["Réparation de vélos"]);
        assert!(found(&app, "repa%20couture").await.is_empty());
        // The description is searched too, its ligatures and apostrophes included.
        assert_eq!(found(&app, "oeuvres").await, ["Atelier couture"]);
        assert_eq!(found(&app, "bicyc").await, ["Réparation de vélos"]);
        assert_eq!(found(&app, "ete%20provence").await, ["Conférence"]);
        assert_eq!(found(&app, "tiers-lieux").await, ["Conférence"]);
        // Punctuation alone is no word: the whole agenda.
        assert_eq!(found(&app, "%22%2A%27").await.len(), 3);
        // Changed or deleted straight in the database (as an import or another node writes
        // it): the index follows.
        let db = &app.state.db;
        let rename = format!(
            "UPDATE events SET title = 'Café-réparation', description = '' WHERE id = {}",
            ids[0]
        );
        maillage::db_run!(db, |p| sqlx::query(&rename).execute(p).await.map(|_| ())).unwrap();
        assert!(found(&app, "velo").await.is_empty());
        assert_eq!(found(&app, "cafe").await, ["Café-réparation"]);
        let gone = format!(
            "DELETE FROM event_occurrences WHERE event_id = {id}; DELETE FROM events WHERE id = {id}",
            id = ids[1]
        );
        maillage::db_run!(db, |p| sqlx::raw_sql(&gone).execute(p).await.map(|_| ())).unwrap();
        assert!(found(&app, "couture").await.is_empty());
        // The agenda page and its feed answer the same search.
        let page = app.get("/agenda?q=cafe").await.text().await.unwrap();
        assert!(page.contains("Café-réparation"), "{page}");
        assert!(!page.contains("Conférence"));
        let ics = app
            .get("/agenda.ics?q=provence")
            .await
            .text()
            .await
            .unwrap();
        assert!(ics.contains("SUMMARY:Conférence"), "{ics}");
        assert!(!ics.contains("Café-réparation"));
    }
);
