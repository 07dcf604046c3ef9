//! Drafts in the browser's `localStorage`: small, synchronous, and enough to
//! survive a reload or a crash. Every failure (no storage, private mode, a
//! full quota) is reported as `false` and never stops the survey.

/// The stored draft under `key`, if any.
pub(crate) fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Saves `json` under `key`; `false` if the device would not keep it.
pub(crate) fn save(key: &str, json: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, json).is_ok())
}

/// Removes the draft under `key`.
pub(crate) fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Reading `localStorage` itself throws in some sandboxed frames.
    web_sys::window()?.local_storage().ok().flatten()
}
