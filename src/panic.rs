//! The last line of defence: if Rust code in the widget ever panics, no
//! widget is left half-drawn. Every live widget is replaced by the calm
//! failure message and its host gets a `heard:error` event of kind `panic`.
//!
//! With `panic = "abort"` the wasm instance traps right after this hook, so
//! the hook must not rely on anything a panic could have left borrowed: it
//! uses only `try_borrow`, and builds its DOM directly with web-sys.

use std::sync::Once;

use crate::events::{ErrorKind, HostEvent};
use crate::i18n::{Msg, Strings};
use crate::registry;

static INSTALL: Once = Once::new();

/// Installs the hook once per page.
pub(crate) fn install() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info.to_string();
            registry::on_each_for_panic(|target, root| {
                replace_with_calm_message(root);
                HostEvent::error(ErrorKind::Panic, message.clone()).dispatch(target);
            });
            web_sys::console::error_1(&format!("heard: {message}").into());
            previous(info);
        }));
    });
}

fn replace_with_calm_message(root: &web_sys::HtmlElement) {
    let Some(document) = root.owner_document() else {
        return;
    };
    root.set_text_content(None);
    let Ok(p) = document.create_element("p") else {
        return;
    };
    p.set_class_name("heard-failure");
    p.set_text_content(Some(Strings::english().get(Msg::CannotShow)));
    let _ = root.set_attribute("role", "alert");
    let _ = root.append_child(&p);
}
