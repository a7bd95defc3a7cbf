//! What loop and flood protection reads and writes: a contact's recent inbound messages, and
//! when it was last told that it writes too much.

use sqlx::Row;

use super::{Result, Tx};
use crate::domain::{Channel, Lang, StaffRole};

/// Inbound messages from this contact received at or after `since` (the current one included:
/// it is recorded first).
pub async fn inbound_since(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    since: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM inbound WHERE address = $1 AND channel = $2 AND received_at >= $3",
    )
    .bind(address)
    .bind(channel.as_str())
    .bind(since)
    .fetch_one(&mut **tx)
    .await?)
}

/// Takes the right to send the one notice of a flood: `true` once per `window`, whatever the
/// number of messages handled at the same time (the row is the lock).
pub async fn take_notice(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    now: i64,
    window: i64,
) -> Result<bool> {
    let taken = sqlx::query(
        "INSERT INTO flood_notices (channel, address, notified_at) VALUES ($1, $2, $3) \
         ON CONFLICT (channel, address) DO UPDATE SET notified_at = excluded.notified_at \
         WHERE flood_notices.notified_at < $4 RETURNING notified_at",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(now)
    .bind(now - window)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(taken.is_some())
}

/// The language of whoever writes from this address (volunteer, referent or moderator).
pub async fn lang_of(tx: &mut Tx, channel: Channel, address: &str) -> Result<Lang> {
    let row = sqlx::query(
        "SELECT v.lang FROM contacts c JOIN volunteers v ON v.id = c.volunteer_id \
         WHERE c.channel = $1 AND c.address = $2 \
         UNION ALL SELECT r.lang FROM staff_addresses a JOIN referents r \
         ON a.staff_kind = $3 AND r.id = a.staff_id WHERE a.channel = $1 AND a.address = $2 \
         UNION ALL SELECT m.lang FROM staff_addresses a JOIN moderators m \
         ON a.staff_kind = $4 AND m.id = a.staff_id WHERE a.channel = $1 AND a.address = $2",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(StaffRole::Referent.as_str())
    .bind(StaffRole::Moderator.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row
        .map(|r| Lang::parse(&r.get::<String, _>(0)))
        .unwrap_or(Lang::Fr))
}

/// The bodies of this contact's inbound messages received at or after `since`, for the
/// engine to tell which were STOP or START.
pub async fn bodies_since(
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    since: i64,
) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(body, '') FROM inbound \
         WHERE address = $1 AND channel = $2 AND received_at >= $3",
    )
    .bind(address)
    .bind(channel.as_str())
    .bind(since)
    .fetch_all(&mut **tx)
    .await?)
}
