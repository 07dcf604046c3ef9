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
use web_sys::{EventTarget, HtmlElement};

use crate::config::WidgetConfig;
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
) -> Box<dyn std::any::Any> {
    let theme = config.theme();
    let failure = match (&config.load_error, &config.definition, settings_problem) {
        (_, _, Some(problem)) => Err(("config", problem)),
        (Some(error), _, _) => Err(("load", error.clone())),
        (None, None, _) => Err(("load", "No survey definition was given.".to_owned())),
        (None, Some(text), _) => parse_survey(text).map_err(|e| ("definition", e.to_string())),
    };
    match failure {
        Ok(survey) => {
            let state = WidgetState::new(survey, config, target.clone());
            let handle = leptos::mount::mount_to(root, move || app::App(app::AppProps { state }));
            HostEvent::Ready.dispatch(&target);
            Box::new(handle)
        }
        Err((kind, message)) => {
            let debug = config.debug;
            let details = message.clone();
            let handle = leptos::mount::mount_to(root, move || {
                failure::Failure(failure::FailureProps { theme, details: debug.then_some(details) })
            });
            HostEvent::Error { kind, message }.dispatch(&target);
            Box::new(handle)
        }
    }
}
