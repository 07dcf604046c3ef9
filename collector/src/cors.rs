//! Letting pages on allow-listed origins send responses from a browser.
//!
//! The widget runs on a council's or trust's own site and posts
//! cross-origin, so the browser asks first (a preflight `OPTIONS`). Only
//! origins given with `--allow-origin` get the CORS headers; every other
//! origin gets a 403 to its preflight, and no CORS headers on anything else,
//! so its scripts cannot read the answers.
//!
//! Invariant: `Access-Control-Allow-Origin` is always one exact origin from
//! the allow-list, never `*`, and `Access-Control-Allow-Credentials` is never
//! sent: the collector uses no cookies.
//!
//! A page on another origin can still send a "simple" request without a
//! preflight, but only with a form or text content type, which
//! `POST /responses` refuses with 415 before reading it.
//!
//! CORS covers `/responses` and `/health` only. The exports hold every
//! response, and no browser page has a reason to read them cross-origin.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ALLOW, ORIGIN, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::rejection::{Rejection, RejectionKind};

/// The headers always allowed on `POST /responses`, whatever the browser
/// asks for.
const ALWAYS_ALLOWED_HEADERS: [&str; 2] = ["content-type", "idempotency-key"];

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// Origins allowed to call the collector from a browser.
#[derive(Debug, Clone, Default)]
pub(crate) struct AllowedOrigins(pub(crate) Arc<Vec<String>>);

impl AllowedOrigins {
    fn allows(&self, origin: &HeaderValue) -> bool {
        origin.to_str().is_ok_and(|o| self.0.iter().any(|allowed| allowed == o))
    }
}

fn has_cors(path: &str) -> bool {
    matches!(path, "/responses" | "/health")
}

/// Answers preflights and adds CORS headers for allow-listed origins.
pub(crate) async fn cors(State(origins): State<AllowedOrigins>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if !has_cors(path) {
        return next.run(request).await;
    }
    let origin = request.headers().get(ORIGIN).cloned();
    let allowed = origin.as_ref().filter(|o| origins.allows(o)).cloned();
    if request.method() == Method::OPTIONS {
        return preflight(path, origin.is_some(), allowed, request.headers());
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // The answer depends on the Origin header, so caches must key on it.
    headers.append(VARY, HeaderValue::from_static("origin"));
    if let Some(origin) = allowed {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response
}

fn preflight(path: &str, from_browser: bool, allowed: Option<HeaderValue>, request: &HeaderMap) -> Response {
    let methods = if path == "/responses" { "POST, OPTIONS" } else { "GET, OPTIONS" };
    if !from_browser {
        // A plain OPTIONS, not a CORS preflight: say what the path accepts.
        return (StatusCode::NO_CONTENT, [(ALLOW, methods)]).into_response();
    }
    let Some(origin) = allowed else {
        let mut response = Rejection::new(
            RejectionKind::OriginNotAllowed,
            "This page's origin may not send responses to this collector. Its operator can allow it by starting \
             the collector with --allow-origin <the page's origin>, such as --allow-origin https://www.example.nhs.uk.",
        )
        .into_response();
        response.headers_mut().append(VARY, HeaderValue::from_static("origin"));
        return response;
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(methods));
    if let Ok(value) = HeaderValue::from_str(&allowed_headers(request)) {
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, value);
    }
    headers.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(PREFLIGHT_MAX_AGE));
    headers.append(VARY, HeaderValue::from_static("origin, access-control-request-headers"));
    response
}

/// The headers to allow: ours, plus whatever the browser asks for, since
/// hosts add their own (such as an API key for their gateway). Only names
/// that are valid HTTP tokens are echoed back.
fn allowed_headers(request: &HeaderMap) -> String {
    let mut names: Vec<String> = ALWAYS_ALLOWED_HEADERS.iter().map(|h| (*h).to_owned()).collect();
    let requested = request.get_all(ACCESS_CONTROL_REQUEST_HEADERS).iter().filter_map(|v| v.to_str().ok());
    for name in requested.flat_map(|v| v.split(',')).map(|n| n.trim().to_ascii_lowercase()) {
        if is_token(&name) && !names.contains(&name) {
            names.push(name);
        }
    }
    names.join(", ")
}

/// Whether `name` is an RFC 9110 token, the only thing a header name can be.
fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_headers_are_added_to_ours_once_each() {
        let mut request = HeaderMap::new();
        request.insert(ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_static("Content-Type, X-Api-Key,x-api-key"));
        assert_eq!(allowed_headers(&request), "content-type, idempotency-key, x-api-key");
    }

    #[test]
    fn requested_header_names_that_are_not_tokens_are_dropped() {
        let mut request = HeaderMap::new();
        request.insert(ACCESS_CONTROL_REQUEST_HEADERS, HeaderValue::from_static("x-ok, bad name, (x)"));
        assert_eq!(allowed_headers(&request), "content-type, idempotency-key, x-ok");
    }
}
