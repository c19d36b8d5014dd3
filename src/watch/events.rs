//! Being told that something under the watched folders changed: `notify` (the file-system
//! watcher behind cargo-watch, mdBook's `serve`, Zola and Typst's own `watch`: inotify, FSEvents,
//! ReadDirectoryChangesW, one API) through its own small debouncer, which hands over a path only
//! once nothing has touched it for [`QUIET`]. A spreadsheet program writes a file in steps (a
//! temporary file, the file, a rename): they come as one change, read once the file is complete.

use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use super::folders::{Watched, ignored_path};
use crate::error::{Error, Result};
use crate::process::interrupt;

/// How long nothing may touch a file before it is read: a save in steps is done well within it.
pub const QUIET: Duration = Duration::from_millis(400);

/// How often the wait looks for a signal.
const TICK: Duration = Duration::from_millis(50);

/// The watched folders' changes as they come.
pub struct Events {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
    changes: Receiver<DebounceEventResult>,
    watched: Vec<Watched>,
}

impl Events {
    /// Starts watching every folder of `watched`, and what is under it.
    pub fn watch(watched: &[Watched]) -> Result<Events> {
        let (tx, changes) = channel();
        let mut debouncer = new_debouncer(QUIET, tx)
            .map_err(|e| Error::Environment(format!("cannot watch for changes: {e}")))?;
        for w in watched {
            debouncer
                .watcher()
                .watch(&w.root, RecursiveMode::Recursive)
                .map_err(|e| {
                    Error::Environment(format!(
                        "cannot watch {} for changes: {e}",
                        w.root.display()
                    ))
                })?;
        }
        Ok(Events {
            _debouncer: debouncer,
            changes,
            watched: watched.to_vec(),
        })
    }

    /// Waits until a file that is not [`super::folders::ignored`] has changed and been quiet for
    /// [`QUIET`], then takes every change that came meanwhile. A signal ends the wait with
    /// `Err(Error::Interrupted)`.
    pub fn next(&self) -> Result<()> {
        loop {
            interrupt::check()?;
            match self.changes.recv_timeout(TICK) {
                Ok(batch) if self.relevant(&batch) => break,
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Error::Environment(
                        "the watch for changes stopped".to_string(),
                    ));
                }
            }
        }
        // What came while the last update ran, or since, is part of this one.
        while self.changes.try_recv().is_ok() {}
        Ok(())
    }

    /// Whether a batch names a file `watch` reacts to (an error of the watcher itself counts: the
    /// folders are looked at again).
    fn relevant(&self, batch: &DebounceEventResult) -> bool {
        match batch {
            Ok(events) => events.iter().any(|e| !ignored_path(&self.watched, &e.path)),
            Err(_) => true,
        }
    }
}
