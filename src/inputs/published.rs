//! Reading last year's published `dataset.json` fast and in little memory. A plan's whole history
//! is in it (hundreds of megabytes for very large plans), so the file this tool writes, canonical
//! pretty JSON, is read a block at a time and its actions are parsed in parallel, each passed
//! through the run's [`Sieve`] as it is parsed. Any other file (edited by hand, compact) is read
//! the ordinary way, which also gives the exact error messages. Either way the bytes the dataset
//! is made from are noted with their SHA-256 in the run's [`Reads`] as they are read.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::input_file::Reads;
use crate::inputs::sieve::Sieve;
use crate::model::{Action, Dataset, SCHEMA_VERSION};

/// How much of the file is held at once, at least (a single action may need more).
const BLOCK: usize = 8 << 20;
/// How far into the file the actions may start (the plan comes first, and is small).
const HEAD_LIMIT: usize = 16 << 20;
/// Where the actions array starts, and where each of its elements starts, in canonical JSON.
/// A raw line break never occurs inside a JSON string, so these cannot be text.
const ACTIONS: &[u8] = b"\n  \"actions\": [";
const ELEMENT: &[u8] = b"\n    {\n      \"id\": ";
/// The end of the last element and of the array.
const LAST: &[u8] = b"\n    }\n  ]";

/// Why a published dataset could not be read.
pub enum ReadError {
    Io(std::io::Error),
    Invalid(String),
    /// An action ID given to two actions: where the second is (line, column) and the first.
    Duplicate {
        id: String,
        at: (u32, u32),
        first: (u32, u32),
    },
}

/// Reads the dataset, sealing what the sieve (if any) lets go, and notes what it read in `reads`.
/// An action ID given twice is an error, never two actions merged.
pub fn read(path: &Path, sieve: Option<&Sieve>, reads: &Reads) -> Result<Dataset, ReadError> {
    let dataset = read_any(path, sieve, reads)?;
    let mut seen = std::collections::HashSet::new();
    match dataset.actions.iter().find(|a| !seen.insert(&a.id)) {
        None => Ok(dataset),
        Some(twice) => {
            let text = crate::input_file::read_to_string(path).map_err(ReadError::Io)?;
            let id = twice.id.as_str();
            let mut places = id_places(&text, id);
            let first = places.next().unwrap_or((0, 0));
            Err(ReadError::Duplicate {
                id: id.to_string(),
                at: places.next().unwrap_or(first),
                first,
            })
        }
    }
}

/// The line and column of each `"id": "<id>"` in `text`.
fn id_places<'a>(text: &'a str, id: &'a str) -> impl Iterator<Item = (u32, u32)> + 'a {
    let lines = crate::model::LineStarts::of(text);
    let value = format!("\"{id}\"");
    text.match_indices("\"id\"").filter_map(move |(at, key)| {
        let rest = text[at + key.len()..].trim_start().strip_prefix(':')?;
        rest.trim_start()
            .starts_with(&value)
            .then(|| lines.line_column(text, at))
    })
}

fn read_any(path: &Path, sieve: Option<&Sieve>, reads: &Reads) -> Result<Dataset, ReadError> {
    let file = crate::input_file::open(path).map_err(ReadError::Io)?;
    let mut file = reads.hashing(path, file);
    match fast(&mut file, BLOCK, sieve) {
        // Read to its end: the bytes hashed are the whole file the dataset was made from.
        Ok(Some(dataset)) => {
            file.finish();
            Ok(dataset)
        }
        Ok(None) => {
            // Read again the ordinary way: the dataset is made from (and noted as) this read.
            let json = reads.read_to_string(path).map_err(ReadError::Io)?;
            let mut dataset = Dataset::from_json(&json).map_err(ReadError::Invalid)?;
            if let Some(sieve) = sieve {
                dataset.actions.par_iter_mut().for_each(|a| sieve.apply(a));
            }
            Ok(dataset)
        }
        Err(e) => Err(ReadError::Io(e)),
    }
}

