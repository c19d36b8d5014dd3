//! What `[publication]` in `plan.toml` may hold beyond its types, checked with the place of each
//! problem: an accessible-formats contact that is an e-mail address, each edition's ISBN with a
//! right check digit (ISBN-13 or ISBN-10), its "Last updated" date a real date not before the
//! publication date, a reference that is one short line, and years that are years. Every value
//! is untrusted text: the checks say what is wrong, the renderers escape what is printed.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::dates::parse as parse_date;
use crate::model::LineStarts;

use super::plan_check::YEARS;

#[derive(Deserialize)]
struct Spans {
    #[serde(rename = "publication-dates")]
    publication_dates: Option<BTreeMap<String, String>>,
    publication: Option<Publication>,
}

#[derive(Deserialize)]
struct Publication {
    contact: Option<Spanned<String>>,
    licence: Option<Named>,
    copyright: Option<Named>,
    editions: Option<BTreeMap<String, Spanned<Edition>>>,
}

#[derive(Deserialize)]
struct Named {
    en: Option<Spanned<String>>,
    cy: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Edition {
    reference: Option<Spanned<String>>,
    isbn: Option<Spanned<String>>,
    last_updated: Option<Spanned<String>>,
}

/// The longest reference, licence or copyright holder taken: they are printed on every page.
const LONGEST: usize = 300;

/// The problems of `[publication]` in a plan's `text`, each a line `plan.toml:31:8: …` with its
/// fix. `file` is how messages name the file.
pub fn problems(text: &str, file: &str) -> Vec<String> {
    let Ok(spans) = toml::from_str::<Spans>(text) else {
        // A plan whose `[publication]` has the wrong shape is reported by the plan's reading.
        return Vec::new();
    };
    let Some(publication) = spans.publication else {
        return Vec::new();
    };
    let lines = LineStarts::of(text);
    let at = |offset: usize| lines.source(text, file, offset).to_string();
    let mut out = Vec::new();
    if let Some(contact) = &publication.contact
        && let Err(why) = email(contact.get_ref())
    {
        out.push(format!(
            "{}: the accessible-formats contact \"{}\" {why}; write one e-mail address: the one readers should write to for another format",
            at(contact.span().start),
            contact.get_ref().escape_debug()
        ));
    }
    for (key, named) in [
        ("licence", &publication.licence),
        ("copyright", &publication.copyright),
    ] {
        for value in named.iter().flat_map(|n| [&n.en, &n.cy]).flatten() {
            if let Err(why) = one_line(value.get_ref()) {
                out.push(format!(
                    "{}: the {key} {why}; write it as one line of at most {LONGEST} characters, or leave `{key}` out for the default",
                    at(value.span().start)
                ));
            }
        }
    }
    for (year, edition) in publication.editions.iter().flatten() {
        let start = edition.span().start;
        let Ok(y) = year
            .parse::<u16>()
            .map_err(drop)
            .and_then(|y| YEARS.contains(&y).then_some(y).ok_or(()))
        else {
            out.push(format!(
                "{}: [publication.editions.{year}] is not for a year from {} to {}; name the edition by its year, such as [publication.editions.2026]",
                at(start),
                YEARS.start(),
                YEARS.end()
            ));
            continue;
        };
        let edition = edition.get_ref();
        if let Some(reference) = &edition.reference
            && let Err(why) = one_line(reference.get_ref())
        {
            out.push(format!(
                "{}: the reference of the {y} edition {why}; write the reference on one line, as your organisation gave it",
                at(reference.span().start)
            ));
        }
        if let Some(isbn) = &edition.isbn
            && let Err(why) = check_isbn(isbn.get_ref())
        {
            out.push(format!(
                "{}: the ISBN of the {y} edition, \"{}\", {why}; copy the ISBN again from what the ISBN agency gave you (13 digits starting 978 or 979, or 10 for an older one; hyphens may stay)",
                at(isbn.span().start),
                isbn.get_ref().escape_debug()
            ));
        }
        if let Some(updated) = &edition.last_updated {
            let published = spans
                .publication_dates
                .as_ref()
                .and_then(|d| d.get(year))
                .filter(|d| parse_date(d).is_some());
            match parse_date(updated.get_ref()) {
                None => out.push(format!(
                    "{}: the \"Last updated\" date of the {y} edition, \"{}\", is not a date; write the day the edition last changed as YYYY-MM-DD",
                    at(updated.span().start),
                    updated.get_ref().escape_debug()
                )),
                Some(date) if published.is_some_and(|p| parse_date(p).is_some_and(|p| date < p)) => {
                    out.push(format!(
                        "{}: the {y} edition was last updated on {}, before it was published ({}); write the day it was last changed, on or after its publication date, or leave last-updated out",
                        at(updated.span().start),
                        updated.get_ref(),
                        published.map_or("", |p| p.as_str())
                    ))
                }
                Some(_) => {}
            }
        }
    }
    out
}

/// Whether `value` is a plausible e-mail address: one `@` with a name before it and a dotted
/// domain after it, no space or control character. Why not, if not.
pub fn email(value: &str) -> Result<(), &'static str> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("has a space or a line break in it");
    }
    let Some((name, domain)) = value.split_once('@') else {
        return Err("has no @");
    };
    if name.is_empty() || domain.contains('@') {
        return Err("is not one address");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.chars().all(|c| c.is_alphanumeric() || c == '-'))
    {
        return Err("has no domain such as gov.wales after the @");
    }
    if value.chars().any(|c| "<>\"(),;:[]\\".contains(c)) {
        return Err("has a character an address cannot have");
    }
    Ok(())
}

