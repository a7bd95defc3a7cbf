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

/// The shape of a short command: a word, then maybe a number and free text ("OK 12",
/// "REFUSER 3 doublon"). Words are folded (case, accents) before matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Words {
    pub word: String,
    pub number: Option<i64>,
    pub rest: String,
}

impl Words {
    pub fn read(text: &str) -> Words {
        let key = crate::text::fold(text);
        let mut parts = key.splitn(2, ' ');
        let word = parts.next().unwrap_or("").to_string();
        let tail = parts.next().unwrap_or("").trim();
        let (number, rest) = match tail.split_once(' ') {
            Some((n, rest)) => (n.parse().ok(), rest.trim()),
            None => (tail.parse().ok(), ""),
        };
        let rest = if number.is_some() { rest } else { tail };
        Words {
            word,
            number,
            rest: rest.to_string(),
        }
    }
}
