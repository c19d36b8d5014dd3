//! The house style checked at every build, the built-in one or a user's edited `style.typ`: every
//! text colour on every background it is set on must have a contrast ratio of at least 4.5:1
//! (WCAG 2.1 AA), as the accessible-document guidance asks. A pair that falls short is a
//! `low-contrast` warning, a colour the check cannot follow an `unchecked-colour` warning, each
//! at its `style.typ:line:column`.
//!
//! The style names its colours in a `colours` dictionary and says in `text-on` which of them
//! text is set in and on which backgrounds (see `report-templates/style.typ`); text set in a
//! colour written in place is checked against the page.

mod colour;
mod read;

use std::collections::BTreeMap;

use crate::findings::{Code, Finding};
use crate::model::{LineStarts, Source};
use crate::report_templates::{Origin, ReportTemplates};

use colour::{AA, Colour};
use read::FillValue;

const FILE: &str = "style.typ";

/// The findings on the house style the templates use.
pub fn findings(templates: &ReportTemplates) -> Vec<Finding> {
    let Some(file) = templates.get(FILE) else {
        return Vec::new();
    };
    let name = match &file.origin {
        Origin::User(path) => path.display().to_string(),
        Origin::Embedded => format!("report-templates/{FILE}"),
    };
    // A style that is not text fails when it is compiled, with its own message.
    std::str::from_utf8(&file.bytes).map_or_else(|_| Vec::new(), |text| check(&name, text))
}

