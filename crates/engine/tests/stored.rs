//! The hand-written readers of stored drafts and outbox records against
//! serde's derive.
//!
//! The widget reads what it stored with `Draft::from_json` and
//! `OutboxRecord::from_json` (see `src/stored.rs` for why not serde), which
//! must read back exactly what the widget wrote, and must agree with serde
//! on anything else of the same shape: every object in the stored JSON with
//! each of its fields removed, or replaced by each kind of JSON value.
//! serde is the oracle here, so the derives stay the format's description.

use std::fmt::Debug;

use heard_engine::{Answer, Answers, Draft, OutboxRecord, RecordState, ResponseId, Timestamp};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// Every single corruption of `value`: at every object anywhere in it, each
/// key removed, and each key's value replaced by each kind of JSON value.
fn corruptions(value: &Value) -> Vec<Value> {
    let kinds = [
        Value::Null,
        json!(true),
        json!(7),
        json!(-7),
        json!(7.5),
        json!(4_294_967_296u64),
        json!("text"),
        json!([]),
        json!({}),
    ];
    let mut out = Vec::new();
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let mut without = map.clone();
                without.remove(key);
                out.push(Value::Object(without));
                for kind in &kinds {
                    let mut changed = map.clone();
                    changed.insert(key.clone(), kind.clone());
                    out.push(Value::Object(changed));
                }
                for deeper in corruptions(inner) {
                    let mut changed = map.clone();
                    changed.insert(key.clone(), deeper);
                    out.push(Value::Object(changed));
                }
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                for deeper in corruptions(inner) {
                    let mut changed = items.clone();
                    changed[i] = deeper;
                    out.push(Value::Array(changed));
                }
            }
        }
        _ => {}
    }
    out
}

fn agree<T: DeserializeOwned + PartialEq + Debug>(text: &str, read: fn(&str) -> Option<T>) -> Result<(), String> {
    let ours = read(text);
    let serde = serde_json::from_str::<T>(text).ok();
    if ours == serde {
        Ok(())
    } else {
        Err(format!("reading {text}\n  serde:  {serde:?}\n  reader: {ours:?}"))
    }
}

fn answer() -> impl Strategy<Value = Answer> {
    let text = "[a-z0-9 ]{0,8}";
    let detail = proptest::option::of(text);
    prop_oneof![
        (text, detail.clone()).prop_map(|(code, other_detail)| Answer::Choice { code, other_detail }),
        (proptest::collection::vec(text, 0..3), detail)
            .prop_map(|(codes, other_detail)| Answer::Choices { codes, other_detail }),
        text.prop_map(Answer::Text),
        (text, text, text).prop_map(|(day, month, year)| Answer::Date { day, month, year }),
    ]
}

fn draft() -> impl Strategy<Value = Draft> {
    (
        "[a-z]{1,6}",
        "[0-9.]{1,5}",
        any::<[u8; 16]>(),
        0i64..4_000_000_000_000,
        proptest::collection::btree_map("q[0-9]{1,2}", answer(), 0..4),
        proptest::option::of(0usize..20),
    )
        .prop_map(|(survey_id, survey_version, id, millis, given, page)| {
            let mut answers = Answers::new();
            for (item, answer) in given {
                answers.set(item, answer);
            }
            Draft {
                survey_id,
                survey_version,
                response_id: ResponseId::from_random_bytes(id),
                started_at: Timestamp::from_unix_millis(millis),
                saved_at: Timestamp::from_unix_millis(millis + 1234),
                answers,
                page,
            }
        })
}

fn record() -> impl Strategy<Value = OutboxRecord> {
    (
        any::<[u8; 16]>(),
        "[a-z:/.]{1,20}",
        any::<i64>(),
        any::<u32>(),
        proptest::option::of("[a-zA-Z0-9 ]{0,20}"),
        any::<i64>(),
        prop_oneof![Just(RecordState::Waiting), Just(RecordState::Sending), Just(RecordState::Rejected)],
    )
        .prop_map(|(id, endpoint, created_at, attempts, last_error, next_attempt_at, state)| OutboxRecord {
            id: ResponseId::from_random_bytes(id).to_string(),
            endpoint,
            content_type: "application/json".to_owned(),
            body: r#"{"a":1}"#.to_owned(),
            created_at,
            attempts,
            last_error,
            next_attempt_at,
            state,
        })
}

proptest! {
    #[test]
    fn a_stored_draft_reads_back_as_it_was_and_as_serde_reads_it(draft in draft()) {
        let text = draft.to_json();
        prop_assert_eq!(Draft::from_json(&text), Some(draft));
        let value: Value = serde_json::from_str(&text).unwrap();
        for corrupted in corruptions(&value) {
            if let Err(why) = agree::<Draft>(&corrupted.to_string(), Draft::from_json) {
                prop_assert!(false, "{}", why);
            }
        }
    }

    #[test]
    fn a_stored_record_reads_back_as_it_was_and_as_serde_reads_it(record in record()) {
        let text = record.to_json();
        prop_assert_eq!(OutboxRecord::from_json(&text), Some(record));
        let value: Value = serde_json::from_str(&text).unwrap();
        for corrupted in corruptions(&value) {
            if let Err(why) = agree::<OutboxRecord>(&corrupted.to_string(), OutboxRecord::from_json) {
                prop_assert!(false, "{}", why);
            }
        }
    }
}

#[test]
fn text_that_is_not_a_stored_object_is_refused() {
    for text in ["", "null", "[]", "7", "\"draft\"", "{not json"] {
        assert_eq!(Draft::from_json(text), None, "{text}");
        assert_eq!(OutboxRecord::from_json(text), None, "{text}");
    }
}
