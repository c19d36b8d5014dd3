//! `annual-update doctor`: what Typst is found where, which one a build would use, and the fonts.

use std::process::{Command, Stdio};

use crate::args::DoctorArgs;
use crate::error::{Result, exit};
use crate::render::Theme;
use crate::typst::{self, PINNED};

pub fn doctor(args: &DoctorArgs) -> Result<u8> {
    println!("annual-update {}", env!("CARGO_PKG_VERSION"));
    println!("Typst pinned: {PINNED}");
    println!("cache: {}", typst::cache_dir().display());
    let show = |place: &str, path: Option<std::path::PathBuf>| match path {
        None => println!("  {place}: not set"),
        Some(p) => match typst::probe(&p) {
            Ok(v) => println!(
                "  {place}: {} → Typst {v}{}",
                p.display(),
                if v == PINNED { "" } else { " (wrong version)" }
            ),
            Err(e) => println!("  {place}: {e}"),
        },
    };
    println!("looked for Typst at:");
    show("--typst", args.typst.typst.clone());
    show(
        "TYPST",
        std::env::var_os("TYPST")
            .filter(|v| !v.is_empty())
            .map(Into::into),
    );
    let on_path = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("typst"))
            .find(|p| p.is_file())
    });
    match on_path {
        Some(p) => show("PATH", Some(p)),
        None => println!("  PATH: no typst"),
    }
    show(
        "cache",
        Some(
            typst::cache_dir()
                .join("typst")
                .join(PINNED)
                .join("bin")
                .join("typst"),
        ),
    );

    let lookup = typst::Lookup {
        flag: args.typst.typst.clone(),
        install: false,
    };
    let theme = Theme::load(super::templates_dir(&args.templates).as_deref())?;
    println!("bundled fonts (system fonts are ignored):");
    for (name, file) in theme.fonts() {
        let from = match &file.origin {
            crate::render::theme::Origin::Embedded => "built in".to_string(),
            crate::render::theme::Origin::User(p) => p.display().to_string(),
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
            let fonts = tempfile_fonts(&theme)?;
            let listed = Command::new(&t.path)
                .env_clear()
                .args(["fonts", "--ignore-system-fonts", "--font-path"])
                .arg(fonts.path())
                .stdin(Stdio::null())
                .output();
            if let Ok(out) = listed {
                println!("font families Typst sees:");
                for family in String::from_utf8_lossy(&out.stdout).lines() {
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

/// The theme's fonts written to a scratch folder, removed when dropped.
fn tempfile_fonts(theme: &Theme) -> Result<ScratchDir> {
    let dir = std::env::temp_dir().join(format!("annual-update-fonts-{}", std::process::id()));
    for (name, file) in theme.fonts() {
        crate::output::write_atomic(&dir.join(name.trim_start_matches("fonts/")), &file.bytes)?;
    }
    Ok(ScratchDir(dir))
}

struct ScratchDir(std::path::PathBuf);

impl ScratchDir {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
