//! `annual-update bench`: measured ratios, not timed tests. Generates synthetic partner files and
//! times ingest against a bare calamine read of the same workbooks, in one run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use calamine::{Reader, open_workbook_auto};
use rayon::prelude::*;
use rust_xlsxwriter::Workbook;

use crate::error::{Error, Result};
use crate::ingest;

/// The shape of a synthetic ingest load.
#[derive(Clone, Copy, Debug)]
pub struct IngestLoad {
    pub workbooks: usize,
    pub rows: usize,
    pub xml_files: usize,
}

const PARAGRAPH: &str = "During the year we worked with schools, local authorities and partners such as the UK Safer Internet Centre to promote safe and responsible use of technology, reaching more than 1,200 practitioners (see action 3.3). Further information is available at https://hwb.gov.wales/zones/keeping-safe-online.";
const PARAGRAPH_CY: &str = "Yn ystod y flwyddyn gwnaethom weithio gydag ysgolion, awdurdodau lleol a phartneriaid megis Canolfan Defnyddio'r Rhyngrwyd yn Fwy Diogel y DU i hyrwyddo defnydd diogel a chyfrifol o dechnoleg, gan gyrraedd mwy na 1,200 o ymarferwyr (gweler cam gweithredu 3.3).";

fn update_text(i: usize, cy: bool) -> String {
    let p = if cy { PARAGRAPH_CY } else { PARAGRAPH };
    format!("{p}\n\n• point {i} one\n• point {i} two\n\n{p}")
}

/// Writes the synthetic files into `dir`; returns their paths (workbooks first).
pub fn generate(dir: &Path, load: IngestLoad) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let mut paths = Vec::new();
    for w in 0..load.workbooks {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet().set_name("Updates").map_err(xlsx)?;
        for (c, h) in [
            "Action",
            "Status",
            "Update (English)",
            "Update (Welsh)",
            "Team",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).map_err(xlsx)?;
        }
        for r in 0..load.rows {
            let row = r as u32 + 1;
            let id = format!("{}.{}", r % 7 + 1, (w * load.rows + r) % 9999 + 1);
            ws.write_string(row, 0, &id).map_err(xlsx)?;
            ws.write_string(
                row,
                1,
                if r % 3 == 0 {
                    "In progress"
                } else {
                    "Ongoing."
                },
            )
            .map_err(xlsx)?;
            ws.write_string(row, 2, update_text(r, false))
                .map_err(xlsx)?;
            ws.write_string(row, 3, update_text(r, true))
                .map_err(xlsx)?;
            ws.write_string(row, 4, "bench-team").map_err(xlsx)?;
        }
        let path = dir.join(format!("team-{w:03}.xlsx"));
        wb.save(&path).map_err(xlsx)?;
        paths.push(path);
    }
    for x in 0..load.xml_files {
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<submission xmlns=\"{}\" team=\"bench-xml\" year=\"2026\">\n",
            ingest::NAMESPACE
        );
        for r in 0..load.rows {
            let id = format!("{}.{}", r % 7 + 1, (x * load.rows + r) % 9999 + 1);
            xml.push_str(&format!(
                "  <update action=\"{id}\" status=\"Ongoing\">\n    <text xml:lang=\"en\">{}</text>\n    <text xml:lang=\"cy\">{}</text>\n  </update>\n",
                escape(&update_text(r, false)),
                escape(&update_text(r, true))
            ));
        }
        xml.push_str("</submission>\n");
        let path = dir.join(format!("system-{x:03}.xml"));
        std::fs::write(&path, xml).map_err(|e| Error::io("write", &path, e))?;
        paths.push(path);
    }
    Ok(paths)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;")
}

fn xlsx(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Environment(format!("cannot write a benchmark workbook: {e}"))
}

/// Opening each workbook and touching every cell of `Updates`, nothing more: the floor.
fn bare_calamine(path: &Path) -> usize {
    let mut wb = open_workbook_auto(path).expect("a generated workbook opens");
    let range = wb.worksheet_range("Updates").expect("the sheet exists");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string().len()).sum::<usize>())
        .sum()
}

/// The best of `runs` timings of `f`.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Runs the ingest benchmark and returns a Markdown report.
pub fn ingest(dir: &Path, load: IngestLoad, runs: usize) -> Result<String> {
    let paths = generate(dir, load)?;
    let books: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .cloned()
        .collect();
    let name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    let rows_total = (load.workbooks + load.xml_files) * load.rows;

    let mut check = 0;
    let ingest_par = best(runs, || {
        let subs = ingest::read_all(&paths, name);
        check = subs.iter().map(|s| s.updates.len()).sum::<usize>();
    });
    let ingest_seq = best(runs, || {
        let n: usize = paths
            .iter()
            .map(|p| ingest::read_file(p, &name(p)).updates.len())
            .sum();
        assert_eq!(n, check);
    });
    let books_ingest_par = best(runs, || {
        ingest::read_all(&books, name);
    });
    let books_ingest_seq = best(runs, || {
        for p in &books {
            ingest::read_file(p, &name(p));
        }
    });
    let bare_par = best(runs, || {
        books.par_iter().map(|p| bare_calamine(p)).sum::<usize>();
    });
    let bare_seq = best(runs, || {
        books.iter().map(|p| bare_calamine(p)).sum::<usize>();
    });
    if check != rows_total {
        return Err(Error::Render(format!(
            "ingest read {check} of {rows_total} rows"
        )));
    }
    let secs = |d: Duration| d.as_secs_f64();
    let threads = rayon::current_num_threads();
    Ok(format!(
        "ingest benchmark: {} workbooks × {} rows + {} XML files × {} rows = {rows_total} rows, best of {runs} runs, {threads} threads\n\n\
         | measurement | time | rows/s |\n|---|---|---|\n\
         | ingest, all files, parallel | {:.3} s | {:.0} |\n\
         | ingest, all files, one thread | {:.3} s | {:.0} |\n\
         | ingest, workbooks only, parallel | {:.3} s | |\n\
         | bare calamine read of the same workbooks, parallel | {:.3} s | |\n\
         | ingest, workbooks only, one thread | {:.3} s | |\n\
         | bare calamine read of the same workbooks, one thread | {:.3} s | |\n\n\
         parallel speed-up: {:.2}× · ingest / bare calamine: {:.2}× parallel, {:.2}× one thread (aim: within 1.5×)\n",
        load.workbooks,
        load.rows,
        load.xml_files,
        load.rows,
        secs(ingest_par),
        rows_total as f64 / secs(ingest_par),
        secs(ingest_seq),
        rows_total as f64 / secs(ingest_seq),
        secs(books_ingest_par),
        secs(bare_par),
        secs(books_ingest_seq),
        secs(bare_seq),
        secs(ingest_seq) / secs(ingest_par),
        secs(books_ingest_par) / secs(bare_par),
        secs(books_ingest_seq) / secs(bare_seq),
    ))
}
