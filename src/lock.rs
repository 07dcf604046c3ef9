//! One sender per origin and outbox: two tabs (or two widgets) must never
//! send the same record at the same moment.
//!
//! The Web Locks API gives a lock that the browser frees when a tab closes or
//! crashes, so it is used wherever it exists. Where it does not, a lease in
//! `localStorage` (owner and expiry) stands in: weaker, but the backend's
//! idempotency on the response id still stores a doubly sent record once.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

/// How long a fallback lease lasts without being renewed.
const LEASE_MS: f64 = 60_000.0;

/// Runs `work` while holding the lock `name`, if no one else holds it.
/// Returns whether `work` ran; when it did not, another tab is sending.
pub(crate) async fn with_lock<F, Fut>(name: &str, work: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    match web_locks() {
        Some((locks, request)) => with_web_lock(&locks, &request, name, work).await,
        None => with_lease(name, work).await,
    }
}

fn web_locks() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok().filter(|l| l.is_object())?;
    let request = Reflect::get(&locks, &"request".into()).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

async fn with_web_lock<F, Fut>(locks: &JsValue, request: &Function, name: &str, work: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
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
            work().await;
            Ok(JsValue::UNDEFINED)
        })
    });
    let promise = request.call3(locks, &JsValue::from_str(name), &options, callback.as_ref().unchecked_ref());
    if let Ok(promise) = promise.and_then(|p| p.dyn_into::<Promise>()) {
        let _ = JsFuture::from(promise).await;
    }
    drop(callback);
    ran.get()
}

async fn with_lease<F, Fut>(name: &str, work: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        // No storage to coordinate through: the page is on its own.
        work().await;
        return true;
    };
    let key = format!("{name}:lease");
    let me = format!("{}", js_sys::Math::random());
    let now = js_sys::Date::now();
    let held_by_other = storage
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|v| v.split_once(' ').map(|(owner, until)| (owner.to_owned(), until.parse::<f64>().unwrap_or(0.0))))
        .is_some_and(|(owner, until)| owner != me && until > now);
    if held_by_other || storage.set_item(&key, &format!("{me} {}", now + LEASE_MS)).is_err() {
        return false;
    }
    work().await;
    let _ = storage.remove_item(&key);
    true
}
