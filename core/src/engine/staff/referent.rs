//! A structure's referent answers the alerts Renfort sends: "OK 12", "NON 12", "APPELE 12",
//! or the Telegram buttons. The shell loads the alert the answer names ([`Alert`]); [`answer`]
//! decides what to record, whom to tell, and what to say back.

use crate::domain::{Channel, ParticipationStatus, display_phone};
use crate::engine::{Choice, Reply};
use crate::i18n::Text;

use super::Words;

/// Telegram buttons on an alert send `ref:<status>:<participation>`.
pub const REFERENT_ANSWER: &str = "ref:";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// An answer to alert `participation`.
    Answer {
        status: ParticipationStatus,
        participation: i64,
    },
    /// Anything else: what a referent can do here.
    Help,
}

/// The words a referent answers with, and what they record.
const ANSWERS: &[(&str, ParticipationStatus)] = &[
    ("ok", ParticipationStatus::Accepted),
    ("oui", ParticipationStatus::Accepted),
    ("yes", ParticipationStatus::Accepted),
    ("non", ParticipationStatus::Declined),
    ("no", ParticipationStatus::Declined),
    ("appele", ParticipationStatus::Contacted),
    ("called", ParticipationStatus::Contacted),
    ("contacte", ParticipationStatus::Contacted),
    ("contacted", ParticipationStatus::Contacted),
];

/// "OK 12", "NON 12", "NO 12", or a button payload `ref:accepted:12`.
pub fn parse(text: &str) -> Command {
    parse_answer(text)
        .map(|(status, participation)| Command::Answer {
            status,
            participation,
        })
        .unwrap_or(Command::Help)
}

fn parse_answer(text: &str) -> Option<(ParticipationStatus, i64)> {
    if let Some(rest) = text.strip_prefix(REFERENT_ANSWER) {
        let (status, id) = rest.split_once(':')?;
        let status = ParticipationStatus::parse(status)?;
        if !status.is_referent_answer() {
            return None;
        }
        return Some((status, id.parse().ok()?));
    }
    let words = Words::read(text);
    let status = ANSWERS
        .iter()
        .find(|(w, _)| *w == words.word)
        .map(|(_, s)| *s)?;
    // Only "word number": anything after the number is not an answer yet.
    if !words.rest.is_empty() {
        return None;
    }
    Some((status, words.number?))
}

/// The alert an answer names, as loaded for the referent's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alert {
    pub volunteer_id: i64,
    pub mission_id: i64,
    pub status: ParticipationStatus,
}

/// What the volunteer hears of a referent's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum News {
    Accepted,
    Declined,
}

impl News {
    pub fn text(self, title: &str, structure: &str) -> Text {
        let id = match self {
            News::Accepted => "intent-accepted",
            News::Declined => "intent-declined",
        };
        Text::new(id)
            .arg("title", title)
            .arg("structure", structure)
    }
}

/// What the shell carries out for a referent's message, in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Record {
        participation: i64,
        status: ParticipationStatus,
    },
    /// A declined volunteer's place opens again.
    FreePlace { mission_id: i64 },
    TellVolunteer {
        volunteer_id: i64,
        mission_id: i64,
        news: News,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    /// To the referent.
    pub reply: Reply,
}

/// Decides on a referent's answer to alert `participation`, which the shell looked up in the
/// referent's structure (`None`: no such alert there).
pub fn answer(status: ParticipationStatus, participation: i64, alert: Option<Alert>) -> Outcome {
    use ParticipationStatus as P;
    let say = |t: Text| Outcome {
        effects: Vec::new(),
        reply: Reply::text(t),
    };
    let Some(alert) = alert else {
        return say(Text::new("referent-unknown-code").arg("code", participation));
    };
    if matches!(alert.status, P::Cancelled | P::Declined) {
        return say(Text::new("referent-answer-closed").arg("code", participation));
    }
    let mut effects = vec![Effect::Record {
        participation,
        status,
    }];
    if status == P::Declined {
        effects.push(Effect::FreePlace {
            mission_id: alert.mission_id,
        });
    }
    // The volunteer hears the outcome (being called is news enough for "contacted").
    let news = match status {
        P::Accepted => Some(News::Accepted),
        P::Declined => Some(News::Declined),
        _ => None,
    };
    if let Some(news) = news {
        effects.push(Effect::TellVolunteer {
            volunteer_id: alert.volunteer_id,
            mission_id: alert.mission_id,
            news,
        });
    }
    Outcome {
        effects,
        reply: Reply::text(
            Text::new("referent-answer-recorded")
                .arg("code", participation)
                .arg("status", status.as_str()),
        ),
    }
}

pub fn help() -> Reply {
    Reply::text(Text::new("referent-help"))
}

/// The buttons a referent answers an alert with.
pub fn answer_choices(participation: i64) -> Vec<Choice> {
    [
        ("choice-contacted", ParticipationStatus::Contacted),
        ("choice-accepted", ParticipationStatus::Accepted),
        ("choice-declined", ParticipationStatus::Declined),
    ]
    .iter()
    .map(|(label, status)| Choice {
        label: Text::new(label),
        payload: format!("{REFERENT_ANSWER}{}:{participation}", status.as_str()),
    })
    .collect()
}

/// The alert each referent gets when a volunteer wants to help: who, for what, how to reach
/// them (`contact`: the channel and what the structure is shown), how to answer.
pub fn alert(name: &str, title: &str, contact: (Channel, &str), participation: i64) -> Reply {
    let (id, contact) = match contact.0 {
        Channel::Sms => ("referent-alert", display_phone(contact.1)),
        Channel::Telegram => ("referent-alert-telegram", contact.1.to_string()),
    };
    let text = Text::new(id)
        .arg("name", name)
        .arg("title", title)
        .arg("contact", contact)
        .arg("code", participation);
    Reply::text(text).with_choices(answer_choices(participation))
}

/// A volunteer who had been announced to the structure erased their data (SUPPRIMER): the
/// structure is told by the alert's number only, since the name is erased too.
pub fn withdrawn_erased(title: &str, participation: i64) -> Reply {
    Reply::text(
        Text::new("referent-intent-erased")
            .arg("title", title)
            .arg("code", participation),
    )
}

/// A volunteer who had been announced to the structure withdraws.
pub fn withdrawn(name: &str, title: &str, participation: i64) -> Reply {
    Reply::text(
        Text::new("referent-intent-withdrawn")
            .arg("name", name)
            .arg("title", title)
            .arg("code", participation),
    )
}
