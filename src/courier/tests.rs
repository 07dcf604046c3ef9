//! The courier on a fake clock against a scripted server: a native twin of
//! every chaos scenario, running in milliseconds. The Playwright chaos tests
//! (`tests/e2e/chaos.test.mjs`) stay as the real-browser proof; the
//! schedule's exact figures are the engine's backoff tests.

use std::cell::RefCell;
use std::rc::Rc;

use heard_engine::{DeliveryStatus, Payload, RecordState};

use super::{outbox_name, Courier, Hooks};
use crate::io::lock::{LeaseLock, LEASE_MS};
use crate::io::memory::{Counter, Reply, ScriptedTransport, Tab, World, WorldClock, WorldTimers};
use crate::io::SendLock;

const ENDPOINT: &str = "https://collector.example/responses";

/// What the courier told its widget, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Heard {
    Status(DeliveryStatus),
    Storage(String),
    Delivered(String),
    Rejected(String, String),
}

type Log = Rc<RefCell<Vec<Heard>>>;

fn courier(tab: &Tab, log: &Log) -> Courier {
    let (a, b, c, d) = (log.clone(), log.clone(), log.clone(), log.clone());
    let hooks = Hooks {
        on_status: Box::new(move |s| a.borrow_mut().push(Heard::Status(s))),
        on_storage_failure: Box::new(move |r| b.borrow_mut().push(Heard::Storage(r))),
        on_delivered: Box::new(move |id| c.borrow_mut().push(Heard::Delivered(id))),
        on_rejected: Box::new(move |id, r| d.borrow_mut().push(Heard::Rejected(id, r))),
    };
    let mut headers = serde_json::Map::new();
    headers.insert("Authorization".into(), "Bearer host-token".into());
    Courier::new(ENDPOINT.to_owned(), headers, tab.io.clone(), hooks)
}

