//! The `heard-collector` binary itself, run as a child process.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use crate::support::{heard_response, request, temp_folder, ID};

const BINARY: &str = env!("CARGO_BIN_EXE_heard-collector");

#[test]
fn the_first_line_says_where_it_listens_and_the_log_never_holds_answers() {
    let folder = temp_folder();
    let mut child = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0", "--database"])
        .arg(folder.join("r.sqlite"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start heard-collector");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("first line");
    let addr = first
        .trim()
        .strip_prefix("heard-collector listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .parse()
        .expect("an address");
    let mut body = heard_response(ID);
    body["answers"][5]["text"] = serde_json::json!("SECRET-ANSWER-TEXT");
    body["context"] = serde_json::json!({"clinic": "SECRET-CONTEXT"});
    let reply =
        request(addr, "POST", "/responses?x=1", &[("Content-Type", "application/json")], body.to_string().as_bytes());
    assert_eq!(reply.status, 201, "{}", reply.body);
    request(addr, "GET", "/health", &[], b"");
    child.kill().expect("stop heard-collector");
    let mut log = String::new();
    child.stderr.take().expect("stderr").read_to_string(&mut log).expect("read the log");
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&folder);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].ends_with(&format!(" POST /responses 201 id={ID}")), "{log}");
    assert!(lines[1].ends_with(" GET /health 200 id=-"), "{log}");
    assert!(!log.contains("SECRET") && !log.contains("x=1"), "{log}");
}

#[test]
fn help_prints_the_flags_and_exits_successfully() {
    let output = Command::new(BINARY).arg("--help").output().expect("run heard-collector --help");
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for flag in ["--listen", "--database", "--allow-origin", "--max-body"] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
}

#[test]
fn a_postgres_database_is_refused_at_start_with_a_clear_message() {
    let output = Command::new(BINARY).args(["--database", "postgres://heard@db/heard"]).output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("postgres") && message.contains("SQLite"), "{message}");
}
