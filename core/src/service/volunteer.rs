//! A volunteer's message: load the volunteer and what the engine may need, run the volunteer
//! engine, save the new state (optimistically), queue the replies, carry out the effects.

use super::{Renfort, Result};
use crate::domain::{Channel, ParticipationStatus, VolunteerStatus};
use crate::engine::Volunteer;
use crate::engine::staff::moderator::QueueItem;
use crate::engine::staff::referent::{self, Reach};
use crate::engine::{self, Context, Effect, Event};
use crate::store::outbox::{self, PRIORITY_REPLY};
use crate::store::volunteers::VolunteerSave;
use crate::store::{
    Outgoing, Tx, contacts, matching, missions, participations, places, staff, structures,
    volunteers,
};

/// What became of a volunteer's step.
pub(super) enum Stepped {
    /// A plain step ([`engine::Output::is_plain`]): its new state and replies are left to the
    /// caller to write, alone at once or with the other plain steps of its group commit.
    Plain(PlainWrites),
    /// Written in the transaction (a step with effects, or an answer to a referent's MSG).
    Written,
    /// Lost a race (the volunteer changed since it was read, a mission's last place): roll
    /// back and run again.
    Retry,
}

/// A volunteer's new state, to save if the volunteer is still at the version read.
pub(super) struct Save {
    pub(super) id: i64,
    pub(super) volunteer: Volunteer,
    pub(super) version: i64,
    pub(super) now: i64,
}

/// What plain steps leave to write: the volunteers in one statement and the replies in
/// another. Each statement is a round trip, and on PostgreSQL the database's work per
/// statement, not per row, is most of its cost; so a group commit gathers the plain steps of
/// its batch into one `PlainWrites`, and a step that runs alone writes its own the same way.
/// Steps with effects write at once: an effect reads and writes more than its own volunteer,
/// and its order with its replies matters (a STOP's last words).
#[derive(Default)]
pub(super) struct PlainWrites {
    pub(super) saves: Vec<Save>,
    /// Each with the time it was created.
    pub(super) replies: Vec<(Outgoing, i64)>,
}

impl PlainWrites {
    pub(super) fn extend(&mut self, other: PlainWrites) {
        self.saves.extend(other.saves);
        self.replies.extend(other.replies);
    }

    /// `false` if a volunteer changed since its step read it (roll back: the step, or the
    /// whole batch, runs again).
    pub(super) async fn write(&self, tx: &mut Tx) -> Result<bool> {
        if !self.saves.is_empty() {
            let saves: Vec<_> = self
                .saves
                .iter()
                .map(|s| VolunteerSave {
                    id: s.id,
                    volunteer: &s.volunteer,
                    version: s.version,
                    now: s.now,
                })
                .collect();
            // Two steps of one volunteer (through two channels) save one row: one fewer.
            if volunteers::save_volunteers(tx, &saves).await? < saves.len() as u64 {
                return Ok(false);
            }
        }
        outbox::enqueue_each(tx, &self.replies).await?;
        Ok(true)
    }
}

/// What the engine needs beyond the message: the volunteer and what it may be offered.
pub(super) struct StepRead {
    view: volunteers::StepView,
    intents: Vec<engine::Intent>,
    offers: Vec<engine::Offer>,
    /// Which départements are open, and how they validate volunteers.
    coverage: engine::Coverage,
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
    /// A contact seen for the first time (`known: false`), or known without a volunteer: its
    /// step creates the volunteer, who has no intents and is offered nothing before
    /// registering.
    NewVolunteer {
        known: bool,
        coverage: engine::Coverage,
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
            AheadRead::NewVolunteer {
                known: false,
                coverage,
            } => {
                let view = volunteers::create_for_first_contact(tx, channel, address, now).await?;
                Ok(view.map(|view| StepRead {
                    view,
                    intents: Vec::new(),
                    offers: Vec::new(),
                    coverage,
                    relay_maybe_open: false,
                }))
            }
            // Rare (a STOP before registering, an erased volunteer back): three statements.
            AheadRead::NewVolunteer {
                known: true,
                coverage,
            } => {
                let volunteer_id = volunteers::create_volunteer(tx, channel, address, now).await?;
                let stopped = contacts::find_contact(tx, channel, address)
                    .await?
                    .is_some_and(|c| c.stopped);
                let (volunteer, version) =
                    volunteers::load_versioned(tx, volunteer_id, stopped).await?;
                let view = volunteers::StepView {
                    volunteer_id,
                    volunteer,
                    version,
                };
                Ok(Some(
                    read_context(tx, view, Some(coverage), true, true).await?,
                ))
            }
        }
    }
}

