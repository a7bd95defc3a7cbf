//! Registration, one short question at a time; every wrong answer gets a helpful re-ask.

use super::keywords::{self, yes_no};
use super::{Choice, Consent, Effect, Place, Reply, Step, Step_};
use crate::domain::{Domain, Domains, VolunteerStatus};
use crate::geo::{Commune, Gazetteer, Point, Resolution};
use crate::i18n::{I18n, Text};
use crate::render::reply_text;
use crate::text::{Kind, clean, fold, readable};

/// At most this many communes are offered by number; past that, the volunteer types the name.
/// Communes offered per message.
const MAX_PLACE_OPTIONS: usize = 4;
/// One GSM-7 SMS segment: a page of options stays within it.
const SMS_CHARS: usize = 160;
/// Homonyms kept to page through: every "Saint-Martin…" of France would be a list nobody reads.
const MAX_LISTED_PLACES: usize = 40;
/// Past this distance from the home département's centre, an exact name is confirmed first.
const FAR_KM: f64 = 150.0;
const MAX_NAME_CHARS: usize = 40;
const MAX_AVAILABILITY_CHARS: usize = 120;

pub(super) fn domains_prompt() -> Reply {
    domains_prompt_as("ask-domains")
}

/// The domains question as message `id` says it, with its buttons (several may be ticked).
fn domains_prompt_as(id: &str) -> Reply {
    let mut reply = Reply::text(Text::new(id)).with_choices(
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

/// MODIFIER: what can be changed, by number.
pub(super) fn edit_menu_prompt() -> Reply {
    Reply::text(Text::new("edit-menu")).with_choices(
        (1..=EDIT_OPTIONS)
            .map(|n| Choice {
                label: Text::new("edit-option").arg("n", n),
                payload: n.to_string(),
            })
            .collect(),
    )
}

/// Prénom, commune, sur place / à distance, missions, disponibilités.
const EDIT_OPTIONS: usize = 5;

impl Step_<'_> {
    pub(super) fn register(&mut self, text: &str) {
        match self.v.conversation.step.clone() {
            Step::Consent => match yes_no(text) {
                Some(true) => {
                    self.v.consent = Some(Consent {
                        at: self.ctx.now,
                        terms_version: self.ctx.terms_version.to_string(),
                    });
                    match self.v.conversation.intro.take() {
                        Some(intro) => self.fill_from_intro(intro),
                        None => self.next(Step::FirstName),
                    }
                }
                Some(false) => {
                    self.v.conversation.intro = None;
                    self.say(Text::new("consent-refused"))
                }
                None => self.replies.push(
                    Reply::text(Text::new("consent-reask")).with_choices(super::yes_no_choices()),
                ),
            },
            // "j'habite à Lens" where the name was asked: the place is taken (and confirmed),
            // and the name asked again, instead of "Merci, j'habite à Lens !".
            Step::FirstName if intro(text).is_some_and(|i| i.place.is_some()) => {
                if let Some(i) = intro(text) {
                    self.fill_from_intro(i);
                }
            }
            Step::FirstName => match first_name(text) {
                Some(name) => {
                    self.v.first_name = Some(name);
                    // The place may be known already (said before the name was asked).
                    let next = if self.v.place.is_some() {
                        Step::OnSite
                    } else {
                        Step::Place
                    };
                    self.advance(next);
                }
                None => self.say(Text::new("first-name-invalid")),
            },
            Step::Place => self.place_text(text),
            Step::ChoosePlace => {
                let options = self.v.conversation.place_options.clone();
                // Only the numbers shown so far: page two's 6 is not taken before it is seen.
                let shown = options.len().min(self.v.conversation.place_seen);
                // A commune of the list by its name ("Albert" among the 80300's, even from
                // someone called Albert).
                let g = Gazetteer::get();
                let said = fold(&place_words(text));
                let named = options[..shown]
                    .iter()
                    .filter_map(|insee| g.by_insee(insee))
                    .find(|c| fold(c.name) == said);
                if let Some(c) = named {
                    return self.set_place(c);
                }
                match keywords::number(text) {
                    Some(n) if (1..=shown).contains(&n) => {
                        let g = Gazetteer::get();
                        if let Some(c) = g.by_insee(&options[n - 1]) {
                            self.set_place(c);
                        }
                    }
                    Some(_) => self.place_options_prompt(),
                    // "Is it this commune?" invites a yes or a no.
                    None if options.len() == 1 && yes_no(text) == Some(true) => {
                        if let Some(c) = Gazetteer::get().by_insee(&options[0]) {
                            self.set_place(c);
                        }
                    }
                    None if yes_no(text) == Some(false) => {
                        self.v.conversation.place_options.clear();
                        self.v.conversation.step = Step::Place;
                        let t = self.with_place_example(Text::new("place-reask"));
                        self.say(t);
                    }
                    None => self.place_text(text),
                }
            }
            // An age says more than a yes or a no: "non j'ai 16 ans" is 16.
            Step::OnSite => match (keywords::age(text), yes_no(text)) {
                (Some(age), _) => self.age_given(age),
                (None, Some(on_site)) => self.set_on_site(on_site),
                (None, None) => self.replies.push(
                    Reply::text(Text::new("on-site-reask")).with_choices(super::yes_no_choices()),
                ),
            },
            Step::Domains => match (parse_domains(text), domains_by_name(text)) {
                (Some(d), _) => self.domains_given(d),
                // By name ("garde d'enfants et courses"): what was understood is said back.
                (None, Some(d)) => {
                    self.domains_given(d);
                    self.lead_last_with(
                        Text::new("domains-noted").arg("domains_mask", i64::from(d.0)),
                    );
                }
                // The choices again, so that nobody scrolls back to find which number is which.
                (None, None) => self.replies.push(domains_prompt_as("domains-reask")),
            },
            Step::Availability => {
                // Shown to referents and moderators as written: one line, nothing hidden in it
                // (the adapters clean what arrives; this text is stored, so the engine holds it
                // to the rule too).
                // "OUI 1", "annuler 2": a command, not when they are free. Asked again, with
                // what to send afterwards.
                if keywords::yes_number(text).is_some() || keywords::cancel_number(text).is_some() {
                    return self.say(Text::new("availability-first"));
                }
                // "16", "2 3" (an answer to an earlier question, an old keyboard's tick):
                // numbers alone say nothing of when someone is free.
                if keywords::numbers(text).is_some() {
                    return self.say(Text::new("availability-numbers"));
                }
                let text = &clean(text, Kind::Line);
                let key = fold(text);
                if matches!(
                    key.as_str(),
                    "passer" | "skip" | "non" | "no" | "rien" | "" | "pas de preference"
                ) {
                    self.v.availability = None;
                } else if text.chars().count() > MAX_AVAILABILITY_CHARS {
                    return self.say(Text::new("availability-too-long"));
                } else {
                    self.v.availability =
                        Some(readable_sentence(&short(text, MAX_AVAILABILITY_CHARS)));
                }
                if self.v.conversation.editing {
                    self.finish_edit();
                } else {
                    self.finish();
                }
            }
            Step::Ready | Step::EditMenu | Step::ConfirmErase { .. } => {}
        }
    }

    fn domains_given(&mut self, d: Domains) {
        self.v.domains = d;
        // Availability given in the first message: nothing more to ask.
        if !self.v.conversation.editing && self.v.availability.is_some() {
            self.finish();
        } else {
            self.advance(Step::Availability);
        }
    }

    /// Puts `t` in front of the reply just queued: one message when both fit one SMS, else
    /// two.
    pub(super) fn lead_last_with(&mut self, t: Text) {
        let Some(last) = self.replies.pop() else {
            return self.say(t);
        };
        let mut lead = Reply::text(t);
        lead.about = last.about;
        self.replies.push(lead);
        self.lead_last_with_reply(last);
    }

    /// Joins `next` (its text and its buttons) to the reply just queued when both fit one
    /// SMS; else queues it after.
    pub(super) fn lead_last_with_reply(&mut self, mut next: Reply) {
        let lang = self.v.lang;
        let fits = |a: &Reply, b: &Reply| {
            crate::render::reply_text(lang, a).chars().count()
                + 1
                + crate::render::reply_text(lang, b).chars().count()
                <= SMS_CHARS
        };
        match self.replies.last_mut() {
            Some(last) if last.choices.is_empty() && fits(last, &next) => {
                last.parts.append(&mut next.parts);
                last.choices = next.choices;
                last.multi_select = next.multi_select;
            }
            _ => self.replies.push(next),
        }
    }

    /// An age instead of a yes or a no: under the département's minimum, said plainly
    /// (remote missions only, the moderators see the age); 70 and over, remote only; else on
    /// site.
    fn age_given(&mut self, age: u32) {
        self.v.conversation.age = Some(age);
        let dep = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.clone())
            .unwrap_or_default();
        let min_age = self.ctx.coverage.min_age(&dep);
        if age < min_age {
            self.v.on_site = Some(false);
            let mut remote = Domains::default();
            remote.insert(Domain::KeepingInTouch);
            self.v.domains = remote;
            self.say(
                Text::new("age-under-min")
                    .arg("age", i64::from(age))
                    .arg("min_age", i64::from(min_age)),
            );
            return self.advance(Step::Availability);
        }
        self.set_on_site(age < 70);
    }

    fn set_on_site(&mut self, on_site: bool) {
        let before = self.v.on_site;
        self.v.on_site = Some(on_site);
        let editing = self.v.conversation.editing;
        if !on_site {
            // Only "keeping in touch" missions are done from home: no need to ask which.
            let mut remote = Domains::default();
            remote.insert(Domain::KeepingInTouch);
            self.v.domains = remote;
            self.say(Text::new("remote-only"));
            return self.advance(Step::Availability);
        }
        if editing && before == Some(false) {
            // On site after remote only: not what the moderators validated.
            self.v.conversation.review = true;
        }
        if editing && before == Some(true) {
            return self.finish_edit();
        }
        // Newly on site: every domain is possible now, ask which (also while editing).
        self.v.conversation.step = Step::Domains;
        self.prompt();
    }

    /// MODIFIER's menu: a number (or the word) of what to change.
    pub(super) fn edit_menu(&mut self, text: &str) {
        let key = fold(text);
        let choice = keywords::number(text).or(match key.as_str() {
            "prenom" | "nom" | "name" | "first name" => Some(1),
            "commune" | "ville" | "adresse" | "lieu" | "town" | "place" | "code postal" => Some(2),
            "sur place" | "distance" | "a distance" | "remote" | "on site" | "age" | "sante" => {
                Some(3)
            }
            "domaines" | "types" | "domains" => Some(4),
            "disponibilites" | "dispo" | "dispos" | "availability" => Some(5),
            _ => None,
        });
        match choice {
            Some(1) => self.next(Step::FirstName),
            Some(2) => self.next(Step::Place),
            Some(3) => self.next(Step::OnSite),
            Some(4) if self.v.on_site != Some(true) => {
                self.say(Text::new("edit-remote-domains"));
                self.prompt();
            }
            Some(4) => self.next(Step::Domains),
            Some(5) => self.next(Step::Availability),
            _ => {
                self.say(Text::new("edit-menu-reask").arg("max", EDIT_OPTIONS));
            }
        }
    }

    /// Registering: the next question. Changing one thing (MODIFIER): done.
    fn advance(&mut self, step: Step) {
        if self.v.conversation.editing {
            self.finish_edit();
        } else {
            self.next(step);
        }
    }

    /// The one change asked for is made: back to browsing, or to the moderators if the change
    /// goes beyond what they validated.
    fn finish_edit(&mut self) {
        self.v.conversation.editing = false;
        self.v.conversation.step = Step::Ready;
        self.v.conversation.shown.clear();
        self.v.conversation.seen = 0;
        if self.v.conversation.review && self.v.status == VolunteerStatus::Validated {
            return self.send_back_to_review();
        }
        self.v.conversation.review = false;
        let name = self.v.first_name.clone().unwrap_or_default();
        self.say(Text::new("profile-updated").arg("name", name));
    }

    /// Whether the volunteer's (new) département validates volunteers automatically.
    fn auto_validates(&self) -> bool {
        self.v
            .place
            .as_ref()
            .is_some_and(|p| self.ctx.coverage.auto_validates(&p.departement))
    }

    /// Fills what the first message said, confirms it, and asks the first question left.
    fn fill_from_intro(&mut self, intro: super::Intro) {
        let mut noted = Vec::new();
        if let Some(name) = intro.name.as_deref().and_then(first_name) {
            noted.push(name.clone());
            self.v.first_name = Some(name);
        }
        let mut place_set = false;
        if let Some(place) = &intro.place {
            let g = Gazetteer::get();
            // Only an unambiguous commune near here; anything else is asked as usual.
            if let Resolution::Found(c) = g.resolve(&place_words(place), self.ctx.home_departement)
                && !self.is_far(c)
            {
                noted.push(format!("{} ({})", c.name, c.departement));
                self.v.place = Some(Place {
                    insee: c.insee.to_string(),
                    commune: c.name.to_string(),
                    departement: c.departement.to_string(),
                    point: c.point,
                });
                place_set = true;
            }
        }
        if let Some(a) = &intro.availability {
            let a = clean(a, Kind::Line);
            if !a.is_empty() && a.chars().count() <= MAX_AVAILABILITY_CHARS {
                noted.push(a.clone());
                self.v.availability = Some(readable_sentence(&a));
            }
        }
        let step = if self.v.first_name.is_none() {
            Step::FirstName
        } else if !place_set {
            Step::Place
        } else {
            Step::OnSite
        };
        self.next(step.clone());
        // What was understood, with the next question in the same SMS when it fits. A name
        // alone goes without: "Merci, Chloé ! Où habitez-vous ?" already says it was heard.
        if place_set && !self.departement_open() {
            let dep = self.v.place.as_ref().map(|p| p.departement.clone());
            let t = self.served_args(
                Text::new("departement-not-open").arg("departement", dep.unwrap_or_default()),
            );
            self.lead_last_with(t);
        }
        let name_only = noted.len() == 1 && self.v.first_name.is_some() && step == Step::Place;
        if !noted.is_empty() && !name_only {
            self.lead_last_with(Text::new("intro-noted").arg("noted", readable(&noted.join(", "))));
        }
    }

    /// Whether someone can validate and answer volunteers of the volunteer's département.
    pub(super) fn departement_open(&self) -> bool {
        self.v
            .place
            .as_ref()
            .is_none_or(|p| self.ctx.coverage.is_open(&p.departement))
    }

    /// Adds which départements Renfort serves: `served` ("59, 62"; empty: none yet).
    /// Where Renfort is open, as people read it: "Pas-de-Calais (62)", not a bare "62"; by
    /// number alone when the names would not fit a message.
    pub(super) fn served_args(&self, t: Text) -> Text {
        let served = self.ctx.coverage.served();
        let g = Gazetteer::get();
        let named = served
            .iter()
            .map(|d| match g.departement_name(d) {
                Some(name) => format!("{} ({d})", readable(name)),
                None => d.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let listed = if named.chars().count() <= 40 {
            named
        } else {
            served.join(", ")
        };
        t.arg("served", listed).arg("served_count", served.len())
    }

    /// Pending again: the département's moderators look at the new profile. Intents already
    /// relayed (and missions accepted) stay; new ones wait for the validation.
    pub(super) fn send_back_to_review(&mut self) {
        self.v.conversation.review = false;
        if self.v.status != VolunteerStatus::Validated {
            return;
        }
        if self.auto_validates() {
            // The (new) département validates automatically: nothing for a moderator to do.
            let name = self.v.first_name.clone().unwrap_or_default();
            return self.say(Text::new("profile-updated").arg("name", name));
        }
        self.v.status = VolunteerStatus::Pending;
        self.effects.push(Effect::ProfileToReview);
        let dep = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.clone())
            .unwrap_or_default();
        if self.departement_open() {
            self.say(Text::new("profile-review").arg("departement", dep));
        } else {
            let t = self.served_args(Text::new("profile-review-not-open").arg("departement", dep));
            self.say(t);
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
        let dep = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.clone())
            .unwrap_or_default();
        // Remote only: the missions are not "près de chez vous".
        let onsite = if self.v.on_site == Some(true) {
            "yes"
        } else {
            "no"
        };
        if self.auto_validates() {
            self.v.status = VolunteerStatus::Validated;
            self.say(
                Text::new("registered-validated")
                    .arg("name", name)
                    .arg("onsite", onsite),
            );
        } else if !self.departement_open() {
            // Kept for the day a moderator is named there: the queue lists it then.
            self.v.status = VolunteerStatus::Pending;
            self.effects.push(Effect::RegistrationComplete);
            let t = self.served_args(
                Text::new("registered-not-open")
                    .arg("name", name)
                    .arg("departement", dep),
            );
            self.say(t);
        } else {
            self.v.status = VolunteerStatus::Pending;
            self.effects.push(Effect::RegistrationComplete);
            self.say(
                Text::new("registered-pending")
                    .arg("name", name)
                    .arg("departement", dep)
                    .arg("onsite", onsite),
            );
        }
    }

    fn place_text(&mut self, text: &str) {
        // "Oui", "Bonjour", "merci", their own first name, a link: not a place. Say what is
        // expected rather than offering a far-away commune that happens to look alike.
        let name_given = self.v.first_name.as_deref().map(fold);
        if yes_no(text).is_some()
            || keywords::is_greeting(text)
            || keywords::is_thanks(text)
            || (name_given.is_some() && name_given == Some(fold(text)))
            || looks_like_link(text)
        {
            self.v.conversation.step = Step::Place;
            let t = self.with_place_example(Text::new("place-reask"));
            return self.say(t);
        }
        let g = Gazetteer::get();
        let prefer = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.clone())
            .or(self.ctx.home_departement.map(str::to_string));
        let wanted = place_words(text);
        self.v.conversation.place_from = 0;
        self.v.conversation.place_formers.clear();
        // "J'habite à Boulogne-sur-Mer, dans la haute ville": the place before the comma,
        // when it is one commune near here; else the whole, and the part before the comma
        // when the whole is no place ("I live in Arras, near the station").
        let before = text
            .split_once([',', '.', ';', '('])
            .map(|(a, _)| place_words(a))
            .filter(|a| !a.trim().is_empty());
        let near_before = before
            .as_deref()
            .and_then(|b| match g.resolve(b, prefer.as_deref()) {
                Resolution::Found(c) if !self.is_far(c) => Some(c),
                _ => None,
            });
        let resolution = match near_before {
            Some(c) => Resolution::Found(c),
            None => g.resolve(&wanted, prefer.as_deref()),
        };
        let resolution = match resolution {
            Resolution::NotFound(near) => match before.as_deref() {
                Some(before) if before != wanted => match g.resolve(before, prefer.as_deref()) {
                    Resolution::NotFound(_) => Resolution::NotFound(near),
                    found => found,
                },
                _ => Resolution::NotFound(near),
            },
            found => found,
        };
        match resolution {
            Resolution::Area(area) => {
                // "Pas-de-Calais": which commune in it? The example is its largest.
                self.v.conversation.place_options.clear();
                self.v.conversation.step = Step::Place;
                let example = area
                    .departements
                    .iter()
                    .filter_map(|d| g.largest_in(d))
                    .max_by_key(|c| c.population);
                let (code, town) = example
                    .map(|c| (c.postal_codes.first().copied().unwrap_or(""), c.name))
                    .unwrap_or(("75001", "Paris"));
                self.say(
                    Text::new("place-area")
                        .arg("area", readable(area.name))
                        .arg("example_code", code)
                        .arg("example_town", readable(town)),
                );
            }
            Resolution::Found(c) if self.is_far(c) => {
                // An exact name far from here: ask rather than assume (a first name that is
                // also a commune somewhere, say).
                self.v.conversation.place_options = vec![c.insee.to_string()];
                self.v.conversation.step = Step::ChoosePlace;
                let reply =
                    self.options_reply(Text::new("place-far").arg("input", short(text, 30)));
                self.replies.push(reply);
            }
            Resolution::Found(c) => {
                self.set_place(c);
                // "Huby-Saint-Leu" → Hesdin-la-Forêt: say that the old name led there.
                // Only where the message still fits one SMS.
                if let Some(former) = g.former_name_matched(c, &wanted) {
                    let lang = self.v.lang;
                    for reply in &mut self.replies {
                        let mut said = reply.clone();
                        for part in &mut said.parts {
                            if part.id == "place-found" {
                                part.id = "place-found-former".into();
                                part.args.push(("former".into(), readable(former).into()));
                            }
                        }
                        if said != *reply && reply_text(lang, &said).chars().count() <= SMS_CHARS {
                            *reply = said;
                        }
                    }
                }
            }
            Resolution::Choose(list) => {
                let far = list.iter().all(|c| self.is_far(c));
                let list = grouped_by_departement(list);
                self.v.conversation.place_formers = list
                    .iter()
                    .filter_map(|c| {
                        let former = g.former_name_matched(c, &wanted)?;
                        Some((c.insee.to_string(), former.to_string()))
                    })
                    .collect();
                self.v.conversation.place_options = list
                    .iter()
                    .take(MAX_LISTED_PLACES)
                    .map(|c| c.insee.to_string())
                    .collect();
                self.v.conversation.step = Step::ChoosePlace;
                if far {
                    // "Noé": communes of that name exist, all far from here. Ask, saying so.
                    let reply = self.options_reply(
                        Text::new("place-far-several").arg("input", short(text, 30)),
                    );
                    self.replies.push(reply);
                } else {
                    self.place_options_prompt();
                }
            }
            Resolution::NotFound(suggestions) if !suggestions.is_empty() => {
                self.v.conversation.place_options = suggestions
                    .iter()
                    .take(3)
                    .map(|c| c.insee.to_string())
                    .collect();
                self.v.conversation.step = Step::ChoosePlace;
                let reply = self
                    .options_reply(Text::new("place-did-you-mean").arg("input", short(text, 30)));
                self.replies.push(reply);
            }
            Resolution::NotFound(_) => {
                self.v.conversation.step = Step::Place;
                let id = if text.trim().is_empty() {
                    "place-empty"
                } else {
                    "place-not-found"
                };
                let t = self.with_place_example(Text::new(id).arg("input", short(text, 30)));
                self.say(t);
            }
        }
    }

    /// Far from the deployment's (or the volunteer's) département: more than a neighbour.
    fn is_far(&self, c: &Commune) -> bool {
        let home = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.as_str())
            .or(self.ctx.home_departement);
        let Some(home) = home else { return false };
        if c.departement == home {
            return false;
        }
        match Gazetteer::get().departement_centre(home) {
            Some(centre) => centre.distance_km(&c.point) > FAR_KM,
            None => false,
        }
    }

    /// Adds "62100 ou Calais" to a question: the biggest commune of the volunteer's (or the
    /// deployment's) département, so the example looks like what people around here answer.
    pub(super) fn with_place_example(&self, t: Text) -> Text {
        let dep = self
            .v
            .place
            .as_ref()
            .map(|p| p.departement.as_str())
            .or(self.ctx.home_departement);
        let g = Gazetteer::get();
        let (code, name) = dep
            .and_then(|d| g.largest_in(d))
            .map(|c| (c.postal_codes.first().copied().unwrap_or("75001"), c.name))
            .unwrap_or(("75001", "Paris"));
        t.arg("example_code", code)
            .arg("example_town", readable(name))
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
        let before = self.v.place.as_ref().map(|p| p.departement.clone());
        self.v.place = Some(Place {
            insee: c.insee.to_string(),
            commune: c.name.to_string(),
            departement: c.departement.to_string(),
            point: c.point,
        });
        self.v.conversation.place_options.clear();
        self.v.conversation.shown.clear();
        self.v.conversation.seen = 0;
        if self.v.conversation.editing {
            if before.as_deref() != Some(c.departement) {
                self.v.conversation.review = true;
            }
            let found = Text::new("place-found")
                .arg("commune", readable(c.name))
                .arg("departement", c.departement);
            self.finish_edit();
            // "C'est noté : Lens (62)." travels with what follows when it fits one message.
            if let Some(last) = self.replies.last_mut()
                && last.parts[0].id == "profile-updated"
            {
                last.parts.insert(0, found);
            } else {
                self.replies.insert(0, Reply::text(found));
            }
            return;
        }
        self.say(
            Text::new("place-found")
                .arg("commune", readable(c.name))
                .arg("departement", c.departement),
        );
        self.v.conversation.step = Step::OnSite;
        // The confirmation and the next question travel together.
        let mut confirmation = self.replies.pop().expect("just pushed").parts;
        if !self.departement_open() {
            // Told at once, with the commune, before any more questions: nobody there
            // validates or calls yet. The question follows on its own.
            let t = self
                .served_args(Text::new("departement-not-open").arg("departement", c.departement));
            confirmation.push(t);
            self.replies.push(Reply {
                parts: confirmation,
                choices: Vec::new(),
                multi_select: false,
                about: None,
            });
            return self.prompt();
        }
        self.prompt();
        let question = self.replies.last_mut().expect("just prompted");
        let mut parts = confirmation;
        parts.append(&mut question.parts);
        question.parts = parts;
    }

    pub(super) fn place_options_prompt(&mut self) {
        let reply = self.options_reply(Text::new("place-choose"));
        self.replies.push(reply);
    }

    /// More homonyms than shown so far.
    pub(super) fn has_more_places(&self) -> bool {
        let c = &self.v.conversation;
        c.place_options.len() > c.place_seen
    }

    /// PLUS while choosing: the next page of homonyms.
    pub(super) fn more_places(&mut self) {
        self.v.conversation.place_from = self.v.conversation.place_seen;
        self.place_options_prompt();
    }

    /// The options from `place_from` on, as many as fit one SMS (at most four), numbered
    /// across pages; notes how far the volunteer has seen.
    fn options_reply(&mut self, header: Text) -> Reply {
        let g = Gazetteer::get();
        let lang = self.v.lang;
        let i18n = I18n::get();
        let conversation = &self.v.conversation;
        let total = conversation.place_options.len();
        let first = conversation.place_from.min(total.saturating_sub(1));
        // Homonyms that need more than one message say how many there are.
        let header = if header.id == "place-choose" && total > MAX_PLACE_OPTIONS {
            Text::new("place-choose-count").arg("count", total)
        } else {
            header
        };
        let mut used = i18n.format(lang, &header).chars().count();
        let mut parts = vec![header];
        let mut choices = Vec::new();
        let mut end = first;
        for (i, insee) in conversation
            .place_options
            .iter()
            .enumerate()
            .skip(first)
            .take(MAX_PLACE_OPTIONS)
        {
            let Some(c) = g.by_insee(insee) else {
                end = i + 1;
                continue;
            };
            let former = conversation
                .place_formers
                .iter()
                .find(|(code, _)| code == insee)
                .map(|(_, name)| name.as_str());
            let (line, label) = match former {
                Some(f) => (
                    Text::new("place-option-former").arg("former", readable(f)),
                    Text::new("place-option-label-former").arg("former", f),
                ),
                None => (Text::new("place-option"), Text::new("place-option-label")),
            };
            let line = line
                .arg("n", i + 1)
                .arg("commune", readable(c.name))
                .arg("departement", c.departement);
            let footer = if i + 1 < total {
                "place-choose-more"
            } else {
                "place-choose-footer"
            };
            let width = i18n.format(lang, &line).chars().count() + 1;
            let footer_width = i18n.format(lang, &Text::new(footer)).chars().count() + 1;
            // Keep one SMS: stop before a line that would push the footer out (one line always).
            if i > first && used + width + footer_width > SMS_CHARS {
                break;
            }
            used += width;
            choices.push(Choice {
                label: label
                    .arg("commune", c.name)
                    .arg("departement", c.departement),
                payload: (i + 1).to_string(),
            });
            parts.push(line);
            end = i + 1;
        }
        self.v.conversation.place_seen = end;
        parts.push(Text::new(if total > end {
            "place-choose-more"
        } else {
            "place-choose-footer"
        }));
        Reply {
            parts,
            choices,
            multi_select: false,
            about: None,
        }
    }

    pub(super) fn profile(&mut self) {
        let v = &self.v;
        let i18n = I18n::get();
        // Domain names in the reader's language, so PROFIL says "Aide alimentaire", not "1".
        let domains: Vec<String> = v
            .domains
            .iter()
            .map(|d| {
                i18n.format(
                    v.lang,
                    &Text::new("domain-name").arg("domain", i64::from(d.number())),
                )
            })
            .collect();
        let place = v.place.as_ref();
        let t = Text::new("profile")
            .arg("name", v.first_name.clone().unwrap_or_default())
            .arg(
                "commune",
                place.map(|p| readable(&p.commune)).unwrap_or_default(),
            )
            .arg(
                "departement",
                place.map(|p| p.departement.clone()).unwrap_or_default(),
            )
            .arg("radius", v.radius_km)
            .arg("domains", domains.join(", "))
            .arg("onsite", if v.on_site == Some(true) { "yes" } else { "no" })
            .arg(
                "availability",
                v.availability.as_deref().map(readable).unwrap_or_default(),
            )
            .arg(
                "has_availability",
                if v.availability.is_some() {
                    "yes"
                } else {
                    "no"
                },
            )
            .arg("status", v.status.as_str());
        self.say(t);
    }
}

