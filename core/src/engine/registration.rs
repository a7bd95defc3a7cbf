//! Registration, one short question at a time; every wrong answer gets a helpful re-ask.

use super::keywords::{self, yes_no};
use super::{Choice, Consent, Effect, Place, Reply, Step, Step_};
use crate::domain::{Domain, Domains, VolunteerStatus};
use crate::geo::{Commune, Gazetteer, Point, Resolution};
use crate::i18n::Text;
use crate::text::{fold, plain_latin};

/// At most this many communes are offered by number; past that, the volunteer types the name.
const MAX_PLACE_OPTIONS: usize = 4;
const MAX_NAME_CHARS: usize = 40;
const MAX_AVAILABILITY_CHARS: usize = 120;

pub(super) fn domains_prompt() -> Reply {
    let mut reply = Reply::text(Text::new("ask-domains")).with_choices(
        Domain::ALL
            .iter()
            .map(|d| Choice {
                label: Text::new("domain-name").arg("domain", i64::from(d.number())),
                payload: d.number().to_string(),
            })
            .collect(),
    );
    reply.multi_select = true;
    reply
}

impl Step_<'_> {
    pub(super) fn register(&mut self, text: &str) {
        match self.v.conversation.step.clone() {
            Step::Consent => match yes_no(text) {
                Some(true) => {
                    self.v.consent = Some(Consent {
                        at: self.ctx.now,
                        terms_version: self.ctx.terms_version.to_string(),
                    });
                    self.next(Step::FirstName);
                }
                Some(false) => self.say(Text::new("consent-refused")),
                None => self.say(Text::new("consent-reask")),
            },
            Step::FirstName => match first_name(text) {
                Some(name) => {
                    self.v.first_name = Some(name);
                    self.next(Step::Place);
                }
                None => self.say(Text::new("first-name-invalid")),
            },
            Step::Place => self.place_text(text),
            Step::ChoosePlace => {
                let options = self.v.conversation.place_options.clone();
                match keywords::number(text) {
                    Some(n) if (1..=options.len()).contains(&n) => {
                        let g = Gazetteer::get();
                        if let Some(c) = g.by_insee(&options[n - 1]) {
                            self.set_place(c);
                        }
                    }
                    Some(_) => self.place_options_prompt(),
                    None => self.place_text(text),
                }
            }
            Step::OnSite => match yes_no(text) {
                Some(on_site) => {
                    self.v.on_site = Some(on_site);
                    if !on_site {
                        self.say(Text::new("remote-only"));
                    }
                    self.next(Step::Domains);
                }
                None => self.say(Text::new("on-site-reask")),
            },
            Step::Domains => match parse_domains(text) {
                Some(d) => {
                    self.v.domains = d;
                    self.next(Step::Availability);
                }
                None => self.say(Text::new("domains-reask")),
            },
            Step::Availability => {
                let key = fold(text);
                if matches!(key.as_str(), "passer" | "skip" | "non" | "no" | "rien" | "") {
                    self.v.availability = None;
                } else if text.chars().count() > MAX_AVAILABILITY_CHARS {
                    return self.say(Text::new("availability-too-long"));
                } else {
                    self.v.availability = Some(text.trim().to_string());
                }
                self.finish();
            }
            Step::Ready | Step::ConfirmErase { .. } => {}
        }
    }

    /// Moves to `step` and asks its question.
    fn next(&mut self, step: Step) {
        self.v.conversation.step = step;
        self.prompt();
    }

    fn finish(&mut self) {
        self.v.conversation.step = Step::Ready;
        let name = self.v.first_name.clone().unwrap_or_default();
        if self.v.conversation.editing {
            self.v.conversation.editing = false;
            self.v.conversation.shown.clear();
            return self.say(Text::new("profile-updated").arg("name", name));
        }
        self.effects.push(Effect::RegistrationComplete);
        let dep = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.clone())
            .unwrap_or_default();
        if self.ctx.auto_validate {
            self.v.status = VolunteerStatus::Validated;
            self.say(Text::new("registered-validated").arg("name", name));
        } else {
            self.v.status = VolunteerStatus::Pending;
            self.say(
                Text::new("registered-pending")
                    .arg("name", name)
                    .arg("departement", dep),
            );
        }
    }

    fn place_text(&mut self, text: &str) {
        let g = Gazetteer::get();
        let prefer = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.clone())
            .or(self.ctx.home_departement.map(str::to_string));
        match g.resolve(text, prefer.as_deref()) {
            Resolution::Found(c) => self.set_place(c),
            Resolution::Choose(list) => {
                self.v.conversation.place_options = list
                    .iter()
                    .take(MAX_PLACE_OPTIONS)
                    .map(|c| c.insee.to_string())
                    .collect();
                self.v.conversation.step = Step::ChoosePlace;
                self.place_options_prompt();
            }
            Resolution::NotFound(suggestions) if !suggestions.is_empty() => {
                self.v.conversation.place_options = suggestions
                    .iter()
                    .take(3)
                    .map(|c| c.insee.to_string())
                    .collect();
                self.v.conversation.step = Step::ChoosePlace;
                let mut reply = self.options_reply("place-did-you-mean");
                reply.parts[0] = Text::new("place-did-you-mean").arg("input", short(text, 30));
                self.replies.push(reply);
            }
            Resolution::NotFound(_) => {
                self.v.conversation.step = Step::Place;
                let id = if text.trim().is_empty() {
                    "place-empty"
                } else {
                    "place-not-found"
                };
                self.say(Text::new(id).arg("input", short(text, 30)));
            }
        }
    }

    pub(super) fn location(&mut self, p: Point) {
        if !matches!(self.v.conversation.step, Step::Place | Step::ChoosePlace) {
            return self.say(Text::new("location-not-expected"));
        }
        match Gazetteer::get().nearest(&p) {
            Some(c) if c.point.distance_km(&p) < 30.0 => self.set_place(c),
            _ => self.say(Text::new("location-outside")),
        }
    }

    fn set_place(&mut self, c: &Commune) {
        self.v.place = Some(Place {
            insee: c.insee.to_string(),
            commune: c.name.to_string(),
            departement: c.departement.to_string(),
            point: c.point,
        });
        self.v.conversation.place_options.clear();
        self.v.conversation.shown.clear();
        self.say(
            Text::new("place-found")
                .arg("commune", plain_latin(c.name))
                .arg("departement", c.departement),
        );
        self.v.conversation.step = Step::OnSite;
        // The confirmation and the next question travel together.
        let confirmation = self.replies.pop().expect("just pushed").parts;
        self.prompt();
        let question = self.replies.last_mut().expect("just prompted");
        let mut parts = confirmation;
        parts.append(&mut question.parts);
        question.parts = parts;
    }

    pub(super) fn place_options_prompt(&mut self) {
        let reply = self.options_reply("place-choose");
        self.replies.push(reply);
    }

    fn options_reply(&self, header: &str) -> Reply {
        let g = Gazetteer::get();
        let mut parts = vec![Text::new(header)];
        let mut choices = Vec::new();
        for (i, insee) in self.v.conversation.place_options.iter().enumerate() {
            let Some(c) = g.by_insee(insee) else { continue };
            let line = Text::new("place-option")
                .arg("n", i + 1)
                .arg("commune", plain_latin(c.name))
                .arg("departement", c.departement);
            choices.push(Choice {
                label: Text::new("place-option-label")
                    .arg("commune", c.name)
                    .arg("departement", c.departement),
                payload: (i + 1).to_string(),
            });
            parts.push(line);
        }
        parts.push(Text::new("place-choose-footer"));
        Reply {
            parts,
            choices,
            multi_select: false,
            about: None,
        }
    }

    pub(super) fn profile(&mut self) {
        let v = &self.v;
        let domains: Vec<String> = v.domains.iter().map(|d| d.number().to_string()).collect();
        let place = v.place.as_ref();
        let t = Text::new("profile")
            .arg("name", v.first_name.clone().unwrap_or_default())
            .arg(
                "commune",
                place.map(|p| plain_latin(&p.commune)).unwrap_or_default(),
            )
            .arg(
                "departement",
                place.map(|p| p.departement.clone()).unwrap_or_default(),
            )
            .arg("radius", v.radius_km)
            .arg("domains", domains.join(" "))
            .arg("onsite", if v.on_site == Some(true) { "yes" } else { "no" })
            .arg("status", v.status.as_str());
        self.say(t);
    }
}

