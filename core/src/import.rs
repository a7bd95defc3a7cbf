//! `renfort import missions FILE`: missions from CSV or JSON, all or nothing. Every row is
//! checked first; any error is reported with its line number and nothing is imported.
//!
//! Columns (CSV header, or JSON object keys):
//!
//! | column | required | meaning |
//! |---|---|---|
//! | `structure` | yes | the structure's reference (`external_ref`) or numeric id |
//! | `domain` | yes | 1 food aid, 2 childcare, 3 keeping in touch, 4 shopping |
//! | `title` | yes | at most 60 characters (it must fit an SMS line) |
//! | `description` | no | at most 500 characters |
//! | `place` | unless remote | postal code, commune name or INSEE code (must be unambiguous) |
//! | `remote` | no | `1`/`oui`/`yes` for a remote mission (domain 3 only) |
//! | `places` | yes | volunteers needed, 1 to 500 |
//! | `schedule` | no | free text, at most 80 characters |
//! | `starts_on`, `ends_on` | no | `YYYY-MM-DD`, end not before start |
//! | `ref` | no | your reference; a row whose `ref` exists already is skipped |
//!
//! Imported missions are `pending`: moderators validate them like any other.

use std::collections::HashMap;

use serde::Deserialize;

use crate::domain::MissionStatus;
use crate::geo::{Gazetteer, Point, Resolution};
use crate::store::missions::{self, NewMission};
use crate::store::{Result, Store, Tx, structures};

#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ImportRow {
    pub structure: String,
    pub domain: String,
    pub title: String,
    pub description: String,
    pub place: String,
    pub remote: String,
    pub places: String,
    pub schedule: String,
    pub starts_on: String,
    pub ends_on: String,
    #[serde(rename = "ref")]
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct ImportReport {
    pub imported: usize,
    pub skipped: usize,
    pub errors: Vec<RowError>,
}

/// One JSON object as a row; numbers and booleans are accepted where text is expected
/// ("domain": 1, "remote": true).
pub fn from_json(v: serde_json::Value) -> std::result::Result<ImportRow, String> {
    let v = match v {
        serde_json::Value::Object(map) => serde_json::Value::Object(
            map.into_iter()
                .map(|(k, v)| match v {
                    serde_json::Value::String(_) => (k, v),
                    serde_json::Value::Null => (k, serde_json::Value::String(String::new())),
                    other => (k, serde_json::Value::String(other.to_string())),
                })
                .collect(),
        ),
        _ => return Err("expected an object".into()),
    };
    serde_json::from_value(v).map_err(|e| e.to_string())
}

/// Parses CSV (with a header) or a JSON array; returns rows with their line numbers.
pub fn parse(content: &str, json: bool) -> std::result::Result<Vec<(u64, ImportRow)>, RowError> {
    if json {
        let rows: Vec<serde_json::Value> = serde_json::from_str(content).map_err(|e| RowError {
            line: e.line() as u64,
            message: format!("invalid JSON: {e}"),
        })?;
        return rows
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                // Numbers are accepted where text is expected ("domain": 1).
                let v = match v {
                    serde_json::Value::Object(map) => serde_json::Value::Object(
                        map.into_iter()
                            .map(|(k, v)| match v {
                                serde_json::Value::String(_) => (k, v),
                                serde_json::Value::Null => {
                                    (k, serde_json::Value::String(String::new()))
                                }
                                other => (k, serde_json::Value::String(other.to_string())),
                            })
                            .collect(),
                    ),
                    other => other,
                };
                serde_json::from_value(v)
                    .map(|r| (i as u64 + 1, r))
                    .map_err(|e| RowError {
                        line: i as u64 + 1,
                        message: format!("item {}: {e}", i + 1),
                    })
            })
            .collect();
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(content.as_bytes());
    let mut rows = Vec::new();
    for record in reader.deserialize::<ImportRow>() {
        match record {
            Ok(r) => rows.push((rows.len() as u64 + 2, r)),
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                return Err(RowError {
                    line,
                    message: format!("invalid CSV: {e}"),
                });
            }
        }
    }
    Ok(rows)
}

struct Checked {
    structure_id: i64,
    departement: String,
    domain: i64,
    remote: bool,
    place: Option<(String, String, f64, f64)>,
    places: i64,
    row: ImportRow,
}

fn date_ok(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && matches!(s[5..7].parse::<u32>(), Ok(1..=12))
        && matches!(s[8..10].parse::<u32>(), Ok(1..=31))
}

