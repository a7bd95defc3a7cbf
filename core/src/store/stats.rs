//! Figures per département, after the press release that launched the reference platform:
//! structures, missions by domain, volunteers registered and validated, intents relayed.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::{AssertSqlSafe, Row};

use super::{Result, Store};
use crate::domain::{ParticipationStatus, VolunteerStatus};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    pub departement: Option<String>,
    pub structures: BTreeMap<String, i64>,
    /// Domain number → status → count.
    pub missions: BTreeMap<String, BTreeMap<String, i64>>,
    pub volunteers: VolunteerFigures,
    pub intents: IntentFigures,
    /// How many volunteers a new mission alerts at most (the département's, else the default).
    pub alert_budget: super::fanout::AlertBudget,
    /// Where Renfort is open: the département asked about, or every open one.
    pub coverage: CoverageFigures,
    /// What the SMS relay sends and costs, and what became of it.
    pub sms: SmsFigures,
}

/// A département is open when its volunteers are validated automatically, or a moderator
/// covers it, and the operator has not closed it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageFigures {
    /// The départements open by name (a moderator for all opens the others too).
    pub open_departements: Vec<String>,
    /// Some moderator covers every département.
    pub moderated_everywhere: bool,
    /// The département asked about: open or not.
    pub open: Option<bool>,
    /// The département asked about: "required" (by a moderator), "auto" or "closed".
    pub validation: Option<String>,
    /// The département asked about: how many moderators cover it (by name or for all).
    pub moderators: Option<i64>,
    /// The département asked about: the minimum age to take a mission.
    pub min_age: Option<u32>,
}

/// SMS segments per département and per day (Paris time) over the last
/// [`SMS_DAYS`] days, their cost at the configured price, and delivery reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsFigures {
    /// Newest day first, then by département.
    pub days: Vec<SmsDay>,
    /// Segments over those days.
    pub segments: i64,
    /// `RENFORT_SMS_PRICE`: the price of one segment, if configured.
    pub price_per_segment: Option<f64>,
    /// Segments times the price, if configured.
    pub cost: Option<f64>,
    /// SMS by delivery state Twilio reported (`delivered`, `undelivered`, `failed`, `sent`,
    /// `queued`); messages without any report are not counted.
    pub delivery: BTreeMap<String, i64>,
    /// Alerts to referents that Twilio reported undelivered or failed.
    pub undelivered_alerts: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsDay {
    /// `YYYY-MM-DD`, Paris time.
    pub day: String,
    /// The recipient's département (a volunteer's, a referent's structure's, or the one the
    /// message is about); `?` when none is known (an erased volunteer).
    pub departement: String,
    pub messages: i64,
    pub segments: i64,
    pub cost: Option<f64>,
}

/// Days of SMS figures in `renfort stats` and the API.
pub const SMS_DAYS: i64 = 31;

/// The département an SMS outbox row `o` was sent for (see [`SmsDay::departement`]).
const SMS_DEPARTEMENT: &str = "COALESCE(\
     (SELECT v.departement FROM contacts c JOIN volunteers v ON v.id = c.volunteer_id \
      WHERE c.channel = o.channel AND c.address = o.address), \
     (SELECT s.departement FROM staff_addresses a JOIN referents r ON r.id = a.staff_id \
      JOIN structures s ON s.id = r.structure_id WHERE a.staff_kind = 'referent' \
      AND a.channel = o.channel AND a.address = o.address ORDER BY r.id LIMIT 1), \
     (SELECT v.departement FROM volunteers v WHERE v.id = o.about_volunteer), '?')";

