//! The staff side of the engine, sans-IO like the volunteer's: referents answering alerts and
//! moderators working their queue. One entry, as for volunteers: a message is read once into
//! a [`Command`] ([`read`]); the shell loads what [`needs`] names (and nothing else) into
//! [`Loaded`]; [`handle`] takes the stored state, the command, what was loaded and the
//! context, and returns the new state, the replies and the [`Effect`]s for the shell to carry
//! out. Every decision is here: numbering and paging, which alert a bare "OK" means, STOP and
//! START, what each answer records and whom it tells. New commands are a new variant, a line
//! in a parse table, what they need and their arm in [`handle`].

pub mod moderator;
pub mod referent;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_answers;

use crate::domain::{Channel, ItemKind, ParticipationStatus};
use crate::engine::{Event, Keyword, Reply};
use crate::i18n::Text;
use moderator::{QueueItem, QueueView, Refusal};
use referent::{Alert, OpenMission, ReferentView};

/// Who a staff member is, as their engine needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Referent { structure_id: i64 },
    Moderator { departements: Vec<String> },
}

/// What a staff member was last shown: the numbers their short commands refer to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    None,
    Referent(ReferentView),
    Moderator(QueueView),
}

/// A staff member's stored state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// Texted STOP: nothing leaves for them (their alerts wait) until START.
    pub stopped: bool,
    pub view: View,
}

/// A staff member's message, read once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// STOP, START and their synonyms: the same for everyone.
    OptOut {
        stop: bool,
    },
    Referent(referent::Command),
    Moderator(moderator::Command),
    /// CONSOLE: a one-time link to the web console.
    Console,
    /// A location, a photo…: nothing to answer.
    Nothing,
}

/// Reads a message in the words of the sender's role.
pub fn read(role: &Role, event: &Event) -> Command {
    let Event::Text(text) = event else {
        return Command::Nothing;
    };
    match Keyword::parse(text) {
        Some(Keyword::Stop) => return Command::OptOut { stop: true },
        Some(Keyword::Start) => return Command::OptOut { stop: false },
        _ => {}
    }
    if crate::text::fold(text) == "console" {
        return Command::Console;
    }
    match role {
        Role::Referent { .. } => Command::Referent(referent::parse(text)),
        Role::Moderator { .. } => Command::Moderator(moderator::parse(text)),
    }
}

/// What the shell must load before [`handle`] runs a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    Nothing,
    /// The referent's structure's pending alerts, and the alert [`referent::resolve`] picks
    /// among them (`details`: with the volunteer's name and whether Renfort can reach them).
    Alert {
        named: Option<i64>,
        details: bool,
    },
    /// The referent's structure's alerts awaiting an answer, with names and missions (QUI,
    /// an answer naming the volunteer).
    PendingNamed,
    /// The referent's structure's open missions.
    OpenMissions,
    /// The moderation queue of the moderator's départements.
    Queue,
    /// A volunteer a moderator answers: their département and first name.
    Volunteer {
        id: i64,
    },
    /// A pending item's state (`labelled`: and the queue, to name it as FILE did).
    Item {
        kind: ItemKind,
        id: i64,
        labelled: bool,
    },
}

/// Whether "de" is elided before `name` in French ("question d'Emily"), as a message's
/// `elide` argument.
fn elide(name: &str) -> &'static str {
    if crate::text::elides(name) {
        "yes"
    } else {
        "no"
    }
}

