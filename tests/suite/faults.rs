//! Fault injection (issue 27), with the real binary and real Typst: builds killed (kill -9) or
//! signalled (SIGHUP, SIGQUIT, SIGINT, SIGTERM) at random moments, each followed at once by
//! another build; a disk that fills during a build (a size-limited tmpfs); a read-only output
//! folder. After each: no process of the build is left, `output/<year>/` equals its manifest,
//! the inputs are untouched, and the next build succeeds and is whole.
//!
//! `ANNUAL_UPDATE_FAULT_ROUNDS` sets the number of signal rounds (default 12: one in six on the
//! real-scale plan, whose documents take seconds to compile, the others on the sample);
//! `ANNUAL_UPDATE_FAULT_SEED` replays a run (each run prints its seed). The full-disk and
//! read-only tests mount a tmpfs, which needs root with the right to mount: elsewhere they say
//! loudly that they are skipped, and `ANNUAL_UPDATE_REQUIRE_FAULTS=1` (set by `.ci/run`) makes
//! that a failure. Linux only: `/proc`, `kill` and `mount`.

#![cfg(target_os = "linux")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::common::shared;
use crate::common::*;

const ROUNDS: &str = "ANNUAL_UPDATE_FAULT_ROUNDS";
const SEED: &str = "ANNUAL_UPDATE_FAULT_SEED";
const REQUIRE: &str = "ANNUAL_UPDATE_REQUIRE_FAULTS";

/// The signals sent, by their `kill` names, with their numbers.
const SIGNALS: [(&str, i32); 5] = [
    ("KILL", 9),
    ("HUP", 1),
    ("QUIT", 3),
    ("INT", 2),
    ("TERM", 15),
];

/// A small pseudo-random sequence (xorshift), replayable from its seed.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::env::var(SEED)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            })
            | 1;
        eprintln!("faults: seed {seed} (replay with {SEED}={seed})");
        Random(seed)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// A workspace with its inputs, built once, and the file edited each round so that Typst has
/// documents to compile.
struct Plan {
    name: &'static str,
    /// Holds everything; removed at the end.
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// The output folder (`--output`): `output/` in the workspace, or on a disk of its own.
    out: PathBuf,
    /// A submission whose English text each round changes.
    edited: PathBuf,
    /// How long a build of a round's change takes, measured once.
    took: Duration,
}

impl Plan {
    fn sample() -> Plan {
        let dir = sample_workspace();
        let root = dir.path().to_path_buf();
        let edited = root.join("inputs/submissions/2026/cyber-resilience.xml");
        Plan::ready("sample", dir, root, edited)
    }

    /// The real-scale plan of `bench` (210 actions; its editions take seconds to compile): a
    /// copy of its shared build.
    fn real_scale() -> Plan {
        let dir = shared::copy_of(shared::real_scale());
        let root = dir.path().to_path_buf();
        let edited = root.join("inputs/submissions/2026/research.xml");
        Plan::ready("real-scale", dir, root, edited)
    }

    fn ready(name: &'static str, dir: tempfile::TempDir, root: PathBuf, edited: PathBuf) -> Plan {
        let mut plan = Plan {
            name,
            _dir: dir,
            out: root.join("output"),
            root,
            edited,
            took: Duration::ZERO,
        };
        let out = run(&mut plan.build());
        assert!(out.status.success(), "{}", stderr(&out));
        plan.change("measure");
        let started = Instant::now();
        let out = run(&mut plan.build());
        assert!(out.status.success(), "{}", stderr(&out));
        plan.took = started.elapsed();
        eprintln!(
            "faults: a build of the {name} plan's change takes {:.2} s",
            plan.took.as_secs_f64()
        );
        plan
    }

    /// Changes the English of the first update in the edited file to start with `mark`.
    fn change(&self, mark: &str) {
        edit_file(
            &self.edited,
            "<text xml:lang=\"en\">",
            &format!("<text xml:lang=\"en\">{mark}. "),
        );
    }

    /// `annual-update build` of this plan into its output folder.
    fn build(&self) -> Command {
        let mut cmd = annual_update(&self.root);
        cmd.arg("build").arg("--output").arg(&self.out);
        cmd
    }

    /// The year's output folder.
    fn output(&self) -> PathBuf {
        self.out.join("2026")
    }

    fn inputs(&self) -> BTreeMap<String, Vec<u8>> {
        folder_bytes(&self.root.join("inputs"))
    }
}

