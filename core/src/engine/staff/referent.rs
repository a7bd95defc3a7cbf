//! A structure's referent answers the alerts Renfort sends: "OK 12", "NON 12", "APPELE 12",
//! or the Telegram buttons. The shell loads the alert the answer names ([`Alert`]); [`answer`]
//! decides what to record, whom to tell, and what to say back.

use super::Effect;
use crate::domain::{ParticipationStatus, display_phone};
use crate::engine::{Choice, Reply};
use crate::i18n::Text;

/// Telegram buttons on an alert send `ref:<status>:<participation>`.
pub const REFERENT_ANSWER: &str = "ref:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// An answer to an alert; `None`: the alert is implied (the only one pending).
    Answer {
        status: ParticipationStatus,
        participation: Option<i64>,
    },
    /// "MSG 12 texte": a message Renfort relays to the volunteer of alert 12.
    Message {
        participation: Option<i64>,
        text: String,
    },
    /// MES MISSIONS: the structure's open missions, numbered.
    MyMissions,
    /// COMPLET n: mission n of the last MES MISSIONS is full.
    Full { n: Option<i64> },
    /// An answer word with more than thanks around it ("oui je l'appelle demain"): not an
    /// explicit answer, so nothing is recorded and the referent is asked to confirm.
    Unclear { participation: Option<i64> },
    /// An answer or a MSG naming a number too large to be any alert's
    /// ("OK 99999999999999999999"): told, as typed, that no such alert exists. Read as no
    /// number at all, it would have meant the only pending alert.
    NoSuchAlert { code: String },
    /// QUI, "qui est-ce ?", ALERTES: the alerts awaiting an answer, with first names and
    /// missions.
    Who,
    /// An answer naming the volunteer instead of the alert ("OK pour Marie", "non Paul"),
    /// `name` folded; `not`: a name said with "mais pas pour …", for which nothing is
    /// recorded ("ok pour Marie mais pas pour Paul").
    Named {
        status: ParticipationStatus,
        name: String,
        not: Option<String>,
    },
    /// AIDE, or anything else: what a referent can do here.
    Help,
}

/// The words that list the alerts awaiting an answer (folded).
const WHO_WORDS: &[&str] = &[
    "qui",
    "qui est ce",
    "c est qui",
    "qui c est",
    "qui est ce benevole",
    "c est qui ce benevole",
    "alertes",
    "mes alertes",
    "alerte",
    "en attente",
    "who",
    "who is it",
    "who is this",
    "who is that",
    "alerts",
    "my alerts",
    "pending",
];

/// Words that turn the rest of an answer into a reservation ("ok pour Marie mais pas pour
/// Paul").
const BUT_WORDS: &[&str] = &["mais", "but", "sauf", "except"];

/// A greeting before a question ("Bonjour, qui est-ce ?").
const GREETINGS: &[&str] = &[
    "bonjour", "bonsoir", "salut", "hello", "hi", "coucou", "allo",
];

/// Small words around a name said with a reservation ("pas pour Paul", "not for Paul").
const NOT_WORDS: &[&str] = &["pas", "not", "pour", "for", "non", "no", "la", "le", "l"];

/// A first name as an answer names it: one or two words of letters, or nothing.
fn name_of(words: &[&str]) -> Option<String> {
    let ok = (1..=2).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic));
    ok.then(|| words.join(" "))
}

/// What may surround an explicit answer ("OK 5 merci", "oui c'est bon, merci beaucoup");
/// any other word makes it free text, never a yes.
const ACK_WORDS: &[&str] = &[
    "merci",
    "mrc",
    "beaucoup",
    "bien",
    "recu",
    "svp",
    "stp",
    "thanks",
    "thank",
    "you",
    "thx",
    "c",
    "est",
    "bon",
    "parfait",
    "super",
    "top",
    "note",
    "noted",
    "d",
    "accord",
    "daccord",
    "bonne",
    "journee",
    "cordialement",
    "et",
    "ok",
    "oui",
    "yes",
];

/// The words a referent answers with, and what they record.
const ANSWERS: &[(&str, ParticipationStatus)] = &[
    ("ok", ParticipationStatus::Accepted),
    ("oui", ParticipationStatus::Accepted),
    ("yes", ParticipationStatus::Accepted),
    ("accepte", ParticipationStatus::Accepted),
    ("non", ParticipationStatus::Declined),
    ("no", ParticipationStatus::Declined),
    ("appele", ParticipationStatus::Contacted),
    ("appelee", ParticipationStatus::Contacted),
    ("called", ParticipationStatus::Contacted),
    ("contacte", ParticipationStatus::Contacted),
    ("contactee", ParticipationStatus::Contacted),
    ("contacted", ParticipationStatus::Contacted),
];

