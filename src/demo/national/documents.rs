//! Documents of places, networks, groups and projects: toolkit sheets (rich text) and files.
//! Each has the folded search text the documents' repository writes (SQLite's triggers copy
//! it into `documents_fts`). Files share a few small PDF contents: `file_blobs` stores a
//! content once by its SHA-256, whatever the number of versions pointing at it.

use rand::Rng;

use super::data::DOC_TITLES;
use super::plan::{anchor_ms, chance, pick, rng, Figures, Scale, World, DAY_MS};
use super::sink::{finish_linked, flush_linked, max_id, row, Batch};
use crate::db::Db;
use crate::db_run;
use crate::error::AppResult;
use crate::groups::model::html_text;
use crate::text::{fold_words, sanitize_html};

/// A one-page PDF, distinct per `title`.
fn pdf(title: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% {title}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
         2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
         3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n\
         trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    .into_bytes()
}

/// Writes the documents; returns how many.
pub async fn load(db: &Db, scale: Scale, f: &Figures, world: &World) -> AppResult<i64> {
    let mut rng = rng(scale, "documents");
    let anchor = anchor_ms();
    let base = max_id(db, "documents").await?;
    let mut v_id = max_id(db, "document_versions").await?;
    let blobs: Vec<(String, Vec<u8>)> = ["Guide", "Modèle", "Compte-rendu"]
        .iter()
        .map(|t| {
            let bytes = pdf(t);
            (crate::media::sha256_hex(&bytes), bytes)
        })
        .collect();
    for (sha, bytes) in &blobs {
        db_run!(db, |p| sqlx::query(
            "INSERT INTO file_blobs (sha256, size, content, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (sha256) DO NOTHING"
        )
        .bind(sha)
        .bind(bytes.len() as i64)
        .bind(bytes.as_slice())
        .bind(anchor - 1000 * DAY_MS)
        .execute(p)
        .await
        .map(|r| r.rows_affected()))?;
    }
    let mut docs = Batch::linked(
        "documents",
        &[
            "id",
            "group_id",
            "place_id",
            "network_id",
            "project_id",
            "folder_id",
            "kind",
            "title",
            "tags",
            "body",
            "visibility",
            "search_text",
            "created_by",
            "created_at",
            "updated_at",
        ],
    );
    let mut versions = Batch::linked(
        "document_versions",
        &[
            "id",
            "document_id",
            "version",
            "filename",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
        ],
    );
    for d in 0..f.documents {
        let id = base + 1 + d;
        let (mut group, mut place, mut network, mut project) = (None, None, None, None);
        match d % 10 {
            0 => place = Some(world.places[world.big_place].id.get()),
            1..=3 => place = Some(pick(&mut rng, &world.places).id.get()),
            4 | 5 => network = Some(pick(&mut rng, &world.networks).0),
            6..=8 if !world.groups.is_empty() => group = Some(*pick(&mut rng, &world.groups)),
            _ if !world.projects.is_empty() => project = Some(*pick(&mut rng, &world.projects)),
            _ => network = Some(world.networks[0].0),
        }
        let visibility = match (group, rng.gen_range(0..3)) {
            (Some(_), 0) => "public",
            (Some(_), _) => "group",
            (None, 0) => "public",
            (None, 1) => "network",
            (None, _) => "managers",
        };
        let title = format!("{} ({})", pick(&mut rng, &DOC_TITLES), d + 1);
        let file = chance(&mut rng, 30);
        let tags = *pick(
            &mut rng,
            &[
                "guide, pratique",
                "modèle",
                "gouvernance",
                "financement",
                "",
            ],
        );
        let body = if file {
            String::new()
        } else {
            sanitize_html(&format!(
                "<h2>{title}</h2><p>Cette fiche rassemble l'expérience des tiers-lieux du réseau.</p>\
                 <ol><li>Identifier les besoins du territoire</li><li>Réunir les porteurs</li>\
                 <li>Construire le modèle économique</li></ol>"
            ))
        };
        let search = fold_words(&format!("{title} {tags} {}", html_text(&body)));
        let author = world.any_user(&mut rng);
        let created = anchor - rng.gen_range(10..1000) * DAY_MS;
        docs.push(
            db,
            row![
                id,
                group.map(|g| g.0),
                place,
                network,
                project,
                None::<i64>,
                if file { "file" } else { "sheet" },
                title.clone(),
                tags,
                body,
                visibility,
                search,
                Some(author),
                created,
                created,
            ],
        )
        .await?;
        if file {
            let (sha, bytes) = pick(&mut rng, &blobs);
            v_id += 1;
            versions
                .push(
                    db,
                    row![
                        v_id,
                        id,
                        1i64,
                        format!("{}.pdf", slug::slugify(&title)),
                        "application/pdf",
                        bytes.len() as i64,
                        sha.clone(),
                        Some(author),
                        created,
                    ],
                )
                .await?;
        }
        flush_linked(db, &mut [&mut docs, &mut versions]).await?;
    }
    finish_linked(db, vec![docs, versions]).await
}
