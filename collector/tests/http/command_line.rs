//! The `heard-collector` binary itself, run as a child process.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use heard_collector::EXPORT_TOKEN_ENV;

use crate::support::{heard_response, request, temp_folder, ID};

const BINARY: &str = env!("CARGO_BIN_EXE_heard-collector");

#[test]
fn the_first_line_says_where_it_listens_and_the_log_never_holds_answers() {
    let folder = temp_folder();
    let mut child = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0", "--database"])
        .arg(folder.join("r.sqlite"))
        .env_remove(EXPORT_TOKEN_ENV)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start heard-collector");
    let addr = listening_address(&mut child);
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
    for flag in ["--listen", "--database", "--allow-origin", "--max-body", "--export-token-file", "HEARD_EXPORT_TOKEN"]
    {
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

/// Waits for the first line of a started collector and reads the address
/// from it.
fn listening_address(child: &mut Child) -> SocketAddr {
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("first line");
    first
        .trim()
        .strip_prefix("heard-collector listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .parse()
        .expect("an address")
}

#[test]
fn the_token_in_the_environment_protects_the_exports() {
    let folder = temp_folder();
    let token = "a3f9c0d1e2b4a5968778695a4b3c2d1e";
    let mut child = Command::new(BINARY)
        .args(["--listen", "127.0.0.1:0", "--database"])
        .arg(folder.join("r.sqlite"))
        .env(EXPORT_TOKEN_ENV, format!("{token}\n"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start heard-collector");
    let addr = listening_address(&mut child);
    let refused = request(addr, "GET", "/responses.csv", &[], b"");
    let wrong =
        request(addr, "GET", "/responses.csv", &[("Authorization", "Bearer a3f9c0d1e2b4a5968778695a4b3c2d1f")], b"");
    let bearer = format!("Bearer {token}");
    let served = request(addr, "GET", "/responses.csv", &[("Authorization", &bearer)], b"");
    let health = request(addr, "GET", "/health", &[], b"");
    child.kill().expect("stop heard-collector");
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&folder);
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert_eq!(wrong.status, 401, "{}", wrong.body);
    assert_eq!(served.status, 200, "{}", served.body);
    assert!(served.body.starts_with("id,survey_id,"), "{}", served.body);
    assert_eq!(health.status, 200, "{}", health.body);
}

#[test]
fn a_public_address_without_a_token_is_refused_at_start() {
    let output = Command::new(BINARY)
        .args(["--listen", "0.0.0.0:0"])
        .env_remove(EXPORT_TOKEN_ENV)
        .output()
        .expect("run heard-collector");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty(), "it never listened: {}", String::from_utf8_lossy(&output.stdout));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("--listen 0.0.0.0:0 makes the collector reachable from other machines")
            && message.contains("--export-token-file <path> or HEARD_EXPORT_TOKEN"),
        "{message}"
    );
}

#[test]
fn a_short_token_in_the_environment_is_refused_at_start() {
    let output = Command::new(BINARY).env(EXPORT_TOKEN_ENV, "too-short").output().expect("run heard-collector");
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("HEARD_EXPORT_TOKEN holds an export token of 9 characters"), "{message}");
    assert!(!message.contains("too-short"), "the message never shows the token: {message}");
}
