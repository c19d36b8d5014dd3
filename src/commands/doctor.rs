//! `annual-update doctor`: what Typst is found where, which one a build would use, the fonts, and
//! the validator every PDF is checked with.

use crate::args::DoctorArgs;
use crate::error::{Result, exit};
use crate::output::ScratchDir;
use crate::report_templates::ReportTemplates;
use crate::typst::{self, PINNED};

pub fn doctor(args: &DoctorArgs) -> Result<u8> {
    println!("annual-update {}", env!("CARGO_PKG_VERSION"));
    println!(
        "PDF validator: {} {} (linked in; every PDF a build compiles is checked against PDF/UA-1 and PDF/A-2a)",
        crate::conformance::VALIDATOR,
        crate::conformance::VERSION
    );
    println!("Typst pinned: {PINNED}");
    println!("cache: {}", typst::cache_dir().display());
    // The places a build looks at, in its order (src/typst/lookup.rs), each with what is there.
    println!("looked for Typst at, in this order:");
    for place in typst::places(args.typst.typst.clone()) {
        let label = place.by.label();
        match &place.binary {
            Err(why) => println!("  {label}: {why}"),
            Ok(path) => match typst::probe(path) {
                Ok(v) if v == PINNED => println!("  {label}: {} → Typst {v}", path.display()),
                Ok(v) => println!(
                    "  {label}: {} → Typst {v} (wrong version{})",
                    path.display(),
                    if place.by.is_explicit() {
                        ": refused"
                    } else {
                        ": passed over"
                    }
                ),
                Err(e) => println!("  {label}: {e}"),
            },
        }
    }

    let lookup = typst::Lookup {
        flag: args.typst.typst.clone(),
        install: false,
    };
    let templates =
        ReportTemplates::load(crate::pipeline::templates_dir(&args.templates).as_deref())?;
    println!("bundled fonts (system fonts are ignored):");
    for (name, file) in templates.fonts() {
        let from = match &file.origin {
            crate::report_templates::Origin::Embedded => "built in".to_string(),
            crate::report_templates::Origin::User(p) => p.display().to_string(),
        };
        println!("  {name} ({from})");
    }
    match typst::find(&lookup, &|m| eprintln!("{m}")) {
        Ok(t) => {
            println!(
                "a build would use: {} (Typst {}, from {})",
                t.path.display(),
                t.version,
                t.found_by.describe()
            );
            let fonts = tempfile_fonts(&templates)?;
            if let Some(families) = typst::font_families(&t, fonts.path()) {
                println!("font families Typst sees:");
                for family in families {
                    println!("  {family}");
                }
            }
            Ok(exit::OK)
        }
        Err(e) => {
            println!("a build would install Typst {PINNED} into the cache first ({e})");
            Ok(exit::OK)
        }
    }
}

/// The report templates' fonts written to a scratch folder, removed when dropped.
fn tempfile_fonts(templates: &ReportTemplates) -> Result<ScratchDir> {
    let dir = ScratchDir::new("fonts")?;
    for (name, file) in templates.fonts() {
        crate::output::write_atomic(
            &dir.path().join(name.trim_start_matches("fonts/")),
            &file.bytes,
        )?;
    }
    Ok(dir)
}
