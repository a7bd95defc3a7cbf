//! A message from a referent or a moderator: load the staff member's state and what their
//! command needs, run the staff engine, save the new state, carry out its effects, queue the
//! replies. Every decision is the engine's (`engine::staff`); this file only reads and writes.

use super::volunteer::Stepped;
use super::{Renfort, Result, ServiceError};
use crate::domain::StaffRole;
use crate::domain::{Channel, Lang};
use crate::engine::Event;
use crate::engine::Reply;
use crate::engine::staff::referent::{self, Alert};
use crate::engine::staff::{
    self, AlertView, Context, Effect, ItemView, Loaded, Need, Role, State, View,
};
use crate::i18n::Text;
use crate::store::console::StaffId;
use crate::store::journal::Actor;
use crate::store::outbox::{self, PRIORITY_REPLY};
use crate::store::staff::{self as staff_store, Staff};
use crate::store::{
    Store, Tx, contacts, missions, moderation, participations, places, structures, volunteers,
};

/// A staff member's step; `Retry` if what the engine decided on changed meanwhile (the
/// sender is no longer staff, an item was decided by someone else). `quiet`: it takes effect
/// but says nothing to the sender (a STOP or START past the flood guard's allowance).
pub(super) async fn step(
    app: &Renfort,
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    event: &Event,
    now: i64,
    quiet: bool,
) -> Result<Stepped> {
    let Some(member) = staff_store::staff_of(tx, channel, address).await? else {
        return Ok(Stepped::Retry);
    };
    let (role, lang) = role_of(&member);
    let stopped = contacts::find_contact(tx, channel, address)
        .await?
        .is_some_and(|c| c.stopped);
    let view = match role {
        Role::Referent { .. } => View::Referent(staff_store::load_view(tx, &member).await?),
        Role::Moderator { .. } => View::Moderator(staff_store::load_view(tx, &member).await?),
    };
    let state = State { stopped, view };
    let command = staff::read(&role, event);
    let need = staff::needs(&state, &command);
    let loaded = load(&app.store, tx, &role, need).await?;
    let mut out = staff::handle(
        &role,
        &state,
        &command,
        &loaded,
        &Context {
            now,
            channel,
            console: app.config.console_url.is_some(),
            lang,
            undo_window: app.config.undo_window,
        },
    );
    if quiet {
        out.replies.clear();
    }

    if out.state.view != state.view {
        match &out.state.view {
            View::Referent(v) => staff_store::save_view(tx, &member, v).await?,
            View::Moderator(v) => staff_store::save_view(tx, &member, v).await?,
            View::None => {}
        }
    }
    for effect in &out.effects {
        if !apply(app, tx, channel, address, &member, &role, effect, now).await? {
            return Ok(Stepped::Retry);
        }
    }
    let mentioned = page_mentions(channel, &command, &out.state.view, &loaded);
    for reply in &out.replies {
        let id = app
            .outbox
            .queue(
                tx,
                channel,
                address,
                lang,
                reply,
                PRIORITY_REPLY,
                out.last_words,
                now,
            )
            .await?;
        if reply.about.is_none() && !mentioned.is_empty() {
            outbox::mention(tx, id, &mentioned).await?;
        }
    }
    Ok(Stepped::Written)
}

/// The volunteers a referent's QUI or answer by name may name (every pending alert's), and
/// those a moderator's FILE or SUITE page by SMS may name: every volunteer of the
/// queue listed so far (this page's lines and the earlier pages'; a row mentioned once too
/// often is only blanked sooner). On Telegram each item is its own message, about its
/// volunteer.
fn page_mentions(
    channel: Channel,
    command: &staff::Command,
    view: &View,
    loaded: &Loaded,
) -> Vec<i64> {
    use crate::domain::ItemKind;
    use staff::moderator::{self, Command as M};
    // QUI and answers by name may name any of the pending alerts' volunteers.
    if let staff::Command::Referent(referent::Command::Who | referent::Command::Named { .. }) =
        command
    {
        return loaded.named.iter().map(|p| p.alert.volunteer_id).collect();
    }
    let (staff::Command::Moderator(M::Queue | M::More), View::Moderator(view)) = (command, view)
    else {
        return Vec::new();
    };
    if moderator::notified_at_once(channel) {
        return Vec::new();
    }
    view.shown
        .iter()
        .take(view.seen)
        .filter(|(kind, id)| {
            *kind == ItemKind::Volunteer
                && loaded.queue.iter().any(|i| i.kind == *kind && i.id == *id)
        })
        .map(|(_, id)| *id)
        .collect()
}

