//! Loop and flood protection. An auto-responder answering every reply, or someone pasting the
//! same text again and again, would make Renfort send SMS in a loop: past `max_messages` within
//! `window` seconds a contact gets one notice, then no answer until it calms down (its messages
//! are still recorded; STOP and START still work).

use crate::domain::Channel;
use crate::engine::{Event, Keyword, Reply};
use crate::i18n::Text;
use crate::store::Tx;
use crate::store::flood;
use crate::store::outbox::PRIORITY_REPLY;

use super::{Renfort, Result};

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
}

/// `true`: this message is recorded but not answered (the contact is flooding). Called in
/// the inbound message's transaction, after it was recorded.
pub(super) async fn muted(
    app: &Renfort,
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    event: &Event,
    recent: Option<i64>,
    now: i64,
) -> Result<bool> {
    let limit = &app.config.flood;
    if let Event::Text(text) = event
        && Keyword::parse(text).is_some_and(|k| matches!(k, Keyword::Stop | Keyword::Start))
    {
        return Ok(false);
    }
    // `recent` counts this message, when it was read with the step's other reads.
    let recent = match recent {
        Some(recent) => recent,
        None => flood::inbound_since(tx, channel, address, limit.since(now)).await?,
    };
    if recent <= limit.max_messages {
        return Ok(false);
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
    Ok(true)
}