/// "Je m'appelle Odette", "c'est Odette", "moi c'est Odette", "my name is Odette": the name.
const NAME_LEADS: &[&str] = &[
    "je vous l ai dit",
    "je vous ai dit",
    "je l ai dit",
    "j ai dit",
    "je vous l ai deja dit",
    "deja dit",
    "comme je l ai dit",
    "i told you",
    "i already told you",
    "je m appelle",
    "je m apelle",
    "je m appel",
    "moi c est",
    "c est",
    "mon prenom est",
    "mon prenom c est",
    "mon prenom",
    "prenom",
    "je suis",
    "my name is",
    "my first name is",
    "i m",
    "i am",
    "it s",
    "call me",
    "moi",
    "bonjour",
    "bonsoir",
    "salut",
    "hello",
    "hi",
];

/// A first name: letters of any script, spaces, hyphens and apostrophes; no digits, no links.
/// Typed all in capitals or all in small letters, it is stored as people write names:
/// "ODETTE" and "odette" become "Odette", "JEAN-PIERRE" "Jean-Pierre".
pub(super) fn first_name(text: &str) -> Option<String> {
    let mut name: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    name = name.trim_end_matches(['.', '!', ',']).to_string();
    if looks_like_link(&name) {
        return None;
    }
    // Strip the lead-in with the words as typed: fold() only to compare.
    loop {
        let folded = fold(&name);
        if NAME_LEADS.contains(&folded.as_str()) {
            return None;
        }
        let Some(lead) = NAME_LEADS
            .iter()
            .find(|l| folded.starts_with(&format!("{l} ")))
        else {
            break;
        };
        let lead_words = lead.split(' ').count();
        // Skip as many typed words as the lead has folded words, counting "m'appelle" as two.
        let mut skipped = 0;
        let mut rest = name.as_str();
        while skipped < lead_words {
            let word_end = rest.find([' ', '\'', '’']).unwrap_or(rest.len());
            rest = rest[word_end..].trim_start_matches([' ', '\'', '’', ',', ':']);
            skipped += 1;
        }
        if rest.is_empty() {
            return None;
        }
        name = rest.to_string();
    }
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS {
        return None;
    }
    let ok = name
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.'));
    if !ok
        || !name.chars().any(char::is_alphabetic)
        || yes_no(&name).is_some()
        || keywords::is_greeting(&name)
        || keywords::is_thanks(&name)
        || name.split(' ').count() > 4
    {
        return None;
    }
    Some(readable_case(&name.replace('’', "'")))
}