/// Checks every row against the structures and the gazetteer.
async fn check(
    store: &Store,
    rows: Vec<(u64, ImportRow)>,
    mut progress: impl FnMut(usize, usize),
) -> Result<(Vec<Checked>, Vec<RowError>)> {
    let total = rows.len();
    let mut known: HashMap<String, Option<(i64, String)>> = HashMap::new();
    let mut errors = Vec::new();
    let mut checked = Vec::with_capacity(total);
    let g = Gazetteer::get();
    for (done, (line, row)) in rows.into_iter().enumerate() {
        let mut fail = |message: String| errors.push(RowError { line, message });
        let key = row.structure.clone();
        if !known.contains_key(&key) {
            let found = structures::by_reference(store, &key).await?;
            known.insert(key.clone(), found);
        }
        let Some((structure_id, departement)) = known[&key].clone() else {
            fail(format!("unknown structure {:?}", row.structure));
            continue;
        };
        let domain = match row.domain.parse::<i64>() {
            Ok(d @ 1..=4) => d,
            _ => {
                fail(format!("domain must be 1 to 4, not {:?}", row.domain));
                continue;
            }
        };
        let title_len = row.title.chars().count();
        if title_len == 0 || title_len > 60 {
            fail(format!("title must have 1 to 60 characters ({title_len})"));
            continue;
        }
        if row.description.chars().count() > 500 || row.schedule.chars().count() > 80 {
            fail("description (500) or schedule (80 characters) too long".into());
            continue;
        }
        let places = match row.places.parse::<i64>() {
            Ok(n @ 1..=500) => n,
            _ => {
                fail(format!("places must be 1 to 500, not {:?}", row.places));
                continue;
            }
        };
        let remote = matches!(
            row.remote.to_lowercase().as_str(),
            "1" | "oui" | "yes" | "true"
        );
        if remote && domain != 3 {
            fail("only domain 3 (keeping in touch) can be remote".into());
            continue;
        }
        let before = errors.len();
        let mut fail = |message: String| errors.push(RowError { line, message });
        for d in [&row.starts_on, &row.ends_on] {
            if !d.is_empty() && !date_ok(d) {
                fail(format!("date {d:?} is not YYYY-MM-DD"));
            }
        }
        if !row.starts_on.is_empty() && !row.ends_on.is_empty() && row.ends_on < row.starts_on {
            fail("ends_on is before starts_on".into());
        }
        let place = if remote {
            None
        } else {
            let commune = g
                .by_insee(&row.place)
                .map(Resolution::Found)
                .unwrap_or_else(|| g.resolve(&row.place, Some(&departement)));
            match commune {
                Resolution::Found(c) => Some((
                    c.insee.to_string(),
                    c.name.to_string(),
                    c.point.lat,
                    c.point.lon,
                )),
                Resolution::Choose(list) => {
                    let names: Vec<String> = list
                        .iter()
                        .take(4)
                        .map(|c| format!("{} ({})", c.name, c.insee))
                        .collect();
                    fail(format!(
                        "place {:?} is ambiguous: {}",
                        row.place,
                        names.join(", ")
                    ));
                    continue;
                }
                Resolution::NotFound(_) => {
                    fail(format!("place {:?} not found", row.place));
                    continue;
                }
            }
        };
        if errors.len() > before {
            continue;
        }
        checked.push(Checked {
            structure_id,
            departement,
            domain,
            remote,
            place,
            places,
            row,
        });
        progress(done + 1, total);
    }
    Ok((checked, errors))
}

/// Inserts a checked mission; `None` if its reference exists already.
async fn insert(tx: &mut Tx, c: &Checked, status: MissionStatus, now: i64) -> Result<Option<i64>> {
    let (insee, commune, point) = match &c.place {
        Some((i, n, lat, lon)) => (
            Some(i.clone()),
            Some(n.clone()),
            Some(Point::new(*lat, *lon)),
        ),
        None => (None, None, None),
    };
    let filled = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mission = NewMission {
        external_ref: filled(&c.row.reference),
        structure_id: c.structure_id,
        domain: c.domain,
        title: c.row.title.clone(),
        description: c.row.description.clone(),
        remote: c.remote,
        insee,
        commune,
        departement: c.departement.clone(),
        point,
        starts_on: filled(&c.row.starts_on),
        ends_on: filled(&c.row.ends_on),
        schedule: c.row.schedule.clone(),
        places: c.places,
        places_taken: 0,
        status,
    };
    missions::insert(tx, &mission, now).await
}

/// Imports `rows` as pending missions; `progress(done, total)` is called as rows are checked.
pub async fn missions(
    store: &Store,
    rows: Vec<(u64, ImportRow)>,
    now: i64,
    progress: impl FnMut(usize, usize),
) -> Result<ImportReport> {
    let (checked, errors) = check(store, rows, progress).await?;
    let mut report = ImportReport {
        errors,
        ..ImportReport::default()
    };
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let mut tx = store.begin().await?;
    for c in &checked {
        match insert(&mut tx, c, MissionStatus::Pending, now).await? {
            Some(_) => report.imported += 1,
            None => report.skipped += 1,
        }
    }
    tx.commit().await?;
    Ok(report)
}

/// A mission checked for the API, not yet written.
pub struct Draft(Checked);

impl Draft {
    pub fn structure_id(&self) -> i64 {
        self.0.structure_id
    }

    pub fn departement(&self) -> &str {
        &self.0.departement
    }

    /// Writes it; `None` if its `ref` exists already.
    pub async fn insert(
        &self,
        tx: &mut Tx,
        status: MissionStatus,
        now: i64,
    ) -> Result<Option<i64>> {
        insert(tx, &self.0, status, now).await
    }
}

/// Checks one mission (API): a draft to write, or what is wrong with it.
pub async fn check_one(
    store: &Store,
    row: ImportRow,
) -> Result<std::result::Result<Draft, Vec<String>>> {
    let (mut checked, errors) = check(store, vec![(1, row)], |_, _| {}).await?;
    if !errors.is_empty() {
        return Ok(Err(errors.into_iter().map(|e| e.message).collect()));
    }
    Ok(Ok(Draft(checked.remove(0))))
}
