//! Delivery: whether the responses a person submitted have reached the
//! backend, in the words they are shown. It is read off the outbox, so the
//! person is only ever told what is true of their response right now.

use crate::{OutboxRecord, RecordState};

/// What the person is told about the responses they submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Nothing submitted yet.
    Idle,
    /// Stored on the device; the first attempt to send it has not finished.
    Sending,
    /// The backend has it.
    Sent,
    /// On the device, waiting to be sent.
    SavedOffline,
    /// The backend refused it; it is kept on the device.
    Refused,
}

impl DeliveryStatus {
    /// The status of the responses whose ids satisfy `mine`, given the
    /// outbox's records: refused if the backend refused any of them, sent
    /// once none is left in the outbox (a record leaves it only after a
    /// 2xx), and otherwise saved on the device. With none of theirs
    /// submitted, `Idle`.
    pub fn of(mine: &[String], records: &[OutboxRecord]) -> DeliveryStatus {
        if mine.is_empty() {
            return DeliveryStatus::Idle;
        }
        let mut theirs = records.iter().filter(|r| mine.contains(&r.id)).peekable();
        if theirs.peek().is_none() {
            return DeliveryStatus::Sent;
        }
        if theirs.any(|r| r.state == RecordState::Rejected) {
            DeliveryStatus::Refused
        } else {
            DeliveryStatus::SavedOffline
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, state: RecordState) -> OutboxRecord {
        let mut r = OutboxRecord::new(id.into(), "https://e/".into(), "application/json".into(), "{}".into(), 0);
        r.state = state;
        r
    }

    #[test]
    fn the_person_is_told_what_is_true_of_their_own_responses() {
        let mine = vec!["a".to_owned()];
        assert_eq!(DeliveryStatus::of(&[], &[record("a", RecordState::Waiting)]), DeliveryStatus::Idle);
        assert_eq!(DeliveryStatus::of(&mine, &[]), DeliveryStatus::Sent);
        // Another tab's or visit's record says nothing about theirs.
        assert_eq!(DeliveryStatus::of(&mine, &[record("b", RecordState::Rejected)]), DeliveryStatus::Sent);
        assert_eq!(DeliveryStatus::of(&mine, &[record("a", RecordState::Waiting)]), DeliveryStatus::SavedOffline);
        assert_eq!(DeliveryStatus::of(&mine, &[record("a", RecordState::Sending)]), DeliveryStatus::SavedOffline);
        let two = vec!["a".to_owned(), "c".to_owned()];
        let records = [record("a", RecordState::Waiting), record("c", RecordState::Rejected)];
        assert_eq!(DeliveryStatus::of(&two, &records), DeliveryStatus::Refused);
    }
}
