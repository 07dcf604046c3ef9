//! Everything the widget needs from the outside world, behind traits: the
//! clock, randomness, the device's key-value storage, the outbox store,
//! the transport, the send lock, timers and the task spawner.
//!
//! Each trait has a thin browser implementation ([`browser`], and
//! [`indexed`] for IndexedDB) and an in-memory twin ([`memory`]) for the
//! native tests, which run the courier and the state bridge on a fake clock
//! in milliseconds. [`MemoryOutbox`](memory::MemoryOutbox) is also the
//! runtime stand-in when a device cannot store anything.
//!
//! Architecture Invariant: nothing outside `io/browser.rs`, `io/indexed.rs`
//! and `io/lock.rs`'s Web Locks glue touches `Date`, `Math.random`,
//! `crypto`, `localStorage`, IndexedDB, `fetch`, `navigator.onLine` or Web
//! Locks. Everything else gets them through an [`Io`].

pub(crate) mod browser;
pub(crate) mod indexed;
pub(crate) mod lock;
pub(crate) mod memory;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use heard_engine::{OutboxRecord, SendResult};
use serde_json::{Map, Value};

/// A boxed future that need not be `Send` (the widget is single-threaded).
pub(crate) type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// The current time.
pub(crate) trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// Random numbers: ids must be unpredictable, jitter need only be spread.
pub(crate) trait Random {
    /// 16 random bytes, for a response id.
    fn id_bytes(&self) -> [u8; 16];
    /// A number in `[0, 1)`, for backoff jitter.
    fn unit(&self) -> f64;
}

/// Small synchronous key-value storage that survives a reload
/// (`localStorage` in the browser): drafts, and the send lock's lease.
/// Every failure reads as "nothing there" or `false`, never an error that
/// could stop the survey.
pub(crate) trait KeyValue {
    /// The value under `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`; `false` if the device would not keep it.
    fn set(&self, key: &str, value: &str) -> bool;
    /// Removes `key`.
    fn remove(&self, key: &str);
}

/// Why the outbox store could not do something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    /// What failed, in words for staff and the `heard:error` event.
    pub message: String,
}

impl StoreError {
    pub(crate) fn new(what: &str, e: impl std::fmt::Display) -> Self {
        StoreError { message: format!("{what}: {e}") }
    }
}

/// Where outbox records live. Records are kept under their response id.
pub(crate) trait OutboxStore {
    /// Stores `record`, replacing any record with the same id. Finishes
    /// only once the write is durable.
    fn put<'a>(&'a self, record: &'a OutboxRecord) -> LocalFuture<'a, Result<(), StoreError>>;
    /// Every record, oldest first. Unreadable entries are skipped, never
    /// deleted: they stay on the device for someone to look at.
    fn list(&self) -> LocalFuture<'_, Result<Vec<OutboxRecord>, StoreError>>;
    /// Deletes the record with this id: only ever after a 2xx.
    fn delete<'a>(&'a self, id: &'a str) -> LocalFuture<'a, Result<(), StoreError>>;
}

/// Opens the outbox store called `name` (one per endpoint).
pub(crate) trait OutboxOpener {
    /// The store, or why the device's storage cannot be used.
    fn open(&self, name: &str) -> LocalFuture<'static, Result<Rc<dyn OutboxStore>, StoreError>>;
}

/// The host's extra request headers, held in memory only.
pub(crate) type Headers = Map<String, Value>;

/// One HTTP attempt at a time, reported as a [`SendResult`] for the engine
/// to judge. Nothing behind this decides whether to retry.
pub(crate) trait Transport {
    /// POSTs `record` once, with its `Idempotency-Key` and the host's
    /// headers, giving up after the time-out.
    fn send(&self, record: &OutboxRecord, headers: &Headers) -> LocalFuture<'static, SendResult>;
    /// Fires `record` off as the page goes away (`keepalive`); nothing is
    /// awaited, and the record stays in the outbox.
    fn send_while_leaving(&self, record: &OutboxRecord, headers: &Headers);
    /// Whether the device says it has a network at all. `false` is
    /// reliable (no request can succeed); `true` may still mean a network
    /// that goes nowhere.
    fn is_online(&self) -> bool;
}

/// One sender per outbox across tabs and widgets.
pub(crate) trait SendLock {
    /// Runs `work` while holding the lock `name`, if nobody else holds it.
    /// Finishes with whether `work` ran; `false` means another tab is
    /// sending.
    fn run(&self, name: &str, work: LocalFuture<'static, ()>) -> LocalFuture<'static, bool>;
}

/// A pending timer; dropping it cancels the timer.
pub(crate) type TimerHandle = Box<dyn std::any::Any>;

/// One-shot timers.
pub(crate) trait Timers {
    /// Calls `f` after `delay_ms`, unless the handle is dropped first.
    fn after(&self, delay_ms: u32, f: Box<dyn FnOnce()>) -> TimerHandle;
}

/// Runs futures in the background.
pub(crate) trait Spawn {
    /// Starts `task`.
    fn spawn(&self, task: LocalFuture<'static, ()>);
}

/// One widget's window on the world. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Io {
    pub(crate) clock: Rc<dyn Clock>,
    pub(crate) random: Rc<dyn Random>,
    /// Drafts (and, in the browser, the lease behind the send lock).
    pub(crate) drafts: Rc<dyn KeyValue>,
    pub(crate) outbox: Rc<dyn OutboxOpener>,
    pub(crate) transport: Rc<dyn Transport>,
    pub(crate) lock: Rc<dyn SendLock>,
    pub(crate) timers: Rc<dyn Timers>,
    pub(crate) spawn: Rc<dyn Spawn>,
}

impl Io {
    /// The time now, as the engine takes it.
    pub(crate) fn now(&self) -> heard_engine::Timestamp {
        heard_engine::Timestamp::from_unix_millis(self.clock.now_ms())
    }

    /// A new response id.
    pub(crate) fn new_response_id(&self) -> heard_engine::ResponseId {
        heard_engine::ResponseId::from_random_bytes(self.random.id_bytes())
    }
}
