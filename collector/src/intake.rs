//! Turning a posted body into a [`Submission`] ready to store, or a
//! [`Rejection`] that says exactly what is wrong with it.
//!
//! Two formats are read, told apart by `Content-Type`:
//! - `application/json`: a Heard response (`"format": "heard-response/1"`);
//! - `application/fhir+json`: a FHIR R4 QuestionnaireResponse, whose
//!   `identifier` (`urn:uuid:…`) is the response id and whose
//!   `questionnaire` canonical (`url|version`) names the survey.
//!
//! The body is checked field by field before the typed parse so that each
//! mistake gets a message naming the field, rather than serde's "did not
//! match any variant".
//!
//! Invariant: what is stored is the canonical form of the JSON that was
//! sent, unknown fields included. Nothing a sender added is dropped, and the
//! stored body's hash is what replays are compared against.

use heard_engine::{
    response_id_from_questionnaire_response, survey_ref_from_questionnaire_response, QuestionnaireResponse,
    QuestionnaireResponseItem, Response, ResponseId, Timestamp, RESPONSE_FORMAT,
};
use serde_json::{Map, Value};

use crate::canonical::{body_hash, canonical_json};
use crate::rejection::{Rejection, RejectionKind};

/// The `format` stored for responses that arrived as FHIR.
pub const FHIR_FORMAT: &str = "fhir-r4/QuestionnaireResponse";

/// A checked response, in the form it is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The response id; for FHIR, taken from the identifier.
    pub id: ResponseId,
    /// `heard-response/1` or [`FHIR_FORMAT`].
    pub format: String,
    /// The survey answered.
    pub survey_id: String,
    /// Its version.
    pub survey_version: String,
    /// When the person submitted, as sent (FHIR `authored`).
    pub submitted_at: Option<String>,
    /// The language answered in (FHIR `language`).
    pub locale: Option<String>,
    /// The body as canonical JSON.
    pub body: String,
    /// The SHA-256 of `body`, in hex.
    pub body_hash: String,
}

/// Which format a body is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// A Heard response, sent as `application/json`.
    Heard,
    /// A FHIR QuestionnaireResponse, sent as `application/fhir+json`.
    Fhir,
}

const VALUE_FIELDS: [&str; 7] = ["code", "codes", "boolean", "integer", "decimal", "text", "date"];

/// Reads the `Content-Type` header. Parameters such as `charset=utf-8` are
/// ignored: JSON is UTF-8 whatever they say.
pub fn payload_from_content_type(content_type: Option<&str>) -> Result<Payload, Rejection> {
    let media_type = content_type.and_then(|c| c.split(';').next()).map(|m| m.trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some("application/json") => Ok(Payload::Heard),
        Some("application/fhir+json") => Ok(Payload::Fhir),
        other => Err(Rejection::new(
            RejectionKind::UnsupportedContentType,
            format!(
                "{} Send Heard responses as Content-Type: application/json, or FHIR QuestionnaireResponses as \
                 Content-Type: application/fhir+json.",
                match other {
                    None => "The request has no Content-Type header.".to_owned(),
                    Some(other) => format!("Content-Type {other} is not one this collector reads."),
                }
            ),
        )),
    }
}

/// Checks a body and prepares it for storing.
pub fn read_submission(payload: Payload, body: &[u8]) -> Result<Submission, Rejection> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        Rejection::new(
            RejectionKind::NotJson,
            format!("The body is not valid JSON ({e}). Send the response as a JSON object, encoded as UTF-8."),
        )
    })?;
    let Value::Object(fields) = &value else {
        return Err(Rejection::new(
            RejectionKind::WrongFormat,
            "The body is JSON but not an object. Send one response as a JSON object per request.",
        ));
    };
    let mut submission = match payload {
        Payload::Heard => read_heard(fields, &value)?,
        Payload::Fhir => read_fhir(fields, &value)?,
    };
    submission.body = canonical_json(&value);
    submission.body_hash = body_hash(&submission.body);
    Ok(submission)
}

/// Checks an `Idempotency-Key` header against the response id. A missing
/// header is fine: the id alone makes posting idempotent.
pub fn check_idempotency_key(key: Option<&str>, id: ResponseId) -> Result<(), Rejection> {
    let Some(key) = key else { return Ok(()) };
    if ResponseId::parse(key.trim()) == Some(id) {
        return Ok(());
    }
    Err(Rejection::new(
        RejectionKind::IdempotencyKeyMismatch,
        format!(
            "The Idempotency-Key header is {key:?} but the response id is {id}. They must be the same: send the \
             response id as the key, or leave the header out."
        ),
    )
    .about(id))
}

fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionKind::InvalidResponse, message)
}

fn read_heard(fields: &Map<String, Value>, value: &Value) -> Result<Submission, Rejection> {
    match fields.get("format") {
        Some(Value::String(format)) if format == RESPONSE_FORMAT => {}
        None => {
            return Err(Rejection::new(
                RejectionKind::WrongFormat,
                format!(
                    "The body has no \"format\" field. A Heard response has \"format\": \"{RESPONSE_FORMAT}\". To \
                     send a FHIR QuestionnaireResponse, use Content-Type: application/fhir+json."
                ),
            ))
        }
        Some(other) => {
            return Err(Rejection::new(
                RejectionKind::WrongFormat,
                format!(
                    "\"format\" is {other}, but this collector reads \"{RESPONSE_FORMAT}\". Update the widget, or \
                     send FHIR with Content-Type: application/fhir+json."
                ),
            ))
        }
    }
    let id = match fields.get("id") {
        None | Some(Value::Null) => {
            return Err(Rejection::new(
                RejectionKind::MissingId,
                "The response has no \"id\". Give each response a random UUID, such as \
                 \"0f8fad5b-d9cb-469f-a165-70867728950e\", and send the same id when retrying.",
            ))
        }
        Some(Value::String(text)) => ResponseId::parse(text).ok_or_else(|| {
            Rejection::new(
                RejectionKind::InvalidId,
                format!(
                    "\"id\" is {text:?}, which is not a UUID. Write it as 32 hex digits in groups of 8-4-4-4-12, \
                     such as \"0f8fad5b-d9cb-469f-a165-70867728950e\"."
                ),
            )
        })?,
        Some(other) => {
            return Err(Rejection::new(
                RejectionKind::InvalidId,
                format!("\"id\" is {other}, but it must be a string holding a UUID."),
            ))
        }
    };
    let reject = |r: Rejection| r.about(id);
    let survey = fields.get("survey").and_then(Value::as_object);
    let survey_field = |name: &str| {
        survey.and_then(|s| s.get(name)).and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_owned)
    };
    let (Some(survey_id), Some(survey_version)) = (survey_field("id"), survey_field("version")) else {
        return Err(reject(Rejection::new(
            RejectionKind::MissingSurvey,
            "The response does not say which survey it answers. Give \"survey\": {\"id\": \"…\", \"version\": \
             \"…\"}, both non-empty text, as in the survey definition.",
        )));
    };
    for name in ["started_at", "submitted_at"] {
        match fields.get(name) {
            Some(Value::String(text)) if Timestamp::parse(text).is_some() => {}
            Some(other) => {
                return Err(reject(invalid(format!(
                    "\"{name}\" is {other}, which is not a UTC time. Write it like \"2026-11-23T12:00:00.000Z\"."
                ))))
            }
            None => {
                return Err(reject(invalid(format!(
                    "The response has no \"{name}\". Give a UTC time like \"2026-11-23T12:00:00.000Z\"."
                ))))
            }
        }
    }
    let Some(locale) = fields.get("locale").and_then(Value::as_str) else {
        return Err(reject(invalid("The response needs \"locale\": the language answered in, such as \"en\".")));
    };
    if !fields.get("context").is_some_and(Value::is_object) {
        return Err(reject(invalid(
            "The response needs \"context\" to be an object; send {} when the host page gives nothing.",
        )));
    }
    let Some(answers) = fields.get("answers").and_then(Value::as_array) else {
        return Err(reject(invalid("The response needs \"answers\": a list, empty if nothing was answered.")));
    };
    let mut answered: Vec<&str> = Vec::new();
    for (index, answer) in answers.iter().enumerate() {
        let item = check_answer(index, answer).map_err(|m| reject(invalid(m)))?;
        if answered.contains(&item) {
            return Err(reject(invalid(format!(
                "answers[{index}] answers item {item:?} again. Each item is answered at most once."
            ))));
        }
        answered.push(item);
    }
    let response: Response = serde_json::from_value(value.clone())
        .map_err(|e| reject(invalid(format!("The response could not be read as a Heard response: {e}."))))?;
    Ok(Submission {
        id: response.id,
        format: RESPONSE_FORMAT.to_owned(),
        survey_id,
        survey_version,
        submitted_at: Some(response.submitted_at.to_string()),
        locale: Some(locale.to_owned()),
        body: String::new(),
        body_hash: String::new(),
    })
}

