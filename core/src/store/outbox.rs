//! The durable outbox: every outbound message is written in the same transaction as the state
//! change that caused it, then drained by a sender.

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::{Result, Store, Tx};
use crate::domain::Channel;
use crate::redact::mask_phones;
use crate::render::Rendered;

/// Conversational replies leave before alerts, alerts before bulk announcements.
pub const PRIORITY_REPLY: i64 = 0;
pub const PRIORITY_ALERT: i64 = 1;
pub const PRIORITY_BULK: i64 = 2;

#[derive(Debug, Clone)]
pub struct Outgoing {
    pub channel: Channel,
    pub address: String,
    pub rendered: Rendered,
    pub priority: i64,
    /// The STOP confirmation still leaves after the contact is stopped.
    pub ignores_stop: bool,
    /// Not before this time (quiet hours); `None`: now.
    pub not_before: Option<i64>,
    /// The volunteer whose personal data the message carries (see [`crate::engine::Reply`]).
    pub about: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: Channel,
    pub address: String,
    pub text: String,
    pub segments: Option<i64>,
    pub encoding: Option<String>,
    pub choices: Vec<(String, String)>,
    pub priority: i64,
    pub status: String,
    pub attempts: i64,
}

pub async fn enqueue(tx: &mut Tx, m: &Outgoing, now: i64) -> Result<i64> {
    let choices = (!m.rendered.choices.is_empty())
        .then(|| serde_json::to_string(&m.rendered.choices).expect("choices serialize"));
    Ok(sqlx::query_scalar(
        "INSERT INTO outbox (channel, address, text, segments, encoding, choices, priority, \
         ignores_stop, status, next_attempt_at, created_at, about_volunteer) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11) RETURNING id",
    )
    .bind(m.channel.as_str())
    .bind(m.address.clone())
    .bind(m.rendered.text.clone())
    .bind(m.rendered.segments.map(i64::from))
    .bind(m.rendered.encoding)
    .bind(choices)
    .bind(m.priority)
    .bind(i64::from(m.ignores_stop))
    .bind(m.not_before.unwrap_or(now).max(now))
    .bind(now)
    .bind(m.about)
    .fetch_one(&mut **tx)
    .await?)
}

/// Blanks the text, buttons and address of outbound messages that carry an erased volunteer's
/// data and no longer wait to be sent. `$1`: only this volunteer's, `$2`: only this message
/// (NULL: any).
const SCRUB_ERASED: &str = "UPDATE outbox SET text = '', choices = NULL, address = '' \
     WHERE status NOT IN ('pending', 'sending') AND ($1 IS NULL OR about_volunteer = $1) \
     AND ($2 IS NULL OR id = $2) \
     AND about_volunteer IN (SELECT id FROM volunteers WHERE status = 'erased') \
     AND (text <> '' OR address <> '' OR choices IS NOT NULL)";

const COLUMNS: &str =
    "id, channel, address, text, segments, encoding, choices, priority, status, attempts";

fn from_row(r: &AnyRow) -> OutboxMessage {
    OutboxMessage {
        id: r.get(0),
        channel: Channel::parse(&r.get::<String, _>(1)).unwrap_or(Channel::Sms),
        address: r.get(2),
        text: r.get(3),
        segments: r.get(4),
        encoding: r.get(5),
        choices: r
            .get::<Option<String>, _>(6)
            .and_then(|c| serde_json::from_str(&c).ok())
            .unwrap_or_default(),
        priority: r.get(7),
        status: r.get(8),
        attempts: r.get(9),
    }
}

