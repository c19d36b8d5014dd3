//! The zip inside `.xlsx`, `.xlsm` and `.ods` files, checked from its central directory before
//! any part is unpacked: together the parts may declare no more than the limit. The zip crate
//! refuses to unpack a part past its declared size, so the declarations bound what calamine reads
//! (a zip bomb declares its true size, or is cut off at the size it declares).

use std::io::Cursor;

use super::limits::UNPACKED_BYTES;

/// What the parts of the zip in `bytes` declare they unpack to, when that is over the limit.
/// `None` also when the zip cannot be read: opening it will say why.
pub fn too_large(bytes: &[u8]) -> Option<u64> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_data(i).ok()?.size());
    }
    (total > UNPACKED_BYTES).then_some(total)
}