/// The processes still running that belong to a build under `dir`, as `pid: command line`.
fn processes_under(dir: &Path) -> Vec<String> {
    crate::common::processes::under(dir)
        .into_iter()
        .map(|(pid, cmdline)| format!("{pid}: {cmdline}"))
        .collect()
}

/// Asserts that no process of a build under `dir` runs, allowing the system a moment to end
/// those killed with their parent.
fn no_process_left(dir: &Path, after: &str) {
    let started = Instant::now();
    let mut left = processes_under(dir);
    while !left.is_empty() && started.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
        left = processes_under(dir);
    }
    assert!(
        left.is_empty(),
        "after {after}, processes of the build run on: {left:#?}"
    );
}

/// `plan`'s build started with its stderr to `log` (so that a build that is never read from
/// cannot block on it).
fn start_build(plan: &Plan, log: &Path) -> Child {
    plan.build()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

/// Waits for `build` to end; a build that has not ended a minute after its signal is a failure
/// (the deadline after a signal is 5 s).
fn ended(mut build: Child, what: &str) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = build.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = build.kill();
            panic!("the build had not ended a minute after {what}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The next build, at once: it completes, its folder is its manifest, it has `mark`, and it
/// leaves nothing beside the output but the lock.
fn next_build_is_whole(plan: &Plan, mark: &str) {
    let out = run(&mut plan.build());
    assert_eq!(
        out.status.code(),
        Some(0),
        "the next build: {}",
        stderr(&out)
    );
    assert_folder_is_its_manifest(&plan.output());
    let dataset = std::fs::read_to_string(plan.output().join("dataset.json")).unwrap();
    assert!(dataset.contains(mark), "the next build has {mark:?}");
    let mut beside: Vec<String> = std::fs::read_dir(&plan.out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".2026.lock", "2026"], "beside the output");
    no_process_left(&plan.root, "the next build");
}

/// When a round's signal is sent.
#[derive(Clone, Copy, Debug)]
enum Moment {
    /// This long after the build started.
    AfterStart(Duration),
    /// This long after the build's first Typst process was seen running.
    AfterTypst(Duration),
}

/// Waits until a Typst process of `build` runs, or the build has ended.
fn until_typst_runs(build: &mut Child) {
    let typst = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|s| s.contains("(typst) ") && !s.contains("(typst) Z"))
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        // The compile workers start Typst, not the main thread: every thread's children.
        let runs = std::fs::read_dir(format!("/proc/{}/task", build.id()))
            .into_iter()
            .flatten()
            .flatten()
            .any(|task| {
                std::fs::read_to_string(task.path().join("children"))
                    .unwrap_or_default()
                    .split_whitespace()
                    .filter_map(|p| p.parse().ok())
                    .any(typst)
            });
        if runs || build.try_wait().ok().flatten().is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Whether the process `pid` has a handler for `signal` now (Linux's `SigCgt` mask).
fn catches(pid: u32, signal: i32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (signal - 1)) != 0)
}

