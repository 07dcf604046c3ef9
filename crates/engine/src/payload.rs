//! The bytes a response is sent as, in the format the host chose. They are
//! built once, at submit, so that every attempt sends the same bytes under
//! the same `Idempotency-Key`.

use crate::{to_questionnaire_response, Response, Survey};

/// The format responses are posted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayloadFormat {
    /// Heard's own response format (`heard-response/1`).
    #[default]
    Heard,
    /// A FHIR R4 QuestionnaireResponse.
    Fhir,
}

impl PayloadFormat {
    /// The format named `name` (`heard` or `fhir`), or `None` for any other.
    pub fn parse(name: &str) -> Option<PayloadFormat> {
        match name {
            "heard" => Some(PayloadFormat::Heard),
            "fhir" => Some(PayloadFormat::Fhir),
            _ => None,
        }
    }
}

/// A response ready to post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    /// `application/json` or `application/fhir+json`.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
}

impl Survey {
    /// `response` as it is posted in `format`.
    pub fn payload(&self, response: &Response, format: PayloadFormat) -> Payload {
        // Both are plain data (strings, numbers, maps), so they always serialise.
        match format {
            PayloadFormat::Heard => {
                Payload { content_type: "application/json", body: serde_json::to_string(response).unwrap_or_default() }
            }
            PayloadFormat::Fhir => Payload {
                content_type: "application/fhir+json",
                body: serde_json::to_string(&to_questionnaire_response(self, response)).unwrap_or_default(),
            },
        }
    }
}
