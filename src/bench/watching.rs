//! `watch` at one scale, as a person runs it: the program started on a copy of the inputs, then
//! edits of different kinds in turn (one update's text, a file added, a status changed, a file
//! removed), each timed from the moment the file is written to the line that says the PDFs are
//! updated; and the memory of `watch` with its Typst processes after the first edit and after
//! the last.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::measure::{self, median};
use crate::args::TypstArgs;
use crate::error::{Error, Result};
use crate::process::children;

/// The kinds of edit, in the order they are made, again and again.
pub const KINDS: [&str; 4] = ["text", "file added", "status", "file removed"];

/// One edit and how `watch` answered it.
#[derive(Clone, Debug, Serialize)]
pub struct Edit {
    pub kind: &'static str,
    /// From the file written to the line saying the PDFs are updated.
    #[serde(serialize_with = "super::seconds")]
    pub took: Duration,
    /// PDFs the update published.
    pub pdfs: usize,
    /// The line `watch` said.
    pub said: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct WatchRun {
    /// From the start to the first build's line.
    #[serde(serialize_with = "super::seconds")]
    pub first: Duration,
    pub edits: Vec<Edit>,
    /// `watch` and its Typst processes after the first edit and after the last, in bytes.
    pub memory_first: Option<u64>,
    pub memory_last: Option<u64>,
}

impl WatchRun {
    /// The median time of the edits, of `kind` or of all.
    pub fn median(&self, kind: Option<&str>) -> Duration {
        let times = self
            .edits
            .iter()
            .filter(|e| kind.is_none_or(|k| e.kind == k))
            .map(|e| e.took.as_secs_f64());
        Duration::from_secs_f64(median(times))
    }

    /// The slowest edit: what a person waiting on one change may see at worst.
    pub fn slowest(&self) -> Duration {
        self.edits.iter().map(|e| e.took).max().unwrap_or_default()
    }

