//! The engine driven with no database and no network, like quinn-proto's tests.

use super::*;
use crate::domain::{Domain, Lang, VolunteerStatus};
use crate::i18n::I18n;

fn offers() -> Vec<Offer> {
    let offer = |id, title: &str, km: Option<f64>| Offer {
        id,
        title: title.into(),
        structure: "CCAS d'Arras".into(),
        domain: Domain::Food,
        commune: km.map(|_| "Arras".to_string()),
        distance_km: km,
        schedule: "mardi 9h-12h".into(),
        description: "Préparer des colis.".into(),
        places_left: 2,
    };
    vec![
        offer(10, "Colis alimentaires", Some(0.4)),
        offer(11, "Collecte de denrées", Some(2.14)),
        offer(12, "Épicerie solidaire", Some(12.6)),
        offer(13, "Appels aux isolés", None),
    ]
}

struct Harness {
    v: Volunteer,
    offers: Vec<Offer>,
    intents: Vec<Intent>,
    auto: bool,
    /// The départements validating automatically when `auto` is set.
    auto_deps: Vec<String>,
    now: i64,
    /// Missions no referent can receive an alert for.
    unalertable: Vec<i64>,
    without_phone: bool,
    carrier_words: bool,
}

impl Harness {
    fn new() -> Harness {
        Harness {
            v: Volunteer::default(),
            offers: offers(),
            intents: Vec::new(),
            auto: false,
            auto_deps: vec!["62".into()],
            now: 1_700_000_000,
            unalertable: Vec::new(),
            without_phone: false,
            carrier_words: true,
        }
    }

    /// Sends one message; returns the Fluent ids of each reply's first part, and effects.
    fn send(&mut self, text: &str) -> (Vec<String>, Vec<Effect>) {
        let out = self.send_full(text);
        (
            out.replies.iter().map(|r| r.parts[0].id.clone()).collect(),
            out.effects,
        )
    }

    fn send_full(&mut self, text: &str) -> Output {
        self.now += 60;
        let coverage = Coverage {
            auto: if self.auto {
                self.auto_deps.clone()
            } else {
                Vec::new()
            },
            ..Coverage::everywhere()
        };
        let ctx = Context {
            now: self.now,
            terms_version: "2020-03",
            terms_url: "https://renfort.example/cgu",
            home_departement: Some("62"),
            coverage: &coverage,
            offers: &self.offers,
            intents: &self.intents,
            unalertable: &self.unalertable,
            without_phone: self.without_phone,
            carrier_words: self.carrier_words,
        };
        let out = handle(&self.v, &Event::Text(text.into()), &ctx);
        for e in &out.effects {
            match e {
                Effect::Intent { mission_id } => self.intents.push(Intent {
                    mission_id: *mission_id,
                    title: format!("Mission {mission_id}"),
                    structure: "CCAS d'Arras".into(),
                    status: crate::domain::ParticipationStatus::Sent,
                }),
                Effect::CancelIntent { mission_id } => {
                    self.intents.retain(|i| i.mission_id != *mission_id)
                }
                _ => {}
            }
        }
        // Every reply formats in the volunteer's language with no missing message.
        for r in &out.replies {
            for part in &r.parts {
                assert!(
                    I18n::get().has(out.volunteer.lang, &part.id),
                    "missing {}",
                    part.id
                );
            }
        }
        self.v = out.volunteer.clone();
        out
    }

    fn register(&mut self) {
        for answer in ["Bonjour", "oui", "Marie", "Arras", "oui", "1 3", "soirs"] {
            self.send(answer);
        }
        assert_eq!(self.v.conversation.step, Step::Ready);
    }
}

