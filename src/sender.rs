//! One HTTP attempt: POST a record's body to its endpoint and report what
//! happened as a [`SendResult`] for the engine to judge. Nothing here decides
//! whether to retry.

use heard_engine::{OutboxRecord, SendResult};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

/// How long an attempt may take before it counts as a time-out.
pub(crate) const TIMEOUT_MS: u32 = 15_000;

/// The most of a server's answer kept for the record's `last_error`.
const BODY_LIMIT: usize = 2_000;

/// Builds the request for `record`: its body, its content type, the
/// `Idempotency-Key` (the response id) and the host's extra headers, which
/// live only in memory.
fn request(
    record: &OutboxRecord,
    extra: &Map<String, Value>,
    keepalive: bool,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<Request, JsValue> {
    let headers = Headers::new()?;
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

/// Sends `record` once, waiting at most [`TIMEOUT_MS`].
pub(crate) async fn send(record: &OutboxRecord, extra: &Map<String, Value>) -> SendResult {
    let Some(window) = web_sys::window() else { return SendResult::NetworkError("no window".to_owned()) };
    let controller = AbortController::new().ok();
    let request = match request(record, extra, false, controller.as_ref().map(|c| c.signal()).as_ref()) {
        Ok(r) => r,
        Err(e) => return SendResult::NetworkError(describe(&e)),
    };
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let _timer = controller.clone().map(|c| {
        let timed_out = timed_out.clone();
        gloo_timers::callback::Timeout::new(TIMEOUT_MS, move || {
            timed_out.set(true);
            c.abort();
        })
    });
    let answer = JsFuture::from(window.fetch_with_request(&request)).await;
    let response = match answer {
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
    let body: String = body.chars().take(BODY_LIMIT).collect();
    SendResult::Answered { status, retry_after, body }
}

/// Fires `record` at its endpoint with `keepalive`, for a page that is going
/// away: the browser finishes the request after the page is gone. Nothing is
/// awaited or stored; the record stays in the outbox, and if this request
/// arrives, the next attempt is answered as a duplicate and then deleted.
pub(crate) fn send_while_leaving(record: &OutboxRecord, extra: &Map<String, Value>) {
    if let (Some(window), Ok(request)) = (web_sys::window(), request(record, extra, true, None)) {
        let _ = window.fetch_with_request(&request);
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".to_owned())
}