/// Checks one Heard answer and gives the item it answers, or a message.
fn check_answer(index: usize, answer: &Value) -> Result<&str, String> {
    let Some(fields) = answer.as_object() else {
        return Err(format!("answers[{index}] is {answer}, but each answer must be an object like {{\"item\": \"q1\", \"code\": \"yes\"}}."));
    };
    let Some(item) = fields.get("item").and_then(Value::as_str).filter(|i| !i.is_empty()) else {
        return Err(format!("answers[{index}] has no \"item\" naming the question it answers."));
    };
    let at = format!("answers[{index}] (item {item:?})");
    let present: Vec<&str> = VALUE_FIELDS.iter().copied().filter(|f| fields.contains_key(*f)).collect();
    let field = match present.as_slice() {
        [field] => *field,
        [] => {
            return Err(format!(
                "{at} has no answer. Give exactly one of {}.",
                VALUE_FIELDS.map(|f| format!("\"{f}\"")).join(", ")
            ))
        }
        several => {
            return Err(format!(
                "{at} has {}; give exactly one answer value.",
                several.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(" and ")
            ))
        }
    };
    let value = &fields[field];
    let expected = match field {
        "code" if value.as_str().is_none_or(str::is_empty) => Some("a non-empty code"),
        "codes"
            if !value.as_array().is_some_and(|codes| {
                !codes.is_empty() && codes.iter().all(|c| c.as_str().is_some_and(|c| !c.is_empty()))
            }) =>
        {
            Some("a non-empty list of codes")
        }
        "boolean" if !value.is_boolean() => Some("true or false"),
        "integer" if value.as_i64().is_none() => Some("a whole number"),
        "decimal" if !value.is_number() => Some("a number"),
        "text" if !value.is_string() => Some("text"),
        "date" if !value.as_str().is_some_and(is_iso_date) => Some("a date written YYYY-MM-DD"),
        _ => None,
    };
    if let Some(expected) = expected {
        return Err(format!("{at} has \"{field}\": {value}, which must be {expected}."));
    }
    match fields.get("other") {
        Some(other) if !matches!(field, "code" | "codes") => {
            Err(format!("{at} has \"other\": {other}, but only code and codes answers have \"other\" text."))
        }
        Some(other) if !other.is_string() => Err(format!("{at} has \"other\": {other}, which must be text.")),
        _ => Ok(item),
    }
}

fn is_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && matches!(text.get(5..7).and_then(|m| m.parse::<u8>().ok()), Some(1..=12))
        && matches!(text.get(8..10).and_then(|d| d.parse::<u8>().ok()), Some(1..=31))
}

fn read_fhir(fields: &Map<String, Value>, value: &Value) -> Result<Submission, Rejection> {
    match fields.get("resourceType") {
        Some(Value::String(t)) if t == "QuestionnaireResponse" => {}
        None => {
            return Err(Rejection::new(
                RejectionKind::WrongFormat,
                "The body has no \"resourceType\". With Content-Type: application/fhir+json the collector expects \
                 a FHIR R4 QuestionnaireResponse. To send a Heard response, use Content-Type: application/json.",
            ))
        }
        Some(other) => {
            return Err(Rejection::new(
                RejectionKind::WrongFormat,
                format!("\"resourceType\" is {other}, but the collector stores only QuestionnaireResponse resources."),
            ))
        }
    }
    let resource: QuestionnaireResponse = serde_json::from_value(value.clone())
        .map_err(|e| invalid(format!("The QuestionnaireResponse could not be read: {e}. Check it against FHIR R4.")))?;
    let identifier = resource.identifier.as_ref().ok_or_else(|| {
        Rejection::new(
            RejectionKind::MissingId,
            "The QuestionnaireResponse has no \"identifier\". Give it {\"system\": \"urn:ietf:rfc:3986\", \
             \"value\": \"urn:uuid:<a random UUID>\"}; the collector uses it to recognise retries.",
        )
    })?;
    let id = response_id_from_questionnaire_response(&resource).ok_or_else(|| {
        Rejection::new(
            RejectionKind::InvalidId,
            format!(
                "The identifier has system {:?} and value {:?}. It must have system \"urn:ietf:rfc:3986\" and a \
                 value like \"urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e\".",
                identifier.system.as_deref().unwrap_or(""),
                identifier.value.as_deref().unwrap_or("")
            ),
        )
    })?;
    let reject = |r: Rejection| r.about(id);
    let survey = survey_ref_from_questionnaire_response(&resource).ok_or_else(|| {
        reject(Rejection::new(
            RejectionKind::MissingSurvey,
            format!(
                "{} Write it as a canonical with a version, url|version, such as \
                 \"urn:heard:questionnaire:fft|1.0.0\".",
                match &resource.questionnaire {
                    None => "The QuestionnaireResponse has no \"questionnaire\".".to_owned(),
                    Some(q) => format!("\"questionnaire\" is {q:?}, which has no version."),
                }
            ),
        ))
    })?;
    check_fhir_items(&resource.item, "item").map_err(|m| reject(invalid(m)))?;
    Ok(Submission {
        id,
        format: FHIR_FORMAT.to_owned(),
        survey_id: survey.id,
        survey_version: survey.version,
        submitted_at: resource.authored.clone(),
        locale: resource.language.clone(),
        body: String::new(),
        body_hash: String::new(),
    })
}

