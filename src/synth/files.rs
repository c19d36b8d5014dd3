//! Writes synthetic partner files in each format partners send: `.xlsx` (rust_xlsxwriter),
//! `.ods` (a zip of OpenDocument XML, written directly) and submission XML.

use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::error::{Error, Result};
use crate::ingest::NAMESPACE;

/// A sheet as rows of text cells; an empty string is an empty cell.
pub struct Table {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

pub fn xlsx(path: &Path, tables: &[Table]) -> Result<()> {
    let err = |e: rust_xlsxwriter::XlsxError| {
        Error::Environment(format!("cannot write {}: {e}", path.display()))
    };
    let mut wb = Workbook::new();
    // A fixed creation date, so the same content gives the same bytes.
    let created = ExcelDateTime::from_ymd(2026, 1, 1).map_err(err)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    for table in tables {
        let ws = wb.add_worksheet().set_name(&table.name).map_err(err)?;
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate().filter(|(_, s)| !s.is_empty()) {
                ws.write_string(r as u32, c as u16, cell).map_err(err)?;
            }
        }
    }
    wb.save(path).map_err(err)
}

const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

pub fn ods(path: &Path, tables: &[Table]) -> Result<()> {
    let mut content = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet>",
    );
    for table in tables {
        content.push_str(&format!(
            "<table:table table:name=\"{}\">",
            escape(&table.name)
        ));
        for row in &table.rows {
            content.push_str("<table:table-row>");
            for cell in row {
                if cell.is_empty() {
                    content.push_str("<table:table-cell/>");
                    continue;
                }
                // Each line is a paragraph of the cell, as LibreOffice stores a multi-line cell.
                content.push_str("<table:table-cell office:value-type=\"string\">");
                for line in cell.split('\n') {
                    content.push_str(&format!("<text:p>{}</text:p>", escape(line)));
                }
                content.push_str("</table:table-cell>");
            }
            content.push_str("</table:table-row>");
        }
        content.push_str("</table:table>");
    }
    content.push_str("</office:spreadsheet></office:body></office:document-content>\n");
    let manifest = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest \
         xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"{ODS_MIME}\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>\n"
    );
    let write = || -> zip::result::ZipResult<()> {
        use zip::CompressionMethod::{Deflated, Stored};
        use zip::write::SimpleFileOptions;
        let file = std::fs::File::create(path)?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        // The MIME type comes first and uncompressed, so tools recognise the file by its bytes.
        let options = SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
        zip.start_file("mimetype", options.compression_method(Stored))?;
        zip.write_all(ODS_MIME.as_bytes())?;
        zip.start_file("content.xml", options.compression_method(Deflated))?;
        zip.write_all(content.as_bytes())?;
        zip.start_file(
            "META-INF/manifest.xml",
            options.compression_method(Deflated),
        )?;
        zip.write_all(manifest.as_bytes())?;
        zip.finish()?.flush()?;
        Ok(())
    };
    write().map_err(|e| Error::Environment(format!("cannot write {}: {e}", path.display())))
}

/// An `<update>` element's content.
pub struct XmlUpdate<'a> {
    pub action: &'a str,
    pub status: &'a str,
    pub en: &'a str,
    pub cy: &'a str,
}

/// A `<new-action>` element's content.
pub struct XmlNewAction<'a> {
    pub id: &'a str,
    pub category: u32,
    pub lead_team: &'a str,
    pub commitment: (&'a str, &'a str),
    pub background: Option<(&'a str, &'a str)>,
}

pub fn xml(
    path: &Path,
    team: &str,
    year: u16,
    new_actions: &[XmlNewAction],
    updates: &[XmlUpdate],
) -> Result<()> {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<submission xmlns=\"{NAMESPACE}\" team=\"{}\" year=\"{year}\">\n",
        escape(team)
    );
    let text = |xml: &mut String, name: &str, lang: &str, s: &str| {
        // English-only text (its Welsh comes back from the translators) has no Welsh element.
        if s.is_empty() {
            return;
        }
        xml.push_str(&format!(
            "    <{name} xml:lang=\"{lang}\">{}</{name}>\n",
            escape(s)
        ));
    };
    for a in new_actions {
        xml.push_str(&format!(
            "  <new-action id=\"{}\" category=\"{}\" lead-team=\"{}\">\n",
            escape(a.id),
            a.category,
            escape(a.lead_team)
        ));
        text(&mut xml, "commitment", "en", a.commitment.0);
        text(&mut xml, "commitment", "cy", a.commitment.1);
        if let Some((en, cy)) = a.background {
            text(&mut xml, "background", "en", en);
            text(&mut xml, "background", "cy", cy);
        }
        xml.push_str("  </new-action>\n");
    }
    for u in updates {
        xml.push_str(&format!(
            "  <update action=\"{}\" status=\"{}\">\n",
            escape(u.action),
            escape(u.status)
        ));
        text(&mut xml, "text", "en", u.en);
        text(&mut xml, "text", "cy", u.cy);
        xml.push_str("  </update>\n");
    }
    xml.push_str("</submission>\n");
    std::fs::write(path, xml).map_err(|e| Error::io("write", path, e))
}

/// A translation file as the translators return it: each unit `(action, English, Welsh)` for
/// this year's update, marked translated. No `source-hash` is kept, as some CAT tools drop it:
/// the fingerprint is then taken from the English the unit carries.
pub fn xliff(path: &Path, year: u16, units: &[(String, String, String)]) -> Result<()> {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff version=\"1.2\" xmlns=\"{}\">\n  <file original=\"annual-update-{year}\" source-language=\"en-GB\" target-language=\"cy-GB\" datatype=\"plaintext\">\n    <body>\n",
        crate::ingest::XLIFF_NAMESPACE
    );
    for (action, en, cy) in units {
        xml.push_str(&format!(
            "      <trans-unit id=\"{}/update/{year}\" xml:space=\"preserve\">\n        <source>{}</source>\n        <target state=\"translated\">{}</target>\n      </trans-unit>\n",
            escape(action),
            escape(en),
            escape(cy)
        ));
    }
    xml.push_str("    </body>\n  </file>\n</xliff>\n");
    std::fs::write(path, xml).map_err(|e| Error::io("write", path, e))
}

/// Text as XML character data or an attribute value.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
