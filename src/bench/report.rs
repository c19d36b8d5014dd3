//! The benchmark's results as Markdown tables, and each target's verdict.

use std::time::Duration;

use serde::Serialize;

use super::{Results, ScaleResult};

/// One of the targets, judged on one run's measurements.
#[derive(Clone, Debug, Serialize)]
pub struct Target {
    pub target: String,
    pub measured: String,
    /// `None` when the run did not measure it (a scale left out).
    pub met: Option<bool>,
    pub command: String,
}

const MB: f64 = 1_000_000.0;

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

fn memory(bytes: Option<u64>) -> String {
    bytes.map_or("not measured".into(), |b| {
        format!("{:.2} GB", b as f64 / 1e9)
    })
}

fn per_action(s: &ScaleResult) -> f64 {
    s.pipeline.ingest_reconcile.as_secs_f64() * 1e6 / s.actions.max(1) as f64
}

pub fn targets(r: &Results) -> Vec<Target> {
    let mut out = Vec::new();
    let real = r.at(1).and_then(|s| s.typst.as_ref());
    out.push(Target {
        target: "at real scale, everything but Typst < 5% of the build's wall time".into(),
        measured: real.map_or("not measured".into(), |t| {
            format!(
                "{} of {} = {:.1}%",
                secs(t.own_work()),
                secs(t.build),
                100.0 * t.own_work().as_secs_f64() / t.build.as_secs_f64()
            )
        }),
        met: real.map(|t| t.own_work().as_secs_f64() < 0.05 * t.build.as_secs_f64()),
        command: "annual-update bench --scale 1 --typst-scale 1".into(),
    });
    out.push(Target {
        target: "at real scale, checking the PDFs (mending, PDF/UA-1 and PDF/A-2a) is a small part of a build from nothing: what the build waits for after its last compile < 10% of its wall time".into(),
        measured: real.map_or("not measured".into(), |t| {
            format!(
                "{} of {} = {:.1}% (every PDF's check added up: {}, beside the compiles; its whole cost is in the build / floor ratio)",
                secs(t.check_wait),
                secs(t.build),
                100.0 * t.check_wait.as_secs_f64() / t.build.as_secs_f64(),
                secs(t.checks)
            )
        }),
        met: real.map(|t| t.check_wait.as_secs_f64() < 0.10 * t.build.as_secs_f64()),
        command: "annual-update bench --scale 1 --typst-scale 1".into(),
    });
    let big = r.at(100);
    out.push(Target {
        target: format!(
            "ingest + reconcile at 100× < 2 s on {} cores",
            r.machine.cores
        ),
        measured: big.map_or("not measured".into(), |s| {
            format!(
                "{} ({:.0}% of 2 s)",
                secs(s.pipeline.ingest_reconcile),
                50.0 * s.pipeline.ingest_reconcile.as_secs_f64()
            )
        }),
        met: big.map(|s| s.pipeline.ingest_reconcile < Duration::from_secs(2)),
        command: "annual-update bench --scale 1,10,100 --no-typst".into(),
    });
    // Linear: the cost per action does not grow with the plan (a fixed start-up cost makes the
    // smallest scale dearer per action, which is not growth).
    let (small, large) = (r.at(10), r.at(100));
    out.push(Target {
        target: "ingest + reconcile grow linearly (time per action at 100× ≤ 1.25 × at 10×)".into(),
        measured: if r.scales.is_empty() {
            "not measured".into()
        } else {
            r.scales
                .iter()
                .map(|s| format!("{}×: {:.0} µs", s.scale, per_action(s)))
                .collect::<Vec<_>>()
                .join(", ")
        },
        met: small
            .zip(large)
            .map(|(a, b)| per_action(b) <= 1.25 * per_action(a)),
        command: "annual-update bench --scale 1,10,100 --no-typst".into(),
    });
    let memory = big.and_then(|s| s.pipeline.check_peak_memory);
    out.push(Target {
        target: "peak memory at 100× < 300 MB (`check`: ingest + reconcile)".into(),
        measured: memory.map_or("not measured".into(), |m| {
            format!(
                "{:.0} MB ({:.0}% of 300 MB)",
                m as f64 / MB,
                m as f64 / MB / 3.0
            )
        }),
        met: memory.map(|m| (m as f64) < 300.0 * MB),
        command: "annual-update bench --scale 100 --no-typst".into(),
    });
    out.push(Target {
        target: "at real scale, a build from nothing ≤ 1.05 × the Typst-only floor (median of paired runs, whole processes)".into(),
        measured: real.map_or("not measured".into(), |t| {
            let f = &t.floor;
            let (lo, hi) = f.ratio_range();
            format!(
                "{:.2}× ({:.2}–{:.2}, {} pairs): {} against {}",
                f.ratio(),
                lo,
                hi,
                f.pairs.len(),
                secs(f.build()),
                secs(f.floor())
            )
        }),
        met: real.map(|t| t.floor.ratio() <= 1.05),
        command: "annual-update bench --scale 1 --typst-scale 1".into(),
    });
    out.push(Target {
        target: "a rebuild with no changed input < 200 ms, without starting Typst".into(),
        measured: real.map_or("not measured".into(), |t| {
            format!(
                "{}, Typst {}",
                secs(t.rebuild),
                if t.rebuild_started_typst {
                    "started"
                } else {
                    "not started"
                }
            )
        }),
        met: real.map(|t| t.rebuild < Duration::from_millis(200) && !t.rebuild_started_typst),
        command: "annual-update bench --scale 1 --typst-scale 1".into(),
    });
    let watch = r.at(1).and_then(|s| s.watch.as_ref());
    out.push(Target {
        target: "at real scale, `watch` updates every PDF after a change within 0.3 × a build from nothing (median of the edits: one update's text, a file added, a status, a file removed, in turn)".into(),
        measured: match (watch, real) {
            (Some(w), Some(t)) => {
                let kinds: Vec<String> = super::watching::KINDS
                    .iter()
                    .map(|k| format!("{k} {}", secs(w.median(Some(k)))))
                    .collect();
                format!(
                    "median {} of {} edits ({}; the slowest {}; {} left the PDFs as they were) vs {} from nothing = {:.2}×",
                    secs(w.median(None)),
                    w.edits.len(),
                    kinds.join(", "),
                    secs(w.slowest()),
                    w.not_updated(),
                    secs(t.build),
                    w.median(None).as_secs_f64() / t.build.as_secs_f64()
                )
            }
            _ => "not measured".into(),
        },
        met: watch
            .zip(real)
            .map(|(w, t)| w.median(None).as_secs_f64() <= 0.3 * t.build.as_secs_f64()),
        command: "annual-update bench --scale 1 --typst-scale 1".into(),
    });
    out.push(Target {
        target: format!(
            "`watch`'s memory (with its Typst processes) after {} edits ≤ 1.5 × after the first",
            super::WATCH_EDITS
        ),
        measured: match watch.map(|w| (w.memory_first, w.memory_last)) {
            Some((Some(first), Some(last))) => format!(
                "{} after the first, {} after the last = {:.2}×",
                self::memory(Some(first)),
                self::memory(Some(last)),
                last as f64 / first as f64
            ),
            _ => "not measured".into(),
        },
        met: watch.and_then(|w| {
            w.memory_first
                .zip(w.memory_last)
                .map(|(first, last)| last as f64 <= 1.5 * first as f64)
        }),
        command: "annual-update bench --scale 1 --typst-scale 1".into(),
    });
    out.push(Target {
        target: "documents compile in parallel: compiling all ≤ 1.2 × the slowest one's compile, in the same build".into(),
        measured: real.map_or("not measured".into(), |t| {
            format!(
                "{} for all, the slowest {} ({:.2}×); one after another they take {}",
                secs(t.compile),
                secs(t.slowest_in_build),
                t.compile.as_secs_f64() / t.slowest_in_build.as_secs_f64(),
                secs(t.sum())
            )
        }),
        met: real.map(|t| t.compile.as_secs_f64() <= 1.2 * t.slowest_in_build.as_secs_f64()),
        command: "annual-update bench --scale 1 --typst-scale 1".into(),
    });
    out
}

