//! annual-update: partner submissions in, the reconciled dataset and the bilingual published
//! annual update of an action plan out.
//!
//! [`pipeline`] holds the build's order of work, one module per stage below it, with typed values
//! between them: [`ingest`] (files → [`ingest::Submission`]s with source positions) →
//! [`reconcile`] (→ [`model::Dataset`] + [`findings::Finding`]s) →
//! [`render`] (→ Typst source per edition) → [`typst`] (→ PDFs) → [`output`] (the year's folder).
//! [`commands`] turns each subcommand's arguments into a call of the pipeline and its result into
//! words.

pub mod args;
pub mod bench;
pub mod changes;
pub mod commands;
pub mod conformance;
pub mod dates;
pub mod error;
pub mod findings;
pub mod fonts;
pub mod house_style;
pub mod ingest;
pub mod input_file;
pub mod inputs;
pub mod language;
pub mod model;
pub mod narrative;
pub mod output;
pub mod partner_workbook;
pub mod pipeline;
pub mod process;
pub mod progress;
pub mod reconcile;
pub mod render;
pub mod report_templates;
pub mod synth;
pub mod teams;
pub mod text;
pub mod toml_error;
pub mod translation;
pub mod typst;
pub mod watch;
pub mod web;
