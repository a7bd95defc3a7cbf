//! Structures as callers see and change them (the API, the console): the caller's scope is
//! checked here, before what they ask is looked at, so that every path refuses alike and
//! something outside the scope reads exactly as something absent. Also [`Refused`], why a
//! caller's request about structures or missions was not carried out.

use super::Renfort;
use super::ServiceError;
use crate::domain::{Role, StructureKind, StructureStatus};
use crate::geo::Gazetteer;
use crate::principal::{Denied, Principal};
use crate::store::StoreError;
use crate::store::participations::{self, StructureParticipation};
use crate::store::structures::{self, NewStructure, StructureRecord};

/// Why a caller's request was not carried out; the API answers each with its own status.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// No such one, or one outside the caller's scope: answered alike.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Fields not accepted, one message each.
    #[error("{}", .0.join("; "))]
    Invalid(Vec<String>),
    #[error("{0}")]
    Conflict(&'static str),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Refused {
        Refused::Service(ServiceError::Store(e))
    }
}

type Result<T, E = Refused> = std::result::Result<T, E>;

/// A value a caller named: one of ours, or a word that names none. Text from outside is
/// refused by the service, with the request's other faults and only once the caller's scope
/// was checked, so that every path answers it alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Named<T> {
    Known(T),
    Unknown,
}

impl<T> From<Option<T>> for Named<T> {
    fn from(v: Option<T>) -> Named<T> {
        v.map_or(Named::Unknown, Named::Known)
    }
}

/// A structure a moderator or an admin creates, validated at once.
#[derive(Debug, Clone)]
pub struct StructureDraft {
    pub name: String,
    pub kind: Named<StructureKind>,
    pub departement: String,
    /// The commune's INSEE code, in that département.
    pub insee: Option<String>,
}

/// What changes on a structure; absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct StructureChange {
    pub name: Option<String>,
    pub kind: Option<Named<StructureKind>>,
}

const NAME_LENGTH: std::ops::RangeInclusive<usize> = 1..=120;

/// A name holding what is not text (an escape sequence, a bidirectional override, a zero-width
/// space, a line separator…) is refused, as import refuses it in a mission, rather than
/// cleaned: staff set names through a client they can fix, and a name stored otherwise than
/// sent would surprise them; the name reaches terminals and volunteers' SMS.
fn name_unwanted(name: &str) -> Option<String> {
    crate::text::first_unwanted(name, crate::text::Kind::Line)
        .map(|c| format!("name holds a control character (U+{:04X})", u32::from(c)))
}

fn kinds_expected() -> String {
    format!(
        "kind must be one of {}",
        StructureKind::ALL.map(StructureKind::as_str).join(", ")
    )
}

impl Renfort {
    /// The structures `caller` may see.
    pub async fn structures_for(&self, caller: &Principal) -> Result<Vec<StructureRecord>> {
        Ok(structures::list(&self.store)
            .await?
            .into_iter()
            .filter(|r| caller.may_see(&r.departement, r.id))
            .collect())
    }

    /// Structure `id`, if `caller` may see it.
    pub async fn structure_for(&self, caller: &Principal, id: i64) -> Result<StructureRecord> {
        structures::get(&self.store, id)
            .await?
            .filter(|r| caller.may_see(&r.departement, r.id))
            .ok_or(Refused::NotFound("structure"))
    }

    /// The intents for structure `id`'s missions, oldest first, if `caller` may see it.
    pub async fn participations_for(
        &self,
        caller: &Principal,
        structure_id: i64,
    ) -> Result<Vec<StructureParticipation>> {
        self.structure_for(caller, structure_id).await?;
        Ok(participations::of_structure(&self.store, structure_id).await?)
    }

    /// Creates a structure, validated at once: by a moderator in their départements, or an
    /// admin.
    pub async fn create_structure(
        &self,
        caller: &Principal,
        draft: &StructureDraft,
        now: i64,
    ) -> Result<StructureRecord> {
        caller.require(Role::Moderator)?;
        // Scope first: the checks below would otherwise speak of another département's
        // communes.
        if !caller.covers(&draft.departement) {
            return Err(Denied::Forbidden(format!(
                "département {} is outside your scope",
                draft.departement
            ))
            .into());
        }
        let mut errors = Vec::new();
        let name_len = draft.name.trim().chars().count();
        if !NAME_LENGTH.contains(&name_len) {
            errors.push(format!("name must have 1 to 120 characters ({name_len})"));
        }
        errors.extend(name_unwanted(&draft.name));
        if draft.kind == Named::Unknown {
            errors.push(kinds_expected());
        }
        let g = Gazetteer::get();
        if !g
            .communes()
            .iter()
            .any(|c| c.departement == draft.departement)
        {
            errors.push(format!("unknown département {:?}", draft.departement));
        }
        if let Some(insee) = &draft.insee
            && g.by_insee(insee)
                .is_none_or(|c| c.departement != draft.departement)
        {
            errors.push(format!(
                "commune {insee:?} is not in département {}",
                draft.departement
            ));
        }
        let (Named::Known(kind), true) = (draft.kind, errors.is_empty()) else {
            return Err(Refused::Invalid(errors));
        };
        let new = NewStructure {
            external_ref: None,
            name: draft.name.trim().to_string(),
            kind,
            departement: draft.departement.clone(),
            insee: draft.insee.clone(),
            status: StructureStatus::Validated,
        };
        let id = structures::create(&self.store, &new, now).await?;
        self.structure_for(caller, id).await
    }

    /// Renames or re-kinds structure `id`: its département's moderators and admins.
    pub async fn update_structure(
        &self,
        caller: &Principal,
        id: i64,
        change: &StructureChange,
    ) -> Result<StructureRecord> {
        caller.require(Role::Moderator)?;
        self.structure_for(caller, id).await?;
        let mut errors = Vec::new();
        if let Some(name) = &change.name
            && !NAME_LENGTH.contains(&name.trim().chars().count())
        {
            errors.push("name must have 1 to 120 characters".to_string());
        }
        errors.extend(change.name.as_deref().and_then(name_unwanted));
        if change.kind == Some(Named::Unknown) {
            errors.push(kinds_expected());
        }
        if !errors.is_empty() {
            return Err(Refused::Invalid(errors));
        }
        let kind = match change.kind {
            Some(Named::Known(kind)) => Some(kind),
            _ => None,
        };
        let name = change.name.as_deref().map(str::trim);
        structures::update(&self.store, id, name, kind).await?;
        self.structure_for(caller, id).await
    }
}
