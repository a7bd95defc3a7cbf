//! What happens without anyone writing: reminders to structures that have not answered an
//! alert, escalations to the département's moderators, and volunteers told of a new mission
//! near them. The engine (`engine::followup`) decides what is due and what to say; here each
//! candidate is claimed with a conditional update, so several instances can run this.

use super::{Renfort, Result};
use crate::domain::Channel;
use crate::engine::followup::{self, FollowUpKind};
use crate::metrics::Metrics;
use crate::store::fanout;
use crate::store::matching::{self, Match, Spot};
use crate::store::outbox::{PRIORITY_ALERT, PRIORITY_BULK, enqueue_many};
use crate::store::{Outgoing, Tx, contacts, missions, participations, staff, volunteers};

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
        let reach = contacts::volunteer_contact(tx, subject.volunteer_id).await?;
        let reply = followup::reminder(
            &v.first_name.unwrap_or_default(),
            &subject.title,
            reach.as_ref(),
            participation,
        )
        .about(subject.volunteer_id);
        self.outbox
            .alert_structure(tx, subject.mission_id, &reply, now)
            .await
    }

    async fn escalate(&self, tx: &mut Tx, participation: i64, now: i64) -> Result<()> {
        let subject = participations::alert_subject(tx, participation).await?;
        let reply = followup::escalation(participation, &subject.title, &subject.structure);
        self.outbox
            .alert_moderators(tx, &subject.departement, false, &reply, now)
            .await
    }

    /// Moderators reached by SMS get the queue as one digest a day, at the configured hour
    /// (never per item, never in quiet hours); returns how many were sent.
    pub async fn send_digests(&self, now: i64) -> Result<usize> {
        let mut sent = 0;
        let Some(hour) = self.config.digest_hour else {
            return Ok(0);
        };
        for m in staff::sms_moderators(&self.store).await? {
            let zone_of = m.departements.first().map_or("75", String::as_str);
            let Some(day) = followup::digest_due(now, hour, m.digest_day.as_deref(), zone_of)
            else {
                continue;
            };
            let mut tx = self.store.begin().await?;
            if staff::claim_digest(&mut tx, m.id, &day).await? {
                let mut count = 0;
                for dep in &m.departements {
                    count += self
                        .store
                        .moderation_queue_in(&mut tx, Some(dep))
                        .await?
                        .len();
                }
                if let Some(reply) = followup::digest(count, &m.departements.join(" ")) {
                    self.outbox
                        .queue(
                            &mut tx,
                            Channel::Sms,
                            &m.phone,
                            m.lang,
                            &reply,
                            PRIORITY_ALERT,
                            false,
                            now,
                        )
                        .await?;
                    sent += 1;
                }
            }
            tx.commit().await?;
        }
        Ok(sent)
    }
}

/// A new mission was validated: the volunteers the matching rule finds, at most the
/// département's alert budget of them, nearest first in rotation, get one alert each,
/// outside quiet hours, at most one a day.
pub(crate) async fn announce_mission(
    app: &Renfort,
    tx: &mut Tx,
    mission: i64,
    now: i64,
) -> Result<usize> {
    let plan = alert_plan(tx, mission, now).await?;
    send_alerts(app, tx, plan, now).await
}

/// Chooses who a new mission alerts. Reads only: run it on a reader before taking the
/// writer, then [`Renfort::send_alerts`] in the write transaction.
pub(crate) async fn alert_plan(
    conn: &mut sqlx::AnyConnection,
    mission: i64,
    now: i64,
) -> Result<Option<AlertPlan>> {
    let m = missions::announced(conn, mission).await?;
    let Some(domain) = m.domain else {
        return Ok(None);
    };
    let spot = Spot {
        domain,
        remote: m.remote,
        point: m.point,
    };
    // Quiet hours and the alert day in the mission's département's zone: the volunteers it
    // reaches live within a few dozen km of it, or in that département for a remote one.
    let (send_at, day) = followup::announcement_slot(now, &m.departement);
    let budget = fanout::alert_budget(conn, &m.departement)
        .await?
        .for_places(m.places);
    let candidates =
        matching::volunteers_for_mission(conn, &spot, &m.departement, &day, budget).await?;
    Ok(Some(AlertPlan {
        mission: m,
        candidates,
        send_at,
        day,
    }))
}

/// Claims each candidate's daily alert and queues the alerts: a few statements in all.
pub(crate) async fn send_alerts(
    app: &Renfort,
    tx: &mut Tx,
    plan: Option<AlertPlan>,
    now: i64,
) -> Result<usize> {
    let Some(plan) = plan else { return Ok(0) };
    let ids: Vec<i64> = plan.candidates.iter().map(|c| c.volunteer_id).collect();
    let claimed: std::collections::HashSet<i64> = fanout::claim(tx, &ids, &plan.day, now)
        .await?
        .into_iter()
        .collect();
    let m = &plan.mission;
    let mut messages = Vec::with_capacity(claimed.len());
    for c in &plan.candidates {
        let distance = match c.matched {
            Match::Near { km } => Some(km),
            Match::Remote => None,
        };
        let Some(reply) = followup::announcement(
            c.last_alert_day.as_deref(),
            &plan.day,
            &m.title,
            m.commune.as_deref(),
            distance,
            c.approximate,
        ) else {
            Metrics::inc(&app.metrics.alerts_skipped);
            continue;
        };
        let Some((channel, address)) = c.reach.clone() else {
            continue;
        };
        if !claimed.contains(&c.volunteer_id) {
            Metrics::inc(&app.metrics.alerts_skipped);
            continue;
        }
        Metrics::inc(&app.metrics.alerts_budgeted);
        messages.push(Outgoing {
            channel,
            address,
            rendered: app.outbox.renderer(channel).render(c.lang, &reply),
            priority: PRIORITY_BULK,
            ignores_stop: false,
            not_before: Some(plan.send_at),
            about: Some(c.volunteer_id),
        });
    }
    enqueue_many(tx, &messages, now).await?;
    Ok(messages.len())
}

/// Who a new mission alerts, chosen before the write transaction.
pub struct AlertPlan {
    mission: missions::Announced,
    candidates: Vec<matching::Candidate>,
    send_at: i64,
    day: String,
}
