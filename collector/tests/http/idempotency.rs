use std::sync::{Arc, Barrier};

use serde_json::json;

use crate::support::{heard_response, other_id, TestServer, ID};

#[test]
fn a_new_response_is_stored_and_answered_with_201() {
    let server = TestServer::start();
    let reply = server.post_json(&heard_response(ID));
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json(), json!({"id": ID, "status": "stored"}));
    assert_eq!(server.stored(), [heard_response(ID)]);
}

#[test]
fn an_identical_replay_returns_200_and_stores_nothing_new() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    for _ in 0..3 {
        let reply = server.post_json(&heard_response(ID));
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.json(), json!({"id": ID, "status": "duplicate"}));
    }
    assert_eq!(server.counts(), (1, 3));
    assert_eq!(server.stored().len(), 1);
}

#[test]
fn a_replay_with_reordered_keys_and_other_whitespace_counts_as_identical() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    let reordered = format!(
        r#"{{
          "answers": [
            {{"code": "very_good", "item": "q1"}},
            {{"other": "the \"blue\" room, upstairs", "codes": ["a", "b"], "item": "q2"}},
            {{"boolean": true, "item": "q3"}}, {{"integer": 7, "item": "q4"}}, {{"item": "q5", "decimal": 1.5}},
            {{"text": "Kind staff,\nshort wait", "item": "q6"}}, {{"date": "2026-11-23", "item": "q7"}}
          ],
          "locale": "en",   "context": {{"clinic": "Ward 7, east wing"}},
          "survey": {{"version": "1.0.0", "id": "fft"}},
          "submitted_at": "2026-11-23T12:01:30.000Z", "started_at": "2026-11-23T12:00:00.000Z",
          "id": "{ID}", "format": "heard-response/1"
        }}"#
    );
    let reply = server.post("application/json", reordered.as_bytes());
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(server.counts(), (1, 1));
}

#[test]
fn a_different_body_under_a_stored_id_returns_409_and_changes_nothing() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    let mut changed = heard_response(ID);
    changed["answers"][0]["code"] = json!("very_poor");
    server.post_json(&changed).assert_refused(409, "id_conflict", ID);
    assert_eq!(server.stored(), [heard_response(ID)]);
    assert_eq!(server.counts(), (1, 0), "a conflict is not a suppressed duplicate");
    // The original is still recognised as itself afterwards.
    assert_eq!(server.post_json(&heard_response(ID)).status, 200);
}

#[test]
fn responses_with_different_ids_are_all_stored_in_arrival_order() {
    let server = TestServer::start();
    for n in [3, 1, 2] {
        assert_eq!(server.post_json(&heard_response(&other_id(n))).status, 201);
    }
    let ids: Vec<String> = server.stored().iter().map(|r| r["id"].as_str().unwrap_or("").to_owned()).collect();
    assert_eq!(ids, [other_id(3), other_id(1), other_id(2)]);
}

#[test]
fn an_idempotency_key_equal_to_the_id_is_accepted() {
    let server = TestServer::start();
    let body = heard_response(ID).to_string();
    let headers = [("Content-Type", "application/json"), ("Idempotency-Key", ID)];
    assert_eq!(server.request("POST", "/responses", &headers, body.as_bytes()).status, 201);
    assert_eq!(server.request("POST", "/responses", &headers, body.as_bytes()).status, 200);
}

#[test]
fn concurrent_identical_posts_store_exactly_one_row() {
    const SENDERS: usize = 8;
    let server = TestServer::start();
    let addr = server.addr;
    let body = heard_response(ID).to_string();
    let start = Arc::new(Barrier::new(SENDERS));
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let (start, body) = (Arc::clone(&start), body.clone());
            std::thread::spawn(move || {
                start.wait();
                crate::support::request(
                    addr,
                    "POST",
                    "/responses",
                    &[("Content-Type", "application/json")],
                    body.as_bytes(),
                )
                .status
            })
        })
        .collect();
    let mut statuses: Vec<u16> = senders.into_iter().map(|s| s.join().expect("sender thread")).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 200, 201]);
    assert_eq!(server.counts(), (1, 7));
}

#[test]
fn concurrent_different_bodies_under_one_id_store_exactly_one_of_them() {
    let server = TestServer::start();
    let addr = server.addr;
    let senders: Vec<_> = ["very_good", "very_poor", "neither", "good"]
        .into_iter()
        .map(|code| {
            let mut body = heard_response(ID);
            body["answers"][0]["code"] = json!(code);
            std::thread::spawn(move || {
                let body = body.to_string();
                crate::support::request(
                    addr,
                    "POST",
                    "/responses",
                    &[("Content-Type", "application/json")],
                    body.as_bytes(),
                )
                .status
            })
        })
        .collect();
    let mut statuses: Vec<u16> = senders.into_iter().map(|s| s.join().expect("sender thread")).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409, 409, 409]);
    assert_eq!(server.counts(), (1, 0));
}