/// Submits a response with this id, as the state bridge does.
fn submit(world: &World, tab: &Tab, courier: &Courier, id: &str) {
    let (courier, id) = (courier.clone(), id.to_owned());
    let body = format!(r#"{{"id":"{id}"}}"#);
    tab.io.spawn.spawn(Box::pin(async move {
        courier.submit(id, Payload { content_type: "application/json", body }).await;
    }));
    world.settle();
}

fn last_status(log: &Log) -> Option<DeliveryStatus> {
    log.borrow().iter().rev().find_map(|h| match h {
        Heard::Status(s) => Some(*s),
        _ => None,
    })
}

fn delivered(log: &Log) -> Vec<String> {
    log.borrow()
        .iter()
        .filter_map(|h| match h {
            Heard::Delivered(id) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn setup() -> (Rc<World>, Tab, Courier, Log) {
    let world = World::new();
    let tab = Tab::new(&world, None, 1);
    let log = Log::default();
    let courier = courier(&tab, &log);
    (world, tab, courier, log)
}

#[test]
fn a_response_is_stored_before_it_is_sent_and_deleted_once_acknowledged() {
    let (world, tab, courier, log) = setup();
    tab.transport.then(Reply::Status { status: 201, retry_after: None, after_ms: 300 });
    submit(&world, &tab, &courier, "r1");
    // The request is in flight: the record is on the device, marked sending.
    let records = tab.opener.outbox.records();
    assert_eq!(records.len(), 1);
    assert_eq!((records[0].state, records[0].attempts), (RecordState::Sending, 1));
    assert_eq!(last_status(&log), Some(DeliveryStatus::Sending));
    world.advance(300);
    assert!(tab.opener.outbox.records().is_empty());
    assert_eq!(delivered(&log), ["r1"]);
    assert_eq!(last_status(&log), Some(DeliveryStatus::Sent));
    let seen = tab.transport.seen.borrow();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body, r#"{"id":"r1"}"#);
    assert_eq!(seen[0].headers["Authorization"], "Bearer host-token");
    assert_eq!(world.pending_timers(), 0, "nothing left to wake up for");
}

#[test]
fn offline_nothing_is_attempted_and_coming_online_sends_at_once() {
    // Regression (issue 8, defect 6): the courier used to try while the
    // browser said it was offline, so a record read mid-try was `sending`.
    let (world, tab, courier, log) = setup();
    tab.transport.online.set(false);
    submit(&world, &tab, &courier, "r1");
    world.advance(10 * 60_000);
    assert!(tab.transport.requests().is_empty(), "no request while offline");
    let records = tab.opener.outbox.records();
    assert_eq!((records[0].state, records[0].attempts), (RecordState::Waiting, 0));
    assert_eq!(last_status(&log), Some(DeliveryStatus::SavedOffline));
    assert_eq!(world.pending_timers(), 0, "no timer spins while offline");

    tab.transport.online.set(true);
    courier.online();
    world.advance(100);
    assert_eq!(tab.transport.requests(), [("r1".to_owned(), world.now() - 100)]);
    assert_eq!(delivered(&log), ["r1"]);
    assert_eq!(last_status(&log), Some(DeliveryStatus::Sent));
}

#[test]
fn coming_online_skips_the_backoff_that_grew_on_a_network_that_went_nowhere() {
    let (world, tab, courier, log) = setup();
    for _ in 0..6 {
        tab.transport.then(Reply::NetworkError);
    }
    submit(&world, &tab, &courier, "r1");
    // Six failures: the next attempt is 0.5 × 32 s after the sixth.
    world.advance(30_000);
    let attempts = tab.transport.requests().len();
    assert!(attempts >= 5, "{attempts} attempts in 30 s");
    let waiting = tab.opener.outbox.records()[0].next_attempt_at - world.now();
    assert!(waiting > 0, "the record is backing off");
    courier.online();
    world.settle();
    world.advance(100);
    assert_eq!(delivered(&log), ["r1"], "sent at once, not after the backoff");
}

#[test]
fn a_503_storm_is_retried_on_the_engines_schedule_until_delivered_once() {
    let (world, tab, courier, log) = setup();
    for _ in 0..5 {
        tab.transport.then(Reply::Status { status: 503, retry_after: None, after_ms: 0 });
    }
    submit(&world, &tab, &courier, "r1");
    world.advance(60_000);
    let starts: Vec<i64> = tab.transport.requests().iter().map(|(_, at)| *at).collect();
    assert_eq!(starts.len(), 6, "five 503s, then the 201");
    // With jitter fixed at 0.5, the gaps are half of 1, 2, 4, 8 and 16 s.
    let gaps: Vec<i64> = starts.windows(2).map(|w| w[1] - w[0]).collect();
    assert_eq!(gaps, [500, 1_000, 2_000, 4_000, 8_000]);
    assert_eq!(delivered(&log), ["r1"]);
    assert_eq!(tab.transport.stored.borrow().len(), 1);
    assert!(tab.opener.outbox.records().is_empty());
}

#[test]
fn retry_after_is_a_lower_bound_on_the_next_attempt() {
    let (world, tab, courier, log) = setup();
    tab.transport.then(Reply::Status { status: 503, retry_after: Some("30".into()), after_ms: 0 });
    submit(&world, &tab, &courier, "r1");
    let failed_at = world.now();
    world.advance(29_999);
    assert_eq!(tab.transport.requests().len(), 1, "nothing before Retry-After");
    let record = &tab.opener.outbox.records()[0];
    assert_eq!(record.next_attempt_at, failed_at + 30_000);
    assert!(record.last_error.as_deref().unwrap().contains("503"));
    world.advance(1);
    assert_eq!(tab.transport.requests().len(), 2);
    world.advance(100);
    assert_eq!(delivered(&log), ["r1"]);
}

#[test]
fn a_lost_reply_is_retried_with_the_same_bytes_and_stored_once() {
    let (world, tab, courier, log) = setup();
    tab.transport.then(Reply::StoredButLost { after_ms: 15_000 });
    submit(&world, &tab, &courier, "r1");
    world.advance(15_000);
    assert_eq!(tab.opener.outbox.records()[0].state, RecordState::Waiting, "kept: the widget cannot know");
    world.advance(60_000);
    let seen = tab.transport.seen.borrow();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body, "the retry sends the same bytes");
    assert_eq!(seen[0].id, seen[1].id, "under the same Idempotency-Key");
    assert_eq!(tab.transport.stored.borrow().len(), 1);
    assert_eq!(delivered(&log), ["r1"]);
}

#[test]
fn a_400_is_kept_as_rejected_reported_once_and_never_sent_again() {
    let (world, tab, courier, log) = setup();
    tab.transport.then(Reply::status(400));
    submit(&world, &tab, &courier, "r1");
    world.advance(24 * 60 * 60_000);
    assert_eq!(tab.transport.requests().len(), 1);
    let records = tab.opener.outbox.records();
    assert_eq!(records[0].state, RecordState::Rejected);
    let rejected: Vec<Heard> = log.borrow().iter().filter(|h| matches!(h, Heard::Rejected(..))).cloned().collect();
    assert_eq!(rejected, [Heard::Rejected("r1".into(), "The backend refused this response (400).".into())]);
    assert_eq!(last_status(&log), Some(DeliveryStatus::Refused));
    courier.online();
    courier.shown();
    world.advance(60_000);
    assert_eq!(tab.transport.requests().len(), 1, "a rejected record waits for a person");
}

/// Whether any record was ever being sent by two requests at once.
fn overlapping_sends(transport: &ScriptedTransport) -> Vec<String> {
    let seen = transport.seen.borrow();
    let mut overlaps = Vec::new();
    for (i, a) in seen.iter().enumerate().filter(|(_, s)| !s.keepalive) {
        for b in seen.iter().skip(i + 1).filter(|s| !s.keepalive && s.id == a.id) {
            let a_end = a.ended.unwrap_or(i64::MAX);
            if b.started < a_end {
                overlaps.push(a.id.clone());
            }
        }
    }
    overlaps
}

#[test]
fn two_tabs_share_one_sender_and_every_response_arrives_once() {
    let world = World::new();
    let first = Tab::new(&world, None, 1);
    let second = Tab::new(&world, Some(&first), 100);
    let (log_a, log_b) = (Log::default(), Log::default());
    let (a, b) = (courier(&first, &log_a), courier(&second, &log_b));
    for n in 0..3 {
        first.transport.then(Reply::Status { status: 503, retry_after: None, after_ms: 400 });
        submit(&world, &first, &a, &format!("a{n}"));
        submit(&world, &second, &b, &format!("b{n}"));
    }
    world.advance(5 * 60_000);
    assert!(overlapping_sends(&first.transport).is_empty());
    assert_eq!(first.transport.stored.borrow().len(), 6);
    assert!(first.opener.outbox.records().is_empty());
    let mut all = delivered(&log_a);
    all.extend(delivered(&log_b));
    all.sort();
    assert_eq!(all, ["a0", "a1", "a2", "b0", "b1", "b2"], "each delivered once, by whichever tab sent it");
    // Each tab tells its person about their own response.
    assert_eq!(last_status(&log_a), Some(DeliveryStatus::Sent));
    assert_eq!(last_status(&log_b), Some(DeliveryStatus::Sent));
}

/// Two tabs without Web Locks: each takes the lease in the shared
/// `localStorage` twin.
fn lease_tabs(world: &Rc<World>) -> (Tab, Tab) {
    let first = Tab::new(world, None, 1);
    let lease = |seed: u8| -> Rc<dyn SendLock> {
        Rc::new(LeaseLock::new(
            Rc::new(first.drafts.clone()),
            Rc::new(WorldClock(world.clone())),
            &Counter::new(seed),
            Rc::new(WorldTimers(world.clone())),
        ))
    };
    let a = Tab::with_lock(world, first.drafts.clone(), first.opener.clone(), first.transport.clone(), lease(1), 1);
    let b = Tab::with_lock(world, first.drafts.clone(), first.opener.clone(), first.transport.clone(), lease(2), 100);
    (a, b)
}

#[test]
fn on_the_lease_path_a_flush_longer_than_the_lease_never_shares_a_record_with_another_tab() {
    // Regression (issue 8, defect 3): the lease was never renewed, so a
    // flush of several 15-second time-outs outlived its 60 seconds, and a
    // second tab took the lease and sent the records still in flight.
    let world = World::new();
    let (first, second) = lease_tabs(&world);
    let (log_a, log_b) = (Log::default(), Log::default());
    let a = courier(&first, &log_a);
    let b = courier(&second, &log_b);
    // Five records wait on the device; when it comes online, each first
    // attempt times out after 15 s: one flush of 75 s, longer than a lease.
    first.transport.online.set(false);
    for n in 0..5 {
        first.transport.then(Reply::TimedOut { after_ms: 15_000 });
        submit(&world, &first, &a, &format!("r{n}"));
    }
    first.transport.online.set(true);
    a.online();
    world.settle();
    assert_eq!(first.transport.requests().len(), 1, "the first tab is sending");
    // The second tab wakes often, as a busy page would.
    for _ in 0..60 {
        world.advance(2_000);
        b.shown();
        world.settle();
    }
    world.advance(10 * 60_000);
    assert_eq!(overlapping_sends(&first.transport), Vec::<String>::new(), "no record was sent twice at once");
    assert_eq!(first.transport.stored.borrow().len(), 5);
    assert!(first.opener.outbox.records().is_empty());
    let mut all = delivered(&log_a);
    all.extend(delivered(&log_b));
    all.sort();
    assert_eq!(all, ["r0", "r1", "r2", "r3", "r4"]);
    const { assert!(LEASE_MS < 75_000, "the scenario outlasts a lease") };
    let lease_key = format!("{}:lease", outbox_name(ENDPOINT));
    assert_eq!(first.drafts.values.borrow().get(&lease_key), None, "the lease is given up after the flush");
}

#[test]
fn a_lease_held_by_a_tab_that_died_expires() {
    let world = World::new();
    let (first, _) = lease_tabs(&world);
    let key = format!("{}:lease", outbox_name(ENDPOINT));
    // A tab that crashed mid-flush left its lease behind.
    first.drafts.values.borrow_mut().insert(key.clone(), format!("dead {}", world.now() + LEASE_MS));
    let log = Log::default();
    let a = courier(&first, &log);
    submit(&world, &first, &a, "r1");
    world.advance(LEASE_MS - 1_000);
    assert!(first.transport.requests().is_empty(), "the other tab's lease is respected while it lasts");
    world.advance(5_000);
    assert_eq!(delivered(&log), ["r1"]);
}

#[test]
fn storage_that_cannot_be_opened_falls_back_to_memory_and_says_so_once() {
    let world = World::new();
    let tab = Tab::new(&world, None, 1);
    tab.opener.unavailable.set(true);
    let log = Log::default();
    let courier = courier(&tab, &log);
    tab.transport.online.set(false);
    submit(&world, &tab, &courier, "r1");
    submit(&world, &tab, &courier, "r2");
    let storage_failures = log.borrow().iter().filter(|h| matches!(h, Heard::Storage(_))).count();
    assert_eq!(storage_failures, 1, "{:?}", log.borrow());
    tab.transport.online.set(true);
    courier.online();
    world.advance(1_000);
    assert_eq!(delivered(&log), ["r1", "r2"]);
}

#[test]
fn a_write_that_fails_keeps_the_response_in_memory_and_still_sends_it() {
    let (world, tab, courier, log) = setup();
    tab.opener.outbox.failing_writes.set(true);
    submit(&world, &tab, &courier, "r1");
    assert!(matches!(&log.borrow()[0], Heard::Storage(reason) if reason.contains("QuotaExceeded")));
    world.advance(1_000);
    assert_eq!(delivered(&log), ["r1"]);
}

#[test]
fn leaving_the_page_fires_each_waiting_record_with_keepalive_and_keeps_it() {
    let (world, tab, courier, _log) = setup();
    tab.transport.then(Reply::NetworkError);
    submit(&world, &tab, &courier, "r1");
    courier.leaving();
    let keepalives: Vec<String> =
        tab.transport.seen.borrow().iter().filter(|s| s.keepalive).map(|s| s.id.clone()).collect();
    assert_eq!(keepalives, ["r1"]);
    assert_eq!(tab.opener.outbox.records().len(), 1, "kept until a 2xx is seen");
}

#[test]
fn a_stopped_courier_sends_nothing_more() {
    let (world, tab, courier, _log) = setup();
    tab.transport.then(Reply::NetworkError);
    submit(&world, &tab, &courier, "r1");
    courier.stop();
    assert_eq!(world.pending_timers(), 0);
    courier.online();
    world.advance(10 * 60_000);
    assert_eq!(tab.transport.requests().len(), 1);
    assert_eq!(tab.opener.outbox.records().len(), 1, "the record waits for the next visit");
}

#[test]
fn records_of_another_endpoint_are_left_alone() {
    let world = World::new();
    let tab = Tab::new(&world, None, 1);
    let log = Log::default();
    let other = {
        let hooks = Hooks {
            on_status: Box::new(|_| {}),
            on_storage_failure: Box::new(|_| {}),
            on_delivered: Box::new(|_| {}),
            on_rejected: Box::new(|_, _| {}),
        };
        Courier::new("https://elsewhere.example/".into(), Default::default(), tab.io.clone(), hooks)
    };
    tab.transport.online.set(false);
    submit(&world, &tab, &other, "theirs");
    tab.transport.online.set(true);
    let mine = courier(&tab, &log);
    mine.flush();
    world.advance(60_000);
    assert!(tab.transport.requests().is_empty());
    assert_eq!(tab.opener.outbox.records().len(), 1);
}
