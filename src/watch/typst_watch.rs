//! One long-running `typst watch` per document, started once with the flags `build` gives
//! `typst compile` (see [`crate::typst::watch_command`]), tied to this process like every child
//! (see [`crate::process::children::lasting`]). Typst keeps its memoised layout between
//! compiles, so a changed source compiles in a fraction of the time a cold `typst compile`
//! takes. What it says on stderr tells when a compile starts and ends, and how
//! (`[12:00:01] compiling ...`, `[12:00:02] compiled successfully in 1.02 s`, `… compiled with
//! errors` and its diagnostics). A watcher that has ended, or whose memory has grown past
//! [`memory_bound`], is started again.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::process::children::{self, Lasting};
use crate::process::interrupt;
use crate::typst::{Job, Typst};

/// After a compile ends, how long no other may start before its PDF is taken as the last one,
/// when the compile may have begun before the source was written: Typst batches the changes it
/// sees for 100 ms before it compiles, so a change that came while it compiled starts a new
/// compile within this.
const SETTLE: Duration = Duration::from_millis(150);

/// A compile whose `compiling` line came this long after the source was written began after it
/// (Typst waits 100 ms after a change before it compiles): its PDF is the source's, at once.
const SURELY_AFTER: Duration = Duration::from_millis(50);

/// How long a watcher may stay idle with a changed source it has not compiled before it is taken
/// to have missed the change for good, and started again (which compiles the source as it is).
const START_WITHIN: Duration = Duration::from_secs(10);

/// How long after a compile that began before the source was written has ended, with no other
/// begun, the source is written again, as it is ([`Watcher::nudge`]). Typst watches a file only
/// once a compile that read it has ended, so a source written during a watcher's first compile,
/// or while Typst is setting its watches after any compile, is never seen: the same bytes
/// written again are. Typst starts a compile within 100 ms of a change it saw, so a watcher
/// silent for this long did not see one.
const NUDGE_AFTER: Duration = Duration::from_millis(300);

/// How many times a source is written again for one change before the watcher is left to
/// [`START_WITHIN`].
const NUDGES: usize = 5;

/// How many times a document's watcher is started again within one update before its failure
/// is told.
const RESTARTS: usize = 3;

/// The default bound on one `typst watch` process's resident memory (see [`memory_bound`]).
pub const DEFAULT_MEMORY_MIB: u64 = 3072;

/// How much a `typst watch` may grow past what it held after its second compile (the first
/// after a change, which keeps the first's cache beside its own) before it is started again: its
/// cache of earlier compiles grows with every edit.
pub const GROWTH: f64 = 1.4;

/// The variable that sets [`memory_bound`], in MiB.
pub const MEMORY_VARIABLE: &str = "ANNUAL_UPDATE_TYPST_MEMORY_MIB";

/// The resident memory past which a `typst watch` is started again before the next update:
/// [`DEFAULT_MEMORY_MIB`] (three times what the largest edition of a plan at real scale needs),
/// or the MiB given by [`MEMORY_VARIABLE`].
pub fn memory_bound() -> u64 {
    std::env::var(MEMORY_VARIABLE)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_MEMORY_MIB)
        * 1024
        * 1024
}

/// A compile that has ended.
#[derive(Clone, Debug)]
struct Finished {
    /// When its `compiling` line came.
    started: Instant,
    /// When its end came.
    at: Instant,
    /// Typst's diagnostics if it failed.
    errors: Option<String>,
}

