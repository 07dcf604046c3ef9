//! The courier takes submitted responses to the backend: it puts each one in
//! the outbox before anything is sent, sends what is due under the sender
//! lock, applies the engine's verdict on every attempt, and wakes up again
//! when the next record falls due, when the device comes back online, or
//! when the page becomes visible.
//!
//! All its I/O goes through an [`Io`], so the native tests run it on a fake
//! clock against a scripted server (`courier/tests.rs`), and the Playwright
//! chaos tests run the same code against the real collector.
//!
//! Architecture Invariant: a record is written to the outbox before its
//! first request, and deleted only after a 2xx. What the person is told
//! ([`DeliveryStatus`], decided by the engine) follows what actually
//! happened to their response.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use heard_engine::{classify, next_due, Backoff, DeliveryStatus, OutboxRecord, Outcome, Payload, RecordState, Settled};

use crate::io::memory::MemoryOutbox;
use crate::io::{Headers, Io, OutboxStore, TimerHandle};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// How long a tab that found another tab sending waits before it looks at
/// the outbox again: records the other tab is sending still look due here.
const CONTENDED_RETRY_MS: i64 = 2_000;

/// What the courier tells its widget.
pub(crate) struct Hooks {
    /// What is now true of the person's responses.
    pub(crate) on_status: Box<dyn Fn(DeliveryStatus)>,
    /// The outbox could not use the device's storage; records are kept in
    /// memory from now on. Carries the reason.
    pub(crate) on_storage_failure: Box<dyn Fn(String)>,
    /// The backend acknowledged the response with this id.
    pub(crate) on_delivered: Box<dyn Fn(String)>,
    /// The backend refused the response with this id; carries its reason.
    pub(crate) on_rejected: Box<dyn Fn(String, String)>,
}

struct Inner {
    endpoint: String,
    /// The outbox's name, which is also the send lock's.
    name: String,
    headers: Headers,
    io: Io,
    /// Opened on first use; memory once the device's storage has failed.
    store: RefCell<Option<Rc<dyn OutboxStore>>>,
    hooks: Hooks,
    /// Ids submitted through this widget, whose fate the person is shown.
    mine: RefCell<Vec<String>>,
    /// Records as last read, for `pagehide` (which cannot wait for storage).
    known: RefCell<Vec<OutboxRecord>>,
    busy: Cell<bool>,
    again: Cell<bool>,
    /// Set when the device comes back online: the next pass sends waiting
    /// records at once instead of waiting out backoff that grew offline.
    back_online: Cell<bool>,
    timer: RefCell<Option<TimerHandle>>,
    stopped: Cell<bool>,
}

/// One widget's courier. Cloning shares it.
#[derive(Clone)]
pub(crate) struct Courier(Rc<Inner>);

/// The outbox's name (and the send lock's) for an endpoint.
pub(crate) fn outbox_name(endpoint: &str) -> String {
    format!("heard-outbox:{endpoint}")
}

impl Courier {
    /// A courier for `endpoint` (an absolute URL).
    pub(crate) fn new(endpoint: String, headers: Headers, io: Io, hooks: Hooks) -> Self {
        Courier(Rc::new(Inner {
            name: outbox_name(&endpoint),
            endpoint,
            headers,
            io,
            store: RefCell::new(None),
            hooks,
            mine: RefCell::new(Vec::new()),
            known: RefCell::new(Vec::new()),
            busy: Cell::new(false),
            again: Cell::new(false),
            back_online: Cell::new(false),
            timer: RefCell::new(None),
            stopped: Cell::new(false),
        }))
    }

    fn now(&self) -> i64 {
        self.0.io.clock.now_ms()
    }

    /// The outbox, opened on first use. If the device's storage cannot be
    /// used, the courier falls back to memory for good and says so once.
    async fn store(&self) -> Rc<dyn OutboxStore> {
        if let Some(store) = self.0.store.borrow().clone() {
            return store;
        }
        let store = match self.0.io.outbox.open(&self.0.name).await {
            Ok(store) => store,
            Err(e) => {
                (self.0.hooks.on_storage_failure)(e.message);
                MemoryOutbox::fallback(&self.0.name)
            }
        };
        self.0.store.borrow_mut().get_or_insert(store).clone()
    }

    /// Stops using the device's storage (after a write failed, such as a
    /// full quota). Records already stored there stay there.
    fn fall_back_to_memory(&self, reason: String) {
        (self.0.hooks.on_storage_failure)(reason);
        *self.0.store.borrow_mut() = Some(MemoryOutbox::fallback(&self.0.name));
    }

    /// Puts a submitted response in the outbox, then tries to send it. The
    /// future finishes once the record is stored (in memory if the device's
    /// storage failed); sending goes on after that.
    pub(crate) async fn submit(&self, id: String, payload: Payload) {
        let record = OutboxRecord::new(
            id.clone(),
            self.0.endpoint.clone(),
            payload.content_type.to_owned(),
            payload.body,
            self.now(),
        );
        self.0.mine.borrow_mut().push(id);
        if let Err(e) = self.store().await.put(&record).await {
            self.fall_back_to_memory(e.message);
            // Memory cannot fail to take it.
            let _ = self.store().await.put(&record).await;
        }
        (self.0.hooks.on_status)(DeliveryStatus::Sending);
        self.flush();
    }

