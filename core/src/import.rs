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
//! | `place` | unless remote | postal code, commune name or INSEE code (must be unambiguous), in the structure's département unless `--allow-outside` |
//! | `remote` | no | `1`/`oui`/`yes` for a remote mission (domain 3 only) |
//! | `places` | yes | volunteers needed, 1 to 500 |
//! | `schedule` | no | free text, at most 80 characters |
//! | `starts_on`, `ends_on` | no | `YYYY-MM-DD`, end not before start |
//! | `ref` | no | your reference, your structure's own; a row whose structure has this `ref` already is skipped (and listed) |
//!
//! Imported missions are `pending`: moderators validate them like any other. JSON values take
//! their column's type (text, integer, flag); no field may hold a control or invisible character.

use std::collections::HashMap;

use serde::Deserialize;

use crate::domain::MissionStatus;
use crate::geo::{Gazetteer, Point, Resolution};
use crate::store::missions::{self, NewMission};
use crate::store::{Result, Store, Tx, structures};
use crate::text;

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
    /// Rows whose structure had a mission with their `ref` already (imported before, or
    /// created through the API): not written, each named so that the operator can look.
    pub skipped: Vec<SkippedRow>,
    pub errors: Vec<RowError>,
}

/// A row not written because its structure has a mission with its `ref`.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedRow {
    pub line: u64,
    pub reference: String,
    /// The mission that has this reference.
    pub mission_id: i64,
}

/// What a JSON value may be in each column: the file's author sees a clear error instead of
/// `{"a":[1,2]}` stored as a title.
#[derive(Clone, Copy)]
enum JsonKind {
    Text,
    /// A reference or a numeric id.
    TextOrInteger,
    /// A whole number, or a string of one (as in CSV).
    Integer,
    /// `true`/`false`, 0/1, or the CSV words (`oui`, `1`…).
    Flag,
}

fn json_kind(column: &str) -> Option<JsonKind> {
    Some(match column {
        "title" | "description" | "place" | "schedule" | "starts_on" | "ends_on" => JsonKind::Text,
        "structure" | "ref" => JsonKind::TextOrInteger,
        "domain" | "places" => JsonKind::Integer,
        "remote" => JsonKind::Flag,
        _ => return None,
    })
}

