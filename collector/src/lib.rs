//! Heard's reference collector: a small HTTP server that stores survey
//! responses in SQLite.
//!
//! Many councils and trusts have no backend ready when they first embed the
//! widget, and the widget's own tests need a real server to post to. This
//! is that server: `POST /responses` stores a response once, whatever the
//! number of retries, and the exports give everything back as NDJSON or CSV.
//!
//! Architecture Invariant: storing is idempotent on the response id. The
//! widget's outbox retries until it sees a 2xx, so the same response may
//! arrive many times. The first copy is stored (201), identical replays are
//! acknowledged without storing (200), and a different body under a stored
//! id is refused (409) without changing anything. "Identical" means equal
//! canonical JSON, so key order and whitespace do not matter.
//!
//! Architecture Invariant: answers never reach the log. One line per
//! request names the method, path, status and response id only.
//!
//! Architecture Invariant: no cookies and no wildcard CORS. Only origins
//! given with `--allow-origin` may post from a browser.
//!
//! Architecture Invariant: the command never serves the exports to another
//! machine without a token. They hand out every response at once, so with
//! an export token they answer 401 unless asked with `Authorization: Bearer
//! <token>`, and the command line refuses a non-loopback `--listen` address
//! without one. Posting stays open, since browsers post without a secret.
//! (A proxy on the same machine that forwards the exports to the network
//! gets around this; see the README.)
//!
//! # Example
//!
//! ```no_run
//! use heard_collector::{serve, Config};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::new("responses.sqlite").allow_origin("https://www.example.nhs.uk");
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! println!("listening on http://{}", listener.local_addr()?);
//! serve(config, listener).await?; // until Ctrl-C or SIGTERM
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::future::Future;

use tokio::net::TcpListener;

mod args;
mod canonical;
mod clock;
mod cors;
mod csv;
mod export_auth;
mod intake;
mod rejection;
mod request_log;
mod routes;
mod store;

pub use self::args::{
    parse_args, ArgsError, ArgsErrorKind, Command, Config, DEFAULT_DATABASE, DEFAULT_LISTEN, DEFAULT_MAX_BODY,
    EXPORT_TOKEN_ENV, HELP, MIN_EXPORT_TOKEN_CHARS,
};
pub use self::canonical::{body_hash, canonical_json};
pub use self::csv::csv_field;
pub use self::export_auth::ExportToken;
pub use self::intake::{
    check_idempotency_key, payload_from_content_type, read_submission, Payload, Submission, FHIR_FORMAT,
};
pub use self::rejection::{Rejection, RejectionKind};
pub use self::routes::{app, AppState, CSV_COLUMNS};
pub use self::store::{Counts, Outcome, Store, StoreError, StoreErrorKind, StoredResponse};

/// Opens the database in `config` and answers requests on `listener` until
/// Ctrl-C or SIGTERM, finishing requests already under way.
pub async fn serve(config: Config, listener: TcpListener) -> Result<(), ServeError> {
    let state = AppState::open(&config).map_err(|e| ServeError { kind: ServeErrorKind::Database(e) })?;
    serve_app(state, listener, shutdown_signal()).await
}

/// Answers requests on `listener` with an already opened state until
/// `shutdown` completes. Tests and embedders use this to stop the server
/// when they choose.
pub async fn serve_app(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| ServeError { kind: ServeErrorKind::Io(e) })
}

/// Completes on Ctrl-C, or on SIGTERM where there is one (as sent by
/// systemd and container runtimes).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The collector could not start or stopped with an error.
#[derive(Debug)]
pub struct ServeError {
    kind: ServeErrorKind,
}

/// Why the collector could not run.
#[derive(Debug)]
#[non_exhaustive]
pub enum ServeErrorKind {
    /// Occurs when the database cannot be opened or set up.
    Database(StoreError),
    /// Occurs when the listening socket fails.
    Io(std::io::Error),
}

impl ServeError {
    /// Why the collector could not run.
    pub fn kind(&self) -> &ServeErrorKind {
        &self.kind
    }
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ServeErrorKind::Database(e) => e.fmt(f),
            ServeErrorKind::Io(e) => write!(f, "the listening socket failed: {e}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ServeErrorKind::Database(e) => Some(e),
            ServeErrorKind::Io(e) => Some(e),
        }
    }
}
