//! Storage through `sqlx::Any`: one code base for SQLite (the embedded default) and
//! PostgreSQL (several instances). Chosen over two concrete pools because every query here is
//! plain SQL that both accept with `$N` placeholders; the price is Any's limits (no BOOLEAN or
//! TIMESTAMP columns: flags are integers, times are unix seconds) and one migration folder per
//! backend, `migrations/sqlite` and `migrations/postgres`, which differ only in id columns.

//!
//! One file per aggregate, and every query of the project lives in one of them:
//! [`volunteers`], [`contacts`], [`missions`], [`participations`], [`structures`], [`staff`]
//! (referents, moderators, invitations, départements' rules), [`outbox`]; plus [`matching`]
//! (the one rule deciding which missions suit which volunteers, for offers and alerts),
//! [`moderation`] (the queue), [`flood`] (loop and flood protection), [`stats`], [`tokens`] and the inbound log below.

pub mod console;
pub mod contacts;
pub mod fanout;
pub mod flood;
pub mod journal;
pub mod matching;
pub mod migrations;
pub mod missions;
pub mod moderation;
pub mod outbox;
pub mod participations;
pub mod places;
pub mod private_files;
pub mod receipts;
pub mod staff;
pub mod stats;
pub mod structures;
pub mod tokens;
pub mod volunteers;

pub use moderation::QueueItem;
pub use outbox::{Claim, Claimed, OutboxMessage, Outgoing, Settle};
pub use staff::StaffContact;

/// `'a', 'b'` for `IN (…)` from a list of enum values: the SQL says which statuses it means
/// without repeating their spelling (the values come from the enums, never from users).
pub(crate) fn sql_list<T: Copy>(values: &[T], as_str: fn(T) -> &'static str) -> String {
    values
        .iter()
        .map(|v| format!("'{}'", as_str(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Connection, Executor, Row, Transaction};

pub type Tx = Transaction<'static, Any>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// Reads that need no transaction of the writer's: on SQLite, connections of their own
    /// beside the single writer (WAL lets them read while it writes); on PostgreSQL, the pool.
    readers: AnyPool,
    backend: Backend,
}

/// Read connections beside SQLite's writer.
const READERS: u32 = 4;

/// Whether a connection coming back to its pool may serve again. A dropped transaction is
/// rolled back after the fact; when that rollback fails, the connection still counts itself
/// inside a transaction and refuses every later BEGIN. That is what SQLite's "database or disk
/// is full" does: SQLite rolls the transaction back by itself, sqlx's own ROLLBACK then fails
/// ("no transaction is active"), and the single writer would refuse every write until its
/// maximum age. Such a connection is closed here and the pool opens a fresh one at the next
/// acquire. The common path costs nothing: the round trip that lets the queued rollback run
/// is only made when the connection still counts itself in a transaction.
async fn healthy_on_release(
    conn: &mut sqlx::AnyConnection,
) -> std::result::Result<bool, sqlx::Error> {
    if conn.is_in_transaction() {
        conn.ping().await?;
    }
    if conn.is_in_transaction() {
        tracing::warn!("database: a failed transaction left its connection unusable; reopening");
        return Ok(false);
    }
    Ok(true)
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

impl Store {
    /// Connects and runs the migrations. `sqlite://file.db` creates the file if absent and
    /// uses WAL; `postgres://…` uses PostgreSQL.
    pub async fn connect(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Invalid(format!(
                "DATABASE_URL must start with sqlite: or postgres: (got {})",
                url.split(':').next().unwrap_or("")
            )));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains('?') && !url.contains(":memory:") => {
                format!("{url}?mode=rwc")
            }
            _ => url.to_string(),
        };
        let file = match backend {
            Backend::Sqlite => private_files::sqlite_path(&url),
            Backend::Postgres => None,
        };
        if let Some(path) = &file
            && url.contains("mode=rwc")
        {
            private_files::create_private(path).map_err(|e| {
                StoreError::Invalid(format!("cannot create {}: {e}", path.display()))
            })?;
        }
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = match backend {
            // One connection: SQLite has one writer anyway, and a single connection avoids
            // lock upgrades failing between concurrent transactions of this process.
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(Duration::from_secs(30))
                    // A ping before each use is a round trip to the connection's thread for
                    // nothing: a local file does not drop the connection like a network does.
                    .test_before_acquire(false)
                    .after_release(|conn, _| Box::pin(healthy_on_release(conn)))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("PRAGMA journal_mode = WAL").await?;
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(30))
                    .after_release(|conn, _| Box::pin(healthy_on_release(conn)))
                    .connect_with(options)
                    .await?
            }
        };
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        // After the first connection, which made the `-wal` and `-shm` files.
        if let Some(path) = &file {
            let narrowed = private_files::narrow(path).map_err(|e| {
                StoreError::Invalid(format!("cannot restrict {}: {e}", path.display()))
            })?;
            for f in narrowed {
                tracing::warn!(file = %f.display(), "database file was readable by others: now 0600");
            }
        }
        let readers = match backend {
            // An in-memory database is private to its connection: no readers beside it.
            Backend::Sqlite if !url.contains(":memory:") => {
                AnyPoolOptions::new()
                    .max_connections(READERS)
                    .min_connections(0)
                    .acquire_timeout(Duration::from_secs(30))
                    .test_before_acquire(false)
                    .after_release(|conn, _| Box::pin(healthy_on_release(conn)))
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute("PRAGMA busy_timeout = 10000").await?;
                            conn.execute("PRAGMA query_only = ON").await?;
                            Ok(())
                        })
                    })
                    .connect_with(AnyConnectOptions::from_str(&url)?)
                    .await?
            }
            _ => pool.clone(),
        };
        Ok(Store {
            pool,
            readers,
            backend,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Connections for reads outside the writer's transaction (see `readers`).
    pub fn readers(&self) -> &AnyPool {
        &self.readers
    }

    /// Opens a write transaction. On SQLite it takes the write lock at BEGIN (IMMEDIATE): a
    /// deferred transaction that reads and then writes fails at once with "database is locked"
    /// when another process wrote in between, whereas BEGIN IMMEDIATE waits up to busy_timeout.
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Whether the database takes writes now: on SQLite the writer begins a write
    /// transaction (a connection stuck in a failed transaction, or a file locked by another
    /// process, fails here where a ping would not), on PostgreSQL a pooled connection answers.
    /// Nothing is written.
    pub async fn answers(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => self.begin().await?.rollback().await?,
            Backend::Postgres => {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
            }
        }
        Ok(())
    }

    pub async fn ping(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        conn.ping().await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.readers.close().await;
        self.pool.close().await;
    }
}