/// All capitals or all small letters → capital initials ("JEAN-PIERRE" → "Jean-Pierre");
/// a name typed with mixed case ("McKenzie") is left as typed.
fn readable_case(text: &str) -> String {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = letters.iter().all(|c| !c.is_lowercase());
    let all_lower = letters.iter().all(|c| !c.is_uppercase());
    if letters.len() < 2 || !(all_upper || all_lower) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = matches!(c, ' ' | '-' | '\'');
    }
    out
}

/// A sentence typed all in capitals ("SOIRS ET WEEK-END") gets a capital and small letters.
fn readable_sentence(text: &str) -> String {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || text.chars().any(char::is_lowercase) {
        return text.to_string();
    }
    let mut chars = text.chars();
    let first: String = chars.next().into_iter().collect();
    format!("{first}{}", chars.as_str().to_lowercase())
}

/// "http://…", "www.…", "x.fr": a link, never a name or a place.
fn looks_like_link(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("://")
        || t.contains("www.")
        || t.contains('@')
        || [".fr", ".com", ".net", ".org", ".io", ".ly"]
            .iter()
            .any(|tld| t.contains(tld))
}

/// Words after "I'm" or "je m'appelle" that do not start a name.
const NOT_NAMES: &[&str] = &[
    "available",
    "disponible",
    "dispo",
    "from",
    "in",
    "at",
    "a",
    "à",
    "interested",
    "looking",
    "here",
    "happy",
    "free",
    "living",
    "volunteering",
    "ready",
    "willing",
    "able",
    "not",
];

