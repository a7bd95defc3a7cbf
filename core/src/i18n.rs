//! User-visible text: Fluent files under `locales/`, embedded at compile time so the binary
//! needs no files at run time.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

use crate::domain::Lang;

/// Each language's files: the conversation, hardening notices, delivery, how places are asked
/// about, what Renfort says to questions and where it is open.
const FR: &[&str] = &[
    include_str!("../../locales/fr/renfort.ftl"),
    include_str!("../../locales/fr/hardening.ftl"),
    include_str!("../../locales/fr/delivery.ftl"),
    include_str!("../../locales/fr/places.ftl"),
    include_str!("../../locales/fr/answers.ftl"),
];
const EN: &[&str] = &[
    include_str!("../../locales/en/renfort.ftl"),
    include_str!("../../locales/en/hardening.ftl"),
    include_str!("../../locales/en/delivery.ftl"),
    include_str!("../../locales/en/places.ftl"),
    include_str!("../../locales/en/answers.ftl"),
];
/// The web console's words: a bundle of their own, since they are read on a screen and
/// need not fit the SMS alphabet and budget every message of the other bundle is held to.
const CONSOLE_FR: &[&str] = &[include_str!("../../locales/fr/console.ftl")];
const CONSOLE_EN: &[&str] = &[include_str!("../../locales/en/console.ftl")];

/// A message to translate: a Fluent id and its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    pub id: String,
    pub args: Vec<(String, Arg)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Arg {
    Str(String),
    Num(f64),
}

impl Text {
    pub fn new(id: &str) -> Text {
        Text {
            id: id.to_string(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Text {
        self.args.push((name.to_string(), value.into()));
        self
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n as f64)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Num(f64::from(n))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(n as f64)
    }
}
impl From<f64> for Arg {
    fn from(n: f64) -> Arg {
        Arg::Num(n)
    }
}

pub struct I18n {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: &str, sources: &[&'static str]) -> FluentBundle<FluentResource> {
    let mut bundle = FluentBundle::new_concurrent(vec![lang.parse().expect("language id")]);
    // Unicode isolation marks are not GSM-7: they would turn every SMS into UCS-2.
    bundle.set_use_isolating(false);
    for source in sources {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("locales/{lang}: {errors:?}"));
        // A message defined twice across the files is an error, not an override.
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("locales/{lang}: {errors:?}"));
    }
    bundle
}

impl I18n {
    pub fn get() -> &'static I18n {
        static I: OnceLock<I18n> = OnceLock::new();
        I.get_or_init(|| I18n {
            fr: bundle("fr", FR),
            en: bundle("en", EN),
        })
    }

    /// The web console's messages.
    pub fn console() -> &'static I18n {
        static I: OnceLock<I18n> = OnceLock::new();
        I.get_or_init(|| I18n {
            fr: bundle("fr", CONSOLE_FR),
            en: bundle("en", CONSOLE_EN),
        })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// Formats a message. A missing id is a programming error caught by the locale tests; at
    /// run time it falls back to French, then to the id itself, rather than losing the reply.
    pub fn format(&self, lang: Lang, text: &Text) -> String {
        let bundle = match self.bundle(lang).has_message(&text.id) {
            true => self.bundle(lang),
            false => &self.fr,
        };
        let Some(pattern) = bundle.get_message(&text.id).and_then(|m| m.value()) else {
            tracing::error!(id = %text.id, "missing message");
            return text.id.clone();
        };
        let mut args = FluentArgs::new();
        for (name, value) in &text.args {
            match value {
                Arg::Str(s) => args.set(name.as_str(), FluentValue::from(s.as_str())),
                Arg::Num(n) => args.set(name.as_str(), FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let out = bundle.format_pattern(pattern, Some(&args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(id = %text.id, ?errors, "message formatting");
        }
        out.into_owned()
    }

    /// Every message id of a language, for completeness tests.
    pub fn ids(lang: Lang) -> Vec<String> {
        let source = match lang {
            Lang::Fr => FR,
            Lang::En => EN,
        };
        Self::ids_of(source)
    }

    /// Every message id of the console's bundle in a language.
    pub fn console_ids(lang: Lang) -> Vec<String> {
        Self::ids_of(match lang {
            Lang::Fr => CONSOLE_FR,
            Lang::En => CONSOLE_EN,
        })
    }

    fn ids_of(source: &[&str]) -> Vec<String> {
        source
            .iter()
            .flat_map(|s| s.lines())
            .filter_map(|l| {
                let (id, _) = l.split_once(" =")?;
                (!id.starts_with([' ', '#', '-']) && !id.is_empty()).then(|| id.to_string())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_have_the_same_messages() {
        let mut fr = I18n::ids(Lang::Fr);
        let mut en = I18n::ids(Lang::En);
        fr.sort();
        en.sort();
        assert!(fr.len() > 20);
        assert_eq!(fr, en);
        let mut fr = I18n::console_ids(Lang::Fr);
        let mut en = I18n::console_ids(Lang::En);
        fr.sort();
        en.sort();
        assert!(fr.len() > 20);
        assert_eq!(fr, en, "the console's words");
    }

    #[test]
    fn no_isolation_marks() {
        let t = Text::new("place-found")
            .arg("commune", "Arras")
            .arg("departement", "62");
        let s = I18n::get().format(Lang::Fr, &t);
        assert!(s.contains("Arras (62)"), "{s}");
        assert!(!s.contains('\u{2068}'));
    }
}