/// Inbound bodies are kept this long, then blanked.
pub const INBOUND_RETENTION: i64 = 30 * 86_400;

/// An inbound message as it is recorded, before it is processed.
pub struct InboundRecord<'a> {
    pub channel: &'a str,
    pub external_id: &'a str,
    pub address: &'a str,
    pub body: &'a str,
    pub received_at: i64,
}

/// Records an inbound message; `false` if its id was seen before (a replay).
pub async fn record_inbound(
    tx: &mut Tx,
    channel: &str,
    external_id: &str,
    address: &str,
    body: &str,
    now: i64,
) -> Result<bool> {
    let record = InboundRecord {
        channel,
        external_id,
        address,
        body,
        received_at: now,
    };
    Ok(record_inbound_many(tx, &[record]).await?[0])
}

/// Records inbound messages in one statement; for each, `false` if its id was seen before
/// (a replay), in the database or earlier in `records`.
pub async fn record_inbound_many(tx: &mut Tx, records: &[InboundRecord<'_>]) -> Result<Vec<bool>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let values = (0..records.len())
        .map(|i| {
            let p = i * 5;
            format!(
                "(${}, ${}, ${}, ${}, ${})",
                p + 1,
                p + 2,
                p + 3,
                p + 4,
                p + 5
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO inbound (channel, external_id, received_at, address, body) VALUES {values} \
         ON CONFLICT (channel, external_id) DO NOTHING RETURNING channel, external_id"
    )));
    for r in records {
        query = query
            .bind(r.channel)
            .bind(r.external_id)
            .bind(r.received_at)
            .bind(r.address)
            .bind(r.body.chars().take(2_000).collect::<String>());
    }
    let mut new: std::collections::HashSet<(String, String)> = query
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    // The same id twice in one batch is inserted once: the first one is new, the next a replay.
    Ok(records
        .iter()
        .map(|r| new.remove(&(r.channel.to_string(), r.external_id.to_string())))
        .collect())
}

/// Blanks what an erased volunteer wrote, and what staff wrote about them (a referent's MSG;
/// the staff member's address stays).
pub(crate) async fn blank_inbound_of_volunteer(tx: &mut Tx, volunteer_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE inbound SET body = NULL, address = NULL WHERE (channel, address) IN \
         (SELECT channel, address FROM contacts WHERE volunteer_id = $1)",
    )
    .bind(volunteer_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE inbound SET body = NULL WHERE about_volunteer = $1 AND body IS NOT NULL")
        .bind(volunteer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks the inbound message being handled (this sender's, received now) as about a
/// volunteer: a referent's MSG to them is blanked when they erase their data.
pub(crate) async fn inbound_about(
    tx: &mut Tx,
    channel: &str,
    address: &str,
    received_at: i64,
    volunteer_id: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE inbound SET about_volunteer = $4 WHERE channel = $1 AND address = $2 \
         AND received_at = $3",
    )
    .bind(channel)
    .bind(address)
    .bind(received_at)
    .bind(volunteer_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Blanks inbound bodies older than the retention period.
    pub async fn purge_inbound(&self, now: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE inbound SET body = NULL, address = NULL WHERE received_at < $1 AND body IS NOT NULL",
        )
        .bind(now - INBOUND_RETENTION)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }
}

#[cfg(test)]
mod tests;
