//! New-mission fan-out through the store, with 1,000,000 volunteers over Nord and
//! Pas-de-Calais (communes in proportion to their population, as `../shared/bench/
//! seed_volunteers.sh` spreads them): `cargo bench -p renfort-core --bench fanout`.
//!
//! Budgets (issue 10): approving a mission queues its alerts in well under a second; the
//! search alone reads a few thousand rows, not the 700,000 of a 50 km box.
//!
//! - `RENFORT_BENCH_VOLUNTEERS` (default 1,000,000);
//! - `RENFORT_BENCH_POSTGRES=postgres://…/postgres` runs the same on PostgreSQL (a server of
//!   its own, not a shared one: other users skew the figures).
//!
//! The SQLite database is kept in `target/` and reused across runs (building it takes about
//! a minute); every run approves new missions on it, so the rotation is exercised too. Place
//! resolution is timed at the end.

use std::sync::Arc;
use std::time::{Duration, Instant};

use renfort_core::domain::{Domain, ItemKind};
use renfort_core::geo::{Gazetteer, Point};
use renfort_core::render::PlainRenderer;
use renfort_core::service::{Config, Renderers, Renfort};
use renfort_core::store::matching::{self, Spot};
use renfort_core::store::{Backend, Store};
use sqlx::Connection;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn percentile(v: &mut [Duration], q: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 * q) as usize).min(v.len() - 1)]
}

const NOW: i64 = 1_800_000_000; // 09:00 in Paris

/// Nord and Pas-de-Calais communes with their cumulated population, for weighted picks.
fn communes() -> Vec<(u64, &'static renfort_core::geo::Commune)> {
    let mut acc = 0;
    Gazetteer::get()
        .communes()
        .iter()
        .filter(|c| c.departement == "59" || c.departement == "62")
        .map(|c| {
            acc += u64::from(c.population.max(1));
            (acc, c)
        })
        .collect()
}

async fn volunteers(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM volunteers WHERE status = 'validated'")
        .fetch_one(store.pool())
        .await
        .unwrap()
}

/// Adds `n` validated volunteers with an SMS contact each, 2,000 rows per statement.
async fn populate(store: &Store, n: usize) {
    let weighted = communes();
    let total = weighted.last().unwrap().0;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let started = Instant::now();
    let mut tx = store.begin().await.unwrap();
    let mut done = 0;
    while done < n {
        let rows: Vec<String> = (0..2_000.min(n - done))
            .map(|_| {
                let pick = rng.next() % total;
                let c = weighted[weighted.partition_point(|(upto, _)| *upto <= pick)].1;
                let on_site = u8::from(rng.next() % 100 < 80);
                let domains = rng.next() % 15 + 1;
                let radius = [5, 20, 20, 30, 50, 10, 10, 10, 10, 10][(rng.next() % 10) as usize];
                format!(
                    "('validated', 'V', 'fr', '{}', '{}', '{}', {}, {}, {on_site}, {domains}, \
                     {radius}, '{{\"step\":\"Ready\"}}', {NOW}, {NOW})",
                    c.insee,
                    c.name.replace('\'', "''"),
                    c.departement,
                    c.point.lat,
                    c.point.lon
                )
            })
            .collect();
        done += rows.len();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "INSERT INTO volunteers (status, first_name, lang, insee, commune, departement, lat, \
             lon, on_site, domains, radius_km, conversation, created_at, validated_at) VALUES {}",
            rows.join(", ")
        )))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let phone = match store.backend() {
        Backend::Sqlite => "'+337' || printf('%08d', id)",
        Backend::Postgres => "'+337' || lpad(id::text, 8, '0')",
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
        "INSERT INTO contacts (channel, address, volunteer_id, created_at) \
         SELECT 'sms', {phone}, id, {NOW} FROM volunteers WHERE status = 'validated' \
         AND id NOT IN (SELECT volunteer_id FROM contacts WHERE volunteer_id IS NOT NULL)"
    )))
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    println!("  added {n} volunteers in {:.1?}", started.elapsed());
}

