//! A volunteer's message: load the volunteer and what the engine may need, run the volunteer
//! engine, save the new state (optimistically), queue the replies, carry out the effects.

use super::batch::{BatchWrites, Save};
use super::{Renfort, Result, StepResult};
use crate::domain::{Channel, ParticipationStatus, VolunteerStatus};
use crate::engine::staff::moderator::QueueItem;
use crate::engine::staff::referent::{self, Reach};
use crate::engine::{self, Context, Effect, Event};
use crate::store::outbox::PRIORITY_REPLY;
use crate::store::{
    Tx, contacts, matching, missions, participations, staff, structures, volunteers,
};

/// What the engine needs beyond the message: the volunteer and what it may be offered.
pub(super) struct StepRead {
    view: volunteers::StepView,
    intents: Vec<engine::Intent>,
    offers: Vec<engine::Offer>,
    /// Départements whose volunteers are validated without a moderator.
    auto_departements: Vec<String>,
    /// Whether a referent's question may be waiting for this volunteer's answer: `false` only
    /// when read ahead and none was open (see [`volunteers::ReadAhead::relay_open`]).
    relay_maybe_open: bool,
}

/// What was read ahead of the write transaction for a volunteer's step.
pub(super) struct ReadAheadStep {
    read: AheadRead,
    /// Inbound messages from the contact in the flood window, as recorded when read.
    pub(super) recent_inbound: i64,
}

enum AheadRead {
    Volunteer(Box<StepRead>),
    /// A contact seen for the first time: its step creates the volunteer, who has no intents
    /// and is offered nothing before registering.
    FirstContact {
        auto_departements: Vec<String>,
    },
}

impl ReadAheadStep {
    /// What the engine reads, creating a first contact's volunteer in `tx`; `None` if that
    /// contact appeared since it was read (the step is stale: roll back and run it again).
    pub(super) async fn into_read(
        self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        now: i64,
    ) -> Result<Option<StepRead>> {
        match self.read {
            AheadRead::Volunteer(read) => Ok(Some(*read)),
            AheadRead::FirstContact { auto_departements } => {
                let view = volunteers::create_for_first_contact(tx, channel, address, now).await?;
                Ok(view.map(|view| StepRead {
                    view,
                    intents: Vec::new(),
                    offers: Vec::new(),
                    auto_departements,
                    relay_maybe_open: false,
                }))
            }
        }
    }
}

async fn read_context(
    conn: &mut sqlx::AnyConnection,
    view: volunteers::StepView,
    auto_departements: Option<Vec<String>>,
    relay_maybe_open: bool,
    has_intents: bool,
) -> Result<StepRead> {
    let intents = if has_intents {
        participations::volunteer_intents(conn, view.volunteer_id).await?
    } else {
        Vec::new()
    };
    let offers = if view.volunteer.conversation.step == engine::Step::Ready {
        matching::offers_for(conn, &view.volunteer).await?
    } else {
        Vec::new()
    };
    let auto_departements = match auto_departements {
        Some(list) => list,
        None => staff::auto_departements(conn).await?,
    };
    Ok(StepRead {
        view,
        intents,
        offers,
        auto_departements,
        relay_maybe_open,
    })
}

