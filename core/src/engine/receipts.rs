//! Delivery receipts, sans-IO: how a reported state moves a message's delivery state, and what
//! an explicit failure makes Renfort do. The shell loads the facts ([`Failure`], [`Known`]),
//! calls [`react`], and queues the [`Reaction`]s through the outbox in the transaction that
//! records the receipt; the same receipt twice finds the state final and reacts no more.
//!
//! The rules (also the README's table):
//! - a referent's alert undelivered or failed: the referent's other channel if they have one
//!   not tried yet, else another referent of the structure not reached yet, else the
//!   département's moderators (once per alert);
//! - a volunteer's number unreachable or not a mobile (30003 twice, 30005, 30006): the number
//!   is marked unreachable (no more SMS to it), the referents of their open intents are told,
//!   and a volunteer also known on Telegram is told there; the first 30003 is sent once more
//!   (a phone switched off for a while), never twice;
//! - a referent's `MSG n` that fails: its author is told;
//! - carrier filtering (30007) or queue overflow (30001): an operator signal, no resend.
//!
//! Nothing here resends on a missing receipt: only an explicit failure reaches [`react`].

use crate::domain::Channel;

/// How far a message got, as Twilio reports it. `queued` < `sent` < the final states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delivery {
    Queued,
    Sent,
    Delivered,
    Undelivered,
    Failed,
}

impl Delivery {
    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Queued => "queued",
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Undelivered => "undelivered",
            Delivery::Failed => "failed",
        }
    }

    /// A stored state.
    pub fn parse(s: &str) -> Option<Delivery> {
        [
            Delivery::Queued,
            Delivery::Sent,
            Delivery::Delivered,
            Delivery::Undelivered,
            Delivery::Failed,
        ]
        .into_iter()
        .find(|d| d.as_str() == s)
    }

    /// Twilio's `MessageStatus`: `accepted`, `scheduled`, `queued` and `sending` are still on
    /// their way (queued); `read` is delivered; `canceled` never left (failed). Anything else
    /// is not a delivery state.
    pub fn from_twilio(status: &str) -> Option<Delivery> {
        Some(match status.trim().to_ascii_lowercase().as_str() {
            "accepted" | "scheduled" | "queued" | "sending" => Delivery::Queued,
            "sent" => Delivery::Sent,
            "delivered" | "read" => Delivery::Delivered,
            "undelivered" => Delivery::Undelivered,
            "failed" | "canceled" => Delivery::Failed,
            _ => return None,
        })
    }

    fn rank(self) -> u8 {
        match self {
            Delivery::Queued => 0,
            Delivery::Sent => 1,
            Delivery::Delivered | Delivery::Undelivered | Delivery::Failed => 2,
        }
    }

    pub fn is_final(self) -> bool {
        self.rank() == 2
    }

    pub fn is_failure(self) -> bool {
        matches!(self, Delivery::Undelivered | Delivery::Failed)
    }
}

/// The state after `reported` arrives for a message in state `current`, or `None` when the
/// report changes nothing: states only move forward, and a final state is kept whatever
/// comes after it (a late `sent` after `delivered`, a `failed` after `delivered`, the same
/// report twice).
pub fn advance(current: Option<Delivery>, reported: Delivery) -> Option<Delivery> {
    match current {
        None => Some(reported),
        Some(c) if c.is_final() => None,
        Some(c) if reported.rank() > c.rank() => Some(reported),
        Some(_) => None,
    }
}

/// Twilio error codes that decide a reaction.
pub const QUEUE_OVERFLOW: u32 = 30001;
pub const UNREACHABLE_HANDSET: u32 = 30003;
pub const UNKNOWN_NUMBER: u32 = 30005;
pub const LANDLINE: u32 = 30006;
pub const CARRIER_FILTERING: u32 = 30007;

/// What the failed message was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A referent's alert about a volunteer's intent.
    Alert,
    /// A referent's `MSG n` relayed to the volunteer; its author.
    Relay { author: Address },
    /// The second try of a message after an unreachable handset.
    Resend,
    /// Anything else (a reply, a notice): only the rules about the number apply.
    Other,
}

/// A channel and an address on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub channel: Channel,
    pub address: String,
}

impl Address {
    pub fn new(channel: Channel, address: &str) -> Address {
        Address {
            channel,
            address: address.to_string(),
        }
    }
}

/// The failure reported.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// Twilio's ErrorCode, when it gave one.
    pub code: Option<u32>,
    pub purpose: Purpose,
    /// The number belongs to a volunteer (their SMS contact).
    pub to_volunteer: bool,
}

