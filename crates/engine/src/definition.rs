//! The survey definition: the plain data a co-designer writes as JSON.
//!
//! These types mirror the JSON file one to one and carry no behaviour beyond
//! small lookups. A [`Definition`] may be wrong in many ways (duplicate ids,
//! conditions pointing forwards); [`check`](crate::check) finds those, and a
//! checked definition becomes a [`Survey`](crate::Survey).
//!
//! Architecture Invariant: these types are the single source of the JSON
//! shape. The JSON Schema in `public/schema/survey.schema.json` is generated
//! from them, and the definition checker's field lists are tested against it.
//! The checker reads JSON into them by hand, in `check/read.rs`, to keep
//! serde's derived code out of the wasm; `tests/reader.rs` holds that reader
//! to these derives, so a change to a type or its serde attributes needs the
//! same change there.

use serde::{Deserialize, Serialize};

use crate::{Condition, Text};

/// A whole survey as written by its designers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        title = "Heard survey definition",
        description = "A survey for the Heard widget: pages of questions, written by a survey's designers. Every human-visible string may be plain text or a map from language tag to text, like {\"en\": \"Yes\", \"cy\": \"Ie\"}.",
        deny_unknown_fields
    )
)]
pub struct Definition {
    /// A short stable id for the survey, such as `fft`. Sent with every response.
    pub id: String,
    /// The version of this definition, such as `1.0.0`. Sent with every response.
    pub version: String,
    /// The language tag used when a text has no translation for the reader's language.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// The survey's heading.
    pub title: Text,
    /// An optional introduction shown under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// What happens to people's answers. Shown before the first question.
    pub privacy_notice: Text,
    /// The pages, shown one at a time in this order.
    pub pages: Vec<Page>,
}

pub(crate) fn default_language() -> String {
    "en".to_owned()
}

/// One screen of questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Page {
    /// A stable id for the page, unique in the survey.
    pub id: String,
    /// An optional heading for the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    /// Shows the page only when this condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// The questions and text on this page, in order.
    pub items: Vec<Item>,
}

/// One question, or a piece of text, on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(extend("unevaluatedProperties" = false)))]
pub struct Item {
    /// A stable id, unique in the survey. Conditions and responses use it.
    pub id: String,
    /// The question, or the words to show for a `display` item.
    pub text: Text,
    /// Optional help shown under the question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
    /// Whether an answer is needed before moving on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Replaces the standard message shown when a required answer is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_message: Option<Text>,
    /// Shows the item only when this condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// What kind of item this is, with the fields that kind needs.
    #[serde(flatten)]
    pub kind: ItemKind,
}

/// The kind of an item, from its `type` field, with the fields of that kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ItemKind {
    /// Text only. Never answered.
    Display,
    /// Pick one answer from a list.
    SingleChoice {
        /// The answers to choose from.
        options: Vec<AnswerOption>,
        /// An optional "something else" answer with a box to say what.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<OtherOption>,
    },
    /// Pick any number of answers from a list.
    MultipleChoice {
        /// The answers to choose from.
        options: Vec<AnswerOption>,
        /// An optional "something else" answer with a box to say what.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<OtherOption>,
    },
    /// Yes or no. The answer codes are `yes` and `no`.
    YesNo,
    /// A row of numbered buttons, such as 0 to 10.
    Scale {
        /// The lowest number.
        min: i64,
        /// The highest number.
        max: i64,
        /// Words for the lowest end, such as "Not at all likely".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_label: Option<Text>,
        /// Words for the highest end, such as "Extremely likely".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_label: Option<Text>,
    },
    /// How much someone agrees. Without `options`, the standard five from
    /// "Strongly agree" to "Strongly disagree".
    Likert {
        /// Replaces the standard five answers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        options: Option<Vec<AnswerOption>>,
    },
    /// A one-line text box.
    ShortText {
        /// The most characters allowed. 200 when not given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    /// A multi-line text box.
    LongText {
        /// The most characters allowed. 2000 when not given.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    /// A whole number.
    Integer {
        /// The smallest number allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        /// The largest number allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// A number that may have a decimal point.
    Decimal {
        /// The smallest number allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// The largest number allowed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
    },
    /// A date entered as day, month and year.
    Date,
}

/// One answer someone can pick in a choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct AnswerOption {
    /// A stable code sent in responses. Keep it when rewording the label.
    pub code: String,
    /// The words people see.
    pub label: Text,
    /// An optional number for scoring and numeric conditions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Marks "Prefer not to say". In a multiple choice question it is also exclusive.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prefer_not_to_say: bool,
    /// In a multiple choice question, picking this clears every other answer
    /// (for example "None of these").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub exclusive: bool,
    /// Optional help shown under the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Text>,
}

/// The "something else" answer of a choice question, with a text box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct OtherOption {
    /// The code sent in responses. `other` when not given.
    #[serde(default = "default_other_code")]
    pub code: String,
    /// The words people see, such as "Something else".
    pub label: Text,
    /// The label of the text box, such as "Please say".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail_label: Option<Text>,
}