#[test]
fn french_registration_step_by_step() {
    let mut h = Harness::new();
    assert_eq!(h.send("Bonjour").0, ["welcome-consent"]);
    assert_eq!(h.send("peut-être").0, ["consent-reask"]);
    assert_eq!(h.send("OUI").0, ["ask-first-name"]);
    let consent = h.v.consent.clone().unwrap();
    assert_eq!(consent.terms_version, "2020-03");
    assert_eq!(h.send("06 12 34 56 78").0, ["first-name-invalid"]);
    assert_eq!(h.send("Marie").0, ["ask-place"]);
    assert_eq!(h.v.first_name.as_deref(), Some("Marie"));
    assert_eq!(h.send("Atlantide").0, ["place-not-found"]);
    assert_eq!(h.send("62000").0, ["place-choose"]);
    assert_eq!(h.v.conversation.place_options, ["62041", "62263"]);
    assert_eq!(h.send("7").0, ["place-choose"]);
    assert_eq!(h.send("1").0, ["place-found"]);
    let place = h.v.place.clone().unwrap();
    assert_eq!(
        (place.commune.as_str(), place.departement.as_str()),
        ("Arras", "62")
    );
    assert_eq!(h.send("bof").0, ["on-site-reask"]);
    assert_eq!(h.send("Oui").0, ["ask-domains"]);
    assert_eq!(h.send("5").0, ["domains-reask"]);
    assert_eq!(h.send("1, 3").0, ["ask-availability"]);
    assert_eq!(
        h.v.domains.iter().collect::<Vec<_>>(),
        [Domain::Food, Domain::KeepingInTouch]
    );
    let (ids, effects) = h.send("le soir");
    assert_eq!(ids, ["registered-pending"]);
    assert_eq!(effects, [Effect::RegistrationComplete]);
    assert_eq!(h.v.status, VolunteerStatus::Pending);
    assert_eq!(h.v.availability.as_deref(), Some("le soir"));
}

#[test]
fn auto_validation_and_remote_only() {
    let mut h = Harness::new();
    h.auto = true;
    for answer in ["Salut", "oui", "Jean", "Lens"] {
        h.send(answer);
    }
    // Remote only: told which missions, not asked about domains it cannot take.
    assert_eq!(h.send("non").0, ["remote-only", "ask-availability"]);
    assert_eq!(h.v.on_site, Some(false));
    assert_eq!(
        h.v.domains.iter().collect::<Vec<_>>(),
        [Domain::KeepingInTouch]
    );
    assert_eq!(h.send("PASSER").0, ["registered-validated"]);
    assert_eq!(h.v.status, VolunteerStatus::Validated);
    assert_eq!(h.v.availability, None);
}

