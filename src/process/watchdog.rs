//! A watchdog ends this process's children when it ends, however it ends, with no code of ours
//! running at its death: on Unix without a parent-death signal (macOS) every child, and on Linux
//! the children that start processes of their own (the parent-death signal reaches the child
//! alone). The watchdog is a shell (`/bin/sh`, builtins only) leading a process group of its own,
//! which those children join. Its standard input is a pipe whose writing end only this process
//! holds (close-on-exec, so no child inherits it): when this process ends, the system closes that
//! end, the shell reads the end of its input and kills its whole group, the children, whatever
//! they started, and itself.

use std::io::PipeWriter;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

/// Reads its input until it ends, then kills its process group (`0`: the shell's own).
const SCRIPT: &str = "while read -r _; do :; done; kill -KILL 0";

struct Watchdog {
    shell: Child,
    /// Never written: its closing, when this process ends, is the message.
    _end: PipeWriter,
}

static WATCHDOG: Mutex<Option<Watchdog>> = Mutex::new(None);

/// The process group children join to be ended with this process; the watchdog is started on
/// the first call, and again if it has gone (a signal's group kill ends it with the children).
pub fn group() -> std::io::Result<i32> {
    // Held while the pipe is made, so no other child of ours can start (and inherit it) before
    // its ends are close-on-exec, on a system where that takes two calls.
    let mut watchdog = WATCHDOG.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(running) = watchdog.as_mut()
        && matches!(running.shell.try_wait(), Ok(None))
    {
        return i32::try_from(running.shell.id()).map_err(std::io::Error::other);
    }
    let (read, end) = std::io::pipe()?;
    let shell = Command::new("/bin/sh")
        .args(["-c", SCRIPT])
        .stdin(Stdio::from(read))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()?;
    let id = i32::try_from(shell.id()).map_err(std::io::Error::other)?;
    *watchdog = Some(Watchdog { shell, _end: end });
    Ok(id)
}
