//! `annual-update init [DIR]`: a new inputs folder (see [`pipeline::init`]).

use std::path::Path;

use crate::args::InitArgs;
use crate::error::{Result, exit};
use crate::{pipeline, progress};

pub fn init(args: &InitArgs) -> Result<u8> {
    let year = args.year.unwrap_or_else(pipeline::init::this_year);
    for path in pipeline::init::write(&args.dir, year)? {
        progress::say(format!("wrote {}", path.display()));
    }
    let inputs = inputs_option(&args.dir);
    progress::say(format!(
        "next: fill in every \"…\" in {}, run `annual-update template{inputs}` for each team's workbook, put the files that come back in {}, then run `annual-update check{inputs}`",
        args.dir.join("plan.toml").display(),
        args.dir
            .join("submissions")
            .join(year.to_string())
            .display()
    ));
    Ok(exit::OK)
}

/// ` --inputs DIR` for the commands suggested next, as it can be pasted into a shell (quoted
/// where it needs to be); nothing for the default folder, `inputs`.
fn inputs_option(dir: &Path) -> String {
    let shown = dir.display().to_string();
    if dir == Path::new("inputs") {
        return String::new();
    }
    let plain = shown
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_./-\\:".contains(c));
    if plain {
        format!(" --inputs {shown}")
    } else {
        // Single quotes are literal in POSIX shells and in PowerShell alike.
        format!(" --inputs '{}'", shown.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn the_inputs_option_pastes_as_written() {
        assert_eq!(super::inputs_option(Path::new("inputs")), "");
        assert_eq!(
            super::inputs_option(Path::new("my-plan")),
            " --inputs my-plan"
        );
        assert_eq!(
            super::inputs_option(Path::new("Policy Team/plan")),
            " --inputs 'Policy Team/plan'"
        );
    }
}
