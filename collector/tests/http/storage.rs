use crate::support::{heard_response, TestServer, ID};

#[test]
fn the_database_is_in_wal_mode() {
    let server = TestServer::start();
    let connection = rusqlite::Connection::open(&server.database).expect("open the collector's database");
    let mode: String = connection.query_row("PRAGMA journal_mode", [], |row| row.get(0)).expect("journal mode");
    assert_eq!(mode, "wal");
}

#[test]
fn each_row_keeps_the_documented_columns() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    let connection = rusqlite::Connection::open(&server.database).expect("open the collector's database");
    let (format, survey, version, submitted, locale, hash): (String, String, String, String, String, String) =
        connection
            .query_row(
                "SELECT format, survey_id, survey_version, submitted_at, locale, body_hash FROM responses WHERE id = ?1",
                [ID],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .expect("the stored row");
    assert_eq!(
        (format.as_str(), survey.as_str(), version.as_str(), submitted.as_str(), locale.as_str()),
        ("heard-response/1", "fft", "1.0.0", "2026-11-23T12:01:30.000Z", "en")
    );
    let body: String = connection.query_row("SELECT body FROM responses", [], |r| r.get(0)).expect("body");
    assert_eq!(hash, heard_collector::body_hash(&body));
}

#[test]
fn health_counts_responses_and_suppressed_duplicates() {
    let server = TestServer::start();
    assert_eq!(
        server.get("/health").json(),
        serde_json::json!({"status": "ok", "responses": 0, "duplicates_suppressed": 0})
    );
    server.post_json(&heard_response(ID));
    server.post_json(&heard_response(ID));
    server.post_json(&heard_response(&crate::support::other_id(1)));
    assert_eq!(
        server.get("/health").json(),
        serde_json::json!({"status": "ok", "responses": 2, "duplicates_suppressed": 1})
    );
}

#[test]
fn responses_and_counts_survive_a_restart() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    assert_eq!(server.post_json(&heard_response(ID)).status, 200);
    let folder = server.stop();
    let again = TestServer::start_in(folder, |config| config);
    assert_eq!(again.counts(), (1, 1));
    assert_eq!(again.post_json(&heard_response(ID)).status, 200, "a replay after a restart is still a duplicate");
}
