//! The SQLite file responses are kept in.
//!
//! Invariant: a response id is stored at most once, whatever the timing.
//! The `id` column is `UNIQUE`, and a store is one `INSERT … ON CONFLICT DO
//! NOTHING` inside an immediate transaction, so two identical requests
//! racing each other (even from two collector processes on one file) end
//! with one row: the loser sees the winner's row and reports a duplicate.
//! Nothing checks first and inserts later.
//!
//! Invariant: a conflicting body changes nothing, not even the duplicate
//! counter.
//!
//! The database runs in WAL mode, so exports read while responses are
//! written, with `synchronous = FULL`: a response acknowledged with 201 is
//! on disk, because the widget deletes its copy when it sees a 2xx.

use std::fmt;
use std::path::Path;
use std::sync::Mutex;

use heard_engine::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::intake::Submission;

/// The database schema; `user_version` says which one a file has.
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS responses (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    format         TEXT NOT NULL,
    survey_id      TEXT NOT NULL,
    survey_version TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    submitted_at   TEXT,
    locale         TEXT,
    body           TEXT NOT NULL,
    body_hash      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT OR IGNORE INTO counters (name, value) VALUES ('duplicates_suppressed', 0);
";

/// Where responses are kept: one SQLite connection, used by one request at
/// a time.
///
/// One connection is plenty for survey traffic, and it makes the order of
/// writes the order of arrival.
#[derive(Debug)]
pub struct Store {
    connection: Mutex<Connection>,
}

/// What happened to a submitted response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It was new and is now stored.
    Stored,
    /// The same response was already stored; nothing new was stored.
    Duplicate,
    /// A different response is stored under the same id; nothing changed.
    Conflict,
}

/// How many responses are stored, and how many replays were not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Stored responses.
    pub responses: u64,
    /// Identical replays answered with 200 and not stored again.
    pub duplicates_suppressed: u64,
}

/// One stored response, as the exports read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The response id.
    pub id: String,
    /// `heard-response/1`, or [`FHIR_FORMAT`](crate::FHIR_FORMAT).
    pub format: String,
    /// The survey answered.
    pub survey_id: String,
    /// The survey's version.
    pub survey_version: String,
    /// When the collector first stored it.
    pub received_at: String,
    /// When the person submitted it, as they sent it.
    pub submitted_at: Option<String>,
    /// The language they answered in.
    pub locale: Option<String>,
    /// The body, as canonical JSON.
    pub body: String,
}

/// The database could not be opened, read or written.
#[derive(Debug)]
pub struct StoreError {
    kind: StoreErrorKind,
    source: Option<rusqlite::Error>,
}

/// What went wrong with the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// Occurs when the file cannot be opened or created, for example
    /// because its folder does not exist or is read-only.
    Open,
    /// Occurs when the file is not a collector database that this version
    /// understands, or WAL mode cannot be switched on.
    Schema,
    /// Occurs when a query fails, such as when the disk is full.
    Query,
    /// Occurs when an earlier request panicked while using the database.
    Poisoned,
}

impl StoreError {
    fn new(kind: StoreErrorKind) -> impl FnOnce(rusqlite::Error) -> StoreError {
        move |source| StoreError { kind, source: Some(source) }
    }

