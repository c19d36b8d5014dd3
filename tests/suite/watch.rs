//! `annual-update watch` with the real binary and real Typst on a copy of the sample: a first
//! build into `output/<year>-preview/`, then a file changed, added (written in two steps, as a
//! spreadsheet program saves) and removed, each seen in the preview PDF's text and tag tree; a
//! new blocking problem and a Typst error keep the last good PDFs and say so; a killed Typst
//! watcher is started again, and so is one past the memory bound, missing no change written during
//! its first compile; Ctrl-C exits 130 and leaves no Typst running, as does a kill -9 of `watch`
//! mid-update, after which the preview holds only whole PDFs; `output/<year>/` stays the last
//! `build` byte for byte. Linux only: it finds the Typst processes through `/proc`
//! and sends the signal with `kill`.

#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::tagged::{self, Element};
use crate::common::*;

/// A running `watch` and every line it has said on stderr.
struct Watching {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Watching {
    fn start(ws: &Path, extra: &[&str]) -> Watching {
        Watching::start_with(annual_update(ws), extra)
    }

    fn start_with(mut cmd: std::process::Command, extra: &[&str]) -> Watching {
        let mut child = cmd
            .arg("watch")
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let heard = Arc::clone(&lines);
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("watch: {line}");
                heard.lock().unwrap().push(line);
            }
        });
        Watching { child, lines }
    }

    /// Waits for the next update that names `what` (from line `from` on), and returns its line
    /// with the lines after it that belong to it (said at once with it).
    fn update(&self, from: &mut usize, what: &str) -> String {
        let started = Instant::now();
        let ends = [
            " updated in ",
            "no PDF changed",
            "kept as they were",
            "kept as it was",
        ];
        loop {
            {
                let lines = self.lines.lock().unwrap();
                let first = (*from..lines.len())
                    .find(|&i| lines[i].starts_with('[') && lines[i].contains(what));
                if let Some(i) = first {
                    let end = (i + 1..lines.len())
                        .find(|&j| {
                            lines[j].starts_with('[')
                                || !lines[j].starts_with(' ')
                                    && !lines[j].starts_with("typst could not")
                        })
                        .unwrap_or(lines.len());
                    let block = lines[i..end].join("\n");
                    if ends.iter().any(|e| block.contains(e)) {
                        *from = end;
                        return block;
                    }
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "watch said nothing about {what:?}: {:#?}",
                self.lines.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The Typst processes it runs.
    fn typst(&self) -> Vec<u32> {
        processes::children(self.child.id(), "typst")
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether any element of the tag tree holds `text`.
fn tagged_text(tree: &Element, text: &str) -> bool {
    fold(&tree.text).contains(text) || tree.children.iter().any(|c| tagged_text(c, text))
}

/// Whether the English edition in `preview` shows `text`, in its text and in its tag tree.
fn english_shows(preview: &Path, text: &str) -> (bool, bool) {
    let pdf = preview.join("annual-update-2026.pdf");
    let (tree, _) = tagged::read(&pdf);
    (pdf_text(&pdf).contains(text), tagged_text(&tree, text))
}

const CYBER: &str = "inputs/submissions/2026/cyber-resilience.xml";

/// A copy of the sample, `watch` started on it, and its first build done: the workspace, the
/// watch, and the line its next update will be looked for from.
fn watching_the_sample() -> (tempfile::TempDir, Watching, usize) {
    let ws = sample_workspace();
    let watch = Watching::start(ws.path(), &[]);
    let mut at = 0;
    watch.update(&mut at, "first build");
    (ws, watch, at)
}

/// One update's text in the sample changed from `old` to `new`, and the update that follows,
/// which must have updated the PDFs.
fn updated_after(watch: &Watching, at: &mut usize, dir: &Path, old: &str, new: &str) {
    edit_file(&dir.join(CYBER), old, new);
    let line = watch.update(at, "cyber-resilience.xml changed");
    assert!(line.contains(" updated in "), "{line}");
}

/// `annual-update templates --output my-templates` in `dir`: templates to edit, watched with
/// `--templates my-templates`.
fn own_templates(dir: &Path) -> PathBuf {
    let templates = dir.join("my-templates");
    let out = run(annual_update(dir)
        .args(["templates", "--output"])
        .arg(&templates));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    templates
}

/// An update for 2.3, the one action the sample has none for, from the team that leads it.
const EXTRA: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<submission xmlns="urn:annual-update:submission:1" team="online-safety" year="2026">
  <update action="2.3" status="Ongoing">
    <text xml:lang="en">Sent late: a watched update about peer mentoring in twelve schools.</text>
    <text xml:lang="cy">Anfonwyd yn hwyr: diweddariad am fentora cyfoedion mewn deuddeg ysgol.</text>
  </update>
</submission>
"#;

#[test]
fn watch_updates_the_preview_at_each_change_and_never_touches_the_build() {
    let ws = sample_workspace();
    let dir = ws.path();
    let built = run(annual_update(dir).arg("build"));
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let build = dir.join("output/2026");
    let before = folder_bytes(&build);
    let preview = dir.join("output/2026-preview");

    let watch = Watching::start(dir, &[]);
    let mut at = 0;
    let first = watch.update(&mut at, "first build");
    assert!(first.contains("5 PDFs updated in "), "{first}");
    let typst = watch.typst();
    assert_eq!(typst.len(), 5, "one typst watch per document");
    assert_eq!(english_shows(&preview, "six alerts"), (true, true));
    assert!(preview.join("html/en/index.html").is_file());

    // Changed: one update's text.
    edit_file(&dir.join(CYBER), "six alerts", "sixty-six alerts");
    let line = watch.update(&mut at, "cyber-resilience.xml changed");
    assert!(line.contains("0 blocking problems"), "{line}");
    assert!(line.contains(" updated in "), "{line}");
    assert_eq!(english_shows(&preview, "sixty-six alerts"), (true, true));

    // Added, written in two steps a moment apart: read once, whole.
    let extra = dir.join("inputs/submissions/2026/late.xml");
    let (head, tail) = EXTRA.split_at(EXTRA.len() / 2);
    std::fs::write(&extra, head).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    std::fs::write(&extra, EXTRA).unwrap();
    let _ = tail;
    let line = watch.update(&mut at, "late.xml added");
    assert!(line.contains("0 blocking problems"), "{line}");
    let sent = "a watched update about peer mentoring in twelve schools";
    assert_eq!(english_shows(&preview, sent), (true, true));
    // A lock file beside it is no change.
    std::fs::write(dir.join("inputs/submissions/2026/.~lock.late.ods#"), "me").unwrap();

    // Removed.
    std::fs::remove_file(&extra).unwrap();
    let line = watch.update(&mut at, "late.xml removed");
    assert!(line.contains(" updated in "), "{line}");
    assert!(!line.contains(".~lock"), "{line}");
    assert_eq!(english_shows(&preview, sent), (false, false));

    // A new blocking problem keeps the last good PDFs, and says which.
    let good = std::fs::read(preview.join("annual-update-2026.pdf")).unwrap();
    edit_file(
        &dir.join(CYBER),
        r#"status="Ongoing""#,
        r#"status="On going""#,
    );
    let line = watch.update(&mut at, "cyber-resilience.xml changed");
    assert!(line.contains("kept as they were"), "{line}");
    assert!(
        line.contains(
            r#"submissions/2026/cyber-resilience.xml:3:3: action 2.4: status "On going""#
        ),
        "{line}"
    );
    assert_eq!(
        std::fs::read(preview.join("annual-update-2026.pdf")).unwrap(),
        good
    );
    edit_file(
        &dir.join(CYBER),
        r#"status="On going""#,
        r#"status="Ongoing""#,
    );
    watch.update(&mut at, "cyber-resilience.xml changed");

    // plan.toml edited: the title changes in the draft.
    edit_file(
        &dir.join("inputs/plan.toml"),
        "an action plan to protect children",
        "a watched plan to protect children",
    );
    let line = watch.update(&mut at, "plan.toml changed");
    assert!(line.contains(" updated in "), "{line}");
    assert_eq!(
        english_shows(&preview, "a watched plan to protect children"),
        (true, true)
    );

    // Ctrl-C: exit 130, no Typst left.
    let pid = watch.child.id();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let mut watch = watch;
    let status = watch.child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let ended = Instant::now();
    while ended.elapsed() < Duration::from_secs(5)
        && !watch
            .lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("watch stopped by Ctrl-C: no Typst is left running"))
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        watch
            .lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("watch stopped by Ctrl-C: no Typst is left running")),
        "{:#?}",
        watch.lines.lock().unwrap()
    );
    // The folders named as they are, the year in them.
    let stopped = watch
        .lines
        .lock()
        .unwrap()
        .iter()
        .find(|l| l.starts_with("watch stopped by Ctrl-C"))
        .cloned()
        .unwrap();
    assert!(
        stopped.contains("output/2026-preview are the last update's, and ")
            && stopped.ends_with("output/2026 was not touched"),
        "{stopped}"
    );
    let ended = Instant::now();
    while typst.iter().any(|&p| alive(p)) && ended.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<&u32> = typst.iter().filter(|&&p| alive(p)).collect();
    assert!(left.is_empty(), "typst still runs: {left:?}");

    assert_eq!(folder_bytes(&build), before, "output/2026 is untouched");

    // After the first build, one line per change: no step of the build said on its own line.
    let lines = watch.lines.lock().unwrap().clone();
    let watching = lines
        .iter()
        .position(|l| l.starts_with("watching for changes"))
        .unwrap();
    let steps: Vec<&String> = lines[watching..]
        .iter()
        .filter(|l| l.starts_with("reading ") || l.ends_with(" …"))
        .collect();
    assert!(steps.is_empty(), "{steps:#?}");
}

#[test]
fn a_typst_error_is_located_and_a_killed_typst_is_started_again() {
    let ws = sample_workspace();
    let dir = ws.path();
    let templates = own_templates(dir);
    let watch = Watching::start(dir, &["--templates", "my-templates"]);
    let mut at = 0;
    watch.update(&mut at, "first build");
    let preview = dir.join("output/2026-preview");
    let good = std::fs::read(preview.join("annual-update-2026.pdf")).unwrap();

    // A template that Typst cannot compile: located, and the PDFs kept.
    let edition = templates.join("edition.typ.hbs");
    let text = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(&edition, format!("{text}\n#no-such-function()\n")).unwrap();
    let line = watch.update(&mut at, "my-templates/edition.typ.hbs changed");
    assert!(line.contains("typst could not compile"), "{line}");
    // Located: the generated line and column, the action and the template that wrote it.
    let located = regex::Regex::new(
        r"annual-update-2026\.typ:\d+:\d+: error: unknown variable: no-such-function \(while rendering action \d+\.\d+, from report-templates/",
    )
    .unwrap();
    assert!(located.is_match(&line), "{line}");
    assert!(line.contains("kept as it was"), "{line}");
    assert_eq!(
        std::fs::read(preview.join("annual-update-2026.pdf")).unwrap(),
        good
    );
    std::fs::write(&edition, text).unwrap();
    let line = watch.update(&mut at, "my-templates/edition.typ.hbs changed");
    assert!(line.contains(" updated in "), "{line}");

    // A Typst watcher killed outright is started again at the next change.
    let typst = watch.typst();
    assert_eq!(typst.len(), 5);
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &typst[0].to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    updated_after(&watch, &mut at, dir, "six alerts", "sixty-six alerts");
    assert!(
        watch
            .lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("started again")),
        "the dead watcher was started again"
    );
    assert_eq!(english_shows(&preview, "sixty-six alerts"), (true, true));
    assert_eq!(watch.typst().len(), 5);
}

/// A second `watch` of the same preview folder is refused (exit 3, saying what to do), and the
/// first goes on.
#[test]
fn a_second_watch_of_the_same_preview_is_refused() {
    let (ws, watch, mut at) = watching_the_sample();
    let dir = ws.path();
    let out = run(annual_update(dir).arg("watch"));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("another `annual-update watch` is writing")
            && stderr(&out).contains("2026-preview now: stop it (Ctrl-C in its terminal), or give this one another --output"),
        "{}",
        stderr(&out)
    );
    updated_after(&watch, &mut at, dir, "six alerts", "sixty-six alerts");
}

