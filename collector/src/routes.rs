//! The HTTP endpoints, and the [`Router`] that joins them with CORS and the
//! request log.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde_json::{json, Value};

use crate::canonical::canonical_json;
use crate::clock::now;
use crate::cors::{cors, AllowedOrigins};
use crate::csv::push_record;
use crate::export_auth::{ExportAccess, ExportToken};
use crate::intake::{check_idempotency_key, payload_from_content_type, read_submission, FHIR_FORMAT};
use crate::rejection::{Rejection, RejectionKind};
use crate::request_log::{log_requests, LoggedId};
use crate::store::{Outcome, Store, StoreError};
use crate::Config;

/// The columns of `GET /responses.csv`, in order.
pub const CSV_COLUMNS: [&str; 9] =
    ["id", "survey_id", "survey_version", "format", "received_at", "submitted_at", "locale", "answers", "context"];

/// What every request handler shares: the store and the settings that
/// apply per request.
#[derive(Debug, Clone)]
pub struct AppState {
    store: Arc<Store>,
    max_body: usize,
    origins: AllowedOrigins,
    export_token: Option<ExportToken>,
}

impl AppState {
    /// Opens the database named in `config` and keeps its other settings.
    pub fn open(config: &Config) -> Result<AppState, StoreError> {
        Ok(AppState {
            store: Arc::new(Store::open(&config.database)?),
            max_body: config.max_body,
            origins: AllowedOrigins(Arc::new(config.allowed_origins.clone())),
            export_token: config.export_token.clone(),
        })
    }

    /// The token the exports require, if one is set.
    pub(crate) fn export_token(&self) -> Option<&ExportToken> {
        self.export_token.as_ref()
    }

    /// The store responses are kept in.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// The collector's endpoints, with CORS and the request log around them.
pub fn app(state: AppState) -> Router {
    let origins = state.origins.clone();
    Router::new()
        .route("/responses", post(post_response))
        .route("/responses.ndjson", get(export_ndjson))
        .route("/responses.csv", get(export_csv))
        .route("/health", get(health))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(origins, cors))
        .layer(axum::middleware::map_response(no_sniff))
        .layer(axum::middleware::from_fn(log_requests))
}