    /// Edits whose PDFs were not updated (a new blocking problem, a Typst error).
    pub fn not_updated(&self) -> usize {
        self.edits.iter().filter(|e| e.pdfs == 0).count()
    }
}

/// Runs `watch` on a copy of `inputs` in `<dir>/watch/` and makes `edits` edits.
pub fn measure(
    dir: &Path,
    inputs: &Path,
    typst_args: &TypstArgs,
    edits: usize,
) -> Result<WatchRun> {
    let work = dir.join("watch");
    let _ = std::fs::remove_dir_all(&work);
    let copy = work.join("inputs");
    copy_tree(inputs, &copy)?;
    let mut plan = Plan::of(&copy)?;

    let cmd = super::floor::command(
        &measure::this_exe()?,
        "watch",
        &copy,
        &work.join("output"),
        typst_args,
    );
    let lines: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let heard = Arc::clone(&lines);
    let started = Instant::now();
    let child = children::lasting(cmd, move |line| {
        if let Ok(mut l) = heard.lock() {
            l.push((Instant::now(), line));
        }
    })
    .map_err(|e| Error::Environment(format!("cannot run watch: {e}")))?;
    let mut at = 0;
    let (first_at, _) = next_update(&lines, &mut at)?;
    let first = first_at - started;
    plan.find_missing(&work.join("output"))?;

    let mut made = Vec::new();
    let (mut memory_first, mut memory_last) = (None, None);
    for i in 0..edits {
        let kind = KINDS[i % KINDS.len()];
        plan.edit(kind, i)?;
        let written = Instant::now();
        let (when, said) = next_update(&lines, &mut at)?;
        let pdfs = pdfs_in(&said);
        made.push(Edit {
            kind,
            took: when.saturating_duration_since(written),
            pdfs,
            said,
        });
        let memory = super::tree_memory::resident(&[child.id()]);
        if i == 0 {
            memory_first = memory;
        }
        memory_last = memory;
        crate::progress::detail(format!(
            "  edit {} ({kind}): {:.2} s, {pdfs} PDFs",
            i + 1,
            made[i].took.as_secs_f64()
        ));
    }
    child.stop();
    Ok(WatchRun {
        first,
        edits: made,
        memory_first,
        memory_last,
    })
}

/// Waits for the next line of an update (`[12:00:00 UTC] …`) from line `at` on: its time and
/// its text.
fn next_update(lines: &Mutex<Vec<(Instant, String)>>, at: &mut usize) -> Result<(Instant, String)> {
    let waited = Instant::now();
    loop {
        if let Ok(l) = lines.lock()
            && let Some(i) =
                (*at..l.len()).find(|&i| l[i].1.starts_with('[') && l[i].1.contains(" UTC] "))
        {
            *at = i + 1;
            return Ok(l[i].clone());
        }
        if waited.elapsed() > Duration::from_secs(600) {
            return Err(Error::Environment(
                "watch said nothing for ten minutes".to_string(),
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// "5 PDFs updated" → 5; 0 when none was.
fn pdfs_in(line: &str) -> usize {
    line.split_once(" updated in ")
        .and_then(|(head, _)| head.rsplit("; ").next())
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The files the edits touch.
struct Plan {
    /// A partner XML file of the year.
    xml: PathBuf,
    /// Where a new file goes, and what it holds (an update for an action that had none).
    added: PathBuf,
    added_text: String,
}

impl Plan {
    fn of(inputs: &Path) -> Result<Plan> {
        let submissions = inputs.join("submissions");
        let year_dir = std::fs::read_dir(&submissions)
            .map_err(|e| Error::io("list", &submissions, e))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .max()
            .ok_or_else(|| Error::Input("no submissions folder".to_string()))?;
        let mut xmls: Vec<PathBuf> = std::fs::read_dir(&year_dir)
            .map_err(|e| Error::io("list", &year_dir, e))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        xmls.sort();
        let xml = xmls
            .into_iter()
            .next()
            .ok_or_else(|| Error::Input("no XML submission to edit".to_string()))?;
        Ok(Plan {
            added: year_dir.join("zz-watch-bench.xml"),
            added_text: String::new(),
            xml,
        })
    }

    /// The update to add: for an open action with none this year, from the team that leads it,
    /// as the first build's findings name them.
    fn find_missing(&mut self, output: &Path) -> Result<()> {
        let preview = std::fs::read_dir(output)
            .map_err(|e| Error::io("list", output, e))?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with("-preview"))
            .ok_or_else(|| Error::Environment("watch made no preview".to_string()))?;
        let year = preview
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix("-preview"))
            .unwrap_or("2026")
            .to_string();
        let findings: serde_json::Value = serde_json::from_slice(
            &std::fs::read(preview.join("findings.json"))
                .map_err(|e| Error::io("read", &preview, e))?,
        )
        .map_err(|e| Error::Environment(format!("findings.json: {e}")))?;
        let missing = findings["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["code"] == "no-update")
            .ok_or_else(|| Error::Input("no action without an update to add one for".into()))?;
        let action = missing["action"].as_str().unwrap_or_default();
        let message = missing["message"].as_str().unwrap_or_default();
        let team = message
            .split("led by ")
            .nth(1)
            .and_then(|t| t.split(')').next())
            .unwrap_or_default();
        self.added_text = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<submission xmlns=\"urn:annual-update:submission:1\" team=\"{team}\" year=\"{year}\">\n  <update action=\"{action}\" status=\"Ongoing\">\n    <text xml:lang=\"en\">An update sent during the collection window, while watch runs.</text>\n    <text xml:lang=\"cy\">Diweddariad a anfonwyd yn ystod y cyfnod casglu, tra bo watch yn rhedeg.</text>\n  </update>\n</submission>\n"
        );
        Ok(())
    }

    /// Makes edit number `n`, of `kind`.
    fn edit(&mut self, kind: &str, n: usize) -> Result<()> {
        match kind {
            "text" => {
                let now = std::fs::read_to_string(&self.xml)
                    .map_err(|e| Error::io("read", &self.xml, e))?;
                let open = "<text xml:lang=\"en\">";
                let at = now
                    .find(open)
                    .ok_or_else(|| Error::Input("no English text to edit".into()))?
                    + open.len();
                let rest = &now[at..];
                // The edit before this one's words go, and this one's are put in.
                let rest = match rest.strip_prefix("Edited (") {
                    Some(r) => r.split_once(") ").map_or(r, |(_, r)| r),
                    None => rest,
                };
                let text = format!("{}Edited ({n}) {rest}", &now[..at]);
                write(&self.xml, &text)
            }
            "status" => {
                let now = std::fs::read_to_string(&self.xml)
                    .map_err(|e| Error::io("read", &self.xml, e))?;
                let (action, from, to) = status_edit(&now)?;
                let head = format!("<update action=\"{action}\" ");
                let start = now.find(&head).unwrap_or(0);
                let at = start
                    + now[start..]
                        .find(&from)
                        .ok_or_else(|| Error::Input(format!("no {from} to change")))?;
                let text = format!("{}{to}{}", &now[..at], &now[at + from.len()..]);
                write(&self.xml, &text)
            }
            "file added" => write(&self.added, &self.added_text),
            _ => std::fs::remove_file(&self.added).map_err(|e| Error::io("remove", &self.added, e)),
        }
    }
}

/// The status edit of an XML submission: the first update that is under way (Ongoing or In
/// progress, in either language) goes from Ongoing to In progress, or back, so no edit turns a
/// status backwards; the next status edit finds the same update and turns it back. Returns the
/// action and the attribute before and after.
fn status_edit(xml: &str) -> Result<(String, String, String)> {
    let under_way = regex::Regex::new(
        r#"<update action="([^"]+)" status="(Ongoing|Parhaus|In progress|Ar y gweill)\.?""#,
    )
    .map_err(|e| Error::Environment(e.to_string()))?;
    let found = under_way
        .captures(xml)
        .ok_or_else(|| Error::Input("no update under way to change the status of".into()))?;
    let action = found[1].to_string();
    let now = found[0]
        .split_once(" status=")
        .map(|(_, s)| format!("status={s}"))
        .unwrap_or_default();
    let other = match &found[2] {
        "Ongoing" | "Parhaus" => "status=\"In progress\"",
        _ => "status=\"Ongoing\"",
    };
    Ok((action, now, other.to_string()))
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|e| Error::io("write", path, e))
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).map_err(|e| Error::io("create", to, e))?;
    for entry in std::fs::read_dir(from).map_err(|e| Error::io("list", from, e))? {
        let entry = entry.map_err(|e| Error::io("list", from, e))?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| Error::io("copy", &target, e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_pdfs_an_update_published() {
        assert_eq!(
            super::pdfs_in(
                "[01:02:03 UTC] a.xml changed: 0 blocking problems; 5 PDFs updated in 1.6 s"
            ),
            5
        );
        assert_eq!(
            super::pdfs_in(
                "[01:02:03 UTC] a.xml changed: 1 blocking problem (the 1 blocking problem as before); 1 PDF updated in 0.4 s"
            ),
            1
        );
        assert_eq!(super::pdfs_in("[01:02:03 UTC] a.xml changed: kept"), 0);
    }
}