/// Carries out one effect; `false` if a decision the engine took no longer holds.
#[allow(clippy::too_many_arguments)]
async fn apply(
    app: &Renfort,
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    member: &Staff,
    role: &Role,
    effect: &Effect,
    now: i64,
) -> Result<bool> {
    match effect {
        Effect::Stop => {
            contacts::set_stopped(tx, channel, address, Some(now), now).await?;
            crate::metrics::Metrics::inc(&app.metrics.opt_outs);
            outbox::hold_alerts(tx, channel, address).await?;
        }
        Effect::Resume => {
            contacts::set_stopped(tx, channel, address, None, now).await?;
            outbox::release_held(tx, channel, address, now).await?;
        }
        Effect::Record {
            participation,
            status,
        } => participations::answer_participation(tx, *participation, *status, now).await?,
        Effect::FreePlace { mission_id } => places::free_place(tx, *mission_id).await?,
        Effect::TellVolunteer {
            volunteer_id,
            mission_id,
            news,
        } => tell_volunteer(app, tx, *volunteer_id, *mission_id, *news, now).await?,
        Effect::CloseFull { mission_id } => {
            if let Role::Referent { structure_id } = role {
                missions::close_as_full(tx, *mission_id, *structure_id).await?;
            }
        }
        Effect::Relay {
            participation,
            volunteer_id,
            mission_id,
            text,
        } => {
            // MSG n texte: the volunteer gets the referent's words (their chat id or
            // number is never shown), and their next message comes back. The referent's
            // message often names the volunteer: it goes when they erase their data.
            crate::store::inbound_about(tx, channel.as_str(), address, now, *volunteer_id).await?;
            let author = (channel, address);
            let Some((channel, address)) = contacts::volunteer_reach(tx, *volunteer_id).await?
            else {
                return Ok(false);
            };
            let v = volunteers::load_volunteer(tx, *volunteer_id, false).await?;
            let structure = structures::structure_of_mission(tx, *mission_id).await?;
            let message = referent::relayed_to_volunteer(&structure, text);
            let id = app
                .outbox
                .queue(
                    tx,
                    channel,
                    &address,
                    v.lang,
                    &message,
                    outbox::PRIORITY_REPLY,
                    false,
                    now,
                )
                .await?;
            // If it fails, its author hears of it (see engine::receipts).
            outbox::set_purpose(tx, id, "relay", *participation, Some(author)).await?;
            participations::open_relay_question(tx, *participation, now).await?;
        }
        Effect::ConsoleLink => send_console_link(app, tx, channel, address, member, now).await?,
        Effect::Decide {
            kind,
            id,
            approve,
            reason,
        } => {
            let Role::Moderator { departements } = role else {
                return Ok(true);
            };
            match super::moderation::decide_in(
                app,
                tx,
                *kind,
                *id,
                *approve,
                reason.as_deref(),
                Some(departements),
                &actor_of(member, channel),
                None,
                now,
            )
            .await
            {
                Ok(()) => {}
                Err(
                    ServiceError::OutOfScope { .. }
                    | ServiceError::NotPending { .. }
                    | ServiceError::NotFound { .. },
                ) => return Ok(false),
                Err(e) => return Err(e),
            }
        }
        // The volunteer reads it where they are (SMS or Telegram), named as from a moderator.
        Effect::AnswerVolunteer { volunteer_id, text } => {
            let Some((channel, address)) = contacts::volunteer_reach(tx, *volunteer_id).await?
            else {
                return Ok(true);
            };
            let v = volunteers::load_volunteer(tx, *volunteer_id, false).await?;
            let departement = v.place.as_ref().map(|p| p.departement.clone());
            let answer = Reply::text(
                Text::new("answer-from-moderator")
                    .arg("departement", departement.unwrap_or_default())
                    .arg("text", text.clone()),
            )
            .about(*volunteer_id);
            app.outbox
                .reply(tx, channel, &address, v.lang, &answer, now)
                .await?;
        }
        Effect::UndoRefusal { kind, id } => {
            let Role::Moderator { departements } = role else {
                return Ok(true);
            };
            let actor = actor_of(member, channel);
            let Some(undone) =
                super::moderation::undo_refusal_in(app, tx, *kind, *id, departements, &actor, now)
                    .await?
            else {
                return Ok(false);
            };
            // Rare (a refusal older than its notice's delay): the moderator learns that the
            // person had read it and is now told of the mistake.
            if undone.apologised {
                let (_, lang) = role_of(member);
                let note = Reply::text(Text::new("moderator-undone-heard"));
                app.outbox
                    .reply(tx, channel, address, lang, &note, now)
                    .await?;
            }
        }
    }
    Ok(true)
}