pub fn markdown(r: &Results) -> String {
    let mut md = format!(
        "Machine: {} ({}), Typst {}; best of {}.\n\n",
        crate::progress::count(r.machine.cores, "core", "cores"),
        r.machine.cpu,
        r.machine.typst,
        crate::progress::count(r.runs, "run", "runs")
    );
    md.push_str(&pipeline_table(&r.scales));
    for s in &r.scales {
        if let Some(t) = &s.typst {
            md.push_str(&format!("\nWith Typst at {}×:\n\n", s.scale));
            md.push_str(&typst_table(t));
        }
    }
    md.push_str("\nTargets:\n\n| target | measured | met | measured by |\n|---|---|---|---|\n");
    for t in targets(r) {
        let met = match t.met {
            Some(true) => "yes",
            Some(false) => "**no**",
            None => "not measured",
        };
        md.push_str(&format!(
            "| {} | {} | {met} | `{}` |\n",
            t.target, t.measured, t.command
        ));
    }
    md
}

fn pipeline_table(scales: &[ScaleResult]) -> String {
    let mut md = String::from("| without Typst |");
    for s in scales {
        md.push_str(&format!(" {}× |", s.scale));
    }
    md.push_str("\n|---|");
    md.push_str(&"---|".repeat(scales.len()));
    md.push('\n');
    let mut row = |name: &str, cell: &dyn Fn(&ScaleResult) -> String| {
        md.push_str(&format!("| {name} |"));
        for s in scales {
            md.push_str(&format!(" {} |", cell(s)));
        }
        md.push('\n');
    };
    row("actions · published updates · rows this year", &|s| {
        format!("{} · {} · {}", s.actions, s.published_updates, s.rows)
    });
    row("partner files", &|s| s.files.clone());
    row("inputs on disk", &|s| {
        format!("{:.1} MB", s.input_bytes as f64 / MB)
    });
    row("read plan and last year's dataset", &|s| {
        secs(s.pipeline.baseline)
    });
    row("ingest (read submissions)", &|s| secs(s.pipeline.ingest));
    row("reconcile", &|s| secs(s.pipeline.reconcile));
    row("**ingest + reconcile**", &|s| {
        format!("**{}**", secs(s.pipeline.ingest_reconcile))
    });
    row("… per action", &|s| format!("{:.0} µs", per_action(s)));
    row("template rendering → Typst source", &|s| {
        s.pipeline.render.as_ref().map_or_else(
            || "not measured".into(),
            |r| {
                format!(
                    "{} ({:.1} MB)",
                    secs(r.time),
                    r.typst_source_bytes as f64 / MB
                )
            },
        )
    });
    row("`check`, whole process", &|s| secs(s.pipeline.check_wall));
    row("peak memory of `check`", &|s| {
        s.pipeline
            .check_peak_memory
            .map_or("—".into(), |m| format!("{:.0} MB", m as f64 / MB))
    });
    row("spreadsheets: ingest / bare calamine, one thread", &|s| {
        format!(
            "{:.2}× ({} / {}, {} files)",
            s.pipeline.spreadsheet_ingest.as_secs_f64()
                / s.pipeline.bare_calamine.as_secs_f64().max(1e-9),
            secs(s.pipeline.spreadsheet_ingest),
            secs(s.pipeline.bare_calamine),
            s.pipeline.spreadsheets
        )
    });
    md
}

