use heard_collector::canonical_json;
use serde_json::json;

use crate::support::{heard_response, other_id, parse_csv, TestServer, ID};

const HEADER: [&str; 9] =
    ["id", "survey_id", "survey_version", "format", "received_at", "submitted_at", "locale", "answers", "context"];

#[test]
fn an_empty_store_exports_a_csv_header_and_no_ndjson_lines() {
    let server = TestServer::start();
    let csv = server.get("/responses.csv");
    assert_eq!(csv.status, 200);
    assert_eq!(csv.body, HEADER.join(",") + "\r\n");
    assert_eq!(server.get("/responses.ndjson").body, "");
}

#[test]
fn the_csv_has_one_row_per_response_with_answers_and_context_as_json() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    assert_eq!(server.post_json(&heard_response(ID)).status, 200, "a duplicate adds no row");
    assert_eq!(server.post_json(&heard_response(&other_id(1))).status, 201);
    let csv = server.get("/responses.csv");
    assert!(csv.header("content-type").is_some_and(|t| t.starts_with("text/csv")), "{:?}", csv.headers);
    let records = parse_csv(&csv.body);
    assert_eq!(records.len(), 3);
    assert_eq!(records[0], HEADER);
    let row = &records[1];
    assert_eq!(row[..4], [ID, "fft", "1.0.0", "heard-response/1"]);
    assert!(row[4].ends_with('Z') && row[4].len() == 24, "received_at {:?}", row[4]);
    assert_eq!(row[5..7], ["2026-11-23T12:01:30.000Z", "en"]);
    let answers: serde_json::Value = serde_json::from_str(&row[7]).expect("answers column is JSON");
    assert_eq!(answers, heard_response(ID)["answers"]);
    assert_eq!(row[7], canonical_json(&heard_response(ID)["answers"]), "compact JSON");
    assert_eq!(row[8], r#"{"clinic":"Ward 7, east wing"}"#);
    assert_eq!(records[2][0], other_id(1));
}

#[test]
fn csv_fields_with_commas_quotes_and_line_breaks_are_quoted() {
    let server = TestServer::start();
    let mut body = heard_response(ID);
    body["locale"] = json!("en");
    body["answers"] = json!([{"item": "q6", "text": "said \"no\", then\nleft"}]);
    assert_eq!(server.post_json(&body).status, 201);
    let csv = server.get("/responses.csv").body;
    // The answers column is JSON, so the quotes inside are doubled and the
    // whole field is quoted because of its commas and quotes.
    assert!(csv.contains(r#","[{""item"":""q6"",""text"":""said \""no\"", then\nleft""}]","#), "{csv}");
    let records = parse_csv(&csv);
    assert_eq!(records[1][7], r#"[{"item":"q6","text":"said \"no\", then\nleft"}]"#);
}

#[test]
fn an_answer_with_a_quote_a_comma_a_line_break_and_welsh_letters_reads_back_through_a_csv_reader() {
    let server = TestServer::start();
    let answer = "Staff said \"croeso\", then\r\nwe waited — ŵyr a chŵn 🙂";
    // The survey id is a plain text column, so its line break and quotes
    // reach the CSV as they are, not escaped as JSON.
    let survey_id = "Clinic \"B\", Ward 7\nFeedback — ŵ";
    let mut body = heard_response(ID);
    body["survey"]["id"] = json!(survey_id);
    body["answers"] = json!([{"item": "q6", "text": answer}]);
    assert_eq!(server.post_json(&body).status, 201);
    let records = parse_csv(&server.get("/responses.csv").body);
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[1].len(), HEADER.len());
    assert_eq!(records[1][1], survey_id);
    let answers: serde_json::Value = serde_json::from_str(&records[1][7]).expect("answers column is JSON");
    assert_eq!(answers, body["answers"]);
    assert_eq!(answers[0]["text"], answer);
}

#[test]
fn the_ndjson_export_has_each_stored_body_on_its_own_line_in_arrival_order() {
    let server = TestServer::start();
    for n in [2, 1] {
        assert_eq!(server.post_json(&heard_response(&other_id(n))).status, 201);
    }
    let export = server.get("/responses.ndjson");
    assert!(export.header("content-type").is_some_and(|t| t.starts_with("application/x-ndjson")));
    let lines: Vec<&str> = export.body.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(export.body.ends_with('\n'));
    for (line, n) in lines.iter().zip([2, 1]) {
        assert_eq!(serde_json::from_str::<serde_json::Value>(line).expect("JSON line"), heard_response(&other_id(n)));
        assert_eq!(*line, canonical_json(&heard_response(&other_id(n))), "stored in canonical form");
    }
}

#[test]
fn exports_are_never_cached() {
    let server = TestServer::start();
    for path in ["/responses.csv", "/responses.ndjson"] {
        assert_eq!(server.get(path).header("cache-control"), Some("no-store"), "{path}");
    }
}