#[test]
fn browsing_pages_details_and_intent() {
    let mut h = Harness::new();
    h.register();
    let out = h.send_full("missions");
    assert_eq!(out.replies.len(), 1);
    let ids: Vec<&str> = out.replies[0].parts.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "missions-header",
            "mission-line",
            "mission-line",
            "mission-line",
            "missions-footer-more"
        ]
    );
    assert_eq!(h.v.conversation.shown, [10, 11, 12, 13]);
    // Under a kilometre, one decimal under ten, whole above; French decimal comma.
    let km: Vec<_> = out.replies[0].parts[1..4]
        .iter()
        .map(|t| {
            t.args
                .iter()
                .find(|(k, _)| k == "km")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert_eq!(
        km,
        [Some("<1".into()), Some("2,1".into()), Some("13".into())]
    );
    assert_eq!(
        out.replies[0].choices.len(),
        7,
        "details and help for 3, plus MORE"
    );
    let more = h.send_full("PLUS");
    assert_eq!(more.replies[0].parts[1].id, "mission-line-remote");
    assert_eq!(h.send("plus").0, ["no-more-missions"]);
    assert_eq!(h.send("9").0, ["number-out-of-range"]);
    assert_eq!(h.send("2").0, ["mission-details"]);
    assert_eq!(h.v.conversation.detail, Some(11));
    // A pending volunteer's intent is held until validation.
    let (ids, effects) = h.send("oui");
    assert_eq!(ids, ["intent-held"]);
    assert_eq!(effects, [Effect::Intent { mission_id: 11 }]);
    assert_eq!(h.send("OUI 2").0, ["intent-already"]);
    h.v.status = VolunteerStatus::Validated;
    let (ids, effects) = h.send("oui 1");
    assert_eq!(ids, ["intent-sent"]);
    assert_eq!(effects, [Effect::Intent { mission_id: 10 }]);
    // A mission that filled up in the meantime is no longer in the offers.
    h.offers.retain(|o| o.id != 12);
    assert_eq!(h.send("oui 3").0, ["mission-unavailable"]);
    assert_eq!(h.send("RAYON 20").0, ["radius-set"]);
    assert_eq!(h.v.radius_km, 20);
    assert_eq!(h.send("rayon 500").0, ["radius-invalid"]);
    assert_eq!(h.send("blabla").0, ["not-understood"]);
}

/// No promise that cannot be kept: a structure none of whose referents can receive the alert
/// is not said to call; on Telegram without a phone, one message says how the structure will
/// reach the volunteer, with the button to share it. The intent is recorded all the same.
#[test]
fn the_confirmation_of_an_intent_promises_only_what_can_happen() {
    // (validated, unalertable, without phone, reply, share-phone button)
    let table = [
        (true, false, false, "intent-sent", false),
        (false, false, false, "intent-held", false),
        (true, true, false, "intent-no-referent", false),
        (true, true, true, "intent-no-referent", false),
        (false, true, false, "intent-no-referent", false),
        (true, false, true, "intent-sent-no-phone", true),
        (false, false, true, "intent-held-no-phone", true),
    ];
    for (validated, unalertable, without_phone, reply, button) in table {
        let mut h = Harness::new();
        h.register();
        if validated {
            h.v.status = VolunteerStatus::Validated;
        }
        if unalertable {
            h.unalertable = vec![10];
        }
        h.without_phone = without_phone;
        h.send("MISSIONS");
        let out = h.send_full("OUI 1");
        let row = (validated, unalertable, without_phone);
        assert_eq!(out.replies.len(), 1, "{row:?}: one message");
        assert_eq!(out.replies[0].parts[0].id, reply, "{row:?}");
        assert_eq!(
            out.replies[0]
                .choices
                .iter()
                .any(|c| c.payload == SHARE_PHONE),
            button,
            "{row:?}"
        );
        assert_eq!(out.effects, [Effect::Intent { mission_id: 10 }], "{row:?}");
        // The other missions: the list is still there.
        assert_eq!(h.send("MISSIONS").0, ["missions-header"], "{row:?}");
    }
}

#[test]
fn stop_is_final_until_start() {
    let mut h = Harness::new();
    h.register();
    let (ids, effects) = h.send("Arrêt");
    assert_eq!(ids, ["stopped"]);
    assert_eq!(effects, [Effect::Stop]);
    for anything in ["MISSIONS", "aide", "oui 1", "STOP", "bonjour", ""] {
        let out = h.send_full(anything);
        assert!(
            out.replies.is_empty() && out.effects.is_empty(),
            "{anything:?} got {out:?}"
        );
    }
    let (ids, effects) = h.send("reprendre");
    assert_eq!(ids, ["resumed-ready"]);
    assert_eq!(effects, [Effect::Resume]);
    assert_eq!(h.send("MISSIONS").0, ["missions-header"]);
}

#[test]
fn stop_before_registering_and_start_resumes_the_question() {
    let mut h = Harness::new();
    assert_eq!(h.send("STOP SMS").0, ["stopped"]);
    assert!(h.send("oui").0.is_empty());
    assert_eq!(h.send("START").0, ["resumed", "welcome-consent"]);
}

#[test]
fn keywords_work_everywhere() {
    let mut h = Harness::new();
    h.send("Bonjour");
    assert_eq!(h.send("AIDE").0, ["help-registering", "welcome-consent"]);
    assert_eq!(
        h.send("MISSIONS").0,
        ["registration-not-finished", "welcome-consent"]
    );
    assert_eq!(h.send("language").0, ["language-set", "welcome-consent"]);
    assert_eq!(h.v.lang, Lang::En);
    assert_eq!(h.send("yes").0, ["ask-first-name"]);
    assert_eq!(h.send("LANGUE FR").0, ["language-set", "ask-first-name"]);
    assert_eq!(h.v.lang, Lang::Fr);
}

#[test]
fn english_first_message_starts_in_english() {
    let mut h = Harness::new();
    h.send("Hello");
    assert_eq!(h.v.lang, Lang::En);
    assert_eq!(h.send("Yes").0, ["ask-first-name"]);
}

/// The word names the language wanted: an English speaker who sends LANGUAGE stays in
/// English, a French speaker who sends LANGUE stays in French; each switches with the other's.
#[test]
fn language_words_name_the_language_wanted() {
    let mut h = Harness::new();
    h.send("Hello");
    assert_eq!(h.send("LANGUAGE").0, ["language-set", "welcome-consent"]);
    assert_eq!(h.v.lang, Lang::En);
    h.send("LANGUE");
    assert_eq!(h.v.lang, Lang::Fr);
    h.send("langue");
    assert_eq!(h.v.lang, Lang::Fr);
    h.send("Language");
    assert_eq!(h.v.lang, Lang::En);
}

#[test]
fn profile_edit_and_erase() {
    let mut h = Harness::new();
    h.register();
    assert_eq!(h.send("PROFIL").0, ["profile"]);
    assert_eq!(h.send("modifier").0, ["edit-menu"]);
    assert_eq!(h.send("1").0, ["edit-first-name"]);
    let (ids, effects) = h.send("Marie-Anne");
    assert_eq!(ids, ["profile-updated"]);
    assert!(effects.is_empty(), "editing does not re-register");
    assert_eq!(h.v.first_name.as_deref(), Some("Marie-Anne"));
    h.send("MODIFIER");
    h.send("2");
    let out = h.send_full("Lens");
    let ids: Vec<&str> = out.replies[0].parts.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        ["place-found", "profile-updated"],
        "same département: still validated"
    );
    assert_eq!(h.v.place.as_ref().unwrap().commune, "Lens");
    assert_eq!(h.send("SUPPRIMER").0, ["confirm-erase"]);
    assert_eq!(h.send("non").0, ["erase-cancelled"]);
    assert_eq!(h.v.conversation.step, Step::Ready);
    h.send("supprimer");
    let (ids, effects) = h.send("OUI");
    assert_eq!(ids, ["erased"]);
    assert_eq!(effects, [Effect::Erase]);
    assert_eq!(h.v.first_name, None);
    assert_eq!(h.v.place, None);
    assert_eq!(h.v.status, VolunteerStatus::Erased);
}

