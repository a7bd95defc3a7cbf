//! Delivery receipts: the delivery state of SMS outbox rows as the provider reports it, reports
//! that arrived before their row knew its provider id, and what a failure's reactions read
//! about the row (its purpose, the other rows of the same alert).

use sqlx::{AssertSqlSafe, Row};

use super::{Result, Store, Tx};
use crate::domain::{Channel, OutboxStatus};
use crate::engine::receipts::Delivery;

/// An outbox row as a receipt finds it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptRow {
    pub id: i64,
    pub channel: Channel,
    pub address: String,
    pub delivery: Option<Delivery>,
    pub purpose: Option<String>,
    pub purpose_ref: Option<i64>,
    pub author: Option<(Channel, String)>,
    pub about: Option<i64>,
    /// The reactions to its failure were queued already.
    pub reacted: bool,
}

/// The row Twilio knows as `provider_id`.
pub async fn find(tx: &mut Tx, provider_id: &str) -> Result<Option<ReceiptRow>> {
    let row = sqlx::query(
        "SELECT id, channel, address, delivery, purpose, purpose_ref, author_channel, \
         author_address, about_volunteer, reacted_at FROM outbox WHERE provider_id = $1",
    )
    .bind(provider_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| ReceiptRow {
        id: r.get(0),
        channel: Channel::parse(&r.get::<String, _>(1)).unwrap_or(Channel::Sms),
        address: r.get(2),
        delivery: r
            .get::<Option<String>, _>(3)
            .and_then(|d| Delivery::parse(&d)),
        purpose: r.get(4),
        purpose_ref: r.get(5),
        author: match (r.get::<Option<String>, _>(6), r.get::<Option<String>, _>(7)) {
            (Some(c), Some(a)) => Channel::parse(&c).map(|c| (c, a)),
            _ => None,
        },
        about: r.get(8),
        reacted: r.get::<Option<i64>, _>(9).is_some(),
    }))
}

/// Moves row `id` from delivery state `from` to `to`, fenced on `from` (two reports at once:
/// one wins, the other reads again); `false` if the row had changed meanwhile.
pub async fn advance(
    tx: &mut Tx,
    id: i64,
    from: Option<Delivery>,
    to: Delivery,
    error: Option<&str>,
    now: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE outbox SET delivery = $3, delivery_at = $4, \
         delivery_error = COALESCE($5, delivery_error) \
         WHERE id = $1 AND COALESCE(delivery, '') = $2",
    )
    .bind(id)
    .bind(from.map_or("", Delivery::as_str))
    .bind(to.as_str())
    .bind(now)
    .bind(error)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The reactions to row `id`'s failure are queued (in the same transaction): never twice.
