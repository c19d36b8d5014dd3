//! Spreadsheet ingest of whole (mutated) files: `.xls` when the bytes are an OLE compound file,
//! `.ods` when they name the OpenDocument spreadsheet type, `.xlsx` otherwise.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let name = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        "fuzz.xls"
    } else if bytes.windows(12).any(|w| w == b"vnd.oasis.op") {
        "fuzz.ods"
    } else {
        "fuzz.xlsx"
    };
    let sub = annual_update::ingest::read_bytes(bytes, name);
    annual_update_fuzz::check(&sub, name);
});
