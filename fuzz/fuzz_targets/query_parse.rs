//! The query parser on arbitrary text: no panic, error spans inside the
//! input, queries that print and parse back to themselves, and matching
//! over the bundled sample archive with highlight ranges inside each body.

#![no_main]

use std::sync::OnceLock;

use daybook::model::Archive;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fn archive() -> &'static Archive {
    static ARCHIVE: OnceLock<Archive> = OnceLock::new();
    ARCHIVE.get_or_init(daybook::archive::load_embedded)
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    // Matching the whole sample costs far more than parsing: do it for
    // short queries only, which is where the interesting ones are.
    let archive = (input.len() <= 64).then(archive);
    invariants::check_query(input, archive);
});
