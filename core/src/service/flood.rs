//! Loop and flood protection, the shell's side: count the contact's recent messages, take
//! the one notice of a flood, queue it. A silenced STOP or START runs its step `quiet`.
//! What counts and when a contact is muted is the engine's rule ([`FloodLimit`]).

use crate::domain::Channel;
use crate::engine::flood::{FloodLimit, Verdict};
use crate::engine::{Event, Reply};
use crate::i18n::Text;
use crate::store::Tx;
use crate::store::flood;
use crate::store::outbox::PRIORITY_REPLY;

use super::{Renfort, Result};

/// What a message is, for the flood guard.
pub(super) enum Kind<'a> {
    /// A message the engines read (STOP and START among them).
    Event(&'a Event),
    /// A Telegram invitation or shared contact: counted and muted like any message.
    Other,
}

/// The verdict on a message just recorded (see [`Verdict`]), in its transaction; past the
/// limit the one notice of the flood is queued here, whatever the message (a STOP too).
pub(super) async fn verdict(
    app: &Renfort,
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    kind: Kind<'_>,
    recent: Option<i64>,
    now: i64,
) -> Result<Verdict> {
    let limit: &FloodLimit = &app.config.flood;
    // `recent` counts this message, when it was read with the step's other reads.
    let recent = match recent {
        Some(recent) => recent,
        None => flood::inbound_since(tx, channel, address, limit.since(now)).await?,
    };
    let consent = matches!(kind, Kind::Event(event) if limit.is_consent(event));
    // Only consent is judged on its kind: its allowance is counted apart.
    let consents = if consent {
        let bodies = flood::bodies_since(tx, channel, address, limit.since(now)).await?;
        limit.consents(bodies.iter().map(String::as_str))
    } else {
        0
    };
    let verdict = limit.verdict(consent, recent, || consents);
    if !limit.exceeded(recent) {
        return Ok(verdict);
    }
    if flood::take_notice(tx, channel, address, now, limit.window).await? {
        crate::metrics::Metrics::inc(&app.metrics.floods_stopped);
        let lang = flood::lang_of(tx, channel, address).await?;
        let notice = Reply::text(Text::new("flood-paused"));
        app.outbox
            .queue(
                tx,
                channel,
                address,
                lang,
                &notice,
                PRIORITY_REPLY,
                false,
                now,
            )
            .await?;
    }
    Ok(verdict)
}
