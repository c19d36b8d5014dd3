//! The process as a whole: child processes (Typst, cargo) tied to the run so that they end with
//! it however it ends ([`tether`], [`children`]), signals that stop a build cleanly and in time
//! ([`interrupt`]), and a bug met anywhere ending the run with a report and exit code 70, never
//! Rust's own 101 ([`internal`]).

pub mod children;
pub mod internal;
pub mod interrupt;
#[cfg(windows)]
mod job_object;
mod tether;
#[cfg(unix)]
mod watchdog;
