//! The staff side driven with no database, table by table.

use super::moderator::{self, Pending, Refusal};
use super::referent::{self, Alert, Command, News, Reach};
use super::{
    AlertView, Command as StaffCommand, Context, Effect, ItemView, Loaded, Need, Role, State, View,
    handle, needs, read,
};
use crate::domain::{Channel, ItemKind, Lang, ParticipationStatus as P};
use crate::engine::Event;

#[test]
fn referent_messages_read_as_commands() {
    let answer = |status, participation| Command::Answer {
        status,
        participation,
    };
    let msg = |participation, text: &str| Command::Message {
        participation,
        text: text.into(),
    };
    // (what the referent typed or pressed, command)
    let table = [
        ("OK 12", answer(P::Accepted, Some(12))),
        ("ok 12", answer(P::Accepted, Some(12))),
        ("ok5", answer(P::Accepted, Some(5))),
        ("OK 5 merci", answer(P::Accepted, Some(5))),
        ("Ok, 5.", answer(P::Accepted, Some(5))),
        ("non  7", answer(P::Declined, Some(7))),
        ("non pour 5", answer(P::Declined, Some(5))),
        ("NON alerte 5", answer(P::Declined, Some(5))),
        ("NO 7", answer(P::Declined, Some(7))),
        ("Appelé 3", answer(P::Contacted, Some(3))),
        ("APPELEE 3", answer(P::Contacted, Some(3))),
        ("called 3", answer(P::Contacted, Some(3))),
        ("OK", answer(P::Accepted, None)),
        ("ok merci", answer(P::Accepted, None)),
        ("APPELE", answer(P::Contacted, None)),
        ("ref:contacted:3", answer(P::Contacted, Some(3))),
        ("ref:accepted:41", answer(P::Accepted, Some(41))),
        ("ref:held:3", Command::Help),
        ("ref:accepted:x", Command::Help),
        (
            "MSG 12 Bonjour, pouvez-vous venir mardi ?",
            msg(Some(12), "Bonjour, pouvez-vous venir mardi ?"),
        ),
        ("msg12 A demain", msg(Some(12), "A demain")),
        ("Msg Rappelez-nous", msg(None, "Rappelez-nous")),
        ("MSG 12", msg(Some(12), "")),
        ("MES MISSIONS", Command::MyMissions),
        ("mes missions", Command::MyMissions),
        ("COMPLET 2", Command::Full { n: Some(2) }),
        // A minus sign or a dash before a number is not that number.
        ("COMPLET -1", Command::Full { n: Some(-1) }),
        ("COMPLET−1", Command::Full { n: Some(-1) }),
        ("APPELE -4", answer(P::Contacted, Some(-4))),
        ("OK – 4", answer(P::Accepted, Some(4))),
        ("ok-5", answer(P::Accepted, Some(-5))),
        ("NON pour -7", answer(P::Declined, Some(-7))),
        ("MSG -3 Bonjour", msg(Some(-3), "Bonjour")),
        ("OK 12-13", answer(P::Accepted, Some(12))),
        // A number no id can reach names no alert (it used to read as no number at all,
        // which means the only pending alert).
        (
            "OK 99999999999999999999",
            Command::NoSuchAlert {
                code: "99999999999999999999".into(),
            },
        ),
        (
            "msg 9223372036854775808 Bonjour",
            Command::NoSuchAlert {
                code: "9223372036854775808".into(),
            },
        ),
        (
            "OK 9223372036854775807",
            answer(P::Accepted, Some(i64::MAX)),
        ),
        (
            "COMPLET 99999999999999999999",
            Command::Full { n: Some(i64::MAX) },
        ),
        // Relayed text keeps its lines and loses what is not text.
        (
            "MSG 12 Bonjour\u{202e}\u{200b}\r\nà mardi\u{1b}[2J",
            msg(Some(12), "Bonjour\nà mardi"),
        ),
        ("complet", Command::Full { n: None }),
        ("AIDE", Command::Help),
        ("Bonjour", Command::Help),
        ("", Command::Help),
    ];
    for (text, expected) in table {
        assert_eq!(referent::parse(text), expected, "{text:?}");
    }
}