/// What a first message already says ("Bonjour je m'appelle Jeanine, j'habite à Bruay et je
/// suis dispo le matin"), if it names a person or a place.
pub(super) fn intro(text: &str) -> Option<super::Intro> {
    let t = text.to_lowercase().replace('’', "'");
    // The words after the first lead found, up to a comma, a full stop or the next clause.
    let after = |leads: &[&str]| -> Option<String> {
        leads.iter().find_map(|lead| {
            let at = t
                .match_indices(lead)
                .find(|(i, _)| *i == 0 || t[..*i].ends_with([' ', ',', '.', '!', '\n']))?;
            let rest = &t[at.0 + lead.len()..];
            let mut end = rest
                .find([',', '.', '!', ';', '?', '\n'])
                .unwrap_or(rest.len());
            for clause in [
                " et ", " and ", " je ", " j'", " i ", " mais ", " but ", " pas ", " not ",
            ] {
                if let Some(c) = rest[..end].find(clause) {
                    end = c;
                }
            }
            // "Gérard pas j'habite à Lens": a clause word left at the end is not the name's.
            let mut words = rest[..end].trim();
            for tail in [" pas", " not", " mais", " but", " et", " and"] {
                words = words.strip_suffix(tail).unwrap_or(words).trim_end();
            }
            (!words.is_empty()).then(|| words.to_string())
        })
    };
    let intro = super::Intro {
        name: after(&[
            "je m'appelle ",
            "je m appelle ",
            "je m'apelle ",
            "moi c'est ",
            "mon prénom est ",
            "mon prenom est ",
            "mon prénom c'est ",
            "my name is ",
            "i'm ",
            "i am ",
        ])
        // "I'm available", "I'm from Lens": not a name.
        .filter(|n| {
            let first = n.split(' ').next().unwrap_or_default();
            !NOT_NAMES.contains(&first) && first_name(n).is_some()
        }),
        place: after(&[
            "j'habite à ",
            "j'habite a ",
            "j'habite au ",
            "j'habite en ",
            "j'habite sur ",
            "j'habite ",
            "je vis à ",
            "je vis a ",
            "je suis à ",
            "je suis a ",
            "i live in ",
            "i live at ",
        ]),
        availability: after(&[
            "je suis dispo ",
            "je suis disponible ",
            "dispo ",
            "disponible ",
            "i'm available ",
            "i am available ",
            "available ",
        ]),
    };
    (intro.name.is_some() || intro.place.is_some()).then_some(intro)
}

