//! The memory a group of processes needs at once, with everything they start: a build and its
//! Typst processes, or the floor's Typst processes side by side. No one process's peak tells
//! that, so the sum of their resident memory is sampled from Linux's `/proc` while they run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often the processes are looked at: often enough for documents that take seconds, and
/// seldom enough to take no time the runs would notice.
const EVERY: Duration = Duration::from_millis(50);

/// Samples the processes `roots` and all their descendants until [`Sampler::finish`].
pub struct Sampler {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Option<u64>>,
}

impl Sampler {
    pub fn start(roots: Vec<u32>) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let mut peak = None;
            loop {
                let now = resident(&roots);
                peak = peak.max(now);
                if stopped.load(Ordering::Relaxed) {
                    return peak;
                }
                std::thread::sleep(EVERY);
            }
        });
        Sampler { stop, thread }
    }

    /// The highest sum seen, in bytes; `None` where the system does not tell.
    pub fn finish(self) -> Option<u64> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().ok().flatten()
    }
}

/// The resident memory of `roots` and their descendants now, in bytes.
#[cfg(target_os = "linux")]
pub(super) fn resident(roots: &[u32]) -> Option<u64> {
    use std::collections::HashMap;

    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        if let Some(parent) = parent_of(pid) {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut total = 0;
    let mut todo = roots.to_vec();
    while let Some(pid) = todo.pop() {
        total += resident_of(pid).unwrap_or(0);
        todo.extend(children.get(&pid).into_iter().flatten());
    }
    Some(total)
}

#[cfg(not(target_os = "linux"))]
pub(super) fn resident(_roots: &[u32]) -> Option<u64> {
    None
}

/// The parent of `pid`: the field after the state in `/proc/<pid>/stat`, which follows the
/// command's name in parentheses (a name that may hold spaces and parentheses itself).
#[cfg(target_os = "linux")]
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

/// `VmRSS` of `/proc/<pid>/status`, in bytes.
#[cfg(target_os = "linux")]
fn resident_of(pid: u32) -> Option<u64> {
    super::measure::proc_status_bytes(&pid.to_string(), "VmRSS:")
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// A child that holds memory is counted with its parent, and a process that is not in the
    /// group is not.
    #[test]
    fn counts_a_process_and_its_children() {
        let me = std::process::id();
        let alone = super::resident(&[me]).unwrap();
        assert!(alone > 0);
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .unwrap();
        let with_child = super::resident(&[me]).unwrap();
        let just_child = super::resident(&[child.id()]).unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(just_child > 0);
        assert!(with_child >= just_child, "{with_child} < {just_child}");
        assert_eq!(super::parent_of(child.id()), None, "reaped");
    }
}
