//! Drafts: a person's unfinished answers, saved on their device as they go,
//! so a reload, a crash or a closed tab loses nothing.
//!
//! A draft belongs to one survey id and version. A draft for another version
//! of the same survey is never applied silently: its questions, codes or
//! conditions may have changed, so the person is told and starts afresh.

use serde::{Deserialize, Serialize};

use crate::calendar::{civil_from_days, month_name};
use crate::{Answers, ResponseId, Survey, Timestamp};

/// Unfinished answers to one survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The survey's id.
    pub survey_id: String,
    /// The survey's version when the person started.
    pub survey_version: String,
    /// The response id made when the person started; the response keeps it.
    pub response_id: ResponseId,
    /// When the person started.
    pub started_at: Timestamp,
    /// When the draft was last saved.
    pub saved_at: Timestamp,
    /// The answers, exactly as entered.
    pub answers: Answers,
    /// The page the person was on, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<usize>,
}

/// What was found in the draft store for a survey.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftFound {
    /// Nothing, or nothing for this survey.
    Nothing,
    /// A draft for this version: offer to continue it.
    Resumable(Draft),
    /// A draft for another version of this survey: say so, and start afresh.
    OtherVersion {
        /// The version the draft was for.
        version: String,
    },
    /// Something that is not a draft (damaged or from an unknown release):
    /// start afresh without a word, since there is nothing the person can do.
    Unreadable,
}

impl Survey {
    /// The storage key of this survey's draft. Drafts are keyed by survey id
    /// only, so that a draft of an older version is found and reported.
    pub fn draft_key(&self) -> String {
        format!("heard:draft:{}", self.id())
    }

    /// A new, empty draft for this survey.
    pub fn new_draft(&self, response_id: ResponseId, started_at: Timestamp) -> Draft {
        Draft {
            survey_id: self.id().to_owned(),
            survey_version: self.definition().version.clone(),
            response_id,
            started_at,
            saved_at: started_at,
            answers: Answers::new(),
            page: None,
        }
    }

    /// Reads what the draft store held under [`Survey::draft_key`].
    pub fn read_draft(&self, stored: Option<&str>) -> DraftFound {
        let Some(stored) = stored else { return DraftFound::Nothing };
        let Some(draft) = Draft::from_json(stored) else { return DraftFound::Unreadable };
        if draft.survey_id != self.id() {
            return DraftFound::Nothing;
        }
        if draft.survey_version != self.definition().version {
            return DraftFound::OtherVersion { version: draft.survey_version };
        }
        DraftFound::Resumable(draft)
    }
}

impl Draft {
    /// The draft as stored.
    pub fn to_json(&self) -> String {
        // A draft is plain data (strings, numbers, maps); it always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A date as people write it in the UK, e.g. "23 November 2026" (UTC).
pub fn format_day(at: Timestamp) -> String {
    let (year, month, day) = civil_from_days(at.unix_millis().div_euclid(86_400_000));
    format!("{day} {} {year}", month_name(month))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_survey;

    const SURVEY: &str = r#"{"id": "fft", "version": "2", "title": "T", "privacy_notice": "P",
        "pages": [{"id": "p", "items": [{"id": "q", "type": "yes_no", "text": "Q?"}]}]}"#;

    fn survey() -> Survey {
        parse_survey(SURVEY).unwrap()
    }

    fn draft() -> Draft {
        let mut d =
            survey().new_draft(ResponseId::from_random_bytes([7; 16]), Timestamp::from_unix_millis(1_795_435_200_000));
        d.answers.set_choice("q", "yes");
        d.page = Some(0);
        d
    }

    #[test]
    fn a_saved_draft_for_the_same_version_can_be_resumed() {
        let saved = draft().to_json();
        assert_eq!(survey().read_draft(Some(&saved)), DraftFound::Resumable(draft()));
        assert_eq!(survey().draft_key(), "heard:draft:fft");
    }

    #[test]
    fn a_draft_for_another_version_is_reported_not_applied() {
        let mut old = draft();
        old.survey_version = "1".into();
        assert_eq!(survey().read_draft(Some(&old.to_json())), DraftFound::OtherVersion { version: "1".into() });
    }

    #[test]
    fn nothing_or_rubbish_in_the_store_starts_afresh() {
        assert_eq!(survey().read_draft(None), DraftFound::Nothing);
        assert_eq!(survey().read_draft(Some("{not json")), DraftFound::Unreadable);
        assert_eq!(survey().read_draft(Some(r#"{"survey_id": 5}"#)), DraftFound::Unreadable);
        let mut other = draft();
        other.survey_id = "another".into();
        assert_eq!(survey().read_draft(Some(&other.to_json())), DraftFound::Nothing);
    }

    #[test]
    fn start_dates_read_as_people_write_them() {
        assert_eq!(format_day(Timestamp::from_unix_millis(1_795_435_200_000)), "23 November 2026");
        assert_eq!(format_day(Timestamp::from_unix_millis(0)), "1 January 1970");
    }
}
