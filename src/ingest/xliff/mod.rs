//! Reads translation files returned from CAT tools (XLIFF 1.2, as `xliff export` writes them) into
//! translation records, with line:column positions, checking each unit's id, state and inline tags.
//!
//! Action references travel as `<ph>` placeholders, so a translator cannot mistype the number; a
//! target must carry exactly the placeholders of its source. `<g>` and `<mrk>` (which CAT tools
//! add for segments and formatting) are transparent; other inline markup is refused. This module
//! walks the file and gathers each unit; [`units`] checks a gathered unit and makes it a record.

mod units;

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;

use super::records::Submission;
use super::xml_base::{self, Document};
use super::{Format, limits, sniff, xml};
use crate::findings::{Code, Finding};
use crate::model::{Slot, Source};

/// The XLIFF 1.2 namespace.
pub const XLIFF_NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// The `context-type` of the `<context>` that carries a unit's English fingerprint: an `x-` value,
/// which XLIFF 1.2 strict allows, where an attribute of this tool's namespace it does not.
pub const HASH_CONTEXT: &str = "x-source-hash";

/// This tool's namespace, for the `source-hash` attribute on each unit of files exported before
/// the fingerprint moved into a `<context>` (still read).
pub const TOOL_NAMESPACE: &str = "urn:annual-update:xliff:1";
/// Unit states that mean the translator has finished the unit.
pub const DONE_STATES: [&str; 3] = ["translated", "signed-off", "final"];
/// The `ctype` of a placeholder standing for an action reference.
pub const ACTION_CTYPE: &str = "x-action";

pub fn read(bytes: &[u8], file: &str) -> Submission {
    let mut sub = Submission::new(file);
    if let Some(refused) = sniff::refuse(bytes, Format::Xliff, "xlf", file) {
        sub.findings.push(refused);
        return sub;
    }
    match xml::decode(bytes) {
        Ok(text) => Parser::new(&text, file, &mut sub).run(),
        Err((message, at)) => {
            let source = at.map_or_else(
                || Source::file(file),
                |(line, column)| Source::line(file, line, column),
            );
            sub.findings.push(
                Finding::blocking(Code::BadXml, message)
                    .at(&source)
                    .fix("save the file from the translation tool again as UTF-8 XLIFF 1.2"),
            );
        }
    }
    sub
}

/// A piece of a `<source>` or `<target>`: text, or a placeholder with its id and content.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Placeholder { id: String, content: String },
}

/// The unit being read.
#[derive(Default)]
struct Unit {
    source: Option<Source>,
    id: Option<String>,
    hash: Option<String>,
    approved: bool,
    english: Option<Vec<Piece>>,
    welsh: Option<Vec<Piece>>,
    state: Option<String>,
    /// Set when the unit holds markup that is not ours: it is then not used.
    broken: bool,
}

/// Where the reader is: which element's content it is gathering.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    Nothing,
    Source,
    Target,
    /// Inside a placeholder of the source or target.
    Placeholder,
    /// Inside the unit's `<context context-type="x-source-hash">`.
    Hash,
}

struct Parser<'a> {
    doc: Document<'a>,
    /// Element names from the root to here.
    path: Vec<String>,
    /// Whether the current `<file>` is English to Welsh; its units are skipped when not.
    file_ok: bool,
    unit: Option<Unit>,
    into: Reading,
    /// The content of the source or target being read.
    pieces: Vec<Piece>,
    placeholder: Option<(String, String)>,
    seen_root: bool,
}

