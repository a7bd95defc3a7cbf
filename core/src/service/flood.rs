//! Loop and flood protection, the shell's side: count the contact's recent messages, take
//! the one notice of a flood, queue it. What counts and when a contact is muted is the
//! engine's rule ([`FloodLimit`]).

use crate::domain::Channel;
use crate::engine::flood::FloodLimit;
use crate::engine::{Event, Reply};
use crate::i18n::Text;
use crate::store::Tx;
use crate::store::flood;
use crate::store::outbox::PRIORITY_REPLY;

use super::{Renfort, Result};

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
    let limit: &FloodLimit = &app.config.flood;
    if limit.exempt(event) {
        return Ok(false);
    }
    // `recent` counts this message, when it was read with the step's other reads.
    let recent = match recent {
        Some(recent) => recent,
        None => flood::inbound_since(tx, channel, address, limit.since(now)).await?,
    };
    if !limit.exceeded(recent) {
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
