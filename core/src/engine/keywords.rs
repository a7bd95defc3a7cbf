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
            break;
        }
    }
    // Yes words run together: "ok oui", "oui ok", "yes ok yes"; no words: "non non nan".
    let each = |w: &String| answer(std::slice::from_ref(w));
    match words.first().map(each)? {
        Some(first) if words.len() <= 4 && words.iter().all(|w| each(w) == Some(first)) => {
            Some(first)
        }
        _ => None,
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
    // Confirming what was just asked ("est-ce bien cette commune ?").
    "c est ca",
    "oui c est ca",
    "c est bien ca",
    "oui c est bien ca",
    "c est exact",
    "exact",
    "exactement",
    "voila",
    "oui voila",
    "c est bien elle",
    "c est bien celle la",
    "that s right",
    "yes that s right",
    "that s it",
    "yes that s it",
    "correct",
    "right",
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
    "pas du tout",
    "non pas du tout",
    "certainly not",
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

/// A first message in English ("Hello", "Hi", "Help", "Hi, I'd like to volunteer") starts
/// the conversation in English: the exact greetings, or more English words than French ones.
pub fn sounds_english(text: &str) -> bool {
    let key = fold(text);
    if matches!(
        key.as_str(),
        "hello" | "hi" | "hey" | "help" | "good morning" | "english" | "language en"
    ) {
        return true;
    }
    let count = |list: &[&str]| key.split(' ').filter(|w| list.contains(w)).count();
    let english = count(ENGLISH_WORDS);
    english >= 2 && english > count(FRENCH_WORDS)
}

/// Words common in a first message in English, rare in French ones.
const ENGLISH_WORDS: &[&str] = &[
    "hi",
    "hello",
    "hey",
    "i",
    "i m",
    "im",
    "id",
    "like",
    "would",
    "want",
    "to",
    "volunteer",
    "volunteering",
    "help",
    "my",
    "name",
    "is",
    "the",
    "and",
    "can",
    "how",
    "do",
    "you",
    "please",
    "live",
    "in",
    "am",
    "we",
    "what",
    "where",
    "good",
    "morning",
    "afternoon",
    "evening",
    "sign",
    "up",
    "register",
];

/// Words common in a first message in French.
const FRENCH_WORDS: &[&str] = &[
    "bonjour", "salut", "je", "j", "m", "suis", "veux", "voudrais", "aider", "appelle", "le", "la",
    "les", "de", "des", "pour", "et", "merci", "oui", "est", "c", "ce", "habite", "a", "benevole",
    "inscrire", "bonsoir", "moi", "mon", "vous",
];

/// Number words people type for a choice ("la deux", "le un et le trois", "number two").
const NUMBER_WORDS: &[(&str, usize)] = &[
    ("un", 1),
    ("une", 1),
    ("premier", 1),
    ("premiere", 1),
    ("one", 1),
    ("first", 1),
    ("deux", 2),
    ("deuxieme", 2),
    ("second", 2),
    ("seconde", 2),
    ("two", 2),
    ("trois", 3),
    ("troisieme", 3),
    ("three", 3),
    ("third", 3),
    ("quatre", 4),
    ("quatrieme", 4),
    ("four", 4),
    ("fourth", 4),
    ("cinq", 5),
    ("cinquieme", 5),
    ("five", 5),
    ("fifth", 5),
    ("six", 6),
    ("sixieme", 6),
    ("sept", 7),
    ("seven", 7),
    ("huit", 8),
    ("eight", 8),
    ("neuf", 9),
    ("nine", 9),
    ("dix", 10),
    ("ten", 10),
];

/// Words around a number that change nothing: "la 2", "le numéro 3", "number 2".
const AROUND_NUMBER: &[&str] = &[
    "la", "le", "l", "numero", "num", "n", "no", "mission", "the", "number", "celle", "celui",
    "pour", "for",
];

/// One word as a number: digits ("2", "2e", "2eme", "2nd") or a number word ("deux").
fn number_word(word: &str) -> Option<usize> {
    let digits = word
        .strip_suffix("eme")
        .or_else(|| word.strip_suffix("er"))
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("e"))
        .filter(|d| !d.is_empty())
        .unwrap_or(word);
    if !digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse().ok();
    }
    NUMBER_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, n)| *n)
}