async fn read_context(
    conn: &mut sqlx::AnyConnection,
    view: volunteers::StepView,
    coverage: Option<engine::Coverage>,
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
    let coverage = match coverage {
        Some(c) => c,
        None => staff::coverage(conn).await?,
    };
    Ok(StepRead {
        view,
        intents,
        offers,
        coverage,
        relay_maybe_open,
    })
}

/// The reads of a volunteer's step (or a first contact's), on a reader; `None` for staff.
pub(super) async fn read_ahead(
    app: &Renfort,
    channel: Channel,
    address: &str,
    now: i64,
) -> Result<Option<ReadAheadStep>> {
    let mut conn = app.store.readers().acquire().await?;
    read_ahead_on(app, &mut conn, channel, address, now).await
}

/// The reads of a volunteer's step on `conn` (a reader, or the step's transaction): one to
/// three statements.
pub(super) async fn read_ahead_on(
    app: &Renfort,
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
        app.config.flood.since(now),
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
                Some(ahead.coverage),
                ahead.relay_open,
                ahead.has_intents,
            )
            .await?,
        )),
        volunteers::Sender::FirstContact => AheadRead::NewVolunteer {
            known: false,
            coverage: ahead.coverage,
        },
        volunteers::Sender::Orphan => AheadRead::NewVolunteer {
            known: true,
            coverage: ahead.coverage,
        },
    };
    Ok(Some(ReadAheadStep {
        read,
        recent_inbound: ahead.recent_inbound,
    }))
}

/// Runs the volunteer engine on what was read and carries out its decisions in `tx`; a
/// plain step's writes are returned to the caller ([`Stepped::Plain`]). The one path of
/// a volunteer's step, in a group commit or alone. `quiet`: the step takes effect but says
/// nothing to the sender (a STOP or START past the flood guard's allowance).
#[allow(clippy::too_many_arguments)]
pub(super) async fn step(
    app: &Renfort,
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    event: &Event,
    read: StepRead,
    now: i64,
    quiet: bool,
) -> Result<Stepped> {
    let StepRead {
        view:
            volunteers::StepView {
                volunteer_id,
                volunteer,
                version,
            },
        intents,
        offers,
        coverage,
        relay_maybe_open,
    } = read;
    if let Event::Text(text) = event
        && !volunteer.stopped
        && relay_maybe_open
        && relay_answer(
            app,
            tx,
            channel,
            address,
            volunteer_id,
            &volunteer,
            text,
            now,
        )
        .await?
    {
        return Ok(Stepped::Written);
    }
    // On Telegram, whether the structures can call them or must write (every answer that
    // speaks of a call depends on it); by SMS they have a phone.
    let without_phone = channel == Channel::Telegram
        && !matches!(
            contacts::volunteer_contact(tx, volunteer_id).await?,
            Some(Reach::Phone(_))
        );
    let mut ctx = Context {
        now,
        terms_version: &app.config.terms_version,
        terms_url: &app.config.terms_url,
        home_departement: app.config.home_departement.as_deref(),
        coverage: &coverage,
        offers: &offers,
        intents: &intents,
        unalertable: &[],
        without_phone,
        carrier_words: channel == Channel::Sms,
    };
    let mut out = engine::handle(&volunteer, event, &ctx);
    // An intent: what the volunteer is told depends on whether the structure can be alerted.
    // Read only for intents (rare), then the engine runs again on the same input with it.
    let intent = out.effects.iter().find_map(|e| match e {
        Effect::Intent { mission_id } => Some(*mission_id),
        _ => None,
    });
    let mut unalertable = Vec::new();
    if let Some(mission_id) = intent {
        if !app.outbox.structure_alertable(tx, mission_id).await? {
            unalertable.push(mission_id);
        }
        if !unalertable.is_empty() {
            ctx.unalertable = &unalertable;
            out = engine::handle(&volunteer, event, &ctx);
        }
    }
    if quiet {
        out.replies.clear();
    }
    if out.is_plain() {
        let v = out.volunteer;
        let replies = out
            .replies
            .iter()
            .map(|reply| {
                let m = app
                    .outbox
                    .outgoing(channel, address, v.lang, reply, PRIORITY_REPLY, false);
                (m, now)
            })
            .collect();
        return Ok(Stepped::Plain(PlainWrites {
            saves: vec![Save {
                id: volunteer_id,
                volunteer: v,
                version,
                now,
            }],
            replies,
        }));
    }
    let v = &out.volunteer;
    if !volunteers::save_volunteer(tx, volunteer_id, v, version, now).await? {
        // Another message or a moderator changed this volunteer meanwhile: run again.
        return Ok(Stepped::Retry);
    }

    // Replies are queued first, so they are numbered before the alerts they cause. The
    // last words to a contact that stops or erases itself still leave.
    let last_words = out.last_words();
    for reply in &out.replies {
        app.outbox
            .queue(
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
                crate::metrics::Metrics::inc(&app.metrics.opt_outs);
                contacts::set_stopped(tx, channel, address, Some(now), now).await?
            }
            Effect::Resume => contacts::set_stopped(tx, channel, address, None, now).await?,
            Effect::Erase => {
                let actor = crate::store::journal::Actor {
                    kind: "volunteer",
                    id: Some(volunteer_id),
                    path: channel.as_str(),
                };
                erase(app, tx, volunteer_id, &actor, now).await?
            }
            // Pending volunteers show up in the moderation queue by their status; the
            // département's moderators on Telegram are told at once.
            Effect::RegistrationComplete | Effect::ProfileToReview => {
                let item = QueueItem::new_volunteer(volunteer_id, v, now);
                app.outbox.notify_moderators(tx, &item, now).await?;
            }
            Effect::Question { mission_id, text } => {
                ask_a_person(app, tx, volunteer_id, v, *mission_id, text, now).await?;
            }
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
                    app.outbox
                        .alert_structure(tx, *mission_id, &notice, now)
                        .await?;
                }
            }
            Effect::Intent { mission_id } => {
                if !places::take_place(tx, *mission_id).await? {
                    return Ok(Stepped::Retry);
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
                // The volunteer's confirmation already said what happens next (see above):
                // a call, a message here, or the moderators taking over.
                if validated {
                    app.outbox
                        .alert_referents(tx, volunteer_id, *mission_id, participation, now)
                        .await?;
                }
            }
        }
    }
    Ok(Stepped::Written)
}

