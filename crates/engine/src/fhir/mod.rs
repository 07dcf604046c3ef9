//! FHIR R4 adapters: Heard responses written as QuestionnaireResponses.
//!
//! FHIR is an adapter to and from the engine model, not the engine model
//! itself. The types here are a hand-written subset of FHIR R4 in FHIR's
//! own JSON shape (camelCase names, `value[x]` as one element per kind,
//! empty elements left out) and know nothing of pages, conditions or
//! answers in progress; [`to_questionnaire_response`] translates.
//!
//! Invariant: the QuestionnaireResponse identifier is the Heard response
//! id (`urn:uuid:<id>` in system `urn:ietf:rfc:3986`), so one submission
//! sent in both formats is recognised as one response.
//!
//! Invariant: elements the subset does not model are kept in
//! `extra_fields` and written back, never dropped.
//!
//! # Example
//!
//! ```
//! use heard_engine::{parse_survey, response_id_from_questionnaire_response, to_questionnaire_response,
//!                    Answers, ResponseId, ResponseMeta, Timestamp};
//!
//! let survey = parse_survey(r#"{"id": "fft", "version": "1.0.0", "title": "Your visit",
//!   "privacy_notice": "Anonymous.", "pages": [{"id": "p1", "items": [
//!     {"id": "q1", "type": "yes_no", "text": "Were you treated with kindness?"}]}]}"#).unwrap();
//! let mut answers = Answers::new();
//! answers.set_choice("q1", "yes");
//! let response = survey.build_response(&answers, ResponseMeta {
//!     id: ResponseId::from_random_bytes([7; 16]),
//!     started_at: Timestamp::from_unix_millis(0),
//!     submitted_at: Timestamp::from_unix_millis(60_000),
//!     locale: "en".into(),
//!     context: Default::default(),
//! }).unwrap();
//!
//! let fhir = to_questionnaire_response(&survey, &response);
//! assert_eq!(fhir.questionnaire.as_deref(), Some("urn:heard:questionnaire:fft|1.0.0"));
//! assert_eq!(response_id_from_questionnaire_response(&fhir), Some(response.id));
//! let json = serde_json::to_value(&fhir).unwrap();
//! assert_eq!(json["item"][0]["item"][0]["answer"][0]["valueBoolean"], true);
//! ```

mod export;
mod questionnaire_response;

pub use self::export::{
    response_id_from_questionnaire_response, survey_ref_from_questionnaire_response, to_questionnaire_response,
    CODE_SYSTEM_PREFIX, IDENTIFIER_SYSTEM_URI, QUESTIONNAIRE_CANONICAL_PREFIX,
};
pub use self::questionnaire_response::{
    Coding, Identifier, QuestionnaireResponse, QuestionnaireResponseAnswerValue, QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer, QuestionnaireResponseStatus, ResourceType,
};
