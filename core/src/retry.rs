//! Retry delays shared by the channel senders.

/// Delay in seconds before attempt `attempts + 1`: 2, 4, 8 … up to an hour, plus up to half
/// as much again at random so that retries of many messages spread out.
pub fn backoff(attempts: i64, jitter_seed: u64) -> i64 {
    let base = 2i64
        .saturating_pow(attempts.clamp(0, 30) as u32 + 1)
        .min(3600);
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
