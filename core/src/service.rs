//! The I/O shell around the engine: load what a step needs, run the engine, persist the new
//! state, carry out its effects and queue every outbound message, all in one transaction.
//! Channels (SMS webhook, Telegram, `renfort chat`) call this and then drain the outbox.

use std::sync::Arc;

use crate::domain::{
    Channel, Lang, ParticipationStatus, ValidationRule, VolunteerStatus, display_phone,
};
use crate::engine::{self, Context, Effect, Event, Reply};
use crate::i18n::Text;
use crate::render::ChannelRenderer;
use crate::store::moderation as mq;
use crate::store::outbox::{PRIORITY_ALERT, PRIORITY_REPLY, enqueue};
use crate::store::volunteers as vs;
use crate::store::{Outgoing, Store, StoreError, Tx, record_inbound};

#[derive(Debug, Clone)]
pub struct Config {
    /// Version of the privacy terms a volunteer consents to, stored with the consent.
    pub terms_version: String,
    pub terms_url: String,
    /// The deployment's département, preferred among homonymous communes.
    pub home_departement: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            terms_version: "2020-03".into(),
            terms_url: "https://renfort.example/cgu".into(),
            home_departement: None,
        }
    }
}

#[derive(Clone)]
pub struct Renderers {
    pub sms: Arc<dyn ChannelRenderer>,
    pub telegram: Arc<dyn ChannelRenderer>,
}

impl Renderers {
    fn for_channel(&self, channel: Channel) -> &dyn ChannelRenderer {
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
}

/// Concurrent intents may race for a mission's last place; the loser re-runs its step and is
/// told the mission is no longer available.
const MAX_ATTEMPTS: usize = 3;

#[derive(Clone)]
pub struct Renfort {
    pub store: Store,
    pub config: Config,
    renderers: Renderers,
}

enum StepResult {
    Done,
    /// Lost a race for a place: roll back and run the step again.
    Retry,
}

impl Renfort {
    pub fn new(store: Store, config: Config, renderers: Renderers) -> Self {
        Renfort {
            store,
            config,
            renderers,
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
        for _ in 0..MAX_ATTEMPTS {
            let mut tx = self.store.begin().await?;
            // Written first: it also takes SQLite's write lock before anything is read.
            if !record_inbound(&mut tx, channel.as_str(), external_id, now).await? {
                tx.rollback().await?;
                return Ok(Handled::Duplicate);
            }
            match self.step(&mut tx, channel, address, &event, now).await? {
                StepResult::Done => {
                    tx.commit().await?;
                    return Ok(Handled::Processed);
                }
                StepResult::Retry => tx.rollback().await?,
            }
        }
        // Still losing races: answer with what the engine says once offers are re-read.
        let mut tx = self.store.begin().await?;
        record_inbound(&mut tx, channel.as_str(), external_id, now).await?;
        self.step(&mut tx, channel, address, &event, now).await?;
        tx.commit().await?;
        Ok(Handled::Processed)
    }

    async fn step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        event: &Event,
        now: i64,
    ) -> Result<StepResult> {
        let contact = vs::find_contact(tx, channel, address).await?;
        let stopped = contact.as_ref().is_some_and(|c| c.stopped);
        let volunteer_id = match contact.and_then(|c| c.volunteer_id) {
            Some(id) => id,
            None => vs::create_volunteer(tx, channel, address, now).await?,
        };
        let volunteer = vs::load_volunteer(tx, volunteer_id, stopped).await?;
        let intents = vs::volunteer_intents(tx, volunteer_id).await?;
        let offers = if volunteer.conversation.step == engine::Step::Ready {
            vs::offers_for(tx, &volunteer).await?
        } else {
            Vec::new()
        };
        let auto_validate = match &volunteer.place {
            Some(p) => vs::validation_rule(tx, &p.departement).await? == ValidationRule::Auto,
            None => false,
        };
        let ctx = Context {
            now,
            terms_version: &self.config.terms_version,
            terms_url: &self.config.terms_url,
            home_departement: self.config.home_departement.as_deref(),
            auto_validate,
            offers: &offers,
            intents: &intents,
        };
        let out = engine::handle(&volunteer, event, &ctx);
        let v = &out.volunteer;
        vs::save_volunteer(tx, volunteer_id, v, now).await?;

        // Replies are queued first, so they are numbered before the alerts they cause. The
        // last words to a contact that stops or erases itself still leave.
        let last_words =
            out.effects.contains(&Effect::Stop) || out.effects.contains(&Effect::Erase);
        for reply in &out.replies {
            let lang = v.lang;
            self.queue(
                tx,
                channel,
                address,
                lang,
                reply,
                PRIORITY_REPLY,
                last_words,
                now,
            )
            .await?;
        }
        for effect in &out.effects {
            match effect {
                Effect::Stop => vs::set_stopped(tx, channel, address, Some(now), now).await?,
                Effect::Resume => vs::set_stopped(tx, channel, address, None, now).await?,
                Effect::Erase => vs::erase_volunteer(tx, volunteer_id, now).await?,
                // Pending volunteers show up in the moderation queue by their status.
                Effect::RegistrationComplete => {}
                Effect::Intent { mission_id } => {
                    if !vs::take_place(tx, *mission_id).await? {
                        return Ok(StepResult::Retry);
                    }
                    let validated = v.status == VolunteerStatus::Validated;
                    let status = if validated {
                        ParticipationStatus::Sent
                    } else {
                        ParticipationStatus::Held
                    };
                    let participation = vs::insert_participation(
                        tx,
                        volunteer_id,
                        *mission_id,
                        status,
                        channel,
                        now,
                    )
                    .await?;
                    if validated {
                        self.alert_referents(
                            tx,
                            volunteer_id,
                            *mission_id,
                            participation,
                            channel,
                            now,
                        )
                        .await?;
                    }
                }
            }
        }
        Ok(StepResult::Done)
    }

