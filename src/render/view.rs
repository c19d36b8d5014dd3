//! The view model: what a template sees of the dataset for one edition, already in its languages.
//!
//! Every string here is plain text; the templates escape it when they write it into Typst.

use std::collections::BTreeSet;

use serde::Serialize;

use super::labels::Labels;
use crate::model::{
    Action, ActionId, Bilingual, Block, Dataset, Inline, Lang, PerLang, Status, WelshState,
};

/// Which languages an edition holds, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    English,
    Welsh,
    /// Welsh and English side by side, Welsh first.
    Bilingual,
}

impl Edition {
    pub const ALL: [Edition; 3] = [Edition::Welsh, Edition::English, Edition::Bilingual];

    pub fn langs(self) -> &'static [Lang] {
        match self {
            Edition::English => &[Lang::En],
            Edition::Welsh => &[Lang::Cy],
            Edition::Bilingual => &Lang::ALL,
        }
    }

    /// The document's main language: Welsh for the bilingual edition.
    pub fn lang(self) -> Lang {
        self.langs()[0]
    }
}

#[derive(Serialize)]
pub struct DocumentView {
    pub lang: &'static str,
    pub bilingual: bool,
    pub year: u16,
    pub draft: bool,
    /// The PDF's title metadata: one line, languages joined.
    pub document_title: String,
    /// The PDF's description metadata (XMP `dc:description`): what the publication says of
    /// itself, languages joined.
    pub document_description: String,
    /// The PDF's keywords (XMP `pdf:Keywords`): the edition's reference and ISBN.
    pub keywords: Vec<String>,
    /// The PDF's creation date, `[year, month, day]`, from the data.
    pub date: Option<[u16; 3]>,
    pub langs: Vec<LangView>,
    /// The narrative, section by section, printed before the first category.
    pub narrative: Vec<super::narrative_view::SectionView>,
    pub categories: Vec<CategoryView>,
}

/// Cover and running text in one language.
#[derive(Serialize)]
pub struct LangView {
    pub lang: &'static str,
    pub title: String,
    pub subtitle: String,
    pub organisation: String,
    pub published: Option<String>,
    /// What the publication says of itself: the colophon and the web pages' block.
    pub about: super::publication_view::PublicationView,
    pub labels: serde_json::Value,
}

/// A string in one language.
#[derive(Serialize)]
pub struct LangText {
    pub lang: &'static str,
    pub text: String,
}

#[derive(Serialize)]
pub struct CategoryView {
    pub number: u32,
    /// Its page in the web edition.
    pub page: String,
    pub heading: Vec<LangText>,
    pub actions: Vec<ActionView>,
}

#[derive(Serialize)]
pub struct ActionView {
    pub id: String,
    /// The label other actions link to (the first language's, in a bilingual edition).
    pub anchor: String,
    /// Its anchor on the web edition's page (`action-2-10`).
    pub html_id: String,
    /// Its latest status in each language ("Ongoing"), if it has one.
    pub status: Vec<LangText>,
    pub heading: Vec<LangText>,
    /// "New action in 2026", when it is.
    pub new: Vec<LangText>,
    pub commitment: Vec<Cell>,
    /// "No update this year.", for open actions without one; in a draft, that the update sent
    /// was not used, when it was not.
    pub no_update: Vec<LangText>,
    /// Newest first.
    pub updates: Vec<UpdateView>,
    pub background: Vec<Cell>,
}

#[derive(Serialize)]
pub struct UpdateView {
    pub year: u16,
    pub cells: Vec<Cell>,
}

/// One unit of an action in one language: its title, its text and, for updates, the status line.
/// `missing` is set (and `blocks` empty) when the text is missing in this language.
#[derive(Serialize)]
pub struct Cell {
    pub lang: &'static str,
    pub title: String,
    pub status: Option<String>,
    pub missing: Option<String>,
    /// Set when this is Welsh that translates an earlier version of the English (drafts only:
    /// a final build refuses stale Welsh).
    pub stale: Option<String>,
    pub blocks: Vec<BlockView>,
}

#[derive(Default, Serialize)]
pub struct BlockView {
    pub paragraph: Option<Vec<RunView>>,
    pub list: Option<Vec<Vec<RunView>>>,
    /// A numbered list of the narrative, each item with its number as written.
    pub numbered: Option<Vec<NumberedItem>>,
    /// In place of a narrative piece missing in this language: the "text missing" label.
    pub missing: Option<String>,
    /// Before a narrative piece whose Welsh is stale: the "translation out of date" label.
    pub stale: Option<String>,
}

