//! The committed JSON Schemas must match the types they describe.
//!
//! Co-designers' editors validate survey files against
//! `public/schema/survey.schema.json`, and backends validate what Heard
//! posts against `public/schema/response.schema.json`. These tests
//! regenerate both from the types and fail when a committed copy is stale.
//! To refresh them, run:
//!
//! ```text
//! HEARD_UPDATE_SCHEMA=1 cargo test -p heard-engine --features schema --test schema
//! ```
#![cfg(feature = "schema")]

use std::path::Path;

fn check(file: &str, schema: schemars::Schema) {
    let generated = serde_json::to_string_pretty(&schema).expect("schema is JSON") + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/schema").join(file);
    if std::env::var_os("HEARD_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale or missing. Refresh it with:\n\n    HEARD_UPDATE_SCHEMA=1 cargo test -p heard-engine --features schema --test schema\n",
        path.display()
    );
}

#[test]
fn committed_json_schema_matches_the_definition_types() {
    check("survey.schema.json", schemars::schema_for!(heard_engine::Definition));
}

#[test]
fn committed_response_schema_matches_the_response_types() {
    check("response.schema.json", schemars::schema_for!(heard_engine::Response));
}