#[test]
fn bad_input_always_gets_a_short_answer() {
    let huge = "é".repeat(5_000);
    let inputs = [
        "",
        "   ",
        "🙂🙂🙂",
        "Привет, как дела?",
        "'; DROP TABLE volunteers; --",
        huge.as_str(),
        "\u{0}\u{7}",
        "99999999999999999999",
    ];
    for steps in 0..7 {
        for input in inputs {
            let mut h = Harness::new();
            let script = ["Bonjour", "oui", "Marie", "Arras", "oui", "1 3", "soirs"];
            for answer in &script[..steps] {
                h.send(answer);
            }
            let before = h.v.conversation.step.clone();
            let out = h.send_full(input);
            assert_eq!(
                out.replies.len(),
                1,
                "step {before:?}, input {input:?}: {out:?}"
            );
            // Echoed input is bounded.
            for (_, arg) in &out.replies[0].parts[0].args {
                if let crate::i18n::Arg::Str(s) = arg {
                    assert!(s.chars().count() <= 40, "{s}");
                }
            }
        }
    }
}

#[test]
fn volunteers_list_and_withdraw_their_intents() {
    let mut h = Harness::new();
    h.register();
    assert_eq!(h.send("MES MISSIONS").0, ["my-missions-none"]);
    h.send("MISSIONS");
    h.send("OUI 1");
    h.send("OUI 2");
    let out = h.send_full("mes missions");
    assert_eq!(out.replies[0].parts.len(), 4, "header, two lines, footer");
    assert_eq!(h.v.conversation.my_shown, [10, 11]);
    let (ids, effects) = h.send("ANNULER 2");
    assert_eq!(ids, ["intent-cancelled"]);
    assert_eq!(effects, [Effect::CancelIntent { mission_id: 11 }]);
    assert_eq!(
        h.send("annuler 2").0,
        ["my-missions-header-missing"],
        "gone: the list again, saying 2 is not in it"
    );
    assert_eq!(h.send("ANNULER").0, ["my-missions-header"]);
}

