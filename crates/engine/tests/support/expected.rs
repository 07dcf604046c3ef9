// Shared by the data-driven test files; included with `include!` so that it
// is not compiled as a test crate of its own.

use std::path::Path;

use serde_json::Value;

/// Compares `actual` with the expected file next to `case`, or writes it when
/// updating. Returns a description of the mismatch, if any.
pub(crate) fn compare_with_expected(case: &Path, actual: &Value) -> Option<String> {
    let expected_path = case.with_extension("expected.json");
    let pretty = serde_json::to_string_pretty(actual).expect("JSON") + "\n";
    if std::env::var_os("HEARD_UPDATE_FIXTURES").is_some() {
        std::fs::write(&expected_path, pretty).expect("write expected file");
        return None;
    }
    let expected_text = std::fs::read_to_string(&expected_path).unwrap_or_default();
    let expected: Value = serde_json::from_str(&expected_text).unwrap_or(Value::Null);
    (expected != *actual).then(|| {
        format!(
            "{} does not match {}.\n--- actual ---\n{pretty}--- expected ---\n{expected_text}",
            case.display(),
            expected_path.display()
        )
    })
}

