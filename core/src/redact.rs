//! Masking personal data in text that leaves for logs or error columns: a provider's error
//! message may quote the number it refused ("The 'To' number +33639985555 is not a valid phone
//! number"), a message body carries the volunteer's number to a referent. Numbers keep their
//! last two digits, like [`crate::domain::redact_address`], so support can still tell two
//! people apart.

/// Replaces every phone-number-like run of digits in `text` with `…` and its last two digits.
///
/// A run starts at a word boundary with a digit or `+`, holds digits with single separators
/// between them (space, `.`, `-`, `/`, or ` - ` and ` / `), and counts as a number when it has at least 9 digits, or 8
/// after a `+` (E.164). Dates (`2020-03-15`, 8 digits), codes, counts and decimals stay
/// readable; digits glued to letters (`SM0123…`, message ids) are left alone.
pub fn mask_phones(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // Not glued to a word, and not the decimals of a number ("0.000567281", "3,14159…").
        let at_boundary = i == 0
            || !(chars[i - 1].is_alphanumeric()
                || (matches!(chars[i - 1], '.' | ',') && i >= 2 && chars[i - 2].is_ascii_digit()));
        if at_boundary && let Some((end, digits)) = number_at(&chars, i) {
            let plus = chars[i] == '+';
            if digits.len() >= 9 || (plus && digits.len() >= 8) {
                out.push('…');
                out.extend(&digits[digits.len() - 2..]);
                i = end;
                continue;
            }
            // Not a number: copy the whole run, so its tail is not taken for one.
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The run of digits and single separators starting at `start` (a digit, or `+` followed by
/// one): its end (exclusive, after the last digit) and its digits. `None` if no run starts
/// here or it ends glued to a letter.
fn number_at(chars: &[char], start: usize) -> Option<(usize, Vec<char>)> {
    let mut i = start;
    if chars[i] == '+' {
        i += 1;
    }
    if !chars.get(i).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut digits = Vec::new();
    let mut end = i;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            digits.push(c);
            i += 1;
            end = i;
        } else if let Some(len) = separator_at(chars, i)
            && chars.get(i + len).is_some_and(char::is_ascii_digit)
            // A dot after a single digit is a decimal point, not "06.39.98…".
            && (chars[i] != '.' || group_len(chars, i) >= 2)
        {
            i += len;
        } else {
            break;
        }
    }
    if chars.get(end).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    Some((end, digits))
}

/// The length of the separator between two groups of a number at `i`, if one is there: one
/// space, `.`, `-` or `/`, or one `-` or `/` with a space on each side, as people write
/// "06 - 12 - 34 - 56 - 78" ("06/12/34/56/78", "06.12.34.56.78").
fn separator_at(chars: &[char], i: usize) -> Option<usize> {
    match chars.get(i..) {
        Some([' ', '-' | '/', ' ', ..]) => Some(3),
        Some([' ' | '.' | '-' | '/', ..]) => Some(1),
        _ => None,
    }
}

/// How many digits directly precede position `end`.
fn group_len(chars: &[char], end: usize) -> usize {
    chars[..end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count()
}

#[cfg(test)]
mod tests {
    use super::mask_phones;

    #[test]
    fn numbers_in_every_usual_form_are_masked() {
        for (input, expected) in [
            (
                "twilio 400 21211: The 'To' number +33639985555 is not a valid phone number.",
                "twilio 400 21211: The 'To' number …55 is not a valid phone number.",
            ),
            (
                "Appelez au 06 39 98 00 01. Puis répondez OK 12",
                "Appelez au …01. Puis répondez OK 12",
            ),
            ("+33 6 39 98 00 01", "…01"),
            ("0639980001", "…01"),
            ("06.39.98.00.01", "…01"),
            ("06-39-98-00-01,", "…01,"),
            ("(+447700900123)", "(…23)"),
            ("chat 123456789 blocked", "chat …89 blocked"),
            ("to +33639980001 and +33639980002", "to …01 and …02"),
            ("06/12/34/56/78", "…78"),
            ("tél. 06 - 12 - 34 - 56 - 80 le soir", "tél. …80 le soir"),
            ("06 / 12 / 34 / 56 / 80", "…80"),
            ("06.12.34.56.78", "…78"),
            ("+33 6 12 34 56 78", "…78"),
            (
                "+33 (appeler le soir) 06-12-34-56-78.",
                "+33 (appeler le soir) …78.",
            ),
            ("call 06 12 34 56 78!", "call …78!"),
        ] {
            assert_eq!(mask_phones(input), expected, "{input}");
        }
    }

    #[test]
    fn dates_codes_counts_and_ids_stay() {
        for kept in [
            "twilio 429 20429: Too Many Requests",
            "mission du 2020-03-15 au 2020-04-01",
            "OK 123, NON 123, 62000 Arras",
            "SM00000000000000000000000000000001",
            "AC0123456789abcdef",
            "12 345 678",
            "a+b 1.5 km",
            "",
            "+",
            "06 39",
            "elapsed_secs=0.000567281 elapsed=567.281µs",
            "pi 3,141592653 or 3.141592653",
            "at 2026-11-29T11:36:09.201296Z",
            "du 15/03/2020 au 10/04/2020",
            "missions 1 - 3",
            "12 / 345 / 678",
            "OK 12 - merci",
        ] {
            assert_eq!(mask_phones(kept), kept);
        }
        // A long code glued to letters is an id, not a number.
        assert_eq!(mask_phones("id 0639980001x"), "id 0639980001x");
    }
}
