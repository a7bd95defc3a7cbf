//! The durable outbox: every outbound message is written in the same transaction as the state
//! change that caused it, then drained by a sender.

use std::sync::LazyLock;

use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

use super::{Result, Store, StoreError, Tx, sql_list};
use crate::domain::OutboxStatus::{
    Checking, Dropped, Failed, Held, Pending, Sending, Sent, Unknown,
};
use crate::domain::{Channel, OutboxStatus};
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
    /// Open when read as due: `pending`, `checking` or `sending` (see [`OutboxStatus`]).
    pub status: OutboxStatus,
    pub attempts: i64,
    /// When the row is due; while `sending`, when the claim's lease ends. Part of the fence.
    pub next_attempt_at: i64,
    pub created_at: i64,
    /// Failed or hanging looks in the provider's record since the last attempt.
    pub checks: i64,
    /// Where the message's age is counted from (it is given up by age): when an operator
    /// re-queued it, else when it was created.
    pub age_from: i64,
}

impl OutboxMessage {
    /// The last attempt may have reached the provider: its record decides what happens next.
    pub fn outcome_unknown(&self) -> bool {
        self.status.outcome_unknown()
    }
}

tokio::task_local! {
    /// Ids of the outbox rows created by the current task (see [`track_created`]).
    static CREATED: std::cell::RefCell<Vec<i64>>;
}

/// Runs `f` and returns, with its output, the ids of the outbox rows it created. `renfort chat`
/// uses it to deliver exactly what its own input caused, whatever other processes queue at the
/// same time. Ids of rolled-back rows may be listed: they never exist, so nothing is shown.
pub async fn track_created<F: std::future::Future>(f: F) -> (F::Output, Vec<i64>) {
    CREATED
        .scope(std::cell::RefCell::new(Vec::new()), async {
            let out = f.await;
            (out, CREATED.with(|c| c.take()))
        })
        .await
}

pub async fn enqueue(tx: &mut Tx, m: &Outgoing, now: i64) -> Result<i64> {
    let ids = insert(tx, &[(m, now)]).await?;
    Ok(ids[0])
}

/// Blanks the text, buttons and address of outbound messages that carry an erased volunteer's
/// data (about them, or mentioning them among others) and no longer wait to be sent. `$1`:
/// only this volunteer's, `$2`: only this message (NULL: any).
static SCRUB_ERASED: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE outbox SET text = '', choices = NULL, address = '' \
         WHERE status NOT IN ({}) AND ($2 IS NULL OR id = $2) \
         AND ((($1 IS NULL OR about_volunteer = $1) \
               AND about_volunteer IN (SELECT id FROM volunteers WHERE status = 'erased')) \
              OR id IN (SELECT m.outbox_id FROM outbox_mentions m \
                        JOIN volunteers v ON v.id = m.volunteer_id \
                        WHERE v.status = 'erased' AND ($1 IS NULL OR m.volunteer_id = $1))) \
         AND (text <> '' OR address <> '' OR choices IS NOT NULL)",
        statuses(&OutboxStatus::UNSETTLED)
    )
});

