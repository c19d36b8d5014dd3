//! Children end with this process, however it ends: returned, stopped by a signal, or killed
//! outright (kill -9, the out-of-memory killer, a closed console), when no code of ours runs at
//! its death. Every child is tied before it starts ([`prepare`]), each platform its own way:
//! - Linux: the kernel's parent-death signal (`PR_SET_PDEATHSIG`, SIGKILL), set in the child
//!   between fork and exec. It fires when the *thread* that started the child ends, so a child
//!   must be waited for on the thread that started it: [`super::children`] does, and so do the
//!   compile workers and the Typst install, which wait for what they start. The signal reaches
//!   the child alone, so a child that starts processes of its own (cargo: rustc, build scripts)
//!   also joins the watchdog's process group (below), which is killed whole when this process
//!   ends.
//! - Other Unix (macOS): no such signal; every child joins the process group of a watchdog
//!   process that kills it when this process ends (see [`super::watchdog`]).
//! - Windows: this process joins a Job Object that kills every process in it when its last
//!   handle closes, which the system does when this process ends, however it ends; children
//!   are in it from their start (see [`super::job_object`]).
//!
//! On Unix every child runs in a process group other than this process's: its own (Typst on
//! Linux) or the watchdog's. A group kill reaches whatever it starts ([`kill_group`]), and the
//! terminal's Ctrl-C or hang-up reaches this process alone, which then stops its children itself.

use std::process::{Child, Command};

/// What a child does, which decides how it is tied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Starts {
    /// Starts no process (Typst). On Windows too the console's Ctrl-C reaches this process
    /// alone, which kills the child itself, so that the child never ends first and looks like a
    /// failed compile.
    Nothing,
    /// Starts processes of its own (cargo: rustc, build scripts): they end with it. On Windows
    /// the console's Ctrl-C reaches it and every compiler it started, as Windows has no process
    /// group to kill (see [`kill_group`]).
    Processes,
}

/// Ties the child `cmd` will start to this process (see the module's comment). Call it before
/// spawning, then [`hold`] once spawned.
pub fn prepare(cmd: &mut Command, starts: Starts) -> std::io::Result<()> {
    platform::prepare(cmd, starts)
}

/// After the spawn: the Windows child is put into the job if this process could not be.
pub fn hold(child: &Child) {
    platform::hold(child);
}

/// Kills the process group the child leads (Unix), so that what it started ends with it; on
/// Windows nothing (the console's Ctrl-C has reached the children of a child that
/// [`Starts::Processes`]). Call it before reaping the child, while its id is still its own.
pub fn kill_group(child: &Child) {
    platform::kill_group(child);
}

