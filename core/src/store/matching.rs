//! Which missions suit which volunteers: one rule, [`matches`], used in both directions —
//! the missions offered to a volunteer ([`offers_for`]) and the volunteers alerted of a new
//! mission ([`volunteers_for_mission`]). The queries only prefilter (a bounding box on
//! indexed coordinates for offers; grid cells ring by ring, or the département in rotation
//! order, for alerts); the rule decides.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AssertSqlSafe, Row};

use super::{Result, fanout};
use crate::domain::{
    Channel, Domain, Domains, Lang, MissionStatus, StructureStatus, VolunteerStatus,
};
use crate::engine::{Offer, Volunteer};
use crate::geo::{self, Point};

/// The widest radius a volunteer may choose bounds the search for a new mission.
const ANNOUNCE_SEARCH_KM: f64 = crate::domain::MAX_RADIUS_KM as f64;

/// The volunteer's side of the rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seeker {
    pub domains: Domains,
    /// May take missions on site (adult under 70 in good health).
    pub on_site: bool,
    pub point: Option<Point>,
    pub radius_km: f64,
}

/// The mission's side of the rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub domain: Domain,
    pub remote: bool,
    pub point: Option<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Match {
    /// A remote mission in one of the volunteer's domains.
    Remote,
    /// A mission on site within the volunteer's radius.
    Near { km: f64 },
}

/// The rule: the mission's domain is one of the volunteer's; a remote mission suits anyone
/// (domain 3 is the one done remotely); a mission on site needs a volunteer allowed on site,
/// within their radius.
pub fn matches(seeker: &Seeker, spot: &Spot) -> Option<Match> {
    if !seeker.domains.contains(spot.domain) {
        return None;
    }
    if spot.remote {
        return Some(Match::Remote);
    }
    if !seeker.on_site {
        return None;
    }
    let km = spot.point?.distance_km(&seeker.point?);
    (km <= seeker.radius_km).then_some(Match::Near { km })
}

const OFFER_COLUMNS: &str = "m.id, m.title, s.name, m.domain, m.commune, m.lat, m.lon, m.schedule, \
     m.description, m.places - m.places_taken, m.remote";

fn open_mission() -> String {
    format!(
        "m.status = '{}' AND s.status = '{}' AND m.places_taken < m.places",
        MissionStatus::Validated.as_str(),
        StructureStatus::Validated.as_str()
    )
}

/// Open missions for this volunteer, on site ones nearest first, remote ones after (newest
/// first). A bounding box on an indexed latitude prefilters; the rule decides. Every mission in
/// reach is returned, so that paging (PLUS) reaches all of them, remote ones included.
pub async fn offers_for(conn: &mut AnyConnection, v: &Volunteer) -> Result<Vec<Offer>> {
    let Some(place) = &v.place else {
        return Ok(Vec::new());
    };
    let seeker = Seeker {
        domains: v.domains,
        on_site: v.on_site == Some(true),
        point: Some(place.point),
        // Widened when the commune was placed by a rule: our imprecision leaves nobody out.
        radius_km: geo::search_radius_km(v.radius_km, &place.insee),
    };
    let open = open_mission();
    let remote = format!(
        "SELECT {OFFER_COLUMNS} FROM missions m JOIN structures s ON s.id = m.structure_id \
         WHERE {open} AND m.remote = 1"
    );
    // On site and remote missions in one statement (one round trip); each part keeps its own
    // index, which an OR would not.
    let rows = if seeker.on_site {
        let b = place.point.bounding_box(seeker.radius_km);
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {OFFER_COLUMNS} FROM missions m JOIN structures s ON s.id = m.structure_id \
             WHERE {open} AND m.remote = 0 AND m.lat BETWEEN $1 AND $2 \
             AND m.lon BETWEEN $3 AND $4 UNION ALL {remote}"
        )))
        .bind(b.min_lat)
        .bind(b.max_lat)
        .bind(b.min_lon)
        .bind(b.max_lon)
        .fetch_all(&mut *conn)
        .await?
    } else {
        sqlx::query(AssertSqlSafe(remote))
            .fetch_all(&mut *conn)
            .await?
    };
    let (mut offers, mut remote): (Vec<Offer>, Vec<Offer>) = rows
        .iter()
        .filter_map(|r| offer_from_row(r, &seeker))
        .partition(|o| o.distance_km.is_some());
    offers.sort_by(|a, b| {
        a.distance_km
            .unwrap_or(f64::MAX)
            .total_cmp(&b.distance_km.unwrap_or(f64::MAX))
            .then(a.id.cmp(&b.id))
    });
    remote.sort_by_key(|o| std::cmp::Reverse(o.id));
    offers.extend(remote);
    Ok(offers)
}

