//! `annual-update template`: a pre-filled workbook per partner team, from the plan and last year's
//! published dataset (see [`pipeline::workbooks`]).

use crate::args::PartnerWorkbooksArgs;
use crate::error::{Result, exit};
use crate::model::Lang;
use crate::{pipeline, progress};

pub fn write(args: &PartnerWorkbooksArgs) -> Result<u8> {
    let lang = Lang::from_code(&args.lang).unwrap_or(Lang::En);
    pipeline::workbooks::write(
        &args.inputs,
        args.year,
        &args.team,
        lang,
        &args.output,
        &mut |path, open| {
            let open = match open {
                Some(n) => progress::count(n, "open action", "open actions"),
                None => "no open actions yet: the plan's first year".to_string(),
            };
            progress::say(format!("wrote {} ({open})", path.display()));
        },
    )?;
    Ok(exit::OK)
}
