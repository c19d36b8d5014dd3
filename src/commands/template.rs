//! `annual-update template`: a pre-filled workbook per partner team, from the plan and last year's
//! published dataset (see [`pipeline::workbooks`]).

use crate::args::TemplateArgs;
use crate::error::{Result, exit};
use crate::model::Lang;
use crate::{pipeline, progress};

pub fn template(args: &TemplateArgs) -> Result<u8> {
    let lang = Lang::from_code(&args.lang).unwrap_or(Lang::En);
    pipeline::workbooks::write(
        &args.inputs,
        args.year,
        &args.team,
        lang,
        &args.output,
        &mut |path, open| {
            progress::say(format!("wrote {} ({open} open actions)", path.display()));
        },
    )?;
    Ok(exit::OK)
}