impl Stats {
    /// The figures with the cost of their SMS at `price` per segment.
    pub fn priced(mut self, price: Option<f64>) -> Stats {
        self.sms.price_per_segment = price;
        self.sms.cost = price.map(|p| self.sms.segments as f64 * p);
        for d in &mut self.sms.days {
            d.cost = price.map(|p| d.segments as f64 * p);
        }
        self
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VolunteerFigures {
    pub registered: i64,
    pub validated: i64,
    pub pending: i64,
    pub stopped: i64,
    pub erased: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntentFigures {
    pub relayed: i64,
    pub held: i64,
    pub answered: i64,
    pub accepted: i64,
    pub declined: i64,
    /// Median hours from an alert to the structure's first answer.
    pub median_hours_to_first_answer: Option<f64>,
}

impl Store {
    pub async fn stats(&self, departement: Option<&str>) -> Result<Stats> {
        let dep = departement.map(str::to_string);
        let mut structures = BTreeMap::new();
        for r in sqlx::query(
            "SELECT status, COUNT(*) FROM structures WHERE ($1 IS NULL OR departement = $1) \
             GROUP BY status",
        )
        .bind(dep.clone())
        .fetch_all(&self.pool)
        .await?
        {
            structures.insert(r.get::<String, _>(0), r.get::<i64, _>(1));
        }
        let mut missions: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
        for r in sqlx::query(
            "SELECT domain, status, COUNT(*) FROM missions WHERE ($1 IS NULL OR departement = $1) \
             GROUP BY domain, status",
        )
        .bind(dep.clone())
        .fetch_all(&self.pool)
        .await?
        {
            missions
                .entry(r.get::<i64, _>(0).to_string())
                .or_default()
                .insert(r.get(1), r.get(2));
        }
        let mut volunteers = VolunteerFigures::default();
        for r in sqlx::query(
            "SELECT status, COUNT(*) FROM volunteers WHERE ($1 IS NULL OR departement = $1) \
             GROUP BY status",
        )
        .bind(dep.clone())
        .fetch_all(&self.pool)
        .await?
        {
            let n: i64 = r.get(1);
            let status = VolunteerStatus::parse(&r.get::<String, _>(0));
            match status {
                Some(VolunteerStatus::Validated) => volunteers.validated += n,
                Some(VolunteerStatus::Pending) => volunteers.pending += n,
                Some(VolunteerStatus::Erased) => volunteers.erased += n,
                _ => {}
            }
            if matches!(
                status,
                Some(
                    VolunteerStatus::Validated
                        | VolunteerStatus::Pending
                        | VolunteerStatus::Refused
                )
            ) {
                volunteers.registered += n;
            }
        }
        volunteers.stopped = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT v.id) FROM volunteers v JOIN contacts c ON c.volunteer_id = v.id \
             WHERE c.stopped_at IS NOT NULL AND ($1 IS NULL OR v.departement = $1)",
        )
        .bind(dep.clone())
        .fetch_one(&self.pool)
        .await?;
        let rows = sqlx::query(
            "SELECT p.status, p.relayed_at, p.answered_at FROM participations p \
             JOIN missions m ON m.id = p.mission_id WHERE ($1 IS NULL OR m.departement = $1)",
        )
        .bind(dep.clone())
        .fetch_all(&self.pool)
        .await?;
        let mut intents = IntentFigures::default();
        let mut delays: Vec<i64> = Vec::new();
        for r in rows {
            let status: String = r.get(0);
            let relayed: Option<i64> = r.get(1);
            let answered: Option<i64> = r.get(2);
            if relayed.is_some() {
                intents.relayed += 1;
            }
            match ParticipationStatus::parse(&status) {
                Some(ParticipationStatus::Held) => intents.held += 1,
                Some(ParticipationStatus::Accepted) => intents.accepted += 1,
                Some(ParticipationStatus::Declined) => intents.declined += 1,
                _ => {}
            }
            if let (Some(a), Some(b)) = (relayed, answered) {
                intents.answered += 1;
                delays.push(b - a);
            }
        }
        delays.sort_unstable();
        intents.median_hours_to_first_answer = match delays.len() {
            0 => None,
            n if n % 2 == 1 => Some(delays[n / 2] as f64 / 3600.0),
            n => Some((delays[n / 2 - 1] + delays[n / 2]) as f64 / 7200.0),
        };
        let alert_budget = match &dep {
            Some(d) => super::fanout::alert_budget(&mut *self.pool.acquire().await?, d).await?,
            None => Default::default(),
        };
        let mut conn = self.pool.acquire().await?;
        let c = super::staff::coverage(&mut conn).await?;
        let mut coverage = CoverageFigures {
            open_departements: c.served(),
            moderated_everywhere: c.moderated_everywhere,
            ..CoverageFigures::default()
        };
        if let Some(d) = &dep {
            coverage.open = Some(c.is_open(d));
            coverage.validation = Some(
                if c.is_closed(d) {
                    "closed"
                } else if c.auto_validates(d) {
                    "auto"
                } else {
                    "required"
                }
                .to_string(),
            );
            let lists: Vec<String> = sqlx::query_scalar("SELECT departements FROM moderators")
                .fetch_all(&mut *conn)
                .await?;
            coverage.moderators = Some(
                lists
                    .iter()
                    .filter(|l| {
                        l.split_whitespace()
                            .any(|x| x == d || x == crate::engine::coverage::ALL_DEPARTEMENTS)
                    })
                    .count() as i64,
            );
            coverage.min_age = Some(c.min_age(d));
        }
        // One connection at a time: a pool of one (SQLite in tests) would wait for ever.
        drop(conn);
        let sms = self.sms_figures(dep.as_deref()).await?;
        Ok(Stats {
            coverage,
            sms,
            alert_budget,
            departement: dep,
            structures,
            missions,
            volunteers,
            intents,
        })
    }
}

impl Store {
    /// SMS sent since `since`, grouped by département and Paris day: ((day, département),
    /// (messages, segments)). Grouped by hour in SQL (a few rows per hour at most), by day
    /// here, where the Paris offset of each hour is known.
    async fn sms_by_day(&self, since: i64) -> Result<BTreeMap<(String, String), (i64, i64)>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT dep, hour, COUNT(*), CAST(SUM(seg) AS BIGINT) FROM \
             (SELECT {SMS_DEPARTEMENT} AS dep, o.sent_at / 3600 AS hour, \
              COALESCE(o.segments, 1) AS seg FROM outbox o WHERE o.channel = 'sms' \
              AND o.status = 'sent' AND o.sent_at >= $1) x GROUP BY dep, hour"
        )))
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        let mut by_day: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
        for r in rows {
            let departement: String = r.get(0);
            let hour: i64 = r.get(1);
            let (day, _) = crate::clock::local_day_hour(hour * 3600, "75");
            let e = by_day.entry((day, departement)).or_default();
            e.0 += r.get::<i64, _>(2);
            e.1 += r.get::<i64, _>(3);
        }
        Ok(by_day)
    }

    /// Today's SMS segments (Paris day) per département, for `/metrics`.
    pub async fn sms_segments_today(&self, now: i64) -> Result<Vec<(String, i64)>> {
        let (today, _) = crate::clock::local_day_hour(now, "75");
        Ok(self
            .sms_by_day(now - 86_400)
            .await?
            .into_iter()
            .filter(|((day, _), _)| *day == today)
            .map(|((_, departement), (_, segments))| (departement, segments))
            .collect())
    }

    async fn sms_figures(&self, departement: Option<&str>) -> Result<SmsFigures> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let mut days: Vec<SmsDay> = self
            .sms_by_day(now - SMS_DAYS * 86_400)
            .await?
            .into_iter()
            .filter(|((_, d), _)| departement.is_none_or(|want| want == d))
            .map(|((day, departement), (messages, segments))| SmsDay {
                day,
                departement,
                messages,
                segments,
                cost: None,
            })
            .collect();
        days.sort_by(|a, b| b.day.cmp(&a.day).then(a.departement.cmp(&b.departement)));
        let segments = days.iter().map(|d| d.segments).sum();
        let mut delivery = BTreeMap::new();
        let mut undelivered_alerts = 0;
        for r in sqlx::query(AssertSqlSafe(format!(
            "SELECT dep, delivery, purpose, COUNT(*) FROM \
             (SELECT {SMS_DEPARTEMENT} AS dep, o.delivery AS delivery, \
              COALESCE(o.purpose, '') AS purpose FROM outbox o \
              WHERE o.channel = 'sms' AND o.delivery IS NOT NULL) x GROUP BY dep, delivery, purpose"
        )))
        .fetch_all(&self.pool)
        .await?
        {
            let d: String = r.get(0);
            if departement.is_some_and(|want| want != d) {
                continue;
            }
            let state: String = r.get(1);
            let n: i64 = r.get(3);
            if r.get::<String, _>(2) == "alert"
                && matches!(state.as_str(), "undelivered" | "failed")
            {
                undelivered_alerts += n;
            }
            *delivery.entry(state).or_default() += n;
        }
        Ok(SmsFigures {
            days,
            segments,
            price_per_segment: None,
            cost: None,
            delivery,
            undelivered_alerts,
        })
    }
}
