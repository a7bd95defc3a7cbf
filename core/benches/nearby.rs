//! Nearby-search budgets (issue: gazetteer and nearby search), measured per query so that
//! percentiles can be reported: `cargo bench -p renfort-core --bench nearby`.
//!
//! - nearest 10 open missions among 100,000, within 10 km: p99 under 1 ms;
//! - volunteers within reach of one new mission among 1,000,000: under 100 ms.
//!
//! Points are real commune points of the gazetteer, jittered, weighted towards populated
//! places the way missions and volunteers would be.

use std::time::{Duration, Instant};

use renfort_core::geo::{Gazetteer, GridIndex, Located, Point};

struct Mission {
    point: Point,
    domain: u8,
    open: bool,
}
impl Located for Mission {
    fn point(&self) -> Point {
        self.point
    }
}

struct Volunteer {
    point: Point,
    radius_km: f32,
    domains: u8,
    stopped: bool,
}
impl Located for Volunteer {
    fn point(&self) -> Point {
        self.point
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

/// A random commune point, chosen with probability growing with population, jittered ~2 km.
fn populated_point(rng: &mut Rng, cumulative: &[(u64, Point)]) -> Point {
    let total = cumulative.last().unwrap().0;
    let pick = rng.next() % total;
    let i = cumulative.partition_point(|(c, _)| *c <= pick);
    let p = cumulative[i.min(cumulative.len() - 1)].1;
    Point::new(
        p.lat + (rng.unit() - 0.5) * 0.04,
        p.lon + (rng.unit() - 0.5) * 0.06,
    )
}

fn percentile(v: &mut [Duration], q: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * q) as usize).min(v.len() - 1)]
}

fn main() {
    let g = Gazetteer::get();
    let mut acc = 0u64;
    let cumulative: Vec<(u64, Point)> = g
        .communes()
        .iter()
        .filter(|c| !c.departement.starts_with("97"))
        .map(|c| {
            acc += u64::from(c.population.max(50));
            (acc, c.point)
        })
        .collect();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);

    let started = Instant::now();
    let missions = GridIndex::build((0..100_000).map(|i| Mission {
        point: populated_point(&mut rng, &cumulative),
        domain: (i % 4) as u8 + 1,
        open: i % 10 != 0,
    }));
    println!(
        "built index of {} missions in {:?}",
        missions.len(),
        started.elapsed()
    );

    let mut latencies = Vec::with_capacity(20_000);
    let mut found = 0usize;
    for i in 0..20_000 {
        let at = populated_point(&mut rng, &cumulative);
        let domains = 1u8 << (i % 4);
        let t = Instant::now();
        let hits = missions.nearest(&at, 10.0, 10, |m| {
            m.open && domains & (1 << (m.domain - 1)) != 0
        });
        latencies.push(t.elapsed());
        found += hits.len();
    }
    println!(
        "nearest 10 among 100,000 missions (10 km): p50 {:?} p99 {:?} max {:?} ({:.1} hits/query)",
        percentile(&mut latencies, 0.5),
        percentile(&mut latencies, 0.99),
        latencies.iter().max().unwrap(),
        found as f64 / 20_000.0
    );

    let started = Instant::now();
    let volunteers = GridIndex::build((0..1_000_000).map(|i| Volunteer {
        point: populated_point(&mut rng, &cumulative),
        radius_km: [5.0, 10.0, 10.0, 10.0, 20.0, 30.0][i % 6],
        domains: (i % 15) as u8 + 1,
        stopped: i % 50 == 0,
    }));
    println!(
        "built index of {} volunteers in {:?}",
        volunteers.len(),
        started.elapsed()
    );

    let mut fanout = Vec::new();
    let mut reached = 0usize;
    for i in 0..200 {
        let at = populated_point(&mut rng, &cumulative);
        let domain = 1u8 << (i % 4);
        let t = Instant::now();
        let mut n = 0usize;
        // The widest radius a volunteer may choose bounds the search; each volunteer's own
        // radius then decides.
        volunteers.for_each_within(&at, 50.0, |v, d| {
            if !v.stopped && v.domains & domain != 0 && d <= f64::from(v.radius_km) {
                n += 1;
            }
        });
        fanout.push(t.elapsed());
        reached += n;
    }
    println!(
        "volunteers reached by one new mission among 1,000,000: p50 {:?} p99 {:?} max {:?} ({} volunteers on average)",
        percentile(&mut fanout, 0.5),
        percentile(&mut fanout, 0.99),
        fanout.iter().max().unwrap(),
        reached / 200
    );

    let inputs = [
        "62000",
        "62130",
        "st omer",
        "Beaumetz",
        "berck sur mer",
        "Aras",
        "Boulogne",
    ];
    let mut resolve = Vec::new();
    for _ in 0..200 {
        for input in inputs {
            let t = Instant::now();
            std::hint::black_box(g.resolve(input, Some("62")));
            resolve.push(t.elapsed());
        }
    }
    println!(
        "place resolution: p50 {:?} p99 {:?}",
        percentile(&mut resolve, 0.5),
        percentile(&mut resolve, 0.99)
    );
}
