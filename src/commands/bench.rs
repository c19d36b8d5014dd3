//! `annual-update bench`: prints the benchmark report (see `crate::bench`).

use crate::args::BenchArgs;
use crate::bench::{self, IngestLoad};
use crate::error::{Result, exit};
use crate::output::ScratchDir;

pub fn bench(args: &BenchArgs) -> Result<u8> {
    let scratch;
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => {
            scratch = ScratchDir::new("bench")?;
            scratch.path().to_path_buf()
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
