//! What `plan.toml`'s types cannot say, checked with the place of each problem: publication
//! dates that are real dates, category numbers and team IDs that are not repeated, and team IDs
//! that are plain names (each team's feedback file is named after its ID). Every
//! problem is reported at once, as `plan.toml:12:8: …` with the fix.
//!
//! A plan can also be read and still be unfinished ([`unfinished`]): a value still the
//! placeholder `init` wrote, or no publication date for the year being built. A draft shows
//! those as blocking findings, so `build --final` and `publish` never print them.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::dates::parse as parse_date;
use crate::findings::{Code, Finding};
use crate::model::{LineStarts, Source};

/// The parts of `plan.toml` these checks read, each with its span; everything else is ignored
/// (the plan itself is read with every field checked by its types).
#[derive(Deserialize)]
struct Spans {
    title: Option<Named>,
    organisation: Option<Named>,
    #[serde(rename = "publication-dates")]
    publication_dates: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    #[serde(default)]
    categories: Vec<Spanned<Numbered>>,
    #[serde(default)]
    teams: Vec<Spanned<Identified>>,
}

#[derive(Deserialize)]
struct Numbered {
    number: Spanned<i64>,
    name: Option<Named>,
}

#[derive(Deserialize)]
struct Identified {
    id: Spanned<String>,
    name: Option<Named>,
}

/// A text given in English and Welsh (`title.en`, `title.cy`).
#[derive(Deserialize)]
struct Named {
    en: Option<Spanned<String>>,
    cy: Option<Spanned<String>>,
}

/// The years a plan may name: the tool's dates and file names assume four digits.
pub const YEARS: std::ops::RangeInclusive<u16> = 2000..=2999;

/// The problems in a plan's text that its types let through, each a line with its place and fix.
/// `file` is how messages name the file.
pub fn problems(text: &str, file: &str) -> Vec<String> {
    let Ok(spans) = toml::from_str::<Spans>(text) else {
        // A plan that does not parse is reported by the plan's own reading, with its place.
        return Vec::new();
    };
    let lines = LineStarts::of(text);
    let at = |offset: usize| lines.source(text, file, offset).to_string();
    let mut out = Vec::new();
    for (year, date) in spans.publication_dates.iter().flat_map(|d| d.get_ref()) {
        let start = date.span().start;
        match year.parse::<u16>() {
            Ok(y) if YEARS.contains(&y) => {}
            _ => out.push(format!(
                "{}: the publication date is for \"{year}\", which is not a year from {} to {}; write the year as four digits, such as 2026 = \"2026-11-24\"",
                at(start),
                YEARS.start(),
                YEARS.end()
            )),
        }
        if parse_date(date.get_ref()).is_none() {
            out.push(format!(
                "{}: the publication date for {year}, \"{}\", is not a date; write it as YYYY-MM-DD, such as \"{year}-11-24\"",
                at(start),
                date.get_ref()
            ));
        }
    }
    let mut seen = BTreeMap::new();
    for category in &spans.categories {
        let number = &category.get_ref().number;
        if let Some(first) = seen.insert(*number.get_ref(), number.span().start) {
            out.push(format!(
                "{}: category {} is defined twice (first at {}); give each category its own number",
                at(number.span().start),
                number.get_ref(),
                at(first)
            ));
        }
    }
    let mut seen = BTreeMap::new();
    for team in &spans.teams {
        let id = &team.get_ref().id;
        if !crate::output::plain_name(id.get_ref()) {
            out.push(format!(
                "{}: team id \"{}\" is not a plain name; use lower-case letters, digits and hyphens, such as \"online-safety\" (files are named after it)",
                at(id.span().start),
                id.get_ref()
            ));
        }
        if let Some(first) = seen.insert(id.get_ref().clone(), id.span().start) {
            out.push(format!(
                "{}: team \"{}\" is defined twice (first at {}); give each team its own id, or merge the two",
                at(id.span().start),
                id.get_ref(),
                at(first)
            ));
        }
    }
    out.extend(super::publication_check::problems(text, file));
    out
}

