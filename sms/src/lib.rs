//! SMS channel over Twilio: signed inbound webhook, GSM-7 segment budget and rendering, and
//! the outbox sender (twilio-async).

pub mod gsm;
pub mod receipts;
pub mod sender;
pub mod signature;
pub mod spool;
pub mod twilio;
pub mod webhook;

use renfort_core::domain::Lang;
use renfort_core::engine::Reply;
use renfort_core::render::{ChannelRenderer, Rendered, reply_text};

/// SMS shows no buttons: every reply already spells out its choices ("Répondez OUI ou NON",
/// numbered lists).
pub struct SmsRenderer;

impl ChannelRenderer for SmsRenderer {
    fn render(&self, lang: Lang, reply: &Reply) -> Rendered {
        render_text(&reply_text(lang, reply))
    }
}

/// Fits a finished text for SMS and counts what it will cost.
pub fn render_text(text: &str) -> Rendered {
    let text = gsm::fit(text);
    let (segments, encoding) = gsm::segments(&text);
    Rendered {
        text,
        segments: Some(segments as u32),
        encoding: Some(encoding.as_str()),
        choices: Vec::new(),
    }
}

#[cfg(test)]
mod budget_tests {
    //! Every text Renfort sends by SMS, in both languages, with long but realistic arguments:
    //! GSM-7, one segment for conversational replies, three at most for mission lists and
    //! details.

    use super::*;
    use renfort_core::i18n::{I18n, Text};

    fn sample(id: &str) -> Text {
        let mut t = Text::new(id);
        let description = "Préparer et distribuer des colis aux familles qui en ont besoin, \
             avec l'équipe de bénévoles de la structure, dans le respect des gestes barrières.";
        for (k, v) in [
            ("name", "Marie-Hélène"),
            ("commune", "Saint-Laurent-Blangy"),
            ("departement", "62"),
            ("url", "https://renfort.example/cgu"),
            ("version", "2020-03"),
            ("input", "Beaumetz-lès-Cambrai près d..."),
            ("domains", "1 2 3 4"),
            ("onsite", "yes"),
            ("more", "yes"),
            ("status", "pending"),
            ("title", "Distribution de colis alimentaires"),
            ("structure", "Épicerie solidaire de Saint-Laurent-Blangy"),
            ("km", "12"),
            // The longer form: a distance from a commune placed by a rule ("environ 12 km").
            ("approx", "yes"),
            ("description", description),
            ("schedule", "mardi et vendredi 9h-12h"),
            ("contact", "06 39 98 00 01"),
            ("example_code", "62100"),
            ("example_town", "Saint-Laurent-Blangy"),
            (
                "availability",
                "les soirs et le week-end sauf le dimanche apres-midi",
            ),
            ("has_availability", "yes"),
            ("reason", "profil en double, deja inscrit a Arras"),
            (
                "label",
                "Courses pour voisins fragiles (Mairie de Saint-...",
            ),
            ("codes", "12345, 12346, 12347"),
            ("type", "operateur_public"),
            // Validated lines by name, as long as one SMS allows.
            (
                "done",
                "1 Marie-Hélène, 2 Jean-Christophe, 3 Anne-Laure, 4 Marie-Thérèse, 5 Ali",
            ),
            ("has_done", "yes"),
            ("remote", "no"),
            ("text", "Bonjour, pouvez-vous venir mardi a 9h ?"),
            // Where Renfort is open, as answers.ftl names it.
            ("served", "59, 62, 80"),
            ("reachable", "yes"),
        ] {
            t = t.arg(k, v);
        }
        for (k, v) in [
            ("n", 3i64),
            ("max", 30),
            ("radius", 20),
            ("wider", 30),
            ("places", 2),
            ("count", 2),
            ("served_count", 3),
            ("min_age", 18),
            ("minutes", 15),
            ("domains_mask", 15),
            ("age", 17),
        ] {
            t = t.arg(k, v);
        }
        t.arg("code", 12345i64)
            .arg("domain", 1i64)
            .arg("first", 16i64)
    }

