//! Errors that stop a command (as opposed to findings, which are collected), and their exit codes.

use std::fmt;

/// Exit codes, documented in the README.
pub mod exit {
    /// Success (drafts may still carry warnings or blocking findings).
    pub const OK: u8 = 0;
    /// Problems in the inputs: blocking findings in `check` or `build --final`, unreadable inputs.
    pub const INPUT: u8 = 1;
    /// The command line was wrong (clap's own code).
    pub const USAGE: u8 = 2;
    /// The environment: Typst missing or the wrong version, output not writable.
    pub const ENVIRONMENT: u8 = 3;
    /// A template or Typst failed to render: a bug in the templates, with the place named.
    pub const RENDER: u8 = 4;
    /// An internal error: a bug in annual-update met outside any one file (a bug met while reading
    /// a file is that file's `internal-error` finding instead). 70 is `EX_SOFTWARE` of sysexits.h,
    /// "internal software error"; never Rust's own 101.
    pub const INTERNAL: u8 = 70;
    /// Stopped by Ctrl-C (128 + SIGINT); SIGTERM gives 143. The last good output is untouched.
    pub const INTERRUPTED: u8 = 130;
}

#[derive(Debug)]
pub enum Error {
    /// Inputs that cannot be used at all (missing plan, unreadable baseline).
    Input(String),
    /// Typst, the file system, or anything else outside the inputs.
    Environment(String),
    /// Templates or Typst compilation.
    Render(String),
    /// A signal (Ctrl-C: SIGINT, or SIGTERM) stopped the command; the number is the signal's.
    Interrupted(i32),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) => exit::INPUT,
            Error::Environment(_) => exit::ENVIRONMENT,
            Error::Render(_) => exit::RENDER,
            Error::Interrupted(signal) => u8::try_from(128 + signal).unwrap_or(exit::INTERRUPTED),
        }
    }

    /// An I/O error on a path, as an environment error naming the path.
    pub fn io(what: &str, path: &std::path::Path, e: std::io::Error) -> Error {
        Error::Environment(format!("cannot {what} {}: {e}", path.display()))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(m) | Error::Environment(m) | Error::Render(m) => f.write_str(m),
            Error::Interrupted(signal) => {
                let name = if *signal == 15 { "SIGTERM" } else { "Ctrl-C" };
                write!(
                    f,
                    "interrupted by {name}: the build stopped and its work was removed; the output folder is as the last completed build left it"
                )
            }
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
