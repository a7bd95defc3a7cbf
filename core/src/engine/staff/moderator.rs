//! A département's moderator validates or refuses pending volunteers, missions and
//! structures: from the queue's buttons (`mod:approve:volunteer:12`), the CLI or the API. The
//! shell loads the item; [`may_decide`] checks it, [`decision_reply`] says how it went.

use serde::Serialize;

use crate::domain::{Channel, Domains, ItemKind, Lang, ParticipationStatus, StructureKind};
use crate::engine::{Choice, Reply, Volunteer};
use crate::i18n::{I18n, Text};

/// Button payloads on moderation items: `mod:approve:volunteer:12`.
pub const MODERATION: &str = "mod:";

/// How many queue items one FILE shows.
pub const QUEUE_PAGE: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A button: validate or refuse this item.
    Decide {
        approve: bool,
        kind: ItemKind,
        id: i64,
    },
    /// VALIDER n, REFUSER n [motif]: item n of the last FILE.
    Pick {
        approve: bool,
        n: Option<i64>,
        reason: Option<String>,
    },
    /// "VALIDER 3 et 4": several items of the last FILE at once.
    ApproveMany {
        ns: Vec<i64>,
    },
    /// "VALIDER TOUT": every item the last FILE showed, once confirmed.
    ApproveAll,
    /// A refusal whose reason is longer than a volunteer's SMS can carry: nothing decided,
    /// the moderator is told the limit (a reason is never cut mid-word).
    ReasonTooLong {
        n: Option<i64>,
        length: usize,
    },
    /// ANNULER right after a refusal (no other command in between): that refusal is
    /// undone, within the undo window ([`UNDO_WINDOW`] by default). After VALIDER TOUT's question, it answers no.
    Undo,
    /// "MSG 12 texte": an answer to volunteer 12's question (the number its question gave),
    /// sent to them by Renfort, on their own channel.
    Answer {
        volunteer_id: i64,
        text: String,
    },
    /// FILE: the queue from its first page.
    Queue,
    /// SUITE / PLUS: the next page of the last FILE.
    More,
    Help,
    /// A button payload that does not parse: nothing to answer.
    Ignore,
}

/// The words that show the queue.
const QUEUE_WORDS: &[&str] = &["queue", "file", "moderation", "liste", "list"];
const MORE_WORDS: &[&str] = &["suite", "plus", "more", "next", "suivant"];
/// The words that undo the last refusal ("CANCEL" is left out: carriers read it as STOP).
const UNDO_WORDS: &[&str] = &[
    "annuler",
    "annule",
    "annuler le refus",
    "annuler refus",
    "annule le refus",
    "undo",
    "oups",
    "oops",
    "erreur",
    "je me suis trompe",
    "je me suis trompee",
];

/// How long after a refusal ANNULER undoes it, by default (`RENFORT_UNDO_WINDOW`): the time
/// to notice a slip of the finger.
pub const UNDO_WINDOW: i64 = 15 * 60;

/// How long a refusal's notice waits in the outbox before it leaves: past the undo window
/// (`window`), so that a refusal taken back was never read ("refused", then "sorry" is two
/// wounds for one slip). The margin (a minute for the default window) covers an undo at the
/// window's last second.
pub const fn refusal_notice_delay(window: i64) -> i64 {
    let margin = window / 15;
    window + if margin < 1 { 1 } else { margin }
}

/// The default window in whole minutes, as moderators are told it (rounded up).
pub const fn window_minutes(window: i64) -> i64 {
    (window + 59) / 60
}

/// The outbox purpose of a refusal's notice about `kind` (its reference is the item's id):
/// what an undo takes back while it is unsent.
pub fn refusal_notice_purpose(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Volunteer => "refusal-volunteer",
        ItemKind::Mission => "refusal-mission",
        ItemKind::Structure => "refusal-structure",
    }
}
const APPROVE_WORDS: &[&str] = &[
    "valider", "valide", "validate", "approve", "ok", "oui", "yes",
];
const REFUSE_WORDS: &[&str] = &["refuser", "refuse", "reject", "non", "no"];

