//! Telegram channel (teloxide): updates by long polling or webhook turned into engine events,
//! replies rendered with buttons, and the outbox sender.

pub mod adapter;
pub mod keyboard;
pub mod sender;
pub mod webhook;

/// A Telegram error for logs. reqwest's own message holds the request URL, which holds the
/// bot token, and an unreadable answer may hold a message body: neither is logged.
pub fn describe(e: &teloxide::RequestError) -> String {
    use teloxide::RequestError as E;
    match e {
        // Telegram's description could quote a chat id or a number.
        E::Api(api) => renfort_core::redact::mask_phones(&format!("api: {api}")),
        E::MigrateToChatId(_) => "chat migrated".into(),
        E::RetryAfter(s) => format!("retry after {} s", s.seconds()),
        E::Network(n) if n.is_timeout() => "network: timeout".into(),
        E::Network(n) if n.is_connect() => "network: connect".into(),
        E::Network(_) => "network: request".into(),
        E::InvalidJson { .. } => "unreadable answer".into(),
        E::Io(_) => "io".into(),
    }
}

use renfort_core::domain::Lang;
use renfort_core::engine::Reply;
use renfort_core::i18n::{I18n, Text};
use renfort_core::render::{ChannelRenderer, Rendered, reply_choices, reply_text};

pub struct TelegramRenderer;

impl ChannelRenderer for TelegramRenderer {
    fn render(&self, lang: Lang, reply: &Reply) -> Rendered {
        let mut choices = reply_choices(lang, reply);
        if reply.multi_select {
            // Toggles on the keyboard itself, then one answer: see keyboard::toggle.
            for (_, payload) in &mut choices {
                *payload = format!("{}{payload}", keyboard::MULTI);
            }
            choices.push((
                I18n::get().format(lang, &Text::new("choice-done")),
                keyboard::MULTI_DONE.to_string(),
            ));
        }
        Rendered {
            text: reply_text(lang, reply),
            segments: None,
            encoding: None,
            choices,
        }
    }
}
