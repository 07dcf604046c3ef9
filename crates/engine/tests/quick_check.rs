//! The quick check: the engine as the survey bundle builds it, without the
//! `explain` feature, so without the words for definition problems.
//!
//! It must refuse exactly what the full checker refuses, finding the same
//! problems (place, question and kind) in the same order. The oracle is
//! the reviewed problem lists in `fixtures/definitions/invalid/*.expected.json`,
//! which the full checker is held to by `tests/definitions.rs`; here only
//! the words are left out. Every valid fixture, scenario and example survey
//! must load.
//!
//! Run by `./run test` as its own stage:
//! `cargo test -p heard-engine --no-default-features --test quick_check`.
//! Built with `explain` (as `cargo test --workspace --all-features` does),
//! this file is empty.
#![cfg(not(feature = "explain"))]

use heard_engine::parse_survey;
use serde_json::{json, Value};

mod files {
    include!("support/files.rs");
}
use files::json_files;

/// A problem as the quick check can know it: everything but the words.
fn place(path: &Value, item_id: &Value, kind: &Value) -> Value {
    json!({ "path": path, "item_id": item_id, "kind": kind })
}

#[test]
fn the_quick_check_has_no_words() {
    let error = parse_survey(r#"{"id":"s","version":"1","title":"T","privacy_notice":"P","pages":[],"colour":1}"#)
        .expect_err("two problems");
    assert!(error.problems.iter().all(|p| p.message.is_empty()), "{:?}", error.problems);
    // Without words, the summary still names the survey, each place and each kind.
    assert_eq!(error.to_string(), "The survey `s` has 2 problems:\n- /colour: UnknownField\n- /pages: NoPages");
}

#[test]
fn the_quick_check_finds_the_reviewed_problems_of_every_invalid_definition() {
    let cases = json_files("tests/fixtures/definitions/invalid");
    assert!(cases.len() >= 10, "expected many invalid cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case).expect("read case");
        let expected_file = case.with_extension("expected.json");
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_file).expect("read expected")).expect("expected");
        let expected: Vec<Value> = match expected.as_array() {
            Some(problems) => problems.iter().map(|p| place(&p["path"], &p["item_id"], &p["kind"])).collect(),
            None => panic!("{} is not a list of problems", expected_file.display()),
        };
        let actual: Vec<Value> = match parse_survey(&text) {
            Ok(_) => Vec::new(),
            Err(error) => error
                .problems
                .iter()
                .map(|p| place(&json!(p.path), &json!(p.item_id), &json!(format!("{:?}", p.kind))))
                .collect(),
        };
        if actual != expected {
            failures.push(format!(
                "{}\n  expected: {}\n  quick:    {}",
                case.display(),
                Value::Array(expected),
                Value::Array(actual)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_quick_check_accepts_every_valid_definition_and_example_survey() {
    let mut files = json_files("tests/fixtures/definitions/valid");
    files.extend(json_files("../../public/surveys"));
    assert!(files.len() >= 4, "expected the valid fixtures and the example surveys, found {}", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        if let Err(error) = parse_survey(&text) {
            panic!("{} should load, but: {error}", file.display());
        }
    }
}