/// A number given (or not), the numbers it may mean, and what it resolves to (or the reply).
type Row = (Option<i64>, &'static [i64], Result<i64, &'static str>);

#[test]
fn a_missing_number_means_the_only_pending_alert() {
    // (named, pending, resolved or reply id)
    let table: [Row; 5] = [
        (Some(12), &[], Ok(12)),
        (Some(12), &[15, 9], Ok(12)),
        (None, &[15], Ok(15)),
        (None, &[], Err("referent-no-pending")),
        (None, &[15, 9], Err("referent-which-alert")),
    ];
    for (named, pending, expected) in table {
        let got = referent::resolve(named, pending).map_err(|r| r.parts[0].id.clone());
        assert_eq!(
            got,
            expected.map_err(str::to_string),
            "{named:?} {pending:?}"
        );
    }
}

#[test]
fn mes_missions_numbers_and_complet() {
    let m = |id, places_left| referent::OpenMission {
        id,
        title: format!("Mission {id}"),
        places_left,
    };
    let (reply, shown) = referent::my_missions(&[m(40, 2), m(41, 1)]);
    assert_eq!(shown, vec![40, 41]);
    assert_eq!(reply.parts.len(), 4, "header, two lines, footer");
    let (none, shown_none) = referent::my_missions(&[]);
    assert_eq!(none.parts[0].id, "referent-missions-none");
    assert!(shown_none.is_empty());
    // (n, shown, mission or reply id)
    let table: [Row; 6] = [
        (Some(2), &[40, 41], Ok(41)),
        (Some(1), &[40, 41], Ok(40)),
        (Some(3), &[40, 41], Err("referent-mission-number")),
        (Some(-1), &[40, 41], Err("referent-mission-number")),
        (None, &[40, 41], Err("referent-mission-number")),
        (Some(1), &[], Err("referent-missions-first")),
    ];
    for (n, shown, expected) in table {
        let got = referent::full(n, shown).map_err(|r| r.parts[0].id.clone());
        assert_eq!(got, expected.map_err(str::to_string), "{n:?} {shown:?}");
    }
}

#[test]
fn relays_reach_open_intents_and_answers_come_back_unless_a_keyword() {
    let alert = |status| {
        Some(Alert {
            volunteer_id: 5,
            mission_id: 9,
            status,
        })
    };
    // (alert, text, relayed or reply id)
    let table = [
        (alert(P::Sent), "Bonjour", Ok(())),
        (alert(P::Accepted), "A mardi", Ok(())),
        (
            alert(P::Cancelled),
            "Bonjour",
            Err("referent-answer-closed"),
        ),
        (alert(P::Sent), "  ", Err("relay-empty")),
        (None, "Bonjour", Err("referent-unknown-code")),
    ];
    for (i, (loaded, text, expected)) in table.into_iter().enumerate() {
        let got = referent::may_relay(loaded, 12, text)
            .map(|_| ())
            .map_err(|r| r.parts[0].id.clone());
        assert_eq!(got, expected.map_err(str::to_string), "row {i}");
    }
    // (volunteer's message while a relay is open, relayed?)
    for (text, relayed) in [
        ("Oui je peux mardi", true),
        ("d'accord", true),
        ("STOP", false),
        ("arretez de m'ecrire svp", false),
        ("MISSIONS", false),
        ("AIDE", false),
        ("", false),
        ("\u{200b}\u{feff}", false),
    ] {
        assert_eq!(referent::answers_relay(text), relayed, "{text:?}");
    }
}