/// The volunteer hears of a referent's answer, by their channel.
async fn tell_volunteer(
    app: &Renfort,
    tx: &mut Tx,
    volunteer_id: i64,
    mission_id: i64,
    news: referent::News,
    now: i64,
) -> Result<()> {
    let Some((channel, address)) = contacts::volunteer_reach(tx, volunteer_id).await? else {
        return Ok(());
    };
    let v = volunteers::load_volunteer(tx, volunteer_id, false).await?;
    let title = missions::mission_title(tx, mission_id).await?;
    let structure = structures::structure_of_mission(tx, mission_id).await?;
    let reply = Reply::text(news.text(&title, &structure));
    app.outbox
        .reply(tx, channel, &address, v.lang, &reply, now)
        .await
}

impl Renfort {
    /// A referent's answer to an alert given in the console: the same rule as OK, NON and
    /// APPELE by message (`referent::answer`), the same effects, journaled. Returns what the
    /// referent is told. An alert of another structure reads as unknown.
    pub async fn answer_intent(
        &self,
        referent_id: i64,
        structure_id: i64,
        participation: i64,
        status: crate::domain::ParticipationStatus,
        now: i64,
    ) -> Result<crate::i18n::Text> {
        let mut tx = self.store.begin().await?;
        let view = alert_view(&mut tx, participation, structure_id, false).await?;
        let outcome = referent::answer(status, participation, view.alert);
        for effect in &outcome.effects {
            match effect {
                Effect::Record {
                    participation,
                    status,
                } => {
                    participations::answer_participation(&mut tx, *participation, *status, now)
                        .await?;
                    let departement = structures::departement_of(&mut tx, structure_id).await?;
                    crate::store::journal::record(
                        &mut tx,
                        &Actor {
                            kind: "referent",
                            id: Some(referent_id),
                            path: "console",
                        },
                        &crate::store::journal::Line {
                            action: "answered",
                            subject_kind: "participation",
                            subject_id: *participation,
                            departement: departement.as_deref(),
                            structure_id: Some(structure_id),
                            detail: Some(status.as_str()),
                        },
                        now,
                    )
                    .await?;
                }
                Effect::FreePlace { mission_id } => {
                    places::free_place(&mut tx, *mission_id).await?
                }
                Effect::TellVolunteer {
                    volunteer_id,
                    mission_id,
                    news,
                } => tell_volunteer(self, &mut tx, *volunteer_id, *mission_id, *news, now).await?,
                _ => {}
            }
        }
        tx.commit().await?;
        Ok(outcome.reply.parts.into_iter().next().unwrap_or_else(|| {
            crate::i18n::Text::new("referent-unknown-code").arg("code", participation)
        }))
    }
}

