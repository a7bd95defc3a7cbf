//! The I/O shell around the engines: load what a step needs, run the engine, persist the new
//! state, carry out its effects and queue every outbound message, all in one transaction.
//! Channels (SMS webhook, Telegram, `renfort chat`) call this and then drain the outbox.
//!
//! One file per job: here, one inbound message handled exactly once by the right engine;
//! `volunteer` (a volunteer's step), `staff` (a referent's or moderator's message),
//! `moderation` (decisions on pending items), `outgoing` (rendering and queueing, alerts to
//! referents and moderators), `followup` (reminders, escalations, new-mission alerts),
//! `missions` (a mission created through the API), `telegram` (invitations, shared phones),
//! `flood` (loop and flood protection).

mod batch;
mod flood;
mod followup;
pub mod missions;
mod moderation;
mod outgoing;
pub mod receipts;
pub mod staff;
pub mod structures;
mod telegram;
mod volunteer;

pub use crate::engine::flood::FloodLimit;
use crate::engine::flood::Verdict;

use std::sync::Arc;
use std::time::Instant;

use crate::domain::Channel;
use crate::engine::Event;
use crate::metrics::Metrics;
use crate::render::ChannelRenderer;
use crate::store::{Store, StoreError, Tx, outbox, record_inbound};
use volunteer::Stepped;

pub use crate::engine::staff::referent::{REFERENT_ANSWER, answer_choices};
pub use followup::FollowUp;
pub use moderation::Undone;
pub use receipts::{Receipt, Recorded};
pub use telegram::normalize_phone;

#[derive(Debug, Clone)]
pub struct Config {
    /// Loop and flood protection.
    pub flood: FloodLimit,
    /// Version of the privacy terms a volunteer consents to, stored with the consent.
    pub terms_version: String,
    pub terms_url: String,
    /// The deployment's département, preferred among homonymous communes.
    pub home_departement: Option<String>,
    /// Paris hour (9 to 19) of the daily SMS digest of the moderation queue; `None`: no
    /// digest (moderators all on Telegram, or tests that count every SMS).
    pub digest_hour: Option<u32>,
    /// Price of one SMS segment (`RENFORT_SMS_PRICE`), for the cost in figures and metrics.
    pub sms_price: Option<f64>,
    /// The web console's address (`{RENFORT_PUBLIC_URL}/console`) when this deployment serves
    /// it: CONSOLE sends a login link under it. `None` (the CLI's chat): no link to give.
    pub console_url: Option<String>,
    /// Seconds after a refusal during which its moderator may take it back; its notice
    /// leaves just after (`RENFORT_UNDO_WINDOW`).
    pub undo_window: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            flood: FloodLimit::default(),
            terms_version: "2020-03".into(),
            terms_url: "https://renfort.example/cgu".into(),
            home_departement: None,
            digest_hour: Some(10),
            sms_price: None,
            console_url: None,
            undo_window: crate::engine::staff::moderator::UNDO_WINDOW,
        }
    }
}

#[derive(Clone)]
pub struct Renderers {
    pub sms: Arc<dyn ChannelRenderer>,
    pub telegram: Arc<dyn ChannelRenderer>,
}

