//! The new-mission fan-out's pieces around the matching rule (`matching::
//! volunteers_for_mission`): the grid cells its search reads, the alert budget of a
//! département, and the claim of each volunteer's daily alert, written in batches so that
//! the writer is held for a few statements, not one per volunteer.

use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{Result, Tx};
use crate::domain::{Channel, MAX_RADIUS_KM};
use crate::geo::Point;

/// Grid cells per degree of latitude and of longitude; migration 0010 computes the same
/// (`CAST((lat + 90.0) * 50 AS INTEGER)`), exact in binary floating point on both sides.
pub const CELL_ROWS_PER_DEGREE: f64 = 50.0;
pub const CELL_COLS_PER_DEGREE: f64 = 32.0;
const KM_PER_DEGREE: f64 = 111.194_9;

/// The cell of a point, as the database computes it.
pub fn cell_of(p: &Point) -> (i64, i64) {
    (
        ((p.lat + 90.0) * CELL_ROWS_PER_DEGREE) as i64,
        ((p.lon + 180.0) * CELL_COLS_PER_DEGREE) as i64,
    )
}

/// How many volunteers one new mission may alert: `per_place` for each place, at most `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlertBudget {
    pub per_place: i64,
    pub max: i64,
}

impl Default for AlertBudget {
    fn default() -> Self {
        AlertBudget {
            per_place: 10,
            max: 200,
        }
    }
}

impl AlertBudget {
    pub fn for_places(&self, places: i64) -> usize {
        (self.per_place.max(0) * places.max(1)).clamp(0, self.max.max(0)) as usize
    }
}

/// The département's alert budget (`departement_settings`), the defaults where unset.
pub async fn alert_budget(conn: &mut AnyConnection, departement: &str) -> Result<AlertBudget> {
    let row = sqlx::query(
        "SELECT alerts_per_place, alerts_max FROM departement_settings WHERE departement = $1",
    )
    .bind(departement)
    .fetch_optional(conn)
    .await?;
    let default = AlertBudget::default();
    Ok(match row {
        Some(r) => AlertBudget {
            per_place: r.get::<Option<i64>, _>(0).unwrap_or(default.per_place),
            max: r.get::<Option<i64>, _>(1).unwrap_or(default.max),
        },
        None => default,
    })
}

/// The nearest this many times the budget form the pool the rotation chooses from.
pub const POOL_FACTOR: usize = 2;

/// A lower bound of the distance covered by one ring of cells around `at` (cells narrow
/// east-west towards the pole: take the farthest latitude the search may reach).
pub fn min_cell_km(at: &Point) -> f64 {
    let cell_h = KM_PER_DEGREE / CELL_ROWS_PER_DEGREE;
    let far_lat = (at.lat.abs() + f64::from(MAX_RADIUS_KM) / KM_PER_DEGREE + 0.1).min(89.0);
    let cell_w = KM_PER_DEGREE / CELL_COLS_PER_DEGREE * far_lat.to_radians().cos();
    cell_h.min(cell_w) * 0.99
}

/// Rows per statement when a list of ids or values is written at once (well under the
/// bind-parameter limits of SQLite and PostgreSQL).
pub(crate) const BATCH: usize = 100;

/// Each volunteer's contact for news they did not ask for: the most recently attached one
/// that has not opted out (the rule of `volunteers::REACH`), in one statement per batch.
pub(crate) async fn reach_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, (Channel, String)>> {
    let mut best: std::collections::HashMap<i64, (i64, Channel, String)> = Default::default();
    for chunk in ids.chunks(BATCH) {
        let list = placeholders(1, chunk.len());
        let mut q = sqlx::query(AssertSqlSafe(format!(
            "SELECT volunteer_id, channel, address, created_at FROM contacts \
             WHERE stopped_at IS NULL AND volunteer_id IN ({list})"
        )));
        for id in chunk {
            q = q.bind(*id);
        }
        for r in q.fetch_all(&mut *conn).await? {
            let Some(channel) = Channel::parse(&r.get::<String, _>(1)) else {
                continue;
            };
            let (id, created): (i64, i64) = (r.get(0), r.get(3));
            let better = match best.get(&id) {
                None => true,
                // Newest first, then by channel name, as REACH orders them.
                Some((at, ch, _)) => {
                    (created, std::cmp::Reverse(channel.as_str()))
                        > (*at, std::cmp::Reverse(ch.as_str()))
                }
            };
            if better {
                best.insert(id, (created, channel, r.get(2)));
            }
        }
    }
    Ok(best
        .into_iter()
        .map(|(id, (_, ch, address))| (id, (ch, address)))
        .collect())
}

/// `$first, $first+1, …` for `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Claims the daily alert of each volunteer (one statement per batch), recording when for the
/// rotation; returns those claimed (not alerted on `day` by someone else meanwhile).
pub async fn claim(tx: &mut Tx, ids: &[i64], day: &str, now: i64) -> Result<Vec<i64>> {
    let mut claimed = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let list = placeholders(3, chunk.len());
        let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!(
            "UPDATE volunteers SET last_alert_day = $1, last_alerted_at = $2 \
             WHERE id IN ({list}) AND (last_alert_day IS NULL OR last_alert_day <> $1) \
             RETURNING id"
        )))
        .bind(day)
        .bind(now);
        for id in chunk {
            q = q.bind(*id);
        }
        claimed.extend(q.fetch_all(&mut **tx).await?);
    }
    Ok(claimed)
}
