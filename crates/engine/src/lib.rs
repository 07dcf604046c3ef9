//! Heard's survey engine: everything about a survey except drawing it.
//!
//! The engine reads a survey definition (JSON written by co-designers),
//! checks it and explains every mistake in plain English, decides which
//! pages and questions are shown for the answers so far, validates answers
//! with GOV.UK-style messages, moves between pages, writes the "check your
//! answers" summary, and builds the response that is sent. The Leptos widget
//! only renders what the engine has decided and calls its methods.
//!
//! Architecture Invariant: the engine has no web dependencies (no Leptos,
//! web-sys, wasm-bindgen, js-sys or Gloo) and reads no clock and no random
//! numbers. Time and random bytes are inputs, so every function here is a
//! plain function of its arguments and is tested natively.
//!
//! Architecture Invariant: answers are kept raw ([`Answers`]), so nothing a
//! person typed is ever lost, even while it is invalid.
//!
//! Architecture Invariant: conditions only look backwards (the checker
//! rejects anything else), so one forward pass decides every page's and
//! item's visibility.
//!
//! Architecture Invariant: a hidden item's answer is never sent; the
//! response holds answers to shown items only.
//!
//! Architecture Invariant: nothing panics, whatever the definition, answers
//! or input text. Analysis returns data (`Vec<Problem>`, `Vec<AnswerIssue>`)
//! rather than failing.
//!
//! # Example
//!
//! ```
//! use heard_engine::{parse_survey, Answers, ResponseId, ResponseMeta, Timestamp};
//!
//! let survey = parse_survey(r#"{
//!   "id": "fft", "version": "1.0.0", "title": "Tell us about your visit",
//!   "privacy_notice": "We do not ask for your name.",
//!   "pages": [{ "id": "p1", "items": [
//!     { "id": "q1", "type": "yes_no", "text": "Were you treated with kindness?", "required": true },
//!     { "id": "q2", "type": "long_text", "text": "What could we do better?",
//!       "show_if": { "item": "q1", "equals": "no" } }
//!   ]}]
//! }"#).expect("a valid survey");
//!
//! let mut answers = Answers::new();
//! assert_eq!(survey.validate_page(0, &answers)[0].message,
//!            "Select an answer for “Were you treated with kindness?”");
//!
//! answers.set_choice("q1", "yes");
//! answers.set_text("q2", "typed, then hidden");
//! assert!(!survey.is_item_visible("q2", &answers));
//!
//! let response = survey.build_response(&answers, ResponseMeta {
//!     id: ResponseId::from_random_bytes([7; 16]),
//!     started_at: Timestamp::from_unix_millis(1_795_435_200_000),
//!     submitted_at: Timestamp::from_unix_millis(1_795_435_260_000),
//!     locale: "en".into(),
//!     context: Default::default(),
//! }).expect("no issues");
//! assert_eq!(response.answers.len(), 1); // q2 is hidden, so it is not sent
//! ```

mod answers;
mod calendar;
mod check;
mod condition;
mod definition;
mod delivery;
mod draft;
mod fhir;
mod id;
mod json_value;
mod messages;
mod navigate;
mod number;
mod outbox;
mod payload;
mod response;
mod session;
mod stored;
mod summary;
mod survey;
mod text;
mod time;
mod validate;
mod visibility;

pub use self::answers::{Answer, Answers, DatePart};
pub use self::check::{check, DefinitionError, Problem, ProblemKind};
pub use self::condition::{Condition, Test};
pub use self::definition::{
    standard_likert_options, AnswerOption, Definition, Item, ItemKind, OtherOption, Page, LONG_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
};
pub use self::delivery::DeliveryStatus;
pub use self::draft::{format_day, Draft, DraftFound};
pub use self::fhir::{
    response_id_from_questionnaire_response, survey_ref_from_questionnaire_response, to_questionnaire_response, Coding,
    Identifier, QuestionnaireResponse, QuestionnaireResponseAnswerValue, QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer, QuestionnaireResponseStatus, ResourceType, CODE_SYSTEM_PREFIX,
    IDENTIFIER_SYSTEM_URI, QUESTIONNAIRE_CANONICAL_PREFIX,
};
pub use self::id::ResponseId;
pub use self::navigate::Progress;
pub use self::outbox::{
    classify, next_due, parse_retry_after, Backoff, OutboxRecord, Outcome, RecordState, SendResult, Settled,
};
pub use self::payload::{Payload, PayloadFormat};
pub use self::response::{Response, ResponseAnswer, ResponseMeta, ResponseValue, SurveyRef, RESPONSE_FORMAT};
pub use self::session::{DraftOffer, Screen, Session, SessionOptions, StoredDraft, SubmitMeta};
pub use self::summary::SummaryRow;
pub use self::survey::{parse_survey, Survey};
pub use self::text::Text;
pub use self::time::Timestamp;
pub use self::validate::{AnswerIssue, AnswerIssueKind, Field, TextRoom, OTHER_DETAIL_MAX_LENGTH};
pub use self::visibility::{Visibility, VisibilityChange};