/// What Typst has said so far.
#[derive(Default)]
struct State {
    /// The `compiling` line of the compile running now.
    running: Option<Instant>,
    /// The last compile that ended.
    finished: Option<Finished>,
    /// Lines after `compiled with errors` are its diagnostics, until the next status.
    collecting: bool,
    /// How many compiles have ended.
    compiles: usize,
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    fn heard(&mut self, line: &str) {
        let status = line
            .strip_prefix('[')
            .and_then(|l| l.split_once("] "))
            .map(|(_, s)| s);
        match status {
            Some(s) if s.starts_with("compiling") => {
                self.running = Some(Instant::now());
                self.collecting = false;
            }
            Some(s) if s.starts_with("compiled") => {
                let failed = s.starts_with("compiled with errors");
                self.compiles += 1;
                self.finished = Some(Finished {
                    started: self.running.take().unwrap_or_else(Instant::now),
                    at: Instant::now(),
                    errors: failed.then(String::new),
                });
                self.collecting = failed;
            }
            _ if line.starts_with("watching ") || line.starts_with("writing to ") => {
                self.collecting = false;
            }
            _ if self.collecting && !line.trim().is_empty() => {
                if let Some(Finished {
                    errors: Some(errors),
                    ..
                }) = &mut self.finished
                {
                    errors.push_str(line);
                    errors.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// One document's `typst watch`.
pub struct Watcher {
    pub stem: String,
    pub job: Job,
    state: Arc<Mutex<State>>,
    child: Option<Lasting>,
    /// Its resident memory once its second compile had ended.
    first: Option<u64>,
}

impl Watcher {
    /// Starts Typst watching `job.input`, writing `job.output`.
    pub fn start(typst: &Typst, stem: &str, job: Job) -> Result<Watcher> {
        let mut watcher = Watcher {
            stem: stem.to_string(),
            job,
            state: Arc::default(),
            child: None,
            first: None,
        };
        watcher.restart(typst)?;
        Ok(watcher)
    }

    /// (Re)starts the process: it compiles the source as it is now, then watches it.
    fn restart(&mut self, typst: &Typst) -> Result<()> {
        if let Some(child) = self.child.take() {
            child.stop();
        }
        *lock(&self.state) = State::default();
        self.first = None;
        let state = Arc::clone(&self.state);
        let cmd = crate::typst::watch_command(typst, &self.job, &self.job.output);
        let child = children::lasting(cmd, move |line| lock(&state).heard(&line)).map_err(|e| {
            if interrupt::signal().is_some() {
                return Error::Interrupted(interrupt::signal().unwrap_or(interrupt::SIGINT));
            }
            Error::Environment(format!("cannot run {}: {e}", typst.path.display()))
        })?;
        self.child = Some(child);
        Ok(())
    }

    /// Why the process must be started again, if it must: it has ended, or its memory is past
    /// [`memory_bound`] or [`GROWTH`] times what it held after its second compile. One that has
    /// not ended its first compile is as new as a restart would make it, and is left to finish.
    fn unwell(&mut self) -> Option<String> {
        let child = self.child.as_ref()?;
        if child.ended() {
            return Some("ended".to_string());
        }
        if lock(&self.state).compiles == 0 {
            return None;
        }
        let used = resident(child.id())?;
        let mib = |b: u64| b / (1024 * 1024);
        let bound = memory_bound();
        if used > bound {
            return Some(format!(
                "used {} MiB, past the bound of {} MiB ({MEMORY_VARIABLE})",
                mib(used),
                mib(bound)
            ));
        }
        let compiled = lock(&self.state).compiles >= 2;
        let first = match self.first {
            Some(first) => first,
            None if compiled => {
                self.first = Some(used);
                return None;
            }
            None => return None,
        };
        (used as f64 > GROWTH * first as f64).then(|| {
            format!(
                "grew to {} MiB, past {GROWTH} times the {} MiB it held after its second compile",
                mib(used),
                mib(first)
            )
        })
    }
}

impl Watcher {
    /// Writes the source again, as it is, so that Typst sees a change it missed (see
    /// [`NUDGE_AFTER`]).
    fn nudge(&self) -> Result<()> {
        let path = &self.job.input;
        let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
        crate::output::write_atomic(path, &bytes)
    }

    /// The PDF of the last compile, read whole: read while no compile runs, and kept only if
    /// none began while it was read (Typst writes its PDF in place, at the end of a compile).
    pub fn compiled_pdf(&self) -> Result<Vec<u8>> {
        let quiet = || {
            let s = lock(&self.state);
            s.running.is_none().then_some(s.compiles)
        };
        loop {
            interrupt::check()?;
            if let Some(before) = quiet() {
                let path = &self.job.output;
                let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
                if quiet() == Some(before) {
                    return Ok(bytes);
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Starts again every watcher that has ended or grown past the memory bound, says so, and
/// returns which.
pub fn heal(watchers: &mut [Watcher], typst: &Typst) -> Result<Vec<usize>> {
    let mut healed = Vec::new();
    for (i, w) in watchers.iter_mut().enumerate() {
        if let Some(why) = w.unwell() {
            crate::progress::say(format!(
                "typst watch for {}.pdf {why}: started again",
                w.stem
            ));
            w.restart(typst)?;
            healed.push(i);
        }
    }
    Ok(healed)
}

/// How a document's compile after a change ended: `Ok` with its PDF complete at `job.output`,
/// or Typst's diagnostics, located (see [`crate::typst::explain`]).
pub type Compiled = std::result::Result<(), String>;

/// Waits until each watcher in `expected` has compiled what was written before `since`, and
/// returns how each went, in their order. A watcher whose last compile began before `since` and
/// that starts no other is given its source again ([`NUDGE_AFTER`]); one that ends meanwhile, or
/// stays idle for [`START_WITHIN`] all the same, is started again (which compiles the source as
/// it is). A signal ends the wait with `Err(Error::Interrupted)`.
pub fn wait(
    watchers: &mut [Watcher],
    expected: &[usize],
    since: Instant,
    typst: &Typst,
) -> Result<Vec<Compiled>> {
    let mut awaited: Vec<Awaited> = expected
        .iter()
        .map(|&i| Awaited {
            watcher: i,
            result: None,
            restarts: 0,
            asked: since,
            nudges: 0,
            nudged: since,
        })
        .collect();
    while awaited.iter().any(|a| a.result.is_none()) {
        interrupt::check()?;
        std::thread::sleep(Duration::from_millis(20));
        for a in awaited.iter_mut().filter(|a| a.result.is_none()) {
            a.look(&mut watchers[a.watcher], since, typst)?;
        }
    }
    Ok(awaited.into_iter().filter_map(|a| a.result).collect())
}

/// A watcher [`wait`] waits for, and what it has done about it so far.
struct Awaited {
    watcher: usize,
    result: Option<Compiled>,
    restarts: usize,
    /// When its watcher was last (re)started, or the wait began.
    asked: Instant,
    nudges: usize,
    /// When its source was last written again.
    nudged: Instant,
}

impl Awaited {
    /// Looks at `w` once: takes its result if it has compiled what was written before `since`,
    /// else writes its source again or starts it again if it must.
    fn look(&mut self, w: &mut Watcher, since: Instant, typst: &Typst) -> Result<()> {
        let (running, finished) = {
            let s = lock(&w.state);
            (s.running, s.finished.clone())
        };
        if let Some(f) = &finished
            && f.started >= since
            && running.is_none()
            && (f.started >= since + SURELY_AFTER || f.at.elapsed() >= SETTLE)
        {
            self.result = Some(match &f.errors {
                None => Ok(()),
                Some(errors) => Err(crate::typst::explain(&w.job.input, errors)),
            });
            return Ok(());
        }
        // Idle, with a source its last compile (if any) may not have read.
        let stale = running.is_none()
            && finished
                .as_ref()
                .is_none_or(|f| f.started < since.max(self.asked));
        let idle_since = finished
            .as_ref()
            .map_or(self.asked, |f| f.at.max(self.asked));
        if stale
            && finished.is_some()
            && self.nudges < NUDGES
            && idle_since.max(self.nudged).elapsed() >= NUDGE_AFTER
        {
            w.nudge()?;
            self.nudges += 1;
            self.nudged = Instant::now();
            return Ok(());
        }
        let ended = w.child.as_ref().is_none_or(Lasting::ended);
        let lost = stale && idle_since.elapsed() > START_WITHIN;
        if !(ended || lost) {
            return Ok(());
        }
        self.restarts += 1;
        if self.restarts > RESTARTS {
            self.result = Some(Err(format!(
                "typst watch for {}.pdf {} {RESTARTS} times in a row; it is started again at the next change",
                w.stem,
                match ended {
                    true => "ended",
                    false => "did not compile a changed source",
                }
            )));
            return Ok(());
        }
        crate::progress::say(format!(
            "typst watch for {}.pdf {}: started again",
            w.stem,
            match ended {
                true => "ended",
                false => "did not see its source change",
            }
        ));
        w.restart(typst)?;
        self.asked = Instant::now();
        Ok(())
    }
}

/// The resident memory of a process, in bytes, where the system tells (Linux's `/proc`).
#[cfg(target_os = "linux")]
fn resident(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Elsewhere the memory is not looked at: a watcher is started again only when it has ended.
#[cfg(not(target_os = "linux"))]
fn resident(_: u32) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_typsts_status_lines() {
        let mut s = super::State::default();
        for line in [
            "watching a.typ",
            "writing to a.pdf",
            "",
            "[02:36:50] compiling ...",
        ] {
            s.heard(line);
        }
        assert!(s.running.is_some());
        for line in [
            "",
            "watching a.typ",
            "writing to a.pdf",
            "",
            "[02:36:53] compiled with errors",
            "",
            "a.typ:1:7: error: unknown variable: bad",
        ] {
            s.heard(line);
        }
        assert!(s.running.is_none());
        let f = s.finished.clone().unwrap();
        assert_eq!(
            f.errors.as_deref(),
            Some("a.typ:1:7: error: unknown variable: bad\n")
        );
        s.heard("watching a.typ");
        s.heard("[02:36:55] compiling ...");
        s.heard("[02:36:56] compiled successfully in 1.02s");
        assert!(s.finished.unwrap().errors.is_none());
    }
}
