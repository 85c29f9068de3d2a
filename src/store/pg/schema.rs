//! The PostgreSQL store's schema: versioned migrations kept beside this file (`migrations/`),
//! applied in order by `portwiz store init`, each version once, in one transaction under an
//! advisory lock so that two runs at once cannot both apply one. A database whose schema is newer
//! than this portwiz knows is never changed by it.

use postgres::Client;

/// The migrations, in order: (version, name, SQL).
const MIGRATIONS: &[(i32, &str, &str)] = &[
    (1, "init", include_str!("migrations/001_init.sql")),
    (2, "csr book", include_str!("migrations/002_csr_book.sql")),
];

/// The schema version this portwiz writes.
pub const LATEST: i32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The advisory lock key of a migration run (the store's transactions use another).
const MIGRATION_LOCK: i64 = 0x706f_7274_7769_7a01;

/// The installed schema version; `None` for a database portwiz never set up.
pub fn installed(client: &mut Client) -> Result<Option<i32>, postgres::Error> {
    let row = client.query_one("SELECT to_regclass('portwiz_schema') IS NOT NULL", &[])?;
    if !row.get::<_, bool>(0) {
        return Ok(None);
    }
    let row = client.query_one("SELECT max(version) FROM portwiz_schema", &[])?;
    Ok(row.get(0))
}

/// Why a database's schema cannot be used by this portwiz, if it cannot.
pub fn unusable(installed: Option<i32>, shown: &str) -> Option<String> {
    match installed {
        None => Some(format!(
            "the database {shown} has no portwiz schema yet; create it with `portwiz store init --database-url URL`"
        )),
        Some(v) if v > LATEST => Some(format!(
            "the database {shown} has portwiz schema {v}, newer than this portwiz knows (up to {LATEST}); update portwiz to use it (nothing was changed)"
        )),
        Some(v) if v < LATEST => Some(format!(
            "the database {shown} has portwiz schema {v}; bring it up to {LATEST} with `portwiz store init` (nothing was changed)"
        )),
        Some(_) => None,
    }
}

/// Brings the schema up to [`LATEST`]; gives the version found (`None` for a new one).
/// Running it again changes nothing.
pub fn migrate(client: &mut Client, shown: &str) -> Result<Option<i32>, String> {
    let failed = |e: postgres::Error| {
        format!(
            "the schema of {shown} could not be set up ({}); nothing was changed",
            e.as_db_error()
                .map_or_else(|| e.to_string(), |db| db.message().to_string())
        )
    };
    let mut tx = client.transaction().map_err(failed)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(failed)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS portwiz_schema (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )",
    )
    .map_err(failed)?;
    let found: Option<i32> = tx
        .query_one("SELECT max(version) FROM portwiz_schema", &[])
        .map_err(failed)?
        .get(0);
    if let Some(v) = found.filter(|v| *v > LATEST) {
        return Err(format!(
            "the database {shown} has portwiz schema {v}, newer than this portwiz knows (up to {LATEST}); update portwiz (nothing was changed)"
        ));
    }
    for (version, name, sql) in MIGRATIONS {
        if found.is_some_and(|f| f >= *version) {
            continue;
        }
        tx.batch_execute(sql).map_err(failed)?;
        tx.execute(
            "INSERT INTO portwiz_schema (version, name) VALUES ($1, $2)",
            &[version, name],
        )
        .map_err(failed)?;
    }
    tx.commit().map_err(failed)?;
    Ok(found)
}
