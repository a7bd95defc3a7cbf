//! Issue 24 for staff, French and English: a referent's free text is never a yes; moderators
//! validate several items at once ("valider 3 et 4", "valider tout" after a confirmation)
//! and a refusal's reason is never cut mid-word.

use super::*;
use crate::domain::ParticipationStatus as P;

fn sms() -> Context {
    Context {
        now: 1_000,
        channel: Channel::Sms,
        console: false,
        lang: crate::domain::Lang::Fr,
        undo_window: moderator::UNDO_WINDOW,
    }
}

fn step(role: &Role, state: &State, text: &str, loaded: &Loaded) -> (Need, Output) {
    let command = read(role, &Event::Text(text.into()));
    let need = needs(state, &command);
    (need, handle(role, state, &command, loaded, &sms()))
}

fn ids(out: &Output) -> Vec<String> {
    out.replies.iter().map(|r| r.parts[0].id.clone()).collect()
}

#[test]
fn a_referents_free_text_is_not_a_yes() {
    use referent::Command as R;
    let unclear = |participation| R::Unclear { participation };
    let answer = |status, participation| R::Answer {
        status,
        participation,
    };
    let table = [
        ("oui je l'appelle demain", unclear(None)),
        ("OK 12 je l'appelle demain", unclear(Some(12))),
        ("ok je la rappelle ce soir", unclear(None)),
        ("Oui mais pas avant lundi", unclear(None)),
        ("yes I'll call her tomorrow", unclear(None)),
        ("ok will call later", unclear(None)),
        ("non je ne sais pas encore", unclear(None)),
        // Explicit answers with thanks around them stay answers.
        ("OK 5 merci", answer(P::Accepted, Some(5))),
        ("oui c'est bon, merci beaucoup", answer(P::Accepted, None)),
        ("ok thanks", answer(P::Accepted, None)),
        ("non pour 5", answer(P::Declined, Some(5))),
        ("Appelé 3", answer(P::Contacted, Some(3))),
    ];
    for (text, expected) in table {
        assert_eq!(referent::parse(text), expected, "{text:?}");
    }
    // Through the engine: nothing recorded, the explicit answers offered for that alert.
    let role = Role::Referent { structure_id: 4 };
    let loaded = Loaded {
        pending: vec![12],
        ..Loaded::default()
    };
    for text in ["oui je l'appelle demain", "yes I'll call her tomorrow"] {
        let (need, out) = step(&role, &State::default(), text, &loaded);
        assert_eq!(
            need,
            Need::Alert {
                named: None,
                details: false
            }
        );
        assert!(out.effects.is_empty(), "{text:?}: {:?}", out.effects);
        assert_eq!(ids(&out), ["referent-unclear"]);
        let shown =
            crate::i18n::I18n::get().format(crate::domain::Lang::Fr, &out.replies[0].parts[0]);
        assert!(
            shown.contains("OK 12") && shown.contains("APPELE 12"),
            "{shown}"
        );
    }
    let loaded = Loaded {
        pending: vec![12, 13],
        ..Loaded::default()
    };
    let (_, out) = step(&role, &State::default(), "ok je rappelle", &loaded);
    assert_eq!(ids(&out), ["referent-unclear-which"]);
}

#[test]
fn moderators_free_text_reads_as_what_they_mean() {
    use moderator::Command as M;
    let pick = |approve, n, reason: Option<&str>| M::Pick {
        approve,
        n,
        reason: reason.map(str::to_string),
    };
    let long = "profil en double : cette personne est déjà inscrite à Arras depuis mars, merci de la contacter";
    let table = [
        ("Valider la 3", pick(true, Some(3), None)),
        ("valider le 3", pick(true, Some(3), None)),
        ("VALIDER 3", pick(true, Some(3), None)),
        ("validate number 2", pick(true, Some(2), None)),
        ("approve 2", pick(true, Some(2), None)),
        ("valider 3 et 4", M::ApproveMany { ns: vec![3, 4] }),
        ("valider 1, 2 et 5", M::ApproveMany { ns: vec![1, 2, 5] }),
        ("approve 3 and 4", M::ApproveMany { ns: vec![3, 4] }),
        ("valider tout", M::ApproveAll),
        ("Valider tous", M::ApproveAll),
        ("approve all", M::ApproveAll),
        (
            "refuser la 3 doublon",
            pick(false, Some(3), Some("doublon")),
        ),
        (
            "Refuser 3 doublon de la 2",
            pick(false, Some(3), Some("doublon de la 2")),
        ),
        (
            &format!("REFUSER 2 {long}"),
            M::ReasonTooLong {
                n: Some(2),
                length: long.chars().count(),
            },
        ),
    ];
    for (text, expected) in table {
        assert_eq!(moderator::parse(text), expected, "{text:?}");
    }
}

