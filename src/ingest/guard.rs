//! Everything done for one file runs behind this guard: a panic while it is read (inside a
//! third-party parser such as calamine, zip or cfb, on a file crafted or damaged to cause it, or
//! in our own code) becomes an error for that file rather than a crash of the run, and is not
//! printed as a Rust panic. Panics anywhere else are reported by [`crate::internal`].

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
                CAUGHT.set(Some(crate::process::internal::describe(info)));
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
