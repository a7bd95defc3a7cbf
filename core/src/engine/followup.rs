//! What is due without anyone writing, decided without I/O: a reminder to a structure that
//! has not answered an alert (48 h), an escalation to the département's moderators (5 days),
//! and a new mission's alert to a matching volunteer (outside quiet hours, one a day). The
//! shell (`service::followup`) finds the candidates, claims each with a conditional update,
//! and queues what is decided here.

use crate::clock::{after_quiet_hours, local_day_hour};
use crate::engine::Reply;
use crate::engine::staff::referent::{Reach, answer_choices};
use crate::i18n::Text;

pub const REMIND_AFTER: i64 = 48 * 3_600;
pub const ESCALATE_AFTER: i64 = 5 * 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpKind {
    /// The structure's referents are reminded of an unanswered alert.
    Reminder,
    /// The département's moderators are told an alert stays unanswered.
    Escalation,
}

impl FollowUpKind {
    pub const ALL: [FollowUpKind; 2] = [FollowUpKind::Reminder, FollowUpKind::Escalation];

    /// Alerts relayed at or before this time are due for this follow-up.
    pub fn due_if_relayed_before(self, now: i64) -> i64 {
        now - match self {
            FollowUpKind::Reminder => REMIND_AFTER,
            FollowUpKind::Escalation => ESCALATE_AFTER,
        }
    }
}

/// The reminder the structure's referents get, with the answer buttons again. `contact`: how
/// the volunteer can be reached, as the structure is shown it.
pub fn reminder(name: &str, title: &str, reach: Option<&Reach>, participation: i64) -> Reply {
    let contact = reach.map_or_else(|| "-".to_string(), |r| r.shown(participation));
    Reply::text(
        Text::new("referent-reminder")
            .arg("name", name)
            .arg("title", title)
            .arg("contact", contact)
            .arg("code", participation),
    )
    .with_choices(answer_choices(participation))
}

/// What the département's moderators are told of an alert left unanswered.
pub fn escalation(participation: i64, title: &str, structure: &str) -> Reply {
    Reply::text(
        Text::new("moderator-escalation")
            .arg("code", participation)
            .arg("title", title)
            .arg("structure", structure),
    )
}

/// When a new mission's alert to a volunteer living in `departement` may leave (after quiet
/// hours there) and the local day it counts against (one a day per volunteer).
pub fn announcement_slot(now: i64, departement: &str) -> (i64, String) {
    let send_at = after_quiet_hours(now, departement);
    (send_at, local_day_hour(send_at, departement).0)
}

