//! Reads partner XML submissions (see `submission.xsd`) through quick-xml, with line:column positions.
//!
//! Accepts UTF-8 with or without a byte-order mark and UTF-16; CDATA and character references are
//! text. A DOCTYPE is refused outright, so no entity can expand or reach a file.

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;

use super::records::{Located, NewActionRecord, Submission, UpdateRecord};
use super::xml_base::{self, Document};
use super::{Format, limits, sniff, values};
use crate::findings::{Code, Finding, clip};
use crate::model::{ActionId, Lang, LineStarts, PerLang, Source, Text};
use crate::text;

/// The namespace of the published schema. Files without a namespace are read the same way.
pub const NAMESPACE: &str = "urn:annual-update:submission:1";

pub fn read(bytes: &[u8], file: &str) -> Submission {
    let mut sub = Submission::new(file);
    if let Some(refused) = sniff::refuse(bytes, Format::Xml, "xml", file) {
        sub.findings.push(refused);
        return sub;
    }
    match decode(bytes) {
        Ok(xml) => Parser::new(&xml, file, &mut sub).run(),
        Err((message, at)) => {
            let source = at.map_or_else(
                || Source::file(file),
                |(line, column)| Source::line(file, line, column),
            );
            sub.findings.push(
                Finding::blocking(Code::BadXml, message).at(&source).fix(
                    "export the file again as UTF-8 XML, or retype the character at this place",
                ),
            );
        }
    }
    sub
}

/// Why bytes are not text, and where (line, column) when that is known.
pub(super) type DecodeError = (String, Option<(u32, u32)>);

/// Bytes to text: UTF-8 (BOM optional) or UTF-16 by its BOM or by a leading `<`.
pub(super) fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let utf16 = |bytes: &[u8], le: bool| -> Result<String, DecodeError> {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| {
            (
                "the file is UTF-16 but holds invalid UTF-16".to_string(),
                None,
            )
        })
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [b'<', 0, ..] => utf16(bytes, true),
        [0, b'<', ..] => utf16(bytes, false),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, DecodeError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        // Locate the bad byte as line:column of the text before it, which is valid.
        let good = &bytes[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).expect("valid up to here");
        (
            "the file is not valid UTF-8: a byte here is not a character".to_string(),
            Some(LineStarts::of(good).line_column(good, good.len())),
        )
    })
}

/// The element being filled, with what has been read of it so far.
enum Open {
    Submission,
    Update(Pending),
    NewAction(Pending),
    /// A `<text>`, `<commitment>`, `<background>` or `<notes>` gathering its characters.
    Text {
        name: String,
        lang: Option<Lang>,
        buf: String,
        source: Source,
    },
    Ignored,
}

/// An `<update>` or `<new-action>` and its attributes and child texts.
#[derive(Default)]
struct Pending {
    source: Option<Source>,
    attrs: Vec<(String, String)>,
    texts: Vec<(String, Option<Lang>, String, Source)>,
    /// A child broke a limit: the element is not used (the finding says so).
    refused: bool,
    /// How many findings the file had when the element started.
    findings_at: usize,
}

impl Pending {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Parser<'a> {
    doc: Document<'a>,
    stack: Vec<Open>,
}

