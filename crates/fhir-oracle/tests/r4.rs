//! Every QuestionnaireResponse fixture of heard-engine, read by fhirbolt's
//! R4 model in strict mode, which refuses elements R4 does not define,
//! values of the wrong type and missing required elements. fhirbolt does not
//! check codes against their value sets or the format of dates, so a
//! misspelt `status` code or an `authored` of "yesterday" passes here;
//! heard-engine's structure rules check those two.

use std::path::{Path, PathBuf};

use fhirbolt::model::r4::resources::QuestionnaireResponse;
use fhirbolt::serde::{DeserializationConfig, DeserializationMode};
use serde_json::{json, Value};

/// Reads `text` as an R4 QuestionnaireResponse in strict mode.
fn read_as_r4(text: &str) -> Result<QuestionnaireResponse, String> {
    let strict = DeserializationConfig { mode: DeserializationMode::Strict };
    fhirbolt::json::from_str::<QuestionnaireResponse>(text, Some(strict)).map_err(|e| e.to_string())
}

/// Every `*.expected.json` under heard-engine's FHIR fixtures, in order.
fn exported_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.to_string_lossy().ends_with(".expected.json") {
                found.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/fixtures/fhir");
    let mut found = Vec::new();
    walk(&root, &mut found);
    found.sort();
    found
}

#[test]
fn every_questionnaire_response_heard_exports_is_valid_r4_in_strict_mode() {
    let files = exported_files();
    // The two response fixtures and the scenarios that build a response.
    assert!(files.len() >= 6, "only {} exported files found: {files:?}", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).expect("an exported file");
            read_as_r4(&text).err().map(|e| format!("{}: {e}", path.display()))
        })
        .collect();
    assert!(failures.is_empty(), "not valid R4:\n{}", failures.join("\n"));
}

/// A way to break an exported file, and what it breaks.
type Corruption = (&'static str, fn(&mut Value));

/// The oracle must be able to say no, or the test above proves nothing.
#[test]
fn a_corrupted_export_is_refused() {
    let first = &exported_files()[0];
    let good: Value = serde_json::from_str(&std::fs::read_to_string(first).expect("a file")).expect("JSON");
    assert!(read_as_r4(&good.to_string()).is_ok());
    let corruptions: [Corruption; 7] = [
        ("an element R4 does not define", |qr| qr["colour"] = json!("blue")),
        ("an unknown element in an answer", |qr| qr["item"][0]["item"][0]["answer"][0]["valueColour"] = json!("blue")),
        ("a status that is not a string", |qr| qr["status"] = json!(42)),
        ("no status, which R4 requires", |qr| {
            qr.as_object_mut().expect("an object").remove("status");
        }),
        ("a group without its linkId", |qr| {
            qr["item"][0].as_object_mut().expect("an object").remove("linkId");
        }),
        ("a list of identifiers, as R5 has", |qr| qr["identifier"] = json!([qr["identifier"].clone()])),
        ("another resource type", |qr| qr["resourceType"] = json!("Questionnaire")),
    ];
    for (what, corrupt) in corruptions {
        let mut bad = good.clone();
        corrupt(&mut bad);
        assert!(read_as_r4(&bad.to_string()).is_err(), "fhirbolt accepted {what}: {bad}");
    }
}
