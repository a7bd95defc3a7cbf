//! Rendering and queueing: replies, alerts to a structure's referents, notices to a
//! département's moderators. Everything leaves through the outbox, in the caller's
//! transaction. The other jobs of the service reach it as `Renfort::outbox`.

use super::{Renderers, Result};
use crate::domain::{Channel, Lang};
use crate::engine::Reply;
use crate::engine::staff::moderator::{self, QueueItem};
use crate::engine::staff::referent;
use crate::i18n::Text;
use crate::store::outbox::{PRIORITY_ALERT, PRIORITY_REPLY, enqueue};
use crate::store::{Outgoing, Tx, contacts, missions, staff, volunteers};

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

    /// Tells each referent of the mission's structure who wants to help and how to reach them.
    pub(crate) async fn alert_referents(
        &self,
        tx: &mut Tx,
        volunteer_id: i64,
        mission_id: i64,
        participation: i64,
        now: i64,
    ) -> Result<()> {
        let volunteer = volunteers::load_volunteer(tx, volunteer_id, false).await?;
        let title = missions::mission_title(tx, mission_id).await?;
        let Some(reach) = contacts::volunteer_contact(tx, volunteer_id).await? else {
            return Ok(());
        };
        let name = volunteer.first_name.unwrap_or_default();
        let mut alert = referent::alert(&name, &title, &reach, participation).about(volunteer_id);
        // When to call: the availability given at registration travels with the alert.
        if let Some(availability) = volunteer.availability {
            alert
                .parts
                .push(Text::new("referent-alert-availability").arg("availability", availability));
        }
        // The structure calls in French unless told otherwise.
        if volunteer.lang == Lang::En {
            alert.parts.push(Text::new("referent-alert-english"));
        }
        self.alert_structure(tx, mission_id, &alert, now).await
    }

    /// Alerts every referent of the mission's structure.
    pub(crate) async fn alert_structure(
        &self,
        tx: &mut Tx,
        mission_id: i64,
        alert: &Reply,
        now: i64,
    ) -> Result<()> {
        let referents = staff::referents_of_mission(tx, mission_id).await?;
        self.alert_staff(tx, referents, alert, now).await
    }

    /// Queues an alert for each of `staff` who has not stopped; if all of them have, for all
    /// of them, held until they come back with START (an alert is never dropped for a STOP).
    async fn alert_staff(
        &self,
        tx: &mut Tx,
        staff: Vec<staff::StaffContact>,
        alert: &Reply,
        now: i64,
    ) -> Result<()> {
        let mut stopped = Vec::with_capacity(staff.len());
        for s in &staff {
            stopped.push(
                contacts::find_contact(tx, s.channel, &s.address)
                    .await?
                    .is_some_and(|c| c.stopped),
            );
        }
        let (recipients, held) = crate::engine::staff::alert_recipients(&stopped);
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
        }
        Ok(())
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
        self.alert_staff(tx, moderators, reply, now).await
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