/// Small words people put between a command and its number ("non pour 5", "OK alerte 5").
const FILLERS: &[&str] = &[
    "pour", "pr", "alerte", "alert", "l", "la", "le", "numero", "num", "no", "n", "for", "the",
    "a", "de",
];

/// Commands other than answers (the first word, folded).
/// Builds a command from its number and free text.
type Make = fn(Option<i64>, String) -> Command;

const WORDS: &[(&str, Make)] = &[
    ("msg", |participation, text| Command::Message {
        participation,
        text,
    }),
    ("message", |participation, text| Command::Message {
        participation,
        text,
    }),
    ("complet", |n, _| Command::Full { n }),
    ("full", |n, _| Command::Full { n }),
];

/// Reads a referent's message: "OK 12", "ok12", "OK 12 merci", "non pour 5", "APPELE",
/// "MSG 12 Bonjour…", "MES MISSIONS", "COMPLET 2", or a button payload `ref:accepted:12`.
pub fn parse(text: &str) -> Command {
    if let Some(rest) = text.strip_prefix(REFERENT_ANSWER) {
        return parse_button(rest).unwrap_or(Command::Help);
    }
    let key = crate::text::fold(text);
    if matches!(key.as_str(), "mes missions" | "missions" | "my missions") {
        return Command::MyMissions;
    }
    // "Bonjour, qui est-ce ?", "qui est-ce svp": the question, greeted or thanked.
    let asked = key
        .split(' ')
        .skip_while(|w| GREETINGS.contains(w))
        .collect::<Vec<_>>();
    let asked = asked
        .iter()
        .rev()
        .skip_while(|w| ACK_WORDS.contains(w))
        .collect::<Vec<_>>();
    let asked = asked
        .into_iter()
        .rev()
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if WHO_WORDS.contains(&asked.as_str()) {
        return Command::Who;
    }
    let mut tokens: Vec<String> = key.split(' ').map(str::to_string).collect();
    // "ok5": a word with its number attached.
    if let Some(first) = tokens.first().cloned()
        && let Some(at) = first.find(|c: char| c.is_ascii_digit())
        && at > 0
        && first[at..].bytes().all(|b| b.is_ascii_digit())
    {
        tokens[0] = first[..at].to_string();
        tokens.insert(1, first[at..].to_string());
    }
    let Some(word) = tokens.first() else {
        return Command::Help;
    };
    let number_at = tokens
        .iter()
        .skip(1)
        .position(|t| !FILLERS.contains(&t.as_str()))
        .map(|p| p + 1)
        .filter(|&p| tokens[p].bytes().all(|b| b.is_ascii_digit()));
    // A number no id can reach: no alert, no mission of MES MISSIONS.
    let overflow = number_at
        .filter(|&p| tokens[p].parse::<i64>().is_err())
        .map(|p| {
            // Echoed as typed, cut so that the answer stays one SMS.
            let digits = tokens[p].trim_start_matches('0');
            match digits.get(..20) {
                Some(head) if digits.len() > 20 => format!("{head}..."),
                _ => digits.to_string(),
            }
        });
    let number = number_at.and_then(|p| {
        let n: i64 = tokens[p].parse().ok()?;
        // Folding reads "-1" as "1": a minus sign must not turn "COMPLET -1" into mission 1
        // or "APPELE -4" into alert 4. The number stays negative, which names no alert and no
        // mission, so the referent is asked again.
        let run = tokens[..p]
            .iter()
            .map(|t| digit_runs(t).len())
            .sum::<usize>();
        Some(if signed_runs(text).get(run) == Some(&true) {
            -n
        } else {
            n
        })
    });
    let answers = ANSWERS.iter().find(|(w, _)| w == word);
    match overflow {
        Some(code) if answers.is_some() || matches!(word.as_str(), "msg" | "message") => {
            return Command::NoSuchAlert { code };
        }
        Some(_) if WORDS.iter().any(|(w, _)| w == word) => {
            return Command::Full { n: Some(i64::MAX) };
        }
        _ => {}
    }
    if let Some((_, status)) = answers {
        let free = tokens.iter().enumerate().skip(1).any(|(i, t)| {
            Some(i) != number_at
                && !FILLERS.contains(&t.as_str())
                && !ACK_WORDS.contains(&t.as_str())
                // "OK 12-13": numbers are not free text (the first one counts).
                && !t.bytes().all(|b| b.is_ascii_digit())
        });
        if free && number_at.is_none() {
            // "OK pour Marie", "non Paul", "ok pour Marie mais pas pour Paul": a first name
            // where the number would be. Which alert it names is the engine's to find among
            // the pending ones; a name that matches none is free text after all.
            let rest: Vec<&str> = tokens.iter().skip(1).map(String::as_str).collect();
            let but = rest.iter().position(|t| BUT_WORDS.contains(t));
            let (said, reserved) = match but {
                Some(at) => (&rest[..at], Some(&rest[at + 1..])),
                None => (&rest[..], None),
            };
            let free_words = |words: &[&str], skip: &[&str]| -> Vec<String> {
                words
                    .iter()
                    .filter(|t| !skip.contains(t) && !FILLERS.contains(t) && !ACK_WORDS.contains(t))
                    .map(|t| t.to_string())
                    .collect()
            };
            let named = free_words(said, &[]);
            let named: Vec<&str> = named.iter().map(String::as_str).collect();
            // "pas pour Chloé elle est trop jeune": a refusal names first, a reason may
            // follow ("mais je rappelle Paul demain" is no refusal: free text).
            let not = reserved.map(|r| {
                let w = free_words(r, NOT_WORDS);
                let w: Vec<&str> = w.iter().map(String::as_str).collect();
                let refusal = r
                    .first()
                    .is_some_and(|t| matches!(*t, "pas" | "not" | "non"));
                name_of(&w).or_else(|| name_of(w.get(..1)?).filter(|_| refusal))
            });
            if let Some(name) = name_of(&named)
                && !matches!(not, Some(None))
            {
                return Command::Named {
                    status: *status,
                    name,
                    not: not.flatten(),
                };
            }
        }
        if free {
            return Command::Unclear {
                participation: number,
            };
        }
        return Command::Answer {
            status: *status,
            participation: number,
        };
    }
    if let Some((_, make)) = WORDS.iter().find(|(w, _)| w == word) {
        return make(number, message_text(text, number.is_some()));
    }
    Command::Help
}

