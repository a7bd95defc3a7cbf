//! A mission created through the API: validated ones are announced to volunteers nearby,
//! pending ones shown to the département's moderators.

use super::{Renfort, Result, followup};
use crate::domain::{ItemKind, MissionStatus};
use crate::engine::staff::moderator::QueueItem;
use crate::store::missions;

impl Renfort {
    /// Writes a mission checked by the API; `None` if its reference exists already.
    pub async fn create_mission(
        &self,
        draft: &crate::import::Draft,
        validated: bool,
        now: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.store.begin().await?;
        let status = if validated {
            MissionStatus::Validated
        } else {
            MissionStatus::Pending
        };
        let Some(id) = draft.insert(&mut tx, status, now).await? else {
            tx.rollback().await?;
            return Ok(None);
        };
        if validated {
            followup::announce_mission(self, &mut tx, id, now).await?;
        } else {
            let item = QueueItem {
                kind: ItemKind::Mission,
                id,
                departement: draft.departement().to_string(),
                summary: missions::mission_title(&mut tx, id).await?,
                created_at: now,
                volunteer: None,
            };
            self.outbox.notify_moderators(&mut tx, &item, now).await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }
}
