//! The build, owned by the library: one year's inputs loaded, ingested and reconciled ([`year`]),
//! rendered to Typst sources ([`sources`]), compiled and written to the output folder.

pub mod sources;
pub mod year;