/// Every answer must hold exactly one `value[x]`. Kinds of value the
/// engine does not model (such as `valueQuantity`) are kept among the
/// answer's other fields, so they count too.
fn check_fhir_items(items: &[QuestionnaireResponseItem], path: &str) -> Result<(), String> {
    for (i, item) in items.iter().enumerate() {
        let here = format!("{path}[{i}] (linkId {:?})", item.link_id);
        if item.link_id.is_empty() {
            return Err(format!("{path}[{i}] has an empty \"linkId\"; every item needs one."));
        }
        for (a, answer) in item.answer.iter().enumerate() {
            let values = usize::from(answer.value.is_some())
                + answer.extra_fields.keys().filter(|k| k.starts_with("value")).count();
            if values != 1 {
                return Err(format!(
                    "{here} answer[{a}] has {values} value[x] elements; each answer needs exactly one, such as \
                     \"valueCoding\" or \"valueString\"."
                ));
            }
            check_fhir_items(&answer.item, &format!("{here}.answer[{a}].item"))?;
        }
        check_fhir_items(&item.item, &format!("{here}.item"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_are_read_without_their_parameters() {
        assert_eq!(payload_from_content_type(Some("application/json; charset=utf-8")), Ok(Payload::Heard));
        assert_eq!(payload_from_content_type(Some("Application/FHIR+JSON")), Ok(Payload::Fhir));
        for other in [None, Some("text/plain"), Some("application/x-www-form-urlencoded")] {
            let kind = payload_from_content_type(other).map_err(|r| r.kind());
            assert_eq!(kind, Err(RejectionKind::UnsupportedContentType), "{other:?}");
        }
    }

    #[test]
    fn an_answer_with_two_values_is_refused() {
        let answer = serde_json::json!({"item": "q1", "code": "a", "text": "b"});
        assert!(check_answer(0, &answer).unwrap_err().contains("\"code\" and \"text\""));
    }

    #[test]
    fn an_answer_value_of_the_wrong_type_names_the_type_needed() {
        let answer = serde_json::json!({"item": "q4", "integer": "7"});
        let e = check_answer(3, &answer).unwrap_err();
        assert!(e.contains("answers[3]") && e.contains("whole number"), "{e}");
    }

    #[test]
    fn other_text_belongs_only_to_choice_answers() {
        assert!(check_answer(0, &serde_json::json!({"item": "q", "codes": ["a"], "other": "x"})).is_ok());
        assert!(check_answer(0, &serde_json::json!({"item": "q", "boolean": true, "other": "x"})).is_err());
    }

    #[test]
    fn only_real_looking_dates_are_dates() {
        assert!(is_iso_date("2026-11-23"));
        for text in ["2026-13-01", "2026-1-01", "26-11-2023", "2026-11-00", "2026/11/23"] {
            assert!(!is_iso_date(text), "{text}");
        }
    }

    #[test]
    fn an_idempotency_key_in_upper_case_still_matches() {
        let id = ResponseId::from_random_bytes([9; 16]);
        assert!(check_idempotency_key(Some(&id.to_string().to_uppercase()), id).is_ok());
        assert!(check_idempotency_key(None, id).is_ok());
        assert!(check_idempotency_key(Some("something-else"), id).is_err());
    }
}
