//! One Markdown file per team, ready to paste into an email: what to fix in its files (each at
//! file › sheet › cell or line:column, with the fix), the updates it still owes (an update sent
//! and not used among them, with the row and why), and what has arrived. Headings and fixed
//! sentences are in English and Welsh; the findings themselves are in English, as every report is.
//! Every name, place, message and fix is written as literal text (see [`crate::output::markdown`]).

use std::fmt::Write as _;

use super::TeamStatus;
use crate::findings::{Code, Finding};
use crate::ingest::Unused;
use crate::output::markdown::{code, code_block, inline};

/// The feedback file of one team, for `year` of the plan titled `plan` (English, Welsh).
pub fn markdown(team: &TeamStatus, year: u16, plan: (&str, &str)) -> String {
    let mut md = format!(
        "# Feedback for {}, {year} / Adborth: {}, {year}\n\n",
        inline(&team.name),
        inline(&team.name_cy)
    );
    let _ = writeln!(
        md,
        "From the annual update of “{}”: what the files received so far show.  \nO ddiweddariad blynyddol “{}”: yr hyn y mae'r ffeiliau a ddaeth i law hyd yma yn ei ddangos.\n",
        inline(plan.0),
        inline(plan.1)
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
    let language = [Code::WrongLanguage, Code::Untranslated];
    if team.blocking.iter().any(|f| language.contains(&f.code)) {
        md.push_str(LANGUAGE);
    }
    section(&mut md, "Updates still owed / Diweddariadau sy'n ddyledus");
    if team.owed_count() == 0 {
        md.push_str("None. / Dim.\n\n");
    } else {
        for a in team.owed() {
            let action = inline(a.action.as_str());
            if a.unused.is_empty() {
                let _ = writeln!(md, "- Action {action} / Cam gweithredu {action}");
            }
            for u in &a.unused {
                let _ = writeln!(
                    md,
                    "- Action {action} / Cam gweithredu {action}: {}",
                    not_used(team, u, "", "")
                );
            }
        }
        for u in &team.unused {
            let (en, cy) = u.action.as_ref().map_or_else(Default::default, |id| {
                let id = inline(id.as_str());
                (format!(" (action {id})"), format!(" (cam gweithredu {id})"))
            });
            let _ = writeln!(md, "- {}", capitalised(&not_used(team, u, &en, &cy)));
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
            let action = inline(action.as_str());
            let _ = writeln!(
                md,
                "- Action {action} / Cam gweithredu {action}: {}",
                code(file)
            );
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

/// Why a `wrong-language` or `untranslated` finding matters, in English then Welsh, once under the
/// findings. The Welsh is new wording, to be confirmed by the translators (confirm).
const LANGUAGE: &str = "Each text is checked for the language its column claims: English in the Welsh column (pasted, or with the columns swapped) would be printed as Welsh in the Welsh edition, so it counts as missing Welsh until it is translated. A text that is only a name, such as Hwb, may be the same in both languages.  \nMae pob testun yn cael ei wirio am yr iaith y mae ei golofn yn ei hawlio: byddai Saesneg yn y golofn Gymraeg (wedi'i gludo, neu gyda'r colofnau wedi'u cyfnewid) yn cael ei argraffu fel Cymraeg yn yr argraffiad Cymraeg, felly mae'n cyfrif fel Cymraeg sydd ar goll nes iddo gael ei gyfieithu. Gall testun sy'n enw yn unig, fel Hwb, fod yr un fath yn y ddwy iaith.\n\n";

/// "the update in `file › sheet › cell` was not used (bad-status): …", in English then Welsh,
/// with `en` and `cy` (Markdown already) after the place (the action it names, when that is no
/// action of the plan).
fn not_used(team: &TeamStatus, u: &Unused, en: &str, cy: &str) -> String {
    let (at, code) = (code(&u.source.to_string()), u.code.as_str());
    // The finding that says why is in the team's own file, listed above; or in another's.
    let (fix, fix_cy) = if team.files.contains(&u.source.file) {
        (
            "fix it as said above and send the file again",
            "cywirwch ef fel y nodir uchod ac anfonwch y ffeil eto",
        )
    } else {
        (
            "ask whoever sent that file to fix it",
            "gofynnwch i bwy bynnag a anfonodd y ffeil honno ei chywiro",
        )
    };
    format!(
        "the update in {at}{en} was not used ({code}): {fix}. / Ni ddefnyddiwyd y diweddariad yn {at}{cy} ({code}): {fix_cy}."
    )
}

/// `s` with its first letter a capital.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn section(md: &mut String, title: &str) {
    let _ = writeln!(md, "## {title}\n");
}

fn finding(md: &mut String, f: &Finding) {
    let at = f
        .source
        .as_ref()
        .map_or_else(String::new, |s| format!("{}: ", code(&s.to_string())));
    let action = f
        .action
        .as_ref()
        .map_or_else(String::new, |a| format!("action {a}: "));
    let _ = writeln!(
        md,
        "- {at}{} ({})",
        inline(&format!("{action}{}", f.message)),
        f.code.as_str()
    );
    if !f.fix.is_empty() {
        let _ = writeln!(md, "  - Fix / Cywiro: {}", inline(&f.fix));
    }
    if let Some(paste) = &f.paste {
        let _ = writeln!(md, "\n{}", code_block("toml", &paste.toml, "    "));
    }
    md.push('\n');
}
