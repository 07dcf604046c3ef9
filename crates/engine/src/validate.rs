//! Checking answers before a page is left or a response is sent.
//!
//! Validation is analysis, so it returns data: a list of [`AnswerIssue`]s,
//! empty when all is well. Only shown items are checked; a hidden item can
//! never block anyone. An optional item left blank is fine, but an optional
//! item with something wrong in it still gets an issue, because sending a
//! half-typed date would be worse than asking.
//!
//! The kinds of issue are decided here; their wording lives in
//! [`messages`](crate::messages) so a translation can slot in later.

use serde::{Deserialize, Serialize};

use crate::calendar::{days_in_month, month_name};
use crate::{messages, number, Answer, Answers, DatePart, Item, ItemKind, Survey};

/// The most characters the "something else" box takes.
pub const OTHER_DETAIL_MAX_LENGTH: u32 = 200;

/// A problem with one answer, ready to show next to the item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerIssue {
    /// The item with the problem.
    pub item_id: String,
    /// Which input of the item to link to and highlight, when it is not the
    /// item as a whole.
    pub field: Option<Field>,
    /// What is wrong, for code to act on.
    pub kind: AnswerIssueKind,
    /// What is wrong, in words for the person answering.
    pub message: String,
}

/// One input of an item that has several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The day box of a date.
    Day,
    /// The month box of a date.
    Month,
    /// The year box of a date.
    Year,
    /// The "something else" text box of a choice item.
    OtherDetail,
}

impl From<DatePart> for Field {
    fn from(part: DatePart) -> Self {
        match part {
            DatePart::Day => Field::Day,
            DatePart::Month => Field::Month,
            DatePart::Year => Field::Year,
        }
    }
}

/// What is wrong with an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AnswerIssueKind {
    /// Occurs when a required item has no answer.
    Missing,
    /// Occurs when the stored answer is a code the item does not offer, for
    /// example a scale number outside its range.
    UnknownCode {
        /// The code that is not offered.
        code: String,
    },
    /// Occurs when an exclusive answer ("None of these") is ticked together
    /// with other answers.
    ExclusiveWithOthers {
        /// The exclusive answer's code.
        code: String,
    },
    /// Occurs when "something else" is picked but its box is empty.
    OtherDetailMissing,
    /// Occurs when typed text is longer than allowed.
    TooLong {
        /// The most characters allowed.
        max: u32,
    },
    /// Occurs when an integer item holds something that is not a whole number.
    NotWholeNumber,
    /// Occurs when a decimal item holds something that is not a number.
    NotNumber,
    /// Occurs when a number item holds a number with a comma that is not
    /// between groups of three digits, such as the decimal comma in "72,5".
    /// It is refused rather than read as 725 (issue 8).
    MisplacedComma,
    /// Occurs when a number is below the item's `min` or above its `max`.
    OutOfRange {
        /// The smallest number allowed.
        min: Option<f64>,
        /// The largest number allowed.
        max: Option<f64>,
    },
    /// Occurs when some but not all boxes of a date are filled in.
    DateIncomplete {
        /// The empty boxes.
        missing: Vec<DatePart>,
    },
    /// Occurs when a date's boxes are filled in but do not make a real date,
    /// such as 30 February.
    DateNotReal,
    /// Occurs when a date's year does not have 4 digits.
    YearNotFourDigits,
}

/// A date that has been checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateValue {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
}

impl DateValue {
    /// `2026-11-23`.
    pub(crate) fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// `23 November 2026`.
    pub(crate) fn display(&self) -> String {
        format!("{} {} {}", self.day, month_name(self.month), self.year)
    }
}

/// Reads a date answer, if it is a complete real date.
pub(crate) fn date_answer(answer: &Answer) -> Option<DateValue> {
    match answer {
        Answer::Date { day, month, year } => read_date(day, month, year).ok(),
        _ => None,
    }
}

fn read_date(day: &str, month: &str, year: &str) -> Result<DateValue, (AnswerIssueKind, Field)> {
    let parts = [(DatePart::Day, day.trim()), (DatePart::Month, month.trim()), (DatePart::Year, year.trim())];
    let missing: Vec<DatePart> = parts.iter().filter(|(_, v)| v.is_empty()).map(|(p, _)| *p).collect();
    if let Some(first) = missing.first() {
        let field = Field::from(*first);
        return Err((AnswerIssueKind::DateIncomplete { missing }, field));
    }
    let number = |part: DatePart, text: &str| -> Result<u32, (AnswerIssueKind, Field)> {
        if text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err((AnswerIssueKind::DateNotReal, Field::from(part)));
        }
        text.parse().map_err(|_| (AnswerIssueKind::DateNotReal, Field::from(part)))
    };
    let d = number(DatePart::Day, parts[0].1)?;
    let m = number(DatePart::Month, parts[1].1)?;
    let y = number(DatePart::Year, parts[2].1)?;
    if parts[2].1.len() != 4 {
        return Err((AnswerIssueKind::YearNotFourDigits, Field::Year));
    }
    if !(1..=12).contains(&m) {
        return Err((AnswerIssueKind::DateNotReal, Field::Month));
    }
    let year = i64::from(y);
    if d == 0 || d > days_in_month(year, m) {
        return Err((AnswerIssueKind::DateNotReal, Field::Day));
    }
    Ok(DateValue { year, month: m, day: d })
}

