//! The widgets alive in this page, so that `destroy_widget` can free one and
//! the panic hook can reach them all. Ids are never reused.

use std::any::Any;
use std::cell::RefCell;
use std::collections::BTreeMap;

use web_sys::{EventTarget, HtmlElement};

struct Entry {
    target: EventTarget,
    root: HtmlElement,
    // The mounted view (a Leptos unmount handle). Dropping it unmounts the
    // view and disposes of its reactive owner, which frees its memory.
    view: Box<dyn Any>,
}

thread_local! {
    static WIDGETS: RefCell<(u32, BTreeMap<u32, Entry>)> = RefCell::new((0, BTreeMap::new()));
}

/// Remembers a mounted widget and returns its id.
pub(crate) fn insert(target: EventTarget, root: HtmlElement, view: Box<dyn Any>) -> u32 {
    WIDGETS.with(|w| {
        let mut w = w.borrow_mut();
        w.0 += 1;
        let id = w.0;
        w.1.insert(id, Entry { target, root, view });
        id
    })
}

/// Unmounts and forgets a widget; unknown ids are ignored.
pub(crate) fn remove(id: u32) {
    // Take the entry out first, so the view's clean-up runs with no borrow held.
    let entry = WIDGETS.with(|w| w.borrow_mut().1.remove(&id));
    if let Some(entry) = entry {
        drop(entry.view);
        entry.root.set_text_content(None);
    }
}

/// How many widgets are alive.
pub(crate) fn count() -> u32 {
    WIDGETS.with(|w| w.borrow().1.len() as u32)
}

/// Calls `f` for every live widget. Used only from the panic hook, so it
/// gives up quietly if the registry is in use at the moment of the panic.
pub(crate) fn on_each_for_panic(mut f: impl FnMut(&EventTarget, &HtmlElement)) {
    let _ = WIDGETS.try_with(|w| {
        if let Ok(w) = w.try_borrow() {
            for entry in w.1.values() {
                f(&entry.target, &entry.root);
            }
        }
    });
}
