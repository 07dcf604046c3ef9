//! Heard's FHIR oracle: no code, only tests (`tests/r4.rs`).
//!
//! heard-engine exports survey responses as FHIR R4 QuestionnaireResponses.
//! Its own tests check them with rules written beside the exporter. This
//! crate checks the same output against a FHIR model maintained apart from
//! Heard: every `*.expected.json` under `crates/engine/tests/fixtures/fhir/`
//! must deserialize into fhirbolt's R4 `QuestionnaireResponse` in strict
//! mode. heard-engine's tests keep those files equal to what the exporter
//! writes, so together the two say "the exporter writes valid R4".
//!
//! Run with `cargo test --manifest-path crates/fhir-oracle/Cargo.toml`
//! (`./run test` does).
