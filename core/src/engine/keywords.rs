//! Keywords accepted anywhere, case-, accent- and spacing-insensitive, French and English.

use std::sync::LazyLock;

use crate::domain::Lang;
use crate::text::fold;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    Stop,
    Start,
    Help,
    Missions,
    More,
    Profile,
    Edit,
    Delete,
    /// The volunteer's own intents.
    MyMissions,
    /// LANGUE alone toggles; LANGUE EN / LANGUAGE FR choose.
    Language(Option<Lang>),
}

impl Keyword {
    pub fn parse(text: &str) -> Option<Keyword> {
        let key = fold(text);
        Some(match key.as_str() {
            // Twilio's own opt-out words too: a carrier STOP must mean the same here.
            "stop" | "arret" | "stop sms" | "stopsms" | "unsubscribe" | "stopall" | "stop all"
            | "end" | "quit" | "cancel" | "desabonner" | "desinscrire" => Keyword::Stop,
            "start" | "reprendre" | "unstop" | "demarrer" => Keyword::Start,
            "aide" | "help" | "info" | "infos" => Keyword::Help,
            "missions" | "mission" => Keyword::Missions,
            "plus" | "more" | "suite" | "next" | "suivant" => Keyword::More,
            "profil" | "profile" | "mon profil" | "my profile" => Keyword::Profile,
            "modifier" | "edit" | "change" | "changer" => Keyword::Edit,
            "supprimer" | "delete" | "effacer" | "erase" => Keyword::Delete,
            "mes missions" | "my missions" | "mes propositions" | "annuler" | "withdraw" => {
                Keyword::MyMissions
            }
            // Each language's messages name the other's word ("English: LANGUAGE", "En
            // français : LANGUE"): the word says which language is wanted, so an English
            // speaker who sends LANGUAGE stays in English rather than being switched away.
            "lang" => Keyword::Language(None),
            "langue" | "langue fr" | "language fr" | "francais" | "langue francais" | "french" => {
                Keyword::Language(Some(Lang::Fr))
            }
            "language" | "langue en" | "language en" | "english" | "anglais" | "langue anglais" => {
                Keyword::Language(Some(Lang::En))
            }
            _ => return None,
        })
    }
}

/// Words people add around an answer ("oui merci", "svp stop"): they change nothing.
const POLITE: &[&str] = &[
    "merci", "beaucoup", "bien", "svp", "stp", "plait", "s", "il", "vous", "te", "please", "pls",
    "plz", "thanks", "thank", "you", "thx", "mrc", "cimer", "bonjour", "bonsoir", "hello", "hi",
    "madame", "monsieur",
];

/// Collapses repeated letters ("OUIII" → "oui", "okkk" → "ok", "nonnn" → "non"): people
/// lean on keys. Applied to both sides of a comparison.
fn squeeze(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The folded words of a message, letters squeezed.
fn squeezed_words(text: &str) -> Vec<String> {
    fold(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(squeeze)
        .collect()
}

/// A list's phrases as messages are compared with them (folded words, letters squeezed).
/// Every message is compared with these lists, so each is computed once, not per message.
fn phrases(list: &[&str]) -> Vec<String> {
    list.iter().map(|p| squeezed_words(p).join(" ")).collect()
}

static YES_PHRASES: LazyLock<Vec<String>> = LazyLock::new(|| phrases(YES));
static NO_PHRASES: LazyLock<Vec<String>> = LazyLock::new(|| phrases(NO));
static POLITE_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| phrases(POLITE));
static THANKS_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| phrases(THANKS));
static AROUND_THANKS_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| phrases(AROUND_THANKS));
static GREETING_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| phrases(GREETINGS));
static OPT_OUT_START_PHRASES: LazyLock<Vec<String>> = LazyLock::new(|| phrases(OPT_OUT_STARTS));
/// With a space after each: a lead is stripped only when words follow.
static OPT_OUT_LEAD_PREFIXES: LazyLock<Vec<String>> = LazyLock::new(|| {
    phrases(OPT_OUT_LEADS)
        .into_iter()
        .map(|lead| format!("{lead} "))
        .collect()
});

fn listed(list: &[String], phrase: &str) -> bool {
    list.iter().any(|p| p == phrase)
}

/// OUI / NON and their English, casual and lengthened forms ("OUII", "ouais", "ok merci",
/// "d'accord", "yes", "nope", "non merci").
pub fn yes_no(text: &str) -> Option<bool> {
    let mut words = squeezed_words(text);
    let answer = |words: &[String]| {
        let phrase = words.join(" ");
        // "oui oui", "yes yes": the same word twice is still one answer.
        let phrase = match phrase.split_once(' ') {
            Some((a, b)) if a == b => a.to_string(),
            _ => phrase,
        };
        if listed(&YES_PHRASES, &phrase) {
            Some(true)
        } else if listed(&NO_PHRASES, &phrase) {
            Some(false)
        } else {
            None
        }
    };
    // Politeness around the answer: "oui merci", "merci oui", "non merci beaucoup".
    let polite = |w: &String| listed(&POLITE_WORDS, w);
    loop {
        if let Some(a) = answer(&words) {
            return Some(a);
        }
        if words.len() > 1 && polite(&words[words.len() - 1]) {
            words.pop();
        } else if words.len() > 1 && polite(&words[0]) {
            words.remove(0);
        } else {
            return None;
        }
    }
}

