//! Figures per département, after the press release that launched the reference platform:
//! structures, missions by domain, volunteers registered and validated, intents relayed.

use std::collections::BTreeMap;

use serde::Serialize;
use sqlx::Row;

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
        Ok(Stats {
            coverage,
            alert_budget,
            departement: dep,
            structures,
            missions,
            volunteers,
            intents,
        })
    }
}