async fn no_sniff(mut response: Response) -> Response {
    response.headers_mut().insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn post_response(State(state): State<AppState>, request: Request) -> Result<Response, Rejection> {
    let (parts, body) = request.into_parts();
    let content_type = parts.headers.get(CONTENT_TYPE).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let payload = payload_from_content_type(content_type.as_deref())?;
    let bytes = read_body(body, &parts.headers, state.max_body).await?;
    let submission = read_submission(payload, &bytes)?;
    let key = parts.headers.get("idempotency-key").map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    check_idempotency_key(key.as_deref(), submission.id)?;
    let id = submission.id;
    let store = Arc::clone(&state.store);
    let outcome = blocking(move || store.insert(&submission, now())).await.map_err(|r| r.about(id))?;
    let (status, word) = match outcome {
        Outcome::Stored => (StatusCode::CREATED, "stored"),
        Outcome::Duplicate => (StatusCode::OK, "duplicate"),
        Outcome::Conflict => {
            return Err(Rejection::new(
                RejectionKind::IdConflict,
                format!(
                    "A different response is already stored under id {id}, so nothing was changed. A retry must \
                     send exactly the body first sent; a new response needs a new id."
                ),
            )
            .about(id))
        }
    };
    let mut response = (status, Json(json!({ "id": id.to_string(), "status": word }))).into_response();
    response.extensions_mut().insert(LoggedId(id));
    Ok(response)
}

/// Reads the body, refusing it as soon as it is known to be too large: from
/// `Content-Length` before reading anything, or while reading a body sent
/// without one.
async fn read_body(body: Body, headers: &HeaderMap, max: usize) -> Result<Vec<u8>, Rejection> {
    let too_large = |size: Option<u64>| {
        let size = size.map_or_else(|| "larger than".to_owned(), |s| format!("{s} bytes,"));
        Rejection::new(
            RejectionKind::BodyTooLarge,
            format!(
                "The body is {size} more than this collector's limit of {max} bytes. A survey response is \
                 normally a few kilobytes, so check what is being sent; the operator can raise the limit with \
                 --max-body."
            ),
        )
    };
    let declared = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if let Some(declared) = declared.filter(|d| *d > max as u64) {
        return Err(too_large(Some(declared)));
    }
    match Limited::new(body, max).collect().await {
        Ok(collected) => Ok(collected.to_bytes().to_vec()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large(None)),
        Err(e) => Err(Rejection::new(
            RejectionKind::BodyUnreadable,
            format!("The body could not be read to the end ({e}). Send the request again."),
        )),
    }
}

async fn export_ndjson(_: ExportAccess, State(state): State<AppState>) -> Result<Response, Rejection> {
    let store = Arc::clone(&state.store);
    let text = blocking(move || {
        let mut out = String::new();
        store.for_each_response(|row| {
            out.push_str(&row.body);
            out.push('\n');
        })?;
        Ok(out)
    })
    .await?;
    Ok(export(text, "application/x-ndjson; charset=utf-8", "heard-responses.ndjson"))
}

async fn export_csv(_: ExportAccess, State(state): State<AppState>) -> Result<Response, Rejection> {
    let store = Arc::clone(&state.store);
    let text = blocking(move || {
        let mut out = String::new();
        push_record(&mut out, CSV_COLUMNS);
        store.for_each_response(|row| {
            let (answers, context) = answers_and_context(&row.format, &row.body);
            push_record(
                &mut out,
                [
                    row.id.as_str(),
                    &row.survey_id,
                    &row.survey_version,
                    &row.format,
                    &row.received_at,
                    row.submitted_at.as_deref().unwrap_or(""),
                    row.locale.as_deref().unwrap_or(""),
                    &answers,
                    &context,
                ],
            );
        })?;
        Ok(out)
    })
    .await?;
    Ok(export(text, "text/csv; charset=utf-8; header=present", "heard-responses.csv"))
}

/// The answers and context columns of a CSV row, as compact JSON. A FHIR
/// response's answers are its `item` tree, and it has no context.
fn answers_and_context(format: &str, body: &str) -> (String, String) {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let compact = |v: Option<&Value>| v.map(canonical_json).unwrap_or_default();
    if format == FHIR_FORMAT {
        (compact(Some(value.get("item").unwrap_or(&Value::Array(Vec::new())))), String::new())
    } else {
        (compact(value.get("answers")), compact(value.get("context")))
    }
}

/// Exports hold people's answers: no cache may keep a copy.
fn export(text: String, content_type: &'static str, filename: &'static str) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut response =
        (StatusCode::OK, [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "no-store")], text).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response.headers_mut().insert(CONTENT_DISPOSITION, value);
    }
    response
}

async fn health(State(state): State<AppState>) -> Result<Response, Rejection> {
    let store = Arc::clone(&state.store);
    let counts = blocking(move || store.counts()).await?;
    let body = json!({
        "status": "ok",
        "responses": counts.responses,
        "duplicates_suppressed": counts.duplicates_suppressed,
    });
    Ok(([(CACHE_CONTROL, "no-store")], Json(body)).into_response())
}

async fn not_found() -> Rejection {
    Rejection::new(
        RejectionKind::NotFound,
        "There is nothing here. The endpoints are POST /responses, GET /responses.ndjson, GET /responses.csv and \
         GET /health.",
    )
}

async fn method_not_allowed() -> Rejection {
    Rejection::new(
        RejectionKind::MethodNotAllowed,
        "This endpoint does not take that method. Send responses with POST /responses; the exports and /health \
         take GET.",
    )
}

/// Runs a database call on the blocking pool, so that a slow disk never
/// stalls the threads answering other requests.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, Rejection> {
    let storage_failed = |detail: String| {
        eprintln!("heard-collector: storage failed: {detail}");
        Rejection::new(
            RejectionKind::StorageFailed,
            "The collector could not use its database. Nothing was stored; sending the same response again later \
             is safe.",
        )
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(storage_failed(e.to_string())),
        Err(e) => Err(storage_failed(e.to_string())),
    }
}
