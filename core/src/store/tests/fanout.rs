//! New-mission fan-out: the budget, the rotation and the grid-cell search, against a brute
//! force over the same rows, on every backend.

use super::*;
use crate::geo::Point;
use crate::store::fanout;
use crate::store::matching::{self, Spot};

/// Arras' centre: the missions' place.
const ARRAS: Point = Point::new(50.2910, 2.7775);

struct Seeded {
    id: i64,
    point: Point,
    radius_km: i64,
    domains: i64,
    on_site: bool,
    stopped: bool,
}

/// Validated volunteers written directly (many at once), each with an SMS contact.
async fn insert_volunteers(app: &Renfort, people: &mut [Seeded], first_phone: u64) {
    let mut tx = app.store.begin().await.unwrap();
    for (i, p) in people.iter_mut().enumerate() {
        p.id = sqlx::query_scalar(
            "INSERT INTO volunteers (status, first_name, lang, insee, commune, departement, lat, \
             lon, on_site, domains, radius_km, conversation, created_at, validated_at) \
             VALUES ('validated', 'V', 'fr', '62041', 'Arras', '62', $1, $2, $3, $4, $5, \
             '{\"step\":\"Ready\"}', $6, $6) RETURNING id",
        )
        .bind(p.point.lat)
        .bind(p.point.lon)
        .bind(i64::from(p.on_site))
        .bind(p.domains)
        .bind(p.radius_km)
        .bind(NOW)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO contacts (channel, address, volunteer_id, stopped_at, created_at) \
             VALUES ('sms', $1, $2, $3, $4)",
        )
        .bind(format!("+3375{:07}", first_phone + i as u64))
        .bind(p.id)
        .bind(p.stopped.then_some(NOW))
        .bind(NOW)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// `km` kilometres east of Arras.
fn east(km: f64) -> Point {
    let dlon = km / (111.1949 * ARRAS.lat.to_radians().cos());
    Point::new(ARRAS.lat, ARRAS.lon + dlon)
}

fn person(point: Point) -> Seeded {
    Seeded {
        id: 0,
        point,
        radius_km: 50,
        domains: 0b1111,
        on_site: true,
        stopped: false,
    }
}

async fn mission_at(app: &Renfort, point: Point, domain: i64, places: i64) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO missions (structure_id, domain, title, description, remote, insee, commune, \
         departement, lat, lon, schedule, places, status, created_at) \
         VALUES (1, $1, 'Distribution', '', 0, '62041', 'Arras', '62', $2, $3, '', $4, \
         'pending', $5) RETURNING id",
    )
    .bind(domain)
    .bind(point.lat)
    .bind(point.lon)
    .bind(places)
    .bind(NOW)
    .fetch_one(app.store.pool())
    .await
    .unwrap()
}

/// Approves a mission at `now` and returns the volunteers alerted, in queue order.
async fn approve(app: &Renfort, mission: i64, now: i64, people: &[Seeded]) -> Vec<i64> {
    let last = app.store.last_message_id().await.unwrap();
    app.moderate(crate::domain::ItemKind::Mission, mission, true, None, now)
        .await
        .unwrap();
    app.store
        .messages_after(last)
        .await
        .unwrap()
        .iter()
        .map(|m| {
            assert_eq!(m.priority, outbox::PRIORITY_BULK);
            let n: u64 = m.address[5..].parse().unwrap();
            people[(n - 5_000_000) as usize].id
        })
        .collect()
}

#[tokio::test]
async fn a_new_mission_alerts_its_budget_of_the_nearest_matches_in_rotation() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        sqlx::query(
            "UPDATE departement_settings SET alerts_per_place = 2, alerts_max = 6 \
             WHERE departement = '62'",
        )
        .execute(app.store.pool())
        .await
        .unwrap();
        // Nearest of all but not matching: opted out, another domain, remote only, a radius
        // too short for the distance.
        let mut people = vec![
            Seeded {
                stopped: true,
                ..person(east(0.1))
            },
            Seeded {
                domains: 0b0010,
                ..person(east(0.2))
            },
            Seeded {
                on_site: false,
                ..person(east(0.3))
            },
            Seeded {
                radius_km: 5,
                ..person(east(6.0))
            },
        ];
        // Matching ones every 0.7 km, up to 14 km.
        people.extend((1..=20).map(|i| person(east(0.7 * f64::from(i)))));
        insert_volunteers(&app, &mut people, 5_000_000).await;
        let matching: Vec<i64> = people[4..].iter().map(|p| p.id).collect();

        // 3 places × 2 = 6, under the cap of 6: the six nearest matches.
        let first = mission_at(&app, ARRAS, 1, 3).await;
        let mut got = approve(&app, first, NOW, &people).await;
        got.sort_unstable();
        assert_eq!(got, matching[..6], "the six nearest that match");
        // The next day, the pool (twice the budget) holds six never alerted: their turn.
        let second = mission_at(&app, ARRAS, 1, 5).await;
        let mut got = approve(&app, second, NOW + 86_400, &people).await;
        got.sort_unstable();
        assert_eq!(got, matching[6..12], "rotation: those not alerted yet");
        // The day after, the first six were alerted longest ago.
        let third = mission_at(&app, ARRAS, 1, 3).await;
        let mut got = approve(&app, third, NOW + 2 * 86_400, &people).await;
        got.sort_unstable();
        assert_eq!(got, matching[..6]);
        // Same day again: the daily cap leaves the first six out, so the pool reaches six
        // further, never alerted: they come before the six alerted yesterday.
        let fourth = mission_at(&app, ARRAS, 1, 3).await;
        let mut got = approve(&app, fourth, NOW + 2 * 86_400 + 60, &people).await;
        got.sort_unstable();
        assert_eq!(got, matching[12..18]);

        let s = app.store.stats(Some("62")).await.unwrap();
        assert_eq!(
            s.alert_budget,
            fanout::AlertBudget {
                per_place: 2,
                max: 6
            }
        );
    }
}

