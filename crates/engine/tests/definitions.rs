//! Data-driven tests of definition checking.
//!
//! Every `fixtures/definitions/invalid/<case>.json` must fail to load with
//! exactly the problems in `<case>.expected.json` (path, question id, kind
//! and the exact message). Every `fixtures/definitions/valid/*.json` must load.
//!
//! To write the expected files from the current output after a deliberate
//! change, run with `HEARD_UPDATE_FIXTURES=1` and review the diff.

use std::path::PathBuf;

use heard_engine::{parse_survey, Problem};
use serde_json::{json, Value};

mod support {
    include!("support/expected.rs");
}
mod files {
    include!("support/files.rs");
}
use support::compare_with_expected;

fn fixtures(dir: &str) -> Vec<PathBuf> {
    files::json_files(&format!("tests/fixtures/{dir}"))
}

fn problem_json(problem: &Problem) -> Value {
    json!({
        "path": problem.path,
        "item_id": problem.item_id,
        "kind": format!("{:?}", problem.kind),
        "message": problem.message,
    })
}

#[test]
fn every_invalid_definition_reports_exactly_its_expected_problems() {
    let cases = fixtures("definitions/invalid");
    assert!(cases.len() >= 10, "expected many invalid cases, found {}", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let json = std::fs::read_to_string(&case).expect("read case");
        let actual = match parse_survey(&json) {
            Ok(_) => json!("loaded without problems"),
            Err(error) => Value::Array(error.problems.iter().map(problem_json).collect()),
        };
        failures.extend(compare_with_expected(&case, &actual));
    }
    assert!(
        failures.is_empty(),
        "{}\n\nRun with HEARD_UPDATE_FIXTURES=1 to accept deliberate changes.",
        failures.join("\n\n")
    );
}

#[test]
fn every_valid_definition_loads() {
    for case in fixtures("definitions/valid") {
        let json = std::fs::read_to_string(&case).expect("read case");
        if let Err(error) = parse_survey(&json) {
            panic!("{} should load, but: {error}", case.display());
        }
    }
}

#[test]
fn a_definition_error_lists_every_problem_with_its_place() {
    let error =
        parse_survey(r#"{"id": "s1", "version": "1", "title": "T", "privacy_notice": "P", "pages": [], "colour": 1}"#)
            .expect_err("invalid");
    assert_eq!(
        error.to_string(),
        "The survey `s1` has 2 problems:\n\
         - /colour: `colour` is not a field of the survey. Remove it, or use one of: `id`, `version`, `default_language`, `title`, `description`, `privacy_notice`, `pages`.\n\
         - /pages: The survey `s1` has no pages. Add at least one page, with at least one question, to `pages`."
    );
}