fn typst_table(t: &super::TypstRun) -> String {
    let mut md = String::from("| with Typst | time |\n|---|---|\n");
    let own = t.own_work();
    md.push_str(&format!("| build from nothing | {} |\n", secs(t.build)));
    md.push_str(&format!(
        "| … of which Typst (all documents at once) | {} |\n",
        secs(t.compile)
    ));
    md.push_str(&format!(
        "| … the slowest document's compile within it | {} |\n",
        secs(t.slowest_in_build)
    ));
    md.push_str(&format!(
        "| … everything but Typst | {} ({:.1}%) |\n",
        secs(own),
        100.0 * own.as_secs_f64() / t.build.as_secs_f64()
    ));
    md.push_str(&format!(
        "| … checking the PDFs: every PDF's check added up · what the build waited for after its last compile | {} · {} ({:.1}%) |\n",
        secs(t.checks),
        secs(t.check_wait),
        100.0 * t.check_wait.as_secs_f64() / t.build.as_secs_f64()
    ));
    for d in &t.documents {
        md.push_str(&format!(
            "| `{}` alone, {} thread(s) ({:.1} MB source → {:.1} MB PDF) | {} |\n",
            d.pdf,
            t.threads,
            d.source_bytes as f64 / MB,
            d.pdf_bytes as f64 / MB,
            secs(d.alone)
        ));
    }
    md.push_str(&format!(
        "| slowest alone · sum of all alone | {} · {} |\n",
        secs(t.slowest()),
        secs(t.sum())
    ));
    let f = &t.floor;
    let (lo, hi) = f.ratio_range();
    md.push_str(&format!(
        "| build from nothing, a process: median of {} pairs · most memory at once, Typst included | {} · {} |\n",
        f.pairs.len(),
        secs(f.build()),
        memory(f.build_memory())
    ));
    md.push_str(&format!(
        "| the Typst-only floor: {} plain `typst compile` started at once, default threads · most memory at once | {} · {} |\n",
        f.documents,
        secs(f.floor()),
        memory(f.floor_memory())
    ));
    md.push_str(&format!(
        "| **build / floor**, median of the pairs (min–max); each pair: {} | **{:.2}×** ({lo:.2}–{hi:.2}) |\n",
        f.pairs
            .iter()
            .map(|p| format!("{:.2}", p.ratio()))
            .collect::<Vec<_>>()
            .join(", "),
        f.ratio()
    ));
    md.push_str(&format!(
        "| rebuild, nothing changed (a process, median of {}) | {}, Typst {} |\n",
        t.rebuild_runs,
        secs(t.rebuild),
        if t.rebuild_started_typst {
            "started"
        } else {
            "not started"
        }
    ));
    md
}
