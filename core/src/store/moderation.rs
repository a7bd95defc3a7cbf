//! The moderation queue: volunteers, missions and structures awaiting validation.

use sqlx::Row;

use super::{Result, Store, Tx, missions, structures, volunteers};
use crate::domain::{
    Domains, ItemKind, MissionStatus, StructureKind, StructureStatus, VolunteerStatus,
};
use crate::engine::staff::moderator::{self, ItemDetail};

pub use crate::engine::staff::moderator::{QueueItem, VolunteerBrief};

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
            "SELECT id, departement, first_name, commune, domains, on_site, created_at, \
             conversation, availability FROM volunteers WHERE status = $2 AND ($1 IS NULL OR departement = $1) \
             ORDER BY id",
        )
        .bind(dep.clone())
        .bind(VolunteerStatus::Pending.as_str())
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            let brief = VolunteerBrief {
                first_name: r.get::<Option<String>, _>(2).unwrap_or_default(),
                commune: r.get::<Option<String>, _>(3).unwrap_or_default(),
                domains: moderator::domain_numbers(Domains(r.get::<i64, _>(4) as u8)),
                on_site: r.get::<Option<i64>, _>(5) == Some(1),
                // The age given, kept with the conversation.
                age: serde_json::from_str::<crate::engine::Conversation>(
                    &r.get::<Option<String>, _>(7).unwrap_or_default(),
                )
                .ok()
                .and_then(|c| c.age),
                availability: r.get(8),
            };
            items.push(QueueItem {
                kind: ItemKind::Volunteer,
                id: r.get(0),
                departement: r.get::<Option<String>, _>(1).unwrap_or_default(),
                summary: brief.summary(),
                created_at: r.get(6),
                volunteer: Some(brief),
                detail: None,
            });
        }
        let rows = sqlx::query(
            "SELECT m.id, m.departement, m.title, s.name, m.commune, m.remote, m.created_at \
             FROM missions m JOIN structures s ON s.id = m.structure_id \
             WHERE m.status = $2 AND ($1 IS NULL OR m.departement = $1) ORDER BY m.id",
        )
        .bind(dep.clone())
        .bind(MissionStatus::Pending.as_str())
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            let commune = if r.get::<i64, _>(5) != 0 {
                None
            } else {
                Some(r.get::<Option<String>, _>(4).unwrap_or_default())
            };
            let (title, structure): (String, String) = (r.get(2), r.get(3));
            items.push(QueueItem {
                kind: ItemKind::Mission,
                id: r.get(0),
                departement: r.get(1),
                summary: format!(
                    "{title} ({structure}, {})",
                    commune.as_deref().unwrap_or("remote")
                ),
                created_at: r.get(6),
                volunteer: None,
                detail: Some(ItemDetail::Mission {
                    title,
                    structure,
                    commune,
                }),
            });
        }
        let rows = sqlx::query(
            "SELECT id, departement, name, kind, created_at FROM structures \
             WHERE status = $2 AND ($1 IS NULL OR departement = $1) ORDER BY id",
        )
        .bind(dep)
        .bind(StructureStatus::Pending.as_str())
        .fetch_all(&mut **tx)
        .await?;
        for r in rows {
            let (name, kind): (String, String) = (r.get(2), r.get(3));
            items.push(QueueItem {
                kind: ItemKind::Structure,
                id: r.get(0),
                departement: r.get(1),
                summary: format!("{name} ({kind})"),
                created_at: r.get(4),
                volunteer: None,
                detail: StructureKind::parse(&kind).map(|kind| ItemDetail::Structure {
                    name: name.clone(),
                    kind,
                }),
            });
        }
        Ok(items)
    }
}

/// Whether an item is pending, and its département.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    pub pending: bool,
    /// Its status as stored, for messages.
    pub status: String,
    pub departement: String,
}

/// The state of a volunteer, mission or structure; `None` if there is no such item.
pub async fn item_state(tx: &mut Tx, kind: ItemKind, id: i64) -> Result<Option<ItemState>> {
    let sql = match kind {
        ItemKind::Volunteer => {
            "SELECT status, COALESCE(departement, '') FROM volunteers WHERE id = $1"
        }
        ItemKind::Mission => "SELECT status, departement FROM missions WHERE id = $1",
        ItemKind::Structure => "SELECT status, departement FROM structures WHERE id = $1",
    };
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut **tx).await?;
    Ok(row.map(|r| {
        let status: String = r.get(0);
        let pending = match kind {
            ItemKind::Volunteer => {
                VolunteerStatus::parse(&status) == Some(VolunteerStatus::Pending)
            }
            ItemKind::Mission => MissionStatus::parse(&status) == Some(MissionStatus::Pending),
            ItemKind::Structure => {
                StructureStatus::parse(&status) == Some(StructureStatus::Pending)
            }
        };
        ItemState {
            pending,
            status,
            departement: r.get(1),
        }
    }))
}

/// Records a moderator's decision on a pending item: validated, or refused (a refused mission
/// is cancelled).
pub async fn set_decided(
    tx: &mut Tx,
    kind: ItemKind,
    id: i64,
    approve: bool,
    now: i64,
) -> Result<()> {
    match (kind, approve) {
        (ItemKind::Volunteer, true) => {
            volunteers::set_status(tx, id, VolunteerStatus::Validated, now).await
        }
        (ItemKind::Volunteer, false) => {
            volunteers::set_status(tx, id, VolunteerStatus::Refused, now).await
        }
        (ItemKind::Mission, true) => missions::set_status(tx, id, MissionStatus::Validated).await,
        (ItemKind::Mission, false) => missions::set_status(tx, id, MissionStatus::Cancelled).await,
        (ItemKind::Structure, true) => {
            structures::set_status(tx, id, StructureStatus::Validated).await
        }
        (ItemKind::Structure, false) => {
            structures::set_status(tx, id, StructureStatus::Refused).await
        }
    }
}

/// Puts a refused item back in the queue (a refused mission was cancelled); `false` if it is
/// no longer refused (decided again meanwhile). A volunteer's version moves, so that a step
/// of theirs that read the refusal runs again.
pub async fn set_undecided(tx: &mut Tx, kind: ItemKind, id: i64) -> Result<bool> {
    let (sql, refused, pending) = match kind {
        ItemKind::Volunteer => (
            "UPDATE volunteers SET status = $3, version = version + 1 WHERE id = $1 AND status = $2",
            VolunteerStatus::Refused.as_str(),
            VolunteerStatus::Pending.as_str(),
        ),
        ItemKind::Mission => (
            "UPDATE missions SET status = $3 WHERE id = $1 AND status = $2",
            MissionStatus::Cancelled.as_str(),
            MissionStatus::Pending.as_str(),
        ),
        ItemKind::Structure => (
            "UPDATE structures SET status = $3 WHERE id = $1 AND status = $2",
            StructureStatus::Refused.as_str(),
            StructureStatus::Pending.as_str(),
        ),
    };
    let done = sqlx::query(sql)
        .bind(id)
        .bind(refused)
        .bind(pending)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}