/// What became of a referent's message written in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relayed {
    /// On its way to the volunteer; their answer comes back to the referent's channel.
    Sent,
    /// The volunteer cannot be written to (stopped, erased, no address).
    Unreachable,
    /// No such open alert in the structure, or an empty message.
    Refused,
}

impl Renfort {
    /// A referent writes to the volunteer of one of their structure's alerts from the
    /// console: the same rule as `MSG n texte` (`referent::may_relay`), the same message to
    /// the volunteer, whose next message comes back to the referents.
    pub async fn relay_from_console(
        &self,
        structure_id: i64,
        participation: i64,
        text: &str,
        now: i64,
    ) -> Result<Relayed> {
        let mut tx = self.store.begin().await?;
        let view = alert_view(&mut tx, participation, structure_id, true).await?;
        let Ok(alert) = referent::may_relay(view.alert, participation, text) else {
            return Ok(Relayed::Refused);
        };
        let reach = contacts::volunteer_reach(&mut tx, alert.volunteer_id).await?;
        let (Some((channel, address)), true) = (reach, view.reachable) else {
            return Ok(Relayed::Unreachable);
        };
        let v = volunteers::load_volunteer(&mut tx, alert.volunteer_id, false).await?;
        let structure = structures::structure_of_mission(&mut tx, alert.mission_id).await?;
        let message = referent::relayed_to_volunteer(&structure, text);
        let row = self
            .outbox
            .queue(
                &mut tx,
                channel,
                &address,
                v.lang,
                &message,
                PRIORITY_REPLY,
                false,
                now,
            )
            .await?;
        // The relay's thread, as the console shows it (no author to tell on failure: the
        // console shows the delivery state instead).
        outbox::set_purpose(&mut tx, row, "relay", participation, None).await?;
        participations::open_relay_question(&mut tx, participation, now).await?;
        tx.commit().await?;
        Ok(Relayed::Sent)
    }
}

/// A staff member as the journal names them, with the channel they acted through.
fn actor_of(member: &Staff, channel: Channel) -> Actor {
    let (kind, id) = match member {
        Staff::Referent { id, .. } => ("referent", *id),
        Staff::Moderator { id, .. } => ("moderator", *id),
    };
    Actor {
        kind,
        id: Some(id),
        path: channel.as_str(),
    }
}

/// CONSOLE: a one-time login link (a fresh token, stored hashed) sent back where it was asked.
async fn send_console_link(
    app: &Renfort,
    tx: &mut Tx,
    channel: Channel,
    address: &str,
    member: &Staff,
    now: i64,
) -> Result<()> {
    let Some(base) = &app.config.console_url else {
        return Ok(());
    };
    let (staff, lang) = match member {
        Staff::Referent { id, lang, .. } => (
            StaffId {
                kind: StaffRole::Referent,
                id: *id,
            },
            *lang,
        ),
        Staff::Moderator { id, lang, .. } => (
            StaffId {
                kind: StaffRole::Moderator,
                id: *id,
            },
            *lang,
        ),
    };
    let token = crate::secret::random_token()
        .map_err(|e| ServiceError::Store(crate::store::StoreError::Invalid(e.to_string())))?;
    app.store.create_login(tx, &token, staff, now).await?;
    let link = format!("{}/login/{token}", base.trim_end_matches('/'));
    let reply = Reply::text(Text::new("staff-console-link").arg("link", link));
    app.outbox
        .queue(
            tx,
            channel,
            address,
            lang,
            &reply,
            PRIORITY_REPLY,
            false,
            now,
        )
        .await?;
    Ok(())
}

