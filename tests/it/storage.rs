//! The storage contract: the same story on SQLite and PostgreSQL.

use maillage::accounts::model::RoleKind;
use maillage::accounts::repo;
use maillage::auth::{ratelimit, secret, session};
use maillage::db::dialect::{self, schema_columns, table_exists};
use maillage::ids::UserId;
use maillage::jobs;
use maillage::tenancy::repo as tenancy;

use crate::both;
use crate::harness::{Backend, TestApp, TestDb};

both!(story, |app: TestApp| async move {
    let db = &app.state.db;
    let now = 1_700_000_000_000_i64;

    // Networks and places, with unique slugs.
    let n1 = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", now)
        .await
        .unwrap();
    let n2 = tenancy::insert_network(db, "Réseau Sud", "reseau-sud", "", now)
        .await
        .unwrap();
    assert_eq!(n1.slug, "reseau-sud");
    assert_eq!(n2.slug, "reseau-sud-2");
    let org = tenancy::insert_organization(
        db,
        "Commune de Riez",
        maillage::tenancy::model::OrganizationKind::Commune,
        None,
        now,
    )
    .await
    .unwrap();
    let place = maillage::places::repo::insert_place(
        db,
        maillage::places::repo::NewPlace {
            name: "Tiers-lieu de Riez",
            slug: "tiers-lieu-de-riez",
            description: "Coworking de 4 places — « jeudi » 😀",
            city: "Riez",
            organization_id: Some(org),
            network_id: Some(n1.id),
            now,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        tenancy::networks_of_place(db, place.id).await.unwrap(),
        vec![n1.id]
    );
    let again = tenancy::place_by_slug(db, "tiers-lieu-de-riez")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        again.description, "Coworking de 4 places — « jeudi » 😀",
        "UTF-8 round trip"
    );
    assert_eq!(
        tenancy::places_of_network(db, n1.id).await.unwrap().len(),
        1
    );
    assert!(tenancy::places_of_network(db, n2.id)
        .await
        .unwrap()
        .is_empty());

    // Users: the email is unique whatever its case.
    let u = repo::insert_user(db, "anne@example.org", "Anne", "hash", Some(now), now)
        .await
        .unwrap()
        .unwrap();
    assert!(
        repo::insert_user(db, "anne@example.org", "Autre", "hash", None, now)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        repo::user_by_email(db, "ANNE@Example.org")
            .await
            .unwrap()
            .unwrap()
            .id,
        u
    );

    // Roles: scoped, idempotent, checked by the database.
    repo::grant_role(
        db,
        u,
        RoleKind::PlaceManager,
        None,
        Some(place.id.get()),
        now,
    )
    .await
    .unwrap();
    repo::grant_role(
        db,
        u,
        RoleKind::PlaceManager,
        None,
        Some(place.id.get()),
        now,
    )
    .await
    .unwrap();
    repo::grant_role(db, u, RoleKind::Member, Some(n1.id.get()), None, now)
        .await
        .unwrap();
    let roles = repo::roles_of(db, u).await.unwrap();
    assert_eq!(roles.len(), 2);
    // A network admin role without its network breaks the CHECK constraint.
    assert!(
        repo::grant_role(db, u, RoleKind::NetworkAdmin, None, None, now)
            .await
            .is_err()
    );
    let (holders, total) = repo::role_holders_page(db, None, Some(place.id.get()), 50, 0)
        .await
        .unwrap();
    assert_eq!((holders.len(), total), (1, 1));
    assert_eq!(holders[0].role, "place_manager");

    // Sessions: found while live, gone once expired or revoked.
    let s = session::create(db, u, now, 1, "test").await.unwrap();
    assert_eq!(session::user_of(db, &s, now + 1000).await.unwrap(), Some(u));
    assert_eq!(
        session::user_of(db, &s, now + 3_600_001).await.unwrap(),
        None
    );
    session::revoke(db, &s).await.unwrap();
    assert_eq!(session::user_of(db, &s, now).await.unwrap(), None);

    // API tokens: only the hash is stored; revoked tokens stop working.
    let hash = secret::hash_token("mlg_secret");
    let tid = repo::insert_token(db, u, "cli", &hash, "mlg_secre", now, None)
        .await
        .unwrap();
    assert_eq!(repo::user_by_token(db, &hash, now).await.unwrap(), Some(u));
    assert!(
        !repo::revoke_token(db, UserId(u.get() + 1), tid, now)
            .await
            .unwrap(),
        "another user's token"
    );
    assert!(repo::revoke_token(db, u, tid, now).await.unwrap());
    assert_eq!(repo::user_by_token(db, &hash, now).await.unwrap(), None);

    // Single-use links: used once, never after expiry.
    let h = secret::hash_token("link");
    repo::insert_one_time(
        db,
        repo::NewOneTime {
            purpose: "reset_password",
            hash: &h,
            user_id: Some(u),
            email: "anne@example.org",
            role: None,
            network_id: None,
            place_id: None,
            created_by: None,
            now,
            expires_at: now + 1000,
        },
    )
    .await
    .unwrap();
    assert!(
        repo::use_one_time(db, "confirm_email", &h, now)
            .await
            .unwrap()
            .is_none(),
        "wrong purpose"
    );
    assert!(
        repo::use_one_time(db, "reset_password", &h, now + 1000)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(repo::use_one_time(db, "reset_password", &h, now)
        .await
        .unwrap()
        .is_some());
    assert!(
        repo::use_one_time(db, "reset_password", &h, now)
            .await
            .unwrap()
            .is_none(),
        "used"
    );

    // Rate limits: a fixed window per key.
    for _ in 0..3 {
        assert!(ratelimit::hit(db, "login:1.2.3.4", 3, 60, now)
            .await
            .unwrap());
    }
    assert!(!ratelimit::hit(db, "login:1.2.3.4", 3, 60, now + 1)
        .await
        .unwrap());
    assert!(
        ratelimit::hit(db, "login:5.6.7.8", 3, 60, now + 1)
            .await
            .unwrap(),
        "another key"
    );
    assert!(
        ratelimit::hit(db, "login:1.2.3.4", 3, 60, now + 61_000)
            .await
            .unwrap(),
        "new window"
    );

    // Deleting a user cascades to roles and tokens, keeps audit entries unlinked.
    repo::audit(db, now, Some(u), "login", "127.0.0.1", "")
        .await
        .unwrap();
    repo::delete_user(db, u).await.unwrap();
    assert!(repo::roles_of(db, u).await.unwrap().is_empty());
    assert!(repo::tokens_of(db, u).await.unwrap().is_empty());
    let audit = repo::recent_audit(db, 10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].user_id, None);
});

