//! Missions: creation (import, API, demo), the API's reads and changes. Places taken and
//! freed are `places`.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::{Result, Store, Tx, sql_list};
use crate::domain::{Domain, MissionStatus};
use crate::engine::staff::referent::OpenMission;
use crate::geo::Point;

/// Mission title (for alerts).
pub async fn mission_title(tx: &mut Tx, mission_id: i64) -> Result<String> {
    Ok(
        sqlx::query_scalar("SELECT title FROM missions WHERE id = $1")
            .bind(mission_id)
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// A mission as a moderator is shown it: title, structure, commune (`None`: remote).
pub async fn mission_detail(
    tx: &mut Tx,
    mission_id: i64,
) -> Result<crate::engine::staff::moderator::ItemDetail> {
    let r = sqlx::query(
        "SELECT m.title, s.name, m.commune, m.remote FROM missions m \
         JOIN structures s ON s.id = m.structure_id WHERE m.id = $1",
    )
    .bind(mission_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(crate::engine::staff::moderator::ItemDetail::Mission {
        title: r.get(0),
        structure: r.get(1),
        commune: if r.get::<i64, _>(3) != 0 {
            None
        } else {
            Some(r.get::<Option<String>, _>(2).unwrap_or_default())
        },
    })
}

pub(super) async fn set_status(tx: &mut Tx, id: i64, status: MissionStatus) -> Result<()> {
    sqlx::query("UPDATE missions SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(status.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A mission to write (import, API, demo data).
#[derive(Debug, Clone, PartialEq)]
pub struct NewMission {
    /// The provider's reference, its structure's own: a mission whose structure has this
    /// reference already is not written.
    pub external_ref: Option<String>,
    pub structure_id: i64,
    pub domain: i64,
    pub title: String,
    pub description: String,
    pub remote: bool,
    pub insee: Option<String>,
    pub commune: Option<String>,
    pub departement: String,
    pub point: Option<Point>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub schedule: String,
    pub places: i64,
    pub places_taken: i64,
    pub status: MissionStatus,
}

/// Writes a mission; `None` if its structure has a mission with this reference already.
pub async fn insert(tx: &mut Tx, m: &NewMission, now: i64) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar(
        "INSERT INTO missions (external_ref, structure_id, domain, title, description, remote, \
         insee, commune, departement, lat, lon, starts_on, ends_on, schedule, places, \
         places_taken, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, \
         CASE WHEN $18 = 1 THEN $10 ELSE NULL END, CASE WHEN $18 = 1 THEN $11 ELSE NULL END, \
         $12, $13, $14, $15, $16, $17, $19) ON CONFLICT (structure_id, external_ref) DO NOTHING \
         RETURNING id",
    )
    .bind(m.external_ref.clone())
    .bind(m.structure_id)
    .bind(m.domain)
    .bind(&m.title)
    .bind(&m.description)
    .bind(i64::from(m.remote))
    .bind(m.insee.clone())
    .bind(m.commune.clone())
    .bind(&m.departement)
    // Never a NULL float through Any on PostgreSQL (see volunteers::save_volunteer).
    .bind(m.point.map(|p| p.lat).unwrap_or(0.0))
    .bind(m.point.map(|p| p.lon).unwrap_or(0.0))
    .bind(m.starts_on.clone())
    .bind(m.ends_on.clone())
    .bind(&m.schedule)
    .bind(m.places)
    .bind(m.places_taken)
    .bind(m.status.as_str())
    .bind(i64::from(m.point.is_some()))
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?)
}

/// The mission of structure `structure_id` with reference `reference`: a ref names a mission
/// only within its structure.
pub async fn by_ref(tx: &mut Tx, structure_id: i64, reference: &str) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM missions WHERE structure_id = $1 AND external_ref = $2")
            .bind(structure_id)
            .bind(reference)
            .fetch_optional(&mut **tx)
            .await?,
    )
}

/// What a new-mission announcement needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Announced {
    pub domain: Option<Domain>,
    pub remote: bool,
    pub point: Option<Point>,
    pub title: String,
    pub commune: Option<String>,
    pub departement: String,
    pub places: i64,
}

/// Reads only: the fan-out runs it on a reader before taking the writer.
pub async fn announced(conn: &mut sqlx::AnyConnection, mission_id: i64) -> Result<Announced> {
    let m = sqlx::query(
        "SELECT domain, remote, lat, lon, title, commune, departement, places FROM missions \
         WHERE id = $1",
    )
    .bind(mission_id)
    .fetch_one(conn)
    .await?;
    Ok(Announced {
        domain: Domain::from_number(m.get(0)),
        remote: m.get::<i64, _>(1) != 0,
        point: match (m.get::<Option<f64>, _>(2), m.get::<Option<f64>, _>(3)) {
            (Some(lat), Some(lon)) => Some(Point::new(lat, lon)),
            _ => None,
        },
        title: m.get(4),
        commune: m.get(5),
        departement: m.get(6),
        places: m.get(7),
    })
}

