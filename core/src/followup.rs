//! What happens without anyone writing: reminders to structures that have not answered an
//! alert (48 h), escalation to the département's moderators (5 days), moderators told of new
//! pending items, and volunteers told of a new mission near them (quiet hours, one a day).
//! Every step claims its row with a conditional update, so several instances can run it.

use sqlx::Row;

use crate::clock::{after_quiet_hours, paris_day_hour};
use crate::domain::{Channel, Domain, Domains, Lang, display_phone};
use crate::engine::{Choice, Reply};
use crate::geo::Point;
use crate::i18n::Text;
use crate::service::{Renfort, Result};
use crate::store::moderation::QueueItem;
use crate::store::outbox::{PRIORITY_ALERT, PRIORITY_BULK, enqueue};
use crate::store::volunteers as vs;
use crate::store::{Outgoing, Tx};

pub const REMIND_AFTER: i64 = 48 * 3_600;
pub const ESCALATE_AFTER: i64 = 5 * 86_400;
/// The widest radius a volunteer may choose bounds the search for a new mission.
const ANNOUNCE_SEARCH_KM: f64 = crate::domain::MAX_RADIUS_KM as f64;

/// Button payloads on moderation items: `mod:approve:volunteer:12`.
pub const MODERATION: &str = "mod:";

#[derive(Clone, Copy)]
enum FollowUpKind {
    Reminder,
    Escalation,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FollowUp {
    pub reminders: usize,
    pub escalations: usize,
}

/// A moderator's contact: linked Telegram chat, else phone.
struct ModeratorContact {
    channel: Channel,
    address: String,
    lang: Lang,
}

async fn moderators_of(
    tx: &mut Tx,
    departement: &str,
    telegram_only: bool,
) -> Result<Vec<ModeratorContact>> {
    let rows =
        sqlx::query("SELECT phone, telegram_chat, lang, departements FROM moderators ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    Ok(rows
        .iter()
        .filter(|r| {
            r.get::<String, _>(3)
                .split_whitespace()
                .any(|d| d == departement)
        })
        .filter_map(|r| {
            let lang = Lang::parse(&r.get::<String, _>(2));
            match (r.get::<Option<String>, _>(1), r.get::<Option<String>, _>(0)) {
                (Some(chat), _) => Some(ModeratorContact {
                    channel: Channel::Telegram,
                    address: chat,
                    lang,
                }),
                (None, Some(phone)) if !telegram_only => Some(ModeratorContact {
                    channel: Channel::Sms,
                    address: phone,
                    lang,
                }),
                _ => None,
            }
        })
        .collect())
}

impl Renfort {
    /// Sends due reminders and escalations; returns how many.
    pub async fn follow_up(&self, now: i64) -> Result<FollowUp> {
        self.store.purge_inbound(now).await?;
        Ok(FollowUp {
            reminders: self.claim_due(FollowUpKind::Reminder, now).await?,
            escalations: self.claim_due(FollowUpKind::Escalation, now).await?,
        })
    }