/// A refusal's reason goes to the volunteer: short.
pub const REASON_MAX: usize = 80;

pub fn parse(text: &str) -> Command {
    if let Some(rest) = text.strip_prefix(MODERATION) {
        let parts: Vec<&str> = rest.split(':').collect();
        let decision = match parts.as_slice() {
            [action @ ("approve" | "refuse"), kind, id] => ItemKind::parse(kind)
                .zip(id.parse::<i64>().ok())
                .map(|(kind, id)| Command::Decide {
                    approve: *action == "approve",
                    kind,
                    id,
                }),
            _ => None,
        };
        return decision.unwrap_or(Command::Ignore);
    }
    if let Some(answer) = answer_of(text) {
        return answer;
    }
    let key = crate::text::fold(text);
    if QUEUE_WORDS.contains(&key.as_str()) {
        return Command::Queue;
    }
    if MORE_WORDS.contains(&key.as_str()) {
        return Command::More;
    }
    if UNDO_WORDS.contains(&key.as_str()) {
        return Command::Undo;
    }
    let mut words = key.split(' ');
    let first = words.next().unwrap_or("");
    // "valider3": the number glued to the word.
    let split = first
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(first.len());
    let (word, glued) = first.split_at(split);
    let approve = if APPROVE_WORDS.contains(&word) {
        true
    } else if REFUSE_WORDS.contains(&word) {
        false
    } else {
        return Command::Help;
    };
    let rest: Vec<&str> = words.collect();
    if approve && glued.is_empty() && ALL_WORDS.contains(&rest.join(" ").as_str()) {
        return Command::ApproveAll;
    }
    // "valider la 3", "valider 3 et 4", "valider le 3, le 4": the numbers after the word.
    let mut numbers: Vec<i64> = glued.parse().ok().into_iter().collect();
    let mut consumed = 0;
    for w in &rest {
        if NUMBER_FILLERS.contains(w) {
            consumed += 1;
            continue;
        }
        match w.parse::<i64>() {
            Ok(n) if approve || numbers.is_empty() => {
                numbers.push(n);
                consumed += 1;
            }
            _ => break,
        }
        // A refusal takes one number; its reason follows.
        if !approve {
            break;
        }
    }
    if approve && numbers.len() > 1 && consumed == rest.len() {
        return Command::ApproveMany { ns: numbers };
    }
    let n = numbers.first().copied();
    // The reason, as typed: after the word, the fillers and the number.
    let typed: Vec<&str> = text.split_whitespace().collect();
    let skip = 1 + if n.is_some() {
        // Typed words up to and including the number ("refuser la 3 doublon").
        typed
            .iter()
            .skip(1)
            .position(|w| crate::text::fold(w) == n.unwrap_or_default().to_string())
            .map_or(0, |p| p + 1)
    } else {
        0
    };
    let reason = typed
        .iter()
        .skip(skip)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let length = reason.chars().count();
    if !approve && length > REASON_MAX {
        return Command::ReasonTooLong { n, length };
    }
    Command::Pick {
        approve,
        n,
        reason: (!approve && !reason.is_empty()).then_some(reason),
    }
}

/// "VALIDER TOUT", "valider tous", "approve all".
const ALL_WORDS: &[&str] = &[
    "tout",
    "tous",
    "toutes",
    "all",
    "everything",
    "tout le monde",
    "la file",
];

/// Small words around the numbers of "valider la 3", "valider 3 et 4".
const NUMBER_FILLERS: &[&str] = &[
    "la", "le", "l", "les", "numero", "n", "no", "dossier", "number", "et", "and", "ligne",
];

