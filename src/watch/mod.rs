//! `annual-update watch`: live drafts during the collection window. A first build, then at every
//! change under the inputs folder or the templates (a file added, changed, removed or renamed,
//! once it has been quiet for [`events::QUIET`]) the build's own stages again
//! ([`Build::load`]: ingest and reconcile; [`Build::sources`]: render), while one long-running
//! `typst watch` per document ([`typst_watch`]) recompiles incrementally. Drafts go to
//! `<output>/<year>-preview/` ([`preview_dir`]), never to `<output>/<year>/`, which stays the last
//! complete `build`; each preview PDF is replaced whole ([`publish`]). One line per change says
//! what changed, the findings, and how many PDFs were updated in how long ([`update`]).

mod events;
mod folders;
mod publish;
mod typst_watch;
mod update;

use std::path::{Path, PathBuf};

pub use folders::ignored;
pub use publish::publish;
pub use typst_watch::{DEFAULT_MEMORY_MIB, MEMORY_VARIABLE};

use crate::error::{Error, Result};
use crate::pipeline::{Build, Options};
use crate::process::interrupt;

/// The preview folder beside the build folder: `<output>/<year>-preview/`, the drafts `watch`
/// keeps up to date (the PDFs, `html/`, `findings.md` and `findings.json`).
pub fn preview_dir(output: &Path, year: u16) -> PathBuf {
    output.join(format!("{year}-preview"))
}

/// Where `watch` keeps the Typst sources and Typst's own PDFs: `<output>/.<year>-preview.work/`.
pub fn work_dir(output: &Path, year: u16) -> PathBuf {
    output.join(format!(".{year}-preview.work"))
}

/// How a watch ended: by a signal, no Typst left running.
pub struct Stopped {
    pub signal: i32,
    /// The year whose preview it wrote, once an update had taken its folder.
    pub year: Option<u16>,
}

/// Watches until a signal comes (then `Ok(Stopped)`, no Typst left running), or the watching
/// itself fails.
pub fn watch(options: Options) -> Result<Stopped> {
    interrupt::install()?;
    interrupt::set_stopping("the watch");
    crate::pipeline::with_jobs(options.jobs, || {
        let build = Build::new(options)?;
        let mut watched = vec![folders::Watched {
            root: absolute(&build.options.inputs)?,
            prefix: String::new(),
        }];
        if let Some(templates) = &build.options.templates {
            watched.push(folders::Watched {
                root: absolute(templates)?,
                prefix: format!("{}/", crate::model::slashed(templates)),
            });
        }
        // Watching starts before the first build, so a file that lands during it is seen.
        let events = events::Events::watch(&watched)?;
        let mut session = update::Session::new(build);
        match updates(&mut session, &events, &watched) {
            Err(Error::Interrupted(signal)) => Ok(Stopped {
                signal,
                year: session.year(),
            }),
            Err(e) => Err(e),
            Ok(never) => match never {},
        }
    })
}

/// The first build, then an update at every change, until an error (a signal among them).
fn updates(
    session: &mut update::Session,
    events: &events::Events,
    watched: &[folders::Watched],
) -> Result<std::convert::Infallible> {
    let mut snapshot = folders::Snapshot::take(watched, &folders::Snapshot::default());
    session.update("first build")?;
    // From now on, one line per change.
    crate::progress::hide_steps();
    crate::progress::say("watching for changes (Ctrl-C to stop)");
    loop {
        events.next()?;
        let now = settled(watched, &snapshot)?;
        let changed = now.changes_since(&snapshot, watched);
        snapshot = now;
        if changed.is_empty() {
            continue;
        }
        let templates = changed
            .iter()
            .any(|c| watched.len() > 1 && c.starts_with(&watched[1].prefix));
        if templates {
            session.reload_templates()?;
        }
        session.update(&changed.join(", "))?;
    }
}

/// The watched folders once no file in them has been written for [`events::QUIET`]: a file
/// still being saved (in steps, or slowly) is read once it is complete (a file written without
/// pause is read after [`events::AT_MOST`] all the same).
fn settled(watched: &[folders::Watched], last: &folders::Snapshot) -> Result<folders::Snapshot> {
    let started = std::time::Instant::now();
    loop {
        let now = folders::Snapshot::take(watched, last);
        match now.youngest() {
            Some(age) if age < events::QUIET && started.elapsed() < events::AT_MOST => {
                interrupt::check()?;
                std::thread::sleep(events::QUIET - age);
            }
            _ => return Ok(now),
        }
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::io("resolve", path, e))
}
