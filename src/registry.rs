//! The widgets alive in this page, so that `destroy_widget` can free one and
//! the panic hook can reach them all. Ids are never reused.

use std::cell::RefCell;
use std::collections::BTreeMap;

use web_sys::{EventTarget, HtmlElement};

use crate::courier::Courier;
use crate::view::Mounted;

struct Entry {
    target: EventTarget,
    root: HtmlElement,
    // The mounted widget. Dropping it unmounts the view, disposes of its
    // reactive owner (freeing its memory) and stops its courier.
    widget: Mounted,
}

thread_local! {
    static WIDGETS: RefCell<(u32, BTreeMap<u32, Entry>)> = const { RefCell::new((0, BTreeMap::new())) };
}

/// Remembers a mounted widget and returns its id.
pub(crate) fn insert(target: EventTarget, root: HtmlElement, widget: Mounted) -> u32 {
    WIDGETS.with(|w| {
        let mut w = w.borrow_mut();
        w.0 += 1;
        let id = w.0;
        w.1.insert(id, Entry { target, root, widget });
        id
    })
}

/// Unmounts and forgets a widget; unknown ids are ignored.
pub(crate) fn remove(id: u32) {
    // Take the entry out first, so the view's clean-up runs with no borrow held.
    let entry = WIDGETS.with(|w| w.borrow_mut().1.remove(&id));
    if let Some(entry) = entry {
        drop(entry.widget);
        entry.root.set_text_content(None);
    }
}

/// The courier of a live widget, if it has one.
pub(crate) fn courier(id: u32) -> Option<Courier> {
    WIDGETS.with(|w| w.borrow().1.get(&id).and_then(|e| e.widget.courier().cloned()))
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

/// Whether a live widget shows a definition the quick check refused, and
/// waits for [`explain`].
pub(crate) fn awaits_explanation(id: u32) -> bool {
    WIDGETS.with(|w| w.borrow().1.get(&id).is_some_and(|e| e.widget.awaits_explanation()))
}

/// Hands a refused definition's explanation to its widget (see
/// `Mounted::explain`). Unknown ids are ignored: the widget may be gone.
pub(crate) fn explain(id: u32, explanation: Option<String>) {
    // Out of the registry while it re-mounts, so that no borrow is held
    // while its view is dropped and its event goes to the host.
    let Some(entry) = WIDGETS.with(|w| w.borrow_mut().1.remove(&id)) else { return };
    let Entry { target, root, widget } = entry;
    let widget = widget.explain(root.clone(), &target, explanation);
    WIDGETS.with(|w| w.borrow_mut().1.insert(id, Entry { target, root, widget }));
}
