//! Errors that stop a command (as opposed to findings, which are collected), and their exit codes.

use std::fmt;

/// Exit codes, documented in the README.
pub mod exit {
    /// Success (drafts may still carry warnings or blocking findings).
    pub const OK: u8 = 0;
    /// Problems in the inputs: blocking findings in `check` or `build --final`, unreadable inputs.
    pub const INPUT: u8 = 1;
    /// The command line was wrong (clap's own code, and [`Error::Usage`]).
    pub const USAGE: u8 = 2;
    /// The environment: Typst missing or the wrong version, output not writable.
    pub const ENVIRONMENT: u8 = 3;
    /// A template or Typst failed to render: a bug in the templates, with the place named.
    pub const RENDER: u8 = 4;
    /// An internal error: a bug in annual-update met outside any one file (a bug met while reading
    /// a file is that file's `internal-error` finding instead). 70 is `EX_SOFTWARE` of sysexits.h,
    /// "internal software error"; never Rust's own 101.
    pub const INTERNAL: u8 = 70;
    /// Stopped by Ctrl-C (128 + SIGINT); SIGTERM gives 143, SIGHUP 129, SIGQUIT 131. The last
    /// complete build's output is untouched.
    pub const INTERRUPTED: u8 = 130;
}

/// The signals that stop a command, by the numbers their exit codes are made from (128 + the
/// number), and their names in messages. Receiving them is [`crate::process::interrupt`]'s.
pub mod signal {
    /// A closed terminal (exit code 129); Unix only.
    pub const SIGHUP: i32 = 1;
    /// The number Ctrl-C is reported as on every platform (exit code 130).
    pub const SIGINT: i32 = 2;
    /// Ctrl-\ (exit code 131); Unix only.
    pub const SIGQUIT: i32 = 3;
    /// `kill`'s default (exit code 143); Unix only.
    pub const SIGTERM: i32 = 15;

    /// What a signal is called in messages: `Ctrl-C`, `SIGTERM`, `SIGHUP (the terminal was
    /// closed)`, `SIGQUIT`.
    pub fn name(signal: i32) -> String {
        match signal {
            SIGINT => "Ctrl-C".to_string(),
            SIGTERM => "SIGTERM".to_string(),
            SIGHUP => "SIGHUP (the terminal was closed)".to_string(),
            SIGQUIT => "SIGQUIT".to_string(),
            other => format!("signal {other}"),
        }
    }
}

#[derive(Debug)]
pub enum Error {
    /// The command line asks for something that cannot be done (exit code 2), found after
    /// parsing: an output folder that overlaps the inputs, a path Typst cannot take.
    Usage(String),
    /// Inputs that cannot be used at all (missing plan, a baseline that is not a dataset).
    Input(String),
    /// A file or folder the system would not read or write: which, what was tried, and the
    /// system's own error as the [`source`](std::error::Error::source).
    Io {
        /// What was tried: "read", "create the folder", …
        action: String,
        path: std::path::PathBuf,
        /// An input (exit code 1) or the output and the environment (3).
        input: bool,
        source: std::io::Error,
    },
    /// Typst, the file system, or anything else outside the inputs.
    Environment(String),
    /// Templates or Typst compilation.
    Render(String),
    /// A signal (Ctrl-C: SIGINT, SIGTERM, SIGHUP or SIGQUIT) stopped the command; the number is
    /// the signal's.
    Interrupted(i32),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Input(_) | Error::Io { input: true, .. } => exit::INPUT,
            Error::Io { input: false, .. } => exit::ENVIRONMENT,
            Error::Environment(_) => exit::ENVIRONMENT,
            Error::Render(_) => exit::RENDER,
            Error::Interrupted(signal) => u8::try_from(128 + signal).unwrap_or(exit::INTERRUPTED),
        }
    }

    /// An I/O error on a path of the output or the environment (exit code 3).
    pub fn io(what: &str, path: &std::path::Path, e: std::io::Error) -> Error {
        Error::Io {
            action: what.to_string(),
            path: path.to_path_buf(),
            input: false,
            source: e,
        }
    }

    /// An I/O error reading an input (exit code 1): a file of the inputs folder, a submission, a
    /// template or a returned translation.
    pub fn unreadable(what: &str, path: &std::path::Path, e: std::io::Error) -> Error {
        Error::Io {
            action: what.to_string(),
            path: path.to_path_buf(),
            input: true,
            source: e,
        }
    }

    /// The message with every cause after it, as the command line prints it:
    /// "cannot read inputs/plan.toml: Is a directory (os error 21)".
    pub fn with_causes(&self) -> String {
        let mut out = self.to_string();
        let mut cause = std::error::Error::source(self);
        while let Some(e) = cause {
            out.push_str(&format!(": {e}"));
            cause = e.source();
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Input(m) | Error::Environment(m) | Error::Render(m) => {
                f.write_str(m)
            }
            Error::Io { action, path, .. } => write!(f, "cannot {action} {}", path.display()),
            Error::Interrupted(signal) => write!(
                f,
                "interrupted by {}: the build stopped and its work was removed; the output folder is as the last completed build left it",
                signal::name(*signal)
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn an_io_error_keeps_the_systems_error_as_its_source() {
        let cause = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = Error::unreadable("read", std::path::Path::new("inputs/plan.toml"), cause);
        let source = std::error::Error::source(&e).expect("a source");
        assert_eq!(
            source.downcast_ref::<std::io::Error>().map(|e| e.kind()),
            Some(std::io::ErrorKind::NotFound)
        );
        assert_eq!(e.to_string(), "cannot read inputs/plan.toml");
        assert!(
            e.with_causes()
                .starts_with("cannot read inputs/plan.toml: ")
        );
        assert_eq!(e.exit_code(), super::exit::INPUT);
        let cause = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let e = Error::io("write", std::path::Path::new("output/2026"), cause);
        assert_eq!(e.exit_code(), super::exit::ENVIRONMENT);
    }
}
