//! The integration tests, as one program (as ripgrep's and mdBook's are): a module per area, each
//! running the real binary (and real Typst) on copies of `inputs/` and of `tests/fixtures/`, with
//! the helpers in [`common`] and the builds several tests only look at made once per run
//! ([`common::shared`]). One program links the crate once, and its tests share the machine's
//! threads. `cargo test --test suite AREA::` runs one area, such as `cargo test --test suite
//! bundle::`.

mod common;

mod bench;
mod build;
mod bundle;
mod changes;
mod check_files;
mod conformance;
mod cycle;
mod documents;
mod escape_property;
mod exit_codes;
mod fault_paths;
mod faults;
mod history;
mod hostile;
mod ingest;
mod injection;
mod internal_error;
mod interrupt;
mod interrupt_install;
mod language;
mod layers;
mod markdown_escape;
mod markdown_outputs;
mod narrative;
mod output_folder;
mod pasted_text;
mod plan_checks;
mod progress;
mod reconcile;
mod reference_corpus;
mod sandbox;
mod scenarios;
mod sieve;
mod structure;
mod synth;
mod templates;
mod text_property;
mod translation;
mod watch;
mod web;
mod web_publication;
