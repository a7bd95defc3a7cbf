//! Delivery receipts: Twilio's report on one SMS, recorded on its outbox row (states only
//! forward, see [`receipts::advance`]), and when it is an explicit failure, what
//! [`receipts::react`] decides, queued through the outbox in the same transaction. A report
//! that arrives before the sender recorded the message's SID waits in `delivery_receipts`
//! and is applied by [`Renfort::apply_waiting_receipts`].

use super::{Renfort, Result};
use crate::domain::{Channel, Lang};
use crate::engine::Reply;
use crate::engine::receipts::{self, Address, Delivery, Failure, Known, Purpose, Reaction};
use crate::i18n::Text;
use crate::store::outbox::{self, PRIORITY_ALERT, PRIORITY_REPLY};
use crate::store::receipts::{self as stored, ReceiptRow};
use crate::store::staff::Staff;
use crate::store::{Tx, contacts, participations, staff, volunteers};

/// One report of Twilio's status callback.
#[derive(Debug, Clone, PartialEq)]
pub struct Receipt {
    pub provider_id: String,
    pub delivery: Delivery,
    /// Twilio's ErrorCode, digits only.
    pub error: Option<String>,
}

/// What a report changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// The row moved to this state; `reactions`: what its failure caused.
    Advanced {
        delivery: Delivery,
        reactions: Vec<Reaction>,
    },
    /// Late, repeated or out of order: nothing changed.
    Unchanged,
    /// No row has this SID yet: kept until one has.
    Waiting,
}

/// Attempts at a fenced update when two reports of one message race.
const ATTEMPTS: usize = 5;

impl Renfort {
    /// Records one delivery report, and reacts to an explicit failure, in one transaction.
    pub async fn record_receipt(&self, receipt: &Receipt, now: i64) -> Result<Recorded> {
        for _ in 0..ATTEMPTS {
            let mut tx = self.store.begin().await?;
            let Some(row) = stored::find(&mut tx, &receipt.provider_id).await? else {
                stored::keep_waiting(
                    &mut tx,
                    &receipt.provider_id,
                    receipt.delivery,
                    receipt.error.as_deref(),
                    now,
                )
                .await?;
                tx.commit().await?;
                return Ok(Recorded::Waiting);
            };
            let Some(next) = receipts::advance(row.delivery, receipt.delivery) else {
                tx.commit().await?;
                return Ok(Recorded::Unchanged);
            };
            let error = receipt.error.as_deref();
            if !stored::advance(&mut tx, row.id, row.delivery, next, error, now).await? {
                // Another report of the same message won: read it again.
                tx.rollback().await?;
                continue;
            }
            let reactions = if next.is_failure() && !row.reacted {
                stored::mark_reacted(&mut tx, row.id, now).await?;
                self.react(&mut tx, &row, error, now).await?
            } else {
                Vec::new()
            };
            tx.commit().await?;
            self.metrics.count_receipt(next.as_str());
            for r in &reactions {
                if let Reaction::Signal(code) = r {
                    self.metrics.delivery_signal(*code);
                    // An operator's signal: the code and the row, never the number.
                    tracing::warn!(
                        code,
                        outbox = row.id,
                        "SMS not delivered: {}",
                        match *code {
                            receipts::CARRIER_FILTERING => "carrier filtering (30007)",
                            _ => "queue overflow (30001)",
                        }
                    );
                }
            }
            return Ok(Recorded::Advanced {
                delivery: next,
                reactions,
            });
        }
        Ok(Recorded::Unchanged)
    }

    /// Applies the reports that waited for their row's SID; returns how many were applied.
    pub async fn apply_waiting_receipts(&self, now: i64) -> Result<usize> {
        let waiting = self.store.waiting_receipts().await?;
        for w in &waiting {
            self.record_receipt(
                &Receipt {
                    provider_id: w.provider_id.clone(),
                    delivery: w.delivery,
                    error: w.error.clone(),
                },
                now,
            )
            .await?;
            let mut tx = self.store.begin().await?;
            stored::forget_waiting(&mut tx, &w.provider_id).await?;
            tx.commit().await?;
        }
        Ok(waiting.len())
    }

