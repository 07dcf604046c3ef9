//! The wasm entry points the loader (`src/web/heard.js`) calls. They are the
//! only functions that cross the JS boundary, and none of them can panic on
//! bad input: a bad definition or bad settings become the calm failure view.

use wasm_bindgen::prelude::*;
use web_sys::{EventTarget, HtmlElement};

use crate::config::WidgetConfig;
use crate::{panic, registry, view};

/// Mounts one widget into `root` (an element inside the widget's shadow
/// root), dispatching its events on `target` (the host's element). Returns
/// the widget's id for `destroy_widget`.
#[wasm_bindgen]
pub fn mount_widget(target: EventTarget, root: HtmlElement, config_json: &str) -> u32 {
    panic::install();
    let (config, settings_problem) = WidgetConfig::parse(config_json);
    let handle = view::mount(target.clone(), root.clone(), config, settings_problem);
    registry::insert(target, root, handle)
}

/// The outbox as hosts and staff see it: a JSON list of
/// `{id, state, attempts, lastError, nextAttemptAt}` for the widget's
/// endpoint (the loader parses it). Empty for a widget with no endpoint.
#[wasm_bindgen]
pub async fn widget_outbox(id: u32) -> String {
    let records = match registry::courier(id) {
        Some(courier) => courier.records().await,
        None => Vec::new(),
    };
    let list: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "state": r.state,
                "attempts": r.attempts,
                "lastError": r.last_error,
                "nextAttemptAt": r.next_attempt_at,
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// Whether the widget shows a definition the quick check refused. The
/// loader then fetches the checker module and calls [`explain_widget`].
#[wasm_bindgen]
pub fn widget_awaits_explanation(id: u32) -> bool {
    registry::awaits_explanation(id)
}

/// The checker module's explanation of a refused definition, or `None` when
/// it could not be loaded. The widget fires its `heard:error` now, and shows
/// the explanation under `debug`.
#[wasm_bindgen]
pub fn explain_widget(id: u32, explanation: Option<String>) {
    registry::explain(id, explanation);
}

/// Unmounts a widget and frees what it held. Unknown ids are ignored, so a
/// double destroy is harmless.
#[wasm_bindgen]
pub fn destroy_widget(id: u32) {
    registry::remove(id);
}

/// How many widgets are alive in this page.
#[wasm_bindgen]
pub fn widget_count() -> u32 {
    registry::count()
}

/// Panics on purpose, so the end-to-end tests can check that a panic leaves
/// no half-drawn widget and the host page working. Only in builds with the
/// `test-hooks` feature, which `./run test` turns on and releases do not.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen]
pub fn trigger_panic_for_tests() {
    panic!("a panic triggered on purpose by a test");
}
