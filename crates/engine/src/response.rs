//! Building the response that is sent when someone submits.
//!
//! Architecture Invariant: a hidden item's answer is never sent. Someone may
//! answer a question, change an earlier answer so that it disappears, and
//! submit; what they can no longer see must not leave their device.
//!
//! Answers appear in definition order, in a typed form (`integer`, `date`,
//! `boolean`…) so that whoever analyses responses does not re-parse text.

use serde::{Deserialize, Serialize};

use crate::validate::{date_answer, picked_codes};
use crate::{number, Answer, AnswerIssue, Answers, Item, ItemKind, ResponseId, Survey, Timestamp};

/// The value of a response's `format` field.
pub const RESPONSE_FORMAT: &str = "heard-response/1";

/// Facts about a response that come from outside the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseMeta {
    /// The response's id, from random bytes.
    pub id: ResponseId,
    /// When the person started the survey.
    pub started_at: Timestamp,
    /// When they submitted it.
    pub submitted_at: Timestamp,
    /// The language they answered in, such as `cy`.
    pub locale: String,
    /// Anything the host page wants sent along, such as a clinic code.
    pub context: serde_json::Map<String, serde_json::Value>,
}

/// A submitted set of answers, as sent to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Response {
    /// Always [`RESPONSE_FORMAT`], so receivers can tell versions apart.
    pub format: String,
    /// The response's id.
    pub id: ResponseId,
    /// Which survey, and which version of it, was answered.
    pub survey: SurveyRef,
    /// When the person started.
    pub started_at: Timestamp,
    /// When they submitted.
    pub submitted_at: Timestamp,
    /// The language they answered in.
    pub locale: String,
    /// What the host page sent along.
    pub context: serde_json::Map<String, serde_json::Value>,
    /// The answers to shown items, in definition order. Unanswered items are
    /// left out.
    pub answers: Vec<ResponseAnswer>,
}

/// Which survey a response answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SurveyRef {
    /// The survey's id.
    pub id: String,
    /// The definition's version.
    pub version: String,
}

/// One answer in a response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResponseAnswer {
    /// The item answered.
    pub item: String,
    /// The answer, typed.
    #[serde(flatten)]
    pub value: ResponseValue,
}

/// A typed answer. Each variant has a differently named field in JSON, which
/// is how reading a response tells them apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ResponseValue {
    /// Single choice and likert: `{"code": "good"}`, with `other` when the
    /// "something else" answer was picked.
    Code {
        /// The picked code.
        code: String,
        /// What was typed for "something else".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    /// Multiple choice: `{"codes": ["a", "b"]}`, in definition order.
    Codes {
        /// The ticked codes.
        codes: Vec<String>,
        /// What was typed for "something else".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    /// Yes/no: `{"boolean": true}`.
    Boolean {
        /// `true` for yes.
        boolean: bool,
    },
    /// Scale and integer: `{"integer": 7}`.
    Integer {
        /// The number.
        integer: i64,
    },
    /// Decimal: `{"decimal": 1.5}`.
    Decimal {
        /// The number.
        decimal: f64,
    },
    /// Short and long text: `{"text": "…"}`, trimmed.
    Text {
        /// The text.
        text: String,
    },
    /// Date: `{"date": "2026-11-23"}`.
    Date {
        /// The date as `YYYY-MM-DD`.
        date: String,
    },
}

impl Survey {
    /// Builds the response to send, or gives every issue that stops it.
    ///
    /// Fails when any shown item has an issue. Answers to hidden items are
    /// left out, whatever they hold.
    pub fn build_response(&self, answers: &Answers, meta: ResponseMeta) -> Result<Response, Vec<AnswerIssue>> {
        let issues = self.validate_all_in(answers, &meta.locale);
        if !issues.is_empty() {
            return Err(issues);
        }
        let visibility = self.visibility(answers);
        let mut out = Vec::new();
        for (p, page) in self.pages().iter().enumerate() {
            for (i, item) in page.items.iter().enumerate() {
                if !visibility.is_item_visible_at(p, i) {
                    continue;
                }
                if let Some(value) = answers.get(&item.id).and_then(|a| response_value(item, a)) {
                    out.push(ResponseAnswer { item: item.id.clone(), value });
                }
            }
        }
        Ok(Response {
            format: RESPONSE_FORMAT.to_owned(),
            id: meta.id,
            survey: SurveyRef { id: self.definition().id.clone(), version: self.definition().version.clone() },
            started_at: meta.started_at,
            submitted_at: meta.submitted_at,
            locale: meta.locale,
            context: meta.context,
            answers: out,
        })
    }
}

/// The typed form of a valid answer; `None` for no answer.
fn response_value(item: &Item, answer: &Answer) -> Option<ResponseValue> {
    if answer.is_empty() {
        return None;
    }
    let other_code = item.other().map(|o| o.code.as_str());
    let detail = |picked: bool| {
        if picked {
            answer.other_detail().map(|d| d.trim().to_owned())
        } else {
            None
        }
    };
    match (&item.kind, answer) {
        (ItemKind::Display, _) => None,
        (ItemKind::YesNo, Answer::Choice { code, .. }) => Some(ResponseValue::Boolean { boolean: code == "yes" }),
        (ItemKind::Scale { .. }, Answer::Choice { code, .. }) => {
            number::parse_integer(code).map(|integer| ResponseValue::Integer { integer })
        }
        (ItemKind::SingleChoice { .. } | ItemKind::Likert { .. }, Answer::Choice { code, .. }) => {
            Some(ResponseValue::Code { code: code.clone(), other: detail(other_code == Some(code.as_str())) })
        }
        (ItemKind::MultipleChoice { .. }, _) => {
            let picked = picked_codes(answer);
            let mut codes: Vec<String> =
                item.options().into_iter().map(|o| o.code).filter(|c| picked.contains(&c.as_str())).collect();
            let other_picked = other_code.is_some_and(|c| picked.contains(&c));
            if let Some(code) = other_code.filter(|_| other_picked) {
                codes.push(code.to_owned());
            }
            (!codes.is_empty()).then(|| ResponseValue::Codes { codes, other: detail(other_picked) })
        }
        (ItemKind::ShortText { .. } | ItemKind::LongText { .. }, Answer::Text(text)) => {
            Some(ResponseValue::Text { text: text.trim().to_owned() })
        }
        (ItemKind::Integer { .. }, Answer::Text(text)) => {
            number::parse_integer(text).map(|integer| ResponseValue::Integer { integer })
        }
        (ItemKind::Decimal { .. }, Answer::Text(text)) => {
            number::parse_decimal(text).map(|decimal| ResponseValue::Decimal { decimal })
        }
        (ItemKind::Date, _) => date_answer(answer).map(|d| ResponseValue::Date { date: d.iso() }),
        _ => None,
    }
}