/// A question the FAQ could not answer, to the structure's referents (the alert's number lets
/// them answer with MSG n) or to the département's moderators (with the volunteer's contact).
async fn ask_a_person(
    app: &Renfort,
    tx: &mut Tx,
    volunteer_id: i64,
    v: &Volunteer,
    mission_id: Option<i64>,
    text: &str,
    now: i64,
) -> Result<()> {
    let name = v.first_name.clone().unwrap_or_default();
    if let Some(mission) = mission_id {
        let participation = participations::relayed_open_of_volunteer(tx, volunteer_id)
            .await?
            .into_iter()
            .find(|(_, m, _)| *m == mission)
            .map(|(p, _, _)| p);
        if let Some(participation) = participation {
            let question = referent::question(&name, participation, text).about(volunteer_id);
            return app
                .outbox
                .alert_structure(tx, mission, &question, now)
                .await;
        }
    }
    let Some(place) = &v.place else { return Ok(()) };
    let reach = contacts::volunteer_contact(tx, volunteer_id).await?;
    let question = crate::engine::staff::moderator::volunteer_question(
        volunteer_id,
        &name,
        &place.commune,
        reach.as_ref(),
        text,
    )
    .about(volunteer_id);
    app.outbox
        .alert_moderators(tx, &place.departement, false, &question, now)
        .await
}

/// A volunteer's answer to a referent's MSG goes back to the structure (keywords keep
/// working); `true` if the message was that answer.
#[allow(clippy::too_many_arguments)]
async fn relay_answer(
    app: &Renfort,
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
    // Marked as the relay's, so that the referents' console shows the thread.
    for row in app
        .outbox
        .alert_structure_ids(tx, mission, &answer, now)
        .await?
    {
        crate::store::outbox::set_purpose(tx, row, "relay-back", participation, None).await?;
    }
    participations::set_relay(tx, participation, None).await?;
    let structure = structures::structure_of_mission(tx, mission).await?;
    let delivered = referent::relay_delivered(&structure);
    app.outbox
        .queue(
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

/// Erases a volunteer's personal data (SUPPRIMER, or a moderator in the console): structures
/// already alerted are told first, so that they stop calling; the erasure is journaled.
pub(crate) async fn erase(
    app: &Renfort,
    tx: &mut Tx,
    volunteer_id: i64,
    actor: &crate::store::journal::Actor,
    now: i64,
) -> Result<()> {
    for (participation, mission, title) in
        participations::relayed_open_of_volunteer(tx, volunteer_id).await?
    {
        let notice = referent::withdrawn_erased(&title, participation);
        app.outbox
            .alert_structure(tx, mission, &notice, now)
            .await?;
    }
    let departement = volunteers::departement_of(tx, volunteer_id).await?;
    volunteers::erase_volunteer(tx, volunteer_id, now).await?;
    crate::store::journal::record(
        tx,
        actor,
        &crate::store::journal::Line {
            action: "erased",
            subject_kind: "volunteer",
            subject_id: volunteer_id,
            departement: departement.as_deref(),
            structure_id: None,
            detail: None,
        },
        now,
    )
    .await?;
    Ok(())
}