/// A `typst watch` past the memory bound (here 1 MiB, set by ANNUAL_UPDATE_TYPST_MEMORY_MIB) is
/// started again once an update is published, and says so. Typst watches a source only once a
/// compile that read it has ended, so a source written while a watcher started again is still on
/// its first compile is never seen by Typst itself: `watch` writes it again once that compile
/// ends, and the update comes in the time of the compiles, not after a watcher is given up for
/// lost and started once more. The house style here makes every Typst process's first compile
/// take more than a second (a loop Typst then keeps in its cache), and the bound starts every
/// watcher again at the end of each update, so the second edit always lands during first
/// compiles.
#[test]
fn a_watch_past_the_memory_bound_is_started_again_and_misses_no_change() {
    let ws = sample_workspace();
    let dir = ws.path();
    let templates = own_templates(dir);
    let style = templates.join("style.typ");
    let text = std::fs::read_to_string(&style).unwrap();
    std::fs::write(
        &style,
        format!("{text}\n#let first-compile = {{ let x = 0; for i in range(10000000) {{ x += i }}; x }}\n"),
    )
    .unwrap();
    let mut cmd = annual_update(dir);
    cmd.env("ANNUAL_UPDATE_TYPST_MEMORY_MIB", "1");
    let watch = Watching::start_with(cmd, &["--templates", "my-templates"]);
    let mut at = 0;
    watch.update(&mut at, "first build");
    updated_after(&watch, &mut at, dir, "six alerts", "sixty-six alerts");
    assert!(
        watch.lines.lock().unwrap().iter().any(|l| l
            .contains("past the bound of 1 MiB (ANNUAL_UPDATE_TYPST_MEMORY_MIB): started again")),
        "{:#?}",
        watch.lines.lock().unwrap()
    );
    updated_after(&watch, &mut at, dir, "sixty-six alerts", "seventy alerts");
    let lines = watch.lines.lock().unwrap().clone();
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("did not see its source change")),
        "{lines:#?}"
    );
    let preview = dir.join("output/2026-preview");
    assert_eq!(english_shows(&preview, "seventy alerts"), (true, true));
}

