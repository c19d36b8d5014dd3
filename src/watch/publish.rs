//! A finished preview PDF made visible: the one place a PDF that `typst watch` has compiled
//! becomes a file of the preview folder. Typst's watch writes its PDF in place, so it writes
//! into the work folder, and only once its compile has ended is the PDF copied to a temporary
//! name beside the preview's and renamed over it: a reader opens the last PDF or this one,
//! whole, never one half written. A step on each preview PDF before readers see it (mending
//! and validating PDF/A, say) belongs here.

use std::path::Path;

use crate::error::{Error, Result};

/// Publishes `compiled` (a PDF Typst has finished writing) as `to`, atomically (see
/// [`crate::output::write_atomic`]).
pub fn publish(compiled: &Path, to: &Path) -> Result<()> {
    let bytes = std::fs::read(compiled).map_err(|e| Error::io("read", compiled, e))?;
    crate::output::write_atomic(to, &bytes)
}