#[test]
fn referent_answers_decide_what_is_recorded_and_who_hears_it() {
    let alert = |status| {
        Some(Alert {
            volunteer_id: 5,
            mission_id: 9,
            status,
        })
    };
    let record = |status| Effect::Record {
        participation: 12,
        status,
    };
    let tell = |news| Effect::TellVolunteer {
        volunteer_id: 5,
        mission_id: 9,
        news,
    };
    // (answer, alert as loaded, effects, reply id)
    let table = [
        (
            P::Accepted,
            alert(P::Sent),
            vec![record(P::Accepted), tell(News::Accepted)],
            "referent-answer-recorded",
        ),
        (
            P::Declined,
            alert(P::Contacted),
            vec![
                record(P::Declined),
                Effect::FreePlace { mission_id: 9 },
                tell(News::Declined),
            ],
            "referent-answer-recorded",
        ),
        (
            P::Contacted,
            alert(P::Sent),
            vec![record(P::Contacted)],
            "referent-answer-recorded",
        ),
        // The same answer twice: nothing recorded, the volunteer not told again.
        (
            P::Accepted,
            alert(P::Accepted),
            vec![],
            "referent-answer-already",
        ),
        (
            P::Contacted,
            alert(P::Contacted),
            vec![],
            "referent-answer-already",
        ),
        (
            P::Contacted,
            alert(P::Accepted),
            vec![record(P::Contacted)],
            "referent-answer-recorded",
        ),
        (
            P::Accepted,
            alert(P::Cancelled),
            vec![],
            "referent-answer-closed",
        ),
        (
            P::Contacted,
            alert(P::Declined),
            vec![],
            "referent-answer-closed",
        ),
        (P::Accepted, None, vec![], "referent-unknown-code"),
    ];
    for (i, (status, loaded, effects, reply)) in table.into_iter().enumerate() {
        let out = referent::answer(status, 12, loaded);
        assert_eq!(out.effects, effects, "row {i}");
        assert_eq!(out.reply.parts[0].id, reply, "row {i}");
    }
}

#[test]
fn referent_alerts_show_a_phone_or_a_telegram_handle() {
    // (contact, id, shown)
    let table = [
        (
            Reach::Phone("+33639980001".into()),
            "referent-alert",
            "06 39 98 00 01",
        ),
        (
            Reach::Handle("@marie".into()),
            "referent-alert-telegram",
            "@marie",
        ),
        // A chat id is never shown: the referent writes through Renfort.
        (Reach::Relay, "referent-alert-relay", ""),
    ];
    for (reach, id, shown) in table {
        let r = referent::alert("Marie", "Colis", &reach, 4);
        assert_eq!(r.parts[0].id, id);
        let contact = r.parts[0].args.iter().find(|(n, _)| n == "contact");
        assert_eq!(
            contact.map(|(_, a)| a.clone()),
            Some(crate::i18n::Arg::Str(shown.into()))
        );
        let payloads: Vec<&str> = r.choices.iter().map(|c| c.payload.as_str()).collect();
        assert_eq!(
            payloads,
            ["ref:contacted:4", "ref:accepted:4", "ref:declined:4"]
        );
    }
}

#[test]
fn moderator_messages_read_as_commands() {
    use moderator::Command as M;
    let table = [
        (
            "mod:approve:volunteer:12",
            M::Decide {
                approve: true,
                kind: ItemKind::Volunteer,
                id: 12,
            },
        ),
        (
            "mod:refuse:mission:3",
            M::Decide {
                approve: false,
                kind: ItemKind::Mission,
                id: 3,
            },
        ),
        (
            "VALIDER 2",
            M::Pick {
                approve: true,
                n: Some(2),
                reason: None,
            },
        ),
        (
            "valider2",
            M::Pick {
                approve: true,
                n: Some(2),
                reason: None,
            },
        ),
        (
            "Refuser 3 doublon de la 2",
            M::Pick {
                approve: false,
                n: Some(3),
                reason: Some("doublon de la 2".into()),
            },
        ),
        (
            "REFUSER",
            M::Pick {
                approve: false,
                n: None,
                reason: None,
            },
        ),
        ("SUITE", M::More),
        ("AIDE", M::Help),
        ("mod:approve:planet:3", M::Ignore),
        ("mod:approve:volunteer:x", M::Ignore),
        ("mod:", M::Ignore),
        ("FILE", M::Queue),
        ("file", M::Queue),
        ("/queue", M::Queue),
        ("queue", M::Queue),
        ("Bonjour", M::Help),
    ];
    for (text, expected) in table {
        assert_eq!(moderator::parse(text), expected, "{text:?}");
    }
}