    #[allow(clippy::too_many_arguments)]
    async fn queue(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        lang: Lang,
        reply: &Reply,
        priority: i64,
        ignores_stop: bool,
        now: i64,
    ) -> Result<i64> {
        let rendered = self.renderers.for_channel(channel).render(lang, reply);
        let m = Outgoing {
            channel,
            address: address.to_string(),
            rendered,
            priority,
            ignores_stop,
        };
        Ok(enqueue(tx, &m, now).await?)
    }

    /// Tells each referent of the mission's structure who wants to help and how to reach them.
    async fn alert_referents(
        &self,
        tx: &mut Tx,
        volunteer_id: i64,
        mission_id: i64,
        participation: i64,
        channel: Channel,
        now: i64,
    ) -> Result<()> {
        let volunteer = vs::load_volunteer(tx, volunteer_id, false).await?;
        let title = vs::mission_title(tx, mission_id).await?;
        let Some((contact_channel, contact)) =
            vs::volunteer_contact(tx, volunteer_id, channel).await?
        else {
            return Ok(());
        };
        let (id, contact) = match contact_channel {
            Channel::Sms => ("referent-alert", display_phone(&contact)),
            Channel::Telegram => ("referent-alert-telegram", contact),
        };
        let text = Text::new(id)
            .arg("name", volunteer.first_name.unwrap_or_default())
            .arg("title", title)
            .arg("contact", contact)
            .arg("code", participation);
        for referent in vs::referents_of_mission(tx, mission_id).await? {
            self.queue(
                tx,
                referent.channel,
                &referent.address,
                referent.lang,
                &Reply::text(text.clone()),
                PRIORITY_ALERT,
                false,
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// Approves or refuses a pending volunteer, mission or structure. `scope`: the
    /// départements the acting moderator covers (`None`: national admin).
    pub async fn moderate(
        &self,
        kind: &str,
        id: i64,
        approve: bool,
        scope: Option<&[String]>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let Some((status, departement)) = mq::item_state(&mut tx, kind, id).await? else {
            return Err(ServiceError::NotFound {
                kind: kind.into(),
                id,
            });
        };
        if let Some(scope) = scope
            && !scope.contains(&departement)
        {
            return Err(ServiceError::OutOfScope {
                kind: kind.into(),
                id,
                departement,
            });
        }
        if status != "pending" {
            return Err(ServiceError::NotPending {
                kind: kind.into(),
                id,
                status,
            });
        }
        let new_status = match (kind, approve) {
            (_, true) => "validated",
            ("mission", false) => "cancelled",
            (_, false) => "refused",
        };
        mq::set_status(&mut tx, kind, id, new_status, now).await?;
        if kind == "volunteer" {
            self.volunteer_decided(&mut tx, id, approve, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Relays (or cancels) held intents and tells the volunteer.
    async fn volunteer_decided(
        &self,
        tx: &mut Tx,
        id: i64,
        approved: bool,
        now: i64,
    ) -> Result<()> {
        let held = mq::held_intents(tx, id).await?;
        let reach = vs::volunteer_reach(tx, id).await?;
        for (participation, mission) in &held {
            if approved {
                mq::set_participation(tx, *participation, ParticipationStatus::Sent, now).await?;
                let channel = reach.as_ref().map(|r| r.0).unwrap_or(Channel::Sms);
                self.alert_referents(tx, id, *mission, *participation, channel, now)
                    .await?;
            } else {
                mq::set_participation(tx, *participation, ParticipationStatus::Cancelled, now)
                    .await?;
                vs::free_place(tx, *mission).await?;
            }
        }
        let Some((channel, address)) = reach else {
            return Ok(());
        };
        let v = vs::load_volunteer(tx, id, false).await?;
        let name = v.first_name.clone().unwrap_or_default();
        let text = match (approved, held.len()) {
            (true, 0) => Text::new("volunteer-validated").arg("name", name),
            (true, n) => Text::new("volunteer-validated-relayed")
                .arg("name", name)
                .arg("count", n),
            (false, _) => Text::new("volunteer-refused"),
        };
        self.queue(
            tx,
            channel,
            &address,
            v.lang,
            &Reply::text(text),
            PRIORITY_REPLY,
            false,
            now,
        )
        .await?;
        Ok(())
    }
}
