//! SMS channel over Twilio: signed inbound webhook, GSM-7 segment budget and rendering, and
//! the outbox sender (twilio-async).

pub mod gsm;
pub mod sender;
pub mod signature;
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
            ("status", "pending"),
            ("title", "Distribution de colis alimentaires"),
            ("structure", "Épicerie solidaire de Saint-Laurent-Blangy"),
            ("km", "12"),
            ("description", description),
            ("schedule", "mardi et vendredi 9h-12h"),
            ("contact", "06 39 98 00 01"),
        ] {
            t = t.arg(k, v);
        }
        for (k, v) in [
            ("n", 3i64),
            ("max", 30),
            ("radius", 20),
            ("places", 2),
            ("count", 2),
        ] {
            t = t.arg(k, v);
        }
        t.arg("code", 12345i64).arg("domain", 1i64)
    }

    /// Parts of composite messages and Telegram-only labels, checked through their messages.
    fn is_part(id: &str) -> bool {
        id.starts_with("choice-")
            || id.starts_with("mission-")
            || id.starts_with("missions-")
            || id.starts_with("place-option")
            || id.starts_with("my-mission")
            || matches!(
                id,
                "domain-name" | "place-choose" | "place-did-you-mean" | "place-choose-footer"
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
                    && id != "language-set"
                {
                    failures.push(format!("fr {id} needs transliteration: {text:?}"));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
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
            for (parts, max) in [(list, 3), (details, 3), (places, 2)] {
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
