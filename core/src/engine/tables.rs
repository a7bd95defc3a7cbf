//! Table-driven tests of real inputs, step by step, French and English: what people actually
//! type (capitals, no accents, lengthened words, whole sentences) and what the engine must
//! make of it. Each table row is one input; the sizes are reported in the closing note.

use super::keywords::{is_opt_out, yes_no};
use super::*;
use crate::domain::{Domain, Lang, VolunteerStatus};
use crate::i18n::{I18n, Text};

/// Offers around Arras: 40 on site (two sharing a title and a commune), 3 remote missions
/// with the same title from different structures.
fn many_offers() -> Vec<Offer> {
    let mut v = Vec::new();
    for i in 0..40 {
        v.push(Offer {
            id: 100 + i,
            title: if i < 2 {
                "Colis alimentaires".into()
            } else {
                format!("Mission {i}")
            },
            structure: format!("Structure {i}"),
            domain: Domain::Food,
            commune: Some("Arras".into()),
            distance_km: Some(0.5 + i as f64 * 0.4),
            schedule: "mardi".into(),
            description: "Aider.".into(),
            places_left: 1,
        });
    }
    for (i, s) in ["CCAS d'Arras", "Centre social de Lens", "Mairie du Portel"]
        .iter()
        .enumerate()
    {
        v.push(Offer {
            id: 200 + i as i64,
            title: "Appels aux personnes isolées".into(),
            structure: s.to_string(),
            domain: Domain::KeepingInTouch,
            commune: None,
            distance_km: None,
            schedule: "quand vous voulez".into(),
            description: "Appeler.".into(),
            places_left: 3,
        });
    }
    v
}

struct H {
    v: Volunteer,
    offers: Vec<Offer>,
    intents: Vec<Intent>,
    /// Départements validating volunteers automatically (none: moderators everywhere).
    auto_deps: Vec<String>,
    /// Where Renfort is open (every département, moderated, unless a row says otherwise).
    coverage: Coverage,
    now: i64,
}

impl H {
    fn new() -> H {
        H {
            v: Volunteer::default(),
            offers: many_offers(),
            intents: Vec::new(),
            auto_deps: Vec::new(),
            coverage: Coverage::everywhere(),
            now: 1_700_000_000,
        }
    }

    fn out(&mut self, text: &str) -> Output {
        self.now += 60;
        let coverage = Coverage {
            auto: self.auto_deps.clone(),
            ..self.coverage.clone()
        };
        let ctx = Context {
            now: self.now,
            terms_version: "2020-03",
            terms_url: "https://renfort.example/cgu",
            home_departement: Some("62"),
            coverage: &coverage,
            offers: &self.offers,
            intents: &self.intents,
            unalertable: &[],
            without_phone: false,
            carrier_words: true,
        };
        let out = handle(&self.v, &Event::Text(text.into()), &ctx);
        for e in &out.effects {
            if let Effect::Intent { mission_id } = e {
                self.intents.push(Intent {
                    mission_id: *mission_id,
                    title: "t".into(),
                    structure: "s".into(),
                    status: crate::domain::ParticipationStatus::Sent,
                });
            }
        }
        self.v = out.volunteer.clone();
        out
    }

    fn ids(&mut self, text: &str) -> Vec<String> {
        self.out(text)
            .replies
            .iter()
            .map(|r| r.parts[0].id.clone())
            .collect()
    }

    /// Every part of every reply, and how many messages they make.
    fn parts(&mut self, text: &str) -> (Vec<String>, usize) {
        let (ids, messages, _) = self.parts_text(text);
        (ids, messages)
    }

    /// [`H::parts`], with the whole text said (the messages joined by a line break).
    fn parts_text(&mut self, text: &str) -> (Vec<String>, usize, String) {
        let out = self.out(text);
        let lang = self.v.lang;
        let ids = out
            .replies
            .iter()
            .flat_map(|r| r.parts.iter().map(|t| t.id.clone()))
            .collect();
        let said = out
            .replies
            .iter()
            .map(|r| crate::render::reply_text(lang, r))
            .collect::<Vec<_>>()
            .join("\n");
        (ids, out.replies.len(), said)
    }

