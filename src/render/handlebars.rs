//! Handlebars set up for Typst: strict, escaping for Typst markup, and helpers for the few places
//! where a template needs a Typst string literal or a label.

use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonRender, Output, RenderContext, RenderError,
    RenderErrorReason,
};
use serde::Serialize;

use super::escape;
use crate::error::{Error, Result};
use crate::report_templates::ReportTemplates;

/// The main template, rendered once per edition.
pub const MAIN: &str = "edition.typ.hbs";
/// The change summary's main template, rendered once per language.
pub const CHANGES: &str = "changes.typ.hbs";

/// Handlebars set up for Typst with every template of the edition and the change summary.
pub struct Renderer {
    hb: Handlebars<'static>,
    templates: ReportTemplates,
}

impl Renderer {
    pub fn new(templates: &ReportTemplates) -> Result<Renderer> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.register_escape_fn(escape::markup);
        hb.register_helper("str", Box::new(str_helper));
        hb.register_helper("label", Box::new(label_helper));
        register(
            &mut hb,
            templates,
            &[MAIN, CHANGES],
            "partials/",
            ".typ.hbs",
        )?;
        Ok(Renderer {
            hb,
            templates: templates.clone(),
        })
    }

    /// The templates Handlebars was set up with.
    pub fn templates(&self) -> &ReportTemplates {
        &self.templates
    }

    /// Renders a main template; a failure names the template file and line.
    pub fn render(&self, main: &str, data: &impl Serialize) -> Result<String> {
        self.hb.render(main, data).map_err(|e| self.describe(&e))
    }

    fn describe(&self, e: &RenderError) -> Error {
        located(&self.templates, e, MAIN, "partials/", ".typ.hbs")
    }
}

/// Registers the main templates `mains`, and as partials every template named `prefix` NAME
/// `suffix`, by NAME; an error names the template's file.
pub fn register(
    hb: &mut Handlebars,
    templates: &ReportTemplates,
    mains: &[&str],
    prefix: &str,
    suffix: &str,
) -> Result<()> {
    for &main in mains {
        hb.register_template_string(main, templates.text(main)?)
            .map_err(|e| Error::Render(format!("{}: {e}", templates.describe(main))))?;
    }
    for (name, _) in templates.files(prefix, suffix) {
        let partial = name.trim_start_matches(prefix).trim_end_matches(suffix);
        // Partials are fragments: their final newline would split the line they are used on.
        hb.register_partial(partial, templates.text(name)?.trim_end())
            .map_err(|e| Error::Render(format!("{}: {e}", templates.describe(name))))?;
    }
    Ok(())
}

/// A render error as the template file and line it happened in: a main template is registered by
/// its file name, a partial by its name inside `prefix` … `suffix`; `main` when none is named.
pub fn located(
    templates: &ReportTemplates,
    e: &RenderError,
    main: &str,
    prefix: &str,
    suffix: &str,
) -> Error {
    let file = e.template_name.as_deref().map_or_else(
        || templates.describe(main),
        |t| {
            let name = if t.ends_with(".hbs") {
                t.to_string()
            } else {
                format!("{prefix}{t}{suffix}")
            };
            templates.describe(&name)
        },
    );
    let at = match (e.line_no, e.column_no) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    };
    Error::Render(format!("{file}{at}: {}", e.reason()))
}

/// `{{str value}}`: the value as a Typst string literal, quotes included.
fn str_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("str", 0))?
        .value();
    out.write(&escape::string(&value.render()))?;
    Ok(())
}

/// `{{label name}}`: a Typst label `<name>`; only lower-case letters, digits and hyphens pass.
fn label_helper(
    h: &Helper,
    _: &Handlebars,
    _: &Context,
    _: &mut RenderContext,
    out: &mut dyn Output,
) -> HelperResult {
    let value = h
        .param(0)
        .ok_or_else(|| RenderErrorReason::ParamNotFoundForIndex("label", 0))?
        .value()
        .render();
    if !crate::output::plain_name(&value) {
        return Err(RenderErrorReason::Other(format!("\"{value}\" cannot be a label")).into());
    }
    out.write(&format!("<{value}>"))?;
    Ok(())
}