const YES: &[&str] = &[
    "oui",
    "o",
    "ui",
    "wi",
    "ouai",
    "ouais",
    "ouaip",
    "yes",
    "y",
    "ye",
    "yeah",
    "yep",
    "yup",
    "ok",
    "oki",
    "okay",
    "okey",
    "d accord",
    "daccord",
    "dac",
    "si",
    "bien sur",
    "sure",
    "of course",
    "j accepte",
    "accepte",
    "i agree",
    "agree",
    "volontiers",
    "absolument",
    "tout a fait",
    "evidemment",
    "oui bien sur",
    "oui d accord",
    "ok d accord",
    "c est bon",
    "go",
    "alright",
    "all right",
    "avec plaisir",
    "je veux bien",
    "oui je veux bien",
    "oui je veux aider",
    "oui avec plaisir",
    "oui j accepte",
    "yes i agree",
    "yes i do",
    "i do",
    "yes of course",
    "with pleasure",
];

const NO: &[&str] = &[
    "non",
    "n",
    "no",
    "nope",
    "nan",
    "nah",
    "pas d accord",
    "jamais",
    "never",
    "no way",
    "je refuse",
    "refuse",
];

/// "merci", "merci beaucoup", "ok merci", "thanks a lot", "super merci": thanks, to be
/// answered politely, never taken for something else.
pub fn is_thanks(text: &str) -> bool {
    let words = squeezed_words(text);
    let thanks = |w: &String| listed(&THANKS_WORDS, w);
    !words.is_empty()
        && words.iter().any(thanks)
        && words
            .iter()
            .all(|w| thanks(w) || listed(&AROUND_THANKS_WORDS, w) || listed(&POLITE_WORDS, w))
}

const THANKS: &[&str] = &["merci", "mrc", "cimer", "thanks", "thank", "thx", "ty"];

/// Words that may surround thanks.
const AROUND_THANKS: &[&str] = &[
    "ok", "oki", "okay", "super", "parfait", "top", "genial", "bravo", "a", "lot", "so", "much",
    "very", "great", "bonne", "journee", "soiree", "tres", "grand", "encore", "pour", "tout",
    "votre", "aide", "your", "help", "de", "la", "info", "cool",
];

/// "Bonjour", "salut", "hello": a greeting, not an answer.
pub fn is_greeting(text: &str) -> bool {
    let words = squeezed_words(text);
    !words.is_empty()
        && words.iter().all(|w| listed(&GREETING_WORDS, w))
        && !words
            .iter()
            .all(|w| matches!(w.as_str(), "a" | "you" | "are" | "ca" | "va"))
}

const GREETINGS: &[&str] = &[
    "bonjour",
    "bonsoir",
    "salut",
    "coucou",
    "bjr",
    "slt",
    "cc",
    "allo",
    "hello",
    "hi",
    "hey",
    "yo",
    "good",
    "morning",
    "evening",
    "afternoon",
    "bonne",
    "journee",
    "madame",
    "monsieur",
    "a",
    "tous",
    "ca",
    "va",
    "comment",
    "how",
    "are",
    "you",
];

/// Opt-out phrases: a message made of one, or starting with one (after politeness: "svp
/// arrêtez"), stops the contact like STOP. Whole words only, so ordinary answers that merely
/// contain such a word ("je ne peux pas m'arrêter le soir") do not.
const OPT_OUT_STARTS: &[&str] = &[
    "stop",
    "stoppez",
    "stopper",
    "stoppe",
    "arret",
    "arrete",
    "arretez",
    "arreter",
    "arretes",
    "cessez",
    "cesse",
    "cesser",
    "unsubscribe",
    "unsuscribe",
    "opt out",
    "optout",
    "desinscription",
    "desinscrire",
    "desinscrivez",
    "desinscris",
    "desinscrit",
    "desabonnement",
    "desabonnez",
    "desabonner",
    "desabonne",
    "ne plus recevoir",
    "je ne veux plus recevoir",
    "je veux plus recevoir",
    "je ne veux plus de message",
    "je ne veux plus de messages",
    "je ne veux plus de sms",
    "je veux plus de messages",
    "je ne veux plus etre contacte",
    "je ne souhaite plus recevoir",
    "je ne souhaite plus etre contacte",
    "plus de message",
    "plus de messages",
    "plus de sms",
    "ne m ecrivez plus",
    "ne m envoyez plus",
    "ne me contactez plus",
    "n ecrivez plus",
    "n envoyez plus",
    "ne plus m ecrire",
    "ne plus me contacter",
    "ne plus m envoyer",
    "de ne plus m ecrire",
    "de ne plus m envoyer",
    "de ne plus me contacter",
    "d arreter",
    "laissez moi tranquille",
    "laissez moi en paix",
    "foutez moi la paix",
    "fichez moi la paix",
    "fiche moi la paix",
    "leave me alone",
    "remove me",
    "remove my number",
    "take me off",
    "don t text",
    "dont text",
    "do not text",
    "don t message",
    "do not message",
    "don t contact",
    "do not contact",
    "no more texts",
    "no more text",
    "no more messages",
    "no more sms",
    "i want to stop",
    "i want to unsubscribe",
    "je veux arreter",
    "je voudrais arreter",
    "je veux me desinscrire",
    "je voudrais me desinscrire",
    "je veux me desabonner",
    "je voudrais me desabonner",
];

