//! The staff side driven with no database, table by table.

use super::moderator::{self, Pending, Refusal};
use super::referent::{self, Alert, Command, Effect, News, Reach};
use crate::domain::{Channel, ItemKind, ParticipationStatus as P};

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
    let table: [Row; 5] = [
        (Some(2), &[40, 41], Ok(41)),
        (Some(1), &[40, 41], Ok(40)),
        (Some(3), &[40, 41], Err("referent-mission-number")),
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
        ("MISSIONS", false),
        ("AIDE", false),
        ("", false),
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
        (
            P::Accepted,
            alert(P::Accepted),
            vec![record(P::Accepted), tell(News::Accepted)],
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
        let r = moderator::decision_reply(ItemKind::Volunteer, 1, true, &got);
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

#[test]
fn staff_stop_and_start() {
    use super::opt_out;
    let stop = opt_out("Stop", false).unwrap();
    assert!(stop.stopped);
    assert!(stop.reply.is_some(), "one confirmation");
    assert_eq!(opt_out("ARRET", true).unwrap().reply, None, "then nothing");
    let start = opt_out("start", true).unwrap();
    assert!(!start.stopped);
    assert!(start.reply.is_some());
    assert!(!opt_out("reprendre", false).unwrap().stopped);
    assert_eq!(opt_out("OK 12", false), None);
    assert_eq!(opt_out("FILE", true), None);
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
        })
    };
    let listed: Vec<_> = (1..=7).map(item).collect();
    let first = moderator::queue_page(&listed, 0);
    let ids: Vec<&str> = first.parts.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids[0], "moderator-queue-header");
    assert_eq!(ids.len(), 1 + moderator::SMS_PAGE + 1);
    assert_eq!(*ids.last().unwrap(), "moderator-queue-footer-more");
    let second = moderator::queue_page(&listed, moderator::SMS_PAGE);
    assert_eq!(second.parts.len(), 1 + 2 + 1);
    assert_eq!(second.parts.last().unwrap().id, "moderator-queue-footer");
    // Item 2 decided meanwhile: its line goes, the others keep their numbers.
    let mut decided = listed.clone();
    decided[1] = None;
    let again = moderator::queue_page(&decided, 0);
    let numbers: Vec<_> = again.parts[1..again.parts.len() - 1]
        .iter()
        .map(|t| t.args.iter().find(|(n, _)| n == "n").unwrap().1.clone())
        .collect();
    assert_eq!(numbers.len(), 4);
    assert_eq!(numbers[1], crate::i18n::Arg::from(3i64));
    assert_eq!(
        moderator::queue_page(&[None, None], 0).parts[0].id,
        "moderation-queue-empty"
    );

    // VALIDER n: only numbers shown so far.
    let view = moderator::QueueView {
        shown: vec![(ItemKind::Structure, 1), (ItemKind::Volunteer, 8)],
        seen: 2,
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