/// What a moderator was last shown, for short numbers: the queue as FILE listed it.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct QueueView {
    /// Every item of the queue at FILE time, numbered from 1.
    pub shown: Vec<(ItemKind, i64)>,
    /// How many of them have been shown so far.
    pub seen: usize,
    /// VALIDER TOUT asked: the items a OUI validates.
    #[serde(default)]
    pub confirm: Vec<(ItemKind, i64)>,
    /// The last refusal this moderator made here, and when: what ANNULER undoes.
    #[serde(default)]
    pub refused: Option<(ItemKind, i64, i64)>,
}

/// ANNULER: the last refusal, if it is recent and still stands (`item`: its state now).
pub fn may_undo(
    refused: Option<(ItemKind, i64, i64)>,
    item: Option<&Pending<'_>>,
    now: i64,
    window: i64,
) -> Result<(ItemKind, i64), Reply> {
    let nothing =
        || Reply::text(Text::new("moderator-undo-nothing").arg("minutes", window_minutes(window)));
    let Some((kind, id, at)) = refused else {
        return Err(nothing());
    };
    if now - at > window {
        return Err(nothing());
    }
    // Still refused (a refused mission is cancelled): nobody has decided it again since.
    match item {
        Some(i) if !i.pending && matches!(i.status, "refused" | "cancelled") => Ok((kind, id)),
        _ => Err(nothing()),
    }
}

/// What the moderator is told once a refusal is undone.
pub fn undone(kind: ItemKind) -> Reply {
    Reply::text(Text::new("moderator-undone").arg("kind", kind.as_str()))
}

/// What the person refused hears when the refusal is undone: it was a mistake, and where
/// things stand now.
pub fn refusal_undone_volunteer(name: &str) -> Reply {
    Reply::text(Text::new("volunteer-refusal-undone").arg("name", name))
}

/// What a structure's referents hear when the refusal of their mission is undone.
pub fn refusal_undone_mission(title: &str) -> Reply {
    Reply::text(Text::new("referent-mission-refusal-undone").arg("title", title))
}

/// "MSG 12 Oui, des gants sont fournis", "répondre 12 …": the words as typed, cleaned and
/// bounded like a referent's message.
fn answer_of(text: &str) -> Option<Command> {
    let mut tokens = text.trim().splitn(3, char::is_whitespace);
    let word = crate::text::fold(tokens.next()?);
    if !matches!(
        word.as_str(),
        "msg" | "message" | "repondre" | "reponse" | "reply" | "answer"
    ) {
        return None;
    }
    let volunteer_id = tokens.next()?.trim_start_matches('#').parse::<i64>().ok()?;
    let words: String = crate::text::clean(tokens.next()?, crate::text::Kind::Lines)
        .trim()
        .chars()
        .take(super::referent::MESSAGE_MAX)
        .collect();
    (!words.is_empty()).then_some(Command::Answer {
        volunteer_id,
        text: words,
    })
}

/// Item n of the last FILE.
pub fn pick(view: &QueueView, n: Option<i64>) -> Result<(ItemKind, i64), Reply> {
    if view.shown.is_empty() {
        return Err(Reply::text(Text::new("moderator-queue-first")));
    }
    match n {
        Some(n) if n >= 1 && (n as usize) <= view.seen.max(1) => Ok(view.shown[n as usize - 1]),
        _ => Err(Reply::text(
            Text::new("moderator-number").arg("max", view.seen.max(1)),
        )),
    }
}

/// How many items one FILE page shows by SMS at most (one line each).
pub const SMS_PAGE: usize = 5;

/// What one FILE page by SMS may hold, in characters: three GSM-7 segments (153 each), less
/// a margin for the few characters that cost two.
const SMS_PAGE_CHARS: usize = 3 * 153 - 19;