    /// What went wrong.
    pub fn kind(&self) -> StoreErrorKind {
        self.kind
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            StoreErrorKind::Open => "could not open the SQLite database",
            StoreErrorKind::Schema => "the SQLite database could not be set up",
            StoreErrorKind::Query => "a database query failed",
            StoreErrorKind::Poisoned => "the database is unusable after an earlier failure; restart the collector",
        };
        match &self.source {
            Some(source) => write!(f, "{what}: {source}"),
            None => f.write_str(what),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

impl Store {
    /// Opens the database at `path`, creating it and its tables if needed,
    /// and switches it to WAL mode.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let connection = Connection::open(path).map_err(StoreError::new(StoreErrorKind::Open))?;
        let schema = StoreError::new(StoreErrorKind::Schema);
        let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(schema)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError { kind: StoreErrorKind::Schema, source: None });
        }
        connection
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;")
            .map_err(StoreError::new(StoreErrorKind::Schema))?;
        let version: i64 = connection
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(StoreError::new(StoreErrorKind::Schema))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError { kind: StoreErrorKind::Schema, source: None });
        }
        connection
            .execute_batch(&format!("BEGIN; {SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"))
            .map_err(StoreError::new(StoreErrorKind::Schema))?;
        Ok(Store { connection: Mutex::new(connection) })
    }

    fn connection(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.connection.lock().map_err(|_| StoreError { kind: StoreErrorKind::Poisoned, source: None })
    }

    /// Stores `submission` unless its id is already stored, and says which
    /// happened. `received_at` is kept with a new row.
    pub fn insert(&self, submission: &Submission, received_at: Timestamp) -> Result<Outcome, StoreError> {
        let query = StoreError::new;
        let mut connection = self.connection()?;
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(query(StoreErrorKind::Query))?;
        let id = submission.id.to_string();
        let inserted = transaction
            .execute(
                "INSERT INTO responses
                     (id, format, survey_id, survey_version, received_at, submitted_at, locale, body, body_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (id) DO NOTHING",
                params![
                    id,
                    submission.format,
                    submission.survey_id,
                    submission.survey_version,
                    received_at.to_string(),
                    submission.submitted_at,
                    submission.locale,
                    submission.body,
                    submission.body_hash,
                ],
            )
            .map_err(query(StoreErrorKind::Query))?;
        let outcome = if inserted == 1 {
            Outcome::Stored
        } else {
            let stored_hash: Option<String> = transaction
                .query_row("SELECT body_hash FROM responses WHERE id = ?1", [&id], |row| row.get(0))
                .optional()
                .map_err(query(StoreErrorKind::Query))?;
            if stored_hash.as_deref() == Some(submission.body_hash.as_str()) {
                transaction
                    .execute("UPDATE counters SET value = value + 1 WHERE name = 'duplicates_suppressed'", [])
                    .map_err(query(StoreErrorKind::Query))?;
                Outcome::Duplicate
            } else {
                // Dropping the transaction rolls it back: a conflict changes nothing.
                return Ok(Outcome::Conflict);
            }
        };
        transaction.commit().map_err(query(StoreErrorKind::Query))?;
        Ok(outcome)
    }

    /// How many responses are stored and how many replays were suppressed.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let connection = self.connection()?;
        connection
            .query_row(
                "SELECT (SELECT COUNT(*) FROM responses),
                        (SELECT value FROM counters WHERE name = 'duplicates_suppressed')",
                [],
                |row| {
                    let responses: i64 = row.get(0)?;
                    let duplicates: Option<i64> = row.get(1)?;
                    Ok(Counts {
                        responses: u64::try_from(responses).unwrap_or(0),
                        duplicates_suppressed: u64::try_from(duplicates.unwrap_or(0)).unwrap_or(0),
                    })
                },
            )
            .map_err(StoreError::new(StoreErrorKind::Query))
    }

    /// Calls `each` with every stored response, in arrival order.
    pub fn for_each_response(&self, mut each: impl FnMut(StoredResponse)) -> Result<(), StoreError> {
        let query = StoreError::new;
        let connection = self.connection()?;
        let mut statement = connection
            .prepare(
                "SELECT id, format, survey_id, survey_version, received_at, submitted_at, locale, body
                 FROM responses ORDER BY seq",
            )
            .map_err(query(StoreErrorKind::Query))?;
        let rows = statement
            .query_map([], |row| {
                Ok(StoredResponse {
                    id: row.get(0)?,
                    format: row.get(1)?,
                    survey_id: row.get(2)?,
                    survey_version: row.get(3)?,
                    received_at: row.get(4)?,
                    submitted_at: row.get(5)?,
                    locale: row.get(6)?,
                    body: row.get(7)?,
                })
            })
            .map_err(query(StoreErrorKind::Query))?;
        for row in rows {
            each(row.map_err(query(StoreErrorKind::Query))?);
        }
        Ok(())
    }
}