async fn run(store: Store, label: &str, n: usize) {
    if volunteers(&store).await == 0 {
        renfort_core::seed::demo(&store, NOW).await.unwrap();
    }
    let have = volunteers(&store).await as usize;
    if have < n {
        populate(&store, n - have).await;
    }
    let app = Renfort::new(
        store.clone(),
        Config::default(),
        Renderers {
            sms: Arc::new(PlainRenderer),
            telegram: Arc::new(PlainRenderer),
        },
    );
    // Missions of 20 places in the biggest towns and at weighted random places: dense and
    // sparse cells. Each run approves new ones (a day later each time: the daily cap).
    let weighted = communes();
    let total = weighted.last().unwrap().0;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ std::process::id() as u64);
    let mut places: Vec<Point> = ["62041", "59350", "62193", "59606", "62498"]
        .iter()
        .filter_map(|insee| Gazetteer::get().by_insee(insee).map(|c| c.point))
        .collect();
    places.extend((0..25).map(|_| {
        let pick = rng.next() % total;
        weighted[weighted.partition_point(|(upto, _)| *upto <= pick)]
            .1
            .point
    }));
    let mut search = Vec::new();
    let mut approve = Vec::new();
    let mut alerts = 0;
    let day0: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM missions")
        .fetch_one(store.pool())
        .await
        .unwrap();
    for (i, p) in places.iter().enumerate() {
        let now = NOW + 86_400 * (day0 + i as i64);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO missions (structure_id, domain, title, description, remote, insee, \
             commune, departement, lat, lon, schedule, places, status, created_at) \
             VALUES (1, $1, 'Distribution alimentaire', '', 0, '62041', 'Arras', '62', $2, $3, \
             '', 20, 'pending', $4) RETURNING id",
        )
        .bind((i % 4) as i64 + 1)
        .bind(p.lat)
        .bind(p.lon)
        .bind(now)
        .fetch_one(store.pool())
        .await
        .unwrap();
        let mut conn = store.readers().acquire().await.unwrap();
        let spot = Spot {
            domain: Domain::from_number((i % 4) as i64 + 1).unwrap(),
            remote: false,
            point: Some(*p),
        };
        let t = Instant::now();
        let targets = matching::volunteers_for_mission(&mut conn, &spot, "62", "bench-day", 200)
            .await
            .unwrap();
        search.push(t.elapsed());
        drop(conn);
        assert!(targets.len() <= 200);
        let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM outbox")
            .fetch_one(store.pool())
            .await
            .unwrap();
        let t = Instant::now();
        app.moderate(ItemKind::Mission, id, true, None, now)
            .await
            .unwrap();
        approve.push(t.elapsed());
        let queued: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE id > $1")
            .bind(last)
            .fetch_one(store.pool())
            .await
            .unwrap();
        alerts += queued;
    }
    println!(
        "{label}: {n} volunteers, {} missions of 20 places: search p50 {:.1?} p99 {:.1?}; \
         approval (search + queue 200 alerts) p50 {:.1?} p99 {:.1?} max {:.1?}; {:.0} alerts each",
        places.len(),
        percentile(&mut search, 0.5),
        percentile(&mut search, 0.99),
        percentile(&mut approve, 0.5),
        percentile(&mut approve, 0.99),
        approve.iter().max().unwrap(),
        alerts as f64 / places.len() as f64,
    );
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("RENFORT_BENCH_VOLUNTEERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    let file = dir.join(format!("bench-fanout-{n}.db"));
    let store = Store::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    run(store, "SQLite", n).await;
    if let Ok(admin) = std::env::var("RENFORT_BENCH_POSTGRES") {
        let name = format!("renfort_bench_fanout_{n}");
        let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
        let exists: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
                .bind(&name)
                .fetch_optional(&mut conn)
                .await
                .unwrap();
        if exists.is_none() {
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .unwrap();
        }
        conn.close().await.unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        let store = Store::connect(&format!("{base}/{name}")).await.unwrap();
        run(store, "PostgreSQL", n).await;
    }

    let g = Gazetteer::get();
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