#[derive(Serialize)]
pub struct NumberedItem {
    pub number: u64,
    pub runs: Vec<RunView>,
}

#[derive(Default, Serialize)]
pub struct RunView {
    pub text: Option<String>,
    pub link: Option<String>,
    pub action: Option<ActionRef>,
    /// Words that link to `link`, when they are not the address itself.
    pub link_text: Option<String>,
    pub strong: Option<String>,
    pub emphasis: Option<String>,
}

#[derive(Serialize)]
pub struct ActionRef {
    pub id: String,
    /// Set only when the action exists, so a link can never point nowhere.
    pub anchor: Option<String>,
    /// The action on the web edition's pages (`category-2.html#action-2-10`), when it exists.
    pub href: Option<String>,
}

/// Builds the view of `dataset` for one edition.
pub struct ViewBuilder<'a> {
    pub dataset: &'a Dataset,
    pub labels: &'a PerLang<Labels>,
    pub edition: Edition,
    pub draft: bool,
    /// The actions whose update sent this year was not used (a draft's note says so).
    pub not_used: &'a BTreeSet<ActionId>,
}

/// The web edition's page of a category: `category-2.html`.
pub fn category_page(number: u32) -> String {
    format!("category-{number}.html")
}

/// The web edition's stable anchor of an action: `action-2-10`.
pub fn html_id(action: &crate::model::ActionId) -> String {
    format!("action-{}", action.slug())
}

/// The Typst label of an action in one language: `<cy-action-2-10>`.
pub fn anchor(lang: Lang, action: &crate::model::ActionId) -> String {
    format!("{}-action-{}", lang.code(), action.slug())
}

