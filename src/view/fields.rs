//! DOM ids for an item's inputs, so that labels, hints, errors and the error
//! summary's links all agree. Ids only need to be unique inside one widget's
//! shadow root, and definition ids are already restricted to letters,
//! digits, `_` and `-`.

use heard_engine::{AnswerIssue, Field, Item};

/// The id of an item's main input (or of its first option).
pub(super) fn input_id(item: &Item) -> String {
    if item.options().is_empty() && !matches!(item.kind, heard_engine::ItemKind::Scale { .. }) {
        if matches!(item.kind, heard_engine::ItemKind::Date) {
            return part_id(&item.id, "day");
        }
        format!("heard-{}", item.id)
    } else {
        option_id(&item.id, 0)
    }
}

/// The id of one option's input.
pub(super) fn option_id(item: &str, index: usize) -> String {
    format!("heard-{item}-{index}")
}

/// The id of a date part or the "other" detail box.
pub(super) fn part_id(item: &str, part: &str) -> String {
    format!("heard-{item}-{part}")
}

/// The id of an item's hint.
pub(super) fn hint_id(item: &str) -> String {
    format!("heard-{item}-hint")
}

/// The id of an item's "(optional)" marker.
pub(super) fn optional_id(item: &str) -> String {
    format!("heard-{item}-optional")
}

/// The id of an item's error message.
pub(super) fn error_id(item: &str) -> String {
    format!("heard-{item}-error")
}

/// The input an error summary link should focus for `issue`.
pub(super) fn issue_target(item: &Item, issue: &AnswerIssue) -> String {
    match issue.field {
        Some(Field::Day) => part_id(&item.id, "day"),
        Some(Field::Month) => part_id(&item.id, "month"),
        Some(Field::Year) => part_id(&item.id, "year"),
        Some(Field::OtherDetail) => part_id(&item.id, "other-detail"),
        _ => input_id(item),
    }
}

/// Joins the ids an input is described by, or `None` when there are none.
pub(super) fn described_by(ids: &[Option<String>]) -> Option<String> {
    let joined: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
    (!joined.is_empty()).then(|| joined.join(" "))
}
