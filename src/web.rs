//! The web edition: accessible HTML pages in English and Welsh, an index (the narrative and every
//! category with its actions and statuses), a page per category and, when there is a last year,
//! the change summary, from the same views the PDFs are rendered from. Each page is a government
//! HTML publication: a contents list of its sections, "Back to top" after long ones, what the
//! publication says of itself (organisation, dates, reference, ISBN, licence, contact), a print
//! stylesheet and a "Print this page" button. Handlebars' own HTML escaping stays on, so partner
//! and plan text is only ever text. Templates are `report-templates/html/`, embedded and
//! overridable file by file.

use handlebars::Handlebars;
use serde::Serialize;
use serde_json::Value;

use crate::changes::ChangeSummary;
use crate::error::Result;
use crate::model::{Dataset, Lang, PerLang};
use crate::render::{
    CategoryView, DocumentView, Edition, Labels, Prepared, PublicationView, SectionView,
    ViewBuilder,
};
use crate::report_templates::ReportTemplates;

/// The folder of the web edition in the output folder, and of its templates.
pub const FOLDER: &str = "html";
/// The stylesheet, shared by both languages' pages.
pub const STYLESHEET: &str = "style.css";
/// The one script: it shows the "Print this page" button and makes it print. Nothing else on
/// the pages needs a script.
pub const SCRIPT: &str = "print.js";
const INDEX: &str = "html/index.html.hbs";
const CATEGORY: &str = "html/category.html.hbs";
const CHANGES: &str = "html/changes.html.hbs";

/// A section is long, and followed by a "Back to top" link, when its text is longer than this
/// many characters (about a screen and a half of a phone).
pub const LONG_SECTION: usize = 1_200;

/// One page: its path inside [`FOLDER`] (`en/category-2.html`) and its HTML.
pub struct Page {
    pub path: String,
    pub html: String,
}

/// What every page's template sees besides its content.
#[derive(Serialize)]
struct PageView<'a> {
    lang: &'static str,
    /// `<title>`: unique to the page.
    title: String,
    /// The one `h1`.
    heading: String,
    /// Whether this is the index (the navigation marks it as the current page).
    is_index: bool,
    plan_title: &'a str,
    subtitle: &'a str,
    organisation: &'a str,
    /// "Published 24 November 2026" (kept for templates written before `about`).
    published: Option<&'a str>,
    /// What the publication says of itself: under the `h1` (its dates) and at the end.
    about: &'a PublicationView,
    /// The page's sections, each `h2` in order: its contents list.
    contents: Vec<ContentsItem>,
    /// The same page in the other language.
    other: OtherLang,
    /// The stylesheet and the script, relative to the page.
    stylesheet: String,
    script: String,
    /// The draft banner's text, while blocking problems remain.
    draft: Option<String>,
    words: Words,
    /// Every category, for the navigation.
    nav: Vec<NavItem<'a>>,
    /// The index's content: the narrative and each category's actions (empty on other pages,
    /// so a page is given only what it shows).
    narrative: Vec<Section<'a>>,
    categories: Vec<Listed<'a>>,
    /// Whether the index's list of categories is long enough for a "Back to top" after it.
    categories_long: bool,
    /// The index's link to the change summary's page, when there is one.
    changes_link: Option<Link>,
    category: Option<&'a CategoryView>,
    /// A category page's actions, each with whether a "Back to top" follows it.
    actions: Vec<ActionItem<'a>>,
    /// The change summary's page: its view (as `changes.typ.hbs` reads it).
    changes: Option<&'a Value>,
}

/// One entry of a page's contents list: a link to an `h2`, with the heading's words.
#[derive(Clone, Serialize)]
pub struct ContentsItem {
    pub href: String,
    pub text: String,
}

/// A section of the narrative on the index: its heading's anchor and whether it ends a long
/// top-level section.
#[derive(Serialize)]
struct Section<'a> {
    #[serde(flatten)]
    section: &'a SectionView,
    id: Option<String>,
    back_to_top: bool,
}

#[derive(Serialize)]
struct ActionItem<'a> {
    #[serde(flatten)]
    action: &'a crate::render::ActionView,
    back_to_top: bool,
}

/// A category as the index lists it: its actions' headings, anchors and statuses.
#[derive(Serialize)]
struct Listed<'a> {
    page: &'a str,
    heading: &'a str,
    actions: Vec<ListedAction<'a>>,
}

