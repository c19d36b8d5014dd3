//! A TOML input that does not parse (`plan.toml`, `resolutions/<year>.toml`), reported as one
//! line that names its place, `plan.toml:4:1: …`, and, for a misspelt key, the key it was
//! probably meant to be: the parser's own message says only what it expected.

use crate::model::LineStarts;

/// The parse error `e` of `text`, read from the file that messages call `file`.
pub fn located(file: &str, text: &str, e: &toml::de::Error) -> String {
    let place = match e.span() {
        Some(span) => LineStarts::of(text)
            .source(text, file, span.start)
            .to_string(),
        None => file.to_string(),
    };
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

    #[test]
    fn a_syntax_error_is_located() {
        let message = error("title = \"x\n");
        assert!(message.starts_with("plan.toml:1:"), "{message}");
    }
}