/// What a command needs loaded.
pub fn needs(state: &State, command: &Command) -> Need {
    use moderator::Command as M;
    use referent::Command as R;
    match command {
        Command::Referent(R::Unclear { participation }) => Need::Alert {
            named: *participation,
            details: false,
        },
        Command::Referent(R::Answer { participation, .. }) => Need::Alert {
            named: *participation,
            details: false,
        },
        Command::Referent(R::Message { participation, .. }) => Need::Alert {
            named: *participation,
            details: true,
        },
        Command::Referent(R::MyMissions | R::Full { .. }) => Need::OpenMissions,
        Command::Referent(R::Who | R::Named { .. }) => Need::PendingNamed,
        Command::Moderator(M::Answer { volunteer_id, .. }) => Need::Volunteer { id: *volunteer_id },
        Command::Moderator(M::Queue | M::More | M::ApproveMany { .. } | M::ApproveAll) => {
            Need::Queue
        }
        // The OUI that confirms VALIDER TOUT.
        Command::Moderator(M::Pick {
            approve: true,
            n: None,
            ..
        }) if !queue_view(state).confirm.is_empty() => Need::Queue,
        Command::Moderator(M::Undo) => match queue_view(state).refused {
            Some((kind, id, _)) => Need::Item {
                kind,
                id,
                labelled: false,
            },
            None => Need::Nothing,
        },
        Command::Moderator(M::Decide { kind, id, .. }) => Need::Item {
            kind: *kind,
            id: *id,
            labelled: false,
        },
        Command::Moderator(M::Pick { n, .. }) => match moderator::pick(queue_view(state), *n) {
            Ok((kind, id)) => Need::Item {
                kind,
                id,
                labelled: true,
            },
            Err(_) => Need::Nothing,
        },
        _ => Need::Nothing,
    }
}

/// An alert as loaded for a referent's command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertView {
    pub code: i64,
    /// `None`: no such alert in the referent's structure.
    pub alert: Option<Alert>,
    /// The volunteer's first name, loaded when `details` was asked.
    pub first_name: String,
    /// Whether Renfort can still write to the volunteer (not stopped, not erased).
    pub reachable: bool,
}

/// A pending item's state, as loaded for a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemView {
    pub pending: bool,
    pub status: String,
    pub departement: String,
}

/// What the shell loaded, as [`needs`] asked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Loaded {
    /// The structure's alerts awaiting an answer, newest first.
    pub pending: Vec<i64>,
    pub alert: Option<AlertView>,
    /// The same alerts with names and missions, when [`Need::PendingNamed`] was asked.
    pub named: Vec<referent::Pending>,
    pub open_missions: Vec<OpenMission>,
    pub queue: Vec<QueueItem>,
    /// `None`: no such item.
    pub item: Option<ItemView>,
    /// The volunteer a moderator answers; `None`: no such volunteer (or erased).
    pub volunteer: Option<VolunteerView>,
}

/// A volunteer as a moderator's answer needs them.
#[derive(Debug, Clone, PartialEq)]
pub struct VolunteerView {
    pub departement: String,
    pub first_name: String,
}

/// What the staff engine needs beyond the message and the state.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub now: i64,
    /// The channel the message came by: FILE is a page of lines by SMS, one message with
    /// buttons per item where the channel has buttons.
    pub channel: Channel,
    /// Whether this deployment serves the web console (a public address to link to).
    pub console: bool,
    /// The staff member's language: an SMS page is filled by the length of its lines.
    pub lang: crate::domain::Lang,
    /// Seconds after a refusal during which ANNULER takes it back.
    pub undo_window: i64,
}

/// What the shell carries out, in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// STOP: the contact is stopped and the alerts queued for it wait.
    Stop,
    /// START: the contact is active again and what waited is due.
    Resume,
    /// A referent's answer to an alert.
    Record {
        participation: i64,
        status: ParticipationStatus,
    },
    /// A declined volunteer's place opens again.
    FreePlace { mission_id: i64 },
    /// The volunteer hears of the answer.
    TellVolunteer {
        volunteer_id: i64,
        mission_id: i64,
        news: referent::News,
    },
    /// COMPLET: the mission takes nobody more.
    CloseFull { mission_id: i64 },
    /// MSG: the referent's words go to the volunteer, whose next message comes back.
    Relay {
        participation: i64,
        volunteer_id: i64,
        mission_id: i64,
        text: String,
    },
    /// A moderator's decision, inside their départements.
    Decide {
        kind: ItemKind,
        id: i64,
        approve: bool,
        reason: Option<String>,
    },
    /// ANNULER: a refusal undone, the item pending again and the person told.
    UndoRefusal { kind: ItemKind, id: i64 },
    /// A moderator's answer to a volunteer of their départements.
    AnswerVolunteer { volunteer_id: i64, text: String },
    /// CONSOLE: a one-time login link is made and sent to the staff member. The reply is the
    /// shell's: it holds a token the engine does not make.
    ConsoleLink,
}

