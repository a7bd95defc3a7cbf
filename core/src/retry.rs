//! Retry delays shared by the channel senders.

use rand::{Rng, RngExt};

/// Delay in seconds before attempt `attempts + 1`: 2, 4, 8 … up to an hour, plus up to half
/// as much again at random so that retries of many messages spread out.
pub fn backoff(attempts: i64, rng: &mut impl Rng) -> i64 {
    backoff_capped(attempts, 3600, rng)
}

/// [`backoff`] with another ceiling (`max_delay` seconds, before jitter): operators keep the
/// hour; end-to-end tests use a few seconds instead of sleeping for minutes.
pub fn backoff_capped(attempts: i64, max_delay: i64, rng: &mut impl Rng) -> i64 {
    let base = 2i64
        .saturating_pow(attempts.clamp(0, 30) as u32 + 1)
        .min(max_delay.max(1));
    base + rng.random_range(0..=base / 2)
}

/// How much longer each failed look in the provider's record waits than the first: with
/// the default 5 s, 5 s, 15 s, 60 s, 5 min, 15 min, then the retry ceiling.
const CHECK_STEPS: [i64; 5] = [1, 3, 12, 60, 180];

/// How the senders pace and bound their work (set from the environment by `renfort serve`).
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Sends in flight at most (one per recipient at a time).
    pub in_flight: usize,
    /// No answer within this time: the outcome is unknown.
    pub timeout: std::time::Duration,
    /// Ceiling of the retry delay, seconds.
    pub max_delay: i64,
    /// An unknown outcome is first checked with the provider this long after the attempt,
    /// seconds (Twilio lists a message it took at once); each failed check waits longer
    /// ([`Delivery::check_delay`]).
    pub check_after: i64,
    /// A conversational reply not sent this long after it was queued is given up (failed),
    /// seconds: past a day an answer no longer answers anything.
    pub reply_max_age: i64,
    /// The same for alerts and announcements, seconds.
    pub alert_max_age: i64,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            in_flight: 8,
            timeout: std::time::Duration::from_secs(30),
            max_delay: 3600,
            check_after: 5,
            reply_max_age: 86_400,
            alert_max_age: 7 * 86_400,
        }
    }
}

impl Delivery {
    /// The retry delay, with jitter from the thread's random generator.
    pub fn backoff(&self, attempts: i64) -> i64 {
        backoff_capped(attempts, self.max_delay, &mut rand::rng())
    }

    /// Seconds before the next look in the provider's record after `checks` failed ones:
    /// `check_after` × 1, 3, 12, 60, 180, never past the retry ceiling, plus up to a fifth
    /// more at random so that the checks of many messages spread out.
    pub fn check_delay(&self, checks: i64) -> i64 {
        let step = CHECK_STEPS[checks.clamp(0, CHECK_STEPS.len() as i64 - 1) as usize];
        let base = self
            .check_after
            .max(1)
            .saturating_mul(step)
            .min(self.max_delay.max(self.check_after).max(1));
        base + rand::rng().random_range(0..=base / 5)
    }

    /// How long a message of this priority is tried before it is given up, seconds.
    pub fn max_age(&self, priority: i64) -> i64 {
        if priority <= crate::store::outbox::PRIORITY_REPLY {
            self.reply_max_age
        } else {
            self.alert_max_age
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_a_ceiling() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(14);
        for _ in 0..50 {
            let first = backoff(0, &mut rng);
            assert!((2..=3).contains(&first), "{first}");
            let fifth = backoff(4, &mut rng);
            assert!((32..=48).contains(&fifth), "{fifth}");
            assert!((3600..=5400).contains(&backoff(40, &mut rng)));
            assert!((5..=7).contains(&backoff_capped(40, 5, &mut rng)));
        }
        let spread: std::collections::HashSet<i64> =
            (0..50).map(|_| backoff(6, &mut rng)).collect();
        assert!(spread.len() > 10, "jitter spreads retries");
        let delivery = Delivery::default();
        let checks: Vec<i64> = (0..7).map(|n| delivery.check_delay(n)).collect();
        for (got, base) in checks.iter().zip([5, 15, 60, 300, 900, 900, 900]) {
            assert!((base..=base + base / 5).contains(got), "{checks:?}");
        }
        let capped = Delivery {
            max_delay: 20,
            ..Delivery::default()
        };
        assert!((20..=24).contains(&capped.check_delay(5)));
        assert_eq!(delivery.max_age(0), 86_400);
        assert_eq!(delivery.max_age(2), 7 * 86_400);
        let spread: std::collections::HashSet<i64> = (0..50).map(|_| delivery.backoff(6)).collect();
        assert!(
            spread.len() > 10,
            "the thread's generator spreads retries too"
        );
    }
}