/// Whether `value` is one of the placeholders `init` writes for the coordinator to replace,
/// such as "… the plan's title in English …".
fn is_placeholder(value: &str) -> bool {
    let value = value.trim();
    value.chars().count() > 1 && value.starts_with('…') && value.ends_with('…')
}

/// What keeps a readable plan from being published for `year`, as blocking findings located in
/// `file` (`text` is its content): every value still `init`'s placeholder, and a missing
/// publication date for the year.
pub fn unfinished(text: &str, file: &str, year: u16) -> Vec<Finding> {
    let Ok(spans) = toml::from_str::<Spans>(text) else {
        return Vec::new();
    };
    let lines = LineStarts::of(text);
    let at = |offset: usize| lines.source(text, file, offset);
    let mut out = Vec::new();
    // `key` is the value's name in its table: `title`, or `name` in a category or team.
    let mut check = |named: &Option<Named>, key: &str, what: &str| {
        let Some(named) = named else { return };
        for (value, lang, language) in [(&named.en, "en", "English"), (&named.cy, "cy", "Welsh")] {
            let Some(value) = value.as_ref().filter(|v| is_placeholder(v.get_ref())) else {
                continue;
            };
            out.push(
                Finding::blocking(
                    Code::PlaceholderText,
                    format!(
                        "`{key}.{lang}`, {what} in {language}, is still the placeholder that `annual-update init` wrote: \"{}\"",
                        value.get_ref()
                    ),
                )
                .at(&at(value.span().start))
                .fix(format!(
                    "write {what} in {language} between the quotes, in place of the placeholder"
                )),
            );
        }
    };
    check(&spans.title, "title", "the plan's title");
    check(
        &spans.organisation,
        "organisation",
        "the name of the organisation that publishes the plan",
    );
    for category in &spans.categories {
        let category = category.get_ref();
        let what = format!("the name of category {}", category.number.get_ref());
        check(&category.name, "name", &what);
    }
    for team in &spans.teams {
        let team = team.get_ref();
        let what = format!("the name of team \"{}\"", team.id.get_ref());
        check(&team.name, "name", &what);
    }
    let dates = spans.publication_dates.as_ref();
    if !dates.is_some_and(|d| d.get_ref().contains_key(&year.to_string())) {
        let before = dates
            .and_then(|d| d.get_ref().get(&(year - 1).to_string()))
            .map(|date| date.get_ref().as_str());
        let line = date_line(year, before);
        out.push(no_publication_date(
            file,
            year,
            &line,
            dates.map(|d| at(d.span().start)),
        ));
    }
    out
}

/// The line that gives `year` a publication date, to add under `[publication-dates]`: the same
/// day as the year before's date (`before`), if it has one, else the day `init` suggests.
pub fn date_line(year: u16, before: Option<&str>) -> String {
    let (m, d) = before.and_then(parse_date).map_or((11, 30), |(_, m, d)| {
        (m, if m == 2 { d.min(28) } else { d })
    });
    format!("{year} = \"{year}-{m:02}-{d:02}\"")
}