/// What a staff member's message leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub state: State,
    /// To the staff member.
    pub replies: Vec<Reply>,
    /// The replies are last words (a STOP's confirmation): they leave although the contact
    /// is stopped.
    pub last_words: bool,
    pub effects: Vec<Effect>,
}

impl Output {
    fn new(state: &State) -> Output {
        Output {
            state: state.clone(),
            replies: Vec::new(),
            last_words: false,
            effects: Vec::new(),
        }
    }

    fn say(mut self, reply: Reply) -> Output {
        self.replies.push(reply);
        self
    }
}

/// Handles one command of a staff member.
pub fn handle(
    role: &Role,
    state: &State,
    command: &Command,
    loaded: &Loaded,
    ctx: &Context,
) -> Output {
    let out = Output::new(state);
    match (command, role) {
        (Command::Nothing, _) => out,
        (Command::OptOut { stop }, _) => opt_out(out, *stop),
        (Command::Console, _) => console(out, ctx),
        (Command::Referent(command), Role::Referent { .. }) => referent_step(out, command, loaded),
        (Command::Moderator(command), Role::Moderator { departements }) => {
            moderator_step(out, command, loaded, departements, ctx)
        }
        // A command read for another role (the role changed between read and handle).
        _ => out,
    }
}

/// STOP and START work for staff as for volunteers: one confirmation, then nothing until
/// START. Their alerts meanwhile go to their colleagues, or wait for their return.
fn opt_out(mut out: Output, stop: bool) -> Output {
    let was = out.state.stopped;
    out.state.stopped = stop;
    let reply = match (stop, was) {
        // Already stopped: say nothing.
        (true, true) => None,
        (true, false) => Some("staff-stopped"),
        (false, true) => Some("staff-resumed"),
        (false, false) => Some("staff-already-active"),
    };
    if stop != was {
        out.effects
            .push(if stop { Effect::Stop } else { Effect::Resume });
    }
    out.last_words = stop;
    match reply {
        Some(id) => out.say(Reply::text(Text::new(id))),
        None => out,
    }
}

/// CONSOLE: a stopped staff member gets nothing (they asked for silence until START); where
/// there is no console, they are told so rather than sent a link that leads nowhere.
fn console(mut out: Output, ctx: &Context) -> Output {
    if out.state.stopped {
        return out;
    }
    if !ctx.console {
        return out.say(Reply::text(Text::new("staff-console-unavailable")));
    }
    out.effects.push(Effect::ConsoleLink);
    out
}

fn referent_view(state: &State) -> &[i64] {
    match &state.view {
        View::Referent(v) => &v.missions,
        _ => &[],
    }
}

fn queue_view_mut(state: &mut State) -> &mut QueueView {
    if !matches!(state.view, View::Moderator(_)) {
        state.view = View::Moderator(QueueView::default());
    }
    match &mut state.view {
        View::Moderator(v) => v,
        _ => unreachable!("set just above"),
    }
}

fn queue_view(state: &State) -> &QueueView {
    static EMPTY: QueueView = QueueView {
        shown: Vec::new(),
        seen: 0,
        confirm: Vec::new(),
        refused: None,
    };
    match &state.view {
        View::Moderator(v) => v,
        _ => &EMPTY,
    }
}

