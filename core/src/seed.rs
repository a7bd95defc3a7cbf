//! `renfort seed demo`: about fifty structures across Pas-de-Calais in real communes, with
//! missions in the four domains (some remote, some full, some pending, many more than 10 km
//! apart), one referent each and a moderator for 62, all on fictional numbers of ARCEP's range
//! for fiction (+33 6 39 98 xx xx). Idempotent: every row has a stable external reference.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::geo::{Gazetteer, Resolution};
use crate::store::{Result, Store, StoreError};

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
    let demo: Demo = serde_json::from_str(DEMO).expect("demo.json is valid");
    let g = Gazetteer::get();
    let mut tx = store.begin().await?;
    let mut report = SeedReport::default();
    sqlx::query(
        "INSERT INTO departement_settings (departement, validation) VALUES ($1, $2) \
         ON CONFLICT (departement) DO NOTHING",
    )
    .bind(&demo.departement)
    .bind(&demo.validation)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO moderators (name, phone, departements) VALUES ($1, $2, $3) \
         ON CONFLICT (phone) DO NOTHING",
    )
    .bind(&demo.moderator.name)
    .bind(&demo.moderator.phone)
    .bind(&demo.moderator.departements)
    .execute(&mut *tx)
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
        let status = if i + 2 >= n { "pending" } else { "validated" };
        let structure_ref = format!("demo-s-{i:02}");
        sqlx::query(
            "INSERT INTO structures (external_ref, name, kind, departement, insee, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (external_ref) DO NOTHING",
        )
        .bind(&structure_ref)
        .bind(&structure_name)
        .bind(&kind.kind)
        .bind(commune.departement)
        .bind(commune.insee)
        .bind(status)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let structure_id: i64 =
            sqlx::query_scalar("SELECT id FROM structures WHERE external_ref = $1")
                .bind(&structure_ref)
                .fetch_one(&mut *tx)
                .await?;
        report.structures += 1;

        let referent = &demo.referent_names[i % demo.referent_names.len()];
        sqlx::query(
            "INSERT INTO referents (structure_id, name, phone) VALUES ($1, $2, $3) \
             ON CONFLICT (structure_id, phone) DO NOTHING",
        )
        .bind(structure_id)
        .bind(referent)
        .bind(referent_phone(i))
        .execute(&mut *tx)
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
                ("full", places)
            } else if serial % 13 == 6 {
                ("pending", 0)
            } else {
                ("validated", 0)
            };
            sqlx::query(
                "INSERT INTO missions (external_ref, structure_id, domain, title, description, \
                 remote, insee, commune, departement, lat, lon, schedule, places, places_taken, \
                 status, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
                 ON CONFLICT (external_ref) DO NOTHING",
            )
            .bind(format!("demo-m-{i:02}-{k}"))
            .bind(structure_id)
            .bind(domain as i64)
            .bind(&t.title)
            .bind(&t.description)
            .bind(i64::from(remote))
            .bind(commune.insee)
            .bind(commune.name)
            .bind(commune.departement)
            .bind(commune.point.lat)
            .bind(commune.point.lon)
            .bind(&t.schedule)
            .bind(places)
            .bind(taken)
            .bind(status)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            report.missions += 1;
        }
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
