//! A signal during a build stops it cleanly: Ctrl-C (SIGINT), SIGTERM, a closed terminal
//! (SIGHUP) and SIGQUIT alike. The signal is noted, every child process the build started is
//! killed ([`super::children`]), and the build stops at its next step, removes its work folder
//! and exits with 128 + the signal's number (130, 143, 129, 131), leaving the last complete
//! build's output as it was. Two things bound that:
//! - **The swap.** Replacing the output with the new build ([`commit`]) is refused once a signal
//!   has come; a signal that comes once the swap has begun no longer stops the build, which
//!   completes, says so, and exits 0 with the new build in place. What is printed and the exit
//!   code always agree with what the output folder holds.
//! - **A deadline.** A build that has not ended [`DEADLINE`] after the first signal (a thread
//!   stuck in a read that never returns) is ended at once: its children killed, exit 128 + the
//!   signal's number, the output as the last complete build left it (its work folder is left
//!   for the next build to remove). A second signal does the same at once.
//!
//! Receiving the signal is the only platform code: signal-hook's iterator on Unix (it tells the
//! signals apart, which give different exit codes); on Windows, where there are no signals, the
//! console's control handler through the `ctrlc` crate (Ctrl-C, Ctrl-Break and closing the
//! console; all 130).

use std::io::Write;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::Duration;

use crate::error::{Error, Result};

#[cfg(not(any(unix, windows)))]
compile_error!(
    "annual-update stops its Typst and cargo processes on a signal only on Unix and Windows; \
     this target is neither (see src/process/interrupt.rs)"
);

pub use crate::error::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, name};

/// How long a build may take to stop after the first signal before it is ended at once.
pub const DEADLINE: Duration = Duration::from_secs(5);

/// The signal received, or 0.
static SIGNAL: AtomicI32 = AtomicI32::new(0);
/// Whether the new build has been swapped in; held across the swap, so that a signal is
/// answered either before it (the swap is refused) or after it (the build completes).
static SWAPPED: Mutex<bool> = Mutex::new(false);
static INSTALL: Once = Once::new();
/// What a first signal stops, in the line that says so: "the build", or "the watch".
static STOPPING: Mutex<&str> = Mutex::new("the build");

/// Names what a first signal stops (see [`STOPPING`]).
pub fn set_stopping(what: &'static str) {
    *lock(&STOPPING) = what;
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Handles the signals from now on in this process (once; later calls do nothing).
pub fn install() -> Result<()> {
    let mut failed = None;
    INSTALL.call_once(|| failed = listen().err());
    match failed {
        Some(e) => Err(Error::Environment(format!("cannot handle Ctrl-C: {e}"))),
        None => Ok(()),
    }
}

/// Unix: a thread receives the signals through signal-hook, which does the async-signal-safe
/// part in its handler and hands the signal's number to the thread.
#[cfg(unix)]
fn listen() -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGINT, SIGQUIT, SIGTERM])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            received(signal);
        }
    });
    Ok(())
}

/// Windows: no signals; the console calls a control handler (on a thread of its own) for Ctrl-C,
/// Ctrl-Break and the console closing. `ctrlc` installs one and runs this on its own thread.
#[cfg(windows)]
fn listen() -> std::io::Result<()> {
    ctrlc::set_handler(|| received(SIGINT)).map_err(std::io::Error::other)
}

/// What a signal does, on the thread that receives it.
fn received(signal: i32) {
    let swapped = lock(&SWAPPED);
    let first = SIGNAL.swap(signal, Ordering::SeqCst) == 0;
    if *swapped {
        if first {
            tell(&format!(
                "annual-update: {} came after the new build was swapped in: the build completes, and the output folder holds the new build",
                name(signal)
            ));
        } else {
            end_now(0, "the new build is in place");
        }
        return;
    }
    if !first {
        end_now(128 + signal, "stopped at once");
    }
    let what = *lock(&STOPPING);
    tell(&format!(
        "interrupted: stopping {what} (press Ctrl-C again to stop at once)"
    ));
    super::children::kill_all();
    drop(swapped);
    std::thread::spawn(move || {
        std::thread::sleep(DEADLINE);
        if *lock(&SWAPPED) {
            end_now(
                0,
                "the new build is in place, but it had not finished tidying up",
            );
        } else {
            end_now(
                128 + signal,
                &format!(
                    "the build had not stopped {} s after {}",
                    DEADLINE.as_secs(),
                    name(signal)
                ),
            );
        }
    });
}