#[test]
fn moderators_decide_only_pending_items_of_their_departements() {
    let scope = ["62".to_string()];
    let pending = |dep| {
        Some(Pending {
            pending: true,
            status: "pending",
            departement: dep,
        })
    };
    // (item, scope, outcome, reply id)
    let table = [
        (pending("62"), Some(&scope[..]), Ok(()), "moderation-done"),
        (pending("59"), None, Ok(()), "moderation-done"),
        (
            pending("59"),
            Some(&scope[..]),
            Err(Refusal::OutOfScope {
                departement: "59".into(),
            }),
            // Indistinguishable from an item that is not there.
            "moderation-not-pending",
        ),
        (
            Some(Pending {
                pending: false,
                status: "validated",
                departement: "62",
            }),
            Some(&scope[..]),
            Err(Refusal::NotPending {
                status: "validated".into(),
            }),
            "moderation-not-pending",
        ),
        (
            None,
            Some(&scope[..]),
            Err(Refusal::NotFound),
            "moderation-not-pending",
        ),
    ];
    for (i, (item, scope, outcome, reply)) in table.into_iter().enumerate() {
        let got = moderator::may_decide(item, scope);
        assert_eq!(got, outcome, "row {i}");
        let r =
            moderator::decision_reply(ItemKind::Volunteer, 1, true, &got, moderator::UNDO_WINDOW);
        assert_eq!(r.parts[0].id, reply, "row {i}");
    }
}

#[test]
fn the_queue_shows_a_page_and_says_when_it_is_empty() {
    let item = |id| moderator::QueueItem {
        kind: ItemKind::Mission,
        id,
        departement: "62".into(),
        summary: "Colis (CCAS d'Arras, Arras)".into(),
        created_at: 0,
        volunteer: None,
        detail: None,
    };
    assert_eq!(
        moderator::queue(&[])[0].parts[0].id,
        "moderation-queue-empty"
    );
    let items: Vec<_> = (1..=12).map(item).collect();
    let page = moderator::queue(&items);
    assert_eq!(page.len(), moderator::QUEUE_PAGE);
    assert_eq!(page[0].choices[0].payload, "mod:approve:mission:1");
    assert_eq!(page[0].choices[1].payload, "mod:refuse:mission:1");
}

#[test]
fn volunteers_hear_the_decision_and_held_intents_follow_it() {
    // (approved, relayed, reason, reply id, held intents become)
    let table = [
        (true, 0, None, "volunteer-validated", P::Sent),
        (true, 2, None, "volunteer-validated-relayed", P::Sent),
        (false, 2, None, "volunteer-refused", P::Cancelled),
        (
            false,
            0,
            Some("doublon"),
            "volunteer-refused-reason",
            P::Cancelled,
        ),
    ];
    for (approved, relayed, reason, id, held) in table {
        assert_eq!(
            moderator::volunteer_told(approved, "Marie", relayed, reason).parts[0].id,
            id
        );
        assert_eq!(moderator::held_intents_become(approved), held);
    }
    assert!(moderator::notified_at_once(Channel::Telegram));
    assert!(!moderator::notified_at_once(Channel::Sms));
}

fn sms() -> Context {
    Context {
        now: 1_000,
        channel: Channel::Sms,
        console: false,
        lang: crate::domain::Lang::Fr,
        undo_window: moderator::UNDO_WINDOW,
    }
}

fn referent_role() -> Role {
    Role::Referent { structure_id: 4 }
}

fn moderator_role() -> Role {
    Role::Moderator {
        departements: vec!["62".into()],
    }
}

/// Runs one message through the staff engine's entry: read, needs, handle.
fn step(role: &Role, state: &State, text: &str, loaded: &Loaded) -> (Need, super::Output) {
    let command = read(role, &Event::Text(text.into()));
    let need = needs(state, &command);
    (need, handle(role, state, &command, loaded, &sms()))
}

fn ids(out: &super::Output) -> Vec<String> {
    out.replies.iter().map(|r| r.parts[0].id.clone()).collect()
}

