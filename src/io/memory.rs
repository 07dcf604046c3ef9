//! In-memory twins of the seams, for the native tests, and the in-memory
//! outbox that stands in when a device cannot store anything (some private
//! modes, a full quota), where the person is told their answers will not
//! survive a reload.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use heard_engine::OutboxRecord;

use super::{LocalFuture, OutboxStore, StoreError};

/// Records from their stored JSON texts, oldest first. Unreadable texts are
/// skipped, never deleted: they stay on the device for someone to look at.
pub(crate) fn parse_records(texts: &[String]) -> Vec<OutboxRecord> {
    let mut records: Vec<OutboxRecord> = texts.iter().filter_map(|t| OutboxRecord::from_json(t)).collect();
    records.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
    records
}

/// An outbox in memory, as JSON texts by response id (so it stores exactly
/// what IndexedDB would). Clones share their records.
#[derive(Clone, Default)]
pub(crate) struct MemoryOutbox {
    records: Rc<RefCell<BTreeMap<String, String>>>,
}

thread_local! {
    // The stand-in is shared by every widget on the page with the same
    // endpoint, like the database it stands in for.
    static FALLBACKS: RefCell<BTreeMap<String, MemoryOutbox>> = const { RefCell::new(BTreeMap::new()) };
}

impl MemoryOutbox {
    /// This page's in-memory stand-in for the outbox called `name`.
    pub(crate) fn fallback(name: &str) -> Rc<dyn OutboxStore> {
        Rc::new(FALLBACKS.with(|f| f.borrow_mut().entry(name.to_owned()).or_default().clone()))
    }
}

impl OutboxStore for MemoryOutbox {
    fn put<'a>(&'a self, record: &'a OutboxRecord) -> LocalFuture<'a, Result<(), StoreError>> {
        let json = record.to_json();
        Box::pin(async move {
            self.records.borrow_mut().insert(record.id.clone(), json);
            Ok(())
        })
    }