/// Answers to alerts (OK, NON, APPELE, with or without the number), MSG, MES MISSIONS,
/// COMPLET; anything else gets the list of what a referent can do here.
fn referent_step(out: Output, command: &referent::Command, loaded: &Loaded) -> Output {
    use referent::Command as R;
    match command {
        R::Help => out.say(referent::help()),
        R::Who => out.say(referent::who(&loaded.named)),
        R::Named { status, name, not } => {
            let matches = referent::by_name(&loaded.named, name);
            let mut out = match matches.as_slice() {
                [one] => {
                    let outcome = referent::answer(*status, one.code, Some(one.alert));
                    let mut out = out.say(outcome.reply);
                    out.effects.extend(outcome.effects);
                    out
                }
                // No alert for that name: free text after all, nothing recorded.
                [] => {
                    let code = match loaded.named.as_slice() {
                        [only] => Some(only.code),
                        _ => None,
                    };
                    return out.say(referent::unclear(code));
                }
                several => return out.say(referent::several_named(several)),
            };
            if let Some(other) = not {
                let theirs = referent::by_name(&loaded.named, other);
                let one = match theirs.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                };
                out = out.say(referent::reserved(other, one));
            }
            out
        }
        R::Unclear { participation } => {
            let code = participation.or(match loaded.pending.as_slice() {
                [only] => Some(*only),
                _ => None,
            });
            out.say(referent::unclear(code))
        }
        R::NoSuchAlert { code } => out.say(Reply::text(
            Text::new("referent-unknown-code").arg("code", code.as_str()),
        )),
        R::MyMissions => {
            let (reply, shown) = referent::my_missions(&loaded.open_missions);
            let mut out = out.say(reply);
            out.state.view = View::Referent(ReferentView { missions: shown });
            out
        }
        R::Full { n } => match referent::full(*n, referent_view(&out.state)) {
            Err(reply) => out.say(reply),
            Ok(mission_id) => match loaded.open_missions.iter().find(|m| m.id == mission_id) {
                Some(m) => {
                    let mut out = out.say(referent::closed(&m.title));
                    out.effects.push(Effect::CloseFull { mission_id });
                    out
                }
                None => out.say(referent::closed_already()),
            },
        },
        R::Answer {
            status,
            participation,
        } => match alert_meant(*participation, loaded) {
            Err(reply) => out.say(reply),
            Ok(view) => {
                let outcome = referent::answer(*status, view.code, view.alert);
                let mut out = out.say(outcome.reply);
                out.effects.extend(outcome.effects);
                out
            }
        },
        R::Message {
            participation,
            text,
        } => match alert_meant(*participation, loaded) {
            Err(reply) => out.say(reply),
            Ok(view) => match referent::may_relay(view.alert, view.code, text) {
                Err(reply) => out.say(reply),
                Ok(_) if !view.reachable => out.say(referent::unreachable(view.code)),
                Ok(alert) => {
                    // It names the volunteer: erased with them.
                    let sent = referent::relay_sent(&view.first_name, view.code);
                    let mut out = out.say(sent.about(alert.volunteer_id));
                    out.effects.push(Effect::Relay {
                        participation: view.code,
                        volunteer_id: alert.volunteer_id,
                        mission_id: alert.mission_id,
                        text: text.clone(),
                    });
                    out
                }
            },
        },
    }
}

/// The alert a command means, as loaded; the reply if it names none.
fn alert_meant(named: Option<i64>, loaded: &Loaded) -> Result<&AlertView, Reply> {
    referent::resolve(named, &loaded.pending)?;
    // The shell loaded the alert `target` picked.
    loaded
        .alert
        .as_ref()
        .ok_or_else(|| Reply::text(Text::new("referent-no-pending")))
}