/// Records that outbound message `outbox_id` names these volunteers besides the one it is
/// about (a moderator's FILE page by SMS names several): SUPPRIMER by any of them blanks it.
pub async fn mention(tx: &mut Tx, outbox_id: i64, volunteer_ids: &[i64]) -> Result<()> {
    for &volunteer_id in volunteer_ids {
        sqlx::query(
            "INSERT INTO outbox_mentions (outbox_id, volunteer_id) VALUES ($1, $2) \
             ON CONFLICT DO NOTHING",
        )
        .bind(outbox_id)
        .bind(volunteer_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// `'pending', 'sending', …`: the inside of an SQL `IN (…)` list of these statuses.
fn statuses(list: &[OutboxStatus]) -> String {
    sql_list(list, OutboxStatus::as_str)
}

/// Queues many messages with one statement per batch (a new mission's alerts): the writer is
/// held for a few statements, not one per message.
pub async fn enqueue_many(tx: &mut Tx, messages: &[Outgoing], now: i64) -> Result<()> {
    let rows: Vec<_> = messages.iter().map(|m| (m, now)).collect();
    insert_chunked(tx, &rows).await
}

/// Queues messages each created at its own time (the replies of a group commit's steps), in
/// as few statements as [`enqueue_many`].
pub async fn enqueue_each(tx: &mut Tx, messages: &[(Outgoing, i64)]) -> Result<()> {
    let rows: Vec<_> = messages.iter().map(|(m, now)| (m, *now)).collect();
    insert_chunked(tx, &rows).await
}

async fn insert_chunked(tx: &mut Tx, rows: &[(&Outgoing, i64)]) -> Result<()> {
    for chunk in rows.chunks(super::fanout::BATCH) {
        insert(tx, chunk).await?;
    }
    Ok(())
}

/// One INSERT of these messages (one row each, with the time it was created), recorded as
/// created by this step.
async fn insert(tx: &mut Tx, chunk: &[(&Outgoing, i64)]) -> Result<Vec<i64>> {
    const PER_ROW: usize = 11;
    let rows = (0..chunk.len())
        .map(|i| {
            let values = super::fanout::placeholders(i * PER_ROW + 1, PER_ROW);
            format!("({values}, '{}')", OutboxStatus::Pending.as_str())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut q = sqlx::query_scalar::<_, i64>(AssertSqlSafe(format!(
        "INSERT INTO outbox (channel, address, text, segments, encoding, choices, priority, \
         ignores_stop, next_attempt_at, created_at, about_volunteer, status) VALUES {rows} \
         RETURNING id"
    )));
    // Rows a terminal's line creates wait a moment before any sender may take them: the
    // terminal shows them, and a server on the same database sends them only if it did not.
    let grace = if tracking() { TERMINAL_GRACE } else { 0 };
    for &(m, now) in chunk {
        let choices = (!m.rendered.choices.is_empty())
            .then(|| serde_json::to_string(&m.rendered.choices).expect("choices serialize"));
        q = q
            .bind(m.channel.as_str())
            .bind(m.address.clone())
            .bind(m.rendered.text.clone())
            .bind(m.rendered.segments.map(i64::from))
            .bind(m.rendered.encoding)
            .bind(choices)
            .bind(m.priority)
            .bind(i64::from(m.ignores_stop))
            .bind(m.not_before.unwrap_or(now).max(now) + grace)
            .bind(now)
            .bind(m.about);
    }
    let ids = q.fetch_all(&mut **tx).await?;
    note_created(&ids);
    Ok(ids)
}

fn note_created(ids: &[i64]) {
    let _ = CREATED.try_with(|c| c.borrow_mut().extend(ids.iter().copied()));
}

/// Seconds a row created by a terminal's line (`renfort chat`, inside [`track_created`]) is
/// kept from senders: the terminal claims it at once, after its step commits, and a server's
/// sender on the same database, woken by its own traffic, would otherwise often be first. If
/// the terminal stops before showing it, a server sends it after this delay.
pub const TERMINAL_GRACE: i64 = 10;

/// Whether the current task tracks the rows it creates (inside [`track_created`]).
pub(crate) fn tracking() -> bool {
    CREATED.try_with(|_| ()).is_ok()
}

const COLUMNS: &str = "id, channel, address, text, segments, encoding, choices, priority, status, \
     attempts, next_attempt_at, created_at, checks, COALESCE(requeued_at, created_at)";

fn from_row(r: &AnyRow) -> Result<OutboxMessage> {
    let status: String = r.get(8);
    let status = OutboxStatus::parse(&status)
        .ok_or_else(|| StoreError::Invalid(format!("outbox status {status:?}")))?;
    Ok(OutboxMessage {
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
        status,
        attempts: r.get(9),
        next_attempt_at: r.get(10),
        created_at: r.get(11),
        checks: r.get(12),
        age_from: r.get(13),
    })
}

/// `(…)`: the statuses in which a sender may take a row (see [`OutboxStatus::OPEN`]).
static OPEN: LazyLock<String> = LazyLock::new(|| format!("({})", statuses(&OutboxStatus::OPEN)));

/// The contact of an outbox row has opted out (a STOP, Twilio 21610, a blocked bot), or its
/// number was reported unreachable and has not written since (no more SMS to it).
const STOPPED: &str = concat!(
    "outbox.ignores_stop = 0 AND EXISTS (SELECT 1 FROM contacts c \
     WHERE c.channel = outbox.channel AND c.address = outbox.address \
     AND (c.stopped_at IS NOT NULL OR ",
    super::contacts::unreachable_sql!(),
    "))"
);

/// The result of [`Store::claim`].
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// This sender holds the row until it settles it or the lease ends.
    Claimed(Claimed),
    /// Another sender took it, or it changed since it was read (a stale batch).
    Lost,
    /// The contact stopped: the row is closed as `dropped`, never sent.
    Dropped,
}

/// Proof of a claim: settling is fenced on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimed {
    pub id: i64,
    pub claimed_at: i64,
    /// Attempts made before this claim.
    pub attempts: i64,
    /// The contact has stopped (only for a row whose outcome is unknown: it may be closed as
    /// sent if the provider has it, never sent again).
    pub stopped: bool,
}

/// How a claimed row is settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Settle<'a> {
    /// The provider has it (`provider_id`: its id, Twilio's SID). `attempted`: this claim made
    /// an attempt (false when a check found an earlier attempt at the provider).
    Sent {
        provider_id: Option<&'a str>,
        note: Option<&'a str>,
        attempted: bool,
    },
    /// Refused before it was taken (busy, unreachable): try again at `at`.
    Retry { error: &'a str, at: i64 },
    /// The outcome is unknown: check with the provider at `at` before anything else.
    Check {
        error: &'a str,
        at: i64,
        attempted: bool,
    },
    /// Failed for good.
    Failed { error: &'a str, attempted: bool },
    /// Maybe sent and no way to check (Telegram): closed, never resent.
    Unknown { error: &'a str },
    /// Not sent and never will be (the contact stopped).
    Dropped,
}

/// How [`Store::settle`] changes a row's count of failed checks.
const CHECK_FAILED: i64 = 1;
const CHECKS_RESET: i64 = 0;
const CHECKS_KEPT: i64 = -1;

/// A message as `renfort outbox` lists it: never its text (it carries names and relayed
/// words), its size instead.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Listed {
    pub id: i64,
    pub channel: String,
    pub address: String,
    pub priority: i64,
    pub status: String,
    pub attempts: i64,
    pub created_at: i64,
    pub next_attempt_at: i64,
    pub characters: i64,
    pub error: Option<String>,
}

/// What `/metrics` shows of the outbox at scrape time: rows not yet closed, per channel and
/// status, and how long the oldest pending row has waited.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxDepth {
    /// (channel, status, rows), for the statuses still to be sent or checked.
    pub open: Vec<(String, String, i64)>,
    /// `created_at` of the oldest pending row, if any.
    pub oldest_pending_created_at: Option<i64>,
}

impl Store {
    /// Cheap enough to run at every scrape: both queries read the `outbox_pending` index on
    /// `status` and only touch open rows, never the history of sent ones.
    pub async fn outbox_depth(&self) -> Result<OutboxDepth> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT channel, status, COUNT(*) FROM outbox \
             WHERE status IN ({}) GROUP BY channel, status",
            statuses(&OutboxStatus::UNSETTLED)
        )))
        .fetch_all(&self.pool)
        .await?;
        let open = rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect();
        let oldest: Option<i64> =
            sqlx::query("SELECT MIN(created_at) FROM outbox WHERE status = $1")
                .bind(OutboxStatus::Pending.as_str())
                .fetch_one(&self.pool)
                .await?
                .get(0);
        Ok(OutboxDepth {
            open,
            oldest_pending_created_at: oldest,
        })
    }

    /// Per channel, when the longest-waiting row that a sender could take now became due
    /// (`/healthz`: a sender that moves keeps this recent). Rows waiting behind an earlier row
    /// to the same recipient are not counted: they wait for that row, not for the sender.
    pub async fn oldest_due(&self, now: i64) -> Result<Vec<(Channel, i64)>> {
        let open = &*OPEN;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT channel, MIN(next_attempt_at) FROM outbox WHERE status IN {open} \
             AND next_attempt_at <= $1 AND NOT EXISTS (SELECT 1 FROM outbox e \
             WHERE e.address = outbox.address AND e.channel = outbox.channel \
             AND e.priority = outbox.priority AND e.id < outbox.id AND e.status IN {open}) \
             GROUP BY channel"
        )))
        .bind(now)
        .fetch_all(&self.readers)
        .await?;
        Ok(rows
            .iter()
            .filter_map(|r| Some((Channel::parse(&r.get::<String, _>(0))?, r.get(1))))
            .collect())
    }

    /// Open rows due now, best priority first, at most one per recipient and priority: a row
    /// waits while an earlier row to the same address and of the same priority is open (order
    /// kept per recipient). Pending rows to a contact that stopped in the meantime are
    /// dropped here; [`Store::claim`] checks again at the moment of sending.
    pub async fn due_messages(
        &self,
        channel: Option<Channel>,
        now: i64,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let open = &*OPEN;
        let mut tx = self.begin().await?;
        sqlx::query(AssertSqlSafe(format!(
            "UPDATE outbox SET status = '{dropped}', error = 'contact stopped' \
             WHERE status = '{pending}' AND {STOPPED}",
            dropped = Dropped.as_str(),
            pending = Pending.as_str(),
        )))
        .execute(&mut *tx)
        .await?;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE status IN {open} AND next_attempt_at <= $1 \
             AND ($3 = '' OR channel = $3) AND NOT EXISTS (SELECT 1 FROM outbox e \
             WHERE e.address = outbox.address AND e.channel = outbox.channel \
             AND e.priority = outbox.priority AND e.id < outbox.id AND e.status IN {open}) \
             ORDER BY priority, id LIMIT $2"
        )))
        .bind(now)
        .bind(limit)
        .bind(channel.map(Channel::as_str).unwrap_or(""))
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.iter().map(from_row).collect()
    }

    /// Open rows with these ids (what one `renfort chat` line caused, due now but for the
    /// [`TERMINAL_GRACE`]), and open rows waiting for `address` on `channel`, due now, in
    /// order.
    pub async fn due_for_chat(
        &self,
        ids: &[i64],
        channel: Channel,
        address: &str,
        now: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let ids = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let ids = if ids.is_empty() { "0".into() } else { ids };
        let open = &*OPEN;
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE status IN {open} \
             AND ((id IN ({ids}) AND next_attempt_at <= $4) \
             OR (channel = $2 AND address = $3 AND next_attempt_at <= $1)) ORDER BY id"
        )))
        .bind(now)
        .bind(channel.as_str())
        .bind(address)
        .bind(now + TERMINAL_GRACE)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Takes a row for one attempt, atomically and fenced: it succeeds only if the row is still
    /// in the state `m` was read in (status, attempts, due time) and due, so a stale batch of
    /// another instance cannot attempt early or twice. The contact's opt-out is checked in the
    /// same statement, whatever the caller read before: a stopped contact's row is dropped.
    /// The claim holds for `lease` seconds; a row still `sending` after that is taken as
    /// interrupted (its outcome unknown).
    pub async fn claim(&self, m: &OutboxMessage, now: i64, lease: i64) -> Result<Claim> {
        self.claim_due_by(m, now, now, lease).await
    }

    /// [`claim`](Self::claim), for a row due by `due_by` (a terminal's row in its grace).
    async fn claim_due_by(
        &self,
        m: &OutboxMessage,
        now: i64,
        due_by: i64,
        lease: i64,
    ) -> Result<Claim> {
        // A pending row of a stopped contact is dropped at once; a row whose last attempt's
        // outcome is unknown is claimed all the same (the provider's record decides whether it
        // was sent before the STOP), flagged so that it is never sent again.
        let row = sqlx::query(AssertSqlSafe(format!(
            "UPDATE outbox SET \
             status = CASE WHEN status = '{pending}' AND {STOPPED} THEN '{dropped}' \
             ELSE '{sending}' END, \
             error = CASE WHEN {STOPPED} THEN 'contact stopped' ELSE error END, \
             claimed_at = $5, next_attempt_at = $6 \
             WHERE id = $1 AND status = $2 AND status IN {open} AND attempts = $3 \
             AND next_attempt_at = $4 AND next_attempt_at <= $7 RETURNING status, error",
            pending = Pending.as_str(),
            dropped = Dropped.as_str(),
            sending = Sending.as_str(),
            open = &*OPEN,
        )))
        .bind(m.id)
        .bind(m.status.as_str())
        .bind(m.attempts)
        .bind(m.next_attempt_at)
        .bind(now)
        .bind(now + lease)
        .bind(due_by)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(Claim::Lost);
        };
        let status: String = row.get(0);
        let error: Option<String> = row.get(1);
        Ok(match OutboxStatus::parse(&status) {
            Some(Dropped) => Claim::Dropped,
            _ => Claim::Claimed(Claimed {
                id: m.id,
                claimed_at: now,
                attempts: m.attempts,
                stopped: m.status != Pending && error.as_deref() == Some("contact stopped"),
            }),
        })
    }

    /// Extends the leases of these claims (row id, claimed at) to `until`: only rows still
    /// held by that claim change.
    pub async fn renew_leases(&self, claims: &[(i64, i64)], until: i64) -> Result<()> {
        for chunk in claims.chunks(200) {
            let held = (0..chunk.len())
                .map(|i| format!("(id = ${} AND claimed_at = ${})", 2 * i + 2, 2 * i + 3))
                .collect::<Vec<_>>()
                .join(" OR ");
            let mut q = sqlx::query(AssertSqlSafe(format!(
                "UPDATE outbox SET next_attempt_at = $1 WHERE status = '{sending}' AND ({held})",
                sending = Sending.as_str(),
            )))
            .bind(until);
            for (id, at) in chunk {
                q = q.bind(*id).bind(*at);
            }
            q.execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Records the outcome of a claim; `false` if the claim was no longer held (its lease ended
    /// and another sender took the row), in which case nothing is written. An error quoting a
    /// phone number (a provider's message) is stored masked.
    pub async fn settle(&self, claim: &Claimed, how: Settle<'_>, now: i64) -> Result<bool> {
        let (status, error, at, attempted, sent_at, provider_id) = match how {
            Settle::Sent {
                provider_id,
                note,
                attempted,
            } => (Sent, note, None, attempted, Some(now), provider_id),
            Settle::Retry { error, at } => (Pending, Some(error), Some(at), true, None, None),
            Settle::Check {
                error,
                at,
                attempted,
            } => (Checking, Some(error), Some(at), attempted, None, None),
            Settle::Failed { error, attempted } => {
                (Failed, Some(error), None, attempted, None, None)
            }
            Settle::Unknown { error } => (Unknown, Some(error), None, true, Some(now), None),
            Settle::Dropped => (Dropped, Some("contact stopped"), None, false, None, None),
        };
        // A look in the provider's record that failed counts towards the next one's delay; an
        // attempt starts the count again.
        let checks = match how {
            Settle::Check {
                attempted: false, ..
            } => CHECK_FAILED,
            _ if attempted => CHECKS_RESET,
            _ => CHECKS_KEPT,
        };
        let done = sqlx::query(AssertSqlSafe(format!(
            "UPDATE outbox SET status = $3, error = $4, \
             next_attempt_at = COALESCE($5, next_attempt_at), attempts = attempts + $6, \
             sent_at = COALESCE($7, sent_at), provider_id = COALESCE($8, provider_id), \
             checks = CASE $9 WHEN {CHECK_FAILED} THEN checks + 1 WHEN {CHECKS_RESET} THEN 0 \
             ELSE checks END \
             WHERE id = $1 AND status = '{sending}' AND claimed_at = $2",
            sending = Sending.as_str(),
        )))
        .bind(claim.id)
        .bind(claim.claimed_at)
        .bind(status.as_str())
        .bind(error.map(mask_phones))
        .bind(at)
        .bind(i64::from(attempted))
        .bind(sent_at)
        .bind(provider_id)
        .bind(checks)
        .execute(&self.pool)
        .await?;
        self.scrub_if_erased(Some(claim.id)).await?;
        Ok(done.rows_affected() == 1)
    }

    /// The last words to a person who erased their data leave with their address and text;
    /// once the outcome is recorded, the row is blanked like the others.
    async fn scrub_if_erased(&self, id: Option<i64>) -> Result<()> {
        sqlx::query(AssertSqlSafe(SCRUB_ERASED.as_str()))
            .bind(None::<i64>)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Provider ids already matched to rows sent to `address` (so a check never takes one
    /// provider message for two rows).
    pub async fn provider_ids(
        &self,
        channel: Channel,
        address: &str,
        since: i64,
    ) -> Result<std::collections::HashSet<String>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT provider_id FROM outbox WHERE channel = $1 AND address = $2 \
             AND provider_id IS NOT NULL AND created_at >= $3",
        )
        .bind(channel.as_str())
        .bind(address)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().collect())
    }

    /// Earliest time an open row becomes due (to sleep until then).
    pub async fn next_due(&self, channel: Channel) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(AssertSqlSafe(format!(
            "SELECT MIN(next_attempt_at) FROM outbox WHERE status IN {open} AND channel = $1",
            open = &*OPEN,
        )))
        .bind(channel.as_str())
        .fetch_one(&self.pool)
        .await?)
    }

    /// Messages not settled yet and failed ones (`failed`: only those), newest first, at most
    /// `limit`: what `renfort outbox` shows an operator.
    pub async fn list_outbox(&self, failed: bool, limit: i64) -> Result<Vec<Listed>> {
        let wanted = if failed {
            statuses(&[Failed])
        } else {
            statuses(&[Pending, Sending, Checking, Held, Failed])
        };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT id, channel, address, priority, status, attempts, created_at, \
             next_attempt_at, CAST(LENGTH(text) AS BIGINT), error FROM outbox WHERE status IN ({wanted}) \
             ORDER BY id DESC LIMIT $1"
        )))
        .bind(limit)
        .fetch_all(&self.readers)
        .await?;
        Ok(rows
            .iter()
            .map(|r| Listed {
                id: r.get(0),
                channel: r.get(1),
                address: r.get(2),
                priority: r.get(3),
                status: r.get(4),
                attempts: r.get(5),
                created_at: r.get(6),
                next_attempt_at: r.get(7),
                characters: r.get::<Option<i64>, _>(8).unwrap_or(0),
                error: r.get(9),
            })
            .collect())
    }

    /// Sends a failed message again: due now, its age counted from now. `false`: no failed
    /// message has this id. A contact who stopped meanwhile still gets nothing (the claim
    /// checks).
    pub async fn requeue(&self, id: i64, now: i64) -> Result<bool> {
        let done = sqlx::query(AssertSqlSafe(format!(
            "UPDATE outbox SET status = '{pending}', next_attempt_at = $2, requeued_at = $2, \
             checks = 0, error = NULL WHERE id = $1 AND status = '{failed}'",
            pending = Pending.as_str(),
            failed = Failed.as_str(),
        )))
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Every message after `after_id`, in order (for tests).
    pub async fn messages_after(&self, after_id: i64) -> Result<Vec<OutboxMessage>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM outbox WHERE id > $1 ORDER BY id"
        )))
        .bind(after_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn last_message_id(&self) -> Result<i64> {
        let id: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM outbox")
            .fetch_one(&self.pool)
            .await?;
        Ok(id.unwrap_or(0))
    }

    /// Marks a row sent without a provider (tests, the terminal): claimed and settled at once.
    /// A row a terminal's line created is taken in its [`TERMINAL_GRACE`] too.
    pub async fn mark_sent_locally(&self, m: &OutboxMessage, note: &str, now: i64) -> Result<bool> {
        match self.claim_due_by(m, now, now + TERMINAL_GRACE, 60).await? {
            Claim::Claimed(c) => {
                self.settle(
                    &c,
                    Settle::Sent {
                        provider_id: None,
                        note: Some(note),
                        attempted: true,
                    },
                    now,
                )
                .await
            }
            Claim::Lost | Claim::Dropped => Ok(false),
        }
    }
}