    /// Parts of composite messages and Telegram-only labels, checked through their messages.
    fn is_part(id: &str) -> bool {
        // Telegram's wording of a message that has buttons there: never an SMS.
        id.ends_with("-tap")
            || id.starts_with("choice-")
            || id.starts_with("mission-")
            || id.starts_with("missions-")
            || id.starts_with("place-option")
            || id.starts_with("my-mission")
            || id.starts_with("edit-option")
            // Staff lists (MES MISSIONS, FILE) and relayed messages, checked below.
            || id.starts_with("referent-mission")
            || id.starts_with("moderator-queue-header")
            || id.starts_with("moderator-queue-footer")
            || id.starts_with("moderator-line")
            || matches!(
                id,
                "relay-to-volunteer"
                    | "relay-from-volunteer"
                    | "question-from-volunteer"
                    | "question-to-moderator"
            )
            // Notices to moderators carry a volunteer's contact and a mission: two at most.
            || matches!(id, "moderator-no-referent" | "moderator-alert-undelivered")
            // Added to a validation message (two segments together, checked below).
            || id == "validated-no-referent"
            || matches!(
                id,
                "domain-name"
                    | "place-choose"
                    | "place-did-you-mean"
                    | "place-far"
                    | "place-far-several"
                    | "referent-alert-availability"
                    | "referent-alert-english"
                    | "place-choose-footer"
                    // Details (at most three segments), checked below.
                    | "profile"
            )
    }

