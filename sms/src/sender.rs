//! Drains the SMS outbox: conversational replies before alerts, at most `rate` sends started a
//! second, a bounded number in flight (one per recipient at a time, so order holds per
//! recipient and one slow call holds up nobody else), retries with exponential backoff and
//! jitter when the provider is busy or unreachable. An attempt whose outcome is unknown (an
//! unreadable answer, a 5xx or 429 without Twilio's JSON, a timeout, a sender that died between
//! claim and answer) is never guessed: Twilio's own list of messages decides whether it is
//! closed as sent or sent again. Twilio error 21610 (the person texted STOP to the number)
//! stops the contact.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use renfort_core::domain::{Channel, redact_address};
use renfort_core::metrics::Metrics;
use renfort_core::redact::mask_phones;
use renfort_core::retry::{Delivery, MAX_ATTEMPTS};
use renfort_core::store::{Claim, Claimed, OutboxMessage, Settle, Store};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::twilio::{ApiUrl, Found, Outcome, TwilioApi};

pub enum Gateway {
    Twilio(Box<TwilioApi>),
    /// No credentials: prints each SMS and says it was not sent.
    Log,
}

impl Gateway {
    pub fn twilio(
        sid: &str,
        token: &str,
        from: &str,
        api: &ApiUrl,
        timeout: Duration,
    ) -> Result<Gateway, String> {
        Ok(Gateway::Twilio(Box::new(TwilioApi::new(
            sid, token, from, api, timeout,
        )?)))
    }

    pub async fn send(&self, m: &OutboxMessage) -> Outcome {
        match self {
            Gateway::Log => {
                let cost = match (m.segments, &m.encoding) {
                    (Some(s), Some(e)) => format!("{s} segment(s) {e}"),
                    _ => "?".into(),
                };
                // Numbers masked, in the address and in the text (a referent's alert carries
                // the volunteer's): this output ends up in terminals and log files.
                println!(
                    "[SMS log gateway: NOT sent, no Twilio credentials] to {} ({cost}):\n{}",
                    redact_address(&m.address),
                    mask_phones(&m.text)
                );
                Outcome::Sent(None)
            }
            Gateway::Twilio(api) => api.send(&m.address, &m.text).await,
        }
    }

    /// Looks for `m` in the provider's record (sent after it was queued, not matched to
    /// another row yet).
    async fn find(&self, m: &OutboxMessage, taken: &HashSet<String>) -> Result<Found, String> {
        match self {
            // The log gateway never leaves an outcome unknown: nothing to find.
            Gateway::Log => Ok(Found::Absent),
            Gateway::Twilio(api) => api.find(&m.address, &m.text, m.created_at, taken).await,
        }
    }
}

pub struct SmsSender {
    pub store: Store,
    pub gateway: Gateway,
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    /// Sends started per second at most.
    pub rate: u32,
    pub delivery: Delivery,
    pub clock: fn() -> i64,
}