pub async fn mark_reacted(tx: &mut Tx, id: i64, now: i64) -> Result<bool> {
    let done =
        sqlx::query("UPDATE outbox SET reacted_at = $2 WHERE id = $1 AND reacted_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Keeps a report for a provider id no row has yet, the furthest state only.
pub async fn keep_waiting(
    tx: &mut Tx,
    provider_id: &str,
    delivery: Delivery,
    error: Option<&str>,
    now: i64,
) -> Result<()> {
    let current: Option<String> =
        sqlx::query_scalar("SELECT delivery FROM delivery_receipts WHERE provider_id = $1")
            .bind(provider_id)
            .fetch_optional(&mut **tx)
            .await?;
    let current = current.as_deref().and_then(Delivery::parse);
    if crate::engine::receipts::advance(current, delivery).is_none() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO delivery_receipts (provider_id, delivery, error, received_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (provider_id) DO UPDATE \
         SET delivery = excluded.delivery, error = COALESCE(excluded.error, delivery_receipts.error), \
         received_at = excluded.received_at",
    )
    .bind(provider_id)
    .bind(delivery.as_str())
    .bind(error)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A report kept waiting.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub provider_id: String,
    pub delivery: Delivery,
    pub error: Option<String>,
    pub received_at: i64,
}

impl Store {
    /// Waiting reports whose row now knows its provider id.
    pub async fn waiting_receipts(&self) -> Result<Vec<Waiting>> {
        let rows = sqlx::query(
            "SELECT r.provider_id, r.delivery, r.error, r.received_at FROM delivery_receipts r \
             WHERE EXISTS (SELECT 1 FROM outbox o WHERE o.provider_id = r.provider_id) \
             ORDER BY r.received_at LIMIT 500",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(Waiting {
                    provider_id: r.get(0),
                    delivery: Delivery::parse(&r.get::<String, _>(1))?,
                    error: r.get(2),
                    received_at: r.get(3),
                })
            })
            .collect())
    }

    /// Delivery states of the SMS rows after `after_id` (for tests and the console):
    /// (row id, address, delivery, error code).
    pub async fn deliveries_after(
        &self,
        after_id: i64,
    ) -> Result<Vec<(i64, String, Option<String>, Option<String>)>> {
        let rows = sqlx::query(
            "SELECT id, address, delivery, delivery_error FROM outbox WHERE id > $1 \
             AND channel = 'sms' ORDER BY id",
        )
        .bind(after_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }
}

pub async fn forget_waiting(tx: &mut Tx, provider_id: &str) -> Result<()> {
    sqlx::query("DELETE FROM delivery_receipts WHERE provider_id = $1")
        .bind(provider_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One row of an alert (`purpose = 'alert'` about one participation).
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    pub channel: Channel,
    pub address: String,
    /// Failed for good: the provider refused it, or reported it undelivered or failed.
    pub failed: bool,
    /// Waits for its recipient's START (not on its way to anyone now).
    pub held: bool,
}

/// Every row queued for the alert about `participation`.
pub async fn alert_rows(tx: &mut Tx, participation: i64) -> Result<Vec<AlertRow>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT channel, address, \
         CASE WHEN status IN ('{failed}', '{dropped}') OR delivery IN ('failed', 'undelivered') \
         THEN 1 ELSE 0 END, CASE WHEN status = '{held}' THEN 1 ELSE 0 END \
         FROM outbox WHERE purpose = 'alert' AND purpose_ref = $1 ORDER BY id",
        failed = OutboxStatus::Failed.as_str(),
        dropped = OutboxStatus::Dropped.as_str(),
        held = OutboxStatus::Held.as_str(),
    )))
    .bind(participation)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(AlertRow {
                channel: Channel::parse(&r.get::<String, _>(0))?,
                address: r.get(1),
                failed: r.get::<i64, _>(2) != 0,
                held: r.get::<i64, _>(3) != 0,
            })
        })
        .collect())
}

/// Whether the moderators were already told that the alert about `participation` reached
/// nobody.
pub async fn moderators_told(tx: &mut Tx, participation: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE purpose = 'moderators' AND purpose_ref = $1",
    )
    .bind(participation)
    .fetch_one(&mut **tx)
    .await?;
    Ok(n > 0)
}

/// Queues row `id` once more, as it was (same text, same recipient), marked as its resend.
pub async fn resend(tx: &mut Tx, id: i64, now: i64) -> Result<Option<i64>> {
    let new: Option<i64> = sqlx::query_scalar(AssertSqlSafe(format!(
        "INSERT INTO outbox (channel, address, text, segments, encoding, choices, priority, \
         ignores_stop, next_attempt_at, created_at, about_volunteer, status, purpose, purpose_ref) \
         SELECT channel, address, text, segments, encoding, choices, priority, ignores_stop, \
         $2, $2, about_volunteer, '{pending}', 'resend', id FROM outbox \
         WHERE id = $1 AND address <> '' RETURNING id",
        pending = OutboxStatus::Pending.as_str(),
    )))
    .bind(id)
    .bind(now)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(new)
}
