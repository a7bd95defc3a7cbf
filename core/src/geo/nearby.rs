//! A static grid index over points: "missions near this volunteer" and "volunteers within reach
//! of this new mission". Entries are sorted by cell key, so one bounding-box query is a binary
//! search per grid row followed by exact great-circle distances on the few candidates.

use super::Point;

pub trait Located {
    fn point(&self) -> Point;
}

/// Cell size in degrees: about 11 km north-south, 7 km east-west in France.
const CELL_DEG: f64 = 0.1;
const COLS: u32 = (360.0 / CELL_DEG) as u32;

fn cell_of(p: &Point) -> (u32, u32) {
    let row = (((p.lat + 90.0) / CELL_DEG).floor().max(0.0) as u32).min((180.0 / CELL_DEG) as u32);
    let col = (((p.lon + 180.0) / CELL_DEG).floor().max(0.0) as u32).min(COLS - 1);
    (row, col)
}

pub struct GridIndex<T> {
    keys: Vec<u32>,
    points: Vec<Point>,
    items: Vec<T>,
}

impl<T: Located> GridIndex<T> {
    pub fn build(items: impl IntoIterator<Item = T>) -> Self {
        let mut tagged: Vec<(u32, T)> = items
            .into_iter()
            .map(|t| {
                let (r, c) = cell_of(&t.point());
                (r * COLS + c, t)
            })
            .collect();
        tagged.sort_by_key(|(k, _)| *k);
        let mut keys = Vec::with_capacity(tagged.len());
        let mut points = Vec::with_capacity(tagged.len());
        let mut items = Vec::with_capacity(tagged.len());
        for (k, t) in tagged {
            keys.push(k);
            points.push(t.point());
            items.push(t);
        }
        GridIndex {
            keys,
            points,
            items,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Calls `visit` with every item within `radius_km` of `center` and its distance.
    pub fn for_each_within(&self, center: &Point, radius_km: f64, mut visit: impl FnMut(&T, f64)) {
        let bbox = center.bounding_box(radius_km);
        let (r0, c0) = cell_of(&Point::new(bbox.min_lat, bbox.min_lon));
        let (r1, c1) = cell_of(&Point::new(bbox.max_lat, bbox.max_lon));
        for row in r0..=r1 {
            let lo = row * COLS + c0;
            let hi = row * COLS + c1;
            let start = self.keys.partition_point(|&k| k < lo);
            let end = self.keys.partition_point(|&k| k <= hi);
            for i in start..end {
                let d = center.distance_km(&self.points[i]);
                if d <= radius_km {
                    visit(&self.items[i], d);
                }
            }
        }
    }

    /// The `k` nearest items within `radius_km` accepted by `keep`, nearest first.
    pub fn nearest(
        &self,
        center: &Point,
        radius_km: f64,
        k: usize,
        mut keep: impl FnMut(&T) -> bool,
    ) -> Vec<(&T, f64)> {
        let mut found: Vec<(usize, f64)> = Vec::new();
        let bbox = center.bounding_box(radius_km);
        let (r0, c0) = cell_of(&Point::new(bbox.min_lat, bbox.min_lon));
        let (r1, c1) = cell_of(&Point::new(bbox.max_lat, bbox.max_lon));
        for row in r0..=r1 {
            let start = self.keys.partition_point(|&key| key < row * COLS + c0);
            let end = self.keys.partition_point(|&key| key <= row * COLS + c1);
            for i in start..end {
                let d = center.distance_km(&self.points[i]);
                if d <= radius_km && keep(&self.items[i]) {
                    found.push((i, d));
                }
            }
        }
        if found.len() > k {
            found.select_nth_unstable_by(k, |a, b| a.1.total_cmp(&b.1));
            found.truncate(k);
        }
        found.sort_by(|a, b| a.1.total_cmp(&b.1));
        found
            .into_iter()
            .map(|(i, d)| (&self.items[i], d))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Pin(u32, Point);
    impl Located for Pin {
        fn point(&self) -> Point {
            self.1
        }
    }

    /// Pseudo-random points over northern France, deterministic.
    fn pins(n: u32) -> Vec<Pin> {
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        (0..n)
            .map(|i| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                let lat = 49.5 + (s % 10_000) as f64 / 10_000.0 * 2.0;
                let lon = 1.5 + ((s >> 20) % 10_000) as f64 / 10_000.0 * 2.5;
                Pin(i, Point::new(lat, lon))
            })
            .collect()
    }

    #[test]
    fn nearest_matches_a_linear_scan() {
        let all = pins(5_000);
        let index = GridIndex::build(all.clone());
        for probe in all.iter().step_by(97) {
            let center = Point::new(probe.1.lat + 0.01, probe.1.lon - 0.02);
            let got: Vec<u32> = index
                .nearest(&center, 10.0, 5, |p| p.0 % 3 != 0)
                .iter()
                .map(|(p, _)| p.0)
                .collect();
            let mut want: Vec<(f64, u32)> = all
                .iter()
                .filter(|p| p.0 % 3 != 0)
                .map(|p| (center.distance_km(&p.1), p.0))
                .filter(|(d, _)| *d <= 10.0)
                .collect();
            want.sort_by(|a, b| a.0.total_cmp(&b.0));
            let want: Vec<u32> = want.into_iter().take(5).map(|(_, i)| i).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn within_finds_exactly_the_circle() {
        let all = pins(3_000);
        let index = GridIndex::build(all.clone());
        let center = Point::new(50.29, 2.78);
        let mut got = Vec::new();
        index.for_each_within(&center, 25.0, |p, _| got.push(p.0));
        got.sort();
        let mut want: Vec<u32> = all
            .iter()
            .filter(|p| center.distance_km(&p.1) <= 25.0)
            .map(|p| p.0)
            .collect();
        want.sort();
        assert!(!want.is_empty());
        assert_eq!(got, want);
    }
}
