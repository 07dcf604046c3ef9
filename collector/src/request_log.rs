//! One line per request on stderr: when, method, path, status and response
//! id.
//!
//! Answers are health information about real people, so they never reach
//! the log: handlers pass only the response id out, in a [`LoggedId`]
//! response extension, and this module prints nothing else about the body.
//! The query string is left out too, since hosts might put anything there.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use heard_engine::ResponseId;

use crate::clock::now;

/// The response id a request was about, put on the HTTP response by
/// handlers so that the log line can name it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoggedId(pub(crate) ResponseId);

/// Logs the request once the response is ready.
pub(crate) async fn log_requests(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let id = response.extensions().get::<LoggedId>().map_or_else(|| "-".to_owned(), |LoggedId(id)| id.to_string());
    eprintln!("{} {method} {} {} id={id}", now(), printable(&path), response.status().as_u16());
    response
}

/// Paths come from the network; keep control characters out of the log so
/// nobody can forge extra log lines.
fn printable(path: &str) -> String {
    path.chars().map(|c| if c.is_control() { '?' } else { c }).collect()
}
