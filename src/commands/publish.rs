//! `annual-update publish`: the final build's year recorded as published and the next year opened,
//! by [`pipeline::publish`]; this file says what was done.

use crate::args::PublishArgs;
use crate::error::{Result, exit};
use crate::{pipeline, progress};

pub fn publish(args: &PublishArgs) -> Result<u8> {
    let reason = args.force.then_some(args.reason.as_deref()).flatten();
    let done = pipeline::publish::publish(&args.inputs, &args.output, args.year, reason)?;
    let (year, next) = (done.year, done.year + 1);
    progress::say(if done.dataset_written {
        format!("published {year}: {}", done.dataset.display())
    } else {
        format!(
            "{year} was already published: {} (unchanged)",
            done.dataset.display()
        )
    });
    if done.next_folder_made {
        progress::say(format!("opened {next}: {}", done.next_folder.display()));
    }
    for workbook in &done.workbooks {
        progress::say(format!("  {}", workbook.display()));
    }
    progress::say(format!(
        "next: send each team its {next} workbook; `{}` shows who still owes an update",
        progress::command("status", progress::Takes::Inputs)
    ));
    if let Some(line) = &done.next_date {
        progress::say(format!(
            "plan.toml has no publication date for {next} yet: add the line {line} under [publication-dates], with the day the {next} edition is published"
        ));
    }
    Ok(exit::OK)
}
