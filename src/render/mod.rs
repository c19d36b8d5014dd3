//! Render: the dataset becomes Typst source for each edition and for the change summaries,
//! through the Handlebars templates, set up once per build ([`Prepared`]). The view model built
//! here ([`ViewBuilder`]) is the web edition's too ([`crate::web`]).

mod changes_view;
pub mod escape;
mod handlebars;
mod labels;
mod narrative_view;
mod publication_view;
mod view;

pub use changes_view::{change_documents, change_view};
pub use handlebars::{Renderer, located, register};
pub use labels::Labels;
pub use narrative_view::SectionView;
pub use publication_view::PublicationView;
pub use view::{
    ActionView, BlockView, CategoryView, Cell, DocumentView, Edition, LangText, RunView,
    ViewBuilder,
};

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::error::Result;
use crate::model::{ActionId, Dataset, Lang, PerLang};
use crate::report_templates::ReportTemplates;

/// One edition's Typst source, and the file name its PDF gets (without `.pdf`).
#[derive(Clone, Debug)]
pub struct Document {
    pub edition: Edition,
    pub stem: String,
    pub typst: String,
}

/// The report templates made ready to render with, once per build: the labels of both languages
/// parsed and checked, the built-in labels (the wording of a change summary a user's label file
/// may leave out), and Handlebars set up for Typst.
pub struct Prepared {
    pub labels: PerLang<Labels>,
    pub builtin: PerLang<Labels>,
    pub typst: Renderer,
}

impl Prepared {
    pub fn new(templates: &ReportTemplates) -> Result<Prepared> {
        let labels = labels(templates)?;
        // The built-in label files are the ones read unless a user's folder replaces one.
        let replaced = Lang::ALL.iter().any(|lang| {
            let name = format!("labels/{}.toml", lang.code());
            templates
                .get(&name)
                .is_none_or(|file| file.origin != crate::report_templates::Origin::Embedded)
        });
        let builtin = match replaced {
            true => self::labels(&ReportTemplates::embedded())?,
            false => labels.clone(),
        };
        Ok(Prepared {
            labels,
            builtin,
            typst: Renderer::new(templates)?,
        })
    }

    /// The templates they were prepared from.
    pub fn templates(&self) -> &ReportTemplates {
        self.typst.templates()
    }
}

/// The label files of the templates, checked.
pub fn labels(templates: &ReportTemplates) -> Result<PerLang<Labels>> {
    let load = |lang: Lang| {
        let name = format!("labels/{}.toml", lang.code());
        Labels::parse(lang, &templates.describe(&name), templates.text(&name)?)
    };
    Ok(PerLang {
        en: load(Lang::En)?,
        cy: load(Lang::Cy)?,
    })
}

/// Renders every edition of `dataset`, each on its own thread. A draft notes the actions whose
/// update sent this year was `not_used`.
pub fn documents(
    dataset: &Dataset,
    prepared: &Prepared,
    draft: bool,
    not_used: &BTreeSet<ActionId>,
) -> Result<Vec<Document>> {
    documents_of(dataset, prepared, draft, not_used, &Edition::ALL)
}

/// Renders the given editions of `dataset`, each on its own thread.
pub fn documents_of(
    dataset: &Dataset,
    prepared: &Prepared,
    draft: bool,
    not_used: &BTreeSet<ActionId>,
    editions: &[Edition],
) -> Result<Vec<Document>> {
    let labels = &prepared.labels;
    editions
        .par_iter()
        .map(|&edition| {
            let view = ViewBuilder {
                dataset,
                labels,
                edition,
                draft,
                not_used,
            }
            .build();
            let name = |l: Lang| labels.get(l).get("file-name").to_string();
            let stem = match edition {
                Edition::English => format!("{}-{}", name(Lang::En), dataset.year),
                Edition::Welsh => format!("{}-{}", name(Lang::Cy), dataset.year),
                Edition::Bilingual => {
                    format!("{}-{}-{}", name(Lang::Cy), name(Lang::En), dataset.year)
                }
            };
            Ok(Document {
                edition,
                stem,
                typst: prepared.typst.render(handlebars::MAIN, &view)?,
            })
        })
        .collect()
}
