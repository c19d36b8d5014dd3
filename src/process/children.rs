//! Child processes (Typst, cargo) run through [`output`] and [`status`], which tie each to this
//! process ([`super::tether`]: it ends when this process ends, however that happens) and keep it
//! on a list while it runs, so that a signal can kill every one ([`kill_all`]). They are waited
//! for and reaped through `std::process` alone, on every platform, by the thread that started
//! them (which Linux's parent-death signal needs), while the signal's thread may kill them.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::interrupt;
use super::tether::{self, Starts};
use crate::error::Result;

/// Children running now.
static CHILDREN: Mutex<Vec<Arc<Running>>> = Mutex::new(Vec::new());

/// The longest a waiting thread sleeps between two looks at its child.
const MAX_PAUSE: Duration = Duration::from_millis(10);

/// A child on the list. Locked only to look at it or to kill it, never across a wait, so a kill
/// never waits.
struct Running(Mutex<Child>);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Kills every child on the list, and what each started.
pub(super) fn kill_all() {
    for running in lock(&CHILDREN).iter() {
        running.kill();
    }
}

impl Running {
    /// Kills the child and its process group unless it has already been reaped. Under the
    /// child's lock, so it cannot be reaped meanwhile and its id cannot have been given to
    /// another process.
    fn kill(&self) {
        let mut child = lock(&self.0);
        if !matches!(child.try_wait(), Ok(None)) {
            return;
        }
        tether::kill_group(&child);
        let _ = child.kill();
    }

    /// Waits for the child to end and reaps it. `std` has no wait that another thread can cut
    /// short by killing the child (`Child::wait` holds it for the whole wait), so this looks
    /// at it every few milliseconds with `try_wait`, letting [`Running::kill`] in between.
    fn wait(&self) -> std::io::Result<ExitStatus> {
        let mut pause = Duration::from_millis(1);
        loop {
            if let Some(status) = lock(&self.0).try_wait()? {
                return Ok(status);
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(MAX_PAUSE);
        }
    }
}

/// Starts `cmd` tied to this process, once signals are handled (the child's own process group
/// no longer hears the terminal's Ctrl-C: this process stops it), unless one has come.
fn spawn(cmd: &mut Command, starts: Starts) -> std::io::Result<Child> {
    interrupt::install().map_err(|e| std::io::Error::other(e.with_causes()))?;
    if interrupt::signal().is_some() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            "interrupted",
        ));
    }
    tether::prepare(cmd, starts)?;
    let child = cmd.spawn()?;
    tether::hold(&child);
    Ok(child)
}

/// Puts `child` on the list, so that a signal kills it.
fn enlist(child: Child) -> Arc<Running> {
    let running = Arc::new(Running(Mutex::new(child)));
    lock(&CHILDREN).push(Arc::clone(&running));
    // A signal that came between the check before spawning and the push has killed the others.
    if interrupt::signal().is_some() {
        running.kill();
    }
    running
}

/// Waits for a child on the list to end, and takes it off.
fn wait_enlisted(running: &Arc<Running>) -> std::io::Result<ExitStatus> {
    let status = running.wait();
    lock(&CHILDREN).retain(|r| !Arc::ptr_eq(r, running));
    status
}

/// Runs `child` to its end, on the list meanwhile so that a signal kills it.
fn wait(child: Child) -> std::io::Result<ExitStatus> {
    wait_enlisted(&enlist(child))
}

/// Like [`Command::output`], with stdout discarded: runs `cmd` (Typst) until it ends or a
/// signal kills it.
pub fn output(cmd: &mut Command) -> std::io::Result<Output> {
    let mut child = spawn(
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped()),
        Starts::Nothing,
    )?;
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

/// A child started tied to this process and on the list, waited for later: for children run
/// at once, or measured while they run (the bench's), whose ids are needed before they end.
pub struct Listed {
    running: Arc<Running>,
    id: u32,
    /// Its stderr, when `cmd` piped it: to be read on another thread while it runs.
    pub stderr: Option<std::process::ChildStderr>,
}

