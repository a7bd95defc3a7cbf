//! Loop and flood protection, the rule. An auto-responder answering every reply, or someone
//! pasting the same text again and again, would make Renfort send SMS in a loop: past
//! `max_messages` within `window` seconds a contact gets one notice, then no answer until it
//! calms down (its messages are still recorded; STOP and START still work). The shell counts
//! and takes the notice (`service::flood`).

use super::{Event, Keyword};

#[derive(Debug, Clone, PartialEq)]
pub struct FloodLimit {
    /// Messages a contact may send within `window` and still be answered.
    pub max_messages: i64,
    /// Seconds.
    pub window: i64,
}

impl Default for FloodLimit {
    fn default() -> Self {
        // Registering takes about eight messages and a person types a few a minute; an
        // auto-responder answering each reply keeps going, one every few seconds.
        FloodLimit {
            max_messages: 30,
            window: 300,
        }
    }
}

impl FloodLimit {
    /// The start of the window that ends with a message received at `now`.
    pub fn since(&self, now: i64) -> i64 {
        now - self.window + 1
    }

    /// Whether a message is answered whatever the count: STOP and START always work.
    pub fn exempt(&self, event: &Event) -> bool {
        matches!(event, Event::Text(text)
            if Keyword::parse(text).is_some_and(|k| matches!(k, Keyword::Stop | Keyword::Start)))
    }

    /// Whether `recent` messages within the window (the current one counted) mute a contact.
    pub fn exceeded(&self, recent: i64) -> bool {
        recent > self.max_messages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_and_start_are_always_answered_and_the_limit_is_inclusive() {
        let limit = FloodLimit::default();
        for text in ["STOP", "arret", "START", "reprendre"] {
            assert!(limit.exempt(&Event::Text(text.into())), "{text}");
        }
        for text in ["OUI 1", "bonjour", ""] {
            assert!(!limit.exempt(&Event::Text(text.into())), "{text}");
        }
        assert!(!limit.exempt(&Event::Unsupported));
        assert!(!limit.exceeded(limit.max_messages));
        assert!(limit.exceeded(limit.max_messages + 1));
        assert_eq!(limit.since(1_000), 1_000 - limit.window + 1);
    }
}
