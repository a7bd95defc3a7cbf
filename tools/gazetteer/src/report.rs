//! The generator's report: each rule's measured error, printed and written into the table
//! (rows of kind `R`), where the application reads the typical error of each precision.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::placement::{Candidate, Errors, Measured, RULES};

pub struct Report {
    lines: Vec<RuleLine>,
    classes: usize,
    overall: Option<Errors>,
}

struct RuleLine {
    flag: char,
    describe: &'static str,
    /// Leave-one-out error wherever the rule can place a commune that has a point.
    wherever: Option<Errors>,
    /// Leave-one-out error where the selection picks this rule: what the communes it places
    /// can expect.
    selected: Option<Errors>,
    placed: usize,
}

impl Report {
    pub fn new(
        measured: &Measured,
        selected_loo: &BTreeMap<char, Vec<f64>>,
        chosen: &HashMap<&str, Candidate>,
    ) -> Report {
        let lines = RULES
            .iter()
            .map(|&rule| RuleLine {
                flag: rule.flag(),
                describe: rule.describe(),
                wherever: measured
                    .by_rule
                    .get(&rule)
                    .and_then(|v| Errors::of(v.clone())),
                selected: selected_loo
                    .get(&rule.flag())
                    .and_then(|v| Errors::of(v.clone())),
                placed: chosen.values().filter(|c| c.rule == rule).count(),
            })
            .collect();
        Report {
            lines,
            overall: Errors::of(selected_loo.values().flatten().copied().collect()),
            classes: measured.classes(),
        }
    }

    pub fn print(&self) {
        eprintln!(
            "gazetteer: rules measured by leave-one-out on communes with a point \
             ({} rule x open-rules classes); km: n median p90 p99 max",
            self.classes
        );
        for l in &self.lines {
            eprintln!(
                "  {} {:<46} wherever it applies: {}\n    {:<46} where chosen: {}; places {} communes",
                l.flag,
                l.describe,
                show(l.wherever),
                "",
                show(l.selected),
                l.placed
            );
        }
        eprintln!("  all rules as chosen: {}", show(self.overall));
    }

    /// `R` rows for the table: flag, rule, then the error where chosen (n, median, p90, p99,
    /// max, in km) and the number of communes placed by it.
    pub fn rows(&self) -> String {
        let mut out = String::from(
            "# R\tprecision\trule\tmeasured (leave one out, where chosen): communes, median km, \
             p90 km, p99 km, max km\tcommunes placed\n",
        );
        for l in &self.lines {
            let Some(e) = l.selected else { continue };
            writeln!(
                out,
                "R\t{}\t{}\t{}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{}",
                l.flag, l.describe, e.n, e.median, e.p90, e.p99, e.max, l.placed
            )
            .unwrap();
        }
        out
    }
}

fn show(e: Option<Errors>) -> String {
    match e {
        Some(e) => format!(
            "{:>6} {:>6.2} {:>6.2} {:>6.2} {:>6.1}",
            e.n, e.median, e.p90, e.p99, e.max
        ),
        None => "not applicable".into(),
    }
}

/// "H 34000, O 800, …": how many communes each rule gave their point, in the table's order of
/// precision letters.
pub fn points_by_rule(placed: &[(char, &str)]) -> String {
    let mut counts: BTreeMap<char, usize> = BTreeMap::new();
    for (flag, _) in placed {
        *counts.entry(*flag).or_default() += 1;
    }
    let order = "HOGPBSNEA";
    let mut flags: Vec<char> = counts.keys().copied().collect();
    flags.sort_by_key(|f| order.find(*f).unwrap_or(order.len()));
    flags
        .iter()
        .map(|f| format!("{f} {}", counts[f]))
        .collect::<Vec<_>>()
        .join(", ")
}