/// Starts `cmd` as a [`Listed`] child, with its stdin closed.
pub fn listed(cmd: &mut Command) -> std::io::Result<Listed> {
    let mut child = spawn(cmd.stdin(Stdio::null()), Starts::Processes)?;
    let stderr = child.stderr.take();
    let id = child.id();
    Ok(Listed {
        running: enlist(child),
        id,
        stderr,
    })
}

impl Listed {
    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Waits for the child to end (a signal kills it meanwhile), and takes it off the list.
    /// Called on the thread that started it, which Linux's parent-death signal is tied to.
    pub fn wait(self) -> std::io::Result<ExitStatus> {
        wait_enlisted(&self.running)
    }
}

/// A child that runs until it is stopped (Typst's `watch`): started and waited for on a thread
/// of its own, which lives as long as the child (Linux's parent-death signal fires when the
/// thread that started a child ends), and on the list meanwhile, so that a signal kills it like
/// any other. Each line it writes on stderr is handed to `line`, on another thread.
pub struct Lasting {
    running: Arc<Running>,
    id: u32,
    waiter: Option<std::thread::JoinHandle<std::io::Result<ExitStatus>>>,
}

/// Starts `cmd` as a [`Lasting`] child.
pub fn lasting(
    mut cmd: Command,
    mut line: impl FnMut(String) + Send + 'static,
) -> std::io::Result<Lasting> {
    let (started, told) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let spawned = spawn(
            cmd.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
            Starts::Nothing,
        );
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) => {
                let kind = e.kind();
                let _ = started.send(Err(e));
                return Err(std::io::Error::from(kind));
            }
        };
        let pipe = child.stderr.take();
        std::thread::spawn(move || {
            if let Some(pipe) = pipe {
                use std::io::BufRead;
                for text in std::io::BufReader::new(pipe).lines() {
                    match text {
                        Ok(text) => line(text),
                        Err(_) => break,
                    }
                }
            }
        });
        let id = child.id();
        let running = enlist(child);
        let _ = started.send(Ok((Arc::clone(&running), id)));
        wait_enlisted(&running)
    });
    let (running, id) = told
        .recv()
        .map_err(|_| std::io::Error::other("the thread that starts the child ended"))??;
    Ok(Lasting {
        running,
        id,
        waiter: Some(waiter),
    })
}

impl Lasting {
    /// The child's process id.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// Whether the child has ended (it is then reaped by its thread).
    pub fn ended(&self) -> bool {
        self.waiter.as_ref().is_none_or(|w| w.is_finished())
    }

    /// Kills the child and what it started, and waits until it is reaped.
    pub fn stop(mut self) {
        self.end();
    }

    fn end(&mut self) {
        self.running.kill();
        if let Some(waiter) = self.waiter.take() {
            let _ = waiter.join();
        }
    }
}

impl Drop for Lasting {
    fn drop(&mut self) {
        self.end();
    }
}

/// Like [`Command::output`], for a short command whose output is read (Typst's version, its
/// fonts): tied to this process like the others, but not on the list, as it ends by itself in
/// moments.
pub fn quick_output(cmd: &mut Command) -> std::io::Result<Output> {
    tether::prepare(cmd, Starts::Nothing)?;
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    tether::hold(&child);
    child.wait_with_output()
}

/// Like [`Command::status`], for a command that starts processes of its own (cargo: rustc,
/// build scripts): a signal kills them with it.
pub fn status(cmd: &mut Command) -> Result<std::io::Result<ExitStatus>> {
    interrupt::install()?;
    Ok(spawn(cmd, Starts::Processes).and_then(wait))
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
            "process::children::tests::child_of_a_test",
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
        let status = super::wait(child("exit").spawn().unwrap()).unwrap();
        assert_eq!(status.code(), Some(3));

        let started = Instant::now();
        let killer = std::thread::spawn(|| {
            while super::lock(&super::CHILDREN).is_empty() {
                std::thread::sleep(Duration::from_millis(5));
            }
            super::kill_all();
        });
        let mut sleeper = child("sleep");
        super::super::tether::prepare(&mut sleeper, super::Starts::Nothing).unwrap();
        let status = super::wait(sleeper.spawn().unwrap()).unwrap();
        killer.join().unwrap();
        assert!(!status.success());
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the kill ended the wait"
        );
        assert!(super::lock(&super::CHILDREN).is_empty(), "off the list");
    }
}
