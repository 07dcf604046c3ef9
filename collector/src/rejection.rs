//! Why a request was refused, as the JSON body every refusal carries.
//!
//! The widget's outbox decides from the status code whether to retry (5xx,
//! network errors) or give up (4xx). The JSON body is for the person
//! setting a site up: `error` is a stable name to match on, and `message`
//! says in plain English what is wrong and how to fix it.

use std::fmt;

use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use heard_engine::ResponseId;

use crate::request_log::LoggedId;

/// A refused request: what kind of problem, and a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    kind: RejectionKind,
    message: String,
    id: Option<ResponseId>,
}

/// What kind of problem made the collector refuse a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionKind {
    /// Occurs when the body is not JSON at all, or not UTF-8.
    NotJson,
    /// Occurs when the body is JSON but not a Heard response (its `format`
    /// is missing or not `heard-response/1`), or, for FHIR, not a
    /// QuestionnaireResponse.
    WrongFormat,
    /// Occurs when a response has no id (for FHIR: no `identifier`).
    MissingId,
    /// Occurs when a response id is not a UUID (for FHIR: the identifier is
    /// not `urn:uuid:…` in system `urn:ietf:rfc:3986`).
    InvalidId,
    /// Occurs when a response does not say which survey, and which version
    /// of it, it answers.
    MissingSurvey,
    /// Occurs when some other part of a response is malformed, such as an
    /// answer without an item or a timestamp that is not RFC 3339.
    InvalidResponse,
    /// Occurs when an `Idempotency-Key` header differs from the response id.
    IdempotencyKeyMismatch,
    /// Occurs when a different response is sent under an id that is
    /// already stored.
    IdConflict,
    /// Occurs when an export is asked for without `Authorization: Bearer
    /// <token>` while the collector has an export token.
    MissingExportToken,
    /// Occurs when an export is asked for with a bearer token that is not
    /// the collector's export token.
    WrongExportToken,
    /// Occurs when a browser preflight comes from an origin that is not on
    /// the allow-list.
    OriginNotAllowed,
    /// Occurs when a path has no endpoint.
    NotFound,
    /// Occurs when a path exists but not for this method.
    MethodNotAllowed,
    /// Occurs when the body is larger than the configured limit.
    BodyTooLarge,
    /// Occurs when the body stops before its end, such as when the sender
    /// disconnects while sending it.
    BodyUnreadable,
    /// Occurs when the `Content-Type` is neither `application/json` nor
    /// `application/fhir+json`.
    UnsupportedContentType,
    /// Occurs when the database cannot be read or written.
    StorageFailed,
}

impl RejectionKind {
    /// The stable name sent as `error` in the JSON body.
    pub fn name(self) -> &'static str {
        match self {
            RejectionKind::NotJson => "not_json",
            RejectionKind::WrongFormat => "wrong_format",
            RejectionKind::MissingId => "missing_id",
            RejectionKind::InvalidId => "invalid_id",
            RejectionKind::MissingSurvey => "missing_survey",
            RejectionKind::InvalidResponse => "invalid_response",
            RejectionKind::IdempotencyKeyMismatch => "idempotency_key_mismatch",
            RejectionKind::IdConflict => "id_conflict",
            RejectionKind::MissingExportToken => "missing_export_token",
            RejectionKind::WrongExportToken => "wrong_export_token",
            RejectionKind::OriginNotAllowed => "origin_not_allowed",
            RejectionKind::NotFound => "not_found",
            RejectionKind::MethodNotAllowed => "method_not_allowed",
            RejectionKind::BodyTooLarge => "body_too_large",
            RejectionKind::BodyUnreadable => "body_unreadable",
            RejectionKind::UnsupportedContentType => "unsupported_content_type",
            RejectionKind::StorageFailed => "storage_failed",
        }
    }

    /// The HTTP status sent with this kind.
    pub fn status(self) -> StatusCode {
        match self {
            RejectionKind::NotJson
            | RejectionKind::WrongFormat
            | RejectionKind::MissingId
            | RejectionKind::InvalidId
            | RejectionKind::MissingSurvey
            | RejectionKind::InvalidResponse
            | RejectionKind::IdempotencyKeyMismatch
            | RejectionKind::BodyUnreadable => StatusCode::BAD_REQUEST,
            RejectionKind::MissingExportToken | RejectionKind::WrongExportToken => StatusCode::UNAUTHORIZED,
            RejectionKind::OriginNotAllowed => StatusCode::FORBIDDEN,
            RejectionKind::NotFound => StatusCode::NOT_FOUND,
            RejectionKind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            RejectionKind::IdConflict => StatusCode::CONFLICT,
            RejectionKind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            RejectionKind::UnsupportedContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            RejectionKind::StorageFailed => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl Rejection {
    /// A refusal of this kind with this message.
    pub fn new(kind: RejectionKind, message: impl Into<String>) -> Self {
        Rejection { kind, message: message.into(), id: None }
    }

    /// Notes the response id the refusal is about, for the request log.
    pub(crate) fn about(mut self, id: ResponseId) -> Self {
        self.id = Some(id);
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> RejectionKind {
        self.kind
    }

    /// The message for people.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.kind.name(), "message": self.message });
        let mut response = (self.kind.status(), axum::Json(body)).into_response();
        // A 401 must say which scheme would work (RFC 9110, RFC 6750).
        let challenge = match self.kind {
            RejectionKind::MissingExportToken => Some("Bearer realm=\"heard-collector\""),
            RejectionKind::WrongExportToken => Some("Bearer realm=\"heard-collector\", error=\"invalid_token\""),
            _ => None,
        };
        if let Some(challenge) = challenge {
            response.headers_mut().insert(WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        if let Some(id) = self.id {
            response.extensions_mut().insert(LoggedId(id));
        }
        response
    }
}