/// A volunteer in Celles (Cantal: no point of its own in the packages, placed by its postal-code
/// neighbours) sees rounded, marked distances; one in Arras or Cagnicourt (town hall) sees them
/// as before.
#[test]
fn distances_from_a_placed_commune_are_rounded_and_marked_approximate() {
    let line = |h: &mut Harness, lang: Lang| {
        h.v.lang = lang;
        let out = h.send_full("missions");
        let details = h.send_full("2");
        (
            I18n::get().format(lang, &out.replies[0].parts[2]),
            I18n::get().format(lang, &details.replies[0].parts[1]),
        )
    };
    let mut h = Harness::new();
    for answer in [
        "Bonjour",
        "oui",
        "Marie",
        "Celles 15",
        "1",
        "oui",
        "1 3",
        "soirs",
    ] {
        h.send(answer);
    }
    assert_eq!(h.v.place.as_ref().unwrap().insee, "15031");
    assert!(crate::geo::typical_error_km("15031") > 0);
    let (list, details) = line(&mut h, Lang::Fr);
    assert_eq!(list, "2. Collecte de denrées - Arras environ 2 km");
    assert_eq!(details, "Lieu : Arras, à environ 2 km.");
    let (list, details) = line(&mut h, Lang::En);
    assert_eq!(list, "2. Collecte de denrées - Arras about 2 km");
    assert_eq!(details, "Where: Arras, about 2 km away.");

    let mut h = Harness::new();
    h.register();
    let (list, details) = line(&mut h, Lang::Fr);
    assert_eq!(list, "2. Collecte de denrées - Arras 2,1 km");
    assert_eq!(details, "Lieu : Arras, à 2,1 km.");

    let mut h = Harness::new();
    for answer in [
        "Bonjour",
        "oui",
        "Marie",
        "Cagnicourt",
        "oui",
        "1 3",
        "soirs",
    ] {
        h.send(answer);
    }
    assert_eq!(h.v.place.as_ref().unwrap().insee, "62192");
    let (list, _) = line(&mut h, Lang::Fr);
    assert_eq!(list, "2. Collecte de denrées - Arras 2,1 km");
}

/// Property tests of the text input (issue 13).
mod fuzz;

/// The place question as people answer it (issue 26).
mod places;

/// Issue 24, on Telegram: a button names its mission, not its line; tapped under an older
/// list or other details, it acts on the mission it was shown with.
#[test]
fn an_old_button_acts_on_the_mission_it_was_shown_under() {
    let mut h = Harness::new();
    h.register();
    h.v.status = VolunteerStatus::Validated;
    let list = h.send_full("MISSIONS");
    let help_on_2 = list.replies[0]
        .choices
        .iter()
        .find(|c| {
            c.label.id == "choice-help" && c.label.args.iter().any(|(_, v)| *v == 2i64.into())
        })
        .map(|c| c.payload.clone())
        .expect("a help button for line 2");
    let second = h.v.conversation.shown[1];
    // Details of line 1, then the old list's button for line 2.
    let details = h.send_full("1");
    let this = details.replies[0].choices[0].payload.clone();
    let (_, effects) = h.send(&help_on_2);
    assert_eq!(effects, [Effect::Intent { mission_id: second }]);
    // The details' own button still names mission 1's mission.
    let (_, effects) = h.send(&this);
    assert_eq!(
        effects,
        [Effect::Intent {
            mission_id: h.v.conversation.shown[0]
        }]
    );
    // A mission no longer offered: said so, nothing recorded.
    let (ids, effects) = h.send("mission:999999:help");
    assert_eq!(ids, ["mission-unavailable"]);
    assert!(effects.is_empty());
}

