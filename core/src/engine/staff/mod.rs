//! The staff side of the engine, sans-IO like the volunteer's: referents answering alerts and
//! moderators working their queue. Each message is read into a command ([`referent::parse`],
//! [`moderator::parse`]); the shell loads what the command needs; the engine decides what to
//! record and what to say ([`referent::answer`], [`moderator::decision_reply`], …). New
//! commands are a new variant and a new line in the parse table.

pub mod moderator;
pub mod referent;

#[cfg(test)]
mod tests;

use crate::engine::{Keyword, Reply};
use crate::i18n::Text;

/// STOP and START work for staff as for volunteers: one confirmation, then nothing until
/// START. Their alerts meanwhile go to their colleagues, or wait for their return.
#[derive(Debug, Clone, PartialEq)]
pub struct OptOut {
    /// The contact's new state: `true` stopped.
    pub stopped: bool,
    /// `None`: say nothing (a STOP when already stopped).
    pub reply: Option<Reply>,
}

/// Reads STOP / START (and their synonyms); `None` for any other message.
pub fn opt_out(text: &str, stopped: bool) -> Option<OptOut> {
    match Keyword::parse(text)? {
        Keyword::Stop if stopped => Some(OptOut {
            stopped: true,
            reply: None,
        }),
        Keyword::Stop => Some(OptOut {
            stopped: true,
            reply: Some(Reply::text(Text::new("staff-stopped"))),
        }),
        Keyword::Start if stopped => Some(OptOut {
            stopped: false,
            reply: Some(Reply::text(Text::new("staff-resumed"))),
        }),
        Keyword::Start => Some(OptOut {
            stopped: false,
            reply: Some(Reply::text(Text::new("staff-already-active"))),
        }),
        _ => None,
    }
}
