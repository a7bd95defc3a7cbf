//! Text folding shared by keyword matching and place-name resolution, and the rules for text
//! that crosses Renfort's edges.
//!
//! People type on old phones without accents, in capitals, with extra spaces: every comparison
//! the engine makes goes through [`fold`] so that "Arrêt", "ARRET" and " arret " are one word.
//!
//! Text from outside (an SMS, a Telegram message, an API field, an import row, a CLI argument)
//! may carry characters that are not text for a reader: terminal escape sequences (a hidden
//! link in a listing), bidirectional overrides and marks (text that reads differently from what
//! it is, and a GSM-7 SMS turned into a two-segment UCS-2 one), zero-width characters, byte
//! order marks, line separators. One rule, [`unwanted`], says which; text people write to the
//! bot is [`clean`]ed of them, text staff set is refused with the first one
//! ([`first_unwanted`]). Text leaving to a terminal goes through [`shown`], which makes what
//! is left visible; every SMS goes through [`plain_latin`], which drops it.

/// Lower-cases, strips diacritics, expands ligatures and turns every separator (hyphen,
/// apostrophe, punctuation, runs of spaces) into one space. Letters of other scripts are kept.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.chars() {
        let mapped = fold_char(c);
        match mapped {
            Folded::Sep => pending_space = true,
            Folded::Str(s) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push_str(s);
            }
            Folded::Char(ch) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.extend(ch.to_lowercase());
            }
        }
    }
    out
}

enum Folded {
    Sep,
    Str(&'static str),
    Char(char),
}

fn fold_char(c: char) -> Folded {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            "a"
        }
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'ń' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'š' | 'Š' => "s",
        'ž' | 'Ž' => "z",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        c if c.is_alphanumeric() => return Folded::Char(c),
        // Everything else separates words: spaces, hyphens, apostrophes (straight or curly),
        // punctuation, symbols and emoji.
        _ => return Folded::Sep,
    };
    Folded::Str(s)
}

/// Whether French elides "de" before this name ("d'Emily", "d'Hélène", "d'Yves", but "de
/// Paul", "de Yasmine"): a vowel or an h first (names with an aspirated h are rare enough to
/// read well either way), or a y sounded as a vowel (before a consonant).
pub fn elides(name: &str) -> bool {
    let folded = fold(name);
    let mut letters = folded.chars();
    match (letters.next(), letters.next()) {
        (Some('a' | 'e' | 'i' | 'o' | 'u' | 'h'), _) => true,
        (Some('y'), Some(next)) => !matches!(next, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'),
        _ => false,
    }
}

/// Text from data (commune names, mission titles, names) as a reply carries it: accents and
/// scripts kept (Telegram shows them; the SMS renderer folds what GSM-7 lacks, see
/// [`plain_latin`]), what [`unwanted`] names dropped (line separators become line breaks).
pub fn readable(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if unwanted(c, Kind::Lines) => {}
            c => out.push(c),
        }
    }
    out
}

/// Replaces characters the GSM-7 alphabet lacks with their nearest plain form, for text that
/// comes from data (commune names, mission titles) rather than from our own locale files, and
/// drops what [`unwanted`] names (line separators become line breaks): the rendering rule of
/// every SMS.
pub fn plain_latin(input: &str) -> String {
    // Stored text may predate the input rules: nothing invisible reaches a phone (a
    // right-to-left override alone turns a GSM-7 message into a UCS-2 one).
    let input = readable(input);
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            // Kept: these exist in GSM-7.
            'é' | 'è' | 'ù' | 'ì' | 'ò' | 'Ç' | 'à' | 'É' | 'Ä' | 'Ö' | 'Ñ' | 'Ü' | 'ä' | 'ö'
            | 'ñ' | 'ü' | 'ß' | 'Å' | 'å' | 'Æ' | 'æ' | 'Ø' | 'ø' => out.push(c),
            '’' | '‘' | 'ʼ' | '`' | '´' => out.push('\''),
            '«' | '»' | '“' | '”' | '„' => out.push('"'),
            '–' | '—' | '‐' | '‑' => out.push('-'),
            '…' => out.push_str("..."),
            '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'ç' => out.push('c'),
            c => match fold_char(c) {
                Folded::Str(s) if c.is_uppercase() => out.push_str(&s.to_uppercase()),
                Folded::Str(s) => out.push_str(s),
                _ => out.push(c),
            },
        }
    }
    out
}

/// What a field may hold beyond one line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A name, a title, a label, a short answer: one line.
    Line,
    /// A message or a description: line breaks (and tabs) are part of it.
    Lines,
}

