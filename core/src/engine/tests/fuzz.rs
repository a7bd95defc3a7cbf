//! Property tests of the engine's text input: from any point of the conversation, whatever
//! people type (any Unicode, control characters, Fluent syntax, huge texts, keywords in odd
//! places), the engine answers without panicking, in messages that exist and stay short, and
//! its state survives being stored. Bounded to a fixed number of cases so CI stays fast.

use proptest::prelude::*;

use super::*;
use crate::render::reply_text;

/// What a person may type.
fn input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,80}",
        "[ 0-9]{0,12}",
        prop::sample::select(vec![
            "STOP",
            "stop svp",
            "SUPPRIMER",
            "oui",
            "NON",
            "AIDE",
            "MISSIONS",
            "PLUS",
            "OUI 1",
            "OUI 99",
            "ANNULER 1",
            "PROFIL",
            "MODIFIER",
            "LANGUE",
            "RAYON 5",
            "START",
            "1 3",
            "62000",
            "Arras",
            "{ $name }",
            "{ -brand }",
            "\u{0}\u{1b}[2J",
            "\u{202e}evil",
            "",
            "   ",
        ])
        .prop_map(str::to_string),
        (1usize..4000).prop_map(|n| "Arras ".repeat(n / 6 + 1)),
    ]
}

/// How far into the conversation the person is before the typed messages.
const PREFIX: [&str; 9] = [
    "Bonjour", "oui", "Marie", "62000", "1", "oui", "1 3", "le soir", "MISSIONS",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_at_any_step_gets_a_short_answer(
        steps in 0..=PREFIX.len(),
        english in any::<bool>(),
        texts in proptest::collection::vec(input(), 1..6),
    ) {
        let mut h = Harness::new();
        if english {
            h.v.lang = Lang::En;
        }
        for text in &PREFIX[..steps] {
            h.send(text);
        }
        for text in &texts {
            let stopped_before = h.v.stopped;
            // send_full also checks every reply's message exists in the language.
            let out = h.send_full(text);
            if !stopped_before {
                prop_assert!(!out.replies.is_empty(), "no answer to {text:?}");
            }
            for reply in &out.replies {
                let shown = reply_text(out.volunteer.lang, reply);
                prop_assert!(!shown.trim().is_empty(), "empty answer to {text:?}");
                prop_assert!(shown.chars().count() <= 1000, "{} characters: {shown:?}", shown.chars().count());
            }
            // The state is stored as JSON: it must come back as it was.
            let stored = serde_json::to_string(&out.volunteer.conversation).unwrap();
            let back: Conversation = serde_json::from_str(&stored).unwrap();
            prop_assert_eq!(&back, &out.volunteer.conversation);
        }
    }
}