#[derive(Serialize)]
struct ListedAction<'a> {
    heading: &'a str,
    html_id: &'a str,
    status: Option<&'a str>,
}

#[derive(Serialize)]
struct OtherLang {
    lang: &'static str,
    name: &'static str,
    href: String,
}

#[derive(Serialize)]
struct NavItem<'a> {
    href: &'a str,
    text: &'a str,
    current: bool,
}

#[derive(Serialize)]
struct Link {
    href: String,
    text: String,
}

/// Fixed words of the web pages, from the labels' `[html]` table (the built-in one for a word a
/// label file does not have).
#[derive(Serialize)]
struct Words {
    skip: String,
    contents: String,
    categories: String,
    index: String,
    status: String,
    back_to_top: String,
    print: String,
    deleted_start: String,
    deleted_end: String,
    inserted_start: String,
    inserted_end: String,
}

impl Words {
    fn of(labels: &Labels) -> Words {
        let word = |key: &str| labels.word(&format!("/html/{key}"));
        Words {
            skip: word("skip"),
            contents: labels.get("contents").to_string(),
            categories: word("categories"),
            index: word("index"),
            status: labels.get("action-status").to_string(),
            back_to_top: word("back-to-top"),
            print: word("print"),
            deleted_start: word("deleted-start"),
            deleted_end: word("deleted-end"),
            inserted_start: word("inserted-start"),
            inserted_end: word("inserted-end"),
        }
    }
}

/// The change summary's page in `lang`: `changes.html`, `newidiadau.html`, from the labels'
/// `html.changes-page` when that is a plain name.
pub fn changes_page(labels: &Labels) -> String {
    let name = labels.word("/html/changes-page");
    let name = match crate::output::plain_name(&name) {
        true => name,
        false => match labels.lang {
            Lang::En => "changes".to_string(),
            Lang::Cy => "newidiadau".to_string(),
        },
    };
    format!("{name}.html")
}

/// Handlebars set up for HTML once per build: strict, with its own HTML escaping on, and every
/// template and partial of `html/`.
pub struct Renderer {
    hb: Handlebars<'static>,
    templates: ReportTemplates,
}

impl Renderer {
    pub fn new(templates: &ReportTemplates) -> Result<Renderer> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        crate::render::register(
            &mut hb,
            templates,
            &[INDEX, CATEGORY, CHANGES],
            "html/partials/",
            ".html.hbs",
        )?;
        Ok(Renderer {
            hb,
            templates: templates.clone(),
        })
    }

    /// Every page of the web edition of `dataset`, the stylesheet and the script, as paths
    /// inside [`FOLDER`], in the words of `prepared`'s labels; with the change summary's pages
    /// when there is a `summary`. A draft notes the actions whose update sent this year was
    /// `not_used`.
    pub fn pages(
        &self,
        dataset: &Dataset,
        prepared: &Prepared,
        summary: Option<&ChangeSummary>,
        draft: bool,
        not_used: &std::collections::BTreeSet<crate::model::ActionId>,
    ) -> Result<Vec<Page>> {
        let labels = &prepared.labels;
        let mut out = Vec::new();
        for file in [STYLESHEET, SCRIPT] {
            out.push(Page {
                path: file.to_string(),
                html: self
                    .templates
                    .text(&format!("{FOLDER}/{file}"))?
                    .to_string(),
            });
        }
        let changes_pages = PerLang {
            en: changes_page(labels.get(Lang::En)),
            cy: changes_page(labels.get(Lang::Cy)),
        };
        for (edition, lang) in [(Edition::English, Lang::En), (Edition::Welsh, Lang::Cy)] {
            let labels_of = labels.get(lang);
            let view = ViewBuilder {
                dataset,
                labels,
                edition,
                draft,
                not_used,
            }
            .build();
            let site = Site {
                view: &view,
                lang,
                draft: draft.then(|| labels_of.get("draft-notice").to_string()),
                labels: labels_of,
                changes_pages: &changes_pages,
            };
            let cover = &view.langs[0];
            let mut index = site.page("index.html", cover.title.clone(), None);
            if let Some(summary) = summary {
                index.changes_link = Some(Link {
                    href: changes_pages.get(lang).clone(),
                    text: labels_of
                        .word("/html/changes-link")
                        .replace("{year}", &summary.from_year.to_string()),
                });
            }
            out.push(Page {
                path: format!("{}/index.html", lang.code()),
                html: self.render(INDEX, &index)?,
            });
            for category in &view.categories {
                let view = site.page(
                    &category.page,
                    category.heading[0].text.clone(),
                    Some(category),
                );
                out.push(Page {
                    path: format!("{}/{}", lang.code(), category.page),
                    html: self.render(CATEGORY, &view)?,
                });
            }
            if let Some(summary) = summary {
                let changes = crate::render::change_view(summary, dataset, prepared, lang, draft);
                let file = changes_pages.get(lang);
                let heading = changes["title"].as_str().unwrap_or_default().to_string();
                let mut page = site.page(file, heading, None);
                page.narrative = Vec::new();
                page.categories = Vec::new();
                page.categories_long = false;
                page.contents = changes_contents(labels_of, &view.langs[0].about);
                page.changes = Some(&changes);
                out.push(Page {
                    path: format!("{}/{file}", lang.code()),
                    html: self.render(CHANGES, &page)?,
                });
            }
        }
        Ok(out)
    }

    fn render(&self, main: &str, view: &impl Serialize) -> Result<String> {
        self.hb.render(main, view).map_err(|e| {
            crate::render::located(&self.templates, &e, main, "html/partials/", ".html.hbs")
        })
    }
}