/// What the shell read for a failed alert or a volunteer's number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Known {
    /// The failed referent's other addresses (other channels), preferred first.
    pub other_channels: Vec<Address>,
    /// The other referents of the structure, each on the address that reaches them, who can
    /// receive an alert (not stopped, not unreachable).
    pub other_referents: Vec<Address>,
    /// Addresses this alert was already queued for (and not known to have failed), the
    /// failed one excluded: someone else may still have it.
    pub alert_pending_elsewhere: Vec<Address>,
    /// Addresses this alert already failed at (the one just reported included).
    pub alert_failed_at: Vec<Address>,
    /// The moderators were already told this alert reached nobody.
    pub moderators_told: bool,
    /// The département has a moderator to tell.
    pub has_moderators: bool,
    /// The volunteer has intents already relayed to a structure and still open.
    pub open_intents: bool,
    /// The volunteer's Telegram chat, if they have one and it has not stopped.
    pub telegram: Option<Address>,
}

/// One thing to do about a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reaction {
    /// Send the same alert to this address (another channel or another referent).
    RerouteAlert(Address),
    /// Tell the département's moderators that nobody received the alert.
    TellModerators,
    /// Send the same message once more (first unreachable handset).
    ResendOnce,
    /// No more SMS to this number.
    MarkUnreachable,
    /// Tell the referents of the volunteer's open intents they cannot text them.
    TellReferentsUnreachable,
    /// Tell the volunteer on Telegram that their SMS do not arrive.
    TellOnTelegram(Address),
    /// Tell the author of a relayed message it did not arrive.
    TellAuthor(Address),
    /// An operator signal (metric and log, no number): carrier filtering, queue overflow.
    Signal(u32),
}

/// Whether a failure says the volunteer's number cannot take SMS (for the first 30003 only
/// after the one resend failed too).
fn number_gone(f: &Failure) -> bool {
    match f.code {
        Some(UNKNOWN_NUMBER | LANDLINE) => true,
        Some(UNREACHABLE_HANDSET) => f.purpose == Purpose::Resend,
        _ => false,
    }
}

/// What Renfort does about one explicit failure: a pure function of the failure and what
/// the shell read. Each rule yields at most one reaction of its kind.
pub fn react(f: &Failure, k: &Known) -> Vec<Reaction> {
    let mut out = Vec::new();
    if let Some(code @ (QUEUE_OVERFLOW | CARRIER_FILTERING)) = f.code {
        out.push(Reaction::Signal(code));
    }
    match &f.purpose {
        Purpose::Alert => out.extend(reroute(k)),
        Purpose::Relay { author } => out.push(Reaction::TellAuthor(author.clone())),
        Purpose::Resend | Purpose::Other => {}
    }
    if f.to_volunteer {
        if number_gone(f) {
            out.push(Reaction::MarkUnreachable);
            if k.open_intents {
                out.push(Reaction::TellReferentsUnreachable);
            }
            if let Some(chat) = &k.telegram {
                out.push(Reaction::TellOnTelegram(chat.clone()));
            }
        } else if f.code == Some(UNREACHABLE_HANDSET) && f.purpose != Purpose::Resend {
            out.push(Reaction::ResendOnce);
        }
    }
    out
}