/// The finding for a year with no publication date: located at `[publication-dates]` if the
/// plan has that table, with the `line` to add.
fn no_publication_date(file: &str, year: u16, line: &str, table: Option<Source>) -> Finding {
    let finding = Finding::blocking(
        Code::NoPublicationDate,
        format!(
            "there is no publication date for {year}: the cover would have no date, and the PDFs would be dated 1 January {year}"
        ),
    );
    match table {
        Some(source) => finding.at(&source).fix(format!(
            "add the line {line} under [publication-dates] in {file}, with the day the {year} edition is published"
        )),
        None => finding.at(&Source::file(file)).fix(format!(
            "add a [publication-dates] table to the end of {file}, and under it the line {line} with the day the {year} edition is published"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_years_and_repeated_ids_are_located() {
        let text = "title.en = \"x\"\n\n[publication-dates]\n2025 = \"2025-11-24\"\n2026 = \"2026-13-45\"\n0 = \"2026-01-01\"\n\n[[categories]]\nnumber = 1\n\n[[categories]]\nnumber = 1\n\n[[teams]]\nid = \"a\"\n\n[[teams]]\nid = \"a\"\n";
        let found = problems(text, "plan.toml");
        let want = [
            "plan.toml:6:5: the publication date is for \"0\", which is not a year from 2000 to 2999",
            "plan.toml:5:8: the publication date for 2026, \"2026-13-45\", is not a date; write it as YYYY-MM-DD",
            "plan.toml:12:10: category 1 is defined twice (first at plan.toml:9:10)",
            "plan.toml:18:6: team \"a\" is defined twice (first at plan.toml:15:6)",
        ];
        assert_eq!(found.len(), want.len(), "{found:#?}");
        for (found, want) in found.iter().zip(want) {
            assert!(
                found.starts_with(want),
                "{found}\n does not start with\n{want}"
            );
        }
    }

    #[test]
    fn the_sample_plan_has_none() {
        let text = include_str!("../../inputs/plan.toml");
        assert_eq!(problems(text, "plan.toml"), Vec::<String>::new());
        assert_eq!(unfinished(text, "plan.toml", 2026), Vec::new());
    }

    /// What `init` writes is readable but unfinished: every placeholder is a located finding,
    /// and a year without a date gets the line to add, which is valid TOML where it says.
    #[test]
    fn placeholders_and_a_missing_date_are_located() {
        let text = crate::pipeline::init::plan_text(2026);
        let found = unfinished(&text, "plan.toml", 2026);
        let places: Vec<(Code, String)> = found
            .iter()
            .map(|f| (f.code, f.source.as_ref().unwrap().to_string()))
            .collect();
        let placeholder = |at: &str| (Code::PlaceholderText, at.to_string());
        assert_eq!(
            places,
            [
                placeholder("plan.toml:4:12"),
                placeholder("plan.toml:5:12"),
                placeholder("plan.toml:6:19"),
                placeholder("plan.toml:7:19"),
                placeholder("plan.toml:18:11"),
                placeholder("plan.toml:19:11"),
                placeholder("plan.toml:26:11"),
                placeholder("plan.toml:27:11"),
            ]
        );
        assert_eq!(
            found[0].message,
            "`title.en`, the plan's title in English, is still the placeholder that `annual-update init` wrote: \"… the plan's title in English …\""
        );
        assert_eq!(
            found[7].message,
            "`name.cy`, the name of team \"first-team\" in Welsh, is still the placeholder that `annual-update init` wrote: \"… enw'r tîm …\""
        );

        let dated = "[publication-dates]\n2024 = \"2024-02-29\"\n";
        let [missing] = &unfinished(dated, "plan.toml", 2025)[..] else {
            panic!()
        };
        assert_eq!(missing.code, Code::NoPublicationDate);
        assert_eq!(
            missing.source.as_ref().unwrap().to_string(),
            "plan.toml:1:1"
        );
        assert_eq!(
            missing.fix,
            "add the line 2025 = \"2025-02-28\" under [publication-dates] in plan.toml, with the day the 2025 edition is published"
        );
        // Pasted as written, the line is read and the finding goes.
        let fixed = dated.replace("]\n", "]\n2025 = \"2025-02-28\"\n");
        assert_eq!(unfinished(&fixed, "plan.toml", 2025), Vec::new());
        let [undated] = &unfinished("", "plan.toml", 2027)[..] else {
            panic!()
        };
        assert!(
            undated.fix.starts_with("add a [publication-dates] table"),
            "{undated}"
        );
    }
}
