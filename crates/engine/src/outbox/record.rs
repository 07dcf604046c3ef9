//! The outbox's rules: what a stored response looks like, and what happens
//! to it after each attempt to send it. The browser code only stores records
//! and makes requests; every decision is here, as plain functions of the
//! record, the outcome and the time.
//!
//! Architecture Invariant: a record leaves the outbox only when the backend
//! acknowledged it with a 2xx. Every other outcome keeps it, either waiting
//! for another attempt or set aside as rejected for a person to look at.

use serde::{Deserialize, Serialize};

use super::backoff::Backoff;

/// Where a record is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordState {
    /// Stored, and will be sent at `next_attempt_at`.
    Waiting,
    /// A request for it is in flight.
    Sending,
    /// The backend refused it (a 4xx other than 408 and 429). Kept, never
    /// sent again automatically, never deleted.
    Rejected,
}

/// One submitted response in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxRecord {
    /// The response id, also the `Idempotency-Key`.
    pub id: String,
    /// Where it is posted.
    pub endpoint: String,
    /// `application/json` or `application/fhir+json`.
    pub content_type: String,
    /// The exact body to post, built once at submit so every attempt sends
    /// the same bytes.
    pub body: String,
    /// When it was submitted, in Unix milliseconds.
    pub created_at: i64,
    /// How many requests have been started for it.
    pub attempts: u32,
    /// What went wrong last time, in words for staff.
    pub last_error: Option<String>,
    /// The earliest moment for the next attempt, in Unix milliseconds.
    pub next_attempt_at: i64,
    /// Where it is in its life.
    pub state: RecordState,
}

/// What came of one attempt to send a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendResult {
    /// The backend answered with this status. `retry_after` is the raw
    /// `Retry-After` header; `body` is (the start of) the answer's body.
    Answered {
        /// The HTTP status code.
        status: u16,
        /// The `Retry-After` header, if any.
        retry_after: Option<String>,
        /// The response body, or its first part.
        body: String,
    },
    /// No answer: offline, DNS, connection refused or dropped, CORS.
    NetworkError(String),
    /// No answer within the time limit.
    TimedOut,
}

/// How a [`SendResult`] is treated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 2xx: the backend has it.
    Delivered,
    /// Worth trying again later: network errors, time-outs, 408, 429, 5xx,
    /// and anything unexpected (a 1xx or 3xx), since a response is never
    /// dropped on a guess.
    Retry {
        /// Why, for staff.
        reason: String,
        /// The server's `Retry-After`, in milliseconds from now.
        retry_after_ms: Option<u64>,
    },
    /// The backend refused it: a 4xx other than 408 and 429, including 409.
    Rejected {
        /// Why, with the server's own words.
        reason: String,
    },
}

/// The longest part of a server's error message kept with a record.
const MESSAGE_LIMIT: usize = 300;

/// Sorts an attempt's result into delivered, retry or rejected.
pub fn classify(result: &SendResult, now_ms: i64) -> Outcome {
    match result {
        SendResult::NetworkError(e) => {
            Outcome::Retry { reason: format!("The backend could not be reached: {e}"), retry_after_ms: None }
        }
        SendResult::TimedOut => {
            Outcome::Retry { reason: "The backend did not answer in time.".to_owned(), retry_after_ms: None }
        }
        SendResult::Answered { status, retry_after, body } => {
            let said = server_words(body);
            match status {
                200..=299 => Outcome::Delivered,
                408 | 429 | 500..=599 => Outcome::Retry {
                    reason: sentence(format!("The backend answered {status}{said}")),
                    retry_after_ms: retry_after.as_deref().and_then(|h| super::backoff::parse_retry_after(h, now_ms)),
                },
                400..=499 => Outcome::Rejected {
                    reason: sentence(format!("The backend refused this response ({status}){said}")),
                },
                _ => Outcome::Retry {
                    reason: sentence(format!("The backend gave an unexpected answer ({status}){said}")),
                    retry_after_ms: None,
                },
            }
        }
    }
}

/// Ends `text` with a full stop unless it already ends a sentence.
fn sentence(mut text: String) -> String {
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

/// The server's message, shortened, for a record's `last_error`.
fn server_words(body: &str) -> String {
    let body = body.trim();
    if body.is_empty() {
        return String::new();
    }
    // A JSON error such as {"error": "...", "message": "..."} reads better as its message.
    let text = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
        .unwrap_or_else(|| body.to_owned());
    let short: String = text.chars().take(MESSAGE_LIMIT).collect();
    let ellipsis = if short.len() < text.len() { "…" } else { "" };
    format!(": {short}{ellipsis}")
}

/// What to do with a record after an attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Delete it: the backend has it.
    Delete,
    /// Store this updated record in its place.
    Keep(OutboxRecord),
}

