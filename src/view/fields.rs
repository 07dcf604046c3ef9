//! DOM ids for an item's inputs, so that labels, hints, errors and the error
//! summary's links all agree. Ids only need to be unique inside one widget's
//! shadow root.
//!
//! Every id made here is `heard-q.` + the item id + a suffix naming the
//! element's role: `heard-q.visit` (a text box), `heard-q.visit.day`,
//! `heard-q.q.0` (the first option), `heard-q.q.0.hint`, `heard-q.q.error`.
//!
//! Invariant: the scheme is injective, so no two elements can share an id
//! (issue 8: a date `visit` and a text item `visit-day` both made
//! `heard-visit-day`). The proof: the checker only lets item ids use
//! letters, digits, `_` and `-` (`is_valid_id` in the engine's checker), so
//! an item id never contains a `.`. The item id is therefore exactly the text
//! between the first `.` and the next `.` (or the end), and the rest is the
//! suffix, which [`Role::suffix`] gives a different spelling for every role.
//! So an id gives back its item and role. The widget's other ids
//! (`heard-error-summary-title`) contain no `.`, so they cannot meet these.

use heard_engine::{AnswerIssue, Field, Item, ItemKind};

/// What an element is within its item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The single text box of a text or number item.
    Input,
    /// One option's radio or checkbox, by position.
    Option(usize),
    /// The hint under one option.
    OptionHint(usize),
    /// A date box, or the "other" detail box.
    Part(Field),
    /// The item's hint.
    Hint,
    /// The item's "(optional)" marker.
    Optional,
    /// The item's error message.
    Error,
    /// The characters-remaining count under a text box.
    Count,
}

impl Role {
    /// The id's tail after the item id: empty, or a `.` and a word or number.
    /// Distinct roles get distinct suffixes: option numbers are written in
    /// decimal without leading zeros, and no word below is a number.
    fn suffix(self) -> String {
        match self {
            Role::Input => String::new(),
            Role::Option(index) => format!(".{index}"),
            Role::OptionHint(index) => format!(".{index}.hint"),
            Role::Part(Field::Day) => ".day".to_owned(),
            Role::Part(Field::Month) => ".month".to_owned(),
            Role::Part(Field::Year) => ".year".to_owned(),
            Role::Part(Field::OtherDetail) => ".other-detail".to_owned(),
            Role::Hint => ".hint".to_owned(),
            Role::Optional => ".optional".to_owned(),
            Role::Error => ".error".to_owned(),
            Role::Count => ".count".to_owned(),
        }
    }
}

fn dom_id(item: &str, role: Role) -> String {
    format!("heard-q.{item}{}", role.suffix())
}

/// The id of an item's main input (or of its first option, or its day box).
pub(super) fn input_id(item: &Item) -> String {
    match item.kind {
        ItemKind::Date => part_id(&item.id, Field::Day),
        ItemKind::Scale { .. } => option_id(&item.id, 0),
        _ if !item.options().is_empty() => option_id(&item.id, 0),
        _ => dom_id(&item.id, Role::Input),
    }
}

/// The `name` shared by an item's radios or checkboxes.
pub(super) fn group_name(item: &str) -> String {
    dom_id(item, Role::Input)
}

/// The id of one option's input.
pub(super) fn option_id(item: &str, index: usize) -> String {
    dom_id(item, Role::Option(index))
}

/// The id of one option's hint.
pub(super) fn option_hint_id(item: &str, index: usize) -> String {
    dom_id(item, Role::OptionHint(index))
}

/// The id of a date box or the "other" detail box.
pub(super) fn part_id(item: &str, part: Field) -> String {
    dom_id(item, Role::Part(part))
}

/// The id of an item's hint.
pub(super) fn hint_id(item: &str) -> String {
    dom_id(item, Role::Hint)
}

/// The id of an item's "(optional)" marker.
pub(super) fn optional_id(item: &str) -> String {
    dom_id(item, Role::Optional)
}

/// The id of an item's error message.
pub(super) fn error_id(item: &str) -> String {
    dom_id(item, Role::Error)
}

/// The id of the characters-remaining count under an item's text box.
pub(super) fn count_id(item: &str) -> String {
    dom_id(item, Role::Count)
}

/// The input an error summary link should focus for `issue`.
pub(super) fn issue_target(item: &Item, issue: &AnswerIssue) -> String {
    match issue.field {
        Some(field) => part_id(&item.id, field),
        None => input_id(item),
    }
}

/// Joins the ids an input is described by, or `None` when there are none.
pub(super) fn described_by(ids: &[Option<String>]) -> Option<String> {
    let joined: Vec<&str> = ids.iter().flatten().map(String::as_str).collect();
    (!joined.is_empty()).then(|| joined.join(" "))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn every_role() -> Vec<Role> {
        let mut roles = vec![Role::Input, Role::Hint, Role::Optional, Role::Error, Role::Count];
        roles.extend([Field::Day, Field::Month, Field::Year, Field::OtherDetail].map(Role::Part));
        for index in [0, 1, 2, 10, 11, 100] {
            roles.extend([Role::Option(index), Role::OptionHint(index)]);
        }
        roles
    }

    /// Regression test for issue 8: ids made for different items or roles
    /// never coincide, even for item ids built to look like another item's
    /// suffixes (`visit-day`, `q-0`, `q-0-hint`, `a-hint`).
    #[test]
    fn no_two_items_or_roles_share_an_id() {
        let items = [
            "visit",
            "visit-day",
            "visit_day",
            "q",
            "q-0",
            "q-0-hint",
            "q-1",
            "q-hint",
            "q-error",
            "q-count",
            "a",
            "a-hint",
            "a-optional",
            "hint",
            "0",
            "1",
            "-",
            "_",
            "q--0",
            "error-summary-title",
        ];
        let mut seen: HashMap<String, (&str, Role)> = HashMap::new();
        for item in items {
            for role in every_role() {
                let id = dom_id(item, role);
                if let Some(earlier) = seen.insert(id.clone(), (item, role)) {
                    panic!("{id} is made for both {earlier:?} and {:?}", (item, role));
                }
                assert_ne!(id, "heard-error-summary-title");
                // The proof in the module docs: the item is what lies between
                // the first two dots, and the rest is the role's suffix.
                let rest = id.strip_prefix("heard-q.").expect("prefix");
                let end = rest.find('.').unwrap_or(rest.len());
                assert_eq!((&rest[..end], &rest[end..]), (item, role.suffix().as_str()));
            }
        }
    }

    #[test]
    fn every_role_has_its_own_suffix_after_a_dot() {
        let roles = every_role();
        for (i, a) in roles.iter().enumerate() {
            let suffix = a.suffix();
            assert!(suffix.is_empty() || suffix.starts_with('.'), "{a:?}");
            for b in &roles[i + 1..] {
                assert_ne!(suffix, b.suffix(), "{a:?} and {b:?}");
            }
        }
    }
}
