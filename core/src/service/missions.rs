//! Missions as callers see and change them (the API, the console), within their scope: a
//! mission created by a moderator or an admin is validated and announced to volunteers
//! nearby, a referent's is shown to the département's moderators.

use super::structures::{Named, Refused};
use super::{Renfort, followup};
use crate::domain::{ItemKind, MissionStatus};
use crate::engine::staff::moderator::QueueItem;
use crate::import::{Draft, ImportRow, check_one};
use crate::principal::Principal;
use crate::store::missions::{self, MissionRecord};
use crate::store::structures;

type Result<T, E = Refused> = std::result::Result<T, E>;

/// What a referent's CSV did: missions written, lines skipped (their `ref` exists), or the
/// errors by line (then nothing was written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvImport {
    pub imported: usize,
    pub skipped: Vec<u64>,
    pub errors: Vec<(u64, String)>,
}

impl Renfort {
    /// The missions `caller` may see, narrowed by structure, status and département.
    pub async fn missions_for(
        &self,
        caller: &Principal,
        structure: Option<i64>,
        status: Option<&str>,
        departement: Option<&str>,
    ) -> Result<Vec<MissionRecord>> {
        Ok(missions::list(&self.store, structure, status, departement)
            .await?
            .into_iter()
            .filter(|r| caller.may_see(&r.departement, r.structure_id))
            .collect())
    }

    /// Mission `id`, if `caller` may see it.
    pub async fn mission_for(&self, caller: &Principal, id: i64) -> Result<MissionRecord> {
        missions::get(&self.store, id)
            .await?
            .filter(|r| caller.may_see(&r.departement, r.structure_id))
            .ok_or(Refused::NotFound("mission"))
    }

    /// Creates a mission from the fields of an import row, for a structure in `caller`'s
    /// scope: validated at once unless the caller is a referent.
    pub async fn create_mission(
        &self,
        caller: &Principal,
        row: ImportRow,
        now: i64,
    ) -> Result<MissionRecord> {
        // The structure and the caller's scope first, with one answer for "no such
        // structure" and "not yours"; the mission's content is checked only then, inside the
        // structure's département.
        let visible = match structures::by_reference(&self.store, &row.structure).await? {
            Some((id, departement)) => caller.may_see(&departement, id),
            None => false,
        };
        if !visible {
            return Err(Refused::Invalid(vec!["unknown structure".into()]));
        }
        let draft = check_one(&self.store, row)
            .await?
            .map_err(Refused::Invalid)?;
        let Some(id) = self.insert_mission(&draft, caller.validates(), now).await? else {
            return Err(Refused::Conflict("a mission with this ref exists"));
        };
        missions::get(&self.store, id)
            .await?
            .ok_or(Refused::NotFound("mission"))
    }

    /// A referent's CSV of missions for their structure (the import's columns; `structure`
    /// may be left empty, or name their own structure only): every row is checked first, by
    /// the import's rules; with any error nothing is written and every error is given by
    /// line. Else each mission is written as [`Renfort::create_mission`] writes it (a
    /// referent's waits for the moderators); a row whose `ref` the structure has is skipped.
    pub async fn import_missions_for(
        &self,
        caller: &Principal,
        structure_id: i64,
        content: &str,
        now: i64,
    ) -> Result<CsvImport> {
        let rows = match crate::import::parse(content, false) {
            Ok(rows) => rows,
            Err(e) => {
                return Ok(CsvImport {
                    errors: vec![(e.line, e.message)],
                    ..CsvImport::default()
                });
            }
        };
        if rows.is_empty() {
            return Ok(CsvImport {
                errors: vec![(1, "no mission in the file".into())],
                ..CsvImport::default()
            });
        }
        let mut errors = Vec::new();
        let mut mine = Vec::with_capacity(rows.len());
        // Each structure named is looked up once, not once per line.
        let mut own: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
        for (line, mut row) in rows {
            if row.structure.is_empty() {
                row.structure = structure_id.to_string();
            }
            let ok = match own.get(&row.structure) {
                Some(ok) => *ok,
                None => {
                    let ok = matches!(
                        structures::by_reference(&self.store, &row.structure).await?,
                        Some((id, departement))
                            if id == structure_id && caller.may_see(&departement, id)
                    );
                    own.insert(row.structure.clone(), ok);
                    ok
                }
            };
            if ok {
                mine.push((line, row));
            } else {
                errors.push((line, "structure: only your own structure".to_string()));
            }
        }
        if !errors.is_empty() {
            return Ok(CsvImport {
                errors,
                ..CsvImport::default()
            });
        }
        let drafts = match crate::import::check_rows(&self.store, mine).await? {
            Ok(drafts) => drafts,
            Err(row_errors) => {
                return Ok(CsvImport {
                    errors: row_errors
                        .into_iter()
                        .map(|e| (e.line, e.message))
                        .collect(),
                    ..CsvImport::default()
                });
            }
        };
        let mut report = CsvImport::default();
        for (line, draft) in drafts {
            match self.insert_mission(&draft, caller.validates(), now).await? {
                Some(_) => report.imported += 1,
                None => report.skipped.push(line),
            }
        }
        Ok(report)
    }

    /// Finishes or cancels mission `id` and/or changes its places (at least those taken, at
    /// most 500), if `caller` may see it.
    pub async fn update_mission(
        &self,
        caller: &Principal,
        id: i64,
        status: Option<Named<MissionStatus>>,
        places: Option<i64>,
    ) -> Result<MissionRecord> {
        let r = self.mission_for(caller, id).await?;
        let status = match status {
            None => None,
            Some(Named::Known(s @ (MissionStatus::Finished | MissionStatus::Cancelled))) => Some(s),
            Some(_) => {
                return Err(Refused::Invalid(vec![
                    "status can be set to finished or cancelled".into(),
                ]));
            }
        };
        let least = r.places_taken.max(1);
        if let Some(places) = places
            && !(least..=500).contains(&places)
        {
            return Err(Refused::Invalid(vec![format!(
                "places must be {least} to 500"
            )]));
        }
        missions::update(&self.store, id, status, places).await?;
        self.mission_for(caller, id).await
    }

    /// Rewrites mission `id`'s title and description, by the import's rules (a title of 1 to
    /// 60 characters that fits an SMS line, a description of at most 500; no control, bidi or
    /// zero-width character: refused, never cleaned), if `caller` may see it.
    pub async fn edit_mission_text(
        &self,
        caller: &Principal,
        id: i64,
        title: &str,
        description: &str,
    ) -> Result<MissionRecord> {
        self.mission_for(caller, id).await?;
        let title = title.trim();
        let description = description.trim();
        let errors = crate::import::text_errors(title, description);
        if !errors.is_empty() {
            return Err(Refused::Invalid(errors));
        }
        missions::set_text(&self.store, id, title, description).await?;
        self.mission_for(caller, id).await
    }

    /// Cancels mission `id`, if `caller` may see it.
    pub async fn cancel_mission(&self, caller: &Principal, id: i64) -> Result<MissionRecord> {
        self.update_mission(
            caller,
            id,
            Some(Named::Known(MissionStatus::Cancelled)),
            None,
        )
        .await
    }

    /// Writes a checked mission; `None` if its reference exists already.
    async fn insert_mission(
        &self,
        draft: &Draft,
        validated: bool,
        now: i64,
    ) -> super::Result<Option<i64>> {
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
                detail: Some(missions::mission_detail(&mut tx, id).await?),
            };
            self.outbox.notify_moderators(&mut tx, &item, now).await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }
}
