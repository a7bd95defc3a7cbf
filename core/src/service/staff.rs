//! A message from a referent or a moderator: read it with the staff engine, load what the
//! command needs, apply what the engine decides, queue the answers.

use super::{Renfort, Result, ServiceError};
use crate::domain::{Channel, Lang};
use crate::engine::staff::moderator::{self, Refusal};
use crate::engine::staff::referent::{self, Alert, Effect};
use crate::store::staff::Staff;
use crate::store::{Tx, contacts, missions, outbox, participations, structures, volunteers};

impl Renfort {
    pub(super) async fn staff_step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        staff: &Staff,
        text: &str,
        now: i64,
    ) -> Result<()> {
        let stopped = contacts::find_contact(tx, channel, address)
            .await?
            .is_some_and(|c| c.stopped);
        if let Some(change) = crate::engine::staff::opt_out(text, stopped) {
            return self
                .staff_opt_out(tx, channel, address, staff, change, stopped, now)
                .await;
        }
        match staff {
            Staff::Referent {
                structure_id, lang, ..
            } => {
                self.referent_step(tx, channel, address, *structure_id, *lang, text, now)
                    .await
            }
            Staff::Moderator {
                departements, lang, ..
            } => {
                self.moderator_step(tx, channel, address, departements, *lang, text, now)
                    .await
            }
        }
    }

    /// STOP: confirmed once (it leaves although the contact is stopped), pending alerts wait;
    /// START: confirmed, what waited is due.
    #[allow(clippy::too_many_arguments)]
    async fn staff_opt_out(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        staff: &Staff,
        change: crate::engine::staff::OptOut,
        was_stopped: bool,
        now: i64,
    ) -> Result<()> {
        let lang = match staff {
            Staff::Referent { lang, .. } | Staff::Moderator { lang, .. } => *lang,
        };
        if change.stopped != was_stopped {
            let at = change.stopped.then_some(now);
            contacts::set_stopped(tx, channel, address, at, now).await?;
            if change.stopped {
                outbox::hold_alerts(tx, channel, address).await?;
            } else {
                outbox::release_held(tx, channel, address, now).await?;
            }
        }
        if let Some(reply) = &change.reply {
            let last_words = change.stopped;
            self.queue(
                tx,
                channel,
                address,
                lang,
                reply,
                outbox::PRIORITY_REPLY,
                last_words,
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// Answers to alerts ("OK 12", "NON 12", or the Telegram buttons); anything else gets a
    /// short reminder of what a referent can do here.
    #[allow(clippy::too_many_arguments)]
    async fn referent_step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        address: &str,
        structure_id: i64,
        lang: Lang,
        text: &str,
        now: i64,
    ) -> Result<()> {
        let reply = match referent::parse(text) {
            referent::Command::Help => referent::help(),
            referent::Command::Answer {
                status,
                participation,
            } => {
                let alert =
                    participations::participation_for_structure(tx, participation, structure_id)
                        .await?
                        .map(|p| Alert {
                            volunteer_id: p.volunteer_id,
                            mission_id: p.mission_id,
                            status: p.status,
                        });
                let outcome = referent::answer(status, participation, alert);
                for effect in &outcome.effects {
                    self.apply_referent_effect(tx, effect, now).await?;
                }
                outcome.reply
            }
        };
        self.reply(tx, channel, address, lang, &reply, now).await
    }

    async fn apply_referent_effect(&self, tx: &mut Tx, effect: &Effect, now: i64) -> Result<()> {
        match effect {
            Effect::Record {
                participation,
                status,
            } => participations::answer_participation(tx, *participation, *status, now).await?,
            Effect::FreePlace { mission_id } => missions::free_place(tx, *mission_id).await?,
            Effect::TellVolunteer {
                volunteer_id,
                mission_id,
                news,
            } => {
                let Some((channel, address)) = contacts::volunteer_reach(tx, *volunteer_id).await?
                else {
                    return Ok(());
                };
                let v = volunteers::load_volunteer(tx, *volunteer_id, false).await?;
                let title = missions::mission_title(tx, *mission_id).await?;
                let structure = structures::structure_of_mission(tx, *mission_id).await?;
                let reply = crate::engine::Reply::text(news.text(&title, &structure));
                self.reply(tx, channel, &address, v.lang, &reply, now)
                    .await?;
            }
        }
        Ok(())
    }

    /// FILE lists pending items of the moderator's départements with buttons; a button
    /// validates or refuses, inside their départements only.
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
        let replies = match moderator::parse(text) {
            moderator::Command::Ignore => Vec::new(),
            moderator::Command::Help => vec![moderator::help()],
            moderator::Command::Queue => {
                let mut items = Vec::new();
                for dep in departements {
                    items.extend(self.store.moderation_queue_in(tx, Some(dep)).await?);
                }
                moderator::queue(&items[..])
            }
            moderator::Command::Decide { approve, kind, id } => {
                let outcome = match self
                    .moderate_in(tx, kind, id, approve, Some(departements), None, now)
                    .await
                {
                    Ok(()) => Ok(()),
                    Err(ServiceError::OutOfScope { departement, .. }) => {
                        Err(Refusal::OutOfScope { departement })
                    }
                    Err(ServiceError::NotPending { status, .. }) => {
                        Err(Refusal::NotPending { status })
                    }
                    Err(ServiceError::NotFound { .. }) => Err(Refusal::NotFound),
                    Err(e) => return Err(e),
                };
                vec![moderator::decision_reply(kind, id, approve, &outcome)]
            }
        };
        for reply in &replies {
            self.reply(tx, channel, address, lang, reply, now).await?;
        }
        Ok(())
    }
}