/// The codes picked in a choice answer, whichever shape it was stored in.
pub(crate) fn picked_codes(answer: &Answer) -> Vec<&str> {
    let mut codes: Vec<&str> = match answer {
        Answer::Choice { code, .. } => vec![code.as_str()],
        Answer::Choices { codes, .. } => codes.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    codes.retain(|c| !c.is_empty());
    let mut seen = Vec::with_capacity(codes.len());
    codes.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    codes
}

/// The issues with one item's answer, before wording. `answer` is `None` or
/// empty when nothing was given. An answer stored in the wrong shape for the
/// item (text for a choice) counts as no answer.
pub(crate) fn answer_problems(item: &Item, answer: Option<&Answer>) -> Vec<(Option<Field>, AnswerIssueKind)> {
    let answer = answer.filter(|a| !a.is_empty() && shape_fits(item, a));
    let Some(answer) = answer else {
        return if item.required && item.is_answerable() { vec![(None, AnswerIssueKind::Missing)] } else { Vec::new() };
    };
    let mut out = Vec::new();
    match &item.kind {
        ItemKind::Display => {}
        ItemKind::SingleChoice { .. } | ItemKind::MultipleChoice { .. } | ItemKind::YesNo | ItemKind::Likert { .. } => {
            choice_problems(item, answer, &mut out)
        }
        ItemKind::Scale { min, max, .. } => {
            if let Answer::Choice { code, .. } = answer {
                let in_range = number::parse_integer(code).is_some_and(|n| (*min..=*max).contains(&n));
                if !in_range {
                    out.push((None, AnswerIssueKind::UnknownCode { code: code.clone() }));
                }
            }
        }
        ItemKind::ShortText { .. } | ItemKind::LongText { .. } => {
            if let (Answer::Text(text), Some(max)) = (answer, item.max_length()) {
                if counted_length(text) > max as usize {
                    out.push((None, AnswerIssueKind::TooLong { max }));
                }
            }
        }
        ItemKind::Integer { min, max } => {
            if let Answer::Text(text) = answer {
                match number::read_integer(text, number::ENGLISH) {
                    Err(problem) => out.push((None, number_issue(problem, AnswerIssueKind::NotWholeNumber))),
                    Ok(n) if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) => {
                        out.push((
                            None,
                            AnswerIssueKind::OutOfRange { min: min.map(|m| m as f64), max: max.map(|m| m as f64) },
                        ));
                    }
                    Ok(_) => {}
                }
            }
        }
        ItemKind::Decimal { min, max } => {
            if let Answer::Text(text) = answer {
                match number::read_decimal(text, number::ENGLISH) {
                    Err(problem) => out.push((None, number_issue(problem, AnswerIssueKind::NotNumber))),
                    Ok(n) if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) => {
                        out.push((None, AnswerIssueKind::OutOfRange { min: *min, max: *max }));
                    }
                    Ok(_) => {}
                }
            }
        }
        ItemKind::Date => {
            if let Answer::Date { day, month, year } = answer {
                if let Err((kind, field)) = read_date(day, month, year) {
                    out.push((Some(field), kind));
                }
            }
        }
    }
    out
}

/// The issue for typed text that is not a number; `not_number` is the
/// item's own "not a number" kind.
fn number_issue(problem: number::NumberProblem, not_number: AnswerIssueKind) -> AnswerIssueKind {
    match problem {
        number::NumberProblem::NotNumber => not_number,
        number::NumberProblem::MisplacedComma => AnswerIssueKind::MisplacedComma,
    }
}

fn shape_fits(item: &Item, answer: &Answer) -> bool {
    match &item.kind {
        ItemKind::Display => false,
        ItemKind::MultipleChoice { .. } => {
            matches!(answer, Answer::Choices { .. } | Answer::Choice { .. })
        }
        ItemKind::SingleChoice { .. } | ItemKind::YesNo | ItemKind::Likert { .. } | ItemKind::Scale { .. } => {
            matches!(answer, Answer::Choice { .. })
        }
        ItemKind::ShortText { .. }
        | ItemKind::LongText { .. }
        | ItemKind::Integer { .. }
        | ItemKind::Decimal { .. } => matches!(answer, Answer::Text(_)),
        ItemKind::Date => matches!(answer, Answer::Date { .. }),
    }
}

