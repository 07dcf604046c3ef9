// Shared by the data-driven test files; included with `include!` so that it
// is not compiled as a test crate of its own.

use std::path::{Path, PathBuf};

/// The JSON files in `dir` (relative to the engine crate), leaving out the
/// `.expected.json` files beside them, in name order.
pub(crate) fn json_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    files.sort();
    files
}
