//! The returned-translation reader (XLIFF 1.2): any bytes give a submission whose findings are
//! located and fixable, with every unit it holds counted as a row.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let sub = annual_update::ingest::read_bytes(bytes, "fuzz.xlf");
    annual_update_fuzz::check(&sub, "fuzz.xlf");
});
