//! Layers point one way: no cycle between the top-level modules of `src/`. Each module's uses of
//! another (`use crate::…` and `crate::…` paths, comments, strings and `#[cfg(test)]` code aside)
//! are counted from the source, and the test fails naming a cycle and where its uses are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::repo;

/// Each top-level module's uses of the others: module → used module → the files that use it,
/// with how many times.
type Uses = BTreeMap<String, BTreeMap<String, BTreeMap<String, usize>>>;

#[test]
fn no_cycle_between_the_top_level_modules_of_src() {
    let uses = uses(&repo().join("src"));
    let total: usize = uses
        .values()
        .flat_map(|u| u.values())
        .flat_map(|f| f.values())
        .sum();
    eprintln!(
        "{} uses of one top-level module by another, between {} modules",
        total,
        uses.len()
    );
    assert!(total > 300, "only {total} uses found: is the reader right?");
    for (from, to) in &uses {
        let named: Vec<String> = to
            .iter()
            .map(|(m, files)| format!("{m} ({})", files.values().sum::<usize>()))
            .collect();
        eprintln!("  {from} → {}", named.join(", "));
    }
    if let Some(cycle) = cycle(&uses) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|pair| {
                let files = &uses[&pair[0]][&pair[1]];
                let files: Vec<String> = files.iter().map(|(f, n)| format!("{f} ({n})")).collect();
                format!("{} → {}: {}", pair[0], pair[1], files.join(", "))
            })
            .collect();
        panic!(
            "the top-level modules of src/ use each other in a cycle: {}\n{}\nmove what both need to a module below them",
            cycle.join(" → "),
            steps.join("\n")
        );
    }
}

/// The reader finds the paths it is meant to, and none it is not.
#[test]
fn the_reader_counts_paths_and_leaves_comments_strings_and_tests_aside() {
    let source = r####"
//! See [`crate::docs`]: not a use.
use crate::alpha::Thing;
use crate::{beta, gamma::{self, x}};
use std::fmt;
/* crate::block_comment /* nested crate::nested */ */
fn f() {
    let s = "crate::in_a_string";
    let r = r#"crate::in_a_raw_string"#;
    let c = '"';
    let l: &'static str = "x";
    crate::delta::go();
    let v = $crate::macro_path;
}
#[cfg(test)]
mod tests {
    use crate::in_tests;
}
#[cfg(all(test, unix))]
fn only_in_tests() { crate::in_a_test_function(); }
#[cfg(not(test))]
fn not_in_tests() { crate::epsilon::go(); }
"####;
    let found = paths(&strip(source));
    assert_eq!(found, ["alpha", "beta", "gamma", "delta", "epsilon"]);
}

/// Every `.rs` file under `src`, by its path inside it.
fn files(src: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![src.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn uses(src: &Path) -> Uses {
    let mut uses = Uses::new();
    for file in files(src) {
        let rel = file.strip_prefix(src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for used in paths(&strip(&text)) {
            if used != module {
                *uses
                    .entry(module.clone())
                    .or_default()
                    .entry(used)
                    .or_default()
                    .entry(format!("src/{}", annual_update::model::slashed(rel)))
                    .or_default() += 1;
            }
        }
    }
    uses
}

/// The source with comments, string and character literals, and items only for tests
/// (`#[cfg(test)]`, `#[cfg(all(test, …))]`) blanked out.
fn strip(source: &str) -> String {
    let code = blank_comments_and_literals(source);
    let mut out = code.clone();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(") {
        let start = from + at;
        let attribute: String = code[start..].chars().take_while(|&c| c != ']').collect();
        let squeezed: String = attribute.chars().filter(|c| !c.is_whitespace()).collect();
        from = start + attribute.len();
        if squeezed == "#[cfg(test)" || squeezed.starts_with("#[cfg(all(test,") {
            let end = item_end(&code, from);
            out.replace_range(start..end, &" ".repeat(end - start));
            from = end;
        }
    }
    out
}

/// Where the item starting after `from` ends: after the `}` that closes its first `{`, or after
/// a `;` met before any `{`.
fn item_end(code: &str, from: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in code[from..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return from + i + 1;
                }
            }
            ';' if depth == 0 => return from + i + 1,
            _ => {}
        }
    }
    code.len()
}

/// `source` with every comment and string or character literal replaced by spaces (line breaks
/// kept), so that what is left is code.
fn blank_comments_and_literals(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        let starts = |s: &str| rest.iter().take(s.len()).copied().eq(s.chars());
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if starts("//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if starts("/*") {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i..].starts_with(&['/', '*']) {
                    depth += 1;
                    i += 2;
                } else if chars[i..].starts_with(&['*', '/']) {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if !ident_before
            && (starts("r\"") || starts("r#") || starts("br\"") || starts("br#"))
        {
            // A raw string: r##"…"## ends at the quote followed by as many hashes.
            let mut j = i + if chars[i] == 'b' { 2 } else { 1 };
            let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
            j += hashes;
            if chars.get(j) != Some(&'"') {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            j += 1;
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            while j < chars.len() && !chars[j..].starts_with(&close) {
                j += 1;
            }
            for &c in &chars[i..(j + close.len()).min(chars.len())] {
                blank(&mut out, c);
            }
            i = j + close.len();
        } else if chars[i] == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            for &c in &chars[i..(j + 1).min(chars.len())] {
                blank(&mut out, c);
            }
            i = j + 1;
        } else if chars[i] == '\'' {
            // A character literal ('x', '\n', '\u{1F600}'), or a lifetime ('a), which is code.
            let close = match rest.get(1) {
                Some('\\') => rest.iter().skip(2).position(|&c| c == '\'').map(|p| p + 2),
                Some(_) if rest.get(2) == Some(&'\'') => Some(2),
                _ => None,
            };
            match close {
                Some(end) => {
                    for &c in &rest[..=end] {
                        blank(&mut out, c);
                    }
                    i += end + 1;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The top-level modules named by `crate::…` paths in `code`, in order, once per path; a group
/// `crate::{a, b::c}` names each of its members.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate") {
        let start = from + at;
        from = start + "crate".len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = code[from..].trim_start();
        let Some(rest) = rest.strip_prefix("::") else {
            continue;
        };
        let rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            // The members at the group's own level.
            let mut depth = 0;
            let mut member = String::new();
            let mut members = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => members.push(std::mem::take(&mut member)),
                    _ if depth == 0 => member.push(c),
                    _ => {}
                }
            }
            members.push(member);
            for m in members {
                let name: String = m
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != "self" {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// A cycle among the modules (the first module repeated at the end), if there is one.
fn cycle(uses: &Uses) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        uses: &Uses,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in uses.get(node).into_iter().flat_map(|u| u.keys()) {
            if let Some(cycle) = visit(next, uses, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    uses.keys()
        .find_map(|node| visit(node, uses, &mut done, &mut Vec::new()))
}
