//! Data-driven tests of the runtime: a valid definition plus scripted answers.
//!
//! Each `fixtures/scenarios/<case>.json` names a definition in
//! `fixtures/definitions/valid/` and gives raw answers (in the same form the
//! widget stores as a draft). The test works out what the engine decides —
//! visibility, navigation, progress, validation messages, the summary and the
//! response JSON — and compares it with `<case>.expected.json`.
//!
//! To accept deliberate changes, run with `HEARD_UPDATE_FIXTURES=1` and review
//! the diff.

use std::path::Path;

use heard_engine::{parse_survey, Answers, ResponseId, ResponseMeta, Timestamp};
use serde_json::{json, Map, Value};

mod definitions_support {
    include!("support/expected.rs");
}

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

#[test]
fn every_scenario_gives_its_expected_visibility_navigation_issues_summary_and_response() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .expect("scenarios")
        .map(|e| e.expect("entry").path())
        .filter(|p| !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    let failures: Vec<String> =
        cases.iter().filter_map(|case| definitions_support::compare_with_expected(case, &run(case))).collect();
    assert!(
        failures.is_empty(),
        "{}\n\nRun with HEARD_UPDATE_FIXTURES=1 to accept deliberate changes.",
        failures.join("\n\n")
    );
}
