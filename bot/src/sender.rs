//! Telegram out: the [`Provider`] behind the Telegram outbox's
//! [`Scheduler`](renfort_core::delivery::Scheduler): about 30 messages a second overall and one
//! a second per chat, `retry_after` honoured, texts split at 4,096 characters, plain text only
//! (no Markdown parsing of anything a user wrote). A blocked bot or a deactivated user stops
//! the contact.
//!
//! The Bot API has no idempotency key and no list of sent messages: an attempt that reached
//! Telegram but whose answer was lost (a cut connection, a 5xx after the fact) is retried and
//! so sent twice, the residual risk, preferred to losing it; an answer that says success but
//! cannot be read is closed as `unknown`, never resent.

use std::time::Duration;

use renfort_core::delivery::{self, Outcome, Pacing, Provider};
use renfort_core::domain::Channel;
use renfort_core::store::OutboxMessage;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;

use crate::keyboard;

pub const MAX_TEXT: usize = 4096;
/// The Bot API's limits: about 30 messages a second overall, one a second to the same chat.
const PACING: Pacing = Pacing {
    overall: Duration::from_millis(34),
    per_recipient: Some(Duration::from_secs(1)),
};

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

/// The Telegram provider. One chat at a time per send, several chats at once: a chat whose
/// call is slow (teloxide waits 10 s on a 5xx before reading it) holds up no other chat.
pub struct Telegram {
    pub bot: Bot,
}

impl Provider for Telegram {
    const CHANNEL: Channel = Channel::Telegram;
    const NAME: &'static str = "Telegram";
    /// No record to check: see the module's note on the residual risk.
    const KEEPS_RECORD: bool = false;

    fn pacing(&self) -> Pacing {
        PACING
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
                    return Outcome::Unknown(format!("after part {i}: {}", crate::describe(&e)));
                }
                Err(e) => return classify(&e),
            }
        }
        Outcome::Sent(None)
    }
}

/// Drains the Telegram outbox.
pub type TelegramSender = delivery::Scheduler<Telegram>;

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
        ) => Outcome::RecipientGone(api.to_string()),
        // Telegram's own server errors come as JSON with a 5xx description.
        RequestError::Api(ApiError::Unknown(d)) if server_error(d) => {
            Outcome::Retry(format!("api: {d}"), None)
        }
        RequestError::Network(_) | RequestError::Io(_) => Outcome::Retry(crate::describe(e), None),
        // The Bot API answers success as JSON `{"ok":true,…}`: an answer that says so but does
        // not parse was taken (unknown: closed, never resent). Anything else (a proxy's HTML 502, an empty 503) was not read
        // by teloxide as an answer of the Bot API at all: retried.
        RequestError::InvalidJson { raw, .. } => {
            let ok = serde_json::from_str::<serde_json::Value>(raw)
                .ok()
                .and_then(|v| v.get("ok").and_then(serde_json::Value::as_bool));
            if ok == Some(true) {
                Outcome::Unknown(crate::describe(e))
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
