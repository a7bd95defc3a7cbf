//! Telegram channel (teloxide): updates by long polling or webhook turned into engine events,
//! replies rendered with buttons, and the outbox sender.

pub mod adapter;
pub mod keyboard;
pub mod sender;
pub mod webhook;

/// A Telegram error for logs. reqwest's own message holds the request URL, which holds the
/// bot token, and an unreadable answer may hold a message body: neither is logged.
pub fn describe(e: &teloxide::RequestError) -> String {
    use teloxide::RequestError as E;
    match e {
        // Telegram's description could quote a chat id or a number.
        E::Api(api) => renfort_core::redact::mask_phones(&format!("api: {api}")),
        E::MigrateToChatId(_) => "chat migrated".into(),
        E::RetryAfter(s) => format!("retry after {} s", s.seconds()),
        E::Network(n) if n.is_timeout() => "network: timeout".into(),
        E::Network(n) if n.is_connect() => "network: connect".into(),
        E::Network(_) => "network: request".into(),
        E::InvalidJson { .. } => "unreadable answer".into(),
        E::Io(_) => "io".into(),
    }
}

use renfort_core::domain::Lang;
use renfort_core::engine::Reply;
use renfort_core::i18n::{I18n, Text};
use renfort_core::render::{ChannelRenderer, Rendered, reply_choices, reply_text};

pub struct TelegramRenderer;

/// Telegram's own wording: where the reply carries buttons, a part whose message has a
/// `-tap` twin in the locales is worded by it ("Touchez Oui ou Non" rather than "Répondez
/// OUI ou NON"). Without buttons, the SMS wording stays true (typed words work everywhere).
pub fn telegram_wording(lang: Lang, reply: &Reply) -> Reply {
    let i18n = I18n::get();
    let mut out = reply.clone();
    if reply.choices.is_empty() {
        return out;
    }
    for part in &mut out.parts {
        let twin = format!("{}-tap", part.id);
        if i18n.has(lang, &twin) {
            part.id = twin;
        }
    }
    out
}

impl ChannelRenderer for TelegramRenderer {
    fn render(&self, lang: Lang, reply: &Reply) -> Rendered {
        let reply = &telegram_wording(lang, reply);
        let mut choices = reply_choices(lang, reply);
        if reply.multi_select {
            // Toggles on the keyboard itself, then one answer: see keyboard::toggle.
            for (_, payload) in &mut choices {
                *payload = format!("{}{payload}", keyboard::MULTI);
            }
            choices.push((
                I18n::get().format(lang, &Text::new("choice-done")),
                keyboard::MULTI_DONE.to_string(),
            ));
        }
        Rendered {
            text: reply_text(lang, reply),
            segments: None,
            encoding: None,
            choices,
        }
    }
}

#[cfg(test)]
mod button_tests {
    //! On Telegram, choices are buttons: each one, pressed at the step it was shown, must be
    //! an answer the engine understands (never "not understood" nor a re-ask).

    use super::*;
    use renfort_core::domain::{Domain, VolunteerStatus};
    use renfort_core::engine::{
        self, Context, Event, Offer, SHARE_LOCATION, SHARE_PHONE, Volunteer,
    };

    fn offers() -> Vec<Offer> {
        (0..5)
            .map(|i| Offer {
                id: i,
                title: "Colis alimentaires".into(),
                structure: format!("CCAS {i}"),
                domain: Domain::Food,
                commune: Some("Arras".into()),
                distance_km: Some(1.0 + i as f64),
                schedule: "mardi".into(),
                description: "Préparer des colis.".into(),
                places_left: 2,
            })
            .collect()
    }

    fn step(v: &Volunteer, text: &str, offers: &[Offer]) -> engine::Output {
        let ctx = Context {
            now: 1_700_000_000,
            terms_version: "2020-03",
            terms_url: "https://renfort.example/cgu",
            home_departement: Some("62"),
            coverage: &renfort_core::engine::Coverage::everywhere(),
            offers,
            intents: &[],
            unalertable: &[],
            without_phone: false,
            carrier_words: false,
        };
        engine::handle(v, &Event::Text(text.into()), &ctx)
    }

