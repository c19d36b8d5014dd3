//! The web edition: accessible HTML pages in English and Welsh, an index (the narrative and every
//! category with its actions and statuses) and a page per category, from the same view the PDFs
//! are rendered from. Handlebars' own HTML escaping stays on, so partner text is only ever text.
//! Templates are `report-templates/html/`, embedded and overridable file by file.

use handlebars::Handlebars;
use serde::Serialize;
use serde_json::Value;

use crate::error::Result;
use crate::model::{Dataset, Lang, PerLang};
use crate::render::{CategoryView, DocumentView, Edition, Labels, SectionView, ViewBuilder};
use crate::report_templates::ReportTemplates;

/// The folder of the web edition in the output folder, and of its templates.
pub const FOLDER: &str = "html";
/// The stylesheet, shared by both languages' pages.
pub const STYLESHEET: &str = "style.css";
const INDEX: &str = "html/index.html.hbs";
const CATEGORY: &str = "html/category.html.hbs";

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
    plan_title: &'a str,
    subtitle: &'a str,
    organisation: &'a str,
    published: Option<&'a str>,
    /// The same page in the other language.
    other: OtherLang,
    /// The stylesheet, relative to the page.
    stylesheet: String,
    /// The draft banner's text, while blocking problems remain.
    draft: Option<String>,
    words: Words,
    /// Every category, for the navigation.
    nav: Vec<NavItem<'a>>,
    /// The index's content: the narrative and each category's actions (empty on other pages,
    /// so a page is given only what it shows).
    narrative: &'a [SectionView],
    categories: Vec<Listed<'a>>,
    category: Option<&'a CategoryView>,
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

/// Fixed words of the web pages, from the labels' `[html]` table when a label file has it.
#[derive(Serialize)]
struct Words {
    skip: String,
    contents: String,
    categories: String,
    index: String,
    status: String,
}

impl Words {
    fn of(labels: &Labels, lang: Lang) -> Words {
        let word = |key: &str, en: &str, cy: &str| {
            labels
                .all
                .pointer(&format!("/html/{key}"))
                .and_then(Value::as_str)
                .map_or_else(
                    || if lang == Lang::Cy { cy } else { en }.to_string(),
                    str::to_string,
                )
        };
        Words {
            skip: word("skip", "Skip to main content", "Neidio i'r prif gynnwys"),
            contents: labels.get("contents").to_string(),
            categories: word("categories", "Categories", "Categorïau"),
            index: word("index", "Overview", "Trosolwg"),
            status: labels.get("action-status").to_string(),
        }
    }
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
            &[INDEX, CATEGORY],
            "html/partials/",
            ".html.hbs",
        )?;
        Ok(Renderer {
            hb,
            templates: templates.clone(),
        })
    }

    /// Every page of the web edition of `dataset`, and the stylesheet, as paths inside
    /// [`FOLDER`], in the words of `labels`. A draft notes the actions whose update sent this
    /// year was `not_used`.
    pub fn pages(
        &self,
        dataset: &Dataset,
        labels: &PerLang<Labels>,
        draft: bool,
        not_used: &std::collections::BTreeSet<crate::model::ActionId>,
    ) -> Result<Vec<Page>> {
        let mut out = vec![Page {
            path: STYLESHEET.to_string(),
            html: self
                .templates
                .text(&format!("{FOLDER}/{STYLESHEET}"))?
                .to_string(),
        }];
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
            };
            let cover = &view.langs[0];
            let index = site.page("index.html", cover.title.clone(), None);
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
        }
        Ok(out)
    }

    fn render(&self, main: &str, view: &impl Serialize) -> Result<String> {
        self.hb.render(main, view).map_err(|e| {
            crate::render::located(&self.templates, &e, main, "html/partials/", ".html.hbs")
        })
    }
}

/// One language's pages: what they share.
struct Site<'a> {
    view: &'a DocumentView,
    lang: Lang,
    labels: &'a Labels,
    draft: Option<String>,
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
        PageView {
            lang: self.lang.code(),
            title: match category {
                Some(_) => format!("{heading} – {} – {}", cover.subtitle, cover.title),
                None => format!("{} – {}", cover.subtitle, cover.title),
            },
            heading,
            plan_title: &cover.title,
            subtitle: &cover.subtitle,
            organisation: &cover.organisation,
            published: cover.published.as_deref(),
            other: OtherLang {
                lang: other.code(),
                name,
                href: format!("../{}/{file}", other.code()),
            },
            stylesheet: format!("../{STYLESHEET}"),
            draft: self.draft.clone(),
            words: Words::of(self.labels, self.lang),
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
            narrative: if category.is_none() {
                &self.view.narrative
            } else {
                &[]
            },
            categories: if category.is_none() {
                self.view.categories.iter().map(listed).collect()
            } else {
                Vec::new()
            },
            category,
        }
    }
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
