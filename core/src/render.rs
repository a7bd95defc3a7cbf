//! From channel-neutral replies to what a channel sends. Core turns a reply into text in the
//! reader's language; each channel then fits it (SMS: GSM-7 and segments; Telegram: buttons).

use crate::domain::Lang;
use crate::engine::Reply;
use crate::i18n::I18n;

/// A message ready for the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub text: String,
    /// SMS only: segments and encoding the carrier will bill.
    pub segments: Option<u32>,
    pub encoding: Option<&'static str>,
    /// Telegram only: (label, payload) buttons.
    pub choices: Vec<(String, String)>,
}

pub trait ChannelRenderer: Send + Sync {
    fn render(&self, lang: Lang, reply: &Reply) -> Rendered;
}

/// The reply's lines in `lang`, joined by newlines.
pub fn reply_text(lang: Lang, reply: &Reply) -> String {
    let i18n = I18n::get();
    reply
        .parts
        .iter()
        .map(|t| i18n.format(lang, t))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Button labels and payloads in `lang`.
pub fn reply_choices(lang: Lang, reply: &Reply) -> Vec<(String, String)> {
    let i18n = I18n::get();
    reply
        .choices
        .iter()
        .map(|c| (i18n.format(lang, &c.label), c.payload.clone()))
        .collect()
}

/// Text only, no channel fitting: for tests of the core and tools that show raw replies.
pub struct PlainRenderer;

impl ChannelRenderer for PlainRenderer {
    fn render(&self, lang: Lang, reply: &Reply) -> Rendered {
        Rendered {
            text: reply_text(lang, reply),
            segments: None,
            encoding: None,
            choices: reply_choices(lang, reply),
        }
    }
}
