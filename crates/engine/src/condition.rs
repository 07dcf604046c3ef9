//! Conditions that show or hide pages and items, and how they are decided.
//!
//! A condition tests one earlier item's answer (`{"item": "q3", "equals":
//! "yes"}`) or combines others (`{"all": [...]}`, `{"any": [...]}`).
//!
//! Semantics, which co-designers can rely on:
//! - A condition sees only the answers of *visible* items. A hidden item
//!   counts as unanswered even if it holds an old answer.
//! - With no answer, only `"answered": false` is true. Every comparison,
//!   `not_equals` included, is false.
//! - For multiple choice, `equals: X` means X is among the ticks, `one_of`
//!   means any tick is in the list, and `not_equals: X` means something is
//!   ticked and X is not.
//! - Numeric tests (`greater_than`, `at_least`, `less_than`, `at_most`) use a
//!   scale's number, a typed integer or decimal, or a picked answer's
//!   `value`. Anything else makes them false.
//! - `all` of nothing is true and `any` of nothing is false (the checker
//!   reports both as mistakes).
//!
//! Architecture Invariant: a condition only names items that come before
//! it, so one forward pass over the survey decides every item's visibility.

use serde::{Deserialize, Serialize};

use crate::{number, Answer, Item, ItemKind};

/// A test that shows or hides a page or item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Condition {
    /// Holds when every condition in the list holds.
    All {
        /// The conditions that must all hold.
        all: Vec<Condition>,
    },
    /// Holds when at least one condition in the list holds.
    Any {
        /// The conditions of which one must hold.
        any: Vec<Condition>,
    },
    /// Tests the answer to one earlier item.
    Test {
        /// The id of the item whose answer is tested.
        item: String,
        /// What to test about it.
        #[serde(flatten)]
        test: Test,
    },
}

/// What a condition tests about an item's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Test {
    /// The answer is this code (for multiple choice: this code is ticked).
    Equals(String),
    /// There is an answer and it is not this code.
    NotEquals(String),
    /// The answer is one of these codes.
    OneOf(Vec<String>),
    /// `true`: there is an answer. `false`: there is none.
    Answered(bool),
    /// The answer's number is more than this.
    GreaterThan(f64),
    /// The answer's number is this or more.
    AtLeast(f64),
    /// The answer's number is less than this.
    LessThan(f64),
    /// The answer's number is this or less.
    AtMost(f64),
}

impl Test {
    /// The field name of this test in JSON, such as `not_equals`.
    pub fn name(&self) -> &'static str {
        match self {
            Test::Equals(_) => "equals",
            Test::NotEquals(_) => "not_equals",
            Test::OneOf(_) => "one_of",
            Test::Answered(_) => "answered",
            Test::GreaterThan(_) => "greater_than",
            Test::AtLeast(_) => "at_least",
            Test::LessThan(_) => "less_than",
            Test::AtMost(_) => "at_most",
        }
    }

    /// The threshold of a numeric test.
    pub fn threshold(&self) -> Option<f64> {
        match *self {
            Test::GreaterThan(n) | Test::AtLeast(n) | Test::LessThan(n) | Test::AtMost(n) => Some(n),
            _ => None,
        }
    }
}

/// Finds a named item and its answer while deciding a condition. It must give
/// no answer for a hidden item, which is how hidden answers are ignored.
pub(crate) type Lookup<'l, 'a> = dyn Fn(&str) -> Option<(&'a Item, Option<&'a Answer>)> + 'l;

impl Condition {
    /// Every item id this condition names, in order, with repeats.
    pub fn referenced_items(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_items(&mut out);
        out
    }

    fn collect_items<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Condition::All { all: list } | Condition::Any { any: list } => {
                list.iter().for_each(|c| c.collect_items(out));
            }
            Condition::Test { item, .. } => out.push(item),
        }
    }

    /// Decides the condition. `lookup` gives the definition of a named item
    /// and its answer, and must give no answer for a hidden item.
    pub(crate) fn holds<'a>(&self, lookup: &Lookup<'_, 'a>) -> bool {
        match self {
            Condition::All { all } => all.iter().all(|c| c.holds(lookup)),
            Condition::Any { any } => any.iter().any(|c| c.holds(lookup)),
            Condition::Test { item, test } => {
                let (definition, answer) = match lookup(item) {
                    Some((d, Some(a))) if !a.is_empty() => (d, a),
                    _ => return matches!(test, Test::Answered(false)),
                };
                test_answer(definition, answer, test)
            }
        }
    }
}

fn test_answer(item: &Item, answer: &Answer, test: &Test) -> bool {
    match test {
        Test::Answered(expected) => *expected,
        Test::Equals(code) => equals(item, answer, code),
        Test::NotEquals(code) => !equals(item, answer, code),
        Test::OneOf(codes) => codes.iter().any(|c| equals(item, answer, c)),
        Test::GreaterThan(n) => numbers(item, answer).iter().any(|v| v > n),
        Test::AtLeast(n) => numbers(item, answer).iter().any(|v| v >= n),
        Test::LessThan(n) => numbers(item, answer).iter().any(|v| v < n),
        Test::AtMost(n) => numbers(item, answer).iter().any(|v| v <= n),
    }
}

fn equals(item: &Item, answer: &Answer, expected: &str) -> bool {
    match (&item.kind, answer) {
        (ItemKind::Display, _) => false,
        (ItemKind::Scale { .. }, Answer::Choice { code, .. }) => {
            match (number::parse_integer(code), number::parse_integer(expected)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
        }
        (ItemKind::Integer { .. } | ItemKind::Decimal { .. }, Answer::Text(text)) => {
            match (number::parse_decimal(text), number::parse_decimal(expected)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
        }
        (ItemKind::ShortText { .. } | ItemKind::LongText { .. }, Answer::Text(text)) => text.trim() == expected.trim(),
        (ItemKind::Date, Answer::Date { .. }) => {
            crate::validate::date_answer(answer).is_some_and(|d| d.iso() == expected.trim())
        }
        (_, Answer::Choice { .. } | Answer::Choices { .. }) => answer.has_code(expected),
        _ => false,
    }
}

/// The numbers an answer stands for in numeric tests.
fn numbers(item: &Item, answer: &Answer) -> Vec<f64> {
    match (&item.kind, answer) {
        (ItemKind::Scale { .. }, Answer::Choice { code, .. }) => {
            number::parse_integer(code).map(|n| n as f64).into_iter().collect()
        }
        (ItemKind::Integer { .. } | ItemKind::Decimal { .. }, Answer::Text(text)) => {
            number::parse_decimal(text).into_iter().collect()
        }
        (_, Answer::Choice { .. } | Answer::Choices { .. }) => {
            item.options().iter().filter(|o| answer.has_code(&o.code)).filter_map(|o| o.value).collect()
        }
        _ => Vec::new(),
    }
}
