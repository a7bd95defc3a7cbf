//! What happens without anyone writing: reminders to structures that have not answered an
//! alert, escalations to the département's moderators, and volunteers told of a new mission
//! near them. The engine (`engine::followup`) decides what is due and what to say; here each
//! candidate is claimed with a conditional update, so several instances can run this.

use super::{Renfort, Result};
use crate::engine::followup::{self, FollowUpKind};
use crate::store::matching::{self, Match, Spot};
use crate::store::outbox::{PRIORITY_BULK, enqueue};
use crate::store::{Outgoing, Tx, contacts, missions, participations, volunteers};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    pub reminders: usize,
    pub escalations: usize,
}

impl Renfort {
    /// Sends due reminders and escalations; returns how many.
    pub async fn follow_up(&self, now: i64) -> Result<FollowUp> {
        self.store.purge_inbound(now).await?;
        Ok(FollowUp {
            reminders: self.claim_due(FollowUpKind::Reminder, now).await?,
            escalations: self.claim_due(FollowUpKind::Escalation, now).await?,
        })
    }

    /// Alerts unanswered for long enough, each claimed by a conditional update before its
    /// message is queued in the same transaction.
    async fn claim_due(&self, kind: FollowUpKind, now: i64) -> Result<usize> {
        let due =
            participations::due_follow_ups(&self.store, kind, kind.due_if_relayed_before(now))
                .await?;
        let mut done = 0;
        for id in due {
            let mut tx = self.store.begin().await?;
            if participations::claim_follow_up(&mut tx, kind, id, now).await? {
                match kind {
                    FollowUpKind::Reminder => self.remind(&mut tx, id, now).await?,
                    FollowUpKind::Escalation => self.escalate(&mut tx, id, now).await?,
                }
                done += 1;
            }
            tx.commit().await?;
        }
        Ok(done)
    }

    async fn remind(&self, tx: &mut Tx, participation: i64, now: i64) -> Result<()> {
        let subject = participations::alert_subject(tx, participation).await?;
        let v = volunteers::load_volunteer(tx, subject.volunteer_id, false).await?;
        let contact =
            contacts::volunteer_contact(tx, subject.volunteer_id, subject.channel).await?;
        let reply = followup::reminder(
            &v.first_name.unwrap_or_default(),
            &subject.title,
            contact.as_ref().map(|(c, a)| (*c, a.as_str())),
            participation,
        )
        .about(subject.volunteer_id);
        self.alert_structure(tx, subject.mission_id, &reply, now)
            .await
    }

    async fn escalate(&self, tx: &mut Tx, participation: i64, now: i64) -> Result<()> {
        let subject = participations::alert_subject(tx, participation).await?;
        let reply = followup::escalation(participation, &subject.title, &subject.structure);
        self.alert_moderators(tx, &subject.departement, false, &reply, now)
            .await
    }

    /// A new mission was validated: each volunteer the matching rule finds gets one alert,
    /// outside quiet hours, at most one a day.
    pub(crate) async fn announce_mission(
        &self,
        tx: &mut Tx,
        mission: i64,
        now: i64,
    ) -> Result<usize> {
        let m = missions::announced(tx, mission).await?;
        let Some(domain) = m.domain else {
            return Ok(0);
        };
        let spot = Spot {
            domain,
            remote: m.remote,
            point: m.point,
        };
        let (send_at, day) = followup::announcement_slot(now);
        let mut sent = 0;
        for c in matching::volunteers_for_mission(tx, &spot, &m.departement).await? {
            let distance = match c.matched {
                Match::Near { km } => Some(km),
                Match::Remote => None,
            };
            let Some(reply) = followup::announcement(
                c.last_alert_day.as_deref(),
                &day,
                &m.title,
                m.commune.as_deref(),
                distance,
                c.approximate,
            ) else {
                continue;
            };
            let Some((channel, address)) = c.reach else {
                continue;
            };
            if !volunteers::claim_alert_day(tx, c.volunteer_id, &day).await? {
                continue;
            }
            let out = Outgoing {
                channel,
                address,
                rendered: self.renderer(channel).render(c.lang, &reply),
                priority: PRIORITY_BULK,
                ignores_stop: false,
                not_before: Some(send_at),
                about: Some(c.volunteer_id),
            };
            enqueue(tx, &out, now).await?;
            sent += 1;
        }
        Ok(sent)
    }
}