/// The change summary page's sections, as `changes.html.hbs` heads them.
fn changes_contents(labels: &Labels, about: &PublicationView) -> Vec<ContentsItem> {
    [
        "by-status",
        "transitions",
        "new-actions",
        "finished",
        "no-update",
        "edits",
        "teams",
    ]
    .into_iter()
    .map(|key| ContentsItem {
        href: format!("#{key}"),
        text: labels.word(&format!("/changes/{key}")),
    })
    .chain([about_item(about)])
    .collect()
}

fn about_item(about: &PublicationView) -> ContentsItem {
    ContentsItem {
        href: "#about".to_string(),
        text: about.heading.clone(),
    }
}

/// One language's pages: what they share.
struct Site<'a> {
    view: &'a DocumentView,
    lang: Lang,
    labels: &'a Labels,
    draft: Option<String>,
    changes_pages: &'a PerLang<String>,
}

impl<'a> Site<'a> {
    /// The view of the page `file`: the index, or a category's page.
    fn page(
        &self,
        file: &str,
        heading: String,
        category: Option<&'a CategoryView>,
    ) -> PageView<'a> {
        let cover = &self.view.langs[0];
        let (other, name) = match self.lang {
            Lang::En => (Lang::Cy, "Cymraeg"),
            Lang::Cy => (Lang::En, "English"),
        };
        // The change summary's page has another name in the other language.
        let other_file = match file == self.changes_pages.get(self.lang) {
            true => self.changes_pages.get(other).as_str(),
            false => file,
        };
        let narrative = if category.is_none() {
            sections(&self.view.narrative)
        } else {
            Vec::new()
        };
        let categories: Vec<Listed> = if category.is_none() {
            self.view.categories.iter().map(listed).collect()
        } else {
            Vec::new()
        };
        let categories_long = categories
            .iter()
            .flat_map(|c| &c.actions)
            .map(|a| a.heading.chars().count() + a.status.map_or(0, |s| s.chars().count()))
            .sum::<usize>()
            > LONG_SECTION;
        let actions: Vec<ActionItem> = category
            .iter()
            .flat_map(|c| &c.actions)
            .map(|action| ActionItem {
                action,
                back_to_top: action_length(action) > LONG_SECTION,
            })
            .collect();
        let words = Words::of(self.labels);
        let contents = match category {
            Some(c) => c
                .actions
                .iter()
                .map(|a| ContentsItem {
                    href: format!("#{}", a.html_id),
                    text: a.heading[0].text.clone(),
                })
                .collect(),
            None => narrative
                .iter()
                .filter_map(|s| {
                    let id = s.id.as_ref()?;
                    let heading = s.section.heading.as_ref()?;
                    Some(ContentsItem {
                        href: format!("#{id}"),
                        text: heading
                            .langs
                            .first()
                            .map(|h| plain(&h.runs))
                            .unwrap_or_default(),
                    })
                })
                .chain([ContentsItem {
                    href: "#categories".to_string(),
                    text: words.categories.clone(),
                }])
                .collect(),
        };
        let mut contents: Vec<ContentsItem> = contents;
        contents.push(about_item(&cover.about));
        PageView {
            lang: self.lang.code(),
            title: match category {
                Some(_) => format!("{heading} – {} – {}", cover.subtitle, cover.title),
                None if file != "index.html" => {
                    format!("{heading} – {} – {}", cover.subtitle, cover.title)
                }
                None => format!("{} – {}", cover.subtitle, cover.title),
            },
            heading,
            is_index: file == "index.html",
            plan_title: &cover.title,
            subtitle: &cover.subtitle,
            organisation: &cover.organisation,
            published: cover.published.as_deref(),
            about: &cover.about,
            contents,
            other: OtherLang {
                lang: other.code(),
                name,
                href: format!("../{}/{other_file}", other.code()),
            },
            stylesheet: format!("../{STYLESHEET}"),
            script: format!("../{SCRIPT}"),
            draft: self.draft.clone(),
            words,
            nav: self
                .view
                .categories
                .iter()
                .map(|c| NavItem {
                    href: &c.page,
                    text: &c.heading[0].text,
                    current: category.is_some_and(|k| k.number == c.number),
                })
                .collect(),
            narrative,
            categories,
            categories_long,
            changes_link: None,
            category,
            actions,
            changes: None,
        }
    }
}

