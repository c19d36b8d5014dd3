//! A finished preview PDF made visible: the one place a PDF that `typst watch` has compiled
//! becomes a file of the preview folder. Typst's watch writes its PDF in place, so it writes
//! into the work folder, and only once its compile has ended is the PDF copied to a temporary
//! name beside the preview's and renamed over it: a reader opens the last PDF or this one,
//! whole, never one half written. On the way each is mended as a build's PDFs are (the
//! ambiguous stream endings Typst leaves by chance: see [`crate::conformance::streams`]); it is
//! not validated, which a build does (a draft is made again at the next change, and validating
//! the editions would take seconds of every update).

use std::path::Path;

use crate::error::{Error, Result};

/// Publishes `compiled` (a PDF Typst had finished writing when it was read: see
/// [`super::typst_watch::Watcher::compiled_pdf`]) as `to`, atomically: mended, written to a
/// temporary name beside `to`, then renamed over it. A draft is not flushed to the disk first, as
/// a build's outputs are: it is made again at the next change.
pub fn publish(compiled: Vec<u8>, to: &Path) -> Result<()> {
    let bytes = compiled;
    let bytes = match crate::conformance::streams::mend(&bytes) {
        Some((mended, _objects)) => mended,
        None => bytes,
    };
    let tmp = crate::output::temp_path(to);
    std::fs::write(&tmp, &bytes)
        .and_then(|_| std::fs::rename(&tmp, to))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io("write", to, e)
        })
}
