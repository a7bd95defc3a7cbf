//! The conversation engine, sans-IO: a pure function of (stored volunteer, inbound event,
//! context read by the caller, clock value) returning (new volunteer, replies, effects).
//! No network, no database, no clock in here; the caller loads what the engine may need
//! (nearby offers, the volunteer's intents), persists the new state and carries out effects in
//! one transaction. Replies are channel-neutral: Fluent ids with arguments, plus choices that
//! Telegram shows as buttons and SMS leaves to the text.

mod answers;
mod browsing;
pub mod coverage;
pub mod flood;
pub mod followup;
mod keywords;
pub mod receipts;
mod registration;
pub mod staff;
#[cfg(test)]
mod tables;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::domain::{DEFAULT_RADIUS_KM, Domain, Domains, Lang, VolunteerStatus};
use crate::geo::Point;
use crate::i18n::Text;
pub use coverage::Coverage;
pub use keywords::Keyword;

/// A commune chosen by the volunteer, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub insee: String,
    pub commune: String,
    pub departement: String,
    pub point: Point,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub at: i64,
    pub terms_version: String,
}

/// The volunteer as the engine sees it: profile and conversation state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Volunteer {
    pub first_name: Option<String>,
    pub lang: Lang,
    pub place: Option<Place>,
    /// Adult under 70 in good health: may take missions on site. `false`: remote only.
    pub on_site: Option<bool>,
    pub domains: Domains,
    pub availability: Option<String>,
    pub radius_km: u32,
    pub status: VolunteerStatus,
    pub consent: Option<Consent>,
    /// This contact (phone or chat) opted out: nothing is sent until START.
    pub stopped: bool,
    pub conversation: Conversation,
}

impl Default for Volunteer {
    fn default() -> Self {
        Volunteer {
            first_name: None,
            lang: Lang::Fr,
            place: None,
            on_site: None,
            domains: Domains::default(),
            availability: None,
            radius_km: DEFAULT_RADIUS_KM,
            status: VolunteerStatus::Registering,
            consent: None,
            stopped: false,
            conversation: Conversation::default(),
        }
    }
}

/// Where the conversation stands, stored as JSON with the volunteer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Conversation {
    pub step: Step,
    pub greeted: bool,
    /// Changing the profile (MODIFIER) rather than registering.
    pub editing: bool,
    /// Candidate communes offered by number (all of them: homonyms are shown a page at a time).
    pub place_options: Vec<String>,
    /// The first of `place_options` on the page shown last, and how many were shown so far
    /// (a page holds what fits one SMS).
    #[serde(default)]
    pub place_from: usize,
    #[serde(default)]
    pub place_seen: usize,
    /// Options reached by the name of a commune merged into them: (INSEE code, that name).
    #[serde(default)]
    pub place_formers: Vec<(String, String)>,
    /// Missions listed by the last MISSIONS, numbered from 1 across pages.
    pub shown: Vec<i64>,
    pub page: usize,
    /// How many of `shown` were actually displayed: numbers past it were never seen, so
    /// "OUI 4" after a page of three is refused rather than taking an unseen mission.
    #[serde(default)]
    pub seen: usize,
    /// The change being made (MODIFIER) is one the validation did not cover: another
    /// département, or on site after remote only. The profile goes back to the moderators.
    #[serde(default)]
    pub review: bool,
    /// The mission whose details were shown last ("OUI" alone means this one).
    pub detail: Option<i64>,
    /// The volunteer's own intents as last listed by MES MISSIONS, for ANNULER n.
    #[serde(default)]
    pub my_shown: Vec<i64>,
    /// Messages not understood in a row: the second one offers a person.
    #[serde(default)]
    pub misunderstood: u8,
    /// What a first message already said (name, place, availability), kept until consent.
    #[serde(default)]
    pub intro: Option<Intro>,
    /// The age the volunteer gave when asked about missions on site, for the moderators.
    #[serde(default)]
    pub age: Option<u32>,
}