/// The runs of ASCII digits in `text`, as byte ranges.
fn digit_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = None;
    for (i, b) in text.bytes().enumerate() {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                runs.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    runs.extend(start.map(|s| s..text.len()));
    runs
}

/// For each run of ASCII digits in the text as typed, whether a minus sign or a dash comes
/// right before it. Folding keeps digit runs whole and in order, so the n-th run of the folded
/// text is the n-th run here.
fn signed_runs(text: &str) -> Vec<bool> {
    digit_runs(text)
        .into_iter()
        .map(|r| {
            text[..r.start].chars().next_back().is_some_and(|c| {
                matches!(
                    c,
                    '-' | '\u{2212}' | '\u{2010}'..='\u{2015}' | '\u{fe63}' | '\u{ff0d}'
                )
            })
        })
        .collect()
}

/// The free text of "MSG 12 texte", as typed (not folded).
fn message_text(text: &str, has_number: bool) -> String {
    let rest = text
        .trim_start()
        .split_once(char::is_whitespace)
        .map_or("", |(_, r)| r);
    // "MSG12 texte": the number is glued to the word.
    let rest = match text.split_whitespace().next() {
        Some(w) if w.chars().any(|c| c.is_ascii_digit()) => rest,
        _ if has_number => rest
            .trim_start()
            .split_once(char::is_whitespace)
            .map_or("", |(_, r)| r),
        _ => rest,
    };
    // Relayed to a volunteer's phone as written: line breaks kept, nothing hidden.
    crate::text::clean(rest, crate::text::Kind::Lines)
        .chars()
        .take(MESSAGE_MAX)
        .collect()
}

/// A relayed message fits one SMS with its frame.
pub const MESSAGE_MAX: usize = 300;

fn parse_button(rest: &str) -> Option<Command> {
    let (status, id) = rest.split_once(':')?;
    let status = ParticipationStatus::parse(status)?;
    if !status.is_referent_answer() {
        return None;
    }
    Some(Command::Answer {
        status,
        participation: Some(id.parse().ok()?),
    })
}

