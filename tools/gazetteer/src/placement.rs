//! Where to put a commune that has no point of its own, and how wrong each way of doing it is.
//!
//! A rule names a group of communes the commune belongs to; the commune is placed at the centre
//! of the group's territory (see `territory`). Rules never cross the commune's own EPCI while
//! the EPCI has a point: an EPCI is a contiguous block of communes, a postal code or a postal
//! prefix is not (6218x covers both Rang-du-Fliers on the coast and Cagnicourt near Arras).
//!
//! Each rule's error is measured on the communes that do have a point, by leaving that point
//! out and placing the commune by the rule as if it had none. Where several rules can place a
//! commune, the one whose measured error is lowest for a territory of that size wins.

use std::collections::HashMap;

use renfort_core::geo::Point;

use crate::territory::{Mass, Territory, gap_weight};

/// How fast the pull of postal-code neighbours fades across an EPCI's territory.
/// Chosen by the leave-one-out error of all rules as chosen (1.5 km: p90 9.84 km; 3 km: 9.88).
const NEAR_POSTAL_KM: f64 = 1.5;

/// Distance in km on a local flat projection: enough within an EPCI, and cheap.
fn flat_km(a: &Point, b: &Point) -> f64 {
    let dy = (a.lat - b.lat) * 111.2;
    let dx = (a.lon - b.lon) * 111.2 * a.lat.to_radians().cos();
    (dx * dx + dy * dy).sqrt()
}

/// The ways to place a commune without a point, most specific first. The letters are the
/// table's precision column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Communes sharing one of its postal codes, inside its EPCI (or anywhere when it belongs
    /// to no EPCI, or its EPCI has no point).
    Postal,
    /// The part of its EPCI's territory nearest to the communes sharing one of its postal codes
    /// (inside or outside the EPCI).
    EpciNearPostal,
    /// Communes of its EPCI whose postal code starts with the same four digits.
    EpciPostalPrefix,
    /// The part of its EPCI's territory nearest to the communes whose postal code starts with
    /// the same four digits (inside or outside the EPCI).
    EpciNearPrefix,
    /// Communes of its EPCI.
    Epci,
    /// Communes of its arrondissement, only when its EPCI has no point at all.
    Arrondissement,
}

pub const RULES: [Rule; 6] = [
    Rule::Postal,
    Rule::EpciNearPostal,
    Rule::EpciPostalPrefix,
    Rule::EpciNearPrefix,
    Rule::Epci,
    Rule::Arrondissement,
];

impl Rule {
    pub fn flag(self) -> char {
        match self {
            Rule::Postal => 'P',
            Rule::EpciNearPostal => 'B',
            Rule::EpciPostalPrefix => 'S',
            Rule::EpciNearPrefix => 'N',
            Rule::Epci => 'E',
            Rule::Arrondissement => 'A',
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Rule::Postal => "same postal code, inside the EPCI",
            Rule::EpciNearPostal => "EPCI territory nearest its postal-code neighbours",
            Rule::EpciPostalPrefix => "same EPCI and 4-digit postal prefix",
            Rule::EpciNearPrefix => "EPCI territory nearest its postal-prefix neighbours",
            Rule::Epci => "same EPCI",
            Rule::Arrondissement => "same arrondissement (EPCI without any point)",
        }
    }
}

/// What the rules need to know about a commune.
pub struct Member<'a> {
    pub code: &'a str,
    pub postal_codes: Vec<&'a str>,
    pub epci: Option<&'a str>,
    pub arrondissement: Option<&'a str>,
    pub point: Option<Point>,
}

pub struct Placer<'a> {
    members: &'a [Member<'a>],
    territory: Territory,
    by_postal: HashMap<&'a str, Vec<usize>>,
    by_prefix: HashMap<&'a str, Vec<usize>>,
    by_epci: HashMap<&'a str, Vec<usize>>,
    by_arrondissement: HashMap<&'a str, Vec<usize>>,
}

/// One candidate placement: where, by which rule.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub rule: Rule,
    pub point: Point,
}