/// The offer in a row, if the rule lets the seeker have it.
fn offer_from_row(r: &AnyRow, seeker: &Seeker) -> Option<Offer> {
    let remote = r.get::<i64, _>(10) != 0;
    let point = match (r.get::<Option<f64>, _>(5), r.get::<Option<f64>, _>(6)) {
        (Some(lat), Some(lon)) => Some(Point::new(lat, lon)),
        _ => None,
    };
    let domain = Domain::from_number(r.get(3))?;
    let matched = matches(
        seeker,
        &Spot {
            domain,
            remote,
            point,
        },
    )?;
    Some(Offer {
        id: r.get(0),
        title: r.get(1),
        structure: r.get(2),
        domain,
        commune: if remote { None } else { r.get(4) },
        distance_km: match matched {
            Match::Near { km } => Some(km),
            Match::Remote => None,
        },
        schedule: r.get(7),
        description: r.get(8),
        places_left: r.get(9),
    })
}

/// A validated volunteer the rule matched with a new mission, and where to reach them.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub volunteer_id: i64,
    pub lang: Lang,
    /// The local day (the mission's département's zone) of their last new-mission alert (one
    /// a day at most).
    pub last_alert_day: Option<String>,
    pub reach: Option<(Channel, String)>,
    pub matched: Match,
    /// Their commune was placed by a rule: distances from it are approximate.
    pub approximate: bool,
}

/// The volunteers a new mission alerts: those the rule matches, validated, with a contact
/// that has not opted out and no alert yet on `day` (the daily cap), at most `budget` of
/// them (`fanout::AlertBudget`): among the `2 × budget` nearest, those alerted longest ago
/// first, then the nearest, so that the same few neighbours do not get every alert.
///
/// On-site missions read the grid-cell index (`volunteers_cell`, migration 0010) ring by
/// ring around the mission, one cell row per statement, and stop once the pool of nearest
/// matches is certain: a few thousand rows in a town of a million volunteers, not the
/// 700,000 of a 50 km box. Remote missions read the département in rotation order
/// (`volunteers_rotation`). Reads only: callers run it on a reader, before the writer.
pub async fn volunteers_for_mission(
    conn: &mut AnyConnection,
    spot: &Spot,
    departement: &str,
    day: &str,
    budget: usize,
) -> Result<Vec<Candidate>> {
    if budget == 0 {
        return Ok(Vec::new());
    }
    let pool = budget * fanout::POOL_FACTOR;
    let mut found = match (spot.remote, spot.point) {
        (false, Some(at)) => nearest_on_site(conn, spot, &at, day, pool).await?,
        _ => in_rotation(conn, spot, departement, day, pool).await?,
    };
    // Rotation within the pool: never alerted (0) first, then longest ago; nearest next.
    found.sort_by(|a, b| {
        a.1.cmp(&b.1)
            .then(km(&a.0).total_cmp(&km(&b.0)))
            .then(a.0.volunteer_id.cmp(&b.0.volunteer_id))
    });
    found.truncate(budget);
    let ids: Vec<i64> = found.iter().map(|c| c.0.volunteer_id).collect();
    let reach = fanout::reach_of(conn, &ids).await?;
    Ok(found
        .into_iter()
        .map(|(mut c, _)| {
            c.reach = reach.get(&c.volunteer_id).cloned();
            c
        })
        .filter(|c| c.reach.is_some())
        .collect())
}

fn km(c: &Candidate) -> f64 {
    match c.matched {
        Match::Near { km } => km,
        Match::Remote => 0.0,
    }
}

/// Filters every candidate row shares: validated, a domain in common (the rule checks it
/// again), not alerted on `day`, a contact that has not opted out.
fn candidate_filter() -> String {
    format!(
        "v.status = '{}' AND (v.domains & $1) <> 0 \
         AND (v.last_alert_day IS NULL OR v.last_alert_day <> $2) \
         AND EXISTS (SELECT 1 FROM contacts c WHERE c.volunteer_id = v.id \
         AND c.stopped_at IS NULL)",
        VolunteerStatus::Validated.as_str()
    )
}

const CANDIDATE_COLUMNS: &str = "v.id, v.lat, v.lon, v.radius_km, v.domains, v.on_site, v.lang, \
     v.last_alert_day, v.last_alerted_at, v.insee";

/// A candidate row through the rule, with when it was last alerted.
fn candidate_from_row(r: &AnyRow, spot: &Spot) -> Option<(Candidate, i64)> {
    // Radii of volunteers whose commune was placed by a rule are widened.
    let insee: Option<String> = r.get(9);
    let error_km = insee.as_deref().map_or(0, geo::typical_error_km);
    let seeker = Seeker {
        domains: Domains(r.get::<i64, _>(4) as u8),
        on_site: r.get::<Option<i64>, _>(5) == Some(1),
        point: match (r.get::<Option<f64>, _>(1), r.get::<Option<f64>, _>(2)) {
            (Some(lat), Some(lon)) => Some(Point::new(lat, lon)),
            _ => None,
        },
        radius_km: (r.get::<i64, _>(3) as f64) + f64::from(error_km),
    };
    Some((
        Candidate {
            volunteer_id: r.get(0),
            lang: Lang::parse(&r.get::<String, _>(6)),
            last_alert_day: r.get(7),
            reach: None,
            matched: matches(&seeker, spot)?,
            approximate: error_km > 0,
        },
        r.get(8),
    ))
}