/// The numbers of a message once the words around them are dropped, if nothing else is in
/// it; `extra`: more words that change nothing here.
fn numbers_among(words: &[&str], extra: &[&str]) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for w in words {
        if AROUND_NUMBER.contains(w) || extra.contains(w) || w.is_empty() {
            continue;
        }
        out.push(number_word(w)?);
    }
    (!out.is_empty()).then_some(out)
}

/// A number, in figures or words, alone or with the words around it: "2", " 2. ", "la
/// deux", "le numéro 3", "number two".
pub fn number(text: &str) -> Option<usize> {
    let key = fold(text);
    let words: Vec<&str> = key.split(' ').collect();
    match numbers_among(&words, &[])?.as_slice() {
        [n] => Some(*n),
        _ => None,
    }
}

/// Every number of "1 3", "le un et le trois", "1, 2 et 4"; `None` if anything else is there.
pub fn numbers(text: &str) -> Option<Vec<usize>> {
    let key = fold(text);
    let words: Vec<&str> = key.split(' ').collect();
    numbers_among(
        &words,
        &["et", "and", "les", "aussi", "also", "puis", "ou", "or"],
    )
}

/// Words between a yes and its number that change nothing: "oui pour la 2", "ok je prends
/// la 3", "yes I'll take number 2".
const AROUND_YES_NUMBER: &[&str] = &[
    "je",
    "prends",
    "veux",
    "bien",
    "aider",
    "participer",
    "m",
    "inscris",
    "i",
    "ll",
    "take",
    "help",
    "with",
    "want",
    "merci",
    "svp",
    "please",
    "volontiers",
];

/// "OUI 2", "yes 2", "ok 2", "Oui pour la 2 !", "ok la deux": intent for the mission
/// numbered 2.
pub fn yes_number(text: &str) -> Option<usize> {
    let key = fold(text);
    let words: Vec<&str> = key.split(' ').collect();
    // The yes: one word ("oui", "ok") or two ("d accord", "bien sur").
    let lead = (1..=2.min(words.len().saturating_sub(1)))
        .find(|k| yes_no(&words[..*k].join(" ")) == Some(true))?;
    match numbers_among(&words[lead..], AROUND_YES_NUMBER)?.as_slice() {
        [n] => Some(*n),
        _ => None,
    }
}

/// "ANNULER 2", "cancel 1", "WITHDRAW 2", "annuler la deux": withdraw the intent numbered 2 in
/// MES MISSIONS; a reason may follow the number ("annuler la deux, le samedi je peux pas",
/// "annuler 2 car je suis malade"). (A bare CANCEL stays an opt-out, as carriers and Twilio
/// treat it.)
pub fn cancel_number(text: &str) -> Option<usize> {
    // The reason starts at a punctuation mark or a "because": only what comes before counts.
    let lead = text
        .split([',', '.', ';', ':', '!', '?', '(', '-'])
        .next()
        .unwrap_or_default();
    let key = fold(lead);
    let key = [" car ", " parce ", " because ", " je ", " i "]
        .iter()
        .filter_map(|w| key.find(w))
        .min()
        .map_or(key.as_str(), |at| &key[..at]);
    let (word, n) = key.split_once(' ')?;
    if !matches!(
        word,
        "annuler" | "annule" | "withdraw" | "retirer" | "cancel"
    ) {
        return None;
    }
    number(n)
}