/// "Bonjour je m'appelle Jeanine, j'habite à Bruay et je suis dispo le matin": the parts of a
/// first message that answer questions to come, as typed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Intro {
    pub name: Option<String>,
    pub place: Option<String>,
    pub availability: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub enum Step {
    #[default]
    Consent,
    FirstName,
    Place,
    ChoosePlace,
    OnSite,
    Domains,
    Availability,
    Ready,
    /// MODIFIER: a short numbered menu of what to change.
    EditMenu,
    /// SUPPRIMER asked; OUI erases, anything else goes back to `resume`.
    ConfirmErase {
        resume: Box<Step>,
    },
}

/// What happened on the channel, already parsed by the adapter.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Text(String),
    /// A location shared on Telegram.
    Location(Point),
    /// A picture, sound or sticker without text: answered, never lost silently.
    Unsupported,
}

/// A mission the volunteer may be offered, prepared by the caller: open, matching the
/// volunteer's domains and on-site rule, within reach; nearest first, remote ones last.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub id: i64,
    pub title: String,
    pub structure: String,
    pub domain: Domain,
    /// `None` for a remote mission.
    pub commune: Option<String>,
    pub distance_km: Option<f64>,
    pub schedule: String,
    pub description: String,
    pub places_left: i64,
}

/// A mission the volunteer offered to help with.
#[derive(Debug, Clone, PartialEq)]
pub struct Intent {
    pub mission_id: i64,
    pub title: String,
    pub structure: String,
    pub status: crate::domain::ParticipationStatus,
}

/// What the caller read for this step.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub now: i64,
    pub terms_version: &'a str,
    pub terms_url: &'a str,
    /// The deployment's département, preferred among homonyms before the volunteer has one.
    pub home_departement: Option<&'a str>,
    /// Which départements are open, and how they validate volunteers: the rule of the
    /// département a volunteer registers in, or moves to.
    pub coverage: &'a Coverage,
    pub offers: &'a [Offer],
    /// Missions the volunteer already offered to help with (not withdrawn).
    pub intents: &'a [Intent],
    /// Missions whose structure has no referent who can receive an alert now (all stopped,
    /// unreachable or without an address): the volunteer is not promised a call.
    pub unalertable: &'a [i64],
    /// The volunteer writes from Telegram and Renfort has no phone of theirs: the structure
    /// cannot call, so the confirmation says how it will reach them instead.
    pub without_phone: bool,
    /// The message came by SMS, where carriers read CANCEL, END, QUIT as an opt-out (and
    /// Twilio blocks the number): there they must be one here too. On Telegram they are not.
    pub carrier_words: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub label: Text,
    /// What the choice sends back, as if typed.
    pub payload: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// Lines of the message, joined by a newline.
    pub parts: Vec<Text>,
    pub choices: Vec<Choice>,
    /// Several choices may be ticked before answering (Telegram: toggles and a Done button;
    /// the answer is the ticked payloads separated by spaces).
    #[serde(default)]
    pub multi_select: bool,
    /// The volunteer whose personal data (name, number) this message carries to someone
    /// else: SUPPRIMER blanks it in the outbox.
    #[serde(default)]
    pub about: Option<i64>,
}

impl Reply {
    pub fn text(t: Text) -> Reply {
        Reply {
            parts: vec![t],
            choices: Vec::new(),
            multi_select: false,
            about: None,
        }
    }

    pub fn with_choices(mut self, choices: Vec<Choice>) -> Reply {
        self.choices = choices;
        self
    }

    /// Marks the message as carrying volunteer `id`'s personal data.
    pub fn about(mut self, volunteer_id: i64) -> Reply {
        self.about = Some(volunteer_id);
        self
    }
}

