//! SMS channel: GSM-7 segment budget and rendering (Twilio webhook and sender come with the
//! SMS issue).

pub mod gsm;

use renfort_core::domain::Lang;
use renfort_core::engine::Reply;
use renfort_core::render::{ChannelRenderer, Rendered, reply_text};

/// SMS shows no buttons: every reply already spells out its choices ("Répondez OUI ou NON",
/// numbered lists).
pub struct SmsRenderer;

impl ChannelRenderer for SmsRenderer {
    fn render(&self, lang: Lang, reply: &Reply) -> Rendered {
        render_text(&reply_text(lang, reply))
    }
}

/// Fits a finished text for SMS and counts what it will cost.
pub fn render_text(text: &str) -> Rendered {
    let text = gsm::fit(text);
    let (segments, encoding) = gsm::segments(&text);
    Rendered {
        text,
        segments: Some(segments as u32),
        encoding: Some(encoding.as_str()),
        choices: Vec::new(),
    }
}
