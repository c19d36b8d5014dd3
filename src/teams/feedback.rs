//! One Markdown file per team, ready to paste into an email: what to fix in its files (each at
//! file › sheet › cell or line:column, with the fix), the updates it still owes, and what has
//! arrived. Headings and fixed sentences are in English and Welsh; the findings themselves are in
//! English, as every report is.

use std::fmt::Write as _;

use super::TeamStatus;
use crate::findings::Finding;

/// The feedback file of one team, for `year` of the plan titled `plan` (English, Welsh).
pub fn markdown(team: &TeamStatus, year: u16, plan: (&str, &str)) -> String {
    let mut md = format!(
        "# Feedback for {}, {year} / Adborth: {}, {year}\n\n",
        team.name, team.name_cy
    );
    let _ = writeln!(
        md,
        "From the annual update of *{}*: what the files received so far show.  \nO ddiweddariad blynyddol *{}*: yr hyn y mae'r ffeiliau a ddaeth i law hyd yma yn ei ddangos.\n",
        plan.0, plan.1
    );
    section(
        &mut md,
        "To fix before publication / I'w gywiro cyn cyhoeddi",
    );
    if team.blocking.is_empty() {
        md.push_str("Nothing to fix. / Dim byd i'w gywiro.\n\n");
    }
    for f in &team.blocking {
        finding(&mut md, f);
    }
    section(&mut md, "Updates still owed / Diweddariadau sy'n ddyledus");
    let owed: Vec<_> = team.owed().collect();
    if owed.is_empty() {
        md.push_str("None. / Dim.\n\n");
    } else {
        for a in owed {
            let _ = writeln!(md, "- Action {0} / Cam gweithredu {0}", a.action);
        }
        md.push('\n');
    }
    section(&mut md, "Received / Wedi dod i law");
    let received: Vec<_> = team
        .actions
        .iter()
        .filter_map(|a| Some((&a.action, a.updated_from.as_ref()?)))
        .collect();
    if received.is_empty() {
        md.push_str("No updates yet. / Dim diweddariadau eto.\n\n");
    } else {
        for (action, file) in received {
            let _ = writeln!(md, "- Action {action} / Cam gweithredu {action}: `{file}`");
        }
        md.push('\n');
    }
    if !team.other.is_empty() {
        section(&mut md, "Worth a look / Gwerth edrych arno");
        for f in &team.other {
            finding(&mut md, f);
        }
    }
    md
}

fn section(md: &mut String, title: &str) {
    let _ = writeln!(md, "## {title}\n");
}

fn finding(md: &mut String, f: &Finding) {
    let at = f
        .source
        .as_ref()
        .map_or_else(String::new, |s| format!("`{s}`: "));
    let action = f
        .action
        .as_ref()
        .map_or_else(String::new, |a| format!("action {a}: "));
    let _ = writeln!(md, "- {at}{action}{} ({})", f.message, f.code.as_str());
    if !f.fix.is_empty() {
        let _ = writeln!(md, "  - Fix / Cywiro: {}", f.fix);
    }
    md.push('\n');
}