/// Politeness that may come before an opt-out ("svp", "merci de", "please").
const OPT_OUT_LEADS: &[&str] = &[
    "svp",
    "stp",
    "s il vous plait",
    "s il te plait",
    "please",
    "pls",
    "plz",
    "merci de",
    "merci d",
    "bonjour",
    "hello",
    "hi",
    "non",
    "no",
    "ok",
    "oui",
    "alors",
    "bon",
    "vraiment",
    "vous pouvez",
    "pouvez vous",
    "can you",
    "could you",
    "je vous prie de",
    "je vous demande de",
    "il faut",
    "svp merci de",
    "madame",
    "monsieur",
];

/// Whether a message asks to receive nothing more, in French or English.
pub fn is_opt_out(text: &str) -> bool {
    if Keyword::parse(text) == Some(Keyword::Stop) {
        return true;
    }
    let matches = |phrase: &str| {
        OPT_OUT_START_PHRASES.iter().any(|start| {
            phrase
                .strip_prefix(start.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    };
    let mut phrase = squeezed_words(text).join(" ");
    // Leading politeness, possibly several ("bonjour svp arretez"), tried one by one.
    loop {
        if matches(&phrase) {
            return true;
        }
        let Some(rest) = OPT_OUT_LEAD_PREFIXES
            .iter()
            .find_map(|lead| phrase.strip_prefix(lead.as_str()).map(str::to_string))
        else {
            return false;
        };
        phrase = rest;
    }
}

/// A first message in English ("Hello", "Hi", "Help") starts the conversation in English.
pub fn sounds_english(text: &str) -> bool {
    matches!(
        fold(text).as_str(),
        "hello" | "hi" | "hey" | "help" | "good morning" | "english" | "language en"
    )
}

/// A bare number ("2", " 2. ").
pub fn number(text: &str) -> Option<usize> {
    let key = fold(text);
    if key.is_empty() || key.len() > 4 || !key.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    key.parse().ok()
}

/// "OUI 2", "yes 2", "ok 2": intent for the mission numbered 2.
pub fn yes_number(text: &str) -> Option<usize> {
    let key = fold(text);
    let (word, n) = key.split_once(' ')?;
    if yes_no(word) != Some(true) {
        return None;
    }
    number(n)
}

/// "ANNULER 2", "WITHDRAW 2": withdraw the intent numbered 2 in MES MISSIONS.
pub fn cancel_number(text: &str) -> Option<usize> {
    let key = fold(text);
    let (word, n) = key.split_once(' ')?;
    if !matches!(word, "annuler" | "withdraw" | "retirer") {
        return None;
    }
    number(n)
}

/// "RAYON 20" / "RADIUS 20".
pub fn radius(text: &str) -> Option<Option<u32>> {
    let key = fold(text);
    let (word, n) = key.split_once(' ').unwrap_or((key.as_str(), ""));
    if !matches!(word, "rayon" | "radius" | "distance") {
        return None;
    }
    Some(n.trim_end_matches("km").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_fold() {
        for stop in [
            "STOP",
            "Arrêt",
            "ARRET",
            " stop  sms ",
            "Stop SMS!",
            "unsubscribe",
        ] {
            assert_eq!(Keyword::parse(stop), Some(Keyword::Stop), "{stop}");
        }
        assert_eq!(Keyword::parse("Reprendre"), Some(Keyword::Start));
        assert_eq!(
            Keyword::parse("LANGUAGE en"),
            Some(Keyword::Language(Some(Lang::En)))
        );
        assert_eq!(
            Keyword::parse("Language"),
            Some(Keyword::Language(Some(Lang::En)))
        );
        assert_eq!(
            Keyword::parse("LANGUE"),
            Some(Keyword::Language(Some(Lang::Fr)))
        );
        assert_eq!(Keyword::parse("stop the war"), None);
        assert_eq!(yes_no("Oui !"), Some(true));
        assert_eq!(yes_no("NON."), Some(false));
        assert_eq!(yes_number("oui 2"), Some(2));
        assert_eq!(yes_number("OK  12"), Some(12));
        assert_eq!(number(" 3. "), Some(3));
        assert_eq!(number("3 4"), None);
        assert_eq!(radius("RAYON 20 km"), Some(Some(20)));
        assert_eq!(radius("rayon loin"), Some(None));
    }
}
