//! Data-driven tests of the runtime: a valid definition plus scripted answers.
//!
//! Each `fixtures/scenarios/<case>.json` names a definition in
//! `fixtures/definitions/valid/` and gives raw answers (in the same form the
//! widget stores as a draft). The test works out what the engine decides —
//! visibility, navigation, progress, validation messages, the summary and the
//! response JSON — and compares each of those aspects with its own snapshot,
//! `fixtures/scenarios/snapshots/<case>/<aspect>.snap`, so that an engine
//! change rewrites only the aspects it changed and each can be reviewed on
//! its own.
//!
//! The snapshots are [insta] files rather than `expect-test` ones: the cases
//! are a folder of data, not code, and insta's named file snapshots fit that
//! (expect-test's `expect_file!` wants a literal path per call site); insta
//! also keeps a changed snapshot aside as `<aspect>.snap.new` for review
//! instead of overwriting it, and refuses to write anything when `CI` is set.
//!
//! To accept deliberate changes, either review them one by one:
//!
//! ```sh
//! cargo install cargo-insta   # once
//! cargo insta test -p heard-engine --test scenarios --review
//! ```
//!
//! or rewrite them in place and review the diff with git:
//!
//! ```sh
//! INSTA_UPDATE=always cargo test -p heard-engine --test scenarios
//! git diff crates/engine/tests/fixtures/scenarios/snapshots
//! ```
//!
//! A new scenario needs its snapshots written the same way. With `CI` set (as
//! in `.ci/run`), a missing or different snapshot fails the test and nothing
//! is written; the test also refuses the settings that would let CI accept
//! snapshots by itself.
//!
//! [insta]: https://insta.rs

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use heard_engine::{parse_survey, Answers, ResponseId, ResponseMeta, Timestamp};
use serde_json::{json, Map, Value};

fn run(case: &Path) -> Value {
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(case).expect("read")).expect("scenario JSON");
    let definition_file = scenario["definition"].as_str().expect("definition name");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/definitions/valid");
    let survey = parse_survey(&std::fs::read_to_string(dir.join(definition_file)).expect("read definition"))
        .unwrap_or_else(|e| panic!("{e}"));
    let answers: Answers = serde_json::from_value(scenario["answers"].clone()).expect("answers");
    let locale = scenario["locale"].as_str().unwrap_or("en");

    let visibility = survey.visibility(&answers);
    let visible_pages = visibility.visible_pages();
    let mut visible_items = Map::new();
    let mut next = Map::new();
    let mut previous = Map::new();
    let mut progress = Map::new();
    let mut page_issues = Map::new();
    for &p in &visible_pages {
        let page_id = survey.pages()[p].id.clone();
        visible_items.insert(
            page_id.clone(),
            json!(survey.visible_items(p, &answers).iter().map(|i| &i.id).collect::<Vec<_>>()),
        );
        next.insert(page_id.clone(), json!(survey.next_page(p, &answers)));
        previous.insert(page_id.clone(), json!(survey.previous_page(p, &answers)));
        let pr = survey.progress(p, &answers);
        progress.insert(page_id.clone(), json!(format!("{} of {} ({:.2})", pr.position, pr.total, pr.fraction)));
        let issues: Vec<Value> = survey
            .validate_page_in(p, &answers, locale)
            .into_iter()
            .map(|i| json!({"item_id": i.item_id, "field": i.field, "kind": i.kind, "message": i.message}))
            .collect();
        if !issues.is_empty() {
            page_issues.insert(page_id, Value::Array(issues));
        }
    }
    let summary: Vec<String> = survey
        .summary(&answers, locale)
        .into_iter()
        .map(|r| format!("[page {}] {} | {}: {}", r.page_index, r.item_id, r.question, r.answer))
        .collect();
    let meta = ResponseMeta {
        id: ResponseId::from_random_bytes([0x5a; 16]),
        started_at: Timestamp::from_unix_millis(1_795_435_200_000),
        submitted_at: Timestamp::from_unix_millis(1_795_435_321_500),
        locale: locale.to_owned(),
        context: json!({"site": "test-clinic"}).as_object().cloned().unwrap_or_default(),
    };
    let response = match survey.build_response(&answers, meta) {
        Ok(response) => {
            let value = serde_json::to_value(&response).expect("response JSON");
            let back: heard_engine::Response = serde_json::from_value(value.clone()).expect("response reads back");
            assert_eq!(back, response, "response must round-trip through serde");
            value
        }
        Err(issues) => {
            json!({"not built": issues.iter().map(|i| format!("{}: {}", i.item_id, i.message)).collect::<Vec<_>>()})
        }
    };
    json!({
        "visible_pages": visible_pages.iter().map(|&p| &survey.pages()[p].id).collect::<Vec<_>>(),
        "first_page": survey.first_page(&answers),
        "last_page": survey.last_page(&answers),
        "first_page_with_issues": survey.first_page_with_issues(&answers),
        "visible_items": visible_items,
        "next_page": next,
        "previous_page": previous,
        "progress": progress,
        "issues_by_page": page_issues,
        "summary": summary,
        "response": response,
    })
}

/// The aspects `run` works out, each kept in its own snapshot.
const ASPECTS: [&str; 11] = [
    "visible_pages",
    "first_page",
    "last_page",
    "first_page_with_issues",
    "visible_items",
    "next_page",
    "previous_page",
    "progress",
    "issues_by_page",
    "summary",
    "response",
];

/// Whether insta takes this run for CI; the same reading of `CI` as insta's.
fn on_ci() -> bool {
    match std::env::var("CI").ok().as_deref() {
        None => std::env::var_os("TF_BUILD").is_some(),
        Some(value) => !matches!(value, "" | "0" | "false"),
    }
}

/// On CI, a snapshot must be compared, never written. insta already behaves
/// so with `CI` set and `INSTA_UPDATE` unset ("auto"); these settings would
/// override that and let a missing or changed snapshot pass.
fn refuse_writing_snapshots_on_ci() {
    if !on_ci() {
        return;
    }
    let update = std::env::var("INSTA_UPDATE").unwrap_or_default();
    assert!(
        matches!(update.as_str(), "" | "auto" | "no"),
        "INSTA_UPDATE={update} would accept snapshots on CI without review; unset it"
    );
    assert!(
        std::env::var_os("INSTA_FORCE_PASS").is_none(),
        "INSTA_FORCE_PASS would let a snapshot mismatch pass on CI; unset it"
    );
}

#[test]
fn every_scenario_gives_its_expected_visibility_navigation_issues_summary_and_response() {
    refuse_writing_snapshots_on_ci();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 file name");
        let actual = run(case);
        let mut unchecked: Vec<&String> = actual.as_object().expect("an object").keys().collect();
        unchecked.retain(|k| !ASPECTS.contains(&k.as_str()));
        assert!(unchecked.is_empty(), "aspects without a snapshot: {unchecked:?}");

        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(format!("fixtures/scenarios/snapshots/{name}"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.set_input_file(case);
        for aspect in ASPECTS {
            let text = serde_json::to_string_pretty(&actual[aspect]).expect("JSON");
            // insta stops at the first mismatch by panicking; catching it here
            // lets one run report (and, when updating, write) every changed
            // aspect of every scenario.
            let compared = catch_unwind(AssertUnwindSafe(|| {
                settings.bind(|| insta::assert_snapshot!(aspect, text));
            }));
            if compared.is_err() {
                failures.push(format!("{name}/{aspect}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "these snapshots are missing or differ: {}\n\nSee this file's module documentation to accept deliberate changes.",
        failures.join(", ")
    );
}