    /// Loads what [`receipts::react`] needs about the failed row, and carries out its
    /// decision.
    async fn react(
        &self,
        tx: &mut Tx,
        row: &ReceiptRow,
        error: Option<&str>,
        now: i64,
    ) -> Result<Vec<Reaction>> {
        let purpose = match (row.purpose.as_deref(), &row.author) {
            (Some("alert"), _) => Purpose::Alert,
            (Some("relay"), Some((channel, address))) => Purpose::Relay {
                author: Address::new(*channel, address),
            },
            (Some("resend"), _) => Purpose::Resend,
            _ => Purpose::Other,
        };
        let contact = contacts::find_contact(tx, row.channel, &row.address).await?;
        let volunteer_id = contact.and_then(|c| c.volunteer_id);
        let failure = Failure {
            code: error.and_then(|e| e.trim().parse().ok()),
            purpose: purpose.clone(),
            to_volunteer: volunteer_id.is_some(),
        };
        let mut known = Known::default();
        let failed_here = Address::new(row.channel, &row.address);
        if let (Purpose::Alert, Some(participation)) = (&purpose, row.purpose_ref) {
            self.known_of_alert(tx, &mut known, &failed_here, participation)
                .await?;
        }
        if let Some(volunteer_id) = volunteer_id {
            known.open_intents = !participations::relayed_open_of_volunteer(tx, volunteer_id)
                .await?
                .is_empty();
            known.telegram = telegram_of(tx, volunteer_id).await?;
        }
        let reactions = receipts::react(&failure, &known);
        for reaction in &reactions {
            self.carry_out(tx, row, volunteer_id, reaction, now).await?;
        }
        Ok(reactions)
    }

    /// The other ways to the alert's referents: the failed referent's other channels, the
    /// structure's other referents who can receive it, where the alert already went.
    async fn known_of_alert(
        &self,
        tx: &mut Tx,
        known: &mut Known,
        failed_here: &Address,
        participation: i64,
    ) -> Result<()> {
        let subject = participations::alert_subject(tx, participation).await?;
        let referent = match staff::staff_of(tx, failed_here.channel, &failed_here.address).await? {
            Some(Staff::Referent { id, .. }) => Some(id),
            _ => None,
        };
        if let Some(id) = referent {
            for a in staff::addresses(tx, crate::domain::StaffRole::Referent, id).await? {
                let here = Address::new(a.channel, &a.address);
                if here != *failed_here && alertable(tx, &here).await? {
                    known.other_channels.push(here);
                }
            }
        }
        for s in staff::referents_of_mission(tx, subject.mission_id).await? {
            let there = Address::new(s.channel, &s.address);
            if there != *failed_here
                && !known.other_channels.contains(&there)
                && alertable(tx, &there).await?
            {
                known.other_referents.push(there);
            }
        }
        for r in stored::alert_rows(tx, participation).await? {
            let at = Address::new(r.channel, &r.address);
            if r.failed || at == *failed_here {
                known.alert_failed_at.push(at);
            } else if !r.held {
                known.alert_pending_elsewhere.push(at);
            }
        }
        known.moderators_told = stored::moderators_told(tx, participation).await?;
        known.has_moderators = !staff::moderators_of(tx, &subject.departement)
            .await?
            .is_empty();
        Ok(())
    }

