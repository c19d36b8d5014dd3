//! Ctrl-C (SIGINT) and SIGTERM during a build stop it cleanly: the signal is noted, every Typst
//! (or cargo) process the build started is killed, and the build stops at its next step, removes
//! its work folder and exits with 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM),
//! leaving the last good output as it was. A second signal ends the process at once.
//!
//! Child processes are started through [`output`] and [`status`], which keep them on a list
//! while they run. They are waited for and reaped through `std::process` alone, on every
//! platform, so that the signal's thread can kill a child while another thread waits for it.
//!
//! The platform code is only what has no portable form, each piece behind `cfg`:
//! - receiving the signal: signal-hook's iterator on Unix (it tells SIGINT from SIGTERM, which
//!   give different exit codes); on Windows, where there are no signals, the console's control
//!   handler through the `ctrlc` crate (Ctrl-C, Ctrl-Break and closing the console; all 130);
//! - stopping a child's own children (cargo's rustc and build scripts, see [`status_group`]):
//!   a process group on Unix. On Windows a console's Ctrl-C reaches every process attached to it,
//!   cargo and rustc included, so they stop by themselves and the child alone is killed here.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once};
use std::time::Duration;

use crate::error::{Error, Result};

#[cfg(not(any(unix, windows)))]
compile_error!(
    "annual-update stops its Typst and cargo processes on Ctrl-C only on Unix and Windows; \
     this target is neither (see src/process/interrupt.rs)"
);

/// The number Ctrl-C is reported as on every platform (SIGINT: exit code 130).
pub const SIGINT: i32 = 2;
/// SIGTERM (exit code 143); only Unix sends it.
pub const SIGTERM: i32 = 15;

/// The signal received, or 0.
static SIGNAL: AtomicI32 = AtomicI32::new(0);
/// Children running now.
static CHILDREN: Mutex<Vec<Arc<Running>>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

/// The longest a waiting thread sleeps between two looks at its child.
const MAX_PAUSE: Duration = Duration::from_millis(10);

/// A child on the list.
struct Running {
    /// Locked only to look at it or to kill it, never across a wait, so a kill never waits.
    child: Mutex<Child>,
    /// It leads its own process group, which is killed with it (see [`status_group`]).
    group: bool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Handles Ctrl-C (and SIGTERM where there is one) from now on in this process (once; later
/// calls do nothing).
pub fn install() -> Result<()> {
    let mut failed = None;
    INSTALL.call_once(|| failed = listen().err());
    match failed {
        Some(e) => Err(Error::Environment(format!("cannot handle Ctrl-C: {e}"))),
        None => Ok(()),
    }
}

/// Unix: a thread receives SIGINT and SIGTERM through signal-hook, which does the
/// async-signal-safe part in its handler and hands the signal's number to the thread.
#[cfg(unix)]
fn listen() -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM])?;
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
    if SIGNAL.swap(signal, Ordering::SeqCst) != 0 {
        kill_children();
        std::process::exit(128 + signal);
    }
    eprintln!("interrupted: stopping the build (press Ctrl-C again to stop at once)");
    kill_children();
}

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

fn kill_children() {
    for running in lock(&CHILDREN).iter() {
        running.kill();
    }
}

impl Running {
    /// Kills the child (and its group) unless it has already been reaped. Under the child's lock,
    /// so it cannot be reaped meanwhile and its id cannot have been given to another process.
    fn kill(&self) {
        let mut child = lock(&self.child);
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        if self.group {
            kill_group(child.id());
        }
        let _ = child.kill();
    }

    /// Waits for the child to end and reaps it. `std` has no wait that another thread can cut
    /// short by killing the child (`Child::wait` holds it for the whole wait), so this looks
    /// at it every few milliseconds with `try_wait`, letting [`Running::kill`] in between.
    fn wait(&self) -> std::io::Result<ExitStatus> {
        let mut pause = Duration::from_millis(1);
        loop {
            if let Some(status) = lock(&self.child).try_wait()? {
                return Ok(status);
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(MAX_PAUSE);
        }
    }
}

/// Kills every process in the group `leader` leads. std can only kill the one process it started;
/// kill(2) with a negative id reaches the whole group (cargo's rustc and build scripts too).
#[cfg(unix)]
fn kill_group(leader: u32) {
    let Ok(group) = libc::pid_t::try_from(leader) else {
        return;
    };
    // SAFETY: kill(2) touches no memory. The leader is not reaped yet (see `Running::kill`), so
    // the group id is still its group's and cannot name anyone else's processes.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
    }
}