/// An age: "17", "17 ans", "j'ai 17 ans", "I'm 72", "72 years old" (10 to 120).
pub fn age(text: &str) -> Option<u32> {
    let key = fold(text);
    let mut age = None;
    for w in key.split(' ') {
        match w {
            "j" | "ai" | "i" | "m" | "am" | "ans" | "an" | "years" | "year" | "old" | "age"
            | "yo" | "et" | "demi" | "" => {}
            // An age given in answer to a yes-or-no ("non j'ai 16 ans", "no, I'm 16 only").
            "non" | "no" | "nan" | "oui" | "yes" | "mais" | "but" | "seulement" | "que"
            | "only" | "juste" | "just" | "n" | "moi" | "me" | "deja" | "already" => {}
            _ => {
                let n: u32 = w.strip_suffix("ans").unwrap_or(w).parse().ok()?;
                if age.replace(n).is_some() {
                    return None;
                }
            }
        }
    }
    age.filter(|a| (10..=120).contains(a))
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

    #[test]
    fn numbers_in_words_and_sentences() {
        for (text, n) in [
            ("la deux", Some(2)),
            ("Le 3", Some(3)),
            ("numéro 2", Some(2)),
            ("number two", Some(2)),
            ("la 2e", Some(2)),
            ("un", Some(1)),
            ("Le Portel", None),
            ("Six-Fours", None),
            ("3 4", None),
            ("11", Some(11)),
        ] {
            assert_eq!(number(text), n, "{text}");
        }
        for (text, n) in [
            ("Oui pour la 2 !", Some(2)),
            ("oui la deux", Some(2)),
            ("ok je prends la 3", Some(3)),
            ("d'accord pour la 1", Some(1)),
            ("yes number two", Some(2)),
            ("oui", None),
            ("oui pour la 1 et la 3", None),
            ("oui merci", None),
        ] {
            assert_eq!(yes_number(text), n, "{text}");
        }
        assert_eq!(numbers("le un et le trois"), Some(vec![1, 3]));
        assert_eq!(cancel_number("cancel 1"), Some(1));
        assert_eq!(cancel_number("annuler la deux"), Some(2));
        // A reason after the number (issue 24's Bernard).
        for (text, n) in [
            ("annuler la deux, le samedi je peux pas", Some(2)),
            ("Annuler 2 car je suis malade", Some(2)),
            ("annuler 1 je peux plus", Some(1)),
            ("cancel 1 - sorry, I'm ill", Some(1)),
            ("annuler tout", None),
            ("annuler le refus", None),
        ] {
            assert_eq!(cancel_number(text), n, "{text}");
        }
        // Yes and no as people type them (issue 24's Samia and Yannick).
        for (text, answer) in [
            ("ok oui", Some(true)),
            ("oui ok", Some(true)),
            ("OK OUI MERCI", Some(true)),
            ("oui c'est ça", Some(true)),
            ("c'est bien ça", Some(true)),
            ("exactement", Some(true)),
            ("yes that's right", Some(true)),
            ("non non", Some(false)),
            ("non pas du tout", Some(false)),
            ("oui non", None),
            ("ok pour la 2", None),
        ] {
            assert_eq!(yes_no(text), answer, "{text}");
        }
        // An age given in answer to a yes-or-no.
        for (text, a) in [
            ("non j'ai 16 ans", Some(16)),
            ("Non, j'ai que 17 ans", Some(17)),
            ("oui j'ai 72 ans", Some(72)),
            ("no, I'm 16", Some(16)),
            ("non", None),
            ("j'ai 16 ans et 3 enfants", None),
        ] {
            assert_eq!(age(text), a, "{text}");
        }
        assert_eq!(Keyword::parse("CANCEL"), Some(Keyword::Stop));
        assert!(sounds_english("Hi, I'd like to volunteer"));
        assert!(sounds_english("Hello, my name is Ann"));
        assert!(!sounds_english("Bonjour je m'appelle Jeanine"));
        assert!(!sounds_english("Hi je veux aider"));
    }
}
