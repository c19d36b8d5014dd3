//! `annual-update bench`: generates the synthetic inputs, measures, prints the tables and the
//! verdicts (see `crate::bench`).

use crate::args::{BenchArgs, Format, TypstArgs};
use crate::bench::{self, Options};
use crate::error::{Result, exit};
use crate::inputs::apart;
use crate::output::{self, ScratchDir};
use crate::progress;

pub fn bench(args: &BenchArgs) -> Result<u8> {
    crate::process::interrupt::set_stopping("the bench");
    let scratch;
    let dir = match &args.dir {
        Some(d) => {
            // Its synthetic inputs and builds replace what is there: never in an inputs folder,
            // and in a folder Typst can take if it is to build.
            apart::refuse_overlap(
                &[],
                &apart::Writing {
                    flag: "--dir",
                    given: d,
                    suggest: "bench",
                    file: false,
                    paths: vec![d.clone()],
                },
            )?;
            if !args.generate_only && !args.no_typst && !args.typst_scale.is_empty() {
                output::refuse_non_unicode("--dir", d)?;
            }
            d.clone()
        }
        None => {
            scratch = ScratchDir::new("bench")?;
            scratch.path().to_path_buf()
        }
    };
    if args.generate_only {
        for &scale in &args.scale {
            let (took, made) = bench::generate(&dir, scale)?;
            progress::say(format!(
                "{}: {} actions, {} rows in {} ({:.1} s)",
                bench::scale_dir(&dir, scale).join("inputs").display(),
                made.actions,
                made.rows,
                crate::synth::describe_files(&made.files),
                took.as_secs_f64()
            ));
        }
        return Ok(exit::OK);
    }
    let options = Options {
        scales: args.scale.clone(),
        typst_scales: if args.no_typst {
            Vec::new()
        } else {
            args.typst_scale.clone()
        },
        runs: args.runs.max(1),
        typst: TypstArgs {
            typst: args.typst.typst.clone(),
            no_install: args.typst.no_install,
        },
    };
    let results = bench::run(&dir, &options)?;
    match args.format {
        Format::Human => println!("{}", bench::markdown(&results)),
        Format::Json => print!(
            "{}",
            output::pretty_json(&serde_json::json!({
                "results": results,
                "targets": bench::targets(&results),
            }))
        ),
    }
    Ok(exit::OK)
}
