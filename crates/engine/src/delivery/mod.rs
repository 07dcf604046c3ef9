//! Getting responses to the backend: the outbox's record, what each send
//! result means, and when to try again. Pure policy; the widget does the I/O.

mod backoff;
mod outbox;

pub use self::backoff::{parse_retry_after, Backoff};
pub use self::outbox::{classify, next_due, OutboxRecord, Outcome, RecordState, SendResult, Settled};