impl<'a> xml_base::Handler<'a> for Parser<'a> {
    fn document(&mut self) -> &mut Document<'a> {
        &mut self.doc
    }
    fn depth(&self) -> usize {
        self.path.len()
    }
    fn start(&mut self, e: &BytesStart, at: usize) {
        Parser::start(self, e, at)
    }
    fn end(&mut self) {
        Parser::end(self)
    }
    fn chars(&mut self, s: &str) {
        Parser::chars(self, s)
    }
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, file: &'a str, sub: &'a mut Submission) -> Parser<'a> {
        Parser {
            doc: Document::new(text, file, sub),
            path: Vec::new(),
            file_ok: true,
            unit: None,
            into: Reading::Nothing,
            pieces: Vec::new(),
            placeholder: None,
            seen_root: false,
        }
    }

    fn finding(&mut self, code: Code, at: &Source, message: impl Into<String>, fix: &str) {
        self.doc
            .sub
            .findings
            .push(Finding::blocking(code, message).at(at).fix(fix));
    }

    fn run(mut self) {
        let wording = xml_base::Wording {
            document: "a translation file",
            malformed_fix: "save the file from the translation tool again; if it still fails, `xmllint --noout` shows the problem",
            entity_fix: "write the character itself",
        };
        xml_base::drive(&mut self, &wording);
        if !self.seen_root {
            self.finding(
                Code::BadXml,
                &Source::file(self.doc.file),
                "the file has no <xliff> root element",
                "return the XLIFF 1.2 file exported by `annual-update xliff export`",
            );
        }
    }

    fn attrs(e: &BytesStart) -> Vec<(String, String)> {
        e.attributes()
            .filter_map(Result::ok)
            .filter_map(|a| {
                let key = a.key.local_name().as_ref().to_string();
                let prefix = a.key.prefix().map(|p| p.as_ref().to_string());
                let key = match prefix.as_deref() {
                    Some("xml") => format!("xml:{key}"),
                    _ => key,
                };
                Some((
                    key,
                    a.normalized_value(XmlVersion::Implicit1_0)
                        .ok()?
                        .into_owned(),
                ))
            })
            .collect()
    }

    fn start(&mut self, e: &BytesStart, at: usize) {
        let name = e.local_name().as_ref().to_string();
        let attrs = Self::attrs(e);
        let attr = |k: &str| {
            attrs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.trim().to_string())
        };
        let parent = self.path.last().map(String::as_str);
        match (parent, name.as_str()) {
            (None, "xliff") => {
                self.seen_root = true;
                if attr("version").as_deref() != Some("1.2") {
                    let at = self.doc.source_at(at);
                    self.finding(Code::BadXml, &at, format!("this is XLIFF version {}, not 1.2", attr("version").unwrap_or_else(|| "(none)".into())), "export the file from the translation tool as XLIFF 1.2, the version `annual-update xliff export` writes");
                }
            }
            (None, other) => {
                let at = self.doc.source_at(at);
                self.finding(
                    Code::BadXml,
                    &at,
                    format!("the root element is <{other}>, not <xliff>"),
                    "return the XLIFF 1.2 file exported by `annual-update xliff export`",
                );
            }
            (Some("xliff"), "file") => {
                let source = attr("source-language").unwrap_or_default();
                let target = attr("target-language").unwrap_or_default();
                self.file_ok = source.to_ascii_lowercase().starts_with("en")
                    && target.to_ascii_lowercase().starts_with("cy");
                if !self.file_ok {
                    let at = self.doc.source_at(at);
                    self.finding(Code::BadTranslation, &at, format!("the file translates \"{source}\" into \"{target}\", not English into Welsh; its units were not read"), "return the English-to-Welsh file that `annual-update xliff export` wrote");
                }
            }
            (Some(_), "trans-unit") if self.in_body() => {
                self.doc.sub.rows += 1;
                self.unit = Some(Unit {
                    source: Some(self.doc.source_at(at)),
                    id: attr("id"),
                    hash: attr("source-hash"),
                    approved: attr("approved").as_deref() == Some("yes"),
                    ..Unit::default()
                });
            }
            (Some("trans-unit"), "source") => self.begin(Reading::Source),
            // The fingerprint as the export writes it, in a context the strict schema allows.
            (Some("context-group"), "context")
                if attr("context-type").as_deref() == Some(HASH_CONTEXT)
                    && self.unit.is_some()
                    && self.into == Reading::Nothing =>
            {
                self.pieces.clear();
                self.into = Reading::Hash;
            }
            (Some("trans-unit"), "target") => {
                if let Some(unit) = &mut self.unit {
                    unit.state = attr("state");
                }
                self.begin(Reading::Target);
            }
            (Some(_), "ph" | "x") if matches!(self.into, Reading::Source | Reading::Target) => {
                let id = attr("id").unwrap_or_default();
                self.placeholder = Some((id, String::new()));
                self.into = Reading::Placeholder;
            }
            (Some(_), "g" | "mrk") if self.into != Reading::Nothing => {}
            (Some(_), other) if matches!(self.into, Reading::Source | Reading::Target) => {
                let at = self.doc.source_at(at);
                let unit = self.unit_name();
                let finding = Finding::blocking(Code::BadTranslation, format!("unit {unit}: inline markup <{other}> is not from the exported file; the unit was not used"))
                    .at(&at)
                    .fix("keep only the tags of the English (the action numbers); remove any formatting the tool added");
                self.unit_finding(finding);
                if let Some(unit) = &mut self.unit {
                    unit.broken = true;
                }
            }
            _ => {}
        }
        self.path.push(name);
    }

    /// Whether a `<trans-unit>` here belongs to an English-to-Welsh `<body>`.
    fn in_body(&self) -> bool {
        self.file_ok && self.path.iter().any(|p| p == "body") && self.unit.is_none()
    }

    /// A finding about the current unit, naming its action when its id names one.
    fn unit_finding(&mut self, finding: Finding) {
        let action = self
            .unit
            .as_ref()
            .and_then(|u| Slot::parse(u.id.as_deref()?))
            .map(|s| s.action);
        self.doc.sub.findings.push(match action {
            Some(id) => finding.action(&id),
            None => finding,
        });
    }

    fn unit_name(&self) -> String {
        self.unit
            .as_ref()
            .and_then(|u| u.id.clone())
            .unwrap_or_else(|| "(no id)".into())
    }

    fn begin(&mut self, into: Reading) {
        // Only the unit's own source and target; those inside <alt-trans> are suggestions.
        if self.unit.is_some() && self.path.last().is_some_and(|p| p == "trans-unit") {
            self.into = into;
            self.pieces.clear();
        }
    }

    fn chars(&mut self, s: &str) {
        match self.into {
            Reading::Source | Reading::Target => match self.pieces.last_mut() {
                Some(Piece::Text(t)) => t.push_str(s),
                _ => self.pieces.push(Piece::Text(s.to_string())),
            },
            Reading::Placeholder => {
                if let Some((_, content)) = &mut self.placeholder {
                    content.push_str(s);
                }
            }
            Reading::Hash => self.pieces.push(Piece::Text(s.to_string())),
            Reading::Nothing => {}
        }
    }

    fn end(&mut self) {
        let Some(name) = self.path.pop() else { return };
        match (name.as_str(), self.into) {
            ("ph" | "x", Reading::Placeholder) => {
                if let Some((id, content)) = self.placeholder.take() {
                    self.pieces.push(Piece::Placeholder { id, content });
                }
                // Back into whichever of source or target holds the placeholder.
                self.into = if self.path.iter().any(|p| p == "target") {
                    Reading::Target
                } else {
                    Reading::Source
                };
            }
            ("source" | "target", _) if self.too_long(&name) => {
                self.into = Reading::Nothing;
            }
            ("source", Reading::Source) => {
                if let Some(unit) = &mut self.unit {
                    unit.english = Some(std::mem::take(&mut self.pieces));
                }
                self.into = Reading::Nothing;
            }
            ("target", Reading::Target) => {
                if let Some(unit) = &mut self.unit {
                    unit.welsh = Some(std::mem::take(&mut self.pieces));
                }
                self.into = Reading::Nothing;
            }
            ("context", Reading::Hash) => {
                let hash: String = std::mem::take(&mut self.pieces)
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.as_str(),
                        Piece::Placeholder { content, .. } => content.as_str(),
                    })
                    .collect();
                if let Some(unit) = &mut self.unit
                    && unit.hash.is_none()
                {
                    unit.hash = Some(hash.trim().to_string());
                }
                self.into = Reading::Nothing;
            }
            ("trans-unit", _) => {
                self.finish_unit();
                self.unit = None;
            }
            _ => {}
        }
    }

    /// Whether the `<source>` or `<target>` just read is over the text limit; its unit is then
    /// not used, and a finding says why.
    fn too_long(&mut self, element: &str) -> bool {
        let text: String = self
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.as_str(),
                Piece::Placeholder { content, .. } => content.as_str(),
            })
            .collect();
        let (Some(chars), Some(unit)) = (limits::too_long(&text), &mut self.unit) else {
            return false;
        };
        unit.broken = true;
        let at = unit
            .source
            .clone()
            .unwrap_or_else(|| Source::file(self.doc.file));
        let what = format!("<{element}> of this unit");
        self.doc
            .sub
            .findings
            .push(limits::text_too_long(&at, &what, chars, "the unit"));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionId, Inline, fingerprint};
    use crate::text;

    fn unit(target: &str) -> Submission {
        let xml = format!(
            r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}"><file source-language="en-GB" target-language="cy" datatype="plaintext"><body>
<trans-unit id="3.2/update/2026"><source>Plans (see action <ph id="a2.9" ctype="x-action">2.9</ph>).</source>{target}
<alt-trans><source>Old</source><target>Hen</target></alt-trans></trans-unit>
</body></file></xliff>"#
        );
        read(xml.as_bytes(), "t.xlf")
    }

    #[test]
    fn segments_and_tool_tags_are_read_through() {
        // memoQ and Trados wrap segments in <mrk>; some tools turn <ph> into an empty <x/>.
        let sub = unit(
            r#"<target state="signed-off"><mrk mtype="seg" mid="1">Cynlluniau (gweler cam gweithredu <x id="a2.9"/>).</mrk></target>"#,
        );
        assert_eq!(sub.findings, vec![]);
        let t = &sub.translations[0];
        assert_eq!(t.slot.to_string(), "3.2/update/2026");
        let text = t.target.as_ref().unwrap();
        assert_eq!(text.plain(), "Cynlluniau (gweler cam gweithredu 2.9).");
        assert!(
            text.blocks
                .iter()
                .any(|b| matches!(b, crate::model::Block::Paragraph(p)
                if p.contains(&Inline::Action(ActionId::parse("2.9").unwrap()))))
        );
        // The fingerprint is of the English the unit carries, when no source-hash was kept.
        assert_eq!(
            t.translates,
            fingerprint(&text::parse("Plans (see action 2.9).").unwrap())
        );
    }

    #[test]
    fn the_fingerprint_is_read_from_its_context_or_the_old_attribute() {
        let sub = unit(
            r#"<target state="translated">Cynlluniau <ph id="a2.9">2.9</ph></target><context-group purpose="information"><context context-type="x-source-hash"> 0123456789abcdef </context></context-group>"#,
        );
        assert_eq!(sub.translations[0].translates, "0123456789abcdef");
        let old = read(
            format!(
                r#"<xliff version="1.2" xmlns="{XLIFF_NAMESPACE}" xmlns:au="{TOOL_NAMESPACE}"><file source-language="en" target-language="cy"><body><trans-unit id="1.1/commitment" au:source-hash="fedcba9876543210"><source>We will.</source><target state="translated">Byddwn.</target></trans-unit></body></file></xliff>"#
            )
            .as_bytes(),
            "t.xlf",
        );
        assert_eq!(old.translations[0].translates, "fedcba9876543210");
    }

    #[test]
    fn states_decide_what_is_used() {
        let todo = unit(
            r#"<target state="needs-review-translation">Cynlluniau <ph id="a2.9">2.9</ph></target>"#,
        );
        assert_eq!(todo.translations[0].target, None);
        let stateless = unit(r#"<target>Cynlluniau <ph id="a2.9">2.9</ph></target>"#);
        assert!(stateless.translations[0].target.is_some());
        let empty = unit(r#"<target></target>"#);
        assert_eq!(empty.translations[0].target, None);
        assert_eq!(empty.rows, 1);
    }

    #[test]
    fn a_doubled_or_foreign_tag_is_refused() {
        let sub = unit(
            r#"<target state="translated"><ph id="a2.9">2.9</ph> a <ph id="a2.9">2.9</ph> <ph id="a9">9.9</ph></target>"#,
        );
        assert!(sub.translations.is_empty());
        assert_eq!(sub.findings.len(), 1);
        assert!(
            sub.findings[0]
                .message
                .contains("the Welsh has tags the English does not (a2.9, a9)"),
            "{}",
            sub.findings[0].message
        );
    }
}
