//! Browsing once registered: MISSIONS, PLUS, details by number, OUI n, RAYON n.

use super::keywords::{self, Keyword};
use super::{Choice, Effect, Offer, Reply, Step_};
use crate::domain::{Lang, MAX_RADIUS_KM, VolunteerStatus};
use crate::geo;
use crate::i18n::Text;
use crate::text::{fold, readable};

/// Missions per page: three fit in at most three SMS segments.
pub const PAGE: usize = 3;

/// What a Telegram button about one mission sends: `mission:<id>:help` or
/// `mission:<id>:details`. The button names the mission itself, not its place in a list, so
/// that a tap on an older list or details acts on the mission it was shown under.
pub const MISSION_BUTTON: &str = "mission:";

fn mission_button(id: i64, action: &str) -> String {
    format!("{MISSION_BUTTON}{id}:{action}")
}
/// Longest description shown in details, so that details stay within three segments.
const DESCRIPTION_CHARS: usize = 150;

impl Step_<'_> {
    pub(super) fn browse(&mut self, text: &str, keyword: Option<Keyword>, misunderstood: u8) {
        if let Some((id, action)) = text
            .strip_prefix(MISSION_BUTTON)
            .and_then(|rest| rest.split_once(':'))
            .and_then(|(id, action)| Some((id.parse::<i64>().ok()?, action)))
        {
            return match action {
                "help" => self.intent(id),
                _ => self.details(id),
            };
        }
        match keyword {
            Some(Keyword::Missions) => return self.list(0),
            Some(Keyword::More) => {
                let page = self.v.conversation.page + 1;
                if self.v.conversation.shown.is_empty() {
                    return self.list(0);
                }
                if page * PAGE >= self.v.conversation.shown.len() {
                    let t = self.end_of_list(Text::new("no-more-missions"));
                    return self.say(t);
                }
                return self.page(page);
            }
            Some(Keyword::Profile) => return self.profile(),
            Some(Keyword::MyMissions) => return self.my_missions(None),
            _ => {}
        }
        if let Some(n) = keywords::cancel_number(text) {
            // "annuler 2" before any MES MISSIONS: the numbers MES MISSIONS would show.
            if self.v.conversation.my_shown.is_empty() {
                self.v.conversation.my_shown = self.open_intents();
            }
            return match self.v.conversation.my_shown.get(n.wrapping_sub(1)) {
                Some(&id) if self.ctx.intents.iter().any(|i| i.mission_id == id) => {
                    self.effects.push(Effect::CancelIntent { mission_id: id });
                    self.v.conversation.my_shown.retain(|m| *m != id);
                    let title = self
                        .ctx
                        .intents
                        .iter()
                        .find(|i| i.mission_id == id)
                        .map(|i| readable(&i.title))
                        .unwrap_or_default();
                    self.say(Text::new("intent-cancelled").arg("title", title))
                }
                // Not a number of the list (maybe the one MISSIONS showed): the list, saying so.
                _ => self.my_missions(Some(n)),
            };
        }
        if let Some(n) = keywords::yes_number(text) {
            return match self.displayed(n) {
                Some(id) => self.intent(id),
                None => self.out_of_range(),
            };
        }
        if let Some(n) = keywords::number(text) {
            return match self.displayed(n) {
                Some(id) => self.details(id),
                None => self.out_of_range(),
            };
        }
        if let Some(radius) = keywords::radius(text) {
            return match radius {
                Some(km) if (1..=MAX_RADIUS_KM).contains(&km) => {
                    self.v.radius_km = km;
                    self.v.conversation.shown.clear();
                    self.v.conversation.seen = 0;
                    self.say(Text::new("radius-set").arg("radius", km));
                }
                _ => self.say(Text::new("radius-invalid").arg("max", MAX_RADIUS_KM)),
            };
        }
        // Thanks and greetings get a short polite answer that says what to send next.
        if keywords::is_thanks(text)
            && (self.v.conversation.detail.is_none() || keywords::yes_no(text).is_none())
        {
            return self.say(Text::new("you-are-welcome"));
        }
        if keywords::is_greeting(text) {
            let name = self.v.first_name.clone().unwrap_or_default();
            return self.say(Text::new("greeting-ready").arg("name", name));
        }
        match keywords::yes_no(text) {
            Some(true) => match self.v.conversation.detail {
                Some(id) => self.intent(id),
                None => self.say(Text::new("yes-without-mission")),
            },
            Some(false) => {
                self.v.conversation.detail = None;
                self.say(Text::new("no-thanks"));
            }
            None => match super::answers::topic(text) {
                Some(topic) => self.faq(topic),
                // A question the FAQ cannot answer goes to a person.
                None if super::answers::is_question(text) => self.ask_a_person(text),
                None => self.not_understood(misunderstood),
            },
        }
    }

    /// The missions MES MISSIONS numbers: intents not withdrawn nor declined.
    fn open_intents(&self) -> Vec<i64> {
        use crate::domain::ParticipationStatus as P;
        self.ctx
            .intents
            .iter()
            .filter(|i| matches!(i.status, P::Held | P::Sent | P::Contacted | P::Accepted))
            .take(PAGE * 2)
            .map(|i| i.mission_id)
            .collect()
    }

    /// MES MISSIONS: the volunteer's intents, numbered for ANNULER n. `missing`: the number
    /// an ANNULER named that the list does not hold.
    fn my_missions(&mut self, missing: Option<usize>) {
        let ids = self.open_intents();
        let open: Vec<_> = ids
            .iter()
            .filter_map(|id| self.ctx.intents.iter().find(|i| i.mission_id == *id))
            .collect();
        self.v.conversation.my_shown = open.iter().map(|i| i.mission_id).collect();
        if open.is_empty() {
            return self.say(Text::new("my-missions-none"));
        }
        let header = match missing {
            Some(n) => Text::new("my-missions-header-missing").arg("n", n),
            None => Text::new("my-missions-header"),
        };
        let mut parts = vec![header];
        for (n, i) in open.iter().enumerate() {
            parts.push(
                Text::new("my-mission-line")
                    .arg("n", n + 1)
                    .arg("title", readable(&i.title))
                    .arg("status", i.status.as_str())
                    .arg("phone", if self.ctx.without_phone { "no" } else { "yes" }),
            );
        }
        parts.push(Text::new("my-missions-footer"));
        self.replies.push(Reply {
            parts,
            choices: Vec::new(),
            multi_select: false,
            about: None,
        });
    }

    /// The mission numbered `n` on the lists displayed since the last MISSIONS, if it was
    /// displayed: numbers never shown mean nothing.
    fn displayed(&self, n: usize) -> Option<i64> {
        let c = &self.v.conversation;
        if n == 0 || n > c.seen {
            return None;
        }
        c.shown.get(n - 1).copied()
    }

    fn out_of_range(&mut self) {
        let seen = self
            .v
            .conversation
            .seen
            .min(self.v.conversation.shown.len());
        if seen == 0 {
            return self.say(Text::new("list-first"));
        }
        let more = seen < self.v.conversation.shown.len();
        self.say(
            Text::new("number-out-of-range")
                .arg("max", seen)
                .arg("more", if more { "yes" } else { "no" }),
        );
    }

    /// The end of the list: how many were shown, and how to look further (RAYON) when the
    /// volunteer can go on site.
    fn end_of_list(&self, t: Text) -> Text {
        let radius = self.v.radius_km;
        let wider = (radius + 10).min(MAX_RADIUS_KM);
        t.arg("count", self.v.conversation.shown.len())
            .arg("radius", radius)
            .arg("wider", wider)
            .arg(
                "onsite",
                if self.v.on_site == Some(true) && radius < MAX_RADIUS_KM {
                    "yes"
                } else {
                    "no"
                },
            )
    }

    fn list(&mut self, page: usize) {
        let offers: Vec<i64> = self
            .ctx
            .offers
            .iter()
            .filter(|o| !self.ctx.intents.iter().any(|i| i.mission_id == o.id))
            .map(|o| o.id)
            .collect();
        self.v.conversation.shown = offers;
        self.v.conversation.seen = 0;
        self.v.conversation.detail = None;
        // Where nobody can validate them, no offer to help could reach a structure: say where
        // Renfort is, rather than list missions whose OUI would be refused (nor send them
        // looking further with RAYON 20, 30, 40...).
        if (self.v.conversation.shown.is_empty() || self.v.status != VolunteerStatus::Validated)
            && !self.departement_open()
        {
            self.v.conversation.shown.clear();
            let dep = self
                .v
                .place
                .as_ref()
                .map(|p| p.departement.clone())
                .unwrap_or_default();
            let t = self.served_args(Text::new("no-missions-not-open").arg("departement", dep));
            return self.say(t);
        }
        if self.v.conversation.shown.is_empty() {
            let commune = self
                .v
                .place
                .as_ref()
                .map(|p| readable(&p.commune))
                .unwrap_or_default();
            let t = self.end_of_list(Text::new("no-missions").arg("commune", commune));
            return self.say(t);
        }
        self.page(page);
    }

    fn page(&mut self, page: usize) {
        self.v.conversation.page = page;
        let shown = &self.v.conversation.shown;
        let end = (page * PAGE + PAGE).min(shown.len());
        // A page of remote missions only (they come last) is not headed "près de chez vous".
        let near = shown[page * PAGE..end].iter().any(|id| {
            self.ctx
                .offers
                .iter()
                .any(|o| o.id == *id && o.commune.is_some())
        });
        let onsite = if self.v.on_site == Some(true) && near {
            "yes"
        } else {
            "no"
        };
        let mut parts = vec![Text::new("missions-header").arg("onsite", onsite)];
        let mut choices = Vec::new();
        for (i, id) in shown.iter().enumerate().take(end).skip(page * PAGE) {
            let n = i + 1;
            match self.ctx.offers.iter().find(|o| o.id == *id) {
                Some(o) => {
                    parts.push(offer_line(
                        n,
                        o,
                        self.v.lang,
                        self.has_twin(o),
                        self.approximate(),
                    ));
                    choices.push(Choice {
                        label: Text::new("choice-details").arg("n", n),
                        payload: mission_button(o.id, "details"),
                    });
                    choices.push(Choice {
                        label: Text::new("choice-help").arg("n", n),
                        payload: mission_button(o.id, "help"),
                    });
                }
                // Offered since the list was shown (its place taken by this very offer): said
                // so, not "plus disponible", which reads as if the offer had failed.
                None => match self.ctx.intents.iter().find(|i| i.mission_id == *id) {
                    Some(i) => parts.push(
                        Text::new("mission-line-offered")
                            .arg("n", n)
                            .arg("title", readable(&i.title)),
                    ),
                    None => parts.push(Text::new("mission-line-gone").arg("n", n)),
                },
            }
        }
        let more = end < shown.len();
        self.v.conversation.seen = self.v.conversation.seen.max(end);
        // The example names a line of this page, not always "OUI 1".
        let first = page * PAGE + 1;
        parts.push(if more {
            Text::new("missions-footer-more").arg("first", first)
        } else {
            self.end_of_list(Text::new("missions-footer-end").arg("first", first))
        });
        if more {
            choices.push(Choice {
                label: Text::new("choice-more"),
                payload: "PLUS".into(),
            });
        }
        self.replies.push(Reply {
            parts,
            choices,
            multi_select: false,
            about: None,
        });
    }

    fn details(&mut self, id: i64) {
        let Some(o) = self.ctx.offers.iter().find(|o| o.id == id) else {
            // Their own offer is not "no longer available".
            if self.ctx.intents.iter().any(|i| i.mission_id == id) {
                let phone = if self.ctx.without_phone { "no" } else { "yes" };
                return self.say(Text::new("intent-already").arg("phone", phone));
            }
            return self.say(Text::new("mission-unavailable"));
        };
        self.v.conversation.detail = Some(id);
        let mut description: String = readable(&o.description);
        if description.chars().count() > DESCRIPTION_CHARS {
            description = description.chars().take(DESCRIPTION_CHARS - 3).collect();
            description.push_str("...");
        }
        let place = match (&o.commune, o.distance_km) {
            (Some(c), Some(d)) => distance_args(
                Text::new("mission-place").arg("commune", readable(c)),
                d,
                self.v.lang,
                self.approximate(),
            ),
            _ => Text::new("mission-remote"),
        };
        let reply = Reply {
            parts: vec![
                Text::new("mission-details")
                    .arg("title", readable(&o.title))
                    .arg("structure", readable(&o.structure))
                    .arg("schedule", readable(&o.schedule))
                    .arg("places", o.places_left)
                    .arg("description", description),
                place,
                Text::new("mission-details-footer"),
            ],
            choices: vec![Choice {
                label: Text::new("choice-help-this"),
                payload: mission_button(id, "help"),
            }],
            multi_select: false,
            about: None,
        };
        self.replies.push(reply);
    }

    fn intent(&mut self, id: i64) {
        if self.ctx.intents.iter().any(|i| i.mission_id == id) {
            let phone = if self.ctx.without_phone { "no" } else { "yes" };
            return self.say(Text::new("intent-already").arg("phone", phone));
        }
        if self.v.status == VolunteerStatus::Refused {
            return self.say(Text::new("intent-refused-volunteer"));
        }
        let Some(o) = self.ctx.offers.iter().find(|o| o.id == id) else {
            return self.say(Text::new("mission-unavailable"));
        };
        if self.v.status != VolunteerStatus::Validated && !self.departement_open() {
            // Held, it would take a place for ever: nobody there can validate the volunteer.
            let dep = self
                .v
                .place
                .as_ref()
                .map(|p| p.departement.clone())
                .unwrap_or_default();
            let t = self.served_args(Text::new("intent-not-open").arg("departement", dep));
            return self.say(t);
        }
        self.effects.push(Effect::Intent { mission_id: id });
        self.v.conversation.detail = None;
        let validated = self.v.status == VolunteerStatus::Validated;
        // Nobody is promised a call that no one can make: when no referent of the structure
        // can receive the alert, the volunteer hears so (the moderators are told at once by
        // the shell); on Telegram without a phone, one message says how the structure will
        // reach them, rather than a promised call followed by its contradiction.
        let (text, share_phone) = match (
            self.ctx.unalertable.contains(&id),
            validated,
            self.ctx.without_phone,
        ) {
            (true, _, _) => ("intent-no-referent", false),
            (false, true, false) => ("intent-sent", false),
            (false, false, false) => ("intent-held", false),
            (false, true, true) => ("intent-sent-no-phone", true),
            (false, false, true) => ("intent-held-no-phone", true),
        };
        let text = Text::new(text)
            .arg("title", readable(&o.title))
            .arg("structure", readable(&o.structure));
        if share_phone {
            self.replies
                .push(Reply::text(text).with_choices(vec![Choice {
                    label: Text::new("choice-share-phone"),
                    payload: super::SHARE_PHONE.into(),
                }]));
        } else {
            self.say(text);
        }
    }
}