/// A first name: letters of any script, spaces, hyphens and apostrophes; no digits.
fn first_name(text: &str) -> Option<String> {
    let name: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS {
        return None;
    }
    let ok = name
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.'));
    if !ok || !name.chars().any(char::is_alphabetic) || yes_no(&name).is_some() {
        return None;
    }
    Some(name)
}

/// "1 3", "1,3", "13", "1 et 3": each of 1-4 at most once; anything else is not an answer.
fn parse_domains(text: &str) -> Option<Domains> {
    let key = fold(text);
    let mut d = Domains::default();
    for word in key.split(' ') {
        if matches!(word, "et" | "and" | "") {
            continue;
        }
        if !word.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        for b in word.bytes() {
            d.insert(Domain::from_number(i64::from(b - b'0'))?);
        }
    }
    (!d.is_empty()).then_some(d)
}

/// Echoes user input back safely: one line, bounded.
fn short(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut s: String = one_line.chars().take(max - 3).collect();
    s.push_str("...");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_domains() {
        assert_eq!(first_name("  Marie-Hélène "), Some("Marie-Hélène".into()));
        assert_eq!(first_name("Ngọc Ánh"), Some("Ngọc Ánh".into()));
        assert_eq!(first_name("62000"), None);
        assert_eq!(first_name("'; DROP TABLE volunteers; --"), None);
        assert_eq!(first_name("oui"), None);
        assert_eq!(first_name(&"a".repeat(41)), None);
        assert_eq!(parse_domains("1 3").map(|d| d.0), Some(0b101));
        assert_eq!(parse_domains("1,3 et 4").map(|d| d.0), Some(0b1101));
        assert_eq!(parse_domains("13").map(|d| d.0), Some(0b101));
        assert_eq!(parse_domains("5"), None);
        assert_eq!(parse_domains("alimentaire"), None);
        assert_eq!(parse_domains(""), None);
    }
}
