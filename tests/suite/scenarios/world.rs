//! A plan as a newcomer runs it: started with `init`, `plan.toml` filled in as its comments ask,
//! partner files written the ways partners write them, and every command run as the real binary
//! in the plan's folder. A [`Seen`] is what one person saw: the exit code and both streams.

use std::path::{Path, PathBuf};

use annual_update::synth::files::{self, Table, XmlNewAction, XmlUpdate};

pub use crate::common::{Seen, pdf_text};

/// The folder a plan lives in: `inputs/` (from `init`), and `output/` once something is built.
pub struct Plan {
    dir: tempfile::TempDir,
}

/// The teams of the plan this suite plays: `(id, English name, Welsh name)`.
pub const TEAMS: [(&str, &str, &str); 3] = [
    (
        "digital-inclusion",
        "Digital Inclusion Team",
        "Tîm Cynhwysiant Digidol",
    ),
    (
        "online-safety",
        "Online Safety Team",
        "Tîm Diogelwch Ar-lein",
    ),
    ("schools-data", "Schools Data Unit", "Uned Data Ysgolion"),
];

impl Plan {
    /// `annual-update init --year <first>` in a new folder, and nothing more: `plan.toml` is
    /// as `init` wrote it, placeholders and all.
    pub fn init(first: u16) -> Plan {
        let plan = Plan {
            dir: tempfile::tempdir().unwrap(),
        };
        plan.run(&["init", "--year", &first.to_string()]).exit(0);
        plan
    }

    /// [`Plan::init`], then `plan.toml` filled in as its comments ask: a title, an organisation,
    /// two categories, the three [`TEAMS`] and the first year's publication date.
    pub fn started(first: u16) -> Plan {
        let plan = Plan::init(first);
        plan.write("plan.toml", &plan_toml(&[first]));
        plan
    }

    /// The plan's folder: commands run here, as a coordinator runs them from a terminal.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `inputs/`, which `init` made.
    pub fn inputs(&self) -> PathBuf {
        self.dir().join("inputs")
    }

    /// `inputs/submissions/<year>/`.
    pub fn submissions(&self, year: u16) -> PathBuf {
        self.inputs().join("submissions").join(year.to_string())
    }

    /// `output/<year>/`, the year's build.
    pub fn built(&self, year: u16) -> PathBuf {
        self.dir().join("output").join(year.to_string())
    }

    /// Runs `annual-update <args>` in the plan's folder.
    pub fn run(&self, args: &[&str]) -> Seen {
        self.run_in(self.dir(), args)
    }

    /// Runs `annual-update <args>` in `dir`: a partner runs `check` wherever their file is.
    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Seen {
        crate::common::seen(dir, args)
    }

    /// Writes a file under `inputs/` (its folders are made).
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.inputs().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Adds `text` at the end of a file under `inputs/` (made if missing), as a coordinator pastes
    /// lines into `resolutions/<year>.toml`.
    pub fn append(&self, rel: &str, text: &str) {
        let path = self.inputs().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
    }

    /// A plan in its second year: [`Plan::started`] for `first`, each team's files of `sent` as
    /// its XML, `build --final` and `publish` (each must succeed), then a publication date for
    /// `first + 1` in `plan.toml`, as the coordinator adds one.
    pub fn in_second_year(first: u16, sent: &[(&str, Sent)]) -> Plan {
        let plan = Plan::started(first);
        for (team, files) in sent {
            plan.send_xml(first, team, files);
        }
        plan.run(&["build", "--final"]).exit(0);
        plan.run(&["publish"]).exit(0);
        plan.write("plan.toml", &plan_toml(&[first, first + 1]));
        plan
    }

    /// A plan in its second year (see [`Plan::in_second_year`]) with one action, 1.1, led by
    /// digital-inclusion: published in 2026 with `commitment` and a 2026 update `update`
    /// (English, Welsh), and its 2027 update sent.
    pub fn with_one_action(
        commitment: (&'static str, &'static str),
        update: (&'static str, &'static str),
    ) -> Plan {
        let plan = Plan::in_second_year(
            2026,
            &[(
                "digital-inclusion",
                Sent::default()
                    .new_action("1.1", "digital-inclusion", commitment)
                    .update("1.1", "Ongoing", update.0, update.1),
            )],
        );
        plan.send_xml(
            2027,
            "digital-inclusion",
            &Sent::default().update("1.1", "Ongoing", "Work went on.", "Parhaodd y gwaith."),
        );
        plan
    }

