//! Drains the Telegram outbox: about 30 messages a second overall and one a second per chat,
//! `retry_after` honoured, texts split at 4,096 characters, plain text only (no Markdown
//! parsing of anything a user wrote). A blocked bot or a deactivated user stops the contact.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use renfort_core::domain::{Channel, redact_address};
use renfort_core::metrics::Metrics;
use renfort_core::retry::{Delivery, MAX_ATTEMPTS};
use renfort_core::store::{Claim, OutboxMessage, Settle, Store};
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::keyboard;

pub const MAX_TEXT: usize = 4096;
const GLOBAL_PAUSE: Duration = Duration::from_millis(34);
const PER_CHAT: Duration = Duration::from_secs(1);

/// Splits at 4,096 characters, preferring a line break.
pub fn split(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest: &str = text;
    while rest.chars().count() > MAX_TEXT {
        let cut = rest
            .char_indices()
            .nth(MAX_TEXT)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let at = rest[..cut]
            .rfind('\n')
            .filter(|&i| i > cut / 2)
            .unwrap_or(cut);
        parts.push(rest[..at].to_string());
        rest = rest[at..].trim_start_matches('\n');
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.to_string());
    }
    parts
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Sent,
    /// Telegram answered success in a shape we cannot read: taken; closed, never resent.
    MaybeSent(String),
    /// Busy, unreachable, a 5xx, a cut connection: tried again later. The Bot API has no
    /// idempotency key and no list of sent messages, so an attempt that reached Telegram but
    /// whose answer was lost is sent twice: the residual risk, preferred to losing it.
    Retry(String, Option<i64>),
    Permanent(String),
    Blocked(String),
}

pub struct TelegramSender {
    pub store: Store,
    pub bot: Bot,
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    pub delivery: Delivery,
    pub clock: fn() -> i64,
}

impl TelegramSender {
    /// Runs until `shutdown` turns true, then lets the sends in flight finish. One chat at a
    /// time per send, several chats at once: a chat whose call is slow (teloxide waits 10 s on
    /// a 5xx before reading it) holds up no other chat.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let me = Arc::new(self);
        let mut in_flight: JoinSet<String> = JoinSet::new();
        let mut busy: HashSet<String> = HashSet::new();
        let mut last_to: HashMap<String, Instant> = HashMap::new();
        let mut next_start = tokio::time::Instant::now();
        loop {
            if *shutdown.borrow() {
                break;
            }
            while let Some(done) = in_flight.try_join_next() {
                if let Ok(chat) = done {
                    busy.remove(&chat);
                }
            }
            last_to.retain(|_, t| t.elapsed() < PER_CHAT);
            let now = (me.clock)();
            let due = me
                .store
                .due_messages(Some(Channel::Telegram), now, 200)
                .await
                .unwrap_or_default();
            let mut waiting = false;
            for m in due {
                if in_flight.len() >= me.delivery.in_flight.max(1) {
                    break;
                }
                // One message a second per chat: later ones wait for the next round.
                if busy.contains(&m.address) || last_to.contains_key(&m.address) {
                    waiting = true;
                    continue;
                }
                tokio::time::sleep_until(next_start).await;
                next_start = next_start.max(tokio::time::Instant::now()) + GLOBAL_PAUSE;
                busy.insert(m.address.clone());
                last_to.insert(m.address.clone(), Instant::now());
                let me = me.clone();
                in_flight.spawn(async move {
                    me.deliver(&m).await;
                    m.address
                });
            }
            let wait = match me.store.next_due(Channel::Telegram).await {
                Ok(Some(at)) if at > now => Duration::from_secs((at - now) as u64),
                Ok(Some(_)) if waiting || !in_flight.is_empty() => Duration::from_millis(200),
                Ok(Some(_)) => Duration::from_millis(50),
                _ => Duration::from_secs(5),
            };
            tokio::select! {
                Some(done) = in_flight.join_next(), if !in_flight.is_empty() => {
                    if let Ok(chat) = done {
                        busy.remove(&chat);
                    }
                }
                _ = me.wake.notified() => {}
                _ = tokio::time::sleep(wait.min(Duration::from_secs(5))) => {}
                _ = shutdown.changed() => {}
            }
        }
        while in_flight.join_next().await.is_some() {}
    }

    async fn deliver(&self, m: &OutboxMessage) {
        let now = (self.clock)();
        let to = redact_address(&m.address);
        let claim = match self.store.claim(m, now, self.delivery.lease()).await {
            Ok(Claim::Claimed(c)) => c,
            Ok(Claim::Dropped) => {
                Metrics::inc(&self.metrics.outbound_dropped_stopped);
                tracing::info!(%to, id = m.id, "Telegram not sent: the contact stopped");
                return;
            }
            Ok(Claim::Lost) => return,
            Err(e) => return tracing::error!(error = %e, "Telegram sender: claim"),
        };
        if m.outcome_unknown() {
            // A sender died between claim and answer; Telegram keeps no record to check.
            if claim.stopped {
                Metrics::inc(&self.metrics.outbound_dropped_stopped);
                if let Err(e) = self.store.settle(&claim, Settle::Dropped, now).await {
                    tracing::error!(error = %e, id = m.id, "Telegram sender: recording");
                }
                return;
            }
            tracing::warn!(%to, id = m.id, "Telegram: interrupted attempt, sending again");
        }
        let started = std::time::Instant::now();
        let outcome = self.send(m).await;
        let label = match &outcome {
            Outcome::Sent => "sent",
            Outcome::MaybeSent(_) => "unknown",
            Outcome::Retry(..) => "retry",
            Outcome::Permanent(_) => "failed",
            Outcome::Blocked(_) => "blocked",
        };
        self.metrics
            .observe_send(Channel::Telegram, label, started.elapsed());
        let now = (self.clock)();
        let delay = self.delivery.backoff(claim.attempts);
        let recorded = match outcome {
            Outcome::Sent => {
                Metrics::inc(&self.metrics.outbound_sent);
                tracing::info!(%to, id = m.id, "Telegram sent");
                let how = Settle::Sent {
                    provider_id: None,
                    note: None,
                    attempted: true,
                };
                self.store.settle(&claim, how, now).await
            }
            Outcome::MaybeSent(why) => {
                Metrics::inc(&self.metrics.outbound_maybe_sent);
                tracing::warn!(%to, id = m.id, %why, "Telegram maybe sent; not resent");
                self.store
                    .settle(&claim, Settle::Unknown { error: &why }, now)
                    .await
            }
            Outcome::Retry(why, after) if claim.attempts + 1 < MAX_ATTEMPTS => {
                Metrics::inc(&self.metrics.outbound_retried);
                let delay = after.unwrap_or(delay);
                tracing::warn!(%to, id = m.id, %why, retry_in = delay, "Telegram retry");
                let how = Settle::Retry {
                    error: &why,
                    at: now + delay,
                };
                self.store.settle(&claim, how, now).await
            }
            Outcome::Retry(why, _) | Outcome::Permanent(why) => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, %why, "Telegram failed");
                let how = Settle::Failed {
                    error: &why,
                    attempted: true,
                };
                self.store.settle(&claim, how, now).await
            }
            Outcome::Blocked(why) => {
                Metrics::inc(&self.metrics.contacts_stopped_by_provider);
                tracing::warn!(%to, id = m.id, %why, "Telegram: blocked, contact stopped");
                match self
                    .store
                    .stop_contact(Channel::Telegram, &m.address, now)
                    .await
                {
                    Ok(()) => {
                        let how = Settle::Failed {
                            error: &why,
                            attempted: true,
                        };
                        self.store.settle(&claim, how, now).await
                    }
                    Err(e) => Err(e),
                }
            }
        };
        match recorded {
            Ok(true) => {}
            Ok(false) => tracing::error!(id = m.id, "Telegram sender: claim lost before recording"),
            Err(e) => {
                tracing::error!(error = %e, id = m.id, "Telegram sender: recording the outcome")
            }
        }
    }

    async fn send(&self, m: &OutboxMessage) -> Outcome {
        let Ok(chat) = m.address.parse::<i64>() else {
            return Outcome::Permanent("not a chat id".into());
        };
        let parts = split(&m.text);
        let last = parts.len() - 1;
        for (i, part) in parts.into_iter().enumerate() {
            let mut request = self.bot.send_message(ChatId(chat), part);
            if i == last
                && let Some(markup) = keyboard::markup(&m.choices)
            {
                request = request.reply_markup(markup);
            }
            match request.await {
                Ok(_) => {}
                // Part of a long text already left: do not resend it.
                Err(e) if i > 0 => {
                    return Outcome::MaybeSent(format!("after part {i}: {}", crate::describe(&e)));
                }
                Err(e) => return classify(&e),
            }
        }
        Outcome::Sent
    }
}

