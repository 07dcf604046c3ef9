//! The widget's views. They render what [`WidgetState`](crate::state)
//! derives from the engine and call its methods; they decide nothing.
//!
//! [`mount`] is the one place a widget's view is created.

// `#[component]` re-emits the functions it wraps as `pub`, which this lint
// then reports on every private component.
#![allow(unreachable_pub)]

mod app;
mod check;
mod done;
mod error_summary;
mod failure;
mod fields;
mod page;
mod question;
mod start;

use heard_engine::parse_survey;
use leptos::prelude::Set;
use web_sys::{EventTarget, HtmlElement};

use crate::config::WidgetConfig;
use crate::courier::{Courier, Hooks};
use crate::events::HostEvent;
use crate::state::WidgetState;

/// Mounts the widget for `config` into `root`, dispatching events on
/// `target`. The returned value unmounts the widget when dropped.
///
/// A definition that failed to load or to check, or unreadable settings,
/// mount the calm failure view and fire `heard:error` instead.
pub fn mount(
    target: EventTarget,
    root: HtmlElement,
    config: WidgetConfig,
    settings_problem: Option<String>,
) -> Mounted {
    let theme = config.theme();
    let failure = match (&config.load_error, &config.definition, settings_problem) {
        (_, _, Some(problem)) => Err(("config", problem)),
        (Some(error), _, _) => Err(("load", error.clone())),
        (None, None, _) => Err(("load", "No survey definition was given.".to_owned())),
        (None, Some(text), _) => parse_survey(text).map_err(|e| ("definition", e.to_string())),
    };
    match failure {
        Ok(survey) => {
            let endpoint = config.endpoint.as_deref().and_then(absolute_url);
            let headers = config.headers.clone();
            let state = WidgetState::new(survey, config, target.clone());
            let handle = leptos::mount::mount_to(root, move || app::App(app::AppProps { state }));
            HostEvent::Ready.dispatch(&target);
            let courier = endpoint.map(|endpoint| {
                let courier = Courier::new(endpoint, headers, target, hooks(state));
                state.set_courier(courier.clone());
                // Whatever is waiting from earlier visits goes now.
                courier.flush();
                courier
            });
            Mounted { _view: Box::new(handle), courier }
        }
        Err((kind, message)) => {
            let debug = config.debug;
            let details = message.clone();
            let handle = leptos::mount::mount_to(root, move || {
                failure::Failure(failure::FailureProps { theme, details: debug.then_some(details) })
            });
            HostEvent::Error { kind, message }.dispatch(&target);
            Mounted { _view: Box::new(handle), courier: None }
        }
    }
}

/// A mounted widget: dropping it unmounts the view and stops its courier
/// (records stay in the outbox for the next visit).
pub struct Mounted {
    _view: Box<dyn std::any::Any>,
    courier: Option<Courier>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(courier) = &self.courier {
            courier.stop();
        }
    }
}

impl Mounted {
    /// The widget's courier, if it has an endpoint.
    pub(crate) fn courier(&self) -> Option<&Courier> {
        self.courier.as_ref()
    }
}

/// The endpoint as an absolute URL, resolved against the page, so that the
/// outbox's name and the records' endpoint do not depend on where the page is.
fn absolute_url(endpoint: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(endpoint, &base).ok().map(|u| u.href())
}

/// What the courier tells this widget. Setting a signal of a destroyed widget
/// (a send can finish after it is gone) does nothing.
fn hooks(state: WidgetState) -> Hooks {
    Hooks {
        on_status: Box::new(move |status| {
            state.delivery.set(status);
        }),
        on_storage_failure: Box::new(move |reason| {
            state.storage_failed.set(true);
            state.emit(HostEvent::Error {
                kind: "storage",
                message: format!("Responses can't be saved on this device, so they are kept in memory: {reason}"),
            });
        }),
    }
}