impl OutboxRecord {
    /// A freshly submitted response, due at once.
    pub fn new(id: String, endpoint: String, content_type: String, body: String, now_ms: i64) -> Self {
        OutboxRecord {
            id,
            endpoint,
            content_type,
            body,
            created_at: now_ms,
            attempts: 0,
            last_error: None,
            next_attempt_at: now_ms,
            state: RecordState::Waiting,
        }
    }

    /// Whether it should be sent now.
    pub fn is_due(&self, now_ms: i64) -> bool {
        self.state == RecordState::Waiting && self.next_attempt_at <= now_ms
    }

    /// Marks the start of an attempt. The record is stored like this before
    /// the request goes out, so the attempt count survives a crash.
    pub fn start_attempt(mut self) -> Self {
        self.attempts = self.attempts.saturating_add(1);
        self.state = RecordState::Sending;
        self
    }

    /// A record found `Sending` by a sender that has just taken the outbox's
    /// lock was left by a tab that closed or crashed mid-request. Nobody is
    /// sending it now, so it waits again (and is due at once).
    pub fn recover(mut self) -> Self {
        if self.state == RecordState::Sending {
            self.state = RecordState::Waiting;
        }
        self
    }

    /// The device has just come back online. A waiting record need not sit
    /// out a backoff that grew while there was no network at all (every
    /// attempt offline fails at once), so it is due now. Rejected and
    /// sending records are left as they are.
    pub fn retry_now(mut self, now_ms: i64) -> Self {
        if self.state == RecordState::Waiting {
            self.next_attempt_at = self.next_attempt_at.min(now_ms);
        }
        self
    }

    /// Applies the outcome of an attempt. `random` in `[0, 1)` comes from
    /// the caller, for the backoff's jitter.
    pub fn settle(mut self, outcome: Outcome, now_ms: i64, random: f64, backoff: &Backoff) -> Settled {
        match outcome {
            Outcome::Delivered => Settled::Delete,
            Outcome::Retry { reason, retry_after_ms } => {
                let delay = backoff.delay_ms(self.attempts.max(1), random, retry_after_ms);
                self.state = RecordState::Waiting;
                self.last_error = Some(reason);
                self.next_attempt_at = now_ms.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX));
                Settled::Keep(self)
            }
            Outcome::Rejected { reason } => {
                self.state = RecordState::Rejected;
                self.last_error = Some(reason);
                Settled::Keep(self)
            }
        }
    }
}

