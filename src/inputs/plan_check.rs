//! What `plan.toml`'s types cannot say, checked with the place of each problem: publication
//! dates that are real dates, category numbers and team IDs that are not repeated, and team IDs
//! that are plain names (each team's feedback file is named after its ID). Every
//! problem is reported at once, as `plan.toml:12:8: …` with the fix.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::model::LineStarts;
use crate::render::parse_date;

/// The parts of `plan.toml` these checks read, each with its span; everything else is ignored
/// (the plan itself is read with every field checked by its types).
#[derive(Deserialize)]
struct Spans {
    #[serde(default, rename = "publication-dates")]
    publication_dates: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    categories: Vec<Spanned<Numbered>>,
    #[serde(default)]
    teams: Vec<Spanned<Identified>>,
}

#[derive(Deserialize)]
struct Numbered {
    number: Spanned<i64>,
}

#[derive(Deserialize)]
struct Identified {
    id: Spanned<String>,
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
    for (year, date) in &spans.publication_dates {
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
        if crate::pipeline::feedback::file_name(id.get_ref()).is_none() {
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
    out
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
    }
}