/// Windows: no process groups to signal. The console's Ctrl-C has reached the child's own
/// children already (see the module's comment); the child itself is killed by the caller.
#[cfg(windows)]
fn kill_group(_leader: u32) {}

/// Runs `child` to its end, on the list meanwhile so that a signal kills it.
fn wait(child: Child, group: bool) -> std::io::Result<ExitStatus> {
    let running = Arc::new(Running {
        child: Mutex::new(child),
        group,
    });
    lock(&CHILDREN).push(Arc::clone(&running));
    // A signal that came between the check before spawning and the push has killed the others.
    if signal().is_some() {
        running.kill();
    }
    let status = running.wait();
    lock(&CHILDREN).retain(|r| !Arc::ptr_eq(r, &running));
    status
}

/// Like [`Command::output`], with stdout discarded: runs `cmd` until it ends or a signal kills it.
pub fn output(cmd: &mut Command) -> std::io::Result<Output> {
    check_io()?;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stderr = Vec::new();
    let pipe = child.stderr.take();
    // The stderr is read on its own thread so the child is on the list before it can fill it.
    let reader = std::thread::spawn(move || {
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut stderr);
        }
        stderr
    });
    let status = wait(child, false)?;
    let stderr = reader.join().unwrap_or_default();
    Ok(Output {
        status,
        stdout: Vec::new(),
        stderr,
    })
}

/// Like [`Command::status`]: runs `cmd` until it ends or a signal kills it.
pub fn status(cmd: &mut Command) -> std::io::Result<ExitStatus> {
    check_io()?;
    wait(cmd.spawn()?, false)
}

/// Like [`status`], for a command that starts processes of its own (cargo: rustc, build
/// scripts): a signal kills them with it. Ctrl-C handling is installed first, since the child's
/// group no longer hears the terminal's Ctrl-C itself.
pub fn status_group(cmd: &mut Command) -> Result<std::io::Result<ExitStatus>> {
    install()?;
    if let Err(e) = check_io() {
        return Ok(Err(e));
    }
    new_group(cmd);
    Ok(cmd.spawn().and_then(|child| wait(child, true)))
}

/// Unix: the child leads a new process group (`std`'s Unix-only `process_group`), so that
/// [`kill_group`] reaches everything it starts and nothing else.
#[cfg(unix)]
fn new_group(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
}

/// Windows: the child stays in the console's group, so Ctrl-C reaches it and what it starts.
#[cfg(windows)]
fn new_group(_cmd: &mut Command) {}

fn check_io() -> std::io::Result<()> {
    match signal() {
        Some(_) => Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted",
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command;
    use std::time::{Duration, Instant};

    const CHILD: &str = "ANNUAL_UPDATE_TEST_CHILD";

    /// This test binary run again as a child that sleeps for a minute or exits with 3, as asked
    /// (portable: no `sleep` or `cmd` needed).
    fn child(what: &str) -> Command {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            "process::interrupt::tests::child_of_a_test",
            "--ignored",
        ])
        .args(["--nocapture", "--test-threads", "1"])
        .env(CHILD, what)
        .stdout(std::process::Stdio::null());
        cmd
    }

    #[test]
    #[ignore = "run by the tests below as their child"]
    fn child_of_a_test() {
        match std::env::var(CHILD).as_deref() {
            Ok("sleep") => std::thread::sleep(Duration::from_secs(60)),
            Ok("exit") => std::process::exit(3),
            _ => {}
        }
    }

    /// The portable wait sees a child end, and a kill from another thread ends the wait.
    #[test]
    fn a_waited_child_is_killed_from_another_thread() {
        let status = super::wait(child("exit").spawn().unwrap(), false).unwrap();
        assert_eq!(status.code(), Some(3));

        let started = Instant::now();
        let killer = std::thread::spawn(|| {
            while super::lock(&super::CHILDREN).is_empty() {
                std::thread::sleep(Duration::from_millis(5));
            }
            super::kill_children();
        });
        let mut sleeper = child("sleep");
        super::new_group(&mut sleeper);
        let status = super::wait(sleeper.spawn().unwrap(), true).unwrap();
        killer.join().unwrap();
        assert!(!status.success());
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the kill ended the wait"
        );
        assert!(super::lock(&super::CHILDREN).is_empty(), "off the list");
    }
}
