//! A new plan's inputs folder: a commented `plan.toml` to fill in, this year's submissions
//! folder, an empty narrative folder and a README of what goes where. It never overwrites.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::inputs::apart;
use crate::output;

/// Writes the inputs folder `dir` for a plan whose first reporting year is `year`; returns every
/// file and folder made. A folder that exists and is not empty is refused.
pub fn write(dir: &Path, year: u16) -> Result<Vec<PathBuf>> {
    if let Ok(mut entries) = std::fs::read_dir(dir)
        && entries.next().is_some()
    {
        return Err(Error::Input(format!(
            "{} already exists and is not empty; `annual-update init` never overwrites: give a new folder, such as `annual-update init my-plan`",
            dir.display()
        )));
    }
    // A plan is never started inside another's inputs folder.
    let name = dir
        .file_name()
        .map_or("inputs".into(), |n| n.to_string_lossy());
    apart::refuse_overlap(
        &[],
        &apart::Writing {
            flag: "init",
            given: dir,
            suggest: &name,
            file: false,
            paths: vec![dir.to_path_buf()],
        },
    )?;
    let mut made = Vec::new();
    for folder in [
        dir.join("submissions").join(year.to_string()),
        dir.join(crate::narrative::FOLDER),
        dir.join("published"),
    ] {
        std::fs::create_dir_all(&folder).map_err(|e| Error::io("create the folder", &folder, e))?;
        made.push(folder);
    }
    for (name, text) in [("plan.toml", plan_text(year)), ("README.md", readme(year))] {
        let path = dir.join(name);
        output::write_atomic(&path, text.as_bytes())?;
        made.push(path);
    }
    Ok(made)
}

/// The `plan.toml` that `init` writes, placeholders and all.
pub fn plan_text(year: u16) -> String {
    format!(
        r#"# The plan's fixed frame, read by every command. Titles and names are published in English
# and Welsh. Fill in every "…", then run `annual-update check`.

title.en = "… the plan's title in English …"
title.cy = "… teitl y cynllun yn Gymraeg …"
organisation.en = "… the organisation that publishes it …"
organisation.cy = "… y sefydliad sy'n ei gyhoeddi …"

# The date each year's edition is published (YYYY-MM-DD): printed on the cover and used as the
# PDFs' creation date, so the same inputs always give the same bytes. Add a line each year.
[publication-dates]
{year} = "{year}-11-30"

# The categories actions are grouped in: an action's ID starts with its category's number
# (action 2.3 is in category 2). Copy the block for each category.
[[categories]]
number = 1
name.en = "… the category's name …"
name.cy = "… enw'r categori …"

# The partner teams that lead actions and send updates. A team's ID is what its files use: the
# XML `team` attribute, the spreadsheet Team column, or the file's name (`online-safety.xlsx`).
# Lower-case letters, digits and hyphens only. Copy the block for each team.
[[teams]]
id = "first-team"
name.en = "… the team's name …"
name.cy = "… enw'r tîm …"

# Optional: what the publication says of itself, on every web page, in each PDF's colophon and
# in its metadata. Remove the hash and space before a line to use it. Without a licence, the Open
# Government Licence v3.0 and Crown copyright.
# [publication]
# contact = "… the e-mail address to ask for another format …"
#
# [publication.editions.{year}]
# reference = "… the edition's reference …"
# isbn = "… its ISBN …"
# last-updated = "{year}-12-01"
"#
    )
}

fn readme(year: u16) -> String {
    format!(
        r#"# The plan's inputs

- `plan.toml`: the title, the organisation, the categories, the partner teams and each year's
  publication date. Start here.
- `submissions/{year}/`: this year's files from the partner teams (`.xlsx`, `.xlsm`, `.xls`,
  `.ods` or `.xml`), and translations returned from the translators (`.xlf`). Run
  `annual-update template` for a pre-filled workbook per team, and `annual-update status` to see
  who still owes an update.
- `narrative/`: the plan's overview and other pages, as Markdown in language pairs
  (`01-overview.en.md` with `01-overview.cy.md`); a year's foreword goes in `narrative/{year}/`.
- `published/<year>/dataset.json`: each published year's record, written by `annual-update
  publish` after the final build. The next year's build starts from it.
- `resolutions/{year}.toml` (when needed): the decisions a person makes, such as which of two
  conflicting updates to use.

The yearly cycle: `annual-update check` after every new file, `annual-update build` for drafts,
`annual-update build --final`, then `annual-update publish`. See the tool's README for the
details.
"#
    )
}