/// Whether `c` has no place in text of this kind: C0 and C1 controls (escape included) other
/// than a line break and a tab where lines are allowed, bidirectional overrides, isolates and
/// marks, zero-width and other invisible format characters, byte order marks, and the Unicode
/// line and paragraph separators (which [`clean`] turns into a plain line break or a space).
pub fn unwanted(c: char, kind: Kind) -> bool {
    if matches!(c, '\n' | '\r' | '\t') {
        return kind == Kind::Line;
    }
    c.is_control() || invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Format characters a reader cannot see but that change how text reads or is encoded.
fn invisible(c: char) -> bool {
    matches!(
        c,
        // Soft hyphen, Arabic letter mark, Mongolian vowel separator.
        '\u{ad}' | '\u{61c}' | '\u{180e}'
        // Zero-width space, non-joiner, joiner; left-to-right and right-to-left marks.
        | '\u{200b}'..='\u{200f}'
        // Embeddings and overrides (LRE, RLE, PDF, LRO, RLO).
        | '\u{202a}'..='\u{202e}'
        // Word joiner, invisible operators, isolates (LRI, RLI, FSI, PDI), deprecated format
        // controls.
        | '\u{2060}'..='\u{206f}'
        // Byte order mark / zero-width no-break space; interlinear annotation controls.
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
    )
}

/// The first character of `input` that has no place in text of this kind, for fields whose
/// author is told rather than silently corrected (staff's names and missions, CLI labels).
pub fn first_unwanted(input: &str, kind: Kind) -> Option<char> {
    input.chars().find(|&c| unwanted(c, kind))
}

/// `input` without what [`unwanted`] names: escape sequences go whole (an OSC 8 link with its
/// address, a colour with its parameters), line separators and tabs become a line break or a
/// space, other unwanted characters are dropped; runs of spaces become one, lines are trimmed,
/// and at most one blank line is kept between paragraphs. For what people write to the bot,
/// who cannot be asked to type again without an invisible character their phone added.
pub fn clean(input: &str, kind: Kind) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    // Pending separators: a space, or how many line breaks.
    let mut space = false;
    let mut breaks = 0usize;
    while let Some(c) = chars.next() {
        let c = match c {
            '\u{1b}' => {
                skip_escape(&mut chars);
                continue;
            }
            // C1 control sequence and operating system command introducers.
            '\u{9b}' => {
                skip_csi(&mut chars);
                continue;
            }
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => {
                skip_string(&mut chars);
                continue;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                '\n'
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => '\n',
            c => c,
        };
        if c == '\n' {
            match kind {
                Kind::Lines => breaks += 1,
                Kind::Line => space = true,
            }
            continue;
        }
        if c == '\t' || (c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}') {
            space = true;
            continue;
        }
        if unwanted(c, kind) {
            continue;
        }
        if !out.is_empty() {
            if breaks > 0 {
                out.push_str(if breaks > 1 { "\n\n" } else { "\n" });
            } else if space {
                out.push(' ');
            }
        }
        space = false;
        breaks = 0;
        out.push(c);
    }
    out
}