/// Effects the caller carries out in the same transaction as the new state.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Stop this contact; the confirmation reply is the last message it gets.
    Stop,
    Resume,
    /// Erase the volunteer's personal data, keeping anonymous counts.
    Erase,
    /// Registration finished in a département whose moderators validate volunteers: the
    /// volunteer is pending and goes to them. (Where validation is automatic the volunteer is
    /// validated by the step itself and there is no effect.)
    RegistrationComplete,
    /// A validated profile changed beyond what was validated (another département, or on
    /// site after remote only): it is pending again and goes back to the moderators. Intents
    /// already relayed stay; new ones are held until the new validation.
    ProfileToReview,
    /// "I'll help" with this mission.
    Intent {
        mission_id: i64,
    },
    /// The volunteer withdraws their help.
    CancelIntent {
        mission_id: i64,
    },
    /// A question the FAQ does not answer, for a person: the referents of this mission's
    /// structure (an intent is open), else (`None`) the moderators of the volunteer's
    /// département. Cleaned and bounded.
    Question {
        mission_id: Option<i64>,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    pub volunteer: Volunteer,
    pub replies: Vec<Reply>,
    pub effects: Vec<Effect>,
}

impl Output {
    /// Whether carrying out this step writes nothing but the volunteer's new state and the
    /// replies: every effect reads or writes beyond the volunteer (a place, a contact, an
    /// alert, the moderators' queue), so a step without effects is plain. The shell writes
    /// plain steps together (see the service's group commit).
    pub fn is_plain(&self) -> bool {
        self.effects.is_empty()
    }

    /// Whether the replies are last words to a contact that stops or erases itself: they
    /// still leave although the contact is stopped.
    pub fn last_words(&self) -> bool {
        self.effects
            .iter()
            .any(|e| matches!(e, Effect::Stop | Effect::Erase))
    }
}

struct Step_<'a> {
    v: Volunteer,
    ctx: &'a Context<'a>,
    replies: Vec<Reply>,
    effects: Vec<Effect>,
}

/// Handles one inbound event.
pub fn handle(volunteer: &Volunteer, event: &Event, ctx: &Context) -> Output {
    let mut s = Step_ {
        v: volunteer.clone(),
        ctx,
        replies: Vec::new(),
        effects: Vec::new(),
    };
    s.dispatch(event);
    Output {
        volunteer: s.v,
        replies: s.replies,
        effects: s.effects,
    }
}

