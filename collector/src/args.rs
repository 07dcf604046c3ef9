//! Reading the command line into a [`Config`].
//!
//! The arguments are parsed by hand rather than with a parser crate: there
//! are six flags, and every dependency costs build time on small CI
//! machines. Each mistake gets a message that says which flag is wrong and
//! what it should look like.
//!
//! The export token is the one setting that does not come from the command
//! line itself: anything there is shown by `ps` to every user of the
//! machine. It comes from a file named with `--export-token-file`, or from
//! the `HEARD_EXPORT_TOKEN` environment variable, whose value the caller
//! passes in so that parsing never reads the environment and stays testable.
//!
//! The exports hold every response, so the collector fails closed: a
//! `--listen` address other than loopback (127.0.0.0/8 or ::1) is refused
//! unless an export token is set. Deciding this here, rather than when
//! binding, means a mistaken command line stops before anything listens.

use std::ffi::OsString;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::export_auth::ExportToken;

/// The address used when `--listen` is not given.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
/// The database file used when `--database` is not given.
pub const DEFAULT_DATABASE: &str = "heard-responses.sqlite";
/// The largest request body accepted when `--max-body` is not given: 256 KB,
/// far more than any survey response, small enough that nobody can fill the
/// disk with a few requests.
pub const DEFAULT_MAX_BODY: usize = 262_144;
/// The environment variable that can hold the export token, when
/// `--export-token-file` is not given.
pub const EXPORT_TOKEN_ENV: &str = "HEARD_EXPORT_TOKEN";
/// The fewest characters an export token may have. Sixteen random letters
/// and digits cannot be guessed over the network; shorter tokens tend to be
/// words people chose.
pub const MIN_EXPORT_TOKEN_CHARS: usize = 16;

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
  --export-token-file <path>
                          A file holding the export token: the two exports then
                          answer 401 unless asked with Authorization: Bearer <token>.
                          At least 16 letters, digits or punctuation; surrounding
                          whitespace is ignored.
                          Make one with: openssl rand -hex 32 > export-token
  --help                  Shows this text.

Environment:
  HEARD_EXPORT_TOKEN      The export token, when --export-token-file is not given.
                          No flag takes the token itself: ps shows every argument.

Exports and --listen:
  Without an export token, --listen must be a loopback address (127.0.0.0/8 or
  [::1]): any other address, such as 0.0.0.0:8787, is refused, because the
  exports hold every response. Give a token to listen there.

Endpoints:
  POST /responses         Stores a response (application/json or application/fhir+json).
                          Open to everyone, as browsers post without a secret.
  GET  /responses.ndjson  Every stored response, one per line, in arrival order.
  GET  /responses.csv     Every stored response as a CSV row.
                          With a token, both exports need Authorization: Bearer <token>;
                          without it or with a wrong one they answer 401.
  GET  /health            {\"status\":\"ok\",\"responses\":N,\"duplicates_suppressed\":N}
                          Open to everyone: it only has counts.
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
    /// The token the exports require as `Authorization: Bearer <token>`.
    /// `None` leaves them open, which the command line allows on loopback
    /// addresses only.
    pub export_token: Option<ExportToken>,
}

