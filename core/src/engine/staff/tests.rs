//! The staff side driven with no database, table by table.

use super::moderator::{self, Pending, Refusal};
use super::referent::{self, Alert, Command, Effect, News};
use crate::domain::{Channel, ItemKind, ParticipationStatus as P};

#[test]
fn referent_messages_read_as_commands() {
    // (what the referent typed or pressed, command)
    let table = [
        ("OK 12", Some((P::Accepted, 12))),
        ("ok 12", Some((P::Accepted, 12))),
        ("non  7", Some((P::Declined, 7))),
        ("NO 7", Some((P::Declined, 7))),
        ("Appelé 3", Some((P::Contacted, 3))),
        ("called 3", Some((P::Contacted, 3))),
        ("ref:contacted:3", Some((P::Contacted, 3))),
        ("ref:accepted:41", Some((P::Accepted, 41))),
        ("ref:held:3", None),
        ("ref:accepted:x", None),
        ("OK", None),
        ("OK 12 merci", None),
        ("Bonjour", None),
        ("", None),
    ];
    for (text, expected) in table {
        let expected = match expected {
            Some((status, participation)) => Command::Answer {
                status,
                participation,
            },
            None => Command::Help,
        };
        assert_eq!(referent::parse(text), expected, "{text:?}");
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
            Channel::Sms,
            "+33639980001",
            "referent-alert",
            "06 39 98 00 01",
        ),
        (
            Channel::Telegram,
            "@marie",
            "referent-alert-telegram",
            "@marie",
        ),
    ];
    for (channel, address, id, shown) in table {
        let r = referent::alert("Marie", "Colis", (channel, address), 4);
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
    // (approved, relayed, reply id, held intents become)
    let table = [
        (true, 0, "volunteer-validated", P::Sent),
        (true, 2, "volunteer-validated-relayed", P::Sent),
        (false, 2, "volunteer-refused", P::Cancelled),
    ];
    for (approved, relayed, id, held) in table {
        assert_eq!(
            moderator::volunteer_told(approved, "Marie", relayed).parts[0].id,
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