/// `watch` killed outright (kill -9, no handler runs) mid-update: its Typst watchers end with it,
/// the preview holds only whole PDFs, and a new `watch` of the same folder starts (the lock went
/// with the process) and updates the drafts.
#[test]
fn a_watch_killed_with_sigkill_leaves_no_typst_and_whole_pdfs() {
    let (ws, watch, _) = watching_the_sample();
    let dir = ws.path();
    let typst = watch.typst();
    assert_eq!(typst.len(), 5);
    // Killed while an update is under way: the change written, Typst busy on it.
    edit_file(&dir.join(CYBER), "six alerts", "sixty-six alerts");
    std::thread::sleep(Duration::from_millis(400));
    let mut watch = watch;
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &watch.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let _ = watch.child.wait();
    let ended = Instant::now();
    while typst.iter().any(|&p| alive(p)) && ended.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<&u32> = typst.iter().filter(|&&p| alive(p)).collect();
    assert!(left.is_empty(), "typst outlived a killed watch: {left:?}");

    let preview = dir.join("output/2026-preview");
    for entry in std::fs::read_dir(&preview).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "pdf") {
            let bytes = std::fs::read(&path).unwrap();
            let tail =
                String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(32)..]).into_owned();
            assert!(
                bytes.starts_with(b"%PDF-") && tail.trim_end().ends_with("%%EOF"),
                "{} is not a whole PDF",
                path.display()
            );
            lopdf::Document::load_mem(&bytes).unwrap();
        }
    }

    let again = Watching::start(dir, &[]);
    let mut at = 0;
    let first = again.update(&mut at, "first build");
    assert!(first.contains(" updated in "), "{first}");
    assert_eq!(english_shows(&preview, "sixty-six alerts"), (true, true));
}

/// A terminal closed under `watch` (SIGHUP): it stops as for Ctrl-C, exit 129, no Typst left.
#[test]
fn a_watch_hung_up_stops_with_129_and_no_typst() {
    let (_ws, mut watch, _) = watching_the_sample();
    let typst = watch.typst();
    assert_eq!(typst.len(), 5);
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &watch.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(watch.child.wait().unwrap().code(), Some(129));
    let ended = Instant::now();
    while typst.iter().any(|&p| alive(p)) && ended.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let left: Vec<&u32> = typst.iter().filter(|&&p| alive(p)).collect();
    assert!(left.is_empty(), "typst outlived a hung-up watch: {left:?}");
}
