//! The moderation queue: volunteers, missions and structures awaiting validation.

use serde::Serialize;
use sqlx::Row;

use super::{Result, Store, Tx};
use crate::domain::{Domains, ParticipationStatus};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueItem {
    /// `volunteer`, `mission` or `structure`.
    pub kind: &'static str,
    pub id: i64,
    pub departement: String,
    /// One line for operators (CLI, API).
    pub summary: String,
    pub created_at: i64,
    /// For volunteers, what moderators are shown in their own language.
    #[serde(skip)]
    pub volunteer: Option<VolunteerBrief>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VolunteerBrief {
    pub first_name: String,
    pub commune: String,
    /// "1 3"
    pub domains: String,
    pub on_site: bool,
}

impl VolunteerBrief {
    pub fn of(v: &crate::engine::Volunteer) -> VolunteerBrief {
        VolunteerBrief {
            first_name: v.first_name.clone().unwrap_or_default(),
            commune: v
                .place
                .as_ref()
                .map(|p| p.commune.clone())
                .unwrap_or_default(),
            domains: domain_numbers(v.domains),
            on_site: v.on_site == Some(true),
        }
    }

    pub fn summary(&self) -> String {
        let rule = if self.on_site {
            "on site"
        } else {
            "remote only"
        };
        format!(
            "{}, {}, domains {}, {rule}",
            self.first_name, self.commune, self.domains
        )
    }
}

fn domain_numbers(d: Domains) -> String {
    d.iter()
        .map(|d| d.number().to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Store {
    /// Pending items, oldest first, optionally for one département.
    pub async fn moderation_queue(&self, departement: Option<&str>) -> Result<Vec<QueueItem>> {
        let mut tx = self.begin().await?;
        let items = self.moderation_queue_in(&mut tx, departement).await?;
        tx.commit().await?;
        Ok(items)
    }

    pub async fn moderation_queue_in(
        &self,
        tx: &mut Tx,
        departement: Option<&str>,
    ) -> Result<Vec<QueueItem>> {
        let dep = departement.map(str::to_string);
        let mut items = Vec::new();
        let rows = sqlx::query(
            "SELECT id, departement, first_name, commune, domains, on_site, created_at \
             FROM volunteers WHERE status = 'pending' AND ($1 IS NULL OR departement = $1) \
             ORDER BY id",
        )
        .bind(dep.clone())
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            let brief = VolunteerBrief {
                first_name: r.get::<Option<String>, _>(2).unwrap_or_default(),
                commune: r.get::<Option<String>, _>(3).unwrap_or_default(),
                domains: domain_numbers(Domains(r.get::<i64, _>(4) as u8)),
                on_site: r.get::<Option<i64>, _>(5) == Some(1),
            };
            items.push(QueueItem {
                kind: "volunteer",
                id: r.get(0),
                departement: r.get::<Option<String>, _>(1).unwrap_or_default(),
                summary: brief.summary(),
                created_at: r.get(6),
                volunteer: Some(brief),
            });
        }
        let rows = sqlx::query(
            "SELECT m.id, m.departement, m.title, s.name, m.commune, m.remote, m.created_at \
             FROM missions m JOIN structures s ON s.id = m.structure_id \
             WHERE m.status = 'pending' AND ($1 IS NULL OR m.departement = $1) ORDER BY m.id",
        )
        .bind(dep.clone())
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            let place = if r.get::<i64, _>(5) != 0 {
                "remote".to_string()
            } else {
                r.get::<Option<String>, _>(4).unwrap_or_default()
            };
            items.push(QueueItem {
                kind: "mission",
                id: r.get(0),
                departement: r.get(1),
                summary: format!(
                    "{} ({}, {})",
                    r.get::<String, _>(2),
                    r.get::<String, _>(3),
                    place
                ),
                created_at: r.get(6),
                volunteer: None,
            });
        }
        let rows = sqlx::query(
            "SELECT id, departement, name, kind, created_at FROM structures \
             WHERE status = 'pending' AND ($1 IS NULL OR departement = $1) ORDER BY id",
        )
        .bind(dep)
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            items.push(QueueItem {
                kind: "structure",
                id: r.get(0),
                departement: r.get(1),
                summary: format!("{} ({})", r.get::<String, _>(2), r.get::<String, _>(3)),
                created_at: r.get(4),
                volunteer: None,
            });
        }
        Ok(items)
    }
}

/// (status, département) of a volunteer, mission or structure.
pub async fn item_state(tx: &mut Tx, kind: &str, id: i64) -> Result<Option<(String, String)>> {
    let sql = match kind {
        "volunteer" => "SELECT status, COALESCE(departement, '') FROM volunteers WHERE id = $1",
        "mission" => "SELECT status, departement FROM missions WHERE id = $1",
        "structure" => "SELECT status, departement FROM structures WHERE id = $1",
        _ => return Ok(None),
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut **tx).await?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

pub async fn set_status(tx: &mut Tx, kind: &str, id: i64, status: &str, now: i64) -> Result<()> {
    let query = match kind {
        "volunteer" => sqlx::query(
            "UPDATE volunteers SET status = $2, validated_at = CASE WHEN $2 = 'validated' \
             THEN $3 ELSE validated_at END, version = version + 1 WHERE id = $1",
        )
        .bind(id)
        .bind(status)
        .bind(now),
        "mission" => sqlx::query("UPDATE missions SET status = $2 WHERE id = $1")
            .bind(id)
            .bind(status),
        "structure" => sqlx::query("UPDATE structures SET status = $2 WHERE id = $1")
            .bind(id)
            .bind(status),
        _ => return Ok(()),
    };
    query.execute(&mut **tx).await?;
    Ok(())
}

/// A volunteer's held intents: (participation id, mission id).
pub async fn held_intents(tx: &mut Tx, volunteer_id: i64) -> Result<Vec<(i64, i64)>> {
    let rows = sqlx::query(
        "SELECT id, mission_id FROM participations WHERE volunteer_id = $1 AND status = 'held' \
         ORDER BY id",
    )
    .bind(volunteer_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

pub async fn set_participation(
    tx: &mut Tx,
    id: i64,
    status: ParticipationStatus,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE participations SET status = $2, relayed_at = CASE WHEN $2 = 'sent' THEN $3 \
         ELSE relayed_at END WHERE id = $1",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
