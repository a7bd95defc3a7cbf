//! Browsing once registered: MISSIONS, PLUS, details by number, OUI n, RAYON n.

use super::keywords::{self, Keyword};
use super::{Choice, Effect, Offer, Reply, Step_};
use crate::domain::{Lang, MAX_RADIUS_KM, VolunteerStatus};
use crate::i18n::Text;
use crate::text::plain_latin;

/// Missions per page: three fit in at most three SMS segments.
pub const PAGE: usize = 3;
/// Longest description shown in details, so that details stay within three segments.
const DESCRIPTION_CHARS: usize = 150;

impl Step_<'_> {
    pub(super) fn browse(&mut self, text: &str, keyword: Option<Keyword>) {
        match keyword {
            Some(Keyword::Missions) => return self.list(0),
            Some(Keyword::More) => {
                let page = self.v.conversation.page + 1;
                if self.v.conversation.shown.is_empty() {
                    return self.list(0);
                }
                if page * PAGE >= self.v.conversation.shown.len() {
                    return self.say(Text::new("no-more-missions"));
                }
                return self.page(page);
            }
            Some(Keyword::Profile) => return self.profile(),
            Some(Keyword::MyMissions) => return self.my_missions(),
            _ => {}
        }
        if let Some(n) = keywords::cancel_number(text) {
            return match self.v.conversation.my_shown.get(n.wrapping_sub(1)) {
                Some(&id) if self.ctx.intents.iter().any(|i| i.mission_id == id) => {
                    self.effects.push(Effect::CancelIntent { mission_id: id });
                    self.v.conversation.my_shown.retain(|m| *m != id);
                    let title = self
                        .ctx
                        .intents
                        .iter()
                        .find(|i| i.mission_id == id)
                        .map(|i| plain_latin(&i.title))
                        .unwrap_or_default();
                    self.say(Text::new("intent-cancelled").arg("title", title))
                }
                _ => self.my_missions(),
            };
        }
        if let Some(n) = keywords::yes_number(text) {
            return match self.v.conversation.shown.get(n.wrapping_sub(1)) {
                Some(&id) => self.intent(id),
                None => self.out_of_range(),
            };
        }
        if let Some(n) = keywords::number(text) {
            return match self.v.conversation.shown.get(n.wrapping_sub(1)) {
                Some(&id) => self.details(id),
                None => self.out_of_range(),
            };
        }
        if let Some(radius) = keywords::radius(text) {
            return match radius {
                Some(km) if (1..=MAX_RADIUS_KM).contains(&km) => {
                    self.v.radius_km = km;
                    self.v.conversation.shown.clear();
                    self.say(Text::new("radius-set").arg("radius", km));
                }
                _ => self.say(Text::new("radius-invalid").arg("max", MAX_RADIUS_KM)),
            };
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
            None => self.say(Text::new("not-understood")),
        }
    }

    /// MES MISSIONS: the volunteer's intents, numbered for ANNULER n.
    fn my_missions(&mut self) {
        use crate::domain::ParticipationStatus as P;
        let open: Vec<_> = self
            .ctx
            .intents
            .iter()
            .filter(|i| matches!(i.status, P::Held | P::Sent | P::Contacted | P::Accepted))
            .take(PAGE * 2)
            .collect();
        self.v.conversation.my_shown = open.iter().map(|i| i.mission_id).collect();
        if open.is_empty() {
            return self.say(Text::new("my-missions-none"));
        }
        let mut parts = vec![Text::new("my-missions-header")];
        for (n, i) in open.iter().enumerate() {
            parts.push(
                Text::new("my-mission-line")
                    .arg("n", n + 1)
                    .arg("title", plain_latin(&i.title))
                    .arg("status", i.status.as_str()),
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

    fn out_of_range(&mut self) {
        if self.v.conversation.shown.is_empty() {
            return self.say(Text::new("list-first"));
        }
        let max = self.v.conversation.shown.len();
        self.say(Text::new("number-out-of-range").arg("max", max));
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
        self.v.conversation.detail = None;
        if self.v.conversation.shown.is_empty() {
            let commune = self
                .v
                .place
                .as_ref()
                .map(|p| plain_latin(&p.commune))
                .unwrap_or_default();
            return self.say(
                Text::new("no-missions")
                    .arg("commune", commune)
                    .arg("radius", self.v.radius_km),
            );
        }
        self.page(page);
    }

    fn page(&mut self, page: usize) {
        self.v.conversation.page = page;
        let shown = &self.v.conversation.shown;
        let mut parts = vec![Text::new("missions-header")];
        let mut choices = Vec::new();
        let end = (page * PAGE + PAGE).min(shown.len());
        for (i, id) in shown.iter().enumerate().take(end).skip(page * PAGE) {
            let n = i + 1;
            match self.ctx.offers.iter().find(|o| o.id == *id) {
                Some(o) => {
                    parts.push(offer_line(n, o, self.v.lang));
                    choices.push(Choice {
                        label: Text::new("choice-details").arg("n", n),
                        payload: n.to_string(),
                    });
                    choices.push(Choice {
                        label: Text::new("choice-help").arg("n", n),
                        payload: format!("OUI {n}"),
                    });
                }
                None => parts.push(Text::new("mission-line-gone").arg("n", n)),
            }
        }
        let more = end < shown.len();
        parts.push(Text::new(if more {
            "missions-footer-more"
        } else {
            "missions-footer"
        }));
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
            return self.say(Text::new("mission-unavailable"));
        };
        self.v.conversation.detail = Some(id);
        let mut description: String = plain_latin(&o.description);
        if description.chars().count() > DESCRIPTION_CHARS {
            description = description.chars().take(DESCRIPTION_CHARS - 3).collect();
            description.push_str("...");
        }
        let place = match (&o.commune, o.distance_km) {
            (Some(c), Some(d)) => Text::new("mission-place")
                .arg("commune", plain_latin(c))
                .arg("km", rounded_km(d, self.v.lang)),
            _ => Text::new("mission-remote"),
        };
        let reply = Reply {
            parts: vec![
                Text::new("mission-details")
                    .arg("title", plain_latin(&o.title))
                    .arg("structure", plain_latin(&o.structure))
                    .arg("schedule", plain_latin(&o.schedule))
                    .arg("places", o.places_left)
                    .arg("description", description),
                place,
                Text::new("mission-details-footer"),
            ],
            choices: vec![Choice {
                label: Text::new("choice-help-this"),
                payload: "OUI".into(),
            }],
            multi_select: false,
            about: None,
        };
        self.replies.push(reply);
    }

    fn intent(&mut self, id: i64) {
        if self.ctx.intents.iter().any(|i| i.mission_id == id) {
            return self.say(Text::new("intent-already"));
        }
        if self.v.status == VolunteerStatus::Refused {
            return self.say(Text::new("intent-refused-volunteer"));
        }
        let Some(o) = self.ctx.offers.iter().find(|o| o.id == id) else {
            return self.say(Text::new("mission-unavailable"));
        };
        self.effects.push(Effect::Intent { mission_id: id });
        self.v.conversation.detail = None;
        let id = if self.v.status == VolunteerStatus::Validated {
            "intent-sent"
        } else {
            "intent-held"
        };
        self.say(
            Text::new(id)
                .arg("title", plain_latin(&o.title))
                .arg("structure", plain_latin(&o.structure)),
        );
    }
}

fn offer_line(n: usize, o: &Offer, lang: Lang) -> Text {
    match (&o.commune, o.distance_km) {
        (Some(c), Some(d)) => Text::new("mission-line")
            .arg("n", n)
            .arg("title", plain_latin(&o.title))
            .arg("commune", plain_latin(c))
            .arg("km", rounded_km(d, lang)),
        _ => Text::new("mission-line-remote")
            .arg("n", n)
            .arg("title", plain_latin(&o.title)),
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