/// One JSON object as a row. Each column takes the JSON type it means (see [`JsonKind`]);
/// objects, arrays, fractions and unknown columns are refused with the column's name.
pub fn from_json(v: serde_json::Value) -> std::result::Result<ImportRow, String> {
    use serde_json::Value;
    let Value::Object(map) = v else {
        return Err("expected an object".into());
    };
    let mut fields = serde_json::Map::new();
    for (column, value) in map {
        let Some(kind) = json_kind(&column) else {
            return Err(format!("unknown column {column:?}"));
        };
        let text = match (kind, value) {
            (_, Value::Null) => String::new(),
            (_, Value::String(s)) => s,
            (JsonKind::TextOrInteger | JsonKind::Integer | JsonKind::Flag, Value::Number(n))
                if n.is_i64() =>
            {
                n.to_string()
            }
            (JsonKind::Flag, Value::Bool(b)) => if b { "1" } else { "0" }.to_string(),
            (kind, other) => {
                let expected = match kind {
                    JsonKind::Text => "a string",
                    JsonKind::TextOrInteger => "a string or an integer",
                    JsonKind::Integer => "an integer",
                    JsonKind::Flag => "true or false",
                };
                let got = match other {
                    Value::Object(_) => "an object",
                    Value::Array(_) => "an array",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    _ => "something else",
                };
                return Err(format!("{column} must be {expected}, not {got}"));
            }
        };
        fields.insert(column, Value::String(text));
    }
    serde_json::from_value(Value::Object(fields)).map_err(|e| e.to_string())
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
                from_json(v)
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
    line: u64,
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

/// The first character in a row's fields that is not text ([`text::unwanted`]): NUL, escape
/// sequences, bidirectional overrides and marks, zero-width characters, byte order marks, line
/// separators have no place in a mission's text (they would reach terminals and phones). Only
/// a description may hold line breaks and tabs. Refused rather than cleaned: the operator (or
/// the API's caller) fixes the source, and what is stored is what they sent.
fn control_character(row: &ImportRow) -> Option<(&'static str, char)> {
    let fields: [(&'static str, &str); 11] = [
        ("structure", &row.structure),
        ("domain", &row.domain),
        ("title", &row.title),
        ("description", &row.description),
        ("place", &row.place),
        ("remote", &row.remote),
        ("places", &row.places),
        ("schedule", &row.schedule),
        ("starts_on", &row.starts_on),
        ("ends_on", &row.ends_on),
        ("ref", &row.reference),
    ];
    fields.into_iter().find_map(|(name, value)| {
        value
            .chars()
            .find(|&c| {
                let kind = if name == "description" {
                    text::Kind::Lines
                } else {
                    text::Kind::Line
                };
                text::unwanted(c, kind)
            })
            .map(|c| (name, c))
    })
}

/// A mission's title fits an SMS line; its description, one screen.
pub const TITLE_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 500;

/// What is wrong with a mission's new title and description, by the import's rules (the
/// console's edit): lengths, and the characters [`control_character`] refuses.
pub fn text_errors(title: &str, description: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let length = title.chars().count();
    if !(1..=TITLE_MAX).contains(&length) {
        errors.push(format!(
            "title must have 1 to {TITLE_MAX} characters ({length})"
        ));
    }
    if description.chars().count() > DESCRIPTION_MAX {
        errors.push(format!(
            "description too long ({DESCRIPTION_MAX} characters)"
        ));
    }
    let row = ImportRow {
        title: title.to_string(),
        description: description.to_string(),
        ..ImportRow::default()
    };
    if let Some((field, c)) = control_character(&row) {
        errors.push(format!("{field} holds U+{:04X}", c as u32));
    }
    errors
}

/// A value quoted in an error, cut at 40 characters: a 6 MB field is not printed back.
fn quote(value: &str) -> String {
    if value.chars().count() <= 40 {
        return format!("{value:?}");
    }
    let head: String = value.chars().take(40).collect();
    format!("{head:?}…")
}

/// Checks every row against the structures and the gazetteer. A mission's place must be in
/// its structure's département unless `allow_outside`.
async fn check(
    store: &Store,
    rows: Vec<(u64, ImportRow)>,
    allow_outside: bool,
    mut progress: impl FnMut(usize, usize),
) -> Result<(Vec<Checked>, Vec<RowError>)> {
    let total = rows.len();
    let mut known: HashMap<String, Option<(i64, String)>> = HashMap::new();
    let mut errors = Vec::new();
    let mut checked = Vec::with_capacity(total);
    let g = Gazetteer::get();
    for (done, (line, row)) in rows.into_iter().enumerate() {
        let mut fail = |message: String| errors.push(RowError { line, message });
        if let Some((field, c)) = control_character(&row) {
            fail(format!(
                "{field} holds a control character (U+{:04X})",
                u32::from(c)
            ));
            continue;
        }
        let key = row.structure.clone();
        if !known.contains_key(&key) {
            let found = structures::by_reference(store, &key).await?;
            known.insert(key.clone(), found);
        }
        let Some((structure_id, mut departement)) = known[&key].clone() else {
            fail(format!("unknown structure {}", quote(&row.structure)));
            continue;
        };
        let domain = match row.domain.parse::<i64>() {
            Ok(d @ 1..=4) => d,
            _ => {
                fail(format!("domain must be 1 to 4, not {}", quote(&row.domain)));
                continue;
            }
        };
        let title_len = row.title.chars().count();
        if title_len == 0 || title_len > TITLE_MAX {
            fail(format!("title must have 1 to 60 characters ({title_len})"));
            continue;
        }
        if row.description.chars().count() > DESCRIPTION_MAX || row.schedule.chars().count() > 80 {
            fail("description (500) or schedule (80 characters) too long".into());
            continue;
        }
        let places = match row.places.parse::<i64>() {
            Ok(n @ 1..=500) => n,
            _ => {
                fail(format!(
                    "places must be 1 to 500, not {}",
                    quote(&row.places)
                ));
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
                fail(format!("date {} is not YYYY-MM-DD", quote(d)));
            }
        }
        if !row.starts_on.is_empty() && !row.ends_on.is_empty() && row.ends_on < row.starts_on {
            fail("ends_on is before starts_on".into());
        }
        let place = if remote {
            None
        } else {
            let resolution = g
                .by_insee(&row.place)
                .map(Resolution::Found)
                .unwrap_or_else(|| g.resolve(&row.place, Some(&departement)));
            // Inside the structure's département, candidates elsewhere are not offered (nor
            // named: the error speaks of this département only).
            let resolution = match resolution {
                Resolution::Choose(list) if !allow_outside => {
                    let mut inside: Vec<_> = list
                        .into_iter()
                        .filter(|c| c.departement == departement)
                        .collect();
                    match inside.len() {
                        0 => Resolution::NotFound(Vec::new()),
                        1 => Resolution::Found(inside.remove(0)),
                        _ => Resolution::Choose(inside),
                    }
                }
                other => other,
            };
            match resolution {
                Resolution::Found(c) if c.departement != departement && !allow_outside => {
                    fail(format!(
                        "place {} is outside the structure's département {departement} \
                         (--allow-outside to import it anyway)",
                        quote(&row.place)
                    ));
                    continue;
                }
                Resolution::Found(c) => {
                    // Allowed outside: the mission belongs to where it happens, so that
                    // département's moderators validate it.
                    departement = c.departement.to_string();
                    Some((
                        c.insee.to_string(),
                        c.name.to_string(),
                        c.point.lat,
                        c.point.lon,
                    ))
                }
                Resolution::Choose(list) => {
                    let names: Vec<String> = list
                        .iter()
                        .take(4)
                        .map(|c| format!("{} ({})", c.name, c.insee))
                        .collect();
                    fail(format!(
                        "place {} is ambiguous: {}",
                        quote(&row.place),
                        names.join(", ")
                    ));
                    continue;
                }
                Resolution::Area(area) => {
                    fail(format!(
                        "place {} is a département or region ({}): name a commune",
                        quote(&row.place),
                        area.name
                    ));
                    continue;
                }
                Resolution::NotFound(_) if allow_outside => {
                    fail(format!("place {} not found", quote(&row.place)));
                    continue;
                }
                Resolution::NotFound(_) => {
                    fail(format!(
                        "place {} not found in département {departement}",
                        quote(&row.place)
                    ));
                    continue;
                }
            }
        };
        if errors.len() > before {
            continue;
        }
        checked.push(Checked {
            line,
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

/// Inserts a checked mission; `None` if its structure has its reference already.
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

/// The two passes of an import, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStep {
    /// Rows checked against the structures and the gazetteer.
    Checking,
    /// Checked rows written, in one transaction.
    Writing,
}

/// Imports `rows` as pending missions; `progress(step, done, total)` is called as rows are
/// checked, then written. `allow_outside`: a mission may take place outside its structure's
/// département.
pub async fn missions(
    store: &Store,
    rows: Vec<(u64, ImportRow)>,
    now: i64,
    allow_outside: bool,
    mut progress: impl FnMut(ImportStep, usize, usize),
) -> Result<ImportReport> {
    let (checked, errors) = check(store, rows, allow_outside, |done, total| {
        progress(ImportStep::Checking, done, total)
    })
    .await?;
    let mut report = ImportReport {
        errors,
        ..ImportReport::default()
    };
    if !report.errors.is_empty() {
        return Ok(report);
    }
    let mut tx = store.begin().await?;
    for (i, c) in checked.iter().enumerate() {
        match insert(&mut tx, c, MissionStatus::Pending, now).await? {
            Some(_) => report.imported += 1,
            None => {
                // Only a row with a ref conflicts; the mission holding it is in this
                // transaction's view.
                let mission_id = missions::by_ref(&mut tx, c.structure_id, &c.row.reference)
                    .await?
                    .unwrap_or_default();
                report.skipped.push(SkippedRow {
                    line: c.line,
                    reference: c.row.reference.clone(),
                    mission_id,
                });
            }
        }
        progress(ImportStep::Writing, i + 1, checked.len());
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

    /// Writes it; `None` if its structure has its `ref` already.
    pub async fn insert(
        &self,
        tx: &mut Tx,
        status: MissionStatus,
        now: i64,
    ) -> Result<Option<i64>> {
        insert(tx, &self.0, status, now).await
    }
}

/// Checks rows (a referent's CSV in the console), by line: the drafts to write, or every
/// error. The places must be in each structure's département.
pub async fn check_rows(
    store: &Store,
    rows: Vec<(u64, ImportRow)>,
) -> Result<std::result::Result<Vec<(u64, Draft)>, Vec<RowError>>> {
    let (checked, errors) = check(store, rows, false, |_, _| {}).await?;
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(checked
        .into_iter()
        .map(|c| (c.line, Draft(c)))
        .collect()))
}

/// Checks one mission (API): a draft to write, or what is wrong with it. The place must be in
/// the structure's département.
pub async fn check_one(
    store: &Store,
    row: ImportRow,
) -> Result<std::result::Result<Draft, Vec<String>>> {
    let (mut checked, errors) = check(store, vec![(1, row)], false, |_, _| {}).await?;
    if !errors.is_empty() {
        return Ok(Err(errors.into_iter().map(|e| e.message).collect()));
    }
    Ok(Ok(Draft(checked.remove(0))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_values_take_their_column_type() {
        let row = from_json(json!({
            "structure": 12, "domain": 1, "title": "Tri", "places": "3", "remote": false,
            "ref": "r-1", "place": null
        }))
        .unwrap();
        assert_eq!(
            (
                row.structure.as_str(),
                row.domain.as_str(),
                row.places.as_str()
            ),
            ("12", "1", "3")
        );
        assert_eq!((row.remote.as_str(), row.place.as_str()), ("0", ""));
        for (bad, expected) in [
            (
                json!({"title": {"a": [1, 2]}}),
                "title must be a string, not an object",
            ),
            (
                json!({"title": ["x"]}),
                "title must be a string, not an array",
            ),
            (
                json!({"place": 62000}),
                "place must be a string, not a number",
            ),
            (
                json!({"domain": 1.5}),
                "domain must be an integer, not a number",
            ),
            (
                json!({"places": true}),
                "places must be an integer, not a boolean",
            ),
            (
                json!({"remote": {}}),
                "remote must be true or false, not an object",
            ),
            (
                json!({"structure": [1]}),
                "structure must be a string or an integer",
            ),
            (json!({"status": "validated"}), "unknown column \"status\""),
            (json!(["title"]), "expected an object"),
        ] {
            let err = from_json(bad.clone()).unwrap_err();
            assert!(err.starts_with(expected), "{bad}: {err}");
        }
        // In a file, the item is named.
        let err = parse(r#"[{"title": "ok"}, {"title": {"a": 1}}]"#, true).unwrap_err();
        assert_eq!(err.line, 2);
        assert!(
            err.message.contains("item 2: title must be a string"),
            "{err:?}"
        );
    }

    #[test]
    fn control_characters_are_found_in_any_field() {
        let clean = ImportRow {
            title: "Tri de dons".into(),
            description: "Ligne 1\nLigne 2\tfin".into(),
            ..ImportRow::default()
        };
        assert_eq!(control_character(&clean), None);
        for (row, found) in [
            (
                ImportRow {
                    title: "Tri\0".into(),
                    ..clean.clone()
                },
                ("title", '\0'),
            ),
            (
                ImportRow {
                    schedule: "\u{1b}[31mrouge".into(),
                    ..clean.clone()
                },
                ("schedule", '\u{1b}'),
            ),
            (
                ImportRow {
                    title: "a\nb".into(),
                    ..clean.clone()
                },
                ("title", '\n'),
            ),
            (
                ImportRow {
                    reference: "x\u{202e}y".into(),
                    ..clean.clone()
                },
                ("ref", '\u{202e}'),
            ),
            (
                ImportRow {
                    description: "\u{7f}".into(),
                    ..clean.clone()
                },
                ("description", '\u{7f}'),
            ),
            (
                ImportRow {
                    structure: "\u{feff}CR62".into(),
                    ..clean.clone()
                },
                ("structure", '\u{feff}'),
            ),
            (
                ImportRow {
                    title: "Tri\u{200b}de dons".into(),
                    ..clean.clone()
                },
                ("title", '\u{200b}'),
            ),
            (
                ImportRow {
                    description: "Ligne 1\u{2028}Ligne 2".into(),
                    ..clean.clone()
                },
                ("description", '\u{2028}'),
            ),
            (
                ImportRow {
                    place: "Arras\u{200e}".into(),
                    ..clean.clone()
                },
                ("place", '\u{200e}'),
            ),
            (
                ImportRow {
                    schedule: "le \u{2067}matin\u{2069}".into(),
                    ..clean.clone()
                },
                ("schedule", '\u{2067}'),
            ),
        ] {
            assert_eq!(control_character(&row), Some(found));
        }
    }

    #[test]
    fn quoted_values_are_cut() {
        assert_eq!(quote("Arras"), "\"Arras\"");
        let long = "x".repeat(1_000_000);
        assert_eq!(quote(&long), format!("\"{}\"…", "x".repeat(40)));
    }
}