struct Rng(u64);
impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % 1_000_000) as f64 / 1_000_000.0
    }
}

const DAY: &str = "2027-01-15";

#[tokio::test]
async fn the_grid_search_finds_what_a_brute_force_finds() {
    for app in backends().await {
        seed::demo(&app.store, NOW).await.unwrap();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        // Scattered over ±0.6° of latitude and ±0.9° of longitude around Arras (±65 km):
        // beyond every radius on each side, across many cell rows and columns.
        let mut people: Vec<Seeded> = (0..3_000)
            .map(|_| Seeded {
                id: 0,
                point: Point::new(
                    ARRAS.lat + (rng.unit() - 0.5) * 1.2,
                    ARRAS.lon + (rng.unit() - 0.5) * 1.8,
                ),
                radius_km: [5, 10, 20, 30, 50][(rng.unit() * 5.0) as usize],
                domains: 1 + (rng.unit() * 15.0) as i64,
                on_site: rng.unit() < 0.8,
                stopped: rng.unit() < 0.05,
            })
            .collect();
        insert_volunteers(&app, &mut people, 5_000_000).await;
        let spot = |domain: crate::domain::Domain| Spot {
            domain,
            remote: false,
            point: Some(ARRAS),
        };
        for domain in [
            crate::domain::Domain::from_number(1).unwrap(),
            crate::domain::Domain::from_number(3).unwrap(),
        ] {
            let mut expected: Vec<(f64, i64)> = people
                .iter()
                .filter(|p| p.on_site && !p.stopped && p.domains & i64::from(domain.bit()) != 0)
                .map(|p| (ARRAS.distance_km(&p.point), p))
                .filter(|(d, p)| *d <= p.radius_km as f64)
                .map(|(d, p)| (d, p.id))
                .collect();
            expected.sort_by(|a, b| a.0.total_cmp(&b.0));
            assert!(
                expected.len() > 60,
                "a meaningful sample: {}",
                expected.len()
            );
            let mut conn = app.store.readers().acquire().await.unwrap();
            // A budget above every match: all of them.
            let all =
                matching::volunteers_for_mission(&mut conn, &spot(domain), "62", DAY, 100_000)
                    .await
                    .unwrap();
            let mut got: Vec<i64> = all.iter().map(|t| t.volunteer_id).collect();
            got.sort_unstable();
            let mut want: Vec<i64> = expected.iter().map(|e| e.1).collect();
            want.sort_unstable();
            assert_eq!(got, want);
            // A budget of 25 (pool of 50), nobody alerted before: the 25 nearest.
            let some = matching::volunteers_for_mission(&mut conn, &spot(domain), "62", DAY, 25)
                .await
                .unwrap();
            let got: Vec<i64> = some.iter().map(|t| t.volunteer_id).collect();
            let want: Vec<i64> = expected[..25].iter().map(|e| e.1).collect();
            assert_eq!(got, want, "nearest first");
            for c in &some {
                let matching::Match::Near { km } = c.matched else {
                    panic!("on site: {c:?}");
                };
                assert!(km <= expected[24].0 + 1e-9);
            }
        }
    }
}

#[test]
fn budget_is_per_place_within_the_cap() {
    let b = fanout::AlertBudget::default();
    assert_eq!(b.for_places(20), 200);
    assert_eq!(b.for_places(3), 30);
    assert_eq!(b.for_places(0), 10, "a mission has at least one place");
    assert_eq!(
        fanout::AlertBudget {
            per_place: 10,
            max: 0
        }
        .for_places(5),
        0
    );
}

#[test]
fn cells_are_computed_as_the_database_does() {
    // Migration 0010: CAST((lat + 90.0) * 50 AS INTEGER), CAST((lon + 180.0) * 32 AS INTEGER).
    assert_eq!(fanout::cell_of(&Point::new(50.2910, 2.7775)), (7014, 5848));
    assert_eq!(fanout::cell_of(&Point::new(-0.01, -0.01)), (4499, 5759));
}
