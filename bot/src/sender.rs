//! Drains the Telegram outbox: about 30 messages a second overall and one a second per chat,
//! `retry_after` honoured, texts split at 4,096 characters, plain text only (no Markdown
//! parsing of anything a user wrote). A blocked bot or a deactivated user stops the contact.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use renfort_core::domain::{Channel, redact_address};
use renfort_core::metrics::Metrics;
use renfort_core::retry::{MAX_ATTEMPTS, backoff};
use renfort_core::store::{OutboxMessage, Store};
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;
use tokio::sync::{Notify, watch};

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

enum Outcome {
    Sent,
    MaybeSent(String),
    Retry(String, Option<i64>),
    Permanent(String),
    Blocked(String),
}

pub struct TelegramSender {
    pub store: Store,
    pub bot: Bot,
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    pub clock: fn() -> i64,
}

impl TelegramSender {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        match self.store.recover_interrupted((self.clock)()).await {
            Ok(0) | Err(_) => {}
            Ok(n) => tracing::warn!(
                count = n,
                "Telegram sender: interrupted messages closed as unknown"
            ),
        }
        let mut last_to: HashMap<String, Instant> = HashMap::new();
        loop {
            if *shutdown.borrow() {
                return;
            }
            let now = (self.clock)();
            let due = self
                .store
                .due_messages(Some(Channel::Telegram), now, 100)
                .await
                .unwrap_or_default();
            let mut sent_any = false;
            for m in &due {
                // One message a second per chat: later ones wait for the next round.
                if last_to
                    .get(&m.address)
                    .is_some_and(|t| t.elapsed() < PER_CHAT)
                {
                    continue;
                }
                if let Some(pause) = self.deliver(m).await {
                    tokio::time::sleep(pause).await;
                }
                last_to.insert(m.address.clone(), Instant::now());
                sent_any = true;
                tokio::time::sleep(GLOBAL_PAUSE).await;
            }
            if !sent_any {
                let wait = if due.is_empty() {
                    Duration::from_secs(5)
                } else {
                    Duration::from_millis(200)
                };
                tokio::select! {
                    _ = self.wake.notified() => {}
                    _ = tokio::time::sleep(wait) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
    }

    /// Sends one message; returns how long the whole sender must pause (flood control).
    async fn deliver(&self, m: &OutboxMessage) -> Option<Duration> {
        let now = (self.clock)();
        if !self.store.claim(m.id, now).await.unwrap_or(false) {
            return None;
        }
        let outcome = self.send(m).await;
        let to = redact_address(&m.address);
        let now = (self.clock)();
        let mut pause = None;
        let recorded = match outcome {
            Outcome::Sent => {
                Metrics::inc(&self.metrics.outbound_sent);
                tracing::info!(%to, id = m.id, "Telegram sent");
                self.store.mark_done(m.id, "sent", None, now).await
            }
            Outcome::MaybeSent(why) => {
                Metrics::inc(&self.metrics.outbound_maybe_sent);
                tracing::warn!(%to, id = m.id, %why, "Telegram maybe sent; not resent");
                self.store.mark_done(m.id, "unknown", Some(&why), now).await
            }
            Outcome::Retry(why, after) if m.attempts + 1 < MAX_ATTEMPTS => {
                Metrics::inc(&self.metrics.outbound_retried);
                let delay = after.unwrap_or_else(|| backoff(m.attempts, m.id as u64 ^ now as u64));
                if after.is_some() {
                    pause = Some(Duration::from_secs(delay as u64));
                }
                tracing::warn!(%to, id = m.id, %why, retry_in = delay, "Telegram retry");
                self.store.mark_failed(m.id, &why, Some(now + delay)).await
            }
            Outcome::Retry(why, _) | Outcome::Permanent(why) => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, %why, "Telegram failed");
                self.store.mark_failed(m.id, &why, None).await
            }
            Outcome::Blocked(why) => {
                Metrics::inc(&self.metrics.contacts_stopped_by_provider);
                tracing::warn!(%to, id = m.id, %why, "Telegram: blocked, contact stopped");
                match self
                    .store
                    .stop_contact(Channel::Telegram, &m.address, now)
                    .await
                {
                    Ok(()) => self.store.mark_failed(m.id, &why, None).await,
                    Err(e) => Err(e),
                }
            }
        };
        if let Err(e) = recorded {
            tracing::error!(error = %e, id = m.id, "Telegram sender: recording the outcome");
        }
        pause
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
                Err(RequestError::RetryAfter(s)) => {
                    return Outcome::Retry("429 retry_after".into(), Some(s.seconds() as i64));
                }
                Err(RequestError::Api(
                    e @ (ApiError::BotBlocked
                    | ApiError::UserDeactivated
                    | ApiError::BotKicked
                    | ApiError::ChatNotFound),
                )) => {
                    return Outcome::Blocked(e.to_string());
                }
                // Refused before the request left: safe to try again.
                Err(RequestError::Network(n)) if n.is_connect() => {
                    return Outcome::Retry("network: connect".into(), None);
                }
                Err(e @ (RequestError::Network(_) | RequestError::InvalidJson { .. })) => {
                    return Outcome::MaybeSent(crate::describe(&e));
                }
                Err(e) => return Outcome::Permanent(crate::describe(&e)),
            }
        }
        Outcome::Sent
    }
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