impl SmsSender {
    /// Runs until `shutdown` turns true, then lets the sends in flight finish.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let me = Arc::new(self);
        let pause = Duration::from_secs_f64(1.0 / f64::from(me.rate.max(1)));
        let mut in_flight: JoinSet<String> = JoinSet::new();
        let mut busy: HashSet<String> = HashSet::new();
        let mut next_start = tokio::time::Instant::now();
        loop {
            if *shutdown.borrow() {
                break;
            }
            while let Some(done) = in_flight.try_join_next() {
                if let Ok(address) = done {
                    busy.remove(&address);
                }
            }
            let now = (me.clock)();
            let due = match me.store.due_messages(Some(Channel::Sms), now, 200).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::error!(error = %e, "SMS sender: reading the outbox");
                    Vec::new()
                }
            };
            for m in due {
                if in_flight.len() >= me.delivery.in_flight.max(1) {
                    break;
                }
                if busy.contains(&m.address) {
                    continue;
                }
                tokio::time::sleep_until(next_start).await;
                next_start = next_start.max(tokio::time::Instant::now()) + pause;
                busy.insert(m.address.clone());
                let me = me.clone();
                in_flight.spawn(async move {
                    me.deliver(&m).await;
                    m.address
                });
            }
            let wait = match me.store.next_due(Channel::Sms).await {
                Ok(Some(at)) if at > now => Duration::from_secs((at - now) as u64),
                Ok(Some(_)) if in_flight.is_empty() => Duration::from_millis(50),
                Ok(Some(_)) => Duration::from_millis(500),
                _ => Duration::from_secs(5),
            };
            tokio::select! {
                Some(done) = in_flight.join_next(), if !in_flight.is_empty() => {
                    if let Ok(address) = done {
                        busy.remove(&address);
                    }
                }
                _ = me.wake.notified() => {}
                _ = tokio::time::sleep(wait.min(Duration::from_secs(5))) => {}
                _ = shutdown.changed() => {}
            }
        }
        // Drain: what was claimed is sent and recorded before the process exits.
        while in_flight.join_next().await.is_some() {}
    }

    async fn deliver(&self, m: &OutboxMessage) {
        let to = redact_address(&m.address);
        let now = (self.clock)();
        let claim = match self.store.claim(m, now, self.delivery.lease()).await {
            Ok(Claim::Claimed(c)) => c,
            Ok(Claim::Dropped) => {
                Metrics::inc(&self.metrics.outbound_dropped_stopped);
                tracing::info!(%to, id = m.id, "SMS not sent: the contact stopped");
                return;
            }
            Ok(Claim::Lost) => return,
            Err(e) => return tracing::error!(error = %e, "SMS sender: claim"),
        };
        if m.outcome_unknown() && !self.check(m, &claim).await {
            return;
        }
        let started = std::time::Instant::now();
        let outcome = self.gateway.send(m).await;
        let label = match &outcome {
            Outcome::Sent(_) => "sent",
            Outcome::Unknown(_) => "unknown",
            Outcome::Retry(_) => "retry",
            Outcome::Permanent(_) => "failed",
            Outcome::Unsubscribed => "unsubscribed",
        };
        self.metrics
            .observe_send(Channel::Sms, label, started.elapsed());
        self.record(m, &claim, outcome).await;
    }

    /// The last attempt's outcome is unknown: looks for it in Twilio's record. `true`: it is
    /// not there, send it again (within this claim).
    async fn check(&self, m: &OutboxMessage, claim: &Claimed) -> bool {
        let to = redact_address(&m.address);
        let taken = match self
            .store
            .provider_ids(Channel::Sms, &m.address, m.created_at - 86_400)
            .await
        {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "SMS sender: reading provider ids");
                return false;
            }
        };
        let now = (self.clock)();
        let settled = match self.gateway.find(m, &taken).await {
            Ok(Found::Sent(sid)) => {
                Metrics::inc(&self.metrics.outbound_checked_found);
                tracing::info!(%to, id = m.id, "SMS found at Twilio after an unknown outcome: closed as sent");
                let how = Settle::Sent {
                    provider_id: Some(&sid),
                    note: Some("found at the provider after an unknown outcome"),
                    attempted: false,
                };
                self.store.settle(claim, how, now).await
            }
            Ok(Found::Absent) if claim.stopped => {
                Metrics::inc(&self.metrics.outbound_dropped_stopped);
                tracing::info!(%to, id = m.id, "SMS not at Twilio and the contact stopped: dropped");
                self.store.settle(claim, Settle::Dropped, now).await
            }
            Ok(Found::Absent) if claim.attempts >= MAX_ATTEMPTS => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, "SMS failed: not at Twilio after the last attempt");
                let how = Settle::Failed {
                    error: "not at the provider after the last attempt",
                    attempted: false,
                };
                self.store.settle(claim, how, now).await
            }
            Ok(Found::Absent) => {
                Metrics::inc(&self.metrics.outbound_checked_resent);
                tracing::warn!(%to, id = m.id, "SMS not at Twilio after an unknown outcome: sending again");
                return true;
            }
            Err(why) => {
                let at = now + self.delivery.backoff(claim.attempts);
                tracing::warn!(%to, id = m.id, %why, retry_in = at - now, "SMS check with Twilio failed; checking later");
                let how = Settle::Check {
                    error: &why,
                    at,
                    attempted: false,
                };
                self.store.settle(claim, how, now).await
            }
        };
        if let Err(e) = settled {
            tracing::error!(error = %e, id = m.id, "SMS sender: recording a check");
        }
        false
    }

    async fn record(&self, m: &OutboxMessage, claim: &Claimed, outcome: Outcome) {
        let to = redact_address(&m.address);
        let now = (self.clock)();
        let attempts = claim.attempts + 1;
        let delay = self.delivery.backoff(claim.attempts);
        let recorded = match &outcome {
            Outcome::Sent(sid) => {
                Metrics::inc(&self.metrics.outbound_sent);
                self.metrics
                    .outbound_segments
                    .inc_by(m.segments.unwrap_or(1) as u64);
                tracing::info!(%to, id = m.id, segments = m.segments, "SMS sent");
                let how = Settle::Sent {
                    provider_id: sid.as_deref(),
                    note: None,
                    attempted: true,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Unknown(why) => {
                Metrics::inc(&self.metrics.outbound_maybe_sent);
                let at = now + delay.max(self.delivery.check_after);
                tracing::warn!(%to, id = m.id, %why, check_in = at - now, "SMS outcome unknown; will check with Twilio");
                let how = Settle::Check {
                    error: why,
                    at,
                    attempted: true,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Retry(why) if attempts < MAX_ATTEMPTS => {
                Metrics::inc(&self.metrics.outbound_retried);
                tracing::warn!(%to, id = m.id, %why, retry_in = delay, "SMS retry");
                let how = Settle::Retry {
                    error: why,
                    at: now + delay,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Retry(why) | Outcome::Permanent(why) => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, %why, "SMS failed");
                let how = Settle::Failed {
                    error: why,
                    attempted: true,
                };
                self.store.settle(claim, how, now).await
            }
            Outcome::Unsubscribed => {
                Metrics::inc(&self.metrics.contacts_stopped_by_provider);
                tracing::warn!(%to, id = m.id, "SMS recipient unsubscribed at Twilio (21610): contact stopped");
                match self.store.stop_contact(Channel::Sms, &m.address, now).await {
                    Ok(()) => {
                        let how = Settle::Failed {
                            error: "twilio 21610: unsubscribed",
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
            Ok(false) => {
                tracing::error!(
                    id = m.id,
                    "SMS sender: claim lost before recording the outcome"
                )
            }
            Err(e) => tracing::error!(error = %e, id = m.id, "SMS sender: recording the outcome"),
        }
    }
}