/// One round: the inputs changed, a build signalled at `moment`, then the checks.
fn round(plan: &Plan, n: usize, (signal, number): (&str, i32), moment: Moment) -> String {
    let mark = format!("Fault round {n}");
    plan.change(&mark);
    let inputs = plan.inputs();
    let before = folder_bytes(&plan.output());
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("stderr");
    let mut build = start_build(plan, &log);
    match moment {
        Moment::AfterStart(delay) => std::thread::sleep(delay),
        Moment::AfterTypst(delay) => {
            until_typst_runs(&mut build);
            std::thread::sleep(delay);
        }
    }
    let handled = catches(build.id(), number);
    // Once the build handles Ctrl-C it handles every signal it is sent here (but SIGKILL).
    let handles_ctrl_c = catches(build.id(), 2);
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(build.id().to_string())
        .stderr(Stdio::null())
        .status();
    let status = ended(build, &format!("SIG{signal}"));
    let err = std::fs::read_to_string(&log).unwrap();
    let what = format!(
        "round {n} ({} plan, SIG{signal} {moment:?}): {status}",
        plan.name
    );
    assert!(
        number == 9 || handled || !handles_ctrl_c,
        "{what}: the build handled Ctrl-C but not SIG{signal}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{what}\n{err}"
    );
    no_process_left(&plan.root, &what);
    assert_folder_is_its_manifest(&plan.output());
    assert_same_files(&plan.inputs(), &inputs, &format!("{what}: the inputs"));
    let new = || {
        std::fs::read_to_string(plan.output().join("dataset.json"))
            .unwrap()
            .contains(&mark)
    };
    let outcome = if status.code() == Some(0) {
        // It completed: before the signal, or the signal came after the swap and it said so.
        assert!(new(), "{what}: exit 0 with the last build's output\n{err}");
        assert!(err.contains("built "), "{what}\n{err}");
        if err.contains("came after the new build was swapped in") {
            "completed, the signal after the swap"
        } else {
            "completed before the signal"
        }
    } else if status.code() == Some(128 + number) {
        assert_same_files(
            &folder_bytes(&plan.output()),
            &before,
            &format!("{what}: the output"),
        );
        assert!(
            err.contains("error: interrupted by ") || err.contains(": exiting now; "),
            "{what}\n{err}"
        );
        "stopped, the output as it was"
    } else if std::os::unix::process::ExitStatusExt::signal(&status) == Some(number) {
        // kill -9, or another signal before the build had started handling signals.
        assert!(
            !handled,
            "{what}: the build handled SIG{signal}, yet died of it\n{err}"
        );
        if new() {
            "killed after the swap, the output the new build"
        } else {
            assert_same_files(
                &folder_bytes(&plan.output()),
                &before,
                &format!("{what}: the output"),
            );
            "killed, the output as it was"
        }
    } else {
        panic!("{what}: an exit that says neither success nor the signal\n{err}");
    };
    next_build_is_whole(plan, &mark);
    format!("{what}: {outcome}")
}

/// kill -9, SIGHUP, SIGQUIT, SIGINT and SIGTERM at random moments of real builds, each followed
/// at once by another build.
#[test]
fn builds_killed_or_signalled_at_random_moments_leave_one_whole_build_and_no_process() {
    let rounds: usize = std::env::var(ROUNDS)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(12);
    let mut random = Random::new();
    let started = Instant::now();
    let sample = Plan::sample();
    let real = (rounds >= 6).then(Plan::real_scale);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for n in 0..rounds {
        let plan = match &real {
            Some(real) if n % 6 == 5 => real,
            _ => &sample,
        };
        let signal = SIGNALS[n % SIGNALS.len()];
        let took = plan.took.as_millis() as u64;
        // Half the sample's rounds anywhere in a build or just after it (the swap, the end);
        // the others, and the real-scale plan's, while Typst compiles, when a child could
        // outlive the build.
        let moment = if plan.name == "sample" && random.below(2) == 0 {
            Moment::AfterStart(Duration::from_millis(random.below(took * 3 / 2)))
        } else {
            Moment::AfterTypst(Duration::from_millis(random.below(took / 2)))
        };
        let outcome = round(plan, n, signal, moment);
        eprintln!("faults: {outcome}");
        let kind = outcome.rsplit(": ").next().unwrap_or_default().to_string();
        *outcomes.entry(kind).or_default() += 1;
    }
    eprintln!(
        "faults: {rounds} rounds passed in {:.0} s: {outcomes:?}",
        started.elapsed().as_secs_f64()
    );
}

/// Whether the faults that need a mount can run here; if not, says so loudly, or fails when
/// `ANNUAL_UPDATE_REQUIRE_FAULTS` is set.
fn can_mount(test: &str) -> bool {
    let probe = tempfile::tempdir().unwrap();
    let mounted = Tmpfs::mount(probe.path(), "size=1m");
    match mounted {
        Ok(_) => true,
        Err(why) => {
            let message = format!(
                "{test} needs to mount a size-limited tmpfs (root with the right to mount): {why}"
            );
            if std::env::var_os(REQUIRE).is_some_and(|v| v == "1") {
                panic!("{message}; {REQUIRE}=1 requires it");
            }
            eprintln!("\n!!! SKIPPED: {message}. Set {REQUIRE}=1 to make this a failure. !!!\n");
            false
        }
    }
}

/// A tmpfs mounted on a folder, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, options: &str) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(Tmpfs(at.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system of `dir` with `filler` until it is full, then frees `free` bytes of it.
fn fill_leaving(filler: &Path, free: u64) {
    use std::io::Write;
    let mut file = std::fs::File::create(filler).unwrap();
    let block = vec![0x55u8; 64 * 1024];
    let mut written = 0u64;
    loop {
        match file.write(&block) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.raw_os_error() == Some(28) => break,
            Err(e) => panic!("cannot fill {}: {e}", filler.display()),
        }
    }
    file.set_len(written.saturating_sub(free)).unwrap();
}

