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

/// After this many attempts a message fails for good.
pub const MAX_ATTEMPTS: i64 = 8;

/// How the senders pace and bound their work (set from the environment by `renfort serve`).
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Sends in flight at most (one per recipient at a time).
    pub in_flight: usize,
    /// No answer within this time: the outcome is unknown.
    pub timeout: std::time::Duration,
    /// Ceiling of the retry delay, seconds.
    pub max_delay: i64,
    /// An unknown outcome is checked with the provider this long after the attempt, seconds
    /// (the provider needs a moment to list a message it took).
    pub check_after: i64,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            in_flight: 8,
            timeout: std::time::Duration::from_secs(30),
            max_delay: 3600,
            check_after: 60,
        }
    }
}

impl Delivery {
    /// How long a claim holds a row: beyond any attempt's timeout, so a live sender never
    /// loses its row; a dead sender's row is taken back when it ends.
    pub fn lease(&self) -> i64 {
        2 * self.timeout.as_secs() as i64 + 5
    }

    /// The retry delay, with jitter from the thread's random generator.
    pub fn backoff(&self, attempts: i64) -> i64 {
        backoff_capped(attempts, self.max_delay, &mut rand::rng())
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
        let spread: std::collections::HashSet<i64> = (0..50).map(|_| delivery.backoff(6)).collect();
        assert!(
            spread.len() > 10,
            "the thread's generator spreads retries too"
        );
    }
}