/// The queue by SMS, one page: a header with how many wait, one numbered line per item, what
/// to type next. `listed`: the items of the last FILE in order, `None` for those decided
/// since (their numbers are not reused); `from`: how many were already shown. Lines are
/// whole (names, communes, structures in full): the page holds as many as fit three
/// segments, at least one, at most [`SMS_PAGE`]. Returns the page and how many numbers it
/// used.
pub fn queue_page(listed: &[Option<QueueItem>], from: usize, lang: Lang) -> (Reply, usize) {
    let waiting = listed.iter().flatten().count();
    if waiting == 0 {
        return (Reply::text(Text::new("moderation-queue-empty")), 0);
    }
    if from >= listed.len() {
        let end = Text::new("moderator-queue-end").arg("count", waiting);
        return (Reply::text(end), 0);
    }
    let i18n = I18n::get();
    let header = Text::new("moderator-queue-header").arg("count", waiting);
    // The longer footer (with SUITE), whichever ends the page: the budget holds either way.
    let footer_room = i18n
        .format(
            lang,
            &Text::new("moderator-queue-footer-more").arg("first", 99i64),
        )
        .chars()
        .count();
    let mut used = i18n.format(lang, &header).chars().count() + footer_room;
    let mut parts = vec![header];
    let mut end = from;
    for (i, item) in listed.iter().enumerate().skip(from).take(SMS_PAGE) {
        if let Some(item) = item {
            let line = line(i + 1, item);
            let cost = i18n.format(lang, &line).chars().count() + 1;
            if end > from && used + cost > SMS_PAGE_CHARS {
                break;
            }
            used += cost;
            parts.push(line);
        }
        end = i + 1;
    }
    // The example uses the page's first number, so it always names a line shown.
    let first = listed
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, i)| i.is_some())
        .map_or(from + 1, |(n, _)| n + 1);
    parts.push(
        Text::new(if end < listed.len() {
            "moderator-queue-footer-more"
        } else {
            "moderator-queue-footer"
        })
        .arg("first", first),
    );
    let page = Reply {
        parts,
        choices: Vec::new(),
        multi_select: false,
        about: None,
    };
    (page, end - from)
}

/// A title cut, at a word, to name an item in a short reply.
fn short(summary: &str) -> String {
    const MAX: usize = 50;
    if summary.chars().count() <= MAX {
        return summary.to_string();
    }
    let cut: String = summary.chars().take(MAX - 1).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space > MAX / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end_matches([' ', ',', '(', '-']))
}

/// A volunteer's domains as the `domains_mask` that `domain-set` names in words ("1 3": 5).
fn domains_mask(numbers: &str) -> i64 {
    numbers
        .split_whitespace()
        .filter_map(|n| n.parse::<u32>().ok())
        .filter(|n| (1..=4).contains(n))
        .fold(0, |mask, n| mask | (1 << (n - 1)))
}

/// One queue item on one line, whole.
fn line(n: usize, item: &QueueItem) -> Text {
    match (&item.volunteer, &item.detail) {
        (Some(v), _) => Text::new("moderator-line-volunteer")
            .arg("n", n)
            .arg("name", v.first_name.clone())
            .arg("commune", v.commune.clone())
            .arg("domains_mask", domains_mask(&v.domains))
            .arg("onsite", if v.on_site { "yes" } else { "no" })
            .arg("age", i64::from(v.age.unwrap_or(0)))
            .arg("age_given", if v.age.is_some() { "yes" } else { "no" }),
        (None, Some(detail)) => detail.text().arg("n", n),
        (None, None) => Text::new("moderator-line")
            .arg("n", n)
            .arg("kind", item.kind.as_str())
            .arg("summary", item.summary.clone()),
    }
}

/// What a moderator is shown of a mission or a structure waiting for validation.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemDetail {
    Mission {
        title: String,
        structure: String,
        /// `None`: a remote mission.
        commune: Option<String>,
    },
    Structure {
        name: String,
        kind: StructureKind,
    },
}

impl ItemDetail {
    /// The line's text, without its number.
    fn text(&self) -> Text {
        match self {
            ItemDetail::Mission {
                title,
                structure,
                commune,
            } => Text::new("moderator-line-mission")
                .arg("title", title.clone())
                .arg("structure", structure.clone())
                .arg("commune", commune.clone().unwrap_or_default())
                .arg("remote", if commune.is_none() { "yes" } else { "no" }),
            ItemDetail::Structure { name, kind } => Text::new("moderator-line-structure")
                .arg("name", name.clone())
                .arg("type", kind.as_str()),
        }
    }
}

