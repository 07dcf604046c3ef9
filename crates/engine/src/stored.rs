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
use crate::{Answers, Draft, OutboxRecord, RecordState, ResponseId, Timestamp};

/// The JSON object in `text`, if it is one.
fn object(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str(text).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn string(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key)?.as_str().map(str::to_owned)
}

/// An `Option<String>` field: missing and `null` are `None`.
fn optional_string(map: &Map<String, Value>, key: &str) -> Option<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(Value::String(s)) => Some(Some(s.clone())),
        Some(_) => None,
    }
}

/// A whole number that fits an `i64`; `5.0` is not whole to serde.
fn integer(map: &Map<String, Value>, key: &str) -> Option<i64> {
    map.get(key)?.as_i64()
}

fn count(map: &Map<String, Value>, key: &str) -> Option<u32> {
    u32::try_from(map.get(key)?.as_u64()?).ok()
}

fn timestamp(map: &Map<String, Value>, key: &str) -> Option<Timestamp> {
    Timestamp::parse(map.get(key)?.as_str()?)
}

impl Draft {
    /// Reads a draft as [`Draft::to_json`] wrote it. `None` when it is not
    /// one (damaged, or from an unknown release).
    pub fn from_json(text: &str) -> Option<Draft> {
        let map = object(text)?;
        let page = match map.get("page") {
            None | Some(Value::Null) => None,
            Some(value) => Some(usize::try_from(value.as_u64()?).ok()?),
        };
        Some(Draft {
            survey_id: string(&map, "survey_id")?,
            survey_version: string(&map, "survey_version")?,
            response_id: ResponseId::parse(map.get("response_id")?.as_str()?)?,
            started_at: timestamp(&map, "started_at")?,
            saved_at: timestamp(&map, "saved_at")?,
            answers: answers(map.get("answers")?)?,
            page,
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
        "text" => Some(Answer::Text(content.as_str()?.to_owned())),
        "choice" => {
            let fields = content.as_object()?;
            Some(Answer::Choice {
                code: string(fields, "code")?,
                other_detail: optional_string(fields, "other_detail")?,
            })
        }
        "choices" => {
            let fields = content.as_object()?;
            let codes = fields.get("codes")?.as_array()?;
            let codes = codes.iter().map(|c| c.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>()?;
            Some(Answer::Choices { codes, other_detail: optional_string(fields, "other_detail")? })
        }
        "date" => {
            let fields = content.as_object()?;
            Some(Answer::Date {
                day: string(fields, "day")?,
                month: string(fields, "month")?,
                year: string(fields, "year")?,
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
            id: string(&map, "id")?,
            endpoint: string(&map, "endpoint")?,
            content_type: string(&map, "content_type")?,
            body: string(&map, "body")?,
            created_at: integer(&map, "created_at")?,
            attempts: count(&map, "attempts")?,
            last_error: optional_string(&map, "last_error")?,
            next_attempt_at: integer(&map, "next_attempt_at")?,
            state,
        })
    }
}