#[test]
fn staff_stop_and_start() {
    // (stopped before, what they typed, stopped after, reply, effects, last words)
    type Row = (
        bool,
        &'static str,
        bool,
        Option<&'static str>,
        Vec<Effect>,
        bool,
    );
    let table: [Row; 5] = [
        (
            false,
            "Stop",
            true,
            Some("staff-stopped"),
            vec![Effect::Stop],
            true,
        ),
        (true, "ARRET", true, None, vec![], true),
        (
            true,
            "start",
            false,
            Some("staff-resumed"),
            vec![Effect::Resume],
            false,
        ),
        (
            false,
            "reprendre",
            false,
            Some("staff-already-active"),
            vec![],
            false,
        ),
        (
            true,
            "FILE",
            true,
            Some("moderation-queue-empty"),
            vec![],
            false,
        ),
    ];
    for (before, text, after, reply, effects, last_words) in table {
        let state = State {
            stopped: before,
            view: View::None,
        };
        let (_, out) = step(&moderator_role(), &state, text, &Loaded::default());
        assert_eq!(out.state.stopped, after, "{text}");
        assert_eq!(ids(&out).first().map(String::as_str), reply, "{text}");
        assert_eq!(out.effects, effects, "{text}");
        assert_eq!(out.last_words, last_words, "{text}");
    }
    // Not text: nothing at all.
    let out = handle(
        &referent_role(),
        &State::default(),
        &read(&referent_role(), &Event::Unsupported),
        &Loaded::default(),
        &sms(),
    );
    assert!(out.replies.is_empty() && out.effects.is_empty());
    assert_eq!(
        read(&referent_role(), &Event::Text("OK 12".into())),
        StaffCommand::Referent(Command::Answer {
            status: P::Accepted,
            participation: Some(12)
        })
    );
}

#[test]
fn referent_commands_need_what_they_use_and_no_more() {
    let state = State::default();
    let alert = |code| AlertView {
        code,
        alert: Some(Alert {
            volunteer_id: 7,
            mission_id: 9,
            status: P::Sent,
        }),
        first_name: "Marie".into(),
        reachable: true,
    };
    // A bare OK with one alert pending: that one.
    let loaded = Loaded {
        pending: vec![12],
        alert: Some(alert(12)),
        ..Loaded::default()
    };
    let (need, out) = step(&referent_role(), &state, "ok merci", &loaded);
    assert_eq!(
        need,
        Need::Alert {
            named: None,
            details: false
        }
    );
    assert_eq!(ids(&out), ["referent-answer-recorded"]);
    assert!(out.effects.contains(&Effect::Record {
        participation: 12,
        status: P::Accepted
    }));
    // A bare OK with two pending: which one?
    let two = Loaded {
        pending: vec![14, 12],
        ..Loaded::default()
    };
    let (_, out) = step(&referent_role(), &state, "OK", &two);
    assert_eq!(ids(&out), ["referent-which-alert"]);
    assert!(out.effects.is_empty());
    // MSG to a volunteer Renfort can reach: relayed, the referent told with the name.
    let (need, out) = step(&referent_role(), &state, "MSG 12 Venez mardi", &loaded);
    assert_eq!(
        need,
        Need::Alert {
            named: Some(12),
            details: true
        }
    );
    assert_eq!(ids(&out), ["relay-sent"]);
    assert_eq!(
        out.replies[0].about,
        Some(7),
        "named: erased with the volunteer"
    );
    assert_eq!(
        out.effects,
        [Effect::Relay {
            participation: 12,
            volunteer_id: 7,
            mission_id: 9,
            text: "Venez mardi".into()
        }]
    );
    // … and to one who stopped: nothing relayed.
    let gone = Loaded {
        alert: Some(AlertView {
            reachable: false,
            ..alert(12)
        }),
        ..loaded.clone()
    };
    let (_, out) = step(&referent_role(), &state, "MSG 12 Venez mardi", &gone);
    assert_eq!(ids(&out), ["relay-unreachable"]);
    assert!(out.effects.is_empty());
    // MES MISSIONS numbers the open missions; COMPLET n closes the one shown as n, once.
    let open = Loaded {
        open_missions: vec![
            referent::OpenMission {
                id: 31,
                title: "Courses".into(),
                places_left: 2,
            },
            referent::OpenMission {
                id: 32,
                title: "Colis".into(),
                places_left: 1,
            },
        ],
        ..Loaded::default()
    };
    let (need, listed) = step(&referent_role(), &state, "MES MISSIONS", &open);
    assert_eq!(need, Need::OpenMissions);
    assert_eq!(
        listed.state.view,
        View::Referent(referent::ReferentView {
            missions: vec![31, 32]
        })
    );
    let (_, out) = step(&referent_role(), &listed.state, "COMPLET 2", &open);
    assert_eq!(ids(&out), ["referent-mission-closed"]);
    assert_eq!(out.effects, [Effect::CloseFull { mission_id: 32 }]);
    let (_, out) = step(
        &referent_role(),
        &listed.state,
        "COMPLET 2",
        &Loaded::default(),
    );
    assert_eq!(ids(&out), ["referent-mission-not-open"]);
    assert!(out.effects.is_empty());
    let (_, out) = step(&referent_role(), &state, "COMPLET 1", &open);
    assert_eq!(ids(&out), ["referent-missions-first"]);
}