impl Config {
    /// A configuration with every default, storing responses in `database`.
    pub fn new(database: impl Into<PathBuf>) -> Self {
        Config {
            listen: DEFAULT_LISTEN.parse().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 8787))),
            database: database.into(),
            allowed_origins: Vec::new(),
            max_body: DEFAULT_MAX_BODY,
            export_token: None,
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

    /// Makes the exports require `Authorization: Bearer <token>`. The token
    /// is used exactly as given: not trimmed, and not checked for length as
    /// the command line does.
    pub fn export_token(mut self, token: &str) -> Self {
        self.export_token = Some(ExportToken::new(token));
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
    /// Occurs when the file named by `--export-token-file` cannot be read,
    /// such as when it does not exist.
    ExportTokenUnreadable,
    /// Occurs when the export token, from the file or `HEARD_EXPORT_TOKEN`,
    /// is empty or shorter than [`MIN_EXPORT_TOKEN_CHARS`].
    ExportTokenTooShort,
    /// Occurs when the export token holds a space, a control character or
    /// anything else that cannot be sent in an `Authorization` header.
    ExportTokenInvalid,
    /// Occurs when `--listen` is not a loopback address and no export token
    /// is set, which would publish every response to the network.
    ExportsUnprotected,
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

/// Reads the arguments after the program name, and `env_token`, the value
/// of the `HEARD_EXPORT_TOKEN` environment variable if it is set.
///
/// Both `--flag value` and `--flag=value` are accepted. `--help` anywhere
/// wins over everything else, so a confused person always gets the help.
/// `--export-token-file` wins over `env_token`, which is then not looked at.
/// A `--listen` address other than loopback is refused without a token.
pub fn parse_args<I, S>(args: I, env_token: Option<OsString>) -> Result<Command, ArgsError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let args: Vec<String> = args.into_iter().map(Into::into).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Command::Help);
    }
    let mut config = Config::default();
    let mut token_file = None;
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
            "--export-token-file" => token_file = Some(PathBuf::from(value()?)),
            "--export-token" => {
                return Err(ArgsError::new(
                    ArgsErrorKind::UnknownFlag,
                    "--export-token is not an option: a token on the command line is shown by ps to every user of \
                     the machine. Put it in a file and give --export-token-file <path>, or set HEARD_EXPORT_TOKEN."
                        .to_owned(),
                ))
            }
            _ => {
                return Err(ArgsError::new(
                    ArgsErrorKind::UnknownFlag,
                    format!("{flag} is not an option of heard-collector. Run heard-collector --help to see them."),
                ))
            }
        }
    }
    let token = match (token_file, env_token) {
        (Some(path), _) => Some(read_token_file(&path)?),
        (None, Some(value)) => Some(read_token_env(value)?),
        (None, None) => None,
    };
    config.export_token = token.as_deref().map(ExportToken::new);
    check_exports_protected(&config)?;
    Ok(Command::Serve(config))
}

/// The token in the file at `path`, trimmed and checked.
fn read_token_file(path: &Path) -> Result<String, ArgsError> {
    let source = format!("--export-token-file {:?}", path.display().to_string());
    let text = std::fs::read_to_string(path).map_err(|e| {
        ArgsError::new(
            ArgsErrorKind::ExportTokenUnreadable,
            format!(
                "{source} cannot be read ({e}). Give the path of a file holding the export token, such as one \
                 made with: openssl rand -hex 32 > export-token"
            ),
        )
    })?;
    check_token(&source, "is empty", text.trim())
}

/// The token in the `HEARD_EXPORT_TOKEN` value, trimmed and checked.
fn read_token_env(value: OsString) -> Result<String, ArgsError> {
    let source = EXPORT_TOKEN_ENV;
    let Ok(text) = value.into_string() else {
        return Err(invalid_token(source));
    };
    // An empty value is refused rather than taken as "no token": it is
    // what HEARD_EXPORT_TOKEN=$TOKEN gives when $TOKEN was never set.
    check_token(source, "is set but empty", text.trim())
}

fn check_token(source: &str, empty: &str, token: &str) -> Result<String, ArgsError> {
    let chars = token.chars().count();
    if chars == 0 {
        return Err(ArgsError::new(
            ArgsErrorKind::ExportTokenTooShort,
            format!(
                "{source} {empty}. The export token needs at least {MIN_EXPORT_TOKEN_CHARS} characters; make one \
                 with: openssl rand -hex 32"
            ),
        ));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid_token(source));
    }
    if chars < MIN_EXPORT_TOKEN_CHARS {
        return Err(ArgsError::new(
            ArgsErrorKind::ExportTokenTooShort,
            format!(
                "{source} holds an export token of {chars} characters, which is too easy to guess. Use at least \
                 {MIN_EXPORT_TOKEN_CHARS}, such as one made with: openssl rand -hex 32"
            ),
        ));
    }
    Ok(token.to_owned())
}

fn invalid_token(source: &str) -> ArgsError {
    ArgsError::new(
        ArgsErrorKind::ExportTokenInvalid,
        format!(
            "{source} holds a space, control character or non-ASCII character inside the export token, which \
             cannot be sent in an Authorization header. Use letters, digits and punctuation only, such as a token \
             made with: openssl rand -hex 32"
        ),
    )
}