impl<'a> Placer<'a> {
    pub fn new(members: &'a [Member<'a>]) -> Placer<'a> {
        let points: Vec<(usize, Point)> = members
            .iter()
            .enumerate()
            .filter_map(|(i, m)| m.point.map(|p| (i, p)))
            .collect();
        let mut placer = Placer {
            members,
            territory: Territory::build(&points),
            by_postal: HashMap::new(),
            by_prefix: HashMap::new(),
            by_epci: HashMap::new(),
            by_arrondissement: HashMap::new(),
        };
        for (i, m) in members.iter().enumerate() {
            for pc in &m.postal_codes {
                placer.by_postal.entry(pc).or_default().push(i);
                placer.by_prefix.entry(&pc[..4]).or_default().push(i);
            }
            if let Some(e) = m.epci {
                placer.by_epci.entry(e).or_default().push(i);
            }
            if let Some(a) = m.arrondissement {
                placer.by_arrondissement.entry(a).or_default().push(i);
            }
        }
        placer
    }

    /// The other communes of `i`'s group under `rule` (maybe none), ascending.
    fn group(&self, i: usize, rule: Rule) -> Vec<usize> {
        let c = &self.members[i];
        let same_epci = |j: &usize| self.members[*j].epci == c.epci;
        let mut v: Vec<usize> = match rule {
            Rule::Postal => {
                let inside = self.epci_has_point(i);
                c.postal_codes
                    .iter()
                    .filter_map(|pc| self.by_postal.get(pc))
                    .flatten()
                    .copied()
                    .filter(|j| !inside || same_epci(j))
                    .collect()
            }
            Rule::EpciPostalPrefix => {
                if !self.epci_has_point(i) {
                    return Vec::new();
                }
                self.by_epci[c.epci.unwrap()]
                    .iter()
                    .copied()
                    .filter(|&j| {
                        self.members[j]
                            .postal_codes
                            .iter()
                            .any(|pj| c.postal_codes.iter().any(|pc| pc[..4] == pj[..4]))
                    })
                    .collect()
            }
            Rule::Epci | Rule::EpciNearPostal | Rule::EpciNearPrefix => c
                .epci
                .and_then(|e| self.by_epci.get(e))
                .cloned()
                .unwrap_or_default(),
            Rule::Arrondissement => {
                if self.epci_has_point(i) {
                    return Vec::new();
                }
                c.arrondissement
                    .and_then(|a| self.by_arrondissement.get(a))
                    .cloned()
                    .unwrap_or_default()
            }
        };
        v.sort_unstable();
        v.dedup();
        v.retain(|&j| j != i);
        v
    }

    /// Whether another commune of `i`'s EPCI has a point (then no rule leaves the EPCI).
    fn epci_has_point(&self, i: usize) -> bool {
        let c = &self.members[i];
        c.epci.is_some_and(|e| {
            self.by_epci[e]
                .iter()
                .any(|&j| j != i && self.members[j].point.is_some())
        })
    }

    /// Where `rule` puts commune `i`, ignoring `i`'s own point if it has one (its cells go to
    /// their next-nearest owners).
    pub fn place(&self, i: usize, rule: Rule) -> Option<Candidate> {
        if matches!(rule, Rule::EpciNearPostal | Rule::EpciNearPrefix) {
            return self.place_near(i, rule);
        }
        let group = self.group(i, rule);
        let mut mass = Mass::default();
        for &j in &group {
            if let Some(m) = self.territory.own.get(&j) {
                mass.add(m);
            }
        }
        if let Some(heirs) = self.territory.heirs.get(&i) {
            for (heir, m) in heirs {
                if group.binary_search(heir).is_ok() {
                    mass.add(m);
                }
            }
        }
        mass.centre().map(|point| Candidate { rule, point })
    }

    /// The EPCI's territory, each cell weighed down with its distance to the nearest pointed
    /// commune sharing a postal code (or, by `EpciNearPrefix`, a postal prefix) with `i`: `i`
    /// lies where its postal code meets its EPCI. The point stays inside the EPCI's territory.
    fn place_near(&self, i: usize, rule: Rule) -> Option<Candidate> {
        if !self.epci_has_point(i) {
            return None;
        }
        let c = &self.members[i];
        let mut anchors: Vec<Point> = match rule {
            Rule::EpciNearPostal => c
                .postal_codes
                .iter()
                .filter_map(|pc| self.by_postal.get(pc))
                .flatten()
                .filter(|&&j| j != i)
                .filter_map(|&j| self.members[j].point)
                .collect(),
            _ => c
                .postal_codes
                .iter()
                .filter_map(|pc| self.by_prefix.get(&pc[..4]))
                .flatten()
                .filter(|&&j| j != i)
                .filter_map(|&j| self.members[j].point)
                .collect(),
        };
        if anchors.is_empty() {
            return None;
        }
        anchors.sort_by(|a, b| a.lat.total_cmp(&b.lat).then(a.lon.total_cmp(&b.lon)));
        anchors.dedup();
        let group = self.group(i, Rule::Epci);
        let near = |p: &Point| {
            let d = anchors
                .iter()
                .map(|a| flat_km(p, a))
                .fold(f64::INFINITY, f64::min);
            (-d / NEAR_POSTAL_KM).exp()
        };
        let mut mass = Mass::default();
        for &j in &group {
            for (centre, d) in self
                .territory
                .cells
                .get(&j)
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                mass.add_weighted(*centre, gap_weight(*d) * near(centre));
            }
        }
        for (heir, centre, d) in self
            .territory
            .heir_cells
            .get(&i)
            .map(Vec::as_slice)
            .unwrap_or(&[])
        {
            if group.binary_search(heir).is_ok() {
                mass.add_weighted(*centre, gap_weight(*d) * near(centre));
            }
        }
        mass.centre().map(|point| Candidate { rule, point })
    }

    pub fn candidates(&self, i: usize) -> Vec<Candidate> {
        RULES.iter().filter_map(|&r| self.place(i, r)).collect()
    }
}

