//! The export token: what `GET /responses.csv` and `GET /responses.ndjson`
//! ask for before they hand out every stored response.
//!
//! The exports hold health information about real people, all of it at
//! once. A collector on a loopback address can only be asked by programs on
//! the same machine, but one started with `--listen 0.0.0.0:8787` so that
//! browsers can reach it would also publish every response to the network.
//! So when a token is set, the exports answer 401 unless the request carries
//! `Authorization: Bearer <token>`, and the command line refuses a
//! non-loopback address without one (see [`crate::parse_args`]).
//!
//! `POST /responses` and `GET /health` stay open: browsers post responses
//! without any secret, and health only has counts.
//!
//! The token is given in a file or the environment, never as a command line
//! argument, where `ps` would show it to every user of the machine. Only its
//! SHA-256 is kept, so neither `Debug` output nor a memory dump of the
//! configuration gives it away, and a presented token is compared with it in
//! constant time, so the time an answer takes says nothing about how much of
//! a guess was right. Hashing both sides first also hides the token's length.

use std::fmt;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};

use crate::rejection::{Rejection, RejectionKind};
use crate::routes::AppState;

/// The token the exports require, kept only as its SHA-256.
#[derive(Clone)]
pub struct ExportToken {
    digest: [u8; 32],
}

impl ExportToken {
    /// The token `token`, used exactly as given. The command line trims and
    /// checks it first; this does not.
    pub fn new(token: &str) -> Self {
        ExportToken { digest: sha256(token) }
    }

    /// Whether `presented` is this token, compared in constant time.
    pub fn accepts(&self, presented: &str) -> bool {
        constant_time_eq(&self.digest, &sha256(presented))
    }
}

impl fmt::Debug for ExportToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ExportToken(hidden)")
    }
}

impl PartialEq for ExportToken {
    fn eq(&self, other: &Self) -> bool {
        constant_time_eq(&self.digest, &other.digest)
    }
}

impl Eq for ExportToken {}

fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Compares two digests looking at every byte whatever the differences, so
/// that the time taken does not depend on where the first one is.
fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let mut difference = 0u8;
    for (x, y) in a.iter().zip(b) {
        difference |= x ^ y;
    }
    // Keeps the compiler from turning the loop into an early return.
    std::hint::black_box(difference) == 0
}

/// Proof that a request may read the exports: either no token is set, or
/// the request carries it as `Authorization: Bearer <token>`. Export
/// handlers take this as an argument, so they cannot run without the check.
#[derive(Debug)]
pub(crate) struct ExportAccess;

impl FromRequestParts<AppState> for ExportAccess {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = state.export_token() else {
            return Ok(ExportAccess);
        };
        let presented = parts.headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer_token);
        match presented {
            None => Err(Rejection::new(
                RejectionKind::MissingExportToken,
                "The exports need this collector's export token. Send it in an Authorization: Bearer <token> \
                 header, such as curl -H \"Authorization: Bearer $(cat export-token)\" …/responses.csv.",
            )),
            Some(presented) if token.accepts(presented) => Ok(ExportAccess),
            Some(_) => Err(Rejection::new(
                RejectionKind::WrongExportToken,
                "The export token sent is not this collector's. Send the token it was started with (from \
                 --export-token-file or HEARD_EXPORT_TOKEN) in an Authorization: Bearer <token> header.",
            )),
        }
    }
}

/// The token in an `Authorization` header value, if it uses the Bearer
/// scheme (whose name is case-insensitive) and has a token.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_token_is_accepted() {
        let token = ExportToken::new("correct-horse-battery-staple");
        assert!(token.accepts("correct-horse-battery-staple"));
        for guess in
            ["", "correct-horse-battery-stapl", "correct-horse-battery-staple ", "Correct-horse-battery-staple"]
        {
            assert!(!token.accepts(guess), "{guess:?}");
        }
    }

    #[test]
    fn debug_output_never_shows_the_token() {
        let shown = format!("{:?}", ExportToken::new("correct-horse-battery-staple"));
        assert!(!shown.contains("correct"), "{shown}");
    }

    #[test]
    fn the_comparison_finds_a_difference_in_any_byte() {
        let zero = [0u8; 32];
        assert!(constant_time_eq(&zero, &zero));
        for position in 0..32 {
            let mut other = zero;
            other[position] = 0x80;
            assert!(!constant_time_eq(&zero, &other), "byte {position}");
        }
    }

    #[test]
    fn a_bearer_token_is_read_whatever_the_case_of_the_scheme() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer   abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("abc"), None);
    }
}