/// What an outbox row is for, so that a failed delivery can act (see
/// [`crate::engine::receipts`]): `alert`, `relay`, `resend` or `moderators`, the row or
/// participation it refers to, and the author of a relayed message.
pub async fn set_purpose(
    tx: &mut Tx,
    id: i64,
    purpose: &str,
    reference: i64,
    author: Option<(Channel, &str)>,
) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET purpose = $2, purpose_ref = $3, author_channel = $4, \
         author_address = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(purpose)
    .bind(reference)
    .bind(author.map(|(c, _)| c.as_str()))
    .bind(author.map(|(_, a)| a.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Holds just-queued rows back until `until`, under `purpose` and `reference` (a refusal's
/// notices wait out the undo window, see [`withdraw`]).
pub async fn defer(
    tx: &mut Tx,
    ids: &[i64],
    until: i64,
    purpose: &str,
    reference: i64,
) -> Result<()> {
    for &id in ids {
        sqlx::query(
            "UPDATE outbox SET next_attempt_at = CASE WHEN next_attempt_at < $2 THEN $2 \
             ELSE next_attempt_at END, purpose = $3, purpose_ref = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(until)
        .bind(purpose)
        .bind(reference)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Drops the rows queued under `purpose` and `reference` that no sender has taken yet; how
/// many. A refusal undone in time: its notice never leaves.
pub async fn withdraw(tx: &mut Tx, purpose: &str, reference: i64) -> Result<u64> {
    let done = sqlx::query(AssertSqlSafe(format!(
        "UPDATE outbox SET status = '{dropped}', error = 'withdrawn' WHERE purpose = $1 \
         AND purpose_ref = $2 AND status IN ({waiting})",
        dropped = Dropped.as_str(),
        waiting = statuses(&[Pending, Held]),
    )))
    .bind(purpose)
    .bind(reference)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Keeps a just-queued row aside (`held`) until its contact comes back with START (alerts to
/// staff who stopped, when no colleague can take them).
pub async fn hold(tx: &mut Tx, id: i64) -> Result<()> {
    sqlx::query("UPDATE outbox SET status = $2 WHERE id = $1")
        .bind(id)
        .bind(Held.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A staff member stops: the alerts queued for them wait instead of being dropped.
pub async fn hold_alerts(tx: &mut Tx, channel: Channel, address: &str) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET status = $4 WHERE status = $5 AND channel = $1 \
         AND address = $2 AND priority >= $3",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(PRIORITY_ALERT)
    .bind(Held.as_str())
    .bind(Pending.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// START: what waited for this contact is due now.
pub async fn release_held(tx: &mut Tx, channel: Channel, address: &str, now: i64) -> Result<()> {
    sqlx::query(
        "UPDATE outbox SET status = $4, next_attempt_at = $3 WHERE status = $5 \
         AND channel = $1 AND address = $2",
    )
    .bind(channel.as_str())
    .bind(address)
    .bind(now)
    .bind(Pending.as_str())
    .bind(Held.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An erased volunteer's outbound messages: every message that carries their data, those to
/// them (by their addresses; call this before their contacts go), those about them (alerts,
/// reminders, queue items, staff's replies naming them) and those mentioning them among others
/// (a moderator's FILE page), is blanked. Not sent yet: never sent, except the last words of
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
    sqlx::query(AssertSqlSafe(format!(
        "UPDATE outbox SET status = '{dropped}', error = 'erased' WHERE (about_volunteer = $1 \
         OR id IN (SELECT outbox_id FROM outbox_mentions WHERE volunteer_id = $1)) \
         AND status IN ({waiting}) AND ignores_stop = 0",
        dropped = Dropped.as_str(),
        waiting = statuses(&[Pending, Held]),
    )))
    .bind(volunteer_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(AssertSqlSafe(SCRUB_ERASED.as_str()))
        .bind(volunteer_id)
        .bind(None::<i64>)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