/// Reads a failed Bot API call.
fn classify(e: &RequestError) -> Outcome {
    match e {
        RequestError::RetryAfter(s) => {
            Outcome::Retry("429 retry_after".into(), Some(s.seconds() as i64))
        }
        RequestError::Api(
            api @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::BotKicked
            | ApiError::ChatNotFound),
        ) => Outcome::Blocked(api.to_string()),
        // Telegram's own server errors come as JSON with a 5xx description.
        RequestError::Api(ApiError::Unknown(d)) if server_error(d) => {
            Outcome::Retry(format!("api: {d}"), None)
        }
        RequestError::Network(_) | RequestError::Io(_) => Outcome::Retry(crate::describe(e), None),
        // The Bot API answers success as JSON `{"ok":true,…}`: an answer that says so but does
        // not parse was taken. Anything else (a proxy's HTML 502, an empty 503) was not read
        // by teloxide as an answer of the Bot API at all: retried.
        RequestError::InvalidJson { raw, .. } => {
            let ok = serde_json::from_str::<serde_json::Value>(raw)
                .ok()
                .and_then(|v| v.get("ok").and_then(serde_json::Value::as_bool));
            if ok == Some(true) {
                Outcome::MaybeSent(crate::describe(e))
            } else {
                Outcome::Retry("unreadable answer (5xx?)".into(), None)
            }
        }
        _ => Outcome::Permanent(crate::describe(e)),
    }
}

fn server_error(description: &str) -> bool {
    let d = description.to_ascii_lowercase();
    [
        "internal server error",
        "bad gateway",
        "service unavailable",
        "gateway timeout",
    ]
    .iter()
    .any(|s| d.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_split_at_4096_preferring_line_breaks() {
        assert_eq!(split("court"), vec!["court"]);
        let long = format!("{}\n{}", "a".repeat(3000), "b".repeat(3000));
        let parts = split(&long);
        assert_eq!(parts, vec!["a".repeat(3000), "b".repeat(3000)]);
        let flat = "é".repeat(9000);
        let parts = split(&flat);
        assert_eq!(
            parts.iter().map(|p| p.chars().count()).collect::<Vec<_>>(),
            vec![4096, 4096, 808]
        );
    }
}
