//! Structures (associations, CCAS, …): lookup by reference, creation, the API's reads and
//! changes.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Result, Store, Tx};
use crate::domain::{StructureKind, StructureStatus};

/// Name of the structure offering a mission.
pub async fn structure_of_mission(tx: &mut Tx, mission_id: i64) -> Result<String> {
    Ok(sqlx::query_scalar(
        "SELECT s.name FROM structures s JOIN missions m ON m.structure_id = s.id WHERE m.id = $1",
    )
    .bind(mission_id)
    .fetch_one(&mut **tx)
    .await?)
}

/// A structure by its reference or its numeric id: (id, département).
pub async fn by_reference(store: &Store, reference: &str) -> Result<Option<(i64, String)>> {
    Ok(sqlx::query(
        "SELECT id, departement FROM structures WHERE external_ref = $1 \
         OR CAST(id AS TEXT) = $1",
    )
    .bind(reference)
    .fetch_optional(store.pool())
    .await?
    .map(|r| (r.get::<i64, _>(0), r.get::<String, _>(1))))
}

pub(super) async fn set_status(tx: &mut Tx, id: i64, status: StructureStatus) -> Result<()> {
    sqlx::query("UPDATE structures SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(status.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A structure to write.
#[derive(Debug, Clone, PartialEq)]
pub struct NewStructure {
    pub external_ref: Option<String>,
    pub name: String,
    pub kind: StructureKind,
    pub departement: String,
    pub insee: Option<String>,
    pub status: StructureStatus,
}

/// Writes a structure, or finds the one with the same reference; returns its id.
pub async fn ensure(tx: &mut Tx, s: &NewStructure, now: i64) -> Result<i64> {
    let created: Option<i64> = sqlx::query_scalar(
        "INSERT INTO structures (external_ref, name, kind, departement, insee, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (external_ref) DO NOTHING RETURNING id",
    )
    .bind(s.external_ref.clone())
    .bind(&s.name)
    .bind(s.kind.as_str())
    .bind(&s.departement)
    .bind(s.insee.clone())
    .bind(s.status.as_str())
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    match created {
        Some(id) => Ok(id),
        None => Ok(
            sqlx::query_scalar("SELECT id FROM structures WHERE external_ref = $1")
                .bind(s.external_ref.clone())
                .fetch_one(&mut **tx)
                .await?,
        ),
    }
}

/// A structure as the API shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct StructureRecord {
    pub id: i64,
    pub name: String,
    pub kind: StructureKind,
    pub departement: String,
    pub insee: Option<String>,
    pub status: StructureStatus,
}

const RECORD_COLUMNS: &str = "id, name, kind, departement, insee, status";

fn record(r: &AnyRow) -> StructureRecord {
    StructureRecord {
        id: r.get(0),
        name: r.get(1),
        // Written from a `StructureKind` only.
        kind: StructureKind::parse(&r.get::<String, _>(2)).unwrap_or(StructureKind::Autre),
        departement: r.get(3),
        insee: r.get(4),
        status: StructureStatus::parse(&r.get::<String, _>(5)).unwrap_or(StructureStatus::Pending),
    }
}

pub async fn list(store: &Store) -> Result<Vec<StructureRecord>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {RECORD_COLUMNS} FROM structures ORDER BY id"
    )))
    .fetch_all(store.pool())
    .await?;
    Ok(rows.iter().map(record).collect())
}

pub async fn get(store: &Store, id: i64) -> Result<Option<StructureRecord>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {RECORD_COLUMNS} FROM structures WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    Ok(row.as_ref().map(record))
}

/// Renames and/or re-kinds a structure.
pub async fn update(
    store: &Store,
    id: i64,
    name: Option<&str>,
    kind: Option<StructureKind>,
) -> Result<()> {
    sqlx::query(
        "UPDATE structures SET name = COALESCE($2, name), kind = COALESCE($3, kind) WHERE id = $1",
    )
    .bind(id)
    .bind(name.map(str::to_string))
    .bind(kind.map(|k| k.as_str().to_string()))
    .execute(store.pool())
    .await?;
    Ok(())
}

/// Creates a structure without a reference; returns its id.
pub async fn create(store: &Store, s: &NewStructure, now: i64) -> Result<i64> {
    let mut tx = store.begin().await?;
    let id = ensure(&mut tx, s, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Structure `id`'s département; `None` if there is no such structure.
pub async fn departement_of(tx: &mut Tx, id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT departement FROM structures WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?,
    )
}
