//! Faults in the paths a command is given or finds, on the real binary: special files (named
//! pipes, sockets, devices), broken, looping and escaping symbolic links and folders in the
//! submissions folder, and every way an output can overlap the inputs. After each: the exit code
//! and message the README documents, no hang (each run has a deadline, and is killed and failed
//! past it), the inputs byte for byte as they were, and the next build succeeds.
//! Unix only: it makes named pipes, sockets and links.

#![cfg(unix)]

use std::io::Read;
use std::os::unix::fs::symlink;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// How long a run that must not hang may take (a build of the sample takes about a second).
const DEADLINE: Duration = Duration::from_secs(120);

/// Runs `cmd` in a process group of its own, and kills the group and fails the test if it has not
/// finished by [`DEADLINE`].
fn within_deadline(cmd: &mut Command) -> Output {
    let mut child = cmd
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            // SAFETY: kill(2) on the group this test made for the child.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
            panic!("{cmd:?} hung: still running after {DEADLINE:?}, killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    };
    eprintln!("--- stderr of {cmd:?}:\n{}", stderr_of(&out));
    out
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `annual-update <args>` in `ws`, within the deadline.
fn au(ws: &Path, args: &[&str]) -> Output {
    within_deadline(annual_update(ws).args(args))
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// A build in `ws` with the default folders succeeds, and leaves one whole build.
fn next_build_succeeds(ws: &Path) {
    let out = au(ws, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_folder_is_its_manifest(&ws.join("output/2026"));
}

/// The line of a finding and its fix, as the terminal shows them.
fn finding(code: &str, at: &str, message: &str, fix: &str) -> String {
    format!("error[{code}]: {at}: {message}\n  fix: {fix}\n")
}

#[test]
fn what_is_not_a_file_in_the_submissions_folder_is_a_located_finding_and_never_waited_on() {
    let ws = sample_workspace();
    let inputs = ws.path().join("inputs");
    let before = folder_bytes(&inputs);
    let dir = inputs.join("submissions/2026");
    // A valid submission outside the inputs, that a link must not bring in.
    let outside = ws.path().join("outside.xml");
    std::fs::copy(dir.join("cyber-resilience.xml"), &outside).unwrap();
    mkfifo(&dir.join("pipe.xlsx"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.xml")).unwrap();
    std::fs::create_dir(dir.join("folder.xml")).unwrap();
    std::fs::create_dir(dir.join("archive")).unwrap();
    symlink("gone.xlsx", dir.join("dangling.xlsx")).unwrap();
    symlink("looping.xml", dir.join("looping.xml")).unwrap();
    symlink("/dev/zero", dir.join("zero.xml")).unwrap();
    symlink("/proc/kmsg", dir.join("kmsg.xml")).unwrap();
    symlink(&outside, dir.join("escaping.xml")).unwrap();
    // A device in the folder itself: only root may make one.
    let device = dir.join("device.ods");
    let c = std::ffi::CString::new(device.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; 1:5 is /dev/zero's device.
    let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o600, libc::makedev(1, 5)) } == 0;
    if !made {
        eprintln!("SKIPPED: a character device in the submissions folder (mknod needs root)");
    }

    let out = au(ws.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "blocking findings");
    let err = stderr_of(&out);
    let mut expected = vec![
        finding(
            "not-a-file",
            "submissions/2026/pipe.xlsx",
            "this is a named pipe (FIFO), not a file, so it is not read",
            "remove it, and put the file itself in its place",
        ),
        finding(
            "not-a-file",
            "submissions/2026/socket.xml",
            "this is a socket, not a file, so it is not read",
            "remove it, and put the file itself in its place",
        ),
        finding(
            "not-a-file",
            "submissions/2026/folder.xml",
            "this is a folder, not a file, though its name ends in .xml: nothing in it is read",
            "put the partner's file itself here under this name, or rename the folder; files in folders inside submissions/2026/ are not read",
        ),
        finding(
            "broken-link",
            "submissions/2026/dangling.xlsx",
            "this is a symbolic link to gone.xlsx, which does not exist, so there is nothing to read",
            "put the file itself here in place of the link, or remove the link",
        ),
        finding(
            "broken-link",
            "submissions/2026/looping.xml",
            "this is a symbolic link that cannot be followed: it leads round in a loop of links and never reaches a file",
            "put the file itself here in place of the link, or remove the link",
        ),
        finding(
            "link-outside-inputs",
            "submissions/2026/zero.xml",
            "this is a symbolic link to /dev/zero, which is outside the inputs folder: a link is followed only to a file inside it, so this one is not read",
            "copy the file itself into submissions/2026/ in place of the link",
        ),
        finding(
            "link-outside-inputs",
            "submissions/2026/kmsg.xml",
            "this is a symbolic link to /proc/kmsg, which is outside the inputs folder: a link is followed only to a file inside it, so this one is not read",
            "copy the file itself into submissions/2026/ in place of the link",
        ),
        finding(
            "link-outside-inputs",
            "submissions/2026/escaping.xml",
            &format!(
                "this is a symbolic link to {}, which is outside the inputs folder: a link is followed only to a file inside it, so this one is not read",
                std::fs::canonicalize(&outside).unwrap().display()
            ),
            "copy the file itself into submissions/2026/ in place of the link",
        ),
        "warning[not-a-file]: submissions/2026/archive: this is a folder: the files in it are not read, only files directly in submissions/2026/ are\n  fix: move the files in it that should be read into submissions/2026/, or move the folder out of it\n".to_string(),
        "  submissions/2026/escaping.xml: 0 rows read".to_string(),
    ];
    if made {
        expected.push(finding(
            "not-a-file",
            "submissions/2026/device.ods",
            "this is a character device, not a file, so it is not read",
            "remove it, and put the file itself in its place",
        ));
    }
    for line in &expected {
        assert!(err.contains(line.as_str()), "missing:\n{line}\nin:\n{err}");
    }

    // A draft build reads the same folder, reports the same and waits on nothing.
    let out = au(ws.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "a draft");
    let findings = std::fs::read_to_string(ws.path().join("output/2026/findings.md")).unwrap();
    for file in [
        "pipe.xlsx",
        "socket.xml",
        "folder.xml",
        "dangling.xlsx",
        "kmsg.xml",
    ] {
        assert!(findings.contains(file), "{file} in findings.md");
    }
    // The manifest lists what was read, and nothing that was not.
    let manifest = std::fs::read_to_string(ws.path().join("output/2026/manifest.json")).unwrap();
    assert!(!manifest.contains("escaping.xml") && !manifest.contains("pipe.xlsx"));

    for name in [
        "pipe.xlsx",
        "socket.xml",
        "dangling.xlsx",
        "looping.xml",
        "zero.xml",
        "kmsg.xml",
        "escaping.xml",
        "device.ods",
    ] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    for name in ["folder.xml", "archive"] {
        std::fs::remove_dir(dir.join(name)).unwrap();
    }
    assert_same_files(&folder_bytes(&inputs), &before, "the inputs");
    next_build_succeeds(ws.path());
}

#[test]
fn a_named_pipe_or_device_named_on_the_command_line_returns_at_once() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("p.xlsx"));
    mkfifo(&dir.path().join("returned.xlf"));
    symlink("/dev/zero", dir.path().join("zero.xml")).unwrap();

    let out = au(dir.path(), &["check", "p.xlsx", "zero.xml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    for line in [
        finding(
            "not-a-file",
            "p.xlsx",
            "this is a named pipe (FIFO), not a file, so it is not read",
            "remove it, and put the file itself in its place",
        ),
        finding(
            "not-a-file",
            "zero.xml",
            "this is a character device, not a file, so it is not read",
            "remove it, and put the file itself in its place",
        ),
    ] {
        assert!(err.contains(&line), "missing:\n{line}\nin:\n{err}");
    }

    let ws = sample_workspace();
    let before = folder_bytes(&ws.path().join("inputs"));
    mkfifo(&ws.path().join("returned.xlf"));
    let out = au(ws.path(), &["xliff", "import", "returned.xlf"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.contains(&finding(
            "not-a-file",
            "returned.xlf",
            "this is a named pipe (FIFO), not a file, so it is not read",
            "remove it, and put the file itself in its place",
        )) && err.contains(
            "returned.xlf was not imported: correct the problems above and import it again"
        ),
        "{err}"
    );
    assert_same_files(
        &folder_bytes(&ws.path().join("inputs")),
        &before,
        "the inputs",
    );
    next_build_succeeds(ws.path());
}

#[test]
fn office_lock_files_are_skipped_and_verbose_says_so() {
    let ws = sample_workspace();
    let dir = ws.path().join("inputs/submissions/2026");
    std::fs::write(dir.join("~$digital-learning.xlsx"), "owner").unwrap();
    std::fs::write(dir.join(".~lock.online-safety.ods#"), "owner").unwrap();
    let out = au(ws.path(), &["check", "-v"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    for line in [
        "  skipped submissions/2026/.~lock.online-safety.ods#: an office lock file (LibreOffice keeps one beside a file while it is open), not a submission\n",
        "  skipped submissions/2026/~$digital-learning.xlsx: an office lock file (Microsoft Office keeps one beside a file while it is open), not a submission\n",
    ] {
        assert!(err.contains(line), "missing:\n{line}\nin:\n{err}");
    }
    let out = au(ws.path(), &["check"]);
    assert!(!stderr_of(&out).contains("skipped"), "only with -v");
}

/// The message every refusal of an overlap ends with, suggesting `place`.
fn never(flag: &str, kind: &str, place: &str) -> String {
    format!(
        ": annual-update never writes into its inputs (what it writes could delete or overwrite them), so nothing was written; give {flag} {kind} outside them, such as {flag} {place}\n"
    )
}

/// The message a refusal ends with where a link inside the output leads into the inputs.
fn never_link(link: &str) -> String {
    format!(
        ": annual-update never writes into its inputs (what it writes could delete or overwrite them), so nothing was written; remove the link {link}, or give --output a folder outside them\n"
    )
}

/// Runs `args` in a workspace prepared by `prepare` (given the workspace), and checks it is
/// refused with exit code 2 and the message `message` makes (given the workspace's full path, for
/// messages that show where links lead), the inputs folder `inputs` (in the workspace) unchanged
/// and nothing made at `untouched`; then that the next build succeeds.
fn refused(
    prepare: impl FnOnce(&Path),
    inputs: &str,
    args: &[&str],
    message: impl FnOnce(&str) -> String,
    untouched: &[&str],
) {
    refused_then(prepare, inputs, args, message, untouched, |_| {});
}

/// [`refused`], with `repair` doing what the message asks before the next build.
fn refused_then(
    prepare: impl FnOnce(&Path),
    inputs: &str,
    args: &[&str],
    message: impl FnOnce(&str) -> String,
    untouched: &[&str],
    repair: impl FnOnce(&Path),
) {
    let ws = sample_workspace();
    prepare(ws.path());
    let inputs = ws.path().join(inputs);
    let before = folder_bytes(&inputs);
    let absent: Vec<bool> = untouched
        .iter()
        .map(|p| std::fs::symlink_metadata(ws.path().join(p)).is_err())
        .collect();
    let out = au(ws.path(), args);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
    let full = std::fs::canonicalize(ws.path()).unwrap();
    // Said last, after at most the progress of reading the inputs (when the year was needed).
    let err = stderr_of(&out);
    let message = format!("error: {}", message(&full.display().to_string()));
    assert!(
        err.ends_with(&message) && err.matches("error").count() == message.matches("error").count(),
        "{args:?}: expected to end with:\n{message}\ngot:\n{err}"
    );
    assert_same_files(&folder_bytes(&inputs), &before, "the inputs");
    for (path, absent) in untouched.iter().zip(absent) {
        assert_eq!(
            std::fs::symlink_metadata(ws.path().join(path)).is_err(),
            absent,
            "{path} was made by {args:?}"
        );
    }
    repair(ws.path());
    next_build_succeeds(ws.path());
}

#[test]
fn a_build_into_the_inputs_is_refused_before_anything_is_written() {
    for output in ["inputs/submissions", "inputs/narrative", "inputs/published"] {
        refused(
            |_| {},
            "inputs",
            &["build", "--output", output],
            |_| {
                format!(
                    "--output {output} is inside the inputs folder inputs{}",
                    never("--output", "a folder", "output")
                )
            },
            &[
                &format!("{output}/.2026.lock"),
                &format!("{output}/.2026.building"),
            ],
        );
    }
    refused(
        |_| {},
        "inputs",
        &["build", "--output", "inputs"],
        |_| {
            format!(
                "--output inputs is the inputs folder inputs{}",
                never("--output", "a folder", "output")
            )
        },
        &["inputs/2026", "inputs/.2026.lock"],
    );
    // A copy of the inputs, with an output inside it.
    refused(
        |ws| copy_tree(&ws.join("inputs"), &ws.join("r1")),
        "r1",
        &["build", "--inputs", "r1", "--output", "r1/submissions"],
        |_| {
            format!(
                "--output r1/submissions is inside the inputs folder r1{}",
                never("--output", "a folder", "output")
            )
        },
        &["r1/submissions/.2026.lock"],
    );
    // The inputs kept where the build would put the year.
    refused(
        |ws| copy_tree(&ws.join("inputs"), &ws.join("out/2026")),
        "out/2026",
        &["build", "--inputs", "out/2026", "--output", "out"],
        |_| {
            format!(
                "--output out holds the inputs folder out/2026{}",
                never("--output", "a folder", "output")
            )
        },
        &["out/.2026.lock", "out/.2026.building"],
    );
    // Through `..`, where the output does not exist yet.
    refused(
        |_| {},
        "inputs",
        &["build", "--output", "output/../inputs/new"],
        |_| {
            format!(
                "--output output/../inputs/new is inside the inputs folder inputs{}",
                never("--output", "a folder", "output")
            )
        },
        &["inputs/new", "output"],
    );
    // Through a link.
    refused(
        |ws| symlink("inputs/submissions", ws.join("link")).unwrap(),
        "inputs",
        &["build", "--output", "link/new"],
        |ws| {
            format!(
                "--output link/new is inside the inputs folder inputs (once symbolic links and `..` are followed: {ws}/inputs/submissions/new is inside {ws}/inputs){}",
                never("--output", "a folder", "output")
            )
        },
        &["inputs/submissions/new"],
    );
    // A lock file left as a link to the plan: creating the lock would empty the plan.
    refused_then(
        |ws| {
            std::fs::create_dir(ws.join("output")).unwrap();
            symlink("../inputs/plan.toml", ws.join("output/.2026.lock")).unwrap();
        },
        "inputs",
        &["build"],
        |ws| {
            format!(
                "output/.2026.lock, which --output output makes this command write, is inside the inputs folder inputs (once symbolic links and `..` are followed: {ws}/inputs/plan.toml is inside {ws}/inputs){}",
                never_link("output/.2026.lock")
            )
        },
        &["output/2026"],
        |ws| std::fs::remove_file(ws.join("output/.2026.lock")).unwrap(),
    );
}

#[test]
fn every_other_command_that_writes_keeps_out_of_the_inputs() {
    refused(
        |_| {},
        "inputs",
        &["check", "--output", "inputs/feedback"],
        |_| {
            format!(
                "--output inputs/feedback is inside the inputs folder inputs{}",
                never("--output", "a folder", "output")
            )
        },
        &["inputs/feedback"],
    );
    // The export would become a submission, read as the translators' answer.
    refused(
        |ws| std::fs::remove_file(ws.join("inputs/submissions/2026/translation-2026.xlf")).unwrap(),
        "inputs",
        &[
            "xliff",
            "export",
            "--output",
            "inputs/submissions/2026/translation-2026.xlf",
        ],
        |_| {
            format!(
                "--output inputs/submissions/2026/translation-2026.xlf is inside the inputs folder inputs{}",
                never("--output", "a file", "translation-2026.xlf")
            )
        },
        &[],
    );
    refused(
        |_| {},
        "inputs",
        &["template", "--output", "inputs/submissions/2027"],
        |_| {
            format!(
                "--output inputs/submissions/2027 is inside the inputs folder inputs{}",
                never("--output", "a folder", "templates")
            )
        },
        &["inputs/submissions/2027"],
    );
    refused(
        |_| {},
        "inputs",
        &["templates", "--output", "inputs/narrative/theme"],
        |ws| {
            format!(
                "--output inputs/narrative/theme is inside inputs, an inputs folder (it has plan.toml and submissions/){}",
                never("--output", "a folder", "report-templates")
            )
            .replace("{ws}", ws)
        },
        &["inputs/narrative/theme"],
    );
    refused(
        |_| {},
        "inputs",
        &["publish", "--output", "inputs"],
        |_| {
            format!(
                "--output inputs is the inputs folder inputs{}",
                never("--output", "a folder", "output")
            )
        },
        &[
            "inputs/templates",
            "inputs/.2026.lock",
            "inputs/submissions/2027",
        ],
    );
    refused(
        |_| {},
        "inputs",
        &[
            "bench",
            "--dir",
            "inputs/bench",
            "--generate-only",
            "--scale",
            "1",
        ],
        |_| {
            format!(
                "--dir inputs/bench is inside inputs, an inputs folder (it has plan.toml and submissions/){}",
                never("--dir", "a folder", "bench")
            )
        },
        &["inputs/bench"],
    );
    refused_then(
        |ws| std::fs::create_dir(ws.join("inputs/submissions/2027")).unwrap(),
        "inputs",
        &["init", "inputs/submissions/2027"],
        |_| {
            format!(
                "init inputs/submissions/2027 is inside inputs, an inputs folder (it has plan.toml and submissions/){}",
                never("init", "a folder", "2027")
            )
        },
        &["inputs/submissions/2027/plan.toml"],
        |ws| std::fs::remove_dir(ws.join("inputs/submissions/2027")).unwrap(),
    );
}

#[test]
fn diff_never_writes_over_the_datasets_it_compares_nor_into_the_inputs() {
    // By default beside --to: here a published dataset, in the inputs.
    refused(
        |ws| {
            std::fs::copy(
                ws.join("inputs/published/2025/dataset.json"),
                ws.join("new.json"),
            )
            .map(|_| ())
            .unwrap()
        },
        "inputs",
        &[
            "diff",
            "--from",
            "new.json",
            "--to",
            "inputs/published/2025/dataset.json",
        ],
        |_| {
            format!(
                "inputs/published/2025/changes.md, which --output inputs/published/2025 makes this command write, is inside inputs, an inputs folder (it has plan.toml and submissions/){}",
                never("--output", "a folder", "changes")
            )
        },
        &["inputs/published/2025/changes.md"],
    );
    // A dataset called changes.json would be written over.
    refused(
        |ws| {
            std::fs::create_dir(ws.join("b")).unwrap();
            std::fs::copy(
                ws.join("inputs/published/2025/dataset.json"),
                ws.join("b/changes.json"),
            )
            .unwrap();
        },
        "b",
        &[
            "diff",
            "--from",
            "inputs/published/2025/dataset.json",
            "--to",
            "b/changes.json",
        ],
        |_| {
            format!(
                "b/changes.json, which --output b makes this command write, is --to b/changes.json{}",
                never("--output", "a folder", "b/changes")
            )
        },
        &["b/changes.md"],
    );
}