#[cfg(target_os = "linux")]
mod platform {
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command};

    pub fn prepare(cmd: &mut Command, starts: super::Starts) -> std::io::Result<()> {
        match starts {
            super::Starts::Nothing => cmd.process_group(0),
            super::Starts::Processes => cmd.process_group(super::super::watchdog::group()?),
        };
        let parent = libc::pid_t::try_from(std::process::id()).map_err(std::io::Error::other)?;
        // SAFETY: runs in the child between fork and exec, where only async-signal-safe calls
        // may be made: prctl(2) and getppid(2) are plain system calls, and the errors are made
        // from numbers, without allocating.
        unsafe {
            cmd.pre_exec(move || {
                if libc::prctl(
                    libc::PR_SET_PDEATHSIG,
                    libc::SIGKILL as libc::c_ulong,
                    0,
                    0,
                    0,
                ) != 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                // The parent died before the signal was set: nothing would send it now.
                if libc::getppid() != parent {
                    return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
                }
                Ok(())
            });
        }
        Ok(())
    }

    pub fn hold(_: &Child) {}

    pub fn kill_group(child: &Child) {
        super::kill_unix_group(child);
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
mod platform {
    use std::os::unix::process::CommandExt;
    use std::process::{Child, Command};

    pub fn prepare(cmd: &mut Command, _: super::Starts) -> std::io::Result<()> {
        cmd.process_group(super::super::watchdog::group()?);
        Ok(())
    }

    pub fn hold(_: &Child) {}

    pub fn kill_group(child: &Child) {
        super::kill_unix_group(child);
    }
}

#[cfg(windows)]
mod platform {
    use std::os::windows::process::CommandExt;
    use std::process::{Child, Command};

    /// `CREATE_NEW_PROCESS_GROUP`: the console's Ctrl-C does not reach the child.
    const NEW_GROUP: u32 = 0x0000_0200;

    pub fn prepare(cmd: &mut Command, starts: super::Starts) -> std::io::Result<()> {
        super::super::job_object::this_process();
        if starts == super::Starts::Nothing {
            cmd.creation_flags(NEW_GROUP);
        }
        Ok(())
    }

    pub fn hold(child: &Child) {
        super::super::job_object::hold(child);
    }

    pub fn kill_group(_: &Child) {}
}

/// Kills the group `child` leads or belongs to, unless it is this process's own group (a child
/// that could not be given a group of its own is killed alone, by the caller).
#[cfg(unix)]
fn kill_unix_group(child: &Child) {
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        return;
    };
    // SAFETY: getpgid(2), getpgrp(2) and kill(2) touch no memory. The child is not reaped yet
    // (the caller holds it), so its group id still names its group and no one else's.
    unsafe {
        let group = libc::getpgid(pid);
        if group > 0 && group != libc::getpgrp() {
            libc::kill(-group, libc::SIGKILL);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    const ROLE: &str = "ANNUAL_UPDATE_TEST_TETHER";

    /// This test binary run again in `role`, running [`a_parent_that_is_killed`].
    fn this_test_as(role: &str, test: &str) -> Command {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args([
            "--exact",
            test,
            "--ignored",
            "--nocapture",
            "--test-threads",
            "1",
        ])
        .env(ROLE, role)
        .stdin(Stdio::null())
        .stderr(Stdio::null());
        cmd
    }

    /// As a parent: ties a child that would sleep for a minute (with `prepare`, or with the
    /// watchdog of other Unix when asked), prints the child's id, then sleeps itself until it is
    /// killed. As that child: sleeps.
    #[test]
    #[ignore = "run by the tests below as their parent and child"]
    fn a_parent_that_is_killed() {
        let role = std::env::var(ROLE).unwrap_or_default();
        if role == "child" {
            std::thread::sleep(Duration::from_secs(60));
            return;
        }
        if role.is_empty() {
            return;
        }
        let mut child = this_test_as("child", "process::tether::tests::a_parent_that_is_killed");
        child.stdout(Stdio::null());
        if role == "watchdog" {
            use std::os::unix::process::CommandExt;
            child.process_group(super::super::watchdog::group().unwrap());
        } else {
            super::prepare(&mut child, super::Starts::Nothing).unwrap();
        }
        let mut child = child.spawn().unwrap();
        println!("child {}", child.id());
        std::thread::sleep(Duration::from_secs(60));
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Whether `pid` runs (there, and not a zombie waiting to be reaped).
    fn runs(pid: u32) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            Ok(stat) => !stat[stat.rfind(')').unwrap_or(0)..].starts_with(") Z"),
            // No /proc (macOS): kill(pid, 0) says whether it exists.
            Err(_) => unsafe { libc::kill(pid as libc::pid_t, 0) == 0 },
        }
    }

    /// Kills the parent in `role` with SIGKILL (no code of it runs) and sees its child end.
    fn a_child_ends_with_its_killed_parent(role: &str) {
        let mut parent = this_test_as(role, "process::tether::tests::a_parent_that_is_killed")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut out = BufReader::new(parent.stdout.take().unwrap());
        // The test harness prints the test's name first, on the same line.
        let child: u32 = loop {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "the parent said no child"
            );
            if let Some(at) = line.find("child ") {
                break line[at + "child ".len()..].trim().parse().unwrap();
            }
        };
        assert!(runs(child), "the child runs while its parent does");
        parent.kill().unwrap();
        parent.wait().unwrap();
        let killed = Instant::now();
        while runs(child) && killed.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            !runs(child),
            "the child {child} still runs after its parent was killed"
        );
    }

    #[test]
    fn a_tied_child_ends_when_its_parent_is_killed() {
        a_child_ends_with_its_killed_parent("tether");
    }

    /// The watchdog alone (what ties every child on other Unix), without the parent-death
    /// signal Linux adds.
    #[test]
    fn the_watchdog_ends_the_children_when_the_parent_is_killed() {
        a_child_ends_with_its_killed_parent("watchdog");
    }
}
