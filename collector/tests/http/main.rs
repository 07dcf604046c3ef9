//! The collector over real HTTP on 127.0.0.1: each test starts its own
//! server on a free port with its own SQLite file.
//!
//! One test binary with modules, rather than one per file, so that the
//! server and its dependencies are linked once.

mod command_line;
mod cors;
mod export_token;
mod exports;
mod fhir;
mod idempotency;
mod rejections;
mod storage;
mod support;
