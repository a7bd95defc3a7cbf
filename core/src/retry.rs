//! Retry delays shared by the channel senders.

/// Delay in seconds before attempt `attempts + 1`: 2, 4, 8 … up to an hour, plus up to half
/// as much again at random so that retries of many messages spread out.
pub fn backoff(attempts: i64, jitter_seed: u64) -> i64 {
    backoff_capped(attempts, jitter_seed, 3600)
}

/// [`backoff`] with another ceiling (`max_delay` seconds, before jitter): operators keep the
/// hour; end-to-end tests use a few seconds instead of sleeping for minutes.
pub fn backoff_capped(attempts: i64, jitter_seed: u64, max_delay: i64) -> i64 {
    let base = 2i64
        .saturating_pow(attempts.clamp(0, 30) as u32 + 1)
        .min(max_delay.max(1));
    let jitter = (splitmix(jitter_seed) % (base as u64 / 2 + 1)) as i64;
    base + jitter
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
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

    pub fn backoff(&self, attempts: i64, jitter_seed: u64) -> i64 {
        backoff_capped(attempts, jitter_seed, self.max_delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_a_ceiling() {
        for seed in 0..50 {
            let first = backoff(0, seed);
            assert!((2..=3).contains(&first), "{first}");
            let fifth = backoff(4, seed);
            assert!((32..=48).contains(&fifth), "{fifth}");
            assert!(backoff(40, seed) <= 5400);
        }
        let spread: std::collections::HashSet<i64> = (0..50).map(|s| backoff(6, s)).collect();
        assert!(spread.len() > 10, "jitter spreads retries");
    }
}