/// Which alert a command means: the one named, or the only one pending. `pending`: the
/// structure's alerts still awaiting an answer, newest first.
pub fn resolve(named: Option<i64>, pending: &[i64]) -> Result<i64, Reply> {
    if let Some(code) = named {
        return Ok(code);
    }
    match pending {
        [only] => Ok(*only),
        [] => Err(Reply::text(Text::new("referent-no-pending"))),
        several => Err(Reply::text(
            Text::new("referent-which-alert")
                .arg(
                    "codes",
                    several
                        .iter()
                        .take(5)
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                )
                .arg("code", several[0]),
        )),
    }
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
    // The same answer again ("OK 12" twice): nothing new to record, and the volunteer is not
    // told a second time.
    if alert.status == status {
        return say(Text::new("referent-answer-already")
            .arg("code", participation)
            .arg("status", status.as_str()));
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

/// One of the structure's open missions, as MES MISSIONS lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMission {
    pub id: i64,
    pub title: String,
    pub places_left: i64,
}

/// How many missions one MES MISSIONS shows.
pub const MISSIONS_PAGE: usize = 5;

/// MES MISSIONS: the structure's open missions, numbered from 1, and the numbers to remember
/// for COMPLET n.
pub fn my_missions(missions: &[OpenMission]) -> (Reply, Vec<i64>) {
    if missions.is_empty() {
        return (Reply::text(Text::new("referent-missions-none")), Vec::new());
    }
    let shown: Vec<&OpenMission> = missions.iter().take(MISSIONS_PAGE).collect();
    let mut parts = vec![Text::new("referent-missions-header").arg("count", missions.len())];
    for (i, m) in shown.iter().enumerate() {
        parts.push(
            Text::new("referent-mission-line")
                .arg("n", i + 1)
                .arg("title", m.title.clone())
                .arg("places", m.places_left),
        );
    }
    parts.push(Text::new("referent-missions-footer"));
    let reply = Reply {
        parts,
        choices: Vec::new(),
        multi_select: false,
        about: None,
    };
    (reply, shown.iter().map(|m| m.id).collect())
}

/// COMPLET n: the mission numbered n in the last MES MISSIONS.
pub fn full(n: Option<i64>, shown: &[i64]) -> Result<i64, Reply> {
    if shown.is_empty() {
        return Err(Reply::text(Text::new("referent-missions-first")));
    }
    match n {
        Some(n) if n >= 1 && (n as usize) <= shown.len() => Ok(shown[n as usize - 1]),
        _ => Err(Reply::text(
            Text::new("referent-mission-number").arg("max", shown.len()),
        )),
    }
}

/// COMPLET on a mission that is no longer open.
pub fn closed_already() -> Reply {
    Reply::text(Text::new("referent-mission-not-open"))
}

/// MSG to a volunteer Renfort can no longer reach (stopped, erased).
pub fn unreachable(participation: i64) -> Reply {
    Reply::text(Text::new("relay-unreachable").arg("code", participation))
}

pub fn closed(title: &str) -> Reply {
    Reply::text(Text::new("referent-mission-closed").arg("title", title))
}

/// What can be relayed: the alert's volunteer, while the intent is open.
pub fn may_relay(alert: Option<Alert>, participation: i64, text: &str) -> Result<Alert, Reply> {
    let Some(alert) = alert else {
        return Err(Reply::text(
            Text::new("referent-unknown-code").arg("code", participation),
        ));
    };
    if !ParticipationStatus::OPEN.contains(&alert.status) {
        return Err(Reply::text(
            Text::new("referent-answer-closed").arg("code", participation),
        ));
    }
    if text.trim().is_empty() {
        return Err(Reply::text(
            Text::new("relay-empty").arg("code", participation),
        ));
    }
    Ok(alert)
}

/// The referent's message as the volunteer gets it.
pub fn relayed_to_volunteer(structure: &str, text: &str) -> Reply {
    Reply::text(
        Text::new("relay-to-volunteer")
            .arg("structure", structure)
            .arg("text", text),
    )
}

/// What the referent is told once the message is on its way.
pub fn relay_sent(name: &str, participation: i64) -> Reply {
    Reply::text(
        Text::new("relay-sent")
            .arg("name", name)
            .arg("code", participation),
    )
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

/// How a structure can reach a volunteer: a phone, a Telegram @username, or only through
/// Renfort (a Telegram chat without a username; its id is never shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Phone(String),
    Handle(String),
    Relay,
}

impl Reach {
    /// As a reminder shows it.
    pub fn shown(&self, participation: i64) -> String {
        match self {
            Reach::Phone(p) => display_phone(p),
            Reach::Handle(h) => format!("Telegram {h}"),
            Reach::Relay => format!("MSG {participation}"),
        }
    }
}

/// The alert each referent gets when a volunteer wants to help: who, for what, how to reach
/// them, how to answer.
pub fn alert(name: &str, title: &str, reach: &Reach, participation: i64) -> Reply {
    let (id, contact) = match reach {
        Reach::Phone(p) => ("referent-alert", display_phone(p)),
        Reach::Handle(h) => ("referent-alert-telegram", h.clone()),
        Reach::Relay => ("referent-alert-relay", String::new()),
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

/// What a referent was last shown: MES MISSIONS' numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct ReferentView {
    pub missions: Vec<i64>,
}

/// A volunteer's answer is relayed back for this long after a referent's MSG.
pub const RELAY_WINDOW: i64 = 7 * 86_400;

/// Whether a volunteer's message, while a referent's MSG waits for an answer, is that answer:
/// any text but the keywords, which keep working.
pub fn answers_relay(text: &str) -> bool {
    !crate::text::clean(text, crate::text::Kind::Lines).is_empty()
        && crate::engine::keywords::Keyword::parse(text).is_none()
        // "arrêtez de m'écrire" opts out at every step, a referent's question pending or not.
        && !crate::engine::keywords::is_opt_out(text)
}

/// The volunteer's answer as the referents get it.
pub fn relayed_to_referent(name: &str, participation: i64, text: &str) -> Reply {
    let text: String = crate::text::clean(text, crate::text::Kind::Lines)
        .chars()
        .take(MESSAGE_MAX)
        .collect();
    Reply::text(
        Text::new("relay-from-volunteer")
            .arg("name", name)
            .arg("elide", super::elide(name))
            .arg("code", participation)
            .arg("text", text),
    )
}

/// A referent's free text around an answer word: nothing recorded, the explicit answers
/// offered for alert `code` (`None`: several pending, none named).
pub fn unclear(code: Option<i64>) -> Reply {
    Reply::text(match code {
        Some(code) => Text::new("referent-unclear").arg("code", code),
        None => Text::new("referent-unclear-which"),
    })
}

/// A volunteer's question the FAQ could not answer, as the referents get it.
pub fn question(name: &str, participation: i64, text: &str) -> Reply {
    Reply::text(
        Text::new("question-from-volunteer")
            .arg("name", name)
            .arg("elide", super::elide(name))
            .arg("code", participation)
            .arg("text", text),
    )
}

/// What the volunteer is told once their answer is on its way.
pub fn relay_delivered(structure: &str) -> Reply {
    Reply::text(Text::new("relay-delivered").arg("structure", structure))
}

/// A structure's alert awaiting an answer, as QUI lists it and a first name picks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub code: i64,
    pub alert: Alert,
    pub first_name: String,
    pub title: String,
}

/// How many alerts one QUI lists (one line each, three segments at most).
pub const WHO_PAGE: usize = 5;

/// QUI: the alerts awaiting an answer, newest first, with who and for what.
pub fn who(pending: &[Pending]) -> Reply {
    let Some(first) = pending.first() else {
        return Reply::text(Text::new("referent-who-none"));
    };
    let mut parts = vec![Text::new("referent-who-header").arg("count", pending.len())];
    for p in pending.iter().take(WHO_PAGE) {
        parts.push(
            Text::new("referent-who-line")
                .arg("code", p.code)
                .arg("name", p.first_name.clone())
                .arg("title", short_title(&p.title)),
        );
    }
    parts.push(
        Text::new("referent-who-footer")
            .arg("code", first.code)
            .arg("name", first.first_name.clone()),
    );
    Reply {
        parts,
        choices: Vec::new(),
        multi_select: false,
        about: None,
    }
}

/// A mission title cut to fit one line of QUI.
fn short_title(title: &str) -> String {
    const MAX: usize = 40;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let cut: String = title.chars().take(MAX - 3).collect();
    format!("{}...", cut.trim_end())
}

/// The pending alerts whose volunteer has this first name (`name` folded).
pub fn by_name<'a>(pending: &'a [Pending], name: &str) -> Vec<&'a Pending> {
    pending
        .iter()
        .filter(|p| crate::text::fold(&p.first_name) == name)
        .collect()
}

/// A first name that several pending alerts share: the numbers to answer with.
pub fn several_named(matches: &[&Pending]) -> Reply {
    let codes: Vec<String> = matches.iter().take(5).map(|p| p.code.to_string()).collect();
    Reply::text(
        Text::new("referent-name-several")
            .arg("name", matches[0].first_name.clone())
            .arg("codes", codes.join(", "))
            .arg("code", matches[0].code),
    )
}

/// "… mais pas pour Paul": nothing recorded for Paul, and how to say no if that is meant.
pub fn reserved(name: &str, matched: Option<&Pending>) -> Reply {
    Reply::text(match matched {
        Some(p) => Text::new("referent-name-reserved")
            .arg("name", p.first_name.clone())
            .arg("code", p.code),
        None => Text::new("referent-name-unknown").arg("name", capitalised(name)),
    })
}

/// "jean pierre" → "Jean Pierre": a folded name said back.
fn capitalised(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
