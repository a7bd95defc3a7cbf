//! SMS segment budget. A message in the GSM-7 alphabet costs 160 characters a segment (153 per
//! part once split; the extension characters `^{}\[~]|€` count twice); a single character
//! outside it switches the whole message to UCS-2: 70 UTF-16 units a segment, 67 per part.
//! French letters like ê, ç or œ are outside GSM-7, so French text is written to stay inside
//! and [`fit`] transliterates whatever data still brings in.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Encoding {
    #[serde(rename = "GSM-7")]
    Gsm7,
    #[serde(rename = "UCS-2")]
    Ucs2,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "GSM-7",
            Encoding::Ucs2 => "UCS-2",
        }
    }
}

const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// Septets a character costs in GSM-7, or `None` if it is not in the alphabet.
pub fn gsm7_cost(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

pub fn encoding(text: &str) -> Encoding {
    if text.chars().all(|c| gsm7_cost(c).is_some()) {
        Encoding::Gsm7
    } else {
        Encoding::Ucs2
    }
}

/// Number of segments and the encoding a carrier will use for `text`.
pub fn segments(text: &str) -> (usize, Encoding) {
    let enc = encoding(text);
    let (units, single, multi) = match enc {
        Encoding::Gsm7 => (
            text.chars()
                .map(|c| gsm7_cost(c).unwrap_or(1))
                .sum::<usize>(),
            160,
            153,
        ),
        Encoding::Ucs2 => (text.encode_utf16().count(), 70, 67),
    };
    // An empty message still costs one segment.
    let n = if units <= single {
        1
    } else {
        units.div_ceil(multi)
    };
    (n, enc)
}

/// Makes French text GSM-7 where a close spelling exists: ê→e, ç→c, œ→oe, ’→', «»→", …→...
/// Characters with no close form (other scripts, emoji) are kept: the message then goes as
/// UCS-2 rather than losing what a person wrote.
pub fn fit(text: &str) -> String {
    renfort_core::text::plain_latin(&text.replace('\t', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_gsm7_and_ucs2() {
        assert_eq!(segments(&"a".repeat(160)), (1, Encoding::Gsm7));
        assert_eq!(segments(&"a".repeat(161)), (2, Encoding::Gsm7));
        assert_eq!(segments(&"a".repeat(306)), (2, Encoding::Gsm7));
        assert_eq!(segments(&"a".repeat(307)), (3, Encoding::Gsm7));
        assert_eq!(segments(&"€".repeat(80)), (1, Encoding::Gsm7));
        assert_eq!(segments(&"€".repeat(81)), (2, Encoding::Gsm7));
        assert_eq!(segments(&"ê".repeat(70)), (1, Encoding::Ucs2));
        assert_eq!(segments(&"ê".repeat(71)), (2, Encoding::Ucs2));
        assert_eq!(segments(&"ê".repeat(134)), (2, Encoding::Ucs2));
        assert_eq!(segments(&"ê".repeat(135)), (3, Encoding::Ucs2));
        // An emoji is two UTF-16 units.
        assert_eq!(segments(&"🙂".repeat(35)), (1, Encoding::Ucs2));
        assert_eq!(segments(&"🙂".repeat(36)), (2, Encoding::Ucs2));
        assert_eq!(segments(""), (1, Encoding::Gsm7));
    }

    #[test]
    fn fits_french_into_gsm7() {
        let s = fit("Vous êtes prêts ? « Ça » coûte l’œuf…");
        assert_eq!(s, "Vous etes prets ? \" Ça \" coute l'oeuf...");
        assert_eq!(
            encoding(&fit("Hesdin-la-Forêt, Saint-Étienne, Noël, À bientôt")),
            Encoding::Gsm7
        );
        assert_eq!(fit("Éé èà ù"), "Éé èà ù");
        assert_eq!(encoding(&fit("Привет")), Encoding::Ucs2);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const GSM_BASIC: &str = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    const FRENCH: &str = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ ’«»…-ÀÂÇÉÈÊËÎÏÔÛÙŒÆ,.;:!?'";

    fn from(alphabet: &'static str) -> impl Strategy<Value = String> {
        let chars: Vec<char> = alphabet.chars().collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..500)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn gsm7_segments_are_160_then_153(s in from(GSM_BASIC)) {
            let n = s.chars().count();
            let want = if n <= 160 { 1 } else { n.div_ceil(153) };
            prop_assert_eq!(segments(&s), (want, Encoding::Gsm7));
        }

        #[test]
        fn extension_characters_cost_two(s in from(GSM_BASIC), ext in proptest::collection::vec(proptest::sample::select("^{}\\[~]|€".chars().collect::<Vec<_>>()), 1..50)) {
            let text: String = s.chars().chain(ext.iter().copied()).collect();
            let septets = s.chars().count() + 2 * ext.len();
            let want = if septets <= 160 { 1 } else { septets.div_ceil(153) };
            prop_assert_eq!(segments(&text), (want, Encoding::Gsm7));
        }

        #[test]
        fn one_foreign_character_means_ucs2_by_utf16_units(s in from(GSM_BASIC), c in "[ê✓🙂中ы]") {
            let text = format!("{s}{c}");
            let units = text.encode_utf16().count();
            let want = if units <= 70 { 1 } else { units.div_ceil(67) };
            prop_assert_eq!(segments(&text), (want, Encoding::Ucs2));
        }

        #[test]
        fn french_always_fits_gsm7(s in from(FRENCH)) {
            let fitted = fit(&s);
            prop_assert_eq!(encoding(&fitted), Encoding::Gsm7, "{:?} -> {:?}", s, fitted);
            prop_assert_eq!(fit(&fitted), fitted.clone(), "idempotent");
        }

        #[test]
        fn gsm7_text_is_left_alone(s in from(GSM_BASIC)) {
            prop_assert_eq!(fit(&s), s);
        }
    }
}