#[test]
fn moderators_page_the_queue_and_decide_inside_their_departements() {
    let item = |id| moderator::QueueItem {
        kind: ItemKind::Structure,
        id,
        departement: "62".into(),
        summary: format!("Structure {id} (association)"),
        created_at: 0,
        volunteer: None,
        detail: None,
    };
    let queue = Loaded {
        queue: (1..=7).map(item).collect(),
        ..Loaded::default()
    };
    let role = moderator_role();
    let (need, first) = step(&role, &State::default(), "FILE", &queue);
    assert_eq!(need, Need::Queue);
    assert_eq!(first.replies.len(), 1, "by SMS one page");
    let View::Moderator(view) = &first.state.view else {
        panic!("a queue view")
    };
    assert_eq!((view.shown.len(), view.seen), (7, moderator::SMS_PAGE));
    // With buttons: one message per item.
    let command = read(&role, &Event::Text("FILE".into()));
    let telegram = Context {
        now: 0,
        channel: Channel::Telegram,
        console: false,
        lang: crate::domain::Lang::Fr,
        undo_window: moderator::UNDO_WINDOW,
    };
    let out = handle(&role, &State::default(), &command, &queue, &telegram);
    assert_eq!(out.replies.len(), 7);
    // SUITE goes on from where FILE stopped.
    let (_, second) = step(&role, &first.state, "SUITE", &queue);
    let View::Moderator(view) = &second.state.view else {
        panic!("a queue view")
    };
    assert_eq!(view.seen, 7);
    // VALIDER 2 needs item 2's state; decided when pending and in scope.
    let pending = |departement: &str| ItemView {
        pending: true,
        status: "pending".into(),
        departement: departement.into(),
    };
    let (need, _) = step(&role, &first.state, "VALIDER 2", &Loaded::default());
    assert_eq!(
        need,
        Need::Item {
            kind: ItemKind::Structure,
            id: 2,
            labelled: true
        }
    );
    let ok = Loaded {
        item: Some(pending("62")),
        ..queue.clone()
    };
    let (_, out) = step(&role, &first.state, "VALIDER 2", &ok);
    assert_eq!(ids(&out), ["moderator-picked"]);
    assert_eq!(out.replies[0].about, None, "a structure names no volunteer");
    assert_eq!(
        out.effects,
        [Effect::Decide {
            kind: ItemKind::Structure,
            id: 2,
            approve: true,
            reason: None
        }]
    );
    let elsewhere = Loaded {
        item: Some(pending("59")),
        ..queue.clone()
    };
    let (_, out) = step(&role, &first.state, "REFUSER 2 doublon", &elsewhere);
    assert_eq!(ids(&out), ["moderation-out-of-scope"]);
    assert!(out.effects.is_empty());
    // A number never shown needs nothing and decides nothing.
    let (need, out) = step(&role, &first.state, "VALIDER 7", &ok);
    assert_eq!(need, Need::Nothing);
    assert_eq!(ids(&out), ["moderator-number"]);
    // A button on an item already decided.
    let (_, out) = step(
        &role,
        &State::default(),
        "mod:approve:mission:3",
        &Loaded {
            item: Some(ItemView {
                pending: false,
                status: "validated".into(),
                departement: "62".into(),
            }),
            ..Loaded::default()
        },
    );
    assert_eq!(ids(&out), ["moderation-not-pending"]);
    assert!(out.effects.is_empty());
}

