//! One delivery scheduler for every channel: it drains the outbox rows of one channel through a
//! [`Provider`] (Twilio, the log gateway, Telegram …). The scheduler owns what every channel
//! needs and must get right once: conversational replies before alerts, one send at a time per
//! recipient (so order holds per recipient and one slow call holds up nobody else), a bounded
//! number in flight, the provider's pacing, fenced claims with a lease, the contact's STOP
//! checked at claim time, exponential backoff with jitter, a message given up by its age (not
//! by a count of attempts: a long outage must not lose what a short one would not), short
//! leases renewed while a send is in flight (a dead sender's rows come back within seconds),
//! checks of unknown outcomes that back off and take at most a share of the send slots, the
//! outcome recorded, metrics, and a drain of the sends in flight on shutdown. A provider only
//! says how to send one message, how fast, and where an unknown outcome can be looked up.
//!
//! An attempt whose outcome is unknown (an unreadable answer, a timeout, a sender that died
//! between claim and answer) is never guessed: when the provider keeps a record of what it
//! took, that record decides whether the row is closed as sent or sent again; when it keeps
//! none, the row is closed as `unknown` and never resent, except a claim interrupted before
//! any answer, which is sent again (see [`Provider::KEEPS_RECORD`]).

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::domain::{Channel, redact_address};
use crate::metrics::Metrics;
use crate::retry::Delivery;
use crate::store::{Claim, Claimed, OutboxMessage, Settle, Store};

/// What became of one attempt, whatever the channel.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Taken by the provider (with its id for the message when it gave one: Twilio's SID).
    Sent(Option<String>),
    /// The provider may have taken it (no answer, an answer that cannot be read). Checked
    /// against the provider's record when it keeps one; otherwise closed, never resent.
    Unknown(String),
    /// Refused before it was taken (busy, unreachable): tried again after the backoff, or
    /// after the provider's own delay in seconds (`retry_after`) when it gave one.
    Retry(String, Option<i64>),
    /// Refused for good (a bad number, a malformed address …).
    Permanent(String),
    /// The recipient opted out at the provider (Twilio 21610): the contact is stopped.
    Unsubscribed(String),
    /// The recipient can no longer be reached there (a blocked bot, a deactivated user, a chat
    /// gone): the contact is stopped.
    RecipientGone(String),
}

impl Outcome {
    /// The `outcome` label of `renfort_send_duration_seconds`.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Sent(_) => "sent",
            Outcome::Unknown(_) => "unknown",
            Outcome::Retry(..) => "retry",
            Outcome::Permanent(_) => "failed",
            Outcome::Unsubscribed(_) => "unsubscribed",
            Outcome::RecipientGone(_) => "blocked",
        }
    }
}

/// The result of looking for a message in the provider's record.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The provider has it: its id.
    Sent(String),
    Absent,
}

/// How fast a provider takes messages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pacing {
    /// One send started per this interval at most, overall (per segment for SMS: a message
    /// of three segments waits three intervals).
    pub overall: Duration,
    /// One send started per this interval at most to the same recipient (`None`: only one
    /// in flight at a time).
    pub per_recipient: Option<Duration>,
}

impl Pacing {
    /// At most `rate` sends started a second overall.
    pub fn per_second(rate: u32) -> Pacing {
        Pacing {
            overall: Duration::from_secs_f64(1.0 / f64::from(rate.max(1))),
            per_recipient: None,
        }
    }
}

/// One way out for one channel. A new channel is an inbound adapter, a `Provider` and one
/// [`Scheduler`] started by `renfort serve`.
pub trait Provider: Send + Sync + 'static {
    /// The outbox rows this provider drains.
    const CHANNEL: Channel;
    /// How logs name it ("SMS", "Telegram").
    const NAME: &'static str;
    /// The provider keeps a record of what it took that [`Provider::find`] searches (Twilio's
    /// list of messages). Without one, an unknown outcome closes the row as `unknown`.
    const KEEPS_RECORD: bool = false;

    fn pacing(&self) -> Pacing;

    /// One attempt; never panics, every failure is an [`Outcome`].
    fn send(&self, m: &OutboxMessage) -> impl Future<Output = Outcome> + Send;

    /// Looks for `m` in the provider's record: sent after it was queued, and not one of
    /// `taken` (ids already matched to other rows). `Err`: the record could not be read, try
    /// later. Only called when [`Provider::KEEPS_RECORD`].
    fn find(
        &self,
        _m: &OutboxMessage,
        _taken: &HashSet<String>,
    ) -> impl Future<Output = Result<Found, String>> + Send {
        async { Ok(Found::Absent) }
    }
}

