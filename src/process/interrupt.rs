//! Ctrl-C (SIGINT) and SIGTERM during a build stop it cleanly: the signal is noted, every Typst
//! (or cargo) process the build started is killed, and the build stops at its next step, removes
//! its work folder and exits with 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM),
//! leaving the last good output as it was. A second signal ends the process at once.
//!
//! Child processes are started through [`output`] and [`status`], which keep their ids while they
//! run; an id leaves the list before its process is reaped, so a recycled id is never killed.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, Once};

use crate::error::{Error, Result};

/// The signal received, or 0.
static SIGNAL: AtomicI32 = AtomicI32::new(0);
/// Children running now.
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static INSTALL: Once = Once::new();

/// Handles SIGINT and SIGTERM from now on in this process (once; later calls do nothing).
pub fn install() -> Result<()> {
    let mut failed = None;
    INSTALL.call_once(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        match signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) {
            Ok(mut signals) => {
                std::thread::spawn(move || {
                    for signal in signals.forever() {
                        if SIGNAL.swap(signal, Ordering::SeqCst) != 0 {
                            std::process::exit(128 + signal);
                        }
                        eprintln!(
                            "interrupted: stopping the build (press Ctrl-C again to stop at once)"
                        );
                        kill_children();
                    }
                });
            }
            Err(e) => failed = Some(e),
        }
    });
    match failed {
        Some(e) => Err(Error::Environment(format!("cannot handle Ctrl-C: {e}"))),
        None => Ok(()),
    }
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
    let children = CHILDREN.lock().unwrap_or_else(|e| e.into_inner());
    for &pid in children.iter() {
        // SAFETY: kill(2) has no memory effects; the id is of a child not yet reaped.
        unsafe {
            libc::kill(pid as libc::pid_t, libc::SIGKILL);
        }
    }
}

/// Waits for `child`, whose id is on the list while it runs, and reaps it once the id is off.
fn wait(mut child: Child) -> std::io::Result<ExitStatus> {
    let pid = child.id();
    let list = || CHILDREN.lock().unwrap_or_else(|e| e.into_inner());
    list().push(pid);
    if signal().is_some() {
        kill_children();
    }
    // Wait for the exit but leave the process unreaped, so its id cannot be reused yet.
    loop {
        // SAFETY: `info` is a valid siginfo_t for waitid(2) to fill.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let flags = libc::WEXITED | libc::WNOWAIT;
        let done = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) };
        if done == 0 {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            list().retain(|&p| p != pid);
            return Err(e);
        }
    }
    list().retain(|&p| p != pid);
    child.wait()
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
    let status = wait(child)?;
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
    wait(cmd.spawn()?)
}

fn check_io() -> std::io::Result<()> {
    match signal() {
        Some(_) => Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted",
        )),
        None => Ok(()),
    }
}
