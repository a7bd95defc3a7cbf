//! Europe/Paris wall-clock time, for quiet hours and "one alert a day". Computed from the EU
//! summer-time rule (last Sunday of March to last Sunday of October, 01:00 UTC) so that no
//! time-zone database is needed.

/// Days since 1970-01-01 → (year, month, day). Howard Hinnant's civil_from_days.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) → days since 1970-01-01.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Unix time of the last Sunday of `month` at 01:00 UTC.
fn last_sunday_0100_utc(year: i64, month: u32) -> i64 {
    let last_day = days_from_civil(year, month + 1, 1) - 1;
    // 1970-01-01 was a Thursday: weekday 0 = Sunday is (days + 4) % 7.
    let weekday = (last_day + 4).rem_euclid(7);
    (last_day - weekday) * 86_400 + 3_600
}

/// Seconds east of UTC in Paris at `utc`.
pub fn paris_offset(utc: i64) -> i64 {
    let (year, _, _) = civil_from_days(utc.div_euclid(86_400));
    let summer = last_sunday_0100_utc(year, 3) <= utc && utc < last_sunday_0100_utc(year, 10);
    if summer { 7_200 } else { 3_600 }
}

/// Paris local date ("YYYY-MM-DD") and hour.
pub fn paris_day_hour(utc: i64) -> (String, u32) {
    let local = utc + paris_offset(utc);
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let hour = (local.rem_euclid(86_400) / 3_600) as u32;
    (format!("{y:04}-{m:02}-{d:02}"), hour)
}

/// Bulk alerts wait outside 09:00-20:00 Paris time: the earliest time from `utc` on.
pub fn after_quiet_hours(utc: i64) -> i64 {
    let (_, hour) = paris_day_hour(utc);
    if (9..20).contains(&hour) {
        return utc;
    }
    let local = utc + paris_offset(utc);
    let midnight = local.div_euclid(86_400) * 86_400;
    let nine = if hour >= 20 {
        midnight + 86_400 + 9 * 3_600
    } else {
        midnight + 9 * 3_600
    };
    // Local 09:00 back to UTC (no DST change happens at 09:00).
    nine - paris_offset(nine - 3_600)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i64, m: u32, d: u32, h: i64, min: i64) -> i64 {
        days_from_civil(y, m, d) * 86_400 + h * 3_600 + min * 60
    }

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 18_000, 20_786, 21_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    #[test]
    fn paris_summer_and_winter_time() {
        // 2020-03-29 02:00 local became 03:00: the switch at 01:00 UTC.
        assert_eq!(paris_offset(utc(2020, 3, 29, 0, 59)), 3_600);
        assert_eq!(paris_offset(utc(2020, 3, 29, 1, 0)), 7_200);
        assert_eq!(paris_offset(utc(2020, 10, 25, 0, 59)), 7_200);
        assert_eq!(paris_offset(utc(2020, 10, 25, 1, 0)), 3_600);
        assert_eq!(
            paris_day_hour(utc(2026, 11, 29, 23, 30)),
            ("2026-11-30".into(), 0)
        );
    }

    #[test]
    fn quiet_hours_defer_to_nine() {
        // Winter: 19:30 UTC = 20:30 Paris → next day 09:00 Paris = 08:00 UTC.
        assert_eq!(
            after_quiet_hours(utc(2026, 11, 29, 19, 30)),
            utc(2026, 11, 30, 8, 0)
        );
        // 06:00 UTC = 07:00 Paris → same day 08:00 UTC.
        assert_eq!(
            after_quiet_hours(utc(2026, 11, 29, 6, 0)),
            utc(2026, 11, 29, 8, 0)
        );
        // Summer: 17:59 UTC = 19:59 Paris, still allowed.
        assert_eq!(
            after_quiet_hours(utc(2026, 7, 1, 17, 59)),
            utc(2026, 7, 1, 17, 59)
        );
        // Summer: 18:00 UTC = 20:00 Paris → next day 07:00 UTC.
        assert_eq!(
            after_quiet_hours(utc(2026, 7, 1, 18, 0)),
            utc(2026, 7, 2, 7, 0)
        );
    }
}
