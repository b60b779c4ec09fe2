//! Batch writes: an import's thousands of rows with few multi-row statements, with
//! typologies, network membership, search index and history.

use std::collections::HashMap;

use super::row::{Arg, PlaceRow, COLS};
use crate::db::{dialect, Db};
use crate::db_run;
use crate::error::{AppError, AppResult};
use crate::ids::{NetworkId, PlaceId, UserId};
use crate::places::model::{PlaceInput, PlaceModeration, PlaceVia, Typology};

/// Which existing place an item looked up by its source (`source`, `source_id`) may update:
/// imports are scoped by tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchScope {
    /// Any place: the command line (the operator), an instance administrator's import, the
    /// pages' own edits (authorized before).
    Any,
    /// Only a place of this network (a network administrator's import). A match on any other
    /// place is left untouched — not updated, not added to the network — and reported as a
    /// possible duplicate ([`Saved::duplicate`]).
    Network(NetworkId),
    /// No existing place (an import that belongs to no network, by someone who is not an
    /// instance administrator): every match is a possible duplicate.
    None,
}

/// One write: a new place, or new values for an existing one.
#[derive(Debug, Clone)]
pub struct SaveItem {
    /// Update this place; `None` looks it up by `source`/`source_id`, else creates.
    pub id: Option<PlaceId>,
    pub source: String,
    pub source_id: String,
    pub input: PlaceInput,
    /// Moderation state for a new place (published or pending); updates keep theirs.
    pub moderation: PlaceModeration,
    pub network_id: Option<NetworkId>,
    pub user_id: Option<UserId>,
    pub via: PlaceVia,
    /// Which place found by its source this item may update.
    pub scope: MatchScope,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub id: PlaceId,
    pub slug: String,
    pub created: bool,
    /// Names of the fields that changed (empty for a create or an identical update).
    pub changed: Vec<&'static str>,
    /// The source matched a place outside the item's [`MatchScope`]: nothing was written,
    /// `id` is that place (a possible duplicate, for the report).
    pub duplicate: bool,
}

/// Which fields differ between a stored row and new values.
pub fn changed_fields(old: &PlaceRow, new: &PlaceInput) -> Vec<&'static str> {
    let mut c = Vec::new();
    let pairs: [(&'static str, bool); 21] = [
        ("name", old.name != new.name),
        ("status", old.status != new.status),
        ("address", old.street != new.street),
        ("postal_code", old.postal_code != new.postal_code),
        ("city", old.city != new.city),
        ("insee_code", old.insee_code != new.insee_code),
        (
            "coordinates",
            old.latitude != new.latitude || old.longitude != new.longitude,
        ),
        ("description", old.description != new.description),
        ("opening_hours", old.opening_hours != new.opening_hours),
        ("hours_note", old.hours_note != new.hours_note),
        ("email", old.email != new.email),
        ("phone", old.phone != new.phone),
        ("website", old.website != new.website),
        ("social_links", old.social_links != new.social_links),
        ("services", old.services != new.services),
        ("accessibility", old.accessibility != new.accessibility),
        ("siret", old.siret != new.siret),
        (
            "charter_adopted_on",
            old.charter_adopted_on != new.charter_adopted_on,
        ),
        ("department", false),
        ("region", false),
        ("slug", false),
    ];
    for (name, differs) in pairs {
        if differs {
            c.push(name);
        }
    }
    c
}