impl ViewBuilder<'_> {
    fn langs(&self) -> &'static [Lang] {
        self.edition.langs()
    }

    pub(super) fn each<T>(&self, f: impl Fn(Lang, &Labels) -> T) -> Vec<T> {
        self.langs()
            .iter()
            .map(|&l| f(l, self.labels.get(l)))
            .collect()
    }

    fn texts(&self, f: impl Fn(Lang, &Labels) -> String) -> Vec<LangText> {
        self.each(|l, labels| LangText {
            lang: l.code(),
            text: f(l, labels),
        })
    }

    pub fn build(&self) -> DocumentView {
        let d = self.dataset;
        let plan = &d.plan;
        let date = plan.publication_dates.get(&d.year);
        let langs = self.each(|l, labels| LangView {
            lang: l.code(),
            title: plan.title.get(l).clone(),
            subtitle: labels.fill("annual-update", "year", &d.year.to_string()),
            organisation: plan.organisation.get(l).clone(),
            published: date
                .and_then(|iso| labels.long_date(iso))
                .map(|date| labels.fill("published", "date", &date)),
            about: super::publication_view::publication(plan, d.year, labels),
            labels: labels.all.clone(),
        });
        let document_title = langs
            .iter()
            .map(|l| format!("{}: {}", l.title, l.subtitle))
            .collect::<Vec<_>>()
            .join(" / ");
        let document_description = langs
            .iter()
            .map(|l| l.about.description.as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        // The reference and ISBN are the same in every language: each once.
        let mut keywords: Vec<String> = Vec::new();
        for keyword in langs.iter().flat_map(|l| &l.about.keywords) {
            if !keywords.contains(keyword) {
                keywords.push(keyword.clone());
            }
        }
        let categories = plan
            .categories
            .iter()
            .filter_map(|c| {
                let actions: Vec<ActionView> = d
                    .actions
                    .iter()
                    .filter(|a| a.category == c.number)
                    .map(|a| self.action(a))
                    .collect();
                (!actions.is_empty()).then(|| CategoryView {
                    number: c.number,
                    page: category_page(c.number),
                    heading: self.texts(|l, _| format!("{}. {}", c.number, c.name.get(l))),
                    actions,
                })
            })
            .collect();
        DocumentView {
            lang: self.edition.lang().code(),
            bilingual: self.edition == Edition::Bilingual,
            year: d.year,
            draft: self.draft,
            document_title,
            document_description,
            keywords,
            date: Some(crate::dates::document_date(plan, d.year)),
            langs,
            narrative: self.narrative(),
            categories,
        }
    }

    fn action(&self, a: &Action) -> ActionView {
        let year = self.dataset.year;
        // An update sent and not used: a draft says so, rather than that none came.
        let not_used = self.draft && self.not_used.contains(&a.id);
        let no_update = a.owes_update(year) || not_used;
        // In a plan's first year every action is new: the note would say nothing.
        let first_year = self.dataset.actions.iter().map(|a| a.introduced).min();
        let note = |on: bool, f: &dyn Fn(&Labels) -> String| {
            if on {
                self.texts(|_, l| f(l))
            } else {
                Vec::new()
            }
        };
        ActionView {
            id: a.id.to_string(),
            anchor: anchor(self.edition.lang(), &a.id),
            html_id: html_id(&a.id),
            status: match a.status() {
                Some(s) => self.texts(|_, labels| labels.status(s).to_string()),
                None => Vec::new(),
            },
            heading: self.texts(|_, labels| labels.fill("action", "id", a.id.as_str())),
            new: note(a.introduced == year && first_year != Some(year), &|l| {
                l.fill("new-action", "year", &year.to_string())
            }),
            commitment: self.cells(&a.commitment, |l| l.get("commitment").to_string(), None),
            no_update: note(no_update, &|l| {
                let key = match not_used {
                    // A label file from before this label says what it can: no update.
                    true if l.all.get("update-not-used").is_some() => "update-not-used",
                    _ => "no-update",
                };
                l.get(key).to_string()
            }),
            updates: a
                .updates
                .iter()
                .map(|u| UpdateView {
                    year: u.year,
                    cells: self.cells(
                        &u.text,
                        |l| l.fill("update", "year", &u.year.to_string()),
                        Some(u.status),
                    ),
                })
                .collect(),
            background: if a.background.is_empty() {
                Vec::new()
            } else {
                self.cells(&a.background, |l| l.get("background").to_string(), None)
            },
        }
    }

    fn cells(
        &self,
        text: &Bilingual,
        title: impl Fn(&Labels) -> String,
        status: Option<Status>,
    ) -> Vec<Cell> {
        self.each(|l, labels| {
            let blocks = text
                .get(l)
                .as_ref()
                .map(|t| t.blocks.iter().map(|b| self.block(b)).collect());
            Cell {
                lang: l.code(),
                title: title(labels),
                status: status
                    .map(|s| format!("{} {}.", labels.get("action-status"), labels.status(s))),
                missing: blocks
                    .is_none()
                    .then(|| labels.get("text-missing").to_string()),
                // Optional, so that label files written before it still load.
                stale: (l == Lang::Cy && text.welsh_state() == Some(WelshState::Stale))
                    .then(|| labels.get("text-stale").to_string())
                    .filter(|s| !s.is_empty()),
                blocks: blocks.unwrap_or_default(),
            }
        })
    }

    pub(super) fn block(&self, block: &Block) -> BlockView {
        let runs = |inlines: &[Inline]| inlines.iter().map(|i| self.run(i)).collect::<Vec<_>>();
        match block {
            Block::Paragraph(p) => BlockView {
                paragraph: Some(runs(p)),
                ..BlockView::default()
            },
            Block::List(items) => BlockView {
                list: Some(items.iter().map(|i| runs(i)).collect()),
                ..BlockView::default()
            },
        }
    }

    /// Links go to the action's heading; a bilingual edition has one heading for both languages.
    pub(super) fn run(&self, inline: &Inline) -> RunView {
        let none = RunView::default();
        match inline {
            Inline::NamedLink { text, url } => RunView {
                link: Some(url.clone()),
                link_text: Some(text.clone()),
                ..none
            },
            Inline::Strong(t) => RunView {
                strong: Some(t.clone()),
                ..none
            },
            Inline::Emphasis(t) => RunView {
                emphasis: Some(t.clone()),
                ..none
            },
            Inline::Text(t) => RunView {
                text: Some(t.clone()),
                ..none
            },
            Inline::Link(url) => RunView {
                link: Some(url.clone()),
                ..none
            },
            Inline::Action(id) => {
                let action = self.dataset.action(id);
                RunView {
                    action: Some(ActionRef {
                        id: id.to_string(),
                        anchor: action.map(|_| anchor(self.edition.lang(), id)),
                        href: action
                            .map(|a| format!("{}#{}", category_page(a.category), html_id(id))),
                    }),
                    ..none
                }
            }
        }
    }
}