fn choice_problems(item: &Item, answer: &Answer, out: &mut Vec<(Option<Field>, AnswerIssueKind)>) {
    let options = item.options();
    let other = item.other();
    let codes = picked_codes(answer);
    for code in &codes {
        let known = options.iter().any(|o| o.code == *code) || other.is_some_and(|o| o.code == *code);
        if !known {
            out.push((None, AnswerIssueKind::UnknownCode { code: (*code).to_owned() }));
            return;
        }
    }
    if codes.len() > 1 {
        if let Some(exclusive) = options.iter().find(|o| o.is_exclusive() && codes.contains(&o.code.as_str())) {
            out.push((None, AnswerIssueKind::ExclusiveWithOthers { code: exclusive.code.clone() }));
            return;
        }
    }
    if let Some(other) = other.filter(|o| codes.contains(&o.code.as_str())) {
        let _ = other;
        let detail = answer.other_detail().unwrap_or("").trim();
        if detail.is_empty() {
            out.push((Some(Field::OtherDetail), AnswerIssueKind::OtherDetailMissing));
        } else if counted_length(detail) > OTHER_DETAIL_MAX_LENGTH as usize {
            out.push((Some(Field::OtherDetail), AnswerIssueKind::TooLong { max: OTHER_DETAIL_MAX_LENGTH }));
        }
    }
}

/// How a text answer's length is counted, for the limit and for the count
/// shown under the box alike: in characters (Unicode scalar values), leaving
/// out spaces at either end, which are not sent as part of the meaning.
fn counted_length(text: &str) -> usize {
    text.trim().chars().count()
}

/// The room left in a text answer under its item's limit, as the count under
/// a long text box tells the person ("You have 12 characters remaining").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextRoom {
    /// This many more characters fit (possibly none).
    Left(u32),
    /// The answer is this many characters over the limit; Continue will say so.
    TooMany(u32),
}

impl TextRoom {
    /// The room left for `text` under a limit of `max` characters, counted
    /// exactly as validation counts it.
    pub fn within(max: u32, text: &str) -> TextRoom {
        let used = u32::try_from(counted_length(text)).unwrap_or(u32::MAX);
        if used <= max {
            TextRoom::Left(max - used)
        } else {
            TextRoom::TooMany(used - max)
        }
    }
}

impl Item {
    /// The room left for `text` in this item (see [`TextRoom::within`]);
    /// `None` for items that take no text.
    pub fn text_room(&self, text: &str) -> Option<TextRoom> {
        Some(TextRoom::within(self.max_length()?, text))
    }
}

impl Survey {
    /// The issues with the shown items of the page at `page_index`, in the
    /// survey's default language.
    pub fn validate_page(&self, page_index: usize, answers: &Answers) -> Vec<AnswerIssue> {
        self.validate_page_in(page_index, answers, self.default_language())
    }

    /// [`validate_page`](Self::validate_page) with question texts in `lang`.
    pub fn validate_page_in(&self, page_index: usize, answers: &Answers, lang: &str) -> Vec<AnswerIssue> {
        self.visible_items(page_index, answers)
            .into_iter()
            .flat_map(|item| self.issues_for(item, answers, lang))
            .collect()
    }

    /// The issues with one item's answer; none when the item is hidden.
    pub fn validate_item(&self, item_id: &str, answers: &Answers) -> Vec<AnswerIssue> {
        self.validate_item_in(item_id, answers, self.default_language())
    }

    /// [`validate_item`](Self::validate_item) with question texts in `lang`.
    pub fn validate_item_in(&self, item_id: &str, answers: &Answers, lang: &str) -> Vec<AnswerIssue> {
        match self.item(item_id) {
            Some(item) if self.is_item_visible(item_id, answers) => self.issues_for(item, answers, lang),
            _ => Vec::new(),
        }
    }

    /// The issues with every shown item, page by page.
    pub fn validate_all(&self, answers: &Answers) -> Vec<AnswerIssue> {
        self.validate_all_in(answers, self.default_language())
    }

    /// [`validate_all`](Self::validate_all) with question texts in `lang`.
    pub fn validate_all_in(&self, answers: &Answers, lang: &str) -> Vec<AnswerIssue> {
        let visibility = self.visibility(answers);
        let mut issues = Vec::new();
        for (p, page) in self.pages().iter().enumerate() {
            for (i, item) in page.items.iter().enumerate() {
                if visibility.is_item_visible_at(p, i) {
                    issues.extend(self.issues_for(item, answers, lang));
                }
            }
        }
        issues
    }

    fn issues_for(&self, item: &Item, answers: &Answers, lang: &str) -> Vec<AnswerIssue> {
        answer_problems(item, answers.get(&item.id))
            .into_iter()
            .map(|(field, kind)| AnswerIssue {
                item_id: item.id.clone(),
                field,
                message: messages::issue_message(&kind, item, lang, self.default_language()),
                kind,
            })
            .collect()
    }
}