impl Renderers {
    pub fn for_channel(&self, channel: Channel) -> &dyn ChannelRenderer {
        match channel {
            Channel::Sms => self.sms.as_ref(),
            Channel::Telegram => self.telegram.as_ref(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{kind} {id} not found")]
    NotFound { kind: String, id: i64 },
    #[error("{kind} {id} is {status}, not pending")]
    NotPending {
        kind: String,
        id: i64,
        status: String,
    },
    #[error("busy: the mission's last place kept changing hands; try again")]
    Busy,
    #[error("{kind} {id} is in département {departement}, outside your scope")]
    OutOfScope {
        kind: String,
        id: i64,
        departement: String,
    },
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        ServiceError::Store(StoreError::Db(e))
    }
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handled {
    Processed,
    /// The same external id was processed before: nothing done again.
    Duplicate,
    /// Recorded, not answered: the contact is flooding (see [`FloodLimit`]). A STOP or
    /// START took effect all the same.
    Muted,
}

/// A step re-runs when it loses a race: for a mission's last place (then the engine says the
/// mission is gone) or for the volunteer's own record (two messages at once, a moderator).
const MAX_ATTEMPTS: usize = 5;

#[derive(Clone)]
pub struct Renfort {
    pub store: Store,
    pub config: Config,
    /// Where every job queues what it says (rendered per channel).
    pub(crate) outbox: outgoing::Outbox,
    /// Shared with the channels' webhooks and senders, rendered at `/metrics`.
    pub metrics: Arc<Metrics>,
    group_commit: batch::GroupCommit,
}

impl Renfort {
    pub fn new(store: Store, config: Config, renderers: Renderers) -> Self {
        Renfort {
            store,
            config,
            outbox: outgoing::Outbox::new(renderers),
            metrics: Arc::new(Metrics::default()),
            group_commit: batch::GroupCommit::default(),
        }
    }

    /// Handles one inbound message exactly once per `external_id` (Twilio MessageSid,
    /// Telegram update id, or a local id for the terminal).
    pub async fn handle_inbound(
        &self,
        channel: Channel,
        address: &str,
        external_id: &str,
        event: Event,
        now: i64,
    ) -> Result<Handled> {
        let body = match &event {
            Event::Text(t) => t.clone(),
            Event::Location(_) => "[location]".to_string(),
            Event::Unsupported => "[not text]".to_string(),
        };
        // A volunteer's step (a first contact's too) reads what it needs on a reader, outside
        // the writer, and runs in the next group commit (see `batch`); the version check when
        // saving catches whatever changed in between (for a first contact: whether the
        // contact appeared). Then, or if the batch is rolled back, the step runs alone and
        // reads inside its transaction, where nobody can change the volunteer meanwhile: a
        // burst from one person ends well. Staff read inside their transaction. A caller that shows the rows its message created (`renfort chat`)
        // runs its step itself, so that it claims them as soon as its step commits, before a
        // server's sender on the same database does.
        if !outbox::tracking()
            && let Some(ahead) = volunteer::read_ahead(self, channel, address, now).await?
        {
            let message = batch::Message {
                channel,
                address: address.to_string(),
                external_id: external_id.to_string(),
                body: body.clone(),
                event: event.clone(),
                now,
            };
            let outcome = self.in_batch(message, ahead).await;
            if let batch::Outcome::Handled(handled) = outcome {
                return Ok(handled);
            }
        }
        for _ in 0..MAX_ATTEMPTS {
            let Some(mut tx) = self
                .begin_inbound(channel, external_id, address, &body, now)
                .await?
            else {
                return Ok(Handled::Duplicate);
            };
            // A volunteer's reads in one statement (and intents, offers), after the message
            // was recorded; staff read their own way.
            let ahead = volunteer::read_ahead_on(self, &mut tx, channel, address, now).await?;
            let recent = ahead.as_ref().map(|a| a.recent_inbound);
            let verdict = flood::verdict(
                self,
                &mut tx,
                channel,
                address,
                flood::Kind::Event(&event),
                recent,
                now,
            )
            .await?;
            if verdict == Verdict::Muted {
                tx.commit().await?;
                return Ok(Handled::Muted);
            }
            // A STOP or START past the flood allowance takes effect without a reply.
            let quiet = verdict == Verdict::EffectOnly;
            let started = Instant::now();
            let stepped = match ahead {
                Some(ahead) => match ahead.into_read(&mut tx, channel, address, now).await? {
                    Some(read) => {
                        volunteer::step(self, &mut tx, channel, address, &event, read, now, quiet)
                            .await?
                    }
                    // A first contact whose volunteer another message created meanwhile.
                    None => Stepped::Retry,
                },
                None => staff::step(self, &mut tx, channel, address, &event, now, quiet).await?,
            };
            self.metrics
                .engine_step_seconds
                .observe(started.elapsed().as_secs_f64());
            let written = match stepped {
                Stepped::Plain(plain) => plain.write(&mut tx).await?,
                Stepped::Written => true,
                Stepped::Retry => false,
            };
            if written {
                tx.commit().await?;
                return Ok(if quiet {
                    Handled::Muted
                } else {
                    Handled::Processed
                });
            }
            tx.rollback().await?;
        }
        // Not acknowledged, so not lost: the message is recorded only once it is processed.
        Err(ServiceError::Busy)
    }

    /// Opens the transaction of an inbound message, recording it first (which also takes
    /// SQLite's write lock before anything is read); `None` if it was processed before.
    async fn begin_inbound(
        &self,
        channel: Channel,
        external_id: &str,
        address: &str,
        body: &str,
        now: i64,
    ) -> Result<Option<Tx>> {
        let mut tx = self.store.begin().await?;
        if record_inbound(&mut tx, channel.as_str(), external_id, address, body, now).await? {
            Ok(Some(tx))
        } else {
            tx.rollback().await?;
            Ok(None)
        }
    }
}