/// Whether `value` is one printable line of at most [`LONGEST`] characters. Why not, if not.
fn one_line(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("is empty".into());
    }
    if value.chars().any(char::is_control) {
        return Err("has a line break or a control character in it".into());
    }
    if let Some(c) = value
        .chars()
        .find(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    {
        return Err(format!(
            "has the bidirectional control U+{:04X} in it, which would reorder the words around it",
            u32::from(c)
        ));
    }
    let n = value.chars().count();
    if n > LONGEST {
        return Err(format!("is {n} characters long"));
    }
    Ok(())
}

/// Checks an ISBN as written: ISBN-13 (978 or 979, check digit by weights 1 and 3) or ISBN-10
/// (check digit by weights 10 to 1, `X` for ten), with hyphens or spaces between its groups and
/// an optional `ISBN` before it. Why not, if not.
pub fn check_isbn(value: &str) -> Result<(), String> {
    let body = value.trim();
    let body = body
        .strip_prefix("ISBN-13:")
        .or_else(|| body.strip_prefix("ISBN-10:"))
        .or_else(|| body.strip_prefix("ISBN"))
        .unwrap_or(body)
        .trim_start_matches([':', ' ']);
    if body.is_empty() {
        return Err("has no digits".into());
    }
    if let Some(c) = body
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, '-' | ' ' | 'X' | 'x')))
    {
        return Err(format!(
            "has {c:?} in it, where an ISBN has only digits and hyphens"
        ));
    }
    let chars: Vec<char> = body.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    let digit = |c: char| c.to_digit(10);
    match chars.len() {
        13 => {
            let Some(digits) = chars
                .iter()
                .map(|&c| digit(c))
                .collect::<Option<Vec<u32>>>()
            else {
                return Err("has an X, which only an ISBN-10 can end with".into());
            };
            if !matches!(digits[..3], [9, 7, 8] | [9, 7, 9]) {
                return Err("does not start with 978 or 979, as every ISBN-13 does".into());
            }
            let sum: u32 = digits[..12]
                .iter()
                .enumerate()
                .map(|(i, d)| d * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            let check = (10 - sum % 10) % 10;
            match digits[12] == check {
                true => Ok(()),
                false => Err(format!(
                    "has the check digit {} where its other digits give {check}: a digit is mistyped",
                    digits[12]
                )),
            }
        }
        10 => {
            let Some(digits) = chars[..9]
                .iter()
                .map(|&c| digit(c))
                .collect::<Option<Vec<u32>>>()
            else {
                return Err("has an X before its last character".into());
            };
            let last = match chars[9] {
                'X' | 'x' => 10,
                c => digit(c).expect("only digits and X are left"),
            };
            let sum: u32 = digits
                .iter()
                .enumerate()
                .map(|(i, d)| d * (10 - i as u32))
                .sum();
            let check = (11 - sum % 11) % 11;
            let shown = |n: u32| match n {
                10 => "X".to_string(),
                n => n.to_string(),
            };
            match last == check {
                true => Ok(()),
                false => Err(format!(
                    "has the check digit {} where its other digits give {}: a digit is mistyped",
                    shown(last),
                    shown(check)
                )),
            }
        }
        n => Err(format!(
            "has {n} digits, where an ISBN has 13 (or 10, for one given before 2007)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_are_checked_by_their_check_digit() {
        for good in [
            "978-0-306-40615-7",
            "9780306406157",
            "ISBN 978-1-4028-9462-6",
            "979-10-90636-07-1",
            "0-306-40615-2",
            "0 8044 2957 X",
            "ISBN-10: 080442957X",
        ] {
            assert_eq!(check_isbn(good), Ok(()), "{good}");
        }
        let why = |s: &str| check_isbn(s).unwrap_err();
        assert!(why("978-0-306-40615-8").contains("check digit 8 where its other digits give 7"));
        assert!(why("0-306-40615-3").contains("check digit 3 where its other digits give 2"));
        assert!(why("080442957-1").contains("give X"));
        assert!(why("977-0-306-40615-7").contains("978 or 979"));
        assert!(why("978-0-306-4061").contains("has 11 digits"));
        assert!(why("978-0-306-40615-7a").contains("'a'"));
        assert!(why("").contains("no digits"));
        assert!(one_line("WG1\u{202e}").unwrap_err().contains("U+202E"));
    }

    proptest::proptest! {
        /// Any text, as an ISBN, a contact or a whole `[publication]`, is an answer, never a
        /// panic.
        #[test]
        fn any_text_is_checked_without_panicking(text in "\\PC{0,40}") {
            let _ = check_isbn(&text);
            let _ = email(&text);
            let q = toml::Value::String(text.clone()).to_string();
            let plan = format!("[publication]\ncontact = {q}\n[publication.editions.2026]\nisbn = {q}\nreference = {q}\nlast-updated = {q}\n");
            proptest::prop_assert!(toml::from_str::<toml::Table>(&plan).is_ok(), "{}", plan);
            let _ = problems(&plan, "plan.toml");
        }

        /// Twelve digits and the check digit they give make an ISBN-13 (978 or 979 first);
        /// any other last digit is refused.
        #[test]
        fn the_check_digit_is_the_one_the_digits_give(
            prefix in proptest::sample::select(vec!["978", "979"]),
            rest in "[0-9]{9}",
            wrong in 1u32..10,
        ) {
            let twelve = format!("{prefix}{rest}");
            let sum: u32 = twelve
                .chars()
                .enumerate()
                .map(|(i, c)| c.to_digit(10).unwrap() * if i % 2 == 0 { 1 } else { 3 })
                .sum();
            let check = (10 - sum % 10) % 10;
            proptest::prop_assert_eq!(check_isbn(&format!("{twelve}{check}")), Ok(()));
            let other = (check + wrong) % 10;
            let mistyped = format!("{twelve}{other}");
            proptest::prop_assert!(check_isbn(&mistyped).is_err());
        }
    }

    #[test]
    fn contacts_are_one_address() {
        assert_eq!(email("digital.resilience@gov.wales"), Ok(()));
        for bad in [
            "digital.resilience",
            "@gov.wales",
            "a@gov",
            "a b@gov.wales",
            "a@b@gov.wales",
            "a@gov..wales",
            "<a@gov.wales>",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn each_problem_is_located_with_its_fix() {
        let text = "[publication-dates]\n2026 = \"2026-11-24\"\n\n[publication]\ncontact = \"nobody\"\nlicence.en = \"line\\nbreak\"\n\n[publication.editions.2026]\nreference = \"WG1\"\nisbn = \"978-0-306-40615-8\"\nlast-updated = \"2026-11-01\"\n\n[publication.editions.26]\nisbn = \"x\"\n";
        let found = problems(text, "plan.toml");
        let want = [
            "plan.toml:5:11: the accessible-formats contact \"nobody\" has no @; write one e-mail address",
            "plan.toml:6:14: the licence has a line break",
            "plan.toml:10:8: the ISBN of the 2026 edition, \"978-0-306-40615-8\", has the check digit 8 where its other digits give 7",
            "plan.toml:11:16: the 2026 edition was last updated on 2026-11-01, before it was published (2026-11-24)",
            "plan.toml:13:1: [publication.editions.26] is not for a year",
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
