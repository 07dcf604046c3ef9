//! The `heard-collector` command: reads the command line, opens the
//! database, prints where it listens and serves until stopped.

use std::process::ExitCode;

use heard_collector::{parse_args, serve_app, shutdown_signal, AppState, Command, EXPORT_TOKEN_ENV, HELP};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    // The environment is read here, at the edge, so that parsing stays a
    // plain function of its inputs.
    let config = match parse_args(std::env::args().skip(1), std::env::var_os(EXPORT_TOKEN_ENV)) {
        Ok(Command::Serve(config)) => config,
        Ok(Command::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("heard-collector: {e}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("heard-collector: could not listen on {}: {e}", config.listen);
            return ExitCode::FAILURE;
        }
    };
    let state = match AppState::open(&config) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("heard-collector: {} ({e})", config.database.display());
            return ExitCode::FAILURE;
        }
    };
    // Scripts and tests wait for this line, so it comes first, and only once
    // the database is open and requests can be answered.
    match listener.local_addr() {
        Ok(address) => println!("heard-collector listening on http://{address}"),
        Err(e) => {
            eprintln!("heard-collector: could not read the listening address: {e}");
            return ExitCode::FAILURE;
        }
    }
    match serve_app(state, listener, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("heard-collector: {e}");
            ExitCode::FAILURE
        }
    }
}