/// A mission as the API shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct MissionRecord {
    pub id: i64,
    pub structure_id: i64,
    pub domain: i64,
    pub title: String,
    pub description: String,
    pub remote: bool,
    pub commune: Option<String>,
    pub insee: Option<String>,
    pub departement: String,
    pub schedule: String,
    pub places: i64,
    pub places_taken: i64,
    pub status: MissionStatus,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
}

const RECORD_COLUMNS: &str = "m.id, m.structure_id, m.domain, m.title, m.description, m.remote, \
     m.commune, m.insee, m.departement, m.schedule, m.places, m.places_taken, m.status, \
     m.starts_on, m.ends_on";

fn record(r: &AnyRow) -> MissionRecord {
    MissionRecord {
        id: r.get(0),
        structure_id: r.get(1),
        domain: r.get(2),
        title: r.get(3),
        description: r.get(4),
        remote: r.get::<i64, _>(5) != 0,
        commune: r.get(6),
        insee: r.get(7),
        departement: r.get(8),
        schedule: r.get(9),
        places: r.get(10),
        places_taken: r.get(11),
        status: MissionStatus::parse(&r.get::<String, _>(12)).unwrap_or(MissionStatus::Draft),
        starts_on: r.get(13),
        ends_on: r.get(14),
    }
}

/// Missions by structure, status and département (each optional), by id.
pub async fn list(
    store: &Store,
    structure: Option<i64>,
    status: Option<&str>,
    departement: Option<&str>,
) -> Result<Vec<MissionRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {RECORD_COLUMNS} FROM missions m WHERE ($1 IS NULL OR m.structure_id = $1) \
         AND ($2 IS NULL OR m.status = $2) AND ($3 IS NULL OR m.departement = $3) ORDER BY m.id"
    )))
    .bind(structure)
    .bind(status.map(str::to_string))
    .bind(departement.map(str::to_string))
    .fetch_all(store.pool())
    .await?;
    Ok(rows.iter().map(record).collect())
}

pub async fn get(store: &Store, id: i64) -> Result<Option<MissionRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {RECORD_COLUMNS} FROM missions m WHERE m.id = $1"
    )))
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    Ok(row.as_ref().map(record))
}

/// Sets a new status and/or number of places; more places re-open a full mission, fewer may
/// fill it.
/// A mission's title and description, as its structure rewrites them (checked by the caller).
pub async fn set_text(store: &Store, id: i64, title: &str, description: &str) -> Result<()> {
    sqlx::query("UPDATE missions SET title = $2, description = $3 WHERE id = $1")
        .bind(id)
        .bind(title)
        .bind(description)
        .execute(store.pool())
        .await?;
    Ok(())
}

pub async fn update(
    store: &Store,
    id: i64,
    status: Option<MissionStatus>,
    places: Option<i64>,
) -> Result<()> {
    let mut tx = store.begin().await?;
    sqlx::query(
        "UPDATE missions SET status = COALESCE($2, status), places = COALESCE($3, places) WHERE id = $1",
    )
    .bind(id)
    .bind(status.map(|s| s.as_str().to_string()))
    .bind(places)
    .execute(&mut *tx)
    .await?;
    if matches!(
        status,
        Some(MissionStatus::Cancelled | MissionStatus::Finished)
    ) {
        super::participations::close_open_of_mission(&mut tx, id).await?;
    }
    let open = sql_list(
        &[MissionStatus::Validated, MissionStatus::Full],
        MissionStatus::as_str,
    );
    sqlx::query(AssertSqlSafe(format!(
        "UPDATE missions SET status = CASE WHEN places_taken >= places THEN $2 ELSE $3 END \
         WHERE id = $1 AND status IN ({open})"
    )))
    .bind(id)
    .bind(MissionStatus::Full.as_str())
    .bind(MissionStatus::Validated.as_str())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The structure's missions open to volunteers (validated, places left), oldest first.
pub async fn open_of_structure(tx: &mut Tx, structure_id: i64) -> Result<Vec<OpenMission>> {
    let rows = sqlx::query(
        "SELECT id, title, places - places_taken FROM missions \
         WHERE structure_id = $1 AND status = $2 ORDER BY id",
    )
    .bind(structure_id)
    .bind(MissionStatus::Validated.as_str())
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .iter()
        .map(|r| OpenMission {
            id: r.get(0),
            title: r.get(1),
            places_left: r.get(2),
        })
        .collect())
}

/// COMPLET: the structure needs nobody more for this mission; the places already taken
/// stay. Returns its title, or `None` if it is not the structure's or not open.
pub async fn close_as_full(
    tx: &mut Tx,
    mission_id: i64,
    structure_id: i64,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "UPDATE missions SET status = $3, \
         places = CASE WHEN places_taken > 0 THEN places_taken ELSE places END \
         WHERE id = $1 AND structure_id = $2 AND status = $4 RETURNING title",
    )
    .bind(mission_id)
    .bind(structure_id)
    .bind(MissionStatus::Full.as_str())
    .bind(MissionStatus::Validated.as_str())
    .fetch_optional(&mut **tx)
    .await?)
}
