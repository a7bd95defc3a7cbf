//! The I/O shell around the engine: load what a step needs, run the engine, persist the new
//! state, carry out its effects and queue every outbound message, all in one transaction.
//! Channels (SMS webhook, Telegram, `renfort chat`) call this and then drain the outbox.

use std::sync::Arc;

use crate::domain::{
    Channel, Lang, ParticipationStatus, ValidationRule, VolunteerStatus, display_phone,
};
use crate::engine::Choice;
use crate::engine::{self, Context, Effect, Event, Reply};
use crate::i18n::Text;
use crate::render::ChannelRenderer;
use crate::store::moderation as mq;
use crate::store::outbox::{PRIORITY_ALERT, PRIORITY_REPLY, enqueue};
use crate::store::staff::{self, Staff};
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
}

/// Telegram buttons on an alert send `ref:<status>:<participation>`.
pub const REFERENT_ANSWER: &str = "ref:";

/// A step re-runs when it loses a race: for a mission's last place (then the engine says the
/// mission is gone) or for the volunteer's own record (two messages at once, a moderator).
const MAX_ATTEMPTS: usize = 5;

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
        let body = match &event {
            Event::Text(t) => t.clone(),
            Event::Location(_) => "[location]".to_string(),
            Event::Unsupported => "[not text]".to_string(),
        };
        for _ in 0..MAX_ATTEMPTS {
            let Some(mut tx) = self
                .begin_inbound(channel, external_id, address, &body, now)
                .await?
            else {
                return Ok(Handled::Duplicate);
            };
            match self.step(&mut tx, channel, address, &event, now).await? {
                StepResult::Done => {
                    tx.commit().await?;
                    return Ok(Handled::Processed);
                }
                StepResult::Retry => tx.rollback().await?,
            }
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

    async fn step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        event: &Event,
        now: i64,
    ) -> Result<StepResult> {
        if let Some(staff) = staff::staff_of(tx, channel, address).await? {
            let Event::Text(text) = event else {
                return Ok(StepResult::Done);
            };
            self.staff_step(tx, channel, address, &staff, text, now)
                .await?;
            return Ok(StepResult::Done);
        }
        let contact = vs::find_contact(tx, channel, address).await?;
        let stopped = contact.as_ref().is_some_and(|c| c.stopped);
        let volunteer_id = match contact.and_then(|c| c.volunteer_id) {
            Some(id) => id,
            None => vs::create_volunteer(tx, channel, address, now).await?,
        };
        let (volunteer, version) = vs::load_versioned(tx, volunteer_id, stopped).await?;
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
        if !vs::save_volunteer(tx, volunteer_id, v, version, now).await? {
            // Another message or a moderator changed this volunteer meanwhile: run again.
            return Ok(StepResult::Retry);
        }

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
                // Pending volunteers show up in the moderation queue by their status; the
                // département's moderators on Telegram are told at once.
                Effect::RegistrationComplete if v.status == VolunteerStatus::Pending => {
                    let dep = v
                        .place
                        .as_ref()
                        .map(|p| p.departement.clone())
                        .unwrap_or_default();
                    let brief = mq::VolunteerBrief::of(v);
                    let item = mq::QueueItem {
                        kind: "volunteer",
                        id: volunteer_id,
                        departement: dep,
                        summary: brief.summary(),
                        created_at: now,
                        volunteer: Some(brief),
                    };
                    self.notify_moderators(tx, &item, now).await?;
                }
                Effect::RegistrationComplete => {}
                Effect::CancelIntent { mission_id } => {
                    let Some((participation, relayed)) =
                        vs::withdraw_intent(tx, volunteer_id, *mission_id).await?
                    else {
                        continue;
                    };
                    if relayed {
                        let reply = Reply::text(
                            Text::new("referent-intent-withdrawn")
                                .arg("name", v.first_name.clone().unwrap_or_default())
                                .arg("title", vs::mission_title(tx, *mission_id).await?)
                                .arg("code", participation),
                        );
                        self.alert_structure(tx, *mission_id, &reply, now).await?;
                    }
                }
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

    pub(crate) fn renderer(&self, channel: Channel) -> &dyn ChannelRenderer {
        self.renderers.for_channel(channel)
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn queue(
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
            not_before: None,
        };
        Ok(enqueue(tx, &m, now).await?)
    }

    /// Tells each referent of the mission's structure who wants to help and how to reach them.
    pub(crate) async fn alert_referents(
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
        let alert = Reply::text(text).with_choices(answer_choices(participation));
        self.alert_structure(tx, mission_id, &alert, now).await?;
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
        self.moderate_in(&mut tx, kind, id, approve, scope, now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn moderate_in(
        &self,
        tx: &mut Tx,
        kind: &str,
        id: i64,
        approve: bool,
        scope: Option<&[String]>,
        now: i64,
    ) -> Result<()> {
        let Some((status, departement)) = mq::item_state(tx, kind, id).await? else {
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
        mq::set_status(tx, kind, id, new_status, now).await?;
        match kind {
            "volunteer" => self.volunteer_decided(tx, id, approve, now).await?,
            "mission" if approve => {
                let n = self.announce_mission(tx, id, now).await?;
                tracing::info!(mission = id, volunteers = n, "new mission announced");
            }
            _ => {}
        }
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
        self.reply(tx, channel, &address, v.lang, &Reply::text(text), now)
            .await?;
        Ok(())
    }

    /// A message from a referent or a moderator: answers to alerts ("OK 12", "NON 12", or the
    /// Telegram buttons); anything else gets a short reminder of what they can do here.
    async fn staff_step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        staff: &Staff,
        text: &str,
        now: i64,
    ) -> Result<()> {
        let (structure_id, lang) = match staff {
            Staff::Referent {
                structure_id, lang, ..
            } => (*structure_id, *lang),
            Staff::Moderator {
                departements, lang, ..
            } => {
                return self
                    .moderator_step(tx, channel, address, departements, *lang, text, now)
                    .await;
            }
        };
        let reply = self.referent_answer(tx, structure_id, text, now).await?;
        self.reply(tx, channel, address, lang, &reply, now).await
    }

    /// Records a referent's answer and tells the volunteer the outcome; returns what to tell
    /// the referent.
    async fn referent_answer(
        &self,
        tx: &mut Tx,
        structure_id: i64,
        text: &str,
        now: i64,
    ) -> Result<Reply> {
        use ParticipationStatus as P;
        let Some((status, participation)) = parse_referent_answer(text) else {
            return Ok(Reply::text(Text::new("referent-help")));
        };
        let Some((volunteer_id, mission_id, current)) =
            staff::participation_for_structure(tx, participation, structure_id).await?
        else {
            return Ok(Reply::text(
                Text::new("referent-unknown-code").arg("code", participation),
            ));
        };
        if matches!(current, P::Cancelled | P::Declined) {
            return Ok(Reply::text(
                Text::new("referent-answer-closed").arg("code", participation),
            ));
        }
        staff::answer_participation(tx, participation, status, now).await?;
        if status == P::Declined {
            vs::free_place(tx, mission_id).await?;
        }
        // The volunteer hears the outcome (being called is news enough for "contacted").
        let news = match status {
            P::Accepted => Some("intent-accepted"),
            P::Declined => Some("intent-declined"),
            _ => None,
        };
        if let Some(news) = news
            && let Some((vchannel, vaddress)) = vs::volunteer_reach(tx, volunteer_id).await?
        {
            let v = vs::load_volunteer(tx, volunteer_id, false).await?;
            let text = Text::new(news)
                .arg("title", vs::mission_title(tx, mission_id).await?)
                .arg("structure", vs::structure_of_mission(tx, mission_id).await?);
            self.reply(tx, vchannel, &vaddress, v.lang, &Reply::text(text), now)
                .await?;
        }
        Ok(Reply::text(
            Text::new("referent-answer-recorded")
                .arg("code", participation)
                .arg("status", status.as_str()),
        ))
    }

    /// Queues a conversational message (first in line).
    async fn reply(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        lang: Lang,
        reply: &Reply,
        now: i64,
    ) -> Result<()> {
        self.queue(
            tx,
            channel,
            address,
            lang,
            reply,
            PRIORITY_REPLY,
            false,
            now,
        )
        .await?;
        Ok(())
    }

    /// Alerts every referent of the mission's structure.
    pub(crate) async fn alert_structure(
        &self,
        tx: &mut Tx,
        mission_id: i64,
        alert: &Reply,
        now: i64,
    ) -> Result<()> {
        for r in vs::referents_of_mission(tx, mission_id).await? {
            self.queue(
                tx,
                r.channel,
                &r.address,
                r.lang,
                alert,
                PRIORITY_ALERT,
                false,
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// A moderator's message: `/queue` lists pending items of their départements with
    /// buttons; a button validates or refuses, inside their départements only.
    #[allow(clippy::too_many_arguments)]
    async fn moderator_step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        departements: &[String],
        lang: Lang,
        text: &str,
        now: i64,
    ) -> Result<()> {
        let mut replies = Vec::new();
        if let Some(rest) = text.strip_prefix(crate::followup::MODERATION) {
            let parts: Vec<&str> = rest.split(':').collect();
            let parsed = match parts.as_slice() {
                [
                    action @ ("approve" | "refuse"),
                    kind @ ("volunteer" | "mission" | "structure"),
                    id,
                ] => id
                    .parse::<i64>()
                    .ok()
                    .map(|id| (*action == "approve", *kind, id)),
                _ => None,
            };
            let Some((approve, kind, id)) = parsed else {
                return Ok(());
            };
            let outcome = self
                .moderate_in(tx, kind, id, approve, Some(departements), now)
                .await;
            let t = match outcome {
                Ok(()) => Text::new("moderation-done")
                    .arg("kind", kind)
                    .arg("id", id)
                    .arg("approved", if approve { "yes" } else { "no" }),
                Err(ServiceError::OutOfScope { .. }) => Text::new("moderation-out-of-scope"),
                Err(ServiceError::NotPending { .. } | ServiceError::NotFound { .. }) => {
                    Text::new("moderation-not-pending")
                        .arg("kind", kind)
                        .arg("id", id)
                }
                Err(e) => return Err(e),
            };
            replies.push(Reply::text(t));
        } else if matches!(
            crate::text::fold(text).as_str(),
            "queue" | "file" | "moderation"
        ) {
            let mut items = Vec::new();
            for dep in departements {
                items.extend(self.store.moderation_queue_in(tx, Some(dep)).await?);
            }
            if items.is_empty() {
                replies.push(Reply::text(Text::new("moderation-queue-empty")));
            }
            for i in items.iter().take(10) {
                replies.push(crate::followup::moderation_item(i));
            }
        } else {
            replies.push(Reply::text(Text::new("moderator-help")));
        }
        for reply in &replies {
            self.reply(tx, channel, address, lang, reply, now).await?;
        }
        Ok(())
    }

    /// Links a Telegram chat's volunteer to the phone number its user shared.
    pub async fn link_phone(
        &self,
        chat: &str,
        external_id: &str,
        phone: &str,
        own: bool,
        now: i64,
    ) -> Result<Handled> {
        let Some(mut tx) = self
            .begin_inbound(Channel::Telegram, external_id, chat, "[contact]", now)
            .await?
        else {
            return Ok(Handled::Duplicate);
        };
        let volunteer = vs::find_contact(&mut tx, Channel::Telegram, chat)
            .await?
            .and_then(|c| c.volunteer_id);
        let lang = match volunteer {
            Some(id) => vs::load_volunteer(&mut tx, id, false).await?.lang,
            None => Lang::Fr,
        };
        let id = if own {
            if volunteer.is_none() {
                vs::create_volunteer(&mut tx, Channel::Telegram, chat, now).await?;
            }
            staff::link_phone(&mut tx, chat, &normalize_phone(phone), now).await?;
            "phone-linked"
        } else {
            "contact-not-yours"
        };
        self.reply(
            &mut tx,
            Channel::Telegram,
            chat,
            lang,
            &Reply::text(Text::new(id)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Handled::Processed)
    }

    /// `/start ref-CODE` or `/start mod-CODE`: links this chat to a referent or a moderator.
    pub async fn redeem_invite(
        &self,
        chat: &str,
        external_id: &str,
        kind: &str,
        code: &str,
        handle: Option<&str>,
        now: i64,
    ) -> Result<Handled> {
        let Some(mut tx) = self
            .begin_inbound(Channel::Telegram, external_id, chat, "/start", now)
            .await?
        else {
            return Ok(Handled::Duplicate);
        };
        let (reply, lang) =
            match staff::redeem_invite(&mut tx, kind, code, chat, handle, now).await? {
                Some((what, lang)) if kind == "referent" => {
                    (Text::new("referent-linked").arg("structure", what), lang)
                }
                Some((what, lang)) => (
                    Text::new("moderator-linked").arg("departements", what),
                    lang,
                ),
                None => (Text::new("invite-invalid"), Lang::Fr),
            };
        self.reply(
            &mut tx,
            Channel::Telegram,
            chat,
            lang,
            &Reply::text(reply),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Handled::Processed)
    }

    /// Remembers a Telegram user's @username for structures to reach them.
    pub async fn set_telegram_handle(&self, chat: &str, handle: Option<&str>) -> Result<()> {
        let mut tx = self.store.begin().await?;
        staff::set_handle(&mut tx, chat, handle).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes a mission checked by the API: validated ones are announced to volunteers
    /// nearby, pending ones shown to the département's moderators.
    pub async fn create_mission(
        &self,
        draft: &crate::import::Draft,
        validated: bool,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.store.begin().await?;
        let status = if validated { "validated" } else { "pending" };
        let Some(id) = draft.insert(&mut tx, status, now).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        if validated {
            self.announce_mission(&mut tx, id, now).await?;
        } else {
            let title = vs::mission_title(&mut tx, id).await?;
            let item = mq::QueueItem {
                kind: "mission",
                id,
                departement: draft.departement().to_string(),
                summary: title,
                created_at: now,
                volunteer: None,
            };
            self.notify_moderators(&mut tx, &item, now).await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }
}

/// The buttons a referent answers an alert with.
pub fn answer_choices(participation: i64) -> Vec<Choice> {
    [
        ("choice-contacted", ParticipationStatus::Contacted),
        ("choice-accepted", ParticipationStatus::Accepted),
        ("choice-declined", ParticipationStatus::Declined),
    ]
    .iter()
    .map(|(label, status)| Choice {
        label: Text::new(label),
        payload: format!("{REFERENT_ANSWER}{}:{participation}", status.as_str()),
    })
    .collect()
}

/// "OK 12", "NON 12", "NO 12", or a button payload `ref:accepted:12`.
fn parse_referent_answer(text: &str) -> Option<(ParticipationStatus, i64)> {
    if let Some(rest) = text.strip_prefix(REFERENT_ANSWER) {
        let (status, id) = rest.split_once(':')?;
        let status = ParticipationStatus::parse(status)?;
        if !matches!(
            status,
            ParticipationStatus::Contacted
                | ParticipationStatus::Accepted
                | ParticipationStatus::Declined
        ) {
            return None;
        }
        return Some((status, id.parse().ok()?));
    }
    let key = crate::text::fold(text);
    let (word, id) = key.split_once(' ')?;
    let status = match word {
        "ok" | "oui" | "yes" => ParticipationStatus::Accepted,
        "non" | "no" => ParticipationStatus::Declined,
        "appele" | "called" | "contacte" | "contacted" => ParticipationStatus::Contacted,
        _ => return None,
    };
    Some((status, id.trim().parse().ok()?))
}

/// Telegram shares numbers with or without "+"; French ones sometimes national.
pub fn normalize_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if phone.trim_start().starts_with('+') {
        format!("+{digits}")
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("+33{}", &digits[1..])
    } else {
        format!("+{digits}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referent_answers_parse() {
        assert_eq!(
            parse_referent_answer("OK 12"),
            Some((ParticipationStatus::Accepted, 12))
        );
        assert_eq!(
            parse_referent_answer("non  7"),
            Some((ParticipationStatus::Declined, 7))
        );
        assert_eq!(
            parse_referent_answer("ref:contacted:3"),
            Some((ParticipationStatus::Contacted, 3))
        );
        assert_eq!(parse_referent_answer("ref:held:3"), None);
        assert_eq!(parse_referent_answer("OK"), None);
        assert_eq!(normalize_phone("33639980001"), "+33639980001");
        assert_eq!(normalize_phone("+33 6 39 98 00 01"), "+33639980001");
        assert_eq!(normalize_phone("06 39 98 00 01"), "+33639980001");
    }
}