    #[test]
    fn every_conversational_message_is_one_gsm7_segment() {
        let mut failures = Vec::new();
        for lang in [Lang::Fr, Lang::En] {
            for id in I18n::ids(lang).iter().filter(|id| !is_part(id)) {
                let text = I18n::get().format(lang, &sample(id));
                let r = render_text(&text);
                if r.segments != Some(1) || r.encoding != Some("GSM-7") {
                    failures.push(format!(
                        "{lang:?} {id}: {:?} {:?} {text:?}",
                        r.segments, r.encoding
                    ));
                }
                // French is written in GSM-7, not rescued by the fitter.
                if lang == Lang::Fr
                    && gsm::encoding(&text) != gsm::Encoding::Gsm7
                    && !id.starts_with("language-set")
                {
                    failures.push(format!("fr {id} needs transliteration: {text:?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// Every page of a FILE of long lines: seven volunteers then seven missions.
    fn queue_pages(lang: Lang) -> Vec<Reply> {
        use renfort_core::domain::ItemKind;
        use renfort_core::engine::staff::moderator::{
            ItemDetail, QueueItem, VolunteerBrief, queue_page,
        };
        let volunteer = |id| QueueItem {
            kind: ItemKind::Volunteer,
            id,
            departement: "62".into(),
            summary: String::new(),
            created_at: 0,
            volunteer: Some(VolunteerBrief {
                first_name: "Marie-Hélène-Françoise".into(),
                commune: "Saint-Laurent-Blangy".into(),
                domains: "1 2 3 4".into(),
                on_site: true,
                age: Some(17),
                availability: None,
            }),
            detail: None,
        };
        let mission = |id| QueueItem {
            kind: ItemKind::Mission,
            id,
            departement: "62".into(),
            summary: String::new(),
            created_at: 0,
            volunteer: None,
            detail: Some(ItemDetail::Mission {
                title: "Distribution de colis alimentaires aux familles le mardi".into(),
                structure: "Épicerie solidaire de Saint-Laurent-Blangy".into(),
                commune: Some("Saint-Laurent-Blangy".into()),
            }),
        };
        let listed: Vec<_> = (1..=7)
            .map(volunteer)
            .chain((8..=14).map(mission))
            .map(Some)
            .collect();
        let mut pages = Vec::new();
        let mut from = 0;
        while from < listed.len() {
            let (page, used) = queue_page(&listed, from, lang);
            assert!(used > 0);
            pages.push(page);
            from += used;
        }
        pages
    }

    /// PROFIL names the domains: the longest list of names.
    fn profile_with_every_domain() -> Text {
        let mut t = sample("profile");
        t.args.retain(|(k, _)| k != "domains");
        t.arg(
            "domains",
            "Aide alimentaire, Garde d'enfants, Lien avec les isolés, Courses solidaires",
        )
    }

    #[test]
    fn lists_and_details_fit_three_segments() {
        for lang in [Lang::Fr, Lang::En] {
            let mut list = vec![sample("missions-header")];
            list.extend((1..=3).map(|n| sample("mission-line").arg("n", n as i64)));
            list.push(sample("missions-footer-more"));
            let details = vec![
                sample("mission-details"),
                sample("mission-place"),
                sample("mission-details-footer"),
            ];
            let mut places = vec![sample("place-choose")];
            places.extend((1..=4).map(|n| sample("place-option").arg("n", n as i64)));
            places.push(sample("place-choose-footer"));
            // The last page of a list, its lines telling identical titles apart.
            let mut last_page = vec![sample("missions-header")];
            last_page.extend((1..=3).map(|n| {
                sample(if n == 3 {
                    "mission-line-remote-structure"
                } else {
                    "mission-line-structure"
                })
                .arg("n", n as i64)
            }));
            last_page.push(sample("missions-footer-end"));
            let far = vec![
                sample("place-far"),
                sample("place-option").arg("n", 1i64),
                sample("place-choose-footer"),
            ];
            // A moderator's pages of the queue, as the engine fills them: volunteers with long
            // names and every domain, missions with long titles and structures.
            let queue_pages = queue_pages(lang);
            let mut missions = vec![sample("referent-missions-header")];
            missions.extend((1..=5).map(|n| sample("referent-mission-line").arg("n", n as i64)));
            missions.push(sample("referent-missions-footer"));
            // Relayed messages carry the longest text a referent may send.
            let long = "Bonjour, merci pour votre aide. Pouvez-vous venir mardi a 9h au local, \
                 derriere la mairie ? Prenez des gants si vous en avez. Sinon dites-nous quel \
                 jour vous arrange, nous nous adapterons. A bientot, l'equipe de l'epicerie.";
            let relays = [
                sample("relay-to-volunteer").arg("text", long),
                sample("relay-from-volunteer").arg("text", long),
                // A volunteer's question for a person, as long as it may be (300 characters).
                sample("question-from-volunteer").arg("text", long),
                sample("question-to-moderator").arg("text", long),
            ];
            let mut checks = vec![
                (list, 3),
                (last_page, 3),
                (details, 3),
                (places, 2),
                (far, 2),
                (vec![profile_with_every_domain()], 3),
                // A referent's alert with the volunteer's availability: two at most.
                (
                    vec![
                        sample("referent-alert"),
                        sample("referent-alert-availability").arg(
                            "availability",
                            "les soirs et le week-end sauf le dimanche apres-midi, et le mercredi",
                        ),
                        sample("referent-alert-english"),
                    ],
                    2,
                ),
                (missions, 3),
            ];
            checks.extend(queue_pages.into_iter().map(|page| (page.parts, 3)));
            checks.extend(relays.into_iter().map(|t| (vec![t], 3)));
            checks.push((
                vec![
                    sample("volunteer-validated-relayed"),
                    sample("validated-no-referent"),
                ],
                2,
            ));
            for id in ["moderator-no-referent", "moderator-alert-undelivered"] {
                for reach in ["phone", "handle", "relay"] {
                    checks.push((vec![sample(id).arg("reach", reach)], 2));
                }
            }
            for (parts, max) in checks {
                let reply = Reply {
                    parts,
                    choices: Vec::new(),
                    multi_select: false,
                    about: None,
                };
                let r = SmsRenderer.render(lang, &reply);
                assert_eq!(r.encoding, Some("GSM-7"), "{}", r.text);
                assert!(
                    r.segments.unwrap() <= max,
                    "{} segments: {}",
                    r.segments.unwrap(),
                    r.text
                );
            }
        }
    }
}

#[cfg(test)]
mod conversation_tests {
    //! Whole conversations through the engine, rendered for SMS: the elderly volunteer typing
    //! in capitals without accents and the English speaker. Every reply is GSM-7; conversational
    //! replies are one segment, lists and details three at most.

    use super::*;
    use renfort_core::domain::{Domain, VolunteerStatus};
    use renfort_core::engine::{self, Context, Event, Offer, Volunteer};

    fn offers() -> Vec<Offer> {
        let structures = [
            "Centre social de Sainte-Catherine",
            "Épicerie solidaire de Saint-Laurent-Blangy",
            "CCAS d'Arras",
        ];
        let mut v: Vec<Offer> = (0..8)
            .map(|i| Offer {
                id: i,
                title: "Distribution de colis alimentaires".into(),
                structure: structures[i as usize % 3].into(),
                domain: Domain::Food,
                commune: Some("Saint-Laurent-Blangy".into()),
                distance_km: Some(1.0 + i as f64),
                schedule: "mardi et vendredi 9h-12h".into(),
                description: "Préparer et distribuer des colis aux familles qui en ont besoin, \
                     avec l'équipe de bénévoles, dans le respect des gestes barrières."
                    .into(),
                places_left: 2,
            })
            .collect();
        v.extend((0..3).map(|i| Offer {
            id: 100 + i,
            title: "Appels aux personnes isolées".into(),
            structure: structures[i as usize].into(),
            domain: Domain::KeepingInTouch,
            commune: None,
            distance_km: None,
            schedule: "quand vous voulez".into(),
            description: "Appeler des personnes âgées isolées.".into(),
            places_left: 3,
        }));
        v
    }

    /// Replies whose first line starts one of these are lists or details (three segments).
    const LONG: &[&str] = &[
        "missions-header",
        "mission-details",
        "place-choose",
        "place-did-you-mean",
        "place-far",
        "place-far-several",
        "profile",
        "my-missions-header",
    ];

    fn run(script: &[&str]) -> Vec<String> {
        let mut v = Volunteer::default();
        let offers = offers();
        let mut failures = Vec::new();
        for (i, input) in script.iter().enumerate() {
            if *input == "!validate" {
                v.status = VolunteerStatus::Validated;
                continue;
            }
            let ctx = Context {
                now: 1_700_000_000 + i as i64 * 60,
                terms_version: "2020-03",
                terms_url: "https://renfort.example/cgu",
                home_departement: Some("62"),
                coverage: &renfort_core::engine::Coverage::everywhere(),
                offers: &offers,
                intents: &[],
                unalertable: &[],
                without_phone: false,
                carrier_words: true,
            };
            let out = engine::handle(&v, &Event::Text(input.to_string()), &ctx);
            v = out.volunteer.clone();
            if out.replies.is_empty() && !v.stopped {
                failures.push(format!("{input:?}: no answer"));
            }
            for reply in &out.replies {
                let r = SmsRenderer.render(v.lang, reply);
                let max = if LONG.contains(&reply.parts[0].id.as_str()) {
                    3
                } else {
                    1
                };
                if r.encoding != Some("GSM-7") || r.segments.unwrap() > max {
                    failures.push(format!(
                        "{input:?} -> {} {:?} {:?}: {}",
                        reply.parts[0].id, r.segments, r.encoding, r.text
                    ));
                }
            }
        }
        failures
    }

    #[test]
    fn the_elderly_volunteer_and_the_english_speaker_stay_within_budget() {
        let elderly = [
            "BONJOUR",
            "OUII",
            "JE M APPELLE ODETTE",
            "OUI",
            "ODETTE",
            "ST LAURENT BLANGY",
            "AIDE",
            "OUAIS",
            "MISSIONS",
            "1 3",
            "MERCI BEAUCOUP",
            "LES APRES MIDI SAUF LE DIMANCHE",
            "MISSIONS",
            "OUI 4",
            "2",
            "OUI",
            "PLUS",
            "PLUS",
            "PLUS",
            "PLUS",
            "PROFIL",
            "!validate",
            "MODIFIER",
            "9",
            "2",
            "AMIENS",
            "MISSIONS",
            "MODIFIER",
            "3",
            "NON",
            "START",
            "MERCI",
            "ARRETEZ DE M ENVOYER DES MESSAGES",
            "START",
        ];
        let english = [
            "Hello",
            "yes please",
            "I'm John",
            "Beaumetz",
            "1",
            "yep",
            "1 3",
            "weekends",
            "MISSIONS",
            "thanks",
            "YES 2",
            "MORE",
            "MORE",
            "MORE",
            "MORE",
            "3",
            "yes",
            "PROFILE",
            "!validate",
            "EDIT",
            "2",
            "Amiens",
            "nope",
            "HELP",
            "unsubscribe please",
            "START",
        ];
        let mut failures = run(&elderly);
        failures.extend(run(&english));
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}

#[cfg(test)]
mod hostile_text_tests {
    //! A name stored before the input rules (or by a path that missed them) still reaches a
    //! volunteer's phone as plain GSM-7: a right-to-left override once doubled an SMS's cost.

    use super::*;
    use renfort_core::i18n::{I18n, Text};
    use renfort_core::text::{Kind, unwanted};

    #[test]
    fn what_volunteers_get_stays_gsm7_and_one_segment() {
        let probes = [
            "Croix \u{202e}egouR",
            "Croix\u{200b}Rouge\u{feff}",
            "Croix\u{2028}Rouge",
            "Croix\u{1b}[31mRouge\u{200f}\u{2066}x\u{2069}",
        ];
        for lang in [Lang::Fr, Lang::En] {
            for probe in probes {
                for id in ["intent-accepted", "intent-declined", "relay-to-volunteer"] {
                    let t = Text::new(id)
                        .arg("structure", probe)
                        .arg("title", "Distribution de colis")
                        .arg("text", probe);
                    let r = render_text(&I18n::get().format(lang, &t));
                    assert_eq!(
                        (r.segments, r.encoding),
                        (Some(1), Some("GSM-7")),
                        "{lang:?} {id} {:?}",
                        r.text
                    );
                    assert!(!r.text.chars().any(|c| unwanted(c, Kind::Lines)));
                }
            }
        }
    }
}
