//! Rendering and queueing: replies, alerts to a structure's referents, notices to a
//! département's moderators. Everything leaves through the outbox, in the caller's
//! transaction. The other jobs of the service reach it as `Renfort::outbox`.

use super::{Renderers, Result};
use crate::domain::{Channel, Lang, display_phone};
use crate::engine::Reply;
use crate::engine::staff::moderator::{self, QueueItem};
use crate::engine::staff::referent::{self, Reach};
use crate::i18n::Text;
use crate::store::outbox::{self, PRIORITY_ALERT, PRIORITY_REPLY, enqueue};
use crate::store::{Outgoing, Tx, contacts, missions, participations, staff, volunteers};

/// The rows an alert was queued as, and whether anyone can receive it now (else they are
/// held until a START).
pub(crate) struct Queued {
    pub(crate) ids: Vec<i64>,
    pub(crate) reached: bool,
}

/// What the service's jobs queue messages through: it renders each reply for its channel.
#[derive(Clone)]
pub(crate) struct Outbox {
    renderers: Renderers,
}

impl Outbox {
    pub(crate) fn new(renderers: Renderers) -> Outbox {
        Outbox { renderers }
    }

    pub(crate) fn renderer(&self, channel: Channel) -> &dyn crate::render::ChannelRenderer {
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
        let m = self.outgoing(channel, address, lang, reply, priority, ignores_stop);
        Ok(enqueue(tx, &m, now).await?)
    }

    /// A reply rendered for its channel, as the outbox takes it.
    pub(crate) fn outgoing(
        &self,
        channel: Channel,
        address: &str,
        lang: Lang,
        reply: &Reply,
        priority: i64,
        ignores_stop: bool,
    ) -> Outgoing {
        Outgoing {
            channel,
            address: address.to_string(),
            rendered: self.renderer(channel).render(lang, reply),
            priority,
            ignores_stop,
            not_before: None,
            about: reply.about,
        }
    }