    /// The translators' round trip for `year`: `xliff export`, every unit given Welsh (`prefix`
    /// and its English) and marked translated, as a CAT tool returns it, saved as
    /// `translation-<year>.xlf` in the plan's folder, and `xliff import` of that file (which
    /// must succeed). Returns what the import printed.
    pub fn translate(&self, year: u16, prefix: &str) -> Seen {
        self.run(&["xliff", "export"]).exit(0);
        let exported = self.read(&format!("output/{year}-translation/translation-{year}.xlf"));
        let unit = regex::Regex::new(
            r#"(?s)(<trans-unit id="[^"]+".*?<source>(.*?)</source>\s*)<target state="[^"]*">.*?</target>"#,
        )
        .unwrap();
        let returned = unit.replace_all(&exported, |c: &regex::Captures| {
            format!(
                r#"{}<target state="translated">{prefix} {}</target>"#,
                &c[1],
                crate::common::welsh_for(&c[2])
            )
        });
        assert_ne!(returned, exported, "the export has units to translate");
        let name = format!("translation-{year}.xlf");
        std::fs::write(self.dir().join(&name), returned.as_bytes()).unwrap();
        let seen = self.run(&["xliff", "import", &name]);
        seen.exit(0);
        seen
    }

    /// Reads a file under the plan's folder (`output/2026/feedback/x.md`, `inputs/plan.toml`).
    pub fn read(&self, rel: &str) -> String {
        let path = self.dir().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// A partner's XML export, saved as `inputs/submissions/<year>/<team>.xml`.
    pub fn send_xml(&self, year: u16, team: &str, sent: &Sent) -> PathBuf {
        let path = self.submissions(year).join(format!("{team}.xml"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        sent.xml(&path, team, year);
        path
    }

    /// A partner's XML export saved under a name of its own in `inputs/submissions/<year>/`.
    pub fn send_xml_as(&self, year: u16, name: &str, team: &str, sent: &Sent) -> PathBuf {
        let path = self.submissions(year).join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        sent.xml(&path, team, year);
        path
    }

    /// A partner's workbook (`.xlsx`), saved as `inputs/submissions/<year>/<team>.xlsx`.
    pub fn send_xlsx(&self, year: u16, team: &str, sent: &Sent) -> PathBuf {
        let path = self.submissions(year).join(format!("{team}.xlsx"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        files::xlsx(&path, &sent.tables(team)).unwrap();
        path
    }

    /// Copies `file` into `inputs/submissions/<year>/` as `name`, as a coordinator saves a file
    /// a partner emailed.
    pub fn receive(&self, year: u16, file: &Path, name: &str) -> PathBuf {
        let path = self.submissions(year).join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::copy(file, &path).unwrap();
        path
    }

    /// A partner's own folder, outside the plan (`<plan>/partner-<team>/`): a `check` run there
    /// finds no plan, as on the partner's computer.
    pub fn partner_folder(&self, team: &str) -> PathBuf {
        let dir = self.dir().join(format!("partner-{team}"));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// `build --final` then `publish` for `year`, both as they should go: the year is recorded
    /// and the next one opened.
    pub fn publish(&self, year: u16) {
        let y = year.to_string();
        self.run(&["build", "--final", "--year", &y]).exit(0);
        self.run(&["publish", "--year", &y]).exit(0);
    }

    /// The text of a PDF under the plan's folder (`output/2026/annual-update-2026.pdf`), as a
    /// PDF text extractor reads it, with white space folded to single spaces.
    pub fn pdf_text(&self, rel: &str) -> String {
        pdf_text(&self.dir().join(rel))
    }

    /// A partner's workbook as a LibreOffice Calc `.ods`, saved in the submissions folder.
    pub fn send_ods(&self, year: u16, team: &str, sent: &Sent) -> PathBuf {
        let path = self.submissions(year).join(format!("{team}.ods"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        files::ods(&path, &sent.tables(team)).unwrap();
        path
    }
}

/// A workbook of `tests/fixtures/scenarios/`, saved by LibreOffice Calc or openpyxl (its
/// `generate.py` says which and what each holds).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios")
        .join(name)
}

/// The texts of the story every scenario starts from: the plan's first year, 2026, as the
/// partners send it when nothing goes wrong. `tests/fixtures/scenarios/generate.py` writes the
/// same texts into its workbooks.
pub mod story {
    pub const COMMITMENT_1_1: (&str, &str) = (
        "We will publish advice for parents on screen time.",
        "Byddwn yn cyhoeddi cyngor i rieni am amser sgrin.",
    );
    pub const UPDATE_1_1: (&str, &str) = (
        "The advice was drafted with parents' groups.",
        "Drafftiwyd y cyngor gyda grwpiau rhieni.",
    );
    pub const COMMITMENT_2_1: (&str, &str) = (
        "We will work with schools to share good practice.",
        "Byddwn yn gweithio gydag ysgolion i rannu arfer da.",
    );
    pub const UPDATE_2_1: (&str, &str) = (
        "Twelve schools shared their practice in 2026–27.",
        "Rhannodd deuddeg ysgol eu harfer yn 2026–27.",
    );
    pub const COMMITMENT_1_2: (&str, &str) = (
        "We will publish what schools know about their pupils' devices.",
        "Byddwn yn cyhoeddi'r hyn y mae ysgolion yn ei wybod am ddyfeisiau eu disgyblion.",
    );
    pub const UPDATE_1_2: (&str, &str) = (
        "The first figures came from forty schools.",
        "Daeth y ffigurau cyntaf o ddeugain ysgol.",
    );

    /// What `team` sends in 2026 when nothing goes wrong: its new action and its first update.
    pub fn sent_2026(team: &'static str) -> super::Sent {
        let (id, status, commitment, update) = match team {
            "digital-inclusion" => ("1.1", "In progress", COMMITMENT_1_1, UPDATE_1_1),
            "online-safety" => ("2.1", "Ongoing", COMMITMENT_2_1, UPDATE_2_1),
            "schools-data" => ("1.2", "Ongoing", COMMITMENT_1_2, UPDATE_1_2),
            other => panic!("{other} is not a team of the story"),
        };
        super::Sent::default()
            .new_action(id, team, commitment)
            .update(id, status, update.0, update.1)
    }
}

impl Plan {
    /// [`Plan::started`] in 2026, its first year sent right by every team (digital-inclusion's
    /// XML sets up 1.1, online-safety's workbook 2.1, schools-data's 1.2, each with its first
    /// update), built and published: the plan is then in 2027, with a date for it in `plan.toml`.
    pub fn first_year_published() -> Plan {
        use story::sent_2026;
        let plan = Plan::started(2026);
        plan.send_xml(2026, "digital-inclusion", &sent_2026("digital-inclusion"));
        plan.send_xlsx(2026, "online-safety", &sent_2026("online-safety"));
        plan.send_xlsx(2026, "schools-data", &sent_2026("schools-data"));
        plan.publish(2026);
        plan.write("plan.toml", &plan_toml(&[2026, 2027]));
        plan
    }
}

/// `plan.toml` as a coordinator fills it in, with a publication date for each of `years`.
pub fn plan_toml(years: &[u16]) -> String {
    let dates: String = years
        .iter()
        .map(|y| format!("{y} = \"{y}-11-24\"\n"))
        .collect();
    let teams: String = TEAMS
        .iter()
        .map(|(id, en, cy)| {
            format!("\n[[teams]]\nid = \"{id}\"\nname.en = \"{en}\"\nname.cy = \"{cy}\"\n")
        })
        .collect();
    format!(
        r#"title.en = "Digital inclusion in schools: an action plan"
title.cy = "Cynhwysiant digidol mewn ysgolion: cynllun gweithredu"
organisation.en = "Welsh Government"
organisation.cy = "Llywodraeth Cymru"

[publication-dates]
{dates}
[[categories]]
number = 1
name.en = "Advice and support"
name.cy = "Cyngor a chymorth"

[[categories]]
number = 2
name.en = "Collaboration"
name.cy = "Cydweithio"
{teams}"#
    )
}

/// What one partner sends for a year: new actions (the plan's first year is set up this way)
/// and updates, each text in English and Welsh (an empty Welsh is left out, as partners do).
#[derive(Default)]
pub struct Sent {
    pub new_actions: Vec<NewAction>,
    pub updates: Vec<Update>,
}

pub struct NewAction {
    pub id: &'static str,
    pub category: u32,
    pub lead_team: &'static str,
    pub commitment: (&'static str, &'static str),
    pub background: Option<(&'static str, &'static str)>,
}

pub struct Update {
    pub action: &'static str,
    pub status: &'static str,
    pub en: &'static str,
    pub cy: &'static str,
}

impl Sent {
    pub fn update(
        mut self,
        action: &'static str,
        status: &'static str,
        en: &'static str,
        cy: &'static str,
    ) -> Sent {
        self.updates.push(Update {
            action,
            status,
            en,
            cy,
        });
        self
    }

    pub fn new_action(
        mut self,
        id: &'static str,
        lead_team: &'static str,
        commitment: (&'static str, &'static str),
    ) -> Sent {
        let category = id.split('.').next().unwrap().parse().unwrap();
        self.new_actions.push(NewAction {
            id,
            category,
            lead_team,
            commitment,
            background: None,
        });
        self
    }

    /// Gives the last new action a background, in English and Welsh.
    pub fn background(mut self, background: (&'static str, &'static str)) -> Sent {
        self.new_actions
            .last_mut()
            .expect("a new action to give it to")
            .background = Some(background);
        self
    }

    /// Writes the XML export to `path`, as the team's system saves it.
    pub fn xml(&self, path: &Path, team: &str, year: u16) {
        let new_actions: Vec<XmlNewAction> = self
            .new_actions
            .iter()
            .map(|a| XmlNewAction {
                id: a.id,
                category: a.category,
                lead_team: a.lead_team,
                commitment: a.commitment,
                background: a.background,
            })
            .collect();
        let updates: Vec<XmlUpdate> = self
            .updates
            .iter()
            .map(|u| XmlUpdate {
                action: u.action,
                status: u.status,
                en: u.en,
                cy: u.cy,
            })
            .collect();
        files::xml(path, team, year, &new_actions, &updates).unwrap();
    }

    /// The workbook's sheets: `Updates`, and `New actions` when there are any.
    fn tables(&self, team: &str) -> Vec<Table> {
        let cells = |row: &[&str]| row.iter().map(|s| s.to_string()).collect();
        let mut updates = vec![cells(&[
            "Action",
            "Status",
            "Update (English)",
            "Update (Welsh)",
            "Team",
        ])];
        updates.extend(
            self.updates
                .iter()
                .map(|u| cells(&[u.action, u.status, u.en, u.cy, team])),
        );
        let mut tables = vec![Table {
            name: "Updates".into(),
            rows: updates,
        }];
        if !self.new_actions.is_empty() {
            // The optional background columns only where a new action has a background.
            let backgrounds = self.new_actions.iter().any(|a| a.background.is_some());
            let mut header = vec![
                "Action",
                "Category",
                "Commitment (English)",
                "Commitment (Welsh)",
                "Lead team",
            ];
            if backgrounds {
                header.extend(["Background (English)", "Background (Welsh)"]);
            }
            let mut rows = vec![cells(&header)];
            rows.extend(self.new_actions.iter().map(|a| {
                let category = a.category.to_string();
                let mut row = vec![a.id, &category, a.commitment.0, a.commitment.1, a.lead_team];
                if backgrounds {
                    let (en, cy) = a.background.unwrap_or_default();
                    row.extend([en, cy]);
                }
                cells(&row)
            }));
            tables.push(Table {
                name: "New actions".into(),
                rows,
            });
        }
        tables
    }
}

/// A `[[correction]]` of the 2026 update of action 1.1 in `lang`, as a coordinator writes it in
/// `resolutions/<year>.toml`.
pub fn correction_of_2026_update(lang: &str, text: &str, reason: &str) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    format!(
        "[[correction]]\naction = \"1.1\"\nfield = \"update\"\nyear = 2026\nlang = \"{lang}\"\ntext = {}\nreason = {}\n\n",
        quoted(text),
        quoted(reason)
    )
}