/// The findings on a style's source; `file` names it in their places.
pub fn check(file: &str, text: &str) -> Vec<Finding> {
    let style = read::read(text);
    let lines = LineStarts::of(text);
    let place = |at: usize| lines.source(text, file, at);
    let mut found = Vec::new();
    let colours: BTreeMap<&str, &read::Named> = style
        .colours
        .iter()
        .flatten()
        .map(|c| (c.name.as_str(), c))
        .collect();
    if style.colours.is_none() || style.text_on.is_none() {
        found.push(
            unchecked(format!(
                "{FILE} has no {} dictionary, so the contrast of its text colours was not checked",
                if style.colours.is_none() { "`colours`" } else { "`text-on`" }
            ))
            .at(&Source::file(file))
            .fix(
                "name every colour in `colours` and say in `text-on` which backgrounds each text colour is set on, as the built-in style.typ does (`annual-update templates` writes it out)",
            ),
        );
    }
    // A colour the check reads, or the finding that says why not.
    let resolve = |name: &str, at: usize, found: &mut Vec<Finding>| -> Option<Colour> {
        let Some(named) = colours.get(name) else {
            found.push(
                unchecked(format!(
                    "`{name}` is not in `colours`, so its contrast was not checked"
                ))
                .at(&place(at))
                .fix(format!(
                    "add `{name}` to `colours`, or name a colour that is there"
                )),
            );
            return None;
        };
        if named.colour.is_none() {
            found.push(
                unchecked(format!(
                    "colour `{name}` is written `{}`, which the contrast check does not read",
                    named.written
                ))
                .at(&place(named.at))
                .fix(r##"write it as rgb("#rrggbb"), rgb(r, g, b), luma(…) or a named colour such as black"##),
            );
        }
        named.colour
    };

    let text_on = style.text_on.iter().flatten();
    for entry in text_on.clone() {
        let Some(backgrounds) = &entry.backgrounds else {
            found.push(
                unchecked(format!(
                    "`text-on` gives `{}` something other than a list of background names",
                    entry.name
                ))
                .at(&place(entry.at))
                .fix(format!(
                    r#"write `{}: ("page", …)`, naming colours of `colours`"#,
                    entry.name
                )),
            );
            continue;
        };
        if backgrounds.is_empty() {
            continue; // decoration: says nothing of its own
        }
        let Some(text_colour) = resolve(&entry.name, entry.at, &mut found) else {
            continue;
        };
        for (background, at) in backgrounds {
            let Some(behind) = resolve(background, *at, &mut found) else {
                continue;
            };
            let ratio = text_colour.contrast(behind);
            if ratio < AA {
                found.push(
                    low_contrast(
                        &format!("text in `{}` ({text_colour})", entry.name),
                        &format!("`{background}` ({behind})"),
                        ratio,
                    )
                    .at(&place(colours[entry.name.as_str()].at))
                    .fix(format!(
                        "make `{}` {} or `{background}` {} until the ratio is at least {AA}:1",
                        entry.name,
                        if text_colour.darker_than(behind) {
                            "darker"
                        } else {
                            "lighter"
                        },
                        if text_colour.darker_than(behind) {
                            "lighter"
                        } else {
                            "darker"
                        },
                    )),
                );
            }
        }
    }

    let listed: Vec<&str> = text_on.map(|e| e.name.as_str()).collect();
    let page = colours
        .get("page")
        .and_then(|c| c.colour)
        .unwrap_or(Colour::hex("#ffffff").expect("white"));
    for fill in &style.fills {
        match &fill.value {
            FillValue::Colour(name)
                if style.text_on.is_some() && !listed.contains(&name.as_str()) =>
            {
                found.push(
                    unchecked(format!(
                        "text is set in `colours.{name}`, which `text-on` does not list, so its contrast was not checked"
                    ))
                    .at(&place(fill.at))
                    .fix(format!(
                        r#"add `{name}: ("page", …)` to `text-on`, with every background text in `{name}` is set on"#
                    )),
                );
            }
            FillValue::Colour(_) => {}
            FillValue::Literal(Some(colour), written) => {
                let ratio = colour.contrast(page);
                if ratio < AA {
                    found.push(
                        low_contrast(&format!("text in `{written}` ({colour})"), &format!("the page ({page})"), ratio)
                            .at(&place(fill.at))
                            .fix(format!(
                                "use a darker colour, named in `colours` and listed in `text-on`, with a ratio of at least {AA}:1 on every background it is set on"
                            )),
                    );
                }
            }
            FillValue::Literal(None, written) => found.push(
                unchecked(format!(
                    "text is set in `{written}`, which the contrast check cannot read"
                ))
                .at(&place(fill.at))
                .fix("set text in `colours.NAME`, with NAME listed in `text-on`"),
            ),
        }
    }
    // A colour used in several pairs is said once (the build sorts every finding, these too).
    let mut once: Vec<Finding> = Vec::with_capacity(found.len());
    for f in found {
        if !once.contains(&f) {
            once.push(f);
        }
    }
    once
}

fn low_contrast(text: &str, background: &str, ratio: f64) -> Finding {
    Finding::warning(
        Code::LowContrast,
        format!(
            "{text} on {background} has a contrast ratio of {:.2}:1, under the {AA}:1 WCAG 2.1 AA asks of text",
            (ratio * 100.0).floor() / 100.0
        ),
    )
}

fn unchecked(message: String) -> Finding {
    Finding::warning(Code::UncheckedColour, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> String {
        let templates = ReportTemplates::embedded();
        templates.text(FILE).unwrap().to_string()
    }

    #[test]
    fn the_built_in_style_passes_on_every_background() {
        let style = read::read(&built_in());
        let pairs: usize = style
            .text_on
            .iter()
            .flatten()
            .map(|e| e.backgrounds.as_ref().map_or(0, Vec::len))
            .sum();
        assert!(pairs >= 10, "only {pairs} pairs read");
        assert!(
            style.fills.len() >= 8,
            "only {} text fills read",
            style.fills.len()
        );
        let found = check("style.typ", &built_in());
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_light_grey_text_colour_fails_where_it_is_defined() {
        let style = built_in().replace("  text: black,", "  text: luma(70%),");
        let found = check("mine/style.typ", &style);
        let messages: Vec<String> = found.iter().map(|f| f.to_string()).collect();
        assert_eq!(found.len(), 2, "{messages:#?}");
        assert!(found.iter().all(|f| f.code == Code::LowContrast));
        let line = style.lines().position(|l| l.contains("luma(70%)")).unwrap() + 1;
        assert!(
            messages[0].starts_with(&format!(
                "warning[low-contrast]: mine/style.typ:{line}:9: text in `text` (#b3b3b3) on `page` (#ffffff) has a contrast ratio of 2.1"
            )),
            "{messages:#?}"
        );
        assert!(
            messages[1].contains("on `shade` (#edf3f5)"),
            "{messages:#?}"
        );
    }

    #[test]
    fn a_darker_shade_fails_for_the_text_set_on_it() {
        let style = built_in().replace(r##"shade: rgb("#edf3f5")"##, r##"shade: rgb("#5a6a70")"##);
        let found = check("style.typ", &style);
        let on_shade: Vec<String> = found.iter().map(|f| f.message.clone()).collect();
        // Body text, links and the missing-text placeholder are set on the commitment's shading.
        assert_eq!(found.len(), 3, "{on_shade:#?}");
        assert!(on_shade.iter().all(|m| m.contains("on `shade` (#5a6a70)")));
    }

    #[test]
    fn white_on_a_light_band_says_which_way_to_go() {
        let style = built_in().replace(r##"band: rgb("#1b4b5a")"##, r##"band: rgb("#8fb3c0")"##);
        let found = check("style.typ", &style);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0]
                .message
                .starts_with("text in `on-band` (#ffffff) on `band` (#8fb3c0)")
        );
        assert!(
            found[0]
                .fix
                .starts_with("make `on-band` lighter or `band` darker")
        );
    }

    #[test]
    fn colours_the_check_cannot_follow_are_said() {
        let style = built_in()
            .replace(r##"link: rgb("#0b5394")"##, "link: cmyk(100%, 50%, 0%, 20%)")
            .replace("  watermark: (),\n", "")
            .replace(
                "#let para(body) = par(body)",
                "#let para(body) = par(text(fill: luma(80%), body))\n#let aside(body) = text(fill: colours.link.darken(10%), body)",
            );
        let found = check("style.typ", &style);
        let messages: Vec<String> = found.iter().map(|f| f.to_string()).collect();
        let has = |code: Code, words: &str| {
            found
                .iter()
                .any(|f| f.code == code && f.message.contains(words))
        };
        assert!(
            has(Code::UncheckedColour, "`link` is written `cmyk("),
            "{messages:#?}"
        );
        assert!(
            has(
                Code::UncheckedColour,
                "`colours.watermark`, which `text-on` does not list"
            ),
            "{messages:#?}"
        );
        assert!(
            has(
                Code::LowContrast,
                "text in `luma(80%)` (#cccccc) on the page (#ffffff)"
            ),
            "{messages:#?}"
        );
        assert!(
            has(Code::UncheckedColour, "`colours.link.darken(10%)`"),
            "{messages:#?}"
        );
        // `link` is set on two backgrounds; that it cannot be read is said once.
        let link = found
            .iter()
            .filter(|f| f.message.contains("`link` is written"));
        assert_eq!(link.count(), 1, "{messages:#?}");
    }

    #[test]
    fn a_style_without_the_dictionaries_is_said_once() {
        let found = check("old/style.typ", "#let edition(body) = body\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, Code::UncheckedColour);
        assert_eq!(
            found[0].source.as_ref().unwrap().to_string(),
            "old/style.typ"
        );
    }
}