impl<'a> xml_base::Handler<'a> for Parser<'a> {
    fn document(&mut self) -> &mut Document<'a> {
        &mut self.doc
    }
    fn depth(&self) -> usize {
        self.stack.len()
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
    fn new(xml: &'a str, file: &'a str, sub: &'a mut Submission) -> Parser<'a> {
        Parser {
            doc: Document::new(xml, file, sub),
            stack: Vec::new(),
        }
    }

    fn run(mut self) {
        let wording = xml_base::Wording {
            document: "a submission",
            malformed_fix: "correct the XML at this place; an XML editor or `xmllint --noout` shows the problem",
            entity_fix: "write the character itself, or use &amp; &lt; &gt; &quot; &apos; or &#NNN;",
        };
        xml_base::drive(&mut self, &wording);
        if self.doc.sub.team.is_none() && self.doc.sub.findings.is_empty() {
            let source = Source::file(self.doc.file);
            self.doc.sub.findings.push(
                Finding::blocking(Code::BadXml, "the file has no <submission> root element")
                    .at(&source)
                    .fix("wrap the updates in <submission team=\"…\" year=\"…\">"),
            );
        }
    }

    fn attrs(&mut self, e: &BytesStart, at: usize) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            match attr {
                Ok(a) => {
                    let key = a.key.as_ref().to_string();
                    match a.normalized_value(XmlVersion::Implicit1_0) {
                        Ok(v) => out.push((key, v.into_owned())),
                        Err(err) => self.doc.bad(
                            at,
                            format!("attribute {} cannot be read: {err}", clip(&key, 40)),
                            "correct the attribute's value",
                        ),
                    }
                }
                Err(err) => {
                    // The rest of the tag cannot be trusted either: one finding for it is enough.
                    self.doc.bad(
                        at,
                        format!("an attribute cannot be read: {err}"),
                        "correct the element's attributes",
                    );
                    break;
                }
            }
        }
        out
    }

    fn start(&mut self, e: &BytesStart, at: usize) {
        let name = e.local_name().as_ref().to_string();
        let source = self.doc.source_at(at);
        let attrs = self.attrs(e, at);
        let lang = attrs
            .iter()
            .find(|(k, _)| k == "xml:lang")
            .and_then(|(_, v)| Lang::from_code(v));
        let open = match (self.stack.last(), name.as_str()) {
            (None, "submission") => {
                self.submission_attrs(&attrs, &source);
                Open::Submission
            }
            (Some(Open::Submission), "update") => {
                self.doc.sub.rows += 1;
                Open::Update(Pending {
                    source: Some(source),
                    attrs,
                    findings_at: self.doc.sub.findings.len(),
                    ..Pending::default()
                })
            }
            (Some(Open::Submission), "new-action") => {
                self.doc.sub.rows += 1;
                Open::NewAction(Pending {
                    source: Some(source),
                    attrs,
                    ..Pending::default()
                })
            }
            (Some(Open::Update(_)), "text" | "notes" | "contact")
            | (Some(Open::NewAction(_)), "commitment" | "background") => {
                if lang.is_none() && matches!(name.as_str(), "text" | "commitment" | "background") {
                    self.doc.sub.findings.push(
                        Finding::blocking(
                            Code::BadXml,
                            format!("<{name}> has no xml:lang=\"en\" or xml:lang=\"cy\""),
                        )
                        .at(&source)
                        .fix(format!(
                            "write <{name} xml:lang=\"en\"> or <{name} xml:lang=\"cy\">"
                        )),
                    );
                }
                Open::Text {
                    name,
                    lang,
                    buf: String::new(),
                    source,
                }
            }
            (None, other) => {
                self.doc.sub.findings.push(
                    Finding::blocking(
                        Code::BadXml,
                        format!(
                            "the root element is <{}>, not <submission>",
                            clip(other, 40)
                        ),
                    )
                    .at(&source)
                    .fix("use the published schema: <submission team=\"…\" year=\"…\">"),
                );
                Open::Ignored
            }
            (Some(Open::Ignored), _) => Open::Ignored,
            (_, other) => {
                self.doc.sub.findings.push(
                    Finding::warning(
                        Code::BadXml,
                        format!(
                            "element <{}> is not part of the schema here and was ignored",
                            clip(other, 40)
                        ),
                    )
                    .at(&source)
                    .fix("remove it, or check the element names against submission.xsd"),
                );
                Open::Ignored
            }
        };
        self.stack.push(open);
    }

    fn chars(&mut self, s: &str) {
        match self.stack.last_mut() {
            Some(Open::Text { buf, .. }) => buf.push_str(s),
            Some(Open::Submission | Open::Update(_) | Open::NewAction(_))
                if !s.trim().is_empty() =>
            {
                // Text between elements is not part of the schema; never drop it silently.
                let at = self.doc.reader.buffer_position() as usize - s.len();
                let first: String = s.trim().chars().take(40).collect();
                let source = self.doc.source_at(at);
                self.doc.sub.findings.push(
                    Finding::warning(Code::BadXml, format!("text outside any <text> element was ignored: \"{first}\""))
                        .at(&source)
                        .fix("move it into <text xml:lang=\"en\"> or <text xml:lang=\"cy\">, or delete it"),
                );
            }
            _ => {}
        }
    }

    fn end(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        match open {
            Open::Text {
                name,
                lang,
                buf,
                source,
            } => {
                let Some(Open::Update(p) | Open::NewAction(p)) = self.stack.last_mut() else {
                    return;
                };
                if let Some(chars) = limits::too_long(&buf) {
                    let parent = if matches!(name.as_str(), "commitment" | "background") {
                        "this <new-action>"
                    } else {
                        "this <update>"
                    };
                    let what = format!("<{name}> element");
                    let finding = limits::text_too_long(&source, &what, chars, parent);
                    p.refused = true;
                    self.doc.sub.findings.push(finding);
                    return;
                }
                p.texts.push((name, lang, buf, source));
            }
            Open::Update(p) => {
                // An update not used is still owed: remember which, and why.
                let sub = &self.doc.sub;
                let (updates, from) = (sub.updates.len(), sub.findings.len());
                let action = p.attr("action").and_then(|a| ActionId::parse(a).ok());
                let (from, why) = if p.refused {
                    (p.findings_at, Some(Code::TextTooLong))
                } else {
                    self.update(p);
                    (from, None)
                };
                self.doc.sub.unused_update(updates, from, why, action);
            }
            Open::NewAction(p) if p.refused => {}
            Open::NewAction(p) => self.new_action(p),
            Open::Submission | Open::Ignored => {}
        }
    }

    fn submission_attrs(&mut self, attrs: &[(String, String)], source: &Source) {
        for (k, v) in attrs {
            match k.as_str() {
                "team" => {
                    self.doc.sub.team = Some(Located {
                        value: v.trim().to_string(),
                        source: source.clone(),
                    })
                }
                "year" => match v.trim().parse::<u16>() {
                    Ok(y) if (2000..=2999).contains(&y) => {
                        self.doc.sub.year = Some(Located {
                            value: y,
                            source: source.clone(),
                        })
                    }
                    _ => self.doc.sub.findings.push(
                        Finding::blocking(
                            Code::BadYear,
                            format!("year=\"{}\" is not a year", clip(v, 40)),
                        )
                        .at(source)
                        .fix("write the reporting year as four digits, such as year=\"2026\""),
                    ),
                },
                "xmlns" if v != NAMESPACE => self.doc.sub.findings.push(
                    Finding::warning(
                        Code::BadXml,
                        format!("the namespace \"{}\" is not {NAMESPACE}", clip(v, 80)),
                    )
                    .at(source)
                    .fix(format!("write xmlns=\"{NAMESPACE}\"")),
                ),
                _ => {}
            }
        }
        if self.doc.sub.team.is_none() {
            self.doc.sub.findings.push(
                Finding::blocking(Code::UnknownTeam, "<submission> has no team attribute")
                    .at(source)
                    .fix("write team=\"…\" with your team's ID from the plan"),
            );
        }
    }

    /// A required attribute parsed as an action ID, or a finding.
    fn id_attr(&mut self, p: &Pending, name: &str) -> Option<ActionId> {
        let source = p.source.clone().expect("set at start");
        let Some(v) = p.attr(name) else {
            self.doc.sub.findings.push(
                Finding::blocking(
                    Code::BadActionId,
                    format!("the element has no {name}=\"…\" attribute"),
                )
                .at(&source)
                .fix(format!("add {name}=\"2.10\" (the action's ID)")),
            );
            return None;
        };
        values::action_id(v, &source, &mut self.doc.sub.findings)
    }

    /// The texts of one kind, by language; a repeated language is a finding.
    fn texts(
        &mut self,
        p: &Pending,
        kind: &str,
        id: &ActionId,
    ) -> (PerLang<Option<Text>>, PerLang<Source>) {
        let element = p.source.clone().expect("set at start");
        let mut text: PerLang<Option<Text>> = PerLang::default();
        let mut sources = PerLang {
            en: element.clone(),
            cy: element,
        };
        let mut seen = Vec::new();
        for (name, lang, raw, source) in &p.texts {
            let Some(lang) = lang else { continue };
            if name != kind {
                continue;
            }
            if seen.contains(lang) {
                self.doc.sub.findings.push(
                    Finding::blocking(
                        Code::BadXml,
                        format!("a second <{kind} xml:lang=\"{}\">", lang.code()),
                    )
                    .at(source)
                    .action(id)
                    .fix("keep one text per language"),
                );
                continue;
            }
            seen.push(*lang);
            *text.get_mut(*lang) = text::parse(raw);
            *sources.get_mut(*lang) = source.clone();
        }
        (text, sources)
    }

    fn raw_child(p: &Pending, kind: &str) -> Option<String> {
        p.texts
            .iter()
            .find(|t| t.0 == kind)
            .map(|t| t.2.trim().to_string())
            .filter(|s| !s.is_empty())
    }

    fn update(&mut self, p: Pending) {
        let Some(action) = self.id_attr(&p, "action") else {
            return;
        };
        let source = p.source.clone().expect("set at start");
        let Some(status) = values::status(
            p.attr("status"),
            &source,
            &action,
            &mut self.doc.sub.findings,
        ) else {
            return;
        };
        let (text, text_source) = self.texts(&p, "text", &action);
        if text.is_empty() {
            self.doc.sub.findings.push(
                Finding::blocking(Code::MissingText, "<update> has no text in either language")
                    .at(&source)
                    .action(&action)
                    .fix("add <text xml:lang=\"en\">…</text> and <text xml:lang=\"cy\">…</text>"),
            );
            return;
        }
        let team = p.attr("team").map(|t| t.trim().to_string());
        self.doc.sub.updates.push(UpdateRecord {
            action,
            status,
            text,
            text_source,
            team,
            contact: Self::raw_child(&p, "contact"),
            notes: Self::raw_child(&p, "notes"),
            source,
        });
    }

    fn new_action(&mut self, p: Pending) {
        let Some(id) = self.id_attr(&p, "id") else {
            return;
        };
        let source = p.source.clone().expect("set at start");
        let category = p
            .attr("category")
            .and_then(|c| c.trim().parse::<u32>().ok());
        let Some(category) = category else {
            self.doc.sub.findings.push(
                Finding::blocking(Code::UnknownCategory, "<new-action> has no category number")
                    .at(&source)
                    .action(&id)
                    .fix(format!("add category=\"{}\"", id.category())),
            );
            return;
        };
        let Some(lead_team) = p.attr("lead-team").map(|t| t.trim().to_string()) else {
            self.doc.sub.findings.push(
                Finding::blocking(Code::UnknownTeam, "<new-action> has no lead-team attribute")
                    .at(&source)
                    .action(&id)
                    .fix("add lead-team=\"…\" with the leading team's ID from the plan"),
            );
            return;
        };
        let (commitment, commitment_at) = self.texts(&p, "commitment", &id);
        let (background, background_at) = self.texts(&p, "background", &id);
        self.doc.sub.new_actions.push(NewActionRecord {
            id,
            category,
            lead_team,
            commitment,
            background,
            commitment_at,
            background_at,
            source,
        });
    }
}
