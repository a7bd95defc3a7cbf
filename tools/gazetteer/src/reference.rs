//! Measures the table's points against the independent reference in `../shared/data` (La Poste
//! / INSEE via Coercive/FranceCities; test data, never shipped), when it is found next to the
//! checkout or named by `RENFORT_REFERENCE_COORDS`. Printed only: the table must not depend on
//! whether the reference is on the machine, so `--check` stays byte-for-byte.

use std::collections::{BTreeMap, HashMap};

use renfort_core::geo::Point;

use crate::placement::Errors;
use crate::town_hall::Known;

const FILE: &str = "shared/data/fr_postal_code_commune_coords.csv";

fn load() -> Option<HashMap<String, Point>> {
    let path = std::env::var("RENFORT_REFERENCE_COORDS").ok().or_else(|| {
        std::env::current_dir()
            .ok()?
            .ancestors()
            .map(|d| d.join(FILE))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })?;
    let text = std::fs::read_to_string(path).ok()?;
    let mut map = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if let (Ok(lat), Ok(lon)) = (f[f.len() - 2].parse(), f[f.len() - 1].parse()) {
            map.insert(f[1].to_string(), Point::new(lat, lon));
        }
    }
    Some(map)
}

/// Prints, for the rule as chosen and for each alternative that was weighed, the distance of
/// each commune's point to the reference's (French Guiana aside: the reference gives the centre
/// of territories of thousands of km²).
pub fn report(
    rows: &BTreeMap<String, String>,
    known: &HashMap<String, Known>,
    geonames: &HashMap<&str, Point>,
) {
    let Some(reference) = load() else {
        eprintln!("gazetteer: reference ../{FILE} not found; errors not measured");
        return;
    };
    let mut sets: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut add = |set: String, d: f64| sets.entry(set).or_default().push(d);
    for line in rows.values() {
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] == "D" || f[3] == "973" {
            continue;
        }
        let Some(r) = reference.get(f[1]) else {
            continue;
        };
        let (Ok(lat), Ok(lon)) = (f[6].parse(), f[7].parse()) else {
            continue;
        };
        let d = Point::new(lat, lon).distance_km(r);
        let area = match f[3] {
            "62" => "Pas-de-Calais",
            d if d.starts_with("97") => "overseas",
            _ => "mainland and Corsica",
        };
        add(format!("1 table, rule {}", f[8]), d);
        add("2 table, all".into(), d);
        add(format!("3 table, {area}"), d);
        if area == "Pas-de-Calais" {
            add("3 table, mainland and Corsica".into(), d);
        }
        // The alternatives weighed for the rule.
        if let Some(k) = known.get(f[1]) {
            if let Some(p) = k.town_hall {
                add("4 alternative: raw town hall".into(), p.distance_km(r));
            }
            if let Some(p) = k.outline.as_ref().and_then(|o| o.centre()) {
                add("4 alternative: outline centre".into(), p.distance_km(r));
            }
        }
        if let Some(p) = geonames.get(f[1]) {
            add("4 alternative: GeoNames point".into(), p.distance_km(r));
        }
    }
    eprintln!("gazetteer: against the reference (973 apart), km: n median p90 p99 max");
    for (set, v) in sets {
        if let Some(e) = Errors::of(v) {
            eprintln!(
                "  {:<40} {:>6} {:>6.2} {:>6.2} {:>7.2} {:>8.1}",
                &set[2..],
                e.n,
                e.median,
                e.p90,
                e.p99,
                e.max
            );
        }
    }
}
