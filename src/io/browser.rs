//! The browser's side of every seam: `Date.now`, `crypto` (with
//! `Math.random` as a last resort), `localStorage`, `fetch`, timers, the
//! task queue and the page's `online`, `visibilitychange` and `pagehide`
//! events. Each is as thin as it can be; what to do about any of it is
//! decided elsewhere.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use heard_engine::{OutboxRecord, SendResult};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestInit, Response};

use super::{Clock, Headers, Io, KeyValue, LocalFuture, Random, Spawn, TimerHandle, Timers, Transport};

/// The seams as the browser provides them, for the widget on this page.
pub(crate) fn io() -> Io {
    let drafts: Rc<dyn KeyValue> = Rc::new(LocalStorage);
    let clock: Rc<dyn Clock> = Rc::new(BrowserClock);
    let random: Rc<dyn Random> = Rc::new(BrowserRandom);
    let timers: Rc<dyn Timers> = Rc::new(BrowserTimers);
    Io {
        lock: super::lock::for_browser(drafts.clone(), clock.clone(), random.clone(), timers.clone()),
        outbox: Rc::new(super::indexed::IndexedOpener),
        transport: Rc::new(Fetch),
        spawn: Rc::new(TaskQueue),
        drafts,
        clock,
        random,
        timers,
    }
}

struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }
}

struct BrowserRandom;

impl Random for BrowserRandom {
    fn id_bytes(&self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        let filled = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
        if !filled {
            // Without crypto (very old engines), Math.random: ids stay
            // unique in practice, which is all they are used for.
            for b in &mut bytes {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
        bytes
    }

    fn unit(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// `localStorage`. Reading `localStorage` itself throws in some sandboxed
/// frames, and writing fails in some private modes and on a full quota.
struct LocalStorage;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl KeyValue for LocalStorage {
    fn get(&self, key: &str) -> Option<String> {
        local_storage()?.get_item(key).ok().flatten()
    }

    fn set(&self, key: &str, value: &str) -> bool {
        local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }

    fn remove(&self, key: &str) {
        if let Some(s) = local_storage() {
            let _ = s.remove_item(key);
        }
    }
}

struct BrowserTimers;

impl Timers for BrowserTimers {
    fn after(&self, delay_ms: u32, f: Box<dyn FnOnce()>) -> TimerHandle {
        Box::new(gloo_timers::callback::Timeout::new(delay_ms, f))
    }
}

struct TaskQueue;

impl Spawn for TaskQueue {
    fn spawn(&self, task: LocalFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }
}

/// How long an attempt may take before it counts as a time-out.
const TIMEOUT_MS: u32 = 15_000;

/// The most of a server's answer kept for the record's `last_error`.
const BODY_LIMIT: usize = 2_000;

/// `fetch`, with no cookies, the record's content type, the
/// `Idempotency-Key` (the response id) and the host's extra headers.
struct Fetch;

fn request(
    record: &OutboxRecord,
    extra: &Headers,
    keepalive: bool,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Request, JsValue> {
    let headers = web_sys::Headers::new()?;
    for (name, value) in extra {
        if let Some(value) = value.as_str() {
            headers.set(name, value)?;
        }
    }
    headers.set("Content-Type", &record.content_type)?;
    headers.set("Idempotency-Key", &record.id)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&record.body));
    // No cookies: responses carry no credentials but the host's own headers.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    if keepalive {
        // web-sys has no setter for `keepalive` yet; it is a plain dictionary member.
        js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE)?;
    }
    if let Some(signal) = signal {
        init.set_signal(Some(signal));
    }
    Request::new_with_str_and_init(&record.endpoint, &init)
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}

impl Transport for Fetch {
    fn send(&self, record: &OutboxRecord, headers: &Headers) -> LocalFuture<'static, SendResult> {
        let controller = AbortController::new().ok();
        let request = request(record, headers, false, controller.as_ref().map(|c| c.signal()).as_ref());
        Box::pin(async move {
            let Some(window) = web_sys::window() else { return SendResult::NetworkError("no window".to_owned()) };
            let request = match request {
                Ok(r) => r,
                Err(e) => return SendResult::NetworkError(describe(&e)),
            };
            let timed_out = Rc::new(Cell::new(false));
            let _timer = controller.map(|c| {
                let timed_out = timed_out.clone();
                gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || {
                    timed_out.set(true);
                    c.abort();
                })
            });
            let response = match JsFuture::from(window.fetch_with_request(&request)).await {
                Ok(r) => r.unchecked_into::<Response>(),
                Err(_) if timed_out.get() => return SendResult::TimedOut,
                Err(e) => return SendResult::NetworkError(describe(&e)),
            };
            let status = response.status();
            let retry_after = response.headers().get("Retry-After").ok().flatten();
            // Reading the body can also time out or fail; the status is what counts.
            let body = match response.text() {
                Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
                Err(_) => String::new(),
            };
            SendResult::Answered { status, retry_after, body: body.chars().take(BODY_LIMIT).collect() }
        })
    }

    fn send_while_leaving(&self, record: &OutboxRecord, headers: &Headers) {
        // The browser finishes a keepalive request after the page is gone.
        // If it arrives, the next attempt is answered as a duplicate and the
        // record is deleted then.
        if let (Some(window), Ok(request)) = (web_sys::window(), request(record, headers, true, None)) {
            let _ = window.fetch_with_request(&request);
        }
    }

    fn is_online(&self) -> bool {
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }
}

/// What the page tells a courier: the device is back online, the page is
/// shown again, the page is going away.
pub(crate) struct PageEvents {
    pub(crate) online: Box<dyn Fn()>,
    pub(crate) shown: Box<dyn Fn()>,
    pub(crate) leaving: Box<dyn Fn()>,
}

/// Listens for the page's events; dropping the result removes the listeners.
pub(crate) fn listen(events: PageEvents) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let PageEvents { online, shown, leaving } = events;
    let mut listeners = vec![
        EventListener::new(&window, "online", move |_| online()),
        EventListener::new(&window, "pagehide", move |_| leaving()),
    ];
    if let Some(document) = window.document() {
        let doc = document.clone();
        listeners.push(EventListener::new(&document, "visibilitychange", move |_| {
            if doc.visibility_state() == web_sys::VisibilityState::Visible {
                shown();
            }
        }));
    }
    listeners
}
