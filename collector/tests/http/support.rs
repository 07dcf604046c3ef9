//! A collector started in-process on a free port with its own SQLite file,
//! and a small HTTP/1.1 client over `std::net::TcpStream`.
//!
//! The client is hand-written so that the tests need no HTTP client crate;
//! it sends exactly the bytes a test asks for, which is what tests of bad
//! input need anyway.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use heard_collector::{serve_app, AppState, Config};
use serde_json::{json, Value};

/// A running collector. Dropping it stops the server and deletes its
/// database folder.
pub(crate) struct TestServer {
    pub(crate) addr: SocketAddr,
    pub(crate) database: PathBuf,
    folder: PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    runtime: Option<tokio::runtime::Runtime>,
}

/// A folder of its own under the system temp folder, removed on drop.
pub(crate) fn temp_folder() -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let folder = std::env::temp_dir().join(format!(
        "heard-collector-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("create temp folder");
    folder
}

impl TestServer {
    pub(crate) fn start() -> TestServer {
        TestServer::start_with(|config| config)
    }

    pub(crate) fn start_with(configure: impl FnOnce(Config) -> Config) -> TestServer {
        let folder = temp_folder();
        TestServer::start_in(folder, configure)
    }

    /// Starts a collector on the database in `folder`, which may already
    /// hold responses.
    pub(crate) fn start_in(folder: PathBuf, configure: impl FnOnce(Config) -> Config) -> TestServer {
        let database = folder.join("responses.sqlite");
        let config = configure(Config::new(&database));
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("tokio runtime");
        let state = AppState::open(&config).expect("open the test database");
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind port 0");
        let addr = listener.local_addr().expect("bound address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        runtime.spawn(serve_app(state, listener, async {
            let _ = stopped.await;
        }));
        TestServer { addr, database, folder, shutdown: Some(shutdown), runtime: Some(runtime) }
    }

    /// Stops the server but keeps its database folder, for restarts.
    pub(crate) fn stop(mut self) -> PathBuf {
        self.halt();
        std::mem::take(&mut self.folder)
    }

    fn halt(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(Duration::from_secs(5));
        }
    }

    pub(crate) fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        request(self.addr, method, path, headers, body)
    }

    pub(crate) fn post_json(&self, body: &Value) -> Reply {
        self.post("application/json", body.to_string().as_bytes())
    }

    pub(crate) fn post(&self, content_type: &str, body: &[u8]) -> Reply {
        self.request("POST", "/responses", &[("Content-Type", content_type)], body)
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], b"")
    }

    /// `(responses, duplicates_suppressed)` from `/health`.
    pub(crate) fn counts(&self) -> (u64, u64) {
        let health = self.get("/health").json();
        (health["responses"].as_u64().expect("responses"), health["duplicates_suppressed"].as_u64().expect("dups"))
    }

    /// The stored bodies, from the NDJSON export.
    pub(crate) fn stored(&self) -> Vec<Value> {
        let export = self.get("/responses.ndjson");
        assert_eq!(export.status, 200);
        export.body.lines().map(|line| serde_json::from_str(line).expect("NDJSON line")).collect()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.halt();
        if !self.folder.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }
}

/// An HTTP response as the client read it.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts a refusal: the status, the error name, and that the message
    /// mentions `mentions`.
    pub(crate) fn assert_refused(&self, status: u16, error: &str, mentions: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["error"], error, "{}", self.body);
        let message = body["message"].as_str().expect("a message");
        assert!(message.contains(mentions), "message {message:?} should mention {mentions:?}");
    }
}

/// Sends one request on a new connection and reads the whole response.
pub(crate) fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v == &"chunked");
    if !chunked {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if chunked {
        for chunk in body.chunks(1000) {
            bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
            bytes.extend_from_slice(chunk);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(b"0\r\n\r\n");
    } else {
        bytes.extend_from_slice(body);
    }
    // The server may answer (413) and close before reading everything, so
    // a failed write is not an error here; reading the answer is the test.
    let _ = stream.write_all(&bytes);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_reply(&raw)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| {
        panic!("no complete HTTP response head in {:?}", String::from_utf8_lossy(raw));
    });
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status code");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Reply { status, headers, body: String::from_utf8(body).expect("UTF-8 body") }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").expect("chunk size line");
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16).expect("chunk size");
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// Reads the CSV export into records, to check what a spreadsheet would
/// see. The reader is the `csv` crate's, an oracle written apart from the
/// collector's writer; it also refuses records of unequal length.
pub(crate) fn parse_csv(text: &str) -> Vec<Vec<String>> {
    assert!(text.ends_with("\r\n"), "CSV does not end with CRLF: {text:?}");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap_or_else(|e| panic!("not CSV: {e}\n{text}")).iter().map(str::to_owned).collect())
        .collect()
}

pub(crate) const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

/// A valid Heard response with the given id.
pub(crate) fn heard_response(id: &str) -> Value {
    json!({
        "format": "heard-response/1",
        "id": id,
        "survey": {"id": "fft", "version": "1.0.0"},
        "started_at": "2026-11-23T12:00:00.000Z",
        "submitted_at": "2026-11-23T12:01:30.000Z",
        "locale": "en",
        "context": {"clinic": "Ward 7, east wing"},
        "answers": [
            {"item": "q1", "code": "very_good"},
            {"item": "q2", "codes": ["a", "b"], "other": "the \"blue\" room, upstairs"},
            {"item": "q3", "boolean": true},
            {"item": "q4", "integer": 7},
            {"item": "q5", "decimal": 1.5},
            {"item": "q6", "text": "Kind staff,\nshort wait"},
            {"item": "q7", "date": "2026-11-23"}
        ]
    })
}

/// A second, different id.
pub(crate) fn other_id(n: u8) -> String {
    format!("0f8fad5b-d9cb-469f-a165-7086772895{n:02x}")
}
