//! A TOML file that does not parse (`plan.toml`, `resolutions/<year>.toml`, the templates'
//! `labels/<lang>.toml`), reported as one line that names its place, `plan.toml:4:1: …`; for a
//! misspelt key, the key it was probably meant to be, and for a missing one, its whole name
//! (`name.cy`, not serde's bare `cy`) and the line to add: the parser's own message says only
//! what it expected. Shared by the stages that read TOML, below all of them.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::model::LineStarts;

/// Reads `text` (from the file messages call `file`) as a `T`, or says where and why not.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, String> {
    let de = toml::Deserializer::parse(text).map_err(|e| located(file, text, &e))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let (path, e) = (e.path().clone(), e.into_inner());
        match missing_key(&path, e.message()) {
            Some(missing) => format!("{}: {missing}", place(file, text, &e)),
            None => located(file, text, &e),
        }
    })
}

/// serde's "missing field `cy`" at `path` (`teams[2].name`), said as a person fixes it: which
/// table lacks which key, and the line to add.
fn missing_key(path: &serde_path_to_error::Path, message: &str) -> Option<String> {
    let field = message
        .trim_end()
        .strip_prefix("missing field `")?
        .strip_suffix('`')?;
    // The key inside the innermost table: what follows the last array of tables, if any.
    let segments: Vec<&Segment> = path.iter().collect();
    let last_array = segments
        .iter()
        .rposition(|s| matches!(s, Segment::Seq { .. }));
    let keys = |segments: &[&Segment]| -> Vec<String> {
        segments
            .iter()
            .filter_map(|s| match s {
                Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .collect()
    };
    let within = last_array.map_or(&segments[..], |i| &segments[i + 1..]);
    let mut key = keys(within);
    key.push(field.to_string());
    let key = key.join(".");
    let what = match field {
        "cy" => ", with the text in Welsh between the quotes",
        "en" => ", with the text in English between the quotes",
        _ => ", with its value",
    };
    let (table, there) = match last_array {
        Some(i) => {
            let Segment::Seq { index } = segments[i] else {
                unreachable!("found as a Seq")
            };
            let table = format!(
                "the {} [[{}]] table",
                ordinal(index + 1),
                keys(&segments[..i]).join(".")
            );
            (table, "that table")
        }
        // Before the first table, where the file's own keys go.
        None => ("the file".to_string(), "the top of the file"),
    };
    Some(format!(
        "`{key}` is missing from {table}; add the line {key} = \"…\" to {there}{what}"
    ))
}

/// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.
fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Where the error is: `plan.toml:4:1`, or the file alone when the parser gave no span.
fn place(file: &str, text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => LineStarts::of(text)
            .source(text, file, span.start)
            .to_string(),
        None => file.to_string(),
    }
}

/// The parse error `e` of `text`, read from the file that messages call `file`.
pub fn located(file: &str, text: &str, e: &toml::de::Error) -> String {
    let place = place(file, text, e);
    let message = e.message().trim_end();
    match did_you_mean(message) {
        Some(hint) => format!("{place}: {message}; did you mean `{hint}`?"),
        None => format!("{place}: {message}"),
    }
}

/// For serde's "unknown field `titel`, expected one of `title`, `organisation`", the expected
/// name nearest to the unknown one, if it is near enough to be a slip.
fn did_you_mean(message: &str) -> Option<&str> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (unknown, expected) = rest.split_once('`')?;
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|name| (strsim::damerau_levenshtein(unknown, name), name))
        .filter(|(distance, name)| *distance <= (name.len() / 3).max(1))
        .min()
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Plan {
        title: String,
        organisation: Option<String>,
    }

    fn error(text: &str) -> String {
        let e = toml::from_str::<Plan>(text).unwrap_err();
        super::located("plan.toml", text, &e)
    }

    #[test]
    fn a_misspelt_key_is_located_with_the_key_meant() {
        let message = error("title = \"x\"\norganisaton = \"y\"\n");
        assert!(
            message.starts_with("plan.toml:2:1: unknown field `organisaton`"),
            "{message}"
        );
        assert!(
            message.ends_with("did you mean `organisation`?"),
            "{message}"
        );
    }

    #[test]
    fn a_key_unlike_any_gets_no_guess() {
        let message = error("title = \"x\"\ncolour = \"y\"\n");
        assert!(
            message.starts_with("plan.toml:2:1: unknown field `colour`"),
            "{message}"
        );
        assert!(!message.contains("did you mean"), "{message}");
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Named {
        name: Both,
        teams: Vec<Team>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Team {
        id: String,
        name: Both,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Both {
        en: String,
        cy: String,
    }

    #[test]
    fn a_missing_key_is_named_whole_with_the_line_to_add() {
        let text = "name.en = \"a\"\nname.cy = \"b\"\n\n[[teams]]\nid = \"x\"\nname.en = \"X\"\nname.cy = \"Y\"\n\n[[teams]]\nid = \"y\"\nname.en = \"Z\"\n";
        let message = super::parse::<Named>("plan.toml", text).unwrap_err();
        assert_eq!(
            message,
            "plan.toml:11:1: `name.cy` is missing from the 2nd [[teams]] table; add the line name.cy = \"…\" to that table, with the text in Welsh between the quotes"
        );
        // The line it says to add, added, is read.
        let fixed = format!("{text}name.cy = \"…\"\n");
        assert!(super::parse::<Named>("plan.toml", &fixed).is_ok());

        let message = super::parse::<Named>("plan.toml", "name.en = \"a\"\n").unwrap_err();
        assert!(
            message.starts_with("plan.toml:1:1: `name.cy` is missing from the file; add the line name.cy = \"…\" to the top of the file"),
            "{message}"
        );
        // Other errors read as before.
        let message =
            super::parse::<Plan>("plan.toml", "title = \"x\"\ncolour = \"y\"\n").unwrap_err();
        assert!(
            message.starts_with("plan.toml:2:1: unknown field `colour`"),
            "{message}"
        );
        assert_eq!(super::ordinal(1), "1st");
        assert_eq!(super::ordinal(12), "12th");
        assert_eq!(super::ordinal(23), "23rd");
    }

    #[test]
    fn a_syntax_error_is_located() {
        let message = error("title = \"x\n");
        assert!(message.starts_with("plan.toml:1:"), "{message}");
    }
}