impl Store {
    /// Messages due now, best priority first. Messages to a contact that stopped in the
    /// meantime are dropped here, so nothing queued before a STOP ever leaves.
    pub async fn due_messages(
        &self,
        channel: Option<Channel>,
        now: i64,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE outbox SET status = 'dropped', error = 'contact stopped' \
             WHERE status = 'pending' AND ignores_stop = 0 AND EXISTS (SELECT 1 FROM contacts c \
             WHERE c.channel = outbox.channel AND c.address = outbox.address \
             AND c.stopped_at IS NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 \
             AND ($3 = '' OR channel = $3) ORDER BY priority, id LIMIT $2"
        )))
        .bind(now)
        .bind(limit)
        .bind(channel.map(Channel::as_str).unwrap_or(""))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(rows.iter().map(from_row).collect())
    }

    /// Takes a message for sending; `false` if another sender took it first. A message is
    /// claimed once: after a crash mid-send it is never sent again (see
    /// [`Store::recover_interrupted`]).
    pub async fn claim(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'sending', next_attempt_at = $2 \
             WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Messages left in `sending` by a sender that died before recording the outcome may have
    /// reached the provider: they are closed as `unknown`, never resent.
    pub async fn recover_interrupted(&self, older_than: i64) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE outbox SET status = 'unknown', error = 'sender interrupted; maybe sent' \
             WHERE status = 'sending' AND next_attempt_at < $1",
        )
        .bind(older_than)
        .execute(&self.pool)
        .await?;
        self.scrub_if_erased(None).await?;
        Ok(done.rows_affected())
    }

    /// Earliest time a pending message becomes due (to sleep until then).
    pub async fn next_due(&self, channel: Channel) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending' AND channel = $1",
        )
        .bind(channel.as_str())
        .fetch_one(&self.pool)
        .await?)
    }

    /// Sent, or accepted with an unreadable answer: either way, never sent again. A note
    /// quoting a phone number (a provider's message) is stored masked.
    pub async fn mark_done(
        &self,
        id: i64,
        status: &str,
        note: Option<&str>,
        now: i64,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET status = $2, error = $3, sent_at = $4, attempts = attempts + 1 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(note.map(mask_phones))
        .bind(now)
        .execute(&self.pool)
        .await?;
        self.scrub_if_erased(Some(id)).await
    }

    /// A failed attempt (the message is `sending`): retried at `retry_at`, or failed for good
    /// when `None`. The error is stored with phone numbers masked.
    pub async fn mark_failed(&self, id: i64, error: &str, retry_at: Option<i64>) -> Result<()> {
        let status = if retry_at.is_some() {
            "pending"
        } else {
            "failed"
        };
        sqlx::query(
            "UPDATE outbox SET status = $2, error = $3, attempts = attempts + 1, \
             next_attempt_at = COALESCE($4, next_attempt_at) WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(mask_phones(error))
        .bind(retry_at)
        .execute(&self.pool)
        .await?;
        self.scrub_if_erased(Some(id)).await
    }

    /// The last words to a person who erased their data leave with their address and text;
    /// once the outcome is recorded, the row is blanked like the others.
    async fn scrub_if_erased(&self, id: Option<i64>) -> Result<()> {
        sqlx::query(SCRUB_ERASED)
            .bind(None::<i64>)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Every message after `after_id`, in order (for `renfort chat` and tests).
    pub async fn messages_after(&self, after_id: i64) -> Result<Vec<OutboxMessage>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE id > $1 ORDER BY id"
        )))
        .bind(after_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(from_row).collect())
    }

    pub async fn last_message_id(&self) -> Result<i64> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM outbox")
            .fetch_one(&self.pool)
            .await?;
        Ok(id.unwrap_or(0))
    }
}

/// An erased volunteer's outbound messages: every message that carries their data, those to
/// them (by their addresses; call this before their contacts go) and those about them (alerts,
/// reminders, queue items), is blanked. Not sent yet: never sent, except the last words of
/// the erasure (which ignore STOP); they and a message being sent at that moment are blanked
/// once their outcome is recorded (see [`Store::mark_done`]).
pub(super) async fn erase_for_volunteer(tx: &mut Tx, volunteer_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET about_volunteer = $1 WHERE (channel, address) IN \
         (SELECT channel, address FROM contacts WHERE volunteer_id = $1)",
    )
    .bind(volunteer_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE outbox SET status = 'dropped', error = 'erased' WHERE about_volunteer = $1 \
         AND status = 'pending' AND ignores_stop = 0",
    )
    .bind(volunteer_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(SCRUB_ERASED)
        .bind(volunteer_id)
        .bind(None::<i64>)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
