//! Drains the SMS outbox: conversational replies before alerts, at most `rate` messages a
//! second, retries with exponential backoff and jitter when the provider is busy or
//! unreachable, never twice for one row. Twilio error 21610 (the person texted STOP to the
//! number) stops the contact.

use std::sync::Arc;
use std::time::Duration;

use renfort_core::domain::{Channel, redact_address};
use renfort_core::metrics::Metrics;
use renfort_core::redact::mask_phones;
use renfort_core::retry::{MAX_ATTEMPTS, backoff};
use renfort_core::store::{OutboxMessage, Store};
use tokio::sync::{Notify, watch};
use twilio_async::{TwilioErr, TwilioJson, TwilioRequest};

/// What became of one attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Sent,
    /// The provider may have taken it (an answer we could not read, a connection cut after
    /// the request left): recorded, never resent.
    MaybeSent(String),
    /// Busy or unreachable before the request left: try again later.
    Retry(String),
    /// Refused for good (bad number, …).
    Permanent(String),
    /// The recipient opted out at the provider (Twilio 21610).
    Unsubscribed,
}

/// Twilio's "Attempt to send to unsubscribed recipient".
pub const TWILIO_UNSUBSCRIBED: usize = 21610;
/// No answer within this time: the request may have been delivered.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

pub enum Gateway {
    Twilio {
        client: Box<twilio_async::Twilio>,
        from: String,
    },
    /// No credentials: prints each SMS and says it was not sent.
    Log,
}

impl Gateway {
    pub fn twilio(sid: &str, token: &str, from: &str) -> Result<Gateway, TwilioErr> {
        Ok(Gateway::Twilio {
            client: Box::new(twilio_async::Twilio::new(sid, token)?),
            from: from.to_string(),
        })
    }

    pub async fn send(&self, m: &OutboxMessage) -> Outcome {
        match self {
            Gateway::Log => {
                let cost = match (m.segments, &m.encoding) {
                    (Some(s), Some(e)) => format!("{s} segment(s) {e}"),
                    _ => "?".into(),
                };
                // Numbers masked, in the address and in the text (a referent's alert carries
                // the volunteer's): this output ends up in terminals and log files.
                println!(
                    "[SMS log gateway: NOT sent, no Twilio credentials] to {} ({cost}):\n{}",
                    redact_address(&m.address),
                    mask_phones(&m.text)
                );
                Outcome::Sent
            }
            Gateway::Twilio { client, from } => {
                let call = client.send_msg(from, &m.address, &m.text);
                match tokio::time::timeout(SEND_TIMEOUT, call.run()).await {
                    Err(_) => Outcome::MaybeSent("no answer within 30 s".into()),
                    Ok(result) => classify(result).masked(),
                }
            }
        }
    }
}

impl Outcome {
    /// Twilio's messages may quote the number ("The 'To' number +33… is not valid"): masked
    /// before the reason is logged or stored.
    fn masked(self) -> Outcome {
        match self {
            Outcome::MaybeSent(why) => Outcome::MaybeSent(mask_phones(&why)),
            Outcome::Retry(why) => Outcome::Retry(mask_phones(&why)),
            Outcome::Permanent(why) => Outcome::Permanent(mask_phones(&why)),
            other => other,
        }
    }
}

fn classify<T>(result: Result<TwilioJson<T>, TwilioErr>) -> Outcome {
    match result {
        Ok(TwilioJson::Success(_)) => Outcome::Sent,
        Ok(TwilioJson::Fail { code, .. }) if code == TWILIO_UNSUBSCRIBED => Outcome::Unsubscribed,
        Ok(TwilioJson::Fail {
            code,
            status,
            message,
        }) => {
            let why = format!(
                "twilio {status} {code}: {}",
                message.chars().take(120).collect::<String>()
            );
            if status == 429 || status >= 500 {
                Outcome::Retry(why)
            } else {
                Outcome::Permanent(why)
            }
        }
        // Refused before the request left: safe to try again.
        Err(TwilioErr::NetworkErr(e)) if e.is_connect() => Outcome::Retry(format!("connect: {e}")),
        Err(TwilioErr::NetworkErr(e)) => Outcome::MaybeSent(format!("network: {e}")),
        // twilio-async reads the body as JSON whatever the status: a 2xx with a status it does
        // not know ("accepted", "scheduled") fails here although Twilio took the message.
        Err(TwilioErr::SerdeErr(e)) => Outcome::MaybeSent(format!("unreadable answer: {e}")),
        Err(e) => Outcome::Permanent(e.to_string()),
    }
}

pub struct SmsSender {
    pub store: Store,
    pub gateway: Gateway,
    pub wake: Arc<Notify>,
    pub metrics: Arc<Metrics>,
    /// Messages per second at most.
    pub rate: u32,
    pub clock: fn() -> i64,
}

