//! Telegram channel: rendering replies as text with inline buttons (the teloxide adapter comes
//! with the Telegram issue).

use renfort_core::domain::Lang;
use renfort_core::engine::Reply;
use renfort_core::render::{ChannelRenderer, Rendered, reply_choices, reply_text};

pub struct TelegramRenderer;

impl ChannelRenderer for TelegramRenderer {
    fn render(&self, lang: Lang, reply: &Reply) -> Rendered {
        Rendered {
            text: reply_text(lang, reply),
            segments: None,
            encoding: None,
            choices: reply_choices(lang, reply),
        }
    }
}
