//! Loop and flood protection, the rule. An auto-responder answering every reply, or someone
//! pasting the same text again and again, would make Renfort send SMS in a loop: past
//! `max_messages` within `window` seconds a contact gets one notice, then no answer until it
//! calms down. Every message counts, STOP and START included, and nothing is lost: muted
//! messages are still recorded.
//!
//! Consent (STOP, an opt-out in words, START) always takes effect, flood or not: an opt-out
//! is never dropped. Its confirmation has an allowance of its own instead, a few per window
//! whatever else the contact wrote: someone caught in an auto-responder loop who writes STOP
//! is told it worked, and a loop of STOP and START (or of Telegram's /start) cannot make
//! Renfort answer each one. The shell counts and takes the notice (`service::flood`).

use super::{Event, Keyword, keywords};

#[derive(Debug, Clone, PartialEq)]
pub struct FloodLimit {
    /// Messages a contact may send within `window` and still be answered.
    pub max_messages: i64,
    /// Seconds.
    pub window: i64,
    /// STOP/START messages within `window` that are confirmed; later ones take effect
    /// without a word. Apart from `max_messages`: consent is confirmed even past it.
    pub consent_allowance: i64,
}

impl Default for FloodLimit {
    fn default() -> Self {
        // Registering takes about eight messages and a person types a few a minute; an
        // auto-responder answering each reply keeps going, one every few seconds. Nobody
        // means STOP, START, STOP more than that within five minutes.
        FloodLimit {
            max_messages: 30,
            window: 300,
            consent_allowance: 3,
        }
    }
}

/// What becomes of one message, as the flood rule decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Handled and answered as usual.
    Answer,
    /// Handled (a STOP or START takes effect) but not answered: past the consent
    /// allowance.
    EffectOnly,
    /// Recorded only: no effect, no answer.
    Muted,
}

impl FloodLimit {
    /// The start of the window that ends with a message received at `now`.
    pub fn since(&self, now: i64) -> i64 {
        now - self.window + 1
    }

    /// Whether a message gives or takes back consent (STOP, an opt-out in words, START): it
    /// takes effect however much the contact writes.
    pub fn is_consent(&self, event: &Event) -> bool {
        matches!(event, Event::Text(text) if is_consent_text(text))
    }

    /// Whether `recent` messages within the window (the current one counted) mute a contact.
    pub fn exceeded(&self, recent: i64) -> bool {
        recent > self.max_messages
    }

    /// STOP/START messages among the bodies of the contact's messages within the window.
    pub fn consents<'a>(&self, bodies: impl IntoIterator<Item = &'a str>) -> i64 {
        bodies.into_iter().filter(|b| is_consent_text(b)).count() as i64
    }

    /// The verdict on a message, given the `recent` messages of its window (itself counted)
    /// and, for a consent, the `consents` among them (itself counted too).
    pub fn verdict(&self, consent: bool, recent: i64, consents: impl FnOnce() -> i64) -> Verdict {
        if consent {
            if consents() <= self.consent_allowance {
                Verdict::Answer
            } else {
                Verdict::EffectOnly
            }
        } else if self.exceeded(recent) {
            Verdict::Muted
        } else {
            Verdict::Answer
        }
    }
}

fn is_consent_text(text: &str) -> bool {
    Keyword::parse(text) == Some(Keyword::Start) || keywords::is_opt_out(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_start_and_opt_outs_in_words_are_consent() {
        let limit = FloodLimit::default();
        let consents = [
            "STOP",
            "arret",
            "START",
            "/start",
            "reprendre",
            "arretez de m'ecrire",
        ];
        for text in consents {
            assert!(limit.is_consent(&Event::Text(text.into())), "{text}");
        }
        for text in ["OUI 1", "bonjour", "", "[contact]"] {
            assert!(!limit.is_consent(&Event::Text(text.into())), "{text}");
        }
        assert!(!limit.is_consent(&Event::Unsupported));
        assert_eq!(limit.consents(["STOP", "bonjour", "START", "AIDE"]), 2);
    }

    #[test]
    fn the_limit_is_inclusive_and_counts_every_message() {
        let limit = FloodLimit::default();
        let never = || panic!("consents are read only for a consent");
        assert!(!limit.exceeded(limit.max_messages));
        assert!(limit.exceeded(limit.max_messages + 1));
        assert_eq!(limit.since(1_000), 1_000 - limit.window + 1);
        assert_eq!(
            limit.verdict(false, limit.max_messages, never),
            Verdict::Answer
        );
        assert_eq!(
            limit.verdict(false, limit.max_messages + 1, never),
            Verdict::Muted
        );
    }

    #[test]
    fn consent_takes_effect_always_and_is_confirmed_within_its_own_allowance() {
        let limit = FloodLimit::default();
        let past = limit.max_messages + 1;
        for recent in [1, limit.max_messages, past, past * 10] {
            // Someone caught in an auto-responder loop writes STOP: told it worked.
            assert_eq!(limit.verdict(true, recent, || 1), Verdict::Answer);
            assert_eq!(
                limit.verdict(true, recent, || limit.consent_allowance),
                Verdict::Answer
            );
            // START again and again, or STOP/START in a loop: it still takes effect, in
            // silence, under the limit too.
            assert_eq!(
                limit.verdict(true, recent, || limit.consent_allowance + 1),
                Verdict::EffectOnly
            );
        }
        assert!(limit.consent_allowance < limit.max_messages);
    }
}