/// Issue 24: a FILE line says enough to decide: names, communes and structures whole,
/// domains and structure types in words; long lines make a page shorter, never cut, and a
/// page stays within three segments.
#[test]
fn sms_queue_lines_are_whole_and_pages_fit_three_segments() {
    use moderator::ItemDetail;
    let mission = |id: i64| {
        Some(moderator::QueueItem {
            kind: ItemKind::Mission,
            id,
            departement: "62".into(),
            summary: String::new(),
            created_at: 0,
            volunteer: None,
            detail: Some(ItemDetail::Mission {
                title: "Accueil d'enfants de soignants le mercredi et le samedi".into(),
                structure: "Centre communal d'action sociale d'Aire-sur-la-Lys".into(),
                commune: (id % 2 == 0).then(|| "Aire-sur-la-Lys".to_string()),
            }),
        })
    };
    let volunteer = Some(moderator::QueueItem {
        kind: ItemKind::Volunteer,
        id: 9,
        departement: "62".into(),
        summary: String::new(),
        created_at: 0,
        volunteer: Some(moderator::VolunteerBrief {
            first_name: "Marie-Thérèse".into(),
            commune: "Boulogne-sur-Mer".into(),
            domains: "2 4".into(),
            on_site: true,
            age: Some(17),
            availability: None,
        }),
        detail: None,
    });
    let structure = Some(moderator::QueueItem {
        kind: ItemKind::Structure,
        id: 3,
        departement: "62".into(),
        summary: String::new(),
        created_at: 0,
        volunteer: None,
        detail: Some(ItemDetail::Structure {
            name: "Mairie de Douvrin".into(),
            kind: crate::domain::StructureKind::Collectivite,
        }),
    });
    let mut listed = vec![volunteer, structure];
    listed.extend((1..=6).map(mission));
    let i18n = crate::i18n::I18n::get();
    let mut from = 0;
    let mut pages = 0;
    let mut lines = Vec::new();
    while from < listed.len() {
        let (page, used) = moderator::queue_page(&listed, from, Lang::Fr);
        assert!(used >= 1, "a page shows at least one line");
        let text = crate::render::reply_text(Lang::Fr, &page);
        let chars = text.chars().count();
        assert!(chars <= 3 * 153, "{chars} characters: {text}");
        lines.extend(text.lines().skip(1).map(str::to_string));
        from += used;
        pages += 1;
    }
    assert!(pages >= 3, "long lines make shorter pages ({pages})");
    let all = lines.join("\n");
    for whole in [
        "1. Marie-Thérèse (Boulogne-sur-Mer) : garde d'enfants, courses, sur place, 17 ans",
        "2. Structure : Mairie de Douvrin (collectivité)",
        "3. Mission : Accueil d'enfants de soignants le mercredi et le samedi (Centre communal \
         d'action sociale d'Aire-sur-la-Lys, à distance)",
        "4. Mission : Accueil d'enfants de soignants le mercredi et le samedi (Centre communal \
         d'action sociale d'Aire-sur-la-Lys, Aire-sur-la-Lys)",
    ] {
        assert!(all.contains(whole), "{whole}\n---\n{all}");
    }
    assert!(!all.contains("..."), "{all}");
    // In English too, in words.
    let (en, _) = moderator::queue_page(&listed, 0, Lang::En);
    let en = i18n.format(Lang::En, &en.parts[1]);
    assert_eq!(
        en,
        "1. Marie-Thérèse (Boulogne-sur-Mer): childcare, shopping, on site, age 17"
    );
}

#[test]
fn alerts_go_to_active_staff_or_wait_for_all() {
    assert_eq!(super::alert_recipients(&[false, true]), (vec![0], false));
    assert_eq!(super::alert_recipients(&[true, true]), (vec![0, 1], true));
    assert_eq!(super::alert_recipients(&[]), (vec![], true));
}