/// Issue 24, on Telegram: someone reachable only there is never promised a call; the
/// structure writes to them.
#[test]
fn without_a_phone_nobody_is_promised_a_call() {
    for (without_phone, promised) in [(true, false), (false, true)] {
        let mut h = Harness::new();
        h.without_phone = without_phone;
        h.register();
        h.v.status = VolunteerStatus::Validated;
        h.send("MISSIONS");
        h.send("OUI 1");
        h.intents = vec![Intent {
            mission_id: 10,
            title: "Colis".into(),
            structure: "CCAS d'Arras".into(),
            status: crate::domain::ParticipationStatus::Sent,
        }];
        for question in ["Quand est-ce qu'ils vont m'appeler ?", "MES MISSIONS"] {
            let out = h.send_full(question);
            let said = crate::render::reply_text(Lang::Fr, &out.replies[0]);
            assert_eq!(said.contains("appeler"), promised, "{question}: {said}");
            assert_eq!(said.contains("écrire"), !promised, "{question}: {said}");
        }
    }
}

/// "cancel" by SMS is the carriers' opt-out (Twilio blocks the number after it): it stops
/// everything. On Telegram, once registered, it opens the offers to withdraw one.
#[test]
fn cancel_stops_by_sms_and_lists_the_offers_on_telegram() {
    for (carrier_words, expected) in [(true, "stopped"), (false, "my-missions-header")] {
        let mut h = Harness::new();
        h.carrier_words = carrier_words;
        h.register();
        h.v.status = VolunteerStatus::Validated;
        h.send("MISSIONS");
        h.send("OUI 1");
        h.intents = vec![Intent {
            mission_id: 10,
            title: "Colis".into(),
            structure: "CCAS d'Arras".into(),
            status: crate::domain::ParticipationStatus::Sent,
        }];
        let (ids, _) = h.send("cancel");
        assert_eq!(ids, [expected], "carrier words: {carrier_words}");
        assert_eq!(h.v.stopped, carrier_words);
    }
}

/// A mission offered since the list was shown reads as offered, not "plus disponible" (its
/// place is the one this offer took); its details say the offer is made.
#[test]
fn a_mission_just_offered_reads_as_offered_on_the_list() {
    let mut h = Harness::new();
    h.register();
    h.v.status = VolunteerStatus::Validated;
    h.send("MISSIONS");
    assert!(h.v.conversation.shown.len() > 3, "a second page");
    let fourth = h.v.conversation.shown[3];
    // Offered from a button naming it (Telegram), before its page was seen.
    let (_, effects) = h.send(&format!("mission:{fourth}:help"));
    assert_eq!(effects, [Effect::Intent { mission_id: fourth }]);
    // The offer took the place: no longer among the offers, but an intent.
    h.offers.retain(|o| o.id != fourth);
    h.intents = vec![Intent {
        mission_id: fourth,
        title: "Colis du mardi".into(),
        structure: "CCAS d'Arras".into(),
        status: crate::domain::ParticipationStatus::Sent,
    }];
    let out = h.send_full("PLUS");
    let ids: Vec<_> = out.replies[0].parts.iter().map(|t| t.id.as_str()).collect();
    assert!(ids.contains(&"mission-line-offered"), "{ids:?}");
    assert!(!ids.contains(&"mission-line-gone"), "{ids:?}");
    assert_eq!(h.send("4").0, ["intent-already"]);
}
