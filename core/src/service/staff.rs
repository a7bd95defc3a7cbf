//! A message from a referent or a moderator: read it with the staff engine, load what the
//! command needs, apply what the engine decides, queue the answers.

use super::{Renfort, Result, ServiceError};
use crate::domain::{Channel, ItemKind};
use crate::engine::Reply;
use crate::engine::staff::moderator::{self, QueueView, Refusal};
use crate::engine::staff::referent::{self, Alert, Effect, ReferentView};
use crate::store::staff::{self as staff_store, Staff};
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
        let (replies, lang) = match staff {
            Staff::Referent {
                structure_id, lang, ..
            } => (
                self.referent_step(tx, staff, *structure_id, text, now)
                    .await?,
                *lang,
            ),
            Staff::Moderator {
                departements, lang, ..
            } => (
                self.moderator_step(tx, channel, staff, departements, text, now)
                    .await?,
                *lang,
            ),
        };
        for reply in &replies {
            self.reply(tx, channel, address, lang, reply, now).await?;
        }
        Ok(())
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
                crate::metrics::Metrics::inc(&self.metrics.opt_outs);
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

    /// Answers to alerts (OK, NON, APPELE, with or without the number), MSG, MES MISSIONS,
    /// COMPLET; anything else gets the list of what a referent can do here.
    async fn referent_step(
        &self,
        tx: &mut Tx,
        staff: &Staff,
        structure_id: i64,
        text: &str,
        now: i64,
    ) -> Result<Vec<Reply>> {
        let reply = match referent::parse(text) {
            referent::Command::Help => referent::help(),
            referent::Command::MyMissions => {
                let open = missions::open_of_structure(tx, structure_id).await?;
                let (reply, shown) = referent::my_missions(&open);
                staff_store::save_view(tx, staff, &ReferentView { missions: shown }).await?;
                reply
            }
            referent::Command::Full { n } => {
                let view: ReferentView = staff_store::load_view(tx, staff).await?;
                match referent::full(n, &view.missions) {
                    Err(reply) => reply,
                    Ok(mission) => {
                        match missions::close_as_full(tx, mission, structure_id).await? {
                            Some(title) => referent::closed(&title),
                            None => referent::closed_already(),
                        }
                    }
                }
            }
            referent::Command::Answer {
                status,
                participation,
            } => {
                let pending = participations::pending_of_structure(tx, structure_id).await?;
                match referent::resolve(participation, &pending) {
                    Err(reply) => reply,
                    Ok(code) => {
                        let alert = self.alert_of(tx, code, structure_id).await?;
                        let outcome = referent::answer(status, code, alert);
                        for effect in &outcome.effects {
                            self.apply_referent_effect(tx, effect, now).await?;
                        }
                        outcome.reply
                    }
                }
            }
            referent::Command::Message {
                participation,
                text,
            } => {
                let pending = participations::pending_of_structure(tx, structure_id).await?;
                match referent::resolve(participation, &pending) {
                    Err(reply) => reply,
                    Ok(code) => {
                        self.relay_to_volunteer(tx, structure_id, code, &text, now)
                            .await?
                    }
                }
            }
        };
        Ok(vec![reply])
    }

    async fn alert_of(&self, tx: &mut Tx, code: i64, structure_id: i64) -> Result<Option<Alert>> {
        Ok(
            participations::participation_for_structure(tx, code, structure_id)
                .await?
                .map(|p| Alert {
                    volunteer_id: p.volunteer_id,
                    mission_id: p.mission_id,
                    status: p.status,
                }),
        )
    }

    /// MSG n texte: the volunteer of alert n gets the referent's words (their chat id or
    /// number is never shown), and their next message comes back.
    async fn relay_to_volunteer(
        &self,
        tx: &mut Tx,
        structure_id: i64,
        code: i64,
        text: &str,
        now: i64,
    ) -> Result<Reply> {
        let alert = self.alert_of(tx, code, structure_id).await?;
        let alert = match referent::may_relay(alert, code, text) {
            Ok(a) => a,
            Err(reply) => return Ok(reply),
        };
        let Some((channel, address)) = contacts::volunteer_reach(tx, alert.volunteer_id).await?
        else {
            return Ok(referent::unreachable(code));
        };
        let v = volunteers::load_volunteer(tx, alert.volunteer_id, false).await?;
        let structure = structures::structure_of_mission(tx, alert.mission_id).await?;
        let message = referent::relayed_to_volunteer(&structure, text);
        self.reply(tx, channel, &address, v.lang, &message, now)
            .await?;
        participations::open_relay_question(tx, code, now).await?;
        Ok(referent::relay_sent(
            &v.first_name.unwrap_or_default(),
            code,
        ))
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
                let reply = Reply::text(news.text(&title, &structure));
                self.reply(tx, channel, &address, v.lang, &reply, now)
                    .await?;
            }
        }
        Ok(())
    }

    /// FILE shows the queue of the moderator's départements (by SMS a page of numbered lines;
    /// on Telegram one message per item with buttons); VALIDER n / REFUSER n [motif] or a
    /// button decides, inside their départements only.
    async fn moderator_step(
        &self,
        tx: &mut Tx,
        channel: Channel,
        staff: &Staff,
        departements: &[String],
        text: &str,
        now: i64,
    ) -> Result<Vec<Reply>> {
        let replies = match moderator::parse(text) {
            moderator::Command::Ignore => Vec::new(),
            moderator::Command::Help => vec![moderator::help()],
            moderator::Command::Queue | moderator::Command::More => {
                let fresh = moderator::parse(text) == moderator::Command::Queue;
                let mut view: QueueView = staff_store::load_view(tx, staff).await?;
                let mut items = Vec::new();
                for dep in departements {
                    items.extend(self.store.moderation_queue_in(tx, Some(dep)).await?);
                }
                if fresh || view.shown.is_empty() {
                    view = QueueView {
                        shown: items.iter().map(|i| (i.kind, i.id)).collect(),
                        seen: 0,
                    };
                }
                // Numbers stay those of the FILE that gave them; items decided since are
                // skipped in the lines but keep their number.
                let listed: Vec<_> = view
                    .shown
                    .iter()
                    .map(|(k, id)| items.iter().find(|i| i.kind == *k && i.id == *id).cloned())
                    .collect();
                let replies = match channel {
                    Channel::Sms => {
                        vec![moderator::queue_page(&listed, view.seen)]
                    }
                    Channel::Telegram => {
                        let page: Vec<_> =
                            listed.iter().skip(view.seen).flatten().cloned().collect();
                        moderator::queue(&page)
                    }
                };
                let page = match channel {
                    Channel::Sms => moderator::SMS_PAGE,
                    Channel::Telegram => moderator::QUEUE_PAGE,
                };
                view.seen = (view.seen + page).min(view.shown.len());
                staff_store::save_view(tx, staff, &view).await?;
                replies
            }
            moderator::Command::Pick { approve, n, reason } => {
                let view: QueueView = staff_store::load_view(tx, staff).await?;
                match moderator::pick(&view, n) {
                    Err(reply) => vec![reply],
                    Ok((kind, id)) => {
                        let mut label = None;
                        for dep in departements {
                            let items = self.store.moderation_queue_in(tx, Some(dep)).await?;
                            if let Some(i) = items.iter().find(|i| i.kind == kind && i.id == id) {
                                label = Some(moderator::label(i));
                            }
                        }
                        let outcome = self
                            .decide(tx, kind, id, approve, reason.as_deref(), departements, now)
                            .await?;
                        vec![moderator::picked_reply(
                            n.unwrap_or_default(),
                            label.as_deref(),
                            approve,
                            &outcome,
                        )]
                    }
                }
            }
            moderator::Command::Decide { approve, kind, id } => {
                let outcome = self
                    .decide(tx, kind, id, approve, None, departements, now)
                    .await?;
                vec![moderator::decision_reply(kind, id, approve, &outcome)]
            }
        };
        Ok(replies)
    }

    #[allow(clippy::too_many_arguments)]
    async fn decide(
        &self,
        tx: &mut Tx,
        kind: ItemKind,
        id: i64,
        approve: bool,
        reason: Option<&str>,
        departements: &[String],
        now: i64,
    ) -> Result<Result<(), Refusal>> {
        let outcome = match self
            .moderate_in(tx, kind, id, approve, reason, Some(departements), None, now)
            .await
        {
            Ok(()) => Ok(()),
            Err(ServiceError::OutOfScope { departement, .. }) => {
                Err(Refusal::OutOfScope { departement })
            }
            Err(ServiceError::NotPending { status, .. }) => Err(Refusal::NotPending { status }),
            Err(ServiceError::NotFound { .. }) => Err(Refusal::NotFound),
            Err(e) => return Err(e),
        };
        Ok(outcome)
    }
}
