//! One sender per origin and outbox: two tabs (or two widgets) must never
//! send the same record at the same moment.
//!
//! The Web Locks API gives a lock that the browser frees when a tab closes
//! or crashes, so it is used wherever it exists. Where it does not, a lease
//! in `localStorage` ("<owner> <expiry>") stands in. The lease is renewed
//! while its holder sends, because one flush can outlast it (several
//! 15-second time-outs in a row), and it expires by itself if its tab dies.
//! It is weaker than a real lock (two tabs can race between reading and
//! writing it), but the backend's idempotency on the response id still
//! stores a doubly sent record once.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::{Clock, KeyValue, LocalFuture, Random, SendLock, TimerHandle, Timers};

/// How long a lease lasts without being renewed.
pub(crate) const LEASE_MS: i64 = 60_000;

/// How often a holder renews its lease: three times per lease, so a late
/// timer (a busy or throttled tab) still renews well before it expires.
pub(crate) const RENEW_MS: u32 = 20_000;

/// The send lock in the browser: Web Locks where the browser has them, the
/// lease otherwise.
pub(crate) fn for_browser(
    store: Rc<dyn KeyValue>,
    clock: Rc<dyn Clock>,
    random: Rc<dyn Random>,
    timers: Rc<dyn Timers>,
) -> Rc<dyn SendLock> {
    Rc::new(BrowserLock { lease: LeaseLock::new(store, clock, random.as_ref(), timers) })
}

struct BrowserLock {
    lease: LeaseLock,
}