/// Where a failed alert goes next: the referent's other channel, else another referent,
/// else the moderators (once); nothing while someone else may still have it.
fn reroute(k: &Known) -> Option<Reaction> {
    let tried =
        |a: &Address| k.alert_failed_at.contains(a) || k.alert_pending_elsewhere.contains(a);
    if let Some(a) = k.other_channels.iter().find(|a| !tried(a)) {
        return Some(Reaction::RerouteAlert(a.clone()));
    }
    if !k.alert_pending_elsewhere.is_empty() {
        // Another referent got it (or may still): they will answer.
        return None;
    }
    if let Some(a) = k.other_referents.iter().find(|a| !tried(a)) {
        return Some(Reaction::RerouteAlert(a.clone()));
    }
    (!k.moderators_told && k.has_moderators).then_some(Reaction::TellModerators)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Delivery::*;

    #[test]
    fn states_only_move_forward() {
        // (current, reported, new state)
        let table = [
            (None, Queued, Some(Queued)),
            (None, Delivered, Some(Delivered)),
            (Some(Queued), Sent, Some(Sent)),
            (Some(Sent), Delivered, Some(Delivered)),
            (Some(Sent), Undelivered, Some(Undelivered)),
            (Some(Queued), Failed, Some(Failed)),
            // Late, repeated, out of order: nothing changes.
            (Some(Sent), Queued, None),
            (Some(Sent), Sent, None),
            (Some(Delivered), Sent, None),
            (Some(Delivered), Delivered, None),
            (Some(Delivered), Failed, None),
            (Some(Failed), Delivered, None),
            (Some(Undelivered), Undelivered, None),
        ];
        for (current, reported, expected) in table {
            assert_eq!(
                advance(current, reported),
                expected,
                "{current:?} + {reported:?}"
            );
        }
        assert_eq!(Delivery::from_twilio("sending"), Some(Queued));
        assert_eq!(Delivery::from_twilio("read"), Some(Delivered));
        assert_eq!(Delivery::from_twilio("canceled"), Some(Failed));
        assert_eq!(Delivery::from_twilio("received"), None);
        for d in [Queued, Sent, Delivered, Undelivered, Failed] {
            assert_eq!(Delivery::parse(d.as_str()), Some(d));
        }
    }

    fn sms(n: &str) -> Address {
        Address::new(Channel::Sms, n)
    }
    fn chat(n: &str) -> Address {
        Address::new(Channel::Telegram, n)
    }

    /// The README's table, row by row.
    #[test]
    fn what_each_failure_does() {
        let alert = |code| Failure {
            code,
            purpose: Purpose::Alert,
            to_volunteer: false,
        };
        let to_volunteer = |code, purpose| Failure {
            code,
            purpose,
            to_volunteer: true,
        };
        let referent = Known {
            other_channels: vec![chat("r1-chat")],
            other_referents: vec![sms("r2")],
            has_moderators: true,
            alert_failed_at: vec![sms("r1")],
            ..Known::default()
        };
        let volunteer = Known {
            open_intents: true,
            telegram: Some(chat("v-chat")),
            ..Known::default()
        };
        let author = sms("referent");
        let rows: Vec<(&str, Failure, Known, Vec<Reaction>)> = vec![
            (
                "alert failed, the referent is on Telegram too",
                alert(Some(30008)),
                referent.clone(),
                vec![Reaction::RerouteAlert(chat("r1-chat"))],
            ),
            (
                "alert failed on both channels: a colleague",
                alert(None),
                Known {
                    alert_failed_at: vec![sms("r1"), chat("r1-chat")],
                    ..referent.clone()
                },
                vec![Reaction::RerouteAlert(sms("r2"))],
            ),
            (
                "alert failed, a colleague already has it",
                alert(Some(30005)),
                Known {
                    other_channels: vec![],
                    alert_pending_elsewhere: vec![sms("r2")],
                    ..referent.clone()
                },
                vec![],
            ),
            (
                "alert failed everywhere: the moderators",
                alert(Some(30006)),
                Known {
                    alert_failed_at: vec![sms("r1"), chat("r1-chat"), sms("r2")],
                    ..referent.clone()
                },
                vec![Reaction::TellModerators],
            ),
            (
                "the moderators are told once",
                alert(Some(30006)),
                Known {
                    other_channels: vec![],
                    other_referents: vec![],
                    moderators_told: true,
                    ..referent.clone()
                },
                vec![],
            ),
            (
                "alert filtered by the carrier: signal and reroute",
                alert(Some(30007)),
                referent.clone(),
                vec![
                    Reaction::Signal(30007),
                    Reaction::RerouteAlert(chat("r1-chat")),
                ],
            ),
            (
                "volunteer's phone off: sent once more",
                to_volunteer(Some(30003), Purpose::Other),
                volunteer.clone(),
                vec![Reaction::ResendOnce],
            ),
            (
                "volunteer's phone still off after the resend: unreachable",
                to_volunteer(Some(30003), Purpose::Resend),
                volunteer.clone(),
                vec![
                    Reaction::MarkUnreachable,
                    Reaction::TellReferentsUnreachable,
                    Reaction::TellOnTelegram(chat("v-chat")),
                ],
            ),
            (
                "unknown number, no intent, no Telegram",
                to_volunteer(Some(30005), Purpose::Other),
                Known::default(),
                vec![Reaction::MarkUnreachable],
            ),
            (
                "a landline",
                to_volunteer(Some(30006), Purpose::Other),
                volunteer.clone(),
                vec![
                    Reaction::MarkUnreachable,
                    Reaction::TellReferentsUnreachable,
                    Reaction::TellOnTelegram(chat("v-chat")),
                ],
            ),
            (
                "a relayed MSG fails: its author is told",
                to_volunteer(
                    Some(30008),
                    Purpose::Relay {
                        author: author.clone(),
                    },
                ),
                volunteer.clone(),
                vec![Reaction::TellAuthor(author.clone())],
            ),
            (
                "a relayed MSG to a landline: author told, number marked",
                to_volunteer(
                    Some(30006),
                    Purpose::Relay {
                        author: author.clone(),
                    },
                ),
                Known::default(),
                vec![Reaction::TellAuthor(author), Reaction::MarkUnreachable],
            ),
            (
                "carrier filtering: a signal, no resend",
                to_volunteer(Some(30007), Purpose::Other),
                volunteer.clone(),
                vec![Reaction::Signal(30007)],
            ),
            (
                "queue overflow: a signal, no resend",
                to_volunteer(Some(30001), Purpose::Other),
                volunteer.clone(),
                vec![Reaction::Signal(30001)],
            ),
            (
                "an unknown error: nothing resent",
                to_volunteer(Some(30008), Purpose::Other),
                volunteer,
                vec![],
            ),
        ];
        for (name, failure, known, expected) in rows {
            assert_eq!(react(&failure, &known), expected, "{name}");
        }
    }
}