/// One line of a list; `twin`: another mission on the list has the same title and place,
/// so the structure tells them apart; `approximate`: see [`distance_args`].
fn offer_line(n: usize, o: &Offer, lang: Lang, twin: bool, approximate: bool) -> Text {
    let t = match (&o.commune, o.distance_km) {
        (Some(c), Some(d)) => distance_args(
            Text::new(if twin {
                "mission-line-structure"
            } else {
                "mission-line"
            })
            .arg("commune", readable(c)),
            d,
            lang,
            approximate,
        ),
        _ => Text::new(if twin {
            "mission-line-remote-structure"
        } else {
            "mission-line-remote"
        }),
    };
    t.arg("n", n)
        .arg("title", readable(&o.title))
        .arg("structure", readable(&o.structure))
}

impl Step_<'_> {
    /// Whether another mission of the current list reads the same (title and place).
    fn has_twin(&self, o: &Offer) -> bool {
        let key = |x: &Offer| (fold(&x.title), x.commune.as_deref().map(fold));
        self.v.conversation.shown.iter().any(|id| {
            *id != o.id
                && self
                    .ctx
                    .offers
                    .iter()
                    .find(|x| x.id == *id)
                    .is_some_and(|x| key(x) == key(o))
        })
    }
}

impl Step_<'_> {
    /// The volunteer's commune has no point of its own (it was placed by a rule, several km
    /// off): distances from it are approximate.
    fn approximate(&self) -> bool {
        self.v
            .place
            .as_ref()
            .is_some_and(|p| geo::typical_error_km(&p.insee) > 0)
    }
}

/// The `km` and `approx` arguments of a distance. From an approximate point, whole kilometres
/// marked as such ("environ 8 km"): a decimal would claim a precision we do not have.
fn distance_args(text: Text, d: f64, lang: Lang, approximate: bool) -> Text {
    if approximate {
        text.arg("km", format!("{}", d.round().max(1.0) as i64))
            .arg("approx", "yes")
    } else {
        text.arg("km", rounded_km(d, lang)).arg("approx", "no")
    }
}

/// Kilometres with one decimal under 10 km, whole above: "1,2" in French, "1.2" in English.
fn rounded_km(d: f64, lang: Lang) -> String {
    if d < 1.0 {
        return "<1".into();
    }
    if d >= 10.0 {
        return format!("{}", d.round() as i64);
    }
    let s = format!("{:.1}", (d * 10.0).round() / 10.0);
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}