impl SmsSender {
    /// Runs until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let now = (self.clock)();
        match self.store.recover_interrupted(now).await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                count = n,
                "SMS sender: messages interrupted mid-send closed as unknown, not resent"
            ),
            Err(e) => tracing::error!(error = %e, "SMS sender: recovery"),
        }
        let pause = Duration::from_secs_f64(1.0 / f64::from(self.rate.max(1)));
        loop {
            if *shutdown.borrow() {
                return;
            }
            let now = (self.clock)();
            let due = match self.store.due_messages(Some(Channel::Sms), now, 50).await {
                Ok(due) => due,
                Err(e) => {
                    tracing::error!(error = %e, "SMS sender: reading the outbox");
                    Vec::new()
                }
            };
            if due.is_empty() {
                let wait = match self.store.next_due(Channel::Sms).await {
                    Ok(Some(at)) if at > now => Duration::from_secs((at - now) as u64),
                    Ok(Some(_)) => Duration::from_millis(50),
                    _ => Duration::from_secs(5),
                };
                tokio::select! {
                    _ = self.wake.notified() => {}
                    _ = tokio::time::sleep(wait.min(Duration::from_secs(5))) => {}
                    _ = shutdown.changed() => {}
                }
                continue;
            }
            for m in due {
                if *shutdown.borrow() {
                    return;
                }
                self.deliver(&m).await;
                tokio::time::sleep(pause).await;
            }
        }
    }

    async fn deliver(&self, m: &OutboxMessage) {
        let now = (self.clock)();
        match self.store.claim(m.id, now).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => return tracing::error!(error = %e, "SMS sender: claim"),
        }
        let outcome = self.gateway.send(m).await;
        let to = redact_address(&m.address);
        let now = (self.clock)();
        let recorded = match &outcome {
            Outcome::Sent => {
                Metrics::inc(&self.metrics.outbound_sent);
                self.metrics.outbound_segments.fetch_add(
                    m.segments.unwrap_or(1) as u64,
                    std::sync::atomic::Ordering::Relaxed,
                );
                tracing::info!(%to, id = m.id, segments = m.segments, "SMS sent");
                self.store.mark_done(m.id, "sent", None, now).await
            }
            Outcome::MaybeSent(why) => {
                Metrics::inc(&self.metrics.outbound_maybe_sent);
                tracing::warn!(%to, id = m.id, why = %why, "SMS maybe sent; not resent");
                self.store.mark_done(m.id, "unknown", Some(why), now).await
            }
            Outcome::Retry(why) if m.attempts + 1 < MAX_ATTEMPTS => {
                Metrics::inc(&self.metrics.outbound_retried);
                let at = now + backoff(m.attempts, m.id as u64 ^ now as u64);
                tracing::warn!(%to, id = m.id, why = %why, retry_in = at - now, "SMS retry");
                self.store.mark_failed(m.id, why, Some(at)).await
            }
            Outcome::Retry(why) | Outcome::Permanent(why) => {
                Metrics::inc(&self.metrics.outbound_failed);
                tracing::error!(%to, id = m.id, why = %why, "SMS failed");
                self.store.mark_failed(m.id, why, None).await
            }
            Outcome::Unsubscribed => {
                Metrics::inc(&self.metrics.contacts_stopped_by_provider);
                tracing::warn!(%to, id = m.id, "SMS recipient unsubscribed at Twilio (21610): contact stopped");
                match self.store.stop_contact(Channel::Sms, &m.address, now).await {
                    Ok(()) => {
                        self.store
                            .mark_failed(m.id, "twilio 21610: unsubscribed", None)
                            .await
                    }
                    Err(e) => Err(e),
                }
            }
        };
        if let Err(e) = recorded {
            tracing::error!(error = %e, id = m.id, "SMS sender: recording the outcome");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_answers_are_classified() {
        let fail = |status, code| -> Result<TwilioJson<()>, TwilioErr> {
            Ok(TwilioJson::Fail {
                code,
                status,
                message: "x".into(),
            })
        };
        assert_eq!(classify::<()>(Ok(TwilioJson::Success(()))), Outcome::Sent);
        assert_eq!(classify(fail(400, 21610)), Outcome::Unsubscribed);
        assert!(matches!(classify(fail(429, 20429)), Outcome::Retry(_)));
        assert!(matches!(classify(fail(500, 20500)), Outcome::Retry(_)));
        assert!(matches!(classify(fail(400, 21211)), Outcome::Permanent(_)));
        let unreadable = serde_json::from_str::<u8>("{").unwrap_err();
        assert!(matches!(
            classify::<()>(Err(TwilioErr::SerdeErr(unreadable))),
            Outcome::MaybeSent(_)
        ));
    }

    #[test]
    fn reasons_quoting_a_number_are_masked() {
        let quoting: Result<TwilioJson<()>, TwilioErr> = Ok(TwilioJson::Fail {
            code: 21211,
            status: 400,
            message: "The 'To' number +33639985555 is not a valid phone number.".into(),
        });
        assert_eq!(
            classify(quoting).masked(),
            Outcome::Permanent(
                "twilio 400 21211: The 'To' number …55 is not a valid phone number.".into()
            )
        );
        let busy = Outcome::Retry("twilio 503 20503: +33 6 39 98 55 55 busy".into());
        assert_eq!(
            busy.masked(),
            Outcome::Retry("twilio 503 20503: …55 busy".into())
        );
    }
}