    #[test]
    fn every_button_shown_is_understood() {
        let offers = offers();
        let script = [
            "/start",
            "OUI",
            "Odette",
            "62000",
            "1",
            "OUI",
            "1",
            "PASSER",
            "MISSIONS",
            "2",
            "PROFIL",
            "!validate",
            "MODIFIER",
            "3",
            "NON",
            "MODIFIER",
            "3",
            "OUI",
            "SUPPRIMER",
        ];
        for lang_switch in [false, true] {
            let mut v = Volunteer::default();
            let mut pressed = 0;
            for input in script {
                if input == "!validate" {
                    v.status = VolunteerStatus::Validated;
                    continue;
                }
                let input = if input == "/start" && lang_switch {
                    "Hello"
                } else {
                    input
                };
                let out = step(&v, input, &offers);
                for reply in &out.replies {
                    let rendered = TelegramRenderer.render(out.volunteer.lang, reply);
                    assert!(rendered.text.chars().count() <= 4096);
                    for (label, payload) in &rendered.choices {
                        assert!(!label.is_empty() && !label.contains('{'), "{label}");
                        if [SHARE_LOCATION, SHARE_PHONE].contains(&payload.as_str()) {
                            continue;
                        }
                        // Multi-select buttons send their ticked payloads together.
                        if payload == keyboard::MULTI_DONE {
                            continue;
                        }
                        let sent = payload
                            .strip_prefix(keyboard::MULTI)
                            .unwrap_or(payload.as_str());
                        let answer = step(&out.volunteer, sent, &offers);
                        let first = &answer.replies[0].parts[0].id;
                        assert!(
                            !first.ends_with("reask")
                                && !first.ends_with("invalid")
                                && first != "not-understood"
                                && first != "number-out-of-range",
                            "{input:?} then button {label:?} ({sent}) gave {first}"
                        );
                        pressed += 1;
                    }
                }
                v = out.volunteer;
            }
            assert!(pressed > 20, "{pressed}");
        }
    }

    /// Issue 24: Telegram wording on Telegram. Where a reply has buttons, it asks to tap
    /// them, not to reply a word in capitals or a number; each tap wording has its message.
    #[test]
    fn telegram_says_tap_where_there_are_buttons() {
        let offers = offers();
        for lang in [Lang::Fr, Lang::En] {
            for id in I18n::ids(lang).iter().filter(|id| id.ends_with("-tap")) {
                let base = id.trim_end_matches("-tap");
                assert!(I18n::get().has(lang, base), "{lang:?} {id} has no {base}");
            }
            let first = if lang == Lang::Fr { "Bonjour" } else { "Hello" };
            let script = [
                first,
                "bof",
                "OUI",
                "Odette",
                "62000",
                "1",
                "bof",
                "OUI",
                "hmm",
                "1 3",
                "PASSER",
                "MISSIONS",
                "SUPPRIMER",
            ];
            let mut v = Volunteer::default();
            let mut tapped = 0;
            for input in script {
                let out = step(&v, input, &offers);
                for reply in out.replies.iter().filter(|r| !r.choices.is_empty()) {
                    let text = TelegramRenderer.render(lang, reply).text;
                    for sms_words in [
                        "Répondez OUI",
                        "Reply YES",
                        "OUI 1 =",
                        "YES 1 =",
                        "Un ou plusieurs numéros",
                        "One or more numbers",
                        "Ou PASSER",
                        "Or reply SKIP",
                        "Répondez par le numéro",
                        "Reply with the number",
                    ] {
                        assert!(!text.contains(sms_words), "{input:?}: {text}");
                    }
                    tapped += 1;
                }
                v = out.volunteer;
            }
            assert!(tapped >= 8, "{lang:?}: {tapped}");
        }
        // Names keep their accents on Telegram (the SMS renderer alone folds them).
        let mut v = Volunteer::default();
        for input in ["Bonjour", "OUI", "Anaïs", "Hesdin-la-Forêt"] {
            let out = step(&v, input, &offers);
            v = out.volunteer;
            if input == "Hesdin-la-Forêt" {
                let text = TelegramRenderer.render(Lang::Fr, &out.replies[0]).text;
                assert!(text.contains("Hesdin-la-Forêt (62)"), "{text}");
            }
        }
        assert_eq!(v.first_name.as_deref(), Some("Anaïs"));
        // Without buttons, the SMS wording stays (typing works everywhere).
        let plain = Reply::text(Text::new("consent-reask"));
        assert!(
            TelegramRenderer
                .render(Lang::Fr, &plain)
                .text
                .starts_with("Répondez OUI")
        );
    }
}
