//! Heard: an embeddable, accessible, offline-first survey widget.
//!
//! This crate is the widget: it renders what the engine
//! ([`heard_engine`]) computes and talks to the browser. It holds no survey
//! rules of its own.
//!
//! Architecture Invariant: components only render engine state and call
//! named actions of the bridge (`state.rs`); the only DOM access outside
//! Leptos views is through `NodeRef`s for focus, the loader, and the panic
//! hook.
//!
//! Architecture Invariant: the clock, randomness, storage, the network and
//! the send lock are reached only through the seams in `io/`, so the bridge
//! and the courier run natively, against in-memory twins, in the tests.
//!
//! Architecture Invariant: nothing that crosses the JS boundary panics on bad
//! input; a failure shows a calm message in the widget and a `heard:error`
//! event on the host element, and the host page keeps working.

mod announce;
mod boot;
mod config;
mod courier;
mod events;
mod i18n;
mod io;
mod panic;
mod registry;
mod state;
mod view;

#[cfg(feature = "test-hooks")]
pub use boot::trigger_panic_for_tests;
pub use boot::{destroy_widget, explain_widget, mount_widget, widget_awaits_explanation, widget_count, widget_outbox};
pub use config::{ConfigProblem, Mode, Settings, Theme, WidgetConfig};
pub use events::{ErrorKind, HostEvent};
pub use i18n::{Msg, Strings};
pub use io::StoreError;
pub use state::WidgetState;
pub use view::{mount, Mounted};
