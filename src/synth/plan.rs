//! The synthetic plan: the real plan's title and seven categories, and as many partner teams as
//! the scale asks for, written as `plan.toml`.

use std::ops::RangeInclusive;

use crate::model::{Category, PerLang, Plan, Team};

const CATEGORIES: [(&str, &str); 7] = [
    ("Advice and support", "Cyngor a chymorth"),
    ("Collaboration", "Cydweithio"),
    ("Communication and promotion", "Cyfathrebu a hyrwyddo"),
    ("Guidance and policy", "Canllawiau a pholisi"),
    ("Research", "Ymchwil"),
    (
        "Resources, tools and services",
        "Adnoddau, offer a gwasanaethau",
    ),
    ("Training and development", "Hyfforddiant a datblygu"),
];

/// (ID, English name, Welsh name) of the teams of the real plan's scale.
const TEAMS: [(&str, &str, &str); 12] = [
    (
        "online-safety",
        "Online Safety Team",
        "Tîm Diogelwch Ar-lein",
    ),
    (
        "cyber-resilience",
        "Cyber Resilience Unit",
        "Uned Cadernid Seiber",
    ),
    (
        "digital-learning",
        "Digital Learning Division",
        "Is-adran Dysgu Digidol",
    ),
    (
        "curriculum",
        "Curriculum and Assessment Division",
        "Is-adran y Cwricwlwm ac Asesu",
    ),
    ("safeguarding", "Safeguarding Team", "Tîm Diogelu"),
    (
        "data-protection",
        "Data Protection Team",
        "Tîm Diogelu Data",
    ),
    (
        "youth-engagement",
        "Youth Engagement Branch",
        "Cangen Ymgysylltu â Phobl Ifanc",
    ),
    (
        "workforce",
        "Education Workforce Division",
        "Is-adran y Gweithlu Addysg",
    ),
    (
        "research",
        "Research and Evidence Unit",
        "Uned Ymchwil a Thystiolaeth",
    ),
    (
        "aln",
        "Additional Learning Needs Division",
        "Is-adran Anghenion Dysgu Ychwanegol",
    ),
    ("communications", "Communications Team", "Tîm Cyfathrebu"),
    (
        "infrastructure",
        "Digital Infrastructure Branch",
        "Cangen Seilwaith Digidol",
    ),
];

/// `n` teams: the twelve above, then numbered copies of them (`online-safety-2`, …).
pub fn teams(n: usize) -> Vec<Team> {
    (0..n)
        .map(|i| {
            let (id, en, cy) = TEAMS[i % TEAMS.len()];
            let copy = i / TEAMS.len();
            let suffix = |sep: &str| {
                if copy == 0 {
                    String::new()
                } else {
                    format!("{sep}{}", copy + 1)
                }
            };
            Team {
                id: format!("{id}{}", suffix("-")),
                name: PerLang {
                    en: format!("{en}{}", suffix(" ")),
                    cy: format!("{cy}{}", suffix(" ")),
                },
            }
        })
        .collect()
}

pub fn plan(teams: &[Team], years: RangeInclusive<u16>) -> Plan {
    Plan {
        title: PerLang {
            en: "Enhancing digital resilience in education: an action plan to protect children and young people online".into(),
            cy: "Gwella cadernid digidol mewn addysg: cynllun gweithredu i ddiogelu plant a phobl ifanc ar-lein".into(),
        },
        organisation: PerLang {
            en: "Welsh Government".into(),
            cy: "Llywodraeth Cymru".into(),
        },
        // Late November, when the real plan's updates are published.
        publication_dates: years.map(|y| (y, format!("{y}-11-{}", 24 + (y % 4)))).collect(),
        categories: CATEGORIES
            .iter()
            .zip(1..)
            .map(|(&(en, cy), number)| Category {
                number,
                name: PerLang {
                    en: en.into(),
                    cy: cy.into(),
                },
            })
            .collect(),
        teams: teams.to_vec(),
        conformance: Default::default(),
        publication: None,
    }
}

/// `plan.toml` as a person would write it.
pub fn toml(plan: &Plan) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# A synthetic plan for benchmarks (annual-update bench).\n\ntitle.en = {}\ntitle.cy = {}\norganisation.en = {}\norganisation.cy = {}\n\n[publication-dates]\n",
        q(&plan.title.en),
        q(&plan.title.cy),
        q(&plan.organisation.en),
        q(&plan.organisation.cy)
    );
    for (year, date) in &plan.publication_dates {
        out.push_str(&format!("{year} = {}\n", q(date)));
    }
    for c in &plan.categories {
        out.push_str(&format!(
            "\n[[categories]]\nnumber = {}\nname.en = {}\nname.cy = {}\n",
            c.number,
            q(&c.name.en),
            q(&c.name.cy)
        ));
    }
    for t in &plan.teams {
        out.push_str(&format!(
            "\n[[teams]]\nid = {}\nname.en = {}\nname.cy = {}\n",
            q(&t.id),
            q(&t.name.en),
            q(&t.name.cy)
        ));
    }
    out
}
