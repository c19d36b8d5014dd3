//! `status` on a terminal: one row per team, then what each team still owes.

use std::fmt::Write as _;

use super::TeamStatus;

/// The table, with a line per team that owes updates or has blocking problems.
pub fn text(teams: &[TeamStatus], year: u16) -> String {
    let width = teams
        .iter()
        .map(|t| t.team.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!(
        "{year}: {:<width$}  leads  updated  owed  blocking  files\n",
        "team"
    );
    for t in teams {
        let _ = writeln!(
            out,
            "      {:<width$}  {:>5}  {:>7}  {:>4}  {:>8}  {}",
            t.team,
            t.actions.len(),
            t.updated(),
            t.owed_count(),
            t.blocking.len(),
            t.files.len()
        );
    }
    for t in teams {
        let owed: Vec<&str> = t
            .owed()
            .filter(|a| a.unused.is_empty())
            .map(|a| a.action.as_str())
            .collect();
        if !owed.is_empty() {
            let _ = writeln!(out, "{} owes an update for {}", t.team, owed.join(", "));
        }
        // An update sent and not used is still owed: which, and why; for one of its actions, or
        // naming no action of the plan.
        let of_actions = t.owed().flat_map(|a| {
            let owed = format!(" for {}", a.action);
            a.unused
                .iter()
                .map(move |u| (owed.clone(), String::new(), u))
        });
        let of_no_action = t.unused.iter().map(|u| {
            let named = u
                .action
                .as_ref()
                .map_or_else(String::new, |id| format!(" (action {id})"));
            (String::new(), named, u)
        });
        for (owed, named, u) in of_actions.chain(of_no_action) {
            let _ = writeln!(
                out,
                "{} owes an update{owed}: the one in {}{named} was not used ({})",
                t.team,
                u.source,
                u.code.as_str()
            );
        }
        for f in &t.blocking {
            let at = f
                .source
                .as_ref()
                .map_or_else(String::new, |s| format!("{s}: "));
            let _ = writeln!(out, "{}: {at}{}", t.team, f.message);
        }
    }
    out
}