/// Refuses to publish the exports: without a token, only programs on this
/// machine may reach the collector.
fn check_exports_protected(config: &Config) -> Result<(), ArgsError> {
    // An IPv4-mapped address such as [::ffff:127.0.0.1] is loopback too.
    if config.export_token.is_some() || config.listen.ip().to_canonical().is_loopback() {
        return Ok(());
    }
    Err(ArgsError::new(
        ArgsErrorKind::ExportsUnprotected,
        format!(
            "--listen {} makes the collector reachable from other machines, and its exports hold every \
             response. Give an export token with --export-token-file <path> or {EXPORT_TOKEN_ENV}, or listen on \
             127.0.0.1.",
            config.listen
        ),
    ))
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

    use std::sync::atomic::{AtomicUsize, Ordering};

    fn serve(args: &[&str]) -> Config {
        serve_with_env(args, None)
    }

    fn serve_with_env(args: &[&str], env_token: Option<&str>) -> Config {
        match parse_args(args.iter().copied(), env_token.map(OsString::from)) {
            Ok(Command::Serve(config)) => config,
            other => panic!("expected a config, got {other:?}"),
        }
    }

    fn error(args: &[&str]) -> ArgsError {
        error_with_env(args, None)
    }

    fn error_with_env(args: &[&str], env_token: Option<&str>) -> ArgsError {
        parse_args(args.iter().copied(), env_token.map(OsString::from)).expect_err("expected an error")
    }

    /// A file of its own under the system temp folder holding `contents`.
    /// The caller removes it.
    fn token_file(contents: &str) -> PathBuf {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "heard-collector-token-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::write(&path, contents).expect("write the token file");
        path
    }

    const TOKEN: &str = "0123456789abcdef0123";
    const OTHER_TOKEN: &str = "fedcba9876543210fedc";

    #[test]
    fn no_arguments_give_the_documented_defaults() {
        let config = serve(&[]);
        assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.database, PathBuf::from("heard-responses.sqlite"));
        assert!(config.allowed_origins.is_empty());
        assert_eq!(config.max_body, 262_144);
        assert_eq!(config.export_token, None);
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
        assert_eq!(parse_args(["--listen", "nonsense", "--help"], None), Ok(Command::Help));
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

    #[test]
    fn the_token_file_is_read_and_trimmed() {
        let path = token_file(&format!("  {TOKEN}\n\n"));
        let config = serve(&["--export-token-file", path.to_str().expect("UTF-8 path")]);
        let inline = serve(&[&format!("--export-token-file={}", path.display())]);
        let _ = std::fs::remove_file(&path);
        let token = config.export_token.expect("a token");
        assert!(token.accepts(TOKEN));
        assert!(!token.accepts(&format!("  {TOKEN}\n\n")));
        assert_eq!(inline.export_token, Some(token));
    }

    #[test]
    fn the_token_can_come_from_the_environment() {
        let token = serve_with_env(&[], Some(&format!("{TOKEN}\n"))).export_token.expect("a token");
        assert!(token.accepts(TOKEN));
    }

    #[test]
    fn the_token_file_wins_over_the_environment() {
        let path = token_file(TOKEN);
        let config = serve_with_env(&["--export-token-file", path.to_str().expect("UTF-8 path")], Some(OTHER_TOKEN));
        // Even an unusable value in the environment is not looked at.
        let despite_empty_env = serve_with_env(&["--export-token-file", path.to_str().expect("UTF-8 path")], Some(""));
        let _ = std::fs::remove_file(&path);
        let token = config.export_token.expect("a token");
        assert!(token.accepts(TOKEN));
        assert!(!token.accepts(OTHER_TOKEN));
        assert_eq!(despite_empty_env.export_token, Some(token));
    }

    #[test]
    fn a_missing_token_file_is_refused_with_the_reason() {
        let path = std::env::temp_dir().join(format!("heard-collector-no-such-token-{}", std::process::id()));
        let reason = std::fs::read_to_string(&path).expect_err("the file does not exist");
        let e = error(&["--export-token-file", path.to_str().expect("UTF-8 path")]);
        assert_eq!(e.kind(), &ArgsErrorKind::ExportTokenUnreadable);
        assert_eq!(
            e.to_string(),
            format!(
                "--export-token-file {:?} cannot be read ({reason}). Give the path of a file holding the export \
                 token, such as one made with: openssl rand -hex 32 > export-token",
                path.display().to_string()
            )
        );
    }

    #[test]
    fn an_empty_token_file_is_refused() {
        let path = token_file(" \n\t\n");
        let e = error(&["--export-token-file", path.to_str().expect("UTF-8 path")]);
        let _ = std::fs::remove_file(&path);
        assert_eq!(e.kind(), &ArgsErrorKind::ExportTokenTooShort);
        assert_eq!(
            e.to_string(),
            format!(
                "--export-token-file {:?} is empty. The export token needs at least 16 characters; make one with: \
                 openssl rand -hex 32",
                path.display().to_string()
            )
        );
    }

    #[test]
    fn a_short_token_file_is_refused() {
        let path = token_file("fifteen-chars!!\n");
        let e = error(&["--export-token-file", path.to_str().expect("UTF-8 path")]);
        let _ = std::fs::remove_file(&path);
        assert_eq!(e.kind(), &ArgsErrorKind::ExportTokenTooShort);
        assert_eq!(
            e.to_string(),
            format!(
                "--export-token-file {:?} holds an export token of 15 characters, which is too easy to guess. Use \
                 at least 16, such as one made with: openssl rand -hex 32",
                path.display().to_string()
            )
        );
        assert!(!e.to_string().contains("fifteen"), "the message never shows the token: {e}");
    }

    #[test]
    fn sixteen_characters_are_enough() {
        assert!(serve_with_env(&[], Some("sixteen-chars!!!")).export_token.is_some());
    }

    #[test]
    fn an_empty_or_short_environment_token_is_refused() {
        let e = error_with_env(&[], Some(""));
        assert_eq!(e.kind(), &ArgsErrorKind::ExportTokenTooShort);
        assert_eq!(
            e.to_string(),
            "HEARD_EXPORT_TOKEN is set but empty. The export token needs at least 16 characters; make one with: \
             openssl rand -hex 32"
        );
        let e = error_with_env(&[], Some("short"));
        assert_eq!(e.kind(), &ArgsErrorKind::ExportTokenTooShort);
        assert_eq!(
            e.to_string(),
            "HEARD_EXPORT_TOKEN holds an export token of 5 characters, which is too easy to guess. Use at least 16, \
             such as one made with: openssl rand -hex 32"
        );
    }

    #[test]
    fn a_token_that_cannot_go_in_a_header_is_refused() {
        for token in
            ["correct horse battery staple", "caf\u{e9}-caf\u{e9}-caf\u{e9}-caf\u{e9}", "tab\tinside-the-token"]
        {
            let e = error_with_env(&[], Some(token));
            assert_eq!(e.kind(), &ArgsErrorKind::ExportTokenInvalid, "{token:?}");
            assert!(e.to_string().starts_with("HEARD_EXPORT_TOKEN holds a space"), "{e}");
        }
    }

    #[test]
    fn a_token_on_the_command_line_is_refused_without_echoing_it() {
        let e = error(&[&format!("--export-token={TOKEN}")]);
        assert_eq!(e.kind(), &ArgsErrorKind::UnknownFlag);
        assert!(e.to_string().contains("--export-token-file"), "{e}");
        assert!(!e.to_string().contains(TOKEN), "{e}");
    }

    #[test]
    fn a_non_loopback_address_without_a_token_is_refused() {
        let e = error(&["--listen", "0.0.0.0:8787"]);
        assert_eq!(e.kind(), &ArgsErrorKind::ExportsUnprotected);
        assert_eq!(
            e.to_string(),
            "--listen 0.0.0.0:8787 makes the collector reachable from other machines, and its exports hold every \
             response. Give an export token with --export-token-file <path> or HEARD_EXPORT_TOKEN, or listen on \
             127.0.0.1."
        );
        for address in ["192.168.1.20:8787", "[::]:8787", "[2001:db8::1]:0"] {
            assert_eq!(error(&["--listen", address]).kind(), &ArgsErrorKind::ExportsUnprotected, "{address}");
        }
    }

    #[test]
    fn a_non_loopback_address_with_a_token_is_accepted() {
        let config = serve_with_env(&["--listen", "0.0.0.0:8787"], Some(TOKEN));
        assert_eq!(config.listen.to_string(), "0.0.0.0:8787");
        assert!(config.export_token.is_some());
        let path = token_file(TOKEN);
        let config = serve(&["--listen", "[::]:0", "--export-token-file", path.to_str().expect("UTF-8 path")]);
        let _ = std::fs::remove_file(&path);
        assert!(config.export_token.is_some());
    }

    #[test]
    fn loopback_addresses_need_no_token() {
        for address in ["127.0.0.1:8787", "127.1.2.3:0", "[::1]:0", "[::ffff:127.0.0.1]:0"] {
            let config = serve(&["--listen", address]);
            assert_eq!(config.listen, address.parse::<SocketAddr>().expect("an address"));
            assert_eq!(config.export_token, None, "{address}");
        }
    }
}
