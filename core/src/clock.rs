//! Local wall-clock time of a département, for quiet hours and "one alert a day". Time zones
//! come from the tz database bundled into the binary (jiff's `tzdb-bundle-always`): a rule
//! change is a dependency update, not a code change, and the host needs no zoneinfo files.

use std::sync::OnceLock;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// Alerts sent in bulk may leave from this local hour…
pub const QUIET_ENDS: i8 = 9;
/// …until this one (excluded).
pub const QUIET_STARTS: i8 = 20;

/// The IANA zone a département lives in: overseas départements and collectivities in the
/// gazetteer have their own; everything else (metropolitan France, Corsica) is Europe/Paris.
pub fn zone_name(departement: &str) -> &'static str {
    match departement {
        "971" => "America/Guadeloupe",
        "972" => "America/Martinique",
        "973" => "America/Cayenne",
        "974" => "Indian/Reunion",
        "975" => "America/Miquelon",
        "976" => "Indian/Mayotte",
        "977" => "America/St_Barthelemy",
        "978" => "America/Marigot",
        _ => "Europe/Paris",
    }
}

/// The département's time zone, looked up once per zone in the bundled database.
pub fn zone(departement: &str) -> TimeZone {
    static PARIS: OnceLock<TimeZone> = OnceLock::new();
    let name = zone_name(departement);
    let lookup = |name: &str| {
        jiff::tz::db()
            .get(name)
            .unwrap_or_else(|e| panic!("{name} missing from the bundled tz database: {e}"))
    };
    if name == "Europe/Paris" {
        PARIS.get_or_init(|| lookup(name)).clone()
    } else {
        lookup(name)
    }
}

fn zoned(utc: i64, departement: &str) -> ZonedDateTime {
    Timestamp::from_second(utc)
        .expect("unix time within jiff's range")
        .to_zoned_datetime(zone(departement))
}

/// Seconds east of UTC in the département at `utc`.
pub fn offset(utc: i64, departement: &str) -> i64 {
    i64::from(zoned(utc, departement).offset().seconds())
}

/// The département's local date ("YYYY-MM-DD") and hour at `utc`.
pub fn local_day_hour(utc: i64, departement: &str) -> (String, u32) {
    let z = zoned(utc, departement);
    (z.date().to_string(), z.hour() as u32)
}

/// Bulk alerts wait outside 09:00-20:00 local time: the earliest time from `utc` on.
pub fn after_quiet_hours(utc: i64, departement: &str) -> i64 {
    let now = zoned(utc, departement);
    if (QUIET_ENDS..QUIET_STARTS).contains(&now.hour()) {
        return utc;
    }
    let day: Date = if now.hour() >= QUIET_STARTS {
        now.date().tomorrow().expect("date within range")
    } else {
        now.date()
    };
    let nine = day.at(QUIET_ENDS, 0, 0, 0);
    // No zone in use changes its offset at 09:00; should one ever, take the later instant.
    now.time_zone()
        .to_ambiguous_zoned_datetime(nine)
        .later()
        .expect("09:00 within range")
        .timestamp()
        .as_second()
}

