//! `annual-update status`: where each team stands, by [`pipeline::status`]; a table for people or
//! JSON for programs.

use crate::args::{Format, StatusArgs};
use crate::error::{Result, exit};
use crate::{pipeline, teams};

pub fn status(args: &StatusArgs) -> Result<u8> {
    let status = pipeline::status(&args.inputs, args.year)?;
    let (year, teams) = (status.year, &status.teams);
    match args.format {
        Format::Human => {
            print!("{}", teams::table::text(teams, year));
            println!("{year}: {}", status.parity);
        }
        Format::Json => println!("{}", crate::output::pretty_json(teams).trim_end()),
    }
    Ok(exit::OK)
}