/// "J'habite à Lens", "je suis a Arras", "I live in Lens": the place alone.
/// Homonyms grouped by département, in the order the resolver ranked each département's best:
/// "Beaumont" lists the Puy-de-Dôme's, then Haute-Savoie's…, never interleaved.
fn grouped_by_departement(list: Vec<&Commune>) -> Vec<&Commune> {
    let mut order: Vec<&str> = Vec::new();
    for c in &list {
        if !order.contains(&c.departement) {
            order.push(c.departement);
        }
    }
    let mut out = list;
    out.sort_by_key(|c| order.iter().position(|d| *d == c.departement));
    out
}

fn place_words(text: &str) -> String {
    let leads = [
        // "je vous l'ai dit, Lens": impatience, then the place.
        "je vous l ai dit",
        "je vous l ai deja dit",
        "je l ai dit",
        "je l ai deja dit",
        "je vous ai dit",
        "j ai dit",
        "comme je l ai dit",
        "i told you",
        "i already told you",
        "as i said",
        "c est",
        "j habite a",
        "j habite au",
        "j habite",
        "je suis a",
        "je vis a",
        "je reside a",
        "i live in",
        "i live at",
        "i m in",
        "in",
        "a",
    ];
    let mut folded = fold(text);
    let mut stripped = false;
    // Leads may follow each other: "je vous l'ai dit, j'habite à Lens".
    'strip: loop {
        for lead in leads {
            if let Some(rest) = folded.strip_prefix(&format!("{lead} ")) {
                folded = rest.to_string();
                stripped = true;
                continue 'strip;
            }
        }
        break;
    }
    if stripped { folded } else { text.to_string() }
}

