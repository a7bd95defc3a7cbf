//! Keywords accepted anywhere, case-, accent- and spacing-insensitive, French and English.

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
            "langue" | "language" | "lang" => Keyword::Language(None),
            "langue fr" | "language fr" | "francais" | "langue francais" | "french" => {
                Keyword::Language(Some(Lang::Fr))
            }
            "langue en" | "language en" | "english" | "anglais" | "langue anglais" => {
                Keyword::Language(Some(Lang::En))
            }
            _ => return None,
        })
    }
}

/// OUI / NON and their English and casual forms.
pub fn yes_no(text: &str) -> Option<bool> {
    match fold(text).as_str() {
        "oui" | "o" | "yes" | "y" | "ok" | "okay" | "d accord" | "daccord" | "ouais" | "si"
        | "j accepte" | "accepte" | "i agree" | "agree" => Some(true),
        "non" | "n" | "no" | "nope" | "pas d accord" => Some(false),
        _ => None,
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
