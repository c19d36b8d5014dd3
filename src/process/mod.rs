//! The process as a whole: child processes (Typst, cargo) that a signal stops together with the
//! run ([`interrupt`]), and a bug met anywhere ending the run with a report and exit code 70,
//! never Rust's own 101 ([`internal`]).

pub mod internal;
pub mod interrupt;
