//! Reading typed values out of parsed JSON the way serde's derive reads
//! them, without serde's derived code in the wasm.
//!
//! The definition reader (`check/read.rs`) and the readers of what the
//! widget stored (`stored.rs`) are built from these: each field reader
//! takes the field's value (`None` when missing) and a reader for its type.

use serde_json::Value;

/// A field without a default: it must be there and fit.
pub(crate) fn required<'a, T>(value: Option<&'a Value>, read: impl FnOnce(&'a Value) -> Option<T>) -> Option<T> {
    read(value?)
}

/// A field with a default. `null` is not missing, so it must fit too.
pub(crate) fn or_default<'a, T>(
    value: Option<&'a Value>,
    read: impl FnOnce(&'a Value) -> Option<T>,
    default: impl FnOnce() -> T,
) -> Option<T> {
    match value {
        Some(value) => read(value),
        None => Some(default()),
    }
}

/// An `Option` field: missing and `null` are both `None`.
pub(crate) fn optional<'a, T>(
    value: Option<&'a Value>,
    read: impl FnOnce(&'a Value) -> Option<T>,
) -> Option<Option<T>> {
    match value {
        None | Some(Value::Null) => Some(None),
        Some(value) => read(value).map(Some),
    }
}

pub(crate) fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

pub(crate) fn boolean(value: &Value) -> Option<bool> {
    value.as_bool()
}

/// An `i64`: `as_i64` refuses floats (even `5.0`) and integers above
/// `i64::MAX`, as serde does.
pub(crate) fn whole(value: &Value) -> Option<i64> {
    value.as_i64()
}

/// A `u32`: a non-negative integer that fits.
pub(crate) fn length(value: &Value) -> Option<u32> {
    value.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// An `f64`: any JSON number, integers included.
pub(crate) fn number(value: &Value) -> Option<f64> {
    value.as_f64()
}

/// A `Vec`: a list whose every value fits.
pub(crate) fn list<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    value.as_array()?.iter().map(read).collect()
}
