//! The courier takes submitted responses to the backend: it puts each one in
//! the outbox before anything is sent, sends what is due under the sender
//! lock, applies the engine's verdict on every attempt, and wakes up again
//! when the next record falls due, when the device comes back online, or
//! when the page becomes visible.
//!
//! Architecture Invariant: a record is written to the outbox before its
//! first request, and deleted only after a 2xx. What the person is told
//! (`DeliveryStatus`) follows what actually happened to their response.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::{Rc, Weak};

use heard_engine::{classify, next_due, Backoff, OutboxRecord, Outcome, RecordState, Settled};
use serde_json::{Map, Value};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::EventTarget;

use crate::events::HostEvent;
use crate::lock::with_lock;
use crate::outbox_store::OutboxStore;
use crate::sender;

/// What the person is told about their response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Nothing submitted yet.
    Idle,
    /// In the outbox; the first attempt has not finished.
    Sending,
    /// The backend has it.
    Sent,
    /// On the device, waiting to be sent.
    SavedOffline,
    /// The backend refused it; it is kept on the device.
    Refused,
}

/// What the courier tells its widget.
pub(crate) struct Hooks {
    /// What is now true of the person's response.
    pub(crate) on_status: Box<dyn Fn(DeliveryStatus)>,
    /// The outbox could not use the device's storage; records are kept in
    /// memory from now on. Carries the reason.
    pub(crate) on_storage_failure: Box<dyn Fn(String)>,
}

struct Inner {
    endpoint: String,
    lock_name: String,
    headers: Map<String, Value>,
    target: EventTarget,
    /// Opened on first use; memory once the device's storage has failed.
    store: RefCell<Option<OutboxStore>>,
    hooks: Hooks,
    /// Ids submitted through this widget, whose fate the person is shown.
    mine: RefCell<BTreeSet<String>>,
    /// Records as last read, for `pagehide` (which cannot wait for storage).
    known: RefCell<Vec<OutboxRecord>>,
    busy: Cell<bool>,
    again: Cell<bool>,
    /// Set by the `online` event: the next pass sends waiting records at
    /// once instead of waiting out backoff that grew while offline.
    back_online: Cell<bool>,
    timer: RefCell<Option<gloo_timers::callback::Timeout>>,
    listeners: RefCell<Vec<Listener>>,
    stopped: Cell<bool>,
}

