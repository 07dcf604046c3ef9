//! The committed JSON Schema must match the definition types.
//!
//! Co-designers' editors validate survey files against
//! `public/schema/survey.schema.json`. This test regenerates it from the
//! types and fails when the committed copy is stale. To refresh it, run:
//!
//! ```text
//! HEARD_UPDATE_SCHEMA=1 cargo test -p heard-engine --features schema --test schema
//! ```
#![cfg(feature = "schema")]

use std::path::Path;

#[test]
fn committed_json_schema_matches_the_definition_types() {
    let schema = schemars::schema_for!(heard_engine::Definition);
    let generated = serde_json::to_string_pretty(&schema).expect("schema is JSON") + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/schema/survey.schema.json");
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