/// The narrative's sections on the index: each top-level heading (`#`, an `h2`) gets an anchor,
/// `section-1`, `section-2`, … in order, the same in both languages; the last piece of a
/// top-level section longer than [`LONG_SECTION`] is followed by "Back to top".
fn sections(narrative: &[SectionView]) -> Vec<Section<'_>> {
    let mut out: Vec<Section> = Vec::with_capacity(narrative.len());
    let mut n = 0;
    let mut length = 0;
    for section in narrative {
        let top = section.heading.as_ref().is_some_and(|h| h.level == 1);
        if top {
            if let Some(last) = out.last_mut() {
                last.back_to_top = length > LONG_SECTION;
            }
            length = 0;
            n += 1;
        }
        length += section_length(section);
        out.push(Section {
            section,
            id: top.then(|| format!("section-{n}")),
            back_to_top: false,
        });
    }
    if let Some(last) = out.last_mut() {
        last.back_to_top = length > LONG_SECTION;
    }
    out
}

/// The characters of a section's text in its first language.
fn section_length(section: &SectionView) -> usize {
    section
        .cells
        .first()
        .map_or(0, |c| c.blocks.iter().map(block_length).sum())
}

fn action_length(action: &crate::render::ActionView) -> usize {
    let cells = action
        .commitment
        .iter()
        .chain(action.updates.iter().flat_map(|u| &u.cells))
        .chain(&action.background);
    cells
        .map(|c| c.blocks.iter().map(block_length).sum::<usize>())
        .sum()
}

fn block_length(block: &crate::render::BlockView) -> usize {
    let runs = |r: &[crate::render::RunView]| plain(r).chars().count();
    block.paragraph.as_deref().map_or(0, runs)
        + block
            .list
            .iter()
            .flatten()
            .map(|item| runs(item))
            .sum::<usize>()
        + block
            .numbered
            .iter()
            .flatten()
            .map(|item| runs(&item.runs))
            .sum::<usize>()
}

/// The words of some runs, as a reader sees them.
fn plain(runs: &[crate::render::RunView]) -> String {
    runs.iter()
        .map(|r| {
            [
                r.text.as_deref(),
                r.link_text.as_deref().or(r.link.as_deref()),
                r.action.as_ref().map(|a| a.id.as_str()),
                r.strong.as_deref(),
                r.emphasis.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<String>()
        })
        .collect()
}

fn listed(c: &CategoryView) -> Listed<'_> {
    Listed {
        page: &c.page,
        heading: &c.heading[0].text,
        actions: c
            .actions
            .iter()
            .map(|a| ListedAction {
                heading: &a.heading[0].text,
                html_id: &a.html_id,
                status: a.status.first().map(|s| s.text.as_str()),
            })
            .collect(),
    }
}
