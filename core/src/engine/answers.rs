//! Questions get answers, or a person: a small FAQ (its answers in locales/*/answers.ftl)
//! aware of where the volunteer stands, and whatever it cannot answer relayed to someone who
//! can (the structure during an intent, else the département's moderators), the volunteer
//! told who will answer.

use super::{Effect, Step_};
use crate::domain::{ParticipationStatus as P, VolunteerStatus};
use crate::i18n::Text;
use crate::text::{Kind, clean, fold, readable};

/// What the FAQ answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// "Quand est-ce qu'ils vont m'appeler ?"
    Call,
    /// "Je peux venir avec ma fille ?"
    Bring,
    /// "Do I need to speak French?"
    Language,
    /// "C'est payé ?"
    Cost,
    /// "C'est quoi Renfort ?"
    What,
}

/// Words (folded) that open a question, in French and English.
const QUESTION_STARTS: &[&str] = &[
    "quand",
    "comment",
    "pourquoi",
    "est ce",
    "puis je",
    "je peux",
    "peut on",
    "on peut",
    "qui",
    "ou",
    "combien",
    "faut il",
    "dois je",
    "est il",
    "c est quoi",
    "qu est ce",
    "y a t il",
    "when",
    "how",
    "why",
    "who",
    "what",
    "where",
    "can",
    "could",
    "do",
    "does",
    "is",
    "are",
    "will",
    "should",
    "may",
];

/// Whether a message reads as a question: a question mark, or a question word first.
pub fn is_question(text: &str) -> bool {
    if text.contains('?') {
        return true;
    }
    let key = fold(text);
    QUESTION_STARTS
        .iter()
        .any(|q| key == *q || key.starts_with(&format!("{q} ")))
}

/// Whole folded phrases, looked for word by word, for each topic; the first topic found wins.
const TOPICS: &[(Topic, &[&str])] = &[
    (
        Topic::Language,
        &[
            "parler francais",
            "parle francais",
            "parle pas francais",
            "parle pas bien francais",
            "speak french",
            "speak english",
            "in english",
            "en anglais",
            "french required",
        ],
    ),
    (
        Topic::Bring,
        &[
            "avec ma",
            "avec mon",
            "avec mes",
            "avec un ami",
            "avec une amie",
            "accompagne",
            "accompagner",
            "bring",
            "with my",
            "with a friend",
        ],
    ),
    (
        Topic::Cost,
        &[
            "payer",
            "paye",
            "payant",
            "payee",
            "remunere",
            "remuneree",
            "remuneration",
            "gratuit",
            "salaire",
            "paid",
            "pay",
            "cost",
            "free",
            "argent",
            "money",
        ],
    ),
    (
        Topic::Call,
        &[
            "appeler",
            "appelle",
            "appellent",
            "appeller",
            "appele",
            "rappeler",
            "rappelle",
            "contacter",
            "contacte",
            "contactera",
            "nouvelles",
            "reponse",
            "valide",
            "validee",
            "validation",
            "call",
            "called",
            "contact",
            "hear back",
            "hear from",
            "validated",
        ],
    ),
    (
        Topic::What,
        &[
            "c est quoi",
            "qu est ce que renfort",
            "qui etes vous",
            "vous etes qui",
            "what is renfort",
            "what is this",
            "who are you",
        ],
    ),
];

/// The FAQ topic of a question, if it has one.
pub fn topic(text: &str) -> Option<Topic> {
    if !is_question(text) {
        return None;
    }
    let key = format!(" {} ", fold(text));
    TOPICS
        .iter()
        .find(|(_, phrases)| phrases.iter().any(|p| key.contains(&format!(" {p} "))))
        .map(|(t, _)| *t)
}

/// "QUESTION ma question", "Question : …": the words for a person, if the message starts so.
pub fn for_a_person(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let head: String = trimmed.chars().take(8).collect();
    let after = &trimmed[head.len()..];
    if fold(&head) != "question" || after.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let rest = after.trim_start_matches([' ', ':', ',', '-']);
    Some(rest.to_string())
}

/// The longest question relayed, like a referent's MSG.
const QUESTION_MAX: usize = 300;

