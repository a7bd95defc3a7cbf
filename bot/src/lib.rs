//! Telegram channel (teloxide): updates by long polling or webhook turned into engine events,
//! replies rendered with buttons, and the outbox sender.

pub mod adapter;
pub mod keyboard;
pub mod sender;
pub mod webhook;

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
