//! Internal errors: a panic is a bug in annual-update, never the partner's fault, and never ends
//! the process with Rust's own exit code 101 and a bare backtrace. A panic while one file is read
//! becomes an `internal-error` finding on that file (see `ingest`); one anywhere else is caught
//! here, explained and reported with exit code [`exit::INTERNAL`](crate::error::exit::INTERNAL).

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::exit;

/// Whether a panic outside every file's guard has happened, on any thread.
static PANICKED: AtomicBool = AtomicBool::new(false);

/// The words every internal error ends with.
pub const PLEASE_REPORT: &str = "this is a bug in annual-update, not a problem with your inputs: please report it, with the command you ran and the inputs it read";

/// Runs the command `f` and returns its exit code; a panic in it (or in any thread it started)
/// prints what and where, and gives [`exit::INTERNAL`] instead. Call it first thing in `main`,
/// once: the per-file guard's panic hook is installed later, on top of this one.
pub fn run(f: impl FnOnce() -> u8) -> u8 {
    panic::set_hook(Box::new(|info| {
        PANICKED.store(true, Ordering::SeqCst);
        eprintln!(
            "internal error: {}\n{PLEASE_REPORT} (run it again with RUST_BACKTRACE=1 to add where it happened).",
            describe(info)
        );
        let trace = std::backtrace::Backtrace::capture();
        if trace.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{trace}");
        }
    }));
    let code = panic::catch_unwind(AssertUnwindSafe(f)).unwrap_or(exit::INTERNAL);
    if PANICKED.load(Ordering::SeqCst) {
        exit::INTERNAL
    } else {
        code
    }
}

/// A panic's message and the place in the source it came from:
/// `byte index 4 is not a char boundary … at src/ingest/text.rs:131`.
pub fn describe(info: &panic::PanicHookInfo) -> String {
    let place = info
        .location()
        .map(|l| format!(" at {}:{}", crate_path(l.file()), l.line()))
        .unwrap_or_default();
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    format!("{message}{place}")
}

/// A source path from the crate's folder on, with `/` on every platform (a Windows build names
/// its sources with `\`): `…/registry/src/…/calamine-0.38.0/src/cfb.rs` →
/// `calamine-0.38.0/src/cfb.rs`.
fn crate_path(file: &str) -> String {
    let file = file.replace('\\', "/");
    match file.rfind("/src/").and_then(|i| file[..i].rfind('/')) {
        Some(i) => file[i + 1..].to_string(),
        None => file,
    }
}

/// The variable the test-only hook below reads.
pub const TEST_PANIC_VARIABLE: &str = "ANNUAL_UPDATE_TEST_PANIC";

/// TEST ONLY, and only in debug builds (release builds compile it to nothing): panics when the
/// environment variable [`TEST_PANIC_VARIABLE`] equals `point`, so that the integration tests can
/// make the real binary meet a bug where they choose: `command` (in the command, outside any
/// file) or a submission's file name (while that file is read). Nothing else may use it.
#[cfg(debug_assertions)]
pub fn test_panic(point: &str) {
    if std::env::var_os(TEST_PANIC_VARIABLE).is_some_and(|v| v == point) {
        panic!("test-only panic at {point:?}, asked for by {TEST_PANIC_VARIABLE}");
    }
}

/// Release builds have no test hook.
#[cfg(not(debug_assertions))]
pub fn test_panic(_point: &str) {}

#[cfg(test)]
mod tests {
    #[test]
    fn crate_paths_start_at_the_crate() {
        assert_eq!(
            super::crate_path("/r/registry/src/index/calamine-0.38.0/src/cfb.rs"),
            "calamine-0.38.0/src/cfb.rs"
        );
        assert_eq!(
            super::crate_path("src/ingest/text.rs"),
            "src/ingest/text.rs"
        );
        assert_eq!(
            super::crate_path(r"C:\Users\me\.cargo\registry\src\index\calamine-0.38.0\src\cfb.rs"),
            "calamine-0.38.0/src/cfb.rs"
        );
        assert_eq!(
            super::crate_path(r"src\ingest\text.rs"),
            "src/ingest/text.rs"
        );
    }
}