/// Which rules can place a commune, as a bit set: rules are compared on communes where the
/// same choice was open.
pub fn pattern(candidates: &[Candidate]) -> u32 {
    candidates.iter().map(|c| 1 << c.rule as u32).sum()
}

/// Error statistics of a set of placements, in km.
#[derive(Debug, Clone, Copy)]
pub struct Errors {
    pub n: usize,
    pub median: f64,
    pub p90: f64,
    pub p99: f64,
    pub max: f64,
}

impl Errors {
    pub fn of(mut v: Vec<f64>) -> Option<Errors> {
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let q = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
        Some(Errors {
            n: v.len(),
            median: q(0.5),
            p90: q(0.9),
            p99: q(0.99),
            max: v[v.len() - 1],
        })
    }
}

/// Leave-one-out errors: for each rule, and for each set of rules open to a commune, how far
/// the rule puts the communes that have a point from that point.
pub struct Measured {
    pub by_rule: HashMap<Rule, Vec<f64>>,
    by_class: HashMap<(Rule, u32), Vec<f64>>,
    /// Median error per (rule, set of open rules) with enough communes measured.
    expected: HashMap<(Rule, u32), f64>,
    expected_rule: HashMap<Rule, f64>,
}

/// Fewer communes than this with one set of open rules: the rule's overall median stands in.
const MIN_MEASURED: usize = 30;

impl Measured {
    pub fn new(placer: &Placer) -> Measured {
        let mut by_rule: HashMap<Rule, Vec<f64>> = HashMap::new();
        let mut by_class: HashMap<(Rule, u32), Vec<f64>> = HashMap::new();
        for (i, m) in placer.members.iter().enumerate() {
            let Some(own) = m.point else { continue };
            let candidates = placer.candidates(i);
            let open = pattern(&candidates);
            for c in candidates {
                let d = c.point.distance_km(&own);
                by_rule.entry(c.rule).or_default().push(d);
                by_class.entry((c.rule, open)).or_default().push(d);
            }
        }
        let expected_rule = by_rule
            .iter()
            .filter_map(|(r, v)| Some((*r, Errors::of(v.clone())?.median)))
            .collect();
        let expected = by_class
            .iter()
            .filter(|(_, v)| v.len() >= MIN_MEASURED)
            .filter_map(|(k, v)| Some((*k, Errors::of(v.clone())?.median)))
            .collect();
        Measured {
            by_rule,
            by_class,
            expected,
            expected_rule,
        }
    }

    /// The error a candidate placement is expected to have: the measured median of its rule
    /// over communes that had the same rules open (`open`).
    pub fn expected(&self, c: &Candidate, open: u32) -> f64 {
        self.expected
            .get(&(c.rule, open))
            .or_else(|| self.expected_rule.get(&c.rule))
            .copied()
            .unwrap_or(f64::INFINITY)
    }

    /// Among the candidates, the one with the lowest expected error (ties: the more specific
    /// rule).
    pub fn best(&self, candidates: &[Candidate]) -> Option<Candidate> {
        let open = pattern(candidates);
        candidates.iter().copied().min_by(|a, b| {
            self.expected(a, open)
                .total_cmp(&self.expected(b, open))
                .then(a.rule.cmp(&b.rule))
        })
    }

    pub fn classes(&self) -> usize {
        self.by_class.len()
    }
}