/// "1 3", "1,3", "13", "1 et 3", "le un et le trois": each of 1-4 at most once; anything
/// else is not an answer.
fn parse_domains(text: &str) -> Option<Domains> {
    // "13": two domains typed together, read digit by digit.
    let spread: Vec<String> = fold(text)
        .split(' ')
        .map(|w| {
            if w.len() > 1 && w.bytes().all(|b| b.is_ascii_digit()) {
                w.chars().map(String::from).collect::<Vec<_>>().join(" ")
            } else {
                w.to_string()
            }
        })
        .collect();
    let mut d = Domains::default();
    for n in keywords::numbers(&spread.join(" "))? {
        d.insert(Domain::from_number(n as i64)?);
    }
    (!d.is_empty()).then_some(d)
}

/// Missions named instead of numbered: "garde d'enfants et courses", "les courses", "aide
/// alimentaire", "tout". `None` when no mission is named, or when the message says what is
/// not wanted ("pas les enfants"): asked again rather than guessed.
fn domains_by_name(text: &str) -> Option<Domains> {
    const NAMES: &[(&[&str], Domain)] = &[
        (
            &[
                "alimentaire",
                "alimentation",
                "colis",
                "nourriture",
                "repas",
                "denrees",
                "epicerie",
                "food",
                "meals",
            ],
            Domain::Food,
        ),
        (
            &[
                "enfant",
                "enfants",
                "garde",
                "gardes",
                "enfance",
                "childcare",
                "children",
                "child",
                "kids",
                "babysitting",
            ],
            Domain::Childcare,
        ),
        (
            &[
                "isole",
                "isoles",
                "isolee",
                "isolees",
                "lien",
                "appel",
                "appels",
                "appeler",
                "telephone",
                "lettres",
                "isolated",
                "lonely",
                "touch",
                "calls",
            ],
            Domain::KeepingInTouch,
        ),
        (
            &[
                "courses",
                "course",
                "commissions",
                "voisins",
                "pharmacie",
                "medicaments",
                "shopping",
                "groceries",
                "errands",
            ],
            Domain::Shopping,
        ),
    ];
    let key = fold(text);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    if words.iter().any(|w| {
        matches!(
            *w,
            "pas" | "sauf" | "ni" | "non" | "not" | "no" | "except" | "but" | "mais" | "without"
        )
    }) {
        return None;
    }
    let mut d = Domains::default();
    if words
        .iter()
        .any(|w| matches!(*w, "tout" | "tous" | "toutes" | "all" | "everything"))
    {
        d.0 = Domain::ALL.iter().fold(0, |m, d| m | d.bit());
        return Some(d);
    }
    for (names, domain) in NAMES {
        if words.iter().any(|w| names.contains(w)) {
            d.insert(*domain);
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
        assert_eq!(
            first_name("Je vous l'ai dit c'est Jeanine"),
            Some("Jeanine".into())
        );
        assert_eq!(first_name("I told you, it's Ann"), Some("Ann".into()));
        assert_eq!(first_name(&"a".repeat(41)), None);
        assert_eq!(parse_domains("1 3").map(|d| d.0), Some(0b101));
        assert_eq!(parse_domains("1,3 et 4").map(|d| d.0), Some(0b1101));
        assert_eq!(parse_domains("13").map(|d| d.0), Some(0b101));
        assert_eq!(parse_domains("5"), None);
        assert_eq!(parse_domains("alimentaire"), None);
        assert_eq!(parse_domains("le un et le trois").map(|d| d.0), Some(0b101));
        assert_eq!(parse_domains("la deux").map(|d| d.0), Some(0b10));
        assert_eq!(parse_domains(""), None);
    }
}
