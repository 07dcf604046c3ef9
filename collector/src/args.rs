//! Reading the command line into a [`Config`].
//!
//! The arguments are parsed by hand rather than with a parser crate: there
//! are five flags, and every dependency costs build time on small CI
//! machines. Each mistake gets a message that says which flag is wrong and
//! what it should look like.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The address used when `--listen` is not given.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
/// The database file used when `--database` is not given.
pub const DEFAULT_DATABASE: &str = "heard-responses.sqlite";
/// The largest request body accepted when `--max-body` is not given: 256 KB,
/// far more than any survey response, small enough that nobody can fill the
/// disk with a few requests.
pub const DEFAULT_MAX_BODY: usize = 262_144;

/// The text printed by `--help`.
pub const HELP: &str = "\
heard-collector: stores Heard survey responses in SQLite.

Usage: heard-collector [options]

Options:
  --listen <address>      Where to listen, such as 127.0.0.1:8787 (the default).
                          Port 0 picks a free port; the first line printed says which.
  --database <path>       The SQLite file to store responses in
                          (default: heard-responses.sqlite). Created if missing.
  --allow-origin <origin> A web page origin allowed to send responses from a
                          browser, such as https://www.example.nhs.uk. Repeat for
                          several. Without it, only pages on the collector's own
                          origin can send.
  --max-body <bytes>      The largest request body accepted (default: 262144).
  --help                  Shows this text.

Endpoints:
  POST /responses         Stores a response (application/json or application/fhir+json).
  GET  /responses.ndjson  Every stored response, one per line, in arrival order.
  GET  /responses.csv     Every stored response as a CSV row.
  GET  /health            {\"status\":\"ok\",\"responses\":N,\"duplicates_suppressed\":N}
";

/// How the collector is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The address to listen on. Port 0 lets the system pick a free port.
    pub listen: SocketAddr,
    /// The SQLite database file.
    pub database: PathBuf,
    /// The origins allowed to send responses from a browser, normalised to
    /// lowercase without a trailing slash. Empty means same-origin only.
    pub allowed_origins: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub max_body: usize,
}

impl Config {
    /// A configuration with every default, storing responses in `database`.
    pub fn new(database: impl Into<PathBuf>) -> Self {
        Config {
            listen: DEFAULT_LISTEN.parse().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 8787))),
            database: database.into(),
            allowed_origins: Vec::new(),
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Allows browsers on `origin` to send responses. The origin is
    /// normalised as the command line does, but not checked.
    pub fn allow_origin(mut self, origin: &str) -> Self {
        self.allowed_origins.push(normalise_origin(origin));
        self
    }

    /// Sets the largest request body accepted, in bytes.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new(DEFAULT_DATABASE)
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Run the collector.
    Serve(Config),
    /// Print [`HELP`] and stop.
    Help,
}

/// A command line that cannot be used, with a message saying how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgsError {
    kind: ArgsErrorKind,
    message: String,
}

/// What is wrong with a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgsErrorKind {
    /// Occurs when an argument is not one of the known flags.
    UnknownFlag,
    /// Occurs when a flag that needs a value is last on the line.
    MissingValue,
    /// Occurs when a flag's value cannot be read, such as a `--listen`
    /// address without a port.
    InvalidValue,
    /// Occurs when `--database` names a server database (such as
    /// `postgres://…`) that this build cannot use.
    UnsupportedDatabase,
}

impl ArgsError {
    fn new(kind: ArgsErrorKind, message: String) -> Self {
        ArgsError { kind, message }
    }

    /// What is wrong.
    pub fn kind(&self) -> &ArgsErrorKind {
        &self.kind
    }
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArgsError {}

/// Reads the arguments after the program name.
///
/// Both `--flag value` and `--flag=value` are accepted. `--help` anywhere
/// wins over everything else, so a confused person always gets the help.
pub fn parse_args<I, S>(args: I) -> Result<Command, ArgsError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let args: Vec<String> = args.into_iter().map(Into::into).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    let mut config = Config::default();
    let mut rest = args.into_iter();
    while let Some(arg) = rest.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg, None),
        };
        let mut value = || {
            inline.clone().or_else(|| rest.next()).ok_or_else(|| {
                ArgsError::new(
                    ArgsErrorKind::MissingValue,
                    format!("{flag} needs a value after it. Run heard-collector --help for examples."),
                )
            })
        };
        match flag.as_str() {
            "--listen" => config.listen = parse_listen(&value()?)?,
            "--database" => config.database = parse_database(&value()?)?,
            "--allow-origin" => config.allowed_origins.push(parse_origin(&value()?)?),
            "--max-body" => config.max_body = parse_max_body(&value()?)?,
            _ => {
                return Err(ArgsError::new(
                    ArgsErrorKind::UnknownFlag,
                    format!("{flag} is not an option of heard-collector. Run heard-collector --help to see them."),
                ))
            }
        }
    }
    Ok(Command::Serve(config))
}

fn parse_listen(text: &str) -> Result<SocketAddr, ArgsError> {
    text.parse().map_err(|_| {
        ArgsError::new(
            ArgsErrorKind::InvalidValue,
            format!("--listen {text:?} is not an address with a port. Write it like 127.0.0.1:8787 or [::1]:8787."),
        )
    })
}

