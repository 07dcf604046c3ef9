//! The wall clock, read in one place.
//!
//! The engine takes time as an input; the collector is the outside world
//! that supplies it, for `received_at` and the request log.

use std::time::{SystemTime, UNIX_EPOCH};

use heard_engine::Timestamp;

/// The current moment. A clock set before 1970 reads as 1970, which is
/// wrong but harmless: `received_at` is informative only.
pub(crate) fn now() -> Timestamp {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    Timestamp::from_unix_millis(i64::try_from(millis).unwrap_or(i64::MAX))
}