/// The `pool` nearest on-site matches, nearest first, read ring by ring of grid cells.
async fn nearest_on_site(
    conn: &mut AnyConnection,
    spot: &Spot,
    at: &Point,
    day: &str,
    pool: usize,
) -> Result<Vec<(Candidate, i64)>> {
    let (row0, col0) = fanout::cell_of(at);
    let cell_min = fanout::min_cell_km(at);
    let widest = ANNOUNCE_SEARCH_KM + f64::from(geo::max_typical_error_km());
    let max_ring = (widest / cell_min).ceil() as i64 + 1;
    let sql = format!(
        "SELECT {CANDIDATE_COLUMNS} FROM volunteers v WHERE v.cell_row = $3 \
         AND v.cell_col BETWEEN $4 AND $5 AND v.on_site = 1 AND {}",
        candidate_filter()
    );
    let mut found: Vec<(Candidate, i64)> = Vec::new();
    for k in 0..=max_ring {
        // Everything nearer than this ring's lower bound has been read: with enough such
        // matches, the pool is complete.
        let bound = (k - 1).max(0) as f64 * cell_min;
        if found.iter().filter(|c| km(&c.0) < bound).count() >= pool {
            break;
        }
        // The ring: its top and bottom cell rows whole, its two sides one cell each.
        let mut segments = vec![(row0 - k, col0 - k, col0 + k)];
        if k > 0 {
            segments.push((row0 + k, col0 - k, col0 + k));
            for r in (row0 - k + 1)..=(row0 + k - 1) {
                segments.push((r, col0 - k, col0 - k));
                segments.push((r, col0 + k, col0 + k));
            }
        }
        for (row, c0, c1) in segments {
            let rows = sqlx::query(AssertSqlSafe(sql.as_str()))
                .bind(i64::from(spot.domain.bit()))
                .bind(day)
                .bind(row)
                .bind(c0)
                .bind(c1)
                .fetch_all(&mut *conn)
                .await?;
            found.extend(rows.iter().filter_map(|r| candidate_from_row(r, spot)));
        }
    }
    found.sort_by(|a, b| {
        km(&a.0)
            .total_cmp(&km(&b.0))
            .then(a.0.volunteer_id.cmp(&b.0.volunteer_id))
    });
    found.truncate(pool);
    Ok(found)
}

/// The département's first `pool` matches in rotation order (remote missions).
async fn in_rotation(
    conn: &mut AnyConnection,
    spot: &Spot,
    departement: &str,
    day: &str,
    pool: usize,
) -> Result<Vec<(Candidate, i64)>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CANDIDATE_COLUMNS} FROM volunteers v WHERE v.departement = $3 AND {} \
         ORDER BY v.last_alerted_at, v.id LIMIT $4",
        candidate_filter()
    )))
    .bind(i64::from(spot.domain.bit()))
    .bind(day)
    .bind(departement)
    .bind(pool as i64)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| candidate_from_row(r, spot))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARRAS: Point = Point {
        lat: 50.291,
        lon: 2.777,
    };
    const LENS: Point = Point {
        lat: 50.432,
        lon: 2.833,
    };

    fn seeker(domains: &[Domain], on_site: bool, radius_km: f64) -> Seeker {
        let mut d = Domains::default();
        for x in domains {
            d.insert(*x);
        }
        Seeker {
            domains: d,
            on_site,
            point: Some(ARRAS),
            radius_km,
        }
    }

    #[test]
    fn one_rule_for_offers_and_alerts() {
        use Domain::*;
        let near = Spot {
            domain: Food,
            remote: false,
            point: Some(ARRAS),
        };
        let lens = Spot {
            domain: Food,
            remote: false,
            point: Some(LENS),
        };
        let remote = Spot {
            domain: KeepingInTouch,
            remote: true,
            point: None,
        };
        let nowhere = Spot {
            domain: Food,
            remote: false,
            point: None,
        };
        // (seeker, spot, matches?)
        let table = [
            (seeker(&[Food], true, 10.0), near, true),
            (seeker(&[Shopping], true, 10.0), near, false),
            (seeker(&[Food], false, 10.0), near, false),
            (seeker(&[Food], true, 10.0), lens, false),
            (seeker(&[Food], true, 20.0), lens, true),
            (seeker(&[KeepingInTouch], false, 10.0), remote, true),
            (seeker(&[Food], true, 50.0), remote, false),
            (seeker(&[Food], true, 50.0), nowhere, false),
        ];
        for (i, (s, spot, expected)) in table.iter().enumerate() {
            assert_eq!(matches(s, spot).is_some(), *expected, "row {i}");
        }
        let Some(Match::Near { km }) = matches(&seeker(&[Food], true, 20.0), &lens) else {
            panic!("Lens is within 20 km of Arras");
        };
        assert!((15.0..17.0).contains(&km), "{km}");
        assert_eq!(
            matches(&seeker(&[KeepingInTouch], true, 1.0), &remote),
            Some(Match::Remote)
        );
    }
}
