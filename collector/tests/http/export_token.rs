//! The export token: with one set, the exports answer only requests that
//! carry it; posting and `/health` stay open.

use crate::support::{heard_response, other_id, parse_csv, Reply, TestServer, ID};

const TOKEN: &str = "4f1c2a9e7b3d5f60a8c1e2d3b4a59687";
const EXPORTS: [&str; 2] = ["/responses.csv", "/responses.ndjson"];

fn server_with_a_token() -> TestServer {
    let server = TestServer::start_with(|config| config.export_token(TOKEN));
    assert_eq!(server.post_json(&heard_response(ID)).status, 201, "posting needs no token");
    server
}

fn get_with(server: &TestServer, path: &str, authorization: &str) -> Reply {
    server.request("GET", path, &[("Authorization", authorization)], b"")
}

/// The exports are the only way to read answers back, so a refusal must not
/// carry any of them.
fn assert_holds_no_answers(reply: &Reply) {
    assert!(!reply.body.contains(ID) && !reply.body.contains("very_good"), "{}", reply.body);
}

#[test]
fn exports_without_an_authorization_header_are_refused_with_a_bearer_challenge() {
    let server = server_with_a_token();
    for path in EXPORTS {
        let reply = server.get(path);
        reply.assert_refused(401, "missing_export_token", "Authorization: Bearer <token>");
        assert_eq!(reply.header("www-authenticate"), Some("Bearer realm=\"heard-collector\""), "{path}");
        assert!(reply.header("content-type").is_some_and(|t| t.starts_with("application/json")), "{path}");
        assert_holds_no_answers(&reply);
    }
}

#[test]
fn exports_with_a_wrong_token_are_refused() {
    let server = server_with_a_token();
    let almost = &TOKEN[..TOKEN.len() - 1];
    let wrong = [format!("Bearer {almost}"), format!("Bearer {TOKEN}x"), "Bearer 0000000000000000".to_owned()];
    for path in EXPORTS {
        for authorization in &wrong {
            let reply = get_with(&server, path, authorization);
            reply.assert_refused(401, "wrong_export_token", "not this collector's");
            assert!(
                reply
                    .header("www-authenticate")
                    .is_some_and(|c| c.starts_with("Bearer ") && c.contains("invalid_token")),
                "{:?}",
                reply.headers
            );
            assert_holds_no_answers(&reply);
        }
    }
}

#[test]
fn the_token_in_another_scheme_is_not_accepted() {
    let server = server_with_a_token();
    for authorization in [TOKEN.to_owned(), format!("Basic {TOKEN}"), "Bearer".to_owned()] {
        let reply = get_with(&server, "/responses.csv", &authorization);
        reply.assert_refused(401, "missing_export_token", "Bearer");
        assert!(reply.header("www-authenticate").is_some_and(|c| c.starts_with("Bearer")), "{authorization}");
    }
}

#[test]
fn exports_with_the_right_token_are_served() {
    let server = server_with_a_token();
    assert_eq!(server.post_json(&heard_response(&other_id(1))).status, 201);
    let csv = get_with(&server, "/responses.csv", &format!("Bearer {TOKEN}"));
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")), "{:?}", csv.headers);
    assert_eq!(csv.header("www-authenticate"), None);
    let records = parse_csv(&csv.body);
    assert_eq!(records.len(), 3);
    assert_eq!(records[1][0], ID);
    assert_eq!(records[2][0], other_id(1));
    // The scheme name is case-insensitive (RFC 9110).
    let ndjson = get_with(&server, "/responses.ndjson", &format!("bearer {TOKEN}"));
    assert_eq!(ndjson.status, 200, "{}", ndjson.body);
    assert!(ndjson.header("content-type").is_some_and(|t| t.starts_with("application/x-ndjson")));
    let lines: Vec<serde_json::Value> =
        ndjson.body.lines().map(|line| serde_json::from_str(line).expect("NDJSON line")).collect();
    assert_eq!(lines, [heard_response(ID), heard_response(&other_id(1))]);
}

#[test]
fn posting_and_health_need_no_token() {
    let server = server_with_a_token();
    assert_eq!(server.post_json(&heard_response(&other_id(2))).status, 201);
    assert_eq!(server.post_json(&heard_response(&other_id(2))).status, 200, "a replay is still acknowledged");
    let health = server.get("/health");
    assert_eq!(health.status, 200, "{}", health.body);
    assert_eq!(health.header("www-authenticate"), None);
    assert_eq!(server.counts(), (2, 1));
}

#[test]
fn without_a_token_the_exports_need_no_header() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    for path in EXPORTS {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        assert!(reply.body.contains(ID), "{path}: {}", reply.body);
    }
}