    /// A volunteer at `step` of registration (0: nothing sent yet; 7: registered).
    fn at_step(lang: Lang, step: usize) -> H {
        let mut h = H::new();
        let script = match lang {
            Lang::Fr => [
                "BONJOUR",
                "OUI",
                "ODETTE",
                "ARRAS",
                "OUI",
                "1 3",
                "LES SOIRS",
            ],
            Lang::En => ["Hello", "yes", "Ann", "Lens", "yes", "1 3", "evenings"],
        };
        for answer in &script[..step] {
            h.out(answer);
        }
        h
    }
}

/// The text of every reply, in the volunteer's language.
fn texts(out: &Output) -> Vec<String> {
    out.replies
        .iter()
        .map(|r| {
            r.parts
                .iter()
                .map(|t| I18n::get().format(out.volunteer.lang, t))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// The last message tells the person what to send (a keyword in capitals, "Répondez",
/// "Envoyez", a question...).
fn says_what_next(text: &str) -> bool {
    [
        "Répondez",
        "répondez",
        "Envoyez",
        "envoyez",
        "?",
        "OUI",
        "PASSER",
        "MISSIONS",
        "START",
        "Reply",
        "reply",
        "Send",
        "send",
        "YES",
        "SKIP",
        "RAYON",
        "RADIUS",
        "AIDE",
        "HELP",
        "par exemple",
        "for example",
        ":",
    ]
    .iter()
    .any(|w| text.contains(w))
}

const OPT_OUTS: &[&str] = &[
    "STOP",
    "stop svp",
    "Stop SVP !",
    "STOP STOP",
    "stop merci",
    "svp stop",
    "Bonjour, stop svp",
    "Arrêtez",
    "ARRETEZ",
    "Arretez de m'envoyer des messages",
    "arrêtez de m'écrire",
    "Arrête",
    "arreter",
    "Arrêt",
    "SVP arrêtez",
    "merci d'arrêter",
    "Merci de ne plus m'écrire",
    "ne m'écrivez plus",
    "Ne m'envoyez plus de SMS",
    "ne me contactez plus",
    "je ne veux plus recevoir de messages",
    "Je ne veux plus de SMS",
    "plus de messages svp",
    "désinscription",
    "Désinscrivez-moi",
    "je veux me désinscrire",
    "desabonnement",
    "je veux me désabonner",
    "Cessez de m'écrire",
    "laissez-moi tranquille",
    "foutez-moi la paix",
    "fichez moi la paix",
    "Stoppez tout",
    "STOP SMS",
    "unsubscribe",
    "Unsubscribe please",
    "please stop",
    "Stop texting me",
    "stopall",
    "leave me alone",
    "remove me from your list",
    "don't text me",
    "do not text me again",
    "no more messages",
    "I want to stop",
    "opt out",
    "opt-out",
    "end",
    "quit",
    "cancel",
];

const NOT_OPT_OUTS: &[&str] = &[
    "je ne peux pas m'arrêter de travailler le soir",
    "Arras",
    "ARQUES",
    "Estrée-Blanche",
    "Oui",
    "NON",
    "non merci",
    "OUII",
    "Odette",
    "Stéphanie",
    "Christophe",
    "62000",
    "Saint-Omer",
    "les soirs après 18h",
    "le week-end sauf dimanche",
    "pas le mardi, j'arrête à 17h",
    "le matin avant d'arrêter le travail",
    "1 3",
    "3",
    "PASSER",
    "merci beaucoup",
    "MISSIONS",
    "PLUS",
    "OUI 2",
    "Bonjour",
    "d'accord",
    "AIDE",
    "je ne veux plus de missions sur place",
    "plus tard",
    "plus de détails svp",
    "Help",
    "Yes",
    "nope",
    "my name is Ann",
    "evenings and weekends",
    "I live in Lens",
    "I can't stop now, call me later",
    "RAYON 20",
    "MES MISSIONS",
    "ANNULER 1",
    "Supprimer",
    "Je suis disponible, n'arrêtez pas de m'écrire",
    "estelle",
    "Saint-Laurent-Blangy",
    "no more than 2 hours a day",
];

#[test]
fn natural_opt_outs_stop_at_every_step_and_ordinary_answers_do_not() {
    assert!(OPT_OUTS.len() >= 40 && NOT_OPT_OUTS.len() >= 40);
    let mut failures = Vec::new();
    for (i, phrase) in OPT_OUTS.iter().enumerate() {
        if !is_opt_out(phrase) {
            failures.push(format!("not an opt-out: {phrase:?}"));
        }
        // Through the engine, at a step that changes with the row: every step is covered.
        let step = i % 8;
        let mut h = H::at_step(Lang::Fr, step);
        let out = h.out(phrase);
        if out.effects != [Effect::Stop] || !h.v.stopped {
            failures.push(format!("step {step}: {phrase:?} gave {:?}", out.effects));
        }
    }
    for (i, phrase) in NOT_OPT_OUTS.iter().enumerate() {
        if is_opt_out(phrase) {
            failures.push(format!("taken for an opt-out: {phrase:?}"));
        }
        let step = i % 8;
        let mut h = H::at_step(Lang::Fr, step);
        let out = h.out(phrase);
        if out.effects.contains(&Effect::Stop) || h.v.stopped {
            failures.push(format!("step {step}: {phrase:?} stopped the volunteer"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn yes_and_no_are_tolerant() {
    let yes = [
        "oui",
        "OUI",
        "Oui",
        "OUII",
        "ouiii",
        "Oui !",
        "oui.",
        "ouais",
        "Ouais",
        "ouai",
        "ok",
        "OK",
        "okay",
        "Ok merci",
        "d'accord",
        "D ACCORD",
        "daccord",
        "yes",
        "Yes",
        "YES!",
        "yep",
        "yeah",
        "Yes please",
        "oui merci",
        "oui oui",
        "j'accepte",
        "o",
        "bien sûr",
        "sure",
        "of course",
        "OUI JE VEUX AIDER",
        "avec plaisir",
        "yes I agree",
    ];
    let no = [
        "non",
        "NON",
        "Non.",
        "nonnn",
        "no",
        "No",
        "nope",
        "Nope",
        "nan",
        "non merci",
        "No thanks",
        "n",
        "jamais",
    ];
    let neither = [
        "peut-être",
        "maybe",
        "???",
        "quoi",
        "Bonjour",
        "merci",
        "oui mais non",
        "",
        "1",
        "Odette",
        "okapi",
        "nono",
    ];
    for t in yes {
        assert_eq!(yes_no(t), Some(true), "{t:?}");
    }
    for t in no {
        assert_eq!(yes_no(t), Some(false), "{t:?}");
    }
    for t in neither {
        assert_eq!(yes_no(t), None, "{t:?}");
    }
    // At consent, each of them, through the engine, in both languages.
    for lang in [Lang::Fr, Lang::En] {
        for t in yes {
            let mut h = H::at_step(lang, 1);
            assert_eq!(h.ids(t), ["ask-first-name"], "{lang:?} {t:?}");
        }
        for t in no {
            let mut h = H::at_step(lang, 1);
            assert_eq!(h.ids(t), ["consent-refused"], "{lang:?} {t:?}");
        }
        for t in neither.iter().filter(|t| !t.is_empty()) {
            let mut h = H::at_step(lang, 1);
            let out = h.out(t);
            let last = texts(&out).pop().unwrap();
            assert!(says_what_next(&last), "{lang:?} {t:?}: {last}");
            assert!(h.v.consent.is_none(), "{t:?}");
        }
    }
}

#[test]
fn first_names_as_people_type_them() {
    let table: &[(&str, Option<&str>)] = &[
        ("Odette", Some("Odette")),
        ("ODETTE", Some("Odette")),
        ("odette", Some("Odette")),
        ("Je m'appelle Odette", Some("Odette")),
        ("JE M APPELLE ODETTE", Some("Odette")),
        ("je m'apelle odette", Some("Odette")),
        ("Bonjour, je m'appelle Odette.", Some("Odette")),
        ("c'est Odette", Some("Odette")),
        ("C EST ODETTE", Some("Odette")),
        ("Moi c'est Jean-Pierre", Some("Jean-Pierre")),
        ("moi c’est Léa", Some("Léa")),
        ("JEAN-PIERRE", Some("Jean-Pierre")),
        ("Marie-Hélène", Some("Marie-Hélène")),
        ("mon prénom est Léa", Some("Léa")),
        ("my name is Ann", Some("Ann")),
        ("I'm Ann", Some("Ann")),
        ("It's Ann", Some("Ann")),
        ("McKenzie", Some("McKenzie")),
        ("Ngọc Ánh", Some("Ngọc Ánh")),
        ("D'ARTAGNAN", Some("D'Artagnan")),
        ("  marie   claire ", Some("Marie Claire")),
        ("06 12 34 56 78", None),
        ("Odette62", None),
        ("https://arnaque.example/x", None),
        ("www.arnaque.com", None),
        ("odette@mail.fr", None),
        ("oui", None),
        ("OUII", None),
        ("Bonjour", None),
        ("merci", None),
        ("je m'appelle", None),
        ("c'est", None),
        ("'; DROP TABLE volunteers; --", None),
        ("", None),
    ];
    let long = "a".repeat(41);
    let mut rows: Vec<(&str, Option<&str>)> = table.to_vec();
    rows.push((&long, None));
    for (input, expected) in rows {
        let mut h = H::at_step(Lang::Fr, 2);
        let out = h.out(input);
        match expected {
            Some(name) => {
                assert_eq!(h.v.first_name.as_deref(), Some(name), "{input:?}");
                assert_eq!(h.v.conversation.step, Step::Place, "{input:?}");
                let text = texts(&out).join("\n");
                assert!(text.contains(&format!("Merci, {name} !")), "{text}");
            }
            None => {
                assert_eq!(h.v.first_name, None, "{input:?}");
                let last = texts(&out).pop().unwrap();
                assert!(says_what_next(&last), "{input:?}: {last}");
            }
        }
    }
}

/// What the place step may answer.
#[derive(Debug, PartialEq)]
enum PlaceOutcome {
    /// Confirmed at once (INSEE code).
    Found(&'static str),
    /// A short numbered list whose first option is this INSEE code.
    Offered(&'static str),
    /// Not a place: asked again with an example, no commune proposed.
    Reasked,
}

#[test]
fn the_place_step_never_proposes_far_away_communes_for_words_that_are_not_places() {
    use PlaceOutcome::*;
    let table: &[(&str, PlaceOutcome)] = &[
        ("Oui", Reasked),
        ("OUI", Reasked),
        ("NON", Reasked),
        ("non merci", Reasked),
        ("ok", Reasked),
        ("Bonjour", Reasked),
        ("Salut", Reasked),
        ("merci", Reasked),
        ("Odette", Reasked),
        ("ODETTE", Reasked),
        ("Stéphanie", Reasked),
        ("Christophe", Reasked),
        ("Atlantide", Reasked),
        ("http://x.fr", Reasked),
        ("?", Reasked),
        ("Arras", Found("62041")),
        ("ARRAS", Found("62041")),
        ("arras", Found("62041")),
        ("LIEVIN", Found("62510")),
        ("Liévin", Found("62510")),
        ("BETHUNE", Found("62119")),
        ("j'habite à Lens", Found("62498")),
        ("J HABITE A LENS", Found("62498")),
        ("62300", Offered("62498")),
        ("SAINT OMER", Found("62765")),
        ("st omer", Found("62765")),
        ("BOULOGNE SUR MER", Found("62160")),
        ("62000", Offered("62041")),
        ("Aras", Offered("62041")),
        ("Betune", Offered("62119")),
        ("Saint-Laurent-Blangi", Offered("62753")),
        ("Marie", Offered("06080")),
        ("NOE", Offered("31399")),
    ];
    let mut failures = Vec::new();
    for (input, expected) in table {
        let mut h = H::at_step(Lang::Fr, 3);
        let out = h.out(input);
        let got = match &h.v.conversation.step {
            Step::OnSite => Found(Box::leak(h.v.place.clone().unwrap().insee.into_boxed_str())),
            Step::ChoosePlace => Offered(Box::leak(
                h.v.conversation.place_options[0].clone().into_boxed_str(),
            )),
            _ => Reasked,
        };
        if got != *expected {
            failures.push(format!("{input:?}: {got:?}, expected {expected:?}"));
        }
        let last = texts(&out).pop().unwrap();
        if !says_what_next(&last) {
            failures.push(format!("{input:?}: {last}"));
        }
        // A far commune is only ever offered as a question that says it is far.
        if let Step::ChoosePlace = h.v.conversation.step {
            let g = crate::geo::Gazetteer::get();
            let centre = g.departement_centre("62").unwrap();
            let far =
                h.v.conversation
                    .place_options
                    .iter()
                    .any(|i| g.by_insee(i).unwrap().point.distance_km(&centre) > 150.0);
            let header = &out.replies[0].parts[0].id;
            if far && !header.starts_with("place-far") {
                failures.push(format!("{input:?}: far commune under {header}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn on_site_domains_and_availability_steps() {
    // (input, on site?) at the on-site question.
    let on_site: &[(&str, Option<bool>)] = &[
        ("OUI", Some(true)),
        ("ouii", Some(true)),
        ("ouais", Some(true)),
        ("d'accord", Some(true)),
        ("yes", Some(true)),
        ("NON", Some(false)),
        ("nope", Some(false)),
        ("non merci", Some(false)),
        // An age is an answer (issue 24): 70 and over, remote only.
        ("j'ai 74 ans", Some(false)),
        ("bof", None),
        ("1 3", None),
    ];
    for (input, expected) in on_site {
        let mut h = H::at_step(Lang::Fr, 4);
        let ids = h.ids(input);
        assert_eq!(h.v.on_site, *expected, "{input:?}");
        let want: &[&str] = match expected {
            Some(true) => &["ask-domains"],
            Some(false) => &["remote-only", "ask-availability"],
            None => &["on-site-reask"],
        };
        assert_eq!(ids, want, "{input:?}");
    }
    let domains: &[(&str, Option<u8>)] = &[
        ("1 3", Some(0b101)),
        ("1,3", Some(0b101)),
        ("13", Some(0b101)),
        ("1 et 3", Some(0b101)),
        ("4", Some(0b1000)),
        ("1 2 3 4", Some(0b1111)),
        ("5", None),
        ("OUI", None),
    ];
    for (input, expected) in domains {
        let mut h = H::at_step(Lang::Fr, 5);
        let ids = h.ids(input);
        match expected {
            Some(mask) => {
                assert_eq!(h.v.domains.0, *mask, "{input:?}");
                assert_eq!(ids, ["ask-availability"], "{input:?}");
            }
            None => assert_eq!(ids, ["domains-reask"], "{input:?}"),
        }
    }
    // By name (issue 24's Monique and Gérard): said back with the next question, in one SMS;
    // what is not wanted, or no mission named, is asked again with the list.
    let by_name: &[(&str, Option<u8>)] = &[
        ("alimentaire", Some(0b1)),
        ("GARDE D ENFANTS ET COURSES", Some(0b1010)),
        ("les courses", Some(0b1000)),
        ("appeler des personnes isolées", Some(0b100)),
        ("tout", Some(0b1111)),
        ("childcare and shopping", Some(0b1010)),
        ("pas les enfants", None),
        ("LA SEMAINE LE MATIN", None),
    ];
    for (input, expected) in by_name {
        let mut h = H::at_step(Lang::Fr, 5);
        let (ids, messages) = h.parts(input);
        match expected {
            Some(mask) => {
                assert_eq!(h.v.domains.0, *mask, "{input:?}");
                assert_eq!(ids, ["domains-noted", "ask-availability"], "{input:?}");
                assert_eq!(messages, 1, "{input:?}");
            }
            None => {
                assert!(h.v.domains.is_empty(), "{input:?}");
                assert_eq!(ids, ["domains-reask"], "{input:?}");
            }
        }
    }
    let availability: &[(&str, Option<&str>)] = &[
        ("LES SOIRS ET LE WEEK-END", Some("Les soirs et le week-end")),
        ("le mardi matin", Some("le mardi matin")),
        ("Evenings", Some("Evenings")),
        ("PASSER", None),
        ("skip", None),
        ("non", None),
    ];
    for (input, expected) in availability {
        let mut h = H::at_step(Lang::Fr, 6);
        assert_eq!(h.ids(input), ["registered-pending"], "{input:?}");
        assert_eq!(h.v.availability.as_deref(), *expected, "{input:?}");
    }
}

#[test]
fn aide_start_and_thanks_repeat_the_current_question() {
    let prompts = [
        "welcome-consent",
        "ask-first-name",
        "ask-place",
        "ask-on-site",
        "ask-domains",
        "ask-availability",
    ];
    for lang in [Lang::Fr, Lang::En] {
        for (step, prompt) in prompts.iter().enumerate() {
            let step = step + 1;
            for (input, first) in [
                ("AIDE", "help-registering"),
                ("help", "help-registering"),
                ("START", "already-active"),
                ("MISSIONS", "registration-not-finished"),
                ("PROFIL", "registration-not-finished"),
                ("merci beaucoup", "you-are-welcome-registering"),
            ] {
                let mut h = H::at_step(lang, step);
                let (ids, messages, one) = h.parts_text(input);
                assert_eq!(ids, [first, prompt], "{lang:?} step {step} {input:?}");
                // One message when both fit one SMS (issue 24: "MISSIONS" while registering
                // cost two).
                assert!(
                    messages == 1 || one.chars().count() > 160,
                    "{lang:?} step {step} {input:?}: {messages} messages for {one:?}"
                );
            }
        }
        let mut h = H::at_step(lang, 7);
        for (input, id) in [
            ("merci beaucoup", "you-are-welcome"),
            ("MERCI", "you-are-welcome"),
            ("thanks a lot", "you-are-welcome"),
            ("ok merci", "you-are-welcome"),
            ("Bonjour", "greeting-ready"),
            ("START", "already-active-ready"),
            ("AIDE", "help"),
            ("blabla", "not-understood"),
        ] {
            let out = h.out(input);
            assert_eq!(out.replies[0].parts[0].id, id, "{input:?}");
            let last = texts(&out).pop().unwrap();
            assert!(says_what_next(&last), "{input:?}: {last}");
        }
    }
}

#[test]
fn numbers_refer_only_to_what_was_shown() {
    let mut h = H::at_step(Lang::Fr, 7);
    assert_eq!(h.ids("OUI 1"), ["list-first"]);
    h.out("MISSIONS");
    assert_eq!(h.v.conversation.seen, 3);
    for (input, id) in [
        ("OUI 4", "number-out-of-range"),
        ("oui 99", "number-out-of-range"),
        ("4", "number-out-of-range"),
        ("0", "number-out-of-range"),
    ] {
        let out = h.out(input);
        assert_eq!(out.replies[0].parts[0].id, id, "{input:?}");
        assert!(out.effects.is_empty(), "{input:?} took a mission");
        let text = texts(&out).join("");
        assert!(text.contains("de 1 à 3"), "{text}");
    }
    h.out("PLUS");
    assert_eq!(h.v.conversation.seen, 6);
    let out = h.out("OUI 4");
    assert_eq!(out.effects, [Effect::Intent { mission_id: 103 }]);
    // A new list starts the numbering again.
    h.out("MISSIONS");
    assert_eq!(h.ids("OUI 5"), ["number-out-of-range"]);
}

#[test]
fn paging_reaches_every_mission_and_the_end_says_so() {
    let mut h = H::at_step(Lang::Fr, 7);
    let mut listed = Vec::new();
    let mut out = h.out("MISSIONS");
    loop {
        let parts = &out.replies[0].parts;
        let lines = parts
            .iter()
            .filter(|t| t.id.starts_with("mission-line"))
            .count();
        listed.push(lines);
        let footer = &parts.last().unwrap().id;
        if footer == "missions-footer-end" {
            let text = texts(&out).join("");
            assert!(text.contains("RAYON 20"), "{text}");
            // The last page holds a remote mission only: not "près de chez vous", and its
            // example names its own line (issue 24's Bernard).
            assert!(
                text.starts_with("Missions à distance pour vous") && text.contains("OUI 43 "),
                "{text}"
            );
            break;
        }
        let text = texts(&out).join("");
        assert!(text.starts_with("Missions près de chez vous"), "{text}");
        assert_eq!(footer, "missions-footer-more");
        out = h.out("PLUS");
    }
    let total: usize = listed.iter().sum();
    // Registered for 1 and 3: the 40 on-site food missions and the 3 remote calls.
    assert_eq!(total, 43);
    assert_eq!(h.v.conversation.seen, 43);
    let out = h.out("PLUS");
    assert_eq!(out.replies[0].parts[0].id, "no-more-missions");
    let text = texts(&out).join("");
    assert!(
        text.contains("43 missions") && text.contains("RAYON 20"),
        "{text}"
    );
}

#[test]
fn identical_titles_are_told_apart() {
    let mut h = H::at_step(Lang::Fr, 7);
    let out = h.out("MISSIONS");
    let first: Vec<String> = texts(&out);
    assert!(
        first[0].contains("Colis alimentaires (Structure 0)"),
        "{}",
        first[0]
    );
    assert!(
        first[0].contains("Colis alimentaires (Structure 1)"),
        "{}",
        first[0]
    );
    assert!(first[0].contains("3. Mission 2 - Arras"), "{}", first[0]);
    // The three remote "Appels aux personnes isolées" come last, each with its structure.
    let mut last = String::new();
    for _ in 0..14 {
        let out = h.out("PLUS");
        if out.replies[0].parts[0].id == "missions-header" {
            last.push_str(&texts(&out).join("\n"));
        }
    }
    for s in ["CCAS d'Arras", "Centre social de Lens", "Mairie du Portel"] {
        assert!(
            last.contains(&format!("Appels aux personnes isolées ({s}) - à distance")),
            "{last}"
        );
    }
}

#[test]
fn a_remote_only_volunteer_is_asked_only_about_remote_missions() {
    let mut h = H::at_step(Lang::Fr, 4);
    let out = h.out("NON");
    let t = texts(&out);
    assert!(
        t[0].contains("appeler ou écrire à des personnes isolées"),
        "{t:?}"
    );
    assert!(!t.iter().any(|x| x.contains("Aide alimentaire")), "{t:?}");
    assert_eq!(h.v.domains.0, Domain::KeepingInTouch.bit());
    assert_eq!(h.ids("PASSER"), ["registered-pending"]);
    // MODIFIER, 4 (missions): told which, not offered the on-site domains.
    h.out("MODIFIER");
    assert_eq!(h.ids("4"), ["edit-remote-domains", "edit-menu"]);
    let t = texts(&h.out("AIDE")).join("");
    assert!(t.contains("Que voulez-vous changer"), "{t}");
}

#[test]
fn modifier_is_a_menu_and_browsing_keeps_working() {
    let mut h = H::at_step(Lang::Fr, 7);
    h.v.status = VolunteerStatus::Validated;
    assert_eq!(h.ids("MODIFIER"), ["edit-menu"]);
    // Browsing while the menu is open: the change is simply dropped.
    assert_eq!(h.ids("MISSIONS"), ["missions-header"]);
    assert!(!h.v.conversation.editing);
    assert_eq!(h.ids("MODIFIER"), ["edit-menu"]);
    assert_eq!(h.ids("9"), ["edit-menu-reask"]);
    assert_eq!(h.ids("2"), ["edit-place"]);
    assert_eq!(
        h.ids("PLUS"),
        ["missions-header"],
        "browsing works mid-change"
    );
    for (choice, prompt) in [
        ("1", "edit-first-name"),
        ("prénom", "edit-first-name"),
        ("2", "edit-place"),
        ("3", "ask-on-site"),
        ("4", "ask-domains"),
        ("5", "edit-availability"),
    ] {
        h.out("MODIFIER");
        assert_eq!(h.ids(choice), [prompt], "{choice}");
        assert!(h.v.conversation.editing);
        h.out("MISSIONS");
    }
    // Other changes keep the validation.
    h.out("MODIFIER");
    h.out("5");
    let out = h.out("LE MATIN");
    assert_eq!(out.replies[0].parts[0].id, "profile-updated");
    assert!(out.effects.is_empty());
    assert_eq!(h.v.status, VolunteerStatus::Validated);
    assert_eq!(h.v.availability.as_deref(), Some("Le matin"));
}

#[test]
fn a_validation_covers_the_profile_that_was_validated() {
    // (what is changed, answers, sent back to the moderators?)
    let table: &[(&str, &[&str], bool)] = &[
        ("same département", &["2", "Lens"], false),
        ("same département, by postal code", &["2", "62300"], false),
        ("another département", &["2", "Amiens"], true),
        ("another département, far", &["2", "Noé 31"], true),
        ("first name", &["1", "Odile"], false),
        ("domains", &["4", "4"], false),
        ("on site to remote", &["3", "non"], false),
        ("availability", &["5", "PASSER"], false),
    ];
    for (what, answers, review) in table {
        let mut h = H::at_step(Lang::Fr, 7);
        h.v.status = VolunteerStatus::Validated;
        h.out("MODIFIER");
        let mut effects = Vec::new();
        let mut ids = Vec::new();
        for a in *answers {
            let out = h.out(a);
            effects.extend(out.effects.clone());
            ids.extend(
                out.replies
                    .iter()
                    .map(|r| r.parts.last().unwrap().id.clone()),
            );
        }
        if h.v.conversation.step == Step::ChoosePlace {
            let out = h.out("1");
            effects.extend(out.effects.clone());
            ids.extend(
                out.replies
                    .iter()
                    .map(|r| r.parts.last().unwrap().id.clone()),
            );
        }
        assert_eq!(h.v.conversation.step, Step::Ready, "{what}: {ids:?}");
        if *review {
            assert_eq!(effects, [Effect::ProfileToReview], "{what}");
            assert_eq!(h.v.status, VolunteerStatus::Pending, "{what}");
            assert!(
                ids.contains(&"profile-review".to_string()),
                "{what}: {ids:?}"
            );
        } else {
            assert!(effects.is_empty(), "{what}: {effects:?}");
            assert_eq!(h.v.status, VolunteerStatus::Validated, "{what}");
        }
    }
    // A move into a département that validates automatically needs no moderator.
    let mut h = H::at_step(Lang::Fr, 7);
    h.v.status = VolunteerStatus::Validated;
    h.auto_deps = vec!["80".into()];
    for a in ["MODIFIER", "2"] {
        h.out(a);
    }
    let out = h.out("Amiens");
    assert!(out.effects.is_empty(), "{:?}", out.effects);
    assert_eq!(h.v.status, VolunteerStatus::Validated);
    // The 74-year-old of the report: validated remote only, then MODIFIER, 3, OUI.
    let mut h = H::at_step(Lang::Fr, 4);
    h.out("NON");
    h.out("PASSER");
    h.v.status = VolunteerStatus::Validated;
    h.intents.push(Intent {
        mission_id: 200,
        title: "Appels".into(),
        structure: "CCAS d'Arras".into(),
        status: crate::domain::ParticipationStatus::Accepted,
    });
    h.out("MODIFIER");
    h.out("3");
    assert_eq!(h.ids("OUI"), ["ask-domains"]);
    let out = h.out("1 4");
    assert_eq!(out.effects, [Effect::ProfileToReview]);
    assert_eq!(h.v.status, VolunteerStatus::Pending);
    let t = texts(&out).join("");
    assert!(
        t.contains("modérateur du 62") && t.contains("restent"),
        "{t}"
    );
    // While pending, an intent is held, not relayed; the accepted mission is untouched.
    h.out("MISSIONS");
    assert_eq!(h.ids("OUI 1"), ["intent-held"]);
    assert_eq!(
        h.intents[0].status,
        crate::domain::ParticipationStatus::Accepted
    );
}

#[test]
fn profile_names_domains_and_availability_and_names_read_well() {
    let mut h = H::at_step(Lang::Fr, 7);
    let out = h.out("PROFIL");
    let t = texts(&out).join("");
    assert!(t.contains("Odette, Arras (62)"), "{t}");
    assert!(t.contains("Aide alimentaire, Lien avec les isolés"), "{t}");
    assert!(t.contains("Disponibilités : Les soirs"), "{t}");
    let mut h = H::at_step(Lang::En, 7);
    let t = texts(&h.out("PROFILE")).join("");
    assert!(t.contains("Food aid, Keeping in touch"), "{t}");
    assert!(t.contains("Availability: evenings"), "{t}");
}

/// Every message that inserts a structure name reads correctly whatever the name: no
/// "CCAS d'Arras est prévenue" (a name used as if it had an article).
#[test]
fn structure_names_are_phrased_around() {
    let names = [
        "CCAS d'Arras",
        "Centre social de Sainte-Catherine",
        "Mairie du Portel",
        "Épicerie solidaire de Lens",
        "Les Restos du Coeur",
    ];
    let ids: Vec<String> = I18n::ids(Lang::Fr)
        .into_iter()
        .filter(|id| {
            let t = I18n::get().format(Lang::Fr, &Text::new(id).arg("structure", "XYZ"));
            t.contains("XYZ")
        })
        .collect();
    assert!(ids.len() >= 6, "{ids:?}");
    for id in &ids {
        for name in names {
            let t = Text::new(id)
                .arg("structure", name)
                .arg("title", "Colis")
                .arg("code", 12i64)
                .arg("name", "Odette")
                .arg("places", 1i64);
            let s = I18n::get().format(Lang::Fr, &t);
            // The name comes after "structure", in brackets, or after a colon.
            let ok = [
                format!("structure {name}"),
                format!("({name}"),
                format!(": {name}"),
                format!("structure ({name})"),
            ]
            .iter()
            .any(|p| s.contains(p.as_str()));
            assert!(ok, "{id}: {s}");
            assert!(!s.contains(&format!("{name} est")), "{id}: {s}");
            assert!(!s.contains(&format!(": {name} confirme")), "{id}: {s}");
        }
    }
}

/// Issue 24: where Renfort is open, questions, what people really type.
mod answers;
