//! `annual-update diff`: the change summary between two datasets, also written by every build.

use std::path::Path;

use crate::args::DiffArgs;
use crate::changes::{self, ChangeSummary};
use crate::error::{Error, Result, exit};
use crate::model::Dataset;
use crate::output;

pub fn diff(args: &DiffArgs) -> Result<u8> {
    let read = |path: &Path| -> Result<Dataset> {
        let json = std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))?;
        Dataset::from_json(&json).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
    };
    let (from, to) = (read(&args.from)?, read(&args.to)?);
    let dir = args
        .output
        .clone()
        .unwrap_or_else(|| args.to.parent().unwrap_or(Path::new(".")).to_path_buf());
    let summary = changes::summarise(&from, &to);
    write(&dir, &summary, &dir)?;
    Ok(exit::OK)
}

/// Writes changes.md, changes.json and changes.csv into `dir` and says so, naming them in
/// `shown_dir` (where a build's work folder will be published).
pub fn write(dir: &Path, summary: &ChangeSummary, shown_dir: &Path) -> Result<()> {
    let json = serde_json::to_string_pretty(summary).expect("a summary serialises") + "\n";
    for (name, text) in [
        ("changes.md", changes::markdown(summary)),
        ("changes.json", json),
        ("changes.csv", changes::csv(summary)),
    ] {
        output::write_if_changed(&dir.join(name), text.as_bytes())?;
    }
    crate::progress::say(format!(
        "changes {} → {}: {} new actions, {} delivered or closed, {} open with no update, {} edits to published text ({})",
        summary.from_year,
        summary.to_year,
        summary.new_actions.len(),
        summary.finished.len(),
        summary.no_update.len(),
        summary.edits.len(),
        shown_dir.join("changes.md").display()
    ));
    Ok(())
}