#[test]
fn the_sms_queue_is_one_page_of_numbered_lines_and_numbers_stay() {
    let item = |id| {
        Some(moderator::QueueItem {
            kind: ItemKind::Structure,
            id,
            departement: "62".into(),
            summary: format!("Structure {id} (association)"),
            created_at: 0,
            volunteer: None,
            detail: None,
        })
    };
    let listed: Vec<_> = (1..=7).map(item).collect();
    let (first, used) = moderator::queue_page(&listed, 0, Lang::Fr);
    let ids: Vec<&str> = first.parts.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids[0], "moderator-queue-header");
    assert_eq!(ids.len(), 1 + moderator::SMS_PAGE + 1);
    assert_eq!(used, moderator::SMS_PAGE);
    assert_eq!(*ids.last().unwrap(), "moderator-queue-footer-more");
    let (second, used) = moderator::queue_page(&listed, moderator::SMS_PAGE, Lang::Fr);
    assert_eq!(second.parts.len(), 1 + 2 + 1);
    assert_eq!(used, 2);
    assert_eq!(second.parts.last().unwrap().id, "moderator-queue-footer");
    // Item 2 decided meanwhile: its line goes, the others keep their numbers.
    let mut decided = listed.clone();
    decided[1] = None;
    let (again, _) = moderator::queue_page(&decided, 0, Lang::Fr);
    let numbers: Vec<_> = again.parts[1..again.parts.len() - 1]
        .iter()
        .map(|t| t.args.iter().find(|(n, _)| n == "n").unwrap().1.clone())
        .collect();
    assert_eq!(numbers.len(), 4);
    assert_eq!(numbers[1], crate::i18n::Arg::from(3i64));
    assert_eq!(
        moderator::queue_page(&[None, None], 0, Lang::Fr).0.parts[0].id,
        "moderation-queue-empty"
    );

    // VALIDER n: only numbers shown so far.
    let view = moderator::QueueView {
        shown: vec![(ItemKind::Structure, 1), (ItemKind::Volunteer, 8)],
        seen: 2,
        confirm: Vec::new(),
        refused: None,
    };
    // (n, picked or reply id)
    let table = [
        (Some(2), Ok((ItemKind::Volunteer, 8))),
        (Some(3), Err("moderator-number")),
        (None, Err("moderator-number")),
        (Some(0), Err("moderator-number")),
    ];
    for (n, expected) in table {
        let got = moderator::pick(&view, n).map_err(|r| r.parts[0].id.clone());
        assert_eq!(got, expected.map_err(str::to_string), "{n:?}");
    }
    assert_eq!(
        moderator::pick(&moderator::QueueView::default(), Some(1))
            .unwrap_err()
            .parts[0]
            .id,
        "moderator-queue-first"
    );
}

/// CONSOLE: a link (made by the shell) for any staff member where the console is served;
/// where it is not, they are told so; a stopped staff member gets nothing.
#[test]
fn console_asks_for_a_login_link() {
    // (stopped, console served, reply, effects)
    type Row = (bool, bool, Option<&'static str>, Vec<Effect>);
    let table: [Row; 3] = [
        (false, true, None, vec![Effect::ConsoleLink]),
        (false, false, Some("staff-console-unavailable"), vec![]),
        (true, true, None, vec![]),
    ];
    for role in [referent_role(), moderator_role()] {
        for input in ["CONSOLE", "console", " Console "] {
            assert_eq!(
                read(&role, &Event::Text(input.into())),
                super::Command::Console
            );
        }
        for (stopped, served, reply, effects) in &table {
            let state = State {
                stopped: *stopped,
                ..State::default()
            };
            let ctx = Context {
                console: *served,
                ..sms()
            };
            let out = handle(
                &role,
                &state,
                &super::Command::Console,
                &Loaded::default(),
                &ctx,
            );
            let ids: Vec<&str> = out
                .replies
                .iter()
                .flat_map(|r| r.parts.iter().map(|t| t.id.as_str()))
                .collect();
            assert_eq!(
                ids,
                reply.iter().copied().collect::<Vec<_>>(),
                "{role:?} {stopped} {served}"
            );
            assert_eq!(&out.effects, effects);
            assert_eq!(out.state, state, "CONSOLE changes no state");
        }
    }
}