pub(crate) fn default_other_code() -> String {
    "other".to_owned()
}

impl AnswerOption {
    /// Whether picking this answer clears the others in a multiple choice question.
    pub fn is_exclusive(&self) -> bool {
        self.exclusive || self.prefer_not_to_say
    }

    fn standard(code: &str, label: &str, value: Option<f64>) -> Self {
        AnswerOption {
            code: code.to_owned(),
            label: Text::from(label),
            value,
            prefer_not_to_say: false,
            exclusive: false,
            hint: None,
        }
    }
}

/// The five answers a `likert` item has when it does not list its own.
///
/// Their labels are English; a survey in another language lists its own
/// `options` with translations.
pub fn standard_likert_options() -> Vec<AnswerOption> {
    vec![
        AnswerOption::standard("strongly_agree", "Strongly agree", Some(5.0)),
        AnswerOption::standard("agree", "Agree", Some(4.0)),
        AnswerOption::standard("neither", "Neither agree nor disagree", Some(3.0)),
        AnswerOption::standard("disagree", "Disagree", Some(2.0)),
        AnswerOption::standard("strongly_disagree", "Strongly disagree", Some(1.0)),
    ]
}

/// The default `max_length` of a `short_text` item.
pub const SHORT_TEXT_MAX_LENGTH: u32 = 200;
/// The default `max_length` of a `long_text` item.
pub const LONG_TEXT_MAX_LENGTH: u32 = 2000;

impl Item {
    /// Whether this item takes an answer (everything except `display`).
    pub fn is_answerable(&self) -> bool {
        !matches!(self.kind, ItemKind::Display)
    }

    /// The answers of a choice item (single, multiple, likert, yes/no), not
    /// counting "other". Empty for every other kind.
    pub fn options(&self) -> Vec<AnswerOption> {
        match &self.kind {
            ItemKind::SingleChoice { options, .. } | ItemKind::MultipleChoice { options, .. } => options.clone(),
            ItemKind::Likert { options: Some(options) } => options.clone(),
            ItemKind::Likert { options: None } => standard_likert_options(),
            ItemKind::YesNo => vec![
                AnswerOption::standard("yes", crate::messages::YES, None),
                AnswerOption::standard("no", crate::messages::NO, None),
            ],
            _ => Vec::new(),
        }
    }

    /// The "something else" answer, if this item has one.
    pub fn other(&self) -> Option<&OtherOption> {
        match &self.kind {
            ItemKind::SingleChoice { other, .. } | ItemKind::MultipleChoice { other, .. } => other.as_ref(),
            _ => None,
        }
    }

    /// The most characters a text answer may have, for text items.
    pub fn max_length(&self) -> Option<u32> {
        match self.kind {
            ItemKind::ShortText { max_length } => Some(max_length.unwrap_or(SHORT_TEXT_MAX_LENGTH)),
            ItemKind::LongText { max_length } => Some(max_length.unwrap_or(LONG_TEXT_MAX_LENGTH)),
            _ => None,
        }
    }

    /// The `type` name of this item as written in JSON, such as `single_choice`.
    pub fn type_name(&self) -> &'static str {
        self.kind.type_name()
    }
}

impl ItemKind {
    /// The `type` name as written in JSON, such as `single_choice`.
    pub fn type_name(&self) -> &'static str {
        match self {
            ItemKind::Display => "display",
            ItemKind::SingleChoice { .. } => "single_choice",
            ItemKind::MultipleChoice { .. } => "multiple_choice",
            ItemKind::YesNo => "yes_no",
            ItemKind::Scale { .. } => "scale",
            ItemKind::Likert { .. } => "likert",
            ItemKind::ShortText { .. } => "short_text",
            ItemKind::LongText { .. } => "long_text",
            ItemKind::Integer { .. } => "integer",
            ItemKind::Decimal { .. } => "decimal",
            ItemKind::Date => "date",
        }
    }
}
