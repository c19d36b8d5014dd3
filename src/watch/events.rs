//! Being told that something under the watched folders changed: `notify` (the file-system
//! watcher behind cargo-watch, mdBook's `serve`, Zola and Typst's own `watch`: inotify, FSEvents,
//! ReadDirectoryChangesW behind one API), debounced here by a quiet period: once a change has
//! come, the wait goes on until nothing has changed for [`QUIET`], so that a file a spreadsheet
//! program writes in steps (a temporary file, the file, a rename) is one change, read once it is
//! complete. Only changes count: notify also reports files being opened and read (as `watch`
//! itself reads them at every update), which would otherwise wake it again and again.

use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::folders::{Watched, ignored_path};
use crate::error::{Error, Result};
use crate::process::interrupt;

/// How long nothing may change before the files are read: a save in steps is done well within it.
pub const QUIET: Duration = Duration::from_millis(250);

/// The longest the wait for quiet goes on once a change has come: a file written without pause
/// (a log kept in the inputs folder) does not hold the drafts back for ever.
pub const AT_MOST: Duration = Duration::from_secs(10);

/// How often the wait looks for a signal.
const TICK: Duration = Duration::from_millis(50);

/// The watched folders' changes as they come.
pub struct Events {
    _watcher: RecommendedWatcher,
    changes: Receiver<notify::Result<Event>>,
    watched: Vec<Watched>,
}

impl Events {
    /// Starts watching every folder of `watched`, and what is under it.
    pub fn watch(watched: &[Watched]) -> Result<Events> {
        let (tx, changes) = channel();
        let mut watcher = notify::recommended_watcher(tx)
            .map_err(|e| Error::Environment(format!("cannot watch for changes: {e}")))?;
        for w in watched {
            watcher
                .watch(&w.root, RecursiveMode::Recursive)
                .map_err(|e| {
                    Error::Environment(format!(
                        "cannot watch {} for changes: {e}",
                        w.root.display()
                    ))
                })?;
        }
        Ok(Events {
            _watcher: watcher,
            changes,
            watched: watched.to_vec(),
        })
    }

    /// Waits until a file that is not [`super::folders::ignored`] has changed, then until nothing
    /// has changed for [`QUIET`] (or [`AT_MOST`] has passed). A change that came while the last update ran counts. A signal
    /// ends the wait with `Err(Error::Interrupted)`.
    pub fn next(&self) -> Result<()> {
        let mut last: Option<Instant> = None;
        let mut first: Option<Instant> = None;
        while last.is_none_or(|at| at.elapsed() < QUIET)
            && first.is_none_or(|at| at.elapsed() < AT_MOST)
        {
            interrupt::check()?;
            match self.changes.recv_timeout(TICK) {
                Ok(event) if self.relevant(&event) => {
                    if let Ok(event) = &event {
                        crate::progress::detail(format!("  {:?}: {:?}", event.kind, event.paths));
                    }
                    last = Some(Instant::now());
                    first = first.or(last);
                }
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Error::Environment(
                        "the watch for changes stopped".to_string(),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether an event changes a file `watch` reads (an error of the watcher itself counts:
    /// the folders are looked at again).
    fn relevant(&self, event: &notify::Result<Event>) -> bool {
        match event {
            Ok(event) => {
                !matches!(event.kind, EventKind::Access(_))
                    && event.paths.iter().any(|p| !ignored_path(&self.watched, p))
            }
            Err(e) => {
                crate::progress::detail(format!("  the watch for changes: {e}"));
                true
            }
        }
    }
}
