//! `annual-update init [DIR]`: a new inputs folder (see [`pipeline::init`]).

use crate::args::InitArgs;
use crate::error::{Result, exit};
use crate::{pipeline, progress};

pub fn init(args: &InitArgs) -> Result<u8> {
    let year = args.year.unwrap_or_else(pipeline::init::this_year);
    for path in pipeline::init::write(&args.dir, year)? {
        progress::say(format!("wrote {}", path.display()));
    }
    progress::say(format!(
        "next: edit {}, put the partners' files in {}, then run `annual-update check`",
        args.dir.join("plan.toml").display(),
        args.dir
            .join("submissions")
            .join(year.to_string())
            .display()
    ));
    Ok(exit::OK)
}
