//! `annual-update bench`: prints the benchmark report (see `crate::bench`).

use crate::args::BenchArgs;
use crate::bench::{self, IngestLoad};
use crate::error::{Error, Result, exit};

pub fn bench(args: &BenchArgs) -> Result<u8> {
    let scratch;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => {
            scratch = tempfile_dir()?;
            scratch.0.clone()
        }
    };
    let load = IngestLoad {
        workbooks: args.workbooks,
        rows: args.rows,
        xml_files: args.xml,
    };
    eprintln!(
        "generating {} workbooks and {} XML files in {} …",
        load.workbooks,
        load.xml_files,
        dir.display()
    );
    println!("{}", bench::ingest(&dir, load, args.runs.max(1))?);
    Ok(exit::OK)
}

/// A scratch folder removed when dropped.
struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempfile_dir() -> Result<Scratch> {
    let dir = std::env::temp_dir().join(format!("annual-update-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    Ok(Scratch(dir))
}
