//! SMS out: the [`Provider`] behind the SMS outbox's [`Scheduler`](renfort_core::delivery::Scheduler),
//! Twilio or, without credentials, the log gateway. The scheduler paces, orders, claims,
//! retries and records; this file only sends one SMS and finds one in Twilio's record. An
//! attempt whose outcome is unknown (an unreadable answer, a 5xx or 429 without Twilio's JSON,
//! a timeout, a sender that died between claim and answer) is never guessed: Twilio's own list
//! of messages decides whether it is closed as sent or sent again. Twilio error 21610 (the
//! person texted STOP to the number) stops the contact.

use std::collections::HashSet;
use std::time::Duration;

use renfort_core::delivery::{self, Found, Outcome, Pacing, Provider};
use renfort_core::domain::{Channel, redact_address};
use renfort_core::store::OutboxMessage;

use crate::twilio::{self, ApiUrl, TwilioApi};

pub enum Gateway {
    Twilio(Box<TwilioApi>),
    /// No credentials: prints each SMS and says it was not sent.
    Log,
}

impl Gateway {
    /// `status_callback`: where Twilio posts delivery reports (`None`: no public URL, no
    /// reports, sends as before).
    pub fn twilio(
        sid: &str,
        token: &str,
        from: &str,
        api: &ApiUrl,
        timeout: Duration,
        status_callback: Option<String>,
    ) -> Result<Gateway, String> {
        Ok(Gateway::Twilio(Box::new(
            TwilioApi::new(sid, token, from, api, timeout)?.with_status_callback(status_callback),
        )))
    }

    pub async fn send(&self, m: &OutboxMessage) -> Outcome {
        match self {
            Gateway::Log => {
                let cost = match (m.segments, &m.encoding) {
                    (Some(s), Some(e)) => format!("{s} segment(s) {e}"),
                    _ => "?".into(),
                };
                // No text: this output ends up in terminals and log files that SUPPRIMER
                // cannot reach, and texts carry names, availability and relayed words. The
                // outbox row (blanked on erasure) and `renfort chat` show them.
                println!(
                    "[SMS log gateway: NOT sent, no Twilio credentials] outbox #{} to {} \
                     ({cost}, {} characters)",
                    m.id,
                    redact_address(&m.address),
                    m.text.chars().count()
                );
                Outcome::Sent(None)
            }
            Gateway::Twilio(api) => neutral(api.send(&m.address, &m.text).await),
        }
    }

    /// Looks for `m` in the provider's record (sent after it was queued, not matched to
    /// another row yet).
    async fn find(&self, m: &OutboxMessage, taken: &HashSet<String>) -> Result<Found, String> {
        match self {
            // The log gateway never leaves an outcome unknown: nothing to find.
            Gateway::Log => Ok(Found::Absent),
            Gateway::Twilio(api) => {
                let found = api.find(&m.address, &m.text, m.created_at, taken).await?;
                Ok(match found {
                    twilio::Found::Sent(sid) => Found::Sent(sid),
                    twilio::Found::Absent => Found::Absent,
                })
            }
        }
    }
}

/// Twilio's reading of an attempt, in the scheduler's terms.
fn neutral(outcome: twilio::Outcome) -> Outcome {
    match outcome {
        twilio::Outcome::Sent(sid) => Outcome::Sent(sid),
        twilio::Outcome::Unknown(why) => Outcome::Unknown(why),
        twilio::Outcome::Retry(why) => Outcome::Retry(why, None),
        twilio::Outcome::Permanent(why) => Outcome::Permanent(why),
        twilio::Outcome::Unsubscribed => Outcome::Unsubscribed("twilio 21610: unsubscribed".into()),
    }
}

/// The SMS provider: the gateway and how many sends it starts a second.
pub struct Sms {
    pub gateway: Gateway,
    /// Segments started per second at most: Twilio releases 10 a second from a number or an
    /// alphanumeric sender outside the US and Canada, 10 per number of a Messaging Service's
    /// pool, and queues the rest in the order it got them (see the README's table).
    pub rate: u32,
}

impl Provider for Sms {
    const CHANNEL: Channel = Channel::Sms;
    const NAME: &'static str = "SMS";
    /// Twilio lists the messages it took; the log gateway never leaves an outcome unknown.
    const KEEPS_RECORD: bool = true;

    fn pacing(&self) -> Pacing {
        Pacing::per_second(self.rate)
    }

    async fn send(&self, m: &OutboxMessage) -> Outcome {
        self.gateway.send(m).await
    }

    async fn find(&self, m: &OutboxMessage, taken: &HashSet<String>) -> Result<Found, String> {
        self.gateway.find(m, taken).await
    }
}

/// Drains the SMS outbox.
pub type SmsSender = delivery::Scheduler<Sms>;