/// An event listener the courier added, kept to remove it when it stops.
type Listener = (EventTarget, &'static str, Closure<dyn FnMut(web_sys::Event)>);

/// One widget's courier. Cloning shares it.
#[derive(Clone)]
pub(crate) struct Courier(Rc<Inner>);

impl Courier {
    /// A courier for `endpoint` (an absolute URL).
    pub(crate) fn new(endpoint: String, headers: Map<String, Value>, target: EventTarget, hooks: Hooks) -> Self {
        let lock_name = OutboxStore::name_for(&endpoint);
        let courier = Courier(Rc::new(Inner {
            endpoint,
            lock_name,
            headers,
            target,
            store: RefCell::new(None),
            hooks,
            mine: RefCell::new(BTreeSet::new()),
            known: RefCell::new(Vec::new()),
            busy: Cell::new(false),
            again: Cell::new(false),
            back_online: Cell::new(false),
            timer: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            stopped: Cell::new(false),
        }));
        courier.listen();
        courier
    }

    /// The outbox, opened on first use. If the device's storage cannot be
    /// used, the courier falls back to memory for good and says so once.
    async fn store(&self) -> OutboxStore {
        if let Some(store) = self.0.store.borrow().clone() {
            return store;
        }
        let store = match OutboxStore::open(&self.0.lock_name).await {
            Ok(store) => store,
            Err(e) => {
                (self.0.hooks.on_storage_failure)(e.message);
                OutboxStore::memory(&self.0.lock_name)
            }
        };
        self.0.store.borrow_mut().get_or_insert(store).clone()
    }

    /// Stops using the device's storage (after a write failed, such as a
    /// full quota). Records already stored there stay there.
    fn fall_back_to_memory(&self, reason: String) {
        (self.0.hooks.on_storage_failure)(reason);
        *self.0.store.borrow_mut() = Some(OutboxStore::memory(&self.0.lock_name));
    }

    /// Puts a submitted response in the outbox, then tries to send it.
    /// The record is stored before anything is sent.
    pub(crate) async fn submit(&self, id: String, content_type: &str, body: String) {
        let record = OutboxRecord::new(id.clone(), self.0.endpoint.clone(), content_type.to_owned(), body, now());
        self.0.mine.borrow_mut().insert(id);
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
        wasm_bindgen_futures::spawn_local(async move {
            let contended = loop {
                courier.0.again.set(false);
                let inner = Rc::downgrade(&courier.0);
                let name = courier.0.lock_name.clone();
                let contended = !with_lock(&name, move || send_due(inner)).await;
                if contended || !courier.0.again.get() || courier.0.stopped.get() {
                    break contended;
                }
            };
            courier.0.busy.set(false);
            courier.reschedule(contended).await;
        });
    }

    /// Sets the timer for the next due record and tells the person where
    /// their response is. When another tab held the lock, records it is
    /// sending may still look due here, so this tab looks again in a few
    /// seconds rather than at once.
    async fn reschedule(&self, contended: bool) {
        // If the outbox cannot be read, say nothing rather than something untrue.
        let Some(records) = self.read_records().await else { return };
        *self.0.known.borrow_mut() = records.clone();
        let due = next_due(&records);
        self.schedule(if contended { Some(due.unwrap_or(0).max(now() + 2_000)) } else { due });
        self.report(&records);
    }

    /// Tells the person what is true of the responses they submitted here.
    fn report(&self, records: &[OutboxRecord]) {
        let mine = self.0.mine.borrow();
        if mine.is_empty() {
            return;
        }
        let theirs: Vec<&OutboxRecord> = records.iter().filter(|r| mine.contains(&r.id)).collect();
        let status = if theirs.iter().any(|r| r.state == RecordState::Rejected) {
            DeliveryStatus::Refused
        } else if theirs.is_empty() {
            DeliveryStatus::Sent
        } else {
            DeliveryStatus::SavedOffline
        };
        (self.0.hooks.on_status)(status);
    }

    fn schedule(&self, at: Option<i64>) {
        let Some(at) = at else {
            self.0.timer.borrow_mut().take();
            return;
        };
        let delay = (at - now()).clamp(0, i64::from(i32::MAX)) as u32;
        let weak = Rc::downgrade(&self.0);
        let timer = gloo_timers::callback::Timeout::new(delay, move || {
            if let Some(inner) = weak.upgrade() {
                Courier(inner).flush();
            }
        });
        *self.0.timer.borrow_mut() = Some(timer);
    }

    /// Flushes when the device comes back online or the page is shown again,
    /// and fires a last keepalive attempt when the page goes away.
    fn listen(&self) {
        let Some(window) = web_sys::window() else { return };
        let document: Option<EventTarget> = window.document().map(Into::into);
        let window: EventTarget = window.into();
        let mut listeners = self.0.listeners.borrow_mut();
        let mut add = |target: &EventTarget, name: &'static str, f: Box<dyn Fn(&Courier)>| {
            let weak: Weak<Inner> = Rc::downgrade(&self.0);
            let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                if let Some(inner) = weak.upgrade() {
                    f(&Courier(inner));
                }
            });
            let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            listeners.push((target.clone(), name, closure));
        };
        add(
            &window,
            "online",
            Box::new(|c| {
                c.0.back_online.set(true);
                c.flush();
            }),
        );
        if let Some(document) = &document {
            add(
                document,
                "visibilitychange",
                Box::new(|c| {
                    let visible = web_sys::window()
                        .and_then(|w| w.document())
                        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
                    if visible {
                        c.flush();
                    }
                }),
            );
        }
        add(&window, "pagehide", Box::new(Courier::leaving));
    }

    fn leaving(&self) {
        let due: Vec<OutboxRecord> =
            self.0.known.borrow().iter().filter(|r| r.state == RecordState::Waiting).cloned().collect();
        for record in &due {
            sender::send_while_leaving(record, &self.0.headers);
        }
    }

    /// Stops timers and listeners; records stay in the outbox.
    pub(crate) fn stop(&self) {
        self.0.stopped.set(true);
        self.0.timer.borrow_mut().take();
        for (target, name, closure) in self.0.listeners.borrow_mut().drain(..) {
            let _ = target.remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
}

/// Sends every due record of this courier's endpoint, one at a time, while
/// holding the lock. Runs only while the courier is alive.
async fn send_due(inner: Weak<Inner>) {
    let Some(courier) = inner.upgrade().map(Courier) else { return };
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
        let record = if back_online { record.retry_now(now()) } else { record };
        if !record.is_due(now()) {
            continue;
        }
        let record = record.start_attempt();
        if store.put(&record).await.is_err() {
            continue;
        }
        let result = sender::send(&record, &courier.0.headers).await;
        let outcome = classify(&result, now());
        let id = record.id.clone();
        let rejected = match &outcome {
            Outcome::Rejected { reason } => Some(reason.clone()),
            _ => None,
        };
        match record.settle(outcome, now(), js_sys::Math::random(), &backoff) {
            Settled::Delete => {
                if store.delete(&id).await.is_ok() {
                    HostEvent::Delivered(id).dispatch(&courier.0.target);
                }
            }
            Settled::Keep(updated) => {
                let _ = store.put(&updated).await;
                if let Some(reason) = rejected {
                    HostEvent::Error { kind: "rejected", message: format!("Response {id}: {reason}") }
                        .dispatch(&courier.0.target);
                }
            }
        }
    }
}

fn now() -> i64 {
    js_sys::Date::now() as i64
}
