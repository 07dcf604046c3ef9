//! The FHIR R4 QuestionnaireResponse resource: the subset Heard writes and
//! reads, as serde types that mirror FHIR JSON.
//!
//! Every optional element is skipped when empty, as FHIR requires (an empty
//! array or `null` is invalid FHIR JSON). Elements this subset does not
//! model, such as `meta`, `subject` or `extension`, are kept in
//! `extra_fields` and written back unchanged, so reading and writing a
//! resource made elsewhere loses nothing.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// A FHIR R4 QuestionnaireResponse: a completed set of answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResponse {
    /// Always `QuestionnaireResponse`; any other resource fails to parse.
    pub resource_type: ResourceType,
    /// The id a FHIR server gave the resource, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The language the answers were given in, such as `cy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The business identifier: for Heard, `urn:uuid:<response id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Identifier>,
    /// The canonical URL of the Questionnaire answered, as `url|version`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<String>,
    /// Where the response is in its life.
    pub status: QuestionnaireResponseStatus,
    /// When the answers were given, as a FHIR dateTime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authored: Option<String>,
    /// The answered items, nested as in the Questionnaire.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QuestionnaireResponseItem>,
    /// Elements this type does not model, kept as they were.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra_fields: Map<String, Value>,
}

/// The `resourceType` this module reads and writes.
///
/// It is a type of its own so that a body with another `resourceType`
/// (a Questionnaire posted by mistake, say) fails to parse instead of being
/// read as an empty response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResourceType {
    /// `"QuestionnaireResponse"`.
    QuestionnaireResponse,
}

/// The status of a QuestionnaireResponse (FHIR value set
/// `questionnaire-answers-status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionnaireResponseStatus {
    /// Still being filled in.
    InProgress,
    /// Finished and submitted. Heard only writes this.
    Completed,
    /// Changed after it was completed.
    Amended,
    /// Made in error and to be ignored.
    EnteredInError,
    /// Given up part way.
    Stopped,
}

/// A FHIR Identifier: a value that is unique within a system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identifier {
    /// The namespace of `value`, such as `urn:ietf:rfc:3986` for URIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The identifier itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Elements this type does not model, such as `use`.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra_fields: Map<String, Value>,
}

/// One item of a response: a group of items, or an answered question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResponseItem {
    /// The id of the matching Questionnaire item.
    pub link_id: String,
    /// The question or group heading, as shown to the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The answers, for a question. Several for a multiple choice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer: Vec<QuestionnaireResponseItemAnswer>,
    /// Items inside this one, for a group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QuestionnaireResponseItem>,
    /// Elements this type does not model, such as `definition`.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra_fields: Map<String, Value>,
}

/// One answer to a question.
///
/// Reading is hand-written rather than derived: a derived, flattened
/// `Option` silently drops a `value[x]` of the wrong type (such as
/// `"valueBoolean": "yes"`), and an answer must never lose its value
/// without an error.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResponseItemAnswer {
    /// The answer's `value[x]`, when it is a kind this module models.
    /// Other kinds (`valueQuantity`, `valueDateTime`…) stay in
    /// `extra_fields`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub value: Option<QuestionnaireResponseAnswerValue>,
    /// Items nested under this answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QuestionnaireResponseItem>,
    /// Elements this type does not model.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra_fields: Map<String, Value>,
}

/// An answer's `value[x]`, for the kinds Heard's answers map to. In JSON
/// the kind is in the element's name: `valueCoding`, `valueBoolean`…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum QuestionnaireResponseAnswerValue {
    /// `valueCoding`: a picked option.
    #[serde(rename = "valueCoding")]
    Coding(Coding),
    /// `valueBoolean`: a yes/no answer.
    #[serde(rename = "valueBoolean")]
    Boolean(bool),
    /// `valueInteger`: a whole number (FHIR integers are 32-bit).
    #[serde(rename = "valueInteger")]
    Integer(i32),
    /// `valueDecimal`: a number with a fraction.
    #[serde(rename = "valueDecimal")]
    Decimal(f64),
    /// `valueString`: typed text.
    #[serde(rename = "valueString")]
    String(String),
    /// `valueDate`: a date, `YYYY-MM-DD`.
    #[serde(rename = "valueDate")]
    Date(String),
}

impl QuestionnaireResponseAnswerValue {
    /// The JSON element names of the kinds modelled here.
    const ELEMENTS: [&'static str; 6] =
        ["valueCoding", "valueBoolean", "valueInteger", "valueDecimal", "valueString", "valueDate"];
}

impl<'de> Deserialize<'de> for QuestionnaireResponseItemAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            #[serde(default)]
            item: Vec<QuestionnaireResponseItem>,
            #[serde(flatten)]
            rest: Map<String, Value>,
        }
        let Fields { item, rest: mut extra_fields } = Fields::deserialize(deserializer)?;
        let names: Vec<String> = extra_fields
            .keys()
            .filter(|k| QuestionnaireResponseAnswerValue::ELEMENTS.contains(&k.as_str()))
            .cloned()
            .collect();
        let value = match names.as_slice() {
            [] => None,
            [name] => {
                let mut single = Map::new();
                if let Some((name, element)) = extra_fields.remove_entry(name) {
                    single.insert(name, element);
                }
                let value = QuestionnaireResponseAnswerValue::deserialize(Value::Object(single))
                    .map_err(|e| D::Error::custom(format_args!("{name}: {e}")))?;
                Some(value)
            }
            several => {
                return Err(D::Error::custom(format_args!(
                    "an answer has {} value[x] elements ({}), but may have only one",
                    several.len(),
                    several.join(", ")
                )))
            }
        };
        Ok(QuestionnaireResponseItemAnswer { value, item, extra_fields })
    }
}

/// A FHIR Coding: a code from a code system, with its display text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Coding {
    /// The code system, as a URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The words shown for the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// Elements this type does not model, such as `version`.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra_fields: Map<String, Value>,
}