/// The canonical file, or `None` if it is not one (or anything about it is unexpected).
fn fast(
    file: &mut impl Read,
    block: usize,
    sieve: Option<&Sieve>,
) -> std::io::Result<Option<Dataset>> {
    let mut buf = Vec::with_capacity(block);
    let mut eof = false;
    let mut fill = |buf: &mut Vec<u8>, eof: &mut bool| -> std::io::Result<()> {
        let before = buf.len();
        file.take(block as u64).read_to_end(buf)?;
        *eof = buf.len() == before;
        Ok(())
    };
    // The head: everything before the first action.
    let start = loop {
        if let Some(i) = find(&buf, ACTIONS) {
            break i + ACTIONS.len();
        }
        if eof || buf.len() > HEAD_LIMIT {
            return Ok(None);
        }
        fill(&mut buf, &mut eof)?;
    };
    let mut head = buf[..start].to_vec();
    buf.drain(..start);
    let mut actions: Vec<Action> = Vec::new();
    let tail = loop {
        let mut starts: Vec<usize> = Vec::new();
        let mut from = 0;
        while let Some(i) = find(&buf[from..], ELEMENT) {
            starts.push(from + i);
            from += i + ELEMENT.len();
        }
        if starts.first() != Some(&0) {
            if eof {
                return Ok(None);
            }
            fill(&mut buf, &mut eof)?;
            continue;
        }
        // Each element but the last runs to the comma before the next; the last is complete only
        // once the array's end has been read.
        let mut ranges: Vec<(usize, usize)> =
            starts.windows(2).map(|w| (w[0] + 1, w[1] - 1)).collect();
        let last = *starts.last().expect("one element at least");
        let end = find(&buf[last..], LAST).map(|i| last + i);
        if let Some(end) = end {
            ranges.push((last + 1, end + "\n    }".len()));
        }
        let parsed: Result<Vec<Action>, _> = ranges
            .par_iter()
            .map(|&(a, b)| {
                // Checked as UTF-8 once, a whole action at a time, rather than string by string.
                let text = std::str::from_utf8(&buf[a..b]).map_err(|e| e.to_string())?;
                let mut action = serde_json::from_str::<Action>(text).map_err(|e| e.to_string())?;
                if let Some(sieve) = sieve {
                    sieve.apply(&mut action);
                }
                Ok::<Action, String>(action)
            })
            .collect();
        let Ok(parsed) = parsed else { return Ok(None) };
        actions.extend(parsed);
        if let Some(end) = end {
            break buf.split_off(end + "\n    }".len());
        }
        if eof {
            return Ok(None);
        }
        buf.drain(..last);
        fill(&mut buf, &mut eof)?;
    };
    // The rest of the file, with the actions left out, is small: parse it as a dataset.
    let mut tail = tail;
    while !eof {
        fill(&mut tail, &mut eof)?;
    }
    head.extend_from_slice(&tail);
    let Ok(mut dataset) = serde_json::from_slice::<Dataset>(&head) else {
        return Ok(None);
    };
    if dataset.schema_version != SCHEMA_VERSION || !dataset.actions.is_empty() {
        return Ok(None);
    }
    dataset.actions = actions;
    Ok(Some(dataset))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/inputs/published/2025/dataset.json"
        );
        Dataset::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn reads_canonical_json_a_block_at_a_time_as_serde_does() {
        let mut dataset = sample();
        // Corrections come after the actions; they must survive too.
        let action = &dataset.actions[1];
        dataset.corrections.push(crate::model::Correction {
            action: action.id.clone(),
            field: crate::model::Field::Commitment,
            update_year: None,
            lang: crate::model::Lang::En,
            old: action.commitment.en.clone(),
            new: crate::text::parse("The corrected commitment.").unwrap(),
            reason: "a typing error".into(),
            corrected_in: 2025,
            source: crate::model::Source::file("resolutions/2025.toml"),
        });
        let json = dataset.to_json();
        // Blocks smaller than one action, and larger than the file.
        for block in [97, 4096, 1 << 20] {
            let read = fast(&mut json.as_bytes(), block, None).unwrap();
            assert!(read.is_some(), "block {block}: not read");
            assert!(
                read.as_ref() == Some(&dataset),
                "block {block}: read differently"
            );
        }
    }

    #[test]
    fn anything_else_is_left_to_serde() {
        let dataset = sample();
        let compact = serde_json::to_string(&dataset).unwrap();
        assert!(fast(&mut compact.as_bytes(), 4096, None).unwrap().is_none());
        let mut other = dataset.clone();
        other.schema_version += 1;
        assert!(
            fast(&mut other.to_json().as_bytes(), 4096, None)
                .unwrap()
                .is_none()
        );
        let broken = dataset
            .to_json()
            .replacen("\"status\": \"ongoing\"", "\"status\": 7", 1);
        assert!(fast(&mut broken.as_bytes(), 4096, None).unwrap().is_none());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dataset.json");
        std::fs::write(&path, &broken).unwrap();
        match read(&path, None, &Reads::default()) {
            Err(ReadError::Invalid(message)) => assert!(message.contains("line"), "{message}"),
            _ => panic!("a broken file is an error"),
        }
    }

    #[test]
    fn the_bytes_read_are_noted_whichever_way_the_file_is_read() {
        let dataset = sample();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dataset.json");
        // Canonical (read a block at a time), then compact (read the ordinary way).
        for json in [dataset.to_json(), serde_json::to_string(&dataset).unwrap()] {
            std::fs::write(&path, &json).unwrap();
            let reads = Reads::default();
            assert!(read(&path, None, &reads).ok() == Some(dataset.clone()));
            assert_eq!(
                reads.all(),
                [(path.clone(), crate::output::sha256_hex(json.as_bytes()))]
            );
        }
    }

    #[test]
    fn an_action_given_twice_is_an_error_at_its_second_place() {
        let mut dataset = sample();
        dataset.actions.push(dataset.actions[0].clone());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dataset.json");
        let json = serde_json::to_string_pretty(&dataset).unwrap();
        std::fs::write(&path, &json).unwrap();
        let id = dataset.actions[0].id.as_str().to_string();
        let lines: Vec<usize> = json
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == format!("\"id\": \"{id}\","))
            .map(|(i, _)| i + 1)
            .collect();
        match read(&path, None, &Reads::default()) {
            Err(ReadError::Duplicate {
                id: twice,
                at,
                first,
            }) => {
                assert_eq!(twice, id);
                assert_eq!(first.0 as usize, lines[0]);
                assert_eq!(at.0 as usize, lines[1]);
            }
            _ => panic!("an action given twice is an error"),
        }
    }
}
