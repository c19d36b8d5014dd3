//! The processes running now, as Linux's `/proc` tells them: what the tests that kill builds,
//! watches and benches look at to find what was left running.

use std::path::Path;

/// A process's name and its parent's id, if it is there and not a zombie.
pub fn name_and_parent(pid: u32) -> Option<(String, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // pid (comm) state ppid …; comm may hold spaces, so split after its closing bracket.
    let (open, close) = (stat.find('(')?, stat.rfind(')')?);
    let mut rest = stat[close + 1..].split_whitespace();
    if rest.next()? == "Z" {
        return None;
    }
    Some((
        stat[open + 1..close].to_string(),
        rest.next()?.parse().ok()?,
    ))
}

/// The ids of every process there now.
fn all() -> impl Iterator<Item = u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
}

/// The ids of the running processes whose parent is `parent` and whose name is `name`.
pub fn children(parent: u32, name: &str) -> Vec<u32> {
    all()
        .filter(|&pid| name_and_parent(pid).is_some_and(|(n, p)| n == name && p == parent))
        .collect()
}

/// The running processes (other than this one) that belong to work under `dir`: their command
/// line names a path under it (Typst: its `--root` and files) or they work in it; each with its
/// command line.
pub fn under(dir: &Path) -> Vec<(u32, String)> {
    let needle = dir.to_string_lossy().into_owned();
    all()
        .filter(|&pid| pid != std::process::id() && super::alive(pid))
        .filter_map(|pid| {
            let cmdline = std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
                .unwrap_or_default();
            let cwd = std::fs::read_link(format!("/proc/{pid}/cwd")).unwrap_or_default();
            (cmdline.contains(&needle) || cwd.starts_with(dir)).then_some((pid, cmdline))
        })
        .collect()
}