#[test]
fn valider_tout_asks_how_many_first_and_valider_3_et_4_validates_both() {
    let item = |id| QueueItem {
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
    let role = Role::Moderator {
        departements: vec!["62".into()],
    };
    for (all, yes) in [("valider tout", "OUI"), ("approve all", "yes")] {
        let (_, file) = step(&role, &State::default(), "FILE", &queue);
        // Five shown by SMS: VALIDER TOUT means those five, once confirmed.
        let (need, asked) = step(&role, &file.state, all, &queue);
        assert_eq!(need, Need::Queue);
        assert!(asked.effects.is_empty());
        assert_eq!(ids(&asked), ["moderator-confirm-all"]);
        let t =
            crate::i18n::I18n::get().format(crate::domain::Lang::Fr, &asked.replies[0].parts[0]);
        assert!(t.contains("les 5 dossiers"), "{t}");
        let (need, done) = step(&role, &asked.state, yes, &queue);
        assert_eq!(need, Need::Queue);
        assert_eq!(done.effects.len(), 5, "{:?}", done.effects);
        assert_eq!(ids(&done), ["moderator-approved-many"]);
        // Anything else drops the confirmation: a later OUI validates nothing more.
        let (_, asked) = step(&role, &file.state, all, &queue);
        let (_, other) = step(&role, &asked.state, "FILE", &queue);
        let (_, late) = step(&role, &other.state, yes, &queue);
        assert!(late.effects.is_empty(), "{:?}", late.effects);
    }
    let (_, file) = step(&role, &State::default(), "FILE", &queue);
    let (_, both) = step(&role, &file.state, "valider 3 et 4", &queue);
    assert_eq!(
        both.effects,
        [3, 4].map(|id| Effect::Decide {
            kind: ItemKind::Structure,
            id,
            approve: true,
            reason: None
        })
    );
    // Which ones, by line and name (issue 24: "2 dossiers validés" did not say).
    let t = crate::i18n::I18n::get().format(crate::domain::Lang::Fr, &both.replies[0].parts[0]);
    assert!(
        t.starts_with("2 dossiers validés : 3 Structure 3 (association), 4 Structure 4"),
        "{t}"
    );
    // A number not shown is said, the others done.
    let (_, some) = step(&role, &file.state, "valider 2 et 9", &queue);
    assert_eq!(some.effects.len(), 1);
    let t = crate::i18n::I18n::get().format(crate::domain::Lang::Fr, &some.replies[0].parts[0]);
    assert!(t.contains("1 dossier validé") && t.contains(": 9"), "{t}");
}

/// Alerts awaiting an answer, as the shell loads them for QUI and answers by name.
fn pending_named() -> Loaded {
    let p = |code, volunteer_id, name: &str, title: &str| referent::Pending {
        code,
        alert: referent::Alert {
            volunteer_id,
            mission_id: 7,
            status: P::Sent,
        },
        first_name: name.into(),
        title: title.into(),
    };
    let named = vec![
        p(
            14,
            40,
            "Zoé",
            "Courses pour les aînés du quartier Saint-Pierre et alentours",
        ),
        p(13, 41, "Paul", "Distribution de colis"),
        p(12, 42, "Marie", "Distribution de colis"),
    ];
    Loaded {
        pending: named.iter().map(|p| p.code).collect(),
        named,
        ..Loaded::default()
    }
}

#[test]
fn a_referent_asks_who_and_answers_with_a_first_name() {
    use referent::Command as R;
    let named = |status, name: &str, not: Option<&str>| R::Named {
        status,
        name: name.into(),
        not: not.map(str::to_string),
    };
    let table = [
        ("qui est-ce ?", R::Who),
        ("QUI", R::Who),
        ("C'est qui ?", R::Who),
        ("alertes", R::Who),
        ("who is it?", R::Who),
        ("ok pour Marie", named(P::Accepted, "marie", None)),
        ("OK Marie merci", named(P::Accepted, "marie", None)),
        ("non Paul", named(P::Declined, "paul", None)),
        ("Appelé Zoé", named(P::Contacted, "zoe", None)),
        ("yes for Marie", named(P::Accepted, "marie", None)),
        (
            "ok pour Marie mais pas pour Paul",
            named(P::Accepted, "marie", Some("paul")),
        ),
        // Issue 24's Sophie: a greeting first; a reason after the name refused.
        ("Bonjour, qui est-ce ?", R::Who),
        ("bonjour qui est ce svp", R::Who),
        ("Hello, who is it?", R::Who),
        (
            "ok pour Tom mais pas pour Chloé elle est trop jeune",
            named(P::Accepted, "tom", Some("chloe")),
        ),
        (
            "yes for Tom but not for Chloe she is too young",
            named(P::Accepted, "tom", Some("chloe")),
        ),
        // Still free text: a sentence, not a name.
        (
            "oui je l'appelle demain",
            R::Unclear {
                participation: None,
            },
        ),
        (
            "Oui mais pas avant lundi",
            R::Unclear {
                participation: None,
            },
        ),
        (
            "ok pour Marie mais je rappelle Paul demain",
            R::Unclear {
                participation: None,
            },
        ),
    ];
    for (text, expected) in table {
        assert_eq!(referent::parse(text), expected, "{text:?}");
    }

    let role = Role::Referent { structure_id: 4 };
    let loaded = pending_named();
    let fr = |out: &Output| {
        out.replies
            .iter()
            .flat_map(|r| &r.parts)
            .map(|t| crate::i18n::I18n::get().format(crate::domain::Lang::Fr, t))
            .collect::<Vec<_>>()
            .join(" / ")
    };

    // QUI: who waits, with names and missions; nothing recorded.
    let (need, out) = step(&role, &State::default(), "qui est-ce ?", &loaded);
    assert_eq!(need, Need::PendingNamed);
    assert!(out.effects.is_empty());
    let said = fr(&out);
    for part in [
        "3 bénévoles attendent",
        "12 : Marie, Distribution de colis",
        "14 : Zoé, Courses pour les aînés du quartier Sa...",
    ] {
        assert!(said.contains(part), "{part} in {said}");
    }
    let (_, none) = step(&role, &State::default(), "QUI", &Loaded::default());
    assert_eq!(ids(&none), ["referent-who-none"]);

    // A first name answers that alert, as OK 12 would.
    let (need, out) = step(&role, &State::default(), "ok pour Marie", &loaded);
    assert_eq!(need, Need::PendingNamed);
    assert_eq!(
        out.effects[0],
        Effect::Record {
            participation: 12,
            status: P::Accepted
        }
    );
    assert_eq!(ids(&out), ["referent-answer-recorded"]);
    let (_, out) = step(&role, &State::default(), "appelé zoe", &loaded);
    assert_eq!(
        out.effects,
        [Effect::Record {
            participation: 14,
            status: P::Contacted
        }]
    );

    // "… mais pas pour Paul": Marie accepted, nothing for Paul, and how to say no.
    let (_, out) = step(
        &role,
        &State::default(),
        "ok pour Marie mais pas pour Paul",
        &loaded,
    );
    assert_eq!(out.effects.len(), 2, "{:?}", out.effects); // record + tell Marie
    assert!(out.effects.iter().all(|e| !matches!(
        e,
        Effect::Record {
            participation: 13,
            ..
        }
    )));
    assert!(
        fr(&out).contains("Pour Paul (alerte 13), rien n'est enregistré. Répondez NON 13"),
        "{}",
        fr(&out)
    );

    // A word that is nobody's name: free text, nothing recorded.
    let (_, out) = step(&role, &State::default(), "ok demain", &loaded);
    assert!(out.effects.is_empty());
    assert_eq!(ids(&out), ["referent-unclear-which"]);

    // Two volunteers with the same first name: the numbers.
    let mut twins = pending_named();
    twins.named[1].first_name = "Marie".into();
    let (_, out) = step(&role, &State::default(), "OK Marie", &twins);
    assert!(out.effects.is_empty());
    assert!(fr(&out).contains("alertes 13, 12"), "{}", fr(&out));

    // In English too.
    let (_, out) = step(&role, &State::default(), "who", &loaded);
    let en = crate::i18n::I18n::get().format(crate::domain::Lang::En, &out.replies[0].parts[0]);
    assert!(en.contains("3 volunteers are waiting"), "{en}");
}

#[test]
fn annuler_takes_back_the_last_refusal_within_the_window() {
    use moderator::{Command as M, UNDO_WINDOW};
    for text in [
        "ANNULER",
        "annuler le refus",
        "Oups",
        "undo",
        "je me suis trompée",
    ] {
        assert_eq!(moderator::parse(text), M::Undo, "{text:?}");
    }
    // CANCEL is the carriers' STOP: never an undo.
    assert_ne!(moderator::parse("cancel"), M::Undo);

    let role = Role::Moderator {
        departements: vec!["62".into()],
    };
    let refused = |status: &str| Loaded {
        item: Some(ItemView {
            pending: status == "pending",
            status: status.into(),
            departement: "62".into(),
        }),
        ..Loaded::default()
    };
    // A refusal by button remembers what and when.
    let (_, out) = step(
        &role,
        &State::default(),
        "mod:refuse:volunteer:8",
        &refused("pending"),
    );
    assert!(matches!(
        out.effects[..],
        [Effect::Decide {
            approve: false,
            id: 8,
            ..
        }]
    ));
    let after = out.state;
    let (need, out) = step(&role, &after, "ANNULER", &refused("refused"));
    assert_eq!(
        need,
        Need::Item {
            kind: ItemKind::Volunteer,
            id: 8,
            labelled: false
        }
    );
    assert_eq!(
        out.effects,
        [Effect::UndoRefusal {
            kind: ItemKind::Volunteer,
            id: 8
        }]
    );
    assert_eq!(ids(&out), ["moderator-undone"]);
    // Once only.
    let (need, again) = step(&role, &out.state, "ANNULER", &Loaded::default());
    assert_eq!(need, Need::Nothing);
    assert!(again.effects.is_empty());
    assert_eq!(ids(&again), ["moderator-undo-nothing"]);
    // Decided again meanwhile (validated by a colleague): nothing to undo.
    let (_, late) = step(&role, &after, "ANNULER", &refused("validated"));
    assert!(late.effects.is_empty());
    // Only right after: another command in between forgets the refusal.
    let (_, file) = step(&role, &after, "FILE", &Loaded::default());
    let (need, late) = step(&role, &file.state, "ANNULER", &refused("refused"));
    assert_eq!(need, Need::Nothing);
    assert!(late.effects.is_empty());
    // "annuler" as the answer to VALIDER TOUT's question cancels that, not a refusal.
    let mut asked = after.clone();
    if let View::Moderator(v) = &mut asked.view {
        v.confirm = vec![(ItemKind::Volunteer, 9)];
    }
    let (_, out) = step(&role, &asked, "annuler", &refused("refused"));
    assert!(out.effects.is_empty(), "{:?}", out.effects);
    assert_eq!(ids(&out), ["moderator-confirm-dropped"]);
    // After the window: nothing.
    let later = Context {
        now: 1_000 + UNDO_WINDOW + 1,
        ..sms()
    };
    let command = read(&role, &Event::Text("ANNULER".into()));
    let out = handle(&role, &after, &command, &refused("refused"), &later);
    assert!(out.effects.is_empty());
    assert_eq!(ids(&out), ["moderator-undo-nothing"]);
}

/// Issue 24's copy: "question d'Emily", "réponse d'Hélène", "question de Paul".
#[test]
fn de_is_elided_before_a_vowel_or_an_h() {
    let fr = |r: Reply| crate::i18n::I18n::get().format(crate::domain::Lang::Fr, &r.parts[0]);
    assert!(fr(referent::question("Emily", 3, "?")).starts_with("Renfort : question d'Emily"));
    assert!(
        fr(referent::relayed_to_referent("Hélène", 3, "ok"))
            .starts_with("Renfort : réponse d'Hélène")
    );
    assert!(fr(referent::question("Paul", 3, "?")).starts_with("Renfort : question de Paul"));
    assert!(fr(referent::question("Yasmine", 3, "?")).starts_with("Renfort : question de Yasmine"));
    assert!(fr(referent::question("Yves", 3, "?")).starts_with("Renfort : question d'Yves"));
}

/// A moderator answers a volunteer's question: "MSG 12 …" is an answer to volunteer 12, sent
/// only to a volunteer of their départements.
#[test]
fn a_moderator_answers_by_msg_and_the_number_of_the_question() {
    use moderator::Command as M;
    assert_eq!(
        moderator::parse("MSG 12 Oui, des gants sont fournis."),
        M::Answer {
            volunteer_id: 12,
            text: "Oui, des gants sont fournis.".into()
        }
    );
    assert_eq!(
        moderator::parse("répondre 12 oui"),
        M::Answer {
            volunteer_id: 12,
            text: "oui".into()
        }
    );
    assert_eq!(moderator::parse("MSG 12"), M::Help);
    let role = Role::Moderator {
        departements: vec!["62".into()],
    };
    let loaded = |dep: &str| Loaded {
        volunteer: Some(VolunteerView {
            departement: dep.into(),
            first_name: "Emma".into(),
        }),
        ..Loaded::default()
    };
    let (need, out) = step(&role, &State::default(), "MSG 12 Oui", &loaded("62"));
    assert_eq!(need, Need::Volunteer { id: 12 });
    assert_eq!(
        out.effects,
        [Effect::AnswerVolunteer {
            volunteer_id: 12,
            text: "Oui".into()
        }]
    );
    assert_eq!(ids(&out), ["moderator-answer-sent"]);
    for other in [loaded("59"), Loaded::default()] {
        let (_, out) = step(&role, &State::default(), "MSG 12 Oui", &other);
        assert!(out.effects.is_empty());
        assert_eq!(ids(&out), ["moderator-answer-unknown"]);
    }
}
