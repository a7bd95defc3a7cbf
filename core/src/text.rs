//! Text folding shared by keyword matching and place-name resolution.
//!
//! People type on old phones without accents, in capitals, with extra spaces: every comparison
//! the engine makes goes through [`fold`] so that "Arrêt", "ARRET" and " arret " are one word.

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

/// Replaces characters the GSM-7 alphabet lacks with their nearest plain form, for text that
/// comes from data (commune names, mission titles) rather than from our own locale files.
pub fn plain_latin(input: &str) -> String {
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
}