/// When a scheduler last started a send (its clock's seconds; 0: never): `/healthz` tells a
/// sender that is moving from one that is stuck.
#[derive(Debug, Clone, Default)]
pub struct Heartbeat(Arc<std::sync::atomic::AtomicI64>);

impl Heartbeat {
    fn beat(&self, now: i64) {
        self.0.store(now, std::sync::atomic::Ordering::Relaxed);
    }

    /// When the last send started, if one did.
    pub fn last(&self) -> Option<i64> {
        Some(self.0.load(std::sync::atomic::Ordering::Relaxed)).filter(|&t| t > 0)
    }
}

/// Drains the outbox of `P::CHANNEL` through `provider`.
pub struct Scheduler<P> {
    pub store: Store,
    pub provider: P,
    pub heartbeat: Heartbeat,
    /// Notified when a row is queued, so that a reply leaves without waiting for a poll.
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    pub delivery: Delivery,
    pub clock: fn() -> i64,
    /// The claims this scheduler holds (row id → claimed at), whose leases it renews.
    pub claims: Claims,
}

/// The claims a scheduler holds (row id → when it was claimed).
pub type Claims = Arc<std::sync::Mutex<HashMap<i64, i64>>>;

/// Rows read per round: enough to fill the in-flight bound many times over.
const BATCH: i64 = 200;
/// Poll while a recipient waits for its per-recipient interval.
const SPACED_POLL: Duration = Duration::from_millis(200);
/// Poll while rows are due and sends are in flight (a finished send wakes the loop anyway).
const BUSY_POLL: Duration = Duration::from_millis(500);
/// Poll while rows are due and nothing is in flight (a row just lost to another sender …).
const IDLE_POLL: Duration = Duration::from_millis(50);
/// Never sleep longer than this: rows queued by another process wake nobody here.
const MAX_SLEEP: Duration = Duration::from_secs(5);
/// Seconds a claim holds a row without being renewed; a live scheduler renews its claims
/// every [`RENEW_EVERY`].
const LEASE: i64 = 10;
const RENEW_EVERY: Duration = Duration::from_secs(3);
/// Checks of unknown outcomes take at most one send slot in this many.
const CHECK_SHARE: usize = 4;

