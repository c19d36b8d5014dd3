//! Third-party parsers (calamine, zip, cfb) run behind this guard: a panic inside one, on a file
//! crafted or damaged to cause it, becomes an error for that file rather than a crash of the run,
//! and is not printed as a Rust panic. Panics anywhere else are reported as usual.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catch`], and the message of the panic it caught.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Runs `f`; a panic inside it comes back as `Err` with the panic's message and place.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.get() {
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
                CAUGHT.set(Some(format!("{message}{place}")));
            } else {
                previous(info);
            }
        }));
    });
    let outer = GUARDED.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.set(outer);
    result.map_err(|_| CAUGHT.take().unwrap_or_else(|| "a panic".to_string()))
}

/// A source path from the crate's folder on: `…/registry/src/…/calamine-0.38.0/src/cfb.rs` →
/// `calamine-0.38.0/src/cfb.rs`.
fn crate_path(file: &str) -> &str {
    file.rfind("/src/")
        .and_then(|i| file[..i].rfind('/'))
        .map_or(file, |i| &file[i + 1..])
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_an_error_with_its_message() {
        assert_eq!(super::catch(|| 1), Ok(1));
        let err = super::catch(|| -> u8 { panic!("bad sector {}", 7) }).unwrap_err();
        assert!(
            err.starts_with("bad sector 7 at src/ingest/guard.rs:"),
            "{err}"
        );
    }
}
