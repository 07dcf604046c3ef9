//! The events a widget tells its host page about. Names and `detail` shapes
//! are part of the embed contract (README, "Events"): hosts rely on them.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// What kind of thing went wrong, as `heard:error`'s `detail.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The definition could not be fetched.
    Load,
    /// The definition has mistakes.
    Definition,
    /// A setting is unreadable or unknown, or something needed is missing.
    Config,
    /// The widget hit a bug and replaced itself with a calm message.
    Panic,
    /// The device's storage cannot be used; responses are kept in memory.
    Storage,
    /// The backend refused a response; it is kept on the device.
    Rejected,
}

impl ErrorKind {
    /// The kind as hosts see it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Load => "load",
            ErrorKind::Definition => "definition",
            ErrorKind::Config => "config",
            ErrorKind::Panic => "panic",
            ErrorKind::Storage => "storage",
            ErrorKind::Rejected => "rejected",
        }
    }
}

/// One event for the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum HostEvent {
    /// The survey is on screen.
    Ready,
    /// The person is now on this page index.
    Page(usize),
    /// A response was completed and stored on the device; carries its id.
    Submitted(String),
    /// The backend acknowledged a response; carries its id.
    Delivered(String),
    /// Something went wrong.
    Error {
        /// What kind of thing.
        kind: ErrorKind,
        /// What happened, in plain English.
        message: String,
    },
}

impl HostEvent {
    /// An error event.
    pub fn error(kind: ErrorKind, message: impl Into<String>) -> Self {
        HostEvent::Error { kind, message: message.into() }
    }

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
                let _ = js_sys::Reflect::set(&detail, &"kind".into(), &JsValue::from_str(kind.name()));
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
