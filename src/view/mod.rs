//! The widget's views. `mount` is the one place a widget's view is created.

use leptos::prelude::*;
use web_sys::{EventTarget, HtmlElement};

use crate::config::WidgetConfig;
use crate::events::HostEvent;

/// Mounts the widget view for `config` into `root`; the returned value
/// unmounts it when dropped.
pub fn mount(
    target: EventTarget,
    root: HtmlElement,
    config: WidgetConfig,
    settings_problem: Option<String>,
) -> impl std::any::Any {
    let _ = (config, settings_problem);
    let handle = leptos::mount::mount_to(root, || view! { <p class="heard-hello">"Heard is ready"</p> });
    HostEvent::Ready.dispatch(&target);
    handle
}
