//! The day parser on arbitrary bytes, decoded as the loader decodes them
//! (lossy UTF-8): no panic, and the day it returns is consistent and safe.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Both with a dated file name and without (the date then comes from the
    // front matter or the title).
    invariants::check_parse("2018-01-22-chat.markdown", &text);
    invariants::check_parse("notes.txt", &text);
});