    /// Alerts unanswered for long enough, each claimed by a conditional update before its
    /// message is queued in the same transaction.
    async fn claim_due(&self, kind: FollowUpKind, now: i64) -> Result<usize> {
        let (column, after) = match kind {
            FollowUpKind::Reminder => ("reminded_at", REMIND_AFTER),
            FollowUpKind::Escalation => ("escalated_at", ESCALATE_AFTER),
        };
        let due: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM participations WHERE status = 'sent' AND {column} IS NULL \
             AND relayed_at <= $1 ORDER BY id LIMIT 500"
        )))
        .bind(now - after)
        .fetch_all(self.store.pool())
        .await?;
        let mut done = 0;
        for id in due {
            let mut tx = self.store.begin().await?;
            let claimed = sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE participations SET {column} = $2 WHERE id = $1 AND {column} IS NULL \
                 AND status = 'sent'"
            )))
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if claimed {
                match kind {
                    FollowUpKind::Reminder => self.remind(&mut tx, id, now).await?,
                    FollowUpKind::Escalation => self.escalate(&mut tx, id, now).await?,
                }
                done += 1;
            }
            tx.commit().await?;
        }
        Ok(done)
    }

    async fn remind(&self, tx: &mut Tx, participation: i64, now: i64) -> Result<()> {
        let row = sqlx::query(
            "SELECT volunteer_id, mission_id, channel FROM participations WHERE id = $1",
        )
        .bind(participation)
        .fetch_one(&mut **tx)
        .await?;
        let (volunteer, mission): (i64, i64) = (row.get(0), row.get(1));
        let channel = Channel::parse(&row.get::<String, _>(2)).unwrap_or(Channel::Sms);
        let v = vs::load_volunteer(tx, volunteer, false).await?;
        let title = vs::mission_title(tx, mission).await?;
        let contact = match vs::volunteer_contact(tx, volunteer, channel).await? {
            Some((Channel::Sms, phone)) => display_phone(&phone),
            Some((Channel::Telegram, handle)) => format!("Telegram {handle}"),
            None => "-".into(),
        };
        let reply = Reply::text(
            Text::new("referent-reminder")
                .arg("name", v.first_name.unwrap_or_default())
                .arg("title", title)
                .arg("contact", contact)
                .arg("code", participation),
        )
        .with_choices(crate::service::answer_choices(participation));
        self.alert_structure(tx, mission, &reply, now).await?;
        Ok(())
    }

    async fn escalate(&self, tx: &mut Tx, participation: i64, now: i64) -> Result<()> {
        let row = sqlx::query(
            "SELECT m.departement, m.title, s.name FROM participations p \
             JOIN missions m ON m.id = p.mission_id JOIN structures s ON s.id = m.structure_id \
             WHERE p.id = $1",
        )
        .bind(participation)
        .fetch_one(&mut **tx)
        .await?;
        let departement: String = row.get(0);
        let reply = Reply::text(
            Text::new("moderator-escalation")
                .arg("code", participation)
                .arg("title", row.get::<String, _>(1))
                .arg("structure", row.get::<String, _>(2)),
        );
        self.alert_moderators(tx, &departement, false, &reply, now)
            .await
    }

    /// Alerts the département's moderators: on their linked Telegram chat, or by SMS unless
    /// `telegram_only` (per-item notices would flood a phone).
    async fn alert_moderators(
        &self,
        tx: &mut Tx,
        departement: &str,
        telegram_only: bool,
        reply: &Reply,
        now: i64,
    ) -> Result<()> {
        for m in moderators_of(tx, departement, telegram_only).await? {
            self.queue(
                tx,
                m.channel,
                &m.address,
                m.lang,
                reply,
                PRIORITY_ALERT,
                false,
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// Tells the département's moderators on Telegram of a new pending item, with buttons.
    pub(crate) async fn notify_moderators(
        &self,
        tx: &mut Tx,
        item: &QueueItem,
        now: i64,
    ) -> Result<()> {
        let reply = moderation_item(item);
        self.alert_moderators(tx, &item.departement, true, &reply, now)
            .await
    }

    /// A new mission was validated: each matching volunteer nearby (validated, not stopped,
    /// domain, on-site rule, within their radius; remote missions: the département) gets one
    /// alert, outside quiet hours, at most one a day.
    pub(crate) async fn announce_mission(
        &self,
        tx: &mut Tx,
        mission: i64,
        now: i64,
    ) -> Result<usize> {
        let m = sqlx::query(
            "SELECT domain, remote, lat, lon, title, commune, departement FROM missions WHERE id = $1",
        )
        .bind(mission)
        .fetch_one(&mut **tx)
        .await?;
        let Some(domain) = Domain::from_number(m.get(0)) else {
            return Ok(0);
        };
        let remote = m.get::<i64, _>(1) != 0;
        let at = match (m.get::<Option<f64>, _>(2), m.get::<Option<f64>, _>(3)) {
            (Some(lat), Some(lon)) => Some(Point::new(lat, lon)),
            _ => None,
        };
        let title: String = m.get(4);
        let commune: Option<String> = m.get(5);
        let departement: String = m.get(6);
        let send_at = after_quiet_hours(now);
        let (day, _) = paris_day_hour(send_at);

        // The contact to reach comes with each volunteer: one query, not one per volunteer.
        let columns = format!(
            "v.id, v.lat, v.lon, v.radius_km, v.domains, v.on_site, v.lang, v.last_alert_day, \
             (SELECT c.channel {reach}), (SELECT c.address {reach})",
            reach = vs::REACH
        );
        let rows = match (remote, at) {
            (false, Some(p)) => {
                let b = p.bounding_box(ANNOUNCE_SEARCH_KM);
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {columns} FROM volunteers v WHERE v.status = 'validated' \
                     AND v.lat BETWEEN $1 AND $2 AND v.lon BETWEEN $3 AND $4"
                )))
                .bind(b.min_lat)
                .bind(b.max_lat)
                .bind(b.min_lon)
                .bind(b.max_lon)
                .fetch_all(&mut **tx)
                .await?
            }
            _ => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {columns} FROM volunteers v WHERE v.status = 'validated' \
                     AND v.departement = $1"
                )))
                .bind(&departement)
                .fetch_all(&mut **tx)
                .await?
            }
        };
        let mut sent = 0;
        for r in rows {
            if !Domains(r.get::<i64, _>(4) as u8).contains(domain)
                || r.get::<Option<String>, _>(7).as_deref() == Some(day.as_str())
            {
                continue;
            }
            let on_site = r.get::<Option<i64>, _>(5) == Some(1);
            let distance = match (at, r.get::<Option<f64>, _>(1), r.get::<Option<f64>, _>(2)) {
                (Some(p), Some(lat), Some(lon)) if !remote => {
                    Some(p.distance_km(&Point::new(lat, lon)))
                }
                _ => None,
            };
            if !remote {
                let radius = r.get::<i64, _>(3) as f64;
                if !on_site || distance.is_none_or(|d| d > radius) {
                    continue;
                }
            }
            let volunteer: i64 = r.get(0);
            let Some((channel, address)) = vs::reach_from_row(&r, 8) else {
                continue;
            };
            let claimed = sqlx::query(
                "UPDATE volunteers SET last_alert_day = $2 WHERE id = $1 \
                 AND (last_alert_day IS NULL OR last_alert_day <> $2)",
            )
            .bind(volunteer)
            .bind(&day)
            .execute(&mut **tx)
            .await?
            .rows_affected()
                == 1;
            if !claimed {
                continue;
            }
            let lang = Lang::parse(&r.get::<String, _>(6));
            let text = match (&commune, distance) {
                (Some(c), Some(d)) => Text::new("mission-announce")
                    .arg("title", title.clone())
                    .arg("commune", c.clone())
                    .arg("km", format!("{}", d.round().max(1.0) as i64)),
                _ => Text::new("mission-announce-remote").arg("title", title.clone()),
            };
            let rendered = self.renderer(channel).render(lang, &Reply::text(text));
            let out = Outgoing {
                channel,
                address,
                rendered,
                priority: PRIORITY_BULK,
                ignores_stop: false,
                not_before: Some(send_at),
            };
            enqueue(tx, &out, now).await?;
            sent += 1;
        }
        Ok(sent)
    }
}

/// A pending item with Validate / Refuse buttons, in the moderator's language.
pub fn moderation_item(item: &QueueItem) -> Reply {
    let text = match &item.volunteer {
        Some(v) => Text::new("moderation-item-volunteer")
            .arg("id", item.id)
            .arg("departement", item.departement.clone())
            .arg("name", v.first_name.clone())
            .arg("commune", v.commune.clone())
            .arg("domains", v.domains.clone())
            .arg("onsite", if v.on_site { "yes" } else { "no" }),
        None => Text::new("moderation-item")
            .arg("kind", item.kind)
            .arg("id", item.id)
            .arg("departement", item.departement.clone())
            .arg("summary", item.summary.clone()),
    };
    let (kind, id) = (item.kind, item.id);
    Reply::text(text).with_choices(vec![
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
