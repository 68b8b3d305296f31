//! The Messenger/Instagram parser on arbitrary bytes, as a `message_1.json`
//! of a Messenger export and as a loose file below an Instagram folder. No
//! panic, and what it returns is consistent and safe (`check_parsed`).

#![no_main]

use std::path::Path;

use daybook::archive::formats::{ParseContext, meta};
use daybook::model::Zone;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| {
    let lines = 1 + data.iter().filter(|&&b| b == b'\n').count() as u32;
    let ctx = ParseContext {
        path: Path::new("messages/inbox/ann_1234567/message_1.json"),
        folder: Path::new("messages/inbox/ann_1234567"),
        zone: Zone::parse("+05:30").unwrap(),
    };
    invariants::check_parsed(&meta::MESSENGER.parse(data, &ctx), lines);
    let ctx = ParseContext {
        path: Path::new("instagram/chat.json"),
        folder: Path::new("instagram"),
        zone: Zone::parse("UTC").unwrap(),
    };
    invariants::check_parsed(&meta::INSTAGRAM.parse(data, &ctx), lines);
});
