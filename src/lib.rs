//! `pathway`: a career-pathway planner. The library holds everything the binary does, so the
//! tests can call it: the framework (`framework`), assessments and their gaps (`assessment`,
//! `gap`), growth plans (`plan`), comparisons (`compare`), where files live (`store`), and the
//! commands that tie them to the terminal (`cmd`, `render`, `prompt`).

pub mod arena;
pub mod assessment;
pub mod byte_search;
pub mod cli;
pub mod cmd;
pub mod compare;
pub mod config;
pub mod context;
pub mod error;
pub mod framework;
pub mod gap;
pub mod iso_date;
pub mod parallel;
pub mod plan;
pub mod prompt;
pub mod render;
pub mod store;
pub mod suggest;
pub mod synth;
pub mod yaml_fast;
pub mod yaml_guard;

use clap::Parser;
use std::ffi::OsString;

/// Parses the arguments and runs the command; returns the exit code for success paths.
pub fn run(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<u8> {
    match parse(args)? {
        Ok(cli) => execute(cli),
        Err(code) => Ok(code),
    }
}

/// Parses the arguments: the command to run, or the exit code once help, the version or a
/// usage error has been printed.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> anyhow::Result<Result<cli::Cli, u8>> {
    match cli::Cli::try_parse_from(args) {
        Ok(cli) => Ok(Ok(cli)),
        Err(error) => {
            // clap prints help and version to stdout (exit 0) and usage errors to stderr (exit 2).
            let code = if error.use_stderr() {
                error::exit::INVALID
            } else {
                error::exit::SUCCESS
            };
            if let Err(print_error) = error.print() {
                if print_error.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(print_error.into());
                }
            }
            Ok(Err(code))
        }
    }
}

/// Runs a parsed command; returns the exit code for success paths.
pub fn execute(cli: cli::Cli) -> anyhow::Result<u8> {
    let context = context::Context::new(cli.global.clone());
    let code = cmd::dispatch(cli.command, &context);
    // The process ends next: freeing the framework item by item would cost more than most
    // commands do, and the operating system takes the memory back at once. (`assess` and
    // `plan` skip freeing their report and plan for the same reason.)
    std::mem::forget(context);
    code
}
