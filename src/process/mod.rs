//! Running child processes (Typst, cargo) so that a signal stops them and the run cleanly
//! ([`interrupt`]).

pub mod interrupt;
