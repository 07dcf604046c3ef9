//! Reading back, by hand, what the widget stored on the device: drafts and
//! outbox records.
//!
//! serde's derived `Deserialize` would read them in one line each, but in
//! the wasm it costs about 50 KB before compression: the visitors, serde's
//! error messages, and the float formatting those messages pull in. The
//! widget parses the stored text into a `serde_json::Value` (which the
//! definition reader needs anyway) and these functions pick the fields out.
//!
//! Architecture Invariant: for the objects the widget writes, and for any
//! field of them missing or holding another kind of value, a reader accepts
//! what serde's derive accepts and builds an equal value. The derives stay
//! the description of the format; `tests/stored.rs` holds the readers to
//! them with serde as the oracle. (serde's other forms, such as a struct
//! written as a list of its fields, are never written by the widget and are
//! refused here: a stored value that cannot be read is left where it is.)

use serde_json::{Map, Value};

use crate::answers::Answer;
use crate::json_value::{length, list, optional, required, string, whole};
use crate::{Answers, Draft, OutboxRecord, RecordState, ResponseId, Timestamp};

/// The JSON object in `text`, if it is one.
fn object(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(text).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn timestamp(value: &Value) -> Option<Timestamp> {
    Timestamp::parse(value.as_str()?)
}

impl Draft {
    /// Reads a draft as [`Draft::to_json`] wrote it. `None` when it is not
    /// one (damaged, or from an unknown release).
    pub fn from_json(text: &str) -> Option<Draft> {
        let map = object(text)?;
        Some(Draft {
            survey_id: required(map.get("survey_id"), string)?,
            survey_version: required(map.get("survey_version"), string)?,
            response_id: required(map.get("response_id"), |v| ResponseId::parse(v.as_str()?))?,
            started_at: required(map.get("started_at"), timestamp)?,
            saved_at: required(map.get("saved_at"), timestamp)?,
            answers: required(map.get("answers"), answers)?,
            page: optional(map.get("page"), |v| usize::try_from(v.as_u64()?).ok())?,
        })
    }
}

fn answers(value: &Value) -> Option<Answers> {
    let mut answers = Answers::new();
    for (item, answer) in value.as_object()? {
        answers.set(item.clone(), self::answer(answer)?);
    }
    Some(answers)
}

/// An answer is an object with one key, the kind, as serde writes an
/// externally tagged enum.
fn answer(value: &Value) -> Option<Answer> {
    let map = value.as_object()?;
    let (kind, content) = match map.iter().next() {
        Some(entry) if map.len() == 1 => entry,
        _ => return None,
    };
    match kind.as_str() {
        "text" => Some(Answer::Text(string(content)?)),
        "choice" => {
            let fields = content.as_object()?;
            Some(Answer::Choice {
                code: required(fields.get("code"), string)?,
                other_detail: optional(fields.get("other_detail"), string)?,
            })
        }
        "choices" => {
            let fields = content.as_object()?;
            Some(Answer::Choices {
                codes: required(fields.get("codes"), |v| list(v, string))?,
                other_detail: optional(fields.get("other_detail"), string)?,
            })
        }
        "date" => {
            let fields = content.as_object()?;
            Some(Answer::Date {
                day: required(fields.get("day"), string)?,
                month: required(fields.get("month"), string)?,
                year: required(fields.get("year"), string)?,
            })
        }
        _ => None,
    }
}

impl OutboxRecord {
    /// The record as stored, read back by [`OutboxRecord::from_json`].
    pub fn to_json(&self) -> String {
        // A record is plain data (strings and integers); it always
        // serialises, so no error (and none of serde_json's error wording)
        // reaches the widget.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a record as the widget stored it (serde's JSON of the record).
    /// `None` when it is not one; the caller leaves it on the device.
    pub fn from_json(text: &str) -> Option<OutboxRecord> {
        let map = object(text)?;
        let state = match map.get("state")?.as_str()? {
            "waiting" => RecordState::Waiting,
            "sending" => RecordState::Sending,
            "rejected" => RecordState::Rejected,
            _ => return None,
        };
        Some(OutboxRecord {
            id: required(map.get("id"), string)?,
            endpoint: required(map.get("endpoint"), string)?,
            content_type: required(map.get("content_type"), string)?,
            body: required(map.get("body"), string)?,
            created_at: required(map.get("created_at"), whole)?,
            attempts: required(map.get("attempts"), length)?,
            last_error: optional(map.get("last_error"), string)?,
            next_attempt_at: required(map.get("next_attempt_at"), whole)?,
            state,
        })
    }
}
