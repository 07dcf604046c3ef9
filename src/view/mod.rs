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

use std::rc::Rc;

use heard_engine::parse_survey;
use web_sys::{EventTarget, HtmlElement};

use crate::config::{Theme, WidgetConfig};
use crate::courier::Courier;
use crate::events::{ErrorKind, HostEvent};
use crate::io::browser;
use crate::state::WidgetState;

/// Mounts the widget for `config` into `root`, dispatching events on
/// `target`. The returned value unmounts the widget when dropped.
///
/// A definition that failed to load, or unreadable settings, mount the calm
/// failure view and fire `heard:error` instead. A definition that the quick
/// check refuses also mounts the calm failure view, but its `heard:error`
/// waits for [`Mounted::explain`]: the survey bundle carries no wording for
/// definition problems, and the loader fetches the checker module for it
/// (see the README's code map). A setting with an unknown value keeps its
/// default and fires `heard:error` of kind `config`; the survey still shows.
pub fn mount(
    target: EventTarget,
    root: HtmlElement,
    config: WidgetConfig,
    settings_problem: Option<String>,
) -> Mounted {
    let (settings, problems) = config.settings();
    for problem in problems {
        HostEvent::error(ErrorKind::Config, problem.message).dispatch(&target);
    }
    let theme = settings.theme;
    let failure = match (&config.load_error, &config.definition, settings_problem) {
        (_, _, Some(problem)) => Err(Failed::Now(ErrorKind::Config, problem)),
        (Some(error), _, _) => Err(Failed::Now(ErrorKind::Load, error.clone())),
        (None, None, _) => Err(Failed::Now(ErrorKind::Load, "No survey definition was given.".to_owned())),
        (None, Some(text), _) => parse_survey(text).map_err(|e| Failed::Refused(e.to_string())),
    };
    match failure {
        Ok(survey) => {
            let io = browser::io();
            let emit_target = target.clone();
            let emit: crate::state::Emit = Rc::new(move |event: HostEvent| event.dispatch(&emit_target));
            let endpoint = config.endpoint.as_deref().and_then(absolute_url);
            let lang = config.lang().to_owned();
            let state =
                WidgetState::new(survey, settings, &lang, config.start_page != Some(false), config.context, io, emit);
            let handle = leptos::mount::mount_to(root, move || app::App(app::AppProps { state }));
            HostEvent::Ready.dispatch(&target);
            // Whatever is waiting from earlier visits goes now.
            let courier = endpoint.map(|endpoint| state.connect(endpoint, config.headers));
            let listeners = courier.as_ref().map(page_events).unwrap_or_default();
            Mounted { _view: Box::new(handle), courier, _listeners: listeners, refused: None }
        }
        Err(Failed::Now(kind, message)) => {
            let details = config.debug.then(|| message.clone());
            HostEvent::error(kind, message).dispatch(&target);
            Mounted::failure(root, theme, details, None)
        }
        Err(Failed::Refused(summary)) => {
            let refused = Refused { theme, debug: config.debug, summary };
            Mounted::failure(root, theme, None, Some(refused))
        }
    }
}

/// Why a widget shows the calm message instead of its survey.
enum Failed {
    /// Known in full now: `heard:error` goes at once.
    Now(ErrorKind, String),
    /// The quick check refused the definition. Its summary names every
    /// problem's place and kind, but not in words; the words come later.
    Refused(String),
}

/// A definition the quick check refused, waiting for its explanation.
struct Refused {
    theme: Theme,
    debug: bool,
    summary: String,
}

/// Wakes the courier when the device comes online or the page is shown
/// again, and fires a last attempt as the page goes away.
fn page_events(courier: &Courier) -> Vec<gloo_events::EventListener> {
    let (a, b, c) = (courier.clone(), courier.clone(), courier.clone());
    browser::listen(browser::PageEvents {
        online: Box::new(move || a.online()),
        shown: Box::new(move || b.shown()),
        leaving: Box::new(move || c.leaving()),
    })
}

/// A mounted widget: dropping it unmounts the view, removes its page
/// listeners and stops its courier (records stay in the outbox for the next
/// visit).
pub struct Mounted {
    _view: Box<dyn std::any::Any>,
    courier: Option<Courier>,
    _listeners: Vec<gloo_events::EventListener>,
    refused: Option<Refused>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(courier) = &self.courier {
            courier.stop();
        }
    }
}

impl Mounted {
    fn failure(root: HtmlElement, theme: Theme, details: Option<String>, refused: Option<Refused>) -> Self {
        let handle = leptos::mount::mount_to(root, move || failure::Failure(failure::FailureProps { theme, details }));
        Mounted { _view: Box::new(handle), courier: None, _listeners: Vec::new(), refused }
    }

    /// Whether the widget shows a definition the quick check refused and
    /// waits for [`Mounted::explain`].
    pub(crate) fn awaits_explanation(&self) -> bool {
        self.refused.is_some()
    }

    /// Gives a refused definition its explanation from the checker module
    /// (`None` when that module could not be loaded: the quick check's
    /// summary stands in). Fires the `heard:error` of kind `definition` and,
    /// under `debug`, shows the explanation. A widget that was not waiting
    /// is returned as it was.
    pub(crate) fn explain(mut self, root: HtmlElement, target: &EventTarget, explanation: Option<String>) -> Mounted {
        let Some(refused) = self.refused.take() else { return self };
        drop(self);
        root.set_text_content(None);
        let message = match explanation {
            Some(text) if !text.trim().is_empty() => text,
            _ => format!("{} (the detailed explanation could not be loaded)", refused.summary),
        };
        let details = refused.debug.then(|| message.clone());
        HostEvent::error(ErrorKind::Definition, message).dispatch(target);
        Mounted::failure(root, refused.theme, details, None)
    }

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
