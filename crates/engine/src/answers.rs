//! The answers someone has given so far, exactly as they gave them.
//!
//! Architecture Invariant: answers are raw. Whatever someone typed or picked
//! is kept as is, even when it is not valid yet ("twelve" in a number box, a
//! day of 31 in February), so nothing is ever lost while they fix it.
//! Interpreting the raw state is the job of [`validate`](crate::AnswerIssue)
//! and the response builder.
//!
//! The helper methods here hold the small behaviours a UI would otherwise
//! reimplement, such as "None of these" clearing the other ticks.
//!
//! ```
//! use heard_engine::{Answers, DatePart};
//! let mut answers = Answers::new();
//! answers.set_choice("q1", "very_good");
//! answers.set_date_part("q2", DatePart::Day, "23");
//! assert!(answers.get("q1").is_some());
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{ItemKind, Survey};

/// One item's raw answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// One code picked: single choice, yes/no (`yes`/`no`), likert, or scale
    /// (the number as text, such as `"7"`).
    Choice {
        /// The picked code. Empty when only the "other" detail was typed.
        code: String,
        /// What was typed in the "something else" box, kept even when another
        /// answer is picked so that switching back does not lose it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other_detail: Option<String>,
    },
    /// The codes ticked in a multiple choice item, in the order ticked.
    Choices {
        /// The ticked codes.
        codes: Vec<String>,
        /// What was typed in the "something else" box.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other_detail: Option<String>,
    },
    /// Typed text: short and long text, and the raw text of number items.
    Text(String),
    /// The three boxes of a date item, as typed.
    Date {
        /// The day box.
        day: String,
        /// The month box.
        month: String,
        /// The year box.
        year: String,
    },
}

/// One box of a date item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePart {
    /// The day box.
    Day,
    /// The month box.
    Month,
    /// The year box.
    Year,
}

impl Answer {
    /// Whether nothing has been picked or typed (blank text counts as nothing).
    ///
    /// A detail typed in the "other" box without picking "other" does not
    /// count as an answer.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Choice { code, .. } => code.is_empty(),
            Answer::Choices { codes, .. } => codes.iter().all(String::is_empty),
            Answer::Text(text) => text.trim().is_empty(),
            Answer::Date { day, month, year } => {
                day.trim().is_empty() && month.trim().is_empty() && year.trim().is_empty()
            }
        }
    }

    /// The "other" detail, if any was typed.
    pub fn other_detail(&self) -> Option<&str> {
        match self {
            Answer::Choice { other_detail, .. } | Answer::Choices { other_detail, .. } => other_detail.as_deref(),
            _ => None,
        }
    }

    /// Whether `code` is picked.
    pub fn has_code(&self, code: &str) -> bool {
        match self {
            Answer::Choice { code: c, .. } => c == code,
            Answer::Choices { codes, .. } => codes.iter().any(|c| c == code),
            _ => false,
        }
    }
}

/// Every answer given so far, by item id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers {
    map: BTreeMap<String, Answer>,
}

impl Answers {
    /// No answers yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The raw answer to `item`, if there is one.
    pub fn get(&self, item: &str) -> Option<&Answer> {
        self.map.get(item)
    }

    /// Replaces the answer to `item`.
    pub fn set(&mut self, item: impl Into<String>, answer: Answer) {
        self.map.insert(item.into(), answer);
    }

    /// Every answer, in item id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many items have a stored answer (including empty ones).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no answer is stored.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Picks `code` for a one-answer item (single choice, yes/no, likert,
    /// scale). Keeps any "other" detail already typed.
    pub fn set_choice(&mut self, item: &str, code: &str) {
        let detail = self.take_detail(item);
        self.map.insert(item.to_owned(), Answer::Choice { code: code.to_owned(), other_detail: detail });
    }

    /// Ticks or unticks `code`.
    ///
    /// In a multiple choice item, ticking an exclusive answer ("None of
    /// these", "Prefer not to say") clears every other tick, and ticking any
    /// other answer clears the exclusive ones. In a one-answer item, toggling
    /// picks the code, or clears it if it was already picked.
    pub fn toggle_choice(&mut self, survey: &Survey, item: &str, code: &str) {
        let Some(definition) = survey.item(item) else {
            return;
        };
        if !matches!(definition.kind, ItemKind::MultipleChoice { .. }) {
            if self.get(item).is_some_and(|a| a.has_code(code)) {
                let detail = self.take_detail(item);
                self.map.insert(item.to_owned(), Answer::Choice { code: String::new(), other_detail: detail });
            } else {
                self.set_choice(item, code);
            }
            return;
        }
        let options = definition.options();
        let is_exclusive = |c: &str| options.iter().any(|o| o.code == c && o.is_exclusive());
        let detail = self.take_detail(item);
        let mut codes = match self.map.remove(item) {
            Some(Answer::Choices { codes, .. }) => codes,
            Some(Answer::Choice { code, .. }) if !code.is_empty() => vec![code],
            _ => Vec::new(),
        };
        if codes.iter().any(|c| c == code) {
            codes.retain(|c| c != code);
        } else if is_exclusive(code) {
            codes = vec![code.to_owned()];
        } else {
            codes.retain(|c| !is_exclusive(c));
            codes.push(code.to_owned());
        }
        self.map.insert(item.to_owned(), Answer::Choices { codes, other_detail: detail });
    }

    /// Stores typed text for a text or number item.
    pub fn set_text(&mut self, item: &str, text: &str) {
        self.map.insert(item.to_owned(), Answer::Text(text.to_owned()));
    }

    /// Stores what was typed in the "something else" box, keeping the picks.
    pub fn set_other_detail(&mut self, item: &str, detail: &str) {
        let detail = Some(detail.to_owned());
        match self.map.get_mut(item) {
            Some(Answer::Choice { other_detail, .. } | Answer::Choices { other_detail, .. }) => {
                *other_detail = detail;
            }
            _ => {
                self.map.insert(item.to_owned(), Answer::Choice { code: String::new(), other_detail: detail });
            }
        }
    }

    /// Stores one box of a date item, keeping the other two.
    pub fn set_date_part(&mut self, item: &str, part: DatePart, value: &str) {
        let entry = self.map.entry(item.to_owned()).or_insert_with(|| Answer::Date {
            day: String::new(),
            month: String::new(),
            year: String::new(),
        });
        if !matches!(entry, Answer::Date { .. }) {
            *entry = Answer::Date { day: String::new(), month: String::new(), year: String::new() };
        }
        if let Answer::Date { day, month, year } = entry {
            let slot = match part {
                DatePart::Day => day,
                DatePart::Month => month,
                DatePart::Year => year,
            };
            *slot = value.to_owned();
        }
    }

    /// Removes the answer to `item`.
    pub fn clear(&mut self, item: &str) {
        self.map.remove(item);
    }

    fn take_detail(&mut self, item: &str) -> Option<String> {
        match self.map.get_mut(item) {
            Some(Answer::Choice { other_detail, .. } | Answer::Choices { other_detail, .. }) => other_detail.take(),
            _ => None,
        }
    }
}

impl FromIterator<(String, Answer)> for Answers {
    fn from_iter<I: IntoIterator<Item = (String, Answer)>>(iter: I) -> Self {
        Answers { map: iter.into_iter().collect() }
    }
}