impl Step_<'_> {
    fn say(&mut self, t: Text) {
        self.replies.push(Reply::text(t));
    }

    fn dispatch(&mut self, event: &Event) {
        let text = match event {
            Event::Text(t) => t.as_str(),
            Event::Location(p) => {
                if self.v.stopped {
                    return;
                }
                return self.location(*p);
            }
            Event::Unsupported => {
                if !self.v.stopped {
                    self.say(Text::new("text-only"));
                }
                return;
            }
        };
        let keyword = Keyword::parse(text);

        // An opted-out contact gets nothing, whatever it sends, until START.
        if self.v.stopped {
            if keyword == Some(Keyword::Start) {
                self.v.stopped = false;
                self.effects.push(Effect::Resume);
                if self.v.conversation.step == Step::Ready {
                    self.say(Text::new("resumed-ready"));
                } else {
                    self.say(Text::new("resumed"));
                    self.prompt();
                }
            }
            return;
        }
        // "cancel" on Telegram, once registered: their offers, to withdraw one (by SMS it is
        // the carriers' opt-out word, and stays one).
        let telegram_cancel = !self.ctx.carrier_words
            && self.v.conversation.step == Step::Ready
            && crate::text::fold(text) == "cancel";
        let keyword = if telegram_cancel {
            Some(Keyword::MyMissions)
        } else {
            keyword
        };
        // STOP, or an opt-out in natural words ("stop svp", "arretez de m'ecrire"), at any step.
        if !telegram_cancel && (keyword == Some(Keyword::Stop) || keywords::is_opt_out(text)) {
            self.v.stopped = true;
            self.effects.push(Effect::Stop);
            self.say(Text::new("stopped"));
            return;
        }
        // Counted again only if this message is not understood either.
        let misunderstood = std::mem::take(&mut self.v.conversation.misunderstood);
        if !self.v.conversation.greeted {
            self.v.conversation.greeted = true;
            if keywords::sounds_english(text) {
                self.v.lang = Lang::En;
            }
            if let Some(Keyword::Language(Some(lang))) = keyword {
                self.v.lang = lang;
            }
            // Used once the terms are accepted, so nobody is asked again what they said.
            self.v.conversation.intro = registration::intro(text);
            return self.prompt();
        }
        // PLUS while choosing among homonyms shows the next ones.
        let more_places = keyword == Some(Keyword::More)
            && self.v.conversation.step == Step::ChoosePlace
            && self.has_more_places();
        // A change in progress (MODIFIER) gives way to browsing: nothing is blocked by it.
        if self.v.conversation.editing
            && !more_places
            && matches!(
                keyword,
                Some(Keyword::Missions | Keyword::More | Keyword::Profile | Keyword::MyMissions)
            )
        {
            self.leave_edit();
        }
        let ready = self.v.conversation.step == Step::Ready;
        match keyword {
            Some(Keyword::Start) => {
                if ready {
                    self.say(Text::new("already-active-ready"));
                } else {
                    self.then_prompt(Text::new("already-active"));
                }
            }
            Some(Keyword::Help) => {
                if ready {
                    self.say(Text::new("help"));
                } else {
                    // The help, then the pending question itself, so nobody has to guess it.
                    self.then_prompt(Text::new(if self.v.conversation.editing {
                        "help-editing"
                    } else {
                        "help-registering"
                    }));
                }
            }
            Some(Keyword::Language(lang)) => {
                self.v.lang = lang.unwrap_or(self.v.lang.other());
                self.say(Text::new(if ready {
                    "language-set-ready"
                } else {
                    "language-set"
                }));
                if !ready {
                    self.prompt();
                }
            }
            Some(Keyword::Delete) => {
                let resume = Box::new(self.v.conversation.step.clone());
                if !matches!(self.v.conversation.step, Step::ConfirmErase { .. }) {
                    self.v.conversation.step = Step::ConfirmErase { resume };
                }
                self.prompt();
            }
            _ if matches!(self.v.conversation.step, Step::ConfirmErase { .. }) => {
                self.confirm_erase(text)
            }
            Some(Keyword::Profile) if ready => self.profile(),
            Some(Keyword::Edit) if ready || self.v.conversation.editing => {
                self.v.conversation.editing = true;
                self.v.conversation.review = false;
                self.v.conversation.step = Step::EditMenu;
                self.prompt();
            }
            _ if more_places => self.more_places(),
            // "QUESTION …": for a person, wherever the volunteer stands.
            _ if answers::for_a_person(text).is_some() => {
                self.ask_a_person(&answers::for_a_person(text).unwrap_or_default());
                if !ready {
                    self.prompt();
                }
            }
            // "non je m'appelle Gérard": a correction of the name, at any later step.
            _ if keyword.is_none() && self.name_correction(text).is_some() => {
                let name = self.name_correction(text).unwrap_or_default();
                self.v.first_name = Some(name.clone());
                if ready {
                    self.say(Text::new("name-corrected-ready").arg("name", name));
                } else {
                    self.prompt();
                    self.lead_last_with(Text::new("name-corrected").arg("name", name));
                }
            }
            _ if ready => self.browse(text, keyword, misunderstood),
            // Keywords that need a finished registration: say so and ask the question again.
            Some(
                Keyword::Missions
                | Keyword::More
                | Keyword::Profile
                | Keyword::Edit
                | Keyword::MyMissions,
            ) => self.then_prompt(Text::new("registration-not-finished")),
            _ if keywords::is_thanks(text) && keywords::yes_no(text).is_none() => {
                self.then_prompt(Text::new("you-are-welcome-registering"))
            }
            // A question the FAQ answers, then the pending question itself (in the same
            // message when both fit).
            _ if answers::topic(text).is_some() => {
                if let Some(topic) = answers::topic(text) {
                    self.faq(topic);
                }
                self.prompt();
                if let Some(question) = self.replies.pop() {
                    self.lead_last_with_reply(question);
                }
            }
            _ if self.v.conversation.step == Step::EditMenu => self.edit_menu(text),
            _ => self.register(text),
        }
    }

    /// `t`, then the pending question: one message when both fit one SMS.
    fn then_prompt(&mut self, t: Text) {
        self.prompt();
        self.lead_last_with(t);
    }

    /// A first name given again in a sentence that says so ("non je m'appelle Gérard", "mon
    /// prénom c'est Gérard"), once the name was asked, and different from the one stored.
    fn name_correction(&self, text: &str) -> Option<String> {
        if matches!(
            self.v.conversation.step,
            Step::Consent | Step::FirstName | Step::EditMenu | Step::ConfirmErase { .. }
        ) {
            return None;
        }
        // Only words that name a name: "I'm ill" is no correction.
        let folded = crate::text::fold(text);
        if !["m appelle", "m apelle", "prenom", "my name", "name is"]
            .iter()
            .any(|w| folded.contains(w))
        {
            return None;
        }
        let name = registration::intro(text)?.name?;
        let name = registration::first_name(&name)?;
        let stored = self.v.first_name.as_deref().map(crate::text::fold);
        (stored != Some(crate::text::fold(&name))).then_some(name)
    }

    /// Drops a change in progress; what was already answered is kept.
    fn leave_edit(&mut self) {
        self.v.conversation.editing = false;
        self.v.conversation.place_options.clear();
        self.v.conversation.step = Step::Ready;
        if self.v.conversation.review {
            self.send_back_to_review();
        }
    }

    fn confirm_erase(&mut self, text: &str) {
        let Step::ConfirmErase { resume } = self.v.conversation.step.clone() else {
            return;
        };
        if keywords::yes_no(text) == Some(true) {
            let lang = self.v.lang;
            self.v = Volunteer {
                lang,
                status: VolunteerStatus::Erased,
                ..Volunteer::default()
            };
            self.effects.push(Effect::Erase);
            self.say(Text::new("erased"));
        } else {
            self.v.conversation.step = *resume;
            if self.v.conversation.step == Step::Ready {
                self.say(Text::new("erase-cancelled"));
            } else {
                self.say(Text::new("erase-cancelled-registering"));
                self.prompt();
            }
        }
    }

    /// Asks the question of the current step.
    fn prompt(&mut self) {
        let editing = self.v.conversation.editing;
        let reply = match &self.v.conversation.step {
            Step::Consent => Reply::text(
                Text::new("welcome-consent")
                    .arg("url", self.ctx.terms_url)
                    .arg("version", self.ctx.terms_version),
            )
            .with_choices(yes_no_choices()),
            Step::FirstName if editing => Reply::text(Text::new("edit-first-name")),
            Step::FirstName => Reply::text(Text::new("ask-first-name")),
            Step::Place => Reply::text(
                self.with_place_example(
                    Text::new(if editing { "edit-place" } else { "ask-place" })
                        .arg("name", self.v.first_name.clone().unwrap_or_default()),
                ),
            )
            .with_choices(share_choices()),
            Step::ChoosePlace => return self.place_options_prompt(),
            Step::OnSite => Reply::text(Text::new("ask-on-site")).with_choices(yes_no_choices()),
            Step::Domains => registration::domains_prompt(),
            Step::Availability => Reply::text(Text::new(if editing {
                "edit-availability"
            } else {
                "ask-availability"
            }))
            .with_choices(vec![Choice {
                label: Text::new("choice-skip"),
                payload: "PASSER".into(),
            }]),
            Step::Ready => Reply::text(Text::new("help")),
            Step::EditMenu => registration::edit_menu_prompt(),
            Step::ConfirmErase { .. } => {
                Reply::text(Text::new("confirm-erase")).with_choices(yes_no_choices())
            }
        };
        self.replies.push(reply);
    }
}

/// Payloads that ask the channel for the user's location or phone (Telegram's reply
/// keyboard); channels without such buttons ignore them.
pub const SHARE_LOCATION: &str = "@location";
pub const SHARE_PHONE: &str = "@phone";

fn share_choices() -> Vec<Choice> {
    vec![
        Choice {
            label: Text::new("choice-share-location"),
            payload: SHARE_LOCATION.into(),
        },
        Choice {
            label: Text::new("choice-share-phone"),
            payload: SHARE_PHONE.into(),
        },
    ]
}

pub(super) fn yes_no_choices() -> Vec<Choice> {
    vec![
        Choice {
            label: Text::new("choice-yes"),
            payload: "OUI".into(),
        },
        Choice {
            label: Text::new("choice-no"),
            payload: "NON".into(),
        },
    ]
}
