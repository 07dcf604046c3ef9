//! Timestamps, given to the engine rather than read from a clock.
//!
//! Architecture Invariant: the engine never reads the time. The widget reads
//! the clock and passes a [`Timestamp`] in, which keeps the engine pure and
//! lets tests use any moment they like.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::{civil_from_days, days_from_civil, days_in_month};

const MILLIS_PER_DAY: i64 = 86_400_000;
/// 0000-01-01T00:00:00.000Z: RFC 3339 has no years before 0.
const EARLIEST: i64 = -62_167_219_200_000;
/// 9999-12-31T23:59:59.999Z: RFC 3339 has no years after 9999.
const LATEST: i64 = 253_402_300_799_999;

/// A moment in UTC, to the millisecond, written as RFC 3339
/// (`2026-11-23T12:00:00.000Z`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    millis: i64,
}

impl Timestamp {
    /// The moment `millis` milliseconds after 1970-01-01T00:00:00Z, as from
    /// JavaScript's `Date.now()`.
    ///
    /// Moments outside the years 0000 to 9999 are clamped to them, because
    /// RFC 3339 cannot write anything else.
    pub fn from_unix_millis(millis: i64) -> Self {
        Timestamp { millis: millis.clamp(EARLIEST, LATEST) }
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    pub fn unix_millis(self) -> i64 {
        self.millis
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fff]Z`, the form this type writes. Other
    /// offsets than `Z` are not accepted.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<i64> {
            let part = b.get(range)?;
            if part.iter().all(u8::is_ascii_digit) {
                Some(part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
            } else {
                None
            }
        };
        let punctuation = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
        if punctuation.iter().any(|(i, c)| b.get(*i) != Some(c)) {
            return None;
        }
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
        let millis = match b.get(19..) {
            Some(b"Z") => 0,
            Some([b'.', rest @ ..]) if rest.len() >= 2 && rest.last() == Some(&b'Z') => {
                let fraction = rest.get(..rest.len() - 1)?;
                if fraction.len() > 9 || !fraction.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                // Keep the first three digits; finer detail is dropped.
                let padded: Vec<u8> = fraction.iter().copied().chain([b'0'; 3]).take(3).collect();
                padded.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0'))
            }
            _ => return None,
        };
        let month_u = u32::try_from(month).ok()?;
        let day_u = u32::try_from(day).ok()?;
        if !(1..=12).contains(&month_u)
            || day_u == 0
            || day_u > days_in_month(year, month_u)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let days = days_from_civil(year, month_u, day_u);
        Some(Timestamp { millis: days * MILLIS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.millis.div_euclid(MILLIS_PER_DAY);
        let in_day = self.millis.rem_euclid(MILLIS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let (seconds, millis) = (in_day / 1000, in_day % 1000);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("expected a UTC time like 2026-11-23T12:00:00.000Z"))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A moment in UTC, RFC 3339 with milliseconds, e.g. 2026-11-23T12:00:00.000Z.",
            "type": "string",
            "format": "date-time"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: i64) -> String {
        Timestamp::from_unix_millis(millis).to_string()
    }

    #[test]
    fn the_epoch_is_written_in_rfc_3339() {
        assert_eq!(at(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn a_known_moment_is_written_with_milliseconds() {
        // 2026-11-23T12:00:00.123Z
        assert_eq!(at(1_795_435_200_123), "2026-11-23T12:00:00.123Z");
    }

    #[test]
    fn leap_day_and_the_day_after_are_written_correctly() {
        assert_eq!(at(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(at(951_868_800_000), "2000-03-01T00:00:00.000Z");
        assert_eq!(at(1_709_164_800_000), "2024-02-29T00:00:00.000Z");
    }

    #[test]
    fn moments_before_1970_are_written_correctly() {
        assert_eq!(at(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn extreme_moments_are_clamped_to_four_digit_years() {
        assert_eq!(at(i64::MIN), "0000-01-01T00:00:00.000Z");
        assert_eq!(at(i64::MAX), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn written_timestamps_read_back_to_the_same_moment() {
        for millis in [0, -1, 1_795_435_200_123, 951_782_400_000, EARLIEST, LATEST] {
            let text = at(millis);
            assert_eq!(Timestamp::parse(&text), Some(Timestamp::from_unix_millis(millis)), "{text}");
        }
    }

    #[test]
    fn impossible_timestamps_are_not_read() {
        assert_eq!(Timestamp::parse("2026-02-29T00:00:00Z"), None);
        assert_eq!(Timestamp::parse("2026-11-23T24:00:00Z"), None);
        assert_eq!(Timestamp::parse("2026-11-23 12:00:00Z"), None);
        assert_eq!(Timestamp::parse("2026-11-23T12:00:00+01:00"), None);
        assert_eq!(Timestamp::parse(""), None);
    }
}
