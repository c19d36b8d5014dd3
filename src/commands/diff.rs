//! `annual-update diff`: the change summary between two datasets, also written by every build.

use std::path::Path;

use crate::args::DiffArgs;
use crate::changes;
use crate::error::{Error, Result, exit};
use crate::input_file;
use crate::inputs::apart;
use crate::model::Dataset;
use crate::pipeline;

pub fn diff(args: &DiffArgs) -> Result<u8> {
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| args.to.parent().unwrap_or(Path::new(".")).to_path_buf());
    // Neither dataset is written over, and nothing goes into an inputs folder (the default,
    // beside --to, is one when --to is a published dataset).
    apart::refuse_overlap(
        &[
            apart::Read {
                what: "--from",
                path: &args.from,
            },
            apart::Read {
                what: "--to",
                path: &args.to,
            },
        ],
        &apart::Writing {
            flag: "--output",
            given: &dir,
            suggest: "changes",
            file: false,
            paths: pipeline::outputs::CHANGES
                .map(|name| dir.join(name))
                .to_vec(),
        },
    )?;
    let read = |path: &Path| -> Result<Dataset> {
        let json =
            input_file::read_to_string(path).map_err(|e| Error::unreadable("read", path, e))?;
        Dataset::from_json(&json).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
    };
    let (from, to) = (read(&args.from)?, read(&args.to)?);
    let summary = changes::summarise(&from, &to);
    pipeline::outputs::write_changes(&dir, &summary, &dir)?;
    Ok(exit::OK)
}
