//! Render: the dataset becomes Typst source for each edition and for the change summaries,
//! through the Handlebars templates. The view model built here ([`ViewBuilder`]) is the web
//! edition's too ([`crate::web`]).

mod changes_view;
pub mod escape;
mod handlebars;
mod labels;
mod narrative_view;
mod view;

pub use changes_view::change_documents;
pub use handlebars::{Renderer, located, register};
pub use labels::Labels;
pub use narrative_view::SectionView;
pub use view::{CategoryView, Cell, DocumentView, Edition, LangText, ViewBuilder};

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
    templates: &ReportTemplates,
    draft: bool,
    not_used: &BTreeSet<ActionId>,
) -> Result<Vec<Document>> {
    documents_of(dataset, templates, draft, not_used, &Edition::ALL)
}

/// Renders the given editions of `dataset`, each on its own thread.
pub fn documents_of(
    dataset: &Dataset,
    templates: &ReportTemplates,
    draft: bool,
    not_used: &BTreeSet<ActionId>,
    editions: &[Edition],
) -> Result<Vec<Document>> {
    let labels = labels(templates)?;
    let renderer = Renderer::new(templates)?;
    editions
        .par_iter()
        .map(|&edition| {
            let view = ViewBuilder {
                dataset,
                labels: &labels,
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
                typst: renderer.render(handlebars::MAIN, &view)?,
            })
        })
        .collect()
}