fn parse_database(text: &str) -> Result<PathBuf, ArgsError> {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
        return Err(ArgsError::new(
            ArgsErrorKind::UnsupportedDatabase,
            "--database postgres://… is not supported by this build of heard-collector, which stores responses \
             in SQLite only. Give a file path instead, such as --database heard-responses.sqlite."
                .to_owned(),
        ));
    }
    if lower.contains("://") {
        return Err(ArgsError::new(
            ArgsErrorKind::UnsupportedDatabase,
            format!("--database {text:?} looks like a server address. Give the path of a SQLite file instead."),
        ));
    }
    if text.is_empty() {
        return Err(ArgsError::new(
            ArgsErrorKind::InvalidValue,
            "--database needs a file path, such as heard-responses.sqlite.".to_owned(),
        ));
    }
    Ok(PathBuf::from(text))
}

fn parse_origin(text: &str) -> Result<String, ArgsError> {
    let origin = normalise_origin(text);
    let invalid = |why: &str| {
        ArgsError::new(
            ArgsErrorKind::InvalidValue,
            format!("--allow-origin {text:?} {why} Write an origin like https://www.example.nhs.uk."),
        )
    };
    if origin == "*" {
        return Err(invalid("would let every website send responses, which is not allowed. List each origin."));
    }
    let host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    match host {
        None => Err(invalid("does not start with https:// or http://.")),
        Some("") => Err(invalid("has no host.")),
        Some(host) if host.contains(['/', '?', '#', ' ']) => {
            Err(invalid("has a path, query or space; an origin is only the scheme, host and port."))
        }
        Some(_) => Ok(origin),
    }
}

/// Browsers send origins in lowercase without a trailing slash, so the
/// allow-list is kept in that form to compare with a plain string equality.
fn normalise_origin(text: &str) -> String {
    text.trim().trim_end_matches('/').to_ascii_lowercase()
}

fn parse_max_body(text: &str) -> Result<usize, ArgsError> {
    match text.parse::<usize>() {
        Ok(bytes) if bytes > 0 => Ok(bytes),
        _ => Err(ArgsError::new(
            ArgsErrorKind::InvalidValue,
            format!("--max-body {text:?} is not a number of bytes above 0. Write it like --max-body 262144."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> Config {
        match parse_args(args.iter().copied()) {
            Ok(Command::Serve(config)) => config,
            other => panic!("expected a config, got {other:?}"),
        }
    }

    fn error(args: &[&str]) -> ArgsError {
        parse_args(args.iter().copied()).expect_err("expected an error")
    }

    #[test]
    fn no_arguments_give_the_documented_defaults() {
        let config = serve(&[]);
        assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.database, PathBuf::from("heard-responses.sqlite"));
        assert!(config.allowed_origins.is_empty());
        assert_eq!(config.max_body, 262_144);
    }

    #[test]
    fn every_flag_is_read_with_a_space_or_an_equals_sign() {
        let config = serve(&[
            "--listen",
            "127.0.0.1:0",
            "--database=/tmp/x.sqlite",
            "--allow-origin",
            "https://www.Example.nhs.uk/",
            "--allow-origin=http://localhost:8080",
            "--max-body",
            "1000",
        ]);
        assert_eq!(config.listen.port(), 0);
        assert_eq!(config.database, PathBuf::from("/tmp/x.sqlite"));
        assert_eq!(config.allowed_origins, ["https://www.example.nhs.uk", "http://localhost:8080"]);
        assert_eq!(config.max_body, 1000);
    }

    #[test]
    fn help_wins_over_everything_else() {
        assert_eq!(parse_args(["--listen", "nonsense", "--help"]), Ok(Command::Help));
    }

    #[test]
    fn an_unknown_flag_is_named_in_the_message() {
        let e = error(&["--port", "80"]);
        assert_eq!(e.kind(), &ArgsErrorKind::UnknownFlag);
        assert!(e.to_string().contains("--port"), "{e}");
    }

    #[test]
    fn a_flag_without_its_value_says_so() {
        assert_eq!(error(&["--database"]).kind(), &ArgsErrorKind::MissingValue);
    }

    #[test]
    fn a_listen_address_without_a_port_is_refused() {
        let e = error(&["--listen", "localhost"]);
        assert_eq!(e.kind(), &ArgsErrorKind::InvalidValue);
        assert!(e.to_string().contains("127.0.0.1:8787"), "{e}");
    }

    #[test]
    fn a_postgres_database_is_refused_with_a_clear_message() {
        let e = error(&["--database", "postgres://user@db/heard"]);
        assert_eq!(e.kind(), &ArgsErrorKind::UnsupportedDatabase);
        assert!(e.to_string().contains("SQLite"), "{e}");
    }

    #[test]
    fn wildcard_and_malformed_origins_are_refused() {
        for origin in ["*", "www.example.nhs.uk", "https://", "https://example.org/path"] {
            assert_eq!(error(&["--allow-origin", origin]).kind(), &ArgsErrorKind::InvalidValue, "{origin}");
        }
    }

    #[test]
    fn a_body_limit_must_be_a_positive_number() {
        for bytes in ["0", "-1", "256KB"] {
            assert_eq!(error(&["--max-body", bytes]).kind(), &ArgsErrorKind::InvalidValue, "{bytes}");
        }
    }
}