/// The alert a matching volunteer gets for a new mission, unless they had one on `day`
/// already. `distance_km`: `None` for a remote mission; `approximate`: from a commune placed by
/// a rule ("environ 8 km").
pub fn announcement(
    last_alert_day: Option<&str>,
    day: &str,
    title: &str,
    commune: Option<&str>,
    distance_km: Option<f64>,
    approximate: bool,
) -> Option<Reply> {
    if last_alert_day == Some(day) {
        return None;
    }
    let text = match (commune, distance_km) {
        (Some(c), Some(d)) => Text::new("mission-announce")
            .arg("title", title)
            .arg("commune", c)
            .arg("km", format!("{}", d.round().max(1.0) as i64))
            .arg("approx", if approximate { "yes" } else { "no" }),
        _ => Text::new("mission-announce-remote").arg("title", title),
    };
    Some(Reply::text(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Arg;

    fn arg(r: &Reply, name: &str) -> Option<Arg> {
        r.parts[0]
            .args
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| a.clone())
    }

    #[test]
    fn follow_ups_fall_due_after_two_and_five_days() {
        let now = 1_700_000_000;
        // (kind, relayed hours ago, due?)
        let table = [
            (FollowUpKind::Reminder, 47, false),
            (FollowUpKind::Reminder, 48, true),
            (FollowUpKind::Escalation, 48, false),
            (FollowUpKind::Escalation, 119, false),
            (FollowUpKind::Escalation, 120, true),
        ];
        for (kind, hours, due) in table {
            let relayed = now - hours * 3_600;
            assert_eq!(
                relayed <= kind.due_if_relayed_before(now),
                due,
                "{kind:?} {hours} h"
            );
        }
    }

    #[test]
    fn reminders_show_how_to_reach_the_volunteer() {
        // (contact, shown)
        let table = [
            (Some(Reach::Phone("+33639980001".into())), "06 39 98 00 01"),
            (Some(Reach::Handle("@marie".into())), "Telegram @marie"),
            (Some(Reach::Relay), "MSG 7"),
            (None, "-"),
        ];
        for (contact, shown) in table {
            let r = reminder("Marie", "Colis", contact.as_ref(), 7);
            assert_eq!(r.parts[0].id, "referent-reminder");
            assert_eq!(arg(&r, "contact"), Some(Arg::Str(shown.into())));
            assert_eq!(r.choices.len(), 3, "answer buttons again");
            assert_eq!(r.choices[1].payload, "ref:accepted:7");
        }
    }

    #[test]
    fn announcements_once_a_day_with_the_distance_rounded() {
        // (last alert day, commune, km, expected id, expected km)
        let table = [
            (
                None,
                Some("Arras"),
                Some(0.3),
                Some("mission-announce"),
                Some("1"),
            ),
            (
                None,
                Some("Arras"),
                Some(7.6),
                Some("mission-announce"),
                Some("8"),
            ),
            (
                Some("2020-03-24"),
                Some("Arras"),
                Some(7.6),
                Some("mission-announce"),
                Some("8"),
            ),
            (Some("2020-03-25"), Some("Arras"), Some(7.6), None, None),
            (None, None, None, Some("mission-announce-remote"), None),
        ];
        for (i, (last, commune, km, id, shown)) in table.into_iter().enumerate() {
            let r = announcement(last, "2020-03-25", "Colis", commune, km, false);
            assert_eq!(r.as_ref().map(|r| r.parts[0].id.as_str()), id, "row {i}");
            if let Some(r) = r {
                assert_eq!(arg(&r, "km"), shown.map(|s| Arg::Str(s.into())), "row {i}");
            }
        }
    }

    #[test]
    fn announcements_wait_for_the_morning() {
        // 2020-03-25 21:30 Paris (UTC+1) is quiet: the slot is 09:00 the next day.
        let evening = 1_585_168_200;
        let (send_at, day) = announcement_slot(evening, "62");
        assert!(send_at > evening);
        assert_eq!(day, "2020-03-26");
        // 2020-03-25 10:00 Paris: now.
        let morning = 1_585_126_800;
        assert_eq!(
            announcement_slot(morning, "62"),
            (morning, "2020-03-25".into())
        );
        // The same evening is 16:30 in Martinique: the alert leaves now, on its local day.
        assert_eq!(
            announcement_slot(evening, "972"),
            (evening, "2020-03-25".into())
        );
        // And 00:30 the next day in Réunion: 09:00 there, the 26th.
        let (send_at, day) = announcement_slot(evening, "974");
        assert_eq!(
            (send_at - evening, day.as_str()),
            (8 * 3_600 + 30 * 60, "2020-03-26")
        );
    }
}

/// The daily SMS digest of the moderation queue: due once a day, at `hour` or later in
/// `departement`'s zone (the moderator's first), never in quiet hours; `Some(day)` to claim.
pub fn digest_due(
    now: i64,
    hour: u32,
    last_day: Option<&str>,
    departement: &str,
) -> Option<String> {
    let (day, now_hour) = local_day_hour(now, departement);
    let quiet = !(QUIET_ENDS..QUIET_STARTS).contains(&now_hour);
    (now_hour >= hour && !quiet && last_day != Some(day.as_str())).then_some(day)
}

/// Quiet hours (local time): nothing unasked for is sent from 20:00 to 09:00.
pub const QUIET_STARTS: u32 = 20;
pub const QUIET_ENDS: u32 = 9;

/// The digest an SMS moderator gets: how many items wait and how to see them.
pub fn digest(count: usize, departements: &str) -> Option<Reply> {
    (count > 0).then(|| {
        Reply::text(
            Text::new("moderator-digest")
                .arg("count", count)
                .arg("departements", departements),
        )
    })
}

#[cfg(test)]
mod digest_tests {
    use super::*;

    #[test]
    fn the_digest_comes_once_a_day_at_its_hour_outside_quiet_hours() {
        // 2020-03-25 (Paris = UTC+1); (UTC hour, configured hour, last day, due?)
        let day = |h: i64| 1_585_094_400 + h * 3_600;
        let table = [
            (8, 10, None, false),
            (9, 10, None, true),
            (9, 10, Some("2020-03-25"), false),
            (9, 10, Some("2020-03-24"), true),
            (18, 10, None, true),
            (19, 10, None, false),
            (7, 8, None, false),
            (8, 9, None, true),
        ];
        for (utc, hour, last, due) in table {
            assert_eq!(
                digest_due(day(utc), hour, last, "62").is_some(),
                due,
                "{utc}h UTC, digest at {hour}, last {last:?}"
            );
        }
        // 05:00 UTC is 09:00 in Réunion (UTC+4): a Réunion moderator's digest at 9 is due,
        // on Réunion's day; Pas-de-Calais's waits (06:00 there).
        assert_eq!(
            digest_due(day(5), 9, None, "974"),
            Some("2020-03-25".into())
        );
        assert_eq!(digest_due(day(5), 9, None, "62"), None);
        assert_eq!(digest(0, "62"), None);
        assert_eq!(
            digest(3, "62").map(|r| r.parts[0].id.clone()),
            Some("moderator-digest".into())
        );
    }
}