/// Writes a batch: new places with few multi-row statements (imports of 50 000 rows), the
/// others (updates, slug collisions, repeated source ids) one by one with [`save_each`].
// Long because its multi-row statements are built and bound inline, one per table, in one transaction.
pub async fn save_batch(
    db: &Db,
    items: &[SaveItem],
    typologies: &[Typology],
    now: i64,
) -> AppResult<Vec<Saved>> {
    if items.len() < 8 {
        return save_each(db, items, typologies, now).await;
    }
    // Which source ids exist already?
    let mut existing: std::collections::HashSet<(String, String)> = Default::default();
    let mut by_source: HashMap<&str, Vec<&str>> = HashMap::new();
    for it in items
        .iter()
        .filter(|i| i.id.is_none() && !i.source.is_empty())
    {
        by_source.entry(&it.source).or_default().push(&it.source_id);
    }
    for (source, ids) in by_source {
        for chunk in ids.chunks(500) {
            let ph: Vec<String> = (2..chunk.len() + 2).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT source_id FROM places WHERE source = $1 AND source <> '' AND source_id IN ({})",
                ph.join(", ")
            );
            let mut args = vec![Arg::T(source.to_string())];
            args.extend(chunk.iter().map(|s| Arg::T(s.to_string())));
            let (sql, args) = dialect::positional(db.backend(), &sql, &args);
            let found: Vec<String> = db_run!(db, |p| bind_args!(
                sqlx::query_scalar::<_, String>(&sql),
                &args
            )
            .fetch_all(p)
            .await)?;
            existing.extend(found.into_iter().map(|f| (source.to_string(), f)));
        }
    }
    // New places, each with a slug and a source id not repeated in the batch.
    let mut seen_slugs: std::collections::HashSet<&str> = Default::default();
    let mut seen_sources: std::collections::HashSet<(&str, &str)> = Default::default();
    let mut fast: Vec<usize> = Vec::new();
    for (n, it) in items.iter().enumerate() {
        let key = (it.source.as_str(), it.source_id.as_str());
        let new_source = it.source.is_empty()
            || (!existing.contains(&(it.source.clone(), it.source_id.clone()))
                && seen_sources.insert(key));
        if it.id.is_none() && new_source && seen_slugs.insert(&it.input.slug) {
            fast.push(n);
        }
    }
    let names: HashMap<i64, String> = typologies.iter().map(|t| (t.id, t.name.clone())).collect();
    let search: Vec<String> = fast
        .iter()
        .map(|n| {
            let i = &items[*n].input;
            let tn: Vec<String> = i
                .typology_ids
                .iter()
                .filter_map(|t| names.get(t).cloned())
                .collect();
            i.search_text(&tn)
        })
        .collect();
    let fts = dialect::places_fts(db.backend());
    // Rows per INSERT (29 values each; SQLite statements are made positional, see
    // [`dialect::positional`]).
    let per_stmt = 400;
    let mut results: Vec<Option<Saved>> = vec![None; items.len()];
    let inserted: Vec<(usize, PlaceId, String)> = crate::db_tx!(db, |tx| async {
        let mut done: Vec<(usize, PlaceId, String)> = Vec::new();
        for (chunk_no, chunk) in fast.chunks(per_stmt).enumerate() {
            let mut args: Vec<Arg> = vec![Arg::I(now)];
            let mut rows = Vec::with_capacity(chunk.len());
            for (k, n) in chunk.iter().enumerate() {
                let it = &items[*n];
                let i = &it.input;
                let b = args.len() + 1;
                rows.push(format!(
                    "({})",
                    (0..27)
                        .map(|j| format!("${}", b + j))
                        .chain(["$1".to_string(), "$1".to_string()])
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                args.extend([
                    Arg::T(i.name.clone()),
                    Arg::T(i.slug.clone()),
                    Arg::T(i.status.as_str().to_string()),
                    Arg::T(it.moderation.as_str().to_string()),
                    Arg::OI(it.user_id.map(UserId::get)),
                    Arg::T(i.street.clone()),
                    Arg::T(i.postal_code.clone()),
                    Arg::T(i.city.clone()),
                    Arg::T(i.insee_code.clone()),
                    Arg::T(i.department.clone()),
                    Arg::T(i.region.clone()),
                    Arg::OF(i.latitude),
                    Arg::OF(i.longitude),
                    Arg::T(i.description.clone()),
                    Arg::T(i.opening_hours.clone()),
                    Arg::T(i.hours_note.clone()),
                    Arg::T(i.email.clone()),
                    Arg::T(i.phone.clone()),
                    Arg::T(i.website.clone()),
                    Arg::T(i.social_links.clone()),
                    Arg::T(i.services.clone()),
                    Arg::T(i.accessibility.clone()),
                    Arg::T(i.siret.clone()),
                    Arg::T(i.charter_adopted_on.clone()),
                    Arg::T(it.source.clone()),
                    Arg::T(it.source_id.clone()),
                    Arg::T(search[chunk_no * per_stmt + k].clone()),
                ]);
            }
            let sql = format!(
                    "INSERT INTO places (name, slug, status, moderation, created_by, street, postal_code, \
                     city, insee_code, department, region, latitude, longitude, description, opening_hours, \
                     hours_note, email, phone, website, social_links, services, accessibility, siret, charter_adopted_on, \
                     source, source_id, search_text, created_at, updated_at) VALUES {} \
                     ON CONFLICT (slug) DO NOTHING RETURNING id, slug",
                    rows.join(", ")
                );
            let (sql, args) = dialect::positional(db.backend(), &sql, &args);
            let returned: Vec<(PlaceId, String)> =
                bind_args!(sqlx::query_as::<_, (PlaceId, String)>(&sql), &args)
                    .fetch_all(&mut *tx)
                    .await?;
            let by_slug: HashMap<String, PlaceId> =
                returned.into_iter().map(|(i, s)| (s, i)).collect();
            let mut typ_args: Vec<Arg> = Vec::new();
            let mut net_args: Vec<Arg> = vec![Arg::I(now)];
            let mut hist_args: Vec<Arg> = vec![Arg::I(now)];
            let mut fts_args: Vec<Arg> = Vec::new();
            for (k, n) in chunk.iter().enumerate() {
                let it = &items[*n];
                let Some(id) = by_slug.get(&it.input.slug) else {
                    continue;
                };
                done.push((*n, *id, it.input.slug.clone()));
                for t in &it.input.typology_ids {
                    typ_args.extend([Arg::I(id.get()), Arg::I(*t)]);
                }
                if let Some(net) = it.network_id {
                    net_args.extend([Arg::I(net.get()), Arg::I(id.get())]);
                }
                hist_args.extend([
                    Arg::I(id.get()),
                    Arg::OI(it.user_id.map(UserId::get)),
                    Arg::T(it.via.as_str().to_string()),
                ]);
                fts_args.extend([
                    Arg::I(id.get()),
                    Arg::T(search[chunk_no * per_stmt + k].clone()),
                ]);
            }
            let values = |args: &[Arg], width: usize, offset: usize, tail: &str| -> String {
                (0..(args.len() - offset) / width)
                    .map(|r| {
                        let cols: Vec<String> = (0..width)
                            .map(|j| format!("${}", offset + r * width + j + 1))
                            .collect();
                        format!("({}{tail})", cols.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !typ_args.is_empty() {
                let sql = format!(
                        "INSERT INTO place_typologies (place_id, typology_id) VALUES {} ON CONFLICT DO NOTHING",
                        values(&typ_args, 2, 0, "")
                    );
                let (sql, a) = dialect::positional(db.backend(), &sql, &typ_args);
                bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
            }
            if net_args.len() > 1 {
                let sql = format!(
                        "INSERT INTO network_places (network_id, place_id, joined_at) VALUES {} ON CONFLICT DO NOTHING",
                        values(&net_args, 2, 1, ", $1")
                    );
                let (sql, a) = dialect::positional(db.backend(), &sql, &net_args);
                bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
            }
            if hist_args.len() > 1 {
                let sql = format!(
                    "INSERT INTO place_history (place_id, user_id, via, at, summary) VALUES {}",
                    values(&hist_args, 3, 1, ", $1, 'created'")
                );
                let (sql, a) = dialect::positional(db.backend(), &sql, &hist_args);
                bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
            }
            if let Some(fts) = fts.filter(|_| !fts_args.is_empty()) {
                let sql = format!(
                    "INSERT INTO {fts} (rowid, search_text) VALUES {}",
                    values(&fts_args, 2, 0, "")
                );
                let (sql, a) = dialect::positional(db.backend(), &sql, &fts_args);
                bind_args!(sqlx::query(&sql), &a).execute(&mut *tx).await?;
            }
        }
        Ok::<Vec<(usize, PlaceId, String)>, AppError>(done)
    })?;
    for (n, id, slug) in inserted {
        results[n] = Some(Saved {
            id,
            slug,
            created: true,
            changed: Vec::new(),
            duplicate: false,
        });
    }
    // Everything else, in order.
    let rest: Vec<usize> = (0..items.len()).filter(|n| results[*n].is_none()).collect();
    let rest_items: Vec<SaveItem> = rest.iter().map(|n| items[*n].clone()).collect();
    let saved = save_each(db, &rest_items, typologies, now).await?;
    for (n, s) in rest.into_iter().zip(saved) {
        results[n] = Some(s);
    }
    Ok(results.into_iter().flatten().collect())
}

/// Writes items one by one in one transaction: inserts or updates, typologies, network
/// membership, search index and history. A place's slug is the first free one among `slug`,
/// `slug-2`…
// Long because each item runs the same sequence of statements (place, typologies, networks, index, history) in one transaction.
async fn save_each(
    db: &Db,
    items: &[SaveItem],
    typologies: &[Typology],
    now: i64,
) -> AppResult<Vec<Saved>> {
    // The search index's rows, where it is a table of its own ([`dialect::places_fts`]).
    let fts = dialect::places_fts(db.backend()).map(|t| {
        (
            format!("DELETE FROM {t} WHERE rowid = $1"),
            format!("INSERT INTO {t} (rowid, search_text) VALUES ($1, $2)"),
        )
    });
    let names: HashMap<i64, String> = typologies.iter().map(|t| (t.id, t.name.clone())).collect();
    let select_sql = format!("SELECT {COLS} FROM places p WHERE p.id = $1");
    // `source <> ''` lets both engines use the partial unique index on (source, source_id).
    let by_source_sql = format!(
        "SELECT {COLS} FROM places p WHERE p.source = $1 AND p.source_id = $2 AND p.source <> ''"
    );
    crate::db_tx!(db, |tx| async {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let i = &item.input;
            let tnames: Vec<String> = i
                .typology_ids
                .iter()
                .filter_map(|t| names.get(t).cloned())
                .collect();
            let search = i.search_text(&tnames);
            let existing: Option<PlaceRow> = match item.id {
                Some(id) => {
                    sqlx::query_as::<_, PlaceRow>(&select_sql)
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?
                }
                None if !item.source.is_empty() && !item.source_id.is_empty() => {
                    sqlx::query_as::<_, PlaceRow>(&by_source_sql)
                        .bind(&item.source)
                        .bind(&item.source_id)
                        .fetch_optional(&mut *tx)
                        .await?
                }
                None => None,
            };
            if item.id.is_some() && existing.is_none() {
                return Err(AppError::NotFound);
            }
            // Found by its source: only a place in the item's scope is updated.
            if let (None, Some(old)) = (item.id, existing.as_ref()) {
                let in_scope = match item.scope {
                        MatchScope::Any => true,
                        MatchScope::None => false,
                        MatchScope::Network(net) => sqlx::query_scalar::<_, i64>(
                            "SELECT COUNT(*) FROM network_places WHERE network_id = $1 AND place_id = $2",
                        )
                        .bind(net)
                        .bind(old.id)
                        .fetch_one(&mut *tx)
                        .await?
                            > 0,
                    };
                if !in_scope {
                    out.push(Saved {
                        id: old.id,
                        slug: old.slug.clone(),
                        created: false,
                        changed: Vec::new(),
                        duplicate: true,
                    });
                    continue;
                }
            }
            let (id, slug, created, changed) = match existing {
                Some(old) => {
                    let mut changed = changed_fields(&old, i);
                    let old_t: Vec<i64> = sqlx::query_scalar::<_, i64>(
                            "SELECT typology_id FROM place_typologies WHERE place_id = $1 ORDER BY typology_id",
                        )
                        .bind(old.id)
                        .fetch_all(&mut *tx)
                        .await?;
                    let mut new_t = i.typology_ids.clone();
                    new_t.sort();
                    if old_t != new_t {
                        changed.push("typologies");
                    }
                    if !changed.is_empty() {
                        sqlx::query(
                                "UPDATE places SET name = $1, status = $2, street = $3, postal_code = $4, city = $5, \
                                 insee_code = $6, department = $7, region = $8, latitude = $9, longitude = $10, \
                                 description = $11, opening_hours = $12, email = $13, phone = $14, website = $15, \
                                 social_links = $16, services = $17, accessibility = $18, siret = $19, \
                                 charter_adopted_on = $20, search_text = $21, updated_at = $22, \
                                 hours_note = $24 WHERE id = $23",
                            )
                            .bind(&i.name)
                            .bind(i.status)
                            .bind(&i.street)
                            .bind(&i.postal_code)
                            .bind(&i.city)
                            .bind(&i.insee_code)
                            .bind(&i.department)
                            .bind(&i.region)
                            .bind(i.latitude)
                            .bind(i.longitude)
                            .bind(&i.description)
                            .bind(&i.opening_hours)
                            .bind(&i.email)
                            .bind(&i.phone)
                            .bind(&i.website)
                            .bind(&i.social_links)
                            .bind(&i.services)
                            .bind(&i.accessibility)
                            .bind(&i.siret)
                            .bind(&i.charter_adopted_on)
                            .bind(&search)
                            .bind(now)
                            .bind(old.id)
                            .bind(&i.hours_note)
                            .execute(&mut *tx)
                            .await?;
                    }
                    (old.id, old.slug, false, changed)
                }
                None => {
                    let mut inserted = None;
                    for n in 1..=1000 {
                        let candidate = if n == 1 {
                            i.slug.clone()
                        } else {
                            format!("{}-{n}", i.slug)
                        };
                        let id: Option<PlaceId> = sqlx::query_scalar::<_, PlaceId>(
                                "INSERT INTO places (name, slug, status, moderation, created_by, street, postal_code, \
                                 city, insee_code, department, region, latitude, longitude, description, opening_hours, \
                                 email, phone, website, social_links, services, accessibility, siret, charter_adopted_on, \
                                 source, source_id, search_text, created_at, updated_at, hours_note) VALUES ($1, $2, \
                                 $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
                                 $22, $23, $24, $25, $26, $27, $27, $28) ON CONFLICT (slug) DO NOTHING RETURNING id",
                            )
                            .bind(&i.name)
                            .bind(&candidate)
                            .bind(i.status)
                            .bind(item.moderation)
                            .bind(item.user_id)
                            .bind(&i.street)
                            .bind(&i.postal_code)
                            .bind(&i.city)
                            .bind(&i.insee_code)
                            .bind(&i.department)
                            .bind(&i.region)
                            .bind(i.latitude)
                            .bind(i.longitude)
                            .bind(&i.description)
                            .bind(&i.opening_hours)
                            .bind(&i.email)
                            .bind(&i.phone)
                            .bind(&i.website)
                            .bind(&i.social_links)
                            .bind(&i.services)
                            .bind(&i.accessibility)
                            .bind(&i.siret)
                            .bind(&i.charter_adopted_on)
                            .bind(&item.source)
                            .bind(&item.source_id)
                            .bind(&search)
                            .bind(now)
                            .bind(&i.hours_note)
                            .fetch_optional(&mut *tx)
                            .await?;
                        if let Some(id) = id {
                            inserted = Some((id, candidate));
                            break;
                        }
                    }
                    let (id, slug) = inserted.ok_or(AppError::Conflict("slug_taken"))?;
                    (id, slug, true, Vec::new())
                }
            };
            let typologies_changed = created || changed.contains(&"typologies");
            if typologies_changed {
                if !created {
                    sqlx::query("DELETE FROM place_typologies WHERE place_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                for t in &i.typology_ids {
                    sqlx::query(
                            "INSERT INTO place_typologies (place_id, typology_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        )
                        .bind(id)
                        .bind(*t)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            if let Some(net) = item.network_id {
                sqlx::query(
                        "INSERT INTO network_places (network_id, place_id, joined_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(net)
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some((fts_delete, fts_insert)) =
                fts.as_ref().filter(|_| created || !changed.is_empty())
            {
                if !created {
                    sqlx::query(fts_delete).bind(id).execute(&mut *tx).await?;
                }
                sqlx::query(fts_insert)
                    .bind(id)
                    .bind(&search)
                    .execute(&mut *tx)
                    .await?;
            }
            if created || !changed.is_empty() {
                let summary = if created {
                    "created".to_string()
                } else {
                    changed.join(",")
                };
                sqlx::query(
                        "INSERT INTO place_history (place_id, user_id, at, via, summary) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(item.user_id)
                    .bind(now)
                    .bind(item.via)
                    .bind(&summary)
                    .execute(&mut *tx)
                    .await?;
            }
            out.push(Saved {
                id,
                slug,
                created,
                changed,
                duplicate: false,
            });
        }
        Ok::<Vec<Saved>, AppError>(out)
    })
}

/// Refreshes the planner's statistics after many writes, where the engine keeps any:
/// [`dialect::analyze_places`]. `lookup`: only the columns an import looks rows up by (cheap,
/// during an import); otherwise those the directory filters, sorts and searches on (at the end).
pub async fn analyze(db: &Db, lookup: bool) -> AppResult<()> {
    Ok(dialect::analyze_places(db, lookup).await?)
}