    fn list(&self) -> LocalFuture<'_, Result<Vec<OutboxRecord>, StoreError>> {
        let texts: Vec<String> = self.records.borrow().values().cloned().collect();
        Box::pin(async move { Ok(parse_records(&texts)) })
    }

    fn delete<'a>(&'a self, id: &'a str) -> LocalFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            self.records.borrow_mut().remove(id);
            Ok(())
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) use self::twins::*;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod twins {
    //! The test twins: a clock and timers that move only when a test says
    //! so, a single-threaded executor the test drives, and stores, a lock
    //! and a transport whose behaviour the test scripts.

    use std::cell::{Cell, RefCell};
    use std::collections::{BTreeMap, BTreeSet, VecDeque};
    use std::rc::Rc;

    use futures::executor::{LocalPool, LocalSpawner};
    use futures::task::LocalSpawnExt;
    use heard_engine::{OutboxRecord, SendResult};

    use super::super::{
        Clock, Headers, Io, KeyValue, LocalFuture, OutboxOpener, OutboxStore, Random, SendLock, Spawn, StoreError,
        TimerHandle, Timers, Transport,
    };
    use super::MemoryOutbox;

    type Callback = Box<dyn FnOnce()>;

    /// Shared by every twin of one test "world" (one device, possibly many
    /// tabs): the time, the pending timers and the task queue.
    pub(crate) struct World {
        now: Cell<i64>,
        /// Pending timers by (due time, id), so they fire in order.
        timers: RefCell<BTreeMap<(i64, u64), Callback>>,
        cancelled: RefCell<BTreeSet<u64>>,
        next_timer: Cell<u64>,
        pool: RefCell<LocalPool>,
        /// Spawns into `pool` without borrowing it, so tasks can spawn tasks.
        spawner: LocalSpawner,
    }

    /// The instant the fake clock starts at: 2026-11-23, 10:00 UTC.
    pub(crate) const T0: i64 = 1_795_435_200_000;

    impl World {
        pub(crate) fn new() -> Rc<World> {
            let pool = LocalPool::new();
            let spawner = pool.spawner();
            Rc::new(World {
                now: Cell::new(T0),
                timers: RefCell::new(BTreeMap::new()),
                cancelled: RefCell::new(BTreeSet::new()),
                next_timer: Cell::new(0),
                pool: RefCell::new(pool),
                spawner,
            })
        }

        pub(crate) fn now(&self) -> i64 {
            self.now.get()
        }

        /// Runs every task that can make progress without time passing.
        pub(crate) fn settle(&self) {
            // A task may spawn another, which the pool picks up in the same run.
            self.pool.borrow_mut().run_until_stalled();
        }

        /// Moves the clock forward by `ms`, firing each timer at its own
        /// moment (the clock reads that moment while it runs) and letting
        /// every task run after each one.
        pub(crate) fn advance(&self, ms: i64) {
            let until = self.now.get() + ms;
            self.settle();
            loop {
                let next = {
                    let mut timers = self.timers.borrow_mut();
                    match timers.keys().next().copied() {
                        Some(key) if key.0 <= until => timers.remove(&key).map(|f| (key, f)),
                        _ => None,
                    }
                };
                let Some(((at, id), fire)) = next else { break };
                if self.cancelled.borrow_mut().remove(&id) {
                    continue;
                }
                self.now.set(self.now.get().max(at));
                fire();
                self.settle();
            }
            self.now.set(until);
            self.settle();
        }

        /// Starts `task` on this world's executor.
        pub(crate) fn spawn(&self, task: impl std::future::Future<Output = ()> + 'static) {
            // Spawning can only fail once the pool is gone, with the test.
            let _ = self.spawner.spawn_local(task);
        }

        /// How many timers are pending.
        pub(crate) fn pending_timers(&self) -> usize {
            let cancelled = self.cancelled.borrow();
            self.timers.borrow().keys().filter(|(_, id)| !cancelled.contains(id)).count()
        }

        /// A sleep on this world's clock.
        pub(crate) fn sleep(self: &Rc<Self>, ms: u32) -> LocalFuture<'static, ()> {
            let (tx, rx) = futures::channel::oneshot::channel::<()>();
            let handle = WorldTimers(self.clone()).after(
                ms,
                Box::new(move || {
                    let _ = tx.send(());
                }),
            );
            Box::pin(async move {
                let _keep = handle;
                let _ = rx.await;
            })
        }
    }

    /// The world's clock.
    pub(crate) struct WorldClock(pub(crate) Rc<World>);

    impl Clock for WorldClock {
        fn now_ms(&self) -> i64 {
            self.0.now()
        }
    }

    struct TimerGuard {
        world: Rc<World>,
        id: u64,
    }

    impl Drop for TimerGuard {
        fn drop(&mut self) {
            self.world.cancelled.borrow_mut().insert(self.id);
        }
    }

    /// The world's timers.
    pub(crate) struct WorldTimers(pub(crate) Rc<World>);

    impl Timers for WorldTimers {
        fn after(&self, delay_ms: u32, f: Box<dyn FnOnce()>) -> TimerHandle {
            let world = &self.0;
            let id = world.next_timer.get();
            world.next_timer.set(id + 1);
            world.timers.borrow_mut().insert((world.now() + i64::from(delay_ms), id), f);
            Box::new(TimerGuard { world: world.clone(), id })
        }
    }

    /// The world's task queue.
    pub(crate) struct WorldSpawn(pub(crate) Rc<World>);

    impl Spawn for WorldSpawn {
        fn spawn(&self, task: LocalFuture<'static, ()>) {
            self.0.spawn(task);
        }
    }

    /// Random numbers from a counter: distinct ids, and jitter that is
    /// always `jitter`.
    pub(crate) struct Counter {
        next: Cell<u8>,
        pub(crate) jitter: Cell<f64>,
    }

    impl Counter {
        pub(crate) fn new(start: u8) -> Self {
            Counter { next: Cell::new(start), jitter: Cell::new(0.5) }
        }
    }

    impl Random for Counter {
        fn id_bytes(&self) -> [u8; 16] {
            let n = self.next.get();
            self.next.set(n.wrapping_add(1));
            [n; 16]
        }

        fn unit(&self) -> f64 {
            self.jitter.get()
        }
    }

    /// `localStorage`'s twin; clones share their contents, as tabs do.
    /// `full` makes every write fail, like a full quota.
    #[derive(Clone, Default)]
    pub(crate) struct MemoryKeyValue {
        pub(crate) values: Rc<RefCell<BTreeMap<String, String>>>,
        pub(crate) full: Rc<Cell<bool>>,
    }

    impl KeyValue for MemoryKeyValue {
        fn get(&self, key: &str) -> Option<String> {
            self.values.borrow().get(key).cloned()
        }

        fn set(&self, key: &str, value: &str) -> bool {
            if self.full.get() {
                return false;
            }
            self.values.borrow_mut().insert(key.to_owned(), value.to_owned());
            true
        }

        fn remove(&self, key: &str) {
            self.values.borrow_mut().remove(key);
        }
    }

    /// Opens one shared memory outbox (the device's IndexedDB), or fails to,
    /// as a device with no usable storage does. `failing_writes` makes
    /// every `put` fail, like a full quota.
    #[derive(Clone, Default)]
    pub(crate) struct MemoryOpener {
        pub(crate) outbox: FlakyOutbox,
        pub(crate) unavailable: Rc<Cell<bool>>,
    }

    impl OutboxOpener for MemoryOpener {
        fn open(&self, _name: &str) -> LocalFuture<'static, Result<Rc<dyn OutboxStore>, StoreError>> {
            let result: Result<Rc<dyn OutboxStore>, StoreError> = if self.unavailable.get() {
                Err(StoreError { message: "IndexedDB is not available: twin".into() })
            } else {
                Ok(Rc::new(self.outbox.clone()))
            };
            Box::pin(async move { result })
        }
    }

    /// A memory outbox that can be told to refuse writes.
    #[derive(Clone, Default)]
    pub(crate) struct FlakyOutbox {
        pub(crate) inner: MemoryOutbox,
        pub(crate) failing_writes: Rc<Cell<bool>>,
    }

    impl FlakyOutbox {
        /// What is stored now, without going through a future.
        pub(crate) fn records(&self) -> Vec<OutboxRecord> {
            let texts: Vec<String> = self.inner.records.borrow().values().cloned().collect();
            super::parse_records(&texts)
        }
    }

    impl OutboxStore for FlakyOutbox {
        fn put<'a>(&'a self, record: &'a OutboxRecord) -> LocalFuture<'a, Result<(), StoreError>> {
            if self.failing_writes.get() {
                return Box::pin(async { Err(StoreError { message: "QuotaExceededError: twin".into() }) });
            }
            self.inner.put(record)
        }

        fn list(&self) -> LocalFuture<'_, Result<Vec<OutboxRecord>, StoreError>> {
            self.inner.list()
        }

        fn delete<'a>(&'a self, id: &'a str) -> LocalFuture<'a, Result<(), StoreError>> {
            self.inner.delete(id)
        }
    }

    /// Web Locks' twin: a set of held names, shared by the tabs of a world.
    #[derive(Clone, Default)]
    pub(crate) struct MemoryLock {
        held: Rc<RefCell<BTreeSet<String>>>,
    }

    impl SendLock for MemoryLock {
        fn run(&self, name: &str, work: LocalFuture<'static, ()>) -> LocalFuture<'static, bool> {
            if !self.held.borrow_mut().insert(name.to_owned()) {
                return Box::pin(async { false });
            }
            let held = self.held.clone();
            let name = name.to_owned();
            Box::pin(async move {
                work.await;
                held.borrow_mut().remove(&name);
                true
            })
        }
    }

    /// What the scripted server does with one request.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) enum Reply {
        /// Answers with this status (and `Retry-After`) after `after_ms`.
        Status { status: u16, retry_after: Option<String>, after_ms: u32 },
        /// Stores the record, but the answer never arrives: the request
        /// times out after `after_ms`.
        StoredButLost { after_ms: u32 },
        /// The request fails at once (no route to the server).
        NetworkError,
        /// Nothing answers within the time-out.
        TimedOut { after_ms: u32 },
    }

    impl Reply {
        pub(crate) fn ok() -> Reply {
            Reply::Status { status: 201, retry_after: None, after_ms: 50 }
        }

        pub(crate) fn status(status: u16) -> Reply {
            Reply::Status { status, retry_after: None, after_ms: 50 }
        }
    }

    /// One request as the scripted server saw it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct Seen {
        pub(crate) id: String,
        pub(crate) body: String,
        pub(crate) headers: Headers,
        pub(crate) started: i64,
        pub(crate) ended: Option<i64>,
        pub(crate) keepalive: bool,
    }

    /// A transport whose server follows a script, one reply per request
    /// (after the script runs out, every request succeeds). It remembers
    /// every request, and which records it stored, like an idempotent
    /// backend would.
    #[derive(Clone)]
    pub(crate) struct ScriptedTransport {
        world: Rc<World>,
        pub(crate) script: Rc<RefCell<VecDeque<Reply>>>,
        pub(crate) seen: Rc<RefCell<Vec<Seen>>>,
        pub(crate) stored: Rc<RefCell<BTreeSet<String>>>,
        pub(crate) online: Rc<Cell<bool>>,
    }

    impl ScriptedTransport {
        pub(crate) fn new(world: &Rc<World>) -> Self {
            ScriptedTransport {
                world: world.clone(),
                script: Rc::default(),
                seen: Rc::default(),
                stored: Rc::default(),
                online: Rc::new(Cell::new(true)),
            }
        }

        pub(crate) fn then(&self, reply: Reply) -> &Self {
            self.script.borrow_mut().push_back(reply);
            self
        }

        /// Remembers a request; returns its place in `seen`.
        fn note(&self, record: &OutboxRecord, headers: &Headers, keepalive: bool) -> usize {
            let mut seen = self.seen.borrow_mut();
            seen.push(Seen {
                id: record.id.clone(),
                body: record.body.clone(),
                headers: headers.clone(),
                started: self.world.now(),
                ended: None,
                keepalive,
            });
            seen.len() - 1
        }

        /// The requests made, as (record id, start time).
        pub(crate) fn requests(&self) -> Vec<(String, i64)> {
            self.seen.borrow().iter().filter(|s| !s.keepalive).map(|s| (s.id.clone(), s.started)).collect()
        }
    }

    impl Transport for ScriptedTransport {
        fn send(&self, record: &OutboxRecord, headers: &Headers) -> LocalFuture<'static, SendResult> {
            let index = self.note(record, headers, false);
            let reply = if self.online.get() {
                self.script.borrow_mut().pop_front().unwrap_or_else(Reply::ok)
            } else {
                Reply::NetworkError
            };
            let (world, seen, stored, id) =
                (self.world.clone(), self.seen.clone(), self.stored.clone(), record.id.clone());
            Box::pin(async move {
                let (after, result) = match reply {
                    Reply::Status { status, retry_after, after_ms } => {
                        if (200..300).contains(&status) {
                            stored.borrow_mut().insert(id.clone());
                        }
                        (after_ms, SendResult::Answered { status, retry_after, body: String::new() })
                    }
                    Reply::StoredButLost { after_ms } => {
                        stored.borrow_mut().insert(id.clone());
                        (after_ms, SendResult::TimedOut)
                    }
                    Reply::NetworkError => (0, SendResult::NetworkError("Failed to fetch".into())),
                    Reply::TimedOut { after_ms } => (after_ms, SendResult::TimedOut),
                };
                if after > 0 {
                    world.sleep(after).await;
                }
                seen.borrow_mut()[index].ended = Some(world.now());
                result
            })
        }

        fn send_while_leaving(&self, record: &OutboxRecord, headers: &Headers) {
            self.note(record, headers, true);
        }

        fn is_online(&self) -> bool {
            self.online.get()
        }
    }

    /// One tab of a test world, with handles on its twins.
    pub(crate) struct Tab {
        pub(crate) io: Io,
        pub(crate) drafts: MemoryKeyValue,
        pub(crate) opener: MemoryOpener,
        pub(crate) transport: ScriptedTransport,
    }

    impl Tab {
        /// A tab with Web Locks; tabs made from the same `device` share
        /// storage, the outbox, the server and the lock.
        pub(crate) fn new(world: &Rc<World>, device: Option<&Tab>, seed: u8) -> Tab {
            let drafts = device.map(|d| d.drafts.clone()).unwrap_or_default();
            let opener = device.map(|d| d.opener.clone()).unwrap_or_default();
            let transport = device.map(|d| d.transport.clone()).unwrap_or_else(|| ScriptedTransport::new(world));
            let lock: Rc<dyn SendLock> = match device {
                Some(d) => d.io.lock.clone(),
                None => Rc::new(MemoryLock::default()),
            };
            Tab::with_lock(world, drafts, opener, transport, lock, seed)
        }

        pub(crate) fn with_lock(
            world: &Rc<World>,
            drafts: MemoryKeyValue,
            opener: MemoryOpener,
            transport: ScriptedTransport,
            lock: Rc<dyn SendLock>,
            seed: u8,
        ) -> Tab {
            let io = Io {
                clock: Rc::new(WorldClock(world.clone())),
                random: Rc::new(Counter::new(seed)),
                drafts: Rc::new(drafts.clone()),
                outbox: Rc::new(opener.clone()),
                transport: Rc::new(transport.clone()),
                lock,
                timers: Rc::new(WorldTimers(world.clone())),
                spawn: Rc::new(WorldSpawn(world.clone())),
            };
            Tab { io, drafts, opener, transport }
        }
    }
}