/// Ends the process now, from the signal's thread, whatever the others are doing: its children
/// killed first, and no code of the other threads, nor any exit handler, run.
fn end_now(code: i32, what: &str) -> ! {
    super::children::kill_all();
    let state = if code == 0 {
        "the output folder holds the new build".to_string()
    } else {
        "the output folder is as the last completed build left it, and the next build removes this one's work folder".to_string()
    };
    tell(&format!("annual-update: {what}: exiting now; {state}"));
    exit_now(code)
}

/// Exits without running exit handlers, which could wait on a lock a stuck thread holds.
#[cfg(unix)]
fn exit_now(code: i32) -> ! {
    // SAFETY: _exit(2) ends the process; nothing after it runs.
    unsafe { libc::_exit(code) }
}

#[cfg(windows)]
fn exit_now(code: i32) -> ! {
    std::process::exit(code)
}

/// Says `message` on stderr. A terminal that has closed (the usual SIGHUP) makes writing fail,
/// and a failed `eprintln!` anywhere would panic and turn the exit code into an internal error:
/// stderr then goes to the null device for the rest of the run.
fn tell(message: &str) {
    if writeln!(std::io::stderr(), "{message}").is_err() {
        silence_stderr();
    }
}

#[cfg(unix)]
fn silence_stderr() {
    if let Ok(null) = std::fs::OpenOptions::new().write(true).open("/dev/null") {
        use std::os::fd::AsRawFd;
        // SAFETY: dup2(2) replaces fd 2 with an open descriptor in one step; `null` is closed
        // after, fd 2 staying open on the null device.
        unsafe { libc::dup2(null.as_raw_fd(), libc::STDERR_FILENO) };
    }
}

/// Windows: a closed console ends the process within moments anyway.
#[cfg(windows)]
fn silence_stderr() {}

/// The signal that interrupted this process, if one has.
pub fn signal() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// `Err(Error::Interrupted)` once a signal has come: the build stops at this step.
pub fn check() -> Result<()> {
    match signal() {
        Some(s) => Err(Error::Interrupted(s)),
        None => Ok(()),
    }
}

/// Runs `swap`, the step that replaces the output with the new build, unless a signal has come
/// (then `Err(Error::Interrupted)` and nothing is swapped). A signal that comes while it runs
/// is answered once it has returned: if it swapped the new build in, the build completes.
pub fn commit(swap: impl FnOnce() -> Result<()>) -> Result<()> {
    let mut swapped = lock(&SWAPPED);
    check()?;
    swap()?;
    *swapped = true;
    Ok(())
}

/// The variable the test-only hook below reads.
pub const TEST_PAUSE_VARIABLE: &str = "ANNUAL_UPDATE_TEST_PAUSE";

/// TEST ONLY, and only in debug builds (release builds compile it to nothing): when the
/// environment variable [`TEST_PAUSE_VARIABLE`] is `point=FILE`, creates FILE and waits, deaf
/// to signals, until it is removed (a minute at most), so that the integration tests can send a
/// signal at a moment they choose, or see a thread that never returns. Nothing else may use it.
#[cfg(debug_assertions)]
pub fn test_pause(point: &str) {
    let Some(asked) = std::env::var_os(TEST_PAUSE_VARIABLE) else {
        return;
    };
    let asked = asked.to_string_lossy();
    let Some(file) = asked.strip_prefix(point).and_then(|r| r.strip_prefix('=')) else {
        return;
    };
    let _ = std::fs::write(file, point);
    let started = std::time::Instant::now();
    while std::path::Path::new(file).exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Release builds have no test hook.
#[cfg(not(debug_assertions))]
pub fn test_pause(_point: &str) {}

#[cfg(test)]
mod tests {
    #[test]
    fn signals_are_named_for_the_person_who_sent_them() {
        assert_eq!(super::name(super::SIGINT), "Ctrl-C");
        assert_eq!(
            super::name(super::SIGHUP),
            "SIGHUP (the terminal was closed)"
        );
        assert_eq!(super::name(super::SIGQUIT), "SIGQUIT");
        assert_eq!(super::name(super::SIGTERM), "SIGTERM");
        assert_eq!(super::name(9), "signal 9");
    }
}
