//! When to try sending again: exponential backoff with full jitter.
//!
//! The delay before the next attempt is a random point between zero and
//! `base × 2^(failures − 1)`, capped. Full jitter spreads a crowd of devices
//! that all lost the backend at the same moment (a surgery's Wi-Fi coming
//! back, say) so that they do not all return at once. A server's
//! `Retry-After` is a lower bound: Heard never comes back sooner than asked.

/// The backoff schedule. The defaults are Heard's policy: 1 s doubling per
/// attempt, capped at 5 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The ceiling of the first retry's delay, in milliseconds.
    pub base_ms: u64,
    /// The largest ceiling, in milliseconds.
    pub cap_ms: u64,
    /// The longest `Retry-After` honoured, so that a misconfigured server
    /// cannot park a response for weeks.
    pub retry_after_limit_ms: u64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff { base_ms: 1_000, cap_ms: 5 * 60 * 1_000, retry_after_limit_ms: 24 * 60 * 60 * 1_000 }
    }
}

impl Backoff {
    /// The ceiling of the delay after `failures` failed attempts (1 or more).
    pub fn ceiling_ms(&self, failures: u32) -> u64 {
        let doublings = failures.saturating_sub(1).min(63);
        self.base_ms.saturating_mul(1u64 << doublings).min(self.cap_ms)
    }

    /// The delay after `failures` failed attempts. `random` is a number in
    /// `[0, 1)` from the caller (the engine has no randomness of its own);
    /// values outside that range are clamped. `retry_after_ms` is the
    /// server's `Retry-After`, if it sent one.
    pub fn delay_ms(&self, failures: u32, random: f64, retry_after_ms: Option<u64>) -> u64 {
        let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
        let jittered = (self.ceiling_ms(failures) as f64 * random) as u64;
        match retry_after_ms {
            Some(after) => jittered.max(after.min(self.retry_after_limit_ms)),
            None => jittered,
        }
    }
}

/// Reads a `Retry-After` header: either delta-seconds (`120`) or an HTTP
/// date (`Wed, 21 Oct 2015 07:28:00 GMT`), relative to `now_ms`. Returns the
/// wait in milliseconds, or `None` when the header cannot be read (it is then
/// ignored, as the HTTP specification says).
pub fn parse_retry_after(value: &str, now_ms: i64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(|s| s.saturating_mul(1_000));
    }
    let at = parse_http_date(value)?;
    Some(u64::try_from(at.saturating_sub(now_ms)).unwrap_or(0))
}

/// Parses the IMF-fixdate form of an HTTP date into Unix milliseconds.
fn parse_http_date(value: &str) -> Option<i64> {
    // "Wed, 21 Oct 2015 07:28:00 GMT"
    let rest = value.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let (h, m, s): (i64, i64, i64) =
        (clock.next()?.parse().ok()?, clock.next()?.parse().ok()?, clock.next()?.parse().ok()?);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = crate::calendar::days_from_civil(year, month, day);
    Some(days * 86_400_000 + (h * 3600 + m * 60 + s) * 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ceiling_doubles_from_one_second_and_stops_at_five_minutes() {
        let b = Backoff::default();
        let ceilings: Vec<u64> = (1..=11).map(|n| b.ceiling_ms(n)).collect();
        assert_eq!(
            ceilings,
            vec![1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000]
        );
        assert_eq!(b.ceiling_ms(u32::MAX), 300_000, "no overflow after many attempts");
    }

    #[test]
    fn full_jitter_spreads_the_delay_between_zero_and_the_ceiling() {
        let b = Backoff::default();
        assert_eq!(b.delay_ms(3, 0.0, None), 0);
        assert_eq!(b.delay_ms(3, 0.5, None), 2_000);
        assert_eq!(b.delay_ms(3, 0.999_999, None), 3_999);
        assert_eq!(b.delay_ms(3, 7.0, None), 4_000, "out-of-range randomness is clamped");
        assert_eq!(b.delay_ms(3, f64::NAN, None), 0);
    }

    #[test]
    fn retry_after_is_a_lower_bound_never_a_shortcut() {
        let b = Backoff::default();
        assert_eq!(b.delay_ms(1, 0.9, Some(30_000)), 30_000, "the server asked for longer than the jitter");
        assert_eq!(b.delay_ms(10, 0.9, Some(1_000)), 270_000, "the jitter is longer than the server asked");
        assert_eq!(b.delay_ms(1, 0.0, Some(u64::MAX)), 86_400_000, "absurd waits are limited to a day");
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = 1_445_412_400_000; // Wed, 21 Oct 2015 07:26:40 GMT
        assert_eq!(parse_retry_after("120", now), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", now), Some(0));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), Some(80_000));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:20:00 GMT", now), Some(0), "a past date means now");
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("Wed, 21 Foo 2015 07:28:00 GMT", now), None);
    }
}
