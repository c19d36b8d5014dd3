//! A finished preview PDF made visible: the one place a PDF that `typst watch` has compiled
//! becomes a file of the preview folder. Typst's watch writes its PDF in place, so it writes
//! into the work folder, and only once its compile has ended is the PDF copied to a temporary
//! name beside the preview's and renamed over it: a reader opens the last PDF or this one,
//! whole, never one half written. A step on each preview PDF before readers see it (mending
//! and validating PDF/A, say) belongs here.

use std::path::Path;

use crate::error::{Error, Result};

/// Publishes `compiled` (a PDF Typst has finished writing) as `to`, atomically: copied to a
/// temporary name beside `to` (by the system's own copy), then renamed over it. A draft is not
/// flushed to the disk first, as a build's outputs are: it is made again at the next change.
pub fn publish(compiled: &Path, to: &Path) -> Result<()> {
    let tmp = crate::output::temp_path(to);
    std::fs::copy(compiled, &tmp)
        .and_then(|_| std::fs::rename(&tmp, to))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io("write", to, e)
        })
}