impl SendLock for BrowserLock {
    fn run(&self, name: &str, work: LocalFuture<'static, ()>) -> LocalFuture<'static, bool> {
        match web_locks() {
            Some((locks, request)) => Box::pin(with_web_lock(locks, request, name.to_owned(), work)),
            None => self.lease.run(name, work),
        }
    }
}

fn web_locks() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok().filter(|l| l.is_object())?;
    let request = Reflect::get(&locks, &"request".into()).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

async fn with_web_lock(locks: JsValue, request: Function, name: String, work: LocalFuture<'static, ()>) -> bool {
    let ran = Rc::new(Cell::new(false));
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let flag = ran.clone();
    // The lock is held until the promise this callback returns settles.
    let callback = Closure::once(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        flag.set(true);
        future_to_promise(async move {
            work.await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let promise = request.call3(&locks, &JsValue::from_str(&name), &options, callback.as_ref().unchecked_ref());
    if let Ok(promise) = promise.and_then(|p| p.dyn_into::<Promise>()) {
        let _ = JsFuture::from(promise).await;
    }
    drop(callback);
    ran.get()
}

/// The lease lock. `me` is made once per lock, so one tab knows its own
/// lease (the lease stored before was another's only if its owner differs).
pub(crate) struct LeaseLock {
    store: Rc<dyn KeyValue>,
    clock: Rc<dyn Clock>,
    timers: Rc<dyn Timers>,
    me: String,
}

impl LeaseLock {
    pub(crate) fn new(
        store: Rc<dyn KeyValue>,
        clock: Rc<dyn Clock>,
        random: &dyn Random,
        timers: Rc<dyn Timers>,
    ) -> Self {
        let me = random.id_bytes().iter().map(|b| format!("{b:02x}")).collect();
        LeaseLock { store, clock, timers, me }
    }
}

/// Reads a stored lease: its owner and when it expires.
fn read_lease(text: &str) -> Option<(&str, i64)> {
    let (owner, until) = text.split_once(' ')?;
    Some((owner, until.parse().ok()?))
}

/// A lease being held: renewed on a timer until dropped, then given up.
struct Held {
    store: Rc<dyn KeyValue>,
    clock: Rc<dyn Clock>,
    timers: Rc<dyn Timers>,
    key: String,
    me: String,
    timer: RefCell<Option<TimerHandle>>,
}

impl Held {
    fn is_mine(&self) -> bool {
        self.store.get(&self.key).as_deref().and_then(read_lease).is_some_and(|(owner, _)| owner == self.me)
    }

    fn write(&self) -> bool {
        self.store.set(&self.key, &format!("{} {}", self.me, self.clock.now_ms() + LEASE_MS))
    }

    /// Sets the next renewal. The timer holds only a weak reference, so
    /// dropping the lease stops the renewals.
    fn arm(self: &Rc<Self>) {
        let weak: Weak<Held> = Rc::downgrade(self);
        let timer = self.timers.after(
            RENEW_MS,
            Box::new(move || {
                // A lease another tab has taken (this tab was frozen past
                // its expiry) is left to that tab, and no longer renewed.
                if let Some(held) = weak.upgrade().filter(|held| held.is_mine()) {
                    held.write();
                    held.arm();
                }
            }),
        );
        *self.timer.borrow_mut() = Some(timer);
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.timer.get_mut().take();
        if self.is_mine() {
            self.store.remove(&self.key);
        }
    }
}

impl SendLock for LeaseLock {
    fn run(&self, name: &str, work: LocalFuture<'static, ()>) -> LocalFuture<'static, bool> {
        let key = format!("{name}:lease");
        let now = self.clock.now_ms();
        let taken = self
            .store
            .get(&key)
            .as_deref()
            .and_then(read_lease)
            .is_some_and(|(owner, until)| owner != self.me && until > now);
        let held = Rc::new(Held {
            store: self.store.clone(),
            clock: self.clock.clone(),
            timers: self.timers.clone(),
            key,
            me: self.me.clone(),
            timer: RefCell::new(None),
        });
        if taken || !held.write() {
            // Dropping `held` here leaves the other tab's lease alone: it
            // removes a lease only when the stored owner is this lock.
            return Box::pin(async { false });
        }
        held.arm();
        Box::pin(async move {
            work.await;
            drop(held);
            true
        })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::{LeaseLock, LEASE_MS, RENEW_MS};
    use crate::io::memory::{Counter, MemoryKeyValue, World, WorldClock, WorldTimers};
    use crate::io::{KeyValue, SendLock};

    const KEY: &str = "outbox:lease";

    fn lease(world: &Rc<World>, store: &MemoryKeyValue, seed: u8) -> LeaseLock {
        LeaseLock::new(
            Rc::new(store.clone()),
            Rc::new(WorldClock(world.clone())),
            &Counter::new(seed),
            Rc::new(WorldTimers(world.clone())),
        )
    }

    /// Runs `lock` around work that takes `ms`, in the background; the
    /// returned cell says whether it ran, once it has finished.
    fn hold(world: &Rc<World>, lock: &LeaseLock, ms: u32) -> Rc<Cell<Option<bool>>> {
        let ran = Rc::new(Cell::new(None));
        let (flag, sleep) = (ran.clone(), world.sleep(ms));
        let run = lock.run("outbox", sleep);
        world.spawn(async move { flag.set(Some(run.await)) });
        world.settle();
        ran
    }

    #[test]
    fn a_held_lease_is_renewed_until_the_work_ends_then_given_up() {
        let world = World::new();
        let store = MemoryKeyValue::default();
        let (a, b) = (lease(&world, &store, 1), lease(&world, &store, 2));
        let first = hold(&world, &a, 3 * LEASE_MS as u32);
        world.advance(2 * LEASE_MS);
        let second = hold(&world, &b, 1_000);
        world.advance(1_000);
        assert_eq!(second.get(), Some(false), "two lease lengths in, the first tab still holds it");
        world.advance(LEASE_MS);
        assert_eq!(first.get(), Some(true));
        assert_eq!(store.get(KEY), None, "given up at the end");
    }

    #[test]
    fn a_lease_another_tab_took_over_is_not_renewed_over_it() {
        let world = World::new();
        let store = MemoryKeyValue::default();
        let a = lease(&world, &store, 1);
        let first = hold(&world, &a, 2 * LEASE_MS as u32);
        // This tab was frozen past its expiry, and another took the lease.
        let theirs = format!("other {}", world.now() + 10 * LEASE_MS);
        store.set(KEY, &theirs);
        world.advance(i64::from(RENEW_MS) * 2);
        assert_eq!(store.get(KEY).as_deref(), Some(theirs.as_str()));
        world.advance(2 * LEASE_MS);
        assert_eq!(first.get(), Some(true));
        assert_eq!(store.get(KEY).as_deref(), Some(theirs.as_str()), "and not removed at the end either");
    }
}
