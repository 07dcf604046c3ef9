//! Canonical JSON: one spelling for each JSON value, so that two bodies that
//! mean the same thing compare equal.
//!
//! A browser retrying a response may serialise it with its keys in another
//! order or with other whitespace. Idempotency must treat that as the same
//! response, so bodies are stored and hashed in canonical form: object keys
//! sorted by their UTF-8 bytes, no whitespace, strings and numbers written as
//! `serde_json` writes them.
//!
//! The keys are sorted here rather than relying on `serde_json::Map` being a
//! `BTreeMap`: any crate in a build may switch on `serde_json`'s
//! `preserve_order` feature, which would silently keep the sender's order.
//!
//! ```
//! # use serde_json::json;
//! # use heard_collector::canonical_json;
//! assert_eq!(canonical_json(&json!({"b": [1, {"d": 2, "c": 3}], "a": "x"})),
//!            r#"{"a":"x","b":[1,{"c":3,"d":2}]}"#);
//! ```

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Writes `value` in canonical form: sorted keys, no whitespace.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.push('{');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_scalar(&Value::String(key.clone()), out);
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => write_scalar(scalar, out),
    }
}

/// Strings, numbers, booleans and null have one compact spelling already;
/// `serde_json` writes it.
fn write_scalar(value: &Value, out: &mut String) {
    out.push_str(&value.to_string());
}

/// The SHA-256 of `canonical`, as 64 lowercase hex digits.
pub fn body_hash(canonical: &str) -> String {
    let digest = Sha256::digest(canonical.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).expect("test JSON")
    }

    #[test]
    fn key_order_and_whitespace_do_not_change_the_canonical_form() {
        let a = parse(r#"{"id": "x", "answers": [{"item": "q1", "code": "yes"}], "n": 1.5}"#);
        let b = parse("{\n  \"n\":1.5,\"answers\":[ {\"code\":\"yes\",\"item\":\"q1\"} ],\n\"id\":\"x\"}");
        assert_eq!(canonical_json(&a), canonical_json(&b));
        assert_eq!(body_hash(&canonical_json(&a)), body_hash(&canonical_json(&b)));
    }

    #[test]
    fn array_order_matters() {
        assert_ne!(canonical_json(&json!([1, 2])), canonical_json(&json!([2, 1])));
    }

    #[test]
    fn nested_objects_are_sorted_too() {
        assert_eq!(canonical_json(&json!({"z": {"b": null, "a": true}})), r#"{"z":{"a":true,"b":null}}"#);
    }

    #[test]
    fn strings_are_escaped_as_json() {
        assert_eq!(canonical_json(&json!({"a\"b": "line\nnext"})), r#"{"a\"b":"line\nnext"}"#);
    }

    #[test]
    fn keys_are_sorted_by_bytes_not_by_letters() {
        // Upper case sorts before lower case, and "é" after "z", as in
        // UTF-8; a locale-aware sort would disagree.
        assert_eq!(canonical_json(&json!({"é": 1, "z": 2, "B": 3, "a": 4})), r#"{"B":3,"a":4,"z":2,"é":1}"#);
    }

    #[test]
    fn the_hash_is_sha_256_in_lowercase_hex() {
        assert_eq!(body_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(body_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
