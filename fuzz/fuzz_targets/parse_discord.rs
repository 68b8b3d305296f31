//! The Discord format (`DiscordChatExporter` JSON, TXT and CSV) on arbitrary
//! bytes, decoded as the loader decodes them (lossy UTF-8), the first byte
//! choosing the file's extension: no panic, and the pieces it returns are
//! consistent and safe.

#![no_main]

use std::path::Path;

use daybook::archive::formats::{ParseContext, discord};
use daybook::model::Zone;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let name = ["x.json", "x.txt", "x.csv"][usize::from(which % 3)];
    let text = String::from_utf8_lossy(rest);
    let ctx = ParseContext {
        path: Path::new(name),
        folder: Path::new(""),
        zone: Zone::parse(["UTC", "+05:30", "-08:00", "Asia/Tokyo", "+14:00"][usize::from(which / 3 % 5)])
            .expect("a valid zone"),
    };
    let parsed = discord::FORMAT.parse(text.as_bytes(), &ctx);
    invariants::check_parsed_lines(&text, &parsed);
});
