//! The problems the definition checker reports.

use std::fmt;

/// One thing wrong with a survey definition, said so that a co-designer who
/// is not a programmer can find and fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, as a JSON pointer such as
    /// `/pages/1/items/3/options/0/code`. Empty for the file as a whole.
    pub path: String,
    /// The question the problem is in or about, when there is one.
    pub item_id: Option<String>,
    /// What kind of problem this is, for code to act on.
    pub kind: ProblemKind,
    /// What is wrong and how to fix it, in plain English.
    pub message: String,
}

/// The kinds of problem a survey definition can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// Occurs when the file is not valid JSON at all.
    InvalidJson,
    /// Occurs when a field holds the wrong kind of value, such as text where
    /// `true` or `false` is needed.
    WrongType,
    /// Occurs when a field that must be there is missing.
    MissingField,
    /// Occurs when an object has a field the format does not know, usually a
    /// typing mistake.
    UnknownField,
    /// Occurs when an item's `type` is not one of the known kinds.
    UnknownItemType,
    /// Occurs when an id or code is empty.
    EmptyId,
    /// Occurs when an id or code has characters other than letters, digits,
    /// `_` and `-`.
    InvalidId,
    /// Occurs when two items share an id.
    DuplicateItemId,
    /// Occurs when two pages share an id.
    DuplicatePageId,
    /// Occurs when two answers of one item share a code.
    DuplicateOptionCode,
    /// Occurs when a survey has no pages.
    NoPages,
    /// Occurs when a page has no items.
    EmptyPage,
    /// Occurs when a choice item has an empty list of answers.
    NoOptions,
    /// Occurs when an item has more than one "something else" answer.
    MultipleOther,
    /// Occurs when a `min` is larger than its `max`.
    MinAboveMax,
    /// Occurs when a scale has fewer than 2 or more than 11 points.
    ScaleSize,
    /// Occurs when a `max_length` is 0.
    ZeroMaxLength,
    /// Occurs when a translated text has no entry in the default language.
    MissingDefaultLanguage,
    /// Occurs when a question or answer label is blank.
    BlankText,
    /// Occurs when a condition is not shaped like any known condition.
    MalformedCondition,
    /// Occurs when a condition's `all` or `any` list is empty.
    EmptyConditionList,
    /// Occurs when a condition names an item that does not exist.
    UnknownConditionItem,
    /// Occurs when a condition names an item that comes after it.
    ConditionOnLaterItem,
    /// Occurs when conditions depend on each other in a loop, including a
    /// condition on its own item, or a page condition on an item of that page.
    ConditionCycle,
    /// Occurs when a condition compares with an answer code the item does not have.
    ConditionUnknownCode,
    /// Occurs when a numeric test is used on an item that has no numbers.
    ConditionNotNumeric,
    /// Occurs when a condition compares a scale with a number outside the scale.
    ConditionOutOfRange,
    /// Occurs when a condition tests a `display` item, which is never answered.
    ConditionOnDisplay,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(whole file)" } else { &self.path };
        if let Some(id) = &self.item_id {
            write!(f, "{path} [{id}]: ")?;
        } else {
            write!(f, "{path}: ")?;
        }
        // A build without the `explain` feature has no words for problems
        // (see `check::say`), so it names the kind instead.
        if self.message.is_empty() {
            write!(f, "{:?}", self.kind)
        } else {
            f.write_str(&self.message)
        }
    }
}

/// Why a survey definition could not be used: every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionError {
    /// The survey's id, when it could be read.
    pub survey_id: Option<String>,
    /// Every problem, in the order found (roughly file order).
    pub problems: Vec<Problem>,
}

impl DefinitionError {
    pub(crate) fn new(survey_id: Option<String>, problems: Vec<Problem>) -> Self {
        DefinitionError { survey_id, problems }
    }
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        match &self.survey_id {
            Some(id) => write!(f, "The survey `{id}` has {count} {noun}:")?,
            None => write!(f, "The survey file has {count} {noun}:")?,
        }
        for problem in &self.problems {
            write!(f, "\n- {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DefinitionError {}
