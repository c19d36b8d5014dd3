//! `annual-update init [DIR]`: a new inputs folder (see [`pipeline::init`]).

use crate::args::InitArgs;
use crate::error::{Result, exit};
use crate::{pipeline, progress};

pub fn init(args: &InitArgs) -> Result<u8> {
    let year = args.year.unwrap_or_else(crate::dates::this_year);
    for path in pipeline::init::write(&args.dir, year)? {
        progress::say(format!("wrote {}", path.display()));
    }
    progress::set_folders(Some(&args.dir), None);
    let command = |args| progress::command(args, progress::Takes::InputsAndOutput);
    progress::say(format!(
        "next: fill in every \"…\" in {}, run `{}` for each team's workbook, put the files that come back in {}, then run `{}`",
        args.dir.join("plan.toml").display(),
        command("template"),
        args.dir
            .join("submissions")
            .join(year.to_string())
            .display(),
        command("check")
    ));
    Ok(exit::OK)
}