/// A disk that fills while the build writes (its own files, or Typst its PDFs): exit 3, naming
/// a path on that disk and the system's reason, never a render error; the output as it was;
/// once there is room again, the next build is whole. The room left ranges over what a build
/// of the sample's change writes, so that the disk fills at different writes, Typst's among them.
#[test]
fn a_disk_that_fills_during_a_build_fails_with_exit_3_and_the_output_as_it_was() {
    if !can_mount("the full-disk fault test") {
        return;
    }
    let mut plan = Plan::sample();
    let disk = plan.root.join("disk");
    let _tmpfs = Tmpfs::mount(&disk, "size=12m").unwrap();
    plan.out = disk.join("output");
    let out = run(&mut plan.build());
    assert!(out.status.success(), "{}", stderr(&out));
    let filler = disk.join("filler");
    let mut random = Random::new();
    let (mut failed, mut by_typst) = (0, 0);
    for n in 0..10u64 {
        let mark = format!("Full disk round {n}");
        plan.change(&mark);
        let inputs = plan.inputs();
        let before = folder_bytes(&plan.output());
        // From nothing to about all a build of the change writes, in steps, jittered.
        let room = n * 160 * 1024 + random.below(64 * 1024);
        fill_leaving(&filler, room);
        let out = run(&mut plan.build());
        let err = stderr(&out);
        let what = format!("round {n} ({} KiB free)", room / 1024);
        no_process_left(&plan.root, &what);
        assert_same_files(&plan.inputs(), &inputs, &format!("{what}: the inputs"));
        assert_folder_is_its_manifest(&plan.output());
        match out.status.code() {
            Some(0) => eprintln!("faults: {what}: the build fitted"),
            Some(3) => {
                failed += 1;
                let line = err
                    .lines()
                    .find(|l| l.starts_with("error: "))
                    .unwrap_or_default();
                assert!(
                    line.starts_with(&format!("error: cannot write {}", disk.display()))
                        || line.starts_with(&format!("error: cannot create {}", disk.display()))
                        || line.contains(&format!(" {}/", disk.display())),
                    "{what}: the message names a path on the full disk: {err}"
                );
                assert!(
                    line.contains("No space left on device (os error 28)"),
                    "{what}: the message gives the system's reason: {err}"
                );
                if line.contains(".pdf: No space left on device") {
                    by_typst += 1;
                }
                assert_same_files(
                    &folder_bytes(&plan.output()),
                    &before,
                    &format!("{what}: the output"),
                );
                eprintln!("faults: {what}: {line}");
            }
            _ => panic!("{what}: neither success nor exit 3: {err}"),
        }
        std::fs::remove_file(&filler).unwrap();
        next_build_is_whole(&plan, &mark);
    }
    assert!(failed > 0, "the disk never filled");
    assert!(
        by_typst > 0,
        "the disk never filled while Typst wrote a PDF"
    );
}

/// An output folder that cannot be written: exit 3 at once, naming it and the system's reason;
/// the output as it was; once it can be written again, the next build is whole.
#[test]
fn a_read_only_output_folder_fails_with_exit_3_and_the_output_as_it_was() {
    if !can_mount("the read-only output fault test") {
        return;
    }
    let mut plan = Plan::sample();
    let disk = plan.root.join("disk");
    let tmpfs = Tmpfs::mount(&disk, "size=12m").unwrap();
    plan.out = disk.join("output");
    let out = run(&mut plan.build());
    assert!(out.status.success(), "{}", stderr(&out));
    plan.change("Read-only round");
    let inputs = plan.inputs();
    let before = folder_bytes(&plan.output());
    tmpfs.remount("ro");
    let out = run(&mut plan.build());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!(
            "error: cannot create {}: Read-only file system (os error 30)",
            plan.out.join(".2026.lock").display()
        )),
        "{err}"
    );
    no_process_left(&plan.root, "the read-only build");
    assert_same_files(&plan.inputs(), &inputs, "the inputs");
    assert_same_files(&folder_bytes(&plan.output()), &before, "the output");
    assert_folder_is_its_manifest(&plan.output());
    tmpfs.remount("rw");
    next_build_is_whole(&plan, "Read-only round");
}
