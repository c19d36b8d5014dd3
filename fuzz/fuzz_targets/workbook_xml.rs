//! Spreadsheet ingest of well-packed workbooks with fuzzed XML inside: the first byte chooses an
//! `.xlsx` (the rest is its sheet) or an `.ods` (the rest is its `content.xml`), so the fuzzer
//! reaches the cell readers rather than stopping at the zip's checksums.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some((&kind, xml)) = bytes.split_first() else {
        return;
    };
    let (name, file) = if kind % 2 == 0 {
        ("fuzz.xlsx", annual_update_fuzz::xlsx_with_sheet(xml))
    } else {
        ("fuzz.ods", annual_update_fuzz::ods_with_content(xml))
    };
    let sub = annual_update::ingest::read_bytes(&file, name);
    annual_update_fuzz::check(&sub, name);
});