/// A pending item of the moderation queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    pub kind: ItemKind,
    pub id: i64,
    pub departement: String,
    /// One line for operators (CLI, API).
    pub summary: String,
    pub created_at: i64,
    /// For volunteers, what moderators are shown in their own language.
    #[serde(skip)]
    pub volunteer: Option<VolunteerBrief>,
    /// For missions and structures, the same.
    #[serde(skip)]
    pub detail: Option<ItemDetail>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VolunteerBrief {
    pub first_name: String,
    pub commune: String,
    /// "1 3"
    pub domains: String,
    pub on_site: bool,
    /// The age given at registration, if any: the moderators decide with it.
    pub age: Option<u32>,
    /// When they said they are free, as written.
    pub availability: Option<String>,
}

impl VolunteerBrief {
    pub fn of(v: &Volunteer) -> VolunteerBrief {
        VolunteerBrief {
            first_name: v.first_name.clone().unwrap_or_default(),
            commune: v
                .place
                .as_ref()
                .map(|p| p.commune.clone())
                .unwrap_or_default(),
            domains: domain_numbers(v.domains),
            on_site: v.on_site == Some(true),
            age: v.conversation.age,
            availability: v.availability.clone(),
        }
    }

    pub fn summary(&self) -> String {
        let rule = if self.on_site {
            "on site"
        } else {
            "remote only"
        };
        let age = self.age.map(|a| format!(", age {a}")).unwrap_or_default();
        format!(
            "{}, {}, domains {}, {rule}{age}",
            self.first_name, self.commune, self.domains
        )
    }
}

pub fn domain_numbers(d: Domains) -> String {
    d.iter()
        .map(|d| d.number().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

impl QueueItem {
    /// A volunteer who just finished registering, awaiting validation.
    pub fn new_volunteer(id: i64, v: &Volunteer, now: i64) -> QueueItem {
        let brief = VolunteerBrief::of(v);
        QueueItem {
            kind: ItemKind::Volunteer,
            id,
            departement: v
                .place
                .as_ref()
                .map(|p| p.departement.clone())
                .unwrap_or_default(),
            summary: brief.summary(),
            created_at: now,
            volunteer: Some(brief),
            detail: None,
        }
    }
}

/// A pending item with Validate / Refuse buttons, in the moderator's language.
pub fn item(item: &QueueItem) -> Reply {
    let text = match &item.volunteer {
        Some(v) => Text::new("moderation-item-volunteer")
            .arg("id", item.id)
            .arg("departement", item.departement.clone())
            .arg("name", v.first_name.clone())
            .arg("commune", v.commune.clone())
            .arg("domains_mask", domains_mask(&v.domains))
            .arg("onsite", if v.on_site { "yes" } else { "no" })
            .arg("age", i64::from(v.age.unwrap_or(0)))
            .arg("age_given", if v.age.is_some() { "yes" } else { "no" }),
        None => match &item.detail {
            Some(detail) => {
                let mut t = detail.text();
                t.id = match detail {
                    ItemDetail::Mission { .. } => "moderation-item-mission",
                    ItemDetail::Structure { .. } => "moderation-item-structure",
                }
                .into();
                t.arg("id", item.id)
                    .arg("departement", item.departement.clone())
            }
            None => Text::new("moderation-item")
                .arg("kind", item.kind.as_str())
                .arg("id", item.id)
                .arg("departement", item.departement.clone())
                .arg("summary", item.summary.clone()),
        },
    };
    let (kind, id) = (item.kind.as_str(), item.id);
    // A volunteer's item carries their first name: erased with them.
    let reply = match item.volunteer {
        Some(_) => Reply::text(text).about(id),
        None => Reply::text(text),
    };
    reply.with_choices(vec![
        Choice {
            label: Text::new("choice-validate"),
            payload: format!("{MODERATION}approve:{kind}:{id}"),
        },
        Choice {
            label: Text::new("choice-refuse"),
            payload: format!("{MODERATION}refuse:{kind}:{id}"),
        },
    ])
}

/// The queue as one moderator's FILE shows it: one message per item, a page at most.
pub fn queue(items: &[QueueItem]) -> Vec<Reply> {
    if items.is_empty() {
        return vec![Reply::text(Text::new("moderation-queue-empty"))];
    }
    items.iter().take(QUEUE_PAGE).map(item).collect()
}

pub fn help() -> Reply {
    Reply::text(Text::new("moderator-help"))
}

/// Whether a new pending item is announced at once on this channel: on Telegram, with its
/// buttons; not by SMS, where one message per item would flood a phone.
pub fn notified_at_once(channel: Channel) -> bool {
    channel == Channel::Telegram
}

/// Why a decision was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    NotFound,
    OutOfScope { departement: String },
    NotPending { status: String },
}

/// The item as loaded: its stored status, whether that is pending, its département.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending<'a> {
    pub pending: bool,
    pub status: &'a str,
    pub departement: &'a str,
}