impl<P: Provider> Scheduler<P> {
    /// Runs until `shutdown` turns true, then lets the sends in flight finish: what was
    /// claimed is sent and recorded before the process exits.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let me = Arc::new(self);
        let pacing = me.provider.pacing();
        // Each send in flight gives back its recipient and whether it was a check.
        let mut in_flight: JoinSet<(String, bool)> = JoinSet::new();
        let mut checks_in_flight = 0usize;
        // Checks of unknown outcomes take at most this many of the send slots: a provider
        // whose record hangs or fails never stops the sends to everyone else.
        let check_slots = (me.delivery.in_flight / CHECK_SHARE).max(1);
        let mut busy: HashSet<String> = HashSet::new();
        // Its own task: a loop slowed by a slow database or pacing never lets a live claim lapse.
        let renewer = tokio::spawn({
            let me = me.clone();
            async move {
                loop {
                    tokio::time::sleep(RENEW_EVERY).await;
                    me.renew_leases().await;
                }
            }
        });
        let mut last_to: HashMap<String, Instant> = HashMap::new();
        let mut next_start = tokio::time::Instant::now();
        loop {
            if *shutdown.borrow() {
                break;
            }
            while let Some(done) = in_flight.try_join_next() {
                if let Ok((address, check)) = done {
                    busy.remove(&address);
                    checks_in_flight -= usize::from(check);
                }
            }
            if let Some(interval) = pacing.per_recipient {
                last_to.retain(|_, t| t.elapsed() < interval);
            }
            let now = (me.clock)();
            let due = match me.store.due_messages(Some(P::CHANNEL), now, BATCH).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::error!(error = %e, "{} sender: reading the outbox", P::NAME);
                    Vec::new()
                }
            };
            // A recipient's next row waits for its interval: poll again soon.
            let mut spaced = false;
            for m in due {
                if in_flight.len() >= me.delivery.in_flight.max(1) {
                    break;
                }
                if busy.contains(&m.address) {
                    continue;
                }
                let check = m.outcome_unknown() && P::KEEPS_RECORD;
                if check && checks_in_flight >= check_slots {
                    continue;
                }
                if last_to.contains_key(&m.address) {
                    spaced = true;
                    continue;
                }
                tokio::time::sleep_until(next_start).await;
                // A provider's rate counts what it bills and carriers carry: an SMS of three
                // segments takes three segments' time.
                let units = m.segments.unwrap_or(1).clamp(1, 10) as u32;
                next_start = next_start.max(tokio::time::Instant::now()) + pacing.overall * units;
                busy.insert(m.address.clone());
                checks_in_flight += usize::from(check);
                me.heartbeat.beat((me.clock)());
                if pacing.per_recipient.is_some() {
                    last_to.insert(m.address.clone(), Instant::now());
                }
                let me = me.clone();
                in_flight.spawn(async move {
                    me.deliver(&m).await;
                    (m.address, check)
                });
            }
            let wait = match me.store.next_due(P::CHANNEL).await {
                Ok(Some(at)) if at > now => Duration::from_secs((at - now) as u64),
                Ok(Some(_)) if spaced => SPACED_POLL,
                Ok(Some(_)) if in_flight.is_empty() => IDLE_POLL,
                Ok(Some(_)) => BUSY_POLL,
                _ => MAX_SLEEP,
            };
            tokio::select! {
                Some(done) = in_flight.join_next(), if !in_flight.is_empty() => {
                    if let Ok((address, check)) = done {
                        busy.remove(&address);
                        checks_in_flight -= usize::from(check);
                    }
                }
                _ = me.wake.notified() => {}
                _ = tokio::time::sleep(wait.min(MAX_SLEEP)) => {}
                _ = shutdown.changed() => {}
            }
        }
        // Draining: the leases of what is still in flight are renewed until it settles.
        while in_flight.join_next().await.is_some() {}
        renewer.abort();
    }

    /// Extends the leases of the claims this scheduler holds: a live sender keeps its rows
    /// however long a call takes, and a dead one's rows come back [`LEASE`] seconds after it
    /// died (then checked with the provider), not after the longest call it might have made.
    async fn renew_leases(&self) {
        let held: Vec<(i64, i64)> = self
            .claims
            .lock()
            .expect("claims lock")
            .iter()
            .map(|(id, at)| (*id, *at))
            .collect();
        if held.is_empty() {
            return;
        }
        let until = (self.clock)() + LEASE;
        if let Err(e) = self.store.renew_leases(&held, until).await {
            tracing::error!(error = %e, "{} sender: renewing leases", P::NAME);
        }
    }

    /// Claims `m` (STOP checked in the same statement), checks an unknown outcome first, makes
    /// one attempt and records it.
    async fn deliver(&self, m: &OutboxMessage) {
        let claimed = self.attempt(m).await;
        if let Some(id) = claimed {
            self.claims.lock().expect("claims lock").remove(&id);
        }
    }

    /// [`Scheduler::deliver`]; the id of the row if it was claimed (its lease renewed meanwhile).
    async fn attempt(&self, m: &OutboxMessage) -> Option<i64> {
        let to = redact_address(&m.address);
        let now = (self.clock)();
        let claim = match self.store.claim(m, now, LEASE).await {
            Ok(Claim::Claimed(c)) => c,
            Ok(Claim::Dropped) => {
                Metrics::inc(&self.metrics.outbound_dropped_stopped);
                tracing::info!(%to, id = m.id, "{} not sent: the contact stopped", P::NAME);
                return None;
            }
            Ok(Claim::Lost) => return None,
            Err(e) => {
                tracing::error!(error = %e, "{} sender: claim", P::NAME);
                return None;
            }
        };
        self.claims
            .lock()
            .expect("claims lock")
            .insert(claim.id, claim.claimed_at);
        if m.outcome_unknown() {
            if P::KEEPS_RECORD {
                if !self.check(m, &claim).await {
                    return Some(claim.id);
                }
            } else if claim.stopped {
                // A sender died between claim and answer, and the provider keeps no record to
                // tell whether it left before the STOP: never sent again.
                Metrics::inc(&self.metrics.outbound_dropped_stopped);
                if let Err(e) = self.store.settle(&claim, Settle::Dropped, now).await {
                    tracing::error!(error = %e, id = m.id, "{} sender: recording", P::NAME);
                }
                return Some(claim.id);
            } else {
                // Nothing to check: sent again, at the risk of a duplicate (preferred to
                // losing it).
                tracing::warn!(%to, id = m.id, "{}: interrupted attempt, sending again", P::NAME);
            }
        }
        let started = std::time::Instant::now();
        let outcome = self.provider.send(m).await;
        self.metrics
            .observe_send(P::CHANNEL, outcome.label(), started.elapsed());
        self.record(m, &claim, outcome).await;
        Some(claim.id)
    }

    /// The last attempt's outcome is unknown: looks for it in the provider's record. `true`:
    /// it is not there, send it again (within this claim).
    async fn check(&self, m: &OutboxMessage, claim: &Claimed) -> bool {
        let to = redact_address(&m.address);
        let taken = match self
            .store
            .provider_ids(P::CHANNEL, &m.address, m.created_at - 86_400)
            .await
        {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "{} sender: reading provider ids", P::NAME);
                return false;
            }
        };
        let found = self.provider.find(m, &taken).await;
        // Read after the look: a look that hung for the whole timeout must not make the next
        // one due at once.
        let now = (self.clock)();
        let too_old = now >= m.age_from + self.delivery.max_age(m.priority);
        let settled = match found {
            Ok(Found::Sent(id)) => {
                Metrics::inc(&self.metrics.outbound_checked_found);
                tracing::info!(%to, id = m.id, "{} found at the provider after an unknown outcome: closed as sent", P::NAME);
                let how = Settle::Sent {
                    provider_id: Some(&id),
                    note: Some("found at the provider after an unknown outcome"),
                    attempted: false,
                };
                self.store.settle(claim, how, now).await
            }
            Ok(Found::Absent) if claim.stopped => {
                Metrics::inc(&self.metrics.outbound_dropped_stopped);
                tracing::info!(%to, id = m.id, "{} not at the provider and the contact stopped: dropped", P::NAME);
                self.store.settle(claim, Settle::Dropped, now).await
            }
            Ok(Found::Absent) if too_old => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, "{} given up: not at the provider and too old to send", P::NAME);
                let how = Settle::Failed {
                    error: "given up: not at the provider and past its maximum age",
                    attempted: false,
                };
                self.store.settle(claim, how, now).await
            }
            Ok(Found::Absent) => {
                Metrics::inc(&self.metrics.outbound_checked_resent);
                tracing::warn!(%to, id = m.id, "{} not at the provider after an unknown outcome: sending again", P::NAME);
                return true;
            }
            Err(why) if too_old => {
                Metrics::inc(&self.metrics.outbound_maybe_sent);
                tracing::error!(%to, id = m.id, %why, "{} given up: past its maximum age and the provider's record cannot be read; maybe sent, never resent", P::NAME);
                self.store
                    .settle(claim, Settle::Unknown { error: &why }, now)
                    .await
            }
            Err(why) => {
                let at = now + self.delivery.check_delay(m.checks);
                tracing::warn!(%to, id = m.id, %why, retry_in = at - now, "{} check with the provider failed; checking later", P::NAME);
                let how = Settle::Check {
                    error: &why,
                    at,
                    attempted: false,
                };
                self.store.settle(claim, how, now).await
            }
        };
        if let Err(e) = settled {
            tracing::error!(error = %e, id = m.id, "{} sender: recording a check", P::NAME);
        }
        false
    }

    async fn record(&self, m: &OutboxMessage, claim: &Claimed, outcome: Outcome) {
        let to = redact_address(&m.address);
        let now = (self.clock)();
        let delay = self.delivery.backoff(claim.attempts);
        let recorded = match &outcome {
            Outcome::Sent(id) => {
                Metrics::inc(&self.metrics.outbound_sent);
                // Only SMS rows carry the segments the carrier bills.
                if let Some(segments) = m.segments {
                    self.metrics
                        .outbound_segments
                        .inc_by(segments.max(0) as u64);
                }
                tracing::info!(%to, id = m.id, segments = m.segments, "{} sent", P::NAME);
                let how = Settle::Sent {
                    provider_id: id.as_deref(),
                    note: None,
                    attempted: true,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Unknown(why) if P::KEEPS_RECORD => {
                Metrics::inc(&self.metrics.outbound_maybe_sent);
                // Within seconds (the provider lists what it took at once), later when
                // attempts keep ending unknown.
                let at = now + delay.max(self.delivery.check_delay(0));
                tracing::warn!(%to, id = m.id, %why, check_in = at - now, "{} outcome unknown; will check with the provider", P::NAME);
                let how = Settle::Check {
                    error: why,
                    at,
                    attempted: true,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Unknown(why) => {
                Metrics::inc(&self.metrics.outbound_maybe_sent);
                tracing::warn!(%to, id = m.id, %why, "{} maybe sent; not resent", P::NAME);
                self.store
                    .settle(claim, Settle::Unknown { error: why }, now)
                    .await
            }
            Outcome::Retry(why, after)
                if now + after.unwrap_or(delay)
                    < m.age_from + self.delivery.max_age(m.priority) =>
            {
                Metrics::inc(&self.metrics.outbound_retried);
                let delay = after.unwrap_or(delay);
                tracing::warn!(%to, id = m.id, %why, retry_in = delay, "{} retry", P::NAME);
                let how = Settle::Retry {
                    error: why,
                    at: now + delay,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Retry(why, _) => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, %why, attempts = claim.attempts + 1, "{} given up: too old to retry (`renfort outbox requeue` sends it again)", P::NAME);
                let error = format!("given up at its maximum age: {why}");
                let how = Settle::Failed {
                    error: &error,
                    attempted: true,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Permanent(why) => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, %why, "{} failed", P::NAME);
                let how = Settle::Failed {
                    error: why,
                    attempted: true,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Unsubscribed(why) | Outcome::RecipientGone(why) => {
                Metrics::inc(&self.metrics.contacts_stopped_by_provider);
                tracing::warn!(%to, id = m.id, %why, "{}: the provider refuses this recipient; contact stopped", P::NAME);
                match self.store.stop_contact(P::CHANNEL, &m.address, now).await {
                    Ok(()) => {
                        let how = Settle::Failed {
                            error: why,
                            attempted: true,
                        };
                        self.store.settle(claim, how, now).await
                    }
                    Err(e) => Err(e),
                }
            }
        };
        match recorded {
            Ok(true) => {}
            Ok(false) => tracing::error!(
                id = m.id,
                "{} sender: claim lost before recording the outcome",
                P::NAME
            ),
            Err(e) => {
                tracing::error!(error = %e, id = m.id, "{} sender: recording the outcome", P::NAME)
            }
        }
    }
}

#[cfg(test)]
mod pacing_tests;

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::domain::OutboxStatus;
    use crate::render::Rendered;
    use crate::store::outbox::{Outgoing, PRIORITY_REPLY, enqueue_many};

    const NOW: i64 = 1_800_000_000;

    /// A channel as a newcomer would add one: records what it is sent, in order, and answers
    /// as the first word of the text says.
    struct Fake {
        sent: Arc<Mutex<Vec<String>>>,
    }

    impl Provider for Fake {
        const CHANNEL: Channel = Channel::Telegram;
        const NAME: &'static str = "Fake";

        fn pacing(&self) -> Pacing {
            Pacing {
                overall: Duration::from_millis(1),
                per_recipient: Some(Duration::from_millis(10)),
            }
        }

        async fn send(&self, m: &OutboxMessage) -> Outcome {
            self.sent.lock().unwrap().push(m.text.clone());
            match m.text.split(' ').next().unwrap_or_default() {
                "gone" => Outcome::RecipientGone("bot blocked".into()),
                "lost" => Outcome::Unknown("answer unreadable".into()),
                "busy" => Outcome::Retry("429".into(), Some(30)),
                _ => Outcome::Sent(Some(format!("P{}", m.id))),
            }
        }
    }

    fn row(address: &str, text: &str) -> Outgoing {
        Outgoing {
            channel: Channel::Telegram,
            address: address.into(),
            rendered: Rendered {
                text: text.into(),
                segments: None,
                encoding: None,
                choices: vec![],
            },
            priority: PRIORITY_REPLY,
            ignores_stop: false,
            not_before: None,
            about: None,
        }
    }

    #[tokio::test]
    async fn one_scheduler_keeps_order_settles_each_outcome_and_honours_a_stop() {
        let path = std::env::temp_dir().join(format!("renfort_delivery_{}.db", std::process::id()));
        let store = Store::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        let rows = [
            row("1", "ok a1"),
            row("2", "gone b1"),
            row("1", "ok a2"),
            row("2", "ok b2"),
            row("3", "lost c1"),
            row("4", "busy d1"),
            row("1", "ok a3"),
        ];
        let mut tx = store.begin().await.unwrap();
        enqueue_many(&mut tx, &rows, NOW).await.unwrap();
        tx.commit().await.unwrap();
        let sent = Arc::new(Mutex::new(Vec::new()));
        let scheduler = Scheduler {
            store: store.clone(),
            provider: Fake { sent: sent.clone() },
            heartbeat: Heartbeat::default(),
            claims: Claims::default(),
            wake: Arc::new(Notify::new()),
            metrics: Arc::new(Metrics::default()),
            delivery: Delivery::default(),
            clock: || NOW,
        };
        let (stop, shutdown) = watch::channel(false);
        let running = tokio::spawn(scheduler.run(shutdown));
        let deadline = Instant::now() + Duration::from_secs(20);
        let settled = loop {
            let all = store.messages_after(0).await.unwrap();
            if all
                .iter()
                .all(|m| !OutboxStatus::OPEN.contains(&m.status) || m.text == "busy d1")
                && all.iter().any(|m| m.attempts > 0 && m.text == "busy d1")
            {
                break all;
            }
            assert!(Instant::now() < deadline, "not settled: {all:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        stop.send(true).unwrap();
        running.await.unwrap();

        let sent = sent.lock().unwrap().clone();
        let to_one: Vec<&str> = sent
            .iter()
            .map(String::as_str)
            .filter(|t| t.starts_with("ok a"))
            .collect();
        assert_eq!(
            to_one,
            ["ok a1", "ok a2", "ok a3"],
            "one recipient's rows in order"
        );
        assert!(
            !sent.iter().any(|t| t == "ok b2"),
            "the recipient is gone: nothing more is sent to them: {sent:?}"
        );
        let status = |text: &str| {
            let m = settled.iter().find(|m| m.text == text).unwrap();
            (m.status, m.attempts)
        };
        assert_eq!(status("ok a3"), (OutboxStatus::Sent, 1));
        assert_eq!(status("gone b1"), (OutboxStatus::Failed, 1));
        assert_eq!(status("ok b2").0, OutboxStatus::Dropped);
        // No record to check at this provider: maybe sent, closed, never sent again.
        assert_eq!(status("lost c1"), (OutboxStatus::Unknown, 1));
        assert_eq!(sent.iter().filter(|t| *t == "lost c1").count(), 1);
        // The provider's own delay wins over the backoff.
        let busy = settled.iter().find(|m| m.text == "busy d1").unwrap();
        assert_eq!(
            (busy.status, busy.attempts, busy.next_attempt_at),
            (OutboxStatus::Pending, 1, NOW + 30)
        );
        let ids = store.provider_ids(Channel::Telegram, "1", 0).await.unwrap();
        assert_eq!(ids.len(), 3, "each provider id recorded: {ids:?}");
        store.close().await;
        let _ = std::fs::remove_file(&path);
    }
}
