//! What both XML readers (partner submissions and returned translations) need: positions as
//! line:column, and character and predefined entity references resolved, never any others.

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::limits;
use super::records::Submission;
use crate::findings::{Code, Finding, clip};
use crate::model::{LineStarts, Source};

/// `&#233;`, `&#xE9;` and the five predefined entities as text; `None` for any other entity.
pub fn resolve(r: &BytesRef) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => quick_xml::escape::resolve_predefined_entity(r).map(str::to_string),
    }
}

/// One XML file being read into a submission: the reader, where its lines start, and the
/// submission its records and findings go to.
pub struct Document<'a> {
    pub reader: Reader<&'a [u8]>,
    text: &'a str,
    lines: LineStarts,
    pub file: &'a str,
    pub sub: &'a mut Submission,
}

impl<'a> Document<'a> {
    pub fn new(text: &'a str, file: &'a str, sub: &'a mut Submission) -> Document<'a> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().expand_empty_elements = true;
        Document {
            reader,
            text,
            lines: LineStarts::of(text),
            file,
            sub,
        }
    }

    /// A byte offset as a place in the file: 1-based line and column (in characters).
    pub fn source_at(&self, offset: usize) -> Source {
        self.lines.source(self.text, self.file, offset)
    }

    /// A blocking `bad-xml` finding at a byte offset.
    pub fn bad(&mut self, offset: usize, message: impl Into<String>, fix: &str) {
        let source = self.source_at(offset);
        self.sub.findings.push(
            Finding::blocking(Code::BadXml, message)
                .at(&source)
                .fix(fix),
        );
    }
}

/// What a reader of one kind of XML document does with each event.
pub trait Handler<'a> {
    fn document(&mut self) -> &mut Document<'a>;
    /// How many elements are open.
    fn depth(&self) -> usize;
    fn start(&mut self, e: &BytesStart, at: usize);
    fn end(&mut self);
    fn chars(&mut self, s: &str);
}

/// The words a reader's messages use: what the document is, and how to fix it.
pub struct Wording {
    /// "a submission", "a translation file".
    pub document: &'static str,
    pub malformed_fix: &'static str,
    pub entity_fix: &'static str,
}

/// Reads every event into `h`. Stops at the first error, a DOCTYPE (no entity can expand or
/// reach a file) or elements nested deeper than the limit.
pub fn drive<'a>(h: &mut impl Handler<'a>, wording: &Wording) {
    loop {
        let doc = h.document();
        let at = doc.reader.buffer_position() as usize;
        let event = match doc.reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let offset = doc.reader.error_position() as usize;
                let message = format!("the XML is not well-formed: {}", clip(&e.to_string(), 200));
                doc.bad(offset, message, wording.malformed_fix);
                return;
            }
        };
        match event {
            Event::Eof => return,
            Event::DocType(_) => {
                let message = format!(
                    "a DOCTYPE declaration is not allowed in {} (it could define entities)",
                    wording.document
                );
                h.document()
                    .bad(at, message, "delete the <!DOCTYPE …> line");
                return;
            }
            Event::Start(_) if h.depth() >= limits::XML_DEPTH => {
                let doc = h.document();
                let finding = limits::xml_too_deep(&doc.source_at(at));
                doc.sub.findings.push(finding);
                return;
            }
            Event::Start(e) => h.start(&e, at),
            Event::End(_) => h.end(),
            Event::Text(t) => h.chars(&t.xml10_content()),
            Event::CData(t) => h.chars(&t.xml10_content()),
            Event::GeneralRef(r) => match resolve(&r) {
                Some(s) => h.chars(&s),
                None => {
                    let message = format!("unknown entity &{};", clip(&r, 40));
                    h.document().bad(at, message, wording.entity_fix);
                }
            },
            _ => {}
        }
    }
}
