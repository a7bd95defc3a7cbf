//! A mission's places: taken by each intent (pending ones too, as on the reference
//! platform), given back when an intent ends; a mission is full while none is left.

use super::{Result, Tx};
use crate::domain::MissionStatus;

/// Takes one place if the mission is still open; marks it full when that was the last one.
/// `false` if another volunteer took the last place first.
pub async fn take_place(tx: &mut Tx, mission_id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE missions SET places_taken = places_taken + 1 \
         WHERE id = $1 AND status = $2 AND places_taken < places",
    )
    .bind(mission_id)
    .bind(MissionStatus::Validated.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE missions SET status = $2 WHERE id = $1 AND places_taken >= places")
        .bind(mission_id)
        .bind(MissionStatus::Full.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// Gives a place back; a full mission re-opens.
pub async fn free_place(tx: &mut Tx, mission_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE missions SET places_taken = places_taken - 1, \
         status = CASE WHEN status = $2 THEN $3 ELSE status END \
         WHERE id = $1 AND places_taken > 0",
    )
    .bind(mission_id)
    .bind(MissionStatus::Full.as_str())
    .bind(MissionStatus::Validated.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
