//! The XML submission reader: any bytes give a submission whose findings are located and fixable.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let sub = annual_update::ingest::read_bytes(bytes, "fuzz.xml");
    annual_update_fuzz::check(&sub, "fuzz.xml");
});