/// Days since 1970-01-01 → (year, month, day), for UTC tables shown to operators.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let d = Timestamp::from_second(days * 86_400)
        .expect("date within jiff's range")
        .to_zoned_datetime(TimeZone::UTC)
        .date();
    (i64::from(d.year()), d.month() as u32, d.day() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix time of a UTC wall-clock instant.
    fn utc(y: i16, m: i8, d: i8, h: i8, min: i8) -> i64 {
        jiff::civil::date(y, m, d)
            .at(h, min, 0, 0)
            .to_zoned_datetime(TimeZone::UTC)
            .unwrap()
            .timestamp()
            .as_second()
    }

    #[test]
    fn civil_dates_for_operators() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(20_786), (2026, 11, 29));
    }

    #[test]
    fn every_gazetteer_departement_has_a_zone_in_the_bundled_database() {
        let mut deps: Vec<&str> = crate::geo::Gazetteer::get()
            .communes()
            .iter()
            .map(|c| c.departement)
            .collect();
        deps.sort_unstable();
        deps.dedup();
        for dep in deps {
            // Panics if the bundled database lacks the zone.
            let _ = zone(dep);
        }
        assert_eq!(zone_name("2A"), "Europe/Paris");
        assert_eq!(zone_name("75"), "Europe/Paris");
    }

    #[test]
    fn paris_summer_and_winter_time() {
        // 2020-03-29 02:00 local became 03:00: the switch at 01:00 UTC.
        assert_eq!(offset(utc(2020, 3, 29, 0, 59), "75"), 3_600);
        assert_eq!(offset(utc(2020, 3, 29, 1, 0), "75"), 7_200);
        assert_eq!(offset(utc(2020, 10, 25, 0, 59), "75"), 7_200);
        assert_eq!(offset(utc(2020, 10, 25, 1, 0), "75"), 3_600);
        assert_eq!(
            local_day_hour(utc(2026, 11, 29, 23, 30), "62"),
            ("2026-11-30".into(), 0)
        );
    }

    #[test]
    fn quiet_hours_defer_to_nine_in_paris() {
        // (now UTC, département, earliest send UTC)
        let table = [
            // Winter: 19:30 UTC = 20:30 Paris → next day 09:00 Paris = 08:00 UTC.
            (utc(2026, 11, 29, 19, 30), "62", utc(2026, 11, 30, 8, 0)),
            // 06:00 UTC = 07:00 Paris → same day 08:00 UTC.
            (utc(2026, 11, 29, 6, 0), "62", utc(2026, 11, 29, 8, 0)),
            // Summer: 17:59 UTC = 19:59 Paris, still allowed.
            (utc(2026, 7, 1, 17, 59), "2A", utc(2026, 7, 1, 17, 59)),
            // Summer: 18:00 UTC = 20:00 Paris → next day 07:00 UTC.
            (utc(2026, 7, 1, 18, 0), "2A", utc(2026, 7, 2, 7, 0)),
        ];
        for (now, dep, at) in table {
            assert_eq!(after_quiet_hours(now, dep), at, "{now} in {dep}");
        }
    }

    #[test]
    fn quiet_nights_across_both_dst_changes() {
        // Spring: Saturday 2026-03-28 21:00 Paris (20:00 UTC, winter time); that night clocks
        // jump 02:00 → 03:00, so Sunday 09:00 Paris is 07:00 UTC, not 08:00.
        let spring_eve = utc(2026, 3, 28, 20, 0);
        assert_eq!(after_quiet_hours(spring_eve, "75"), utc(2026, 3, 29, 7, 0));
        assert_eq!(
            local_day_hour(utc(2026, 3, 29, 7, 0), "75"),
            ("2026-03-29".into(), 9)
        );
        // In the hour that does not exist locally (01:30 UTC = 03:30 summer time).
        assert_eq!(
            after_quiet_hours(utc(2026, 3, 29, 1, 30), "75"),
            utc(2026, 3, 29, 7, 0)
        );
        // Autumn: Saturday 2026-10-24 21:00 Paris (19:00 UTC, summer time); clocks go back
        // 03:00 → 02:00, so Sunday 09:00 Paris is 08:00 UTC.
        let autumn_eve = utc(2026, 10, 24, 19, 0);
        assert_eq!(after_quiet_hours(autumn_eve, "75"), utc(2026, 10, 25, 8, 0));
        // In the repeated hour (00:30 UTC = 02:30 summer, 01:30 UTC = 02:30 winter).
        for now in [utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)] {
            assert_eq!(local_day_hour(now, "75"), ("2026-10-25".into(), 2));
            assert_eq!(after_quiet_hours(now, "75"), utc(2026, 10, 25, 8, 0));
        }
        // The day before the change still counts in summer time: 21:59 UTC is 23:59 local.
        assert_eq!(
            local_day_hour(utc(2026, 10, 24, 21, 59), "75"),
            ("2026-10-24".into(), 23)
        );
    }

    #[test]
    fn overseas_departements_keep_their_own_hours() {
        // 2026-07-01 18:00 UTC: 20:00 in Paris (quiet), 14:00 in Guadeloupe and Martinique
        // (UTC-4, no DST), 15:00 in Cayenne, 22:00 in Réunion, 21:00 in Mayotte.
        let now = utc(2026, 7, 1, 18, 0);
        let table = [
            ("75", 20, utc(2026, 7, 2, 7, 0)),
            ("971", 14, now),
            ("972", 14, now),
            ("973", 15, now),
            // Réunion (UTC+4): next day 09:00 local = 05:00 UTC.
            ("974", 22, utc(2026, 7, 2, 5, 0)),
            // Mayotte (UTC+3): next day 09:00 local = 06:00 UTC.
            ("976", 21, utc(2026, 7, 2, 6, 0)),
        ];
        for (dep, hour, at) in table {
            assert_eq!(local_day_hour(now, dep).1, hour, "{dep}");
            assert_eq!(after_quiet_hours(now, dep), at, "{dep}");
        }
        // Martinique in winter: Paris's DST does not move it. 2026-01-15 12:30 UTC is 08:30
        // local: deferred to 09:00 local = 13:00 UTC.
        assert_eq!(
            after_quiet_hours(utc(2026, 1, 15, 12, 30), "972"),
            utc(2026, 1, 15, 13, 0)
        );
        // The alert day is the local one: 2026-07-01 23:30 UTC is already the 2nd in Réunion
        // but still the 1st in Guadeloupe.
        let late = utc(2026, 7, 1, 23, 30);
        assert_eq!(local_day_hour(late, "974").0, "2026-07-02");
        assert_eq!(local_day_hour(late, "971").0, "2026-07-01");
        // Saint-Pierre-et-Miquelon has its own DST (UTC-2 in summer, UTC-3 in winter).
        assert_eq!(offset(utc(2026, 7, 1, 12, 0), "975"), -7_200);
        assert_eq!(offset(utc(2026, 1, 1, 12, 0), "975"), -10_800);
    }
}
