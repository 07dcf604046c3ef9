//! Heard: an embeddable, accessible, offline-first survey widget.
//!
//! This crate is the widget: it renders what the engine
//! ([`heard_engine`]) computes and talks to the browser. It holds no survey
//! rules of its own.
//!
//! Architecture Invariant: components only render engine state and call
//! engine methods; the only DOM access outside Leptos views is through
//! `NodeRef`s for focus, the loader, and the panic hook.
//!
//! Architecture Invariant: nothing that crosses the JS boundary panics on bad
//! input; a failure shows a calm message in the widget and a `heard:error`
//! event on the host element, and the host page keeps working.

mod announce;
mod boot;
mod config;
mod courier;
mod delivery;
mod drafts;
mod events;
mod i18n;
mod lock;
mod outbox_store;
mod panic;
mod registry;
mod sender;
mod state;
mod view;

pub use boot::{destroy_widget, mount_widget, trigger_panic_for_tests, widget_count, widget_outbox};
pub use config::{Theme, WidgetConfig};
pub use courier::DeliveryStatus;
pub use events::HostEvent;
pub use i18n::{Msg, Strings};
pub use outbox_store::{OutboxStore, StoreError};
pub use state::{FoundDraft, Screen, WidgetState};
pub use view::{mount, Mounted};