both!(jobs_are_claimed_once, |app: TestApp| async move {
    let db = &app.state.db;
    let now = 1_700_000_000_000_i64;
    for i in 0..20 {
        jobs::enqueue(db, "email", &format!("{{\"n\":{i}}}"), now)
            .await
            .unwrap();
    }
    // Four workers race for twenty jobs: each job is claimed exactly once.
    let mut handles = Vec::new();
    for _ in 0..4 {
        let db = db.clone();
        handles.push(tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(job) = jobs::claim(&db, now).await.unwrap() {
                got.push(job.id);
            }
            got
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!(before, 20);
    assert_eq!(all.len(), 20);
    // A claimed job is leased: nobody else takes it before the lease ends.
    assert!(jobs::claim(db, now + 1000).await.unwrap().is_none());
    assert!(
        jobs::claim(db, now + 6 * 60 * 1000)
            .await
            .unwrap()
            .is_some(),
        "lease expired: taken over"
    );
});

// The dialect's table probe answers, and the separate search table it names for places
// exists on the engine it names it for, and only there.
both!(dialect_agrees_with_the_schema, |app: TestApp| async move {
    let db = &app.state.db;
    assert!(table_exists(db, "places").await.unwrap());
    assert!(!table_exists(db, "no_such_table").await.unwrap());
    let fts = dialect::places_fts(db.backend());
    assert_eq!(table_exists(db, "places_fts").await.unwrap(), fts.is_some());
});

/// Both migration trees give the same tables and columns.
#[tokio::test]
async fn migrations_agree() {
    let mut cols = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let tdb = TestDb::new(backend).await;
        let db = maillage::db::Db::connect(&tdb.url).await.unwrap();
        db.migrate().await.unwrap();
        let mut c = schema_columns(&db).await.unwrap();
        c.sort();
        db.close().await;
        cols.push(c);
    }
    assert!(cols[0].len() > 40);
    assert_eq!(cols[0], cols[1]);
}

/// Writes a row in a `db_tx!` transaction, then leaves its block early (`return`) or at its
/// end, with `Ok` or with an error.
async fn write_in_tx(
    db: &maillage::db::Db,
    source: &str,
    early: bool,
    fail: bool,
) -> maillage::error::AppResult<&'static str> {
    maillage::db_tx!(db, |tx| async {
        sqlx::query(
            "INSERT INTO place_import_mappings (network_key, source, mapping, updated_at) \
             VALUES (0, $1, '{}', 0)",
        )
        .bind(source)
        .execute(&mut *tx)
        .await?;
        if early && fail {
            return Err(maillage::error::AppError::Conflict("test"));
        }
        if early {
            // Leaves the transaction's block only: the write is committed.
            return Ok("early");
        }
        Ok("end")
    })
}

// Issue 14, follow-up: `db_tx!` took a plain block, whose `return` left the caller's function
// with the transaction dropped, its writes silently rolled back. Its body is now an async
// block: a `return` leaves the block, then the macro commits (or rolls back on `Err`).
both!(
    a_return_inside_a_transaction_commits,
    |app: TestApp| async move {
        let db = &app.state.db;
        assert_eq!(write_in_tx(db, "end", false, false).await.unwrap(), "end");
        assert_eq!(
            write_in_tx(db, "early", true, false).await.unwrap(),
            "early"
        );
        assert!(write_in_tx(db, "failed", true, true).await.is_err());
        let mut sources: Vec<String> = maillage::db_run!(db, |p| sqlx::query_scalar::<_, String>(
            "SELECT source FROM place_import_mappings"
        )
        .fetch_all(p)
        .await)
        .unwrap();
        sources.sort();
        assert_eq!(
            sources,
            ["early", "end"],
            "the early return committed, the error rolled back"
        );
    }
);
