//! Issue 24, table by table, French and English: nobody waits for someone who does not exist
//! (départements open or not), questions get answers or a person, and what people really type
//! (numbers in words, "cancel 1", English first messages, names said twice).

use super::*;
use crate::domain::ParticipationStatus;
use crate::engine::Coverage;

/// Only the 62 is open (a moderator there), as in the demo.
fn only_62() -> Coverage {
    Coverage::default().with_moderator_lists(["62"])
}

fn all_ids(out: &Output) -> Vec<String> {
    out.replies
        .iter()
        .flat_map(|r| r.parts.iter().map(|t| t.id.clone()))
        .collect()
}

/// A volunteer registered (pending) in `place`, in `lang`, with `coverage`.
fn registered_in(lang: Lang, place: &str, coverage: Coverage) -> (H, Vec<Output>) {
    let mut h = H::new();
    h.auto_deps = coverage.auto.clone();
    h.coverage = coverage;
    let script = match lang {
        Lang::Fr => ["Bonjour", "oui", "Paul", place, "oui", "1", "le soir"],
        Lang::En => ["Hello", "yes", "Paul", place, "yes", "1", "evenings"],
    };
    let outs = script.iter().map(|a| h.out(a)).collect();
    (h, outs)
}

#[test]
fn a_departement_that_is_not_open_is_said_at_once_and_nothing_waits_for_nobody() {
    // (language, commune, coverage, open?)
    let rows: Vec<(Lang, &str, Coverage, bool)> = vec![
        (Lang::Fr, "Amiens", only_62(), false),
        (Lang::En, "Amiens", only_62(), false),
        (Lang::Fr, "Lille", only_62(), false),
        (Lang::En, "Abbeville", only_62(), false),
        (Lang::Fr, "Arras", only_62(), true),
        (Lang::En, "Lens", only_62(), true),
        // A moderator for every département opens them all.
        (
            Lang::Fr,
            "Amiens",
            Coverage::default().with_moderator_lists(["*"]),
            true,
        ),
        (
            Lang::En,
            "Amiens",
            Coverage::default().with_moderator_lists(["62", "80 59"]),
            true,
        ),
        // Closed by the operator although a moderator is named there.
        (
            Lang::Fr,
            "Arras",
            Coverage {
                closed: vec!["62".into()],
                ..only_62()
            },
            false,
        ),
        // Validated automatically: open without a moderator.
        (
            Lang::En,
            "Amiens",
            Coverage {
                auto: vec!["80".into()],
                ..Coverage::default()
            },
            true,
        ),
    ];
    let mut failures = Vec::new();
    for (lang, place, coverage, open) in rows {
        let (mut h, outs) = registered_in(lang, place, coverage);
        let what = format!("{lang:?} {place} open={open}");
        let place_ids = all_ids(&outs[3]);
        let finish_ids = all_ids(&outs[6]);
        if open {
            if place_ids.contains(&"departement-not-open".to_string()) {
                failures.push(format!("{what}: told not open {place_ids:?}"));
            }
            if finish_ids.contains(&"registered-not-open".to_string()) {
                failures.push(format!("{what}: {finish_ids:?}"));
            }
            continue;
        }
        // Told at once, with the commune, before the next question.
        if place_ids.first().map(String::as_str) != Some("place-found")
            || place_ids.get(1).map(String::as_str) != Some("departement-not-open")
        {
            failures.push(format!("{what}: place step {place_ids:?}"));
        }
        if finish_ids != ["registered-not-open"] || h.v.status != VolunteerStatus::Pending {
            failures.push(format!("{what}: finish {finish_ids:?}"));
        }
        // No RAYON 20, 30, 40: where Renfort is.
        let offers = std::mem::take(&mut h.offers);
        let out = h.out("MISSIONS");
        if all_ids(&out) != ["no-missions-not-open"] {
            failures.push(format!("{what}: MISSIONS {:?}", all_ids(&out)));
        }
        // Missions nearby (or further, after RAYON 50) are not listed either: an offer to
        // help would be held for ever, so none is offered, and OUI 1 holds nothing.
        h.offers = offers;
        let out = h.out("MISSIONS");
        if all_ids(&out) != ["no-missions-not-open"] {
            failures.push(format!("{what}: MISSIONS with offers {:?}", all_ids(&out)));
        }
        let out = h.out("OUI 1");
        if out
            .effects
            .iter()
            .any(|e| matches!(e, Effect::Intent { .. }))
        {
            failures.push(format!(
                "{what}: OUI 1 {:?} {:?}",
                all_ids(&out),
                out.effects
            ));
        }
        let out = h.out(match lang {
            Lang::Fr => "Quand est-ce qu'on va m'appeler ?",
            Lang::En => "When will they call me?",
        });
        if all_ids(&out) != ["faq-call-not-open"] {
            failures.push(format!("{what}: when {:?}", all_ids(&out)));
        }
        for t in texts(&out) {
            if !t.contains(match lang {
                Lang::Fr => "pas encore ouvert",
                Lang::En => "not open",
            }) {
                failures.push(format!("{what}: {t}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_validated_volunteer_moving_where_renfort_is_not_open_is_told_so() {
    for lang in [Lang::Fr, Lang::En] {
        let mut h = H::at_step(lang, 7);
        h.coverage = only_62();
        h.v.status = VolunteerStatus::Validated;
        h.out(match lang {
            Lang::Fr => "MODIFIER",
            Lang::En => "EDIT",
        });
        h.out("2");
        let out = h.out("Amiens");
        assert_eq!(out.effects, [Effect::ProfileToReview], "{lang:?}");
        assert!(
            all_ids(&out).contains(&"profile-review-not-open".to_string()),
            "{lang:?} {:?}",
            all_ids(&out)
        );
    }
}

/// A registered volunteer in Arras (62, open) in `lang`, with `status` and these intents.
fn ready(lang: Lang, status: VolunteerStatus, intents: &[ParticipationStatus]) -> H {
    let mut h = H::at_step(lang, 7);
    h.coverage = only_62();
    h.v.status = status;
    for (i, s) in intents.iter().enumerate() {
        h.intents.push(Intent {
            mission_id: 100 + i as i64,
            title: "Colis alimentaires".into(),
            structure: "CCAS d'Arras".into(),
            status: *s,
        });
    }
    h
}

#[test]
fn questions_get_an_answer_from_the_faq_that_knows_where_the_person_stands() {
    use ParticipationStatus as P;
    use VolunteerStatus as V;
    let rows: &[(Lang, V, &[P], &str, &str)] = &[
        (
            Lang::Fr,
            V::Pending,
            &[],
            "Quand est-ce qu'ils vont m'appeler ?",
            "faq-call-pending",
        ),
        (
            Lang::Fr,
            V::Pending,
            &[],
            "quand est ce qu on m appelle",
            "faq-call-pending",
        ),
        (
            Lang::En,
            V::Pending,
            &[],
            "When will they call me?",
            "faq-call-pending",
        ),
        (
            Lang::Fr,
            V::Validated,
            &[P::Sent],
            "Quand est-ce qu'ils vont m'appeler ?",
            "faq-call-relayed",
        ),
        (
            Lang::En,
            V::Validated,
            &[P::Contacted],
            "when will I hear back?",
            "faq-call-relayed",
        ),
        (
            Lang::Fr,
            V::Validated,
            &[P::Accepted],
            "Ils vont me rappeler ?",
            "faq-call-accepted",
        ),
        (
            Lang::Fr,
            V::Validated,
            &[],
            "Quand est-ce qu'on m'appelle ?",
            "faq-call-none",
        ),
        (
            Lang::En,
            V::Validated,
            &[],
            "When do they call me?",
            "faq-call-none",
        ),
        (
            Lang::Fr,
            V::Validated,
            &[],
            "Je peux venir avec ma fille ?",
            "faq-bring",
        ),
        (
            Lang::En,
            V::Validated,
            &[],
            "Can I bring my son?",
            "faq-bring",
        ),
        (
            Lang::En,
            V::Pending,
            &[],
            "Do I need to speak French?",
            "faq-language",
        ),
        (
            Lang::Fr,
            V::Pending,
            &[],
            "Il faut parler français ?",
            "faq-language",
        ),
        (Lang::Fr, V::Validated, &[], "C'est payé ?", "faq-cost"),
        (Lang::En, V::Validated, &[], "Is it paid?", "faq-cost"),
        (
            Lang::Fr,
            V::Pending,
            &[],
            "C'est quoi Renfort ?",
            "faq-what",
        ),
        (Lang::En, V::Pending, &[], "What is Renfort?", "faq-what"),
    ];
    let mut failures = Vec::new();
    for (lang, status, intents, input, want) in rows {
        let mut h = ready(*lang, *status, intents);
        let out = h.out(input);
        if all_ids(&out) != [*want] || !out.effects.is_empty() {
            failures.push(format!(
                "{lang:?} {input:?}: {:?} {:?}",
                all_ids(&out),
                out.effects
            ));
        }
    }
    // While registering: the answer, then the pending question itself.
    for (lang, input) in [
        (Lang::Fr, "Quand est-ce qu'on m'appelle ?"),
        (Lang::En, "When will they call me?"),
    ] {
        let mut h = H::at_step(lang, 4);
        let ids = h.ids(input);
        if ids != ["faq-call-registering", "ask-on-site"] {
            failures.push(format!("{lang:?} registering {input:?}: {ids:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn what_the_faq_cannot_answer_reaches_a_person_and_the_volunteer_knows_who() {
    use ParticipationStatus as P;
    use VolunteerStatus as V;
    for lang in [Lang::Fr, Lang::En] {
        let q = match lang {
            Lang::Fr => "Il faut des gants ?",
            Lang::En => "Should I wear gloves?",
        };
        // An intent open: the structure's referents.
        let mut h = ready(lang, V::Validated, &[P::Cancelled, P::Sent]);
        let out = h.out(q);
        assert_eq!(all_ids(&out), ["question-to-structure"], "{lang:?}");
        assert_eq!(
            out.effects,
            [Effect::Question {
                mission_id: Some(101),
                text: q.into()
            }]
        );
        // None: the département's moderators.
        let mut h = ready(lang, V::Pending, &[]);
        let out = h.out(q);
        assert_eq!(all_ids(&out), ["question-to-moderators"], "{lang:?}");
        assert_eq!(
            out.effects,
            [Effect::Question {
                mission_id: None,
                text: q.into()
            }]
        );
        // QUESTION and anything: a person too.
        let mut h = ready(lang, V::Pending, &[]);
        let out = h.out("QUESTION je n'ai pas de voiture, c'est grave");
        assert_eq!(
            out.effects,
            [Effect::Question {
                mission_id: None,
                text: "je n'ai pas de voiture, c'est grave".into()
            }]
        );
        // Nobody there: said honestly, nothing relayed.
        let mut h = ready(lang, V::Pending, &[]);
        h.coverage = Coverage::default();
        let out = h.out(q);
        assert_eq!(all_ids(&out), ["question-nobody"], "{lang:?}");
        assert!(out.effects.is_empty());
    }
}

#[test]
fn never_not_understood_twice_in_a_row_without_offering_a_person() {
    let noise = [
        "blabla",
        "xyz",
        "🙂🙂",
        "ben",
        "hmm",
        "asdf",
        "lol",
        "…",
        "ok ok ok ok ok",
        "rien",
    ];
    for lang in [Lang::Fr, Lang::En] {
        let mut h = ready(lang, VolunteerStatus::Validated, &[]);
        let mut previous = String::new();
        for n in noise {
            let ids = h.ids(n);
            assert_eq!(ids.len(), 1, "{n:?}");
            assert!(
                !(ids[0] == "not-understood" && previous == "not-understood"),
                "{lang:?} {n:?}: not understood twice in a row"
            );
            previous = ids[0].clone();
        }
        // Understood in between: the count starts again.
        assert_eq!(h.ids("blabla"), ["not-understood-again"]);
        h.out("MISSIONS");
        assert_eq!(h.ids("blabla"), ["not-understood"]);
        let t = texts(&h.out("blabla")).join(" ");
        assert!(t.contains("QUESTION"), "{t}");
    }
}

#[test]
fn numbers_in_words_and_sentences_wherever_a_number_is_asked() {
    for lang in [Lang::Fr, Lang::En] {
        // An intent in a sentence: the second mission shown.
        for input in match lang {
            Lang::Fr => [
                "Oui pour la 2 !",
                "oui la deux",
                "OK je prends la 2",
                "d'accord pour la deux",
            ],
            Lang::En => ["Yes for number 2!", "yes number two", "ok the 2", "yes two"],
        } {
            let mut h = ready(lang, VolunteerStatus::Validated, &[]);
            h.out("MISSIONS");
            let out = h.out(input);
            assert_eq!(
                out.effects,
                [Effect::Intent { mission_id: 101 }],
                "{lang:?} {input:?}"
            );
        }
        // Details in words.
        for input in ["la deux", "le 2", "numéro 2", "number two", "the second"] {
            let mut h = ready(lang, VolunteerStatus::Validated, &[]);
            h.out("MISSIONS");
            let out = h.out(input);
            assert_eq!(h.v.conversation.detail, Some(101), "{lang:?} {input:?}");
            assert_eq!(all_ids(&out)[0], "mission-details");
        }
        // Domains in words.
        for (input, bits) in [
            ("le un et le trois", 0b101),
            ("un et trois", 0b101),
            ("la deux", 0b10),
            ("one and four", 0b1001),
        ] {
            let mut h = H::at_step(lang, 5);
            h.out(input);
            assert_eq!(h.v.domains.0, bits, "{lang:?} {input:?}");
            assert_eq!(h.v.conversation.step, Step::Availability);
        }
        // A commune among several, in words.
        let mut h = H::at_step(lang, 3);
        h.out("62000");
        assert_eq!(h.v.conversation.step, Step::ChoosePlace);
        h.out("la deux");
        assert!(h.v.place.is_some(), "{lang:?}");
    }
}

#[test]
fn cancel_n_withdraws_that_offer_and_a_bare_cancel_still_opts_out() {
    for (lang, input) in [
        (Lang::En, "cancel 2"),
        (Lang::Fr, "annuler 2"),
        (Lang::Fr, "Annuler la deux"),
        (Lang::En, "withdraw 2"),
    ] {
        let mut h = ready(
            lang,
            VolunteerStatus::Validated,
            &[ParticipationStatus::Sent, ParticipationStatus::Sent],
        );
        let out = h.out(input);
        assert_eq!(
            out.effects,
            [Effect::CancelIntent { mission_id: 101 }],
            "{lang:?} {input:?}"
        );
        let mut h = ready(
            lang,
            VolunteerStatus::Validated,
            &[ParticipationStatus::Sent],
        );
        let out = h.out("CANCEL");
        assert_eq!(out.effects, [Effect::Stop]);
    }
}

#[test]
fn an_english_first_message_starts_in_english() {
    for (input, lang) in [
        ("Hi, I'd like to volunteer", Lang::En),
        ("Hello, I want to help", Lang::En),
        ("hi i would like to sign up please", Lang::En),
        ("Good morning, can I volunteer?", Lang::En),
        ("Bonjour je voudrais aider", Lang::Fr),
        ("Salut, je veux être bénévole", Lang::Fr),
        ("Hi je m'appelle Kevin", Lang::Fr),
    ] {
        let mut h = H::new();
        h.out(input);
        assert_eq!(h.v.lang, lang, "{input:?}");
    }
}

#[test]
fn a_name_said_again_is_a_name() {
    for (input, name) in [
        ("Je vous l'ai dit c'est Jeanine", "Jeanine"),
        ("je vous l ai deja dit : Jeanine", "Jeanine"),
        ("I told you, it's Ann", "Ann"),
        ("Je vous ai dit Jeanine", "Jeanine"),
    ] {
        let mut h = H::at_step(Lang::Fr, 2);
        h.out(input);
        assert_eq!(h.v.first_name.as_deref(), Some(name), "{input:?}");
    }
}

#[test]
fn a_first_message_that_says_who_and_where_fills_what_it_can_and_confirms() {
    // (first message, consent, name, commune, availability, next step)
    type Row<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        Step,
    );
    let rows: &[Row] = &[
        (
            "Bonjour je m'appelle Jeanine, j'habite à Bruay-la-Buissière et je suis dispo le matin",
            "oui",
            Some("Jeanine"),
            Some("Bruay-la-Buissière"),
            Some("le matin"),
            Step::OnSite,
        ),
        (
            "bonjour moi c'est Kevin j'habite a Lens",
            "OUI",
            Some("Kevin"),
            Some("Lens"),
            None,
            Step::OnSite,
        ),
        (
            "Je m'appelle Odette et je voudrais aider",
            "oui",
            Some("Odette"),
            None,
            None,
            Step::Place,
        ),
        (
            "J'habite à Arras, je veux aider",
            "oui",
            None,
            Some("Arras"),
            None,
            Step::FirstName,
        ),
        (
            "Hi, my name is Tom, I live in Lens and I'm available evenings",
            "yes",
            Some("Tom"),
            Some("Lens"),
            Some("evenings"),
            Step::OnSite,
        ),
        (
            "Hello, I'm Ann. I live in Arras",
            "yes",
            Some("Ann"),
            Some("Arras"),
            None,
            Step::OnSite,
        ),
        // Nothing usable: the usual questions.
        ("Bonjour", "oui", None, None, None, Step::FirstName),
        (
            "Hi, I'm available tomorrow",
            "yes",
            None,
            None,
            None,
            Step::FirstName,
        ),
    ];
    let mut failures = Vec::new();
    for (first, yes, name, commune, availability, step) in rows {
        let mut h = H::new();
        h.out(first);
        let out = h.out(yes);
        let what = format!("{first:?}");
        if h.v.first_name.as_deref() != *name {
            failures.push(format!("{what}: name {:?}", h.v.first_name));
        }
        if h.v.place.as_ref().map(|p| p.commune.as_str()) != *commune {
            failures.push(format!("{what}: place {:?}", h.v.place));
        }
        if h.v.availability.as_deref() != *availability {
            failures.push(format!("{what}: availability {:?}", h.v.availability));
        }
        if h.v.conversation.step != *step {
            failures.push(format!("{what}: step {:?}", h.v.conversation.step));
        }
        let ids = all_ids(&out);
        // A name alone is acknowledged by the next question ("Merci, Chloé !"): no "C'est
        // noted" before it, no second thanks.
        let noted = commune.is_some() || (name.is_some() && availability.is_some());
        if noted != ids.contains(&"intro-noted".to_string()) {
            failures.push(format!("{what}: {ids:?}"));
        }
        // What was understood travels with the next question when both fit one SMS.
        if noted && out.replies.len() > 1 {
            let joined: usize = out
                .replies
                .iter()
                .map(|r| crate::render::reply_text(h.v.lang, r).chars().count() + 1)
                .sum();
            if joined <= 161 {
                failures.push(format!(
                    "{what}: {} SMS for {joined} characters",
                    out.replies.len()
                ));
            }
        }
    }
    // With availability given, the domains are the last question.
    let mut h = H::new();
    h.out("Bonjour je m'appelle Jeanine, j'habite à Arras et je suis dispo le matin");
    for a in ["oui", "oui"] {
        h.out(a);
    }
    assert_eq!(h.ids("1 3"), ["registered-pending"]);
    // Refused terms: what the first message said is dropped.
    let mut h = H::new();
    h.out("Je m'appelle Jeanine, j'habite à Arras");
    h.out("non");
    assert_eq!(h.v.conversation.intro, None);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn copy_vocative_commas_and_agreement() {
    let mut h = H::at_step(Lang::Fr, 2);
    let t = texts(&h.out("Lucas")).join(" ");
    assert!(t.starts_with("Merci, Lucas !"), "{t}");
    let mut h = H::at_step(Lang::En, 2);
    let t = texts(&h.out("Lucas")).join(" ");
    assert!(t.starts_with("Thank you, Lucas!"), "{t}");
    let fr = |t: Text| I18n::get().format(Lang::Fr, &t);
    let done = |kind: &str| {
        fr(Text::new("moderation-done")
            .arg("kind", kind)
            .arg("id", 3i64)
            .arg("approved", "no")
            .arg("minutes", 15i64))
    };
    // The thing refused agrees ("mission … refusée"), and the moderator learns the refusal
    // waits out the undo window.
    assert_eq!(
        done("mission"),
        "C'est fait : mission 3 refusée. Le refus part dans 15 min (ANNULER d'ici là pour le reprendre)."
    );
    assert_eq!(
        done("structure"),
        "C'est fait : structure 3 refusée. ANNULER pour revenir dessus."
    );
    let undone = fr(Text::new("volunteer-refusal-undone").arg("name", "Gérard"));
    assert!(undone.starts_with("Gérard, pardon :"), "{undone}");
    let on_site = fr(Text::new("ask-on-site"));
    assert!(on_site.contains("entre 18 et 69 ans"), "{on_site}");
    let reask = fr(Text::new("on-site-reask"));
    assert!(reask.contains("entre 18 et 69 ans"), "{reask}");
}

#[test]
fn an_age_under_the_minimum_is_explained_and_kept_for_the_moderator() {
    // (language, answer to the on-site question, minimum in the 62, on site, reply)
    let rows = [
        (Lang::Fr, "j'ai 17 ans", 18, Some(false), "age-under-min"),
        (Lang::Fr, "17 ans", 18, Some(false), "age-under-min"),
        (Lang::En, "I'm 16", 18, Some(false), "age-under-min"),
        (Lang::En, "16 years old", 16, Some(true), "ask-domains"),
        (Lang::Fr, "17", 16, Some(true), "ask-domains"),
        (Lang::Fr, "45 ans", 18, Some(true), "ask-domains"),
        (Lang::En, "I am 72", 18, Some(false), "remote-only"),
        (Lang::Fr, "j'ai 5 chats", 18, None, "on-site-reask"),
    ];
    for (lang, input, min_age, on_site, reply) in rows {
        let mut h = H::at_step(lang, 4);
        h.coverage.min_ages = vec![("62".into(), min_age)];
        let out = h.out(input);
        assert_eq!(h.v.on_site, on_site, "{lang:?} {input:?}");
        assert_eq!(all_ids(&out)[0], reply, "{lang:?} {input:?}");
        if on_site.is_some() {
            assert!(h.v.conversation.age.is_some(), "{input:?}");
            let brief = crate::engine::staff::moderator::VolunteerBrief::of(&h.v);
            assert!(brief.summary().contains("age"), "{}", brief.summary());
        }
        if reply == "age-under-min" {
            // Remote only, and the registration goes on.
            assert_eq!(h.v.conversation.step, Step::Availability);
            let t = texts(&out).join(" ");
            assert!(t.contains(&min_age.to_string()), "{t}");
        }
    }
}

/// Played as people would (docs/personas.md): a place where the name was asked is a place,
/// and a command where the availability was asked is not stored as the availability.
#[test]
fn a_place_for_a_name_and_a_command_for_an_availability_are_not_stored_as_such() {
    for (lang, place, name) in [
        (Lang::Fr, "j'habite à Lens", "Gérard"),
        (Lang::En, "I live in Lens", "Gerald"),
    ] {
        let mut h = H::at_step(lang, 2);
        let out = h.out(place);
        assert_eq!(h.v.first_name, None, "{lang:?}");
        assert_eq!(
            h.v.place.as_ref().map(|p| p.commune.as_str()),
            Some("Lens"),
            "{lang:?}"
        );
        assert!(
            all_ids(&out).contains(&"intro-noted".to_string()),
            "{:?}",
            all_ids(&out)
        );
        assert_eq!(h.v.conversation.step, Step::FirstName);
        h.out(name);
        assert_eq!(h.v.first_name.as_deref(), Some(name));
        // The place is not asked again.
        assert_eq!(h.v.conversation.step, Step::OnSite, "{lang:?}");
    }
    for lang in [Lang::Fr, Lang::En] {
        let mut h = H::at_step(lang, 6);
        for command in ["OUI 1", "annuler 2"] {
            let out = h.out(command);
            assert_eq!(all_ids(&out), ["availability-first"], "{lang:?} {command}");
            assert_eq!(h.v.availability, None);
            assert_eq!(h.v.conversation.step, Step::Availability);
        }
        // Numbers alone (a late answer, an old keyboard's ticks) are not when one is free.
        for numbers in ["16", "2 3"] {
            let out = h.out(numbers);
            assert_eq!(
                all_ids(&out),
                ["availability-numbers"],
                "{lang:?} {numbers}"
            );
            assert_eq!(h.v.availability, None);
        }
        h.out(match lang {
            Lang::Fr => "le samedi",
            Lang::En => "saturdays",
        });
        assert!(h.v.availability.is_some());
    }
}

/// Issue 24, played by ten personas: what they typed that was still refused, in both
/// languages. Each row is a step, what was typed there, and what must be understood.
#[test]
fn what_personas_typed_is_understood() {
    // At the terms: a yes in two words.
    for (lang, input) in [(Lang::Fr, "ok oui"), (Lang::En, "ok yes")] {
        let mut h = H::at_step(lang, 1);
        h.out(input);
        assert!(h.v.consent.is_some(), "{lang:?} {input:?}");
        assert_eq!(h.v.conversation.step, Step::FirstName);
    }
    // At the on-site question: a no with the age, which says more.
    for (lang, input, age) in [
        (Lang::Fr, "non j'ai 16 ans", 16),
        (Lang::En, "no, I'm 16", 16),
        (Lang::Fr, "oui j'ai 72 ans", 72),
    ] {
        let mut h = H::at_step(lang, 4);
        let out = h.out(input);
        assert_eq!(h.v.conversation.age, Some(age), "{lang:?} {input:?}");
        assert_eq!(h.v.on_site, Some(false), "{lang:?} {input:?}");
        assert!(!all_ids(&out).contains(&"on-site-reask".to_string()));
    }
    // At the place question: impatience before the place, a detail after it.
    for (lang, input, commune) in [
        (Lang::Fr, "je vous l'ai dit, Lens", "Lens"),
        (Lang::En, "I told you, Lens", "Lens"),
        (Lang::En, "I live in Arras, near the station", "Arras"),
        (Lang::Fr, "Béthune, près de la gare", "Béthune"),
        // Issue 24 on Telegram: not a far commune matching the whole sentence.
        (
            Lang::Fr,
            "J'habite à Boulogne-sur-Mer, dans le quartier de la haute ville, près des remparts",
            "Boulogne-sur-Mer",
        ),
    ] {
        let mut h = H::at_step(lang, 3);
        h.out(input);
        assert_eq!(
            h.v.place.as_ref().map(|p| p.commune.as_str()),
            Some(commune),
            "{lang:?} {input:?}"
        );
    }
    // "Is it this commune, far away?" answered "oui c'est ça".
    for (lang, input) in [(Lang::Fr, "oui c'est ça"), (Lang::En, "yes that's right")] {
        let mut h = H::at_step(lang, 3);
        h.out("75011");
        assert_eq!(h.v.conversation.step, Step::ChoosePlace, "{lang:?}");
        h.out(input);
        assert_eq!(
            h.v.place.as_ref().map(|p| p.insee.as_str()),
            Some("75111"),
            "{lang:?} {input:?}"
        );
    }
    // A commune of the list by its name, from someone of the same name.
    for lang in [Lang::Fr, Lang::En] {
        let mut h = H::at_step(lang, 2);
        h.out("Albert");
        assert_eq!(h.v.first_name.as_deref(), Some("Albert"));
        h.out("80300");
        assert_eq!(h.v.conversation.step, Step::ChoosePlace, "{lang:?}");
        h.out("Albert");
        assert_eq!(
            h.v.place.as_ref().map(|p| p.commune.as_str()),
            Some("Albert"),
            "{lang:?}"
        );
    }
    // A name corrected later, while registering and once registered.
    for (lang, input, name) in [
        (Lang::Fr, "non je m'appelle Gérard", "Gérard"),
        (Lang::Fr, "mon prénom c'est Gérard pas Odette", "Gérard"),
        (
            Lang::Fr,
            "mon prénom c'est Gérard pas j'habite à Lens",
            "Gérard",
        ),
        (Lang::En, "no, my name is Gerald", "Gerald"),
    ] {
        let mut h = H::at_step(lang, 4);
        let (ids, messages) = h.parts(input);
        assert_eq!(h.v.first_name.as_deref(), Some(name), "{lang:?} {input:?}");
        assert_eq!(ids, ["name-corrected", "ask-on-site"], "{lang:?} {input:?}");
        assert_eq!(messages, 1, "{lang:?} {input:?}");
        let mut h = H::at_step(lang, 7);
        let out = h.out(input);
        assert_eq!(h.v.first_name.as_deref(), Some(name), "{lang:?} {input:?}");
        assert_eq!(all_ids(&out), ["name-corrected-ready"]);
    }
    // A withdrawal with its reason.
    for (lang, input) in [
        (Lang::Fr, "annuler la deux, le samedi je peux pas"),
        (Lang::En, "cancel 2 because I'm ill"),
    ] {
        let mut h = ready(
            lang,
            VolunteerStatus::Validated,
            &[ParticipationStatus::Sent, ParticipationStatus::Sent],
        );
        let out = h.out(input);
        assert_eq!(
            out.effects,
            [Effect::CancelIntent { mission_id: 101 }],
            "{lang:?} {input:?}"
        );
    }
}

/// Where Renfort is not open, the commune's confirmation and the notice naming where it is
/// open travel in one SMS, even for a long commune name (issue 24's Nadia, Paris 11e).
#[test]
fn the_not_open_notice_fits_one_sms_with_its_commune() {
    for (lang, consent) in [(Lang::Fr, "oui"), (Lang::En, "yes")] {
        for (place, pick) in [("75011", Some("1")), ("Amiens", None), ("97400", Some("1"))] {
            let mut h = H::new();
            h.coverage = only_62();
            for a in ["Bonjour", consent, "Nadia"] {
                h.out(a);
            }
            let placed = h.out(place);
            let out = match pick {
                Some(p) => h.out(p),
                None => placed,
            };
            let first = crate::render::reply_text(lang, &out.replies[0]);
            assert!(
                all_ids(&out).contains(&"departement-not-open".to_string()),
                "{lang:?} {place}: {:?}",
                all_ids(&out)
            );
            assert!(
                first.chars().count() <= 160,
                "{lang:?} {place}: {} characters: {first}",
                first.chars().count()
            );
        }
    }
}

/// Remote only, the end of registration sends to remote missions, not "missions proches"
/// (issue 24's Chloé).
#[test]
fn the_end_of_registration_names_remote_missions_for_the_remote_only() {
    for (lang, no, when, words) in [
        (Lang::Fr, "non", "le soir", "missions à distance"),
        (Lang::En, "no", "evenings", "remote missions"),
    ] {
        let mut h = H::at_step(lang, 4);
        h.out(no);
        let out = h.out(when);
        let said = crate::render::reply_text(lang, &out.replies[0]);
        assert!(said.contains(words), "{lang:?}: {said}");
        let mut h = H::at_step(lang, 6);
        let said = crate::render::reply_text(lang, &h.out(when).replies[0]);
        assert!(!said.contains(words), "{lang:?}: {said}");
    }
}
