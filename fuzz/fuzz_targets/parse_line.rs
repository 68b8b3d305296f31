//! The LINE parser on arbitrary bytes, as an export file. No panic, and
//! what it returns is consistent and safe (`check_parsed`).

#![no_main]

use std::path::Path;

use daybook::archive::formats::{ParseContext, line};
use daybook::model::Zone;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let lines = 1 + data.iter().filter(|&&b| b == b'\n').count() as u32;
    let ctx = ParseContext {
        path: Path::new("exports/[LINE] Chat mit Jo.txt"),
        folder: Path::new("exports"),
        zone: Zone::parse("UTC").unwrap(),
    };
    invariants::check_parsed(&line::FORMAT.parse(data, &ctx), lines);
});
