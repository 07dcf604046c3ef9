//! The events a widget tells its host page about. Names and `detail` shapes
//! are part of the embed contract (README, "Events"): hosts rely on them.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// One event for the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum HostEvent {
    /// The survey is on screen.
    Ready,
    /// The person is now on this page index.
    Page(usize),
    /// A response was completed; carries its id.
    Submitted(String),
    /// The backend acknowledged a response; carries its id.
    Delivered(String),
    /// Something went wrong: a short machine-readable kind and a message.
    Error {
        /// e.g. `definition`, `load`, `panic`, `rejected`, `storage`.
        kind: &'static str,
        /// What happened, in plain English.
        message: String,
    },
}

impl HostEvent {
    /// The DOM event type.
    pub fn name(&self) -> &'static str {
        match self {
            HostEvent::Ready => "heard:ready",
            HostEvent::Page(_) => "heard:page",
            HostEvent::Submitted(_) => "heard:submitted",
            HostEvent::Delivered(_) => "heard:delivered",
            HostEvent::Error { .. } => "heard:error",
        }
    }

    fn detail(&self) -> JsValue {
        match self {
            HostEvent::Ready => JsValue::NULL,
            HostEvent::Page(index) => JsValue::from_f64(*index as f64),
            HostEvent::Submitted(id) | HostEvent::Delivered(id) => JsValue::from_str(id),
            HostEvent::Error { kind, message } => {
                let detail = js_sys::Object::new();
                // Setting plain data properties on a fresh object cannot fail.
                let _ = js_sys::Reflect::set(&detail, &"kind".into(), &JsValue::from_str(kind));
                let _ = js_sys::Reflect::set(&detail, &"message".into(), &JsValue::from_str(message));
                detail.into()
            }
        }
    }

    /// Dispatches the event on `target`, bubbling and crossing shadow roots.
    pub fn dispatch(&self, target: &EventTarget) {
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&self.detail());
        if let Ok(event) = CustomEvent::new_with_event_init_dict(self.name(), &init) {
            // A host listener that throws must not break the widget.
            let _ = target.dispatch_event(&event);
        }
    }
}
