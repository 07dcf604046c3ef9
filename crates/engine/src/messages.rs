//! The words shown to people answering a survey.
//!
//! Every built-in English phrase the engine produces for respondents lives
//! here, built from a kind enum plus the item it is about. A translation
//! will replace this module's functions with lookups per language, so no
//! other module may hard-code respondent-facing words.
//!
//! The wording follows the GOV.UK Design System's error message patterns.

use crate::validate::AnswerIssueKind;
use crate::{number::format_number, DatePart, Item, ItemKind};

/// The message for an answer issue about `item`.
pub(crate) fn issue_message(kind: &AnswerIssueKind, item: &Item, lang: &str, default_lang: &str) -> String {
    let question = item.text.resolve(lang, default_lang).trim();
    match kind {
        AnswerIssueKind::Missing => match &item.required_message {
            Some(custom) if !custom.is_blank() => custom.resolve(lang, default_lang).to_owned(),
            _ if is_picked(item) => format!("Select an answer for “{question}”"),
            _ => format!("Enter an answer for “{question}”"),
        },
        AnswerIssueKind::UnknownCode { .. } => "Select one of the answers shown".to_owned(),
        AnswerIssueKind::ExclusiveWithOthers { code } => {
            let options = item.options();
            let label =
                options.iter().find(|o| o.code == *code).map_or(code.as_str(), |o| o.label.resolve(lang, default_lang));
            format!("Select “{label}”, or select one or more of the other answers")
        }
        AnswerIssueKind::OtherDetailMissing => {
            let label = item.other().map_or("Other", |o| o.label.resolve(lang, default_lang));
            format!("Enter details for “{label}”")
        }
        AnswerIssueKind::TooLong { max } => format!("Answer must be {max} characters or less"),
        AnswerIssueKind::NotWholeNumber => "Enter a whole number".to_owned(),
        AnswerIssueKind::NotNumber => "Enter a number".to_owned(),
        // Shows where the full stop goes, and for whole numbers where a
        // comma may go, rather than only saying the comma is wrong.
        AnswerIssueKind::MisplacedComma => match item.kind {
            ItemKind::Integer { .. } => "Enter a whole number like 72 or 1,000".to_owned(),
            _ => "Enter a number like 72.5, using a full stop for decimals".to_owned(),
        },
        AnswerIssueKind::OutOfRange { min, max } => match (min, max) {
            (Some(lo), Some(hi)) => {
                format!("Enter a number between {} and {}", format_number(*lo), format_number(*hi))
            }
            (Some(lo), None) => format!("Enter a number that is {} or more", format_number(*lo)),
            (None, Some(hi)) => format!("Enter a number that is {} or less", format_number(*hi)),
            (None, None) => "Enter a number".to_owned(),
        },
        AnswerIssueKind::DateIncomplete { missing } => {
            let names: Vec<&str> = missing.iter().map(|p| date_part_name(*p)).collect();
            format!("Date must include a {}", join_with_and(&names))
        }
        AnswerIssueKind::DateNotReal => "Date must be a real date".to_owned(),
        AnswerIssueKind::YearNotFourDigits => "Year must include 4 numbers".to_owned(),
    }
}

/// Whether the item is answered by picking rather than typing.
fn is_picked(item: &Item) -> bool {
    matches!(
        item.kind,
        ItemKind::SingleChoice { .. }
            | ItemKind::MultipleChoice { .. }
            | ItemKind::YesNo
            | ItemKind::Scale { .. }
            | ItemKind::Likert { .. }
    )
}

fn date_part_name(part: DatePart) -> &'static str {
    match part {
        DatePart::Day => "day",
        DatePart::Month => "month",
        DatePart::Year => "year",
    }
}

/// "a", "a and b", "a, b and c".
fn join_with_and(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What the summary shows for an item with no answer.
pub(crate) const NOT_ANSWERED: &str = "Not answered";

/// The label of a yes/no item's `yes` answer.
pub(crate) const YES: &str = "Yes";
/// The label of a yes/no item's `no` answer.
pub(crate) const NO: &str = "No";