    /// What is in the outbox for this endpoint, for `outbox()`.
    pub(crate) async fn records(&self) -> Vec<OutboxRecord> {
        self.read_records().await.unwrap_or_default()
    }

    async fn read_records(&self) -> Option<Vec<OutboxRecord>> {
        let mut records = self.store().await.list().await.ok()?;
        records.retain(|r| r.endpoint == self.0.endpoint);
        Some(records)
    }

    /// Sends whatever is due, in the background. Calls made while a flush is
    /// running make it go round once more instead of starting a second one.
    pub(crate) fn flush(&self) {
        if self.0.stopped.get() {
            return;
        }
        if self.0.busy.replace(true) {
            self.0.again.set(true);
            return;
        }
        let courier = self.clone();
        self.0.io.spawn.spawn(Box::pin(async move {
            let contended = loop {
                courier.0.again.set(false);
                let work = Box::pin(send_due(Rc::downgrade(&courier.0)));
                let contended = !courier.0.io.lock.run(&courier.0.name, work).await;
                if contended || !courier.0.again.get() || courier.0.stopped.get() {
                    break contended;
                }
            };
            courier.0.busy.set(false);
            courier.reschedule(contended).await;
        }));
    }

    /// Sets the timer for the next due record and tells the person where
    /// their response is. When another tab held the lock, records it is
    /// sending may still look due here, so this tab looks again in a few
    /// seconds rather than at once. While the device is offline no timer is
    /// set: coming back online flushes.
    async fn reschedule(&self, contended: bool) {
        // If the outbox cannot be read, say nothing rather than something untrue.
        let Some(records) = self.read_records().await else { return };
        let due = next_due(&records);
        *self.0.known.borrow_mut() = records;
        let at = if !self.0.io.transport.is_online() {
            None
        } else if contended {
            Some(due.unwrap_or(0).max(self.now() + CONTENDED_RETRY_MS))
        } else {
            due
        };
        self.schedule(at);
        let status = DeliveryStatus::of(&self.0.mine.borrow(), &self.0.known.borrow());
        if status != DeliveryStatus::Idle {
            (self.0.hooks.on_status)(status);
        }
    }

    fn schedule(&self, at: Option<i64>) {
        let Some(at) = at.filter(|_| !self.0.stopped.get()) else {
            self.0.timer.borrow_mut().take();
            return;
        };
        let delay = (at - self.now()).clamp(0, i64::from(i32::MAX)) as u32;
        let weak = Rc::downgrade(&self.0);
        let timer = self.0.io.timers.after(
            delay,
            Box::new(move || {
                if let Some(inner) = weak.upgrade() {
                    Courier(inner).flush();
                }
            }),
        );
        *self.0.timer.borrow_mut() = Some(timer);
    }

    /// The device is back online: send what waits, now.
    pub(crate) fn online(&self) {
        self.0.back_online.set(true);
        self.flush();
    }

    /// The page is shown again.
    pub(crate) fn shown(&self) {
        self.flush();
    }

    /// The page is going away: fire each waiting record with `keepalive`.
    /// Nothing can be awaited now; the records stay in the outbox, and a
    /// copy that arrives is recognised by its `Idempotency-Key` next time.
    pub(crate) fn leaving(&self) {
        if !self.0.io.transport.is_online() {
            return;
        }
        for record in self.0.known.borrow().iter().filter(|r| r.state == RecordState::Waiting) {
            self.0.io.transport.send_while_leaving(record, &self.0.headers);
        }
    }

    /// Stops the timer and any further sending; records stay in the outbox.
    pub(crate) fn stop(&self) {
        self.0.stopped.set(true);
        self.0.timer.borrow_mut().take();
    }
}

/// Sends every due record of this courier's endpoint, one at a time, while
/// holding the lock. Runs only while the courier is alive, and not at all
/// while the device is offline (every attempt would fail at once, and only
/// grow the backoff).
async fn send_due(inner: Weak<Inner>) {
    let Some(courier) = inner.upgrade().map(Courier) else { return };
    if !courier.0.io.transport.is_online() {
        return;
    }
    let store = courier.store().await;
    let Ok(records) = store.list().await else { return };
    let backoff = Backoff::default();
    let back_online = courier.0.back_online.replace(false);
    for record in records {
        if record.endpoint != courier.0.endpoint || courier.0.stopped.get() {
            continue;
        }
        // Holding the lock, any record marked as sending was left by a tab
        // that closed mid-request.
        let record = record.recover();
        let record = if back_online { record.retry_now(courier.now()) } else { record };
        if !record.is_due(courier.now()) {
            continue;
        }
        let record = record.start_attempt();
        if store.put(&record).await.is_err() {
            continue;
        }
        let result = courier.0.io.transport.send(&record, &courier.0.headers).await;
        let outcome = classify(&result, courier.now());
        let id = record.id.clone();
        let rejected = match &outcome {
            Outcome::Rejected { reason } => Some(reason.clone()),
            _ => None,
        };
        match record.settle(outcome, courier.now(), courier.0.io.random.unit(), &backoff) {
            Settled::Delete => {
                if store.delete(&id).await.is_ok() {
                    (courier.0.hooks.on_delivered)(id);
                }
            }
            Settled::Keep(updated) => {
                let _ = store.put(&updated).await;
                if let Some(reason) = rejected {
                    (courier.0.hooks.on_rejected)(id, reason);
                }
            }
        }
    }
}
