//! Getting responses to the backend: the outbox's record, what each send
//! result means, and when to try again. Pure policy; the widget does the I/O.

mod backoff;
mod record;

pub use self::backoff::{parse_retry_after, Backoff};
pub use self::record::{classify, next_due, OutboxRecord, Outcome, RecordState, SendResult, Settled};