    async fn carry_out(
        &self,
        tx: &mut Tx,
        row: &ReceiptRow,
        volunteer_id: Option<i64>,
        reaction: &Reaction,
        now: i64,
    ) -> Result<()> {
        match reaction {
            Reaction::RerouteAlert(to) => {
                let Some(participation) = row.purpose_ref else {
                    return Ok(());
                };
                let subject = participations::alert_subject(tx, participation).await?;
                let Some(alert) = self
                    .outbox
                    .alert_reply(tx, subject.volunteer_id, subject.mission_id, participation)
                    .await?
                else {
                    return Ok(());
                };
                let lang = staff_lang(tx, to).await?;
                let id = self
                    .outbox
                    .queue(
                        tx,
                        to.channel,
                        &to.address,
                        lang,
                        &alert,
                        PRIORITY_ALERT,
                        false,
                        now,
                    )
                    .await?;
                outbox::set_purpose(tx, id, "alert", participation, None).await?;
            }
            Reaction::TellModerators => {
                if let Some(participation) = row.purpose_ref {
                    self.outbox
                        .tell_moderators(tx, participation, "moderator-alert-undelivered", now)
                        .await?;
                }
            }
            Reaction::ResendOnce => {
                stored::resend(tx, row.id, now).await?;
            }
            Reaction::MarkUnreachable => {
                contacts::set_unreachable(tx, row.channel, &row.address, now).await?;
            }
            Reaction::TellReferentsUnreachable => {
                let Some(volunteer_id) = volunteer_id else {
                    return Ok(());
                };
                let v = volunteers::load_volunteer(tx, volunteer_id, false).await?;
                let name = v.first_name.unwrap_or_default();
                let on_telegram = telegram_of(tx, volunteer_id).await?.is_some();
                for (participation, mission, _) in
                    participations::relayed_open_of_volunteer(tx, volunteer_id).await?
                {
                    let notice = Reply::text(
                        Text::new("referent-volunteer-unreachable")
                            .arg("name", name.as_str())
                            .arg("code", participation)
                            .arg("telegram", if on_telegram { "yes" } else { "no" }),
                    )
                    .about(volunteer_id);
                    self.outbox
                        .alert_structure(tx, mission, &notice, now)
                        .await?;
                }
            }
            Reaction::TellOnTelegram(chat) => {
                let lang = match volunteer_id {
                    Some(id) => volunteers::load_volunteer(tx, id, false).await?.lang,
                    None => Lang::Fr,
                };
                let notice = Reply::text(Text::new("volunteer-sms-unreachable"));
                self.outbox
                    .queue(
                        tx,
                        chat.channel,
                        &chat.address,
                        lang,
                        &notice,
                        PRIORITY_REPLY,
                        false,
                        now,
                    )
                    .await?;
            }
            Reaction::TellAuthor(author) => {
                let Some(participation) = row.purpose_ref else {
                    return Ok(());
                };
                let subject = participations::alert_subject(tx, participation).await?;
                let v = volunteers::load_volunteer(tx, subject.volunteer_id, false).await?;
                let notice = Reply::text(
                    Text::new("relay-undelivered")
                        .arg("name", v.first_name.unwrap_or_default())
                        .arg("code", participation),
                )
                .about(subject.volunteer_id);
                let lang = staff_lang(tx, author).await?;
                self.outbox
                    .queue(
                        tx,
                        author.channel,
                        &author.address,
                        lang,
                        &notice,
                        PRIORITY_REPLY,
                        false,
                        now,
                    )
                    .await?;
            }
            // Counted and logged by the caller, after the commit.
            Reaction::Signal(_) => {}
        }
        Ok(())
    }
}

/// Whether an alert can be sent to this address now (not stopped, not unreachable).
async fn alertable(tx: &mut Tx, a: &Address) -> Result<bool> {
    Ok(!contacts::find_contact(tx, a.channel, &a.address)
        .await?
        .is_some_and(|c| c.blocked()))
}

/// The volunteer's Telegram chat, if it has not stopped.
async fn telegram_of(tx: &mut Tx, volunteer_id: i64) -> Result<Option<Address>> {
    Ok(contacts::volunteer_contacts(tx, volunteer_id)
        .await?
        .into_iter()
        .find(|(channel, _, stopped)| *channel == Channel::Telegram && !stopped)
        .map(|(channel, address, _)| Address::new(channel, &address)))
}

/// A staff member's language, French when the address is nobody's.
async fn staff_lang(tx: &mut Tx, a: &Address) -> Result<Lang> {
    Ok(match staff::staff_of(tx, a.channel, &a.address).await? {
        Some(Staff::Referent { lang, .. } | Staff::Moderator { lang, .. }) => lang,
        None => Lang::Fr,
    })
}