/// When the next record falls due, for the retry timer: the earliest
/// `next_attempt_at` of the waiting records.
pub fn next_due(records: &[OutboxRecord]) -> Option<i64> {
    records.iter().filter(|r| r.state == RecordState::Waiting).map(|r| r.next_attempt_at).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_435_200_000;

    fn record() -> OutboxRecord {
        OutboxRecord::new("id-1".into(), "/api/responses".into(), "application/json".into(), "{}".into(), T0)
    }

    fn answered(status: u16) -> SendResult {
        SendResult::Answered { status, retry_after: None, body: String::new() }
    }

    #[test]
    fn a_new_record_is_waiting_and_due_at_once() {
        let r = record();
        assert_eq!(r.state, RecordState::Waiting);
        assert!(r.is_due(T0));
        assert!(!r.is_due(T0 - 1));
    }

    #[test]
    fn statuses_are_sorted_into_delivered_retry_and_rejected() {
        for status in [200, 201, 202, 204, 299] {
            assert_eq!(classify(&answered(status), T0), Outcome::Delivered, "{status}");
        }
        for status in [408, 429, 500, 502, 503, 504, 599, 101, 302, 304] {
            assert!(matches!(classify(&answered(status), T0), Outcome::Retry { .. }), "{status}");
        }
        for status in [400, 401, 403, 404, 409, 410, 413, 415, 422, 499] {
            assert!(matches!(classify(&answered(status), T0), Outcome::Rejected { .. }), "{status}");
        }
        assert!(matches!(classify(&SendResult::TimedOut, T0), Outcome::Retry { .. }));
        assert!(matches!(classify(&SendResult::NetworkError("offline".into()), T0), Outcome::Retry { .. }));
    }

    #[test]
    fn a_rejection_keeps_the_servers_message() {
        let result = SendResult::Answered {
            status: 400,
            retry_after: None,
            body: r#"{"error":"bad_request","message":"The answers are not a list."}"#.into(),
        };
        assert_eq!(
            classify(&result, T0),
            Outcome::Rejected { reason: "The backend refused this response (400): The answers are not a list.".into() }
        );
        let long = SendResult::Answered { status: 503, retry_after: None, body: "x".repeat(1_000) };
        let Outcome::Retry { reason, .. } = classify(&long, T0) else { panic!() };
        assert!(reason.chars().count() < 340 && reason.ends_with("…."), "{reason}");
    }

    #[test]
    fn retry_after_on_a_503_is_read() {
        let result = SendResult::Answered { status: 503, retry_after: Some("7".into()), body: String::new() };
        assert_eq!(
            classify(&result, T0),
            Outcome::Retry { reason: "The backend answered 503.".into(), retry_after_ms: Some(7_000) }
        );
    }

    #[test]
    fn a_2xx_deletes_the_record() {
        let r = record().start_attempt();
        assert_eq!(r.settle(Outcome::Delivered, T0, 0.5, &Backoff::default()), Settled::Delete);
    }

    #[test]
    fn failures_wait_longer_each_time_with_a_fake_clock() {
        let backoff = Backoff::default();
        let mut r = record();
        let mut now = T0;
        let mut waits = Vec::new();
        for _ in 0..11 {
            assert!(r.is_due(now));
            r = r.start_attempt();
            assert_eq!(r.state, RecordState::Sending);
            let outcome = classify(&answered(503), now);
            let Settled::Keep(next) = r.settle(outcome, now, 0.999_999, &backoff) else { panic!("kept") };
            assert_eq!(next.state, RecordState::Waiting);
            assert_eq!(next.last_error.as_deref(), Some("The backend answered 503."));
            waits.push((next.next_attempt_at - now + 500) / 1_000);
            now = next.next_attempt_at;
            r = next;
        }
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
        assert_eq!(r.attempts, 11);
    }

    #[test]
    fn a_rejected_record_is_kept_and_never_due_again() {
        let r = record().start_attempt();
        let outcome = classify(&answered(409), T0);
        let Settled::Keep(r) = r.settle(outcome, T0, 0.5, &Backoff::default()) else { panic!("kept") };
        assert_eq!(r.state, RecordState::Rejected);
        assert_eq!(r.last_error.as_deref(), Some("The backend refused this response (409)."));
        assert!(!r.is_due(T0 + 365 * 86_400_000));
        assert_eq!(next_due(&[r]), None);
    }

    #[test]
    fn a_record_left_sending_by_a_crashed_tab_waits_again() {
        let r = record().start_attempt();
        assert!(!r.is_due(T0));
        let r = r.recover();
        assert_eq!(r.state, RecordState::Waiting);
        assert!(r.is_due(T0));
        assert_eq!(r.attempts, 1, "the attempt still counts");
    }

    #[test]
    fn coming_back_online_makes_a_waiting_record_due_at_once() {
        // Regression: records that failed while offline waited out their
        // grown backoff (up to 5 minutes) after the network came back.
        let backoff = Backoff::default();
        let mut r = record();
        for _ in 0..8 {
            r = r.start_attempt();
            let Settled::Keep(next) =
                r.settle(classify(&SendResult::NetworkError("offline".into()), T0), T0, 0.9, &backoff)
            else {
                panic!("kept")
            };
            r = next;
        }
        assert!(!r.is_due(T0 + 60_000), "the backoff has grown to minutes");
        let r = r.retry_now(T0 + 60_000);
        assert!(r.is_due(T0 + 60_000));
        assert_eq!(r.attempts, 8, "the attempts still count");

        let mut rejected = record().start_attempt();
        rejected.state = RecordState::Rejected;
        assert!(!rejected.retry_now(T0).is_due(T0), "a rejected record stays set aside");
    }

    #[test]
    fn the_timer_wakes_for_the_earliest_waiting_record() {
        let mut a = record();
        a.next_attempt_at = T0 + 5_000;
        let mut b = record();
        b.next_attempt_at = T0 + 2_000;
        let mut c = record();
        c.state = RecordState::Rejected;
        c.next_attempt_at = T0;
        assert_eq!(next_due(&[a, b, c]), Some(T0 + 2_000));
        assert_eq!(next_due(&[]), None);
    }

    #[test]
    fn records_round_trip_through_json_for_storage() {
        let r = record();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<OutboxRecord>(&json).unwrap(), r);
        assert!(json.contains(r#""state":"waiting""#));
    }
}