fn role_of(member: &Staff) -> (Role, Lang) {
    match member {
        Staff::Referent {
            structure_id, lang, ..
        } => (
            Role::Referent {
                structure_id: *structure_id,
            },
            *lang,
        ),
        Staff::Moderator {
            departements, lang, ..
        } => (
            Role::Moderator {
                departements: departements.clone(),
            },
            *lang,
        ),
    }
}

/// Loads what the engine said the command needs.
async fn load(store: &Store, tx: &mut Tx, role: &Role, need: Need) -> Result<Loaded> {
    let mut loaded = Loaded::default();
    match (need, role) {
        (Need::Nothing, _) => {}
        (Need::Alert { named, details }, Role::Referent { structure_id }) => {
            loaded.pending = participations::pending_of_structure(tx, *structure_id).await?;
            if let Ok(code) = referent::resolve(named, &loaded.pending) {
                loaded.alert = Some(alert_view(tx, code, *structure_id, details).await?);
            }
        }
        (Need::PendingNamed, Role::Referent { structure_id }) => {
            loaded.named = participations::pending_named_of_structure(tx, *structure_id)
                .await?
                .into_iter()
                .map(|p| referent::Pending {
                    code: p.id,
                    alert: Alert {
                        volunteer_id: p.alert.volunteer_id,
                        mission_id: p.alert.mission_id,
                        status: p.alert.status,
                    },
                    first_name: p.first_name,
                    title: p.title,
                })
                .collect();
            loaded.pending = loaded.named.iter().map(|p| p.code).collect();
        }
        (Need::OpenMissions, Role::Referent { structure_id }) => {
            loaded.open_missions = missions::open_of_structure(tx, *structure_id).await?;
        }
        (Need::Volunteer { id }, Role::Moderator { .. }) => {
            loaded.volunteer = volunteers::answerable(tx, id)
                .await?
                .map(|(departement, name)| staff::VolunteerView {
                    departement,
                    first_name: name,
                });
        }
        (Need::Queue, Role::Moderator { departements }) => {
            loaded.queue = queue_of(store, tx, departements).await?;
        }
        (Need::Item { kind, id, labelled }, Role::Moderator { departements }) => {
            loaded.item = moderation::item_state(tx, kind, id)
                .await?
                .map(|s| ItemView {
                    pending: s.pending,
                    status: s.status,
                    departement: s.departement,
                });
            if labelled {
                loaded.queue = queue_of(store, tx, departements).await?;
            }
        }
        // A need of the other role: nothing to load.
        _ => {}
    }
    Ok(loaded)
}

/// The moderation queue of the moderator's départements.
async fn queue_of(
    store: &Store,
    tx: &mut Tx,
    departements: &[String],
) -> Result<Vec<staff::moderator::QueueItem>> {
    let mut items = Vec::new();
    // A moderator for every département ("*") sees the whole queue.
    if departements
        .iter()
        .any(|d| d == crate::engine::coverage::ALL_DEPARTEMENTS)
    {
        return Ok(store.moderation_queue_in(tx, None).await?);
    }
    for dep in departements {
        items.extend(store.moderation_queue_in(tx, Some(dep)).await?);
    }
    Ok(items)
}

/// Alert `code` as a referent of `structure_id` may see it.
async fn alert_view(tx: &mut Tx, code: i64, structure_id: i64, details: bool) -> Result<AlertView> {
    let alert = participations::participation_for_structure(tx, code, structure_id)
        .await?
        .map(|p| Alert {
            volunteer_id: p.volunteer_id,
            mission_id: p.mission_id,
            status: p.status,
        });
    let (mut first_name, mut reachable) = (String::new(), false);
    if details && let Some(alert) = &alert {
        reachable = contacts::volunteer_reach(tx, alert.volunteer_id)
            .await?
            .is_some();
        first_name = volunteers::load_volunteer(tx, alert.volunteer_id, false)
            .await?
            .first_name
            .unwrap_or_default();
    }
    Ok(AlertView {
        code,
        alert,
        first_name,
        reachable,
    })
}
