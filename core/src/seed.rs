//! `renfort seed demo`: about fifty structures across Pas-de-Calais in real communes, with
//! missions in the four domains (some remote, some full, some pending, many more than 10 km
//! apart), one referent each and a moderator for 62, all on fictional numbers of ARCEP's range
//! for fiction (+33 6 39 98 xx xx). Idempotent: every row has a stable external reference.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::domain::{Channel, MissionStatus, StructureKind, StructureStatus, ValidationRule};
use crate::geo::{Gazetteer, Resolution};
use crate::store::missions::{self, NewMission};
use crate::store::structures::{self, NewStructure};
use crate::store::{Result, Store, StoreError, staff};

const DEMO: &str = include_str!("../data/demo.json");

#[derive(Deserialize)]
struct Demo {
    departement: String,
    validation: String,
    moderator: Moderator,
    communes: Vec<String>,
    structure_kinds: Vec<Kind>,
    referent_names: Vec<String>,
    missions: BTreeMap<String, Vec<MissionTemplate>>,
}

#[derive(Deserialize)]
struct Moderator {
    name: String,
    phone: String,
    departements: String,
}

#[derive(Deserialize)]
struct Kind {
    kind: String,
    name: String,
}

#[derive(Deserialize)]
struct MissionTemplate {
    title: String,
    description: String,
    schedule: String,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    pub structures: usize,
    pub missions: usize,
    pub referents: usize,
}

/// Referent phone of demo structure `i`.
pub fn referent_phone(i: usize) -> String {
    format!("+33639981{i:03}")
}

pub async fn demo(store: &Store, now: i64) -> Result<SeedReport> {
    demo_with_progress(store, now, |_, _| {}).await
}

/// [`demo`], calling `progress(done, total)` as each structure is written with its referent
/// and missions.
pub async fn demo_with_progress(
    store: &Store,
    now: i64,
    mut progress: impl FnMut(usize, usize),
) -> Result<SeedReport> {
    let demo: Demo = serde_json::from_str(DEMO).expect("demo.json is valid");
    let g = Gazetteer::get();
    let mut tx = store.begin().await?;
    let mut report = SeedReport::default();
    let invalid = |what: &str| StoreError::Invalid(format!("demo.json: {what}"));
    let rule = ValidationRule::parse(&demo.validation).ok_or_else(|| invalid("validation"))?;
    staff::ensure_validation_rule(&mut tx, &demo.departement, rule).await?;
    staff::ensure_moderator(
        &mut tx,
        &demo.moderator.name,
        Channel::Sms,
        &demo.moderator.phone,
        &demo.moderator.departements,
    )
    .await?;

    let n = demo.communes.len();
    for (i, name) in demo.communes.iter().enumerate() {
        let commune = match g.resolve(name, Some(&demo.departement)) {
            Resolution::Found(c) => c,
            other => {
                return Err(StoreError::Invalid(format!(
                    "demo commune {name}: {other:?}"
                )));
            }
        };
        let kind = &demo.structure_kinds[i % demo.structure_kinds.len()];
        let structure_name = of_commune(&kind.name, commune.name);
        // The last two structures await validation, for the moderation queue.
        let status = if i + 2 >= n {
            StructureStatus::Pending
        } else {
            StructureStatus::Validated
        };
        let structure = NewStructure {
            external_ref: Some(format!("demo-s-{i:02}")),
            name: structure_name,
            kind: StructureKind::parse(&kind.kind).ok_or_else(|| invalid("structure kind"))?,
            departement: commune.departement.to_string(),
            insee: Some(commune.insee.to_string()),
            status,
        };
        let structure_id = structures::ensure(&mut tx, &structure, now).await?;
        report.structures += 1;

        let referent = &demo.referent_names[i % demo.referent_names.len()];
        staff::ensure_referent(
            &mut tx,
            structure_id,
            referent,
            Channel::Sms,
            &referent_phone(i),
        )
        .await?;
        report.referents += 1;

        for k in 0..2usize {
            let domain = if k == 0 { i % 4 + 1 } else { (i + 2) % 4 + 1 };
            let templates = &demo.missions[&domain.to_string()];
            let t = &templates[(i / 4 + k) % templates.len()];
            let remote = domain == 3 && i % 3 == 0;
            let places = 1 + ((i * 7 + k) % 4) as i64;
            let serial = i * 2 + k;
            let (status, taken) = if serial % 9 == 4 {
                (MissionStatus::Full, places)
            } else if serial % 13 == 6 {
                (MissionStatus::Pending, 0)
            } else {
                (MissionStatus::Validated, 0)
            };
            let mission = NewMission {
                external_ref: Some(format!("demo-m-{i:02}-{k}")),
                structure_id,
                domain: domain as i64,
                title: t.title.clone(),
                description: t.description.clone(),
                remote,
                insee: Some(commune.insee.to_string()),
                commune: Some(commune.name.to_string()),
                departement: commune.departement.to_string(),
                // Remote demo missions keep their structure's place (as they always have).
                point: Some(commune.point),
                starts_on: None,
                ends_on: None,
                schedule: t.schedule.clone(),
                places,
                places_taken: taken,
                status,
            };
            missions::insert(&mut tx, &mission, now).await?;
            report.missions += 1;
        }
        progress(i + 1, n);
    }
    tx.commit().await?;
    Ok(report)
}

/// "CCAS de {commune}" with French elision and contraction: "CCAS d'Arras",
/// "Mairie du Portel", "Entraide Hesdin-la-Forêt".
fn of_commune(template: &str, commune: &str) -> String {
    if let Some((before, _)) = template.split_once(" de {commune}") {
        let joined = if let Some(rest) = commune.strip_prefix("Le ") {
            format!("du {rest}")
        } else if let Some(rest) = commune.strip_prefix("Les ") {
            format!("des {rest}")
        } else if commune.starts_with(['A', 'E', 'É', 'I', 'O', 'U', 'Œ']) {
            format!("d'{commune}")
        } else {
            format!("de {commune}")
        };
        return format!("{before} {joined}");
    }
    template.replace("{commune}", commune)
}

#[cfg(test)]
mod tests {
    #[test]
    fn structure_names_elide() {
        assert_eq!(
            super::of_commune("CCAS de {commune}", "Arras"),
            "CCAS d'Arras"
        );
        assert_eq!(
            super::of_commune("Mairie de {commune}", "Le Portel"),
            "Mairie du Portel"
        );
        assert_eq!(
            super::of_commune("CCAS de {commune}", "Lens"),
            "CCAS de Lens"
        );
        assert_eq!(
            super::of_commune("Entraide {commune}", "Étaples"),
            "Entraide Étaples"
        );
    }
}
