//! A tagged PDF's structure tree read back with lopdf: each element's role, language and text,
//! so tests can compare the shape of a document (headings, paragraphs, lists) with the dataset.

use std::collections::HashMap;
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

/// One structure element: its role (`P`, `L`, `LI`, `LBody`, `H2`, …), its `/Lang` if it sets
/// one, the text of its marked content (its children's included) and its child elements.
#[derive(Debug, Clone)]
pub struct Element {
    pub role: String,
    pub lang: Option<String>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    /// The first child with this role.
    pub fn child(&self, role: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.role == role)
    }
}

/// The document's structure tree (its root's children are the top-level elements), and the
/// document's `/Lang`.
pub fn read(path: &Path) -> (Element, Option<String>) {
    let doc =
        Document::load(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let catalog = doc.catalog().expect("a catalog");
    let lang = catalog.get(b"Lang").ok().and_then(text_string);
    let root = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|o| deref(&doc, o).as_dict().ok())
        .unwrap_or_else(|| panic!("{} is not tagged", path.display()));
    let marked = marked_text(&doc);
    let role_map = root
        .get(b"RoleMap")
        .ok()
        .and_then(|o| deref(&doc, o).as_dict().ok());
    let reader = Reader {
        doc: &doc,
        marked: &marked,
        role_map,
    };
    let mut top = Element {
        role: "StructTreeRoot".into(),
        lang: None,
        text: String::new(),
        children: Vec::new(),
    };
    if let Ok(kids) = root.get(b"K") {
        reader.kids(kids, None, &mut top);
    }
    (top, lang)
}

struct Reader<'a> {
    doc: &'a Document,
    /// The text of each marked-content sequence, by page and MCID.
    marked: &'a HashMap<(ObjectId, i64), String>,
    role_map: Option<&'a Dictionary>,
}

impl Reader<'_> {
    fn kids(&self, kids: &Object, page: Option<ObjectId>, parent: &mut Element) {
        match kids {
            Object::Array(items) => {
                for item in items {
                    self.kids(item, page, parent);
                }
            }
            Object::Integer(mcid) => {
                if let Some(t) = page.and_then(|p| self.marked.get(&(p, *mcid))) {
                    parent.text.push_str(t);
                }
            }
            Object::Reference(id) => {
                if let Ok(dict) = self.doc.get_dictionary(*id) {
                    self.dict(dict, page, parent);
                }
            }
            Object::Dictionary(dict) => self.dict(dict, page, parent),
            _ => {}
        }
    }

    fn dict(&self, dict: &Dictionary, page: Option<ObjectId>, parent: &mut Element) {
        let page = dict
            .get(b"Pg")
            .ok()
            .and_then(|p| p.as_reference().ok())
            .or(page);
        match dict.get(b"Type").and_then(Object::as_name) {
            Ok(b"MCR") => {
                let mcid = dict.get(b"MCID").and_then(Object::as_i64).ok();
                if let Some(t) = page.zip(mcid).and_then(|k| self.marked.get(&k)) {
                    parent.text.push_str(t);
                }
                return;
            }
            Ok(b"OBJR") => return,
            _ => {}
        }
        let Ok(role) = dict.get(b"S").and_then(Object::as_name) else {
            return;
        };
        let mut role = String::from_utf8_lossy(role).into_owned();
        if let Some(mapped) = self
            .role_map
            .and_then(|m| m.get(role.as_bytes()).ok())
            .and_then(|o| o.as_name().ok())
        {
            role = String::from_utf8_lossy(mapped).into_owned();
        }
        let mut element = Element {
            role,
            lang: dict.get(b"Lang").ok().and_then(text_string),
            text: String::new(),
            children: Vec::new(),
        };
        if let Ok(kids) = dict.get(b"K") {
            self.kids(kids, page, &mut element);
        }
        parent.text.push_str(&element.text);
        parent.children.push(element);
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn text_string(o: &Object) -> Option<String> {
    match o {
        Object::String(bytes, _) => Some(if bytes.starts_with(&[0xfe, 0xff]) {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        }),
        _ => None,
    }
}

/// The text shown inside each marked-content sequence with an MCID, page by page. A move to a
/// new line inside one sequence becomes a space, as a reader would see it.
fn marked_text(doc: &Document) -> HashMap<(ObjectId, i64), String> {
    let mut out: HashMap<(ObjectId, i64), String> = HashMap::new();
    for page in doc.page_iter() {
        let fonts = doc.get_page_fonts(page).unwrap_or_default();
        let encodings: HashMap<Vec<u8>, Encoding> = fonts
            .into_iter()
            .filter_map(|(name, font)| Some((name, font.get_font_encoding(doc).ok()?)))
            .collect();
        let Ok(content) = doc.get_page_content(page) else {
            continue;
        };
        let Ok(content) = Content::decode(&content) else {
            continue;
        };
        // The MCID of each open marked-content sequence (None for one without).
        let mut stack: Vec<Option<i64>> = Vec::new();
        let mut font: Option<&Encoding> = None;
        for op in &content.operations {
            let current = || stack.iter().rev().find_map(|m| *m);
            match op.operator.as_str() {
                "BDC" => {
                    let mcid = op.operands.get(1).and_then(|p| match p {
                        Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                        _ => None,
                    });
                    stack.push(mcid);
                }
                "BMC" => stack.push(None),
                "EMC" => {
                    stack.pop();
                }
                "Tf" => {
                    font = op
                        .operands
                        .first()
                        .and_then(|n| n.as_name().ok())
                        .and_then(|n| encodings.get(n));
                }
                "Td" | "TD" | "T*" | "Tm" => {
                    if let Some(mcid) = current() {
                        let text = out.entry((page, mcid)).or_default();
                        if !text.is_empty() && !text.ends_with(' ') {
                            text.push(' ');
                        }
                    }
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if let (Some(mcid), Some(enc)) = (current(), font) {
                        let text = out.entry((page, mcid)).or_default();
                        shown(enc, &op.operands, text);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn shown(enc: &Encoding, operands: &[Object], text: &mut String) {
    for operand in operands {
        match operand {
            Object::String(bytes, _) => {
                if let Ok(s) = Document::decode_text(enc, bytes) {
                    text.push_str(&s);
                }
            }
            Object::Array(items) => shown(enc, items, text),
            _ => {}
        }
    }
}
