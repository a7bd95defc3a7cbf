//! Comparing a presented secret (webhook secret token, metrics token) with the configured
//! one without telling an attacker, through timing, how much of it matched or how long it is.

/// Whether `given` equals `expected`. The work done depends only on the length of `expected`
/// (which the attacker cannot vary): every byte is compared, whatever `given`'s length, and a
/// length mismatch is folded into the result instead of returning early.
pub fn constant_time_eq(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = (given.len() ^ expected.len()) as u64;
    for (i, e) in expected.iter().enumerate() {
        // Past its end, `given` reads as 0 bytes: the length difference already counts.
        let g = given.get(i).copied().unwrap_or(0);
        diff |= u64::from(g ^ e);
    }
    // Keep the compiler from turning the loop into an early exit.
    std::hint::black_box(diff) == 0
}

/// A new secret token: 160 bits from the operating system's random source, as 40 lowercase
/// hex digits (safe in a URL, a cookie and an SMS alike).
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn equal_only_when_bytes_and_length_match() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"abd", b"abc"));
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(!constant_time_eq(b"abc\0", b"abc"));
        assert!(!constant_time_eq(b"abcd", b"abc"));
        assert!(!constant_time_eq(b"", b"x"));
        assert!(!constant_time_eq(b"x", b""));
        // A given value that is a prefix padded with zeros is still refused.
        assert!(!constant_time_eq(b"ab\0", b"ab"));
    }
}