impl Step_<'_> {
    /// Answers a FAQ topic, in the light of where the volunteer stands.
    pub(super) fn faq(&mut self, topic: Topic) {
        let dep = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.clone())
            .unwrap_or_default();
        let t = match topic {
            Topic::Bring => {
                Text::new("faq-bring").arg("min_age", i64::from(self.ctx.coverage.min_age(&dep)))
            }
            Topic::Language => Text::new("faq-language"),
            Topic::Cost => Text::new("faq-cost"),
            Topic::What => Text::new("faq-what"),
            // Without a phone (Telegram only), the structure writes: nobody is promised a call.
            Topic::Call => self
                .when_called(&dep)
                .arg("phone", if self.ctx.without_phone { "no" } else { "yes" }),
        };
        self.say(t);
    }

    /// "When will they call me?": it depends on where the volunteer stands.
    fn when_called(&self, dep: &str) -> Text {
        let latest = |statuses: &[P]| {
            self.ctx
                .intents
                .iter()
                .rev()
                .find(|i| statuses.contains(&i.status))
        };
        if let Some(i) = latest(&[P::Accepted]) {
            return Text::new("faq-call-accepted")
                .arg("structure", readable(&i.structure))
                .arg("title", readable(&i.title));
        }
        if let Some(i) = latest(&[P::Sent, P::Contacted]) {
            return Text::new("faq-call-relayed")
                .arg("structure", readable(&i.structure))
                .arg("title", readable(&i.title));
        }
        match self.v.status {
            VolunteerStatus::Registering => Text::new("faq-call-registering"),
            VolunteerStatus::Pending if !self.departement_open() => {
                self.served_args(Text::new("faq-call-not-open").arg("departement", dep))
            }
            VolunteerStatus::Pending => Text::new("faq-call-pending").arg("departement", dep),
            _ => Text::new("faq-call-none"),
        }
    }

    /// Sends the volunteer's words to a person: the structure's referents when an intent is
    /// open, else the département's moderators; says who will answer, or, where nobody can,
    /// says so.
    pub(super) fn ask_a_person(&mut self, text: &str) {
        let words: String = clean(text, Kind::Lines)
            .chars()
            .take(QUESTION_MAX)
            .collect();
        if words.trim().is_empty() {
            return self.say(Text::new("question-empty"));
        }
        let open = self
            .ctx
            .intents
            .iter()
            .rev()
            .find(|i| matches!(i.status, P::Sent | P::Contacted | P::Accepted));
        if let Some(i) = open {
            let structure = readable(&i.structure);
            self.effects.push(Effect::Question {
                mission_id: Some(i.mission_id),
                text: words,
            });
            return self.say(Text::new("question-to-structure").arg("structure", structure));
        }
        let Some(place) = self.v.place.clone() else {
            return self.say(Text::new("question-registering"));
        };
        if !self.departement_open() {
            let t = self.served_args(
                Text::new("question-nobody").arg("departement", place.departement.clone()),
            );
            return self.say(t);
        }
        self.effects.push(Effect::Question {
            mission_id: None,
            text: words,
        });
        self.say(Text::new("question-to-moderators").arg("departement", place.departement));
    }

    /// Not understood: the first time says so; a second time in a row offers a person.
    pub(super) fn not_understood(&mut self, before: u8) {
        self.v.conversation.misunderstood = before.saturating_add(1);
        self.say(Text::new(if before == 0 {
            "not-understood"
        } else {
            "not-understood-again"
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_and_questions() {
        for (q, t) in [
            ("Quand est-ce qu'ils vont m'appeler ?", Some(Topic::Call)),
            ("quand est ce quon m appelle", Some(Topic::Call)),
            ("Je peux venir avec ma fille ?", Some(Topic::Bring)),
            ("Do I need to speak French?", Some(Topic::Language)),
            ("c'est payé ?", Some(Topic::Cost)),
            ("C'est quoi Renfort ?", Some(Topic::What)),
            ("When will they call me?", Some(Topic::Call)),
            ("Can I bring my son?", Some(Topic::Bring)),
            ("Il faut des gants ?", None),
            ("Saint-Omer", None),
            ("avec ma fille", None),
        ] {
            assert_eq!(topic(q), t, "{q}");
        }
        assert!(is_question("Il faut des gants ?"));
        assert!(!is_question("Jeanine"));
        assert_eq!(
            for_a_person("QUESTION il faut des gants"),
            Some("il faut des gants".into())
        );
        assert_eq!(for_a_person("Question : gants ?"), Some("gants ?".into()));
        assert_eq!(for_a_person("Questionnaire"), None);
    }
}