/// FILE shows the queue of the moderator's départements (by SMS a page of numbered lines;
/// with buttons one message per item); VALIDER n / REFUSER n [motif] or a button decides,
/// inside their départements only.
fn moderator_step(
    mut out: Output,
    command: &moderator::Command,
    loaded: &Loaded,
    departements: &[String],
    ctx: &Context,
) -> Output {
    use moderator::Command as M;
    let decided = |item: &Option<ItemView>| {
        moderator::may_decide(
            item.as_ref().map(|i| moderator::Pending {
                pending: i.pending,
                status: &i.status,
                departement: &i.departement,
            }),
            Some(departements),
        )
    };
    // A VALIDER TOUT waits for its OUI; anything else drops it. Likewise ANNULER undoes a
    // refusal only right after it: any other command forgets it.
    let confirm = std::mem::take(&mut queue_view_mut(&mut out.state).confirm);
    let refused = std::mem::take(&mut queue_view_mut(&mut out.state).refused);
    let still_pending =
        |(kind, id): &(ItemKind, i64)| loaded.queue.iter().any(|i| i.kind == *kind && i.id == *id);
    match command {
        M::Ignore => out,
        M::Help => out.say(moderator::help()),
        // Only a volunteer of their départements; any other number reads as unknown.
        M::Answer { volunteer_id, text } => match &loaded.volunteer {
            Some(v)
                if departements.iter().any(|d| {
                    *d == v.departement || d == crate::engine::coverage::ALL_DEPARTEMENTS
                }) =>
            {
                out.effects.push(Effect::AnswerVolunteer {
                    volunteer_id: *volunteer_id,
                    text: text.clone(),
                });
                let sent = Text::new("moderator-answer-sent").arg("name", v.first_name.clone());
                out.say(Reply::text(sent).about(*volunteer_id))
            }
            _ => out.say(Reply::text(
                Text::new("moderator-answer-unknown").arg("n", *volunteer_id),
            )),
        },
        // "annuler" as the answer to VALIDER TOUT's question: nothing validated.
        M::Undo if !confirm.is_empty() => {
            out.say(Reply::text(Text::new("moderator-confirm-dropped")))
        }
        M::Undo => {
            let item = loaded.item.as_ref().map(|i| moderator::Pending {
                pending: i.pending,
                status: &i.status,
                departement: &i.departement,
            });
            match moderator::may_undo(refused, item.as_ref(), ctx.now, ctx.undo_window) {
                Err(reply) => out.say(reply),
                Ok((kind, id)) => {
                    out.effects.push(Effect::UndoRefusal { kind, id });
                    out.say(moderator::undone(kind))
                }
            }
        }
        M::Pick {
            approve: true,
            n: None,
            ..
        } if !confirm.is_empty() => {
            let items: Vec<_> = confirm.into_iter().filter(still_pending).collect();
            for (kind, id) in &items {
                out.effects.push(Effect::Decide {
                    kind: *kind,
                    id: *id,
                    approve: true,
                    reason: None,
                });
            }
            out.say(moderator::approved_many(items.len(), &[], &[]))
        }
        M::ApproveAll => {
            let view = queue_view(&out.state);
            let items: Vec<_> = view
                .shown
                .iter()
                .take(view.seen)
                .copied()
                .filter(still_pending)
                .collect();
            if items.is_empty() {
                return out.say(Reply::text(Text::new("moderator-queue-first")));
            }
            let count = items.len();
            queue_view_mut(&mut out.state).confirm = items;
            out.say(moderator::confirm_all(count))
        }
        M::ApproveMany { ns } => {
            let view = queue_view(&out.state).clone();
            let mut done = Vec::new();
            let mut skipped = Vec::new();
            for n in ns {
                match moderator::pick(&view, Some(*n)) {
                    Ok(item) if still_pending(&item) => {
                        out.effects.push(Effect::Decide {
                            kind: item.0,
                            id: item.1,
                            approve: true,
                            reason: None,
                        });
                        let label = loaded
                            .queue
                            .iter()
                            .find(|i| (i.kind, i.id) == item)
                            .map(moderator::label)
                            .unwrap_or_default();
                        done.push(format!("{n} {label}").trim_end().to_string());
                    }
                    _ => skipped.push(*n),
                }
            }
            // Which ones, by their line and name: "2 dossiers validés : 3 Samia, 4 Bernard."
            out.say(moderator::approved_many(done.len(), &skipped, &done))
        }
        M::ReasonTooLong { n, length } => out.say(moderator::reason_too_long(*n, *length)),
        M::Queue | M::More => {
            let items = &loaded.queue;
            let mut view = queue_view(&out.state).clone();
            if *command == M::Queue || view.shown.is_empty() {
                view = QueueView {
                    shown: items.iter().map(|i| (i.kind, i.id)).collect(),
                    seen: 0,
                    confirm: Vec::new(),
                    refused: view.refused,
                };
            }
            // Numbers stay those of the FILE that gave them; items decided since are
            // skipped in the lines but keep their number.
            let listed: Vec<_> = view
                .shown
                .iter()
                .map(|(k, id)| items.iter().find(|i| i.kind == *k && i.id == *id).cloned())
                .collect();
            let (replies, page) = if moderator::notified_at_once(ctx.channel) {
                let page: Vec<_> = listed.iter().skip(view.seen).flatten().cloned().collect();
                (moderator::queue(&page), moderator::QUEUE_PAGE)
            } else {
                let (reply, page) = moderator::queue_page(&listed, view.seen, ctx.lang);
                (vec![reply], page)
            };
            view.seen = (view.seen + page).min(view.shown.len());
            out.replies.extend(replies);
            out.state.view = View::Moderator(view);
            out
        }
        M::Pick { approve, n, reason } => match moderator::pick(queue_view(&out.state), *n) {
            Err(reply) => out.say(reply),
            Ok((kind, id)) => {
                let label = loaded
                    .queue
                    .iter()
                    .find(|i| i.kind == kind && i.id == id)
                    .map(moderator::label);
                let outcome = decided(&loaded.item);
                if outcome.is_ok() {
                    out.effects.push(Effect::Decide {
                        kind,
                        id,
                        approve: *approve,
                        reason: reason.clone(),
                    });
                    if !*approve {
                        queue_view_mut(&mut out.state).refused = Some((kind, id, ctx.now));
                    }
                }
                let reply = moderator::picked_reply(
                    kind,
                    n.unwrap_or_default(),
                    label.as_deref(),
                    *approve,
                    &outcome,
                    ctx.undo_window,
                );
                // A volunteer's label is their first name: erased with them.
                out.say(match kind {
                    ItemKind::Volunteer => reply.about(id),
                    _ => reply,
                })
            }
        },
        M::Decide { approve, kind, id } => {
            let outcome: Result<(), Refusal> = decided(&loaded.item);
            if outcome.is_ok() {
                out.effects.push(Effect::Decide {
                    kind: *kind,
                    id: *id,
                    approve: *approve,
                    reason: None,
                });
                if !*approve {
                    queue_view_mut(&mut out.state).refused = Some((*kind, *id, ctx.now));
                }
            }
            out.say(moderator::decision_reply(
                *kind,
                *id,
                *approve,
                &outcome,
                ctx.undo_window,
            ))
        }
    }
}

/// Whom an alert goes to among a structure's referents or a département's moderators: those
/// who have not texted STOP (nor lost their number: an unreachable one counts as stopped); if
/// all of them have, all of them, held until one comes back
/// with START (an alert is never dropped for a STOP). `stopped[i]`: whether recipient i
/// stopped. Returns the indexes to queue for, and whether their alerts are held.
pub fn alert_recipients(stopped: &[bool]) -> (Vec<usize>, bool) {
    let active: Vec<usize> = (0..stopped.len()).filter(|&i| !stopped[i]).collect();
    if active.is_empty() {
        ((0..stopped.len()).collect(), true)
    } else {
        (active, false)
    }
}