/// A moderator decides only on pending items of their départements (`scope`; `None`: a
/// national admin).
pub fn may_decide(item: Option<Pending>, scope: Option<&[String]>) -> Result<(), Refusal> {
    let Some(item) = item else {
        return Err(Refusal::NotFound);
    };
    if let Some(scope) = scope
        && !scope
            .iter()
            .any(|d| d == item.departement || d == crate::engine::coverage::ALL_DEPARTEMENTS)
    {
        return Err(Refusal::OutOfScope {
            departement: item.departement.to_string(),
        });
    }
    if !item.pending {
        return Err(Refusal::NotPending {
            status: item.status.to_string(),
        });
    }
    Ok(())
}

/// What the moderator is told of their decision.
pub fn decision_reply(
    kind: ItemKind,
    id: i64,
    approve: bool,
    outcome: &Result<(), Refusal>,
    window: i64,
) -> Reply {
    let t = match outcome {
        Ok(()) => Text::new("moderation-done")
            .arg("kind", kind.as_str())
            .arg("id", id)
            .arg("approved", if approve { "yes" } else { "no" })
            .arg("minutes", window_minutes(window)),
        // Another département's item reads as one that is not there (a crafted button
        // learns nothing).
        Err(Refusal::NotPending { .. } | Refusal::NotFound | Refusal::OutOfScope { .. }) => {
            Text::new("moderation-not-pending")
                .arg("kind", kind.as_str())
                .arg("id", id)
        }
    };
    Reply::text(t)
}

/// What a moderator is told after VALIDER n / REFUSER n: the line and who or what it was
/// (their own numbers, not the database's). `label`: `None` if the item was no longer in
/// the queue.
pub fn picked_reply(
    kind: ItemKind,
    n: i64,
    label: Option<&str>,
    approve: bool,
    outcome: &Result<(), Refusal>,
    window: i64,
) -> Reply {
    let t = match (outcome, label) {
        (Ok(()), label) => Text::new("moderator-picked")
            .arg("n", n)
            .arg("kind", kind.as_str())
            .arg("label", label.unwrap_or("").to_string())
            .arg("approved", if approve { "yes" } else { "no" })
            .arg("minutes", window_minutes(window)),
        (Err(Refusal::OutOfScope { .. }), _) => Text::new("moderation-out-of-scope"),
        (Err(_), _) => Text::new("moderator-picked-not-pending").arg("n", n),
    };
    Reply::text(t)
}

/// How a queue item is named to a moderator: the volunteer's first name, or the summary.
pub fn label(item: &QueueItem) -> String {
    match (&item.volunteer, &item.detail) {
        (Some(v), _) => v.first_name.clone(),
        (None, Some(ItemDetail::Mission { title, .. })) => short(title),
        (None, Some(ItemDetail::Structure { name, .. })) => short(name),
        (None, None) => short(&item.summary),
    }
}

