//! Where a database stands against the migrations built into this binary, read without
//! changing anything (for `renfort check`): [`Store::connect`](super::Store::connect) applies
//! them, this only looks.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::AnyConnectOptions;
use sqlx::migrate::{Migrate, Migrator};
use sqlx::{AnyConnection, ConnectOptions, Row};

use super::{Backend, POSTGRES_MIGRATIONS, Result, SQLITE_MIGRATIONS, StoreError};

/// The table sqlx records applied migrations in.
const TABLE: &str = "_sqlx_migrations";

/// A database compared with the binary's migrations.
#[derive(Debug, Clone, PartialEq)]
pub struct MigrationStatus {
    pub backend: Backend,
    /// Migrations this binary knows.
    pub known: usize,
    /// Migrations recorded as applied that this binary knows, with the same text.
    pub applied: usize,
    /// Known but not applied (a new database, or a binary newer than the database).
    pub missing: Vec<i64>,
    /// Applied but unknown to this binary (a newer binary migrated the database).
    pub unknown: Vec<i64>,
    /// Applied with another text than this binary's (a migration edited after release).
    pub changed: Vec<i64>,
    /// A migration that failed half-way.
    pub dirty: Option<i64>,
}

impl MigrationStatus {
    /// Applied, all of them, and nothing else.
    pub fn up_to_date(&self) -> bool {
        self.missing.is_empty()
            && self.unknown.is_empty()
            && self.changed.is_empty()
            && self.dirty.is_none()
    }
}

/// Opens one connection to `url` (an SQLite file read-only: it is neither created nor
/// changed) within `timeout`, and compares its migration record with the binary's.
pub async fn status(url: &str, timeout: Duration) -> Result<MigrationStatus> {
    sqlx::any::install_default_drivers();
    let (backend, migrator, url) = if url.starts_with("sqlite:") {
        let url = if url.contains('?') {
            url.to_string()
        } else {
            format!("{url}?mode=ro")
        };
        (Backend::Sqlite, &SQLITE_MIGRATIONS, url)
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        (Backend::Postgres, &POSTGRES_MIGRATIONS, url.to_string())
    } else {
        return Err(StoreError::Invalid(
            "DATABASE_URL must start with sqlite: or postgres:".into(),
        ));
    };
    let options = AnyConnectOptions::from_str(&url)?;
    let mut conn: AnyConnection = tokio::time::timeout(timeout, options.connect())
        .await
        .map_err(|_| StoreError::Invalid(format!("no answer within {} s", timeout.as_secs())))??;
    let exists_sql = match backend {
        Backend::Sqlite => {
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) FROM information_schema.tables \
             WHERE table_name = '_sqlx_migrations' AND table_schema = current_schema()"
        }
    };
    let exists: i64 = sqlx::query(exists_sql).fetch_one(&mut conn).await?.get(0);
    let (applied, dirty) = if exists == 0 {
        (Vec::new(), None)
    } else {
        (
            conn.list_applied_migrations(TABLE).await?,
            conn.dirty_version(TABLE).await?,
        )
    };
    let _ = sqlx::Connection::close(conn).await;
    Ok(compare(backend, migrator, &applied, dirty))
}

fn compare(
    backend: Backend,
    migrator: &Migrator,
    applied: &[sqlx::migrate::AppliedMigration],
    dirty: Option<i64>,
) -> MigrationStatus {
    let known: Vec<_> = migrator
        .iter()
        .filter(|m| m.migration_type.is_up_migration())
        .collect();
    let mut status = MigrationStatus {
        backend,
        known: known.len(),
        applied: 0,
        missing: Vec::new(),
        unknown: Vec::new(),
        changed: Vec::new(),
        dirty,
    };
    for m in &known {
        match applied.iter().find(|a| a.version == m.version) {
            None => status.missing.push(m.version),
            Some(a) if a.checksum != m.checksum => status.changed.push(m.version),
            Some(_) => status.applied += 1,
        }
    }
    status.unknown = applied
        .iter()
        .map(|a| a.version)
        .filter(|v| !known.iter().any(|m| m.version == *v))
        .collect();
    status
}