impl Renfort {
    pub(super) async fn volunteer_step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        event: &Event,
        now: i64,
    ) -> Result<StepResult> {
        let contact = contacts::find_contact(tx, channel, address).await?;
        let stopped = contact.as_ref().is_some_and(|c| c.stopped);
        let volunteer_id = match contact.and_then(|c| c.volunteer_id) {
            Some(id) => id,
            None => volunteers::create_volunteer(tx, channel, address, now).await?,
        };
        let (volunteer, version) = volunteers::load_versioned(tx, volunteer_id, stopped).await?;
        let view = volunteers::StepView {
            volunteer_id,
            volunteer,
            version,
        };
        let read = read_context(tx, view, None, true, true).await?;
        self.run_volunteer_step(tx, channel, address, event, read, now, None)
            .await
    }

    /// The reads of a volunteer's step (or a first contact's), on a reader; `None` for staff
    /// and for contacts without a volunteer.
    pub(super) async fn read_step(
        &self,
        channel: Channel,
        address: &str,
        now: i64,
    ) -> Result<Option<ReadAheadStep>> {
        let mut conn = self.store.readers().acquire().await?;
        self.read_step_on(&mut conn, channel, address, now).await
    }

    /// The reads of a volunteer's step on `conn` (a reader, or the step's transaction): one to
    /// three statements.
    pub(super) async fn read_step_on(
        &self,
        conn: &mut sqlx::AnyConnection,
        channel: Channel,
        address: &str,
        now: i64,
    ) -> Result<Option<ReadAheadStep>> {
        let Some(ahead) = volunteers::read_ahead(
            conn,
            channel,
            address,
            now - referent::RELAY_WINDOW,
            self.config.flood.since(now),
        )
        .await?
        else {
            return Ok(None);
        };
        let read = match ahead.sender {
            volunteers::Sender::Volunteer(view) => AheadRead::Volunteer(Box::new(
                read_context(
                    conn,
                    *view,
                    Some(ahead.auto_departements),
                    ahead.relay_open,
                    ahead.has_intents,
                )
                .await?,
            )),
            volunteers::Sender::FirstContact => AheadRead::FirstContact {
                auto_departements: ahead.auto_departements,
            },
        };
        Ok(Some(ReadAheadStep {
            read,
            recent_inbound: ahead.recent_inbound,
        }))
    }

    /// Runs the volunteer engine on what was read and carries out its decisions in `tx`. In a
    /// group commit (`batch`), a step that only changes the volunteer's state and replies
    /// leaves both in `batch`, to be written with the other steps' at the end of the batch.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn run_volunteer_step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        event: &Event,
        read: StepRead,
        now: i64,
        batch: Option<&mut BatchWrites>,
    ) -> Result<StepResult> {
        let StepRead {
            view:
                volunteers::StepView {
                    volunteer_id,
                    volunteer,
                    version,
                },
            intents,
            offers,
            auto_departements,
            relay_maybe_open,
        } = read;
        if let Event::Text(text) = event
            && !volunteer.stopped
            && relay_maybe_open
            && self
                .relay_answer(tx, channel, address, volunteer_id, &volunteer, text, now)
                .await?
        {
            return Ok(StepResult::Done);
        }
        let ctx = Context {
            now,
            terms_version: &self.config.terms_version,
            terms_url: &self.config.terms_url,
            home_departement: self.config.home_departement.as_deref(),
            auto_departements: &auto_departements,
            offers: &offers,
            intents: &intents,
        };
        let out = engine::handle(&volunteer, event, &ctx);
        if let Some(batch) = batch
            && out
                .effects
                .iter()
                .all(|effect| writes_nothing(effect, &out.volunteer))
        {
            let v = out.volunteer;
            for reply in &out.replies {
                let reply = self.outgoing(channel, address, v.lang, reply, PRIORITY_REPLY, false);
                batch.replies.push((reply, now));
            }
            batch.saves.push(Save {
                id: volunteer_id,
                volunteer: v,
                version,
                now,
            });
            return Ok(StepResult::Done);
        }
        let v = &out.volunteer;
        if !volunteers::save_volunteer(tx, volunteer_id, v, version, now).await? {
            // Another message or a moderator changed this volunteer meanwhile: run again.
            return Ok(StepResult::Retry);
        }

        // Replies are queued first, so they are numbered before the alerts they cause. The
        // last words to a contact that stops or erases itself still leave.
        let last_words =
            out.effects.contains(&Effect::Stop) || out.effects.contains(&Effect::Erase);
        for reply in &out.replies {
            self.queue(
                tx,
                channel,
                address,
                v.lang,
                reply,
                PRIORITY_REPLY,
                last_words,
                now,
            )
            .await?;
        }
        for effect in &out.effects {
            match effect {
                Effect::Stop => {
                    crate::metrics::Metrics::inc(&self.metrics.opt_outs);
                    contacts::set_stopped(tx, channel, address, Some(now), now).await?
                }
                Effect::Resume => contacts::set_stopped(tx, channel, address, None, now).await?,
                Effect::Erase => {
                    // Structures already alerted stop calling: told before the intents go.
                    for (participation, mission, title) in
                        participations::relayed_open_of_volunteer(tx, volunteer_id).await?
                    {
                        let notice = referent::withdrawn_erased(&title, participation);
                        self.alert_structure(tx, mission, &notice, now).await?;
                    }
                    volunteers::erase_volunteer(tx, volunteer_id, now).await?
                }
                // Pending volunteers show up in the moderation queue by their status; the
                // département's moderators on Telegram are told at once.
                Effect::RegistrationComplete | Effect::ProfileToReview
                    if v.status == VolunteerStatus::Pending =>
                {
                    let item = QueueItem::new_volunteer(volunteer_id, v, now);
                    self.notify_moderators(tx, &item, now).await?;
                }
                // See `writes_nothing`.
                Effect::RegistrationComplete | Effect::ProfileToReview => {}
                Effect::CancelIntent { mission_id } => {
                    let Some((participation, relayed)) =
                        participations::withdraw_intent(tx, volunteer_id, *mission_id).await?
                    else {
                        continue;
                    };
                    if relayed {
                        let title = missions::mission_title(tx, *mission_id).await?;
                        let name = v.first_name.clone().unwrap_or_default();
                        let notice =
                            referent::withdrawn(&name, &title, participation).about(volunteer_id);
                        self.alert_structure(tx, *mission_id, &notice, now).await?;
                    }
                }
                Effect::Intent { mission_id } => {
                    if !missions::take_place(tx, *mission_id).await? {
                        return Ok(StepResult::Retry);
                    }
                    let validated = v.status == VolunteerStatus::Validated;
                    let status = if validated {
                        ParticipationStatus::Sent
                    } else {
                        ParticipationStatus::Held
                    };
                    let participation = participations::insert_participation(
                        tx,
                        volunteer_id,
                        *mission_id,
                        status,
                        channel,
                        now,
                    )
                    .await?;
                    if validated {
                        self.alert_referents(tx, volunteer_id, *mission_id, participation, now)
                            .await?;
                    }
                    // Without a phone, the structure cannot call: share it, or the structure
                    // writes through Renfort (MSG).
                    if channel == Channel::Telegram
                        && !matches!(
                            contacts::volunteer_contact(tx, volunteer_id).await?,
                            Some(Reach::Phone(_))
                        )
                    {
                        self.queue(
                            tx,
                            channel,
                            address,
                            v.lang,
                            &referent::relay_offer(),
                            PRIORITY_REPLY,
                            false,
                            now,
                        )
                        .await?;
                    }
                }
            }
        }
        Ok(StepResult::Done)
    }

    /// A volunteer's answer to a referent's MSG goes back to the structure (keywords keep
    /// working); `true` if the message was that answer.
    #[allow(clippy::too_many_arguments)]
    async fn relay_answer(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        volunteer_id: i64,
        volunteer: &engine::Volunteer,
        text: &str,
        now: i64,
    ) -> Result<bool> {
        if !referent::answers_relay(text) {
            return Ok(false);
        }
        let since = now - referent::RELAY_WINDOW;
        let Some((participation, mission)) =
            participations::open_relay(tx, volunteer_id, since).await?
        else {
            return Ok(false);
        };
        let name = volunteer.first_name.clone().unwrap_or_default();
        let answer = referent::relayed_to_referent(&name, participation, text).about(volunteer_id);
        self.alert_structure(tx, mission, &answer, now).await?;
        participations::set_relay(tx, participation, None).await?;
        let structure = structures::structure_of_mission(tx, mission).await?;
        let delivered = referent::relay_delivered(&structure);
        self.queue(
            tx,
            channel,
            address,
            volunteer.lang,
            &delivered,
            PRIORITY_REPLY,
            false,
            now,
        )
        .await?;
        Ok(true)
    }
}

/// Whether carrying out `effect` writes nothing beyond the volunteer's state and replies: a
/// registration or profile change that needs no moderator (kept in step with the `match` in
/// `run_volunteer_step`).
fn writes_nothing(effect: &Effect, v: &engine::Volunteer) -> bool {
    matches!(
        effect,
        Effect::RegistrationComplete | Effect::ProfileToReview
    ) && v.status != VolunteerStatus::Pending
}