/// What becomes of a volunteer's held intents when the volunteer is validated (relayed to
/// the structures) or refused (cancelled, places freed).
pub fn held_intents_become(approved: bool) -> ParticipationStatus {
    if approved {
        ParticipationStatus::Sent
    } else {
        ParticipationStatus::Cancelled
    }
}

/// What the volunteer is told of the decision; `relayed`: held intents now relayed;
/// `reason`: the moderator's, for a refusal.
pub fn volunteer_told(approved: bool, name: &str, relayed: usize, reason: Option<&str>) -> Reply {
    let text = match (approved, relayed, reason) {
        (true, 0, _) => Text::new("volunteer-validated").arg("name", name),
        (true, n, _) => Text::new("volunteer-validated-relayed")
            .arg("name", name)
            .arg("count", n as i64),
        (false, _, Some(reason)) => Text::new("volunteer-refused-reason").arg("reason", reason),
        (false, _, None) => Text::new("volunteer-refused"),
    };
    Reply::text(text)
}

/// A volunteer's question the FAQ could not answer, for the département's moderators: who
/// asks, from where, and how to answer them.
pub fn volunteer_question(
    volunteer_id: i64,
    name: &str,
    commune: &str,
    reach: Option<&super::referent::Reach>,
    text: &str,
) -> Reply {
    use super::referent::Reach;
    let contact = match reach {
        Some(Reach::Phone(p)) => crate::domain::display_phone(p),
        Some(Reach::Handle(h)) => format!("Telegram {h}"),
        // No number, no handle: a moderator cannot write back yet; said plainly.
        Some(Reach::Relay) | None => String::new(),
    };
    Reply::text(
        Text::new("question-to-moderator")
            .arg("code", volunteer_id)
            .arg("name", name)
            .arg("elide", super::elide(name))
            .arg("commune", commune)
            .arg("reachable", if contact.is_empty() { "no" } else { "yes" })
            .arg("contact", contact)
            .arg("text", text),
    )
}

/// VALIDER TOUT: how many items a OUI validates.
pub fn confirm_all(count: usize) -> Reply {
    Reply::text(Text::new("moderator-confirm-all").arg("count", count))
}

/// Several items validated at once; `skipped`: numbers not in the file shown, or decided
/// already.
/// `done`: which were validated, by line and name ("3 Samia"), said when short enough for
/// one SMS (names are short; missions' titles may not be).
pub fn approved_many(count: usize, skipped: &[i64], done: &[String]) -> Reply {
    let skipped: Vec<String> = skipped.iter().map(i64::to_string).collect();
    let done = done.join(", ");
    // The names take what the skipped lines leave of one SMS.
    let room = if skipped.is_empty() { 90 } else { 40 };
    let named = !done.is_empty() && done.chars().count() <= room;
    Reply::text(
        Text::new("moderator-approved-many")
            .arg("count", count)
            .arg("skipped", skipped.join(", "))
            .arg("has_skipped", if skipped.is_empty() { "no" } else { "yes" })
            .arg("done", done)
            .arg("has_done", if named { "yes" } else { "no" }),
    )
}

/// A refusal's reason past what a volunteer's SMS carries: nothing decided, the limit said.
pub fn reason_too_long(n: Option<i64>, length: usize) -> Reply {
    Reply::text(
        Text::new("moderator-reason-too-long")
            .arg("length", length)
            .arg("max", REASON_MAX)
            .arg("n", n.unwrap_or(1)),
    )
}

/// A refused mission, as its structure's referents are told, with the reason if one was given.
pub fn mission_refused(title: &str, reason: Option<&str>) -> Reply {
    Reply::text(
        Text::new("referent-mission-refused")
            .arg("title", title)
            .arg("reason", reason.unwrap_or_default())
            .arg("has_reason", if reason.is_some() { "yes" } else { "no" }),
    )
}