    /// Queues a conversational message (first in line).
    pub(crate) async fn reply(
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

    /// The alert about `participation`: who wants to help, how to reach them, when they are
    /// free; `None` if the volunteer has no contact left.
    pub(crate) async fn alert_reply(
        &self,
        tx: &mut Tx,
        volunteer_id: i64,
        mission_id: i64,
        participation: i64,
    ) -> Result<Option<Reply>> {
        let volunteer = volunteers::load_volunteer(tx, volunteer_id, false).await?;
        let title = missions::mission_title(tx, mission_id).await?;
        let Some(reach) = contacts::volunteer_contact(tx, volunteer_id).await? else {
            return Ok(None);
        };
        let name = volunteer.first_name.unwrap_or_default();
        let mut alert = referent::alert(&name, &title, &reach, participation).about(volunteer_id);
        // When to call: the availability given at registration travels with the alert.
        if let Some(availability) = volunteer.availability {
            alert
                .parts
                .push(Text::new("referent-alert-availability").arg("availability", availability));
        }
        // A minor: the structure must know before calling (the age as given at registration).
        if let Some(age) = volunteer.conversation.age.filter(|a| *a < 18) {
            alert
                .parts
                .push(Text::new("referent-alert-minor").arg("age", i64::from(age)));
        }
        // The structure calls in French unless told otherwise.
        if volunteer.lang == Lang::En {
            alert.parts.push(Text::new("referent-alert-english"));
        }
        Ok(Some(alert))
    }

    /// Tells each referent of the mission's structure who wants to help and how to reach
    /// them. When none of them can receive it (all stopped, unreachable, or no referent at
    /// all), the alert waits for a START and the département's moderators are told at once.
    /// Returns whether a referent can receive it now.
    pub(crate) async fn alert_referents(
        &self,
        tx: &mut Tx,
        volunteer_id: i64,
        mission_id: i64,
        participation: i64,
        now: i64,
    ) -> Result<bool> {
        let Some(alert) = self
            .alert_reply(tx, volunteer_id, mission_id, participation)
            .await?
        else {
            return Ok(false);
        };
        let referents = staff::referents_of_mission(tx, mission_id).await?;
        let queued = self.alert_staff(tx, referents, &alert, now).await?;
        for id in &queued.ids {
            outbox::set_purpose(tx, *id, "alert", participation, None).await?;
        }
        if !queued.reached {
            self.tell_moderators(tx, participation, "moderator-no-referent", now)
                .await?;
        }
        Ok(queued.reached)
    }

    /// Tells the moderators of the mission's département that no referent has the alert
    /// about `participation` (`id`: why, as a message id), with the volunteer's contact.
    pub(crate) async fn tell_moderators(
        &self,
        tx: &mut Tx,
        participation: i64,
        id: &str,
        now: i64,
    ) -> Result<()> {
        let subject = participations::alert_subject(tx, participation).await?;
        let volunteer = volunteers::load_volunteer(tx, subject.volunteer_id, false).await?;
        let (reach, contact) = match contacts::volunteer_contact(tx, subject.volunteer_id).await? {
            Some(Reach::Phone(p)) => ("phone", display_phone(&p)),
            Some(Reach::Handle(h)) => ("handle", h),
            _ => ("relay", String::new()),
        };
        let notice = Reply::text(
            Text::new(id)
                .arg("structure", subject.structure)
                .arg("title", subject.title)
                .arg("name", volunteer.first_name.unwrap_or_default())
                .arg("code", participation)
                .arg("reach", reach)
                .arg("contact", contact),
        )
        .about(subject.volunteer_id);
        let moderators = staff::moderators_of(tx, &subject.departement).await?;
        let queued = self.alert_staff(tx, moderators, &notice, now).await?;
        for row in &queued.ids {
            outbox::set_purpose(tx, *row, "moderators", participation, None).await?;
        }
        Ok(())
    }

    /// Whether at least one referent of the mission's structure can receive an alert now
    /// (not stopped, number not unreachable).
    pub(crate) async fn structure_alertable(&self, tx: &mut Tx, mission_id: i64) -> Result<bool> {
        for s in staff::referents_of_mission(tx, mission_id).await? {
            let blocked = contacts::find_contact(tx, s.channel, &s.address)
                .await?
                .is_some_and(|c| c.blocked());
            if !blocked {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Alerts every referent of the mission's structure.
    pub(crate) async fn alert_structure(
        &self,
        tx: &mut Tx,
        mission_id: i64,
        alert: &Reply,
        now: i64,
    ) -> Result<()> {
        self.alert_structure_ids(tx, mission_id, alert, now).await?;
        Ok(())
    }

    /// [`Outbox::alert_structure`], returning the rows queued.
    pub(crate) async fn alert_structure_ids(
        &self,
        tx: &mut Tx,
        mission_id: i64,
        alert: &Reply,
        now: i64,
    ) -> Result<Vec<i64>> {
        let referents = staff::referents_of_mission(tx, mission_id).await?;
        Ok(self.alert_staff(tx, referents, alert, now).await?.ids)
    }

    /// Queues an alert for each of `staff` who can receive it (not stopped, number not
    /// unreachable); if none can, for all of them, held until they come back with START (an
    /// alert is never dropped for a STOP).
    async fn alert_staff(
        &self,
        tx: &mut Tx,
        staff: Vec<staff::StaffContact>,
        alert: &Reply,
        now: i64,
    ) -> Result<Queued> {
        let mut blocked = Vec::with_capacity(staff.len());
        for s in &staff {
            blocked.push(
                contacts::find_contact(tx, s.channel, &s.address)
                    .await?
                    .is_some_and(|c| c.blocked()),
            );
        }
        let (recipients, held) = crate::engine::staff::alert_recipients(&blocked);
        let mut ids = Vec::with_capacity(recipients.len());
        for s in recipients.into_iter().map(|i| &staff[i]) {
            let id = self
                .queue(
                    tx,
                    s.channel,
                    &s.address,
                    s.lang,
                    alert,
                    PRIORITY_ALERT,
                    false,
                    now,
                )
                .await?;
            if held {
                crate::store::outbox::hold(tx, id).await?;
            }
            ids.push(id);
        }
        Ok(Queued {
            ids,
            reached: !held,
        })
    }

    /// Alerts the département's moderators on the channel that reaches them; `at_once_only`:
    /// only those whose channel takes per-item notices (see
    /// [`moderator::notified_at_once`]).
    pub(crate) async fn alert_moderators(
        &self,
        tx: &mut Tx,
        departement: &str,
        at_once_only: bool,
        reply: &Reply,
        now: i64,
    ) -> Result<()> {
        let moderators = staff::moderators_of(tx, departement)
            .await?
            .into_iter()
            .filter(|m| !at_once_only || moderator::notified_at_once(m.channel))
            .collect();
        self.alert_staff(tx, moderators, reply, now).await?;
        Ok(())
    }

    /// Tells the département's moderators on Telegram of a new pending item, with buttons.
    pub(crate) async fn notify_moderators(
        &self,
        tx: &mut Tx,
        item: &QueueItem,
        now: i64,
    ) -> Result<()> {
        let reply = moderator::item(item);
        self.alert_moderators(tx, &item.departement, true, &reply, now)
            .await
    }
}