/// Skips what follows an ESC: a CSI sequence (`ESC [` … final byte), a string (OSC, DCS, APC,
/// PM: up to BEL or `ESC \\`), or one character.
fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | '_' | '^') => skip_string(chars),
        _ => {}
    }
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameters and intermediates (0x20-0x3F), then one final byte (0x40-0x7E).
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !('\u{20}'..='\u{3f}').contains(&c) {
            return;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

/// `input` as a terminal line shows it: every character [`unwanted`] in one line (escape,
/// line break, bidi override, zero-width space…) is written as its `\u{…}` code, so that
/// stored text, whatever it holds, can neither drive the terminal nor hide in a listing.
pub fn shown(input: &str) -> std::borrow::Cow<'_, str> {
    if first_unwanted(input, Kind::Line).is_none() && !input.contains('\\') {
        return std::borrow::Cow::Borrowed(input);
    }
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        if c == '\\' {
            // A backslash is doubled so that a typed "\u{1b}" cannot pass for an escaped one.
            out.push_str("\\\\");
        } else if unwanted(c, Kind::Line) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_ligatures_and_separators() {
        assert_eq!(fold("  Arrêt "), "arret");
        assert_eq!(fold("Saint-Étienne-au-Mont"), "saint etienne au mont");
        assert_eq!(fold("L’Œuvre d'Art"), "l oeuvre d art");
        assert_eq!(fold("STOP   sms!"), "stop sms");
        assert_eq!(fold("🙂"), "");
        assert_eq!(fold("Привет"), "привет");
    }

    #[test]
    fn plain_latin_keeps_gsm_letters_and_replaces_others() {
        assert_eq!(plain_latin("Hesdin-la-Forêt"), "Hesdin-la-Foret");
        assert_eq!(plain_latin("Écoust-Saint-Mein"), "Écoust-Saint-Mein");
        assert_eq!(
            plain_latin("Cœur « ici » l’été…"),
            "Coeur \" ici \" l'été..."
        );
        assert_eq!(plain_latin("Îles"), "Iles");
    }

    /// The probes of the security review: each character that passed the API or the import.
    const HOSTILE: [(&str, char); 6] = [
        (
            "Croix\u{1b}]8;;https://evil.test\u{1b}\\Rouge\u{1b}]8;;\u{1b}\\",
            '\u{1b}',
        ),
        ("Croix \u{202e}egouR", '\u{202e}'),
        ("Croix\u{200b}Rouge", '\u{200b}'),
        ("\u{feff}Croix Rouge", '\u{feff}'),
        ("Croix\u{2028}Rouge", '\u{2028}'),
        ("Croix \u{200f}\u{2066}Rouge\u{2069}", '\u{200f}'),
    ];

    #[test]
    fn the_hostile_probes_are_found_and_cleaned() {
        for (probe, first) in HOSTILE {
            assert_eq!(first_unwanted(probe, Kind::Line), Some(first), "{probe:?}");
            assert_eq!(first_unwanted(probe, Kind::Lines), Some(first), "{probe:?}");
            let line = clean(probe, Kind::Line);
            assert_eq!(first_unwanted(&line, Kind::Line), None, "{line:?}");
            assert!(!line.contains("evil"), "{line:?}");
        }
        assert_eq!(clean(HOSTILE[0].0, Kind::Line), "CroixRouge");
        assert_eq!(clean(HOSTILE[1].0, Kind::Line), "Croix egouR");
        assert_eq!(clean(HOSTILE[3].0, Kind::Line), "Croix Rouge");
        assert_eq!(clean(HOSTILE[4].0, Kind::Line), "Croix Rouge");
        assert_eq!(clean(HOSTILE[4].0, Kind::Lines), "Croix\nRouge");
        assert_eq!(
            clean("\u{1b}[1;31mrouge\u{1b}[0m \u{9b}2Jx", Kind::Line),
            "rouge x"
        );
        assert_eq!(clean("a\0b\u{7f}c\u{85}d", Kind::Line), "abc d");
    }

    #[test]
    fn clean_keeps_text_and_tidies_its_spacing() {
        assert_eq!(
            clean("  Le  matin,\tvers 9h  ", Kind::Line),
            "Le matin, vers 9h"
        );
        assert_eq!(
            clean("Bonjour\r\n\r\n\r\n\r\nà demain ", Kind::Lines),
            "Bonjour\n\nà demain"
        );
        assert_eq!(clean("un\r\ndeux", Kind::Line), "un deux");
        assert_eq!(clean("Привет 🙂 l’été", Kind::Line), "Привет 🙂 l’été");
        assert_eq!(clean("\u{200b}\u{feff}", Kind::Lines), "");
        assert_eq!(first_unwanted("a\nb\tc", Kind::Lines), None);
        assert_eq!(first_unwanted("a\nb", Kind::Line), Some('\n'));
    }

    #[test]
    fn terminals_are_shown_codes_not_controls() {
        assert_eq!(shown("Croix-Rouge"), "Croix-Rouge");
        assert_eq!(
            shown(HOSTILE[0].0),
            "Croix\\u{1b}]8;;https://evil.test\\u{1b}\\\\Rouge\\u{1b}]8;;\\u{1b}\\\\"
        );
        assert_eq!(shown("a\u{202e}b\nc"), "a\\u{202e}b\\u{a}c");
        assert_eq!(shown("C:\\u{1b}"), "C:\\\\u{1b}");
        for (probe, _) in HOSTILE {
            assert!(shown(probe).chars().all(|c| !unwanted(c, Kind::Line)));
        }
    }

    #[test]
    fn sms_text_drops_what_a_reader_cannot_see() {
        for (probe, _) in HOSTILE {
            assert!(
                plain_latin(probe)
                    .chars()
                    .all(|c| !unwanted(c, Kind::Lines))
            );
        }
        assert_eq!(plain_latin("Croix \u{202e}Rouge\u{200b}"), "Croix Rouge");
        assert_eq!(plain_latin("a\u{2028}b\nc"), "a\nb\nc");
    }
}
