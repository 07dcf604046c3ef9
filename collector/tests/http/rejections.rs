use serde_json::json;

use crate::support::{heard_response, TestServer, ID};

fn without(field: &str) -> serde_json::Value {
    let mut body = heard_response(ID);
    body.as_object_mut().map(|o| o.remove(field));
    body
}

#[test]
fn a_body_that_is_not_json_is_refused_as_not_json() {
    let server = TestServer::start();
    server.post("application/json", b"{\"format\": ").assert_refused(400, "not_json", "not valid JSON");
    server.post("application/json", b"format=heard").assert_refused(400, "not_json", "not valid JSON");
    assert_eq!(server.counts(), (0, 0));
}

#[test]
fn a_json_body_that_is_not_an_object_is_refused() {
    let server = TestServer::start();
    server.post_json(&json!([heard_response(ID)])).assert_refused(400, "wrong_format", "not an object");
}

#[test]
fn a_missing_or_wrong_format_tag_is_named() {
    let server = TestServer::start();
    server.post_json(&without("format")).assert_refused(400, "wrong_format", "no \"format\"");
    let mut body = heard_response(ID);
    body["format"] = json!("heard-response/2");
    server.post_json(&body).assert_refused(400, "wrong_format", "heard-response/2");
}

#[test]
fn a_missing_id_is_refused_with_an_example_uuid() {
    let server = TestServer::start();
    server.post_json(&without("id")).assert_refused(400, "missing_id", "UUID");
}

#[test]
fn an_id_that_is_not_a_uuid_is_refused() {
    let server = TestServer::start();
    for id in [json!("response-1"), json!("0f8fad5b-d9cb-469f-a165-70867728950"), json!(42)] {
        let mut body = heard_response(ID);
        body["id"] = id.clone();
        server.post_json(&body).assert_refused(400, "invalid_id", &id.to_string().replace('"', ""));
    }
}

#[test]
fn a_response_without_its_survey_or_version_is_refused() {
    let server = TestServer::start();
    server.post_json(&without("survey")).assert_refused(400, "missing_survey", "\"version\"");
    let mut body = heard_response(ID);
    body["survey"] = json!({"id": "fft", "version": ""});
    server.post_json(&body).assert_refused(400, "missing_survey", "which survey");
}

#[test]
fn malformed_answers_are_refused_naming_the_answer() {
    let server = TestServer::start();
    let cases = [
        (json!({"item": "q1"}), "answers[0] (item \"q1\") has no answer"),
        (json!({"code": "yes"}), "answers[0] has no \"item\""),
        (json!({"item": "q1", "integer": 1.5}), "whole number"),
        (json!({"item": "q1", "date": "23/11/2026"}), "YYYY-MM-DD"),
        (json!({"item": "q1", "code": "a", "boolean": true}), "exactly one"),
        (json!("q1=yes"), "must be an object"),
    ];
    for (answer, mentions) in cases {
        let mut body = heard_response(ID);
        body["answers"] = json!([answer]);
        server.post_json(&body).assert_refused(400, "invalid_response", mentions);
    }
    let mut twice = heard_response(ID);
    twice["answers"] = json!([{"item": "q1", "code": "a"}, {"item": "q1", "code": "b"}]);
    server.post_json(&twice).assert_refused(400, "invalid_response", "again");
    assert_eq!(server.counts(), (0, 0));
}

#[test]
fn a_timestamp_that_is_not_utc_rfc_3339_is_refused() {
    let server = TestServer::start();
    let mut body = heard_response(ID);
    body["submitted_at"] = json!("23/11/2026 12:00");
    server.post_json(&body).assert_refused(400, "invalid_response", "submitted_at");
}

#[test]
fn a_wrong_or_missing_content_type_is_refused_with_415() {
    let server = TestServer::start();
    let body = heard_response(ID).to_string();
    server.post("text/plain", body.as_bytes()).assert_refused(415, "unsupported_content_type", "text/plain");
    server.post("application/x-www-form-urlencoded", body.as_bytes()).assert_refused(
        415,
        "unsupported_content_type",
        "application/json",
    );
    server.request("POST", "/responses", &[], body.as_bytes()).assert_refused(
        415,
        "unsupported_content_type",
        "no Content-Type",
    );
    assert_eq!(server.counts(), (0, 0));
}

#[test]
fn an_idempotency_key_that_differs_from_the_id_is_refused_and_nothing_is_stored() {
    let server = TestServer::start();
    let body = heard_response(ID).to_string();
    let headers = [("Content-Type", "application/json"), ("Idempotency-Key", "11111111-2222-4333-8444-555555555555")];
    server.request("POST", "/responses", &headers, body.as_bytes()).assert_refused(400, "idempotency_key_mismatch", ID);
    assert_eq!(server.counts(), (0, 0));
}

#[test]
fn a_body_over_the_limit_is_refused_with_413() {
    let server = TestServer::start_with(|config| config.max_body(2048));
    let mut body = heard_response(ID);
    body["answers"][5]["text"] = json!("x".repeat(4000));
    let text = body.to_string();
    server.post("application/json", text.as_bytes()).assert_refused(413, "body_too_large", "2048 bytes");
    assert_eq!(server.counts(), (0, 0));
}

#[test]
fn a_chunked_body_over_the_limit_is_refused_while_it_is_read() {
    let server = TestServer::start_with(|config| config.max_body(2048));
    let mut body = heard_response(ID);
    body["answers"][5]["text"] = json!("x".repeat(4000));
    let headers = [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")];
    server.request("POST", "/responses", &headers, body.to_string().as_bytes()).assert_refused(
        413,
        "body_too_large",
        "2048 bytes",
    );
    // A chunked body within the limit is read as usual.
    let small = heard_response(ID).to_string();
    assert_eq!(server.request("POST", "/responses", &headers, small.as_bytes()).status, 201);
}

#[test]
fn the_default_limit_is_256_kilobytes() {
    let server = TestServer::start();
    let mut body = heard_response(ID);
    body["answers"][5]["text"] = json!("x".repeat(200_000));
    assert_eq!(server.post_json(&body).status, 201);
    let mut body = heard_response(&crate::support::other_id(1));
    body["answers"][5]["text"] = json!("x".repeat(262_144));
    server.post_json(&body).assert_refused(413, "body_too_large", "262144 bytes");
}

#[test]
fn unknown_paths_and_methods_get_json_errors() {
    let server = TestServer::start();
    server.get("/admin").assert_refused(404, "not_found", "POST /responses");
    server.request("DELETE", "/responses", &[], b"").assert_refused(405, "method_not_allowed", "POST");
    server.request("POST", "/health", &[], b"").assert_refused(405, "method_not_allowed", "GET");
}
