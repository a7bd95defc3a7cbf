//! An estimate of where each commune with a point has its territory, so that communes without a
//! point can be placed in the part of their group's territory that no pointed commune explains.
//!
//! The land around the pointed communes is cut into cells of about 1 km²; each cell is given to
//! its nearest pointed commune (a Voronoi partition) and weighed by its distance to it: a commune
//! without a point lies in a gap between pointed ones, not on top of one. A group's territory
//! (the communes sharing a postal code inside one EPCI, say) is the union of its pointed members'
//! cells, and a commune of that group without a point is placed at the territory's weighted
//! centre. Unlike the centroid of the members' points, this follows the group's shape: a group
//! whose town sits at one end and whose villages spread the other way is centred on the villages.
//!
//! Each cell also remembers its second-nearest pointed commune, so that leaving one pointed
//! commune out (to measure how far a rule would have placed it from its own point) hands its
//! cells to their next owners without rebuilding the partition.

use std::collections::HashMap;

use renfort_core::geo::Point;

/// Cell size: 0.01° of latitude (1.1 km) by 0.015° of longitude (1.1 km at 47° N).
const CELL_LAT: f64 = 0.01;
const CELL_LON: f64 = 0.015;
/// Cells further than this from every pointed commune are left out: mostly sea, mountains and
/// the far side of a border, where no commune of the group can be.
/// (6 km: leave-one-out p90 of all rules 9.84 km; 4 km and 9 km did worse.)
const REACH_KM: f64 = 6.0;
/// Buckets of the point index: 0.1° (11 km north-south, 7 km east-west in France).
const BUCKET_DEG: f64 = 0.1;

/// Weighted sums of cell centres: the centre of a territory is `lat / w, lon / w`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mass {
    pub lat: f64,
    pub lon: f64,
    pub w: f64,
}

impl Mass {
    fn add_cell(&mut self, centre: Point, distance_km: f64) {
        self.add_weighted(centre, gap_weight(distance_km));
    }

    pub fn add_weighted(&mut self, centre: Point, w: f64) {
        self.lat += centre.lat * w;
        self.lon += centre.lon * w;
        self.w += w;
    }

    pub fn add(&mut self, other: &Mass) {
        self.lat += other.lat;
        self.lon += other.lon;
        self.w += other.w;
    }

    pub fn centre(&self) -> Option<Point> {
        (self.w > 0.0).then(|| Point::new(self.lat / self.w, self.lon / self.w))
    }
}

/// A cell's chance of holding a commune without a point grows with its distance from the
/// nearest commune that has one.
pub fn gap_weight(distance_km: f64) -> f64 {
    distance_km
}

/// The partition of the cells among pointed communes (indices into the caller's commune list).
pub struct Territory {
    /// Cells nearest to each pointed commune.
    pub own: HashMap<usize, Mass>,
    /// For each pointed commune, its cells grouped by their second-nearest pointed commune:
    /// who would own them were this commune left out.
    pub heirs: HashMap<usize, Vec<(usize, Mass)>>,
    /// The cells themselves: owner's cells as (centre, distance to the owner), and for each
    /// pointed commune its cells' heirs as (heir, centre, distance to the heir).
    pub cells: HashMap<usize, Vec<(Point, f64)>>,
    pub heir_cells: HashMap<usize, Vec<(usize, Point, f64)>>,
}

impl Territory {
    /// `points`: the pointed communes, as (commune index, point), in a deterministic order.
    pub fn build(points: &[(usize, Point)]) -> Territory {
        let mut buckets: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        for (k, (_, p)) in points.iter().enumerate() {
            buckets.entry(bucket(p)).or_default().push(k);
        }
        // Every cell within reach of some point, in a fixed order so that sums are reproducible
        // to the last bit.
        let (di, dj) = (
            (REACH_KM / 111.2 / CELL_LAT).ceil() as i32 + 1,
            (REACH_KM / (111.2 * 0.25) / CELL_LON).ceil() as i32 + 1,
        );
        let mut cells: Vec<(i32, i32)> = Vec::new();
        for (_, p) in points {
            let (i0, j0) = cell(p);
            let dj = dj.min(
                (REACH_KM / (111.2 * p.lat.to_radians().cos().max(0.25)) / CELL_LON).ceil() as i32
                    + 1,
            );
            for i in i0 - di..=i0 + di {
                for j in j0 - dj..=j0 + dj {
                    cells.push((i, j));
                }
            }
        }
        cells.sort_unstable();
        cells.dedup();

        let mut own: HashMap<usize, Mass> = HashMap::new();
        let mut heirs: HashMap<usize, Vec<(usize, Mass)>> = HashMap::new();
        let mut owned: HashMap<usize, Vec<(Point, f64)>> = HashMap::new();
        let mut heir_cells: HashMap<usize, Vec<(usize, Point, f64)>> = HashMap::new();
        for (i, j) in cells {
            let centre = Point::new(
                (f64::from(i) + 0.5) * CELL_LAT,
                (f64::from(j) + 0.5) * CELL_LON,
            );
            let (bi, bj) = bucket(&centre);
            let (mut first, mut second): (Option<Nearest>, Option<Nearest>) = (None, None);
            for bi in bi - 1..=bi + 1 {
                for bj in bj - 1..=bj + 1 {
                    for &k in buckets.get(&(bi, bj)).map(Vec::as_slice).unwrap_or(&[]) {
                        let d = centre.distance_km(&points[k].1);
                        if d > REACH_KM {
                            continue;
                        }
                        // Ties go to the lower index, whatever the bucket order.
                        let better = |best: Option<Nearest>| {
                            best.is_none_or(|(bd, bk)| d < bd || (d == bd && k < bk))
                        };
                        if better(first) {
                            second = first;
                            first = Some((d, k));
                        } else if better(second) {
                            second = Some((d, k));
                        }
                    }
                }
            }
            let Some((d1, k1)) = first else { continue };
            let owner = points[k1].0;
            own.entry(owner).or_default().add_cell(centre, d1);
            owned.entry(owner).or_default().push((centre, d1));
            if let Some((d2, k2)) = second {
                let heir = points[k2].0;
                heir_cells
                    .entry(owner)
                    .or_default()
                    .push((heir, centre, d2));
                let list = heirs.entry(owner).or_default();
                match list.iter_mut().find(|(h, _)| *h == heir) {
                    Some((_, m)) => m.add_cell(centre, d2),
                    None => {
                        let mut m = Mass::default();
                        m.add_cell(centre, d2);
                        list.push((heir, m));
                    }
                }
            }
        }
        Territory {
            own,
            heirs,
            cells: owned,
            heir_cells,
        }
    }
}

/// A pointed commune near a cell: (distance in km, index into the points).
type Nearest = (f64, usize);

fn cell(p: &Point) -> (i32, i32) {
    (
        (p.lat / CELL_LAT).floor() as i32,
        (p.lon / CELL_LON).floor() as i32,
    )
}

fn bucket(p: &Point) -> (i32, i32) {
    (
        (p.lat / BUCKET_DEG).floor() as i32,
        (p.lon / BUCKET_DEG).floor() as i32,
    )
}
